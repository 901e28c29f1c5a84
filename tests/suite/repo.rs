//! The repository itself: no merge leftovers in what CI and users read.

#[test]
fn no_conflict_markers_in_sources_docs_or_ci() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stack = vec![
        root.join("src"),
        root.join("lang"),
        root.join("rules"),
        root.join("tests"),
        root.join("examples"),
        root.join("bench"),
        root.join(".ci"),
    ];
    let mut files = vec![
        root.join("README.md"),
        root.join("Cargo.toml"),
        root.join("build.rs"),
    ];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                if !p.ends_with("out") && !p.ends_with(".venv") {
                    stack.push(p);
                }
            } else {
                files.push(p);
            }
        }
    }
    let mut found = Vec::new();
    for f in &files {
        let Ok(text) = std::fs::read_to_string(f) else {
            continue; // binary files
        };
        for (i, line) in text.lines().enumerate() {
            if line.starts_with("<<<<<<< ") || line.starts_with(">>>>>>> ") {
                found.push(format!("{}:{}", f.display(), i + 1));
            }
        }
    }
    assert!(
        files.len() > 50,
        "the scan found too few files: {}",
        files.len()
    );
    assert!(
        found.is_empty(),
        "merge conflict markers at:\n{}",
        found.join("\n")
    );
}
