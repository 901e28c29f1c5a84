//! An SKM recapitulation with the unsur as columns (the PermenPAN-RB 14/2017
//! form): one row per respondent, then the rows that sum it up, column by column.
//!
//! | No Resp                | U1   | U2   | … | U9   |      |
//! |------------------------|------|------|---|------|------|
//! | 1                      | 4    | 3    | … | 4    |      |
//! | Σ Nilai / Unsur        | 4    | 3    | … | 4    |      |  sum of the respondents (`sum-mismatch`)
//! | NRR / Unsur            | 4,00 | 3,00 | … | 4,00 |      |  Σ / respondents (`average-mismatch`)
//! | NRR Tertimbang / Unsur | 0,44 | 0,33 | … | 0,44 | 3,89 |  NRR × 1/9 (`weight-mismatch`); beside: their sum
//! | IKM Unit Pelayanan     | 97,22|      |   |      |      |  Σ NRR tertimbang × 25 (`index-mismatch`)
//!
//! The weight is 1/n for n unsur. PermenPAN-RB 14/2017 writes it 0,111: a
//! figure that only that written weight reproduces is said once as information
//! naming the weight, not an error. A recomputation may start from an NRR as
//! shown (3,47) or from the respondents' exact mean (3,4666…), and an IKM from
//! the NRR tertimbang as shown: any of them agreeing is agreement.

use rust_decimal::Decimal;
use toml::Spanned;

use super::{judge, Derived, Verdict};
use crate::finding::{Code, Finding, Relation};
use crate::i18n::Msg;
use crate::msg;
use crate::number::{format_id, round_half_up};
use crate::rules::{Build, Check, CheckSpec, RowRole, RuleError, Rules};
use crate::table::{Figure, Row, Table};
use crate::workbook::CellAddr;

/// IKM = Σ NRR tertimbang × 25 (NRR 1–4 converted to 25–100).
const FACTOR: Decimal = Decimal::from_parts(25, 0, 0, false, 0);

/// The rows of the respondents: the rows of the `respondent` kind where the
/// rule names one, else every row but the summary rows and totals.
pub(crate) fn responses<'t, 's>(table: &'t Table<'s>, check: &Check) -> Vec<&'t Row<'s>> {
    let Check::Recap {
        total,
        mean,
        weighted,
        index,
        converted,
        respondent,
        ..
    } = check
    else {
        return Vec::new();
    };
    let summary = [
        Some(mean.as_str()),
        total.as_deref(),
        weighted.as_deref(),
        index.as_deref(),
        converted.as_deref(),
    ];
    let is_respondent = |r: &Row| match respondent {
        Some(kind) => &r.kind == kind,
        None => !summary.contains(&Some(r.kind.as_str())),
    };
    table
        .rows
        .iter()
        .filter(|r| is_respondent(r) && r.role != Some(RowRole::Total))
        .collect()
}

pub fn check(table: &Table, check: &Check, tables: &[Table], rules: &Rules) -> Vec<Finding> {
    let Check::Recap {
        column,
        total,
        mean,
        weighted,
        index,
        converted,
        category,
        ..
    } = check
    else {
        return Vec::new();
    };
    let responses = responses(table, check);
    let row_of = |kind: &Option<String>| {
        kind.as_ref()
            .and_then(|k| table.rows.iter().find(|r| &r.kind == k))
    };
    let (sum_row, weighted_row, index_row) = (row_of(total), row_of(weighted), row_of(index));
    let mean_row = table.rows.iter().find(|r| &r.kind == mean);
    let members = table.members(*column).len();
    if members == 0 {
        return Vec::new();
    }
    let weight = Decimal::ONE / Decimal::from(members as u64);
    let recap = Recap {
        table,
        column: *column,
        responses,
        sum_row,
        mean_row,
        weighted_row,
        weight,
        written_weight: round_half_up(weight, 3),
    };
    let mut out = Vec::new();
    // The NRR of each unsur as the recap states it, with the respondents' mean
    // where the recap lists them: the rows below may build on either.
    let mut stated = Stated::default();
    for mi in 0..members {
        recap.unsur(mi, &mut stated, &mut out);
    }
    if let Some(row) = weighted_row {
        by_written_weight(&recap, row, &stated, &mut out);
    }
    merge_written_notes(&mut out, weight);
    let converted_row = row_of(converted);
    let index_figure = index_row.and_then(|row| first_figure(table, row, *column));
    // An IKM on the 1–4 scale (Σ NRR tertimbang, before the ×25 conversion):
    // the recap converts it on a row of its own, or it cannot be on 25–100.
    let unscaled = index_figure
        .as_ref()
        .is_some_and(|f| converted_row.is_some() || f.value <= Decimal::from(4));
    let ikm_inputs = Ikm {
        table,
        column: *column,
        nrr: &stated.nrr,
        weighted: &stated.weighted,
        weight,
        written: recap.written_weight,
    };
    if let Some(row) = index_row {
        let factor = if unscaled { Decimal::ONE } else { FACTOR };
        out.extend(ikm_inputs.check(row, factor));
    }
    match (converted_row, index_row, &index_figure) {
        (Some(row), Some(_), Some(ikm)) if unscaled => {
            out.extend(conversion(table, row, *column, ikm));
        }
        (Some(row), None, _) => out.extend(ikm_inputs.check(row, FACTOR)),
        _ => {}
    }
    // The mutu stated under the IKM: the band its value on 25–100 falls in.
    let on_100 = match (converted_row, unscaled) {
        (Some(row), _) => Some(row),
        (None, false) => index_row,
        (None, true) => None,
    };
    if let (Some(category), Some(row)) = (category, on_100) {
        out.extend(mutu(table, *column, category, row, (tables, rules)));
    }
    out
}

/// The year a recap's mutu is judged by: a recap of 14 unsur follows
/// Kepmenpan 25/2004; else the year its caption or sheet names.
fn survey_year(table: &Table, members: usize) -> Option<u32> {
    if members == 14 {
        return Some(2004);
    }
    super::table_year(table)
}

/// The mutu rows of a recap (`category`: their kind and scale) against the
/// band the IKM on 25–100 (`value_row`'s) falls in.
fn mutu(
    table: &Table,
    column: usize,
    (kind, scale): &(String, String),
    value_row: &Row,
    (tables, rules): (&[Table], &Rules),
) -> Vec<Finding> {
    let members = table.members(column).len();
    let Some(v) = first_figure(table, value_row, column) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for row in table.rows.iter().filter(|r| &r.kind == kind) {
        let Some(mi) =
            (0..members).find(|&mi| matches!(row.cell(column, mi), crate::table::Cell::Text(_)))
        else {
            continue;
        };
        let named = value_row.label().to_string();
        out.extend(
            super::category::below(
                table,
                row,
                (column, mi),
                (&v, named),
                scale,
                survey_year(table, members),
                tables,
                rules,
            )
            .map(|mut f| {
                // The mutu is the recap's, not of the unsur its cell starts in.
                f.column_label.clear();
                f
            }),
        );
    }
    out
}

/// A row whose figures the written weight gives for half its unsur or more
/// uses that weight: a figure neither weight gives is corrected by it too.
fn by_written_weight(recap: &Recap, row: &Row, stated: &Stated, out: &mut [Finding]) {
    let members = recap.table.members(recap.column).len();
    let written_only = out
        .iter()
        .filter(|f| f.message.key == "recap.written-weight")
        .count();
    if written_only * 2 < members {
        return;
    }
    for f in out.iter_mut().filter(|f| f.code == Code::WeightMismatch) {
        let Some(k) = stated.weighted.iter().position(|w| w.at == f.at) else {
            continue;
        };
        let (Some(found), Some(nrr)) = (stated.weighted.get(k), stated.nrr.get(k)) else {
            continue;
        };
        let by_written = Weights {
            exact: recap.weight,
            written: recap.written_weight,
            prefer_written: true,
        };
        if let Some(again) = weighed(recap.table, row, recap.column, found, nrr, by_written) {
            *f = again;
        }
    }
}

/// A row's first figure among the members of `column` (the IKM, in whichever
/// unsur's column its merged cell starts).
fn first_figure(table: &Table, row: &Row, column: usize) -> Option<Figure> {
    (0..table.members(column).len()).find_map(|mi| row.figure_at(column, mi))
}

/// The IKM converted to 25–100 against the IKM on 1–4 it converts: × 25.
fn conversion(table: &Table, row: &Row, column: usize, ikm: &Figure) -> Option<Finding> {
    let found = first_figure(table, row, column)?;
    let exact = ikm.value * FACTOR;
    Derived {
        code: Code::IndexMismatch,
        table,
        row,
        col: column,
        found: &found,
        exact,
        // The IKM as shown fixes its conversion to within its half unit × 25.
        tolerance: half_unit(ikm) * FACTOR,
        formula: msg!(
            "recap.converted",
            cell = ikm.at.a1(),
            ikm = format_id(ikm.value, ikm.scale),
            value = format_id(exact, found.scale.max(ikm.scale))
        ),
        inputs: vec![ikm.at.clone()],
        note: None,
        relation: None,
    }
    .finding()
    .map(|f| named_by_row(f, row))
}

/// A recap's rows and the weight of one unsur: what each unsur's checks share.
struct Recap<'a> {
    table: &'a Table<'a>,
    column: usize,
    responses: Vec<&'a Row<'a>>,
    sum_row: Option<&'a Row<'a>>,
    mean_row: Option<&'a Row<'a>>,
    weighted_row: Option<&'a Row<'a>>,
    weight: Decimal,
    written_weight: Decimal,
}

/// The weight of one unsur, exact (1/n) and as the regulation writes it
/// (0,111), and which one a correction uses.
#[derive(Clone, Copy)]
struct Weights {
    exact: Decimal,
    written: Decimal,
    prefer_written: bool,
}

/// The NRR and NRR tertimbang each unsur states, in column order, for the IKM row.
#[derive(Default)]
struct Stated {
    nrr: Vec<Nrr>,
    weighted: Vec<Figure>,
}

/// One unsur's respondent scores: the figures, their cells and their sum.
struct Scores {
    figures: Vec<Figure>,
    cells: Vec<String>,
    sum: Decimal,
}

impl Scores {
    /// The cells of the scores, for a finding's inputs and relation.
    fn addrs(&self) -> Vec<CellAddr> {
        self.figures.iter().map(|f| f.at.clone()).collect()
    }
}

impl Recap<'_> {
    /// Checks one unsur's sum, NRR and NRR tertimbang, noting what it states.
    fn unsur(&self, mi: usize, stated: &mut Stated, out: &mut Vec<Finding>) {
        let column = self.column;
        let figures: Vec<Figure> = self
            .responses
            .iter()
            .filter_map(|r| r.figure_at(column, mi))
            .collect();
        let cells: Vec<String> = figures.iter().map(|f| f.at.a1()).collect();
        let sum: Decimal = figures.iter().map(|f| f.exact).sum();
        let scores = Scores {
            figures,
            cells,
            sum,
        };
        if let Some(row) = self.sum_row {
            if let (Some(found), false) = (row.figure_at(column, mi), scores.figures.is_empty()) {
                out.extend(self.sum_finding(row, &found, &scores));
            }
        }
        if let Some(row) = self.mean_row {
            if let Some(found) = row.figure_at(column, mi) {
                let mut known = None;
                if !scores.figures.is_empty() {
                    let exact = scores.sum / Decimal::from(scores.figures.len() as u64);
                    known = Some(exact);
                    out.extend(self.mean_finding(row, &found, &scores, exact));
                }
                stated.nrr.push(Nrr {
                    stated: found,
                    mean: known,
                });
            }
        }
        if let (Some(row), Some(nrr)) = (self.weighted_row, stated.nrr.last()) {
            if let Some(found) = row.figure_at(column, mi) {
                if nrr.stated.at.col == found.at.col {
                    let weights = Weights {
                        exact: self.weight,
                        written: self.written_weight,
                        prefer_written: false,
                    };
                    out.extend(weighed(self.table, row, column, &found, nrr, weights));
                }
                stated.weighted.push(found);
            }
        }
    }

    /// The Σ Nilai row's figure against the sum of the respondents' scores.
    fn sum_finding(&self, row: &Row, found: &Figure, scores: &Scores) -> Option<Finding> {
        Derived {
            code: Code::SumMismatch,
            table: self.table,
            row,
            col: self.column,
            found,
            exact: scores.sum,
            tolerance: Decimal::ZERO,
            formula: msg!(
                "recap.sum",
                n = scores.figures.len(),
                cells = super::sum::cell_list(&scores.cells),
                value = format_id(scores.sum, found.scale)
            ),
            inputs: scores.addrs(),
            note: None,
            relation: Some(Relation::Sum(scores.addrs())),
        }
        .finding()
    }

    /// The NRR row's figure against the respondents' mean score.
    fn mean_finding(
        &self,
        row: &Row,
        found: &Figure,
        scores: &Scores,
        exact: Decimal,
    ) -> Option<Finding> {
        Derived {
            code: Code::AverageMismatch,
            table: self.table,
            row,
            col: self.column,
            found,
            exact,
            tolerance: Decimal::ZERO,
            formula: msg!(
                "recap.mean",
                n = scores.figures.len(),
                cells = super::sum::cell_list(&scores.cells),
                value = format_id(exact, found.scale + 2)
            ),
            inputs: scores.addrs(),
            note: None,
            relation: Some(Relation::Mean(scores.addrs())),
        }
        .finding()
    }
}

/// An unsur's NRR as stated, and the respondents' mean where they are listed.
struct Nrr {
    stated: Figure,
    mean: Option<Decimal>,
}

impl Nrr {
    /// What a recomputation may start from: the NRR as shown, and the mean.
    fn bases(&self) -> Vec<Decimal> {
        let mut out = vec![self.stated.value];
        out.extend(self.mean.filter(|m| *m != self.stated.value));
        out
    }

    /// The base a correction starts from: the mean, else the NRR as stored.
    fn primary(&self) -> Decimal {
        self.mean.unwrap_or(self.stated.exact)
    }
}

/// A stated figure against what each reading gives: None when one with the
/// exact weight agrees; an information naming the written weight when only
/// that agrees; else the finding `primary` builds.
fn judged(
    found: &Figure,
    exact_weight: &[Decimal],
    written_weight: &[Decimal],
    written: Decimal,
    primary: impl FnOnce() -> Option<Finding>,
) -> Option<Finding> {
    let agrees = |r: &Decimal| judge(found, *r, Decimal::ZERO) == Verdict::Agrees;
    if exact_weight.iter().any(agrees) {
        return None;
    }
    let finding = primary()?;
    match written_weight.iter().find(|r| agrees(r)) {
        Some(_) => Some(written_note(finding, found, written)),
        None => Some(finding),
    }
}

/// NRR tertimbang = NRR × 1/n, from the NRR as shown or the respondents' mean.
fn weighed(
    table: &Table,
    row: &Row,
    column: usize,
    found: &Figure,
    nrr: &Nrr,
    weights: Weights,
) -> Option<Finding> {
    let Weights {
        exact: weight,
        written,
        prefer_written,
    } = weights;
    let bases = nrr.bases();
    let by_exact: Vec<Decimal> = bases.iter().map(|b| *b * weight).collect();
    let by_written: Vec<Decimal> = bases.iter().map(|b| *b * written).collect();
    // The weight a correction uses: the row's own, where it writes 0,111.
    let used = if prefer_written { written } else { weight };
    judged(found, &by_exact, &by_written, written, || {
        let exact = match prefer_written {
            true => round_half_up(nrr.stated.value * used, found.scale),
            false => nrr.primary() * used,
        };
        // An NRR known only as shown fixes its weighted value to its half unit × weight.
        let slack = match (nrr.mean, prefer_written) {
            (Some(_), _) | (None, true) => Decimal::ZERO,
            (None, false) => half_unit(&nrr.stated) * used,
        };
        Derived {
            code: Code::WeightMismatch,
            table,
            row,
            col: column,
            found,
            exact,
            tolerance: slack,
            formula: msg!(
                "recap.weighted",
                nrr = nrr.stated.at.a1(),
                value = format_id(
                    if prefer_written {
                        nrr.stated.value
                    } else {
                        nrr.primary()
                    },
                    nrr.stated.scale.max(2) + 2
                ),
                weight = if prefer_written {
                    format_id(written, 3)
                } else {
                    weight_words(weight)
                },
                result = format_id(exact, found.scale + 2)
            ),
            inputs: vec![nrr.stated.at.clone()],
            note: shifted(found, exact),
            relation: None,
        }
        .finding()
    })
}

/// A figure written ten or a hundred times what it should be (its decimal
/// point a place or two too far right: 3,91 for 0,391): said so.
fn shifted(found: &Figure, exact: Decimal) -> Option<Msg> {
    if exact.is_zero() {
        return None;
    }
    [10u32, 100].into_iter().find_map(|times| {
        let t = Decimal::from(times);
        let unit = Decimal::new(1, found.scale) * t;
        let scaled = exact.checked_mul(t)?;
        let off = found.value.checked_sub(scaled)?.abs();
        (off <= unit).then(|| msg!("recap.times", times = times))
    })
}

/// What the IKM is computed from: each unsur's NRR as stated (with the
/// respondents' means) and NRR tertimbang, and the weight of one unsur.
struct Ikm<'a> {
    table: &'a Table<'a>,
    column: usize,
    nrr: &'a [Nrr],
    weighted: &'a [Figure],
    weight: Decimal,
    written: Decimal,
}

impl Ikm<'_> {
    /// IKM = Σ NRR tertimbang × `factor` = (Σ NRR) × 1/n × `factor` (25 for
    /// the 25–100 scale, 1 for the index before its conversion), from the NRR
    /// as shown, the respondents' means or the NRR tertimbang as shown; else
    /// from the weighted ones alone.
    fn check(&self, row: &Row, factor: Decimal) -> Option<Finding> {
        let Ikm {
            table,
            column,
            nrr,
            weighted,
            weight,
            written,
        } = *self;
        let found = first_figure(table, row, column)?;
        let times = if factor == Decimal::ONE { "" } else { " × 25" };
        if nrr.is_empty() {
            if weighted.is_empty() {
                return None;
            }
            let exact = weighted.iter().map(|f| f.exact).sum::<Decimal>() * factor;
            let cells: Vec<String> = weighted.iter().map(|f| f.at.a1()).collect();
            let slack = weighted.iter().map(half_unit).sum::<Decimal>() * factor;
            let formula = msg!(
                "recap.ikm-weighted",
                cells = super::sum::cell_list(&cells),
                times = times,
                value = format_id(exact, found.scale + 2)
            );
            return index_finding(
                table,
                row,
                column,
                &found,
                exact,
                slack,
                formula,
                weighted.iter(),
            );
        }
        let shown: Decimal = nrr.iter().map(|n| n.stated.value).sum();
        let means: Decimal = nrr.iter().map(Nrr::primary).sum();
        let mut by_exact = vec![shown * weight * factor, means * weight * factor];
        if weighted.len() == nrr.len() {
            by_exact.push(weighted.iter().map(|f| f.value).sum::<Decimal>() * factor);
            // The NRR tertimbang as shown, with one its NRR does not give read at
            // what it should be (by either weight): one mistyped is said once, at
            // it, not again at the IKM built on it.
            for w in [weight, written] {
                let meant: Decimal = weighted
                    .iter()
                    .zip(nrr)
                    .map(|(f, n)| {
                        let gives = |b: &Decimal| {
                            judge(f, *b * weight, Decimal::ZERO) == Verdict::Agrees
                                || judge(f, *b * written, Decimal::ZERO) == Verdict::Agrees
                        };
                        if n.bases().iter().any(gives) {
                            f.value
                        } else {
                            round_half_up(n.stated.value * w, f.scale)
                        }
                    })
                    .sum();
                by_exact.push(meant * factor);
            }
        }
        let by_written = [shown * written * factor, means * written * factor];
        judged(&found, &by_exact, &by_written, written, || {
            let exact = means * weight * factor;
            let cells: Vec<String> = nrr.iter().map(|n| n.stated.at.a1()).collect();
            // NRR known only as shown fix the IKM to within their half units.
            let slack: Decimal = nrr
                .iter()
                .filter(|n| n.mean.is_none())
                .map(|n| half_unit(&n.stated))
                .sum::<Decimal>()
                * weight
                * factor;
            let formula = msg!(
                "recap.ikm",
                cells = super::sum::cell_list(&cells),
                weight = weight_words(weight),
                times = times,
                value = format_id(exact, found.scale + 2)
            );
            let stated = nrr.iter().map(|n| &n.stated);
            index_finding(table, row, column, &found, exact, slack, formula, stated)
        })
    }
}

/// The IKM against its recomputation from `inputs`.
#[allow(clippy::too_many_arguments)]
fn index_finding<'f>(
    table: &Table,
    row: &Row,
    column: usize,
    found: &Figure,
    exact: Decimal,
    slack: Decimal,
    formula: crate::i18n::Msg,
    inputs: impl Iterator<Item = &'f Figure>,
) -> Option<Finding> {
    Derived {
        code: Code::IndexMismatch,
        table,
        row,
        col: column,
        found,
        exact,
        tolerance: slack,
        formula,
        inputs: inputs.map(|f| f.at.clone()).collect(),
        note: None,
        relation: None,
    }
    .finding()
    .map(|f| named_by_row(f, row))
}

/// A figure of the whole recap (the IKM, in a cell merged across the unsur)
/// named by its row, not by the unsur column its cell starts in (and placed
/// in no column).
fn named_by_row(mut finding: Finding, row: &Row) -> Finding {
    finding.message = finding.message.replaced("column", row.label());
    finding.column_label.clear();
    finding
}

/// A figure the exact weight does not give but the weight as the regulation
/// writes it (0,111) does: an information naming that weight, not an error.
fn written_note(finding: Finding, found: &Figure, written: Decimal) -> Finding {
    let message = msg!(
        "recap.written-weight",
        // A figure of the whole recap (the IKM) is named by its row.
        column = if finding.column_label.is_empty() {
            finding.row_label.clone()
        } else {
            finding.column_label.clone()
        },
        found = super::show(found),
        weight = format_id(written, 3),
        exact_weight = weight_words(Decimal::ONE / (Decimal::ONE / written).round()),
        exact = finding
            .expected
            .as_ref()
            .and_then(crate::finding::Value::number)
            .map(|e| format_id(e, found.scale))
            .unwrap_or_default()
    );
    let mut f = finding;
    f.code = Code::Rounding;
    f.severity = crate::finding::Severity::Info;
    f.message = message;
    // Kepmenpan 25/2004 weighs its 14 unsur 0,071 each; PermenPAN-RB 16/2014
    // and 14/2017 their 9 unsur 0,111.
    let regulation = if (Decimal::ONE / written).round() == Decimal::from(14) {
        msg!("recap.regulation-2004")
    } else {
        msg!("recap.regulation-2017")
    };
    f.help = msg!(
        "recap.written-weight-help",
        weight = format_id(written, 3),
        regulation = regulation
    );
    f.fix = None;
    f
}

/// The notes of a row whose figures the written weight gives, one per unsur,
/// said once: at the first, naming every cell.
fn merge_written_notes(out: &mut Vec<Finding>, weight: Decimal) {
    let notes: Vec<usize> = (0..out.len())
        .filter(|&i| out[i].message.key == "recap.written-weight")
        .collect();
    if notes.len() < 2 {
        return;
    }
    let cells: Vec<String> = notes.iter().map(|&i| out[i].at.a1()).collect();
    let weight_written = out[notes[0]]
        .message
        .args
        .iter()
        .find(|(k, _)| *k == "weight")
        .map(|(_, a)| a.clone());
    let mut first = out[notes[0]].clone();
    first.message = msg!(
        "recap.written-weight-all",
        n = notes.len(),
        cells = cells.join(", "),
        exact_weight = weight_words(weight)
    );
    if let Some(w) = weight_written {
        first.message.args.push(("weight", w));
    }
    first.inputs = notes.iter().map(|&i| out[i].at.clone()).collect();
    first.expected = None;
    let keep = notes[0];
    let mut i = 0;
    out.retain(|_| {
        let drop = notes.contains(&i) && i != keep;
        i += 1;
        !drop
    });
    out[keep] = first;
}

/// Half a unit of the last decimal a figure is stored with: 0,005 for 3,46.
fn half_unit(f: &Figure) -> Decimal {
    Decimal::new(5, f.scale.max(f.exact.scale()) + 1)
}

/// The exact weight of one of n unsur: "1/9".
fn weight_words(exact: Decimal) -> String {
    let n = (Decimal::ONE / exact).round();
    format!("1/{n}")
}

/// `[[check]] type = "recap"`: a survey recap (SKM) in `column`: the `mean`
/// rows state each element's NRR, the `weighted`, `total` and `index` rows
/// what follows from them.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Spec {
    column: Option<Spanned<String>>,
    total: Option<String>,
    mean: Option<String>,
    weighted: Option<String>,
    index: Option<String>,
    converted: Option<String>,
    respondent: Option<String>,
    /// The row kind stating the mutu, with `scale`.
    category: Option<String>,
    scale: Option<String>,
}

impl CheckSpec for Spec {
    fn row_kinds(&self) -> Vec<&String> {
        [
            &self.total,
            &self.mean,
            &self.weighted,
            &self.index,
            &self.converted,
            &self.respondent,
            &self.category,
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    fn build(self, b: &Build) -> Result<Check, RuleError> {
        Ok(Check::Recap {
            column: b.required(&self.column, "column")?,
            mean: b.needs(
                &self.mean,
                "mean",
                "a `recap` check needs `mean`, the kind of row that states each NRR",
            )?,
            total: self.total,
            weighted: self.weighted,
            index: self.index,
            converted: self.converted,
            respondent: self.respondent,
            category: match (self.category, self.scale) {
                (Some(kind), Some(scale)) => Some((kind, scale)),
                (None, None) => None,
                _ => {
                    return Err(b.error(
                        "category",
                        "a `recap` check's `category` (the mutu row) needs its `scale`, and the other way round",
                    ))
                }
            },
        })
    }
}
