//! Chooses the next card many times on one collection, for profiling the queue's pass
//! (`perf record`): `cargo run --release --example next_profile -- /tmp/bench100k 2000`.

use somadeck::clock::Clock;
use somadeck::open::Opened;
use somadeck::paths::Paths;

fn main() {
    let mut args = std::env::args().skip(1);
    let home = args.next().expect("a home made by the synth example");
    let n: usize = args.next().map_or(1000, |a| a.parse().expect("a count"));
    let clock = Clock::Fixed("2026-11-23T10:00:00Z".parse().expect("time"));
    let o = Opened::open(&Paths::under(home.into()), clock).expect("open");
    let t = std::time::Instant::now();
    let mut found = 0;
    for _ in 0..n {
        found += usize::from(o.session.next(clock.now()).is_some());
    }
    println!(
        "{n} choices ({found} found) in {:?} each",
        t.elapsed() / n as u32
    );
}
