//! Writes a corrected copy of a workbook that is not an .xlsx package (.xls,
//! .xlsb, .ods) as a NEW .xlsx, with rust_xlsxwriter, from what was read.
//!
//! Those formats cannot be patched part by part as `xlsx_patch` patches an
//! .xlsx, so the copy is rebuilt from the [`Workbook`] model, and only what the
//! model holds survives: the sheets in order with their names and hidden state,
//! every cell's value, the number format of numeric cells, and the merged
//! ranges. Fonts, borders, fills, column widths, row heights, formulas (the
//! model holds their saved results), names, charts, images, print settings and
//! validations are not in the model and are lost: the layout is only partly
//! kept, and `check --fix` says so.
//!
//! On top of that the copy gets what `xlsx_patch::write_corrected` gives an
//! .xlsx: corrected cells with their new value (a number keeps the cell's number
//! format, a formula carries its cached result) highlighted light green, flagged
//! cells highlighted light orange, a note by "selaras" on each, and a findings
//! sheet at the end (bold header, filter, frozen top row, a link from each row
//! to its cell; every text written as a string, never as a formula).
//!
//! How cells are written:
//!
//! - a number as a number (see [`cell_number`] for the one conversion from the
//!   exact decimal to the double a cell stores) with its number format;
//! - text as a string, a boolean as a boolean, an error value (`#DIV/0!`) as its
//!   text;
//! - a date as a date where it was read as a spreadsheet serial (written with an
//!   ISO date format, since the model keeps no date format), otherwise as its
//!   text (.ods dates come as ISO text);
//! - a formula whose result was never saved as that formula.
//!
//! Limits: a text longer than Excel's 32,767 characters is cut there (Excel
//! cannot hold more); a note is cut to what Excel allows; a merged range that
//! overlaps an earlier one, or covers more than a million cells, is left out
//! (Excel refuses the first, no report has the second); a sheet name Excel does
//! not allow (longer than 31 characters, holding `[ ] : * ? / \`) is refused
//! with an error rather than renamed, since findings and notes name it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Color, Format, FormatAlign, FormatPattern, FormatUnderline, Formula, Note, Url,
    Workbook as XlsxWorkbook, Worksheet, XlsxError,
};

use crate::workbook::{Raw, Sheet, Workbook};
use crate::xlsx_patch::{CellEdit, FindingRow, FindingsSheet, Mark, NewValue};

/// Fill colours of the highlight (RGB), as `xlsx_patch` uses them (FFC6EFCE, FFFFEB9C).
const FILL_CORRECTED: u32 = 0xC6EFCE;
const FILL_FLAGGED: u32 = 0xFFEB9C;
/// Font colour of the links on the findings sheet, as `xlsx_patch` uses it.
const LINK_COLOR: u32 = 0x0563C1;

/// Excel's limit on a cell's text, in UTF-16 code units.
const MAX_TEXT: usize = 32_767;
/// Excel's limit on a note's text, less the room rust_xlsxwriter keeps for the
/// author's name in front of it.
const MAX_NOTE: usize = 32_767 - 54;
/// A merged range larger than this is left out (rust_xlsxwriter writes a cell
/// for every cell of a range; no report merges a million cells).
const MAX_MERGE_CELLS: u64 = 1_000_000;

const FINDINGS_WIDTH_CAP: [usize; 8] = [30, 12, 30, 10, 40, 40, 12, 100];

/// Writes `book` (read from a non-.xlsx file) as a new .xlsx at `output`, with the
/// same corrections, highlights, notes and findings sheet as xlsx_patch::write_corrected.
///
/// `output` must not exist yet (the caller renames it into place); on failure
/// nothing is left there.
pub fn write_new(
    book: &Workbook,
    output: &Path,
    edits: &[CellEdit],
    findings: &[FindingRow],
    findings_sheet: impl Into<FindingsSheet>,
) -> Result<(), String> {
    let words = findings_sheet.into();
    let by_sheet = group_edits(book, edits)?;
    if findings.len() >= MAX_ROWS as usize {
        return Err(format!(
            "{} findings do not fit on one sheet ({} rows at most)",
            findings.len(),
            MAX_ROWS - 1
        ));
    }
    let names: Vec<&str> = book.sheets.iter().map(|s| s.name.as_str()).collect();
    let findings_name = unique_sheet_name(&names, &words.name)?;

    let mut wb = XlsxWorkbook::new();
    let mut formats = Formats::default();
    let no_edits = BTreeMap::new();
    for (i, sheet) in book.sheets.iter().enumerate() {
        let ws = wb.add_worksheet();
        ws.set_name(&sheet.name).map_err(|e| {
            format!(
                "the sheet '{}' cannot be named so in an .xlsx: {e}",
                sheet.name
            )
        })?;
        ws.set_hidden(sheet.hidden);
        let edits = by_sheet.get(&i).unwrap_or(&no_edits);
        write_sheet(ws, sheet, edits, &mut formats)
            .map_err(|e| format!("sheet '{}': {e}", sheet.name))?;
    }
    let ws = wb.add_worksheet();
    ws.set_name(&findings_name)
        .map_err(|e| format!("the findings sheet '{findings_name}': {e}"))?;
    write_findings(ws, findings, &words).map_err(|e| format!("the findings sheet: {e}"))?;

    // The sheet that opens: the first visible one. rust_xlsxwriter would
    // otherwise make the first sheet active, and so unhide it.
    let active = book
        .sheets
        .iter()
        .position(|s| !s.hidden)
        .unwrap_or(book.sheets.len());
    if let Ok(ws) = wb.worksheet_from_index(active) {
        ws.set_active(true);
    }

    let bytes = wb.save_to_buffer().map_err(|e| e.to_string())?;
    let mut file = match OpenOptions::new().write(true).create_new(true).open(output) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            return Err(format!(
                "{} exists already; the corrected copy is only written to a new file",
                output.display()
            ))
        }
        Err(e) => return Err(format!("cannot write {}: {e}", output.display())),
    };
    if let Err(e) = file.write_all(&bytes).and_then(|_| file.sync_all()) {
        drop(file);
        // The output was created by this call: leave no half-written file behind.
        let _ = fs::remove_file(output);
        return Err(format!("cannot write {}: {e}", output.display()));
    }
    Ok(())
}

/// The writing boundary: a figure's exact decimal as the binary double an .xlsx
/// cell stores. Excel keeps every number as an IEEE 754 double and shows at most
/// 15 significant digits, so a double is what any .xlsx holds. The text is
/// parsed by Rust's float parser, which gives the nearest double (the decimal
/// crate's own conversion does not promise that); for a decimal of up to 15
/// significant digits, the shortest text of that double is the decimal again,
/// which is how selaras reads a cell back (`workbook::float_to_decimal`). So the
/// figure a user typed, or selaras computed, is written exactly enough.
fn cell_number(value: Decimal) -> Option<f64> {
    value
        .normalize()
        .to_string()
        .parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
}

// ---------------------------------------------------------------------------
// Edits

use crate::ooxml::a1::{parse_a1, MAX_COLS, MAX_ROWS};
/// Every edit that falls on one cell, merged as `xlsx_patch` merges them.
use crate::xlsx_patch::Merged as CellPlan;

/// One sheet's edits by (row, col).
type SheetEdits = BTreeMap<(u32, u32), CellPlan>;

/// The edits by sheet (index in the workbook) and cell, checked against the workbook.
fn group_edits(book: &Workbook, edits: &[CellEdit]) -> Result<HashMap<usize, SheetEdits>, String> {
    let mut by_sheet: HashMap<usize, SheetEdits> = HashMap::new();
    for e in edits {
        let Some(si) = book.sheets.iter().position(|s| s.name == e.sheet) else {
            let known: Vec<String> = book
                .sheets
                .iter()
                .map(|s| format!("'{}'", s.name))
                .collect();
            return Err(format!(
                "cannot apply the corrections: there is no sheet named '{}' (the sheets are {})",
                e.sheet,
                known.join(", ")
            ));
        };
        if e.row >= MAX_ROWS || e.col >= MAX_COLS {
            return Err(format!(
                "cannot apply the corrections: row {} column {} of '{}' is outside a worksheet's grid",
                u64::from(e.row) + 1,
                u64::from(e.col) + 1,
                e.sheet
            ));
        }
        by_sheet
            .entry(si)
            .or_default()
            .entry((e.row, e.col))
            .or_insert_with(|| CellPlan::new(e.mark))
            .absorb(e);
    }
    Ok(by_sheet)
}

// ---------------------------------------------------------------------------
// Formats

/// One rust_xlsxwriter format per number format and highlight, made once.
#[derive(Default)]
struct Formats {
    /// By highlight (none, corrected, flagged; `Mark` is not `Hash`), then by
    /// number format code ("" for General), so a lookup allocates nothing.
    by_mark: [HashMap<String, Format>; 3],
}

impl Formats {
    fn get(&mut self, number_format: Option<&str>, mark: Option<Mark>) -> &Format {
        let (slot, fill) = match mark {
            None => (0, None),
            Some(Mark::Corrected) => (1, Some(FILL_CORRECTED)),
            Some(Mark::Flagged) => (2, Some(FILL_FLAGGED)),
        };
        let code = number_format.unwrap_or("");
        let map = &mut self.by_mark[slot];
        if !map.contains_key(code) {
            let mut f = Format::new();
            if !code.is_empty() {
                f = f.set_num_format(code);
            }
            if let Some(rgb) = fill {
                f = f
                    .set_pattern(FormatPattern::Solid)
                    .set_background_color(Color::RGB(rgb));
            }
            map.insert(code.to_string(), f);
        }
        &map[code]
    }
}

/// The format a date read as a serial is written with.
fn date_format(serial: f64) -> &'static str {
    if serial.fract() == 0.0 {
        "yyyy-mm-dd"
    } else if serial.abs() < 1.0 {
        "hh:mm:ss"
    } else {
        "yyyy-mm-dd hh:mm:ss"
    }
}

// ---------------------------------------------------------------------------
// The workbook's sheets

fn write_sheet(
    ws: &mut Worksheet,
    sheet: &Sheet,
    edits: &SheetEdits,
    formats: &mut Formats,
) -> Result<(), XlsxError> {
    let mark_at = |r: u32, c: u32| edits.get(&(r, c)).map(|p| p.mark);

    // Merged ranges first, formatted as their top-left cell; the cells written
    // next put the top-left value over the blank merge_range leaves there.
    for m in &sheet.merges {
        let ((r0, c0), (r1, c1)) = (m.start, m.end);
        let area = (u64::from(r1.saturating_sub(r0)) + 1) * (u64::from(c1.saturating_sub(c0)) + 1);
        if r0 > r1 || c0 > c1 || (r0 == r1 && c0 == c1) || r1 >= MAX_ROWS || c1 >= MAX_COLS {
            continue;
        }
        if area > MAX_MERGE_CELLS {
            continue;
        }
        let format = formats.get(sheet.number_format(r0, c0), mark_at(r0, c0));
        match ws.merge_range(r0, c0 as u16, r1, c1 as u16, "", format) {
            Ok(_) => {}
            // Overlapping merges (a damaged file): Excel refuses them, keep the first.
            Err(XlsxError::MergeRangeOverlaps(..)) => {}
            Err(e) => return Err(e),
        }
    }

    let mut written: HashSet<(u32, u32)> = HashSet::new();
    for (r, c, raw) in sheet.cells() {
        if r >= MAX_ROWS || c >= MAX_COLS {
            continue;
        }
        written.insert((r, c));
        let plan = edits.get(&(r, c));
        let mark = plan.map(|p| p.mark);
        match plan.and_then(|p| p.value.as_ref()) {
            Some(value) => write_value(ws, r, c, value, sheet.number_format(r, c), mark, formats)?,
            None => write_raw(ws, sheet, r, c, raw, mark, formats)?,
        }
    }

    // Edits on cells the sheet does not hold: the new value, or a highlighted blank.
    for (&(r, c), plan) in edits {
        if written.contains(&(r, c)) {
            continue;
        }
        let number_format = sheet.number_format(r, c);
        match &plan.value {
            Some(value) => write_value(ws, r, c, value, number_format, Some(plan.mark), formats)?,
            None => {
                let format = formats.get(number_format, Some(plan.mark));
                ws.write_blank(r, c as u16, format)?;
            }
        }
    }

    for (&(r, c), plan) in edits {
        if plan.notes.is_empty() {
            continue;
        }
        let joined = plan.notes.join("\n");
        let text = fit(&joined, MAX_NOTE);
        // About 40 characters a line in a box three columns wide, as xlsx_patch sizes it.
        let lines = text
            .lines()
            .map(|l| 1 + l.chars().count() / 40)
            .sum::<usize>()
            + 1;
        let height = (lines.clamp(4, 30) * 20) as u32;
        let note = Note::new(text)
            .set_author("selaras")
            .set_width(240)
            .set_height(height);
        ws.insert_note(r, c as u16, &note)?;
    }
    Ok(())
}

/// A cell as the model read it.
fn write_raw(
    ws: &mut Worksheet,
    sheet: &Sheet,
    r: u32,
    c: u32,
    raw: Raw<'_>,
    mark: Option<Mark>,
    formats: &mut Formats,
) -> Result<(), XlsxError> {
    let col = c as u16;
    match raw {
        Raw::Number { value, format } => match cell_number(value) {
            Some(n) => {
                ws.write_number_with_format(r, col, n, formats.get(format, mark))?;
            }
            None => {
                ws.write_string_with_format(r, col, value.to_string(), formats.get(None, mark))?;
            }
        },
        Raw::BadNumber(text) => {
            // Too large or small to be a figure, but still a number to Excel.
            let number_format = sheet.number_format(r, c);
            match text.parse::<f64>().ok().filter(|f| f.is_finite()) {
                Some(n) => {
                    ws.write_number_with_format(r, col, n, formats.get(number_format, mark))?
                }
                None => ws.write_string_with_format(r, col, text, formats.get(None, mark))?,
            };
        }
        Raw::Text(text) => {
            ws.write_string_with_format(r, col, fit(text, MAX_TEXT), formats.get(None, mark))?;
        }
        Raw::Bool(b) => {
            ws.write_boolean_with_format(r, col, b, formats.get(None, mark))?;
        }
        Raw::Error(text) => {
            ws.write_string_with_format(r, col, text, formats.get(None, mark))?;
        }
        Raw::Date(text) => match text.parse::<f64>().ok().filter(|f| f.is_finite()) {
            // An .xls/.xlsb date comes as its serial number: a date again.
            Some(serial) => {
                let format = formats.get(Some(date_format(serial)), mark);
                ws.write_number_with_format(r, col, serial, format)?;
            }
            None => {
                ws.write_string_with_format(r, col, fit(&text, MAX_TEXT), formats.get(None, mark))?;
            }
        },
        Raw::Uncalculated(formula) => {
            // No result was saved: an empty one, not rust_xlsxwriter's default 0,
            // which a reader would take for a figure.
            let format = formats.get(sheet.number_format(r, c), mark);
            ws.write_formula_with_format(r, col, Formula::new(formula), format)?;
            ws.set_formula_result(r, col, "");
        }
        Raw::Empty => {
            // A cell of spaces only: the model reads it as empty, the copy keeps it.
            let format = formats.get(None, mark);
            match sheet.string_at(r, c) {
                Some(s) if !s.is_empty() => {
                    ws.write_string_with_format(r, col, fit(s, MAX_TEXT), format)?;
                }
                _ if mark.is_some() => {
                    ws.write_blank(r, col, format)?;
                }
                _ => {}
            }
        }
    }
    Ok(())
}

/// A corrected cell's new value, in the cell's number format.
fn write_value(
    ws: &mut Worksheet,
    r: u32,
    c: u32,
    value: &NewValue,
    number_format: Option<&str>,
    mark: Option<Mark>,
    formats: &mut Formats,
) -> Result<(), XlsxError> {
    let col = c as u16;
    match value {
        NewValue::Number(v) => match cell_number(*v) {
            Some(n) => ws.write_number_with_format(r, col, n, formats.get(number_format, mark))?,
            None => ws.write_string_with_format(r, col, v.to_string(), formats.get(None, mark))?,
        },
        NewValue::Text(t) => {
            ws.write_string_with_format(r, col, fit(t, MAX_TEXT), formats.get(None, mark))?
        }
        NewValue::Formula { formula, cached } => {
            let f = Formula::new(formula).set_result(cached.normalize().to_string());
            ws.write_formula_with_format(r, col, f, formats.get(number_format, mark))?
        }
    };
    Ok(())
}

// ---------------------------------------------------------------------------
// The findings sheet

fn write_findings(
    ws: &mut Worksheet,
    findings: &[FindingRow],
    words: &FindingsSheet,
) -> Result<(), XlsxError> {
    let header = Format::new().set_bold().set_align(FormatAlign::Top);
    let body = Format::new().set_align(FormatAlign::Top).set_text_wrap();
    let link = Format::new()
        .set_align(FormatAlign::Top)
        .set_underline(FormatUnderline::Single)
        .set_font_color(Color::RGB(LINK_COLOR));

    let mut widths: Vec<usize> = words.header.iter().map(|h| h.chars().count()).collect();
    for (c, h) in words.header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &header)?;
    }
    for (i, f) in findings.iter().enumerate() {
        let r = i as u32 + 1;
        let cell = parse_a1(&f.cell);
        let cell_text = match cell {
            Some((row, col)) => a1(row, col),
            None => f.cell.clone(),
        };
        let values: [&str; 8] = [
            &f.code,
            &f.severity,
            &f.sheet,
            &cell_text,
            &f.found,
            &f.expected,
            if f.corrected { &words.yes } else { &words.no },
            &f.message,
        ];
        for (c, v) in values.iter().enumerate() {
            let longest = v.lines().map(|l| l.chars().count()).max().unwrap_or(0);
            widths[c] = widths[c].max(longest);
            if v.is_empty() {
                continue;
            }
            let text = fit(v, MAX_TEXT);
            if c == 3 && cell.is_some() && !f.sheet.is_empty() {
                let target = format!("internal:'{}'!{}", f.sheet.replace('\'', "''"), cell_text);
                let url = Url::new(target).set_text(text);
                ws.write_url_with_format(r, 3, url, &link)?;
            } else {
                // Always a string: a message that starts with "=" stays text.
                ws.write_string_with_format(r, c as u16, text, &body)?;
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        let width = (w + 2).clamp(8, FINDINGS_WIDTH_CAP[c].max(8));
        ws.set_column_width(c as u16, width as f64)?;
    }
    ws.autofilter(0, 0, findings.len() as u32, 7)?;
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The findings sheet's name, unique among the workbook's (" (2)" etc. when
/// taken), checked as `xlsx_patch` checks it.
fn unique_sheet_name(sheets: &[&str], wanted: &str) -> Result<String, String> {
    let wanted = wanted.trim();
    let bad = |why: &str| Err(format!("'{wanted}' cannot name the findings sheet: {why}"));
    if wanted.is_empty() {
        return bad("a sheet name cannot be empty");
    }
    if wanted
        .chars()
        .any(|c| matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') || c.is_control())
    {
        return bad("a sheet name cannot hold [ ] : * ? / \\");
    }
    if wanted.starts_with('\'') || wanted.ends_with('\'') {
        return bad("a sheet name cannot begin or end with an apostrophe");
    }
    if wanted.eq_ignore_ascii_case("History") {
        return bad("Excel reserves the name History");
    }
    let taken = |n: &str| {
        let l = n.to_lowercase();
        sheets.iter().any(|s| s.to_lowercase() == l)
    };
    let base = fit(wanted, 31).to_string();
    if !taken(&base) {
        return Ok(base);
    }
    for n in 2u32..100_000 {
        let suffix = format!(" ({n})");
        let stem = fit(wanted, 31 - suffix.len());
        let name = format!("{}{suffix}", stem.trim_end());
        if !taken(&name) {
            return Ok(name);
        }
    }
    bad("every variant of the name is taken")
}

// ---------------------------------------------------------------------------
// Small helpers

/// `s` cut to at most `max` UTF-16 code units (how Excel counts), on a character boundary.
fn fit(s: &str, max: usize) -> &str {
    let mut units = 0;
    for (i, ch) in s.char_indices() {
        units += ch.len_utf16();
        if units > max {
            return &s[..i];
        }
    }
    s
}

fn a1(row0: u32, col0: u32) -> String {
    format!(
        "{}{}",
        crate::workbook::column_name(col0),
        u64::from(row0) + 1
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn decimals_become_the_double_that_reads_back_as_them() {
        for s in [
            "0.9088",
            "1.0635",
            "106.33",
            "38127840000",
            "-1500000",
            "0.1",
            "81.70",
        ] {
            let d = Decimal::from_str(s).expect("decimal");
            let f = cell_number(d).expect("finite");
            assert_eq!(
                Decimal::from_str(&format!("{f}")).ok(),
                Some(d.normalize()),
                "{s}"
            );
        }
    }

    #[test]
    fn references_and_cuts() {
        assert_eq!(parse_a1("H12"), Some((11, 7)));
        assert_eq!(parse_a1("$XFD$1048576"), Some((1_048_575, 16_383)));
        assert_eq!(parse_a1("XFE1"), None);
        assert_eq!(parse_a1("A0"), None);
        assert_eq!(parse_a1("12"), None);
        assert_eq!(a1(11, 7), "H12");
        assert_eq!(fit("abc", 2), "ab");
        assert_eq!(fit("a😀b", 2), "a");
        assert_eq!(fit("a😀b", 3), "a😀");
    }

    #[test]
    fn findings_sheet_names() {
        assert_eq!(
            unique_sheet_name(&["Data"], "Temuan").as_deref(),
            Ok("Temuan")
        );
        assert_eq!(
            unique_sheet_name(&["temuan", "Temuan (2)"], "Temuan").as_deref(),
            Ok("Temuan (3)")
        );
        assert!(unique_sheet_name(&[], "a/b").is_err());
        assert!(unique_sheet_name(&[], "history").is_err());
        let long = "x".repeat(40);
        assert_eq!(unique_sheet_name(&[], &long).map(|n| n.len()), Ok(31));
    }
}
