//! `year-mismatch`: a phrase naming a year of something the report's year owns
//! ("Penyusunan Perjanjian Kinerja … Tahun 2023 dengan uraian sebagai
//! berikut:" in the LKjIP of 2024). The report's year is the year its table
//! captions, headings and opening paragraphs name most often.

use std::collections::BTreeMap;

use regex::Regex;

use super::super::read::Document;
use super::super::sentences::{Ctx, SentenceFinding};
use super::spec::Phrase;
use crate::finding::Code;
use crate::msg;

/// The report's year: the year most named by the table captions, the headings
/// and the first 40 paragraphs (ties: the later year), with how often.
pub fn report_year(doc: &Document) -> Option<u16> {
    let year = Regex::new(r"\b((?:19|20)\d\d)\b").expect("the year pattern");
    let mut counts: BTreeMap<u16, usize> = BTreeMap::new();
    let mut add = |text: &str| {
        for c in year.captures_iter(text) {
            if let Ok(y) = c[1].parse::<u16>() {
                *counts.entry(y).or_default() += 1;
            }
        }
    };
    for t in &doc.tables {
        if let Some(caption) = &t.caption {
            add(caption);
        }
    }
    for (i, p) in doc.paragraphs.iter().enumerate() {
        if p.table.is_none() && (p.level.is_some() || i < 40) {
            add(&p.text);
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(y, n)| (n, y))
        .map(|(y, _)| y)
}

pub fn check(ctx: &Ctx, years: &[Phrase], report: u16) -> Vec<SentenceFinding> {
    let mut out = Vec::new();
    for phrase in years {
        for c in phrase.pattern.captures_iter(ctx.text) {
            let Some(m) = c.name("year") else { continue };
            let Ok(named) = m.as_str().parse::<u16>() else {
                continue;
            };
            if named == report {
                continue;
            }
            let message = msg!(
                "docx.year-mismatch",
                what = phrase.what.clone(),
                named = named.to_string(),
                report = report.to_string()
            );
            let mut f = ctx.finding(
                Code::YearMismatch,
                (m.start(), m.end()),
                message,
                Some(report.to_string()),
            );
            f.finding = f
                .finding
                // Said as years, not as figures to be read with thousands marks.
                .values(format!("tahun {named}"), Some(format!("tahun {report}")))
                .help(msg!("docx.help-year", report = report.to_string()));
            out.push(f);
        }
    }
    out
}
