//! Turning sync on: the local log's lines move into this device's log in the sync folder.
//!
//! Two steps, each safe to cut short: (1) the lines of `data/reviews.log` that the device's
//! log lacks are appended to it with one write and one sync; (2) `data/reviews.log` is renamed
//! aside (kept, never deleted). Killed during (1), the device's log ends with part of a line,
//! which the next start cuts off (keeping a copy) before doing (1) again; killed before (2),
//! the next start finds nothing missing and does (2). Until (2) the old layout is whole, and
//! from (1) on the new one is: no line is lost and none is written twice.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use serde::de::DeserializeOwned;

use super::ingest::complete;
use crate::store::error::{StoreError, io_err};
use crate::store::log::parse_line;
use crate::store::{LOG_FILE, Store, fsutil};

/// Moves the lines of `data/reviews.log` into `store`'s log (this device's log in the sync
/// folder), then sets the old file aside, telling the user with a warning.
pub(crate) fn move_local_log<E: DeserializeOwned>(
    store: &mut Store,
    data: &Path,
) -> Result<(), StoreError> {
    let old = data.join(LOG_FILE);
    let bytes = match fs::read(&old) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io_err(&old)(e)),
    };
    let own = read_own(store)?;
    let missing = missing_lines::<E>(complete(&bytes), &own, &old, true)?;
    store.append_lines(&missing)?;
    let aside = fsutil::aside_path(&old, "moved-to-sync");
    fs::rename(&old, &aside).map_err(io_err(&old))?;
    fsutil::sync_dir(data)?;
    store.warn(format!(
        "sync is on: this device's answers are now kept in {} (the old review log was moved \
         there, and the old file kept as {})",
        store.log_path().display(),
        aside.display()
    ));
    Ok(())
}

/// The store's own log, up to its last complete line.
pub(crate) fn read_own(store: &Store) -> Result<Vec<u8>, StoreError> {
    let path = store.log_path();
    let mut bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(io_err(path)(e)),
    };
    bytes.truncate(usize::try_from(store.log_len()).unwrap_or(usize::MAX));
    Ok(bytes)
}

/// The lines of `old` that `own` lacks, counting repeats (see `ingest::new_lines`). A line
/// that does not read stops the move, as it stops a start without sync; a writer keeps a copy
/// of the file at `path` then (`copy_aside`).
pub(crate) fn missing_lines<E: DeserializeOwned>(
    old: &[u8],
    own: &[u8],
    path: &Path,
    copy_aside: bool,
) -> Result<Vec<u8>, StoreError> {
    let mut have: HashMap<&[u8], usize> = HashMap::new();
    for line in own.split_inclusive(|&b| b == b'\n') {
        *have.entry(line).or_default() += 1;
    }
    let mut missing = Vec::new();
    for (i, line) in old.split_inclusive(|&b| b == b'\n').enumerate() {
        if let Some(n) = have.get_mut(line).filter(|n| **n > 0) {
            *n -= 1;
            continue;
        }
        if let Err(message) = parse_line::<E>(line) {
            return Err(StoreError::Damaged {
                path: path.to_path_buf(),
                line: i as u64 + 1,
                copy: copy_aside
                    .then(|| fsutil::copy_aside_once(path).ok())
                    .flatten(),
                message,
            });
        }
        missing.extend_from_slice(line);
    }
    Ok(missing)
}
