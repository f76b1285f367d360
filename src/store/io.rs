//! The review log's file as the store writes to it, behind a trait so that tests can make any
//! write, sync, truncation or size query fail the way a pulled USB stick or a network share does.

use std::fs::File;
use std::io;

/// The operations the store performs on the open review log.
pub trait LogFile: Send + std::fmt::Debug {
    /// One `write` call at the end of the file; it may write only part of `buf`.
    fn write(&mut self, buf: &[u8]) -> io::Result<usize>;
    /// Make the written data durable (`fdatasync`).
    fn sync_data(&mut self) -> io::Result<()>;
    /// Cut the file to `len` bytes (`ftruncate`).
    fn set_len(&mut self, len: u64) -> io::Result<()>;
    /// The file's length as the operating system reports it (`fstat`).
    fn size(&self) -> io::Result<u64>;
}

impl LogFile for File {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        io::Write::write(self, buf)
    }

    fn sync_data(&mut self) -> io::Result<()> {
        File::sync_data(self)
    }

    fn set_len(&mut self, len: u64) -> io::Result<()> {
        File::set_len(self, len)
    }

    fn size(&self) -> io::Result<u64> {
        Ok(self.metadata()?.len())
    }
}

/// Write all of `buf` with as many `write` calls as it takes.
pub(crate) fn write_all(file: &mut dyn LogFile, mut buf: &[u8]) -> io::Result<()> {
    while !buf.is_empty() {
        match file.write(buf) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => buf = buf.get(n..).unwrap_or_default(),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
