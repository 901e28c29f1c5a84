//! The corrected-copy writer (`selaras::xlsx_patch`): every part it does not
//! change is the user's, byte for byte; only the edited cells change, keep their
//! look and get a highlight and a note; a findings sheet is added at the end;
//! calcChain goes when formulas change; the real report patches cleanly; and
//! LibreOffice, a second reader, reads the same values.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;

use calamine::{open_workbook, Data, FillPattern, Reader, SheetVisible, Xlsx};
use quick_xml::events::Event;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Formula, Note, Table, Workbook};
use selaras::repair::{write_corrected, CellEdit, FindingRow, Mark, NewValue, PatchError};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

// ---------------------------------------------------------------------------
// Helpers

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).expect("a decimal")
}

/// A path in the temp dir for this test run (left-overs of an earlier run removed).
fn tmp(name: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("selaras-xlsx-patch-{}-{name}", std::process::id()));
    let _ = fs::remove_file(&p);
    let _ = fs::remove_dir_all(&p);
    p
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
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

/// "B12" to 0-based (row, col).
fn a1(cell: &str) -> (u32, u32) {
    let letters: String = cell
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let digits = &cell[letters.len()..];
    let col = letters.bytes().fold(0u32, |n, b| {
        n * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1
    }) - 1;
    (digits.parse::<u32>().expect("a row number") - 1, col)
}

fn num(s: &str) -> Option<NewValue> {
    Some(NewValue::Number(dec(s)))
}

fn text(s: &str) -> Option<NewValue> {
    Some(NewValue::Text(s.into()))
}

struct Entry {
    name: String,
    raw: Vec<u8>,
    crc: u32,
    method: CompressionMethod,
    data: Vec<u8>,
}

/// Every zip entry: its stored (compressed) bytes and its content.
fn entries(path: &Path) -> Vec<Entry> {
    let mut zip = ZipArchive::new(fs::File::open(path).expect("open zip")).expect("a zip");
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let (name, raw, crc, method) = {
            let mut f = zip.by_index_raw(i).expect("raw entry");
            let mut raw = Vec::new();
            f.read_to_end(&mut raw).expect("raw bytes");
            (
                f.name().expect("name").to_string(),
                raw,
                f.crc32(),
                f.compression(),
            )
        };
        let mut data = Vec::new();
        zip.by_index(i)
            .expect("entry")
            .read_to_end(&mut data)
            .expect("content");
        out.push(Entry {
            name,
            raw,
            crc,
            method,
            data,
        });
    }
    out
}

fn part(path: &Path, name: &str) -> Option<String> {
    entries(path)
        .into_iter()
        .find(|e| e.name == name)
        .map(|e| String::from_utf8(e.data).expect("utf-8 part"))
}

fn must_part(path: &Path, name: &str) -> String {
    part(path, name).unwrap_or_else(|| panic!("{} has no part {name}", path.display()))
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

fn formulas(
    book: &mut Xlsx<std::io::BufReader<fs::File>>,
    sheet: &str,
) -> BTreeMap<(u32, u32), String> {
    let range = book.worksheet_formula(sheet).expect("sheet formulas");
    let (r0, c0) = range.start().unwrap_or((0, 0));
    range
        .cells()
        .filter(|(_, _, f)| !f.is_empty())
        .map(|(r, c, f)| ((r0 + r as u32, c0 + c as u32), f.clone()))
        .collect()
}

fn open(path: &Path) -> Xlsx<std::io::BufReader<fs::File>> {
    open_workbook(path).unwrap_or_else(|e| panic!("calamine opens {}: {e}", path.display()))
}

/// The local names of the root element's children, in order.
fn root_children(xml: &str) -> Vec<String> {
    let mut r = quick_xml::Reader::from_str(xml);
    let mut depth = 0;
    let mut out = Vec::new();
    loop {
        match r.read_event().expect("well-formed xml") {
            Event::Start(e) => {
                if depth == 1 {
                    out.push(e.local_name().as_ref().to_string());
                }
                depth += 1;
            }
            Event::Empty(e) if depth == 1 => out.push(e.local_name().as_ref().to_string()),
            Event::End(_) => depth -= 1,
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// Relationships of a part: id -> (type, target part resolved).
fn rels(path: &Path, rels_part: &str, base_dir: &str) -> BTreeMap<String, (String, String)> {
    let Some(xml) = part(path, rels_part) else {
        return BTreeMap::new();
    };
    let mut r = quick_xml::Reader::from_str(&xml);
    let mut out = BTreeMap::new();
    loop {
        match r.read_event().expect("rels xml") {
            Event::Empty(e) | Event::Start(e) if e.local_name().as_ref() == "Relationship" => {
                let get = |k: &str| {
                    e.try_get_attribute(k)
                        .expect("attr")
                        .map(|a| a.value.into_owned())
                        .unwrap_or_default()
                };
                let target = get("Target");
                let mut parts: Vec<&str> = base_dir.split('/').filter(|s| !s.is_empty()).collect();
                for seg in target.split('/') {
                    match seg {
                        ".." => {
                            parts.pop();
                        }
                        "" | "." => {}
                        s => parts.push(s),
                    }
                }
                out.insert(get("Id"), (get("Type"), parts.join("/")));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The comments of a comments part: cell ref -> all its text.
fn comments(xml: &str) -> BTreeMap<String, String> {
    let mut r = quick_xml::Reader::from_str(xml);
    let mut out = BTreeMap::new();
    let mut current: Option<String> = None;
    let mut in_t = false;
    loop {
        match r.read_event().expect("comments xml") {
            Event::Start(e) if e.local_name().as_ref() == "comment" => {
                let rf = e
                    .try_get_attribute("ref")
                    .expect("attr")
                    .map(|a| a.value.into_owned())
                    .unwrap_or_default();
                out.insert(rf.clone(), String::new());
                current = Some(rf);
            }
            Event::Start(e) if e.local_name().as_ref() == "t" => in_t = true,
            Event::End(e) if e.local_name().as_ref() == "t" => in_t = false,
            Event::End(e) if e.local_name().as_ref() == "comment" => current = None,
            Event::Text(t) if in_t => {
                if let Some(c) = &current {
                    out.get_mut(c)
                        .expect("comment")
                        .push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(g) if in_t => {
                if let Some(c) = &current {
                    let s = match &*g {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        _ => "?",
                    };
                    out.get_mut(c).expect("comment").push_str(s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

// ---------------------------------------------------------------------------
// The sample workbook: several sheets, shared strings, a percentage in bold
// with borders, formulas, a merged range, a hidden sheet, a defined name,
// column widths, an existing note, a table, page setup and a header.

fn build_sample(path: &Path) {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let pct = Format::new()
        .set_num_format("0.00%")
        .set_bold()
        .set_border(FormatBorder::Thin);
    let centre = Format::new()
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin);
    {
        let ws = wb.add_worksheet();
        ws.set_name("Data").expect("name");
        ws.write_string_with_format(0, 0, "Indikator", &bold)
            .expect("w");
        ws.write_string_with_format(0, 1, "Capaian", &bold)
            .expect("w");
        ws.write_string_with_format(0, 2, "Turunan", &bold)
            .expect("w");
        ws.write_string(1, 0, "Persentase ASN").expect("w");
        ws.write_number_with_format(1, 1, 0.1299, &pct).expect("w");
        ws.write_formula(1, 2, Formula::new("=B2*2").set_result("0.2598"))
            .expect("w");
        ws.write_string(2, 0, "Jumlah unit").expect("w");
        ws.write_number(2, 1, 2).expect("w");
        ws.write_formula(2, 2, Formula::new("=B3*3").set_result("6"))
            .expect("w");
        ws.write_string(3, 0, "Baris empat").expect("w");
        ws.write_number(3, 2, 9).expect("w");
        ws.merge_range(4, 0, 4, 2, "Catatan gabungan", &centre)
            .expect("merge");
        ws.write_string(7, 0, "teks lama").expect("w");
        ws.write_number(7, 1, 1.5).expect("w");
        ws.write_string(11, 0, "akhir").expect("w");
        ws.set_column_width(0, 30).expect("width");
        ws.set_column_width(1, 12).expect("width");
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("Rincian").expect("name");
        ws.write_string(0, 0, "Unit").expect("w");
        ws.write_string(0, 1, "Nilai").expect("w");
        ws.write_string(1, 0, "A").expect("w");
        ws.write_number(1, 1, 10).expect("w");
        ws.write_string(2, 0, "B").expect("w");
        ws.write_number(2, 1, 20).expect("w");
        ws.insert_note(1, 1, &Note::new("catatan asli").set_author("Penyusun"))
            .expect("note");
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("Tabel").expect("name");
        for r in 1..4u32 {
            ws.write_string(r, 0, format!("baris {r}")).expect("w");
            ws.write_number(r, 1, f64::from(r) * 10.0).expect("w");
        }
        ws.add_table(0, 0, 3, 1, &Table::new()).expect("table");
        ws.set_landscape();
        ws.set_header("&CLaporan Kinerja");
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("Tersembunyi").expect("name");
        ws.write_string(0, 0, "rahasia").expect("w");
        ws.set_hidden(true);
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("Temuan").expect("name");
        ws.write_string(0, 0, "sudah ada").expect("w");
    }
    wb.define_name("CapaianASN", "=Data!$B$2").expect("name");
    wb.save(path).expect("save sample");
}

fn sample_edits() -> Vec<CellEdit> {
    use Mark::{Corrected, Flagged};
    vec![
        edit(
            "Data",
            "B2",
            num("0.1029"),
            Corrected,
            "Capaian dihitung ulang: R/T = 10,29%\nbaris kedua & <tanda>",
        ),
        edit("Data", "A8", num("42"), Corrected, ""),
        edit(
            "Data",
            "A2",
            text("=bukan rumus"),
            Corrected,
            "teks diawali =",
        ),
        edit("Data", "C2", num("0.2058"), Corrected, ""),
        edit(
            "Data",
            "C3",
            Some(NewValue::Formula {
                formula: "B3*2".into(),
                cached: dec("4"),
            }),
            Corrected,
            "rumus ditulis ulang",
        ),
        edit(
            "Data",
            "D10",
            text("baru"),
            Corrected,
            "sel baru di baris baru",
        ),
        edit("Data", "B4", None, Flagged, "periksa: sel kosong"),
        edit("Data", "F1", text("kolom baru"), Corrected, ""),
        edit("Rincian", "B2", None, Flagged, "tambahan selaras"),
        edit("Rincian", "B3", num("25"), Corrected, "dikoreksi"),
        edit("Tabel", "B2", None, Flagged, "catatan di tabel"),
    ]
}

fn sample_findings() -> Vec<FindingRow> {
    vec![
        FindingRow {
            code: "efficiency-mismatch".into(),
            severity: "error".into(),
            sheet: "Data".into(),
            cell: "B2".into(),
            found: "12,99%".into(),
            expected: "10,29%".into(),
            corrected: true,
            message: "Tingkat Efisiensi dihitung ulang".into(),
        },
        FindingRow {
            code: "text-number".into(),
            severity: "warning".into(),
            sheet: "Bu'Ani".into(),
            cell: "c7".into(),
            found: "=SUM(A1)".into(),
            expected: "".into(),
            corrected: false,
            message: "=SUM(A1) bukan rumus\nbaris kedua".into(),
        },
        FindingRow {
            code: "no-table".into(),
            severity: "info".into(),
            sheet: "Data".into(),
            cell: "bukan sel".into(),
            found: "".into(),
            expected: "".into(),
            corrected: false,
            message: "+62 tetap teks".into(),
        },
    ]
}

/// Builds the sample, patches it, and checks the input was not touched.
fn patch_sample(name: &str) -> (PathBuf, PathBuf) {
    let input = tmp(&format!("{name}-in.xlsx"));
    let output = tmp(&format!("{name}-out.xlsx"));
    build_sample(&input);
    let before = fs::read(&input).expect("read input");
    write_corrected(
        &input,
        &output,
        &sample_edits(),
        &sample_findings(),
        "Temuan",
    )
    .unwrap_or_else(|e| panic!("patch: {e}"));
    assert_eq!(
        fs::read(&input).expect("read input"),
        before,
        "the input changed"
    );
    (input, output)
}

// ---------------------------------------------------------------------------
// 1. Unchanged parts are the user's bytes, in the user's order.

#[test]
fn unchanged_parts_are_copied_byte_for_byte_in_order() {
    let (input, output) = patch_sample("bytes");
    let ins = entries(&input);
    let outs = entries(&output);
    // The parts the edits above have to change (rust_xlsxwriter's names).
    let changed: BTreeSet<&str> = [
        "[Content_Types].xml",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/styles.xml",
        "xl/worksheets/sheet1.xml",
        "xl/worksheets/sheet2.xml",
        "xl/worksheets/sheet3.xml",
        "xl/worksheets/_rels/sheet3.xml.rels",
        "xl/comments1.xml",
        "xl/drawings/vmlDrawing1.vml",
    ]
    .into_iter()
    .collect();
    let by_name: HashMap<&str, &Entry> = outs.iter().map(|e| (e.name.as_str(), e)).collect();
    let mut untouched = 0;
    for e in &ins {
        let o = by_name
            .get(e.name.as_str())
            .unwrap_or_else(|| panic!("{} is missing from the output", e.name));
        if changed.contains(e.name.as_str()) {
            assert_ne!(o.data, e.data, "{} was expected to change", e.name);
            assert_eq!(o.method, CompressionMethod::Deflated, "{}", e.name);
            continue;
        }
        assert_eq!(o.raw, e.raw, "{}: stored bytes differ", e.name);
        assert_eq!(o.crc, e.crc, "{}: crc differs", e.name);
        assert_eq!(o.method, e.method, "{}: compression differs", e.name);
        untouched += 1;
    }
    assert!(untouched >= 8, "only {untouched} parts were left untouched");
    assert!(ins.iter().any(|e| e.name == "xl/sharedStrings.xml"));
    // Original entries first, in their order; the new parts after them.
    let out_names: Vec<&str> = outs.iter().map(|e| e.name.as_str()).collect();
    let in_names: Vec<&str> = ins.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(&out_names[..in_names.len()], &in_names[..]);
    let added: Vec<&str> = out_names[in_names.len()..].to_vec();
    for new in [
        "xl/worksheets/sheet6.xml",
        "xl/worksheets/_rels/sheet1.xml.rels",
        "xl/comments2.xml",
        "xl/comments3.xml",
        "xl/drawings/vmlDrawing2.vml",
        "xl/drawings/vmlDrawing3.vml",
    ] {
        assert!(added.contains(&new), "{new} not added: {added:?}");
    }
}

// ---------------------------------------------------------------------------
// 2. Only the edited cells change, to the value and type asked for.

#[test]
fn only_the_edited_cells_change() {
    let (input, output) = patch_sample("cells");
    let mut a = open(&input);
    let mut b = open(&output);
    let edits = sample_edits();
    let names = a.sheet_names();
    assert_eq!(&b.sheet_names()[..names.len()], &names[..]);
    for name in &names {
        let (ca, cb) = (cells(&mut a, name), cells(&mut b, name));
        let (fa, fb) = (formulas(&mut a, name), formulas(&mut b, name));
        let valued: HashMap<(u32, u32), &NewValue> = edits
            .iter()
            .filter(|e| &e.sheet == name)
            .filter_map(|e| e.value.as_ref().map(|v| ((e.row, e.col), v)))
            .collect();
        let keys: BTreeSet<(u32, u32)> = ca.keys().chain(cb.keys()).copied().collect();
        for pos in keys {
            match valued.get(&pos) {
                None => {
                    assert_eq!(ca.get(&pos), cb.get(&pos), "{name} {pos:?} changed");
                    assert_eq!(fa.get(&pos), fb.get(&pos), "{name} {pos:?} formula changed");
                }
                Some(NewValue::Number(d)) => {
                    let want: f64 = d.to_string().parse().expect("f64");
                    assert_eq!(cb.get(&pos), Some(&Data::Float(want)), "{name} {pos:?}");
                    assert_eq!(fb.get(&pos), None, "{name} {pos:?} kept a formula");
                }
                Some(NewValue::Text(t)) => {
                    assert_eq!(
                        cb.get(&pos),
                        Some(&Data::String(t.clone())),
                        "{name} {pos:?}"
                    );
                    assert_eq!(fb.get(&pos), None, "{name} {pos:?} became a formula");
                }
                Some(NewValue::Formula { formula, cached }) => {
                    let want: f64 = cached.to_string().parse().expect("f64");
                    assert_eq!(cb.get(&pos), Some(&Data::Float(want)), "{name} {pos:?}");
                    assert_eq!(fb.get(&pos), Some(formula), "{name} {pos:?}");
                }
            }
        }
        for pos in valued.keys() {
            assert!(cb.contains_key(pos), "{name} {pos:?} has no value");
        }
        assert_eq!(
            a.merge_cells_by_sheet_name(name).expect("merges"),
            b.merge_cells_by_sheet_name(name).expect("merges"),
            "{name} merges"
        );
    }
    // The workbook around the cells: hidden sheet, defined name, column widths.
    let hidden = |x: &Xlsx<_>| {
        x.sheets_metadata()
            .iter()
            .find(|s| s.name == "Tersembunyi")
            .map(|s| s.visible)
    };
    assert_eq!(hidden(&b), Some(SheetVisible::Hidden));
    assert_eq!(hidden(&a), hidden(&b));
    let name_of = |x: &Xlsx<_>| {
        x.defined_names()
            .iter()
            .find(|(n, _)| n == "CapaianASN")
            .cloned()
    };
    assert!(name_of(&a).is_some());
    assert_eq!(name_of(&a), name_of(&b));
    let cols = |xml: &str| {
        let from = xml.find("<cols>").expect("cols");
        let to = xml.find("</cols>").expect("cols end");
        xml[from..to].to_string()
    };
    assert_eq!(
        cols(&must_part(&input, "xl/worksheets/sheet1.xml")),
        cols(&must_part(&output, "xl/worksheets/sheet1.xml"))
    );
    // Text is inline, never a formula, and the shared strings were not touched.
    let sheet = must_part(&output, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"<c r="A2" s="#));
    assert!(
        sheet.contains(r#" t="inlineStr"><is><t xml:space="preserve">=bukan rumus</t></is></c>"#)
    );
    assert!(!sheet.contains("<f>bukan"));
    assert_eq!(
        must_part(&input, "xl/sharedStrings.xml"),
        must_part(&output, "xl/sharedStrings.xml")
    );
}

// ---------------------------------------------------------------------------
// 3. The highlight changes the fill only.

#[test]
fn highlight_keeps_number_format_font_and_borders() {
    let (input, output) = patch_sample("style");
    let mut a = open(&input);
    let mut b = open(&output);
    let green = calamine::Color::from_argb(0xFFC6EFCE);
    let orange = calamine::Color::from_argb(0xFFFFEB9C);
    let sa = a.worksheet_style("Data").expect("styles");
    let sb = b.worksheet_style("Data").expect("styles");

    // B2: 0.00%, bold, thin borders; corrected.
    let before = sa.get(a1("B2")).expect("B2 style").clone();
    let after = sb.get(a1("B2")).expect("B2 style").clone();
    assert_eq!(
        after.number_format.as_ref().map(|f| f.format_code.as_str()),
        Some("0.00%")
    );
    assert_eq!(after.number_format, before.number_format);
    assert!(after.font.as_ref().is_some_and(|f| f.is_bold()));
    assert_eq!(after.font, before.font);
    assert!(after
        .borders
        .as_ref()
        .is_some_and(|b| b.has_visible_borders()));
    assert_eq!(after.borders, before.borders);
    assert_eq!(after.alignment, before.alignment);
    let fill = after.fill.expect("a fill");
    assert_eq!(fill.pattern, FillPattern::Solid);
    assert_eq!(fill.get_color(), Some(green));

    // B4 did not exist: created with the highlight, flagged.
    let b4 = sb.get(a1("B4")).expect("B4 style");
    assert_eq!(b4.fill.as_ref().and_then(|f| f.get_color()), Some(orange));
    // D10 in a row that did not exist: corrected.
    let d10 = sb.get(a1("D10")).expect("D10 style");
    assert_eq!(d10.fill.as_ref().and_then(|f| f.get_color()), Some(green));
    // A cell not edited keeps its style.
    assert_eq!(sa.get(a1("A1")), sb.get(a1("A1")));
    assert_eq!(sa.get(a1("A5")), sb.get(a1("A5")));

    // Flagged on another sheet: value unchanged, orange.
    let rb = b.worksheet_style("Rincian").expect("styles");
    let b2 = rb.get(a1("B2")).expect("B2 style");
    assert_eq!(b2.fill.as_ref().and_then(|f| f.get_color()), Some(orange));

    // Counts agree with the elements.
    let styles = must_part(&output, "xl/styles.xml");
    for list in ["fonts", "fills", "cellXfs"] {
        let start = styles.find(&format!("<{list} count=\"")).expect("list");
        let rest = &styles[start + list.len() + 9..];
        let count: usize = rest[..rest.find('"').expect("quote")]
            .parse()
            .expect("count");
        let end = styles.find(&format!("</{list}>")).expect("end");
        let body = &styles[start..end];
        let child = match list {
            "fonts" => "<font>",
            "fills" => "<fill>",
            _ => "<xf ",
        };
        assert_eq!(body.matches(child).count(), count, "{list} count");
    }
}

// ---------------------------------------------------------------------------
// 4. Notes: legacy comments with VML shapes, merged into existing comments.

/// ECMA-376 CT_Worksheet child order.
const WORKSHEET_ORDER: &[&str] = &[
    "sheetPr",
    "dimension",
    "sheetViews",
    "sheetFormatPr",
    "cols",
    "sheetData",
    "sheetCalcPr",
    "sheetProtection",
    "protectedRanges",
    "scenarios",
    "autoFilter",
    "sortState",
    "dataConsolidate",
    "customSheetViews",
    "mergeCells",
    "phoneticPr",
    "conditionalFormatting",
    "dataValidations",
    "hyperlinks",
    "printOptions",
    "pageMargins",
    "pageSetup",
    "headerFooter",
    "rowBreaks",
    "colBreaks",
    "customProperties",
    "cellWatches",
    "ignoredErrors",
    "smartTags",
    "drawing",
    "legacyDrawing",
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
    "extLst",
];

fn assert_worksheet_order(xml: &str, what: &str) {
    let kids = root_children(xml);
    let idx: Vec<usize> = kids
        .iter()
        .map(|k| {
            WORKSHEET_ORDER
                .iter()
                .position(|o| o == k)
                .unwrap_or_else(|| panic!("{what}: unknown element {k}"))
        })
        .collect();
    assert!(
        idx.windows(2).all(|w| w[0] < w[1]),
        "{what}: elements out of order: {kids:?}"
    );
}

/// The comments and VML of a sheet, through its relationships.
fn notes_of(path: &Path, sheet_part: &str) -> (BTreeMap<String, String>, String, String) {
    let name = sheet_part.rsplit('/').next().expect("name");
    let rels = rels(
        path,
        &format!("xl/worksheets/_rels/{name}.rels"),
        "xl/worksheets",
    );
    let comments_part = rels
        .values()
        .filter(|(t, _)| t.ends_with("/comments"))
        .map(|(_, p)| p.clone())
        .collect::<Vec<_>>();
    assert_eq!(comments_part.len(), 1, "{sheet_part}: one comments part");
    let sheet = must_part(path, sheet_part);
    let legacy: Vec<&str> = sheet.matches("<legacyDrawing ").collect();
    assert_eq!(legacy.len(), 1, "{sheet_part}: one legacyDrawing");
    let rid_at = sheet.find("<legacyDrawing ").expect("legacy");
    let tail = &sheet[rid_at..];
    let rid = tail
        .split("id=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("legacy id");
    let (kind, vml_part) = rels.get(rid).expect("legacy relationship");
    assert!(kind.ends_with("/vmlDrawing"), "{kind}");
    let vml = must_part(path, vml_part);
    (comments(&must_part(path, &comments_part[0])), vml, sheet)
}

#[test]
fn notes_become_legacy_comments() {
    let (_input, output) = patch_sample("notes");
    let edits = sample_edits();

    // A sheet without comments gets a comments part, a VML drawing, rels.
    let (data, vml, sheet) = notes_of(&output, "xl/worksheets/sheet1.xml");
    let with_notes: Vec<&CellEdit> = edits
        .iter()
        .filter(|e| e.sheet == "Data" && !e.note.is_empty())
        .collect();
    assert_eq!(data.len(), with_notes.len(), "{data:#?}");
    for e in &with_notes {
        let cell = format!("{}{}", col_name(e.col), e.row + 1);
        let text = data
            .get(&cell)
            .unwrap_or_else(|| panic!("no comment on {cell}"));
        assert!(
            text.contains(&e.note),
            "{cell}: {text:?} lacks {:?}",
            e.note
        );
        assert!(vml.contains(&format!(
            "<x:Row>{}</x:Row><x:Column>{}</x:Column>",
            e.row, e.col
        )));
    }
    assert_eq!(vml.matches("<v:shape ").count(), with_notes.len());
    assert_worksheet_order(&sheet, "Data");
    let comments_xml = must_part(&output, "xl/comments2.xml");
    assert!(comments_xml.contains("<author>selaras</author>"));

    // A sheet with a note already: merged into its comments and drawing.
    let (rincian, vml, sheet) = notes_of(&output, "xl/worksheets/sheet2.xml");
    let b2 = rincian.get("B2").expect("B2 comment");
    assert!(
        b2.contains("catatan asli") && b2.contains("tambahan selaras"),
        "{b2:?}"
    );
    assert!(rincian.get("B3").expect("B3 comment").contains("dikoreksi"));
    assert_eq!(
        vml.matches("<v:shape ").count(),
        2,
        "one shape per commented cell"
    );
    assert_worksheet_order(&sheet, "Rincian");
    let merged = must_part(&output, "xl/comments1.xml");
    assert!(merged.contains("Penyusun") && merged.contains("selaras"));

    // A sheet with a table, page setup and header: legacyDrawing in its place.
    let (tabel, _vml, sheet) = notes_of(&output, "xl/worksheets/sheet3.xml");
    assert!(tabel.get("B2").expect("B2").contains("catatan di tabel"));
    assert_worksheet_order(&sheet, "Tabel");
    let kids = root_children(&sheet);
    let pos = |n: &str| {
        kids.iter()
            .position(|k| k == n)
            .unwrap_or_else(|| panic!("no {n}: {kids:?}"))
    };
    assert!(pos("headerFooter") < pos("legacyDrawing") && pos("legacyDrawing") < pos("tableParts"));

    // Content types: vml by default, each comments part by override.
    let ct = must_part(&output, "[Content_Types].xml");
    assert!(ct.contains(r#"Extension="vml""#));
    for c in [
        "/xl/comments1.xml",
        "/xl/comments2.xml",
        "/xl/comments3.xml",
    ] {
        assert!(
            ct.contains(&format!("PartName=\"{c}\"")),
            "{c} not in content types"
        );
    }
}

fn col_name(col: u32) -> String {
    let mut n = col + 1;
    let mut s = Vec::new();
    while n > 0 {
        s.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).expect("ascii")
}

// ---------------------------------------------------------------------------
// 5. The findings sheet.

#[test]
fn findings_sheet_is_added_last_with_links_filter_and_frozen_header() {
    let (_input, output) = patch_sample("findings");
    let mut b = open(&output);
    let names = b.sheet_names();
    assert_eq!(
        names.last().map(String::as_str),
        Some("Temuan (2)"),
        "{names:?}"
    );
    let got = cells(&mut b, "Temuan (2)");
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
        assert_eq!(got.get(&(0, c as u32)), Some(&Data::String(h.to_string())));
    }
    for (i, f) in sample_findings().iter().enumerate() {
        let r = i as u32 + 1;
        let cell = if f.cell == "c7" {
            "C7"
        } else {
            f.cell.as_str()
        };
        let corrected = if f.corrected { "ya" } else { "tidak" };
        let want = [
            f.code.as_str(),
            f.severity.as_str(),
            f.sheet.as_str(),
            cell,
            f.found.as_str(),
            f.expected.as_str(),
            corrected,
            f.message.as_str(),
        ];
        for (c, w) in want.iter().enumerate() {
            let v = got.get(&(r, c as u32));
            if w.is_empty() {
                assert!(v.is_none(), "{r},{c}: {v:?}");
            } else {
                assert_eq!(v, Some(&Data::String(w.to_string())), "row {r} col {c}");
            }
        }
    }
    assert!(
        formulas(&mut b, "Temuan (2)").is_empty(),
        "a text became a formula"
    );
    let style = b.worksheet_style("Temuan (2)").expect("styles");
    assert!(style
        .get((0, 0))
        .and_then(|s| s.font.as_ref())
        .is_some_and(|f| f.is_bold()));

    let xml = must_part(&output, "xl/worksheets/sheet6.xml");
    assert!(
        xml.contains(r#"<hyperlink ref="D2" location="'Data'!B2" display="B2"/>"#),
        "{xml}"
    );
    assert!(xml.contains(r#"<hyperlink ref="D3" location="'Bu''Ani'!C7" display="C7"/>"#));
    assert!(
        !xml.contains(r#"ref="D4""#),
        "a cell that is not A1 gets no link"
    );
    assert!(xml.contains(r#"<autoFilter ref="A1:H4"/>"#));
    assert!(xml
        .contains(r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#));
    assert!(xml.contains("<cols>"));
    assert!(!xml.contains("<f>"));
    assert_worksheet_order(&xml, "findings");
    let wb = must_part(&output, "xl/workbook.xml");
    assert!(
        wb.contains(r#"<sheet name="Temuan (2)" sheetId="6" r:id="#),
        "{wb}"
    );
    assert!(wb.contains("_xlnm._FilterDatabase"));
}

// ---------------------------------------------------------------------------
// 6. Formulas: calcChain dropped, full recalculation, shared formulas kept whole.

/// A package written by hand: a shared formula B1:B4, a row without `r`, a
/// calcChain, no calcPr, no styles part.
fn build_formula_book(path: &Path) {
    let files: &[(&str, &str)] = &[
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView/></bookViews><sheets><sheet name="Hitung" sheetId="1" r:id="rId1"/></sheets><extLst/></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/></Relationships>"#,
        ),
        (
            "xl/worksheets/sheet1.xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><dimension ref="A1:B5"/><sheetData><row r="1"><c r="A1"><v>1</v></c><c r="B1"><f t="shared" ref="B1:B4" si="0">A1*10+$A$1</f><v>11</v></c></row><row r="2"><c r="A2"><v>2</v></c><c r="B2"><f t="shared" si="0"/><v>21</v></c></row><row r="3"><c r="A3"><v>3</v></c><c r="B3"><f t="shared" si="0"/><v>31</v></c></row><row r="4"><c r="A4"><v>4</v></c><c r="B4"><f t="shared" si="0"/><v>41</v></c></row><row><c><v>5</v></c><c><v>50</v></c></row></sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>"#,
        ),
        (
            "xl/calcChain.xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><c r="B1" i="1"/><c r="B2"/><c r="B3"/><c r="B4"/></calcChain>"#,
        ),
    ];
    write_zip(path, files);
}

fn write_zip(path: &Path, files: &[(&str, &str)]) {
    let bytes: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (*n, b.as_bytes())).collect();
    write_zip_bytes(path, &bytes);
}

fn write_zip_bytes(path: &Path, files: &[(&str, &[u8])]) {
    let mut z = ZipWriter::new(fs::File::create(path).expect("create"));
    for (name, body) in files {
        z.start_file(
            *name,
            SimpleFileOptions::default().compression_method(CompressionMethod::Deflated),
        )
        .expect("start");
        z.write_all(body).expect("write");
    }
    z.finish().expect("finish");
}

#[test]
fn replacing_formulas_drops_calc_chain_and_recalculates() {
    let input = tmp("formula-in.xlsx");
    let output = tmp("formula-out.xlsx");
    build_formula_book(&input);
    let edits = vec![
        // The master of the shared formula becomes a number.
        edit("Hitung", "B1", num("11.50"), Mark::Corrected, "angka"),
        // A formula in a new row; a text in the row that has no r.
        edit(
            "Hitung",
            "A7",
            Some(NewValue::Formula {
                formula: "=SUM(B1:B4)".into(),
                cached: dec("104.5"),
            }),
            Mark::Corrected,
            "",
        ),
        edit("Hitung", "C5", text("x"), Mark::Flagged, ""),
    ];
    write_corrected(&input, &output, &edits, &[], "Temuan").unwrap_or_else(|e| panic!("{e}"));

    let names: Vec<String> = entries(&output).into_iter().map(|e| e.name).collect();
    assert!(!names.iter().any(|n| n.contains("calcChain")), "{names:?}");
    let rels = must_part(&output, "xl/_rels/workbook.xml.rels");
    assert!(!rels.contains("calcChain"), "{rels}");
    let ct = must_part(&output, "[Content_Types].xml");
    assert!(!ct.contains("calcChain"), "{ct}");
    let wb = must_part(&output, "xl/workbook.xml");
    assert!(wb.contains(r#"<calcPr fullCalcOnLoad="1"/>"#), "{wb}");
    let kids = root_children(&wb);
    let pos = |n: &str| {
        kids.iter()
            .position(|k| k == n)
            .unwrap_or_else(|| panic!("{n}: {kids:?}"))
    };
    assert!(
        pos("sheets") < pos("definedNames")
            && pos("definedNames") < pos("calcPr")
            && pos("calcPr") < pos("extLst")
    );

    // The styles part was missing: made, related, typed.
    assert!(names.contains(&"xl/styles.xml".to_string()));
    assert!(rels.contains("styles.xml") && ct.contains("/xl/styles.xml"));

    // The other cells of the shared formula keep their formulas.
    let mut a = open(&input);
    let mut b = open(&output);
    let (fa, fb) = (formulas(&mut a, "Hitung"), formulas(&mut b, "Hitung"));
    for cell in ["B2", "B3", "B4"] {
        assert!(
            fa.contains_key(&a1(cell)),
            "{cell} has a formula in the input"
        );
        assert_eq!(fa.get(&a1(cell)), fb.get(&a1(cell)), "{cell}");
    }
    assert_eq!(fb.get(&a1("B3")).map(String::as_str), Some("A3*10+$A$1"));
    assert_eq!(fb.get(&a1("B1")), None);
    assert_eq!(fb.get(&a1("A7")).map(String::as_str), Some("SUM(B1:B4)"));
    let (ca, cb) = (cells(&mut a, "Hitung"), cells(&mut b, "Hitung"));
    assert_eq!(cb.get(&a1("B1")), Some(&Data::Float(11.5)));
    assert_eq!(cb.get(&a1("A7")), Some(&Data::Float(104.5)));
    assert_eq!(cb.get(&a1("C5")), Some(&Data::String("x".into())));
    for cell in ["A1", "A5", "B5", "B2", "B4"] {
        assert_eq!(ca.get(&a1(cell)), cb.get(&a1(cell)), "{cell}");
    }
    let sheet = must_part(&output, "xl/worksheets/sheet1.xml");
    assert!(!sheet.contains(r#"t="shared""#), "{sheet}");
    assert!(sheet.contains(r#"<dimension ref="A1:C7"/>"#), "{sheet}");
    let style = b.worksheet_style("Hitung").expect("styles");
    assert_eq!(
        style
            .get(a1("B1"))
            .and_then(|s| s.fill.as_ref())
            .and_then(|f| f.get_color()),
        Some(calamine::Color::from_argb(0xFFC6EFCE))
    );
}

#[test]
fn a_changed_value_keeps_calc_chain_and_asks_for_recalculation() {
    let input = tmp("value-in.xlsx");
    let output = tmp("value-out.xlsx");
    build_formula_book(&input);
    let edits = vec![edit("Hitung", "A2", num("7"), Mark::Corrected, "")];
    write_corrected(&input, &output, &edits, &[], "Temuan").unwrap_or_else(|e| panic!("{e}"));
    let ins = entries(&input);
    let outs = entries(&output);
    let chain = |v: &[Entry]| {
        v.iter()
            .find(|e| e.name == "xl/calcChain.xml")
            .map(|e| e.raw.clone())
    };
    assert!(chain(&ins).is_some());
    assert_eq!(
        chain(&ins),
        chain(&outs),
        "calcChain untouched when no formula changes"
    );
    assert!(must_part(&output, "xl/workbook.xml").contains(r#"fullCalcOnLoad="1""#));
    let sheet = must_part(&output, "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains(r#"t="shared" ref="B1:B4""#),
        "the shared formula stays"
    );
}

#[test]
fn a_macro_workbook_keeps_its_macros() {
    let plain = tmp("xlsm-plain.xlsx");
    build_sample(&plain);
    let vba: Vec<u8> = (0u8..=255).cycle().take(5000).collect();
    let mut files: Vec<(String, Vec<u8>)> = entries(&plain)
        .into_iter()
        .map(|e| (e.name, e.data))
        .collect();
    for (name, data) in &mut files {
        let text = String::from_utf8(data.clone()).unwrap_or_default();
        if name == "[Content_Types].xml" {
            *data = text
                .replace(
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                )
                .replace(
                    "<Default Extension=\"xml\"",
                    "<Default Extension=\"bin\" ContentType=\"application/vnd.ms-office.vbaProject\"/><Default Extension=\"xml\"",
                )
                .into_bytes();
        }
        if name == "xl/_rels/workbook.xml.rels" {
            *data = text
                .replace(
                    "</Relationships>",
                    "<Relationship Id=\"rId99\" Type=\"http://schemas.microsoft.com/office/2006/relationships/vbaProject\" Target=\"vbaProject.bin\"/></Relationships>",
                )
                .into_bytes();
        }
    }
    files.push(("xl/vbaProject.bin".into(), vba.clone()));
    let input = tmp("macro-in.xlsm");
    let output = tmp("macro-out.xlsm");
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    write_zip_bytes(&input, &refs);
    write_corrected(
        &input,
        &output,
        &sample_edits(),
        &sample_findings(),
        "Temuan",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let ins = entries(&input);
    let outs = entries(&output);
    let raw = |v: &[Entry]| {
        v.iter()
            .find(|e| e.name == "xl/vbaProject.bin")
            .map(|e| (e.raw.clone(), e.data.clone()))
    };
    assert_eq!(raw(&ins), raw(&outs));
    assert_eq!(raw(&outs).map(|r| r.1), Some(vba));
    let ct = must_part(&output, "[Content_Types].xml");
    assert!(
        ct.contains("application/vnd.ms-excel.sheet.macroEnabled.main+xml"),
        "{ct}"
    );
    assert!(must_part(&output, "xl/_rels/workbook.xml.rels").contains("vbaProject.bin"));
    let mut b = open(&output);
    assert_eq!(
        cells(&mut b, "Data").get(&a1("B2")),
        Some(&Data::Float(0.1029))
    );
}

// ---------------------------------------------------------------------------
// 8. The real report.

#[test]
fn the_real_report_is_patched_in_place() {
    let input = fixture("lkjip-setda-kebumen-2024.xlsx");
    let output = tmp("kebumen-out.xlsx");
    let rules = selaras::Rules::built_in().expect("rules");
    let report = selaras::check_path(&input, &rules).expect("check");
    let findings: Vec<FindingRow> = report
        .findings
        .iter()
        .map(|f| FindingRow {
            code: f.code.as_str().into(),
            severity: f.severity.as_str().into(),
            sheet: f.at.sheet.to_string(),
            cell: f.at.a1(),
            found: f.found_text().unwrap_or_default(),
            expected: f.expected_text().unwrap_or_default(),
            corrected: f.at.sheet == "Tabel 3.9" && f.at.a1() == "I10",
            message: f.message.english(),
        })
        .collect();
    assert!(findings.iter().any(|f| f.code == "efficiency-mismatch"));
    let edits = vec![
        edit(
            "Tabel 3.9",
            "I10",
            text("10,29%"),
            Mark::Corrected,
            "PMK 214/2017: kegiatan, capaian tidak dibatasi: 10,29%",
        ),
        edit(
            "IKM",
            "F17",
            text("91,31"),
            Mark::Corrected,
            "rata-rata sembilan unsur: 821,76 / 9",
        ),
        edit("IKM", "I17", None, Mark::Flagged, "dihitung dari IKM 90,40"),
    ];
    let before = fs::read(&input).expect("fixture");
    write_corrected(&input, &output, &edits, &findings, "Temuan selaras")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(fs::read(&input).expect("fixture"), before);

    let mut a = open(&input);
    let mut b = open(&output);
    for name in a.sheet_names() {
        let (ca, cb) = (cells(&mut a, &name), cells(&mut b, &name));
        let keys: BTreeSet<(u32, u32)> = ca.keys().chain(cb.keys()).copied().collect();
        for pos in keys {
            let edited = edits
                .iter()
                .find(|e| e.sheet == name && (e.row, e.col) == pos && e.value.is_some());
            match edited.and_then(|e| e.value.as_ref()) {
                Some(NewValue::Text(t)) => assert_eq!(cb.get(&pos), Some(&Data::String(t.clone()))),
                Some(_) => unreachable!(),
                None => assert_eq!(ca.get(&pos), cb.get(&pos), "{name} {pos:?}"),
            }
        }
    }
    assert_eq!(
        b.sheet_names().last().map(String::as_str),
        Some("Temuan selaras")
    );
    let got = cells(&mut b, "Temuan selaras");
    let filled: usize = findings
        .iter()
        .map(|f| {
            [
                &f.code,
                &f.severity,
                &f.sheet,
                &f.cell,
                &f.found,
                &f.expected,
                &f.message,
            ]
            .iter()
            .filter(|v| !v.is_empty())
            .count()
                + 1
        })
        .sum();
    assert_eq!(
        got.len(),
        8 + filled,
        "every finding's text is on the findings sheet"
    );
    for (i, f) in findings.iter().enumerate() {
        let r = i as u32 + 1;
        assert_eq!(got.get(&(r, 0)), Some(&Data::String(f.code.clone())));
        assert_eq!(got.get(&(r, 3)), Some(&Data::String(f.cell.clone())));
        if !f.message.is_empty() {
            assert_eq!(got.get(&(r, 7)), Some(&Data::String(f.message.clone())));
        }
    }

    // Untouched parts are the fixture's bytes.
    let ins = entries(&input);
    let outs: HashMap<String, Entry> = entries(&output)
        .into_iter()
        .map(|e| (e.name.clone(), e))
        .collect();
    for e in &ins {
        let changed = matches!(
            e.name.as_str(),
            "[Content_Types].xml"
                | "xl/workbook.xml"
                | "xl/_rels/workbook.xml.rels"
                | "xl/styles.xml"
                | "xl/worksheets/sheet6.xml"
                | "xl/worksheets/sheet9.xml"
        );
        if !changed {
            assert_eq!(outs[&e.name].raw, e.raw, "{}", e.name);
        }
    }

    // selaras reads its own corrected copy: the efficiency figure now agrees.
    let again = selaras::check_path(&output, &rules).expect("check the copy");
    let at = |r: &selaras::FileReport, code: &str| {
        r.findings
            .iter()
            .filter(|f| f.code.as_str() == code && f.at.sheet == "Tabel 3.9" && f.at.a1() == "I10")
            .count()
    };
    assert_eq!(at(&report, "efficiency-mismatch"), 1);
    assert_eq!(
        at(&again, "efficiency-mismatch"),
        0,
        "{:#?}",
        again.findings
    );
}

// ---------------------------------------------------------------------------
// Errors: said in words, never a panic, never a half-written file.

#[test]
fn errors_name_the_problem_and_leave_no_output() {
    let input = tmp("err-in.xlsx");
    build_sample(&input);

    let out = tmp("err-1.xlsx");
    let e = write_corrected(
        &input,
        &out,
        &[edit("Nope", "A1", num("1"), Mark::Corrected, "")],
        &[],
        "Temuan",
    )
    .expect_err("unknown sheet");
    assert!(matches!(e, PatchError::BadEdit { .. }), "{e:?}");
    assert!(
        e.to_string().contains("'Nope'") && e.to_string().contains("'Data'"),
        "{e}"
    );
    assert!(!out.exists());

    let e = write_corrected(&input, &out, &[], &[], "a/b").expect_err("bad name");
    assert!(matches!(e, PatchError::BadEdit { .. }), "{e}");

    let mut far = edit("Data", "A1", num("1"), Mark::Corrected, "");
    far.row = 2_000_000;
    let e = write_corrected(&input, &out, &[far], &[], "Temuan").expect_err("off grid");
    assert!(matches!(e, PatchError::BadEdit { .. }), "{e}");

    fs::write(&out, b"already here").expect("write");
    let e = write_corrected(&input, &out, &[], &[], "Temuan").expect_err("exists");
    assert!(matches!(e, PatchError::OutputExists { .. }), "{e}");
    assert_eq!(fs::read(&out).expect("read"), b"already here");
    fs::remove_file(&out).expect("rm");

    let not_zip = tmp("err-notzip.xlsx");
    fs::write(&not_zip, b"PK\x03\x04 not really a zip").expect("write");
    let e = write_corrected(&not_zip, &out, &[], &[], "Temuan").expect_err("not a zip");
    assert!(matches!(e, PatchError::NotXlsx { .. }), "{e}");
    assert!(e.to_string().contains("err-notzip.xlsx"), "{e}");

    let e =
        write_corrected(&tmp("err-missing.xlsx"), &out, &[], &[], "Temuan").expect_err("missing");
    assert!(matches!(e, PatchError::Read { .. }), "{e}");

    // Strict OOXML: refused in words.
    let strict = tmp("err-strict.xlsx");
    build_formula_book(&strict);
    let files: Vec<(String, String)> = entries(&strict)
        .into_iter()
        .map(|e| {
            let text = String::from_utf8(e.data).expect("utf8").replace(
                "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                "http://purl.oclc.org/ooxml/spreadsheetml/main",
            );
            (e.name, text)
        })
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_str()))
        .collect();
    fs::remove_file(&strict).expect("rm");
    write_zip(&strict, &refs);
    let e = write_corrected(&strict, &out, &[], &[], "Temuan").expect_err("strict");
    assert!(matches!(e, PatchError::Unsupported { .. }), "{e}");
    assert!(e.to_string().contains("strict OOXML"), "{e}");
    assert!(!out.exists());

    // Broken parts: reported with the part's name.
    let broken = tmp("err-broken.xlsx");
    build_formula_book(&broken);
    let mut files: Vec<(String, Vec<u8>)> = entries(&broken)
        .into_iter()
        .map(|e| (e.name, e.data))
        .collect();
    for (name, data) in &mut files {
        if name == "xl/worksheets/sheet1.xml" {
            *data = b"<worksheet><sheetData><row r=\"x\"><c r=\"A1\"></row>".to_vec();
        }
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, d)| (n.as_str(), std::str::from_utf8(d).expect("utf8")))
        .collect();
    fs::remove_file(&broken).expect("rm");
    write_zip(&broken, &refs);
    let e = write_corrected(
        &broken,
        &out,
        &[edit("Hitung", "A1", num("1"), Mark::Corrected, "")],
        &[],
        "Temuan",
    )
    .expect_err("broken sheet");
    assert!(matches!(e, PatchError::BadPart { .. }), "{e}");
    assert!(e.to_string().contains("xl/worksheets/sheet1.xml"), "{e}");
    assert!(!out.exists());
}

#[test]
fn damaged_inputs_give_errors_not_panics() {
    let good = tmp("fuzz-good.xlsx");
    build_sample(&good);
    let bytes = fs::read(&good).expect("read");
    let edits = sample_edits();
    let findings = sample_findings();
    // Truncations and flipped bytes across the file: every outcome is Ok or Err.
    let mut cases: Vec<Vec<u8>> = Vec::new();
    for cut in [10usize, 100, 1000, bytes.len() / 2, bytes.len() - 30] {
        cases.push(bytes[..cut.min(bytes.len())].to_vec());
    }
    for i in (0..bytes.len()).step_by(bytes.len() / 40 + 1) {
        let mut b = bytes.clone();
        b[i] ^= 0x5A;
        cases.push(b);
    }
    for (n, case) in cases.iter().enumerate() {
        let input = tmp(&format!("fuzz-{n}.xlsx"));
        let output = tmp(&format!("fuzz-{n}-out.xlsx"));
        fs::write(&input, case).expect("write");
        match write_corrected(&input, &output, &edits, &findings, "Temuan") {
            Ok(()) => assert!(output.exists()),
            Err(e) => {
                assert!(!e.to_string().is_empty());
                assert!(
                    !output.exists(),
                    "case {n}: a failed write left {}",
                    output.display()
                );
            }
        }
    }
    // Sheet XML mangled by hand: odd but parseable shapes.
    let shapes = [
        r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>"#,
        r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>"#,
        r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="3"/><row/><row><c/><c r="D5"/><c/></row></sheetData></worksheet>"#,
        // calamine itself overflows on this one, so it is only patched, not read back.
        r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="4294967295"/><row/></sheetData></worksheet>"#,
        r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="ZZZZ1"/></row></sheetData></worksheet>"#,
        r#"<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>5</x:v></x:c><x:c r="C1" t="inlineStr"><x:is><x:t>t</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>"#,
        r#"<worksheet xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"><sheetData/></worksheet>"#,
        r#"<chartsheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>"#,
    ];
    let base = tmp("shape-base.xlsx");
    build_formula_book(&base);
    let files: Vec<(String, String)> = entries(&base)
        .into_iter()
        .map(|e| (e.name, String::from_utf8(e.data).expect("utf8")))
        .collect();
    for (n, shape) in shapes.iter().enumerate() {
        let input = tmp(&format!("shape-{n}.xlsx"));
        let output = tmp(&format!("shape-{n}-out.xlsx"));
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(name, d)| {
                if name == "xl/worksheets/sheet1.xml" {
                    (name.as_str(), *shape)
                } else {
                    (name.as_str(), d.as_str())
                }
            })
            .collect();
        write_zip(&input, &refs);
        let edits = vec![
            edit("Hitung", "B2", num("3"), Mark::Corrected, "n"),
            edit("Hitung", "A1", None, Mark::Flagged, "m"),
        ];
        match write_corrected(&input, &output, &edits, &[], "Temuan") {
            Ok(()) if shape.contains("4294967295") => {}
            Ok(()) => {
                // Whatever was written opens and holds the edit.
                let mut b = open(&output);
                let got = cells(&mut b, "Hitung");
                assert_eq!(got.get(&a1("B2")), Some(&Data::Float(3.0)), "shape {n}");
            }
            Err(e) => assert!(!output.exists(), "shape {n}: {e}"),
        }
    }
}

// ---------------------------------------------------------------------------
// Streaming: a long sheet goes through in one pass.

#[test]
fn a_long_sheet_is_streamed() {
    let input = tmp("long-in.xlsx");
    let output = tmp("long-out.xlsx");
    // 100k rows in a release build (`cargo test --release`), fewer in a debug
    // build, where compression alone takes seconds.
    let rows: u32 = if cfg!(debug_assertions) {
        20_000
    } else {
        100_000
    };
    let mut wb = Workbook::new();
    {
        let ws = wb.add_worksheet();
        ws.set_name("Besar").expect("name");
        for r in 0..rows {
            ws.write_number(r, 0, f64::from(r)).expect("w");
            ws.write_string(r, 1, "teks").expect("w");
        }
    }
    wb.save(&input).expect("save");
    let edits = vec![
        edit("Besar", "B10000", num("1.25"), Mark::Corrected, "tengah"),
        edit(
            "Besar",
            &format!("C{}", rows + 2),
            text("sesudah"),
            Mark::Flagged,
            "akhir",
        ),
    ];
    let t = std::time::Instant::now();
    write_corrected(&input, &output, &edits, &[], "Temuan").unwrap_or_else(|e| panic!("{e}"));
    eprintln!("patched {rows} rows in {:?}", t.elapsed());
    let mut b = open(&output);
    let range = b.worksheet_range("Besar").expect("range");
    assert_eq!(range.start(), Some((0, 0)));
    assert_eq!(range.end(), Some((rows + 1, 2)));
    assert_eq!(range.used_cells().count(), rows as usize * 2 + 1);
    let at = |cell: &str| range.get_value(a1(cell)).cloned();
    assert_eq!(at("B10000"), Some(Data::Float(1.25)));
    assert_eq!(at("B9999"), Some(Data::String("teks".into())));
    assert_eq!(
        range.get_value((rows - 1, 1)).cloned(),
        Some(Data::String("teks".into()))
    );
    assert_eq!(
        range.get_value((rows - 1, 0)).cloned(),
        Some(Data::Float(f64::from(rows - 1)))
    );
    assert_eq!(
        range.get_value((rows + 1, 2)).cloned(),
        Some(Data::String("sesudah".into()))
    );
}

// ---------------------------------------------------------------------------
// 7. A second reader: LibreOffice.

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

/// Parses LibreOffice's CSV: commas, double quotes, quoted newlines.
fn parse_csv(s: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            ',' => row.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            c => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

fn run_soffice(lo: &Path, profile: &Path, args: &[&str]) {
    let out = Command::new(lo)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .arg("--headless")
        .args(args)
        .output()
        .expect("run soffice");
    assert!(
        out.status.success(),
        "soffice failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A number as LibreOffice shows it ("10.29%", "73,852,513,800", "0.2058"):
/// its value and half a unit of its last shown digit. (LibreOffice 7.4 writes
/// CSV as shown whatever the "as shown" option says.)
fn lo_number(v: &str) -> Option<(f64, f64)> {
    let s = v.trim();
    let pct = s.ends_with('%');
    let s = s.trim_end_matches('%').replace(',', "");
    let x: f64 = s.parse().ok()?;
    let decimals = s.split_once('.').map_or(0, |(_, d)| d.len()) as i32;
    let tol = 0.5 * 10f64.powi(-decimals);
    Some(if pct {
        (x / 100.0, tol / 100.0)
    } else {
        (x, tol)
    })
}

/// Every sheet LibreOffice reads equals what calamine reads, value for value.
fn compare_with_libreoffice(lo: &Path, book: &Path, tag: &str) {
    let dir = tmp(&format!("lo-{tag}"));
    fs::create_dir_all(&dir).expect("dir");
    let profile = tmp(&format!("lo-profile-{tag}"));
    run_soffice(
        lo,
        &profile,
        &[
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir",
            dir.to_str().expect("utf-8 path"),
            book.to_str().expect("utf-8 path"),
        ],
    );
    let stem = book.file_stem().and_then(|s| s.to_str()).expect("stem");
    let mut cal = open(book);
    let mut compared = 0;
    for name in cal.sheet_names() {
        let csv_path = dir.join(format!("{stem}-{name}.csv"));
        let csv = fs::read_to_string(&csv_path)
            .unwrap_or_else(|e| panic!("LibreOffice wrote no {}: {e}", csv_path.display()));
        let grid = parse_csv(&csv);
        let want = cells(&mut cal, &name);
        let lo_cells: BTreeMap<(u32, u32), String> = grid
            .iter()
            .enumerate()
            .flat_map(|(r, row)| {
                row.iter()
                    .enumerate()
                    .filter(|(_, v)| !v.is_empty())
                    .map(move |(c, v)| ((r as u32, c as u32), v.clone()))
            })
            .collect();
        let keys: BTreeSet<(u32, u32)> = want.keys().chain(lo_cells.keys()).copied().collect();
        for pos in keys {
            let lo_v = lo_cells.get(&pos).cloned().unwrap_or_default();
            match want.get(&pos) {
                Some(Data::Float(f)) => {
                    let (got, tol) = lo_number(&lo_v).unwrap_or_else(|| {
                        panic!("{tag} {name} {pos:?}: LibreOffice {lo_v:?}, calamine {f}")
                    });
                    assert!(
                        (got - f).abs() <= tol + 1e-9 * f.abs(),
                        "{tag} {name} {pos:?}: LibreOffice {lo_v:?}, calamine {f}"
                    );
                }
                Some(Data::Int(i)) => assert_eq!(lo_v, i.to_string(), "{tag} {name} {pos:?}"),
                Some(Data::String(s)) => assert_eq!(&lo_v, s, "{tag} {name} {pos:?}"),
                Some(Data::Bool(b)) => {
                    assert_eq!(lo_v.to_lowercase(), b.to_string(), "{tag} {name} {pos:?}")
                }
                Some(other) => panic!("{tag} {name} {pos:?}: unexpected {other:?}"),
                None => assert!(
                    lo_v.is_empty(),
                    "{tag} {name} {pos:?}: LibreOffice has {lo_v:?}"
                ),
            }
            compared += 1;
        }
    }
    assert!(compared > 20, "{tag}: only {compared} cells compared");
}

/// The notes LibreOffice read, as it writes them back out, and that .xlsx.
fn libreoffice_notes(lo: &Path, book: &Path, tag: &str) -> (String, PathBuf) {
    let dir = tmp(&format!("lo-xlsx-{tag}"));
    fs::create_dir_all(&dir).expect("dir");
    let profile = tmp(&format!("lo-profile-x-{tag}"));
    run_soffice(
        lo,
        &profile,
        &[
            "--convert-to",
            "xlsx",
            "--outdir",
            dir.to_str().expect("utf-8 path"),
            book.to_str().expect("utf-8 path"),
        ],
    );
    let file = dir.join(book.file_name().expect("name"));
    let notes = entries(&file)
        .into_iter()
        .filter(|e| e.name.contains("comments"))
        .map(|e| String::from_utf8_lossy(&e.data).into_owned())
        .collect::<Vec<_>>()
        .join("\n");
    (notes, file)
}

#[test]
#[ignore = "needs LibreOffice: SELARAS_LIBREOFFICE=1 cargo test --test suite -- --ignored xlsx_patch::"]
fn libreoffice_reads_the_corrected_copy() {
    let Some(lo) = soffice() else {
        eprintln!();
        eprintln!("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
        eprintln!("!! LibreOffice is NOT installed: the second-reader check did NOT run.  !!");
        eprintln!("!! Install libreoffice-calc (soffice on PATH) or set                  !!");
        eprintln!("!! SELARAS_LIBREOFFICE to the soffice program.                        !!");
        eprintln!("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
        panic!("LibreOffice is not installed, so this check cannot pass");
    };
    let (_input, output) = patch_sample("lo");
    compare_with_libreoffice(&lo, &output, "sample");
    let (notes, lo_copy) = libreoffice_notes(&lo, &output, "sample");
    for e in sample_edits().iter().filter(|e| !e.note.is_empty()) {
        let first_line = e
            .note
            .lines()
            .next()
            .expect("line")
            .replace('&', "&amp;")
            .replace('<', "&lt;");
        assert!(
            notes.contains(&first_line),
            "LibreOffice lost the note {:?}",
            e.note
        );
    }
    assert!(
        notes.contains("catatan asli"),
        "LibreOffice lost the original note"
    );

    // LibreOffice's own .xlsx (another writer's conventions, comments on every
    // edited sheet already) patched again and read again.
    let again = tmp("lo-again.xlsx");
    let edits = vec![
        edit("Data", "B2", num("0.5"), Mark::Corrected, "kedua kali"),
        edit("Data", "E20", text("jauh"), Mark::Flagged, "sel baru"),
        edit("Tersembunyi", "A1", text("terbuka"), Mark::Corrected, ""),
    ];
    write_corrected(&lo_copy, &again, &edits, &sample_findings(), "Temuan")
        .unwrap_or_else(|e| panic!("{e}"));
    compare_with_libreoffice(&lo, &again, "again");
    let mut b = open(&again);
    let got = cells(&mut b, "Data");
    assert_eq!(got.get(&a1("B2")), Some(&Data::Float(0.5)));
    assert_eq!(got.get(&a1("E20")), Some(&Data::String("jauh".into())));
    let (notes, _) = libreoffice_notes(&lo, &again, "again");
    assert!(notes.contains("kedua kali") && notes.contains("sel baru"));
    assert!(
        notes.contains("Capaian dihitung ulang"),
        "the first round's note survives"
    );

    // The real report, patched.
    let input = fixture("lkjip-setda-kebumen-2024.xlsx");
    let output = tmp("lo-kebumen.xlsx");
    let edits = vec![
        edit(
            "Tabel 3.9",
            "I10",
            text("10,29%"),
            Mark::Corrected,
            "efisiensi PMK 214/2017",
        ),
        edit("IKM", "G17", num("1.0742"), Mark::Corrected, "capaian IKM"),
    ];
    let findings = sample_findings();
    write_corrected(&input, &output, &edits, &findings, "Temuan").unwrap_or_else(|e| panic!("{e}"));
    compare_with_libreoffice(&lo, &output, "kebumen");
    assert!(libreoffice_notes(&lo, &output, "kebumen")
        .0
        .contains("efisiensi PMK 214/2017"));
}
