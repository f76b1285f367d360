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
    };
    Back {
        answer,
        explain: card.explain.clone(),
        source: coll.deck_of(item).cite(&card.source),
    }
}
