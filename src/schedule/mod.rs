//! Scheduling: FSRS-6 (through the `fsrs` crate) for memory and day-scale intervals, with
//! Anki-style learning and relearning steps, fuzz, a maximum interval and an exam date.
//! Pure: every function is handed `now`.

pub mod day;
pub mod fuzz;
pub mod state;

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};

pub use day::DayClock;
pub use state::{Grade, ItemState, Phase};

/// The scheduling settings (see `config`).
#[derive(Debug, Clone)]
pub struct Params {
    pub desired_retention: f32,
    pub maximum_interval_days: u32,
    pub learning_steps_min: Vec<u32>,
    pub relearning_steps_min: Vec<u32>,
    pub leech_lapses: u32,
    /// When set and still ahead, no interval reaches past the day before it.
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
}

impl Scheduler {
    /// Fails only when custom FSRS parameters are invalid.
    pub fn new(params: Params, days: DayClock) -> Result<Self, String> {
        let fsrs = fsrs::FSRS::new(&params.fsrs_parameters)
            .map_err(|e| format!("the FSRS parameters in the config are not valid: {e}"))?;
        Ok(Scheduler { fsrs, params, days })
    }

    /// The state after answering `grade` at `now`. `item` seeds the fuzz.
    pub fn answer(&self, item: &str, s: &ItemState, grade: Grade, now: Timestamp) -> ItemState {
        let elapsed = s
            .last
            .map_or(0, |l| self.days.days_between(ts(l), now).max(0));
        let next = self
            .fsrs
            .next_states(
                s.memory(),
                self.params.desired_retention,
                u32::try_from(elapsed).unwrap_or(0),
            )
            .ok();
        let mut out = s.clone();
        out.reps += 1;
        out.last = Some(now.as_second());
        out.buried_until = None;
        if let Some(n) = &next {
            let chosen = match grade {
                Grade::Again => &n.again,
                Grade::Hard => &n.hard,
                Grade::Good => &n.good,
                Grade::Easy => &n.easy,
            };
            out.stability = chosen.memory.stability;
            out.difficulty = chosen.memory.difficulty;
        }
        let max = self.max_days(self.days.day_of(now));
        let days = |g: Grade| self.review_days(item, s, next.as_ref(), g, elapsed, max);
        let in_steps = |steps: &[u32], step: u8, relearn: bool| -> Option<(Phase, i64)> {
            let i = usize::from(step);
            let mk = |n: usize| {
                if relearn {
                    Phase::Relearning(u8::try_from(n).unwrap_or(u8::MAX))
                } else {
                    Phase::Learning(u8::try_from(n).unwrap_or(u8::MAX))
                }
            };
            match grade {
                Grade::Again => steps.first().map(|&m| (mk(0), i64::from(m) * 60)),
                Grade::Hard => steps.get(i).map(|&m| {
                    let secs = match steps.get(i + 1) {
                        Some(&n) if i == 0 => (i64::from(m) + i64::from(n)) * 30,
                        _ => i64::from(m) * 90,
                    };
                    (mk(i), secs)
                }),
                Grade::Good => steps.get(i + 1).map(|&m| (mk(i + 1), i64::from(m) * 60)),
                Grade::Easy => None,
            }
        };
        let stepped = match s.phase {
            Phase::New => in_steps(&self.params.learning_steps_min, 0, false),
            Phase::Learning(i) => in_steps(&self.params.learning_steps_min, i, false),
            Phase::Relearning(i) => in_steps(&self.params.relearning_steps_min, i, true),
            Phase::Review if grade == Grade::Again => {
                out.lapses += 1;
                in_steps(&self.params.relearning_steps_min, 0, true)
            }
            Phase::Review => None,
        };
        if s.phase == Phase::Review
            && grade == Grade::Again
            && is_leech_lapse(out.lapses, self.params.leech_lapses)
        {
            out.leech = true;
            out.suspended = true;
        }
        match stepped {
            Some((phase, secs)) => {
                out.phase = phase;
                out.due = now.as_second() + secs;
            }
            None => {
                out.phase = Phase::Review;
                let d = days(grade);
                let today = self.days.day_of(now);
                let due_day = today
                    .checked_add(jiff::Span::new().days(i64::from(d)))
                    .unwrap_or(today);
                out.due = self.days.start_of(due_day).as_second();
            }
        }
        out
    }

    /// Day-scale intervals for each grade, kept in order (Hard <= Good < Easy) as Anki does.
    fn review_days(
        &self,
        item: &str,
        s: &ItemState,
        next: Option<&fsrs::NextStates>,
        grade: Grade,
        elapsed: i32,
        max: u32,
    ) -> u32 {
        let raw = |st: &fsrs::ItemState| f64::from(st.interval).max(1.0);
        let Some(n) = next else { return 1 };
        let seed = fuzz::seed(item, s.reps);
        let fz = |x: f64| fuzz::spread(x, max, seed);
        let again = fz(raw(&n.again)).min(max);
        let mut hard = fz(raw(&n.hard));
        let mut good = fz(raw(&n.good));
        let mut easy = fz(raw(&n.easy));
        if s.phase == Phase::Review {
            let floor = u32::try_from(elapsed.max(1)).unwrap_or(1);
            hard = hard.max(1).min(max);
            good = good.max(hard + 1).max(floor.min(max)).min(max);
        }
        good = good.max(hard).min(max);
        easy = easy.max(good + 1).min(max);
        match grade {
            Grade::Again => again.max(1),
            Grade::Hard => hard.max(1),
            Grade::Good => good.max(1),
            Grade::Easy => easy.max(1),
        }
    }

    /// The longest interval allowed today: the configured maximum, shortened so that a
    /// review lands no later than the day before the exam.
    fn max_days(&self, today: Date) -> u32 {
        let max = self.params.maximum_interval_days.max(1);
        let Some(exam) = self.params.exam else {
            return max;
        };
        match today.until(exam).map(|s| s.get_days()) {
            Ok(left) if left > 1 => max.min(u32::try_from(left - 1).unwrap_or(1)),
            _ => max,
        }
    }

    /// What each grade would do: the time until the item comes back.
    pub fn preview(&self, item: &str, s: &ItemState, now: Timestamp) -> [SignedDuration; 4] {
        Grade::ALL.map(|g| {
            let next = self.answer(item, s, g, now);
            SignedDuration::from_secs(next.due - now.as_second())
        })
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

/// A short human form of a wait: `10m`, `5h`, `4d`, `3.2mo`, `1.5y`.
pub fn short_duration(d: SignedDuration) -> String {
    let s = d.as_secs().max(0);
    let days = s as f64 / 86_400.0;
    if s < 60 {
        "<1m".to_string()
    } else if s < 3600 {
        format!("{}m", (s + 30) / 60)
    } else if s < 86_400 {
        format!("{}h", (s + 1800) / 3600)
    } else if days < 30.0 {
        format!("{}d", days.round())
    } else if days < 365.0 {
        format!("{:.1}mo", days / 30.44)
    } else {
        format!("{:.1}y", days / 365.25)
    }
}

#[cfg(test)]
mod tests;

/// TEMP: replaced by the fsrs branch.
pub fn spoken_duration(d: SignedDuration) -> String {
    short_duration(d)
}
