//! Whether progress is synced between devices, and through which folder: `sync_dir` in
//! `config.ron`, or the environment variable `SOMADECK_SYNC_DIR`, which wins (an empty value
//! turns sync off for one run).

use std::path::{Path, PathBuf};

use crate::config::Config;

/// Where this device's progress is shared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncSetting {
    pub dir: PathBuf,
    /// `device` from the config; `None`: the name generated for this data directory.
    pub device: Option<String>,
}

/// A `device` setting must be a plain name.
pub fn check_device(device: Option<&str>) -> Result<(), String> {
    match device {
        Some(d) if !crate::store::sync::valid_device_name(d) => Err(format!(
            "device is {d:?}; use 1 to 40 letters, digits, - or _ (it names this device's \
             log in sync_dir)"
        )),
        _ => Ok(()),
    }
}

impl SyncSetting {
    /// The setting in force: `SOMADECK_SYNC_DIR` if set, else `sync_dir`. `~/` starts the home
    /// folder; a relative `sync_dir` is taken from the folder of `config_file` (a relative
    /// `SOMADECK_SYNC_DIR`, from the current folder).
    pub fn resolve(config: &Config, config_file: &Path) -> Option<SyncSetting> {
        let (raw, base) = match std::env::var("SOMADECK_SYNC_DIR") {
            Ok(v) => (v, None),
            Err(_) => (config.sync_dir.clone()?, config_file.parent()),
        };
        if raw.trim().is_empty() {
            return None;
        }
        let home = || directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf());
        let dir = match raw.strip_prefix("~/") {
            Some(rest) => home().map_or_else(|| PathBuf::from(&raw), |h| h.join(rest)),
            None if raw == "~" => home().unwrap_or_else(|| PathBuf::from(&raw)),
            None => {
                let p = PathBuf::from(&raw);
                match base {
                    Some(base) if p.is_relative() => base.join(p),
                    _ => p,
                }
            }
        };
        Some(SyncSetting {
            dir,
            device: config.device.clone(),
        })
    }
}

impl crate::store::sync::Stamped for crate::study::Event {
    fn stamp(&self) -> jiff::Timestamp {
        self.at()
    }

    fn is_answer(&self) -> bool {
        matches!(self, crate::study::Event::Review { .. })
    }
}

/// With sync off: a warning if this device's log was once moved into a sync folder (its old
/// file, `reviews.log.moved-to-sync-<time>`, is still in `data`), since progress then shows
/// only what was studied here since. Setting `sync_dir` again brings both together.
pub fn moved_away_warning(data: &Path) -> Option<String> {
    let moved = std::fs::read_dir(data).ok()?.flatten().any(|e| {
        e.file_name()
            .to_string_lossy()
            .starts_with("reviews.log.moved-to-sync-")
    });
    moved.then(|| {
        format!(
            "sync_dir is not set, but this device's answers were moved to a sync folder \
             before (see the reviews.log.moved-to-sync-* file in {}): progress here shows only \
             what was studied without it. Set sync_dir again to see all of it; answers given \
             meanwhile are added to this device's log there",
            data.display()
        )
    })
}
