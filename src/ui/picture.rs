//! A card's picture on the study screen.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use crate::app::StudyPicture;
use crate::picture::{Overlay, PictureView, Pictures};

/// Draws the picture with its overlay in `area` (its description where it cannot be drawn).
pub fn render(
    p: &StudyPicture,
    overlay: &Overlay,
    pictures: &Pictures,
    area: Rect,
    buf: &mut Buffer,
) {
    if !pictures.enabled() {
        // No picture drawn: the description, and where the covered region lies, in words.
        let mut lines = vec![ratatui::text::Line::from(p.picture.alt.as_str())];
        for &i in &overlay.covered {
            if let Some(h) = p.regions.get(i).and_then(|r| r.hint.as_deref()) {
                lines.push(ratatui::text::Line::from(format!("Hidden region: {h}")));
            }
        }
        lines.extend(
            overlay
                .legend
                .iter()
                .map(|l| ratatui::text::Line::from(l.as_str())),
        );
        ratatui::widgets::Paragraph::new(lines)
            .wrap(ratatui::widgets::Wrap { trim: false })
            .render(area, buf);
        return;
    }
    let bytes: &[u8] = match &p.bytes {
        Ok(b) => b,
        Err(_) => &[],
    };
    PictureView {
        pictures,
        format: p.format,
        bytes,
        picture: &p.picture,
        regions: &p.regions,
        overlay,
    }
    .render(area, buf);
}
