//! The terminal UI's state: which screen is up and what it shows. `update` is the one place it
//! changes; `ui` only draws it, and `tui` only feeds it keys. Everything here is driven by an
//! explicit `now`, so scripts of actions run headless in tests.

pub mod action;
pub mod home;
pub mod input;
pub mod keys;
pub mod stats;
pub mod study;
pub mod topics;
mod update;

use jiff::{SignedDuration, Timestamp};

pub use crate::study::Judged;
pub use action::Action;
pub use home::Home;
pub use input::Input;
pub use keys::{Mode, map_key};
pub use study::{Stage, Study, StudyPicture};
pub use update::{Start, cram_now, open_on, study_now, update};

use crate::open::Opened;
use crate::study::session::Tally;

/// The end of a study run, or the news that nothing is due.
#[derive(Debug, Clone)]
pub struct Summary {
    pub scope: String,
    pub answered: u32,
    pub correct: u32,
    pub ms: u64,
    /// The prompts of cards that became leeches in this run.
    pub leeches: Vec<String>,
    /// How long until the next seen card in scope falls due, if any.
    pub next_due: Option<SignedDuration>,
    pub practice: bool,
    /// After a cram: how predicted recall on the exam day moved.
    pub cram: Option<crate::study::cram::CramReport>,
    pub can_undo: bool,
}

#[derive(Debug, Clone, Default)]
pub struct HelpView {
    pub scroll: u16,
}

#[derive(Debug, Clone)]
pub enum Screen {
    Home(Home),
    Study(Box<Study>),
    Summary(Summary),
    /// Every topic with its state; studying one from here is how a learner places out of it.
    Topics(topics::TopicMap),
    /// Readiness: activity, forecast, retention, mastery, calibration.
    Stats(stats::StatsView),
    /// The key help over another screen, which it returns to.
    Help(HelpView, Box<Screen>),
}

impl Screen {
    /// Which keys are live.
    pub fn mode(&self) -> Mode {
        match self {
            Screen::Home(h) if h.filtering => Mode::Filter,
            Screen::Home(h) if h.exam_edit.is_some() => Mode::ExamDate,
            Screen::Home(_) => Mode::Home,
            Screen::Study(s) if s.note.is_some() => Mode::Note,
            Screen::Study(s) => match s.stage() {
                Stage::Typing => Mode::Typing,
                Stage::Choosing => Mode::Choosing,
                Stage::Answer(_) => Mode::Answer,
            },
            Screen::Summary(_) => Mode::Summary,
            Screen::Topics(_) => Mode::Topics,
            Screen::Stats(_) => Mode::Stats,
            Screen::Help(..) => Mode::Help,
        }
    }

    /// How many options a multiple-choice card offers (0 elsewhere).
    pub fn option_count(&self) -> usize {
        match self {
            Screen::Study(s) if s.stage() == Stage::Choosing => s.option_count(),
            _ => 0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    /// Something the learner should notice (a leech).
    Notice,
    Error,
}

/// A one-line message under the screen, cleared by the next action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub tone: Tone,
}

pub struct App<'a> {
    pub opened: &'a mut Opened,
    pub screen: Screen,
    pub status: Option<Status>,
    /// Problems found when opening, shown on the first home screen only.
    pub warnings: Vec<String>,
    /// False when `NO_COLOR` is set: text and marks only.
    pub color: bool,
    pub quit: bool,
    /// Terminal size in cells, kept by the edge; scrolling is clamped to it.
    pub view: (u16, u16),
    /// The body's page height and furthest scroll as last drawn. The view reports it (the
    /// edge sets it after each frame), since how far text scrolls depends on how it wraps.
    pub scroll_limits: (u16, u16),
    /// How long the current card has been shown, in ms (capped); set by the edge before
    /// each action, since only the edge reads a monotonic clock.
    pub elapsed_ms: u32,
    /// When this run of somadeck started: seeds the option shuffles.
    pub started: Timestamp,
    /// The tally when the current study run began, so the summary counts only that run.
    tally_start: Tally,
    /// What the current study run covers, for headers and the summary.
    scope: String,
    /// The deck last opened, selected again on the way back home.
    last_deck: usize,
    /// The topic last studied from the topic map, selected again when it opens.
    last_topic: Option<usize>,
    /// Bumped whenever a different card (or the same card afresh) is put up.
    shown: u64,
    /// How pictures are drawn on this terminal, and the ones drawn lately.
    pub pictures: crate::picture::Pictures,
    /// The exam plan last started for the stats screen: opened again on the same inputs, the
    /// screen waits for it (or takes it) rather than starting the simulations afresh.
    pub plan_job: Option<stats::PlanJob>,
}

impl<'a> App<'a> {
    pub fn new(opened: &'a mut Opened, now: Timestamp) -> Self {
        let home = Home::new(&opened.session, now);
        // Deck updates are news rather than problems, but are shown in the same place, once.
        let warnings = opened
            .notices
            .iter()
            .chain(&opened.warnings)
            .cloned()
            .collect();
        App {
            opened,
            screen: Screen::Home(home),
            status: None,
            warnings,
            color: true,
            quit: false,
            view: (80, 24),
            scroll_limits: (1, 0),
            elapsed_ms: 0,
            started: now,
            tally_start: Tally::default(),
            scope: String::new(),
            last_deck: 0,
            last_topic: None,
            shown: 0,
            pictures: crate::picture::Pictures::new(crate::picture::Mode::Halfblocks),
            plan_job: None,
        }
    }

    /// The stats screen, if it is up (under the key help too).
    fn stats_view(&mut self) -> Option<&mut stats::StatsView> {
        match &mut self.screen {
            Screen::Stats(v) => Some(v),
            Screen::Help(_, under) => match under.as_mut() {
                Screen::Stats(v) => Some(v),
                _ => None,
            },
            _ => None,
        }
    }

    /// Whether the stats screen waits for its exam plan: the edge then looks again soon.
    pub fn plan_pending(&mut self) -> bool {
        self.stats_view().is_some_and(|v| v.plan_pending())
    }

    /// Waits up to `limit` for the stats screen's exam plan, then takes it (see
    /// [`stats::StatsView::wait_plan`]); true when it was taken.
    pub fn wait_plan(&mut self, limit: std::time::Duration) -> bool {
        self.stats_view().is_some_and(|v| v.wait_plan(limit))
    }

    /// Takes the stats screen's exam plan once it is worked out; true when it was just taken,
    /// so the screen is to be drawn again.
    pub fn take_plan(&mut self) -> bool {
        self.stats_view().is_some_and(stats::StatsView::take_plan)
    }

    /// Changes whenever a card is put up; the edge restarts its stopwatch then.
    pub fn card_serial(&self) -> u64 {
        self.shown
    }

    pub fn study(&self) -> Option<&Study> {
        match &self.screen {
            Screen::Study(s) => Some(s),
            Screen::Help(_, under) => match under.as_ref() {
                Screen::Study(s) => Some(s),
                _ => None,
            },
            _ => None,
        }
    }

    /// Saves a progress snapshot; a failure is only reported, since every answer is already
    /// in the review log.
    pub fn checkpoint(&mut self) {
        if let Err(e) = self.opened.session.checkpoint() {
            self.status = Some(Status {
                text: format!(
                    "could not save the progress snapshot ({e}); your answers are safe in the review log"
                ),
                tone: Tone::Error,
            });
        }
    }
}
