//! What the user can ask for. Keys map to these (`keys`), and `update` is the one place they
//! change state, so a headless script of actions exercises the same paths as a keyboard.

use crate::schedule::Grade;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Leave somadeck (progress is checkpointed first).
    Quit,
    /// One step back: close help, leave study or the summary, clear the deck filter.
    Back,
    /// Open or close the key help.
    Help,
    /// Move the selection or scroll by one line.
    Up,
    Down,
    /// Scroll by a page.
    PageUp,
    PageDown,
    /// Study the selected deck.
    Open,
    /// Study every deck together.
    StudyAll,
    /// Open the topic map.
    Topics,
    /// Open the stats screen.
    Stats,
    /// On the stats screen: between all decks and the deck that was under the cursor.
    SwitchScope,
    /// Start typing a deck filter.
    Filter,
    /// Set, change or clear the exam date.
    ExamDate,
    /// Show the back of a card the learner grades themselves.
    Reveal,
    Grade(Grade),
    /// Take the grade the verdict suggests (Good after a plain reveal).
    TakeSuggested,
    /// Pick the n-th option (from 0) of a multiple-choice card.
    Choose(usize),
    /// Check a typed answer, or stop editing the deck filter.
    Submit,
    /// Text editing, for typed answers and the deck filter.
    Insert(char),
    Backspace,
    Delete,
    Left,
    Right,
    LineStart,
    LineEnd,
    Undo,
    Bury,
    Suspend,
    Flag,
    /// Practise seen cards ahead of time without touching the schedule.
    Practice,
    /// Cram the selected deck: its cards weakest on the exam day first, answers counted.
    Cram,
}
