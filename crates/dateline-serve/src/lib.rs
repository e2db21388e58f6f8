//! Store in, HTTP out: the JSON API and the web UI of `dateline serve`.
//!
//! In: an opened store (and, for `analyze` and `ingest`, the annotation pipeline).
//! Out: an [`axum::Router`] serving
//! - `/api/...`: documents, quotes, speakers, entities, events, places, search with facets,
//!   timelines, `analyze` (annotate pasted text, store nothing) and `ingest` (token only),
//!   all JSON, paginated, with ETags and `{"error":{"code","message"}}` errors;
//! - `/openapi.json` (generated from the handlers by utoipa) and `/docs` (rendered from it);
//! - the web UI: search, article view with every annotation highlighted, speaker, entity,
//!   quote, events timeline, map and paste pages, server-rendered with every piece of
//!   article text HTML-escaped, assets embedded in the binary, no inline script, so the
//!   Content-Security-Policy can forbid any script the pages did not ship.
//!
//! Hostile clients get bounded work: body size limit (413), per-IP token-bucket rate
//! limit (429), request timeout (408), strict JSON (unknown fields refused) and integer ids.

mod api;
mod assets;
mod error;
mod extract;
mod html;
mod layers;
mod response_cache;
mod ui;

pub use api::ApiDoc;
pub use error::{ApiError, ErrorBody};
pub use response_cache::CacheStats;

use dateline_pipeline::Pipeline;
use dateline_store::{EmbeddedStore, Facets};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the server allows.
#[derive(Debug, Clone)]
pub struct Config {
    /// Bearer token for ingest and admin endpoints; without one they are refused.
    pub token: Option<String>,
    /// Refuse every endpoint that writes or administers (403), whatever the token.
    pub read_only: bool,
    /// Largest request body accepted, in bytes (413 beyond).
    pub max_body_bytes: usize,
    /// A request not answered within this time gets 408 (slow clients included).
    pub request_timeout: Duration,
    /// Sustained requests per second per client IP, and the burst allowed above it.
    pub rate_per_second: f64,
    pub rate_burst: f64,
    /// Largest page a list endpoint returns.
    pub max_page: usize,
    /// Bytes of whole responses to repeated GETs kept in memory; 0 turns the cache off.
    pub response_cache_bytes: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            token: None,
            read_only: false,
            max_body_bytes: 2 * 1024 * 1024,
            request_timeout: Duration::from_secs(30),
            rate_per_second: 50.0,
            rate_burst: 200.0,
            max_page: 100,
            response_cache_bytes: 64 * 1024 * 1024,
        }
    }
}

/// Everything a handler needs.
pub struct AppState {
    /// The writer: ingest goes through it, one batch at a time.
    store: Mutex<EmbeddedStore>,
    /// Read-only handles (a connection and an index reader each), so that reads run side by
    /// side instead of queueing behind one connection.
    readers: ReaderPool,
    pipeline: Option<Arc<Pipeline>>,
    config: Config,
    limiter: layers::RateLimiter,
    /// Annotation is CPU-bound: at most one per core runs, the rest wait their turn (and
    /// time out), so a burst of analyze requests cannot starve the readers.
    annotators: Arc<tokio::sync::Semaphore>,
    /// Writes through [`AppState::with_writer`] so far: a reader that saw fewer reloads its
    /// index before use.
    writes: AtomicU64,
    /// Facet counts of recent searches, by the write count they were counted at and the
    /// documents they counted: the same query asks for the same facets, and counting them
    /// (thousands of mention rows) was a third of a search's CPU time.
    facet_cache: Mutex<lru::LruCache<(u64, Vec<i64>), Facets>>,
    /// Whole responses to repeated GETs, by [`AppState::generation`].
    response_cache: response_cache::ResponseCache,
    /// What the store's files looked like when [`AppState::generation`] last looked.
    files_seen: Mutex<Vec<FileStamp>>,
}

/// Size and modification time of one entry of the store directory.
type FileStamp = (std::ffi::OsString, u64, Option<std::time::SystemTime>);

/// The store directory's entries as a writer changes them: the records database and its
/// write-ahead log (each commit writes the log), and the index directory (each index commit
/// renames a new `meta.json` into it, which changes the directory's time). The shared-memory
/// file is left out: readers write to it.
fn store_files(dir: &std::path::Path) -> Vec<FileStamp> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut stamps: Vec<FileStamp> = entries
        .filter_map(Result::ok)
        .filter(|entry| !entry.file_name().to_string_lossy().ends_with("-shm"))
        .filter_map(|entry| {
            let meta = entry.metadata().ok()?;
            Some((entry.file_name(), meta.len(), meta.modified().ok()))
        })
        .collect();
    stamps.sort();
    stamps
}

/// How many searches' facet counts are kept (a few KB each).
const FACET_CACHE_ENTRIES: usize = 1024;
/// Values shown per facet.
const FACET_VALUES: usize = 10;

/// Read-only store handles per core: SQLite reads wait on the disk as well as the CPU, so
/// more than one, but each extra one adds a reader's page cache and lets more requests share
/// the cores at once, which stretches every one of them (under 50 clients, 2 per core gave
/// more requests/s and a lower p99 than 4; see docs/BENCHMARKS.md, serve, fourth round).
const READERS_PER_CORE: usize = 2;

/// A pooled reader and the write count its index last reloaded at.
struct Reader {
    store: EmbeddedStore,
    seen_writes: u64,
}

/// Read-only store handles, opened on first use, at most `available` in use at once.
struct ReaderPool {
    dir: std::path::PathBuf,
    idle: Mutex<Vec<Reader>>,
    available: Arc<tokio::sync::Semaphore>,
}

impl ReaderPool {
    fn open(dir: &std::path::Path, size: usize) -> ReaderPool {
        ReaderPool {
            dir: dir.to_path_buf(),
            idle: Mutex::new(Vec::with_capacity(size)),
            available: Arc::new(tokio::sync::Semaphore::new(size.max(1))),
        }
    }

    /// An idle reader (a new one when none is idle), its index current as of `writes`.
    fn take(&self, writes: u64) -> Result<Reader, ApiError> {
        let idle = self
            .idle
            .lock()
            .map_err(|_| ApiError::internal("reader pool lock poisoned"))?
            .pop();
        let mut reader = match idle {
            Some(reader) => reader,
            None => Reader {
                store: EmbeddedStore::open_reader(&self.dir)?,
                seen_writes: writes,
            },
        };
        if reader.seen_writes < writes {
            reader.store.reload_index()?;
            reader.seen_writes = writes;
        }
        Ok(reader)
    }

    fn give_back(&self, reader: Reader) {
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(reader);
        }
    }
}

pub type SharedState = Arc<AppState>;

impl AppState {
    pub fn new(
        store: EmbeddedStore,
        pipeline: Option<Arc<Pipeline>>,
        config: Config,
    ) -> SharedState {
        let limiter = layers::RateLimiter::new(config.rate_per_second, config.rate_burst);
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let readers = ReaderPool::open(store.dir(), READERS_PER_CORE * cores);
        Arc::new(AppState {
            annotators: Arc::new(tokio::sync::Semaphore::new(cores)),
            writes: AtomicU64::new(0),
            facet_cache: Mutex::new(lru::LruCache::new(
                std::num::NonZeroUsize::new(FACET_CACHE_ENTRIES).expect("not zero"),
            )),
            response_cache: response_cache::ResponseCache::new(config.response_cache_bytes),
            files_seen: Mutex::new(store_files(store.dir())),
            store: Mutex::new(store),
            readers,
            pipeline,
            config,
            limiter,
        })
    }

    /// The store's generation: the write count of this server, moved on as well when the
    /// store's files show that another process wrote (`dateline ingest` beside the server),
    /// so that readers reload their index and cached answers are not served again. A file's
    /// time has the kernel's clock granularity (a few ms): a write in the same tick as the
    /// previous look and of the same size goes unnoticed until the next one.
    pub(crate) fn generation(&self) -> u64 {
        let now = store_files(&self.readers.dir);
        if let Ok(mut seen) = self.files_seen.lock() {
            if *seen != now {
                *seen = now;
                self.writes.fetch_add(1, Ordering::AcqRel);
            }
        }
        self.writes.load(Ordering::Acquire)
    }

    /// Hits and misses of the response cache so far.
    pub fn response_cache_stats(&self) -> CacheStats {
        self.response_cache.stats()
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Runs `work` with a read-only handle of the store on the blocking pool, in one read
    /// transaction (one snapshot); as many run at once as the pool has handles.
    pub async fn with_store<T: Send + 'static>(
        self: &Arc<Self>,
        work: impl FnOnce(&EmbeddedStore) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        self.with_store_at(move |store, _| work(store)).await
    }

    /// As [`AppState::with_store`], and tells `work` the write count the snapshot includes
    /// at least (it may include later writes).
    pub(crate) async fn with_store_at<T: Send + 'static>(
        self: &Arc<Self>,
        work: impl FnOnce(&EmbeddedStore, u64) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let permit = self
            .readers
            .available
            .clone()
            .acquire_owned()
            .await
            .map_err(ApiError::internal)?;
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let writes = state.writes.load(Ordering::Acquire);
            let reader = state.readers.take(writes)?;
            let result = reader
                .store
                .in_read_transaction(|store| work(store, writes));
            state.readers.give_back(reader);
            result
        })
        .await
        .map_err(ApiError::internal)?
    }

    /// Facet counts over `documents` for a handle whose snapshot includes `writes` writes:
    /// from the cache when a search since then counted the same documents. An entry counted
    /// at write count N is at least as new as N, so no answer is older than its request.
    /// Another process's writes (`dateline ingest` beside the server) add documents with new
    /// ids: they change which documents a search counts, not the counts of a given set.
    pub(crate) fn facets(
        &self,
        store: &EmbeddedStore,
        writes: u64,
        documents: &[i64],
    ) -> Result<Facets, ApiError> {
        let key = (writes, documents.to_vec());
        let cached = self
            .facet_cache
            .lock()
            .ok()
            .and_then(|mut cache| cache.get(&key).cloned());
        if let Some(facets) = cached {
            return Ok(facets);
        }
        let facets = store.facets(documents, FACET_VALUES)?;
        if let Ok(mut cache) = self.facet_cache.lock() {
            cache.put(key, facets.clone());
        }
        Ok(facets)
    }

    /// Runs `work` with the store's writer on the blocking pool, one writer at a time; the
    /// readers see its index commit before their next request.
    pub async fn with_writer<T: Send + 'static>(
        self: &Arc<Self>,
        work: impl FnOnce(&mut EmbeddedStore) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut store = state
                .store
                .lock()
                .map_err(|_| ApiError::internal("store lock poisoned"))?;
            let result = work(&mut store);
            state.writes.fetch_add(1, Ordering::AcqRel);
            result
        })
        .await
        .map_err(ApiError::internal)?
    }

    /// Runs `work` with the pipeline on the blocking pool; 503 when no models were loaded.
    pub async fn with_pipeline<T: Send + 'static>(
        self: &Arc<Self>,
        work: impl FnOnce(&Pipeline) -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        if self.pipeline.is_none() {
            return Err(ApiError::new(
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                "models_unavailable",
                "this server was started without models; restart with --models DIR",
            ));
        }
        // The permit lives with the work, not the request: a request that times out does
        // not free a core its annotation is still using.
        let permit = self
            .annotators
            .clone()
            .acquire_owned()
            .await
            .map_err(ApiError::internal)?;
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work(state.pipeline.as_ref().expect("checked"))
        })
        .await
        .map_err(ApiError::internal)
    }
}

/// The whole application: API, spec, docs, UI and assets, behind the protective layers.
pub fn router(state: SharedState) -> axum::Router {
    let app = axum::Router::new()
        .merge(api::routes())
        .merge(ui::routes())
        .merge(assets::routes())
        .with_state(state.clone());
    layers::protect(app, state)
}

/// How long a client may take to send a request's headers before its connection is closed
/// (the request timeout only starts once the headers are in).
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves `router` on `listener` until Ctrl-C, with each client's address known (for the
/// rate limit) and connections whose headers do not arrive within [`HEADER_READ_TIMEOUT`]
/// closed; on Ctrl-C, waits for the requests in flight.
pub async fn serve(listener: tokio::net::TcpListener, router: axum::Router) -> std::io::Result<()> {
    serve_with(listener, router, HEADER_READ_TIMEOUT).await
}

/// [`serve`] with a chosen header read timeout.
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    router: axum::Router,
    header_read_timeout: Duration,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(header_read_timeout);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let shutdown = tokio::signal::ctrl_c();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // Out of file descriptors or a connection reset before accept: keep serving.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let service = router
            .clone()
            .layer(axum::Extension(axum::extract::ConnectInfo(peer)));
        let connection = http.serve_connection(
            TokioIo::new(stream),
            hyper_util::service::TowerToHyperService::new(service),
        );
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A client that hangs up or times out ends only its own connection.
            let _ = connection.await;
        });
    }
    graceful.shutdown().await;
    Ok(())
}
