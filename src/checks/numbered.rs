//! The relations a form writes in its numbering row, held on every row under it.
//! Permendagri 54/2010's Renja evaluation (form J-1) numbers its columns
//! `1 2 3 4 5 6 7 8=(7/6) 9 10=(5+7+9) 11=(10/4)`; Permendagri 86/2017's writes
//! `13 = 9+10+11+12`, `14 = 7+13`, `15 = 13/8 x 100` over groups of a K
//! (kinerja) and an Rp column each: a relation holds K with K and Rp with Rp.
//!
//! | … | 5 | 6 | 7 | 8=(7/6) | 9 | 10=(5+7+9) | 11=(10/4) |
//! |---|---|---|---|---------|---|------------|-----------|
//! | … | 1 | 1 | 1 | 100     | 1 | 3          | 75        |  (4 = 4 in column 4)
//!
//! A quotient is stated as a percentage (× 100) or as the bare ratio, whichever
//! the stated figure is nearer to. Each figure is compared at the precision it
//! is written with; an empty operand of a sum counts as nothing.
//!
//! A sum of K (or %) columns follows DOMAIN's consistency rule 5: for an
//! indicator that states a level (a percentage, an index: the rules'
//! `[indicators] level`), the year's figure may be the last quarter's or the
//! quarters' mean; for any indicator whose quarters are written cumulatively
//! (never falling, the year's equal to the last), the last quarter's. Rp always
//! adds up.

use rust_decimal::Decimal;

use crate::coverage::Unread;
use crate::finding::{Code, Finding};
use crate::msg;
use crate::number::{format_id, read_text, round_half_up};
use crate::rules::Rules;
use crate::table::Table;
use crate::text::{any_matches, normalise};
use crate::workbook::{Raw, Sheet};

/// Rows from a region's top searched for its numbering row.
const HEADER_ROWS: u32 = 8;

/// An expression over the form's column numbers.
#[derive(Debug, Clone, PartialEq)]
enum Expr {
    Column(u32),
    Number(Decimal),
    Op(Box<Expr>, char, Box<Expr>),
}

/// What a sheet column under a numbered group holds, by its sub-header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// K, kinerja, fisik: the indicator's own figure.
    Kinerja,
    /// Rp, anggaran, keuangan.
    Rupiah,
    /// %.
    Percent,
    /// A sub-header of other words, or none.
    Other,
}

/// The sheet columns a column number stands over (one, or a K / Rp pair).
#[derive(Debug)]
struct Group {
    n: u32,
    cols: Vec<(u32, Part)>,
}

/// A numbering row: where it is, its groups, and the formulas it writes.
#[derive(Debug)]
struct Numbering {
    row: u32,
    groups: Vec<Group>,
    formulas: Vec<(u32, Expr, String)>,
}

/// Where a relation's rows and figures come from.
struct Source<'a> {
    sheet: &'a Sheet,
    table: &'a str,
    left: u32,
    right: u32,
    /// A cell's figure as shown and its decimals.
    read: &'a dyn Fn(u32, u32) -> Option<Fig>,
    /// Cells whose figures something else already holds (a rule's checks).
    skip: &'a dyn Fn(u32, u32) -> bool,
    /// The cells of a row found wrong elsewhere, with their recomputed values.
    known: &'a dyn Fn(u32) -> Vec<(u32, Decimal)>,
}

/// The formulas the numbering row of a table no rule reads writes (`8=(7/6)`),
/// as written: what [`check`] holds its rows to. Empty when it has none.
pub fn stated(sheet: &Sheet, region: &Unread) -> Vec<String> {
    let last = region.bottom.min(region.top + HEADER_ROWS);
    (region.top..=last)
        .find_map(|r| numbering_row(sheet, r, region.top, region.left, region.right))
        .map(|n| n.formulas.into_iter().map(|(_, _, w)| w).collect())
        .unwrap_or_default()
}

/// A table no rule reads, held to its numbering row.
pub fn check(sheet: &Sheet, region: &Unread, rules: &Rules) -> Vec<Finding> {
    let last = region.bottom.min(region.top + HEADER_ROWS);
    let Some(numbering) = (region.top..=last)
        .find_map(|r| numbering_row(sheet, r, region.top, region.left, region.right))
    else {
        return Vec::new();
    };
    let rows = sheet
        .rows_between(numbering.row + 1, region.bottom)
        .map(|r| (r, row_label(sheet, r, region.left, region.right)));
    let source = Source {
        sheet,
        table: &region.header,
        left: region.left,
        right: region.right,
        read: &|r, c| figure(sheet, r, c),
        skip: &|_, _| false,
        known: &|_| Vec::new(),
    };
    held(&source, &numbering, rows, rules)
}

/// A table a rule reads, held to the numbering row under its header (a
/// Renja evaluation's `13 = 9+10+11+12`), on each of its rows; not at the
/// cells `judged` says the rule's own checks recomputed.
/// Its figures are read as the table reads them (the column's own convention);
/// `known` gives the cells of a row the rule's checks found wrong, with the
/// values they recomputed.
pub fn check_table(
    sheet: &Sheet,
    table: &Table,
    judged: &dyn Fn(u32, u32) -> bool,
    known: &dyn Fn(u32) -> Vec<(u32, Decimal)>,
    rules: &Rules,
) -> Vec<Finding> {
    let l = &table.located;
    let last = l.body_start.min(l.header_top + HEADER_ROWS);
    let Some(numbering) =
        (l.header_top..=last).find_map(|r| numbering_row(sheet, r, l.header_top, l.left, l.right))
    else {
        return Vec::new();
    };
    let member_of = |c: u32| {
        l.columns
            .iter()
            .enumerate()
            .find_map(|(k, members)| members.iter().position(|m| m.col == c).map(|i| (k, i)))
    };
    let read = |r: u32, c: u32| match member_of(c) {
        Some((k, i)) => {
            let row = table.rows.iter().find(|x| x.row == r)?;
            row.figure_at(k, i).map(|f| Fig {
                shown: f.value,
                scale: f.scale,
                exact: f.exact,
            })
        }
        None => figure(sheet, r, c),
    };
    let rows = table
        .rows
        .iter()
        .filter(|r| r.row > numbering.row)
        .map(|r| (r.row, r.label().to_string()));
    let source = Source {
        sheet,
        table: &table.name,
        left: l.left,
        right: l.right,
        read: &read,
        skip: judged,
        known,
    };
    held(&source, &numbering, rows, rules)
}

/// Each formula of `numbering` on each of `rows`, part by part.
///
/// A figure found wrong (here, or by the rule's own checks: `src.known`) is
/// read at its recomputed value too by the relations that read it: the
/// capaian of a year's Rp mistyped is right if it follows the right Rp, so one
/// mistake is said once.
fn held(
    src: &Source,
    numbering: &Numbering,
    rows: impl Iterator<Item = (u32, String)>,
    rules: &Rules,
) -> Vec<Finding> {
    let sheet = src.sheet;
    let read = src.read;
    let mut out = Vec::new();
    for (row, label) in rows {
        let level = states_level(sheet, row, src.left, src.right, rules);
        let negative = states_negative(sheet, row, src.left, src.right, rules);
        // Cells found wrong in this row, with the values they may have meant.
        let mut corrected: Vec<(u32, Vec<Decimal>)> = (src.known)(row)
            .into_iter()
            .map(|(c, v)| (c, vec![v]))
            .collect();
        // A % beside its K, of the target: judged first, so the sums of the %
        // read a mistyped one at its recomputed value.
        for (f, values) in percent_of_target(src, numbering, row, &label) {
            corrected.push((f.at.col, values));
            out.push(f);
        }
        for (target, expr, written) in &numbering.formulas {
            let Some(group) = numbering.group(*target) else {
                continue;
            };
            for (j, &(col, part)) in group.cols.iter().enumerate() {
                let cell_of = |n: u32| numbering.group(n)?.column_for(part, j, group.cols.len());
                let Some((cells, found)) = inputs(src, row, col, expr, &cell_of) else {
                    continue;
                };
                if corrected.iter().any(|(c, _)| *c == col)
                    && out.iter().any(|f| f.at.row == row && f.at.col == col)
                {
                    continue;
                }
                let wrong: Vec<&(u32, Vec<Decimal>)> = corrected
                    .iter()
                    .filter(|(c, _)| cells.iter().any(|&(_, k)| k == *c))
                    .collect();
                let relation = Relation {
                    read,
                    row,
                    expr,
                    cells: &cells,
                    cell_of: &cell_of,
                    shown: found.shown,
                    // The year's K of a level, or of quarters written cumulatively.
                    lenient: matches!(part, Part::Kinerja | Part::Percent)
                        || (part == Part::Other && level),
                    level,
                    negative,
                };
                let outcome = |subst: &[(u32, Decimal)]| relation.outcome(subst);
                if part == Part::Rupiah {
                    out.extend(over_budget(src, numbering, row, &label, expr, &cell_of));
                }
                let outcomes: Vec<(Decimal, Vec<(&str, Decimal)>)> = scenarios(&wrong)
                    .iter()
                    .filter_map(|s| outcome(s))
                    .collect();
                let agrees = |v: &Decimal| round_half_up(*v, found.scale) == found.shown;
                if outcomes
                    .iter()
                    .any(|(e, rs)| agrees(e) || rs.iter().any(|(_, v)| agrees(v)))
                {
                    continue;
                }
                // Said with every cell found wrong at what it most likely meant.
                let likeliest: Vec<(u32, Decimal)> =
                    wrong.iter().map(|(c, v)| (*c, v[0])).collect();
                let Some((exact, readings)) = outcome(&likeliest) else {
                    continue;
                };
                let meant = meant(exact, &readings, level);
                let mut candidates = vec![meant, exact];
                candidates.extend(readings.iter().map(|(_, v)| *v));
                corrected.push((col, candidates));
                let column = column_name(src.sheet, numbering, *target, col, part);
                let miss = Miss {
                    row,
                    col,
                    label: &label,
                    column: &column,
                    written,
                    expr,
                    found,
                    exact,
                    meant,
                    readings: &readings,
                    cells: &cells,
                };
                out.push(miss.finding(src, &cell_of));
            }
        }
    }
    out
}

/// The cells a relation at (`row`, `col`) reads (its column numbers with
/// them) and the cell's figure; None where the relation says nothing there: a
/// cell the rule's checks hold, a column missing, no figure, or every cell it
/// reads empty.
fn inputs(
    src: &Source,
    row: u32,
    col: u32,
    expr: &Expr,
    cell_of: &dyn Fn(u32) -> Option<u32>,
) -> Option<(Vec<(u32, u32)>, Fig)> {
    if (src.skip)(row, col) {
        return None;
    }
    let cells = columns_of(expr)
        .into_iter()
        .map(|n| cell_of(n).map(|c| (n, c)))
        .collect::<Option<Vec<_>>>()?;
    let found = (src.read)(row, col)?;
    if cells.iter().all(|&(_, c)| (src.read)(row, c).is_none()) {
        return None;
    }
    Some((cells, found))
}

/// What a cell the relation does not give most likely meant: a level's year
/// is its last quarter's, not the sum the form writes for counts.
fn meant(exact: Decimal, readings: &[(&str, Decimal)], level: bool) -> Decimal {
    match readings.first() {
        Some(&("numbered.last", v)) if level => v,
        _ => exact,
    }
}

/// One relation of the numbering row at one cell of a row, read with some
/// cells at other values (what a cell found wrong may have meant).
struct Relation<'a> {
    read: &'a dyn Fn(u32, u32) -> Option<Fig>,
    row: u32,
    expr: &'a Expr,
    /// The relation's column numbers and their cells.
    cells: &'a [(u32, u32)],
    cell_of: &'a dyn Fn(u32) -> Option<u32>,
    /// The cell's figure as shown.
    shown: Decimal,
    /// The year's K of a level, or of quarters written cumulatively: other
    /// readings are allowed.
    lenient: bool,
    level: bool,
    negative: bool,
}

impl Relation<'_> {
    /// What the relation gives with the cells of `subst` at their values, and
    /// the other readings the form allows.
    fn outcome(&self, subst: &[(u32, Decimal)]) -> Option<(Decimal, Vec<(&'static str, Decimal)>)> {
        let (read, row) = (self.read, self.row);
        let value_of = |n: u32| {
            let c = self.cells.iter().find(|(k, _)| *k == n)?.1;
            Some(match subst.iter().find(|(k, _)| *k == c) {
                Some((_, v)) => *v,
                None => read(row, c).map_or(Decimal::ZERO, |f| f.exact),
            })
        };
        let exact =
            eval(self.expr, &value_of).map(|e| ratio_as_stated(self.expr, self.shown, e))?;
        let value_at = |n: u32| {
            let c = (self.cell_of)(n)?;
            match subst.iter().find(|(k, _)| *k == c) {
                Some((_, v)) => Some(*v),
                None => read(row, c).map(|f| f.exact),
            }
        };
        let mut readings = if self.lenient {
            other_readings(self.expr, self.level, &value_at)
        } else {
            Vec::new()
        };
        if self.lenient && self.negative {
            readings.extend(inverted(self.expr, &value_at).map(|v| ("numbered.negative", v)));
        }
        Some((exact, readings))
    }
}

/// The figures as stated; then with each cell found wrong at what it may have
/// meant; then with all of them so.
fn scenarios(wrong: &[&(u32, Vec<Decimal>)]) -> Vec<Vec<(u32, Decimal)>> {
    let mut out: Vec<Vec<(u32, Decimal)>> = vec![Vec::new()];
    for (c, values) in wrong {
        out.extend(values.iter().map(|v| vec![(*c, *v)]));
    }
    if wrong.len() > 1 {
        out.push(wrong.iter().map(|(c, v)| (*c, v[0])).collect());
    }
    out
}

/// A relation of the numbering row that a row's cell does not keep.
struct Miss<'a> {
    row: u32,
    col: u32,
    label: &'a str,
    /// The column in the form's words: `(14) Realisasi Kinerja … K`.
    column: &'a str,
    written: &'a String,
    expr: &'a Expr,
    found: Fig,
    /// What the relation gives, and what the cell most likely meant.
    exact: Decimal,
    meant: Decimal,
    /// The other readings the form allows (the last quarter, the mean, ...).
    readings: &'a [(&'static str, Decimal)],
    cells: &'a [(u32, u32)],
}

impl Miss<'_> {
    fn finding(&self, src: &Source, cell_of: &dyn Fn(u32) -> Option<u32>) -> Finding {
        let Miss {
            row,
            col,
            label,
            column,
            written,
            expr,
            found,
            exact,
            meant,
            readings,
            cells,
        } = *self;
        let sheet = src.sheet;
        let shown = round_half_up(meant, found.scale);
        let places = |v: Decimal| v.normalize().scale().min(found.scale + 2);
        let formula = msg!(
            "numbered.formula",
            formula = written.as_str(),
            cells = show(expr, &|n| cell_of(n).map(|c| sheet.at(row, c).a1())),
            value = format_id(round_half_up(exact, places(exact)), places(exact))
        );
        let explained = if readings.is_empty() {
            formula
        } else {
            let others = readings
                .iter()
                .map(|(key, v)| {
                    let v = round_half_up(*v, places(*v));
                    crate::i18n::Msg::new(key).arg("value", format_id(v, v.scale()))
                })
                .collect();
            msg!(
                "numbered.or",
                formula = formula,
                readings = crate::i18n::Arg::Join(others, "; ")
            )
        };
        Finding::new(
            if is_quotient(expr) {
                Code::PercentMismatch
            } else {
                Code::SumMismatch
            },
            sheet.at(row, col),
            if readings.is_empty() {
                msg!(
                    "numbered.differs",
                    column = column,
                    found = format_id(found.shown, found.scale),
                    expected = format_id(shown, found.scale)
                )
            } else {
                msg!(
                    "numbered.differs-any",
                    column = column,
                    found = format_id(found.shown, found.scale),
                    expected = format_id(shown, found.scale)
                )
            },
        )
        .place(src.table, label, column)
        .figures(found.shown, Some(shown))
        .formula(
            explained,
            cells.iter().map(|&(_, c)| sheet.at(row, c)).collect(),
        )
        .help(msg!("numbered.help"))
    }
}

/// A negative indicator's level of achievement from the quotient `expr`
/// writes: (2 × target − realisation) / target × 100.
fn inverted(expr: &Expr, value_at: &dyn Fn(u32) -> Option<Decimal>) -> Option<Decimal> {
    let (p, w) = quotient_columns(expr)?;
    let (p, w) = (value_at(p)?, value_at(w)?);
    if w.is_zero() {
        return None;
    }
    w.checked_mul(Decimal::TWO)?
        .checked_sub(p)?
        .checked_div(w)?
        .checked_mul(Decimal::ONE_HUNDRED)
}

/// A variant that states a % beside each K (the triwulan's K, %, Rp): the %
/// is the K as a share of the target's K (the group whose header names the
/// target, nearest before the first such %), × 100; for a triwulan, of its
/// own K or of the K up to it (the form may write either).
fn percent_of_target(
    src: &Source,
    numbering: &Numbering,
    row: u32,
    label: &str,
) -> Vec<(Finding, Vec<Decimal>)> {
    let sheet = src.sheet;
    let k_of = |g: &Group| {
        g.cols
            .iter()
            .find(|(_, p)| *p == Part::Kinerja)
            .map(|c| c.0)
    };
    let pct_of = |g: &Group| {
        g.cols
            .iter()
            .find(|(_, p)| *p == Part::Percent)
            .map(|c| c.0)
    };
    let Some(first) = numbering.groups.iter().position(|g| pct_of(g).is_some()) else {
        return Vec::new();
    };
    let Some(target) = numbering.groups[..first].iter().rev().find_map(|g| {
        let k = k_of(g)?;
        normalise(&header_of(sheet, numbering.row, g.cols[0].0))
            .contains("target")
            .then_some(k)
    }) else {
        return Vec::new();
    };
    let Some(t) = (src.read)(row, target).filter(|t| !t.exact.is_zero()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut so_far = Decimal::ZERO;
    for g in &numbering.groups[first..] {
        let (Some(kc), Some(pc)) = (k_of(g), pct_of(g)) else {
            continue;
        };
        let Some(k) = (src.read)(row, kc) else {
            continue;
        };
        // The K up to this triwulan, for a form that writes the % so.
        let Some(summed) = so_far.checked_add(k.exact) else {
            continue;
        };
        so_far = summed;
        let Some(found) = (src.read)(row, pc) else {
            continue;
        };
        if (src.skip)(row, pc) {
            continue;
        }
        let share = |v: Decimal| {
            v.checked_div(t.exact)
                .and_then(|x| x.checked_mul(Decimal::ONE_HUNDRED))
        };
        let (Some(own), Some(to_date)) = (share(k.exact), share(summed)) else {
            continue;
        };
        let of = |v: Decimal| round_half_up(v, found.scale);
        if of(own) == found.shown || of(to_date) == found.shown {
            continue;
        }
        let expected = of(own);
        let values = vec![own, to_date];
        out.push((
            Finding::new(
                Code::PercentMismatch,
                sheet.at(row, pc),
                msg!(
                    "numbered.percent-of-target",
                    found = format_id(found.shown, found.scale),
                    k = format_id(k.shown, k.scale),
                    target = format_id(t.shown, t.scale),
                    expected = format_id(expected, found.scale)
                ),
            )
            .place(src.table, label, &header_of(sheet, numbering.row, pc))
            .figures(found.shown, Some(expected))
            .formula(
                msg!(
                    "numbered.percent-formula",
                    k = sheet.at(row, kc).a1(),
                    target = sheet.at(row, target).a1(),
                    value = format_id(expected, found.scale)
                ),
                vec![sheet.at(row, kc), sheet.at(row, target)],
            )
            .help(msg!("numbered.help")),
            values,
        ));
    }
    out
}

/// A bare ratio (`7/6`) is stated as a percentage or not, whichever the
/// stated figure is nearer to; any other expression as it is.
fn ratio_as_stated(expr: &Expr, found: Decimal, exact: Decimal) -> Decimal {
    match exact.checked_mul(Decimal::ONE_HUNDRED) {
        Some(pct)
            if matches!(expr, Expr::Op(_, '/', _))
                && found
                    .checked_sub(pct)
                    .zip(found.checked_sub(exact))
                    .is_some_and(|(a, b)| a.abs() < b.abs()) =>
        {
            pct
        }
        _ => exact,
    }
}

/// A realisation above its budget: the Rp of a level of achievement's part
/// (`13` of `15 = 13/8 x 100`) more than its whole (`8`), compared exactly.
fn over_budget(
    src: &Source,
    numbering: &Numbering,
    row: u32,
    label: &str,
    expr: &Expr,
    cell_of: &dyn Fn(u32) -> Option<u32>,
) -> Option<Finding> {
    let (part, whole) = quotient_columns(expr)?;
    let (pc, wc) = (cell_of(part)?, cell_of(whole)?);
    // A total's budget (one the rule's checks recomputed from its rows, or a
    // formula adding rows) is over only because a row under it is: said there.
    if (src.skip)(row, wc)
        || crate::audit::is_total(src.sheet, row, wc)
        || crate::audit::is_total(src.sheet, row, pc)
    {
        return None;
    }
    let (p, w) = ((src.read)(row, pc)?, (src.read)(row, wc)?);
    if w.exact <= Decimal::ZERO || p.exact <= w.exact {
        return None;
    }
    let header = |n: u32| {
        let text = numbering
            .groups
            .iter()
            .find(|g| g.n == n)
            .map(|g| header_of(src.sheet, numbering.row, g.cols[0].0))
            .unwrap_or_default();
        format!("({n}) {text}").trim().to_string() + " Rp"
    };
    let (part_name, whole_name) = (header(part), header(whole));
    let at = src.sheet.at(row, pc);
    Some(
        Finding::new(
            Code::OverLimit,
            at,
            msg!(
                "limit.message",
                column = part_name.as_str(),
                value = format_id(p.shown, p.scale),
                limit = whole_name.as_str(),
                bound = format_id(w.shown, w.scale),
                cell = src.sheet.at(row, wc).a1()
            ),
        )
        .place(src.table, label, &part_name)
        .figures(p.shown, Some(w.shown))
        .formula(
            msg!(
                "numbered.over",
                part = src.sheet.at(row, pc).a1(),
                whole = src.sheet.at(row, wc).a1(),
                value = format_id(
                    p.exact
                        .checked_div(w.exact)
                        .and_then(|x| x.checked_mul(Decimal::ONE_HUNDRED))
                        .map_or(Decimal::ZERO, |x| round_half_up(x, 2)),
                    2
                )
            ),
            vec![src.sheet.at(row, wc)],
        )
        .help(msg!(
            "limit.help",
            column = part_name.as_str(),
            limit = whole_name.as_str()
        )),
    )
}

/// The part and whole of `a/b` or `a/b x 100`.
fn quotient_columns(e: &Expr) -> Option<(u32, u32)> {
    match e {
        Expr::Op(a, '/', b) => match (&**a, &**b) {
            (Expr::Column(p), Expr::Column(w)) => Some((*p, *w)),
            _ => None,
        },
        Expr::Op(a, '*', _) => quotient_columns(a),
        _ => None,
    }
}

/// A column of a numbered form as the form names it: its number, the header
/// it stands under, and its part (K, Rp, %): `(14) Realisasi Kinerja … K`.
/// The numbering row's own text (`14=7+13`) is a formula, not a name.
fn column_name(sheet: &Sheet, numbering: &Numbering, n: u32, col: u32, part: Part) -> String {
    let part = match part {
        Part::Kinerja => " K",
        Part::Rupiah => " Rp",
        Part::Percent => " %",
        Part::Other => "",
    };
    let header = header_of(sheet, numbering.row, col);
    format!("({n}) {header}{part}").replace("  ", " ")
}

/// The header a column of a group stands under: the nearest text above the
/// numbering row that is not a K / Rp sub-header, shortened to six words.
fn header_of(sheet: &Sheet, numbering: u32, col: u32) -> String {
    let mut above = (0..numbering)
        .rev()
        .take(HEADER_ROWS as usize)
        .map(|r| sheet.merged_text(r, col))
        .filter(|t| !t.trim().is_empty() && part_named(t).is_none());
    let Some(first) = above.next() else {
        return String::new();
    };
    // A quarter's own header is its number ("II"); the group above says of
    // what: "Triwulan II", as the form's readers say it.
    if is_ordinal(first.trim()) {
        if let Some(period) = above.find_map(|t| period_word(&t)) {
            return format!("{period} {}", first.trim());
        }
    }
    let words: Vec<&str> = first.split_whitespace().collect();
    if words.len() > 6 {
        words[..6].join(" ") + " …"
    } else {
        words.join(" ")
    }
}

/// A header that is only a number: `II`, `IV`, `3`.
fn is_ordinal(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 4
        && (text.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
            || text.chars().all(|c| c.is_ascii_digit()))
}

/// The period a group header counts in ("Realisasi Triwulan" → `Triwulan`).
fn period_word(text: &str) -> Option<&'static str> {
    let t = normalise(text);
    [
        ("triwulan", "Triwulan"),
        ("semester", "Semester"),
        ("bulan", "Bulan"),
    ]
    .into_iter()
    .find(|(w, _)| t.split(|c: char| !c.is_alphanumeric()).any(|x| x == *w))
    .map(|(_, word)| word)
}

/// Whether an expression is a quotient (`7/6`, `13/8 x 100`).
fn is_quotient(e: &Expr) -> bool {
    match e {
        Expr::Op(_, '/', _) => true,
        Expr::Op(a, '*', _) => is_quotient(a),
        _ => false,
    }
}

/// The other readings of a sum of quarters for a K figure (rule 5): the last
/// quarter with a figure, for a level or quarters that never fall (written
/// cumulatively); the quarters' mean, for a level.
fn other_readings(
    expr: &Expr,
    level: bool,
    value_of: &dyn Fn(u32) -> Option<Decimal>,
) -> Vec<(&'static str, Decimal)> {
    let Some(ns) = sum_operands(expr) else {
        return Vec::new();
    };
    let figures: Vec<Decimal> = ns.iter().filter_map(|n| value_of(*n)).collect();
    let Some(&last) = figures.last() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if level || figures.windows(2).all(|w| w[0] <= w[1]) {
        out.push(("numbered.last", last));
    }
    if level {
        let sum = figures
            .iter()
            .try_fold(Decimal::ZERO, |a, b| a.checked_add(*b));
        if let Some(mean) = sum.and_then(|s| s.checked_div(Decimal::from(figures.len() as u64))) {
            out.push(("numbered.mean", mean));
        }
    }
    out
}

/// An expression with each column number replaced by its cell (`F11 + H11`).
fn show(e: &Expr, cell: &dyn Fn(u32) -> Option<String>) -> String {
    match e {
        Expr::Column(n) => cell(*n).unwrap_or_else(|| n.to_string()),
        Expr::Number(d) => d.to_string(),
        Expr::Op(a, op, b) => {
            let inner = |x: &Expr| match x {
                Expr::Op(_, '+' | '-', _) if matches!(op, '*' | '/') => {
                    format!("({})", show(x, cell))
                }
                _ => show(x, cell),
            };
            let op = match op {
                '*' => '×',
                o => *o,
            };
            format!("{} {op} {}", inner(a), inner(b))
        }
    }
}

impl Numbering {
    fn group(&self, n: u32) -> Option<&Group> {
        self.groups.iter().find(|g| g.n == n)
    }
}

impl Group {
    /// The sheet column of this group that a relation's `part` (the `j`-th of
    /// a group `width` wide) reads: the column of the same sub-header, or the
    /// same place in a group as wide, or the group's only column.
    fn column_for(&self, part: Part, j: usize, width: usize) -> Option<u32> {
        if part != Part::Other {
            if let Some(&(c, _)) = self.cols.iter().find(|(_, p)| *p == part) {
                return Some(c);
            }
        }
        if self.cols.len() == width {
            return self.cols.get(j).map(|c| c.0);
        }
        (self.cols.len() == 1 && self.cols[0].1 == Part::Other).then(|| self.cols[0].0)
    }
}

/// The label of a row of a table no rule reads: its first cell with words.
fn row_label(sheet: &Sheet, row: u32, left: u32, right: u32) -> String {
    (left..=right)
        .find(|&c| sheet.has_words(row, c))
        .map(|c| sheet.text(row, c).trim().to_string())
        .unwrap_or_default()
}

/// Whether a row's indicator states a level: one of its texts matches the
/// rules' `[indicators] level` patterns.
fn states_level(sheet: &Sheet, row: u32, left: u32, right: u32, rules: &Rules) -> bool {
    (left..=right).any(|c| match sheet.raw(row, c) {
        Raw::Text(t) => any_matches(&rules.level, &normalise(t)),
        _ => false,
    })
}

/// Whether a row's indicator is one the rules know to be negative (the fewer,
/// the better: angka kematian, prevalensi, …) and no positive pattern excuses.
fn states_negative(sheet: &Sheet, row: u32, left: u32, right: u32, rules: &Rules) -> bool {
    (left..=right).any(|c| match sheet.raw(row, c) {
        Raw::Text(t) => {
            let key = normalise(t);
            any_matches(&rules.negative_first, &key)
                || (any_matches(&rules.negative, &key) && !any_matches(&rules.positive, &key))
        }
        _ => false,
    })
}

/// The numbering row at `row`: each column number with the sheet columns it
/// stands over, and the formulas written in it (`8=(7/6)`). None unless three
/// columns or more are numbered, rising left to right, and one writes a formula.
fn numbering_row(sheet: &Sheet, row: u32, top: u32, left: u32, right: u32) -> Option<Numbering> {
    let mut numbered: Vec<(u32, u32)> = Vec::new();
    let mut written: Vec<(u32, String, String)> = Vec::new();
    for c in left..=right {
        let text = sheet.text(row, c);
        let t = text.trim();
        if t.is_empty() {
            continue;
        }
        let bare = t.trim_start_matches('(');
        let digits = bare.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 || digits > 2 {
            return None;
        }
        let n: u32 = bare[..digits].parse().ok()?;
        if numbered.last().is_some_and(|(p, _)| *p >= n) {
            return None;
        }
        let rest = bare[digits..].trim_start_matches(')').trim();
        if let Some(formula) = rest.strip_prefix('=') {
            written.push((n, formula.to_string(), t.to_string()));
        } else if !rest.is_empty() {
            return None;
        }
        numbered.push((n, c));
    }
    // A formula this reader cannot follow (`13=9+10+11+12 (Rp)`) is left out;
    // the column keeps its number. A factor is a column where the row numbers
    // one so (`7 = 4 x 6`: bobot × koefisien), else a number (`x 100`).
    let last = numbered.last().map_or(0, |(n, _)| *n);
    let formulas: Vec<(u32, Expr, String)> = written
        .into_iter()
        .filter_map(|(n, formula, t)| parse(&formula, last).map(|e| (n, e, t)))
        .collect();
    if numbered.len() < 3 || formulas.is_empty() {
        return None;
    }
    // A number stands over its own column and the unnumbered ones after it,
    // up to the next number (a K / Rp pair under one merged number).
    let groups = numbered
        .iter()
        .enumerate()
        .map(|(i, &(n, c))| {
            let end = numbered.get(i + 1).map_or(right, |&(_, next)| next - 1);
            let cols: Vec<(u32, Part)> = (c..=end)
                .map(|col| (col, part_of(sheet, row, top, col)))
                .collect();
            Group { n, cols }
        })
        .collect();
    Some(Numbering {
        row,
        groups,
        formulas,
    })
}

/// What a column holds by the header line just above the numbering row (or the
/// nearest line above with text there): K, Rp or %.
fn part_of(sheet: &Sheet, numbering: u32, top: u32, col: u32) -> Part {
    (top..numbering)
        .rev()
        .map(|r| sheet.merged_text(r, col))
        .find(|t| !t.trim().is_empty())
        .and_then(|t| part_named(&t))
        .unwrap_or(Part::Other)
}

/// The part a sub-header names: K, Rp or %.
fn part_named(text: &str) -> Option<Part> {
    let t = normalise(text);
    match t.trim_matches(|c: char| c == '(' || c == ')' || c == '.' || c == ' ') {
        "k" | "kinerja" | "fisik" | "target" | "realisasi" | "volume" => Some(Part::Kinerja),
        "rp" | "anggaran" | "keuangan" | "rupiah" | "dana" => Some(Part::Rupiah),
        "%" | "persen" => Some(Part::Percent),
        _ => None,
    }
}

/// The column numbers an expression reads.
fn columns_of(e: &Expr) -> Vec<u32> {
    match e {
        Expr::Column(n) => vec![*n],
        Expr::Number(_) => Vec::new(),
        Expr::Op(a, _, b) => {
            let mut v = columns_of(a);
            v.extend(columns_of(b));
            v
        }
    }
}

/// The columns of a plain sum of two columns or more (`9+10+11+12`).
fn sum_operands(e: &Expr) -> Option<Vec<u32>> {
    match e {
        Expr::Column(n) => Some(vec![*n]),
        Expr::Op(a, '+', b) => {
            let mut v = sum_operands(a)?;
            v.extend(sum_operands(b)?);
            Some(v)
        }
        _ => None,
    }
    .filter(|v| !v.is_empty())
}

/// A figure as a cell shows it (its format's decimals, a percent format's
/// points) and as it is stored.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fig {
    pub shown: Decimal,
    pub scale: u32,
    pub exact: Decimal,
}

/// A figure of a cell: a number as its format shows it, or a number typed as
/// text as written.
pub(crate) fn figure(sheet: &Sheet, row: u32, col: u32) -> Option<Fig> {
    match sheet.raw(row, col) {
        Raw::Number { value, format } => {
            let f = crate::table::number_figure(value, format, sheet.at(row, col));
            Some(Fig {
                shown: f.value,
                scale: f.scale,
                exact: f.exact,
            })
        }
        Raw::Text(t) => read_text(t, None).ok().flatten().map(|r| Fig {
            shown: r.value,
            scale: r.scale,
            exact: r.value,
        }),
        _ => None,
    }
}

fn eval(e: &Expr, value_of: &dyn Fn(u32) -> Option<Decimal>) -> Option<Decimal> {
    match e {
        Expr::Column(n) => value_of(*n),
        Expr::Number(d) => Some(*d),
        Expr::Op(a, op, b) => {
            let (a, b) = (eval(a, value_of)?, eval(b, value_of)?);
            // Checked: a damaged file's figures may overflow, never panic.
            match op {
                '+' => a.checked_add(b),
                '-' => a.checked_sub(b),
                '*' => a.checked_mul(b),
                _ => a.checked_div(b),
            }
        }
    }
}

/// `(7/6)`, `5+7+9`, `14 / 6 x 100`, `7 = 4 x 6`: column numbers, and numbers
/// after an operator that multiplies (`x 100`) where no column up to `last`
/// (the row's highest) bears that number, with + - × x * / : and parentheses.
fn parse(text: &str, last: u32) -> Option<Expr> {
    // `15 = 13/8 x 100%`: the percent sign only says what the figure is.
    let text = text.trim().trim_end_matches('%');
    let tokens: Vec<char> = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            'x' | 'X' | '×' => '*',
            ':' => '/',
            c => c,
        })
        .collect();
    let mut at = 0;
    let e = sum(&tokens, &mut at, last)?;
    (at == tokens.len()).then_some(e)
}

fn sum(t: &[char], at: &mut usize, last: u32) -> Option<Expr> {
    let mut e = product(t, at, last)?;
    while let Some(&op @ ('+' | '-')) = t.get(*at) {
        *at += 1;
        e = Expr::Op(Box::new(e), op, Box::new(product(t, at, last)?));
    }
    Some(e)
}

fn product(t: &[char], at: &mut usize, last: u32) -> Option<Expr> {
    let mut e = atom(t, at, false, last)?;
    while let Some(&op @ ('*' | '/')) = t.get(*at) {
        *at += 1;
        // A factor after a multiplication is a number (× 100), unless it
        // names one of the row's columns (× 6: the koefisien).
        e = Expr::Op(Box::new(e), op, Box::new(atom(t, at, op == '*', last)?));
    }
    Some(e)
}

fn atom(t: &[char], at: &mut usize, factor: bool, last: u32) -> Option<Expr> {
    if t.get(*at) == Some(&'(') {
        *at += 1;
        let e = sum(t, at, last)?;
        if t.get(*at) != Some(&')') {
            return None;
        }
        *at += 1;
        return Some(e);
    }
    let start = *at;
    while t.get(*at).is_some_and(char::is_ascii_digit) {
        *at += 1;
    }
    let digits: String = t[start..*at].iter().collect();
    let n: u32 = digits.parse().ok()?;
    Some(if factor && (n > last || n == 100) {
        Expr::Number(Decimal::from(n))
    } else {
        Expr::Column(n)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_forms_formulas() {
        assert_eq!(
            parse("(7/6)", 16),
            Some(Expr::Op(
                Box::new(Expr::Column(7)),
                '/',
                Box::new(Expr::Column(6))
            ))
        );
        let sum = parse("5+7+9", 16).expect("a sum");
        assert!(matches!(sum, Expr::Op(_, '+', _)));
        let pct = parse("14 / 6 x 100", 16).expect("a percentage");
        assert_eq!(parse("13/8x100%", 16), parse("13 / 8 x 100", 16));
        assert!(
            matches!(pct, Expr::Op(_, '*', ref b) if **b == Expr::Number(Decimal::ONE_HUNDRED))
        );
        assert_eq!(parse("7/", 16), None);
        // Figures a damaged file may hold overflow to nothing, never a panic.
        let huge = |n: u32| {
            Some(if n == 7 {
                Decimal::MAX
            } else {
                Decimal::new(1, 28)
            })
        };
        assert_eq!(eval(&parse("7/6", 16).expect("a ratio"), &huge), None);
        assert_eq!(eval(&parse("7+7", 16).expect("a sum"), &huge), None);
        assert_eq!(
            ratio_as_stated(&parse("7/6", 16).unwrap(), Decimal::ONE, Decimal::MAX),
            Decimal::MAX
        );
        assert_eq!(parse("a+b", 16), None);
        // `7 = 4 x 6` over seven numbered columns: bobot × koefisien; `x 25`
        // over eight, and `x 100` always: numbers.
        assert_eq!(
            parse("4 x 6", 7),
            Some(Expr::Op(
                Box::new(Expr::Column(4)),
                '*',
                Box::new(Expr::Column(6))
            ))
        );
        assert_eq!(
            parse("4 x 25", 8),
            Some(Expr::Op(
                Box::new(Expr::Column(4)),
                '*',
                Box::new(Expr::Number(Decimal::from(25)))
            ))
        );
    }
}
