//! A deck as somadeck's CSV: exactly the columns `import` reads, one card per row.
//!
//! Per card everything travels except the `@key` form of a source, which is written out as
//! the citation it stands for (the deck's `sources` table is not a row). Deck metadata
//! (description, authors, licence, version, sources) and topic titles and prerequisites do
//! not fit in rows and are not written.

use super::csv_in::{COLUMNS, join_list};
use crate::deck::{Card, CardKind, Deck};

pub fn write(deck: &Deck) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    // Writing to memory fails only on a bug in the csv crate; every field is text.
    let _ = w.write_record(COLUMNS);
    for card in &deck.cards {
        let _ = w.write_record(row(deck, card));
    }
    String::from_utf8_lossy(&w.into_inner().unwrap_or_default()).into_owned()
}

fn row(deck: &Deck, card: &Card) -> [String; 14] {
    let mut r: [String; 14] = Default::default();
    let mut set = |col: &str, value: String| {
        if let Some(i) = COLUMNS.iter().position(|c| *c == col) {
            r[i] = value;
        }
    };
    set("id", card.id.clone());
    set("kind", card.kind_name().to_string());
    match &card.kind {
        CardKind::Basic {
            front,
            back,
            reverse,
        } => {
            set("front", front.clone());
            set("back", back.clone());
            if *reverse {
                set("reverse", "true".into());
            }
        }
        CardKind::Typed { front, answers } => {
            set("front", front.clone());
            set("answers", join_list(answers));
        }
        CardKind::Choice {
            front,
            choices,
            correct,
        } => {
            set("front", front.clone());
            set("choices", join_list(choices));
            set("correct", correct.clone());
        }
        CardKind::Cloze { text, gap } => {
            set("cloze", text.clone());
            set(
                "gap",
                gap.map(|g| g.as_str().to_string()).unwrap_or_default(),
            );
        }
    }
    set("explanation", card.explain.clone());
    if !card.source.is_empty() {
        set("source", deck.cite(&card.source));
    }
    set("topic", card.topic.clone().unwrap_or_default());
    set("tags", join_list(&card.tags));
    r
}
