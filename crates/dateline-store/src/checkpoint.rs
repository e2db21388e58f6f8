//! Background WAL checkpoints for the embedded store's writer.
//!
//! In: the records file's path; a nudge after each commit. Out: the commits' pages copied
//! from the WAL into the database by a thread of its own, so the writer does not stop for
//! it. An ingest's writer spent about a sixth of its time in SQLite's automatic checkpoints
//! (copying pages and the fsync after them) while the annotating threads waited for it.
//!
//! The checkpoints are PASSIVE: they never block the writer or readers, they copy what is
//! committed at the time, and the writer restarts the WAL from its beginning once a
//! checkpoint has copied all of it. The writer keeps SQLite's own automatic checkpoint
//! with a much larger threshold ([`WRITER_AUTOCHECKPOINT_PAGES`]) as a bound on the WAL
//! should this thread fall behind.

use crate::Result;
use rusqlite::{Connection, ErrorCode};
use std::path::Path;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread::JoinHandle;
use std::time::Duration;

/// The writer's own automatic checkpoint threshold while a [`Checkpointer`] runs: 400 MB of
/// WAL (SQLite's default is 1,000 pages, 4 MB).
pub(crate) const WRITER_AUTOCHECKPOINT_PAGES: i64 = 100_000;

/// A thread that checkpoints the WAL of one database after each commit it is told of.
/// Dropping it stops the thread once it has served the nudge already queued, if any.
pub(crate) struct Checkpointer {
    nudge: Option<SyncSender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Starts the thread with a connection of its own to the database at `path`.
    pub(crate) fn start(path: &Path) -> Result<Checkpointer> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(30))?;
        // Nudges that arrive while a checkpoint runs fold into one: the next checkpoint
        // copies everything committed by then.
        let (nudge, nudges) = mpsc::sync_channel(1);
        let path = path.to_path_buf();
        let thread = std::thread::Builder::new()
            .name("wal-checkpoint".into())
            .spawn(move || checkpoint_on_nudge(&conn, &path, &nudges))?;
        Ok(Checkpointer {
            nudge: Some(nudge),
            thread: Some(thread),
        })
    }

    /// One that checkpoints nothing, for when [`Checkpointer::start`] failed: the writer's
    /// own automatic checkpoint is then all there is.
    pub(crate) fn none() -> Checkpointer {
        Checkpointer {
            nudge: None,
            thread: None,
        }
    }

    pub(crate) fn is_running(&self) -> bool {
        self.thread.is_some()
    }

    /// Asks for a checkpoint of what is committed now; never waits.
    pub(crate) fn committed(&self) {
        if let Some(nudge) = &self.nudge {
            // Full: a checkpoint is already asked for. Disconnected: the thread panicked,
            // and the writer's own automatic checkpoint still bounds the WAL.
            let _ = nudge.try_send(());
        }
    }
}

fn checkpoint_on_nudge(conn: &Connection, path: &Path, nudges: &Receiver<()>) {
    let mut reported = false;
    while nudges.recv().is_ok() {
        let outcome = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
        match outcome {
            // A busy database is tried again at the next commit: the pages stay in the WAL.
            Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == ErrorCode::DatabaseBusy => {}
            Err(e) if !reported => {
                eprintln!(
                    "dateline: background checkpoint of {}: {e} (the writer's own checkpoints take over)",
                    path.display()
                );
                reported = true;
            }
            _ => {}
        }
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        // Closing the channel ends the thread's loop.
        self.nudge = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commits_are_copied_into_the_database_by_the_thread() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite");
        let writer = Connection::open(&path).unwrap();
        writer
            .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))
            .unwrap();
        writer.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
        writer
            .execute_batch("CREATE TABLE t (x BLOB); INSERT INTO t VALUES (zeroblob(100000));")
            .unwrap();
        let database_bytes = || std::fs::metadata(&path).unwrap().len();
        assert!(
            database_bytes() < 100_000,
            "without a checkpoint the row is only in the WAL"
        );
        let checkpointer = Checkpointer::start(&path).unwrap();
        checkpointer.committed();
        // Dropping waits for the thread, which serves the nudge sent before.
        drop(checkpointer);
        assert!(
            database_bytes() > 100_000,
            "the row was copied into the database"
        );
        let x: i64 = writer
            .query_row("SELECT length(x) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(x, 100_000);
    }
}
