//! The real binary for the integration tests: one home folder, a fixed clock, UTC study days.
//! Each test file uses the part it needs.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Child, Output, Stdio};

/// `somadeck` with `SOMADECK_HOME`, `SOMADECK_NOW` and `TZ=UTC` set.
pub fn somadeck(home: &Path, now: &str) -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("somadeck").unwrap();
    c.env("SOMADECK_HOME", home)
        .env("SOMADECK_NOW", now)
        .env("TZ", "UTC");
    c
}

/// Runs `somadeck ARGS` with `input` on standard input.
pub fn run(home: &Path, now: &str, args: &[&str], input: &str) -> Output {
    somadeck(home, now)
        .args(args)
        .write_stdin(input)
        .output()
        .unwrap()
}

/// Line mode fed `input`; it must succeed. Returns what it printed.
pub fn study(home: &Path, now: &str, input: &str) -> String {
    let out = run(home, now, &["study", "--plain"], input);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

/// Starts line mode with pipes on every side, to be fed and read as it goes.
pub fn spawn_plain(home: &Path, now: &str) -> Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("somadeck"))
        .env("SOMADECK_HOME", home)
        .env("SOMADECK_NOW", now)
        .env("TZ", "UTC")
        .args(["study", "--plain"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// How many entries of `dir` have a name starting with `prefix`.
pub fn files_starting_with(dir: &Path, prefix: &str) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(prefix)
        })
        .count()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Answers the first card in line mode, so the home has a log.
pub fn answer_one(home: &Path, now: &str) {
    assert!(
        run(home, now, &["study", "--plain"], "x\n3\n")
            .status
            .success()
    );
}

/// Appends half a record to the review log, as a crash in the middle of a write leaves it.
pub fn tear_the_log(home: &Path) {
    use std::io::Write;
    let log = home.join("data/reviews.log");
    let mut f = std::fs::OpenOptions::new().append(true).open(&log).unwrap();
    f.write_all(b"Review(\"skull/torn").unwrap();
}

/// Deck `id`'s entry in what `somadeck stats --json` printed.
pub fn stats_deck<'a>(stats: &'a serde_json::Value, id: &str) -> Option<&'a serde_json::Value> {
    stats["decks"].as_array()?.iter().find(|d| d["id"] == id)
}
