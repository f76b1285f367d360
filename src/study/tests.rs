//! Queue and session behaviour with a fixed clock.

use std::cell::RefCell;
use std::rc::Rc;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::session::Journal;
use super::*;
use crate::deck::load::parse;
use crate::schedule::{DayClock, Grade, Params, Scheduler};

pub(super) fn deck(text: &str) -> crate::deck::Deck {
    let p = parse("t.ron", text.as_bytes());
    assert!(
        p.diagnostics.iter().all(|d| !d.is_error()),
        "{:?}",
        p.diagnostics
    );
    p.deck.unwrap().deck
}

pub(super) const PREREQ: &str = r#"Deck(id: "d", title: "D",
    topics: [(id: "base", title: "Base"), (id: "top", title: "Top", requires: ["base"])],
    cards: [
        Card(id: "t1", topic: "top", front: "T1", back: "A"),
        Card(id: "b1", topic: "base", front: "B1", back: "A"),
        Card(id: "b2", topic: "base", front: "B2", back: "A"),
        Card(id: "free", front: "F", back: "A"),
    ])"#;

pub(super) const SIBLINGS: &str = r#"Deck(id: "s", title: "S", cards: [
        Card(id: "c", cloze: "{{one}} and {{two}}"),
        Card(id: "r", front: "F", back: "B", reverse: true),
    ])"#;

pub(super) fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

/// A journal the test can read back while the session owns it.
#[derive(Clone, Default)]
pub(super) struct Log(pub(super) Rc<RefCell<Vec<Event>>>);

impl Journal for Log {
    fn record(&mut self, ev: &Event) -> Result<(), String> {
        self.0.borrow_mut().push(ev.clone());
        Ok(())
    }
}

impl Log {
    fn len(&self) -> usize {
        self.0.borrow().len()
    }
}

pub(super) fn session(decks: Vec<crate::deck::Deck>, limits: Limits) -> Session {
    session_with_log(decks, limits).0
}

pub(super) fn session_with_log(decks: Vec<crate::deck::Deck>, limits: Limits) -> (Session, Log) {
    let sched = Scheduler::new(Params::default(), DayClock::new(TimeZone::UTC, 4)).unwrap();
    let log = Log::default();
    let s = Session::new(
        Collection::new(decks),
        Progress::default(),
        sched,
        limits,
        Box::new(log.clone()),
    );
    (s, log)
}

pub(super) fn next_id(s: &Session, now: Timestamp) -> Option<String> {
    s.next(now).map(|(i, _)| s.coll.id(i).to_string())
}

/// Answers whatever comes next with `g`; returns its id.
pub(super) fn answer(s: &mut Session, g: Grade, now: Timestamp) -> String {
    let next = s.next(now).expect("an item");
    let turn = Turn::new(&s.coll, next, 0);
    s.answer(&turn, g, now, 1000).unwrap();
    s.coll.id(next.0).to_string()
}

fn undone(s: &mut Session, now: Timestamp) -> Option<String> {
    s.undo(now)
        .unwrap()
        .and_then(|n| n.show)
        .map(|i| s.coll.id(i).to_string())
}

#[test]
fn prerequisites_hold_back_new_cards_until_learned() {
    let (mut s, _) = session_with_log(vec![deck(PREREQ)], Limits::default());
    let now = at("2026-11-23T10:00:00Z");
    let ctx = s.ctx(now);
    let status = ctx.topic_status();
    assert_eq!(status, vec![TopicStatus::InProgress, TopicStatus::Locked]);
    let t1 = s.coll.find("d/t1").unwrap();
    assert_eq!(ctx.locked_by(t1, &status), vec!["Base".to_string()]);
    // Deck order, skipping the locked topic.
    assert_eq!(next_id(&s, now).as_deref(), Some("d/b1"));
    assert_eq!(s.counts(now).new, 3);
    assert_eq!(answer(&mut s, Grade::Easy, now), "d/b1");
    assert_eq!(s.ctx(now).topic_status()[1], TopicStatus::Locked);
    assert_eq!(answer(&mut s, Grade::Easy, now), "d/b2");
    // Both base cards graduated with Easy: the top topic opens, and its card comes in the
    // deck's own order (it is listed first).
    assert_eq!(s.ctx(now).topic_status()[1], TopicStatus::InProgress);
    assert_eq!(answer(&mut s, Grade::Easy, now), "d/t1");
    assert_eq!(next_id(&s, now).as_deref(), Some("d/free"));
}

#[test]
fn learning_steps_bring_a_card_back_and_learn_ahead_finishes_the_session() {
    let (mut s, _) = session_with_log(vec![deck(SIBLINGS)], Limits::default());
    let now = at("2026-11-23T10:00:00Z");
    assert_eq!(answer(&mut s, Grade::Good, now), "s/c#1");
    // The second deletion is a sibling: not today. The reverse card's front comes next.
    assert_eq!(answer(&mut s, Grade::Good, now), "s/r");
    // Nothing new is left today; the learning card due in 10 minutes is shown early.
    assert_eq!(next_id(&s, now).as_deref(), Some("s/c#1"));
    assert_eq!(
        s.counts(now),
        Counts {
            new: 0,
            learning: 2,
            review: 0
        }
    );
    answer(&mut s, Grade::Good, now);
    answer(&mut s, Grade::Good, now);
    assert_eq!(next_id(&s, now), None, "siblings wait for another day");
    // The next study day the siblings are offered.
    let tomorrow = at("2026-11-24T10:00:00Z");
    let next = next_id(&s, tomorrow).unwrap();
    assert!(next == "s/c#2" || next == "s/r#reverse", "{next}");
}

#[test]
fn daily_new_limit_is_respected_per_day() {
    let limits = Limits {
        new_per_day: 1,
        ..Limits::default()
    };
    let (mut s, _) = session_with_log(vec![deck(PREREQ)], limits);
    let now = at("2026-11-23T10:00:00Z");
    answer(&mut s, Grade::Easy, now);
    assert_eq!(next_id(&s, now), None);
    // 03:59 next morning is still the same study day (day starts at 04:00).
    assert_eq!(next_id(&s, at("2026-11-24T03:59:00Z")), None);
    assert!(next_id(&s, at("2026-11-24T04:00:00Z")).is_some());
}

#[test]
fn undo_restores_state_and_the_tally_twice_over() {
    let (mut s, log) = session_with_log(vec![deck(PREREQ)], Limits::default());
    let now = at("2026-11-23T10:00:00Z");
    let first = answer(&mut s, Grade::Good, now);
    let second = answer(&mut s, Grade::Again, now);
    assert_eq!(s.progress.reviews, 2);
    assert_eq!(undone(&mut s, now), Some(second.clone()));
    assert_eq!(undone(&mut s, now), Some(first));
    assert_eq!(s.undo(now).unwrap(), None);
    assert_eq!(s.progress.reviews, 0);
    assert_eq!(s.tally.answered, 0);
    assert!(s.progress.states.values().all(|st| st.is_new()));
    assert_eq!(s.progress.today("d", s.sched.days.day_of(now)).new, 0);
    // The log keeps both answers and both undos; replaying it gives the same progress.
    assert_eq!(log.len(), 4);
    let mut replayed = Progress::default();
    for ev in log.0.borrow().iter() {
        replayed.apply(ev, &s.sched);
    }
    assert_eq!(replayed, s.progress);
}

#[test]
fn bury_suspend_and_flag() {
    let (mut s, _) = session_with_log(vec![deck(PREREQ)], Limits::default());
    let now = at("2026-11-23T10:00:00Z");
    let b1 = s.coll.find("d/b1").unwrap();
    s.bury(b1, now).unwrap();
    assert_eq!(next_id(&s, now).as_deref(), Some("d/b2"));
    assert_eq!(
        next_id(&s, at("2026-11-24T05:00:00Z")).as_deref(),
        Some("d/b1")
    );
    let b2 = s.coll.find("d/b2").unwrap();
    s.suspend(b2, now).unwrap();
    assert_eq!(next_id(&s, now).as_deref(), Some("d/free"));
    s.unsuspend(b2, now).unwrap();
    assert_eq!(next_id(&s, now).as_deref(), Some("d/b2"));
    s.toggle_flag(b2, now).unwrap();
    assert!(s.flagged(b2));
    s.toggle_flag(b2, now).unwrap();
    assert!(!s.flagged(b2));
}

#[test]
fn reviews_come_before_new_cards_and_respect_their_limit() {
    let limits = Limits {
        reviews_per_day: 1,
        ..Limits::default()
    };
    let (mut s, _) = session_with_log(vec![deck(PREREQ)], limits);
    let day1 = at("2026-11-23T10:00:00Z");
    answer(&mut s, Grade::Easy, day1);
    answer(&mut s, Grade::Easy, day1);
    let later = at("2027-06-01T10:00:00Z");
    let c = s.counts(later);
    assert_eq!(c.review, 1, "two reviews are due but the limit is one");
    let (i, kind) = s.next(later).unwrap();
    assert_eq!(kind, ReviewKind::Review);
    assert!(s.coll.id(i).starts_with("d/b"));
}

#[test]
fn practice_ahead_changes_nothing() {
    let (mut s, log) = session_with_log(vec![deck(PREREQ)], Limits::default());
    let now = at("2026-11-23T10:00:00Z");
    answer(&mut s, Grade::Easy, now);
    let before = s.progress.clone();
    let n = log.len();
    assert_eq!(s.start_practice(20), 1);
    answer(&mut s, Grade::Again, now);
    assert_eq!(s.progress, before);
    assert_eq!(log.len(), n);
    assert_eq!(s.next(now), None);
}

#[test]
fn decks_are_ordered_by_their_prerequisites() {
    let later = deck(
        r#"Deck(id: "a-later", title: "L", topics: [(id: "x", title: "X", requires: ["z-first/y"])],
            cards: [Card(id: "c", topic: "x", front: "Q", back: "A")])"#,
    );
    let first = deck(
        r#"Deck(id: "z-first", title: "F", topics: [(id: "y", title: "Y")],
            cards: [Card(id: "c", topic: "y", front: "Q", back: "A")])"#,
    );
    let c = Collection::new(vec![later, first]);
    assert_eq!(c.decks[0].id, "z-first");
    assert_eq!(c.topics[1].requires, vec![0]);
}

#[test]
fn one_undo_stack_takes_back_exactly_the_last_change() {
    let (mut s, log) = session_with_log(vec![deck(SIBLINGS), deck(PREREQ)], Limits::default());
    let now = at("2026-11-23T10:00:00Z");
    let first = answer(&mut s, Grade::Good, now);
    let r = s.coll.find("s/r").unwrap();
    // Suspending, then undoing, takes back the suspension, not the answer before it.
    s.suspend(r, now).unwrap();
    assert!(s.progress.state("s/r").unwrap().suspended);
    assert_eq!(undone(&mut s, now).as_deref(), Some("s/r"));
    assert!(!s.progress.state("s/r").unwrap().suspended);
    assert_eq!(s.progress.reviews, 1, "the answer before stands");
    // Bury, then undo: the card is back today.
    s.bury(r, now).unwrap();
    assert_ne!(next_id(&s, now).as_deref(), Some("s/r"));
    assert!(
        s.progress
            .state("s/r#reverse")
            .and_then(|st| st.buried_until.get())
            .is_some_and(|b| b > now.as_second()),
        "the reverse side is buried with it"
    );
    assert_eq!(undone(&mut s, now).as_deref(), Some("s/r"));
    let buried = |s: &Session| {
        s.progress
            .state("s/r")
            .and_then(|st| st.buried_until.get())
            .is_some_and(|b| b > now.as_second())
    };
    assert!(!buried(&s), "back in today's study");
    // Flag, then undo.
    s.toggle_flag(r, now).unwrap();
    assert!(s.flagged(r));
    let n = s.undo(now).unwrap().unwrap();
    assert!(!s.flagged(r));
    assert_eq!(n.show, None);
    // Only now does undo reach the answer.
    assert_eq!(undone(&mut s, now), Some(first));
    assert_eq!(s.undo(now).unwrap(), None);
    // Replaying the journal gives the same progress.
    let mut replayed = Progress::default();
    for ev in log.0.borrow().iter() {
        replayed.apply(ev, &s.sched);
    }
    assert_eq!(replayed.states, s.progress.states);
}

#[test]
fn bury_and_suspend_act_on_the_whole_card() {
    let (mut s, _) = session_with_log(vec![deck(SIBLINGS)], Limits::default());
    let now = at("2026-11-23T10:00:00Z");
    let r = s.coll.find("s/r").unwrap();
    s.suspend(r, now).unwrap();
    assert!(s.progress.state("s/r").unwrap().suspended);
    assert!(s.progress.state("s/r#reverse").unwrap().suspended);
    let later = at("2026-12-23T10:00:00Z");
    for _ in 0..6 {
        if let Some(id) = next_id(&s, later) {
            assert!(!id.starts_with("s/r"), "{id} came up while suspended");
            answer(&mut s, Grade::Good, later);
        }
    }
    let c = s.coll.find("s/c#2").unwrap();
    s.bury(c, now).unwrap();
    assert!(
        next_id(&s, now).is_none_or(|id| !id.starts_with("s/c")),
        "no gap of a buried cloze card comes up today"
    );
    s.undo(now).unwrap();
    s.undo(now).unwrap();
}

#[test]
fn the_tally_counts_the_checker_s_verdict_not_the_grade() {
    let typed = deck(
        r#"Deck(id: "t", title: "T", cards: [Card(id: "q", front: "Which bone?", answers: ["sphenoid"])])"#,
    );
    let (mut s, _) = session_with_log(vec![typed], Limits::default());
    let now = at("2026-11-23T10:00:00Z");
    let next = s.next(now).unwrap();
    let mut turn = Turn::new(&s.coll, next, 0);
    assert!(turn.answer(&s.coll, "ethmoid"));
    assert_eq!(turn.suggested(), Grade::Again);
    // The learner overrides the verdict with Good: the schedule takes Good, the tally
    // still says the answer was wrong.
    s.answer(&turn, Grade::Good, now, 1000).unwrap();
    assert_eq!(s.tally.answered, 1);
    assert_eq!(s.tally.correct, 0);
}

#[test]
fn a_flag_keeps_its_note_through_unflag_undo_and_replay() {
    let (mut s, log) = session_with_log(vec![deck(SIBLINGS)], Limits::default());
    let now = at("2026-11-23T10:00:00Z");
    let r = s.coll.find("s/r").unwrap();
    let long = "é".repeat(session::MAX_NOTE_CHARS + 100);
    s.flag(r, Some(&format!("  {long}\t")), now).unwrap();
    let kept = |s: &Session| s.flag_note(r).map(|n| n.chars().count());
    assert_eq!(kept(&s), Some(session::MAX_NOTE_CHARS), "trimmed and cut");
    s.unflag(r, now).unwrap();
    assert_eq!((s.flagged(r), kept(&s)), (false, None));
    s.undo(now).unwrap();
    assert_eq!(
        (s.flagged(r), kept(&s)),
        (true, Some(session::MAX_NOTE_CHARS))
    );
    s.undo(now).unwrap();
    assert!(!s.flagged(r));
    let n = s.flag(r, Some("   "), now).unwrap();
    assert!(
        s.flagged(r) && s.flag_note(r).is_none(),
        "a blank note is none"
    );
    assert!(!n.text.contains("note"), "{}", n.text);
    let mut replayed = Progress::default();
    for ev in log.0.borrow().iter() {
        replayed.apply(ev, &s.sched);
    }
    assert_eq!(replayed.flag_notes, s.progress.flag_notes);
    assert_eq!(replayed.states, s.progress.states);
}

/// Each deck's cards' items, as `cards_of_deck` gives them, are the items of that deck card
/// by card, whether every card has as many items as the first (kept as a rule, not a list) or
/// not: a deck turns to a list at the first card that differs.
#[test]
fn each_cards_items_are_found_whether_even_or_not() {
    let even = deck(SIBLINGS);
    let mixed = deck(
        r#"Deck(id: "m", title: "M", cards: [
        Card(id: "a", front: "A", back: "1"),
        Card(id: "b", front: "B", back: "2"),
        Card(id: "c", front: "C", back: "3", reverse: true),
        Card(id: "d", cloze: "{{x}} {{y}} {{z}}"),
        Card(id: "e", front: "E", back: "5"),
    ])"#,
    );
    let basic = deck(PREREQ);
    let coll = Collection::new(vec![even, mixed, basic]);
    let mut seen = 0;
    for d in 0..coll.decks.len() {
        let mut cards = 0;
        for (c, range) in coll.cards_of_deck(d).enumerate() {
            assert_eq!(range.start, seen, "deck {d} card {c}: one after another");
            assert!(!range.is_empty());
            for i in range.clone() {
                assert_eq!((coll.items[i].deck(), coll.items[i].card()), (d, c));
            }
            seen = range.end;
            cards += 1;
        }
        assert_eq!(cards, coll.decks[d].cards.len(), "deck {d}");
    }
    assert_eq!(seen, coll.items.len());
    let ids: Vec<&str> = coll.cards_of_deck(1).map(|r| coll.id(r.start)).collect();
    assert_eq!(ids, ["m/a", "m/b", "m/c", "m/d#1", "m/e"]);
}
