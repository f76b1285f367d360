use super::*;

use super::super::test_region as region;

fn regions() -> Vec<Region> {
    vec![
        region(
            "a",
            Shape::Rect {
                x: 10,
                y: 10,
                w: 30,
                h: 20,
            },
        ),
        region(
            "b",
            Shape::Ellipse {
                cx: 70,
                cy: 50,
                rx: 20,
                ry: 10,
            },
        ),
        region(
            "c",
            Shape::Rect {
                x: 60,
                y: 5,
                w: 30,
                h: 20,
            },
        ),
    ]
}

const PAPER: [u8; 4] = [250, 247, 240, 255];

fn paper(w: u32, h: u32) -> RgbaImage {
    RgbaImage::from_pixel(w, h, Rgba(PAPER))
}

fn px(img: &RgbaImage, x: u32, y: u32) -> [u8; 3] {
    let p = img.get_pixel(x, y).0;
    [p[0], p[1], p[2]]
}

#[test]
fn a_covered_region_is_a_solid_box_and_nothing_else_changes() {
    // The picture is 100x60 units drawn at 200x120 pixels: 2 pixels a unit.
    let map = Mapping::new((100, 60), (200, 120), (1, 2));
    let mut img = paper(200, 120);
    let overlay = Overlay {
        covered: vec![0],
        ..Overlay::default()
    };
    paint(&mut img, &map, &regions(), &overlay, false);
    for (x, y) in [(21, 21), (50, 40), (78, 58)] {
        assert_eq!(px(&img, x, y), BOX, "inside at {x},{y}");
    }
    for (x, y) in [(19, 30), (81, 30), (50, 19), (50, 61), (140, 100)] {
        assert_eq!(img.get_pixel(x, y).0, PAPER, "outside at {x},{y}");
    }
}

#[test]
fn a_covered_ellipse_is_filled_inside_its_curve_only() {
    let map = Mapping::new((100, 60), (100, 60), (1, 2));
    let mut img = paper(100, 60);
    let overlay = Overlay {
        covered: vec![1],
        ..Overlay::default()
    };
    paint(&mut img, &map, &regions(), &overlay, false);
    assert_eq!(px(&img, 70, 50), BOX);
    assert_eq!(px(&img, 52, 50), BOX);
    // The bounding box's corner lies outside the ellipse.
    assert_eq!(img.get_pixel(51, 41).0, PAPER);
}

#[test]
fn an_outlined_region_gets_a_ring_around_it_not_over_it() {
    let map = Mapping::new((100, 60), (200, 120), (10, 20));
    let mut img = paper(200, 120);
    let overlay = Overlay {
        outlined: vec![0],
        ..Overlay::default()
    };
    paint(&mut img, &map, &regions(), &overlay, true);
    // Region 0 covers pixels 20..80 x 20..60; a ring of 2 pixels lies just outside.
    assert_eq!(px(&img, 18, 40), OUTLINE);
    assert_eq!(px(&img, 19, 40), OUTLINE);
    assert_eq!(px(&img, 50, 18), OUTLINE);
    assert_eq!(px(&img, 81, 40), OUTLINE);
    assert_eq!(img.get_pixel(16, 40).0, PAPER);
    assert_eq!(
        img.get_pixel(50, 40).0,
        PAPER,
        "the region itself stays visible"
    );
    assert_ne!(OUTLINE, BOX);
}

#[test]
fn in_pixels_the_question_mark_and_markers_are_drawn_in_white() {
    let map = Mapping::new((100, 60), (400, 240), (10, 20));
    let mut img = paper(400, 240);
    let overlay = Overlay {
        covered: vec![0],
        marks: vec![(0, "1".into()), (2, "3".into())],
        ..Overlay::default()
    };
    paint(&mut img, &map, &regions(), &overlay, true);
    let white_in = |x0: u32, y0: u32, x1: u32, y1: u32| {
        (y0..y1)
            .flat_map(|y| (x0..x1).map(move |x| (x, y)))
            .filter(|&(x, y)| px(&img, x, y) == TEXT)
            .count()
    };
    let dark_in = |x0: u32, y0: u32, x1: u32, y1: u32| {
        (y0..y1)
            .flat_map(|y| (x0..x1).map(move |x| (x, y)))
            .filter(|&(x, y)| px(&img, x, y) == MARK_BG)
            .count()
    };
    // The `?` sits in the middle of region 0 (pixels 40..160 x 40..120).
    assert!(white_in(80, 60, 120, 100) > 10);
    assert_eq!(
        dark_in(40, 40, 160, 120),
        0,
        "a covered region shows no marker plate"
    );
    // Region 2's marker (centre 300, 60) has its plate and white strokes.
    assert!(dark_in(280, 40, 320, 80) > 10);
    assert!(white_in(280, 40, 320, 80) > 5);
}

#[test]
fn in_half_blocks_text_is_left_to_the_terminal() {
    let map = Mapping::new((100, 60), (100, 60), (1, 2));
    let mut img = paper(100, 60);
    let overlay = Overlay {
        covered: vec![0],
        marks: vec![(0, "1".into()), (1, "2".into())],
        ..Overlay::default()
    };
    paint(&mut img, &map, &regions(), &overlay, false);
    assert!(img.pixels().all(|p| [p[0], p[1], p[2]] != TEXT));
    let l = labels(&map, &regions(), &overlay, (100, 30));
    assert_eq!(
        l,
        vec![
            Label {
                at: (25, 10),
                text: "?".into(),
                covered: true
            },
            Label {
                at: (70, 25),
                text: "2".into(),
                covered: false
            },
        ]
    );
}

#[test]
fn regions_outside_or_tiny_never_panic() {
    let map = Mapping::new((100, 60), (3, 2), (1, 2));
    let mut img = paper(3, 2);
    let mut rs = regions();
    rs.push(region(
        "far",
        Shape::Rect {
            x: 500,
            y: 500,
            w: 9,
            h: 9,
        },
    ));
    rs.push(region(
        "dot",
        Shape::Ellipse {
            cx: 1,
            cy: 1,
            rx: 0,
            ry: 0,
        },
    ));
    let overlay = Overlay {
        covered: vec![3, 4, 9],
        outlined: vec![0, 3, 4],
        marks: vec![(1, "12".into()), (7, "x".into())],
        ..Overlay::default()
    };
    paint(&mut img, &map, &rs, &overlay, true);
    let l = labels(&map, &rs, &overlay, (3, 1));
    assert!(l.iter().all(|l| l.at.0 < 3 && l.at.1 < 1), "{l:?}");
}
