//! The grade labels of the real binary in line mode name the interval the scheduler assigns,
//! whatever the time of day (a study day starts at 04:00).

mod bin_support;

use bin_support::study;

/// The first card's question and the days its Easy label promises.
fn first_card_and_easy_days(out: &str) -> (String, i64) {
    let question = out
        .lines()
        .find(|l| l.starts_with("Q: "))
        .unwrap_or_else(|| panic!("no question in {out}"))
        .to_string();
    let grades = out
        .lines()
        .find(|l| l.contains("Grade: "))
        .unwrap_or_else(|| panic!("no grade line in {out}"));
    let easy = grades
        .split(", ")
        .find_map(|g| g.strip_prefix("4 Easy "))
        .unwrap_or_else(|| panic!("no Easy label in {grades}"));
    let (n, unit) = easy.split_once(' ').unwrap_or((easy, ""));
    assert!(
        unit.starts_with("day"),
        "Easy label {easy:?} is not in days"
    );
    let days = n
        .parse()
        .unwrap_or_else(|_| panic!("Easy label {easy:?} is not in days"));
    (question, days)
}

fn day(start: &str, plus: i64, time: &str) -> String {
    let d: jiff::civil::Date = start.parse().unwrap();
    format!(
        "{}T{time}Z",
        d.checked_add(jiff::Span::new().days(plus)).unwrap()
    )
}

#[test]
fn an_evening_label_names_the_days_the_card_is_away() {
    let morning = tempfile::tempdir().unwrap();
    let (_, morning_days) =
        first_card_and_easy_days(&study(morning.path(), "2026-11-23T10:00:00Z", "\nq\n"));

    let home = tempfile::tempdir().unwrap();
    let evening = study(home.path(), "2026-11-23T22:30:00Z", "\n4\nq\n");
    let (question, days) = first_card_and_easy_days(&evening);
    assert_eq!(
        days, morning_days,
        "the same answer, the same interval: {evening}"
    );
    assert!(days >= 2, "{evening}");

    // Answered Easy at 22:30, the card is away for exactly that many study days.
    let before = study(home.path(), &day("2026-11-23", days - 1, "12:00:00"), "q\n");
    assert!(!before.contains(&question), "back a day early: {before}");
    let due = study(home.path(), &day("2026-11-23", days, "04:00:00"), "q\n");
    assert!(due.contains(&question), "not back on day {days}: {due}");
}
