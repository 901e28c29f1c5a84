//! `--baseline OLD.json`: the problems a JSON report of an earlier run already
//! had. They stay in the report, marked, and the exit code counts only the new
//! ones. Problems are matched by fingerprint (code, kind of table, row label,
//! column header), which rows inserted above do not change.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::Problem;
use crate::finding::Finding;
use crate::TableInfo;

/// The fingerprints of an earlier report, by file name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baseline {
    files: BTreeMap<String, BTreeSet<String>>,
}

/// The file name of a path as a report writes it (`laporan/x.xlsx` → `x.xlsx`).
fn name_of(path: &str) -> String {
    path.rsplit(['/', '\\']).next().unwrap_or(path).to_string()
}

impl Baseline {
    pub fn load(path: &Path) -> Result<Baseline, crate::i18n::Msg> {
        let bad = |why: String| {
            crate::msg!(
                "baseline.bad-file",
                file = path.display().to_string(),
                error = why
            )
        };
        let text = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
        Baseline::parse(&text).map_err(bad)
    }

    pub fn parse(text: &str) -> Result<Baseline, String> {
        let doc: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if doc.get("version").and_then(|v| v.as_u64()) != Some(1) {
            return Err("not a selaras JSON report (version 1)".to_string());
        }
        let mut files = BTreeMap::new();
        for file in doc
            .get("files")
            .and_then(|f| f.as_array())
            .into_iter()
            .flatten()
        {
            let path = file.get("path").and_then(|p| p.as_str()).unwrap_or("");
            let mut prints = BTreeSet::new();
            for list in ["problems", "findings"] {
                for item in file
                    .get(list)
                    .and_then(|l| l.as_array())
                    .into_iter()
                    .flatten()
                {
                    if let Some(fp) = item.get("fingerprint").and_then(|f| f.as_str()) {
                        prints.insert(fp.to_string());
                    }
                }
            }
            let has_findings = file
                .get("findings")
                .and_then(|l| l.as_array())
                .is_some_and(|l| !l.is_empty());
            if has_findings && prints.is_empty() {
                return Err(
                    "its findings carry no fingerprint: write it again with this version of selaras"
                        .to_string(),
                );
            }
            files.insert(name_of(path), prints);
        }
        Ok(Baseline { files })
    }

    /// The fingerprints kept for `path`: by file name, or, when the baseline
    /// holds one file only, that file's (a renamed copy of the same workbook).
    fn prints_for(&self, path: &str) -> Option<&BTreeSet<String>> {
        self.files.get(&name_of(path)).or_else(|| {
            (self.files.len() == 1)
                .then(|| self.files.values().next())
                .flatten()
        })
    }

    /// Marks the problems of the file at `path` that the baseline already had:
    /// one whose fingerprint, or any of whose findings' fingerprints, it holds.
    pub fn mark(
        &self,
        path: &str,
        problems: &mut [Problem],
        findings: &[Finding],
        tables: &[TableInfo],
    ) {
        let Some(prints) = self.prints_for(path) else {
            return;
        };
        for p in problems.iter_mut() {
            p.baseline = prints.contains(&p.fingerprint)
                || p.findings
                    .iter()
                    .filter_map(|&i| findings.get(i))
                    .any(|f| prints.contains(&super::fingerprint(f, tables)));
        }
    }
}
