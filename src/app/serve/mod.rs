//! `selaras serve`: the check as a web page on the office network, and its API.
//!
//! - `GET /` the page files are dropped on; `POST /upload` keeps them and leads
//!   to `GET /report/<id>`, the evaluator's page (as `check --html`) with
//!   downloads: `/report/<id>/fixed/<n>[?unsafe=1]` and `/report/<id>/json`.
//! - `POST /api/check` (multipart, field `file` repeated) answers the JSON
//!   report v1; `POST /api/fix` the corrected copy.
//!
//! The work runs on blocking threads, at most `--workers` files at once, each
//! request given up after `--timeout`; a panic in a reader is that file's
//! error (or the request's 500), never the server's end. Refusals are 4xx with
//! the CLI's words, in the page's language (`?lang=`, else the browser's).

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;

use crate::cli::ServeArgs;
use crate::i18n::Lang;
use crate::rules::Rules;
use crate::workbook::Limits;

pub mod desk;
mod handlers;
mod page;
mod refusal;
mod store;
mod work;

/// What every request shares.
pub struct State {
    pub rules: Rules,
    pub limits: Limits,
    /// `--data`: uploads under `uploads/`, a request's scratch under `work/`.
    pub data: PathBuf,
    pub max_upload_mb: u64,
    pub timeout: Duration,
    /// One permit a file being worked on.
    pub workers: Arc<tokio::sync::Semaphore>,
    /// The submission desk.
    pub desk: desk::Desk,
}

impl State {
    fn uploads(&self) -> PathBuf {
        self.data.join("uploads")
    }
    fn scratch(&self) -> PathBuf {
        self.data.join("work")
    }
    fn max_upload_bytes(&self) -> u64 {
        self.max_upload_mb.saturating_mul(1 << 20)
    }
}

/// The routes of the server.
pub fn router(state: Arc<State>) -> Router {
    // The body limit leaves room for the multipart envelope around the files;
    // the files themselves are held to --max-upload-mb as they are read.
    let body_limit = usize::try_from(state.max_upload_bytes())
        .unwrap_or(usize::MAX)
        .saturating_add(1 << 20);
    Router::new()
        .route("/", get(handlers::index))
        .route("/upload", post(handlers::upload))
        .route("/report/{id}", get(handlers::report))
        .route("/report/{id}/json", get(handlers::report_json))
        .route("/report/{id}/fixed/{n}", get(handlers::report_fixed))
        .route("/api/check", post(handlers::api_check))
        .route("/api/fix", post(handlers::api_fix))
        .merge(desk::routes())
        .fallback(handlers::not_found)
        .method_not_allowed_fallback(handlers::wrong_method)
        .layer(DefaultBodyLimit::max(body_limit))
        .with_state(state)
}

/// Runs `selaras serve` until Ctrl+C (or SIGTERM).
pub fn serve(args: ServeArgs) -> ExitCode {
    let lang = crate::cli::language_or_env(args.lang);
    let Some(rules) = crate::app::load_rules(args.rules.as_deref(), lang) else {
        return ExitCode::from(2);
    };
    let workers = args.workers.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get)
    });
    if let Err(e) = std::fs::create_dir_all(&args.data) {
        crate::app::say(
            lang,
            crate::msg!(
                "serve.data",
                data = args.data.display().to_string(),
                error = e.to_string()
            )
            .render(lang),
        );
        return ExitCode::from(2);
    }
    let admin = args
        .admin_token
        .clone()
        .or_else(|| std::env::var("SELARAS_ADMIN_TOKEN").ok());
    let (desk, made) = match desk::Desk::open(&args.data, admin.as_deref(), args.uploads_per_hour) {
        Ok(opened) => opened,
        Err(e) => {
            crate::app::say(
                lang,
                crate::msg!(
                    "serve.data",
                    data = args.data.display().to_string(),
                    error = e
                )
                .render(lang),
            );
            return ExitCode::from(2);
        }
    };
    let state = Arc::new(State {
        rules,
        limits: args.limits.limits(),
        data: args.data.clone(),
        max_upload_mb: args.max_upload_mb,
        timeout: Duration::from_secs(args.timeout),
        workers: Arc::new(tokio::sync::Semaphore::new(workers)),
        desk,
    });
    if let Some(token) = made {
        let line = crate::msg!("serve.admin-made", token = token).render(lang);
        if !crate::app::emit(&format!("{line}\n")) {
            return ExitCode::from(2);
        }
    }
    for dir in [state.uploads(), state.scratch()] {
        if let Err(e) = std::fs::create_dir_all(&dir) {
            crate::app::say(
                lang,
                crate::msg!(
                    "serve.data",
                    data = dir.display().to_string(),
                    error = e.to_string()
                )
                .render(lang),
            );
            return ExitCode::from(2);
        }
    }
    // What a request left in its scratch folder before a stop is swept at start.
    if let Ok(entries) = std::fs::read_dir(state.scratch()) {
        for e in entries.flatten() {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
    store::sweep(&state.uploads());
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(workers.saturating_add(2))
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            crate::app::say(lang, e);
            return ExitCode::from(2);
        }
    };
    runtime.block_on(run(args.addr, state, lang))
}

async fn run(addr: std::net::SocketAddr, state: Arc<State>, lang: Lang) -> ExitCode {
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => {
            crate::app::say(
                lang,
                crate::msg!("serve.bind", addr = addr.to_string(), error = e.to_string())
                    .render(lang),
            );
            return ExitCode::from(2);
        }
    };
    let local = listener.local_addr().unwrap_or(addr);
    let line = crate::msg!(
        "serve.listening",
        url = format!("http://{local}/"),
        data = state.data.display().to_string()
    )
    .render(lang);
    if !crate::app::emit(&format!("{line}\n")) {
        return ExitCode::from(2);
    }
    let served = axum::serve(listener, router(state))
        .with_graceful_shutdown(stopped())
        .await;
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            crate::app::say(lang, e);
            ExitCode::from(2)
        }
    }
}

/// Resolves on Ctrl+C or, on Unix, SIGTERM.
async fn stopped() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
