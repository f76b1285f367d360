//! A note of the review log as it stood when it was last known to read whole, so that the
//! first start of a day need not read ten years of log to find that nothing changed.
//!
//! The day's first start must refuse damage anywhere in the log, even where no start reads
//! it. A writer that has checked the whole log (or found it as the last writer left it) and
//! then only appended its own records knows the log still reads whole; on closing it writes the
//! file's identity and times (`reviews.log.verified`). The next start compares them with the
//! log's: any write, truncation or replacement of the file since changes its length, inode,
//! modification or status-change time, and a status-change time cannot be set back by a
//! program. Only then is the reading skipped; otherwise the log is checked as before.
//!
//! A note is written only when the file system dates it strictly after the log's last change:
//! an edit made later within the same clock tick as the writer's last append would leave every
//! time as it was (git's "racily clean" index entries).

use std::fs::{self, File};
use std::path::Path;

/// The note's name, in the data folder.
pub(crate) const NOTE: &str = "reviews.log.verified";

/// What identifies the log's content without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp {
    len: u64,
    dev: u64,
    ino: u64,
    /// Seconds and nanoseconds.
    modified: (i64, i64),
    changed: (i64, i64),
}

impl Stamp {
    /// The open file's stamp; `None` where the system has no inode and status-change time.
    pub(crate) fn of(file: &File) -> Option<Stamp> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let m = file.metadata().ok()?;
            Some(Stamp {
                len: m.len(),
                dev: m.dev(),
                ino: m.ino(),
                modified: (m.mtime(), m.mtime_nsec()),
                changed: (m.ctime(), m.ctime_nsec()),
            })
        }
        #[cfg(not(unix))]
        {
            let _ = file;
            None
        }
    }

    pub(crate) fn len(&self) -> u64 {
        self.len
    }

    fn line(&self) -> String {
        let (m, c) = (self.modified, self.changed);
        format!(
            "{} {} {} {} {} {} {}\n",
            self.len, self.dev, self.ino, m.0, m.1, c.0, c.1
        )
    }

    fn parse(text: &str) -> Option<Stamp> {
        let mut n = text.split_ascii_whitespace();
        let mut next = || n.next()?.parse::<i64>().ok();
        let (len, dev, ino) = (next()?, next()?, next()?);
        let modified = (next()?, next()?);
        let changed = (next()?, next()?);
        Some(Stamp {
            len: u64::try_from(len).ok()?,
            dev: u64::try_from(dev).ok()?,
            ino: u64::try_from(ino).ok()?,
            modified,
            changed,
        })
    }
}

/// The stamp the last writer left in `dir`, if any.
pub(crate) fn read(dir: &Path) -> Option<Stamp> {
    Stamp::parse(&fs::read_to_string(dir.join(NOTE)).ok()?)
}

/// Leaves `stamp` as the log known to read whole, if the file system dates the note strictly
/// after the log's last change (see above); removes any older note otherwise. Failing to write
/// it only costs the next day's first start a full check, so errors are ignored, and it is not
/// synced: a note lost in a crash costs the same.
pub(crate) fn write(dir: &Path, stamp: &Stamp) {
    let note = dir.join(NOTE);
    let tmp = dir.join(format!(".{NOTE}.{}.tmp", std::process::id()));
    let kept = fs::write(&tmp, stamp.line()).is_ok()
        && dated_after(&tmp, stamp)
        && fs::rename(&tmp, &note).is_ok();
    if !kept {
        let _ = fs::remove_file(&tmp);
        forget(dir);
    }
}

/// Removes the note: the log must be read whole at the next day's first start.
pub(crate) fn forget(dir: &Path) {
    let _ = fs::remove_file(dir.join(NOTE));
}

/// Whether the file at `path` was last modified strictly after the log's status change.
fn dated_after(path: &Path, stamp: &Stamp) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(path).is_ok_and(|m| (m.mtime(), m.mtime_nsec()) > stamp.changed)
    }
    #[cfg(not(unix))]
    {
        let _ = (path, stamp);
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_reads_back_and_any_change_to_the_file_changes_it() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("reviews.log");
        fs::write(&log, b"(a)\n(b)\n").unwrap();
        let stamp = Stamp::of(&File::open(&log).unwrap()).unwrap();
        assert_eq!(Stamp::parse(&stamp.line()), Some(stamp));
        // The note is dated past the log's last change, then the log is edited (same length).
        std::thread::sleep(std::time::Duration::from_millis(20));
        write(dir.path(), &stamp);
        assert_eq!(read(dir.path()), Some(stamp));
        fs::write(&log, b"(a)\n(c)\n").unwrap();
        let edited = Stamp::of(&File::open(&log).unwrap()).unwrap();
        assert_ne!(edited, stamp);
        // A note not dated after the log's last change is not kept, and the older one goes.
        let racy = Stamp {
            changed: (edited.changed.0 + 3_600, 0),
            ..edited
        };
        write(dir.path(), &racy);
        assert_eq!(read(dir.path()), None);
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "only the log is left"
        );
    }
}
