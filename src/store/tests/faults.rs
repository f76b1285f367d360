//! Faults injected through the log's I/O layer: a write cut short, then writes, syncs,
//! truncations and size queries failing with EIO, as a pulled USB stick or a network share
//! does. Whatever fails, the log never holds a damaged line, and a record confirmed once
//! survives.

use std::fs;
use std::io;
use std::sync::{Arc, Mutex};

use super::super::{LogFile, StoreError};
use super::{Rec, day0, open, rec, replay_all, tempdir};

/// Faults to inject, each used up as it fires.
#[derive(Debug, Default)]
struct Faults {
    /// The next write writes only this many bytes.
    short_write: Option<usize>,
    /// This many of the writes after that fail.
    failing_writes: u32,
    failing_syncs: u32,
    failing_set_len: u32,
    failing_len: u32,
}

#[derive(Debug)]
struct FaultyLog {
    inner: Box<dyn LogFile>,
    faults: Arc<Mutex<Faults>>,
}

fn eio() -> io::Error {
    io::Error::from_raw_os_error(5)
}

fn take(counter: &mut u32) -> bool {
    let fire = *counter > 0;
    *counter = counter.saturating_sub(1);
    fire
}

impl LogFile for FaultyLog {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut f = self.faults.lock().unwrap();
        if let Some(n) = f.short_write.take() {
            return self.inner.write(&buf[..n.min(buf.len())]);
        }
        if take(&mut f.failing_writes) {
            return Err(eio());
        }
        self.inner.write(buf)
    }

    fn sync_data(&mut self) -> io::Result<()> {
        if take(&mut self.faults.lock().unwrap().failing_syncs) {
            return Err(eio());
        }
        self.inner.sync_data()
    }

    fn set_len(&mut self, len: u64) -> io::Result<()> {
        if take(&mut self.faults.lock().unwrap().failing_set_len) {
            return Err(eio());
        }
        self.inner.set_len(len)
    }

    fn size(&self) -> io::Result<u64> {
        if take(&mut self.faults.lock().unwrap().failing_len) {
            return Err(eio());
        }
        self.inner.size()
    }
}

/// A store in `dir` with records 0..n, its log behind a faulty layer.
fn faulty_store(dir: &std::path::Path, n: u32) -> (super::super::Store, Arc<Mutex<Faults>>) {
    let mut store = open(dir, day0());
    store.append_bulk((0..n).map(rec)).unwrap();
    let faults = Arc::new(Mutex::new(Faults::default()));
    let shared = faults.clone();
    store.wrap_log(|inner| {
        Box::new(FaultyLog {
            inner,
            faults: shared,
        })
    });
    (store, faults)
}

fn line(r: &Rec) -> String {
    format!("{}\n", ron::to_string(r).unwrap())
}

/// The red team's reproduction, at every point a write can be cut: half a record written,
/// the rest of the write and the truncation that should remove it both fail with EIO; the
/// device then recovers and the answer is retried.
#[test]
fn a_failed_rollback_then_a_retry_never_damages_the_log() {
    let retried = line(&rec(3));
    for k in 0..retried.len() {
        let tmp = tempdir();
        let (mut store, faults) = faulty_store(tmp.path(), 3);
        let good = fs::read(store.log_path()).unwrap();
        // k = 0: the first write fails outright.
        *faults.lock().unwrap() = Faults {
            short_write: (k > 0).then_some(k),
            failing_writes: 1,
            failing_set_len: 1,
            ..Faults::default()
        };
        let err = store.append(&rec(3)).unwrap_err();
        assert!(matches!(err, StoreError::Unrepaired { .. }), "{k}: {err:?}");
        if k > 0 {
            let msg = err.to_string();
            assert!(
                msg.contains("was not saved") && msg.contains("nothing more is written"),
                "{msg}"
            );
            assert_eq!(fs::read(store.log_path()).unwrap().len(), good.len() + k);
        }
        // The length the store works from is the last complete line, not the file's end.
        assert_eq!(store.log_len(), good.len() as u64, "{k}");
        store.save_snapshot(&7u32).unwrap();
        store.append(&rec(3)).unwrap();
        let mut expected = good.clone();
        expected.extend_from_slice(retried.as_bytes());
        assert_eq!(fs::read(store.log_path()).unwrap(), expected, "{k}");
        assert_eq!(replay_all(&store), (0..4).map(rec).collect::<Vec<_>>());
        drop(store);
        let store = open(tmp.path(), day0());
        assert!(store.warnings().is_empty(), "{:?}", store.warnings());
        assert_eq!(store.load_snapshot::<u32>().map(|s| s.0), Some(7));
        assert_eq!(replay_all(&store), (0..4).map(rec).collect::<Vec<_>>());
    }
}

/// The device stays broken: the retry refuses to write after the fragment, and the next start
/// cuts the fragment (keeping a copy) with every confirmed record intact.
#[test]
fn while_the_fragment_cannot_be_removed_nothing_is_appended() {
    let tmp = tempdir();
    let (mut store, faults) = faulty_store(tmp.path(), 3);
    let good = fs::read(store.log_path()).unwrap();
    *faults.lock().unwrap() = Faults {
        short_write: Some(9),
        failing_writes: 1,
        failing_set_len: 100,
        ..Faults::default()
    };
    assert!(matches!(
        store.append(&rec(3)),
        Err(StoreError::Unrepaired { write: Some(_), .. })
    ));
    let torn = fs::read(store.log_path()).unwrap();
    for _ in 0..3 {
        let err = store.append(&rec(3)).unwrap_err();
        assert!(
            matches!(err, StoreError::Unrepaired { write: None, .. }),
            "{err:?}"
        );
        assert!(store.append_bulk((4..6).map(rec)).is_err());
        assert_eq!(
            fs::read(store.log_path()).unwrap(),
            torn,
            "nothing appended"
        );
    }
    store.save_snapshot(&3u32).unwrap();
    drop(store);
    let store = open(tmp.path(), day0());
    assert_eq!(fs::read(store.log_path()).unwrap(), good);
    assert!(store.warnings()[0].contains("dropped its last 9 byte"));
    assert_eq!(store.load_snapshot::<u32>().map(|s| s.0), Some(3));
    assert_eq!(replay_all(&store), (0..3).map(rec).collect::<Vec<_>>());
}

#[test]
fn a_failed_write_or_sync_is_cut_back_and_the_next_append_is_clean() {
    for faults_now in [
        Faults {
            failing_writes: 1,
            ..Faults::default()
        },
        Faults {
            short_write: Some(5),
            failing_writes: 1,
            ..Faults::default()
        },
        Faults {
            failing_syncs: 1,
            ..Faults::default()
        },
    ] {
        let tmp = tempdir();
        let (mut store, faults) = faulty_store(tmp.path(), 2);
        let good = fs::read(store.log_path()).unwrap();
        *faults.lock().unwrap() = faults_now;
        let err = store.append(&rec(2)).unwrap_err();
        assert!(matches!(err, StoreError::Io { .. }), "{err:?}");
        assert_eq!(fs::read(store.log_path()).unwrap(), good);
        store.append(&rec(3)).unwrap();
        assert_eq!(replay_all(&store), vec![rec(0), rec(1), rec(3)]);
    }
}

#[test]
fn a_failed_bulk_append_leaves_no_part_of_it() {
    let tmp = tempdir();
    let (mut store, _) = faulty_store(tmp.path(), 2);
    let good = fs::read(store.log_path()).unwrap();
    // Enough records for several buffered writes; two go through, the third fails.
    let many: Vec<Rec> = (10..5000).map(rec).collect();
    store.wrap_log(|inner| Box::new(FailAfter { inner, left: 2 }));
    assert!(store.append_bulk(many.iter().cloned()).is_err());
    assert_eq!(fs::read(store.log_path()).unwrap(), good);
    assert_eq!(replay_all(&store), vec![rec(0), rec(1)]);
}

/// Lets `left` writes through, then fails every write.
#[derive(Debug)]
struct FailAfter {
    inner: Box<dyn LogFile>,
    left: u32,
}

impl LogFile for FailAfter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if take(&mut self.left) {
            self.inner.write(buf)
        } else {
            Err(eio())
        }
    }
    fn sync_data(&mut self) -> io::Result<()> {
        self.inner.sync_data()
    }
    fn set_len(&mut self, len: u64) -> io::Result<()> {
        self.inner.set_len(len)
    }
    fn size(&self) -> io::Result<u64> {
        self.inner.size()
    }
}

#[test]
fn a_failed_size_query_writes_nothing() {
    let tmp = tempdir();
    let (mut store, faults) = faulty_store(tmp.path(), 2);
    let good = fs::read(store.log_path()).unwrap();
    faults.lock().unwrap().failing_len = 1;
    assert!(matches!(store.append(&rec(2)), Err(StoreError::Io { .. })));
    assert_eq!(fs::read(store.log_path()).unwrap(), good);
    store.append(&rec(2)).unwrap();
    assert_eq!(replay_all(&store).len(), 3);
}

/// Bytes this store did not write (another program appending) are never cut or written
/// after: the store refuses and says so.
#[test]
fn a_log_changed_by_another_program_is_not_written_to() {
    let tmp = tempdir();
    let mut store = open(tmp.path(), day0());
    store.append(&rec(0)).unwrap();
    let other = line(&rec(50));
    let mut f = fs::OpenOptions::new()
        .append(true)
        .open(store.log_path())
        .unwrap();
    io::Write::write_all(&mut f, other.as_bytes()).unwrap();
    let before = fs::read(store.log_path()).unwrap();
    let err = store.append(&rec(1)).unwrap_err();
    assert!(matches!(err, StoreError::Changed { .. }), "{err:?}");
    assert!(err.to_string().contains("another program"), "{err}");
    assert_eq!(fs::read(store.log_path()).unwrap(), before);
}
