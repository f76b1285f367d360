//! The key help, generated from the key map's own table (`app::keys::SECTIONS`).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::theme::Theme;
use super::{fit, lines_at, row, text};
use crate::app::HelpView;
use crate::app::keys::SECTIONS;

fn lines(width: u16, theme: Theme) -> Vec<Line<'static>> {
    let key_w: usize = if width >= 60 { 18 } else { 11 };
    let mut out = Vec::new();
    for (i, section) in SECTIONS.iter().enumerate() {
        if i > 0 {
            out.push(Line::default());
        }
        out.push(Line::styled(section.title, theme.bold()));
        for b in section.bindings {
            let keys = [Span::styled(
                format!("  {} ", fit(&b.keys_label(), key_w)),
                theme.accent(),
            )];
            out.extend(text::hang(&keys, &[Span::raw(b.help)], width));
        }
    }
    out
}

fn body(area: Rect) -> Rect {
    Rect::new(
        area.x + 1,
        area.y + 1,
        area.width.saturating_sub(2),
        area.height.saturating_sub(1),
    )
}

pub fn scroll_limits(area: Rect) -> (u16, u16) {
    let b = body(area);
    let n = lines(b.width, Theme::new(false)).len();
    let max = n.saturating_sub(usize::from(b.height));
    (
        b.height.saturating_sub(1).max(1),
        u16::try_from(max).unwrap_or(u16::MAX),
    )
}

pub fn render(v: &HelpView, area: Rect, buf: &mut Buffer, theme: Theme) {
    Line::styled(" Keys", theme.bold()).render(row(area, 0), buf);
    let b = body(area);
    let all = lines(b.width, theme);
    let max = all.len().saturating_sub(usize::from(b.height));
    lines_at(&all[usize::from(v.scroll).min(max)..], b, buf);
}
