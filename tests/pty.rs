//! The real binary in a pseudo-terminal: start, study a card, then leave by quitting, by any
//! signal that ends a process, or by a panic. Each time the answer is on disk, the exit code is
//! as promised, and the terminal is as it was: raw mode off and the alternate screen left.
//! Also: Ctrl-Z and SIGTSTP stop the app with the terminal restored and SIGCONT brings it back
//! redrawn; line mode prints its question again after a stop; without a terminal the app says
//! to use line mode.

#![cfg(unix)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::sys::termios::LocalFlags;
use nix::sys::wait::{WaitPidFlag, WaitStatus, waitpid};
use nix::unistd::Pid;
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

struct Session {
    master: Box<dyn MasterPty + Send>,
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Arc<Mutex<Vec<u8>>>,
    /// Tells the reader thread to let go of its handle on the terminal.
    done: Arc<std::sync::atomic::AtomicBool>,
}

impl Session {
    fn start(home: &Path, extra_env: &[(&str, &str)]) -> Session {
        Session::start_with(home, &[], extra_env)
    }

    fn start_with(home: &Path, args: &[&str], extra_env: &[(&str, &str)]) -> Session {
        let somadeck = assert_cmd::cargo::cargo_bin("somadeck");
        Session::spawn(somadeck.as_os_str(), home, args, extra_env)
    }

    fn spawn(
        program: &std::ffi::OsStr,
        home: &Path,
        args: &[&str],
        extra_env: &[(&str, &str)],
    ) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env("SOMADECK_HOME", home);
        cmd.env("SOMADECK_NOW", "2026-11-23T10:00:00Z");
        cmd.env("TERM", "xterm-256color");
        // A plain xterm, whatever terminal runs the tests: nothing that says it draws pictures.
        for k in [
            "KITTY_WINDOW_ID",
            "TERM_PROGRAM",
            "LC_TERMINAL",
            "WEZTERM_EXECUTABLE",
            "KONSOLE_VERSION",
            "TMUX",
            "STY",
            "NO_COLOR",
        ] {
            cmd.env_remove(k);
        }
        for (k, v) in extra_env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        // Non-blocking, so the reader can be told to stop and close its copy of the terminal.
        let fd = pair.master.as_raw_fd().unwrap();
        let flags = nix::fcntl::fcntl(fd, nix::fcntl::FcntlArg::F_GETFL).unwrap();
        let flags = nix::fcntl::OFlag::from_bits_truncate(flags) | nix::fcntl::OFlag::O_NONBLOCK;
        nix::fcntl::fcntl(fd, nix::fcntl::FcntlArg::F_SETFL(flags)).unwrap();
        let output = Arc::new(Mutex::new(Vec::new()));
        let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (sink, stop) = (Arc::clone(&output), Arc::clone(&done));
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                match reader.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => sink.lock().unwrap().extend_from_slice(&buf[..n]),
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                        std::thread::sleep(Duration::from_millis(5));
                    }
                    Err(_) => break,
                }
            }
        });
        Session {
            master: pair.master,
            child,
            writer,
            output,
            done,
        }
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.output.lock().unwrap()).into_owned()
    }

    fn wait_for(&self, needle: &str) {
        let needle = flatten(needle);
        self.wait_until(&format!("{needle:?}"), |text| {
            flatten(text).contains(&needle)
        });
    }

    /// How many bytes the app has written so far.
    fn mark(&self) -> usize {
        self.output.lock().unwrap().len()
    }

    /// Waits until what the app wrote from `mark` on contains `raw` (escape sequences kept) and
    /// `screen` (compared as `wait_for` does).
    fn wait_for_since(&self, mark: usize, raw: &str, screen: &str) {
        let screen = flatten(screen);
        self.wait_until(&format!("{raw:?} and {screen:?}"), |text| {
            let since = text.get(mark..).unwrap_or_default();
            since.contains(raw) && flatten(since).contains(&screen)
        });
    }

    fn wait_until(&self, what: &str, done: impl Fn(&str) -> bool) {
        let start = Instant::now();
        while !done(&self.text()) {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "never saw {what} in:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn pid(&self) -> Pid {
        Pid::from_raw(i32::try_from(self.child.process_id().unwrap()).unwrap())
    }

    /// Waits until the process is stopped, and returns the signal that stopped it.
    fn wait_stopped(&self) -> Signal {
        let start = Instant::now();
        loop {
            let flags = WaitPidFlag::WUNTRACED | WaitPidFlag::WNOHANG;
            match waitpid(self.pid(), Some(flags)).unwrap() {
                WaitStatus::Stopped(_, sig) => return sig,
                WaitStatus::StillAlive => {}
                other => panic!("not stopped but {other:?}:\n{}", self.text()),
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "did not stop:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn raw_mode(&self) -> bool {
        let termios = self.master.get_termios().expect("termios of the terminal");
        !termios.local_flags.contains(LocalFlags::ICANON)
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Opens the first deck, reveals the first card and grades it Good; returns once the answer
    /// is in the log.
    fn study_one_card(&mut self, home: &Path) {
        self.wait_for("Enter study");
        self.send("\r");
        self.wait_for("to see the back");
        self.send(" ");
        self.wait_for("3 Good");
        self.send("3");
        let start = Instant::now();
        while reviews(home) < 1 {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "not saved:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        // Let the next card be drawn before leaving.
        std::thread::sleep(Duration::from_millis(200));
    }

    fn exit_code(&mut self) -> u32 {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.exit_code();
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "did not exit:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn signal(&self, sig: Signal) {
        kill(self.pid(), sig).unwrap();
    }

    /// Raw mode is off again and the alternate screen, once entered, was left.
    fn assert_terminal_restored(&self) {
        let termios = self.master.get_termios().expect("termios of the terminal");
        assert!(
            termios.local_flags.contains(LocalFlags::ICANON),
            "still in raw mode (ICANON off)"
        );
        assert!(
            termios.local_flags.contains(LocalFlags::ECHO),
            "still in raw mode (ECHO off)"
        );
        // Give the reader thread a moment to collect the last bytes.
        std::thread::sleep(Duration::from_millis(100));
        let out = self.text();
        let entered = out
            .find("\x1b[?1049h")
            .expect("the alternate screen was used");
        let left = out
            .rfind("\x1b[?1049l")
            .expect("the alternate screen was left");
        assert!(left > entered);
    }
}

/// The screen output without escape sequences and white space, since the terminal writer
/// moves the cursor over blanks instead of printing them.
fn flatten(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            if chars.peek() == Some(&'[') {
                chars.next();
                for d in chars.by_ref() {
                    if ('@'..='~').contains(&d) {
                        break;
                    }
                }
            }
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}

fn reviews(home: &Path) -> usize {
    std::fs::read_to_string(home.join("data/reviews.log"))
        .unwrap_or_default()
        .lines()
        .filter(|l| l.starts_with("Review("))
        .count()
}

/// Studies a card, then sends `sig`: the app must leave as it does on SIGTERM.
fn leave_by_signal(sig: Signal) {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(home.path(), &[]);
    s.study_one_card(home.path());
    s.signal(sig);
    assert_eq!(s.exit_code(), 128 + sig as u32, "{sig}");
    s.assert_terminal_restored();
    assert_eq!(reviews(home.path()), 1, "{sig}: the answer is on disk");
}

macro_rules! ending_signals {
    ($($name:ident: $sig:ident,)*) => {$(
        #[test]
        fn $name() {
            leave_by_signal(Signal::$sig);
        }
    )*};
}

ending_signals! {
    sigquit_restores_the_terminal_and_keeps_the_answer: SIGQUIT,
    sigusr1_restores_the_terminal_and_keeps_the_answer: SIGUSR1,
    sigusr2_restores_the_terminal_and_keeps_the_answer: SIGUSR2,
    sigalrm_restores_the_terminal_and_keeps_the_answer: SIGALRM,
    sigxcpu_restores_the_terminal_and_keeps_the_answer: SIGXCPU,
    sigabrt_restores_the_terminal_and_keeps_the_answer: SIGABRT,
    sigxfsz_restores_the_terminal_and_keeps_the_answer: SIGXFSZ,
    sigvtalrm_restores_the_terminal_and_keeps_the_answer: SIGVTALRM,
    sigprof_restores_the_terminal_and_keeps_the_answer: SIGPROF,
}

/// Stops the app with `stop`, checks the terminal is the shell's again, continues the app as
/// `fg` does, checks it took the terminal back and drew its screen again, then quits.
fn stop_and_continue(stop: impl Fn(&mut Session)) {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(home.path(), &[]);
    s.wait_for("Enter study");
    stop(&mut s);
    assert_eq!(s.wait_stopped(), Signal::SIGSTOP);
    s.assert_terminal_restored();
    let mark = s.mark();
    s.signal(Signal::SIGCONT);
    s.wait_for_since(mark, "\x1b[?1049h", "Enter study");
    assert!(s.raw_mode(), "raw mode again after SIGCONT");
    s.send("q");
    assert_eq!(s.exit_code(), 0);
    s.assert_terminal_restored();
}

#[test]
fn ctrl_z_stops_with_the_terminal_restored_and_continuing_redraws() {
    stop_and_continue(|s| s.send("\x1a"));
}

#[test]
fn sigtstp_stops_with_the_terminal_restored_and_continuing_redraws() {
    stop_and_continue(|s| s.signal(Signal::SIGTSTP));
}

#[test]
fn a_stop_by_anyone_else_is_redrawn_on_continuing() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(home.path(), &[]);
    s.wait_for("Enter study");
    s.signal(Signal::SIGSTOP);
    assert_eq!(s.wait_stopped(), Signal::SIGSTOP);
    let mark = s.mark();
    s.signal(Signal::SIGCONT);
    s.wait_for_since(mark, "\x1b[?1049h", "Enter study");
    s.send("q");
    assert_eq!(s.exit_code(), 0);
    s.assert_terminal_restored();
}

#[test]
fn line_mode_prints_the_question_again_after_a_stop() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start_with(home.path(), &["study", "--plain"], &[]);
    let question = "Q: What is the anatomical position?";
    s.wait_for("then Enter to see the answer;");
    let mark = s.mark();
    s.signal(Signal::SIGSTOP);
    assert_eq!(s.wait_stopped(), Signal::SIGSTOP);
    s.signal(Signal::SIGCONT);
    s.wait_for_since(mark, question, "then Enter to see the answer;");
    // And the session goes on from where it was.
    s.send("\r");
    s.wait_for("3 Good");
    s.send("3\rq\r");
    assert_eq!(s.exit_code(), 0);
    assert_eq!(reviews(home.path()), 1);
}

#[test]
fn without_a_terminal_the_app_says_to_use_line_mode() {
    let home = tempfile::tempdir().unwrap();
    for args in [&[][..], &["study"][..], &["study", "skull"][..]] {
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("somadeck"))
            .env("SOMADECK_HOME", home.path())
            .env("SOMADECK_NOW", "2026-11-23T10:00:00Z")
            .args(args)
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("--plain"), "{args:?}: {err}");
        assert!(
            !out.stdout.contains(&0x1b) && !out.stderr.contains(&0x1b),
            "{args:?}: escape bytes written"
        );
    }
}

#[test]
fn with_output_redirected_the_app_leaves_the_terminal_alone() {
    // Standard input is the terminal, standard output a file: the app must not touch either.
    let home = tempfile::tempdir().unwrap();
    let somadeck = assert_cmd::cargo::cargo_bin("somadeck");
    let out = home.path().join("out.txt");
    let script = format!(
        "'{}' > '{}'; echo \"exit code $?\"",
        somadeck.display(),
        out.display()
    );
    let mut s = Session::spawn("/bin/sh".as_ref(), home.path(), &["-c", &script], &[]);
    s.wait_for("exit code 2");
    assert!(s.text().contains("--plain"), "{}", s.text());
    assert_eq!(s.exit_code(), 0);
    let written = std::fs::read(&out).unwrap();
    assert!(written.is_empty(), "{}", String::from_utf8_lossy(&written));
    let termios = s.master.get_termios().expect("termios of the terminal");
    assert!(termios.local_flags.contains(LocalFlags::ICANON));
    assert!(!s.text().contains('\x1b'), "{:?}", s.text());
}

fn leave_by(how: &str, expected_code: u32) {
    let home = tempfile::tempdir().unwrap();
    let env: &[(&str, &str)] = if how == "panic" {
        &[("SOMADECK_TEST_PANIC", "1")]
    } else {
        &[]
    };
    let mut s = Session::start(home.path(), env);
    s.study_one_card(home.path());
    match how {
        // Esc goes back to the decks from any card (`q` would be typed into a typed answer).
        // The next key waits for the decks' header with today's answer, drawn only after it: sent
        // at once, the terminal would read the two as Alt+q.
        "quit" => {
            s.send("\x1b");
            s.wait_for("today 1 answered");
            s.send("q");
        }
        "SIGTERM" => s.signal(Signal::SIGTERM),
        "SIGHUP" => s.signal(Signal::SIGHUP),
        "SIGINT" => s.signal(Signal::SIGINT),
        "panic" => {
            s.send("\x1b");
            s.wait_for("today 1 answered");
            s.send("!");
        }
        _ => unreachable!(),
    }
    assert_eq!(s.exit_code(), expected_code, "{how}");
    s.assert_terminal_restored();
    assert_eq!(reviews(home.path()), 1, "{how}: the answer is on disk");
}

#[test]
fn quit_restores_the_terminal_and_keeps_the_answer() {
    leave_by("quit", 0);
}

#[test]
fn sigterm_restores_the_terminal_and_keeps_the_answer() {
    leave_by("SIGTERM", 128 + 15);
}

#[test]
fn sighup_restores_the_terminal_and_keeps_the_answer() {
    leave_by("SIGHUP", 128 + 1);
}

#[test]
fn sigint_restores_the_terminal_and_keeps_the_answer() {
    leave_by("SIGINT", 128 + 2);
}

#[test]
fn a_panic_restores_the_terminal_and_keeps_the_answer() {
    leave_by("panic", 101);
}

#[test]
fn a_terminal_that_goes_away_ends_the_app_with_the_answer_kept() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(home.path(), &[]);
    s.study_one_card(home.path());
    let Session {
        master,
        mut child,
        writer,
        done,
        ..
    } = s;
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    std::thread::sleep(Duration::from_millis(50));
    drop(writer);
    drop(master);
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(10) {
            child.kill().unwrap();
            panic!("the app kept running after its terminal went away");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.exit_code(), 128 + 1);
    assert_eq!(reviews(home.path()), 1);
}

/// A picture card in a plain xterm-256color terminal (no graphics protocol) is drawn in
/// coloured half-block cells, and nothing is sent that only a graphics terminal understands.
#[test]
fn a_picture_falls_back_to_half_blocks_in_a_plain_xterm() {
    let home = tempfile::tempdir().unwrap();
    let decks = home.path().join("decks");
    std::fs::create_dir_all(decks.join("images")).unwrap();
    let fixture = Path::new("tests/fixtures/occlusion");
    std::fs::copy(fixture.join("shapes.ron"), decks.join("shapes.ron")).unwrap();
    std::fs::copy(
        fixture.join("images/shapes.svg"),
        decks.join("images/shapes.svg"),
    )
    .unwrap();
    let mut s = Session::start_with(home.path(), &["study", "shapes"], &[]);
    s.wait_for("What is the highlighted structure?");
    s.wait_until("half-block cells", |t| t.contains('▀') || t.contains('▄'));
    let out = s.text();
    for (seq, what) in [
        ("\x1b_G", "kitty"),
        ("\x1bP", "sixel"),
        ("\x1b]1337", "iTerm2"),
    ] {
        assert!(!out.contains(seq), "{what} graphics were sent");
    }
    s.send("\x1b");
    s.wait_for("All decks");
    s.send("q");
    assert_eq!(s.exit_code(), 0);
    s.assert_terminal_restored();
}
