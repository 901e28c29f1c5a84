//! Who may do what at the desk. The planner holds the admin credential: sent
//! as `Authorization: Bearer TOKEN` (scripts), or exchanged at the login page
//! for a session cookie (HttpOnly, SameSite=Strict, path /desk). A form that
//! changes something carries the session's CSRF token, and a request whose
//! Origin is another site is refused whatever it carries. A section's link is
//! its own credential: a random token in its address.

use axum::http::{header, HeaderMap};

use super::db::Db;

pub use super::db::SESSION_SECONDS;

/// The name of the session cookie.
pub const COOKIE: &str = "selaras_desk";

/// The settings key of the admin credential's hash.
const ADMIN_KEY: &str = "admin_sha256";

/// Whether two byte strings are equal, in a time that depends only on their
/// lengths (a credential is never compared byte by byte with an early exit).
pub fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// Sets up the admin credential: the one given (`--admin-token`,
/// `SELARAS_ADMIN_TOKEN`) replaces the one kept; without one, the kept one
/// stays; without either, one is made and returned to be printed once.
pub fn admin(db: &Db, given: Option<&str>) -> rusqlite::Result<Option<String>> {
    if let Some(token) = given.filter(|t| !t.trim().is_empty()) {
        db.set_setting(ADMIN_KEY, &super::blobs::sha256(token.trim().as_bytes()))?;
        return Ok(None);
    }
    if db.setting(ADMIN_KEY)?.is_some() {
        return Ok(None);
    }
    let token = format!(
        "{}{}",
        super::super::store::new_id(),
        super::super::store::new_id()
    );
    db.set_setting(ADMIN_KEY, &super::blobs::sha256(token.as_bytes()))?;
    Ok(Some(token))
}

/// Whether `token` is the admin credential.
pub fn is_admin(db: &Db, token: &str) -> bool {
    let kept = db.setting(ADMIN_KEY).ok().flatten().unwrap_or_default();
    let given = super::blobs::sha256(token.trim().as_bytes());
    !kept.is_empty() && same(kept.as_bytes(), given.as_bytes())
}

/// How a planner's request is let in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Planner {
    /// `Authorization: Bearer`: a script; no CSRF token is needed.
    Bearer,
    /// A browser session, with its CSRF token and id.
    Session { id: String, csrf: String },
}

/// The value of a cookie of the request.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            (k == name).then(|| v.to_string())
        })
}

/// The planner a request comes from, if it carries the credential or a live session.
pub fn planner(db: &Db, headers: &HeaderMap, now: i64) -> Option<Planner> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if let Some(token) = bearer {
        return is_admin(db, token).then_some(Planner::Bearer);
    }
    let id = cookie(headers, COOKIE)?;
    if id.len() != 64 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let csrf = db.session(&id, now).ok().flatten()?;
    Some(Planner::Session { id, csrf })
}

/// Whether a request comes from another site: its Origin is not this server's
/// (the Host it was sent to), or the browser says so (`Sec-Fetch-Site`).
pub fn cross_site(headers: &HeaderMap) -> bool {
    let get = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    if get(header::HeaderName::from_static("sec-fetch-site"))
        .is_some_and(|s| s.eq_ignore_ascii_case("cross-site"))
    {
        return true;
    }
    match (get(header::ORIGIN), get(header::HOST)) {
        (Some(origin), Some(host)) => {
            let origin = origin
                .strip_prefix("http://")
                .or_else(|| origin.strip_prefix("https://"));
            origin != Some(host)
        }
        (Some(_), None) => true,
        (None, _) => false,
    }
}

/// Whether a state-changing request of `planner` may go on: never from another
/// site; from a browser session, only with the session's CSRF token.
pub fn may_change(planner: &Planner, headers: &HeaderMap, csrf: Option<&str>) -> bool {
    if cross_site(headers) {
        return false;
    }
    match planner {
        Planner::Bearer => true,
        Planner::Session { csrf: expected, .. } => {
            csrf.is_some_and(|given| same(given.as_bytes(), expected.as_bytes()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn credentials_are_compared_whole() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd"));
        assert!(!same(b"abc", b"abcd"));
    }

    #[test]
    fn another_sites_request_is_told_by_its_origin() {
        assert!(!cross_site(&headers(&[("host", "10.0.0.5:8080")])));
        assert!(!cross_site(&headers(&[
            ("host", "10.0.0.5:8080"),
            ("origin", "http://10.0.0.5:8080")
        ])));
        assert!(cross_site(&headers(&[
            ("host", "10.0.0.5:8080"),
            ("origin", "http://evil.example")
        ])));
        assert!(cross_site(&headers(&[
            ("host", "10.0.0.5:8080"),
            ("origin", "null")
        ])));
        assert!(cross_site(&headers(&[
            ("host", "10.0.0.5:8080"),
            ("sec-fetch-site", "cross-site")
        ])));
        let session = Planner::Session {
            id: "x".into(),
            csrf: "k".into(),
        };
        let h = headers(&[("host", "h")]);
        assert!(may_change(&session, &h, Some("k")));
        assert!(!may_change(&session, &h, Some("j")));
        assert!(!may_change(&session, &h, None));
        assert!(may_change(&Planner::Bearer, &h, None));
        assert!(!may_change(
            &Planner::Bearer,
            &headers(&[("host", "h"), ("origin", "http://evil")]),
            None
        ));
    }

    #[test]
    fn a_cookie_is_found_among_others() {
        let h = headers(&[("cookie", "a=1; selaras_desk=abc; b=2")]);
        assert_eq!(cookie(&h, COOKIE).as_deref(), Some("abc"));
        assert_eq!(cookie(&h, "c"), None);
    }
}
