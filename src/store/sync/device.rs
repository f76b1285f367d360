//! Who this device is: its name in the sync folder (set in the config, or generated once and
//! kept in the data directory) and a machine id, generated once, that tells two machines
//! given the same name apart.

use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::names::{classify, valid_device_name};
use crate::store::error::{StoreError, io_err};

/// The file in the data directory that keeps the generated name and the machine id.
pub const DEVICE_FILE: &str = "device.ron";
/// `<device>.machine` in the sync folder holds the id of the machine that uses that name.
const MACHINE_EXT: &str = "machine";

/// This device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    /// Its log is `<name>.log` in the sync folder.
    pub name: String,
    /// Random, generated once per data directory.
    pub machine: String,
}

impl Device {
    /// The device of the data directory `data`: named `configured` if given, else by the
    /// name generated the first time. The generated name and the machine id are written to
    /// `data/device.ron` only when `keep` (a reader changes nothing).
    pub fn resolve(data: &Path, configured: Option<&str>, keep: bool) -> Result<Device, String> {
        let path = data.join(DEVICE_FILE);
        let saved = match fs::read_to_string(&path) {
            Ok(text) => Some(ron::from_str::<Device>(&text).map_err(|e| {
                format!(
                    "{}: {e}; delete it and somadeck makes a new one (with a new device name, \
                     unless `device` is set in config.ron)",
                    path.display()
                )
            })?),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(format!("{}: {e}", path.display())),
        };
        let device = match saved {
            Some(d) => d,
            None => {
                let machine = format!("{:016x}", random_u64());
                let d = Device {
                    name: format!("device-{}", machine.get(..8).unwrap_or("0")),
                    machine,
                };
                if keep {
                    let text = ron::to_string(&d).map_err(|e| e.to_string())?;
                    crate::store::write_atomically(&path, format!("{text}\n").as_bytes())?;
                }
                d
            }
        };
        let name = configured.map_or(device.name.clone(), str::to_string);
        if !valid_device_name(&name) {
            return Err(format!(
                "the device name {name:?} cannot be used: use 1 to 40 letters, digits, - or _"
            ));
        }
        Ok(Device { name, ..device })
    }
}

/// 64 bits that differ between machines and between runs (the time, the process, a stack
/// address), hashed: good enough to tell two machines apart.
fn random_u64() -> u64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let local = 0u8;
    let text = format!("{now}/{}/{:p}", std::process::id(), &local);
    crate::hash::fnv1a(text.into_bytes())
}

/// Claims `device.name` in the sync folder for this machine: writes `<name>.machine` if there
/// is none, and returns a warning when that file (or a conflict copy of it) names another
/// machine, which means two machines write to one log.
pub(crate) fn claim(
    sync_dir: &Path,
    device: &Device,
    write: bool,
) -> Result<Option<String>, StoreError> {
    let mine = sync_dir.join(format!("{}.{MACHINE_EXT}", device.name));
    if write && !mine.exists() {
        crate::store::write_atomically(&mine, format!("{}\n", device.machine).as_bytes())
            .map_err(|e| io_err(&mine)(std::io::Error::other(e)))?;
    }
    let entries = match fs::read_dir(sync_dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_err(sync_dir)(e)),
    };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        if classify(&file, MACHINE_EXT).is_none_or(|n| n.device != device.name) {
            continue;
        }
        let text = fs::read_to_string(entry.path()).unwrap_or_default();
        if text
            .lines()
            .any(|l| !l.trim().is_empty() && l.trim() != device.machine)
        {
            return Ok(Some(format!(
                "another machine uses the device name {:?} too ({} names a machine other than \
                 this one): both write to {}.log, so its answers can no longer be told apart by \
                 machine. Set a different `device` in config.ron on one of them",
                device.name,
                entry.path().display(),
                device.name
            )));
        }
    }
    Ok(None)
}
