//! How an [`Event`] is written in the review log: the same records, but an answer is a tuple
//! (`Review("deck/card","2026-11-23T10:00:00Z",Good,4200,New)`) because a log is nearly all
//! answers and a tuple parses about twice as fast as named fields.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::event::{Event, ReviewKind};
use crate::schedule::{Grade, ItemState};

#[derive(Serialize, Deserialize)]
pub enum Record {
    /// Item, time, grade, milliseconds taken, kind.
    Review(String, Timestamp, Grade, u32, ReviewKind),
    Undo {
        item: String,
        at: Timestamp,
        undone: Grade,
        restore: ItemState,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
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
    /// `note` came later: a line without it (every flag written before) still reads, and a
    /// flag without a note is written as it always was.
    Flag {
        item: String,
        at: Timestamp,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    Unflag {
        item: String,
        at: Timestamp,
    },
}

impl From<Record> for Event {
    fn from(r: Record) -> Event {
        match r {
            Record::Review(item, at, grade, ms, kind) => Event::Review {
                item,
                at,
                grade,
                ms,
                kind,
            },
            Record::Undo {
                item,
                at,
                undone,
                restore,
                cram,
            } => Event::Undo {
                item,
                at,
                undone,
                restore,
                cram,
            },
            Record::Bury { item, at, until } => Event::Bury { item, at, until },
            Record::Suspend { item, at } => Event::Suspend { item, at },
            Record::Unsuspend { item, at } => Event::Unsuspend { item, at },
            Record::Flag { item, at, note } => Event::Flag { item, at, note },
            Record::Unflag { item, at } => Event::Unflag { item, at },
        }
    }
}

impl From<Event> for Record {
    fn from(e: Event) -> Record {
        match e {
            Event::Review {
                item,
                at,
                grade,
                ms,
                kind,
            } => Record::Review(item, at, grade, ms, kind),
            Event::Undo {
                item,
                at,
                undone,
                restore,
                cram,
            } => Record::Undo {
                item,
                at,
                undone,
                restore,
                cram,
            },
            Event::Bury { item, at, until } => Record::Bury { item, at, until },
            Event::Suspend { item, at } => Record::Suspend { item, at },
            Event::Unsuspend { item, at } => Record::Unsuspend { item, at },
            Event::Flag { item, at, note } => Record::Flag { item, at, note },
            Event::Unflag { item, at } => Record::Unflag { item, at },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_written_as_tuples_and_read_back() {
        let ev = Event::Review {
            item: "skull/sella".into(),
            at: "2026-11-23T10:00:00Z".parse().unwrap(),
            grade: Grade::Good,
            ms: 4200,
            kind: ReviewKind::New,
        };
        let line = ron::to_string(&ev).unwrap();
        assert_eq!(
            line,
            r#"Review("skull/sella","2026-11-23T10:00:00Z",Good,4200,New)"#
        );
        assert_eq!(ron::from_str::<Event>(&line).unwrap(), ev);
        let flag = r#"Flag(item:"skull/sella",at:"2026-11-23T10:00:00Z")"#;
        let parsed: Event = ron::from_str(flag).unwrap();
        assert_eq!(ron::to_string(&parsed).unwrap(), flag);
    }

    /// A flag written before flags had notes still reads (with no note), and a flag with a
    /// note reads back with it.
    #[test]
    fn flags_from_older_logs_read_and_notes_round_trip() {
        let old = r#"Flag(item:"skull/sella",at:"2026-11-23T10:00:00Z")"#;
        let Event::Flag { note, .. } = ron::from_str::<Event>(old).unwrap() else {
            panic!("not a flag");
        };
        assert_eq!(note, None);
        let ev = Event::Flag {
            item: "skull/sella".into(),
            at: "2026-11-23T10:00:00Z".parse().unwrap(),
            note: Some("the \"answer\" is wrong, see p. 12".into()),
        };
        let line = ron::to_string(&ev).unwrap();
        assert!(!line.contains('\n'));
        assert_eq!(ron::from_str::<Event>(&line).unwrap(), ev);
    }
}
