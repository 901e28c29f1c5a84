//! `formula-error`: a formula whose saved value is an error (`#DIV/0!`, `#REF!`,
//! `#VALUE!`, `#N/A`, `#NAME?`): the printed table shows the error where a
//! figure belongs. Said once, where the error starts: a formula that only takes
//! an error from a cell it reads is that cell's problem, not its own; and a run
//! of copies down a column with the same cause is one finding at its first cell
//! that names the last.
//!
//! | K (realisasi) | M (pagu AKAS) | N = K/M    |
//! |---------------|---------------|------------|
//! | 3.076.751     | 22.696.700    | 14 %       |
//! | 0             | (empty)       | `#DIV/0!`  |  <- N27 divides by the empty M27
//!
//! A division by an empty cell (the figure is not given on that row) is a
//! warning; every other cause is an error.

use super::eval::Val;
use super::expr::{Expr, Op, Ref};
use super::SheetFormulas;
use crate::finding::{Code, Finding, Severity};
use crate::i18n::Msg;
use crate::msg;
use crate::workbook::Raw;

/// Cells a formula's ranges may span for its operands to be looked through
/// (whether one holds an error); past it the formula counts as an origin.
const LOOK_LIMIT: u64 = 10_000;

/// Why a formula gives an error, as far as its operands tell.
#[derive(Debug, Clone, PartialEq)]
enum Cause {
    /// It divides by this cell, which is empty (true) or zero (false); or by
    /// a typed 0 (no cell).
    Divisor(Option<Ref>, bool),
    /// Its text holds `#REF!`: a row, column or sheet it read was deleted.
    Deleted,
    /// It computes with this cell, which holds text.
    Text(Ref, String),
    /// A lookup found no match (`#N/A`).
    NoMatch,
    /// A name or function the spreadsheet does not know (`#NAME?`).
    Name,
    /// Nothing its operands show.
    Unknown,
}

struct Origin {
    row: u32,
    col: u32,
    error: String,
    shape: u64,
    cause: Cause,
}

pub fn check(f: &SheetFormulas) -> Vec<Finding> {
    let mut origins: Vec<Origin> = f
        .formulas
        .iter()
        .filter_map(|(&(row, col), parsed)| {
            let Raw::Error(error) = f.sheet.raw(row, col) else {
                return None;
            };
            let e = f.formulas.expr(parsed);
            if parsed.reads <= LOOK_LIMIT && reads_error(f, &e) {
                return None;
            }
            let text = f.sheet.formula(row, col).unwrap_or_default();
            let cause = cause(f, &e, text, &error);
            Some(Origin {
                row,
                col,
                error,
                shape: parsed.shape,
                cause,
            })
        })
        .collect();
    origins.sort_by_key(|o| (o.col, o.row));
    let mut out = Vec::new();
    let mut i = 0;
    while i < origins.len() {
        let first = &origins[i];
        let mut j = i + 1;
        while j < origins.len() {
            let (prev, next) = (&origins[j - 1], &origins[j]);
            let copied = next.col == prev.col
                && next.row == prev.row + 1
                && next.error == first.error
                && next.shape == first.shape
                && same_kind(&next.cause, &first.cause);
            if !copied {
                break;
            }
            j += 1;
        }
        out.push(finding(f, first, &origins[j - 1], j - i));
        i = j;
    }
    out.sort_by_key(|x| (x.at.row, x.at.col));
    out
}

/// Whether a cell the formula reads holds an error (the formula only passes it on).
fn reads_error(f: &SheetFormulas, e: &Expr) -> bool {
    e.boxes()
        .iter()
        .any(|b| b.cells().any(|(r, c)| f.value(b.sheet, r, c) == Val::Error))
}

fn cause(f: &SheetFormulas, e: &Expr, text: &str, error: &str) -> Cause {
    let error = error.to_ascii_uppercase();
    if error == "#REF!" || text.to_ascii_uppercase().contains("#REF!") {
        return Cause::Deleted;
    }
    if error == "#DIV/0!" {
        let mut divisor = None;
        e.walk(&mut |node| {
            if divisor.is_some() {
                return;
            }
            if let Expr::Bin(Op::Div, _, b) = node {
                match b.core() {
                    Expr::Ref(r) => match f.value(r.sheet.as_deref(), r.row, r.col) {
                        Val::Empty => divisor = Some(Cause::Divisor(Some(r.clone()), true)),
                        Val::Num(v) if v.is_zero() => {
                            divisor = Some(Cause::Divisor(Some(r.clone()), false))
                        }
                        _ => {}
                    },
                    Expr::Num(v) if v.is_zero() => divisor = Some(Cause::Divisor(None, false)),
                    _ => {}
                }
            }
        });
        return divisor.unwrap_or(Cause::Unknown);
    }
    if error == "#VALUE!" {
        let mut operand = None;
        e.walk(&mut |node| {
            if let (None, Expr::Ref(r)) = (&operand, node) {
                if let Val::Text(t) = f.value(r.sheet.as_deref(), r.row, r.col) {
                    operand = Some(Cause::Text(r.clone(), t));
                }
            }
        });
        return operand.unwrap_or(Cause::Unknown);
    }
    match error.as_str() {
        "#N/A" => Cause::NoMatch,
        "#NAME?" => Cause::Name,
        _ => Cause::Unknown,
    }
}

/// Whether two causes are the same kind (a run of copies divides by the cells of one column).
fn same_kind(a: &Cause, b: &Cause) -> bool {
    match (a, b) {
        (Cause::Divisor(Some(x), e1), Cause::Divisor(Some(y), e2)) => {
            x.col == y.col && x.sheet == y.sheet && e1 == e2
        }
        (Cause::Text(x, _), Cause::Text(y, _)) => x.col == y.col && x.sheet == y.sheet,
        _ => std::mem::discriminant(a) == std::mem::discriminant(b),
    }
}

/// A cell a formula reads, named as the user reads it (`M27`, `'PENILAIAN'!O12`).
fn cell_name(f: &SheetFormulas, r: &Ref) -> String {
    let a1 = f.at(r.row, r.col).a1();
    match &r.sheet {
        Some(s) => format!("'{s}'!{a1}"),
        None => a1,
    }
}

fn finding(f: &SheetFormulas, first: &Origin, last: &Origin, n: usize) -> Finding {
    let text = f.sheet.formula(first.row, first.col).unwrap_or_default();
    let (why, help, severity) = match &first.cause {
        Cause::Divisor(None, _) => (
            msg!("formula.error-div-typed"),
            msg!("formula.error-help"),
            Severity::Error,
        ),
        Cause::Divisor(Some(r), empty) => {
            let divisor = cell_name(f, r);
            let why = if *empty {
                msg!("formula.error-div-empty", divisor = divisor.clone())
            } else {
                msg!("formula.error-div-zero", divisor = divisor.clone())
            };
            let severity = if *empty {
                Severity::Warning
            } else {
                Severity::Error
            };
            (
                why,
                msg!("formula.error-div-help", divisor = divisor),
                severity,
            )
        }
        Cause::Deleted => (
            msg!("formula.error-deleted"),
            msg!("formula.error-deleted-help"),
            Severity::Error,
        ),
        Cause::Text(r, t) => {
            let cell = cell_name(f, r);
            (
                msg!("formula.error-text", cell = cell.clone(), text = t.clone()),
                msg!("formula.error-text-help", cell = cell),
                Severity::Error,
            )
        }
        Cause::NoMatch => (
            msg!("formula.error-no-match"),
            msg!("formula.error-help"),
            Severity::Error,
        ),
        Cause::Name => (
            msg!("formula.error-name"),
            msg!("formula.error-help"),
            Severity::Error,
        ),
        Cause::Unknown => (
            msg!("formula.error-unknown"),
            msg!("formula.error-help"),
            Severity::Error,
        ),
    };
    let run = if n > 1 {
        msg!(
            "formula.error-run",
            n = (n - 1).to_string(),
            last = f.at(last.row, last.col).a1()
        )
    } else {
        Msg::default()
    };
    let inputs = match &first.cause {
        Cause::Divisor(Some(r), _) | Cause::Text(r, _) if r.sheet.is_none() => {
            vec![f.at(r.row, r.col)]
        }
        _ => Vec::new(),
    };
    Finding::new(
        Code::FormulaError,
        f.at(first.row, first.col),
        msg!(
            "formula.error",
            formula = format!("={text}"),
            error = first.error.clone(),
            why = why,
            run = run
        ),
    )
    .severity(severity)
    .values(first.error.clone(), None)
    .inputs(inputs)
    .help(help)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workbook::{Sheet, Workbook};
    use calamine::{CellErrorType, Data};

    /// K (column A), M (column B) and N = A/B (column C, saved as `n`) in the
    /// first rows; under them the total of N, saved as `total`.
    fn book(n: &[Data], m: &[Option<f64>], total: Data) -> Workbook {
        let mut cells = Vec::new();
        for (r, (n, m)) in n.iter().zip(m).enumerate() {
            let r = r as u32;
            cells.push(((r, 0), Data::Float(10.0 + f64::from(r))));
            if let Some(m) = m {
                cells.push(((r, 1), Data::Float(*m)));
            }
            cells.push(((r, 2), n.clone()));
        }
        let rows = n.len() as u32;
        cells.push(((rows, 2), total));
        let mut sheet = Sheet::from_cells("S", cells, Vec::new());
        for r in 0..rows {
            sheet.set_formula(r, 2, &format!("A{0}/B{0}", r + 1));
        }
        sheet.set_formula(rows, 2, &format!("SUM(C1:C{rows})"));
        Workbook {
            path: "t.xlsx".into(),
            sheets: vec![sheet],
        }
    }

    fn found(book: &Workbook) -> Vec<(String, String, Severity)> {
        let f = SheetFormulas::read(book, &book.sheets[0]);
        check(&f)
            .into_iter()
            .map(|x| {
                let message = x.message.render(crate::i18n::Lang::english());
                (x.at.a1(), message, x.severity)
            })
            .collect()
    }

    #[test]
    fn a_run_of_copies_dividing_by_empty_cells_is_one_warning_and_the_total_over_it_none() {
        let div0 = Data::Error(CellErrorType::Div0);
        let n = [
            Data::Float(0.5),
            div0.clone(),
            div0.clone(),
            div0.clone(),
            Data::Float(0.25),
            div0.clone(),
        ];
        let m = [Some(20.0), None, None, None, Some(56.0), Some(0.0)];
        let run = "=A2/B2 shows #DIV/0!: it divides by B2, which is empty; \
                   so do its 2 copies below it, down to C4";
        let zero = "=A6/B6 shows #DIV/0!: it divides by B6, which is 0";
        assert_eq!(
            found(&book(&n, &m, div0.clone())),
            [
                ("C2".to_string(), run.to_string(), Severity::Warning),
                ("C6".to_string(), zero.to_string(), Severity::Error),
            ]
        );
        // Every M filled in: nothing to say.
        let n = [0.5, 11.0 / 20.0, 0.6, 13.0 / 20.0, 0.25, 0.75].map(Data::Float);
        let m = [20.0, 20.0, 20.0, 20.0, 56.0, 20.0].map(Some);
        assert_eq!(found(&book(&n, &m, Data::Float(3.3))), []);
    }

    #[test]
    fn a_deleted_reference_is_an_error_named_as_such() {
        let cells = vec![
            ((0, 0), Data::Float(1.0)),
            ((1, 0), Data::Error(CellErrorType::Ref)),
        ];
        let mut s = Sheet::from_cells("S", cells, Vec::new());
        s.set_formula(1, 0, "A1+#REF!");
        let b = Workbook {
            path: "t.xlsx".into(),
            sheets: vec![s],
        };
        let why = "=A1+#REF! shows #REF!: it refers to a row, column or sheet that was deleted";
        assert_eq!(
            found(&b),
            [("A2".to_string(), why.to_string(), Severity::Error)]
        );
    }
}
