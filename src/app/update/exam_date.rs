//! Typing the exam date on the home screen, which `E` opens.

use jiff::Timestamp;

use super::say;
use crate::app::{Action, App, Home, Screen, Tone};

/// Typing the exam date on the home screen: Enter saves it (empty clears it), Esc cancels.
pub(super) fn edit(app: &mut App<'_>, action: Action, now: Timestamp) {
    let Screen::Home(h) = &mut app.screen else {
        return;
    };
    let Some(input) = &mut h.exam_edit else {
        return;
    };
    if input.edit(action) {
        return;
    }
    match action {
        Action::Back => h.exam_edit = None,
        Action::Submit => {
            let text = input.text().trim().to_string();
            let today = app.opened.session.sched.days.day_of(now);
            let date = if text.is_empty() {
                Ok(None)
            } else {
                crate::study::exam::parse_day(&text, today).map(Some)
            };
            let deck = h.selected_row().map(|r| r.deck);
            match date.and_then(|d| app.opened.set_exam(d).map(|()| d)) {
                Ok(d) => {
                    let mut home = Home::new(&app.opened.session, now);
                    if let Some(deck) = deck {
                        home.select_deck(deck);
                    }
                    app.screen = Screen::Home(home);
                    let text = match d {
                        Some(d) => format!("Exam date set to {d}: the plan works toward it"),
                        None => "Exam date cleared: scheduling is back to normal FSRS".into(),
                    };
                    say(app, Tone::Info, text);
                }
                Err(e) => say(app, Tone::Error, e),
            }
        }
        _ => {}
    }
}
