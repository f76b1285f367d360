//! `somadeck decks`: a table of the decks, what is new and due in each today, and where each
//! comes from; with `--topics`, every topic id a deck author can name in `requires`.

use std::io::Write;

use crate::deck::library::Library;
use crate::open::Opened;
use crate::paths::Paths;
use crate::safe_text::printable_inline;

/// Prints the table of `lib`. With progress (`opened`), adds each deck's new and due counts.
pub fn run(
    paths: &Paths,
    lib: &Library,
    opened: Option<&Opened>,
    out: &mut dyn Write,
) -> std::io::Result<i32> {
    for line in lib.skipped_warnings() {
        writeln!(out, "{}", printable_inline(&line))?;
    }
    // Errors in decks that were not left out (a built-in deck a replacing edition broke).
    for e in lib.errors().filter(|e| !lib.skipped.contains(&e.path)) {
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
    // A config that does not load is reported by opening; then nothing is hidden here.
    let config = crate::config::Config::load(&paths.config_file).unwrap_or_default();
    let (hidden, shown): (Vec<_>, Vec<_>) =
        lib.decks.iter().partition(|d| config.is_hidden(&d.deck.id));
    for d in shown {
        let c = counts.as_ref().and_then(|f| f(&d.deck.id));
        let (new, due) = c.map_or(("-".into(), "-".into()), |c| {
            (c.new.to_string(), (c.review + c.learning).to_string())
        });
        let source = match Library::replacement_note(d) {
            Some(note) => note,
            None => d.path.clone(),
        };
        writeln!(
            out,
            "{:<24} {:<34} {:>5} {:>6} {new:>4} {due:>4}  {}",
            d.deck.id,
            truncate(&printable_inline(&d.deck.title), 34),
            d.deck.cards.len(),
            d.deck.topics.len(),
            printable_inline(&source)
        )?;
    }
    if !hidden.is_empty() {
        let ids: Vec<&str> = hidden.iter().map(|d| d.deck.id.as_str()).collect();
        writeln!(
            out,
            "{} hidden by `hidden_decks` in {} ({}); take an id off that list to show its deck",
            crate::schedule::count(hidden.len() as u64, "deck"),
            paths.config_file.display(),
            printable_inline(&ids.join(", "))
        )?;
    }
    writeln!(out, "installed decks folder: {}", paths.decks.display())?;
    Ok(i32::from(lib.has_errors()))
}

/// Every topic of every deck: the id to name in `requires` (`deck/topic` from another deck),
/// its title, and what it requires.
pub fn topics(lib: &Library, out: &mut dyn Write) -> std::io::Result<i32> {
    for d in &lib.decks {
        for t in &d.deck.topics {
            let id = format!("{}/{}", d.deck.id, t.id);
            write!(out, "{:<40} {}", id, printable_inline(&t.title))?;
            if !t.requires.is_empty() {
                let reqs: Vec<String> = t
                    .requires
                    .iter()
                    .map(|r| crate::deck::set::qualify(&d.deck.id, r))
                    .collect();
                write!(out, "  (requires {})", printable_inline(&reqs.join(", ")))?;
            }
            writeln!(out)?;
        }
    }
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
