//! Daily limits as totals across decks, per-deck caps on top, a clock set back, counts that
//! only fall by one per answer, and the order new cards of different decks come in.

use jiff::{SignedDuration, Timestamp};
use rustc_hash::FxHashMap;

use super::tests::{SIBLINGS, answer, at, deck, next_id, session};
use super::*;
use crate::schedule::Grade;

fn builtin() -> Vec<crate::deck::Deck> {
    let lib = crate::deck::library::standard(None);
    let errors: Vec<String> = lib.errors().map(ToString::to_string).collect();
    assert!(errors.is_empty(), "{errors:?}");
    lib.decks.into_iter().map(|d| d.deck).collect()
}

/// Answers Good to everything offered on each of `days` days (at 10:00 UTC), checking that
/// counts fall by at most one per answer; returns the new items introduced per day and deck.
fn simulate(s: &mut Session, days: i64) -> Vec<FxHashMap<String, u32>> {
    let start = at("2026-11-23T10:00:00Z");
    let mut out = Vec::new();
    for day in 0..days {
        let now = start + SignedDuration::from_hours(24 * day);
        let mut new: FxHashMap<String, u32> = FxHashMap::default();
        for _ in 0..5000 {
            let plan = s.plan(now);
            let Some((i, kind)) = plan.next else { break };
            s.answer(
                &crate::study::Turn::new(&s.coll, (i, kind), 0),
                Grade::Good,
                now,
                1000,
            )
            .unwrap();
            let after = s.counts(now);
            let was = |k: ReviewKind| usize::from(kind == k);
            assert!(
                after.new + was(ReviewKind::New) >= plan.counts.new
                    && after.review + was(ReviewKind::Review) >= plan.counts.review,
                "day {day}: counts fell by more than the answer: {:?} -> {after:?} ({kind:?})",
                plan.counts
            );
            if kind == ReviewKind::New {
                *new.entry(s.coll.deck_of(i).id.clone()).or_default() += 1;
            }
        }
        assert!(s.next(now).is_none(), "day {day} did not finish");
        out.push(new);
    }
    out
}

#[test]
fn ten_days_of_good_answers_introduce_at_most_the_total_new_limit_a_day() {
    let mut s = session(builtin(), Limits::default());
    let days = simulate(&mut s, 10);
    for (d, new) in days.iter().enumerate() {
        let total: u32 = new.values().sum();
        assert!(total <= 20, "day {d}: {total} new ({new:?})");
    }
    let first: u32 = days[0].values().sum();
    assert_eq!(first, 20, "day 1 fills the total");
    let all: u32 = days.iter().flat_map(|d| d.values()).sum();
    assert!(all <= 200, "{all} new items in 10 days");
}

#[test]
fn a_deck_cap_holds_on_top_of_the_total() {
    let limits = Limits {
        new_per_day: 20,
        per_deck: vec![("skull".into(), Some(3), None)],
        ..Limits::default()
    };
    let mut s = session(builtin(), limits);
    let days = simulate(&mut s, 4);
    for (d, new) in days.iter().enumerate() {
        let total: u32 = new.values().sum();
        assert!(total <= 20, "day {d}: {total}");
        assert!(
            new.get("skull").copied().unwrap_or(0) <= 3,
            "day {d}: {new:?}"
        );
    }
    assert_eq!(days[0].get("skull").copied(), Some(3));
}

const TWO: [&str; 2] = [
    r#"Deck(id: "a", title: "A", cards: [
        Card(id: "1", front: "Q", back: "A"), Card(id: "2", front: "Q", back: "A"),
        Card(id: "3", front: "Q", back: "A"), Card(id: "4", front: "Q", back: "A")])"#,
    r#"Deck(id: "b", title: "B", cards: [
        Card(id: "1", front: "Q", back: "A"), Card(id: "2", front: "Q", back: "A"),
        Card(id: "3", front: "Q", back: "A"), Card(id: "4", front: "Q", back: "A")])"#,
];

#[test]
fn the_total_holds_whichever_decks_are_studied_and_overview_agrees() {
    let limits = Limits {
        new_per_day: 3,
        per_deck: vec![("a".into(), Some(2), None)],
        ..Limits::default()
    };
    let mut s = session(TWO.iter().map(|t| deck(t)).collect(), limits);
    let now = at("2026-11-23T10:00:00Z");
    let o = s.ctx(now).overview();
    assert_eq!(o.total.new, 3);
    assert_eq!(o.by_deck.iter().map(|c| c.new).collect::<Vec<_>>(), [2, 3]);
    s.set_scope(&["a".into()]);
    assert_eq!(s.counts(now).new, 2);
    answer(&mut s, Grade::Easy, now);
    answer(&mut s, Grade::Easy, now);
    assert_eq!(next_id(&s, now), None, "deck a's own cap");
    s.set_scope(&["b".into()]);
    assert_eq!(s.counts(now).new, 1, "one left of the total");
    answer(&mut s, Grade::Easy, now);
    assert_eq!(next_id(&s, now), None);
    s.set_scope(&[]);
    assert_eq!(s.ctx(now).overview().total, Counts::default());
}

#[test]
fn limits_hold_with_the_clock_set_back_and_say_so() {
    let limits = Limits {
        new_per_day: 2,
        ..Limits::default()
    };
    let mut s = session(TWO.iter().map(|t| deck(t)).collect(), limits);
    let ahead = at("2026-11-28T10:00:00Z");
    answer(&mut s, Grade::Easy, ahead);
    assert_eq!(s.progress.clock_behind(ahead), None);
    // The clock goes back five days: the answer above is "in the future".
    let now = at("2026-11-23T10:00:00Z");
    assert_eq!(s.progress.clock_behind(now), Some(ahead));
    let mut new = 0;
    while let Some((i, kind)) = s.next(now) {
        s.answer(
            &crate::study::Turn::new(&s.coll, (i, kind), 0),
            Grade::Easy,
            now,
            1000,
        )
        .unwrap();
        new += u32::from(kind == ReviewKind::New);
        assert!(new <= 2, "the limit switched off");
    }
    assert_eq!(new, 2);
    // Back on the later day, its own count still holds: one more.
    assert_eq!(s.counts(ahead).new, 1);
}

#[test]
fn a_card_counts_once_across_review_and_new() {
    // The front is on review and due; the reverse side is new: one card, one count.
    let mut s = session(vec![deck(SIBLINGS)], Limits::default());
    let day1 = at("2026-11-23T10:00:00Z");
    let r = s.coll.find("s/r").unwrap();
    s.answer(
        &crate::study::Turn::new(&s.coll, (r, ReviewKind::New), 0),
        Grade::Easy,
        day1,
        1000,
    )
    .unwrap();
    let c1 = s.coll.find("s/c#1").unwrap();
    s.answer(
        &crate::study::Turn::new(&s.coll, (c1, ReviewKind::New), 0),
        Grade::Easy,
        day1,
        1000,
    )
    .unwrap();
    let later = at("2026-12-30T10:00:00Z");
    let before = s.counts(later);
    assert_eq!(before.total(), 2, "{before:?}");
    let (i, kind) = s.next(later).unwrap();
    assert_eq!(kind, ReviewKind::Review);
    s.answer(
        &crate::study::Turn::new(&s.coll, (i, kind), 0),
        Grade::Good,
        later,
        1000,
    )
    .unwrap();
    let after = s.counts(later);
    assert_eq!(after.total(), 1, "{before:?} -> {after:?}");
}

const ORDER: [&str; 3] = [
    r#"Deck(id: "a", title: "A", topics: [(id: "root", title: "Root")], cards: [
        Card(id: "1", topic: "root", front: "Q", back: "A"),
        Card(id: "2", topic: "root", front: "Q", back: "A")])"#,
    r#"Deck(id: "b", title: "B", topics: [(id: "t", title: "T", requires: ["a/root"])], cards: [
        Card(id: "1", topic: "t", front: "Q", back: "A"), Card(id: "2", topic: "t", front: "Q", back: "A"),
        Card(id: "3", topic: "t", front: "Q", back: "A"), Card(id: "4", topic: "t", front: "Q", back: "A")])"#,
    r#"Deck(id: "safety", title: "S", topics: [(id: "s", title: "S", requires: ["a/root"])],
        cards: [Card(id: "1", topic: "s", front: "Q", back: "A"), Card(id: "2", topic: "s", front: "Q", back: "A")])"#,
];

#[test]
fn new_cards_come_with_decks_taking_turns() {
    let mut s = session(ORDER.iter().map(|t| deck(t)).collect(), Limits::default());
    let now = at("2026-11-23T10:00:00Z");
    let order: Vec<String> = (0..8).map(|_| answer(&mut s, Grade::Easy, now)).collect();
    assert_eq!(
        order,
        [
            "a/1", "a/2", "b/1", "safety/1", "b/2", "safety/2", "b/3", "b/4"
        ]
    );
}

#[test]
fn learn_ahead_window_is_what_separates_learning_from_idle() {
    let limits = Limits {
        learn_ahead_secs: 0,
        ..Limits::default()
    };
    let mut s = session(TWO[..1].iter().map(|t| deck(t)).collect(), limits);
    let now = at("2026-11-23T10:00:00Z");
    for _ in 0..4 {
        answer(&mut s, Grade::Good, now);
    }
    assert_eq!(
        s.ctx(now).why_idle(),
        Some(Idle::LearningDueIn(SignedDuration::from_mins(10)))
    );
    let t: Timestamp = now + SignedDuration::from_mins(10);
    assert_eq!(s.ctx(t).why_idle(), None);
}
