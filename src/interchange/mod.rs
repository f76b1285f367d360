//! Decks in and out of other formats: somadeck's CSV/TSV columns and Anki's "Notes in Plain
//! Text" files in; Anki and CSV files out. Pure: text in, a checked `Deck` (or text) out. The
//! commands read and write the files.
//!
//! Every reader turns its rows into the card fields a deck file has (`CardFile`), and `build`
//! runs the deck's own card checks on them, so an imported deck passes `somadeck check`.

mod anki_headers;
pub mod anki_in;
pub mod anki_out;
mod build;
mod cloze;
pub mod csv_in;
pub mod csv_out;
mod html;
pub mod slug;

use std::path::Path;

use crate::deck::{CardFile, Deck, Diagnostic};

/// The formats `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Tsv,
    Anki,
}

impl Format {
    /// `csv`, `tsv` or `anki`, as `--format` takes them.
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "csv" => Some(Format::Csv),
            "tsv" => Some(Format::Tsv),
            "anki" => Some(Format::Anki),
            _ => None,
        }
    }

    /// Anki's file headers at the top decide first; then the extension (`.txt` is what Anki
    /// exports). `None` when neither tells.
    pub fn guess(path: &Path, text: &str) -> Option<Format> {
        if anki_headers::has_headers(text) {
            return Some(Format::Anki);
        }
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "tsv" | "tab" => Some(Format::Tsv),
            "txt" => Some(Format::Anki),
            _ => None,
        }
    }
}

/// How to import: the format and what the new deck is called.
#[derive(Debug, Clone)]
pub struct Options {
    pub format: Format,
    /// The deck id; by default a slug of `stem`.
    pub deck_id: Option<String>,
    /// The deck title; by default the Anki deck the notes came from, else `stem`.
    pub title: Option<String>,
    /// The imported file's name without its extension.
    pub stem: String,
    /// `(column, field)`: CSV columns to read as somadeck fields.
    pub map: Vec<(String, String)>,
    /// Fail on any bad row instead of skipping it.
    pub strict: bool,
}

/// One row or note turned into the fields of a deck file, before the card checks.
#[derive(Debug, Clone, Default)]
pub struct Row {
    /// The line the row starts on, from 1.
    pub line: usize,
    /// An empty `id` means "make one from the question".
    pub card: CardFile,
    /// The kind the row says it is (`kind` column), checked against the fields it fills.
    pub kind: Option<String>,
    /// The title for the row's topic, when the file gives one (an Anki subdeck's name).
    pub topic_title: Option<String>,
    /// The Anki deck the note came from (its top level), a default deck title.
    pub deck_name: Option<String>,
}

/// What a reader made of a file: rows to check, rows it could not read, and things to say.
#[derive(Debug, Default)]
pub struct Rows {
    pub rows: Vec<Row>,
    pub errors: Vec<Diagnostic>,
    pub notes: Vec<String>,
}

/// A converted deck and what the conversion left out.
#[derive(Debug)]
pub struct Imported {
    pub deck: Deck,
    /// One error per row left out.
    pub skipped: Vec<Diagnostic>,
    /// What was dropped or changed on the way (sound tags, cloze hints, ...).
    pub notes: Vec<String>,
    /// Card warnings `somadeck check` will show (most often: no `explain`, no `source`).
    pub card_warnings: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file as a whole cannot be read: a bad header, a bad `--map`.
    #[error("{0}")]
    File(Diagnostic),
    #[error("{0}")]
    BadOption(String),
    #[error("no row could be converted ({} skipped); nothing was written", .0.len())]
    NothingConverted(Vec<Diagnostic>),
    #[error("{} row(s) could not be converted and --strict is set; nothing was written", .0.len())]
    Strict(Vec<Diagnostic>),
    /// A converted deck the deck checks refuse: a fault in the conversion, not in the file.
    #[error("the converted deck fails the deck checks ({0}); nothing was written")]
    Unchecked(Diagnostic),
}

impl ImportError {
    /// The rows behind the error, to print before it.
    pub fn rows(&self) -> &[Diagnostic] {
        match self {
            ImportError::NothingConverted(d) | ImportError::Strict(d) => d,
            _ => &[],
        }
    }
}

/// Converts the text of a file named `name` into a checked deck.
pub fn import(name: &str, text: &str, opts: &Options) -> Result<Imported, ImportError> {
    if opts.format == Format::Anki && !opts.map.is_empty() {
        return Err(ImportError::BadOption(
            "--map applies to CSV and TSV files; an Anki file's fields go by position".into(),
        ));
    }
    let rows = match opts.format {
        Format::Csv => csv_in::read(name, text, csv_in::csv_delimiter(text), &opts.map)?,
        Format::Tsv => csv_in::read(name, text, b'\t', &opts.map)?,
        Format::Anki => anki_in::read(name, text)?,
    };
    build::deck(name, rows, opts)
}
