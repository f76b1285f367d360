//! Where a card's picture comes from: built into the binary (the built-in decks' pictures) or
//! a file beside the deck that names it.

use std::borrow::Cow;
use std::path::Path;

use crate::deck::model::Picture;

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

/// A card's picture's bytes: built in, or read from its file (regular files only, refused
/// over the size cap).
pub fn bytes(pic: &Picture) -> Result<Cow<'static, [u8]>, String> {
    if pic.builtin {
        return builtin(&pic.at)
            .map(Cow::Borrowed)
            .ok_or_else(|| format!("no built-in picture `{}`", pic.at));
    }
    crate::ron_file::read_capped(Path::new(&pic.at), super::probe::MAX_IMAGE_BYTES)
        .map(Cow::Owned)
        .map_err(|e| format!("{}: {e}", pic.at))
}
