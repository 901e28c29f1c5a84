//! `repeat-mismatch`: one table names the same indicator in two rows (the tujuan
//! and the sasaran often share one) with different figures for the same year.
//! The names need not be identical ("Indeks Kepuasan Masyarakat" /
//! "Indeks Kepuasan Masyarakat Setda"): alike is enough.
//!
//! | Sasaran                  | Indikator                        | Realisasi |
//! |--------------------------|----------------------------------|-----------|
//! | Mewujudkan Kualitas ...  | Indeks Kepuasan Masyarakat       | 90,38     |
//! | Meningkatkan Kualitas ...| Indeks Kepuasan Masyarakat Setda | 90,40  (the same indicator, another figure) |

use toml::Spanned;

use super::{place, show};
use crate::finding::{Code, Finding};
use crate::msg;
use crate::rules::{Build, Check, CheckSpec, RuleError};
use crate::table::{Figure, Row, Table};
use crate::text::{name_key, similarity};
use crate::workbook::CellAddr;

/// Two indicator names name the same indicator: equal; one is the other with a
/// word or two more that name the unit or abbreviate the indicator ("Indeks
/// Kepuasan Masyarakat" / "... Masyarakat Setda", "... Masyarakat (IKM)"); or
/// they differ by a typo only. Words more that say something else make another
/// indicator: "Indeks Reformasi Birokrasi Kabupaten" is the kabupaten's index,
/// not the unit's; "... mengikuti diklat teknis" a part of "... mengikuti
/// diklat"; "... layanan B" one of several layanan.
pub fn same_indicator(a: &str, b: &str) -> bool {
    let (a, b) = (name_key(a), name_key(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a == b {
        return true;
    }
    let (wa, wb): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    let (small, big) = if wa.len() <= wb.len() {
        (&wa, &wb)
    } else {
        (&wb, &wa)
    };
    if small.iter().all(|w| big.contains(w)) {
        let initials: String = small.iter().filter_map(|w| w.chars().next()).collect();
        let mut more = big.iter().filter(|w| !small.contains(w));
        return small.len() >= 2
            && big.len() - small.len() <= 2
            && more.all(|w| {
                let unit = &crate::rules::vocabulary::words().unit_words;
                unit.iter().any(|u| u == w) || (w.len() >= 2 && initials.contains(*w))
            });
    }
    // A typo changes a letter or two of a word; a letter or a number that differs
    // ("Layanan A" / "Layanan B", "Tahap 1" / "Tahap 2") names another indicator.
    let mut differing = wa
        .iter()
        .filter(|w| !wb.contains(w))
        .chain(wb.iter().filter(|w| !wa.contains(w)));
    similarity(&a, &b) >= TYPO
        && differing.all(|w| w.chars().count() >= 3 && !w.chars().any(|c| c.is_ascii_digit()))
}

/// Names this alike (in thousandths) differ by a typo, not in meaning.
const TYPO: u32 = 950;

pub fn check(table: &Table, check: &Check) -> Vec<Finding> {
    let Check::Repeat { by, columns, rows } = check else {
        return Vec::new();
    };
    let named: Vec<(&Row, &str)> = table
        .rows_of(rows)
        .filter_map(|r| r.text(*by).map(|t| (r, t)))
        .collect();
    let mut out = Vec::new();
    for (i, (later, name)) in named.iter().enumerate() {
        // Held against the first earlier row of the same indicator only, so three
        // rows that disagree give two findings, not three.
        let Some((first, first_name)) = named[..i].iter().find(|(_, n)| same_indicator(n, name))
        else {
            continue;
        };
        // Every figure both rows state, and those that differ.
        let mut compared = 0usize;
        let mut differ: Vec<(usize, String, Figure, Figure)> = Vec::new();
        // Per year a member names: (figures compared, figures that differ).
        let mut years: std::collections::BTreeMap<u32, (usize, usize)> = Default::default();
        for &col in columns {
            for mi in 0..table.members(col).len() {
                let (Some(f), Some(g)) = (first.figure_at(col, mi), later.figure_at(col, mi))
                else {
                    continue;
                };
                compared += 1;
                let scale = f.scale.min(g.scale);
                let differs = crate::number::round_half_up(f.value, scale)
                    != crate::number::round_half_up(g.value, scale);
                if let Some(year) = table.member(col, mi).and_then(|m| m.year) {
                    let e = years.entry(year).or_default();
                    e.0 += 1;
                    e.1 += usize::from(differs);
                }
                if differs {
                    differ.push((col, table.member_header(col, mi), f, g));
                }
            }
        }
        if differ.is_empty() {
            continue;
        }
        let rows = (*first, *first_name, *later, *name);
        if name_key(first_name) == name_key(name) {
            for (col, column, f, g) in &differ {
                out.push(one_figure(table, rows, *col, column, f, g));
            }
        } else {
            // Two series: different in every year both rows state (in every
            // figure, where the columns name no year).
            let series = if years.is_empty() {
                differ.len() == compared && compared > 1
            } else {
                years.len() > 1 && years.values().all(|&(_, d)| d > 0)
            };
            out.push(guessed(table, rows, &differ, compared, series));
        }
    }
    out
}

/// The two rows of a pair, each with its indicator's name.
type Rows<'r> = (&'r Row<'r>, &'r str, &'r Row<'r>, &'r str);

/// One figure of two rows named the same: one indicator, two figures.
fn one_figure(
    table: &Table,
    (first, first_name, later, name): Rows,
    col: usize,
    column: &str,
    f: &Figure,
    g: &Figure,
) -> Finding {
    // Reported at the first row: which of the two is right, only the
    // evidence behind them can say; the finding names both.
    place(
        Finding::new(
            Code::RepeatMismatch,
            f.at.clone(),
            msg!(
                "repeat.differs",
                column = column,
                first = first_name,
                value = show(f),
                other = show(g),
                row = later.row + 1,
                name = name
            ),
        ),
        table,
        first,
        col,
    )
    .figures(
        crate::checks::scaled(f.value, f.scale),
        Some(crate::checks::scaled(g.value, g.scale)),
    )
    .formula(
        msg!(
            "repeat.formula",
            column = column,
            row = first.row + 1,
            other_row = later.row + 1,
            cell = g.at.a1()
        ),
        vec![g.at.clone()],
    )
    .help(msg!("repeat.help"))
}

/// Two rows named alike but not the same ("Indeks Kepuasan Masyarakat" and
/// "… Setda", a tujuan's and a sasaran's): that they are one indicator is a
/// guess, so their differences are one warning that names the guess; rows
/// that differ in every year they both state read as two series.
fn guessed(
    table: &Table,
    (first, first_name, later, name): Rows,
    differ: &[(usize, String, Figure, Figure)],
    compared: usize,
    series: bool,
) -> Finding {
    let list = differ
        .iter()
        .map(|(_, column, f, g)| format!("{column} {} / {}", show(f), show(g)))
        .collect::<Vec<_>>()
        .join("; ");
    let (col, _, f, g) = &differ[0];
    let mut inputs: Vec<CellAddr> = differ.iter().map(|(_, _, _, g)| g.at.clone()).collect();
    inputs.extend(differ.iter().skip(1).map(|(_, _, f, _)| f.at.clone()));
    place(
        Finding::new(
            Code::RepeatMismatch,
            f.at.clone(),
            if series {
                msg!(
                    "repeat.series",
                    first = first_name,
                    first_row = first.row + 1,
                    name = name,
                    row = later.row + 1,
                    list = list
                )
            } else if compared == 1 {
                msg!(
                    "repeat.guess-one",
                    first = first_name,
                    first_row = first.row + 1,
                    name = name,
                    row = later.row + 1,
                    list = list
                )
            } else {
                msg!(
                    "repeat.guess",
                    first = first_name,
                    first_row = first.row + 1,
                    name = name,
                    row = later.row + 1,
                    n = differ.len(),
                    m = compared,
                    list = list
                )
            },
        ),
        table,
        first,
        *col,
    )
    .figures(
        crate::checks::scaled(f.value, f.scale),
        Some(crate::checks::scaled(g.value, g.scale)),
    )
    .inputs(inputs)
    .help(msg!("repeat.guess-help"))
    .guess(first_name, name)
}

/// `[[check]] type = "repeat"`: rows naming the same indicator (`by`) state
/// the same figures in `columns` (rows of the `rows` kinds).
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Spec {
    by: Option<Spanned<String>>,
    columns: Option<Vec<Spanned<String>>>,
    rows: Option<Vec<String>>,
}

impl CheckSpec for Spec {
    fn row_kinds(&self) -> Vec<&String> {
        self.rows.iter().flatten().collect()
    }

    fn build(self, b: &Build) -> Result<Check, RuleError> {
        let columns = b.listed(&self.columns)?;
        Ok(Check::Repeat {
            by: b.required(&self.by, "by")?,
            columns,
            rows: self.rows.unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::same_indicator;

    #[test]
    fn the_same_indicator_however_the_unit_or_an_abbreviation_is_added() {
        for (a, b) in [
            ("Indeks Kepuasan Masyarakat", "Indeks Kepuasan Masyarakat"),
            (
                "Indeks Kepuasan Masyarakat",
                "Indeks Kepuasan Masyarakat Setda",
            ),
            (
                "Indeks Kepuasan Masyarakat",
                "Indeks Kepuasan Masyarakat (IKM)",
            ),
            (
                "Indeks Kepuasan Masyarakat (IKM) Setda",
                "Indeks Kepuasan Masyarakat",
            ),
            ("Nilai SAKIP Perangkat Daerah", "Nilai SAKIP"),
            (
                "Persentase penyelesaian dokumen perencanan tepat waktu",
                "Persentase penyelesaian dokumen perencanaan tepat waktu",
            ),
        ] {
            assert!(same_indicator(a, b), "{a} / {b}");
            assert!(same_indicator(b, a), "{b} / {a}");
        }
    }

    #[test]
    fn words_more_that_say_something_else_make_another_indicator() {
        for (a, b) in [
            (
                "Indeks Reformasi Birokrasi Kabupaten",
                "Indeks Reformasi Birokrasi",
            ),
            (
                "Persentase ASN yang mengikuti diklat",
                "Persentase ASN yang mengikuti diklat teknis",
            ),
            ("Persentase capaian layanan", "Persentase capaian layanan B"),
            (
                "Persentase capaian layanan A",
                "Persentase capaian layanan B",
            ),
            ("Realisasi tahap 1", "Realisasi tahap 2"),
            ("Nilai SAKIP", "Nilai"),
        ] {
            assert!(!same_indicator(a, b), "{a} / {b}");
            assert!(!same_indicator(b, a), "{b} / {a}");
        }
    }
}
