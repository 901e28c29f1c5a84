//! A section's routes (`/s/<token>…`): the link is the credential. It uploads
//! to its own section of its own round and reads its own reports, nothing
//! else; a revoked link is refused; uploads are limited per link and hour.

use std::sync::Arc;

use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State as Shared};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use super::db::{Counts, Link, NewUpload, Round};
use super::{auth, blobs, now, pages};
use crate::app::serve::handlers::{read_upload, work_on, Asked};
use crate::app::serve::refusal::{html, Refusal};
use crate::app::serve::store;
use crate::app::serve::work::{self, Kept};
use crate::app::serve::State;
use crate::msg;

/// The link of `token` and its round: 404 for a link that never was, 403 for
/// one the planner revoked.
fn link_of(state: &State, token: &str) -> Result<(Link, Round), Refusal> {
    let missing = || Refusal::new(StatusCode::NOT_FOUND, msg!("desk.no-link"));
    if !store::is_id(token) {
        return Err(missing());
    }
    let db = &state.desk.db;
    let link = db.link(token).ok().flatten().ok_or_else(missing)?;
    if link.revoked {
        return Err(Refusal::new(StatusCode::FORBIDDEN, msg!("desk.revoked")));
    }
    let round = db
        .round_by_id(link.section.round_id)
        .ok()
        .flatten()
        .ok_or_else(missing)?;
    Ok((link, round))
}

/// `GET /s/<token>`: the section's page.
pub async fn home(
    Shared(state): Shared<Arc<State>>,
    Path(token): Path<String>,
    asked: Asked,
) -> Response {
    let shown = link_of(&state, &token).and_then(|(link, round)| {
        let uploads = state.desk.db.uploads(link.section.id).map_err(|e| {
            Refusal::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                msg!("desk.database", error = e.to_string()),
            )
        })?;
        Ok((link, round, uploads))
    });
    match shown {
        Ok((link, round, uploads)) => {
            let nonce = store::new_id();
            let page = pages::section(asked.lang, &nonce, &token, &round, &link.section, &uploads);
            html(StatusCode::OK, page, &nonce)
        }
        Err(r) => r.page(asked.lang),
    }
}

fn over_rate(state: &State, token: &str) -> bool {
    state
        .desk
        .db
        .uploads_by_link_since(token, now() - 3600)
        .map_or(true, |n| {
            n >= i64::try_from(state.desk.uploads_per_hour).unwrap_or(i64::MAX)
        })
}

fn too_often(state: &State) -> Refusal {
    Refusal::new(
        StatusCode::TOO_MANY_REQUESTS,
        msg!("desk.rate", limit = state.desk.uploads_per_hour),
    )
}

/// `POST /s/<token>/upload` (multipart, one workbook in field `file`): keeps
/// it, checks it, and shows the check.
pub async fn upload(
    Shared(state): Shared<Arc<State>>,
    Path(token): Path<String>,
    asked: Asked,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let lang = asked.lang;
    let (link, _) = match link_of(&state, &token) {
        Ok(found) => found,
        Err(r) => return r.page(lang),
    };
    if auth::cross_site(&asked.headers) {
        return Refusal::new(StatusCode::FORBIDDEN, msg!("desk.cross-site")).page(lang);
    }
    if over_rate(&state, &token) {
        let mut response = too_often(&state).page(lang);
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("3600"));
        return response;
    }
    let sent = match read_upload(&state, &asked.headers, multipart).await {
        Ok(sent) => sent,
        Err(r) => return r.page(lang),
    };
    let mut files = sent.files_of("file");
    if files.len() != 1 {
        return Refusal::new(
            StatusCode::BAD_REQUEST,
            msg!("desk.one-file", count = files.len()),
        )
        .page(lang);
    }
    let (name, bytes) = files.remove(0);
    let ext = store::extension(&name).unwrap_or_default();
    if ext == "docx" {
        return Refusal::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            msg!("desk.workbook-only"),
        )
        .page(lang);
    }
    let kept = work_on(&state, move |state| {
        record(state, &link, name, bytes, &ext, lang)
    })
    .await
    .and_then(|r| r);
    match kept {
        Ok(id) => Redirect::to(&format!("/s/{token}/u/{id}?lang={}", lang.code())).into_response(),
        Err(r) => r.page(lang),
    }
}

/// Keeps an upload of `link`, checks it and records it with its report (on a
/// worker): the upload's id.
fn record(
    state: &State,
    link: &Link,
    name: String,
    bytes: Vec<u8>,
    ext: &str,
    lang: crate::i18n::Lang,
) -> Result<i64, Refusal> {
    let key = blobs::put(&state.desk.blobs, &bytes, ext).map_err(|e| {
        Refusal::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            msg!("serve.keep", error = e.to_string()),
        )
    })?;
    let file = Kept {
        name: name.clone(),
        path: blobs::path(&state.desk.blobs, &key),
    };
    let outcomes = work::check(&[file], &state.rules, &state.limits);
    let report = crate::render::json::render(&outcomes);
    let (counts, unreadable) = match &outcomes[0] {
        Ok(r) => {
            let t = r.tally();
            let n = |x: usize| i64::try_from(x).unwrap_or(i64::MAX);
            (
                Counts {
                    errors: n(t.errors),
                    warnings: n(t.warnings),
                    infos: n(t.infos),
                },
                None,
            )
        }
        Err(e) => (Counts::default(), Some(e.reason().render(lang))),
    };
    // Checked again as the upload is recorded: two requests at once
    // cannot both take the last upload of the hour.
    if over_rate(state, &link.token) {
        return Err(too_often(state));
    }
    let blob = super::db::Blob { key, name };
    let id = state
        .desk
        .db
        .add_upload(&NewUpload {
            section_id: link.section.id,
            link: &link.token,
            blob: &blob,
            size: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
            at: now(),
            counts,
            unreadable: unreadable.as_deref(),
            report: &report,
        })
        .map_err(|e| {
            Refusal::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                msg!("desk.database", error = e.to_string()),
            )
        })?;
    Ok(id)
}

/// `GET /s/<token>/u/<id>`: the check of one of the section's own uploads.
pub async fn upload_page(
    Shared(state): Shared<Arc<State>>,
    Path((token, id)): Path<(String, String)>,
    asked: Asked,
) -> Response {
    let lang = asked.lang;
    let found = link_of(&state, &token).and_then(|(link, _)| {
        let upload = id
            .parse::<i64>()
            .ok()
            .and_then(|id| state.desk.db.upload(id).ok().flatten())
            .ok_or_else(|| Refusal::new(StatusCode::NOT_FOUND, msg!("desk.no-upload")))?;
        if upload.section_id != link.section.id {
            return Err(Refusal::new(StatusCode::FORBIDDEN, msg!("desk.not-yours")));
        }
        Ok(upload)
    });
    match found {
        Ok(upload) => {
            let bar = format!(
                "<nav class=\"serve-bar\"><a href=\"/s/{}?lang={}\">{}</a></nav>\n",
                crate::render::html::esc(&token),
                lang.code(),
                crate::render::html::esc(&lang.t("desk.again"))
            );
            super::planner::upload_report(&state, &asked, upload, bar).await
        }
        Err(r) => r.page(lang),
    }
}
