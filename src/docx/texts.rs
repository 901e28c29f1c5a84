//! Every user-facing text of the Word-draft audit, in one place (so that it moves
//! into the message catalogues in one step).

use crate::number::format_id;
use rust_decimal::Decimal;

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

/// The sheet name of a table without a caption that names it: its position.
pub fn table_sheet(number: usize) -> String {
    format!("table {number}")
}

/// Where a table stands in the document, appended to its caption in findings.
pub fn table_place(caption: &str, number: usize, headings: &[String]) -> String {
    let under = if headings.is_empty() {
        String::new()
    } else {
        format!(", under '{}'", headings.join(" > "))
    };
    format!("{caption} (table {number} of the document{under})")
}

/// Where a sentence stands: its headings.
pub fn paragraph_place(headings: &[String]) -> String {
    if headings.is_empty() {
        "the text before the first heading".into()
    } else {
        format!("the text under '{}'", headings.join(" > "))
    }
}

/// The sentence with the figure marked: `... kegiatan [123,75%] semuanya ...`.
pub fn marked(before: &str, figure: &str, after: &str) -> String {
    format!("{before}[{figure}]{after}")
}

pub fn show(value: Decimal) -> String {
    format_id(value, value.scale())
}

/// A table cell named for the user: `Tabel 3.8, row 'Rata-rata', column '% Capaian'`,
/// with the workbook's name when the figure comes from it.
pub fn cell_name(source: Option<&str>, table: &str, row: &str, column: &str) -> String {
    let t = match source {
        Some(file) => format!("{file}, {table}"),
        None => table.to_string(),
    };
    format!("{t}, row '{row}', column '{column}'")
}

pub fn mismatch(what: &str, claimed: &str, cell: &str, stated: &str) -> String {
    format!("the sentence says {what} is {claimed}, but {cell} states {stated}")
}

pub fn mismatch_recomputed(
    what: &str,
    claimed: &str,
    cell: &str,
    stated: &str,
    recomputed: &str,
) -> String {
    format!("the sentence says {what} is {claimed}; {cell} states {stated}, and recomputed it is {recomputed}")
}

pub fn repeats_wrong(what: &str, claimed: &str, cell: &str, recomputed: &str) -> String {
    format!("the sentence repeats {what} {claimed} as {cell} states it, but recomputed it is {recomputed}: when the table is corrected, this sentence must be too")
}

pub fn help_write(expected: &str, cell: &str) -> String {
    format!("Write {expected} in the sentence, as {cell} gives it (or, if the sentence is right, correct the table).")
}

pub fn help_after_table(cell: &str) -> String {
    format!("Correct {cell} first (see its own finding), then write the same figure here.")
}

pub fn stated_formula(cell: &str, at: &str, stated: &str) -> String {
    format!("{cell} ({at}) = {stated}")
}

pub fn count_mismatch(noun: &str, claimed: u64, table: &str, actual: usize) -> String {
    format!("the sentence counts {claimed} {noun}, but {table} lists {actual}")
}

pub fn count_word_mismatch(claimed: u64, word: &str, says: Option<u64>) -> String {
    match says {
        Some(n) => format!("the sentence writes {claimed} in digits but '{word}' ({n}) in words"),
        None => format!(
            "the sentence writes {claimed} in digits but '{word}' in words, which is no number"
        ),
    }
}

pub fn count_formula(table: &str, kinds: &[String], actual: usize) -> String {
    format!("rows of {table} of kind {}: {actual}", kinds.join(", "))
}

pub fn help_count(digits: &str) -> String {
    format!("Write {digits}, or correct the table if it lacks or repeats a row.")
}

pub fn category_mismatch(word: &str, value: &str, expected: &str, scale: &str) -> String {
    format!("the sentence calls {value} '{word}', but by {scale} it is '{expected}'")
}

pub fn category_formula(value: &str, range: &str, expected: &str, scale: &str) -> String {
    format!("{value} lies in {range}: '{expected}' ({scale})")
}

pub fn help_category(expected: &str) -> String {
    format!("Write '{expected}' in the sentence.")
}

pub fn lowest_unknown(name: &str, table: &str) -> String {
    format!("the sentence names '{name}' among the lowest, but {table} has no such row")
}

pub fn lowest_mismatch(name: &str, value: &str, k: usize, table: &str, lowest: &str) -> String {
    format!("the sentence names '{name}' ({value}) among the {k} lowest of {table}, but the {k} lowest are {lowest}")
}

pub fn lowest_missing(k: usize, named: usize) -> String {
    format!("the sentence says {k} are the lowest but names {named}")
}

pub fn help_lowest(lowest: &str) -> String {
    format!("Name the lowest as the table gives them: {lowest}.")
}

pub fn name_differs(named: &str, table_name: &str, table: &str) -> String {
    format!("the sentence names '{named}', which {table} calls '{table_name}'")
}

pub fn help_name(table_name: &str) -> String {
    format!("Call it '{table_name}' as the table does, so that readers and tools find it.")
}

pub fn draft_differs(
    table: &str,
    row: &str,
    column: &str,
    workbook: &str,
    old: &str,
    new: &str,
) -> String {
    format!(
        "{table}, row '{row}', column '{column}' states {new} in the draft but {old} in {workbook}"
    )
}

pub fn draft_row(kind: &str, table: &str, row: &str, workbook: &str) -> String {
    match kind {
        "added" => format!("{table} has the row '{row}' in the draft but not in {workbook}"),
        _ => format!("{table} lacks the row '{row}' that {workbook} has"),
    }
}

pub fn help_draft(workbook: &str) -> String {
    format!("Paste the table again from {workbook}, or correct whichever is wrong.")
}

/// The comment a tracked change carries.
pub fn comment(code: &str, message: &str, formula: Option<&str>) -> String {
    match formula {
        Some(f) => format!("selaras [{code}]: {message}. {f}"),
        None => format!("selaras [{code}]: {message}"),
    }
}
