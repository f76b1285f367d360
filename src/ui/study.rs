//! The study screen: header with progress and counts, the card (question, typed answer or
//! options, then the back with verdict, answer, explanation and source) scrolling in the
//! middle, and the grades with their next intervals at the bottom.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::grades::grade_lines;
use super::input::input_spans;
use super::theme::Theme;
use super::{lines_at, row, text};
use crate::answer::Verdict;
use crate::app::{Input, Judged, Stage, Study};
use crate::picture::Pictures;
use crate::study::ReviewKind;
use crate::study::present::Mode;

struct Areas {
    head: Rect,
    bar: Rect,
    /// The rule under the header; none on short terminals, where every row counts.
    rule: Option<Rect>,
    body: Rect,
    /// The body's text, wrapped to the body's width.
    lines: Vec<Line<'static>>,
    /// Where the card's picture goes, when it has one to show now.
    picture: Option<Rect>,
    actions: Rect,
}

/// Short terminals drop the rule and the spacing lines.
fn compact(area: Rect) -> bool {
    area.height < 16
}

fn areas(s: &Study, area: Rect, theme: Theme) -> Areas {
    let compact = compact(area);
    let actions_h = if s.note.is_some() {
        2
    } else if s.revealed() {
        grade_lines(s, area.width, Theme::new(false)).len() as u16
    } else {
        1
    };
    let top = if compact { 2 } else { 3 };
    let body_h = area.height.saturating_sub(top + actions_h);
    let actions_y = area.y + (top + body_h).min(area.height);
    let body = Rect::new(
        area.x + 1,
        area.y + top.min(area.height),
        area.width.saturating_sub(2),
        body_h,
    );
    // The text's width decides how it wraps, and its length how much room the picture gets:
    // the lines are built once, here, for the frame and for the scroll limits alike.
    let side_by_side = s.shown_picture().is_some() && body.width >= SIDE_BY_SIDE;
    let text_w = if side_by_side {
        body.width - body.width * 11 / 20 - 1
    } else {
        body.width
    };
    let lines = self::body(s, text_w, compact, theme);
    let (picture, body) = match s.shown_picture() {
        Some(_) => split_for_picture(body, u16::try_from(lines.len()).unwrap_or(u16::MAX)),
        None => (None, body),
    };
    Areas {
        head: row(area, 0),
        bar: row(area, 1),
        rule: (!compact).then(|| row(area, 2)),
        body,
        lines,
        picture,
        actions: Rect::new(
            area.x,
            actions_y,
            area.width,
            actions_h.min(area.bottom() - actions_y),
        ),
    }
}

/// At this width and more the picture goes beside the text, else above it.
const SIDE_BY_SIDE: u16 = 100;

/// A wide body puts the picture on the left and the text on the right. Otherwise the picture
/// goes above the text and takes every row the text does not need, and at least a little over
/// half of them (the rest of a long answer scrolls).
fn split_for_picture(body: Rect, text_lines: u16) -> (Option<Rect>, Rect) {
    if body.width >= SIDE_BY_SIDE {
        let w = body.width * 11 / 20;
        let pic = Rect::new(body.x, body.y, w, body.height);
        let text = Rect::new(body.x + w + 1, body.y, body.width - w - 1, body.height);
        return (Some(pic), text);
    }
    let floor = body.height * 11 / 20;
    let h = body.height.saturating_sub(text_lines).max(floor);
    let pic = Rect::new(body.x, body.y, body.width, h);
    (
        Some(pic),
        Rect::new(body.x, body.y + h, body.width, body.height - h),
    )
}

pub fn render(s: &Study, pictures: &Pictures, area: Rect, buf: &mut Buffer, theme: Theme) {
    let a = areas(s, area, theme);
    let lines = &a.lines;
    let max = lines.len().saturating_sub(usize::from(a.body.height));
    let scroll = usize::from(s.scroll).min(max);
    let more = (scroll > 0, scroll < max);
    header(s, a.head.width, theme).render(a.head, buf);
    match a.rule {
        Some(r) => {
            progress(s, a.bar.width, (false, false), theme).render(a.bar, buf);
            rule(more, r.width, theme).render(r, buf);
        }
        None => progress(s, a.bar.width, more, theme).render(a.bar, buf),
    }
    lines_at(&lines[scroll..], a.body, buf);
    if let (Some(rect), Some((p, overlay))) = (a.picture, s.shown_picture()) {
        super::picture::render(p, overlay, pictures, rect, buf);
    }
    let actions = match (&s.note, s.stage()) {
        (Some(note), _) => note_lines(note, a.actions.width, theme),
        (None, Stage::Answer(_)) => grade_lines(s, a.actions.width, theme),
        (None, _) => vec![prompt_hint(s)],
    };
    lines_at(&actions, a.actions, buf);
}

/// (page, furthest scroll) of the body in `area`.
pub fn scroll_limits(s: &Study, area: Rect, theme: Theme) -> (u16, u16) {
    let a = areas(s, area, theme);
    let n = a.lines.len();
    let max = n.saturating_sub(usize::from(a.body.height));
    (
        a.body.height.saturating_sub(1).max(1),
        u16::try_from(max).unwrap_or(u16::MAX),
    )
}

fn header(s: &Study, width: u16, theme: Theme) -> Line<'static> {
    let c = s.counts;
    let wide = usize::from(width) >= 60;
    let counts: Vec<Span> = if s.practice || s.cram {
        let what = if s.cram { "cram" } else { "practise" };
        vec![Span::styled(
            format!("{} to {what}", c.review),
            theme.review_count(),
        )]
    } else {
        let names = if wide {
            ["new", "learning", "review"]
        } else {
            ["new", "lrn", "rev"]
        };
        let parts = [
            (c.new, theme.new_count()),
            (c.learning, theme.learn_count()),
            (c.review, theme.review_count()),
        ];
        let mut v = Vec::new();
        for (i, ((n, style), name)) in parts.into_iter().zip(names).enumerate() {
            if i > 0 {
                v.push(Span::styled(" · ", theme.dim()));
            }
            v.push(Span::styled(format!("{name} {n}"), style));
        }
        v
    };
    let counts_w: usize = counts.iter().map(Span::width).sum();
    let mut title = s.scope.clone();
    // "Cram · The skull" already names the deck.
    if !s.scope.ends_with(s.deck_title.as_str()) && wide {
        title.push_str(&format!(" › {}", s.deck_title));
    }
    let title_w = usize::from(width).saturating_sub(counts_w + 3);
    let mut spans = vec![Span::styled(
        format!(" {}", super::fit(&title, title_w)),
        theme.bold(),
    )];
    spans.push(Span::raw(" "));
    spans.extend(counts);
    Line::from(spans)
}

/// The bar, and on short terminals the arrows saying the body scrolls (`more`: above, below).
fn progress(s: &Study, width: u16, more: (bool, bool), theme: Theme) -> Line<'static> {
    let left = s.counts.total();
    let arrows = match more {
        (true, true) => " ↑↓",
        (true, false) => " ↑",
        (false, true) => " ↓",
        (false, false) => "",
    };
    let label = format!(" {} done · {left} left", s.done);
    let bar_w =
        usize::from(width).saturating_sub(text::str_width(&label) + text::str_width(arrows) + 1);
    let total = s.done as usize + left;
    let filled = (bar_w * s.done as usize)
        .checked_div(total)
        .unwrap_or(0)
        .min(bar_w);
    Line::from(vec![
        Span::raw(" "),
        Span::styled("█".repeat(filled), theme.accent()),
        Span::styled("░".repeat(bar_w - filled), theme.dim()),
        Span::raw(label),
        Span::styled(arrows, theme.accent()),
    ])
}

fn rule(more: (bool, bool), width: u16, theme: Theme) -> Line<'static> {
    let mark = match more {
        (true, true) => " ↑↓ more ",
        (true, false) => " ↑ more ",
        (false, true) => " ↓ more (J/PgDn) ",
        (false, false) => "",
    };
    let mark = if text::str_width(mark) + 4 > usize::from(width) {
        ""
    } else {
        mark
    };
    let dashes = usize::from(width).saturating_sub(text::str_width(mark) + 2);
    Line::from(vec![
        Span::styled(format!(" {}", "─".repeat(dashes)), theme.dim()),
        Span::styled(mark, theme.accent()),
    ])
}

fn kind_label(kind: ReviewKind, practice: bool) -> &'static str {
    if practice {
        return "practice";
    }
    match kind {
        ReviewKind::New => "new card",
        ReviewKind::Learn => "learning",
        ReviewKind::Review => "review",
        ReviewKind::Relearn => "relearning",
        ReviewKind::Cram => "cram",
    }
}

/// A block of the card's body, and whether it is set apart by a blank line even when compact.
type Block = (Vec<Line<'static>>, bool);

/// The card as lines wrapped to `width`: blocks separated by a blank line (on short
/// terminals only the explanation and source are set apart).
fn body(s: &Study, width: u16, compact: bool, theme: Theme) -> Vec<Line<'static>> {
    let mut blocks: Vec<Block> = Vec::new();
    if !compact {
        blocks.push((meta_lines(s, width, theme), false));
    }
    let question = if s.cloze && s.revealed() {
        &s.back().answer
    } else {
        &s.prompt().question
    };
    let question = text::wrap(&[Span::styled(question.as_str(), theme.bold())], width);
    blocks.push((question, false));
    blocks.extend(response(s, width, theme).map(|lines| (lines, false)));
    if let Stage::Answer(judged) = &s.stage() {
        back_blocks(s, Some(judged), width, theme, &mut blocks);
    }
    let mut out = Vec::new();
    for (i, (lines, apart)) in blocks.into_iter().enumerate() {
        if i > 0 && (apart || !compact) {
            out.push(Line::default());
        }
        out.extend(lines);
    }
    out
}

/// What kind of review this is, its topic, and the flag.
fn meta_lines(s: &Study, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let mut meta = kind_label(s.turn.kind, s.practice).to_string();
    if let Some(t) = &s.topic_title {
        meta.push_str(&format!(" · {t}"));
    }
    if s.flagged {
        meta.push_str(" · ⚑ flagged");
    }
    text::wrap(&[Span::styled(meta, theme.dim())], width)
}

/// The input line while typing, the answer given once judged, or the options.
fn response(s: &Study, width: u16, theme: Theme) -> Option<Vec<Line<'static>>> {
    let prompt = [Span::styled("› ", theme.accent())];
    match (&s.prompt().mode, &s.stage()) {
        (Mode::Choose { options, .. }, stage) => {
            let judged = match stage {
                Stage::Answer(Judged::Chose { chosen, correct }) => Some((*chosen, *correct)),
                _ => None,
            };
            if s.locate {
                return Some(locate_line(options.len(), judged, width, theme));
            }
            Some(options_lines(options, judged, width, theme))
        }
        (_, Stage::Typing) => {
            let mut spans = prompt.to_vec();
            spans.extend(input_spans(
                &s.input,
                usize::from(width).saturating_sub(2),
                theme,
            ));
            Some(vec![Line::from(spans)])
        }
        (_, Stage::Answer(Judged::Typed { given, .. })) => {
            let shown = if given.trim().is_empty() {
                "(no answer)".to_string()
            } else {
                given.clone()
            };
            Some(text::hang(&prompt, &[Span::raw(shown)], width))
        }
        (_, Stage::Answer(Judged::Revealed { given })) if !given.is_empty() => {
            let label = [Span::styled("You wrote: ", theme.dim())];
            Some(text::hang(&label, &[Span::raw(given.clone())], width))
        }
        _ => None,
    }
}

/// The verdict and answer, the explanation, the source.
fn back_blocks(
    s: &Study,
    judged: Option<&Judged>,
    width: u16,
    theme: Theme,
    blocks: &mut Vec<Block>,
) {
    let mut answer = verdict_lines(s, judged, width, theme);
    if !s.cloze && !matches!(s.prompt().mode, Mode::Choose { .. }) {
        let label = [Span::styled("Answer: ", theme.dim())];
        let text = [Span::styled(s.back().answer.as_str(), theme.bold())];
        answer.extend(text::hang(&label, &text, width));
    }
    if !answer.is_empty() {
        blocks.push((answer, false));
    }
    if !s.back().explain.trim().is_empty() {
        blocks.push((
            text::wrap(&[Span::raw(s.back().explain.as_str())], width),
            true,
        ));
    }
    if !s.back().source.trim().is_empty() {
        let label = [Span::styled("Source: ", theme.dim())];
        let source = [Span::styled(s.back().source.as_str(), theme.dim())];
        blocks.push((text::hang(&label, &source, width), true));
    }
}

/// The key of option `i`: its number.
fn option_keys(i: usize) -> String {
    format!("{}", i + 1)
}

/// A locate item's options are the numbers on the picture: one line says which keys, then
/// which was pressed and which was right.
fn locate_line(
    count: usize,
    judged: Option<(usize, usize)>,
    width: u16,
    theme: Theme,
) -> Vec<Line<'static>> {
    let spans = match judged {
        None => vec![Span::styled(
            format!("Press the number on the picture (1-{count})"),
            theme.accent(),
        )],
        Some((chosen, correct)) if chosen == correct => vec![Span::styled(
            format!("✓ Right: {}", correct + 1),
            theme.right(),
        )],
        Some((chosen, correct)) => vec![Span::styled(
            format!("✗ You pressed {}; it is {}", chosen + 1, correct + 1),
            theme.wrong(),
        )],
    };
    text::wrap(&spans, width)
}

fn options_lines(
    options: &[String],
    judged: Option<(usize, usize)>,
    width: u16,
    theme: Theme,
) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for (i, o) in options.iter().enumerate() {
        let (mark, style) = match judged {
            Some((_, c)) if i == c => ("✓ ", theme.right()),
            Some((ch, _)) if i == ch => ("✗ ", theme.wrong()),
            Some(_) => ("  ", theme.plain()),
            None => ("", theme.plain()),
        };
        let prefix = [
            Span::styled(mark, style),
            Span::styled(format!("{:<3}", option_keys(i)), theme.accent()),
        ];
        out.extend(text::hang(
            &prefix,
            &[Span::styled(o.as_str(), style)],
            width,
        ));
    }
    out
}

/// Right, close (typo accepted), another term or wrong, with the suggested grade; none after a
/// reveal.
fn verdict_lines(
    s: &Study,
    judged: Option<&Judged>,
    width: u16,
    theme: Theme,
) -> Vec<Line<'static>> {
    let verdict: Vec<Span> = match judged {
        None | Some(Judged::Revealed { .. }) => return Vec::new(),
        Some(Judged::Typed { verdict, .. }) => match verdict {
            Verdict::Right => vec![Span::styled("✓ Right", theme.right())],
            Verdict::Close { expected } => vec![
                Span::styled("≈ Close: typo accepted", theme.close()),
                Span::raw(format!("(expected “{expected}”)")),
            ],
            Verdict::OtherTerm { given, expected } => vec![
                Span::styled("✗ Wrong", theme.wrong()),
                Span::raw(format!(
                    "You wrote “{given}”, a different term; expected “{expected}”"
                )),
            ],
            Verdict::Wrong => vec![Span::styled("✗ Wrong", theme.wrong())],
        },
        Some(Judged::Chose { chosen, correct }) if chosen == correct => {
            vec![Span::styled("✓ Right", theme.right())]
        }
        Some(Judged::Chose { correct, .. }) => vec![
            Span::styled("✗ Wrong", theme.wrong()),
            Span::raw(format!("— the answer is {}", option_keys(*correct))),
        ],
    };
    let g = s.suggested();
    let mut spans = verdict;
    spans.push(Span::styled(
        format!("· suggested {} {}", g.number(), g.label()),
        theme.dim(),
    ));
    text::wrap(&spans, width)
}

/// The prompt for the note that goes with a flag, and the note being typed.
fn note_lines(note: &Input, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let mut field = vec![Span::styled(" › ", theme.accent())];
    field.extend(input_spans(
        note,
        usize::from(width).saturating_sub(4),
        theme,
    ));
    let full = " Note for the deck's author (Enter to skip, Esc cancels)";
    // Narrow terminals keep the question; the hints row says what Enter and Esc do.
    let label = if text::str_width(full) <= usize::from(width) {
        full
    } else {
        " Note for the deck's author:"
    };
    vec![Line::styled(label, theme.accent()), Line::from(field)]
}

/// What to do before the back is shown.
fn prompt_hint(s: &Study) -> Line<'static> {
    let text = match s.stage() {
        Stage::Choosing => " Choose an option by its number",
        _ if s.self_graded() => " Say or type your answer, then Enter (or Space) to see the back",
        _ => " Type the answer, then Enter",
    };
    Line::from(text)
}
