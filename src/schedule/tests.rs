use super::*;
use jiff::tz::TimeZone;

fn sched() -> Scheduler {
    Scheduler::new(Params::default(), DayClock::new(TimeZone::UTC, 4)).unwrap()
}

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

#[test]
fn new_card_walks_the_learning_steps_then_graduates() {
    let s = sched();
    let now = at("2026-11-23T10:00:00Z");
    let a = s.answer("d/c", &ItemState::default(), Grade::Good, now);
    assert_eq!(a.phase, Phase::Learning(1));
    assert_eq!(a.due - now.as_second(), 600);
    let b = s.answer("d/c", &a, Grade::Good, ts(a.due));
    assert_eq!(b.phase, Phase::Review);
    assert!(b.due >= at("2026-11-24T04:00:00Z").as_second());
    assert!(b.stability > 1.0);
}

#[test]
fn again_restarts_steps_and_easy_graduates_at_once() {
    let s = sched();
    let now = at("2026-11-23T10:00:00Z");
    let a = s.answer("d/c", &ItemState::default(), Grade::Again, now);
    assert_eq!((a.phase, a.due - now.as_second()), (Phase::Learning(0), 60));
    let e = s.answer("d/c", &ItemState::default(), Grade::Easy, now);
    assert_eq!(e.phase, Phase::Review);
}

#[test]
fn hard_on_first_step_waits_between_the_steps() {
    let s = sched();
    let now = at("2026-11-23T10:00:00Z");
    let h = s.answer("d/c", &ItemState::default(), Grade::Hard, now);
    assert_eq!(
        (h.phase, h.due - now.as_second()),
        (Phase::Learning(0), 330)
    );
}

#[test]
fn a_lapse_relearns_and_counts() {
    let s = sched();
    let now = at("2026-11-23T10:00:00Z");
    let r = s.answer("d/c", &ItemState::default(), Grade::Easy, now);
    let later = ts(r.due);
    let l = s.answer("d/c", &r, Grade::Again, later);
    assert_eq!(l.phase, Phase::Relearning(0));
    assert_eq!(l.lapses, 1);
    assert!(l.stability < r.stability);
}

#[test]
fn eighth_lapse_makes_a_leech_and_suspends() {
    let mut p = Params::default();
    p.relearning_steps_min.clear();
    let s = Scheduler::new(p, DayClock::new(TimeZone::UTC, 4)).unwrap();
    let mut st = s.answer(
        "d/c",
        &ItemState::default(),
        Grade::Easy,
        at("2026-01-01T10:00:00Z"),
    );
    for i in 1..=8 {
        st = s.answer("d/c", &st, Grade::Again, ts(st.due));
        assert_eq!(st.leech, i >= 8, "lapse {i}");
    }
    assert!(st.suspended);
}

#[test]
fn intervals_grow_in_grade_order() {
    let s = sched();
    let now = at("2026-11-23T10:00:00Z");
    let r = s.answer("d/c", &ItemState::default(), Grade::Good, now);
    let r = s.answer("d/c", &r, Grade::Good, ts(r.due));
    let p = s.preview("d/c", &r, ts(r.due));
    assert!(p[0] < p[1] && p[1] < p[2] && p[2] < p[3], "{p:?}");
}

#[test]
fn exam_date_caps_intervals() {
    let p = Params {
        exam: Some("2026-12-01".parse().unwrap()),
        ..Params::default()
    };
    let s = Scheduler::new(p, DayClock::new(TimeZone::UTC, 4)).unwrap();
    let now = at("2026-11-23T10:00:00Z");
    let mut st = ItemState::default();
    for _ in 0..6 {
        st = s.answer("d/c", &st, Grade::Easy, now);
    }
    assert!(
        st.due <= at("2026-11-30T04:00:00Z").as_second(),
        "due {}",
        ts(st.due)
    );
}

#[test]
fn replaying_the_same_answers_gives_the_same_schedule() {
    let s = sched();
    let run = || {
        let mut st = ItemState::default();
        let mut t = at("2026-11-23T10:00:00Z");
        for g in [
            Grade::Good,
            Grade::Good,
            Grade::Good,
            Grade::Hard,
            Grade::Good,
        ] {
            st = s.answer("deck/x", &st, g, t);
            t = ts(st.due);
        }
        st
    };
    assert_eq!(run(), run());
}

#[test]
fn short_durations() {
    assert_eq!(short_duration(SignedDuration::from_secs(600)), "10m");
    assert_eq!(short_duration(SignedDuration::from_secs(4 * 86_400)), "4d");
    assert_eq!(
        short_duration(SignedDuration::from_secs(90 * 86_400)),
        "3.0mo"
    );
}

#[test]
fn leeches_are_caught_at_the_threshold_then_every_half_threshold() {
    let hits: Vec<u32> = (1..=20).filter(|&l| is_leech_lapse(l, 8)).collect();
    assert_eq!(hits, vec![8, 12, 16, 20]);
    let hits: Vec<u32> = (1..=5).filter(|&l| is_leech_lapse(l, 2)).collect();
    assert_eq!(hits, vec![2, 3, 4, 5]);
}
