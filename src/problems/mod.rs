//! Problems, not symptoms: the findings of one file grouped into the mistakes
//! that cause them, each said once with every place it shows and the cell most
//! likely wrong.
//!
//! A problem is one wrong figure or statement with all its symptoms:
//! - the several codes one defect triggers on one cell (a boundary of a scale
//!   that overlaps its neighbour and differs from the regulation);
//! - every statement of the same figure compared with another (a repeat, a
//!   table against another, a sentence, the draft against its workbook): two
//!   comparisons that share a cell, or that set the same two values against
//!   each other, are the same figure stated two ways;
//! - a figure's recomputation and the comparisons of that same cell;
//! - the same value out of range down one column of one table (seven unsur
//!   above 100: the column is on another scale), or above its limit;
//! - the same formula defect across one row (a JUMLAH row's SUBTOTAL that adds
//!   every level of the kode tree, in each of its money columns).
//!
//! The blame: the one cell whose own operands do not give it (where several
//! do not, all of them, tied); else, among figures stated in several places,
//! the odd one out by majority; where the places split evenly, all of them.

pub mod baseline;
mod operand;
pub mod waivers;

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::finding::{Code, Expectation, Finding, Severity, Value};
use crate::i18n::Msg;
use crate::msg;
use crate::workbook::CellAddr;
use crate::TableInfo;

/// One mistake and its symptoms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1, 2, … in the file, worst first.
    pub id: usize,
    /// Stable across runs and across rows inserted above: the lead finding's
    /// `fingerprint`.
    pub fingerprint: String,
    /// The code of the finding shown first and the worst severity among the findings.
    pub code: Code,
    pub severity: Severity,
    /// The findings it groups (indices into the file's findings), the one
    /// shown first first: the lead, or its finding at the cell most likely wrong.
    pub findings: Vec<usize>,
    /// Every place it shows, each once.
    pub cells: Vec<CellAddr>,
    pub blame: Blame,
    /// Accepted by a waiver: it stays in the report and no longer fails the check.
    pub waived: Option<waivers::Waived>,
    /// Already in the baseline report given with `--baseline`.
    pub baseline: bool,
}

/// The cell most likely wrong, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blame {
    /// Nothing to weigh: one finding, whose cell and words say it.
    None,
    One {
        cell: CellAddr,
        reason: Msg,
    },
    /// The evidence ties: every candidate is named.
    Tied {
        cells: Vec<CellAddr>,
        reason: Msg,
    },
}

impl Problem {
    /// Whether the problem counts toward the exit code: an error neither
    /// waived nor already in the baseline.
    pub fn fails(&self) -> bool {
        self.severity == Severity::Error && self.waived.is_none() && !self.baseline
    }
}

/// Whether a finding compares a figure with another statement of it (which of
/// the two is right, the finding alone cannot tell).
fn compares(f: &Finding) -> bool {
    matches!(
        f.code,
        Code::RepeatMismatch
            | Code::CrossTableMismatch
            | Code::TextMismatch
            | Code::DraftMismatch
            | Code::LabelMismatch
    )
}

/// A defect that, repeated down one column of one table, has one cause: a
/// column on another scale, a column of cumulative figures above the year's.
fn column_wide(code: Code) -> bool {
    matches!(code, Code::OutOfRange | Code::OverLimit)
}

/// A formula's defect that, repeated across one row, has one cause: the
/// row's formula copied across its parallel columns (the anggaran, realisasi
/// and their totals of one JUMLAH row).
fn row_wide(code: Code) -> bool {
    matches!(
        code,
        Code::SumRange | Code::UnitMix | Code::RangeChain | Code::FormulaError | Code::FormulaShape
    )
}

/// How far a recomputed figure is from what it is computed to be (found −
/// expected), for a finding that recomputes a figure from other cells.
fn gap(f: &Finding) -> Option<Decimal> {
    // (A rounding is the cell's own: its inputs give it, but for the digits.)
    if compares(f)
        || f.code == Code::Rounding
        || f.guess.is_some()
        || f.inputs.is_empty()
        || f.at.is_paragraph()
    {
        return None;
    }
    f.difference()
}

/// The finding at one of `f`'s inputs whose own gap is `f`'s, the other way
/// round: that input is off by exactly what throws `f`'s recomputation off.
fn explained_by(
    f: &Finding,
    findings: &[Finding],
    at_cell: &HashMap<&CellAddr, usize>,
) -> Option<usize> {
    let g = gap(f)?;
    f.inputs.iter().find_map(|c| {
        let &j = at_cell.get(c)?;
        let h = findings
            .iter()
            .enumerate()
            .skip(j)
            .find_map(|(k, x)| (x.at == *c && gap(x).is_some_and(|h| h == -g)).then_some(k))?;
        Some(h)
    })
}

/// A figure that may be stated in several places, each recomputed from the
/// same cells: every statement that differs is the same problem.
fn restates(code: Code) -> bool {
    matches!(code, Code::IndexMismatch)
}

struct Sets(Vec<usize>);

impl Sets {
    fn find(&mut self, i: usize) -> usize {
        let mut r = i;
        while self.0[r] != r {
            r = self.0[r];
        }
        let mut i = i;
        while self.0[i] != r {
            let next = self.0[i];
            self.0[i] = r;
            i = next;
        }
        r
    }

    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.0[a.max(b)] = a.min(b);
        }
    }
}

/// The two rows a repeat compares, in a fixed order.
fn rows_of(f: &Finding) -> Option<(u32, u32)> {
    let [other] = f.inputs.as_slice() else {
        return None;
    };
    (other.sheet == f.at.sheet).then(|| (f.at.row.min(other.row), f.at.row.max(other.row)))
}

/// The two values a comparison sets against each other, in a fixed order.
fn pair(f: &Finding) -> Option<(&Value, &Value)> {
    let (a, b) = (f.found.as_ref()?, f.expected.as_ref()?);
    Some(if a.to_string() <= b.to_string() {
        (a, b)
    } else {
        (b, a)
    })
}

/// One column of one table, a code, and the two values set against each
/// other there (none for a defect that is one whatever the values).
type ColumnKey<'f> = (Code, &'f str, u32, &'f str, Option<(&'f Value, &'f Value)>);

/// The findings of one file grouped into problems, worst first.
pub fn group(findings: &[Finding], tables: &[TableInfo]) -> Vec<Problem> {
    let mut sets = Sets((0..findings.len()).collect());
    let at_cell = join_by_keys(findings, &mut sets);
    join_comparisons(findings, &at_cell, &mut sets);
    join_carried(findings, &at_cell, &mut sets);
    // One figure that throws off every recomputation it takes part in.
    let causes = operand::causes(findings);
    for c in &causes {
        for w in c.findings.windows(2) {
            sets.join(w[0], w[1]);
        }
    }
    problems_of(findings, &mut sets, tables, &causes)
}

/// Each rule joins the findings that share a key: the first finding seen
/// with a key stands for all (linear in the findings, however many).
fn by<K: std::hash::Hash + Eq>(sets: &mut Sets, seen: &mut HashMap<K, usize>, key: K, i: usize) {
    match seen.get(&key) {
        Some(&j) => sets.join(i, j),
        None => {
            seen.insert(key, i);
        }
    }
}

/// Joins the findings that share a cell, a compared pair of values, a
/// recomputation, a column's defect, a row's formula defect, a pair of rows
/// or a guess; the first finding at each cell, by cell.
fn join_by_keys<'f>(findings: &'f [Finding], sets: &mut Sets) -> HashMap<&'f CellAddr, usize> {
    let mut at_cell: HashMap<&CellAddr, usize> = HashMap::new();
    let mut values: HashMap<(&Value, &Value), usize> = HashMap::new();
    let mut columns: HashMap<ColumnKey, usize> = HashMap::new();
    let mut rows: HashMap<(Code, &str, u32), usize> = HashMap::new();
    let mut row_pairs: HashMap<(&str, &str, (u32, u32)), usize> = HashMap::new();
    let mut guesses: HashMap<&str, usize> = HashMap::new();
    let mut restated: HashMap<(Code, &[CellAddr]), usize> = HashMap::new();
    for (i, f) in findings.iter().enumerate() {
        // Findings that rest on taking two rows for one indicator are one
        // problem with each other (the rows read as two series, wherever
        // they are compared), and with nothing they compare.
        if let Some(name) = &f.guess {
            by(sets, &mut guesses, name.as_str(), i);
            continue;
        }
        by(sets, &mut at_cell, &f.at, i);
        // One figure stated in several places, each held against the same
        // recomputation (an IKM in three tables, against one table of unsur).
        if restates(f.code) && !f.inputs.is_empty() {
            by(sets, &mut restated, (f.code, f.inputs.as_slice()), i);
        }
        if compares(f) {
            // The same two values set against each other.
            if let Some(p) = pair(f) {
                by(sets, &mut values, p, i);
            }
        }
        // The same defect down one column: out of range or above its limit,
        // or the same two values set against each other (a triwulan IV
        // target of 84 where the year's is 85, in two rows).
        let column_pair = if column_wide(f.code) { None } else { pair(f) };
        if column_wide(f.code) || column_pair.is_some() {
            let key = (
                f.code,
                &*f.at.sheet,
                f.at.col,
                f.table.as_str(),
                column_pair,
            );
            by(sets, &mut columns, key, i);
        }
        if row_wide(f.code) {
            by(sets, &mut rows, (f.code, &*f.at.sheet, f.at.row), i);
        }
        // Two rows of one table stating one indicator, different in several
        // columns: the two rows disagree.
        if f.code == Code::RepeatMismatch {
            if let Some(r) = rows_of(f) {
                by(sets, &mut row_pairs, (&*f.at.sheet, f.table.as_str(), r), i);
            }
        }
    }
    at_cell
}

/// Joins each comparison to the cells it cites.
fn join_comparisons(findings: &[Finding], at_cell: &HashMap<&CellAddr, usize>, sets: &mut Sets) {
    let mut cited: HashMap<&CellAddr, usize> = HashMap::new();
    // A comparison citing a cell where another finding stands; where that
    // finding recomputes the cell, only if this figure is the cell's or what
    // its recomputation gives: a figure that differs from both the cell and
    // its recomputation is a mistake of its own.
    // The same holds for two comparisons that cite one cell.
    for (i, f) in findings.iter().enumerate() {
        if !compares(f) || f.guess.is_some() {
            continue;
        }
        for c in &f.inputs {
            let standing = at_cell.get(c).map(|&j| (j, &findings[j]));
            // (A statement that repeats the cell's figure, or the figure its
            // recomputation gives, is the cell's problem.)
            let apart = standing.is_some_and(|(_, g)| {
                let same = |y: Option<&Value>| match (f.found.as_ref(), y) {
                    (Some(x), Some(y)) => {
                        matches!((x.number(), y.number()), (Some(x), Some(y)) if x == y)
                    }
                    _ => false,
                };
                gap(g).is_some() && !same(g.expected.as_ref()) && !same(g.found.as_ref())
            });
            if apart {
                continue;
            }
            by(sets, &mut cited, c, i);
            if let Some((j, _)) = standing {
                sets.join(i, j);
            }
        }
    }
}

/// Joins what one wrong figure carries: the totals it throws off, the
/// parallel columns of its row.
fn join_carried(findings: &[Finding], at_cell: &HashMap<&CellAddr, usize>, sets: &mut Sets) {
    // A recomputation thrown off by a wrong figure it is computed from: a
    // kegiatan typed 1.000.000 too high makes its program's sum 1.000.000
    // higher than the program states. One problem, blamed on the figure.
    // The same difference in parallel columns of one row (a sub kegiatan's
    // anggaran typed 1.000.000 high, and its Jumlah with it): one figure
    // carried across the row.
    let mut parallel: HashMap<(&str, &str, u32, Decimal), usize> = HashMap::new();
    for (i, f) in findings.iter().enumerate() {
        if let Some(j) = explained_by(f, findings, at_cell) {
            sets.join(i, j);
        }
        if let (Code::SumMismatch, Some(g)) = (f.code, gap(f)) {
            by(
                sets,
                &mut parallel,
                (&*f.at.sheet, f.table.as_str(), f.at.row, g),
                i,
            );
        }
    }
}

/// The joined findings as problems, worst first, numbered.
fn problems_of(
    findings: &[Finding],
    sets: &mut Sets,
    tables: &[TableInfo],
    causes: &[operand::Cause],
) -> Vec<Problem> {
    let n = findings.len();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut root_of: Vec<Option<usize>> = vec![None; n];
    for i in 0..n {
        let r = sets.find(i);
        match root_of[r] {
            Some(g) => groups[g].push(i),
            None => {
                root_of[r] = Some(groups.len());
                groups.push(vec![i]);
            }
        }
    }
    let mut problems: Vec<Problem> = groups
        .into_iter()
        .map(|mut members| {
            // The lead: the worst, then one that finds two series (the
            // strongest word on a guess), then the first in reading order.
            members.sort_by_key(|&i| {
                let f = &findings[i];
                (f.severity, f.message.key != "repeat.series", i)
            });
            let lead = &findings[members[0]];
            let mut cells: Vec<CellAddr> = Vec::new();
            for &i in &members {
                let f = &findings[i];
                for c in std::iter::once(&f.at).chain(&f.also) {
                    if !cells.contains(c) {
                        cells.push(c.clone());
                    }
                }
            }
            Problem {
                id: 0,
                fingerprint: fingerprint(lead, tables),
                code: lead.code,
                severity: lead.severity,
                blame: caused(findings, &members, causes)
                    .unwrap_or_else(|| blame(findings, &members)),
                findings: members,
                cells,
                waived: None,
                baseline: false,
            }
        })
        .collect();
    problems.sort_by_key(|p| (p.severity, p.findings[0]));
    for (k, p) in problems.iter_mut().enumerate() {
        p.id = k + 1;
        blamed_first(p, findings);
    }
    problems
}

/// The figure that explains every recomputation of the problem, where one does
/// ([`operand`]).
fn caused(findings: &[Finding], members: &[usize], causes: &[operand::Cause]) -> Option<Blame> {
    let cause = causes.iter().find(|c| {
        c.findings.iter().all(|i| members.contains(i))
            && members
                .iter()
                .all(|i| c.findings.contains(i) || gap(&findings[*i]).is_none())
    })?;
    let off = cause.off_by?;
    let amount = crate::number::format_id(off.abs(), off.scale());
    // The figure's own recomputation, where it has one, is among them.
    let own = cause.findings.iter().any(|&i| findings[i].at == cause.cell);
    let n = (cause.findings.len() - usize::from(own)).to_string();
    let key = match (off > Decimal::ZERO, own) {
        (true, false) => "problem.blame-cause-high",
        (false, false) => "problem.blame-cause-low",
        (true, true) => "problem.blame-cause-own-high",
        (false, true) => "problem.blame-cause-own-low",
    };
    let reason = Msg::new(key)
        .arg("n", n.as_str())
        .arg("amount", amount.as_str());
    Some(Blame::One {
        cell: cause.cell.clone(),
        reason,
    })
}

/// Where the problem knows the cell most likely wrong, its finding there is
/// the one shown first (as bad as the worst), so that what a reader is told to
/// do first is about that cell, not about a right figure that repeats it, and
/// the problem takes its code. The problem's fingerprint and place in the
/// report stay those of its lead as chosen before, so waivers and baselines
/// keep matching.
fn blamed_first(p: &mut Problem, findings: &[Finding]) {
    let Blame::One { cell, .. } = &p.blame else {
        return;
    };
    let worst = findings[p.findings[0]].severity;
    if let Some(k) = p
        .findings
        .iter()
        .position(|&i| findings[i].at == *cell && findings[i].severity == worst)
    {
        let i = p.findings.remove(k);
        p.findings.insert(0, i);
        p.code = findings[i].code;
    }
}

/// A report's problems: those [`attach`] settled, else its findings grouped.
pub fn of(report: &crate::FileReport) -> std::borrow::Cow<'_, [Problem]> {
    if report.problems.is_empty() && !report.findings.is_empty() {
        std::borrow::Cow::Owned(group(&report.findings, &report.tables))
    } else {
        std::borrow::Cow::Borrowed(&report.problems)
    }
}

/// Groups a report's findings into problems once they are final, and marks
/// those the waivers waive and those the baseline already had.
pub fn attach(
    report: &mut crate::FileReport,
    waivers: Option<(&waivers::Waivers, &mut waivers::Use)>,
    baseline: Option<&baseline::Baseline>,
    today: waivers::Day,
) {
    let mut problems = group(&report.findings, &report.tables);
    if let Some((w, used)) = waivers {
        waivers::apply(
            &mut problems,
            &report.findings,
            &report.tables,
            w,
            today,
            used,
        );
    }
    if let Some(b) = baseline {
        b.mark(
            &report.path,
            &mut problems,
            &report.findings,
            &report.tables,
        );
    }
    report.problems = problems;
}

/// The problem each finding belongs to: its id, by finding index.
pub fn of_findings(problems: &[Problem], n: usize) -> Vec<usize> {
    let mut out = vec![0; n];
    for p in problems {
        for &i in &p.findings {
            if i < n {
                out[i] = p.id;
            }
        }
    }
    out
}

/// For each finding, whether its problem's blame clears its cell: the
/// evidence names another cell as the one most likely wrong. `--fix` never
/// rewrites such a cell (it is the one the evidence says is right).
pub fn cleared(problems: &[Problem], findings: &[Finding]) -> Vec<bool> {
    let mut out = vec![false; findings.len()];
    for p in problems {
        for &i in &p.findings {
            let Some(f) = findings.get(i) else { continue };
            out[i] = match &p.blame {
                Blame::None => false,
                Blame::One { cell, .. } => f.at != *cell,
                Blame::Tied { cells, .. } => !cells.contains(&f.at),
            };
        }
    }
    out
}

/// The cell most likely wrong among a problem's findings.
fn blame(findings: &[Finding], members: &[usize]) -> Blame {
    // Two rows that may be one indicator: no cell is wrong until the guess is settled.
    if members.iter().all(|&i| findings[i].guess.is_some()) {
        return Blame::None;
    }
    if let [i] = members {
        // An indicator that reads like another row's: the copy is the odd one.
        let f = &findings[*i];
        if f.message.key == "link.label-copied" {
            return Blame::One {
                cell: f.at.clone(),
                reason: msg!("problem.blame-copied"),
            };
        }
    }
    if members.len() == 1 && compares(&findings[members[0]]) {
        // Two statements of one figure, nothing else: either may be the wrong one.
        let f = &findings[members[0]];
        let mut cells = vec![f.at.clone()];
        cells.extend(f.inputs.iter().take(1).cloned());
        return Blame::Tied {
            cells,
            reason: msg!("problem.blame-two"),
        };
    }
    // One recomputation alone: the figure, or one of those it is computed from
    // (a sub kegiatan mistyped under a kegiatan stating the right total): the
    // table alone cannot tell. The same where several recomputations are off
    // by one difference (the parallel columns of one row).
    let gaps: Vec<Option<Decimal>> = members.iter().map(|&i| gap(&findings[i])).collect();
    if let Some(blame) = agreeing(findings, members, &gaps) {
        return blame;
    }
    if gaps[0].is_some() && gaps.iter().all(|g| *g == gaps[0]) {
        let mut cells: Vec<CellAddr> = members.iter().map(|&i| findings[i].at.clone()).collect();
        for &i in members {
            for c in &findings[i].inputs {
                if !cells.contains(c) {
                    cells.push(c.clone());
                }
            }
        }
        return Blame::Tied {
            cells,
            reason: msg!("problem.blame-figure-or-inputs"),
        };
    }
    // The cells whose own operands do not give them, but for those a wrong
    // figure among their operands explains.
    let explained: Vec<usize> = members
        .iter()
        .filter(|&&i| {
            let f = &findings[i];
            gap(f).is_some_and(|g| {
                members
                    .iter()
                    .any(|&j| f.inputs.contains(&findings[j].at) && gap(&findings[j]) == Some(-g))
            })
        })
        .copied()
        .collect();
    let mut recomputed: Vec<(&CellAddr, &Value, bool)> = Vec::new();
    for &i in members {
        if explained.contains(&i) {
            continue;
        }
        let f = &findings[i];
        // (A sentence is not computed from operands: it cites.)
        if compares(f) || f.expectation() == Expectation::Compared || f.at.is_paragraph() {
            continue;
        }
        if let Some(expected) = f.expected.as_ref() {
            if !recomputed.iter().any(|(c, _, _)| *c == &f.at) {
                recomputed.push((&f.at, expected, !f.inputs.is_empty()));
            }
        }
    }
    match recomputed.as_slice() {
        [] => {}
        [(cell, expected, operands)] if members.len() > 1 => {
            let reason = if *operands {
                msg!("problem.blame-operands", expected = expected.shown())
            } else {
                msg!("problem.blame-expected", expected = expected.shown())
            };
            return Blame::One {
                cell: (*cell).clone(),
                reason,
            };
        }
        [_] => return Blame::None,
        many => {
            return Blame::Tied {
                cells: many.iter().map(|(c, _, _)| (*c).clone()).collect(),
                reason: msg!("problem.blame-operands-many"),
            }
        }
    }
    majority(findings, members)
}

/// One figure recomputed from separate figures (a pagu from its sumber dana
/// and from its jenis belanja), each giving the same: the figure is wrong.
fn agreeing(findings: &[Finding], members: &[usize], gaps: &[Option<Decimal>]) -> Option<Blame> {
    let first = &findings[members[0]];
    let apart = members.iter().enumerate().all(|(k, &i)| {
        members[k + 1..].iter().all(|&j| {
            !findings[i]
                .inputs
                .iter()
                .any(|c| findings[j].inputs.contains(c))
        })
    });
    let same = members.len() > 1
        && gaps[0].is_some()
        && gaps.iter().all(|g| *g == gaps[0])
        && members
            .iter()
            .all(|&i| findings[i].at == first.at && !findings[i].inputs.is_empty());
    (same && apart).then(|| Blame::One {
        cell: first.at.clone(),
        reason: msg!(
            "problem.blame-agreeing",
            n = members.len(),
            expected = first
                .expected
                .as_ref()
                .map(Value::shown)
                .unwrap_or_default()
        ),
    })
}

/// Among figures stated in several places, the odd one out by majority.
fn majority<'f>(findings: &'f [Finding], members: &[usize]) -> Blame {
    let mut stated: Vec<(CellAddr, &'f Value)> = Vec::new();
    let mut add = |cell: &CellAddr, value: &'f Value| {
        if !stated.iter().any(|(c, _)| c == cell) {
            stated.push((cell.clone(), value));
        }
    };
    for &i in members {
        let f = &findings[i];
        if !compares(f) {
            continue;
        }
        if let (Some(found), Some(expected), [other]) =
            (f.found.as_ref(), f.expected.as_ref(), f.inputs.as_slice())
        {
            add(&f.at, found);
            add(other, expected);
        }
    }
    if stated.len() < 3 {
        return Blame::None;
    }
    let mut counts: Vec<(&Value, usize)> = Vec::new();
    for (_, v) in &stated {
        match counts.iter_mut().find(|(w, _)| w == v) {
            Some((_, n)) => *n += 1,
            None => counts.push((v, 1)),
        }
    }
    counts.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
    let (most, n) = counts[0];
    if counts.get(1).is_some_and(|&(_, m)| m == n) {
        return Blame::Tied {
            cells: stated.into_iter().map(|(c, _)| c).collect(),
            reason: msg!("problem.blame-even", places = stated_len(&counts)),
        };
    }
    let odd: Vec<CellAddr> = stated
        .iter()
        .filter(|(_, v)| *v != most)
        .map(|(c, _)| c.clone())
        .collect();
    let value = stated
        .iter()
        .find(|(_, v)| *v != most)
        .map(|(_, v)| v.shown())
        .unwrap_or_default();
    match odd.as_slice() {
        [cell] => Blame::One {
            cell: cell.clone(),
            reason: msg!(
                "problem.blame-majority",
                value = value,
                most = most.shown(),
                n = n
            ),
        },
        _ => Blame::Tied {
            cells: odd,
            reason: msg!("problem.blame-minority", most = most.shown(), n = n),
        },
    }
}

fn stated_len(counts: &[(&Value, usize)]) -> usize {
    counts.iter().map(|(_, n)| n).sum()
}

/// Lower case, one space between words: how a label is compared.
pub(crate) fn plain(text: &str) -> String {
    text.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A finding's fingerprint, stable across runs and rows inserted above: its
/// code, the kind of its table (the rule that read it, else its name), its
/// row's label and its column's header, hashed; written `code:xxxxxxxxxxxx`.
pub fn fingerprint(f: &Finding, tables: &[TableInfo]) -> String {
    let table = tables
        .iter()
        .find(|t| t.sheet == *f.at.sheet && t.name == f.table)
        .map_or_else(|| plain(&f.table), |t| t.rule.clone());
    let key = format!(
        "{}|{}|{}|{}",
        f.code.as_str(),
        table,
        plain(&f.row_label),
        plain(&f.column_label)
    );
    // FNV-1a, 64 bits: the same text gives the same fingerprint in every build.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{}:{:012x}", f.code.as_str(), hash >> 16)
}

#[cfg(test)]
mod tests;
