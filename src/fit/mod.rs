//! FSRS fitted to the student: the review log turned into the `fsrs` crate's training items,
//! a time-ordered split (fit on the earlier answers, score on the later ones), and the choice
//! between the fitted parameters and the ones they would replace. Pure: no clock, no files
//! (see [`saved`] for the file the result is kept in).

pub mod learner;
pub mod saved;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use fsrs::{CombinedProgressState, ComputeParametersInput, FSRS, FSRSItem, FSRSReview};
use jiff::Timestamp;

use crate::schedule::{DayClock, Grade};
use crate::study::Event;

/// The fewest day-scale answers (an answer to a card last seen on an earlier study day) that
/// `optimize` works with: the last fifth, held out to score, must be big enough for a log loss
/// worth comparing, and the rest enough for the optimizer to fit more than the first
/// stabilities (it trains from 64 items on).
pub const MIN_REVIEWS: usize = 400;

/// The share of the day-scale answers, the latest ones, held out to score the parameters.
pub const HELD_OUT: f64 = 0.2;

/// Each day-scale answer as an `fsrs` item (the card's answers up to it), oldest first, with
/// the card it belongs to.
#[derive(Debug, Default, Clone)]
pub struct History {
    items: Vec<FSRSItem>,
    card_ids: Vec<i64>,
}

impl History {
    /// Folds the log's answers per card: an undo takes back the card's latest answer. The days
    /// between answers are study days as the scheduler counts them.
    pub fn from_log<'a>(events: impl IntoIterator<Item = &'a Event>, days: &DayClock) -> History {
        let mut cards: HashMap<&str, usize> = HashMap::new();
        let mut answers: Vec<Vec<(Timestamp, Grade)>> = Vec::new();
        for ev in events {
            match ev {
                Event::Review {
                    item, at, grade, ..
                } => {
                    let next = answers.len();
                    let i = *cards.entry(item.as_str()).or_insert(next);
                    if i == next {
                        answers.push(Vec::new());
                    }
                    answers[i].push((*at, *grade));
                }
                Event::Undo { item, .. } => {
                    if let Some(&i) = cards.get(item.as_str()) {
                        answers[i].pop();
                    }
                }
                _ => {}
            }
        }
        let mut scored: Vec<(Timestamp, i64, FSRSItem)> = Vec::new();
        for (card, list) in answers.iter().enumerate() {
            let card = i64::try_from(card).unwrap_or(i64::MAX);
            let mut reviews: Vec<FSRSReview> = Vec::with_capacity(list.len());
            let mut prev: Option<Timestamp> = None;
            for &(at, grade) in list {
                let delta_t = prev.map_or(0, |p| days.days_between(p, at).max(0).unsigned_abs());
                reviews.push(FSRSReview {
                    rating: u32::from(grade.number()),
                    delta_t,
                });
                if delta_t > 0 && reviews.len() > 1 {
                    scored.push((
                        at,
                        card,
                        FSRSItem {
                            reviews: reviews.clone(),
                        },
                    ));
                }
                prev = Some(at);
            }
        }
        scored.sort_by_key(|s| s.0);
        let (card_ids, items) = scored.into_iter().map(|(_, c, i)| (c, i)).unzip();
        History { items, card_ids }
    }

    /// How many day-scale answers there are to fit and score.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The earlier answers to fit on, and the later ones to score on.
    fn split(self) -> (History, History) {
        let held = ((self.items.len() as f64) * HELD_OUT).ceil() as usize;
        let cut = self.items.len() - held.min(self.items.len());
        let mut items = self.items;
        let mut card_ids = self.card_ids;
        let later = History {
            items: items.split_off(cut),
            card_ids: card_ids.split_off(cut),
        };
        (History { items, card_ids }, later)
    }
}

/// How well parameters predict the held-out answers, as the `fsrs` crate scores them (lower is
/// better for both).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Score {
    /// Binary cross-entropy of the predicted recall against recalled (any grade but Again).
    pub log_loss: f32,
    /// Root mean square of predicted minus actual recall over the crate's bins.
    pub rmse_bins: f32,
}

/// What a fit found.
#[derive(Debug, Clone)]
pub struct Fit {
    pub parameters: Vec<f32>,
    pub fitted: Score,
    pub defaults: Score,
    /// The score of the parameters in use, when they are not the defaults.
    pub in_use: Option<Score>,
    /// Answers fitted on and scored on.
    pub trained_on: usize,
    pub scored_on: usize,
}

impl Fit {
    /// Whether the fitted parameters predict the held-out answers better (lower log loss) than
    /// the defaults and than the parameters in use.
    pub fn is_better(&self) -> bool {
        let best_now = self.in_use.map_or(self.defaults.log_loss, |s| {
            s.log_loss.min(self.defaults.log_loss)
        });
        self.fitted.log_loss < best_now
    }
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum FitError {
    #[error(
        "there are {have} answers to cards seen on an earlier day; fitting needs at least \
         {need}, so {} more are needed. Study on, and try again later",
        need - have
    )]
    TooFew { have: usize, need: usize },
    #[error("cancelled; nothing was changed")]
    Cancelled,
    #[error("the FSRS optimizer failed: {0}")]
    Optimizer(String),
}

fn optimizer_error(e: fsrs::FSRSError) -> FitError {
    match e {
        fsrs::FSRSError::Interrupted => FitError::Cancelled,
        e => FitError::Optimizer(e.to_string()),
    }
}

/// How honest `parameters` (empty: the defaults) are on `log`: every answer replayed with
/// them, predicted recall against actual recall in the stats screen's bins.
pub fn calibration(
    log: &[Event],
    parameters: &[f32],
    days: DayClock,
) -> Result<Vec<crate::study::stats::CalibrationRow>, String> {
    let params = crate::schedule::Params {
        fsrs_parameters: parameters.to_vec(),
        ..crate::schedule::Params::default()
    };
    let sched = crate::schedule::Scheduler::new(params, days)?;
    let mut progress = crate::study::Progress::default();
    for ev in log {
        progress.apply(ev, &sched);
    }
    Ok(crate::study::stats::calibration(&progress))
}

/// The largest gap between mean predicted and actual recall over the bins with at least
/// `min_answers` answers (`None` when no bin has that many).
pub fn worst_calibration_gap(
    rows: &[crate::study::stats::CalibrationRow],
    min_answers: u64,
) -> Option<f64> {
    rows.iter()
        .filter(|r| r.answers >= min_answers)
        .filter_map(|r| Some((r.predicted? - r.actual?).abs()))
        .reduce(f64::max)
}

/// Fits FSRS on the earlier answers of `history` and scores the result, the defaults and
/// `in_use` (the parameters the scheduler uses now, if not the defaults) on the later ones.
/// `relearning_steps` bounds the parameters as the config does. `progress` reports the optimizer's progress and takes a cancel (`want_abort`).
pub fn fit(
    history: History,
    in_use: Option<&[f32]>,
    relearning_steps: usize,
    progress: Option<Arc<Mutex<CombinedProgressState>>>,
) -> Result<Fit, FitError> {
    if history.len() < MIN_REVIEWS {
        return Err(FitError::TooFew {
            have: history.len(),
            need: MIN_REVIEWS,
        });
    }
    let (earlier, later) = history.split();
    let trained_on = earlier.len();
    let scored_on = later.len();
    let parameters = fsrs::compute_parameters(ComputeParametersInput {
        train_set: earlier.items,
        card_ids: Some(earlier.card_ids),
        progress: progress.clone(),
        num_relearning_steps: Some(relearning_steps.max(1)),
        ..ComputeParametersInput::default()
    })
    .map_err(optimizer_error)?;
    let cancelled = || {
        progress
            .as_ref()
            .is_some_and(|p| p.lock().unwrap_or_else(|e| e.into_inner()).want_abort)
    };
    let score = |w: &[f32]| -> Result<Score, FitError> {
        if cancelled() {
            return Err(FitError::Cancelled);
        }
        let model = FSRS::new(w).map_err(optimizer_error)?;
        let e = model
            .evaluate_with_card_ids(later.items.clone(), later.card_ids.clone(), |_| {
                !cancelled()
            })
            .map_err(optimizer_error)?;
        Ok(Score {
            log_loss: e.log_loss,
            rmse_bins: e.rmse_bins,
        })
    };
    let fitted = score(&parameters)?;
    let defaults = score(&[])?;
    let in_use = match in_use {
        Some(w) if !w.is_empty() && w != fsrs::DEFAULT_PARAMETERS.as_slice() => Some(score(w)?),
        _ => None,
    };
    Ok(Fit {
        parameters,
        fitted,
        defaults,
        in_use,
        trained_on,
        scored_on,
    })
}

#[cfg(test)]
mod tests;
