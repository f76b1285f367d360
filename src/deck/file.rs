//! The on-disk shape of a deck: the serde types that RON text maps onto, kept apart from the
//! model so the model never carries parsing details.

use std::collections::BTreeMap;

use ron::value::RawValue;
use serde::{Deserialize, Serialize};

/// The deck as first parsed: topics and cards stay raw text so each one can be parsed on its
/// own, its errors placed at its own line and column.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Deck")]
pub struct DeckFile<'a> {
    pub id: String,
    pub title: String,
    #[serde(default = "one")]
    pub version: u32,
    #[serde(default)]
    pub authors: Vec<String>,
    #[serde(default)]
    pub description: String,
    #[serde(default, alias = "license")]
    pub licence: String,
    #[serde(default)]
    pub sources: BTreeMap<String, String>,
    /// The id of the built-in deck this file is a new edition of.
    #[serde(default)]
    pub replaces: Option<String>,
    #[serde(default, borrow)]
    pub topics: Vec<&'a RawValue>,
    #[serde(borrow)]
    pub cards: Vec<&'a RawValue>,
}

fn one() -> u32 {
    1
}

#[derive(Deserialize, Serialize, Debug, Clone, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct TopicFile {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requires: Vec<String>,
}

/// Every field a card may carry; which ones are set decides the card's kind.
#[derive(Deserialize, Serialize, Debug, Clone, Default, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename = "Card")]
pub struct CardFile {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub front: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub back: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reverse: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answers: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choices: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correct: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloze: Option<String>,
    /// `"type"` or `"reveal"`: how a cloze deletion is answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gap: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explain: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Ids this card had before; progress under them carries over.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub renamed_from: Vec<String>,
    /// A picture file, relative to the deck file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// What the picture shows, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alt: Option<String>,
    /// `"front"` or `"back"`: when the picture is shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_on: Option<String>,
    /// Named places on the picture: makes the card an occlusion card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions: Option<Vec<RegionFile>>,
    /// An occlusion card's question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt: Option<String>,
    /// `"type"` or `"reveal"`: how a region is named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// Also drill "where is it?" for every region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locate: Option<bool>,
}

/// One region of an occlusion card, as written.
#[derive(Deserialize, Serialize, Debug, Clone, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RegionFile {
    pub id: String,
    pub label: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    pub shape: crate::deck::model::Shape,
}

/// The owned form written back out by `write`.
#[derive(Serialize)]
#[serde(rename = "Deck")]
pub struct DeckOut {
    pub id: String,
    pub title: String,
    pub version: u32,
    pub authors: Vec<String>,
    pub description: String,
    pub licence: String,
    pub sources: BTreeMap<String, String>,
    pub topics: Vec<TopicFile>,
    pub cards: Vec<CardFile>,
}
