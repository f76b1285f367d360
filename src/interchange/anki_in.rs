//! Anki's "Notes in Plain Text" files: `#key:value` headers, then one note per record.
//!
//! The headers (`anki_headers`) set the separator, HTML, and which columns hold the note type,
//! deck, tags and GUID; the other columns are the note's fields. Records are CSV with that
//! separator, as Anki writes them.

use std::collections::BTreeMap;

use super::anki_headers::{Headers, headers};
use super::{ImportError, Row, Rows, cloze, html, slug};
use crate::deck::{CardFile, Diagnostic, Pos};

/// Reads the notes of an Anki plain-text file.
pub fn read(name: &str, text: &str) -> Result<Rows, ImportError> {
    let h = headers(name, text)?;
    let body = text.get(h.bytes..).unwrap_or_default();
    let separator = h.separator.unwrap_or_else(|| guess_separator(body));
    let is_html = h.html.unwrap_or_else(|| looks_like_html(body));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .from_reader(body.as_bytes());
    let mut out = Rows::default();
    let mut lost = Lost::default();
    for record in reader.records() {
        let (line, record) = match record {
            Ok(r) => (line_of(r.position(), h.lines), r),
            Err(e) => {
                let line = line_of(e.position(), h.lines);
                out.errors
                    .push(Diagnostic::error(name, Pos { line, col: 1 }, e.to_string()));
                continue;
            }
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        match note(&record, &h, is_html, &mut lost) {
            Ok(mut row) => {
                row.line = line;
                out.rows.push(row);
            }
            Err(msg) => {
                let mut d = Diagnostic::error(name, Pos { line, col: 1 }, msg);
                let guid = h.guid_column.and_then(|c| record.get(c - 1)).map(str::trim);
                if let Some(g) = guid.filter(|g| !g.is_empty()) {
                    d = d.on_card(format!("'{}'", id_of_guid(g)));
                }
                out.errors.push(d);
            }
        }
    }
    out.notes = lost.notes();
    Ok(out)
}

fn line_of(pos: Option<&csv::Position>, header_lines: usize) -> usize {
    pos.map_or(1, |p| usize::try_from(p.line()).unwrap_or(usize::MAX)) + header_lines
}

/// Without a header, the first of tab, semicolon and comma found on the first line.
fn guess_separator(body: &str) -> u8 {
    let first = body
        .lines()
        .find(|l| !l.starts_with('#'))
        .unwrap_or_default();
    [b'\t', b';', b',']
        .into_iter()
        .find(|b| first.as_bytes().contains(b))
        .unwrap_or(b'\t')
}

/// Without `#html:`, a file is HTML when it holds a tag or an entity, as Anki guesses.
fn looks_like_html(body: &str) -> bool {
    [
        "<br", "<div", "<b>", "<i>", "<span", "<img", "&nbsp;", "&amp;", "&lt;",
    ]
    .iter()
    .any(|m| body.contains(m))
}

/// What the conversion drops, counted over the file and reported once.
#[derive(Debug, Default)]
struct Lost {
    sounds: usize,
    images: usize,
    hints: usize,
    grouped: usize,
    extra_fields: usize,
    other_types: BTreeMap<String, usize>,
}

impl Lost {
    fn notes(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut say = |n: usize, what: &str| {
            if n > 0 {
                out.push(format!("{n} {what}"));
            }
        };
        say(
            self.sounds,
            "[sound:...] reference(s) dropped: somadeck plays no audio",
        );
        say(self.images, "image(s) dropped: somadeck shows text only");
        say(self.hints, "cloze hint(s) dropped: somadeck has no hints");
        say(
            self.grouped,
            "cloze note(s) used one number for several spans: each span is now its own deletion",
        );
        say(
            self.extra_fields,
            "field(s) beyond a note type's known fields dropped",
        );
        for (kind, n) in &self.other_types {
            out.push(format!(
                "{n} note(s) of type `{kind}` read as Basic from their first two fields"
            ));
        }
        out
    }
}

/// One note as card fields.
fn note(
    record: &csv::StringRecord,
    h: &Headers,
    is_html: bool,
    lost: &mut Lost,
) -> Result<Row, String> {
    let cell = |col: Option<usize>| col.and_then(|c| record.get(c - 1)).map(str::trim);
    let meta = [
        h.notetype_column,
        h.deck_column,
        h.tags_column,
        h.guid_column,
    ];
    let fields: Vec<String> = record
        .iter()
        .enumerate()
        .filter(|(i, _)| !meta.contains(&Some(i + 1)))
        .map(|(_, f)| text(f, is_html, lost))
        .collect();
    let notetype = cell(h.notetype_column)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .or_else(|| h.notetype.clone())
        .unwrap_or_else(|| guess_notetype(fields.first()));
    let mut row = Row {
        card: card(&notetype, &fields, lost)?,
        ..Row::default()
    };
    if let Some(guid) = cell(h.guid_column).filter(|g| !g.is_empty()) {
        row.card.id = id_of_guid(guid);
    }
    let mut tags = h.tags.clone();
    tags.extend(
        cell(h.tags_column)
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_string),
    );
    row.card.tags = tags;
    let deck = cell(h.deck_column)
        .map(str::to_string)
        .or_else(|| h.deck.clone());
    if let Some(deck) = deck.filter(|d| !d.is_empty()) {
        let (top, sub) = deck.split_once("::").unwrap_or((&deck, ""));
        row.deck_name = Some(top.trim().to_string());
        if !sub.trim().is_empty() {
            row.card.topic = Some(slug::of_text(sub));
            row.topic_title = Some(sub.trim().to_string());
        }
    }
    Ok(row)
}

/// The card id for a GUID: what `export --to anki` wrote (`somadeck/DECK/CARD`) gives the
/// card's own id back; any other GUID an `anki-` id.
fn id_of_guid(guid: &str) -> String {
    guid.strip_prefix("somadeck/")
        .and_then(|rest| rest.split_once('/'))
        .map(|(_, card)| card)
        .filter(|card| slug::is_id(card))
        .map_or_else(|| slug::of_guid(guid), str::to_string)
}

fn guess_notetype(first: Option<&String>) -> String {
    let cloze = first.is_some_and(|f| f.contains("{{c") && f.contains("::"));
    if cloze { "Cloze" } else { "Basic" }.to_string()
}

/// A field as plain text: HTML undone when the file is HTML, sound references dropped.
fn text(field: &str, is_html: bool, lost: &mut Lost) -> String {
    let mut s = if is_html {
        let (t, images) = html::to_text(field);
        lost.images += images;
        t
    } else {
        field.to_string()
    };
    while let Some(start) = s.find("[sound:") {
        let end = s
            .get(start..)
            .and_then(|r| r.find(']'))
            .map_or(s.len(), |e| start + e + 1);
        s.replace_range(start..end, "");
        lost.sounds += 1;
    }
    s.trim().to_string()
}

/// The card fields for a note of `notetype` with `fields` (meta columns taken out).
fn card(notetype: &str, fields: &[String], lost: &mut Lost) -> Result<CardFile, String> {
    let field = |i: usize| fields.get(i).cloned().unwrap_or_default();
    let nonempty_after = |n: usize| fields.iter().skip(n).filter(|f| !f.is_empty()).count();
    let mut cf = CardFile::default();
    let lower = notetype.to_ascii_lowercase();
    if lower.contains("cloze") {
        let c = cloze::from_anki(&field(0))?;
        lost.hints += c.hints;
        lost.grouped += usize::from(c.grouped);
        lost.extra_fields += nonempty_after(2);
        cf.cloze = Some(c.text);
        cf.explain = Some(field(1)).filter(|s| !s.is_empty());
        return Ok(cf);
    }
    cf.front = Some(field(0));
    match lower.as_str() {
        "basic" => lost.extra_fields += nonempty_after(2),
        "basic (and reversed card)" => {
            cf.reverse = Some(true);
            lost.extra_fields += nonempty_after(2);
        }
        "basic (optional reversed card)" => {
            cf.reverse = Some(!field(2).is_empty()).filter(|r| *r);
            lost.extra_fields += nonempty_after(3);
        }
        "basic (type in the answer)" => {
            cf.answers = Some(vec![field(1)]);
            lost.extra_fields += nonempty_after(2);
            return Ok(cf);
        }
        _ => {
            *lost.other_types.entry(notetype.to_string()).or_default() += 1;
            lost.extra_fields += nonempty_after(2);
        }
    }
    cf.back = Some(field(1));
    Ok(cf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_without_headers_guesses_separator_html_and_note_types() {
        // A field holding the separator (here in `&amp;`) is quoted, as Anki writes it.
        let text = "Q1;\"A &amp; B<br>C\"\n{{c1::CN I}} smells;extra\n";
        let rows = read("f.txt", text).unwrap();
        assert!(rows.errors.is_empty(), "{:?}", rows.errors);
        let (a, b) = (&rows.rows[0].card, &rows.rows[1].card);
        assert_eq!(a.back.as_deref(), Some("A & B\nC"));
        assert_eq!(b.cloze.as_deref(), Some("{{CN I}} smells"));
        assert_eq!(b.explain.as_deref(), Some("extra"));
        assert_eq!(rows.rows[1].line, 2);
    }

    #[test]
    fn export_guids_give_the_card_id_back() {
        assert_eq!(id_of_guid("somadeck/skull/sella-bone"), "sella-bone");
        assert_eq!(id_of_guid("Ok+9rc:/$L"), "anki-Ok_2b9rc_3a_2f_24L");
    }
}
