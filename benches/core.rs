//! Benchmarks of the core, on a collection made by `examples/synth.rs`:
//!
//! ```sh
//! cargo run --release --example synth -- --cards 10000 --reviews 1000000 --home /tmp/bench10k
//! SOMADECK_BENCH_HOME=/tmp/bench10k cargo bench --bench core
//! # two collections side by side, with how each figure grows from the first to the last
//! SOMADECK_BENCH_HOME=/tmp/bench10k:/tmp/bench100k cargo bench --bench core
//! ```
//!
//! Without `SOMADECK_BENCH_HOME` only the deck parsing figures are printed (on generated decks).
//! Each figure is the median of several runs. `SOMADECK_BENCH_NO_REBUILD=1` leaves out the
//! rebuild from the log (seconds per collection).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use somadeck::clock::Clock;
use somadeck::config::Config;
use somadeck::deck::load::parse;
use somadeck::open::{Opened, scheduler};
use somadeck::paths::Paths;
use somadeck::store::Store;
use somadeck::study::{Event, Progress};

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn time<T>(n: usize, mut f: impl FnMut() -> T) -> Duration {
    median(
        (0..n)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(f());
                t.elapsed()
            })
            .collect(),
    )
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn parsing() {
    println!("deck parsing and checking (parse = read + validate one file)");
    for cards in [1_000, 10_000, 100_000] {
        let text = somadeck::deck::write::to_ron(&synth_deck(cards));
        let runs = if cards > 10_000 { 3 } else { 9 };
        let d = time(runs, || parse("synth.ron", text.as_bytes()));
        let mb = text.len() as f64 / 1e6;
        println!(
            "  {cards:>7} cards, {mb:>6.2} MB: {:>8.2} ms  ({:>6.1} MB/s, {:>9.0} cards/s)",
            ms(d),
            mb / d.as_secs_f64(),
            cards as f64 / d.as_secs_f64()
        );
    }
}

/// Hostile input: 100,000 nested brackets must be refused quickly, not recursed into.
fn nesting() {
    let text = format!(
        "Deck(id: \"d\", title: \"T\", cards: [{}{}])",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let d = time(9, || parse("deep.ron", text.as_bytes()));
    println!("100,000 nested brackets refused in {:>6.3} ms", ms(d));
}

/// Hostile input: 100,000 topics (a chain, so every topic has a prerequisite) and 1,000 cards
/// that name topics. Topic checks once grew with the square of the topics (33 s here).
fn many_topics() {
    use std::fmt::Write as _;
    let mut text =
        String::from("Deck(id: \"wide\", title: \"T\", topics: [\n(id: \"t0\", title: \"T\"),\n");
    for i in 1..100_000 {
        let _ = writeln!(
            text,
            "(id: \"t{i}\", title: \"T\", requires: [\"t{}\"]),",
            i - 1
        );
    }
    text.push_str("], cards: [\n");
    for i in 0..1_000 {
        let _ = writeln!(
            text,
            "Card(id: \"c{i}\", topic: \"t{}\", front: \"Q\", back: \"A\"),",
            i * 97
        );
    }
    text.push_str("])");
    let d = time(3, || {
        let parsed = parse("wide.ron", text.as_bytes());
        let decks: Vec<_> = parsed.deck.iter().collect();
        somadeck::deck::set::check_set(&decks)
    });
    println!(
        "100,000 topics in a chain, 1,000 cards: parsed and checked in {:>8.2} ms",
        ms(d)
    );
}

#[path = "../examples/synth.rs"]
#[allow(dead_code)]
mod synth;

fn synth_deck(cards: usize) -> somadeck::deck::Deck {
    synth::deck(cards)
}

/// The figures of one collection that the side-by-side table compares.
#[derive(Default)]
struct Figures {
    start_ms: f64,
    peak_mib: Option<f64>,
    snapshot_ms: f64,
    open_ms: f64,
    next_ms: f64,
    counts_ms: f64,
    rebuild_ms: Option<f64>,
}

fn collection(home: PathBuf, f: &mut Figures) {
    let paths = Paths::under(home);
    let clock = Clock::Fixed("2026-11-23T10:00:00Z".parse().unwrap());
    let sched = scheduler(&Config::default()).unwrap();
    let today = sched.days.day_of(clock.now());
    println!("collection at {}", paths.data.display());
    {
        let mut store = Store::open::<Event>(&paths.data, today).unwrap();
        // The key the app opens the snapshot with: the settings and the decks' renames.
        let lib = Opened::library(&paths);
        let renamed = somadeck::deck::renames::aliases(lib.decks.iter().map(|d| &d.deck));
        store.set_snapshot_key(
            sched.settings_key() ^ somadeck::progress_file::renames_key(&renamed),
        );
        drop(lib);
        let d = time(5, || store.load_snapshot::<Progress>().unwrap());
        println!("  load snapshot:                   {:>8.2} ms", ms(d));
        f.snapshot_ms = ms(d);
        if std::env::var_os("SOMADECK_BENCH_NO_REBUILD").is_some() {
            drop(store);
            return after_store(paths, clock, f);
        }
        let d = time(3, || {
            let mut p = Progress::default();
            // As the app folds the log: each record looked at, freed by the reading thread.
            store.replay_reporting::<Event>(
                0,
                |ev| {
                    p.apply(ev, &sched);
                },
                &mut |_, _| (),
            )
        });
        println!("  rebuild from the log alone:      {:>8.2} ms", ms(d));
        f.rebuild_ms = Some(ms(d));
        let d = time(3, || {
            store.replay::<Event>(0, |ev| drop(std::hint::black_box(ev)))
        });
        println!("    of which reading and parsing:  {:>8.2} ms", ms(d));
        let mut events = Vec::new();
        store.replay::<Event>(0, |ev| events.push(ev)).unwrap();
        let d = time(3, || {
            let mut p = Progress::default();
            for ev in &events {
                p.apply(ev, &sched);
            }
            p
        });
        println!("    of which folding the events:   {:>8.2} ms", ms(d));
        if std::env::var_os("SOMADECK_BENCH_FOLD_ONLY").is_some() {
            return;
        }
    }
    after_store(paths, clock, f);
}

fn after_store(paths: Paths, clock: Clock, f: &mut Figures) {
    // Timed to the opened session; freeing it (which the app does not do at exit) is left out.
    let d = median(
        (0..5)
            .map(|_| {
                let t = Instant::now();
                let o = Opened::open(&paths, clock).unwrap();
                let d = t.elapsed();
                drop(o);
                d
            })
            .collect(),
    );
    println!("  open (decks, config, snapshot):  {:>8.2} ms", ms(d));
    f.open_ms = ms(d);
    let o = Opened::open(&paths, clock).unwrap();
    let d = time(21, || o.session.next(clock.now()));
    println!("  choose the next card:            {:>8.3} ms", ms(d));
    f.next_ms = ms(d);
    let d = time(21, || o.session.counts(clock.now()));
    println!("  count what is left:              {:>8.3} ms", ms(d));
    f.counts_ms = ms(d);
}

/// Each figure for every collection, then how it grew from the first to the last.
fn compare(homes: &[PathBuf], figs: &[Figures]) {
    let (Some(first), Some(last)) = (figs.first(), figs.last()) else {
        return;
    };
    println!();
    print!("{:<38}", "figure");
    for h in homes {
        let name = h
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        print!("{name:>14}");
    }
    println!("{:>10}", "last/first");
    type Row = (&'static str, fn(&Figures) -> Option<f64>, &'static str);
    let rows: [Row; 7] = [
        (
            "whole process, start to first card",
            |f| Some(f.start_ms),
            "ms",
        ),
        ("peak memory of the process", |f| f.peak_mib, "MiB"),
        ("open (decks, config, snapshot)", |f| Some(f.open_ms), "ms"),
        ("load the snapshot", |f| Some(f.snapshot_ms), "ms"),
        ("choose the next card", |f| Some(f.next_ms), "ms"),
        ("count what is left", |f| Some(f.counts_ms), "ms"),
        ("rebuild from the log alone", |f| f.rebuild_ms, "ms"),
    ];
    for (name, get, unit) in rows {
        print!("{name:<38}");
        for f in figs {
            match get(f) {
                Some(v) => print!("{:>10.3} {unit:<3}", v),
                None => print!("{:>14}", "-"),
            }
        }
        match (get(first), get(last)) {
            (Some(a), Some(b)) if a > 0.0 => println!("{:>9.1}x", b / a),
            _ => println!("{:>10}", "-"),
        }
    }
}

/// One durable answer: an event appended to the log and synced, through the store.
fn durable_answer() {
    let dir = tempfile::tempdir().unwrap();
    let sched = scheduler(&Config::default()).unwrap();
    let now = jiff::Timestamp::from_second(1_795_000_000).unwrap();
    let mut store = Store::open::<Event>(dir.path(), sched.days.day_of(now)).unwrap();
    let ev = Event::Review {
        item: "skull/sella-turcica-bone".into(),
        at: now,
        grade: somadeck::schedule::Grade::Good,
        ms: 4200,
        kind: somadeck::study::ReviewKind::Review,
    };
    let d = time(301, || store.append(&ev).unwrap());
    println!(
        "one durable answer (append + sync_data), median of 301: {:>6.3} ms",
        ms(d)
    );
}

/// The whole process: start, open everything, show the first card, read `q`, exit.
fn whole_process(home: &std::path::Path, f: &mut Figures) {
    use std::io::Write;
    let bin = env!("CARGO_BIN_EXE_somadeck");
    let run = || {
        let mut child = std::process::Command::new(bin)
            .env("SOMADECK_HOME", home)
            .env("SOMADECK_NOW", "2026-11-23T10:00:00Z")
            .args(["study", "--plain"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(b"q\n").unwrap();
        assert!(child.wait().unwrap().success());
    };
    run();
    let d = time(21, run);
    println!(
        "  whole process, start to first card and exit: {:>6.2} ms (median of 21)",
        ms(d)
    );
    f.start_ms = ms(d);
    // Peak memory from /usr/bin/time, measured in a process of its own: a child forked from
    // this one could count this process's memory as its own.
    let rss = std::process::Command::new("/usr/bin/time")
        .args(["-f", "%M", bin, "study", "--plain"])
        .env("SOMADECK_HOME", home)
        .env("SOMADECK_NOW", "2026-11-23T10:00:00Z")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .output()
        .ok()
        .and_then(|o| {
            let err = String::from_utf8_lossy(&o.stderr).into_owned();
            err.trim().lines().last()?.trim().parse::<u64>().ok()
        });
    match rss {
        Some(kb) => {
            f.peak_mib = Some(kb as f64 / 1024.0);
            println!(
                "  peak memory of the process:       {:>8.1} MiB",
                kb as f64 / 1024.0
            )
        }
        None => println!("  (install /usr/bin/time to measure peak memory)"),
    }
}

/// The day's first start against an ordinary one, whole process: the time to the first card,
/// and to exit (which waits up to 3 s for the day's backup). Backups are dated by the real
/// clock, so today's is removed before each first start; the older ones stay.
fn first_start(home: &std::path::Path) {
    use std::io::{BufRead, Write};
    let bin = env!("CARGO_BIN_EXE_somadeck");
    let sched = scheduler(&Config::default()).unwrap();
    let today = sched.days.day_of(jiff::Timestamp::now());
    let backup = Paths::under(home.to_path_buf())
        .data
        .join(format!("backups/reviews-{today}.log"));
    let run = || {
        let started = Instant::now();
        let mut child = std::process::Command::new(bin)
            .env("SOMADECK_HOME", home)
            .env("SOMADECK_NOW", "2026-11-23T10:00:00Z")
            .args(["study", "--plain"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        out.read_line(&mut line).unwrap();
        let first = started.elapsed();
        child.stdin.take().unwrap().write_all(b"q\n").unwrap();
        std::io::copy(&mut out, &mut std::io::sink()).unwrap();
        assert!(child.wait().unwrap().success());
        (first, started.elapsed())
    };
    // Settles today's backup and the note the writer leaves for the next start.
    run();
    let ordinary: Vec<_> = (0..7).map(|_| run()).collect();
    let first: Vec<_> = (0..5)
        .map(|_| {
            let _ = std::fs::remove_file(&backup);
            run()
        })
        .collect();
    let line = |runs: &[(Duration, Duration)]| median(runs.iter().map(|r| r.0).collect());
    let exit = |runs: &[(Duration, Duration)]| median(runs.iter().map(|r| r.1).collect());
    println!(
        "  start to first card, ordinary:    {:>8.2} ms (exit {:.2} ms)",
        ms(line(&ordinary)),
        ms(exit(&ordinary))
    );
    println!(
        "  the same, the day's first start: {:>8.2} ms (exit {:.2} ms), {:.2}x",
        ms(line(&first)),
        ms(exit(&first)),
        line(&first).as_secs_f64() / line(&ordinary).as_secs_f64()
    );
}

fn main() {
    parsing();
    nesting();
    many_topics();
    durable_answer();
    match std::env::var_os("SOMADECK_BENCH_HOME") {
        Some(h) => {
            let homes: Vec<PathBuf> = std::env::split_paths(&h).collect();
            let mut figs = Vec::new();
            for home in &homes {
                let mut f = Figures::default();
                whole_process(home, &mut f);
                first_start(home);
                collection(home.clone(), &mut f);
                figs.push(f);
            }
            if homes.len() > 1 {
                compare(&homes, &figs);
            }
        }
        None => {
            println!("(set SOMADECK_BENCH_HOME to a folder made by the synth example for the rest)")
        }
    }
}
