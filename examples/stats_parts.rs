//! The stats screen's parts on a synth home, each timed on its own over several runs (median
//! and fastest): the figures, the exam plan's inputs read from the session, and the plan's
//! simulations. The exam is set 60 days ahead in memory, as the frame bench sets it; the home
//! is not changed. For profiling too (`perf record`):
//! `cargo run --release --example stats_parts -- /tmp/bench100k [runs] [--no-simulation]`.

use std::time::{Duration, Instant};

use jiff::Timestamp;
use somadeck::app::stats::StatsView;
use somadeck::clock::Clock;
use somadeck::open::Opened;
use somadeck::study::{exam, stats};

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, Duration) {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed()
        })
        .collect();
    times.sort_unstable();
    (times[times.len() / 2], times[0])
}

fn main() {
    let mut args = std::env::args().skip(1);
    let home = args.next().expect("a home made by the synth example");
    let runs: usize = args
        .next()
        .map_or(5, |n| n.parse().expect("a number of runs"));
    let now: Timestamp = "2026-11-23T10:00:00Z".parse().expect("time");
    let paths = somadeck::paths::Paths::under(home.into());
    let mut o = Opened::open_read_only(&paths, Clock::Fixed(now), || Opened::library(&paths))
        .expect("open the synth home");
    let date = o.session.sched.days.day_of(now) + jiff::Span::new().days(60);
    o.session.sched.params.exam = Some(date);
    let s = &o.session;
    println!("{} items, exam on {date}, {runs} runs", s.coll.items.len());
    let show = |what: &str, (median, best): (Duration, Duration)| {
        println!(
            "{what:<36} median {:>9.2} ms   fastest {:>9.2} ms",
            median.as_secs_f64() * 1e3,
            best.as_secs_f64() * 1e3
        );
    };
    show(
        "figures (stats::report)",
        time(runs, || {
            stats::report(&s.progress, &s.coll, &s.sched, now, None)
        }),
    );
    show(
        "exam plan's inputs (exam::prepare)",
        time(runs, || exam::prepare(s, now, date, s.new_setting())),
    );
    // The screen as `S` makes it: the figures beside the plan's inputs, the simulations started
    // on a thread (waited for after each run, untimed, so runs do not overlap).
    let mut screens = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let mut view = StatsView::new(s, now, None, &mut None);
        screens.push(t.elapsed());
        view.wait_plan(Duration::from_secs(600));
    }
    screens.sort_unstable();
    show(
        "stats screen (StatsView::new)",
        (screens[runs / 2], screens[0]),
    );
    if args.next().as_deref() == Some("--no-simulation") {
        return;
    }
    let planning = exam::prepare(s, now, date, s.new_setting());
    show(
        "exam plan's simulations (finish)",
        time(runs.min(3), || planning.finish()),
    );
}
