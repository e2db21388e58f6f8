//! The UI in a real browser: `tests/browser/journey.js` drives headless Chromium (the
//! Debian `chromium` package) with Playwright over a server on a loopback port, on the
//! store of `common`. Screenshots go to `target/tmp/browser/`.
//!
//! Needs `node`, `/usr/bin/chromium` (or `$CHROMIUM`) and `npm ci` in `tests/browser`;
//! missing tools fail the test with the command that installs them.

use dateline_serve::{router, AppState, Config};
use std::path::Path;
use std::process::Command;

mod common;

const TOKEN: &str = "browser-test-token";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_journalist_searches_reads_and_follows_a_quote_to_its_speaker() {
    let scripts = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        Path::new(&chromium).is_file(),
        "no Chromium at {chromium}: `apt-get install chromium` (or set CHROMIUM)"
    );
    assert!(
        scripts.join("node_modules/playwright-core").is_dir(),
        "Playwright missing: `npm ci --prefix {}`",
        scripts.display()
    );
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser");
    std::fs::create_dir_all(&shots).unwrap();

    let (_dir, store) = common::store_copy();
    let config = Config {
        token: Some(TOKEN.into()),
        rate_per_second: 1000.0,
        rate_burst: 10_000.0,
        ..Config::default()
    };
    let app = router(AppState::new(store, Some(common::pipeline()), config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(dateline_serve::serve(listener, app));

    let journey = scripts.join("journey.js");
    let run = {
        let shots = shots.clone();
        tokio::task::spawn_blocking(move || {
            Command::new("node")
                .arg(journey)
                .arg(&base)
                .arg(&shots)
                .arg(TOKEN)
                .env("CHROMIUM", chromium)
                .output()
                .expect("node runs (install Node.js)")
        })
    };
    let output = run.await.unwrap();
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "browser journey failed:\n{log}");
    for name in ["search", "article", "speaker", "map", "paste", "hostile"] {
        let png = std::fs::read(shots.join(format!("{name}.png"))).unwrap();
        assert!(
            png.starts_with(b"\x89PNG") && png.len() > 10_000,
            "{name}.png"
        );
    }
}
