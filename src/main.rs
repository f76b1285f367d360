//! Parses the command line, resolves paths and the clock, and hands over.

use std::process::ExitCode;

use clap::Parser;
use somadeck::cli::{Cli, Command};
use somadeck::commands;
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

fn run(cli: Cli) -> Result<i32, String> {
    let mut out = std::io::stdout().lock();
    let io = |e: std::io::Error| e.to_string();
    match cli.command {
        Some(Command::Check { paths, strict }) => commands::check::run(&paths, strict, &mut out).map_err(io),
        Some(Command::Decks) => commands::decks::run(&Paths::resolve()?, &mut out).map_err(io),
        Some(Command::Study { .. } | Command::Stats { .. }) | None => {
            let paths = Paths::resolve()?;
            commands::decks::run(&paths, &mut out).map_err(io)
        }
    }
}
