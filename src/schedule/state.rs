//! The scheduling state of one review item, as folded from its history.

use serde::{Deserialize, Serialize};

/// Where an item is in its life: never seen, in (re)learning steps, or on day-scale reviews.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Phase {
    #[default]
    New,
    /// At learning step n (counted from 0).
    Learning(u8),
    Review,
    /// At relearning step n after a lapse.
    Relearning(u8),
}

/// Times are Unix seconds: compact in the snapshot and cheap to compare.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ItemState {
    pub phase: Phase,
    /// FSRS memory state; both 0 while new.
    pub stability: f32,
    pub difficulty: f32,
    pub due: i64,
    pub last: Option<i64>,
    pub reps: u32,
    pub lapses: u32,
    pub suspended: bool,
    pub leech: bool,
    pub flagged: bool,
    pub buried_until: Option<i64>,
}

impl ItemState {
    pub fn is_new(&self) -> bool {
        self.phase == Phase::New
    }

    pub fn is_learning(&self) -> bool {
        matches!(self.phase, Phase::Learning(_) | Phase::Relearning(_))
    }

    pub fn memory(&self) -> Option<fsrs::MemoryState> {
        (self.stability > 0.0).then_some(fsrs::MemoryState {
            stability: self.stability,
            difficulty: self.difficulty,
        })
    }
}

/// The four answers, as Anki names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Grade {
    Again = 1,
    Hard = 2,
    Good = 3,
    Easy = 4,
}

impl Grade {
    pub const ALL: [Grade; 4] = [Grade::Again, Grade::Hard, Grade::Good, Grade::Easy];

    pub fn from_number(n: u8) -> Option<Grade> {
        Grade::ALL.get(usize::from(n).checked_sub(1)?).copied()
    }

    pub fn number(self) -> u8 {
        self as u8
    }

    pub fn label(self) -> &'static str {
        match self {
            Grade::Again => "Again",
            Grade::Hard => "Hard",
            Grade::Good => "Good",
            Grade::Easy => "Easy",
        }
    }
}
