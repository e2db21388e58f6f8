//! The PostgreSQL backend against a real PostgreSQL server: a throwaway cluster (`initdb`,
//! `pg_ctl start`) listening only on a Unix socket in a temporary directory, one database
//! per check, stopped at the end. The checks are the embedded store's: idempotent
//! re-ingest, atomic batches, search with every filter, quotes linked across outlets,
//! near-duplicate folding, export columns, the integrity check, and the same records and
//! search hits as the embedded store for the same input.
//!
//! The server binaries come from `DATELINE_PG_BIN`, else `PATH`, else Debian's
//! `/usr/lib/postgresql/*/bin`; without them the test fails (install `postgresql`). As root
//! (which `initdb` refuses) the server runs as `nobody` through `setpriv`.

#![cfg(feature = "postgres")]

mod fixtures;

use dateline_store::{
    write_export, EmbeddedStore, ExportFormat, ExportKind, HitKind, PostgresStore, SearchQuery,
    Store,
};
use fixtures::checks::{self, query, wikinews};
use fixtures::{article, other_speaker, reuters, tass};
use std::ffi::OsStr;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The unprivileged account the server runs as when the tests run as root.
const NOBODY: u32 = 65534;

/// A PostgreSQL cluster in a temporary directory, stopped when dropped.
struct Server {
    dir: tempfile::TempDir,
    bin: PathBuf,
    as_nobody: bool,
}

fn server_binaries() -> PathBuf {
    let has_initdb = |dir: &Path| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file();
    let configured = std::env::var_os("DATELINE_PG_BIN").map(PathBuf::from);
    let on_path = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .unwrap_or_default();
    let mut debian: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|versions| {
            versions
                .filter_map(|v| v.ok().map(|v| v.path().join("bin")))
                .collect()
        })
        .unwrap_or_default();
    // The newest version first.
    debian.sort();
    debian.reverse();
    configured
        .into_iter()
        .chain(on_path)
        .chain(debian)
        .find(|dir| has_initdb(dir))
        .unwrap_or_else(|| {
            panic!(
                "PostgreSQL server binaries (initdb, pg_ctl) not found in DATELINE_PG_BIN, \
                 PATH or /usr/lib/postgresql/*/bin: install them (apt-get install postgresql) \
                 to test the PostgreSQL backend"
            )
        })
}

impl Server {
    fn start() -> Server {
        let bin = server_binaries();
        let dir = tempfile::tempdir().unwrap();
        let as_nobody = std::fs::metadata(dir.path()).unwrap().uid() == 0;
        if as_nobody {
            std::os::unix::fs::chown(dir.path(), Some(NOBODY), Some(NOBODY)).unwrap();
        }
        let server = Server {
            dir,
            bin,
            as_nobody,
        };
        let data = server.data();
        let initdb = ["--auth=trust", "--username=dateline", "--encoding=UTF8"];
        let initdb = initdb.iter().chain(&["--locale=C", "--no-sync", "-D"]);
        let mut args: Vec<&OsStr> = initdb.map(OsStr::new).collect();
        args.push(data.as_os_str());
        server.run("initdb", &args);
        let log = server.dir.path().join("server.log");
        let socket_only = format!(
            "-k {} -c listen_addresses='' -c fsync=off",
            server.dir.path().display()
        );
        server.run(
            "pg_ctl",
            &[
                "-w".as_ref(),
                "-D".as_ref(),
                data.as_os_str(),
                "-l".as_ref(),
                log.as_os_str(),
                "-o".as_ref(),
                socket_only.as_ref(),
                "start".as_ref(),
            ],
        );
        server
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// Runs a server program (as `nobody` if we are root) and asserts it succeeded.
    fn run(&self, program: &str, args: &[&OsStr]) {
        let program = self.bin.join(program);
        let mut command = if self.as_nobody {
            let mut command = Command::new("setpriv");
            let nobody = NOBODY.to_string();
            command
                .args([
                    "--reuid",
                    &nobody,
                    "--regid",
                    &nobody,
                    "--clear-groups",
                    "--",
                ])
                .arg(&program);
            command
        } else {
            Command::new(&program)
        };
        let output = command
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("{}: {e}", program.display()));
        assert!(
            output.status.success(),
            "{} failed: {}{}",
            program.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }

    fn settings(&self, database: &str) -> String {
        format!(
            "host={} user=dateline dbname={database}",
            self.dir.path().display()
        )
    }

    /// A client of database `database`.
    fn client(&self, database: &str) -> postgres::Client {
        postgres::Client::connect(&self.settings(database), postgres::NoTls).unwrap()
    }

    /// A store in a new, empty database.
    fn store(&self, database: &str) -> PostgresStore {
        self.client("postgres")
            .batch_execute(&format!("CREATE DATABASE {database}"))
            .unwrap();
        self.reopen(database)
    }

    fn reopen(&self, database: &str) -> PostgresStore {
        PostgresStore::connect(&self.settings(database)).unwrap()
    }

    /// The store in `database`, creating the database the first time.
    fn reopen_or_create(&self, database: &str) -> PostgresStore {
        let exists = self
            .client("postgres")
            .query_opt("SELECT 1 FROM pg_database WHERE datname = $1", &[&database])
            .unwrap()
            .is_some();
        if exists {
            self.reopen(database)
        } else {
            self.store(database)
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let data = self.data();
        let stop = ["-m", "immediate", "stop"].map(OsStr::new);
        self.run(
            "pg_ctl",
            &[&["-D".as_ref(), data.as_os_str()], &stop[..]].concat(),
        );
    }
}

fn batches_are_atomic(server: &Server) {
    let mut store = server.store("atomicity");
    store.write_batch(&[tass()]).unwrap();
    // PostgreSQL text cannot hold NUL, so this document fails mid-batch, after the first
    // document of the batch was written inside the transaction.
    let unstorable = article("nul.txt", "Broken\n\nA NUL \0 byte.");
    let err = store
        .write_batch(&[reuters(), unstorable])
        .expect_err("a NUL byte is refused");
    assert!(err.to_string().contains("postgresql"), "{err}");
    let report = store.check().unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
    assert_eq!(
        (report.documents, report.quotes, report.entities),
        (1, 1, 1)
    );
    assert!(!store
        .has_content(&dateline_store::content_hash(&reuters()))
        .unwrap());
    // The connection is usable after the rollback, and the batch goes in without it.
    let outcome = store.write_batch(&[reuters()]).unwrap();
    assert_eq!((outcome.added, outcome.quotes_linked), (1, 1));
}

/// The Wikinews articles: words, a phrase, an exclusion, the title ranked first, dates.
fn search_finds_wikinews_articles(server: &Server) {
    let mut store = server.store("wikinews");
    store.write_batch(&wikinews()).unwrap();
    let hits = store.search(&query("robotics")).unwrap();
    assert_eq!(hits[0].source, "GUM_news_afghan.txt");
    let phrase = store.search(&query("\"silver medal\"")).unwrap();
    assert!(phrase.iter().any(|h| h.source == "GUM_news_afghan.txt"));
    let excluded = store.search(&query("robotics -Afghan")).unwrap();
    assert!(excluded.iter().all(|h| h.source != "GUM_news_afghan.txt"));
    assert_eq!(excluded.len(), hits.len() - 1);
    let undated = SearchQuery {
        from: Some("2022".into()),
        ..query("robotics")
    };
    assert!(
        store.search(&undated).unwrap().is_empty(),
        "no date, no match"
    );
}

fn integrity_check_reports_a_quote_without_source(server: &Server) {
    let mut store = server.store("integrity");
    store.write_batch(&[tass()]).unwrap();
    assert!(store.check().unwrap().is_ok());
    server
        .client("integrity")
        .batch_execute("DELETE FROM quote_sources")
        .unwrap();
    let report = store.check().unwrap();
    assert!(report
        .problems
        .iter()
        .any(|p| p.contains("quote records without a source")));
}

/// Every export row of every kind, as JSON Lines.
fn all_exports(store: &dyn Store) -> Vec<String> {
    [
        ExportKind::Documents,
        ExportKind::Quotes,
        ExportKind::Events,
        ExportKind::EventReports,
        ExportKind::Entities,
    ]
    .into_iter()
    .map(|kind| {
        let mut out = Vec::new();
        write_export(store, kind, ExportFormat::Jsonl, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    })
    .collect()
}

fn same_records_as_the_embedded_store(server: &Server) {
    let mut postgres = server.store("same");
    let dir = tempfile::tempdir().unwrap();
    let mut embedded = EmbeddedStore::open(dir.path()).unwrap();
    // Entities and sources recur across batches, and new ones follow known ones.
    // Two reports of one protest and one of another city, for the event records.
    let protest = |path: &str, published: &str, city: (&str, u64)| {
        fixtures::events::protest(
            path,
            published,
            &format!("Protesters clashed with police in {} on January 5.", city.0),
            city,
            Some(("January 5", "2022-01-05")),
        )
    };
    let protests = vec![
        protest("p1.txt", "2022-01-05", fixtures::events::ALMATY),
        protest("p2.txt", "2022-01-06", fixtures::events::ALMATY),
        protest("p3.txt", "2022-01-05", fixtures::events::AKTOBE),
    ];
    let batches = [
        vec![tass(), reuters()],
        wikinews(),
        vec![other_speaker()],
        protests,
    ];
    for batch in &batches {
        assert_eq!(
            postgres.write_batch(batch).unwrap(),
            embedded.write_batch(batch).unwrap()
        );
    }
    assert_eq!(all_exports(&postgres), all_exports(&embedded));
    let (p, e) = (postgres.check().unwrap(), embedded.check().unwrap());
    assert!(p.is_ok() && e.is_ok(), "{:?} {:?}", p.problems, e.problems);
    assert_eq!(
        (
            p.documents,
            p.quotes,
            p.entities,
            p.mentions,
            p.quote_sources
        ),
        (
            e.documents,
            e.quotes,
            e.entities,
            e.mentions,
            e.quote_sources
        )
    );
    // The same hits (rank may differ: BM25 there, cover density here).
    for words in [
        "surrender",
        "election",
        "police OR soldiers",
        "\"North Korea\"",
    ] {
        let found = |store: &dyn Store| {
            let mut hits: Vec<(bool, i64, usize)> = store
                .search(&SearchQuery {
                    limit: 100,
                    ..query(words)
                })
                .unwrap()
                .iter()
                .map(|h| (h.kind == HitKind::Quote, h.id, h.copies))
                .collect();
            hits.sort_unstable();
            hits
        };
        let hits = found(&postgres);
        assert!(!hits.is_empty(), "{words}");
        assert_eq!(hits, found(&embedded), "{words}");
    }
}

#[test]
fn postgres_backend_behaves_as_the_embedded_store() {
    let server = Server::start();
    checks::idempotent_reingest(&mut || Box::new(server.reopen_or_create("idempotence")));
    fixtures::events::reports_of_one_event_are_one_record(&mut server.store("events"));
    fixtures::events::parquet_export_reads_back_as_jsonl(&mut server.store("parquet"));
    checks::same_quote_from_two_outlets_is_one_record(&mut server.store("linking"));
    checks::ellipsised_trimmed_and_extended_quotes_join_one_record(&mut server.store("variants"));
    checks::search_finds_words_and_filters_by_speaker_and_date(&mut server.store("search"));
    checks::search_filters_by_outlet(&mut server.store("outlets"));
    checks::near_duplicates_point_at_the_earliest_copy(&mut server.store("duplicates"));
    checks::exports_csv_with_header_and_one_row_per_record(&mut server.store("exports"));
    batches_are_atomic(&server);
    search_finds_wikinews_articles(&server);
    integrity_check_reports_a_quote_without_source(&server);
    same_records_as_the_embedded_store(&server);
}
