//! Reading what other devices wrote: every log in the sync folder (and every conflict copy of
//! one) is compared with what was read from it before, and the lines not yet known for its
//! device are kept: a writer appends them to its local copy of that device's lines (its
//! mirror, `data/sync/<device>.log`), a reader holds them in memory.
//!
//! A mirror only grows, so what sync tools do to files cannot take lines away: a log replaced
//! by an older copy has nothing new to give, a conflict copy gives only the lines its device's
//! log lacks, and a line still being copied (no `\n` yet) is left until it is complete.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::names::classify;
use crate::store::error::{StoreError, io_err};
use crate::store::log::parse_line;

/// Where a file was read up to, and the hash of the 256 bytes before that point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Mark {
    pub len: u64,
    pub hash: u64,
}

/// What was read from each file of the sync folder, by file name (`data/sync/seen.ron`).
pub(crate) type Seen = BTreeMap<String, Mark>;

/// The result of reading the sync folder.
#[derive(Debug, Default)]
pub(crate) struct Ingested {
    /// New lines by device, each ending in `\n`, in the order read.
    pub lines: BTreeMap<String, Vec<u8>>,
    /// The marks to keep once those lines are safe.
    pub seen: Seen,
    /// Set when some file's mark changed.
    pub changed: bool,
}

/// The bytes up to and including the last `\n`.
pub(crate) fn complete(bytes: &[u8]) -> &[u8] {
    let end = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    bytes.get(..end).unwrap_or_default()
}

/// The mark of `bytes` (complete lines) at `len`.
pub(crate) fn mark(bytes: &[u8], len: usize) -> Mark {
    let start = len.saturating_sub(256);
    Mark {
        len: len as u64,
        hash: crate::hash::fnv1a(bytes.get(start..len).unwrap_or_default().iter().copied()),
    }
}

/// Reads every device log and conflict copy in `sync_dir` except `own_log` (this device's
/// own log, written by this process). `known(device)` gives the lines already held for a
/// device (its mirror, and for this device its log too), to leave duplicates out.
pub(crate) fn ingest<E: DeserializeOwned>(
    sync_dir: &Path,
    own_log: &str,
    before: &Seen,
    known: &dyn Fn(&str) -> Vec<u8>,
    warnings: &mut Vec<String>,
) -> Result<Ingested, StoreError> {
    let mut out = Ingested {
        seen: before.clone(),
        ..Ingested::default()
    };
    for (file, named) in log_files(sync_dir)? {
        if file == own_log {
            continue;
        }
        let path = sync_dir.join(&file);
        if unchanged(&path, before.get(&file))? {
            continue;
        }
        let bytes = fs::read(&path).map_err(io_err(&path))?;
        let lines = complete(&bytes);
        let now = mark(lines, lines.len());
        // A file that only grew: its lines up to the mark were all taken then.
        let start = match before.get(&file) {
            Some(m) if *m == now => continue,
            Some(m) if m.len <= now.len && mark(lines, m.len as usize) == *m => m.len as usize,
            Some(m) => {
                warnings.push(format!(
                    "{} is not the file read before (it had {} bytes, now {}): a sync tool \
                     probably replaced it with an older copy. The answers already read from it \
                     are kept, and nothing is counted twice",
                    path.display(),
                    m.len,
                    now.len
                ));
                0
            }
            None => 0,
        };
        let mut held = known(&named.device);
        if let Some(taken) = out.lines.get(&named.device) {
            held.extend_from_slice(taken);
        }
        let (fresh, skipped) = new_lines::<E>(lines, start, &held, &path, warnings);
        if !fresh.is_empty() {
            out.lines
                .entry(named.device)
                .or_default()
                .extend_from_slice(&fresh);
        }
        // A line this version cannot read (written by a newer one) is looked at again at
        // every start, so it is taken once somadeck is updated.
        if !skipped {
            out.seen.insert(file, now);
            out.changed = true;
        }
    }
    Ok(out)
}

/// Whether the file at `path` still ends where it was read up to, with the same bytes before
/// that point: then it is not read at all, so a start with nothing new stays cheap.
fn unchanged(path: &Path, before: Option<&Mark>) -> Result<bool, StoreError> {
    let Some(m) = before else {
        return Ok(false);
    };
    let len = fs::metadata(path).map_err(io_err(path))?.len();
    if len != m.len {
        return Ok(false);
    }
    let (hash, _) = crate::store::fsutil::tail_hash(path, len)?;
    Ok(hash == m.hash)
}

/// The `.log` files of the sync folder that belong to a device, sorted by name.
pub(crate) fn log_files(sync_dir: &Path) -> Result<Vec<(String, super::names::Named)>, StoreError> {
    let entries = match fs::read_dir(sync_dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_err(sync_dir)(e)),
    };
    let mut files: Vec<_> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| {
            let file = e.file_name().into_string().ok()?;
            let named = classify(&file, "log")?;
            Some((file, named))
        })
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}

/// The lines of `file` after byte `start` that are not yet among a device's lines, `known`.
/// A device may write the same line twice (two changes in one second), so a line is new when
/// it occurs in `file` more often than in `known`: every file of a device is a version of one
/// append-only log, and its lines are the union of theirs, counted with repeats. Only the
/// lines after `start` are counted elsewhere, so a log that grew by a few lines costs a scan,
/// not a table of all its lines. A line that does not read as a record is left out with a
/// warning, and said so (`true`).
fn new_lines<E: DeserializeOwned>(
    file: &[u8],
    start: usize,
    known: &[u8],
    path: &Path,
    warnings: &mut Vec<String>,
) -> (Vec<u8>, bool) {
    let (before, region) = file.split_at(start.min(file.len()));
    let wanted: HashSet<&[u8]> = lines_of(region).collect();
    let count = |bytes| {
        let mut counts: HashMap<&[u8], usize> = HashMap::new();
        for line in lines_of(bytes).filter(|l| wanted.contains(l)) {
            *counts.entry(line).or_default() += 1;
        }
        counts
    };
    let (mut in_file, mut have) = (count(before), count(known));
    let (mut fresh, mut skipped) = (Vec::new(), false);
    for (i, line) in lines_of(region).enumerate() {
        let n = in_file.entry(line).or_default();
        *n += 1;
        let h = have.entry(line).or_default();
        if *n <= *h {
            continue;
        }
        *h = *n;
        if let Err(e) = parse_line::<E>(line) {
            warnings.push(format!(
                "a line of {} could not be read and was left out ({e}); it is line {} of the \
                 part not read before. If another device runs a newer somadeck, update this \
                 one: the line is read again at every start",
                path.display(),
                i + 1
            ));
            skipped = true;
            continue;
        }
        fresh.extend_from_slice(line);
    }
    (fresh, skipped)
}

fn lines_of(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    bytes.split_inclusive(|&b| b == b'\n')
}
