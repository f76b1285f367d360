//! Gathering decks: the built-in ones, the installed ones, or the files and folders named.

use std::path::{Path, PathBuf};

use super::cache::DeckCache;
use super::diag::Diagnostic;
use super::load::{self, LoadedDeck};
use super::{builtin, set};

/// Every deck found, and every problem with any of them.
#[derive(Debug, Default, Clone)]
pub struct Library {
    pub decks: Vec<LoadedDeck>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Library {
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    fn add(&mut self, parsed: load::Parsed) {
        self.diagnostics.extend(parsed.diagnostics);
        self.decks.extend(parsed.deck);
    }

    fn finish(mut self) -> Self {
        self.diagnostics.extend(set::check_set(&self.decks));
        self
    }
}

/// The built-in decks, with installed decks added; an installed deck with a built-in deck's id
/// replaces it (that is how an updated edition of a built-in deck is installed).
pub fn standard(installed_dir: Option<&Path>) -> Library {
    standard_cached(installed_dir, None)
}

/// As [`standard`], reading unchanged decks from `cache` when one is given.
pub fn standard_cached(installed_dir: Option<&Path>, cache: Option<&DeckCache>) -> Library {
    let mut lib = Library::default();
    let mut installed = Library::default();
    if let Some(dir) = installed_dir.filter(|d| d.is_dir()) {
        for file in ron_files(dir) {
            installed.add(match cache {
                Some(c) => c.load_path(&file),
                None => load::load_path(&file),
            });
        }
    }
    for (file, text) in builtin::BUILTIN {
        let name = builtin::display_name(file);
        let parsed = match cache {
            Some(c) => c.parse(&name, text),
            None => load::parse(&name, text.as_bytes()),
        };
        let replaced = parsed
            .deck
            .as_ref()
            .is_some_and(|d| installed.decks.iter().any(|i| i.deck.id == d.deck.id));
        if !replaced {
            lib.add(parsed);
        }
    }
    lib.decks.append(&mut installed.decks);
    lib.diagnostics.append(&mut installed.diagnostics);
    lib.finish()
}

/// The decks in the files and folders named (folders: their `*.ron` files).
pub fn from_paths(paths: &[PathBuf]) -> Library {
    let mut lib = Library::default();
    for p in paths {
        if p.is_dir() {
            for file in ron_files(p) {
                lib.add(load::load_path(&file));
            }
        } else {
            lib.add(load::load_path(p));
        }
    }
    lib.finish()
}

fn ron_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "ron"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}
