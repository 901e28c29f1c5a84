//! The evaluator's page: one self-contained HTML file (styles and script inlined,
//! nothing fetched) that opens from a USB stick on an office PC and prints to A4.
//!
//! It shows, per workbook, a summary (tables recognised, errors / warnings /
//! infos, the headline figures beside their recomputation), then each table as
//! the user laid it out with every finding's cell marked by severity (colour,
//! border style and a symbol, so marks survive black-and-white printing), then
//! the findings list, which can be filtered and whose entries link to their
//! cells. Clicking or hovering a marked cell shows its findings and lights up
//! their operand cells.
//!
//! Everything taken from a workbook goes through [`esc`]: a cell's text can never
//! become markup or script. The script only moves nodes the page already has
//! (it never builds markup from text), and holds no workbook data.
//!
//! The page's own words come from the `[html]` table of the message catalogues.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

use super::Outcome;
use crate::finding::{Code, Expectation, Finding, Severity, Tally};
use crate::i18n::{Lang, Msg};
use crate::layout::{Drawn, HeadlineKind, TableLayout};
use crate::workbook::{column_name, CellAddr};
use crate::FileReport;

mod assets;
mod findings;
mod layout;

use assets::{SCRIPT, STYLE};

/// Renders the page for the outcomes of a check, in `lang`: `drawn` holds each
/// outcome's tables as laid out (by index; none for a file not drawn).
pub fn render(outcomes: &[Outcome], drawn: &[Option<Drawn>], lang: Lang) -> String {
    let page = Page::new(outcomes, drawn, lang);
    page.html()
}

/// The finding's own texts in the reader's language: what is wrong, what to do,
/// and the computation. The one place that reads them from a `Finding`.
fn texts(f: &Finding, lang: Lang) -> (String, String, Option<String>) {
    (
        // A message follows its cell in the terminal (`C7: values in ...`); here it
        // stands alone, as a sentence.
        sentence(&f.message.render(lang)),
        f.help.render(lang),
        f.formula.as_ref().map(|m| m.render(lang)),
    )
}

/// At most `n` characters of a text, with an ellipsis when cut.
fn short(text: &str, n: usize) -> String {
    if text.chars().count() <= n {
        return text.to_string();
    }
    let cut: String = text.chars().take(n - 1).collect();
    format!("{}\u{2026}", cut.trim_end())
}

/// The text with its first letter capitalised.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Escapes text for an HTML element or a quoted attribute.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

/// The symbol of a severity: a mark that reads without colour.
fn symbol(s: Severity) -> &'static str {
    match s {
        Severity::Error => "\u{2716}",   // ✖
        Severity::Warning => "\u{25B2}", // ▲
        Severity::Info => "\u{25CF}",    // ●
    }
}

fn severity_word(s: Severity, lang: Lang) -> String {
    match s {
        Severity::Error => lang.t("html.error"),
        Severity::Warning => lang.t("html.warning"),
        Severity::Info => lang.t("html.info"),
    }
}

/// A finding's value as the report writes it (`12,99`); a text as it is.
fn figure(value: &crate::finding::Value) -> String {
    value.shown()
}

/// Codes whose `expected` is a recomputation of the figure at the finding's cell.
fn recomputes(code: Code) -> bool {
    matches!(
        code,
        Code::PercentMismatch
            | Code::IndexMismatch
            | Code::EfficiencyMismatch
            | Code::EfficiencyVariant
            | Code::Rounding
            | Code::AverageMismatch
    )
}

/// Key of a cell within one workbook.
type Key = (String, u32, u32);

fn key(at: &CellAddr) -> Key {
    (at.sheet.to_string(), at.row, at.col)
}

/// One workbook's findings, numbered across the page.
struct FileView<'a> {
    index: usize,
    report: &'a FileReport,
    /// Its tables as laid out, where the file was drawn.
    drawn: Option<&'a Drawn>,
    /// The page-wide number of the report's first finding (1-based).
    first: usize,
    /// Sheet name -> its index, for element ids.
    sheets: HashMap<&'a str, usize>,
    /// Each finding's cell -> the id of the drawn cell showing it.
    cell_ids: HashMap<Key, String>,
    /// The ids of `cell_ids`, which drawn cells carry.
    targets: HashSet<String>,
    /// The page numbers of the findings at each cell of this workbook.
    at_cell: HashMap<Key, Vec<usize>>,
    /// Each drawn table's caption, numbered for the table filter.
    table_names: Vec<String>,
    /// The findings grouped into problems, and each finding's problem (index
    /// into `problems`).
    problems: Vec<crate::problems::Problem>,
    problem_of: Vec<usize>,
}

struct Page<'a> {
    outcomes: &'a [Outcome],
    lang: Lang,
    files: Vec<FileView<'a>>,
}

impl<'a> Page<'a> {
    fn new(outcomes: &'a [Outcome], drawings: &'a [Option<Drawn>], lang: Lang) -> Self {
        let mut files = Vec::new();
        let mut next = 1;
        for (index, o) in outcomes.iter().enumerate() {
            let Ok(report) = o else { continue };
            let drawn = drawings.get(index).and_then(Option::as_ref);
            let mut sheets = HashMap::new();
            let mut names: Vec<&str> = report.findings.iter().map(|f| &*f.at.sheet).collect();
            if let Some(d) = drawn {
                names.extend(d.tables.iter().map(|t| t.sheet.as_str()));
            }
            for n in names {
                let i = sheets.len();
                sheets.entry(n).or_insert(i);
            }
            let mut table_names: Vec<String> = Vec::new();
            for f in &report.findings {
                if !f.table.is_empty() && !table_names.contains(&f.table) {
                    table_names.push(f.table.clone());
                }
            }
            let problems = crate::problems::of(report).into_owned();
            let mut problem_of = vec![0; report.findings.len()];
            for (k, p) in problems.iter().enumerate() {
                for &i in &p.findings {
                    if let Some(slot) = problem_of.get_mut(i) {
                        *slot = k;
                    }
                }
            }
            let mut view = FileView {
                index,
                report,
                drawn,
                first: next,
                sheets,
                cell_ids: HashMap::new(),
                targets: HashSet::new(),
                at_cell: HashMap::new(),
                table_names,
                problems,
                problem_of,
            };
            for (i, f) in report.findings.iter().enumerate() {
                if f.at.file.is_none() {
                    view.at_cell.entry(key(&f.at)).or_default().push(next + i);
                }
            }
            view.cell_ids = view.assign_cells();
            view.targets = view.cell_ids.values().cloned().collect();
            next += report.findings.len();
            files.push(view);
        }
        Page {
            outcomes,
            lang,
            files,
        }
    }

    fn t(&self, key: &'static str) -> String {
        esc(&self.lang.t(key))
    }

    fn html(&self) -> String {
        let mut o = String::with_capacity(64 * 1024);
        let _ = writeln!(
            o,
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n<title>{}</title>\n<style>\n{}</style>\n</head>\n<body>",
            esc(self.lang.code()),
            self.t("html.title"),
            STYLE
        );
        let _ = writeln!(
            o,
            "<header><h1>{}</h1><p class=\"sub\">{}</p></header>",
            self.t("html.title"),
            self.t("html.made-by")
        );
        self.summary(&mut o);
        self.tables(&mut o);
        self.findings(&mut o);
        let _ = writeln!(
            o,
            "<div id=\"popup\" role=\"dialog\" hidden><button type=\"button\" id=\"popup-close\" aria-label=\"{0}\" title=\"{0}\">\u{00D7}</button><div id=\"popup-body\"></div></div>\n<pre id=\"selftest-result\" hidden></pre>\n<script>\n{1}</script>\n</body>\n</html>",
            self.t("html.close"),
            SCRIPT
        );
        o
    }

    fn legend(&self) -> String {
        format!(
            "<p class=\"legend\"><span class=\"m sev-error\">{} {}</span> <span class=\"m sev-warning\">{} {}</span> <span class=\"m sev-info\">{} {}</span> <span class=\"operand\">{}</span> {}</p>\n",
            symbol(Severity::Error),
            esc(&severity_word(Severity::Error, self.lang)),
            symbol(Severity::Warning),
            esc(&severity_word(Severity::Warning, self.lang)),
            symbol(Severity::Info),
            esc(&severity_word(Severity::Info, self.lang)),
            self.t("html.operand"),
            self.t("html.legend"),
        )
    }

    fn summary(&self, o: &mut String) {
        let _ = writeln!(
            o,
            "<section id=\"summary\"><h2>{}</h2>",
            self.t("html.summary")
        );
        let mut files = self.files.iter().peekable();
        for outcome in self.outcomes.iter().enumerate() {
            match outcome {
                (_, Err(e)) => {
                    let _ = writeln!(
                        o,
                        "<div class=\"file\"><h3>{}</h3><p class=\"unreadable\">{} {}</p></div>",
                        esc(&e.path().display().to_string()),
                        symbol(Severity::Error),
                        esc(&e.to_string())
                    );
                }
                (i, Ok(_)) => {
                    let Some(v) = files.next_if(|v| v.index == i) else {
                        continue;
                    };
                    self.file_summary(v, o);
                }
            }
        }
        o.push_str("</section>\n");
    }

    fn file_summary(&self, v: &FileView, o: &mut String) {
        let r = v.report;
        let tally: Tally = r.tally();
        let _ = writeln!(o, "<div class=\"file\"><h3>{}</h3>", esc(&r.path));
        let _ = writeln!(
            o,
            "<p class=\"counts\"><span class=\"count sev-error\">{} {} {}</span> <span class=\"count sev-warning\">{} {} {}</span> <span class=\"count sev-info\">{} {} {}</span></p>",
            symbol(Severity::Error),
            tally.errors,
            self.t("html.errors"),
            symbol(Severity::Warning),
            tally.warnings,
            self.t("html.warnings"),
            symbol(Severity::Info),
            tally.infos,
            self.t("html.infos"),
        );
        if let Some(fixed) = &r.fixed {
            let _ = writeln!(
                o,
                "<p>{}</p>",
                esc(&Msg::new("html.fixed")
                    .arg("path", fixed.output.as_str())
                    .arg("n", fixed.changes.len())
                    .render(self.lang))
            );
        }
        for h in &r.hidden_sheets {
            let _ = writeln!(
                o,
                "<p>{}</p>",
                esc(&Msg::new("html.hidden-sheet")
                    .arg("sheet", h.as_str())
                    .render(self.lang))
            );
        }
        // The tables recognised, each with its findings, linking to its drawing.
        let drawn: &[TableLayout] = v.drawn.map_or(&[], |d| d.tables.as_slice());
        if r.tables.is_empty() {
            let _ = writeln!(o, "<p>{}</p>", self.t("html.no-tables"));
        } else {
            let _ = writeln!(
                o,
                "<table class=\"list\"><caption>{}</caption><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
                esc(&Msg::new("html.tables-recognised").arg("n", r.tables.len()).render(self.lang)),
                self.t("html.table"),
                self.t("html.sheet"),
                self.t("html.range"),
                self.t("html.figures-recomputed"),
                self.t("html.findings"),
            );
            for (ti, t) in r.tables.iter().enumerate() {
                let mut count = Tally::default();
                if let Some(d) = drawn.get(ti) {
                    for f in &r.findings {
                        if d.contains(&f.at) {
                            count.add(f.severity);
                        }
                    }
                }
                let name = if drawn.get(ti).is_some() {
                    format!("<a href=\"#t{}-{}\">{}</a>", v.index, ti, esc(&t.name))
                } else {
                    esc(&t.name)
                };
                // What was checked in it: the figures recomputed, how many agree.
                let checked = match t.recomputed.figures {
                    0 => "–".to_string(),
                    n => Msg::new("html.recomputed-count")
                        .arg("n", n)
                        .arg("agree", t.recomputed.agree)
                        .render(self.lang),
                };
                let _ = writeln!(
                    o,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                    name,
                    esc(&t.sheet),
                    esc(&t.range),
                    esc(&checked),
                    tally_marks(count)
                );
            }
            o.push_str("</tbody></table>\n");
        }
        if let Some(d) = v.drawn {
            self.headlines(v, d, o);
        }
        o.push_str("</div>\n");
    }

    /// The headline figures: each stated figure beside its recomputation.
    fn headlines(&self, v: &FileView, d: &Drawn, o: &mut String) {
        let _ = writeln!(o, "<h4>{}</h4>", self.t("html.headline"));
        if d.headlines.is_empty() {
            let _ = writeln!(o, "<p>{}</p>", self.t("html.no-headline"));
            return;
        }
        let _ = writeln!(
            o,
            "<p class=\"note\">{}</p>\n<table class=\"list headline\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            self.t("html.headline-note"),
            self.t("html.kind"),
            self.t("html.table"),
            self.t("html.row"),
            self.t("html.stated"),
            self.t("html.recomputed"),
            self.t("html.cell"),
        );
        let mut by_cell: HashMap<Key, Vec<&Finding>> = HashMap::new();
        for f in &v.report.findings {
            by_cell.entry(key(&f.at)).or_default().push(f);
        }
        let mut groups = d.headlines.clone();
        groups.sort_by_key(|h| h.kind);
        for h in &groups {
            let kind = match h.kind {
                HeadlineKind::Capaian => self.t("html.kind-capaian"),
                HeadlineKind::Serapan => self.t("html.kind-serapan"),
                HeadlineKind::Ikm => self.t("html.kind-ikm"),
                HeadlineKind::Efisiensi => self.t("html.kind-efisiensi"),
            };
            // A long column (a capaian per kegiatan) shows its total and the
            // figures with a finding; the rest are counted.
            let long = h.figures.len() > 6;
            let mut hidden = 0usize;
            for fig in &h.figures {
                let here = by_cell.get(&key(&fig.at)).map_or(&[][..], Vec::as_slice);
                if long && !fig.total && here.is_empty() {
                    hidden += 1;
                    continue;
                }
                let recomputed = here
                    .iter()
                    .find(|f| recomputes(f.code) && f.expected.is_some())
                    .map(|f| {
                        format!(
                            "<span class=\"m {}\">{} {}</span>",
                            sev_class(f.severity),
                            symbol(f.severity),
                            esc(&f.expected.as_ref().map(figure).unwrap_or_default())
                        )
                    })
                    .unwrap_or_else(|| {
                        let ok = format!(
                            "<span class=\"ok\">\u{2713} {}</span>",
                            self.t("html.agrees")
                        );
                        // The recomputation agrees, but the cell has other findings
                        // (the same figure stated otherwise elsewhere): say so.
                        match here.iter().map(|f| f.severity).min() {
                            None => ok,
                            Some(worst) => format!(
                                "{ok}<br><span class=\"m {}\">{} {}</span>",
                                sev_class(worst),
                                symbol(worst),
                                esc(&Msg::new("html.other-findings")
                                    .arg("n", here.len())
                                    .render(self.lang))
                            ),
                        }
                    });
                let cell = match v.cell_ids.get(&key(&fig.at)) {
                    Some(id) => format!("<a href=\"#{id}\">{}</a>", esc(&fig.at.qualified())),
                    None => esc(&fig.at.qualified()),
                };
                let _ = writeln!(
                    o,
                    "<tr><td>{}</td><td>{}<br><span class=\"col\">{}</span></td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                    kind,
                    esc(&h.table),
                    esc(&h.column),
                    esc(&fig.row_label),
                    esc(&fig.stated),
                    recomputed,
                    cell
                );
            }
            if hidden > 0 {
                let _ = writeln!(
                    o,
                    "<tr><td>{}</td><td>{}<br><span class=\"col\">{}</span></td><td colspan=\"4\"><span class=\"ok\">\u{2713}</span> {}</td></tr>",
                    kind,
                    esc(&h.table),
                    esc(&h.column),
                    esc(&Msg::new("html.more-agree").arg("n", hidden).render(self.lang))
                );
            }
        }
        o.push_str("</tbody></table>\n");
    }
}

fn sev_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "sev-error",
        Severity::Warning => "sev-warning",
        Severity::Info => "sev-info",
    }
}

fn tally_marks(t: Tally) -> String {
    let mut parts = Vec::new();
    let counts: BTreeMap<Severity, usize> = [
        (Severity::Error, t.errors),
        (Severity::Warning, t.warnings),
        (Severity::Info, t.infos),
    ]
    .into_iter()
    .collect();
    for (s, n) in counts {
        if n > 0 {
            parts.push(format!(
                "<span class=\"count {}\">{} {n}</span>",
                sev_class(s),
                symbol(s)
            ));
        }
    }
    if parts.is_empty() {
        "<span class=\"ok\">\u{2713}</span>".to_string()
    } else {
        parts.join(" ")
    }
}
