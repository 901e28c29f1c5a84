//! The submission desk on the real server (loopback): a round made, sections
//! uploading through their own links, the planner's live page, the
//! reconciliation against the compiled report, the history and the export;
//! and every refusal (no credential, another section's upload, a revoked link,
//! over the rate, a cross-site post) answering its status and leaving the
//! database and the files as they were.

use std::io::Read;

use crate::common::{fixture, fresh_dir, selaras, stdout};
use crate::serve::{post_with, request, Reply, Server};

const TOKEN: &str = "kredensial-perencana-uji";

fn section_file(name: &str) -> Vec<u8> {
    std::fs::read(fixture("reconcile/sections").join(name)).expect("a section's workbook")
}

fn compiled() -> Vec<u8> {
    std::fs::read(fixture("lkjip-setda-kebumen-2024.xlsx")).expect("the compiled report")
}

fn bearer() -> (&'static str, String) {
    ("Authorization", format!("Bearer {TOKEN}"))
}

fn get(server: &Server, target: &str, headers: &[(&str, &str)]) -> Reply {
    request(&server.addr, "GET", target, headers, b"")
}

/// What the database and the blob store hold: a refusal must leave it as it was.
/// Read from outside, as any SQLite client and any file lister would: the rows of
/// each table, and every blob kept (`blobs/<prefix>/<key>`), by name.
fn held(server: &Server) -> (Vec<(String, i64)>, Vec<String>) {
    let db =
        rusqlite::Connection::open(server.data.join("desk.sqlite3")).expect("the desk's database");
    db.busy_timeout(std::time::Duration::from_secs(10))
        .expect("a busy timeout");
    let counts = ["rounds", "sections", "links", "uploads"]
        .iter()
        .map(|t| {
            let n: i64 = db
                .query_row(&format!("SELECT COUNT(*) FROM {t}"), [], |r| r.get(0))
                .expect("counts");
            (t.to_string(), n)
        })
        .collect();
    (counts, blobs_kept(server))
}

/// Every blob kept, by name (`blobs/<prefix>/<key>`), sorted.
fn blobs_kept(server: &Server) -> Vec<String> {
    let shards = std::fs::read_dir(server.data.join("blobs"));
    let mut keys: Vec<String> = shards
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|shard| std::fs::read_dir(shard.path()).ok())
        .flatten()
        .flatten()
        .map(|blob| blob.file_name().to_string_lossy().into_owned())
        .collect();
    keys.sort();
    keys
}

fn make_round(server: &Server, sections: &str, with_compiled: bool) -> (String, Vec<String>) {
    let (k, v) = bearer();
    let report = compiled();
    let mut parts: Vec<(&str, Option<&str>, &[u8])> = vec![
        ("name", None, b"LKjIP 2024"),
        ("sections", None, sections.as_bytes()),
    ];
    if with_compiled {
        parts.push(("compiled", Some("Laporan Gabungan 2024.xlsx"), &report));
    }
    let reply = post_with(&server.addr, "/desk/rounds?lang=en", &[(k, &v)], &parts);
    assert_eq!(reply.status, 303, "{}", reply.text());
    let round = reply.header("location").expect("the round's address");
    let round = round.split('?').next().expect("path").to_string();
    let page = get(server, &round, &[(k, &v)]).text();
    let links: Vec<String> = page
        .match_indices("/s/")
        .map(|(at, _)| page[at..at + 35].to_string())
        .filter(|l| l[3..].bytes().all(|b| b.is_ascii_hexdigit()))
        .collect();
    (round, links)
}

/// Uploads `file` through a section's link: the report's address.
fn upload(server: &Server, link: &str, name: &str, bytes: &[u8]) -> Reply {
    post_with(
        &server.addr,
        &format!("{link}/upload?lang=en"),
        &[],
        &[("file", Some(name), bytes)],
    )
}

/// The section rows of the planner's page, as text.
fn rows(page: &str) -> Vec<String> {
    page.split("<tr data-section=")
        .skip(1)
        .map(|row| {
            let row = &row[row.find('>').expect("the row's tag") + 1
                ..row.find("</tr>").expect("a row's end")];
            let mut text = String::new();
            let mut inside = false;
            for c in row.chars() {
                match c {
                    '<' => {
                        inside = true;
                        text.push(' ');
                    }
                    '>' => inside = false,
                    c if !inside => text.push(c),
                    _ => {}
                }
            }
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect()
}

#[test]
fn a_round_from_its_making_to_its_export() {
    let server = Server::start(&["--admin-token", TOKEN]);
    // The browser's way in: the login form gives a session cookie.
    let reply = request(
        &server.addr,
        "POST",
        "/desk/login",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        format!("token={TOKEN}").as_bytes(),
    );
    assert_eq!(reply.status, 303, "{}", reply.text());
    let set = reply
        .header("set-cookie")
        .expect("a session cookie")
        .to_string();
    assert!(set.contains("; HttpOnly; SameSite=Strict"), "{set}");
    let cookie = set.split(';').next().expect("the cookie").to_string();
    let home = get(&server, "/desk?lang=en", &[("Cookie", &cookie)]);
    assert_eq!(home.status, 200);
    let page = home.text();
    crate::serve::self_contained(&page, &crate::serve::nonce_of(&home));
    assert!(page.contains("No round yet"));
    let csrf = page
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("the form's CSRF token")
        .to_string();

    // The round, made from the browser's form: three sections and the compiled report.
    let report = compiled();
    let reply = post_with(
        &server.addr,
        "/desk/rounds?lang=en",
        &[
            ("Cookie", &cookie),
            ("Origin", &format!("http://{}", server.addr)),
        ],
        &[
            ("csrf", None, csrf.as_bytes()),
            ("name", None, b"LKjIP 2024"),
            (
                "sections",
                None,
                b"Bagian Umum\nBagian Hukum\nBagian Kesra\n",
            ),
            ("compiled", Some("Laporan Gabungan 2024.xlsx"), &report),
            ("budget", Some(""), b""),
        ],
    );
    assert_eq!(reply.status, 303, "{}", reply.text());
    let round = reply
        .header("location")
        .expect("the round")
        .split('?')
        .next()
        .expect("path")
        .to_string();
    let page = get(&server, &format!("{round}?lang=en"), &[("Cookie", &cookie)]);
    assert_eq!(page.status, 200);
    let policy = page.header("content-security-policy").expect("a policy");
    assert!(policy.ends_with("; connect-src 'self'"), "{policy}");
    let text = page.text();
    let links: Vec<String> = rows(&text)
        .iter()
        .map(|r| {
            let at = r.find("/s/").expect("a link");
            r[at..at + 35].to_string()
        })
        .collect();
    assert_eq!(links.len(), 3);
    assert!(
        rows(&text).iter().all(|r| r.contains(" not yet ")),
        "{:?}",
        rows(&text)
    );

    // Two sections upload; one uploads again (the same file: kept once).
    let umum = section_file("bagian-umum.xlsx");
    let hukum = section_file("bagian-hukum.xlsx");
    let first = upload(&server, &links[0], "bagian-umum.xlsx", &umum);
    assert_eq!(first.status, 303, "{}", first.text());
    let seen = get(&server, first.header("location").expect("its report"), &[]);
    assert_eq!(seen.status, 200);
    assert!(seen.text().contains("bagian-umum.xlsx"));
    assert!(seen.text().contains("Upload again"));
    assert_eq!(
        upload(&server, &links[1], "bagian-hukum.xlsx", &hukum).status,
        303
    );
    assert_eq!(
        upload(&server, &links[0], "bagian-umum revisi.xlsx", &umum).status,
        303
    );
    let kept = blobs_kept(&server);
    assert_eq!(
        kept.len(),
        3,
        "the compiled report and two distinct uploads: {kept:?}"
    );

    // The planner's view: who submitted, what was found, how each holds
    // against the compiled report (the numbers of `selaras reconcile`).
    let cli = selaras(&[
        "reconcile",
        "--format",
        "json",
        "--compiled",
        "fixtures/lkjip-setda-kebumen-2024.xlsx",
        "fixtures/reconcile/sections/bagian-umum.xlsx",
        "fixtures/reconcile/sections/bagian-hukum.xlsx",
    ]);
    let cli: serde_json::Value = serde_json::from_str(&stdout(&cli)).expect("the CLI's JSON");
    let said = |s: &serde_json::Value| {
        format!(
            "{} rows: {} found in the report, {} of them with other figures; {} not found",
            s["submitted"], s["matched"], s["differing"], s["missing"]
        )
    };
    let view = get(&server, &format!("{round}?lang=en"), &[("Cookie", &cookie)]).text();
    let lines = rows(&view);
    assert!(
        lines[0].starts_with("Bagian Umum submitted "),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].contains(&said(&cli["sections"][0])),
        "{}",
        lines[0]
    );
    assert!(lines[0].contains("bagian-umum.xlsx") && lines[0].contains("bagian-umum revisi.xlsx"));
    assert!(lines[0].contains("what changed"));
    assert!(
        lines[1].starts_with("Bagian Hukum submitted "),
        "{}",
        lines[1]
    );
    assert!(
        lines[1].contains(&said(&cli["sections"][1])),
        "{}",
        lines[1]
    );
    assert!(lines[2].starts_with("Bagian Kesra not yet"), "{}", lines[2]);
    let (k, v) = bearer();
    let state = get(&server, &format!("{round}/state"), &[(k, &v)]).json();
    let uploads: Vec<u64> = state["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .map(|s| s["uploads"].as_u64().expect("a count"))
        .collect();
    assert_eq!(uploads, [2, 1, 0]);

    // What changed between the two uploads of Bagian Umum: nothing.
    let diff = view
        .split("href=\"")
        .find(|h| h.contains("/diff/"))
        .and_then(|h| h.split('"').next())
        .expect("a diff link")
        .replace("&amp;", "&");
    let diff = get(&server, &diff, &[("Cookie", &cookie)]);
    assert_eq!(diff.status, 200);
    assert!(diff
        .text()
        .contains("bagian-umum.xlsx → bagian-umum revisi.xlsx"));

    // The reconciliation, and the compiled report corrected from the sections.
    let page = get(&server, &format!("{round}/reconciled?lang=en"), &[(k, &v)]);
    assert_eq!(page.status, 200);
    assert!(page.text().contains("reconcile-mismatch"));
    let copy = get(
        &server,
        &format!("{round}/reconciled.xlsx?lang=en"),
        &[(k, &v)],
    );
    assert_eq!(copy.status, 200, "{}", copy.text());
    assert_eq!(
        copy.header("content-disposition"),
        Some("attachment; filename=\"Laporan Gabungan 2024.corrected.xlsx\"; filename*=UTF-8''Laporan%20Gabungan%202024.corrected.xlsx")
    );
    let dir = fresh_dir("desk-reconciled");
    let cli_copy = dir.join("cli.xlsx");
    let o = selaras(&[
        "--lang",
        "en",
        "reconcile",
        "--fix",
        "--output",
        cli_copy.to_str().expect("utf-8"),
        "--compiled",
        "fixtures/lkjip-setda-kebumen-2024.xlsx",
        "fixtures/reconcile/sections/bagian-umum.xlsx",
        "fixtures/reconcile/sections/bagian-hukum.xlsx",
    ]);
    assert!(
        o.status.code().is_some_and(|c| c < 2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let served = dir.join("served.xlsx");
    std::fs::write(&served, &copy.body).expect("the served copy");
    // The same corrections as `reconcile --fix`: both copies check alike.
    let check = |p: &std::path::Path| {
        let o = selaras(&["check", "--format", "json", p.to_str().expect("utf-8")]);
        let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
        doc["files"][0]["findings"].clone()
    };
    assert_eq!(check(&served), check(&cli_copy));

    // The export: every upload, each report's JSON, a line a section.
    let zip = get(&server, &format!("{round}/export.zip"), &[(k, &v)]);
    assert_eq!(zip.status, 200);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.body)).expect("a zip");
    let mut names: Vec<String> = archive
        .file_names()
        .map(|n| n.expect("a name").to_string())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "files/Bagian Hukum/1-bagian-hukum.xlsx",
            "files/Bagian Umum/1-bagian-umum.xlsx",
            "files/Bagian Umum/2-bagian-umum revisi.xlsx",
            "reports/Bagian Hukum/1.json",
            "reports/Bagian Umum/1.json",
            "reports/Bagian Umum/2.json",
            "summary.csv",
        ]
    );
    let mut kept = Vec::new();
    archive
        .by_name("files/Bagian Hukum/1-bagian-hukum.xlsx")
        .expect("the upload")
        .read_to_end(&mut kept)
        .expect("read");
    assert!(kept == hukum, "the upload as sent");
    let mut json = String::new();
    archive
        .by_name("reports/Bagian Hukum/1.json")
        .expect("its report")
        .read_to_string(&mut json)
        .expect("read");
    let api = post_with(
        &server.addr,
        "/api/check",
        &[],
        &[("file", Some("bagian-hukum.xlsx"), &hukum)],
    );
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&json).expect("JSON"),
        api.json()
    );
    let mut csv = String::new();
    archive
        .by_name("summary.csv")
        .expect("the summary")
        .read_to_string(&mut csv)
        .expect("read");
    let csv: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(
        csv[0],
        [
            "section",
            "submitted",
            "uploads",
            "last_upload_utc",
            "file",
            "errors",
            "warnings",
            "infos",
            "unreadable"
        ]
    );
    assert_eq!(csv.len(), 4);
    assert_eq!(
        (csv[1][0], csv[1][1], csv[1][2], csv[1][4]),
        ("Bagian Umum", "yes", "2", "bagian-umum revisi.xlsx")
    );
    assert_eq!(
        (csv[2][0], csv[2][1], csv[2][2], csv[2][4]),
        ("Bagian Hukum", "yes", "1", "bagian-hukum.xlsx")
    );
    assert_eq!(csv[3], ["Bagian Kesra", "no", "0", "", "", "", "", "", ""]);
}

#[test]
fn every_refusal_at_the_desk_leaves_the_database_and_the_files_as_they_were() {
    let server = Server::start(&["--admin-token", TOKEN, "--uploads-per-hour", "2"]);
    let (round, links) = make_round(&server, "Bagian Umum\nBagian Hukum\nBagian Kesra", false);
    assert_eq!(links.len(), 3);
    let umum = section_file("bagian-umum.xlsx");
    let first = upload(&server, &links[0], "bagian-umum.xlsx", &umum);
    assert_eq!(first.status, 303);
    let umum_report = first
        .header("location")
        .expect("report")
        .split('?')
        .next()
        .expect("path")
        .to_string();
    let hukum = upload(
        &server,
        &links[1],
        "bagian-hukum.xlsx",
        &section_file("bagian-hukum.xlsx"),
    );
    let hukum_report = hukum
        .header("location")
        .expect("report")
        .split('?')
        .next()
        .expect("path")
        .to_string();
    let before = held(&server);
    let unchanged = |what: &str| assert_eq!(held(&server), before, "{what} changed the desk");

    // No credential, or a wrong one: 401, the login page.
    let reply = get(&server, "/desk", &[]);
    assert_eq!(reply.status, 401);
    assert!(reply.text().contains("type=\"password\""));
    assert_eq!(
        get(&server, &round, &[("Authorization", "Bearer salah")]).status,
        401
    );
    assert_eq!(
        get(&server, &format!("{round}/export.zip"), &[]).status,
        401
    );
    let reply = post_with(
        &server.addr,
        "/desk/rounds",
        &[],
        &[("name", None, b"X"), ("sections", None, b"A")],
    );
    assert_eq!(reply.status, 401);
    let reply = request(
        &server.addr,
        "POST",
        "/desk/login",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        b"token=salah",
    );
    assert_eq!(reply.status, 401);
    assert!(reply.header("set-cookie").is_none());
    unchanged("a request without the credential");

    // A section's link reads its own uploads only.
    assert_eq!(get(&server, &umum_report, &[]).status, 200);
    let other = hukum_report.replace(&links[1], &links[0]);
    let reply = get(&server, &format!("{other}?lang=en"), &[]);
    assert_eq!(reply.status, 403);
    assert!(reply
        .text()
        .contains("this upload belongs to another section"));
    assert_eq!(
        get(&server, "/s/0123456789abcdef0123456789abcdef", &[]).status,
        404
    );
    unchanged("another section's upload");

    // A revoked link.
    let (k, v) = bearer();
    let section = {
        let page = get(&server, &round, &[(k, &v)]).text();
        let at = page.find("/s/").expect("a link");
        let row = &page[..at];
        let id = row
            .rsplit("<tr data-section=\"")
            .next()
            .expect("the row")
            .split('"')
            .next()
            .expect("its id");
        id.to_string()
    };
    let reply = request(
        &server.addr,
        "POST",
        &format!("{round}/s/{section}/revoke"),
        &[(k, &v)],
        b"",
    );
    assert_eq!(reply.status, 303, "{}", reply.text());
    let before = held(&server);
    let unchanged = |what: &str| assert_eq!(held(&server), before, "{what} changed the desk");
    let reply = upload(&server, &links[0], "bagian-umum.xlsx", &umum);
    assert_eq!(reply.status, 403);
    assert!(reply
        .text()
        .contains("this upload link was revoked by the planner"));
    assert_eq!(get(&server, &links[0], &[]).status, 403);
    unchanged("a revoked link");

    // Over the rate: the third upload of the hour.
    assert_eq!(upload(&server, &links[2], "a.xlsx", &umum).status, 303);
    assert_eq!(
        upload(
            &server,
            &links[2],
            "b.xlsx",
            &section_file("bagian-kesra.xlsx")
        )
        .status,
        303
    );
    let before = held(&server);
    let unchanged = |what: &str| assert_eq!(held(&server), before, "{what} changed the desk");
    let reply = upload(
        &server,
        &links[2],
        "c.xlsx",
        &section_file("bagian-pbj.xlsx"),
    );
    assert_eq!(reply.status, 429);
    assert_eq!(reply.header("retry-after"), Some("3600"));
    assert!(reply
        .text()
        .contains("this link has uploaded 2 times in the last hour"));
    unchanged("an upload over the rate");

    // Cross-site: a form posted from another site with the planner's cookie,
    // and a same-site post without the page's CSRF token.
    let login = request(
        &server.addr,
        "POST",
        "/desk/login",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        format!("token={TOKEN}").as_bytes(),
    );
    let cookie = login
        .header("set-cookie")
        .expect("a cookie")
        .split(';')
        .next()
        .expect("cookie")
        .to_string();
    let evil = [
        ("Cookie", cookie.as_str()),
        ("Origin", "http://evil.example"),
    ];
    let reply = post_with(
        &server.addr,
        "/desk/rounds?lang=en",
        &evil,
        &[("name", None, b"X"), ("sections", None, b"A")],
    );
    assert_eq!(reply.status, 403);
    assert!(reply.text().contains("this request came from another site"));
    let reply = request(
        &server.addr,
        "POST",
        &format!("{round}/s/{section}/renew"),
        &[
            ("Cookie", &cookie),
            ("Origin", "http://evil.example"),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        b"",
    );
    assert_eq!(reply.status, 403);
    let reply = request(
        &server.addr,
        "POST",
        &format!("{round}/s/{section}/renew"),
        &[
            ("Cookie", &cookie),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        b"csrf=tebakan",
    );
    assert_eq!(reply.status, 403);
    let reply = upload_cross_site(&server, &links[1]);
    assert_eq!(reply.status, 403);
    unchanged("a cross-site request");
    // And the server still serves the desk.
    assert_eq!(get(&server, &round, &[(k, &v)]).status, 200);
}

fn upload_cross_site(server: &Server, link: &str) -> Reply {
    post_with(
        &server.addr,
        &format!("{link}/upload"),
        &[("Origin", "http://evil.example")],
        &[("file", Some("x.xlsx"), &section_file("bagian-hukum.xlsx"))],
    )
}

#[test]
fn a_credential_made_at_the_first_start_is_printed_once_and_kept() {
    let server = Server::start(&[]);
    let said = server.said.join("");
    let token = said
        .split("printed only this once: ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .unwrap_or_else(|| panic!("no credential in {said:?}"))
        .to_string();
    assert_eq!(token.len(), 64);
    let auth = format!("Bearer {token}");
    assert_eq!(
        get(&server, "/desk", &[("Authorization", &auth)]).status,
        200
    );
    let data = server.data.clone();
    drop(server);
    // Started again on the same data: nothing printed, the same credential.
    let again = Server::start_in(&data, &[]);
    assert!(again.said.is_empty(), "{:?}", again.said);
    assert_eq!(
        get(&again, "/desk", &[("Authorization", &auth)]).status,
        200
    );
}

#[test]
#[ignore = "needs Debian's chromium and chromium-driver: SELARAS_CHROMIUM=1 cargo test --test suite -- --ignored serve:: desk::"]
fn the_planners_page_updates_itself_when_a_section_uploads() {
    assert!(
        crate::serve::browser_enabled(),
        "the browser test runs with SELARAS_CHROMIUM=1"
    );
    let server = Server::start(&["--admin-token", TOKEN]);
    let (round, links) = make_round(&server, "Bagian Umum\nBagian Hukum", true);
    let dir = fresh_dir("desk-browser");
    let browser = crate::serve::Browser::start(&dir.join("downloads"), &dir.join("profile"));
    let base = format!("http://{}", server.addr);
    browser.go(&format!("{base}/desk?lang=id"));
    // Signed in through the login page, as a planner would.
    browser.script(
        "document.getElementById('token').value = arguments[0]; document.querySelector('form').submit(); return true;",
        serde_json::json!([TOKEN]),
    );
    browser.wait("the rounds page", |b| {
        b.script(
            "return !!document.querySelector('input[name=csrf]');",
            serde_json::json!([]),
        ) == true
    });
    browser.go(&format!("{base}{round}?lang=id"));
    let text = |b: &crate::serve::Browser| {
        b.script("return document.body.innerText;", serde_json::json!([]))
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    assert!(text(&browser).contains("belum"), "{}", text(&browser));
    browser.screenshot("desk-round-before.png");
    // A section uploads, from elsewhere: the planner's page shows it by itself.
    assert_eq!(
        upload(
            &server,
            &links[1],
            "bagian-hukum.xlsx",
            &section_file("bagian-hukum.xlsx")
        )
        .status,
        303
    );
    browser.wait("the page to show the upload", |b| {
        text(b).contains("bagian-hukum.xlsx")
    });
    let shown = text(&browser);
    assert!(shown.contains("sudah mengirim"), "{shown}");
    assert!(shown.contains("ditemukan di laporan"), "{shown}");
    browser.screenshot("desk-round-after.png");
    // The section's own page, as the section sees it.
    browser.go(&format!("{base}{}?lang=id", links[1]));
    assert!(text(&browser).contains("Unggahan Anda"));
    browser.screenshot("desk-section.png");
}
