//! The day's backup, made off the start's critical path: once opening has checked that every
//! line of the log reads as a record, a thread copies exactly the bytes up to the length seen
//! at opening to a temp file in `backups/`, syncs it and only then renames it to its dated name.
//!
//! The log is append-only and the store holds the lock for the process's life, so the prefix
//! the thread reads cannot change under it. A process killed mid-way leaves at most a temp
//! file, which the next start removes; the dated name only ever holds a complete, synced copy.
//! A failure is left in a note for the next start to show, since the session that started the
//! backup may be long past the point where it shows warnings.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::Duration;

use jiff::civil::Date;
use serde::de::DeserializeOwned;

use super::error::{StoreError, io_err};
use super::{backup, fsutil};

/// Left in the data folder when the background backup failed: its text is the next start's
/// warning.
pub(crate) const FAILURE_NOTE: &str = "reviews.log.backup-failed";

/// How long closing the store waits for an unfinished backup before abandoning it.
const WAIT_ON_CLOSE: Duration = Duration::from_secs(3);

/// Bytes copied between two looks at the cancel flag.
const COPY_CHUNK: usize = 1 << 20;

/// What to back up: the first `len` bytes of `log`, as the backup for `today`.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub backups: PathBuf,
    pub log: PathBuf,
    pub len: u64,
    pub today: Date,
    /// Where a failure is noted for the next start.
    pub note: PathBuf,
}

/// A running backup. Dropping it waits up to [`WAIT_ON_CLOSE`] for the backup to finish, then
/// abandons it: the thread stops before renaming and removes its temp file.
#[derive(Debug)]
pub(crate) struct Job {
    done: mpsc::Receiver<()>,
    cancel: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
}

impl Job {
    pub(crate) fn start<E: DeserializeOwned + Send + 'static>(plan: Plan) -> Job {
        let (tx, done) = mpsc::channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&cancel);
        let handle = std::thread::spawn(move || {
            run::<E>(&plan, &flag);
            let _ = tx.send(());
        });
        Job {
            done,
            cancel,
            handle: Some(handle),
        }
    }
}

impl Drop for Job {
    fn drop(&mut self) {
        match self.done.recv_timeout(WAIT_ON_CLOSE) {
            Ok(()) | Err(RecvTimeoutError::Disconnected) => {
                if let Some(handle) = self.handle.take() {
                    let _ = handle.join();
                }
            }
            // Not joined: the check may take a while yet, and the thread renames nothing once
            // it sees the flag. If the process ends first, the temp file is removed next time.
            Err(RecvTimeoutError::Timeout) => self.cancel.store(true, Ordering::SeqCst),
        }
    }
}

fn run<E: DeserializeOwned + Send>(plan: &Plan, cancel: &AtomicBool) {
    match copy_prefix(plan, cancel) {
        Ok(true) => {
            if let Err(e) = backup::rotate::<E>(&plan.backups, plan.today, Some(plan.today)) {
                leave_failure(plan, &e);
            }
        }
        Ok(false) => {}
        Err(e) => leave_failure(plan, &e),
    }
}

fn leave_failure(plan: &Plan, e: &dyn std::fmt::Display) {
    let text = format!("the backup of the review log on {} failed: {e}", plan.today);
    let _ = fsutil::write_synced(&plan.note, text.as_bytes());
}

/// Copies the plan's prefix of the log to a temp file, syncs it and renames it into place.
/// Returns `false`, with the temp file removed, if cancelled first.
fn copy_prefix(plan: &Plan, cancel: &AtomicBool) -> Result<bool, StoreError> {
    fs::create_dir_all(&plan.backups).map_err(io_err(&plan.backups))?;
    let name = backup::backup_name(plan.today);
    // One temp file per process: an abandoned thread never shares its file with a later one.
    let tmp = plan
        .backups
        .join(format!(".{}.{}.tmp", name, std::process::id()));
    let copied = write_prefix(&plan.log, plan.len, &tmp, cancel);
    let finished = match copied {
        Ok(true) if !cancel.load(Ordering::SeqCst) => {
            fs::rename(&tmp, plan.backups.join(&name)).map_err(io_err(&tmp))?;
            true
        }
        Ok(_) => false,
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            return Err(e);
        }
    };
    if finished {
        fsutil::sync_dir(&plan.backups)?;
    } else {
        let _ = fs::remove_file(&tmp);
    }
    Ok(finished)
}

/// Writes the first `len` bytes of `log` to a new file `tmp`, synced; `false` if cancelled.
fn write_prefix(log: &Path, len: u64, tmp: &Path, cancel: &AtomicBool) -> Result<bool, StoreError> {
    let mut from = File::open(log).map_err(io_err(log))?.take(len);
    let mut to = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(tmp)
        .map_err(io_err(tmp))?;
    let mut buf = vec![0u8; COPY_CHUNK];
    let mut copied = 0u64;
    loop {
        if cancel.load(Ordering::SeqCst) {
            return Ok(false);
        }
        let n = from.read(&mut buf).map_err(io_err(log))?;
        if n == 0 {
            break;
        }
        to.write_all(&buf[..n]).map_err(io_err(tmp))?;
        copied += n as u64;
    }
    if copied != len {
        return Err(io_err(log)(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            format!("the log ended after {copied} of {len} bytes"),
        )));
    }
    to.sync_all().map_err(io_err(tmp))?;
    Ok(true)
}
