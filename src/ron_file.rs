//! Reading the RON files a user or a stranger hands us (decks, `config.ron`) without trusting
//! them: regular files only, a size cap that holds whatever the file claims, and a UTF-8
//! byte-order mark taken off. Also the RON options decks and config share.

use std::fmt;
use std::io::Read;
use std::path::Path;

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// There is nothing at the path.
    NotFound,
    /// A FIFO, device, socket or directory: reading it could block forever or never end.
    NotRegular(&'static str),
    /// Larger than the cap (`size` in bytes when the file system says so).
    TooLarge {
        size: Option<u64>,
        cap: u64,
    },
    Io(std::io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const MIB: u64 = 1024 * 1024;
        match self {
            ReadError::NotFound => f.write_str("the file does not exist"),
            ReadError::NotRegular(kind) => write!(
                f,
                "this is {kind}, not a regular file; only regular files are read"
            ),
            ReadError::TooLarge {
                size: Some(size),
                cap,
            } => write!(
                f,
                "file is {} MiB; the limit is {} MiB",
                size / MIB,
                cap / MIB
            ),
            ReadError::TooLarge { size: None, cap } => {
                write!(f, "file is over the limit of {} MiB", cap / MIB)
            }
            ReadError::Io(e) => write!(f, "cannot read the file: {e}"),
        }
    }
}

fn kind_of(ft: std::fs::FileType) -> Option<&'static str> {
    if ft.is_file() {
        return None;
    }
    if ft.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if ft.is_char_device() || ft.is_block_device() {
            return Some("a device");
        }
        if ft.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// The bytes of the regular file at `path` (symlinks followed), at most `cap` of them.
///
/// The type is checked before the file is opened, because opening a FIFO blocks until a
/// writer comes; and the read goes through `take(cap + 1)`, so a file that grows, or a
/// special file that slipped past, cannot exhaust memory.
pub fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound,
        _ => ReadError::Io(e),
    })?;
    if let Some(kind) = kind_of(meta.file_type()) {
        return Err(ReadError::NotRegular(kind));
    }
    if meta.len() > cap {
        return Err(ReadError::TooLarge {
            size: Some(meta.len()),
            cap,
        });
    }
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    // The path may have been swapped between the check and the open.
    let opened = file.metadata().map_err(ReadError::Io)?;
    if let Some(kind) = kind_of(opened.file_type()) {
        return Err(ReadError::NotRegular(kind));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(opened.len().min(cap)).unwrap_or(0));
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > cap {
        return Err(ReadError::TooLarge { size: None, cap });
    }
    Ok(bytes)
}

/// `text` without a leading UTF-8 byte-order mark, which some editors write and RON rejects.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Brackets nested deeper than this are refused before the parser sees them.
pub const MAX_NESTING: usize = 64;

/// Optional fields are written bare (`topic: "x"`, not `topic: Some("x")`).
pub fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_recursion_limit(MAX_NESTING + 8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_regular_file_within_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.ron");
        std::fs::write(&p, b"0123456789").unwrap();
        assert_eq!(read_capped(&p, 10).unwrap(), b"0123456789");
        assert!(matches!(
            read_capped(&p, 9),
            Err(ReadError::TooLarge { size: Some(10), .. })
        ));
        assert!(matches!(
            read_capped(&dir.path().join("none"), 9),
            Err(ReadError::NotFound)
        ));
        assert!(matches!(
            read_capped(dir.path(), 9),
            Err(ReadError::NotRegular("a folder"))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_links_to_them_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("zero.ron");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        let e = read_capped(&link, 1024).unwrap_err();
        assert!(matches!(e, ReadError::NotRegular("a device")), "{e}");
    }

    #[test]
    fn a_byte_order_mark_is_dropped() {
        assert_eq!(strip_bom("\u{feff}Deck()"), "Deck()");
        assert_eq!(strip_bom("Deck()"), "Deck()");
    }
}
