//! Durable, crash-safe progress store: an append-only review log plus a snapshot, generic over
//! the record and state types (it knows nothing about scheduling).
//!
//! Files in the data directory:
//! - `reviews.log`: one record per line, each the compact `ron::to_string` of a record;
//! - `state.bin`: a snapshot of derived state, tied to a log length and a hash of the log's tail;
//! - `somadeck.lock`: locked too, so a somadeck older than the directory lock is kept out;
//! - `backups/reviews-YYYY-MM-DD.log`: daily copies of the log, rotated by [`backups_to_keep`];
//! - `reviews.log.verified`: the log's length, identity and times when a writer last knew it to
//!   read whole, so that the day's first start need not read it again (see [`verified`]).
//!
//! A writer ([`Store::open`]) holds an exclusive lock on the data directory itself, which
//! cannot be deleted from under it while it holds files. A reader ([`Store::open_read_only`])
//! takes no lock and changes nothing.
//!
//! Typical use: [`Store::open`], then [`Store::load_snapshot`] (or start from an empty state),
//! then [`Store::replay`] from the snapshot's log length, then [`Store::append`] each new review,
//! and [`Store::save_snapshot`] now and then (for instance on exit).

mod append;
mod backup;
mod backup_job;
mod error;
mod fsutil;
mod io;
mod log;
mod quick;
mod snapshot;
pub mod sync;
#[cfg(test)]
mod tests;
mod verified;

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::de::DeserializeOwned;

pub use self::io::LogFile;
pub use self::log::ReplayInfo;
pub use backup::backups_to_keep;
pub use error::StoreError;
pub use snapshot::{SnapshotRead, SyncWrite};

pub(crate) use fsutil::{aside_path, write_atomically, write_synced};

use error::io_err;

/// File names inside the data directory.
pub const LOG_FILE: &str = "reviews.log";
pub const SNAPSHOT_FILE: &str = "state.bin";
pub const LOCK_FILE: &str = "somadeck.lock";
pub const BACKUP_DIR: &str = "backups";

/// An open progress store. A writer holds the directory's lock until dropped.
#[derive(Debug)]
pub struct Store {
    dir: PathBuf,
    log_path: PathBuf,
    /// Today's backup, while it is being made. Declared before `writer` so that closing the
    /// store settles the backup before the lock is released.
    backup_job: Option<backup_job::Job>,
    /// `None` when opened read-only.
    writer: Option<Writer>,
    /// Length of the log up to the end of its last complete line: replays and snapshots stop
    /// here. A writer checks it against the file's real length (`fstat`) before each append.
    log_len: u64,
    /// Read-only: a complete record at the very end of the log without its final newline
    /// (a writer restores the newline when it opens the store).
    unterminated: Option<Vec<u8>>,
    /// The settings snapshots are tied to (see [`Store::set_snapshot_key`]).
    snapshot_key: u64,
    /// A writer's log as it stood after this store's last write, while the log is known to
    /// read whole: left for the next start on closing (see [`verified`]).
    verified: Option<verified::Stamp>,
    /// In tests: where today's backup stops dead, as if the process were killed there.
    #[cfg(test)]
    backup_killed_at: Option<backup_job::Step>,
    warnings: Mutex<Vec<String>>,
}

/// What only a writer has: the log open for appending, and the locks.
#[derive(Debug)]
struct Writer {
    log: Box<dyn LogFile>,
    /// A write failed and cutting its part-record off failed too: the file may be longer than
    /// `log_len`, and the extra bytes are ours to cut before the next append.
    torn: bool,
    /// The same open file, to look at its length and times (`fstat`) whatever layer the log
    /// is written through.
    stamps: Option<File>,
    _locks: Vec<File>,
}

impl Store {
    /// Open (creating if needed) the store in `dir` for writing records of type `E`: take the
    /// lock (failing at once with [`StoreError::Locked`] if another process has it), mend the
    /// end of the log (a complete last record gets back its newline; a torn one is copied
    /// aside and cut off), and start today's backup of the log on a background thread (it is
    /// made only if every line reads as a record; damage it finds is refused with
    /// [`StoreError::Damaged`] from the next opening on) and rotate old ones.
    ///
    /// `today` dates the backups: pass the real date, never a simulated one.
    pub fn open<E: DeserializeOwned + Send + 'static>(
        dir: &Path,
        today: jiff::civil::Date,
    ) -> Result<Store, StoreError> {
        let mut store = Self::open_unbacked::<E>(dir, &dir.join(LOG_FILE))?;
        store.daily_backup::<E>(today)?;
        Ok(store)
    }

    /// As [`Store::open`] without the daily backup (the caller starts it), and with the review
    /// log at `log_path` (a device's log in a sync folder); the lock and backups stay in `dir`.
    pub(crate) fn open_unbacked<E: DeserializeOwned>(
        dir: &Path,
        log_path: &Path,
    ) -> Result<Store, StoreError> {
        fs::create_dir_all(dir).map_err(io_err(dir))?;
        let mut warnings = Vec::new();
        let locks = acquire_locks(dir, &mut warnings)?;
        let log_dir = log_path.parent().unwrap_or(dir);
        fs::create_dir_all(log_dir).map_err(io_err(log_dir))?;
        let log_path = log_path.to_path_buf();
        let (mut log, existed) = fsutil::open_log(&log_path)?;
        if !existed {
            fsutil::sync_dir(log_dir)?;
        }
        append::mend_tail::<E>(&mut log, &log_path, &mut warnings)?;
        let log_len = log.size().map_err(io_err(&log_path))?;
        // Only a log in the data folder itself: one in a sync folder may be on another file
        // system, dated by another clock.
        let local = log_dir == dir;
        let found = verified::Stamp::of(&log).filter(|s| local && s.len() == log_len);
        let verified = found.filter(|s| verified::read(dir).as_ref() == Some(s));
        Ok(Store {
            dir: dir.to_path_buf(),
            log_path,
            backup_job: None,
            writer: Some(Writer {
                stamps: log.try_clone().ok().filter(|_| local),
                log: Box::new(log),
                torn: false,
                _locks: locks,
            }),
            log_len,
            unterminated: None,
            snapshot_key: 0,
            verified,
            #[cfg(test)]
            backup_killed_at: None,
            warnings: Mutex::new(warnings),
        })
    }

    /// Open the store in `dir` to read it only: no lock is taken and nothing is created,
    /// repaired, backed up or set aside, so this works in a read-only folder and while a
    /// writer has the store open. A missing folder or log reads as empty. An incomplete last
    /// line is left out with a warning; a complete last record without its newline is read.
    pub fn open_read_only<E: DeserializeOwned>(dir: &Path) -> Result<Store, StoreError> {
        Self::open_read_only_with_log::<E>(dir, &dir.join(LOG_FILE))
    }

    /// As [`Store::open_read_only`], with the review log at `log_path`.
    pub fn open_read_only_with_log<E: DeserializeOwned>(
        dir: &Path,
        log_path: &Path,
    ) -> Result<Store, StoreError> {
        let log_path = log_path.to_path_buf();
        let mut warnings = Vec::new();
        let (log_len, unterminated) = match File::open(&log_path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (0, None),
            Err(e) => return Err(io_err(&log_path)(e)),
            Ok(mut file) => log::read_tail::<E>(&mut file, &log_path, &mut warnings)?,
        };
        Ok(Store {
            dir: dir.to_path_buf(),
            log_path,
            backup_job: None,
            writer: None,
            log_len,
            unterminated,
            snapshot_key: 0,
            verified: None,
            #[cfg(test)]
            backup_killed_at: None,
            warnings: Mutex::new(warnings),
        })
    }

    /// Length of the review log in bytes, up to the end of its last complete line.
    pub fn log_len(&self) -> u64 {
        self.log_len
    }

    /// Whether this store was opened with [`Store::open_read_only`].
    pub fn is_read_only(&self) -> bool {
        self.writer.is_none()
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Path of the review log.
    pub fn log_path(&self) -> &Path {
        &self.log_path
    }

    /// Things the user should be told about (repairs made, files set aside, failed backups).
    pub fn warnings(&self) -> Vec<String> {
        self.warnings
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub(crate) fn warn(&self, message: String) {
        self.warnings
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(message);
    }

    /// The log's stamp now, as a writer sees it through its open file.
    fn stamp(&self) -> Option<verified::Stamp> {
        verified::Stamp::of(self.writer.as_ref()?.stamps.as_ref()?)
    }

    /// After this store's own write, or a check of the whole log: the log reads whole as it
    /// stands now (or, on `false`, is no longer known to).
    pub(crate) fn log_reads_whole(&mut self, whole: bool) {
        self.verified = if whole { self.stamp() } else { None };
    }

    /// Replace the log's file with `wrap(file)`: a layer that fails on purpose, in tests.
    #[cfg(test)]
    pub(crate) fn wrap_log(&mut self, wrap: impl FnOnce(Box<dyn LogFile>) -> Box<dyn LogFile>) {
        let writer = self.writer.as_mut().expect("a writer");
        let log = std::mem::replace(&mut writer.log, Box::new(NoLog));
        writer.log = wrap(log);
    }
}

impl Drop for Store {
    /// A writer that knows the log reads whole, and finds it as its own last write left it,
    /// says so for the next start; one that finds it changed by someone else takes that back.
    fn drop(&mut self) {
        let Some(known) = self.verified else { return };
        if self.stamp() == Some(known) && known.len() == self.log_len {
            if verified::read(&self.dir) != Some(known) {
                verified::write(&self.dir, &known);
            }
        } else {
            verified::forget(&self.dir);
        }
    }
}

/// A placeholder while the log's file is being swapped.
#[cfg(test)]
#[derive(Debug)]
struct NoLog;

#[cfg(test)]
impl LogFile for NoLog {
    fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
        Err(std::io::ErrorKind::Unsupported.into())
    }
    fn sync_data(&mut self) -> std::io::Result<()> {
        Err(std::io::ErrorKind::Unsupported.into())
    }
    fn set_len(&mut self, _: u64) -> std::io::Result<()> {
        Err(std::io::ErrorKind::Unsupported.into())
    }
    fn size(&self) -> std::io::Result<u64> {
        Err(std::io::ErrorKind::Unsupported.into())
    }
}

/// Take an exclusive lock, without waiting, on the data directory itself and then on
/// `somadeck.lock`, which older versions lock. A lock file alone can be deleted from under the
/// process that holds it, letting a second writer in; a folder that holds the log cannot.
/// Where a folder cannot be locked (Windows; some network file systems, which emulate `flock`
/// with locks that need a file open for writing), only the lock file is, with a warning on
/// Unix.
fn acquire_locks(dir: &Path, warnings: &mut Vec<String>) -> Result<Vec<File>, StoreError> {
    let mut locks = Vec::with_capacity(2);
    #[cfg(unix)]
    match File::open(dir).map(|f| (f.try_lock(), f)) {
        Ok((Ok(()), folder)) => locks.push(folder),
        Ok((Err(fs::TryLockError::WouldBlock), _)) => {
            return Err(StoreError::Locked {
                path: dir.to_path_buf(),
            });
        }
        Ok((Err(fs::TryLockError::Error(e)), _)) | Err(e) => warnings.push(format!(
            "the folder {} could not be locked ({e}), so only {LOCK_FILE} keeps a second \
             somadeck out: do not delete it while somadeck runs",
            dir.display()
        )),
    }
    #[cfg(not(unix))]
    let _ = warnings;
    let path = dir.join(LOCK_FILE);
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io_err(&path))?;
    try_lock(&file, &path)?;
    locks.push(file);
    Ok(locks)
}

fn try_lock(file: &File, path: &Path) -> Result<(), StoreError> {
    match file.try_lock() {
        Ok(()) => Ok(()),
        Err(fs::TryLockError::WouldBlock) => Err(StoreError::Locked {
            path: path.to_path_buf(),
        }),
        Err(fs::TryLockError::Error(source)) => Err(StoreError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}
