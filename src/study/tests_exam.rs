//! The exam plan: pace, simulated recall, the days around the exam, and its edges (exams far
//! ahead, the days around the lead time, nothing to plan).

use super::*;
use crate::schedule::Grade;
use crate::study::Limits;
use crate::study::tests::{answer, at, deck, session};
use jiff::civil::date;

/// A session over one deck of `n` basic cards, no topics.
fn cards(n: usize) -> Session {
    let body: Vec<String> = (0..n)
        .map(|i| format!(r#"Card(id: "c{i}", front: "F{i}", back: "B{i}")"#))
        .collect();
    let text = format!(r#"Deck(id: "d", title: "D", cards: [{}])"#, body.join(","));
    session(vec![deck(&text)], Limits::default())
}

fn ahead(p: &ExamPlan) -> (&Pace, usize, bool, i32) {
    match p {
        ExamPlan::Ahead {
            plan,
            new_per_day_needed,
            feasible,
            days_to_introduce,
            ..
        } => (plan, *new_per_day_needed, *feasible, *days_to_introduce),
        other => panic!("{other:?}"),
    }
}

#[test]
fn far_from_the_exam_the_plan_keeps_a_week_in_hand_and_predicts_recall() {
    let s = cards(600);
    let now = at("2027-01-01T12:00:00Z");
    let p = plan(&s, now, date(2027, 3, 1), NewPerDay::Fixed(20));
    let (pace, needed, feasible, days) = ahead(&p);
    assert_eq!((days, needed, feasible), (52, 12, true));
    assert_eq!(pace.new_per_day, 12);
    assert_eq!(pace.reaches, 600);
    let o = pace.outlook.as_ref().unwrap();
    assert_eq!(o.introduced, 600);
    assert!(o.recall_on_exam > 0.7 && o.recall_on_exam < 1.0, "{o:?}");
    assert!(
        o.reviews_mean > 12.0,
        "new items count as answers too: {o:?}"
    );
    let ExamPlan::Ahead {
        recall_if_stopped,
        limit,
        new_until,
        ..
    } = &p
    else {
        unreachable!()
    };
    assert_eq!(
        *recall_if_stopped,
        Some(0.0),
        "nothing started, nothing recalled"
    );
    assert_eq!(*new_until, date(2027, 2, 21));
    let l = limit
        .as_ref()
        .expect("the limit of 20 differs from the plan");
    assert_eq!(l.new_per_day, 20);
    let text = p.describe();
    assert!(
        text.contains("12 new a day meets them all by 2027-02-21"),
        "{text}"
    );
    assert!(
        text.contains("Your limit of 20 new a day meets them all"),
        "{text}"
    );
}

#[test]
fn near_the_exam_the_plan_is_capped_and_says_so() {
    let s = cards(574);
    let now = at("2027-02-27T12:00:00Z");
    let p = plan(&s, now, date(2027, 3, 1), NewPerDay::Auto);
    let (pace, needed, feasible, days) = ahead(&p);
    assert_eq!((days, needed, feasible), (2, 287, false));
    assert_eq!(pace.new_per_day, PLAN_MAX_NEW);
    assert_eq!(pace.reaches, 100);
    assert_eq!(
        todays_pace(&s, now, date(2027, 3, 1)),
        PLAN_MAX_NEW,
        "never 287 new a day"
    );
    let best = pace.outlook.as_ref().unwrap().recall_on_exam;
    assert!(best > 0.0 && best < 100.0 / 574.0, "{best}");
    let text = p.describe();
    assert!(text.contains("Too few days"), "{text}");
    assert!(text.contains("which meets 100 of them"), "{text}");
    assert!(text.contains("in 2 days"), "{text}");
    assert!(!text.contains("day(s)") && !text.contains(" -"), "{text}");
}

#[test]
fn on_and_after_the_exam_day() {
    let s = cards(10);
    let exam = date(2027, 3, 1);
    let today = plan(&s, at("2027-03-01T12:00:00Z"), exam, NewPerDay::Auto);
    assert!(
        matches!(today, ExamPlan::Today { unseen: 10, .. }),
        "{today:?}"
    );
    assert_eq!(
        todays_pace(&s, at("2027-03-01T12:00:00Z"), exam),
        0,
        "nothing new on the exam day"
    );
    let over = plan(&s, at("2027-03-05T12:00:00Z"), exam, NewPerDay::Auto);
    assert_eq!(
        over,
        ExamPlan::Over {
            date: exam,
            days_ago: 4
        }
    );
    assert_eq!(
        todays_pace(&s, at("2027-03-05T12:00:00Z"), exam),
        20,
        "back to the usual limit"
    );
    let text = over.describe();
    assert!(text.contains("4 days ago"), "{text}");
    assert!(!text.contains("in -"), "{text}");
}

#[test]
fn following_the_plan_beats_stopping_and_a_faster_pace_reaches_more() {
    let mut s = cards(200);
    let mut now = at("2027-01-01T12:00:00Z");
    // A week of study, 20 new a day, all Good.
    for _ in 0..7 {
        while s.next(now).is_some() {
            answer(&mut s, Grade::Good, now);
            now += jiff::SignedDuration::from_secs(60);
        }
        now += jiff::SignedDuration::from_hours(24);
    }
    let exam = date(2027, 2, 15);
    let slow = plan(&s, now, exam, NewPerDay::Fixed(1));
    let ExamPlan::Ahead {
        plan: pace,
        limit,
        recall_if_stopped,
        unseen,
        ..
    } = &slow
    else {
        panic!("{slow:?}")
    };
    assert_eq!(*unseen, 60);
    let stopped = recall_if_stopped.unwrap();
    assert!(stopped > 0.4 && stopped < 0.7, "140 of 200 met: {stopped}");
    let planned = pace.outlook.as_ref().unwrap().recall_on_exam;
    assert!(planned > stopped + 0.2, "{planned} vs {stopped}");
    let two_a_day = limit.as_ref().unwrap();
    assert!(two_a_day.reaches < 60);
    assert!(two_a_day.outlook.as_ref().unwrap().recall_on_exam < planned);
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

#[test]
fn the_plan_covers_every_deck_whatever_deck_was_studied_last() {
    let mut s = session(
        vec![
            deck(r#"Deck(id: "a", title: "A", cards: [Card(id: "x", front: "F", back: "B")])"#),
            deck(
                r#"Deck(id: "b", title: "B", cards: [Card(id: "y", front: "F", back: "B"),
                    Card(id: "z", front: "G", back: "C")])"#,
            ),
        ],
        Limits::default(),
    );
    let now = at("2027-01-01T12:00:00Z");
    s.set_scope(&["a".to_string()]);
    let p = plan(&s, now, date(2027, 3, 1), NewPerDay::Auto);
    let ExamPlan::Ahead { items, unseen, .. } = p else {
        panic!("{p:?}")
    };
    assert_eq!((items, unseen), (3, 3));
}
