//! Decks as packages through the real binary: `new`, `install`, `uninstall`, hidden decks,
//! renamed cards, `check --against` and the notice of an updated deck.

use std::path::{Path, PathBuf};

mod bin_support;

use bin_support::{run, stderr, stdout};

const DAY1: &str = "2026-11-23T10:00:00Z";

/// A deck `mine` at `version` with basic cards `ids`, each entry `id` or `id<old` (renamed
/// from `old`).
fn deck(version: u32, ids: &[&str]) -> String {
    let cards: String = ids
        .iter()
        .map(|spec| {
            let (id, old) = spec.split_once('<').unwrap_or((spec, ""));
            let renamed = if old.is_empty() {
                String::new()
            } else {
                format!(", renamed_from: [\"{old}\"]")
            };
            format!(
                "    Card(id: \"{id}\", front: \"Question {id}?\", back: \"Answer {id}\", \
                 explain: \"Why.\", source: \"A book\"{renamed}),\n"
            )
        })
        .collect();
    format!("Deck(id: \"mine\", title: \"Mine\", version: {version}, cards: [\n{cards}])\n")
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn ok(home: &Path, args: &[&str]) -> String {
    let out = run(home, DAY1, args, "");
    assert!(
        out.status.success(),
        "{args:?}: {}{}",
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

/// The `new` column of deck `id` in `somadeck decks`.
fn new_cards(home: &Path, id: &str) -> String {
    let out = ok(home, &["decks"]);
    let row = out
        .lines()
        .find(|l| l.split_whitespace().next() == Some(id))
        .unwrap_or_else(|| panic!("no row for {id}: {out}"));
    row.split_whitespace().nth(4).unwrap().to_string()
}

/// Answers the first card of deck `mine` with Good, in line mode.
fn answer_mine(home: &Path) {
    let out = run(home, DAY1, &["study", "--plain", "mine"], "\n3\nq\n");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Question a?"), "{}", stdout(&out));
}

#[test]
fn a_new_deck_passes_check_strict_and_is_never_overwritten() {
    let home = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let out = bin_support::somadeck(home.path(), DAY1)
        .current_dir(work.path())
        .args(["new", "anatomy-extra", "--title", "Extra anatomy"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let file = work.path().join("anatomy-extra.ron");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("\"Extra anatomy\""), "{text}");
    for kind in [
        "reverse: true",
        "answers:",
        "choices:",
        "cloze:",
        "skull/",
        "sources:",
    ] {
        assert!(text.contains(kind), "{kind} missing");
    }
    let check = run(
        home.path(),
        DAY1,
        &["check", "--strict", file.to_str().unwrap()],
        "",
    );
    assert!(check.status.success(), "{}", stdout(&check));

    std::fs::write(&file, "mine").unwrap();
    let again = run(
        home.path(),
        DAY1,
        &["new", "other", "--out", file.to_str().unwrap()],
        "",
    );
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
}

#[test]
fn install_is_all_or_nothing_and_reports_what_changed() {
    let home = tempfile::tempdir().unwrap();
    let src = tempfile::tempdir().unwrap();
    let good = write(src.path(), "mine.ron", &deck(1, &["a", "b", "c"]));
    let bad = write(
        src.path(),
        "bad.ron",
        "Deck(id: \"bad\", title: \"Bad\", cards: [\n  Card(id: \"x\", front: \"Q\"),\n])\n",
    );
    let out = run(
        home.path(),
        DAY1,
        &["install", good.to_str().unwrap(), bad.to_str().unwrap()],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains(&format!("{}:2:", bad.display())), "{text}");
    assert!(text.contains("nothing was installed"), "{text}");
    assert!(!home.path().join("decks").exists());

    let text = ok(home.path(), &["install", good.to_str().unwrap()]);
    assert!(text.contains("mine: installed v1, 3 cards"), "{text}");
    assert_eq!(
        std::fs::read_to_string(home.path().join("decks/mine.ron")).unwrap(),
        deck(1, &["a", "b", "c"])
    );
    assert_eq!(new_cards(home.path(), "mine"), "3");

    std::fs::write(
        &good,
        deck(2, &["a", "b2<b", "d", "e"]).replace("Answer a", "Changed"),
    )
    .unwrap();
    let text = ok(
        home.path(),
        &["install", src.path().join("mine.ron").to_str().unwrap()],
    );
    assert!(
        text.contains("mine: v1 -> v2: 2 new cards, 2 changed, 1 renamed, 1 removed"),
        "{text}"
    );
    assert_eq!(
        bin_support::files_starting_with(&home.path().join("decks"), ""),
        1
    );
}

#[test]
fn uninstall_keeps_progress_and_built_in_decks_can_only_be_hidden() {
    let home = tempfile::tempdir().unwrap();
    let src = tempfile::tempdir().unwrap();
    let file = write(src.path(), "mine.ron", &deck(1, &["a", "b"]));
    ok(home.path(), &["install", file.to_str().unwrap()]);
    answer_mine(home.path());
    assert_eq!(new_cards(home.path(), "mine"), "1");
    let log = std::fs::read(home.path().join("data/reviews.log")).unwrap();

    let text = ok(home.path(), &["uninstall", "mine"]);
    assert!(text.contains("progress on it is kept"), "{text}");
    assert!(!home.path().join("decks/mine.ron").exists());
    assert!(!ok(home.path(), &["decks"]).contains("mine "));
    ok(home.path(), &["install", file.to_str().unwrap()]);
    assert_eq!(new_cards(home.path(), "mine"), "1", "the answer is back");
    assert_eq!(
        std::fs::read(home.path().join("data/reviews.log")).unwrap(),
        log
    );

    let out = run(home.path(), DAY1, &["uninstall", "neck"], "");
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("hidden_decks: [\"neck\"]"),
        "{}",
        stderr(&out)
    );
    let out = run(home.path(), DAY1, &["uninstall", "nothing"], "");
    assert!(
        stderr(&out).contains("installed decks are: mine"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn hidden_decks_are_left_out_of_listing_and_study() {
    let home = tempfile::tempdir().unwrap();
    assert!(ok(home.path(), &["decks"]).contains("\nneck "));
    std::fs::write(home.path().join("config.ron"), "(hidden_decks: [\"neck\"])").unwrap();
    let text = ok(home.path(), &["decks"]);
    assert!(!text.contains("\nneck "), "{text}");
    assert!(text.contains("1 deck hidden by `hidden_decks`"), "{text}");
    // Naming the hidden deck says why it is not there, not only that it is not.
    let export = home.path().join("progress.json");
    for args in [
        vec!["study", "--plain", "neck"],
        vec!["progress", "--export", export.to_str().unwrap(), "neck"],
    ] {
        let out = run(home.path(), DAY1, &args, "q\n");
        assert!(!out.status.success());
        let said = stderr(&out);
        assert!(said.contains("no deck named neck"), "{said}");
        assert!(
            said.contains("neck is hidden by `hidden_decks` in") && said.contains("config.ron"),
            "{args:?}: {said}"
        );
    }
}

#[test]
fn install_warns_when_cards_change_but_the_version_does_not_rise() {
    let home = tempfile::tempdir().unwrap();
    let src = tempfile::tempdir().unwrap();
    let file = write(src.path(), "mine.ron", &deck(2, &["a", "b"]));
    ok(home.path(), &["install", file.to_str().unwrap()]);
    // A new card, version kept: learners would never be told.
    std::fs::write(&file, deck(2, &["a", "b", "c"])).unwrap();
    let said = ok(home.path(), &["install", file.to_str().unwrap()]);
    assert!(said.contains("mine: v2 -> v2: 1 new card"), "{said}");
    assert!(said.contains("raise `version`"), "{said}");
    // Going back to an older edition is said too.
    std::fs::write(&file, deck(1, &["a", "b", "c"])).unwrap();
    let said = ok(home.path(), &["install", file.to_str().unwrap()]);
    assert!(said.contains("older than the installed v2"), "{said}");
    // Installing the same edition again is no news.
    let said = ok(home.path(), &["install", file.to_str().unwrap()]);
    assert!(!said.contains("raise") && !said.contains("older"), "{said}");
}

#[test]
fn uninstall_refuses_a_deck_another_installed_deck_builds_on() {
    let home = tempfile::tempdir().unwrap();
    let src = tempfile::tempdir().unwrap();
    let base = write(
        src.path(),
        "base.ron",
        "Deck(id: \"base\", title: \"Base\", topics: [(id: \"t\", title: \"T\")], cards: [\n\
         Card(id: \"a\", topic: \"t\", front: \"Q?\", back: \"A\", explain: \"W.\", source: \"B\")])\n",
    );
    let top = write(
        src.path(),
        "top.ron",
        "Deck(id: \"top\", title: \"Top\", topics: [(id: \"u\", title: \"U\", requires: [\"base/t\"])], \
         cards: [Card(id: \"b\", topic: \"u\", front: \"Q?\", back: \"A\", explain: \"W.\", source: \"B\")])\n",
    );
    ok(
        home.path(),
        &["install", base.to_str().unwrap(), top.to_str().unwrap()],
    );
    let out = run(home.path(), DAY1, &["uninstall", "base"], "");
    assert_eq!(out.status.code(), Some(1));
    let said = stderr(&out);
    assert!(
        said.contains("`top`") && said.contains("uninstall top first"),
        "{said}"
    );
    assert!(ok(home.path(), &["decks"]).contains("\nbase "));
    // A new edition of `base` without topic `t` would break `top` just the same.
    std::fs::write(
        &base,
        std::fs::read_to_string(&base)
            .unwrap()
            .replace("\"t\"", "\"t2\""),
    )
    .unwrap();
    let out = run(home.path(), DAY1, &["install", base.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1));
    let said = stdout(&out);
    assert!(said.contains("`top`") && said.contains("base/t"), "{said}");
    assert!(said.contains("nothing was installed"), "{said}");
    ok(home.path(), &["uninstall", "top"]);
    ok(home.path(), &["install", base.to_str().unwrap()]);
    ok(home.path(), &["uninstall", "base"]);
}

#[test]
fn exports_carry_a_renamed_cards_answers_and_flag_under_its_new_id() {
    let home = tempfile::tempdir().unwrap();
    let src = tempfile::tempdir().unwrap();
    let file = write(src.path(), "mine.ron", &deck(1, &["a", "b"]));
    ok(home.path(), &["install", file.to_str().unwrap()]);
    let out = run(
        home.path(),
        DAY1,
        &["study", "--plain", "mine"],
        "\nf\nwrong side\n3\nq\n",
    );
    assert!(stdout(&out).contains("Flagged mine/a"), "{}", stdout(&out));
    std::fs::write(&file, deck(2, &["a2<a", "b"])).unwrap();
    ok(home.path(), &["install", file.to_str().unwrap()]);

    let flags = src.path().join("flags.json");
    let progress = src.path().join("progress.json");
    ok(home.path(), &["flags", "--export", flags.to_str().unwrap()]);
    ok(
        home.path(),
        &["progress", "--export", progress.to_str().unwrap(), "mine"],
    );
    for file in [&flags, &progress] {
        let text = std::fs::read_to_string(file).unwrap();
        assert!(text.contains("\"mine/a2\""), "{text}");
        assert!(text.contains("wrong side"), "{text}");
        assert!(!text.contains("\"mine/a\""), "{text}");
    }
}

#[test]
fn a_renamed_card_keeps_its_progress_from_the_snapshot_and_from_the_log() {
    let home = tempfile::tempdir().unwrap();
    let src = tempfile::tempdir().unwrap();
    let file = write(src.path(), "mine.ron", &deck(1, &["a", "b"]));
    ok(home.path(), &["install", file.to_str().unwrap()]);
    answer_mine(home.path());
    let log = std::fs::read(home.path().join("data/reviews.log")).unwrap();

    std::fs::write(&file, deck(2, &["a2<a", "b"])).unwrap();
    ok(home.path(), &["install", file.to_str().unwrap()]);
    // Line mode opens for writing: progress is folded with the rename and a snapshot saved.
    let out = run(home.path(), DAY1, &["study", "--plain", "mine"], "q\n");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(home.path().join("data/state.bin").exists());
    assert_eq!(new_cards(home.path(), "mine"), "1", "from the snapshot");
    std::fs::remove_file(home.path().join("data/state.bin")).unwrap();
    assert_eq!(new_cards(home.path(), "mine"), "1", "rebuilt from the log");
    assert_eq!(
        std::fs::read(home.path().join("data/reviews.log")).unwrap(),
        log
    );

    // Without the rename the card is new again: the test above can fail.
    std::fs::write(&file, deck(3, &["a3", "b"])).unwrap();
    ok(home.path(), &["install", file.to_str().unwrap()]);
    assert_eq!(new_cards(home.path(), "mine"), "2");
}

#[test]
fn check_against_lists_cards_that_would_lose_progress() {
    let home = tempfile::tempdir().unwrap();
    let src = tempfile::tempdir().unwrap();
    let old = write(src.path(), "old.ron", &deck(1, &["a", "b", "c"]));
    let new = write(src.path(), "new.ron", &deck(2, &["a", "b2<b"]));
    let out = run(
        home.path(),
        DAY1,
        &[
            "check",
            new.to_str().unwrap(),
            "--against",
            old.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains(&format!("{}:4:", old.display())), "{text}");
    assert!(
        text.contains("card `c` is not in") && text.contains("learners would lose their progress"),
        "{text}"
    );
    assert!(!text.contains("card `b`"), "{text}");
    let fixed = write(src.path(), "fixed.ron", &deck(2, &["a", "b2<b", "c2<c"]));
    let out = run(
        home.path(),
        DAY1,
        &[
            "check",
            fixed.to_str().unwrap(),
            "--against",
            old.to_str().unwrap(),
        ],
        "",
    );
    assert!(out.status.success(), "{}", stdout(&out));
}

#[test]
fn an_updated_deck_is_announced_once_in_line_mode() {
    let home = tempfile::tempdir().unwrap();
    let src = tempfile::tempdir().unwrap();
    let file = write(src.path(), "mine.ron", &deck(1, &["a", "b", "c"]));
    ok(home.path(), &["install", file.to_str().unwrap()]);
    let first = ok(home.path(), &["study", "--plain", "mine"]);
    assert!(!first.contains("updated"), "{first}");
    std::fs::write(
        &file,
        deck(3, &["a", "b", "d", "e"]).replace("Answer a", "New"),
    )
    .unwrap();
    ok(home.path(), &["install", file.to_str().unwrap()]);
    let text = ok(home.path(), &["study", "--plain", "mine"]);
    assert!(
        text.contains("Deck mine updated to v3: 2 new cards, 1 changed, 1 removed"),
        "{text}"
    );
    let again = ok(home.path(), &["study", "--plain", "mine"]);
    assert!(!again.contains("updated"), "{again}");
}

#[test]
fn prerequisites_in_a_hidden_deck_are_ignored() {
    let home = tempfile::tempdir().unwrap();
    let src = tempfile::tempdir().unwrap();
    let text = deck(1, &["a", "b"])
        .replace(
            "cards: [",
            "topics: [(id: \"t\", title: \"T\", requires: [\"skull/cranial-bones\"])], cards: [",
        )
        .replace("Card(id:", "Card(topic: \"t\", id:");
    let file = write(src.path(), "mine.ron", &text);
    ok(home.path(), &["install", file.to_str().unwrap()]);
    let locked = ok(home.path(), &["study", "--plain", "mine"]);
    assert!(!locked.contains("Question a?"), "{locked}");
    std::fs::write(
        home.path().join("config.ron"),
        "(hidden_decks: [\"skull\"])",
    )
    .unwrap();
    answer_mine(home.path());
}
