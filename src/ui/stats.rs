//! The stats screen: a page of one or two panels (activity as a calendar of the last 26 weeks,
//! the forecast as a bar chart, retention and calibration as tables, the weakest topics and the
//! decks with their predicted recall). Marks and text carry everything, so NO_COLOR loses
//! nothing.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, Block, Borders, Cell, Row, Table, Widget};

use super::theme::Theme;
use super::{fit, row};
use crate::app::stats::{Panel, StatsView};
use crate::study::stats::percent;
use crate::study::stats::{MasteryRow, Report, Retention};

pub fn render(view: &StatsView, rows: u16, area: Rect, buf: &mut Buffer, theme: Theme) {
    let (page, pages) = view.page_of(rows);
    let title = format!(" Stats · {} · page {page} of {pages}", view.title);
    Line::styled(fit(&title, usize::from(area.width)), theme.bold()).render(row(area, 0), buf);
    let body = Rect::new(
        area.x,
        area.y + 1.min(area.height),
        area.width,
        area.height.saturating_sub(1),
    );
    let shown = view.shown(rows);
    let parts = Layout::vertical(vec![Constraint::Fill(1); shown.len()]).split(body);
    for (panel, part) in shown.iter().zip(parts.iter()) {
        match panel {
            Panel::Exam => exam(view, *part, buf, theme),
            _ => draw_panel(*panel, &view.report, *part, buf, theme),
        }
    }
}

fn block(title: String, theme: Theme) -> Block<'static> {
    Block::default()
        .borders(Borders::TOP)
        .title(Line::styled(title, theme.bold()))
}

fn draw_panel(panel: Panel, r: &Report, area: Rect, buf: &mut Buffer, theme: Theme) {
    match panel {
        Panel::Exam => {}
        Panel::Activity => activity(r, area, buf, theme),
        Panel::Forecast => forecast(r, area, buf, theme),
        Panel::Retention => retention(r, area, buf, theme),
        Panel::Calibration => calibration(r, area, buf, theme),
        Panel::Weakest => mastery(
            if area.width >= 60 {
                "Weakest topics · Enter studies the first"
            } else {
                "Weakest · Enter studies it"
            },
            &r.mastery.weakest,
            r,
            area,
            buf,
            theme,
        ),
        Panel::Decks => mastery("Decks", &r.mastery.decks, r, area, buf, theme),
    }
}

/// The exam plan in its own words, wrapped to the panel.
fn exam(view: &StatsView, area: Rect, buf: &mut Buffer, theme: Theme) {
    let b = block(" Exam plan · all decks ".into(), theme);
    let inner = b.inner(area);
    b.render(area, buf);
    let words = match &view.exam {
        Some(plan) => plan.lines(),
        None if view.plan_pending() => vec![
            "Working out the exam plan… (its simulations run in the background; the figures \
             fill in here when they are ready)"
                .to_string(),
        ],
        None if view.plan_failed => vec![
            "The exam plan could not be worked out here; `somadeck exam` shows it.".to_string(),
        ],
        None => vec![
            "No exam date. Press E on the decks screen to set one: the plan then says how many \
             new items a day meet every item in time, and the recall to expect on the day."
                .to_string(),
        ],
    };
    let mut lines: Vec<Line> = words
        .iter()
        .flat_map(|w| super::text::hang(&[], &[ratatui::text::Span::raw(w.as_str())], inner.width))
        .collect();
    // A small terminal cannot hold the whole plan: say where to read the rest.
    let room = usize::from(inner.height);
    if lines.len() > room && room > 0 {
        lines.truncate(room - 1);
        lines.push(Line::raw(fit(
            "… the whole plan: somadeck exam",
            usize::from(inner.width),
        )));
    }
    super::lines_at(&lines, inner, buf);
}

/// A mark for a day's reviews: none, a few, some, many, a lot.
fn heat(reviews: u32) -> char {
    match reviews {
        0 => '·',
        1..=9 => '░',
        10..=29 => '▒',
        30..=59 => '▓',
        _ => '█',
    }
}

fn activity(r: &Report, area: Rect, buf: &mut Buffer, theme: Theme) {
    let a = &r.activity;
    let b = block(" Activity · 26 weeks ".into(), theme);
    let inner = b.inner(area);
    b.render(area, buf);
    let today = a.days.last().map_or(0, |d| d.minutes);
    let studied = a.days.iter().filter(|d| d.reviews > 0).count().max(1) as u64;
    let mean = a.days.iter().map(|d| d.minutes).sum::<u64>() / studied;
    let mut lines = vec![Line::from(fit(
        &format!(
            " streak {} · today {today} minutes · {mean} minutes a day studied",
            day_word(u64::from(a.streak_days))
        ),
        usize::from(inner.width),
    ))];
    // Weeks run left to right, oldest first; each column is seven days, oldest at the top.
    let legend = ["   · none", "   ░ 1+", "   ▒ 10+", "   ▓ 30+", "   █ 60+"];
    for day in 0..7 {
        let mut s: String = " ".into();
        s.extend(
            a.days
                .chunks(7)
                .map(|w| w.get(day).map_or(' ', |d| heat(d.reviews))),
        );
        if inner.width >= 40
            && let Some(l) = legend.get(day)
        {
            s.push_str(l);
        }
        lines.push(Line::from(fit(&s, usize::from(inner.width))));
    }
    super::lines_at(&lines, inner, buf);
}

fn day_word(n: u64) -> String {
    crate::schedule::count(n, "day")
}

fn forecast(r: &Report, area: Rect, buf: &mut Buffer, theme: Theme) {
    let total: u32 = r.forecast.iter().sum();
    let today = r.forecast.first().copied().unwrap_or(0);
    let title = if area.width >= 50 {
        format!(" Forecast · {total} reviews in 30 days, {today} today ")
    } else {
        format!(" Forecast · {total} in 30 days ")
    };
    let b = block(title, theme);
    let bars: Vec<Bar> = r
        .forecast
        .iter()
        .map(|&n| Bar::new(u64::from(n)).text_value(String::new()))
        .collect();
    let gap = u16::from(area.width >= 62);
    let chart = Rect::new(area.x, area.y, area.width, area.height.saturating_sub(1));
    BarChart::new(bars)
        .block(b)
        .bar_width(1)
        .bar_gap(gap)
        .bar_style(theme.accent())
        .render(chart, buf);
    // Under the bars: where today is and how far the last bar is.
    let span = usize::from(1 + gap) * r.forecast.len().saturating_sub(1) + 1;
    let axis = format!("↑ today{:>w$}", "in 29 days ↑", w = span.saturating_sub(7));
    Line::styled(fit(&axis, usize::from(area.width)), theme.dim())
        .render(row(area, area.height.saturating_sub(1)), buf);
}

fn share(r: Retention) -> String {
    r.rate.map_or_else(
        || "none".into(),
        |x| format!("{} of {}", percent(Some(x)), r.answers),
    )
}

fn table(head: [&'static str; 4], rows: Vec<[String; 4]>, widths: [u16; 4]) -> Table<'static> {
    Table::new(
        rows.into_iter()
            .map(|r| Row::new(r.into_iter().map(Cell::from))),
        widths.map(Constraint::Length),
    )
    .header(Row::new(head.map(Cell::from)))
}

fn retention(r: &Report, area: Rect, buf: &mut Buffer, theme: Theme) {
    let b = block(" True retention · not Again ".into(), theme);
    let rows = r
        .retention
        .iter()
        .map(|w| {
            [
                day_word(u64::from(w.days)),
                share(w.young),
                share(w.mature),
                share(w.total),
            ]
        })
        .collect();
    table(["last", "young", "mature", "all"], rows, [9, 11, 11, 11])
        .block(b)
        .render(area, buf);
}

fn calibration(r: &Report, area: Rect, buf: &mut Buffer, theme: Theme) {
    let b = block(" Calibration · predicted against actual ".into(), theme);
    let rows = r
        .calibration
        .iter()
        .map(|c| {
            [
                format!("{:.0}-{:.0}%", c.from * 100.0, c.to * 100.0),
                c.answers.to_string(),
                percent(c.predicted),
                percent(c.actual),
            ]
        })
        .collect();
    table(
        ["predicted", "answers", "mean", "actual"],
        rows,
        [10, 8, 8, 8],
    )
    .block(b)
    .render(area, buf);
}

fn mastery(
    title: &str,
    list: &[MasteryRow],
    r: &Report,
    area: Rect,
    buf: &mut Buffer,
    theme: Theme,
) {
    let exam = r.mastery.exam;
    let head = match exam {
        Some(d) => format!(" {title} · recall now, on {d} "),
        None => format!(" {title} · recall now "),
    };
    let b = block(fit(&head, usize::from(area.width)), theme);
    let name_w = area.width.saturating_sub(20).max(8);
    // Below the block's top line; when the list is longer, its last row says how many are left.
    let room = usize::from(area.height.saturating_sub(1)).max(1);
    let (shown, left_out) = if list.len() > room {
        (&list[..room - 1], list.len() - (room - 1))
    } else {
        (list, 0)
    };
    let more = (left_out > 0).then(|| Row::new([Cell::from(format!("… {left_out} more"))]));
    let rows = shown.iter().map(|m| {
        Row::new([
            Cell::from(super::fit(&m.title, usize::from(name_w))),
            Cell::from(format!("{:>5}", percent(m.recall_now))),
            Cell::from(if exam.is_some() {
                format!("{:>5}", percent(m.recall_on_exam))
            } else {
                String::new()
            }),
        ])
    });
    let empty = list
        .is_empty()
        .then(|| Row::new([Cell::from("nothing studied yet")]));
    Table::new(
        rows.chain(empty).chain(more),
        [
            Constraint::Length(name_w),
            Constraint::Length(6),
            Constraint::Length(6),
        ],
    )
    .block(b)
    .render(area, buf);
}
