//! Settings from `config.ron`; every field is optional. A bad file is reported as
//! `path:line:col` and never rewritten or reset.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::ron_file::ReadError;
use crate::schedule::Params;
use crate::study::exam::NewPerDay;
use crate::study::{Limits, Prerequisites};

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default, rename = "Config")]
pub struct Config {
    pub desired_retention: f32,
    pub maximum_interval_days: u32,
    pub learning_steps_minutes: Vec<u32>,
    pub relearning_steps_minutes: Vec<u32>,
    /// The local hour a study day starts (0-23).
    pub day_starts_at: i8,
    /// New items a day over all decks, or `auto`: paced by the exam plan (see `study::exam`).
    pub new_per_day: NewPerDay,
    pub reviews_per_day: u32,
    pub leech_lapses: u32,
    pub learned_stability_days: f32,
    /// Kept for old configs: `learned_share: 0.0` was the way past the locks before
    /// `prerequisites: off`.
    pub learned_share: f32,
    /// `strict` (topics wait for the topics they require) or `off`.
    pub prerequisites: Prerequisites,
    pub learn_ahead_minutes: u32,
    /// `YYYY-MM-DD`: intervals are kept short enough that every card is seen before it.
    pub exam_date: Option<String>,
    pub decks: BTreeMap<String, DeckLimits>,
    pub fsrs_parameters: Vec<f32>,
    /// Deck ids left out of study, the home screen and `somadeck decks` (their progress is
    /// kept). Built-in decks cannot be uninstalled, so this is how a learner drops one.
    pub hidden_decks: Vec<String>,
    /// How pictures on cards are drawn: `auto` (half-blocks, or the terminal's graphics
    /// protocol where the environment names a terminal that has one), `halfblocks`, or `off`
    /// (their text description instead). `NO_COLOR` also means `off`.
    pub graphics: crate::picture::Graphics,
    /// A folder a file sync tool shares between devices (`~/` is the home folder); progress
    /// then follows the learner across them (see `sync_setting`). `SOMADECK_SYNC_DIR` wins.
    pub sync_dir: Option<String>,
    /// This device's name in `sync_dir`; a generated one when unset.
    pub device: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct DeckLimits {
    pub new_per_day: Option<u32>,
    pub reviews_per_day: Option<u32>,
}

impl Default for Config {
    fn default() -> Self {
        let p = Params::default();
        let l = Limits::default();
        Config {
            desired_retention: p.desired_retention,
            maximum_interval_days: p.maximum_interval_days,
            learning_steps_minutes: p.learning_steps_min,
            relearning_steps_minutes: p.relearning_steps_min,
            day_starts_at: 4,
            new_per_day: NewPerDay::Fixed(l.new_per_day),
            reviews_per_day: l.reviews_per_day,
            leech_lapses: p.leech_lapses,
            learned_stability_days: l.learned_stability_days,
            learned_share: l.learned_share,
            prerequisites: l.prerequisites,
            learn_ahead_minutes: u32::try_from(l.learn_ahead_secs / 60).unwrap_or(20),
            exam_date: None,
            decks: BTreeMap::new(),
            fsrs_parameters: Vec::new(),
            hidden_decks: Vec::new(),
            graphics: crate::picture::Graphics::Auto,
            sync_dir: None,
            device: None,
        }
    }
}

/// `config.ron` is a few hundred bytes; anything past this is not a config.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// The longest learning or relearning step: 30 days, in minutes.
const MAX_STEP_MINUTES: u32 = 30 * 24 * 60;
const MAX_STEPS: usize = 20;
/// About a century, as FSRS caps stability.
const MAX_DAYS: u32 = 36_500;

impl Config {
    /// Reads the config; a missing or empty file means the defaults. Only a regular file is
    /// read, and at most [`MAX_CONFIG_BYTES`] of it.
    pub fn load(path: &Path) -> Result<Config, String> {
        let shown = path.display();
        let bytes = match crate::ron_file::read_capped(path, MAX_CONFIG_BYTES) {
            Ok(b) => b,
            Err(ReadError::NotFound) => return Ok(Config::default()),
            Err(e) => return Err(format!("{shown}: cannot read the config: {e}")),
        };
        let text = String::from_utf8(bytes).map_err(|_| {
            format!("{shown}: error: the config is not valid UTF-8; save it as UTF-8")
        })?;
        Self::parse(&shown.to_string(), &text)
    }

    pub fn parse(name: &str, text: &str) -> Result<Config, String> {
        let text = crate::ron_file::strip_bom(text);
        if text.trim().is_empty() {
            return Ok(Config::default());
        }
        let cfg: Config = crate::ron_file::ron_options().from_str(text).map_err(|e| {
            format!(
                "{name}:{}:{}: error: {} (the file was left as it is; fix it or move it away to use the defaults)",
                e.span.start.line, e.span.start.col, e.code
            )
        })?;
        cfg.check().map_err(|m| format!("{name}: error: {m}"))?;
        Ok(cfg)
    }

    fn check(&self) -> Result<(), String> {
        if !(0.7..=0.99).contains(&self.desired_retention) {
            return Err(format!(
                "desired_retention is {}; use a value from 0.70 to 0.99",
                self.desired_retention
            ));
        }
        if !(1..=MAX_DAYS).contains(&self.maximum_interval_days) {
            return Err(format!(
                "maximum_interval_days is {}; use 1 to {MAX_DAYS}",
                self.maximum_interval_days
            ));
        }
        for (name, steps) in [
            ("learning_steps_minutes", &self.learning_steps_minutes),
            ("relearning_steps_minutes", &self.relearning_steps_minutes),
        ] {
            if steps.len() > MAX_STEPS {
                return Err(format!(
                    "{name} has {} steps; use at most {MAX_STEPS}",
                    steps.len()
                ));
            }
            if let Some(bad) = steps.iter().find(|s| !(1..=MAX_STEP_MINUTES).contains(*s)) {
                return Err(format!(
                    "{name} has a step of {bad} minutes; each step is 1 to {MAX_STEP_MINUTES} minutes (30 days)"
                ));
            }
        }
        if !(0..=23).contains(&self.day_starts_at) {
            return Err("day_starts_at is an hour from 0 to 23".to_string());
        }
        if !(1..=1000).contains(&self.leech_lapses) {
            return Err(format!(
                "leech_lapses is {}; use 1 to 1000",
                self.leech_lapses
            ));
        }
        #[allow(clippy::cast_precision_loss)]
        let max_days = MAX_DAYS as f32;
        if !(0.0..=max_days).contains(&self.learned_stability_days) {
            return Err(format!(
                "learned_stability_days is {}; use a number of days from 0 to {MAX_DAYS}",
                self.learned_stability_days
            ));
        }
        if !(0.0..=1.0).contains(&self.learned_share) {
            return Err("learned_share is a fraction from 0 to 1".to_string());
        }
        if self.learn_ahead_minutes > 24 * 60 {
            return Err(format!(
                "learn_ahead_minutes is {}; use 0 to 1440 (a day)",
                self.learn_ahead_minutes
            ));
        }
        check_fsrs(&self.fsrs_parameters, self.relearning_steps_minutes.len())?;
        crate::sync_setting::check_device(self.device.as_deref())?;
        self.exam().map(|_| ())
    }

    /// Warnings for `decks:` entries that name no loaded deck (a misspelt id is otherwise
    /// silently ignored).
    pub fn unknown_decks(&self, name: &str, ids: &[&str]) -> Vec<String> {
        self.decks
            .keys()
            .filter(|k| !ids.contains(&k.as_str()))
            .map(|k| {
                format!(
                    "{name}: warning: `decks` has limits for `{}`, but no deck has that id (the decks are: {})",
                    k.escape_debug(),
                    ids.join(", ")
                )
            })
            .collect()
    }

    /// Warnings for `hidden_decks` entries that name no deck.
    pub fn unknown_hidden(&self, name: &str, ids: &[&str]) -> Vec<String> {
        self.hidden_decks
            .iter()
            .filter(|k| !ids.contains(&k.as_str()))
            .map(|k| {
                format!(
                    "{name}: warning: `hidden_decks` names `{}`, but no deck has that id",
                    k.escape_debug()
                )
            })
            .collect()
    }

    pub fn is_hidden(&self, deck: &str) -> bool {
        self.hidden_decks.iter().any(|h| h == deck)
    }

    pub fn exam(&self) -> Result<Option<jiff::civil::Date>, String> {
        self.exam_date
            .as_deref()
            .map(|d| {
                d.parse()
                    .map_err(|e| format!("exam_date {d:?} is not a date like 2027-03-01: {e}"))
            })
            .transpose()
    }

    pub fn params(&self) -> Params {
        Params {
            desired_retention: self.desired_retention,
            maximum_interval_days: self.maximum_interval_days,
            learning_steps_min: self.learning_steps_minutes.clone(),
            relearning_steps_min: self.relearning_steps_minutes.clone(),
            leech_lapses: self.leech_lapses.max(1),
            exam: self.exam().ok().flatten(),
            fsrs_parameters: self.fsrs_parameters.clone(),
        }
    }

    pub fn limits(&self) -> Limits {
        Limits {
            new_per_day: self.new_per_day.without_exam(),
            reviews_per_day: self.reviews_per_day,
            per_deck: self
                .decks
                .iter()
                .map(|(id, l)| (id.clone(), l.new_per_day, l.reviews_per_day))
                .collect(),
            learn_ahead_secs: i64::from(self.learn_ahead_minutes) * 60,
            learned_stability_days: self.learned_stability_days,
            learned_share: self.learned_share,
            prerequisites: self.prerequisites,
        }
    }
}

/// FSRS parameters as the `fsrs` crate accepts them (17, 19 or 21 finite numbers, or none),
/// each within the bounds its optimizer keeps them in. The crate checks the count and
/// finiteness publicly (`check_and_fill_parameters`) but keeps its clamps private, so they are
/// restated here from fsrs 6 (`parameter_clipper.rs`), with short-term parameters allowed to be
/// 0 as FSRS-5 sets them.
fn check_fsrs(given: &[f32], relearning_steps: usize) -> Result<(), String> {
    if given.is_empty() {
        return Ok(());
    }
    let w = fsrs::check_and_fill_parameters(given).map_err(|_| {
        format!(
            "fsrs_parameters has {} values; give 17, 19 or 21 finite numbers (as an optimizer prints them), or leave it out",
            given.len()
        )
    })?;
    let (s_min, init_s_max, d_min, d_max) = (0.001, 100.0, 1.0, 10.0);
    // As fsrs bounds w17 and w18 so that relearning steps cannot raise stability.
    let w17_w18_max: f32 = if relearning_steps > 1 {
        #[allow(clippy::cast_precision_loss)]
        let steps = relearning_steps as f32;
        (-(w[11].ln() + (2.0f32.powf(w[13]) - 1.0).ln() + w[14] * 0.3) / steps)
            .max(0.01)
            .sqrt()
            .min(2.0)
    } else {
        2.0
    };
    let bounds: [(f32, f32); 21] = [
        (s_min, init_s_max),
        (s_min, init_s_max),
        (s_min, init_s_max),
        (s_min, init_s_max),
        (d_min, d_max),
        (0.001, 4.0),
        (0.001, 4.0),
        (0.001, 0.75),
        (0.0, 4.5),
        (0.0, 0.8),
        (0.001, 3.5),
        (0.001, 5.0),
        (0.001, 0.25),
        (0.001, 0.9),
        (0.0, 4.0),
        (0.0, 1.0),
        (1.0, 6.0),
        (0.0, w17_w18_max),
        (0.0, w17_w18_max),
        (0.0, 0.8),
        (0.1, 0.8),
    ];
    for (i, (v, (lo, hi))) in w.iter().zip(bounds).enumerate() {
        if !(lo..=hi).contains(v) {
            return Err(format!(
                "fsrs_parameters: w[{i}] is {v} (as used); FSRS keeps it from {lo} to {hi}"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_config_is_the_defaults() {
        assert_eq!(Config::parse("c", "Config()").unwrap(), Config::default());
        assert_eq!(Config::parse("c", "()").unwrap(), Config::default());
    }

    #[test]
    fn fields_and_per_deck_limits() {
        let c = Config::parse(
            "c",
            r#"(new_per_day: 5, exam_date: "2027-03-01", decks: {"spine": (new_per_day: 2)})"#,
        )
        .unwrap();
        assert_eq!(c.new_per_day, NewPerDay::Fixed(5));
        assert_eq!(
            c.limits().per_deck,
            vec![("spine".to_string(), Some(2), None)]
        );
        assert!(c.params().exam.is_some());
    }

    #[test]
    fn new_per_day_is_a_number_or_auto() {
        let c = Config::parse("c", "(new_per_day: auto)").unwrap();
        assert_eq!(c.new_per_day, NewPerDay::Auto);
        let c = Config::parse("c", r#"(new_per_day: "auto")"#).unwrap();
        assert_eq!(c.new_per_day, NewPerDay::Auto);
        let e = Config::parse("c", "(new_per_day: often)").unwrap_err();
        assert!(e.contains("c:1:") && e.contains("auto"), "{e}");
        let e = Config::parse("c", "(new_per_day: -3)").unwrap_err();
        assert!(e.contains("or auto"), "{e}");
    }

    #[test]
    fn empty_file_and_byte_order_mark_are_fine() {
        assert_eq!(Config::parse("c", "").unwrap(), Config::default());
        assert_eq!(Config::parse("c", " \n\t").unwrap(), Config::default());
        let c = Config::parse("c", "\u{feff}(new_per_day: 3)").unwrap();
        assert_eq!(c.new_per_day, NewPerDay::Fixed(3));
    }

    fn refused(text: &str, word: &str) {
        let e = Config::parse("config.ron", text).unwrap_err();
        assert!(e.contains(word), "{text}: {e}");
        assert!(e.starts_with("config.ron"), "{e}");
    }

    #[test]
    fn out_of_range_and_non_finite_values_are_refused() {
        refused(
            "(learning_steps_minutes: [4294967295])",
            "learning_steps_minutes",
        );
        refused("(learning_steps_minutes: [1, 0])", "learning_steps_minutes");
        refused(
            "(relearning_steps_minutes: [50000])",
            "relearning_steps_minutes",
        );
        refused("(learned_stability_days: NaN)", "learned_stability_days");
        refused("(learned_stability_days: -inf)", "learned_stability_days");
        refused("(learned_stability_days: inf)", "learned_stability_days");
        refused("(learned_share: NaN)", "learned_share");
        refused("(desired_retention: NaN)", "desired_retention");
        refused("(maximum_interval_days: 0)", "maximum_interval_days");
        refused("(leech_lapses: 0)", "leech_lapses");
        refused("(learn_ahead_minutes: 100000)", "learn_ahead_minutes");
    }

    #[test]
    fn fsrs_parameters_are_held_to_the_optimizer_bounds() {
        let minus_ones = format!("(fsrs_parameters: [{}])", vec!["-1.0"; 21].join(", "));
        refused(&minus_ones, "fsrs_parameters: w[0]");
        refused(
            "(fsrs_parameters: [1.0, 2.0])",
            "fsrs_parameters has 2 values",
        );
        let mut w: Vec<String> = fsrs::DEFAULT_PARAMETERS
            .iter()
            .map(|v| format!("{v:?}"))
            .collect();
        let good = format!("(fsrs_parameters: [{}])", w.join(", "));
        Config::parse("c", &good).unwrap();
        w[4] = "11.0".to_string();
        refused(&format!("(fsrs_parameters: [{}])", w.join(", ")), "w[4]");
        w[4] = "NaN".to_string();
        refused(
            &format!("(fsrs_parameters: [{}])", w.join(", ")),
            "fsrs_parameters",
        );
    }

    #[test]
    fn hidden_decks_are_read_and_unknown_ones_warned_about() {
        let c = Config::parse("c", r#"(hidden_decks: ["skull", "nope"])"#).unwrap();
        assert!(c.is_hidden("skull") && !c.is_hidden("spine"));
        let w = c.unknown_hidden("config.ron", &["skull", "spine"]);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("`nope`"), "{w:?}");
    }

    #[test]
    fn unknown_deck_ids_under_decks_are_warned_about() {
        let c = Config::parse("c", r#"(decks: {"spnie": (new_per_day: 2), "skull": ()})"#).unwrap();
        let w = c.unknown_decks("config.ron", &["skull", "spine"]);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].contains("`spnie`") && w[0].contains("warning"),
            "{w:?}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_or_device_as_the_config_is_refused_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config.ron");
        std::os::unix::fs::symlink("/dev/zero", &p).unwrap();
        let e = Config::load(&p).unwrap_err();
        assert!(e.contains("not a regular file"), "{e}");
    }

    #[test]
    fn prerequisites_strict_or_off() {
        assert_eq!(
            Config::default().limits().prerequisites,
            Prerequisites::Strict
        );
        let c = Config::parse("c", "(prerequisites: off)").unwrap();
        assert_eq!(c.limits().prerequisites, Prerequisites::Off);
        let c = Config::parse("c", "(prerequisites: strict, learned_share: 0.0)").unwrap();
        assert_eq!(c.limits().prerequisites, Prerequisites::Strict);
        assert!(Config::parse("c", "(prerequisites: loose)").is_err());
    }

    #[test]
    fn graphics_auto_halfblocks_or_off() {
        use crate::picture::Graphics;
        assert_eq!(Config::default().graphics, Graphics::Auto);
        let c = Config::parse("c", "(graphics: halfblocks)").unwrap();
        assert_eq!(c.graphics, Graphics::Halfblocks);
        let c = Config::parse("c", "(graphics: off)").unwrap();
        assert_eq!(c.graphics, Graphics::Off);
        let e = Config::parse("config.ron", "(graphics: sixel)").unwrap_err();
        assert!(e.starts_with("config.ron:1:"), "{e}");
    }

    #[test]
    fn bad_config_names_line_and_column() {
        let e = Config::parse("config.ron", "(\n  new_per_dya: 5,\n)").unwrap_err();
        assert!(e.starts_with("config.ron:2:"), "{e}");
        let e = Config::parse("config.ron", "(desired_retention: 1.5)").unwrap_err();
        assert!(e.contains("desired_retention"), "{e}");
    }
}
