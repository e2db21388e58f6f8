//! `dateline serve --store DIR`: the HTTP API and web UI over a store (see `dateline-serve`).

use crate::cmd::annotate::load_pipeline;
use crate::cmd::store::StoreDir;
use anyhow::Context;
use dateline_serve::{router, serve, AppState, Config};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub store: StoreDir,
    /// Address to listen on. The default answers only this machine; binding a public
    /// address exposes the store to the network.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Bearer token for ingest and admin endpoints (without one they are refused).
    #[arg(long, env = "DATELINE_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Refuse every endpoint that writes or administers, whatever the token.
    #[arg(long)]
    pub read_only: bool,
    /// Models for `/api/analyze`, `/api/ingest` and the paste page (default: `$DATELINE_MODELS`,
    /// else the repository's `models/`). Without models those endpoints answer 503.
    #[arg(long)]
    pub models: Option<PathBuf>,
    /// Largest request body, in bytes.
    #[arg(long, default_value_t = 2 * 1024 * 1024)]
    pub max_body: usize,
    /// Seconds before an unanswered request gets 408.
    #[arg(long, default_value_t = 30)]
    pub timeout: u64,
    /// Requests per second each client IP may sustain (bursts of 4x are allowed).
    #[arg(long, default_value_t = 50.0)]
    pub rate: f64,
    /// Megabytes of whole responses to repeated GETs kept in memory (0 turns the cache off).
    #[arg(long, default_value_t = 64)]
    pub response_cache_mb: usize,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let store = args.store.open_existing()?;
    let models = args
        .models
        .clone()
        .unwrap_or_else(dateline_pipeline::Pipeline::default_models_dir);
    let pipeline = match load_pipeline(&models) {
        Ok(pipeline) => Some(std::sync::Arc::new(pipeline)),
        Err(err) if args.models.is_none() => {
            eprintln!("dateline serve: no models ({err:#}); analyze and ingest are disabled");
            None
        }
        Err(err) => return Err(err),
    };
    let config = Config {
        token: args.token.filter(|t| !t.is_empty()),
        read_only: args.read_only,
        max_body_bytes: args.max_body,
        request_timeout: Duration::from_secs(args.timeout.max(1)),
        rate_per_second: args.rate,
        rate_burst: args.rate * 4.0,
        response_cache_bytes: args.response_cache_mb * 1024 * 1024,
        ..Config::default()
    };
    if config.token.is_none() && !config.read_only {
        eprintln!("dateline serve: no --token given; ingest and admin endpoints are refused");
    }
    let app = router(AppState::new(store, pipeline, config));
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.bind)
            .await
            .with_context(|| format!("binding {}", args.bind))?;
        eprintln!(
            "dateline serve: http://{} (API docs at /docs)",
            listener.local_addr()?
        );
        serve(listener, app).await.context("serving")
    })?;
    Ok(ExitCode::SUCCESS)
}
