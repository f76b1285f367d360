//! The home screen: the decks with what is left today, the selected deck's topics with a mark
//! each, today's totals and the streak, and any warnings from opening.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::theme::{Theme, topic_mark};
use super::{fit, lines_at, row, text};
use crate::app::home::{DeckRow, Home};
use crate::app::{App, Input};
use crate::study::{Counts, TopicStatus};

pub fn render(app: &App<'_>, home: &Home, area: Rect, buf: &mut Buffer, theme: Theme) {
    header(home, area.width).render(row(area, 0), buf);
    let mut top = 1;
    if !app.warnings.is_empty() {
        let style = theme.tone(crate::app::Tone::Notice);
        let mut lines: Vec<Line> = app
            .warnings
            .iter()
            .flat_map(|w| {
                text::hang(
                    &[Span::styled("! ", style)],
                    &[Span::styled(w.as_str(), style)],
                    area.width.saturating_sub(1),
                )
            })
            .collect();
        lines.truncate(usize::from(area.height / 3).max(1));
        let h = lines.len() as u16;
        let at = Rect::new(
            area.x + 1,
            area.y + 1,
            area.width.saturating_sub(1),
            h.min(area.height.saturating_sub(1)),
        );
        lines_at(&lines, at, buf);
        top += h;
    }
    let exam = exam_lines(home, area.width, theme);
    if !exam.is_empty() {
        let h = (exam.len() as u16).min(area.height.saturating_sub(top));
        lines_at(&exam, Rect::new(area.x, area.y + top, area.width, h), buf);
        top += h;
    }
    let main = Rect::new(
        area.x,
        area.y + top.min(area.height),
        area.width,
        area.height.saturating_sub(top),
    );
    if area.width >= 110 {
        let left_w = 56;
        let left = Rect::new(main.x, main.y, left_w, main.height.saturating_sub(1));
        let right = Rect::new(
            main.x + left_w + 3,
            main.y,
            main.width - left_w - 3,
            main.height.saturating_sub(1),
        );
        decks(home, left, buf, theme);
        topics(home, right, buf, theme);
        return;
    }
    let filter_row = home.filtering || !home.filter.is_empty();
    let wanted = home.visible().len().max(1) as u16 + 2 + u16::from(filter_row);
    let list_w = main.width.min(64);
    if main.height >= wanted + 1 + 5 {
        decks(home, Rect::new(main.x, main.y, list_w, wanted), buf, theme);
        let rest = Rect::new(
            main.x + 2,
            main.y + wanted + 1,
            main.width.saturating_sub(3),
            main.height - wanted - 2,
        );
        topics(home, rest, buf, theme);
    } else {
        let list_h = main.height.saturating_sub(1);
        decks(home, Rect::new(main.x, main.y, list_w, list_h), buf, theme);
        topic_counts(home, theme).render(row(main, list_h), buf);
    }
}

/// The exam date being typed, or, once the exam is over, the question of what comes next.
fn exam_lines(home: &Home, width: u16, theme: Theme) -> Vec<Line<'static>> {
    if let Some(input) = &home.exam_edit {
        let mut spans = vec![Span::styled("  Exam date: ", theme.accent())];
        spans.extend(super::input::input_spans(input, 12, theme));
        let hint = "  YYYY-MM-DD · Enter saves · empty clears it · Esc cancels";
        let mut line = vec![Line::from(spans)];
        line.push(Line::styled(fit(hint, usize::from(width)), theme.dim()));
        return line;
    }
    let Some(date) = home.exam_over else {
        return Vec::new();
    };
    let text = format!(
        "Your exam on {date} is over. What next? Press E to set the next exam's date, or \
         E then Enter on an empty date to go on with normal FSRS."
    );
    let style = theme.tone(crate::app::Tone::Notice);
    text::hang(
        &[Span::styled("! ", style)],
        &[Span::styled(text, style)],
        width.saturating_sub(1),
    )
}

/// One line for the selected deck's topics when there is no room to list them.
fn topic_counts(home: &Home, theme: Theme) -> Line<'static> {
    let Some(deck) = home.selected_row() else {
        return Line::default();
    };
    let mut spans = vec![Span::styled("  topics ", theme.dim())];
    for status in [
        TopicStatus::Learned,
        TopicStatus::InProgress,
        TopicStatus::Locked,
    ] {
        let n = deck.topics.iter().filter(|t| t.status == status).count();
        spans.push(Span::styled(
            format!("{} {n}  ", topic_mark(status)),
            theme.topic(status),
        ));
    }
    Line::from(spans)
}

/// The exam and today's plan target in as few words as say them, for a narrow header.
fn short_exam(home: &Home) -> String {
    let target = home
        .new_target
        .map(|n| format!(": {n} new"))
        .unwrap_or_default();
    match home.exam_in_days {
        Some(0) => format!("exam today{target}"),
        Some(1) => format!("exam tomorrow{target}"),
        Some(n) => format!("exam in {n} days{target}"),
        None => String::new(),
    }
}

fn header(home: &Home, width: u16) -> Line<'static> {
    let t = &home.today;
    let streak = match home.streak {
        0 => "no streak yet".to_string(),
        1 => "streak 1 day".to_string(),
        n => format!("streak {n} days"),
    };
    let today = match (t.correct * 100).checked_div(t.reviews) {
        None => "nothing studied today yet".to_string(),
        Some(pct) => format!("today {} answered · {pct}% right", t.reviews),
    };
    let target = home
        .new_target
        .map(|n| format!(" (plan: {n} new today)"))
        .unwrap_or_default();
    let exam = match home.exam_in_days {
        Some(0) => Some(format!("exam today{target}")),
        Some(1) => Some(format!("exam tomorrow{target}")),
        Some(n) => Some(format!("exam in {n} days{target}")),
        None => None,
    };
    let streak = match &exam {
        Some(exam) => format!("{exam} · {streak}"),
        None => streak,
    };
    let left = " somadeck";
    // At least a space after the name and one at the end; on a narrow terminal the streak
    // gives way before the exam and its plan target do.
    let room = usize::from(width).saturating_sub(text::str_width(left) + 2);
    let right = if text::str_width(&today) + text::str_width(&streak) + 16 <= usize::from(width) {
        format!("{today} · {streak}")
    } else if t.reviews == 0 || text::str_width(&streak) + 10 > room {
        match exam {
            Some(exam) if text::str_width(&exam) > room => short_exam(home),
            Some(exam) if text::str_width(&streak) > room => exam,
            _ => streak,
        }
    } else {
        format!("{} today · {streak}", t.reviews)
    };
    let gap = usize::from(width)
        .saturating_sub(text::str_width(left) + text::str_width(&right) + 1)
        .max(1);
    Line::from(vec![
        Span::styled(
            left,
            ratatui::style::Style::new().add_modifier(ratatui::style::Modifier::BOLD),
        ),
        Span::raw(" ".repeat(gap)),
        Span::raw(right),
    ])
}

/// Column width for a count, and the three column titles.
fn columns(width: u16) -> (usize, [&'static str; 3]) {
    if width >= 36 {
        (6, ["new", "learn", "due"])
    } else {
        (4, ["new", "lrn", "due"])
    }
}

fn count_spans(c: Counts, col: usize, theme: Theme) -> Vec<Span<'static>> {
    let styled = |n: usize, s| if n == 0 { theme.dim() } else { s };
    vec![
        Span::styled(format!("{:>col$}", c.new), styled(c.new, theme.new_count())),
        Span::styled(
            format!("{:>col$}", c.learning),
            styled(c.learning, theme.learn_count()),
        ),
        Span::styled(
            format!("{:>col$}", c.review),
            styled(c.review, theme.review_count()),
        ),
    ]
}

fn deck_line(r: &DeckRow, selected: bool, width: u16, theme: Theme) -> Line<'static> {
    let (col, _) = columns(width);
    let title_w = usize::from(width).saturating_sub(2 + 3 * col);
    let mut spans = vec![
        Span::raw(if selected { "› " } else { "  " }),
        Span::styled(
            fit(&r.title, title_w),
            if selected {
                theme.bold()
            } else {
                theme.plain()
            },
        ),
    ];
    spans.extend(count_spans(r.counts, col, theme));
    let line = Line::from(spans);
    if selected {
        line.patch_style(theme.selected())
    } else {
        line
    }
}

fn decks(home: &Home, area: Rect, buf: &mut Buffer, theme: Theme) {
    let (col, names) = columns(area.width);
    let title_w = usize::from(area.width).saturating_sub(2 + 3 * col);
    let head = format!(
        "  {}{:>col$}{:>col$}{:>col$}",
        fit("Deck", title_w),
        names[0],
        names[1],
        names[2]
    );
    Line::styled(head, theme.dim()).render(row(area, 0), buf);
    let visible = home.visible();
    let filter_row = home.filtering || !home.filter.is_empty();
    let room = usize::from(area.height.saturating_sub(2 + u16::from(filter_row)));
    let offset = home.selected.saturating_sub(room.saturating_sub(1));
    let mut y = 1;
    if visible.is_empty() {
        let msg = format!("  no deck matches “{}”", home.filter.text());
        Line::styled(msg, theme.dim()).render(row(area, y), buf);
        y += 1;
    }
    for (i, &d) in visible.iter().enumerate().skip(offset).take(room) {
        deck_line(&home.rows[d], i == home.selected, area.width, theme).render(row(area, y), buf);
        y += 1;
    }
    let mut total = vec![Span::styled(
        format!("  {}", fit("All decks", title_w)),
        theme.bold(),
    )];
    total.extend(count_spans(home.total, col, theme));
    Line::from(total).render(row(area, y), buf);
    if filter_row {
        filter_line(&home.filter, home.filtering, theme).render(row(area, y + 1), buf);
    }
}

fn filter_line(input: &Input, editing: bool, theme: Theme) -> Line<'static> {
    let mut spans = vec![Span::styled("  / ", theme.accent())];
    if editing {
        spans.extend(super::input::input_spans(input, usize::MAX, theme));
    } else {
        spans.push(Span::raw(input.text().to_string()));
        spans.push(Span::styled("  (Esc clears)", theme.dim()));
    }
    Line::from(spans)
}

fn topics(home: &Home, area: Rect, buf: &mut Buffer, theme: Theme) {
    let Some(deck) = home.selected_row() else {
        return;
    };
    let w = usize::from(area.width);
    let title = format!("{} · {} cards", deck.title, deck.cards);
    Line::styled(fit(&title, w), theme.bold()).render(row(area, 0), buf);
    let room = usize::from(area.height.saturating_sub(2));
    let n = deck.topics.len();
    let shown = if n > room { room.saturating_sub(1) } else { n };
    for (i, t) in deck.topics.iter().take(shown).enumerate() {
        let mut label = t.title.clone();
        if !t.needs.is_empty() {
            label.push_str(&format!(" (needs {})", t.needs.join(", ")));
        }
        let line = Line::from(vec![
            Span::styled(format!("{} ", topic_mark(t.status)), theme.topic(t.status)),
            Span::styled(fit(&label, w.saturating_sub(2)), theme.topic(t.status)),
        ]);
        line.render(row(area, 1 + i as u16), buf);
    }
    if shown < n {
        Line::styled(format!("  … {} more", n - shown), theme.dim())
            .render(row(area, 1 + shown as u16), buf);
    }
    if n == 0 {
        Line::styled("  (no topics)", theme.dim()).render(row(area, 1), buf);
    }
    let legend = if w >= 34 {
        "✓ learned  ○ in progress  – locked"
    } else {
        "✓ learned ○ studying – locked"
    };
    let below = 1 + shown.max(1) as u16 + u16::from(shown < n) + 1;
    Line::styled(legend, theme.dim())
        .render(row(area, below.min(area.height.saturating_sub(1))), buf);
}
