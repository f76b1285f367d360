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
    /// When it was last answered.
    pub last: MaybeSecs,
    pub reps: u32,
    pub lapses: u32,
    pub suspended: bool,
    pub leech: bool,
    pub flagged: bool,
    pub buried_until: MaybeSecs,
    /// Whether its first answer was Again or Hard: such an item does not count toward placing
    /// out of a locked topic. Kept in the snapshot; in the log it follows from the answers, so
    /// it is not written with the states an undo restores.
    #[serde(skip)]
    pub first_missed: bool,
}

/// A time in Unix seconds, or none: an `Option<i64>` in eight bytes rather than sixteen, so
/// that a state takes 48 bytes instead of 64 (a collection may hold 100,000 of them, all read
/// at every start). `i64::MIN` stands for none: no time somadeck meets is 292 billion years
/// before 1970. Serialized as the `Option<i64>` it stands for.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Option<i64>", into = "Option<i64>")]
pub struct MaybeSecs(i64);

impl MaybeSecs {
    pub const NONE: MaybeSecs = MaybeSecs(i64::MIN);

    pub fn get(self) -> Option<i64> {
        (self.0 != i64::MIN).then_some(self.0)
    }

    pub fn is_some(self) -> bool {
        self.0 != i64::MIN
    }

    pub fn is_none(self) -> bool {
        self.0 == i64::MIN
    }
}

impl Default for MaybeSecs {
    fn default() -> Self {
        MaybeSecs::NONE
    }
}

impl From<Option<i64>> for MaybeSecs {
    /// `Some(i64::MIN)`, which no real time is, is kept as the earliest time after it.
    fn from(t: Option<i64>) -> Self {
        match t {
            Some(t) => MaybeSecs(t.max(i64::MIN + 1)),
            None => MaybeSecs::NONE,
        }
    }
}

impl From<MaybeSecs> for Option<i64> {
    fn from(t: MaybeSecs) -> Self {
        t.get()
    }
}

impl std::fmt::Debug for MaybeSecs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.get().fmt(f)
    }
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
