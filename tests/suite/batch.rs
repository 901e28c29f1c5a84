//! Many files at once: folders searched through, files checked in parallel, the
//! report in input order and identical to a sequential run, one unreadable file
//! reported while the rest are still checked.

use crate::common::{selaras, stdout};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A folder of workbooks in sub-folders, with a broken one and a non-workbook.
fn batch_folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("selaras-batch-{name}-{}", std::process::id()));
    // Fresh: a leftover of an earlier run under the same process id is not ours.
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    for (sub, file, copies) in [
        ("2023", "lkjip-setda-kebumen-2024.xlsx", 3),
        ("2024", "dinkes-contoh-2024.xlsx", 3),
        ("2024/bersih", "lkjip-setda-kebumen-2024-clean.xlsx", 2),
    ] {
        std::fs::create_dir_all(dir.join(sub)).expect("folder");
        for i in 0..copies {
            std::fs::copy(
                fixtures.join(file),
                dir.join(sub).join(format!("unit-{i}-{file}")),
            )
            .expect("copy");
        }
    }
    std::fs::write(dir.join("2024/rusak.xlsx"), b"PK\x03\x04 not really a zip").expect("broken");
    std::fs::write(dir.join("2024/catatan.txt"), "not a workbook").expect("note");
    dir
}

#[test]
fn a_folder_is_checked_in_parallel_in_input_order_like_a_sequential_run() {
    let dir = batch_folder("order");
    let d = dir.to_str().expect("utf-8");
    let one = selaras(&["check", "-j", "1", "--color", "never", d]);
    let two = selaras(&["check", "-j", "2", "--color", "never", d]);
    let _ = std::fs::remove_dir_all(&dir);
    // The broken file is reported, the rest are checked: the worst outcome wins.
    assert_eq!(one.status.code(), Some(2));
    assert_eq!(two.status.code(), Some(2));
    assert_eq!(stdout(&one), stdout(&two));
    let out = stdout(&two);
    assert!(
        out.ends_with(
            "8 files checked: 105 problems (57 errors, 24 warnings, 24 infos); 1 file could not be read\n"
        ),
        "{out}"
    );
    // Files in the order a sorted walk of the folder gives, the note not among them.
    let order: Vec<&str> = out
        .lines()
        .filter(|l| l.ends_with(" recognised") || l.starts_with("error: "))
        .map(|l| l.strip_prefix(d).unwrap_or(l))
        .map(|l| l.split(':').next().unwrap_or(l))
        .collect();
    assert_eq!(
        order,
        [
            "/2023/unit-0-lkjip-setda-kebumen-2024.xlsx",
            "/2023/unit-1-lkjip-setda-kebumen-2024.xlsx",
            "/2023/unit-2-lkjip-setda-kebumen-2024.xlsx",
            "/2024/bersih/unit-0-lkjip-setda-kebumen-2024-clean.xlsx",
            "/2024/bersih/unit-1-lkjip-setda-kebumen-2024-clean.xlsx",
            "error",
            "/2024/unit-0-dinkes-contoh-2024.xlsx",
            "/2024/unit-1-dinkes-contoh-2024.xlsx",
            "/2024/unit-2-dinkes-contoh-2024.xlsx",
        ]
    );
    assert!(out.contains("rusak.xlsx"), "{out}");
}

/// Piped (as here), there is no progress bar: stderr stays empty.
#[test]
fn no_progress_bar_when_piped() {
    let o = selaras(&[
        "check",
        "fixtures/lkjip-setda-kebumen-2024.xlsx",
        "fixtures/dinkes-contoh-2024.xlsx",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn an_empty_folder_is_an_error_that_names_it() {
    let dir = std::env::temp_dir().join(format!("selaras-batch-empty-{}", std::process::id()));
    // Fresh: a leftover of an earlier run under the same process id is not ours.
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("folder");
    let o = selaras(&["check", dir.to_str().expect("utf-8")]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("no workbooks") && err.contains("selaras-batch-empty"),
        "{err}"
    );
}

/// On a terminal (a pseudo-terminal from `script`), the bar shows on stderr once
/// the work outlasts a moment (set to 0 here), and is gone at the end.
#[test]
fn progress_bar_on_a_terminal() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: `script` (util-linux) is not installed");
        return;
    }
    let command = format!(
        "{} check --color never fixtures/lkjip-setda-kebumen-2024.xlsx fixtures/dinkes-contoh-2024.xlsx >/dev/null",
        env!("CARGO_BIN_EXE_selaras")
    );
    let o = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("SELARAS_PROGRESS_AFTER_MS", "0")
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("script runs");
    let shown = String::from_utf8_lossy(&o.stdout);
    assert!(shown.contains("checking ["), "{shown:?}");
    assert!(shown.contains("/2 "), "{shown:?}");
    // With --quiet, nothing.
    let quiet = Command::new("script")
        .args([
            "-qec",
            &command.replace(" check ", " check --quiet "),
            "/dev/null",
        ])
        .env("SELARAS_PROGRESS_AFTER_MS", "0")
        .env("LANG", "C")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("script runs");
    assert!(!String::from_utf8_lossy(&quiet.stdout).contains("checking"));
}
