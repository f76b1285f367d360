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
            eprintln!("somadeck: {}", somadeck::safe_text::printable(&msg));
            ExitCode::from(1)
        }
    }
}

/// Exit status when a command that writes is refused before it starts.
const REFUSED: i32 = 2;

/// Opens decks and progress for a command that writes progress (study, unsuspend). Line mode
/// prints the warnings in its own output, so `stderr_warnings` is false there.
fn open(decks: &[String], stderr_warnings: bool) -> Result<Opened, String> {
    let mut o = Opened::open(&Paths::resolve()?, Clock::from_env()?)?;
    if stderr_warnings {
        warn_on_stderr(&o.warnings);
    }
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
        eprintln!("somadeck: warning: {}", somadeck::safe_text::printable(w));
    }
}

fn run(cli: Cli) -> Result<i32, String> {
    let mut out = std::io::stdout().lock();
    let io = |e: std::io::Error| e.to_string();
    let writes = matches!(
        cli.command,
        None | Some(Command::Study { .. } | Command::Unsuspend { .. } | Command::Optimize { .. })
    );
    if writes && let Err(msg) = Clock::from_env()?.check_writes(Paths::home_override().is_some()) {
        eprintln!("somadeck: {msg}");
        return Ok(REFUSED);
    }
    match cli.command {
        Some(Command::Check { paths, strict }) => {
            commands::check::run(&paths, strict, &mut out).map_err(io)
        }
        Some(Command::Decks { topics }) => {
            let paths = Paths::resolve()?;
            let lib = Opened::library(&paths);
            if topics {
                return commands::decks::topics(&lib, &mut out).map_err(io);
            }
            // Progress adds the new and due columns; without it (a damaged log, say) the
            // table is still worth printing.
            let opened = Opened::open_read_only(&paths, Clock::from_env()?, lib.clone());
            match &opened {
                Ok(o) => warn_on_stderr(&o.warnings),
                Err(e) => eprintln!(
                    "somadeck: progress not shown: {}",
                    somadeck::safe_text::printable(e)
                ),
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
            commands::cards::unsuspend(&mut open(&[], true)?, &items, &mut out).map_err(io)
        }
        Some(Command::Stats { json }) => {
            commands::stats::run(&open_read_only()?, json, &mut out).map_err(io)
        }
        Some(Command::Optimize { to_config }) => {
            commands::optimize::run(&Paths::resolve()?, &Clock::from_env()?, to_config, &mut out)
        }
        Some(Command::Study { decks, plain: true }) => {
            let mut o = open(&decks, false)?;
            if let Err(e) = somadeck::resume::reprint_on_continue() {
                eprintln!(
                    "somadeck: warning: the question will not be shown again after a stop: {e}"
                );
            }
            let stdin = std::io::stdin();
            let ending = somadeck::plain::run(&mut o, &mut stdin.lock(), &mut out).map_err(io)?;
            Ok(match ending {
                somadeck::plain::Ending::Done => 0,
                somadeck::plain::Ending::SaveFailed => 1,
            })
        }
        Some(Command::Study {
            decks,
            plain: false,
        }) => full_screen(&decks, true),
        None => full_screen(&[], false),
        Some(Command::Import {
            file,
            format,
            deck_id,
            title,
            out: deck_out,
            map,
            strict,
        }) => {
            let args = commands::import::Args {
                file,
                format,
                deck_id,
                title,
                out: deck_out,
                map,
                strict,
            };
            commands::import::run(&args, &mut out)
        }
        Some(Command::Export {
            deck,
            to,
            out: file,
        }) => commands::export::run(&Paths::resolve()?, &deck, &to, file.as_deref(), &mut out),
    }
}

/// The exit code for a command used the wrong way (as clap uses for a bad argument).
const USAGE: i32 = 2;

/// Whether the app has a terminal to draw on and read keys from; says what to do if not.
fn has_terminal() -> bool {
    use std::io::IsTerminal;
    let ok = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    if !ok {
        eprintln!(
            "somadeck: the study app needs a terminal, but standard input or output is not one.\n\
             For pipes and scripts, use line mode: somadeck study --plain [DECK...]"
        );
    }
    ok
}

fn full_screen(decks: &[String], study: bool) -> Result<i32, String> {
    if !has_terminal() {
        return Ok(USAGE);
    }
    let mut o = open(decks, false)?;
    let study = study.then_some(decks);
    Ok(match somadeck::tui::run(&mut o, study)? {
        somadeck::tui::Ending::Quit => 0,
        somadeck::tui::Ending::Signal(sig) => 128 + sig,
    })
}
