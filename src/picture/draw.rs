//! Painting an [`Overlay`] onto a rendered picture: covered regions become solid boxes, the
//! answer's region gets an outline. With a graphics protocol the `?` and the markers are drawn
//! into the pixels (a tiny bitmap font: digits and `?`); in half-blocks they are too small to
//! read as pixels, so [`labels`] says where to write them as terminal text instead.

use image::{Rgba, RgbaImage};

use super::Overlay;
use super::raster::Mapping;
use crate::deck::model::{Region, Shape};

/// The covered box: a strong magenta that no pale diagram fill or dark outline resembles.
pub const BOX: [u8; 3] = [0xc2, 0x18, 0x5b];
/// The answer's outline: a strong blue, distinct from the box.
pub const OUTLINE: [u8; 3] = [0x00, 0x5f, 0xd7];
/// The plate behind a marker's text.
pub const MARK_BG: [u8; 3] = [0x1f, 0x1f, 0x1f];
/// The text of a marker and of the `?`.
pub const TEXT: [u8; 3] = [0xff, 0xff, 0xff];

/// A piece of text written over the picture's cells (half-block mode).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Column and row from the picture's top left.
    pub at: (u16, u16),
    pub text: String,
    /// On a covered box (`?`) rather than a marker.
    pub covered: bool,
}

/// A region's extent in pixels: left, top, right, bottom (exclusive), at least one pixel.
fn px_bounds(map: &Mapping, shape: Shape, img: (u32, u32)) -> (u32, u32, u32, u32) {
    let (l, t, r, b) = shape.bounds();
    let (x0, y0) = map.to_px(l, t);
    let (x1, y1) = map.to_px(r, b);
    let x0 = x0.min(img.0.saturating_sub(1));
    let y0 = y0.min(img.1.saturating_sub(1));
    (x0, y0, x1.clamp(x0 + 1, img.0), y1.clamp(y0 + 1, img.1))
}

/// Whether pixel (x, y) lies in the shape, given its pixel bounds, shrunk by `inset` pixels.
fn inside(shape: Shape, b: (u32, u32, u32, u32), x: u32, y: u32, inset: f64) -> bool {
    let (l, t, r, btm) = (
        f64::from(b.0),
        f64::from(b.1),
        f64::from(b.2),
        f64::from(b.3),
    );
    let (px, py) = (f64::from(x) + 0.5, f64::from(y) + 0.5);
    match shape {
        Shape::Rect { .. } => {
            px > l + inset && px < r - inset && py > t + inset && py < btm - inset
        }
        Shape::Ellipse { .. } => {
            let (rx, ry) = ((r - l) / 2.0 - inset, (btm - t) / 2.0 - inset);
            if rx <= 0.0 || ry <= 0.0 {
                return false;
            }
            let (dx, dy) = ((px - (l + r) / 2.0) / rx, (py - (t + btm) / 2.0) / ry);
            dx * dx + dy * dy <= 1.0
        }
    }
}

fn fill_shape(img: &mut RgbaImage, shape: Shape, b: (u32, u32, u32, u32), colour: [u8; 3]) {
    let mut any = false;
    for y in b.1..b.3 {
        for x in b.0..b.2 {
            if inside(shape, b, x, y, 0.0) {
                img.put_pixel(x, y, rgba(colour));
                any = true;
            }
        }
    }
    if !any {
        img.put_pixel((b.0 + b.2) / 2, (b.1 + b.3) / 2, rgba(colour));
    }
}

fn outline_shape(img: &mut RgbaImage, shape: Shape, b: (u32, u32, u32, u32), thick: u32) {
    // The outline sits just outside the region, so the structure itself stays visible.
    let t = thick;
    let outer = (
        b.0.saturating_sub(t),
        b.1.saturating_sub(t),
        (b.2 + t).min(img.width()),
        (b.3 + t).min(img.height()),
    );
    let inner_inset = f64::from(t);
    for y in outer.1..outer.3 {
        for x in outer.0..outer.2 {
            if inside(shape, outer, x, y, 0.0) && !inside(shape, outer, x, y, inner_inset) {
                img.put_pixel(x, y, rgba(OUTLINE));
            }
        }
    }
}

fn rgba(c: [u8; 3]) -> Rgba<u8> {
    Rgba([c[0], c[1], c[2], 255])
}

/// Paints the overlay's boxes and outlines; with `text_in_pixels`, also the `?` and markers.
pub fn paint(
    img: &mut RgbaImage,
    map: &Mapping,
    regions: &[Region],
    overlay: &Overlay,
    text_in_pixels: bool,
) {
    let dims = img.dimensions();
    let thick = (map.cell_px.0 / 4).max(map.cell_px.1 / 8).clamp(1, 4);
    for r in overlay.outlined.iter().filter_map(|&i| regions.get(i)) {
        outline_shape(img, r.shape, px_bounds(map, r.shape, dims), thick);
    }
    for r in overlay.covered.iter().filter_map(|&i| regions.get(i)) {
        let b = px_bounds(map, r.shape, dims);
        fill_shape(img, r.shape, b, BOX);
        if text_in_pixels {
            let scale = glyph_scale(map, (b.2 - b.0, b.3 - b.1));
            text_at(img, "?", ((b.0 + b.2) / 2, (b.1 + b.3) / 2), scale, None);
        }
    }
    if text_in_pixels {
        for (i, text) in visible_marks(overlay) {
            let Some(r) = regions.get(i) else { continue };
            let b = px_bounds(map, r.shape, dims);
            let scale = glyph_scale(map, (u32::MAX, u32::MAX));
            text_at(
                img,
                text,
                ((b.0 + b.2) / 2, (b.1 + b.3) / 2),
                scale,
                Some(MARK_BG),
            );
        }
    }
}

/// Markers whose region is not covered (the `?` takes a covered region's place).
fn visible_marks(overlay: &Overlay) -> impl Iterator<Item = (usize, &str)> {
    overlay
        .marks
        .iter()
        .filter(|(i, _)| !overlay.covered.contains(i))
        .map(|(i, t)| (*i, t.as_str()))
}

/// Where the `?` and markers go as terminal text, for a picture of `cells` columns and rows.
pub fn labels(
    map: &Mapping,
    regions: &[Region],
    overlay: &Overlay,
    cells: (u16, u16),
) -> Vec<Label> {
    let centre = |r: &Region| {
        let (l, t, rt, b) = r.shape.bounds();
        let (c, row) = map.to_cell(l / 2 + rt / 2, t / 2 + b / 2);
        (
            c.min(cells.0.saturating_sub(1)),
            row.min(cells.1.saturating_sub(1)),
        )
    };
    let covered = overlay
        .covered
        .iter()
        .filter_map(|&i| regions.get(i))
        .map(|r| Label {
            at: centre(r),
            text: "?".to_string(),
            covered: true,
        });
    let marks = visible_marks(overlay).filter_map(|(i, text)| {
        regions.get(i).map(|r| Label {
            at: centre(r),
            text: text.to_string(),
            covered: false,
        })
    });
    covered.chain(marks).collect()
}

/// A glyph's pixel size: about 70% of a cell's height, and no larger than a box it sits on.
fn glyph_scale(map: &Mapping, room: (u32, u32)) -> u32 {
    let by_cell = map.cell_px.1 * 7 / 10 / GLYPH_H;
    let by_room = (room.0 / (GLYPH_W + 2)).min(room.1 / (GLYPH_H + 2));
    by_cell.min(by_room.max(1)).max(1)
}

const GLYPH_W: u32 = 3;
const GLYPH_H: u32 = 5;

/// 3x5 glyphs, one row per entry, the high bit of three on the left.
fn glyph(c: char) -> Option<[u8; 5]> {
    Some(match c {
        '0' => [0b111, 0b101, 0b101, 0b101, 0b111],
        '1' => [0b010, 0b110, 0b010, 0b010, 0b111],
        '2' => [0b111, 0b001, 0b111, 0b100, 0b111],
        '3' => [0b111, 0b001, 0b011, 0b001, 0b111],
        '4' => [0b101, 0b101, 0b111, 0b001, 0b001],
        '5' => [0b111, 0b100, 0b111, 0b001, 0b111],
        '6' => [0b111, 0b100, 0b111, 0b101, 0b111],
        '7' => [0b111, 0b001, 0b010, 0b010, 0b010],
        '8' => [0b111, 0b101, 0b111, 0b101, 0b111],
        '9' => [0b111, 0b101, 0b111, 0b001, 0b111],
        '?' => [0b111, 0b001, 0b011, 0b000, 0b010],
        _ => return None,
    })
}

/// Draws `text` centred on `centre`, each glyph pixel `scale` pixels wide, on a plate if given.
fn text_at(
    img: &mut RgbaImage,
    text: &str,
    centre: (u32, u32),
    scale: u32,
    plate: Option<[u8; 3]>,
) {
    let n = u32::try_from(text.chars().count()).unwrap_or(0);
    if n == 0 {
        return;
    }
    let w = (n * (GLYPH_W + 1) - 1) * scale;
    let h = GLYPH_H * scale;
    let x0 = centre.0.saturating_sub(w / 2);
    let y0 = centre.1.saturating_sub(h / 2);
    if let Some(bg) = plate {
        fill_rect(
            img,
            (x0.saturating_sub(scale), y0.saturating_sub(scale)),
            (w + 2 * scale, h + 2 * scale),
            bg,
        );
    }
    for (k, c) in (0u32..).zip(text.chars()) {
        let Some(rows) = glyph(c) else { continue };
        let gx = x0 + k * (GLYPH_W + 1) * scale;
        for (row, bits) in (0u32..).zip(rows) {
            for col in 0..GLYPH_W {
                if bits & (1 << (GLYPH_W - 1 - col)) != 0 {
                    fill_rect(
                        img,
                        (gx + col * scale, y0 + row * scale),
                        (scale, scale),
                        TEXT,
                    );
                }
            }
        }
    }
}

fn fill_rect(img: &mut RgbaImage, at: (u32, u32), size: (u32, u32), colour: [u8; 3]) {
    let (w, h) = img.dimensions();
    for y in at.1..(at.1 + size.1).min(h) {
        for x in at.0..(at.0 + size.0).min(w) {
            img.put_pixel(x, y, rgba(colour));
        }
    }
}

#[cfg(test)]
#[path = "draw_tests.rs"]
mod tests;
