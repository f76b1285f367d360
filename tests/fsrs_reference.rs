//! The scheduler against py-fsrs 6.3.2, the reference implementation of FSRS-6.
//!
//! tests/fixtures/fsrs_reference.json holds review trajectories scheduled by py-fsrs with fuzz
//! off (scripts/fsrs_fixture.py writes it; Python is needed only to regenerate it). Each answer
//! is replayed here and must give the same phase, step, memory state and interval.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::Deserialize;
use somadeck::schedule::{DayClock, Grade, ItemState, Params, Phase, Scheduler};

#[derive(Deserialize)]
struct Fixture {
    py_fsrs: String,
    enable_fuzzing: bool,
    day_starts_at_utc_hour: i8,
    trajectories: Vec<Trajectory>,
}

#[derive(Deserialize)]
struct Trajectory {
    name: String,
    learning_steps_min: Vec<u32>,
    relearning_steps_min: Vec<u32>,
    desired_retention: f32,
    maximum_interval: u32,
    reviews: Vec<Review>,
}

#[derive(Deserialize)]
struct Review {
    at: Timestamp,
    grade: String,
    state: String,
    step: Option<u8>,
    stability: f64,
    difficulty: f64,
    interval_days: Option<i32>,
    interval_secs: Option<i64>,
}

fn fixture() -> Fixture {
    let text = include_str!("fixtures/fsrs_reference.json");
    serde_json::from_str(text).expect("the fixture parses")
}

fn grade(name: &str) -> Grade {
    Grade::ALL
        .into_iter()
        .find(|g| g.label() == name)
        .unwrap_or_else(|| panic!("unknown grade {name}"))
}

fn phase(state: &str, step: Option<u8>) -> Phase {
    match (state, step) {
        ("Learning", Some(n)) => Phase::Learning(n),
        ("Relearning", Some(n)) => Phase::Relearning(n),
        ("Review", None) => Phase::Review,
        other => panic!("unexpected py-fsrs state {other:?}"),
    }
}

/// py-fsrs computes in f64 and fsrs in f32: the memory state agrees to f32 precision.
fn close(ours: f32, theirs: f64) -> bool {
    (f64::from(ours) - theirs).abs() <= theirs.abs() * 1e-5
}

fn scheduler(t: &Trajectory, day_start: i8) -> Scheduler {
    let params = Params {
        desired_retention: t.desired_retention,
        maximum_interval_days: t.maximum_interval,
        learning_steps_min: t.learning_steps_min.clone(),
        relearning_steps_min: t.relearning_steps_min.clone(),
        ..Params::default()
    };
    Scheduler::new(params, DayClock::new(TimeZone::UTC, day_start))
        .expect("default parameters")
        .without_fuzz()
}

/// Every mismatch in one trajectory, described.
fn replay(t: &Trajectory, day_start: i8) -> Vec<String> {
    let sched = scheduler(t, day_start);
    let mut state = ItemState::default();
    let mut wrong = Vec::new();
    for (i, r) in t.reviews.iter().enumerate() {
        let now = r.at;
        state = sched.answer("deck/card", &state, grade(&r.grade), now);
        let at = format!("{} answer {} ({} at {})", t.name, i + 1, r.grade, r.at);
        let want = phase(&r.state, r.step);
        if state.phase != want {
            wrong.push(format!("{at}: phase {:?}, py-fsrs {want:?}", state.phase));
        }
        if !close(state.stability, r.stability) || !close(state.difficulty, r.difficulty) {
            wrong.push(format!(
                "{at}: memory S={} D={}, py-fsrs S={} D={}",
                state.stability, state.difficulty, r.stability, r.difficulty
            ));
        }
        let due = somadeck::schedule::ts(state.due);
        match (r.interval_days, r.interval_secs) {
            (Some(days), _) => {
                let got = sched.days.days_between(now, due);
                let starts_a_day = sched.days.start_of(sched.days.day_of(due)) == due;
                if got != days || !starts_a_day {
                    wrong.push(format!("{at}: due {due} ({got} days), py-fsrs {days} days"));
                }
            }
            (None, Some(secs)) => {
                let got = state.due - now.as_second();
                if got != secs {
                    wrong.push(format!("{at}: due in {got} s, py-fsrs {secs} s"));
                }
            }
            (None, None) => panic!("{at}: the fixture gives no interval"),
        }
    }
    wrong
}

#[test]
fn the_fixture_is_what_the_comparison_assumes() {
    let f = fixture();
    assert_eq!(f.py_fsrs, "6.3.2");
    assert!(!f.enable_fuzzing, "reference intervals must be unfuzzed");
    assert!(f.trajectories.len() >= 6);
    let answers: usize = f.trajectories.iter().map(|t| t.reviews.len()).sum();
    assert!(answers >= 99, "{answers} answers");
}

#[test]
fn every_trajectory_is_scheduled_as_py_fsrs_schedules_it() {
    let f = fixture();
    let wrong: Vec<String> = f
        .trajectories
        .iter()
        .flat_map(|t| replay(t, f.day_starts_at_utc_hour))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
