//! Folds a synth home's whole log once, for profiling the replay (`perf record`):
//! `cargo run --release --example fold_profile -- /tmp/bench10k`.

use somadeck::config::Config;
use somadeck::open::scheduler;
use somadeck::store::Store;
use somadeck::study::{Event, Progress};

fn main() {
    let home = std::env::args()
        .nth(1)
        .expect("a home made by the synth example");
    let sched = scheduler(&Config::default()).expect("scheduler");
    let today = "2026-11-23".parse().expect("date");
    let store =
        Store::open::<Event>(&std::path::Path::new(&home).join("data"), today).expect("store");
    let mut events = Vec::new();
    store
        .replay::<Event>(0, |e| events.push(e))
        .expect("replay");
    let t = std::time::Instant::now();
    let mut p = Progress::default();
    for ev in &events {
        p.apply(ev, &sched);
    }
    println!(
        "folded {} events in {:?} ({} items)",
        events.len(),
        t.elapsed(),
        p.states.len()
    );
}
