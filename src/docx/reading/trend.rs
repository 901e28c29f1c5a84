//! `trend-mismatch` / `trend-undecided`: a sentence that says a quantity went
//! up or down ("semakin meningkat", "lebih tinggi dibandingkan", "naik dari X
//! menjadi Y"), held against the figures it names or the multi-year table it
//! follows or names.
//!
//! | sentence                                                   | evidence                         | finding            |
//! |------------------------------------------------------------|----------------------------------|--------------------|
//! | Realisasi dan Capaian … 2022 s.d. 2024 semakin meningkat   | capaian 2023 106,63%, 2024 106,35% | trend-mismatch    |
//! | Realisasi IKM 2024 (90,40%) lebih tinggi … 2023 (89,57%)   | 90,40 > 89,57                    | none               |
//! | … 2022 s.d. 2024 meningkat, the table lacks 2022           | no figure for 2022               | trend-undecided    |

use regex::Regex;
use rust_decimal::Decimal;

use super::super::claims::{read_figure, FIGURE};
use super::super::read::Document;
use super::super::sentences::{sentence_bounds, Ctx, SentenceFinding};
use super::grid::{self, Quantity, YearRow};
use super::spec::Trend;
use crate::finding::Code;
use crate::msg;

/// A figure written in the sentence (not a year).
struct Written {
    value: Decimal,
    text: String,
}

/// The figures of a sentence that each belong to a year: a year stands just
/// before it ("tahun 2024 (90,40)", "2023 sebesar 89,57"). A figure without a
/// year (a count, "3 (tiga) unsur", a target) is not one of a time trend.
fn figures(sentence: &str) -> Vec<Written> {
    let re = Regex::new(FIGURE).expect("the figure pattern");
    let year = Regex::new(r"\b(?:19|20)\d\d\b").expect("the year pattern");
    re.captures_iter(sentence)
        .filter_map(|c| {
            let m = c.name("figure")?;
            let text = m.as_str();
            // A year is not a figure of the claim.
            let is_year = text.len() == 4
                && !text.contains(['.', ','])
                && (text.starts_with("19") || text.starts_with("20"));
            if is_year {
                return None;
            }
            let lead = &sentence[sentence[..m.start()]
                .char_indices()
                .rev()
                .nth(24)
                .map_or(0, |(i, _)| i)..m.start()];
            if !year.is_match(lead) {
                return None;
            }
            let (value, _) = read_figure(text)?;
            Some(Written {
                value,
                text: c.get(0).map_or(text, |w| w.as_str()).trim().to_string(),
            })
        })
        .collect()
}

/// Whether the sentence names what the table is about: a word of it (not a
/// generic one) stands in the table's caption or a row's label.
fn speaks_of(before: &str, caption: &str, rows: &[YearRow]) -> bool {
    // Words that say nothing of what a trend is about (rules/kosakata.toml).
    let not_subject = &crate::rules::vocabulary::words().not_subject;
    let caption = caption.to_lowercase();
    before
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| {
            w.chars().count() >= 3
                && !not_subject.iter().any(|x| x == w)
                && !w.chars().all(|c| c.is_ascii_digit())
        })
        .any(|w| {
            let has = |text: &str| text.split(|c: char| !c.is_alphanumeric()).any(|x| x == w);
            has(&caption) || rows.iter().any(|r| has(&r.label.to_lowercase()))
        })
}

/// The years a sentence names before its trend word: a range ("2022 s.d. 2024",
/// "2022-2024", "2022 sampai dengan 2024") or the years themselves.
fn years(before: &str) -> Vec<u16> {
    let range = Regex::new(r"(?i)\b((?:19|20)\d\d)\s*(?:s\.?\s?d\.?|sampai(?:\s+dengan)?|hingga|-|–)\s*((?:19|20)\d\d)\b")
        .expect("the range pattern");
    if let Some(c) = range.captures(before) {
        let a: u16 = c[1].parse().unwrap_or(0);
        let b: u16 = c[2].parse().unwrap_or(0);
        if a < b && b - a <= 10 {
            return (a..=b).collect();
        }
    }
    let single = Regex::new(r"\b((?:19|20)\d\d)\b").expect("the year pattern");
    let mut ys: Vec<u16> = single
        .captures_iter(before)
        .filter_map(|c| c[1].parse().ok())
        .collect();
    ys.sort_unstable();
    ys.dedup();
    ys
}

/// The table a sentence speaks of: the one it names ("Tabel 3.5"), the next
/// one ("tabel berikut", "di bawah"), or else the last one above it.
fn table_of<'d>(
    doc: &'d Document,
    paragraph: usize,
    sentence: &str,
) -> Option<&'d super::super::read::WordTable> {
    let lower = sentence.to_lowercase();
    let named = Regex::new(r"(?i)\btabel\s+(\d+(?:\.\s?\d+)*)").expect("the table pattern");
    if let Some(c) = named.captures(sentence) {
        let number = c[1].replace(' ', "");
        let found = doc.tables.iter().find(|t| {
            t.caption.as_deref().is_some_and(|cap| {
                let cap = cap.replace(' ', "").to_lowercase();
                cap.starts_with(&format!("tabel{number}"))
                    && !cap[5 + number.len()..].starts_with(|c: char| c.is_ascii_digit())
            })
        });
        if found.is_some() {
            return found;
        }
    }
    let first =
        |t: &super::super::read::WordTable| t.cell_paragraph.values().min().copied().unwrap_or(0);
    if lower.contains("tabel berikut") || lower.contains("di bawah") {
        return doc
            .tables
            .iter()
            .filter(|t| first(t) > paragraph)
            .min_by_key(|t| first(t));
    }
    doc.tables
        .iter()
        .filter(|t| first(t) < paragraph)
        .max_by_key(|t| first(t))
}

/// The rows the sentence's subject names: the words of the sentence that some
/// rows' labels hold and others do not ("IKM Setda" picks the row "… Setda").
fn rows_named<'r>(rows: &'r [YearRow], before: &str) -> Vec<&'r YearRow> {
    let words: Vec<String> = before
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_lowercase)
        .collect();
    let labels: Vec<String> = rows.iter().map(|r| r.label.to_lowercase()).collect();
    let telling: Vec<&String> = words
        .iter()
        .filter(|w| {
            let n = labels
                .iter()
                .filter(|l| {
                    l.split(|c: char| !c.is_alphanumeric())
                        .any(|x| x == w.as_str())
                })
                .count();
            n > 0 && n < labels.len()
        })
        .collect();
    rows.iter()
        .zip(&labels)
        .filter(|(_, l)| {
            telling.iter().all(|w| {
                l.split(|c: char| !c.is_alphanumeric())
                    .any(|x| x == w.as_str())
            })
        })
        .map(|(r, _)| r)
        .collect()
}

/// One step of a series against the claim.
struct Step<'r> {
    row: &'r YearRow,
    quantity: Quantity,
    from: (u16, String),
    to: (u16, String),
    /// The step goes the claimed way.
    agrees: bool,
    /// The step goes strictly the other way.
    opposite: bool,
}

fn steps<'r>(
    rows: &[&'r YearRow],
    quantities: &[Quantity],
    years: &[u16],
    up: bool,
) -> (Vec<Step<'r>>, Vec<(u16, Quantity)>) {
    let mut out = Vec::new();
    let mut missing = Vec::new();
    for row in rows {
        for &q in quantities {
            let mut series: Vec<(u16, &(Decimal, String))> = Vec::new();
            for &y in years {
                match row.figures.get(&(y, q)) {
                    Some(f) => series.push((y, f)),
                    None => missing.push((y, q)),
                }
            }
            for pair in series.windows(2) {
                let ((y0, (v0, t0)), (y1, (v1, t1))) = (pair[0], pair[1]);
                let rises = v1 > v0;
                let falls = v1 < v0;
                out.push(Step {
                    row,
                    quantity: q,
                    from: (y0, t0.clone()),
                    to: (y1, t1.clone()),
                    agrees: if up { rises } else { falls },
                    opposite: if up { falls } else { rises },
                });
            }
        }
    }
    (out, missing)
}

/// The quantities a sentence speaks of (realisasi, capaian, target), as the
/// table has them; without a word for one, the table's one figure or its
/// realisasi.
fn quantities_of(before: &str, rows: &[YearRow]) -> Option<Vec<Quantity>> {
    let lower = before.to_lowercase();
    let mut quantities: Vec<Quantity> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter_map(Quantity::named)
        .collect();
    quantities.sort();
    quantities.dedup();
    let present: Vec<Quantity> = {
        let mut qs: Vec<Quantity> = rows
            .iter()
            .flat_map(|r| r.figures.keys().map(|(_, q)| *q))
            .collect();
        qs.sort();
        qs.dedup();
        qs
    };
    if quantities.is_empty() {
        quantities = if present.contains(&Quantity::Value) {
            vec![Quantity::Value]
        } else if present.contains(&Quantity::Realisasi) {
            vec![Quantity::Realisasi]
        } else {
            return None;
        };
    } else if present == [Quantity::Value] {
        quantities = vec![Quantity::Value];
    }
    Some(quantities)
}

/// The trend claims of one paragraph.
pub fn check(doc: &Document, ctx: &Ctx, trends: &[Trend]) -> Vec<SentenceFinding> {
    let mut out = Vec::new();
    for trend in trends {
        for m in trend.words.find_iter(ctx.text) {
            let word = (m.start(), m.end());
            if let Some(f) = claim(doc, ctx, trend, word) {
                out.push(f);
            }
        }
    }
    out
}

/// Two figures the sentence writes itself: "dari X menjadi Y", or one after its
/// year before the word and one after ("2024 (90,40) lebih tinggi dibandingkan
/// 2023 (89,57)"): (first as written, its value, second, its value, whether the
/// first is the later one).
type Pair = (String, Decimal, String, Decimal, bool);

fn written_pair(before: &str, after: &str) -> Option<Pair> {
    let from_to = Regex::new(&format!(
        r"(?i)dari\s+{FIGURE}\s+menjadi\s+(?P<to>\d[\d.,]*\d|\d)"
    ))
    .expect("from-to");
    if let Some(c) = from_to.captures(after) {
        let a = read_figure(&c["figure"])?.0;
        let b = read_figure(&c["to"])?.0;
        return Some((c["figure"].to_string(), a, c["to"].to_string(), b, false));
    }
    let written_before = figures(before);
    let written_after = figures(after);
    match (written_before.last(), written_after.first()) {
        (Some(a), Some(b)) => Some((a.text.clone(), a.value, b.text.clone(), b.value, true)),
        _ => None,
    }
}

/// The claim held against the two figures it writes: a finding when they go
/// the other way.
fn by_figures(
    ctx: &Ctx,
    trend: &Trend,
    word: (usize, usize),
    pair: Pair,
) -> Option<SentenceFinding> {
    let (a_text, a, b_text, b, first_is_later) = pair;
    let said = &ctx.text[word.0..word.1];
    // "A lebih tinggi dibandingkan B": A is the later figure.
    let (earlier, later) = if first_is_later { (b, a) } else { (a, b) };
    let holds = if trend.up {
        later > earlier
    } else {
        later < earlier
    };
    if holds {
        return None;
    }
    let message = msg!(
        "docx.trend-figures",
        said = said,
        first = a_text,
        second = b_text
    );
    let mut f = ctx.finding(Code::TrendMismatch, word, message, None);
    f.finding = f
        .finding
        .values(said.to_string(), None)
        .help(msg!("docx.help-trend-figures"));
    Some(f)
}

fn claim(
    doc: &Document,
    ctx: &Ctx,
    trend: &Trend,
    word: (usize, usize),
) -> Option<SentenceFinding> {
    let (start, end) = sentence_bounds(ctx.text, word);
    let before = &ctx.text[start..word.0];
    let after = &ctx.text[word.1..end];
    if let Some(pair) = written_pair(before, after) {
        return by_figures(ctx, trend, word, pair);
    }
    let table = table_of(doc, ctx.paragraph, &ctx.text[start..end])?;
    let rows = grid::read(table)?;
    let quantities = quantities_of(before, &rows)?;
    // The years the sentence names ("tahun 2022 s.d. 2024", "2024 … dibandingkan
    // tahun 2023"): without two, a comparison is between rows (a unit against the
    // kabupaten), not over time, and is not judged here.
    let years = years(&ctx.text[start..end]);
    if years.len() < 2 {
        return None;
    }
    // A sentence about something else than the table above it is not judged by it.
    let caption = table.caption.clone().unwrap_or_default();
    if !speaks_of(before, &caption, &rows) {
        return None;
    }
    let named = rows_named(&rows, before);
    if named.is_empty() {
        return None;
    }
    judged(
        ctx,
        trend,
        word,
        &table_name_of(table),
        &named,
        &quantities,
        &years,
    )
}

fn table_name_of(table: &super::super::read::WordTable) -> String {
    table.caption.clone().unwrap_or_else(|| table.sheet.clone())
}

/// The claim held against the table's rows: an error quoting each step the
/// other way, or information where a year has no figure.
#[allow(clippy::too_many_arguments)]
fn judged(
    ctx: &Ctx,
    trend: &Trend,
    word: (usize, usize),
    table_name: &str,
    named: &[&YearRow],
    quantities: &[Quantity],
    years: &[u16],
) -> Option<SentenceFinding> {
    let said = &ctx.text[word.0..word.1];
    let (steps, missing) = steps(named, quantities, years, trend.up);
    let against: Vec<&Step> = steps.iter().filter(|s| !s.agrees).collect();
    if !against.is_empty() {
        // The steps in the report's own words (its quantity words, years and figures).
        let evidence: Vec<String> = against
            .iter()
            .map(|s| {
                format!(
                    "{} {} {} → {} {} ({})",
                    s.quantity.word(),
                    s.from.0,
                    s.from.1,
                    s.to.0,
                    s.to.1,
                    s.row.label
                )
            })
            .collect();
        let message = msg!(
            "docx.trend-mismatch",
            said = said,
            years = format!("{}–{}", years[0], years[years.len() - 1]),
            table = table_name,
            steps = evidence.join("; ")
        );
        // The other word is the correction only when every step goes the other way.
        let replacement = steps
            .iter()
            .all(|s| s.opposite)
            .then(|| trend.opposite.clone())
            .flatten();
        let mut f = ctx.finding(Code::TrendMismatch, word, message, replacement.clone());
        let help = match &replacement {
            Some(other) => msg!("docx.help-trend-word", other = other.clone()),
            None => msg!("docx.help-trend", table = table_name),
        };
        f.finding = f.finding.values(said.to_string(), replacement).help(help);
        return Some(f);
    }
    if !missing.is_empty() {
        let mut missing = missing;
        missing.sort_unstable();
        missing.dedup();
        let lacking: Vec<String> = missing
            .iter()
            .map(|(y, q)| format!("{} {y}", q.word()))
            .collect();
        let message = msg!(
            "docx.trend-undecided",
            said = said,
            table = table_name,
            missing = lacking.join(", ")
        );
        let mut f = ctx.finding(Code::TrendUndecided, word, message, None);
        f.finding = f.finding.values(said.to_string(), None);
        return Some(f);
    }
    None
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_figures_of_a_year_make_a_comparison_over_time() {
        let written =
            |s: &str| -> Vec<String> { super::figures(s).into_iter().map(|w| w.text).collect() };
        assert_eq!(
            written("Realisasi IKM tahun 2024 (90,40%) lebih tinggi apabila dibandingkan realisasi IKM tahun 2023 (89,57%)"),
            ["90,40%", "89,57%"]
        );
        // A count and an average are not a year's figures: no comparison over time.
        assert!(written("Ada 3 (tiga) unsur lebih tinggi dari rata-rata 92,10").is_empty());
        assert_eq!(
            super::years("tahun 2022 s.d. 2024 semakin"),
            [2022, 2023, 2024]
        );
        assert_eq!(
            super::years("tahun 2024 dibandingkan tahun 2023"),
            [2023, 2024]
        );
    }

    #[test]
    fn a_sentence_about_something_else_is_not_judged_by_the_table_above() {
        let rows = vec![super::YearRow {
            label: "Meningkatnya Kualitas Pelayanan Publik Indeks Kepuasan Masyarakat Setda".into(),
            figures: Default::default(),
        }];
        let caption = "Tabel 3.5 Perbandingan Capaian Kinerja IKM Setda 2023 s.d. 2024";
        assert!(super::speaks_of(
            "Realisasi dan Capaian kinerja IKM Setda tahun 2022 s.d. 2024",
            caption,
            &rows
        ));
        assert!(!super::speaks_of(
            "Jumlah penduduk tahun 2022 s.d. 2024",
            caption,
            &rows
        ));
    }
}
