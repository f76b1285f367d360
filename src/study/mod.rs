//! Studying: the items of the loaded decks, progress folded from the log, which item comes
//! next, and the session that answers them. Pure: handed `now`, seeded, no terminal, no files.

pub mod collection;
pub mod cram;
pub mod drill;
pub mod event;
pub mod exam;
mod id_list;
pub use id_list::IdList;
pub mod outlook;
pub mod picture_items;
pub mod present;
pub mod progress;
pub mod queue;
mod record;
pub mod session;
pub mod states;
mod states_codec;
pub mod stats;
pub mod topics;
pub mod turn;
pub mod why;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_ids;
#[cfg(test)]
mod tests_limits;
#[cfg(test)]
mod tests_topics;

pub use collection::Collection;
pub use event::{Event, ReviewKind};
pub use progress::Progress;
pub use queue::{Counts, Ctx, LimitHit, LimitScope, Limits, Overview, Plan};
pub use session::{Journal, Notice, SaveError, Session};
pub use topics::{Prerequisites, TopicProgress, TopicRow, TopicStatus};
pub use turn::{Judged, Turn};
pub use why::Idle;
