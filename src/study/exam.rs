//! The exam plan: how many new items a day meet every item a set lead time before the exam,
//! what that costs in reviews, and the recall to expect on the day (by FSRS's simulator, see
//! [`super::outlook`]) if the plan is followed and if study stops today; what
//! `new_per_day: auto` takes as today's limit; and what happens near and after the exam.
//! Pure: handed the session and `now`.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

use super::outlook::{self, Outlook, Start};
use super::stats::percent;
use super::{Session, TopicStatus};
use crate::schedule::day_count;

/// Days before the exam by which every item should have been met once.
pub const LEAD_DAYS: i32 = 7;

/// The most new items a day a plan asks for. Above it a plan is out of reach: the reviews that
/// follow a day of 50 new items already take most learners an hour a day.
pub const PLAN_MAX_NEW: u32 = 50;

/// The `new_per_day` setting: a number, or `auto` (paced by the exam plan).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NewPerDay {
    Fixed(u32),
    Auto,
}

impl NewPerDay {
    /// The limit without an exam ahead: the number, or the usual default for `auto`.
    pub fn without_exam(self) -> u32 {
        match self {
            NewPerDay::Fixed(n) => n,
            NewPerDay::Auto => super::Limits::default().new_per_day,
        }
    }
}

/// How `new_per_day` is written: a number, or the bare word `auto` (RON hands a bare word to
/// an untagged enum as its name, which the word enum matches).
#[derive(serde::Deserialize)]
#[serde(untagged, expecting = "a number of new items a day, or auto")]
enum Written {
    Fixed(u32),
    Word(Word),
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "lowercase")]
enum Word {
    Auto,
}

impl<'de> serde::Deserialize<'de> for NewPerDay {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match Written::deserialize(d)? {
            Written::Fixed(n) => NewPerDay::Fixed(n),
            Written::Word(Word::Auto) => NewPerDay::Auto,
        })
    }
}

/// Where the loaded items stand, for the plan.
struct Standing<'a> {
    start: Start<'a>,
    /// Unseen items in topics still locked.
    locked: usize,
    /// Items met for the first time today (they count towards today's pace).
    new_today: usize,
}

/// The new items a day that meet `unseen` items over `days`, and whether that is within
/// [`PLAN_MAX_NEW`].
fn pace_needed(unseen: usize, days: i32) -> usize {
    unseen.div_ceil(usize::try_from(days.max(1)).unwrap_or(1))
}

/// A pace followed to the exam.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pace {
    pub new_per_day: u32,
    /// Of the unseen items, how many it meets before new items stop.
    pub reaches: usize,
    /// The simulated reviews and recall.
    pub outlook: Option<Outlook>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum ExamPlan {
    /// The exam is ahead.
    Ahead {
        date: Date,
        days_left: i32,
        /// Review items of every loaded deck (a card asked both ways, or with several gaps,
        /// counts each).
        items: usize,
        /// Items not yet started.
        unseen: usize,
        /// Of those, items in topics still locked (they open as their prerequisites are learned).
        locked: usize,
        /// Days, today included, on which new items come before the lead time starts.
        days_to_introduce: i32,
        /// The day new items stop: [`LEAD_DAYS`] before the exam, or its eve when closer.
        new_until: Date,
        /// New items a day that meet every unseen item by then.
        new_per_day_needed: usize,
        /// Whether that is within [`PLAN_MAX_NEW`].
        feasible: bool,
        /// The plan: the needed pace, or [`PLAN_MAX_NEW`] when more is needed.
        plan: Pace,
        /// The student's own fixed limit, when it differs from the plan's pace.
        limit: Option<Pace>,
        /// Whether `new_per_day: auto` makes the plan's pace today's limit.
        auto: bool,
        /// The share of all items recalled on the exam day if study stopped today.
        recall_if_stopped: Option<f64>,
    },
    /// The exam is today.
    Today {
        date: Date,
        unseen: usize,
        recall_now: Option<f64>,
    },
    /// The exam is over: scheduling is back to normal.
    Over { date: Date, days_ago: i32 },
}

/// Where the plan stands on a day before the exam: the items, the days left for new ones, and
/// the pace that meets them all.
struct Pacing<'a> {
    standing: Standing<'a>,
    days_to_introduce: i32,
    /// Unseen items as the day began (today's new ones count towards today's pace).
    unseen_at_dawn: usize,
    needed: usize,
    pace: u32,
}

fn pacing<'a>(s: &'a Session, now: Timestamp, exam: Date, days_left: i32) -> Pacing<'a> {
    let standing = standing(s, now, exam);
    // Close to the exam there is no week to spare: new items come over up to a week, until its
    // eve at the latest. Never fewer days than a closer exam gets, so a later exam never asks
    // for more new items a day (8 days out once left a single day for them, 7 days out seven).
    let days_to_introduce = (days_left - LEAD_DAYS).max(days_left.min(LEAD_DAYS));
    let unseen_at_dawn = standing.start.unseen + standing.new_today;
    let needed = pace_needed(unseen_at_dawn, days_to_introduce);
    Pacing {
        standing,
        days_to_introduce,
        unseen_at_dawn,
        needed,
        pace: u32::try_from(needed).unwrap_or(u32::MAX).min(PLAN_MAX_NEW),
    }
}

fn days_until(s: &Session, now: Timestamp, exam: Date) -> i32 {
    let today = s.sched.days.day_of(now);
    today.until(exam).map_or(0, |d| d.get_days())
}

/// Today's new-item limit under `new_per_day: auto` with the exam on `exam`: the plan's pace
/// while it is ahead, nothing new on the exam day, the usual default after it. Cheap: no
/// simulation.
pub fn todays_pace(s: &Session, now: Timestamp, exam: Date) -> u32 {
    match days_until(s, now, exam) {
        left if left > 0 => pacing(s, now, exam, left).pace,
        0 => 0,
        _ => NewPerDay::Auto.without_exam(),
    }
}

/// The plan for the exam on `exam`, over every loaded deck (see [`standing`]), with the
/// `new_per_day` setting `setting`.
pub fn plan(s: &Session, now: Timestamp, exam: Date, setting: NewPerDay) -> ExamPlan {
    prepare(s, now, exam, setting).finish()
}

/// An exam plan with everything read from the session, its simulations still to run
/// ([`Planning::finish`]). It owns what it holds, so the simulations can run on another
/// thread while the session goes on; two with equal inputs finish with equal plans (the
/// simulator's seed is fixed).
#[derive(PartialEq)]
pub struct Planning(Stage);

#[derive(PartialEq)]
enum Stage {
    /// Nothing to simulate: the exam is today or over.
    Done(Box<ExamPlan>),
    Ahead(Box<Ahead>),
}

/// An exam ahead, all but the simulated paces.
#[derive(PartialEq)]
struct Ahead {
    date: Date,
    days_left: i32,
    items: usize,
    unseen: usize,
    locked: usize,
    days_to_introduce: i32,
    new_until: Date,
    needed: usize,
    pace: u32,
    unseen_at_dawn: usize,
    setting: NewPerDay,
    recall_if_stopped: Option<f64>,
    /// The simulation's inputs; `None` when it is not run (see [`outlook::prepare`]).
    prepared: Option<outlook::Prepared>,
}

/// Reads what the plan for the exam on `exam` needs from the session: the part of [`plan`]
/// that grows only with a pass over the items. The simulations are left to
/// [`Planning::finish`].
pub fn prepare(s: &Session, now: Timestamp, exam: Date, setting: NewPerDay) -> Planning {
    let days_left = days_until(s, now, exam);
    if days_left < 0 {
        return Planning(Stage::Done(Box::new(ExamPlan::Over {
            date: exam,
            days_ago: -days_left,
        })));
    }
    if days_left == 0 {
        let standing = standing(s, now, exam);
        return Planning(Stage::Done(Box::new(ExamPlan::Today {
            date: exam,
            unseen: standing.start.unseen,
            recall_now: outlook::recall_if_stopped(&s.sched, &standing.start),
        })));
    }
    let p = pacing(s, now, exam, days_left);
    let start = &p.standing.start;
    let new_until = exam
        .checked_sub(jiff::Span::new().days(i64::from(days_left - p.days_to_introduce + 1)))
        .unwrap_or(exam);
    Planning(Stage::Ahead(Box::new(Ahead {
        date: exam,
        days_left,
        items: start.seen.len() + start.unseen,
        unseen: start.unseen,
        locked: p.standing.locked,
        days_to_introduce: p.days_to_introduce,
        new_until,
        needed: p.needed,
        pace: p.pace,
        unseen_at_dawn: p.unseen_at_dawn,
        setting,
        recall_if_stopped: outlook::recall_if_stopped(&s.sched, start),
        prepared: outlook::prepare(&s.sched, start),
    })))
}

impl Planning {
    /// Whether [`Planning::finish`] has a simulation to run (else it costs nothing).
    pub fn simulates(&self) -> bool {
        matches!(&self.0, Stage::Ahead(a) if a.prepared.is_some())
    }

    /// The plan: the simulations run, the plan's pace and the student's own limit side by side.
    pub fn finish(&self) -> ExamPlan {
        let a = match &self.0 {
            Stage::Done(plan) => return (**plan).clone(),
            Stage::Ahead(a) => a,
        };
        let run = |per_day: u32| Pace {
            new_per_day: per_day,
            reaches: (per_day as usize)
                .saturating_mul(usize::try_from(a.days_to_introduce).unwrap_or(0))
                .min(a.unseen_at_dawn),
            outlook: a
                .prepared
                .as_ref()
                .and_then(|sim| sim.run(per_day, a.days_to_introduce)),
        };
        let (plan, limit) = rayon::join(
            || run(a.pace),
            || match a.setting {
                NewPerDay::Fixed(n) if n != a.pace => Some(run(n)),
                _ => None,
            },
        );
        ExamPlan::Ahead {
            date: a.date,
            days_left: a.days_left,
            items: a.items,
            unseen: a.unseen,
            locked: a.locked,
            days_to_introduce: a.days_to_introduce,
            new_until: a.new_until,
            new_per_day_needed: a.needed,
            feasible: a.needed <= PLAN_MAX_NEW as usize,
            plan,
            limit,
            auto: a.setting == NewPerDay::Auto,
            recall_if_stopped: a.recall_if_stopped,
        }
    }
}

impl Session {
    /// Takes the `new_per_day` setting; under `auto` with an exam date, today's new-item limit
    /// becomes the plan's pace (see [`Session::repace`]).
    pub fn set_new_per_day(&mut self, setting: NewPerDay, now: Timestamp) {
        self.new_setting = setting;
        self.repace(now);
    }

    /// Works out today's pace again under `new_per_day: auto` (call when a study day may have
    /// turned); a fixed limit is left alone.
    pub fn repace(&mut self, now: Timestamp) {
        if self.new_setting == NewPerDay::Auto {
            self.limits.new_per_day = match self.sched.params.exam {
                Some(exam) => todays_pace(self, now, exam),
                None => NewPerDay::Auto.without_exam(),
            };
        }
    }

    /// Today's new-item target when the exam plan sets it (`new_per_day: auto`, an exam ahead).
    pub fn paced_target(&self) -> Option<u32> {
        (self.new_setting == NewPerDay::Auto && self.sched.params.exam.is_some())
            .then_some(self.limits.new_per_day)
    }

    /// The `new_per_day` setting the session was given.
    pub fn new_setting(&self) -> NewPerDay {
        self.new_setting
    }
}

/// Every loaded item (hidden decks are not loaded), whatever deck is being studied: the exam
/// covers them all, and the daily new limit the pace sets is a total over all decks. Started
/// ones (not suspended), unseen ones, locked ones.
fn standing<'a>(s: &'a Session, now: Timestamp, exam: Date) -> Standing<'a> {
    let ctx = s.ctx(now);
    let status = ctx.topic_status();
    let today = s.sched.days.day_of(now);
    let mut start = Start {
        seen: Vec::new(),
        unseen: 0,
        now,
        exam,
        reviews_per_day: s.limits.reviews_per_day,
    };
    let mut locked = 0;
    for (i, item) in s.coll.items.iter().enumerate() {
        match s.progress.item_state(&s.coll, i) {
            Some(st) if st.suspended => {}
            Some(st) if !st.is_new() => start.seen.push(st),
            _ => {
                start.unseen += 1;
                locked += usize::from(
                    item.topic()
                        .is_some_and(|t| status.get(t) == Some(&TopicStatus::Locked)),
                );
            }
        }
    }
    let new_today = s.progress.day(today).new as usize;
    Standing {
        start,
        locked,
        new_today,
    }
}

impl ExamPlan {
    /// The plan in a few sentences.
    pub fn describe(&self) -> String {
        self.lines().join(" ")
    }

    /// The plan, a sentence or two a line.
    pub fn lines(&self) -> Vec<String> {
        match self {
            ExamPlan::Over { date, days_ago } => vec![format!(
                "The exam on {date} was {} ago. Scheduling is back to normal FSRS: set the next \
                 exam with `somadeck exam DATE`, or clear this one with `somadeck exam --clear`.",
                day_count(i64::from(*days_ago))
            )],
            ExamPlan::Today {
                date,
                unseen,
                recall_now,
            } => vec![format!(
                "The exam is today ({date}). No new items today: review what is due. {} not \
                 started; expected recall of all items: {}.",
                crate::schedule::count(*unseen as u64, "item"),
                percent(*recall_now)
            )],
            ExamPlan::Ahead {
                date,
                days_left,
                items: 0,
                ..
            } => vec![format!(
                "Exam {date} in {}, but there are no items to study: the decks in scope are \
                 hidden or empty, or every card in them is suspended (`somadeck decks` and \
                 `somadeck cards` list them).",
                day_count(i64::from(*days_left))
            )],
            ExamPlan::Ahead { .. } => describe_ahead(self),
        }
    }
}

fn describe_ahead(p: &ExamPlan) -> Vec<String> {
    let ExamPlan::Ahead {
        date,
        days_left,
        items,
        unseen,
        locked,
        days_to_introduce,
        new_until,
        new_per_day_needed,
        feasible,
        plan,
        limit,
        auto,
        recall_if_stopped,
        ..
    } = p
    else {
        return Vec::new();
    };
    let mut lines = vec![format!(
        "Exam {date} in {}: {unseen} of {items} items not started.",
        day_count(i64::from(*days_left))
    )];
    let by = match days_left - days_to_introduce {
        LEAD_DAYS => format!("by {new_until}, a week before it"),
        0 => format!("by {new_until}, the day before it"),
        free => format!(
            "by {new_until}, {} before it",
            day_count(i64::from(free + 1))
        ),
    };
    lines.push(if *unseen == 0 {
        "Every item has been started: keep up with the reviews.".to_string()
    } else if *feasible {
        format!("The plan: {new_per_day_needed} new a day meets them all {by}.")
    } else {
        format!(
            "Too few days to meet them all {by}: that needs {new_per_day_needed} new a day. \
             The plan takes the most it asks for, {PLAN_MAX_NEW} a day, which meets {} of them.",
            plan.reaches
        )
    });
    if let Some(o) = &plan.outlook {
        lines.push(format!(
            "It costs about {:.0} reviews a day (at most {}), about {:.0} minutes a day.",
            o.reviews_mean, o.reviews_peak, o.minutes_mean
        ));
    }
    if usize::try_from(*days_left).unwrap_or(0) > outlook::MAX_SIMULATED_DAYS {
        lines.push(format!(
            "The exam is too far ahead to simulate its cost and recall (more than {} days); \
             they are worked out once it is closer.",
            outlook::MAX_SIMULATED_DAYS
        ));
    } else {
        lines.push(format!(
            "Predicted recall on the exam day: {} of all items following the plan, {} if you \
             stop today.",
            percent(plan.outlook.as_ref().map(|o| o.recall_on_exam)),
            percent(*recall_if_stopped)
        ));
    }
    if let Some(l) = limit {
        let reach = if l.reaches >= *unseen {
            "meets them all".to_string()
        } else {
            format!("meets {} of them", l.reaches)
        };
        let recall = l
            .outlook
            .as_ref()
            .map(|o| format!(", for {} at the exam", percent(Some(o.recall_on_exam))))
            .unwrap_or_default();
        lines.push(format!(
            "Your limit of {} new a day {reach}{recall}; new_per_day: auto in config.ron \
             follows the plan.",
            l.new_per_day
        ));
    } else if *auto {
        lines.push(format!(
            "Today's target (new_per_day: auto): {} new.",
            plan.new_per_day
        ));
    }
    if *locked > 0 && *unseen > 0 {
        lines.push(format!(
            "{locked} of the items not started are in topics still locked; they open as you \
             learn what they build on."
        ));
    }
    lines
}

/// What line mode says about the exam as a session starts: today's target while the plan
/// sets the pace, and once the exam is over, the question of what comes next.
pub fn note(s: &Session, now: Timestamp) -> Option<String> {
    let exam = s.sched.params.exam?;
    let left = days_until(s, now, exam);
    if left < 0 {
        return Some(format!(
            "Your exam on {exam} is over. What next? `somadeck exam YYYY-MM-DD` sets the next \
             one; `somadeck exam --clear` goes on with normal FSRS."
        ));
    }
    s.paced_target().map(|n| {
        let when = match left {
            0 => "The exam is today".to_string(),
            _ => format!("Exam in {}", day_count(i64::from(left))),
        };
        format!(
            "{when}: today's target is {} (new_per_day: auto).",
            crate::schedule::count(u64::from(n), "new item")
        )
    })
}

/// The exam day the student typed: a date like 2027-03-01, today or later.
pub fn parse_day(text: &str, today: Date) -> Result<Date, String> {
    let date: Date = text
        .trim()
        .parse()
        .map_err(|_| format!("{:?} is not a date like 2027-03-01", text.trim()))?;
    if date < today {
        return Err(format!(
            "{date} has passed (today is {today}); give the day of the next exam"
        ));
    }
    Ok(date)
}

#[cfg(test)]
#[path = "tests_exam.rs"]
mod tests;
