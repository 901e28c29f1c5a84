//! The findings list: problem by problem, filtered by severity, table and code,
//! each entry linking to its cell.

use std::fmt::Write as _;

use super::*;

impl Page<'_> {
    pub(super) fn findings(&self, o: &mut String) {
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
                esc(&found.shown_beside(f.expected.as_ref()))
            );
        }
        if let Some(expected) = &f.expected {
            let label = match f.expectation() {
                Expectation::Correct => self.t("html.expected"),
                Expectation::Suggested => self.t("html.suggested"),
                Expectation::Compared => self.t("html.compared"),
                Expectation::Likely => self.t("html.likely"),
            };
            let _ = write!(
                o,
                "<dt>{}</dt><dd>{}</dd>",
                label,
                esc(&expected.shown_beside(f.found.as_ref()))
            );
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
            let lines = crate::render::human::problem_lines(p, &v.report.findings, self.lang);
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
