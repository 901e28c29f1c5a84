//! `text-mismatch`, `count-mismatch`, `category-mismatch`, `lowest-mismatch` and
//! `text-name-mismatch`: the figures a draft's sentences cite, held against the
//! tables they repeat (the draft's own, and the workbook's when one is given).
//!
//! A cited figure is compared at the precision the sentence writes it with: with
//! the figure the table states (a sentence that says otherwise contradicts the
//! table: an error), and with the table's recomputation where the table check has
//! one (a sentence that repeats a figure the table gets wrong must be corrected
//! with it: a warning, since the table's own finding is the error).
//!
//! | sentence                                   | table                      | finding           |
//! |--------------------------------------------|----------------------------|-------------------|
//! | rata-rata capaian kinerja kegiatan 123,75% | Rata-rata 123,81           | text-mismatch     |
//! | efisiensi ... sebesar 12,99%               | 12,99, recomputed 10,29    | text-mismatch (w) |
//! | 18 (delapan belas) kegiatan                | 18 kegiatan rows           | none              |
//!
//! Pure: no I/O; the caller reads the draft and the tables.

use rust_decimal::Decimal;

use super::claims::{expand, from_words, read_figure, terbilang, Claim, ClaimKind};
use super::read::Document;
use super::texts;
use crate::checks::category::bands;
use crate::checks::scale_table::category_key;
use crate::finding::{Code, Finding, Severity};
use crate::number::{format_id, round_half_up};
use crate::rules::Rules;
use crate::table::{Row, Table};
use crate::text::{any_matches, name_key, normalise, similarity};
use crate::workbook::CellAddr;

/// Where the figures come from: the draft's own tables, or a workbook's.
pub struct Source<'a> {
    /// The workbook's file name; None for the draft itself.
    pub label: Option<&'a str>,
    pub tables: &'a [Table<'a>],
    /// The table check's findings on these tables (their recomputations).
    pub findings: &'a [Finding],
}

/// A finding about a sentence, with where the text it is about lies.
#[derive(Debug, Clone)]
pub struct SentenceFinding {
    pub finding: Finding,
    /// Index into `Document::paragraphs`.
    pub paragraph: usize,
    /// Char range of the cited text in the paragraph.
    pub chars: (usize, usize),
    /// The text that corrects it, where exactly one follows.
    pub replacement: Option<String>,
}

/// Codes whose `expected` is a recomputation of the cell (not another table's figure).
fn recomputes(code: Code) -> bool {
    matches!(
        code,
        Code::PercentMismatch
            | Code::SumMismatch
            | Code::AverageMismatch
            | Code::IndexMismatch
            | Code::EfficiencyMismatch
            | Code::EfficiencyVariant
            | Code::Rounding
    )
}

/// Every claim in every paragraph of running text, against every source.
pub fn check(
    doc: &Document,
    claims: &[Claim],
    sources: &[Source],
    rules: &Rules,
) -> Vec<SentenceFinding> {
    let mut out: Vec<SentenceFinding> = Vec::new();
    let places: Vec<String> = doc
        .texts
        .iter()
        .map(|b| texts::paragraph_place(&b.headings))
        .collect();
    for claim in claims {
        // One finding per stretch of text and claim, whichever pattern found it.
        let mut seen: Vec<(usize, (usize, usize))> = Vec::new();
        for pattern in &claim.patterns {
            for (i, source) in sources.iter().enumerate() {
                let categories = match claim.kind {
                    ClaimKind::Category => match claim_bands(claim, source, rules) {
                        Some((_, b)) => alternation(&b),
                        None => continue,
                    },
                    _ => "baik".to_string(),
                };
                let Ok(re) = expand(pattern, &categories) else {
                    continue;
                };
                for (n, block) in doc.texts.iter().enumerate() {
                    let text = &doc.paragraphs[block.paragraph].text;
                    let ctx = Ctx {
                        text,
                        paragraph: block.paragraph,
                        at: CellAddr::paragraph(n + 1),
                        place: &places[n],
                        rules,
                    };
                    for caps in re.captures_iter(text) {
                        let whole = caps.get(0).map_or((0, 0), |m| (m.start(), m.end()));
                        if i == 0 {
                            if seen.contains(&(n, whole)) {
                                continue;
                            }
                            seen.push((n, whole));
                        }
                        let found = match claim.kind {
                            ClaimKind::Figure => figure(&ctx, claim, &caps, source),
                            ClaimKind::Count => count(&ctx, claim, &caps, source),
                            ClaimKind::Category => category(&ctx, claim, &caps, source),
                            ClaimKind::Lowest => lowest(&ctx, claim, &caps, source),
                        };
                        for f in found {
                            // A workbook that says what the draft's tables say adds nothing.
                            let repeated = out.iter().any(|o| {
                                o.paragraph == f.paragraph
                                    && o.chars == f.chars
                                    && o.finding.code == f.finding.code
                                    && o.finding.expected == f.finding.expected
                            });
                            if !repeated {
                                out.push(f);
                            }
                        }
                    }
                }
            }
        }
    }
    out.sort_by_key(|s| (s.paragraph, s.chars.0));
    out
}

/// A paragraph of running text being read: what a finding about it needs.
pub(super) struct Ctx<'a> {
    pub(super) text: &'a str,
    pub(super) paragraph: usize,
    pub(super) at: CellAddr,
    pub(super) place: &'a str,
    pub(super) rules: &'a Rules,
}

impl Ctx<'_> {
    pub(super) fn chars(&self, bytes: (usize, usize)) -> (usize, usize) {
        (
            self.text[..bytes.0].chars().count(),
            self.text[..bytes.1].chars().count(),
        )
    }

    /// The sentence around a byte range, with the range marked.
    pub(super) fn sentence(&self, bytes: (usize, usize)) -> String {
        let t = self.text;
        let (start, end) = sentence_bounds(t, bytes);
        texts::marked(
            t[start..bytes.0].trim_start(),
            &t[bytes.0..bytes.1],
            t[bytes.1..end].trim_end(),
        )
    }

    pub(super) fn finding(
        &self,
        code: Code,
        bytes: (usize, usize),
        message: crate::i18n::Msg,
        replacement: Option<String>,
    ) -> SentenceFinding {
        // The column of a paragraph's address is where the cited text starts: findings
        // of one paragraph sort in reading order (the address shows no column).
        let mut at = self.at.clone();
        at.col = self.chars(bytes).0 as u32;
        let finding = Finding::new(code, at, message).place(
            self.place,
            &super::read::collapse(&self.sentence(bytes)),
            "",
        );
        SentenceFinding {
            finding,
            paragraph: self.paragraph,
            chars: self.chars(bytes),
            replacement,
        }
    }
}

/// Whether the period at byte `at` of `text` ends a sentence: a space and a
/// capital (or nothing) follow it, and it does not close an abbreviation
/// (`s.d.`, `dst.`, `No.`, `Rp.`: a word of at most three letters, or one
/// holding a period).
fn ends_sentence(text: &str, at: usize) -> bool {
    let after = &text[at + 1..];
    let next = after.trim_start();
    if next.is_empty() {
        return true;
    }
    let opens = next.starts_with(|c: char| c.is_uppercase() || matches!(c, '(' | '"' | '\u{201C}'));
    if !(after.starts_with(char::is_whitespace) && opens) {
        return false;
    }
    let word = text[..at]
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    !(word.contains('.') || (word.chars().count() <= 3 && word.chars().all(char::is_alphabetic)))
}

/// The byte range of the sentence around `bytes` in `text`.
pub(super) fn sentence_bounds(text: &str, bytes: (usize, usize)) -> (usize, usize) {
    let start = text[..bytes.0]
        .char_indices()
        .rev()
        .find(|&(i, c)| c == '.' && ends_sentence(text, i))
        .map_or(0, |(i, _)| i + 1);
    let start = start + (text[start..bytes.0].len() - text[start..bytes.0].trim_start().len());
    let end = text[bytes.1..]
        .char_indices()
        .find(|&(i, c)| c == '.' && ends_sentence(text, bytes.1 + i))
        .map_or(text.len(), |(i, _)| bytes.1 + i + 1);
    (start.min(bytes.0), end.max(bytes.1))
}

/// The first table of the claim's rules in the source, by the claim's order.
fn table_of<'a>(claim: &Claim, source: &'a Source) -> Option<&'a Table<'a>> {
    claim
        .tables
        .iter()
        .find_map(|id| source.tables.iter().find(|t| &t.rule_id == id))
}

fn rows_of<'a>(claim: &'a Claim, table: &'a Table<'a>) -> impl Iterator<Item = &'a Row<'a>> + 'a {
    table.rows.iter().filter(move |r| {
        (claim.rows.is_empty() || r.is(&claim.rows))
            && (claim.indicator.is_empty() || any_matches(&claim.indicator, &normalise(r.label())))
    })
}

fn table_name(source: &Source, table: &Table) -> String {
    match source.label {
        Some(file) => format!("{file}, {}", table.short_name()),
        None => table.short_name(),
    }
}

/// A figure written back in the sentence's own style: `123,81%`, `90.40`.
fn written(value: Decimal, scale: u32, like: &str, percent: bool) -> String {
    let mut s = format_id(round_half_up(value, scale), scale);
    let english = like.contains('.') && !like.contains(',') && scale > 0;
    if english {
        s = s
            .replace('.', "\u{0}")
            .replace(',', ".")
            .replace('\u{0}', ",");
    }
    if percent {
        s.push('%');
    }
    s
}

/// A figure a sentence cites: where it lies, as written, its value and precision.
struct Cited<'t> {
    bytes: (usize, usize),
    text: &'t str,
    value: Decimal,
    scale: u32,
    percent: bool,
    /// The magnitude word written after it ("M", "juta"), and what it multiplies by.
    magnitude: Option<(&'t str, Decimal)>,
}

impl Cited<'_> {
    /// A table's figure in the sentence's unit ("38,1" of "38,1 M"), at its precision.
    fn unit(&self, v: Decimal) -> Decimal {
        round_half_up(self.magnitude.map_or(v, |(_, m)| v / m), self.scale)
    }

    /// A figure of the sentence's unit in full ("38,1" of "38,1 M" is 38 100 000 000).
    fn full(&self, v: Decimal) -> Decimal {
        self.magnitude.map_or(v, |(_, m)| (v * m).normalize())
    }

    /// A figure of the sentence's unit as the message says it: "38,1 M".
    fn said(&self, v: Decimal) -> String {
        let n = format_id(v, self.scale);
        match self.magnitude {
            Some((word, _)) => format!("{n} {word}"),
            None => n,
        }
    }
}

/// The figure of a table a cited figure is held against, with the cell's name.
struct Stated<'a> {
    source: &'a Source<'a>,
    table: &'a Table<'a>,
    cell: crate::i18n::Msg,
    figure: crate::table::Figure,
}

fn figure(
    ctx: &Ctx,
    claim: &Claim,
    caps: &regex::Captures,
    source: &Source,
) -> Vec<SentenceFinding> {
    let Some(m) = caps.name("figure") else {
        return Vec::new();
    };
    let Some((claimed, scale)) = read_figure(m.as_str()) else {
        return Vec::new();
    };
    let percent = caps.name("pct").is_some();
    let bytes = (m.start(), caps.name("pct").map_or(m.end(), |p| p.end()));
    let magnitude = caps
        .name("mag")
        .and_then(|w| Some((w.as_str(), super::claims::magnitude(w.as_str())?)));
    let cited = Cited {
        bytes,
        text: &ctx.text[bytes.0..bytes.1],
        value: claimed,
        scale,
        percent,
        magnitude,
    };
    let Some(table) = table_of(claim, source) else {
        return Vec::new();
    };
    let rule = &ctx.rules.tables[table.rule];
    let Some(key) = figure_column(claim, caps, source) else {
        return Vec::new();
    };
    let Some(col) = rule.column_index(key) else {
        return Vec::new();
    };
    let at_precision = |v: Decimal, s: u32| round_half_up(v, s.min(scale));
    let mut first: Option<SentenceFinding> = None;
    for row in rows_of(claim, table) {
        let Some(stated) = row.figure(col) else {
            continue;
        };
        let recomputed = recomputation(source, &stated);
        // "38,1 M" agrees with 38.127.840.000: compared in the sentence's unit.
        let agrees_stated = match cited.magnitude {
            Some(_) => cited.unit(stated.value) == claimed,
            None => at_precision(stated.value, stated.scale) == at_precision(claimed, stated.scale),
        };
        let agrees_recomputed = recomputed
            .as_ref()
            .is_none_or(|(r, _)| cited.unit(*r) == claimed);
        if agrees_recomputed && (agrees_stated || recomputed.is_some()) {
            // The sentence is right (or right where the table is wrong: the table's finding says so).
            return Vec::new();
        }
        if first.is_some() {
            continue;
        }
        let stated = Stated {
            source,
            table,
            cell: texts::cell_name(
                source.label,
                &table.short_name(),
                row.label(),
                table.header(col),
            ),
            figure: stated,
        };
        let mut f = match &recomputed {
            Some((r, tf)) => {
                repeats_or_contradicts(ctx, claim, &cited, &stated, agrees_stated, (*r, tf))
            }
            None => contradicts(ctx, claim, &cited, &stated),
        };
        f.finding.column_label = String::new();
        first = Some(f);
    }
    first.into_iter().collect()
}

/// The column key a figure claim reads: `{year}` one before the report's year names
/// the previous year's column; None when the year is neither.
fn figure_column<'c>(claim: &'c Claim, caps: &regex::Captures, source: &Source) -> Option<&'c str> {
    Some(match (caps.name("year"), &claim.previous_column) {
        (Some(y), Some(prev)) => {
            let year: u32 = y.as_str().parse().unwrap_or(0);
            match crate::checks::report_year(source.tables) {
                Some(r) if year + 1 == r => prev.as_str(),
                Some(r) if year != r => return None,
                _ => claim.column.as_deref().unwrap_or(""),
            }
        }
        _ => claim.column.as_deref().unwrap_or(""),
    })
}

/// The table check's recomputation of a stated figure, with its finding, if it has one.
fn recomputation<'f>(
    source: &'f Source,
    stated: &crate::table::Figure,
) -> Option<(Decimal, &'f Finding)> {
    source
        .findings
        .iter()
        .filter(|f| f.at == stated.at && recomputes(f.code))
        .find_map(|f| f.expected.as_ref()?.number().map(|d| (d, f)))
}

/// A cited figure that differs from the table's recomputation: a warning when it
/// repeats the table's wrong figure, an error when it differs from both.
fn repeats_or_contradicts(
    ctx: &Ctx,
    claim: &Claim,
    cited: &Cited,
    stated: &Stated,
    agrees_stated: bool,
    (r, tf): (Decimal, &Finding),
) -> SentenceFinding {
    let scale = cited.scale;
    let claimed_s = cited.said(cited.value);
    let stated_s = crate::checks::show(&stated.figure);
    let cell = &stated.cell;
    let r_unit = cited.unit(r);
    let r_s = cited.said(r_unit);
    let (severity, message) = if agrees_stated {
        (
            Severity::Warning,
            texts::repeats_wrong(&claim.what, &claimed_s, cell, &r_s),
        )
    } else {
        (
            Severity::Error,
            texts::mismatch_recomputed(&claim.what, &claimed_s, cell, &stated_s, &r_s),
        )
    };
    // The sentence follows the table: its fix is as safe as the table's.
    let safe = tf.code.fix_is_safe() && tf.fix.is_some();
    let replacement = safe.then(|| written(r_unit, scale, cited.text, cited.percent));
    let mut sf = ctx.finding(Code::TextMismatch, cited.bytes, message, replacement);
    sf.finding = sf
        .finding
        .severity(severity)
        .figures(cited.full(cited.value), Some(cited.full(r_unit)))
        .formula(
            texts::recomputed_formula(
                &table_name(stated.source, stated.table),
                tf.formula.clone().unwrap_or_else(|| tf.message.clone()),
            ),
            vec![stated.figure.at.clone()],
        )
        .help(texts::help_after_table(cell))
        .fix(safe.then_some(r_unit));
    sf
}

/// A cited figure that differs from the figure the table states (which nothing recomputes).
fn contradicts(ctx: &Ctx, claim: &Claim, cited: &Cited, stated: &Stated) -> SentenceFinding {
    let scale = cited.scale;
    let claimed_s = cited.said(cited.value);
    let stated_s = crate::checks::show(&stated.figure);
    let cell = &stated.cell;
    let expected = cited.unit(stated.figure.value);
    let replacement = written(expected, scale, cited.text, cited.percent);
    let message = texts::mismatch(&claim.what, &claimed_s, cell, &stated_s);
    let mut sf = ctx.finding(
        Code::TextMismatch,
        cited.bytes,
        message,
        Some(replacement.clone()),
    );
    sf.finding = sf
        .finding
        .figures(cited.full(cited.value), Some(cited.full(expected)))
        .formula(
            texts::stated_formula(cell, &stated.figure.at.qualified(), &stated_s),
            vec![stated.figure.at.clone()],
        )
        .help(texts::help_write(&replacement, cell))
        .fix(Some(expected));
    sf
}

fn count(
    ctx: &Ctx,
    claim: &Claim,
    caps: &regex::Captures,
    source: &Source,
) -> Vec<SentenceFinding> {
    let Some(m) = caps.name("count") else {
        return Vec::new();
    };
    let Ok(claimed) = m.as_str().parse::<u64>() else {
        return Vec::new();
    };
    let word = caps.name("word");
    let end = word.map_or(m.end(), |w| w.end() + 1).min(ctx.text.len());
    let bytes = (m.start(), end);
    let write = |n: u64| match word {
        Some(_) => format!("{n} ({})", terbilang(n)),
        None => n.to_string(),
    };
    let mut out = Vec::new();
    if source.label.is_none() {
        if let Some(w) = word {
            let says = from_words(w.as_str());
            if says != Some(claimed) {
                let message = texts::count_word_mismatch(claimed, w.as_str(), says);
                let mut sf = ctx.finding(Code::CountMismatch, bytes, message, Some(write(claimed)));
                sf.finding = sf
                    .finding
                    .figures(
                        rust_decimal::Decimal::from(claimed),
                        Some(rust_decimal::Decimal::from(claimed)),
                    )
                    .help(texts::help_count(&write(claimed)));
                out.push(sf);
            }
        }
    }
    let Some(table) = table_of(claim, source) else {
        return out;
    };
    let actual = rows_of(claim, table).count();
    if actual as u64 != claimed {
        let name = table_name(source, table);
        let message = texts::count_mismatch(&claim.what, claimed, &name, actual);
        let inputs = rows_of(claim, table)
            .filter_map(|r| {
                table
                    .sheet_col(0)
                    .map(|c| CellAddr::new(&table.sheet, r.row, c))
            })
            .collect();
        let mut sf = ctx.finding(
            Code::CountMismatch,
            bytes,
            message,
            Some(write(actual as u64)),
        );
        sf.finding = sf
            .finding
            .figures(
                rust_decimal::Decimal::from(claimed),
                Some(rust_decimal::Decimal::from(actual as u64)),
            )
            .formula(texts::count_formula(&name, &claim.rows, actual), inputs)
            .help(texts::help_count(&write(actual as u64)))
            .fix(Some(Decimal::from(actual as u64)));
        // The word wrong as well as the digits: one finding says both.
        out.retain(|o| o.chars != sf.chars);
        out.push(sf);
    }
    out
}

type Bands = Vec<crate::checks::category::Band>;

fn claim_bands(claim: &Claim, source: &Source, rules: &Rules) -> Option<(String, Bands)> {
    bands(claim.scale.as_deref()?, source.tables, rules)
}

/// The scale's words as a regex alternation, longest first ("Sangat Baik" before "Baik").
fn alternation(bands: &Bands) -> String {
    let mut words: Vec<String> = bands
        .iter()
        .flat_map(|(_, label, _)| {
            let base = match label.find('(') {
                Some(i) if i > 0 => &label[..i],
                _ => label.as_str(),
            };
            [base.trim().to_string()]
        })
        .filter(|w| !w.is_empty())
        .collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    words.dedup();
    words
        .iter()
        .map(|w| {
            w.split_whitespace()
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"\s+")
        })
        .collect::<Vec<_>>()
        .join("|")
}

/// A category word in the case the sentence writes words: `Sangat Baik`.
fn cased(label: &str, like: &str) -> String {
    let base = match label.find('(') {
        Some(i) if i > 0 => label[..i].trim(),
        _ => label.trim(),
    };
    if like.chars().next().is_some_and(char::is_uppercase) {
        base.split_whitespace()
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        base.to_string()
    }
}

fn category(
    ctx: &Ctx,
    claim: &Claim,
    caps: &regex::Captures,
    source: &Source,
) -> Vec<SentenceFinding> {
    let Some(word) = caps.name("category") else {
        return Vec::new();
    };
    let Some((scale_name, bands)) = claim_bands(claim, source, ctx.rules) else {
        return Vec::new();
    };
    // The value: the figure the sentence cites, else the table's.
    let (value, scale, inputs) = match caps.name("figure").and_then(|m| read_figure(m.as_str())) {
        Some((v, s)) => (v, s, Vec::new()),
        None => {
            let Some(table) = table_of(claim, source) else {
                return Vec::new();
            };
            let rule = &ctx.rules.tables[table.rule];
            let Some(col) = claim.column.as_deref().and_then(|k| rule.column_index(k)) else {
                return Vec::new();
            };
            let Some(f) = rows_of(claim, table).find_map(|r| r.figure(col)) else {
                return Vec::new();
            };
            (f.value, f.scale, vec![f.at.clone()])
        }
    };
    let fits: Vec<_> = bands
        .iter()
        .filter(|(iv, _, _)| iv.contains(value))
        .collect();
    let [(iv, expected, mutu)] = fits.as_slice() else {
        return Vec::new();
    };
    let key = category_key(word.as_str());
    if key == category_key(expected) || mutu.as_deref().is_some_and(|m| category_key(m) == key) {
        return Vec::new();
    }
    let value_s = format_id(value, scale);
    let right = cased(expected, word.as_str());
    let message = texts::category_mismatch(word.as_str(), &value_s, &right, &scale_name);
    let mut sf = ctx.finding(
        Code::CategoryMismatch,
        (word.start(), word.end()),
        message,
        Some(right.clone()),
    );
    sf.finding = sf
        .finding
        .values(word.as_str().to_string(), Some(right.clone()))
        .formula(
            texts::category_formula(&value_s, iv.words(), &right, &scale_name),
            inputs,
        )
        .help(texts::help_category(&right));
    vec![sf]
}

/// A table's rows ranked for a "lowest" claim: the `k` lowest and how they read.
struct Ranked<'r> {
    /// Each row's name and figure.
    rows: &'r [(&'r str, crate::table::Figure)],
    /// The rows, lowest figure first.
    sorted: Vec<&'r (&'r str, crate::table::Figure)>,
    k: usize,
    /// The `k`th lowest figure.
    kth: Option<Decimal>,
    /// The `k` lowest, written out: `A (1,00), B (2,00)`.
    lowest: String,
    /// The table's name in findings.
    table: String,
}

impl<'r> Ranked<'r> {
    /// Ranks `rows` for the `k` lowest of the table named `table`.
    fn new(rows: &'r [(&'r str, crate::table::Figure)], k: usize, table: String) -> Ranked<'r> {
        let mut sorted: Vec<&(&str, crate::table::Figure)> = rows.iter().collect();
        sorted.sort_by_key(|r| r.1.value);
        let kth = sorted.get(k.saturating_sub(1)).map(|r| r.1.value);
        let lowest = sorted
            .iter()
            .take(k)
            .map(|(n, f)| format!("{n} ({})", crate::checks::show(f)))
            .collect::<Vec<_>>()
            .join(", ");
        Ranked {
            rows,
            sorted,
            k,
            kth,
            lowest,
            table,
        }
    }
}

fn lowest(
    ctx: &Ctx,
    claim: &Claim,
    caps: &regex::Captures,
    source: &Source,
) -> Vec<SentenceFinding> {
    let Some(m) = caps.name("names") else {
        return Vec::new();
    };
    let Some(table) = table_of(claim, source) else {
        return Vec::new();
    };
    let rule = &ctx.rules.tables[table.rule];
    let (Some(col), Some(name_col)) = (
        claim.column.as_deref().and_then(|k| rule.column_index(k)),
        claim.name.as_deref().and_then(|k| rule.column_index(k)),
    ) else {
        return Vec::new();
    };
    let rows: Vec<(&str, crate::table::Figure)> = rows_of(claim, table)
        .filter_map(|r| Some((r.text(name_col).unwrap_or(r.label()), r.figure(col)?)))
        .collect();
    if rows.is_empty() {
        return Vec::new();
    }
    let list = m.as_str();
    let names = listed_names(list);
    let k = caps
        .name("count")
        .and_then(|c| c.as_str().parse::<usize>().ok())
        .unwrap_or(names.len());
    let ranked = Ranked::new(&rows, k, table_name(source, table));
    let base = m.start();
    let mut out = Vec::new();
    for (a, b) in &names {
        let named = &list[*a..*b];
        let bytes = (base + a, base + b);
        out.extend(named_findings(ctx, source, named, bytes, &ranked));
    }
    if caps.name("count").is_some() && names.len() != k && source.label.is_none() {
        let message = texts::lowest_missing(k, names.len());
        let mut sf = ctx.finding(Code::LowestMismatch, (m.start(), m.end()), message, None);
        sf.finding = sf.finding.help(texts::help_lowest(&ranked.lowest));
        out.push(sf);
    }
    out
}

/// Byte ranges of the names in a list: "A, B dan C" (also "A, B, dan C", "A dan B",
/// "A serta B"), trimmed, empty ones left out.
fn listed_names(list: &str) -> Vec<(usize, usize)> {
    let mut names: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    let seps = [", dan ", ", serta ", " dan ", " serta ", ", "];
    let lower = list.to_lowercase();
    loop {
        let next = seps
            .iter()
            .filter_map(|s| lower[start..].find(s).map(|i| (start + i, s.len())))
            .min();
        match next {
            Some((i, len)) => {
                names.push((start, i));
                start = i + len;
            }
            None => {
                names.push((start, list.len()));
                break;
            }
        }
    }
    names
        .into_iter()
        .map(|(a, b)| {
            let s = &list[a..b];
            let lead = s.len() - s.trim_start().len();
            (a + lead, a + lead + s.trim().len())
        })
        .filter(|(a, b)| b > a)
        .collect()
}

/// What is wrong with one name of a "lowest" list: a name the table does not have,
/// a name written differently, a row that is not among the lowest.
fn named_findings(
    ctx: &Ctx,
    source: &Source,
    named: &str,
    bytes: (usize, usize),
    ranked: &Ranked,
) -> Vec<SentenceFinding> {
    let mut out = Vec::new();
    let exact = ranked
        .rows
        .iter()
        .find(|(n, _)| name_key(n) == name_key(named));
    let best = exact.or_else(|| {
        ranked
            .rows
            .iter()
            .map(|r| (similarity(&name_key(r.0), &name_key(named)), r))
            .filter(|(s, _)| *s >= 600)
            .max_by_key(|(s, _)| *s)
            .map(|(_, r)| r)
    });
    let Some((table_name_of, fig)) = best else {
        let message = texts::lowest_unknown(named, &ranked.table);
        let mut sf = ctx.finding(Code::LowestMismatch, bytes, message, None);
        sf.finding = sf
            .finding
            .values(named.to_string(), None)
            .help(texts::help_lowest(&ranked.lowest));
        out.push(sf);
        return out;
    };
    if exact.is_none() && source.label.is_none() {
        let message = texts::name_differs(named, table_name_of, &ranked.table);
        let mut sf = ctx.finding(
            Code::TextNameMismatch,
            bytes,
            message,
            Some(table_name_of.to_string()),
        );
        sf.finding = sf
            .finding
            .values(named.to_string(), Some(table_name_of.to_string()))
            .inputs(vec![fig.at.clone()])
            .help(texts::help_name(table_name_of));
        out.push(sf);
    }
    if ranked.kth.is_some_and(|kth| fig.value > kth) {
        let message = texts::lowest_mismatch(
            named,
            &crate::checks::show(fig),
            ranked.k,
            &ranked.table,
            &ranked.lowest,
        );
        let mut sf = ctx.finding(Code::LowestMismatch, bytes, message, None);
        sf.finding = sf
            .finding
            .values(named.to_string(), None)
            .inputs(
                ranked
                    .sorted
                    .iter()
                    .take(ranked.k)
                    .map(|r| r.1.at.clone())
                    .collect(),
            )
            .help(texts::help_lowest(&ranked.lowest));
        out.push(sf);
    }
    out
}
