//! A synthetic learner, for the proof that `optimize` fits a student and for benchmarks: it
//! answers by the FSRS model with known parameters ([`TRUE_PARAMETERS`], a student who forgets
//! faster than the defaults assume), while somadeck's scheduler (with whatever parameters it
//! is given) decides when each card comes back. Seeded: the same arguments give the same log.

use fsrs::{FSRS, MemoryState};
use jiff::{SignedDuration, Timestamp};
use rand::{Rng, SeedableRng};

use crate::schedule::{Grade, ItemState, Phase, Scheduler};
use crate::study::{Event, ReviewKind};

/// The learner's true memory model: lower first stabilities, slower growth of stability and a
/// steeper forgetting curve than the FSRS-6 defaults.
pub const TRUE_PARAMETERS: [f32; 21] = [
    0.1, 0.5, 1.0, 3.0, 7.0, 0.9, 2.5, 0.01, 1.2, 0.2, 0.6, 1.8, 0.08, 0.3, 1.2, 0.4, 2.5, 0.5,
    0.1, 0.1, 0.4,
];

/// What to simulate.
#[derive(Debug, Clone)]
pub struct Plan {
    pub cards: usize,
    /// New cards introduced per study day, in card order.
    pub new_per_day: usize,
    /// How long the learner studies; cards introduced later than this are left unseen.
    pub days: u32,
    pub start: Timestamp,
    pub seed: u64,
}

/// The log a learner leaves: every answer, in time order, to items `deck/c<n>`.
pub fn history(plan: &Plan, deck: &str, sched: &Scheduler) -> Vec<Event> {
    let truth = FSRS::new(&TRUE_PARAMETERS).unwrap_or_else(|_| FSRS::default());
    let mut rng = rand::rngs::StdRng::seed_from_u64(plan.seed);
    let end = plan.start + SignedDuration::from_hours(24 * i64::from(plan.days));
    let first_day = sched.days.day_of(plan.start);
    let mut events = Vec::new();
    for c in 0..plan.cards {
        let day = i64::try_from(c / plan.new_per_day.max(1)).unwrap_or(i64::MAX);
        let Ok(intro) = first_day.checked_add(jiff::Span::new().days(day)) else {
            break;
        };
        let at = sched.days.start_of(intro) + SignedDuration::from_mins(rng.random_range(60..600));
        if at >= end {
            break;
        }
        let item = format!("{deck}/c{c}");
        card_history(&item, at, end, sched, &truth, &mut rng, &mut events);
    }
    events.sort_by_key(Event::at);
    events
}

/// One card's answers from `at` until `end`: each answer is given when the card falls due
/// (a few hours into that study day for a review), graded by the true model.
fn card_history(
    item: &str,
    mut at: Timestamp,
    end: Timestamp,
    sched: &Scheduler,
    truth: &FSRS,
    rng: &mut impl Rng,
    events: &mut Vec<Event>,
) {
    let mut state = ItemState::default();
    let mut memory: Option<MemoryState> = None;
    let mut last: Option<Timestamp> = None;
    while at < end {
        let elapsed = last.map_or(0, |l| sched.days.days_between(l, at).max(0).unsigned_abs());
        let grade = answer(memory, elapsed, rng);
        if let Ok(next) = truth.next_states(memory, 0.9, elapsed) {
            memory = Some(match grade {
                Grade::Again => next.again.memory,
                Grade::Hard => next.hard.memory,
                Grade::Good => next.good.memory,
                Grade::Easy => next.easy.memory,
            });
        }
        let kind = match state.phase {
            Phase::New => ReviewKind::New,
            Phase::Learning(_) => ReviewKind::Learn,
            Phase::Review => ReviewKind::Review,
            Phase::Relearning(_) => ReviewKind::Relearn,
        };
        state = sched.answer(item, &state, grade, at);
        events.push(Event::Review {
            item: item.to_string(),
            at,
            grade,
            ms: rng.random_range(2_000..15_000),
            kind,
        });
        last = Some(at);
        let due = Timestamp::from_second(state.due).unwrap_or(end);
        at = if state.phase == Phase::Review {
            due + SignedDuration::from_mins(rng.random_range(60..600))
        } else {
            due
        };
    }
}

/// The grade the learner gives: a first answer by fixed shares; later, recalled with the true
/// model's probability (Hard, Good or Easy), else Again.
fn answer(memory: Option<MemoryState>, elapsed: u32, rng: &mut impl Rng) -> Grade {
    let roll: f32 = rng.random();
    let Some(m) = memory else {
        return match roll {
            x if x < 0.25 => Grade::Again,
            x if x < 0.35 => Grade::Hard,
            x if x < 0.9 => Grade::Good,
            _ => Grade::Easy,
        };
    };
    let recall = fsrs::current_retrievability(m, elapsed as f32, TRUE_PARAMETERS[20]);
    if rng.random::<f32>() >= recall {
        return Grade::Again;
    }
    match roll {
        x if x < 0.1 => Grade::Hard,
        x if x < 0.9 => Grade::Good,
        _ => Grade::Easy,
    }
}
