//! From rows to a deck: ids for rows without one, topics from the rows, and the deck's own
//! card checks on every row, so that what is written passes `somadeck check`.

use rustc_hash::{FxHashMap, FxHashSet};

use super::{ImportError, Imported, Options, Row, Rows, slug};
use crate::deck::{Card, CardFile, Deck, Diagnostic, Pos, Topic, card_from_file, load, write};

pub fn deck(name: &str, rows: Rows, opts: &Options) -> Result<Imported, ImportError> {
    let Rows {
        rows,
        mut errors,
        notes,
    } = rows;
    let mut deck = empty_deck(&rows, opts)?;
    deck.topics = topics(&rows);
    let mut ids = Ids {
        topics: deck.topics.iter().map(|t| t.id.clone()).collect(),
        reserved: rows
            .iter()
            .filter(|r| !r.card.id.is_empty())
            .map(|r| r.card.id.clone())
            .collect(),
        first_line: FxHashMap::default(),
        claimed: FxHashMap::default(),
    };
    let mut card_warnings = 0;
    for row in rows {
        match convert(name, &deck, row, &mut ids) {
            Ok((card, warnings)) => {
                card_warnings += warnings;
                deck.cards.push(card);
            }
            Err(e) => errors.push(e),
        }
    }
    errors.sort_by_key(|d| d.pos);
    if opts.strict && !errors.is_empty() {
        return Err(ImportError::Strict(errors));
    }
    if deck.cards.is_empty() {
        return Err(ImportError::NothingConverted(errors));
    }
    let used: FxHashSet<&str> = deck
        .cards
        .iter()
        .filter_map(|c| c.topic.as_deref())
        .collect();
    let topics = deck.topics.iter().filter(|t| used.contains(t.id.as_str()));
    deck.topics = topics.cloned().collect();
    recheck(name, &deck)?;
    Ok(Imported {
        deck,
        skipped: errors,
        notes,
        card_warnings,
    })
}

/// The deck without cards: its id, checked, and its title.
fn empty_deck(rows: &[Row], opts: &Options) -> Result<Deck, ImportError> {
    let id = opts
        .deck_id
        .clone()
        .unwrap_or_else(|| slug::of_text(&opts.stem));
    if !slug::is_id(&id) {
        return Err(ImportError::BadOption(format!(
            "deck id `{}` may only hold letters, digits, `-`, `_` and `.`",
            id.escape_debug()
        )));
    }
    if crate::deck::library::builtin_ids().contains(id.as_str()) {
        return Err(ImportError::BadOption(format!(
            "`{id}` is the id of a built-in deck; choose another with --deck-id"
        )));
    }
    let from_anki = rows.iter().find_map(|r| r.deck_name.clone());
    let title = opts
        .title
        .clone()
        .or(from_anki)
        .unwrap_or_else(|| opts.stem.clone());
    Ok(Deck {
        id,
        title,
        version: 1,
        authors: Vec::new(),
        description: String::new(),
        licence: String::new(),
        sources: std::collections::BTreeMap::new(),
        topics: Vec::new(),
        cards: crate::deck::Cards::new(),
    })
}

/// The ids in use: the topics', those rows give (kept free for them), and those of cards made
/// so far with the line each came from.
struct Ids {
    topics: FxHashSet<String>,
    reserved: FxHashSet<String>,
    first_line: FxHashMap<String, usize>,
    /// Old ids rows list in `renamed_from`, with the line that listed each first.
    claimed: FxHashMap<String, usize>,
}

/// Why a card's `renamed_from` cannot stand beside the other rows (the deck check, said of
/// the row): an old id that is another row's card id, or that an earlier row lists.
fn rename_clash(card: &Card, ids: &Ids) -> Option<String> {
    card.renamed_from.iter().find_map(|old| {
        if *old != card.id && (ids.reserved.contains(old) || ids.first_line.contains_key(old)) {
            Some(format!(
                "`renamed_from` names `{old}`, the id of another row's card; an old id must no \
                 longer be in use"
            ))
        } else {
            ids.claimed.get(old).map(|line| {
                format!("`renamed_from` names `{old}`, which line {line} already lists")
            })
        }
    })
}

/// One row as a card, with its number of warnings; or its first error.
fn convert(name: &str, deck: &Deck, row: Row, ids: &mut Ids) -> Result<(Card, usize), Diagnostic> {
    let line = row.line;
    let mut cf = row.card;
    if cf.id.is_empty() {
        cf.id = fresh_id(prompt(&cf), &ids.reserved, &ids.first_line);
    }
    let label = format!("'{}'", cf.id);
    let at = |_: &str| Pos { line, col: 1 };
    let mut diags = Vec::new();
    let card = card_from_file(
        cf,
        deck,
        &ids.topics,
        crate::deck::load::Pictures::Unchecked,
        name,
        &at,
        &mut diags,
    );
    if let (Some(card), Some(kind)) = (&card, &row.kind)
        && card.kind_name() != kind
    {
        let msg = format!(
            "`kind` says {kind}, but the filled columns make a {} card",
            card.kind_name()
        );
        diags.push(Diagnostic::error(name, at("kind"), msg));
    }
    if let Some(card) = &card
        && let Some(first) = ids.first_line.get(&card.id)
    {
        let msg = format!("duplicate card id (first used on line {first})");
        diags.push(Diagnostic::error(name, at("id"), msg));
    }
    if let Some(msg) = card.as_ref().and_then(|c| rename_clash(c, ids)) {
        diags.push(Diagnostic::error(name, at("renamed_from"), msg));
    }
    let error = diags.iter().find(|d| d.is_error()).cloned();
    match (card, error) {
        (Some(card), None) => {
            ids.first_line.insert(card.id.clone(), line);
            for old in &card.renamed_from {
                ids.claimed.insert(old.clone(), line);
            }
            Ok((card, diags.len()))
        }
        (_, error) => {
            let fallback = || Diagnostic::error(name, at("id"), "the row is not a card");
            Err(error.unwrap_or_else(fallback).on_card(label))
        }
    }
}

/// The rows' topics, in the order they are first used.
fn topics(rows: &[Row]) -> Vec<Topic> {
    let mut out: Vec<Topic> = Vec::new();
    for r in rows {
        if let Some(id) = &r.card.topic
            && !out.iter().any(|t| &t.id == id)
        {
            out.push(Topic {
                id: id.clone(),
                title: r.topic_title.clone().unwrap_or_else(|| id.clone()),
                requires: Vec::new(),
            });
        }
    }
    out
}

/// The question a row asks, for an id made from it.
fn prompt(cf: &CardFile) -> &str {
    cf.front.as_deref().or(cf.cloze.as_deref()).unwrap_or("")
}

/// A slug of `text` that no row uses: `-2`, `-3`, ... added when it is taken. The same file
/// gives the same ids, so importing it again keeps progress.
fn fresh_id(text: &str, reserved: &FxHashSet<String>, taken: &FxHashMap<String, usize>) -> String {
    let base = slug::of_text(&crate::deck::cloze::render(text, 0, false));
    let free = |id: &String| !reserved.contains(id) && !taken.contains_key(id);
    let mut id = base.clone();
    let mut n = 2;
    while !free(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// The written deck must load with no error; anything else is a fault in the conversion.
fn recheck(name: &str, deck: &Deck) -> Result<(), ImportError> {
    let parsed = load::parse(name, write::to_ron(deck).as_bytes());
    match parsed.diagnostics.into_iter().find(Diagnostic::is_error) {
        Some(d) => Err(ImportError::Unchecked(d)),
        None => Ok(()),
    }
}
