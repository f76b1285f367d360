//! Screens drawn on a test terminal at 80x24 and at 40x12, snapshotted with insta; and the
//! colour rules (`NO_COLOR`, text marks) checked on the buffer, which snapshots do not show.

mod tui_support;

use ratatui::crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};
use somadeck::app::App;
use somadeck::config::Config;
use somadeck::study::present::Mode;
use tui_support::*;

const SIZES: [(u16, u16); 2] = [(80, 24), (40, 12)];

fn snap(app: &mut App<'_>, name: &str) {
    for (w, h) in SIZES {
        let t = draw(app, w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), t.backend());
    }
}

/// A learner three days in: the skull's first topic learned, a few of its cards due today.
fn three_days_in(o: &mut somadeck::open::Opened) {
    let t = now();
    let p = &mut o.session.progress;
    for (back, reviews) in [(0, 12), (1, 20), (2, 7), (4, 9)] {
        let day = (t - jiff::SignedDuration::from_hours(24 * back))
            .to_zoned(jiff::tz::TimeZone::UTC)
            .date();
        let c = p.days.entry(day).or_default();
        c.reviews = reviews;
        c.correct = reviews - 2;
    }
    let coll = &o.session.coll;
    let topic = coll
        .topics
        .iter()
        .position(|t| t.id == "skull/orientation")
        .expect("topic");
    for (n, i) in coll.topic_items(topic).enumerate() {
        let due = if n < 3 {
            t - jiff::SignedDuration::from_hours(2)
        } else {
            t + jiff::SignedDuration::from_hours(72)
        };
        let state = somadeck::schedule::ItemState {
            phase: somadeck::schedule::Phase::Review,
            stability: 12.0,
            difficulty: 5.0,
            due: due.as_second(),
            last: Some((t - jiff::SignedDuration::from_hours(240)).as_second()).into(),
            reps: 4,
            ..Default::default()
        };
        p.states.insert(coll.id(i), state);
    }
}

#[test]
fn home() {
    let (mut o, _log) = opened(builtin_decks());
    three_days_in(&mut o);
    let mut app = App::new(&mut o, now());
    snap(&mut app, "home");
    press(&mut app, ch('j'));
    snap(&mut app, "home_next_deck");
}

#[test]
fn home_filtered() {
    let (mut o, _log) = opened(builtin_decks());
    let mut app = App::new(&mut o, now());
    press(&mut app, ch('/'));
    type_text(&mut app, "sp");
    snap(&mut app, "home_filtered");
}

#[test]
fn study_typed_front() {
    let (mut o, _log) = opened(vec![fixture_deck()]);
    let mut app = App::new(&mut o, now());
    press(&mut app, key(KeyCode::Enter));
    type_text(&mut app, "sphénoïd");
    press(&mut app, key(KeyCode::Left));
    snap(&mut app, "study_typed_front");
}

#[test]
fn typed_verdict_close() {
    let (mut o, _log) = opened(vec![fixture_deck()]);
    let mut app = App::new(&mut o, now());
    press(&mut app, key(KeyCode::Enter));
    type_text(&mut app, "sphenod");
    press(&mut app, key(KeyCode::Enter));
    snap(&mut app, "typed_verdict_close");
}

#[test]
fn typed_verdict_wrong() {
    let (mut o, _log) = opened(vec![fixture_deck()]);
    let mut app = App::new(&mut o, now());
    press(&mut app, key(KeyCode::Enter));
    type_text(&mut app, "ethmoid");
    press(&mut app, key(KeyCode::Enter));
    snap(&mut app, "typed_verdict_wrong");
}

/// Up to the multiple-choice card (the second of the fixture deck).
fn at_choice(app: &mut App<'_>) {
    press(app, key(KeyCode::Enter));
    type_text(app, "sphenoid");
    press(app, key(KeyCode::Enter));
    press(app, key(KeyCode::Enter));
}

#[test]
fn choice_front() {
    let (mut o, _log) = opened(vec![fixture_deck()]);
    let mut app = App::new(&mut o, now());
    at_choice(&mut app);
    snap(&mut app, "choice_front");
}

#[test]
fn choice_after_a_wrong_answer() {
    let (mut o, _log) = opened(vec![fixture_deck()]);
    let mut app = App::new(&mut o, now());
    at_choice(&mut app);
    let Mode::Choose { correct, .. } = app.study().unwrap().prompt().mode.clone() else {
        panic!("not a choice card");
    };
    let wrong = char::from(b'1' + u8::try_from((correct + 1) % 4).unwrap());
    press(&mut app, ch(wrong));
    snap(&mut app, "choice_after_answer");
}

/// Up to the basic card with the long explanation (the third).
fn at_basic(app: &mut App<'_>) {
    at_choice(app);
    press(app, ch('1'));
    press(app, ch('3'));
}

#[test]
fn study_front_and_back() {
    let (mut o, _log) = opened(vec![fixture_deck()]);
    let mut app = App::new(&mut o, now());
    at_basic(&mut app);
    snap(&mut app, "study_front");
    press(&mut app, ch(' '));
    snap(&mut app, "study_back");
    app.view = (40, 12);
    press(&mut app, ch('J'));
    let t = draw(&mut app, 40, 12);
    insta::assert_snapshot!("study_back_scrolled_40x12", t.backend());
}

#[test]
fn cloze_front_and_back() {
    let (mut o, _log) = opened(vec![fixture_deck()]);
    let mut app = App::new(&mut o, now());
    at_basic(&mut app);
    press(&mut app, ch(' '));
    press(&mut app, ch('4'));
    // A one- or two-word deletion is typed by default.
    snap(&mut app, "cloze_front");
    type_text(&mut app, "foramen magnum");
    press(&mut app, key(KeyCode::Enter));
    snap(&mut app, "cloze_back");
}

#[test]
fn a_leech_notice() {
    let (mut o, _log) = opened(vec![fixture_deck()]);
    let t = now();
    let state = somadeck::schedule::ItemState {
        phase: somadeck::schedule::Phase::Review,
        stability: 3.0,
        difficulty: 8.0,
        due: (t - jiff::SignedDuration::from_hours(24)).as_second(),
        last: Some((t - jiff::SignedDuration::from_hours(96)).as_second()).into(),
        reps: 12,
        lapses: 7,
        ..Default::default()
    };
    o.session.progress.states.insert("demo/falx", state);
    let mut app = App::new(&mut o, t);
    press(&mut app, key(KeyCode::Enter));
    press(&mut app, ch(' '));
    press(&mut app, ch('1'));
    snap(&mut app, "leech_notice");
}

#[test]
fn help() {
    let (mut o, _log) = opened(vec![fixture_deck()]);
    let mut app = App::new(&mut o, now());
    press(&mut app, ch('?'));
    snap(&mut app, "help");
}

#[test]
fn summary() {
    let config = Config {
        new_per_day: somadeck::study::exam::NewPerDay::Fixed(2),
        ..Config::default()
    };
    let (mut o, _log) = opened_with(vec![fixture_deck()], config);
    let mut app = App::new(&mut o, now());
    press(&mut app, key(KeyCode::Enter));
    app.elapsed_ms = 12_000;
    type_text(&mut app, "sphenoid");
    press(&mut app, key(KeyCode::Enter));
    press(&mut app, ch('4'));
    app.elapsed_ms = 9_000;
    press(&mut app, ch('1'));
    press(&mut app, ch('1'));
    // The choice card, answered Again, comes back within the learn-ahead window.
    assert!(app.study().is_some());
    press(&mut app, ch('2'));
    press(&mut app, ch('4'));
    snap(&mut app, "summary");
}

#[test]
fn nothing_due() {
    let config = Config {
        new_per_day: somadeck::study::exam::NewPerDay::Fixed(0),
        ..Config::default()
    };
    let (mut o, _log) = opened_with(vec![fixture_deck()], config);
    let mut app = App::new(&mut o, now());
    press(&mut app, key(KeyCode::Enter));
    snap(&mut app, "nothing_due");
}

#[test]
fn no_color_means_no_colour_at_all() {
    let (mut o, _log) = opened(vec![fixture_deck()]);
    let mut app = App::new(&mut o, now());
    app.color = false;
    press(&mut app, key(KeyCode::Enter));
    type_text(&mut app, "ethmoid");
    press(&mut app, key(KeyCode::Enter));
    let t = draw(&mut app, 80, 24);
    for cell in t.backend().buffer().content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{cell:?}");
    }
    let text = screen_text(&t);
    assert!(text.contains("✗ Wrong"), "{text}");
    assert!(text.contains("suggested 1 Again"), "{text}");
    assert!(text.contains("1 Again"), "{text}");

    app.color = true;
    let t = draw(&mut app, 80, 24);
    assert!(
        t.backend()
            .buffer()
            .content()
            .iter()
            .any(|c| c.fg == Color::Red)
    );
}

#[test]
fn the_cursor_is_a_reversed_cell() {
    let (mut o, _log) = opened(vec![fixture_deck()]);
    let mut app = App::new(&mut o, now());
    app.color = false;
    press(&mut app, key(KeyCode::Enter));
    type_text(&mut app, "abc");
    press(&mut app, key(KeyCode::Left));
    let t = draw(&mut app, 80, 24);
    let buf = t.backend().buffer();
    let reversed: Vec<String> = buf
        .content()
        .iter()
        .filter(|c| c.modifier.contains(Modifier::REVERSED))
        .map(|c| c.symbol().to_string())
        .collect();
    assert_eq!(reversed, ["c"]);
}

#[test]
fn long_input_scrolls_sideways_to_keep_the_cursor() {
    let (mut o, _log) = opened(vec![fixture_deck()]);
    let mut app = App::new(&mut o, now());
    press(&mut app, key(KeyCode::Enter));
    type_text(&mut app, &"abcdefghij".repeat(6));
    let text = screen_text(&draw(&mut app, 40, 12));
    assert!(text.contains("› ghijabcdefghij"), "{text}");
    press(&mut app, key(KeyCode::Home));
    let text = screen_text(&draw(&mut app, 40, 12));
    assert!(text.contains("› abcdefghij"), "{text}");
}

#[test]
fn tiny_terminals_do_not_panic() {
    let (mut o, _log) = opened(builtin_decks());
    let mut app = App::new(&mut o, now());
    for (w, h) in [(1, 1), (10, 3), (20, 5), (39, 11), (200, 60)] {
        draw(&mut app, w, h);
    }
    press(&mut app, ch('a'));
    press(&mut app, ch(' '));
    for (w, h) in [(1, 1), (10, 3), (20, 5), (39, 11), (200, 60)] {
        draw(&mut app, w, h);
    }
}

#[test]
fn topic_map() {
    let (mut o, _log) = opened(builtin_decks());
    three_days_in(&mut o);
    let mut app = App::new(&mut o, now());
    press(&mut app, ch('t'));
    for _ in 0..3 {
        press(&mut app, key(KeyCode::Down));
    }
    snap(&mut app, "topic_map");
    // Far down the map the selection stays in view.
    for _ in 0..60 {
        press(&mut app, key(KeyCode::Down));
    }
    snap(&mut app, "topic_map_far_down");
}

/// Three days in, with time spent, young and mature review answers, calibration, and an exam.
fn stats_history() -> somadeck::open::Opened {
    let config = Config {
        exam_date: Some("2026-03-20".into()),
        ..Config::default()
    };
    let (mut o, _log) = opened_with(builtin_decks(), config);
    three_days_in(&mut o);
    let p = &mut o.session.progress;
    for c in p.days.values_mut() {
        c.ms = u64::from(c.reviews) * 25_000;
        c.young = c.reviews / 2;
        c.young_passed = c.young - 1;
        c.mature = c.reviews / 4;
        c.mature_passed = c.mature;
    }
    let bin =
        |answers: u64, predicted: u64, recalled: u64| somadeck::study::progress::CalibrationBin {
            answers,
            predicted_millionths: predicted,
            recalled,
        };
    p.calibration[3] = bin(20, 17_000_000, 16);
    p.calibration[4] = bin(40, 37_200_000, 37);
    o
}

#[test]
fn stats_screen_pages() {
    let mut o = stats_history();
    for (w, h) in SIZES {
        let mut app = App::new(&mut o, now());
        app.view = (w, h);
        press(&mut app, ch('S'));
        let per_page = if h >= 20 { 2 } else { 1 };
        let pages = somadeck::app::stats::PANELS.len().div_ceil(per_page);
        for page in 1..=pages {
            let t = draw(&mut app, w, h);
            insta::assert_snapshot!(format!("stats_p{page}_{w}x{h}"), t.backend());
            press(&mut app, key(KeyCode::PageDown));
        }
        // Past the last page it stays there; Esc goes home.
        let t = draw(&mut app, w, h);
        assert!(screen_text(&t).contains(&format!("page {pages} of {pages}")));
        press(&mut app, key(KeyCode::Esc));
        assert!(matches!(app.screen, somadeck::app::Screen::Home(_)));
    }
}

#[test]
fn stats_screen_has_no_colour_under_no_color_and_switches_to_the_deck() {
    let mut o = stats_history();
    let mut app = App::new(&mut o, now());
    app.color = false;
    press(&mut app, ch('S'));
    for _ in 0..3 {
        let t = draw(&mut app, 80, 24);
        for cell in t.backend().buffer().content() {
            assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{cell:?}");
        }
        press(&mut app, key(KeyCode::PageDown));
    }
    let t = draw(&mut app, 80, 24);
    assert!(screen_text(&t).contains("All decks"));
    press(&mut app, key(KeyCode::Tab));
    let t = draw(&mut app, 80, 24);
    let text = screen_text(&t);
    assert!(text.contains("Stats · The skull"), "{text}");
    // Enter studies the weakest topic: the skull's only seen topic.
    press(&mut app, key(KeyCode::Enter));
    let t = draw(&mut app, 80, 24);
    assert!(screen_text(&t).contains("Topic ·"), "{}", screen_text(&t));
}

#[test]
fn home_header_with_an_exam_and_auto_fits_a_narrow_terminal() {
    let config = Config {
        exam_date: Some("2026-03-20".into()),
        new_per_day: somadeck::study::exam::NewPerDay::Auto,
        ..Config::default()
    };
    let (mut o, _log) = opened_with(builtin_decks(), config);
    let mut app = App::new(&mut o, now());
    for w in [80, 40] {
        let text = screen_text(&draw(&mut app, w, 12));
        let header = text.lines().next().unwrap();
        assert!(header.starts_with(" somadeck "), "{w}: {header:?}");
        assert!(header.contains("exam in 18 days"), "{w}: {header:?}");
        assert!(
            header.contains("(plan: 50 new today)") || header.trim_end().ends_with(": 50 new"),
            "{w}: {header:?}"
        );
    }
}

#[test]
fn stats_panels_too_long_for_a_small_terminal_say_what_is_left_out() {
    let mut o = stats_history();
    let mut app = App::new(&mut o, now());
    app.view = (40, 12);
    press(&mut app, ch('S'));
    let first = screen_text(&draw(&mut app, 40, 12));
    assert!(first.contains("somadeck exam"), "{first}");
    for _ in 0..6 {
        press(&mut app, key(KeyCode::PageDown));
    }
    let last = screen_text(&draw(&mut app, 40, 12));
    assert!(last.contains("page 7 of 7"), "{last}");
    assert!(last.contains("4 more"), "{last}");
}
