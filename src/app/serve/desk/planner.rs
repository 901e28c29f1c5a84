//! The planner's routes (`/desk…`): every one needs the admin credential (a
//! Bearer header, or the session cookie the login page gives); every one that
//! changes something is refused from another site, and from a browser session
//! without the session's CSRF token.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, Multipart, Path, State as Shared};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use super::auth::{self, Planner};
use super::db::{Blob, Round, Upload};
use super::pages::{self, RoundLine, SectionLine};
use super::{blobs, now, reconciled};
use crate::app::serve::handlers::{read_upload, work_on, Asked};
use crate::app::serve::refusal::{attachment, html, html_with, json, Refusal};
use crate::app::serve::store::{self, Scratch};
use crate::app::serve::work::{self, Kept};
use crate::app::serve::State;
use crate::msg;

/// A database error: the request fails with 500, and says so.
fn broken(e: rusqlite::Error) -> Refusal {
    Refusal::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        msg!("desk.database", error = e.to_string()),
    )
}

/// A request of the planner's: the credential or a live session, else the
/// login page with 401 (an extractor, so that no route forgets to ask).
pub struct Signed(pub Planner);

impl axum::extract::FromRequestParts<Arc<State>> for Signed {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &Arc<State>,
    ) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().map(str::to_string);
        let lang = crate::app::serve::handlers::language(&query, &parts.headers);
        auth::planner(&state.desk.db, &parts.headers, now())
            .map(Signed)
            .ok_or_else(|| {
                let nonce = store::new_id();
                html(
                    StatusCode::UNAUTHORIZED,
                    pages::login(lang, &nonce, false),
                    &nonce,
                )
            })
    }
}

fn csrf_of(planner: &Planner) -> &str {
    match planner {
        Planner::Bearer => "",
        Planner::Session { csrf, .. } => csrf,
    }
}

fn cross_site() -> Refusal {
    Refusal::new(StatusCode::FORBIDDEN, msg!("desk.cross-site"))
}

/// A round by its address, or 404.
fn round_of(state: &State, slug: &str) -> Result<Round, Refusal> {
    let round = if store::is_id(slug) {
        state.desk.db.round(slug).map_err(broken)?
    } else {
        None
    };
    round.ok_or_else(|| Refusal::new(StatusCode::NOT_FOUND, msg!("desk.no-round")))
}

/// An upload of a section of `round`, or 404.
fn upload_of(state: &State, round: &Round, id: &str) -> Result<Upload, Refusal> {
    let upload = match id.parse::<i64>() {
        Ok(id) => state.desk.db.upload(id).map_err(broken)?,
        Err(_) => None,
    };
    let section = match &upload {
        Some(u) => state.desk.db.section(u.section_id).map_err(broken)?,
        None => None,
    };
    match (upload, section) {
        (Some(u), Some(s)) if s.round_id == round.id => Ok(u),
        _ => Err(Refusal::new(StatusCode::NOT_FOUND, msg!("desk.no-upload"))),
    }
}

/// Every section of a round with its uploads.
fn lines(state: &State, round: &Round) -> Result<Vec<SectionLine>, Refusal> {
    let sections = state.desk.db.sections(round.id).map_err(broken)?;
    sections
        .into_iter()
        .map(|section| {
            let uploads = state.desk.db.uploads(section.id).map_err(broken)?;
            Ok(SectionLine {
                section,
                uploads,
                reconciled: None,
            })
        })
        .collect()
}

/// `GET /desk`: the rounds, and a form to make one.
pub async fn home(
    Shared(state): Shared<Arc<State>>,
    Signed(planner): Signed,
    asked: Asked,
) -> Response {
    let rounds = state.desk.db.rounds().map_err(broken).and_then(|rounds| {
        rounds
            .into_iter()
            .map(|round| {
                let lines = lines(&state, &round)?;
                Ok(RoundLine {
                    sections: lines.len(),
                    submitted: lines.iter().filter(|l| !l.uploads.is_empty()).count(),
                    round,
                })
            })
            .collect::<Result<Vec<_>, Refusal>>()
    });
    match rounds {
        Ok(rounds) => {
            let nonce = store::new_id();
            let page = pages::rounds(asked.lang, &nonce, csrf_of(&planner), &rounds);
            html(StatusCode::OK, page, &nonce)
        }
        Err(r) => r.page(asked.lang),
    }
}

/// `POST /desk/login` (form `token`): a session cookie for the admin credential.
pub async fn login(
    Shared(state): Shared<Arc<State>>,
    asked: Asked,
    form: Result<Form<HashMap<String, String>>, FormRejection>,
) -> Response {
    if auth::cross_site(&asked.headers) {
        return cross_site().page(asked.lang);
    }
    let token = form.ok().and_then(|Form(f)| f.get("token").cloned());
    if !token.is_some_and(|t| auth::is_admin(&state.desk.db, &t)) {
        let nonce = store::new_id();
        return html(
            StatusCode::UNAUTHORIZED,
            pages::login(asked.lang, &nonce, true),
            &nonce,
        );
    }
    let id = format!("{}{}", store::new_id(), store::new_id());
    let csrf = store::new_id();
    if let Err(e) = state
        .desk
        .db
        .add_session(&id, &csrf, now() + auth::SESSION_SECONDS)
    {
        return broken(e).page(asked.lang);
    }
    let mut response = Redirect::to(&format!("/desk?lang={}", asked.lang.code())).into_response();
    let cookie = format!(
        "{}={id}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}",
        auth::COOKIE,
        auth::SESSION_SECONDS
    );
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    response
}

/// The `csrf` field of a form, if the form could be read.
fn form_csrf(form: &Result<Form<HashMap<String, String>>, FormRejection>) -> Option<&str> {
    form.as_ref()
        .ok()
        .and_then(|Form(f)| f.get("csrf"))
        .map(String::as_str)
}

/// `POST /desk/logout`: ends the session.
pub async fn logout(
    Shared(state): Shared<Arc<State>>,
    Signed(planner): Signed,
    asked: Asked,
    form: Result<Form<HashMap<String, String>>, FormRejection>,
) -> Response {
    if !auth::may_change(&planner, &asked.headers, form_csrf(&form)) {
        return cross_site().page(asked.lang);
    }
    if let Planner::Session { id, .. } = &planner {
        if let Err(e) = state.desk.db.end_session(id) {
            return broken(e).page(asked.lang);
        }
    }
    let mut response = Redirect::to(&format!("/desk?lang={}", asked.lang.code())).into_response();
    let cookie = format!(
        "{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0",
        auth::COOKIE
    );
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    response
}

/// The section names of a round's form: one a line, each once.
fn section_names(text: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for line in text.lines() {
        let name = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if !name.is_empty() && !names.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
            names.push(name);
        }
    }
    names
}

/// `POST /desk/rounds` (multipart: `name`, `sections` one a line, optional
/// files `compiled` and `budget`): makes a round, each section with its link.
pub async fn create_round(
    Shared(state): Shared<Arc<State>>,
    Signed(planner): Signed,
    asked: Asked,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let lang = asked.lang;
    if auth::cross_site(&asked.headers) {
        return cross_site().page(lang);
    }
    let sent = match read_upload(&state, &asked.headers, multipart).await {
        Ok(sent) => sent,
        Err(r) => return r.page(lang),
    };
    if !auth::may_change(&planner, &asked.headers, sent.field("csrf").as_deref()) {
        return cross_site().page(lang);
    }
    let name = sent.field("name").unwrap_or_default().trim().to_string();
    let sections = section_names(&sent.field("sections").unwrap_or_default());
    if name.is_empty() || sections.is_empty() {
        return Refusal::new(StatusCode::BAD_REQUEST, msg!("desk.round-incomplete")).page(lang);
    }
    let compiled = sent.files_of("compiled").into_iter().next();
    let budget = sent.files_of("budget").into_iter().next();
    if [&compiled, &budget].iter().any(|f| {
        f.as_ref()
            .is_some_and(|(n, _)| store::extension(n).as_deref() == Some("docx"))
    }) {
        return Refusal::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            msg!("desk.workbook-only"),
        )
        .page(lang);
    }
    let made = work_on(&state, move |state| {
        let keep = |file: Option<(String, Vec<u8>)>| -> Result<Option<Blob>, Refusal> {
            let Some((name, bytes)) = file else {
                return Ok(None);
            };
            let ext = store::extension(&name).unwrap_or_else(|| "xlsx".into());
            let key = blobs::put(&state.desk.blobs, &bytes, &ext).map_err(|e| {
                Refusal::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    msg!("serve.keep", error = e.to_string()),
                )
            })?;
            Ok(Some(Blob { key, name }))
        };
        let compiled = keep(compiled)?;
        let budget = keep(budget)?;
        let slug = store::new_id();
        let with_links: Vec<(String, String)> =
            sections.into_iter().map(|s| (s, store::new_id())).collect();
        state
            .desk
            .db
            .create_round(
                &slug,
                &name,
                now(),
                &with_links,
                compiled.as_ref(),
                budget.as_ref(),
            )
            .map_err(broken)?;
        Ok::<_, Refusal>(slug)
    })
    .await
    .and_then(|r| r);
    match made {
        Ok(slug) => Redirect::to(&format!("/desk/r/{slug}?lang={}", lang.code())).into_response(),
        Err(r) => r.page(lang),
    }
}

/// `GET /desk/r/<slug>`: the round, live.
pub async fn round(
    Shared(state): Shared<Arc<State>>,
    Path(slug): Path<String>,
    Signed(planner): Signed,
    asked: Asked,
) -> Response {
    let lang = asked.lang;
    let shown = work_on(&state, move |state| {
        let round = round_of(state, &slug)?;
        let stamp = state.desk.db.stamp(round.id).map_err(broken)?;
        let mut lines = lines(state, &round)?;
        let latest: Vec<Option<&Upload>> = lines.iter().map(|l| l.uploads.last()).collect();
        let summaries = reconciled::reconcile(
            &state.desk.blobs,
            &round,
            &latest,
            &state.rules,
            &state.limits,
        )
        .map(|(result, index, _)| {
            index
                .iter()
                .map(|i| i.map(|i| result.sections[i].summary))
                .collect::<Vec<_>>()
        });
        if let Some(summaries) = summaries {
            for (line, summary) in lines.iter_mut().zip(summaries) {
                line.reconciled = summary;
            }
        }
        Ok::<_, Refusal>((round, stamp, lines))
    })
    .await
    .and_then(|r| r);
    match shown {
        Ok((round, stamp, lines)) => {
            let host = asked
                .headers
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .unwrap_or("localhost");
            let nonce = store::new_id();
            let page = pages::round(
                lang,
                &nonce,
                csrf_of(&planner),
                host,
                &round,
                &stamp,
                &lines,
            );
            html_with(
                StatusCode::OK,
                page,
                &crate::app::serve::page::policy_fetching(&nonce),
            )
        }
        Err(r) => r.page(lang),
    }
}

/// `GET /desk/r/<slug>/state`: what the planner's page polls: the round's
/// stamp, and each section's uploads.
pub async fn state(
    Shared(state): Shared<Arc<State>>,
    Path(slug): Path<String>,
    _: Signed,
    asked: Asked,
) -> Response {
    let found = round_of(&state, &slug).and_then(|round| {
        let stamp = state.desk.db.stamp(round.id).map_err(broken)?;
        let lines = lines(&state, &round)?;
        Ok((stamp, lines))
    });
    match found {
        Ok((stamp, lines)) => {
            let sections: Vec<serde_json::Value> = lines
                .iter()
                .map(|l| {
                    let last = l.uploads.last();
                    serde_json::json!({
                        "name": l.section.name,
                        "submitted": last.is_some(),
                        "uploads": l.uploads.len(),
                        "last": last.map(|u| u.at),
                        "file": last.map(|u| u.blob.name.clone()),
                        "errors": last.map(|u| u.counts.errors),
                        "warnings": last.map(|u| u.counts.warnings),
                        "unreadable": last.and_then(|u| u.unreadable.clone()),
                        "link_active": l.section.link.is_some(),
                    })
                })
                .collect();
            let doc = serde_json::json!({ "stamp": stamp, "sections": sections });
            json(StatusCode::OK, format!("{doc}\n"))
        }
        Err(r) => r.json(asked.lang),
    }
}

/// `POST /desk/r/<slug>/s/<id>/revoke`: the section's link stops working;
/// `…/renew`: the section gets a new link and the old one stops working.
pub async fn link_action(
    Shared(state): Shared<Arc<State>>,
    Path((slug, section, action)): Path<(String, String, String)>,
    Signed(planner): Signed,
    asked: Asked,
    form: Result<Form<HashMap<String, String>>, FormRejection>,
) -> Response {
    let renew = match action.as_str() {
        "revoke" => false,
        "renew" => true,
        _ => {
            return Refusal::new(
                StatusCode::NOT_FOUND,
                msg!(
                    "serve.not-found",
                    path = format!("/desk/r/{slug}/s/{section}/{action}")
                ),
            )
            .page(asked.lang)
        }
    };
    let lang = asked.lang;
    if !auth::may_change(&planner, &asked.headers, form_csrf(&form)) {
        return cross_site().page(lang);
    }
    let done = round_of(&state, &slug).and_then(|round| {
        let section = section
            .parse::<i64>()
            .ok()
            .and_then(|id| state.desk.db.section(id).ok().flatten())
            .filter(|s| s.round_id == round.id)
            .ok_or_else(|| Refusal::new(StatusCode::NOT_FOUND, msg!("desk.no-section")))?;
        let token = renew.then(store::new_id);
        state
            .desk
            .db
            .revoke(section.id, now(), token.as_deref())
            .map_err(broken)
    });
    match done {
        Ok(()) => Redirect::to(&format!("/desk/r/{slug}?lang={}", lang.code())).into_response(),
        Err(r) => r.page(lang),
    }
}

/// The evaluator's page of one kept upload, with `bar` on top.
pub async fn upload_report(
    state: &Arc<State>,
    asked: &Asked,
    upload: Upload,
    bar: String,
) -> Response {
    let lang = asked.lang;
    let outcomes = work_on(state, move |state| {
        let kept = Kept {
            name: upload.blob.name.clone(),
            path: blobs::path(&state.desk.blobs, &upload.blob.key),
        };
        work::check_drawn(&[kept], &state.rules, &state.limits)
    })
    .await;
    match outcomes {
        Ok((outcomes, drawn)) => {
            let nonce = store::new_id();
            let page = crate::render::html::render(&outcomes, &drawn, lang);
            let body = crate::app::serve::page::with_bar(&page, &nonce, &bar);
            html(StatusCode::OK, body, &nonce)
        }
        Err(r) => r.page(lang),
    }
}

fn back_bar(lang: crate::i18n::Lang, href: &str, words: &str) -> String {
    format!(
        "<nav class=\"serve-bar\"><a href=\"{}?lang={}\">{}</a></nav>\n",
        crate::render::html::esc(href),
        lang.code(),
        crate::render::html::esc(words)
    )
}

/// `GET /desk/r/<slug>/u/<id>`: the check of one upload.
pub async fn upload_page(
    Shared(state): Shared<Arc<State>>,
    Path((slug, id)): Path<(String, String)>,
    _: Signed,
    asked: Asked,
) -> Response {
    match round_of(&state, &slug).and_then(|round| upload_of(&state, &round, &id)) {
        Ok(upload) => {
            let bar = back_bar(
                asked.lang,
                &format!("/desk/r/{slug}"),
                &asked.lang.t("desk.back"),
            );
            upload_report(&state, &asked, upload, bar).await
        }
        Err(r) => r.page(asked.lang),
    }
}

/// `GET /desk/r/<slug>/diff/<old>/<new>`: what changed between two uploads
/// (`selaras diff`).
pub async fn diff(
    Shared(state): Shared<Arc<State>>,
    Path((slug, old, new)): Path<(String, String, String)>,
    _: Signed,
    asked: Asked,
) -> Response {
    let lang = asked.lang;
    let back = format!("/desk/r/{slug}?lang={}", lang.code());
    let text = work_on(&state, move |state| {
        let round = round_of(state, &slug)?;
        let old = upload_of(state, &round, &old)?;
        let new = upload_of(state, &round, &new)?;
        let open = |u: &Upload| {
            reconciled::open(&state.desk.blobs, &u.blob, &state.rules, &state.limits).ok_or_else(
                || {
                    Refusal::new(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        msg!("desk.unreadable", file = u.blob.name.clone()),
                    )
                },
            )
        };
        let changes = crate::diff::diff(&open(&old)?, &open(&new)?, &state.rules);
        let title = format!("{} → {}", old.blob.name, new.blob.name);
        let text = crate::render::diff::human(&old.blob.name, &new.blob.name, &changes, lang);
        Ok::<_, Refusal>((title, text))
    })
    .await
    .and_then(|r| r);
    match text {
        Ok((title, text)) => {
            let nonce = store::new_id();
            html(
                StatusCode::OK,
                pages::text(lang, &nonce, &title, &back, &text),
                &nonce,
            )
        }
        Err(r) => r.page(lang),
    }
}

/// The round's reconciliation, or a refusal saying why there is none.
fn reconcile_round(
    state: &State,
    slug: &str,
) -> Result<
    (
        Round,
        crate::reconcile::Reconciliation,
        crate::workbook::Workbook,
    ),
    Refusal,
> {
    let round = round_of(state, slug)?;
    let lines = lines(state, &round)?;
    let latest: Vec<Option<&Upload>> = lines.iter().map(|l| l.uploads.last()).collect();
    let none = || Refusal::new(StatusCode::NOT_FOUND, msg!("desk.no-reconciliation"));
    let (result, _, compiled) = reconciled::reconcile(
        &state.desk.blobs,
        &round,
        &latest,
        &state.rules,
        &state.limits,
    )
    .ok_or_else(none)?;
    Ok((round, result, compiled))
}

/// `GET /desk/r/<slug>/reconciled`: the compiled report held against every
/// section's latest upload, as the evaluator's page.
pub async fn reconciled_page(
    Shared(state): Shared<Arc<State>>,
    Path(slug): Path<String>,
    _: Signed,
    asked: Asked,
) -> Response {
    let lang = asked.lang;
    let back = format!("/desk/r/{slug}");
    let page = work_on(&state, move |state| {
        let (_, result, compiled) = reconcile_round(state, &slug)?;
        let report = result.compiled.clone();
        let drawn = vec![Some(crate::draw(&compiled, &state.rules, &report.findings))];
        let mut outcomes = vec![Ok(report)];
        outcomes.extend(result.budget.iter().map(|b| Ok(b.report.clone())));
        outcomes.extend(result.sections.iter().map(|s| Ok(s.report.clone())));
        Ok::<_, Refusal>(crate::render::html::render(&outcomes, &drawn, lang))
    })
    .await
    .and_then(|r| r);
    match page {
        Ok(page) => {
            let nonce = store::new_id();
            let bar = back_bar(lang, &back, &lang.t("desk.back"));
            html(
                StatusCode::OK,
                crate::app::serve::page::with_bar(&page, &nonce, &bar),
                &nonce,
            )
        }
        Err(r) => r.page(lang),
    }
}

/// `GET /desk/r/<slug>/reconciled.xlsx`: the compiled report corrected with
/// the sections' figures, totals recomputed (`reconcile --fix`).
pub async fn reconciled_copy(
    Shared(state): Shared<Arc<State>>,
    Path(slug): Path<String>,
    _: Signed,
    asked: Asked,
) -> Response {
    let lang = asked.lang;
    let copy = work_on(&state, move |state| {
        let (round, result, _) = reconcile_round(state, &slug)?;
        let compiled = round
            .compiled
            .ok_or_else(|| Refusal::new(StatusCode::NOT_FOUND, msg!("desk.no-reconciliation")))?;
        let dir = state.scratch().join(store::new_id());
        std::fs::create_dir_all(&dir).map_err(|e| {
            Refusal::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                msg!("serve.keep", error = e.to_string()),
            )
        })?;
        let folder = Scratch(dir);
        let output = folder.0.join("reconciled.xlsx");
        let path = blobs::path(&state.desk.blobs, &compiled.key);
        let made = crate::app::guarded(&path, || {
            crate::app::reconcile::fix_compiled_into(
                &path,
                &output,
                true,
                &result.compiled,
                &state.rules,
                lang,
            )
        });
        let bytes = made.and_then(|_| {
            std::fs::read(&output)
                .map_err(|e| crate::workbook::LoadError::text(&path, e.to_string()).into())
        });
        let name = crate::output::corrected_path(std::path::Path::new(&compiled.name));
        match bytes {
            Ok(bytes) => Ok((name.display().to_string(), bytes)),
            Err(e) => Err(Refusal::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                msg!(
                    "load.file-reason",
                    file = compiled.name.clone(),
                    reason = e.reason().clone()
                ),
            )),
        }
    })
    .await
    .and_then(|r| r);
    match copy {
        Ok((name, bytes)) => attachment(
            &name,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            bytes,
        ),
        Err(r) => r.page(lang),
    }
}

/// `GET /desk/r/<slug>/export.zip`: the round in one file: every upload, each
/// report's JSON, a CSV summary with a line a section.
pub async fn export(
    Shared(state): Shared<Arc<State>>,
    Path(slug): Path<String>,
    _: Signed,
    asked: Asked,
) -> Response {
    let zip = work_on(&state, move |state| {
        let round = round_of(state, &slug)?;
        let lines = lines(state, &round)?;
        let bytes = super::export::zip(&state.desk.blobs, &lines).map_err(|e| {
            Refusal::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                msg!("serve.keep", error = e),
            )
        })?;
        Ok::<_, Refusal>((round.name, bytes))
    })
    .await
    .and_then(|r| r);
    match zip {
        Ok((name, bytes)) => attachment(&format!("{name}.zip"), "application/zip", bytes),
        Err(r) => r.page(asked.lang),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_rounds_sections_are_its_lines_each_once() {
        assert_eq!(
            super::section_names("Bagian Umum\n\n  Bagian   Hukum \nbagian umum\r\nBagian Kesra"),
            ["Bagian Umum", "Bagian Hukum", "Bagian Kesra"]
        );
    }
}
