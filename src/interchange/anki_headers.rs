//! The file headers of Anki's plain-text files, as the Anki manual lists them ("Importing >
//! Text Files > File Headers", <https://docs.ankiweb.net/importing/text-files.html#file-headers>):
//! `#key:value` lines at the top, after an optional `tags:` line.

use super::ImportError;
use crate::deck::{Diagnostic, Pos};

/// The headers of a file, and where its notes start.
#[derive(Debug, Default)]
pub struct Headers {
    pub separator: Option<u8>,
    pub html: Option<bool>,
    pub tags: Vec<String>,
    pub notetype: Option<String>,
    pub deck: Option<String>,
    pub notetype_column: Option<usize>,
    pub deck_column: Option<usize>,
    pub tags_column: Option<usize>,
    pub guid_column: Option<usize>,
    /// Lines taken by the headers, and their bytes.
    pub lines: usize,
    pub bytes: usize,
}

const KEYS: [&str; 10] = [
    "separator",
    "html",
    "tags",
    "columns",
    "notetype",
    "deck",
    "notetype column",
    "deck column",
    "tags column",
    "guid column",
];

/// Whether the text opens with Anki's file headers.
pub fn has_headers(text: &str) -> bool {
    let first = text.lines().next().unwrap_or_default();
    first.starts_with("tags:")
        || first
            .strip_prefix('#')
            .and_then(|l| l.split_once(':'))
            .is_some_and(|(k, _)| KEYS.contains(&k.trim().to_ascii_lowercase().as_str()))
}

/// The headers at the top of `text`; a value Anki would not take is an error at its line.
pub fn headers(name: &str, text: &str) -> Result<Headers, ImportError> {
    let mut h = Headers::default();
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let bare = line.trim_end_matches(['\n', '\r']);
        if i == 0
            && let Some(tags) = bare.strip_prefix("tags:")
        {
            h.tags = tags.split_whitespace().map(str::to_string).collect();
        } else if let Some(rest) = bare.strip_prefix('#') {
            if let Some((key, value)) = rest.split_once(':') {
                header(&mut h, key, value)
                    .map_err(|msg| {
                        Diagnostic::error(
                            name,
                            Pos {
                                line: i + 1,
                                col: 1,
                            },
                            msg,
                        )
                    })
                    .map_err(ImportError::File)?;
            }
        } else {
            break;
        }
        h.lines += 1;
        h.bytes += line.len();
    }
    Ok(h)
}

fn header(h: &mut Headers, key: &str, value: &str) -> Result<(), String> {
    let column = |v: &str| match v.trim().parse::<usize>() {
        Ok(n) if n >= 1 => Ok(Some(n)),
        _ => Err(format!("#{key}: wants a column number from 1, not `{v}`")),
    };
    match key.trim().to_ascii_lowercase().as_str() {
        "separator" => h.separator = Some(separator(value)?),
        "html" => match value.trim().to_ascii_lowercase().as_str() {
            "true" => h.html = Some(true),
            "false" => h.html = Some(false),
            _ => return Err(format!("#html: is `{value}`; write true or false")),
        },
        "tags" => h.tags = value.split_whitespace().map(str::to_string).collect(),
        "notetype" => h.notetype = Some(value.trim().to_string()),
        "deck" => h.deck = Some(value.trim().to_string()),
        "notetype column" => h.notetype_column = column(value)?,
        "deck column" => h.deck_column = column(value)?,
        "tags column" => h.tags_column = column(value)?,
        "guid column" => h.guid_column = column(value)?,
        // `columns` only names the columns for Anki's import screen; other keys are comments.
        _ => {}
    }
    Ok(())
}

/// The separator a `#separator:` header names: a name (any case) or the character itself.
fn separator(value: &str) -> Result<u8, String> {
    let named = match value.trim().to_ascii_lowercase().as_str() {
        "tab" => Some(b'\t'),
        "comma" => Some(b','),
        "semicolon" => Some(b';'),
        "space" => Some(b' '),
        "pipe" => Some(b'|'),
        "colon" => Some(b':'),
        _ => None,
    };
    match (named, value.as_bytes()) {
        (Some(b), _) => Ok(b),
        (None, [b @ (b'\t' | b',' | b';' | b' ' | b'|' | b':')]) => Ok(*b),
        _ => Err(format!(
            "#separator: is `{value}`; write tab, comma, semicolon, space, pipe or colon"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_recognised_by_key() {
        assert!(has_headers("#separator:tab\nx\ty"));
        assert!(has_headers("#Notetype column:1\n"));
        assert!(!has_headers("#just a comment\n"));
        assert!(!has_headers("front,back\n"));
    }

    #[test]
    fn separators_by_name_or_character() {
        assert_eq!(separator("Tab"), Ok(b'\t'));
        assert_eq!(separator("semicolon"), Ok(b';'));
        assert_eq!(separator("|"), Ok(b'|'));
        assert!(separator("slash").is_err());
    }
}
