//! Opening somadeck for study: config, decks, progress (snapshot plus the log after it), and a
//! session whose answers go to the durable log. Shared by the TUI, line mode and `stats`.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::clock::Clock;
use crate::config::Config;
use crate::deck::library::{self, Library};
use crate::fit::saved::InUse;
use crate::paths::Paths;
use crate::progress_file::Access;
use crate::schedule::{DayClock, Scheduler};
use crate::study::{Collection, Event, Progress, Session};

/// Everything a study front end needs.
pub struct Opened {
    pub session: Session,
    /// Things the user should be told (a torn log tail dropped, a damaged snapshot set aside).
    pub warnings: Vec<String>,
    pub clock: Clock,
    pub config: Config,
    /// Which FSRS parameters the scheduler uses, and since when (see `fit::saved::resolve`).
    pub fsrs_in_use: InUse,
    /// Where the config lives, for settings changed from the app (none in memory).
    pub config_file: Option<std::path::PathBuf>,
    /// Ids of the decks loaded from the installed decks folder (hidden ones left out).
    pub installed: Vec<String>,
    /// What the deck cache knew each of those files by, in the same order (see
    /// `LoadedDeck::source`).
    pub installed_sources: Vec<Option<u64>>,
    /// News worth telling once, not problems: `Deck X updated to v3: ...`.
    pub notices: Vec<String>,
}

impl Opened {
    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// A session over `decks` with no history whose answers are kept in memory only
    /// (tests, benchmarks, practice).
    pub fn in_memory(
        decks: Vec<crate::deck::Deck>,
        clock: Clock,
        config: Config,
    ) -> Result<Self, String> {
        let sched = scheduler(&config)?;
        let mut session = Session::new(
            Collection::new(decks),
            Progress::default(),
            sched,
            config.limits(),
            Box::new(Vec::<Event>::new()),
        );
        session.set_new_per_day(config.new_per_day, clock.now());
        let fsrs_in_use = if config.fsrs_parameters.is_empty() {
            InUse::Defaults
        } else {
            InUse::Config
        };
        Ok(Opened {
            session,
            warnings: Vec::new(),
            clock,
            config,
            fsrs_in_use,
            config_file: None,
            installed: Vec::new(),
            installed_sources: Vec::new(),
            notices: Vec::new(),
        })
    }

    /// Opens the user's decks and progress under `paths`. Fails with a message fit for the
    /// user on a bad config, a damaged log or another running instance; a deck with errors is
    /// left out with a warning, and the rest opens.
    pub fn open(paths: &Paths, clock: Clock) -> Result<Self, String> {
        Self::load(paths, clock, || Self::library(paths), Access::Write)
    }

    /// As [`Opened::open`], for a command that only reads progress: no lock, nothing written
    /// (so it works beside a running somadeck and in a read-only folder); its journal refuses
    /// to record. `lib` reads the decks; it runs beside the reading of progress, as in
    /// [`Opened::open`].
    pub fn open_read_only(
        paths: &Paths,
        clock: Clock,
        lib: impl FnOnce() -> Library + Send,
    ) -> Result<Self, String> {
        Self::load(paths, clock, lib, Access::Read)
    }

    /// What to say when a command names decks that are not open: the ones open, and for a
    /// deck hidden by `hidden_decks`, that it is hidden and where.
    pub fn no_such_decks(&self, unknown: &[&str]) -> String {
        let known: Vec<&str> = self
            .session
            .coll
            .decks
            .iter()
            .map(|d| d.id.as_str())
            .collect();
        let mut msg = format!(
            "no deck named {}; the decks are: {}",
            crate::safe_text::printable_inline(&unknown.join(", ")),
            known.join(", ")
        );
        let hidden: Vec<&str> = unknown
            .iter()
            .copied()
            .filter(|d| self.config.is_hidden(d))
            .collect();
        if !hidden.is_empty() {
            let file = self
                .config_file
                .as_ref()
                .map_or_else(|| "config.ron".to_string(), |f| f.display().to_string());
            msg.push_str(&format!(
                ". {} is hidden by `hidden_decks` in {file}; take it off that list to use it",
                hidden.join(", ")
            ));
        }
        msg
    }

    /// The built-in and installed decks, read through the deck cache under `paths`.
    pub fn library(paths: &Paths) -> Library {
        let cache = crate::deck::cache::DeckCache::new(paths.data.join("cache"));
        library::standard_cached(Some(&paths.decks), Some(&cache))
    }

    /// As [`Opened::open`], with the decks already read.
    pub fn with_library(paths: &Paths, clock: Clock, lib: Library) -> Result<Self, String> {
        Self::load(paths, clock, || lib, Access::Write)
    }

    /// Opens everything, with the decks from `lib`. The decks are read and indexed on one
    /// core while the store is opened and its snapshot read on the other: at 100,000 cards each
    /// side was about half of opening.
    fn load(
        paths: &Paths,
        clock: Clock,
        lib: impl FnOnce() -> Library + Send,
        access: Access,
    ) -> Result<Self, String> {
        let config = Config::load(&paths.config_file)?;
        let (parameters, fsrs_in_use, unusable) =
            crate::fit::saved::resolve(&config.fsrs_parameters, &paths.data);
        let sched = scheduler(&Config {
            fsrs_parameters: parameters,
            ..config.clone()
        })?;
        let synced = crate::sync_setting::SyncSetting::resolve(&config, &paths.config_file);
        let (decks, opening) = std::thread::scope(|scope| {
            let decks = scope.spawn(|| Decks::read(lib(), &config, paths));
            // In a sync folder, progress is opened once the renames are known (below).
            let opening = match &synced {
                None => Ok(crate::progress_file::begin(&paths.data, &sched, access)),
                Some(s) => Err(s),
            };
            let decks = decks
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e));
            (decks, opening)
        });
        let Decks {
            coll,
            renamed,
            warnings: mut deck_warnings,
            installed,
            installed_sources,
        } = decks;
        deck_warnings.extend(unusable);
        let loaded = match opening {
            Ok(begun) => {
                begun.and_then(|o| crate::progress_file::finish(o, &sched, &renamed, &coll))
            }
            Err(s) => crate::progress_sync::open(&paths.data, s, &sched, access, &renamed, &coll),
        };
        let (journal, progress, mut warnings) = loaded?;
        if synced.is_none() {
            warnings.extend(crate::sync_setting::moved_away_warning(&paths.data));
        }
        deck_warnings.append(&mut warnings);
        if let Some(newest) = progress.clock_behind(clock.now()) {
            deck_warnings.push(format!(
                "the clock says {}, but your newest answer was given at {newest}: check the \
                 computer's date (or SOMADECK_NOW). Daily limits still count each study day \
                 on its own, so nothing is shown twice.",
                clock.now()
            ));
        }
        let warnings = deck_warnings;
        let mut session = Session::new(coll, progress, sched, config.limits(), journal);
        session.set_new_per_day(config.new_per_day, clock.now());
        Ok(Opened {
            session,
            warnings,
            clock,
            config,
            fsrs_in_use,
            config_file: Some(paths.config_file.clone()),
            installed,
            installed_sources,
            notices: Vec::new(),
        })
    }

    /// Sets the exam date (or clears it with `None`) in `config.ron` and in the running
    /// session: answers from now on are capped by it, and today's pace follows it. The
    /// snapshot stays keyed on the settings it was opened with, so the next start replays the
    /// log under the new date.
    pub fn set_exam(&mut self, exam: Option<jiff::civil::Date>) -> Result<(), String> {
        let Some(path) = &self.config_file else {
            return Err("no config file to save the exam date in".to_string());
        };
        let text = exam.map(|d| format!("\"{d}\""));
        let want = exam.map(|d| d.to_string());
        crate::config_edit::edit_file(path, "exam_date", text.as_deref(), |c| c.exam_date == want)?;
        self.config.exam_date = want;
        self.session.sched.params.exam = exam;
        let now = self.now();
        self.session.repace(now);
        Ok(())
    }
}

impl Opened {
    /// Closes what must be closed (the store, through the session's journal) and leaves the
    /// rest to the system, for a process about to exit (see [`Session::close_for_exit`]).
    pub fn close_for_exit(self) {
        self.session.close_for_exit();
    }

    /// Compares the installed decks with the editions last seen in `data` and keeps a notice
    /// for each whose version changed (see `deck_versions`); problems become warnings.
    pub fn note_deck_updates(&mut self, data: &std::path::Path) {
        let decks: Vec<&crate::deck::Deck> = self
            .session
            .coll
            .decks
            .iter()
            .filter(|d| self.installed.contains(&d.id))
            .collect();
        let editions = self.installed_sources.iter().try_fold(0u64, |acc, s| {
            use std::hash::Hasher;
            let mut h = rustc_hash::FxHasher::default();
            h.write_u64(acc);
            h.write_u64((*s)?);
            Some(h.finish())
        });
        let editions = editions.map(|e| {
            use std::hash::{Hash, Hasher};
            let mut h = rustc_hash::FxHasher::default();
            e.hash(&mut h);
            self.installed.hash(&mut h);
            h.finish()
        });
        let (notices, warnings) = crate::deck_versions::announce_editions(data, &decks, editions);
        self.notices.extend(notices);
        self.warnings.extend(warnings);
    }
}

/// What opening takes from the decks.
struct Decks {
    coll: Collection,
    /// Old review item ids and the ids they have now (see `deck::renames`).
    renamed: rustc_hash::FxHashMap<String, String>,
    /// Decks left out, and names in the config that match no deck.
    warnings: Vec<String>,
    installed: Vec<String>,
    installed_sources: Vec<Option<u64>>,
}

impl Decks {
    fn read(lib: Library, config: &Config, paths: &Paths) -> Decks {
        let mut warnings = lib.skipped_warnings();
        let ids: Vec<&str> = lib.decks.iter().map(|d| d.deck.id.as_str()).collect();
        let config_name = paths.config_file.display().to_string();
        warnings.extend(config.unknown_decks(&config_name, &ids));
        warnings.extend(config.unknown_hidden(&config_name, &ids));
        // Hidden decks still lend their renames, so their progress folds the same way.
        let renamed = crate::deck::renames::aliases(lib.decks.iter().map(|d| &d.deck));
        let (decks, installed, installed_sources) = shown_decks(lib.decks, config, paths);
        Decks {
            coll: Collection::new(decks),
            renamed,
            warnings,
            installed,
            installed_sources,
        }
    }
}

/// The decks to study (hidden ones left out), and the ids of those from the installed folder
/// with what the deck cache knew their files by.
fn shown_decks(
    decks: Vec<crate::deck::LoadedDeck>,
    config: &Config,
    paths: &Paths,
) -> (Vec<crate::deck::Deck>, Vec<String>, Vec<Option<u64>>) {
    let shown: Vec<_> = decks
        .into_iter()
        .filter(|d| !config.is_hidden(&d.deck.id))
        .collect();
    let (installed, sources) = shown
        .iter()
        .filter(|d| std::path::Path::new(&d.path).starts_with(&paths.decks))
        .map(|d| (d.deck.id.clone(), d.source))
        .unzip();
    (
        shown.into_iter().map(|d| d.deck).collect(),
        installed,
        sources,
    )
}

pub fn scheduler(config: &Config) -> Result<Scheduler, String> {
    let tz = TimeZone::try_system().unwrap_or(TimeZone::UTC);
    Scheduler::new(config.params(), DayClock::new(tz, config.day_starts_at))
}
