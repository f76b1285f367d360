//! Where a card's picture comes from: built into the binary (the built-in decks' pictures) or
//! a file beside the deck that names it.

use std::borrow::Cow;
use std::path::Path;

include!(concat!(env!("OUT_DIR"), "/images.rs"));

/// A built-in picture by its path relative to the decks (`images/skull-lateral.svg`).
pub fn builtin(rel: &str) -> Option<&'static [u8]> {
    BUILTIN_IMAGES
        .iter()
        .find(|(name, _)| *name == rel)
        .map(|(_, bytes)| *bytes)
}

/// The file a deck at `deck_path` means by `rel`: relative to the deck's folder.
pub fn beside(deck_path: &Path, rel: &str) -> std::path::PathBuf {
    deck_path.parent().unwrap_or(Path::new(".")).join(rel)
}

/// The picture's bytes: the built-in one when `builtin_deck`, else the file beside the deck,
/// refused when it is not a regular file or is over the size cap.
pub fn read(deck_path: &str, rel: &str, builtin_deck: bool) -> Result<Cow<'static, [u8]>, String> {
    if builtin_deck {
        return builtin(rel)
            .map(Cow::Borrowed)
            .ok_or_else(|| format!("no built-in picture `{rel}`"));
    }
    let path = beside(Path::new(deck_path), rel);
    crate::ron_file::read_capped(&path, super::probe::MAX_IMAGE_BYTES)
        .map(Cow::Owned)
        .map_err(|e| format!("{}: {e}", path.display()))
}
