//! `selaras check --fix draft.docx`: a corrected copy of the draft in which every
//! correction is a Word tracked change (`w:del` of the old text, `w:ins` of the new,
//! author "selaras", dated) with a comment giving the reason, so the evaluator
//! accepts or rejects each in Word (Review > Accept / Reject).
//!
//! Table cells are corrected as a workbook's are (`crate::fix`: safe fixes, settled);
//! then the sentences are held against the corrected tables, and a sentence that
//! cites a figure a table now states otherwise is corrected to it. Only
//! `word/document.xml`, the comments part, `[Content_Types].xml` and the document's
//! relationships change; every other part of the package is copied byte for byte
//! (its compressed bytes as they were).

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;

use zip::write::SimpleFileOptions;

use super::read::{collapse, Document};
use super::sentences::SentenceFinding;
use super::texts;
use crate::error::{FileError, WriteError};
use crate::finding::Finding;
use crate::i18n::Lang;
use crate::ooxml::xml::escape_word_text;
use crate::rules::Rules;
use crate::workbook::{CellAddr, Limits, Workbook};
use crate::FileReport;

/// One correction of the document's text.
#[derive(Debug, Clone)]
pub struct Edit {
    /// Index into `Document::paragraphs`.
    pub paragraph: usize,
    /// Char range of the paragraph's text replaced.
    pub chars: (usize, usize),
    pub new: String,
    /// Only a comment on the text, no change: a finding without one correct value.
    pub flag: bool,
    pub comment: String,
    pub at: CellAddr,
    pub old: String,
    pub code: crate::finding::Code,
}

const AUTHOR: &str = "selaras";

/// Checks a draft, corrects it and writes the corrected copy to `output` (never
/// the input; atomically), its comments in `options.lang`. The report is the corrected
/// draft's: what remains.
pub fn fix_file(
    path: &Path,
    output: &Path,
    force: bool,
    options: crate::fix::Options,
    rules: &Rules,
    workbooks: &[(String, Workbook)],
    limits: &Limits,
) -> Result<FileReport, FileError> {
    let lang = options.lang;
    // A failure here is the corrected copy's: said as a write.
    let fail = |reason: crate::i18n::Msg| WriteError::new(path, reason);
    crate::output::check_target(path, output, force).map_err(fail)?;
    let doc = Document::open_limited(path, limits)?;
    let mut book = doc.workbook();
    let plan = crate::fix::plan_with(&mut book, rules, options, &[]);
    // The sentences against the corrected tables.
    let audit = super::audit(&doc, &book, rules, workbooks);
    let mut edits = cell_edits(&doc, &plan.changes, lang);
    let fixed_sentences = sentence_edits(&doc, &audit.sentences, &mut edits, lang);
    // In document order.
    edits.sort_by_key(|e| (e.paragraph, e.chars.0));
    let (applied, _unsplittable) = splittable(&doc, edits);
    let mut report = audit.report;
    report.path = path.display().to_string();
    // What was corrected in the text is no longer a finding of the copy.
    report.findings.retain(|f| {
        !fixed_sentences.iter().any(|s| {
            &s.finding == f
                && applied
                    .iter()
                    .any(|e| e.paragraph == s.paragraph && e.chars == s.chars)
        })
    });
    // What remains gets a comment on its text (a cell's, a sentence's figure), as
    // a workbook's remaining findings get a flag and a note.
    let flags = flags(&doc, &report.findings, &audit.sentences, &applied, lang);
    let (flags, _) = splittable(&doc, flags);
    let mut written = applied.clone();
    written.extend(flags);
    written.sort_by_key(|e| (e.paragraph, e.chars.0));
    let date = now();
    crate::output::write_atomically(output, |tmp| {
        write_corrected(path, tmp, &doc, &written, &date)
    })
    .map_err(|e| fail(texts::cannot_write(&e)))?;
    report.fixed = Some(crate::FixSummary {
        output: output.display().to_string(),
        changes: applied
            .iter()
            .map(|e| (e.at.clone(), e.old.clone(), e.new.clone(), e.code))
            .collect(),
        suggested: plan.suggested.len(),
        partial_layout: false,
    });
    Ok(report)
}

/// The table corrections as edits of the cells' paragraphs: the old text where the
/// paragraph has it, else the paragraph's whole (trimmed) text.
fn cell_edits(doc: &Document, changes: &[crate::fix::Change], lang: Lang) -> Vec<Edit> {
    let mut edits: Vec<Edit> = Vec::new();
    for c in changes {
        let Some(p) = doc.cell_paragraph(&c.at.sheet, c.at.row, c.at.col) else {
            continue;
        };
        let text = &doc.paragraphs[p].text;
        let chars = match text.find(c.old.as_str()) {
            Some(b) => (
                text[..b].chars().count(),
                text[..b].chars().count() + c.old.chars().count(),
            ),
            None => {
                let lead = text.len() - text.trim_start().len();
                let start = text[..lead].chars().count();
                (start, start + text.trim().chars().count())
            }
        };
        edits.push(Edit {
            paragraph: p,
            chars,
            new: c.new.clone(),
            flag: false,
            comment: comment_of(&c.finding, lang),
            at: c.at.clone(),
            old: c.old.clone(),
            code: c.finding.code,
        });
    }
    edits
}

/// Adds to `edits` the sentences with one correct replacement, where no edit already
/// changes their text; returns the sentence findings so corrected.
fn sentence_edits<'s>(
    doc: &Document,
    sentences: &'s [SentenceFinding],
    edits: &mut Vec<Edit>,
    lang: Lang,
) -> Vec<&'s SentenceFinding> {
    let mut fixed_sentences: Vec<&SentenceFinding> = Vec::new();
    for s in sentences {
        let Some(new) = &s.replacement else { continue };
        // One correction per stretch of text.
        if edits
            .iter()
            .any(|e| e.paragraph == s.paragraph && e.chars.0 < s.chars.1 && s.chars.0 < e.chars.1)
        {
            continue;
        }
        let text = &doc.paragraphs[s.paragraph].text;
        let old: String = text
            .chars()
            .skip(s.chars.0)
            .take(s.chars.1 - s.chars.0)
            .collect();
        edits.push(Edit {
            paragraph: s.paragraph,
            chars: s.chars,
            new: new.clone(),
            flag: false,
            comment: comment_of(&s.finding, lang),
            at: s.finding.at.clone(),
            old,
            code: s.finding.code,
        });
        fixed_sentences.push(s);
    }
    fixed_sentences
}

/// One comment per stretch of text for the findings that remain (errors and
/// warnings), not where a change was made.
fn flags(
    doc: &Document,
    remaining: &[Finding],
    sentences: &[SentenceFinding],
    applied: &[Edit],
    lang: Lang,
) -> Vec<Edit> {
    let mut out: Vec<Edit> = Vec::new();
    for f in remaining
        .iter()
        .filter(|f| f.severity != crate::finding::Severity::Info)
    {
        let place = if f.at.is_paragraph() {
            sentences
                .iter()
                .find(|s| &s.finding == f)
                .map(|s| (s.paragraph, s.chars))
        } else {
            doc.cell_paragraph(&f.at.sheet, f.at.row, f.at.col)
                .map(|p| {
                    let text = &doc.paragraphs[p].text;
                    let lead = text[..text.len() - text.trim_start().len()].chars().count();
                    (p, (lead, lead + text.trim().chars().count()))
                })
        };
        let Some((paragraph, chars)) = place else {
            continue;
        };
        if chars.1 <= chars.0
            || applied
                .iter()
                .any(|e| e.paragraph == paragraph && e.chars.0 < chars.1 && chars.0 < e.chars.1)
        {
            continue;
        }
        match out
            .iter_mut()
            .find(|e| e.paragraph == paragraph && e.chars == chars)
        {
            Some(e) => {
                e.comment.push_str(" | ");
                e.comment.push_str(&comment_of(f, lang));
            }
            None => out.push(Edit {
                paragraph,
                chars,
                new: String::new(),
                flag: true,
                comment: comment_of(f, lang),
                at: f.at.clone(),
                old: String::new(),
                code: f.code,
            }),
        }
    }
    // Overlapping stretches (two sentence findings on one figure) keep the first.
    out.sort_by_key(|e| (e.paragraph, e.chars.0));
    let mut kept: Vec<Edit> = Vec::new();
    for e in out {
        if !kept
            .iter()
            .any(|k| k.paragraph == e.paragraph && k.chars.0 < e.chars.1 && e.chars.0 < k.chars.1)
        {
            kept.push(e);
        }
    }
    kept
}

fn comment_of(f: &Finding, lang: Lang) -> String {
    texts::comment(f.code.as_str(), &f.message, f.formula.as_ref(), lang)
}

/// The edits whose text lies in runs a change may split (plain text runs directly
/// in the paragraph), and the others.
fn splittable(doc: &Document, edits: Vec<Edit>) -> (Vec<Edit>, Vec<Edit>) {
    edits.into_iter().partition(|e| {
        let p = &doc.paragraphs[e.paragraph];
        let covering: Vec<_> = p
            .runs
            .iter()
            .filter(|r| r.chars.0 < e.chars.1 && r.chars.1 > e.chars.0)
            .collect();
        let covered: usize = covering
            .iter()
            .map(|r| r.chars.1.min(e.chars.1) - r.chars.0.max(e.chars.0))
            .sum();
        !covering.is_empty()
            && covering.iter().all(|r| r.editable)
            && covered == e.chars.1 - e.chars.0
    })
}

/// The current time as Word dates revisions, UTC (`SOURCE_DATE_EPOCH` when set,
/// for reproducible output).
fn now() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        });
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// The largest `w:id` in a part, so new annotation ids do not collide.
fn max_id(xml: &str) -> u64 {
    let mut max = 0;
    for part in xml.split("w:id=\"").skip(1) {
        if let Some(n) = part.split('"').next().and_then(|s| s.parse::<u64>().ok()) {
            max = max.max(n);
        }
    }
    max
}

/// document.xml with the edits as tracked changes, and the comments they carry.
fn rewrite(
    doc: &Document,
    edits: &[Edit],
    date: &str,
    first_comment: u64,
) -> (String, Vec<(u64, String)>) {
    let mut next_rev = max_id(&doc.xml) + 1;
    let mut next_comment = first_comment;
    let mut comments = Vec::new();
    // Byte range of a run -> what replaces it.
    let mut replaced: BTreeMap<usize, (usize, String)> = BTreeMap::new();
    let mut by_paragraph: BTreeMap<usize, Vec<&Edit>> = BTreeMap::new();
    for e in edits {
        by_paragraph.entry(e.paragraph).or_default().push(e);
    }
    for (p, mut es) in by_paragraph {
        let para = &doc.paragraphs[p];
        let chars: Vec<char> = para.text.chars().collect();
        es.sort_by_key(|e| e.chars.0);
        // Each run: its pieces (text, kind) where kind is keep / delete, and the edits ending in it.
        for run in &para.runs {
            let touching: Vec<&&Edit> = es
                .iter()
                .filter(|e| run.chars.0 < e.chars.1 && run.chars.1 > e.chars.0)
                .collect();
            if touching.is_empty() {
                continue;
            }
            let mut xml = String::new();
            let mut pos = run.chars.0;
            let piece = |from: usize, to: usize| chars[from..to].iter().collect::<String>();
            for e in touching {
                let (s, t) = (e.chars.0.max(run.chars.0), e.chars.1.min(run.chars.1));
                if s > pos {
                    xml.push_str(&format!(
                        "<w:r>{}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
                        run.props,
                        escape_word_text(&piece(pos, s))
                    ));
                }
                let comment = comment_id(&mut comments, e, &mut next_comment);
                if s == e.chars.0 {
                    xml.push_str(&format!("<w:commentRangeStart w:id=\"{comment}\"/>"));
                }
                if e.flag {
                    xml.push_str(&format!(
                        "<w:r>{}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
                        run.props,
                        escape_word_text(&piece(s, t))
                    ));
                    if t == e.chars.1 {
                        xml.push_str(&format!(
                            "<w:commentRangeEnd w:id=\"{comment}\"/><w:r><w:commentReference w:id=\"{comment}\"/></w:r>"
                        ));
                    }
                    pos = t;
                    continue;
                }
                xml.push_str(&format!(
                    "<w:del w:id=\"{next_rev}\" w:author=\"{AUTHOR}\" w:date=\"{date}\"><w:r>{}<w:delText xml:space=\"preserve\">{}</w:delText></w:r></w:del>",
                    run.props,
                    escape_word_text(&piece(s, t))
                ));
                next_rev += 1;
                if t == e.chars.1 {
                    xml.push_str(&format!(
                        "<w:ins w:id=\"{next_rev}\" w:author=\"{AUTHOR}\" w:date=\"{date}\"><w:r>{}<w:t xml:space=\"preserve\">{}</w:t></w:r></w:ins>",
                        run.props,
                        escape_word_text(&e.new)
                    ));
                    next_rev += 1;
                    xml.push_str(&format!(
                        "<w:commentRangeEnd w:id=\"{comment}\"/><w:r><w:commentReference w:id=\"{comment}\"/></w:r>"
                    ));
                }
                pos = t;
            }
            if run.chars.1 > pos {
                xml.push_str(&format!(
                    "<w:r>{}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
                    run.props,
                    escape_word_text(&piece(pos, run.chars.1))
                ));
            }
            replaced.insert(run.span.0, (run.span.1, xml));
        }
    }
    let mut out = String::with_capacity(doc.xml.len() + replaced.len() * 512);
    let mut at = 0;
    for (start, (end, xml)) in replaced {
        out.push_str(&doc.xml[at..start]);
        out.push_str(&xml);
        at = end;
    }
    out.push_str(&doc.xml[at..]);
    (out, comments)
}

/// The comment id of an edit, made (with its text) the first time it is asked for.
fn comment_id(comments: &mut Vec<(u64, String)>, e: &Edit, next: &mut u64) -> u64 {
    let key = format!("{}:{}:{}", e.paragraph, e.chars.0, e.chars.1);
    if let Some((id, _)) = comments
        .iter()
        .find(|(_, k)| k.starts_with(&format!("{key}\u{0}")))
    {
        return *id;
    }
    let id = *next;
    *next += 1;
    comments.push((id, format!("{key}\u{0}{}", e.comment)));
    id
}

fn comment_xml(id: u64, text: &str, date: &str) -> String {
    let body = text.split_once('\u{0}').map_or(text, |(_, t)| t);
    format!(
        "<w:comment w:id=\"{id}\" w:author=\"{AUTHOR}\" w:date=\"{date}\" w:initials=\"S\"><w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p></w:comment>",
        escape_word_text(&collapse(body))
    )
}

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const COMMENTS_TYPE: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const COMMENTS_CONTENT: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";

/// The comments part's path, from the document's relationships (`word/comments.xml`
/// unless they name another).
fn comments_target(rels: Option<&str>) -> Option<String> {
    let rels = crate::ooxml::rels::parse_rels(rels?).ok()?;
    let rel = rels
        .iter()
        .find(|r| r.kind == COMMENTS_TYPE && !r.external)?;
    Some(crate::ooxml::rels::resolve_target(
        "word/document.xml",
        &rel.target,
    ))
}

/// The parts of the package a correction rewrites, as they are written.
struct Parts {
    document: String,
    types: String,
    rels: String,
    comments: String,
    /// Where the comments part lies (`word/comments.xml` unless the rels name another).
    comments_part: String,
}

/// Writes the corrected package to `tmp`.
fn write_corrected(
    input: &Path,
    tmp: &Path,
    doc: &Document,
    edits: &[Edit],
    date: &str,
) -> Result<(), String> {
    let english = |m: crate::i18n::Msg| m.render(Lang::english());
    let file = std::fs::File::open(input).map_err(|e| english(texts::cannot_open(&e)))?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file))
        .map_err(|_| english(texts::not_a_docx()))?;
    let read = |zip: &mut zip::ZipArchive<_>, name: &str| -> Option<String> {
        let mut s = String::new();
        zip.by_name(name).ok()?.read_to_string(&mut s).ok()?;
        Some(s)
    };
    let rels = read(&mut zip, "word/_rels/document.xml.rels");
    let types =
        read(&mut zip, "[Content_Types].xml").ok_or_else(|| english(texts::no_document_part()))?;
    let comments_part =
        comments_target(rels.as_deref()).unwrap_or_else(|| "word/comments.xml".into());
    let old_comments = read(&mut zip, &comments_part);
    let first_comment = old_comments.as_deref().map_or(0, |c| max_id(c) + 1);
    let (document, comments) = rewrite(doc, edits, date, first_comment);
    let new_comments: String = comments
        .iter()
        .map(|(id, t)| comment_xml(*id, t, date))
        .collect();
    let parts = Parts {
        document,
        types: types_with_comments(&types, &comments_part),
        rels: rels_with_comments(rels.as_deref(), &comments_part),
        comments: comments_with(old_comments.as_deref(), &new_comments),
        comments_part,
    };
    copy_package(&mut zip, tmp, &parts, !edits.is_empty())
}

/// The comments part with the new comments added at its end (a new part when there was none).
fn comments_with(old_comments: Option<&str>, new_comments: &str) -> String {
    match old_comments {
        Some(old) => match old.rfind("</w:comments>") {
            Some(i) => format!("{}{new_comments}{}", &old[..i], &old[i..]),
            None => old.to_string(),
        },
        None => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:comments xmlns:w=\"{W_NS}\">{new_comments}</w:comments>"
        ),
    }
}

/// `[Content_Types].xml` naming the comments part (as it was when it already does).
fn types_with_comments(types: &str, comments_part: &str) -> String {
    let part_name = format!("/{comments_part}");
    if types.contains(&format!("PartName=\"{part_name}\"")) {
        types.to_string()
    } else {
        types.replacen(
            "</Types>",
            &format!(
                "<Override PartName=\"{part_name}\" ContentType=\"{COMMENTS_CONTENT}\"/></Types>"
            ),
            1,
        )
    }
}

/// The document's relationships with one to the comments part (as they were when they have one).
fn rels_with_comments(rels: Option<&str>, comments_part: &str) -> String {
    let rel = format!(
        "<Relationship Id=\"rIdSelarasComments\" Type=\"{COMMENTS_TYPE}\" Target=\"{}\"/>",
        comments_part.trim_start_matches("word/")
    );
    match rels {
        Some(r) if r.contains(COMMENTS_TYPE) => r.to_string(),
        Some(r) => r.replacen("</Relationships>", &format!("{rel}</Relationships>"), 1),
        None => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{rel}</Relationships>"
        ),
    }
}

/// Writes the package to `tmp`: every part copied as it was (its compressed bytes),
/// but, when something `changed`, the rewritten parts (added where missing).
fn copy_package<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    tmp: &Path,
    parts: &Parts,
    changed: bool,
) -> Result<(), String> {
    let english = |m: crate::i18n::Msg| m.render(Lang::english());
    let out =
        std::fs::File::create(tmp).map_err(|e| format!("cannot write the corrected copy: {e}"))?;
    let mut w = zip::ZipWriter::new(std::io::BufWriter::new(out));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let werr = |e: zip::result::ZipError| format!("cannot write the corrected copy: {e}");
    let mut wrote_comments = false;
    let mut wrote_rels = false;
    for i in 0..zip.len() {
        let entry = zip
            .by_index_raw(i)
            .map_err(|_| english(texts::damaged_part("?")))?;
        let name = entry
            .name()
            .map_err(|_| english(texts::damaged_part("?")))?
            .to_string();
        let replacement = match name.as_str() {
            "word/document.xml" if changed => Some(parts.document.clone()),
            "[Content_Types].xml" if changed => Some(parts.types.clone()),
            "word/_rels/document.xml.rels" if changed => {
                wrote_rels = true;
                Some(parts.rels.clone())
            }
            n if n == parts.comments_part && changed => {
                wrote_comments = true;
                Some(parts.comments.clone())
            }
            _ => None,
        };
        match replacement {
            Some(text) => {
                drop(entry);
                w.start_file(name, options).map_err(werr)?;
                w.write_all(text.as_bytes())
                    .map_err(|e| format!("cannot write the corrected copy: {e}"))?;
            }
            None => w.raw_copy_file(entry).map_err(werr)?,
        }
    }
    if changed && !wrote_comments {
        w.start_file(parts.comments_part.clone(), options)
            .map_err(werr)?;
        w.write_all(parts.comments.as_bytes())
            .map_err(|e| format!("cannot write the corrected copy: {e}"))?;
    }
    if changed && !wrote_rels {
        w.start_file("word/_rels/document.xml.rels", options)
            .map_err(werr)?;
        w.write_all(parts.rels.as_bytes())
            .map_err(|e| format!("cannot write the corrected copy: {e}"))?;
    }
    let mut inner = w.finish().map_err(werr)?;
    inner
        .flush()
        .map_err(|e| format!("cannot write the corrected copy: {e}"))?;
    Ok(())
}
