//! Why study stops, the topic map, studying one topic, placing out of a locked topic, and
//! `prerequisites: off`.

use super::tests::{PREREQ, SIBLINGS, answer, at, deck, next_id, session, session_with_log};
use super::*;
use crate::schedule::Grade;

fn topic(s: &Session, id: &str) -> usize {
    s.coll.topics.iter().position(|t| t.id == id).unwrap()
}

#[test]
fn idle_when_a_daily_limit_is_reached_names_the_limit() {
    let limits = Limits {
        new_per_day: 1,
        ..Limits::default()
    };
    let mut s = session(vec![deck(PREREQ)], limits);
    let now = at("2026-11-23T10:00:00Z");
    answer(&mut s, Grade::Easy, now);
    let total = LimitHit {
        limit: 1,
        which: LimitScope::Total,
    };
    assert_eq!(
        s.ctx(now).why_idle(),
        Some(Idle::LimitReached {
            new: Some(total),
            reviews: None
        })
    );

    let limits = Limits {
        per_deck: vec![("d".into(), Some(1), None)],
        ..Limits::default()
    };
    let mut s = session(vec![deck(PREREQ)], limits);
    answer(&mut s, Grade::Easy, now);
    let Some(Idle::LimitReached { new: Some(hit), .. }) = s.ctx(now).why_idle() else {
        panic!("{:?}", s.ctx(now).why_idle());
    };
    assert_eq!(
        hit,
        LimitHit {
            limit: 1,
            which: LimitScope::Deck(0)
        }
    );
    // Nothing is idle while there is something to do.
    let s = session(vec![deck(PREREQ)], Limits::default());
    assert_eq!(s.ctx(now).why_idle(), None);
}

#[test]
fn idle_when_the_rest_is_locked_names_the_topic_to_finish() {
    let mut s = session(vec![deck(PREREQ)], Limits::default());
    let now = at("2026-11-23T10:00:00Z");
    let b2 = s.coll.find("d/b2").unwrap();
    s.bury(b2, now).unwrap();
    answer(&mut s, Grade::Easy, now);
    answer(&mut s, Grade::Easy, now);
    assert_eq!(next_id(&s, now), None);
    let (base, top) = (topic(&s, "d/base"), topic(&s, "d/top"));
    assert_eq!(
        s.ctx(now).why_idle(),
        Some(Idle::Locked {
            topic: base,
            learned: 1,
            total: 2,
            needed_by: vec![top]
        })
    );
}

#[test]
fn a_deck_whose_topics_all_wait_on_another_deck_says_which_topic() {
    let first = deck(
        r#"Deck(id: "anat", title: "A", topics: [(id: "x", title: "X"), (id: "y", title: "Y", requires: ["x"])],
            cards: [Card(id: "1", topic: "x", front: "Q", back: "A"), Card(id: "2", topic: "y", front: "Q", back: "A")])"#,
    );
    let later = deck(
        r#"Deck(id: "safety", title: "S", topics: [(id: "s", title: "S", requires: ["anat/y"])],
            cards: [Card(id: "1", topic: "s", front: "Q", back: "A")])"#,
    );
    let mut s = session(vec![later, first], Limits::default());
    s.set_scope(&["safety".into()]);
    let now = at("2026-11-23T10:00:00Z");
    assert_eq!(next_id(&s, now), None);
    assert_eq!(
        s.ctx(now).why_idle(),
        Some(Idle::Locked {
            topic: topic(&s, "anat/x"),
            learned: 0,
            total: 1,
            needed_by: vec![topic(&s, "safety/s")]
        })
    );
}

#[test]
fn idle_when_done_says_when_siblings_open() {
    let mut s = session(vec![deck(SIBLINGS)], Limits::default());
    let now = at("2026-11-23T10:00:00Z");
    while s.next(now).is_some() {
        answer(&mut s, Grade::Good, now);
    }
    assert_eq!(
        s.ctx(now).why_idle(),
        Some(Idle::Done {
            next_due: Some(at("2026-11-24T04:00:00Z"))
        })
    );
    let s = session(Vec::new(), Limits::default());
    assert_eq!(s.ctx(now).why_idle(), Some(Idle::Done { next_due: None }));
}

#[test]
fn the_topic_map_gives_state_progress_and_needs() {
    let mut s = session(vec![deck(PREREQ)], Limits::default());
    let now = at("2026-11-23T10:00:00Z");
    answer(&mut s, Grade::Easy, now);
    let map = s.ctx(now).topic_map();
    assert_eq!(
        map,
        vec![
            TopicRow {
                topic: 0,
                deck: 0,
                title: "Base".into(),
                status: TopicStatus::InProgress,
                learned: 1,
                cards: 2,
                needs: vec![],
            },
            TopicRow {
                topic: 1,
                deck: 0,
                title: "Top".into(),
                status: TopicStatus::Locked,
                learned: 0,
                cards: 1,
                needs: vec!["Base".into()],
            },
        ]
    );
}

#[test]
fn studying_a_locked_topic_right_first_time_places_out_of_it() {
    let mut s = session(vec![deck(PREREQ)], Limits::default());
    let now = at("2026-11-23T10:00:00Z");
    let top = topic(&s, "d/top");
    s.set_topic_scope(Some(top));
    assert_eq!(
        next_id(&s, now).as_deref(),
        Some("d/t1"),
        "the lock is ignored"
    );
    assert_eq!(s.counts(now).new, 1);
    answer(&mut s, Grade::Good, now);
    assert_eq!(s.ctx(now).topic_status()[top], TopicStatus::InProgress);
    // Undoing the first answer undoes the placement.
    s.undo(now).unwrap();
    assert_eq!(s.ctx(now).topic_status()[top], TopicStatus::Locked);
    // A first answer that misses does not place.
    answer(&mut s, Grade::Again, now);
    answer(&mut s, Grade::Good, now);
    assert_eq!(s.ctx(now).topic_status()[top], TopicStatus::Locked);
    s.set_topic_scope(None);
    assert_eq!(next_id(&s, now).as_deref(), Some("d/b1"));
}

#[test]
fn prerequisites_off_opens_every_topic() {
    let limits = Limits {
        prerequisites: Prerequisites::Off,
        ..Limits::default()
    };
    let s = session(vec![deck(PREREQ)], limits);
    let now = at("2026-11-23T10:00:00Z");
    let ctx = s.ctx(now);
    assert!(ctx.topic_status().iter().all(|&t| t != TopicStatus::Locked));
    assert_eq!(ctx.counts().new, 4);
}

#[test]
fn topic_progress_kept_between_passes_matches_working_it_out_afresh() {
    let mut s = session(vec![deck(PREREQ), deck(SIBLINGS)], Limits::default());
    let fresh = |s: &Session, now| {
        Ctx {
            topics: None,
            ..s.ctx(now)
        }
        .topic_progress()
    };
    let mut now = at("2026-11-23T10:00:00Z");
    for day in 0..12 {
        for _ in 0..6 {
            if next_id(&s, now).is_none() {
                break;
            }
            let g = if day % 5 == 3 {
                Grade::Again
            } else {
                Grade::Easy
            };
            answer(&mut s, g, now);
            assert_eq!(s.ctx(now).topic_progress(), fresh(&s, now), "day {day}");
        }
        now += jiff::SignedDuration::from_hours(24);
    }
    assert!(
        s.ctx(now).topic_progress().iter().any(|p| p.learned > 0),
        "some cards were learned, so the comparison saw progress change"
    );
    let b1 = s.coll.find("d/b1").unwrap();
    s.suspend(b1, now).unwrap();
    assert_eq!(s.ctx(now).topic_progress(), fresh(&s, now));
    s.undo(now).unwrap();
    assert_eq!(s.ctx(now).topic_progress(), fresh(&s, now));
    // States set by hand, as a tool or test may: the kept progress is not used.
    let t1 = s.coll.find("d/t1").unwrap();
    s.progress.states.entry(s.coll.id(t1)).suspended = true;
    assert_eq!(s.ctx(now).topic_progress(), fresh(&s, now));
}

#[test]
fn states_read_by_item_index_and_by_id_give_the_same_queue() {
    let (mut s, log) = session_with_log(vec![deck(SIBLINGS), deck(PREREQ)], Limits::default());
    let mut now = at("2026-11-23T10:00:00Z");
    for day in 0..6 {
        for _ in 0..4 {
            if next_id(&s, now).is_none() {
                break;
            }
            answer(
                &mut s,
                if day == 2 { Grade::Hard } else { Grade::Good },
                now,
            );
        }
        let b2 = s.coll.find("d/b2").unwrap();
        if day == 3 {
            s.bury(b2, now).unwrap();
        }
        // The log folded afresh: the same states in other slots, not bound to the collection.
        let mut replayed = Progress::default();
        for ev in log.0.borrow().iter() {
            replayed.apply(ev, &s.sched);
        }
        assert!(!replayed.states.bound_to(s.coll.uid()));
        let by_id = Ctx {
            progress: &replayed,
            topics: None,
            ..s.ctx(now)
        };
        assert_eq!(by_id.plan(), s.ctx(now).plan(), "day {day}");
        assert_eq!(by_id.overview(), s.ctx(now).overview(), "day {day}");
        assert_eq!(by_id.next_due(), s.ctx(now).next_due(), "day {day}");
        now += jiff::SignedDuration::from_hours(20);
    }
}

/// On a collection large enough for the topics' status to be worked out on another core beside
/// the pass, the pass gives what it gives with the status taken from the session's cache.
#[test]
fn a_large_collection_plans_the_same_with_the_status_worked_out_beside_the_pass() {
    use std::fmt::Write as _;
    let mut text = String::from(r#"Deck(id: "big", title: "B", topics: [(id: "t0", title: "T0")"#);
    for t in 1..6 {
        let _ = write!(
            text,
            r#", (id: "t{t}", title: "T{t}", requires: ["t{}"])"#,
            t - 1
        );
    }
    text.push_str("], cards: [");
    // The topics take turns, so every topic has new cards from the start of the deck on.
    for c in 0..21_000 {
        let _ = write!(
            text,
            r#"Card(id: "c{c}", topic: "t{}", front: "Q", back: "A"),"#,
            c % 6
        );
    }
    text.push_str("])");
    let limits = Limits {
        new_per_day: 40,
        ..Limits::default()
    };
    let mut s = session(vec![deck(&text), deck(PREREQ)], limits);
    assert!(s.coll.items.len() >= 20_000);
    let now = at("2026-11-23T10:00:00Z");
    for _ in 0..12 {
        answer(&mut s, Grade::Easy, now);
    }
    let later = at("2026-11-23T10:30:00Z");
    let cached = s.ctx(later);
    let beside = Ctx {
        topics: None,
        ..cached
    };
    // Warm the session's cache, so that `cached` takes the status from it.
    let _ = cached.topic_status();
    assert!(cached.topics.unwrap().is_fresh(&cached.topic_view()));
    assert_eq!(beside.plan(), cached.plan());
    assert_eq!(beside.overview(), cached.overview());
    assert_eq!(beside.why_idle(), cached.why_idle());
    assert_eq!(beside.next_due(), cached.next_due());
    // The pass had new cards of locked topics to settle, and open ones to offer.
    let status = cached.topic_status();
    assert!(status.contains(&TopicStatus::Locked), "{status:?}");
    assert!(cached.plan().counts.new > 0);
}
