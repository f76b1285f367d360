//! What an exam plan costs and brings, by FSRS's own simulator (`fsrs::simulate`, the one
//! Anki's workload estimate uses): started from the student's memory states, with the
//! parameters, desired retention, learning steps, limits and exam cap on intervals that
//! scheduling uses, and a given number of new items a day until new items stop. Pure and
//! repeatable: the simulator's random answers come from a fixed seed.

use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

use crate::schedule::{ItemState, Scheduler, exam_capped_days, ts};

/// The simulator's seed: the same inputs always give the same figures.
const SEED: u64 = 42;

/// The furthest exam the simulator is run for, in days. It steps through every day for every
/// item, so an exam years ahead (9999-12-31 is a valid date) would keep a command, the stats
/// screen or the app's home busy for minutes; that far ahead its figures say little anyway.
pub const MAX_SIMULATED_DAYS: usize = 3 * 366;

/// The simulated days from today to the exam's eve, and recall as the exam day starts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outlook {
    /// New items introduced a day, until new items stop.
    pub new_per_day: u32,
    /// New items introduced in all.
    pub introduced: usize,
    /// Reviews a day from today to the day before the exam: the mean and the busiest day.
    pub reviews_mean: f64,
    pub reviews_peak: usize,
    /// Minutes a day, by the simulator's average answer times (Anki's defaults).
    pub minutes_mean: f64,
    /// The expected share of all the items in scope recalled at the exam, counting the items
    /// never met as not recalled.
    pub recall_on_exam: f64,
}

/// The plan's inputs beside the scheduler: where the student stands and how new items come.
pub struct Start<'a> {
    /// Memory states of the started items in scope (suspended ones left out).
    pub seen: Vec<&'a ItemState>,
    /// Items in scope not started yet.
    pub unseen: usize,
    pub now: Timestamp,
    pub exam: Date,
    pub reviews_per_day: u32,
}

/// The simulator's inputs that do not depend on the pace: the started items as its cards and
/// the scheduler's settings. Built once, run for each pace (in parallel: it holds no scheduler).
pub struct Prepared {
    cards: Vec<fsrs::Card>,
    w: Arc<Vec<f32>>,
    desired_retention: f32,
    maximum_interval: u32,
    learning_steps: usize,
    relearning_steps: usize,
    reviews_per_day: u32,
    days_left: usize,
    unseen: usize,
}

/// Gets the simulation of `start` ready. `None` when the exam is not ahead, is beyond
/// [`MAX_SIMULATED_DAYS`], or the parameters are unusable.
pub fn prepare(sched: &Scheduler, start: &Start<'_>) -> Option<Prepared> {
    let today = sched.days.day_of(start.now);
    let days_left = usize::try_from(today.until(start.exam).ok()?.get_days()).ok()?;
    if days_left == 0 || days_left > MAX_SIMULATED_DAYS {
        return None;
    }
    let w = Arc::new(fsrs::check_and_fill_parameters(&parameters(sched)).ok()?);
    let desired_retention = sched.params.desired_retention;
    let cards = start
        .seen
        .iter()
        .enumerate()
        .filter_map(|(i, st)| card(sched, st, start.now, i, &w, desired_retention))
        .collect();
    Some(Prepared {
        cards,
        w,
        desired_retention,
        maximum_interval: sched.params.maximum_interval_days.max(1),
        learning_steps: sched.params.learning_steps_min.len(),
        relearning_steps: sched.params.relearning_steps_min.len(),
        reviews_per_day: start.reviews_per_day,
        days_left,
        unseen: start.unseen,
    })
}

/// Equal inputs: the same cards (every field, to the bit) and settings, so the same figures.
impl PartialEq for Prepared {
    fn eq(&self, o: &Self) -> bool {
        let bits = |c: &fsrs::Card| {
            (
                c.id,
                c.difficulty.to_bits(),
                c.stability.to_bits(),
                c.last_date.to_bits(),
                c.due.to_bits(),
                c.interval.to_bits(),
                c.lapses,
                c.desired_retention.to_bits(),
            )
        };
        let same_w = |a: &[f32], b: &[f32]| {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits())
        };
        same_w(&self.w, &o.w)
            && self.desired_retention.to_bits() == o.desired_retention.to_bits()
            && (
                self.maximum_interval,
                self.learning_steps,
                self.relearning_steps,
                self.reviews_per_day,
                self.days_left,
                self.unseen,
            ) == (
                o.maximum_interval,
                o.learning_steps,
                o.relearning_steps,
                o.reviews_per_day,
                o.days_left,
                o.unseen,
            )
            && self.cards.len() == o.cards.len()
            // Every card's parameters are `w` (see `prepare`).
            && self.cards.iter().zip(&o.cards).all(|(a, b)| bits(a) == bits(b))
    }
}

impl Prepared {
    /// Runs the simulator for `new_per_day` new items a day over `introduce_days` days (from
    /// today), then reviews only, until the exam. `None` if the simulator refuses the input.
    pub fn run(&self, new_per_day: u32, introduce_days: i32) -> Option<Outlook> {
        let total = self.cards.len() + self.unseen;
        let introduce_days = usize::try_from(introduce_days.max(0)).unwrap_or(0);
        let introduced = self
            .unseen
            .min((new_per_day as usize).saturating_mul(introduce_days));
        if total == 0 || self.cards.len() + introduced == 0 {
            return Some(Outlook {
                new_per_day,
                introduced,
                reviews_mean: 0.0,
                reviews_peak: 0,
                minutes_mean: 0.0,
                recall_on_exam: 0.0,
            });
        }
        let config = fsrs::SimulatorConfig {
            deck_size: self.cards.len() + introduced,
            // Today to the exam's eve; recall is then measured as the exam day starts.
            learn_span: self.days_left,
            max_cost_perday: f32::INFINITY,
            max_ivl: self.maximum_interval as f32,
            learn_limit: new_per_day as usize,
            review_limit: self.reviews_per_day as usize,
            new_cards_ignore_review_limit: true,
            post_scheduling_fn: Some(exam_cap(self.maximum_interval, self.days_left)),
            learning_step_count: self.learning_steps,
            relearning_step_count: self.relearning_steps,
            ..fsrs::SimulatorConfig::default()
        };
        let result = fsrs::simulate(
            &config,
            &self.w,
            self.desired_retention,
            Some(SEED),
            Some(self.cards.clone()),
        )
        .ok()?;
        let reviews = &result.review_cnt_per_day;
        let days = reviews.len().max(1) as f64;
        let cost: f32 = result.cost_per_day.iter().sum();
        let answers: usize =
            reviews.iter().sum::<usize>() + result.learn_cnt_per_day.iter().sum::<usize>();
        Some(Outlook {
            new_per_day,
            introduced,
            reviews_mean: answers as f64 / days,
            reviews_peak: reviews
                .iter()
                .zip(&result.learn_cnt_per_day)
                .map(|(r, l)| r + l)
                .max()
                .unwrap_or(0),
            minutes_mean: f64::from(cost) / 60.0 / days,
            recall_on_exam: result
                .cards
                .iter()
                .filter(|c| c.last_date.is_finite() && c.stability > 0.0)
                .map(|c| f64::from(c.retention_on(self.days_left as f32)))
                .sum::<f64>()
                / total as f64,
        })
    }
}

/// The expected share of all items recalled at the start of the exam day if nothing more is
/// studied: each started item's FSRS retrievability then, the others counting as not recalled.
pub fn recall_if_stopped(sched: &Scheduler, start: &Start<'_>) -> Option<f64> {
    let total = start.seen.len() + start.unseen;
    if total == 0 {
        return None;
    }
    let at = sched.days.start_of(start.exam).max(start.now);
    let sum: f64 = start
        .seen
        .iter()
        .filter_map(|st| sched.retrievability(st, at))
        .map(f64::from)
        // Not `sum()`: an empty sum of floats is -0.0, printed as "-0.0" and "-0%".
        .fold(0.0, |a, b| a + b);
    Some(sum / total as f64)
}

/// The parameters scheduling uses; the defaults when none are set.
fn parameters(sched: &Scheduler) -> Vec<f32> {
    if sched.params.fsrs_parameters.is_empty() {
        fsrs::DEFAULT_PARAMETERS.to_vec()
    } else {
        sched.params.fsrs_parameters.clone()
    }
}

/// A started item as the simulator's card, its days counted from today (day 0).
fn card(
    sched: &Scheduler,
    st: &ItemState,
    now: Timestamp,
    index: usize,
    w: &Arc<Vec<f32>>,
    desired_retention: f32,
) -> Option<fsrs::Card> {
    let memory = st.memory()?;
    let since_last = st
        .last
        .get()
        .map_or(0, |l| sched.days.days_between(ts(l), now));
    let last_date = -(since_last.max(0) as f32);
    // Items in learning steps, and overdue ones, come up today.
    let due = if st.is_learning() {
        0.0
    } else {
        sched.days.days_between(now, ts(st.due)).max(0) as f32
    };
    Some(fsrs::Card {
        id: i64::try_from(index).unwrap_or(i64::MAX - 1) + 1,
        difficulty: memory.difficulty,
        stability: memory.stability,
        last_date,
        due,
        interval: due - last_date,
        lapses: st.lapses,
        desired_retention,
        parameters: Arc::clone(w),
    })
}

/// The scheduler's exam cap, for the simulator: a review lands no later than the day before
/// the exam (at least a day away), as [`exam_capped_days`] rules for real answers.
fn exam_cap(max: u32, exam_day: usize) -> fsrs::PostSchedulingFn {
    fsrs::PostSchedulingFn::new(move |ctx: fsrs::PostSchedulingContext<'_>| {
        let left = i64::try_from(exam_day).unwrap_or(i64::MAX)
            - i64::try_from(ctx.today).unwrap_or(i64::MAX);
        let cap = exam_capped_days(max, Some(left)) as f32;
        ctx.card.interval.min(cap).max(1.0)
    })
}

#[cfg(test)]
const _: () = {
    const fn send<T: Send>() {}
    const fn sync<T: Sync>() {}
    send::<Scheduler>();
    send::<super::exam::Planning>();
    sync::<super::exam::Planning>();
    sync::<super::Progress>();
    sync::<super::Collection>();
};
