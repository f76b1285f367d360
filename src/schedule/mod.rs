//! Scheduling: FSRS-6 (through the `fsrs` crate) for memory and day-scale intervals, with
//! Anki-style learning and relearning steps, fuzz, a maximum interval and an exam date.
//! Pure: every function is handed `now`.

pub mod day;
pub mod duration;
pub mod fuzz;
pub mod state;

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};

pub use day::DayClock;
pub use duration::{count, day_count, short_duration, spoken_duration};
pub use state::{Grade, ItemState, MaybeSecs, Phase};

/// The scheduling settings (see `config`).
#[derive(Debug, Clone)]
pub struct Params {
    pub desired_retention: f32,
    pub maximum_interval_days: u32,
    pub learning_steps_min: Vec<u32>,
    pub relearning_steps_min: Vec<u32>,
    pub leech_lapses: u32,
    /// While this day is today or ahead, reviews come back no later than the day before it
    /// (or on it, when that is the shortest review possible); see [`Scheduler::answer`].
    pub exam: Option<Date>,
    pub fsrs_parameters: Vec<f32>,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            desired_retention: 0.9,
            maximum_interval_days: 36_500,
            learning_steps_min: vec![1, 10],
            relearning_steps_min: vec![10],
            leech_lapses: 8,
            exam: None,
            fsrs_parameters: Vec::new(),
        }
    }
}

pub struct Scheduler {
    fsrs: fsrs::FSRS,
    pub params: Params,
    pub days: DayClock,
    fuzz: bool,
}

/// How long an answer sends an item away: seconds for a (re)learning step, whole study days
/// for a review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    Secs(i64),
    Days(u32),
}

impl Wait {
    /// As a duration, a study day counted as 24 hours: what the learner is told, whatever the
    /// time of day (a card due in 3 study days is "3d", even at 22:00).
    pub fn duration(self) -> SignedDuration {
        match self {
            Wait::Secs(s) => SignedDuration::from_secs(s),
            Wait::Days(d) => SignedDuration::from_hours(24 * i64::from(d)),
        }
    }
}

impl Scheduler {
    /// Fails only when custom FSRS parameters are invalid.
    pub fn new(params: Params, days: DayClock) -> Result<Self, String> {
        let fsrs = fsrs::FSRS::new(&params.fsrs_parameters)
            .map_err(|e| format!("the FSRS parameters in the config are not valid: {e}"))?;
        Ok(Scheduler {
            fsrs,
            params,
            days,
            fuzz: true,
        })
    }

    /// The same scheduler without fuzz: day-scale intervals exactly as FSRS computes them, for
    /// comparing with the reference implementation.
    #[must_use]
    pub fn without_fuzz(mut self) -> Self {
        self.fuzz = false;
        self
    }

    /// The state after answering `grade` at `now`. `item` seeds the fuzz.
    pub fn answer(&self, item: &str, s: &ItemState, grade: Grade, now: Timestamp) -> ItemState {
        self.answer_and_wait(item, s, grade, now).0
    }

    /// As [`Scheduler::answer`], with the wait it scheduled.
    pub fn answer_and_wait(
        &self,
        item: &str,
        s: &ItemState,
        grade: Grade,
        now: Timestamp,
    ) -> (ItemState, Wait) {
        let elapsed = s
            .last
            .get()
            .map_or(0, |l| self.days.days_between(ts(l), now).max(0));
        let next = self.next_for(s.memory(), grade, u32::try_from(elapsed).unwrap_or(0));
        let mut out = s.clone();
        out.reps += 1;
        out.last = Some(now.as_second()).into();
        out.buried_until = MaybeSecs::NONE;
        if let Some(n) = &next {
            out.stability = n.memory.stability;
            out.difficulty = n.memory.difficulty;
        }
        if s.phase == Phase::Review && grade == Grade::Again {
            out.lapses += 1;
            if is_leech_lapse(out.lapses, self.params.leech_lapses) {
                out.leech = true;
                out.suspended = true;
            }
        }
        let stepped = self.next_step(s.phase, grade);
        let wait = match stepped {
            Some((phase, secs)) => {
                out.phase = phase;
                out.due = now.as_second() + secs;
                Wait::Secs(secs)
            }
            None => {
                out.phase = Phase::Review;
                let today = self.days.day_of(now);
                let d = self.review_days(item, s, next.as_ref(), self.max_days(today));
                let due_day = today
                    .checked_add(jiff::SignedDuration::from_hours(24 * i64::from(d)))
                    .unwrap_or(today);
                out.due = self.days.start_of(due_day).as_second();
                Wait::Days(d)
            }
        };
        (out, wait)
    }

    /// FSRS's memory state and interval after answering `grade`: the numbers `next_states`
    /// gives for that grade, without working out the other three (a rebuild of progress folds
    /// millions of answers, and FSRS's powers and exponentials were most of the cost).
    fn next_for(
        &self,
        memory: Option<fsrs::MemoryState>,
        grade: Grade,
        elapsed: u32,
    ) -> Option<fsrs::ItemState> {
        let retention = self.params.desired_retention;
        let Some(memory) = memory else {
            // A first answer, once per item: FSRS starts it from the grade alone.
            let all = self.fsrs.next_states(None, retention, elapsed).ok()?;
            return Some(for_grade(&all, grade).clone());
        };
        let rating = grade as u32;
        let answer = fsrs::FSRSItem {
            reviews: vec![fsrs::FSRSReview {
                rating,
                delta_t: elapsed,
            }],
        };
        // One review from a known state takes the same step `next_states` takes for it.
        let memory = self.fsrs.memory_state(answer, Some(memory)).ok()?;
        let interval = self
            .fsrs
            .next_interval(Some(memory.stability), retention, rating);
        Some(fsrs::ItemState { memory, interval })
    }

    /// The day-scale interval for `grade`, as py-fsrs gives it: the FSRS interval rounded to
    /// whole days and clamped to 1..=max, then fuzzed within FSRS's range for it. The grades
    /// share one fuzz draw, so Hard <= Good <= Easy holds as it does before fuzz.
    fn review_days(
        &self,
        item: &str,
        s: &ItemState,
        next: Option<&fsrs::ItemState>,
        max: u32,
    ) -> u32 {
        let Some(n) = next else { return 1 };
        let days = fsrs_days(n.interval, max);
        if self.fuzz {
            fuzz::spread(days, max, fuzz::seed(item, s.reps))
        } else {
            days
        }
    }

    /// Where a (re)learning step answer leaves the item and how long it waits; `None` when it
    /// goes to (or stays on) day-scale review.
    fn next_step(&self, phase: Phase, grade: Grade) -> Option<(Phase, i64)> {
        let learning = &self.params.learning_steps_min;
        let relearning = &self.params.relearning_steps_min;
        let (steps, step, relearn) = match phase {
            Phase::New => (learning, 0, false),
            Phase::Learning(i) => (learning, i, false),
            Phase::Relearning(i) => (relearning, i, true),
            Phase::Review if grade == Grade::Again => (relearning, 0, true),
            Phase::Review => return None,
        };
        let (step, secs) = step_wait(steps, step, grade)?;
        let phase = if relearn {
            Phase::Relearning(step)
        } else {
            Phase::Learning(step)
        };
        Some((phase, secs))
    }

    /// The longest interval allowed today: the configured maximum, shortened while the exam
    /// is today or ahead so that a review lands no later than the day before the exam. A review
    /// is at least a day, so an answer on the day before the exam comes back on the exam day,
    /// and one on the exam day the day after; from then on the cap is gone.
    fn max_days(&self, today: Date) -> u32 {
        let max = self.params.maximum_interval_days.max(1);
        let left = self
            .params
            .exam
            .and_then(|exam| today.until(exam).ok())
            .map(|s| i64::from(s.get_days()));
        exam_capped_days(max, left)
    }

    /// Predicted recall of `s` at `at` by the FSRS forgetting curve (`fsrs::current_retrievability`
    /// with the decay of the parameters in use), counting elapsed time in whole study days as
    /// [`Scheduler::answer`] does. `None` while the item has no memory state (new).
    pub fn retrievability(&self, s: &ItemState, at: Timestamp) -> Option<f32> {
        let memory = s.memory()?;
        let elapsed = s
            .last
            .get()
            .map_or(0, |l| self.days.days_between(ts(l), at).max(0));
        Some(fsrs::current_retrievability(
            memory,
            elapsed as f32,
            self.decay(),
        ))
    }

    /// The forgetting curve's decay: the 21st FSRS-6 parameter, FSRS-5's fixed 0.5 for 19
    /// parameters, the FSRS-6 default when none are set.
    fn decay(&self) -> f32 {
        let w = &self.params.fsrs_parameters;
        match w.len() {
            21.. => w[20],
            19 | 20 => fsrs::FSRS5_DEFAULT_DECAY,
            _ => fsrs::FSRS6_DEFAULT_DECAY,
        }
    }

    /// The interval a review item was last sent away for, in study days (Anki's "interval",
    /// which tells young cards from mature ones); `None` unless on day-scale review.
    pub fn interval_days(&self, s: &ItemState) -> Option<i64> {
        if s.phase != Phase::Review {
            return None;
        }
        let last = s.last.get()?;
        Some(i64::from(
            self.days.days_between(ts(last), ts(s.due)).max(0),
        ))
    }

    /// A hash of everything the state folded from the log depends on (the settings, the FSRS
    /// parameters, the study day's start and time zone, fuzz): the snapshot's key.
    pub fn settings_key(&self) -> u64 {
        let text = format!(
            "{:?}|{:?}|{}|{}",
            self.params, self.days.tz, self.days.start_hour, self.fuzz
        );
        crate::hash::fnv1a(text.into_bytes())
    }

    /// What each grade would do: the wait it schedules, a review's as whole study days.
    pub fn preview(&self, item: &str, s: &ItemState, now: Timestamp) -> [SignedDuration; 4] {
        Grade::ALL.map(|g| self.answer_and_wait(item, s, g, now).1.duration())
    }
}

fn for_grade(n: &fsrs::NextStates, grade: Grade) -> &fsrs::ItemState {
    match grade {
        Grade::Again => &n.again,
        Grade::Hard => &n.hard,
        Grade::Good => &n.good,
        Grade::Easy => &n.easy,
    }
}

/// The wait of a (re)learning step answered `grade` at step `step` of `steps` (minutes), and
/// the step it leaves the item at; `None` when the answer sends it to day-scale review. As
/// py-fsrs and Anki: Again goes back to the first step; Hard on the first step waits halfway
/// to the second (1.5 times the step when there is only one) and on a later step repeats it;
/// Good moves on a step, or graduates from the last; Easy graduates at once.
fn step_wait(steps: &[u32], step: u8, grade: Grade) -> Option<(u8, i64)> {
    let i = usize::from(step);
    let secs = |m: u32| i64::from(m) * 60;
    match grade {
        Grade::Again => steps.first().map(|&m| (0, secs(m))),
        Grade::Hard => {
            let this = *steps.get(i)?;
            let wait = match (i, steps.get(1)) {
                (0, Some(&next)) => (secs(this) + secs(next)) / 2,
                (0, None) => secs(this) * 3 / 2,
                _ => secs(this),
            };
            Some((step, wait))
        }
        Grade::Good => steps
            .get(i + 1)
            .map(|&m| (u8::try_from(i + 1).unwrap_or(u8::MAX), secs(m))),
        Grade::Easy => None,
    }
}

/// The longest interval, in days, for a review answered `days_to_exam` days before the exam
/// (`None`: no exam): `max`, shortened so the review lands no later than the day before the
/// exam, but always at least a day. Shared by the scheduler and the exam plan's simulation.
pub fn exam_capped_days(max: u32, days_to_exam: Option<i64>) -> u32 {
    match days_to_exam {
        Some(left) if left >= 0 => max.min(u32::try_from(left - 1).unwrap_or(0).max(1)),
        _ => max,
    }
}

/// An FSRS interval in whole days as py-fsrs's `_next_interval` gives it: rounded (ties to
/// even, as Python rounds), at least 1 and at most `max`.
pub fn fsrs_days(interval: f32, max: u32) -> u32 {
    let d = f64::from(interval).round_ties_even();
    if d.is_nan() || d < 1.0 {
        1
    } else if d >= f64::from(max) {
        max
    } else {
        d as u32
    }
}

/// As Anki: a card becomes a leech at the threshold's lapse, and again every half threshold
/// after that (8, 12, 16, ...), so an unsuspended leech gets room before it is caught again.
pub fn is_leech_lapse(lapses: u32, threshold: u32) -> bool {
    let threshold = threshold.max(1);
    lapses >= threshold && (lapses - threshold).is_multiple_of((threshold / 2).max(1))
}

pub fn ts(secs: i64) -> Timestamp {
    Timestamp::from_second(secs).unwrap_or(Timestamp::UNIX_EPOCH)
}

#[cfg(test)]
mod tests;
