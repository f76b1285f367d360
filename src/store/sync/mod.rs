//! Progress shared between devices through a folder that a file sync tool (Syncthing,
//! Dropbox, a network share, a git repository) keeps the same on each of them.
//!
//! In the sync folder each device appends only to its own log, `<device>.log`, in the same line
//! format as `reviews.log`. Each device reads the others' logs into local copies that only grow
//! (`data/sync/<device>.log`, see [`ingest`]) and folds every device's lines into one state,
//! merged by time (see [`fold`]). The lock, the backups and the snapshot stay in the data
//! directory of each device.

mod device;
mod fold;
mod ingest;
mod names;
mod summary;
mod switch;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

pub use device::{DEVICE_FILE, Device};
pub use fold::Stamped;
pub use names::valid_device_name;
pub use summary::DeviceSummary;

use super::error::{StoreError, io_err};
use super::{LOG_FILE, Store, fsutil};
use fold::{Folded, Key, Outcome, Snap, Source};
use ingest::{Seen, complete};

/// The folder in the data directory with the other devices' lines, what was read of each
/// file of the sync folder (`seen.ron`), and the snapshot (`state.bin`).
pub const LOCAL_DIR: &str = "sync";
const SEEN_FILE: &str = "seen.ron";
const SNAPSHOT: &str = "state.bin";

/// A progress store whose log is this device's log in a sync folder.
#[derive(Debug)]
pub struct SyncStore {
    store: Store,
    sync_dir: PathBuf,
    device: Device,
    local: PathBuf,
    /// A reader's lines read from the sync folder but not in the local copies, by device.
    pending: BTreeMap<String, Vec<u8>>,
    folded: Vec<Folded>,
    newest: Option<Key>,
    /// Lines in this device's log, as folded and appended.
    own_lines: u64,
    /// Whether every record appended since the fold sorts after every record before it, so
    /// that the state in memory is the merged fold and may be saved as the snapshot.
    in_order: bool,
    settings: u64,
}

impl SyncStore {
    /// Opens for writing: takes the data directory's lock, moves a local `reviews.log` into
    /// this device's log the first time ([`switch`]), claims the device name, copies what is
    /// new in the other devices' logs, and starts the daily backup of this device's log.
    pub fn open<E: DeserializeOwned + Send + 'static>(
        data: &Path,
        sync_dir: &Path,
        device: &Device,
        today: jiff::civil::Date,
    ) -> Result<SyncStore, StoreError> {
        if !sync_dir.exists() && data.join(LOCAL_DIR).exists() {
            // Used before and gone now: most likely a share or disk not mounted. Creating it
            // would hide this device's log, and put new answers where the share will cover them.
            return Err(io_err(sync_dir)(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "the sync folder used before is missing (is its disk or network share mounted?)",
            )));
        }
        fs::create_dir_all(sync_dir).map_err(io_err(sync_dir))?;
        let own = sync_dir.join(format!("{}.log", device.name));
        let mut store = Store::open_unbacked::<E>(data, &own)?;
        switch::move_local_log::<E>(&mut store, data)?;
        if let Some(w) = device::claim(sync_dir, device, true)? {
            store.warn(w);
        }
        let local = data.join(LOCAL_DIR);
        fs::create_dir_all(&local).map_err(io_err(&local))?;
        let mut sync = Self::new(store, sync_dir, device, local);
        let ingested = sync.ingest::<E>()?;
        for (name, lines) in &ingested.lines {
            append_mirror(&sync.local, name, lines)?;
        }
        if ingested.changed {
            let text = ron::to_string(&ingested.seen).map_err(|e| StoreError::Encode {
                path: sync.local.join(SEEN_FILE),
                message: e.to_string(),
            })?;
            let path = sync.local.join(SEEN_FILE);
            crate::store::write_atomically(&path, text.as_bytes())
                .map_err(|e| io_err(&path)(std::io::Error::other(e)))?;
        }
        sync.store.daily_backup::<E>(today)?;
        Ok(sync)
    }

    /// Opens to read only: no lock, nothing written; what is new in the sync folder (and a
    /// local `reviews.log` not yet moved) is held in memory.
    pub fn open_read_only<E: DeserializeOwned>(
        data: &Path,
        sync_dir: &Path,
        device: &Device,
    ) -> Result<SyncStore, StoreError> {
        let own = sync_dir.join(format!("{}.log", device.name));
        let store = Store::open_read_only_with_log::<E>(data, &own)?;
        if let Some(w) = device::claim(sync_dir, device, false)? {
            store.warn(w);
        }
        let mut sync = Self::new(store, sync_dir, device, data.join(LOCAL_DIR));
        let mut ingested = sync.ingest::<E>()?;
        if let Ok(old) = fs::read(data.join(LOG_FILE)) {
            let own = switch::read_own(&sync.store)?;
            let known = [own, mirror(&sync.local, &device.name)].concat();
            let old_path = data.join(LOG_FILE);
            let mut both = switch::missing_lines::<E>(complete(&old), &known, &old_path, false)?;
            let own_pending = ingested.lines.entry(device.name.clone()).or_default();
            both.extend_from_slice(&switch::missing_lines::<E>(
                own_pending,
                &both,
                data,
                false,
            )?);
            *own_pending = both;
        }
        sync.pending = ingested.lines;
        Ok(sync)
    }

    fn new(store: Store, sync_dir: &Path, device: &Device, local: PathBuf) -> SyncStore {
        SyncStore {
            store,
            sync_dir: sync_dir.to_path_buf(),
            device: device.clone(),
            local,
            pending: BTreeMap::new(),
            folded: Vec::new(),
            newest: None,
            own_lines: 0,
            in_order: true,
            settings: 0,
        }
    }

    /// Reads the other devices' logs and conflict copies for lines not yet held.
    fn ingest<E: DeserializeOwned>(&self) -> Result<ingest::Ingested, StoreError> {
        let mut seen: Seen = fs::read_to_string(self.local.join(SEEN_FILE))
            .ok()
            .and_then(|t| ron::from_str(&t).ok())
            .unwrap_or_default();
        // Another device's local copy gone (deleted by hand): its files are read again whole.
        seen.retain(|file, _| {
            names::classify(file, "log").is_none_or(|n| {
                n.device == self.device.name
                    || self.local.join(format!("{}.log", n.device)).exists()
            })
        });
        let own_name = format!("{}.log", self.device.name);
        let known = |device: &str| {
            let mut bytes = mirror(&self.local, device);
            if device == self.device.name {
                // Unreadable, it adds nothing here; the fold reports it.
                bytes.extend_from_slice(&switch::read_own(&self.store).unwrap_or_default());
            }
            bytes
        };
        let mut warnings = Vec::new();
        let ingested =
            ingest::ingest::<E>(&self.sync_dir, &own_name, &seen, &known, &mut warnings)?;
        warnings.into_iter().for_each(|w| self.store.warn(w));
        Ok(ingested)
    }

    /// Every device's lines: this device's log, then each local copy with what a reader holds
    /// in memory after it.
    fn sources(&self) -> Result<Vec<Source>, StoreError> {
        let mut sources = vec![self.own_source()];
        let mut devices: Vec<String> = self.pending.keys().cloned().collect();
        if let Ok(entries) = fs::read_dir(&self.local) {
            devices.extend(entries.flatten().filter_map(|e| {
                let file = e.file_name().into_string().ok()?;
                Some(names::classify(&file, "log").filter(|n| !n.copy)?.device)
            }));
        }
        devices.sort();
        devices.dedup();
        for device in devices {
            let path = self.local.join(format!("{device}.log"));
            let len = match fs::File::open(&path) {
                Ok(mut f) => fsutil::line_end(&mut f, &path)?.1,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => 0,
                Err(e) => return Err(io_err(&path)(e)),
            };
            sources.push(Source {
                name: format!("{LOCAL_DIR}/{device}.log"),
                extra: self.pending.get(&device).cloned().unwrap_or_default(),
                path,
                device,
                rank: 1,
                len,
            });
        }
        Ok(sources)
    }

    /// This device's log, up to its last complete line.
    fn own_source(&self) -> Source {
        Source {
            name: format!("{}.log", self.device.name),
            device: self.device.name.clone(),
            rank: 0,
            path: self.store.log_path().to_path_buf(),
            len: self.store.log_len(),
            // A reader reads a last record that only lacks its newline, as it says it does.
            extra: self
                .store
                .unterminated
                .as_ref()
                .map(|t| [t.as_slice(), b"\n"].concat())
                .unwrap_or_default(),
        }
    }
}

impl SyncStore {
    /// This device's folder of local copies (`data/sync`), where the snapshot is.
    pub fn local_dir(&self) -> &Path {
        &self.local
    }

    /// Ties the snapshot to the settings the state is derived under (see
    /// [`Store::set_snapshot_key`]).
    pub fn set_snapshot_key(&mut self, key: u64) {
        self.settings = key;
    }

    /// As [`SyncStore::fold_keeping`], taking the snapshot's state whenever it fits (tests).
    #[cfg(test)]
    pub fn fold<E, S>(&mut self, apply: &mut dyn FnMut(&mut S, E)) -> Result<(S, u64), StoreError>
    where
        E: DeserializeOwned + Stamped + Send,
        S: Default + DeserializeOwned,
    {
        self.fold_keeping(&mut |_| true, apply)
    }

    /// Folds every device's records into a state with `apply`, in the merged order: from the
    /// local snapshot when it still fits and `keep` takes its state (and may finish reading
    /// it), else from the start. Returns the state and how many records were folded now (none:
    /// nothing new since the snapshot).
    pub fn fold_keeping<E, S>(
        &mut self,
        keep: &mut dyn FnMut(&mut S) -> bool,
        apply: &mut dyn FnMut(&mut S, E),
    ) -> Result<(S, u64), StoreError>
    where
        E: DeserializeOwned + Stamped + Send,
        S: Default + DeserializeOwned,
    {
        let snap = fold::load_snap::<S>(&self.local.join(SNAPSHOT))
            .and_then(|mut snap| keep(&mut snap.state).then_some(snap));
        self.fold_with(snap, apply)
    }

    /// Every device's records in the merged order, without the snapshot.
    pub fn records<E: DeserializeOwned + Stamped + Send>(&mut self) -> Result<Vec<E>, StoreError> {
        let (all, _) = self.fold_with(None, &mut |all: &mut Vec<E>, e| all.push(e))?;
        Ok(all)
    }

    fn fold_with<E, S>(
        &mut self,
        snap: Option<Snap<S>>,
        apply: &mut dyn FnMut(&mut S, E),
    ) -> Result<(S, u64), StoreError>
    where
        E: DeserializeOwned + Stamped + Send,
        S: Default,
    {
        let sources = self.sources()?;
        let Outcome {
            state,
            folded,
            newest,
            records,
        } = fold::fold(&sources, snap, self.settings, apply)?;
        self.own_lines = folded.first().map_or(0, |f| f.lines);
        self.folded = folded;
        self.newest = newest;
        self.in_order = true;
        Ok((state, records))
    }

    /// Appends `record` to this device's log, synced (see [`Store::append`]).
    pub fn append<E: serde::Serialize + Stamped>(&mut self, record: &E) -> Result<(), StoreError> {
        self.store.append(record)?;
        let key = Key {
            at: record.stamp().as_nanosecond(),
            device: self.device.name.clone(),
            rank: 0,
            seq: self.own_lines,
        };
        self.own_lines += 1;
        if self.newest.as_ref().is_none_or(|n| key > *n) {
            self.newest = Some(key);
        } else {
            self.in_order = false;
        }
        Ok(())
    }

    /// Saves `state` as the local snapshot of everything folded and appended. Skipped when a
    /// record appended since the fold sorts before one folded earlier (another device's clock
    /// is ahead): the state in memory is then not the merged fold, and the next start folds
    /// again from the last snapshot that was.
    pub fn save_snapshot<S: Serialize>(&mut self, state: &S) -> Result<(), StoreError> {
        if self.store.is_read_only() {
            return Err(StoreError::ReadOnly {
                path: self.local.clone(),
            });
        }
        if !self.in_order {
            return Ok(());
        }
        let own = self.own_source().mark_at(self.store.log_len())?;
        if let Some(first) = self.folded.first_mut() {
            first.mark = own;
            first.lines = self.own_lines;
        }
        let snap = Snap {
            settings: self.settings,
            folded: self.folded.clone(),
            newest: self.newest.clone(),
            state,
        };
        fold::save_snap(&self.local.join(SNAPSHOT), &snap)
    }

    /// This device.
    pub fn device(&self) -> &Device {
        &self.device
    }

    /// The sync folder.
    pub fn sync_dir(&self) -> &Path {
        &self.sync_dir
    }

    /// Whether this store was opened with [`SyncStore::open_read_only`].
    pub fn is_read_only(&self) -> bool {
        self.store.is_read_only()
    }

    /// Things the user should be told about.
    pub fn warnings(&self) -> Vec<String> {
        self.store.warnings()
    }
}

/// The complete lines of the local copy of `device`'s lines (none if there is no copy).
fn mirror(local: &Path, device: &str) -> Vec<u8> {
    let mut bytes = fs::read(local.join(format!("{device}.log"))).unwrap_or_default();
    bytes.truncate(complete(&bytes).len());
    bytes
}

/// Appends `lines` to the local copy of `device`'s lines, after cutting off part of a line
/// that a crash left at its end (its lines were not marked as read, so they come again).
fn append_mirror(local: &Path, device: &str, lines: &[u8]) -> Result<(), StoreError> {
    use std::io::Write;
    let path = local.join(format!("{device}.log"));
    let (mut file, existed) = fsutil::open_log(&path)?;
    let (len, end) = fsutil::line_end(&mut file, &path)?;
    if end < len {
        file.set_len(end).map_err(io_err(&path))?;
    }
    file.write_all(lines)
        .and_then(|()| file.sync_data())
        .map_err(io_err(&path))?;
    if !existed {
        fsutil::sync_dir(local)?;
    }
    Ok(())
}
