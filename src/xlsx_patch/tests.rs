//! The unit tests of `xlsx_patch`, compiled only under #[cfg(test)] (its mod.rs declares them so).

use super::*;

#[test]
fn shared_formulas_move_relative_references_only() {
    assert_eq!(shift_formula("A1*2", 1, 0), "A2*2");
    assert_eq!(shift_formula("$A$1+B$2+$C3", 2, 1), "$A$1+C$2+$C5");
    assert_eq!(shift_formula("SUM(F6:H6)/3", 3, 0), "SUM(F9:H9)/3");
    assert_eq!(shift_formula("LOG10(A1)", 1, 0), "LOG10(A2)");
    assert_eq!(
        shift_formula("'Tabel 3.7'!H12&\"A1\"", 1, 1),
        "'Tabel 3.7'!I13&\"A1\""
    );
    assert_eq!(
        shift_formula("SUM(A:A)+SUM(2:3)", 1, 1),
        "SUM(B:B)+SUM(3:4)"
    );
    assert_eq!(shift_formula("A1-1.5E+10", 0, 0), "A1-1.5E+10");
    assert_eq!(shift_formula("A1", -1, 0), "#REF!");
    assert_eq!(
        shift_formula("Table1[Col A1]+A1", 1, 0),
        "Table1[Col A1]+A2"
    );
}

/// Patches `xml` with `edits`, copying untouched rows or parsing them all.
fn patch(xml: &str, edits: &[(u32, u32, Decimal)], copy_untouched: bool) -> String {
    let pending: Vec<Pending> = edits
        .iter()
        .map(|(row, col, v)| Pending {
            row: *row,
            col: *col,
            edit: Merged {
                value: Some(NewValue::Number(*v)),
                ..Merged::new(Mark::Corrected)
            },
        })
        .collect();
    let mut alloc = StyleAlloc::new(10);
    let mut out = Vec::new();
    let mut p = SheetPatch::new(&mut out, &pending, &mut alloc, None);
    p.copy_untouched = copy_untouched;
    p.run(xml.as_bytes()).map_err(|f| format!("{f:?}")).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn untouched_rows_are_copied_as_parsing_would_write_them() {
    let head = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#;
    let tail =
        r#"</sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>"#;
    // Long enough to be read in several regions; rows of every kind.
    let mut rows = String::new();
    for r in 1..=30_000u32 {
        rows += &match r % 7 {
            0 => format!(
                r#"<row r="{r}"><c r="A{r}" s="1"><v>{r}</v></c><c r="B{r}" t="inlineStr"><is><t>x &amp; y</t></is></c></row>"#
            ),
            1 => format!(
                r#"<row r="{r}" spans="1:3"><c r="A{r}"><f>B{r}*2</f><v>4</v></c><c r="B{r}"><v>2</v></c></row>"#
            ),
            2 => format!(r#"<row r="{r}"/>"#),
            3 if r % 5 == 0 => format!(r#"<row><c><v>{r}</v></c></row>"#),
            // Comments and CDATA only near the ends: the regions between are cut.
            3 | 4 if (100..29_900).contains(&r) => {
                format!(r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"#)
            }
            3 => {
                format!(r#"<row r="{r}"><!-- a </row> note --><c r="A{r}"><v>1</v></c></row>"#)
            }
            4 => format!(
                r#"<row r="{r}"><c r="A{r}" t="inlineStr"><is><t><![CDATA[a</row>b]]></t></is></c></row>"#
            ),
            5 => format!("\n  <row r=\"{r}\">\n    <c r=\"C{r}\"><v>0.5</v></c>\n  </row>"),
            _ => format!(
                r#"<row r="{r}" ht="30" customHeight="1"><c r="A{r}" t="s"><v>0</v></c></row>"#
            ),
        };
    }
    let xml = format!("{head}{rows}{tail}");
    let edits = [
        (0, 0, Decimal::new(5, 0)),
        (6, 1, Decimal::new(125, 1)),
        // Rows 10 and 45 have no number: theirs follows the row before.
        (9, 1, Decimal::new(2, 0)),
        (44, 0, Decimal::new(3, 0)),
        (9_999, 3, Decimal::new(1, 0)),
        (20_000, 0, Decimal::new(7, 0)),
        (29_999, 2, Decimal::new(3, 0)),
        (40_000, 0, Decimal::new(9, 0)),
    ];
    let copied = patch(&xml, &edits, true);
    assert_eq!(copied, patch(&xml, &edits, false));
    assert!(
        copied.contains(r#"<c r="D10000""#),
        "the edit in an existing row"
    );
    assert!(
        copied.contains(r#"<row r="40001""#),
        "the row that did not exist"
    );
    // Without edits the sheet comes out as it went in, byte for byte.
    assert_eq!(patch(&xml, &[], true), xml);
}

#[test]
fn text_escapes_for_ooxml() {
    assert_eq!(escape_text("a<b & c>"), "a&lt;b &amp; c&gt;");
    assert_eq!(escape_text("x\u{1}y"), "x_x0001_y");
    assert_eq!(escape_text("_x0041_"), "_x005F_x0041_");
    assert_eq!(escape_text("a\r\nb"), "a_x000D_\nb");
}

#[test]
fn references_and_paths() {
    assert_eq!(a1(0, 0), "A1");
    assert_eq!(a1(11, 7), "H12");
    assert_eq!(a1(0, 16383), "XFD1");
    assert_eq!(parse_a1("$XFD$1048576"), Some((1_048_575, 16383)));
    assert_eq!(parse_a1("XFE1"), None);
    assert_eq!(
        resolve_target("xl/workbook.xml", "worksheets/sheet1.xml"),
        "xl/worksheets/sheet1.xml"
    );
    assert_eq!(
        resolve_target("xl/worksheets/sheet1.xml", "../comments1.xml"),
        "xl/comments1.xml"
    );
    assert_eq!(
        resolve_target("xl/workbook.xml", "/xl/styles.xml"),
        "xl/styles.xml"
    );
    assert_eq!(
        relative_target("xl/worksheets/sheet1.xml", "xl/drawings/vmlDrawing1.vml"),
        "../drawings/vmlDrawing1.vml"
    );
    assert_eq!(
        relative_target("xl/workbook.xml", "xl/worksheets/sheet3.xml"),
        "worksheets/sheet3.xml"
    );
    assert_eq!(
        rels_part_of("xl/worksheets/sheet1.xml"),
        "xl/worksheets/_rels/sheet1.xml.rels"
    );
    assert_eq!(number_text(&Decimal::new(12990, 3)), "12.99");
    assert_eq!(number_text(&Decimal::new(-0, 2)), "0");
}
