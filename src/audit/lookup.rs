//! `lookup-unmatched`: a SUMIF, COUNTIF or AVERAGEIF (or their -S forms) whose
//! criterion, a name, matches no cell of the range it looks in. It gives 0 (or
//! #DIV/0!) and says nothing: the usual cause is a name written one way in the
//! list and another in the detail ("Renstra PD Terakhir" / "Renstra PD").
//!
//! | B (dokumen)         | C (bobot)                                        |
//! |---------------------|--------------------------------------------------|
//! | RPJMD               | =SUMIF(PENILAIAN!$G$4:$G$470,B4,PENILAIAN!$K…)  |  0,50: found
//! | Renstra PD Terakhir | =SUMIF(PENILAIAN!$G$4:$G$470,B5,PENILAIAN!$K…)  |  0: no such name
//!
//! Excel matches the criterion against each cell's whole text, ignoring case; a
//! criterion with a wildcard (`*`, `?`) or a comparison (`<`, `>`, `=`) is a
//! pattern, not a name, and is left alone, as is a range too large to read.

use std::collections::HashMap;

use super::eval::Val;
use super::expr::{Expr, Ref};
use super::SheetFormulas;
use crate::finding::{Code, Finding};
use crate::msg;
use crate::text::{name_key, similarity};

/// The texts of each range looked in, read once: (lower-cased text, cell).
type Texts = HashMap<String, Vec<(String, (u32, u32))>>;

/// The most cells a looked-in range is read for.
const MAX_CELLS: u64 = 200_000;

/// Below this [`similarity`] (thousandths), no cell of the range is named as
/// the one probably meant.
const NEAR: u32 = 600;

pub fn check(f: &SheetFormulas) -> Vec<Finding> {
    let mut ranges = Texts::new();
    // Per column of formulas and range looked in: the lookups that found their
    // name, and those that did not (with what to say of them).
    let mut by_column: HashMap<(u32, String), (usize, Vec<Finding>)> = HashMap::new();
    let mut cells: Vec<(&(u32, u32), &super::Parsed)> = f.formulas.iter().collect();
    cells.sort_by_key(|(at, _)| **at);
    for (&(row, col), parsed) in cells {
        if !parsed.holds.lookup {
            continue;
        }
        let mut pairs: Vec<(Vec<Ref>, Expr)> = Vec::new();
        f.formulas.expr(parsed).walk(&mut |node| {
            if let Expr::Func(name, args) = node {
                pairs.extend(criteria(name, args));
            }
        });
        for (corners, criterion) in pairs {
            let Some((name, at)) = name_of(f, &criterion) else {
                continue;
            };
            let key = range_key(&corners);
            let Some(texts) = texts(f, &corners, &mut ranges) else {
                continue;
            };
            let wanted = name.trim().to_lowercase();
            let entry = by_column.entry((col, key)).or_default();
            if texts.iter().any(|(t, _)| *t == wanted) {
                entry.0 += 1;
                continue;
            }
            // Only a name written another way is said: one the range holds
            // spelt nearly so. A tally of what nobody answered ("T", "S2") is
            // a count that is 0, not a mistake.
            if let Some(near) = nearest(&name, texts) {
                entry
                    .1
                    .push(finding(f, (row, col), &corners, &name, at.as_ref(), near));
            }
        }
    }
    let mut out: Vec<Finding> = by_column
        .into_values()
        // Said where most lookups of its column find their name: the odd
        // spelling among names that match, not a list the detail has not
        // reached yet (the months after June).
        .filter(|(found, missed)| *found >= 2 * missed.len())
        .flat_map(|(_, missed)| missed)
        .collect();
    out.sort_by_key(|x| (x.at.row, x.at.col));
    out
}

/// The key of a range looked in: its sheet and corners.
fn range_key(corners: &[Ref]) -> String {
    let sheet = corners
        .first()
        .and_then(|c| c.sheet.as_deref())
        .unwrap_or("");
    let cells: Vec<String> = corners
        .iter()
        .map(|c| format!("{}:{}", c.row, c.col))
        .collect();
    format!("{}!{}", sheet.to_lowercase(), cells.join(","))
}

/// The cell of the range whose name is nearest `name`, where one is near.
fn nearest(name: &str, texts: &[(String, (u32, u32))]) -> Option<(u32, u32)> {
    let key = name_key(name);
    texts
        .iter()
        .map(|(t, at)| (similarity(&key, &name_key(t)), *at))
        .filter(|(s, _)| *s >= NEAR)
        .max_by_key(|(s, at)| (*s, std::cmp::Reverse(*at)))
        .map(|(_, at)| at)
}

/// The (range, criterion) pairs of a conditional function:
/// `SUMIF(range, criterion, …)`, `SUMIFS(sum, range, criterion, …)`.
/// Whether a function of this name looks a name up in a range ([`criteria`]).
pub(super) fn looks_up(name: &str) -> bool {
    matches!(
        name.to_ascii_uppercase().as_str(),
        "SUMIF" | "COUNTIF" | "AVERAGEIF" | "COUNTIFS" | "SUMIFS" | "AVERAGEIFS"
    )
}

fn criteria(name: &str, args: &[Expr]) -> Vec<(Vec<Ref>, Expr)> {
    let from = match name.to_ascii_uppercase().as_str() {
        "SUMIF" | "COUNTIF" | "AVERAGEIF" => {
            return match args {
                [Expr::Range(corners), criterion, ..] if corners.len() == 2 => {
                    vec![(corners.clone(), criterion.clone())]
                }
                _ => Vec::new(),
            }
        }
        "COUNTIFS" => 0,
        "SUMIFS" | "AVERAGEIFS" => 1,
        _ => return Vec::new(),
    };
    args.get(from..)
        .unwrap_or_default()
        .chunks(2)
        .filter_map(|pair| match pair {
            [Expr::Range(corners), criterion] if corners.len() == 2 => {
                Some((corners.clone(), criterion.clone()))
            }
            _ => None,
        })
        .collect()
}

/// The criterion as a name: a text, or a cell holding text (with that cell).
/// A pattern (wildcards, comparisons) or a number is no name.
fn name_of(f: &SheetFormulas, criterion: &Expr) -> Option<(String, Option<Ref>)> {
    let (text, at) = match criterion {
        Expr::Text(t) => (t.clone(), None),
        Expr::Ref(r) => match f.value(r.sheet.as_deref(), r.row, r.col) {
            Val::Text(t) => (t, Some(r.clone())),
            _ => return None,
        },
        _ => return None,
    };
    let plain = !text.trim().is_empty()
        && !text.contains(['*', '?', '<', '>', '=', '~'])
        && text.trim().parse::<rust_decimal::Decimal>().is_err();
    plain.then_some((text, at))
}

/// The texts of the cells of a range (lower-cased, trimmed), read once per
/// range; None for a range too large to read.
fn texts<'r>(
    f: &SheetFormulas,
    corners: &[Ref],
    ranges: &'r mut Texts,
) -> Option<&'r Vec<(String, (u32, u32))>> {
    let [a, b] = corners else {
        return None;
    };
    let sheet = a.sheet.clone();
    let (top, bottom) = (a.row.min(b.row), a.row.max(b.row));
    let (left, right) = (a.col.min(b.col), a.col.max(b.col));
    let cells = u64::from(bottom - top + 1) * u64::from(right - left + 1);
    if cells > MAX_CELLS {
        return None;
    }
    let key = format!("{sheet:?}!{top}:{left}:{bottom}:{right}");
    if !ranges.contains_key(&key) {
        let mut found = Vec::new();
        for r in top..=bottom {
            for c in left..=right {
                if let Val::Text(t) = f.value(sheet.as_deref(), r, c) {
                    found.push((t.trim().to_lowercase(), (r, c)));
                }
            }
        }
        ranges.insert(key.clone(), found);
    }
    ranges.get(&key)
}

fn finding(
    f: &SheetFormulas,
    (row, col): (u32, u32),
    corners: &[Ref],
    name: &str,
    at: Option<&Ref>,
    (r, c): (u32, u32),
) -> Finding {
    let range_sheet = corners[0].sheet.as_deref();
    let cell_text = |r: &Ref| {
        let addr = crate::ooxml::a1::a1(r.row, r.col);
        match &r.sheet {
            Some(s) => format!("{}!{addr}", crate::workbook::quote_sheet(s)),
            None => addr,
        }
    };
    let range = Expr::Range(corners.to_vec()).a1();
    let formula = f
        .formulas
        .get(&(row, col))
        .map(|p| format!("={}", f.formulas.expr(p).a1()))
        .unwrap_or_default();
    let said = match at {
        Some(r) => msg!("lookup.name-in", name = name.trim(), cell = cell_text(r)),
        None => msg!("lookup.name", name = name.trim()),
    };
    let shown = match f.value(range_sheet, r, c) {
        Val::Text(t) => t.trim().to_string(),
        _ => String::new(),
    };
    let place = Ref {
        sheet: range_sheet.map(str::to_string),
        row: r,
        col: c,
        abs_row: false,
        abs_col: false,
    };
    let near = msg!("lookup.nearest", name = shown, cell = cell_text(&place));
    Finding::new(
        Code::LookupUnmatched,
        f.at(row, col),
        msg!(
            "lookup.unmatched",
            formula = formula,
            name = said,
            range = range,
            nearest = near
        ),
    )
    .values(name.trim().to_string(), None)
    .inputs(
        at.map(|r| {
            f.book
                .sheets
                .iter()
                .find(|s| Some(s.name.as_str()) == r.sheet.as_deref())
                .unwrap_or(f.sheet)
                .at(r.row, r.col)
        })
        .into_iter()
        .collect(),
    )
    .help(msg!("lookup.help"))
}
