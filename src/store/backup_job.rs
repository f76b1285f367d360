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

/// Bytes copied between two looks at the cancel flag, through this thread or in the kernel.
const COPY_CHUNK: usize = 1 << 20;
const KERNEL_CHUNK: u64 = 8 << 20;

/// What to back up: the first `len` bytes of `log`, as the backup for `today`.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub backups: PathBuf,
    pub log: PathBuf,
    pub len: u64,
    pub today: Date,
    /// Where a failure is noted for the next start.
    pub note: PathBuf,
    /// In tests: the step at which the thread stops dead, leaving the files as a kill would.
    #[cfg(test)]
    pub killed_at: Option<Step>,
}

/// The steps of a backup, in order.
#[cfg(test)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// The temp file exists, empty.
    Created,
    /// The log's prefix is in the temp file, not synced.
    Copied,
    /// The temp file is synced.
    Synced,
    /// Renamed to its dated name, the folder not synced.
    Renamed,
    /// The folder synced, old backups not yet rotated.
    FolderSynced,
}

impl Plan {
    /// Whether a test has the thread stop dead at `step`.
    #[cfg(test)]
    fn killed_at(&self, step: Step) -> bool {
        self.killed_at == Some(step)
    }
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
            yield_to_the_session();
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

/// The copy runs while the first card is being chosen and shown, on a machine that may have
/// only two cores: it gives way (a nice value of 10 for this thread alone, on Linux).
fn yield_to_the_session() {
    #[cfg(target_os = "linux")]
    {
        let _ = rustix::process::setpriority_process(Some(rustix::thread::gettid()), 10);
    }
}

fn run<E: DeserializeOwned + Send>(plan: &Plan, cancel: &AtomicBool) {
    match copy_prefix(plan, cancel) {
        #[cfg(test)]
        Ok(true) if plan.killed_at(Step::FolderSynced) => {}
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
    let copied = write_prefix(plan, &tmp, cancel);
    #[cfg(test)]
    if plan.killed_at(Step::Created) || plan.killed_at(Step::Copied) {
        return Ok(false);
    }
    let finished = match copied {
        #[cfg(test)]
        Ok(true) if plan.killed_at(Step::Synced) => return Ok(false),
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
    #[cfg(test)]
    if plan.killed_at(Step::Renamed) {
        return Ok(false);
    }
    if finished {
        fsutil::sync_dir(&plan.backups)?;
    } else {
        let _ = fs::remove_file(&tmp);
    }
    Ok(finished)
}

/// Writes the first `len` bytes of `log` to a new file `tmp`, synced; `false` if cancelled.
/// Where the file system can share the log's blocks (a reflink: Btrfs, XFS, bcachefs, ZFS
/// 2.2+), no byte is copied; elsewhere the kernel copies them (`copy_file_range`), or, failing
/// that, this thread does.
fn write_prefix(plan: &Plan, tmp: &Path, cancel: &AtomicBool) -> Result<bool, StoreError> {
    let (log, len) = (plan.log.as_path(), plan.len);
    let from = File::open(log).map_err(io_err(log))?;
    let mut to = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(tmp)
        .map_err(io_err(tmp))?;
    #[cfg(test)]
    if plan.killed_at(Step::Created) {
        return Ok(false);
    }
    if !clone_prefix(&from, &to, len) {
        let copied = match kernel_copy(&from, &to, len, cancel) {
            Some(copied) => copied.map_err(io_err(tmp))?,
            None => {
                to.set_len(0).map_err(io_err(tmp))?;
                user_copy(from, &mut to, len, cancel).map_err(io_err(log))?
            }
        };
        let Some(copied) = copied else {
            return Ok(false);
        };
        if copied != len {
            return Err(io_err(log)(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                format!("the log ended after {copied} of {len} bytes"),
            )));
        }
    }
    #[cfg(test)]
    if plan.killed_at(Step::Copied) {
        return Ok(false);
    }
    to.sync_all().map_err(io_err(tmp))?;
    Ok(true)
}

/// A reflink of the whole log, cut back to `len`: bytes the session appends meanwhile are not
/// part of the backup. `false` where the file system cannot share blocks.
fn clone_prefix(from: &File, to: &File, len: u64) -> bool {
    #[cfg(target_os = "linux")]
    {
        rustix::fs::ioctl_ficlone(to, from).is_ok()
            && to.metadata().is_ok_and(|m| m.len() >= len)
            && to.set_len(len).is_ok()
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (from, to, len);
        false
    }
}

/// Copies `len` bytes in the kernel, a chunk at a time so that a cancel is seen: the bytes
/// copied, `Ok(None)` if cancelled, or `None` if the system cannot (then nothing was copied).
#[allow(clippy::option_option)]
fn kernel_copy(
    from: &File,
    to: &File,
    len: u64,
    cancel: &AtomicBool,
) -> Option<std::io::Result<Option<u64>>> {
    #[cfg(target_os = "linux")]
    {
        let (mut read_at, mut write_at) = (0u64, 0u64);
        while read_at < len {
            if cancel.load(Ordering::SeqCst) {
                return Some(Ok(None));
            }
            let chunk = usize::try_from((len - read_at).min(KERNEL_CHUNK)).unwrap_or(COPY_CHUNK);
            match rustix::fs::copy_file_range(
                from,
                Some(&mut read_at),
                to,
                Some(&mut write_at),
                chunk,
            ) {
                Ok(0) => break,
                Ok(_) => {}
                Err(_) if read_at == 0 => return None,
                Err(e) => return Some(Err(e.into())),
            }
        }
        Some(Ok(Some(read_at)))
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (from, to, len, cancel);
        None
    }
}

/// Copies `len` bytes through this thread: the bytes copied, or `None` if cancelled.
fn user_copy(
    from: File,
    to: &mut File,
    len: u64,
    cancel: &AtomicBool,
) -> std::io::Result<Option<u64>> {
    let mut from = from.take(len);
    let mut buf = vec![0u8; COPY_CHUNK];
    let mut copied = 0u64;
    loop {
        if cancel.load(Ordering::SeqCst) {
            return Ok(None);
        }
        let n = from.read(&mut buf)?;
        if n == 0 {
            return Ok(Some(copied));
        }
        to.write_all(&buf[..n])?;
        copied += n as u64;
    }
}
