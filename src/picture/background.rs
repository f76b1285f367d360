//! A graphics protocol's pictures, made on a thread of their own so that a key press is drawn
//! at once (with a half-block preview) rather than after the tens of milliseconds that
//! rendering and encoding a full-screen picture takes.
//!
//! Only the newest request is made: a request that a newer one overtook before it started
//! is dropped, since the learner has moved on. The thread starts with the first request, so
//! half-block terminals and the tests that draw in half-blocks never start one.

use std::cell::RefCell;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use super::cache::{Cache, Key, Rendered};
use super::probe::ImageError;
use super::widget::Job;

type Done = (Key, Result<Rendered, ImageError>);

/// The thread making pictures, started by the first request.
#[derive(Default)]
pub struct Background {
    worker: RefCell<Option<Worker>>,
    /// The keys requested and not yet taken, oldest first.
    waiting: RefCell<Vec<Key>>,
}

struct Worker {
    jobs: Sender<Job>,
    done: Receiver<Done>,
}

impl Background {
    /// Asks for `key`'s picture, unless it is already on its way; `job` (which copies the
    /// picture's bytes) is made only when it is not, not on every frame drawn meanwhile.
    pub(super) fn request(&self, key: &Key, job: impl FnOnce() -> Job) {
        if self.waiting.borrow().contains(key) {
            return;
        }
        let mut worker = self.worker.borrow_mut();
        let w = worker.get_or_insert_with(Worker::start);
        let key = key.clone();
        if w.jobs.send(job()).is_ok() {
            self.waiting.borrow_mut().push(key);
        }
    }

    pub fn pending(&self) -> bool {
        !self.waiting.borrow().is_empty()
    }

    /// Moves every finished picture into `cache`; true when there was one.
    pub fn take_ready(&self, cache: &mut Cache) -> bool {
        let worker = self.worker.borrow();
        let Some(w) = worker.as_ref() else {
            return false;
        };
        let mut any = false;
        while let Ok(done) = w.done.try_recv() {
            self.settle(cache, done);
            any = true;
        }
        any
    }

    /// Waits up to `limit` for a finished picture, then takes every one there is.
    pub fn wait_ready(&self, cache: &mut Cache, limit: Duration) -> bool {
        if !self.pending() {
            return false;
        }
        let first = match self.worker.borrow().as_ref() {
            Some(w) => w.done.recv_timeout(limit),
            None => return false,
        };
        match first {
            Ok(done) => {
                self.settle(cache, done);
                self.take_ready(cache);
                true
            }
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => false,
        }
    }

    /// A finished (or dropped) request: its picture into the cache, and every request made
    /// before it is off the waiting list (the worker skipped those it overtook).
    fn settle(&self, cache: &mut Cache, (key, made): Done) {
        let mut waiting = self.waiting.borrow_mut();
        if let Some(i) = waiting.iter().position(|k| *k == key) {
            waiting.drain(..=i);
        }
        if let Ok(r) = made {
            cache.insert(key, r);
        }
    }
}

impl Worker {
    fn start() -> Worker {
        let (jobs, rx) = mpsc::channel::<Job>();
        let (tx, done) = mpsc::channel();
        // Should the thread not start, the closure and its end of the channel are dropped:
        // requests then fail to send, and the half-block preview stays.
        let _ = std::thread::Builder::new()
            .name("pictures".into())
            .spawn(move || {
                while let Ok(mut job) = rx.recv() {
                    // Only the newest request matters.
                    while let Ok(newer) = rx.try_recv() {
                        job = newer;
                    }
                    let made = job.make();
                    if tx.send((job.key, made)).is_err() {
                        return;
                    }
                }
            });
        Worker { jobs, done }
    }
}
