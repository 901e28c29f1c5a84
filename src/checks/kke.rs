//! The detail sheet of the evaluators' worksheet of SAKIP (Kertas Kerja Evaluasi,
//! PermenPAN-RB 88/2021): each sub-komponen split into kriteria, each kriteria
//! into the bukti dukung it asks for, and per stage of the evaluation (penilaian
//! mandiri, penjaminan kualitas, penilaian final) an answer, its coefficient and
//! the nilai it earns.
//!
//! | Kode      | Sub-komponen | Kriteria / Bukti  | Bobot | Bobot bukti | Jawaban | Koef. | Nilai |
//! |-----------|--------------|-------------------|-------|-------------|---------|-------|-------|
//! | AREN001   | Pemenuhan    |                   | 6,00  |             |         |       | 5,62  |  Σ nilai of its rows
//! | AREN001.1 |              | Terdapat dokumen… | 1,50  | 1,50        |         |       |       |  Σ bobot = 6,00
//! |           |              | RPJMD             |       | 0,50        | Y       | 1     | 0,50  |  koef × bobot bukti
//! |           |              | Renstra PD        |       | 0,50        | T       | 0     | 0,00  |  T gives 0
//!
//! - The kriteria's bobot add up to their sub-komponen's, the bukti's to their
//!   kriteria's (`sum-mismatch`).
//! - An answer's coefficient is the one the worksheet's own rule gives it
//!   (`coefficient-mismatch`). The rule is read from the coefficient column's
//!   formulas (`IF(M7="Y",1,IF(M7="T",0,…))`), or, where the coefficients are
//!   typed, from what most rows give each answer.
//! - A nilai is its coefficient × its bobot (`percent-mismatch`); a
//!   sub-komponen's nilai is the sum of its rows' (`sum-mismatch`).
//! - The resume states, per sub-komponen and stage, that sum
//!   (`cross-table-mismatch`, at the resume's cell).
//!
//! A draft is checked for what is filled: a stage no row of a sub-komponen has
//! answered is not held against the resume.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use toml::Spanned;

use super::sum::held_to_sum;
use super::{show, Derived};
use crate::finding::{Code, Finding, Relation};
use crate::msg;
use crate::number::format_id;
use crate::rules::{Build, Check, CheckSpec, RuleError, Rules};
use crate::table::{Cell, Figure, Row, Table};
use crate::text::normalise;

/// Two recomputations closer than this are the same figure: the worksheets
/// compute in binary floating point (5,6249999… for 5,625).
const NOISE: Decimal = Decimal::from_parts(1, 0, 0, false, 9);

/// A kriteria and the bukti dukung rows under it.
struct Criterion<'t, 's> {
    row: &'t Row<'s>,
    evidence: Vec<&'t Row<'s>>,
}

/// A sub-komponen and its kriteria.
struct Block<'t, 's> {
    sub: &'t Row<'s>,
    criteria: Vec<Criterion<'t, 's>>,
}

impl<'t, 's> Block<'t, 's> {
    /// Every row of the block that may carry an answer: each kriteria, then its bukti.
    fn rows(&self) -> impl Iterator<Item = &'t Row<'s>> + '_ {
        self.criteria
            .iter()
            .flat_map(|c| std::iter::once(c.row).chain(c.evidence.iter().copied()))
    }
}

/// The columns of the check, resolved.
struct Columns {
    weight: usize,
    criterion_weight: Option<usize>,
    evidence_weight: Option<usize>,
    answer: usize,
    coefficient: usize,
    score: usize,
}

pub fn check(table: &Table, check: &Check, resumes: &[&Table], rules: &Rules) -> Vec<Finding> {
    let Check::Kke {
        levels,
        weight,
        criterion_weight,
        evidence_weight,
        answer,
        coefficient,
        score,
        by,
        column,
        ..
    } = check
    else {
        return Vec::new();
    };
    let cols = Columns {
        weight: *weight,
        criterion_weight: *criterion_weight,
        evidence_weight: *evidence_weight,
        answer: *answer,
        coefficient: *coefficient,
        score: *score,
    };
    let blocks = blocks(table, levels);
    let mut out = Vec::new();
    for block in &blocks {
        out.extend(weights(table, block, &cols));
    }
    let resume = by.as_ref().zip(column.as_ref()).and_then(|(by, col)| {
        let resolve = |r: &'_ Table| {
            let columns = &rules.tables.get(r.rule)?.columns;
            let by_key = &rules.tables[table.rule].columns[*by].key;
            Some((
                columns.iter().position(|c| &c.key == by_key)?,
                columns.iter().position(|c| c.key == *col)?,
            ))
        };
        let (r, (kode, nilai)) = resume_of(table, resumes, &resolve)?;
        Some(Resume {
            table: r,
            kode,
            nilai,
            by: *by,
            sub: levels[0].as_str(),
        })
    });
    for stage in 0..table.members(cols.score).len() {
        let (Some(a), Some(k)) = (
            table.aligned(cols.score, stage, cols.answer),
            table.aligned(cols.score, stage, cols.coefficient),
        ) else {
            continue;
        };
        let stage = Stage {
            answer: a,
            coefficient: k,
            score: stage,
        };
        let rule = coefficient_rule(&blocks, &cols, &stage);
        for block in &blocks {
            out.extend(coefficients(table, block, &cols, &stage, &rule));
            out.extend(scores(table, block, &cols, &stage));
            if let Some(resume) = &resume {
                out.extend(against_resume(table, block, &cols, &stage, resume));
            }
        }
    }
    out
}

/// The members of the answer, coefficient and nilai columns of one stage.
struct Stage {
    answer: usize,
    coefficient: usize,
    score: usize,
}

/// The resume the sub-komponen's nilai are carried to.
struct Resume<'a> {
    table: &'a Table<'a>,
    /// Its kode column and its nilai column (one member per stage).
    kode: usize,
    nilai: usize,
    /// This table's kode column.
    by: usize,
    /// The kind of row of a sub-komponen, in the resume as here.
    sub: &'a str,
}

/// The resume of this detail: the only one, or, where a workbook holds
/// several, the one whose nilai cells' formulas read this detail's sheet
/// (`VLOOKUP(A5,PENILAIAN!…)`); none where that does not settle it.
fn resume_of<'a>(
    detail: &Table,
    resumes: &[&'a Table<'a>],
    resolve: &dyn Fn(&Table) -> Option<(usize, usize)>,
) -> Option<(&'a Table<'a>, (usize, usize))> {
    let usable: Vec<(&Table, (usize, usize))> = resumes
        .iter()
        .filter_map(|r| resolve(r).map(|cols| (*r, cols)))
        .collect();
    if let [one] = usable.as_slice() {
        return Some(*one);
    }
    let reads_detail = |r: &Table, nilai: usize| {
        r.rows.iter().any(|row| {
            (0..row.members(nilai)).any(|m| {
                row.formula_at(nilai, m)
                    .is_some_and(|f| refers_to(f, &detail.sheet))
            })
        })
    };
    let mut reading = usable
        .into_iter()
        .filter(|(r, (_, nilai))| reads_detail(r, *nilai));
    match (reading.next(), reading.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

/// The sub-komponen of the sheet, each with its kriteria and their bukti.
fn blocks<'t, 's>(table: &'t Table<'s>, levels: &[String; 3]) -> Vec<Block<'t, 's>> {
    let mut out: Vec<Block> = Vec::new();
    let mut open = false;
    for row in &table.rows {
        let kind: &str = &row.kind;
        if kind == levels[0] {
            out.push(Block {
                sub: row,
                criteria: Vec::new(),
            });
            open = true;
        } else if kind == levels[1] && open {
            if let Some(b) = out.last_mut() {
                b.criteria.push(Criterion {
                    row,
                    evidence: Vec::new(),
                });
            }
        } else if kind == levels[2] && open {
            if let Some(c) = out.last_mut().and_then(|b| b.criteria.last_mut()) {
                c.evidence.push(row);
            }
        } else if !kind.is_empty() {
            // A komponen's heading, a total: the sub-komponen is over.
            open = false;
        }
    }
    out
}

/// A figure and a recomputation that only floating-point noise sets apart.
fn same(found: &Figure, exact: Decimal) -> bool {
    found
        .exact
        .checked_sub(exact)
        .is_some_and(|d| d.abs() <= NOISE)
}

/// The sum of figures, None where it passes what a decimal holds.
fn total(parts: &[Figure]) -> Option<Decimal> {
    parts
        .iter()
        .try_fold(Decimal::ZERO, |sum, f| sum.checked_add(f.exact))
}

/// Whether a stated figure is its recomputation (counted as recomputed either way).
fn agrees(found: &Figure, exact: Decimal) -> bool {
    super::judge(found, exact, Decimal::ZERO) == super::Verdict::Agrees || same(found, exact)
}

/// [`held_to_sum`], unless the difference is the worksheet's floating-point noise.
fn sum_finding(
    table: &Table,
    row: &Row,
    col: usize,
    found: &Figure,
    parts: &[Figure],
    key: &'static str,
) -> Option<Finding> {
    let exact = total(parts)?;
    if parts.is_empty() || agrees(found, exact) {
        return None;
    }
    held_to_sum(table, row, col, found, parts, key)
}

/// The bobot: a sub-komponen's = its kriteria's; a kriteria's = its bukti's.
fn weights(table: &Table, block: &Block, cols: &Columns) -> Vec<Finding> {
    let mut out = Vec::new();
    if let Some(cw) = cols.criterion_weight {
        let parts: Vec<Figure> = block
            .criteria
            .iter()
            .filter_map(|c| c.row.figure(cw))
            .collect();
        // Only where every kriteria states its bobot (a draft may not yet).
        if parts.len() == block.criteria.len() {
            if let Some(whole) = block.sub.figure(cols.weight) {
                out.extend(sum_finding(
                    table,
                    block.sub,
                    cols.weight,
                    &whole,
                    &parts,
                    "kke.formula-criteria",
                ));
            }
            if let Some(own) = block.sub.figure(cw) {
                out.extend(sum_finding(
                    table,
                    block.sub,
                    cw,
                    &own,
                    &parts,
                    "kke.formula-criteria",
                ));
            }
        }
    }
    let Some(ew) = cols.evidence_weight else {
        return out;
    };
    let mut carried = Vec::new();
    for c in &block.criteria {
        let parts: Vec<Figure> = c.evidence.iter().filter_map(|r| r.figure(ew)).collect();
        let own = c.row.figure(ew);
        match &own {
            Some(own) if !parts.is_empty() => out.extend(sum_finding(
                table,
                c.row,
                ew,
                own,
                &parts,
                "kke.formula-evidence",
            )),
            // A kriteria without bukti rows carries its own bobot.
            Some(own) => {
                if let Some(w) = cols.criterion_weight.and_then(|cw| c.row.figure(cw)) {
                    out.extend(sum_finding(
                        table,
                        c.row,
                        ew,
                        own,
                        std::slice::from_ref(&w),
                        "kke.formula-own",
                    ));
                }
            }
            None => {}
        }
        carried.extend(own);
    }
    if carried.len() == block.criteria.len() {
        if let Some(total) = block.sub.figure(ew) {
            out.extend(sum_finding(
                table,
                block.sub,
                ew,
                &total,
                &carried,
                "kke.formula-criteria",
            ));
        }
    }
    out
}

/// A row's coefficient as a fraction: a cell shown as a percentage (100%)
/// holds 1.
fn coefficient_of(row: &Row, cols: &Columns, stage: &Stage) -> Option<Figure> {
    let mut f = row.figure_at(cols.coefficient, stage.coefficient)?;
    if shown_as_percent(row, cols, stage) {
        f.value /= Decimal::ONE_HUNDRED;
        f.exact /= Decimal::ONE_HUNDRED;
        f.scale = f.value.normalize().scale().max(2);
    }
    Some(f)
}

/// Whether a row's coefficient cell is shown as a percentage (`0%`).
fn shown_as_percent(row: &Row, cols: &Columns, stage: &Stage) -> bool {
    row.number_format_at(cols.coefficient, stage.coefficient)
        .is_some_and(|code| code.contains('%'))
}

/// An answer as the rule compares it: `y`, `a`.
fn answer_of(row: &Row, col: usize, member: usize) -> Option<String> {
    match row.cell(col, member) {
        Cell::Text(t) => {
            let t = normalise(&t);
            (!t.is_empty()).then_some(t)
        }
        _ => None,
    }
}

/// The (answer, coefficient) pairs a formula states: `IF(M7="Y",1,IF(M7="T",0,…))`
/// gives (y, 1) and (t, 0).
fn formula_pairs(formula: &str) -> Vec<(String, Decimal)> {
    let mut out = Vec::new();
    let mut rest = formula;
    while let Some(open) = rest.find("=\"") {
        let after = &rest[open + 2..];
        let Some(close) = after.find('"') else {
            break;
        };
        let answer = &after[..close];
        let tail = after[close + 1..].trim_start();
        rest = &after[close + 1..];
        let Some(tail) = tail.strip_prefix(',') else {
            continue;
        };
        let tail = tail.trim_start();
        let end = tail
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
            .unwrap_or(tail.len());
        // A blank answer (`IF(M7="",0,…)`) is no answer.
        if answer.trim().is_empty() {
            continue;
        }
        if let Ok(v) = tail[..end].parse::<Decimal>() {
            // `100%` is 1.
            let v = if tail[end..].starts_with('%') {
                v / Decimal::ONE_HUNDRED
            } else {
                v
            };
            out.push((normalise(answer), v.normalize()));
        }
    }
    out
}

/// The worksheet's own rule for a stage: the coefficient of each answer, read from
/// the coefficient column's formulas, else from the typed coefficients; an answer
/// takes the coefficient most of its rows give it (more than half, two at least).
fn coefficient_rule(blocks: &[Block], cols: &Columns, stage: &Stage) -> BTreeMap<String, Decimal> {
    let mut votes: BTreeMap<(String, Decimal), usize> = BTreeMap::new();
    let rows = || blocks.iter().flat_map(Block::rows);
    for row in rows() {
        if let Some(f) = row.formula_at(cols.coefficient, stage.coefficient) {
            for pair in formula_pairs(f) {
                *votes.entry(pair).or_default() += 1;
            }
        }
    }
    if votes.is_empty() {
        for row in rows() {
            if let (Some(a), Some(k)) = (
                answer_of(row, cols.answer, stage.answer),
                coefficient_of(row, cols, stage),
            ) {
                *votes.entry((a, k.exact.normalize())).or_default() += 1;
            }
        }
    }
    let mut totals: BTreeMap<&str, usize> = BTreeMap::new();
    for ((a, _), n) in &votes {
        *totals.entry(a.as_str()).or_default() += n;
    }
    votes
        .iter()
        .filter(|((a, _), n)| **n >= 2 && **n * 2 > totals[a.as_str()])
        .map(|((a, v), _)| (a.clone(), *v))
        .collect()
}

/// The rule in words: `Y = 1; T = 0`.
fn rule_words(rule: &BTreeMap<String, Decimal>) -> String {
    rule.iter()
        .map(|(a, v)| format!("{} = {}", a.to_uppercase(), format_id(*v, v.scale())))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Each answered row's coefficient against the rule.
fn coefficients(
    table: &Table,
    block: &Block,
    cols: &Columns,
    stage: &Stage,
    rule: &BTreeMap<String, Decimal>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for row in block.rows() {
        let (Some(a), Some(found)) = (
            answer_of(row, cols.answer, stage.answer),
            coefficient_of(row, cols, stage),
        ) else {
            continue;
        };
        let Some(&expected) = rule.get(&a) else {
            continue;
        };
        if agrees(&found, expected) {
            continue;
        }
        let column = table.member_header(cols.coefficient, stage.coefficient);
        let answer = a.to_uppercase();
        let shown = format_id(expected, expected.scale().max(found.scale));
        let mut finding = Finding::new(
            Code::CoefficientMismatch,
            found.at.clone(),
            msg!(
                "kke.coefficient",
                column = column.as_str(),
                found = show(&found),
                answer = answer.as_str(),
                expected = shown.as_str(),
                rule = rule_words(rule)
            ),
        )
        .place(&table.name, row.label(), &column)
        .figures(
            super::scaled(found.value, found.scale),
            Some(super::scaled(
                expected,
                found.scale.max(expected.normalize().scale()),
            )),
        );
        finding = match row.formula_at(cols.coefficient, stage.coefficient) {
            // A formula of its own that reads the answer another way: its
            // formula is what to correct, not its figure.
            Some(formula) => finding.help(msg!(
                "kke.coefficient-formula-help",
                cell = found.at.a1(),
                formula = format!("={}", formula.trim_start_matches('=')),
                answer = answer.as_str(),
                expected = shown.as_str()
            )),
            None => {
                // The fix is written in the cell's own units: 100 in a cell
                // shown as a percentage.
                let fix = if shown_as_percent(row, cols, stage) {
                    expected * Decimal::ONE_HUNDRED
                } else {
                    expected
                };
                finding
                    .help(msg!(
                        "kke.coefficient-help",
                        expected = shown.as_str(),
                        cell = found.at.a1(),
                        answer = answer.as_str()
                    ))
                    .fix(Some(fix))
            }
        };
        out.push(finding);
    }
    out
}

/// The bobot a row's nilai is earned on: its bukti's bobot, else its kriteria's.
fn bobot_of(row: &Row, cols: &Columns) -> Option<Figure> {
    cols.evidence_weight
        .and_then(|ew| row.figure(ew))
        .or_else(|| cols.criterion_weight.and_then(|cw| row.figure(cw)))
}

/// The nilai that make up a sub-komponen's: each kriteria's bukti's where they
/// state one, else the kriteria's own.
fn parts_of(block: &Block, cols: &Columns, stage: &Stage) -> Vec<Figure> {
    let mut parts = Vec::new();
    for c in &block.criteria {
        let evidence: Vec<Figure> = c
            .evidence
            .iter()
            .filter_map(|r| r.figure_at(cols.score, stage.score))
            .collect();
        if evidence.is_empty() {
            parts.extend(c.row.figure_at(cols.score, stage.score));
        } else {
            parts.extend(evidence);
        }
    }
    parts
}

/// Each nilai = coefficient × bobot; a sub-komponen's nilai = the sum of its rows'.
fn scores(table: &Table, block: &Block, cols: &Columns, stage: &Stage) -> Vec<Finding> {
    let mut out = Vec::new();
    for row in block.rows() {
        let (Some(found), Some(k), Some(w)) = (
            row.figure_at(cols.score, stage.score),
            coefficient_of(row, cols, stage),
            bobot_of(row, cols),
        ) else {
            continue;
        };
        let Some(exact) = k.exact.checked_mul(w.exact) else {
            continue;
        };
        if agrees(&found, exact) {
            continue;
        }
        out.extend(
            Derived {
                code: Code::PercentMismatch,
                table,
                row,
                col: cols.score,
                found: &found,
                exact,
                tolerance: Decimal::ZERO,
                formula: msg!(
                    "kke.formula-score",
                    coefficient = show(&k),
                    bobot = show(&w),
                    value = format_id(exact, found.scale)
                ),
                inputs: vec![k.at.clone(), w.at.clone()],
                note: None,
                relation: Some(Relation::Formula(format!("{}*{}", k.at.a1(), w.at.a1()))),
            }
            .finding(),
        );
    }
    if let Some(found) = block.sub.figure_at(cols.score, stage.score) {
        out.extend(sum_finding(
            table,
            block.sub,
            cols.score,
            &found,
            &parts_of(block, cols, stage),
            "kke.formula-sub",
        ));
    }
    out
}

/// The stage a resume's header names: `PENILAIAN MANDIRI (OPD)` names
/// `penilaian mandiri`.
fn stage_name(header: &str) -> String {
    let bare = match header.find('(') {
        Some(i) => &header[..i],
        None => header,
    };
    normalise(bare).trim().to_string()
}

/// The resume's member of the stage a nilai column of the detail is under: the
/// one whose stage the detail's header names (`Nilai Penjaminan Kualitas`
/// names `penjaminan kualitas`), the longest such where several do.
fn resume_member(other: &Table, nilai: usize, detail_header: &str) -> Option<usize> {
    let header = normalise(detail_header);
    (0..other.members(nilai).len())
        .map(|m| (m, stage_name(&other.member_header(nilai, m))))
        .filter(|(_, name)| !name.is_empty() && header.contains(name.as_str()))
        .max_by_key(|(_, name)| name.len())
        .map(|(m, _)| m)
}

/// Whether a formula reads a cell of `sheet` (`PENILAIAN!$A$4`,
/// `'PENILAIAN 2'!A4`; sheet names ignore case, as Excel's do).
fn refers_to(formula: &str, sheet: &str) -> bool {
    let f = formula.to_lowercase();
    let name = sheet.to_lowercase();
    let quoted = format!("'{}'!", name.replace('\'', "''"));
    if f.contains(&quoted) {
        return true;
    }
    let bare = format!("{name}!");
    f.match_indices(&bare).any(|(i, _)| {
        f[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '.' || c == '\''))
    })
}

/// The resume's nilai of the sub-komponen against the sum of its rows here.
fn against_resume(
    table: &Table,
    block: &Block,
    cols: &Columns,
    stage: &Stage,
    resume: &Resume,
) -> Option<Finding> {
    // A stage nobody has answered yet in this sub-komponen says nothing.
    if !block
        .rows()
        .any(|r| coefficient_of(r, cols, stage).is_some())
    {
        return None;
    }
    let kode = normalise(block.sub.text(resume.by)?);
    let other = resume.table;
    let member = resume_member(
        other,
        resume.nilai,
        &table.member_header(cols.score, stage.score),
    )?;
    // The resume's sub-komponen of the same kode: exactly one.
    let mut of_kode = other.rows.iter().filter(|r| {
        &*r.kind == resume.sub && r.text(resume.kode).is_some_and(|k| normalise(k) == kode)
    });
    let (Some(row), None) = (of_kode.next(), of_kode.next()) else {
        return None;
    };
    let found = row.figure_at(resume.nilai, member)?;
    let parts = parts_of(block, cols, stage);
    let exact = total(&parts)?;
    if agrees(&found, exact) {
        return None;
    }
    let own = block.sub.figure_at(cols.score, stage.score);
    // The sub-komponen's own total is wrong and the resume carries it: that
    // total's finding says it.
    if own.as_ref().is_some_and(|o| same(&found, o.exact)) {
        return None;
    }
    let column = other.member_header(resume.nilai, member);
    let expected = format_id(exact, found.scale);
    let sub_cell = table
        .member(cols.score, stage.score)
        .map(|m| crate::workbook::CellAddr::new(&table.sheet, block.sub.row, m.col));
    // Whether the resume's cell reads the detail (a VLOOKUP into its sheet).
    let reads = row
        .formula_at(resume.nilai, member)
        .is_some_and(|f| refers_to(f, &table.sheet));
    let note = match (&own, &sub_cell) {
        (None, Some(cell)) if reads => {
            msg!("kke.resume-own-empty", cell = cell.to_string())
        }
        (None, Some(cell)) => msg!("kke.resume-own-blank", cell = cell.to_string()),
        (Some(o), _) => msg!("kke.resume-own", cell = o.at.to_string(), value = show(o)),
        (None, None) => msg!("kke.resume-apart", sheet = table.sheet.as_str()),
    };
    Some(
        Finding::new(
            Code::CrossTableMismatch,
            found.at.clone(),
            msg!(
                "kke.resume",
                column = column.as_str(),
                found = show(&found),
                kode = block.sub.text(resume.by).unwrap_or_default(),
                sub = block.sub.label(),
                sheet = table.sheet.as_str(),
                n = parts.len(),
                expected = expected.as_str(),
                note = note
            ),
        )
        .place(&other.name, row.label(), &column)
        .figures(
            super::scaled(found.value, found.scale),
            Some(super::scaled(exact, found.scale)),
        )
        .inputs(parts.iter().map(|f| f.at.clone()).collect())
        // A typed resume figure may take the detail's sum (--unsafe-fixes); a
        // formula is left to read the detail once that is right.
        .fix(
            row.formula_at(resume.nilai, member)
                .is_none()
                .then(|| crate::number::round_half_up(exact, found.scale)),
        )
        .help(match sub_cell {
            Some(cell) if own.is_none() && reads => msg!(
                "kke.resume-help-empty",
                cell = cell.to_string(),
                expected = expected.as_str()
            ),
            _ => msg!(
                "kke.resume-help",
                cell = found.at.a1(),
                expected = expected.as_str()
            ),
        }),
    )
}

/// `[[check]] type = "kke"`: the evaluators' worksheet of SAKIP. `levels`
/// names the kinds of row of a sub-komponen, a kriteria and a bukti dukung;
/// the weights, answers, coefficients and scores are its columns; `from` and
/// `column` name the resume and its nilai column (both or neither).
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Spec {
    levels: Option<Vec<String>>,
    weight: Option<Spanned<String>>,
    criterion_weight: Option<Spanned<String>>,
    evidence_weight: Option<Spanned<String>>,
    answer: Option<Spanned<String>>,
    coefficient: Option<Spanned<String>>,
    score: Option<Spanned<String>>,
    by: Option<Spanned<String>>,
    from: Option<Spanned<String>>,
    column: Option<Spanned<String>>,
}

impl CheckSpec for Spec {
    fn row_kinds(&self) -> Vec<&String> {
        self.levels.iter().flatten().collect()
    }

    fn build(self, b: &Build) -> Result<Check, RuleError> {
        let levels = match self.levels.as_deref() {
            Some([sub, criterion, evidence]) => [sub.clone(), criterion.clone(), evidence.clone()],
            _ => {
                return Err(b.error(
                    "levels",
                    "a `kke` check needs `levels`: the kinds of row of a sub-komponen, a kriteria and a bukti dukung",
                ))
            }
        };
        if self.from.is_some() != self.column.is_some() {
            return Err(b.error(
                "from",
                "a `kke` check names the resume with `from` and its nilai column with `column`, both or neither",
            ));
        }
        Ok(Check::Kke {
            levels,
            weight: b.required(&self.weight, "weight")?,
            criterion_weight: b.optional(&self.criterion_weight, "criterion_weight")?,
            evidence_weight: b.optional(&self.evidence_weight, "evidence_weight")?,
            answer: b.required(&self.answer, "answer")?,
            coefficient: b.required(&self.coefficient, "coefficient")?,
            score: b.required(&self.score, "score")?,
            by: b.optional(&self.by, "by")?,
            from: self.from.map(Spanned::into_inner),
            column: self.column.map(Spanned::into_inner),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_coefficient_formula_states_its_rule() {
        let pairs = formula_pairs(
            r#"IF(M36="A",1,IF(M36="B",0.66,IF(M36="C",0.33,IF(M36="D",0,"Belum Diisi"))))"#,
        );
        let dec = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(
            pairs,
            [
                ("a".to_string(), dec("1")),
                ("b".to_string(), dec("0.66")),
                ("c".to_string(), dec("0.33")),
                ("d".to_string(), dec("0")),
            ]
        );
        assert_eq!(
            formula_pairs(r#"IF(M101="Y",1,0)"#),
            [("y".to_string(), dec("1"))]
        );
        // The text a formula gives when unanswered is no coefficient.
        assert!(formula_pairs(r#"IF(M7="Y",1,"Belum Diisi")"#).len() == 1);
    }

    #[test]
    fn a_formula_refers_to_a_sheet_by_its_whole_name() {
        assert!(refers_to(
            "VLOOKUP(A5,PENILAIAN!$A$4:$Y$281,15,FALSE)",
            "PENILAIAN"
        ));
        assert!(refers_to(
            "VLOOKUP(A5,'Penilaian 2'!$A$4:$Y$281,15,FALSE)",
            "PENILAIAN 2"
        ));
        assert!(!refers_to(
            "VLOOKUP(A5,'PENILAIAN 2'!$A$4:$Y$281,15,FALSE)",
            "PENILAIAN"
        ));
        assert!(!refers_to("SUM(XPENILAIAN!A1)", "PENILAIAN"));
    }

    #[test]
    fn a_stage_is_named_by_its_header_without_who_does_it() {
        assert_eq!(stage_name("PENILAIAN MANDIRI (OPD)"), "penilaian mandiri");
        assert_eq!(
            stage_name("PENJAMINAN KUALITAS (INSPEKTORAT)"),
            "penjaminan kualitas"
        );
    }
}
