//! A card's picture on the study screen.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;

use super::theme::Theme;
use super::{lines_at, text};
use crate::app::StudyPicture;
use crate::picture::Overlay;

/// Draws the picture with its overlay in `area` (its description where it cannot be drawn).
pub fn render(p: &StudyPicture, overlay: &Overlay, area: Rect, buf: &mut Buffer, theme: Theme) {
    let mut spans = vec![Span::styled(
        format!("Picture: {}", p.picture.alt),
        theme.dim(),
    )];
    for l in &overlay.legend {
        spans.push(Span::raw(format!("  {l}")));
    }
    let lines = text::wrap(&spans, area.width);
    lines_at(&lines, area, buf);
}
