//! Parses the command line, resolves paths and the clock, and hands over.

use std::process::ExitCode;

use clap::Parser;
use somadeck::cli::{Cli, Command};
use somadeck::clock::Clock;
use somadeck::commands;
use somadeck::open::Opened;
use somadeck::paths::Paths;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        Err(msg) => {
            eprintln!("somadeck: {msg}");
            ExitCode::from(1)
        }
    }
}

/// Exit status when a command that writes is refused before it starts.
const REFUSED: i32 = 2;

/// Opens decks and progress for a command that writes progress (study, unsuspend).
fn open(decks: &[String]) -> Result<Opened, String> {
    let mut o = Opened::open(&Paths::resolve()?, Clock::from_env()?)?;
    warn_on_stderr(&o.warnings);
    let unknown = o.session.set_scope(decks);
    if !unknown.is_empty() {
        let known: Vec<&str> = o.session.coll.decks.iter().map(|d| d.id.as_str()).collect();
        return Err(format!(
            "no deck named {}; the decks are: {}",
            unknown.join(", "),
            known.join(", ")
        ));
    }
    Ok(o)
}

/// Opens decks and progress for a command that only reads them: no lock is taken and nothing
/// is written, so it runs beside an open somadeck and on a read-only folder.
fn open_read_only() -> Result<Opened, String> {
    let paths = Paths::resolve()?;
    let lib = Opened::library(&paths);
    let o = Opened::open_read_only(&paths, Clock::from_env()?, lib)?;
    warn_on_stderr(&o.warnings);
    Ok(o)
}

/// What opening found and did (bytes dropped, a snapshot set aside, a failed backup), for
/// every command; the app and line mode also show them in their own output.
fn warn_on_stderr(warnings: &[String]) {
    for w in warnings {
        eprintln!("somadeck: warning: {w}");
    }
}

fn run(cli: Cli) -> Result<i32, String> {
    let mut out = std::io::stdout().lock();
    let io = |e: std::io::Error| e.to_string();
    let writes = matches!(
        cli.command,
        None | Some(Command::Study { .. } | Command::Unsuspend { .. })
    );
    if writes && let Err(msg) = Clock::from_env()?.check_writes(Paths::home_override().is_some()) {
        eprintln!("somadeck: {msg}");
        return Ok(REFUSED);
    }
    match cli.command {
        Some(Command::Check { paths, strict }) => {
            commands::check::run(&paths, strict, &mut out).map_err(io)
        }
        Some(Command::Decks) => {
            let paths = Paths::resolve()?;
            let lib = Opened::library(&paths);
            // Progress adds the new and due columns; without it (a damaged log, say) the
            // table is still worth printing.
            let opened = Opened::open_read_only(&paths, Clock::from_env()?, lib.clone());
            match &opened {
                Ok(o) => warn_on_stderr(&o.warnings),
                Err(e) => eprintln!("somadeck: progress not shown: {e}"),
            }
            commands::decks::run(&paths, &lib, opened.as_ref().ok(), &mut out).map_err(io)
        }
        Some(Command::Cards {
            suspended,
            flagged,
            leeches,
        }) => {
            let filter = commands::cards::Filter {
                suspended,
                flagged,
                leeches,
            };
            commands::cards::list(&open_read_only()?, filter, &mut out).map_err(io)
        }
        Some(Command::Unsuspend { items }) => {
            commands::cards::unsuspend(&mut open(&[])?, &items, &mut out).map_err(io)
        }
        Some(Command::Stats { json }) => {
            commands::stats::run(&open_read_only()?, json, &mut out).map_err(io)
        }
        Some(Command::Study { decks, plain: true }) => {
            let mut o = open(&decks)?;
            let stdin = std::io::stdin();
            somadeck::plain::run(&mut o, &mut stdin.lock(), &mut out).map_err(io)?;
            Ok(0)
        }
        Some(Command::Study {
            decks,
            plain: false,
        }) => {
            let mut o = open(&decks)?;
            full_screen(&mut o, Some(&decks))
        }
        None => {
            let mut o = open(&[])?;
            full_screen(&mut o, None)
        }
    }
}

fn full_screen(o: &mut Opened, study: Option<&[String]>) -> Result<i32, String> {
    Ok(match somadeck::tui::run(o, study)? {
        somadeck::tui::Ending::Quit => 0,
        somadeck::tui::Ending::Signal(sig) => 128 + sig,
    })
}
