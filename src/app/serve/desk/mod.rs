//! The submission desk (`/desk`, `/s/<token>`): the planner makes a round with
//! its sections; each section gets a link of its own, uploads its workbook,
//! and sees its check at once; the planner sees who submitted, when, what was
//! found, what changed between uploads and how each holds against the compiled
//! report, downloads the reconciled corrected report and exports the round.
//!
//! `db.rs` the database (SQLite, migrated at start), `blobs.rs` the files by
//! content, `auth.rs` who may do what, `planner.rs` and `section.rs` the
//! routes, `reconciled.rs` the round held against its compiled report,
//! `export.rs` the round as one zip, `pages.rs` the pages.

use std::path::PathBuf;
use std::sync::Arc;

use axum::routing::{get, post};
use axum::Router;

pub mod auth;
pub mod blobs;
pub mod db;
mod export;
mod pages;
mod planner;
mod reconciled;
mod section;

/// What the desk's routes share.
pub struct Desk {
    pub db: db::Db,
    pub blobs: PathBuf,
    pub uploads_per_hour: usize,
}

impl Desk {
    /// Opens the desk's database and blob store under `data`; a credential
    /// made at this first start is returned, to be printed once.
    pub fn open(
        data: &std::path::Path,
        admin_token: Option<&str>,
        uploads_per_hour: usize,
    ) -> Result<(Desk, Option<String>), String> {
        let blobs = data.join("blobs");
        std::fs::create_dir_all(&blobs).map_err(|e| e.to_string())?;
        let db = db::Db::open(&data.join("desk.sqlite3")).map_err(|e| e.to_string())?;
        let made = auth::admin(&db, admin_token).map_err(|e| e.to_string())?;
        Ok((
            Desk {
                db,
                blobs,
                uploads_per_hour,
            },
            made,
        ))
    }
}

/// Seconds since 1970.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::SystemTime::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// The desk's routes.
pub fn routes() -> Router<Arc<super::State>> {
    Router::new()
        .route("/desk", get(planner::home))
        .route("/desk/login", post(planner::login))
        .route("/desk/logout", post(planner::logout))
        .route("/desk/rounds", post(planner::create_round))
        .route("/desk/r/{slug}", get(planner::round))
        .route("/desk/r/{slug}/state", get(planner::state))
        .route(
            "/desk/r/{slug}/s/{section}/{action}",
            post(planner::link_action),
        )
        .route("/desk/r/{slug}/u/{upload}", get(planner::upload_page))
        .route("/desk/r/{slug}/diff/{old}/{new}", get(planner::diff))
        .route("/desk/r/{slug}/reconciled", get(planner::reconciled_page))
        .route(
            "/desk/r/{slug}/reconciled.xlsx",
            get(planner::reconciled_copy),
        )
        .route("/desk/r/{slug}/export.zip", get(planner::export))
        .route("/s/{token}", get(section::home))
        .route("/s/{token}/upload", post(section::upload))
        .route("/s/{token}/u/{upload}", get(section::upload_page))
}
