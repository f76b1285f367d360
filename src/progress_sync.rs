//! Progress when it is synced between devices (`sync_dir`): this device's answers go to its
//! own log in the sync folder, and progress is every device's answers folded in time order
//! (see `store::sync`).

use std::path::Path;

use rustc_hash::FxHashMap;

use crate::progress_file::{Access, EventStore, Loaded, as_renamed, loaded, renames_key};
use crate::schedule::Scheduler;
use crate::store::sync::{Device, SyncStore};
use crate::study::{Collection, Event, Progress};
use crate::sync_setting::SyncSetting;

impl EventStore for SyncStore {
    fn append_event(&mut self, ev: &Event) -> Result<(), crate::store::StoreError> {
        self.append(ev)
    }
    fn write_snapshot(&mut self, progress: &Progress) -> Result<(), crate::store::StoreError> {
        self.save_snapshot(progress)
    }
    fn read_only(&self) -> bool {
        self.is_read_only()
    }
    fn snapshot_dir(&self) -> &Path {
        self.local_dir()
    }
}

/// Opens the synced store for `data` (taking its lock when `access` writes).
pub fn open_store(data: &Path, setting: &SyncSetting, access: Access) -> Result<SyncStore, String> {
    let write = access == Access::Write;
    let device = Device::resolve(data, setting.device.as_deref(), write)?;
    let store = if write {
        let real_today = crate::clock::Clock::System
            .now()
            .to_zoned(jiff::tz::TimeZone::system())
            .date();
        SyncStore::open::<Event>(data, &setting.dir, &device, real_today)
    } else {
        SyncStore::open_read_only::<Event>(data, &setting.dir, &device)
    };
    store.map_err(|e| e.to_string())
}

/// As `progress_file::begin` and `finish` together, for synced progress.
pub fn open(
    data: &Path,
    setting: &SyncSetting,
    sched: &Scheduler,
    access: Access,
    renamed: &FxHashMap<String, String>,
    coll: &Collection,
) -> Result<Loaded, String> {
    let mut store = open_store(data, setting, access)?;
    store.set_snapshot_key(sched.settings_key() ^ renames_key(renamed));
    let local = store.local_dir().to_path_buf();
    let (progress, records) = store
        .fold_keeping::<Event, Progress>(
            &mut |p| crate::progress_ids::resolve(&local, &mut p.states, coll),
            &mut |p, ev| {
                p.apply(&as_renamed(ev, renamed), sched);
            },
        )
        .map_err(|e| e.to_string())?;
    let warnings = store.warnings();
    Ok(loaded(store, records, progress, warnings))
}

/// Every event of every device, in the merged order, renamed (for `optimize` and `feedback`).
pub fn all_events(
    data: &Path,
    setting: &SyncSetting,
    renamed: &FxHashMap<String, String>,
) -> Result<(Vec<Event>, Vec<String>), String> {
    let mut store = open_store(data, setting, Access::Read)?;
    let events = store.records::<Event>().map_err(|e| e.to_string())?;
    let events = events.into_iter().map(|e| as_renamed(e, renamed)).collect();
    Ok((events, store.warnings()))
}

/// Every event of the progress under `paths`, synced or not, in the order progress folds them
/// and renamed, with warnings for the user.
pub fn events(
    paths: &crate::paths::Paths,
    config: &crate::config::Config,
    renamed: &FxHashMap<String, String>,
) -> Result<(Vec<Event>, Vec<String>), String> {
    if let Some(setting) = SyncSetting::resolve(config, &paths.config_file) {
        return all_events(&paths.data, &setting, renamed);
    }
    let store =
        crate::store::Store::open_read_only::<Event>(&paths.data).map_err(|e| e.to_string())?;
    let mut events = Vec::new();
    store
        .replay::<Event>(0, |ev| events.push(as_renamed(ev, renamed)))
        .map_err(|e| e.to_string())?;
    Ok((events, store.warnings()))
}
