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

/// The lines of one device held in one place (complete lines only).
#[derive(Debug)]
pub(crate) struct Source {
    /// Names the source in the snapshot.
    pub name: String,
    pub device: String,
    pub rank: u8,
    /// For messages.
    pub path: PathBuf,
    pub bytes: Vec<u8>,
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

const MAGIC: &[u8] = b"somadeck sync snapshot v1\n";

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
    let folded: Vec<Folded> = sources
        .iter()
        .map(|s| Folded {
            name: s.name.clone(),
            mark: mark(&s.bytes, s.bytes.len()),
            lines: line_count(&s.bytes),
        })
        .collect();
    if let Some(snap) = snap.filter(|s| s.settings == settings)
        && let Some(starts) = starts(sources, &snap.folded)
    {
        let mut new = keyed::<E>(sources, &starts)?;
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
                folded,
                newest,
                records,
            });
        }
    }
    let mut all = keyed::<E>(sources, &vec![(0, 0); sources.len()])?;
    all.sort_by(|a, b| a.0.cmp(&b.0));
    let newest = all.last().map(|(k, _)| k.clone());
    let records = all.len() as u64;
    let mut state = S::default();
    all.into_iter().for_each(|(_, e)| apply(&mut state, e));
    Ok(Outcome {
        state,
        folded,
        newest,
        records,
    })
}

/// Where to start reading each source (byte offset, lines before it) after `folded`, or
/// `None` if some source no longer starts with what was folded from it.
fn starts(sources: &[Source], folded: &[Folded]) -> Option<Vec<(usize, u64)>> {
    let mut starts = vec![(0usize, 0u64); sources.len()];
    for f in folded {
        let i = sources.iter().position(|s| s.name == f.name)?;
        let len = usize::try_from(f.mark.len).ok()?;
        let bytes = &sources[i].bytes;
        if len > bytes.len() || mark(bytes, len) != f.mark {
            return None;
        }
        starts[i] = (len, f.lines);
    }
    Some(starts)
}

/// Every record of the sources after their starts, with its key.
pub(crate) fn keyed<E: DeserializeOwned + Stamped + Send>(
    sources: &[Source],
    starts: &[(usize, u64)],
) -> Result<Vec<(Key, E)>, StoreError> {
    let mut out = Vec::new();
    for (source, &(from, lines_before)) in sources.iter().zip(starts) {
        let lines: Vec<&[u8]> = source
            .bytes
            .get(from..)
            .unwrap_or_default()
            .split_inclusive(|&b| b == b'\n')
            .collect();
        let parsed: Vec<Result<E, String>> = lines.par_iter().map(|l| parse_line(l)).collect();
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
    Ok(out)
}

fn line_count(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}
