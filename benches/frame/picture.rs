//! "picture: key press to frame": the picture widget drawing an occlusion item at 200x60,
//! once uncached (the first frame of a card: render, overlay, encode) and then cached (every
//! later key press on that card), in half-blocks and with each graphics protocol at a 10x20
//! font. A graphics protocol's first frame is a half-block preview; "full picture ready" is
//! the time from the key press until the picture made in the background can be drawn.

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui_image::picker::{Picker, ProtocolType};
use somadeck::deck::model::{Picture, Region, Shape};
use somadeck::picture::{Format, Mode, Overlay, PictureView, Pictures};

const FIXTURE: &[u8] = include_bytes!("../../tests/fixtures/pictures/shapes.svg");

/// A busier diagram than the fixture: 300 outlined shapes and curves, about a skull plate's
/// worth of paths.
fn busy_svg() -> Vec<u8> {
    let mut s = String::from(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300"><rect width="400" height="300" fill="#faf7f0"/>"##,
    );
    for i in 0..300u32 {
        let (x, y) = ((i * 37) % 380, (i * 53) % 280);
        let _ = write!(
            s,
            r##"<path d="M{x} {y} q 20 -15 40 0 t 30 10 l -10 25 z" fill="#e{}d{}c0" stroke="#2b2b2b" stroke-width="1.5"/>"##,
            i % 10,
            (i / 10) % 10
        );
    }
    s.push_str("</svg>");
    s.into_bytes()
}

fn regions() -> Vec<Region> {
    let r = |id: &str, shape| Region {
        id: id.into(),
        label: id.into(),
        alternatives: Vec::new(),
        hint: None,
        shape,
    };
    vec![
        r(
            "a",
            Shape::Rect {
                x: 40,
                y: 40,
                w: 120,
                h: 90,
            },
        ),
        r(
            "b",
            Shape::Ellipse {
                cx: 280,
                cy: 90,
                rx: 60,
                ry: 50,
            },
        ),
        r(
            "c",
            Shape::Rect {
                x: 140,
                y: 190,
                w: 140,
                h: 70,
            },
        ),
    ]
}

fn overlay(covered: usize) -> Overlay {
    Overlay {
        covered: vec![covered],
        outlined: Vec::new(),
        marks: (0..3)
            .filter(|&i| i != covered)
            .map(|i| (i, (i + 1).to_string()))
            .collect(),
        legend: vec![
            "1 first shape".into(),
            "2 second shape".into(),
            "3 third shape".into(),
        ],
    }
}

fn frame(
    t: &mut Terminal<TestBackend>,
    pictures: &Pictures,
    bytes: &[u8],
    ov: &Overlay,
) -> Duration {
    let picture = Picture {
        file: "x.svg".into(),
        alt: "a test picture".into(),
        on_back: false,
        size: (400, 300),
        at: "x.svg".into(),
        builtin: false,
    };
    let regions = regions();
    let t0 = Instant::now();
    t.draw(|f| {
        let view = PictureView {
            pictures,
            format: Format::Svg,
            bytes,
            picture: &picture,
            regions: &regions,
            overlay: ov,
        };
        f.render_widget(view, f.area());
    })
    .expect("draw");
    let dt = t0.elapsed();
    black_box(t.backend().buffer());
    dt
}

pub fn bench() {
    println!("picture: key press to frame, 200x60");
    let busy = busy_svg();
    let protocol = |kind| {
        let mut p = Picker::halfblocks();
        p.set_protocol_type(kind);
        Mode::Graphics(p)
    };
    let modes = [
        ("half-blocks", Mode::Halfblocks),
        ("kitty 10x20", protocol(ProtocolType::Kitty)),
        ("sixel 10x20", protocol(ProtocolType::Sixel)),
        ("iTerm2 10x20", protocol(ProtocolType::Iterm2)),
    ];
    for (mode_name, mode) in modes {
        for (pic_name, bytes) in [("fixture", FIXTURE), ("300 paths", busy.as_slice())] {
            let mut first = Vec::new();
            let mut full = Vec::new();
            let mut cached = Vec::new();
            for round in 0..10 {
                // A fresh cache each round: the first frame renders (in a graphics protocol, a
                // half-block preview while the full picture is made in the background), the
                // next 20 hit.
                let pictures = Pictures::new(mode.clone());
                let mut t = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
                let ov = overlay(round % 3);
                let t0 = Instant::now();
                first.push(frame(&mut t, &pictures, bytes, &ov));
                if pictures.pending() {
                    assert!(pictures.wait_ready(Duration::from_secs(60)), "made in time");
                    full.push(t0.elapsed());
                }
                for _ in 0..20 {
                    cached.push(frame(&mut t, &pictures, bytes, &ov));
                }
                let made = if full.is_empty() { 1 } else { 2 };
                assert_eq!(pictures.renders(), made, "cached frames must not render");
            }
            super::stats(&format!("{mode_name}, {pic_name}, first"), first);
            if !full.is_empty() {
                super::stats(
                    &format!("{mode_name}, {pic_name}, full picture ready"),
                    full,
                );
            }
            super::stats(&format!("{mode_name}, {pic_name}, cached"), cached);
        }
    }
}
