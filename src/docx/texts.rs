//! Every user-facing text of the Word-draft audit, in one place: the findings'
//! messages as catalogue keys (`[docx]` in `lang/*.toml`), and the reasons a draft
//! cannot be read (in English, as a workbook's are).

use crate::i18n::{Lang, Msg};
use crate::msg;

pub fn cannot_open(e: &std::io::Error) -> String {
    format!("the file cannot be opened ({e})")
}

pub fn not_a_docx() -> String {
    "this is not a Word document (.docx): it is not a zip package. If it is an older .doc, open it in Word or LibreOffice and save it as .docx".into()
}

pub fn empty_file() -> String {
    "the file is empty (0 bytes): it was not saved completely. Save the draft again from Word and check the saved copy".into()
}

pub fn encrypted_or_doc() -> String {
    "the document is password-protected (encrypted), or it is an older .doc: open it in Word, remove the password (File > Info > Protect Document) or save it as .docx, and check that copy".into()
}

pub fn damaged_zip() -> String {
    "the document is damaged or truncated (its zip package cannot be read): it may not have been copied or downloaded completely. Open it in Word or LibreOffice, save it again, and check the saved copy".into()
}

pub fn workbook_named_docx() -> String {
    "this is an Excel workbook with a .docx name: rename it to .xlsx and check it as a workbook"
        .into()
}

pub fn ends_inside(element: &str) -> String {
    format!("it ends inside a <w:{element}> element, so it was cut off")
}

/// Where a finding about the whole draft is.
pub fn whole_document() -> &'static str {
    "[the document]"
}

pub fn no_document_part() -> String {
    "the package holds no word/document.xml, so it is not a Word document (or it is damaged). Open it in Word or LibreOffice, save it again as .docx, and check the saved copy".into()
}

pub fn part_too_large(name: &str, limit: u64) -> String {
    format!(
        "the part {name} would unpack to more than {} MB (--max-part-mb), far more than any report: refused before unpacking",
        limit >> 20
    )
}

pub fn damaged_part(name: &str) -> String {
    format!("the part {name} is damaged and cannot be unpacked. Open the document in Word or LibreOffice, save it again, and check the saved copy")
}

pub fn damaged_xml(detail: &str) -> String {
    format!("word/document.xml is damaged ({detail}). Open the document in Word or LibreOffice, save it again, and check the saved copy")
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

pub fn category_formula(value: &str, range: &str, expected: &str, scale: &str) -> Msg {
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
