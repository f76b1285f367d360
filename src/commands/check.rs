//! `somadeck check`: every problem in the decks, one line each, for deck authors.

use std::io::Write;
use std::path::PathBuf;

use crate::deck::Diagnostic;
use crate::deck::library::{self, Library};
use crate::paths::Paths;
use crate::safe_text::printable;

/// At most this many problems are printed per file; the count in the summary stays exact.
const SHOWN_PER_FILE: usize = 200;

/// Prints the report and returns the exit code: 0 when clean, 1 on any error (or warning with
/// `strict`). Named files are checked against the built-in and installed decks, so that their
/// prerequisites in other decks resolve.
pub fn run(paths: &[PathBuf], strict: bool, out: &mut dyn Write) -> std::io::Result<i32> {
    let installed = Paths::resolve().ok().map(|p| p.decks);
    let lib = if paths.is_empty() {
        library::standard(installed.as_deref())
    } else {
        library::from_paths(paths, installed.as_deref())
    };
    report(&lib, strict, out)
}

fn report(lib: &Library, strict: bool, out: &mut dyn Write) -> std::io::Result<i32> {
    let mut diags: Vec<&Diagnostic> = lib.diagnostics.iter().collect();
    diags.sort_by(|a, b| (&a.path, a.pos).cmp(&(&b.path, b.pos)));
    diags.dedup();
    for file in diags.chunk_by(|a, b| a.path == b.path) {
        for d in file.iter().take(SHOWN_PER_FILE) {
            writeln!(out, "{d}")?;
        }
        if let Some(first_hidden) = file.get(SHOWN_PER_FILE) {
            let hidden = &file[SHOWN_PER_FILE..];
            let errors = hidden.iter().filter(|d| d.is_error()).count();
            let line = Diagnostic {
                card: None,
                message: format!(
                    "{} more problem(s) in this file not shown ({errors} error(s)); fix the ones above first",
                    hidden.len()
                ),
                ..(*first_hidden).clone()
            };
            writeln!(out, "{line}")?;
        }
    }
    for note in &lib.notes {
        writeln!(out, "{}", printable(note))?;
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    let cards: usize = lib.decks.iter().map(|d| d.deck.cards.len()).sum();
    writeln!(
        out,
        "checked {} deck(s), {cards} card(s): {errors} error(s), {warnings} warning(s)",
        lib.decks.len() + lib.skipped.len()
    )?;
    Ok(i32::from(errors > 0 || (strict && warnings > 0)))
}
