//! The class report: many students' exports merged per card and ranked, the most troublesome
//! first.
//!
//! The rank is the card's lapse rate, pulled toward the class's rate when there is little
//! evidence, plus a weight per flag: `(lapses + K·p) / (answers + K) + FLAG_WEIGHT·flags`,
//! where `p` is the lapse rate over every card and `K` is [`PRIOR_ANSWERS`]. A card two
//! students failed once each does not outrank one twenty students keep failing, and a flag
//! counts: a student took the time to say something is wrong.
//!
//! Lapses and the memory state come from progress exports; a flags export adds its flags and
//! answers but no lapse evidence. A student who sends both files has the same flag in both:
//! a flag from a flags export that a progress export already holds (same card, same time,
//! same note) is counted once.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use jiff::Timestamp;
use serde::Serialize;

use super::file::{CardRecord, ExportFile, Kind};

/// How many answers' worth of the class's lapse rate a card starts from.
pub const PRIOR_ANSWERS: f64 = 10.0;
/// What one flag adds to a card's rank, in lapse rate (0.1: ten percentage points).
pub const FLAG_WEIGHT: f64 = 0.1;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Note {
    pub at: Timestamp,
    /// The student's name, when their export gave it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub student: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CardReport {
    pub item: String,
    pub deck: String,
    /// The deck versions the students had.
    pub deck_versions: BTreeSet<u32>,
    /// Students with this card in their export.
    pub students: u32,
    pub answers: u32,
    /// Answers and lapses from progress exports, which are what the lapse rate counts.
    pub counted_answers: u32,
    pub lapses: u32,
    /// `lapses / counted_answers`; `None` without progress exports for the card.
    pub lapse_rate: Option<f64>,
    pub mean_difficulty: Option<f64>,
    pub flags: Vec<Note>,
    /// The rank's score (see the module's documentation).
    pub score: f64,
    #[serde(skip)]
    difficulties: Vec<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    /// Files merged.
    pub files: usize,
    /// The lapse rate over every card, toward which cards with little evidence are pulled.
    pub class_lapse_rate: f64,
    /// The most troublesome first.
    pub cards: Vec<CardReport>,
}

/// Merges exports (progress exports first, so a flags export's copies of their flags are
/// recognised) and ranks the cards.
pub fn merge(files: &[ExportFile]) -> Report {
    let mut by_item: BTreeMap<String, CardReport> = BTreeMap::new();
    let mut seen_flags = HashSet::new();
    let (progress, flags): (Vec<&ExportFile>, Vec<&ExportFile>) =
        files.iter().partition(|f| f.kind() == Some(Kind::Progress));
    for file in progress.into_iter().chain(flags) {
        for rec in &file.cards {
            let flag_key = rec
                .flag
                .as_ref()
                .map(|f| (rec.item.clone(), f.at, f.note.clone()));
            let copy = flag_key.as_ref().is_some_and(|k| seen_flags.contains(k));
            if copy && file.kind() == Some(Kind::Flags) {
                continue;
            }
            if let Some(k) = flag_key {
                seen_flags.insert(k);
            }
            add(by_item.entry(rec.item.clone()).or_default(), rec, file);
        }
    }
    rank(files.len(), by_item.into_values().collect())
}

fn add(card: &mut CardReport, rec: &CardRecord, file: &ExportFile) {
    card.item.clone_from(&rec.item);
    card.deck.clone_from(&rec.deck);
    card.deck_versions.insert(rec.deck_version);
    card.students += 1;
    card.answers += rec.answers;
    if let Some(l) = rec.lapses {
        card.lapses += l;
        card.counted_answers += rec.answers;
    }
    if let Some(d) = rec.difficulty {
        card.difficulties.push(f64::from(d));
    }
    if let Some(f) = &rec.flag {
        card.flags.push(Note {
            at: f.at,
            student: file.name.clone(),
            note: f.note.clone(),
        });
    }
}

fn rank(files: usize, mut cards: Vec<CardReport>) -> Report {
    let answers: u32 = cards.iter().map(|c| c.counted_answers).sum();
    let lapses: u32 = cards.iter().map(|c| c.lapses).sum();
    let p = if answers == 0 {
        0.0
    } else {
        f64::from(lapses) / f64::from(answers)
    };
    for c in &mut cards {
        let n = f64::from(c.counted_answers);
        c.lapse_rate = (c.counted_answers > 0).then(|| f64::from(c.lapses) / n);
        c.mean_difficulty = (!c.difficulties.is_empty())
            .then(|| c.difficulties.iter().sum::<f64>() / c.difficulties.len() as f64);
        let smoothed = (f64::from(c.lapses) + PRIOR_ANSWERS * p) / (n + PRIOR_ANSWERS);
        c.score = smoothed + FLAG_WEIGHT * c.flags.len() as f64;
        c.flags.sort_by_key(|f| f.at);
    }
    cards.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.lapses.cmp(&a.lapses))
            .then_with(|| a.item.cmp(&b.item))
    });
    Report {
        files,
        class_lapse_rate: p,
        cards,
    }
}

#[cfg(test)]
mod tests;
