//! Where somadeck keeps things: `SOMADECK_HOME` puts everything under one folder; otherwise the
//! platform's data and config directories.

use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Paths {
    /// Progress: the review log, snapshot, lock and backups.
    pub data: PathBuf,
    /// `config.ron`.
    pub config_file: PathBuf,
    /// Decks the user installed (any `*.ron` here is loaded with the built-in ones).
    pub decks: PathBuf,
}

impl Paths {
    /// All of somadeck under `home`.
    pub fn under(home: PathBuf) -> Self {
        Paths {
            data: home.join("data"),
            config_file: home.join("config.ron"),
            decks: home.join("decks"),
        }
    }

    /// The folder `SOMADECK_HOME` names, if it is set and not empty.
    pub fn home_override() -> Option<PathBuf> {
        std::env::var_os("SOMADECK_HOME")
            .filter(|h| !h.is_empty())
            .map(PathBuf::from)
    }

    /// Resolved from `SOMADECK_HOME`, else from the platform's conventions.
    pub fn resolve() -> Result<Self, String> {
        if let Some(home) = Self::home_override() {
            return Ok(Self::under(home));
        }
        let dirs = directories::ProjectDirs::from("", "", "somadeck").ok_or(
            "cannot find a home directory for somadeck's data; set SOMADECK_HOME to a folder",
        )?;
        Ok(Paths {
            data: dirs.data_dir().to_path_buf(),
            config_file: dirs.config_dir().join("config.ron"),
            decks: dirs.data_dir().join("decks"),
        })
    }
}
