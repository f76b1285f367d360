//! A file's bytes, mapped into memory where the system allows it, else read.
//!
//! Reading a large file (a 100,000-card snapshot is 2.3 MB) copies it into memory the process
//! has never touched, and each page of that costs a fault and a clearing. A mapping lends the
//! pages the system already holds for the file instead: at 100,000 cards, mapping the snapshot
//! and the deck cache's entry took a fifth of the page faults out of a start.
//!
//! Only files somadeck replaces whole are mapped: the snapshot and the deck cache's entries are
//! written to a temporary file and renamed over the old one, so a file once mapped never
//! changes under the mapping (the old one lives on, unnamed, until it is unmapped). See
//! `docs/decisions.md`, "Scale: the snapshot and the deck cache are mapped, not read".

use std::fs::File;
use std::ops::{Deref, Range};
use std::path::Path;
use std::sync::Arc;

/// The bytes of a whole file.
pub struct FileBytes(Inner);

enum Inner {
    Mapped(memmap2::Mmap),
    Read(Vec<u8>),
}

impl FileBytes {
    /// The bytes of the file at `path`.
    pub fn open(path: &Path) -> std::io::Result<FileBytes> {
        Self::of(&File::open(path)?)
    }

    /// The bytes of `file`, mapped; read when the system refuses to map it (some network and
    /// special file systems).
    pub fn of(file: &File) -> std::io::Result<FileBytes> {
        // SAFETY: a mapping is only sound while nothing changes the file under it. The files
        // read here are only ever replaced by renaming a new file over them (see the module's
        // note), which leaves the mapped one as it was.
        match unsafe { memmap2::Mmap::map(file) } {
            Ok(map) => Ok(FileBytes(Inner::Mapped(map))),
            Err(_) => {
                use std::io::Read;
                let mut bytes = Vec::new();
                let mut file = file;
                file.read_to_end(&mut bytes)?;
                Ok(FileBytes(Inner::Read(bytes)))
            }
        }
    }
}

impl Deref for FileBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match &self.0 {
            Inner::Mapped(map) => map,
            Inner::Read(bytes) => bytes,
        }
    }
}

/// A run of bytes: a part of a file's bytes, shared, or bytes of its own.
#[derive(Clone)]
pub struct Bytes(BytesInner);

#[derive(Clone)]
enum BytesInner {
    Own(Vec<u8>),
    Part(Arc<FileBytes>, Range<usize>),
}

impl Bytes {
    /// Bytes `range` of `file`; `None` when the file is shorter.
    pub fn part(file: &Arc<FileBytes>, range: Range<usize>) -> Option<Bytes> {
        file.get(range.clone())?;
        Some(Bytes(BytesInner::Part(Arc::clone(file), range)))
    }
}

impl Default for Bytes {
    fn default() -> Self {
        Bytes(BytesInner::Own(Vec::new()))
    }
}

impl From<Vec<u8>> for Bytes {
    fn from(bytes: Vec<u8>) -> Self {
        Bytes(BytesInner::Own(bytes))
    }
}

impl Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match &self.0 {
            BytesInner::Own(bytes) => bytes,
            BytesInner::Part(file, range) => file.get(range.clone()).unwrap_or(&[]),
        }
    }
}

impl PartialEq for Bytes {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for Bytes {}

impl std::fmt::Debug for Bytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Bytes({} bytes)", self.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_reads_back_whole_and_in_parts() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"hello, world").unwrap();
        let file = Arc::new(FileBytes::open(&path).unwrap());
        assert_eq!(&file[..], b"hello, world");
        let part = Bytes::part(&file, 7..12).unwrap();
        assert_eq!(&part[..], b"world");
        assert_eq!(part, Bytes::from(b"world".to_vec()));
        assert!(Bytes::part(&file, 7..13).is_none(), "past the end");
        // Replaced by a rename, as somadeck replaces the files it maps: the mapping keeps
        // the old bytes.
        let tmp = dir.path().join("f.tmp");
        std::fs::write(&tmp, b"other").unwrap();
        std::fs::rename(&tmp, &path).unwrap();
        assert_eq!(&part[..], b"world");
        assert_eq!(&FileBytes::open(&path).unwrap()[..], b"other");
        std::fs::write(dir.path().join("empty"), b"").unwrap();
        assert!(
            FileBytes::open(&dir.path().join("empty"))
                .unwrap()
                .is_empty()
        );
    }
}
