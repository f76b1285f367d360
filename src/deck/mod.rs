//! Decks: the format (model), reading and checking files, and the built-in decks.

pub mod builtin;
pub mod cache;
mod card;
mod card_heads;
pub mod cards;
mod cards_list;
mod check;
pub use check::id_char;
pub mod cloze;
pub mod diag;
pub mod diff;
mod file;
pub mod item_ids;
pub mod library;
pub mod load;
pub mod model;
pub mod occlusion;
pub mod renames;
mod scan;
pub mod set;
pub mod write;

#[cfg(test)]
mod tests_pictures;
#[cfg(test)]
mod tests_split;

pub use card::card_from_file;
pub use cards::Cards;
pub use diag::{Diagnostic, Level, Pos};
pub use file::CardFile;
pub use load::{LoadedDeck, Parsed};
pub use model::{Card, CardKind, Deck, Gap, Topic, Variant};
