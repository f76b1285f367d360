//! Progress on disk: the store's review log is the truth, the snapshot a shortcut. Opening
//! loads the snapshot and replays only the log after it; without a usable snapshot the whole
//! log is replayed and a fresh snapshot written.

use std::path::Path;

use jiff::Timestamp;

use crate::schedule::Scheduler;
use crate::store::Store;
use crate::study::{Event, Journal, Progress};

/// The store as the session's journal: each event appended and synced before it is applied.
pub struct StoreJournal {
    store: Store,
    /// Events appended since the snapshot was last written.
    unsaved: u64,
}

impl Journal for StoreJournal {
    fn record(&mut self, ev: &Event) -> Result<(), String> {
        self.store.append(ev).map_err(|e| e.to_string())?;
        self.unsaved += 1;
        Ok(())
    }

    /// Writes the snapshot if anything was appended since the last one.
    fn checkpoint(&mut self, progress: &Progress) -> Result<(), String> {
        if self.unsaved == 0 {
            return Ok(());
        }
        self.store
            .save_snapshot(progress)
            .map_err(|e| e.to_string())?;
        self.unsaved = 0;
        Ok(())
    }
}

/// The journal to write to, the progress folded so far, and warnings for the user.
pub type Loaded = (Box<dyn Journal>, Progress, Vec<String>);

/// Opens the store in `dir` and folds progress from it.
pub fn open(dir: &Path, sched: &Scheduler, now: Timestamp) -> Result<Loaded, String> {
    let today = sched.days.day_of(now);
    let store = Store::open(dir, today).map_err(|e| e.to_string())?;
    let (mut progress, from) = store
        .load_snapshot::<Progress>()
        .unwrap_or_else(|| (Progress::default(), 0));
    let info = store
        .replay::<Event>(from, |ev| {
            progress.apply(&ev, sched);
        })
        .map_err(|e| e.to_string())?;
    let mut warnings: Vec<String> = store.warnings().to_vec();
    let mut journal = StoreJournal {
        store,
        unsaved: info.records,
    };
    if info.records > 0
        && let Err(e) = journal.checkpoint(&progress)
    {
        warnings.push(format!("could not write the progress snapshot: {e}"));
    }
    Ok((Box::new(journal), progress, warnings))
}
