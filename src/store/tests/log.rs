//! Tests of appending and replaying the log: round trip, torn tails, damaged lines, offsets.

use std::fs;

use super::super::{Store, StoreError};
use super::{Rec, day0, open, rec, replay_all, tempdir};

#[test]
fn append_then_replay_round_trips() {
    let tmp = tempdir();
    let mut store = open(tmp.path(), day0());
    let records: Vec<Rec> = (0..50).map(rec).collect();
    for r in &records[..20] {
        store.append(r).unwrap();
    }
    store.append_bulk(records[20..].iter().cloned()).unwrap();
    assert_eq!(replay_all(&store), records);
    let text = fs::read_to_string(store.log_path()).unwrap();
    assert_eq!(text.lines().count(), 50);
    assert_eq!(text.len() as u64, store.log_len());
    drop(store);
    let store = open(tmp.path(), day0());
    assert_eq!(replay_all(&store), records);
    assert!(store.warnings().is_empty());
}

#[test]
fn replay_from_a_line_boundary_and_refuses_others() {
    let tmp = tempdir();
    let mut store = open(tmp.path(), day0());
    store.append(&rec(1)).unwrap();
    let mid = store.log_len();
    store.append(&rec(2)).unwrap();
    store.append(&rec(3)).unwrap();
    let mut got = Vec::new();
    let info = store.replay(mid, |r: Rec| got.push(r)).unwrap();
    assert_eq!(got, vec![rec(2), rec(3)]);
    assert_eq!(info.records, 2);
    assert_eq!(info.end, store.log_len());
    let end = store.replay(store.log_len(), |_: Rec| panic!()).unwrap();
    assert_eq!(end.records, 0);
    for bad in [mid - 1, mid + 1, store.log_len() + 1] {
        let err = store.replay(bad, |_: Rec| ()).unwrap_err();
        assert!(
            matches!(err, StoreError::BadOffset { offset, .. } if offset == bad),
            "{err}"
        );
    }
}

#[test]
fn torn_tail_at_every_offset_is_cut_and_log_stays_usable() {
    const N: u32 = 6;
    let tmp = tempdir();
    let template = tmp.path().join("template");
    let mut store = open(&template, day0());
    store.append_bulk((0..N - 1).map(rec)).unwrap();
    let before_last = store.log_len();
    store.append(&rec(N - 1)).unwrap();
    let full = fs::read(store.log_path()).unwrap();
    drop(store);
    let last_len = full.len() as u64 - before_last;
    assert!(last_len > 10);
    // Every cut short of the whole record; the record without only its newline is kept (see
    // `tail::a_complete_last_record_without_its_newline_is_kept`).
    for k in 1..last_len - 1 {
        let dir = tmp.path().join(format!("cut-{k}"));
        fs::create_dir(&dir).unwrap();
        fs::write(dir.join("reviews.log"), &full[..(before_last + k) as usize]).unwrap();
        let mut store = open(&dir, day0());
        let warnings = store.warnings();
        assert_eq!(warnings.len(), 1, "offset {k}: {warnings:?}");
        assert!(
            warnings[0].contains(&format!("last {k} byte")) && warnings[0].contains(".tail-"),
            "{}",
            warnings[0]
        );
        assert_eq!(store.log_len(), before_last);
        let expected: Vec<Rec> = (0..N - 1).map(rec).collect();
        assert_eq!(replay_all(&store), expected);
        store.append(&rec(100)).unwrap();
        let mut expected = expected;
        expected.push(rec(100));
        assert_eq!(replay_all(&store), expected);
        drop(store);
        let store = open(&dir, day0());
        assert!(store.warnings().is_empty());
        assert_eq!(replay_all(&store), expected);
    }
}

#[test]
fn torn_only_line_is_cut_to_empty() {
    let tmp = tempdir();
    fs::write(tmp.path().join("reviews.log"), "(name:\"half").unwrap();
    let store = open(tmp.path(), day0());
    assert_eq!(store.log_len(), 0);
    assert!(store.warnings()[0].contains("11 byte"));
    assert!(replay_all(&store).is_empty());
}

#[test]
fn damaged_middle_line_is_refused_and_log_untouched() {
    let tmp = tempdir();
    let mut store = open(tmp.path(), day0());
    store.append_bulk((0..5).map(rec)).unwrap();
    drop(store);
    let path = tmp.path().join("reviews.log");
    let text = fs::read_to_string(&path).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines[2] = "(name:\"card-2\",n:oops";
    let damaged = format!("{}\n", lines.join("\n"));
    fs::write(&path, &damaged).unwrap();

    // Opening reads the whole log for today's backup, and refuses.
    let err = Store::open::<Rec>(tmp.path(), day0()).unwrap_err();
    assert!(
        matches!(err, StoreError::Damaged { line: 3, .. }),
        "{err:?}"
    );
    assert!(
        !tmp.path().join("backups").exists(),
        "no backup of a damaged log"
    );

    // With today's backup already made, opening succeeds and the replay refuses.
    fs::create_dir(tmp.path().join("backups")).unwrap();
    fs::write(
        tmp.path().join(format!("backups/reviews-{}.log", day0())),
        "",
    )
    .unwrap();
    let store = open(tmp.path(), day0());
    let second_line_end = (lines[0].len() + lines[1].len() + 2) as u64;
    let mut first_copy = None;
    for from in [0, lines[0].len() as u64 + 1, second_line_end] {
        let mut seen = 0;
        let err = store.replay(from, |_: Rec| seen += 1).unwrap_err();
        let StoreError::Damaged {
            line,
            copy,
            path: p,
            ..
        } = &err
        else {
            panic!("expected Damaged, got {err:?}");
        };
        let copy = copy.clone().expect("a copy");
        assert_eq!(*line, 3, "from {from}");
        assert_eq!(p, &path);
        assert_eq!(fs::read(&copy).unwrap(), damaged.as_bytes());
        let msg = err.to_string();
        for part in [
            "line 3",
            "reviews.log",
            "not changed",
            "backups",
            &copy.display().to_string(),
        ] {
            assert!(msg.contains(part), "{part:?} missing from {msg}");
        }
        assert!(seen <= 2);
        assert_eq!(
            first_copy.get_or_insert(copy.clone()),
            &copy,
            "the same copy each time"
        );
    }
    assert_eq!(fs::read_to_string(&path).unwrap(), damaged);
    assert_eq!(
        damaged_copies(tmp.path()),
        1,
        "one copy per distinct content"
    );

    // Different damage is a different content: one more copy.
    drop(store);
    let other = damaged.replace("card-4", "card-X");
    fs::write(&path, &other).unwrap();
    let store = open(tmp.path(), day0());
    for _ in 0..3 {
        assert!(store.replay(0, |_: Rec| ()).is_err());
    }
    assert_eq!(damaged_copies(tmp.path()), 2);
}

fn damaged_copies(dir: &std::path::Path) -> usize {
    super::count_named(dir, |n| n.starts_with("reviews.log.damaged-"))
}

#[test]
fn invalid_utf8_line_is_damaged() {
    let tmp = tempdir();
    let mut store = open(tmp.path(), day0());
    store.append(&rec(0)).unwrap();
    drop(store);
    let path = tmp.path().join("reviews.log");
    let mut bytes = fs::read(&path).unwrap();
    bytes.extend_from_slice(b"\xff\xfe\n");
    fs::write(&path, &bytes).unwrap();
    let err = Store::open::<Rec>(tmp.path(), day0()).unwrap_err();
    assert!(
        matches!(err, StoreError::Damaged { line: 2, .. }),
        "{err:?}"
    );
    assert_eq!(fs::read(&path).unwrap(), bytes);
}
