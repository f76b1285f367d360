//! Feedback from students to a deck's author: what a student exports (the cards they flagged,
//! with their notes and answers; or a summary of their progress per card) and how an
//! instructor merges a class's exports into one report, the most troublesome cards first.
//! Pure: the commands read the log and the files, and only format what comes back.

pub mod export;
pub mod file;
pub mod history;
pub mod report;

pub use export::{flags_export, progress_export};
pub use file::{Answer, CardRecord, ExportFile, FileError, FlagRecord, Kind, parse};
pub use history::{ItemHistory, fold};
pub use report::{CardReport, Report, merge};
