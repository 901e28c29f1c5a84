//! What a user sees, pinned: the command-line cases of `tests/cli/cases.txt`
//! (data, one case a line) each give one insta snapshot of their exit code,
//! stdout and stderr, and, for a case that writes a file (`{out}`), every part of
//! that file that differs from its input, byte for byte. A change to any message,
//! figure or written byte shows as a snapshot diff to review:
//! `INSTA_UPDATE=always cargo test --test suite pinned::`, then `git diff`.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

const CASES: &str = "tests/cli/cases.txt";

struct Case {
    name: String,
    args: Vec<String>,
}

fn cases() -> Vec<Case> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join(CASES)).expect("the cases file");
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut words = line.split_whitespace().map(str::to_string);
        let name = words.next().expect("a name");
        assert!(
            seen.insert(name.clone()),
            "{CASES}:{}: case {name} named twice",
            i + 1
        );
        out.push(Case {
            name,
            args: words.collect(),
        });
    }
    out
}

/// The parts of a zip package by name; empty when the file is not one.
fn parts(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let Ok(file) = std::fs::File::open(path) else {
        return out;
    };
    let Ok(mut zip) = zip::ZipArchive::new(file) else {
        return out;
    };
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).expect("a readable part");
        let mut bytes = Vec::new();
        part.read_to_end(&mut bytes).expect("a part unpacks");
        let name = part.name().expect("a part name").to_string();
        out.insert(name, bytes);
    }
    out
}

/// Every part of the written file that is new or differs from the input's, and
/// every part of the input it dropped.
fn changed_parts(input: &Path, written: &Path) -> String {
    let before = parts(input);
    let after = parts(written);
    if !written.exists() {
        return "(nothing written)\n".into();
    }
    let mut out = String::new();
    for (name, bytes) in &after {
        let state = match before.get(name) {
            Some(old) if old == bytes => continue,
            Some(_) => "changed",
            None => "new",
        };
        out.push_str(&format!("=== {name} ({state})\n"));
        match std::str::from_utf8(bytes) {
            Ok(text) => out.push_str(text),
            Err(_) => out.push_str(&format!("({} bytes, not text)", bytes.len())),
        }
        out.push('\n');
    }
    for name in before.keys().filter(|n| !after.contains_key(*n)) {
        out.push_str(&format!("=== {name} (removed)\n"));
    }
    out
}

fn run(case: &Case, dir: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out_base = dir.join(&case.name);
    let out_text = out_base
        .to_str()
        .expect("a UTF-8 temporary path")
        .to_string();
    let args: Vec<String> = case
        .args
        .iter()
        .map(|a| a.replace("{out}", &out_text))
        .collect();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_selaras"))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .env_remove("NO_COLOR")
        // Word dates its tracked changes: one fixed moment keeps them comparable.
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .current_dir(root)
        .args(&args)
        .output()
        .expect("the selaras binary runs");
    let clean = |b: &[u8]| String::from_utf8_lossy(b).replace(&out_text, "{out}");
    let mut shot = format!(
        "exit: {:?}\n--- stdout\n{}\n--- stderr\n{}",
        o.status.code(),
        clean(&o.stdout),
        clean(&o.stderr)
    );
    // The written file, against the first input of its kind.
    if let Some(template) = case.args.iter().find(|a| a.contains("{out}")) {
        let written = PathBuf::from(template.replace("{out}", &out_text));
        let ext = written.extension().map(|e| e.to_os_string());
        let input = case
            .args
            .iter()
            .map(|a| root.join(a))
            .find(|p| p.is_file() && p.extension().map(|e| e.to_os_string()) == ext)
            .expect("a case that writes a file names an input of its kind");
        shot.push_str("\n--- written\n");
        shot.push_str(&changed_parts(&input, &written));
    }
    shot
}

fn check(filter: impl Fn(&str) -> bool) {
    let dir = crate::common::fresh_dir("pinned");
    let chosen: Vec<Case> = cases().into_iter().filter(|c| filter(&c.name)).collect();
    assert!(!chosen.is_empty(), "no case chosen");
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        for case in &chosen {
            let shot = run(case, &dir);
            settings_description(case, || insta::assert_snapshot!(case.name.as_str(), shot));
        }
    });
    let _ = std::fs::remove_dir_all(&dir);
}

/// The snapshot file names the command it came from.
fn settings_description(case: &Case, f: impl FnOnce()) {
    let mut s = insta::Settings::clone_current();
    s.set_description(format!("selaras {}", case.args.join(" ")));
    s.bind(f);
}

#[test]
fn checks_of_workbooks() {
    check(|n| n.starts_with("check-") || n.starts_with("tables-"));
}

#[test]
fn drafts_reconcile_diff_and_the_page() {
    check(|n| {
        ["docx-", "reconcile-", "diff-", "html-"]
            .iter()
            .any(|p| n.starts_with(p))
    });
}

#[test]
fn explain_and_rules() {
    check(|n| n.starts_with("explain-") || n.starts_with("rules-"));
}

#[test]
fn what_fix_writes() {
    check(|n| n.starts_with("fix-"));
}

#[test]
fn every_case_belongs_to_a_test() {
    let known = [
        "check-",
        "tables-",
        "docx-",
        "reconcile-",
        "diff-",
        "html-",
        "explain-",
        "rules-",
        "fix-",
    ];
    for c in cases() {
        assert!(
            known.iter().any(|p| c.name.starts_with(p)),
            "case {} is run by no test: start its name with one of {known:?}",
            c.name
        );
    }
}
