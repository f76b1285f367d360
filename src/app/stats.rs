//! The stats screen's state: the readiness report for all decks or one, and which page of it
//! is up. The figures come from `study::stats`; this only holds them and the page.

use jiff::Timestamp;

use crate::study::Session;
use crate::study::exam::{self, ExamPlan};
use crate::study::stats::{self, Report};

/// The panels, in order; a page shows [`panels_per_page`] of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    /// The exam plan: pace, cost, recall on the day.
    Exam,
    Activity,
    Forecast,
    Retention,
    Calibration,
    Weakest,
    Decks,
}

pub const PANELS: [Panel; 7] = [
    Panel::Exam,
    Panel::Activity,
    Panel::Forecast,
    Panel::Retention,
    Panel::Calibration,
    Panel::Weakest,
    Panel::Decks,
];

/// Two panels a page on a terminal at least 20 rows tall, one on a smaller one.
pub fn panels_per_page(terminal_rows: u16) -> usize {
    if terminal_rows >= 20 { 2 } else { 1 }
}

#[derive(Debug, Clone)]
pub struct StatsView {
    pub report: Report,
    /// The exam plan over all decks, when an exam date is set.
    pub exam: Option<Box<ExamPlan>>,
    /// "All decks" or the deck's title.
    pub title: String,
    /// The first panel shown.
    pub first: usize,
    /// The deck under the home cursor, which `Tab` switches to and from.
    pub deck: Option<usize>,
    pub showing_deck: bool,
}

impl StatsView {
    pub fn new(session: &Session, now: Timestamp, deck: Option<usize>) -> Self {
        // The figures and the exam plan (a simulation) are worked out side by side. The session
        // stays on this thread (its journal is not to be shared); the figures get a scheduler of
        // their own, with the same settings.
        let plan = || {
            session
                .sched
                .params
                .exam
                .map(|date| Box::new(exam::plan(session, now, date, session.new_setting())))
        };
        let figures = |sched: &crate::schedule::Scheduler| {
            stats::report(&session.progress, &session.coll, sched, now, None)
        };
        let own = || {
            crate::schedule::Scheduler::new(
                session.sched.params.clone(),
                session.sched.days.clone(),
            )
            .ok()
        };
        // Without an exam there is nothing to work out beside the figures.
        let (report, exam) = match session.sched.params.exam.and_then(|_| own()) {
            Some(own) => {
                let (progress, coll) = (&session.progress, &session.coll);
                std::thread::scope(|scope| {
                    let report =
                        scope.spawn(move || stats::report(progress, coll, &own, now, None));
                    let exam = plan();
                    let report = report.join().unwrap_or_else(|_| figures(&session.sched));
                    (report, exam)
                })
            }
            None => (figures(&session.sched), plan()),
        };
        // All decks first: the figures `refresh` would make for the same scope.
        StatsView {
            report,
            exam,
            title: "All decks".into(),
            first: 0,
            deck,
            showing_deck: false,
        }
    }

    fn refresh(&mut self, session: &Session, now: Timestamp) {
        let deck = self.deck.filter(|_| self.showing_deck);
        self.report = stats::report(&session.progress, &session.coll, &session.sched, now, deck);
        self.title = deck
            .and_then(|d| session.coll.decks.get(d))
            .map_or_else(|| "All decks".into(), |d| d.title.clone());
    }

    /// Between all decks and the deck that was under the cursor.
    pub fn toggle_scope(&mut self, session: &Session, now: Timestamp) {
        if self.deck.is_some() {
            self.showing_deck = !self.showing_deck;
            self.refresh(session, now);
        }
    }

    /// A page on (or back) on a terminal `rows` tall; the first panel stays on a page boundary.
    pub fn turn(&mut self, by: isize, rows: u16) {
        let per = panels_per_page(rows);
        let last = (PANELS.len() - 1) / per * per;
        let page = self.first / per;
        self.first = (page.saturating_add_signed(by) * per).min(last);
    }

    /// The panels up on a terminal `rows` tall.
    pub fn shown(&self, rows: u16) -> &'static [Panel] {
        let per = panels_per_page(rows);
        let from = (self.first / per * per).min(PANELS.len() - 1);
        &PANELS[from..(from + per).min(PANELS.len())]
    }

    /// Page `n` of `m` (from 1) on a terminal `rows` tall.
    pub fn page_of(&self, rows: u16) -> (usize, usize) {
        let per = panels_per_page(rows);
        (self.first / per + 1, PANELS.len().div_ceil(per))
    }

    /// The topic to study first: the weakest one, if any topic has been seen.
    pub fn weakest_topic(&self, session: &Session) -> Option<(usize, String)> {
        let w = self.report.mastery.weakest.first()?;
        let i = session.coll.topics.iter().position(|t| t.id == w.id)?;
        Some((i, w.title.clone()))
    }
}
