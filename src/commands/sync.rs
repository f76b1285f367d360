//! `somadeck sync`: the devices that share progress through `sync_dir`, each with its last
//! answer and its count of events, and what reading the sync folder found wrong.

use std::io::Write;

use crate::config::Config;
use crate::paths::Paths;
use crate::progress_file::Access;
use crate::study::Event;
use crate::sync_setting::SyncSetting;

pub fn run(paths: &Paths, out: &mut dyn Write) -> Result<i32, String> {
    let io = |e: std::io::Error| e.to_string();
    let config = Config::load(&paths.config_file)?;
    let Some(setting) = SyncSetting::resolve(&config, &paths.config_file) else {
        writeln!(
            out,
            "Sync is off. To share progress between devices, set sync_dir in {} (or \
             SOMADECK_SYNC_DIR) to a folder that Syncthing, Dropbox or git keeps the same on \
             each of them.",
            paths.config_file.display()
        )
        .map_err(io)?;
        return Ok(0);
    };
    let store = crate::progress_sync::open_store(&paths.data, &setting, Access::Read)?;
    let devices = store.devices::<Event>().map_err(|e| e.to_string())?;
    writeln!(out, "Sync folder: {}", setting.dir.display()).map_err(io)?;
    for d in &devices {
        let last = d.last_answer.map_or("never".to_string(), |t| {
            t.strftime("%Y-%m-%d %H:%M UTC").to_string()
        });
        let this = if d.this { " (this device)" } else { "" };
        writeln!(
            out,
            "  {}{this}: last answer {last}; {} answer(s), {} event(s)",
            d.name, d.answers, d.records
        )
        .map_err(io)?;
    }
    let warnings = store.warnings();
    if !warnings.is_empty() {
        writeln!(out, "Warnings:").map_err(io)?;
        for w in warnings {
            writeln!(out, "  {}", crate::safe_text::printable(&w)).map_err(io)?;
        }
    }
    Ok(0)
}
