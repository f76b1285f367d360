//! Progress on disk: the store's review log is the truth, the snapshot a shortcut. Opening
//! loads the snapshot and replays only the log after it; without a usable snapshot the whole
//! log is replayed and a fresh snapshot written (by a writer; a reader changes nothing). The
//! snapshot is keyed on the scheduling settings, so changing them rebuilds progress from the log.
//!
//! Renamed cards: events recorded under a card's old id are folded as if recorded under its
//! new one; the log itself is never rewritten. The renames are part of the snapshot's key, so
//! a deck that adds a rename rebuilds progress from the log once.

use std::path::Path;

use rustc_hash::FxHashMap;

use crate::rebuild_note::RebuildNote;
use crate::schedule::Scheduler;
use crate::store::{SnapshotRead, Store, StoreError};
use crate::study::{Collection, Event, Journal, Progress};

/// Whether the command opening progress will write to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Study, unsuspend: takes the store's lock, mends the log, makes the daily backup.
    Write,
    /// Stats, cards, decks: no lock, nothing created or changed, works in a read-only folder
    /// and while another somadeck studies.
    Read,
}

/// What a journal writes to: the local review log, or this device's log in a sync folder.
pub(crate) trait EventStore {
    fn append_event(&mut self, ev: &Event) -> Result<(), crate::store::StoreError>;
    fn write_snapshot(&mut self, progress: &Progress) -> Result<(), crate::store::StoreError>;
    fn read_only(&self) -> bool;
    /// The folder the snapshot is written to.
    fn snapshot_dir(&self) -> &Path;
}

impl EventStore for Store {
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
        self.dir()
    }
}

/// The store as the session's journal: each event appended and synced before it is applied.
pub(crate) struct StoreJournal<S> {
    store: S,
    /// Events folded or appended since the snapshot was last written.
    unsaved: u64,
}

impl<S: EventStore> Journal for StoreJournal<S> {
    fn record(&mut self, ev: &Event) -> Result<(), String> {
        self.store.append_event(ev).map_err(|e| e.to_string())?;
        self.unsaved += 1;
        Ok(())
    }

    fn mark_unsaved(&mut self) {
        self.unsaved = self.unsaved.max(1);
    }

    /// Writes the snapshot if anything was appended since the last one.
    fn checkpoint(&mut self, progress: &Progress) -> Result<(), String> {
        if self.unsaved == 0 || self.store.read_only() {
            return Ok(());
        }
        // The ids the snapshot leaves out, first: only a shortcut for reading it with other
        // decks (without them, that folds the log instead), so a failure is not an error.
        let _ = crate::progress_ids::keep(self.store.snapshot_dir(), &progress.states);
        self.store
            .write_snapshot(progress)
            .map_err(|e| e.to_string())?;
        self.unsaved = 0;
        Ok(())
    }
}

/// The loaded progress with its journal: read-only for a read-only store, else the store's own
/// journal, with a snapshot written at once when `records` were folded from the log.
pub(crate) fn loaded<S: EventStore + 'static>(
    store: S,
    records: u64,
    progress: Progress,
    mut warnings: Vec<String>,
) -> Loaded {
    if store.read_only() {
        return (Box::new(ReadOnlyJournal), progress, warnings);
    }
    let mut journal = StoreJournal {
        store,
        unsaved: records,
    };
    if records > 0
        && let Err(e) = journal.checkpoint(&progress)
    {
        warnings.push(format!("could not write the progress snapshot: {e}"));
    }
    (Box::new(journal), progress, warnings)
}

/// The journal of a command that only reads progress: it refuses to record anything.
struct ReadOnlyJournal;

impl Journal for ReadOnlyJournal {
    fn record(&mut self, _: &Event) -> Result<(), String> {
        Err(
            "progress was opened read-only, so nothing can be saved; this is a bug in \
             somadeck, please report it"
                .into(),
        )
    }
}

/// The journal to write to, the progress folded so far, and warnings for the user.
pub type Loaded = (Box<dyn Journal>, Progress, Vec<String>);

/// Opens the store in `dir` and folds progress from it, in one call: [`begin`] then [`finish`]
/// (for tests; opening itself reads the decks between the two).
#[cfg(test)]
pub fn open(
    dir: &Path,
    sched: &Scheduler,
    access: Access,
    renamed: &FxHashMap<String, String>,
    coll: &Collection,
) -> Result<Loaded, String> {
    finish(begin(dir, sched, access)?, sched, renamed, coll)
}

/// What [`begin`] gives, which needs no deck: the store opened and its snapshot read.
pub struct Opening {
    store: Store,
    snapshot: SnapshotRead<Progress>,
}

/// Opens the store in `dir` and reads its snapshot: the part of opening progress that can run
/// while the decks are read (the renames the snapshot must match come from them); [`finish`]
/// does the rest. Backups are dated by the real date (the system clock), never by a simulated
/// `now`, so trying out dates never rotates them away.
pub fn begin(dir: &Path, sched: &Scheduler, access: Access) -> Result<Opening, String> {
    let store = match access {
        Access::Write => {
            let real_today = sched.days.day_of(crate::clock::Clock::System.now());
            Store::open::<Event>(dir, real_today)
        }
        Access::Read => Store::open_read_only::<Event>(dir),
    }
    .map_err(|e| e.to_string())?;
    let snapshot = store.read_snapshot::<Progress>();
    Ok(Opening { store, snapshot })
}

/// The rest of opening progress, after [`begin`]: the snapshot used if it was made under these
/// settings and renames (its states matched to the items of `coll`, see
/// `progress_ids::resolve`), and the log after it folded. `renamed` maps old review item ids to
/// the ids they now have (see `deck::renames`).
pub fn finish(
    opening: Opening,
    sched: &Scheduler,
    renamed: &FxHashMap<String, String>,
    coll: &Collection,
) -> Result<Loaded, String> {
    let Opening {
        mut store,
        snapshot,
    } = opening;
    store.set_snapshot_key(sched.settings_key() ^ renames_key(renamed));
    let dir = store.dir().to_path_buf();
    let (mut progress, mut from) = store
        .use_snapshot(snapshot)
        .and_then(|(mut p, from)| {
            crate::progress_ids::resolve(&dir, &mut p.states, coll).then_some((p, from))
        })
        .unwrap_or_else(|| (Progress::default(), 0));
    let mut note = RebuildNote::start();
    let mut replayed = store.replay_reporting::<Event>(
        from,
        |ev| {
            progress.apply(&seen_renamed(ev, renamed), sched);
        },
        &mut |done, total| note.report(done, total),
    );
    if let Err(StoreError::BadOffset { .. }) = replayed {
        // The snapshot was checked to end at a line, so this is a race with an editor: start
        // over from the whole log rather than refuse.
        store.warn(format!(
            "the snapshot in {} did not end at a line of the review log; progress was rebuilt \
             from the log",
            store.dir().display()
        ));
        progress = Progress::default();
        from = 0;
        replayed = store.replay_reporting::<Event>(
            from,
            |ev| {
                progress.apply(&seen_renamed(ev, renamed), sched);
            },
            &mut |done, total| note.report(done, total),
        );
    }
    note.finish();
    let info = replayed.map_err(|e| e.to_string())?;
    let warnings: Vec<String> = store.warnings().to_vec();
    Ok(loaded(store, info.records, progress, warnings))
}

/// The event with its item under the id it has now.
pub fn as_renamed(mut ev: Event, renamed: &FxHashMap<String, String>) -> Event {
    if let Some(now) = renamed.get(ev.item()) {
        ev.item_mut().clone_from(now);
    }
    ev
}

/// As [`as_renamed`], for an event only looked at: copied only when its item was renamed.
pub fn seen_renamed<'a>(
    ev: &'a Event,
    renamed: &FxHashMap<String, String>,
) -> std::borrow::Cow<'a, Event> {
    match renamed.get(ev.item()) {
        Some(_) => std::borrow::Cow::Owned(as_renamed(ev.clone(), renamed)),
        None => std::borrow::Cow::Borrowed(ev),
    }
}

/// A hash of the renames, in a fixed order; 0 when there are none, so a home without renames
/// keeps its snapshot.
pub fn renames_key(renamed: &FxHashMap<String, String>) -> u64 {
    if renamed.is_empty() {
        return 0;
    }
    let mut pairs: Vec<(&String, &String)> = renamed.iter().collect();
    pairs.sort();
    let text: String = pairs.iter().map(|(a, b)| format!("{a}>{b}\n")).collect();
    crate::hash::fnv1a(text.into_bytes())
}

#[cfg(test)]
mod tests {
    use jiff::tz::TimeZone;

    use super::*;
    use crate::schedule::{DayClock, Grade, Params};
    use crate::study::ReviewKind;

    fn sched(retention: f32, parameters: Vec<f32>) -> Scheduler {
        let params = Params {
            desired_retention: retention,
            fsrs_parameters: parameters,
            ..Params::default()
        };
        Scheduler::new(params, DayClock::new(TimeZone::UTC, 4)).unwrap()
    }

    fn log(dir: &Path) {
        let mut store = Store::open::<Event>(dir, jiff::civil::date(2026, 1, 1)).unwrap();
        let answers = (0..4).map(|d| Event::Review {
            item: "d/a".into(),
            at: format!("2026-01-{:02}T10:00:00Z", 1 + 5 * d)
                .parse()
                .unwrap(),
            grade: Grade::Good,
            ms: 1000,
            kind: ReviewKind::Review,
        });
        store.append_bulk(answers).unwrap();
    }

    fn due(dir: &Path, s: &Scheduler) -> i64 {
        let none = Collection::default();
        let (_, progress, _) = open(dir, s, Access::Write, &FxHashMap::default(), &none).unwrap();
        progress.state("d/a").unwrap().due
    }

    /// Progress is folded under the settings: after a change of desired retention or of FSRS
    /// parameters, what opening gives is the log folded under the new ones, not the snapshot.
    #[test]
    fn a_change_of_settings_rebuilds_progress_from_the_log() {
        let tmp = tempfile::tempdir().unwrap();
        log(tmp.path());
        let before = sched(0.9, Vec::new());
        let at_90 = due(tmp.path(), &before);
        assert!(tmp.path().join(crate::store::SNAPSHOT_FILE).exists());
        assert_eq!(due(tmp.path(), &before), at_90, "the snapshot is used");

        let lower = sched(0.8, Vec::new());
        let fresh = tempfile::tempdir().unwrap();
        log(fresh.path());
        let rebuilt = due(fresh.path(), &lower);
        assert_ne!(rebuilt, at_90);
        assert_eq!(due(tmp.path(), &lower), rebuilt, "desired retention");

        let fitted = sched(0.8, crate::fit::learner::TRUE_PARAMETERS.to_vec());
        let fresh = tempfile::tempdir().unwrap();
        log(fresh.path());
        let rebuilt = due(fresh.path(), &fitted);
        assert_eq!(due(tmp.path(), &fitted), rebuilt, "FSRS parameters");
    }

    fn coll(cards: &[&str]) -> Collection {
        crate::progress_ids::test_collection(cards)
    }

    /// Opens, binds as a session does, and saves the snapshot: what a study session leaves.
    fn study(dir: &Path, s: &Scheduler, coll: &Collection) -> Progress {
        let renamed = FxHashMap::default();
        let (mut journal, mut progress, _) = open(dir, s, Access::Write, &renamed, coll).unwrap();
        if progress.states.bind(coll.uid(), coll.id_list().0) {
            journal.mark_unsaved();
        }
        journal.checkpoint(&progress).unwrap();
        progress
    }

    fn snapshot_file(dir: &Path) -> (u64, Vec<u8>) {
        use std::os::unix::fs::MetadataExt;
        let path = dir.join(crate::store::SNAPSHOT_FILE);
        (
            std::fs::metadata(&path).unwrap().ino(),
            std::fs::read(&path).unwrap(),
        )
    }

    /// A snapshot leaves out the ids of the items it was bound to: it is used by the same
    /// decks as it is, by other decks through the ids kept beside it, and without those ids
    /// progress is folded afresh; each way gives the same states.
    #[cfg(unix)]
    #[test]
    fn a_snapshot_serves_the_same_items_and_other_decks_get_the_same_states() {
        let tmp = tempfile::tempdir().unwrap();
        log(tmp.path());
        let s = sched(0.9, Vec::new());
        let first = study(tmp.path(), &s, &coll(&["a", "b"]));
        let saved = snapshot_file(tmp.path());
        assert!(
            !saved.1.windows(3).any(|w| w == b"d/b"),
            "the bound items' ids are left out"
        );
        // The same decks, read again: the snapshot serves, untouched.
        let again = study(tmp.path(), &s, &coll(&["a", "b"]));
        assert_eq!(again.state("d/a"), first.state("d/a"));
        assert_eq!(snapshot_file(tmp.path()), saved, "not written again");
        // A card added in front: other items, whose states are found by id.
        let edited = coll(&["new", "a", "b"]);
        let moved = study(tmp.path(), &s, &edited);
        assert_eq!(moved.state("d/a"), first.state("d/a"));
        assert_eq!(moved.reviews, first.reviews);
        assert_ne!(snapshot_file(tmp.path()).1, saved.1, "written anew");
        assert_eq!(moved.item_state(&edited, 1), first.state("d/a"));
        // And without the ids kept beside the snapshot, from the log.
        std::fs::remove_file(tmp.path().join("state.ids")).unwrap();
        let rebuilt = study(tmp.path(), &s, &coll(&["a", "b"]));
        assert_eq!(rebuilt.state("d/a"), first.state("d/a"));
        assert_eq!(rebuilt.reviews, first.reviews);
        assert!(tmp.path().join("state.ids").exists(), "kept again");
    }
}
