//! The key map, asserted directly: which action each key asks for on each screen.

mod tui_support;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use somadeck::app::{Action, App, Home, Mode, Screen, map_key};
use somadeck::schedule::Grade;
use tui_support::*;

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

fn home() -> Screen {
    Screen::Home(Home::default())
}

#[test]
fn home_keys() {
    let s = home();
    assert_eq!(s.mode(), Mode::Home);
    assert_eq!(map_key(ch('j'), &s), Some(Action::Down));
    assert_eq!(map_key(key(KeyCode::Down), &s), Some(Action::Down));
    assert_eq!(map_key(ch('k'), &s), Some(Action::Up));
    assert_eq!(map_key(key(KeyCode::Up), &s), Some(Action::Up));
    assert_eq!(map_key(key(KeyCode::Enter), &s), Some(Action::Open));
    assert_eq!(map_key(ch('a'), &s), Some(Action::StudyAll));
    assert_eq!(map_key(ch('c'), &s), Some(Action::Cram));
    assert_eq!(map_key(ch('/'), &s), Some(Action::Filter));
    assert_eq!(map_key(ch('?'), &s), Some(Action::Help));
    assert_eq!(map_key(ch('q'), &s), Some(Action::Quit));
    assert_eq!(map_key(ctrl('c'), &s), Some(Action::Quit));
    assert_eq!(map_key(ch('x'), &s), None);
    assert_eq!(map_key(ch('1'), &s), None);
}

#[test]
fn only_presses_count() {
    let mut k = ch('j');
    k.kind = KeyEventKind::Release;
    assert_eq!(map_key(k, &home()), None);
    k.kind = KeyEventKind::Repeat;
    assert_eq!(map_key(k, &home()), None);
}

#[test]
fn filter_keys_type_text() {
    let s = Screen::Home(Home {
        filtering: true,
        ..Home::default()
    });
    assert_eq!(s.mode(), Mode::Filter);
    assert_eq!(map_key(ch('q'), &s), Some(Action::Insert('q')));
    assert_eq!(map_key(ch('j'), &s), Some(Action::Insert('j')));
    assert_eq!(
        map_key(key(KeyCode::Backspace), &s),
        Some(Action::Backspace)
    );
    assert_eq!(map_key(key(KeyCode::Down), &s), Some(Action::Down));
    assert_eq!(map_key(key(KeyCode::Enter), &s), Some(Action::Submit));
    assert_eq!(map_key(key(KeyCode::Esc), &s), Some(Action::Back));
    assert_eq!(map_key(ctrl('c'), &s), Some(Action::Quit));
}

/// The fixture deck opens on a typed card, then a multiple-choice one, then a basic one.
#[test]
fn study_keys_follow_the_stage() {
    let (mut o, _log) = opened(vec![fixture_deck()]);
    let mut app = App::new(&mut o, now());
    press(&mut app, key(KeyCode::Enter));
    let s = &app.screen;
    assert_eq!(s.mode(), Mode::Typing);
    for c in ['u', 'b', 's', 'f', 'q', '?', '1', 'é', 'ß', 'Ж', ' '] {
        assert_eq!(map_key(ch(c), s), Some(Action::Insert(c)), "{c:?}");
    }
    let shifted = KeyEvent::new(KeyCode::Char('S'), KeyModifiers::SHIFT);
    assert_eq!(map_key(shifted, s), Some(Action::Insert('S')));
    assert_eq!(map_key(key(KeyCode::Left), s), Some(Action::Left));
    assert_eq!(map_key(key(KeyCode::Right), s), Some(Action::Right));
    assert_eq!(map_key(key(KeyCode::Home), s), Some(Action::LineStart));
    assert_eq!(map_key(key(KeyCode::End), s), Some(Action::LineEnd));
    assert_eq!(map_key(key(KeyCode::Delete), s), Some(Action::Delete));
    assert_eq!(map_key(key(KeyCode::Backspace), s), Some(Action::Backspace));
    assert_eq!(map_key(key(KeyCode::Enter), s), Some(Action::Submit));
    assert_eq!(map_key(key(KeyCode::Esc), s), Some(Action::Back));
    assert_eq!(map_key(key(KeyCode::F(1)), s), Some(Action::Help));
    assert_eq!(map_key(ctrl('c'), s), Some(Action::Quit));

    press(&mut app, key(KeyCode::Enter));
    let s = &app.screen;
    assert_eq!(s.mode(), Mode::Answer);
    assert_eq!(map_key(ch('1'), s), Some(Action::Grade(Grade::Again)));
    assert_eq!(map_key(ch('2'), s), Some(Action::Grade(Grade::Hard)));
    assert_eq!(map_key(ch('3'), s), Some(Action::Grade(Grade::Good)));
    assert_eq!(map_key(ch('4'), s), Some(Action::Grade(Grade::Easy)));
    assert_eq!(map_key(ch('5'), s), None);
    assert_eq!(map_key(key(KeyCode::Enter), s), Some(Action::TakeSuggested));
    assert_eq!(map_key(ch(' '), s), Some(Action::TakeSuggested));
    assert_eq!(map_key(ch('u'), s), Some(Action::Undo));
    assert_eq!(map_key(ch('b'), s), Some(Action::Bury));
    assert_eq!(map_key(ch('s'), s), Some(Action::Suspend));
    assert_eq!(map_key(ch('f'), s), Some(Action::Flag));
    assert_eq!(map_key(ch('J'), s), Some(Action::PageDown));
    assert_eq!(map_key(ch('K'), s), Some(Action::PageUp));
    assert_eq!(map_key(key(KeyCode::PageDown), s), Some(Action::PageDown));
    assert_eq!(map_key(ch('q'), s), Some(Action::Back));
    assert_eq!(map_key(key(KeyCode::Esc), s), Some(Action::Back));
    assert_eq!(map_key(ch('?'), s), Some(Action::Help));

    press(&mut app, ch('3'));
    let s = &app.screen;
    assert_eq!(s.mode(), Mode::Choosing);
    assert_eq!(s.option_count(), 4);
    assert_eq!(map_key(ch('1'), s), Some(Action::Choose(0)));
    assert_eq!(map_key(ch('4'), s), Some(Action::Choose(3)));
    assert_eq!(map_key(ch('5'), s), None);
    for c in ['a', 'b', 'd', 'e', 'u', 's', 'f', 'q'] {
        assert_eq!(
            map_key(ch(c), s),
            None,
            "{c:?} is no command at the question"
        );
    }
    assert_eq!(map_key(ctrl('u'), s), Some(Action::Undo));
    assert_eq!(map_key(ctrl('s'), s), Some(Action::Suspend));
    assert_eq!(map_key(ctrl('b'), s), Some(Action::Bury));
    assert_eq!(map_key(ctrl('f'), s), Some(Action::Flag));
    assert_eq!(map_key(key(KeyCode::Enter), s), None);

    press(&mut app, ch('1'));
    press(&mut app, ch('3'));
    // A card the learner grades themselves also has the answer box: a word typed there
    // never buries, suspends or flags anything.
    let s = &app.screen;
    assert_eq!(s.mode(), Mode::Typing);
    for c in ['s', 'u', 'p', 'e', 'r', 'i', 'o', 'b', 'f'] {
        assert_eq!(map_key(ch(c), s), Some(Action::Insert(c)), "{c:?}");
    }
    assert_eq!(map_key(key(KeyCode::Enter), s), Some(Action::Submit));
    assert_eq!(
        map_key(ch('3'), s),
        Some(Action::Insert('3')),
        "no grading before the answer is shown"
    );
}

#[test]
fn help_keys() {
    let s = Screen::Help(Default::default(), Box::new(home()));
    assert_eq!(s.mode(), Mode::Help);
    for k in [key(KeyCode::Esc), ch('q'), ch('?'), key(KeyCode::Enter)] {
        assert_eq!(map_key(k, &s), Some(Action::Back));
    }
    assert_eq!(map_key(ch('j'), &s), Some(Action::Down));
    assert_eq!(map_key(key(KeyCode::PageUp), &s), Some(Action::PageUp));
}

#[test]
fn every_binding_is_explained() {
    for section in somadeck::app::keys::SECTIONS {
        assert!(!section.modes.is_empty(), "{}", section.title);
        for b in section.bindings {
            assert!(!b.help.is_empty());
            assert!(!b.keys_label().is_empty(), "{}", b.help);
        }
    }
}
