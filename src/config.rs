//! Settings from `config.ron`; every field is optional. A bad file is reported as
//! `path:line:col` and never rewritten or reset.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::schedule::Params;
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
    pub new_per_day: u32,
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
            new_per_day: l.new_per_day,
            reviews_per_day: l.reviews_per_day,
            leech_lapses: p.leech_lapses,
            learned_stability_days: l.learned_stability_days,
            learned_share: l.learned_share,
            prerequisites: l.prerequisites,
            learn_ahead_minutes: u32::try_from(l.learn_ahead_secs / 60).unwrap_or(20),
            exam_date: None,
            decks: BTreeMap::new(),
            fsrs_parameters: Vec::new(),
        }
    }
}

impl Config {
    /// Reads the config; a missing file means the defaults.
    pub fn load(path: &Path) -> Result<Config, String> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => return Err(format!("{}: cannot read the config: {e}", path.display())),
        };
        Self::parse(&path.display().to_string(), &text)
    }

    pub fn parse(name: &str, text: &str) -> Result<Config, String> {
        let cfg: Config = crate::deck::load::ron_options().from_str(text).map_err(|e| {
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
        if !(0..=23).contains(&self.day_starts_at) {
            return Err("day_starts_at is an hour from 0 to 23".to_string());
        }
        if !(0.0..=1.0).contains(&self.learned_share) {
            return Err("learned_share is a fraction from 0 to 1".to_string());
        }
        self.exam().map(|_| ())
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
            new_per_day: self.new_per_day,
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
        assert_eq!(c.new_per_day, 5);
        assert_eq!(
            c.limits().per_deck,
            vec![("spine".to_string(), Some(2), None)]
        );
        assert!(c.params().exam.is_some());
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
    fn bad_config_names_line_and_column() {
        let e = Config::parse("config.ron", "(\n  new_per_dya: 5,\n)").unwrap_err();
        assert!(e.starts_with("config.ron:2:"), "{e}");
        let e = Config::parse("config.ron", "(desired_retention: 1.5)").unwrap_err();
        assert!(e.contains("desired_retention"), "{e}");
    }
}
