//! The fitted parameters on disk: `fsrs-parameters.ron` in the data directory, with the time
//! they were fitted and their scores. Written to a temp file and renamed, so a cancelled or
//! failed run leaves the old file whole. Which parameters the scheduler uses: `fsrs_parameters`
//! in `config.ron` when set, else this file, else the FSRS-6 defaults.

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::Score;

pub const FILE: &str = "fsrs-parameters.ron";

/// What `somadeck optimize` keeps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedParameters {
    pub parameters: Vec<f32>,
    pub fitted_at: Timestamp,
    /// Answers fitted on and held out to score on.
    pub trained_on: usize,
    pub scored_on: usize,
    pub fitted: Score,
    pub defaults: Score,
}

pub fn path(data: &Path) -> PathBuf {
    data.join(FILE)
}

/// The saved parameters, `None` when there are none; a file that cannot be read or checked is
/// an error that says where it is.
pub fn load(data: &Path) -> Result<Option<SavedParameters>, String> {
    let p = path(data);
    let bytes = match crate::ron_file::read_capped(&p, 64 * 1024) {
        Ok(b) => b,
        Err(crate::ron_file::ReadError::NotFound) => return Ok(None),
        Err(e) => return Err(format!("{}: cannot read it: {e}", p.display())),
    };
    let text = String::from_utf8_lossy(&bytes);
    let saved: SavedParameters = crate::ron_file::ron_options()
        .from_str(&text)
        .map_err(|e| format!("{}: {e}", p.display()))?;
    fsrs::FSRS::new(&saved.parameters)
        .map_err(|e| format!("{}: the parameters are not valid: {e}", p.display()))?;
    Ok(Some(saved))
}

/// Replaces the file atomically: temp file in the same folder, synced, renamed, folder synced.
pub fn save(data: &Path, saved: &SavedParameters) -> Result<(), String> {
    let text = ron::ser::to_string_pretty(saved, ron::ser::PrettyConfig::default())
        .map_err(|e| e.to_string())?;
    crate::store::write_atomically(&path(data), text.as_bytes())
}

/// Which FSRS parameters the scheduler uses, and where they come from.
#[derive(Debug, Clone, PartialEq)]
pub enum InUse {
    Defaults,
    Config,
    Fitted { at: Timestamp },
}

impl InUse {
    /// One line for `stats`: which parameters are in use, and since when.
    pub fn describe(&self) -> String {
        match self {
            InUse::Defaults => {
                "FSRS parameters: the FSRS-6 defaults (`somadeck optimize` fits yours)".into()
            }
            InUse::Config => "FSRS parameters: set in config.ron (fsrs_parameters)".into(),
            InUse::Fitted { at } => format!(
                "FSRS parameters: fitted to your answers on {} (somadeck optimize)",
                at.strftime("%Y-%m-%d")
            ),
        }
    }
}

/// The parameters to schedule with: the config's when set, else the saved ones, else the
/// defaults (an empty list). A saved file that cannot be used gives the defaults and a warning.
pub fn resolve(config_parameters: &[f32], data: &Path) -> (Vec<f32>, InUse, Option<String>) {
    if !config_parameters.is_empty() {
        return (config_parameters.to_vec(), InUse::Config, None);
    }
    match load(data) {
        Ok(Some(s)) => (s.parameters, InUse::Fitted { at: s.fitted_at }, None),
        Ok(None) => (Vec::new(), InUse::Defaults, None),
        Err(e) => (
            Vec::new(),
            InUse::Defaults,
            Some(format!(
                "{e}; the FSRS defaults are used (run `somadeck optimize` again to replace it)"
            )),
        ),
    }
}
