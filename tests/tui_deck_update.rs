//! The home screen says once that an installed deck was updated, from a real somadeck home.

mod tui_support;

use somadeck::app::App;
use somadeck::clock::Clock;
use somadeck::open::Opened;
use somadeck::paths::Paths;
use tui_support::{ch, draw, now, press, screen_text};

fn deck(version: u32, cards: &[&str]) -> String {
    let cards: String = cards
        .iter()
        .map(|id| format!("Card(id: \"{id}\", front: \"Q {id}\", back: \"A\"),"))
        .collect();
    format!("Deck(id: \"mine\", title: \"Mine\", version: {version}, cards: [{cards}])")
}

fn open(paths: &Paths) -> Opened {
    let mut o = Opened::open(paths, Clock::Fixed(now())).unwrap();
    o.note_deck_updates(&paths.data);
    o
}

#[test]
fn an_updated_deck_is_announced_once_on_the_home_screen() {
    let home = tempfile::tempdir().unwrap();
    let paths = Paths::under(home.path().to_path_buf());
    std::fs::create_dir_all(&paths.decks).unwrap();
    std::fs::write(paths.decks.join("mine.ron"), deck(1, &["a", "b"])).unwrap();
    let mut o = open(&paths);
    assert!(o.notices.is_empty(), "{:?}", o.notices);
    let first = screen_text(&draw(&mut App::new(&mut o, now()), 100, 30));
    assert!(!first.contains("updated"), "{first}");
    drop(o);

    std::fs::write(paths.decks.join("mine.ron"), deck(2, &["a", "c", "d"])).unwrap();
    let mut o = open(&paths);
    let mut app = App::new(&mut o, now());
    let shown = screen_text(&draw(&mut app, 100, 30));
    assert!(
        shown.contains("Deck mine updated to v2: 2 new cards, 1 removed"),
        "{shown}"
    );
    press(&mut app, ch('j'));
    assert!(!screen_text(&draw(&mut app, 100, 30)).contains("updated"));
    drop(app);
    drop(o);

    let o = open(&paths);
    assert!(o.notices.is_empty(), "announced once: {:?}", o.notices);
}
