//! Finding tables on sheets by what their headers say, never by their caption
//! (another unit numbers its tables differently). A header may span up to three
//! rows with merged cells; a column's header is the path of texts above it
//! (`Keuangan > % Capaian`). Several tables may share a sheet; a table ends at a
//! `Sumber :` / `Keterangan` line, a caption, three blank rows, or the next header.

use rust_decimal::Decimal;

use crate::rules::{ColumnKind, ColumnRule, RowRole, Rules, TableRule};
use crate::text::{any_matches, normalise};
use crate::workbook::{Raw, Sheet};

/// Deepest header block considered, in rows.
const MAX_HEADER_ROWS: u32 = 3;
/// Deepest header block when group headers stand over sub-headers.
const MAX_GROUP_ROWS: u32 = 6;
/// Blank rows that end a table (a single blank row inside a table does not).
const BLANK_ROWS_END: u32 = 3;

/// Where one table lies on a sheet and which sheet column holds each rule column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub rule: usize,
    pub header_top: u32,
    pub header_bottom: u32,
    /// Per rule column, the sheet columns it matched, left to right: one, or
    /// several for a `many` column (a target per year, a triwulan each).
    pub columns: Vec<Vec<Member>>,
    pub left: u32,
    pub right: u32,
    /// First and last body row (inclusive); `body_end < body_start` when empty.
    pub body_start: u32,
    pub body_end: u32,
    /// Header rows repeated inside the body (a table continued on a new page).
    pub repeated_headers: Vec<u32>,
    pub caption: Option<String>,
    /// Lines just under the table (Sumber, Keterangan, footnotes such as
    /// "*) indikator negatif (semakin kecil semakin baik)").
    pub notes: Vec<String>,
}

/// One sheet column of a rule column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub col: u32,
    /// The header as the user wrote it (its last line).
    pub header: String,
    /// The year its header path names (`Target Capaian > 2024`, `2023 > R`).
    pub year: Option<u32>,
    /// The header path's own words after the year, for matching members (`R`, `T`, `IV`).
    pub tag: String,
}

/// The first year (1900-2099) a header path names.
pub fn year_in(parts: &[String]) -> Option<u32> {
    parts.iter().find_map(|p| {
        p.split(|c: char| !c.is_ascii_digit())
            .filter(|w| w.len() == 4 && (w.starts_with("19") || w.starts_with("20")))
            .find_map(|w| w.parse().ok())
    })
}

/// One column's header: the normalised texts from top to bottom, and what to show.
struct HeaderPath {
    parts: Vec<String>,
    /// The parts without what only qualifies them ([`plain`]), where that
    /// leaves something else: read when no rule's words name the header as it is.
    plain: Option<Vec<String>>,
    /// The unit its marks say (`Rp`, `(Rp)`, `(%)`): only a column of that kind
    /// takes it by its plain texts.
    unit: Option<ColumnKind>,
    /// Each part's line as the user wrote it.
    lines: Vec<String>,
    shown: String,
}

fn header_paths(sheet: &Sheet, top: u32, depth: u32, left: u32, right: u32) -> Vec<HeaderPath> {
    (left..=right)
        .map(|c| {
            let mut parts: Vec<String> = Vec::new();
            let mut lines: Vec<String> = Vec::new();
            let mut shown = String::new();
            for r in top..top + depth {
                let raw = sheet.merged_text(r, c);
                let n = normalise(&raw);
                // A column number of the form's numbering row ("7", "(3)",
                // "13 = 9 + 10 + 11 + 12") names no column.
                if n.is_empty() || parts.last() == Some(&n) || numbering_token(&n) {
                    continue;
                }
                parts.push(n);
                let line = raw.split_whitespace().collect::<Vec<_>>().join(" ");
                lines.push(line.clone());
                // A last line without a word ("%" under "Keuangan") says little
                // alone: it is shown after the line above it ("Keuangan %"); so
                // does a unit mark under a short sub-group ("Rp" under "II").
                // A quarter's numeral under its group word ("IV" under
                // "Triwulan") is named with it: "Triwulan IV", and a mark under
                // that after it ("Triwulan IV K").
                let quarter = |t: &str| {
                    let words: Vec<&str> = t.split_whitespace().collect();
                    matches!(words.as_slice(), [w, n] if quarter_word(w) && roman(n))
                };
                let numeral_under_word = roman(&line) && quarter_word(&shown);
                let mark_under_group = line.chars().count() <= 3
                    && (shown.chars().count() <= 6 || quarter(&shown))
                    && shown.chars().any(char::is_alphabetic);
                shown = if (line.chars().any(char::is_alphabetic)
                    && !mark_under_group
                    && !numeral_under_word)
                    || shown.is_empty()
                {
                    line
                } else {
                    format!("{shown} {line}")
                };
            }
            HeaderPath {
                plain: plain_parts(&parts),
                unit: unit_of(&parts),
                parts,
                lines,
                shown,
            }
        })
        .collect()
}

/// A header's parts as a rule's words may name them once what only qualifies
/// them is set aside ([`plain`]), a unit under a named group dropped (`Rp`
/// under "Realisasi s/d Triwulan II"); None where nothing changes.
fn plain_parts(parts: &[String]) -> Option<Vec<String>> {
    let mut out: Vec<String> = parts.to_vec();
    if out.len() > 1 && out.last().is_some_and(|p| money_mark(p)) {
        out.pop();
    }
    for p in out.iter_mut() {
        if let Some(q) = plain(p) {
            *p = q;
        }
    }
    (out != parts).then_some(out)
}

/// The unit a header's marks say: Rupiah (`Rp` under it, `(Rp)`, `(Rp.)`) or a
/// percentage (`%` under it, `(%)`).
fn unit_of(parts: &[String]) -> Option<ColumnKind> {
    let last = parts.last()?;
    let marked =
        |mark: &str| last.contains(&format!("({mark}")) || last.ends_with(&format!(" {mark}"));
    if money_mark(last) || marked("rp") || marked("rupiah") {
        Some(ColumnKind::Money)
    } else if last.trim_matches(|c: char| matches!(c, '(' | ')' | ' ')) == "%" || marked("%") {
        Some(ColumnKind::Percent)
    } else {
        None
    }
}

/// A unit mark that says a column holds Rupiah: `Rp`, `(Rp)`, `Rp.`, `Rupiah`.
fn money_mark(part: &str) -> bool {
    matches!(
        part.trim_matches(|c: char| matches!(c, '(' | ')' | '.' | ' ')),
        "rp" | "rupiah"
    )
}

/// A normalised header without what only qualifies it, where a name is left:
/// a note in brackets at its end ("pagu anggaran (rp)", "nilai rincian
/// (pagu)", "capaian tw ii (%)") and the period after its name ("realisasi s/d
/// triwulan ii", "target tw ii", "realisasi s.d. juni", "pagu tahun 2024").
/// The words of a period are the vocabulary's (`period_words`), with numbers
/// and the numerals of a quarter.
pub(crate) fn plain(header: &str) -> Option<String> {
    let mut t = header.trim();
    // Brackets at the end, one group after another ("capaian (%) (tw ii)").
    while t.ends_with(')') {
        match t.rfind('(') {
            Some(i) if i > 0 => t = t[..i].trim_end(),
            _ => break,
        }
    }
    let period = &crate::rules::vocabulary::words().period_words;
    let bare = |w: &str| w.replace('.', "");
    let periodic = |w: &str| {
        let w = bare(w.trim_matches(|c: char| !c.is_alphanumeric()));
        w.is_empty()
            || period.contains(&w)
            || w.chars().all(|c| c.is_ascii_digit())
            || matches!(w.as_str(), "i" | "ii" | "iii" | "iv")
            || w.strip_prefix("ke").is_some_and(|n| {
                let n = n.trim_start_matches('-');
                !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())
            })
    };
    // What a period starts with: a period's word other than those that only
    // go on one ("anggaran" in "Tahun Anggaran 2024"), or a year.
    let starts = |w: &str| {
        let w = bare(w.split('/').next().unwrap_or(w));
        let year = w.len() == 4 && (w.starts_with("19") || w.starts_with("20"));
        year || (period.contains(&w)
            && !matches!(w.as_str(), "anggaran" | "dengan" | "d" | "pelaksanaan"))
    };
    // The period: the longest run of such words at the end, after a word that is not.
    let words: Vec<&str> = t.split(' ').collect();
    let first_period = (1..words.len())
        .find(|&i| starts(words[i]) && words[i..].iter().all(|w| w.split('/').all(periodic)))
        .unwrap_or(words.len());
    let name = words[..first_period].join(" ");
    let name = name.trim_end_matches([',', '-', ':', ' ']);
    // (A period alone, "Tahun Anggaran 2024", names no column; "Anggaran"
    // first, "Anggaran (Rp)", names the budget.)
    let named = name.split([' ', '/']).any(|w| !periodic(w)) || name.starts_with("anggaran");
    let name = written_out(name);
    (name != header && named && name.chars().any(char::is_alphabetic)).then_some(name)
}

/// A header with the words it shortens written out: "angg." "anggaran",
/// "% real." "% realisasi" (rules/kosakata.toml, `abbreviations`).
fn written_out(name: &str) -> String {
    let short = &crate::rules::vocabulary::words().abbreviations;
    name.split(' ')
        .map(|w| {
            let bare = w.trim_end_matches('.');
            short
                .iter()
                .find(|(a, _)| a == bare)
                .map_or(w, |(_, word)| word.as_str())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

impl HeaderPath {
    /// The nearest line above the shown header that it does not already say
    /// (`Kabupaten` over `Nilai`, `PAGU AKAS` over `SD JUNI`).
    fn qualifier(&self) -> Option<&str> {
        let shown = self.shown.to_lowercase();
        self.lines
            .iter()
            .rev()
            .find(|l| !shown.contains(&l.to_lowercase()))
            .map(String::as_str)
    }
}

/// Members that share a header in one table are named by it and the nearest
/// line above it that tells them apart (`Nilai Setda`, `Nilai Kabupaten`); a
/// year already does (`R 2023`).
/// Where one header row has no line above to tell two columns apart (Tabel
/// 3.8's "Indikator Kinerja" beside "Tujuan/Sasaran" and again beside
/// "Program/ Kegiatan"), each is named by the nearest column on its left
/// whose header is its own: `Indikator Kinerja (Program/ Kegiatan)`.
fn distinguish(members: &mut [Vec<Member>], paths: &[HeaderPath], left: u32) {
    let key = |m: &Member| (m.header.to_lowercase(), m.year);
    let all: Vec<(String, Option<u32>)> = members.iter().flatten().map(key).collect();
    let shared = |m: &Member| all.iter().filter(|k| **k == key(m)).count() > 1;
    // The columns whose header no other column shares, left to right.
    let mut own: Vec<(u32, String)> = members
        .iter()
        .flatten()
        .filter(|m| !shared(m))
        .map(|m| (m.col, m.header.clone()))
        .collect();
    own.sort();
    for m in members.iter_mut().flatten() {
        // An unsur's column code alone ("U12", "U-3") is said as the unsur.
        if unsur_code(&m.header) {
            m.header = format!("Unsur {}", m.header.trim());
        }
        if !shared(m) {
            // A unit alone ("Rp" under "Realisasi s/d Triwulan II", a Renja
            // form's "K") is said with the header it stands under.
            let unit = money_mark(&m.header.to_lowercase()) || matches!(m.header.trim(), "%" | "K");
            if let Some(q) = paths
                .get((m.col - left) as usize)
                .and_then(HeaderPath::qualifier)
                .filter(|_| unit)
            {
                m.header = format!("{q} ({})", m.header.trim());
            }
            continue;
        }
        if let Some(q) = paths
            .get((m.col - left) as usize)
            .and_then(HeaderPath::qualifier)
        {
            // A group heading that names the column already ("Nilai Kabupaten"
            // over "Nilai") names it alone.
            m.header = if q.to_lowercase().contains(&m.header.to_lowercase()) {
                q.to_string()
            } else {
                format!("{} {q}", m.header)
            };
        } else if m.year.is_none() {
            if let Some((_, name)) = own.iter().rev().find(|(c, _)| *c < m.col) {
                m.header = format!("{} ({name})", m.header);
            }
        }
    }
}

/// A survey unsur's column code: `U1`, `U12`, `U-3`, `U 9`.
fn unsur_code(header: &str) -> bool {
    let t = header.trim();
    let Some(rest) = t.strip_prefix('U').or_else(|| t.strip_prefix('u')) else {
        return false;
    };
    let digits = rest.trim_start_matches(['-', ' ']);
    (1..=2).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit())
}

/// A quarter's numeral: `I` .. `IV`.
fn roman(t: &str) -> bool {
    matches!(t.trim(), "I" | "II" | "III" | "IV")
}

/// A word a quarter's numeral stands under: `Triwulan`, `TW`, `Semester`.
fn quarter_word(t: &str) -> bool {
    matches!(
        t.trim().to_lowercase().as_str(),
        "triwulan" | "tw" | "tw." | "semester" | "kuartal"
    )
}

/// A column number of a numbering row: `7`, `(3)`, `13 = 9 + 10 + 11 + 12`.
fn numbering_token(t: &str) -> bool {
    let t = t.trim_start_matches('(');
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 2 {
        return false;
    }
    let rest = t[digits..].trim_start_matches(')').trim();
    rest.is_empty() || rest.starts_with('=')
}

/// A row that may carry a header block past its third row: short marks only,
/// no number (a column number typed as text, a `K` / `Rp` unit row, a
/// `I` .. `IV` sub-group row), never a row of names or a section line.
fn headerish(sheet: &Sheet, row: u32, left: u32, right: u32) -> bool {
    // Column numbers typed as numbers rise from left to right (7, 8, 9, 10).
    let mut last = Decimal::ZERO;
    sheet
        .cols_in_row(row)
        .filter(|c| *c >= left && *c <= right)
        .all(|c| match sheet.raw(row, c) {
            Raw::Empty => true,
            Raw::Text(t) => t.trim().chars().count() <= 6,
            Raw::Number { value, .. }
                if value.fract().is_zero() && value > last && value < Decimal::ONE_HUNDRED =>
            {
                last = value;
                true
            }
            _ => false,
        })
}

/// Whether a pattern matches the last text, or the last texts joined by ` > `.
fn named(parts: &[String], rule_patterns: &[crate::text::Pattern]) -> bool {
    (0..parts.len()).rev().any(|from| {
        let suffix = parts[from..].join(" > ");
        any_matches(rule_patterns, &suffix)
    })
}

impl HeaderPath {
    /// A pattern matches the last text, or the last texts joined by ` > `.
    fn matches(&self, rule_patterns: &[crate::text::Pattern]) -> bool {
        named(&self.parts, rule_patterns)
    }

    /// Whether the rule's column takes this header: by its texts, or with
    /// `loose` by its plain texts ([`plain_parts`]) where its unit is the
    /// column's (a "Realisasi (Rp)" is no count's realisasi).
    fn fits(&self, col: &ColumnRule, loose: bool) -> bool {
        self.matches(&col.headers)
            || (loose
                && self.unit.is_none_or(|u| u == col.kind)
                && self
                    .plain
                    .as_deref()
                    .is_some_and(|p| named(p, &col.headers)))
    }
}

/// Assigns the rule's columns to header columns; None unless every required one is found.
/// A figure column is not given a header column that a text column of the rule
/// could take too and whose cells are words (`wordy`: "Nilai" over "C (Kurang
/// Baik)" is the mutu, not the IKM).
fn assign(
    rule: &TableRule,
    paths: &[HeaderPath],
    left: u32,
    wordy: &mut dyn FnMut(u32) -> bool,
    loose: bool,
) -> Option<Vec<Vec<Member>>> {
    let mut taken = vec![false; paths.len()];
    // A header one of the rule's columns names as it is goes to such a column.
    let named_as_is: Vec<bool> = paths
        .iter()
        .map(|p| loose && rule.columns.iter().any(|c| p.matches(&c.headers)))
        .collect();
    let mut out: Vec<Vec<Member>> = Vec::with_capacity(rule.columns.len());
    for col in &rule.columns {
        let min = match col.after {
            Some(i) => out
                .get(i)
                .and_then(|o| o.first())
                .map_or(0, |m| m.col - left + 1),
            None => 0,
        } as usize;
        let fits: Vec<usize> = (min..paths.len())
            .filter(|&i| !taken[i] && paths[i].fits(col, loose && !named_as_is[i]))
            .filter(|&i| {
                // A header two of the rule's columns could take ("Nilai": the IKM
                // or its mutu) goes by its cells: words are not the figure column's.
                let contested = || {
                    rule.columns
                        .iter()
                        .any(|o| o.kind == ColumnKind::Text && paths[i].fits(o, loose))
                };
                !(col.kind != ColumnKind::Text && contested() && wordy(left + i as u32))
            })
            .collect();
        let chosen: Vec<usize> = if col.many {
            fits
        } else {
            same_quarter(&fits, paths)
                .or(fits.first().copied())
                .into_iter()
                .collect()
        };
        let mut matched = Vec::new();
        for i in chosen {
            taken[i] = true;
            matched.push(Member {
                col: left + i as u32,
                header: paths[i].shown.clone(),
                year: year_in(&paths[i].parts),
                tag: paths[i].parts.last().cloned().unwrap_or_default(),
            });
        }
        if matched.is_empty() && !col.optional {
            return None;
        }
        out.push(matched);
    }
    distinguish(&mut out, paths, left);
    Some(out)
}

/// Of several headers one column of a rule could take, the one naming the
/// quarter the table's other columns name: a quarterly report states the
/// year's target and the quarter's ("Target Tahun 2024", "Target TW II"), and
/// its realisation and capaian are the quarter's ("Realisasi TW II").
fn same_quarter(fits: &[usize], paths: &[HeaderPath]) -> Option<usize> {
    if fits.len() < 2 {
        return None;
    }
    let shared = |i: usize| {
        quarter_of(&paths[i].parts).map_or(0, |q| {
            (0..paths.len())
                .filter(|j| !fits.contains(j) && quarter_of(&paths[*j].parts) == Some(q))
                .count()
        })
    };
    let counts: Vec<usize> = fits.iter().map(|&i| shared(i)).collect();
    let best = *counts.iter().max()?;
    (best > 0 && counts.iter().filter(|c| **c == best).count() == 1)
        .then(|| fits[counts.iter().position(|c| *c == best).unwrap_or(0)])
}

/// The quarter a header names (`TW II`, `Triwulan 2`, `s/d Triwulan ke-2`, `TW1`).
fn quarter_of(parts: &[String]) -> Option<u8> {
    let text = parts.join(" ");
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let numeral = |w: &str| match w.trim_start_matches("ke") {
        "i" | "1" => Some(1),
        "ii" | "2" => Some(2),
        "iii" | "3" => Some(3),
        "iv" | "4" => Some(4),
        _ => None,
    };
    words.iter().enumerate().find_map(|(k, w)| {
        if matches!(*w, "tw" | "triwulan" | "trw" | "kuartal") {
            // ("Triwulan ke-2": the numeral after "ke".)
            let next = match words.get(k + 1) {
                Some(&"ke") => words.get(k + 2),
                n => n,
            };
            next.and_then(|n| numeral(n))
        } else {
            w.strip_prefix("tw").and_then(numeral)
        }
    })
}

/// A header row that almost fits a rule: for telling a user why nothing was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NearMiss {
    pub rule: usize,
    pub row: u32,
    pub col: u32,
    /// The rule's required columns that no header matched.
    pub missing: Vec<usize>,
}

/// The header row that comes closest to a rule, on a sheet where none fits.
pub fn nearest(sheet: &Sheet, rules: &Rules) -> Option<NearMiss> {
    let (Some((top, left)), Some((bottom, right))) = (sheet.start(), sheet.end()) else {
        return None;
    };
    let mut best: Option<(usize, NearMiss)> = None;
    for row in top..=bottom.min(top + 200) {
        if !header_like(sheet, row, left, right) {
            continue;
        }
        for (ri, rule) in rules.tables.iter().enumerate() {
            for depth in 1..=MAX_HEADER_ROWS.min(bottom - row + 1) {
                let required: Vec<usize> = (0..rule.columns.len())
                    .filter(|&i| !rule.columns[i].optional)
                    .collect();
                let missing = missing_columns(sheet, rule, &required, row, depth, left, right);
                let found = required.len() - missing.len();
                // (A header naming every column was not taken for another reason.)
                if found >= 2
                    && !missing.is_empty()
                    && best.as_ref().is_none_or(|(f, _)| found > *f)
                {
                    let col = (left..=right)
                        .find(|&c| !sheet.text(row, c).is_empty())
                        .unwrap_or(left);
                    best = Some((
                        found,
                        NearMiss {
                            rule: ri,
                            row,
                            col,
                            missing,
                        },
                    ));
                }
            }
        }
    }
    best.map(|(_, n)| n)
}

/// Of the rule's columns `wanted`, those no column of the header at `row`
/// (`depth` rows deep, columns `left..=right`) names.
pub fn missing_columns(
    sheet: &Sheet,
    rule: &TableRule,
    wanted: &[usize],
    row: u32,
    depth: u32,
    left: u32,
    right: u32,
) -> Vec<usize> {
    let paths = header_paths(sheet, row, depth, left, right);
    wanted
        .iter()
        .copied()
        .filter(|&i| !paths.iter().any(|p| p.fits(&rule.columns[i], true)))
        .collect()
}

/// A row that could start a header: mostly words, not figures.
fn header_like(sheet: &Sheet, row: u32, left: u32, right: u32) -> bool {
    let (mut words, mut figures) = (0, 0);
    for c in sheet.cols_in_row(row).filter(|c| *c >= left && *c <= right) {
        if sheet.has_words(row, c) {
            words += 1;
        } else if !sheet.is_blank(row, c) {
            figures += 1;
        }
    }

    words >= 2 && figures <= words
}

/// The `1 2 3 4 5=4/3 ...` or `(1) (2) ...` row under a header: its numbers
/// rise from left to right (a respondent's scores `1 4 4 4` do not).
fn numbered_row(sheet: &Sheet, row: u32, left: u32, right: u32) -> bool {
    let mut count = 0;
    let mut previous = 0u32;
    for c in left..=right {
        let t = sheet.text(row, c);
        if t.is_empty() {
            continue;
        }
        let t = t.trim_start_matches('(');
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 || digits > 2 {
            return false;
        }
        let rest = t[digits..].trim_start_matches(')').trim();
        if !(rest.is_empty() || rest.starts_with('=') || rest.starts_with('(')) {
            return false;
        }
        let n: u32 = t[..digits].parse().unwrap_or(0);
        if count > 0 && n <= previous {
            return false;
        }
        previous = n;
        count += 1;
    }
    count >= 2
}

fn ends_table(sheet: &Sheet, row: u32, left: u32, right: u32) -> bool {
    // Only the row's first cell counts, and only when it holds words.
    let Some(c) = sheet
        .cols_in_row(row)
        .find(|c| *c >= left && *c <= right && !sheet.is_blank(row, *c))
    else {
        return false;
    };
    if !sheet.has_words(row, c) {
        return false;
    }
    // A note under a table starts at its left edge; words far into the table
    // end it only as a note does, with its colon ("Sumber :"): a KKE's bukti
    // dukung "Catatan dan Rekomendasi …" in its seventh column is a row's own.
    let far = c > left + 2;
    // Most rows are let go without their text being copied and normalised: no
    // marker starts with their first letter.
    let words = crate::rules::vocabulary::words();
    let lead = match sheet.raw(row, c) {
        Raw::Text(t) => t
            .chars()
            .find(|ch| !ch.is_whitespace() && *ch != '\u{a0}')
            .and_then(|ch| ch.to_lowercase().next()),
        _ => None,
    };
    let Some(lead) = lead else { return false };
    if !words.note_markers.iter().any(|m| m.starts_with(lead)) {
        return false;
    }
    let first = sheet.text(row, c);
    // The markers are short: a long label (a kegiatan's full name) is judged by its
    // first words, normalised, unless they are mostly white space.
    let cut = first.char_indices().nth(64).map_or(first.len(), |(i, _)| i);
    let head = &first[..cut];
    let mut n = normalise(head);
    if head.len() < first.len() && n.chars().count() < 16 {
        n = normalise(&first);
    }
    if far {
        // "Sumber :", "Sumber data :", "Keterangan :": a marker, a word or two,
        // then the colon.
        let before_colon = n.find(':').filter(|&i| i <= 30).map(|i| &n[..i]);
        return before_colon.is_some_and(|head| {
            let first = head.split_whitespace().next().unwrap_or("");
            words.note_words.iter().any(|w| w == first)
        });
    }
    words.note_markers.iter().any(|m| n.starts_with(m.as_str()))
}

/// The caption of a table whose header starts at `top`: a "Tabel N" line or a
/// title alone just above, no higher than `floor` (below the table over it).
fn caption_above(sheet: &Sheet, (floor, top): (u32, u32), left: u32, right: u32) -> Option<String> {
    let from = top.saturating_sub(3).max(floor);
    let tidy = |t: String| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let numbered = (from..top).rev().find_map(|r| {
        (left..=right).find_map(|c| {
            let t = sheet.text(r, c);
            normalise(&t).starts_with("tabel").then(|| tidy(t))
        })
    });
    // Without a "Tabel N" caption, a title line alone just above names the table
    // ("PERJANJIAN KINERJA TAHUN 2024").
    numbered.or_else(|| {
        let r = (top.saturating_sub(2).max(floor)..top)
            .rev()
            .find(|&r| !sheet.is_row_empty(r, left, right))?;
        let line = |r: u32| {
            lone_text(sheet, r, left, right)
                .then(|| tidy((left..=right).map(|c| sheet.text(r, c)).collect::<String>()))
        };
        let text = line(r)?;
        // A line that only says the period ("PERIODE PELAKSANAAN: TAHUN 2025")
        // or the unit ("(dalam rupiah)") ends a title of several lines; the
        // longest of them names the table (not the issuer's line above it,
        // "KAB. SUMENEP"), with the period after it.
        if !period_only(&text) && !unit_only(&text) && !bracketed(&text) {
            return Some(text);
        }
        let title = (r.saturating_sub(3).max(floor)..r)
            .rev()
            .take_while(|&q| !sheet.is_row_empty(q, left, right))
            .filter_map(line)
            .filter(|t| !period_only(t) && !unit_only(t) && !bracketed(t))
            .fold(None::<String>, |best, t| match best {
                Some(b) if b.chars().count() > t.chars().count() => Some(b),
                _ => Some(t),
            });
        Some(match title {
            Some(title) if unit_only(&text) => title,
            Some(title) => format!("{title}, {text}"),
            None => text,
        })
    })
}

/// A line wholly in brackets qualifies the title above it ("(Permenpan RB
/// Nomor 14 Tahun 2017)"); it does not name the table alone.
fn bracketed(text: &str) -> bool {
    let t = text.trim();
    t.starts_with('(') && t.ends_with(')')
}

/// A title line that only says the figures' unit: "(dalam rupiah)", "Dalam
/// Ribuan Rupiah", "(Rp)".
fn unit_only(text: &str) -> bool {
    let words: Vec<String> = normalise(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    !words.is_empty()
        && words.iter().all(|w| {
            matches!(
                w.as_str(),
                "dalam" | "rupiah" | "rp" | "ribuan" | "ribu" | "jutaan" | "juta" | "satuan"
            )
        })
}

/// A title line that only says a period: a year, a quarter, a semester
/// ("PERIODE PELAKSANAAN: TAHUN 2025", "Triwulan IV Tahun 2024", "s.d. Juni").
fn period_only(text: &str) -> bool {
    let period = &crate::rules::vocabulary::words().period_words;
    let words: Vec<String> = normalise(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let ordinal = |w: &str| {
        w.chars().all(|c| c.is_ascii_digit()) || w.chars().all(|c| matches!(c, 'i' | 'v' | 'x'))
    };
    words.iter().any(|w| w.chars().all(|c| c.is_ascii_digit()))
        && words
            .iter()
            .all(|w| period.iter().any(|p| p == w) || ordinal(w))
}

/// Every table of every rule on one sheet, top to bottom.
pub fn locate(sheet: &Sheet, rules: &Rules) -> Vec<Located> {
    let (Some((top, left)), Some((bottom, right))) = (sheet.start(), sheet.end()) else {
        return Vec::new();
    };
    let mut found: Vec<Located> = Vec::new();
    // The rows that look like a header, worked out a block of rows per core.
    let rows: Vec<u32> = {
        use rayon::prelude::*;
        let rows: Vec<u32> = sheet.rows_between(top, bottom).collect();
        rows.par_chunks(8192)
            .flat_map_iter(|rows| {
                rows.iter()
                    .copied()
                    .filter(|&row| header_like(sheet, row, left, right))
            })
            .collect()
    };
    for row in rows {
        // Skip rows already inside a header block found above.
        if found
            .iter()
            .any(|l| row > l.header_top && row <= l.header_bottom)
        {
            continue;
        }
        // Tables may stand side by side: after one is found, look right of it.
        let mut from = left;
        while from <= right {
            let Some(l) = best_at(sheet, rules, row, from, right, bottom) else {
                break;
            };
            from = l.right + 1;
            found.push(l);
        }
    }
    // A header that repeats the previous table's header continues that table
    // (a table carried over a page break), unless something between says a new
    // table starts: a caption, a source line, a total row, a title line.
    let mut tables: Vec<Located> = Vec::new();
    for l in found {
        if let Some(prev) = tables.iter_mut().rev().find(|p| overlaps(p, &l)) {
            if prev.rule == l.rule && prev.columns == l.columns && continues(sheet, rules, prev, &l)
            {
                prev.repeated_headers.extend(l.header_top..=l.header_bottom);
                // The column numbers under a header repeat with it.
                if numbered_row(sheet, l.header_bottom + 1, l.left, l.right) {
                    prev.repeated_headers.push(l.header_bottom + 1);
                }
                continue;
            }
        }
        tables.push(l);
    }
    let heads: Vec<(u32, u32, u32)> = tables
        .iter()
        .map(|t| (t.header_top, t.left, t.right))
        .collect();
    for t in tables.iter_mut() {
        // The body ends before the next table below that shares a column with it.
        let limit = heads
            .iter()
            .filter(|(top, l, r)| *top > t.header_bottom && *l <= t.right && *r >= t.left)
            .map(|(top, _, _)| top - 1)
            .min()
            .unwrap_or(bottom);
        let mut start = t.header_bottom + 1;
        if start <= limit && numbered_row(sheet, start, t.left, t.right) {
            start += 1;
        }
        t.body_start = start;
        t.body_end = body_end(sheet, rules, t, start, limit);
        t.notes = notes_below(
            sheet,
            t.body_end.max(t.header_bottom),
            t.left,
            t.right,
            limit,
        );
    }
    captions(sheet, &mut tables);
    tables
}

/// Each table's caption: above it, below the body of any table over it (the
/// "Baik" a recap ends with is not the name of the legend under it).
fn captions(sheet: &Sheet, tables: &mut [Located]) {
    let bodies: Vec<(u32, u32, u32, u32)> = tables
        .iter()
        .map(|t| {
            (
                t.header_top,
                t.body_end.max(t.header_bottom),
                t.left,
                t.right,
            )
        })
        .collect();
    for t in tables.iter_mut() {
        let floor = bodies
            .iter()
            .filter(|(top, end, l, r)| {
                *top < t.header_top && *end < t.header_top && *l <= t.right && *r >= t.left
            })
            .map(|(_, end, _, _)| end + 1)
            .max()
            .unwrap_or(0);
        t.caption = caption_above(sheet, (floor, t.header_top), t.left, t.right);
    }
}

/// The table's columns: from the matched ones outwards over every adjacent
/// column that has a header too (`No.`, `Keterangan`), so the table's range is
/// the one the user drew.
fn extent(sheet: &Sheet, top: u32, depth: u32, cols: &[u32], min: u32, max: u32) -> (u32, u32) {
    let has_header = |c: u32| (top..top + depth).any(|r| !sheet.merged_text(r, c).is_empty());
    let mut left = cols.iter().copied().min().unwrap_or(min);
    let mut right = cols.iter().copied().max().unwrap_or(max);
    while left > min && has_header(left - 1) {
        left -= 1;
    }
    while right < max && has_header(right + 1) {
        right += 1;
    }
    (left, right)
}

/// The text lines under a table, up to the next blank line after them.
fn notes_below(sheet: &Sheet, last: u32, left: u32, right: u32, limit: u32) -> Vec<String> {
    let mut notes = Vec::new();
    for r in last + 1..=limit.min(last + 6) {
        let text: Vec<String> = (left..=right)
            .map(|c| sheet.text(r, c))
            .filter(|t| !t.is_empty())
            .collect();
        if text.is_empty() {
            if notes.is_empty() {
                continue;
            }
            break;
        }
        notes.push(text.join(" "));
    }
    notes
}

/// The rule that best fits a header starting at `row`, looking at columns `from..=right`.
fn best_at(
    sheet: &Sheet,
    rules: &Rules,
    row: u32,
    from: u32,
    right: u32,
    bottom: u32,
) -> Option<Located> {
    // (Its score, whether it reads the header as it is, the table.)
    let mut best: Option<(usize, bool, Located)> = None;
    // Deeper than three rows only while every row is header-ish (the group,
    // sub-group, numbering and unit rows of a Renja form).
    let deepest = (MAX_HEADER_ROWS + 1..=MAX_GROUP_ROWS)
        .take_while(|d| row + d - 1 <= bottom && headerish(sheet, row + d - 1, from, right))
        .last()
        .unwrap_or(MAX_HEADER_ROWS);
    // A header never reaches over a blank row (one no merged header cell
    // spans): the rows above it are another table's last ("MUTU PELAYANAN |
    // B", then a blank row, then the legend's header).
    let deepest = (1..deepest)
        .find(|d| row + d <= bottom && blank_between(sheet, row + d, from, right))
        .unwrap_or(deepest);
    // Each depth's header read once, for every rule.
    let paths: Vec<std::cell::OnceCell<Vec<HeaderPath>>> = (0..deepest.min(bottom - row + 1))
        .map(|_| std::cell::OnceCell::new())
        .collect();
    for (ri, rule) in rules.tables.iter().enumerate() {
        // The header as it is; where the rule's words name it only without what
        // qualifies its columns ("Pagu Anggaran (Rp)", "Realisasi s/d TW II"),
        // that reading.
        let Some((score, mut depth, mut columns, loose)) =
            [false, true].into_iter().find_map(|loose| {
                shallowest(sheet, rule, row, (from, right), bottom, &paths, loose)
                    .map(|(score, depth, columns)| (score, depth, columns, loose))
            })
        else {
            continue;
        };
        // A group header ("Tahun 2020" merged over four columns) has its
        // sub-headers on the row below ("TW I" .. "TW IV"): the header goes on.
        while depth < MAX_GROUP_ROWS
            && row + depth <= bottom
            && groups_continue(sheet, row + depth - 1, row + depth, from, right)
        {
            let paths = header_paths(sheet, row, depth + 1, from, right);
            let mut memo: Vec<Option<bool>> = vec![None; paths.len()];
            let mut wordy = |c: u32| {
                *memo[(c - from) as usize]
                    .get_or_insert_with(|| wordy_column(sheet, row + depth + 1, c, bottom))
            };
            // The sub-headers are the header's rows even where the rule's
            // columns are named above them ("Anggaran" over "Murni | Perubahan").
            if let Some(deeper) = assign(rule, &paths, from, &mut wordy, loose) {
                columns = deeper;
            }
            depth += 1;
        }
        let cols: Vec<u32> = columns.iter().flatten().map(|m| m.col).collect();
        let (l0, r0) = extent(sheet, row, depth, &cols, from, right);
        // At one score, a rule naming the header as it is goes first.
        if best
            .as_ref()
            .is_none_or(|(s, strict, _)| (score, !loose) > (*s, *strict))
        {
            best = Some((
                score,
                !loose,
                Located {
                    rule: ri,
                    header_top: row,
                    header_bottom: row + depth - 1,
                    left: l0,
                    right: r0,
                    columns,
                    body_start: 0,
                    body_end: 0,
                    repeated_headers: Vec::new(),
                    caption: None,
                    notes: Vec::new(),
                },
            ));
        }
    }
    best.map(|(_, _, l)| l)
}

/// A row with no cell in `from..=right` that no merged cell covers.
fn blank_between(sheet: &Sheet, row: u32, from: u32, right: u32) -> bool {
    sheet.is_row_empty(row, from, right)
        && !sheet
            .merges
            .iter()
            .any(|m| m.start.0 < row && m.end.0 >= row && m.start.1 <= right && m.end.1 >= from)
}

/// The shallowest header at `row` that names every column the rule requires,
/// deepened while that names more of the optional ones (`Triwulan` over I, II,
/// III, IV): its score (the rule's columns named), depth and columns.
fn shallowest(
    sheet: &Sheet,
    rule: &TableRule,
    row: u32,
    (from, right): (u32, u32),
    bottom: u32,
    cache: &[std::cell::OnceCell<Vec<HeaderPath>>],
    loose: bool,
) -> Option<(usize, u32, Vec<Vec<Member>>)> {
    let mut chosen: Option<(usize, u32, Vec<Vec<Member>>)> = None;
    for (depth, cached) in (1..).zip(cache) {
        let paths = cached.get_or_init(|| header_paths(sheet, row, depth, from, right));
        let mut memo: Vec<Option<bool>> = vec![None; paths.len()];
        let mut wordy = |c: u32| {
            *memo[(c - from) as usize]
                .get_or_insert_with(|| wordy_column(sheet, row + depth, c, bottom))
        };
        let Some(columns) = assign(rule, paths, from, &mut wordy, loose) else {
            if chosen.is_some() {
                break;
            }
            continue;
        };
        let score = columns.iter().map(|m| m.len().min(1)).sum::<usize>();
        if chosen.as_ref().is_none_or(|(s, _, _)| score > *s) {
            chosen = Some((score, depth, columns));
        }
    }
    chosen
}

/// Whether row `below` holds the sub-headers of a group header on row `last`:
/// a cell of `last` merged across two columns or more ends there, words stand
/// under it, and `below` holds no figure.
fn groups_continue(sheet: &Sheet, last: u32, below: u32, left: u32, right: u32) -> bool {
    let grouped = sheet.merges.iter().any(|m| {
        m.end.0 == last
            && m.end.1 > m.start.1
            && m.start.1 >= left
            && m.end.1 <= right
            && (m.start.1..=m.end.1).any(|c| sheet.has_words(below, c))
    });
    grouped
        && sheet
            .cols_in_row(below)
            .filter(|c| *c >= left && *c <= right)
            .all(|c| !matches!(sheet.raw(below, c), Raw::Number { .. }))
}

/// Whether the first cells under a header are mostly words: a column of labels
/// or categories, not of figures. "Rp 1.000", "n/a" or "-" are not words; a
/// cell needs three letters besides "Rp".
fn wordy_column(sheet: &Sheet, first: u32, col: u32, bottom: u32) -> bool {
    let (mut words, mut filled) = (0, 0);
    for r in sheet.rows_between(first, bottom).take(12) {
        match sheet.raw(r, col) {
            Raw::Empty => {}
            Raw::Text(t) => {
                filled += 1;
                let letters = normalise(t).replace("rp", "");
                if letters.chars().filter(|c| c.is_alphabetic()).count() >= 3 {
                    words += 1;
                }
            }
            _ => filled += 1,
        }
    }
    words >= 2 && words * 2 > filled
}

fn overlaps(a: &Located, b: &Located) -> bool {
    a.left <= b.right && b.left <= a.right
}

/// Whether a repeated header carries `prev` on: nothing between them closes it.
fn continues(sheet: &Sheet, rules: &Rules, prev: &Located, next: &Located) -> bool {
    if gap_between(sheet, prev, next) {
        return false;
    }
    let rule = &rules.tables[prev.rule];
    let last = (prev.header_bottom + 1..next.header_top)
        .rev()
        .find(|&r| !sheet.is_row_empty(r, prev.left, prev.right));
    let Some(last) = last else { return true };
    // Two blank rows or more: a table of its own, not the same one carried on.
    if next.header_top - last > 2 {
        return false;
    }
    let texts: Vec<String> = (prev.left..=prev.right)
        .map(|c| sheet.text(last, c))
        .filter(|t| !t.is_empty())
        .collect();
    // A lone line of text right above is the next table's title ("Realisasi 2024"),
    // unless it numbers the page ("Halaman 2 dari 2").
    if texts.len() == 1 && texts[0].chars().any(char::is_alphabetic) && !page_line(&texts[0]) {
        return false;
    }
    // A total row closes a table.
    let first = texts.first().map(|t| normalise(t)).unwrap_or_default();
    !rule.rows.iter().any(|rr| {
        rr.role == Some(RowRole::Total) && !rr.labels.is_empty() && any_matches(&rr.labels, &first)
    })
}

/// Whether a line numbers a printed page: "Halaman 2", "Hal. 2 dari 5",
/// "Page 2 of 3", "Lembar 2", "- 2 -".
fn page_line(text: &str) -> bool {
    let t = normalise(text);
    let words: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || c == '.' || c == ':' || c == '-')
        .filter(|w| !w.is_empty())
        .collect();
    let number = |w: &str| w.chars().all(|c| c.is_ascii_digit());
    let of = |w: &str| ["dari", "of", "/"].contains(&w);
    let page = |w: &str| ["halaman", "hal", "page", "lembar", "hlm"].contains(&w);
    let words = match words.split_first() {
        Some((first, rest)) if page(first) => rest,
        _ => &words[..],
    };
    match words {
        [n] => number(n),
        [n, o, m] => number(n) && of(o) && number(m),
        _ => false,
    }
}

/// True when a caption or source line stands between two header blocks.
fn gap_between(sheet: &Sheet, prev: &Located, next: &Located) -> bool {
    (prev.header_bottom + 1..next.header_top).any(|r| ends_table(sheet, r, prev.left, prev.right))
}

fn body_end(sheet: &Sheet, rules: &Rules, t: &Located, start: u32, limit: u32) -> u32 {
    let mut last = start.wrapping_sub(1);
    // Only rows that hold cells are visited: a gap of three rows or more ends the table.
    let mut previous = start.wrapping_sub(1);
    for r in sheet.rows_between(start, limit) {
        if t.repeated_headers.contains(&r) {
            previous = r;
            continue;
        }
        if sheet.is_row_empty(r, t.left, t.right) {
            continue;
        }
        if r.wrapping_sub(previous) > BLANK_ROWS_END || ends_table(sheet, r, t.left, t.right) {
            break;
        }
        // After a blank row, a header of another table (under its caption or
        // not) starts a new table: "Nilai IKM" then "No | Layanan | IKM | Nilai".
        if r.wrapping_sub(previous) > 1
            && !labelled_row(sheet, rules, t, r)
            && new_header_after_gap(sheet, rules, r, t.left, t.right, limit)
        {
            break;
        }
        previous = r;
        last = r;
    }
    // A line of text alone after the last row is the next table's title, not a row.
    while last > start && lone_text(sheet, last, t.left, t.right) {
        last -= 1;
        // ... and the blank rows above that title are not the table's either.
        while last > start && sheet.is_row_empty(last, t.left, t.right) {
            last -= 1;
        }
    }
    last
}

/// A row whose first words are a label of the table's own rule (a recap's
/// "MUTU PELAYANAN | B" a blank row under its IKM): the table's, not a header.
fn labelled_row(sheet: &Sheet, rules: &Rules, t: &Located, row: u32) -> bool {
    let Some(c) = sheet
        .cols_in_row(row)
        .find(|c| *c >= t.left && *c <= t.right && !sheet.is_blank(row, *c))
    else {
        return false;
    };
    let text = normalise(&sheet.text(row, c));
    rules.tables[t.rule]
        .rows
        .iter()
        .any(|k| !k.labels.is_empty() && any_matches(&k.labels, &text))
}

/// A row after a blank row that opens another table: a header row (two or more
/// cells, all of them words) whose next row holds a figure, or a lone caption
/// right above such a header row.
fn new_header_after_gap(
    sheet: &Sheet,
    rules: &Rules,
    row: u32,
    left: u32,
    right: u32,
    limit: u32,
) -> bool {
    let next = |r: u32| {
        sheet
            .rows_between(r + 1, limit)
            .find(|&n| !sheet.is_row_empty(n, left, right))
    };
    let header = if lone_text(sheet, row, left, right) {
        match next(row) {
            Some(h) if h == row + 1 => h,
            _ => return false,
        }
    } else {
        row
    };
    if !words_only(sheet, header, left, right) || !names_columns(sheet, rules, header, left, right)
    {
        return false;
    }
    // The header is followed by figures (a data row), within the header's own depth.
    (header + 1..=limit.min(header + MAX_HEADER_ROWS + 1))
        .any(|r| (left..=right).any(|c| matches!(sheet.raw(r, c), Raw::Number { .. })))
}

/// A row of short labels, one of which is a column header some rule knows: a
/// header, not a section row ("Sasaran: Meningkatnya ...") or an indicator.
fn names_columns(sheet: &Sheet, rules: &Rules, row: u32, left: u32, right: u32) -> bool {
    let texts: Vec<String> = (left..=right)
        .map(|c| normalise(&sheet.text(row, c)))
        .filter(|t| !t.is_empty())
        .collect();
    texts.iter().all(|t| t.chars().count() <= 40)
        && texts.iter().any(|t| {
            matches!(t.as_str(), "no" | "no." | "nomor")
                || rules
                    .tables
                    .iter()
                    .flat_map(|r| &r.columns)
                    .any(|c| any_matches(&c.headers, t))
        })
}

/// Two or more cells, each holding words (not a figure, not a number typed as text).
pub(crate) fn words_only(sheet: &Sheet, row: u32, left: u32, right: u32) -> bool {
    let mut n = 0;
    for c in sheet.cols_in_row(row).filter(|c| *c >= left && *c <= right) {
        if sheet.is_blank(row, c) {
            continue;
        }
        if !sheet.has_words(row, c) {
            return false;
        }
        n += 1;
    }
    n >= 2
}

fn lone_text(sheet: &Sheet, row: u32, left: u32, right: u32) -> bool {
    let cells: Vec<Raw> = (left..=right)
        .map(|c| sheet.raw(row, c))
        .filter(|r| !matches!(r, Raw::Empty))
        .collect();
    matches!(cells.as_slice(), [Raw::Text(t)] if t.chars().any(char::is_alphabetic))
}

#[cfg(test)]
mod tests {
    #[test]
    fn page_lines() {
        for line in [
            "Halaman 2 dari 2",
            "Hal. 2",
            "Page 3 of 10",
            "- 2 -",
            "2 dari 5",
            "Lembar: 4",
        ] {
            assert!(super::page_line(line), "{line}");
        }
        for line in [
            "Realisasi 2024",
            "Halaman Depan",
            "Tabel 3.2",
            "Lampiran 2 dari Perbup",
        ] {
            assert!(!super::page_line(line), "{line}");
        }
    }

    #[test]
    fn a_line_that_only_says_the_period_is_not_a_title() {
        for t in [
            "PERIODE PELAKSANAAN: TAHUN 2025",
            "Periode Pelaksanaan : Triwulan IV Tahun 2023",
            "TAHUN ANGGARAN 2024",
            "s.d. Bulan September 2025",
            "TW II 2024",
        ] {
            assert!(super::period_only(t), "{t}");
        }
        for t in [
            "RENJA DINAS KESEHATAN KABUPATEN CONTOH",
            "PERJANJIAN KINERJA TAHUN 2024",
            "Periode Pelaksanaan",
            "Nilai IKM per Triwulan 2024",
        ] {
            assert!(!super::period_only(t), "{t}");
        }
    }
}

#[cfg(test)]
mod unsur_tests {
    #[test]
    fn an_unsur_code_alone_is_said_as_the_unsur() {
        for h in ["U1", "U12", "U-3", "U 9", " u4 "] {
            assert!(super::unsur_code(h), "{h}");
        }
        for h in ["U", "U123", "Unsur", "UPP", "U1a", "NRR U1"] {
            assert!(!super::unsur_code(h), "{h}");
        }
    }
}

#[cfg(test)]
mod plain_tests {
    use super::{plain, quarter_of, unit_of, unit_only};
    use crate::rules::ColumnKind;

    #[test]
    fn a_header_is_also_read_without_its_unit_note_and_period() {
        for (header, name) in [
            ("pagu anggaran (rp)", "pagu anggaran"),
            ("nilai rincian (pagu)", "nilai rincian"),
            ("capaian tw ii (%)", "capaian"),
            ("realisasi s/d triwulan ii", "realisasi"),
            ("realisasi s.d. juni", "realisasi"),
            ("target tw ii", "target"),
            ("target tahun 2024", "target"),
            ("realisasi triwulan ke-2", "realisasi"),
            ("pagu 2025", "pagu"),
            ("realisasi sd bulan juni 2025", "realisasi"),
        ] {
            assert_eq!(plain(header).as_deref(), Some(name), "{header}");
        }
        // Nothing to set aside, or nothing but a period left: no other reading.
        for header in [
            "realisasi",
            "pagu anggaran",
            "realisasi anggaran",
            "triwulan ii",
            "tw 1",
            "(%)",
            "tahun anggaran 2024",
        ] {
            assert_eq!(plain(header), None, "{header}");
        }
    }

    #[test]
    fn a_quarter_is_read_in_its_usual_spellings() {
        let q = |t: &str| quarter_of(&[t.to_string()]);
        assert_eq!(q("target tw ii"), Some(2));
        assert_eq!(q("realisasi s/d triwulan iv"), Some(4));
        assert_eq!(q("capaian triwulan ke-3 (%)"), Some(3));
        assert_eq!(q("tw1"), Some(1));
        assert_eq!(q("target tahun 2024"), None);
        assert_eq!(q("twitter"), None);
    }

    #[test]
    fn a_unit_mark_says_money_or_percent() {
        let u = |parts: &[&str]| unit_of(&parts.iter().map(|p| p.to_string()).collect::<Vec<_>>());
        assert_eq!(u(&["pagu anggaran (rp)"]), Some(ColumnKind::Money));
        assert_eq!(
            u(&["realisasi s/d triwulan ii", "rp"]),
            Some(ColumnKind::Money)
        );
        assert_eq!(u(&["capaian tw ii (%)"]), Some(ColumnKind::Percent));
        assert_eq!(u(&["keuangan", "%"]), Some(ColumnKind::Percent));
        assert_eq!(u(&["realisasi tw ii"]), None);
        assert!(unit_only("(dalam rupiah)"));
        assert!(unit_only("Dalam Ribuan Rupiah"));
        assert!(!unit_only("PAGU PER OPD (dalam rupiah)"));
    }
}
