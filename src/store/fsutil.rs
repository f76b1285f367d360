//! Small filesystem helpers: directory sync, the log's unfinished tail, copies set aside, hashing.

use std::fs::{self, File};
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

/// `<path>.<what>-<UTC timestamp>`, with `-2`, `-3`, ... added so an existing file is never
/// overwritten.
pub(crate) fn aside_path(path: &Path, what: &str) -> PathBuf {
    free_name(&format!("{}.{what}-{}", path.display(), utc_stamp()))
}

/// `base`, or `base-2`, `base-3`, ... whichever does not exist yet.
fn free_name(base: &str) -> PathBuf {
    let mut candidate = PathBuf::from(base);
    let mut n = 2u32;
    while candidate.exists() {
        candidate = PathBuf::from(format!("{base}-{n}"));
        n += 1;
    }
    candidate
}

/// Copy `from` to `to` through a temp file in the same folder, synced, then renamed: `to`
/// is never seen half written.
pub(crate) fn copy_synced(from: &Path, to: &Path) -> Result<(), StoreError> {
    let tmp = PathBuf::from(format!("{}.tmp", to.display()));
    let copied = fs::copy(from, &tmp)
        .and_then(|_| File::open(&tmp))
        .and_then(|f| f.sync_all())
        .and_then(|()| fs::rename(&tmp, to));
    if let Err(e) = copied {
        let _ = fs::remove_file(&tmp);
        return Err(io_err(to)(e));
    }
    if let Some(dir) = to.parent() {
        sync_dir(dir)?;
    }
    Ok(())
}

/// Write `bytes` to a new file at `to`, synced.
pub(crate) fn write_synced(to: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    fs::write(to, bytes)
        .and_then(|()| File::open(to))
        .and_then(|f| f.sync_all())
        .map_err(io_err(to))?;
    if let Some(dir) = to.parent() {
        sync_dir(dir)?;
    }
    Ok(())
}

/// Replaces the file at `to` (a bare name: in the current folder) with `bytes`: a temp file
/// beside it, synced, then renamed, so `to` is never seen half written. For the files the
/// commands write (config, exports, decks); the error is the message for the user.
pub(crate) fn write_atomically(to: &Path, bytes: &[u8]) -> Result<(), String> {
    // A bare file name has an empty parent, which names no folder to create or sync.
    let here;
    let to = if to.parent().is_some_and(|p| p.as_os_str().is_empty()) {
        here = Path::new(".").join(to);
        here.as_path()
    } else {
        to
    };
    let tmp = PathBuf::from(format!("{}.tmp", to.display()));
    if let Some(dir) = to.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    write_synced(&tmp, bytes).map_err(|e| e.to_string())?;
    if let Err(e) = fs::rename(&tmp, to) {
        let _ = fs::remove_file(&tmp);
        return Err(format!("{}: {e}", to.display()));
    }
    Ok(())
}

/// A copy of the whole log at `path` next to it, one per distinct content: a log refused again
/// and again is copied once, not at every start. The copy is named by the content's hash,
/// and an existing copy is reused only if its bytes are the same.
pub(crate) fn copy_aside_once(path: &Path) -> Result<PathBuf, StoreError> {
    let hash = file_hash(path)?;
    let base = format!("{}.damaged-{hash:016x}", path.display());
    let mut candidate = PathBuf::from(&base);
    let mut n = 2u32;
    while candidate.exists() {
        if same_content(path, &candidate)? {
            return Ok(candidate);
        }
        candidate = PathBuf::from(format!("{base}-{n}"));
        n += 1;
    }
    copy_synced(path, &candidate)?;
    Ok(candidate)
}

/// FNV-1a of a whole file, read in chunks.
fn file_hash(path: &Path) -> Result<u64, StoreError> {
    let mut file = File::open(path).map_err(io_err(path))?;
    let mut buf = vec![0u8; 256 * 1024];
    let mut h = crate::hash::fnv1a([]);
    loop {
        let n = file.read(&mut buf).map_err(io_err(path))?;
        if n == 0 {
            return Ok(h);
        }
        for &b in &buf[..n] {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

fn same_content(a: &Path, b: &Path) -> Result<bool, StoreError> {
    let (ma, mb) = (
        fs::metadata(a).map_err(io_err(a))?,
        fs::metadata(b).map_err(io_err(b))?,
    );
    Ok(ma.len() == mb.len() && is_prefix(a, b)?)
}

/// Whether the whole of the file `prefix` is the same as the start of the file `file`.
pub(crate) fn is_prefix(prefix: &Path, file: &Path) -> Result<bool, StoreError> {
    let (mut fa, fb) = (
        File::open(prefix).map_err(io_err(prefix))?,
        File::open(file).map_err(io_err(file))?,
    );
    let len = fa.metadata().map_err(io_err(prefix))?.len();
    let mut fb = fb.take(len);
    let (mut ba, mut bb) = (vec![0u8; 256 * 1024], vec![0u8; 256 * 1024]);
    loop {
        let n = read_full(&mut fa, &mut ba).map_err(io_err(prefix))?;
        let m = read_full(&mut fb, &mut bb).map_err(io_err(file))?;
        if n != m || ba[..n] != bb[..m] {
            return Ok(false);
        }
        if n == 0 {
            return Ok(true);
        }
    }
}

/// Read until `buf` is full or the file ends.
fn read_full(f: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match f.read(&mut buf[got..])? {
            0 => break,
            n => got += n,
        }
    }
    Ok(got)
}

/// The end of a file of lines: its length, and where its last complete line ends (just after
/// its last `\n`, or 0). Scans backwards in chunks, so a big file is not read whole.
pub(crate) fn line_end(file: &mut File, path: &Path) -> Result<(u64, u64), StoreError> {
    let len = file.metadata().map_err(io_err(path))?.len();
    let mut end = len;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        if end == 0 {
            return Ok((len, 0));
        }
        let start = end.saturating_sub(buf.len() as u64);
        let chunk = &mut buf[..(end - start) as usize];
        file.seek(SeekFrom::Start(start)).map_err(io_err(path))?;
        file.read_exact(chunk).map_err(io_err(path))?;
        if let Some(i) = chunk.iter().rposition(|&b| b == b'\n') {
            return Ok((len, start + i as u64 + 1));
        }
        end = start;
    }
}

/// The bytes of `path` from `from` to `to`.
pub(crate) fn read_range(
    file: &mut File,
    path: &Path,
    from: u64,
    to: u64,
) -> Result<Vec<u8>, StoreError> {
    let mut buf = vec![0u8; usize::try_from(to - from).unwrap_or(usize::MAX)];
    file.seek(SeekFrom::Start(from)).map_err(io_err(path))?;
    file.read_exact(&mut buf).map_err(io_err(path))?;
    Ok(buf)
}

/// FNV-1a of the last (up to) 256 bytes of `path` before offset `end`, and whether `end` is
/// the start of a line (0, or just after a `\n`).
pub(crate) fn tail_hash(path: &Path, end: u64) -> Result<(u64, bool), StoreError> {
    let start = end.saturating_sub(256);
    let mut f = File::open(path).map_err(io_err(path))?;
    let buf = read_range(&mut f, path, start, end)?;
    let at_line_start = buf.last().is_none_or(|&b| b == b'\n');
    Ok((crate::hash::fnv1a(buf.iter().copied()), at_line_start))
}

/// Opens a log for reading and appending, creating it when missing; says whether it existed
/// (a new file's folder must be synced for the file to survive a crash).
pub(crate) fn open_log(path: &Path) -> Result<(File, bool), StoreError> {
    let existed = path.exists();
    let file = std::fs::OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .open(path)
        .map_err(io_err(path))?;
    Ok((file, existed))
}
