//! The quick way through a deck's `cards: [...]` list. Parsing a whole deck with `ron` read
//! every card three times (once to skip it as a raw value, once to check that raw value, once
//! as a card); a 100,000-card deck took 0.8 s. Here a light scan cuts the list into its cards,
//! and the rest of the file is read with the list cut out, so each card is parsed once.
//!
//! The scan only accepts a list it can cut with certainty: every element an optional name and
//! one bracketed body, separated by single commas. Anything else (a string or a number in the
//! list, a missing comma, a raw string) returns `None`, and the caller reads the file the
//! whole way, which reports the problem as before.

use super::scan;

/// A deck's text with its card list cut out.
pub struct Split {
    /// The file without what is inside the card list's brackets (`cards: []`).
    pub rest: String,
    /// Where the cut was made in the file, and how many bytes it took out: an offset in `rest`
    /// past `cut` is `removed` bytes further on in the file.
    pub cut: usize,
    pub removed: usize,
    /// Each card's text, as byte ranges of the file.
    pub cards: Vec<(usize, usize)>,
}

impl Split {
    /// The offset in the file of a byte at `offset` in `rest`.
    pub fn in_file(&self, offset: usize) -> usize {
        if offset >= self.cut {
            offset + self.removed
        } else {
            offset
        }
    }
}

/// Cuts the top-level `cards: [...]` list of `text` into its elements. Brackets nested deeper
/// than `max_depth` anywhere in `text` give `None`, like anything else unexpected.
pub fn split(text: &str, max_depth: usize) -> Option<Split> {
    let name = scan::field_offset(text, "cards")?;
    let after = text.get(name + "cards".len()..)?.trim_start();
    let open = text.len() - after.strip_prefix(':')?.trim_start().len();
    if text.as_bytes().get(open) != Some(&b'[') {
        return None;
    }
    // The list sits at depth 1, inside the deck's brackets.
    let (cards, close) = elements(text, open, max_depth.checked_sub(1)?)?;
    let (head, tail) = (text.get(..=open)?, text.get(close..)?);
    // The tail starts by closing the list, so its brackets stand one deeper than it counts.
    let tail_depth = max_depth - 1;
    if scan::too_deep(head, max_depth).is_some() || scan::too_deep(tail, tail_depth).is_some() {
        return None;
    }
    Some(Split {
        rest: [head, tail].concat(),
        cut: open + 1,
        removed: close - open - 1,
        cards,
    })
}

/// Where the scan is within the list.
#[derive(Clone, Copy)]
enum At {
    /// Before an element (at the start, or after a comma).
    Before,
    /// In the name before an element's bracket. Blanks are not seen here: a name with one in
    /// it stays part of the element, which `ron` then refuses.
    Name,
    /// Inside the element's brackets, since `start`.
    Body(usize),
    /// After the element's closing bracket.
    After,
}

/// The elements of the list whose `[` is at `open`, and the offset of its `]`; `None` also
/// when brackets inside it are nested `max_depth` deep (counted from the list's own).
fn elements(text: &str, open: usize, max_depth: usize) -> Option<(Vec<(usize, usize)>, usize)> {
    let list = text.get(open..)?;
    let mut found = Vec::new();
    let (mut at, mut start, mut end) = (At::Before, 0, None);
    let mut ok = true;
    scan::walk(list, |i, c, depth| {
        if i == 0 {
            return true;
        }
        if matches!(c, b'(' | b'[' | b'{') && depth >= max_depth {
            ok = false;
            return false;
        }
        let name_char = c.is_ascii_alphanumeric() || c == b'_';
        at = match (at, depth) {
            (At::Body(from), 1) if c == b')' => {
                found.push((open + from, open + i + 1));
                At::After
            }
            (At::Body(_), _) => at,
            (_, 0) if c == b']' && !matches!(at, At::Name) => {
                end = Some(open + i);
                return false;
            }
            (At::Before, 1) if c.is_ascii_alphabetic() || c == b'_' => {
                start = i;
                At::Name
            }
            (At::Before, 1) if c == b'(' => At::Body(i),
            (At::Name, 1) if name_char => At::Name,
            (At::Name, 1) if c == b'(' => At::Body(start),
            (At::After, 1) if c == b',' => At::Before,
            _ => {
                ok = false;
                return false;
            }
        };
        true
    });
    (ok).then_some(())?;
    Some((found, end?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cards(text: &str) -> Option<Vec<&str>> {
        let s = split(text, 64)?;
        assert_eq!(s.rest.len() + s.removed, text.len());
        let title = s.rest.find("title").map(|o| s.in_file(o));
        assert_eq!(title, text.find("title"));
        Some(
            s.cards
                .iter()
                .map(|&(a, b)| text.get(a..b).unwrap())
                .collect(),
        )
    }

    #[test]
    fn cuts_named_and_bare_elements_with_comments_and_a_trailing_comma() {
        let t = "Deck(id: \"d\", cards: [\n  Card(id: \"a\", front: \"x ) ] , (\"),\n  // Card(id: \"no\"),\n  (id: \"b\", tags: [\"t\"]) /* ) */ ,\n  Card (id: \"é\"),\n], title: \"T\")";
        assert_eq!(
            cards(t).unwrap(),
            vec![
                "Card(id: \"a\", front: \"x ) ] , (\")",
                "(id: \"b\", tags: [\"t\"])",
                "Card (id: \"é\")"
            ]
        );
        let rest = split(t, 64).unwrap().rest;
        assert_eq!(rest, "Deck(id: \"d\", cards: [], title: \"T\")");
        assert_eq!(cards("Deck(cards: [])").unwrap(), Vec::<&str>::new());
    }

    #[test]
    fn anything_it_cannot_cut_for_certain_is_left_to_ron() {
        for t in [
            "Deck(cards: [Card(id: \"a\") Card(id: \"b\")])",
            "Deck(cards: [Card(id: \"a\"),, Card(id: \"b\")])",
            "Deck(cards: [, Card(id: \"a\")])",
            "Deck(cards: [\"a\"])",
            "Deck(cards: [Card(id: \"a\") \"b\"])",
            "Deck(cards: [r\"a\"])",
            "Deck(cards: [Card])",
            "Deck(cards: [Card(id: \"a\"), 1])",
            "Deck(cards: [Card[1]])",
            "Deck(cards: [Card(id: \"a\")",
            "Deck(cards: Card(id: \"a\"))",
            "Deck(cards: /* x */ [Card(id: \"a\")])",
            "Deck(id: \"d\")",
            "Deck(cards: [Card(tags: [[[\"deep\"]]])])",
            "Deck(cards: [Card(id: \"a\")], topics: [[[[\"deep\"]]]])",
        ] {
            assert!(split(t, 4).is_none(), "{t}");
        }
    }
}
