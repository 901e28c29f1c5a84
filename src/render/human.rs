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
    /// Every finding of a problem in full, not only its lead.
    pub verbose: bool,
}

/// Problems counted for the summary line.
#[derive(Default)]
struct Counts {
    tally: Tally,
    waived: usize,
    baseline: usize,
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
        write!(f, "{}: {}", place(x, lang), x.message.render(lang))?;
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
        if let (Some(found), Some(expected)) = (
            figure(&x.found, x.expected.as_ref()),
            figure(&x.expected, x.found.as_ref()),
        ) {
            let key = match x.expectation() {
                Expectation::Correct => "human.found-expected",
                Expectation::Suggested => "human.found-suggested",
                Expectation::Compared => "human.found-compared",
                Expectation::Likely => "human.found-likely",
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

/// A finding's figure as the report writes it (`12,99`) beside the other
/// (found beside expected); none for a text.
fn figure(
    value: &Option<crate::finding::Value>,
    other: Option<&crate::finding::Value>,
) -> Option<String> {
    let v = value.as_ref()?;
    v.number()?;
    Some(v.shown_beside(other))
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
    let mut counts = Counts::default();
    let mut unreadable = 0;
    let mut unwritable = 0;
    for outcome in outcomes {
        match outcome {
            Ok(report) => file_report(&mut out, report, &handler, &mut counts, style),
            Err(e) => {
                // A copy that could not be written is not a file that could not be read.
                if e.is_write() {
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
    summary(&mut out, read, &counts, (unreadable, unwritable), lang);
    out.push('\n');
    out
}

/// One file's part of the report: the tables recognised and what was
/// recomputed, the cells corrected, the hidden sheets, then its problems,
/// worst first (counted in `counts`): each problem's lead finding (every
/// finding with `verbose`), its other places, and the cell most likely wrong.
fn file_report(
    out: &mut String,
    report: &FileReport,
    handler: &GraphicalReportHandler,
    counts: &mut Counts,
    style: Style,
) {
    let lang = style.lang;
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
    let problems = crate::problems::of(report);
    if !report.tables.is_empty() || !problems.is_empty() {
        out.push_str(&format!(
            "  {}\n",
            coverage(report, &problems, lang).render(lang)
        ));
    }
    corrections(out, report, lang);
    if report.findings.is_empty() && !report.tables.is_empty() {
        out.push_str(&format!("  {}\n", lang.t("human.no-findings")));
    }
    for h in &report.hidden_sheets {
        let line = msg!("human.hidden-sheet", sheet = h.as_str());
        out.push_str(&format!("  {}\n", line.render(lang)));
    }
    // Problems that count first, then the waived and those of the baseline;
    // errors first, then warnings, then information; each in reading order.
    let mut order: Vec<&crate::problems::Problem> = problems.iter().collect();
    order.sort_by_key(|p| (p.waived.is_some() || p.baseline, p.severity, p.id));
    for p in order {
        counts.tally.add(p.severity);
        counts.waived += usize::from(p.waived.is_some());
        counts.baseline += usize::from(p.baseline);
        let shown: &[usize] = if style.verbose {
            &p.findings
        } else {
            &p.findings[..1]
        };
        for &i in shown {
            let Some(f) = report.findings.get(i) else {
                continue;
            };
            out.push('\n');
            let mut one = String::new();
            if handler.render_report(&mut one, &Shown(f, lang)).is_err() {
                one = format!("{}\n", Shown(f, lang));
            }
            out.push_str(&help_label(&one, lang));
        }
        for line in problem_lines(p, &report.findings, lang) {
            out.push_str(&wrapped(&line, style.width));
        }
    }
}

/// The file's coverage line: figures recomputed, how many agree, the problems.
fn coverage(
    report: &FileReport,
    problems: &[crate::problems::Problem],
    lang: Lang,
) -> crate::i18n::Msg {
    let mut tally = Tally::default();
    for p in problems {
        tally.add(p.severity);
    }
    let problems = problems_said(tally, lang);
    match report.recomputed.figures {
        0 => msg!("human.coverage-none", problems = problems),
        n => msg!(
            "human.coverage",
            figures = count(lang, n, "count.figure.one", "count.figure.many"),
            agree = report.recomputed.agree,
            problems = problems
        ),
    }
}

/// `27 problems (9 errors, 4 warnings, 14 infos)`, `no problem`.
fn problems_said(tally: Tally, lang: Lang) -> String {
    let n = tally.errors + tally.warnings + tally.infos;
    if n == 0 {
        return lang.t("human.problems-none");
    }
    crate::i18n::Msg::new(if n == 1 {
        "human.problems-one"
    } else {
        "human.problems"
    })
    .arg("n", n)
    .arg(
        "errors",
        count(lang, tally.errors, "count.error.one", "count.error.many"),
    )
    .arg(
        "warnings",
        count(
            lang,
            tally.warnings,
            "count.warning.one",
            "count.warning.many",
        ),
    )
    .arg(
        "infos",
        count(lang, tally.infos, "count.info.one", "count.info.many"),
    )
    .render(lang)
}

/// What a problem adds to its lead finding: its other places, the cell most
/// likely wrong and why, a waiver, the baseline.
pub(crate) fn problem_lines(
    p: &crate::problems::Problem,
    findings: &[Finding],
    lang: Lang,
) -> Vec<String> {
    use crate::problems::Blame;
    let mut lines = Vec::new();
    let lead = findings.get(p.findings[0]);
    // The codes also found on the lead's cell, and the other places with theirs.
    let mut here: Vec<String> = Vec::new();
    let mut elsewhere: Vec<(String, Vec<String>)> = Vec::new();
    for f in p.findings.iter().skip(1).filter_map(|&i| findings.get(i)) {
        let code = f.code.to_string();
        if lead.is_some_and(|l| l.at == f.at) {
            if !here.contains(&code) {
                here.push(code);
            }
            continue;
        }
        let at = place(f, lang);
        match elsewhere.iter_mut().find(|(c, _)| *c == at) {
            Some((_, codes)) if !codes.contains(&code) => codes.push(code),
            Some(_) => {}
            None => elsewhere.push((at, vec![code])),
        }
    }
    let places: Vec<String> = elsewhere
        .iter()
        .map(|(at, codes)| format!("{at} ({})", codes.join(", ")))
        .collect();
    let (codes, places) = (here.join(", "), places.join(", "));
    let line = match (here.is_empty(), elsewhere.is_empty()) {
        (true, true) => None,
        (false, true) => Some(msg!("human.problem-here", id = p.id, codes = codes)),
        (true, false) => Some(msg!("human.problem-elsewhere", id = p.id, places = places)),
        (false, false) => Some(msg!(
            "human.problem-both",
            id = p.id,
            codes = codes,
            places = places
        )),
    };
    let others = !here.is_empty() || !elsewhere.is_empty();
    lines.extend(line.map(|l| l.render(lang)));
    match &p.blame {
        Blame::One { cell, reason } if lead.is_none_or(|f| f.at != *cell) || others => {
            lines.push(
                msg!(
                    "human.problem-blame",
                    cell = cell.to_string(),
                    reason = reason.render(lang)
                )
                .render(lang),
            );
        }
        // (One comparison already says that either figure may be the wrong one.)
        Blame::Tied { cells, reason } if p.findings.len() > 1 => {
            let cells: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
            lines.push(
                msg!(
                    "human.problem-candidates",
                    cells = cells.join(", "),
                    reason = reason.render(lang)
                )
                .render(lang),
            );
        }
        _ => {}
    }
    if let Some(w) = &p.waived {
        let line = match &w.until {
            Some(until) => msg!(
                "human.problem-waived-until",
                until = until.as_str(),
                reason = w.reason.as_str(),
                owner = w.owner.as_str()
            ),
            None => msg!(
                "human.problem-waived",
                reason = w.reason.as_str(),
                owner = w.owner.as_str()
            ),
        };
        lines.push(line.render(lang));
    }
    if p.baseline {
        lines.push(lang.t("human.problem-baseline"));
    }
    lines
}

/// A problem's line, indented two spaces and wrapped at `width` with its
/// following lines under its words.
fn wrapped(line: &str, width: usize) -> String {
    let mut out = String::new();
    let mut current = String::from("  ");
    for word in line.split(' ') {
        if !current.trim().is_empty() && current.chars().count() + 1 + word.chars().count() > width
        {
            out.push_str(current.trim_end());
            out.push('\n');
            current = String::from("    ");
        } else if !current.trim().is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    out.push_str(current.trim_end());
    out.push('\n');
    out
}

/// A finding's place: its cell, or its paragraph.
fn place(f: &Finding, lang: Lang) -> String {
    match f.at.location() {
        crate::workbook::Location::Paragraph(n) => msg!("human.paragraph", n = n).render(lang),
        crate::workbook::Location::Cell(at) => at.to_string(),
    }
}

/// The waivers that do not do what they say, one warning line each.
pub fn waiver_notes(notes: &[crate::problems::waivers::Note], lang: Lang) -> String {
    let mut out = String::new();
    for n in notes {
        let line = match &n.expired {
            Some(until) => msg!(
                "human.waiver-expired",
                file = n.path.as_str(),
                line = n.line,
                index = n.index,
                what = n.what.as_str(),
                until = until.as_str()
            ),
            None => msg!(
                "human.waiver-stale",
                file = n.path.as_str(),
                line = n.line,
                index = n.index,
                what = n.what.as_str()
            ),
        };
        out.push_str(&line.render(lang));
        out.push('\n');
    }
    out
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
    counts: &Counts,
    (unreadable, unwritable): (usize, usize),
    lang: Lang,
) {
    let tally = counts.tally;
    let problems = problems_said(tally, lang);
    let summary = msg!(
        "human.summary",
        files = count(lang, read, "count.file.one", "count.file.many"),
        problems = problems
    );
    out.push_str(&summary.render(lang));
    if counts.waived > 0 {
        out.push_str(&msg!("human.summary-waived", n = counts.waived).render(lang));
    }
    if counts.baseline > 0 {
        out.push_str(&msg!("human.summary-baseline", n = counts.baseline).render(lang));
    }
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
