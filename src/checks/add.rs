//! `sum-mismatch` across a row: a total column is the sum of the columns it
//! totals in the same row (a budget export's total anggaran = belanja operasi +
//! belanja modal; its realisasi likewise), less the columns it subtracts (the
//! sisa = anggaran − realisasi). An empty cell among them counts as nothing.
//!
//! | Operasi Anggaran | Modal Anggaran | Total Anggaran |
//! |------------------|----------------|----------------|
//! | 265.768.653.966  | 4.643.654.825  | 270.412.308.791 | = 265.768.653.966 + 4.643.654.825
//!
//! | Anggaran   | Realisasi | Sisa       |
//! |------------|-----------|------------|
//! | 22.696.700 | 3.076.751 | 19.619.949 | = 22.696.700 − 3.076.751

use rust_decimal::Decimal;
use toml::Spanned;

use super::Derived;
use crate::finding::{Code, Finding, Relation};
use crate::i18n::Msg;
use crate::number::{format_id, round_half_up};
use crate::rules::{Build, Check, CheckSpec, RuleError, Rules};
use crate::table::{Figure, Table};

pub fn check(table: &Table, check: &Check, rules: &Rules) -> Vec<Finding> {
    let Check::Add {
        cell,
        parts,
        less,
        given,
    } = check
    else {
        return Vec::new();
    };
    // Every column the total adds must be in the table: a total over columns
    // the table does not show cannot be recomputed.
    if parts
        .iter()
        .chain(less)
        .any(|&p| table.members(p).is_empty())
    {
        return Vec::new();
    }
    let mut out = Vec::new();
    for row in &table.rows {
        let Some(found) = row.figure(*cell) else {
            continue;
        };
        // A column of several members (a sumber dana each) adds each of them.
        let pairs: Vec<(usize, Figure)> = parts
            .iter()
            .flat_map(|&p| (0..table.members(p).len()).map(move |mi| (p, mi)))
            .filter_map(|(p, mi)| row.figure_at(p, mi).map(|f| (p, f)))
            .collect();
        if pairs.is_empty() {
            continue;
        }
        let taken: Vec<(usize, Figure)> = less
            .iter()
            .filter_map(|&p| row.figure(p).map(|f| (p, f)))
            .collect();
        let figures: Vec<Figure> = pairs.iter().map(|(_, f)| f.clone()).collect();
        let exact: Decimal = figures.iter().map(|f| f.exact).sum::<Decimal>()
            - taken.iter().map(|(_, f)| f.exact).sum::<Decimal>();
        let (terms, relation) = written(table, &pairs, &taken);
        let inputs: Vec<_> = pairs
            .iter()
            .chain(&taken)
            .map(|(_, f)| f.at.clone())
            .collect();
        let finding = Derived {
            code: Code::SumMismatch,
            table,
            row,
            col: *cell,
            found: &found,
            exact,
            tolerance: Decimal::ZERO,
            formula: Msg::new("add.formula")
                .arg("column", table.header(*cell))
                .arg("terms", terms)
                .arg("value", format_id(exact, found.scale)),
            inputs,
            note: None,
            relation: Some(relation),
        }
        .finding();
        let Some(finding) = finding else { continue };
        if !*given || !less.is_empty() || finding.code != Code::SumMismatch {
            out.push(finding);
            continue;
        }
        // The figure is given: the mistake is in a part, or in what a part adds.
        let gap = found.value - round_half_up(exact, found.scale);
        let columns = operands(rules, table, parts);
        out.push(
            match swapped(table, row, &columns, gap) {
                Some((col, part, meant)) => swapped_finding(
                    table,
                    row,
                    (col, &part, meant),
                    (table.header(*cell), &found),
                ),
                None => None,
            }
            .unwrap_or_else(|| given_finding(finding, table, *cell, exact, &found)),
        );
    }
    out
}

/// The terms of a total in the user's words ("DAU 1.000 (G14) + …"), and the
/// relation as `--fix` writes it: a SUM of its cells, or =C5-D5 where it
/// subtracts.
fn written(
    table: &Table,
    pairs: &[(usize, Figure)],
    taken: &[(usize, Figure)],
) -> (String, Relation) {
    let term = |(p, f): &(usize, Figure)| {
        let name = match table.members(*p).iter().position(|m| m.col == f.at.col) {
            Some(mi) if table.members(*p).len() > 1 => table.member_header(*p, mi),
            _ => table.header(*p).to_string(),
        };
        format!("{} {} ({})", name, super::show(f), f.at.a1())
    };
    let added: Vec<String> = pairs.iter().map(term).collect();
    let mut terms = added.join(" + ");
    for t in taken {
        terms.push_str(&format!(" − {}", term(t)));
    }
    let plus: Vec<String> = pairs.iter().map(|(_, f)| f.at.a1()).collect();
    let relation = if taken.is_empty() {
        Relation::Sum(pairs.iter().map(|(_, f)| f.at.clone()).collect())
    } else {
        let minus: Vec<String> = taken
            .iter()
            .map(|(_, f)| format!("-{}", f.at.a1()))
            .collect();
        Relation::Formula(format!("{}{}", plus.join("+"), minus.concat()))
    };
    (terms, relation)
}

/// The columns whose figures make up `parts`: the parts, and what each of them
/// adds in turn (an RAK's months under its quarters).
fn operands(rules: &Rules, table: &Table, parts: &[usize]) -> Vec<usize> {
    let mut out = parts.to_vec();
    let mut i = 0;
    while i < out.len() {
        for c in &rules.tables[table.rule].checks {
            if let Check::Add { cell, parts, .. } = c {
                if *cell == out[i] {
                    out.extend(
                        parts
                            .iter()
                            .filter(|p| !out.contains(p))
                            .collect::<Vec<_>>(),
                    );
                }
            }
        }
        i += 1;
    }
    out
}

/// The one figure among `columns` of the row that two adjacent digits swapped
/// would move by exactly `gap` (4.785.000 typed for 4.875.000: 90.000), with
/// what it would then read.
fn swapped(
    table: &Table,
    row: &crate::table::Row,
    columns: &[usize],
    gap: Decimal,
) -> Option<(usize, Figure, Decimal)> {
    let mut found = columns.iter().flat_map(|&col| {
        (0..table.members(col).len())
            .filter_map(move |mi| row.figure_at(col, mi))
            .filter_map(move |f| swap_by(f.value, f.scale, gap).map(|m| (col, f, m)))
    });
    let first = found.next()?;
    // Two figures that could each be the slip: neither is named.
    found.next().is_none().then_some(first)
}

/// `value` (shown to `scale` places) with two adjacent digits swapped, where
/// that moves it by exactly `gap`.
pub(super) fn swap_by(value: Decimal, scale: u32, gap: Decimal) -> Option<Decimal> {
    if gap.is_zero() || value.is_sign_negative() {
        return None;
    }
    let digits: Vec<u8> = (value * Decimal::from(10u64.pow(scale.min(6))))
        .trunc()
        .to_string()
        .into_bytes();
    (0..digits.len().saturating_sub(1)).find_map(|i| {
        if digits[i] == digits[i + 1] || (i == 0 && digits[1] == b'0') {
            return None;
        }
        let mut d = digits.clone();
        d.swap(i, i + 1);
        let meant = Decimal::from_str_exact(std::str::from_utf8(&d).ok()?).ok()?
            / Decimal::from(10u64.pow(scale.min(6)));
        (meant - value == gap).then_some(meant)
    })
}

/// A part that, with two digits swapped back, makes the parts add up to the
/// given figure: said at that part.
pub(super) fn swapped_finding(
    table: &Table,
    row: &crate::table::Row,
    (col, part, meant): (usize, &Figure, Decimal),
    (given, found): (&str, &Figure),
) -> Option<Finding> {
    Derived {
        code: Code::SumMismatch,
        table,
        row,
        col,
        found: part,
        exact: meant,
        tolerance: Decimal::ZERO,
        formula: Msg::new("add.swapped")
            .arg("expected", format_id(meant, part.scale))
            .arg("column", given)
            .arg("value", super::show(found))
            .arg("cell", found.at.a1()),
        inputs: vec![found.at.clone()],
        note: None,
        relation: None,
    }
    .finding()
}

/// The given figure's finding, told that the parts are where to look if it is
/// the DPA's: it is not rewritten unasked.
fn given_finding(
    finding: Finding,
    table: &Table,
    cell: usize,
    exact: Decimal,
    found: &Figure,
) -> Finding {
    finding.fix(None).help(
        Msg::new("add.given-help")
            .arg("column", table.header(cell))
            .arg("cell", found.at.a1())
            .arg("value", super::show(found))
            .arg("sum", format_id(exact, found.scale)),
    )
}

/// `[[check]] type = "add"`: `cell` is the sum of `columns` less the sum of
/// `less`, in the same row.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Spec {
    cell: Option<Spanned<String>>,
    columns: Option<Vec<Spanned<String>>>,
    less: Option<Vec<Spanned<String>>>,
    given: Option<bool>,
}

impl CheckSpec for Spec {
    fn build(self, b: &Build) -> Result<Check, RuleError> {
        let parts = b.listed(&self.columns)?;
        Ok(Check::Add {
            cell: b.required(&self.cell, "cell")?,
            parts,
            less: b.each(self.less.as_deref().unwrap_or_default(), "columns")?,
            given: self.given.unwrap_or(false),
        })
    }
}
