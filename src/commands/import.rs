//! `somadeck import`: a CSV/TSV or Anki plain-text file in, a checked deck file out. The
//! conversion is `interchange`'s; this reads the file, prints what happened and writes the
//! deck atomically.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::deck::{Diagnostic, Pos, load, write};
use crate::interchange::{self, Format, ImportError, Imported, Options};
use crate::safe_text::printable;

pub use crate::cli::ImportArgs as Args;

/// Runs the import; returns the exit code (1 when nothing was written).
pub fn run(args: &Args, out: &mut dyn Write) -> Result<i32, String> {
    let name = args.file.display().to_string();
    let text = read_text(&args.file)?;
    let opts = options(args, &text)?;
    match interchange::import(&name, &text, &opts) {
        Ok(imported) => written(&name, &imported, args.out.as_deref(), out),
        Err(ImportError::BadOption(msg)) => Err(msg),
        Err(e) => {
            let io = |e: std::io::Error| e.to_string();
            for d in e.rows() {
                writeln!(out, "{d}").map_err(io)?;
            }
            writeln!(out, "{}", printable(&e.to_string())).map_err(io)?;
            if matches!(e, ImportError::File(_)) {
                writeln!(out, "nothing was written").map_err(io)?;
            }
            Ok(1)
        }
    }
}

/// Reports the rows left out and what was dropped, writes the deck, and says where.
fn written(
    name: &str,
    imported: &Imported,
    target: Option<&Path>,
    out: &mut dyn Write,
) -> Result<i32, String> {
    let io = |e: std::io::Error| e.to_string();
    let deck = &imported.deck;
    let target = target.map_or_else(
        || PathBuf::from(format!("{}.ron", deck.id)),
        Path::to_path_buf,
    );
    refuse_foreign_file(&target)?;
    for d in &imported.skipped {
        writeln!(out, "{d}").map_err(io)?;
    }
    for note in &imported.notes {
        writeln!(out, "{}: note: {}", printable(name), printable(note)).map_err(io)?;
    }
    // Inline: a line break in the file's name would end the comment early.
    let from = crate::safe_text::printable_inline(name);
    let text = format!("{IMPORT_MARK}{from}\n{}", write::to_ron(deck));
    crate::store::write_atomically(&target, text.as_bytes())?;
    let shown = printable(&target.display().to_string()).into_owned();
    let warnings = imported.card_warnings;
    let hint = if warnings > 0 {
        let word = crate::safe_text::shell_word(&shown);
        format!(" (`somadeck check {word}` lists them)")
    } else {
        String::new()
    };
    writeln!(
        out,
        "imported {} into {shown} (deck `{}`); {} skipped; {}{hint}",
        crate::schedule::count(deck.cards.len() as u64, "card"),
        deck.id,
        crate::schedule::count(imported.skipped.len() as u64, "row"),
        crate::schedule::count(warnings as u64, "warning"),
    )
    .map_err(io)?;
    Ok(0)
}

/// The first line of every deck `import` writes: importing again replaces only a file that
/// starts with it, so a hand-written deck (or any other file) named by `--out` is never lost.
const IMPORT_MARK: &str =
    "// Written by `somadeck import`; importing again replaces this file. From: ";

/// Refuses a target that exists and was not written by `import`.
fn refuse_foreign_file(target: &Path) -> Result<(), String> {
    let Ok(meta) = target.symlink_metadata() else {
        return Ok(());
    };
    // Only a regular file is opened: opening a FIFO would wait for a writer forever.
    let mut start = vec![0; IMPORT_MARK.len()];
    let ours = meta.is_file()
        && std::fs::File::open(target)
            .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut start))
            .is_ok()
        && start == IMPORT_MARK.as_bytes();
    if ours {
        return Ok(());
    }
    Err(format!(
        "{} already exists and was not written by `somadeck import`; nothing was written: \
         name another file with --out, or move this one away",
        target.display()
    ))
}

/// The file as text: a regular file under the deck size cap, UTF-8, without a byte-order mark.
fn read_text(path: &Path) -> Result<String, String> {
    let bytes = load::read_bytes(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(t) => Ok(t.to_string()),
        Err(e) => {
            let good = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            let pos = Pos::of_offset(good, good.len());
            let d = Diagnostic::error(
                &path.display().to_string(),
                pos,
                "the file is not valid UTF-8 here; save it as UTF-8",
            );
            Err(d.to_string())
        }
    }
}

fn options(args: &Args, text: &str) -> Result<Options, String> {
    let format = match &args.format {
        Some(f) => Format::parse(f).ok_or_else(|| format!("unknown format `{f}`"))?,
        None => Format::guess(&args.file, text).ok_or_else(|| {
            format!(
                "cannot tell the format of {} from its name: add --format csv, tsv or anki",
                args.file.display()
            )
        })?,
    };
    let mut map = Vec::new();
    for m in &args.map {
        let (col, field) = m
            .split_once('=')
            .ok_or_else(|| format!("--map `{m}`: write COLUMN=FIELD, e.g. --map Question=front"))?;
        map.push((col.trim().to_string(), field.trim().to_string()));
    }
    let stem = args.file.file_stem().map_or_else(
        || "imported".to_string(),
        |s| s.to_string_lossy().into_owned(),
    );
    Ok(Options {
        format,
        deck_id: args.deck_id.clone(),
        title: args.title.clone(),
        stem,
        map,
        strict: args.strict,
    })
}
