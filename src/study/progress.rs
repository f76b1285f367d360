//! Progress: every item's state and today's counts, folded from the review log in order.
//! Serialized as the snapshot so start-up need not replay the whole log.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::event::{Event, ReviewKind};
use crate::schedule::{Grade, ItemState, Scheduler};

/// Answers and correct answers on one study day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayCount {
    pub reviews: u32,
    pub correct: u32,
    pub new: u32,
    /// Answers to items that were on day-scale review (what the daily review limit counts).
    pub review: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// Keyed by full item id; items of removed cards keep their state, unseen.
    pub states: FxHashMap<String, ItemState>,
    /// Answers that stand (undone ones excluded).
    pub reviews: u64,
    /// Per study day, all decks.
    pub days: BTreeMap<Date, DayCount>,
    /// Per deck, for the day in `today_for`: new cards introduced and reviews done.
    pub today_for: Option<Date>,
    pub deck_today: FxHashMap<String, DayCount>,
}

/// What folding one event changed, for the user to be told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    Nothing,
    Answered { became_leech: bool },
    Undone,
}

fn deck_of(item: &str) -> &str {
    item.split_once('/').map_or(item, |(d, _)| d)
}

impl Progress {
    pub fn state(&self, item: &str) -> Option<&ItemState> {
        self.states.get(item)
    }

    /// Consecutive study days with at least one answer, ending today, or yesterday if today
    /// has none yet (a streak is not lost before the day is over).
    pub fn streak(&self, today: Date) -> u32 {
        let studied = |d: &Date| self.days.get(d).is_some_and(|c| c.reviews > 0);
        let mut day = if studied(&today) {
            today
        } else {
            match today.yesterday() {
                Ok(d) => d,
                Err(_) => return 0,
            }
        };
        let mut n = 0;
        while studied(&day) {
            n += 1;
            match day.yesterday() {
                Ok(d) => day = d,
                Err(_) => break,
            }
        }
        n
    }

    /// Counts for `deck` today (zero when nothing happened today yet).
    pub fn today(&self, deck: &str, today: Date) -> DayCount {
        if self.today_for == Some(today) {
            self.deck_today.get(deck).copied().unwrap_or_default()
        } else {
            DayCount::default()
        }
    }

    fn bump_today(&mut self, deck: &str, day: Date, f: impl Fn(&mut DayCount)) {
        if self.today_for != Some(day) {
            if self.today_for.is_some_and(|t| t > day) {
                return;
            }
            self.today_for = Some(day);
            self.deck_today.clear();
        }
        match self.deck_today.get_mut(deck) {
            Some(c) => f(c),
            None => f(self.deck_today.entry(deck.to_string()).or_default()),
        }
    }

    /// Folds one event in. Replaying the same log always gives the same progress.
    pub fn apply(&mut self, ev: &Event, sched: &Scheduler) -> Applied {
        let at = ev.at();
        let day = sched.days.day_of(at);
        match ev {
            Event::Review {
                item, grade, kind, ..
            } => {
                // Looked up in place: a replay folds a million of these.
                let became_leech = match self.states.get_mut(item) {
                    Some(state) => {
                        let after = sched.answer(item, state, *grade, at);
                        let became = after.leech && !state.leech;
                        *state = after;
                        became
                    }
                    None => {
                        let after = sched.answer(item, &ItemState::default(), *grade, at);
                        let became = after.leech;
                        self.states.insert(item.clone(), after);
                        became
                    }
                };
                self.reviews += 1;
                let counted = |c: &mut DayCount| {
                    c.reviews += 1;
                    c.correct += u32::from(*grade != Grade::Again);
                    c.new += u32::from(*kind == ReviewKind::New);
                    c.review += u32::from(*kind == ReviewKind::Review);
                };
                counted(self.days.entry(day).or_default());
                self.bump_today(deck_of(item), day, counted);
                Applied::Answered { became_leech }
            }
            Event::Undo {
                item,
                restore,
                undone,
                ..
            } => {
                let current = self.states.get(item).cloned().unwrap_or_default();
                let was_new = restore.is_new();
                let was_review = restore.phase == crate::schedule::Phase::Review;
                let was_correct = *undone != Grade::Again;
                let review_day = current
                    .last
                    .map_or(day, |l| sched.days.day_of(crate::schedule::ts(l)));
                self.states.insert(item.clone(), restore.clone());
                self.reviews = self.reviews.saturating_sub(1);
                let uncount = |c: &mut DayCount| {
                    c.reviews = c.reviews.saturating_sub(1);
                    c.correct = c.correct.saturating_sub(u32::from(was_correct));
                    c.new = c.new.saturating_sub(u32::from(was_new));
                    c.review = c.review.saturating_sub(u32::from(was_review));
                };
                if let Some(c) = self.days.get_mut(&review_day) {
                    uncount(c);
                }
                if self.today_for == Some(review_day) {
                    self.bump_today(deck_of(item), review_day, uncount);
                }
                Applied::Undone
            }
            Event::Bury { item, until, .. } => {
                self.states.entry(item.clone()).or_default().buried_until = Some(until.as_second());
                Applied::Nothing
            }
            Event::Suspend { item, .. } | Event::Unsuspend { item, .. } => {
                let s = self.states.entry(item.clone()).or_default();
                s.suspended = matches!(ev, Event::Suspend { .. });
                if !s.suspended {
                    s.leech = false;
                }
                Applied::Nothing
            }
            Event::Flag { item, .. } | Event::Unflag { item, .. } => {
                self.states.entry(item.clone()).or_default().flagged =
                    matches!(ev, Event::Flag { .. });
                Applied::Nothing
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn streak_counts_back_from_today_or_yesterday() {
        let d = |n: i8| date(2026, 3, n);
        let mut p = Progress::default();
        for (day, reviews) in [(d(1), 3), (d(2), 0), (d(3), 5), (d(4), 1), (d(5), 2)] {
            p.days.insert(
                day,
                DayCount {
                    reviews,
                    ..DayCount::default()
                },
            );
        }
        assert_eq!(p.streak(d(5)), 3);
        assert_eq!(p.streak(d(6)), 3);
        assert_eq!(p.streak(d(7)), 0);
        assert_eq!(p.streak(d(2)), 1);
    }
}
