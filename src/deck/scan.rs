//! A light scan of RON text that skips strings and comments, so the loader can find where
//! each field starts and refuse absurd nesting before the parser recurses into it.

/// Calls `f(offset, byte, depth)` for each byte outside strings, comments and blanks, and for
/// the first byte of each string (`"`, or `r` for a raw string) before skipping it; `depth`
/// counts the brackets open before this byte. Stops when `f` returns false.
pub fn walk(text: &str, mut f: impl FnMut(usize, u8, usize) -> bool) {
    let b = text.as_bytes();
    let mut i = 0;
    let mut depth = 0usize;
    while i < b.len() {
        match b[i] {
            b'"' => {
                if !f(i, b'"', depth) {
                    return;
                }
                i = skip_string(b, i + 1);
            }
            b'r' if is_raw_string_start(b, i) => {
                if !f(i, b'r', depth) {
                    return;
                }
                i = skip_raw_string(b, i + 1);
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    i += 1;
                }
                i += 2;
            }
            b' ' | b'\n' | b'\t' | b'\r' => i += 1,
            c => {
                if matches!(c, b')' | b']' | b'}') {
                    depth = depth.saturating_sub(1);
                }
                if !f(i, c, depth) {
                    return;
                }
                if matches!(c, b'(' | b'[' | b'{') {
                    depth += 1;
                }
                i += 1;
            }
        }
    }
}

fn skip_string(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    i
}

fn is_raw_string_start(b: &[u8], i: usize) -> bool {
    if i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_') {
        return false;
    }
    let mut j = i + 1;
    while b.get(j) == Some(&b'#') {
        j += 1;
    }
    b.get(j) == Some(&b'"')
}

fn skip_raw_string(b: &[u8], mut i: usize) -> usize {
    let mut hashes = 0;
    while b.get(i) == Some(&b'#') {
        hashes += 1;
        i += 1;
    }
    i += 1;
    while i < b.len() {
        if b[i] == b'"'
            && b[i + 1..]
                .iter()
                .take(hashes)
                .filter(|&&c| c == b'#')
                .count()
                == hashes
        {
            return i + 1 + hashes;
        }
        i += 1;
    }
    i
}

/// The byte offset of the first bracket nested deeper than `limit`, if any.
pub fn too_deep(text: &str, limit: usize) -> Option<usize> {
    let mut found = None;
    walk(text, |i, c, depth| {
        if matches!(c, b'(' | b'[' | b'{') && depth >= limit {
            found = Some(i);
            return false;
        }
        true
    });
    found
}

/// The byte offset of `name:` directly inside the outermost brackets of `text` (a struct).
pub fn field_offset(text: &str, name: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut found = None;
    walk(text, |i, _, depth| {
        let starts_word = i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_');
        // Bytes of a multi-byte character can stand outside strings in a broken file.
        if depth == 1 && starts_word && b[i..].starts_with(name.as_bytes()) {
            let rest = text.get(i + name.len()..).unwrap_or("").trim_start();
            if rest.starts_with(':') {
                found = Some(i);
                return false;
            }
        }
        true
    });
    found
}

/// Where each element of the list in field `name: [...]` of `text` starts (the byte offsets of
/// their first characters), and where the list ends; `None` when there is no such list.
pub fn list_elements(text: &str, name: &str) -> Option<(Vec<usize>, usize)> {
    let start = field_offset(text, name)?;
    let rest = text.get(start..)?;
    let (mut open, mut fresh, mut end) = (false, false, None);
    let mut starts = Vec::new();
    // Depths are counted from the field, which stands directly inside the struct.
    walk(rest, |i, c, depth| {
        if !open {
            match (c, depth) {
                (b'[', 0) => (open, fresh) = (true, true),
                (b'(' | b'{' | b',' | b')', 0) => return false,
                _ => {}
            }
            return true;
        }
        if depth == 0 {
            end = Some(start + i);
            return false;
        }
        if depth == 1 && c == b',' {
            fresh = true;
        } else if depth == 1 && fresh && !c.is_ascii_whitespace() {
            starts.push(start + i);
            fresh = false;
        }
        true
    });
    Some((starts, end?))
}

/// The byte offset of a field (`regions`) or of one element of a list field (`regions[2]`,
/// from 0), falling back to the field itself when the element cannot be found.
pub fn path_offset(text: &str, path: &str) -> Option<usize> {
    let Some((name, index)) = path
        .strip_suffix(']')
        .and_then(|p| p.split_once('['))
        .and_then(|(n, i)| Some((n, i.parse::<usize>().ok()?)))
    else {
        return field_offset(text, path);
    };
    list_elements(text, name)
        .and_then(|(starts, _)| starts.get(index).copied())
        .or_else(|| field_offset(text, name))
}

/// The value of a `name: "text"` field, read without parsing the rest (for naming a card
/// that failed to parse).
pub fn string_field<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    let at = field_offset(text, name)?;
    let rest = text
        .get(at + name.len()..)?
        .trim_start()
        .strip_prefix(':')?
        .trim_start();
    let rest = rest.strip_prefix('"')?;
    let end = rest.find('"')?;
    rest.get(..end)
}

/// The start of the card (a `Card(` inside the top-level `cards: [...]`) that contains byte
/// `offset`, if any: for naming the card in a syntax error that stopped the whole file.
pub fn card_containing(text: &str, offset: usize) -> Option<(usize, usize)> {
    let mut found = None;
    let mut index = 0;
    walk(text, |i, c, depth| {
        if i > offset {
            return false;
        }
        if c == b'('
            && depth == 2
            && let Some(before) = text.get(..i).map(str::trim_end)
            && before.ends_with("Card")
        {
            found = Some((index, before.len() - 4));
            index += 1;
        }
        true
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_top_level_fields_only() {
        let t = r#"Card(front: "id: no", tags: [], id: "x")"#;
        assert_eq!(field_offset(t, "id"), Some(t.rfind("id:").unwrap()));
        assert_eq!(string_field(t, "id"), Some("x"));
        assert_eq!(field_offset(t, "back"), None);
    }

    #[test]
    fn finds_the_elements_of_a_list_field() {
        let t = "Card(id: \"x\", regions: [\n  (id: \"a\", n: [1, 2]), // (x, y)\n  (id: \"b\"),\n], z: 1)";
        let (starts, end) = list_elements(t, "regions").unwrap();
        assert_eq!(
            starts,
            vec![t.find("(id: \"a").unwrap(), t.find("(id: \"b").unwrap()]
        );
        assert_eq!(end, t.rfind(']').unwrap());
        assert_eq!(path_offset(t, "regions[1]"), Some(starts[1]));
        // An element that is not there points at the field.
        assert_eq!(path_offset(t, "regions[5]"), field_offset(t, "regions"));
        assert_eq!(path_offset(t, "z"), field_offset(t, "z"));
        assert_eq!(list_elements(t, "id"), None);
    }

    #[test]
    fn skips_comments_and_strings() {
        let t = "( // ((((\n a: \"(((\" )";
        assert_eq!(too_deep(t, 1), None);
        assert_eq!(too_deep("(((", 2), Some(2));
    }
}
