//! The plain (non-TUI) commands.

pub mod cards;
pub mod check;
pub mod cram;
pub mod decks;
pub mod exam;
pub mod export;
pub mod feedback;
pub mod import;
pub mod install;
pub mod new_deck;
pub mod optimize;
pub mod readiness;
pub mod report;
pub mod stats;
pub mod sync;
