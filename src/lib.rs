//! somadeck: spaced-repetition drills for the anatomy behind craniosacral therapy courses.
//!
//! The core (`deck`, `schedule`, `study`, `answer`) knows no terminal and reads no clock; the
//! edges (`commands`, `main`) do.

pub mod answer;
pub mod app;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod config;
pub mod config_edit;
pub mod deck;
pub mod deck_versions;
pub mod feedback;
pub mod file_bytes;
pub mod fit;
pub mod hash;
pub mod interchange;
pub mod large_pages;
pub mod line_input;
pub mod open;
pub mod paths;
pub mod picture;
pub mod plain;
pub mod progress_file;
pub mod progress_ids;
pub mod progress_sync;
pub mod rebuild_note;
pub mod resume;
pub mod ron_file;
pub mod safe_text;
pub mod schedule;
pub mod store;
pub mod study;
pub mod sync_setting;
pub mod tui;
pub mod ui;
