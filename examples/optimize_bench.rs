//! Times `somadeck optimize`'s core on a synthetic learner who answers by known FSRS parameters
//! (`fit::learner`), and prints the held-out scores of the defaults and of the fit:
//!
//! `cargo run --release --example optimize_bench -- --cards 10000 --new-per-day 100 --days 365`

use std::time::Instant;

use clap::Parser;
use jiff::{SignedDuration, Timestamp};
use somadeck::config::Config;
use somadeck::fit::learner::{self, Plan};
use somadeck::fit::{self, History};
use somadeck::open::scheduler;

#[derive(Parser)]
struct Args {
    #[arg(long, default_value_t = 10_000)]
    cards: usize,
    #[arg(long, default_value_t = 100)]
    new_per_day: usize,
    #[arg(long, default_value_t = 365)]
    days: u32,
    #[arg(long, default_value_t = 7)]
    seed: u64,
}

fn main() -> Result<(), String> {
    let a = Args::parse();
    let sched = scheduler(&Config::default())?;
    let start = Timestamp::from_second(1_767_000_000).map_err(|e| e.to_string())?
        - SignedDuration::from_hours(24 * i64::from(a.days));
    let plan = Plan {
        cards: a.cards,
        new_per_day: a.new_per_day,
        days: a.days,
        start,
        seed: a.seed,
    };
    let t = Instant::now();
    let log = learner::history(&plan, "synth", &sched);
    let simulated = t.elapsed();
    let t = Instant::now();
    let history = History::from_log(&log, &sched.days);
    let scored = history.len();
    let f = fit::fit(history, None, 1, None).map_err(|e| e.to_string())?;
    let fitted = t.elapsed();
    println!(
        "{} answers ({scored} day-scale) simulated in {simulated:.1?}; fitted on {} and scored \
         on {} in {fitted:.1?}",
        log.len(),
        f.trained_on,
        f.scored_on
    );
    println!(
        "defaults: log loss {:.4}, RMSE (bins) {:.2}%",
        f.defaults.log_loss,
        100.0 * f.defaults.rmse_bins
    );
    println!(
        "fitted:   log loss {:.4}, RMSE (bins) {:.2}%",
        f.fitted.log_loss,
        100.0 * f.fitted.rmse_bins
    );
    let t = Instant::now();
    for (name, w) in [("defaults", Vec::new()), ("fitted", f.parameters.clone())] {
        let rows = fit::calibration(&log, &w, sched.days.clone())?;
        let bins: Vec<String> = rows
            .iter()
            .map(|r| match (r.predicted, r.actual) {
                (Some(p), Some(a)) => format!(
                    "{:.0}-{:.0}%: {} answers, {:.1} vs {:.1}",
                    r.from * 100.0,
                    r.to * 100.0,
                    r.answers,
                    p * 100.0,
                    a * 100.0
                ),
                _ => format!("{:.0}-{:.0}%: none", r.from * 100.0, r.to * 100.0),
            })
            .collect();
        let worst = fit::worst_calibration_gap(&rows, 100).map_or(0.0, |g| g * 100.0);
        println!(
            "calibration, {name}: worst gap {worst:.1} points (bins of 100+); {}",
            bins.join("; ")
        );
    }
    println!("calibration replays took {:.1?}", t.elapsed());
    Ok(())
}
