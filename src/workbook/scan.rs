//! What calamine would read of an .xlsx worksheet in passes of its own, read in
//! one quick byte scan of the sheet's XML instead: its merged ranges (calamine
//! parses the whole sheet again to reach them) and whether any formula lacks a
//! saved value (which otherwise takes another full pass, needed only then).
//!
//! The quick reader (`quick.rs`) finds the same while it reads the cells; the scan
//! serves the sheets it leaves to calamine, and opens the package for both.
//!
//! The scan is conservative: anything it does not expect (a namespace prefix on
//! the elements, a reference it cannot read, a part it cannot find) gives `None`,
//! and the caller asks calamine as before, so the answers are always calamine's.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use calamine::Dimensions;
use memchr::memmem;

use super::grid;
use super::quick::{self, QuickSheet, SharedStrings, Stop, StyleFormat};
use super::tags::{attribute, cell, dimension, merge_refs};
use super::{small_part, workbook_part, xml_attrs, Limits};

/// How large a sheet's XML must be for the quick reader to unpack it on a
/// thread of its own (below it, a thread costs more than it saves).
const UNPACK_ALONGSIDE_BYTES: u64 = 4 << 20;

/// An .xlsx package opened for scanning, with the part of each sheet.
pub(super) struct Package {
    zip: zip::ZipArchive<BufReader<File>>,
    /// Sheet name -> the part holding its XML.
    parts: HashMap<String, String>,
    max_part_bytes: u64,
    /// The folder of the workbook part (`xl/`), where calamine looks for the
    /// shared strings.
    dir: String,
    /// The shared strings as the quick reader read them, once asked for: None
    /// inside when it could not.
    strings: Option<Option<SharedStrings>>,
    /// Whether every number format id in the styles is plain digits (calamine
    /// reads another as a format's name, and a date format so named would not
    /// show in the styles it gives): the quick reader reads nothing otherwise.
    plain_styles: bool,
}

/// What a sheet's XML says besides its cells.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Scan {
    pub merges: Vec<Dimensions>,
    /// Some formula cell holds no value (or a blank one): the formulas must be read.
    pub uncalculated_formulas: bool,
    /// The sheet holds a formula at all.
    pub formulas: bool,
    /// Shared formulas written on a cell other than their range's first (the
    /// anchor cell and the `ref` range): calamine moves such a formula from the
    /// range's first cell, a row or column off.
    pub shared_off: Vec<((u32, u32), Dimensions)>,
    /// The rows `<row hidden="1">` marks (0-based, in order): what a filter
    /// or the user hid when the file was saved.
    pub hidden_rows: Vec<u32>,
}

impl Package {
    pub(super) fn open(path: &Path, limits: &Limits) -> Option<Package> {
        let file = File::open(path).ok()?;
        let mut zip = zip::ZipArchive::new(BufReader::new(file)).ok()?;
        let book = workbook_part(&mut zip, limits);
        let (dir, file) = book.rsplit_once('/').unwrap_or(("", book.as_str()));
        let workbook = small_part(&mut zip, &book, limits)?;
        let rels_name = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        let rels = small_part(&mut zip, &rels_name, limits)?;
        let targets: HashMap<String, String> = xml_attrs(&rels, "Relationship", ["Id", "Target"])
            .into_iter()
            .map(|[id, target]| (id, target))
            .collect();
        let parts = xml_attrs(&workbook, "sheet", ["name", "id"])
            .into_iter()
            .filter_map(|[name, id]| {
                let target = targets.get(&id)?;
                let part = match target.strip_prefix('/') {
                    Some(absolute) => absolute.to_string(),
                    None if dir.is_empty() => target.clone(),
                    None => format!("{dir}/{target}"),
                };
                Some((name, part))
            })
            .collect();
        let dir = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        Some(Package {
            zip,
            parts,
            max_part_bytes: limits.max_part_bytes,
            dir,
            strings: None,
            plain_styles: false,
        })
    }

    /// How many bytes one sheet's XML unpacks to, as the zip declares it (the zip
    /// reader refuses a part that unpacks to more).
    pub(super) fn part_size(&mut self, sheet: &str) -> Option<u64> {
        let part = self.parts.get(sheet)?;
        self.zip.by_name(part).ok().map(|entry| entry.size())
    }

    /// As [`Package::scan`], giving up (None) as soon as `stop` is set: for a scan
    /// on a thread of its own, no longer wanted when reading the cells failed.
    pub(super) fn scan_until(&mut self, sheet: &str, stop: &AtomicBool) -> Option<Scan> {
        let part = self.parts.get(sheet)?;
        let entry = self.zip.by_name(part).ok()?;
        if entry.size() > self.max_part_bytes {
            return None;
        }
        scan(Stoppable {
            inner: entry.take(self.max_part_bytes),
            stop,
        })
    }

    /// Reads what the quick reader needs of the whole workbook, unless read
    /// already: the shared strings, and whether the styles name their number
    /// formats plainly.
    pub(super) fn read_strings_and_styles(&mut self) {
        if self.strings.is_some() {
            return;
        }
        let styles = format!("{}styles.xml", self.dir);
        self.plain_styles = match self.zip.by_name(&styles) {
            Ok(entry) if entry.size() <= self.max_part_bytes => {
                let mut xml = Vec::new();
                entry
                    .take(self.max_part_bytes)
                    .read_to_end(&mut xml)
                    .is_ok()
                    && plain_format_ids(&xml)
            }
            Ok(_) => false,
            Err(zip::result::ZipError::FileNotFound) => true,
            Err(_) => false,
        };
        let path = format!("{}sharedStrings.xml", self.dir);
        self.strings = Some(match self.zip.by_name(&path) {
            Ok(entry) if entry.size() <= self.max_part_bytes => {
                SharedStrings::read(entry.take(self.max_part_bytes))
            }
            Ok(_) => None,
            Err(zip::result::ZipError::FileNotFound) => Some(SharedStrings::default()),
            Err(_) => None,
        });
    }

    /// Reads one sheet with the quick reader (see [`quick`]): unsure when the
    /// part or the shared strings are not where calamine finds them, or hold
    /// what the quick reader does not read.
    pub(super) fn quick_read(
        &mut self,
        sheet: &str,
        styles: &[StyleFormat],
        grid: grid::Builder,
        limit: usize,
        keep_formulas: bool,
    ) -> Result<QuickSheet, Stop> {
        self.read_strings_and_styles();
        if !self.plain_styles {
            return Err(Stop::Unsure);
        }
        let Package {
            zip,
            parts,
            max_part_bytes,
            strings,
            ..
        } = self;
        let strings = strings
            .as_ref()
            .and_then(Option::as_ref)
            .ok_or(Stop::Unsure)?;
        let part = parts.get(sheet).ok_or(Stop::Unsure)?;
        let entry = zip.by_name(part).map_err(|_| Stop::Unsure)?;
        let size = entry.size();
        if size > *max_part_bytes {
            return Err(Stop::Unsure);
        }
        let alongside = size >= UNPACK_ALONGSIDE_BYTES;
        quick::read_sheet(
            entry.take(*max_part_bytes),
            alongside,
            strings,
            styles,
            grid,
            limit,
            keep_formulas,
        )
    }

    /// Scans one sheet's XML; None when anything is unexpected.
    pub(super) fn scan(&mut self, sheet: &str) -> Option<Scan> {
        let part = self.parts.get(sheet)?;
        let entry = self.zip.by_name(part).ok()?;
        if entry.size() > self.max_part_bytes {
            return None;
        }
        scan(entry.take(self.max_part_bytes))
    }
}

/// Whether every `numFmtId` in a styles part is written `numFmtId="123"`.
fn plain_format_ids(xml: &[u8]) -> bool {
    let finder = memmem::Finder::new(b"numFmtId");
    let mut pos = 0;
    while let Some(i) = finder.find(&xml[pos..]) {
        let rest = &xml[pos + i + b"numFmtId".len()..];
        let digits = rest
            .get(2..)
            .map_or(0, |r| r.iter().take_while(|b| b.is_ascii_digit()).count());
        if !rest.starts_with(b"=\"") || digits == 0 || rest.get(2 + digits) != Some(&b'"') {
            return false;
        }
        pos += i + b"numFmtId".len();
    }
    true
}

/// A reader that fails once `stop` is set.
struct Stoppable<'a, R> {
    inner: R,
    stop: &'a AtomicBool,
}

impl<R: Read> Read for Stoppable<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.stop.load(Ordering::Relaxed) {
            return Err(std::io::Error::other("no longer wanted"));
        }
        self.inner.read(buf)
    }
}

/// Bytes read at a time.
const CHUNK: usize = 256 << 10;

struct Stream<R> {
    reader: R,
    buf: Vec<u8>,
    eof: bool,
    /// How many times the buffer was refilled (positions found before are stale).
    fills: usize,
}

impl<R: Read> Stream<R> {
    /// Drops the bytes before `keep`, reads a chunk more; returns how far the kept
    /// bytes moved (to subtract from positions), None on a read error.
    fn more(&mut self, keep: usize) -> Option<usize> {
        let keep = keep.min(self.buf.len());
        self.fills += 1;
        self.buf.drain(..keep);
        let have = self.buf.len();
        self.buf.resize(have + CHUNK, 0);
        let mut filled = have;
        while filled < self.buf.len() {
            match self.reader.read(&mut self.buf[filled..]) {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return None,
            }
        }
        self.buf.truncate(filled);
        Some(keep)
    }

    /// The first `needle` at or after `*from`, reading on as needed; what lies
    /// before `*from` (and what was searched) may be dropped, and `*from` moves
    /// with the buffer.
    fn find_far(&mut self, finder: &memmem::Finder<'_>, from: &mut usize) -> Option<usize> {
        let n = finder.needle().len();
        loop {
            if let Some(i) = finder.find(&self.buf[*from..]) {
                return Some(*from + i);
            }
            if self.eof {
                return None;
            }
            // The needle may straddle the end: keep its length less one byte.
            let keep = (*from).max(self.buf.len().saturating_sub(n - 1));
            let moved = self.more(keep)?;
            *from = keep - moved;
        }
    }

    /// As `find_far`, but nothing from `*from` on is dropped (for a match that
    /// must be read together with what precedes it, near it).
    fn find_near(&mut self, finder: &memmem::Finder<'_>, from: &mut usize) -> Option<usize> {
        let mut searched = *from;
        let n = finder.needle().len();
        loop {
            if let Some(i) = finder.find(&self.buf[searched..]) {
                return Some(searched + i);
            }
            if self.eof {
                return None;
            }
            let next = (*from).max(self.buf.len().saturating_sub(n - 1));
            let moved = self.more(*from)?;
            *from -= moved;
            searched = next - moved;
        }
    }
}

fn scan(reader: impl Read) -> Option<Scan> {
    let mut s = Stream {
        reader,
        buf: Vec::with_capacity(CHUNK * 2),
        eof: false,
        fills: 0,
    };
    s.more(0)?;
    let mut pos = 0usize;
    // <sheetData ...> opens the cells; a prefixed element (<x:sheetData>) is not
    // looked for: calamine answers instead.
    pos = s.find_far(&memmem::Finder::new(b"<sheetData"), &mut pos)?;
    let gt = s.find_near(&memmem::Finder::new(b">"), &mut pos)?;
    if !matches!(s.buf[pos + 10], b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/') {
        return None;
    }
    let empty = s.buf[gt - 1] == b'/';
    pos = gt + 1;
    let mut uncalculated = false;
    let mut formulas = false;
    let mut shared_off = Vec::new();
    let mut hidden_rows: Vec<u32> = Vec::new();
    if !empty {
        let end = memmem::Finder::new(b"</sheetData>");
        let formula = memmem::Finder::new(b"<f");
        let cell_end = memmem::Finder::new(b"</c>");
        // Where the cells end in the buffer as it stands (looked for once per
        // buffer, not once per formula: a sheet of formulas is no slower to scan).
        let mut end_in: Option<(usize, Option<usize>)> = None;
        let hidden = memmem::Finder::new(b" hidden=\"");
        loop {
            let e = match end_in {
                Some((fills, e)) if fills == s.fills => e,
                _ => {
                    let e = end.find(&s.buf[pos..]).map(|e| pos + e);
                    end_in = Some((s.fills, e));
                    e
                }
            };
            let f = formula.find(&s.buf[pos..e.unwrap_or(s.buf.len())]);
            // The rows hidden between here and the next formula (or the end
            // of what the buffer holds, less what a cut attribute could span).
            let upto = match (f, e) {
                (Some(f), _) => pos + f,
                (None, Some(e)) => e,
                // (Up to the last tag that starts well before the end: the rest,
                // kept for the next fill, is looked through whole then.)
                (None, None) => {
                    let before = s.buf.len().saturating_sub(32).max(pos);
                    memchr::memrchr(b'<', &s.buf[pos..before]).map_or(pos, |lt| pos + lt)
                }
            };
            hidden_rows_in(&s.buf, pos, upto, &hidden, &mut hidden_rows);
            match (f, e) {
                (Some(f), _) => {
                    pos += f;
                    // The formula's cell, to its end: `<f ...>...</f><v>...</v></c>`.
                    let c = s.find_near(&cell_end, &mut pos)?;
                    if matches!(s.buf[pos + 2], b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/') {
                        formulas = true;
                        if !has_value(&s.buf[pos..c]) {
                            uncalculated = true;
                        }
                        if let Some(off) = shared_off_anchor(&s.buf[..c], pos) {
                            shared_off.push(off);
                        }
                    }
                    pos += 2;
                }
                (None, Some(e)) => {
                    pos = e + b"</sheetData>".len();
                    break;
                }
                (None, None) => {
                    if s.eof {
                        return None;
                    }
                    // (What was looked through for hidden rows is not kept:
                    // the rest of the buffer is, and is looked through again.)
                    let keep = upto
                        .min(s.buf.len().saturating_sub(b"</sheetData>".len() - 1))
                        .max(pos);
                    let moved = s.more(keep)?;
                    pos = keep - moved;
                }
            }
        }
    }
    let merges = match s.find_far(&memmem::Finder::new(b"<mergeCells"), &mut pos) {
        None => Vec::new(),
        Some(m) => {
            pos = m;
            let gt = s.find_near(&memmem::Finder::new(b">"), &mut pos)?;
            if s.buf[gt - 1] == b'/' {
                Vec::new()
            } else {
                let close = s.find_near(&memmem::Finder::new(b"</mergeCells>"), &mut pos)?;
                merge_refs(&s.buf[pos + b"<mergeCells".len()..close])?
            }
        }
    };
    Some(Scan {
        merges,
        uncalculated_formulas: uncalculated,
        formulas,
        shared_off,
        hidden_rows,
    })
}

/// Notes the rows a `hidden="1"` (or `"true"`) of their `<row>` tag marks in
/// `buf[from..to]`.
fn hidden_rows_in(buf: &[u8], from: usize, to: usize, finder: &memmem::Finder, out: &mut Vec<u32>) {
    let mut at = from;
    while at < to {
        let Some(i) = finder.find(&buf[at..to]) else {
            return;
        };
        let h = at + i;
        at = h + 1;
        let value = &buf[h + b" hidden=\"".len()..];
        if !(value.starts_with(b"1\"") || value.starts_with(b"true\"")) {
            continue;
        }
        // The tag it stands in: a `<row` with no `>` between.
        let Some(lt) = memchr::memrchr(b'<', &buf[..h]) else {
            continue;
        };
        let tag = &buf[lt..h];
        if !tag.starts_with(b"<row ") || memchr::memchr(b'>', tag).is_some() {
            continue;
        }
        let gt = h + memchr::memchr(b'>', &buf[h..]).unwrap_or(0);
        let Some(r) = attribute(&buf[lt + 4..gt], b"r").flatten() else {
            continue;
        };
        let row = std::str::from_utf8(r)
            .ok()
            .and_then(|t| t.parse::<u32>().ok());
        if let Some(row) = row.filter(|r| *r >= 1) {
            if out.last() != Some(&(row - 1)) {
                out.push(row - 1);
            }
        }
    }
}

/// The anchor cell and range of a shared formula whose `<f` starts at `f` in
/// `buf` (which holds its cell), where the anchor is not the range's first cell.
fn shared_off_anchor(buf: &[u8], f: usize) -> Option<((u32, u32), Dimensions)> {
    let tag_end = f + memchr::memchr(b'>', &buf[f..])?;
    let tag = &buf[f + 2..tag_end];
    memmem::find(tag, b"ref=")?;
    if attribute(tag, b"t").flatten() != Some(b"shared".as_slice()) {
        return None;
    }
    let range = dimension(attribute(tag, b"ref").flatten()?)?;
    let start = memmem::rfind(&buf[..f], b"<c ")?;
    let open_end = start + memchr::memchr(b'>', &buf[start..f])?;
    let at = cell(attribute(&buf[start + 2..open_end], b"r").flatten()?)?;
    (at != range.start).then_some((at, range))
}

/// Whether a formula cell's XML (from `<f` to its `</c>`) holds a saved value
/// that is not blank.
fn has_value(cell: &[u8]) -> bool {
    let Some(v) = memmem::find(cell, b"<v>") else {
        return false;
    };
    let content = &cell[v + 3..];
    let end = memmem::find(content, b"</v>").unwrap_or(content.len());
    content[..end].iter().any(|b| !b.is_ascii_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scanned(xml: &str) -> Option<Scan> {
        scan(xml.as_bytes())
    }

    #[test]
    fn number_format_ids_must_be_plain_digits() {
        assert!(plain_format_ids(
            br#"<numFmt numFmtId="164" formatCode="0.00%"/><xf numFmtId="0"/>"#
        ));
        assert!(plain_format_ids(b"<styleSheet/>"));
        assert!(!plain_format_ids(
            br#"<numFmt numFmtId="d1" formatCode="dd/mm/yyyy"/>"#
        ));
        assert!(!plain_format_ids(br#"<xf numFmtId = "14"/>"#));
        assert!(!plain_format_ids(br#"<xf numFmtId='14'/>"#));
        assert!(!plain_format_ids(br#"<xf numFmtId=""/>"#));
    }

    #[test]
    fn merges_and_formulas_are_found_in_one_scan() {
        let xml = r#"<?xml version="1.0"?><worksheet><dimension ref="A1:C3"/><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><f>A1*2</f><v>4</v></c></row><row r="2"><c r="A2" s="1"/></row></sheetData><mergeCells count="2"><mergeCell ref="A1:C1"/><mergeCell ref='B2'/></mergeCells></worksheet>"#;
        assert_eq!(
            scanned(xml),
            Some(Scan {
                merges: vec![
                    Dimensions::new((0, 0), (0, 2)),
                    Dimensions::new((1, 1), (1, 1))
                ],
                uncalculated_formulas: false,
                formulas: true,
                shared_off: Vec::new(),
                hidden_rows: Vec::new(),
            })
        );
    }

    #[test]
    fn a_formula_without_a_value_is_noticed() {
        for cell in [
            r#"<c r="B1"><f>A1*2</f></c>"#,
            r#"<c r="B1" t="str"><f>A1</f><v></v></c>"#,
            r#"<c r="B1" t="str"><f t="shared" si="0"/><v> </v></c>"#,
            r#"<c r="B1"><f>A1</f><v/></c>"#,
        ] {
            let xml =
                format!("<worksheet><sheetData><row r=\"1\">{cell}</row></sheetData></worksheet>");
            assert_eq!(
                scanned(&xml).map(|s| s.uncalculated_formulas),
                Some(true),
                "{cell}"
            );
        }
    }

    #[test]
    fn what_the_scan_does_not_know_is_left_to_calamine() {
        // Prefixed elements, a reference it cannot read, a part cut short.
        assert_eq!(
            scanned("<x:worksheet><x:sheetData></x:sheetData></x:worksheet>"),
            None
        );
        assert_eq!(
            scanned(
                r#"<worksheet><sheetData/><mergeCells><mergeCell ref="A0:B2"/></mergeCells></worksheet>"#
            ),
            None
        );
        assert_eq!(scanned("<worksheet><sheetData><row><c><f>1</f>"), None);
        assert_eq!(
            scanned("<worksheet><sheetData/></worksheet>"),
            Some(Scan {
                merges: Vec::new(),
                uncalculated_formulas: false,
                formulas: false,
                shared_off: Vec::new(),
                hidden_rows: Vec::new(),
            })
        );
    }

    #[test]
    fn a_long_sheet_is_scanned_across_chunks() {
        let mut xml = String::from("<worksheet><sheetData>");
        for r in 1..=40_000 {
            xml.push_str(&format!(
                "<row r=\"{r}\"><c r=\"A{r}\"><v>{r}</v></c><c r=\"B{r}\"><f>A{r}*2</f><v>{}</v></c></row>",
                r * 2
            ));
        }
        xml.push_str("</sheetData><mergeCells count=\"1\"><mergeCell ref=\"A1:B1\"/></mergeCells></worksheet>");
        assert!(xml.len() > 3 * CHUNK);
        assert_eq!(
            scanned(&xml),
            Some(Scan {
                merges: vec![Dimensions::new((0, 0), (0, 1))],
                uncalculated_formulas: false,
                formulas: true,
                shared_off: Vec::new(),
                hidden_rows: Vec::new(),
            })
        );
        let missing = xml.replacen("<v>60000</v>", "", 1);
        assert_eq!(
            scanned(&missing).map(|s| s.uncalculated_formulas),
            Some(true)
        );
    }

    #[test]
    fn the_rows_a_filter_hid_are_found_across_chunks() {
        // Every seventh row hidden, some of them without a formula (only plain
        // values between two formulas), in a sheet longer than three chunks.
        let mut xml = String::from("<worksheet><sheetData>");
        let mut expected = Vec::new();
        for r in 1..=40_000u32 {
            let hidden = r % 7 == 0;
            if hidden {
                expected.push(r - 1);
            }
            let attr = if hidden { " hidden=\"1\"" } else { "" };
            let cells = if r % 3 == 0 {
                format!(
                    "<c r=\"A{r}\"><v>{r}</v></c><c r=\"B{r}\"><f>A{r}*2</f><v>{}</v></c>",
                    r * 2
                )
            } else {
                format!("<c r=\"A{r}\"><v>{r}</v></c>")
            };
            xml.push_str(&format!(
                "<row r=\"{r}\" spans=\"1:2\"{attr} x14ac:dyDescent=\"0.25\">{cells}</row>"
            ));
        }
        xml.push_str("</sheetData></worksheet>");
        assert!(xml.len() > 3 * CHUNK);
        assert_eq!(scanned(&xml).map(|s| s.hidden_rows), Some(expected));
        // hidden="0" and a cell's text are no hidden row.
        let shown = r#"<worksheet><sheetData><row r="2" hidden="0"><c r="A2" t="inlineStr"><is><t> hidden="1"</t></is></c></row></sheetData></worksheet>"#;
        assert_eq!(scanned(shown).map(|s| s.hidden_rows), Some(Vec::new()));
    }
}
