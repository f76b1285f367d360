//! `somadeck export`: a built-in or installed deck as an Anki plain-text file or as CSV.

use std::io::Write;
use std::path::Path;

use crate::interchange::{anki_out, csv_out};
use crate::open::Opened;
use crate::paths::Paths;

/// Writes deck `id` in format `to` (`anki` or `csv`) to `file`, or to `out` without one.
pub fn run(
    paths: &Paths,
    id: &str,
    to: &str,
    file: Option<&Path>,
    out: &mut dyn Write,
) -> Result<i32, String> {
    // Deck files end in `.ron`; writing CSV or Anki text there would replace an author's
    // deck (`export my-deck --out my-deck.ron`) with a file somadeck cannot load.
    if let Some(path) = file
        && path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
    {
        return Err(format!(
            "{}: export writes {to} text, not a deck file; name a .{} file",
            path.display(),
            if to == "csv" { "csv" } else { "txt" }
        ));
    }
    let lib = Opened::library(paths);
    let Some(loaded) = lib.decks.iter().find(|d| d.deck.id == id) else {
        let known: Vec<&str> = lib.decks.iter().map(|d| d.deck.id.as_str()).collect();
        return Err(format!(
            "no deck named {id}; the decks are: {}",
            known.join(", ")
        ));
    };
    let deck = &loaded.deck;
    let text = match to {
        "csv" => csv_out::write(deck),
        _ => anki_out::write(deck),
    };
    let io = |e: std::io::Error| e.to_string();
    match file {
        Some(path) => {
            crate::store::write_atomically(path, text.as_bytes())?;
            let occlusion = deck.cards.iter().filter(|c| csv_out::is_occlusion(c));
            let left_out = if to == "csv" { occlusion.count() } else { 0 };
            let pictured = deck
                .cards
                .iter()
                .filter(|c| c.picture.is_some() && !csv_out::is_occlusion(c))
                .count();
            let written = deck.cards.len() - left_out;
            let mut line = format!(
                "exported {} of deck {id} to {} ({to})",
                crate::schedule::count(written as u64, "card"),
                path.display()
            );
            if left_out > 0 {
                line.push_str(&format!(
                    "; {} left out (a CSV row cannot hold a picture's regions)",
                    crate::schedule::count(left_out as u64, "occlusion card")
                ));
            }
            if pictured > 0 {
                let cards = crate::schedule::count(pictured as u64, "card");
                line.push_str(&if to == "csv" {
                    format!("; the pictures of {cards} are left out (CSV holds text only)")
                } else {
                    format!(
                        "; the pictures of {cards} are written as their descriptions (a text \
                         file cannot carry pictures)"
                    )
                });
            }
            writeln!(out, "{line}").map_err(io)?;
        }
        None => out.write_all(text.as_bytes()).map_err(io)?,
    }
    Ok(0)
}
