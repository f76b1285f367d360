//! Reading one deck file: bytes -> checked `Deck`, with every problem placed at its line and
//! column and naming its card.

use std::path::Path;

use ron::value::RawValue;

use crate::ron_file::{self, ReadError};

use rustc_hash::{FxHashMap, FxHashSet};

use super::card::{card_from_file, correct_is_longest};
use super::check;
use super::diag::{Diagnostic, LineIndex, Pos};
use super::file::{DeckFile, TopicFile};
use super::model::{CardKind, Deck, Topic};
pub use super::occlusion::Pictures;
use super::scan::{self, card_containing};

/// Files larger than this are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;
pub use crate::ron_file::MAX_NESTING;

/// Where each part of a loaded deck stands in its file, for later cross-deck checks.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct SourceMap {
    pub id: Pos,
    pub topics: Vec<Pos>,
    pub cards: Vec<Pos>,
}

/// A deck together with the file it came from.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct LoadedDeck {
    pub deck: Deck,
    pub path: String,
    /// The built-in deck this one declares itself a new edition of (`replaces: "skull"`).
    pub replaces: Option<String>,
    pub map: SourceMap,
}

/// The outcome of reading one file: the deck if its outline could be read (cards with errors
/// left out), and every problem found. A deck with any error must not be studied.
#[derive(Debug, Default)]
pub struct Parsed {
    pub deck: Option<LoadedDeck>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads a deck file from disk: regular files only, refusing files over the size cap.
pub fn load_path(path: &Path) -> Parsed {
    let name = path.display().to_string();
    match read_bytes(path) {
        Ok(bytes) => parse_with(&name, &bytes, Pictures::Beside(path)),
        Err(msg) => failed(&name, msg),
    }
}

/// The outcome for a file that could not be read at all.
pub fn failed(name: &str, msg: String) -> Parsed {
    only(Diagnostic::error(name, Pos::START, msg))
}

/// The bytes of a deck file, or why they cannot be had.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, String> {
    const MIB: u64 = 1024 * 1024;
    ron_file::read_capped(path, MAX_FILE_BYTES).map_err(|e| match e {
        ReadError::TooLarge {
            size: Some(size), ..
        } => format!(
            "file is {} MiB; decks are limited to {} MiB",
            size / MIB,
            MAX_FILE_BYTES / MIB
        ),
        ReadError::TooLarge { size: None, .. } => {
            format!(
                "file is over the limit; decks are limited to {} MiB",
                MAX_FILE_BYTES / MIB
            )
        }
        e => e.to_string(),
    })
}

/// Parses and checks one deck's bytes; `name` is how the file is named in messages. Pictures
/// are not read (see [`parse_with`]).
pub fn parse(name: &str, bytes: &[u8]) -> Parsed {
    parse_with(name, bytes, Pictures::Unchecked)
}

/// A built-in deck, its pictures read from those built into the binary.
pub fn parse_builtin(name: &str, text: &str) -> Parsed {
    parse_with(name, text.as_bytes(), Pictures::Builtin)
}

/// Parses and checks one deck's bytes, reading its pictures from `pictures`.
pub fn parse_with(name: &str, bytes: &[u8], pictures: Pictures) -> Parsed {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            let pos = Pos::of_offset(good, good.len());
            let msg = "the file is not valid UTF-8 here; save it as UTF-8";
            return only(Diagnostic::error(name, pos, msg));
        }
    };
    if let Some(at) = scan::too_deep(text, MAX_NESTING) {
        let msg = format!("brackets are nested more than {MAX_NESTING} deep");
        return only(Diagnostic::error(name, Pos::of_offset(text, at), msg));
    }
    let file: DeckFile = match ron_options().from_str(text) {
        Ok(f) => f,
        Err(e) => {
            let mut d = syntax_error(name, text, &e, Pos::START, text);
            if let Some((index, start)) = card_containing(text, offset_of(text, d.pos)) {
                let body = text.get(start..).unwrap_or_default();
                d.card = Some(card_label(body, index));
            }
            return only(d);
        }
    };
    build(name, text, &file, pictures)
}

pub use crate::ron_file::ron_options;

fn only(d: Diagnostic) -> Parsed {
    Parsed {
        deck: None,
        diagnostics: vec![d],
    }
}

/// The byte offset of a line and column in `text`.
fn offset_of(text: &str, pos: Pos) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(pos.line.saturating_sub(1))
        .map(str::len)
        .sum();
    let col: usize = text
        .get(line_start..)
        .unwrap_or_default()
        .chars()
        .take(pos.col.saturating_sub(1))
        .map(char::len_utf8)
        .sum();
    line_start + col
}

/// How a card is named in messages: `'id'`, or `#n` (from 1) when it has no readable id.
fn card_label(body: &str, index: usize) -> String {
    scan::string_field(body, "id")
        .filter(|s| !s.trim().is_empty())
        .map_or_else(|| format!("#{}", index + 1), |id| format!("'{id}'"))
}

/// Turns a RON error in `slice` (which starts at `base` inside `whole`) into a diagnostic.
pub fn syntax_error(
    name: &str,
    whole: &str,
    e: &ron::error::SpannedError,
    base: Pos,
    slice: &str,
) -> Diagnostic {
    let local = Pos {
        line: e.span.start.line,
        col: e.span.start.col,
    };
    // A missing field is reported at the closing bracket; the start of the value reads better.
    let pos = if matches!(e.code, ron::Error::MissingStructField { .. }) {
        base
    } else {
        local.relative_to(base)
    };
    let mut msg = e.code.to_string();
    let at_end = slice.len() == whole.len() && Pos::of_offset(whole, whole.len()) <= pos;
    if matches!(e.code, ron::Error::Eof) || at_end {
        msg.push_str(" (the file ends too early: is a closing `)`, `]` or `\"` missing?)");
    }
    Diagnostic::error(name, pos, msg)
}

/// Where a raw value starts in the text it was borrowed from.
fn offset_in(text: &str, raw: &RawValue) -> usize {
    let inner = raw.get_ron();
    let start = inner.len() - inner.trim_start().len();
    (inner.as_ptr() as usize - text.as_ptr() as usize) + start
}

fn build(name: &str, text: &str, file: &DeckFile, pictures: Pictures) -> Parsed {
    let mut diags = Vec::new();
    let lines = LineIndex::new(text);
    let field_pos = |f: &str| scan::field_offset(text, f).map_or(Pos::START, |o| lines.pos(o));
    let id_pos = field_pos("id");
    super::check::id(name, || id_pos, "deck id", &file.id, &mut diags);
    super::check::text(
        name,
        || field_pos("title"),
        "title",
        &file.title,
        &mut diags,
    );
    deck_text(name, file, &field_pos, &mut diags);
    let mut topics = Vec::new();
    let mut topic_pos = Vec::new();
    for raw in &file.topics {
        let off = offset_in(text, raw);
        let pos = lines.pos(off);
        match ron_options().from_str::<TopicFile>(raw.get_ron().trim_start()) {
            Ok(t) => {
                topics.push(Topic {
                    id: t.id,
                    title: t.title,
                    requires: t.requires,
                });
                topic_pos.push(pos);
            }
            Err(e) => diags.push(syntax_error(name, text, &e, pos, raw.get_ron())),
        }
    }
    super::check::topics(name, &topics, &topic_pos, &mut diags);

    let mut deck = Deck {
        id: file.id.clone(),
        title: file.title.clone(),
        version: file.version,
        authors: file.authors.clone(),
        description: file.description.clone(),
        licence: file.licence.clone(),
        sources: file.sources.clone(),
        topics,
        cards: Vec::new(),
    };
    let topic_ids: FxHashSet<String> = deck.topics.iter().map(|t| t.id.clone()).collect();
    let mut card_pos = Vec::new();
    let mut seen = FxHashMap::default();
    for (index, raw) in file.cards.iter().enumerate() {
        let off = offset_in(text, raw);
        let pos = lines.pos(off);
        let body = raw.get_ron().trim_start();
        let label = card_label(body, index);
        let at = |field: &str| scan::field_offset(body, field).map_or(pos, |o| lines.pos(off + o));
        match ron_options().from_str(body) {
            Ok(cf) => {
                let before = diags.len();
                let card = card_from_file(cf, &deck, &topic_ids, pictures, name, &at, &mut diags);
                for d in &mut diags[before..] {
                    d.card = Some(label.clone());
                }
                let Some(card) = card else { continue };
                if let Some(first) = seen.insert(card.id.clone(), pos) {
                    let msg = format!(
                        "duplicate card id (first used at line {}); progress is keyed by id, so each must be unique",
                        first.line
                    );
                    diags.push(Diagnostic::error(name, at("id"), msg).on_card(label));
                    continue;
                }
                deck.cards.push(card);
                card_pos.push(pos);
            }
            Err(e) => diags.push(syntax_error(name, text, &e, pos, body).on_card(label)),
        }
    }
    super::renames::check(name, &deck, &card_pos, &mut diags);
    longest_is_right(name, &deck, || field_pos("cards"), &mut diags);
    if file.cards.is_empty() {
        diags.push(Diagnostic::error(
            name,
            field_pos("cards"),
            "the deck has no cards",
        ));
    }
    Parsed {
        deck: Some(LoadedDeck {
            deck,
            path: name.to_string(),
            replaces: file.replaces.clone(),
            map: SourceMap {
                id: id_pos,
                topics: topic_pos,
                cards: card_pos,
            },
        }),
        diagnostics: diags,
    }
}

/// The deck's own text fields: no control characters, and sources that say something.
fn deck_text(name: &str, file: &DeckFile, at: &dyn Fn(&str) -> Pos, out: &mut Vec<Diagnostic>) {
    let desc = &file.description;
    check::chars(name, || at("description"), "description", desc, out);
    check::chars(name, || at("licence"), "licence", &file.licence, out);
    for a in &file.authors {
        check::chars(name, || at("authors"), "an author", a, out);
    }
    if let Some(r) = &file.replaces {
        check::id(name, || at("replaces"), "`replaces`", r, out);
    }
    for (key, cite) in &file.sources {
        let what = format_args!("source `{}`", key.escape_debug());
        check::text(name, || at("sources"), what, cite, out);
        check::chars(name, || at("sources"), "a source key", key, out);
    }
}

/// Above this share of a deck's choice cards, "pick the longest option" pays off.
const LONGEST_RIGHT_SHARE: f64 = 0.35;

/// Warns when the right option is the longest one in too many of the deck's choice cards.
fn longest_is_right(name: &str, deck: &Deck, pos: impl FnOnce() -> Pos, out: &mut Vec<Diagnostic>) {
    let (mut cards, mut longest) = (0usize, 0usize);
    for c in &deck.cards {
        if let CardKind::Choice {
            choices, correct, ..
        } = &c.kind
        {
            cards += 1;
            longest += usize::from(correct_is_longest(choices, correct));
        }
    }
    #[allow(clippy::cast_precision_loss)]
    let share = longest as f64 / cards.max(1) as f64;
    if cards > 0 && share > LONGEST_RIGHT_SHARE {
        out.push(Diagnostic::warning(
            name,
            pos(),
            format!(
                "the right option is the longest in {longest} of {cards} choice cards \
                 ({:.0}%); above {:.0}% learners can pass by picking the longest option",
                share * 100.0,
                LONGEST_RIGHT_SHARE * 100.0
            ),
        ));
    }
}
