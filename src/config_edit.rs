//! Editing one field of `config.ron` in place: everything else, comments too, stays as the
//! student wrote it. The edit is read back before it is kept, so a config it cannot edit
//! safely is left alone and the caller says what to add by hand.

use std::path::Path;

use crate::config::{Config, MAX_CONFIG_BYTES};
use crate::ron_file::{ReadError, read_capped};

/// `text` with the field `name` set to the RON value `value` (replaced where it is, else added
/// before the closing parenthesis), or removed when `value` is `None`. `None` when the result
/// would not read back as a config for which `check` holds.
pub fn edit(
    text: &str,
    name: &str,
    value: Option<&str>,
    check: impl Fn(&Config) -> bool,
) -> Option<String> {
    let edited = match (field(text, name), value) {
        (Some((start, end)), Some(v)) => {
            let colon = start + text.get(start..)?.find(':')?;
            format!("{}: {v}{}", text.get(..colon)?, text.get(end..)?)
        }
        (Some((start, end)), None) => {
            // Take the field's line away when it is alone on it, with its comma.
            let end = skip_comma(text, end);
            let line_start = text.get(..start)?.rfind('\n').map_or(start, |i| i + 1);
            let line_end = text.get(end..)?.find('\n').map_or(end, |i| end + i + 1);
            // A comment after the field on its line goes with it.
            let rest = text.get(end..line_end)?.trim();
            let alone = text.get(line_start..start)?.trim().is_empty()
                && (rest.is_empty() || rest.starts_with("//"));
            if alone {
                format!("{}{}", text.get(..line_start)?, text.get(line_end..)?)
            } else {
                format!("{}{}", text.get(..start)?, text.get(end..)?.trim_start())
            }
        }
        (None, None) => text.to_string(),
        (None, Some(v)) if text.trim().is_empty() => format!("(\n    {name}: {v},\n)\n"),
        (None, Some(v)) => {
            let close = text.rfind(')')?;
            let before = text.get(..close)?.trim_end();
            // The comma goes after the last value, not into a comment that ends its line.
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let code_end = comment_start(before, line_start).unwrap_or(before.len());
            let code = before.get(..code_end)?.trim_end();
            let comma = if code.ends_with(',') || code.ends_with('(') {
                ""
            } else {
                ","
            };
            format!(
                "{code}{comma}{}\n    {name}: {v},\n{}",
                before.get(code.len()..)?,
                text.get(close..)?
            )
        }
    };
    let read = Config::parse("config.ron", &edited).ok()?;
    check(&read).then_some(edited)
}

/// Reads `path` (missing: empty), edits it as [`edit`] does and writes it atomically. The
/// error says what to change by hand.
pub fn edit_file(
    path: &Path,
    name: &str,
    value: Option<&str>,
    check: impl Fn(&Config) -> bool,
) -> Result<(), String> {
    let text = match read_capped(path, MAX_CONFIG_BYTES) {
        Ok(b) => String::from_utf8(b).map_err(|_| format!("{}: not UTF-8", path.display()))?,
        Err(ReadError::NotFound) => String::new(),
        Err(e) => return Err(format!("{}: cannot read the config: {e}", path.display())),
    };
    // Replacing the file would take a read-only mark away with it: the student set it to
    // keep the config as it is.
    if std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly()) {
        return Err(format!(
            "{} is read-only, so {name} was not changed; make it writable, or edit it yourself",
            path.display()
        ));
    }
    let edited = edit(&text, name, value, check).ok_or_else(|| match value {
        Some(v) => format!(
            "could not set {name} in {}; set it there yourself:\n  {name}: {v},",
            path.display()
        ),
        None => format!(
            "could not remove {name} from {}; remove it there yourself",
            path.display()
        ),
    })?;
    if edited == text {
        return Ok(());
    }
    crate::store::write_atomically(path, edited.as_bytes())
}

/// The byte range of the field `name` and its value, outside comments and strings.
fn field(text: &str, name: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => i = line_end(text, i),
            b'"' => i = string_end(bytes, i),
            _ if text.get(i..)?.starts_with(name)
                && (i == 0 || !is_ident(bytes[i - 1]))
                && !bytes.get(i + name.len()).copied().is_some_and(is_ident) =>
            {
                let after = text.get(i + name.len()..)?.trim_start();
                if let Some(value) = after.strip_prefix(':') {
                    let value_start = text.len() - value.trim_start().len();
                    return Some((i, value_end(text, value_start)));
                }
                i += name.len();
            }
            _ => i += 1,
        }
    }
    None
}

/// Where a `//` comment starts on the line that starts at `from`, outside strings.
fn comment_start(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() && bytes[i] != b'\n' {
        match bytes[i] {
            b'"' => i = string_end(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'/') => return Some(i),
            _ => i += 1,
        }
    }
    None
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn line_end(text: &str, from: usize) -> usize {
    text.get(from..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| from + i)
}

/// Just past the string that opens at `from`.
fn string_end(bytes: &[u8], from: usize) -> usize {
    let mut i = from + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Just past the value that starts at `from`: a string, a bracketed value, or a bare word.
fn value_end(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = string_end(bytes, i),
            b'[' | b'(' | b'{' => {
                depth += 1;
                i += 1;
            }
            b']' | b')' | b'}' if depth == 0 => return i,
            b']' | b')' | b'}' => {
                depth -= 1;
                i += 1;
                if depth == 0 {
                    return i;
                }
            }
            b',' | b'\n' if depth == 0 => return i,
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                if depth == 0 {
                    return i;
                }
                i = line_end(text, i);
            }
            _ => i += 1,
        }
    }
    i
}

fn skip_comma(text: &str, end: usize) -> usize {
    let rest = text.get(end..).unwrap_or("");
    let trimmed = rest.trim_start_matches([' ', '\t']);
    if trimmed.starts_with(',') {
        end + (rest.len() - trimmed.len()) + 1
    } else {
        end
    }
}

#[cfg(test)]
mod tests {
    use super::edit;

    const MINE: &str = "// mine\n(\n    desired_retention: 0.85, // keep\n    exam_date: \"2027-03-01\", // the big day\n    new_per_day: 5\n)\n";

    #[test]
    fn a_field_is_replaced_in_place_and_comments_stay() {
        let e = edit(MINE, "exam_date", Some("\"2027-06-01\""), |c| {
            c.exam_date.as_deref() == Some("2027-06-01")
        })
        .unwrap();
        assert!(
            e.contains("exam_date: \"2027-06-01\", // the big day"),
            "{e}"
        );
        assert!(e.starts_with("// mine\n(\n    desired_retention: 0.85, // keep\n"));
    }

    #[test]
    fn a_field_is_removed_with_its_line() {
        let e = edit(MINE, "exam_date", None, |c| c.exam_date.is_none()).unwrap();
        assert!(!e.contains("exam_date") && !e.contains("big day"), "{e}");
        assert!(e.contains("new_per_day: 5"), "{e}");
    }

    #[test]
    fn a_missing_field_is_added_and_an_empty_file_gets_one() {
        let e = edit(
            "(new_per_day: 5)",
            "exam_date",
            Some("\"2027-06-01\""),
            |c| c.exam_date.is_some(),
        )
        .unwrap();
        assert!(
            e.contains("new_per_day: 5,\n    exam_date: \"2027-06-01\","),
            "{e}"
        );
        let e = edit(
            "(\n    new_per_day: 5 // mine\n)",
            "exam_date",
            Some("\"2027-06-01\""),
            |c| c.exam_date.is_some(),
        )
        .unwrap();
        assert!(e.contains("new_per_day: 5, // mine\n    exam_date:"), "{e}");
        let e = edit("", "exam_date", Some("\"2027-06-01\""), |c| {
            c.exam_date.is_some()
        });
        assert!(e.is_some());
    }

    #[test]
    fn a_name_inside_a_comment_or_another_name_is_not_the_field() {
        let text =
            "(\n    // exam_date: \"2020-01-01\" was last year\n    my_exam_date_note: 1,\n)";
        // `my_exam_date_note` is no field of the config: nothing safe can be made of it.
        assert_eq!(
            edit(text, "exam_date", Some("\"2027-06-01\""), |_| true),
            None
        );
        let text = "(\n    // exam_date: \"2020-01-01\" was last year\n    new_per_day: 3,\n)";
        let e = edit(text, "exam_date", Some("\"2027-06-01\""), |c| {
            c.exam_date.as_deref() == Some("2027-06-01")
        })
        .unwrap();
        assert!(
            e.contains("// exam_date: \"2020-01-01\" was last year"),
            "{e}"
        );
    }

    #[test]
    fn a_config_it_cannot_edit_safely_is_left_alone() {
        assert_eq!(
            edit(
                "not ron at all",
                "exam_date",
                Some("\"2027-06-01\""),
                |_| true
            ),
            None
        );
    }
}
