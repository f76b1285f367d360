//! The stats service on small hand-built histories whose figures are worked out by hand.

use jiff::Timestamp;
use jiff::civil::date;
use jiff::tz::TimeZone;

use super::*;
use crate::schedule::{DayClock, ItemState, Params};
use crate::study::progress::DayCount;
use crate::study::tests::deck;
use crate::study::{Event, ReviewKind};

const DECK: &str = r#"Deck(id: "d", title: "D",
    topics: [(id: "a", title: "Alpha"), (id: "b", title: "Beta")],
    cards: [
        Card(id: "a1", topic: "a", front: "A1", back: "x"),
        Card(id: "a2", topic: "a", front: "A2", back: "x"),
        Card(id: "b1", topic: "b", front: "B1", back: "x"),
        Card(id: "n", front: "N", back: "x"),
    ])"#;

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn sched(exam: Option<Date>) -> Scheduler {
    let params = Params {
        exam,
        ..Params::default()
    };
    Scheduler::new(params, DayClock::new(TimeZone::UTC, 4))
        .unwrap()
        .without_fuzz()
}

fn review(stability: f32, last: &str, due: &str) -> ItemState {
    ItemState {
        phase: Phase::Review,
        stability,
        difficulty: 5.0,
        due: at(due).as_second(),
        last: Some(at(last).as_second()).into(),
        reps: 3,
        ..ItemState::default()
    }
}

/// a1 was last seen 10 days ago with a stability of 10 days (recall 0.9 now, by FSRS's
/// definition of stability); a2 and b1 were seen today (recall 1 now); n is suspended.
fn history() -> Progress {
    let mut p = Progress::default();
    let states = [
        (
            "d/a1",
            review(10.0, "2026-03-10T12:00:00Z", "2026-03-23T05:00:00Z"),
        ),
        (
            "d/a2",
            review(10.0, "2026-03-20T10:00:00Z", "2026-03-30T05:00:00Z"),
        ),
        (
            "d/b1",
            ItemState {
                phase: Phase::Learning(1),
                stability: 2.0,
                due: at("2026-03-20T12:05:00Z").as_second(),
                ..review(2.0, "2026-03-20T11:55:00Z", "2026-03-20T12:05:00Z")
            },
        ),
        (
            "d/n",
            ItemState {
                suspended: true,
                ..review(5.0, "2026-03-01T10:00:00Z", "2026-03-05T05:00:00Z")
            },
        ),
    ];
    for (id, st) in states {
        p.states.insert(id, st);
    }
    p
}

const NOW: &str = "2026-03-20T12:00:00Z";

#[test]
fn forecast_counts_reviews_on_their_day_and_learning_items_twice() {
    let coll = Collection::new(vec![deck(DECK)]);
    let r = report(&history(), &coll, &sched(None), at(NOW), None);
    assert_eq!(r.forecast.len(), FORECAST_DAYS);
    // b1's step is due today; the suspended n (overdue) is not counted.
    assert_eq!(r.forecast[0], 1);
    assert!(r.forecast[3] >= 1, "a1 due on the 23rd: {:?}", r.forecast);
    assert!(r.forecast[10] >= 1, "a2 due on the 30th: {:?}", r.forecast);
    // b1 comes back once more after graduating.
    assert_eq!(r.forecast.iter().sum::<u32>(), 4);
}

#[test]
fn mastery_is_mean_recall_now_and_on_the_exam_day() {
    let coll = Collection::new(vec![deck(DECK)]);
    let exam = date(2026, 3, 30);
    let r = report(&history(), &coll, &sched(Some(exam)), at(NOW), None);
    let m = &r.mastery;
    assert_eq!(m.exam, Some(exam));
    let alpha = m.topics.iter().find(|t| t.id == "d/a").unwrap();
    assert_eq!((alpha.items, alpha.seen), (2, 2));
    assert!((alpha.recall_now.unwrap() - 0.95).abs() < 1e-4);
    // Exam day: a1 20 days after its answer, a2 10 days after (0.9). With the FSRS-6 default
    // decay d = 0.1542 and factor f = 0.9^(-1/d) - 1 = 0.9804: R(t) = (t/S * f + 1)^-d, so
    // a1 = (2f + 1)^-d = 0.8459 and b1 (S = 2, 10 days) = (5f + 1)^-d = 0.7605.
    assert!((alpha.recall_on_exam.unwrap() - (0.8459 + 0.9) / 2.0).abs() < 1e-3);
    let beta = m.topics.iter().find(|t| t.id == "d/b").unwrap();
    assert!((beta.recall_on_exam.unwrap() - 0.7605).abs() < 1e-3);
    // The deck counts n (suspended, but seen): 4 seen of 4 items.
    assert_eq!((m.decks[0].items, m.decks[0].seen), (4, 4));
    let ranked: Vec<&str> = m.weakest.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ranked, ["d/b", "d/a"]);
    // Without an exam day there is no exam figure, and ranking uses recall now.
    let r = report(&history(), &coll, &sched(None), at(NOW), Some(0));
    assert_eq!(r.deck.as_deref(), Some("d"));
    assert!(r.mastery.topics.iter().all(|t| t.recall_on_exam.is_none()));
    assert_eq!(r.mastery.weakest[0].id, "d/a");
    // An exam day already past counts as none.
    let r = report(
        &history(),
        &coll,
        &sched(Some(date(2026, 3, 1))),
        at(NOW),
        None,
    );
    assert_eq!(r.mastery.exam, None);
}

#[test]
fn true_retention_counts_young_and_mature_answers_in_each_window() {
    let today = date(2026, 3, 20);
    let mut p = Progress::default();
    let mut put = |back: i64, c: DayCount| {
        p.days
            .insert(today.checked_sub(jiff::Span::new().days(back)).unwrap(), c);
    };
    put(
        0,
        DayCount {
            young: 4,
            young_passed: 3,
            ms: 90_000,
            reviews: 4,
            ..DayCount::default()
        },
    );
    put(
        10,
        DayCount {
            mature: 2,
            mature_passed: 2,
            ..DayCount::default()
        },
    );
    put(
        100,
        DayCount {
            young: 1,
            ..DayCount::default()
        },
    );
    put(
        400,
        DayCount {
            mature: 5,
            ..DayCount::default()
        },
    );
    let w: Vec<_> = RETENTION_WINDOWS
        .iter()
        .map(|&n| retention(&p, today, n))
        .collect();
    let pair = |r: Retention| (r.answers, r.passed);
    assert_eq!(pair(w[0].young), (4, 3));
    assert_eq!(w[0].mature.rate, None);
    assert_eq!(w[0].total.rate, Some(0.75));
    assert_eq!((pair(w[1].young), pair(w[1].mature)), ((4, 3), (2, 2)));
    assert_eq!((pair(w[2].young), pair(w[2].total)), ((5, 3), (7, 5)));
    // Activity: 26 weeks ending today; 90 seconds are two minutes, rounded.
    let coll = Collection::new(vec![deck(DECK)]);
    let r = report(&p, &coll, &sched(None), at(NOW), None);
    let days = &r.activity.days;
    assert_eq!(days.len(), ACTIVITY_DAYS);
    assert_eq!(days.last().unwrap().date, today);
    assert_eq!(
        (days.last().unwrap().reviews, days.last().unwrap().minutes),
        (4, 2)
    );
    assert_eq!(days[0].date, date(2025, 9, 20));
    assert_eq!(r.activity.streak_days, 1);
}

fn answer(item: &str, when: &str, grade: Grade, kind: ReviewKind) -> Event {
    Event::Review {
        item: item.into(),
        at: at(when),
        grade,
        ms: 20_000,
        kind,
    }
}

#[test]
fn folding_counts_review_answers_by_age_and_predicted_recall_and_undo_takes_them_back() {
    let s = sched(None);
    let mut p = Progress::default();
    // Set by hand: a young item (interval 4 days) and a mature one (interval 32 days), both
    // answered on their due day.
    p.states.insert(
        "d/a1",
        review(4.5, "2026-03-01T10:00:00Z", "2026-03-05T04:00:00Z"),
    );
    p.states.insert(
        "d/a2",
        review(30.0, "2026-02-01T10:00:00Z", "2026-03-05T04:00:00Z"),
    );
    let before = p.states["d/a1"].clone();
    p.apply(
        &answer(
            "d/a1",
            "2026-03-05T10:00:00Z",
            Grade::Good,
            ReviewKind::Review,
        ),
        &s,
    );
    p.apply(
        &answer(
            "d/a2",
            "2026-03-05T10:01:00Z",
            Grade::Again,
            ReviewKind::Review,
        ),
        &s,
    );
    // A learning answer is no review answer: not counted in retention or calibration.
    p.apply(
        &answer("d/b1", "2026-03-05T10:02:00Z", Grade::Good, ReviewKind::New),
        &s,
    );
    let day = p.day(date(2026, 3, 5));
    assert_eq!((day.young, day.young_passed), (1, 1));
    assert_eq!((day.mature, day.mature_passed), (1, 0));
    assert_eq!(day.ms, 60_000);
    // a1: 4 days at S = 4.5 is recall just over 0.9 (top bin); a2: 32 days at S = 30 is
    // (32/30 f + 1)^-d = 0.8955.
    let bins = calibration(&p);
    assert_eq!((bins[4].answers, bins[4].actual), (1, Some(1.0)));
    assert!((0.9..0.92).contains(&bins[4].predicted.unwrap()));
    assert!((bins[3].predicted.unwrap() - 0.8955).abs() < 1e-3);
    assert_eq!((bins[3].answers, bins[3].actual), (1, Some(0.0)));
    assert_eq!((bins[3].from, bins[3].to), (0.8, 0.9));
    p.apply(
        &Event::Undo {
            item: "d/a1".into(),
            at: at("2026-03-05T10:05:00Z"),
            undone: Grade::Good,
            restore: before,
            cram: false,
        },
        &s,
    );
    let day = p.day(date(2026, 3, 5));
    assert_eq!((day.young, day.young_passed, day.mature), (0, 0, 1));
    assert_eq!(day.ms, 60_000, "time spent stays spent");
    assert_eq!(p.calibration[4], Default::default());
    assert_eq!(p.calibration[3].answers, 1);
}
