//! `somadeck decks`: a table of the decks and where they come from.

use std::io::Write;

use crate::deck::library;
use crate::paths::Paths;

pub fn run(paths: &Paths, out: &mut dyn Write) -> std::io::Result<i32> {
    let lib = library::standard(Some(&paths.decks));
    for e in lib.errors() {
        writeln!(out, "{e}")?;
    }
    writeln!(
        out,
        "{:<26} {:<36} {:>5} {:>6}  source",
        "id", "title", "cards", "topics"
    )?;
    for d in &lib.decks {
        writeln!(
            out,
            "{:<26} {:<36} {:>5} {:>6}  {}",
            d.deck.id,
            truncate(&d.deck.title, 36),
            d.deck.cards.len(),
            d.deck.topics.len(),
            d.path
        )?;
    }
    writeln!(out, "installed decks folder: {}", paths.decks.display())?;
    Ok(i32::from(lib.has_errors()))
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}
