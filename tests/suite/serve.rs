//! `selaras serve`: the real server started on a loopback port, asked through
//! plain HTTP/1.1 as a browser or a script would. The check and the corrected
//! copy through the API are the CLI's, byte for byte; each refusal answers its
//! status and the server goes on serving; the pages carry their own style and
//! script under a nonce and nothing from outside.
//!
//! The browser test (`SELARAS_CHROMIUM=1`, Debian's `chromium` and
//! `chromium-driver`, and LibreOffice) drops a workbook on the page through
//! WebDriver, reads the report, downloads the corrected copy and opens it in
//! LibreOffice; its screenshots are written to `target/screenshots/`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::common::{fixture, fresh_dir, selaras, stdout};

/// A server started for one test, stopped when dropped.
pub struct Server {
    child: Child,
    pub addr: String,
    pub data: PathBuf,
    /// What the server printed before its address.
    pub said: Vec<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// `selaras serve --addr 127.0.0.1:0 --data <fresh>` with `args`; the port
    /// is read from the line the server prints.
    pub fn start(args: &[&str]) -> Server {
        Server::start_in(&fresh_dir("serve").join("data"), args)
    }

    /// The server on the data folder `data` (kept from an earlier start).
    pub fn start_in(data: &Path, args: &[&str]) -> Server {
        let data = data.to_path_buf();
        let mut child = Command::new(env!("CARGO_BIN_EXE_selaras"))
            .env("LANG", "C")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["serve", "--addr", "127.0.0.1:0", "--data"])
            .arg(&data)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("selaras serve starts");
        // The lines before the address (a desk credential made at a first
        // start) are kept for the tests that read them.
        let mut said = Vec::new();
        let mut out = BufReader::new(child.stdout.take().expect("stdout"));
        let addr = loop {
            let mut line = String::new();
            if out.read_line(&mut line).expect("the server's words") == 0 {
                panic!("the server stopped before saying where it listens: {said:?}");
            }
            if let Some(addr) = line
                .split_whitespace()
                .find_map(|w| w.strip_prefix("http://"))
            {
                break addr.trim_end_matches('/').to_string();
            }
            said.push(line);
        };
        Server {
            child,
            addr,
            data,
            said,
        }
    }

    /// Whether the server process still runs.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

/// An HTTP answer.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

/// One HTTP/1.1 request on its own connection.
pub fn request(
    addr: &str,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    let mut stream = TcpStream::connect(addr).expect("the server takes connections");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(120)))
        .expect("timeout");
    let mut head = format!(
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).expect("request sent");
    // A server may answer (a refusal) before it has read all of a large body.
    let _ = stream.write_all(body);
    // Read to the end of the body its Content-Length gives (a WebDriver keeps
    // the connection open), or else to the connection's close.
    let mut raw = Vec::new();
    let mut chunk = [0u8; 64 * 1024];
    loop {
        if let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&raw[..end]).to_ascii_lowercase();
            let length = head.lines().find_map(|l| {
                l.strip_prefix("content-length:")
                    .and_then(|v| v.trim().parse::<usize>().ok())
            });
            if length.is_some_and(|n| raw.len() >= end + 4 + n) {
                break;
            }
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => raw.extend_from_slice(&chunk[..n]),
        }
    }
    parse(&raw)
}

fn parse(raw: &[u8]) -> Reply {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no HTTP head in {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
    });
    if chunked {
        let mut out = Vec::new();
        let mut rest = &body[..];
        while let Some(eol) = rest.windows(2).position(|w| w == b"\r\n") {
            let size = usize::from_str_radix(
                String::from_utf8_lossy(&rest[..eol])
                    .split(';')
                    .next()
                    .unwrap_or("")
                    .trim(),
                16,
            )
            .unwrap_or(0);
            if size == 0 {
                break;
            }
            out.extend_from_slice(&rest[eol + 2..eol + 2 + size]);
            rest = &rest[eol + 2 + size + 2..];
        }
        body = out;
    }
    Reply {
        status,
        headers,
        body,
    }
}

const BOUNDARY: &str = "selaras-test-7d2a";

/// A multipart/form-data body: fields `(name, file name, bytes)`.
pub fn multipart(parts: &[(&str, Option<&str>, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, file, bytes) in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        match file {
            Some(f) => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
            ),
            None => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
            ),
        }
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// POSTs `parts` as multipart/form-data.
pub fn post(addr: &str, target: &str, parts: &[(&str, Option<&str>, &[u8])]) -> Reply {
    post_with(addr, target, &[], parts)
}

/// POSTs `parts` as multipart/form-data, with `headers`.
pub fn post_with(
    addr: &str,
    target: &str,
    headers: &[(&str, &str)],
    parts: &[(&str, Option<&str>, &[u8])],
) -> Reply {
    let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
    let mut all = vec![("Content-Type", content_type.as_str())];
    all.extend_from_slice(headers);
    request(addr, "POST", target, &all, &multipart(parts))
}

pub fn example() -> Vec<u8> {
    std::fs::read(fixture("lkjip-setda-kebumen-2024.xlsx")).expect("the shipped example")
}

fn bad(name: &str) -> Vec<u8> {
    std::fs::read(fixture("bad").join(name)).expect("a bad-input fixture")
}

/// A JSON report with every file's `path` set aside.
fn without_paths(mut doc: serde_json::Value) -> serde_json::Value {
    for file in doc["files"].as_array_mut().expect("files") {
        file["path"] = serde_json::Value::Null;
    }
    doc
}

#[test]
fn the_api_answers_the_clis_json_report_and_its_corrected_copy() {
    let server = Server::start(&[]);
    let sent = example();
    let reply = post(
        &server.addr,
        "/api/check",
        &[("file", Some("Laporan Setda.xlsx"), &sent)],
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert!(reply
        .header("content-type")
        .is_some_and(|t| t.starts_with("application/json")));
    let api = reply.json();
    assert_eq!(api["files"][0]["path"], "Laporan Setda.xlsx");
    let cli = selaras(&[
        "check",
        "--format",
        "json",
        "fixtures/lkjip-setda-kebumen-2024.xlsx",
    ]);
    let cli: serde_json::Value = serde_json::from_str(&stdout(&cli)).expect("the CLI's JSON");
    assert!(cli["summary"]["errors"].as_u64().is_some_and(|n| n > 0));
    assert_eq!(without_paths(api), without_paths(cli));

    // The corrected copy: the bytes `check --fix` writes (notes in English).
    let reply = post(
        &server.addr,
        "/api/fix",
        &[
            ("file", Some("Laporan Setda.xlsx"), &sent),
            ("lang", None, b"en"),
        ],
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(
        reply.header("content-disposition"),
        Some("attachment; filename=\"Laporan Setda.corrected.xlsx\"; filename*=UTF-8''Laporan%20Setda.corrected.xlsx")
    );
    let dir = fresh_dir("serve-fix");
    let output = dir.join("copy.xlsx");
    let o = selaras(&[
        "--lang",
        "en",
        "check",
        "--fix",
        "--output",
        output.to_str().expect("utf-8 path"),
        "fixtures/lkjip-setda-kebumen-2024.xlsx",
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        std::fs::read(&output).expect("the CLI's copy") == reply.body,
        "the server's corrected copy differs from the CLI's"
    );
    // The API's files were kept only while it worked on them.
    let scratch: Vec<_> = std::fs::read_dir(server.data.join("work"))
        .expect("the scratch folder")
        .collect();
    assert!(scratch.is_empty(), "{scratch:?}");
}

#[test]
fn every_refusal_answers_its_status_and_words_and_the_server_goes_on() {
    let mut server = Server::start(&["--max-upload-mb", "4"]);
    let addr = server.addr.clone();

    // Larger than --max-upload-mb.
    let big = vec![b'x'; 5 << 20];
    let reply = post(&addr, "/api/check", &[("file", Some("besar.xlsx"), &big)]);
    assert_eq!(reply.status, 413, "{}", reply.text());
    assert_eq!(
        reply.json()["error"],
        "unggahan lebih besar dari 4 MB, batas yang diterima server ini (--max-upload-mb): kirim lebih sedikit berkas atau berkas yang lebih kecil"
    );
    // The same refusal in the page's language, as a page.
    let reply = request(
        &addr,
        "POST",
        "/upload?lang=en",
        &[(
            "Content-Type",
            &format!("multipart/form-data; boundary={BOUNDARY}"),
        )],
        &multipart(&[("file", Some("besar.xlsx"), &big)]),
    );
    assert_eq!(reply.status, 413);
    assert!(
        reply
            .text()
            .contains("the upload is larger than 4 MB, the most this server takes"),
        "{}",
        reply.text()
    );

    // A zip bomb: refused unread, with the CLI's words.
    let reply = post(
        &addr,
        "/api/check?lang=en",
        &[("file", Some("bom.xlsx"), &bad("zip-bomb.xlsx"))],
    );
    assert_eq!(reply.status, 422, "{}", reply.text());
    let doc = reply.json();
    assert_eq!(doc["files"][0]["path"], "bom.xlsx");
    let cli = selaras(&["check", "--format", "json", "fixtures/bad/zip-bomb.xlsx"]);
    let cli: serde_json::Value = serde_json::from_str(&stdout(&cli)).expect("the CLI's JSON");
    assert_eq!(doc["files"][0]["error"], cli["files"][0]["error"]);
    assert!(doc["files"][0]["error"]
        .as_str()
        .is_some_and(|e| e.contains("zip bomb")));

    // A path in the file name: the name loses it, and nothing is written there.
    let escape = "../../../selaras-escape.xlsx";
    let reply = post(&addr, "/api/check", &[("file", Some(escape), &example())]);
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.json()["files"][0]["path"], "selaras-escape.xlsx");
    for dir in [
        server.data.clone(),
        server.data.join("work"),
        server.data.join("work/x"),
    ] {
        assert!(!dir.join(escape).exists(), "{}", dir.join(escape).display());
    }

    // A wrong method.
    let reply = request(&addr, "GET", "/api/check", &[], b"");
    assert_eq!(reply.status, 405);
    assert_eq!(reply.header("allow"), Some("POST"));
    assert_eq!(
        reply.json()["error"],
        "/api/check tidak diminta dengan GET, hanya dengan POST"
    );
    let reply = request(&addr, "DELETE", "/?lang=en", &[], b"");
    assert_eq!(reply.status, 405);
    assert!(reply
        .text()
        .contains("/ is not asked for with DELETE, only with GET"));

    // Malformed multipart: no boundary, and a body that is not one.
    let reply = request(
        &addr,
        "POST",
        "/api/check",
        &[("Content-Type", "multipart/form-data")],
        b"x",
    );
    assert_eq!(reply.status, 400, "{}", reply.text());
    assert!(reply.json()["error"]
        .as_str()
        .is_some_and(|e| e.starts_with("permintaan ini bukan unggahan berkas yang dapat dibaca")));
    let reply = request(
        &addr,
        "POST",
        "/api/check?lang=en",
        &[("Content-Type", &format!("multipart/form-data; boundary={BOUNDARY}"))],
        b"--selaras-test-7d2a\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.xlsx\"\r\n\r\nnever ends",
    );
    assert_eq!(reply.status, 400, "{}", reply.text());
    assert!(reply.json()["error"]
        .as_str()
        .is_some_and(|e| e.starts_with("the request is not a file upload that can be read")));

    // Not a workbook; no file at all; an address that does not exist.
    let reply = post(
        &addr,
        "/api/check?lang=en",
        &[("file", Some("catatan.txt"), b"halo")],
    );
    assert_eq!(reply.status, 415);
    assert_eq!(reply.json()["error"], "'catatan.txt' is not a workbook (.xlsx, .xlsm, .xls, .xlsb, .ods) or a Word draft (.docx), so selaras cannot check it");
    let reply = post(&addr, "/api/check?lang=en", &[("lang", None, b"en")]);
    assert_eq!(reply.status, 400);
    assert!(reply.json()["error"]
        .as_str()
        .is_some_and(|e| e.starts_with("no file came with the request")));
    let reply = request(&addr, "GET", "/report/../../etc/passwd", &[], b"");
    assert_eq!(reply.status, 404);
    let reply = request(
        &addr,
        "GET",
        "/report/0123456789abcdef0123456789abcdef",
        &[("Accept-Language", "en-US,en;q=0.9")],
        b"",
    );
    assert_eq!(reply.status, 404);
    assert!(reply
        .text()
        .contains("this report is no longer here: uploads are kept 24 hours"));

    // Two workbooks to correct at once: which one is meant cannot be told.
    let reply = post(
        &addr,
        "/api/fix?lang=en",
        &[
            ("file", Some("a.xlsx"), &example()),
            ("file", Some("b.xlsx"), &example()),
        ],
    );
    assert_eq!(reply.status, 400);
    assert!(reply.json()["error"]
        .as_str()
        .is_some_and(|e| e.ends_with("this request sent 2 workbook(s) and 0 draft(s)")));

    // And after all of it the server still serves.
    assert!(server.is_running());
    assert_eq!(request(&addr, "GET", "/", &[], b"").status, 200);
    let reply = post(&addr, "/api/check", &[("file", Some("a.xlsx"), &example())]);
    assert_eq!(reply.status, 200);
}

/// The nonce of a page's policy, after checking the policy allows nothing else.
pub fn nonce_of(reply: &Reply) -> String {
    let policy = reply
        .header("content-security-policy")
        .expect("a Content-Security-Policy");
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce")
        .to_string();
    assert_eq!(
        policy,
        format!("default-src 'none'; style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
    );
    nonce
}

/// Every style and script of a page carries the nonce, and nothing is loaded
/// from anywhere.
pub fn self_contained(page: &str, nonce: &str) {
    for tag in ["<script", "<style"] {
        for (at, _) in page.match_indices(tag) {
            let rest = &page[at..];
            let end = rest.find('>').expect("a tag's end");
            assert_eq!(
                &rest[..end],
                format!("{tag} nonce=\"{nonce}\""),
                "a {tag} without the nonce"
            );
        }
    }
    for outside in [
        "src=\"http",
        "href=\"http",
        "url(http",
        "@import",
        "src=\"//",
    ] {
        assert!(!page.contains(outside), "the page loads {outside}…");
    }
}

#[test]
fn the_page_leads_from_the_upload_to_the_report_and_its_downloads() {
    let server = Server::start(&[]);
    let addr = server.addr.clone();
    let home = request(
        &addr,
        "GET",
        "/",
        &[("Accept-Language", "en-GB,en;q=0.8,id;q=0.5")],
        b"",
    );
    assert_eq!(home.status, 200);
    let page = home.text();
    self_contained(&page, &nonce_of(&home));
    assert!(page.contains("<html lang=\"en\">"));
    assert!(page.contains("<form id=\"form\" method=\"post\" action=\"/upload?lang=en\" enctype=\"multipart/form-data\">"));
    // Indonesian by default, and a fresh nonce each time.
    let again = request(&addr, "GET", "/", &[], b"");
    assert!(again.text().contains("<html lang=\"id\">"));
    assert!(again
        .text()
        .contains("Letakkan berkas di sini, atau pilih berkas"));
    assert_ne!(nonce_of(&again), nonce_of(&home));

    // A name that is markup is shown as text.
    let name = "<img src=x onerror=alert(1)>.xlsx";
    let reply = post(
        &addr,
        "/upload?lang=en",
        &[("file", Some(name), &example())],
    );
    assert_eq!(reply.status, 303, "{}", reply.text());
    let report = reply
        .header("location")
        .expect("the report's address")
        .to_string();
    let id = report
        .strip_prefix("/report/")
        .and_then(|r| r.strip_suffix("?lang=en"))
        .expect("/report/<id>?lang=en")
        .to_string();
    assert_eq!(id.len(), 32);
    let reply = request(&addr, "GET", &report, &[], b"");
    assert_eq!(reply.status, 200);
    let page = reply.text();
    self_contained(&page, &nonce_of(&reply));
    assert!(!page.contains("<img src=x"));
    assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;.xlsx"));
    // The evaluator's page of `check --html`, and its downloads.
    assert!(page.contains("Tabel 3.1"), "the report's tables are drawn");
    for link in [
        format!("/report/{id}/fixed/0?lang=en"),
        format!("/report/{id}/fixed/0?lang=en&amp;unsafe=1"),
        format!("/report/{id}/json"),
        format!("/report/{id}?lang=id"),
    ] {
        assert!(page.contains(&format!("href=\"{link}\"")), "no link {link}");
    }
    let json = request(&addr, "GET", &format!("/report/{id}/json"), &[], b"");
    assert_eq!(json.status, 200);
    assert_eq!(json.json()["files"][0]["path"], name);
    let fixed = request(
        &addr,
        "GET",
        &format!("/report/{id}/fixed/0?lang=en"),
        &[],
        b"",
    );
    assert_eq!(fixed.status, 200);
    assert!(fixed.body.starts_with(b"PK"), "a workbook");
    // The kept upload is under the server's own names only.
    let kept: Vec<String> = std::fs::read_dir(server.data.join("uploads").join(&id))
        .expect("the upload's folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    let mut kept = kept;
    kept.sort();
    assert_eq!(kept, ["0.xlsx", "names.json"]);
}

pub fn browser_enabled() -> bool {
    std::env::var_os("SELARAS_CHROMIUM").is_some_and(|v| v == "1")
}

/// A WebDriver command: the answer's `value`.
fn webdriver(port: u16, method: &str, path: &str, body: serde_json::Value) -> serde_json::Value {
    let body = if method == "GET" {
        Vec::new()
    } else {
        body.to_string().into_bytes()
    };
    let reply = request(
        &format!("127.0.0.1:{port}"),
        method,
        path,
        &[("Content-Type", "application/json")],
        &body,
    );
    let doc = reply.json();
    assert!(reply.status == 200, "WebDriver {method} {path}: {doc}");
    doc["value"].clone()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let digits: Vec<u8> = text.bytes().filter_map(value).collect();
    digits
        .chunks(4)
        .flat_map(|c| {
            let n = c.iter().fold(0u32, |n, d| (n << 6) | u32::from(*d)) << (6 * (4 - c.len()));
            let bytes = n.to_be_bytes();
            bytes[1..c.len()].to_vec()
        })
        .collect()
}

fn base64_encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().fold(0u32, |n, b| (n << 8) | u32::from(*b)) << (8 * (3 - chunk.len()));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
        for _ in chunk.len()..3 {
            out.push('=');
        }
    }
    out
}

#[test]
fn base64_round_trips() {
    for data in [&b""[..], b"a", b"ab", b"abc", b"selaras\x00\xff"] {
        assert_eq!(base64_decode(&base64_encode(data)), data);
    }
    assert_eq!(base64_encode(b"Man"), "TWFu");
    assert_eq!(base64_encode(b"Ma"), "TWE=");
}

/// Chromium through chromedriver, stopped when dropped.
pub struct Browser {
    driver: Child,
    port: u16,
    session: String,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = request(
            &format!("127.0.0.1:{}", self.port),
            "DELETE",
            &format!("/session/{}", self.session),
            &[],
            b"",
        );
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Browser {
    pub fn start(downloads: &Path, profile: &Path) -> Browser {
        let port = free_port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver runs (apt-get install chromium-driver)");
        let status = format!("127.0.0.1:{port}");
        for _ in 0..100 {
            if TcpStream::connect(&status).is_ok() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        let caps = serde_json::json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                         "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync",
                         "--window-size=1280,900",
                         format!("--user-data-dir={}", profile.display())],
                "prefs": {"download.default_directory": downloads.display().to_string(),
                          "download.prompt_for_download": false}
            }
        }}});
        let mut browser = Browser {
            driver,
            port,
            session: String::new(),
        };
        let value = webdriver(port, "POST", "/session", caps);
        browser.session = value["sessionId"].as_str().expect("a session").to_string();
        browser
    }

    fn call(&self, method: &str, path: &str, body: serde_json::Value) -> serde_json::Value {
        webdriver(
            self.port,
            method,
            &format!("/session/{}{path}", self.session),
            body,
        )
    }

    pub fn go(&self, url: &str) {
        self.call("POST", "/url", serde_json::json!({ "url": url }));
    }

    pub fn script(&self, script: &str, args: serde_json::Value) -> serde_json::Value {
        self.call(
            "POST",
            "/execute/sync",
            serde_json::json!({ "script": script, "args": args }),
        )
    }

    pub fn url(&self) -> String {
        self.call("GET", "/url", serde_json::Value::Null)
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    pub fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.call("GET", "/screenshot", serde_json::Value::Null);
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
        std::fs::create_dir_all(&dir).expect("the screenshots folder");
        let path = dir.join(name);
        std::fs::write(&path, base64_decode(png.as_str().expect("a PNG"))).expect("the screenshot");
        path
    }

    /// Waits up to a minute for `ready` to hold.
    pub fn wait(&self, what: &str, mut ready: impl FnMut(&Browser) -> bool) {
        for _ in 0..600 {
            if ready(self) {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("waited a minute for {what}");
    }
}

/// Drops a file on the page's drop zone as a browser does: a `drop` event
/// whose DataTransfer holds the file.
const DROP: &str = "
var bytes = Uint8Array.from(atob(arguments[0]), function (c) { return c.charCodeAt(0); });
var file = new File([bytes], arguments[1]);
var dt = new DataTransfer();
dt.items.add(file);
var zone = document.getElementById('zone');
zone.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
return true;
";

#[test]
#[ignore = "needs Debian's chromium and chromium-driver, and LibreOffice: SELARAS_CHROMIUM=1 cargo test --test suite -- --ignored serve::"]
fn a_workbook_dropped_on_the_page_is_reported_and_its_corrected_copy_opens() {
    assert!(
        browser_enabled(),
        "the browser test runs with SELARAS_CHROMIUM=1 (Debian's chromium and chromium-driver installed)"
    );
    let server = Server::start(&[]);
    let dir = fresh_dir("serve-browser");
    let downloads = dir.join("downloads");
    std::fs::create_dir_all(&downloads).expect("downloads");
    let browser = Browser::start(&downloads, &dir.join("profile"));
    browser.go(&format!("http://{}/?lang=id", server.addr));
    browser.screenshot("serve-upload.png");
    let dropped = browser.script(
        DROP,
        serde_json::json!([base64_encode(&example()), "Laporan Setda 2024.xlsx"]),
    );
    assert_eq!(dropped, true);
    browser.wait("the report page", |b| b.url().contains("/report/"));
    browser.wait("the report drawn", |b| {
        b.script("return document.readyState === 'complete' && !!document.querySelector('nav.serve-bar');", serde_json::json!([])) == true
    });
    let text = browser.script("return document.body.innerText;", serde_json::json!([]));
    let text = text.as_str().expect("the page's text");
    assert!(text.contains("Laporan Setda 2024.xlsx"), "{text}");
    assert!(text.contains("Tabel 3.1"), "{text}");
    browser.screenshot("serve-report.png");
    // The page's own script ran under the policy: a marked cell opens its note.
    let opened = browser.script(
        "var c = document.querySelector('[data-f]'); if (!c) { return 'none'; } c.scrollIntoView({ block: 'center' }); c.click(); var p = document.getElementById('popup'); return p && !p.hidden ? 'open' : 'closed';",
        serde_json::json!([]),
    );
    assert_eq!(opened, "open", "a marked cell's note opens");
    browser.screenshot("serve-note.png");
    // The corrected copy downloads, and LibreOffice opens it.
    browser.script(
        "document.querySelector('nav.serve-bar a[href*=\"/fixed/0\"]').click(); return true;",
        serde_json::json!([]),
    );
    let copy = downloads.join("Laporan Setda 2024.corrected.xlsx");
    browser.wait("the corrected copy downloaded", |_| copy.is_file());
    let csv_dir = dir.join("csv");
    let lo = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.join("lo").display()
        ))
        .args(["--headless", "--convert-to", "csv", "--outdir"])
        .arg(&csv_dir)
        .arg(&copy)
        .output()
        .expect("LibreOffice runs (apt-get install libreoffice-calc)");
    let csv = csv_dir.join("Laporan Setda 2024.corrected.csv");
    assert!(
        csv.is_file(),
        "LibreOffice did not read the corrected copy: {}",
        String::from_utf8_lossy(&lo.stderr)
    );
    assert!(std::fs::read_to_string(&csv)
        .expect("the CSV")
        .contains("Setda"));
}
