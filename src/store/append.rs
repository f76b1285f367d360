//! Writing the review log: durable appends, bulk appends, cutting back a failed write, and
//! mending the end of the log when a writer opens it.

use std::fs::File;
use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error::{StoreError, io_err};
use super::io::{LogFile, write_all};
use super::log::parse_line;
use super::{Store, fsutil};

/// Buffer size of a bulk append.
const BULK_BUFFER: usize = 64 * 1024;

/// A writer mends the end of the log before anything else: a last line without its `\n` that
/// reads as a record (an editor dropped the final newline) gets the newline back; anything
/// else there (a record cut by a crash) is first copied aside, synced, and then cut off.
pub(crate) fn mend_tail<E: DeserializeOwned>(
    log: &mut File,
    path: &Path,
    warnings: &mut Vec<String>,
) -> Result<(), StoreError> {
    let (len, end) = fsutil::line_end(log, path)?;
    if end == len {
        return Ok(());
    }
    let tail = fsutil::read_range(log, path, end, len)?;
    if parse_line::<E>(&tail).is_ok() {
        write_all(log, b"\n")
            .and_then(|()| log.sync_data())
            .map_err(io_err(path))?;
        warnings.push(format!(
            "{} ended with a complete record but without its final newline (an editor may \
             have removed it); the newline was added back",
            path.display()
        ));
        return Ok(());
    }
    let copy = fsutil::aside_path(path, "tail");
    fsutil::write_synced(&copy, &tail)?;
    cut(log, end).map_err(io_err(path))?;
    warnings.push(format!(
        "{} ended with an incomplete record (probably cut by a crash or power loss); \
         dropped its last {} byte(s), which were saved to {}",
        path.display(),
        tail.len(),
        copy.display()
    ));
    Ok(())
}

/// Cut `log` to `len` bytes, sync, and check with `fstat` that it worked.
fn cut(log: &mut dyn LogFile, len: u64) -> std::io::Result<()> {
    log.set_len(len)?;
    log.sync_data()?;
    let now = log.size()?;
    if now == len {
        Ok(())
    } else {
        Err(std::io::Error::other(format!(
            "the file is still {now} bytes long after cutting it to {len}"
        )))
    }
}

impl Store {
    /// Append one record and sync it to disk before returning: once this returns `Ok`, the
    /// record survives a crash. The line is written with a single `write_all` call.
    pub fn append<E: Serialize>(&mut self, record: &E) -> Result<(), StoreError> {
        let line = encode_line(&self.log_path, record)?;
        let before = self.ready_to_append()?;
        let result = write_synced(self.log_file()?, line.as_bytes());
        self.finish_write(before, line.len() as u64, result.map_err(Failure::Io))
    }

    /// Append lines already encoded (each ending in `\n`, as read from another log) with one
    /// write and one sync; a failed write is cut back off as for [`Store::append`].
    pub(crate) fn append_lines(&mut self, lines: &[u8]) -> Result<(), StoreError> {
        if lines.is_empty() {
            return Ok(());
        }
        let before = self.ready_to_append()?;
        let result = write_synced(self.log_file()?, lines);
        self.finish_write(before, lines.len() as u64, result.map_err(Failure::Io))
    }

    /// Append many records with buffered writes and a single sync at the end (for importing
    /// or generating big histories). Not atomic: after a crash a prefix may be present.
    pub fn append_bulk<E: Serialize>(
        &mut self,
        records: impl IntoIterator<Item = E>,
    ) -> Result<(), StoreError> {
        let before = self.ready_to_append()?;
        let path = self.log_path.clone();
        let log = self.log_file()?;
        let mut buf = Vec::with_capacity(BULK_BUFFER * 2);
        let mut written = 0u64;
        let mut result = Ok(());
        for record in records {
            match encode_line(&path, &record) {
                Ok(line) => buf.extend_from_slice(line.as_bytes()),
                Err(e) => {
                    result = Err(Failure::Store(e));
                    break;
                }
            }
            if buf.len() >= BULK_BUFFER {
                if let Err(e) = write_all(log, &buf) {
                    result = Err(Failure::Io(e));
                    break;
                }
                written += buf.len() as u64;
                buf.clear();
            }
        }
        let result = result.and_then(|()| {
            write_synced(log, &buf).map_err(Failure::Io)?;
            written += buf.len() as u64;
            Ok(())
        });
        self.finish_write(before, written, result)
    }

    /// The open log, for a writer.
    fn log_file(&mut self) -> Result<&mut dyn LogFile, StoreError> {
        match self.writer.as_mut() {
            Some(w) => Ok(w.log.as_mut()),
            None => Err(StoreError::ReadOnly {
                path: self.dir.clone(),
            }),
        }
    }

    /// Check, before writing, that the file ends where this store's records end (`fstat`):
    /// cut off part of a record a failed write left (and could not remove then), and refuse
    /// to write after bytes that some other program put there. Returns the length.
    fn ready_to_append(&mut self) -> Result<u64, StoreError> {
        let expected = self.log_len;
        let path = self.log_path.clone();
        let Some(w) = self.writer.as_mut() else {
            return Err(StoreError::ReadOnly {
                path: self.dir.clone(),
            });
        };
        let found = w.log.size().map_err(io_err(&path))?;
        if found == expected {
            w.torn = false;
            return Ok(found);
        }
        if w.torn && found > expected {
            cut(w.log.as_mut(), expected).map_err(|repair| StoreError::Unrepaired {
                path: path.clone(),
                write: None,
                repair,
            })?;
            w.torn = false;
            return Ok(expected);
        }
        Err(StoreError::Changed {
            path,
            expected,
            found,
        })
    }

    /// Update the length after a write, or cut a failed write back off so no part of a
    /// record is left at the end of the log. If that fails too, the store remembers, and cuts
    /// it before the next append (or refuses to append).
    fn finish_write(
        &mut self,
        before: u64,
        written: u64,
        result: Result<(), Failure>,
    ) -> Result<(), StoreError> {
        let path = self.log_path.clone();
        if self.writer.is_none() {
            return Err(StoreError::ReadOnly {
                path: self.dir.clone(),
            });
        }
        let failure = match result {
            Ok(()) => {
                self.log_len = before + written;
                if self.verified.is_some() {
                    self.log_reads_whole(true);
                }
                return Ok(());
            }
            Err(failure) => failure,
        };
        self.log_reads_whole(false);
        let w = self.writer.as_mut().ok_or(StoreError::ReadOnly {
            path: self.dir.clone(),
        })?;
        match cut(w.log.as_mut(), before) {
            Ok(()) => {
                w.torn = false;
                Err(match failure {
                    Failure::Io(source) => StoreError::Io { path, source },
                    Failure::Store(e) => e,
                })
            }
            Err(repair) => {
                w.torn = true;
                Err(StoreError::Unrepaired {
                    path,
                    write: match failure {
                        Failure::Io(e) => Some(e),
                        Failure::Store(e) => Some(std::io::Error::other(e.to_string())),
                    },
                    repair,
                })
            }
        }
    }
}

/// Why a write did not go through.
enum Failure {
    Io(std::io::Error),
    Store(StoreError),
}

/// Write all of `bytes`, then sync.
fn write_synced(log: &mut dyn LogFile, bytes: &[u8]) -> std::io::Result<()> {
    write_all(log, bytes)?;
    log.sync_data()
}

/// Serialize `record` as one line ending in `\n`.
fn encode_line<E: Serialize>(path: &Path, record: &E) -> Result<String, StoreError> {
    let encode_err = |message: String| StoreError::Encode {
        path: path.to_path_buf(),
        message,
    };
    let mut line = ron::to_string(record).map_err(|e| encode_err(e.to_string()))?;
    if line.contains('\n') {
        return Err(encode_err("the encoded record contains a newline".into()));
    }
    line.push('\n');
    Ok(line)
}
