//! The picture widget the study screen draws: a card's picture with its overlay and legend, or
//! its alt text when pictures are off or there is no room.
//!
//! The app draws from a shared reference, so the cache of rendered pictures sits in a
//! `RefCell` inside [`Pictures`], which the app holds next to its other state.

use std::cell::RefCell;

use image::DynamicImage;
use ratatui::buffer::Buffer;
use ratatui::layout::{Rect, Size};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};
use ratatui_image::protocol::Protocol;
use ratatui_image::protocol::halfblocks::Halfblocks;
use ratatui_image::{Image, Resize};

use super::Overlay;
use super::background::Background;
use super::cache::{Cache, Key, Rendered};
use super::draw::{self, Label};
use super::graphics::Mode;
use super::layout::{self, Layout, Shape};
use super::probe::{Format, ImageError};
use super::raster::{self, Mapping};
use crate::deck::model::{Picture, Region};

/// How pictures are drawn here, and the pictures drawn lately.
pub struct Pictures {
    mode: Mode,
    cache: RefCell<Cache>,
    /// Where a graphics protocol's pictures are made (see [`Background`]).
    background: Background,
}

impl Pictures {
    pub fn new(mode: Mode) -> Pictures {
        Pictures {
            mode,
            cache: RefCell::new(Cache::default()),
            background: Background::default(),
        }
    }

    pub fn mode(&self) -> &Mode {
        &self.mode
    }

    /// Whether pictures are drawn at all (else their alt text is shown).
    pub fn enabled(&self) -> bool {
        !matches!(self.mode, Mode::Off)
    }

    /// How many times a picture was rendered rather than taken from the cache (previews and
    /// pictures made in the background included).
    pub fn renders(&self) -> usize {
        self.cache.borrow().renders()
    }

    /// Whether a picture is being made in the background: the screen is to be drawn again when
    /// it is ready ([`Pictures::take_ready`]).
    pub fn pending(&self) -> bool {
        self.background.pending()
    }

    /// Takes the pictures made in the background into the cache; true when there were any, so
    /// the screen is to be drawn again.
    pub fn take_ready(&self) -> bool {
        let mut cache = self.cache.borrow_mut();
        self.background.take_ready(&mut cache)
    }

    /// Waits up to `limit` for the picture being made in the background, then takes it.
    pub fn wait_ready(&self, limit: std::time::Duration) -> bool {
        let mut cache = self.cache.borrow_mut();
        self.background.wait_ready(&mut cache, limit)
    }

    /// A cell's size in pixels, and whether text goes into the pixels; `None` when off.
    fn cell_px(&self) -> Option<((u32, u32), bool)> {
        match &self.mode {
            Mode::Off => None,
            Mode::Graphics(p) if p.font_size().width > 0 && p.font_size().height > 0 => {
                let f = p.font_size();
                Some(((u32::from(f.width), u32::from(f.height)), true))
            }
            // A picker without a cell size cannot place pixels: half-blocks it is.
            Mode::Halfblocks | Mode::Graphics(_) => Some(((1, 2), false)),
        }
    }
}

impl std::fmt::Debug for Pictures {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let cached = self.cache.try_borrow().map(|c| c.len()).ok();
        f.debug_struct("Pictures")
            .field("mode", &self.mode)
            .field("cached", &cached)
            .finish()
    }
}

/// One card's picture, drawn into an area.
pub struct PictureView<'a> {
    pub pictures: &'a Pictures,
    pub format: Format,
    pub bytes: &'a [u8],
    pub picture: &'a Picture,
    pub regions: &'a [Region],
    pub overlay: &'a Overlay,
}

impl Widget for PictureView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let (legend_w, legend_h) = legend_size(self.overlay);
        let Some((cell_px, text_in_pixels)) = self.pictures.cell_px() else {
            return self.alt(area, buf);
        };
        let shape = Shape {
            size: self.picture.size,
            cell_px,
        };
        let Layout::Picture { picture, legend } = layout::layout(area, shape, legend_w, legend_h)
        else {
            return self.alt(area, buf);
        };
        let key = Key {
            picture: Key::picture(self.format, self.bytes),
            overlay: self.overlay.clone(),
            cells: (picture.width, picture.height),
            cell_px,
            text_in_pixels,
        };
        let made = match self.pictures.cache.try_borrow_mut() {
            Ok(mut cache) => self.cached_or_preview(&mut cache, &key),
            // Drawn while the cache is borrowed (it never is across a draw): render uncached.
            Err(_) => self.job(&key).make().map(std::rc::Rc::new),
        };
        match made {
            Ok(r) => {
                Image::new(&r.protocol).render(picture, buf);
                write_labels(&r.labels, picture, buf);
                legend_lines(self.overlay).render(legend, buf);
            }
            Err(_) => self.alt(area, buf),
        }
    }
}

impl PictureView<'_> {
    /// The picture for `key` from the cache; else, in half-blocks, made now. A graphics
    /// protocol's picture takes tens of milliseconds to render and encode at full screen, so
    /// it is made in the background while this frame shows the same picture in half-blocks
    /// (about a millisecond), and the next frame shows it in full.
    fn cached_or_preview(
        &self,
        cache: &mut Cache,
        key: &Key,
    ) -> Result<std::rc::Rc<Rendered>, ImageError> {
        self.pictures.background.take_ready(cache);
        if !key.text_in_pixels {
            return cache.get_or_make(key, || self.job(key).make());
        }
        if let Some(hit) = cache.get(key) {
            return hit;
        }
        self.pictures.background.request(key, || self.job(key));
        let preview = Key {
            cell_px: (1, 2),
            text_in_pixels: false,
            ..key.clone()
        };
        cache.get_or_make(&preview, || self.job(&preview).make())
    }

    /// What making the picture for `key` takes, owned, so it can be made on another thread.
    fn job(&self, key: &Key) -> Job {
        Job {
            key: key.clone(),
            format: self.format,
            bytes: self.bytes.to_vec(),
            size: self.picture.size,
            regions: self.regions.to_vec(),
            mode: self.pictures.mode.clone(),
        }
    }

    /// The rows this view would fill at `width` given up to `max_rows`: the picture as large as
    /// the width allows with its legend, or the alt text and legend when no picture is drawn.
    /// For a screen that lays the picture out above other text.
    pub fn height_for(&self, width: u16, max_rows: u16) -> u16 {
        let (legend_w, legend_h) = legend_size(self.overlay);
        let area = Rect::new(0, 0, width, max_rows);
        let laid = self.pictures.cell_px().map(|(cell_px, _)| {
            let shape = Shape {
                size: self.picture.size,
                cell_px,
            };
            layout::layout(area, shape, legend_w, legend_h)
        });
        let rows = match laid {
            Some(Layout::Picture { picture, legend }) if legend.y == picture.bottom() => {
                picture.height.saturating_add(legend_h.min(legend.height))
            }
            Some(Layout::Picture { picture, legend }) => {
                picture.height.max(legend_h.min(legend.height))
            }
            _ => {
                let chars = self.picture.alt.chars().count();
                let alt =
                    u16::try_from(chars.div_ceil(usize::from(width.max(1)))).unwrap_or(u16::MAX);
                let gap = u16::from(legend_h > 0);
                alt.saturating_add(gap).saturating_add(legend_h)
            }
        };
        rows.min(max_rows)
    }

    /// The alt text, wrapped, the covered region's hint, then the legend.
    fn alt(&self, area: Rect, buf: &mut Buffer) {
        let mut lines = vec![Line::styled(
            self.picture.alt.as_str(),
            Style::new().add_modifier(Modifier::ITALIC),
        )];
        // Where the covered region lies, since no box shows it.
        for &i in &self.overlay.covered {
            if let Some(h) = self.regions.get(i).and_then(|r| r.hint.as_deref()) {
                lines.push(Line::from(format!("Hidden region: {h}")));
            }
        }
        if !self.overlay.legend.is_empty() {
            lines.push(Line::default());
            lines.extend(self.overlay.legend.iter().map(|l| Line::from(l.as_str())));
        }
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(area, buf);
    }
}

/// Everything making one picture takes, owned.
pub(super) struct Job {
    pub key: Key,
    pub format: Format,
    pub bytes: Vec<u8>,
    /// The picture's own size, which region coordinates refer to.
    pub size: (u32, u32),
    pub regions: Vec<Region>,
    pub mode: Mode,
}

impl Job {
    /// Renders, paints the overlay and encodes the picture for `key.cells`.
    pub fn make(&self) -> Result<Rendered, ImageError> {
        let key = &self.key;
        let (cw, ch) = key.cell_px;
        let (cols, rows) = key.cells;
        let canvas_px = (u32::from(cols) * cw, u32::from(rows) * ch);
        let mut canvas = raster::render_exact(self.format, &self.bytes, canvas_px.0, canvas_px.1)?;
        let map = Mapping::new(self.size, canvas.dimensions(), key.cell_px);
        draw::paint(
            &mut canvas,
            &map,
            &self.regions,
            &key.overlay,
            key.text_in_pixels,
        );
        let labels = if key.text_in_pixels {
            Vec::new()
        } else {
            draw::labels(&map, &self.regions, &key.overlay, key.cells)
        };
        let size = Size::new(cols, rows);
        let image = DynamicImage::ImageRgba8(canvas);
        let protocol = match &self.mode {
            Mode::Graphics(picker) if key.text_in_pixels => picker
                .new_protocol(image, size, Resize::Fit(None))
                .map_err(|e| ImageError::Encode(e.to_string()))?,
            _ => Protocol::Halfblocks(
                Halfblocks::new(image, size).map_err(|e| ImageError::Encode(e.to_string()))?,
            ),
        };
        Ok(Rendered {
            protocol,
            cells: key.cells,
            labels,
        })
    }
}

/// The legend's widest line and its number of lines.
fn legend_size(overlay: &Overlay) -> (u16, u16) {
    let legend = &overlay.legend;
    let w = legend.iter().map(|l| Line::from(l.as_str()).width()).max();
    (
        u16::try_from(w.unwrap_or(0)).unwrap_or(u16::MAX),
        u16::try_from(legend.len()).unwrap_or(u16::MAX),
    )
}

fn legend_lines(overlay: &Overlay) -> Paragraph<'_> {
    Paragraph::new(
        overlay
            .legend
            .iter()
            .map(|l| Line::from(l.as_str()))
            .collect::<Vec<_>>(),
    )
    .wrap(Wrap { trim: false })
}

/// The style of a `?` (on the box colour) or a marker (on a dark plate): bold white.
pub fn label_style(covered: bool) -> Style {
    let [r, g, b] = if covered { draw::BOX } else { draw::MARK_BG };
    let [fr, fg, fb] = draw::TEXT;
    Style::new()
        .fg(Color::Rgb(fr, fg, fb))
        .bg(Color::Rgb(r, g, b))
        .add_modifier(Modifier::BOLD)
}

/// Writes the `?` and markers over the picture's cells, kept inside the picture.
fn write_labels(labels: &[Label], picture: Rect, buf: &mut Buffer) {
    for l in labels {
        let width = u16::try_from(Line::from(l.text.as_str()).width()).unwrap_or(u16::MAX);
        if width == 0 || width > picture.width || l.at.1 >= picture.height {
            continue;
        }
        let col = l.at.0.min(picture.width - width);
        buf.set_string(
            picture.x + col,
            picture.y + l.at.1,
            &l.text,
            label_style(l.covered),
        );
    }
}

#[cfg(test)]
#[path = "widget_tests.rs"]
mod tests;
