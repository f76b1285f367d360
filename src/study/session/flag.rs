//! Flagging a card for the deck's authors, with the learner's note for them: written to the
//! journal like every change, and undone like every change.

use jiff::Timestamp;

use super::{Change, Notice, SaveError, Session};
use crate::study::event::Event;

/// The longest note kept with a flag, in chars: a line for the author, not an essay.
pub const MAX_NOTE_CHARS: usize = 500;

impl Session {
    /// Flags an item for the deck author's attention, or clears the flag; a flag set here
    /// has no note (see [`Session::flag`]).
    pub fn toggle_flag(&mut self, item: usize, now: Timestamp) -> Result<Notice, SaveError> {
        if self.flagged(item) {
            self.unflag(item, now)
        } else {
            self.flag(item, None, now)
        }
    }

    /// Flags an item for the deck's authors with the learner's note for them. The note is
    /// trimmed and cut to [`MAX_NOTE_CHARS`]; a blank one is no note.
    pub fn flag(
        &mut self,
        item: usize,
        note: Option<&str>,
        now: Timestamp,
    ) -> Result<Notice, SaveError> {
        let id = self.coll.id(item).to_string();
        let before = self.progress.flag_notes.get(&id).cloned();
        let note = note
            .map(|n| n.trim().chars().take(MAX_NOTE_CHARS).collect::<String>())
            .filter(|n| !n.is_empty());
        let noted = note.is_some();
        self.commit(
            item,
            Event::Flag {
                item: id,
                at: now,
                note,
            },
        )?;
        self.undo.push(Change::Flag {
            item,
            on: true,
            note: before,
        });
        let with = if noted { " with your note" } else { "" };
        Ok(Notice {
            text: format!(
                "Flagged {}{with} for the deck's authors",
                self.card_name(item)
            ),
            show: None,
        })
    }

    /// Clears the item's flag (and its note, which undo puts back).
    pub fn unflag(&mut self, item: usize, now: Timestamp) -> Result<Notice, SaveError> {
        let id = self.coll.id(item).to_string();
        let before = self.progress.flag_notes.get(&id).cloned();
        self.commit(item, Event::Unflag { item: id, at: now })?;
        self.undo.push(Change::Flag {
            item,
            on: false,
            note: before,
        });
        Ok(Notice {
            text: format!("Removed the flag from {}", self.card_name(item)),
            show: None,
        })
    }

    /// The note left with the item's flag, if any.
    pub fn flag_note(&self, item: usize) -> Option<&str> {
        self.progress
            .flag_notes
            .get(self.coll.id(item))
            .map(String::as_str)
    }
}
