//! Judging typed answers, adversarially: arbitrary Unicode against every built-in answer, and
//! the real binary in line mode on the answers that used to panic or pass as typos.

mod tui_support;

use std::path::Path;

use assert_cmd::Command;
use proptest::prelude::*;
use ratatui::crossterm::event::KeyCode;
use somadeck::answer::{Lexicon, Verdict, judge};
use somadeck::app::App;
use somadeck::deck::{CardKind, Deck, cloze, library};
use tui_support::*;

fn built_in() -> Vec<Deck> {
    library::standard(None)
        .decks
        .into_iter()
        .map(|d| d.deck)
        .collect()
}

/// Every list of accepted answers: typed cards and cloze deletions.
fn accepted_lists(decks: &[Deck]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for c in decks.iter().flat_map(|d| &d.cards) {
        match &c.kind {
            CardKind::Typed { answers, .. } => out.push(answers.clone()),
            CardKind::Cloze { text, .. } => {
                out.extend(
                    cloze::deletions(text)
                        .unwrap()
                        .into_iter()
                        .map(|d| d.answers),
                );
            }
            _ => {}
        }
    }
    out
}

fn lists_and_lexicon() -> &'static (Vec<Vec<String>>, Lexicon) {
    static CELL: std::sync::OnceLock<(Vec<Vec<String>>, Lexicon)> = std::sync::OnceLock::new();
    CELL.get_or_init(|| {
        let decks = built_in();
        (accepted_lists(&decks), Lexicon::from_decks(&decks))
    })
}

proptest! {
    #[test]
    fn arbitrary_unicode_never_panics_against_any_built_in_answer(given in any::<String>()) {
        let (lists, lexicon) = lists_and_lexicon();
        for accepted in lists {
            let _ = judge(&given, accepted, lexicon);
        }
    }

    /// Words of several scripts, with the punctuation and digits normalisation treats
    /// specially, so the folding paths (articles, ordinals, `-our`, `.5`) see multi-byte text.
    #[test]
    fn multi_byte_words_never_panic_and_are_never_right_by_accident(
        given in "([øЖßαé漢a-z0-9.]{1,8}( |-|\\.|our|th)?){1,4}"
    ) {
        let (lists, lexicon) = lists_and_lexicon();
        for accepted in lists {
            let v = judge(&given, accepted, lexicon);
            if v == Verdict::Right {
                let g = somadeck::answer::normalize(&given);
                prop_assert!(
                    accepted.iter().any(|a| somadeck::answer::normalize(a) == g)
                        || g.chars().next().is_some_and(|c| c.is_ascii_digit()),
                    "{given:?} judged right for {accepted:?}"
                );
            }
        }
    }
}

const DECK: &str = r#"Deck(
    id: "traps",
    title: "Traps",
    cards: [
        Card(id: "out", front: "Fibres that carry commands out to muscles?", answers: ["efferent"]),
        Card(id: "yours", front: "Whose is it?", answers: ["yours"]),
        Card(id: "csf", cloze: "CSF is made by the {{choroid plexus|choroid plexuses}}."),
        Card(id: "long", cloze: "The dura {{hangs from the skull vault into the fissure}}."),
    ],
)"#;

fn study(home: &Path, input: &str) -> (Option<i32>, String, String) {
    std::fs::create_dir_all(home.join("decks")).unwrap();
    std::fs::write(home.join("decks/traps.ron"), DECK).unwrap();
    let out = Command::cargo_bin("somadeck")
        .unwrap()
        .env("SOMADECK_HOME", home)
        .env("SOMADECK_NOW", "2026-11-23T10:00:00Z")
        .env("TZ", "UTC")
        .args(["study", "--plain", "traps"])
        .write_stdin(input)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn line_mode_names_another_term_survives_multi_byte_answers_and_types_cloze_gaps() {
    let home = tempfile::tempdir().unwrap();
    let (code, out, err) = study(
        home.path(),
        "afferent\n1\nøyour\n1\nchoroid plexuses\n3\n\n3\nq\n",
    );
    assert_eq!(code, Some(0), "{out}\n{err}");
    assert!(
        out.contains(r#"Wrong: you wrote "afferent", a different term; expected "efferent"."#),
        "{out}"
    );
    assert!(out.contains("Q: Whose is it?"), "{out}");
    assert!(out.contains("Wrong.\n"), "{out}");
    // A short cloze deletion is typed, and its alternative is accepted.
    assert!(out.contains("Q: CSF is made by the [...]."), "{out}");
    assert!(out.contains("Right.\n"), "{out}");
    // A long one is revealed.
    assert!(
        out.contains(
            "Q: The dura [...].\n(answer in your head or type it, then Enter to see the answer"
        ),
        "{out}"
    );
}

#[test]
fn every_multi_byte_answer_that_used_to_panic_is_judged() {
    for given in ["øyour", "Жжжжж", "ßours", "αβγδε"] {
        let home = tempfile::tempdir().unwrap();
        let (code, out, err) = study(home.path(), &format!("{given}\n1\nq\n"));
        assert_eq!(code, Some(0), "{given}: {out}\n{err}");
        assert!(out.contains("Wrong."), "{given}: {out}");
    }
}

#[test]
fn the_app_says_which_term_was_written() {
    let deck = somadeck::deck::load::parse("traps.ron", DECK.as_bytes())
        .deck
        .unwrap()
        .deck;
    let (mut o, _log) = opened(vec![deck]);
    let mut app = App::new(&mut o, now());
    press(&mut app, key(KeyCode::Enter));
    type_text(&mut app, "afferent");
    press(&mut app, key(KeyCode::Enter));
    let screen = screen_text(&draw(&mut app, 100, 24));
    assert!(
        screen.contains("✗ Wrong You wrote “afferent”, a different term; expected “efferent”"),
        "{screen}"
    );
    assert!(screen.contains("suggested 1 Again"), "{screen}");
}

#[test]
fn a_built_in_cloze_gap_is_typed_and_its_opposite_is_named() {
    let home = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("somadeck")
        .unwrap()
        .env("SOMADECK_HOME", home.path())
        .env("SOMADECK_NOW", "2026-11-23T10:00:00Z")
        .env("TZ", "UTC")
        .args(["study", "--plain", "skull"])
        .write_stdin("\n3\ninferior\n1\nq\n")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("Q: In anatomy, [...] means toward the top of the head"),
        "{text}"
    );
    assert!(
        text.contains(r#"Wrong: you wrote "inferior", a different term; expected "superior"."#),
        "{text}"
    );
}
