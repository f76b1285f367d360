//! Loading decks and config through the real binary: a broken or hostile installed deck costs
//! only itself, editions of built-in decks say so, and special files never hang a command.

use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;

mod bin_support;

fn somadeck(home: &Path) -> Command {
    let mut c = Command::cargo_bin("somadeck").unwrap();
    c.env("SOMADECK_HOME", home)
        .env("SOMADECK_NOW", "2026-11-23T10:00:00Z")
        .env("TZ", "UTC")
        // A hang guard only: every command here answers at once when it works.
        .timeout(Duration::from_secs(60));
    c
}

fn run(home: &Path, args: &[&str], stdin: &str) -> (i32, String, String) {
    let out = somadeck(home)
        .args(args)
        .write_stdin(stdin)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Writes a deck into the installed decks folder, with the built-in pictures beside it (so a
/// copy of a built-in deck finds them, as `install` would have copied them).
fn install(home: &Path, name: &str, text: &str) {
    let images = home.join("decks/images");
    std::fs::create_dir_all(&images).unwrap();
    for e in std::fs::read_dir("decks/images").unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), images.join(e.file_name())).unwrap();
    }
    std::fs::write(home.join("decks").join(name), text).unwrap();
}

const GOOD: &str = "Deck(id: \"mine\", title: \"Mine\", cards: [\n    Card(id: \"a\", front: \"Q\", back: \"A\"),\n])";

#[test]
fn a_broken_installed_deck_is_left_out_and_the_rest_opens() {
    let home = tempfile::tempdir().unwrap();
    install(home.path(), "good.ron", GOOD);
    install(
        home.path(),
        "broken.ron",
        "Deck(id: \"broken\", title: \"B\", cards: [\n    Card(id: \"a\", front: \"Q\", back: \"\"),\n])",
    );
    let (code, out, err) = run(home.path(), &["stats"], "");
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("\nmine "), "the good deck is loaded: {out}");
    assert!(
        out.contains("\nskull "),
        "the built-in decks are loaded: {out}"
    );
    assert!(!out.contains("\nbroken "), "{out}");
    let (code, out, err) = run(home.path(), &["study", "--plain"], "q\n");
    assert_eq!(code, 0, "{out}\n{err}");
    let broken = home.path().join("decks/broken.ron");
    assert!(
        out.contains(&format!(
            "warning: deck {} has errors and was left out",
            broken.display()
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "{}:2:31: error: card 'a': `back` is empty or blank",
            broken.display()
        )),
        "{out}"
    );
}

#[test]
fn an_installed_deck_with_a_built_in_id_needs_replaces() {
    let home = tempfile::tempdir().unwrap();
    let skull = std::fs::read_to_string("decks/skull.ron").unwrap();
    let mine = home.path().join("decks/mine.ron");
    install(home.path(), "mine.ron", &skull);
    let (code, out, _) = run(home.path(), &["decks"], "");
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!(
            "{}:4:5: error: deck id `skull` is the id of a built-in deck, which stays; to ship a new edition of it add `replaces: \"skull\"`",
            mine.display()
        )),
        "{out}"
    );
    assert!(
        out.contains("decks/skull.ron"),
        "the built-in deck stays: {out}"
    );

    let edition = skull.replacen("Deck(", "Deck(replaces: \"skull\", ", 1);
    install(home.path(), "mine.ron", &edition);
    let (code, out, _) = run(home.path(), &["decks"], "");
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(&format!("{} replaces built-in deck skull", mine.display())),
        "{out}"
    );
    assert!(!out.contains("decks/skull.ron"), "{out}");
}

#[test]
fn decks_topics_lists_the_ids_requires_can_name() {
    let home = tempfile::tempdir().unwrap();
    let (code, out, _) = run(home.path(), &["decks", "--topics"], "");
    assert_eq!(code, 0, "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("skull/cranial-bones ")
                && l.contains("(requires skull/orientation)")),
        "{out}"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_in_decks_or_as_the_config_does_not_hang_any_command() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("decks")).unwrap();
    let fifo = home.path().join("decks/pipe.ron");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU).unwrap();
    let (code, out, err) = run(home.path(), &["stats"], "");
    assert_eq!(code, 0, "{out}\n{err}");
    let (_, out, _) = run(home.path(), &["decks"], "");
    assert!(
        out.contains("this is a named pipe (FIFO), not a regular file"),
        "{out}"
    );

    let config = home.path().join("config.ron");
    nix::unistd::mkfifo(&config, nix::sys::stat::Mode::S_IRWXU).unwrap();
    let (code, _, err) = run(home.path(), &["stats"], "");
    assert_eq!(code, 1);
    assert!(
        err.contains("cannot read the config: this is a named pipe (FIFO)"),
        "{err}"
    );
}

#[test]
fn an_empty_config_is_the_defaults_and_unknown_deck_ids_are_warned_about() {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("config.ron"), "").unwrap();
    let (code, out, err) = run(home.path(), &["stats"], "");
    assert_eq!(code, 0, "{out}\n{err}");
    std::fs::write(
        home.path().join("config.ron"),
        "\u{feff}(decks: {\"spnie\": (new_per_day: 2)})",
    )
    .unwrap();
    let (code, out, err) = run(home.path(), &["study", "--plain"], "q\n");
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(
        out.contains("warning: `decks` has limits for `spnie`, but no deck has that id"),
        "{out}"
    );
}

#[test]
fn a_thirty_thousand_topic_chain_installed_does_not_stop_any_command() {
    let home = tempfile::tempdir().unwrap();
    let mut text =
        String::from("Deck(id: \"chain\", title: \"T\", topics: [\n(id: \"t0\", title: \"T\"),\n");
    for i in 1..30_000 {
        text.push_str(&format!(
            "(id: \"t{i}\", title: \"T\", requires: [\"t{}\"]),\n",
            i - 1
        ));
    }
    text.push_str("], cards: [Card(id: \"a\", topic: \"t29999\", front: \"Q\", back: \"A\")])");
    install(home.path(), "chain.ron", &text);
    for args in [&["stats"][..], &["decks"], &["cards"]] {
        let (code, out, err) = run(home.path(), args, "");
        assert_eq!(code, 0, "{args:?}: {out}\n{err}");
    }
}

#[test]
fn deck_text_is_escaped_in_plain_listings() {
    let home = tempfile::tempdir().unwrap();
    // A bidi override is only a warning, so the deck loads; its title is shown escaped.
    install(
        home.path(),
        "t.ron",
        "Deck(id: \"t\", title: \"Title \\u{202e}txet\", cards: [\n    Card(id: \"a\", front: \"Q\", back: \"A\"),\n])",
    );
    let (code, out, _) = run(home.path(), &["decks"], "");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Title \\u{202e}txet"), "{out}");
    assert!(!out.contains('\u{202e}'), "{out}");
}

#[test]
fn a_deck_left_out_keeps_its_progress_for_when_it_is_fixed() {
    let home = tempfile::tempdir().unwrap();
    install(home.path(), "mine.ron", GOOD);
    let (code, out, err) = run(home.path(), &["study", "--plain", "mine"], "\n3\nq\n");
    assert_eq!(code, 0, "{out}\n{err}");
    let seen = |home: &Path| {
        let (code, out, err) = run(home, &["stats", "--json"], "");
        assert_eq!(code, 0, "{out}\n{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        bin_support::stats_deck(&v, "mine").map(|d| d["seen"].as_u64().unwrap())
    };
    assert_eq!(seen(home.path()), Some(1));
    install(
        home.path(),
        "mine.ron",
        &GOOD.replace("back: \"A\"", "back: \"\""),
    );
    assert_eq!(seen(home.path()), None, "the broken deck is left out");
    let (code, _, _) = run(home.path(), &["study", "--plain"], "q\n");
    assert_eq!(code, 0);
    install(home.path(), "mine.ron", GOOD);
    assert_eq!(seen(home.path()), Some(1), "its progress is still there");
}

#[test]
fn two_editions_of_one_built_in_deck_keep_the_first() {
    let home = tempfile::tempdir().unwrap();
    let skull = std::fs::read_to_string("decks/skull.ron").unwrap();
    let edition = skull.replacen("Deck(", "Deck(replaces: \"skull\", ", 1);
    install(home.path(), "a.ron", &edition);
    install(home.path(), "b.ron", &edition);
    let (code, out, _) = run(home.path(), &["decks"], "");
    assert_eq!(code, 1, "{out}");
    let a = home.path().join("decks/a.ron");
    let b = home.path().join("decks/b.ron");
    assert!(
        out.contains(&format!("{} replaces built-in deck skull", a.display())),
        "{out}"
    );
    assert!(
        out.contains(&format!("deck {} has errors and was left out", b.display())),
        "{out}"
    );
    assert_eq!(
        out.lines().filter(|l| l.starts_with("skull ")).count(),
        1,
        "{out}"
    );
}
