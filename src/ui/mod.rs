//! Drawing only: `impl Widget for &App` picks the screen; each screen has its file. Nothing
//! here changes state, reads the clock or touches the terminal.

pub mod grades;
pub mod help;
pub mod home;
pub mod input;
pub mod picture;
pub mod stats;
pub mod study;
pub mod summary;
pub mod text;
pub mod theme;
pub mod topics;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::app::{App, Screen, Status};
use theme::Theme;

impl Widget for &App<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = Theme::new(self.color);
        let status = status_lines(self.status.as_ref(), area, theme);
        let (body, status_area, hints_row) = chrome(area, status.len());
        match &self.screen {
            Screen::Home(h) => home::render(self, h, body, buf, theme),
            Screen::Study(s) => study::render(s, &self.pictures, body, buf, theme),
            Screen::Summary(s) => summary::render(s, body, buf, theme),
            Screen::Topics(t) => topics::render(t, body, buf, theme),
            Screen::Stats(v) => stats::render(v, area.height, body, buf, theme),
            Screen::Help(v, _) => help::render(v, body, buf, theme),
        }
        lines_at(&status, status_area, buf);
        hints(&self.screen, hints_row.width)
            .style(theme.dim())
            .render(hints_row, buf);
    }
}

/// The status message wrapped to the width: at most 3 rows, and only on a terminal tall
/// enough to spare them.
fn status_lines(status: Option<&Status>, area: Rect, theme: Theme) -> Vec<Line<'static>> {
    let Some(s) = status else {
        return Vec::new();
    };
    let style = theme.tone(s.tone);
    let mut lines = text::wrap(
        &[Span::styled(s.text.as_str(), style)],
        area.width.saturating_sub(2),
    );
    lines.truncate(usize::from(area.height.saturating_sub(6) / 2).min(3));
    lines
        .into_iter()
        .map(|l| Line::from([vec![Span::raw(" ")], l.spans].concat()))
        .collect()
}

/// The screen's own area, the status rows above the key hints, and the key hints row.
fn chrome(area: Rect, status_rows: usize) -> (Rect, Rect, Rect) {
    let status_h = u16::try_from(status_rows).unwrap_or(0);
    let hints_y = area.bottom().saturating_sub(1).max(area.y);
    let hints = Rect::new(area.x, hints_y, area.width, area.height.min(1));
    let body_h = area.height.saturating_sub(1 + status_h);
    let status = Rect::new(area.x, area.y + body_h, area.width, status_h);
    (Rect::new(area.x, area.y, area.width, body_h), status, hints)
}

/// A few of the keys that work here, the most needed first; `?` has them all.
fn hints(screen: &Screen, width: u16) -> Line<'static> {
    use crate::app::Mode;
    let (wide, narrow) = match screen.mode() {
        Mode::Home => (
            "Enter study · a all · c cram · t topics · S stats · E exam · ? help · q quit",
            "Enter · c cram · t · S stats · q quit",
        ),
        Mode::ExamDate => (
            "type the exam day · Enter save (empty clears) · Esc cancel",
            "Enter save · Esc cancel",
        ),
        Mode::Filter => (
            "type to filter · Enter keep · Esc clear",
            "Enter keep · Esc clear",
        ),
        Mode::Typing => (
            "type your answer · Enter check/show · ^U undo · ^B bury · ^S suspend · ^F flag · F1 help · Esc decks",
            "Enter check/show · ^U undo · F1 help · Esc decks",
        ),
        Mode::Choosing => (
            "1-9 choose · ^U undo · ^B bury · ^S suspend · ^F flag · F1 help · Esc decks",
            "1-9 choose · ^U undo · F1 help · Esc decks",
        ),
        Mode::Answer => (
            "1-4 grade · Enter suggested · u undo · b bury · s suspend · f flag · ? help · q decks",
            "1-4 grade · u undo · b bury · s susp · ? help",
        ),
        Mode::Summary => (
            "p practise ahead · u undo · Enter decks · ? help",
            "p practise · Enter decks · ? help",
        ),
        Mode::Help => ("↑↓ PgUp PgDn scroll · Esc close", "↑↓ scroll · Esc close"),
        Mode::Stats => (
            "PgUp PgDn page · Tab all decks or this deck · Enter study weakest · Esc back",
            "PgUp PgDn page · Esc back",
        ),
        Mode::Note => (
            "type a note for the deck's author · Enter flag · Esc cancel",
            "Enter flag · Esc cancel",
        ),
        Mode::Topics => (
            "↑↓ move · Enter study this topic · Esc decks · ? help",
            "↑↓ · Enter study · Esc back",
        ),
    };
    let text = if text::str_width(wide) < usize::from(width) {
        wide
    } else {
        narrow
    };
    Line::from(format!(" {text}"))
}

/// (page, furthest scroll) for the screen that scrolls, at the app's terminal size. `update`
/// asks, because how far a body scrolls depends on how its text wraps.
pub fn scroll_limits(app: &App<'_>) -> (u16, u16) {
    let area = Rect::new(0, 0, app.view.0, app.view.1);
    let status = status_lines(app.status.as_ref(), area, Theme::new(app.color));
    let (body, _, _) = chrome(area, status.len());
    match &app.screen {
        Screen::Study(s) => study::scroll_limits(s, body, Theme::new(app.color)),
        Screen::Help(..) => help::scroll_limits(body),
        _ => (1, 0),
    }
}

/// `text` padded or cut (with an ellipsis) to exactly `width` columns.
fn fit(text: &str, width: usize) -> String {
    let full = text::str_width(text);
    let mut out = String::new();
    let mut w = 0;
    if full <= width {
        out.push_str(text);
        w = full;
    } else if width > 0 {
        for c in text.chars() {
            let cw = text::str_width(c.encode_utf8(&mut [0; 4]));
            if w + cw > width - 1 {
                break;
            }
            out.push(c);
            w += cw;
        }
        out.push('…');
        w += 1;
    }
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    out
}

/// The row `i` of `area` (an empty rect below it).
fn row(area: Rect, i: u16) -> Rect {
    if i < area.height {
        Rect::new(area.x, area.y + i, area.width, 1)
    } else {
        Rect::new(area.x, area.bottom(), area.width, 0)
    }
}

/// Draws `lines` top-down from `area`'s first row, clipped to it.
fn lines_at(lines: &[Line<'_>], area: Rect, buf: &mut Buffer) {
    for (i, l) in lines.iter().take(usize::from(area.height)).enumerate() {
        l.render(row(area, i as u16), buf);
    }
}
