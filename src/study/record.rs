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
    Flag {
        item: String,
        at: Timestamp,
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
            Record::Flag { item, at } => Event::Flag { item, at },
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
            Event::Flag { item, at } => Record::Flag { item, at },
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
}
