//! Names in a sync folder: which device a file belongs to, and whether it is that device's log
//! or a copy a sync tool made of it when two versions met (a conflict copy).

/// What a file in the sync folder is to somadeck.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Named {
    pub device: String,
    /// `false` for `<device>.<ext>` itself; `true` for a conflict copy of it.
    pub copy: bool,
}

/// The longest device name.
const MAX_DEVICE: usize = 40;

/// Whether `name` may name a device: 1 to 40 ASCII letters, digits, `-` or `_`, so that it is
/// a file name on every system and cannot be mistaken for a conflict copy's decorations.
pub fn valid_device_name(name: &str) -> bool {
    (1..=MAX_DEVICE).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// What the file called `file` is, for files ending in `.<ext>`: `laptop.log` is laptop's log;
/// Syncthing's `laptop.sync-conflict-20260101-101010-ABCDEFG.log`, Dropbox's
/// `laptop (Desk's conflicted copy 2026-01-01).log` and iCloud's `laptop 2.log` are copies of
/// it. Hidden files (a sync tool's temporary files) and anything else are `None`.
pub(crate) fn classify(file: &str, ext: &str) -> Option<Named> {
    if file.starts_with('.') || file.starts_with('~') {
        return None;
    }
    let stem = file.strip_suffix(ext)?.strip_suffix('.')?;
    if valid_device_name(stem) {
        return Some(Named {
            device: stem.to_string(),
            copy: false,
        });
    }
    let device = if let Some((device, _)) = stem.split_once(".sync-conflict-") {
        device
    } else if let Some((device, rest)) = stem.split_once(" (") {
        if !rest.contains("conflicted copy") {
            return None;
        }
        device
    } else if let Some((device, n)) = stem.rsplit_once(' ') {
        if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        device
    } else {
        return None;
    };
    valid_device_name(device).then(|| Named {
        device: device.to_string(),
        copy: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(device: &str, copy: bool) -> Option<Named> {
        Some(Named {
            device: device.into(),
            copy,
        })
    }

    #[test]
    fn logs_and_their_conflict_copies_are_told_apart() {
        assert_eq!(classify("laptop.log", "log"), named("laptop", false));
        assert_eq!(
            classify("laptop.sync-conflict-20260101-101010-ABCDEFG.log", "log"),
            named("laptop", true)
        );
        assert_eq!(
            classify("desk-2 (Sam's conflicted copy 2026-01-01).log", "log"),
            named("desk-2", true)
        );
        assert_eq!(classify("laptop 2.log", "log"), named("laptop", true));
        for other in [
            ".syncthing.laptop.log.tmp",
            ".laptop.log",
            "laptop.log.tmp",
            "laptop.machine",
            "notes (copy).log",
            "a b.log",
            "laptop 2x.log",
            "~laptop.log",
        ] {
            assert_eq!(classify(other, "log"), None, "{other}");
        }
        assert_eq!(
            classify("laptop.machine", "machine"),
            named("laptop", false)
        );
    }

    #[test]
    fn device_names_are_plain() {
        assert!(valid_device_name("laptop_2-home"));
        for bad in ["", "a b", "a.b", "ä", "a/b", &"x".repeat(41)] {
            assert!(!valid_device_name(bad), "{bad}");
        }
    }
}
