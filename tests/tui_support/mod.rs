//! Shared by the tui_* tests: an `Opened` over the built-in decks or a small fixture deck, with
//! a fixed clock and UTC study days, and a journal the test can read back.

#![allow(dead_code)]

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use somadeck::app::{self, Action, App};
use somadeck::clock::Clock;
use somadeck::config::Config;
use somadeck::deck::{Deck, library, load};
use somadeck::open::Opened;
use somadeck::schedule::{DayClock, Scheduler};
use somadeck::study::{Event, Journal, Progress};

pub const NOW: &str = "2026-03-02T10:00:00Z";

/// A journal whose events and checkpoints the test can still see after handing it over.
#[derive(Clone, Default)]
pub struct Log {
    pub events: Rc<RefCell<Vec<Event>>>,
    pub checkpoints: Rc<Cell<usize>>,
}

impl Journal for Log {
    fn record(&mut self, ev: &Event) -> Result<(), String> {
        self.events.borrow_mut().push(ev.clone());
        Ok(())
    }

    fn checkpoint(&mut self, _: &Progress) -> Result<(), String> {
        self.checkpoints.set(self.checkpoints.get() + 1);
        Ok(())
    }
}

impl Log {
    pub fn events(&self) -> Vec<Event> {
        self.events.borrow().clone()
    }
}

pub fn now() -> Timestamp {
    NOW.parse().unwrap()
}

pub fn builtin_decks() -> Vec<Deck> {
    library::standard(None)
        .decks
        .into_iter()
        .map(|d| d.deck)
        .collect()
}

pub const FIXTURE: &str = r#"Deck(
    id: "demo",
    title: "Skull basics",
    version: 1,
    authors: ["tests"],
    description: "A fixture deck with one card of each kind.",
    licence: "CC0",
    sources: { "gray": "Gray's Anatomy of the Human Body, 20th ed. (1918)" },
    topics: [
        (id: "bones", title: "Bones of the cranium", requires: []),
        (id: "holes", title: "Foramina", requires: ["bones"]),
    ],
    cards: [
        Card(
            id: "sella",
            topic: "bones",
            front: "Which bone holds the sella turcica?",
            answers: ["sphenoid", "sphenoid bone"],
            explain: "The sella turcica is a saddle-shaped hollow in the body of the sphenoid that cradles the pituitary gland.",
            source: "@gray §36",
        ),
        Card(
            id: "count",
            topic: "bones",
            front: "How many bones make up the cranium (neurocranium)?",
            choices: ["6", "8", "14", "22"],
            correct: "8",
            explain: "Frontal, two parietals, two temporals, occipital, sphenoid and ethmoid.",
            source: "@gray",
        ),
        Card(
            id: "falx",
            topic: "bones",
            front: "Falx cerebri",
            back: "the sickle-shaped fold of dura mater between the cerebral hemispheres",
            explain: "It hangs from the midline of the skull vault into the longitudinal fissure. In front it is attached to the crista galli of the ethmoid; behind, it blends with the upper surface of the tentorium cerebelli. Its upper border holds the superior sagittal sinus and its lower free border the inferior sagittal sinus. The straight sinus runs along its line of attachment to the tentorium. Together with the tentorium it forms the reciprocal tension membrane of craniosacral teaching.",
            source: "@gray",
        ),
        Card(
            id: "magnum",
            topic: "bones",
            cloze: "The {{foramen magnum}} lies in the {{occipital}} bone.",
            explain: "The medulla oblongata passes through it to become the spinal cord.",
            source: "@gray",
        ),
        Card(
            id: "jugular",
            topic: "holes",
            front: "Which foramen does the internal jugular vein leave through?",
            back: "the jugular foramen",
            source: "@gray",
        ),
    ],
)"#;

pub fn fixture_deck() -> Deck {
    let parsed = load::parse("demo.ron", FIXTURE.as_bytes());
    let errors: Vec<String> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(ToString::to_string)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    parsed.deck.expect("fixture deck").deck
}

/// An in-memory `Opened` over `decks` at `NOW`, study days in UTC, and its journal.
pub fn opened(decks: Vec<Deck>) -> (Opened, Log) {
    opened_with(decks, Config::default())
}

pub fn opened_with(decks: Vec<Deck>, config: Config) -> (Opened, Log) {
    let mut o = Opened::in_memory(decks, Clock::Fixed(now()), config.clone()).unwrap();
    o.session.sched = Scheduler::new(config.params(), DayClock::new(TimeZone::UTC, 4)).unwrap();
    let log = Log::default();
    o.session.set_journal(Box::new(log.clone()));
    (o, log)
}

pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

pub fn ch(c: char) -> KeyEvent {
    key(KeyCode::Char(c))
}

pub fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// Presses a key as the loop would: through the key map, then `update` at `at`.
pub fn press_at(app: &mut App<'_>, k: KeyEvent, at: Timestamp) -> Option<Action> {
    let action = app::map_key(k, &app.screen);
    // The test is the edge: it reports the view's scroll limits, as the loop does after a frame.
    app.scroll_limits = somadeck::ui::scroll_limits(app);
    if let Some(a) = action {
        app::update(app, a, at);
    }
    // An exam plan worked out in the background is waited for, so what is drawn next does not
    // depend on how soon a thread ran.
    app.wait_plan(std::time::Duration::from_secs(300));
    action
}

pub fn press(app: &mut App<'_>, k: KeyEvent) -> Option<Action> {
    press_at(app, k, now())
}

pub fn type_text(app: &mut App<'_>, text: &str) {
    for c in text.chars() {
        press(app, ch(c));
    }
}

/// Draws the app on a test terminal of `w` x `h`.
pub fn draw(app: &mut App<'_>, w: u16, h: u16) -> Terminal<TestBackend> {
    app.view = (w, h);
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| f.render_widget(&*app, f.area())).unwrap();
    t
}

/// The drawn screen as plain text, one line per row.
pub fn screen_text(t: &Terminal<TestBackend>) -> String {
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        for x in 0..buf.area.width {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
