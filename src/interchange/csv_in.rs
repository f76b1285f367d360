//! somadeck's own CSV and TSV: a header row naming the columns, then one card per row.
//!
//! Lists (`renamed_from`, `answers`, `choices`, `tags`) hold their entries in one cell separated by `|`; a
//! `|` or `\` inside an entry is written `\|` or `\\`. Quoting and line breaks inside cells
//! are the `csv` crate's.

use super::{ImportError, Row, Rows, slug};
use crate::deck::{Diagnostic, Pos};

/// The columns `import` reads, in the order `export --to csv` writes them.
pub const COLUMNS: [&str; 15] = [
    "id",
    "renamed_from",
    "kind",
    "front",
    "back",
    "reverse",
    "answers",
    "choices",
    "correct",
    "cloze",
    "gap",
    "explanation",
    "source",
    "topic",
    "tags",
];

/// What separates the entries of a list in one cell.
pub const LIST_SEPARATOR: char = '|';

/// The kinds the `kind` column names (as `Card::kind_name` says them).
const KINDS: [&str; 4] = ["basic", "typed", "choice", "cloze"];

/// The cell separator of a `.csv` file: `;` when the header row has semicolons and no comma
/// (what LibreOffice and Excel write where the comma is the decimal separator), else `,`.
/// Column names hold neither, so the header row tells them apart.
pub fn csv_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or_default();
    if header.contains(';') && !header.contains(',') {
        b';'
    } else {
        b','
    }
}

/// Reads a CSV (`delimiter` `,` or `;`) or TSV (`\t`) file; `map` renames columns to fields.
pub fn read(
    name: &str,
    text: &str,
    delimiter: u8,
    map: &[(String, String)],
) -> Result<Rows, ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| ImportError::File(csv_error(name, &e)))?
        .clone();
    let (columns, notes) = columns(name, &header, map)?;
    let mut out = Rows {
        notes,
        ..Rows::default()
    };
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                out.errors.push(csv_error(name, &e));
                continue;
            }
        };
        let line = record
            .position()
            .map_or(1, |p| usize::try_from(p.line()).unwrap_or(usize::MAX));
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        match row(&record, &columns) {
            Ok(mut r) => {
                r.line = line;
                out.rows.push(r);
            }
            Err(msg) => out
                .errors
                .push(Diagnostic::error(name, Pos { line, col: 1 }, msg)),
        }
    }
    Ok(out)
}

fn csv_error(name: &str, e: &csv::Error) -> Diagnostic {
    let line = e
        .position()
        .map_or(1, |p| usize::try_from(p.line()).unwrap_or(usize::MAX));
    let msg = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "the row is not valid UTF-8; save the file as UTF-8".into(),
        _ => e.to_string(),
    };
    Diagnostic::error(name, Pos { line, col: 1 }, msg)
}

/// The field each column holds (`None`: not read), and a note for each column left unread.
fn columns(
    name: &str,
    header: &csv::StringRecord,
    map: &[(String, String)],
) -> Result<(Vec<Option<&'static str>>, Vec<String>), ImportError> {
    for (_, field) in map {
        if field_named(field).is_none() {
            return Err(ImportError::BadOption(format!(
                "--map names the field `{field}`; the fields are {}",
                COLUMNS.join(", ")
            )));
        }
    }
    let mut notes = Vec::new();
    let mut fields: Vec<Option<&'static str>> = Vec::new();
    for col in header {
        let col = col.trim();
        let mapped = map
            .iter()
            .find(|(c, _)| c.eq_ignore_ascii_case(col))
            .map_or(col, |(_, f)| f.as_str());
        let field = field_named(mapped);
        if field.is_none() && !col.is_empty() {
            notes.push(format!(
                "column `{col}` is not read (name it one of {}, or map it with --map '{col}=FIELD')",
                COLUMNS.join(", ")
            ));
        }
        if let Some(f) = field
            && fields.contains(&Some(f))
        {
            let msg = format!("two columns are read as `{f}`");
            return Err(ImportError::File(Diagnostic::error(name, Pos::START, msg)));
        }
        fields.push(field);
    }
    if !fields.iter().any(|f| matches!(f, Some("front" | "cloze"))) {
        let msg = format!(
            "the first row must name the columns, with at least `front` or `cloze` \
             (the columns are {}; --map renames others)",
            COLUMNS.join(", ")
        );
        return Err(ImportError::File(Diagnostic::error(name, Pos::START, msg)));
    }
    Ok((fields, notes))
}

/// The field a column name stands for (any case; `explain` for `explanation`).
fn field_named(col: &str) -> Option<&'static str> {
    let col = col.trim().to_ascii_lowercase();
    let col = if col == "explain" {
        "explanation"
    } else {
        &col
    };
    COLUMNS.iter().copied().find(|c| *c == col)
}

/// One row's fields. Blank cells are absent fields.
fn row(record: &csv::StringRecord, columns: &[Option<&'static str>]) -> Result<Row, String> {
    let mut r = Row::default();
    let cf = &mut r.card;
    for (i, cell) in record.iter().enumerate() {
        let Some(field) = columns.get(i) else {
            if cell.trim().is_empty() {
                continue;
            }
            return Err(format!(
                "the row has {} cells, the header {}; quote cells that hold a separator",
                record.len(),
                columns.len()
            ));
        };
        let Some(field) = field else { continue };
        if cell.trim().is_empty() {
            continue;
        }
        let text = Some(cell.to_string());
        match *field {
            "id" => cf.id = cell.trim().to_string(),
            "renamed_from" => cf.renamed_from = split_list(cell),
            "kind" => r.kind = Some(kind(cell)?),
            "front" => cf.front = text,
            "back" => cf.back = text,
            "reverse" => cf.reverse = Some(yes_no(cell)?),
            "answers" => cf.answers = Some(split_list(cell)),
            "choices" => cf.choices = Some(split_list(cell)),
            "correct" => cf.correct = text,
            "cloze" => cf.cloze = text,
            "gap" => cf.gap = Some(cell.trim().to_string()),
            "explanation" => cf.explain = text,
            "source" => cf.source = text,
            "topic" => {
                let (id, title) = topic(cell);
                cf.topic = Some(id);
                r.topic_title = title;
            }
            "tags" => cf.tags = split_list(cell),
            _ => {}
        }
    }
    Ok(r)
}

/// A topic cell: an id as it is, or any other text as the title of a topic with a slug id.
fn topic(cell: &str) -> (String, Option<String>) {
    let cell = cell.trim();
    if slug::is_id(cell) {
        (cell.to_string(), None)
    } else {
        (slug::of_text(cell), Some(cell.to_string()))
    }
}

fn kind(cell: &str) -> Result<String, String> {
    let k = cell.trim().to_ascii_lowercase();
    if KINDS.contains(&k.as_str()) {
        Ok(k)
    } else {
        Err(format!(
            "`kind` is `{}`; write one of {}",
            cell.escape_debug(),
            KINDS.join(", ")
        ))
    }
}

fn yes_no(cell: &str) -> Result<bool, String> {
    match cell.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" => Ok(true),
        "false" | "no" | "0" => Ok(false),
        _ => Err(format!(
            "`reverse` is `{}`; write true or false",
            cell.escape_debug()
        )),
    }
}

/// The entries of a list cell: split at `|` (not at `\|`), trimmed, blanks dropped.
pub fn split_list(cell: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = cell.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(n @ ('\\' | LIST_SEPARATOR)) => cur.push(n),
                Some(n) => {
                    cur.push('\\');
                    cur.push(n);
                }
                None => cur.push('\\'),
            },
            LIST_SEPARATOR => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out.into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// A list as one cell, the inverse of `split_list`.
pub fn join_list(items: &[String]) -> String {
    let escaped: Vec<String> = items
        .iter()
        .map(|s| s.replace('\\', "\\\\").replace(LIST_SEPARATOR, "\\|"))
        .collect();
    escaped.join(" | ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_split_on_unescaped_bars_and_join_back() {
        assert_eq!(split_list("a | b|c "), ["a", "b", "c"]);
        assert_eq!(split_list(r"x \| y | z\\"), [r"x | y", r"z\"]);
        let items = vec![r"a|b".to_string(), r"c\d".to_string(), r"e\".to_string()];
        assert_eq!(split_list(&join_list(&items)), items);
    }
}
