//! The command line: every command somadeck has, named in one place.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "somadeck",
    version,
    about = "Spaced-repetition drills for the anatomy behind craniosacral therapy courses",
    long_about = "Spaced-repetition drills for the anatomy and physiology that craniosacral therapy \
courses expect: skull, sutures, foramina and cranial nerves, spine, sacrum, meninges, CSF, fascia, \
and a labelled deck on CST claims, evidence and safety.\n\nWith no command, opens the study app.\n\n\
Environment: SOMADECK_HOME puts data, config and installed decks in one folder; SOMADECK_NOW \
(RFC 3339) sets the time somadeck takes as now, to try out the schedule. Commands that save \
answers refuse SOMADECK_NOW unless SOMADECK_HOME is set too, so real progress never gets \
simulated dates."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Study due and new cards (all decks, or the decks named)
    Study {
        /// Deck ids to study; all decks when none are named
        decks: Vec<String>,
        /// Line mode: plain text in and out, for screen readers, scripts and pipes
        #[arg(long)]
        plain: bool,
    },
    /// Check deck files and report every problem as path:line:col
    Check {
        /// Deck files or folders; the built-in and installed decks when none are named
        paths: Vec<PathBuf>,
        /// Treat warnings (missing explanation or source) as errors
        #[arg(long)]
        strict: bool,
        /// The edition learners have now: list card ids the named deck drops without a
        /// `renamed_from` (learners would lose their progress on them); exit 1 if there are any
        #[arg(long, value_name = "OLD.ron")]
        against: Option<PathBuf>,
    },
    /// List the decks with their cards, topics and progress
    Decks {
        /// List every topic id instead (`deck/topic`, as `requires` names it), with its title
        #[arg(long)]
        topics: bool,
    },
    /// List cards that need attention: suspended, flagged or leeches (all three by default)
    Cards {
        /// Only suspended cards
        #[arg(long)]
        suspended: bool,
        /// Only cards flagged for the deck's author
        #[arg(long)]
        flagged: bool,
        /// Only leeches (cards forgotten again and again, suspended automatically)
        #[arg(long)]
        leeches: bool,
    },
    /// Put suspended cards (leeches too) back into study, by the ids `cards` prints
    Unsuspend {
        /// Review item ids such as skull/sella-turcica-bone
        #[arg(required = true)]
        items: Vec<String>,
    },
    /// Show study statistics
    Stats {
        /// Print machine-readable JSON
        #[arg(long)]
        json: bool,
    },
    /// Fit the FSRS parameters to your own answers, and keep them if they predict you better
    Optimize {
        /// Save them as fsrs_parameters in config.ron instead of the data folder
        #[arg(long)]
        to_config: bool,
    },
    /// Show the exam plan; or set the exam date (`somadeck exam 2027-03-01`), or clear it
    Exam {
        /// The day of the exam, like 2027-03-01 (saved as exam_date in config.ron)
        date: Option<String>,
        /// Remove the exam date: scheduling goes back to normal FSRS
        #[arg(long, conflicts_with = "date")]
        clear: bool,
        /// Print the plan as JSON
        #[arg(long)]
        json: bool,
    },
    /// Drill studied cards, due or not, lowest predicted recall on the exam day first; answers
    /// are scheduled as usual and never reach past the exam
    Cram {
        /// Deck ids to cram; all decks when none are named
        decks: Vec<String>,
        /// Take unseen cards too, after the studied ones (they do not count as today's new)
        #[arg(long)]
        new: bool,
        /// Line mode: plain text in and out, for screen readers, scripts and pipes
        #[arg(long)]
        plain: bool,
    },
    /// Export the cards you flagged, with your notes and answers, for the deck's author
    Flags {
        /// The JSON file to write (replaced if it exists)
        #[arg(long, value_name = "FILE", required = true)]
        export: PathBuf,
    },
    /// Export a per-card summary of your progress for your instructor (no name unless --name)
    Progress {
        /// The JSON file to write (replaced if it exists)
        #[arg(long, value_name = "FILE", required = true)]
        export: PathBuf,
        /// Deck ids to export; all decks when none are named
        decks: Vec<String>,
        /// Your name, to put in the file; without it the file names no one
        #[arg(long)]
        name: Option<String>,
    },
    /// Merge a class's exports into one report, the most troublesome cards first
    Report {
        /// Files written by `flags --export` and `progress --export`
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print machine-readable JSON
        #[arg(long)]
        json: bool,
    },
    /// Write a commented deck template that passes `check --strict`, to start a new deck
    New {
        /// The new deck's id (letters, digits, `-`, `_`, `.`)
        deck_id: String,
        /// The deck's title; the id when not given
        #[arg(long)]
        title: Option<String>,
        /// Where to write it (default: DECK_ID.ron in the current folder); never overwritten
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
    },
    /// Check deck files (or folders of them) and copy them into the installed decks folder;
    /// nothing is installed if any of them has an error
    Install {
        /// Deck files or folders of `.ron` deck files
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Remove an installed deck; progress is kept, so installing it again restores it
    Uninstall {
        /// The id of the installed deck
        deck_id: String,
    },
    /// Make a deck file from a CSV/TSV file or an Anki "Notes in Plain Text" export
    Import(ImportArgs),
    /// Write a built-in or installed deck as a file Anki imports, or as CSV
    Export {
        /// The deck's id, as `somadeck decks` lists it
        deck: String,
        /// anki: an Anki plain-text file with headers; csv: the columns `import` reads
        #[arg(long, default_value = "anki", value_parser = ["anki", "csv"])]
        to: String,
        /// The file to write (default: standard output)
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// List the devices sharing progress through sync_dir: last answer, events, warnings
    Sync,
}

/// What `import` is given.
#[derive(Debug, Clone, clap::Args)]
pub struct ImportArgs {
    /// The file to read
    pub file: PathBuf,
    /// csv, tsv or anki; guessed from Anki's headers or the extension when not given
    #[arg(long, value_parser = ["csv", "tsv", "anki"])]
    pub format: Option<String>,
    /// The new deck's id (default: made from the file name)
    #[arg(long)]
    pub deck_id: Option<String>,
    /// The new deck's title (default: the Anki deck's name, else the file name)
    #[arg(long)]
    pub title: Option<String>,
    /// Where to write the deck (default: DECK_ID.ron in the current folder)
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Read CSV column COL as FIELD (front, back, answers, ...); repeatable
    #[arg(long, value_name = "COL=FIELD")]
    pub map: Vec<String>,
    /// Fail, writing nothing, if any row cannot be converted
    #[arg(long)]
    pub strict: bool,
}
