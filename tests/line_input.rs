//! Line mode's input reader against arbitrary bytes, and the real binary given a line that is
//! not UTF-8, a line that is too long, and lines ended by a lone CR.

use std::io::BufReader;
use std::path::Path;

use assert_cmd::Command;
use proptest::prelude::*;
use somadeck::line_input::{Line, LineReader};

/// What the reader should yield, worked out the slow way over the whole input at once.
fn expected(input: &[u8], max: usize) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < input.len() {
        if input[i] == b'\n' || input[i] == b'\r' {
            lines.push(&input[start..i]);
            if input[i] == b'\r' && input.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    if start < input.len() {
        lines.push(&input[start..]);
    }
    lines
        .into_iter()
        .map(|l| {
            if l.len() > max {
                Line::TooLong
            } else {
                String::from_utf8(l.to_vec()).map_or(Line::NotUtf8, Line::Text)
            }
        })
        .collect()
}

fn read_all(input: &[u8], capacity: usize, max: usize) -> Vec<Line> {
    let mut r = LineReader::with_limit(BufReader::with_capacity(capacity, input), max);
    let mut out = Vec::new();
    loop {
        match r.next_line().unwrap() {
            Line::End => return out,
            l => out.push(l),
        }
        assert!(out.len() <= input.len(), "more lines than bytes");
    }
}

/// A line's content: text, or bytes that may not be UTF-8; never a line end.
fn content() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        any::<String>().prop_map(|s| s.replace(['\r', '\n'], "").into_bytes()),
        prop::collection::vec(any::<u8>(), 0..40).prop_map(|b| b
            .into_iter()
            .filter(|&c| c != b'\r' && c != b'\n')
            .collect()),
    ]
}

fn line_end() -> impl Strategy<Value = &'static [u8]> {
    prop_oneof![Just(&b"\n"[..]), Just(&b"\r\n"[..]), Just(&b"\r"[..])]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_bytes_split_as_the_slow_way_says(
        input in prop::collection::vec(
            prop_oneof![Just(b'\r'), Just(b'\n'), any::<u8>()], 0..200),
        capacity in 1usize..20,
        max in 0usize..30,
    ) {
        prop_assert_eq!(read_all(&input, capacity, max), expected(&input, max));
    }

    #[test]
    fn every_valid_line_comes_out_intact(
        lines in prop::collection::vec((content(), line_end()), 0..20),
        last in content(),
        capacity in 1usize..20,
    ) {
        let mut input = Vec::new();
        let mut after_cr = false;
        for (text, end) in &lines {
            input.extend_from_slice(text);
            // An empty line ended by LF right after a CR would make that CR LF: one line end.
            let end = if after_cr && text.is_empty() && *end == b"\n" { b"\r\n" } else { *end };
            input.extend_from_slice(end);
            after_cr = end == b"\r";
        }
        input.extend_from_slice(&last);
        let got = read_all(&input, capacity, 64 * 1024);
        let mut want: Vec<&Vec<u8>> = lines.iter().map(|(t, _)| t).collect();
        if !last.is_empty() {
            want.push(&last);
        }
        prop_assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(want) {
            match std::str::from_utf8(w) {
                Ok(s) => prop_assert_eq!(g, &Line::Text(s.to_string())),
                Err(_) => prop_assert_eq!(g, &Line::NotUtf8),
            }
        }
    }
}

const DAY1: &str = "2026-11-23T10:00:00Z";

fn study(home: &Path, input: Vec<u8>) -> (std::process::Output, String) {
    let out = Command::cargo_bin("somadeck")
        .unwrap()
        .env("SOMADECK_HOME", home)
        .env("SOMADECK_NOW", DAY1)
        .env("TZ", "UTC")
        .args(["study", "--plain"])
        .write_stdin(input)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    (out, text)
}

fn reviews(home: &Path) -> usize {
    std::fs::read_to_string(home.join("data/reviews.log"))
        .unwrap_or_default()
        .lines()
        .filter(|l| l.starts_with("Review("))
        .count()
}

#[test]
fn a_line_that_is_not_utf8_is_refused_and_the_session_goes_on() {
    let home = tempfile::tempdir().unwrap();
    // The first card answered and graded, then a bad line at the second card's question,
    // then a second card answered and graded.
    let (out, text) = study(home.path(), b"x\n3\ncaf\xe9\n\n3\n".to_vec());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("that line was not valid UTF-8 text; type it again"),
        "{text}"
    );
    assert_eq!(reviews(home.path()), 2, "{text}");
    assert!(text.contains("Session: 2 answered"), "{text}");
}

#[test]
fn a_line_that_is_too_long_is_refused_and_the_session_goes_on() {
    let home = tempfile::tempdir().unwrap();
    let mut input = b"x\n".to_vec();
    input.extend(std::iter::repeat_n(b'y', 70 * 1024));
    input.extend_from_slice(b"\n3\n");
    let (out, text) = study(home.path(), input);
    assert!(out.status.success());
    assert!(text.contains("that line was longer than 64 KiB"), "{text}");
    assert_eq!(reviews(home.path()), 1, "{text}");
}

#[test]
fn a_lone_cr_ends_a_line() {
    let home = tempfile::tempdir().unwrap();
    let (out, text) = study(home.path(), b"x\r3\r".to_vec());
    assert!(out.status.success());
    assert_eq!(reviews(home.path()), 1, "{text}");
    // CR LF is one line end, not an empty line (which would take the suggested grade).
    let home = tempfile::tempdir().unwrap();
    let (out, text) = study(home.path(), b"x\r\n3\r\nx\r\n".to_vec());
    assert!(out.status.success());
    assert_eq!(reviews(home.path()), 1, "{text}");
    assert!(!text.contains("Type 1, 2, 3 or 4"), "{text}");
}
