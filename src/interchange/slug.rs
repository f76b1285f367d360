//! Card and deck ids made from other text: a readable slug of a question, or a reversible
//! encoding of an Anki GUID, both limited to the characters ids allow.

use unicode_normalization::UnicodeNormalization;

/// Slugs are cut to about this many characters: long enough to tell cards apart, short enough
/// to read in `somadeck cards`.
const MAX_SLUG: usize = 48;

/// A readable id from text: lower case ASCII letters and digits joined by `-`, accents taken
/// off (`Ménière` -> `meniere`), cut at a word boundary; `card` when nothing is left.
pub fn of_text(text: &str) -> String {
    let mut out = String::new();
    for c in text.nfkd().filter(char::is_ascii) {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    if out.len() > MAX_SLUG {
        let cut = out
            .get(..=MAX_SLUG)
            .and_then(|s| s.rfind('-'))
            .unwrap_or(MAX_SLUG);
        out.truncate(cut);
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "card".to_string()
    } else {
        out.to_string()
    }
}

/// Whether `s` is usable as an id as it is.
pub fn is_id(s: &str) -> bool {
    !s.is_empty() && s.chars().all(crate::deck::id_char)
}

/// The card id for an Anki GUID: `anki-` and the GUID with every character an id may not hold
/// (and `_` itself) written as `_` and two hex digits per byte. Two GUIDs never share an id,
/// and the same GUID always gives the same one.
pub fn of_guid(guid: &str) -> String {
    let mut out = String::from("anki-");
    for c in guid.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '-' | '.') {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("_{b:02x}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_readable_ids() {
        assert_eq!(
            of_text("What is the Sella Turcica?"),
            "what-is-the-sella-turcica"
        );
        assert_eq!(of_text("  Ménière's disease "), "meniere-s-disease");
        assert_eq!(of_text("¿?"), "card");
        let long = of_text(&"word ".repeat(30));
        assert!(long.len() <= MAX_SLUG && !long.ends_with('-'), "{long}");
        assert!(is_id(&long));
    }

    #[test]
    fn guids_map_one_to_one_onto_ids() {
        assert_eq!(of_guid("Ok+9rc:/$L"), "anki-Ok_2b9rc_3a_2f_24L");
        assert_ne!(of_guid("a_2b"), of_guid("a+"));
        assert_ne!(of_guid("AbC"), of_guid("abc"));
        assert!(is_id(&of_guid("é\t\"x")));
    }
}
