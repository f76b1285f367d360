//! The only code that touches the terminal: setting it up and restoring it (on quit, on a
//! panic through ratatui's hook, on SIGTERM, SIGHUP and SIGINT), the event loop, resizes, and
//! the stopwatch for how long a card was looked at.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{self, Event, KeyEventKind};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

use crate::app::{self, Action, App, Tone};
use crate::open::Opened;

/// How long the loop waits for a key before it looks at the signal flag again.
const POLL: Duration = Duration::from_millis(250);
/// Time on a card is capped, so a card left on screen over lunch does not skew the log.
const MAX_THINK: Duration = Duration::from_secs(60);

/// Leaves raw mode and the alternate screen however the TUI ends (an error return included;
/// a panic is handled by ratatui's hook as well).
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        ratatui::restore();
    }
}

/// How the TUI ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    Quit,
    /// Stopped by this signal (the process should exit with 128 + it).
    Signal(i32),
}

/// Runs the TUI until the learner quits or a termination signal arrives. Every answer is in
/// the journal before the next card shows; a progress snapshot is saved on the way out.
/// With `study`, the app opens straight on a study run over those decks (all when empty)
/// instead of the home screen.
pub fn run(opened: &mut Opened, study: Option<&[String]>) -> Result<Ending, String> {
    let stop = Arc::new(AtomicUsize::new(0));
    let mut ids = Vec::new();
    for sig in [SIGTERM, SIGHUP, SIGINT] {
        let id = signal_hook::flag::register_usize(sig, Arc::clone(&stop), sig as usize)
            .map_err(|e| format!("cannot watch for signal {sig}: {e}"))?;
        ids.push(id);
    }
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let finished = Arc::new(AtomicBool::new(false));
    watchdog(Arc::clone(&stop), Arc::clone(&finished));
    let result = session(opened, &stop, color, study);
    finished.store(true, Ordering::Relaxed);
    // The program is on its way out; the signals fall back to being ignored, which is harmless.
    for id in ids {
        signal_hook::low_level::unregister(id);
    }
    let warning = result?;
    if let Some(w) = warning {
        eprintln!("somadeck: warning: {w}");
    }
    Ok(match stop.load(Ordering::Relaxed) {
        0 => Ending::Quit,
        sig => Ending::Signal(i32::try_from(sig).unwrap_or(SIGTERM)),
    })
}

/// How long the loop may take to act on a stop before the watchdog ends the process itself.
const STUCK: Duration = Duration::from_secs(2);

/// Watches, off the main thread, for what the event loop cannot see: a terminal that hung up
/// without a SIGHUP reaching us, and a stop the loop does not act on (crossterm can spin on a
/// hung-up terminal and never return). Every answer is already in the log, so ending the
/// process from here loses nothing but the snapshot, which the next start rebuilds.
fn watchdog(stop: Arc<AtomicUsize>, finished: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        let mut stopping_since: Option<Instant> = None;
        while !finished.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(200));
            if stop.load(Ordering::Relaxed) == 0 && stdin_hung_up() {
                stop.store(SIGHUP as usize, Ordering::Relaxed);
            }
            let sig = stop.load(Ordering::Relaxed);
            if sig == 0 || finished.load(Ordering::Relaxed) {
                continue;
            }
            let since = *stopping_since.get_or_insert_with(Instant::now);
            if since.elapsed() >= STUCK {
                // Quietly: after a hang-up there is no terminal to restore or to complain to.
                let _ = ratatui::try_restore();
                std::process::exit(128 + i32::try_from(sig).unwrap_or(SIGHUP));
            }
        }
    });
}

/// Whether the terminal on standard input has hung up.
fn stdin_hung_up() -> bool {
    use rustix::event::{PollFd, PollFlags, Timespec};
    let stdin = std::io::stdin();
    let mut fds = [PollFd::new(&stdin, PollFlags::empty())];
    let now = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    matches!(rustix::event::poll(&mut fds, Some(&now)), Ok(n) if n > 0)
        && fds[0].revents().contains(PollFlags::HUP)
}

/// Sets up the terminal, runs the loop, restores the terminal. Returns a warning to print
/// once the terminal is back to normal.
fn session(
    opened: &mut Opened,
    stop: &AtomicUsize,
    color: bool,
    study: Option<&[String]>,
) -> Result<Option<String>, String> {
    let _restore = Restore;
    let mut terminal =
        ratatui::try_init().map_err(|e| format!("cannot set up the terminal: {e}"))?;
    let now = opened.now();
    let mut app = App::new(opened, now);
    app.color = color;
    if let Ok(size) = terminal.size() {
        app.view = (size.width, size.height);
    }
    if let Some(ids) = study {
        app::study_now(&mut app, ids, now);
    }
    // After a hangup the terminal may fail before the flag is seen; that is not an error.
    let looped = event_loop(&mut terminal, &mut app, stop).or_else(|e| {
        if stop.load(Ordering::Relaxed) != 0 {
            Ok(())
        } else {
            Err(e)
        }
    });
    if !app.quit {
        // A signal or a terminal error: save a snapshot all the same.
        let now = app.opened.now();
        app::update(&mut app, Action::Quit, now);
    }
    looped?;
    Ok(app.status.filter(|s| s.tone == Tone::Error).map(|s| s.text))
}

fn event_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App<'_>,
    stop: &AtomicUsize,
) -> Result<(), String> {
    // For the terminal-restoration tests only: `!` panics when this is set.
    let panic_on_bang = std::env::var_os("SOMADECK_TEST_PANIC").is_some();
    let io = |e: std::io::Error| format!("terminal error: {e}");
    let mut serial = app.card_serial();
    let mut shown_at = Instant::now();
    let mut dirty = true;
    while !app.quit && stop.load(Ordering::Relaxed) == 0 {
        if dirty {
            terminal
                .draw(|f| f.render_widget(&*app, f.area()))
                .map_err(|e| format!("cannot draw: {e}"))?;
            app.scroll_limits = crate::ui::scroll_limits(app);
            dirty = false;
        }
        match event::poll(POLL) {
            Ok(true) => {}
            Ok(false) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(io(e)),
        }
        match event::read() {
            Ok(Event::Key(key)) if key.kind == KeyEventKind::Press => {
                if panic_on_bang && key.code == ratatui::crossterm::event::KeyCode::Char('!') {
                    panic!("panic injected by SOMADECK_TEST_PANIC");
                }
                if let Some(action) = app::map_key(key, &app.screen) {
                    let think = shown_at.elapsed().min(MAX_THINK);
                    app.elapsed_ms = u32::try_from(think.as_millis()).unwrap_or(u32::MAX);
                    let now = app.opened.now();
                    app::update(app, action, now);
                    if app.card_serial() != serial {
                        serial = app.card_serial();
                        shown_at = Instant::now();
                    }
                    dirty = true;
                }
            }
            Ok(Event::Resize(w, h)) => {
                app.view = (w, h);
                dirty = true;
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(io(e)),
        }
    }
    Ok(())
}
