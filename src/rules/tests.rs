//! The unit tests of `rules`, compiled only under #[cfg(test)] (its mod.rs declares them so).

use super::*;

fn add(text: &str) -> Result<Rules, RuleError> {
    let mut r = Rules::default();
    r.add_file("test.toml", text)?;
    Ok(r)
}

#[test]
fn built_in_rules_load() {
    let rules = Rules::built_in().expect("built-in rules are valid");
    assert!(rules.table("realisasi-anggaran").is_some());
    assert!(!rules.negative.is_empty());
}

#[test]
fn unknown_key_names_file_line_and_key() {
    let err =
        add("id = \"x\"\n[[column]]\nkey = \"a\"\nheader = [\"A\"]\ncolour = 1\n").unwrap_err();
    assert_eq!(err.file, "test.toml");
    assert_eq!(err.line, 5);
    assert!(err.message.contains("colour"), "{err}");
}

#[test]
fn bad_pattern_names_its_line() {
    let err = add("id = \"x\"\n[[column]]\nkey = \"a\"\nheader = [\"regex:(\"]\n").unwrap_err();
    assert_eq!((err.line, err.key.as_str()), (4, "header"));
}

#[test]
fn relation_over_missing_column_is_refused() {
    let text = "id = \"x\"\n[[column]]\nkey = \"a\"\nheader = [\"A\"]\n[[row]]\nkind = \"r\"\n[[check]]\ntype = \"ratio\"\ncell = \"a\"\npart = \"b\"\nwhole = \"a\"\n";
    let err = add(text).unwrap_err();
    assert_eq!((err.line, err.key.as_str()), (10, "part"));
    assert!(err.message.contains("no column `b`"), "{err}");
}

#[test]
fn key_of_another_check_type_is_refused() {
    let text = "id = \"x\"\n[[column]]\nkey = \"a\"\nheader = [\"A\"]\n[[row]]\nkind = \"total\"\n[[check]]\ntype = \"sum\"\ncolumns = [\"a\"]\ntotal = \"total\"\ncell = \"a\"\n";
    let err = add(text).unwrap_err();
    assert_eq!(err.key, "cell");
}

#[test]
fn link_to_unknown_rule_is_refused() {
    let mut r = Rules::default();
    r.add_file("t.toml", "id = \"x\"\n[[column]]\nkey = \"a\"\nheader = [\"A\"]\n[[row]]\nkind = \"program\"\n[[link]]\nwith = \"nope\"\nrows = [\"program\"]\ncompare = [[\"a\", \"a\"]]\n").unwrap();
    let err = r.validate_links().unwrap_err();
    assert!(err.message.contains("nope"), "{err}");
}

#[test]
fn check_over_an_undefined_row_kind_is_refused() {
    let text = "id = \"x\"\n[[column]]\nkey = \"a\"\nheader = [\"A\"]\n[[row]]\nkind = \"average\"\n[[check]]\ntype = \"average\"\ncolumn = \"a\"\nrow = \"averag\"\n";
    let err = add(text).unwrap_err();
    assert_eq!(err.line, 8);
    assert!(err.message.contains("`averag`"), "{err}");
}

#[test]
fn rule_without_rows_is_refused() {
    let err = add("id = \"x\"\n[[column]]\nkey = \"a\"\nheader = [\"A\"]\n").unwrap_err();
    assert_eq!(err.key, "row");
}

#[test]
fn unknown_check_type_lists_every_kind() {
    let text = "id = \"x\"\n[[column]]\nkey = \"a\"\nheader = [\"A\"]\n[[row]]\nkind = \"r\"\n[[check]]\ntype = \"ratoi\"\n";
    let err = add(text).unwrap_err();
    assert_eq!((err.line, err.key.as_str()), (8, "type"));
    assert_eq!(err.message, "unknown check type `ratoi`; use ratio, capaian, sum, average, efficiency, equal, range, repeat, index, quarters, scale, category, recap, hierarchy, tree, add, kke, at_most or mean");
}

#[test]
fn a_key_is_checked_against_its_own_kind_only() {
    // `by` belongs to tree, not to add: the same key is accepted by one and refused by the other.
    let head = "id = \"x\"\n[[column]]\nkey = \"a\"\nheader = [\"A\"]\n[[column]]\nkey = \"k\"\nheader = [\"K\"]\n[[row]]\nkind = \"r\"\n[[check]]\n";
    assert!(add(&format!(
        "{head}type = \"tree\"\nby = \"k\"\ncolumns = [\"a\"]\n"
    ))
    .is_ok());
    let err = add(&format!(
        "{head}type = \"add\"\nby = \"k\"\ncell = \"a\"\ncolumns = [\"a\"]\n"
    ))
    .unwrap_err();
    assert_eq!(err.key, "by");
    assert!(
        err.message
            .contains("`add` check: unknown field `by`, expected one of `cell`, `columns`, `less`"),
        "{err}"
    );
    assert_eq!(err.line, 12, "the line of the key itself");
}

#[test]
fn a_check_type_that_is_not_a_word_is_refused_as_such() {
    let head =
        "id = \"x\"\n[[column]]\nkey = \"a\"\nheader = [\"A\"]\n[[row]]\nkind = \"r\"\n[[check]]\n";
    let err = add(&format!("{head}type = 5\n")).unwrap_err();
    assert_eq!((err.line, err.key.as_str()), (8, "type"));
    assert!(err.message.contains("in quotes"), "{err}");
    let err = add(&format!("{head}cell = \"a\"\n")).unwrap_err();
    assert_eq!((err.line, err.key.as_str()), (7, "type"));
}
