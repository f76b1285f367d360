//! `somadeck decks`: a table of the decks, what is new and due in each today, and where each
//! comes from.

use std::io::Write;

use crate::deck::library::Library;
use crate::open::Opened;
use crate::paths::Paths;

/// Prints the table of `lib`. With progress (`opened`), adds each deck's new and due counts.
pub fn run(
    paths: &Paths,
    lib: &Library,
    opened: Option<&Opened>,
    out: &mut dyn Write,
) -> std::io::Result<i32> {
    for e in lib.errors() {
        writeln!(out, "{e}")?;
    }
    let counts = opened.map(|o| {
        let by_deck = o.session.ctx(o.now()).counts_by_deck();
        let coll = &o.session.coll;
        move |id: &str| coll.deck_index(id).map(|d| by_deck[d])
    });
    writeln!(
        out,
        "{:<24} {:<34} {:>5} {:>6} {:>4} {:>4}  source",
        "id", "title", "cards", "topics", "new", "due"
    )?;
    for d in &lib.decks {
        let c = counts.as_ref().and_then(|f| f(&d.deck.id));
        let (new, due) = c.map_or(("-".into(), "-".into()), |c| {
            (c.new.to_string(), (c.review + c.learning).to_string())
        });
        writeln!(
            out,
            "{:<24} {:<34} {:>5} {:>6} {new:>4} {due:>4}  {}",
            d.deck.id,
            truncate(&d.deck.title, 34),
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
