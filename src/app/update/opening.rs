//! What the app opens on, and starting a study run or a cram over decks named by id: what
//! `somadeck study` and `somadeck cram` open on, and what `c` on the home screen does. A child
//! of `update`, the one place the app's state changes.

use jiff::Timestamp;

use super::{App, Tone, next_card, say, start};

/// What the app opens on: the decks (`somadeck`), a study run (`study`) or a cram (`cram`).
#[derive(Debug, Clone, Copy)]
pub enum Start<'a> {
    Home,
    Study(&'a [String]),
    Cram { decks: &'a [String], new: bool },
}

pub fn open_on(app: &mut App<'_>, start: Start<'_>, now: Timestamp) {
    match start {
        Start::Home => {}
        Start::Study(ids) => study_now(app, ids, now),
        Start::Cram { decks, new } => cram_now(app, decks, new, now),
    }
}

/// Starts studying the decks named (all when empty) straight away, as `somadeck study` does.
pub fn study_now(app: &mut App<'_>, ids: &[String], now: Timestamp) {
    let title = scope_title(app, ids);
    start(app, ids, title, now);
}

/// Starts a cram over the decks named (all when empty), unseen cards too with `with_new`;
/// when there is nothing to cram, says why and stays put.
pub fn cram_now(app: &mut App<'_>, ids: &[String], with_new: bool, now: Timestamp) {
    let title = scope_title(app, ids);
    let s = &mut app.opened.session;
    s.stop_drill();
    s.set_topic_scope(None);
    s.set_scope(ids);
    match s.start_cram(with_new, now) {
        Ok(_) => {
            app.tally_start = s.tally.clone();
            app.scope = format!("Cram · {title}");
            next_card(app, now);
        }
        Err(e) => say(app, Tone::Info, e.to_string()),
    }
}

/// "All decks", or the titles of the decks named.
fn scope_title(app: &App<'_>, ids: &[String]) -> String {
    let coll = &app.opened.session.coll;
    if ids.is_empty() {
        "All decks".to_string()
    } else {
        ids.iter()
            .map(|id| {
                coll.deck_index(id)
                    .map_or(id.clone(), |d| coll.decks[d].title.clone())
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}
