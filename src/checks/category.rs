//! `category-mismatch`: a category word stated beside a value is the one the
//! scale gives for it — a capaian's "Baik Sekali" by the report's own scale
//! (its Tabel 3.1), an IKM unsur's "Sangat Baik" by PermenPAN-RB 14/2017.
//!
//! | Unsur           | Nilai | Kinerja UPP |
//! |-----------------|-------|-------------|
//! | Persyaratan     | 90,88 | Sangat Baik (right: 88,31 – 100,00) |
//! | Waktu Pelayanan | 80,00 | Sangat Baik (wrong: Baik)           |
//!
//! An NRR (`checks::nrr`: 3,52) takes its category from the NRR's own scale (the
//! nilai interval, 1,00 – 4,00), the IKM row under it from the converted one.

use rust_decimal::Decimal;
use toml::Spanned;

use super::scale_table::{category_key, read_bands};
use super::{place, show};
use crate::finding::{Code, Finding, Severity};
use crate::msg;
use crate::rules::{Build, Check, CheckSpec, RuleError, Rules};
use crate::scale::Interval;
use crate::table::{Figure, Row, Table};
use crate::workbook::CellAddr;

/// A value between two bands: its row, the figure, and the bands' names below
/// and above it.
type InGap<'a> = (&'a Row<'a>, Figure, (String, String));

/// A band: its range, its category word and its mutu letter.
pub type Band = (Interval, String, Option<String>);

/// A scale's bands: from the rules, or from a table of the workbook that states one.
pub fn bands(scale: &str, tables: &[Table], rules: &Rules) -> Option<(String, Vec<Band>)> {
    if let Some(s) = rules.scales.iter().find(|s| s.id == scale) {
        return Some((
            s.name.clone(),
            s.bands
                .iter()
                .map(|b| (b.range.clone(), b.label.clone(), b.mutu.clone()))
                .collect(),
        ));
    }
    let table = tables.iter().find(|t| t.rule_id == scale)?;
    let (column, label) = rules.tables[table.rule]
        .checks
        .iter()
        .find_map(|c| match c {
            Check::Scale { column, label, .. } => Some((*column, *label)),
            _ => None,
        })?;
    let (read, _) = read_bands(table, column, label);
    Some((
        table.short_name(),
        read.into_iter()
            .map(|(_, iv, name)| (iv, name, None))
            .collect(),
    ))
}

/// Whether a stated category names the expected one: its word, its mutu
/// letter, or both however joined ("A (Sangat Baik)", "Sangat Baik (A)",
/// "A / Sangat Baik", "A - Sangat Baik", "(A) Sangat Baik", "Mutu A").
pub(crate) fn says(word: &str, expected: &str, mutu: Option<&str>) -> bool {
    let key = category_key(word);
    let names = |k: &str| k == category_key(expected) || mutu.is_some_and(|m| category_key(m) == k);
    if names(&key) {
        return true;
    }
    let parts: Vec<String> = word
        .split(['/', '-', '.', ',', '(', ')', ':', '–'])
        .map(|p| {
            let k = category_key(p);
            ["mutu ", "kategori ", "predikat ", "nilai "]
                .iter()
                .find_map(|f| k.strip_prefix(f))
                .map_or(k.clone(), str::to_string)
        })
        .filter(|k| !k.is_empty())
        .collect();
    !parts.is_empty() && parts.iter().all(|k| names(k))
}

/// The survey year a row's category is judged by: a year in the row's own
/// label (an IKM per year), else the latest in the table's caption, else in its
/// sheet's name.
fn survey_year(table: &Table, row: &Row) -> Option<u32> {
    super::latest_year(row.label()).or_else(|| super::table_year(table))
}

/// The scale a survey of `year` is judged by: one that stands in for `scale`
/// up to that year (an earlier regulation's), else `scale`; with the words
/// that name it, saying so where the year is unknown and it matters.
fn scale_for(
    scale: &str,
    year: Option<u32>,
    tables: &[Table],
    rules: &Rules,
) -> Option<(crate::i18n::Msg, Vec<Band>)> {
    let earlier = super::earlier_scales(scale, rules);
    let chosen = earlier
        .clone()
        .filter(|(_, until)| year.is_some_and(|y| y <= *until))
        .min_by_key(|(_, until)| *until)
        .map_or(scale, |(s, _)| s.id.as_str());
    let (name, bands) = bands(chosen, tables, rules)?;
    let name = if year.is_none() && earlier.count() > 0 {
        msg!("category.scale-assumed", scale = name)
    } else {
        msg!("category.scale", scale = name)
    };
    Some((name, bands))
}

pub fn check(table: &Table, check: &Check, tables: &[Table], rules: &Rules) -> Vec<Finding> {
    let Check::Category {
        cell,
        value,
        prefer,
        scale,
    } = check
    else {
        return Vec::new();
    };
    // The category of the row's Rata-rata where the table states one, not of
    // its first period.
    // A column that may hold NRR: those take the NRR's own scale (a Rata-rata
    // is on its periods' scale).
    let nrr_rule = super::nrr::rule_for(rules, table, *value);
    let value = &match prefer {
        Some(p) if !table.members(*p).is_empty() => *p,
        _ => *value,
    };
    let Some(converted) = bands(scale, tables, rules) else {
        return Vec::new();
    };
    let readings: Vec<Option<super::nrr::Reading>> = (0..table.members(*value).len())
        .map(|mi| nrr_rule.map(|n| super::nrr::column_reading(table, n, mi)))
        .collect();
    let mut out = Vec::new();
    // Values no band holds though bands lie on both sides (a scale written in whole
    // numbers, as Permendagri 86/2017 writes it, says nothing of 90,5): per member,
    // (row, value, the band below, the band above).
    let mut gaps: Vec<Vec<InGap>> = vec![Vec::new(); readings.len()];
    // The scale chosen for (on the NRR scale, the survey year), with its bands.
    #[allow(clippy::type_complexity)]
    let mut chosen: Vec<((bool, Option<u32>), Option<(crate::i18n::Msg, Vec<Band>)>)> = Vec::new();
    for row in &table.rows {
        // Both members line up: Nilai Setda with its Kinerja UPP, Nilai Kabupaten with its own.
        for (mi, reading) in readings.iter().enumerate() {
            let (Some(v), Some(word)) = (row.figure_at(*value, mi), Some(row.cell(*cell, mi)))
            else {
                continue;
            };
            let on_nrr = match (nrr_rule, reading) {
                (Some(n), _) if super::nrr::is_summary(n, row) => {
                    super::nrr::summary_reading(n, row, &v).scale == super::nrr::Scale::Nrr
                }
                (_, Some(r)) => r.scale == super::nrr::Scale::Nrr,
                _ => false,
            };
            let year = survey_year(table, row);
            let on_nrr = on_nrr && nrr_rule.is_some();
            // Each scale read once per survey year the table names.
            let i = match chosen.iter().position(|(k, _)| *k == (on_nrr, year)) {
                Some(i) => i,
                None => {
                    let of = match nrr_rule {
                        Some(n) if on_nrr => n.scale.as_str(),
                        _ => scale.as_str(),
                    };
                    chosen.push(((on_nrr, year), scale_for(of, year, tables, rules)));
                    chosen.len() - 1
                }
            };
            let Some((scale_name, bands)) = &chosen[i].1 else {
                continue;
            };
            let scale_name = scale_name.clone();
            let crate::table::Cell::Text(word) = word else {
                continue;
            };
            let fits: Vec<&Band> = bands
                .iter()
                .filter(|(iv, _, _)| iv.contains(v.value))
                .collect();
            let [(_, expected, mutu)] = fits.as_slice() else {
                if let (true, Some((below, above))) = (fits.is_empty(), between(bands, v.value)) {
                    gaps[mi].push((row, v, (below.1.clone(), above.1.clone())));
                }
                continue;
            };
            if says(&word, expected, mutu.as_deref()) {
                continue;
            }
            // A column that states the mutu letter is told the letter to write.
            let letter = bands.iter().any(|(_, _, m)| {
                m.as_deref()
                    .is_some_and(|m| category_key(m) == category_key(&word))
            });
            let told = match (letter, mutu) {
                (true, Some(m)) => (
                    fits[0].0.clone(),
                    format!("{m} ({expected})"),
                    Some(m.clone()),
                ),
                _ => fits[0].clone(),
            };
            out.push(mismatch(
                table,
                row,
                (*cell, mi),
                (&v, table.member_header(*value, mi)),
                &word,
                scale_name,
                &told,
            ));
        }
    }
    for (mi, gap) in gaps.iter().enumerate() {
        out.extend(gap_finding(table, *value, *cell, mi, &converted.0, gap));
    }
    out
}

/// A category word stated on a row of its own under the value it names (an
/// SKM recap's "MUTU PELAYANAN | B" under its IKM): the one `scale` gives for
/// it in the survey's `year`, its letter or its word. `word_at` is where the
/// word stands (a member of one of the table's columns), `named` what the
/// value is.
#[allow(clippy::too_many_arguments)]
pub(crate) fn below(
    table: &Table,
    row: &Row,
    word_at: (usize, usize),
    (v, named): (&Figure, String),
    scale: &str,
    year: Option<u32>,
    tables: &[Table],
    rules: &Rules,
) -> Option<Finding> {
    let crate::table::Cell::Text(word) = row.cell(word_at.0, word_at.1) else {
        return None;
    };
    let (scale_name, bands) = scale_for(scale, year, tables, rules)?;
    let fits: Vec<&Band> = bands
        .iter()
        .filter(|(iv, _, _)| iv.contains(v.value))
        .collect();
    let [(iv, expected, mutu)] = fits.as_slice() else {
        return None;
    };
    if says(&word, expected, mutu.as_deref()) {
        return None;
    }
    // A word ("Sangat Baik") is told the word; a letter, or both, both.
    let a_word = bands
        .iter()
        .any(|(_, w, _)| category_key(w) == category_key(&word));
    let told = match mutu {
        Some(m) if !a_word => format!("{m} ({expected})"),
        _ => expected.clone(),
    };
    let band = (iv.clone(), told, mutu.clone());
    Some(mismatch(
        table,
        row,
        word_at,
        (v, named),
        &word,
        scale_name,
        &band,
    ))
}

/// A category word that is not the one its value's band names.
fn mismatch(
    table: &Table,
    row: &Row,
    (cell, mi): (usize, usize),
    (v, named): (&Figure, String),
    word: &str,
    scale_name: crate::i18n::Msg,
    (iv, expected, _): &Band,
) -> Finding {
    let addr = CellAddr::new(
        &table.sheet,
        row.row,
        table.member(cell, mi).map_or(table.located.left, |m| m.col),
    );
    place(
        Finding::new(
            Code::CategoryMismatch,
            addr,
            msg!(
                "category.differs",
                word = word,
                column = named,
                value = show(v),
                scale = scale_name.clone(),
                expected = expected.as_str(),
                band = msg!("category.band", range = iv.words())
            ),
        ),
        table,
        row,
        cell,
    )
    .values(word.to_string(), Some(expected.clone()))
    .formula(
        msg!(
            "category.formula",
            cell = v.at.a1(),
            expected = expected.as_str(),
            scale = scale_name
        ),
        vec![v.at.clone()],
    )
    .help(msg!(
        "category.help",
        expected = expected.as_str(),
        value = show(v)
    ))
}

/// The bands just below and just above a value that none holds; None when the
/// value lies beyond every band (out of range is another finding's business).
pub(crate) fn between(bands: &[Band], v: Decimal) -> Option<(&Band, &Band)> {
    let below = bands
        .iter()
        .filter(|(iv, _, _)| iv.hi.is_some_and(|b| b.value <= v))
        .max_by_key(|(iv, _, _)| iv.hi.map(|b| b.value))?;
    let above = bands
        .iter()
        .filter(|(iv, _, _)| iv.lo.is_some_and(|b| b.value >= v))
        .min_by_key(|(iv, _, _)| iv.lo.map(|b| b.value))?;
    Some((below, above))
}

/// One warning for a column's values that fall between two bands of its scale:
/// their category cannot be judged, and the report should say how it reads them.
fn gap_finding(
    table: &Table,
    value: usize,
    cell: usize,
    mi: usize,
    scale: &str,
    gap: &[InGap],
) -> Option<Finding> {
    let (row, first, _) = gap.first()?;
    let listed: Vec<crate::i18n::Msg> = gap
        .iter()
        .map(|(_, v, (below, above))| {
            msg!(
                "category.between",
                value = show(v),
                cell = v.at.a1(),
                below = below.as_str(),
                above = above.as_str()
            )
        })
        .collect();
    Some(
        place(
            Finding::new(
                Code::ScaleGap,
                first.at.clone(),
                msg!(
                    "category.in-gap",
                    column = table.member_header(value, mi),
                    values = crate::i18n::Arg::Join(listed, ", "),
                    scale = scale
                ),
            ),
            table,
            row,
            cell,
        )
        .severity(Severity::Warning)
        .formula(
            msg!("category.in-gap-formula", scale = scale),
            gap.iter().map(|(_, v, _)| v.at.clone()).collect(),
        )
        .help(msg!("category.in-gap-help", scale = scale)),
    )
}

/// `[[check]] type = "category"`: the word in `cell` is the one the `scale`
/// (a scale's id, or the id of a rule whose table states one) gives `value`,
/// or `prefer` where the table holds that column (a row's Rata-rata).
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Spec {
    cell: Option<Spanned<String>>,
    value: Option<Spanned<String>>,
    prefer: Option<Spanned<String>>,
    scale: Option<Spanned<String>>,
}

impl CheckSpec for Spec {
    fn build(self, b: &Build) -> Result<Check, RuleError> {
        let scale = b.needs(&self.scale, "scale", "a `category` check needs `scale`: a scale id, or the id of a rule whose table states a scale")?;
        Ok(Check::Category {
            cell: b.required(&self.cell, "cell")?,
            value: b.required(&self.value, "value")?,
            prefer: b.optional(&self.prefer, "prefer")?,
            scale: scale.into_inner(),
        })
    }
}
