//! The exam plan: how many new cards a day meet every card a set lead time before the exam,
//! what the daily limit reaches, and what happens near and after the day. Pure: handed the
//! counts and the dates.

use jiff::civil::Date;
use serde::Serialize;

/// Days before the exam by which every card should have been met once.
pub const LEAD_DAYS: i32 = 7;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum ExamPlan {
    /// The exam is ahead.
    Ahead {
        date: String,
        days_left: i32,
        /// Cards not yet started.
        unseen: usize,
        /// Of those, cards in topics still locked (they open as their prerequisites are learned).
        locked: usize,
        /// Days on which new cards can still be introduced before the lead time starts.
        days_to_introduce: i32,
        /// New cards a day that meet every unseen card by then.
        new_per_day_needed: usize,
        /// The daily new-card limit, and how many unseen cards it meets by then.
        new_per_day: u32,
        reachable: usize,
    },
    /// The exam is today.
    Today { date: String, unseen: usize },
    /// The exam is over: scheduling is back to normal.
    Over { date: String, days_ago: i32 },
}

/// The plan for an exam on `exam`, seen on study day `today`.
pub fn plan(exam: Date, today: Date, unseen: usize, locked: usize, new_per_day: u32) -> ExamPlan {
    let days_left = today.until(exam).map_or(0, |s| s.get_days());
    let date = exam.to_string();
    if days_left < 0 {
        return ExamPlan::Over {
            date,
            days_ago: -days_left,
        };
    }
    if days_left == 0 {
        return ExamPlan::Today { date, unseen };
    }
    // Close to the exam there is no week to spare: new cards can still come until the day
    // before it.
    let days_to_introduce = if days_left > LEAD_DAYS {
        days_left - LEAD_DAYS
    } else {
        days_left
    };
    let days = usize::try_from(days_to_introduce).unwrap_or(1).max(1);
    let per_day = usize::try_from(new_per_day).unwrap_or(usize::MAX);
    ExamPlan::Ahead {
        date,
        days_left,
        unseen,
        locked,
        days_to_introduce,
        new_per_day_needed: unseen.div_ceil(days),
        new_per_day,
        reachable: per_day.saturating_mul(days).min(unseen),
    }
}

impl ExamPlan {
    /// The plan in a sentence or two.
    pub fn describe(&self) -> String {
        use crate::schedule::day_count;
        match self {
            ExamPlan::Over { date, days_ago } => format!(
                "The exam on {date} was {} ago. Scheduling is back to normal FSRS; set a new \
                 exam_date in config.ron if another exam is coming.",
                day_count(i64::from(*days_ago))
            ),
            ExamPlan::Today { date, unseen } => format!(
                "The exam is today ({date}). No plan for new cards now: review what is due. \
                 {unseen} cards were not started."
            ),
            ExamPlan::Ahead {
                date,
                days_left,
                unseen: 0,
                ..
            } => format!(
                "Exam {date} in {}: every card has been started; keep up with the reviews.",
                day_count(i64::from(*days_left))
            ),
            ExamPlan::Ahead {
                date,
                days_left,
                unseen,
                locked,
                days_to_introduce,
                new_per_day_needed,
                new_per_day,
                reachable,
            } => {
                let by = if *days_left > LEAD_DAYS {
                    format!(
                        "a week before it, in {}",
                        day_count(i64::from(*days_to_introduce))
                    )
                } else {
                    "by the day before it".to_string()
                };
                let mut s = format!(
                    "Exam {date} in {}: {unseen} cards not started; about {new_per_day_needed} \
                     new a day meets them all {by}.",
                    day_count(i64::from(*days_left))
                );
                if new_per_day_needed > &usize::try_from(*new_per_day).unwrap_or(usize::MAX) {
                    s.push_str(&format!(
                        " Your limit of {new_per_day} a day meets {reachable} of them: raise \
                         new_per_day, or study the decks that matter most first."
                    ));
                }
                if *locked > 0 {
                    s.push_str(&format!(
                        " {locked} of them are in topics still locked; they open as you learn \
                         what they build on."
                    ));
                }
                s
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn near_and_after_the_exam_the_plan_stays_sensible() {
        let exam = date(2027, 3, 1);
        // Two days out: no "574 new a day" over a week that has already passed.
        let p = plan(exam, date(2027, 2, 27), 574, 100, 20);
        let ExamPlan::Ahead {
            days_to_introduce,
            new_per_day_needed,
            reachable,
            ..
        } = &p
        else {
            panic!("{p:?}")
        };
        assert_eq!(*days_to_introduce, 2);
        assert_eq!(*new_per_day_needed, 287);
        assert_eq!(*reachable, 40);
        let text = p.describe();
        assert!(
            text.contains("Your limit of 20 a day meets 40 of them"),
            "{text}"
        );
        assert!(text.contains("in 2 days"), "{text}");
        assert!(!text.contains("day(s)"), "{text}");
        // On the day, and after it.
        assert!(matches!(
            plan(exam, exam, 10, 0, 20),
            ExamPlan::Today { .. }
        ));
        let over = plan(exam, date(2027, 3, 5), 10, 0, 20);
        assert_eq!(
            over,
            ExamPlan::Over {
                date: "2027-03-01".into(),
                days_ago: 4
            }
        );
        assert!(
            over.describe().contains("4 days ago"),
            "{}",
            over.describe()
        );
        assert!(!over.describe().contains("in -"), "{}", over.describe());
    }

    #[test]
    fn far_from_the_exam_the_plan_keeps_a_week_in_hand() {
        let p = plan(date(2027, 3, 1), date(2027, 1, 1), 600, 0, 20);
        let ExamPlan::Ahead {
            days_left,
            days_to_introduce,
            new_per_day_needed,
            ..
        } = p
        else {
            panic!()
        };
        assert_eq!(days_left, 59);
        assert_eq!(days_to_introduce, 52);
        assert_eq!(new_per_day_needed, 12);
    }
}
