//! The real binary in a pseudo-terminal: start, study a card, then leave by quitting, by
//! SIGTERM, SIGHUP or SIGINT, or by a panic. Each time the answer is on disk, the exit code is
//! as promised, and the terminal is as it was: raw mode off and the alternate screen left.

#![cfg(unix)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::sys::termios::LocalFlags;
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
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(assert_cmd::cargo::cargo_bin("somadeck"));
        cmd.env("SOMADECK_HOME", home);
        cmd.env("SOMADECK_NOW", "2026-11-23T10:00:00Z");
        cmd.env("TERM", "xterm-256color");
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

    /// The screen output without escape sequences and white space, since the terminal
    /// writer moves the cursor over blanks instead of printing them.
    fn flat(&self) -> String {
        flatten(&self.text())
    }

    fn wait_for(&self, needle: &str) {
        let start = Instant::now();
        let needle = flatten(needle);
        while !self.flat().contains(&needle) {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "never saw {needle:?} in:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
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
        self.wait_for("show the answer");
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
        let pid = self.child.process_id().unwrap();
        kill(Pid::from_raw(i32::try_from(pid).unwrap()), sig).unwrap();
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
