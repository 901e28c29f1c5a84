//! Writing outputs safely: never over the input (even through another name for
//! it), never over an existing file unless asked, and never half a file: the
//! output is written to a temporary file beside it and renamed into place.

use std::path::{Path, PathBuf};

/// `laporan.xlsx` -> `laporan.corrected.xlsx`, beside the input.
pub fn corrected_path(input: &Path) -> PathBuf {
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "workbook".into());
    input.with_file_name(format!("{stem}.corrected.xlsx"))
}

/// Refuses an output that is the input, or that exists when `force` is not given.
pub fn check_target(input: &Path, output: &Path, force: bool) -> Result<(), crate::i18n::Msg> {
    if same_target(input, output) {
        return Err(crate::msg!(
            "write.is-input",
            output = output.display().to_string()
        ));
    }
    if output.exists() && !force {
        return Err(crate::msg!(
            "write.exists",
            output = output.display().to_string()
        ));
    }
    Ok(())
}

fn same_target(a: &Path, b: &Path) -> bool {
    let canonical = |p: &Path| -> Option<PathBuf> {
        if p.exists() {
            return p.canonicalize().ok();
        }
        let parent = p
            .parent()
            .filter(|q| !q.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        Some(parent.canonicalize().ok()?.join(p.file_name()?))
    };
    if let (Some(x), Some(y)) = (canonical(a), canonical(b)) {
        if x == y {
            return true;
        }
    }
    // The same file under another name (a hard link; on Windows, another case or
    // an 8.3 short name): the same device and file index, on every system.
    same_file::is_same_file(a, b).unwrap_or(false)
}

/// Writes through `write` into a temporary file beside `output`, then renames it
/// into place; on any failure the temporary file is removed and nothing is left.
pub fn write_atomically<E: std::fmt::Display>(
    output: &Path,
    write: impl FnOnce(&Path) -> Result<(), E>,
) -> Result<(), String> {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = output.with_file_name(format!(".{name}.selaras-{}.tmp", std::process::id()));
    let _ = std::fs::remove_file(&temp);
    // Removes the temporary file on every way out that is not success, a panic
    // unwinding through the writer included.
    let mut cleanup = Cleanup {
        path: &temp,
        keep: false,
    };
    if let Err(e) = write(&temp) {
        return Err(format!("cannot write {}: {e}", output.display()));
    }
    std::fs::rename(&temp, output)
        .map_err(|e| format!("cannot put {} in place: {e}", output.display()))?;
    cleanup.keep = true;
    Ok(())
}

struct Cleanup<'a> {
    path: &'a Path,
    keep: bool,
}

impl Drop for Cleanup<'_> {
    fn drop(&mut self) {
        if !self.keep {
            let _ = std::fs::remove_file(self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_name_is_beside_the_input() {
        assert_eq!(
            corrected_path(Path::new("data/laporan.xlsx")),
            PathBuf::from("data/laporan.corrected.xlsx")
        );
    }

    #[test]
    fn refuses_the_input_and_an_existing_output() {
        let dir = std::env::temp_dir().join(format!("selaras-output-{}", std::process::id()));
        // Fresh: a leftover of an earlier run under the same process id is not ours.
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("dir");
        let input = dir.join("laporan.xlsx");
        std::fs::write(&input, b"x").expect("write");
        assert!(check_target(&input, &input, true).is_err());
        // The same file through another name.
        let other = dir.join(".").join("laporan.xlsx");
        assert!(check_target(&input, &other, true).is_err());
        #[cfg(unix)]
        {
            let link = dir.join("tautan.xlsx");
            let _ = std::fs::remove_file(&link);
            std::fs::hard_link(&input, &link).expect("link");
            assert!(check_target(&input, &link, true).is_err());
        }
        let out = dir.join("hasil.xlsx");
        std::fs::write(&out, b"y").expect("write");
        assert!(check_target(&input, &out, false).is_err());
        assert!(check_target(&input, &out, true).is_ok());
    }

    #[test]
    fn a_panic_while_writing_leaves_nothing() {
        let dir = std::env::temp_dir().join(format!("selaras-panic-{}", std::process::id()));
        // Fresh: a leftover of an earlier run under the same process id is not ours.
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("dir");
        let out = dir.join("hasil.xlsx");
        let caught = std::panic::catch_unwind(|| {
            let _ = write_atomically(&out, |tmp| -> Result<(), String> {
                std::fs::write(tmp, b"half").map_err(|e| e.to_string())?;
                panic!("a writer that breaks part-way");
            });
        });
        assert!(caught.is_err());
        assert_eq!(
            std::fs::read_dir(&dir).expect("dir").count(),
            0,
            "no temporary file is left"
        );
    }

    #[test]
    fn a_failed_write_leaves_nothing() {
        let dir = std::env::temp_dir().join(format!("selaras-atomic-{}", std::process::id()));
        // Fresh: a leftover of an earlier run under the same process id is not ours.
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("dir");
        let out = dir.join("hasil.xlsx");
        let r = write_atomically(&out, |tmp| {
            std::fs::write(tmp, b"half").map_err(|e| e.to_string())?;
            Err::<(), String>("disk full".into())
        });
        assert!(r.is_err());
        assert!(!out.exists());
        assert_eq!(std::fs::read_dir(&dir).expect("dir").count(), 0);
        write_atomically(&out, |tmp| std::fs::write(tmp, b"whole")).expect("writes");
        assert_eq!(std::fs::read(&out).expect("read"), b"whole");
    }
}
