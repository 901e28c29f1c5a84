//! `repeat-mismatch`: one table names the same indicator in two rows (the tujuan
//! and the sasaran often share one) with different figures for the same year.
//! The names need not be identical ("Indeks Kepuasan Masyarakat" /
//! "Indeks Kepuasan Masyarakat Setda"): alike is enough.
//!
//! | Sasaran                  | Indikator                        | Realisasi |
//! |--------------------------|----------------------------------|-----------|
//! | Mewujudkan Kualitas ...  | Indeks Kepuasan Masyarakat       | 90,38     |
//! | Meningkatkan Kualitas ...| Indeks Kepuasan Masyarakat Setda | 90,40  (the same indicator, another figure) |

use super::{decimal_string, place, show};
use crate::finding::{Code, Finding};
use crate::msg;
use crate::rules::Check;
use crate::table::{Row, Table};
use crate::text::{name_key, similarity};

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
            && more.all(|w| UNIT_WORDS.contains(w) || (w.len() >= 2 && initials.contains(*w)));
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

/// Words that name the unit an indicator is stated for, not another indicator
/// ("Indeks Kepuasan Masyarakat Setda"). Words of another scope (kabupaten, kota,
/// provinsi, kecamatan) are not among them: a kabupaten's index is not the unit's.
const UNIT_WORDS: &[&str] = &[
    "setda",
    "sekda",
    "sekretariat",
    "daerah",
    "perangkat",
    "opd",
    "skpd",
    "dinas",
    "badan",
    "bagian",
    "kantor",
    "unit",
];

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
        for &col in columns {
            for mi in 0..table.members(col).len() {
                let (Some(f), Some(g)) = (first.figure_at(col, mi), later.figure_at(col, mi))
                else {
                    continue;
                };
                let scale = f.scale.min(g.scale);
                if crate::number::round_half_up(f.value, scale)
                    == crate::number::round_half_up(g.value, scale)
                {
                    continue;
                }
                // Reported at the first row: which of the two is right, only the
                // evidence behind them can say; the finding names both.
                let column = table.member_header(col, mi);
                out.push(
                    place(
                        Finding::new(
                            Code::RepeatMismatch,
                            f.at.clone(),
                            msg!(
                                "repeat.differs",
                                column = column.as_str(),
                                first = first_name,
                                value = show(&f),
                                other = show(&g),
                                row = later.row + 1,
                                name = name
                            ),
                        ),
                        table,
                        first,
                        col,
                    )
                    .values(
                        decimal_string(f.value, f.scale),
                        Some(decimal_string(g.value, g.scale)),
                    )
                    .formula(
                        msg!(
                            "repeat.formula",
                            column = column.as_str(),
                            row = first.row + 1,
                            other_row = later.row + 1,
                            cell = g.at.a1()
                        ),
                        vec![g.at.clone()],
                    )
                    .help(msg!("repeat.help")),
                );
            }
        }
    }
    out
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
