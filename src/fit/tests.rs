use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::learner::{self, Plan};
use super::*;
use crate::schedule::{Params, Scheduler};
use crate::study::ReviewKind;

fn days() -> DayClock {
    DayClock::new(TimeZone::UTC, 4)
}

fn review(item: &str, at: &str, grade: Grade) -> Event {
    Event::Review {
        item: item.into(),
        at: at.parse().unwrap(),
        grade,
        ms: 1000,
        kind: ReviewKind::Review,
    }
}

#[test]
fn answers_become_items_per_card_in_study_days_with_undos_taken_back() {
    let undo = Event::Undo {
        item: "d/a".into(),
        at: "2026-01-03T10:00:01Z".parse().unwrap(),
        undone: Grade::Again,
        restore: Default::default(),
        cram: false,
    };
    let log = [
        review("d/a", "2026-01-01T10:00:00Z", Grade::Good),
        review("d/b", "2026-01-01T11:00:00Z", Grade::Again),
        // Same study day (it starts at 04:00): not a day-scale answer.
        review("d/b", "2026-01-02T03:00:00Z", Grade::Good),
        review("d/a", "2026-01-03T10:00:00Z", Grade::Again),
        undo,
        review("d/a", "2026-01-04T10:00:00Z", Grade::Good),
        review("d/b", "2026-01-05T10:00:00Z", Grade::Hard),
    ];
    let h = History::from_log(&log, &days());
    let reviews: Vec<Vec<(u32, u32)>> = h
        .items
        .iter()
        .map(|i| i.reviews.iter().map(|r| (r.rating, r.delta_t)).collect())
        .collect();
    assert_eq!(
        reviews,
        vec![vec![(3, 0), (3, 3)], vec![(1, 0), (3, 0), (2, 4)],]
    );
    assert_eq!(h.card_ids, vec![0, 1]);
}

#[test]
fn too_little_history_is_refused_with_how_many_are_missing() {
    let log: Vec<Event> = (0..10)
        .map(|d| {
            review(
                "d/a",
                &format!("2026-01-{:02}T10:00:00Z", d + 1),
                Grade::Good,
            )
        })
        .collect();
    let h = History::from_log(&log, &days());
    assert_eq!(h.len(), 9);
    let e = fit(h, None, 1, None).unwrap_err();
    assert_eq!(
        e,
        FitError::TooFew {
            have: 9,
            need: MIN_REVIEWS
        }
    );
    assert!(e.to_string().contains("391 more"), "{e}");
}

#[test]
fn the_split_is_by_time_and_holds_out_the_latest_fifth() {
    let log: Vec<Event> = (0..11)
        .map(|d| {
            review(
                "d/a",
                &format!("2026-01-{:02}T10:00:00Z", d + 1),
                Grade::Good,
            )
        })
        .collect();
    let (earlier, later) = History::from_log(&log, &days()).split();
    assert_eq!((earlier.len(), later.len()), (8, 2));
    assert!(earlier.items.iter().all(|i| i.reviews.len() <= 9));
    assert_eq!(later.items[0].reviews.len(), 10);
}

/// The proof that fitting helps: a learner who answers by known parameters, far from the
/// defaults; the fitted parameters predict its later answers better than the defaults.
#[test]
fn fitting_a_synthetic_learner_lowers_the_held_out_log_loss() {
    let sched = Scheduler::new(Params::default(), days()).unwrap();
    let plan = Plan {
        cards: 300,
        new_per_day: 10,
        days: 90,
        start: Timestamp::from_second(1_767_000_000).unwrap(),
        seed: 11,
    };
    let log = learner::history(&plan, "synth", &sched);
    let h = History::from_log(&log, &days());
    assert!(h.len() >= MIN_REVIEWS, "{}", h.len());
    let f = fit(h, None, 1, None).unwrap();
    assert!(
        f.fitted.log_loss < f.defaults.log_loss,
        "fitted {:?} defaults {:?}",
        f.fitted,
        f.defaults
    );
    assert!(f.is_better());
    assert_ne!(f.parameters, fsrs::DEFAULT_PARAMETERS.to_vec());
}

#[test]
fn the_config_parameters_win_over_the_saved_ones_which_win_over_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let (w, used, warning) = saved::resolve(&[], dir.path());
    assert_eq!((w.len(), used, warning), (0, saved::InUse::Defaults, None));
    let at: Timestamp = "2026-11-23T10:00:00Z".parse().unwrap();
    let score = Score {
        log_loss: 0.3,
        rmse_bins: 0.05,
    };
    let kept = saved::SavedParameters {
        parameters: learner::TRUE_PARAMETERS.to_vec(),
        fitted_at: at,
        trained_on: 1,
        scored_on: 1,
        fitted: score,
        defaults: score,
    };
    saved::save(dir.path(), &kept).unwrap();
    assert_eq!(saved::load(dir.path()).unwrap(), Some(kept));
    let (w, used, _) = saved::resolve(&[], dir.path());
    assert_eq!(w, learner::TRUE_PARAMETERS.to_vec());
    assert_eq!(used, saved::InUse::Fitted { at });
    assert!(
        used.describe().contains("2026-11-23"),
        "{}",
        used.describe()
    );
    let mine = fsrs::DEFAULT_PARAMETERS.to_vec();
    let (w, used, _) = saved::resolve(&mine, dir.path());
    assert_eq!((w, used), (mine, saved::InUse::Config));
}

#[test]
fn a_damaged_parameters_file_falls_back_to_the_defaults_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(saved::path(dir.path()), "(parameters: [1.0").unwrap();
    let (w, used, warning) = saved::resolve(&[], dir.path());
    assert_eq!((w.len(), used), (0, saved::InUse::Defaults));
    assert!(warning.unwrap().contains(saved::FILE));
}

/// Calibration on the synthetic learner's own history: with the parameters fitted to it,
/// the mean predicted recall in every bin with at least 100 answers is within 5 points of the
/// share of those answers that were recalled. The defaults, which assume a slower-forgetting
/// student, are further off.
#[test]
fn with_fitted_parameters_predicted_recall_matches_actual_recall_within_five_points() {
    let sched = Scheduler::new(Params::default(), days()).unwrap();
    let plan = Plan {
        cards: 400,
        new_per_day: 10,
        days: 120,
        start: Timestamp::from_second(1_767_000_000).unwrap(),
        seed: 5,
    };
    let log = learner::history(&plan, "synth", &sched);
    let f = fit(History::from_log(&log, &days()), None, 1, None).unwrap();
    let worst_gap = |parameters: Vec<f32>| {
        let rows = calibration(&log, &parameters, days()).unwrap();
        assert!(
            rows.iter().filter(|r| r.answers >= 100).count() >= 2,
            "{rows:?}"
        );
        worst_calibration_gap(&rows, 100).unwrap()
    };
    let fitted = worst_gap(f.parameters.clone());
    let defaults = worst_gap(fsrs::DEFAULT_PARAMETERS.to_vec());
    assert!(fitted <= 0.05, "fitted parameters off by {fitted:.3}");
    assert!(
        defaults > fitted,
        "defaults {defaults:.3}, fitted {fitted:.3}"
    );
}
