//! Key press to finished frame, at 200x60 on the built-in decks: `update` plus a full draw on
//! a test backend (what the terminal backend then writes is a diff of that buffer).
//!
//! Run: `cargo bench --bench frame` (`-- picture` for the picture widget alone). Prints the
//! median and the 90th percentile per kind of key press; there are no assertions. With
//! `SOMADECK_BENCH_HOME` set to a folder made by the synth example (10,000 cards, 1,000,000
//! reviews), the same is measured on that collection; answers are then kept in memory, so the
//! folder is not changed. Several folders joined by `:` (`/tmp/bench10k:/tmp/bench100k`) are
//! measured one after the other and compared side by side. `SOMADECK_BENCH_NO_STATS=1` leaves
//! out the stats screen (its exam plan simulates every item).

use std::hint::black_box;
use std::time::{Duration, Instant};

use jiff::{SignedDuration, Timestamp};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use somadeck::app::{self, App, Mode};
use somadeck::clock::Clock;
use somadeck::config::Config;
use somadeck::deck::library;
use somadeck::open::Opened;

#[path = "frame/picture.rs"]
mod picture;
#[path = "frame/picture_card.rs"]
mod picture_card;

const PRESSES: usize = 400;

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// The key a learner would press next on this screen.
fn next_key(mode: Mode, typed: usize) -> KeyEvent {
    match mode {
        Mode::Home => key(KeyCode::Char('a')),
        Mode::Typing if typed < 8 => key(KeyCode::Char("sphenoid".as_bytes()[typed] as char)),
        Mode::Typing => key(KeyCode::Enter),
        Mode::Choosing => key(KeyCode::Char('2')),
        Mode::Answer => key(KeyCode::Char('3')),
        Mode::Summary => key(KeyCode::Char('p')),
        Mode::Filter | Mode::ExamDate | Mode::Help | Mode::Topics | Mode::Stats | Mode::Note => {
            key(KeyCode::Esc)
        }
    }
}

/// One key press as the loop handles it, `update` then a full draw; how long it took.
pub(crate) fn press(
    app: &mut App<'_>,
    terminal: &mut Terminal<TestBackend>,
    k: KeyEvent,
    now: Timestamp,
) -> Duration {
    let t0 = Instant::now();
    if let Some(action) = app::map_key(k, &app.screen) {
        app::update(app, action, now);
    }
    terminal
        .draw(|f| f.render_widget(&*app, f.area()))
        .expect("draw");
    t0.elapsed()
}

pub(crate) fn stats(name: &str, mut times: Vec<Duration>) {
    if times.is_empty() {
        return;
    }
    times.sort_unstable();
    let median = times[times.len() / 2];
    let p90 = times[times.len() * 9 / 10];
    println!(
        "{name:<34} n={:<4} median {:>8.1} µs   p90 {:>8.1} µs",
        times.len(),
        median.as_secs_f64() * 1e6,
        p90.as_secs_f64() * 1e6
    );
}

fn main() {
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    if filter.as_deref() != Some("app") {
        picture::bench();
        picture_card::bench();
    }
    if filter.as_deref() == Some("picture") {
        return;
    }
    match std::env::var_os("SOMADECK_BENCH_HOME") {
        Some(homes) => {
            let homes: Vec<std::path::PathBuf> = std::env::split_paths(&homes).collect();
            let start: Timestamp = "2026-11-23T10:00:00Z".parse().expect("time");
            let mut figures = Vec::new();
            for home in &homes {
                let paths = somadeck::paths::Paths::under(home.clone());
                let mut o = Opened::open(&paths, Clock::Fixed(start)).expect("open the synth home");
                o.session
                    .set_journal(Box::new(Vec::<somadeck::study::Event>::new()));
                let n = o.session.coll.items.len();
                let what = format!("{n} items with their review history ({})", home.display());
                figures.push(presses(&mut o, start, &what));
            }
            if homes.len() > 1 {
                compare(&homes, &figures);
            }
        }
        None => {
            let decks = library::standard(None)
                .decks
                .into_iter()
                .map(|d| d.deck)
                .collect();
            let start: Timestamp = "2026-03-02T10:00:00Z".parse().expect("time");
            let mut o =
                Opened::in_memory(decks, Clock::Fixed(start), Config::default()).expect("open");
            presses(&mut o, start, "the built-in decks");
        }
    }
}

/// Median and 90th percentile of every key press, then of each kind (in order of appearance).
type Figures = Vec<(String, Duration, Duration)>;

/// Feeds `PRESSES` key presses to the app over `opened` and prints what each took; then the
/// stats screen's first frame.
fn presses(opened: &mut Opened, start: Timestamp, what: &str) -> Figures {
    let mut app = App::new(opened, start);
    app.view = (200, 60);
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
    terminal
        .draw(|f| f.render_widget(&app, f.area()))
        .expect("draw");

    let mut by_mode: Vec<(Mode, Vec<Duration>)> = Vec::new();
    let mut all = Vec::new();
    let mut typed = 0;
    for i in 0..PRESSES {
        let now = start + SignedDuration::from_secs(i as i64 * 20);
        let mode = app.screen.mode();
        let k = next_key(mode, typed);
        typed = if mode == Mode::Typing { typed + 1 } else { 0 };
        let dt = press(&mut app, &mut terminal, k, now);
        black_box(terminal.backend().buffer());
        all.push(dt);
        match by_mode.iter_mut().find(|(m, _)| *m == mode) {
            Some((_, v)) => v.push(dt),
            None => by_mode.push((mode, vec![dt])),
        }
    }
    println!("key press to finished frame, 200x60, {what}, {PRESSES} presses");
    let mut figures = vec![("all".to_string(), percentiles(&all).0, percentiles(&all).1)];
    stats("all", all);
    for (mode, times) in by_mode {
        let (m, p) = percentiles(&times);
        figures.push((format!("{mode:?}"), m, p));
        stats(&format!("{mode:?}"), times);
    }
    if std::env::var_os("SOMADECK_BENCH_NO_STATS").is_none() {
        open_stats(&mut app, &mut terminal, start);
    }
    figures
}

fn percentiles(times: &[Duration]) -> (Duration, Duration) {
    let mut t = times.to_vec();
    t.sort_unstable();
    (t[t.len() / 2], t[t.len() * 9 / 10])
}

/// Each kind of key press for every collection (median, then p90), and how the median grew
/// from the first collection to the last.
fn compare(homes: &[std::path::PathBuf], figures: &[Figures]) {
    println!();
    print!("{:<12}", "press");
    for h in homes {
        let name = h
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        print!("{:>24}", format!("{name} median/p90"));
    }
    println!("{:>12}", "last/first");
    let Some(first) = figures.first() else {
        return;
    };
    for (kind, m0, _) in first {
        print!("{kind:<12}");
        let mut last = None;
        for f in figures {
            match f.iter().find(|(k, _, _)| k == kind) {
                Some((_, m, p)) => {
                    print!(
                        "{:>24}",
                        format!(
                            "{:.3} / {:.3} ms",
                            m.as_secs_f64() * 1e3,
                            p.as_secs_f64() * 1e3
                        )
                    );
                    last = Some(*m);
                }
                None => print!("{:>24}", "-"),
            }
        }
        match last {
            Some(l) if !m0.is_zero() => println!("{:>11.1}x", l.as_secs_f64() / m0.as_secs_f64()),
            _ => println!("{:>12}", "-"),
        }
    }
}

/// `S` on the home screen to the stats screen's first frame, twenty times each without and with
/// an exam; with one, also `S` to the frame with the exam plan filled in (its simulations run on
/// a thread; the plan last worked out is forgotten first, so each press starts them afresh).
fn open_stats(app: &mut App<'_>, terminal: &mut Terminal<TestBackend>, now: Timestamp) {
    let today = now.to_zoned(jiff::tz::TimeZone::UTC).date();
    let exam = today.checked_add(jiff::Span::new().days(60)).expect("date");
    println!("S on home to the stats screen's first frame, 200x60");
    for (name, date) in [("no exam", None), ("exam in 60 days", Some(exam))] {
        app.opened.session.sched.params.exam = date;
        let mut times = Vec::new();
        let mut filled = Vec::new();
        for _ in 0..20 {
            while app.screen.mode() != Mode::Home {
                if let Some(action) = app::map_key(key(KeyCode::Esc), &app.screen) {
                    app::update(app, action, now);
                }
            }
            app.plan_job = None;
            let t0 = Instant::now();
            if let Some(action) = app::map_key(key(KeyCode::Char('S')), &app.screen) {
                app::update(app, action, now);
            }
            terminal
                .draw(|f| f.render_widget(&*app, f.area()))
                .expect("draw");
            times.push(t0.elapsed());
            black_box(terminal.backend().buffer());
            if app.plan_pending() {
                app.wait_plan(Duration::from_secs(600));
                terminal
                    .draw(|f| f.render_widget(&*app, f.area()))
                    .expect("draw");
                filled.push(t0.elapsed());
                black_box(terminal.backend().buffer());
            }
        }
        stats(name, times);
        stats(&format!("{name}, plan filled in"), filled);
    }
}
