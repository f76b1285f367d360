//! Flagging a card in the app asks for a note for the deck's author: the keys of the prompt,
//! what the journal receives, undo, and the prompt drawn.

mod tui_support;

use ratatui::crossterm::event::KeyCode;
use somadeck::app::{Action, App, Mode, map_key};
use somadeck::study::Event;
use tui_support::*;

fn flags(log: &Log) -> Vec<(String, Option<String>)> {
    log.events()
        .into_iter()
        .filter_map(|e| match e {
            Event::Flag { note, .. } => Some(("flag".to_string(), note)),
            Event::Unflag { .. } => Some(("unflag".to_string(), None)),
            _ => None,
        })
        .collect()
}

fn flagged(app: &App<'_>) -> bool {
    app.study().expect("a card is up").flagged
}

/// The first card of the fixture deck, its back shown.
fn at_the_back(app: &mut App<'_>) {
    press(app, key(KeyCode::Enter));
    press(app, key(KeyCode::Enter));
    assert_eq!(app.screen.mode(), Mode::Answer);
}

#[test]
fn the_prompt_takes_every_letter_as_text() {
    let (mut o, _log) = opened(vec![fixture_deck()]);
    let mut app = App::new(&mut o, now());
    at_the_back(&mut app);
    press(&mut app, ch('f'));
    let s = &app.screen;
    assert_eq!(s.mode(), Mode::Note);
    for c in ['q', 'u', 'f', 'b', 's', '?', '1', ' '] {
        assert_eq!(map_key(ch(c), s), Some(Action::Insert(c)), "{c}");
    }
    assert_eq!(map_key(key(KeyCode::Enter), s), Some(Action::Submit));
    assert_eq!(map_key(key(KeyCode::Esc), s), Some(Action::Back));
    assert_eq!(map_key(key(KeyCode::Backspace), s), Some(Action::Backspace));
    assert_eq!(map_key(key(KeyCode::Left), s), Some(Action::Left));
    assert_eq!(map_key(ctrl('c'), s), Some(Action::Quit));
}

#[test]
fn enter_flags_with_the_note_and_undo_takes_it_back() {
    let (mut o, log) = opened(vec![fixture_deck()]);
    let mut app = App::new(&mut o, now());
    at_the_back(&mut app);
    press(&mut app, ch('f'));
    assert!(!flagged(&app), "nothing is flagged before Enter");
    assert!(log.events().is_empty());
    type_text(&mut app, "  the source says sphenoidx");
    press(&mut app, key(KeyCode::Backspace));
    type_text(&mut app, "? ");
    press(&mut app, key(KeyCode::Enter));
    assert_eq!(app.screen.mode(), Mode::Answer);
    assert!(flagged(&app));
    let note = Some("the source says sphenoid?".to_string());
    assert_eq!(flags(&log), [("flag".to_string(), note.clone())]);
    let status = app.status.clone().unwrap().text;
    assert!(
        status.contains("with your note") && status.contains("u undoes"),
        "{status}"
    );
    let item = app.study().unwrap().item();
    assert_eq!(app.opened.session.flag_note(item), note.as_deref());

    // Unflagging asks nothing; undo puts the flag back with its note.
    press(&mut app, ch('f'));
    assert_eq!(app.screen.mode(), Mode::Answer);
    assert!(!flagged(&app));
    assert_eq!(app.opened.session.flag_note(item), None);
    press(&mut app, ch('u'));
    assert!(flagged(&app));
    assert_eq!(app.opened.session.flag_note(item), note.as_deref());
    press(&mut app, ch('u'));
    assert!(!flagged(&app));
    assert_eq!(
        flags(&log),
        [
            ("flag".to_string(), note.clone()),
            ("unflag".to_string(), None),
            ("flag".to_string(), note),
            ("unflag".to_string(), None),
        ]
    );
}

#[test]
fn an_empty_note_flags_without_one_and_esc_cancels() {
    let (mut o, log) = opened(vec![fixture_deck()]);
    let mut app = App::new(&mut o, now());
    press(&mut app, key(KeyCode::Enter));
    // At the question it takes Ctrl-F; the typed answer is kept.
    type_text(&mut app, "sphen");
    press(&mut app, ctrl('f'));
    assert_eq!(app.screen.mode(), Mode::Note);
    type_text(&mut app, "never mind");
    press(&mut app, key(KeyCode::Esc));
    assert_eq!(app.screen.mode(), Mode::Typing);
    assert_eq!(app.study().unwrap().input.text(), "sphen");
    assert!(!flagged(&app));
    assert_eq!(app.status.clone().unwrap().text, "Not flagged");
    assert!(log.events().is_empty());

    press(&mut app, ctrl('f'));
    press(&mut app, key(KeyCode::Enter));
    assert!(flagged(&app));
    assert_eq!(flags(&log), [("flag".to_string(), None)]);
    let status = app.status.clone().unwrap().text;
    assert!(status.contains("Ctrl-U undoes"), "{status}");
}

#[test]
fn the_prompt_drawn() {
    let (mut o, _log) = opened(vec![fixture_deck()]);
    let mut app = App::new(&mut o, now());
    at_the_back(&mut app);
    press(&mut app, ch('f'));
    type_text(&mut app, "the answer should say \"body of the sphenoid\"");
    for (w, h) in [(80, 24), (40, 12)] {
        let t = draw(&mut app, w, h);
        insta::assert_snapshot!(format!("flag_note_{w}x{h}"), t.backend());
    }
    let text = screen_text(&draw(&mut app, 80, 24));
    assert!(text.contains("Note for the deck's author (Enter to skip, Esc cancels)"));
    assert!(text.contains("Enter flag · Esc cancel"));
}
