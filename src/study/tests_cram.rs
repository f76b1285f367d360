//! Cram on a small hand-built history whose recall figures are worked out by hand (FSRS-6
//! default decay d = 0.1542, factor f = 0.9804: R(t) = (t/S * f + 1)^-d).

use jiff::Timestamp;
use jiff::civil::{Date, date};
use jiff::tz::TimeZone;

use super::*;
use crate::schedule::{DayClock, Grade, ItemState, Params, Phase, Scheduler};
use crate::study::tests::{Log, deck};
use crate::study::{Collection, Event, Limits, Progress, ReviewKind, Session, Turn};

const DECK: &str = r#"Deck(id: "d", title: "D",
    topics: [(id: "base", title: "Base"), (id: "top", title: "Top", requires: ["base"])],
    cards: [
        Card(id: "a", topic: "base", front: "A", back: "x"),
        Card(id: "b", topic: "base", front: "B", back: "x"),
        Card(id: "c", topic: "base", front: "C", back: "x"),
        Card(id: "s", topic: "base", front: "S", back: "x"),
        Card(id: "locked", topic: "top", front: "L", back: "x"),
        Card(id: "u", topic: "base", front: "U", back: "x", reverse: true),
    ])"#;

const NOW: &str = "2026-03-20T12:00:00Z";
const EXAM: Date = date(2026, 3, 30);

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn review(stability: f32, last: &str) -> ItemState {
    ItemState {
        phase: Phase::Review,
        stability,
        difficulty: 5.0,
        due: at("2026-04-20T04:00:00Z").as_second(),
        last: Some(at(last).as_second()).into(),
        reps: 3,
        ..ItemState::default()
    }
}

/// On the exam day (2026-03-30, 04:00): a is 20 days on at S = 10 (0.8459), b 10 days on at
/// S = 2 (0.7605), c 20 days on at S = 100 (0.9728). Now: a 0.9, b 1, c 0.9981. s is
/// suspended; `locked` and `u` are unseen.
fn cram_session(exam: Option<Date>) -> (Session, Log) {
    let mut p = Progress::default();
    for (id, st) in [
        ("d/a", review(10.0, "2026-03-10T12:00:00Z")),
        ("d/b", review(2.0, "2026-03-20T11:00:00Z")),
        ("d/c", review(100.0, "2026-03-10T12:00:00Z")),
        (
            "d/s",
            ItemState {
                suspended: true,
                ..review(1.0, "2026-03-01T12:00:00Z")
            },
        ),
    ] {
        p.states.insert(id, st);
    }
    let params = Params {
        exam,
        ..Params::default()
    };
    let sched = Scheduler::new(params, DayClock::new(TimeZone::UTC, 4))
        .unwrap()
        .without_fuzz();
    let log = Log::default();
    let coll = Collection::new(vec![deck(DECK)]);
    let s = Session::new(coll, p, sched, Limits::default(), Box::new(log.clone()));
    (s, log)
}

fn ids(s: &Session, items: &[usize]) -> Vec<String> {
    items.iter().map(|&i| s.coll.id(i).to_string()).collect()
}

#[test]
fn the_order_is_lowest_recall_on_the_exam_day_first_then_unseen_cards_when_asked() {
    let (s, _) = cram_session(Some(EXAM));
    let ctx = s.ctx(at(NOW));
    let t = target(&ctx).unwrap();
    assert_eq!(t.horizon, Horizon::Exam(EXAM));
    assert_eq!(t.at, at("2026-03-30T04:00:00Z"));
    assert_eq!(ids(&s, &order(&ctx, t.at, false)), ["d/b", "d/a", "d/c"]);
    // Unseen cards come after, one item per card, unlocked before locked.
    assert_eq!(
        ids(&s, &order(&ctx, t.at, true)),
        ["d/b", "d/a", "d/c", "d/u", "d/locked"]
    );
}

#[test]
fn without_an_exam_date_recall_now_ranks_and_after_the_exam_cram_is_refused() {
    let (s, _) = cram_session(None);
    let ctx = s.ctx(at(NOW));
    let t = target(&ctx).unwrap();
    assert_eq!((t.horizon, t.at), (Horizon::Now, at(NOW)));
    assert_eq!(ids(&s, &order(&ctx, t.at, false)), ["d/a", "d/c", "d/b"]);
    let (s, _) = cram_session(Some(date(2026, 3, 19)));
    let err = target(&s.ctx(at(NOW))).unwrap_err();
    assert_eq!(
        err,
        CramError::ExamOver {
            date: date(2026, 3, 19)
        }
    );
    assert!(err.to_string().contains("the exam on 2026-03-19 is over"));
    // On the exam day itself, recall is ranked as of now.
    let (s, _) = cram_session(Some(date(2026, 3, 20)));
    assert_eq!(target(&s.ctx(at(NOW))).unwrap().at, at(NOW));
}

#[test]
fn the_summary_figure_is_mean_recall_on_the_exam_day_before_and_after() {
    let (mut s, _) = cram_session(Some(EXAM));
    let now = at(NOW);
    assert_eq!(s.start_cram(false, now), Ok(3));
    let r = s.cram_report(now).unwrap();
    let by_hand = (0.7605 + 0.8459 + 0.9728) / 3.0;
    assert!((r.before.unwrap() - by_hand).abs() < 1e-3, "{r:?}");
    assert_eq!(r.before, r.after);
    assert_eq!(r.drilled, 0);
    assert_eq!(r.label(), "predicted recall on the exam day (2026-03-30)");
    assert_eq!(r.change(), "86% -> 86%");
    // b, answered Good now, is 0 days on at its new stability (about 2.3 days, so about 0.8
    // on the exam day): the mean rises.
    let (b, kind) = s.next(now).unwrap();
    assert_eq!((ids(&s, &[b])[0].as_str(), kind), ("d/b", ReviewKind::Cram));
    s.answer(&Turn::new(&s.coll, (b, kind), 0), Grade::Good, now, 900)
        .unwrap();
    let r = s.cram_report(now).unwrap();
    assert_eq!(r.drilled, 1);
    assert!(r.after.unwrap() > r.before.unwrap(), "{r:?}");
    // With unseen cards in it, they count at 0 before.
    let (mut s, _) = cram_session(Some(EXAM));
    assert_eq!(s.start_cram(true, now), Ok(5));
    let r = s.cram_report(now).unwrap();
    assert!(
        (r.before.unwrap() - by_hand * 3.0 / 5.0).abs() < 1e-3,
        "{r:?}"
    );
}

#[test]
fn cram_answers_are_journaled_capped_at_the_exam_and_not_counted_as_new_or_review() {
    let (mut s, log) = cram_session(Some(EXAM));
    let now = at(NOW);
    let today = s.sched.days.day_of(now);
    // Earlier today: 3 new cards and 2 reviews studied the ordinary way.
    let earlier = crate::study::progress::DayCount {
        reviews: 5,
        new: 3,
        review: 2,
        ..Default::default()
    };
    s.progress.days.insert(today, earlier);
    s.start_cram(true, now).unwrap();
    // Easy on everything: c (S = 100) would go months ahead without the exam.
    while let Some(next) = s.next(now) {
        s.answer(&Turn::new(&s.coll, next, 0), Grade::Easy, now, 800)
            .unwrap();
    }
    let events = log.0.borrow().clone();
    assert_eq!(events.len(), 5);
    assert!(
        events
            .iter()
            .all(|e| matches!(e, Event::Review { kind: ReviewKind::Cram, at, .. } if *at == now))
    );
    let exam_start = s.sched.days.start_of(EXAM).as_second();
    for id in ["d/a", "d/b", "d/c", "d/u", "d/locked"] {
        let st = s.progress.state(id).unwrap();
        assert!(st.due < exam_start, "{id} due after the exam: {st:?}");
    }
    let day = s.progress.day(today);
    assert_eq!((day.reviews, day.new, day.review), (10, 3, 2));
    assert_eq!(s.progress.today("d", today).new, 0);
    // Undo takes the last answer back without taking a new card off today's count.
    let notice = s.undo(now).unwrap().unwrap();
    assert_eq!(ids(&s, &[notice.show.unwrap()]), ["d/locked"]);
    assert!(matches!(&log.0.borrow()[5], Event::Undo { cram: true, .. }));
    let day = s.progress.day(today);
    assert_eq!((day.reviews, day.new, day.review), (9, 3, 2));
    assert_eq!(s.next(now).map(|n| n.0), notice.show, "it is next again");
}

#[test]
fn again_brings_an_item_back_later_in_the_same_cram() {
    let (mut s, _) = cram_session(Some(EXAM));
    let now = at(NOW);
    s.start_cram(false, now).unwrap();
    let mut seen = Vec::new();
    while let Some(next) = s.next(now) {
        seen.push(ids(&s, &[next.0])[0].clone());
        let g = if seen.len() == 1 {
            Grade::Again
        } else {
            Grade::Good
        };
        s.answer(&Turn::new(&s.coll, next, 0), g, now, 800).unwrap();
    }
    assert_eq!(seen, ["d/b", "d/a", "d/c", "d/b"]);
}

#[test]
fn cram_records_read_back_and_logs_from_before_cram_still_load() {
    let ev = Event::Review {
        item: "d/a".into(),
        at: at(NOW),
        grade: Grade::Good,
        ms: 700,
        kind: ReviewKind::Cram,
    };
    let line = ron::to_string(&ev).unwrap();
    assert_eq!(
        line,
        r#"Review("d/a","2026-03-20T12:00:00Z",Good,700,Cram)"#
    );
    assert_eq!(ron::from_str::<Event>(&line).unwrap(), ev);
    let undo = Event::Undo {
        item: "d/a".into(),
        at: at(NOW),
        undone: Grade::Good,
        restore: ItemState::default(),
        cram: true,
    };
    let line = ron::to_string(&undo).unwrap();
    assert!(line.contains("cram:true"), "{line}");
    assert_eq!(ron::from_str::<Event>(&line).unwrap(), undo);
    // An undo written before cram existed has no such field, and is not a cram's.
    let old = Event::Undo {
        item: "d/a".into(),
        at: at(NOW),
        undone: Grade::Good,
        restore: ItemState::default(),
        cram: false,
    };
    let line = ron::to_string(&old).unwrap();
    assert!(!line.contains("cram"), "{line}");
    assert_eq!(ron::from_str::<Event>(&line).unwrap(), old);
}
