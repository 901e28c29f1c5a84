//! One figure that throws off every recomputation it takes part in: a sub
//! kegiatan's realisasi typed 450.000.000 too high makes its kegiatan's sum,
//! its own percentage and its sisa all disagree, while each of those three
//! cells is right. The three findings are one problem, and the cell most likely
//! wrong is the figure they all read, not any of the cells they stand at.
//!
//! For each figure read by several recomputations, each says how that figure
//! would have to change for it to agree: by an exact amount (a sum, a
//! difference, a mean) or in a direction (a ratio's part or whole). Where they
//! all agree (the same amount, the same direction), two of them at least on
//! the exact amount, and no other figure explains as many of them, that figure
//! is the problem's cause.

use rust_decimal::Decimal;

use crate::finding::{Finding, Relation};
use crate::workbook::CellAddr;

/// How a recomputation says one of its figures would have to change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    /// By exactly this much.
    By(Decimal),
    /// Up (true) or down.
    Toward(bool),
}

/// A figure that explains several findings: the figure, the findings (their
/// indices) and the amount it is off by where one follows (found − right).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Cause {
    pub cell: CellAddr,
    pub findings: Vec<usize>,
    pub off_by: Option<Decimal>,
}

/// The figures that explain two findings or more (a figure's own finding, where
/// it has one, among them), each with the findings it explains (every finding
/// with one cause at most).
pub(super) fn causes(findings: &[Finding]) -> Vec<Cause> {
    let mut reads: Vec<(&CellAddr, usize, Change)> = Vec::new();
    for (i, f) in findings.iter().enumerate() {
        let Some(gap) = super::gap(f) else {
            continue;
        };
        for (cell, change) in changes(f, gap) {
            reads.push((cell, i, change));
        }
    }
    let mut candidates: Vec<Cause> = Vec::new();
    let mut cells: Vec<&CellAddr> = reads.iter().map(|(c, _, _)| *c).collect();
    cells.sort_by_key(|c| (c.sheet.clone(), c.row, c.col));
    cells.dedup();
    // The findings standing at each cell, found once.
    let mut at_cell: std::collections::HashMap<&CellAddr, Vec<usize>> =
        std::collections::HashMap::new();
    for (i, f) in findings.iter().enumerate() {
        at_cell.entry(&f.at).or_default().push(i);
    }
    for cell in cells {
        let mut mine: Vec<(usize, Change)> = reads
            .iter()
            .filter(|(c, _, _)| *c == cell)
            .map(|(_, i, ch)| (*i, *ch))
            .collect();
        // A figure with a finding of its own, read by two recomputations or
        // more: its own reads it too (it would have to change by what it is
        // off), where it is exact. A figure whose own finding cannot say by how
        // much is not a cause.
        let standing: &[usize] = at_cell.get(cell).map_or(&[], Vec::as_slice);
        if !standing.is_empty() {
            let own: Vec<Decimal> = standing
                .iter()
                .filter_map(|&i| super::gap(&findings[i]))
                .collect();
            // (A figure read by one other recomputation is blamed by its
            // operands already: `blamed_first`.)
            let mut others: Vec<usize> = mine.iter().map(|(i, _)| *i).collect();
            others.dedup();
            if own.len() != standing.len() || others.len() < 2 {
                continue;
            }
            mine.extend(standing.iter().zip(own).map(|(&i, g)| (i, Change::By(-g))));
        }
        if let Some(cause) = agreed(cell, &mine) {
            candidates.push(cause);
        }
    }
    // The figure that explains the most findings; where two explain as many
    // of the same findings, neither is said.
    candidates.sort_by_key(|c| std::cmp::Reverse(c.findings.len()));
    let mut out: Vec<Cause> = Vec::new();
    for (k, c) in candidates.iter().enumerate() {
        let overlaps = |d: &Cause| d.findings.iter().any(|i| c.findings.contains(i));
        let rival = candidates
            .iter()
            .enumerate()
            .any(|(j, d)| j != k && d.findings.len() == c.findings.len() && overlaps(d));
        if !rival && !out.iter().any(overlaps) {
            out.push(c.clone());
        }
    }
    out
}

/// The cause, where two findings or more read `cell` and all agree on how it
/// is off: every exact amount the same, every direction that amount's.
fn agreed(cell: &CellAddr, reads: &[(usize, Change)]) -> Option<Cause> {
    let mut findings: Vec<usize> = reads.iter().map(|(i, _)| *i).collect();
    findings.sort_unstable();
    findings.dedup();
    if findings.len() < 2 {
        return None;
    }
    let exact: Vec<Decimal> = reads
        .iter()
        .filter_map(|(_, ch)| match ch {
            Change::By(d) => Some(*d),
            Change::Toward(_) => None,
        })
        .collect();
    // A ratio says only which way: it confirms an amount two exact
    // recomputations agree on, never one alone (a program's sum 1.000 off
    // and an unrelated serapan a point off beside one of its kegiatan).
    if exact.len() < 2 {
        return None;
    }
    let by = exact[0];
    let up = by > Decimal::ZERO;
    let fits = reads.iter().all(|(_, ch)| match ch {
        Change::By(d) => *d == by,
        Change::Toward(t) => *t == up,
    });
    fits.then(|| Cause {
        cell: cell.clone(),
        findings,
        // (The figure is off by the opposite of the change that mends it.)
        off_by: Some(-by),
    })
}

/// How each figure `f` reads would have to change for `f` to agree, where its
/// relation says: `gap` is found − expected.
fn changes(f: &Finding, gap: Decimal) -> Vec<(&CellAddr, Change)> {
    let Some(relation) = &f.relation else {
        return Vec::new();
    };
    let up = gap > Decimal::ZERO;
    match relation {
        // expected = Σ cells: one of them `gap` higher gives what the cell says.
        Relation::Sum(cells) => cells.iter().map(|c| (c, Change::By(gap))).collect(),
        Relation::Mean(cells) => {
            let n = Decimal::from(cells.len());
            cells.iter().map(|c| (c, Change::By(gap * n))).collect()
        }
        Relation::MeanTimes(cells, k) if !k.is_zero() => {
            let n = Decimal::from(cells.len());
            cells
                .iter()
                .filter_map(|c| {
                    gap.checked_mul(n)?
                        .checked_div(*k)
                        .map(|d| (c, Change::By(d)))
                })
                .collect()
        }
        // part / whole: a larger part, or a smaller whole, gives a larger ratio.
        Relation::Ratio { part, whole } => {
            vec![(part, Change::Toward(up)), (whole, Change::Toward(!up))]
        }
        // `C27-D27` (a sisa): an added cell `gap` higher, a subtracted one lower.
        Relation::Formula(text) => signed_terms(text)
            .into_iter()
            .filter_map(|(a1, plus)| {
                let c = f.inputs.iter().find(|c| c.a1() == a1)?;
                Some((c, Change::By(if plus { gap } else { -gap })))
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The cells of a formula that only adds and subtracts single cells
/// (`C27-D27`, `F10+G10-H10`), each with whether it is added; none otherwise.
fn signed_terms(text: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut plus = true;
    let mut term = String::new();
    for ch in text.chars().chain(std::iter::once('+')) {
        match ch {
            '+' | '-' => {
                if term.is_empty() && out.is_empty() && ch == '-' {
                    plus = false;
                    continue;
                }
                let cell = std::mem::take(&mut term);
                let letters = cell.chars().take_while(char::is_ascii_uppercase).count();
                let digits = cell[letters..].chars().all(|c| c.is_ascii_digit());
                if letters == 0 || letters == cell.len() || !digits {
                    return Vec::new();
                }
                out.push((cell, plus));
                plus = ch == '+';
            }
            c if c.is_ascii_alphanumeric() => term.push(c),
            _ => return Vec::new(),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::signed_terms;

    #[test]
    fn a_formula_of_added_and_subtracted_cells_is_read_term_by_term() {
        assert_eq!(
            signed_terms("C27-D27"),
            [("C27".to_string(), true), ("D27".to_string(), false)]
        );
        assert_eq!(signed_terms("F10+G10-H10").len(), 3);
        assert!(signed_terms("SUM(C5:C9)").is_empty());
        assert!(signed_terms("C5*2").is_empty());
    }
}
