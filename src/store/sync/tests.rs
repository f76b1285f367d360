//! The sync folder as sync tools leave it: logs merged by time, torn, stale and conflict
//! copies, one device name on two machines, and the switch from the local log cut short.

mod props;

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{Device, Stamped, SyncStore};
use crate::store::{LOG_FILE, Store, StoreError};

/// An event at second `t` with an id to follow it by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct Ev {
    pub t: i64,
    pub id: u32,
}

impl Stamped for Ev {
    fn stamp(&self) -> jiff::Timestamp {
        jiff::Timestamp::from_second(self.t).unwrap()
    }
}

pub(super) fn ev(t: i64, id: u32) -> Ev {
    Ev { t, id }
}

pub(super) fn line(e: &Ev) -> String {
    format!("{}\n", ron::to_string(e).unwrap())
}

pub(super) fn lines(events: &[Ev]) -> String {
    events.iter().map(line).collect()
}

pub(super) fn device(name: &str, machine: &str) -> Device {
    Device {
        name: name.into(),
        machine: machine.into(),
    }
}

/// A data folder and a sync folder.
pub(super) struct Home {
    _tmp: tempfile::TempDir,
    pub data: PathBuf,
    pub sync: PathBuf,
}

pub(super) fn home() -> Home {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let sync = tmp.path().join("sync");
    fs::create_dir_all(&sync).unwrap();
    Home {
        _tmp: tmp,
        data,
        sync,
    }
}

/// Opens a writer for `dev` (retrying a moment on `Locked`, see `store::tests::open`).
pub(super) fn open(data: &Path, sync: &Path, dev: &Device) -> SyncStore {
    for _ in 0..500 {
        match SyncStore::open::<Ev>(data, sync, dev, jiff::civil::date(2026, 1, 1)) {
            Err(StoreError::Locked { .. }) => {
                std::thread::sleep(std::time::Duration::from_millis(10))
            }
            other => return other.expect("open the synced store"),
        }
    }
    panic!("{} stayed locked", data.display());
}

/// The ids in the order folded, and how many records were folded now.
pub(super) fn fold(store: &mut SyncStore) -> (Vec<u32>, u64) {
    store
        .fold::<Ev, Vec<u32>>(&mut |s, e| s.push(e.id))
        .unwrap()
}

/// Opens, folds and saves the snapshot, as a start does.
pub(super) fn start(data: &Path, sync: &Path, dev: &Device) -> (Vec<u32>, u64, Vec<String>) {
    let mut store = open(data, sync, dev);
    let (ids, records) = fold(&mut store);
    store.save_snapshot(&ids).unwrap();
    (ids, records, store.warnings())
}

fn write(path: &Path, text: &str) {
    fs::write(path, text).unwrap();
}

fn append(path: &Path, text: &str) {
    use std::io::Write;
    let mut f = fs::OpenOptions::new().append(true).open(path).unwrap();
    f.write_all(text.as_bytes()).unwrap();
}

#[test]
fn devices_merge_by_time_then_device_then_line() {
    let h = home();
    write(
        &h.sync.join("b.log"),
        &lines(&[ev(5, 1), ev(1, 2), ev(3, 3)]),
    );
    write(&h.sync.join("a.log"), &lines(&[ev(3, 4), ev(9, 5)]));
    let me = device("m", "x");
    let mut store = open(&h.data, &h.sync, &me);
    store.append(&ev(3, 6)).unwrap();
    drop(store);
    let (ids, _, _) = start(&h.data, &h.sync, &me);
    // At t=3: a, b, m by name; b's own lines stay in their order.
    assert_eq!(ids, vec![2, 4, 3, 6, 1, 5]);
}

#[test]
fn a_torn_copy_is_ignored_until_it_is_complete() {
    let h = home();
    let me = device("m", "x");
    let third = line(&ev(3, 3));
    let (head, rest) = third.split_at(7);
    write(
        &h.sync.join("b.log"),
        &(lines(&[ev(1, 1), ev(2, 2)]) + head),
    );
    let (ids, _, _) = start(&h.data, &h.sync, &me);
    assert_eq!(ids, vec![1, 2]);
    append(&h.sync.join("b.log"), rest);
    let (ids, records, _) = start(&h.data, &h.sync, &me);
    assert_eq!(ids, vec![1, 2, 3]);
    assert_eq!(
        records, 1,
        "the completed line alone is folded, onto the snapshot"
    );
}

#[test]
fn a_stale_copy_keeps_what_was_read_and_names_the_file() {
    let h = home();
    let me = device("m", "x");
    let all = [ev(1, 1), ev(2, 2), ev(3, 3), ev(4, 4)];
    write(&h.sync.join("b.log"), &lines(&all));
    assert_eq!(start(&h.data, &h.sync, &me).0, vec![1, 2, 3, 4]);
    write(&h.sync.join("b.log"), &lines(&all[..2]));
    let (ids, _, warnings) = start(&h.data, &h.sync, &me);
    assert_eq!(ids, vec![1, 2, 3, 4]);
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("b.log") && w.contains("older copy")),
        "{warnings:?}"
    );
    // The whole file coming back adds nothing twice.
    write(&h.sync.join("b.log"), &lines(&all));
    assert_eq!(start(&h.data, &h.sync, &me).0, vec![1, 2, 3, 4]);
}

#[test]
fn conflict_copies_add_their_lines_once() {
    let h = home();
    let me = device("m", "x");
    // b wrote the same line twice (two changes in one second): both count.
    let twice = ev(2, 2);
    write(
        &h.sync.join("b.log"),
        &lines(&[ev(1, 1), twice.clone(), twice.clone(), ev(3, 3)]),
    );
    write(
        &h.sync.join("b.sync-conflict-20260101-101010-ABCDEFG.log"),
        &lines(&[ev(1, 1), twice.clone(), ev(4, 4)]),
    );
    write(
        &h.sync.join("b (Desk's conflicted copy 2026-01-01).log"),
        &lines(&[ev(1, 1), twice.clone(), twice, ev(3, 3), ev(5, 5)]),
    );
    let (ids, _, _) = start(&h.data, &h.sync, &me);
    assert_eq!(ids, vec![1, 2, 2, 3, 4, 5]);
    // Read again, and once the copies are gone, nothing changes.
    assert_eq!(start(&h.data, &h.sync, &me).0, ids);
    for f in fs::read_dir(&h.sync).unwrap() {
        let p = f.unwrap().path();
        if p.file_name().unwrap() != "b.log" {
            fs::remove_file(p).unwrap();
        }
    }
    assert_eq!(start(&h.data, &h.sync, &me).0, ids);
}

#[test]
fn one_device_name_on_two_machines_is_warned_and_loses_nothing() {
    let h = home();
    let other_data = h.data.with_file_name("other-data");
    let (one, two) = (device("lap", "machine-1"), device("lap", "machine-2"));
    let mut store = open(&h.data, &h.sync, &one);
    store.append(&ev(1, 1)).unwrap();
    assert!(store.warnings().is_empty(), "{:?}", store.warnings());
    drop(store);
    let mut store = open(&other_data, &h.sync, &two);
    store.append(&ev(2, 2)).unwrap();
    let warned = store.warnings();
    assert!(
        warned
            .iter()
            .any(|w| w.contains("\"lap\"") && w.contains("another machine")),
        "{warned:?}"
    );
    drop(store);
    assert_eq!(start(&h.data, &h.sync, &one).0, vec![1, 2]);
    assert_eq!(start(&other_data, &h.sync, &two).0, vec![1, 2]);
}

/// The old layout: `data/reviews.log` with `n` events, written by the store.
fn old_layout(data: &Path, n: u32) -> Vec<u8> {
    let mut store = Store::open::<Ev>(data, jiff::civil::date(2026, 1, 1)).unwrap();
    store
        .append_bulk((0..n).map(|i| ev(i64::from(i % 3), i)))
        .unwrap();
    drop(store);
    fs::read(data.join(LOG_FILE)).unwrap()
}

#[test]
fn the_switch_cut_short_at_any_byte_loses_and_doubles_nothing() {
    let h = home();
    let old = old_layout(&h.data, 5);
    let mut expected: Vec<(i64, u32)> = (0..5).map(|i| (i64::from(i % 3), i)).collect();
    expected.sort();
    let expected: Vec<u32> = expected.into_iter().map(|(_, i)| i).collect();
    let me = device("m", "x");
    let own = h.sync.join("m.log");
    // Killed after `k` bytes of the append (k = 0: before it; all: before the rename).
    for k in 0..=old.len() {
        let _ = fs::remove_file(&own);
        fs::write(h.data.join(LOG_FILE), &old).unwrap();
        fs::write(&own, &old[..k]).unwrap();
        for f in fs::read_dir(&h.data).unwrap() {
            let p = f.unwrap().path();
            if p.to_string_lossy().contains("moved-to-sync") || p.ends_with("sync") {
                let _ = fs::remove_file(&p).or_else(|_| fs::remove_dir_all(&p));
            }
        }
        let (ids, _, _) = start(&h.data, &h.sync, &me);
        assert_eq!(ids, expected, "cut after {k} bytes");
        assert_eq!(fs::read(&own).unwrap(), old, "cut after {k} bytes");
        assert!(!h.data.join(LOG_FILE).exists());
        // Started again: the new layout stays as it is.
        assert_eq!(start(&h.data, &h.sync, &me).0, expected);
        assert_eq!(fs::read(&own).unwrap(), old);
    }
}

#[test]
fn a_reader_sees_the_old_log_before_the_switch_and_changes_nothing() {
    let h = home();
    old_layout(&h.data, 3);
    write(&h.sync.join("b.log"), &lines(&[ev(1, 100)]));
    let me = device("m", "x");
    let mut reader = SyncStore::open_read_only::<Ev>(&h.data, &h.sync, &me).unwrap();
    let (ids, _) = fold(&mut reader);
    assert_eq!(ids, vec![0, 100, 1, 2], "at t=1, b before m");
    assert!(h.data.join(LOG_FILE).exists());
    assert!(!h.sync.join("m.log").exists());
    assert!(!h.data.join(super::LOCAL_DIR).exists());
}

#[test]
fn nothing_new_folds_nothing_newer_lines_fold_onto_the_snapshot_and_older_ones_refold() {
    let h = home();
    let me = device("m", "x");
    write(&h.sync.join("b.log"), &lines(&[ev(1, 1), ev(5, 2)]));
    assert_eq!(start(&h.data, &h.sync, &me).1, 2);
    assert_eq!(start(&h.data, &h.sync, &me).1, 0, "nothing new");
    write(&h.sync.join("c.log"), &lines(&[ev(6, 3), ev(7, 4)]));
    let (ids, records, _) = start(&h.data, &h.sync, &me);
    assert_eq!(
        (ids, records),
        (vec![1, 2, 3, 4], 2),
        "newer: folded onto the snapshot"
    );
    append(&h.sync.join("c.log"), &lines(&[ev(2, 5)]));
    let (ids, records, _) = start(&h.data, &h.sync, &me);
    assert_eq!(
        (ids, records),
        (vec![1, 5, 2, 3, 4], 5),
        "older: a full fold"
    );
}

#[test]
fn a_line_that_does_not_read_is_left_out_and_looked_at_again_at_every_start() {
    let h = home();
    let me = device("m", "x");
    let text = line(&ev(1, 1)) + "Future(kind: 7)\n" + &line(&ev(2, 2));
    write(&h.sync.join("b.log"), &text);
    for _ in 0..2 {
        let (ids, _, warnings) = start(&h.data, &h.sync, &me);
        assert_eq!(ids, vec![1, 2]);
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("b.log") && w.contains("line 2")),
            "{warnings:?}"
        );
    }
}

#[test]
fn a_sync_folder_used_before_and_gone_is_not_made_again() {
    let h = home();
    let me = device("m", "x");
    let mut store = open(&h.data, &h.sync, &me);
    store.append(&ev(1, 1)).unwrap();
    drop(store);
    let unmounted = h.sync.with_file_name("unmounted");
    fs::rename(&h.sync, &unmounted).unwrap();
    let err = SyncStore::open::<Ev>(&h.data, &h.sync, &me, jiff::civil::date(2026, 1, 1))
        .unwrap_err()
        .to_string();
    assert!(err.contains("mounted"), "{err}");
    assert!(!h.sync.exists());
    fs::rename(&unmounted, &h.sync).unwrap();
    assert_eq!(start(&h.data, &h.sync, &me).0, vec![1]);
}

#[test]
fn a_reader_reads_its_own_last_record_without_its_newline() {
    let h = home();
    let me = device("m", "x");
    let mut store = open(&h.data, &h.sync, &me);
    store.append(&ev(1, 1)).unwrap();
    store.append(&ev(2, 2)).unwrap();
    drop(store);
    let own = h.sync.join("m.log");
    let mut bytes = fs::read(&own).unwrap();
    assert_eq!(bytes.pop(), Some(b'\n'));
    fs::write(&own, &bytes).unwrap();
    let mut reader = SyncStore::open_read_only::<Ev>(&h.data, &h.sync, &me).unwrap();
    assert_eq!(fold(&mut reader).0, vec![1, 2]);
    assert_eq!(fs::read(&own).unwrap(), bytes, "a reader changes nothing");
    assert_eq!(start(&h.data, &h.sync, &me).0, vec![1, 2]);
}

#[test]
fn a_local_copy_deleted_by_hand_is_made_again_from_the_folder() {
    let h = home();
    let me = device("m", "x");
    write(&h.sync.join("b.log"), &lines(&[ev(1, 1), ev(2, 2)]));
    assert_eq!(start(&h.data, &h.sync, &me).0, vec![1, 2]);
    fs::remove_file(h.data.join(super::LOCAL_DIR).join("b.log")).unwrap();
    assert_eq!(start(&h.data, &h.sync, &me).0, vec![1, 2]);
    assert!(h.data.join(super::LOCAL_DIR).join("b.log").exists());
}
