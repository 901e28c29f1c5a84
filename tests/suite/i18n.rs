//! The message catalogues: every key in every language, with the same placeholders,
//! and every key the code names exists.

use selaras::{placeholders, Lang};

#[test]
fn every_key_is_in_every_language_with_the_same_placeholders() {
    let en = Lang::english();
    let mut problems = Vec::new();
    for lang in Lang::all() {
        for other in Lang::all().filter(|o| *o != lang) {
            for key in lang.keys() {
                if !other.keys().any(|k| k == key) {
                    problems.push(format!(
                        "`{key}` is in lang/{}.toml but not in lang/{}.toml",
                        lang.code(),
                        other.code()
                    ));
                }
            }
        }
        for key in en.keys() {
            if let (Some(a), Some(b)) = (en.template(key), lang.template(key)) {
                if placeholders(a) != placeholders(b) {
                    problems.push(format!(
                        "`{key}`: lang/en.toml uses {:?}, lang/{}.toml uses {:?}",
                        placeholders(a),
                        lang.code(),
                        placeholders(b)
                    ));
                }
            }
        }
    }
    assert!(Lang::all().count() >= 2, "English and Indonesian at least");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every `msg!("key")` and `Msg::new("key")` in the source names a key English has.
#[test]
fn every_key_the_code_names_exists() {
    let en = Lang::english();
    let mut missing = Vec::new();
    let mut seen = 0;
    let mut stack = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src"
    ))];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.extension().is_none_or(|e| e != "rs") || p.ends_with("i18n.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            for opener in ["msg!(\"", "Msg::new(\"", ".t(\""] {
                for (i, _) in text.match_indices(opener) {
                    let rest = &text[i + opener.len()..];
                    let key = &rest[..rest.find('"').unwrap()];
                    seen += 1;
                    if en.template(key).is_none() {
                        missing.push(format!("{}: `{key}`", p.display()));
                    }
                }
            }
        }
    }
    assert!(
        seen > 0,
        "no message keys found in src/: the scan is broken"
    );
    missing.sort();
    missing.dedup();
    assert!(
        missing.is_empty(),
        "keys missing from lang/en.toml:\n{}",
        missing.join("\n")
    );
}

/// Every finding of every workbook fixture, each message, formula and help in
/// both languages: (file, code, language, text).
/// Every workbook fixture, in order.
fn fixture_books() -> Vec<std::path::PathBuf> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut files = Vec::new();
    for dir in [
        "",
        "forms",
        "formulas",
        "variants",
        "real-world",
        "reconcile/budget",
    ] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "xlsx" || x == "xls") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

fn every_text() -> Vec<(String, String, &'static str, String)> {
    let rules = selaras::Rules::built_in().expect("rules");
    let mut out = Vec::new();
    for p in fixture_books() {
        let Ok(r) = selaras::check_path(&p, &rules) else {
            continue;
        };
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        for f in &r.findings {
            for (lang, code) in [
                (selaras::Lang::english(), "en"),
                (selaras::Lang::indonesian(), "id"),
            ] {
                let texts = [Some(&f.message), f.formula.as_ref(), Some(&f.help)];
                for t in texts.into_iter().flatten() {
                    out.push((
                        name.clone(),
                        f.code.as_str().to_string(),
                        code,
                        t.render(lang),
                    ));
                }
            }
        }
        // The reasons a problem gives for the cell it blames.
        for p in selaras::group_problems(&r.findings, &r.tables) {
            let reason = match &p.blame {
                selaras::Blame::One { reason, .. } | selaras::Blame::Tied { reason, .. } => reason,
                selaras::Blame::None => continue,
            };
            for (lang, code) in [
                (selaras::Lang::english(), "en"),
                (selaras::Lang::indonesian(), "id"),
            ] {
                out.push((name.clone(), "problem".into(), code, reason.render(lang)));
            }
        }
    }
    out
}

/// The text outside what it quotes from the workbook ('…').
fn unquoted(text: &str) -> String {
    text.split('\'')
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .map(|(_, s)| s)
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn findings_speak_without_interval_notation_or_stray_english() {
    // A reader of the report sees ranges as the table writes them ("more than
    // 60 up to 65"), never (60; 65] or −∞; and the Indonesian report has no
    // English sentence in it outside the workbook's own words.
    let interval = regex::Regex::new(r"[\[(]-?[0-9][0-9.,]*; ?-?[0-9][0-9.,]*[\])]|[\[(]−∞|∞[\])]")
        .expect("regex");
    let english =
        regex::Regex::new(r"\b(the|is|but|which|gives|should|between|and|of|with|from|rows?)\b")
            .expect("regex");
    // Words of the program, not of the report's readers (a finance officer
    // reads "galat" as a programmer's word, "pembacaan" as a reading aloud).
    let jargon =
        regex::Regex::new(r"(?i)\b(galat|pembacaan|pohon kode|angka tingkat)\b").expect("regex");
    let mut bad = Vec::new();
    for (file, code, lang, text) in every_text() {
        let own = unquoted(&text);
        if interval.is_match(&own) || own.contains('∞') {
            bad.push(format!("{file} {code} {lang}: {text}"));
        }
        if lang == "id" {
            if let Some(m) = english.find(&own).or_else(|| jargon.find(&own)) {
                bad.push(format!("{file} {code} id ('{}'): {text}", m.as_str()));
            }
        }
    }
    bad.sort();
    bad.dedup();
    assert!(bad.is_empty(), "{} texts:\n{}", bad.len(), bad.join("\n"));
}

#[test]
fn a_column_a_finding_names_is_one_column_of_its_table() {
    // Tabel 3.6 has two "Nilai" columns (Setda, Kabupaten), Tabel 3.5 three
    // "R" (2022, 2023, 2024): a finding names the one it means ("Nilai
    // Kabupaten", "R 2023"), never a name two columns of its table share.
    let rules = selaras::Rules::built_in().expect("rules");
    let mut bad = Vec::new();
    let mut named = 0;
    for p in fixture_books() {
        let Ok(book) = selaras::Workbook::open(&p) else {
            continue;
        };
        let Ok(report) = selaras::check_path(&p, &rules) else {
            continue;
        };
        let (tables, _) = selaras::read_tables(&book, &rules);
        for t in &tables {
            // Each column's name, with every sheet column that goes by it.
            let mut names: std::collections::HashMap<String, Vec<u32>> = Default::default();
            for c in 0..rules.tables[t.rule].columns.len() {
                for (i, m) in t.members(c).iter().enumerate() {
                    let cols = names.entry(t.member_header(c, i)).or_default();
                    if !cols.contains(&m.col) {
                        cols.push(m.col);
                    }
                }
            }
            for f in report
                .findings
                .iter()
                .filter(|f| f.table == t.name && *f.at.sheet == t.sheet)
            {
                if let Some(cols) = names.get(&f.column_label) {
                    named += 1;
                    if cols.len() > 1 {
                        bad.push(format!(
                            "{} {} {}: '{}' names {} columns",
                            p.file_name().unwrap().to_string_lossy(),
                            f.code,
                            f.at,
                            f.column_label,
                            cols.len()
                        ));
                    }
                }
            }
        }
    }
    assert!(
        named > 100,
        "only {named} findings name a column of their table"
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
