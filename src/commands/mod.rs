//! The plain (non-TUI) commands.

pub mod check;
pub mod decks;
pub mod stats;
