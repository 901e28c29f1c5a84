//! A request the server turns down, and the responses it sends: a page, JSON,
//! a download. A refusal is said with the CLI's words in the page's language:
//! as a page for the pages, as `{"status": …, "error": "…"}` for the API.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::i18n::{Lang, Msg};

/// A request turned down: its status and why.
#[derive(Debug)]
pub struct Refusal {
    pub status: StatusCode,
    pub why: Msg,
}

impl Refusal {
    pub fn new(status: StatusCode, why: Msg) -> Refusal {
        Refusal { status, why }
    }

    /// The refusal as the API says it: JSON.
    pub fn json(&self, lang: Lang) -> Response {
        let body = serde_json::json!({
            "status": self.status.as_u16(),
            "error": self.why.render(lang),
        });
        json(self.status, format!("{body}\n"))
    }

    /// The refusal as a page.
    pub fn page(&self, lang: Lang) -> Response {
        let nonce = super::store::new_id();
        let body = super::page::refusal(lang, &nonce, &self.why.render(lang));
        html(self.status, body, &nonce)
    }
}

/// Headers every response carries: never cached (a report is someone's), never
/// sniffed into another type, no referrer sent to another site (`same-origin`,
/// not `no-referrer`: with that, a browser posts this server's own forms with
/// `Origin: null`, which the desk must refuse as cross-site).
fn guarded_headers(headers: &mut HeaderMap) {
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
}

/// A page, with the policy its `nonce` allows.
pub fn html(status: StatusCode, body: String, nonce: &str) -> Response {
    html_with(status, body, &super::page::policy(nonce))
}

/// A page, with `policy`.
pub fn html_with(status: StatusCode, body: String, policy: &str) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    guarded_headers(headers);
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    if let Ok(policy) = HeaderValue::from_str(policy) {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    response
}

/// A JSON document.
pub fn json(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    guarded_headers(headers);
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    response
}

/// A file to save, under `name`.
pub fn attachment(name: &str, content_type: &'static str, bytes: Vec<u8>) -> Response {
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    guarded_headers(headers);
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&disposition(name)) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

/// `attachment; filename="…"; filename*=UTF-8''…`: a plain ASCII name for old
/// browsers, the name as it is for the others (RFC 6266).
fn disposition(name: &str) -> String {
    let plain: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || " .-_()".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{plain}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_download_name_is_plain_for_old_browsers_and_exact_for_the_others() {
        assert_eq!(
            super::disposition("Laporan \"Bagian\" 2024.corrected.xlsx"),
            "attachment; filename=\"Laporan _Bagian_ 2024.corrected.xlsx\"; filename*=UTF-8''Laporan%20%22Bagian%22%202024.corrected.xlsx"
        );
        assert_eq!(
            super::disposition("Évaluasi.xlsx"),
            "attachment; filename=\"_valuasi.xlsx\"; filename*=UTF-8''%C3%89valuasi.xlsx"
        );
    }
}
