//! Daily backups of the review log in `backups/` and their rotation policy.

use std::fs;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::de::DeserializeOwned;

use super::backup_job::{FAILURE_NOTE, Job, Plan};
use super::error::StoreError;
use super::{BACKUP_DIR, Store, fsutil, log};

/// Number of most recent daily backups kept.
pub const DAILY_KEPT: usize = 7;
/// Number of older ISO weeks of which the newest backup is kept.
pub const WEEKLY_KEPT: usize = 4;

/// Which backups to keep, given the dates of the existing ones.
///
/// Keeps the [`DAILY_KEPT`] most recent backups dated on or before `today`, plus, for each of
/// the [`WEEKLY_KEPT`] most recent ISO weeks (that have backups) strictly before the week of
/// the oldest of those, the newest backup of that week. Backups dated after `today` (the clock
/// was wrong at some point) are kept and do not count. Returns sorted, deduplicated dates.
pub fn backups_to_keep(dates: &[Date], today: Date) -> Vec<Date> {
    let mut past: Vec<Date> = dates.iter().copied().filter(|d| *d <= today).collect();
    past.sort_unstable();
    past.dedup();
    let mut keep: Vec<Date> = dates.iter().copied().filter(|d| *d > today).collect();
    let (older, daily) = past.split_at(past.len().saturating_sub(DAILY_KEPT));
    keep.extend_from_slice(daily);
    if let Some(&oldest_daily) = daily.first() {
        let mut last_week = iso_week(oldest_daily);
        let mut weeks = 0;
        for &d in older.iter().rev() {
            if weeks == WEEKLY_KEPT {
                break;
            }
            let week = iso_week(d);
            if week < last_week {
                keep.push(d);
                last_week = week;
                weeks += 1;
            }
        }
    }
    keep.sort_unstable();
    keep.dedup();
    keep
}

/// (ISO year, ISO week number), ordered chronologically.
fn iso_week(d: Date) -> (i16, i8) {
    let w = d.iso_week_date();
    (w.year(), w.week())
}

/// File name of the backup for `date`.
pub(crate) fn backup_name(date: Date) -> String {
    format!("reviews-{date}.log")
}

/// Parse a backup file name back to its date.
fn parse_backup_name(name: &str) -> Option<Date> {
    name.strip_prefix("reviews-")?
        .strip_suffix(".log")?
        .parse()
        .ok()
}

impl Store {
    /// Start today's backup if missing (and the log is non-empty), or else rotate old backups
    /// now. Before the backup, every line of the log must read as a record: damage anywhere in
    /// it (even before the snapshot's offset, which a start does not read) is refused with
    /// [`StoreError::Damaged`] the day it appears, while the backups still hold a good copy.
    /// The copy itself runs on a thread of its own (see [`Job`]). A failed copy or rotation is
    /// not fatal (studying can go on): it becomes a warning, at the next start if need be.
    pub(crate) fn daily_backup<E: DeserializeOwned + Send + 'static>(
        &mut self,
        today: Date,
    ) -> Result<(), StoreError> {
        let backups = self.dir.join(BACKUP_DIR);
        let note = self.dir.join(FAILURE_NOTE);
        if let Ok(text) = fs::read_to_string(&note) {
            self.warn(text);
            let _ = fs::remove_file(&note);
        }
        if self.log_len > 0 && !backups.join(backup_name(today)).exists() {
            // Left as the last writer left it, and it read whole then: nothing to read.
            if self.verified.is_none() {
                self.check_whole_log::<E>(&backups)?;
                self.log_reads_whole(true);
            }
            self.backup_job = Some(Job::start::<E>(Plan {
                backups,
                log: self.log_path.clone(),
                len: self.log_len,
                today,
                note,
                #[cfg(test)]
                killed_at: self.backup_killed_at,
            }));
            return Ok(());
        }
        if let Err(e) = rotate::<E>(&backups, today, None) {
            self.warn(format!(
                "removing old backups in {} failed: {e}",
                backups.display()
            ));
        }
        Ok(())
    }

    /// Wait for today's backup to be made (or abandoned after a while, as on closing).
    #[cfg(test)]
    pub(crate) fn finish_backup(&mut self) {
        self.backup_job = None;
    }

    /// Reads every line of the log, but cheaply: the newest backup was made from a log that
    /// read whole, so when it is byte for byte the start of the log, only the lines after it
    /// are parsed. Comparing bytes costs a small part of parsing them.
    fn check_whole_log<E: DeserializeOwned + Send>(
        &self,
        backups: &Path,
    ) -> Result<(), StoreError> {
        let from = newest_backup(backups)
            .and_then(|(path, len)| {
                let fits = len > 0 && len <= self.log_len && ends_with_newline(&path, len);
                (fits && fsutil::is_prefix(&path, &self.log_path).unwrap_or(false)).then_some(len)
            })
            .unwrap_or(0);
        self.replay_reporting::<E>(from, |_| (), &mut |_, _| ())
            .map(|_| ())
    }
}

/// The newest dated backup and its length.
fn newest_backup(backups: &Path) -> Option<(PathBuf, u64)> {
    let newest = fs::read_dir(backups)
        .ok()?
        .filter_map(|e| parse_backup_name(e.ok()?.file_name().to_str()?))
        .max()?;
    let path = backups.join(backup_name(newest));
    let len = fs::metadata(&path).ok()?.len();
    Some((path, len))
}

/// Whether the file's byte at `len - 1` is a line end: a backup cut short is not trusted.
fn ends_with_newline(path: &Path, len: u64) -> bool {
    fs::File::open(path)
        .ok()
        .and_then(|mut f| fsutil::read_range(&mut f, path, len - 1, len).ok())
        .is_some_and(|b| b == b"\n")
}

/// Delete the backups the policy no longer keeps, except that the newest backup that reads
/// whole is never deleted: if every backup the policy keeps is damaged, the newest good one
/// stays too. `known_good` is a backup just made from a log that was read whole.
pub(crate) fn rotate<E: DeserializeOwned + Send>(
    backups: &Path,
    today: Date,
    known_good: Option<Date>,
) -> std::io::Result<()> {
    let entries = match fs::read_dir(backups) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    let mut dates = Vec::new();
    for entry in entries {
        let name = entry?.file_name();
        let Some(name) = name.to_str() else { continue };
        if let Some(date) = parse_backup_name(name) {
            dates.push(date);
        } else if name.starts_with(".reviews-") && name.ends_with(".tmp") {
            // Left by a crash during a backup; we hold the lock, so nobody is writing it.
            fs::remove_file(backups.join(name))?;
        }
    }
    let keep = backups_to_keep(&dates, today);
    let mut doomed: Vec<Date> = dates
        .iter()
        .copied()
        .filter(|d| keep.binary_search(d).is_err())
        .collect();
    if doomed.is_empty() {
        return Ok(());
    }
    let reads_whole = |d: Date| Some(d) == known_good || backup_reads::<E>(backups, d);
    if !keep.iter().rev().any(|&d| reads_whole(d)) {
        doomed.sort_unstable();
        if let Some(i) = doomed.iter().rposition(|&d| reads_whole(d)) {
            doomed.remove(i);
        }
    }
    for date in doomed {
        fs::remove_file(backups.join(backup_name(date)))?;
    }
    Ok(())
}

/// Whether every line of the backup for `date` reads as a record.
fn backup_reads<E: DeserializeOwned + Send>(backups: &Path, date: Date) -> bool {
    let path = backups.join(backup_name(date));
    let Ok(len) = fs::metadata(&path).map(|m| m.len()) else {
        return false;
    };
    log::scan::<E>(&path, 0, len, |_| ()).is_ok()
}
