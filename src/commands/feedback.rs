//! `somadeck flags --export FILE` and `somadeck progress --export FILE`: what a student sends
//! to a deck's author. Both read the review log (never change it) and write the file
//! atomically; see `feedback` for what the files hold.

use std::io::Write;
use std::path::Path;

use crate::feedback::{self, ExportFile};
use crate::open::Opened;
use crate::paths::Paths;

/// Every item's history, from the whole review log. A renamed card's answers and flag are
/// under its old id in the log; they are folded under the id it has now, as progress is.
fn histories(
    o: &Opened,
    paths: &Paths,
) -> Result<std::collections::BTreeMap<String, feedback::ItemHistory>, String> {
    let renamed = crate::deck::renames::aliases(o.session.coll.decks.iter());
    let (events, _) = crate::progress_sync::events(paths, &o.config, &renamed)?;
    Ok(feedback::fold(events))
}

/// Writes `file` as JSON to `to`: a temp file in the same folder, synced, then renamed.
fn write(file: &ExportFile, to: &Path) -> Result<(), String> {
    let mut json = serde_json::to_string_pretty(file).map_err(|e| e.to_string())?;
    json.push('\n');
    crate::store::write_atomically(to, json.as_bytes())
}

pub fn flags(o: &Opened, paths: &Paths, to: &Path, out: &mut dyn Write) -> Result<i32, String> {
    let file = feedback::flags_export(&o.session.coll, &histories(o, paths)?, o.now());
    write(&file, to)?;
    let n = file.cards.len();
    let noted = file
        .cards
        .iter()
        .filter(|c| c.flag.as_ref().is_some_and(|f| f.note.is_some()))
        .count();
    writeln!(
        out,
        "Wrote {} ({} with a note) to {}: send it to the deck's author.",
        crate::schedule::count(n as i64, "flagged card"),
        noted,
        crate::safe_text::printable_inline(&to.display().to_string())
    )
    .map_err(|e| e.to_string())?;
    Ok(0)
}

pub fn progress(
    o: &Opened,
    paths: &Paths,
    decks: &[String],
    name: Option<String>,
    to: &Path,
    out: &mut dyn Write,
) -> Result<i32, String> {
    let coll = &o.session.coll;
    let unknown: Vec<&str> = decks
        .iter()
        .filter(|d| coll.deck_index(d).is_none())
        .map(String::as_str)
        .collect();
    if !unknown.is_empty() {
        return Err(o.no_such_decks(&unknown));
    }
    let scope: Vec<bool> = coll
        .decks
        .iter()
        .map(|d| decks.is_empty() || decks.contains(&d.id))
        .collect();
    let name = name.map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
    let file = feedback::progress_export(
        coll,
        &o.session.progress,
        &histories(o, paths)?,
        &scope,
        name,
        o.now(),
    );
    write(&file, to)?;
    writeln!(
        out,
        "Wrote your progress on {} to {}{}.",
        crate::schedule::count(file.cards.len() as i64, "card"),
        crate::safe_text::printable_inline(&to.display().to_string()),
        if file.name.is_some() {
            ", with your name"
        } else {
            " (no name in it; --name adds one)"
        }
    )
    .map_err(|e| e.to_string())?;
    Ok(0)
}
