//! The real binary in line mode and the plain commands, through pipes, with a fixed clock.

use std::path::Path;

mod bin_support;

use bin_support::{somadeck, study};

fn log(home: &Path) -> Vec<String> {
    std::fs::read_to_string(home.join("data/reviews.log"))
        .unwrap_or_default()
        .lines()
        .map(String::from)
        .collect()
}

const DAY1: &str = "2026-11-23T10:00:00Z";

#[test]
fn a_reveal_card_is_shown_answered_and_logged() {
    let home = tempfile::tempdir().unwrap();
    let out = study(home.path(), DAY1, "\n3\nq\n");
    assert!(out.contains("Q: What is the anatomical position?"), "{out}");
    assert!(out.contains("A: "), "{out}");
    assert!(out.contains("Why: "), "{out}");
    assert!(out.contains("Source: "), "{out}");
    assert!(
        out.contains("Grade: 1 Again 1 minute, 2 Hard 6 minutes, 3 Good 10 minutes, 4 Easy"),
        "{out}"
    );
    let log = log(home.path());
    assert_eq!(log.len(), 1, "{log:?}");
    assert!(
        log[0].starts_with("Review(\"skull/anatomical-position\",\"2026-11-23T10:00:00Z\",Good,"),
        "{}",
        log[0]
    );
}

#[test]
fn bad_grades_get_a_hint_and_undo_takes_an_answer_back() {
    let home = tempfile::tempdir().unwrap();
    let out = study(home.path(), DAY1, "\nx\n3\n\nu\nq\n");
    assert!(out.contains("Type 1, 2, 3 or 4 to grade"), "{out}");
    assert!(
        out.contains("Took back the answer to skull/anatomical-position (Good)"),
        "{out}"
    );
    let log = log(home.path());
    assert_eq!(log.len(), 2);
    assert!(
        log[1].starts_with("Undo(item:\"skull/anatomical-position\""),
        "{}",
        log[1]
    );
}

#[test]
fn end_of_input_saves_and_progress_carries_over_days() {
    let home = tempfile::tempdir().unwrap();
    // Grade everything Easy until input runs out: "1" is a wrong typed answer, option 1 of a
    // choice card, or what the learner wrote on a card they grade themselves; 4 grades. The
    // default new_per_day (20) is a total over all decks: study stops after 20 new cards, with
    // input to spare.
    let input = "1\n4\n".repeat(30);
    let out = study(home.path(), DAY1, &input);
    assert!(out.contains("Session: 20 answered"), "{out}");
    assert!(out.contains("Nothing more to study now."), "{out}");
    assert_eq!(log(home.path()).len(), 20);
    assert!(home.path().join("data/state.bin").exists());
    // Nothing of that is due the next day (Easy intervals are several days)...
    let stats = somadeck(home.path(), "2026-11-24T10:00:00Z")
        .args(["stats", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(v["reviews"], 20);
    assert_eq!(v["seen"], 20);
    assert_eq!(v["due"], 0);
    // ...but months later all of it is.
    let stats = somadeck(home.path(), "2027-06-01T10:00:00Z")
        .args(["stats", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(v["due"], 20, "{v}");
    assert!(
        v["decks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["id"] == "skull" && d["seen"].as_u64() > Some(0))
    );
}

#[test]
fn stats_json_has_the_documented_keys() {
    let home = tempfile::tempdir().unwrap();
    let out = somadeck(home.path(), DAY1)
        .args(["stats", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in ["reviews", "cards", "seen", "due", "new_available", "decks"] {
        assert!(v.get(key).is_some(), "missing {key} in {v}");
    }
    assert_eq!(v["reviews"], 0);
    assert_eq!(v["decks"].as_array().unwrap().len(), 12);
    assert!(v["new_available"].as_u64().unwrap() > 0);
}

#[test]
fn a_second_instance_is_refused_at_once() {
    let home = tempfile::tempdir().unwrap();
    let mut first = std::process::Command::new(assert_cmd::cargo::cargo_bin("somadeck"))
        .env("SOMADECK_HOME", home.path())
        .env("SOMADECK_NOW", DAY1)
        .args(["study", "--plain"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the first instance has printed its first question (and so holds the lock).
    let mut stdout = first.stdout.take().unwrap();
    let mut buf = [0u8; 64];
    let _ = std::io::Read::read(&mut stdout, &mut buf).unwrap();
    let second = somadeck(home.path(), DAY1)
        .args(["study", "--plain"])
        .write_stdin("q\n")
        .output()
        .unwrap();
    first.kill().unwrap();
    first.wait().unwrap();
    assert!(!second.status.success());
    let err = String::from_utf8_lossy(&second.stderr);
    assert!(err.contains("another") || err.contains("lock"), "{err}");
}

#[test]
fn unknown_deck_names_the_known_ones() {
    let home = tempfile::tempdir().unwrap();
    let out = somadeck(home.path(), DAY1)
        .args(["study", "--plain", "nope"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no deck named nope") && err.contains("skull"),
        "{err}"
    );
}

#[test]
fn a_bad_clock_or_config_is_reported_not_ignored() {
    let home = tempfile::tempdir().unwrap();
    let out = somadeck(home.path(), "yesterday")
        .args(["stats"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("SOMADECK_NOW"));
    std::fs::write(home.path().join("config.ron"), "(\n  new_per_dya: 3,\n)").unwrap();
    let out = somadeck(home.path(), DAY1)
        .args(["stats"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("config.ron:2:"), "{err}");
    assert_eq!(
        std::fs::read_to_string(home.path().join("config.ron")).unwrap(),
        "(\n  new_per_dya: 3,\n)"
    );
}

#[test]
fn an_updated_deck_keeps_progress_by_card_id() {
    let home = tempfile::tempdir().unwrap();
    let decks = home.path().join("decks");
    std::fs::create_dir_all(&decks).unwrap();
    let v1 = r#"Deck(id: "custom", title: "Custom", cards: [
        Card(id: "a", front: "Which bone holds the sella turcica?", back: "sphenoid"),
        Card(id: "b", front: "Second", back: "B"),
    ])"#;
    std::fs::write(decks.join("custom.ron"), v1).unwrap();
    let out = somadeck(home.path(), DAY1)
        .args(["study", "--plain", "custom"])
        .write_stdin("x\n4\nq\n")
        .output()
        .unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(out.contains("custom/a"), "{out}");
    // Version 2 fixes a typo in card a, drops card b and adds card c.
    let v2 = r#"Deck(id: "custom", title: "Custom", version: 2, cards: [
        Card(id: "a", front: "Which bone holds the sella turcica (pituitary fossa)?", back: "the sphenoid"),
        Card(id: "c", front: "Third", back: "C"),
    ])"#;
    std::fs::write(decks.join("custom.ron"), v2).unwrap();
    let stats = somadeck(home.path(), "2026-11-24T10:00:00Z")
        .args(["stats", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    let custom = bin_support::stats_deck(&v, "custom").unwrap();
    assert_eq!(custom["cards"], 2);
    assert_eq!(
        custom["seen"], 1,
        "the edited card keeps its history: {custom}"
    );
    // The next day, card a is not new again: only c is offered as new.
    let out = somadeck(home.path(), "2026-11-24T10:00:00Z")
        .args(["study", "--plain", "custom"])
        .write_stdin("q\n")
        .output()
        .unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.contains("custom/c (new)") && !out.contains("custom/a (new)"),
        "{out}"
    );
}

#[test]
fn suspended_and_flagged_cards_are_listed_and_can_be_unsuspended() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(
        data.join("reviews.log"),
        "Suspend(item:\"skull/anatomical-position\",at:\"2026-11-23T09:00:00Z\")\n\
         Flag(item:\"skull/posterior-term\",at:\"2026-11-23T09:00:00Z\")\n",
    )
    .unwrap();
    let run = |args: &[&str]| {
        let out = somadeck(home.path(), DAY1).args(args).output().unwrap();
        (out.status.code(), String::from_utf8(out.stdout).unwrap())
    };
    let (code, out) = run(&["cards"]);
    assert_eq!(code, Some(0));
    assert!(
        out.contains("skull/anatomical-position") && out.contains("suspended"),
        "{out}"
    );
    assert!(
        out.contains("skull/posterior-term") && out.contains("flagged"),
        "{out}"
    );
    let (_, out) = run(&["cards", "--flagged"]);
    assert!(!out.contains("anatomical-position"), "{out}");
    let (code, out) = run(&["unsuspend", "skull/anatomical-position", "skull/nope"]);
    assert_eq!(code, Some(1), "an unknown id fails");
    assert!(
        out.contains("skull/anatomical-position is back in study"),
        "{out}"
    );
    assert!(out.contains("no card skull/nope"), "{out}");
    let (_, out) = run(&["cards", "--suspended"]);
    assert!(out.contains("No cards need attention."), "{out}");
    assert!(
        log(home.path())
            .last()
            .unwrap()
            .starts_with("Unsuspend(item:\"skull/anatomical-position\"")
    );
}

#[test]
fn a_deck_whose_topics_are_all_locked_says_what_to_learn_first() {
    let home = tempfile::tempdir().unwrap();
    let out = somadeck(home.path(), DAY1)
        .args(["study", "--plain", "spine"])
        .write_stdin("q\n")
        .output()
        .unwrap();
    assert!(out.status.success());
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(out.contains("Nothing more to study now."), "{out}");
    assert!(
        out.contains("What is left is locked until you learn \"Anatomical terms and bone basics\" (deck skull): 0 of"),
        "{out}"
    );
}

/// With the clock behind the newest answer, line mode says so, and the daily limit still holds.
#[test]
fn a_clock_behind_the_log_is_named_and_the_limits_hold() {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("config.ron"), "(new_per_day: 3)").unwrap();
    let out = study(home.path(), "2026-11-23T12:00:00Z", &"1\n3\n".repeat(10));
    assert_eq!(out.matches("(new)").count(), 3, "{out}");
    let out = study(home.path(), "2026-11-23T10:00:00Z", &"1\n3\n".repeat(10));
    assert!(
        out.contains("warning: the clock says 2026-11-23T10:00:00Z, but your newest answer"),
        "{out}"
    );
    assert!(!out.contains("(new)"), "no new card past the limit: {out}");
}

#[test]
fn stats_prints_readiness_as_plain_text_and_json_carries_every_figure() {
    let home = tempfile::tempdir().unwrap();
    study(home.path(), DAY1, "3\n3\n3\n3\nq\n");
    let out = somadeck(home.path(), "2026-11-23T11:00:00Z")
        .args(["stats"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for heading in [
        "Activity over the last 26 weeks",
        "Forecast:",
        "True retention",
        "Mastery",
        "Calibration",
    ] {
        assert!(text.contains(heading), "{heading} missing in {text}");
    }
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "too wide: {line:?}");
        assert!(!line.chars().any(char::is_control), "control: {line:?}");
    }
    let out = somadeck(home.path(), "2026-11-23T11:00:00Z")
        .args(["stats", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let r = &v["readiness"];
    assert_eq!(r["activity"]["days"].as_array().unwrap().len(), 182);
    let today = r["activity"]["days"].as_array().unwrap().last().unwrap();
    assert!(today["reviews"].as_u64().unwrap() > 0, "{today}");
    assert_eq!(r["forecast"].as_array().unwrap().len(), 30);
    assert!(
        r["forecast"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n.as_u64() > Some(0))
    );
    assert_eq!(r["retention"].as_array().unwrap().len(), 3);
    assert_eq!(r["calibration"].as_array().unwrap().len(), 5);
    assert_eq!(r["mastery"]["decks"].as_array().unwrap().len(), 12);
    assert!(
        r["mastery"]["weakest"][0]["recall_now"].as_f64().is_some(),
        "{r}"
    );
}
