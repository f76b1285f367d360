//! `somadeck check` on bad input: every kind of problem is reported as `path:line:col`, naming
//! the card, with exit status 1, and never a panic.

use std::path::Path;

use assert_cmd::Command;

fn check(args: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("somadeck")
        .unwrap()
        .env(
            "SOMADECK_HOME",
            std::env::temp_dir().join("somadeck-check-tests"),
        )
        .arg("check")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// Each fixture's first line says what `check` must print: `// expect: line:col: error: ...`.
#[test]
fn every_bad_fixture_reports_its_line_column_and_message() {
    let dir = Path::new("tests/fixtures/bad");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    assert!(files.len() >= 28, "fixtures missing");
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let want = text
            .lines()
            .next()
            .unwrap()
            .strip_prefix("// expect: ")
            .unwrap();
        let path = f.to_str().unwrap();
        let (code, out) = check(&[path]);
        assert_eq!(code, 1, "{path}: exit status\n{out}");
        let expected = format!("{path}:{want}");
        assert!(
            out.lines().any(|l| l.starts_with(&expected)),
            "{path}: want `{expected}` in\n{out}"
        );
    }
}

#[test]
fn the_same_deck_id_in_two_files_is_an_error() {
    let (code, out) = check(&["tests/fixtures/dup"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("tests/fixtures/dup/two.ron:2:6: error: deck id `same` is already used by tests/fixtures/dup/one.ron"),
        "{out}"
    );
}

/// A file in a folder of its own, beside a copy of the built-in pictures (so a copy of a
/// built-in deck finds them).
fn temp_file(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = tempfile::tempdir().unwrap().keep();
    copy_pictures(&dir);
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn copy_pictures(dir: &Path) {
    let to = dir.join("images");
    std::fs::create_dir_all(&to).unwrap();
    for e in std::fs::read_dir("decks/images").unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

#[test]
fn invalid_utf8_is_placed_by_line_and_column() {
    let p = temp_file("utf8.ron", b"Deck(id: \"u\", title: \"T\", cards: [\n  Card(id: \"a\", front: \"caf\xe9\", back: \"A\"),\n])");
    let (code, out) = check(&[p.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        out.contains(":2:28: error: the file is not valid UTF-8"),
        "{out}"
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let text = format!(
        "Deck(id: \"d\", title: \"T\", cards: [{}{}])",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let p = temp_file("deep.ron", text.as_bytes());
    let (code, out) = check(&[p.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        out.contains("error: brackets are nested more than 64 deep"),
        "{out}"
    );
}

#[test]
fn oversized_files_are_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("huge.ron");
    let f = std::fs::File::create(&p).unwrap();
    f.set_len(50 * 1024 * 1024).unwrap();
    let (code, out) = check(&[p.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        out.contains("huge.ron:1:1: error: file is 50 MiB; decks are limited to 32 MiB"),
        "{out}"
    );
}

#[test]
fn warnings_fail_only_with_strict() {
    let p = temp_file(
        "w.ron",
        b"Deck(id: \"w\", title: \"T\", cards: [Card(id: \"a\", front: \"Q\", back: \"A\")])",
    );
    let path = p.to_str().unwrap();
    let (code, out) = check(&[path]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("warning: card 'a': no `source`"), "{out}");
    let (code, _) = check(&["--strict", path]);
    assert_eq!(code, 1);
}

#[test]
fn the_documented_example_and_the_minimal_deck_pass() {
    let (code, out) = check(&["--strict", "docs/example-deck.ron"]);
    assert_eq!(code, 0, "{out}");
    let p = temp_file("min.ron", b"Deck(id: \"demo\", title: \"Demo\", cards: [\n    Card(id: \"c1\", front: \"Q\", back: \"A\"),\n])");
    let (code, out) = check(&[p.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
}

/// The built-in decks pass `--strict`: no errors, and no warnings (fair options included).
#[test]
fn built_in_decks_pass_strict() {
    let (code, out) = check(&["--strict"]);
    assert_eq!(code, 0, "{out}");
    let shipped = std::fs::read_dir("decks")
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "ron"))
        })
        .count();
    assert!(shipped >= 12, "{shipped} decks in decks/");
    assert!(out.contains(&format!("checked {shipped} decks")), "{out}");
}

/// `check` on text written to a temporary `.ron` file.
fn check_text(name: &str, text: &str, strict: bool) -> (i32, String, String) {
    let p = temp_file(name, text.as_bytes());
    let path = p.to_str().unwrap().to_string();
    let args: Vec<&str> = if strict {
        vec!["--strict", &path]
    } else {
        vec![&path]
    };
    let (code, out) = check(&args);
    (code, out, path)
}

#[test]
fn bidi_overrides_in_card_text_are_warnings() {
    let text = "Deck(id: \"bidi\", title: \"T\", cards: [\n    Card(id: \"r\", front: \"Which is safe? \\u{202e}evil\", back: \"A\", explain: \"E\", source: \"S\"),\n])";
    let (code, out, path) = check_text("bidi.ron", text, false);
    assert_eq!(code, 0, "{out}");
    let want = format!(
        "{path}:2:19: warning: card 'r': `front` contains the bidi control U+202E, which shows text in another order than it is stored; remove it"
    );
    assert!(out.lines().any(|l| l == want), "want {want}\n{out}");
    let (code, _, _) = check_text("bidi.ron", text, true);
    assert_eq!(code, 1);
}

#[test]
fn control_characters_never_reach_the_terminal_through_check() {
    // Escapes in places the checker echoes: a card id, a topic id and a requirement, an
    // unknown topic, a `correct` that is not an option, an option listed twice.
    let text = concat!(
        "Deck(id: \"e\", title: \"T\", topics: [(id: \"t\\u{1b}[2J\", title: \"x\", requires: [\"\\u{1b}]0;pwn\\u{7}\"])], cards: [\n",
        "    Card(id: \"a\\u{1b}]52;c;eA==\\u{7}\", front: \"Q\", back: \"A\"),\n",
        "    Card(id: \"b\", topic: \"\\u{9b}8m\", front: \"Q\", back: \"A\"),\n",
        "    Card(id: \"c\", front: \"Q\", choices: [\"x\", \"X\\u{1b}\"], correct: \"\\u{1b}[8m\"),\n",
        "])"
    );
    let (code, out, _) = check_text("escapes.ron", text, false);
    assert_eq!(code, 1, "{out}");
    assert!(
        !out.chars().any(|c| c.is_control() && c != '\n'),
        "control characters in the output: {out:?}"
    );
    assert!(out.contains("\\e"), "escapes are shown: {out}");
}

#[test]
fn a_long_right_option_is_warned_about_per_card_and_per_deck() {
    let mut text = String::from("Deck(id: \"long\", title: \"T\", cards: [\n");
    for i in 0..3 {
        text.push_str(&format!(
            "    Card(id: \"c{i}\", front: \"Q\", choices: [\"ab\", \"cd\", \"ef\", \"the right answer, written out at length\"], correct: \"the right answer, written out at length\", explain: \"E\", source: \"S\"),\n"
        ));
    }
    text.push_str(
        "    Card(id: \"fair\", front: \"Q\", choices: [\"alpha\", \"beta\", \"gamma\"], correct: \"beta\", explain: \"E\", source: \"S\"),\n])",
    );
    let (code, out, path) = check_text("long.ron", &text, true);
    assert_eq!(code, 1, "{out}");
    let card = format!(
        "{path}:2:32: warning: card 'c0': option `the right answer, written out at length` is more than twice as long as the median option"
    );
    assert!(
        out.lines().any(|l| l.starts_with(&card)),
        "want {card}\n{out}"
    );
    let deck = format!(
        "{path}:1:30: warning: the right option is the longest in 3 of 4 choice cards (75%); above 35% learners can pass by picking the longest option"
    );
    assert!(out.lines().any(|l| l == deck), "want {deck}\n{out}");
    assert!(!out.contains("card 'fair'"), "{out}");
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let text = "\u{feff}Deck(id: \"bom\", title: \"T\", cards: [\n    Card(id: \"a\", front: \"Q\", back: \"A\", explain: \"E\", source: \"S\"),\n])";
    let (code, out, _) = check_text("bom.ron", text, true);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn a_deck_is_checked_against_the_built_in_decks() {
    let text = "Deck(id: \"mine\", title: \"T\", topics: [(id: \"x\", title: \"X\", requires: [\"skull/cranial-bones\"])], cards: [\n    Card(id: \"a\", topic: \"x\", front: \"Q\", back: \"A\", explain: \"E\", source: \"S\"),\n])";
    let (code, out, _) = check_text("mine.ron", text, true);
    assert_eq!(code, 0, "{out}");
    let missing = text.replace("skull/cranial-bones", "skull/no-such-topic");
    let (code, out, path) = check_text("mine.ron", &missing, false);
    assert_eq!(code, 1, "{out}");
    let want = format!(
        "{path}:1:39: error: topic `x` requires `skull/no-such-topic`, but deck `skull` has no topic `no-such-topic`"
    );
    assert!(out.lines().any(|l| l == want), "want {want}\n{out}");
}

#[test]
fn an_edition_of_a_built_in_deck_says_so() {
    let skull = std::fs::read_to_string("decks/skull.ron").unwrap();
    let edition = skull.replacen("Deck(", "Deck(replaces: \"skull\", ", 1);
    let (code, out, path) = check_text("mine.ron", &edition, false);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.lines()
            .any(|l| l == format!("{path} replaces built-in deck skull")),
        "{out}"
    );
    // An edition without the topics other built-in decks build on is left out, and the
    // error names the edition, not the built-in decks.
    let text = "Deck(id: \"skull\", replaces: \"skull\", title: \"Skull, 2nd ed.\", cards: [\n    Card(id: \"a\", front: \"Q\", back: \"A\", explain: \"E\", source: \"S\"),\n])";
    let (code, out, path) = check_text("mine.ron", text, false);
    assert_eq!(code, 1, "{out}");
    let want = format!(
        "{path}:1:6: error: this edition of deck `skull` lacks topics the built-in decks require ("
    );
    assert!(
        out.lines().any(|l| l.starts_with(&want)),
        "want {want}\n{out}"
    );
    assert!(!out.contains("decks/"), "{out}");
    let wrong = text.replace("replaces: \"skull\"", "replaces: \"spine\"");
    let (code, out, path) = check_text("mine.ron", &wrong, false);
    assert_eq!(code, 1);
    assert!(
        out.contains(&format!("{path}:1:6: error: `replaces` is `spine`, but a deck replaces only the built-in deck with its own id")),
        "{out}"
    );
}

/// 30,000 topics, each requiring the one before: no recursion may follow the chain.
#[test]
fn a_thirty_thousand_topic_chain_is_checked_without_overflow() {
    let mut text =
        String::from("Deck(id: \"chain\", title: \"T\", topics: [\n(id: \"t0\", title: \"T\"),\n");
    for i in 1..30_000 {
        text.push_str(&format!(
            "(id: \"t{i}\", title: \"T\", requires: [\"t{}\"]),\n",
            i - 1
        ));
    }
    text.push_str("], cards: [Card(id: \"a\", topic: \"t29999\", front: \"Q\", back: \"A\", explain: \"E\", source: \"S\")])");
    let (code, out, _) = check_text("chain.ron", &text, true);
    assert_eq!(code, 0, "{out}");
    // Closing the chain makes one cycle, reported once and shown by its ends.
    let closed = text.replacen(
        "(id: \"t0\", title: \"T\")",
        "(id: \"t0\", title: \"T\", requires: [\"t29999\"])",
        1,
    );
    let (code, out, _) = check_text("chain.ron", &closed, false);
    assert_eq!(code, 1);
    let cycles: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("prerequisite cycle"))
        .collect();
    assert_eq!(cycles.len(), 1, "{out}");
    assert!(cycles[0].contains("(29988 more topics)"), "{}", cycles[0]);
    assert!(cycles[0].len() < 400, "{}", cycles[0]);
}

#[test]
fn many_cycles_give_a_bounded_report() {
    let mut text = String::from("Deck(id: \"knot\", title: \"T\", topics: [\n");
    for i in 0..2_000 {
        let j = i ^ 1;
        text.push_str(&format!(
            "(id: \"t{i}\", title: \"T\", requires: [\"t{j}\"]),\n"
        ));
    }
    text.push_str(
        "], cards: [Card(id: \"a\", front: \"Q\", back: \"A\", explain: \"E\", source: \"S\")])",
    );
    let (code, out, _) = check_text("knot.ron", &text, false);
    assert_eq!(code, 1);
    let cycles = out
        .lines()
        .filter(|l| l.contains(": error: prerequisite cycle"))
        .count();
    assert_eq!(cycles, 20, "{out}");
    assert!(
        out.contains("980 more prerequisite cycles not shown"),
        "{out}"
    );
}

#[test]
fn problems_past_the_cap_are_counted_not_printed() {
    let mut text = String::from("Deck(id: \"noisy\", title: \"T\", cards: [\n");
    for i in 0..1_000 {
        text.push_str(&format!("Card(id: \"c{i}\", topic: \"nope\", front: \"Q\", back: \"A\", explain: \"E\", source: \"S\"),\n"));
    }
    text.push_str("])");
    let (code, out, _) = check_text("noisy.ron", &text, false);
    assert_eq!(code, 1);
    assert_eq!(
        out.lines().filter(|l| l.contains("unknown topic")).count(),
        200
    );
    assert!(
        out.contains("800 more problems in this file not shown (800 errors)"),
        "{out}"
    );
    assert!(out.contains(": 1000 errors, 0 warnings"), "{out}");
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_link_to_a_device_is_refused_without_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.ron");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.ron")).unwrap();
    let out = Command::cargo_bin("somadeck")
        .unwrap()
        .env("SOMADECK_HOME", dir.path().join("home"))
        .arg("check")
        .arg(dir.path())
        // A hang guard only: the command answers at once when it works.
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&out.stdout).into_owned();
    let pipe = format!(
        "{}:1:1: error: this is a named pipe (FIFO), not a regular file",
        fifo.display()
    );
    assert!(out.contains(&pipe), "{out}");
    assert!(
        out.contains("zero.ron:1:1: error: this is a device, not a regular file"),
        "{out}"
    );
}

/// A built-in deck's file being edited in somadeck's source tree is checked as that built-in
/// deck, not as a second edition that lacks `replaces`; the same file anywhere else is not.
#[test]
fn a_built_in_deck_edited_in_the_source_tree_is_checked_as_itself() {
    let skull = std::fs::read_to_string("decks/skull.ron")
        .unwrap()
        .replacen("version: 1,", "version: 1, authors: [\"an editor\"],", 1)
        .replacen("    authors: [\"somadeck contributors\"],\n", "", 1);
    let tree = tempfile::tempdir().unwrap();
    std::fs::write(
        tree.path().join("Cargo.toml"),
        "[package]\nname = \"somadeck\"\n",
    )
    .unwrap();
    let decks = tree.path().join("decks");
    std::fs::create_dir_all(&decks).unwrap();
    copy_pictures(&decks);
    std::fs::write(decks.join("skull.ron"), &skull).unwrap();
    let path = decks.join("skull.ron");
    let (code, out) = check(&["--strict", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    std::fs::remove_file(tree.path().join("Cargo.toml")).unwrap();
    let (code, out) = check(&[path.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("add `replaces: \"skull\"`"), "{out}");
}

#[test]
fn the_summary_says_a_deck_with_errors_was_not_counted() {
    let (code, out) = check(&["tests/fixtures/bad/picture-region-twice.ron"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("checked 1 deck, 1 card (1 with errors): 1 error"),
        "{out}"
    );
}
