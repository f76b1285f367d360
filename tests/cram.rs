//! `somadeck cram --plain` through the real binary: a home folder with a hand-written review
//! log, an exam date in config.ron, and a fixed clock.

use std::path::Path;

mod bin_support;

use bin_support::{run, stderr, stdout};

const DAY1: &str = "2026-11-23T10:00:00Z";
const LATER: &str = "2026-11-30T10:00:00Z";

/// Three cards met on the first day: Easy (stability about 8 days), Hard (about 1.3) and Good
/// (about 2.3); so on any later day the Hard one is the weakest and the Easy one the strongest.
fn home_with(config: &str) -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("data")).unwrap();
    std::fs::write(home.path().join("config.ron"), config).unwrap();
    let log: String = [
        ("anatomical-position", "Easy"),
        ("posterior-term", "Hard"),
        ("medial-lateral", "Good"),
    ]
    .iter()
    .map(|(card, grade)| format!("Review(\"skull/{card}\",\"{DAY1}\",{grade},4000,New)\n"))
    .collect();
    std::fs::write(home.path().join("data/reviews.log"), log).unwrap();
    home
}

fn log(home: &Path) -> Vec<String> {
    std::fs::read_to_string(home.join("data/reviews.log"))
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

#[test]
fn cram_shows_the_weakest_card_on_the_exam_day_first_and_says_how_recall_moved() {
    let home = home_with(r#"(exam_date: "2026-12-20")"#);
    let out = run(
        home.path(),
        LATER,
        &["cram", "--plain"],
        "posterior\n3\nq\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("Cram: 3 cards, lowest predicted recall on the exam day (2026-12-20) first."),
        "{text}"
    );
    let first = text.lines().find(|l| l.starts_with('[')).unwrap();
    assert_eq!(first, "[3 to cram] skull/posterior-term (cram)");
    let summary = text
        .lines()
        .find(|l| {
            l.starts_with("Cram: 1 card drilled; predicted recall on the exam day (2026-12-20): ")
        })
        .unwrap_or_else(|| panic!("{text}"));
    // The mean over the three cards rose: the weakest was just answered Good.
    let figures: Vec<u32> = summary
        .rsplit(": ")
        .next()
        .unwrap()
        .trim_end_matches('.')
        .split(" -> ")
        .map(|p| p.trim_end_matches('%').parse().unwrap())
        .collect();
    assert!(figures[1] > figures[0], "{summary}");
    let log = log(home.path());
    assert_eq!(log.len(), 4);
    assert!(
        log[3].starts_with(&format!(
            "Review(\"skull/posterior-term\",\"{LATER}\",Good,"
        )) && log[3].ends_with(",Cram)"),
        "{}",
        log[3]
    );
}

#[test]
fn without_an_exam_date_cram_ranks_by_recall_now_and_after_the_exam_it_is_refused() {
    let home = home_with("()");
    let out = run(home.path(), LATER, &["cram", "--plain"], "q\n");
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("lowest predicted recall now (no exam date is set) first"),
        "{text}"
    );
    assert!(
        text.contains("[3 to cram] skull/posterior-term (cram)"),
        "{text}"
    );
    let home = home_with(r#"(exam_date: "2026-11-25")"#);
    let out = run(home.path(), LATER, &["cram", "--plain"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("the exam on 2026-11-25 is over, so there is nothing to cram for"),
        "{}",
        stderr(&out)
    );
    // The way on is a command, as everywhere else the exam is over.
    assert!(
        stderr(&out).contains("`somadeck exam YYYY-MM-DD`")
            && stderr(&out).contains("`somadeck exam --clear`"),
        "{}",
        stderr(&out)
    );
    assert_eq!(log(home.path()).len(), 3, "nothing was written");
}

#[test]
fn cram_without_studied_cards_says_so_and_new_takes_unseen_cards_without_using_the_new_limit() {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("config.ron"), "(new_per_day: 1)").unwrap();
    let out = run(home.path(), DAY1, &["cram", "--plain", "spine"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("nothing to cram here"),
        "{}",
        stderr(&out)
    );
    // Two unseen cards crammed with --new; the day's one new card is still there to study.
    let out = run(
        home.path(),
        DAY1,
        &["cram", "--plain", "--new", "skull"],
        "x\n4\nx\n4\nq\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Cram: 2 cards drilled"),
        "{}",
        stdout(&out)
    );
    let out = run(home.path(), DAY1, &["study", "--plain", "skull"], "q\n");
    let text = stdout(&out);
    assert!(text.contains("[1 new, "), "{text}");
}

#[test]
fn cram_without_a_terminal_points_to_line_mode() {
    let home = home_with(r#"(exam_date: "2026-12-20")"#);
    let out = run(home.path(), LATER, &["cram"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cram --plain"), "{}", stderr(&out));
    assert_eq!(log(home.path()).len(), 3);
}
