//! `somadeck optimize`: fits the FSRS parameters to the student's review log (read-only), prints
//! how the defaults, the parameters in use and the fitted ones score on the latest answers, and
//! keeps the fitted ones only if they score best. Ctrl-C cancels and changes nothing.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use fsrs::CombinedProgressState;

use crate::clock::Clock;
use crate::config::Config;
use crate::fit::saved::{self, InUse, SavedParameters};
use crate::fit::{self, Fit, FitError, History, Score};
use crate::paths::Paths;

/// Exit status after Ctrl-C, as a shell reports a process ended by SIGINT.
const CANCELLED: i32 = 130;

pub fn run(
    paths: &Paths,
    clock: &Clock,
    to_config: bool,
    out: &mut impl Write,
) -> Result<i32, String> {
    // Ctrl-C from here on asks to stop; nothing is written before the fit is done.
    let interrupted = Arc::new(AtomicBool::new(false));
    let _ = signal_hook::flag::register(signal_hook::consts::SIGINT, Arc::clone(&interrupted));
    let config = Config::load(&paths.config_file)?;
    let sched = crate::open::scheduler(&config)?;
    // A renamed card's answers are one history, as progress folds them.
    let lib = crate::open::Opened::library(paths);
    let renamed = crate::deck::renames::aliases(lib.decks.iter().map(|d| &d.deck));
    let (events, warnings) = crate::progress_sync::events(paths, &config, &renamed)?;
    for w in warnings {
        eprintln!("somadeck: warning: {w}");
    }
    let history = History::from_log(&events, &sched.days);
    drop(events);
    let (in_use, source, warning) = saved::resolve(&config.fsrs_parameters, &paths.data);
    if let Some(w) = warning {
        eprintln!("somadeck: warning: {w}");
    }
    let answers = history.len();
    let result = with_progress(&interrupted, |progress| {
        fit::fit(
            history,
            Some(&in_use),
            config.relearning_steps_minutes.len(),
            Some(progress),
        )
    });
    let cancelled = interrupted.load(Ordering::Relaxed);
    let f = match result.and_then(|f| {
        if cancelled {
            Err(FitError::Cancelled)
        } else {
            Ok(f)
        }
    }) {
        Ok(f) => f,
        Err(FitError::Cancelled) => {
            writeln!(out, "Cancelled; nothing was changed.").map_err(|e| e.to_string())?;
            return Ok(CANCELLED);
        }
        Err(e @ FitError::TooFew { .. }) => {
            writeln!(out, "Not enough history to fit FSRS yet: {e}.").map_err(|e| e.to_string())?;
            return Ok(0);
        }
        Err(e) => return Err(e.to_string()),
    };
    report(&f, &source, answers, out).map_err(|e| e.to_string())?;
    if !f.is_better() {
        writeln!(
            out,
            "The fitted parameters do not predict your latest answers better, so nothing was \
             changed."
        )
        .map_err(|e| e.to_string())?;
        return Ok(0);
    }
    let saved_to = if to_config {
        save_to_config(paths, &f.parameters)?
    } else {
        save_to_data(paths, clock, &f)?
    };
    writeln!(out, "{saved_to}").map_err(|e| e.to_string())?;
    if !to_config && !config.fsrs_parameters.is_empty() {
        writeln!(
            out,
            "Note: config.ron sets fsrs_parameters, which win over the fitted ones: remove them \
             from {}, or run `somadeck optimize --to-config`.",
            paths.config_file.display()
        )
        .map_err(|e| e.to_string())?;
    }
    Ok(0)
}

fn report(f: &Fit, source: &InUse, answers: usize, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(
        out,
        "Fitted FSRS on your earlier {} answers and scored it on the latest {} (of {answers} \
         answers to cards seen on an earlier day). Lower is better:",
        f.trained_on, f.scored_on
    )?;
    writeln!(
        out,
        "  {:<24} {:>9} {:>12}",
        "parameters", "log loss", "RMSE (bins)"
    )?;
    let row = |out: &mut dyn Write, name: &str, s: &Score| {
        writeln!(
            out,
            "  {name:<24} {:>9.4} {:>11.2}%",
            s.log_loss,
            100.0 * s.rmse_bins
        )
    };
    row(out, "FSRS-6 defaults", &f.defaults)?;
    if let Some(s) = &f.in_use {
        let name = match source {
            InUse::Config => "in use (config.ron)",
            _ => "in use (fitted before)",
        };
        row(out, name, s)?;
    }
    row(out, "fitted now", &f.fitted)
}

fn save_to_data(paths: &Paths, clock: &Clock, f: &Fit) -> Result<String, String> {
    let saved = SavedParameters {
        parameters: f.parameters.clone(),
        fitted_at: clock.now(),
        trained_on: f.trained_on,
        scored_on: f.scored_on,
        fitted: f.fitted,
        defaults: f.defaults,
    };
    saved::save(&paths.data, &saved)?;
    Ok(format!(
        "Saved to {}; scheduling uses them from now on.",
        saved::path(&paths.data).display()
    ))
}

fn save_to_config(paths: &Paths, parameters: &[f32]) -> Result<String, String> {
    let path = &paths.config_file;
    crate::config_edit::edit_file(
        path,
        "fsrs_parameters",
        Some(&parameter_list(parameters)),
        |c| c.fsrs_parameters == parameters,
    )?;
    Ok(format!(
        "Saved to {} (fsrs_parameters); scheduling uses them from now on.",
        path.display()
    ))
}

/// Runs `work` with a progress line on stderr (when it is a terminal) and Ctrl-C turned into a
/// request to stop that the optimizer honours between batches.
fn with_progress<T>(
    interrupted: &Arc<AtomicBool>,
    work: impl FnOnce(Arc<Mutex<CombinedProgressState>>) -> T,
) -> T {
    let progress = CombinedProgressState::new_shared();
    progress
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .want_abort = interrupted.load(Ordering::Relaxed);
    let done = Arc::new(AtomicBool::new(false));
    let watcher = {
        let (progress, interrupted, done) = (
            Arc::clone(&progress),
            Arc::clone(interrupted),
            Arc::clone(&done),
        );
        let show = std::io::stderr().is_terminal();
        std::thread::spawn(move || watch(&progress, &interrupted, &done, show))
    };
    let result = work(progress);
    done.store(true, Ordering::Relaxed);
    let _ = watcher.join();
    result
}

fn watch(
    progress: &Mutex<CombinedProgressState>,
    interrupted: &AtomicBool,
    done: &AtomicBool,
    show: bool,
) {
    let mut shown = false;
    while !done.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(100));
        let mut p = progress.lock().unwrap_or_else(|e| e.into_inner());
        if interrupted.load(Ordering::Relaxed) {
            p.want_abort = true;
        }
        if show && p.total() > 0 {
            let pct = 100 * p.current() / p.total();
            eprint!("\rfitting FSRS: {pct:>3}% (Ctrl-C cancels)");
            shown = true;
        }
    }
    if shown {
        eprint!("\r{:40}\r", "");
    }
}

/// The parameters as RON writes a list, each with enough digits to read back the same `f32`.
fn parameter_list(parameters: &[f32]) -> String {
    let each: Vec<String> = parameters.iter().map(|w| format!("{w:?}")).collect();
    format!("[{}]", each.join(", "))
}

/// `config.ron`'s text with `fsrs_parameters` set to `parameters`, or `None` when it cannot
/// be edited safely.
#[cfg(test)]
fn with_fsrs_parameters(text: &str, parameters: &[f32]) -> Option<String> {
    crate::config_edit::edit(
        text,
        "fsrs_parameters",
        Some(&parameter_list(parameters)),
        |c| c.fsrs_parameters == parameters,
    )
}

#[cfg(test)]
mod tests {
    use super::with_fsrs_parameters;

    const W: [f32; 21] = fsrs::DEFAULT_PARAMETERS;

    #[test]
    fn the_config_keeps_its_text_and_gains_the_parameters() {
        let text = "// mine\n(\n    desired_retention: 0.85, // keep\n    new_per_day: 5\n)\n";
        let edited = with_fsrs_parameters(text, &W).unwrap();
        assert!(edited.starts_with("// mine\n(\n    desired_retention: 0.85, // keep\n"));
        let c = crate::config::Config::parse("c", &edited).unwrap();
        assert_eq!(
            (c.fsrs_parameters.as_slice(), c.new_per_day),
            (W.as_slice(), crate::study::exam::NewPerDay::Fixed(5))
        );
    }

    #[test]
    fn parameters_already_in_the_config_are_replaced() {
        let text = with_fsrs_parameters("", &W).unwrap();
        let mut other = W;
        other[0] = 0.5;
        let edited = with_fsrs_parameters(&text, &other).unwrap();
        let c = crate::config::Config::parse("c", &edited).unwrap();
        assert_eq!(c.fsrs_parameters, other.to_vec());
        assert_eq!(edited.matches("fsrs_parameters").count(), 1);
    }

    #[test]
    fn a_config_it_cannot_edit_safely_is_left_alone() {
        assert_eq!(with_fsrs_parameters("not ron at all", &W), None);
    }
}
