//! The human report: one miette diagnostic per finding — code, severity, the
//! cell, what was found and expected, the formula with its operands, the cell's
//! table, row and column in the report's own words, and what to do — then one
//! summary line.

use std::fmt;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};

use super::Outcome;
use crate::finding::{Expectation, Finding, Severity, Tally};
use crate::i18n::Lang;
use crate::msg;
use crate::FileReport;

/// How to draw: a fixed width and no colour make the output testable.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub width: usize,
    pub color: bool,
    pub lang: Lang,
}

struct Shown<'a>(&'a Finding, Lang);

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0, f)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (x, lang) = (self.0, self.1);
        let at = match x.at.paragraph_number() {
            Some(n) => msg!("human.paragraph", n = n).render(lang),
            None => x.at.to_string(),
        };
        write!(f, "{}: {}", at, x.message.render(lang))?;
        if x.table.is_empty() && !x.at.is_paragraph() {
            return Ok(());
        }
        writeln!(f)?;
        let place = match (x.row_label.is_empty(), x.column_label.is_empty()) {
            // A sentence of a Word draft: `table` is its headings, `row_label` the sentence.
            (false, _) if x.at.is_paragraph() => crate::docx::texts::sentence_place(x),
            (false, false) => msg!(
                "human.in-row-column",
                table = x.table.as_str(),
                row = x.row_label.as_str(),
                column = x.column_label.as_str()
            ),
            (false, true) => msg!(
                "human.in-row",
                table = x.table.as_str(),
                row = x.row_label.as_str()
            ),
            (true, false) => msg!(
                "human.in-column",
                table = x.table.as_str(),
                column = x.column_label.as_str()
            ),
            (true, true) => msg!("human.in", table = x.table.as_str()),
        };
        write!(f, "{}", place.render(lang))?;
        // Figures in the user's style; texts are already quoted in the message.
        if let (Some(found), Some(expected)) = (figure(&x.found), figure(&x.expected)) {
            let key = match x.expectation() {
                Expectation::Correct => "human.found-expected",
                Expectation::Suggested => "human.found-suggested",
                Expectation::Compared => "human.found-compared",
            };
            let line = crate::i18n::Msg::new(key)
                .arg("found", found)
                .arg("expected", expected);
            write!(f, "\n{}", line.render(lang))?;
        }
        if let Some(formula) = &x.formula {
            write!(f, "\n{}", formula.render(lang))?;
        }
        if let Some(line) = x.also_said() {
            write!(f, "\n{}", line.render(lang))?;
        }
        Ok(())
    }
}

impl std::error::Error for Shown<'_> {}

/// A JSON decimal string (`12.99`) as the report writes it (`12,99`).
fn figure(value: &Option<String>) -> Option<String> {
    let d = value.as_deref()?.parse::<rust_decimal::Decimal>().ok()?;
    Some(crate::number::format_id(d, d.scale()))
}

impl Diagnostic for Shown<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        // The severity in words, for readers who do not know miette's symbols.
        Some(Box::new(format!(
            "{}[{}]",
            self.0.severity.word(self.1),
            self.0.code
        )))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.0.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.0.help.is_empty())
            .then(|| Box::new(self.0.help.render(self.1)) as Box<dyn fmt::Display>)
    }
}

/// miette labels the advice `help:`; in another language, the catalogue's word,
/// right-aligned in the same width so wrapped lines stay under it.
fn help_label(rendered: &str, lang: Lang) -> String {
    let label = lang.t("human.help-label");
    if label == "help" {
        return rendered.to_string();
    }
    let mut out = String::with_capacity(rendered.len());
    for line in rendered.split_inclusive('\n') {
        match line.strip_prefix("  help: ") {
            Some(rest) => out.push_str(&format!("{label:>6}: {rest}")),
            None => out.push_str(line),
        }
    }
    out
}

/// `1 file`, `3 files`: `count.<what>.one` or `count.<what>.many` of the catalogue.
pub fn count(lang: Lang, n: usize, one: &'static str, many: &'static str) -> String {
    crate::i18n::Msg::new(if n == 1 { one } else { many })
        .arg("n", n)
        .render(lang)
}

/// The human report of the outcomes of a check: each file's findings as miette
/// diagnostics, then one summary line.
pub fn render(outcomes: &[Outcome], style: Style) -> String {
    let lang = style.lang;
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(style.width);
    let mut out = String::new();
    let mut tally = Tally::default();
    let mut unreadable = 0;
    let mut unwritable = 0;
    for outcome in outcomes {
        match outcome {
            Ok(report) => file_report(&mut out, report, &handler, &mut tally, lang),
            Err(e) => {
                // A copy that could not be written is not a file that could not be read.
                if e.reason.key.starts_with("write.") {
                    unwritable += 1;
                } else {
                    unreadable += 1;
                }
                let line = msg!("human.unreadable", error = e.render(lang));
                out.push_str(&format!("{}\n", line.render(lang)));
            }
        }
    }
    if !out.ends_with("\n\n") {
        out.push('\n');
    }
    let read = outcomes.len() - unreadable - unwritable;
    summary(&mut out, read, tally, (unreadable, unwritable), lang);
    out.push('\n');
    out
}

/// One file's part of the report: the tables recognised, the cells corrected,
/// the hidden sheets, then its findings, worst first (counted in `tally`).
fn file_report(
    out: &mut String,
    report: &FileReport,
    handler: &GraphicalReportHandler,
    tally: &mut Tally,
    lang: Lang,
) {
    let line = msg!(
        "human.recognised",
        file = report.path.as_str(),
        tables = count(
            lang,
            report.tables.len(),
            "count.table.one",
            "count.table.many"
        )
    );
    out.push_str(&format!("{}\n", line.render(lang)));
    corrections(out, report, lang);
    if report.findings.is_empty() && !report.tables.is_empty() {
        out.push_str(&format!("  {}\n", lang.t("human.no-findings")));
    }
    for h in &report.hidden_sheets {
        let line = msg!("human.hidden-sheet", sheet = h.as_str());
        out.push_str(&format!("  {}\n", line.render(lang)));
    }
    // Errors first, then warnings, then information; each in reading order.
    let mut findings: Vec<&Finding> = report.findings.iter().collect();
    findings.sort_by_key(|f| f.severity);
    for f in findings {
        tally.add(f.severity);
        out.push('\n');
        let mut one = String::new();
        if handler.render_report(&mut one, &Shown(f, lang)).is_err() {
            one = format!("{}\n", Shown(f, lang));
        }
        out.push_str(&help_label(&one, lang));
    }
}

/// The corrected copy of a file, when one was written: where, each cell changed,
/// and what remains to be decided by hand.
fn corrections(out: &mut String, report: &FileReport, lang: Lang) {
    let Some(fixed) = &report.fixed else {
        return;
    };
    let line = msg!(
        "human.corrected",
        cells = count(
            lang,
            fixed.changes.len(),
            "count.cell.one",
            "count.cell.many"
        ),
        output = fixed.output.as_str()
    );
    out.push_str(&format!("  {}\n", line.render(lang)));
    if fixed.partial_layout {
        let ext = std::path::Path::new(&report.path)
            .extension()
            .map(|e| format!(".{}", e.to_string_lossy().to_lowercase()))
            .unwrap_or_else(|| lang.t("human.not-xlsx"));
        let line = msg!("human.partial-layout", ext = ext);
        out.push_str(&format!("  {}\n", line.render(lang)));
    }
    for (at, old, new, code) in &fixed.changes {
        out.push_str(&format!("    {at}  {old} -> {new}  ({code})\n"));
    }
    let line = match fixed.suggested {
        0 => msg!("human.remains"),
        1 => msg!("human.suggested-one"),
        n => msg!("human.suggested-many", n = n),
    };
    out.push_str(&format!("  {}\n", line.render(lang)));
}

/// The summary line: files read, findings by severity, and the files that could
/// not be read and the copies that could not be written, if any.
fn summary(
    out: &mut String,
    read: usize,
    tally: Tally,
    (unreadable, unwritable): (usize, usize),
    lang: Lang,
) {
    let summary = msg!(
        "human.summary",
        files = count(lang, read, "count.file.one", "count.file.many"),
        errors = count(lang, tally.errors, "count.error.one", "count.error.many"),
        warnings = count(
            lang,
            tally.warnings,
            "count.warning.one",
            "count.warning.many"
        ),
        infos = count(lang, tally.infos, "count.info.one", "count.info.many")
    );
    out.push_str(&summary.render(lang));
    if unreadable > 0 {
        let line = msg!(
            "human.summary-unreadable",
            files = count(lang, unreadable, "count.file.one", "count.file.many")
        );
        out.push_str(&line.render(lang));
    }
    if unwritable > 0 {
        let line = msg!(
            "human.summary-unwritable",
            files = count(lang, unwritable, "count.copy.one", "count.copy.many")
        );
        out.push_str(&line.render(lang));
    }
}
