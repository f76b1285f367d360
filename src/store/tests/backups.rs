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
