//! Waivers: problems an evaluator has accepted ("12,99% is the Bappeda's own
//! method, agreed in the exit meeting") stop failing the check without being
//! hidden. They are written in a `selaras.toml`, the nearest one walking up
//! from each input file (as ruff finds its configuration), or the file
//! `--config` names:
//!
//! ```toml
//! [[waive]]
//! code = "efficiency-mismatch"
//! cell = "'Tabel 3.9'!I10"
//! reason = "the unit's own efficiency method, agreed at the exit meeting"
//! owner = "Inspektorat, Irban II"
//! until = 2026-06-30
//! ```
//!
//! A waiver matches a finding by any of `code`, `cell`, `table`, `row`,
//! `column` (the report's words) and `fingerprint` (as the report prints it),
//! all that it gives; it waives the whole problem that finding belongs to.
//! `reason` and `owner` are required; `until` (a date) is optional, and after
//! it the waiver no longer waives and says so. A waiver that matches nothing
//! is said too (stale).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{plain, Problem};
use crate::finding::{Code, Finding};
use crate::TableInfo;

/// The name of the file looked for.
pub const FILE_NAME: &str = "selaras.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    #[serde(default)]
    waive: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    code: Option<String>,
    cell: Option<String>,
    table: Option<String>,
    row: Option<String>,
    column: Option<String>,
    fingerprint: Option<String>,
    reason: String,
    owner: String,
    until: Option<toml::value::Datetime>,
}

/// A calendar day, compared as year, month, day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day(pub i32, pub u32, pub u32);

impl Day {
    /// Today, in UTC, from the system clock.
    pub fn today() -> Day {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Day::from_days((secs / 86_400) as i64)
    }

    /// The day `days` after 1970-01-01 (Howard Hinnant's civil_from_days).
    pub fn from_days(days: i64) -> Day {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
        Day(y, m, d)
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.0, self.1, self.2)
    }
}

/// One waiver, read and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiver {
    /// 1, 2, … in its file, and the line its `[[waive]]` starts on.
    pub index: usize,
    pub line: usize,
    pub code: Option<Code>,
    /// The sheet and the cell (`I10`), as written without `$`.
    pub cell: Option<(String, String)>,
    pub table: Option<String>,
    pub row: Option<String>,
    pub column: Option<String>,
    pub fingerprint: Option<String>,
    pub reason: String,
    pub owner: String,
    pub until: Option<Day>,
}

/// What a waiver gives a problem it waives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waived {
    pub reason: String,
    pub owner: String,
    pub until: Option<String>,
}

/// The waivers of one `selaras.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waivers {
    pub path: PathBuf,
    pub list: Vec<Waiver>,
}

/// A waiver that does not do what it says: matched nothing, or is past its date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub path: String,
    pub index: usize,
    pub line: usize,
    pub expired: Option<String>,
    /// What the waiver matches, as written: `code efficiency-mismatch, cell 'Tabel 3.9'!I10`.
    pub what: String,
}

/// The nearest `selaras.toml` walking up from `input`'s folder, up to and
/// including `stop` (the current directory) or the root.
pub fn find(input: &Path, stop: &Path) -> Option<PathBuf> {
    let absolute = if input.is_absolute() {
        input.to_path_buf()
    } else {
        stop.join(input)
    };
    let mut dir = absolute.parent();
    while let Some(d) = dir {
        let candidate = d.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if d == stop {
            break;
        }
        dir = d.parent();
    }
    None
}

/// A waiver file's fault, with the line it is on.
fn fault(path: &Path, line: usize, what: impl std::fmt::Display) -> crate::i18n::Msg {
    crate::msg!(
        "waive.bad-file",
        file = path.display().to_string(),
        line = line,
        error = what.to_string()
    )
}

impl Waivers {
    /// Reads a waiver file: unknown keys, a missing reason or owner, an unknown
    /// code or an unreadable cell are refused with the file and the line.
    pub fn load(path: &Path) -> Result<Waivers, crate::i18n::Msg> {
        let text = std::fs::read_to_string(path).map_err(|e| fault(path, 0, e))?;
        Waivers::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Waivers, crate::i18n::Msg> {
        let line_of = |at: usize| text[..at.min(text.len())].matches('\n').count() + 1;
        let config: Config = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(0, |s| line_of(s.start));
            fault(path, line, e.message().trim())
        })?;
        // Where each [[waive]] starts.
        let starts: Vec<usize> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.trim_start().starts_with("[[waive]]"))
            .map(|(i, _)| i + 1)
            .collect();
        let mut list = Vec::new();
        for (k, e) in config.waive.into_iter().enumerate() {
            let line = starts.get(k).copied().unwrap_or(0);
            let bad = |what: &str| fault(path, line, what);
            if e.reason.trim().is_empty() || e.owner.trim().is_empty() {
                return Err(bad("a waiver needs a reason and an owner"));
            }
            let code = match e.code.as_deref() {
                None => None,
                Some(c) => Some(
                    Code::ALL
                        .iter()
                        .copied()
                        .find(|k| k.as_str() == c)
                        .ok_or_else(|| bad(&format!("no finding code is called '{c}'")))?,
                ),
            };
            let cell = match e.cell.as_deref() {
                None => None,
                Some(c) => Some(
                    parse_cell(c)
                        .ok_or_else(|| bad(&format!("'{c}' is not a cell ('Sheet'!A1)")))?,
                ),
            };
            let until = match e.until {
                None => None,
                Some(d) => {
                    let Some(date) = d.date.filter(|_| d.time.is_none()) else {
                        return Err(bad("until is a date (2026-06-30)"));
                    };
                    Some(Day(
                        i32::from(date.year),
                        u32::from(date.month),
                        u32::from(date.day),
                    ))
                }
            };
            let matchers = [&e.table, &e.row, &e.column, &e.fingerprint];
            if matchers
                .iter()
                .chain([&&e.code, &&e.cell])
                .any(|m| m.as_deref().is_some_and(|t| t.trim().is_empty()))
            {
                return Err(bad(
                    "an empty text would match everything: say what the waiver matches",
                ));
            }
            if code.is_none() && cell.is_none() && matchers.iter().all(|m| m.is_none()) {
                return Err(bad(
                    "a waiver says what it matches: code, cell, table, row, column or fingerprint",
                ));
            }
            list.push(Waiver {
                index: k + 1,
                line,
                code,
                cell,
                table: e.table.as_deref().map(plain),
                row: e.row.as_deref().map(plain),
                column: e.column.as_deref().map(plain),
                fingerprint: e.fingerprint.map(|f| f.trim().to_string()),
                reason: e.reason.trim().to_string(),
                owner: e.owner.trim().to_string(),
                until,
            });
        }
        Ok(Waivers {
            path: path.to_path_buf(),
            list,
        })
    }
}

/// `'Tabel 3.9'!I10`, `Tabel!$I$10`: the sheet and the cell.
fn parse_cell(text: &str) -> Option<(String, String)> {
    let (sheet, cell) = text.trim().rsplit_once('!')?;
    let sheet = sheet.trim();
    let sheet = match sheet.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
        Some(quoted) => quoted.replace("''", "'"),
        None => sheet.to_string(),
    };
    let cell = cell.replace('$', "").to_ascii_uppercase();
    let letters = cell.chars().take_while(char::is_ascii_alphabetic).count();
    let ok =
        letters > 0 && letters < cell.len() && cell[letters..].chars().all(|c| c.is_ascii_digit());
    (ok && !sheet.is_empty()).then_some((sheet, cell))
}

impl Waiver {
    /// Whether the waiver matches a finding (of a problem whose fingerprint is
    /// `problem`): every key it gives must match.
    fn matches(&self, f: &Finding, tables: &[TableInfo], problem: &str) -> bool {
        let cell_ok = self.cell.as_ref().is_none_or(|(sheet, a1)| {
            std::iter::once(&f.at)
                .chain(&f.also)
                .any(|c| c.sheet.eq_ignore_ascii_case(sheet) && c.a1() == *a1)
        });
        let fingerprint_ok = self
            .fingerprint
            .as_ref()
            .is_none_or(|fp| fp == problem || *fp == super::fingerprint(f, tables));
        self.code.is_none_or(|c| c == f.code)
            && cell_ok
            && self
                .table
                .as_ref()
                .is_none_or(|t| plain(&f.table).contains(t.as_str()))
            && self.row.as_ref().is_none_or(|r| plain(&f.row_label) == *r)
            && self
                .column
                .as_ref()
                .is_none_or(|c| plain(&f.column_label) == *c)
            && fingerprint_ok
    }

    /// Whether the waiver is past its date on `today`.
    pub fn expired(&self, today: Day) -> bool {
        self.until.is_some_and(|u| today > u)
    }

    /// What it matches, as written.
    fn what(&self) -> String {
        let mut parts = Vec::new();
        if let Some(c) = self.code {
            parts.push(format!("code {}", c.as_str()));
        }
        if let Some((s, a1)) = &self.cell {
            parts.push(format!("cell '{s}'!{a1}"));
        }
        for (name, v) in [
            ("table", &self.table),
            ("row", &self.row),
            ("column", &self.column),
            ("fingerprint", &self.fingerprint),
        ] {
            if let Some(v) = v {
                parts.push(format!("{name} '{v}'"));
            }
        }
        parts.join(", ")
    }
}

/// What each waiver of a file did over the files it was applied to.
#[derive(Debug, Clone, Default)]
pub struct Use {
    matched: Vec<bool>,
}

/// Marks the problems `waivers` waive (the first matching waiver wins), and
/// counts in `used` which waivers matched something.
pub fn apply(
    problems: &mut [Problem],
    findings: &[Finding],
    tables: &[TableInfo],
    waivers: &Waivers,
    today: Day,
    used: &mut Use,
) {
    used.matched.resize(waivers.list.len(), false);
    for p in problems.iter_mut() {
        for (k, w) in waivers.list.iter().enumerate() {
            let hit = p
                .findings
                .iter()
                .filter_map(|&i| findings.get(i))
                .any(|f| w.matches(f, tables, &p.fingerprint));
            if !hit {
                continue;
            }
            used.matched[k] = true;
            if p.waived.is_none() && !w.expired(today) {
                p.waived = Some(Waived {
                    reason: w.reason.clone(),
                    owner: w.owner.clone(),
                    until: w.until.map(|d| d.to_string()),
                });
            }
        }
    }
}

/// The waivers that do not do what they say: past their date, or matching
/// nothing in any file they were applied to.
pub fn notes(waivers: &Waivers, used: &Use, today: Day) -> Vec<Note> {
    waivers
        .list
        .iter()
        .enumerate()
        .filter_map(|(k, w)| {
            let expired = w.expired(today);
            let matched = used.matched.get(k).copied().unwrap_or(false);
            (expired || !matched).then(|| Note {
                path: waivers.path.display().to_string(),
                index: w.index,
                line: w.line,
                expired: expired.then(|| w.until.map(|d| d.to_string()).unwrap_or_default()),
                what: w.what(),
            })
        })
        .collect()
}
