//! The decks shipped inside the binary (every `decks/*.ron` at build time).

include!(concat!(env!("OUT_DIR"), "/builtin.rs"));

/// How a built-in deck is named in messages: `decks/<file>` as in the source tree.
pub fn display_name(file: &str) -> String {
    format!("decks/{file}")
}
