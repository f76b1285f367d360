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
        .collect();
    files.sort();
    assert!(files.len() >= 18, "fixtures missing");
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

fn temp_file(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = tempfile::tempdir().unwrap().keep();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
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
    assert!(out.contains(&format!("checked {shipped} deck(s)")), "{out}");
}
