//! `somadeck check`: every problem in the decks, one line each, for deck authors.

use crate::schedule::count;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::deck::Diagnostic;
use crate::deck::library::{self, Library};
use crate::paths::Paths;
use crate::safe_text::printable;

/// At most this many problems are printed per file; the count in the summary stays exact.
const SHOWN_PER_FILE: usize = 200;

/// Prints the report and returns the exit code: 0 when clean, 1 on any error (or warning with
/// `strict`). Named files are checked against the built-in and installed decks, so that their
/// prerequisites in other decks resolve. With `against` (the edition learners have), card
/// ids the new edition drops without a `renamed_from` are errors too.
pub fn run(
    paths: &[PathBuf],
    strict: bool,
    against: Option<&Path>,
    out: &mut dyn Write,
) -> std::io::Result<i32> {
    let installed = Paths::resolve().ok().map(|p| p.decks);
    let lib = if paths.is_empty() {
        library::standard(installed.as_deref())
    } else {
        library::from_paths(paths, installed.as_deref())
    };
    let code = report(&lib, strict, out)?;
    match against {
        Some(old) => Ok(code.max(lost_progress(&lib, old, out)?)),
        None => Ok(code),
    }
}

/// Lists the cards of the deck at `old` that the same deck in `lib` drops without naming them
/// in `renamed_from`, placed in the old file. Returns 1 if there are any (or `old` is unusable).
fn lost_progress(lib: &Library, old: &Path, out: &mut dyn Write) -> std::io::Result<i32> {
    let parsed = crate::deck::load::load_path(old);
    let Some(before) = parsed.deck else {
        for d in &parsed.diagnostics {
            writeln!(out, "{d}")?;
        }
        return Ok(1);
    };
    let id = &before.deck.id;
    let Some(after) = lib.decks.iter().find(|d| d.deck.id == before.deck.id) else {
        writeln!(
            out,
            "{}: error: no deck `{id}` among the decks checked (or it has errors), so nothing \
             was compared",
            old.display()
        )?;
        return Ok(1);
    };
    let lost = crate::deck::diff::lost_ids(&before.deck, &after.deck);
    for card in &lost {
        let i = before.deck.cards.iter().position(|c| &c.id == card);
        let pos = i.and_then(|i| before.map.cards.get(i)).copied();
        let d = Diagnostic::error(
            &before.path,
            pos.unwrap_or(crate::deck::Pos::START),
            format!(
                "card `{card}` is not in {}, and no card lists it in `renamed_from`: learners \
                 would lose their progress on it",
                after.path
            ),
        );
        writeln!(out, "{d}")?;
    }
    writeln!(
        out,
        "compared with {}: {} card id(s) would lose progress",
        before.path,
        lost.len()
    )?;
    Ok(i32::from(!lost.is_empty()))
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
                    "{} in this file not shown ({}); fix the ones above first",
                    crate::schedule::count(hidden.len() as u64, "more problem"),
                    crate::schedule::count(errors as u64, "error")
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
    // A card with errors is left out of its deck, and a deck whose outline has errors is not
    // built at all: count the first, and say the second's cards were not counted, rather than
    // report a file of broken cards as holding none.
    let broken: rustc_hash::FxHashSet<(&str, &str)> = diags
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| Some((d.path.as_str(), d.card.as_deref()?)))
        .collect();
    let with_errors = match broken.len() {
        0 => String::new(),
        n => format!(" ({n} with errors)"),
    };
    let unread = match lib.skipped.len() {
        0 => String::new(),
        n => format!(
            " ({} not counted: {} with errors)",
            if n == 1 { "its cards" } else { "their cards" },
            count(n as u64, "deck")
        ),
    };
    writeln!(
        out,
        "checked {}, {}{with_errors}{unread}: {}, {}",
        count((lib.decks.len() + lib.skipped.len()) as u64, "deck"),
        count((cards + broken.len()) as u64, "card"),
        count(errors as u64, "error"),
        count(warnings as u64, "warning")
    )?;
    Ok(i32::from(errors > 0 || (strict && warnings > 0)))
}
