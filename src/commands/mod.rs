//! The plain (non-TUI) commands.

pub mod cards;
pub mod check;
pub mod decks;
pub mod export;
pub mod import;
pub mod optimize;
pub mod readiness;
pub mod stats;
