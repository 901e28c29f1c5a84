//! `sample-size`: a survey's respondents against the smallest sample its
//! population needs. A recap that states its population ("Jumlah populasi :
//! 1.200", above or under the table) is held to the rule's sample table
//! (Krejcie & Morgan, which PermenPAN-RB 14/2017 cites): its respondents, as
//! the sheet states them ("Jumlah responden : 150") or else as the recap's
//! rows, are at least the table's sample for the first population at or above
//! its own.
//!
//! | Jumlah populasi : 40 |          |          |  needs 36 (Krejcie & Morgan, N = 40)
//! | No. Resp             | U1       | …        |
//! | 1 … 30               | 4        | …        |  30 respondents: 6 short (information)
//!
//! A short sample does not make the IKM wrong; it makes it less sure. The
//! finding is information.

use super::recap;
use crate::finding::{Code, Finding, Severity};
use crate::msg;
use crate::rules::{Check, Rules, SampleRule};
use crate::table::Table;
use crate::text::{any_matches, normalise};
use crate::workbook::{CellAddr, Raw, Sheet};

/// Rows above the table's header and under its body searched for the statements.
const ABOVE: u32 = 10;
const BELOW: u32 = 12;

pub fn check(sheet: &Sheet, table: &Table, rules: &Rules) -> Vec<Finding> {
    held(sheet, table, rules).unwrap_or_default()
}

fn held(sheet: &Sheet, table: &Table, rules: &Rules) -> Option<Vec<Finding>> {
    let rule = rules.tables.get(table.rule)?;
    let spec = rules
        .samples
        .iter()
        .find(|s| Some(&s.id) == rule.sample.as_ref())?;
    let l = &table.located;
    let top = l.header_top.saturating_sub(ABOVE);
    let bottom = sheet
        .end()
        .map_or(l.body_end, |(r, _)| r)
        .min(l.body_end + BELOW);
    let rows = rule.checks.iter().find_map(|c| match c {
        Check::Recap { column, .. } => Some(
            recap::responses(table, c)
                .iter()
                .filter(|r| (0..r.members(*column)).any(|m| r.figure_at(*column, m).is_some()))
                .count() as u64,
        ),
        _ => None,
    });
    let said = stated(sheet, top, bottom, &spec.respondents);
    let mut out = Vec::new();
    // A stated count the recap's own rows do not bear out.
    if let (Some((n, at)), Some(rows)) = (&said, rows) {
        if rows > 0 && *n != rows {
            out.push(
                Finding::new(
                    Code::CountMismatch,
                    at.clone(),
                    msg!(
                        "sample.count-differs",
                        n = count(*n),
                        cell = at.a1(),
                        rows = count(rows)
                    ),
                )
                .severity(Severity::Warning)
                .figures(
                    rust_decimal::Decimal::from(*n),
                    Some(rust_decimal::Decimal::from(rows)),
                )
                .help(msg!("sample.count-help", rows = count(rows))),
            );
        }
    }
    let Some((population, population_at)) = stated(sheet, top, bottom, &spec.population) else {
        return Some(out);
    };
    let (respondents, respondents_at, counted) = match said {
        Some((n, at)) => (n, at, false),
        None => (rows?, population_at.clone(), true),
    };
    out.extend(short(
        spec,
        population,
        &population_at,
        respondents,
        respondents_at,
        counted,
    ));
    Some(out)
}

/// The finding where `respondents` fall short of what `population` needs.
fn short(
    spec: &SampleRule,
    population: u64,
    population_at: &CellAddr,
    respondents: u64,
    at: CellAddr,
    counted: bool,
) -> Option<Finding> {
    let (row, needed) = spec.needed(population)?;
    if respondents == 0 || respondents >= needed {
        return None;
    }
    let said = match (counted, respondents) {
        (true, 1) => msg!("sample.counted-one"),
        (true, _) => msg!("sample.counted", n = count(respondents)),
        (false, 1) => msg!("sample.stated-one", cell = at.a1()),
        (false, _) => msg!("sample.stated", n = count(respondents), cell = at.a1()),
    };
    Some(
        Finding::new(
            Code::SampleSize,
            at.clone(),
            msg!(
                "sample.short",
                respondents = said,
                population = count(population),
                cell = population_at.a1(),
                table = spec.name.as_str(),
                needed = count(needed),
                row = count(row),
                missing = count(needed - respondents)
            ),
        )
        .severity(Severity::Info)
        .figures(
            rust_decimal::Decimal::from(respondents),
            Some(rust_decimal::Decimal::from(needed)),
        )
        .inputs(vec![population_at.clone()])
        .help(msg!(
            "sample.help",
            needed = count(needed),
            table = spec.name.as_str()
        )),
    )
}

/// A count as the report writes it: `1.200`.
fn count(n: u64) -> String {
    crate::number::format_id(rust_decimal::Decimal::from(n), 0)
}

/// A whole number a row states beside one of `words` (in the same cell after
/// the words, "Jumlah populasi : 1.200", or in a cell to its right), and the
/// cell it is in.
fn stated(
    sheet: &Sheet,
    top: u32,
    bottom: u32,
    words: &[crate::text::Pattern],
) -> Option<(u64, CellAddr)> {
    for row in sheet.rows_between(top, bottom) {
        let cols: Vec<u32> = sheet.cols_in_row(row).collect();
        for (i, &c) in cols.iter().enumerate() {
            if !sheet.has_words(row, c) {
                continue;
            }
            let text = sheet.text(row, c);
            let text: &str = text.as_ref();
            let (label, rest) = match text.split_once([':', '=']) {
                Some((l, r)) => (l, r.trim()),
                None => (text, ""),
            };
            if !any_matches(words, &normalise(label)) {
                continue;
            }
            if let Some(n) = whole(rest) {
                return Some((n, sheet.at(row, c)));
            }
            let numbers: Vec<(u64, u32)> = cols[i + 1..]
                .iter()
                .filter_map(|&next| {
                    let n = match sheet.raw(row, next) {
                        Raw::Number { value, .. } => whole_decimal(value),
                        Raw::Text(t) => whole(t.trim_start_matches(':').trim()),
                        _ => None,
                    };
                    n.map(|n| (n, next))
                })
                .collect();
            // A year beside the words ("Jumlah populasi | 2024 | 1.200") is not
            // the count when a number follows it.
            let count = numbers
                .iter()
                .find(|(n, _)| !(1990..2100).contains(n))
                .or(numbers.first());
            if let Some(&(n, next)) = count {
                return Some((n, sheet.at(row, next)));
            }
        }
    }
    None
}

/// `1.200`, `150 orang`: the whole number a text starts with (a count: its
/// dots group thousands).
fn whole(text: &str) -> Option<u64> {
    let run: String = text
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    // "1,200" reads two ways (1,2 or 1.200): no count to go by.
    if text[run.len()..].starts_with(',')
        && text[run.len() + 1..].starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    let run = run.trim_end_matches('.');
    let mut groups = run.split('.');
    let first = groups
        .next()
        .filter(|g| !g.is_empty() && g.len() <= 3 || !run.contains('.'))?;
    let rest: Vec<&str> = groups.collect();
    if rest.iter().any(|g| g.len() != 3) {
        return None;
    }
    let digits: String = std::iter::once(first).chain(rest).collect();
    digits.parse().ok()
}

fn whole_decimal(value: rust_decimal::Decimal) -> Option<u64> {
    use rust_decimal::prelude::ToPrimitive;
    (value.fract().is_zero() && value.is_sign_positive())
        .then(|| value.to_u64())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_statement_reads_its_whole_number() {
        assert_eq!(whole("1.200"), Some(1200));
        assert_eq!(whole("150 orang"), Some(150));
        assert_eq!(whole("orang"), None);
        assert_eq!(whole("1,200"), None);
    }

    #[test]
    fn the_table_is_read_at_the_first_population_at_or_above() {
        let rules = Rules::built_in().unwrap();
        let km = rules
            .samples
            .iter()
            .find(|s| s.id == "krejcie-morgan")
            .unwrap();
        assert_eq!(km.needed(40), Some((40, 36)));
        assert_eq!(km.needed(32), Some((35, 32)));
        assert_eq!(km.needed(1200), Some((1200, 291)));
        assert_eq!(km.needed(5_000_000), Some((1_000_000, 384)));
        // A population under the table's first row: all of it.
        assert_eq!(km.needed(7), Some((10, 7)));
    }
}
