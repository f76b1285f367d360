//! The stats screen's state: the readiness report for all decks or one, and which page of it
//! is up. The figures come from `study::stats`; this only holds them and the page.

use std::sync::{Arc, OnceLock};

use jiff::Timestamp;

use crate::study::Session;
use crate::study::exam::{self, ExamPlan, Planning};
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
    /// The exam plan over all decks, when an exam date is set and the plan is worked out.
    pub exam: Option<Box<ExamPlan>>,
    /// The exam plan being worked out on a thread of its own, until it is taken into `exam`.
    pub working: Option<PlanJob>,
    /// Whether working out the exam plan failed (the panel then says where to read it).
    pub plan_failed: bool,
    /// "All decks" or the deck's title.
    pub title: String,
    /// The first panel shown.
    pub first: usize,
    /// The deck under the home cursor, which `Tab` switches to and from.
    pub deck: Option<usize>,
    pub showing_deck: bool,
}

/// An exam plan worked out on a thread of its own: what it was worked out from, and the plan
/// once it is ready. The simulations take seconds on a large collection, so the stats screen
/// is drawn without them and the plan fills in when it comes.
#[derive(Clone)]
pub struct PlanJob {
    inputs: Arc<Planning>,
    /// The plan once worked out; `None` when working it out failed (a panic in the simulator).
    ready: Arc<OnceLock<Option<ExamPlan>>>,
}

impl std::fmt::Debug for PlanJob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlanJob")
            .field("ready", &self.ready.get().is_some())
            .finish()
    }
}

impl PlanJob {
    /// Starts working out `inputs` on a new thread, or here when no thread can be started.
    fn start(inputs: Planning) -> Self {
        let job = PlanJob {
            inputs: Arc::new(inputs),
            ready: Arc::new(OnceLock::new()),
        };
        let (inputs, ready) = (Arc::clone(&job.inputs), Arc::clone(&job.ready));
        let spawned = std::thread::Builder::new()
            .name("exam plan".into())
            .spawn(move || {
                let plan = std::panic::catch_unwind(|| inputs.finish()).ok();
                let _ = ready.set(plan);
            });
        if spawned.is_err() {
            let _ = job.ready.set(Some(job.inputs.finish()));
        }
        job
    }

    /// The plan once worked out (`Some(None)` when that failed).
    pub fn ready(&self) -> Option<Option<&ExamPlan>> {
        self.ready.get().map(Option::as_ref)
    }
}

impl StatsView {
    /// The stats screen for the session at `now`. With an exam ahead, the plan's simulations
    /// are started on a thread of their own (see [`StatsView::take_plan`]), or taken from
    /// `last`, the job last started, when it was started from the same inputs; `last` is then
    /// the job this screen waits for.
    pub fn new(
        session: &Session,
        now: Timestamp,
        deck: Option<usize>,
        last: &mut Option<PlanJob>,
    ) -> Self {
        // The figures and the exam plan's inputs are worked out side by side. The session
        // stays on this thread (its journal is not to be shared); the figures get a scheduler of
        // their own, with the same settings.
        let planning = || {
            session
                .sched
                .params
                .exam
                .map(|date| exam::prepare(session, now, date, session.new_setting()))
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
        let (report, planning) = match session.sched.params.exam.and_then(|_| own()) {
            Some(own) => {
                let (progress, coll) = (&session.progress, &session.coll);
                std::thread::scope(|scope| {
                    let report =
                        scope.spawn(move || stats::report(progress, coll, &own, now, None));
                    let planning = planning();
                    let report = report.join().unwrap_or_else(|_| figures(&session.sched));
                    (report, planning)
                })
            }
            None => (figures(&session.sched), planning()),
        };
        let (exam, working) = match planning {
            None => (None, None),
            Some(p) if !p.simulates() => (Some(Box::new(p.finish())), None),
            Some(p) => match last.as_ref().filter(|job| *job.inputs == p) {
                Some(job) => (None, Some(job.clone())),
                None => {
                    let job = PlanJob::start(p);
                    *last = Some(job.clone());
                    (None, Some(job))
                }
            },
        };
        // All decks first: the figures `refresh` would make for the same scope.
        let mut view = StatsView {
            report,
            exam,
            working,
            plan_failed: false,
            title: "All decks".into(),
            first: 0,
            deck,
            showing_deck: false,
        };
        view.take_plan();
        view
    }

    /// Waits up to `limit` for the exam plan being worked out, then takes it; true when it was
    /// taken. For the edges that must not draw a half-made screen (tests, benches).
    pub fn wait_plan(&mut self, limit: std::time::Duration) -> bool {
        let until = std::time::Instant::now() + limit;
        while self.working.as_ref().is_some_and(|j| j.ready().is_none())
            && std::time::Instant::now() < until
        {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        self.take_plan()
    }

    /// Whether the exam plan is still being worked out.
    pub fn plan_pending(&self) -> bool {
        self.working.is_some()
    }

    /// Takes the exam plan once it is worked out; true when it was just taken, so the screen is
    /// to be drawn again.
    pub fn take_plan(&mut self) -> bool {
        let Some(plan) = self.working.as_ref().and_then(PlanJob::ready) else {
            return false;
        };
        self.exam = plan.map(|p| Box::new(p.clone()));
        self.plan_failed = plan.is_none();
        self.working = None;
        true
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

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;

    use super::*;
    use crate::clock::Clock;
    use crate::config::Config;
    use crate::open::Opened;
    use crate::schedule::Grade;
    use crate::study::Turn;

    fn now() -> Timestamp {
        "2026-03-02T12:00:00Z".parse().unwrap()
    }

    /// The built-in decks with a few answers a day over three days and an exam in 18 days.
    fn opened() -> Opened {
        let config = Config {
            exam_date: Some("2026-03-20".into()),
            ..Config::default()
        };
        let decks = crate::deck::library::standard(None)
            .decks
            .into_iter()
            .map(|d| d.deck)
            .collect();
        let mut o = Opened::in_memory(decks, Clock::Fixed(now()), config).unwrap();
        for day in 0..3 {
            let at = now() - jiff::SignedDuration::from_hours(24 * (3 - day));
            for i in 0..12 {
                let s = &mut o.session;
                let Some(next) = s.next(at) else { break };
                let turn = Turn::new(&s.coll, next, 0);
                let g = if i % 4 == 0 {
                    Grade::Again
                } else {
                    Grade::Good
                };
                s.answer(&turn, g, at, 4000).unwrap();
            }
        }
        o
    }

    fn at_once(s: &Session) -> ExamPlan {
        let date = s.sched.params.exam.unwrap();
        exam::plan(s, now(), date, s.new_setting())
    }

    fn screen(view: &StatsView) -> String {
        let area = Rect::new(0, 0, 100, 30);
        let mut buf = Buffer::empty(area);
        let theme = crate::ui::theme::Theme::new(false);
        crate::ui::stats::render(view, area.height, area, &mut buf, theme);
        let mut text = String::new();
        for y in 0..area.height {
            for x in 0..area.width {
                text.push_str(buf[(x, y)].symbol());
            }
            text.push('\n');
        }
        text
    }

    #[test]
    fn the_plan_worked_out_in_the_background_is_the_plan_worked_out_at_once() {
        let mut o = opened();
        let expected = at_once(&o.session);
        assert!(matches!(expected, ExamPlan::Ahead { .. }), "{expected:?}");
        let mut last = None;
        let mut view = StatsView::new(&o.session, now(), None, &mut last);
        // Until the plan is taken the screen waits for it.
        assert_eq!(view.plan_pending(), view.exam.is_none());
        view.wait_plan(Duration::from_secs(300));
        assert!(!view.plan_pending());
        assert_eq!(view.exam.as_deref(), Some(&expected));

        // Opened again on the same inputs, the screen takes the job already started.
        let job = last.clone().expect("a job");
        let again = StatsView::new(&o.session, now(), None, &mut last);
        assert!(Arc::ptr_eq(&job.ready, &last.as_ref().unwrap().ready));
        assert_eq!(again.exam.as_deref(), Some(&expected));

        // After another answer the inputs differ: a job of its own, and the plan follows.
        let s = &mut o.session;
        let next = s.next(now()).expect("an item");
        let turn = Turn::new(&s.coll, next, 0);
        s.answer(&turn, Grade::Good, now(), 4000).unwrap();
        let changed = at_once(&o.session);
        assert_ne!(changed, expected);
        let mut third = StatsView::new(&o.session, now(), None, &mut last);
        assert!(!Arc::ptr_eq(&job.ready, &last.as_ref().unwrap().ready));
        third.wait_plan(Duration::from_secs(300));
        assert_eq!(third.exam.as_deref(), Some(&changed));
    }

    #[test]
    fn while_the_plan_is_worked_out_the_screen_says_so_and_then_shows_it() {
        let o = opened();
        let s = &o.session;
        let date = s.sched.params.exam.unwrap();
        let mut view = StatsView::new(s, now(), None, &mut None);
        view.wait_plan(Duration::from_secs(300));
        let whole = screen(&view);
        // A job not yet done, as the screen has it before the thread is through.
        let job = PlanJob {
            inputs: Arc::new(exam::prepare(s, now(), date, s.new_setting())),
            ready: Arc::new(OnceLock::new()),
        };
        view.exam = None;
        view.working = Some(job.clone());
        assert!(!view.take_plan());
        let waiting = screen(&view);
        assert!(waiting.contains("Working out the exam plan"), "{waiting}");
        assert!(!waiting.contains("Predicted recall"), "{waiting}");
        job.ready.set(Some(job.inputs.finish())).unwrap();
        assert!(view.take_plan());
        assert_eq!(screen(&view), whole);
        assert!(whole.contains("Predicted recall"), "{whole}");

        // A job that failed ends the wait, and the panel says where to read the plan.
        let failed = PlanJob {
            inputs: Arc::clone(&job.inputs),
            ready: Arc::new(OnceLock::new()),
        };
        failed.ready.set(None).unwrap();
        view.exam = None;
        view.working = Some(failed);
        assert!(view.take_plan());
        assert!(!view.plan_pending());
        let text = screen(&view);
        assert!(text.contains("could not be worked out"), "{text}");
    }
}
