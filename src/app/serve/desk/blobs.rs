//! The desk's files, kept by content: `DATA/blobs/<2 hex>/<sha-256>.<ext>`.
//! The same file uploaded twice is kept once; a file is written to a temporary
//! name and renamed into place, so a crash never leaves half a file under a
//! content's name.

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// The SHA-256 of `bytes`, in lower-case hexadecimal.
pub fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether `key` has the form of a blob's key (`<64 hex>.<ext>`): nothing else
/// is ever joined to the store's path.
#[cfg(test)]
pub fn is_key(key: &str) -> bool {
    let Some((hash, ext)) = key.split_once('.') else {
        return false;
    };
    hash.len() == 64
        && hash
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        && super::super::store::EXTENSIONS.contains(&ext)
}

/// Where the blob `key` lies under `root`.
pub fn path(root: &Path, key: &str) -> PathBuf {
    root.join(&key[..2]).join(key)
}

/// Keeps `bytes` (a file of extension `ext`) and gives its key.
pub fn put(root: &Path, bytes: &[u8], ext: &str) -> std::io::Result<String> {
    let key = format!("{}.{ext}", sha256(bytes));
    let target = path(root, &key);
    if target.is_file() {
        return Ok(key);
    }
    let dir = target.parent().unwrap_or(root);
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(".{}.tmp", super::super::store::new_id()));
    let written = std::fs::File::create(&tmp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    match written.and_then(|()| std::fs::rename(&tmp, &target)) {
        Ok(()) => Ok(key),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Every blob kept: what a refused request must leave as it was.
#[cfg(test)]
pub fn list(root: &Path) -> Vec<String> {
    let mut keys = Vec::new();
    if let Ok(dirs) = std::fs::read_dir(root) {
        for dir in dirs.flatten() {
            if let Ok(files) = std::fs::read_dir(dir.path()) {
                keys.extend(
                    files
                        .flatten()
                        .map(|f| f.file_name().to_string_lossy().into_owned()),
                );
            }
        }
    }
    keys.sort();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_kept_once_under_its_content() {
        let root = std::env::temp_dir().join(format!(
            "selaras-blobs-{}",
            super::super::super::store::new_id()
        ));
        let a = put(&root, b"laporan", "xlsx").expect("put");
        assert_eq!(a, format!("{}.xlsx", sha256(b"laporan")));
        assert_eq!(put(&root, b"laporan", "xlsx").expect("again"), a);
        assert_eq!(std::fs::read(path(&root, &a)).expect("read"), b"laporan");
        assert_eq!(list(&root), std::slice::from_ref(&a));
        assert!(is_key(&a));
        assert!(!is_key("../../etc/passwd.xlsx"));
        assert!(!is_key(&a.replace(".xlsx", ".exe")));
        // The standard test vector.
        assert_eq!(
            sha256(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
