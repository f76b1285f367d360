//! How an item is put to the learner: the question, how it is answered, and what the back shows.

use rand::SeedableRng;
use rand::seq::SliceRandom;

use super::collection::Collection;
use crate::deck::{CardKind, Gap, Variant, cloze};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Think, reveal, grade yourself.
    Reveal,
    /// Type the answer; any of `accepted` counts.
    Type { accepted: Vec<String> },
    /// Pick one of `options` (already shuffled); `correct` is its index.
    Choose {
        options: Vec<String>,
        correct: usize,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub question: String,
    pub mode: Mode,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Back {
    /// The answer, or the cloze sentence with the deletion filled in.
    pub answer: String,
    pub explain: String,
    /// The full citation (`@key` expanded).
    pub source: String,
}

/// The front of `item`; choice options are shuffled with `seed`.
pub fn prompt(coll: &Collection, item: usize, seed: u64) -> Prompt {
    let card = coll.card(item);
    let variant = coll.items[item].variant;
    match (&card.kind, variant) {
        (CardKind::Basic { back, .. }, Variant::Reverse) => Prompt {
            question: back.clone(),
            mode: Mode::Reveal,
        },
        (CardKind::Basic { front, .. }, _) => Prompt {
            question: front.clone(),
            mode: Mode::Reveal,
        },
        (CardKind::Typed { front, answers }, _) => Prompt {
            question: front.clone(),
            mode: Mode::Type {
                accepted: answers.clone(),
            },
        },
        (
            CardKind::Choice {
                front,
                choices,
                correct,
            },
            _,
        ) => {
            let mut options = choices.clone();
            options.shuffle(&mut rand::rngs::StdRng::seed_from_u64(seed));
            let correct = options.iter().position(|o| o == correct).unwrap_or(0);
            Prompt {
                question: front.clone(),
                mode: Mode::Choose { options, correct },
            }
        }
        (CardKind::Cloze { text, gap }, v) => Prompt {
            question: cloze::render(text, deletion(v), false),
            mode: cloze_mode(text, *gap, deletion(v)),
        },
        (CardKind::Occlusion { .. }, v) => super::picture_items::prompt(card, v, seed)
            .unwrap_or_else(|| Prompt {
                question: card.prompt_text().to_string(),
                mode: Mode::Reveal,
            }),
    }
}

/// Typing the deletion's shown text or one of its `|` alternatives, or revealing it.
fn cloze_mode(text: &str, gap: Option<Gap>, n: usize) -> Mode {
    let answers = cloze::deletions(text)
        .ok()
        .and_then(|mut d| (n >= 1 && n <= d.len()).then(|| d.swap_remove(n - 1).answers));
    match answers {
        Some(accepted) if cloze::typed(text, gap) => Mode::Type { accepted },
        _ => Mode::Reveal,
    }
}

fn deletion(v: Variant) -> usize {
    match v {
        Variant::Deletion(n) => usize::from(n),
        _ => 1,
    }
}

/// The back of `item`.
pub fn back(coll: &Collection, item: usize) -> Back {
    let card = coll.card(item);
    let variant = coll.items[item].variant;
    let answer = match (&card.kind, variant) {
        (CardKind::Basic { front, .. }, Variant::Reverse) => front.clone(),
        (CardKind::Basic { back, .. }, _) => back.clone(),
        (CardKind::Typed { answers, .. }, _) => {
            let mut s = answers[0].clone();
            if answers.len() > 1 {
                s.push_str(&format!("  (also: {})", answers[1..].join(", ")));
            }
            s
        }
        (CardKind::Choice { correct, .. }, _) => correct.clone(),
        (CardKind::Cloze { text, .. }, v) => cloze::render(text, deletion(v), true),
        (CardKind::Occlusion { .. }, v) => {
            super::picture_items::answer(card, v).unwrap_or_default()
        }
    };
    Back {
        answer,
        explain: card.explain.clone(),
        source: coll.deck_of(item).cite(&card.source),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::load;

    fn collection(cards: &str) -> Collection {
        let text = format!(r#"Deck(id: "d", title: "D", cards: [{cards}])"#);
        let parsed = load::parse("d.ron", text.as_bytes());
        let errors: Vec<String> = parsed
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(ToString::to_string)
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
        Collection::new(vec![parsed.deck.unwrap().deck])
    }

    fn modes(coll: &Collection) -> Vec<Mode> {
        (0..coll.items.len())
            .map(|i| prompt(coll, i, 0).mode)
            .collect()
    }

    fn typed(accepted: &[&str]) -> Mode {
        Mode::Type {
            accepted: accepted.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn short_cloze_deletions_are_typed_with_their_alternatives() {
        let coll =
            collection(r#"Card(id: "c", cloze: "The {{dura mater|dura}} lines the {{skull}}.")"#);
        assert_eq!(
            modes(&coll),
            vec![typed(&["dura mater", "dura"]), typed(&["skull"])]
        );
        assert_eq!(prompt(&coll, 0, 0).question, "The [...] lines the skull.");
    }

    #[test]
    fn a_cloze_with_a_long_deletion_is_revealed_unless_the_author_says_type() {
        let long = "{{one two three four five}}";
        let coll = collection(&format!(
            r#"Card(id: "a", cloze: "{{{{short}}}} and {long}."),
               Card(id: "b", cloze: "{{{{short}}}} and {long}.", gap: "type"),
               Card(id: "c", cloze: "{{{{short}}}} and {{{{four words at most}}}}.", gap: "reveal")"#
        ));
        assert_eq!(
            modes(&coll),
            vec![
                Mode::Reveal,
                Mode::Reveal,
                typed(&["short"]),
                typed(&["one two three four five"]),
                Mode::Reveal,
                Mode::Reveal,
            ]
        );
    }

    #[test]
    fn gap_is_checked_and_written_back() {
        let bad = load::parse(
            "d.ron",
            br#"Deck(id: "d", title: "D", cards: [
                Card(id: "a", cloze: "{{x}}", gap: "typed"),
                Card(id: "b", front: "Q", back: "A", gap: "type"),
            ])"#,
        );
        let errors: Vec<String> = bad
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(ToString::to_string)
            .collect();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(
            errors[0].starts_with("d.ron:2:")
                && errors[0].contains(r#"`gap` is `typed`: write "type""#),
            "{errors:?}"
        );
        assert!(
            errors[1].contains("`gap` does not belong on a basic card"),
            "{errors:?}"
        );
        let coll = collection(r#"Card(id: "c", cloze: "{{x}}", gap: "reveal")"#);
        let ron = crate::deck::write::to_ron(&coll.decks[0]);
        assert!(ron.contains(r#"gap: "reveal""#), "{ron}");
        let again = load::parse("d.ron", ron.as_bytes()).deck.unwrap().deck;
        assert_eq!(again, coll.decks[0]);
    }
}
