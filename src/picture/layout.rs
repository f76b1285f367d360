//! Where the picture and its legend go in an area: the legend beside the picture when that
//! leaves the picture bigger, under it otherwise, dropped when the picture would not fit with
//! it; and no picture at all below [`MIN_CELLS`].

use ratatui::layout::Rect;

use super::raster::fit;

/// The smallest picture worth drawing, in cells (columns, rows); below it, the alt text.
pub const MIN_CELLS: (u16, u16) = (16, 5);

/// The gap between the picture and a legend beside it.
const GAP: u16 = 2;

/// The picture's own size, and a cell's size in pixels.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub size: (u32, u32),
    pub cell_px: (u32, u32),
}

/// Where things go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// The picture in `picture`, and the legend (possibly empty) in `legend`.
    Picture { picture: Rect, legend: Rect },
    /// No room: the alt text and the legend, in the whole area.
    Alt,
}

/// The picture's size in whole cells inside a box of `cols` x `rows` cells, aspect kept.
pub fn cells_in(shape: Shape, cols: u16, rows: u16) -> (u16, u16) {
    if cols == 0 || rows == 0 {
        return (0, 0);
    }
    let (cw, ch) = (shape.cell_px.0.max(1), shape.cell_px.1.max(1));
    let bound = (u32::from(cols) * cw, u32::from(rows) * ch);
    let (w, h) = fit(shape.size, bound);
    let to_cells = |px: u32, cell: u32, max: u16| {
        u16::try_from((px + cell / 2) / cell)
            .unwrap_or(max)
            .clamp(1, max)
    };
    (to_cells(w, cw, cols), to_cells(h, ch, rows))
}

fn big_enough(c: (u16, u16)) -> bool {
    c.0 >= MIN_CELLS.0 && c.1 >= MIN_CELLS.1
}

/// Lays out a picture and a legend of `legend_lines` lines at most `legend_width` wide.
pub fn layout(area: Rect, shape: Shape, legend_width: u16, legend_lines: u16) -> Layout {
    let mut candidates = Vec::new();
    if legend_lines > 0 {
        let beside_w = area.width.saturating_sub(legend_width.saturating_add(GAP));
        let c = cells_in(shape, beside_w, area.height);
        let picture = Rect::new(area.x, area.y, c.0, c.1);
        let lx = area.x.saturating_add(c.0).saturating_add(GAP);
        let legend = Rect::new(lx, area.y, area.right().saturating_sub(lx), area.height);
        candidates.push((c, Layout::Picture { picture, legend }));

        let under_h = area.height.saturating_sub(legend_lines);
        let c = cells_in(shape, area.width, under_h);
        let picture = Rect::new(area.x, area.y, c.0, c.1);
        let legend = Rect::new(area.x, area.y + c.1, area.width, area.height - c.1);
        candidates.push((c, Layout::Picture { picture, legend }));
    }
    let best = candidates
        .into_iter()
        .filter(|(c, _)| big_enough(*c))
        .max_by_key(|(c, _)| u32::from(c.0) * u32::from(c.1));
    if let Some((_, l)) = best {
        return l;
    }
    let c = cells_in(shape, area.width, area.height);
    if !big_enough(c) {
        return Layout::Alt;
    }
    let picture = Rect::new(area.x, area.y, c.0, c.1);
    let legend = Rect::new(area.x, area.y + c.1, area.width, 0);
    Layout::Picture { picture, legend }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIDE: Shape = Shape {
        size: (400, 300),
        cell_px: (1, 2),
    };

    #[test]
    fn cells_keep_the_aspect_with_tall_cells() {
        // 400x300 in 1x2-pixel cells: twice as many columns as rows, times 4/3.
        assert_eq!(cells_in(WIDE, 80, 20), (53, 20));
        assert_eq!(cells_in(WIDE, 40, 40), (40, 15));
        assert_eq!(cells_in(WIDE, 0, 5), (0, 0));
    }

    #[test]
    fn the_legend_goes_beside_when_wide_and_under_when_tall() {
        let wide = layout(Rect::new(0, 0, 120, 20), WIDE, 20, 3);
        let Layout::Picture { picture, legend } = wide else {
            panic!("{wide:?}")
        };
        assert_eq!(legend.y, 0, "beside: {wide:?}");
        assert!(legend.x >= picture.right());

        let tall = layout(Rect::new(0, 0, 40, 30), WIDE, 20, 3);
        let Layout::Picture { picture, legend } = tall else {
            panic!("{tall:?}")
        };
        assert_eq!(legend.y, picture.bottom(), "under: {tall:?}");
        assert_eq!(legend.x, 0);
    }

    #[test]
    fn the_legend_is_dropped_before_the_picture() {
        // 18x6: no room for a legend of 30 columns or 3 lines, but room for the picture.
        let l = layout(Rect::new(0, 0, 18, 6), WIDE, 30, 3);
        let Layout::Picture { picture, legend } = l else {
            panic!("{l:?}")
        };
        assert!(picture.width >= MIN_CELLS.0 && legend.height == 0, "{l:?}");
    }

    #[test]
    fn too_small_means_the_alt_text() {
        for (w, h) in [(0, 0), (1, 1), (15, 24), (80, 4), (10, 3)] {
            assert_eq!(layout(Rect::new(0, 0, w, h), WIDE, 10, 2), Layout::Alt);
        }
    }
}
