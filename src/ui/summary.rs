//! The end of a study run: what was done, how well, how long it took and when the next card is
//! due (after a cram, how predicted recall on the exam day moved); or, when nothing was due,
//! when it will be and the offer to practise ahead.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use super::{lines_at, text};
use crate::app::Summary;
use crate::schedule::short_duration;
use crate::study::cram::Horizon;

/// `6m 12s`, `45s`, `1h 03m`.
pub fn clock_time(ms: u64) -> String {
    let s = (ms + 500) / 1000;
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m {:02}s", s / 60, s % 60),
        _ => format!("{}h {:02}m", s / 3600, s % 3600 / 60),
    }
}

fn lines(s: &Summary, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let title = match (s.practice, s.answered) {
        (true, _) => format!(
            "Practice done · {}",
            s.scope.trim_start_matches("Practice · ")
        ),
        _ if s.cram.is_some() => format!("Cram done · {}", s.scope.trim_start_matches("Cram · ")),
        (false, 0) => format!("Nothing is due now · {}", s.scope),
        (false, _) => format!("Session done · {}", s.scope),
    };
    out.extend(text::wrap(&[Span::styled(title, theme.bold())], width));
    out.push(Line::default());
    let wide = width >= 40;
    let label_w = if wide { 16 } else { 10 };
    let mut field = |wide_label: &str, narrow_label: &str, value: String| {
        let label = if wide { wide_label } else { narrow_label };
        let label = [Span::styled(format!("{label:<label_w$}"), theme.dim())];
        out.extend(text::hang(&label, &[Span::raw(value)], width));
    };
    if s.answered > 0 {
        let drilled = s.cram.is_some();
        let (wide_label, narrow_label) = if drilled {
            ("Cards drilled", "Drilled")
        } else {
            ("Cards studied", "Studied")
        };
        field(wide_label, narrow_label, s.answered.to_string());
        let pct = s.correct * 100 / s.answered;
        field(
            "Accuracy",
            "Accuracy",
            format!("{pct}% ({} of {} recalled)", s.correct, s.answered),
        );
        let per = s.ms / u64::from(s.answered);
        field(
            "Time",
            "Time",
            format!("{} ({} a card)", clock_time(s.ms), clock_time(per)),
        );
    }
    if let Some(c) = &s.cram {
        let (wide_label, when) = match c.horizon {
            Horizon::Exam(d) => ("Exam-day recall", format!("predicted for {d}")),
            Horizon::Now => ("Recall now", "predicted; no exam date is set".to_string()),
        };
        field(wide_label, "Recall", format!("{} ({when})", c.change()));
    }
    let next = match s.next_due {
        Some(d) => format!("in {}", short_duration(d)),
        None => "none scheduled yet".to_string(),
    };
    field("Next card due", "Next due", next);
    if !s.leeches.is_empty() {
        let names: Vec<String> = s.leeches.iter().map(|l| format!("“{l}”")).collect();
        field(
            "Leeches",
            "Leeches",
            format!("{} suspended: {}", names.len(), names.join(", ")),
        );
    }
    out.push(Line::default());
    if s.practice {
        out.extend(text::wrap(
            &[Span::raw("Practice answers did not change the schedule.")],
            width,
        ));
    }
    let mut offer = |key: &str, what: &str| {
        let key = [Span::styled(format!("{key:<7}"), theme.accent())];
        out.extend(text::hang(&key, &[Span::raw(what.to_string())], width));
    };
    offer(
        "p",
        "practise 20 studied cards ahead (the schedule is not changed)",
    );
    if s.can_undo {
        offer("u", "take back the last answer");
    }
    offer("Enter", "back to the decks");
    out
}

pub fn render(s: &Summary, area: Rect, buf: &mut Buffer, theme: Theme) {
    let inner = Rect::new(
        area.x + 1,
        area.y,
        area.width.saturating_sub(2),
        area.height,
    );
    let mut all = lines(s, inner.width, theme);
    if all.len() > usize::from(inner.height) {
        all.retain(|l| l.width() > 0);
    }
    lines_at(&all, inner, buf);
}
