//! Gathering decks: the built-in ones, the installed ones, or the files and folders named.
//!
//! One broken installed deck costs only itself: it is left out (the built-in deck it meant to
//! replace stays), its problems are reported, and everything else loads.

use std::path::{Path, PathBuf};

use rustc_hash::FxHashSet;

use super::cache::DeckCache;
use super::diag::Diagnostic;
use super::load::{self, LoadedDeck, Parsed};
use super::{builtin, set};

/// The decks that can be studied, and every problem with any deck found.
#[derive(Debug, Default, Clone)]
pub struct Library {
    pub decks: Vec<LoadedDeck>,
    pub diagnostics: Vec<Diagnostic>,
    /// Files left out because they have errors.
    pub skipped: Vec<String>,
    /// Things worth saying that are not problems: `mine.ron replaces built-in deck skull`.
    pub notes: Vec<String>,
}

impl Library {
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    /// For each deck left out, a line saying so followed by its first errors.
    pub fn skipped_warnings(&self) -> Vec<String> {
        const SHOWN: usize = 5;
        let mut out = Vec::new();
        for path in &self.skipped {
            let word = crate::safe_text::shell_word(path);
            out.push(format!(
                "deck {path} has errors and was left out; its progress is kept \
                 (run `somadeck check {word}` for every problem)"
            ));
            let errors: Vec<&Diagnostic> = self.errors().filter(|d| &d.path == path).collect();
            out.extend(errors.iter().take(SHOWN).map(|d| format!("  {d}")));
            if errors.len() > SHOWN {
                out.push(format!("  ... and {} more", errors.len() - SHOWN));
            }
        }
        out
    }

    /// Whether `d` is an installed edition that replaces a built-in deck.
    pub fn replacement_note(d: &LoadedDeck) -> Option<String> {
        d.replaces
            .as_ref()
            .filter(|r| **r == d.deck.id && builtin_ids().contains(r.as_str()))
            .map(|r| format!("{} replaces built-in deck {r}", d.path))
    }
}

/// Where a deck came from, which decides who wins a clash of ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    BuiltIn,
    Installed,
}

struct Entry {
    deck: LoadedDeck,
    origin: Origin,
}

/// The built-in decks, parsed (through `cache` when given).
fn builtins(cache: Option<&DeckCache>) -> Vec<Parsed> {
    builtin::BUILTIN
        .iter()
        .map(|(file, text)| {
            let name = builtin::display_name(file);
            match cache {
                Some(c) => c.parse(&name, text),
                None => load::parse_builtin(&name, text),
            }
        })
        .collect()
}

/// The ids of the built-in decks, read without parsing them.
pub fn builtin_ids() -> FxHashSet<&'static str> {
    builtin::BUILTIN
        .iter()
        .filter_map(|(_, text)| super::scan::string_field(text, "id"))
        .collect()
}

/// Whether `id` is the id of a built-in deck.
pub fn is_builtin_id(id: &str) -> bool {
    builtin_ids().contains(id)
}

/// Whether `file` is a built-in deck's file in somadeck's own source tree (`decks/NAME.ron`
/// beside the project's Cargo.toml), with that deck's id and no `replaces`.
fn in_source_tree(file: &Path, deck: &LoadedDeck) -> bool {
    let Some(name) = file.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let Some(dir) = file
        .parent()
        .filter(|d| d.file_name().is_some_and(|n| n == "decks"))
    else {
        return false;
    };
    let manifest = dir.parent().unwrap_or(Path::new(".")).join("Cargo.toml");
    let ours = std::fs::read_to_string(manifest)
        .is_ok_and(|t| t.lines().any(|l| l.trim() == "name = \"somadeck\""));
    ours && deck.replaces.is_none()
        && builtin::BUILTIN.iter().any(|(f, text)| {
            *f == name && super::scan::string_field(text, "id") == Some(deck.deck.id.as_str())
        })
}

/// The `*.ron` files of `dir`, sorted (none when it cannot be read).
pub fn deck_files_in(dir: &Path) -> Vec<PathBuf> {
    ron_files(dir)
}

/// The deck files of the installed decks folder: its own `*.ron` files, and those one folder
/// down, where `install` puts a deck that has pictures of its own (`ID/ID.ron`, `ID/images/`),
/// so that two decks' pictures of the same name never meet.
pub fn installed_deck_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = ron_files(dir);
    let mut folders: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default();
    folders.sort();
    for folder in folders {
        files.extend(ron_files(&folder));
    }
    files
}

/// The built-in decks, with installed decks added. An installed deck whose id is a built-in
/// deck's replaces it only when it says so (`replaces: "skull"`); otherwise it is an error for
/// that deck and the built-in deck stays.
pub fn standard(installed_dir: Option<&Path>) -> Library {
    standard_cached(installed_dir, None)
}

/// As [`standard`], reading unchanged decks from `cache` when one is given.
pub fn standard_cached(installed_dir: Option<&Path>, cache: Option<&DeckCache>) -> Library {
    let mut lib = Library::default();
    let mut entries = Vec::new();
    for parsed in builtins(cache) {
        if let Some(deck) = accept(&mut lib, parsed) {
            entries.push(Entry {
                deck,
                origin: Origin::BuiltIn,
            });
        }
    }
    if let Some(dir) = installed_dir.filter(|d| d.is_dir()) {
        for file in installed_deck_files(dir) {
            let parsed = match cache {
                Some(c) => c.load_path(&file),
                None => load::load_path(&file),
            };
            if let Some(deck) = accept(&mut lib, parsed) {
                entries.push(Entry {
                    deck,
                    origin: Origin::Installed,
                });
            }
        }
    }
    finish(lib, entries, &|_| true)
}

/// Takes a parsed file's problems; its deck when it has no errors, else records it as skipped.
fn accept(lib: &mut Library, parsed: Parsed) -> Option<LoadedDeck> {
    let bad = parsed.diagnostics.iter().any(Diagnostic::is_error);
    lib.diagnostics.extend(parsed.diagnostics);
    match parsed.deck {
        Some(d) if !bad => Some(d),
        Some(d) => {
            lib.skipped.push(d.path);
            None
        }
        None => {
            if let Some(path) = lib.diagnostics.last().map(|d| d.path.clone()) {
                lib.skipped.push(path);
            }
            None
        }
    }
}

/// Settles clashes with built-in ids, then checks the decks together, leaving out installed
/// decks with errors until the rest is clean. `reported(path)` says whose set-level problems
/// are kept.
fn finish(mut lib: Library, entries: Vec<Entry>, reported: &dyn Fn(&str) -> bool) -> Library {
    let (mut live, mut shelved) = settle_ids(&mut lib, entries);
    loop {
        let decks: Vec<&LoadedDeck> = live.iter().map(|e| &e.deck).collect();
        let diags = set::check_set(&decks);
        let failed: FxHashSet<&str> = diags
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.path.as_str())
            .collect();
        let mut out: FxHashSet<String> = live
            .iter()
            .filter(|e| e.origin == Origin::Installed && failed.contains(e.deck.path.as_str()))
            .map(|e| e.deck.path.clone())
            .collect();
        if out.is_empty() {
            // A built-in deck that fails now may build on topics a replacing edition dropped.
            let builtin_failed = live
                .iter()
                .any(|e| e.origin == Origin::BuiltIn && failed.contains(e.deck.path.as_str()));
            if builtin_failed {
                for e in live.iter().filter(|e| e.deck.replaces.is_some()) {
                    let missing = dropped_topics(&live, &e.deck);
                    if missing.is_empty() {
                        continue;
                    }
                    out.insert(e.deck.path.clone());
                    lib.diagnostics.push(Diagnostic::error(
                        &e.deck.path,
                        e.deck.map.id,
                        format!(
                            "this edition of deck `{}` lacks topics the built-in decks require \
                             ({}), so it is left out and the built-in deck stays",
                            e.deck.deck.id,
                            missing.join(", ")
                        ),
                    ));
                }
            }
        }
        let last = out.is_empty();
        lib.diagnostics.extend(
            diags
                .into_iter()
                .filter(|d| (last || out.contains(&d.path)) && reported(&d.path)),
        );
        if last {
            break;
        }
        let (gone, kept): (Vec<Entry>, Vec<Entry>) =
            live.into_iter().partition(|e| out.contains(&e.deck.path));
        live = kept;
        for e in gone {
            // The built-in deck it replaced comes back, unless another edition stands in.
            let id = &e.deck.deck.id;
            let taken = live.iter().any(|l| &l.deck.deck.id == id);
            if let Some(pos) = shelved.iter().position(|b| &b.deck.deck.id == id)
                && !taken
            {
                live.push(shelved.remove(pos));
            }
            lib.skipped.push(e.deck.path);
        }
    }
    lib.notes = live
        .iter()
        .filter_map(|e| Library::replacement_note(&e.deck))
        .collect();
    lib.decks = live.into_iter().map(|e| e.deck).collect();
    lib
}

/// The topics of `edition`'s deck that built-in decks require but the edition lacks (the
/// first few).
fn dropped_topics(live: &[Entry], edition: &LoadedDeck) -> Vec<String> {
    const SHOWN: usize = 5;
    let id = &edition.deck.id;
    let has: FxHashSet<&str> = edition.deck.topics.iter().map(|t| t.id.as_str()).collect();
    let mut missing: Vec<String> = live
        .iter()
        .filter(|e| e.origin == Origin::BuiltIn)
        .flat_map(|e| e.deck.deck.topics.iter().flat_map(|t| &t.requires))
        .filter_map(|r| r.split_once('/'))
        .filter(|(d, t)| d == id && !has.contains(t))
        .map(|(d, t)| format!("{d}/{t}"))
        .collect();
    missing.sort();
    missing.dedup();
    missing.truncate(SHOWN);
    missing
}

/// Installed decks that take a built-in id: replacements (`replaces` naming their own id) shelve
/// the built-in deck; others are refused. Returns the decks to use and the shelved ones.
fn settle_ids(lib: &mut Library, entries: Vec<Entry>) -> (Vec<Entry>, Vec<Entry>) {
    let ids = builtin_ids();
    let mut live = Vec::new();
    let mut refused = Vec::new();
    for e in entries {
        let d = &e.deck;
        if e.origin == Origin::BuiltIn {
            live.push(e);
            continue;
        }
        let builtin = ids.contains(d.deck.id.as_str());
        let msg = match &d.replaces {
            Some(r) if *r != d.deck.id => Some(format!(
                "`replaces` is `{r}`, but a deck replaces only the built-in deck with its own \
                 id; set `id: \"{r}\"` to ship a new edition of it, or remove `replaces`"
            )),
            Some(r) if !builtin => {
                lib.diagnostics.push(Diagnostic::warning(
                    &d.path,
                    d.map.id,
                    format!("`replaces` is `{r}`, but there is no built-in deck `{r}`"),
                ));
                None
            }
            None if builtin => Some(format!(
                "deck id `{id}` is the id of a built-in deck, which stays; to ship a new \
                 edition of it add `replaces: \"{id}\"` (progress is kept), otherwise choose \
                 another id",
                id = d.deck.id
            )),
            _ => None,
        };
        match msg {
            Some(m) => {
                lib.diagnostics
                    .push(Diagnostic::error(&d.path, d.map.id, m));
                refused.push(d.path.clone());
            }
            None => live.push(e),
        }
    }
    lib.skipped.extend(refused);
    let replaced: FxHashSet<String> = live
        .iter()
        .filter(|e| e.origin == Origin::Installed && e.deck.replaces.is_some())
        .map(|e| e.deck.deck.id.clone())
        .collect();
    live.into_iter()
        .partition(|e| !(e.origin == Origin::BuiltIn && replaced.contains(&e.deck.deck.id)))
}

/// The decks in the files and folders named (folders: their `*.ron` files), checked against
/// the built-in decks and those installed in `installed_dir`, so that prerequisites in other
/// decks resolve. Only the named files' problems are reported. A named deck takes the place
/// of an installed deck with its id (it is likely the same deck, being edited).
pub fn from_paths(paths: &[PathBuf], installed_dir: Option<&Path>) -> Library {
    let mut lib = Library::default();
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            files.extend(ron_files(p));
        } else {
            files.push(p.clone());
        }
    }
    let mut named = Vec::new();
    let mut named_paths: FxHashSet<String> = FxHashSet::default();
    for file in &files {
        let name = file.display().to_string();
        named_paths.insert(name.clone());
        let (parsed, builtin_source) = match load::read_bytes(file) {
            Ok(b) => (
                load::parse_with(&name, &b, load::Pictures::Beside(file)),
                builtin::BUILTIN
                    .iter()
                    .any(|(_, t)| t.as_bytes() == b.as_slice()),
            ),
            Err(msg) => (load::failed(&name, msg), false),
        };
        lib.diagnostics.extend(parsed.diagnostics);
        let Some(deck) = parsed.deck else {
            lib.skipped.push(name);
            continue;
        };
        // A built-in deck's own source file is checked as the built-in deck it is: the text
        // built into this binary, or its file in somadeck's source tree being edited.
        let origin = if builtin_source || in_source_tree(file, &deck) {
            Origin::BuiltIn
        } else {
            Origin::Installed
        };
        named.push(Entry { deck, origin });
    }
    let ids = builtin_ids();
    let is_builtin = |d: &LoadedDeck| ids.contains(d.deck.id.as_str()) && d.replaces.is_none();
    let context = standard(installed_dir);
    let mut entries: Vec<Entry> = Vec::new();
    for deck in context.decks {
        let origin = if is_builtin(&deck) {
            Origin::BuiltIn
        } else {
            Origin::Installed
        };
        // A named deck takes the place of a context deck with its id, except that a built-in
        // deck stays for an edition to replace (or to refuse one that does not say so).
        let clash = named.iter().find(|n| n.deck.deck.id == deck.deck.id);
        let keep = match clash {
            None => true,
            Some(n) => origin == Origin::BuiltIn && n.origin == Origin::Installed,
        };
        if keep {
            entries.push(Entry { deck, origin });
        }
    }
    entries.extend(named);
    let reported = |p: &str| named_paths.contains(p);
    let mut lib = finish(lib, entries, &reported);
    lib.decks.retain(|d| named_paths.contains(&d.path));
    lib.skipped.retain(|p| named_paths.contains(p));
    lib.notes
        .retain(|n| named_paths.iter().any(|p| n.starts_with(p.as_str())));
    lib
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
