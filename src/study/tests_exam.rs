//! Exam plans at the edges: exams far ahead, and the days around the lead time.

use super::*;
use crate::study::Limits;
use crate::study::tests::{at, deck, session};
use jiff::civil::date;

/// A session over one deck of `n` basic cards, no topics.
fn cards(n: usize) -> Session {
    let body: Vec<String> = (0..n)
        .map(|i| format!(r#"Card(id: "c{i}", front: "F{i}", back: "B{i}")"#))
        .collect();
    let text = format!(r#"Deck(id: "d", title: "D", cards: [{}])"#, body.join(","));
    session(vec![deck(&text)], Limits::default())
}

#[test]
fn an_exam_beyond_the_simulated_horizon_is_planned_without_simulating() {
    let s = cards(3);
    let now = at("2027-01-01T12:00:00Z");
    // Twenty years: simulating every day to it would take minutes for a real collection.
    let p = plan(&s, now, date(2047, 1, 1), NewPerDay::Auto);
    let ExamPlan::Ahead { plan: pace, .. } = &p else {
        panic!("{p:?}")
    };
    assert_eq!(pace.outlook, None);
    let text = p.describe();
    assert!(text.contains("too far ahead to simulate"), "{text}");
    assert!(text.contains("1 new a day meets them all"), "{text}");
}

#[test]
fn a_later_exam_never_asks_for_more_new_items_a_day() {
    let s = cards(100);
    let now = at("2027-01-01T12:00:00Z");
    let needed = |days: i64| match plan(
        &s,
        now,
        date(2027, 1, 1) + jiff::Span::new().days(days),
        NewPerDay::Auto,
    ) {
        ExamPlan::Ahead {
            new_per_day_needed, ..
        } => new_per_day_needed,
        other => panic!("{other:?}"),
    };
    let mut before = needed(1);
    for days in 2..=30 {
        let now_needed = needed(days);
        assert!(
            now_needed <= before,
            "{days} days out needs {now_needed} a day, {} days out {before}",
            days - 1
        );
        before = now_needed;
    }
}

#[test]
fn with_every_item_suspended_the_plan_says_there_is_nothing_to_plan() {
    let mut s = cards(2);
    let now = at("2027-01-01T12:00:00Z");
    for id in ["d/c0", "d/c1"] {
        let i = s.coll.find(id).unwrap();
        s.suspend(i, now).unwrap();
    }
    let p = plan(&s, now, date(2027, 2, 1), NewPerDay::Auto);
    let text = p.describe();
    assert!(text.contains("no items to study"), "{text}");
    assert!(!text.contains("Every item has been started"), "{text}");
    assert!(!text.contains("Predicted recall"), "{text}");
}

#[test]
fn cram_with_new_cards_and_nothing_at_all_does_not_suggest_new_cards() {
    let mut s = cards(1);
    let now = at("2027-01-01T12:00:00Z");
    let i = s.coll.find("d/c0").unwrap();
    s.suspend(i, now).unwrap();
    let plain = s.start_cram(false, now).unwrap_err().to_string();
    assert!(plain.contains("--new"), "{plain}");
    let with_new = s.start_cram(true, now).unwrap_err().to_string();
    assert!(!with_new.contains("--new"), "{with_new}");
    assert!(with_new.contains("suspended"), "{with_new}");
}
