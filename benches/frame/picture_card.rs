//! Key press to frame on picture cards, 200x60, half-blocks: the built-in decks' picture cards
//! studied in turn (typing, checking, grading). A new card's first frame renders its picture;
//! the other presses redraw it from the cache. Reported separately.

use jiff::{SignedDuration, Timestamp};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use somadeck::app::{App, Mode};
use somadeck::clock::Clock;
use somadeck::config::Config;
use somadeck::deck::library;
use somadeck::open::Opened;

const PRESSES: usize = 300;

fn picture_decks() -> Vec<somadeck::deck::Deck> {
    library::standard(None)
        .decks
        .into_iter()
        .map(|d| {
            let mut deck = d.deck;
            deck.cards.retain(|c| c.picture.is_some());
            deck.topics.clear();
            deck.cards.iter_mut().for_each(|c| c.topic = None);
            deck
        })
        .filter(|d| !d.cards.is_empty())
        .collect()
}

pub fn bench() {
    let decks = picture_decks();
    if decks.is_empty() {
        println!("picture cards: the built-in decks have none");
        return;
    }
    let start: Timestamp = "2026-03-02T10:00:00Z".parse().expect("time");
    let config = Config {
        new_per_day: somadeck::study::exam::NewPerDay::Fixed(1000),
        ..Config::default()
    };
    let mut o = Opened::in_memory(decks, Clock::Fixed(start), config).expect("open");
    let mut app = App::new(&mut o, start);
    app.view = (200, 60);
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
    let key = |c| KeyEvent::new(c, KeyModifiers::NONE);
    let (mut first, mut cached) = (Vec::new(), Vec::new());
    let mut serial = app.card_serial();
    let mut typed = 0;
    for i in 0..PRESSES {
        let now = start + SignedDuration::from_secs(i as i64 * 20);
        let mode = app.screen.mode();
        let k = match mode {
            Mode::Home => key(KeyCode::Char('a')),
            Mode::Typing if typed < 6 => key(KeyCode::Char("pterio".as_bytes()[typed] as char)),
            Mode::Typing => key(KeyCode::Enter),
            Mode::Choosing => key(KeyCode::Char('2')),
            Mode::Answer => key(KeyCode::Char('3')),
            _ => key(KeyCode::Esc),
        };
        typed = if mode == Mode::Typing { typed + 1 } else { 0 };
        let dt = super::press(&mut app, &mut terminal, k, now);
        let new_card = app.card_serial() != serial;
        serial = app.card_serial();
        if new_card || matches!(app.screen.mode(), Mode::Answer) && mode != Mode::Answer {
            first.push(dt);
        } else {
            cached.push(dt);
        }
    }
    println!(
        "key press to frame on picture cards, 200x60, half-blocks, {} renders",
        app.pictures.renders()
    );
    super::stats("picture card, new picture", first);
    super::stats("picture card, cached", cached);
}
