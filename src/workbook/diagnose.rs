//! What a file is and why it cannot be read: sniffed from its first bytes, its
//! package checked before anything is unpacked, a damaged or foreign part named.

use super::*;

/// What a file is, from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A zip package: .xlsx, .xlsm, .xlsb, .ods (or a document of another kind).
    Zip,
    /// An OLE2 compound file: .xls, or an encrypted (password-protected) .xlsx.
    Cfb,
    Pdf,
    Html,
    /// An "XML Spreadsheet 2003" file, as some applications export.
    Xml2003,
    Text,
    Image,
    Unknown,
}

/// What to do, said in several reasons.
pub(super) fn save_as() -> Msg {
    msg!("load.save-as")
}
pub(super) fn get_again() -> Msg {
    msg!("load.get-again")
}
pub(super) fn repair() -> Msg {
    msg!("load.repair")
}

impl Kind {
    /// Files that are certainly not workbooks: refused before any reading.
    pub(super) fn refusal(self) -> Option<Msg> {
        Some(match self {
            Kind::Pdf => msg!("load.pdf"),
            Kind::Image => msg!("load.image"),
            Kind::Html => msg!("load.html", todo = save_as()),
            Kind::Xml2003 => msg!("load.xml2003", todo = save_as()),
            Kind::Text => msg!("load.plain-text", todo = save_as()),
            Kind::Zip | Kind::Cfb | Kind::Unknown => return None,
        })
    }
}

/// Looks at the file before any reader does: missing, a folder, empty, or what
/// its first bytes say it is.
pub(super) fn sniff(path: &Path) -> Result<Kind, Msg> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => msg!("load.not-found"),
        std::io::ErrorKind::PermissionDenied => msg!("load.permission"),
        _ => msg!("load.cannot-open", error = e.to_string()),
    })?;
    if meta.is_dir() {
        return Err(msg!("load.folder"));
    }
    if !meta.is_file() {
        return Err(msg!("load.not-a-file"));
    }
    if meta.len() == 0 {
        return Err(msg!("load.empty", todo = get_again()));
    }
    let mut head = Vec::with_capacity(1024);
    std::fs::File::open(path)
        .and_then(|f| f.take(1024).read_to_end(&mut head))
        .map_err(|e| msg!("load.cannot-open", error = e.to_string()))?;
    Ok(kind_of(&head))
}

pub(super) fn kind_of(head: &[u8]) -> Kind {
    const CFB: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if [b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"]
        .iter()
        .any(|m| head.starts_with(*m))
    {
        return Kind::Zip;
    }
    if head.starts_with(CFB) {
        return Kind::Cfb;
    }
    if head.starts_with(b"%PDF") {
        return Kind::Pdf;
    }
    if head.starts_with(b"\x89PNG")
        || head.starts_with(&[0xFF, 0xD8, 0xFF])
        || head.starts_with(b"GIF8")
        || head.starts_with(b"II*\0")
        || head.starts_with(b"MM\0*")
    {
        return Kind::Image;
    }
    // Text, in UTF-16 (Excel's "Unicode Text") or in an 8-bit encoding.
    let utf16 = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    let text: String = if utf16 {
        let units = head[2..].chunks_exact(2).map(|p| {
            if head[0] == 0xFF {
                u16::from_le_bytes([p[0], p[1]])
            } else {
                u16::from_be_bytes([p[0], p[1]])
            }
        });
        char::decode_utf16(units)
            .map(|c| c.unwrap_or('\u{FFFD}'))
            .collect()
    } else {
        let body = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        let control = body
            .iter()
            .any(|b| matches!(b, 0x00..=0x08 | 0x0E..=0x1A | 0x1C..=0x1F));
        // UTF-8 (perhaps cut mid-character at the end of the sample), or an
        // 8-bit encoding whose letters beyond ASCII are the exception.
        let utf8 = match std::str::from_utf8(body) {
            Ok(_) => true,
            Err(e) => e.error_len().is_none(),
        };
        let high = body.iter().filter(|b| **b >= 0x80).count();
        if control || !(utf8 || high * 10 <= body.len() * 3) {
            return Kind::Unknown;
        }
        String::from_utf8_lossy(body).into_owned()
    };
    let lower = text.trim_start().to_lowercase();
    if lower.contains("urn:schemas-microsoft-com:office:spreadsheet") {
        Kind::Xml2003
    } else if lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || lower.contains("<table")
        || lower.contains("<html")
    {
        Kind::Html
    } else {
        Kind::Text
    }
}

/// Opens a zip package's central directory, before any reader unpacks a part:
/// a package cut short is said to be incomplete, a part that declares more bytes
/// than `limits` allow is refused by its name and its sheet's, and a package that
/// is another kind of document, or lacks its workbook part, is said to be so.
pub(super) fn check_package(path: &Path, kind: Kind, limits: &Limits) -> Result<(), Msg> {
    let file =
        std::fs::File::open(path).map_err(|e| msg!("load.cannot-open", error = e.to_string()))?;
    let mut zip = match zip::ZipArchive::new(std::io::BufReader::new(file)) {
        Ok(z) => z,
        // Not a zip: the workbook readers decide what it is.
        Err(_) if kind == Kind::Unknown => return Ok(()),
        Err(e) => return Err(broken_package(&e)),
    };
    let mut over = None;
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index_data(i) else {
            continue;
        };
        if entry.size() > limits.max_part_bytes {
            let name = entry
                .name()
                .map(|n| n.into_owned())
                .unwrap_or_else(|_| format!("number {}", i + 1));
            over = Some((name, entry.size()));
            break;
        }
    }
    if let Some((part, size)) = over {
        return Err(msg!(
            "load.part-too-large",
            part = part_label(&mut zip, &part, limits),
            size = mebibytes(size).to_string(),
            limit = mebibytes(limits.max_part_bytes).to_string(),
            default = mebibytes(MAX_PART_BYTES).to_string()
        ));
    }
    let ext = extension(path);
    match other_document(&mut zip, &ext, limits) {
        Some(reason) => Err(reason),
        None => Ok(()),
    }
}

pub(super) fn extension(path: &Path) -> String {
    path.extension()
        .map(|x| x.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

/// Bytes in MB (MiB), rounded up: what `--max-part-mb` counts in.
pub(super) fn mebibytes(bytes: u64) -> u64 {
    bytes.div_ceil(1 << 20)
}

/// What a package the zip reader cannot open is, in words.
pub(super) fn broken_package(e: &zip::result::ZipError) -> Msg {
    let text = e.to_string();
    if text.to_lowercase().contains("eocd") || text.to_lowercase().contains("end of central") {
        msg!("load.incomplete", todo = get_again())
    } else {
        msg!("load.no-contents", error = text, todo = repair())
    }
}

/// A small part's text (at most 64 MiB, and within the limits), if it is there.
pub(super) fn small_part<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
    limits: &Limits,
) -> Option<String> {
    let entry = zip.by_name(name).ok()?;
    if entry.size() > limits.max_part_bytes.min(64 << 20) {
        return None;
    }
    let mut text = String::new();
    entry.take(64 << 20).read_to_string(&mut text).ok()?;
    Some(text)
}

/// The values of two attributes of every `tag` element of a small XML part.
pub(super) fn xml_attrs(xml: &str, tag: &str, keys: [&str; 2]) -> Vec<[String; 2]> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == tag => {
                let mut found = [String::new(), String::new()];
                for a in e.attributes().flatten() {
                    for (slot, key) in found.iter_mut().zip(keys) {
                        if a.key.local_name().as_ref() == key {
                            *slot = a
                                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .map(|v| v.into_owned())
                                .unwrap_or_else(|_| a.value.to_string());
                        }
                    }
                }
                out.push(found);
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// The workbook part an OOXML package names in `_rels/.rels` (its
/// officeDocument relationship), `xl/workbook.xml` by default.
pub(super) fn workbook_part<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    limits: &Limits,
) -> String {
    small_part(zip, "_rels/.rels", limits)
        .and_then(|rels| {
            xml_attrs(&rels, "Relationship", ["Type", "Target"])
                .into_iter()
                .find(|[typ, _]| typ.ends_with("/officeDocument"))
                .map(|[_, target]| target.trim_start_matches('/').to_string())
        })
        .unwrap_or_else(|| "xl/workbook.xml".to_string())
}

/// `part xl/worksheets/sheet1.xml (sheet 'Tabel 3.7')`: a part by its name, and
/// by its sheet's when it holds one.
pub(super) fn part_label<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    part: &str,
    limits: &Limits,
) -> Msg {
    match sheet_of_part(zip, part, limits) {
        Some(sheet) => msg!("load.part-of-sheet", part = part, sheet = sheet),
        None => msg!("load.part", part = part),
    }
}

/// The sheet whose XML a package part holds, from the workbook part and its
/// relationships (both read only when small and within the limits).
pub(super) fn sheet_of_part<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    part: &str,
    limits: &Limits,
) -> Option<String> {
    let book = workbook_part(zip, limits);
    let (dir, file) = book.rsplit_once('/').unwrap_or(("", book.as_str()));
    let workbook = small_part(zip, &book, limits)?;
    let rels_name = if dir.is_empty() {
        format!("_rels/{file}.rels")
    } else {
        format!("{dir}/_rels/{file}.rels")
    };
    let rels = small_part(zip, &rels_name, limits)?;
    let target = xml_attrs(&rels, "Relationship", ["Id", "Target"])
        .into_iter()
        .find(|[_, target]| {
            let t = target.trim_start_matches('/');
            t == part || (!dir.is_empty() && format!("{dir}/{t}") == part)
        })?;
    xml_attrs(&workbook, "sheet", ["id", "name"])
        .into_iter()
        .find(|[id, _]| *id == target[0])
        .map(|[_, name]| name)
}

/// A zip package that holds another kind of document under a workbook's name,
/// or lacks its workbook part.
pub(super) fn other_document<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    ext: &str,
    limits: &Limits,
) -> Option<Msg> {
    let names: Vec<String> = zip.file_names().flatten().map(|n| n.into_owned()).collect();
    let has = |p: &str| names.iter().any(|n| n == p);
    let under = |p: &str| names.iter().any(|n| n.starts_with(p));
    // Without an extension the readers try each format in turn.
    let named = !ext.is_empty();
    if has("mimetype") || has("content.xml") {
        // OpenDocument: calamine reads .ods by its name.
        return (named && ext != "ods").then(|| {
            msg!(
                "load.renamed",
                what = msg!("load.kind-ods"),
                ext = ext,
                right = "ods"
            )
        });
    }
    if under("word/") {
        return Some(msg!("load.word"));
    }
    if under("ppt/") {
        return Some(msg!("load.powerpoint"));
    }
    if has("xl/workbook.bin") && named && ext != "xlsb" {
        return Some(msg!(
            "load.renamed",
            what = msg!("load.kind-xlsb"),
            ext = ext,
            right = "xlsb"
        ));
    }
    let book = workbook_part(zip, limits);
    if has(&book) && matches!(ext, "xls" | "ods") {
        return Some(msg!(
            "load.renamed",
            what = msg!("load.kind-xlsx"),
            ext = ext,
            right = "xlsx"
        ));
    }
    if !has(&book) && !has("xl/workbook.bin") {
        return Some(msg!("load.no-workbook-part", part = book, todo = repair()));
    }
    None
}

/// Why the readers failed, in words: the password, the part that is damaged
/// (found by unpacking each part in turn, within the limits) or missing, the
/// entities a part declares, or what the file is when it is no workbook. With
/// `sheet`, the failure came while reading that sheet.
pub(super) fn diagnose(
    path: &Path,
    kind: Kind,
    e: &calamine::Error,
    limits: &Limits,
    sheet: Option<&str>,
) -> Msg {
    use calamine::{Error as E, OdsError, XlsError, XlsbError, XlsxError};
    let password = matches!(
        e,
        E::Xlsx(XlsxError::Password)
            | E::Xls(XlsError::Password)
            | E::Xlsb(XlsbError::Password)
            | E::Ods(OdsError::Password)
    );
    if password || (kind == Kind::Cfb && has_encryption_streams(path)) {
        return msg!("load.password");
    }
    let ext = extension(path);
    if kind == Kind::Cfb && matches!(ext.as_str(), "xlsx" | "xlsm" | "xlsb" | "ods") {
        return msg!("load.old-xls", ext = ext, todo = save_as());
    }
    // Reasons that name their part (and its sheet) need no prefix.
    if kind == Kind::Zip {
        if let Some(reason) = damaged_part(path, limits) {
            return reason;
        }
        let text = e.to_string();
        if let Some(entity) = text.split("unrecognized entity `").nth(1) {
            let entity = entity.split('`').next().unwrap_or_default();
            let part = entity_part(path, limits).unwrap_or_else(|| msg!("load.a-part"));
            return msg!("load.entity", part = part, entity = entity, todo = repair());
        }
    }
    let on_sheet = |why: Msg| match sheet {
        Some(name) => msg!("load.on-sheet", sheet = name, why = why),
        None => why,
    };
    match e {
        E::Xlsx(XlsxError::FileNotFound(part)) => on_sheet(msg!(
            "load.part-missing",
            part = part.as_str(),
            todo = repair()
        )),
        E::Xlsx(XlsxError::WorksheetNotFound(_)) => {
            on_sheet(msg!("load.sheet-part-missing", todo = repair()))
        }
        E::Msg(_) => msg!("load.not-a-workbook", todo = save_as()),
        E::Xlsx(XlsxError::Xml(x)) | E::Ods(OdsError::Xml(x)) => {
            on_sheet(msg!("load.bad-xml", error = x.to_string(), todo = repair()))
        }
        E::Xls(XlsError::Cfb(_)) | E::Xls(XlsError::Io(_)) => {
            on_sheet(msg!("load.bad-xls", error = e.to_string(), todo = repair()))
        }
        _ => on_sheet(msg!(
            "load.unreadable",
            error = e.to_string(),
            todo = repair()
        )),
    }
}

/// The first XML part that declares entities (`<!ENTITY`, in the DOCTYPE before
/// its first element, so within its first 64 KiB), as `part_label` names it.
pub(super) fn entity_part(path: &Path, limits: &Limits) -> Option<Msg> {
    let file = std::fs::File::open(path).ok()?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file)).ok()?;
    let mut found = None;
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index(i) else {
            continue;
        };
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        if entry.size() > limits.max_part_bytes || !name.ends_with(".xml") {
            continue;
        }
        let mut head = Vec::new();
        if entry.take(64 << 10).read_to_end(&mut head).is_err() {
            continue;
        }
        if head.windows(8).any(|w| w == b"<!ENTITY") {
            found = Some(name);
            break;
        }
    }
    let part = found?;
    Some(part_label(&mut zip, &part, limits))
}

/// The first part of a zip package that cannot be unpacked (a bad checksum, a
/// broken compressed stream, more bytes than it declares), in words.
pub(super) fn damaged_part(path: &Path, limits: &Limits) -> Option<Msg> {
    let file = std::fs::File::open(path).ok()?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file)).ok()?;
    for i in 0..zip.len() {
        let (name, problem) = {
            let mut entry = match zip.by_index(i) {
                Ok(e) => e,
                Err(e) => {
                    return Some(msg!(
                        "load.part-misplaced",
                        n = i + 1,
                        error = e.to_string(),
                        todo = repair()
                    ))
                }
            };
            let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
            if entry.size() > limits.max_part_bytes {
                continue;
            }
            match std::io::copy(&mut entry, &mut std::io::sink()) {
                Ok(_) => continue,
                Err(e) => (name, e.to_string()),
            }
        };
        let why = if problem.contains("declared") {
            msg!("load.unpacks-more")
        } else {
            msg!("load.cannot-unpack", error = problem)
        };
        return Some(msg!(
            "load.part-damaged",
            part = part_label(&mut zip, &name, limits),
            why = why,
            todo = repair()
        ));
    }
    None
}

/// Whether an OLE2 compound file holds the streams Excel writes for a
/// password-protected workbook (their names in UTF-16, in the file's directory).
pub(super) fn has_encryption_streams(path: &Path) -> bool {
    let mut bytes = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(512 << 20).read_to_end(&mut bytes));
    if read.is_err() {
        return false;
    }
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(u16::to_le_bytes).collect() };
    ["EncryptedPackage", "EncryptionInfo"].iter().any(|name| {
        let needle = utf16(name);
        bytes.windows(needle.len()).any(|w| w == needle.as_slice())
    })
}
