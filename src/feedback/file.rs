//! The export file: one JSON shape for both exports, told apart by `format`. A flags export
//! (`somadeck-flags/1`) holds the flagged cards, each with its answers (grades and times); a
//! progress export (`somadeck-progress/1`) holds every card the student has answered or
//! flagged, each with counts and the FSRS memory state, and its flag if any.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::schedule::Grade;

pub const FLAGS_FORMAT: &str = "somadeck-flags/1";
pub const PROGRESS_FORMAT: &str = "somadeck-progress/1";

/// Which export a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Flags,
    Progress,
}

impl Kind {
    pub fn format(self) -> &'static str {
        match self {
            Kind::Flags => FLAGS_FORMAT,
            Kind::Progress => PROGRESS_FORMAT,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportFile {
    pub format: String,
    /// The student's name, only when they chose to give it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub exported_at: Timestamp,
    pub cards: Vec<CardRecord>,
}

impl ExportFile {
    /// Which export this is; `None` for a format this version does not read.
    pub fn kind(&self) -> Option<Kind> {
        match self.format.as_str() {
            FLAGS_FORMAT => Some(Kind::Flags),
            PROGRESS_FORMAT => Some(Kind::Progress),
            _ => None,
        }
    }
}

/// One review item (`deck/card`, with `#reverse` or `#2` for a card asked more than one way).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardRecord {
    pub deck: String,
    /// The deck's version when the file was exported.
    pub deck_version: u32,
    pub item: String,
    /// Answers that stand (undone ones are not counted).
    pub answers: u32,
    /// Progress exports: times the card was forgotten after it had been learnt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lapses: Option<u32>,
    /// Progress exports: the FSRS memory state (none before the first answer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difficulty: Option<f32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stability: Option<f32>,
    /// Flags exports: every answer that stands, oldest first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<Vec<Answer>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flag: Option<FlagRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub at: Timestamp,
    pub grade: Grade,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlagRecord {
    pub at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Why a file is not a feedback export this version can read.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("{line}:{column}: not valid JSON: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "not a somadeck feedback file (it has no \"format\" field); students write them with \
         `somadeck flags --export FILE` or `somadeck progress --export FILE`"
    )]
    Foreign,
    #[error("not a somadeck feedback file (its format is \"{0}\")")]
    OtherFormat(String),
    #[error(
        "written in format \"{0}\", which this somadeck does not read (it reads {FLAGS_FORMAT} \
         and {PROGRESS_FORMAT}); update somadeck"
    )]
    Newer(String),
    #[error("{line}:{column}: {message}")]
    Shape {
        line: usize,
        column: usize,
        message: String,
    },
}

/// Reads an export from its bytes, saying what is wrong (with line and column) if it is not one.
pub fn parse(bytes: &[u8]) -> Result<ExportFile, FileError> {
    // serde_json ends its messages with " at line L column C"; the position is given apart.
    let at = |e: &serde_json::Error| {
        let text = e.to_string();
        let message = text
            .rsplit_once(" at line ")
            .map_or(text.as_str(), |(m, _)| m)
            .to_string();
        (e.line(), e.column(), message)
    };
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        let (line, column, message) = at(&e);
        FileError::Syntax {
            line,
            column,
            message,
        }
    })?;
    let format = value
        .get("format")
        .and_then(serde_json::Value::as_str)
        .ok_or(FileError::Foreign)?;
    if format != FLAGS_FORMAT && format != PROGRESS_FORMAT {
        let ours =
            format.starts_with("somadeck-flags/") || format.starts_with("somadeck-progress/");
        return Err(if ours {
            FileError::Newer(format.to_string())
        } else {
            FileError::OtherFormat(format.to_string())
        });
    }
    // Read again from the bytes, so a field of the wrong shape is reported where it is.
    serde_json::from_slice(bytes).map_err(|e| {
        let (line, column, message) = at(&e);
        FileError::Shape {
            line,
            column,
            message,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn foreign_newer_and_broken_files_are_told_apart() {
        assert!(matches!(parse(b"{\"cards\": []}"), Err(FileError::Foreign)));
        assert!(matches!(parse(b"[1, 2]"), Err(FileError::Foreign)));
        assert!(matches!(
            parse(b"{\"format\": \"anki\"}"),
            Err(FileError::OtherFormat(f)) if f == "anki"
        ));
        assert!(matches!(
            parse(b"{\"format\": \"somadeck-progress/2\"}"),
            Err(FileError::Newer(_))
        ));
        assert!(matches!(
            parse(b"{\n\"format\": \"somadeck-flags/1\",\n  oops"),
            Err(FileError::Syntax { line: 3, .. })
        ));
        let wrong = b"{\"format\": \"somadeck-flags/1\",\n\"exported_at\": 7, \"cards\": []}";
        assert!(matches!(
            parse(wrong),
            Err(FileError::Shape { line: 2, .. })
        ));
    }

    #[test]
    fn a_file_reads_back_as_written() {
        let file = ExportFile {
            format: PROGRESS_FORMAT.into(),
            name: None,
            exported_at: "2026-12-01T10:00:00Z".parse().unwrap(),
            cards: vec![CardRecord {
                deck: "skull".into(),
                deck_version: 3,
                item: "skull/sella".into(),
                answers: 4,
                lapses: Some(1),
                difficulty: Some(6.5),
                stability: Some(2.25),
                history: None,
                flag: Some(FlagRecord {
                    at: "2026-11-30T10:00:00Z".parse().unwrap(),
                    note: Some("typo in the answer".into()),
                }),
            }],
        };
        let json = serde_json::to_string(&file).unwrap();
        assert!(
            !json.contains("name") && !json.contains("history"),
            "{json}"
        );
        let back = parse(json.as_bytes()).unwrap();
        assert_eq!(back, file);
        assert_eq!(back.kind(), Some(Kind::Progress));
    }
}
