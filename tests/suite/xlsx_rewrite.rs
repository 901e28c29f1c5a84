//! The writer for inputs that cannot be patched (`selaras::xlsx_rewrite`): a
//! workbook read from .xls, .xlsb or .ods is written as a new .xlsx with every
//! sheet, value, number format and merged range the model holds, the
//! corrections applied, highlighted and annotated, and the findings sheet that
//! `xlsx_patch` adds; `check --fix` does it for .ods and .xls and says the layout
//! was only partly kept. The LibreOffice tests make real .ods and .xls files.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;

use calamine::{
    open_workbook, CellErrorType, Data, Dimensions, ExcelDateTime, ExcelDateTimeType, FillPattern,
    Reader, SheetVisible, Xlsx,
};
use rust_decimal::Decimal;
use selaras::repair::{self, write_new, CellEdit, FindingRow, Mark, NewValue, Options};
use selaras::{Raw, Rules, Sheet, Workbook};
use zip::ZipArchive;

// ---------------------------------------------------------------------------
// Helpers

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).expect("a decimal")
}

/// A path in the temp dir for this test run (left-overs of an earlier run removed).
fn tmp(name: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!(
        "selaras-xlsx-rewrite-{}-{name}",
        std::process::id()
    ));
    let _ = fs::remove_file(&p);
    let _ = fs::remove_dir_all(&p);
    p
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// "B12" to 0-based (row, col).
fn a1(cell: &str) -> (u32, u32) {
    let letters: String = cell
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let row: u32 = cell[letters.len()..].parse().expect("row");
    let col = letters
        .bytes()
        .fold(0u32, |n, b| n * 26 + u32::from(b - b'A') + 1);
    (row - 1, col - 1)
}

fn edit(sheet: &str, cell: &str, value: Option<NewValue>, mark: Mark, note: &str) -> CellEdit {
    let (row, col) = a1(cell);
    CellEdit {
        sheet: sheet.into(),
        row,
        col,
        value,
        mark,
        note: note.into(),
    }
}

fn finding(sheet: &str, cell: &str, corrected: bool, message: &str) -> FindingRow {
    FindingRow {
        code: "percent-mismatch".into(),
        severity: "error".into(),
        sheet: sheet.into(),
        cell: cell.into(),
        found: "81.71".into(),
        expected: "81.70".into(),
        corrected,
        message: message.into(),
    }
}

fn open(path: &Path) -> Xlsx<std::io::BufReader<fs::File>> {
    open_workbook(path).unwrap_or_else(|e| panic!("calamine opens {}: {e}", path.display()))
}

/// The non-empty cells of a sheet, by absolute 0-based position.
fn cells(book: &mut Xlsx<std::io::BufReader<fs::File>>, sheet: &str) -> BTreeMap<(u32, u32), Data> {
    let range = book.worksheet_range(sheet).expect("sheet range");
    let (r0, c0) = range.start().unwrap_or((0, 0));
    range
        .cells()
        .filter(|(_, _, d)| !matches!(d, Data::Empty))
        .map(|(r, c, d)| ((r0 + r as u32, c0 + c as u32), d.clone()))
        .collect()
}

/// The formulas of a sheet, by absolute 0-based position.
fn formulas(
    book: &mut Xlsx<std::io::BufReader<fs::File>>,
    sheet: &str,
) -> BTreeMap<(u32, u32), String> {
    let range = book.worksheet_formula(sheet).expect("formula range");
    let (r0, c0) = range.start().unwrap_or((0, 0));
    range
        .cells()
        .filter(|(_, _, f)| !f.is_empty())
        .map(|(r, c, f)| ((r0 + r as u32, c0 + c as u32), f.clone()))
        .collect()
}

/// One part of the written package, as text.
fn part(path: &Path, name: &str) -> String {
    let mut zip = ZipArchive::new(fs::File::open(path).expect("open zip")).expect("a zip");
    let mut f = zip
        .by_name(name)
        .unwrap_or_else(|e| panic!("{} has no part {name}: {e}", path.display()));
    let mut s = String::new();
    f.read_to_string(&mut s).expect("utf-8 part");
    s
}

fn merges(
    book: &mut Xlsx<std::io::BufReader<fs::File>>,
    sheet: &str,
) -> BTreeSet<((u32, u32), (u32, u32))> {
    book.merge_cells_by_sheet_name(sheet)
        .expect("merged cells")
        .iter()
        .map(|d| (d.start, d.end))
        .collect()
}

fn number_format(style: &calamine::StyleRange, cell: &str) -> Option<String> {
    style
        .get(a1(cell))
        .and_then(|s| s.number_format.as_ref())
        .map(|f| f.format_code.clone())
}

fn fill(style: &calamine::StyleRange, cell: &str) -> Option<calamine::Color> {
    style
        .get(a1(cell))
        .and_then(|s| s.fill.as_ref())
        .filter(|f| f.pattern == FillPattern::Solid)
        .and_then(|f| f.get_color())
}

const GREEN: u32 = 0xFFC6EFCE;
const ORANGE: u32 = 0xFFFFEB9C;

// ---------------------------------------------------------------------------
// 1. A workbook built in memory, written and read back (no LibreOffice needed).

/// Two sheets as a reader would give them: figures with number formats, text,
/// a boolean, an error, dates, a merged header, a formula without a saved
/// value; the second sheet hidden.
fn memory_book() -> Workbook {
    let date = ExcelDateTime::new(45322.0, ExcelDateTimeType::DateTime, false);
    let cells = vec![
        (a1("A1"), Data::String("Tabel 3.7 Realisasi".into())),
        (a1("A2"), Data::String("Program".into())),
        (a1("B2"), Data::String("Anggaran (Rp)".into())),
        (a1("C2"), Data::String("Realisasi (Rp)".into())),
        (a1("D2"), Data::String("% Capaian".into())),
        (a1("A3"), Data::String("Program Penunjang".into())),
        (a1("B3"), Data::Float(38127840000.0)),
        (a1("C3"), Data::Float(31154000000.0)),
        (a1("D3"), Data::Float(0.8171)),
        (a1("A4"), Data::String("Program Kesehatan".into())),
        (a1("B4"), Data::Int(1500)),
        (a1("C4"), Data::Float(1200.5)),
        (a1("D4"), Data::String("106,35%".into())),
        (a1("E4"), Data::Float(12.99)),
        (a1("A6"), Data::Bool(true)),
        (a1("B6"), Data::Error(CellErrorType::Div0)),
        (a1("C6"), Data::DateTime(date)),
        (a1("D6"), Data::DateTimeIso("2024-01-31".into())),
        (a1("E6"), Data::String("   ".into())),
        (a1("A7"), Data::String("=SUM(B3:B4)".into())),
        (a1("B7"), Data::Float(-0.25)),
        // A formula cell with no saved value (an empty text with its formula).
        (a1("C7"), Data::String(String::new())),
    ];
    let mut data = Sheet::from_cells(
        "Tabel 3.7",
        cells,
        vec![Dimensions::new(a1("A1"), a1("D1"))],
    );
    data.set_format(2, 1, "#,##0");
    data.set_format(2, 2, "#,##0");
    data.set_format(2, 3, "0.00%");
    data.set_format(3, 2, "#,##0.00");
    data.set_format(3, 4, "0.00");
    data.set_uncalculated(6, 2, "B3/C3");
    // A second merge down two rows, and one overlapping it (a damaged file): the
    // first is kept, the second left out.
    data.merges.push(Dimensions::new(a1("F2"), a1("F3")));
    data.merges.push(Dimensions::new(a1("F3"), a1("G3")));
    // A "merge" of one cell: not a merge.
    data.merges.push(Dimensions::new(a1("H1"), a1("H1")));

    let mut hidden = Sheet::from_cells(
        "Bu'Ani",
        vec![(a1("A1"), Data::String("catatan".into()))],
        Vec::new(),
    );
    hidden.hidden = true;
    Workbook {
        path: "memori.ods".into(),
        sheets: vec![hidden, data],
    }
}

fn memory_edits() -> Vec<CellEdit> {
    vec![
        // A number in a percent cell: the format stays, the fill is green.
        edit(
            "Tabel 3.7",
            "D3",
            Some(NewValue::Number(dec("0.8170"))),
            Mark::Corrected,
            "selaras [percent-mismatch]: was 81,71, now 81,70",
        ),
        // Text typed like the user's.
        edit(
            "Tabel 3.7",
            "D4",
            Some(NewValue::Text("80,03%".into())),
            Mark::Corrected,
            "was 106,35%",
        ),
        // A formula with its cached result.
        edit(
            "Tabel 3.7",
            "E4",
            Some(NewValue::Formula {
                formula: "C4/B4*100".into(),
                cached: dec("80.0333"),
            }),
            Mark::Corrected,
            "the formula is now =C4/B4*100",
        ),
        // Flagged: value kept, orange, noted; two findings on one cell.
        edit("Tabel 3.7", "B3", None, Mark::Flagged, "first finding"),
        edit("Tabel 3.7", "B3", None, Mark::Flagged, "second finding"),
        // A cell the sheet does not hold.
        edit(
            "Tabel 3.7",
            "J20",
            Some(NewValue::Number(dec("7"))),
            Mark::Corrected,
            "new cell",
        ),
        edit("Tabel 3.7", "K21", None, Mark::Flagged, "empty, flagged"),
        // On the hidden sheet, a text that looks like a formula.
        edit(
            "Bu'Ani",
            "B1",
            Some(NewValue::Text("=1+1".into())),
            Mark::Corrected,
            "",
        ),
    ]
}

fn memory_findings() -> Vec<FindingRow> {
    vec![
        finding(
            "Tabel 3.7",
            "D3",
            true,
            "% Capaian is 81,71, but recomputed it is 81,70",
        ),
        finding(
            "Bu'Ani",
            "c7",
            false,
            "=HYPERLINK(\"http://x\") is not a formula here",
        ),
        finding("Tabel 3.7", "-", false, "+no cell"),
    ]
}

#[test]
fn a_workbook_read_in_memory_is_written_whole_with_its_corrections() {
    let book = memory_book();
    let out = tmp("memory.xlsx");
    write_new(&book, &out, &memory_edits(), &memory_findings(), "Temuan")
        .unwrap_or_else(|e| panic!("{e}"));

    let mut x = open(&out);
    // Every sheet in order, the same names and hidden state, the findings last.
    let metas: Vec<(String, SheetVisible)> = x
        .sheets_metadata()
        .iter()
        .map(|m| (m.name.clone(), m.visible))
        .collect();
    assert_eq!(
        metas,
        vec![
            ("Bu'Ani".to_string(), SheetVisible::Hidden),
            ("Tabel 3.7".to_string(), SheetVisible::Visible),
            ("Temuan".to_string(), SheetVisible::Visible),
        ]
    );
    // The hidden first sheet stays hidden: the visible one opens.
    let wbxml = part(&out, "xl/workbook.xml");
    assert!(wbxml.contains(r#"activeTab="1""#), "{wbxml}");

    // Values.
    let got = cells(&mut x, "Tabel 3.7");
    let want: Vec<(&str, Data)> = vec![
        ("A1", Data::String("Tabel 3.7 Realisasi".into())),
        ("B2", Data::String("Anggaran (Rp)".into())),
        ("B3", Data::Float(38127840000.0)),
        ("C3", Data::Float(31154000000.0)),
        ("D3", Data::Float(0.817)),
        ("B4", Data::Float(1500.0)),
        ("C4", Data::Float(1200.5)),
        ("D4", Data::String("80,03%".into())),
        ("E4", Data::Float(80.0333)),
        ("A6", Data::Bool(true)),
        ("B6", Data::String("#DIV/0!".into())),
        ("D6", Data::String("2024-01-31".into())),
        ("E6", Data::String("   ".into())),
        ("A7", Data::String("=SUM(B3:B4)".into())),
        ("B7", Data::Float(-0.25)),
        ("J20", Data::Float(7.0)),
    ];
    for (cell, w) in &want {
        assert_eq!(got.get(&a1(cell)), Some(w), "{cell}");
    }
    // The date is a date again (its serial, with a date format).
    match got.get(&a1("C6")) {
        Some(Data::DateTime(d)) => assert_eq!(d.as_f64(), 45322.0),
        other => panic!("C6: {other:?}"),
    }
    // Formulas: the corrected one and the one that had no saved value; the
    // texts that start with "=" are not formulas.
    let f = formulas(&mut x, "Tabel 3.7");
    assert_eq!(f.get(&a1("E4")).map(String::as_str), Some("C4/B4*100"));
    assert_eq!(f.get(&a1("C7")).map(String::as_str), Some("B3/C3"));
    assert_eq!(f.len(), 2, "{f:?}");
    let sheet_xml = part(&out, "xl/worksheets/sheet2.xml");
    assert!(sheet_xml.contains("<v>80.0333</v>"), "the cached result");

    // Number formats, with the highlight on top; the rest unfilled.
    let style = x.worksheet_style("Tabel 3.7").expect("styles");
    assert_eq!(number_format(&style, "B3").as_deref(), Some("#,##0"));
    assert_eq!(number_format(&style, "C3").as_deref(), Some("#,##0"));
    assert_eq!(number_format(&style, "D3").as_deref(), Some("0.00%"));
    assert_eq!(number_format(&style, "C4").as_deref(), Some("#,##0.00"));
    assert_eq!(number_format(&style, "E4").as_deref(), Some("0.00"));
    assert_eq!(number_format(&style, "C6").as_deref(), Some("yyyy-mm-dd"));
    let green = Some(calamine::Color::from_argb(GREEN));
    let orange = Some(calamine::Color::from_argb(ORANGE));
    for cell in ["D3", "D4", "E4", "J20"] {
        assert_eq!(fill(&style, cell), green, "{cell}");
    }
    for cell in ["B3", "K21"] {
        assert_eq!(fill(&style, cell), orange, "{cell}");
    }
    for cell in ["C3", "B4", "A1", "C4"] {
        assert_eq!(fill(&style, cell), None, "{cell}");
    }

    // Merged ranges: the two that Excel allows.
    assert_eq!(
        merges(&mut x, "Tabel 3.7"),
        BTreeSet::from([(a1("A1"), a1("D1")), (a1("F2"), a1("F3"))])
    );

    // The hidden sheet: its cell, and the edit's text as text.
    let hidden = cells(&mut x, "Bu'Ani");
    assert_eq!(hidden.get(&a1("B1")), Some(&Data::String("=1+1".into())));
    assert!(formulas(&mut x, "Bu'Ani").is_empty());

    // Notes by selaras on every edited cell with a note; two findings on one cell, one note.
    let comments = part(&out, "xl/comments1.xml");
    assert!(comments.contains("<author>selaras</author>"), "{comments}");
    for text in [
        "selaras [percent-mismatch]: was 81,71, now 81,70",
        "was 106,35%",
        "the formula is now =C4/B4*100",
        "first finding\nsecond finding",
        "new cell",
        "empty, flagged",
    ] {
        assert!(comments.contains(text), "no note {text:?} in {comments}");
    }
    assert_eq!(comments.matches("<comment ").count(), 6);

    // The findings sheet, like xlsx_patch's.
    let t = cells(&mut x, "Temuan");
    let header = [
        "Kode",
        "Jenis temuan",
        "Lembar",
        "Sel",
        "Ditemukan",
        "Seharusnya",
        "Diperbaiki",
        "Keterangan",
    ];
    for (c, h) in header.iter().enumerate() {
        assert_eq!(t.get(&(0, c as u32)), Some(&Data::String(h.to_string())));
    }
    for (i, f) in memory_findings().iter().enumerate() {
        let r = i as u32 + 1;
        let cell = if f.cell == "c7" {
            "C7"
        } else {
            f.cell.as_str()
        };
        let want = [
            f.code.as_str(),
            f.severity.as_str(),
            f.sheet.as_str(),
            cell,
            f.found.as_str(),
            f.expected.as_str(),
            if f.corrected { "ya" } else { "tidak" },
            f.message.as_str(),
        ];
        for (c, w) in want.iter().enumerate() {
            assert_eq!(
                t.get(&(r, c as u32)),
                Some(&Data::String(w.to_string())),
                "findings row {r} col {c}"
            );
        }
    }
    assert!(
        formulas(&mut x, "Temuan").is_empty(),
        "a text on the findings sheet became a formula"
    );
    let tstyle = x.worksheet_style("Temuan").expect("styles");
    assert!(tstyle
        .get((0, 0))
        .and_then(|s| s.font.as_ref())
        .is_some_and(|f| f.is_bold()));
    let txml = part(&out, "xl/worksheets/sheet3.xml");
    assert!(txml.contains(r#"<autoFilter ref="A1:H4"/>"#), "{txml}");
    assert!(txml.contains(r#"state="frozen""#) && txml.contains(r#"ySplit="1""#));
    assert!(
        txml.contains(r#"ref="D2" location="'Tabel 3.7'!D3""#),
        "{txml}"
    );
    assert!(
        txml.contains(r#"ref="D3" location="'Bu''Ani'!C7""#),
        "{txml}"
    );
    assert!(
        !txml.contains(r#"ref="D4""#),
        "a cell that is not A1 gets no link"
    );
    assert!(!txml.contains("<f>"));
}

#[test]
fn selaras_reads_back_what_it_read() {
    // Every cell the model holds reads back the same through selaras's own
    // reader, except the edited ones, which read as their new value.
    let book = memory_book();
    let out = tmp("reread.xlsx");
    let edits = memory_edits();
    write_new(&book, &out, &edits, &memory_findings(), "Temuan").unwrap_or_else(|e| panic!("{e}"));
    let again = Workbook::open_with(&out, true).expect("reads");
    assert_same_cells(&book, &again, &edits);
}

/// Each sheet of `before` reads the same in `after`, cell for cell and format
/// for format, apart from the edited cells, which hold their new value.
fn assert_same_cells(before: &Workbook, after: &Workbook, edits: &[CellEdit]) {
    let edited: BTreeSet<(String, u32, u32)> = edits
        .iter()
        .filter(|e| e.value.is_some())
        .map(|e| (e.sheet.clone(), e.row, e.col))
        .collect();
    let mut compared = 0;
    for (i, s) in before.sheets.iter().enumerate() {
        let t = &after.sheets[i];
        assert_eq!(t.name, s.name);
        assert_eq!(t.hidden, s.hidden, "{}", s.name);
        for (r, c, raw) in s.cells() {
            if edited.contains(&(s.name.clone(), r, c)) {
                continue;
            }
            let got = t.raw(r, c);
            match (&raw, &got) {
                // A date read as a serial is a date again; an ISO date its text.
                (Raw::Date(_), Raw::Date(_)) => {}
                (Raw::Date(d), Raw::Text(t)) => assert_eq!(d, t),
                // An error value is written as its text.
                (Raw::Error(e), Raw::Text(x)) => assert_eq!(e, x),
                // Spaces only: written, and still empty to the reader.
                (Raw::Empty, Raw::Empty) => {}
                _ => assert_eq!(got, raw, "'{}'!{r},{c}", s.name),
            }
            compared += 1;
        }
    }
    assert!(compared > 10, "only {compared} cells compared");
    for e in edits {
        let sheet = after.sheet(&e.sheet).expect("sheet");
        match &e.value {
            Some(NewValue::Number(v)) | Some(NewValue::Formula { cached: v, .. }) => {
                match sheet.raw(e.row, e.col) {
                    Raw::Number { value, .. } => assert_eq!(value, v.normalize()),
                    other => panic!("{}!{},{}: {other:?}", e.sheet, e.row, e.col),
                }
            }
            Some(NewValue::Text(t)) => assert_eq!(sheet.raw(e.row, e.col), Raw::Text(t)),
            None => {}
        }
    }
}

#[test]
fn what_cannot_be_written_is_refused_and_leaves_nothing() {
    let book = memory_book();
    // An edit on a sheet the workbook lacks.
    let out = tmp("refused.xlsx");
    let bad = vec![edit("Tidak Ada", "A1", None, Mark::Flagged, "x")];
    let err = write_new(&book, &out, &bad, &[], "Temuan").expect_err("refused");
    assert!(err.contains("Tidak Ada"), "{err}");
    assert!(!out.exists());
    // A findings sheet name Excel does not allow.
    let err = write_new(&book, &out, &[], &[], "a/b").expect_err("refused");
    assert!(err.contains("findings sheet"), "{err}");
    assert!(!out.exists());
    // A sheet name an .xlsx cannot hold (an .ods allows longer names).
    let long = Workbook {
        path: "panjang.ods".into(),
        sheets: vec![Sheet::from_cells(&"x".repeat(40), Vec::new(), Vec::new())],
    };
    assert!(write_new(&long, &out, &[], &[], "Temuan").is_err());
    assert!(!out.exists());
    // An existing output is never replaced.
    fs::write(&out, b"keep").expect("write");
    assert!(write_new(&book, &out, &[], &[], "Temuan").is_err());
    assert_eq!(fs::read(&out).expect("read"), b"keep");
    // A findings sheet name taken by the workbook gets " (2)".
    let out2 = tmp("taken.xlsx");
    write_new(&book, &out2, &[], &[], "tabel 3.7").unwrap_or_else(|e| panic!("{e}"));
    let names = open(&out2).sheet_names();
    assert_eq!(names.last().map(String::as_str), Some("tabel 3.7 (2)"));
}

// ---------------------------------------------------------------------------
// 2. Through the binary, no LibreOffice: an .xlsx is patched, not rewritten.

fn selaras(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_selaras"))
        // English whatever the machine's locale: the tests read the English words.
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .args(args)
        .output()
        .expect("run selaras")
}

fn json_of(out: &std::process::Output) -> serde_json::Value {
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "selaras failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON document")
}

#[test]
fn an_xlsx_fix_keeps_its_layout() {
    let dir = tmp("xlsx-fix");
    fs::create_dir_all(&dir).expect("dir");
    let input = dir.join("dinkes.xlsx");
    fs::copy(fixture("dinkes-contoh-2024.xlsx"), &input).expect("copy");
    let doc = json_of(&selaras(&[
        "check",
        "--fix",
        "--format",
        "json",
        input.to_str().expect("utf-8 path"),
    ]));
    assert_eq!(doc["files"][0]["fixed"]["partial_layout"], false);
}

// ---------------------------------------------------------------------------
// 3. Real .ods and .xls, made by LibreOffice from the fixture.

/// soffice: the program SELARAS_LIBREOFFICE names (when it is a path), else
/// `soffice` or `libreoffice` on PATH.
fn soffice() -> Option<PathBuf> {
    if let Ok(v) = std::env::var("SELARAS_LIBREOFFICE") {
        let p = PathBuf::from(&v);
        if v != "1" && p.is_file() {
            return Some(p);
        }
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["soffice", "libreoffice"] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// soffice, or a loud failure: a test that needs LibreOffice never passes without it.
fn soffice_or_fail() -> PathBuf {
    match soffice() {
        Some(lo) => lo,
        None => {
            eprintln!();
            eprintln!("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
            eprintln!("!! LibreOffice is NOT installed: the .ods/.xls checks did NOT run.    !!");
            eprintln!("!! Install libreoffice-calc (soffice on PATH) or set                  !!");
            eprintln!("!! SELARAS_LIBREOFFICE to the soffice program.                        !!");
            eprintln!("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
            panic!("LibreOffice is not installed, so this check cannot pass");
        }
    }
}

/// The fixture converted by LibreOffice to `ext` (ods, xls) in `dir`.
fn convert(lo: &Path, ext: &str, dir: &Path, tag: &str) -> PathBuf {
    fs::create_dir_all(dir).expect("dir");
    let profile = tmp(&format!("lo-profile-{tag}"));
    let input = fixture("dinkes-contoh-2024.xlsx");
    let out = Command::new(lo)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .arg("--headless")
        .args(["--convert-to", ext, "--outdir"])
        .arg(dir)
        .arg(&input)
        .output()
        .expect("run soffice");
    assert!(
        out.status.success(),
        "soffice failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let file = dir.join(format!("dinkes-contoh-2024.{ext}"));
    assert!(file.is_file(), "LibreOffice wrote no {}", file.display());
    file
}

#[test]
#[ignore = "needs LibreOffice: SELARAS_LIBREOFFICE=1 cargo test --test suite -- --ignored xlsx_rewrite::"]
fn ods_and_xls_made_by_libreoffice_are_rewritten_whole() {
    let lo = soffice_or_fail();
    let rules = Rules::built_in().expect("rules");
    let mut original = open(&fixture("dinkes-contoh-2024.xlsx"));
    for ext in ["ods", "xls"] {
        let dir = tmp(&format!("convert-{ext}"));
        let input = convert(&lo, ext, &dir, ext);
        let mut book = Workbook::open_with(&input, true).expect("reads");
        let pristine = Workbook::open(&input).expect("reads");
        let plan = repair::plan(&mut book, &rules, Options::default());
        let edits = plan.edits();
        let rows = plan.finding_rows();
        assert!(!edits.is_empty(), "{ext}: the fixture has mistakes to mark");
        let out = dir.join("hasil.xlsx");
        write_new(&book, &out, &edits, &rows, "Temuan").unwrap_or_else(|e| panic!("{ext}: {e}"));

        // Every cell as read, the edited ones as corrected.
        let again = Workbook::open_with(&out, true).expect("reads the copy");
        assert_same_cells(&pristine, &again, &edits);
        // The findings sheet at the end, a row per finding.
        let mut x = open(&out);
        let names = x.sheet_names();
        assert_eq!(names.last().map(String::as_str), Some("Temuan"), "{ext}");
        assert_eq!(names.len(), pristine.sheets.len() + 1, "{ext}");
        let t = cells(&mut x, "Temuan");
        let last_row = t.keys().map(|(r, _)| *r).max().unwrap_or(0);
        assert_eq!(last_row as usize, rows.len(), "{ext}");
        // Highlights where the edits are.
        for e in &edits {
            let style = x.worksheet_style(&e.sheet).expect("styles");
            let want = match e.mark {
                Mark::Corrected => GREEN,
                Mark::Flagged => ORANGE,
            };
            let got = style
                .get((e.row, e.col))
                .and_then(|s| s.fill.as_ref())
                .and_then(|f| f.get_color());
            assert_eq!(got, Some(calamine::Color::from_argb(want)), "{ext} {e:?}");
        }
        // Merged ranges: what was read, and for .xls the original's (calamine
        // reads no merged ranges from .ods, so there are none to copy).
        for s in &pristine.sheets {
            let read: BTreeSet<_> = s.merges.iter().map(|d| (d.start, d.end)).collect();
            let written = merges(&mut x, &s.name);
            assert_eq!(written, read, "{ext} '{}'", s.name);
            if ext == "xls" {
                assert_eq!(
                    written,
                    merges(&mut original, &s.name),
                    "{ext} '{}'",
                    s.name
                );
            }
        }
    }
}

#[test]
#[ignore = "needs LibreOffice: SELARAS_LIBREOFFICE=1 cargo test --test suite -- --ignored xlsx_rewrite::"]
fn check_fix_on_ods_and_xls_writes_a_new_xlsx_and_says_so() {
    let lo = soffice_or_fail();
    let rules = Rules::built_in().expect("rules");

    // .ods, JSON.
    let dir = tmp("binary-ods");
    let input = convert(&lo, "ods", &dir, "binary-ods");
    let before = fs::read(&input).expect("read");
    let doc = json_of(&selaras(&[
        "check",
        "--fix",
        "--format",
        "json",
        input.to_str().expect("utf-8 path"),
    ]));
    let fixed = &doc["files"][0]["fixed"];
    assert_eq!(fixed["partial_layout"], true, "{doc}");
    let output = dir.join("dinkes-contoh-2024.corrected.xlsx");
    assert_eq!(
        fixed["output"].as_str().map(PathBuf::from),
        Some(output.clone())
    );
    assert!(output.is_file());
    assert!(
        fixed["changes"].as_array().is_some_and(|c| !c.is_empty()),
        "{fixed}"
    );
    assert_eq!(fs::read(&input).expect("read"), before, "the .ods changed");
    // The copy checked again has nothing left to fix.
    let report = selaras::check_path(&output, &rules).expect("the copy reads");
    let left = repair::fixable(&report.findings, Options::default());
    assert!(left.is_empty(), "fixable findings left: {left:?}");
    // Leftover temporary files: none.
    let names: Vec<String> = fs::read_dir(&dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.ends_with(".tmp")),
        "a temporary file was left: {names:?}"
    );

    // .xls, the human report.
    let dir = tmp("binary-xls");
    let input = convert(&lo, "xls", &dir, "binary-xls");
    let before = fs::read(&input).expect("read");
    let out = selaras(&[
        "check",
        "--fix",
        "--color",
        "never",
        input.to_str().expect("utf-8 path"),
    ]);
    assert!(matches!(out.status.code(), Some(0 | 1)));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "the layout could only partly be kept: the input was .xls, written anew as .xlsx"
        ),
        "{text}"
    );
    let output = dir.join("dinkes-contoh-2024.corrected.xlsx");
    assert!(output.is_file());
    assert_eq!(fs::read(&input).expect("read"), before, "the .xls changed");
    let report = selaras::check_path(&output, &rules).expect("the copy reads");
    assert!(repair::fixable(&report.findings, Options::default()).is_empty());
    // Run again: the output exists, so it is kept and the run says so.
    let again = selaras(&["check", "--fix", input.to_str().expect("utf-8 path")]);
    assert_eq!(again.status.code(), Some(2));
}
