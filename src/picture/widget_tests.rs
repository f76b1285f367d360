use super::*;
use crate::deck::model::Shape as RegionShape;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui_image::picker::{Picker, ProtocolType};

const SVG: &[u8] = include_bytes!("../../tests/fixtures/pictures/shapes.svg");

use super::super::test_region as region;

fn regions() -> Vec<Region> {
    vec![
        region(
            "block",
            RegionShape::Rect {
                x: 40,
                y: 40,
                w: 120,
                h: 90,
            },
        ),
        region(
            "oval",
            RegionShape::Ellipse {
                cx: 280,
                cy: 90,
                rx: 60,
                ry: 50,
            },
        ),
        region(
            "base",
            RegionShape::Rect {
                x: 140,
                y: 190,
                w: 140,
                h: 70,
            },
        ),
    ]
}

fn picture() -> Picture {
    Picture {
        file: "pictures/shapes.svg".to_string(),
        alt: "Three pale shapes on paper: a rounded block top left, an oval top right, and a \
              wide block at the bottom."
            .to_string(),
        on_back: false,
        size: (400, 300),
        at: "tests/fixtures/pictures/shapes.svg".to_string(),
        builtin: false,
    }
}

fn question() -> Overlay {
    Overlay {
        covered: vec![0],
        outlined: Vec::new(),
        marks: vec![(1, "1".into()), (2, "2".into())],
        legend: vec!["1 green oval".into(), "2 blue block".into()],
    }
}

fn draw_with(
    pictures: &Pictures,
    bytes: &[u8],
    overlay: &Overlay,
    w: u16,
    h: u16,
) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    let (pic, regions) = (picture(), regions());
    t.draw(|f| {
        let view = PictureView {
            pictures,
            format: Format::Svg,
            bytes,
            picture: &pic,
            regions: &regions,
            overlay,
        };
        f.render_widget(view, f.area());
    })
    .unwrap();
    t
}

fn rgb(c: [u8; 3]) -> Color {
    Color::Rgb(c[0], c[1], c[2])
}

fn find(buf: &Buffer, sym: &str) -> Vec<(u16, u16)> {
    let a = buf.area;
    (a.top()..a.bottom())
        .flat_map(|y| (a.left()..a.right()).map(move |x| (x, y)))
        .filter(|&p| buf[p].symbol() == sym)
        .collect()
}

/// The covered box's cells, and the `?` among them, bold on the box colour; no box colour
/// outside `cells` (the region's cells, left, top, right, bottom inclusive).
fn assert_box(buf: &Buffer, cells: (u16, u16, u16, u16)) {
    let q = find(buf, "?");
    assert_eq!(q.len(), 1, "one ?");
    let (qx, qy) = q[0];
    assert!(
        (cells.0..=cells.2).contains(&qx) && (cells.1..=cells.3).contains(&qy),
        "{q:?}"
    );
    let cell = &buf[(qx, qy)];
    assert_eq!(cell.bg, rgb(draw::BOX));
    assert_eq!(cell.fg, rgb(draw::TEXT));
    assert!(cell.modifier.contains(Modifier::BOLD));
    let mut inside = 0;
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            if c.fg == rgb(draw::BOX) || c.bg == rgb(draw::BOX) {
                let ok = (cells.0..=cells.2).contains(&x) && (cells.1..=cells.3).contains(&y);
                assert!(ok, "box colour outside the region at {x},{y}");
                inside += 1;
            }
        }
    }
    let area = (cells.2 - cells.0 + 1) * (cells.3 - cells.1 + 1);
    assert!(
        inside * 2 > area,
        "{inside} of {area} cells carry the box colour"
    );
}

#[test]
fn half_blocks_at_80x24_legend_beside() {
    let p = Pictures::new(Mode::Halfblocks);
    let t = draw_with(&p, SVG, &question(), 80, 24);
    insta::assert_snapshot!("picture_question_80x24", t.backend());
    let buf = t.backend().buffer();
    // 400x300 in 64x24 cells: 0.16 cells a unit across, 0.08 down; the block is 40..160 x 40..130.
    assert_box(buf, (6, 3, 25, 10));
    let one = find(buf, "1");
    assert!(
        one.contains(&(44, 7)),
        "the oval's marker at its centre: {one:?}"
    );
    assert_eq!(buf[(44, 7)].bg, rgb(draw::MARK_BG));
    let legend_row: String = (66..80).map(|x| buf[(x, 0)].symbol()).collect();
    assert_eq!(legend_row.trim_end(), "1 green oval");
}

#[test]
fn half_blocks_at_40x12_legend_under() {
    let p = Pictures::new(Mode::Halfblocks);
    let t = draw_with(&p, SVG, &question(), 40, 12);
    insta::assert_snapshot!("picture_question_40x12", t.backend());
    let buf = t.backend().buffer();
    // 27x10 cells: 0.0675 across, 0.0333 down.
    assert_box(buf, (2, 1, 11, 4));
    let row: String = (0..12).map(|x| buf[(x, 10)].symbol()).collect();
    assert_eq!(row, "1 green oval");
}

#[test]
fn the_answer_outlines_the_region_in_its_own_colour() {
    let p = Pictures::new(Mode::Halfblocks);
    let answer = Overlay {
        covered: Vec::new(),
        outlined: vec![0],
        ..question()
    };
    let t = draw_with(&p, SVG, &answer, 80, 24);
    let buf = t.backend().buffer();
    assert!(find(buf, "?").is_empty());
    let outline = (0..24u16)
        .flat_map(|y| (0..80u16).map(move |x| (x, y)))
        .filter(|&p| buf[p].fg == rgb(draw::OUTLINE) || buf[p].bg == rgb(draw::OUTLINE))
        .count();
    assert!(outline > 20, "{outline} outline cells");
}

#[test]
fn off_shows_the_alt_text_and_legend() {
    let p = Pictures::new(Mode::Off);
    let t = draw_with(&p, SVG, &question(), 40, 12);
    insta::assert_snapshot!("picture_off_40x12", t.backend());
    let buf = t.backend().buffer();
    let first: String = (0..5).map(|x| buf[(x, 0)].symbol()).collect();
    assert_eq!(first, "Three");
    assert!(find(buf, "▀").is_empty() && find(buf, "▄").is_empty());
    assert_eq!(p.renders(), 0);
}

#[test]
fn too_small_shows_the_alt_text() {
    let p = Pictures::new(Mode::Halfblocks);
    for (w, h) in [(15, 12), (80, 4), (12, 3)] {
        let t = draw_with(&p, SVG, &question(), w, h);
        let first: String = (0..5.min(w))
            .map(|x| t.backend().buffer()[(x, 0)].symbol())
            .collect();
        let want: String = "Three".chars().take(usize::from(w)).collect();
        assert_eq!(first, want, "{w}x{h}");
    }
    assert_eq!(p.renders(), 0);
}

#[test]
fn every_size_down_to_1x1_draws_without_panic() {
    let p = Pictures::new(Mode::Halfblocks);
    for w in [1, 2, 5, 15, 16, 17, 18, 30, 40, 81] {
        for h in [1, 2, 4, 5, 6, 7, 12, 25] {
            draw_with(&p, SVG, &question(), w, h);
        }
    }
}

#[test]
fn a_redraw_of_the_same_card_is_not_rendered_again() {
    let p = Pictures::new(Mode::Halfblocks);
    draw_with(&p, SVG, &question(), 80, 24);
    draw_with(&p, SVG, &question(), 80, 24);
    assert_eq!(p.renders(), 1);
    let answer = Overlay {
        covered: Vec::new(),
        outlined: vec![0],
        ..question()
    };
    draw_with(&p, SVG, &answer, 80, 24);
    assert_eq!(p.renders(), 2, "another overlay is another picture");
    draw_with(&p, SVG, &question(), 40, 12);
    assert_eq!(p.renders(), 3, "a resize renders again");
    draw_with(&p, SVG, &question(), 80, 24);
    assert_eq!(p.renders(), 3);
}

#[test]
fn a_broken_svg_shows_the_alt_text() {
    let p = Pictures::new(Mode::Halfblocks);
    for bytes in [&b"<svg><rect"[..], b"", b"\x89PNG"] {
        let t = draw_with(&p, bytes, &question(), 80, 24);
        let first: String = (0..5)
            .map(|x| t.backend().buffer()[(x, 0)].symbol())
            .collect();
        assert_eq!(first, "Three");
    }
}

#[test]
fn a_graphics_protocol_draws_its_picture_without_terminal_text() {
    let mut picker = Picker::halfblocks();
    picker.set_protocol_type(ProtocolType::Kitty);
    let p = Pictures::new(Mode::Graphics(picker));
    for (w, h) in [(80, 24), (40, 12), (16, 5), (3, 2)] {
        draw_with(&p, SVG, &question(), w, h);
        p.wait_ready(std::time::Duration::from_secs(30));
        let t = draw_with(&p, SVG, &question(), w, h);
        assert!(find(t.backend().buffer(), "?").is_empty(), "{w}x{h}");
    }
    // At 16x5 a 4:3 picture in 10x20-pixel cells is 13 columns wide: too small, so alt text.
    // Two sizes drawn, each as a preview and then in full.
    assert_eq!(p.renders(), 4);
    assert!(!p.pending());
}

#[test]
fn a_graphics_protocol_shows_a_half_block_preview_until_its_picture_is_made() {
    let mut picker = Picker::halfblocks();
    picker.set_protocol_type(ProtocolType::Kitty);
    let p = Pictures::new(Mode::Graphics(picker));
    let t = draw_with(&p, SVG, &question(), 80, 24);
    // The first frame does not wait: the picture in half-blocks, its `?` in terminal text.
    assert!(!find(t.backend().buffer(), "?").is_empty());
    assert!(p.pending(), "the full picture is being made");
    assert!(p.wait_ready(std::time::Duration::from_secs(30)));
    assert!(!p.pending());
    let renders = p.renders();
    let t = draw_with(&p, SVG, &question(), 80, 24);
    assert!(
        find(t.backend().buffer(), "?").is_empty(),
        "now in kitty's pixels"
    );
    assert_eq!(
        p.renders(),
        renders,
        "the picture made in the background is used"
    );
    // Only the newest request is worth making: a learner who moved on does not wait for the
    // pictures in between.
    let answer = Overlay {
        covered: Vec::new(),
        outlined: vec![0],
        ..question()
    };
    for o in [&answer, &question(), &answer] {
        draw_with(&p, SVG, o, 60, 20);
    }
    // A request overtaken before it started is asked for again by the next frame needing it.
    for _ in 0..3 {
        p.wait_ready(std::time::Duration::from_secs(30));
        draw_with(&p, SVG, &answer, 60, 20);
        if !p.pending() {
            break;
        }
    }
    assert!(!p.pending());
    let renders = p.renders();
    draw_with(&p, SVG, &answer, 60, 20);
    assert_eq!(p.renders(), renders, "the answer's full picture is cached");
}

#[test]
fn height_for_is_what_the_layout_fills() {
    let (pic, regions, ov) = (picture(), regions(), question());
    let view = |pictures| PictureView {
        pictures,
        format: Format::Svg,
        bytes: SVG,
        picture: &pic,
        regions: &regions,
        overlay: &ov,
    };
    let half = Pictures::new(Mode::Halfblocks);
    // 40 wide: a 40x15 picture with the 2 legend lines under it; 27x10 when given 12 rows.
    assert_eq!(view(&half).height_for(40, 100), 17);
    assert_eq!(view(&half).height_for(40, 12), 12);
    // 80 wide, legend beside: the picture alone sets the height (64 columns, 24 rows).
    assert_eq!(view(&half).height_for(80, 24), 24);
    assert_eq!(view(&half).height_for(80, 10), 10);
    // No picture: the alt text (101 characters, 3 rows at 40), a blank row, the legend.
    let off = Pictures::new(Mode::Off);
    assert_eq!(view(&off).height_for(40, 100), 6);
    assert_eq!(view(&off).height_for(0, 0), 0);
}

#[test]
fn drawn_into_an_offset_area_everything_moves_with_it() {
    let p = Pictures::new(Mode::Halfblocks);
    let mut t = Terminal::new(TestBackend::new(90, 30)).unwrap();
    let (pic, regions, ov) = (picture(), regions(), question());
    t.draw(|f| {
        let view = PictureView {
            pictures: &p,
            format: Format::Svg,
            bytes: SVG,
            picture: &pic,
            regions: &regions,
            overlay: &ov,
        };
        f.render_widget(view, Rect::new(5, 3, 80, 24));
    })
    .unwrap();
    let buf = t.backend().buffer();
    assert_eq!(find(buf, "?"), vec![(16 + 5, 6 + 3)]);
    assert!(find(buf, "1").contains(&(44 + 5, 7 + 3)));
    for (x, y) in [(0, 0), (4, 10), (89, 29), (20, 2), (20, 27)] {
        assert_eq!(
            buf[(x, y)].symbol(),
            " ",
            "nothing drawn outside the area at {x},{y}"
        );
        assert_eq!(buf[(x, y)].bg, Color::Reset);
    }
}

#[test]
fn a_png_is_drawn_like_an_svg() {
    // A 400x300 PNG: paper with a green square where region 0 is.
    let mut img = image::RgbaImage::from_pixel(400, 300, image::Rgba([250, 247, 240, 255]));
    for y in 40..130 {
        for x in 40..160 {
            img.put_pixel(x, y, image::Rgba([0, 160, 0, 255]));
        }
    }
    let mut png = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let p = Pictures::new(Mode::Halfblocks);
    let (pic, regions) = (picture(), regions());
    let answer = Overlay {
        outlined: vec![0],
        ..Overlay::default()
    };
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| {
        let view = PictureView {
            pictures: &p,
            format: Format::Png,
            bytes: &png,
            picture: &pic,
            regions: &regions,
            overlay: &answer,
        };
        f.render_widget(view, f.area());
    })
    .unwrap();
    let buf = t.backend().buffer();
    // No legend: the picture is 64x24 cells, 0.16 a unit across; the square's middle is green.
    assert_eq!(buf[(20, 8)].bg, Color::Rgb(0, 160, 0));
    assert!(
        (0..24u16)
            .flat_map(|y| (0..80u16).map(move |x| (x, y)))
            .any(|c| buf[c].fg == rgb(draw::OUTLINE) || buf[c].bg == rgb(draw::OUTLINE))
    );
}
