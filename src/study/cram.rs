//! Cram: the started items of the decks in scope, the ones with the lowest predicted recall on
//! the exam day first (now, without an exam date), answered and scheduled like any other answer.
//! This module decides what is drilled and in which order, and the before-and-after figure of
//! the summary; the session runs the drill. Pure: handed `now`.

use jiff::Timestamp;
use jiff::civil::Date;

use super::queue::Ctx;
use super::stats::{exam_moment, percent};
use super::topics::{Prerequisites, TopicStatus};

/// Again puts an item back this many cards later in the cram, as a learning step would.
pub const AGAIN_GAP: usize = 3;
/// How often Again puts one item back in one cram; after that the relearning steps of the
/// ordinary queue take it on, so one stubborn card cannot hold up the rest.
pub const AGAIN_REPEATS: u8 = 2;

/// The day recall is predicted for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Horizon {
    /// The exam day (today or ahead).
    Exam(Date),
    /// No exam date is set: recall now.
    Now,
}

/// What a cram ranks items by: recall predicted at `at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub horizon: Horizon,
    pub at: Timestamp,
}

/// Why a cram cannot start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CramError {
    #[error(
        "the exam on {date} is over, so there is nothing to cram for; set the next one with \
         `somadeck exam YYYY-MM-DD`, or clear it with `somadeck exam --clear` to cram the cards \
         weakest now"
    )]
    ExamOver { date: Date },
    #[error(
        "nothing to cram here: no card that is not suspended or buried has been studied yet \
         (`somadeck cram --new` takes unseen cards too)"
    )]
    Nothing,
    /// Nothing at all, unseen cards included.
    #[error(
        "nothing to cram here: every card in these decks is suspended or buried, or the decks \
         are hidden or empty (`somadeck decks` and `somadeck cards` list them)"
    )]
    NothingAtAll,
}

/// The day recall is ranked on: the exam day while it is today or ahead, now without an exam
/// date. After the exam a cram is refused: there is nothing left to prepare for.
pub fn target(ctx: &Ctx<'_>) -> Result<Target, CramError> {
    if let Some((date, at)) = exam_moment(ctx.sched, ctx.now) {
        return Ok(Target {
            horizon: Horizon::Exam(date),
            at,
        });
    }
    match ctx.sched.params.exam {
        Some(date) => Err(CramError::ExamOver { date }),
        None => Ok(Target {
            horizon: Horizon::Now,
            at: ctx.now,
        }),
    }
}

/// Predicted recall of `item` at `at` (the stats screen's figure); 0 for an item never
/// answered, which nothing predicts it would be recalled.
pub fn recall(ctx: &Ctx<'_>, item: usize, at: Timestamp) -> f64 {
    ctx.state(item)
        .and_then(|s| ctx.sched.retrievability(s, at))
        .map_or(0.0, f64::from)
}

/// The mean predicted recall at `at` over `items` (unseen ones at 0); `None` when empty.
pub fn mean_recall(ctx: &Ctx<'_>, items: &[usize], at: Timestamp) -> Option<f64> {
    let sum: f64 = items.iter().map(|&i| recall(ctx, i, at)).sum();
    (!items.is_empty()).then(|| sum / items.len() as f64)
}

/// The cram, in order: started items in scope that are not suspended or buried, lowest
/// predicted recall at `target` first (ties in collection order). With `with_new`, unseen
/// cards follow (one item each, as the queue introduces them): unlocked ones first, then
/// locked ones, each in teaching order.
pub fn order(ctx: &Ctx<'_>, target: Timestamp, with_new: bool) -> Vec<usize> {
    let now = ctx.now.as_second();
    let mut started: Vec<(f64, usize)> = Vec::new();
    let mut unseen: Vec<(bool, usize)> = Vec::new();
    let status = if with_new {
        ctx.topic_status()
    } else {
        Vec::new()
    };
    let mut last_card = None;
    for i in (0..ctx.coll.items.len()).filter(|&i| ctx.in_scope(i)) {
        let it = &ctx.coll.items[i];
        let st = ctx.state(i);
        if st.is_some_and(|s| s.suspended || s.buried_until.get().is_some_and(|b| b > now)) {
            continue;
        }
        if st.is_some_and(|s| !s.is_new()) {
            started.push((recall(ctx, i, target), i));
        } else if with_new && last_card != Some((it.deck(), it.card())) {
            last_card = Some((it.deck(), it.card()));
            let locked = ctx.limits.prerequisites != Prerequisites::Off
                && it.topic().is_some_and(|t| status[t] == TopicStatus::Locked);
            unseen.push((locked, i));
        }
    }
    started.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    unseen.sort_unstable();
    started
        .into_iter()
        .map(|x| x.1)
        .chain(unseen.into_iter().map(|x| x.1))
        .collect()
}

/// What a cram did, for its summary.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CramReport {
    /// Answers given in the cram (undone ones excluded).
    pub drilled: u32,
    pub horizon: Horizon,
    /// Mean predicted recall over the items the cram started with, before and now.
    pub before: Option<f64>,
    pub after: Option<f64>,
}

impl CramReport {
    /// What the figure is: `predicted recall on the exam day (2027-03-01)`.
    pub fn label(&self) -> String {
        match self.horizon {
            Horizon::Exam(d) => format!("predicted recall on the exam day ({d})"),
            Horizon::Now => "predicted recall now (no exam date is set)".to_string(),
        }
    }

    /// How it moved: `61% -> 74%`.
    pub fn change(&self) -> String {
        format!("{} -> {}", percent(self.before), percent(self.after))
    }
}

#[cfg(test)]
#[path = "tests_cram.rs"]
mod tests;
