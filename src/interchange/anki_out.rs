//! A deck as an Anki "Notes in Plain Text" file that Anki 2.1.55+ imports in one step: the
//! headers name the separator, HTML, and the GUID, note type, deck and tags columns
//! (Anki manual, "Importing > Text Files > File Headers").
//!
//! Columns: GUID, note type, deck, the note's two fields, tags. Fields are HTML with every
//! markup character escaped and line breaks as `<br>`, so no field needs quoting.

use super::{cloze, html};
use crate::deck::{Card, CardKind, Deck};

/// The GUID of a card's note: stable across exports, so importing an updated deck into Anki
/// updates its notes; `import` turns it back into the card's id.
pub fn guid(deck_id: &str, card_id: &str) -> String {
    format!("somadeck/{deck_id}/{card_id}")
}

/// The note type a card becomes in Anki.
pub fn notetype(card: &Card) -> &'static str {
    match card.kind {
        CardKind::Basic { reverse: true, .. } => "Basic (and reversed card)",
        CardKind::Cloze { .. } => "Cloze",
        _ => "Basic",
    }
}

pub fn write(deck: &Deck) -> String {
    let mut out = String::from(
        "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:6\n",
    );
    let mut w = csv::WriterBuilder::new()
        .delimiter(b'\t')
        .has_headers(false)
        .comment(Some(b'#'))
        .from_writer(Vec::new());
    for card in &deck.cards {
        let (first, second) = fields(deck, card);
        let tags: Vec<String> = card
            .tags
            .iter()
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join("_"))
            .collect();
        let record = [
            guid(&deck.id, &card.id),
            notetype(card).to_string(),
            deck_name(deck, card),
            first,
            second,
            tags.join(" "),
        ];
        // Writing to memory fails only on a bug in the csv crate; every field is text.
        let _ = w.write_record(&record);
    }
    let body = w.into_inner().unwrap_or_default();
    out.push_str(&String::from_utf8_lossy(&body));
    out
}

/// `Title` or `Title::Topic title`: Anki subdecks stand for somadeck's topics.
fn deck_name(deck: &Deck, card: &Card) -> String {
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    match card.topic.as_deref().and_then(|t| deck.topic(t)) {
        Some(t) => format!("{}::{}", flat(&deck.title), flat(&t.title)),
        None => flat(&deck.title),
    }
}

/// A picture's regions as one note: the description and each region's hint, then the names
/// (Anki's own image occlusion needs the picture as media, which a text file cannot carry).
fn occlusion(card: &Card, regions: &[crate::deck::model::Region]) -> (String, String) {
    let esc = html::escape;
    let mut front = card
        .picture
        .as_ref()
        .map(|p| esc(&p.alt))
        .unwrap_or_default();
    let mut back = String::new();
    for (i, r) in regions.iter().enumerate() {
        let hint = r.hint.as_deref().unwrap_or(&r.id);
        front.push_str(&format!("<br>{}. {}", i + 1, esc(hint)));
        let mut name = esc(&r.label);
        also(&mut name, &r.alternatives);
        back.push_str(&format!(
            "{}{}. {name}",
            if i > 0 { "<br>" } else { "" },
            i + 1
        ));
    }
    (front, back)
}

/// The note's two fields: Front and Back, or Text and Back Extra for a cloze.
fn fields(deck: &Deck, card: &Card) -> (String, String) {
    let esc = html::escape;
    let (front, back) = match &card.kind {
        CardKind::Basic { front, back, .. } => (esc(front), esc(back)),
        CardKind::Typed { front, answers } => {
            let mut back = esc(&answers[0]);
            also(&mut back, &answers[1..]);
            (esc(front), back)
        }
        CardKind::Choice {
            front,
            choices,
            correct,
        } => {
            let mut q = esc(front);
            for (i, c) in choices.iter().enumerate() {
                q.push_str(&format!("<br>{}. {}", i + 1, esc(c)));
            }
            (q, esc(correct))
        }
        CardKind::Cloze { text, .. } => {
            let (text, alternatives) = cloze::to_anki(text, esc);
            let mut extra = String::new();
            for (i, alt) in alternatives.iter().enumerate() {
                if !alt.is_empty() {
                    let list: Vec<String> = alt.iter().map(|a| esc(a)).collect();
                    para(&mut extra, &format!("c{}: also {}", i + 1, list.join("; ")));
                }
            }
            (text, extra)
        }
        CardKind::Occlusion { regions, .. } => occlusion(card, regions),
    };
    // Another card's picture cannot travel in a text file: its description takes its place,
    // on the side it is shown with.
    let (mut front, mut back) = (front, back);
    if let Some(pic) = card
        .picture
        .as_ref()
        .filter(|_| !matches!(card.kind, CardKind::Occlusion { .. }))
    {
        let said = format!("<i>Picture: {}</i>", esc(&pic.alt));
        let side = if pic.on_back { &mut back } else { &mut front };
        *side = if side.is_empty() {
            said
        } else {
            format!("{said}<br>{side}")
        };
    }
    if !card.explain.is_empty() {
        para(&mut back, &esc(&card.explain));
    }
    if !card.source.is_empty() {
        para(
            &mut back,
            &format!("Source: {}", esc(&deck.cite(&card.source))),
        );
    }
    (front, back)
}

/// "Also accepted: ..." under a typed card's answer.
fn also(back: &mut String, rest: &[String]) {
    if !rest.is_empty() {
        let list: Vec<String> = rest.iter().map(|a| html::escape(a)).collect();
        back.push_str(&format!("<br>Also accepted: {}", list.join("; ")));
    }
}

/// Appends `html` as a new paragraph.
fn para(out: &mut String, html: &str) {
    if !out.is_empty() {
        out.push_str("<br><br>");
    }
    out.push_str(html);
}
