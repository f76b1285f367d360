//! Turning a picture's bytes into pixels: SVG through resvg, PNG decoded and scaled, both fitted
//! inside a box with their aspect ratio kept and laid on the diagrams' paper colour. Also where
//! a point of the image's own coordinates (`Picture.size`, which regions use) lands in pixels
//! and in terminal cells.

use image::{Rgba, RgbaImage, imageops::FilterType};
use resvg::tiny_skia;

use super::probe::{Format, ImageError, svg_tree};

/// The paper the diagrams are drawn on; transparent parts of a picture show this.
pub const PAPER: [u8; 3] = [0xfa, 0xf7, 0xf0];

/// No side of a rendered picture is larger than this (a 200-column terminal with a large font
/// is well under it); a bigger box is scaled down.
pub const MAX_SIDE_PX: u32 = 4096;

/// The largest size with the aspect ratio of `own` that fits inside `bound`, at least 1x1.
pub fn fit(own: (u32, u32), bound: (u32, u32)) -> (u32, u32) {
    let (ow, oh) = (f64::from(own.0.max(1)), f64::from(own.1.max(1)));
    let (bw, bh) = (f64::from(bound.0.max(1)), f64::from(bound.1.max(1)));
    let scale = (bw / ow).min(bh / oh);
    (
        to_px(ow * scale).min(bound.0.max(1)),
        to_px(oh * scale).min(bound.1.max(1)),
    )
}

#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn to_px(v: f64) -> u32 {
    v.round().clamp(1.0, f64::from(MAX_SIDE_PX)) as u32
}

/// The picture drawn to fit inside `width_px` x `height_px`, aspect ratio kept, fully opaque.
pub fn render(
    format: Format,
    bytes: &[u8],
    width_px: u32,
    height_px: u32,
) -> Result<RgbaImage, ImageError> {
    draw(format, bytes, (width_px, height_px), fit)
}

/// The picture drawn to exactly `width_px` x `height_px` (at least 1x1): for a box already
/// fitted to the picture in whole cells, whose aspect differs from the picture's by less than a
/// cell. Saves padding a fitted render out to the cells' size.
pub fn render_exact(
    format: Format,
    bytes: &[u8],
    width_px: u32,
    height_px: u32,
) -> Result<RgbaImage, ImageError> {
    draw(format, bytes, (width_px, height_px), |_, b| {
        (b.0.clamp(1, MAX_SIDE_PX), b.1.clamp(1, MAX_SIDE_PX))
    })
}

/// How big to draw a picture of its own size inside a box.
type Sizing = fn((u32, u32), (u32, u32)) -> (u32, u32);

fn draw(
    format: Format,
    bytes: &[u8],
    bound: (u32, u32),
    size: Sizing,
) -> Result<RgbaImage, ImageError> {
    let bound = (bound.0.min(MAX_SIDE_PX), bound.1.min(MAX_SIDE_PX));
    match format {
        Format::Svg => render_svg(bytes, bound, size),
        Format::Png => render_png(bytes, bound, size),
    }
}

fn render_svg(bytes: &[u8], bound: (u32, u32), sizing: Sizing) -> Result<RgbaImage, ImageError> {
    let tree = svg_tree(bytes)?;
    let size = tree.size();
    if !(size.width() > 0.0 && size.height() > 0.0) {
        return Err(ImageError::Empty(0, 0));
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let own = (size.width().ceil() as u32, size.height().ceil() as u32);
    let (w, h) = sizing(own, bound);
    let mut pixmap = tiny_skia::Pixmap::new(w, h).ok_or(ImageError::Empty(w, h))?;
    pixmap.fill(tiny_skia::Color::from_rgba8(
        PAPER[0], PAPER[1], PAPER[2], 255,
    ));
    #[allow(clippy::cast_precision_loss)]
    let (sx, sy) = (w as f32 / size.width(), h as f32 / size.height());
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(sx, sy),
        &mut pixmap.as_mut(),
    );
    // The paper underneath makes every pixel opaque, so premultiplied is straight alpha.
    RgbaImage::from_raw(w, h, pixmap.take()).ok_or(ImageError::Empty(w, h))
}

fn render_png(bytes: &[u8], bound: (u32, u32), sizing: Sizing) -> Result<RgbaImage, ImageError> {
    let img = image::load_from_memory_with_format(bytes, image::ImageFormat::Png)
        .map_err(|e| ImageError::Png(e.to_string()))?;
    if img.width() == 0 || img.height() == 0 {
        return Err(ImageError::Empty(img.width(), img.height()));
    }
    let (w, h) = sizing((img.width(), img.height()), bound);
    let mut out = img.resize_exact(w, h, FilterType::Triangle).to_rgba8();
    for p in out.pixels_mut() {
        *p = on_paper(*p);
    }
    Ok(out)
}

fn on_paper(p: Rgba<u8>) -> Rgba<u8> {
    let a = u16::from(p[3]);
    let mix = |c: u8, paper: u8| {
        let v = (u16::from(c) * a + u16::from(paper) * (255 - a) + 127) / 255;
        u8::try_from(v).unwrap_or(u8::MAX)
    };
    Rgba([
        mix(p[0], PAPER[0]),
        mix(p[1], PAPER[1]),
        mix(p[2], PAPER[2]),
        255,
    ])
}

/// Where the image's own coordinates land: in the pixels of a canvas of whole cells, and in
/// the cells themselves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mapping {
    /// Pixels per unit of the image's own coordinates, across and down.
    pub scale: (f64, f64),
    /// A cell's size in pixels: (1, 2) in half-blocks, the font's size with a graphics protocol.
    pub cell_px: (u32, u32),
}

impl Mapping {
    /// The mapping for a picture of its own `size` drawn as `img_px` pixels.
    pub fn new(size: (u32, u32), img_px: (u32, u32), cell_px: (u32, u32)) -> Mapping {
        Mapping {
            scale: (
                f64::from(img_px.0) / f64::from(size.0.max(1)),
                f64::from(img_px.1) / f64::from(size.1.max(1)),
            ),
            cell_px: (cell_px.0.max(1), cell_px.1.max(1)),
        }
    }

    /// The pixel a point of the image's own coordinates falls in.
    pub fn to_px(&self, x: u32, y: u32) -> (u32, u32) {
        (scaled(x, self.scale.0), scaled(y, self.scale.1))
    }

    /// The cell (column, row from the picture's top left) a point falls in.
    pub fn to_cell(&self, x: u32, y: u32) -> (u16, u16) {
        let (px, py) = self.to_px(x, y);
        let col = px / self.cell_px.0;
        let row = py / self.cell_px.1;
        (
            u16::try_from(col).unwrap_or(u16::MAX),
            u16::try_from(row).unwrap_or(u16::MAX),
        )
    }
}

#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn scaled(v: u32, scale: f64) -> u32 {
    (f64::from(v) * scale)
        .floor()
        .clamp(0.0, f64::from(u32::MAX)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_keeps_the_aspect_ratio_inside_the_box() {
        assert_eq!(fit((400, 200), (100, 100)), (100, 50));
        assert_eq!(fit((200, 400), (100, 100)), (50, 100));
        assert_eq!(fit((400, 300), (80, 40)), (53, 40));
        assert_eq!(fit((1000, 1), (3, 3)), (3, 1));
        assert_eq!(fit((0, 0), (0, 0)), (1, 1));
    }

    #[test]
    fn an_svg_is_drawn_at_the_fitted_size_on_paper() {
        let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100" width="200" height="100"><rect x="100" y="0" width="100" height="100" fill="#ff0000"/></svg>"##;
        let img = render(Format::Svg, svg, 40, 40).unwrap();
        assert_eq!(img.dimensions(), (40, 20));
        assert_eq!(img.get_pixel(2, 10).0, [PAPER[0], PAPER[1], PAPER[2], 255]);
        assert_eq!(img.get_pixel(30, 10).0, [255, 0, 0, 255]);
    }

    #[test]
    fn a_png_is_decoded_scaled_and_laid_on_paper() {
        let mut src = RgbaImage::from_pixel(10, 20, Rgba([0, 0, 255, 255]));
        src.put_pixel(0, 0, Rgba([0, 0, 0, 0]));
        let mut bytes = Vec::new();
        src.write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
        let img = render(Format::Png, &bytes, 100, 10).unwrap();
        assert_eq!(img.dimensions(), (5, 10));
        assert_eq!(img.get_pixel(3, 8).0, [0, 0, 255, 255]);
        let same = render(Format::Png, &bytes, 10, 20).unwrap();
        assert_eq!(same.get_pixel(0, 0).0, [PAPER[0], PAPER[1], PAPER[2], 255]);
    }

    #[test]
    fn render_exact_fills_the_box() {
        let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100"><rect x="100" y="0" width="100" height="100" fill="#ff0000"/></svg>"##;
        let img = render_exact(Format::Svg, svg, 41, 19).unwrap();
        assert_eq!(img.dimensions(), (41, 19));
        assert_eq!(img.get_pixel(40, 18).0, [255, 0, 0, 255]);
        assert_eq!(img.get_pixel(0, 0).0, [PAPER[0], PAPER[1], PAPER[2], 255]);
        assert_eq!(
            render_exact(Format::Svg, svg, 0, 0).unwrap().dimensions(),
            (1, 1)
        );
    }

    #[test]
    fn broken_pictures_are_errors_not_panics() {
        let e = render(Format::Svg, b"<svg><rect", 10, 10).unwrap_err();
        assert!(matches!(e, ImageError::Svg(_)), "{e:?}");
        let e = render(Format::Png, b"\x89PNG\r\n\x1a\nnope", 10, 10).unwrap_err();
        assert!(matches!(e, ImageError::Png(_)), "{e:?}");
        assert!(render(Format::Svg, b"", 0, 0).is_err());
    }

    #[test]
    fn own_coordinates_map_to_pixels_and_cells() {
        let m = Mapping::new((400, 200), (80, 40), (1, 2));
        assert_eq!(m.to_px(200, 100), (40, 20));
        assert_eq!(m.to_cell(200, 100), (40, 10));
        assert_eq!(m.to_cell(399, 199), (79, 19));
        let k = Mapping::new((400, 200), (800, 400), (10, 20));
        assert_eq!(k.to_cell(200, 100), (40, 10));
    }
}
