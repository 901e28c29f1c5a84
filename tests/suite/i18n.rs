//! The message catalogues: every key in every language, with the same placeholders,
//! and every key the code names exists.

use selaras::i18n::{placeholders, Lang};

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
