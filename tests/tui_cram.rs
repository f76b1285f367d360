//! Cram in the app: `c` on the home screen drills the selected deck's studied cards, due or
//! not, weakest on the exam day first; the header and the summary say so.

mod tui_support;

use jiff::SignedDuration;
use ratatui::crossterm::event::KeyCode;
use somadeck::app::{App, Screen};
use somadeck::config::Config;
use somadeck::schedule::{ItemState, Phase};
use somadeck::study::{Event, ReviewKind};
use tui_support::*;

/// The fixture deck with two cards studied and not due for days: the falx card was learned
/// weakly (stability 1 day, 3 days ago), the sella card well (30 days, yesterday). The exam is
/// on 2026-03-20, 18 days after `now`.
fn crammable() -> (somadeck::open::Opened, Log) {
    let config = Config {
        exam_date: Some("2026-03-20".into()),
        ..Config::default()
    };
    let (mut o, log) = opened_with(vec![fixture_deck()], config);
    let t = now();
    for (id, stability, days_ago) in [("demo/falx", 1.0, 3), ("demo/sella", 30.0, 1)] {
        let state = ItemState {
            phase: Phase::Review,
            stability,
            difficulty: 5.0,
            due: (t + SignedDuration::from_hours(24 * 5)).as_second(),
            last: Some((t - SignedDuration::from_hours(24 * days_ago)).as_second()).into(),
            reps: 3,
            ..ItemState::default()
        };
        o.session.progress.states.insert(id, state);
    }
    (o, log)
}

#[test]
fn c_crams_the_selected_deck_weakest_first_and_the_summary_shows_recall_moving() {
    let (mut o, log) = crammable();
    let mut app = App::new(&mut o, now());
    press(&mut app, ch('c'));
    let t = draw(&mut app, 80, 24);
    insta::assert_snapshot!("cram_front_80x24", t.backend());
    let study = app.study().expect("a card to cram");
    assert_eq!(study.turn.kind, ReviewKind::Cram);
    // The falx card is shown (with Enter) and graded Good; then the sella card, typed.
    press(&mut app, key(KeyCode::Enter));
    press(&mut app, ch('3'));
    type_text(&mut app, "sphenoid");
    press(&mut app, key(KeyCode::Enter));
    press(&mut app, ch('3'));
    assert!(matches!(app.screen, Screen::Summary(_)));
    let t = draw(&mut app, 80, 24);
    insta::assert_snapshot!("cram_summary_80x24", t.backend());
    let text = screen_text(&t);
    assert!(text.contains("Cram done · Skull basics"), "{text}");
    let answered: Vec<(String, ReviewKind)> = log
        .events()
        .into_iter()
        .filter_map(|e| match e {
            Event::Review { item, kind, .. } => Some((item, kind)),
            _ => None,
        })
        .collect();
    assert_eq!(
        answered,
        [
            ("demo/falx".to_string(), ReviewKind::Cram),
            ("demo/sella".to_string(), ReviewKind::Cram)
        ]
    );
}

#[test]
fn c_with_nothing_studied_says_so_and_stays_home() {
    let (mut o, _log) = opened(vec![fixture_deck()]);
    let mut app = App::new(&mut o, now());
    press(&mut app, ch('c'));
    assert!(matches!(app.screen, Screen::Home(_)));
    let text = app
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(text.contains("nothing to cram here"), "{text}");
}
