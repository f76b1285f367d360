//! Progress: every item's state and today's counts, folded from the review log in order.
//! Serialized as the snapshot so start-up need not replay the whole log.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::event::{Event, ReviewKind};
use super::states::States;
use crate::schedule::{Grade, ItemState, Scheduler};

/// Answers and correct answers on one study day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayCount {
    pub reviews: u32,
    pub correct: u32,
    pub new: u32,
    /// Answers to items that were on day-scale review (what the daily review limit counts).
    pub review: u32,
    /// Time taken answering, in milliseconds. Undone answers stay counted: the time was spent.
    pub ms: u64,
    /// Review answers to young items (interval under [`MATURE_DAYS`]) and how many were not
    /// Again; then the same for mature items. Anki's "true retention" counts these.
    pub young: u32,
    pub young_passed: u32,
    pub mature: u32,
    pub mature_passed: u32,
}

/// Anki's line between young and mature cards: an interval of 21 days or more is mature.
pub const MATURE_DAYS: i64 = 21;

/// Upper edges of the calibration bins of predicted recall; the last bin runs to 1.
pub const CALIBRATION_EDGES: [f32; 4] = [0.5, 0.7, 0.8, 0.9];

/// Review answers whose predicted recall fell in one calibration bin.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalibrationBin {
    pub answers: u64,
    /// The predicted recalls summed, in millionths (whole numbers, so an undo takes back
    /// exactly what its answer added).
    pub predicted_millionths: u64,
    /// Answers that were not Again.
    pub recalled: u64,
}

/// What a review answer is measured by: whether the item was mature, and the recall FSRS
/// predicted for it at that moment.
#[derive(Debug, Clone, Copy)]
struct Measured {
    mature: bool,
    predicted: f32,
}

fn measure(s: &ItemState, sched: &Scheduler, at: Timestamp) -> Option<Measured> {
    let interval = sched.interval_days(s)?;
    Some(Measured {
        mature: interval >= MATURE_DAYS,
        predicted: sched.retrievability(s, at)?,
    })
}

fn calibration_bin(predicted: f32) -> usize {
    CALIBRATION_EDGES
        .iter()
        .position(|&edge| predicted < edge)
        .unwrap_or(CALIBRATION_EDGES.len())
}

fn millionths(p: f32) -> u64 {
    (f64::from(p.clamp(0.0, 1.0)) * 1e6).round() as u64
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// By full item id; items of removed cards keep their state, unseen.
    pub states: States,
    /// Answers that stand (undone ones excluded).
    pub reviews: u64,
    /// Per study day, all decks.
    pub days: BTreeMap<Date, DayCount>,
    /// Per study day, per deck id: what the per-deck limits count. Keyed by day (not only
    /// "the latest day"), so a clock set back still finds what was done on its day. Days more
    /// than [`DECK_DAYS_KEPT`] before the newest are dropped as newer days arrive.
    pub deck_days: BTreeMap<Date, FxHashMap<String, DayCount>>,
    /// The time of the newest answer in the log (Unix seconds).
    pub latest: Option<i64>,
    /// Review answers by the recall predicted for them, over the whole log.
    pub calibration: [CalibrationBin; 5],
    /// The note left with each flagged item that has one (the flag itself is in its state).
    pub flag_notes: FxHashMap<String, String>,
}

/// How many study days of per-deck counts are kept behind the newest one.
pub const DECK_DAYS_KEPT: i32 = 31;

/// The value for `day`, made if missing. Answers come in time order, so nearly always on the
/// newest day so far: that one is found without searching (a replay of ten years of answers
/// spent a tenth of its time comparing dates in these maps).
fn day_entry<V: Default>(map: &mut BTreeMap<Date, V>, day: Date) -> &mut V {
    if map
        .last_key_value()
        .is_some_and(|(newest, _)| *newest == day)
    {
        match map.last_entry() {
            Some(newest) => newest.into_mut(),
            None => unreachable!("the map has a last key"),
        }
    } else {
        map.entry(day).or_default()
    }
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

    /// The state of item `i` of `coll`: read from its slot when the states are bound to the
    /// collection (no lookup by id), else looked up by its id.
    pub fn item_state(&self, coll: &super::Collection, i: usize) -> Option<&ItemState> {
        match self.states.bound_slots(coll.uid()) {
            Some(slots) => slots.get(i).and_then(Option::as_ref),
            None => self.state(coll.items.get(i).map(|_| coll.id(i))?),
        }
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

    /// Counts for `deck` on study day `day` (zero when nothing happened then).
    pub fn today(&self, deck: &str, day: Date) -> DayCount {
        self.deck_days
            .get(&day)
            .and_then(|m| m.get(deck))
            .copied()
            .unwrap_or_default()
    }

    /// Counts for all decks together on study day `day`.
    pub fn day(&self, day: Date) -> DayCount {
        self.days.get(&day).copied().unwrap_or_default()
    }

    /// The time of the newest answer, when it is later than `now`: the clock has been set
    /// back (or was ahead when those answers were given). Study still works and the daily
    /// limits still hold, but intervals are measured from answers "in the future", so the
    /// front end should say so.
    pub fn clock_behind(&self, now: Timestamp) -> Option<Timestamp> {
        self.latest
            .filter(|&l| l > now.as_second())
            .map(crate::schedule::ts)
    }

    /// Whether `item` has been answered and its first answer was Good or Easy.
    pub fn passed_first(&self, item: &str) -> bool {
        self.state(item)
            .is_some_and(|s| !s.is_new() && !s.first_missed)
    }

    fn bump_deck_day(&mut self, deck: &str, day: Date, f: impl Fn(&mut DayCount)) {
        let newest = self.deck_days.last_key_value().map(|(d, _)| *d);
        if newest.is_none_or(|n| day > n)
            && let Ok(keep_from) = day.checked_sub(jiff::Span::new().days(DECK_DAYS_KEPT))
        {
            self.deck_days = self.deck_days.split_off(&keep_from);
        }
        let by_deck = day_entry(&mut self.deck_days, day);
        match by_deck.get_mut(deck) {
            Some(c) => f(c),
            None => f(by_deck.entry(deck.to_string()).or_default()),
        }
    }

    /// Folds one event in. Replaying the same log always gives the same progress.
    pub fn apply(&mut self, ev: &Event, sched: &Scheduler) -> Applied {
        let at = ev.at();
        let day = sched.days.day_of(at);
        match ev {
            Event::Review {
                item,
                grade,
                kind,
                ms,
                ..
            } => {
                // One lookup by id, the state read and set in its slot: a replay folds ten
                // million of these.
                let slot = self.states.slot_for(item);
                let before = self.states.at(slot);
                let first = before.is_none_or(ItemState::is_new);
                let measured = before.and_then(|s| measure(s, sched, at));
                let passed = *grade != Grade::Again;
                let mut after =
                    sched.answer(item, before.unwrap_or(&ItemState::default()), *grade, at);
                after.first_missed |= first && matches!(grade, Grade::Again | Grade::Hard);
                let became_leech = after.leech && !before.is_some_and(|s| s.leech);
                self.states.set_at(slot, after);
                self.latest = Some(
                    self.latest
                        .map_or(at.as_second(), |l| l.max(at.as_second())),
                );
                self.reviews += 1;
                if let Some(m) = measured {
                    let bin = &mut self.calibration[calibration_bin(m.predicted)];
                    bin.answers += 1;
                    bin.predicted_millionths += millionths(m.predicted);
                    bin.recalled += u64::from(passed);
                }
                // A cram answer (its own kind) counts as neither new nor review: it is extra
                // work, so the daily limits do not count it.
                let counted = |c: &mut DayCount| {
                    c.reviews += 1;
                    c.correct += u32::from(passed);
                    c.new += u32::from(*kind == ReviewKind::New);
                    c.review += u32::from(*kind == ReviewKind::Review);
                    c.ms += u64::from(*ms);
                    if let Some(m) = measured {
                        let (n, ok) = if m.mature {
                            (&mut c.mature, &mut c.mature_passed)
                        } else {
                            (&mut c.young, &mut c.young_passed)
                        };
                        *n += 1;
                        *ok += u32::from(passed);
                    }
                };
                counted(day_entry(&mut self.days, day));
                self.bump_deck_day(deck_of(item), day, counted);
                Applied::Answered { became_leech }
            }
            Event::Undo {
                item,
                restore,
                undone,
                cram,
                ..
            } => {
                let slot = self.states.slot_for(item);
                let current = self.states.at(slot).cloned().unwrap_or_default();
                // A cram answer was never counted against the daily limits (see above).
                let was_new = restore.is_new() && !cram;
                let was_review = restore.phase == crate::schedule::Phase::Review && !cram;
                let was_correct = *undone != Grade::Again;
                let review_day = current
                    .last
                    .get()
                    .map_or(day, |l| sched.days.day_of(crate::schedule::ts(l)));
                let measured = current
                    .last
                    .get()
                    .and_then(|l| measure(restore, sched, crate::schedule::ts(l)));
                if let Some(m) = measured {
                    let bin = &mut self.calibration[calibration_bin(m.predicted)];
                    bin.answers = bin.answers.saturating_sub(1);
                    bin.predicted_millionths = bin
                        .predicted_millionths
                        .saturating_sub(millionths(m.predicted));
                    bin.recalled = bin.recalled.saturating_sub(u64::from(was_correct));
                }
                // The first answer missed stays marked unless the answer undone was the first.
                self.states.set_at(
                    slot,
                    ItemState {
                        first_missed: current.first_missed && !was_new,
                        ..restore.clone()
                    },
                );
                self.reviews = self.reviews.saturating_sub(1);
                let uncount = |c: &mut DayCount| {
                    c.reviews = c.reviews.saturating_sub(1);
                    c.correct = c.correct.saturating_sub(u32::from(was_correct));
                    c.new = c.new.saturating_sub(u32::from(was_new));
                    c.review = c.review.saturating_sub(u32::from(was_review));
                    if let Some(m) = measured {
                        let (n, ok) = if m.mature {
                            (&mut c.mature, &mut c.mature_passed)
                        } else {
                            (&mut c.young, &mut c.young_passed)
                        };
                        *n = n.saturating_sub(1);
                        *ok = ok.saturating_sub(u32::from(was_correct));
                    }
                };
                if let Some(c) = self.days.get_mut(&review_day) {
                    uncount(c);
                }
                if let Some(c) = self
                    .deck_days
                    .get_mut(&review_day)
                    .and_then(|m| m.get_mut(deck_of(item)))
                {
                    uncount(c);
                }
                Applied::Undone
            }
            Event::Bury { item, until, .. } => {
                self.states.entry(item).buried_until = Some(until.as_second()).into();
                Applied::Nothing
            }
            Event::Suspend { item, .. } | Event::Unsuspend { item, .. } => {
                let s = self.states.entry(item);
                s.suspended = matches!(ev, Event::Suspend { .. });
                if !s.suspended {
                    s.leech = false;
                }
                Applied::Nothing
            }
            Event::Flag { item, note, .. } => {
                self.states.entry(item).flagged = true;
                match note {
                    Some(n) => self.flag_notes.insert(item.clone(), n.clone()),
                    None => self.flag_notes.remove(item),
                };
                Applied::Nothing
            }
            Event::Unflag { item, .. } => {
                self.states.entry(item).flagged = false;
                self.flag_notes.remove(item);
                Applied::Nothing
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn review(item: &str, at: &str, grade: Grade) -> Event {
        Event::Review {
            item: item.into(),
            at: at.parse().unwrap(),
            grade,
            ms: 1000,
            kind: ReviewKind::New,
        }
    }

    /// The default scheduler, its study days starting at 04:00 UTC.
    fn utc_scheduler() -> Scheduler {
        Scheduler::new(
            crate::schedule::Params::default(),
            crate::schedule::DayClock::new(jiff::tz::TimeZone::UTC, 4),
        )
        .unwrap()
    }

    #[test]
    fn deck_counts_are_kept_per_day_even_for_days_before_the_newest() {
        let sched = utc_scheduler();
        let mut p = Progress::default();
        p.apply(&review("d/a", "2026-03-10T10:00:00Z", Grade::Good), &sched);
        // The clock went back two days: that day's counts are its own.
        p.apply(&review("d/b", "2026-03-08T10:00:00Z", Grade::Hard), &sched);
        p.apply(&review("e/c", "2026-03-08T11:00:00Z", Grade::Good), &sched);
        assert_eq!(p.today("d", date(2026, 3, 8)).new, 1);
        assert_eq!(p.today("e", date(2026, 3, 8)).new, 1);
        assert_eq!(p.today("d", date(2026, 3, 10)).new, 1);
        assert_eq!(p.day(date(2026, 3, 8)).new, 2);
        let newest: Timestamp = "2026-03-10T10:00:00Z".parse().unwrap();
        assert_eq!(
            p.clock_behind("2026-03-08T12:00:00Z".parse().unwrap()),
            Some(newest)
        );
        assert_eq!(p.clock_behind(newest), None);
        assert!(p.passed_first("d/a") && !p.passed_first("d/b") && !p.passed_first("x/y"));
        // A newer day drops per-deck counts more than DECK_DAYS_KEPT days behind it.
        p.apply(&review("d/z", "2026-05-01T10:00:00Z", Grade::Good), &sched);
        assert_eq!(p.today("d", date(2026, 3, 10)).new, 0);
        assert_eq!(p.deck_days.len(), 1);
        assert_eq!(p.day(date(2026, 3, 10)).new, 1, "all-deck days are history");
    }

    #[test]
    fn a_first_answer_missed_is_marked_until_that_answer_is_undone() {
        let sched = utc_scheduler();
        let undo = |item: &str, at: &str, undone: Grade, restore: ItemState| Event::Undo {
            item: item.into(),
            at: at.parse().unwrap(),
            undone,
            restore,
            cram: false,
        };
        let mut p = Progress::default();
        p.apply(&review("d/a", "2026-03-10T10:00:00Z", Grade::Hard), &sched);
        let after_first = p.state("d/a").unwrap().clone();
        p.apply(&review("d/a", "2026-03-10T10:10:00Z", Grade::Good), &sched);
        assert!(
            p.state("d/a").unwrap().first_missed,
            "kept by later answers"
        );
        assert!(!p.passed_first("d/a"));
        // Undoing the second answer keeps the mark, even from an undo record without it (as
        // logs written before the mark have).
        let unmarked = ItemState {
            first_missed: false,
            ..after_first
        };
        p.apply(
            &undo("d/a", "2026-03-10T10:11:00Z", Grade::Good, unmarked),
            &sched,
        );
        assert!(p.state("d/a").unwrap().first_missed);
        // Undoing the first answer clears it; answered Good now, the item passed first.
        p.apply(
            &undo(
                "d/a",
                "2026-03-10T10:12:00Z",
                Grade::Hard,
                ItemState::default(),
            ),
            &sched,
        );
        assert!(!p.state("d/a").unwrap().first_missed);
        p.apply(&review("d/a", "2026-03-10T10:13:00Z", Grade::Good), &sched);
        assert!(p.passed_first("d/a"));
        // A first answer of Good followed by Again is not a first miss.
        p.apply(&review("d/b", "2026-03-10T10:00:00Z", Grade::Good), &sched);
        p.apply(&review("d/b", "2026-03-10T10:10:00Z", Grade::Again), &sched);
        assert!(p.passed_first("d/b"));
    }

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
