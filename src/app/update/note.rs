//! The note that goes with a flag: flagging a card opens a one-line prompt on the study
//! screen; Enter flags the card with what was typed (nothing typed: no note), Esc cancels and
//! leaves the card unflagged. Unflagging asks nothing.

use jiff::Timestamp;

use super::{Action, App, Screen, Study, Tone, changed, say};
use crate::app::Input;

/// Opens the prompt on the card on screen.
pub(super) fn ask(card: &mut Study) {
    card.note = Some(Input::default());
}

/// An action while the prompt is open: edits go to the note; Enter flags, Esc cancels.
pub(super) fn edit(app: &mut App<'_>, action: Action, now: Timestamp) {
    let Screen::Study(card) = &mut app.screen else {
        return;
    };
    let Some(input) = card.note.as_mut() else {
        return;
    };
    if input.edit(action) {
        return;
    }
    match action {
        Action::Submit => {
            let text = input.text().to_string();
            card.note = None;
            let item = card.item();
            let done = app.opened.session.flag(item, Some(&text), now);
            changed(app, Action::Flag, done, now);
        }
        Action::Back => {
            card.note = None;
            say(app, Tone::Info, "Not flagged");
        }
        _ => {}
    }
}
