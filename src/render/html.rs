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

/// Renders the page for the outcomes of a check, in `lang`.
pub fn render(outcomes: &[Outcome], lang: Lang) -> String {
    let page = Page::new(outcomes, lang);
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

/// A JSON decimal string (`12.99`) as the report writes it (`12,99`); other text as it is.
fn figure(value: &str) -> String {
    match value.parse::<rust_decimal::Decimal>() {
        Ok(d) => crate::number::format_id(d, d.scale()),
        Err(_) => value.to_string(),
    }
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
    fn new(outcomes: &'a [Outcome], lang: Lang) -> Self {
        let mut files = Vec::new();
        let mut next = 1;
        for (index, o) in outcomes.iter().enumerate() {
            let Ok(report) = o else { continue };
            let mut sheets = HashMap::new();
            let mut names: Vec<&str> = report.findings.iter().map(|f| &*f.at.sheet).collect();
            if let Some(d) = &report.drawn {
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
                        esc(&e.path.display().to_string()),
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
        let drawn: &[TableLayout] = r.drawn.as_ref().map_or(&[], |d| d.tables.as_slice());
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
        if let Some(d) = &r.drawn {
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
                            esc(&figure(f.expected.as_deref().unwrap_or("")))
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

    fn tables(&self, o: &mut String) {
        let _ = writeln!(
            o,
            "<section id=\"tables\"><h2>{}</h2>",
            self.t("html.tables")
        );
        o.push_str(&self.legend());
        for v in &self.files {
            let Some(d) = &v.report.drawn else { continue };
            if self.files.len() > 1 {
                let _ = writeln!(o, "<h3 class=\"path\">{}</h3>", esc(&v.report.path));
            }
            let mut claimed: HashSet<usize> = HashSet::new();
            let mut ided: HashSet<String> = HashSet::new();
            for (ti, t) in d.tables.iter().enumerate() {
                self.table(v, ti, t, &mut claimed, &mut ided, o);
            }
        }
        o.push_str("</section>\n");
    }

    /// Draws one table: caption, header rows with their merges, sheet row
    /// numbers and column letters, each cell's shown text, marks.
    fn table(
        &self,
        v: &FileView,
        ti: usize,
        t: &TableLayout,
        claimed: &mut HashSet<usize>,
        ided: &mut HashSet<String>,
        o: &mut String,
    ) {
        self.table_caption(v, ti, t, o);
        // Column letters, as the sheet shows them.
        o.push_str("<tr class=\"letters\"><th class=\"rn\"></th>");
        for c in t.left..=t.right() {
            let _ = write!(o, "<th>{}</th>", column_name(c));
        }
        o.push_str("</tr>\n");
        let first_body = t.top + t.header_rows;
        for r in t.top..=t.bottom() {
            if r == first_body {
                o.push_str("</thead>\n<tbody>\n");
            }
            let _ = write!(o, "<tr><th class=\"rn\">{}</th>", r + 1);
            for c in t.left..=t.right() {
                self.table_cell(v, t, (r, c), claimed, ided, o);
            }
            o.push_str("</tr>\n");
        }
        if first_body > t.bottom() {
            o.push_str("</thead>\n<tbody>\n");
        }
        o.push_str("</tbody></table></div>\n");
        for n in &t.notes {
            let _ = writeln!(o, "<p class=\"tnote\">{}</p>", esc(n));
        }
        o.push_str("</div>\n");
    }

    /// Opens a drawn table: its box, and its caption with the sheet and range it
    /// was drawn from.
    fn table_caption(&self, v: &FileView, ti: usize, t: &TableLayout, o: &mut String) {
        let where_ = Msg::new("html.where")
            .arg("sheet", t.sheet.as_str())
            .arg(
                "range",
                format!(
                    "{}:{}",
                    CellAddr::new(&t.sheet, t.top, t.left).a1(),
                    CellAddr::new(&t.sheet, t.bottom(), t.right()).a1()
                ),
            )
            .render(self.lang);
        let loose = if t.rule.is_empty() {
            format!(" <span class=\"note\">({})</span>", self.t("html.loose"))
        } else {
            String::new()
        };
        let _ = write!(
            o,
            "<div class=\"drawn{}\" id=\"t{}-{}\"><div class=\"scroll\"><table class=\"grid\"><caption><span class=\"cap\">{}</span>{}<br><span class=\"where\">{}</span></caption>\n<thead>",
            // A short table is printed whole on one page, with its caption.
            if t.cells.len() <= 30 { " keep" } else { "" },
            v.index,
            ti,
            esc(&t.caption),
            loose,
            esc(&where_)
        );
    }

    /// Draws the cell at (`r`, `c`) of a drawn table, spanning its merge, marked
    /// with the findings at the cells it covers that no cell drawn before claimed;
    /// a cell a merge covers is not drawn.
    fn table_cell(
        &self,
        v: &FileView,
        t: &TableLayout,
        (r, c): (u32, u32),
        claimed: &mut HashSet<usize>,
        ided: &mut HashSet<String>,
        o: &mut String,
    ) {
        let (rows, cols) = match t.merge_at(r, c) {
            Some((mr, mc, h, w)) if (mr, mc) == (r, c) => (h, w),
            Some(_) => return,
            None => (1, 1),
        };
        let text = &t.cells[(r - t.top) as usize][(c - t.left) as usize];
        let tag = if r < t.top + t.header_rows {
            "th"
        } else {
            "td"
        };
        let mut attrs = String::new();
        if rows > 1 {
            let _ = write!(attrs, " rowspan=\"{rows}\"");
        }
        if cols > 1 {
            let _ = write!(attrs, " colspan=\"{cols}\"");
        }
        // The findings at the cells this one covers, not shown elsewhere yet.
        let mut here: Vec<usize> = Vec::new();
        for rr in r..r + rows {
            for cc in c..c + cols {
                if let Some(ns) = v.at_cell.get(&(t.sheet.clone(), rr, cc)) {
                    here.extend(ns.iter().filter(|n| !claimed.contains(n)));
                }
            }
        }
        here.sort_unstable();
        let id = v.cell_id(&t.sheet, r, c);
        if v.targets.contains(&id) && ided.insert(id.clone()) {
            let _ = write!(attrs, " id=\"{id}\"");
        }
        let a1 = CellAddr::new(&t.sheet, r, c).a1();
        if here.is_empty() {
            let _ = write!(o, "<{tag}{attrs} title=\"{a1}\">{}</{tag}>", esc(text));
            return;
        }
        claimed.extend(here.iter().copied());
        let worst = here
            .iter()
            .map(|n| v.report.findings[n - v.first].severity)
            .min()
            .unwrap_or(Severity::Info);
        let numbers: Vec<String> = here.iter().map(usize::to_string).collect();
        let _ = write!(
            o,
            "<{tag}{attrs} class=\"m {}\" tabindex=\"0\" data-f=\"{}\" data-sheet=\"{}\" data-a1=\"{a1}\">{}<span class=\"mk\">{}<sup>{}</sup></span></{tag}>",
            sev_class(worst),
            numbers.join(" "),
            esc(&t.sheet),
            esc(text),
            symbol(worst),
            numbers.join(",")
        );
    }

    fn findings(&self, o: &mut String) {
        let total: usize = self.files.iter().map(|v| v.report.findings.len()).sum();
        let _ = writeln!(
            o,
            "<section id=\"findings\"><h2>{}</h2>",
            self.t("html.findings")
        );
        if total == 0 {
            let _ = writeln!(
                o,
                "<p class=\"ok\">\u{2713} {}</p>",
                self.t("html.no-findings")
            );
            o.push_str("</section>\n");
            return;
        }
        // Filters: severity, table, code.
        let mut tables: Vec<String> = Vec::new();
        let mut codes: Vec<&str> = Vec::new();
        for v in &self.files {
            for name in &v.table_names {
                if !tables.contains(name) {
                    tables.push(name.clone());
                }
            }
            for f in &v.report.findings {
                if !codes.contains(&f.code.as_str()) {
                    codes.push(f.code.as_str());
                }
            }
        }
        codes.sort_unstable();
        self.filters(o, &tables, &codes);
        // Problem by problem, worst first, each finding under its problem's
        // lead; a finding keeps its number (its mark on the tables).
        for v in &self.files {
            let n = v.report.findings.len();
            let mut order: Vec<usize> =
                v.problems.iter().flat_map(|p| p.findings.clone()).collect();
            order.retain(|&i| i < n);
            let mut listed = vec![false; n];
            for &i in &order {
                listed[i] = true;
            }
            order.extend((0..n).filter(|&i| !listed[i]));
            for i in order {
                let f = &v.report.findings[i];
                let table = tables.iter().position(|t| *t == f.table);
                self.finding(v, v.first + i, f, table, o);
            }
        }
        o.push_str("</ol>\n</section>\n");
    }

    /// The filters over the findings list (severity, table, code) and the
    /// count of those shown; opens the list.
    fn filters(&self, o: &mut String, tables: &[String], codes: &[&str]) {
        let _ = write!(
            o,
            "<form class=\"filters\" id=\"filters\"><label>{} <select id=\"f-sev\"><option value=\"\">{}</option>",
            self.t("html.filter-severity"),
            self.t("html.all")
        );
        for s in [Severity::Error, Severity::Warning, Severity::Info] {
            let _ = write!(
                o,
                "<option value=\"{}\">{} {}</option>",
                s.as_str(),
                symbol(s),
                esc(&severity_word(s, self.lang))
            );
        }
        let _ = write!(
            o,
            "</select></label> <label>{} <select id=\"f-table\"><option value=\"\">{}</option>",
            self.t("html.filter-table"),
            self.t("html.all")
        );
        for (i, name) in tables.iter().enumerate() {
            let _ = write!(o, "<option value=\"{i}\">{}</option>", esc(name));
        }
        let _ = write!(
            o,
            "</select></label> <label>{} <select id=\"f-code\"><option value=\"\">{}</option>",
            self.t("html.filter-code"),
            self.t("html.all")
        );
        for c in codes {
            // The code, and what it means in the reader's words.
            let summary = Code::from_name(c)
                .map(|code| code.explain(self.lang, "summary"))
                .unwrap_or_default();
            let _ = write!(
                o,
                "<option value=\"{c}\" title=\"{}\">{c} \u{2014} {}</option>",
                esc(&summary),
                esc(&short(&summary, 60))
            );
        }
        let template = Msg::new("html.shown")
            .arg("shown", "{shown}")
            .arg("total", "{total}")
            .render(self.lang);
        let _ = writeln!(
            o,
            "</select></label> <span id=\"f-count\" data-template=\"{}\"></span></form>\n<ol class=\"findings\">",
            esc(&template)
        );
    }

    /// One entry of the findings list: its head, where it is, its message, and
    /// what was found and expected, how it is computed and how to fix it.
    fn finding(&self, v: &FileView, n: usize, f: &Finding, table: Option<usize>, o: &mut String) {
        let (message, help, formula) = texts(f, self.lang);
        self.finding_head(v, n, f, table, o);
        self.finding_place(f, o);
        let _ = writeln!(o, "<p class=\"msg\">{}</p>", esc(&message));
        o.push_str("<dl>");
        if let Some(found) = &f.found {
            let _ = write!(
                o,
                "<dt>{}</dt><dd>{}</dd>",
                self.t("html.found"),
                esc(&figure(found))
            );
        }
        if let Some(expected) = &f.expected {
            let label = match f.expectation() {
                Expectation::Correct => self.t("html.expected"),
                Expectation::Suggested => self.t("html.suggested"),
                Expectation::Compared => self.t("html.compared"),
                Expectation::Likely => self.t("html.likely"),
            };
            let _ = write!(o, "<dt>{}</dt><dd>{}</dd>", label, esc(&figure(expected)));
        }
        self.finding_formula(v, f, formula.as_deref(), o);
        if let Some(line) = f.also_said() {
            let _ = write!(
                o,
                "<dt>{}</dt><dd>{}</dd>",
                self.t("html.also"),
                esc(&line.render(self.lang))
            );
        }
        self.finding_problem(v, n, o);
        self.finding_fix(f, &help, o);
        o.push_str("</dl></li>\n");
    }

    /// The problem a finding belongs to: on its lead, the other places and the
    /// cell most likely wrong; on another of its places, a link to the lead.
    fn finding_problem(&self, v: &FileView, n: usize, o: &mut String) {
        let i = n - v.first;
        let Some(p) = v.problem_of.get(i).and_then(|&k| v.problems.get(k)) else {
            return;
        };
        let lead = p.findings[0];
        let text = if lead == i {
            let lines = super::human::problem_lines(p, &v.report.findings, self.lang);
            if lines.is_empty() {
                return;
            }
            lines
                .iter()
                .map(|l| esc(l))
                .collect::<Vec<_>>()
                .join("<br>")
        } else {
            let link = format!("<a href=\"#f{0}\">{0}</a>", v.first + lead);
            Msg::new("html.part-of")
                .arg("id", p.id)
                .arg("lead", "{lead}")
                .render(self.lang)
                .split("{lead}")
                .map(esc)
                .collect::<Vec<_>>()
                .join(&link)
        };
        let _ = write!(o, "<dt>{}</dt><dd>{}</dd>", self.t("html.problem"), text);
    }

    /// Opens a finding's entry (its data for the filters and the operands to light
    /// up) and writes its head: number, severity, code, and a link to its cell.
    fn finding_head(
        &self,
        v: &FileView,
        n: usize,
        f: &Finding,
        table: Option<usize>,
        o: &mut String,
    ) {
        let inputs: Vec<String> = f
            .inputs
            .iter()
            .filter_map(|a| {
                v.cell_ids
                    .get(&key(a))
                    .filter(|_| a.file.is_none())
                    .cloned()
            })
            .collect();
        let _ = write!(
            o,
            "<li class=\"finding {}\" id=\"f{n}\" data-sev=\"{}\" data-table=\"{}\" data-code=\"{}\" data-in=\"{}\">",
            sev_class(f.severity),
            f.severity.as_str(),
            table.map(|t| t.to_string()).unwrap_or_default(),
            f.code.as_str(),
            inputs.join(" ")
        );
        let cell = if f.at.file.is_none() {
            match v.cell_ids.get(&key(&f.at)) {
                Some(id) => format!(
                    "<a class=\"cell\" href=\"#{id}\" title=\"{}\">{}</a>",
                    self.t("html.to-cell"),
                    esc(&f.at.qualified())
                ),
                None => esc(&f.at.qualified()),
            }
        } else {
            esc(&f.at.qualified())
        };
        let mut file = String::new();
        if self.files.len() > 1 {
            let _ = write!(file, " <span class=\"path\">{}</span>", esc(&v.report.path));
        }
        let _ = writeln!(
            o,
            "<div class=\"fhead\"><span class=\"fno\">{n}</span> <span class=\"badge {}\">{} {}</span> <code class=\"fcode\">{}</code> {}{}</div>",
            sev_class(f.severity),
            symbol(f.severity),
            esc(&severity_word(f.severity, self.lang)),
            f.code.as_str(),
            cell,
            file
        );
    }

    /// Where a finding is: the headings and sentence of a Word draft, or the
    /// table, row and column of a workbook; nothing when it is in no table.
    fn finding_place(&self, f: &Finding, o: &mut String) {
        if f.at.is_paragraph() {
            // A sentence of a Word draft: `table` is its headings, `row_label` the sentence.
            let place = crate::docx::texts::sentence_place(f);
            let _ = writeln!(
                o,
                "<div class=\"place\">{}</div>",
                esc(&place.render(self.lang))
            );
        } else if !f.table.is_empty() {
            let mut place = esc(&f.table);
            if !f.row_label.is_empty() {
                let _ = write!(
                    place,
                    " \u{2014} {}: {}",
                    self.t("html.row"),
                    esc(&f.row_label)
                );
            }
            if !f.column_label.is_empty() {
                let _ = write!(
                    place,
                    " \u{2014} {}: {}",
                    self.t("html.column"),
                    esc(&f.column_label)
                );
            }
            let _ = writeln!(o, "<div class=\"place\">{place}</div>");
        }
    }

    /// A finding's computation and its operands, each linked to its drawn cell;
    /// nothing when it has neither.
    fn finding_formula(&self, v: &FileView, f: &Finding, formula: Option<&str>, o: &mut String) {
        if formula.is_none() && f.inputs.is_empty() {
            return;
        }
        let _ = write!(o, "<dt>{}</dt><dd>", self.t("html.formula"));
        if let Some(formula) = formula {
            let _ = write!(o, "<span class=\"formula\">{}</span>", esc(formula));
        }
        if !f.inputs.is_empty() {
            let links: Vec<String> = f
                .inputs
                .iter()
                .map(|a| {
                    let shown = esc(&a.relative_to(&f.at.sheet));
                    match v.cell_ids.get(&key(a)).filter(|_| a.file.is_none()) {
                        Some(id) => format!("<a href=\"#{id}\">{shown}</a>"),
                        None => shown,
                    }
                })
                .collect();
            let _ = write!(
                o,
                "{}<span class=\"inputs\">{}: {}</span>",
                if formula.is_some() { "<br>" } else { "" },
                self.t("html.operands"),
                links.join(", ")
            );
        }
        o.push_str("</dd>");
    }

    /// How to fix a finding: the value to write, if any, and the help text;
    /// nothing when it has neither.
    fn finding_fix(&self, f: &Finding, help: &str, o: &mut String) {
        if f.fix.is_none() && help.is_empty() {
            return;
        }
        let _ = write!(o, "<dt>{}</dt><dd>", self.t("html.fix"));
        if let Some(fix) = f.fix {
            let _ = write!(
                o,
                "<strong>{}</strong> ",
                esc(&Msg::new(match f.expectation() {
                    Expectation::Correct => "html.fix-value",
                    _ => "html.fix-suggested",
                })
                .arg("value", crate::number::format_id(fix, fix.scale()))
                .render(self.lang))
            );
        }
        let _ = write!(o, "{}</dd>", esc(help));
    }
}

impl FileView<'_> {
    fn cell_id(&self, sheet: &str, row: u32, col: u32) -> String {
        let s = self.sheets.get(sheet).copied().unwrap_or(usize::MAX);
        format!("c{}-{}-{}{}", self.index, s, column_name(col), row + 1)
    }

    /// The id of the drawn cell that shows each cell a finding names (its cell,
    /// its operands, a headline figure): the first drawing of it; a merged
    /// range's cells all point to its first cell.
    fn assign_cells(&self) -> HashMap<Key, String> {
        let mut out = HashMap::new();
        let Some(d) = &self.report.drawn else {
            return out;
        };
        let mut wanted: Vec<&CellAddr> = Vec::new();
        for f in &self.report.findings {
            wanted.push(&f.at);
            wanted.extend(f.inputs.iter());
        }
        for h in &d.headlines {
            wanted.extend(h.figures.iter().map(|f| &f.at));
        }
        for a in wanted {
            if out.contains_key(&key(a)) {
                continue;
            }
            if let Some(t) = d.tables.iter().find(|t| t.contains(a)) {
                let (ar, ac) = t
                    .merge_at(a.row, a.col)
                    .map_or((a.row, a.col), |(mr, mc, _, _)| (mr, mc));
                out.insert(key(a), self.cell_id(&t.sheet, ar, ac));
            }
        }
        out
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

/// The page's styles: plain CSS that old browsers read; a print stylesheet for A4.
const STYLE: &str = r#"body { font-family: Arial, Helvetica, sans-serif; font-size: 14px; color: #111; margin: 0 auto; padding: 0 16px 40px; max-width: 1400px; }
h1 { font-size: 22px; margin: 16px 0 4px; } h2 { font-size: 19px; border-bottom: 2px solid #333; padding-bottom: 3px; margin-top: 28px; }
h3 { font-size: 16px; margin: 18px 0 6px; } h4 { font-size: 15px; margin: 14px 0 6px; }
.sub, .note, .where, .col, .tnote, .path { color: #444; font-size: 12px; }
[hidden] { display: none !important; }
a { color: #0645ad; }
table { border-collapse: collapse; }
table.list { margin: 6px 0 10px; } table.list caption { text-align: left; font-weight: bold; padding: 4px 0; }
table.list th, table.list td { border: 1px solid #999; padding: 3px 6px; vertical-align: top; text-align: left; }
table.list th { background: #eee; }
.num { text-align: right; white-space: nowrap; }
.scroll { overflow-x: auto; }
.drawn { margin: 18px 0 22px; }
table.grid caption { text-align: left; padding: 4px 0; caption-side: top; } table.grid .cap { font-weight: bold; font-size: 15px; }
table.grid th, table.grid td { border: 1px solid #888; padding: 2px 5px; vertical-align: top; white-space: pre-line; word-wrap: break-word; }
table.grid thead th { background: #e8edf3; font-weight: bold; text-align: center; vertical-align: middle; }
table.grid tr.letters th, table.grid th.rn { background: #f4f4f4; color: #666; font-weight: normal; font-size: 11px; text-align: center; }
table.grid th.rn { min-width: 2em; }
.m { position: relative; }
.m .mk { font-weight: bold; margin-left: 4px; white-space: nowrap; }
.m .mk sup { font-size: 9px; margin-left: 1px; }
td.m, th.m { cursor: pointer; }
.sev-error.m, td.sev-error, th.sev-error { background: #fde2e2; outline: 3px solid #b30000; outline-offset: -3px; }
.sev-warning.m, td.sev-warning, th.sev-warning { background: #fff1cc; outline: 3px dashed #a35f00; outline-offset: -3px; }
.sev-info.m, td.sev-info, th.sev-info { background: #e1ecfb; outline: 2px dotted #1d4f91; outline-offset: -2px; }
span.m { padding: 1px 5px; display: inline-block; }
.sev-error .mk, .badge.sev-error, .count.sev-error { color: #b30000; }
.sev-warning .mk, .badge.sev-warning, .count.sev-warning { color: #8a5000; }
.sev-info .mk, .badge.sev-info, .count.sev-info { color: #1d4f91; }
.count { font-weight: bold; margin-right: 10px; }
.operand, td.operand, th.operand { background: #d6f5d6 !important; outline: 3px double #146c14 !important; outline-offset: -3px; }
span.operand { padding: 1px 5px; display: inline-block; }
.ok { color: #146c14; font-weight: bold; }
.legend { font-size: 13px; }
.unreadable { color: #b30000; font-weight: bold; }
.filters { background: #f4f4f4; border: 1px solid #ccc; padding: 6px 8px; margin: 8px 0; }
.filters label { margin-right: 12px; }
ol.findings { list-style: none; padding: 0; }
li.finding { border: 1px solid #bbb; border-left-width: 6px; padding: 6px 10px; margin: 0 0 8px; page-break-inside: avoid; break-inside: avoid; }
li.finding.sev-error { border-left-color: #b30000; border-left-style: solid; }
li.finding.sev-warning { border-left-color: #a35f00; border-left-style: dashed; }
li.finding.sev-info { border-left-color: #1d4f91; border-left-style: dotted; }
li.finding.off { display: none; }
.fhead .fno { font-weight: bold; display: inline-block; min-width: 2em; }
.fhead .fno:after { content: "."; }
.badge { font-weight: bold; }
.fcode { font-size: 12px; background: #f0f0f0; padding: 0 3px; }
.place { font-size: 13px; color: #333; margin: 3px 0; }
.msg { margin: 4px 0; }
dl { margin: 4px 0; } dt { font-weight: bold; float: left; clear: left; min-width: 8em; } dd { margin: 0 0 2px 9em; }
dl:after { content: ""; display: block; clear: both; }
.formula { font-family: "Courier New", monospace; font-size: 13px; }
#popup { position: absolute; z-index: 10; background: #fff; border: 2px solid #333; box-shadow: 2px 3px 8px rgba(0,0,0,0.35); padding: 8px 30px 8px 10px; max-width: 560px; font-size: 13px; }
#popup li.finding, #popup .finding { margin: 0 0 6px; border-width: 1px; border-left-width: 5px; list-style: none; }
#popup-close { position: absolute; top: 2px; right: 4px; border: 0; background: none; font-size: 20px; cursor: pointer; }
@media print {
  @page { size: A4; margin: 12mm 10mm; }
  body { font-size: 10pt; max-width: none; padding: 0; }
  #popup, #selftest-result, .filters, #popup-close { display: none !important; }
  li.finding.off { display: block !important; }
  a { color: #000; text-decoration: none; }
  .scroll { overflow: visible; }
  table.grid { font-size: 8pt; width: 100%; }
  table.grid thead { display: table-header-group; }
  table.grid tr, table.list tr { page-break-inside: avoid; break-inside: avoid; }
  h2, h3, h4, caption { page-break-after: avoid; break-after: avoid; }
  .drawn { page-break-inside: auto; }
  .drawn.keep { page-break-inside: avoid; break-inside: avoid; }
  .sev-error.m, .sev-warning.m, .sev-info.m, .operand { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .operand { background: transparent !important; outline: none !important; }
}
"#;

/// The page's script: plain ES5 for old browsers. It only moves and clones nodes
/// the page already holds; it never turns text into markup.
const SCRIPT: &str = r#"(function () {
  var popup = document.getElementById('popup');
  var body = document.getElementById('popup-body');
  var current = null, pinned = false, lit = [];
  function has(e, c) { return (' ' + e.className + ' ').indexOf(' ' + c + ' ') >= 0; }
  function add(e, c) { if (!has(e, c)) { e.className += ' ' + c; } }
  function remove(e, c) { e.className = (' ' + e.className + ' ').replace(' ' + c + ' ', ' ').replace(/^\s+|\s+$/g, ''); }
  function unlight() { for (var i = 0; i < lit.length; i++) { remove(lit[i], 'operand'); } lit = []; }
  function hide() { popup.setAttribute('hidden', 'hidden'); unlight(); current = null; pinned = false; }
  function show(cell) {
    unlight();
    while (body.firstChild) { body.removeChild(body.firstChild); }
    var nums = cell.getAttribute('data-f').split(' ');
    for (var i = 0; i < nums.length; i++) {
      var li = document.getElementById('f' + nums[i]);
      if (!li) { continue; }
      var copy = li.cloneNode(true);
      copy.removeAttribute('id');
      remove(copy, 'off');
      var div = document.createElement('div');
      div.className = copy.className;
      while (copy.firstChild) { div.appendChild(copy.firstChild); }
      body.appendChild(div);
      var ins = (li.getAttribute('data-in') || '').split(' ');
      for (var j = 0; j < ins.length; j++) {
        var el = ins[j] ? document.getElementById(ins[j]) : null;
        if (el && el !== cell) { add(el, 'operand'); lit.push(el); }
      }
    }
    popup.removeAttribute('hidden');
    var r = cell.getBoundingClientRect();
    var sx = window.pageXOffset || document.documentElement.scrollLeft;
    var sy = window.pageYOffset || document.documentElement.scrollTop;
    var width = popup.offsetWidth;
    var left = r.left + sx;
    var room = (document.documentElement.clientWidth || 800) + sx - width - 8;
    if (left > room) { left = Math.max(sx + 4, room); }
    popup.style.left = left + 'px';
    popup.style.top = (r.bottom + sy + 4) + 'px';
    current = cell;
  }
  var cells = document.querySelectorAll('.m[data-f]');
  function bind(cell) {
    cell.onclick = function (e) {
      if (current === cell && pinned) { hide(); } else { show(cell); pinned = true; }
      if (e && e.stopPropagation) { e.stopPropagation(); }
    };
    cell.onmouseover = function () { if (!pinned && current !== cell) { show(cell); } };
    cell.onmouseout = function (e) {
      var to = e && (e.relatedTarget || e.toElement);
      if (!pinned && current === cell && !(to && (cell.contains(to) || popup.contains(to)))) { hide(); }
    };
    cell.onkeydown = function (e) {
      var k = e.keyCode || e.which;
      if (k === 13 || k === 32) { cell.onclick(e); if (e.preventDefault) { e.preventDefault(); } }
    };
  }
  for (var i = 0; i < cells.length; i++) { bind(cells[i]); }
  document.getElementById('popup-close').onclick = hide;
  popup.onclick = function (e) { if (e && e.stopPropagation) { e.stopPropagation(); } };
  document.onclick = function () { if (current) { hide(); } };
  document.onkeydown = function (e) { if ((e.keyCode || e.which) === 27 && current) { hide(); } };

  // Filters of the findings list.
  var sev = document.getElementById('f-sev'), table = document.getElementById('f-table'), code = document.getElementById('f-code');
  var count = document.getElementById('f-count');
  var items = document.querySelectorAll('li.finding');
  function apply() {
    var shown = 0;
    for (var i = 0; i < items.length; i++) {
      var li = items[i];
      var ok = (!sev.value || li.getAttribute('data-sev') === sev.value) &&
        (!table.value || li.getAttribute('data-table') === table.value) &&
        (!code.value || li.getAttribute('data-code') === code.value);
      if (ok) { remove(li, 'off'); shown++; } else { add(li, 'off'); }
    }
    count.textContent = count.getAttribute('data-template').replace('{shown}', shown).replace('{total}', items.length);
  }
  if (sev && table && code && count) {
    sev.onchange = apply; table.onchange = apply; code.onchange = apply;
    apply();
  }

  // Self-test for the browser test (#selftest): each marked cell clicked as a
  // user would, and what its popup showed written down.
  if (window.location.hash === '#selftest') {
    var out = [];
    for (var c = 0; c < cells.length; c++) {
      var cell = cells[c];
      hide();
      cell.click();
      var nos = body.querySelectorAll('.fno'), codes = body.querySelectorAll('.fcode'), shownNos = [], shownCodes = [];
      for (var n = 0; n < nos.length; n++) { shownNos.push(nos[n].textContent); }
      for (var m = 0; m < codes.length; m++) { shownCodes.push(codes[m].textContent); }
      out.push(cell.getAttribute('data-sheet') + '!' + cell.getAttribute('data-a1') + '\t' + shownNos.join(',') + '\t' + shownCodes.join(',') + '\t' + (popup.hasAttribute('hidden') ? 'hidden' : 'shown') + '\t' + lit.length);
    }
    if (cells.length) { hide(); cells[0].click(); }
    // The filters, each alone: how many findings each leaves shown.
    function visible() { var k = 0; for (var i = 0; i < items.length; i++) { if (!has(items[i], 'off')) { k++; } } return k; }
    function tryFilter(select, value, label) {
      if (!select) { return; }
      select.value = value; select.onchange();
      out.push('filter\t' + label + '\t' + visible());
      select.value = ''; select.onchange();
    }
    tryFilter(sev, 'warning', 'severity=warning');
    tryFilter(code, 'label-mismatch', 'code=label-mismatch');
    if (table && table.options.length > 1) {
      var last = table.options[table.options.length - 1];
      tryFilter(table, last.value, 'table=' + last.text);
    }
    var pre = document.getElementById('selftest-result');
    pre.textContent = out.join('\n');
    pre.removeAttribute('hidden');
  }
})();
"#;
