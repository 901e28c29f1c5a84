//! Where the server keeps uploads: `DATA/uploads/<id>/`, one folder an upload
//! under a random id of 128 bits (the report's address: only who uploaded
//! knows it), each file under a name the server chooses (`0.xlsx`, `1.docx`)
//! with the names as sent in `names.json`. Kept 24 hours, then swept away.
//! A request that needs its files only while it runs (the API) keeps them in
//! `DATA/work/<id>/`, removed when the work is done.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// One uploaded file: the name it was sent under (its directory stripped) and
/// where the server keeps it.
#[derive(Debug, Clone)]
pub struct Kept {
    pub name: String,
    pub path: PathBuf,
}

impl Kept {
    pub fn is_draft(&self) -> bool {
        crate::docx::is_docx(&self.path)
    }
}

/// How long an upload and its report stay reachable.
pub const KEPT_FOR: Duration = Duration::from_secs(24 * 60 * 60);

/// The kinds of file the server takes, by the extension of the name sent.
pub const EXTENSIONS: [&str; 6] = ["xlsx", "xlsm", "xls", "xlsb", "ods", "docx"];

/// A new random id: 32 hexadecimal digits.
pub fn new_id() -> String {
    let mut bytes = [0u8; 16];
    // The operating system's generator; should it ever fail, the clock and a
    // counter still give an id no other upload has.
    if getrandom::fill(&mut bytes).is_err() {
        use std::sync::atomic::{AtomicU64, Ordering};
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos();
        bytes[..8].copy_from_slice(&(now as u64).to_le_bytes());
        bytes[8..].copy_from_slice(&COUNTER.fetch_add(1, Ordering::Relaxed).to_le_bytes());
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `id` has the form of an id: nothing else ever reaches the disk.
pub fn is_id(id: &str) -> bool {
    id.len() == 32
        && id
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

/// The name a file was sent under, without any folder a client put before it
/// (`C:\Users\x\laporan.xlsx`, `../../laporan.xlsx`) or control characters.
pub fn sent_name(raw: &str) -> String {
    let last = raw
        .rsplit(['/', '\\'])
        .find(|part| !part.trim().is_empty() && *part != "." && *part != "..")
        .unwrap_or("");
    let clean: String = last.chars().filter(|c| !c.is_control()).collect();
    let clean = clean.trim();
    if clean.is_empty() {
        "workbook".to_string()
    } else {
        clean.to_string()
    }
}

/// The extension of a sent name when it is one the server takes, in lower case.
pub fn extension(name: &str) -> Option<String> {
    let ext = Path::new(name).extension()?.to_str()?.to_ascii_lowercase();
    EXTENSIONS.contains(&ext.as_str()).then_some(ext)
}

/// An upload's folder and its files, as kept.
pub struct Upload {
    pub dir: PathBuf,
    pub files: Vec<Kept>,
}

/// Keeps `files` (sent name, bytes) in a new folder under `root`; the folder
/// is `root/<id>`.
pub fn keep(root: &Path, files: &[(String, Vec<u8>)]) -> std::io::Result<(String, Upload)> {
    std::fs::create_dir_all(root)?;
    let id = new_id();
    let dir = root.join(&id);
    std::fs::create_dir(&dir)?;
    let mut kept = Vec::new();
    for (i, (name, bytes)) in files.iter().enumerate() {
        let ext = extension(name).unwrap_or_else(|| "bin".to_string());
        let path = dir.join(format!("{i}.{ext}"));
        std::fs::write(&path, bytes)?;
        kept.push(Kept {
            name: name.clone(),
            path,
        });
    }
    let names: Vec<&str> = kept.iter().map(|k| k.name.as_str()).collect();
    let json = serde_json::to_string(&names).map_err(std::io::Error::other)?;
    std::fs::write(dir.join("names.json"), json)?;
    Ok((id, Upload { dir, files: kept }))
}

/// The upload kept under `id`, if it is still there.
pub fn find(root: &Path, id: &str) -> Option<Upload> {
    if !is_id(id) {
        return None;
    }
    let dir = root.join(id);
    let names: Vec<String> =
        serde_json::from_slice(&std::fs::read(dir.join("names.json")).ok()?).ok()?;
    let files = names
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let ext = extension(&name).unwrap_or_else(|| "bin".to_string());
            Kept {
                path: dir.join(format!("{i}.{ext}")),
                name,
            }
        })
        .collect();
    Some(Upload { dir, files })
}

/// Removes the uploads older than [`KEPT_FOR`].
pub fn sweep(root: &Path) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > KEPT_FOR);
        if old && is_id(&entry.file_name().to_string_lossy()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// A folder removed when dropped: the files of a request that needs them only
/// while it runs.
pub struct Scratch(pub PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sent_name_loses_its_folders() {
        assert_eq!(sent_name("../../etc/laporan.xlsx"), "laporan.xlsx");
        assert_eq!(
            sent_name("C:\\Users\\x\\Laporan 2024.xlsx"),
            "Laporan 2024.xlsx"
        );
        assert_eq!(sent_name("laporan.xlsx/.."), "laporan.xlsx");
        assert_eq!(sent_name("/"), "workbook");
        assert_eq!(sent_name("a\u{0}b.xlsx"), "ab.xlsx");
    }

    #[test]
    fn only_ids_of_the_servers_own_form_reach_the_disk() {
        let id = new_id();
        assert!(is_id(&id), "{id}");
        assert_ne!(id, new_id());
        assert!(!is_id("../../../../etc/passwd"));
        assert!(!is_id(&id.to_uppercase()));
        assert!(!is_id(&id[1..]));
    }

    #[test]
    fn only_workbooks_and_drafts_are_taken() {
        assert_eq!(extension("Laporan.XLSX").as_deref(), Some("xlsx"));
        assert_eq!(extension("draft.docx").as_deref(), Some("docx"));
        assert_eq!(extension("virus.exe"), None);
        assert_eq!(extension("noextension"), None);
    }
}
