//! The HTML page (`selaras check --format html`, `--html PATH`): its marked cells
//! are exactly the findings' cells, a workbook's text never becomes markup, the
//! clean twin has no error or warning mark, the page is self-contained, and it
//! speaks the reader's language.
//!
//! The browser tests (`SELARAS_CHROMIUM=1`, Debian's `chromium` and poppler's
//! `pdftotext`) open the page in headless Chromium: a screenshot, every marked
//! cell clicked through the DOM (the page's `#selftest` hook) with what its popup
//! showed, and the print-to-PDF output holding every table.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use regex::Regex;
use selaras::{FileReport, Finding, Lang, Rules, Severity};

const REFERENCE: &str = "fixtures/lkjip-setda-kebumen-2024.xlsx";
const CLEAN: &str = "fixtures/lkjip-setda-kebumen-2024-clean.xlsx";
const SCRIPT: &str = "<script>alert(1)</script>";
const IMG: &str = "\"><img src=x onerror=alert(1)>";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A report with its tables as laid out: what the page is drawn from.
struct DrawnReport {
    report: FileReport,
    drawn: selaras::Drawn,
}

impl From<(FileReport, selaras::Drawn)> for DrawnReport {
    fn from((report, drawn): (FileReport, selaras::Drawn)) -> Self {
        DrawnReport { report, drawn }
    }
}

impl std::ops::Deref for DrawnReport {
    type Target = FileReport;
    fn deref(&self) -> &FileReport {
        &self.report
    }
}

impl std::ops::DerefMut for DrawnReport {
    fn deref_mut(&mut self) -> &mut FileReport {
        &mut self.report
    }
}

fn drawn_report(path: &str) -> DrawnReport {
    let rules = Rules::built_in().expect("built-in rules load");
    let book = selaras::open(&root().join(path), &rules, false).expect("the fixture opens");
    selaras::check_workbook_drawn(&book, &rules).into()
}

fn page(r: &DrawnReport, lang: Lang) -> String {
    selaras::html::render(&[Ok(r.report.clone())], &[Some(r.drawn.clone())], lang)
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// A marked cell of the page: `sheet!A1`, its severity class, its finding numbers.
#[derive(Debug, PartialEq, Eq)]
struct Mark {
    cell: String,
    severity: String,
    numbers: Vec<usize>,
}

fn marks(html: &str) -> Vec<Mark> {
    let re = Regex::new(
        r#"<t[dh][^>]* class="m sev-(\w+)" tabindex="0" data-f="([\d ]+)" data-sheet="([^"]*)" data-a1="([A-Z]+\d+)">"#,
    )
    .expect("regex");
    re.captures_iter(html)
        .map(|c| Mark {
            cell: format!("{}!{}", unescape(&c[3]), &c[4]),
            severity: c[1].to_string(),
            numbers: c[2]
                .split(' ')
                .map(|n| n.parse().expect("a number"))
                .collect(),
        })
        .collect()
}

fn cell_of(f: &Finding) -> String {
    format!("{}!{}", f.at.sheet, f.at.a1())
}

/// Each finding cell with the numbers (1-based, report order) of its findings.
fn findings_by_cell(report: &FileReport) -> BTreeMap<String, Vec<usize>> {
    let mut out: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, f) in report.findings.iter().enumerate() {
        out.entry(cell_of(f)).or_default().push(i + 1);
    }
    out
}

#[test]
fn the_marked_cells_are_the_findings_cells() {
    let report = drawn_report(REFERENCE);
    assert_eq!(
        report.findings.len(),
        39,
        "the reference's 20 + 13 + 6 findings"
    );
    let html = page(&report, Lang::indonesian());
    let marks = marks(&html);
    let shown: BTreeMap<String, Vec<usize>> = marks
        .iter()
        .map(|m| (m.cell.clone(), m.numbers.clone()))
        .collect();
    assert_eq!(shown.len(), marks.len(), "a cell is marked once");
    assert_eq!(shown, findings_by_cell(&report));
    // Each mark has the severity of its worst finding.
    for m in &marks {
        let worst = m
            .numbers
            .iter()
            .map(|n| report.findings[n - 1].severity)
            .min()
            .expect("a finding");
        assert_eq!(m.severity, worst.as_str(), "{}", m.cell);
    }
    // Every finding is listed once, with its code and a link to its cell.
    for (i, f) in report.findings.iter().enumerate() {
        let n = i + 1;
        let entry = Regex::new(&format!(
            r#"<li class="finding sev-{}" id="f{n}" data-sev="{}" data-table="\d*" data-code="{}""#,
            f.severity.as_str(),
            f.severity.as_str(),
            f.code
        ))
        .expect("regex");
        assert_eq!(
            entry.find_iter(&html).count(),
            1,
            "finding {n} ({})",
            f.code
        );
    }
    // The link of a finding goes to the drawn cell that carries the mark.
    let ids = Regex::new(r#"id="(c0-\d+-[A-Z]+\d+)"[^>]*class="m "#).expect("regex");
    assert_eq!(ids.find_iter(&html).count(), marks.len());
}

#[test]
fn the_summary_counts_and_headline_figures() {
    let report = drawn_report(REFERENCE);
    let html = page(&report, Lang::indonesian());
    assert!(html.contains("✖ 20 kesalahan"), "errors counted");
    assert!(html.contains("▲ 13 peringatan"), "warnings counted");
    assert!(html.contains("● 6 informasi"), "infos counted");
    assert!(html.contains("Tabel yang dikenali: 18"));
    // Each table says what was checked in it: Tabel 3.2's four recomputed
    // figures (two IKM, two capaian), of which one agrees.
    assert!(
        html.contains("<td>Tabel 3.2</td><td>A3:F7</td><td class=\"num\">4: 1 sesuai</td>"),
        "per-table coverage"
    );
    // The IKM stated 90,40 in Tabel 3.4 beside the mean of its unsur, 91,31; the
    // efficiency 12,99% beside 10,29; the serapan of the JUMLAH TOTAL agrees.
    let row = |label: &str, cell: &str| -> String {
        let re = Regex::new(&format!(
            r##"<tr><td>[^<]*</td><td>[^<]*<br><span class="col">[^<]*</span></td><td>{}</td><td class="num">([^<]*)</td><td class="num">(.*?)</td><td><a href="#[^"]*">{}</a></td></tr>"##,
            regex::escape(label),
            regex::escape(&selaras::html::esc(cell))
        ))
        .expect("regex");
        let c = re
            .captures(&html)
            .unwrap_or_else(|| panic!("headline row {label} {cell}"));
        format!(
            "{} | {}",
            &c[1],
            Regex::new("<[^>]+>").expect("regex").replace_all(&c[2], "")
        )
    };
    assert_eq!(
        row("Indeks Kepuasan Masyarakat (IKM)", "'IKM'!F17"),
        "90,40 | ✖ 91,31"
    );
    assert_eq!(
        row("Meningkatkan Kualitas Pelayanan Publik", "'Tabel 3.9'!I10"),
        "12,99% | ✖ 10,29"
    );
    assert_eq!(row("JUMLAH TOTAL", "'Tabel 3.7'!H30"), "91,51% | ✓ sesuai");
}

#[test]
fn the_clean_twin_has_no_error_or_warning_mark() {
    let report = drawn_report(CLEAN);
    let html = page(&report, Lang::indonesian());
    let marks = marks(&html);
    // Only the murni/perubahan budget differences remain, as information.
    assert!(report
        .findings
        .iter()
        .all(|f| f.severity == Severity::Info && f.code.as_str() == "budget-revised"));
    assert_eq!(
        marks.iter().map(|m| m.cell.clone()).collect::<Vec<_>>(),
        vec!["Lampiran PK!C13", "Lampiran PK!C14", "Lampiran PK!C15"]
    );
    assert!(marks.iter().all(|m| m.severity == "info"));
    assert!(html.contains("✖ 0 kesalahan"));
}

/// A small ASN table whose sheet name, caption and labels are hostile.
fn hostile_sheet() -> selaras::Sheet {
    crate::common::sheet(
        &format!("Tabel {SCRIPT}"),
        &[
            &[&format!("Tabel 1.1 Jumlah ASN {IMG}")],
            &["No.", "Nama Jabatan", "Jumlah"],
            &["1.", SCRIPT, "#3"],
            &["2.", IMG, "!#DIV/0!"],
            &["3.", "Kepala Bagian", "#4"],
            &["", "Jumlah", "#8"],
        ],
    )
}

#[test]
fn a_workbooks_text_never_becomes_markup() {
    let report = crate::common::check(vec![hostile_sheet()]);
    let rules = Rules::built_in().expect("rules");
    let book = crate::common::book(vec![hostile_sheet()]);
    let drawn: DrawnReport = selaras::check_workbook_drawn(&book, &rules).into();
    assert_eq!(drawn.findings, report.findings);
    let codes = crate::common::codes(&drawn.findings);
    assert!(
        codes.iter().any(|c| c.starts_with("unreadable-number"))
            && codes.iter().any(|c| c.starts_with("sum-mismatch")),
        "{codes:?}"
    );
    for lang in [Lang::indonesian(), Lang::english()] {
        let html = page(&drawn, lang);
        // The page's own script is the only script; no image, no handler.
        assert_eq!(html.matches("<script").count(), 1, "one script element");
        assert!(!html.contains("<img"), "no image element");
        assert!(!html.contains("onerror=alert(1)>"), "no markup from a cell");
        assert!(!html.contains("</script><"), "no script closed early");
        // The texts are there, as text: in the sheet name, caption, labels, list.
        let script = selaras::html::esc(SCRIPT);
        let img = selaras::html::esc(IMG);
        assert!(
            html.contains(&format!("Tabel 1.1 Jumlah ASN {img}")),
            "caption"
        );
        assert!(
            html.contains(&format!("title=\"B3\">{script}</td>")),
            "label cell"
        );
        assert!(
            html.contains(&format!("data-sheet=\"Tabel {script}\"")),
            "sheet name"
        );
        assert!(
            html.contains(&format!("Baris: {img}")) || html.contains(&format!("Row: {img}")),
            "row label in the list"
        );
        // Every mark is still a finding's cell.
        let marked: BTreeSet<String> = marks(&html).into_iter().map(|m| m.cell).collect();
        let cells: BTreeSet<String> = drawn.findings.iter().map(cell_of).collect();
        assert_eq!(marked, cells);
    }
}

#[test]
fn the_page_is_self_contained() {
    let html = page(&drawn_report(REFERENCE), Lang::indonesian());
    assert!(html.starts_with("<!DOCTYPE html>"));
    for outside in ["http://", "https://", "<link", " src=", "@import", "url("] {
        assert!(
            !html.contains(outside),
            "the page refers outside itself: {outside}"
        );
    }
    // Nothing may be fetched even if something slipped in.
    assert!(html.contains("Content-Security-Policy"));
}

#[test]
fn the_page_speaks_the_readers_language() {
    let report = drawn_report(REFERENCE);
    let id = page(&report, Lang::indonesian());
    let en = page(&report, Lang::english());
    assert!(id.contains("<html lang=\"id\">") && id.contains("<title>Laporan Temuan</title>"));
    assert!(id.contains("<dt>Ditemukan</dt>") && id.contains("<dt>Seharusnya</dt>"));
    assert!(id.contains("<dt>Rumus</dt>") && id.contains("<dt>Saran</dt>"));
    assert!(en.contains("<html lang=\"en\">") && en.contains("<title>Findings report</title>"));
    assert!(en.contains("<dt>Found</dt>") && en.contains("<dt>Expected</dt>"));
    // Every text of the page in both catalogues.
    let keys =
        |l: Lang| -> BTreeSet<&str> { l.keys().filter(|k| k.starts_with("html.")).collect() };
    assert_eq!(keys(Lang::english()), keys(Lang::indonesian()));
    let used = Regex::new(r#""(html\.[a-z-]+)""#).expect("regex");
    let dir = root().join("src/render/html");
    let mut source = String::new();
    for entry in std::fs::read_dir(&dir).expect("the page's sources") {
        source.push_str(&std::fs::read_to_string(entry.expect("an entry").path()).expect("source"));
    }
    assert!(
        source.contains("\"html.findings\""),
        "the page's sources are read"
    );
    for c in used.captures_iter(&source) {
        assert!(
            keys(Lang::english()).contains(&c[1]),
            "{} missing from lang/en.toml",
            &c[1]
        );
    }
}

fn selaras(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_selaras"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("the selaras binary runs")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("selaras-html-{}-{name}", std::process::id()));
    // Fresh: a leftover of an earlier run under the same process id is not ours.
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn html_path_writes_the_page_beside_the_terminal_report() {
    let dir = temp_dir("cli");
    let out = dir.join("laporan-temuan.html");
    let o = selaras(&[
        "check",
        "--color",
        "never",
        "--lang",
        "en",
        "--html",
        out.to_str().expect("utf-8"),
        REFERENCE,
    ]);
    assert_eq!(o.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.ends_with("1 file checked: 21 problems (9 errors, 6 warnings, 6 infos)\n"),
        "{stdout}"
    );
    let written = std::fs::read_to_string(&out).expect("the page is written");
    let mut report = drawn_report(REFERENCE);
    report.path = REFERENCE.to_string();
    assert!(
        written == page(&report, Lang::english()),
        "the written page is the library's"
    );
    // Only the page is left in the folder: no temporary file.
    assert_eq!(std::fs::read_dir(&dir).expect("dir").count(), 1);

    // --format html puts the same page on stdout.
    let o = selaras(&["check", "--format", "html", "--lang", "en", REFERENCE]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stdout) == written,
        "the same page on stdout"
    );

    // The page never goes over an input, nor over a file that is not a page.
    let input = dir.join("laporan.xlsx");
    std::fs::copy(root().join(REFERENCE), &input).expect("copy");
    let before = std::fs::read(&input).expect("read");
    let o = selaras(&[
        "check",
        "--html",
        input.to_str().expect("utf-8"),
        input.to_str().expect("utf-8"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("never overwrites an input"));
    assert_eq!(std::fs::read(&input).expect("read"), before);
    let notes = dir.join("catatan.txt");
    std::fs::write(&notes, "mine").expect("write");
    let o = selaras(&["check", "--html", notes.to_str().expect("utf-8"), REFERENCE]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&notes).expect("read"), "mine");

    // An unknown language is refused with the ones there are.
    let o = selaras(&["check", "--format", "html", "--lang", "fr", REFERENCE]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("en, id")
            || String::from_utf8_lossy(&o.stderr).contains("id, en")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn with_fix_the_page_draws_the_corrected_copy_and_what_remains() {
    let dir = temp_dir("fix");
    let input = dir.join("laporan.xlsx");
    std::fs::copy(root().join(REFERENCE), &input).expect("copy");
    let copy = dir.join("laporan.corrected.xlsx");
    let out = dir.join("laporan-temuan.html");
    let o = selaras(&[
        "check",
        "--fix",
        "--output",
        copy.to_str().expect("utf-8"),
        "--format",
        "json",
        "--lang",
        "en",
        "--html",
        out.to_str().expect("utf-8"),
        input.to_str().expect("utf-8"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let file = &json["files"][0];
    let mut remaining: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, f) in file["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .enumerate()
    {
        let cell = format!(
            "{}!{}",
            f["sheet"].as_str().expect("sheet"),
            f["cell"].as_str().expect("cell")
        );
        remaining.entry(cell).or_default().push(i + 1);
    }
    let html = std::fs::read_to_string(&out).expect("the page is written");
    let shown: BTreeMap<String, Vec<usize>> = marks(&html)
        .into_iter()
        .map(|m| (m.cell, m.numbers))
        .collect();
    assert_eq!(shown, remaining);
    let changes = file["fixed"]["changes"].as_array().expect("changes").len();
    assert!(changes > 0);
    assert!(html.contains(&format!(
        "(cells corrected: {changes}; the input is unchanged)"
    )));
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------------------
// In a real browser
// ---------------------------------------------------------------------------

fn browser_wanted() -> bool {
    std::env::var_os("SELARAS_CHROMIUM").is_some_and(|v| v == "1")
}

/// Runs headless Chromium on `url` with `args`, with a fresh profile.
fn chromium(profile: &Path, args: &[&str], url: &str) -> Output {
    // Under timeout(1): a browser that hangs fails the test instead of the run.
    let o = Command::new("timeout")
        .args(["120", "chromium"])
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .output()
        .expect("chromium runs (apt-get install chromium)");
    assert!(
        o.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

fn write_page(dir: &Path, name: &str, html: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, html).expect("page written");
    format!("file://{}", path.display())
}

#[test]
#[ignore = "needs Debian's chromium and poppler-utils: SELARAS_CHROMIUM=1 cargo test --test suite -- --ignored html::"]
fn in_a_browser_marks_popups_screenshot_and_print() {
    assert!(
        browser_wanted(),
        "the browser test runs with SELARAS_CHROMIUM=1 (Debian's chromium and poppler-utils installed)"
    );
    let dir = temp_dir("browser");
    let report = drawn_report(REFERENCE);
    let url = write_page(
        &dir,
        "laporan-temuan.html",
        &page(&report, Lang::indonesian()),
    );

    // A screenshot: a real PNG of a drawn page.
    let png = dir.join("page.png");
    chromium(
        &dir.join("profile-1"),
        &[
            "--window-size=1280,1600",
            &format!("--screenshot={}", png.display()),
        ],
        &url,
    );
    let bytes = std::fs::read(&png).expect("screenshot written");
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    assert!(
        bytes.len() > 20_000,
        "a page was drawn ({} bytes)",
        bytes.len()
    );

    // Every marked cell clicked through the DOM; what each popup showed.
    let o = chromium(
        &dir.join("profile-2"),
        &["--dump-dom", "--virtual-time-budget=5000"],
        &format!("{url}#selftest"),
    );
    let dom = String::from_utf8_lossy(&o.stdout);
    let result = Regex::new(r#"(?s)<pre id="selftest-result">(.*?)</pre>"#)
        .expect("regex")
        .captures(&dom)
        .map(|c| unescape(&c[1]))
        .expect("the self-test ran and wrote its result");
    let drawn = &report.drawn;
    let mut clicked: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut filters = Vec::new();
    for line in result.lines() {
        let parts: Vec<&str> = line.split('\t').collect();
        if parts[0] == "filter" {
            filters.push((
                parts[1].to_string(),
                parts[2].parse::<usize>().expect("count"),
            ));
            continue;
        }
        assert_eq!(parts.len(), 5, "{line}");
        let numbers: Vec<usize> = parts[1].split(',').map(|n| n.parse().expect("n")).collect();
        let codes: Vec<&str> = parts[2].split(',').collect();
        // The popup showed exactly the cell's findings, with their codes.
        assert_eq!(parts[3], "shown", "{line}");
        let expected_codes: Vec<&str> = numbers
            .iter()
            .map(|n| report.findings[n - 1].code.as_str())
            .collect();
        assert_eq!(codes, expected_codes, "{line}");
        // Operands drawn on the page are lit; a finding without any lights nothing.
        let drawn_inputs = numbers.iter().any(|n| {
            let f = &report.findings[n - 1];
            f.inputs
                .iter()
                .any(|a| *a != f.at && drawn.tables.iter().any(|t| t.contains(a)))
        });
        let lit: usize = parts[4].parse().expect("lit");
        assert_eq!(lit > 0, drawn_inputs, "{line}");
        clicked.insert(parts[0].to_string(), numbers);
    }
    assert_eq!(clicked, findings_by_cell(&report));
    // The IKM of Tabel 3.2 lights its nine unsur, the other tables' IKM, and
    // the sasaran row's two figures its tujuan row differs from (E7, F7).
    assert!(
        result.contains(
            "Tabel 3.2!E5\t3,4,5\tindex-mismatch,repeat-mismatch,cross-table-mismatch\tshown\t13"
        ),
        "{result}"
    );

    // The filters of the findings list, each alone.
    let count =
        |keep: &dyn Fn(&Finding) -> bool| report.findings.iter().filter(|f| keep(f)).count();
    let last_table = report
        .findings
        .iter()
        .map(|f| f.table.clone())
        .filter(|t| !t.is_empty())
        .fold(Vec::new(), |mut v, t| {
            if !v.contains(&t) {
                v.push(t);
            }
            v
        });
    let last_table = last_table.last().expect("a table").clone();
    assert_eq!(
        filters,
        vec![
            (
                "severity=warning".to_string(),
                count(&|f| f.severity == Severity::Warning)
            ),
            (
                "code=label-mismatch".to_string(),
                count(&|f| f.code.as_str() == "label-mismatch")
            ),
            (
                format!("table={last_table}"),
                count(&|f| f.table == last_table)
            ),
        ]
    );
    assert_eq!(filters[0].1, 13);

    // Printed to PDF (A4): every table is there.
    let pdf = dir.join("page.pdf");
    chromium(
        &dir.join("profile-3"),
        &[
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
        ],
        &url,
    );
    let text = Command::new("pdftotext")
        .args(["-layout".as_ref(), pdf.as_os_str(), "-".as_ref()])
        .output()
        .expect("pdftotext runs (apt-get install poppler-utils)");
    assert!(text.status.success());
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let text = squeeze(&String::from_utf8_lossy(&text.stdout));
    for t in &report.tables {
        assert!(
            text.contains(&squeeze(&t.name)),
            "the printed page lacks {}",
            t.name
        );
    }
    // The findings are listed in print, the popup is not printed.
    assert!(
        text.contains(&squeeze("34. ✖ Kesalahan efficiency-mismatch")),
        "findings list printed"
    );

    // A hostile workbook in the browser: its text stays text.
    let rules = Rules::built_in().expect("rules");
    let hostile: DrawnReport =
        selaras::check_workbook_drawn(&crate::common::book(vec![hostile_sheet()]), &rules).into();
    let url = write_page(&dir, "hostile.html", &page(&hostile, Lang::indonesian()));
    let o = chromium(
        &dir.join("profile-4"),
        &["--dump-dom", "--virtual-time-budget=5000"],
        &format!("{url}#selftest"),
    );
    let dom = String::from_utf8_lossy(&o.stdout);
    assert!(
        !dom.contains("<img"),
        "an image element was made from a cell"
    );
    assert_eq!(dom.matches("<script").count(), 1);
    assert!(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(dom.contains("\"&gt;&lt;img src=x onerror=alert(1)&gt;"));
    let _ = std::fs::remove_dir_all(&dir);
}
