//! Small filesystem helpers: directory sync, torn-tail repair, "aside" file names, hashing.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use super::error::{StoreError, io_err};

/// Make a rename/creation inside `dir` durable by syncing the directory itself.
pub(crate) fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    #[cfg(unix)]
    {
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(io_err(dir))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// A compact UTC timestamp usable in file names, e.g. `20250102T030405Z`.
pub(crate) fn utc_stamp() -> String {
    jiff::Timestamp::now()
        .strftime("%Y%m%dT%H%M%SZ")
        .to_string()
}

/// `<path>.damaged-<UTC timestamp>`, with `-2`, `-3`, ... added so an existing file is never
/// overwritten.
pub(crate) fn aside_path(path: &Path) -> PathBuf {
    let base = format!("{}.damaged-{}", path.display(), utc_stamp());
    let mut candidate = PathBuf::from(&base);
    let mut n = 2u32;
    while candidate.exists() {
        candidate = PathBuf::from(format!("{base}-{n}"));
        n += 1;
    }
    candidate
}

/// Copy `from` to `to` and sync the copy's data to disk.
pub(crate) fn copy_synced(from: &Path, to: &Path) -> Result<(), StoreError> {
    fs::copy(from, to).map_err(io_err(to))?;
    File::open(to)
        .and_then(|f| f.sync_all())
        .map_err(io_err(to))
}

/// If the file at `path` does not end with `\n`, cut it back to just after its last `\n`
/// (or to empty if it has none) and sync. Returns the number of bytes dropped.
/// Scans backwards in chunks, so a big file is not read whole.
pub(crate) fn repair_torn_tail(path: &Path) -> Result<u64, StoreError> {
    let err = io_err(path);
    let mut file = match OpenOptions::new().read(true).write(true).open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(err(e)),
    };
    let len = file.metadata().map_err(io_err(path))?.len();
    let mut end = len;
    let mut buf = vec![0u8; 64 * 1024];
    let keep = loop {
        if end == 0 {
            break 0;
        }
        let start = end.saturating_sub(buf.len() as u64);
        let chunk = &mut buf[..(end - start) as usize];
        file.seek(SeekFrom::Start(start)).map_err(io_err(path))?;
        file.read_exact(chunk).map_err(io_err(path))?;
        if let Some(i) = chunk.iter().rposition(|&b| b == b'\n') {
            break start + i as u64 + 1;
        }
        end = start;
    };
    if keep < len {
        file.set_len(keep).map_err(io_err(path))?;
        file.sync_all().map_err(io_err(path))?;
    }
    Ok(len - keep)
}

/// FNV-1a of the last (up to) 256 bytes of `path` before offset `end`.
pub(crate) fn tail_hash(path: &Path, end: u64) -> Result<u64, StoreError> {
    let start = end.saturating_sub(256);
    let mut buf = vec![0u8; (end - start) as usize];
    let mut f = File::open(path).map_err(io_err(path))?;
    f.seek(SeekFrom::Start(start)).map_err(io_err(path))?;
    f.read_exact(&mut buf).map_err(io_err(path))?;
    Ok(crate::hash::fnv1a(buf.iter().copied()))
}
