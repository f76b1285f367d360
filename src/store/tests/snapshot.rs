//! Tests of saving and loading snapshots, and of setting unusable ones aside.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use super::{day0, open, rec, tempdir};

type State = BTreeMap<String, (u32, f64)>;

fn state(n: u32) -> State {
    (0..n)
        .map(|i| (format!("card-{i}"), (i, f64::from(i) / 3.0)))
        .collect()
}

fn damaged_snapshots(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("state.bin.damaged-"))
        .collect();
    names.sort();
    names
}

#[test]
fn save_then_load_round_trips_with_log_len() {
    let tmp = tempdir();
    let mut store = open(tmp.path(), day0());
    assert!(store.load_snapshot::<State>().is_none());
    store.append_bulk((0..10).map(rec)).unwrap();
    store.save_snapshot(&state(10)).unwrap();
    let at = store.log_len();
    store.append(&rec(10)).unwrap();
    let (loaded, len) = store.load_snapshot::<State>().unwrap();
    assert_eq!((loaded, len), (state(10), at));
    let bytes = fs::read(tmp.path().join("state.bin")).unwrap();
    assert!(
        bytes.starts_with(b"somadeck snapshot v10\n"),
        "versioned header"
    );
    assert!(!tmp.path().join("state.bin.tmp").exists());
    drop(store);
    let store = open(tmp.path(), day0());
    assert_eq!(store.load_snapshot::<State>(), Some((state(10), at)));
    assert!(store.warnings().is_empty());
}

#[test]
fn garbage_or_truncated_snapshot_is_set_aside() {
    let tmp = tempdir();
    let mut store = open(tmp.path(), day0());
    store.append_bulk((0..5).map(rec)).unwrap();
    store.save_snapshot(&state(50)).unwrap();
    let good = fs::read(tmp.path().join("state.bin")).unwrap();
    let cases: Vec<Vec<u8>> = vec![
        b"not ron at all {".to_vec(),
        good[..good.len() / 2].to_vec(),
        good[..good.len() - 1].to_vec(),
        vec![0xff, 0x00, 0x13],
        Vec::new(),
    ];
    for (i, bytes) in cases.iter().enumerate() {
        fs::write(tmp.path().join("state.bin"), bytes).unwrap();
        assert!(store.load_snapshot::<State>().is_none(), "case {i}");
        assert!(!tmp.path().join("state.bin").exists());
        let aside = damaged_snapshots(tmp.path());
        assert_eq!(
            aside.len(),
            i + 1,
            "never overwrite an earlier damaged file"
        );
        assert!(
            aside
                .iter()
                .any(|n| fs::read(tmp.path().join(n)).unwrap() == *bytes),
            "case {i}: contents kept"
        );
        assert_eq!(store.warnings().len(), i + 1);
        assert!(store.warnings()[i].contains("state.bin"));
    }
}

#[test]
fn snapshot_beyond_or_unlike_the_log_is_rejected() {
    let tmp = tempdir();
    let mut store = open(tmp.path(), day0());
    store.append_bulk((0..5).map(rec)).unwrap();
    store.save_snapshot(&state(3)).unwrap();
    drop(store);

    // The log lost its end (e.g. restored from an older backup): log_len is beyond it.
    let log = tmp.path().join("reviews.log");
    let text = fs::read_to_string(&log).unwrap();
    let first_two: String = text.lines().take(2).map(|l| format!("{l}\n")).collect();
    fs::write(&log, &first_two).unwrap();
    let store = open(tmp.path(), day0());
    assert!(store.load_snapshot::<State>().is_none());
    assert_eq!(damaged_snapshots(tmp.path()).len(), 1);
    assert!(
        store.warnings()[0].contains("bytes"),
        "{:?}",
        store.warnings()
    );
    drop(store);

    // A different log of the same length: the tail hash no longer matches.
    let store = open(tmp.path(), day0());
    store.save_snapshot(&state(2)).unwrap();
    drop(store);
    let swapped = first_two.replace("card-1", "card-9");
    assert_eq!(swapped.len(), first_two.len());
    fs::write(&log, &swapped).unwrap();
    let store = open(tmp.path(), day0());
    assert!(store.load_snapshot::<State>().is_none());
    assert_eq!(damaged_snapshots(tmp.path()).len(), 2);
    assert!(store.warnings()[0].contains("does not match"));
}

/// A disk that fills up after `room` bytes: every later write fails with "no space left".
struct FullDisk {
    file: fs::File,
    room: usize,
}

impl std::io::Write for FullDisk {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.room == 0 {
            return Err(std::io::Error::from_raw_os_error(28)); // ENOSPC
        }
        let n = buf.len().min(self.room);
        self.room -= n;
        self.file.write(&buf[..n])
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

impl crate::store::SyncWrite for FullDisk {
    fn sync(&mut self) -> std::io::Result<()> {
        self.file.sync_all()
    }
}

#[test]
fn a_full_disk_at_every_byte_of_a_snapshot_leaves_the_old_one_intact() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = open(tmp.path(), day0());
    store.append_bulk((0..10).map(rec)).unwrap();
    store.save_snapshot(&state(10)).unwrap();
    let good = fs::read(tmp.path().join("state.bin")).unwrap();
    store.append(&rec(10)).unwrap();
    // Every possible point of failure, from the first byte to the last, then room enough.
    let mut room = 0;
    loop {
        let create = |p: &Path| -> std::io::Result<Box<dyn crate::store::SyncWrite>> {
            Ok(Box::new(FullDisk {
                file: fs::File::create(p)?,
                room,
            }))
        };
        match store.save_snapshot_to(&state(11), &create) {
            Err(err) => {
                assert!(err.to_string().contains("state.bin.tmp"), "{err}");
                assert_eq!(
                    fs::read(tmp.path().join("state.bin")).unwrap(),
                    good,
                    "room {room}"
                );
                assert!(!tmp.path().join("state.bin.tmp").exists());
                // The old snapshot still loads (it covers the log up to its own length).
                assert_eq!(store.load_snapshot::<State>().unwrap().0, state(10));
                room += 1;
            }
            Ok(()) => break,
        }
    }
    assert!(
        room > good.len(),
        "failed at every one of {room} byte counts"
    );
    assert_eq!(store.load_snapshot::<State>().unwrap().0, state(11));
}

/// A snapshot whose offset is not the start of a line (written by a version that counted the
/// log's length instead of reading it) is set aside like any other unusable one.
#[test]
fn a_snapshot_at_a_bad_offset_is_set_aside() {
    let tmp = tempdir();
    let mut store = open(tmp.path(), day0());
    store.append_bulk((0..3).map(rec)).unwrap();
    let log = fs::read(store.log_path()).unwrap();
    let offset = log.iter().position(|&b| b == b'\n').unwrap() as u64 - 3;
    let hash = crate::hash::fnv1a(log[..offset as usize].iter().copied());
    let mut bytes = b"somadeck snapshot v10\n".to_vec();
    bytes.extend(postcard::to_allocvec(&(offset, hash, 0u64, state(1))).unwrap());
    fs::write(tmp.path().join("state.bin"), &bytes).unwrap();
    assert!(store.load_snapshot::<State>().is_none());
    assert_eq!(damaged_snapshots(tmp.path()).len(), 1);
    let w = &store.warnings()[0];
    assert!(
        w.contains("not the start of a line") && w.contains("rebuilt"),
        "{w}"
    );
    // A reader ignores it without moving it.
    fs::write(tmp.path().join("state.bin"), &bytes).unwrap();
    let reader = super::super::Store::open_read_only::<super::Rec>(tmp.path()).unwrap();
    assert!(reader.load_snapshot::<State>().is_none());
    assert!(reader.warnings()[0].contains("ignored"));
    assert_eq!(fs::read(tmp.path().join("state.bin")).unwrap(), bytes);
}

/// A snapshot made under other settings (FSRS parameters, desired retention, steps) is not
/// used: the state is rebuilt from the log, quietly, and the old file is left for a writer to
/// replace.
#[test]
fn a_snapshot_made_under_other_settings_is_not_loaded() {
    let tmp = tempdir();
    let mut store = open(tmp.path(), day0());
    store.set_snapshot_key(1);
    store.append_bulk((0..5).map(rec)).unwrap();
    store.save_snapshot(&state(5)).unwrap();
    assert!(store.load_snapshot::<State>().is_some());
    store.set_snapshot_key(2);
    assert!(store.load_snapshot::<State>().is_none());
    assert!(store.warnings().is_empty(), "{:?}", store.warnings());
    assert!(damaged_snapshots(tmp.path()).is_empty());
    assert!(tmp.path().join("state.bin").exists());
    store.save_snapshot(&state(6)).unwrap();
    assert_eq!(store.load_snapshot::<State>().unwrap().0, state(6));
}

/// A snapshot from an older version is out of date, not damaged: no warning, nothing set aside.
#[test]
fn a_snapshot_of_an_older_version_is_rebuilt_quietly() {
    let tmp = tempdir();
    let mut store = open(tmp.path(), day0());
    store.append_bulk((0..3).map(rec)).unwrap();
    let mut bytes = b"somadeck snapshot v2\n".to_vec();
    bytes.extend(postcard::to_allocvec(&(1u64, 2u64, state(1))).unwrap());
    fs::write(tmp.path().join("state.bin"), &bytes).unwrap();
    assert!(store.load_snapshot::<State>().is_none());
    assert!(store.warnings().is_empty(), "{:?}", store.warnings());
    assert!(damaged_snapshots(tmp.path()).is_empty());
}
