//! Snapshots of derived state (`state.bin`), tied to the log length and tail they were made from.
//! Binary (postcard) behind a versioned header: the snapshot is a cache read at every start,
//! and decoding it must take milliseconds, not the tens a text format needs.

use std::fs::{self, File};
use std::io::Write;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::error::{StoreError, io_err};
use super::{SNAPSHOT_FILE, Store, fsutil};

/// A file being written that can be made durable.
pub trait SyncWrite: Write {
    fn sync(&mut self) -> std::io::Result<()>;
}

impl SyncWrite for File {
    fn sync(&mut self) -> std::io::Result<()> {
        self.sync_all()
    }
}

/// The first bytes of a snapshot; a new layout of the state gets a new version (v2: study-day
/// counts per deck keyed by day, the newest answer, first answers missed; v3: time taken and
/// young and mature review answers in the day counts, calibration bins; v4: the settings key;
/// v5: the notes left with flags; v6: item states as a dense table, ids in one string; v7:
/// that table encoded as byte strings of its own, see `study::states_codec`; v8: the ids of
/// the bound collection's items left out, known by their fingerprint; v9: first answers
/// missed kept as a mark on each item's state; v10: that fingerprint joined from each deck's
/// share, see `deck::item_ids`, and each state's fields at fixed places).
const SNAPSHOT_MAGIC: &[u8] = b"somadeck snapshot v10\n";
/// What every version's header starts with: a snapshot of another version is out of date, not
/// damaged.
const SNAPSHOT_FAMILY: &[u8] = b"somadeck snapshot v";

/// What [`Store::read_snapshot`] found, for [`Store::use_snapshot`].
pub struct SnapshotRead<S>(Result<Snapshot<S>, Unusable>);

/// Why a snapshot on disk is not used.
enum Unusable {
    /// There is none.
    Absent,
    /// Made by another version, or under other settings ([`Store::set_snapshot_key`]): a
    /// cache to rebuild quietly, kept where it is until a writer replaces it.
    Stale,
    Damaged(String),
}

/// What `state.bin` holds.
#[derive(Serialize, Deserialize)]
struct Snapshot<S> {
    /// Length of the log the state was computed from.
    log_len: u64,
    /// FNV-1a of the last (up to) 256 bytes of the log before `log_len`.
    tail_hash: u64,
    /// The settings the state was derived under ([`Store::set_snapshot_key`]).
    settings: u64,
    state: S,
}

impl Store {
    /// Ties snapshots to the settings the state is derived under (a hash of them): a snapshot
    /// saved under another key is not loaded, so changed settings rebuild the state from the
    /// log.
    pub fn set_snapshot_key(&mut self, key: u64) {
        self.snapshot_key = key;
    }

    /// Atomically replace `state.bin` with `state`, marked as derived from the whole current
    /// log: write `state.bin.tmp`, sync it, rename it over `state.bin`, sync the directory.
    pub fn save_snapshot<S: Serialize>(&self, state: &S) -> Result<(), StoreError> {
        self.save_snapshot_to(state, &|path: &Path| {
            File::create(path).map(|f| Box::new(f) as Box<dyn SyncWrite>)
        })
    }

    /// As [`Store::save_snapshot`], writing the new file through `create` (a disk that fills
    /// up, in tests). On any failure the temp file is removed and the old snapshot is untouched.
    pub fn save_snapshot_to<S: Serialize>(
        &self,
        state: &S,
        create: &dyn Fn(&Path) -> std::io::Result<Box<dyn SyncWrite>>,
    ) -> Result<(), StoreError> {
        if self.is_read_only() {
            return Err(StoreError::ReadOnly {
                path: self.dir.clone(),
            });
        }
        let path = self.dir.join(SNAPSHOT_FILE);
        let tmp = self.dir.join(format!("{SNAPSHOT_FILE}.tmp"));
        let snapshot = Snapshot {
            log_len: self.log_len,
            tail_hash: fsutil::tail_hash(&self.log_path, self.log_len)?.0,
            settings: self.snapshot_key,
            state,
        };
        let mut bytes = SNAPSHOT_MAGIC.to_vec();
        postcard::to_io(&snapshot, &mut bytes).map_err(|e| StoreError::Encode {
            path: path.clone(),
            message: e.to_string(),
        })?;
        let written = create(&tmp).and_then(|mut file| {
            file.write_all(&bytes)?;
            file.sync()
        });
        if let Err(e) = written {
            let _ = fs::remove_file(&tmp);
            return Err(io_err(&tmp)(e));
        }
        fs::rename(&tmp, &path).map_err(io_err(&path))?;
        fsutil::sync_dir(&self.dir)
    }

    /// Load `state.bin`, returning the state and the log length it was derived from, so the
    /// caller replays the log from there.
    ///
    /// Returns `None` if there is no snapshot, or if it was made by another version or under
    /// other settings (quietly: it is a cache out of date), or if it is unusable (unparseable, or made from
    /// a longer or different log, or at an offset that is not the start of a line): an
    /// unusable file is renamed aside to `state.bin.damaged-<timestamp>` (a read-only store
    /// only ignores it) with a warning, and the caller should rebuild from the log.
    pub fn load_snapshot<S: DeserializeOwned>(&self) -> Option<(S, u64)> {
        self.use_snapshot(self.read_snapshot())
    }

    /// The first half of [`Store::load_snapshot`]: `state.bin` read and decoded, and nothing
    /// else done, so that it can run while the settings it must match are still being worked
    /// out (see [`Store::use_snapshot`]).
    pub fn read_snapshot<S: DeserializeOwned>(&self) -> SnapshotRead<S> {
        let path = self.dir.join(SNAPSHOT_FILE);
        // Mapped rather than read: the file is only ever replaced by a rename (see
        // `file_bytes`), and decoding copies out what it keeps.
        SnapshotRead(match crate::file_bytes::FileBytes::open(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Unusable::Absent),
            Err(e) => Err(Unusable::Damaged(format!("could not be read ({e})"))),
            Ok(bytes) => decode::<S>(&bytes),
        })
    }

    /// The second half of [`Store::load_snapshot`]: the snapshot `read` checked against the
    /// settings key and the log, and set aside if damaged.
    pub fn use_snapshot<S>(&self, read: SnapshotRead<S>) -> Option<(S, u64)> {
        let checked = read.0.and_then(|snap| {
            if snap.settings != self.snapshot_key {
                return Err(Unusable::Stale);
            }
            self.check_log(snap).map_err(Unusable::Damaged)
        });
        let problem = match checked {
            Ok(found) => return Some(found),
            Err(Unusable::Absent | Unusable::Stale) => return None,
            Err(Unusable::Damaged(problem)) => problem,
        };
        let path = self.dir.join(SNAPSHOT_FILE);
        if self.is_read_only() {
            self.warn(format!(
                "the snapshot {} {problem}; it was ignored, and progress was rebuilt from the \
                 review log",
                path.display()
            ));
            return None;
        }
        let aside = fsutil::aside_path(&path, "damaged");
        let moved = match fs::rename(&path, &aside) {
            Ok(()) => {
                let _ = fsutil::sync_dir(&self.dir);
                format!("it was moved to {}", aside.display())
            }
            Err(e) => format!("moving it aside failed too ({e})"),
        };
        self.warn(format!(
            "the snapshot {} {problem}; {moved}. Progress is rebuilt from the review log",
            path.display()
        ));
        None
    }

    fn check_log<S>(&self, snap: Snapshot<S>) -> Result<(S, u64), String> {
        if snap.log_len > self.log_len {
            return Err(format!(
                "was made from a review log of {} bytes but the log has only {} bytes",
                snap.log_len, self.log_len
            ));
        }
        let (hash, at_line_start) = fsutil::tail_hash(&self.log_path, snap.log_len)
            .map_err(|e| format!("could not be checked ({e})"))?;
        if !at_line_start {
            return Err(format!(
                "was made at byte {} of the review log, which is not the start of a line",
                snap.log_len
            ));
        }
        if hash != snap.tail_hash {
            return Err("does not match the review log (the log was replaced or edited)".into());
        }
        Ok((snap.state, snap.log_len))
    }
}

/// A snapshot's bytes decoded, not yet checked against the settings or the log.
fn decode<S: DeserializeOwned>(bytes: &[u8]) -> Result<Snapshot<S>, Unusable> {
    let Some(body) = bytes.strip_prefix(SNAPSHOT_MAGIC) else {
        if bytes.starts_with(SNAPSHOT_FAMILY) {
            return Err(Unusable::Stale);
        }
        return Err(Unusable::Damaged("is not a somadeck snapshot".into()));
    };
    postcard::from_bytes(body).map_err(|e| Unusable::Damaged(format!("could not be decoded ({e})")))
}
