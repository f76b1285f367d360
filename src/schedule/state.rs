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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_optional_time_reads_and_serializes_as_an_option() {
        assert_eq!(MaybeSecs::from(Some(-5)).get(), Some(-5));
        assert_eq!(MaybeSecs::from(Some(0)).get(), Some(0));
        assert_eq!(MaybeSecs::from(None).get(), None);
        assert_eq!(MaybeSecs::default(), MaybeSecs::NONE);
        // The one value that stands for none is kept as a time, the earliest after it.
        assert_eq!(MaybeSecs::from(Some(i64::MIN)).get(), Some(i64::MIN + 1));
        let s = ItemState {
            last: Some(1_700_000_000).into(),
            ..ItemState::default()
        };
        let json = serde_json::to_string(&s).unwrap();
        assert!(json.contains("\"last\":1700000000") && json.contains("\"buried_until\":null"));
        assert!(!json.contains("first_missed"), "not written: {json}");
        assert_eq!(serde_json::from_str::<ItemState>(&json).unwrap(), s);
        assert_eq!(std::mem::size_of::<Option<ItemState>>(), 48);
        // A state in an undo record of a log written before the times took eight bytes.
        let old = "(phase:Review,stability:2.5,difficulty:5.0,due:900,last:Some(100),reps:3,\
                   lapses:1,suspended:false,leech:false,flagged:true,buried_until:None)";
        let read: ItemState = ron::from_str(old).unwrap();
        assert_eq!(
            (read.last.get(), read.buried_until.get()),
            (Some(100), None)
        );
        assert_eq!(
            ron::from_str::<ItemState>(&ron::to_string(&read).unwrap()).unwrap(),
            read
        );
    }
}
