//! Exam readiness figures: activity, the review forecast, true retention, mastery now and on
//! the exam day, and how well predicted recall matched actual recall. One service for the stats
//! screen, `stats` and `stats --json`. Pure: handed `now`; definitions in docs/decisions.md.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

use super::Collection;
use super::progress::{CALIBRATION_EDGES, Progress};
use crate::schedule::{Grade, Phase, Scheduler, ts};

/// Days of activity shown: 26 weeks.
pub const ACTIVITY_DAYS: usize = 182;
/// Days of forecast, today first.
pub const FORECAST_DAYS: usize = 30;
/// The windows of true retention, in study days ending today.
pub const RETENTION_WINDOWS: [u32; 3] = [7, 30, 365];
/// How many weakest topics are ranked.
pub const WEAKEST: usize = 5;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The deck the figures are for (`None`: all decks). Activity, retention and calibration
    /// are always over all decks: the log's day counts are not kept per deck.
    pub deck: Option<String>,
    pub activity: Activity,
    /// Reviews due on each of the next [`FORECAST_DAYS`] study days, today (with overdue) first.
    pub forecast: Vec<u32>,
    pub retention: Vec<RetentionWindow>,
    pub mastery: Mastery,
    pub calibration: Vec<CalibrationRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Activity {
    /// The last [`ACTIVITY_DAYS`] study days, oldest first, ending today.
    pub days: Vec<DayActivity>,
    pub streak_days: u32,
    pub total_reviews: u64,
    pub total_minutes: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DayActivity {
    pub date: Date,
    pub reviews: u32,
    /// Time spent answering, rounded to whole minutes.
    pub minutes: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RetentionWindow {
    pub days: u32,
    pub young: Retention,
    pub mature: Retention,
    pub total: Retention,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Retention {
    pub answers: u32,
    /// Answers that were not Again.
    pub passed: u32,
    /// `passed / answers`, when there were answers.
    pub rate: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mastery {
    /// The exam day, while it is today or ahead.
    pub exam: Option<Date>,
    pub decks: Vec<MasteryRow>,
    pub topics: Vec<MasteryRow>,
    /// Topics with seen items, lowest recall on the exam day (or now, without one) first.
    pub weakest: Vec<MasteryRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MasteryRow {
    pub id: String,
    pub title: String,
    pub items: usize,
    /// Items with a memory state (answered at least once).
    pub seen: usize,
    /// Mean FSRS retrievability of the seen items now.
    pub recall_now: Option<f64>,
    /// The same at the start of the exam day, if nothing more is studied.
    pub recall_on_exam: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CalibrationRow {
    /// Predicted recall from (inclusive) .. to (exclusive; the last bin includes 1).
    pub from: f64,
    pub to: f64,
    pub answers: u64,
    /// Mean predicted recall of the answers in the bin.
    pub predicted: Option<f64>,
    /// Share of them that were not Again.
    pub actual: Option<f64>,
}

/// How a share is shown in `stats` and on the stats screen: a whole percentage, or `none`
/// without answers.
pub fn percent(x: Option<f64>) -> String {
    // `+ 0.0` turns the -0.0 of an empty sum into 0.
    x.map_or_else(|| "none".into(), |x| format!("{:.0}%", x * 100.0 + 0.0))
}

/// All figures for `deck` (an index into `coll.decks`) or all decks, at `now`.
pub fn report(
    progress: &Progress,
    coll: &Collection,
    sched: &Scheduler,
    now: Timestamp,
    deck: Option<usize>,
) -> Report {
    let today = sched.days.day_of(now);
    Report {
        deck: deck.and_then(|d| coll.decks.get(d)).map(|d| d.id.clone()),
        activity: activity(progress, today),
        forecast: forecast(progress, coll, sched, now, deck),
        retention: RETENTION_WINDOWS
            .iter()
            .map(|&n| retention(progress, today, n))
            .collect(),
        mastery: mastery(progress, coll, sched, now, deck),
        calibration: calibration(progress),
    }
}

fn days_back(today: Date, n: usize) -> Date {
    let back = i64::try_from(n).unwrap_or(0);
    today
        .checked_sub(jiff::Span::new().days(back))
        .unwrap_or(Date::MIN)
}

fn activity(progress: &Progress, today: Date) -> Activity {
    let days = (0..ACTIVITY_DAYS)
        .rev()
        .map(|back| {
            let date = days_back(today, back);
            let c = progress.day(date);
            DayActivity {
                date,
                reviews: c.reviews,
                minutes: (c.ms + 30_000) / 60_000,
            }
        })
        .collect();
    Activity {
        days,
        streak_days: progress.streak(today),
        total_reviews: progress.reviews,
        total_minutes: (progress.days.values().map(|c| c.ms).sum::<u64>() + 30_000) / 60_000,
    }
}

fn rate(answers: u32, passed: u32) -> Retention {
    Retention {
        answers,
        passed,
        rate: (answers > 0).then(|| f64::from(passed) / f64::from(answers)),
    }
}

/// Anki's true retention over the `n` study days ending today.
pub fn retention(progress: &Progress, today: Date, n: u32) -> RetentionWindow {
    let from = days_back(today, n.saturating_sub(1) as usize);
    let mut sums = [0u32; 4];
    for c in progress.days.range(from..=today).map(|(_, c)| c) {
        sums[0] += c.young;
        sums[1] += c.young_passed;
        sums[2] += c.mature;
        sums[3] += c.mature_passed;
    }
    RetentionWindow {
        days: n,
        young: rate(sums[0], sums[1]),
        mature: rate(sums[2], sums[3]),
        total: rate(sums[0] + sums[2], sums[1] + sums[3]),
    }
}

fn in_scope(coll: &Collection, deck: Option<usize>) -> impl Iterator<Item = usize> + '_ {
    (0..coll.items.len()).filter(move |&i| deck.is_none_or(|d| coll.items[i].deck() == d))
}

/// Reviews due per day: review items on their due day (overdue ones today), learning items on
/// their step's day and again on the day they come back after graduating with Good.
fn forecast(
    progress: &Progress,
    coll: &Collection,
    sched: &Scheduler,
    now: Timestamp,
    deck: Option<usize>,
) -> Vec<u32> {
    let today = sched.days.day_of(now);
    let mut out = vec![0u32; FORECAST_DAYS];
    let mut count = |at: i64| {
        let day = sched.days.day_of(ts(at));
        let ahead = today.until(day).map_or(0, |s| s.get_days()).max(0);
        if let Some(slot) = usize::try_from(ahead).ok().and_then(|i| out.get_mut(i)) {
            *slot += 1;
        }
    };
    for i in in_scope(coll, deck) {
        let Some(st) = progress.item_state(coll, i) else {
            continue;
        };
        if st.is_new() || st.suspended {
            continue;
        }
        let due = st.due.max(st.buried_until.get().unwrap_or(i64::MIN));
        count(due);
        let mut next = st.clone();
        next.due = due;
        // Each Good moves a step on; the steps are few, the bound only guards odd settings.
        for _ in 0..16 {
            if next.phase == Phase::Review {
                break;
            }
            let at = ts(next.due.max(now.as_second()));
            next = sched.answer(coll.id(i), &next, Grade::Good, at);
            if next.phase == Phase::Review {
                count(next.due);
            }
        }
    }
    out
}

fn mean(sum: f64, n: usize) -> Option<f64> {
    (n > 0).then(|| sum / n as f64)
}

/// The exam day, while it is today or ahead, and the moment recall is predicted for on it:
/// the start of that study day, or `now` once it has begun.
pub fn exam_moment(sched: &Scheduler, now: Timestamp) -> Option<(Date, Timestamp)> {
    let today = sched.days.day_of(now);
    let exam = sched.params.exam.filter(|e| *e >= today)?;
    Some((exam, sched.days.start_of(exam).max(now)))
}

fn mastery(
    progress: &Progress,
    coll: &Collection,
    sched: &Scheduler,
    now: Timestamp,
    deck: Option<usize>,
) -> Mastery {
    let exam_moment = exam_moment(sched, now);
    let exam = exam_moment.map(|e| e.0);
    let exam_at = exam_moment.map(|e| e.1);
    // Each item's recall now and on the exam day, worked out once: an item counts in its
    // deck's row and its topic's.
    let mut memo: Vec<Option<Option<(f32, f32)>>> = vec![None; coll.items.len()];
    let mut recall = |i: usize| {
        *memo[i].get_or_insert_with(|| {
            let st = progress.item_state(coll, i)?;
            let r = sched.retrievability(st, now)?;
            let on_exam = match exam_at {
                Some(at) => sched.retrievability(st, at).unwrap_or(r),
                None => r,
            };
            Some((r, on_exam))
        })
    };
    let mut row = |id: &str, title: &str, items: &mut dyn Iterator<Item = usize>| {
        let (mut n, mut seen, mut now_sum, mut exam_sum) = (0, 0, 0.0, 0.0);
        for i in items {
            n += 1;
            if let Some((r, on_exam)) = recall(i) {
                seen += 1;
                now_sum += f64::from(r);
                exam_sum += f64::from(on_exam);
            }
        }
        MasteryRow {
            id: id.to_string(),
            title: title.to_string(),
            items: n,
            seen,
            recall_now: mean(now_sum, seen),
            recall_on_exam: exam.and(mean(exam_sum, seen)),
        }
    };
    let decks: Vec<MasteryRow> = (0..coll.decks.len())
        .filter(|&d| deck.is_none_or(|x| x == d))
        .map(|d| {
            let dk = &coll.decks[d];
            row(&dk.id, &dk.title, &mut in_scope(coll, Some(d)))
        })
        .collect();
    let topics: Vec<MasteryRow> = coll
        .topics
        .iter()
        .enumerate()
        .filter(|(_, t)| deck.is_none_or(|x| x == t.deck))
        .map(|(n, t)| row(&t.id, &t.title, &mut coll.topic_items(n)))
        .collect();
    let key = |r: &MasteryRow| r.recall_on_exam.or(r.recall_now).unwrap_or(0.0);
    let mut weakest: Vec<MasteryRow> = topics.iter().filter(|t| t.seen > 0).cloned().collect();
    weakest.sort_by(|a, b| key(a).total_cmp(&key(b)).then_with(|| a.id.cmp(&b.id)));
    weakest.truncate(WEAKEST);
    Mastery {
        exam,
        decks,
        topics,
        weakest,
    }
}

/// Predicted against actual recall, in the bins of [`CALIBRATION_EDGES`].
pub fn calibration(progress: &Progress) -> Vec<CalibrationRow> {
    let mut edges = vec![0.0];
    edges.extend(CALIBRATION_EDGES.iter().map(|&e| f64::from(e)));
    edges.push(1.0);
    progress
        .calibration
        .iter()
        .enumerate()
        .map(|(i, b)| CalibrationRow {
            from: round2(edges[i]),
            to: round2(edges[i + 1]),
            answers: b.answers,
            predicted: (b.answers > 0)
                .then(|| b.predicted_millionths as f64 / 1e6 / b.answers as f64),
            actual: (b.answers > 0).then(|| b.recalled as f64 / b.answers as f64),
        })
        .collect()
}

/// The edges are f32 constants; shown as the two-decimal figures they were written as.
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
#[path = "tests_stats.rs"]
mod tests;
