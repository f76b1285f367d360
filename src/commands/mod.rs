//! The plain (non-TUI) commands.

pub mod cards;
pub mod check;
pub mod decks;
pub mod install;
pub mod new_deck;
pub mod optimize;
pub mod readiness;
pub mod stats;
