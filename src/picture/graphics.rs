//! How pictures are drawn in this terminal: the `graphics` setting and what the environment says
//! about the terminal. The decision is a pure function of both ([`decide`]); only when the
//! environment names a terminal known to speak a graphics protocol is the terminal asked
//! ([`mode`]), with a short timeout, so start-up never waits on a terminal that stays silent.

use std::collections::BTreeMap;
use std::time::Duration;

use ratatui_image::picker::cap_parser::QueryStdioOptions;
use ratatui_image::picker::{Picker, ProtocolType};
use serde::Deserialize;

/// The `graphics` setting in `config.ron`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Graphics {
    /// Half-blocks, or a graphics protocol where the terminal is known to have one.
    #[default]
    Auto,
    /// Always half-blocks (coloured `▀` cells): works in every colour terminal.
    Halfblocks,
    /// No pictures: their text description instead.
    Off,
}

/// The environment variables the decision reads.
const VARS: [&str; 11] = [
    "TERM",
    "TERM_PROGRAM",
    "KITTY_WINDOW_ID",
    "WEZTERM_EXECUTABLE",
    "ITERM_SESSION_ID",
    "LC_TERMINAL",
    "GHOSTTY_RESOURCES_DIR",
    "TMUX",
    "STY",
    "NO_COLOR",
    "ZELLIJ",
];

/// A snapshot of the environment variables that matter here (empty values count as unset).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Env(BTreeMap<&'static str, String>);

impl Env {
    /// This process's environment.
    pub fn current() -> Env {
        Env::from_lookup(|k| std::env::var(k).ok())
    }

    /// An environment from given pairs (tests, and callers that hold their own).
    pub fn from_pairs(pairs: &[(&str, &str)]) -> Env {
        Env::from_lookup(|k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| (*v).to_string())
        })
    }

    fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Env {
        Env(VARS
            .iter()
            .filter_map(|&k| get(k).filter(|v| !v.is_empty()).map(|v| (k, v)))
            .collect())
    }

    fn get(&self, k: &str) -> &str {
        self.0.get(k).map_or("", String::as_str)
    }

    fn has(&self, k: &str) -> bool {
        self.0.contains_key(k)
    }
}

/// What to do, before any terminal is asked anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// No pictures: the alt text.
    Off,
    /// Half-blocks, without asking the terminal.
    Halfblocks,
    /// Ask the terminal which protocol it speaks (half-blocks if it does not answer).
    Query,
}

/// The decision from the setting and the environment alone.
pub fn decide(setting: Graphics, env: &Env) -> Decision {
    // NO_COLOR means no colour, and a picture is nothing but colour.
    if setting == Graphics::Off || env.has("NO_COLOR") {
        return Decision::Off;
    }
    if setting == Graphics::Halfblocks || multiplexed(env) {
        return Decision::Halfblocks;
    }
    if speaks_graphics(env) {
        Decision::Query
    } else {
        Decision::Halfblocks
    }
}

/// Inside tmux, screen or zellij: passing images through them needs their own settings, and a
/// query may be answered by the multiplexer rather than the terminal.
fn multiplexed(env: &Env) -> bool {
    let term = env.get("TERM");
    env.has("TMUX")
        || env.has("STY")
        || env.has("ZELLIJ")
        || term.starts_with("screen")
        || term.starts_with("tmux")
        || env.get("TERM_PROGRAM") == "tmux"
}

/// The environment names a terminal known to draw images (kitty, WezTerm, iTerm2, foot,
/// Ghostty, mlterm, Contour, Konsole).
fn speaks_graphics(env: &Env) -> bool {
    let term = env.get("TERM");
    let program = env.get("TERM_PROGRAM");
    env.has("KITTY_WINDOW_ID")
        || env.has("WEZTERM_EXECUTABLE")
        || env.has("ITERM_SESSION_ID")
        || env.has("GHOSTTY_RESOURCES_DIR")
        || env.get("LC_TERMINAL").contains("iTerm")
        || [
            "xterm-kitty",
            "foot",
            "foot-extra",
            "xterm-ghostty",
            "mlterm",
            "contour",
            "wezterm",
        ]
        .contains(&term)
        || ["iTerm.app", "WezTerm", "ghostty", "kitty"].contains(&program)
}

/// How pictures are drawn, as the app holds it.
#[derive(Debug, Clone)]
pub enum Mode {
    /// The alt text only.
    Off,
    /// Coloured half-block cells; the `?` and markers as terminal text.
    Halfblocks,
    /// A graphics protocol (kitty, sixel, iTerm2), with the terminal's cell size in pixels.
    Graphics(Picker),
}

/// How long the terminal has to answer the capability query.
pub const QUERY_TIMEOUT: Duration = Duration::from_millis(250);

/// The mode for this terminal. Call once, after entering the alternate screen and before
/// reading events: with [`Decision::Query`] it writes a query to the terminal and reads the
/// answer for at most [`QUERY_TIMEOUT`]; any failure means half-blocks.
pub fn mode(setting: Graphics, env: &Env) -> Mode {
    match decide(setting, env) {
        Decision::Off => Mode::Off,
        Decision::Halfblocks => Mode::Halfblocks,
        Decision::Query => {
            let options = QueryStdioOptions {
                timeout: QUERY_TIMEOUT,
                ..QueryStdioOptions::default()
            };
            match Picker::from_query_stdio_with_options(options) {
                Ok(p) => from_picker(p),
                Err(_) => Mode::Halfblocks,
            }
        }
    }
}

/// A picker that settled on half-blocks is half-blocks: its cell size is only a guess.
pub fn from_picker(picker: Picker) -> Mode {
    let font = picker.font_size();
    if picker.protocol_type() == ProtocolType::Halfblocks || font.width == 0 || font.height == 0 {
        Mode::Halfblocks
    } else {
        Mode::Graphics(picker)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_decision_table() {
        use Decision::{Halfblocks as H, Off as O, Query as Q};
        use Graphics::{Auto, Halfblocks, Off};
        type Row<'a> = (Graphics, &'a [(&'a str, &'a str)], Decision);
        let rows: &[Row] = &[
            (Auto, &[("TERM", "xterm-kitty")], Q),
            (
                Auto,
                &[("TERM", "xterm-256color"), ("KITTY_WINDOW_ID", "1")],
                Q,
            ),
            (Auto, &[("TERM_PROGRAM", "WezTerm")], Q),
            (Auto, &[("TERM_PROGRAM", "iTerm.app")], Q),
            (Auto, &[("LC_TERMINAL", "iTerm2")], Q),
            (Auto, &[("TERM", "foot")], Q),
            (Auto, &[("TERM", "xterm-ghostty")], Q),
            (Auto, &[("TERM", "xterm-256color")], H),
            (Auto, &[("TERM", "linux")], H),
            (Auto, &[], H),
            (Auto, &[("TERM_PROGRAM", "Apple_Terminal")], H),
            (
                Auto,
                &[("TERM", "xterm-kitty"), ("TMUX", "/tmp/tmux-1/default,1,0")],
                H,
            ),
            (
                Auto,
                &[("TERM", "tmux-256color"), ("KITTY_WINDOW_ID", "3")],
                H,
            ),
            (
                Auto,
                &[("TERM", "screen-256color"), ("TERM_PROGRAM", "WezTerm")],
                H,
            ),
            (Auto, &[("STY", "1234.pts-0"), ("TERM", "foot")], H),
            (Auto, &[("ZELLIJ", "0"), ("TERM", "xterm-kitty")], H),
            (Auto, &[("TERM", "xterm-kitty"), ("NO_COLOR", "1")], O),
            (Auto, &[("TERM", "xterm-kitty"), ("NO_COLOR", "")], Q),
            (Halfblocks, &[("TERM", "xterm-kitty")], H),
            (Halfblocks, &[("TERM", "xterm"), ("NO_COLOR", "yes")], O),
            (Off, &[("TERM", "xterm-kitty")], O),
            (Off, &[], O),
        ];
        for (setting, pairs, want) in rows {
            let got = decide(*setting, &Env::from_pairs(pairs));
            assert_eq!(got, *want, "{setting:?} {pairs:?}");
        }
    }

    #[test]
    fn off_and_halfblocks_never_ask_the_terminal() {
        // Without a terminal on stdin a query would fail or wait; these return at once.
        let env = Env::from_pairs(&[("TERM", "xterm-kitty")]);
        assert!(matches!(mode(Graphics::Off, &env), Mode::Off));
        assert!(matches!(mode(Graphics::Halfblocks, &env), Mode::Halfblocks));
    }

    #[test]
    fn the_setting_reads_from_config() {
        #[derive(Deserialize)]
        struct S {
            g: Graphics,
        }
        let read = |t: &str| ron::from_str::<S>(t).map(|s| s.g);
        assert_eq!(read("(g: auto)").unwrap(), Graphics::Auto);
        assert_eq!(read("(g: halfblocks)").unwrap(), Graphics::Halfblocks);
        assert_eq!(read("(g: off)").unwrap(), Graphics::Off);
        assert!(read("(g: sixel)").is_err());
    }
}
