//! A round exported as one zip: `files/<section>/<n>-<name>` every upload as
//! sent, `reports/<section>/<n>.json` the JSON report of each, and
//! `summary.csv` a line a section (submitted or not, uploads, the latest's
//! time, file and findings).

use std::io::Write;

use super::pages::{when, SectionLine};

/// A name safe as a folder or file name in the zip: no folders, no controls.
fn safe(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let s = s.trim().trim_matches('.').to_string();
    if s.is_empty() {
        "_".to_string()
    } else {
        s
    }
}

/// A CSV field, quoted when it must be (RFC 4180).
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

pub fn zip(root: &std::path::Path, lines: &[SectionLine]) -> Result<Vec<u8>, String> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut csv = String::from(
        "section,submitted,uploads,last_upload_utc,file,errors,warnings,infos,unreadable\r\n",
    );
    for line in lines {
        let folder = safe(&line.section.name);
        for (n, u) in line.uploads.iter().enumerate() {
            let bytes =
                std::fs::read(super::blobs::path(root, &u.blob.key)).map_err(|e| e.to_string())?;
            zip.start_file(
                format!("files/{folder}/{}-{}", n + 1, safe(&u.blob.name)),
                options,
            )
            .map_err(|e| e.to_string())?;
            zip.write_all(&bytes).map_err(|e| e.to_string())?;
            zip.start_file(format!("reports/{folder}/{}.json", n + 1), options)
                .map_err(|e| e.to_string())?;
            zip.write_all(u.report.as_bytes())
                .map_err(|e| e.to_string())?;
        }
        let last = line.uploads.last();
        let cells = [
            field(&line.section.name),
            if last.is_some() { "yes" } else { "no" }.to_string(),
            line.uploads.len().to_string(),
            last.map(|u| when(u.at)).unwrap_or_default(),
            field(&last.map(|u| u.blob.name.clone()).unwrap_or_default()),
            last.map(|u| u.counts.errors.to_string())
                .unwrap_or_default(),
            last.map(|u| u.counts.warnings.to_string())
                .unwrap_or_default(),
            last.map(|u| u.counts.infos.to_string()).unwrap_or_default(),
            field(&last.and_then(|u| u.unreadable.clone()).unwrap_or_default()),
        ];
        csv.push_str(&cells.join(","));
        csv.push_str("\r\n");
    }
    zip.start_file("summary.csv", options)
        .map_err(|e| e.to_string())?;
    zip.write_all(csv.as_bytes()).map_err(|e| e.to_string())?;
    Ok(zip.finish().map_err(|e| e.to_string())?.into_inner())
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_and_fields_are_safe() {
        assert_eq!(super::safe("../Bagian/Umum"), "_Bagian_Umum");
        assert_eq!(super::safe(".."), "_");
        assert_eq!(
            super::field("Bagian \"Umum\", Setda"),
            "\"Bagian \"\"Umum\"\", Setda\""
        );
        assert_eq!(super::field("Bagian Umum"), "Bagian Umum");
    }
}
