//! The last few pictures drawn, with their overlay, at their size in cells: a key press that
//! redraws the same card reuses the encoded picture instead of rendering the SVG again.

use std::collections::VecDeque;
use std::hash::Hasher;
use std::rc::Rc;

use ratatui_image::protocol::Protocol;

use super::Overlay;
use super::draw::Label;
use super::probe::{Format, ImageError};

/// Enough for a card's question and answer and the cards on either side of an undo.
pub const CAPACITY: usize = 6;

/// What a drawn picture depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// The bytes' hash and length, and their format.
    pub picture: (u64, usize, Format),
    pub overlay: Overlay,
    /// The picture's size in cells.
    pub cells: (u16, u16),
    /// A cell's size in pixels, and whether the `?` and markers are pixels.
    pub cell_px: (u32, u32),
    pub text_in_pixels: bool,
}

impl Key {
    /// The identity of a picture's bytes (hashed on every frame: about a gigabyte a second).
    pub fn picture(format: Format, bytes: &[u8]) -> (u64, usize, Format) {
        let mut h = rustc_hash::FxHasher::default();
        h.write(bytes);
        (h.finish(), bytes.len(), format)
    }
}

/// A picture drawn and encoded for the terminal, with the text to write over it.
#[derive(Clone)]
pub struct Rendered {
    pub protocol: Protocol,
    pub cells: (u16, u16),
    /// The `?` and markers as terminal text (half-blocks); empty when they are in the pixels.
    pub labels: Vec<Label>,
}

type Entry = (Key, Result<Rc<Rendered>, ImageError>);

/// A small cache, the most recently used last.
#[derive(Default)]
pub struct Cache {
    entries: VecDeque<Entry>,
    renders: usize,
}

impl Cache {
    /// The entry for `key`, made by `make` when missing (a failure is kept too, so a broken
    /// picture is not parsed again on every frame).
    pub fn get_or_make(
        &mut self,
        key: &Key,
        make: impl FnOnce() -> Result<Rendered, ImageError>,
    ) -> Result<Rc<Rendered>, ImageError> {
        if let Some(hit) = self.get(key) {
            return hit;
        }
        self.renders += 1;
        let made = make().map(Rc::new);
        if self.entries.len() >= CAPACITY {
            self.entries.pop_front();
        }
        self.entries.push_back((key.clone(), made.clone()));
        made
    }

    /// The entry for `key`, if there is one (and then the most recently used).
    pub fn get(&mut self, key: &Key) -> Option<Result<Rc<Rendered>, ImageError>> {
        let i = self.entries.iter().position(|(k, _)| k == key)?;
        let entry = self.entries.remove(i).expect("the position is in range");
        let out = entry.1.clone();
        self.entries.push_back(entry);
        Some(out)
    }

    /// Adds a picture made elsewhere (in the background): a render like any other.
    pub fn insert(&mut self, key: Key, made: Rendered) {
        self.renders += 1;
        if let Some(i) = self.entries.iter().position(|(k, _)| *k == key) {
            self.entries.remove(i);
        }
        if self.entries.len() >= CAPACITY {
            self.entries.pop_front();
        }
        self.entries.push_back((key, Ok(Rc::new(made))));
    }

    /// How many times a picture was rendered (cache misses).
    pub fn renders(&self) -> usize {
        self.renders
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::DynamicImage;
    use ratatui::layout::Size;
    use ratatui_image::protocol::halfblocks::Halfblocks;

    fn key(n: u16) -> Key {
        Key {
            picture: Key::picture(Format::Svg, b"<svg/>"),
            overlay: Overlay::default(),
            cells: (n, 1),
            cell_px: (1, 2),
            text_in_pixels: false,
        }
    }

    fn made() -> Result<Rendered, ImageError> {
        let img = DynamicImage::new_rgba8(1, 2);
        let hb = Halfblocks::new(img, Size::new(1, 1)).expect("halfblocks");
        Ok(Rendered {
            protocol: Protocol::Halfblocks(hb),
            cells: (1, 1),
            labels: Vec::new(),
        })
    }

    #[test]
    fn a_hit_does_not_render_again_and_the_oldest_goes_first() {
        let mut c = Cache::default();
        c.get_or_make(&key(1), made).unwrap();
        c.get_or_make(&key(1), || panic!("a hit must not render"))
            .unwrap();
        assert_eq!(c.renders(), 1);
        for n in 2..=u16::try_from(CAPACITY).unwrap() {
            c.get_or_make(&key(n), made).unwrap();
        }
        // Touching 1 makes 2 the oldest, so the next new key pushes 2 out.
        c.get_or_make(&key(1), || panic!("still cached")).unwrap();
        c.get_or_make(&key(99), made).unwrap();
        assert_eq!(c.len(), CAPACITY);
        c.get_or_make(&key(1), || panic!("still cached")).unwrap();
        let before = c.renders();
        c.get_or_make(&key(2), made).unwrap();
        assert_eq!(c.renders(), before + 1);
    }

    #[test]
    fn a_failure_is_remembered() {
        let mut c = Cache::default();
        let e = c.get_or_make(&key(1), || Err(ImageError::Svg("bad".into())));
        assert!(e.is_err());
        let again = c.get_or_make(&key(1), || panic!("the failure is cached"));
        assert!(matches!(again, Err(ImageError::Svg(_))));
        assert_eq!(c.renders(), 1);
    }

    #[test]
    fn different_bytes_are_different_pictures() {
        assert_ne!(
            Key::picture(Format::Svg, b"<svg a/>"),
            Key::picture(Format::Svg, b"<svg b/>")
        );
        assert_ne!(
            Key::picture(Format::Svg, b"x"),
            Key::picture(Format::Png, b"x")
        );
    }
}
