//! The one-line text field as spans: the typed answer and the deck filter.

use ratatui::text::Span;

use super::text;
use super::theme::Theme;
use crate::app::Input;

/// The text field with the cursor shown as a reversed cell, scrolled sideways so the cursor
/// stays inside `width` columns.
pub fn input_spans(input: &Input, width: usize, theme: Theme) -> Vec<Span<'static>> {
    let chars: Vec<char> = input.text().chars().collect();
    let cw = |c: char| text::str_width(c.encode_utf8(&mut [0; 4]));
    let cur = input.cursor().min(chars.len());
    let width = width.max(2);
    // Start far enough right that the text up to and including the cursor cell fits.
    let mut start = cur;
    let mut used = 1;
    while start > 0 && used + cw(chars[start - 1]) < width {
        start -= 1;
        used += cw(chars[start]);
    }
    let mut before = String::new();
    let mut w = 0;
    for &c in &chars[start..cur] {
        before.push(c);
        w += cw(c);
    }
    let at = chars.get(cur).map_or(" ".to_string(), char::to_string);
    w += text::str_width(&at);
    let mut after = String::new();
    for &c in chars.iter().skip(cur + 1) {
        if w + cw(c) > width {
            break;
        }
        after.push(c);
        w += cw(c);
    }
    vec![
        Span::raw(before),
        Span::styled(at, theme.selected()),
        Span::raw(after),
    ]
}
