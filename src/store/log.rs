//! Reading the append-only review log: streaming, parallel replay, and what a reader makes of
//! its end.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use super::error::{StoreError, io_err};
use super::{Store, fsutil, quick};

/// What a [`Store::replay`] read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplayInfo {
    /// Number of records passed to the callback.
    pub records: u64,
    /// Byte offset in the log where reading stopped (the log's length).
    pub end: u64,
}

/// How much of the log is read and parsed at a time during a replay.
const REPLAY_CHUNK: u64 = 2 << 20;

/// A chunk of the log read and parsed: its pieces in order, and its length in bytes.
type Chunk<E> = Result<(Vec<PieceResult<E>>, u64), StoreError>;

/// Why a scan of a log file stopped early.
pub(crate) enum ScanError {
    Store(StoreError),
    /// The `index`-th line (1-based) after the starting offset does not parse.
    Bad {
        index: u64,
        message: String,
    },
}

impl From<StoreError> for ScanError {
    fn from(e: StoreError) -> Self {
        ScanError::Store(e)
    }
}

/// Reads `reader` in chunks of whole lines, parses each chunk on every core, and sends the
/// results on in order. Stops when the input ends, on a read error, or when nobody listens.
/// The records the folding thread is done with come back on `used`, to be freed here: freeing
/// ten million item ids was a tenth of the fold's time, on the thread that is the long pole.
fn read_and_parse<E: DeserializeOwned + Send>(
    reader: impl Read,
    path: &Path,
    tx: &std::sync::mpsc::SyncSender<Chunk<E>>,
    used: &std::sync::mpsc::Receiver<Vec<E>>,
) {
    let mut reader = BufReader::with_capacity(1 << 20, reader);
    let mut carry = Vec::new();
    loop {
        used.try_iter().for_each(drop);
        let mut chunk = std::mem::take(&mut carry);
        let got = match (&mut reader).take(REPLAY_CHUNK).read_to_end(&mut chunk) {
            Ok(n) => n,
            Err(e) => {
                let _ = tx.send(Err(io_err(path)(e)));
                return;
            }
        };
        if chunk.is_empty() {
            return;
        }
        let cut = if got == 0 {
            chunk.len()
        } else {
            chunk.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)
        };
        carry = chunk.split_off(cut);
        if cut == 0 {
            continue; // one line longer than a chunk: read on
        }
        // One core is left to the thread that folds the records, which is the longer task and
        // strictly sequential: on two cores, parsing on both slowed the fold by a third.
        let parsers = rayon::current_num_threads().saturating_sub(1).max(1);
        let pieces = split_at_lines(&chunk, parsers);
        let parsed: Vec<PieceResult<E>> = pieces.par_iter().map(|p| parse_piece(p)).collect();
        if tx.send(Ok((parsed, cut as u64))).is_err() {
            return;
        }
    }
}

/// A piece's records, or the first bad line in it (1-based) and why.
type PieceResult<E> = Result<Vec<E>, (usize, String)>;

/// Cuts `bytes` (whole lines) into at most `n` pieces of whole lines.
fn split_at_lines(bytes: &[u8], n: usize) -> Vec<&[u8]> {
    let mut pieces = Vec::with_capacity(n);
    let mut rest = bytes;
    for k in (1..=n).rev() {
        if k == 1 || rest.len() < 64 * 1024 {
            pieces.push(rest);
            break;
        }
        let target = rest.len() / k;
        let cut = rest[target..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(rest.len(), |i| target + i + 1);
        let (head, tail) = rest.split_at(cut);
        pieces.push(head);
        rest = tail;
    }
    pieces
}

/// Parses a piece of whole lines, each as one record, or finds the first bad line (1-based
/// within the piece) and why it is bad.
fn parse_piece<E: DeserializeOwned>(piece: &[u8]) -> PieceResult<E> {
    // Log lines run to about 70 bytes; a close guess saves most regrowth.
    let mut out = Vec::with_capacity(piece.len() / 64 + 1);
    // Checked as UTF-8 once for the whole piece; a piece that is not is read line by line,
    // which names the bad line.
    if let Ok(text) = std::str::from_utf8(piece) {
        for (i, line) in text.split_inclusive('\n').enumerate() {
            let line = line.strip_suffix('\n').unwrap_or(line);
            out.push(parse_text::<E>(line).map_err(|m| (i + 1, m))?);
        }
        return Ok(out);
    }
    for (i, line) in piece.split_inclusive(|&b| b == b'\n').enumerate() {
        out.push(parse_line::<E>(line).map_err(|m| (i + 1, m))?);
    }
    Ok(out)
}

/// One line (with or without its `\n`) as one record: by the quick reader when the line is in
/// the form the store writes, by `ron` otherwise (see [`quick`]).
pub(crate) fn parse_line<E: DeserializeOwned>(line: &[u8]) -> Result<E, String> {
    let text = line.strip_suffix(b"\n").unwrap_or(line);
    let text = std::str::from_utf8(text).map_err(|e| format!("not valid UTF-8: {e}"))?;
    parse_text(text)
}

/// One line's text (without its `\n`) as one record.
fn parse_text<E: DeserializeOwned>(text: &str) -> Result<E, String> {
    match quick::parse::<E>(text) {
        Some(record) => Ok(record),
        None => ron::from_str::<E>(text).map_err(|e| e.to_string()),
    }
}

/// Stream the lines of the file at `path` between byte offsets `from` (a line boundary) and
/// `end` (a line boundary, at most the file's length), parse each and show it to `f`.
pub(crate) fn scan<E: DeserializeOwned + Send>(
    path: &Path,
    from: u64,
    end: u64,
    mut f: impl FnMut(&E),
) -> Result<ReplayInfo, ScanError> {
    scan_batches(
        path,
        from,
        end,
        &mut |batch| batch.iter().for_each(&mut f),
        &mut |_| (),
    )
}

/// Reads and parses the lines of `path` from `from` to `end` (line boundaries) on other
/// threads and hands them to `each`, in order, a batch at a time, telling `reached` the offset
/// read up to after each chunk. What `each` leaves in a batch is freed on the reading thread.
fn scan_batches<E: DeserializeOwned + Send>(
    path: &Path,
    from: u64,
    end: u64,
    each: &mut dyn FnMut(&mut Vec<E>),
    reached: &mut dyn FnMut(u64),
) -> Result<ReplayInfo, ScanError> {
    let mut file = File::open(path).map_err(io_err(path))?;
    check_boundary(&mut file, path, from, end)?;
    file.seek(SeekFrom::Start(from)).map_err(io_err(path))?;
    let mut pos = from;
    let mut records = 0u64;
    // Reading and parsing (on every core) run ahead on another thread while this one folds
    // the records, strictly in order, into the caller's state.
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel(2);
        let (used_tx, used) = std::sync::mpsc::channel();
        let reader = file.take(end - from);
        scope.spawn(move || read_and_parse::<E>(reader, path, &tx, &used));
        for chunk in rx {
            let (pieces, len) = chunk?;
            for result in pieces {
                match result {
                    Ok(mut batch) => {
                        // One record per line, so a batch's length is its line count too.
                        records += batch.len() as u64;
                        each(&mut batch);
                        // The reading thread may have stopped; then this one frees it.
                        let _ = used_tx.send(batch);
                    }
                    Err((line, message)) => {
                        return Err(ScanError::Bad {
                            index: records + line as u64,
                            message,
                        });
                    }
                }
            }
            pos += len;
            reached(pos);
        }
        Ok(ReplayInfo { records, end: pos })
    })
}

/// `from` must be 0 or just after a `\n`, and not beyond `end`.
fn check_boundary(file: &mut File, path: &Path, from: u64, end: u64) -> Result<(), StoreError> {
    let ok = from == 0
        || (from <= end && {
            let mut byte = [0u8; 1];
            file.seek(SeekFrom::Start(from - 1)).map_err(io_err(path))?;
            file.read_exact(&mut byte).map_err(io_err(path))?;
            byte[0] == b'\n'
        });
    if ok {
        Ok(())
    } else {
        Err(StoreError::BadOffset {
            path: path.to_path_buf(),
            offset: from,
            len: end,
        })
    }
}

/// A reader looks at the end of the log without changing it: returns the length up to the end
/// of the last complete line, and a last record that only lacks its `\n`.
pub(crate) fn read_tail<E: DeserializeOwned>(
    log: &mut File,
    path: &Path,
    warnings: &mut Vec<String>,
) -> Result<(u64, Option<Vec<u8>>), StoreError> {
    let (len, end) = fsutil::line_end(log, path)?;
    if end == len {
        return Ok((len, None));
    }
    let tail = fsutil::read_range(log, path, end, len)?;
    if parse_line::<E>(&tail).is_ok() {
        warnings.push(format!(
            "{} ends with a complete record but without its final newline (an editor may have \
             removed it); it was read, and the next study session adds the newline back",
            path.display()
        ));
        return Ok((end, Some(tail)));
    }
    warnings.push(format!(
        "{} ends with an incomplete record of {} byte(s) (cut by a crash, or being written by \
         a somadeck that is open); it was left out, and the next study session saves a copy of \
         it and removes it from the log",
        path.display(),
        tail.len()
    ));
    Ok((end, None))
}

impl Store {
    /// Stream the log from byte offset `from` (which must be a line boundary, e.g. 0 or a
    /// snapshot's log length), parse each line and hand it to `f`.
    ///
    /// A line that does not parse stops the replay: the whole log is copied aside to
    /// `reviews.log.damaged-<hash of its content>` (once per distinct content) and
    /// [`StoreError::Damaged`] is returned. The log itself is never modified here.
    pub fn replay<E: DeserializeOwned + Send>(
        &self,
        from: u64,
        mut f: impl FnMut(E),
    ) -> Result<ReplayInfo, StoreError> {
        let info = self.replay_batches(
            from,
            &mut |batch: &mut Vec<E>| batch.drain(..).for_each(&mut f),
            &mut |_, _| (),
        )?;
        Ok(self.with_unterminated(info, f))
    }

    /// As [`Store::replay`], each record shown to `f` rather than handed over (so that freeing
    /// it is left to the reading thread), telling `progress` the bytes read so far and the bytes
    /// to read, after each chunk of the log (a few MB), so that a long replay can say how far
    /// it is.
    pub fn replay_reporting<E: DeserializeOwned + Send>(
        &self,
        from: u64,
        mut f: impl FnMut(&E),
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<ReplayInfo, StoreError> {
        let info = self.replay_batches(
            from,
            &mut |batch: &mut Vec<E>| batch.iter().for_each(&mut f),
            progress,
        )?;
        Ok(self.with_unterminated(info, |e| f(&e)))
    }

    /// A last record without its `\n` (read, and added back by the next writer) goes last.
    fn with_unterminated<E: DeserializeOwned>(
        &self,
        mut info: ReplayInfo,
        mut f: impl FnMut(E),
    ) -> ReplayInfo {
        if let Some(record) = self
            .unterminated
            .as_deref()
            .and_then(|t| parse_line(t).ok())
        {
            f(record);
            info.records += 1;
        }
        info
    }

    /// The log's complete lines from `from`, in batches (see [`scan_batches`]).
    fn replay_batches<E: DeserializeOwned + Send>(
        &self,
        from: u64,
        each: &mut dyn FnMut(&mut Vec<E>),
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<ReplayInfo, StoreError> {
        let path = &self.log_path;
        // The log's length is always a line boundary, and a read-only store's log may not exist.
        if from == self.log_len {
            return Ok(ReplayInfo {
                records: 0,
                end: from,
            });
        }
        let total = self.log_len.saturating_sub(from);
        let mut reached = |pos: u64| progress(pos.saturating_sub(from), total);
        scan_batches::<E>(path, from, self.log_len, each, &mut reached).map_err(|e| match e {
            ScanError::Store(e) => e,
            ScanError::Bad { index, message } => self.damaged(from, index, message),
        })
    }

    /// Build the `Damaged` error for the `index`-th line after `from`: count the lines before
    /// `from` for a whole-file line number and copy the log aside (once per content).
    fn damaged(&self, from: u64, index: u64, message: String) -> StoreError {
        let path = &self.log_path;
        let line = match count_newlines(path, from) {
            Ok(before) => before + index,
            Err(e) => return e,
        };
        StoreError::Damaged {
            path: path.clone(),
            line,
            copy: fsutil::copy_aside_once(path).ok(),
            message,
        }
    }
}

/// Number of `\n` bytes in the first `end` bytes of the file.
fn count_newlines(path: &Path, end: u64) -> Result<u64, StoreError> {
    let file = File::open(path).map_err(io_err(path))?;
    let mut reader = file.take(end);
    let mut buf = vec![0u8; 64 * 1024];
    let mut count = 0u64;
    loop {
        let n = reader.read(&mut buf).map_err(io_err(path))?;
        if n == 0 {
            return Ok(count);
        }
        count += buf[..n].iter().filter(|&&b| b == b'\n').count() as u64;
    }
}
