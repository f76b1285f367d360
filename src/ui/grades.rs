//! The grade keys with the interval each would give: `1 Again 10m  2 Hard 2d  3 Good 4d  4 Easy 9d`.

use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use crate::app::Study;
use crate::schedule::Grade;

fn grade_item(s: &Study, g: Grade, short: bool) -> String {
    let label = if short {
        g.label().get(..1).unwrap_or_default()
    } else {
        g.label()
    };
    let sep = if short { "" } else { " " };
    match &s.intervals {
        Some(iv) => format!(
            "{}{sep}{label} {}",
            g.number(),
            iv[usize::from(g.number() - 1)]
        ),
        None => format!("{} {}", g.number(), g.label()),
    }
}

/// `1 Again 10m  2 Hard 2d  3 Good 4d  4 Easy 9d` on one line, or on two when narrow (or in
/// initials when very narrow); the suggested grade is bold and underlined, and named in words
/// where there is room.
pub fn grade_lines(s: &Study, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let width = usize::from(width);
    let suggested = s.suggested();
    let item = |g: Grade, short: bool| {
        let mut style = theme.grade(g);
        if g == suggested {
            style = style.add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
        }
        Span::styled(grade_item(s, g, short), style)
    };
    let line = |grades: &[Grade], short: bool, gap: &'static str| {
        let mut spans = vec![Span::raw(" ")];
        for (i, &g) in grades.iter().enumerate() {
            if i > 0 {
                spans.push(Span::raw(gap));
            }
            spans.push(item(g, short));
        }
        Line::from(spans)
    };
    let enter = Span::styled(format!("   Enter = {}", suggested.label()), theme.dim());
    let mut lines = vec![line(&Grade::ALL, false, "  ")];
    if lines[0].width() > width {
        lines = vec![
            line(&Grade::ALL[..2], false, "  "),
            line(&Grade::ALL[2..], false, "  "),
        ];
        if lines.iter().any(|l| l.width() > width) {
            lines = vec![line(&Grade::ALL, true, " ")];
        }
    }
    if let Some(last) = lines.last_mut()
        && last.width() + enter.width() <= width
    {
        last.push_span(enter);
    }
    lines
}
