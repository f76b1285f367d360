//! Headless scripts: key presses through the key map and `update` with a fixed `now`, then
//! assertions on the app's state and on the events the journal received.

mod tui_support;

use jiff::ToSpan;
use ratatui::crossterm::event::KeyCode;
use somadeck::answer::Verdict;
use somadeck::app::{Action, App, Judged, Screen, Stage, Tone};
use somadeck::config::Config;
use somadeck::schedule::{Grade, ItemState, Phase};
use somadeck::study::present::Mode;
use somadeck::study::{Event, ReviewKind};
use tui_support::*;

fn study<'a>(app: &'a App<'_>) -> &'a somadeck::app::Study {
    app.study().expect("a card is up")
}

fn item_id(app: &App<'_>) -> String {
    let s = study(app);
    app.opened.session.coll.id(s.item()).to_string()
}

fn reviews(log: &Log) -> Vec<(String, Grade, ReviewKind, u32)> {
    log.events()
        .into_iter()
        .filter_map(|e| match e {
            Event::Review {
                item,
                grade,
                kind,
                ms,
                ..
            } => Some((item, grade, kind, ms)),
            _ => None,
        })
        .collect()
}

#[test]
fn a_typed_a_choice_a_basic_and_a_cloze_card() {
    let (mut o, log) = opened(vec![fixture_deck()]);
    let mut app = App::new(&mut o, now());
    press(&mut app, key(KeyCode::Enter));

    // Typed, with a typo and some editing: accepted as close, Hard suggested, Enter takes it.
    assert_eq!(item_id(&app), "demo/sella");
    type_text(&mut app, "sphenxod");
    for k in [KeyCode::Left, KeyCode::Left, KeyCode::Backspace] {
        press(&mut app, key(k));
    }
    press(&mut app, key(KeyCode::End));
    type_text(&mut app, " bone");
    assert_eq!(study(&app).input.text(), "sphenod bone");
    press(&mut app, key(KeyCode::Enter));
    let Stage::Answer(Judged::Typed { verdict, .. }) = &study(&app).stage() else {
        panic!("not judged: {:?}", study(&app).stage());
    };
    assert!(matches!(verdict, Verdict::Close { expected } if expected == "sphenoid bone"));
    assert_eq!(study(&app).suggested(), Grade::Hard);
    app.elapsed_ms = 4200;
    press(&mut app, key(KeyCode::Enter));

    // Multiple choice: a wrong option suggests Again.
    assert_eq!(item_id(&app), "demo/count");
    let Mode::Choose { options, correct } = study(&app).prompt().mode.clone() else {
        panic!("not a choice card");
    };
    assert_eq!(options[correct], "8");
    let wrong = (correct + 1) % options.len();
    press(&mut app, ch(char::from(b'1' + wrong as u8)));
    assert_eq!(
        study(&app).stage(),
        Stage::Answer(Judged::Chose {
            chosen: wrong,
            correct
        })
    );
    assert_eq!(study(&app).suggested(), Grade::Again);
    press(&mut app, key(KeyCode::Enter));

    // Basic: no grade before the reveal, then Easy.
    assert_eq!(item_id(&app), "demo/falx");
    assert_eq!(press(&mut app, ch('4')), Some(Action::Insert('4')));
    assert!(
        !study(&app).revealed(),
        "a digit typed at the question is text"
    );
    press(&mut app, key(KeyCode::Backspace));
    press(&mut app, ch(' '));
    assert!(
        study(&app).revealed(),
        "Space on an empty box shows the answer"
    );
    press(&mut app, ch('4'));

    // Cloze: hidden as [...] on the front, filled in on the back.
    assert_eq!(item_id(&app), "demo/magnum#1");
    let s = study(&app);
    assert_eq!(s.prompt().question, "The [...] lies in the occipital bone.");
    assert_eq!(
        s.back().answer,
        "The [foramen magnum] lies in the occipital bone."
    );
    press(&mut app, key(KeyCode::Enter));
    press(&mut app, ch('3'));

    assert_eq!(
        reviews(&log),
        vec![
            ("demo/sella".to_string(), Grade::Hard, ReviewKind::New, 4200),
            (
                "demo/count".to_string(),
                Grade::Again,
                ReviewKind::New,
                4200
            ),
            ("demo/falx".to_string(), Grade::Easy, ReviewKind::New, 4200),
            (
                "demo/magnum#1".to_string(),
                Grade::Good,
                ReviewKind::New,
                4200
            ),
        ]
    );
    // The answers are in the session's progress too, and counted in the header.
    let p = &app.opened.session.progress;
    assert_eq!(p.state("demo/falx").map(|s| s.phase), Some(Phase::Review));
    assert_eq!(study(&app).done, 4);
}

#[test]
fn undo_puts_the_card_back_and_is_recorded() {
    let (mut o, log) = opened(vec![fixture_deck()]);
    let mut app = App::new(&mut o, now());
    press(&mut app, key(KeyCode::Enter));
    press(&mut app, key(KeyCode::Enter)); // empty answer: shown as wrong
    assert!(matches!(
        &study(&app).stage(),
        Stage::Answer(Judged::Typed {
            verdict: Verdict::Wrong,
            ..
        })
    ));
    press(&mut app, ch('1'));
    assert_eq!(item_id(&app), "demo/count");
    press(&mut app, ch('u'));
    assert_eq!(
        item_id(&app),
        "demo/count",
        "u is no command at the question"
    );
    press(&mut app, ctrl('u'));
    assert_eq!(item_id(&app), "demo/sella");
    assert_eq!(study(&app).stage(), Stage::Typing);
    assert_eq!(study(&app).done, 0);
    let events = log.events();
    assert_eq!(events.len(), 2);
    assert!(
        matches!(&events[1], Event::Undo { item, undone: Grade::Again, .. } if item == "demo/sella")
    );
    assert!(
        app.opened
            .session
            .progress
            .state("demo/sella")
            .unwrap()
            .is_new()
    );
    // Nothing left to undo.
    press(&mut app, key(KeyCode::Esc));
    press(&mut app, key(KeyCode::Enter));
    press(&mut app, key(KeyCode::Enter));
    press(&mut app, ch('u'));
    assert_eq!(
        app.status.as_ref().map(|s| s.text.as_str()),
        Some("Nothing to undo in this run")
    );
}

#[test]
fn bury_suspend_and_flag() {
    let (mut o, log) = opened(vec![fixture_deck()]);
    let mut app = App::new(&mut o, now());
    press(&mut app, key(KeyCode::Enter));
    press(&mut app, key(KeyCode::Enter));
    press(&mut app, ch('f'));
    // Flagging asks for a note first; Enter with none flags without one.
    press(&mut app, key(KeyCode::Enter));
    assert!(study(&app).flagged);
    assert_eq!(item_id(&app), "demo/sella", "flagging keeps the card up");
    press(&mut app, ch('b'));
    assert_eq!(item_id(&app), "demo/count");
    // At the question letters are never commands: Ctrl is.
    press(&mut app, ch('s'));
    assert_eq!(item_id(&app), "demo/count");
    press(&mut app, ctrl('s'));
    assert_eq!(item_id(&app), "demo/falx");
    press(&mut app, ctrl('f'));
    press(&mut app, key(KeyCode::Enter));
    press(&mut app, ctrl('f'));
    assert!(!study(&app).flagged);
    let kinds: Vec<&str> = log
        .events()
        .iter()
        .map(|e| match e {
            Event::Flag { .. } => "flag",
            Event::Unflag { .. } => "unflag",
            Event::Bury { .. } => "bury",
            Event::Suspend { .. } => "suspend",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["flag", "bury", "suspend", "flag", "unflag"]);
    let p = &app.opened.session.progress;
    assert!(p.state("demo/count").unwrap().suspended);
    assert!(p.state("demo/sella").unwrap().buried_until.is_some());
}

#[test]
fn a_leech_is_announced() {
    let (mut o, log) = opened(vec![fixture_deck()]);
    let t = now();
    o.session.progress.states.insert(
        "demo/falx",
        ItemState {
            phase: Phase::Review,
            stability: 3.0,
            difficulty: 8.0,
            due: (t - 24.hours()).as_second(),
            last: Some((t - 96.hours()).as_second()).into(),
            reps: 12,
            lapses: 7,
            ..ItemState::default()
        },
    );
    let mut app = App::new(&mut o, t);
    press(&mut app, key(KeyCode::Enter));
    assert_eq!(item_id(&app), "demo/falx", "reviews come before new cards");
    assert_eq!(study(&app).turn.kind, ReviewKind::Review);
    press(&mut app, ch(' '));
    press(&mut app, ch('1'));
    let status = app.status.clone().expect("a message");
    assert_eq!(status.tone, Tone::Notice);
    assert!(status.text.contains("Leech"), "{}", status.text);
    assert!(
        app.opened
            .session
            .progress
            .state("demo/falx")
            .unwrap()
            .suspended
    );
    assert_eq!(reviews(&log).len(), 1);
}

#[test]
fn summary_then_practice_that_changes_nothing() {
    let config = Config {
        new_per_day: somadeck::study::exam::NewPerDay::Fixed(1),
        ..Config::default()
    };
    let (mut o, log) = opened_with(vec![fixture_deck()], config);
    let mut app = App::new(&mut o, now());
    press(&mut app, key(KeyCode::Enter));
    app.elapsed_ms = 3000;
    type_text(&mut app, "sphenoid");
    press(&mut app, key(KeyCode::Enter));
    press(&mut app, ch('4'));
    let Screen::Summary(s) = &app.screen else {
        panic!("expected the summary");
    };
    assert_eq!((s.answered, s.correct, s.ms), (1, 1, 3000));
    assert!(!s.practice);
    let due = s.next_due.expect("the answered card is due later");
    assert!(due.as_hours() >= 24, "{due:?}");
    assert_eq!(
        log.checkpoints.get(),
        1,
        "a snapshot is saved when the run ends"
    );

    let before = log.events().len();
    let state_before = app.opened.session.progress.clone();
    press(&mut app, ch('p'));
    assert!(app.opened.session.is_practice());
    assert!(study(&app).practice);
    assert!(study(&app).intervals.is_none());
    type_text(&mut app, "nope");
    press(&mut app, key(KeyCode::Enter));
    press(&mut app, key(KeyCode::Enter));
    let Screen::Summary(s) = &app.screen else {
        panic!("expected the practice summary");
    };
    assert!(s.practice);
    assert_eq!((s.answered, s.correct), (1, 0));
    assert_eq!(log.events().len(), before, "practice writes nothing");
    assert_eq!(
        app.opened.session.progress, state_before,
        "practice changes nothing"
    );

    press(&mut app, key(KeyCode::Enter));
    assert!(matches!(app.screen, Screen::Home(_)));
    assert!(!app.opened.session.is_practice());
}

#[test]
fn nothing_due_says_so() {
    let config = Config {
        new_per_day: somadeck::study::exam::NewPerDay::Fixed(0),
        ..Config::default()
    };
    let (mut o, _log) = opened_with(vec![fixture_deck()], config);
    let mut app = App::new(&mut o, now());
    press(&mut app, key(KeyCode::Enter));
    let Screen::Summary(s) = &app.screen else {
        panic!("expected the summary");
    };
    assert_eq!(s.answered, 0);
    assert_eq!(s.next_due, None);
    press(&mut app, ch('p'));
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .contains("Nothing to practise")
    );
    assert!(matches!(app.screen, Screen::Summary(_)));
}

#[test]
fn filter_decks_and_study_the_one_found() {
    let (mut o, log) = opened(builtin_decks());
    let mut app = App::new(&mut o, now());
    let Screen::Home(h) = &app.screen else {
        panic!()
    };
    assert_eq!(h.rows.len(), 12);
    assert!(h.total.new > 0);
    press(&mut app, ch('/'));
    type_text(&mut app, "SKUL");
    let Screen::Home(h) = &app.screen else {
        panic!()
    };
    assert_eq!(h.visible().len(), 1);
    assert_eq!(h.selected_row().unwrap().id, "skull");
    press(&mut app, key(KeyCode::Enter)); // keep the filter
    press(&mut app, key(KeyCode::Enter)); // study it
    assert_eq!(study(&app).scope, "The skull");
    assert!(item_id(&app).starts_with("skull/"));
    press(&mut app, key(KeyCode::Esc));
    let Screen::Home(h) = &app.screen else {
        panic!()
    };
    assert_eq!(
        h.selected_row().unwrap().id,
        "skull",
        "the studied deck stays selected"
    );
    assert_eq!(log.checkpoints.get(), 1, "leaving study saves a snapshot");
    press(&mut app, ch('q'));
    assert!(app.quit);
    assert_eq!(log.checkpoints.get(), 2, "quitting saves a snapshot");
}

#[test]
fn study_all_decks_and_move_with_j_and_k() {
    let (mut o, _log) = opened(builtin_decks());
    let mut app = App::new(&mut o, now());
    for _ in 0..20 {
        press(&mut app, ch('j'));
    }
    let Screen::Home(h) = &app.screen else {
        panic!()
    };
    assert_eq!(h.selected, 11, "stops at the last deck");
    press(&mut app, ch('k'));
    let Screen::Home(h) = &app.screen else {
        panic!()
    };
    assert_eq!(h.selected, 10, "k goes back one");
    press(&mut app, ch('a'));
    assert_eq!(study(&app).scope, "All decks");
    assert!(app.opened.session.scope.iter().all(|&s| s));
}

#[test]
fn long_explanations_scroll_within_bounds() {
    let (mut o, _log) = opened(vec![fixture_deck()]);
    let mut app = App::new(&mut o, now());
    app.view = (40, 12);
    press(&mut app, key(KeyCode::Enter));
    press(&mut app, key(KeyCode::Enter));
    press(&mut app, ch('1'));
    press(&mut app, ch('1'));
    press(&mut app, ch('1'));
    assert_eq!(item_id(&app), "demo/falx");
    press(&mut app, ch(' '));
    for _ in 0..50 {
        press(&mut app, ch('J'));
    }
    let max = study(&app).scroll;
    assert!(max > 5, "{max}");
    press(&mut app, key(KeyCode::Down));
    assert_eq!(study(&app).scroll, max, "never past the end");
    press(&mut app, key(KeyCode::Up));
    assert_eq!(study(&app).scroll, max - 1);
    for _ in 0..50 {
        press(&mut app, ch('K'));
    }
    assert_eq!(study(&app).scroll, 0);
}

#[test]
fn help_opens_over_a_card_and_closes_back_to_it() {
    let (mut o, _log) = opened(vec![fixture_deck()]);
    let mut app = App::new(&mut o, now());
    press(&mut app, key(KeyCode::Enter));
    type_text(&mut app, "sph");
    press(&mut app, key(KeyCode::F(1)));
    assert!(matches!(app.screen, Screen::Help(..)));
    press(&mut app, ch('j'));
    press(&mut app, key(KeyCode::Esc));
    assert_eq!(study(&app).input.text(), "sph", "the typed text survives");
}

#[test]
fn warnings_show_once() {
    let (mut o, _log) = opened(vec![fixture_deck()]);
    o.warnings
        .push("the last line of the review log was torn and has been set aside".into());
    let mut app = App::new(&mut o, now());
    assert!(screen_text(&draw(&mut app, 80, 24)).contains("torn"));
    press(&mut app, ch('j'));
    assert!(!screen_text(&draw(&mut app, 80, 24)).contains("torn"));
}

#[test]
fn choice_order_is_stable_within_a_session() {
    let (mut o, _log) = opened(vec![fixture_deck()]);
    let mut app = App::new(&mut o, now());
    press(&mut app, key(KeyCode::Enter));
    press(&mut app, key(KeyCode::Enter));
    press(&mut app, ch('1'));
    let first = study(&app).prompt().clone();
    press(&mut app, ch('u'));
    press(&mut app, key(KeyCode::Enter));
    press(&mut app, ch('1'));
    assert_eq!(study(&app).prompt(), &first);
}

#[test]
fn home_counts_down_to_the_exam() {
    let config = Config {
        exam_date: Some("2026-03-20".to_string()),
        ..Config::default()
    };
    let (mut o, _log) = opened_with(vec![fixture_deck()], config);
    let app = App::new(&mut o, now());
    let Screen::Home(h) = &app.screen else {
        panic!("expected home");
    };
    let days = now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
        .until(jiff::civil::date(2026, 3, 20))
        .unwrap()
        .get_days();
    assert_eq!(h.exam_in_days, Some(days));
    let (mut o, _log) = opened_with(vec![fixture_deck()], Config::default());
    let app = App::new(&mut o, now());
    let Screen::Home(h) = &app.screen else {
        panic!("expected home");
    };
    assert_eq!(h.exam_in_days, None);
}

#[test]
fn study_on_the_command_line_opens_straight_on_the_named_deck() {
    let (mut o, _log) = opened(builtin_decks());
    let mut app = App::new(&mut o, now());
    somadeck::app::study_now(&mut app, &["spine".to_string(), "skull".to_string()], now());
    let Screen::Study(st) = &app.screen else {
        panic!("expected a card");
    };
    assert_eq!(st.scope, "The vertebral column, The skull");
    assert_eq!(
        app.opened.session.coll.items[st.item()].deck(),
        app.opened.session.coll.deck_index("skull").unwrap()
    );
    press(&mut app, key(KeyCode::Esc));
    assert!(matches!(app.screen, Screen::Home(_)));
}

/// From the topic map a learner studies a locked topic on its own; answering its cards right
/// the first time places them out of it, and the map shows it open.
#[test]
fn the_topic_map_studies_a_locked_topic_and_placement_opens_it() {
    use somadeck::study::TopicStatus;
    let (mut o, _log) = opened(builtin_decks());
    let mut app = App::new(&mut o, now());
    press(&mut app, ch('t'));
    let Screen::Topics(map) = &app.screen else {
        panic!("expected the topic map");
    };
    let locked = map
        .lines
        .iter()
        .position(|l| {
            matches!(l, somadeck::app::topics::Line::Topic(r)
            if r.status == TopicStatus::Locked && r.title == "The fourteen facial bones")
        })
        .expect("a locked topic");
    let topic = match &map.lines[locked] {
        somadeck::app::topics::Line::Topic(r) => r.topic,
        somadeck::app::topics::Line::Deck(_) => unreachable!(),
    };
    for _ in 0..200 {
        let Screen::Topics(map) = &app.screen else {
            panic!()
        };
        if map.selected_row().map(|r| r.topic) == Some(topic) {
            break;
        }
        press(&mut app, key(KeyCode::Down));
    }
    press(&mut app, key(KeyCode::Enter));
    assert!(
        study(&app).scope.starts_with("Topic · "),
        "{}",
        study(&app).scope
    );
    // Answer every card of the topic right: the correct option, the accepted answer, or Easy.
    for _ in 0..60 {
        let Screen::Study(s) = &app.screen else {
            break;
        };
        let s = s.clone();
        match &s.prompt().mode {
            Mode::Choose { correct, .. } => {
                press(&mut app, ch(char::from(b'1' + *correct as u8)));
            }
            Mode::Type { accepted } => {
                type_text(&mut app, &accepted[0]);
                press(&mut app, key(KeyCode::Enter));
            }
            Mode::Reveal => {
                press(&mut app, key(KeyCode::Enter));
            }
        }
        press(&mut app, ch('4'));
    }
    let session = &app.opened.session;
    let status = session.ctx(now()).topic_status();
    assert_ne!(status[topic], TopicStatus::Locked, "placement opened it");
    // Leaving goes back to the map, where it shows open.
    press(&mut app, key(KeyCode::Esc));
    let Screen::Topics(map) = &app.screen else {
        panic!("back on the map");
    };
    assert_eq!(map.selected_row().map(|r| r.topic), Some(topic));
    assert_ne!(map.selected_row().unwrap().status, TopicStatus::Locked);
}

#[test]
fn the_exam_date_is_set_and_cleared_from_home_and_after_the_exam_home_asks_what_next() {
    let dir = tempfile::tempdir().unwrap();
    let config_file = dir.path().join("config.ron");
    let config = Config {
        exam_date: Some("2026-02-10".to_string()),
        ..Config::default()
    };
    let (mut o, _log) = opened_with(vec![fixture_deck()], config);
    o.config_file = Some(config_file.clone());
    let mut app = App::new(&mut o, now());
    let text = screen_text(&draw(&mut app, 80, 24));
    assert!(
        text.contains("Your exam on 2026-02-10 is over. What next?"),
        "{text}"
    );

    // E opens the date with the old one in it; a past day is refused and nothing is written.
    press(&mut app, ch('E'));
    assert_eq!(app.screen.mode(), somadeck::app::Mode::ExamDate);
    for _ in 0..10 {
        press(&mut app, key(KeyCode::Backspace));
    }
    type_text(&mut app, "2026-03-01");
    press(&mut app, key(KeyCode::Enter));
    assert!(!config_file.exists());
    assert_eq!(app.screen.mode(), somadeck::app::Mode::ExamDate);
    let text = screen_text(&draw(&mut app, 80, 24));
    assert!(text.contains("has passed"), "{text}");

    for _ in 0..10 {
        press(&mut app, key(KeyCode::Backspace));
    }
    type_text(&mut app, "2026-06-01");
    press(&mut app, key(KeyCode::Enter));
    assert_eq!(app.screen.mode(), somadeck::app::Mode::Home);
    let saved = std::fs::read_to_string(&config_file).unwrap();
    assert!(saved.contains("exam_date: \"2026-06-01\""), "{saved}");
    let text = screen_text(&draw(&mut app, 80, 24));
    assert!(!text.contains("is over"), "{text}");
    assert!(text.contains("Exam date set to 2026-06-01"), "{text}");
    let Screen::Home(h) = &app.screen else {
        panic!("expected home");
    };
    assert!(h.exam_in_days.is_some_and(|d| d > 0));

    // Enter on an empty date clears it: back to normal FSRS.
    press(&mut app, ch('E'));
    for _ in 0..10 {
        press(&mut app, key(KeyCode::Backspace));
    }
    press(&mut app, key(KeyCode::Enter));
    let saved = std::fs::read_to_string(&config_file).unwrap();
    assert!(!saved.contains("exam_date"), "{saved}");
    assert_eq!(app.opened.session.sched.params.exam, None);
}
