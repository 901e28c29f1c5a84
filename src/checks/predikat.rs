//! `category-mismatch` on the closing rows of a Renja evaluation (Permendagri
//! 86/2017): under the table, a row "Rata-rata capaian kinerja (%)" states the
//! mean level of achievement in its capaian columns and the row "Predikat
//! kinerja" under it the word the regulation's criteria give it (91 and above
//! Sangat Tinggi, 76 – 90 Tinggi, 66 – 75 Sedang, 51 – 65 Rendah, 50 and below
//! Sangat Rendah: the rules' scale `permendagri-86`).
//!
//! | Rata-rata capaian kinerja (%) | 88,40  | 94,12         |
//! | Predikat kinerja              | Tinggi | Sangat Tinggi |  right
//! | Predikat kinerja              | Sangat Tinggi | …      |  wrong: 88,40 is Tinggi
//!
//! The criteria are whole numbers: a mean between two of them (90,5) fits
//! neither. A predikat naming either band beside it is taken, and said (info)
//! with the band it reads the mean in; any other word is a mismatch.

use rust_decimal::Decimal;

use super::category::{between, says, Band};
use super::numbered::figure;
use crate::finding::{Code, Finding, Severity};
use crate::i18n::Msg;
use crate::msg;
use crate::number::format_id;
use crate::rules::Rules;
use crate::table::Table;
use crate::text::{any_matches, normalise};
use crate::workbook::{CellAddr, Raw, Sheet};

/// The scale a table's predikat is judged by, unless its rule's `[predikat]`
/// names another (a KKE's resume: PermenPAN-RB 88/2021's AA … D).
const SCALE: &str = "permendagri-86";

/// Rows under a table's body searched for its closing rows.
const CLOSING_ROWS: u32 = 12;

/// Rows above a predikat row searched for the mean it names.
const MEAN_ABOVE: u32 = 4;

pub fn check(sheet: &Sheet, table: &Table, rules: &Rules) -> Vec<Finding> {
    let ruled = rules
        .tables
        .get(table.rule)
        .and_then(|t| t.predikat.as_ref());
    let scale_id = ruled.map_or(SCALE, |(s, _)| s.as_str());
    // The row whose figure the predikat names: the mean ("Rata-rata capaian
    // kinerja"), or what the rule says.
    let is_value = |label: &str| match ruled {
        Some((_, patterns)) => any_matches(patterns, label),
        None => label.starts_with("rata"),
    };
    let Some(scale) = rules.scales.iter().find(|s| s.id == scale_id) else {
        return Vec::new();
    };
    let bands: Vec<Band> = scale
        .bands
        .iter()
        .map(|b| (b.range.clone(), b.label.clone(), b.mutu.clone()))
        .collect();
    let l = &table.located;
    let last = sheet
        .end()
        .map_or(l.body_end, |(r, _)| r)
        .min(l.body_end + CLOSING_ROWS);
    let mut out = Vec::new();
    for row in sheet.rows_between(l.body_start, last) {
        let Some((label_col, name)) = label(sheet, row, l.left, l.right) else {
            continue;
        };
        if !name.starts_with("predikat") {
            continue;
        }
        let Some(mean_row) = (row.saturating_sub(MEAN_ABOVE)..row)
            .rev()
            .find(|&r| label(sheet, r, l.left, l.right).is_some_and(|(_, t)| is_value(&t)))
        else {
            continue;
        };
        for col in (label_col + 1)..=l.right {
            let Raw::Text(word) = sheet.raw(row, col) else {
                continue;
            };
            let word = word.trim();
            // A word of another scale (a report's own "Sangat Baik") is not
            // these criteria's to judge.
            if !bands
                .iter()
                .any(|(_, name, mutu)| says(word, name, mutu.as_deref()))
            {
                continue;
            }
            let Some(mean) = figure(sheet, mean_row, col) else {
                continue;
            };
            out.extend(judge(
                sheet,
                (row, col),
                (mean_row, col),
                word,
                mean.shown,
                mean.scale,
                &bands,
                &scale.name,
                // A rule's own value row is named by its label ("Nilai
                // Akuntabilitas Kinerja"); the Renja's is its mean.
                ruled.and_then(|_| label_text(sheet, mean_row, l.left, l.right)),
            ));
        }
    }
    out
}

/// The predikat `word` at `at` against the mean `value` at `mean`.
#[allow(clippy::too_many_arguments)]
fn judge(
    sheet: &Sheet,
    at: (u32, u32),
    mean: (u32, u32),
    word: &str,
    value: Decimal,
    places: u32,
    bands: &[Band],
    scale: &str,
    what: Option<String>,
) -> Option<Finding> {
    let shown = format_id(value, places);
    let mean_at = sheet.at(mean.0, mean.1);
    let fits: Vec<&Band> = bands
        .iter()
        .filter(|(iv, _, _)| iv.contains(value))
        .collect();
    if let [(iv, expected, mutu)] = fits.as_slice() {
        if says(word, expected, mutu.as_deref()) {
            return None;
        }
        return Some(
            Finding::new(
                Code::CategoryMismatch,
                sheet.at(at.0, at.1),
                // A rule's own value row is named ("Nilai Akuntabilitas
                // Kinerja"); the Renja's is its mean.
                Msg::new(if what.is_some() {
                    "predikat.differs-of"
                } else {
                    "predikat.differs"
                })
                .arg("word", word)
                .arg("what", what.as_deref().unwrap_or_default())
                .arg("value", shown.as_str())
                .arg("cell", mean_at.a1())
                .arg("scale", scale)
                .arg("expected", expected.as_str())
                .arg("band", msg!("category.band", range = iv.words())),
            )
            .values(word.to_string(), Some(expected.clone()))
            .formula(
                msg!(
                    "category.formula",
                    cell = mean_at.a1(),
                    expected = expected.as_str(),
                    scale = scale
                ),
                vec![mean_at.clone()],
            )
            .help(
                Msg::new(if what.is_some() {
                    "predikat.help-of"
                } else {
                    "predikat.help"
                })
                .arg("expected", expected.as_str())
                .arg("what", what.as_deref().unwrap_or_default())
                .arg("value", shown.as_str()),
            ),
        );
    }
    between_bands(sheet, at, &mean_at, word, value, &shown, bands, scale)
}

/// A mean between two whole-number bands: either neighbour is a reading.
#[allow(clippy::too_many_arguments)]
fn between_bands(
    sheet: &Sheet,
    at: (u32, u32),
    mean_at: &CellAddr,
    word: &str,
    value: Decimal,
    shown: &str,
    bands: &[Band],
    scale: &str,
) -> Option<Finding> {
    let (below, above) = between(bands, value)?;
    let read = [below, above]
        .into_iter()
        .find(|(_, name, mutu)| says(word, name, mutu.as_deref()));
    let finding = |code, key_msg| {
        Finding::new(code, sheet.at(at.0, at.1), key_msg).formula(
            msg!(
                "predikat.between",
                value = shown,
                below = below.1.as_str(),
                below_band = msg!("category.band", range = below.0.words()),
                above = above.1.as_str(),
                above_band = msg!("category.band", range = above.0.words())
            ),
            vec![mean_at.clone()],
        )
    };
    Some(match read {
        Some((iv, name, _)) => finding(
            Code::ScaleGap,
            msg!(
                "predikat.read-as",
                word = word,
                value = shown,
                cell = mean_at.a1(),
                scale = scale,
                band = msg!("category.band", range = iv.words()),
                expected = name.as_str()
            ),
        )
        .severity(Severity::Info)
        .help(msg!("predikat.gap-help", scale = scale)),
        None => finding(
            Code::CategoryMismatch,
            msg!(
                "predikat.differs-gap",
                word = word,
                value = shown,
                cell = mean_at.a1(),
                scale = scale,
                below = below.1.as_str(),
                above = above.1.as_str()
            ),
        )
        .values(word.to_string(), None)
        .help(msg!("predikat.gap-help", scale = scale)),
    })
}

/// A row's first cell with words, normalised, and its column.
fn label(sheet: &Sheet, row: u32, left: u32, right: u32) -> Option<(u32, String)> {
    (left..=right)
        .find(|&c| sheet.has_words(row, c))
        .map(|c| (c, normalise(&sheet.text(row, c))))
}

/// A row's first text as typed, trimmed.
fn label_text(sheet: &Sheet, row: u32, left: u32, right: u32) -> Option<String> {
    (left..=right)
        .find(|&c| sheet.has_words(row, c))
        .map(|c| sheet.text(row, c).trim().to_string())
}
