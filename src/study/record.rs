//! How an [`Event`] is written in the review log: the same records, but an answer is a tuple
//! (`Review("deck/card","2026-11-23T10:00:00Z",Good,4200,New)`) because a log is nearly all
//! answers and a tuple parses about twice as fast as named fields.

use jiff::Timestamp;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

use super::event::{Event, ReviewKind};
use crate::schedule::{Grade, ItemState};

#[derive(Serialize, Deserialize)]
pub enum Record {
    /// Item, time, grade, milliseconds taken, kind.
    Review(
        String,
        #[serde(deserialize_with = "answer_time")] Timestamp,
        Grade,
        u32,
        ReviewKind,
    ),
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

/// The time of an answer. `2026-11-23T10:00:00Z`, the form jiff writes for a whole second,
/// is taken apart by hand (a rebuild of progress reads ten million of them, and jiff's general
/// parser was a fifth of the cost of a line); any other form is read by jiff, as before.
fn answer_time<'de, D: Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
    struct Time;
    impl Visitor<'_> for Time {
        type Value = Timestamp;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a time such as \"2026-11-23T10:00:00Z\"")
        }
        fn visit_str<E: de::Error>(self, s: &str) -> Result<Timestamp, E> {
            match whole_utc_second(s) {
                Some(t) => Ok(t),
                None => s.parse().map_err(E::custom),
            }
        }
    }
    d.deserialize_str(Time)
}

/// `YYYY-MM-DDTHH:MM:SSZ` exactly, with a real date and a time of day (no leap second), as a
/// timestamp; `None` for anything else.
pub(super) fn whole_utc_second(s: &str) -> Option<Timestamp> {
    let b = s.as_bytes();
    let punct = [
        (4, b'-'),
        (7, b'-'),
        (10, b'T'),
        (13, b':'),
        (16, b':'),
        (19, b'Z'),
    ];
    if b.len() != 20 || punct.iter().any(|&(i, c)| b[i] != c) {
        return None;
    }
    let num = |from: usize, to: usize| {
        b[from..to].iter().try_fold(0i64, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + i64::from(c - b'0'))
        })
    };
    let (year, month, day) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (hour, minute, second) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    // Checks the day against the month's length.
    jiff::civil::Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()?;
    let days = days_from_civil(year, month, day);
    Timestamp::from_second(days * 86_400 + hour * 3_600 + minute * 60 + second).ok()
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
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

    /// The hand-made reading of a whole UTC second gives jiff's timestamp for every second it
    /// accepts, over the years 0 to 9999, and leaves every other form to jiff.
    #[test]
    fn answer_times_read_by_hand_are_jiffs() {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let lowest = "0000-01-01T00:00:00Z"
            .parse::<Timestamp>()
            .unwrap()
            .as_second();
        let highest = "9999-12-30T00:00:00Z"
            .parse::<Timestamp>()
            .unwrap()
            .as_second();
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let span = u64::try_from(highest - lowest).unwrap();
            let secs = lowest + i64::try_from(x % span).unwrap();
            let t = Timestamp::from_second(secs).unwrap();
            let text = t.to_string();
            assert_eq!(whole_utc_second(&text), Some(t), "{text}");
        }
        for text in [
            "2026-11-23T10:00:00.5Z",
            "2026-11-23T10:00:00+00:00",
            "2026-11-23t10:00:00z",
            "2026-02-29T10:00:00Z",
            "2026-11-31T10:00:00Z",
            "2026-13-01T10:00:00Z",
            "2026-11-23T24:00:00Z",
            "2026-11-23T10:60:00Z",
            "2026-11-23T10:00:60Z",
            "2026-11-23 10:00:00Z",
            "+2026-11-23T10:00:0Z",
            "2026-1-023T10:00:00Z",
        ] {
            assert_eq!(whole_utc_second(text), None, "{text}");
        }
        assert_eq!(
            whole_utc_second("2024-02-29T23:59:59Z"),
            Some("2024-02-29T23:59:59Z".parse().unwrap())
        );
        // Forms left to jiff still read, and a bad one is refused as before.
        let line = r#"Review("a/b","2026-11-23T10:00:00.5Z",Good,1,New)"#;
        let at = ron::from_str::<Event>(line).unwrap().at();
        assert_eq!(at, "2026-11-23T10:00:00.5Z".parse::<Timestamp>().unwrap());
        assert!(
            ron::from_str::<Event>(r#"Review("a/b","2026-02-30T10:00:00Z",Good,1,New)"#).is_err()
        );
    }
}
