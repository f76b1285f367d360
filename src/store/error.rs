//! The store's error type: every message names the file involved and says what to do.

use std::path::PathBuf;

/// Everything that can go wrong in the progress store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Reading, writing, syncing or renaming a file failed.
    #[error(
        "could not read or write {path}: {source}. \
         Check that the disk is not full and that you may write to this folder, then try again"
    )]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// Another process (most likely another somadeck) holds the store's lock.
    #[error(
        "the progress store is in use by another somadeck (lock file {path}). \
         Close the other somadeck and try again"
    )]
    Locked { path: PathBuf },

    /// A line in the middle of the review log could not be parsed.
    #[error(
        "line {line} of the review log {path} is damaged and could not be read ({message}). \
         The log was not changed; a copy of it was saved to {copy}. \
         Fix or delete that line in {path}, or restore a copy from the backups/ folder next to it, \
         then start somadeck again"
    )]
    Damaged {
        /// The review log.
        path: PathBuf,
        /// 1-based line number in the whole log.
        line: u64,
        /// Where the untouched copy of the whole log was saved.
        copy: PathBuf,
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
         (the log is {len} bytes). Delete state.bin next to it so somadeck rebuilds from the log"
    )]
    BadOffset {
        path: PathBuf,
        offset: u64,
        len: u64,
    },
}

/// Shorthand for wrapping an [`std::io::Error`] with the path it concerns.
pub(crate) fn io_err(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> StoreError {
    let path = path.into();
    move |source| StoreError::Io { path, source }
}
