//! The tables as the user laid them out, every finding's cell marked.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::*;

impl Page<'_> {
    pub(super) fn tables(&self, o: &mut String) {
        let _ = writeln!(
            o,
            "<section id=\"tables\"><h2>{}</h2>",
            self.t("html.tables")
        );
        o.push_str(&self.legend());
        for v in &self.files {
            let Some(d) = v.drawn else { continue };
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
}

impl FileView<'_> {
    fn cell_id(&self, sheet: &str, row: u32, col: u32) -> String {
        let s = self.sheets.get(sheet).copied().unwrap_or(usize::MAX);
        format!("c{}-{}-{}{}", self.index, s, column_name(col), row + 1)
    }

    /// The id of the drawn cell that shows each cell a finding names (its cell,
    /// its operands, a headline figure): the first drawing of it; a merged
    /// range's cells all point to its first cell.
    pub(super) fn assign_cells(&self) -> HashMap<Key, String> {
        let mut out = HashMap::new();
        let Some(d) = self.drawn else {
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
