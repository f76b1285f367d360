//! Parses the command line, resolves paths and the clock, and hands over.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use somadeck::app::Start;
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
        let unknown: Vec<&str> = unknown.iter().map(String::as_str).collect();
        return Err(o.no_such_decks(&unknown));
    }
    Ok(o)
}

/// Opens decks and progress for a command that only reads them: no lock is taken and nothing
/// is written, so it runs beside an open somadeck and on a read-only folder.
fn open_read_only() -> Result<Opened, String> {
    let paths = Paths::resolve()?;
    let o = Opened::open_read_only(&paths, Clock::from_env()?, || Opened::library(&paths))?;
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
        None | Some(
            Command::Study { .. }
                | Command::Unsuspend { .. }
                | Command::Optimize { .. }
                | Command::Cram { .. }
                | Command::Install { .. }
                | Command::Uninstall { .. }
        )
    ) || matches!(&cli.command, Some(Command::Exam { date, clear, .. }) if date.is_some() || *clear);
    if writes && let Err(msg) = Clock::from_env()?.check_writes(Paths::home_override().is_some()) {
        eprintln!("somadeck: {msg}");
        return Ok(REFUSED);
    }
    match cli.command {
        Some(Command::Check {
            paths,
            strict,
            against,
        }) => commands::check::run(&paths, strict, against.as_deref(), &mut out).map_err(io),
        Some(Command::Decks { topics }) => {
            let paths = Paths::resolve()?;
            let lib = Opened::library(&paths);
            if topics {
                return commands::decks::topics(&lib, &mut out).map_err(io);
            }
            // Progress adds the new and due columns; without it (a damaged log, say) the
            // table is still worth printing.
            let opened = Opened::open_read_only(&paths, Clock::from_env()?, || lib.clone());
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
        Some(Command::Study { decks, plain: true }) => line_mode(&decks, None, &mut out),
        Some(Command::Cram {
            decks,
            new,
            plain: true,
        }) => line_mode(&decks, Some(new), &mut out),
        Some(Command::Study {
            decks,
            plain: false,
        }) => full_screen(&decks, Start::Study(&decks)),
        Some(Command::Cram {
            decks,
            new,
            plain: false,
        }) => full_screen(&decks, Start::Cram { decks: &decks, new }),
        None => full_screen(&[], Start::Home),
        Some(Command::Exam { date, clear, json }) => {
            let change = match (date, clear) {
                (Some(d), _) => commands::exam::Change::Set(d),
                (None, true) => commands::exam::Change::Clear,
                (None, false) => commands::exam::Change::Show,
            };
            commands::exam::run(
                &Paths::resolve()?,
                &Clock::from_env()?,
                change,
                json,
                &mut out,
            )
        }
        Some(Command::New {
            deck_id,
            title,
            out: to,
        }) => commands::new_deck::run(&deck_id, title.as_deref(), to, &mut out),
        Some(Command::Install { paths }) => {
            commands::install::install(&Paths::resolve()?, &paths, &mut out)
        }
        Some(Command::Uninstall { deck_id }) => {
            commands::install::uninstall(&Paths::resolve()?, &deck_id, &mut out)
        }
        Some(Command::Flags { export }) => {
            commands::feedback::flags(&open_read_only()?, &Paths::resolve()?, &export, &mut out)
        }
        Some(Command::Progress {
            export,
            decks,
            name,
        }) => commands::feedback::progress(
            &open_read_only()?,
            &Paths::resolve()?,
            &decks,
            name,
            &export,
            &mut out,
        ),
        Some(Command::Report { files, json }) => commands::report::run(&files, json, &mut out),
        Some(Command::Import(args)) => commands::import::run(&args, &mut out),
        Some(Command::Export {
            deck,
            to,
            out: file,
        }) => commands::export::run(&Paths::resolve()?, &deck, &to, file.as_deref(), &mut out),
        Some(Command::Sync) => commands::sync::run(&Paths::resolve()?, &mut out),
    }
}

/// Line mode: study, or cram (`Some(with_new)`), on standard input and output.
fn line_mode(decks: &[String], cram: Option<bool>, out: &mut dyn Write) -> Result<i32, String> {
    let mut o = open(decks, false)?;
    o.note_deck_updates(&Paths::resolve()?.data);
    if let Err(e) = somadeck::resume::reprint_on_continue() {
        eprintln!("somadeck: warning: the question will not be shown again after a stop: {e}");
    }
    let stdin = std::io::stdin();
    let ending = match cram {
        Some(with_new) => commands::cram::plain(&mut o, with_new, &mut stdin.lock(), out)?,
        None => somadeck::plain::run(&mut o, &mut stdin.lock(), out).map_err(|e| e.to_string())?,
    };
    o.close_for_exit();
    Ok(match ending {
        somadeck::plain::Ending::Done => 0,
        somadeck::plain::Ending::SaveFailed => 1,
    })
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
             For pipes and scripts, use line mode: somadeck study --plain [DECK...] (or cram --plain)"
        );
    }
    ok
}

fn full_screen(decks: &[String], start: Start<'_>) -> Result<i32, String> {
    if !has_terminal() {
        return Ok(USAGE);
    }
    let mut o = open(decks, false)?;
    o.note_deck_updates(&Paths::resolve()?.data);
    // Nothing to cram is said on the terminal as it is, before the app takes it over.
    if let Start::Cram { new, .. } = start {
        o.session
            .start_cram(new, o.now())
            .map_err(|e| e.to_string())?;
        o.session.stop_drill();
    }
    let ending = somadeck::tui::run(&mut o, start)?;
    o.close_for_exit();
    Ok(match ending {
        somadeck::tui::Ending::Quit => 0,
        somadeck::tui::Ending::Signal(sig) => 128 + sig,
    })
}
