//! The topic map: each deck's topics with a mark (learned, in progress, locked), cards learned
//! of cards, and what a locked topic needs. The selection stays in view; on a narrow terminal
//! what a topic needs moves under it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::theme::{Theme, topic_mark};
use super::{fit, lines_at, row, text};
use crate::app::topics::{Line as MapLine, TopicMap};
use crate::study::TopicStatus;

pub fn render(map: &TopicMap, area: Rect, buf: &mut Buffer, theme: Theme) {
    use ratatui::widgets::Widget;
    let title = if area.width >= 70 {
        " Topics · Enter studies one alone; a locked one opens if you know it"
    } else {
        " Topics"
    };
    Line::styled(fit(title, usize::from(area.width)), theme.bold()).render(row(area, 0), buf);
    let body = Rect::new(
        area.x,
        area.y + 1.min(area.height),
        area.width,
        area.height.saturating_sub(2),
    );
    let (lines, selected_at) = map_lines(map, body.width, theme);
    let h = usize::from(body.height);
    // Keep the selected topic in view, with a line of context where there is room.
    let top = selected_at
        .saturating_sub(h.saturating_sub(2).max(1) - 1)
        .min(lines.len().saturating_sub(h));
    lines_at(&lines[top.min(lines.len())..], body, buf);
    let legend = "✓ learned  ○ in progress  – locked";
    Line::styled(
        fit(&format!(" {legend}"), usize::from(area.width)),
        theme.dim(),
    )
    .render(row(area, area.height.saturating_sub(1)), buf);
}

/// The map as lines at `width`, and the line the selection starts on.
fn map_lines(map: &TopicMap, width: u16, theme: Theme) -> (Vec<Line<'static>>, usize) {
    let mut out = Vec::new();
    let mut selected_at = 0;
    for (i, l) in map.lines.iter().enumerate() {
        match l {
            MapLine::Deck(title) => {
                out.push(Line::styled(format!(" {title}"), theme.bold()));
            }
            MapLine::Topic(r) => {
                if i == map.selected {
                    selected_at = out.len();
                }
                let style = if i == map.selected {
                    theme.selected()
                } else {
                    theme.topic(r.status)
                };
                let count = format!("{}/{}", r.learned, r.cards);
                let lead = if i == map.selected { "›" } else { " " };
                let needs = if r.status == TopicStatus::Locked && !r.needs.is_empty() {
                    format!("needs {}", r.needs.join(", "))
                } else {
                    String::new()
                };
                let w = usize::from(width);
                let count_w = 6;
                let title_w = w.saturating_sub(count_w + 6);
                let first = format!(
                    "{lead} {} {} {count:>count_w$}",
                    topic_mark(r.status),
                    fit(&r.title, title_w.min(48)),
                );
                let wide = w >= 100 && !needs.is_empty();
                if wide {
                    let rest = w.saturating_sub(text::str_width(&first) + 3);
                    out.push(Line::from(vec![
                        Span::styled(first, style),
                        Span::styled(format!("  {}", fit(&needs, rest)), theme.dim()),
                    ]));
                } else {
                    out.push(Line::styled(first, style));
                    if !needs.is_empty() {
                        out.extend(text::hang(
                            &[Span::raw("      ")],
                            &[Span::styled(needs, theme.dim())],
                            width,
                        ));
                    }
                }
            }
        }
    }
    (out, selected_at)
}
