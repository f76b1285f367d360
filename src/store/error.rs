//! The store's error type: every message names the file involved and says what to do.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// Everything that can go wrong in the progress store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Reading, writing, syncing or renaming a file failed.
    #[error("could not read or write {path}: {source}. {}", io_advice(source))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// Another process (most likely another somadeck) holds the store's lock.
    #[error(
        "the progress store is in use by another somadeck (lock on {path}). \
         Close the other somadeck and try again"
    )]
    Locked { path: PathBuf },

    /// A line of the review log could not be parsed.
    #[error(
        "line {line} of the review log {path} is damaged and could not be read ({message}). \
         The log was not changed; {}. \
         Fix or delete that line in {path}, or restore a copy from the backups/ folder next to it, \
         then start somadeck again",
        copy_note(copy.as_deref())
    )]
    Damaged {
        /// The review log.
        path: PathBuf,
        /// 1-based line number in the whole log.
        line: u64,
        /// Where the untouched copy of the whole log is, if one could be saved.
        copy: Option<PathBuf>,
        /// What the parser said.
        message: String,
    },

    /// A value could not be serialized as one line of RON (a programming error).
    #[error(
        "could not encode data for {path}: {message}. Nothing was written; \
         this is a bug in somadeck, please report it"
    )]
    Encode { path: PathBuf, message: String },

    /// `replay` was asked to start somewhere that is not a line boundary of the log.
    #[error(
        "cannot read the review log {path} from byte {offset}: it is not the start of a line \
         (the log is {len} bytes)"
    )]
    BadOffset {
        path: PathBuf,
        offset: u64,
        len: u64,
    },

    /// A write failed and left part of a record at the end of the log, and cutting it off
    /// failed too: no record is appended until that part is gone.
    #[error(
        "the review log {path} ends with part of a record left by a failed write{}, and \
         removing it failed ({repair}). The record was not saved, and nothing more is written \
         to the log until that part is removed: somadeck tries again before the next write and \
         at the next start. Check that the disk or network share is still there",
        write.as_ref().map(|e| format!(" ({e})")).unwrap_or_default()
    )]
    Unrepaired {
        path: PathBuf,
        /// Why the write failed, when this is the write that failed.
        write: Option<std::io::Error>,
        /// Why cutting back failed.
        repair: std::io::Error,
    },

    /// The log's length on disk is not what this process wrote: another program wrote to it
    /// or cut it. Nothing is written, so as not to cut or interleave with its records.
    #[error(
        "the review log {path} was changed by another program while somadeck had it open \
         (expected {expected} bytes, found {found}). Nothing was written. Close every other \
         somadeck and program using it, then start somadeck again"
    )]
    Changed {
        path: PathBuf,
        expected: u64,
        found: u64,
    },

    /// A writer's operation on a store opened read-only (a programming error).
    #[error(
        "the progress store {path} was opened read-only, so nothing can be written to it; \
         this is a bug in somadeck, please report it"
    )]
    ReadOnly { path: PathBuf },
}

/// What to do about a failed read or write, the likeliest cause first.
fn io_advice(e: &std::io::Error) -> &'static str {
    match e.kind() {
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => {
            "Check that you may write to this folder (its permissions, or a disk mounted \
             read-only), then try again"
        }
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => {
            "The disk is full: free some space, then try again"
        }
        ErrorKind::NotFound => "Check that the folder still exists, then try again",
        _ => {
            "Check the folder's permissions, that the disk is not full and that it is still \
             connected, then try again"
        }
    }
}

fn copy_note(copy: Option<&Path>) -> String {
    match copy {
        Some(copy) => format!("a copy of it was saved to {}", copy.display()),
        None => "a copy of it could not be saved (the folder may be read-only)".to_string(),
    }
}

/// Shorthand for wrapping an [`std::io::Error`] with the path it concerns.
pub(crate) fn io_err(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> StoreError {
    let path = path.into();
    move |source| StoreError::Io { path, source }
}
