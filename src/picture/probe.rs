//! Reading a picture far enough to know what it is and how big: what a deck check needs.

use resvg::{tiny_skia, usvg};

/// Pictures larger than this are refused.
pub const MAX_IMAGE_BYTES: u64 = 2 * 1024 * 1024;

/// A PNG wider or taller than this is refused: a small file can declare a huge image, whose
/// decoding would need gigabytes.
pub const MAX_PNG_SIDE: u32 = 8192;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Svg,
    Png,
}

/// A picture's format and its own size (SVG user units, or PNG pixels).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Info {
    pub format: Format,
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageError {
    #[error("`{0}` is not a supported picture: use an .svg or .png file")]
    Unsupported(String),
    #[error("the SVG cannot be read: {0}")]
    Svg(String),
    #[error("the PNG cannot be read: {0}")]
    Png(String),
    #[error("the picture has no area ({0}x{1})")]
    Empty(u32, u32),
    #[error("the PNG is {0}x{1} pixels; pictures are limited to {MAX_PNG_SIDE} on each side")]
    TooBig(u32, u32),
    #[error("the picture cannot be encoded for the terminal: {0}")]
    Encode(String),
}

/// The format a file name promises, by its extension.
pub fn format_of(name: &str) -> Result<Format, ImageError> {
    let ext = std::path::Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("svg") => Ok(Format::Svg),
        Some("png") => Ok(Format::Png),
        _ => Err(ImageError::Unsupported(name.to_string())),
    }
}

/// Parses the picture (and, for an SVG, renders it small) to be sure it can be drawn.
pub fn probe(format: Format, bytes: &[u8]) -> Result<Info, ImageError> {
    let (width, height) = match format {
        Format::Svg => svg_size(bytes)?,
        Format::Png => png_size(bytes)?,
    };
    if width == 0 || height == 0 {
        return Err(ImageError::Empty(width, height));
    }
    Ok(Info {
        format,
        width,
        height,
    })
}

/// The parsed SVG tree, with the options every caller uses (no fonts: text is not drawn).
pub fn svg_tree(bytes: &[u8]) -> Result<usvg::Tree, ImageError> {
    usvg::Tree::from_data(bytes, &usvg::Options::default())
        .map_err(|e| ImageError::Svg(e.to_string()))
}

fn svg_size(bytes: &[u8]) -> Result<(u32, u32), ImageError> {
    let tree = svg_tree(bytes)?;
    let size = tree.size();
    // Render once, small, so a picture that parses but cannot be drawn is caught here.
    let mut pixmap = tiny_skia::Pixmap::new(32, 32).ok_or(ImageError::Empty(0, 0))?;
    let scale = 32.0 / size.width().max(size.height());
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    Ok((size.width().round() as u32, size.height().round() as u32))
}

fn png_size(bytes: &[u8]) -> Result<(u32, u32), ImageError> {
    let (w, h) =
        image::ImageReader::with_format(std::io::Cursor::new(bytes), image::ImageFormat::Png)
            .into_dimensions()
            .map_err(|e| ImageError::Png(e.to_string()))?;
    if w > MAX_PNG_SIDE || h > MAX_PNG_SIDE {
        return Err(ImageError::TooBig(w, h));
    }
    Ok((w, h))
}

/// Whether an SVG holds text, which is not drawn (labels belong in regions).
pub fn svg_has_text(bytes: &[u8]) -> bool {
    bytes.windows(5).any(|w| w == b"<text")
}
