//! Tests of backup rotation: the pure policy, and 400 simulated days of opening the store.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use jiff::ToSpan;
use jiff::civil::{Date, date};
use proptest::prelude::*;

use super::super::backups_to_keep;
use super::{Rec, day0, open, rec, tempdir};

fn week(d: Date) -> (i16, i8) {
    let w = d.iso_week_date();
    (w.year(), w.week())
}

fn days(from: Date, n: i64) -> Vec<Date> {
    (0..n)
        .map(|i| from.checked_add(i.days()).unwrap())
        .collect()
}

/// The promise for a history of one backup per day up to `today`, `n` days long.
fn check_daily_promise(kept: &[Date], today: Date, n: i64) {
    let n_daily = 7.min(n);
    let daily: Vec<Date> = days(today.checked_sub((n_daily - 1).days()).unwrap(), n_daily);
    let recent: Vec<Date> = kept.iter().copied().filter(|d| daily.contains(d)).collect();
    assert_eq!(recent, daily, "today {today}");
    let older: Vec<Date> = kept
        .iter()
        .copied()
        .filter(|d| !daily.contains(d))
        .collect();
    let weeks: BTreeSet<_> = older.iter().map(|d| week(*d)).collect();
    assert_eq!(weeks.len(), older.len(), "one per week");
    if n >= 7 + 5 * 7 {
        assert_eq!(older.len(), 4, "today {today}: {kept:?}");
    }
    for d in &older {
        assert!(
            n > 7 && week(*d) < week(daily[0]),
            "today {today}: {kept:?}"
        );
        // Newest of its week that existed: a Sunday unless the history starts mid-week... and
        // the history here is long enough, so every week is complete.
        if n >= 7 + 5 * 7 {
            assert_eq!(d.weekday(), jiff::civil::Weekday::Sunday, "{d}");
        }
    }
}

#[test]
fn pure_rotation_over_400_days() {
    let start = date(2024, 12, 20);
    let mut existing: Vec<Date> = Vec::new();
    for (i, today) in days(start, 400).into_iter().enumerate() {
        existing.push(today);
        existing = backups_to_keep(&existing, today);
        check_daily_promise(&existing, today, i as i64 + 1);
        assert!(existing.len() <= 11);
    }
}

#[test]
fn rotation_edge_cases() {
    let today = date(2025, 3, 12);
    assert!(backups_to_keep(&[], today).is_empty());
    let few = [date(2025, 3, 1), date(2025, 1, 1)];
    assert_eq!(
        backups_to_keep(&few, today),
        vec![date(2025, 1, 1), date(2025, 3, 1)]
    );
    // Gaps: 7 most recent backups regardless of calendar, then weekly ones before them.
    let sparse: Vec<Date> = (0..30)
        .map(|i| date(2024, 1, 1).checked_add((i * 3).days()).unwrap())
        .collect();
    let kept = backups_to_keep(&sparse, today);
    assert_eq!(kept[kept.len() - 7..], sparse[sparse.len() - 7..]);
    assert_eq!(kept.len(), 11);
    // Future-dated backups (clock was wrong) are kept and do not push out real ones.
    let mut with_future = sparse.clone();
    with_future.push(date(2030, 1, 1));
    let kept_future = backups_to_keep(&with_future, today);
    assert_eq!(kept_future.len(), 12);
    assert!(kept_future.contains(&date(2030, 1, 1)));
    // Duplicates collapse.
    assert_eq!(backups_to_keep(&[today, today], today), vec![today]);
}

proptest! {
    #[test]
    fn rotation_invariants(offsets in proptest::collection::vec(0i64..200, 0..60)) {
        let today = date(2025, 6, 30);
        let dates: Vec<Date> = offsets.iter().map(|o| today.checked_sub(o.days()).unwrap()).collect();
        let kept = backups_to_keep(&dates, today);
        let unique: BTreeSet<Date> = dates.iter().copied().collect();
        prop_assert!(kept.iter().all(|d| unique.contains(d)));
        prop_assert!(kept.windows(2).all(|w| w[0] < w[1]));
        prop_assert!(kept.len() <= 11);
        let newest7: Vec<Date> = unique.iter().rev().take(7).copied().collect();
        prop_assert!(newest7.iter().all(|d| kept.contains(d)));
        prop_assert!(kept.len() <= unique.len().min(7) + 4);
        prop_assert_eq!(backups_to_keep(&kept, today), kept.clone(), "stable");
    }
}

fn backup_dates(dir: &Path) -> Vec<Date> {
    let Ok(entries) = fs::read_dir(dir.join("backups")) else {
        return Vec::new();
    };
    let mut v: Vec<Date> = entries
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .map(|n| {
            n.strip_prefix("reviews-")
                .unwrap()
                .strip_suffix(".log")
                .unwrap()
                .parse()
                .unwrap()
        })
        .collect();
    v.sort();
    v
}

#[test]
fn store_backups_over_400_days() {
    let tmp = tempdir();
    let start = day0();
    for (i, today) in days(start, 400).into_iter().enumerate() {
        let mut store = open(tmp.path(), today);
        assert!(store.warnings().is_empty(), "{:?}", store.warnings());
        let log = fs::read(store.log_path()).unwrap();
        let kept = backup_dates(tmp.path());
        // Day 0 had an empty log, so no backup.
        check_daily_promise(&kept, today, i as i64);
        for d in &kept {
            let backup = fs::read(tmp.path().join(format!("backups/reviews-{d}.log"))).unwrap();
            assert!(
                log.starts_with(&backup),
                "backup {d} is a prefix of the log"
            );
            let text = String::from_utf8(backup).unwrap();
            let recs: Vec<Rec> = text.lines().map(|l| ron::from_str(l).unwrap()).collect();
            let age = (*d - start).get_days() as u32;
            assert_eq!(recs, (0..age).map(rec).collect::<Vec<_>>(), "backup {d}");
        }
        store.append(&rec(i as u32)).unwrap();
    }
}

/// The red team's case: line 1 damaged behind a good snapshot. The first start of the next
/// day reads the whole log for its backup and refuses, while the backups hold good copies.
#[test]
fn damage_behind_the_snapshot_is_refused_the_next_day() {
    let tmp = tempdir();
    let day1 = day0().tomorrow().unwrap();
    let mut store = open(tmp.path(), day0());
    store.append_bulk((0..30).map(rec)).unwrap();
    store.save_snapshot(&30u32).unwrap();
    drop(store);
    let store = open(tmp.path(), day0());
    drop(store);
    let log = tmp.path().join("reviews.log");
    let text = fs::read_to_string(&log).unwrap();
    // Same length, so the snapshot (which hashes only the log's last bytes) still matches.
    let damaged = text.replacen("(name:", "(nane:", 1);
    fs::write(&log, &damaged).unwrap();
    let err = super::super::Store::open::<Rec>(tmp.path(), day1).unwrap_err();
    assert!(
        matches!(err, super::super::StoreError::Damaged { line: 1, .. }),
        "{err:?}"
    );
    assert_eq!(fs::read_to_string(&log).unwrap(), damaged);
    assert_eq!(backup_dates(tmp.path()), vec![day0()]);
    let backup = fs::read_to_string(tmp.path().join(format!("backups/reviews-{}.log", day0())));
    assert_eq!(backup.unwrap(), text, "the backup holds the good log");
}

/// Rotation never deletes the newest backup that reads whole, even when every backup the
/// policy keeps is damaged.
#[test]
fn the_newest_good_backup_is_never_rotated_away() {
    let tmp = tempdir();
    let today = date(2025, 6, 30);
    let mut store = open(tmp.path(), today);
    store.append_bulk((0..3).map(rec)).unwrap();
    drop(store);
    let backups = tmp.path().join("backups");
    let good = fs::read(tmp.path().join("reviews.log")).unwrap();
    let name = |d: Date| backups.join(format!("reviews-{d}.log"));
    fs::create_dir_all(&backups).unwrap();
    let old_good = [
        today.checked_sub(120.days()).unwrap(),
        today.checked_sub(100.days()).unwrap(),
    ];
    for d in old_good {
        fs::write(name(d), &good).unwrap();
    }
    // Sixty days of damaged backups, today's included (so none is made today).
    for i in 0..60 {
        let d = today.checked_sub(i.days()).unwrap();
        fs::write(
            name(d),
            b"(name:\"card-0\",n:0,kind:Again)\n(not a record\n",
        )
        .unwrap();
    }
    let store = open(tmp.path(), today);
    assert!(store.warnings().is_empty(), "{:?}", store.warnings());
    let kept = backup_dates(tmp.path());
    assert!(kept.contains(&old_good[1]), "{kept:?}");
    assert!(
        !kept.contains(&old_good[0]),
        "only the newest good one is kept beyond the policy"
    );
    assert_eq!(kept.len(), 12, "{kept:?}");
}

/// The day's check compares the log with the newest backup and parses only what follows it:
/// damage after the backup's end is still refused, named by its line in the whole log, and no
/// backup is made of that log.
#[test]
fn damage_after_the_newest_backup_is_refused_with_its_line() {
    let tmp = tempdir();
    let day1 = day0().tomorrow().unwrap();
    let mut store = open(tmp.path(), day0());
    store.append_bulk((0..5).map(rec)).unwrap();
    drop(store);
    drop(open(tmp.path(), day0()));
    let mut store = open(tmp.path(), day0());
    store.append_bulk((5..10).map(rec)).unwrap();
    drop(store);
    let log = tmp.path().join("reviews.log");
    let text = fs::read_to_string(&log).unwrap();
    let line8 = text.lines().nth(7).unwrap();
    let damaged = text.replacen(line8, &line8.replacen("(name:", "(nane:", 1), 1);
    fs::write(&log, &damaged).unwrap();
    let err = super::super::Store::open::<Rec>(tmp.path(), day1).unwrap_err();
    assert!(
        matches!(err, super::super::StoreError::Damaged { line: 8, .. }),
        "{err:?}"
    );
    assert_eq!(backup_dates(tmp.path()), vec![day0()]);
}

/// Today's backup stopped dead at each of its steps, as a kill would leave it (the temp file
/// made, the log copied, synced, renamed, the folder synced): no dated backup is ever a part of
/// the log, the next start removes what was left and makes today's backup whole, and a log
/// lost after that is restored from it with every record.
#[test]
fn a_backup_killed_at_every_step_is_made_whole_by_the_next_start() {
    use super::super::backup_job::Step;
    let steps = [
        Step::Created,
        Step::Copied,
        Step::Synced,
        Step::Renamed,
        Step::FolderSynced,
    ];
    for step in steps {
        let tmp = tempdir();
        let day1 = day0().tomorrow().unwrap();
        let mut store = open(tmp.path(), day0());
        store.append_bulk((0..50).map(rec)).unwrap();
        drop(store);
        drop(open(tmp.path(), day0()));
        let mut store = open(tmp.path(), day0());
        store.append_bulk((50..80).map(rec)).unwrap();
        drop(store);
        let log = tmp.path().join("reviews.log");
        let whole = fs::read(&log).unwrap();
        let mut store = super::super::Store::open_unbacked::<Rec>(tmp.path(), &log).unwrap();
        store.backup_killed_at = Some(step);
        store.daily_backup::<Rec>(day1).unwrap();
        store.finish_backup();
        drop(store);
        let backups = tmp.path().join("backups");
        for entry in fs::read_dir(&backups).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if name.starts_with("reviews-") {
                let copy = fs::read(backups.join(&name)).unwrap();
                assert!(
                    whole.starts_with(&copy) && copy.ends_with(b"\n"),
                    "{step:?}: {name} is a whole prefix of the log"
                );
            }
        }
        let left = |dir: &Path| super::count_named(dir, |n| n.ends_with(".tmp"));
        let killed_early = matches!(step, Step::Created | Step::Copied | Step::Synced);
        assert_eq!(left(&backups), usize::from(killed_early), "{step:?}");
        // The next start.
        let store = open(tmp.path(), day1);
        assert!(
            store.warnings().is_empty(),
            "{step:?}: {:?}",
            store.warnings()
        );
        drop(store);
        assert_eq!(left(&backups), 0, "{step:?}: nothing left behind");
        let today = backups.join(format!("reviews-{day1}.log"));
        assert_eq!(
            fs::read(&today).unwrap(),
            whole,
            "{step:?}: today's backup is whole"
        );
        // The log is lost: today's backup brings every record back.
        fs::remove_file(&log).unwrap();
        fs::copy(&today, &log).unwrap();
        let store = open(tmp.path(), day1);
        assert_eq!(
            super::replay_all(&store),
            (0..80).map(rec).collect::<Vec<_>>()
        );
    }
}

/// The last writer's note lets the day's first start skip reading the log, but only for the
/// file exactly as that writer left it. Opened as records of another type, every line of the
/// log fails to read: a start that reads any line is refused.
#[test]
fn the_days_first_start_reads_no_line_of_a_log_left_as_noted() {
    let tmp = tempdir();
    let mut store = open(tmp.path(), day0());
    store.append_bulk((0..20).map(rec)).unwrap();
    drop(store);
    // The log's last change is then dated well before the note the next writer leaves (within
    // one tick of the file system's clock the note would not be kept, as a racy one).
    std::thread::sleep(std::time::Duration::from_millis(50));
    // The day's first start reads the log whole, and leaves the note on closing; the next
    // writer finds the log as noted and keeps it.
    drop(open(tmp.path(), day0()));
    drop(open(tmp.path(), day0()));
    let note = tmp.path().join(super::super::verified::NOTE);
    assert!(note.exists(), "the writer left its note");
    let day1 = day0().tomorrow().unwrap();
    let mut store = super::super::Store::open::<u8>(tmp.path(), day1).expect("no line read");
    store.finish_backup();
    drop(store);
    let backup = tmp.path().join(format!("backups/reviews-{day1}.log"));
    assert_eq!(
        fs::read(&backup).unwrap(),
        fs::read(tmp.path().join("reviews.log")).unwrap()
    );
    // Without the note (and without a backup to compare with), the whole log is read again.
    fs::remove_dir_all(tmp.path().join("backups")).unwrap();
    fs::remove_file(&note).unwrap();
    let err = super::super::Store::open::<u8>(tmp.path(), day1).unwrap_err();
    assert!(
        matches!(err, super::super::StoreError::Damaged { .. }),
        "{err:?}"
    );
    let mut store = open(tmp.path(), day1);
    store.append(&rec(20)).unwrap();
    drop(store);
    let day2 = day1.tomorrow().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(50));
    let log = tmp.path().join("reviews.log");
    let mut bytes = fs::read(&log).unwrap();
    bytes.extend_from_slice(b"(not a record)\n");
    fs::write(&log, &bytes).unwrap();
    let err = super::super::Store::open::<Rec>(tmp.path(), day2).unwrap_err();
    assert!(
        matches!(err, super::super::StoreError::Damaged { line: 22, .. }),
        "{err:?}"
    );
}
