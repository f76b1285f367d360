//! The end of the log: a complete last record that lost its newline is kept, a torn one is
//! copied aside before it is cut off, and a reader changes neither.

use std::fs;
use std::path::Path;

use super::super::Store;
use super::{Rec, day0, open, rec, replay_all, tempdir};

fn files_starting_with(dir: &Path, prefix: &str) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .collect();
    v.sort();
    v
}

/// A log of `n` records whose final newline was removed (as some editors do on saving).
fn log_without_final_newline(dir: &Path, n: u32) -> Vec<u8> {
    let mut store = open(dir, day0());
    store.append_bulk((0..n).map(rec)).unwrap();
    drop(store);
    let path = dir.join("reviews.log");
    let mut bytes = fs::read(&path).unwrap();
    assert_eq!(bytes.pop(), Some(b'\n'));
    fs::write(&path, &bytes).unwrap();
    bytes
}

#[test]
fn a_complete_last_record_without_its_newline_is_kept() {
    let tmp = tempdir();
    let cut = log_without_final_newline(tmp.path(), 4);
    let all: Vec<Rec> = (0..4).map(rec).collect();

    // A reader reads it, says so, and changes nothing.
    let reader = Store::open_read_only::<Rec>(tmp.path()).unwrap();
    assert_eq!(replay_all_read(&reader), all);
    assert!(
        reader.warnings()[0].contains("final newline"),
        "{:?}",
        reader.warnings()
    );
    assert_eq!(fs::read(tmp.path().join("reviews.log")).unwrap(), cut);

    // A writer puts the newline back.
    let mut store = open(tmp.path(), day0());
    assert!(
        store.warnings()[0].contains("newline was added back"),
        "{:?}",
        store.warnings()
    );
    assert_eq!(replay_all(&store), all);
    let mut whole = cut.clone();
    whole.push(b'\n');
    assert_eq!(fs::read(store.log_path()).unwrap(), whole);
    store.append(&rec(4)).unwrap();
    assert_eq!(replay_all(&store).len(), 5);
    assert!(files_starting_with(tmp.path(), "reviews.log.").is_empty());
}

/// A reader's replay also delivers the last record without a newline, which `replay_all`'s
/// check of the end offset does not allow for.
fn replay_all_read(store: &Store) -> Vec<Rec> {
    let mut out = Vec::new();
    store.replay(0, |r: Rec| out.push(r)).unwrap();
    out
}

#[test]
fn a_torn_last_record_is_copied_aside_before_it_is_cut() {
    let tmp = tempdir();
    let mut store = open(tmp.path(), day0());
    store.append_bulk((0..3).map(rec)).unwrap();
    drop(store);
    let path = tmp.path().join("reviews.log");
    let good = fs::read(&path).unwrap();
    let mut torn = good.clone();
    torn.extend_from_slice(b"(name:\"card-3\",n:3,ki");
    fs::write(&path, &torn).unwrap();

    let reader = Store::open_read_only::<Rec>(tmp.path()).unwrap();
    assert_eq!(replay_all(&reader), (0..3).map(rec).collect::<Vec<_>>());
    assert!(
        reader.warnings()[0].contains("incomplete record of 21 byte"),
        "{:?}",
        reader.warnings()
    );
    assert_eq!(fs::read(&path).unwrap(), torn, "a reader changes nothing");
    assert!(files_starting_with(tmp.path(), "reviews.log.").is_empty());

    let store = open(tmp.path(), day0());
    assert_eq!(fs::read(&path).unwrap(), good);
    let copies = files_starting_with(tmp.path(), "reviews.log.tail-");
    assert_eq!(copies.len(), 1);
    assert_eq!(fs::read(&copies[0]).unwrap(), &torn[good.len()..]);
    let w = &store.warnings()[0];
    assert!(
        w.contains("dropped its last 21 byte") && w.contains(&copies[0].display().to_string()),
        "{w}"
    );
}
