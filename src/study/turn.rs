//! One study turn: the card in front of the learner, from its question to the grade. Both front
//! ends (the app and line mode) drive this one type, so what a turn accepts, how it judges and
//! which grade it suggests cannot drift apart.

use jiff::Timestamp;

use super::collection::Collection;
use super::event::ReviewKind;
use super::picture_items;
use super::present::{self, Back, Mode, Prompt};
use crate::answer::{self, Verdict};
use crate::schedule::Grade;

/// What the learner did before the back was shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Judged {
    /// A typed answer, judged.
    Typed { given: String, verdict: Verdict },
    /// A multiple-choice option (indices into the shuffled options).
    Chose { chosen: usize, correct: usize },
    /// A card the learner grades themselves; `given` is whatever they typed first, shown
    /// beside the answer so they can compare.
    Revealed { given: String },
}

#[derive(Debug, Clone)]
pub struct Turn {
    pub item: usize,
    pub kind: ReviewKind,
    pub prompt: Prompt,
    pub back: Back,
    /// The shuffle seed of options (and of a locate item's numbered regions).
    pub seed: u64,
    judged: Option<Judged>,
}

/// The shuffle seed for a card's options: fixed for a run of somadeck, different across runs,
/// the same in both front ends.
pub fn choice_seed(started: Timestamp, item: usize) -> u64 {
    let t = started.as_second().cast_unsigned();
    t.rotate_left(21) ^ (item as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// Reads an option number as the learner types it (`1` is the first option); `None` for
/// anything else.
pub fn parse_choice(text: &str, options: usize) -> Option<usize> {
    let n: usize = text.trim().parse().ok()?;
    (1..=options).contains(&n).then(|| n - 1)
}

impl Turn {
    pub fn new(coll: &Collection, (item, kind): (usize, ReviewKind), seed: u64) -> Self {
        Turn {
            item,
            kind,
            prompt: present::prompt(coll, item, seed),
            back: present::back(coll, item),
            seed,
            judged: None,
        }
    }

    /// Whether the learner finds a named region among numbered ones.
    pub fn is_locate(&self, coll: &Collection) -> bool {
        matches!(
            coll.items[self.item].variant,
            crate::deck::Variant::Locate(_)
        )
    }

    /// The picture to show now (question or answer), with what covers or marks its regions.
    pub fn picture<'c>(&self, coll: &'c Collection) -> Option<picture_items::Shown<'c>> {
        picture_items::shown(coll, self.item, self.seed, self.revealed())
    }

    pub fn judged(&self) -> Option<&Judged> {
        self.judged.as_ref()
    }

    pub fn revealed(&self) -> bool {
        self.judged.is_some()
    }

    /// The options of a multiple-choice card (empty for other cards).
    pub fn options(&self) -> &[String] {
        match &self.prompt.mode {
            Mode::Choose { options, .. } => options,
            _ => &[],
        }
    }

    pub fn is_choice(&self) -> bool {
        matches!(self.prompt.mode, Mode::Choose { .. })
    }

    /// Whether the learner is asked to type (a typed card or a typed cloze gap).
    pub fn is_typed(&self) -> bool {
        matches!(self.prompt.mode, Mode::Type { .. })
    }

    /// The learner's answer as text: judged on a typed card, kept for comparison on a card
    /// graded by the learner, read as an option number on a multiple-choice card. Returns
    /// false, changing nothing, when the text is no option of a multiple-choice card.
    pub fn answer(&mut self, coll: &Collection, given: &str) -> bool {
        if self.revealed() {
            return false;
        }
        match &self.prompt.mode {
            Mode::Reveal => {
                self.judged = Some(Judged::Revealed {
                    given: given.trim().to_string(),
                });
                true
            }
            Mode::Type { accepted } => {
                let verdict = answer::judge(given, accepted, coll.lexicon());
                self.judged = Some(Judged::Typed {
                    given: given.to_string(),
                    verdict,
                });
                true
            }
            Mode::Choose { options, .. } => match parse_choice(given, options.len()) {
                Some(i) => self.choose(i),
                None => false,
            },
        }
    }

    /// Picks option `chosen` (from 0) of a multiple-choice card.
    pub fn choose(&mut self, chosen: usize) -> bool {
        match &self.prompt.mode {
            Mode::Choose { options, correct } if chosen < options.len() && !self.revealed() => {
                self.judged = Some(Judged::Chose {
                    chosen,
                    correct: *correct,
                });
                true
            }
            _ => false,
        }
    }

    /// The grade Enter takes: from the verdict, or Good after a plain reveal.
    pub fn suggested(&self) -> Grade {
        match &self.judged {
            Some(Judged::Typed { verdict, .. }) => verdict.suggested(),
            Some(Judged::Chose { chosen, correct }) if chosen != correct => Grade::Again,
            _ => Grade::Good,
        }
    }

    /// Whether the checker judged the answer right: `None` when the learner grades themselves.
    pub fn judged_right(&self) -> Option<bool> {
        match &self.judged {
            Some(Judged::Typed { verdict, .. }) => Some(verdict.is_accepted()),
            Some(Judged::Chose { chosen, correct }) => Some(chosen == correct),
            _ => None,
        }
    }
}
