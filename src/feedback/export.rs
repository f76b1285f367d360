//! Building the two exports from the loaded decks, the folded progress and the items'
//! histories. Items of cards no loaded deck has any more are left out: their deck's version
//! is unknown, and their author has moved on.

use std::collections::BTreeMap;

use jiff::Timestamp;

use super::file::{CardRecord, ExportFile, Kind};
use super::history::ItemHistory;
use crate::study::{Collection, Progress};

/// The flagged items, each with its note, when it was flagged, and its answers.
pub fn flags_export(
    coll: &Collection,
    histories: &BTreeMap<String, ItemHistory>,
    now: Timestamp,
) -> ExportFile {
    let cards = coll
        .items
        .iter()
        .enumerate()
        .filter_map(|(i, it)| {
            let h = histories.get(coll.id(i))?;
            h.flag.as_ref()?;
            Some(CardRecord {
                history: Some(h.answers.clone()),
                ..record(coll, i, it, h)
            })
        })
        .collect();
    ExportFile {
        format: Kind::Flags.format().to_string(),
        name: None,
        exported_at: whole_second(now),
        cards,
    }
}

/// Every item of the decks in `scope` (one flag per deck of `coll`) that has been answered or
/// flagged: answers, lapses, the FSRS memory state, and the flag with its note.
pub fn progress_export(
    coll: &Collection,
    progress: &Progress,
    histories: &BTreeMap<String, ItemHistory>,
    scope: &[bool],
    name: Option<String>,
    now: Timestamp,
) -> ExportFile {
    let cards = coll
        .items
        .iter()
        .enumerate()
        .filter(|(_, it)| scope.get(it.deck()).copied().unwrap_or(false))
        .filter_map(|(i, it)| {
            let h = histories.get(coll.id(i))?;
            if h.answers.is_empty() && h.flag.is_none() {
                return None;
            }
            let state = progress.item_state(coll, i).cloned().unwrap_or_default();
            let memory = state.memory();
            Some(CardRecord {
                lapses: Some(state.lapses),
                difficulty: memory.map(|m| rounded(m.difficulty)),
                stability: memory.map(|m| rounded(m.stability)),
                ..record(coll, i, it, h)
            })
        })
        .collect();
    ExportFile {
        format: Kind::Progress.format().to_string(),
        name,
        exported_at: whole_second(now),
        cards,
    }
}

/// The export's time to the second: finer says nothing the reader needs.
fn whole_second(now: Timestamp) -> Timestamp {
    crate::schedule::ts(now.as_second())
}

/// What both exports say of an item: its deck and version, its id, its answers and its flag.
fn record(
    coll: &Collection,
    i: usize,
    it: &crate::study::collection::Item,
    h: &ItemHistory,
) -> CardRecord {
    let deck = &coll.decks[it.deck()];
    CardRecord {
        deck: deck.id.clone(),
        deck_version: deck.version,
        item: coll.id(i).to_string(),
        answers: count(h),
        lapses: None,
        difficulty: None,
        stability: None,
        history: None,
        flag: h.flag.clone(),
    }
}

fn count(h: &ItemHistory) -> u32 {
    u32::try_from(h.answers.len()).unwrap_or(u32::MAX)
}

/// Two decimals: more would be noise, and the file is read by people too.
fn rounded(x: f32) -> f32 {
    (x * 100.0).round() / 100.0
}
