//! The append-only review log: durable appends, bulk appends and streaming replay.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};

use rayon::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error::{StoreError, io_err};
use super::{Store, fsutil};

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

/// Reads the log in chunks of whole lines, parses each chunk on every core, and sends the
/// results on in order. Stops when the log ends, on a read error, or when nobody listens.
fn read_and_parse<E: DeserializeOwned + Send>(
    file: File,
    path: &std::path::Path,
    tx: &std::sync::mpsc::SyncSender<Chunk<E>>,
) {
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let mut carry = Vec::new();
    loop {
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
        let pieces = split_at_lines(&chunk, rayon::current_num_threads().max(1));
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

/// Parses a piece of whole lines with one deserializer. On failure, finds the first bad line
/// (1-based within the piece) and why it is bad.
fn parse_piece<E: DeserializeOwned>(piece: &[u8]) -> PieceResult<E> {
    let all = std::str::from_utf8(piece).ok().and_then(|text| {
        let lines = line_count(piece);
        let mut de = ron::Deserializer::from_str(text).ok()?;
        let mut out = Vec::with_capacity(lines);
        for _ in 0..lines {
            out.push(E::deserialize(&mut de).ok()?);
        }
        // As many records as lines and nothing after them; otherwise the bad line is found
        // line by line below.
        de.end().ok()?;
        Some(out)
    });
    all.ok_or_else(|| {
        piece
            .split_inclusive(|&b| b == b'\n')
            .enumerate()
            .find_map(|(i, l)| parse_line::<E>(l).err().map(|m| (i + 1, m)))
            .unwrap_or((1, "a line holds more or less than one record".to_string()))
    })
}

fn line_count(bytes: &[u8]) -> usize {
    let ends = bytes.iter().filter(|&&b| b == b'\n').count();
    ends + usize::from(bytes.last().is_some_and(|&b| b != b'\n'))
}

fn parse_line<E: DeserializeOwned>(line: &[u8]) -> Result<E, String> {
    let text = line.strip_suffix(b"\n").unwrap_or(line);
    std::str::from_utf8(text)
        .map_err(|e| format!("not valid UTF-8: {e}"))
        .and_then(|s| ron::from_str::<E>(s).map_err(|e| e.to_string()))
}

impl Store {
    /// Append one record and sync it to disk before returning: once this returns `Ok`, the
    /// record survives a crash. The line is written with a single `write_all` call.
    pub fn append<E: Serialize>(&mut self, record: &E) -> Result<(), StoreError> {
        let line = self.encode_line(record)?;
        let before = self.log_len;
        let result = (&self.log)
            .write_all(line.as_bytes())
            .and_then(|()| self.log.sync_data());
        self.finish_write(before, line.len() as u64, result)
    }

    /// Append many records with buffered writes and a single sync at the end (for importing
    /// or generating big histories). Not atomic: after a crash a prefix may be present.
    pub fn append_bulk<E: Serialize>(
        &mut self,
        records: impl IntoIterator<Item = E>,
    ) -> Result<(), StoreError> {
        let before = self.log_len;
        let mut written = 0u64;
        let mut out = BufWriter::with_capacity(64 * 1024, &self.log);
        let mut result = Ok(());
        for record in records {
            let line = match self.encode_line(&record) {
                Ok(line) => line,
                Err(e) => {
                    drop(out);
                    self.rollback(before);
                    return Err(e);
                }
            };
            if let Err(e) = out.write_all(line.as_bytes()) {
                result = Err(e);
                break;
            }
            written += line.len() as u64;
        }
        let result = result
            .and_then(|()| out.flush())
            .and_then(|()| self.log.sync_data());
        drop(out);
        self.finish_write(before, written, result)
    }

    /// Stream the log from byte offset `from` (which must be a line boundary, e.g. 0 or a
    /// snapshot's log length), parse each line and hand it to `f`.
    ///
    /// A line that does not parse stops the replay: the whole log is copied aside to
    /// `reviews.log.damaged-<timestamp>` and [`StoreError::Damaged`] is returned. The log
    /// itself is never modified here.
    pub fn replay<E: DeserializeOwned + Send>(
        &self,
        from: u64,
        mut f: impl FnMut(E),
    ) -> Result<ReplayInfo, StoreError> {
        let path = &self.log_path;
        let mut file = File::open(path).map_err(io_err(path))?;
        self.check_boundary(&mut file, from)?;
        file.seek(SeekFrom::Start(from)).map_err(io_err(path))?;
        let mut pos = from;
        let mut records = 0u64;
        let mut index = 0u64; // lines read since `from`
        // Reading and parsing (on every core) run ahead on another thread while this one folds
        // the records, strictly in order, into the caller's state.
        std::thread::scope(|scope| {
            let (tx, rx) = std::sync::mpsc::sync_channel(2);
            scope.spawn(move || read_and_parse::<E>(file, path, &tx));
            for chunk in rx {
                let (pieces, len) = chunk?;
                for result in pieces {
                    match result {
                        Ok(batch) => {
                            // One record per line, so a batch's length is its line count too.
                            records += batch.len() as u64;
                            index += batch.len() as u64;
                            batch.into_iter().for_each(&mut f);
                        }
                        Err((line, message)) => {
                            return Err(self.damaged(from, index + line as u64, message));
                        }
                    }
                }
                pos += len;
            }
            Ok(ReplayInfo { records, end: pos })
        })
    }

    /// Serialize `record` as one line ending in `\n`.
    fn encode_line<E: Serialize>(&self, record: &E) -> Result<String, StoreError> {
        let encode_err = |message: String| StoreError::Encode {
            path: self.log_path.clone(),
            message,
        };
        let mut line = ron::to_string(record).map_err(|e| encode_err(e.to_string()))?;
        if line.contains('\n') {
            return Err(encode_err("the encoded record contains a newline".into()));
        }
        line.push('\n');
        Ok(line)
    }

    /// Update the length after a write, or roll a failed write back so no partial line is
    /// left in the middle of the log.
    fn finish_write(
        &mut self,
        before: u64,
        written: u64,
        result: std::io::Result<()>,
    ) -> Result<(), StoreError> {
        match result {
            Ok(()) => {
                self.log_len = before + written;
                Ok(())
            }
            Err(source) => {
                self.rollback(before);
                Err(StoreError::Io {
                    path: self.log_path.clone(),
                    source,
                })
            }
        }
    }

    fn rollback(&mut self, before: u64) {
        // Best effort: if this fails too, the next `open` cuts the torn tail.
        let _ = self.log.set_len(before).and_then(|()| self.log.sync_data());
        self.log_len = before;
    }

    /// `from` must be 0 or just after a `\n`, and not beyond the end of the log.
    fn check_boundary(&self, file: &mut File, from: u64) -> Result<(), StoreError> {
        let path = &self.log_path;
        let len = file.metadata().map_err(io_err(path))?.len();
        let ok = from == 0
            || (from <= len && {
                let mut byte = [0u8; 1];
                file.seek(SeekFrom::Start(from - 1)).map_err(io_err(path))?;
                file.read_exact(&mut byte).map_err(io_err(path))?;
                byte[0] == b'\n'
            });
        if ok {
            Ok(())
        } else {
            Err(StoreError::BadOffset {
                path: path.clone(),
                offset: from,
                len,
            })
        }
    }

    /// Build the `Damaged` error for the `index`-th line after `from`: count the lines before
    /// `from` for a whole-file line number and copy the log aside.
    fn damaged(&self, from: u64, index: u64, message: String) -> StoreError {
        let path = &self.log_path;
        let line = match count_newlines(path, from) {
            Ok(before) => before + index,
            Err(e) => return e,
        };
        let copy = fsutil::aside_path(path);
        if let Err(e) = fsutil::copy_synced(path, &copy) {
            return e;
        }
        StoreError::Damaged {
            path: path.clone(),
            line,
            copy,
            message,
        }
    }
}

/// Number of `\n` bytes in the first `end` bytes of the file.
fn count_newlines(path: &std::path::Path, end: u64) -> Result<u64, StoreError> {
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
