//! The server's routes: each reads its request, hands the work to a blocking
//! worker (see [`work_on`]) and answers a page, JSON or a download, or a
//! [`Refusal`].

use std::sync::Arc;

use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State as Shared};
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};

use super::refusal::{attachment, html, json, Refusal};
use super::store::{self, Scratch};
use super::work::{self, Kept};
use super::State;
use crate::i18n::Lang;
use crate::msg;

/// Most files one upload takes.
const MAX_FILES: usize = 20;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// A query's value for `key` (`?lang=id&unsafe=1`).
fn query_value(query: &Option<String>, key: &str) -> Option<String> {
    query.as_deref()?.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == key).then(|| v.to_string())
    })
}

/// The page's language: `?lang=`, else the first of the browser's languages
/// there is a catalogue for (`Accept-Language: id-ID,id;q=0.9,en;q=0.8`),
/// else Indonesian.
pub fn language(query: &Option<String>, headers: &HeaderMap) -> Lang {
    if let Some(lang) = query_value(query, "lang").and_then(|c| Lang::from_code(&c)) {
        return lang;
    }
    let accepted = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    accepted
        .split(',')
        .filter_map(|part| {
            let tag = part.split(';').next()?.trim();
            let primary = tag.split(['-', '_']).next()?;
            let primary = if primary.eq_ignore_ascii_case("in") {
                "id"
            } else {
                primary
            };
            Lang::from_code(primary)
        })
        .next()
        .unwrap_or_else(Lang::indonesian)
}

/// What every route reads of its request besides its body: the query, the
/// headers and the page's language from them.
pub struct Asked {
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub lang: Lang,
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Asked {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().map(str::to_string);
        let lang = language(&query, &parts.headers);
        Ok(Asked {
            query,
            headers: parts.headers.clone(),
            lang,
        })
    }
}

fn is_yes(value: Option<String>) -> bool {
    value.is_some_and(|v| {
        matches!(
            v.trim().to_ascii_lowercase().as_str(),
            "1" | "true" | "on" | "yes" | "ya"
        )
    })
}

/// What an upload brought: its files (field, name as sent with its directory
/// stripped, bytes) and its other fields.
pub struct Sent {
    pub files: Vec<(String, String, Vec<u8>)>,
    pub fields: Vec<(String, String)>,
}

impl Sent {
    pub fn field(&self, key: &str) -> Option<String> {
        self.fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }

    /// The files of field `key`: (name as sent, bytes).
    pub fn files_of(&self, key: &str) -> Vec<(String, Vec<u8>)> {
        self.files
            .iter()
            .filter(|(k, ..)| k == key)
            .map(|(_, name, bytes)| (name.clone(), bytes.clone()))
            .collect()
    }

    /// The files of field `file`, at least one.
    fn need_files(&self) -> Result<Vec<(String, Vec<u8>)>, Refusal> {
        let files = self.files_of("file");
        if files.is_empty() {
            return Err(Refusal::new(StatusCode::BAD_REQUEST, msg!("serve.no-file")));
        }
        Ok(files)
    }
}

fn too_large(state: &State) -> Refusal {
    Refusal::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        msg!("serve.too-large", limit = state.max_upload_mb.to_string()),
    )
}

/// Reads a multipart upload: every part with a file name a file, at most
/// --max-upload-mb in all, each of a kind selaras reads; a file input left
/// empty is no file.
pub async fn read_upload(
    state: &State,
    headers: &HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Sent, Refusal> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > state.max_upload_bytes().saturating_add(1 << 20)) {
        return Err(too_large(state));
    }
    let mut multipart = multipart.map_err(|e| {
        Refusal::new(
            StatusCode::BAD_REQUEST,
            msg!("serve.not-multipart", error = e.body_text()),
        )
    })?;
    let broken = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large(state)
        } else {
            Refusal::new(
                StatusCode::BAD_REQUEST,
                msg!("serve.not-multipart", error = e.body_text()),
            )
        }
    };
    let mut sent = Sent {
        files: Vec::new(),
        fields: Vec::new(),
    };
    let mut total: u64 = 0;
    while let Some(field) = multipart.next_field().await.map_err(broken)? {
        let key = field.name().unwrap_or("").to_string();
        let file_name = field.file_name().map(str::to_string);
        let bytes = field.bytes().await.map_err(broken)?;
        total = total.saturating_add(bytes.len() as u64);
        if total > state.max_upload_bytes() {
            return Err(too_large(state));
        }
        if file_name.as_deref() == Some("") && bytes.is_empty() {
            continue;
        }
        if file_name.is_some() || key == "file" {
            let name = store::sent_name(file_name.as_deref().unwrap_or(""));
            if store::extension(&name).is_none() {
                return Err(Refusal::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    msg!("serve.kind", file = name),
                ));
            }
            sent.files.push((key, name, bytes.to_vec()));
            if sent.files.len() > MAX_FILES {
                return Err(Refusal::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    msg!("serve.too-many", limit = MAX_FILES.to_string()),
                ));
            }
        } else if bytes.len() <= 64 * 1024 {
            sent.fields
                .push((key, String::from_utf8_lossy(&bytes).into_owned()));
        }
    }
    Ok(sent)
}

/// Runs `job` on a blocking worker once one is free, giving up after
/// --timeout (the job finishes on its worker, which stays taken until then: the
/// pool stays bounded). A panic outside a file's guarded work is a 500.
pub async fn work_on<T: Send + 'static>(
    state: &Arc<State>,
    job: impl FnOnce(&State) -> T + Send + 'static,
) -> Result<T, Refusal> {
    let shared = Arc::clone(state);
    let run = async move {
        let permit = Arc::clone(&shared.workers)
            .acquire_owned()
            .await
            .map_err(|_| ())?;
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            job(&shared)
        })
        .await
        .map_err(|_| ())
    };
    match tokio::time::timeout(state.timeout, run).await {
        Err(_) => Err(Refusal::new(
            StatusCode::SERVICE_UNAVAILABLE,
            msg!(
                "serve.timeout",
                seconds = state.timeout.as_secs().to_string()
            ),
        )),
        Ok(Err(())) => Err(Refusal::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            msg!("serve.internal"),
        )),
        Ok(Ok(done)) => Ok(done),
    }
}

fn could_not_keep(e: std::io::Error) -> Refusal {
    Refusal::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        msg!("serve.keep", error = e.to_string()),
    )
}

/// `GET /`: the page files are dropped on.
pub async fn index(Shared(state): Shared<Arc<State>>, asked: Asked) -> Response {
    let lang = asked.lang;
    let nonce = store::new_id();
    html(
        StatusCode::OK,
        super::page::upload(lang, &nonce, state.max_upload_mb),
        &nonce,
    )
}

/// `POST /upload`: keeps the files and leads to their report.
pub async fn upload(
    Shared(state): Shared<Arc<State>>,
    asked: Asked,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let lang = asked.lang;
    let files = match read_upload(&state, &asked.headers, multipart)
        .await
        .and_then(|sent| sent.need_files())
    {
        Ok(files) => files,
        Err(refusal) => return refusal.page(lang),
    };
    let kept = work_on(&state, move |state| {
        store::sweep(&state.uploads());
        store::keep(&state.uploads(), &files).map_err(could_not_keep)
    })
    .await
    .and_then(|kept| kept);
    match kept {
        Ok((id, _)) => Redirect::to(&format!("/report/{id}?lang={}", lang.code())).into_response(),
        Err(refusal) => refusal.page(lang),
    }
}

/// The upload kept under `id`, or the page saying it is gone.
fn kept(state: &State, id: &str) -> Result<store::Upload, Refusal> {
    store::find(&state.uploads(), id)
        .ok_or_else(|| Refusal::new(StatusCode::NOT_FOUND, msg!("serve.gone")))
}

/// `GET /report/<id>`: the evaluator's page of an upload, with its downloads.
pub async fn report(
    Shared(state): Shared<Arc<State>>,
    Path(id): Path<String>,
    asked: Asked,
) -> Response {
    let lang = asked.lang;
    let upload = match kept(&state, &id) {
        Ok(u) => u,
        Err(refusal) => return refusal.page(lang),
    };
    let files = upload.files.clone();
    let outcomes = work_on(&state, move |state| {
        work::check_drawn(&files, &state.rules, &state.limits)
    })
    .await;
    match outcomes {
        Ok((outcomes, drawn)) => {
            let nonce = store::new_id();
            let readable: Vec<bool> = outcomes.iter().map(Result::is_ok).collect();
            let page = crate::render::html::render(&outcomes, &drawn, lang);
            let body = super::page::report(lang, &nonce, &id, &upload.files, &readable, &page);
            html(StatusCode::OK, body, &nonce)
        }
        Err(refusal) => refusal.page(lang),
    }
}

/// `GET /report/<id>/json`: the JSON report v1 of an upload, to save.
pub async fn report_json(
    Shared(state): Shared<Arc<State>>,
    Path(id): Path<String>,
    asked: Asked,
) -> Response {
    let lang = asked.lang;
    let upload = match kept(&state, &id) {
        Ok(u) => u,
        Err(refusal) => return refusal.page(lang),
    };
    let files = upload.files;
    match work_on(&state, move |state| {
        work::check(&files, &state.rules, &state.limits)
    })
    .await
    {
        Ok(outcomes) => attachment(
            "selaras-report.json",
            "application/json; charset=utf-8",
            crate::render::json::render(&outcomes).into_bytes(),
        ),
        Err(refusal) => refusal.page(lang),
    }
}

/// `GET /report/<id>/fixed/<n>[?unsafe=1]`: the corrected copy of an upload's
/// file `n`, its notes in the page's language.
pub async fn report_fixed(
    Shared(state): Shared<Arc<State>>,
    Path((id, n)): Path<(String, String)>,
    asked: Asked,
) -> Response {
    let lang = asked.lang;
    let upload = match kept(&state, &id) {
        Ok(u) => u,
        Err(refusal) => return refusal.page(lang),
    };
    let Some(which) = n.parse::<usize>().ok().filter(|&i| i < upload.files.len()) else {
        return Refusal::new(StatusCode::NOT_FOUND, msg!("serve.gone")).page(lang);
    };
    let options = crate::fix::Options {
        unsafe_fixes: is_yes(query_value(&asked.query, "unsafe")),
        formulas: false,
        totals: false,
        lang,
    };
    corrected(
        &state,
        upload.files,
        which,
        options,
        upload.dir,
        lang,
        false,
    )
    .await
}

/// Writes the corrected copy on a worker and sends it, or the reason it could
/// not be made (422: the file could not be read).
async fn corrected(
    state: &Arc<State>,
    files: Vec<Kept>,
    which: usize,
    options: crate::fix::Options,
    dir: std::path::PathBuf,
    lang: Lang,
    api: bool,
) -> Response {
    let made = work_on(state, move |state| {
        work::fix(&files, which, options, &state.rules, &state.limits, &dir)
    })
    .await;
    let refused = |r: Refusal| if api { r.json(lang) } else { r.page(lang) };
    match made {
        Ok(Ok(copy)) => attachment(
            &copy.name,
            if copy.is_draft { DOCX } else { XLSX },
            copy.bytes,
        ),
        Ok(Err(e)) => refused(Refusal::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            msg!(
                "load.file-reason",
                file = e.path().display().to_string(),
                reason = e.reason().clone()
            ),
        )),
        Err(refusal) => refused(refusal),
    }
}

/// Keeps an API request's files in a scratch folder, removed when the work
/// that holds it is done.
fn scratch(state: &State, files: &[(String, Vec<u8>)]) -> Result<(Scratch, Vec<Kept>), Refusal> {
    let (_, upload) = store::keep(&state.scratch(), files).map_err(could_not_keep)?;
    Ok((Scratch(upload.dir), upload.files))
}

/// `POST /api/check`: the JSON report v1 of the files sent (field `file`,
/// repeated), each `path` the name it was sent under. 200, or 422 when a file
/// could not be read (the report says why).
pub async fn api_check(
    Shared(state): Shared<Arc<State>>,
    asked: Asked,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let lang = asked.lang;
    let files = match read_upload(&state, &asked.headers, multipart)
        .await
        .and_then(|sent| sent.need_files())
    {
        Ok(files) => files,
        Err(refusal) => return refusal.json(lang),
    };
    let done = work_on(&state, move |state| {
        let (folder, files) = scratch(state, &files)?;
        let outcomes = work::check(&files, &state.rules, &state.limits);
        drop(folder);
        Ok::<_, Refusal>(outcomes)
    })
    .await
    .and_then(|r| r);
    match done {
        Ok(outcomes) => {
            let status = if outcomes.iter().any(Result::is_err) {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::OK
            };
            json(status, crate::render::json::render(&outcomes))
        }
        Err(refusal) => refusal.json(lang),
    }
}

/// `POST /api/fix`: the corrected copy of the one workbook sent (field `file`),
/// or of the one Word draft sent with the workbooks it is held against; field
/// `unsafe=1` applies the unsafe fixes too; the notes in `lang`.
pub async fn api_fix(
    Shared(state): Shared<Arc<State>>,
    asked: Asked,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let (sent, files) = match read_upload(&state, &asked.headers, multipart)
        .await
        .and_then(|sent| sent.need_files().map(|files| (sent, files)))
    {
        Ok(read) => read,
        Err(refusal) => return refusal.json(asked.lang),
    };
    let lang = sent
        .field("lang")
        .and_then(|c| Lang::from_code(&c))
        .unwrap_or(asked.lang);
    let drafts: Vec<usize> = (0..files.len())
        .filter(|&i| store::extension(&files[i].0).as_deref() == Some("docx"))
        .collect();
    let which = match drafts.as_slice() {
        [] if files.len() == 1 => 0,
        [one] => *one,
        _ => {
            return Refusal::new(
                StatusCode::BAD_REQUEST,
                msg!(
                    "serve.one-fix",
                    workbooks = (files.len() - drafts.len()).to_string(),
                    drafts = drafts.len().to_string()
                ),
            )
            .json(lang)
        }
    };
    let options = crate::fix::Options {
        unsafe_fixes: is_yes(
            sent.field("unsafe")
                .or_else(|| query_value(&asked.query, "unsafe")),
        ),
        formulas: false,
        totals: false,
        lang,
    };
    let (folder, files) = match scratch(&state, &files) {
        Ok(kept) => kept,
        Err(refusal) => return refusal.json(lang),
    };
    let dir = folder.0.clone();
    let response = corrected(&state, files, which, options, dir, lang, true).await;
    // The work is done (or given up, its copy then written into a folder that
    // is gone): the scratch folder goes.
    drop(folder);
    response
}

fn is_api(uri: &Uri) -> bool {
    uri.path().starts_with("/api/")
}

/// Any other address: 404.
pub async fn not_found(uri: Uri, asked: Asked) -> Response {
    let lang = asked.lang;
    let refusal = Refusal::new(
        StatusCode::NOT_FOUND,
        msg!("serve.not-found", path = uri.path().to_string()),
    );
    if is_api(&uri) {
        refusal.json(lang)
    } else {
        refusal.page(lang)
    }
}

/// An address asked with a method it does not take: 405, with the one it does.
pub async fn wrong_method(method: Method, uri: Uri, asked: Asked) -> Response {
    let lang = asked.lang;
    let allowed = if is_api(&uri) || uri.path() == "/upload" {
        "POST"
    } else {
        "GET"
    };
    let refusal = Refusal::new(
        StatusCode::METHOD_NOT_ALLOWED,
        msg!(
            "serve.method",
            method = method.to_string(),
            path = uri.path().to_string(),
            allowed = allowed
        ),
    );
    let mut response = if is_api(&uri) {
        refusal.json(lang)
    } else {
        refusal.page(lang)
    };
    response.headers_mut().insert(
        header::ALLOW,
        header::HeaderValue::from_static(if allowed == "POST" {
            "POST"
        } else {
            "GET, HEAD"
        }),
    );
    response
}
