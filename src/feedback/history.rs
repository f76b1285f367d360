//! Each item's answers and flag, folded from the review log: what the exports need beyond the
//! folded progress (which keeps no list of answers, nor when a flag was set).

use std::collections::BTreeMap;

use super::file::{Answer, FlagRecord};
use crate::study::Event;

/// One item's answers that stand (oldest first) and its flag, if it is flagged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemHistory {
    pub answers: Vec<Answer>,
    pub flag: Option<FlagRecord>,
}

/// Folds the log, in order, into each item's history. An undo takes back the item's latest
/// answer, as it does in progress; an unflag clears the flag.
pub fn fold(events: impl IntoIterator<Item = Event>) -> BTreeMap<String, ItemHistory> {
    let mut all: BTreeMap<String, ItemHistory> = BTreeMap::new();
    for ev in events {
        match ev {
            Event::Review {
                item, at, grade, ..
            } => all
                .entry(item)
                .or_default()
                .answers
                .push(Answer { at, grade }),
            Event::Undo { item, .. } => {
                if let Some(h) = all.get_mut(&item) {
                    h.answers.pop();
                }
            }
            Event::Flag { item, at, note } => {
                all.entry(item).or_default().flag = Some(FlagRecord { at, note });
            }
            Event::Unflag { item, .. } => {
                if let Some(h) = all.get_mut(&item) {
                    h.flag = None;
                }
            }
            Event::Bury { .. } | Event::Suspend { .. } | Event::Unsuspend { .. } => {}
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::{Grade, ItemState};
    use crate::study::ReviewKind;

    fn at(s: &str) -> jiff::Timestamp {
        format!("2026-12-01T{s}:00Z").parse().unwrap()
    }

    fn review(item: &str, t: &str, grade: Grade) -> Event {
        Event::Review {
            item: item.into(),
            at: at(t),
            grade,
            ms: 900,
            kind: ReviewKind::New,
        }
    }

    #[test]
    fn undone_answers_and_cleared_flags_are_left_out() {
        let log = vec![
            review("d/a", "10:00", Grade::Again),
            review("d/a", "10:05", Grade::Good),
            Event::Undo {
                item: "d/a".into(),
                at: at("10:06"),
                undone: Grade::Good,
                restore: ItemState::default(),
                cram: false,
            },
            Event::Flag {
                item: "d/a".into(),
                at: at("10:07"),
                note: Some("unclear".into()),
            },
            Event::Flag {
                item: "d/b".into(),
                at: at("10:08"),
                note: None,
            },
            Event::Unflag {
                item: "d/b".into(),
                at: at("10:09"),
            },
        ];
        let h = fold(log);
        assert_eq!(
            h["d/a"].answers,
            [Answer {
                at: at("10:00"),
                grade: Grade::Again
            }]
        );
        assert_eq!(
            h["d/a"].flag.as_ref().unwrap().note.as_deref(),
            Some("unclear")
        );
        assert_eq!(h["d/b"], ItemHistory::default());
    }
}
