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
