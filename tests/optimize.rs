//! `somadeck optimize` through the real binary: it refuses a short history with how much is
//! missing, fits a synthetic learner better than the defaults and keeps the result, and the
//! scheduler then uses it (config.ron's parameters win).

use std::path::Path;

use jiff::{SignedDuration, Timestamp};
use somadeck::config::Config;
use somadeck::fit::learner::{self, Plan};
use somadeck::fit::saved;
use somadeck::store::Store;
use somadeck::study::Event;

const NOW: &str = "2026-11-23T10:00:00Z";

fn run(home: &Path, args: &[&str]) -> (i32, String, String) {
    let out = assert_cmd::Command::cargo_bin("somadeck")
        .unwrap()
        .env("SOMADECK_HOME", home)
        .env("SOMADECK_NOW", NOW)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Writes the answers of a learner with known parameters (not the defaults) over `days` days.
fn learner_home(home: &Path, cards: usize, days: u32) {
    let sched = somadeck::open::scheduler(&Config::default()).unwrap();
    let now: Timestamp = NOW.parse().unwrap();
    let plan = Plan {
        cards,
        new_per_day: 10,
        days,
        start: now - SignedDuration::from_hours(24 * i64::from(days) + 24),
        seed: 11,
    };
    let events = learner::history(&plan, "synth", &sched);
    let mut store = Store::open::<Event>(&home.join("data"), sched.days.day_of(now)).unwrap();
    store.append_bulk(events.iter()).unwrap();
}

#[test]
fn a_short_history_is_refused_with_how_many_answers_are_missing() {
    let home = tempfile::tempdir().unwrap();
    learner_home(home.path(), 20, 10);
    let (code, out, err) = run(home.path(), &["optimize"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Not enough history"), "{out}");
    assert!(out.contains("more are needed"), "{out}");
    assert!(!saved::path(&home.path().join("data")).exists());
}

#[test]
fn optimize_fits_a_synthetic_learner_better_than_the_defaults_and_keeps_it() {
    let home = tempfile::tempdir().unwrap();
    learner_home(home.path(), 300, 90);
    let (code, out, err) = run(home.path(), &["optimize"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("FSRS-6 defaults") && out.contains("fitted now"),
        "{out}"
    );
    let kept = saved::load(&home.path().join("data"))
        .unwrap()
        .expect("saved");
    assert!(
        kept.fitted.log_loss < kept.defaults.log_loss,
        "{:?} vs {:?}",
        kept.fitted,
        kept.defaults
    );
    assert_eq!(kept.fitted_at, NOW.parse::<Timestamp>().unwrap());
    assert_ne!(kept.parameters, fsrs::DEFAULT_PARAMETERS.to_vec());

    let (_, stats, _) = run(home.path(), &["stats"]);
    assert!(
        stats.contains("FSRS parameters: fitted to your answers on 2026-11-23"),
        "{stats}"
    );

    // A second run compares with the parameters now in use.
    let (code, out, _) = run(home.path(), &["optimize"]);
    assert_eq!(code, 0);
    assert!(out.contains("in use (fitted before)"), "{out}");
}

#[test]
fn to_config_writes_the_parameters_into_config_ron_and_they_win() {
    let home = tempfile::tempdir().unwrap();
    learner_home(home.path(), 300, 90);
    std::fs::write(home.path().join("config.ron"), "(new_per_day: 7)\n").unwrap();
    let (code, out, err) = run(home.path(), &["optimize", "--to-config"]);
    assert_eq!(code, 0, "{out}{err}");
    let cfg = Config::load(&home.path().join("config.ron")).unwrap();
    assert_eq!(cfg.new_per_day, somadeck::study::exam::NewPerDay::Fixed(7));
    assert_eq!(cfg.fsrs_parameters.len(), 21);
    assert!(!saved::path(&home.path().join("data")).exists());
    let (_, out, _) = run(home.path(), &["optimize"]);
    assert!(out.contains("in use (config.ron)"), "{out}");
}

/// Ctrl-C at any moment changes nothing: caught, it cancels (status 130); arriving before the
/// handler is in place, it ends the process before anything could be written.
#[test]
fn ctrl_c_cancels_and_changes_nothing() {
    use std::os::unix::process::ExitStatusExt;
    let home = tempfile::tempdir().unwrap();
    learner_home(home.path(), 300, 90);
    let config = "(new_per_day: 7)\n";
    std::fs::write(home.path().join("config.ron"), config).unwrap();
    for args in [&["optimize"][..], &["optimize", "--to-config"][..]] {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("somadeck"));
        cmd.env("SOMADECK_HOME", home.path())
            .env("SOMADECK_NOW", NOW)
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        // A shell running the tests in the background starts them with SIGINT ignored, which
        // the child would inherit until its handler is in place: give it the default, as a
        // terminal's foreground job has.
        // SAFETY: `signal` is async-signal-safe, as `pre_exec` requires.
        unsafe {
            use std::os::unix::process::CommandExt;
            cmd.pre_exec(|| {
                nix::sys::signal::signal(
                    nix::sys::signal::Signal::SIGINT,
                    nix::sys::signal::SigHandler::SigDfl,
                )
                .map(|_| ())
                .map_err(std::io::Error::from)
            });
        }
        let child = cmd.spawn().unwrap();
        let pid = nix::unistd::Pid::from_raw(i32::try_from(child.id()).unwrap());
        nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGINT).unwrap();
        let out = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        match out.status.code() {
            Some(code) => {
                assert_eq!(code, 130, "{stdout}");
                assert!(
                    stdout.contains("Cancelled; nothing was changed"),
                    "{stdout}"
                );
            }
            None => assert_eq!(out.status.signal(), Some(2)),
        }
        assert!(!saved::path(&home.path().join("data")).exists());
        let kept = std::fs::read_to_string(home.path().join("config.ron")).unwrap();
        assert_eq!(kept, config);
    }
}
