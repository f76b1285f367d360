//! Durable, crash-safe progress store: an append-only review log plus a snapshot, generic over
//! the record and state types (it knows nothing about scheduling).
//!
//! Files in the data directory:
//! - `reviews.log`: one record per line, each the compact `ron::to_string` of a record;
//! - `state.bin`: a snapshot of derived state, tied to a log length and a hash of the log's tail;
//! - `somadeck.lock`: held with an exclusive lock while a [`Store`] is alive;
//! - `backups/reviews-YYYY-MM-DD.log`: daily copies of the log, rotated by [`backups_to_keep`].
//!
//! Typical use: [`Store::open`], then [`Store::load_snapshot`] (or start from an empty state),
//! then [`Store::replay`] from the snapshot's log length, then [`Store::append`] each new review,
//! and [`Store::save_snapshot`] now and then (for instance on exit).

mod backup;
mod error;
mod fsutil;
mod log;
mod snapshot;
#[cfg(test)]
mod tests;

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub use self::log::ReplayInfo;
pub use backup::backups_to_keep;
pub use error::StoreError;
pub use snapshot::SyncWrite;

use error::io_err;

/// File names inside the data directory.
pub const LOG_FILE: &str = "reviews.log";
pub const SNAPSHOT_FILE: &str = "state.bin";
pub const LOCK_FILE: &str = "somadeck.lock";
pub const BACKUP_DIR: &str = "backups";

/// An open progress store. Holds the directory's lock until dropped.
#[derive(Debug)]
pub struct Store {
    dir: PathBuf,
    log_path: PathBuf,
    /// The log, opened in append mode.
    log: File,
    /// Current length of the log in bytes (always at a line boundary).
    log_len: u64,
    /// Kept open only to hold the exclusive lock.
    _lock: File,
    warnings: Mutex<Vec<String>>,
}

impl Store {
    /// Open (creating if needed) the store in `dir`: take the lock (failing at once with
    /// [`StoreError::Locked`] if another process has it), cut off a torn last line left by a
    /// crash, and make today's backup of the log and rotate old ones.
    pub fn open(dir: &Path, today: jiff::civil::Date) -> Result<Store, StoreError> {
        fs::create_dir_all(dir).map_err(io_err(dir))?;
        let lock = acquire_lock(&dir.join(LOCK_FILE))?;
        let mut warnings = Vec::new();

        let log_path = dir.join(LOG_FILE);
        let dropped = fsutil::repair_torn_tail(&log_path)?;
        if dropped > 0 {
            warnings.push(format!(
                "{} ended with an incomplete record (probably cut by a crash or power loss); \
                 dropped its last {dropped} byte(s)",
                log_path.display()
            ));
        }
        let existed = log_path.exists();
        let log = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log_path)
            .map_err(io_err(&log_path))?;
        if !existed {
            fsutil::sync_dir(dir)?;
        }
        let log_len = log.metadata().map_err(io_err(&log_path))?.len();

        backup::daily_backup(dir, &log_path, log_len, today, &mut warnings);

        Ok(Store {
            dir: dir.to_path_buf(),
            log_path,
            log,
            log_len,
            _lock: lock,
            warnings: Mutex::new(warnings),
        })
    }

    /// Current length of the review log in bytes.
    pub fn log_len(&self) -> u64 {
        self.log_len
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
}

/// Open/create the lock file and take an exclusive lock without blocking.
fn acquire_lock(path: &Path) -> Result<File, StoreError> {
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(io_err(path))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(fs::TryLockError::WouldBlock) => Err(StoreError::Locked {
            path: path.to_path_buf(),
        }),
        Err(fs::TryLockError::Error(source)) => Err(StoreError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}
