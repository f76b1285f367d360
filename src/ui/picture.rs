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
