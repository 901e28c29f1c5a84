//! The evaluator's reading of a draft, beyond the figures a sentence repeats
//! (`sentences.rs`): trend claims against the multi-year table they follow or
//! name (`trend.rs`), counts against the list that follows (`lists.rs`), years
//! of what the report's year owns (`years.rs`), an index written as a
//! percentage (`units.rs`), a tujuan or sasaran worded differently from one
//! table to the next (`names.rs`). The phrases are rules data (`spec.rs`,
//! `rules/kalimat.toml`). Pure: no I/O.

mod grid;
mod lists;
mod names;
pub mod spec;
mod trend;
mod units;
mod years;

use super::read::Document;
use super::sentences::{Ctx, SentenceFinding};
use super::texts;
use crate::rules::Rules;
use crate::workbook::CellAddr;

/// The tujuan and sasaran worded differently from one table to the next
/// (`names.rs`): table findings, placed at the cell that drifts.
pub fn names(doc: &Document) -> Vec<crate::finding::Finding> {
    names::check(doc)
}

/// Every finding of the reading, in the order of the paragraphs.
pub fn check(doc: &Document, rules: &Rules) -> Vec<SentenceFinding> {
    let reading = &rules.reading;
    let year = years::report_year(doc);
    let mut out = Vec::new();
    for (n, block) in doc.texts.iter().enumerate() {
        let place = texts::paragraph_place(&block.headings);
        let ctx = Ctx {
            text: &doc.paragraphs[block.paragraph].text,
            paragraph: block.paragraph,
            at: CellAddr::paragraph(n + 1),
            place: &place,
            rules,
        };
        out.extend(trend::check(doc, &ctx, &reading.trends));
        out.extend(lists::check(doc, &ctx, &reading.lists));
        if let Some(year) = year {
            out.extend(years::check(&ctx, &reading.years, year));
        }
        out.extend(units::check(&ctx, &reading.units));
    }
    out
}
