//! What `somadeck sync` shows of each device: its events, its answers and its last answer.

use std::collections::BTreeMap;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{Stamped, SyncStore, fold};
use crate::store::StoreError;

/// One device as `somadeck sync` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviceSummary {
    pub name: String,
    pub this: bool,
    pub records: u64,
    pub answers: u64,
    pub last_answer: Option<jiff::Timestamp>,
}

impl SyncStore {
    /// Every device with its records, answers and last answer, this device first.
    pub fn devices<E: DeserializeOwned + Stamped + Send>(
        &self,
    ) -> Result<Vec<DeviceSummary>, StoreError> {
        let sources = self.sources()?;
        let (records, _) = fold::keyed::<E>(&sources, &vec![(0, 0); sources.len()])?;
        let mut by_name: BTreeMap<String, DeviceSummary> = BTreeMap::new();
        by_name.insert(self.device.name.clone(), self.summary(&self.device.name));
        for (key, record) in records {
            let d = by_name
                .entry(key.device.clone())
                .or_insert_with(|| self.summary(&key.device));
            d.records += 1;
            if record.is_answer() {
                d.answers += 1;
                d.last_answer = d.last_answer.max(Some(record.stamp()));
            }
        }
        let mut all: Vec<DeviceSummary> = by_name.into_values().collect();
        all.sort_by_key(|d| !d.this);
        Ok(all)
    }

    fn summary(&self, name: &str) -> DeviceSummary {
        DeviceSummary {
            name: name.to_string(),
            this: name == self.device.name,
            records: 0,
            answers: 0,
            last_answer: None,
        }
    }
}
