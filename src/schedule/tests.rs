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
    assert!(p[0] < p[1] && p[1] <= p[2] && p[2] <= p[3], "{p:?}");
}

/// As py-fsrs, grades are not forced a day apart (Anki's rule), but fuzz never reverses them.
#[test]
fn fuzzed_intervals_never_reverse_the_grade_order() {
    let s = sched();
    let now = at("2026-11-23T10:00:00Z");
    for i in 0..400 {
        let st = ItemState {
            phase: Phase::Review,
            stability: 0.5 + i as f32 * 0.37,
            difficulty: 1.0 + (i % 9) as f32,
            last: Some(now.as_second() - i64::from(i % 40) * 86_400).into(),
            reps: 3 + i,
            ..ItemState::default()
        };
        let p = s.preview(&format!("d/c{i}"), &st, now);
        assert!(p[1] <= p[2] && p[2] <= p[3], "S={}: {p:?}", st.stability);
    }
}

fn with_exam(exam: &str) -> Scheduler {
    let p = Params {
        exam: Some(exam.parse().unwrap()),
        ..Params::default()
    };
    Scheduler::new(p, DayClock::new(TimeZone::UTC, 4)).unwrap()
}

/// A card with months of stability, answered Easy at `now`: the day it comes back.
fn easy_review_due(s: &Scheduler, now: Timestamp) -> jiff::civil::Date {
    let st = ItemState {
        phase: Phase::Review,
        stability: 200.0,
        difficulty: 5.0,
        last: Some(now.as_second() - 100 * 86_400).into(),
        reps: 5,
        ..ItemState::default()
    };
    s.days
        .day_of(ts(s.answer("d/c", &st, Grade::Easy, now).due))
}

#[test]
fn exam_date_caps_intervals() {
    let s = with_exam("2026-12-01");
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
fn before_the_exam_reviews_come_back_by_the_day_before_it() {
    let s = with_exam("2026-12-01");
    for day in ["2026-11-20", "2026-11-28", "2026-11-29"] {
        let due = easy_review_due(&s, at(&format!("{day}T21:00:00Z")));
        assert_eq!(due.to_string(), "2026-11-30", "answered {day}");
    }
}

#[test]
fn on_the_day_before_the_exam_reviews_come_back_on_the_exam_day() {
    let s = with_exam("2026-12-01");
    for time in [
        "2026-11-30T04:00:00Z",
        "2026-11-30T23:00:00Z",
        "2026-12-01T03:59:00Z",
    ] {
        let due = easy_review_due(&s, at(time));
        assert_eq!(due.to_string(), "2026-12-01", "answered {time}");
    }
}

#[test]
fn on_the_exam_day_reviews_come_back_the_next_day_and_then_the_cap_ends() {
    let s = with_exam("2026-12-01");
    let due = easy_review_due(&s, at("2026-12-01T12:00:00Z"));
    assert_eq!(due.to_string(), "2026-12-02");
    let after = easy_review_due(&s, at("2026-12-02T12:00:00Z"));
    let free = easy_review_due(&sched().without_fuzz(), at("2026-12-02T12:00:00Z"));
    assert!(after > "2027-01-01".parse().unwrap(), "{after}");
    assert!(free > "2027-01-01".parse().unwrap(), "{free}");
}

#[test]
fn an_overdue_review_gets_the_fsrs_interval_not_the_days_it_waited() {
    let s = sched().without_fuzz();
    let now = at("2026-11-23T10:00:00Z");
    let a = s.answer("d/c", &ItemState::default(), Grade::Good, now);
    let b = s.answer("d/c", &a, Grade::Good, ts(a.due));
    assert_eq!(b.phase, Phase::Review);
    let late = ts(b.due + 100 * 86_400);
    let (good, wait) = s.answer_and_wait("d/c", &b, Grade::Good, late);
    let days = s.days.days_between(late, ts(good.due));
    assert_eq!((days, wait), (51, Wait::Days(51)));
    let (easy, _) = s.answer_and_wait("d/c", &b, Grade::Easy, late);
    assert!(s.days.days_between(late, ts(easy.due)) < 100);
}

#[test]
fn hard_on_a_later_learning_step_repeats_it() {
    let s = sched();
    let now = at("2026-11-23T10:00:00Z");
    let a = s.answer("d/c", &ItemState::default(), Grade::Good, now);
    assert_eq!(a.phase, Phase::Learning(1));
    let later = ts(a.due);
    let h = s.answer("d/c", &a, Grade::Hard, later);
    assert_eq!(
        (h.phase, h.due - later.as_second()),
        (Phase::Learning(1), 600)
    );
}

#[test]
fn hard_on_a_single_step_waits_half_as_long_again() {
    let p = Params {
        learning_steps_min: vec![10],
        relearning_steps_min: vec![10, 60],
        ..Params::default()
    };
    let s = Scheduler::new(p, DayClock::new(TimeZone::UTC, 4)).unwrap();
    let now = at("2026-11-23T10:00:00Z");
    let h = s.answer("d/c", &ItemState::default(), Grade::Hard, now);
    assert_eq!(
        (h.phase, h.due - now.as_second()),
        (Phase::Learning(0), 900)
    );
    let lapsed = ItemState {
        phase: Phase::Review,
        stability: 20.0,
        difficulty: 5.0,
        last: Some(now.as_second() - 20 * 86_400).into(),
        reps: 4,
        ..ItemState::default()
    };
    let r = s.answer("d/c", &lapsed, Grade::Again, now);
    let r = s.answer("d/c", &r, Grade::Hard, ts(r.due));
    assert_eq!(r.phase, Phase::Relearning(0));
    assert_eq!(r.due - r.last.get().unwrap(), 35 * 60);
}

#[test]
fn graduating_fuzz_stays_in_the_range_of_the_rounded_interval() {
    let s = sched();
    let now = at("2026-11-23T10:00:00Z");
    let free = sched().without_fuzz();
    for i in 0..300 {
        let item = format!("d/c{i}");
        let (_, plain) = free.answer_and_wait(&item, &ItemState::default(), Grade::Easy, now);
        let Wait::Days(d) = plain else {
            panic!("{plain:?}")
        };
        let (lo, hi) = fuzz::range(d, 36_500);
        let (_, fuzzed) = s.answer_and_wait(&item, &ItemState::default(), Grade::Easy, now);
        let Wait::Days(f) = fuzzed else {
            panic!("{fuzzed:?}")
        };
        assert!((lo..=hi).contains(&f), "{item}: {f} outside {lo}..={hi}");
    }
}

#[test]
fn fuzzed_review_intervals_stay_in_the_fsrs_range() {
    let s = sched();
    let free = sched().without_fuzz();
    let now = at("2026-11-23T10:00:00Z");
    for i in 0..300 {
        let st = ItemState {
            phase: Phase::Review,
            stability: 2.0 + i as f32 * 0.7,
            difficulty: 5.0,
            last: Some(now.as_second() - 3 * 86_400).into(),
            reps: 3,
            ..ItemState::default()
        };
        for g in [Grade::Hard, Grade::Good, Grade::Easy] {
            let (_, Wait::Days(d)) = free.answer_and_wait("d/c", &st, g, now) else {
                panic!()
            };
            let (_, Wait::Days(f)) = s.answer_and_wait("d/c", &st, g, now) else {
                panic!()
            };
            let (lo, hi) = fuzz::range(d, 36_500);
            assert!(
                lo <= f && f <= hi,
                "{g:?} S={}: {f} outside {lo}..={hi}",
                st.stability
            );
        }
    }
}

#[test]
fn preview_counts_study_days_whatever_the_hour() {
    let s = sched();
    let st = ItemState {
        phase: Phase::Review,
        stability: 3.0,
        difficulty: 5.0,
        last: Some(at("2026-11-20T10:00:00Z").as_second()).into(),
        reps: 3,
        ..ItemState::default()
    };
    for time in [
        "2026-11-23T05:00:00Z",
        "2026-11-23T22:30:00Z",
        "2026-11-24T03:30:00Z",
    ] {
        let now = at(time);
        let waits = s.preview("d/c", &st, now);
        for (g, w) in Grade::ALL.into_iter().zip(waits).skip(1) {
            let next = s.answer("d/c", &st, g, now);
            let days = s.days.days_between(now, ts(next.due));
            assert_eq!(
                w,
                SignedDuration::from_hours(24 * i64::from(days)),
                "{g:?} at {time}"
            );
            assert_eq!(short_duration(w), format!("{days}d"), "{g:?} at {time}");
        }
    }
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
fn leeches_are_caught_at_the_threshold_then_every_half_threshold() {
    let hits: Vec<u32> = (1..=20).filter(|&l| is_leech_lapse(l, 8)).collect();
    assert_eq!(hits, vec![8, 12, 16, 20]);
    let hits: Vec<u32> = (1..=5).filter(|&l| is_leech_lapse(l, 2)).collect();
    assert_eq!(hits, vec![2, 3, 4, 5]);
}

/// The one grade worked out alone gives exactly what `next_states` gives for it: memory
/// states across FSRS's range, elapsed days from the same day to ten years, every grade.
#[test]
fn one_grade_alone_matches_all_four_bit_for_bit() {
    let s = sched();
    let fsrs = fsrs::FSRS::new(&s.params.fsrs_parameters).unwrap();
    let retention = s.params.desired_retention;
    let mut checked = 0;
    for stability in [
        0.001f32, 0.1, 0.212, 1.0, 2.3065, 7.5, 40.0, 365.0, 3650.0, 36500.0,
    ] {
        for difficulty in [1.0f32, 2.5, 5.0, 7.77, 10.0] {
            for elapsed in [0u32, 1, 2, 5, 30, 400, 3650] {
                let memory = fsrs::MemoryState {
                    stability,
                    difficulty,
                };
                let all = fsrs.next_states(Some(memory), retention, elapsed).unwrap();
                for grade in Grade::ALL {
                    let alone = s.next_for(Some(memory), grade, elapsed).unwrap();
                    let want = super::for_grade(&all, grade);
                    assert_eq!(
                        (
                            alone.memory.stability.to_bits(),
                            alone.memory.difficulty.to_bits()
                        ),
                        (
                            want.memory.stability.to_bits(),
                            want.memory.difficulty.to_bits()
                        ),
                        "S {stability} D {difficulty} after {elapsed} d, {grade:?}"
                    );
                    assert_eq!(alone.interval.to_bits(), want.interval.to_bits());
                    checked += 1;
                }
            }
        }
    }
    for grade in Grade::ALL {
        let all = fsrs.next_states(None, retention, 0).unwrap();
        assert_eq!(
            s.next_for(None, grade, 0).as_ref(),
            Some(super::for_grade(&all, grade))
        );
    }
    assert_eq!(checked, 10 * 5 * 7 * 4);
}
