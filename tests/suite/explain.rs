//! `selaras explain` and `selaras rules`: the tool explaining itself.

use crate::common::{selaras, stdout};

use selaras::{Code, Lang};

/// Every code is explained in full, in every language.
#[test]
fn every_code_is_explained_in_every_language() {
    let mut missing = Vec::new();
    for lang in Lang::all() {
        for code in Code::ALL {
            for part in ["summary", "formula", "basis", "example", "action"] {
                if code.explain(lang, part).trim().is_empty() {
                    missing.push(format!(
                        "lang/{}.toml: explain.{}.{part}",
                        lang.code(),
                        code.as_str()
                    ));
                }
            }
        }
    }
    assert!(missing.is_empty(), "missing:\n{}", missing.join("\n"));
}

#[test]
fn explain_a_code_in_both_languages() {
    let o = selaras(&["explain", "index-mismatch"]);
    assert_eq!(o.status.code(), Some(0));
    let en = stdout(&o);
    assert!(
        en.starts_with(
            "index-mismatch (error)\n\nAn index (IKM) differs from the mean of its elements.\n"
        ),
        "{en}"
    );
    for heading in ["Formula:", "Basis:", "Example:", "What to do:"] {
        assert!(en.contains(heading), "{heading} in {en}");
    }
    assert!(en.contains("PermenPAN-RB 14/2017"), "{en}");
    // As the report shows it: `error[index-mismatch]`.
    let id = stdout(&selaras(&[
        "explain",
        "--lang",
        "id",
        "error[index-mismatch]",
    ]));
    assert!(
        id.starts_with("index-mismatch (kesalahan)\n\nIndeks (IKM) berbeda"),
        "{id}"
    );
    assert!(id.contains("Yang harus dilakukan:"), "{id}");
    // --lang is global: before the subcommand too.
    let before = stdout(&selaras(&[
        "--lang",
        "id",
        "explain",
        "error[index-mismatch]",
    ]));
    assert_eq!(before, id);
}

#[test]
fn explain_without_a_code_lists_them_all_and_an_unknown_code_exits_2() {
    let all = stdout(&selaras(&["explain"]));
    for code in Code::ALL {
        assert!(
            all.contains(&format!("  {} ", code.as_str())),
            "{code} in {all}"
        );
    }
    let o = selaras(&["explain", "sum-mismatches"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("no finding code `sum-mismatches`") && err.contains("sum-mismatch,"),
        "{err}"
    );
}

#[test]
fn rules_lists_every_table_kind_and_where_it_came_from() {
    let o = selaras(&["rules"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let rules = selaras::Rules::built_in().expect("built-in rules");
    assert!(
        out.starts_with(&format!("{} table kinds recognised:", rules.tables.len())),
        "{out}"
    );
    for t in &rules.tables {
        assert!(
            out.contains(&format!("\n{}  {}\n", t.id, t.name)),
            "{} in {out}",
            t.id
        );
    }
    assert!(out.contains("realisasi-anggaran  "), "{out}");
    assert!(
        out.contains("built in (rules/realisasi-anggaran.toml)"),
        "{out}"
    );
    assert!(out.contains("checks: capaian, ratio, sum\n"), "{out}");

    // A user's rule shows its own file.
    let dir = std::env::temp_dir().join(format!("selaras-rules-{}", std::process::id()));
    // Fresh: a leftover of an earlier run under the same process id is not ours.
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(
        dir.join("kunjungan.toml"),
        "id = \"kunjungan\"\nname = \"Kunjungan\"\n[[column]]\nkey = \"nama\"\nheader = [\"Nama\"]\nkind = \"text\"\n[[column]]\nkey = \"jumlah\"\nheader = [\"Jumlah\"]\nkind = \"number\"\n[[row]]\nkind = \"item\"\ncolumn = \"nama\"\n",
    )
    .expect("rule written");
    let o = selaras(&[
        "rules",
        "--lang",
        "id",
        "--rules",
        dir.to_str().expect("utf-8"),
    ]);
    let out = stdout(&o);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(out.contains("\nkunjungan  Kunjungan\n  dari "), "{out}");
    assert!(out.contains("kunjungan.toml"), "{out}");
    assert!(
        out.contains("bawaan: rules/realisasi-anggaran.toml"),
        "{out}"
    );
}
