//! Every user-facing text of the Word-draft audit, in one place: the findings'
//! messages and the reasons a draft cannot be read, as catalogue keys (`[docx]` in
//! `lang/*.toml`), and the texts that are the same in every language.

use crate::i18n::{Lang, Msg};
use crate::msg;

// Why a draft cannot be read: `load.cannot-read` puts the file before them.

pub fn cannot_open(e: &std::io::Error) -> Msg {
    msg!("docx.cannot-open", error = e.to_string())
}

pub fn empty_file() -> Msg {
    msg!("docx.empty")
}

pub fn encrypted_or_doc() -> Msg {
    msg!("docx.encrypted")
}

pub fn damaged_zip() -> Msg {
    msg!("docx.damaged-zip")
}

pub fn workbook_named_docx() -> Msg {
    msg!("docx.workbook-named-docx")
}

pub fn not_a_docx() -> Msg {
    msg!("docx.not-a-docx")
}

pub fn no_document_part() -> Msg {
    msg!("docx.no-document")
}

pub fn part_too_large(name: &str, limit: u64) -> Msg {
    msg!(
        "docx.part-too-large",
        part = name,
        mb = (limit >> 20).to_string()
    )
}

pub fn damaged_part(name: &str) -> Msg {
    msg!("docx.damaged-part", part = name)
}

pub fn damaged_xml(detail: Msg) -> Msg {
    msg!("docx.damaged-xml", detail = detail)
}

pub fn parse_error(detail: &str) -> Msg {
    msg!("load.text", text = detail)
}

pub fn ends_inside(element: &str) -> Msg {
    msg!("docx.ends-inside", element = element)
}

/// Where a finding about the whole draft is.
pub fn whole_document() -> &'static str {
    "[the document]"
}

/// A corrected copy that could not be written.
pub fn cannot_write(error: &str) -> Msg {
    msg!("docx.cannot-write", error = error)
}

/// The sheet name of a table without a caption that names it: its position among
/// the document's tables (`Tabel #19`), the same in every language.
pub fn table_sheet(number: usize) -> String {
    format!("Tabel #{number}")
}

/// Where a table stands in the document, appended to its caption in findings:
/// `Tabel 3.9. Efisiensi ... (#18: BAB III ... > 3.2.3. Efisiensi Anggaran)`, its
/// position among the document's tables and its headings, the same in every
/// language (the JSON report carries it too).
pub fn table_place(caption: &str, number: usize, headings: &[String]) -> String {
    if headings.is_empty() {
        format!("{caption} (#{number})")
    } else {
        format!("{caption} (#{number}: {})", headings.join(" > "))
    }
}

/// Where a sentence stands: its headings (the human report says "in the text
/// under ..."), the same in every language.
pub fn paragraph_place(headings: &[String]) -> String {
    headings.join(" > ")
}

/// Where a sentence's finding is, for the reports: under its headings, or before
/// the first heading.
pub fn sentence_place(f: &crate::finding::Finding) -> Msg {
    if f.table.is_empty() {
        msg!("human.in-sentence-top", sentence = f.row_label.as_str())
    } else {
        msg!(
            "human.in-sentence",
            place = f.table.as_str(),
            sentence = f.row_label.as_str()
        )
    }
}

/// The sentence with the figure marked: `... kegiatan [123,75%] semuanya ...`.
pub fn marked(before: &str, figure: &str, after: &str) -> String {
    format!("{before}[{figure}]{after}")
}

/// A table cell named for the user: `Tabel 3.8, row 'Rata-rata', column '% Capaian'`,
/// with the workbook's name when the figure comes from it.
pub fn cell_name(source: Option<&str>, table: &str, row: &str, column: &str) -> Msg {
    match source {
        Some(file) => msg!(
            "docx.cell-in",
            file = file,
            table = table,
            row = row,
            column = column
        ),
        None => msg!("docx.cell", table = table, row = row, column = column),
    }
}

pub fn mismatch(what: &str, claimed: &str, cell: &Msg, stated: &str) -> Msg {
    msg!(
        "docx.mismatch",
        what = what,
        claimed = claimed,
        cell = cell.clone(),
        stated = stated
    )
}

pub fn mismatch_recomputed(
    what: &str,
    claimed: &str,
    cell: &Msg,
    stated: &str,
    recomputed: &str,
) -> Msg {
    msg!(
        "docx.mismatch-recomputed",
        what = what,
        claimed = claimed,
        cell = cell.clone(),
        stated = stated,
        recomputed = recomputed
    )
}

pub fn repeats_wrong(what: &str, claimed: &str, cell: &Msg, recomputed: &str) -> Msg {
    msg!(
        "docx.repeats-wrong",
        what = what,
        claimed = claimed,
        cell = cell.clone(),
        recomputed = recomputed
    )
}

pub fn help_write(expected: &str, cell: &Msg) -> Msg {
    msg!("docx.help-write", expected = expected, cell = cell.clone())
}

pub fn help_after_table(cell: &Msg) -> Msg {
    msg!("docx.help-after-table", cell = cell.clone())
}

pub fn stated_formula(cell: &Msg, at: &str, stated: &str) -> Msg {
    msg!("docx.stated", cell = cell.clone(), at = at, stated = stated)
}

/// The table check's computation, named with its table.
pub fn recomputed_formula(table: &str, formula: Msg) -> Msg {
    msg!("docx.recomputed", table = table, formula = formula)
}

pub fn count_mismatch(noun: &str, claimed: u64, table: &str, actual: usize) -> Msg {
    msg!(
        "docx.count-mismatch",
        noun = noun,
        claimed = claimed.to_string(),
        table = table,
        actual = actual
    )
}

pub fn count_word_mismatch(claimed: u64, word: &str, says: Option<u64>) -> Msg {
    match says {
        Some(n) => msg!(
            "docx.count-word",
            claimed = claimed.to_string(),
            word = word,
            says = n.to_string()
        ),
        None => msg!(
            "docx.count-word-none",
            claimed = claimed.to_string(),
            word = word
        ),
    }
}

pub fn count_formula(table: &str, kinds: &[String], actual: usize) -> Msg {
    msg!(
        "docx.count-formula",
        table = table,
        kinds = kinds.join(", "),
        actual = actual
    )
}

pub fn help_count(digits: &str) -> Msg {
    msg!("docx.help-count", digits = digits)
}

pub fn category_mismatch(word: &str, value: &str, expected: &str, scale: &str) -> Msg {
    msg!(
        "docx.category",
        word = word,
        value = value,
        expected = expected,
        scale = scale
    )
}

pub fn category_formula(value: &str, range: Msg, expected: &str, scale: &str) -> Msg {
    msg!(
        "docx.category-formula",
        value = value,
        range = range,
        expected = expected,
        scale = scale
    )
}

pub fn help_category(expected: &str) -> Msg {
    msg!("docx.help-category", expected = expected)
}

pub fn lowest_unknown(name: &str, table: &str) -> Msg {
    msg!("docx.lowest-unknown", name = name, table = table)
}

pub fn lowest_mismatch(name: &str, value: &str, k: usize, table: &str, lowest: &str) -> Msg {
    msg!(
        "docx.lowest",
        name = name,
        value = value,
        k = k,
        table = table,
        lowest = lowest
    )
}

pub fn lowest_missing(k: usize, named: usize) -> Msg {
    msg!("docx.lowest-count", k = k, named = named)
}

pub fn help_lowest(lowest: &str) -> Msg {
    msg!("docx.help-lowest", lowest = lowest)
}

pub fn name_differs(named: &str, table_name: &str, table: &str) -> Msg {
    msg!(
        "docx.name",
        named = named,
        table_name = table_name,
        table = table
    )
}

pub fn help_name(table_name: &str) -> Msg {
    msg!("docx.help-name", table_name = table_name)
}

pub fn draft_differs(
    table: &str,
    row: &str,
    column: &str,
    workbook: &str,
    old: &str,
    new: &str,
) -> Msg {
    msg!(
        "docx.draft-differs",
        table = table,
        row = row,
        column = column,
        workbook = workbook,
        old = old,
        new = new
    )
}

pub fn draft_row(kind: &str, table: &str, row: &str, workbook: &str) -> Msg {
    match kind {
        "added" => msg!(
            "docx.draft-added",
            table = table,
            row = row,
            workbook = workbook
        ),
        _ => msg!(
            "docx.draft-removed",
            table = table,
            row = row,
            workbook = workbook
        ),
    }
}

pub fn help_draft(workbook: &str) -> Msg {
    msg!("docx.help-draft", workbook = workbook)
}

pub fn no_table(tables: usize) -> Msg {
    msg!("docx.no-table", n = tables)
}

pub fn no_table_help() -> Msg {
    msg!("docx.no-table-help")
}

/// The comment a tracked change (or a remaining finding) carries, in `lang`.
pub fn comment(code: &str, message: &Msg, formula: Option<&Msg>, lang: Lang) -> String {
    match formula {
        Some(f) => msg!(
            "docx.comment-formula",
            code = code,
            message = message.clone(),
            formula = f.clone()
        ),
        None => msg!("docx.comment", code = code, message = message.clone()),
    }
    .render(lang)
}
