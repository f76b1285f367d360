//! The only code that touches the terminal: setting it up and restoring it (on quit, on a
//! panic through ratatui's hook, on every signal that would end the process), stopping on
//! Ctrl-Z or SIGTSTP and coming back on SIGCONT, the event loop, resizes, and the stopwatch for
//! how long a card was looked at.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::crossterm::{execute, terminal};
use ratatui::layout::Rect;
use signal_hook::consts::{
    SIGABRT, SIGALRM, SIGCONT, SIGHUP, SIGINT, SIGPROF, SIGQUIT, SIGTERM, SIGTSTP, SIGUSR1,
    SIGUSR2, SIGVTALRM, SIGXCPU, SIGXFSZ,
};

use crate::app::{self, Action, App, Tone};
use crate::open::Opened;

/// How long the loop waits for a key before it looks at the signal flag again.
const POLL: Duration = Duration::from_millis(250);
/// How often to look for a picture or an exam plan being made in the background.
const PICTURE_POLL: Duration = Duration::from_millis(10);
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

/// The signals that end a process unless it catches them (SIGKILL and SIGSTOP cannot be caught).
/// Each one leaves the app the way `q` does, terminal restored and progress saved, and the
/// process exits with 128 + its number. SIGPIPE is not here: Rust ignores it, so it ends
/// nothing. Faults (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGSYS) are not either: a handler
/// that only sets a flag would return to the faulting instruction and spin.
const ENDING_SIGNALS: [i32; 12] = [
    SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGXCPU, SIGABRT, SIGXFSZ,
    SIGVTALRM, SIGPROF,
];

/// A stop (SIGTSTP from `kill -TSTP`; Ctrl-Z arrives as a key in raw mode) and a continue
/// (SIGCONT, after our own stop or anyone's SIGSTOP), noticed by the event loop.
struct JobControl {
    stop: Arc<AtomicBool>,
    cont: Arc<AtomicBool>,
}

impl JobControl {
    fn watch(ids: &mut Vec<signal_hook::SigId>) -> Result<JobControl, String> {
        let jc = JobControl {
            stop: Arc::new(AtomicBool::new(false)),
            cont: Arc::new(AtomicBool::new(false)),
        };
        for (sig, flag) in [(SIGTSTP, &jc.stop), (SIGCONT, &jc.cont)] {
            let id = signal_hook::flag::register(sig, Arc::clone(flag))
                .map_err(|e| format!("cannot watch for signal {sig}: {e}"))?;
            ids.push(id);
        }
        Ok(jc)
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
/// `start` says what it opens on: the decks, or straight away a study run or a cram.
pub fn run(opened: &mut Opened, start: app::Start<'_>) -> Result<Ending, String> {
    let stop = Arc::new(AtomicUsize::new(0));
    let mut ids = Vec::new();
    for sig in ENDING_SIGNALS {
        let id = signal_hook::flag::register_usize(sig, Arc::clone(&stop), sig as usize)
            .map_err(|e| format!("cannot watch for signal {sig}: {e}"))?;
        ids.push(id);
    }
    let jobs = JobControl::watch(&mut ids)?;
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let finished = Arc::new(AtomicBool::new(false));
    watchdog(Arc::clone(&stop), Arc::clone(&finished));
    let result = session(opened, &stop, &jobs, color, start);
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
    jobs: &JobControl,
    color: bool,
    start: app::Start<'_>,
) -> Result<Option<String>, String> {
    let _restore = Restore;
    let mut terminal =
        ratatui::try_init().map_err(|e| format!("cannot set up the terminal: {e}"))?;
    let now = opened.now();
    let graphics = opened.config.graphics;
    let mut app = App::new(opened, now);
    app.color = color;
    // After entering the alternate screen and before reading events, as a query needs.
    let env = crate::picture::graphics::Env::current();
    app.pictures = crate::picture::Pictures::new(crate::picture::graphics::mode(graphics, &env));
    if let Ok(size) = terminal.size() {
        app.view = (size.width, size.height);
    }
    app::open_on(&mut app, start, now);
    // After a hangup the terminal may fail before the flag is seen; that is not an error.
    let looped = event_loop(&mut terminal, &mut app, stop, jobs).or_else(|e| {
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
    jobs: &JobControl,
) -> Result<(), String> {
    // For the terminal-restoration tests only: `!` panics when this is set.
    let panic_on_bang = std::env::var_os("SOMADECK_TEST_PANIC").is_some();
    let io = |e: std::io::Error| format!("terminal error: {e}");
    let mut serial = app.card_serial();
    let mut shown_at = Instant::now();
    let mut dirty = true;
    let mut ctrl_z = false;
    let mut first_frame = true;
    while !app.quit && stop.load(Ordering::Relaxed) == 0 {
        if job_control(terminal, jobs, std::mem::take(&mut ctrl_z))? {
            // Time spent stopped is not time spent thinking.
            shown_at = Instant::now();
            dirty = true;
        }
        // A picture made in the background replaces its half-block preview.
        if app.pictures.take_ready() {
            dirty = true;
        }
        // So does an exam plan worked out in the background.
        if app.take_plan() {
            dirty = true;
        }
        if dirty {
            if let Err(e) = terminal.draw(|f| f.render_widget(&*app, f.area())) {
                return hung_up(stop, format!("cannot draw: {e}"));
            }
            app.scroll_limits = crate::ui::scroll_limits(app);
            dirty = false;
            if std::mem::take(&mut first_frame) {
                app.opened.session.coll.make_ids_in_background();
            }
        }
        let wait = if app.pictures.pending() || app.plan_pending() {
            PICTURE_POLL
        } else {
            POLL
        };
        match event::poll(wait) {
            Ok(true) => {}
            Ok(false) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return hung_up(stop, io(e)),
        }
        match event::read() {
            Ok(Event::Key(key)) if key.kind == KeyEventKind::Press && is_suspend(key) => {
                ctrl_z = true;
            }
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
            Err(e) => return hung_up(stop, io(e)),
        }
    }
    Ok(())
}

/// A terminal error: when the terminal has gone away it is the hang-up it is (the SIGHUP may
/// not have arrived yet), and the app ends as on SIGHUP; otherwise the error is reported.
fn hung_up(stop: &AtomicUsize, error: String) -> Result<(), String> {
    if stdin_hung_up() {
        stop.store(SIGHUP as usize, Ordering::Relaxed);
        Ok(())
    } else {
        Err(error)
    }
}

/// Acts on a stop (Ctrl-Z or SIGTSTP) or a continue that is pending; returns whether the app
/// was off the screen, so the next draw repaints it.
fn job_control<B: Backend>(
    terminal: &mut Terminal<B>,
    jobs: &JobControl,
    ctrl_z: bool,
) -> Result<bool, String> {
    if jobs.stop.swap(false, Ordering::Relaxed) || ctrl_z {
        suspend(terminal, jobs)?;
        return Ok(true);
    }
    if jobs.cont.swap(false, Ordering::Relaxed) {
        // Stopped by someone else (SIGSTOP): the shell has since written over the screen and
        // may have reset the terminal's modes.
        resume(terminal)?;
        return Ok(true);
    }
    Ok(false)
}

/// Ctrl-Z: in raw mode the terminal sends it as a key instead of stopping us.
fn is_suspend(key: KeyEvent) -> bool {
    key.code == KeyCode::Char('z') && key.modifiers == KeyModifiers::CONTROL
}

/// Gives the terminal back to the shell and stops the process, as Ctrl-Z does to any program;
/// returns once the shell's `fg` (SIGCONT) has continued it, with the app on screen again.
fn suspend<B: Backend>(terminal: &mut Terminal<B>, jobs: &JobControl) -> Result<(), String> {
    terminal
        .show_cursor()
        .map_err(|e| format!("cannot show the cursor: {e}"))?;
    ratatui::try_restore().map_err(|e| format!("cannot restore the terminal: {e}"))?;
    // SIGSTOP rather than SIGTSTP, which the kernel drops for a process group that no shell
    // controls (a program started by its terminal emulator or `ssh -t`, or in a test).
    signal_hook::low_level::emulate_default_handler(SIGTSTP)
        .map_err(|e| format!("cannot stop: {e}"))?;
    resume(terminal)?;
    // The SIGCONT that brought us back is handled by the line above.
    jobs.cont.store(false, Ordering::Relaxed);
    Ok(())
}

/// Raw mode and the alternate screen again, and the next draw repaints every cell (at the
/// terminal's size now, which may have changed meanwhile).
fn resume<B: Backend>(terminal: &mut Terminal<B>) -> Result<(), String> {
    let io = |e: std::io::Error| format!("cannot set up the terminal again: {e}");
    terminal::enable_raw_mode().map_err(io)?;
    execute!(std::io::stdout(), terminal::EnterAlternateScreen).map_err(io)?;
    let redraw = |e: B::Error| format!("cannot redraw: {e}");
    let size = terminal.size().map_err(redraw)?;
    // Not `Terminal::clear`: it asks the terminal where the cursor is, and a terminal that does
    // not answer would hold the app for seconds.
    terminal
        .resize(Rect::new(0, 0, size.width, size.height))
        .map_err(redraw)
}
