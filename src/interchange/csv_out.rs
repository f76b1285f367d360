//! A deck as somadeck's CSV: exactly the columns `import` reads, one card per row.
//!
//! Per card everything travels (old ids in `renamed_from` too) except the `@key` form of a source, which is written out as
//! the citation it stands for (the deck's `sources` table is not a row). Deck metadata
//! (description, authors, licence, version, sources) and topic titles and prerequisites do
//! not fit in rows and are not written, nor are pictures: occlusion cards are left out, and a
//! picture on another card is dropped.

use super::csv_in::{COLUMNS, join_list};
use crate::deck::{Card, CardKind, Deck};

pub fn write(deck: &Deck) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    // Writing to memory fails only on a bug in the csv crate; every field is text.
    let _ = w.write_record(COLUMNS);
    // A row cannot hold a picture's regions: occlusion cards stay in the RON deck only.
    for card in deck.cards.iter().filter(|c| !is_occlusion(c)) {
        let _ = w.write_record(row(deck, card));
    }
    String::from_utf8_lossy(&w.into_inner().unwrap_or_default()).into_owned()
}

pub fn is_occlusion(card: &Card) -> bool {
    matches!(card.kind, CardKind::Occlusion { .. })
}

fn row(deck: &Deck, card: &Card) -> [String; COLUMNS.len()] {
    let mut r: [String; COLUMNS.len()] = Default::default();
    let mut set = |col: &str, value: String| {
        if let Some(i) = COLUMNS.iter().position(|c| *c == col) {
            r[i] = value;
        }
    };
    set("id", card.id.clone());
    set("renamed_from", join_list(&card.renamed_from));
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
        CardKind::Occlusion { .. } => {}
    }
    set("explanation", card.explain.clone());
    if !card.source.is_empty() {
        set("source", deck.cite(&card.source));
    }
    set("topic", card.topic.clone().unwrap_or_default());
    set("tags", join_list(&card.tags));
    r
}

#[cfg(test)]
mod tests {
    use crate::deck::{Card, CardKind, Gap, load};
    use crate::interchange::{Format, Options, import};

    fn card(id: &str, kind: CardKind) -> Card {
        Card {
            id: id.into(),
            topic: None,
            tags: vec!["a|b".into(), r"back\slash".into()],
            explain: "line one\nline \"two\", with a comma".into(),
            source: "free citation; p. 3".into(),
            renamed_from: Vec::new(),
            picture: None,
            kind,
        }
    }

    #[test]
    fn what_the_built_in_decks_do_not_use_round_trips_too() {
        let mut deck = load::parse(
            "d.ron",
            b"Deck(id: \"d\", title: \"D\", cards: [Card(id: \"x\", front: \"Q\", back: \"A\")])",
        )
        .deck
        .unwrap()
        .deck;
        deck.cards = vec![
            card(
                "gap",
                CardKind::Cloze {
                    text: "The {{falx cerebri|falx}} hangs {{between the hemispheres}}.".into(),
                    gap: Some(Gap::Reveal),
                },
            ),
            card(
                "bars",
                CardKind::Typed {
                    front: "  Spaces kept, \t tab too  ".into(),
                    answers: vec!["CN I | olfactory".into(), r"a\|b".into()],
                },
            ),
            card(
                "pick",
                CardKind::Choice {
                    front: "Which?".into(),
                    choices: vec!["x|y".into(), "z".into()],
                    correct: "x|y".into(),
                },
            ),
        ]
        .into();
        // Renamed cards keep their old ids, so a deck in use survives a spreadsheet round trip.
        deck.cards[0].renamed_from = vec!["falx-gap".into(), "gap_v1.0".into()];
        let text = super::write(&deck);
        let opts = Options {
            format: Format::Csv,
            deck_id: Some("d".into()),
            title: None,
            stem: "d".into(),
            map: Vec::new(),
            strict: true,
        };
        let back = import("d.csv", &text, &opts).unwrap().deck;
        assert_eq!(back.cards, deck.cards, "{text}");
    }
}
