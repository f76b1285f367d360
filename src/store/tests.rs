//! Integration-style tests of the store (run as unit tests of the crate), incl. SIGKILL crashes.

mod backups;
mod faults;
mod log;
mod props;
mod quick;
mod snapshot;
mod tail;

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use jiff::civil::{Date, date};
use serde::{Deserialize, Serialize};

use super::{Store, StoreError};

/// A small record with a string, a number and an enum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct Rec {
    pub name: String,
    pub n: u32,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) enum Kind {
    Again,
    Good { ease: u8 },
    Note(String),
}

pub(super) fn rec(n: u32) -> Rec {
    let kind = match n % 3 {
        0 => Kind::Again,
        1 => Kind::Good {
            ease: (n % 250) as u8,
        },
        _ => Kind::Note(format!("line\nbreak \"quoted\" ({n}) é")),
    };
    Rec {
        name: format!("card-{n}"),
        n,
        kind,
    }
}

pub(super) fn day0() -> Date {
    date(2025, 1, 1)
}

pub(super) fn replay_all(store: &Store) -> Vec<Rec> {
    let mut out = Vec::new();
    let info = store.replay(0, |r: Rec| out.push(r)).expect("replay");
    assert_eq!(info.records, out.len() as u64);
    assert_eq!(info.end, store.log_len());
    out
}

/// `Store::open`, retrying for a while on `Locked`. Needed only because tests run in parallel
/// with `sigkill_never_loses_confirmed_records`, which spawns processes: between fork and exec
/// a spawned child briefly holds a duplicate of every open lock file (flock locks belong to
/// the open file, not the process), so a store dropped and at once reopened by another test
/// can look locked for that instant. A lock that is really never released still fails.
pub(super) fn open(dir: &Path, today: Date) -> Store {
    for _ in 0..500 {
        match Store::open::<Rec>(dir, today) {
            Err(StoreError::Locked { .. }) => {
                std::thread::sleep(std::time::Duration::from_millis(10))
            }
            other => {
                // The tests look at the backups while the store is open.
                let mut store = other.expect("open store");
                store.finish_backup();
                return store;
            }
        }
    }
    panic!("{} stayed locked", dir.display());
}

pub(super) fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
}

#[test]
fn second_open_is_locked_until_first_is_dropped() {
    let tmp = tempdir();
    let first = open(tmp.path(), day0());
    match Store::open::<Rec>(tmp.path(), day0()) {
        Err(StoreError::Locked { path }) => {
            assert_eq!(path, tmp.path());
            let msg = StoreError::Locked { path: path.clone() }.to_string();
            assert!(
                msg.contains(&tmp.path().display().to_string()) && msg.contains("Close the other"),
                "{msg}"
            );
        }
        other => panic!("expected Locked, got {other:?}"),
    }
    drop(first);
    let mut again = open(tmp.path(), day0());
    again.append(&rec(1)).unwrap();
    assert_eq!(replay_all(&again), vec![rec(1)]);
}

#[test]
fn deleting_the_lock_file_does_not_let_a_second_writer_in() {
    let tmp = tempdir();
    let mut first = open(tmp.path(), day0());
    first.append(&rec(1)).unwrap();
    std::fs::remove_file(tmp.path().join("somadeck.lock")).unwrap();
    match Store::open::<Rec>(tmp.path(), day0()) {
        Err(StoreError::Locked { path }) => assert_eq!(path, tmp.path()),
        other => panic!("expected Locked, got {other:?}"),
    }
    first.append(&rec(2)).unwrap();
    assert_eq!(replay_all(&first), vec![rec(1), rec(2)]);
}

#[test]
fn a_reader_takes_no_lock_and_changes_nothing() {
    let tmp = tempdir();
    let mut writer = open(tmp.path(), day0());
    writer.append(&rec(1)).unwrap();
    writer.append(&rec(2)).unwrap();
    let reader = Store::open_read_only::<Rec>(tmp.path()).unwrap();
    assert!(reader.is_read_only());
    assert_eq!(replay_all(&reader), vec![rec(1), rec(2)]);
    let mut reader = reader;
    assert!(matches!(
        reader.append(&rec(3)),
        Err(StoreError::ReadOnly { .. })
    ));
    assert!(matches!(
        reader.save_snapshot(&1u32),
        Err(StoreError::ReadOnly { .. })
    ));
    writer.append(&rec(3)).unwrap();
    assert_eq!(replay_all(&writer).len(), 3);
    // A folder that does not exist reads as empty and is not created.
    let missing = tmp.path().join("nowhere");
    let empty = Store::open_read_only::<Rec>(&missing).unwrap();
    assert!(replay_all(&empty).is_empty());
    assert!(!missing.exists());
}

#[test]
fn open_creates_missing_dir_and_empty_log() {
    let tmp = tempdir();
    let dir = tmp.path().join("a/b");
    let store = open(&dir, day0());
    assert_eq!(store.log_len(), 0);
    assert!(dir.join("reviews.log").exists());
    assert!(store.warnings().is_empty());
    assert!(replay_all(&store).is_empty());
}

const CHILD_ENV: &str = "SOMADECK_STORE_CHILD";
const CHILD_TEST: &str = "store::tests::crash_child";

/// Child half of `sigkill_never_loses_confirmed_records`: does nothing unless the parent set
/// `SOMADECK_STORE_CHILD`. Appends records forever, printing each sequence number only after
/// `append` returned; every few records it also bulk-appends unconfirmed filler, so kills
/// also land in the middle of buffered writes.
#[test]
fn crash_child() {
    let Some(dir) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let mut store = Store::open::<Rec>(Path::new(&dir), day0()).expect("child open");
    let mut next = 0;
    store
        .replay(0, |r: Rec| {
            if r.kind == Kind::Again {
                next = r.n + 1;
            }
        })
        .expect("child replay");
    for i in 0..1_000_000u32 {
        let seq = next + i;
        store
            .append(&Rec {
                name: "seq".into(),
                n: seq,
                kind: Kind::Again,
            })
            .unwrap();
        println!("confirmed {seq}");
        std::io::Write::flush(&mut std::io::stdout()).unwrap();
        if i % 3 == 2 {
            let filler = (0..1200).map(|k| Rec {
                name: "x".repeat(40),
                n: k,
                kind: Kind::Note("filler".into()),
            });
            store.append_bulk(filler).unwrap();
        }
    }
}

fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

#[test]
fn sigkill_never_loses_confirmed_records() {
    const ROUNDS: u32 = 100;
    let tmp = tempdir();
    let exe = std::env::current_exe().unwrap();
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;
    let mut confirmed_all = Vec::new();
    let mut dir = PathBuf::new();
    let (mut total_confirmed, mut torn_repairs, mut max_log) = (0, 0, 0);
    for round in 0..ROUNDS {
        if round % 5 == 0 {
            // A fresh store now and then keeps the log, and so each replay, small.
            dir = tmp.path().join(format!("data-{round}"));
            confirmed_all.clear();
        }
        let want = 1 + xorshift(&mut rng) % 12;
        let mut child = Command::new(&exe)
            .args(["--exact", CHILD_TEST, "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, &dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut got = 0;
        while got < want {
            let Some(line) = lines.next() else {
                let mut err = String::new();
                child
                    .stderr
                    .take()
                    .unwrap()
                    .read_to_string(&mut err)
                    .unwrap();
                panic!("round {round}: child ended early after {got} records: {err}");
            };
            if let Some(seq) = line.unwrap().strip_prefix("confirmed ") {
                confirmed_all.push(seq.parse::<u32>().unwrap());
                got += 1;
            }
        }
        // A pseudo-random pause (not a timing assertion) so kills land anywhere, including
        // between the buffered writes of a bulk append.
        std::thread::sleep(std::time::Duration::from_micros(xorshift(&mut rng) % 3000));
        child.kill().unwrap();
        child.wait().unwrap();
        total_confirmed += got;

        let mut store = open(&dir, day0());
        torn_repairs += usize::from(!store.warnings().is_empty());
        max_log = max_log.max(store.log_len());
        let seqs: Vec<u32> = replay_all(&store)
            .into_iter()
            .filter(|r| r.kind == Kind::Again)
            .map(|r| r.n)
            .collect();
        assert!(
            seqs.windows(2).all(|w| w[0] < w[1]),
            "round {round}: out of order"
        );
        for s in &confirmed_all {
            assert!(
                seqs.binary_search(s).is_ok(),
                "round {round}: confirmed {s} lost"
            );
        }
        store.append(&rec(7)).unwrap();
        assert_eq!(replay_all(&store).last(), Some(&rec(7)));
    }
    assert!(total_confirmed >= u64::from(ROUNDS));
    // Not asserted (it depends on timing), but reported for the curious.
    eprintln!(
        "sigkill test: {total_confirmed} confirmed records, {torn_repairs}/{ROUNDS} reopenings \
         cut a torn tail, largest log {max_log} bytes"
    );
}

/// A read-only folder is the likelier cause than a full disk when permission is denied, and
/// the message says so first; a full disk is named as such.
#[test]
fn io_errors_name_the_likeliest_cause_first() {
    let err = |kind: std::io::ErrorKind| {
        StoreError::Io {
            path: "/data/reviews.log".into(),
            source: kind.into(),
        }
        .to_string()
    };
    for kind in [
        std::io::ErrorKind::PermissionDenied,
        std::io::ErrorKind::ReadOnlyFilesystem,
    ] {
        let msg = err(kind);
        assert!(msg.contains("may write to this folder"), "{msg}");
        assert!(!msg.contains("full"), "{msg}");
    }
    assert!(err(std::io::ErrorKind::StorageFull).contains("The disk is full"));
    let other = err(std::io::ErrorKind::Other);
    assert!(
        other.find("permissions").unwrap() < other.find("full").unwrap(),
        "{other}"
    );
}

/// How many entries of `dir` have a name that `pick` accepts.
fn count_named(dir: &Path, pick: impl Fn(&str) -> bool) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| pick(&e.as_ref().unwrap().file_name().to_string_lossy()))
        .count()
}
