//! Feedback through the real binary: a flag's note in line mode, `flags --export`,
//! `progress --export` for a class of three, and `report` over their files.

mod bin_support;

use std::path::Path;

use bin_support::*;
use serde_json::Value;

const DAY1: &str = "2027-01-04T09:00:00Z";
/// Weeks later: a card learnt on day 1 with Easy is due again.
const LATER: &str = "2027-03-01T09:00:00Z";

/// The card line mode put up first, from its header `[.. new, .. learning, .. due] deck/card (kind)`.
fn first_card(out: &str) -> String {
    let header = out
        .lines()
        .find(|l| l.starts_with('['))
        .unwrap_or_else(|| panic!("no card shown: {out}"));
    let after = header.split("] ").nth(1).unwrap();
    after.split(' ').next().unwrap().to_string()
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn export(home: &Path, args: &[&str]) -> String {
    let out = run(home, LATER, args, "");
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

#[test]
fn a_note_typed_in_line_mode_reaches_cards_and_the_flags_export() {
    let home = tempfile::tempdir().unwrap();
    // `:f` at the question, then a note; at the grade prompt `f` unflags without asking, and
    // `f` again asks again.
    let input = ":f\nthe answer contradicts Gray's, p. 12\nx\nf\nf\n\x1b[31mred\n3\nq\n";
    let out = study(home.path(), DAY1, input);
    let card = first_card(&out);
    assert_eq!(
        out.matches("Note for the deck's author (Enter to skip):")
            .count(),
        2,
        "{out}"
    );
    assert!(
        out.contains(&format!("Flagged {card} with your note")),
        "{out}"
    );
    assert!(
        out.contains(&format!("Removed the flag from {card}")),
        "{out}"
    );

    let listed = run(home.path(), DAY1, &["cards", "--flagged"], "");
    let listed = stdout(&listed);
    assert!(listed.contains(&card), "{listed}");
    assert!(
        listed.contains("note: \\e[31mred"),
        "escaped when shown: {listed}"
    );

    let file = home.path().join("flags.json");
    let said = export(home.path(), &["flags", "--export", file.to_str().unwrap()]);
    assert!(said.contains("1 flagged card (1 with a note)"), "{said}");
    let v = json(&file);
    assert_eq!(v["format"], "somadeck-flags/1");
    let cards = v["cards"].as_array().unwrap();
    assert_eq!(cards.len(), 1);
    let c = &cards[0];
    assert_eq!(c["item"], card.as_str());
    assert_eq!(c["deck"], card.split('/').next().unwrap());
    assert!(c["deck_version"].as_u64().is_some());
    assert_eq!(c["flag"]["note"], "\u{1b}[31mred");
    assert_eq!(c["flag"]["at"], DAY1);
    assert_eq!(c["history"][0]["grade"], "Good");
    assert_eq!(c["history"][0]["at"], DAY1);
    let fields: Vec<&str> = c["history"][0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(fields, ["at", "grade"], "grades and times, nothing else");
    assert!(v.get("name").is_none());
    assert!(!home.path().join("flags.json.tmp").exists());
}

/// One student: the first card learnt with Easy on day 1; weeks later it is due, and is
/// answered with `later` (1: forgotten), optionally flagged with `note` first.
fn student(later: &str, note: Option<&str>) -> (tempfile::TempDir, String) {
    let home = tempfile::tempdir().unwrap();
    let out = study(home.path(), DAY1, "x\n4\nq\n");
    let card = first_card(&out);
    let flag = note.map_or(String::new(), |n| format!("f\n{n}\n"));
    let out = study(home.path(), LATER, &format!("x\n{flag}{later}\nq\n"));
    assert_eq!(first_card(&out), card, "the due review comes first: {out}");
    (home, card)
}

fn progress_file(home: &Path, extra: &[&str]) -> std::path::PathBuf {
    let file = home.join("progress.json");
    let mut args = vec!["progress", "--export", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    export(home, &args);
    file
}

#[test]
fn a_class_report_ranks_the_card_students_keep_failing_first() {
    let (a, card) = student("1", Some("the picture shows the wrong bone"));
    let (b, _) = student("1", None);
    let (c, _) = student("3", None);
    let fa = progress_file(a.path(), &["--name", "Ana"]);
    let fb = progress_file(b.path(), &[]);
    // The third student also learns a second card, which nobody fails.
    let second = first_card(&study(c.path(), LATER, "x\n4\nq\n"));
    let fc = progress_file(c.path(), &[]);
    // A deck named: only its cards.
    let one_deck = c.path().join("one-deck.json");
    let deck = second.split('/').next().unwrap();
    export(
        c.path(),
        &["progress", "--export", one_deck.to_str().unwrap(), deck],
    );
    let cards = json(&one_deck)["cards"].as_array().unwrap().clone();
    assert!(cards.iter().all(|r| r["deck"] == deck) && !cards.is_empty());
    let out = run(
        c.path(),
        LATER,
        &["progress", "--export", "x.json", "nodeck"],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no deck named nodeck"),
        "{}",
        stderr(&out)
    );

    let va = json(&fa);
    assert_eq!(va["format"], "somadeck-progress/1");
    assert_eq!(va["name"], "Ana");
    assert!(json(&fb).get("name").is_none(), "no name unless --name");
    let rec = &va["cards"][0];
    assert_eq!(rec["item"], card.as_str());
    assert_eq!(
        (rec["answers"].as_u64(), rec["lapses"].as_u64()),
        (Some(2), Some(1))
    );
    assert!(rec["difficulty"].as_f64().unwrap() > 0.0);
    assert!(rec["stability"].as_f64().unwrap() > 0.0);
    assert_eq!(rec["flag"]["note"], "the picture shows the wrong bone");
    assert!(rec.get("history").is_none(), "progress is a summary");
    assert_eq!(json(&fc)["cards"].as_array().unwrap().len(), 2);

    let files = [&fa, &fb, &fc].map(|f| f.to_str().unwrap().to_string());
    let mut args = vec!["report"];
    args.extend(files.iter().map(String::as_str));
    let out = run(a.path(), LATER, &args, "");
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let first_row = text.lines().nth(2).unwrap();
    assert!(
        first_row.trim_start().starts_with(&format!("1  {card}")),
        "{text}"
    );
    assert!(first_row.contains("33%"), "2 lapses in 6 answers: {text}");
    assert!(
        text.contains("(Ana): the picture shows the wrong bone"),
        "{text}"
    );

    args.push("--json");
    let out = run(a.path(), LATER, &args, "");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let top = &v["cards"][0];
    assert_eq!(top["item"], card.as_str());
    assert_eq!(top["students"], 3);
    assert_eq!(
        (top["answers"].as_u64(), top["lapses"].as_u64()),
        (Some(6), Some(2))
    );
    assert_eq!(top["flags"][0]["note"], "the picture shows the wrong bone");
    assert_eq!(v["files"], 3);
    assert_eq!(v["cards"].as_array().unwrap().len(), 2);
    // Line mode names the card; the report names the review item (`#1`: a cloze's first gap).
    assert!(v["cards"][1]["item"].as_str().unwrap().starts_with(&second));
    assert_eq!(v["cards"][1]["lapses"], 0);
}

#[test]
fn a_report_names_the_files_it_leaves_out_and_counts_the_rest() {
    let (a, card) = student("1", Some("typo"));
    let good = progress_file(a.path(), &[]);
    let dir = a.path();
    std::fs::write(dir.join("foreign.json"), "{\"cards\": []}").unwrap();
    std::fs::write(
        dir.join("broken.json"),
        "{\n\"format\": \"somadeck-flags/1\",\n oops",
    )
    .unwrap();
    std::fs::write(
        dir.join("newer.json"),
        "{\"format\": \"somadeck-progress/9\"}",
    )
    .unwrap();
    let args: Vec<String> = ["foreign.json", "broken.json", "newer.json", "missing.json"]
        .iter()
        .map(|f| dir.join(f).to_str().unwrap().to_string())
        .chain([good.to_str().unwrap().to_string()])
        .collect();
    let mut argv = vec!["report"];
    argv.extend(args.iter().map(String::as_str));
    let out = run(dir, LATER, &argv, "");
    assert_eq!(out.status.code(), Some(1), "some files were left out");
    let err = stderr(&out);
    for f in [
        "foreign.json: not a somadeck feedback file",
        "broken.json:3:",
        "newer.json: written in format \"somadeck-progress/9\"",
        "missing.json: the file does not exist",
    ] {
        assert!(err.contains(f), "{f}: {err}");
    }
    assert!(
        stdout(&out).contains(&card),
        "the good file is still counted"
    );

    // Nothing usable: no report, and an error.
    let out = run(dir, LATER, &["report", &args[0]], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty());
    assert!(stderr(&out).contains("no report"), "{}", stderr(&out));
}

#[test]
fn flags_from_an_older_log_export_without_a_note() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(
        data.join("reviews.log"),
        "Review(\"skull/posterior-term\",\"2026-11-23T08:59:00Z\",Hard,4200,New)\n\
         Flag(item:\"skull/posterior-term\",at:\"2026-11-23T09:00:00Z\")\n",
    )
    .unwrap();
    let file = home.path().join("flags.json");
    let said = export(home.path(), &["flags", "--export", file.to_str().unwrap()]);
    assert!(said.contains("1 flagged card (0 with a note)"), "{said}");
    let c = &json(&file)["cards"][0];
    assert_eq!(c["item"], "skull/posterior-term");
    assert!(c["flag"].get("note").is_none());
    assert_eq!(c["history"][0]["grade"], "Hard");
    let log = std::fs::read_to_string(data.join("reviews.log")).unwrap();
    assert_eq!(
        log.lines().count(),
        2,
        "exporting writes nothing to the log"
    );
}

#[test]
fn the_same_export_sent_twice_counts_one_student() {
    let (a, card) = student("1", Some("typo"));
    let good = progress_file(a.path(), &[]);
    let copy = a.path().join("copy of progress.json");
    std::fs::copy(&good, &copy).unwrap();
    let out = run(
        a.path(),
        LATER,
        &[
            "report",
            "--json",
            good.to_str().unwrap(),
            copy.to_str().unwrap(),
            good.to_str().unwrap(),
        ],
        "",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("counted once"), "{}", stderr(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let row = report["cards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["item"] == card.as_str())
        .unwrap();
    assert_eq!(row["students"], 1, "{row}");
    assert_eq!(row["flags"].as_array().unwrap().len(), 1, "{row}");
}
