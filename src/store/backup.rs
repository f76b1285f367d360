//! Daily backups of the review log in `backups/` and their rotation policy.

use std::fs;
use std::path::Path;

use jiff::civil::Date;

use super::{BACKUP_DIR, fsutil};

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

/// Make today's backup if missing (and the log is non-empty), then rotate. Failures are not
/// fatal (studying can go on): they become warnings.
pub(crate) fn daily_backup(
    dir: &Path,
    log: &Path,
    log_len: u64,
    today: Date,
    warnings: &mut Vec<String>,
) {
    let backups = dir.join(BACKUP_DIR);
    if let Err(e) = make_backup(&backups, log, log_len, today) {
        warnings.push(format!("today's backup of the review log failed: {e}"));
    }
    if let Err(e) = rotate(&backups, today) {
        warnings.push(format!(
            "removing old backups in {} failed: {e}",
            backups.display()
        ));
    }
}

fn make_backup(
    backups: &Path,
    log: &Path,
    log_len: u64,
    today: Date,
) -> Result<(), super::StoreError> {
    let target = backups.join(backup_name(today));
    if log_len == 0 || target.exists() {
        return Ok(());
    }
    fs::create_dir_all(backups).map_err(super::error::io_err(backups))?;
    let tmp = backups.join(format!(".{}.tmp", backup_name(today)));
    fsutil::copy_synced(log, &tmp)?;
    fs::rename(&tmp, &target).map_err(super::error::io_err(&target))?;
    fsutil::sync_dir(backups)
}

fn rotate(backups: &Path, today: Date) -> std::io::Result<()> {
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
        } else if name.starts_with(".reviews-") && name.ends_with(".log.tmp") {
            // Left by a crash during a backup; we hold the lock, so nobody is writing it.
            fs::remove_file(backups.join(name))?;
        }
    }
    let keep = backups_to_keep(&dates, today);
    for date in dates.iter().filter(|d| keep.binary_search(d).is_err()) {
        fs::remove_file(backups.join(backup_name(*date)))?;
    }
    Ok(())
}
