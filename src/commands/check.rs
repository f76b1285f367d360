//! `somadeck check`: every problem in the decks, one line each, for deck authors.

use std::io::Write;
use std::path::PathBuf;

use crate::deck::library::{self, Library};
use crate::paths::Paths;

/// Prints the report and returns the exit code: 0 when clean, 1 on any error (or warning with
/// `strict`).
pub fn run(paths: &[PathBuf], strict: bool, out: &mut dyn Write) -> std::io::Result<i32> {
    let lib = if paths.is_empty() {
        let installed = Paths::resolve().ok().map(|p| p.decks);
        library::standard(installed.as_deref())
    } else {
        library::from_paths(paths)
    };
    report(&lib, strict, out)
}

fn report(lib: &Library, strict: bool, out: &mut dyn Write) -> std::io::Result<i32> {
    let mut diags: Vec<_> = lib.diagnostics.iter().collect();
    diags.sort_by(|a, b| (&a.path, a.pos).cmp(&(&b.path, b.pos)));
    for d in &diags {
        writeln!(out, "{d}")?;
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    let cards: usize = lib.decks.iter().map(|d| d.deck.cards.len()).sum();
    writeln!(
        out,
        "checked {} deck(s), {cards} card(s): {errors} error(s), {warnings} warning(s)",
        lib.decks.len()
    )?;
    Ok(i32::from(errors > 0 || (strict && warnings > 0)))
}
