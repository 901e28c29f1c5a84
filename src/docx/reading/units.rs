//! `unit-mismatch`: an index stated as a percentage ("Realisasi IKM tahun 2024
//! (90,40%)"): the IKM is an index from 25 to 100 (PermenPAN-RB 14/2017), its
//! capaian is the percentage.

use super::super::sentences::{Ctx, SentenceFinding};
use super::spec::Phrase;
use crate::finding::Code;
use crate::msg;

pub fn check(ctx: &Ctx, units: &[Phrase]) -> Vec<SentenceFinding> {
    let mut out = Vec::new();
    for phrase in units {
        for c in phrase.pattern.captures_iter(ctx.text) {
            let (Some(figure), Some(pct)) = (c.name("figure"), c.name("pct")) else {
                continue;
            };
            let span = (figure.start(), pct.end());
            let written = &ctx.text[span.0..span.1];
            let message = msg!(
                "docx.unit-percent",
                what = phrase.what.clone(),
                written = written,
                plain = figure.as_str()
            );
            let mut f = ctx.finding(
                Code::UnitMismatch,
                span,
                message,
                Some(figure.as_str().to_string()),
            );
            f.finding = f
                .finding
                .values(written.to_string(), Some(figure.as_str().to_string()))
                .help(msg!("docx.help-unit", plain = figure.as_str()));
            out.push(f);
        }
    }
    out
}
