//! The findings sheet added to the corrected copy.

use super::*;

pub(super) const FINDINGS_WIDTH_CAP: [usize; 8] = [30, 12, 30, 10, 40, 40, 12, 100];

pub(super) fn inline_cell(r: &str, style: u32, text: &str) -> String {
    format!(
        "<c r=\"{r}\" s=\"{style}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
        escape_text(text)
    )
}

pub(super) fn findings_sheet_xml(
    findings: &[FindingRow],
    st: FindingStyles,
    words: &FindingsSheet,
) -> String {
    let mut widths: Vec<usize> = words.header.iter().map(|h| h.chars().count()).collect();
    let mut rows = String::new();
    let mut links = String::new();
    rows.push_str("<row r=\"1\">");
    for (c, h) in words.header.iter().enumerate() {
        rows.push_str(&inline_cell(&a1(0, c as u32), st.header, h));
    }
    rows.push_str("</row>");
    for (i, f) in findings.iter().enumerate() {
        let r0 = i as u32 + 1;
        let cell = parse_a1(&f.cell);
        let cell_text = match cell {
            Some((r, c)) => a1(r, c),
            None => f.cell.clone(),
        };
        let values: [&str; 8] = [
            &f.code,
            &f.severity,
            &f.sheet,
            &cell_text,
            &f.found,
            &f.expected,
            if f.corrected { &words.yes } else { &words.no },
            &f.message,
        ];
        rows.push_str(&format!("<row r=\"{}\">", r0 + 1));
        for (c, v) in values.iter().enumerate() {
            let longest = v.lines().map(|l| l.chars().count()).max().unwrap_or(0);
            widths[c] = widths[c].max(longest);
            if v.is_empty() {
                continue;
            }
            let style = if c == 3 && cell.is_some() {
                st.link
            } else {
                st.body
            };
            rows.push_str(&inline_cell(&a1(r0, c as u32), style, v));
        }
        rows.push_str("</row>");
        if cell.is_some() && !f.sheet.is_empty() {
            links.push_str(&format!(
                "<hyperlink ref=\"{}\" location=\"{}\" display=\"{}\"/>",
                a1(r0, 3),
                escape_attr(&sheet_ref(&f.sheet, &cell_text)),
                escape_attr(&cell_text)
            ));
        }
    }
    let last = findings.len() as u32;
    let range = format!("A1:{}", a1(last, 7));
    let mut cols = String::from("<cols>");
    for (c, w) in widths.iter().enumerate() {
        let width = (w + 2).clamp(8, FINDINGS_WIDTH_CAP[c].max(8));
        cols.push_str(&format!(
            "<col min=\"{0}\" max=\"{0}\" width=\"{width}\" customWidth=\"1\"/>",
            c + 1
        ));
    }
    cols.push_str("</cols>");
    let hyperlinks = if links.is_empty() {
        String::new()
    } else {
        format!("<hyperlinks>{links}</hyperlinks>")
    };
    format!(
        "{XML_DECL}<worksheet xmlns=\"{MAIN_NS}\" xmlns:r=\"{REL_NS}\"><dimension ref=\"{range}\"/><sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/><selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>{cols}<sheetData>{rows}</sheetData><autoFilter ref=\"{range}\"/>{hyperlinks}<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/></worksheet>"
    )
}
