//! `unit-mismatch`: an index stated as a percentage ("Realisasi IKM tahun 2024
//! (90,40%)"): the IKM is an index from 25 to 100 (PermenPAN-RB 14/2017), its
//! capaian is the percentage; and a percentage stated without its sign
//! ("capaian kinerja IKM tahun 2024 sebesar 106,35").

use super::super::sentences::{Ctx, SentenceFinding};
use super::spec::Phrase;
use crate::finding::Code;
use crate::msg;

pub fn check(ctx: &Ctx, units: &[Phrase]) -> Vec<SentenceFinding> {
    let mut out = Vec::new();
    for phrase in units {
        for c in phrase.pattern.captures_iter(ctx.text) {
            let Some(figure) = c.name("figure") else {
                continue;
            };
            let f = match (phrase.percent, c.name("pct")) {
                (false, Some(pct)) => index_as_percent(ctx, phrase, figure, pct),
                (true, None) if c.name("mag").is_none() => {
                    percent_without_sign(ctx, phrase, figure)
                }
                _ => continue,
            };
            out.push(f);
        }
    }
    out
}

/// An index written with a percent sign: its correction drops the sign.
fn index_as_percent(
    ctx: &Ctx,
    phrase: &Phrase,
    figure: regex::Match,
    pct: regex::Match,
) -> SentenceFinding {
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
    f
}

/// A percentage written without its sign: its correction adds it.
fn percent_without_sign(ctx: &Ctx, phrase: &Phrase, figure: regex::Match) -> SentenceFinding {
    let span = (figure.start(), figure.end());
    let with = format!("{}%", figure.as_str());
    let message = msg!(
        "docx.unit-no-percent",
        what = phrase.what.clone(),
        written = figure.as_str(),
        with = with.clone()
    );
    let mut f = ctx.finding(Code::UnitMismatch, span, message, Some(with.clone()));
    f.finding = f
        .finding
        .values(figure.as_str().to_string(), Some(with.clone()))
        .help(msg!("docx.help-unit-percent", with = with));
    f
}
