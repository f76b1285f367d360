//! The records of the review log: every answer and every change a learner makes by hand.
//! The log is the truth; all state is folded from it.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::schedule::{Grade, ItemState};

/// What an item was when it was answered (Anki's review kinds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReviewKind {
    New,
    Learn,
    Review,
    Relearn,
    /// An answer in a cram (Anki's "filtered" kind): the scheduler folds it in like any
    /// answer, but it is extra work, so the daily new and review limits do not count it.
    Cram,
}

/// One record of the log. On disk an answer is written positionally,
/// `Review("deck/card","2026-11-23T10:00:00Z",Good,4200,New)` (item, time, grade, milliseconds
/// taken, kind): answers are nearly every line of the log and this form parses about twice as
/// fast as one with field names. Every other record keeps its field names (see `record`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "super::record::Record", into = "super::record::Record")]
pub enum Event {
    /// An answer: `item` is the full item id (`deck/card`, `deck/card#reverse`, `deck/card#2`).
    Review {
        item: String,
        at: Timestamp,
        grade: Grade,
        ms: u32,
        kind: ReviewKind,
    },
    /// Takes back the latest answer to `item`, restoring the state it had before.
    Undo {
        item: String,
        at: Timestamp,
        /// The grade of the answer taken back.
        undone: Grade,
        restore: ItemState,
        /// The answer taken back was a cram answer, which the daily counts never counted.
        /// Written only when true, so logs from before cram read as they did.
        cram: bool,
    },
    Bury {
        item: String,
        at: Timestamp,
        until: Timestamp,
    },
    Suspend {
        item: String,
        at: Timestamp,
    },
    Unsuspend {
        item: String,
        at: Timestamp,
    },
    /// Flags the item for the deck's authors, with the learner's note for them, if any.
    Flag {
        item: String,
        at: Timestamp,
        note: Option<String>,
    },
    Unflag {
        item: String,
        at: Timestamp,
    },
}

impl Event {
    pub fn item(&self) -> &str {
        match self {
            Event::Review { item, .. }
            | Event::Undo { item, .. }
            | Event::Bury { item, .. }
            | Event::Suspend { item, .. }
            | Event::Unsuspend { item, .. }
            | Event::Flag { item, .. }
            | Event::Unflag { item, .. } => item,
        }
    }

    /// The item id, to rename it (a card's old id folded as its new one).
    pub fn item_mut(&mut self) -> &mut String {
        match self {
            Event::Review { item, .. }
            | Event::Undo { item, .. }
            | Event::Bury { item, .. }
            | Event::Suspend { item, .. }
            | Event::Unsuspend { item, .. }
            | Event::Flag { item, .. }
            | Event::Unflag { item, .. } => item,
        }
    }

    pub fn at(&self) -> Timestamp {
        match self {
            Event::Review { at, .. }
            | Event::Undo { at, .. }
            | Event::Bury { at, .. }
            | Event::Suspend { at, .. }
            | Event::Unsuspend { at, .. }
            | Event::Flag { at, .. }
            | Event::Unflag { at, .. } => *at,
        }
    }
}
