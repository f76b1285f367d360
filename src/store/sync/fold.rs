//! Folding every device's lines into one state, in one order that every device computes: by
//! time, then by device name, then by place in that device's lines. A local snapshot
//! (`data/sync/state.bin`) remembers how far each source was folded and the last key folded,
//! so that a start with nothing new reads no line, new lines that sort after the last key are
//! folded onto the snapshot, and only a line that sorts before it makes a full fold.

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::ingest::{Mark, mark};
use crate::store::error::{StoreError, io_err};
use crate::store::fsutil;
use crate::store::log::parse_line;

/// A record with the time it happened, by which the devices' records are merged.
pub trait Stamped {
    fn stamp(&self) -> jiff::Timestamp;
    /// Whether the record is an answer (for `somadeck sync`'s last answer of each device).
    fn is_answer(&self) -> bool {
        true
    }
}

/// Where a record sorts: time (nanoseconds), device, source (0: the device's own log, 1: the
/// lines kept from elsewhere), line within the source.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) struct Key {
    pub at: i128,
    pub device: String,
    pub rank: u8,
    pub seq: u64,
}

/// The lines of one device held in one place: complete lines in a file, and for a reader,
/// lines held in memory after them.
#[derive(Debug)]
pub(crate) struct Source {
    /// Names the source in the snapshot.
    pub name: String,
    pub device: String,
    pub rank: u8,
    pub path: PathBuf,
    /// Bytes of complete lines in the file (0 if there is none).
    pub len: u64,
    pub extra: Vec<u8>,
}

impl Source {
    fn total(&self) -> u64 {
        self.len + self.extra.len() as u64
    }

    /// The bytes from `from` to `to` of the file followed by the lines in memory.
    fn read_range(&self, from: u64, to: u64) -> Result<Vec<u8>, StoreError> {
        let mut out = Vec::new();
        if from < self.len {
            let mut file = fs::File::open(&self.path).map_err(io_err(&self.path))?;
            out = fsutil::read_range(&mut file, &self.path, from, to.min(self.len))?;
        }
        let skip = usize::try_from(from.saturating_sub(self.len)).unwrap_or(usize::MAX);
        let upto = usize::try_from(to.saturating_sub(self.len)).unwrap_or(usize::MAX);
        out.extend_from_slice(self.extra.get(skip..upto).unwrap_or_default());
        Ok(out)
    }

    /// The mark at `pos`: the hash of the 256 bytes before it.
    pub(crate) fn mark_at(&self, pos: u64) -> Result<Mark, StoreError> {
        let bytes = self.read_range(pos.saturating_sub(256), pos)?;
        Ok(Mark {
            len: pos,
            hash: mark(&bytes, bytes.len()).hash,
        })
    }
}

/// How far a source was folded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Folded {
    pub name: String,
    pub mark: Mark,
    pub lines: u64,
}

#[derive(Serialize, Deserialize)]
pub(crate) struct Snap<S> {
    pub settings: u64,
    pub folded: Vec<Folded>,
    pub newest: Option<Key>,
    pub state: S,
}

/// What a fold gives.
#[derive(Debug)]
pub(crate) struct Outcome<S> {
    pub state: S,
    pub folded: Vec<Folded>,
    pub newest: Option<Key>,
    /// Records folded now (not taken from the snapshot).
    pub records: u64,
}

/// v2: the progress of snapshot v9 (first answers missed kept on each state); v3: of
/// snapshot v10 (the ids' fingerprint joined from each deck's share); any other version is
/// rebuilt, never read as this one.
const MAGIC: &[u8] = b"somadeck sync snapshot v3\n";

/// The snapshot at `path`, if it reads (anything else is a cache to rebuild).
pub(crate) fn load_snap<S: DeserializeOwned>(path: &Path) -> Option<Snap<S>> {
    let bytes = fs::read(path).ok()?;
    postcard::from_bytes(bytes.strip_prefix(MAGIC)?).ok()
}

/// Writes the snapshot through a temp file, synced and renamed.
pub(crate) fn save_snap<S: Serialize>(path: &Path, snap: &Snap<S>) -> Result<(), StoreError> {
    let mut bytes = MAGIC.to_vec();
    postcard::to_io(snap, &mut bytes).map_err(|e| StoreError::Encode {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    crate::store::write_atomically(path, &bytes).map_err(|e| io_err(path)(std::io::Error::other(e)))
}

/// Folds `sources` with `apply`, from `snap` where it still fits them.
pub(crate) fn fold<E, S>(
    sources: &[Source],
    snap: Option<Snap<S>>,
    settings: u64,
    apply: &mut dyn FnMut(&mut S, E),
) -> Result<Outcome<S>, StoreError>
where
    E: DeserializeOwned + Stamped + Send,
    S: Default,
{
    if let Some(snap) = snap.filter(|s| s.settings == settings)
        && let Some(starts) = starts(sources, &snap.folded)?
    {
        let (mut new, lines) = keyed::<E>(sources, &starts)?;
        new.sort_by(|a, b| a.0.cmp(&b.0));
        if new
            .first()
            .is_none_or(|(k, _)| snap.newest.as_ref().is_none_or(|n| k > n))
        {
            let newest = new.last().map(|(k, _)| k.clone()).or(snap.newest);
            let records = new.len() as u64;
            let mut state = snap.state;
            new.into_iter().for_each(|(_, e)| apply(&mut state, e));
            return Ok(Outcome {
                state,
                folded: folded(sources, &lines)?,
                newest,
                records,
            });
        }
    }
    let (mut all, lines) = keyed::<E>(sources, &vec![(0, 0); sources.len()])?;
    all.sort_by(|a, b| a.0.cmp(&b.0));
    let newest = all.last().map(|(k, _)| k.clone());
    let records = all.len() as u64;
    let mut state = S::default();
    all.into_iter().for_each(|(_, e)| apply(&mut state, e));
    Ok(Outcome {
        state,
        folded: folded(sources, &lines)?,
        newest,
        records,
    })
}

/// How far each source is folded once all of it is: its end, and its `lines`.
fn folded(sources: &[Source], lines: &[u64]) -> Result<Vec<Folded>, StoreError> {
    sources
        .iter()
        .zip(lines)
        .map(|(s, &lines)| {
            Ok(Folded {
                name: s.name.clone(),
                mark: s.mark_at(s.total())?,
                lines,
            })
        })
        .collect()
}

/// Where to start reading each source (byte offset, lines before it) after `folded`, or
/// `None` if some source no longer starts with what was folded from it.
fn starts(sources: &[Source], folded: &[Folded]) -> Result<Option<Vec<(u64, u64)>>, StoreError> {
    let mut starts = vec![(0u64, 0u64); sources.len()];
    for f in folded {
        let Some(i) = sources.iter().position(|s| s.name == f.name) else {
            return Ok(None);
        };
        if f.mark.len > sources[i].total() || sources[i].mark_at(f.mark.len)? != f.mark {
            return Ok(None);
        }
        starts[i] = (f.mark.len, f.lines);
    }
    Ok(Some(starts))
}

/// Every record of the sources after their starts, with its key, and the line count each
/// source ends at.
pub(crate) type Keyed<E> = (Vec<(Key, E)>, Vec<u64>);

pub(crate) fn keyed<E: DeserializeOwned + Stamped + Send>(
    sources: &[Source],
    starts: &[(u64, u64)],
) -> Result<Keyed<E>, StoreError> {
    let mut out = Vec::new();
    let mut ends = Vec::with_capacity(sources.len());
    for (source, &(from, lines_before)) in sources.iter().zip(starts) {
        let bytes = source.read_range(from, source.total())?;
        let lines: Vec<&[u8]> = bytes.split_inclusive(|&b| b == b'\n').collect();
        let parsed: Vec<Result<E, String>> = lines.par_iter().map(|l| parse_line(l)).collect();
        ends.push(lines_before + parsed.len() as u64);
        for (i, record) in parsed.into_iter().enumerate() {
            let seq = lines_before + i as u64;
            let record = record.map_err(|message| StoreError::Damaged {
                path: source.path.clone(),
                line: seq + 1,
                copy: None,
                message,
            })?;
            let key = Key {
                at: record.stamp().as_nanosecond(),
                device: source.device.clone(),
                rank: source.rank,
                seq,
            };
            out.push((key, record));
        }
    }
    Ok((out, ends))
}
