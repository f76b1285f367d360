//! The parts of opening a synth home, each timed on its own over several runs (median and
//! fastest): reading the decks through the cache, building the collection from them, and reading
//! the snapshot. What each part builds is kept until the end, so every run writes memory the
//! process has not touched before, as a start does. For profiling too (`perf record`):
//! `cargo run --release --example open_parts -- /tmp/bench100k [runs]`.

use std::time::{Duration, Instant};

use somadeck::open::Opened;
use somadeck::store::Store;
use somadeck::study::{Collection, Event, Progress};

fn report(name: &str, mut times: Vec<Duration>) {
    times.sort_unstable();
    println!(
        "{name:<28} median {:>8.3} ms   fastest {:>8.3} ms",
        times[times.len() / 2].as_secs_f64() * 1000.0,
        times[0].as_secs_f64() * 1000.0
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let home = args.next().expect("a home made by the synth example");
    let runs: usize = args
        .next()
        .map_or(9, |n| n.parse().expect("a number of runs"));
    let paths = somadeck::paths::Paths::under(home.into());
    let store = Store::open_read_only::<Event>(&paths.data).expect("the home's store");
    let (mut read, mut build, mut snapshot) = (Vec::new(), Vec::new(), Vec::new());
    let mut kept = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let lib = Opened::library(&paths);
        read.push(t.elapsed());
        let decks: Vec<_> = lib.decks.into_iter().map(|d| d.deck).collect();
        let t = Instant::now();
        let coll = Collection::new(decks);
        build.push(t.elapsed());
        let t = Instant::now();
        let snap = store.read_snapshot::<Progress>();
        snapshot.push(t.elapsed());
        kept.push((coll, snap));
    }
    println!("{} items, {runs} runs", kept[0].0.items.len());
    report("read the decks (cache)", read);
    report("build the collection", build);
    report("read the snapshot", snapshot);
}
