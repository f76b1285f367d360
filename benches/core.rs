//! Benchmarks of the core, on a collection made by `examples/synth.rs`:
//!
//! ```sh
//! cargo run --release --example synth -- --cards 10000 --reviews 1000000 --home /tmp/bench10k
//! SOMADECK_BENCH_HOME=/tmp/bench10k cargo bench --bench core
//! ```
//!
//! Without `SOMADECK_BENCH_HOME` only the deck parsing figures are printed (on generated decks).
//! Each figure is the median of several runs.

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

fn collection(home: PathBuf) {
    let paths = Paths::under(home);
    let clock = Clock::Fixed("2026-11-23T10:00:00Z".parse().unwrap());
    let sched = scheduler(&Config::default()).unwrap();
    let today = sched.days.day_of(clock.now());
    println!("collection at {}", paths.data.display());
    {
        let store = Store::open::<Event>(&paths.data, today).unwrap();
        let d = time(5, || store.load_snapshot::<Progress>().unwrap());
        println!("  load snapshot:                   {:>8.2} ms", ms(d));
        let d = time(3, || {
            let mut p = Progress::default();
            store.replay::<Event>(0, |ev| {
                p.apply(&ev, &sched);
            })
        });
        println!("  rebuild from the log alone:      {:>8.2} ms", ms(d));
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
    let d = time(5, || Opened::open(&paths, clock).unwrap());
    println!("  open (decks, config, snapshot):  {:>8.2} ms", ms(d));
    let o = Opened::open(&paths, clock).unwrap();
    let d = time(21, || o.session.next(clock.now()));
    println!("  choose the next card:            {:>8.3} ms", ms(d));
    let d = time(21, || o.session.counts(clock.now()));
    println!("  count what is left:              {:>8.3} ms", ms(d));
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
fn whole_process(home: &std::path::Path) {
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
        Some(kb) => println!(
            "  peak memory of the process:       {:>8.1} MiB",
            kb as f64 / 1024.0
        ),
        None => println!("  (install /usr/bin/time to measure peak memory)"),
    }
}

fn main() {
    parsing();
    nesting();
    many_topics();
    durable_answer();
    match std::env::var_os("SOMADECK_BENCH_HOME") {
        Some(h) => {
            whole_process(std::path::Path::new(&h));
            collection(PathBuf::from(&h));
        }
        None => {
            println!("(set SOMADECK_BENCH_HOME to a folder made by the synth example for the rest)")
        }
    }
}
