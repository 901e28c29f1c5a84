//! The Office Open XML layer the readers and writers share: A1 addresses, XML
//! escaping and element attributes, package relationships. The `.xlsx` patcher,
//! the workbook rewriter and the Word draft's fix all go through it.

pub mod a1;
pub mod rels;
pub mod xml;

#[cfg(test)]
mod tests {
    use super::a1::{a1, column_name, parse_a1, parse_range};
    use super::rels::{parse_rels, relative_target, rels_part_of, resolve_target};
    use super::xml::{escape_attr, escape_text, escape_word_text};

    #[test]
    fn addresses_read_back_what_they_write() {
        for (r, c) in [(0, 0), (11, 1), (9, 25), (0, 26), (1_048_575, 16_383)] {
            assert_eq!(parse_a1(&a1(r, c)), Some((r, c)));
        }
        assert_eq!(column_name(u32::MAX), "MWLQKWV");
        assert_eq!(parse_a1("$B$12"), Some((11, 1)));
        assert_eq!(parse_a1("XFE1"), None);
        assert_eq!(parse_a1("A0"), None);
        assert_eq!(parse_range("D4:B2"), Some((1, 1, 3, 3)));
    }

    #[test]
    fn each_kind_of_text_is_escaped_its_own_way() {
        let s = "a<b & \"c\"\u{1}_x0041_\td";
        assert_eq!(escape_text(s), "a&lt;b &amp; \"c\"_x0001__x005F_x0041_\td");
        assert_eq!(escape_attr(s), "a&lt;b &amp; &quot;c&quot;_x0041_&#9;d");
        assert_eq!(escape_word_text(s), "a&lt;b &amp; &quot;c&quot;_x0041_\td");
    }

    #[test]
    fn relationships_resolve_to_entries_and_back() {
        let xml = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="t/comments" Target="../comments%201.xml"/><Relationship Id="rId2" Type="t/link" Target="http://x" TargetMode="External"/></Relationships>"#;
        let rels = parse_rels(xml).expect("rels read");
        assert_eq!((rels[0].id.as_str(), rels[1].external), ("rId1", true));
        assert_eq!(
            resolve_target("xl/worksheets/sheet1.xml", &rels[0].target),
            "xl/comments 1.xml"
        );
        assert_eq!(
            rels_part_of("xl/worksheets/sheet1.xml"),
            "xl/worksheets/_rels/sheet1.xml.rels"
        );
        assert_eq!(
            relative_target("xl/worksheets/sheet1.xml", "xl/comments1.xml"),
            "../comments1.xml"
        );
        assert!(parse_rels("<Relationships><Relationship Id=\"a></Relationships>").is_err());
    }
}
