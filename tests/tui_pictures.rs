//! An occlusion card on the study screen, drawn in half-blocks on a test terminal at 80x24 and
//! 40x12: the covered region is a box with a `?`, the others carry numbers with a legend, the
//! answer outlines the region; with pictures off the description stands in.

mod tui_support;

use ratatui::crossterm::event::KeyCode;
use ratatui::style::Color;
use somadeck::app::App;
use somadeck::deck::load;
use somadeck::picture::draw::{BOX, OUTLINE};
use somadeck::picture::{Mode, Pictures};
use tui_support::*;

fn shapes() -> somadeck::deck::Deck {
    let parsed = load::load_path(std::path::Path::new("tests/fixtures/occlusion/shapes.ron"));
    assert!(
        !parsed.diagnostics.iter().any(|d| d.is_error()),
        "{:?}",
        parsed.diagnostics
    );
    parsed.deck.unwrap().deck
}

fn rgb(c: [u8; 3]) -> Color {
    Color::Rgb(c[0], c[1], c[2])
}

/// Cells whose colours include `colour`, as (column, row).
fn cells_with(t: &ratatui::Terminal<ratatui::backend::TestBackend>, colour: Color) -> usize {
    let buf = t.backend().buffer();
    buf.content()
        .iter()
        .filter(|c| c.fg == colour || c.bg == colour)
        .count()
}

#[test]
fn an_occlusion_card_covers_its_region_and_labels_the_others() {
    let (mut o, _) = opened(vec![shapes()]);
    let mut app = App::new(&mut o, now());
    press(&mut app, key(KeyCode::Enter));
    for (w, h) in [(80, 24), (40, 12)] {
        let t = draw(&mut app, w, h);
        insta::assert_snapshot!(format!("occlusion_front_{w}x{h}"), t.backend());
        let text = screen_text(&t);
        assert!(
            text.contains("What is the highlighted structure?"),
            "{text}"
        );
        assert!(text.contains('?') && text.contains("1 square"), "{text}");
        assert!(
            text.contains('▀') || text.contains('▄'),
            "not drawn in half-blocks:\n{text}"
        );
        assert!(!text.contains("circle"), "the answer shows:\n{text}");
        assert!(cells_with(&t, rgb(BOX)) >= 4, "the covering box is missing");
        assert_eq!(
            cells_with(&t, rgb(OUTLINE)),
            0,
            "outlined before the answer"
        );
    }
    type_text(&mut app, "circle");
    press(&mut app, key(KeyCode::Enter));
    let t = draw(&mut app, 80, 24);
    insta::assert_snapshot!("occlusion_back_80x24", t.backend());
    let text = screen_text(&t);
    assert!(
        text.contains("▶ 1 circle") && text.contains("Right"),
        "{text}"
    );
    assert_eq!(cells_with(&t, rgb(BOX)), 0, "still covered at the answer");
    assert!(
        cells_with(&t, rgb(OUTLINE)) >= 4,
        "the region is not outlined"
    );
}

#[test]
fn with_pictures_off_the_description_stands_in() {
    let (mut o, _) = opened(vec![shapes()]);
    let mut app = App::new(&mut o, now());
    app.pictures = Pictures::new(Mode::Off);
    press(&mut app, key(KeyCode::Enter));
    let t = draw(&mut app, 80, 24);
    let text = screen_text(&t);
    assert!(text.contains("A teal circle on the left"), "{text}");
    assert!(
        text.contains("Hidden region: the round shape on the left"),
        "{text}"
    );
    assert!(!text.contains('▀') && !text.contains('▄'), "{text}");
}

#[test]
fn pictures_survive_every_small_size() {
    let (mut o, _) = opened(vec![shapes()]);
    let mut app = App::new(&mut o, now());
    press(&mut app, key(KeyCode::Enter));
    for w in 1..50 {
        for h in 1..16 {
            draw(&mut app, w, h);
        }
    }
}
