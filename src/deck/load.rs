//! Reading one deck file: bytes -> checked `Deck`, with every problem placed at its line and
//! column and naming its card.

use std::path::Path;

use rayon::prelude::*;
use ron::value::RawValue;

use crate::ron_file::{self, ReadError};

use rustc_hash::{FxHashMap, FxHashSet};

use super::card::{card_from_file, correct_is_longest};
use super::cards_list;
use super::check;
use super::diag::{Diagnostic, LineIndex, Pos};
use super::file::{CardFile, DeckFile, TopicFile};
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
    /// Empty for a deck read from the deck cache, which keeps its problems already placed.
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
    /// What the deck cache knew the file by (a hash of its bytes or of its metadata), when
    /// it was read through the cache: equal sources mean the same edition of the file.
    #[serde(skip)]
    pub source: Option<u64>,
}

impl LoadedDeck {
    /// Whether the deck names pictures of its own (not built-in ones).
    pub fn has_own_pictures(&self) -> bool {
        self.deck
            .cards
            .iter()
            .any(|c| c.picture.as_ref().is_some_and(|p| !p.builtin))
    }
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
    parse_split(name, text, pictures).unwrap_or_else(|| parse_whole(name, text, pictures))
}

/// Reads the whole file with `ron`, cards as raw values, then each card: slower than
/// [`parse_split`], and the way every problem with the file's outline is found and placed.
pub(super) fn parse_whole(name: &str, text: &str, pictures: Pictures) -> Parsed {
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
    let topics = topic_sources(text, &file);
    let cards = file
        .cards
        .iter()
        .map(|raw| {
            let body = past_comments(raw.get_ron());
            CardSource {
                offset: offset_in(text, raw),
                body,
                card: ron_options().from_str(body),
            }
        })
        .collect();
    build(name, text, &file, &topics, cards, pictures)
}

/// Reads a deck whose card list [`cards_list::split`] can cut up: the rest of the file once,
/// then each card once. `None` when the list cannot be cut or anything fails to read, so that
/// the whole file is read the usual way and the problem reported as it always is.
pub(super) fn parse_split(name: &str, text: &str, pictures: Pictures) -> Option<Parsed> {
    let split = cards_list::split(text, MAX_NESTING)?;
    let file: DeckFile = ron_options().from_str(&split.rest).ok()?;
    if !file.cards.is_empty() {
        return None;
    }
    // Cards read independently of each other, so on every core.
    let cards = split
        .cards
        .par_iter()
        .map(|&(start, end)| {
            let body = text.get(start..end)?;
            let card = ron_options().from_str(body).ok()?;
            Some(CardSource {
                offset: start,
                body,
                card: Ok(card),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let topics = topic_sources(&split.rest, &file)
        .into_iter()
        .map(|(offset, raw)| (split.in_file(offset), raw))
        .collect::<Vec<_>>();
    Some(build(name, text, &file, &topics, cards, pictures))
}

/// One card's text in the file and how it read.
struct CardSource<'a> {
    /// Byte offset of the card in the file.
    offset: usize,
    body: &'a str,
    card: Result<CardFile, ron::error::SpannedError>,
}

/// Each topic's byte offset and text, `file` having been read from `text`.
fn topic_sources<'a>(text: &str, file: &DeckFile<'a>) -> Vec<(usize, &'a str)> {
    file.topics
        .iter()
        .map(|raw| (offset_in(text, raw), raw.get_ron()))
        .collect()
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

/// Where a raw value starts in the text it was borrowed from, past blanks and comments.
fn offset_in(text: &str, raw: &RawValue) -> usize {
    let inner = raw.get_ron();
    let start = inner.len() - past_comments(inner).len();
    (inner.as_ptr() as usize - text.as_ptr() as usize) + start
}

/// `text` from its first byte that is neither blank nor in a comment (a raw value holds the
/// comments before it, and a card is placed at its own first line, not at a comment's).
fn past_comments(mut text: &str) -> &str {
    loop {
        text = text.trim_start();
        if let Some(rest) = text.strip_prefix("//") {
            text = rest
                .find('\n')
                .map_or("", |i| rest.get(i..).unwrap_or_default());
        } else if let Some(rest) = text.strip_prefix("/*") {
            // A block comment with another inside (which `ron` nests) is left to `ron`.
            match (rest.find("*/"), rest.find("/*")) {
                (Some(end), inner) if inner.is_none_or(|i| i > end) => {
                    text = rest.get(end + 2..).unwrap_or_default();
                }
                _ => return text,
            }
        } else {
            return text;
        }
    }
}

fn build(
    name: &str,
    text: &str,
    file: &DeckFile,
    topic_texts: &[(usize, &str)],
    cards: Vec<CardSource>,
    pictures: Pictures,
) -> Parsed {
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
    for &(off, raw) in topic_texts {
        let pos = lines.pos(off);
        match ron_options().from_str::<TopicFile>(raw.trim_start()) {
            Ok(t) => {
                topics.push(Topic {
                    id: t.id,
                    title: t.title,
                    requires: t.requires,
                });
                topic_pos.push(pos);
            }
            Err(e) => diags.push(syntax_error(name, text, &e, pos, raw)),
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
        cards: super::cards::Cards::new(),
    };
    let topic_ids: FxHashSet<String> = deck.topics.iter().map(|t| t.id.clone()).collect();
    let mut card_pos = Vec::new();
    let mut seen = FxHashMap::default();
    let no_cards = cards.is_empty();
    // Each card is checked on its own, on every core; then in order, for duplicates.
    let context = CardContext {
        name,
        text,
        lines: &lines,
        deck: &deck,
        topic_ids: &topic_ids,
        pictures,
    };
    let checked: Vec<Checked> = cards
        .into_par_iter()
        .enumerate()
        .map(|(index, source)| context.check(index, source))
        .collect();
    for c in checked {
        diags.extend(c.diags);
        let Some(card) = c.card else { continue };
        if let Some(first) = seen.insert(card.id.clone(), c.pos) {
            let msg = format!(
                "duplicate card id (first used at line {}); progress is keyed by id, so each must be unique",
                first.line
            );
            let at = scan::field_offset(c.body, "id").map_or(c.pos, |o| lines.pos(c.offset + o));
            let label = card_label(c.body, c.index);
            diags.push(Diagnostic::error(name, at, msg).on_card(label));
            continue;
        }
        deck.cards.push(card);
        card_pos.push(c.pos);
    }
    super::renames::check(name, &deck, &card_pos, &mut diags);
    longest_is_right(name, &deck, || field_pos("cards"), &mut diags);
    if no_cards {
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
            source: None,
        }),
        diagnostics: diags,
    }
}

/// What checking one card needs to know of its deck and file.
struct CardContext<'a> {
    name: &'a str,
    text: &'a str,
    lines: &'a LineIndex<'a>,
    deck: &'a Deck,
    topic_ids: &'a FxHashSet<String>,
    pictures: Pictures<'a>,
}

/// One card read and checked alone: its problems, and the card if it has no error.
struct Checked<'a> {
    index: usize,
    offset: usize,
    pos: Pos,
    body: &'a str,
    card: Option<super::model::Card>,
    diags: Vec<Diagnostic>,
}

impl CardContext<'_> {
    fn check<'b>(&self, index: usize, source: CardSource<'b>) -> Checked<'b> {
        let CardSource { offset, body, card } = source;
        let (name, lines) = (self.name, self.lines);
        let pos = lines.pos(offset);
        let at =
            |field: &str| scan::path_offset(body, field).map_or(pos, |o| lines.pos(offset + o));
        let mut diags = Vec::new();
        let card = match card {
            Ok(cf) => {
                let d = (self.deck, self.topic_ids, self.pictures);
                card_from_file(cf, d.0, d.1, d.2, name, &at, &mut diags)
            }
            Err(e) => {
                let mut d = syntax_error(name, self.text, &e, pos, body);
                if let Some(more) = super::occlusion::region_of_error(body, &e) {
                    d.message.push_str(&more);
                }
                diags.push(d);
                None
            }
        };
        // Worked out only for a card with a problem: most have none.
        if !diags.is_empty() {
            let label = card_label(body, index);
            for d in &mut diags {
                d.card = Some(label.clone());
            }
        }
        Checked {
            index,
            offset,
            pos,
            body,
            card,
            diags,
        }
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
