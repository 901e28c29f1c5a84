//! `selaras explain CODE` and `selaras rules`: the tool explaining itself, in the
//! reader's language (as `ruff rule` does).

use crate::finding::Code;
use crate::i18n::Lang;
use crate::msg;
use crate::rules::{Check, Rules};

/// What one finding code means: its summary, formula, basis, an example, what to do.
pub fn code(code: Code, lang: Lang) -> String {
    let mut out = msg!(
        "explain.title",
        code = code.as_str(),
        severity = code.default_severity().word(lang)
    )
    .render(lang);
    out.push_str("\n\n");
    out.push_str(&code.explain(lang, "summary"));
    out.push_str("\n\n");
    for part in ["formula", "basis", "example", "action"] {
        let heading = match part {
            "formula" => lang.t("explain.formula"),
            "basis" => lang.t("explain.basis"),
            "example" => lang.t("explain.example"),
            _ => lang.t("explain.action"),
        };
        out.push_str(&format!("{heading}:\n  {}\n\n", code.explain(lang, part)));
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// Every code with its one-line summary.
pub fn all_codes(lang: Lang) -> String {
    let mut out = format!("{}\n\n", lang.t("explain.list"));
    let width = Code::ALL
        .iter()
        .map(|c| c.as_str().len())
        .max()
        .unwrap_or(0);
    let words = Code::ALL
        .iter()
        .map(|c| c.default_severity().word(lang).chars().count())
        .max()
        .unwrap_or(0);
    for c in Code::ALL {
        out.push_str(&format!(
            "  {:width$}  {:words$}  {}\n",
            c.as_str(),
            c.default_severity().word(lang),
            c.explain(lang, "summary")
        ));
    }
    out.push_str(&lang.t("explain.problems"));
    out.push('\n');
    out
}

/// The message for a code that does not exist, naming those that do.
pub fn unknown(name: &str, lang: Lang) -> String {
    let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    msg!("explain.unknown", code = name, codes = codes.join(", ")).render(lang)
}

/// Where a rule came from, in words: "built in (rules/x.toml)" or the user's file.
fn origin(origin: &str, lang: Lang) -> String {
    match origin.strip_prefix("built-in ") {
        Some(file) => msg!("rules.built-in", file = file).render(lang),
        None => msg!("rules.origin", origin = origin).render(lang),
    }
}

/// A check in the reader's words (the rules file's own word in English).
fn check_words(check: &Check, lang: Lang) -> String {
    let key = match check {
        Check::Ratio { .. } => "rules.check.ratio",
        Check::Capaian { .. } => "rules.check.capaian",
        Check::Sum { .. } => "rules.check.sum",
        Check::Average { .. } => "rules.check.average",
        Check::Efficiency { .. } => "rules.check.efficiency",
        Check::Equal { .. } => "rules.check.equal",
        Check::Range { .. } => "rules.check.range",
        Check::Repeat { .. } => "rules.check.repeat",
        Check::Index { .. } => "rules.check.index",
        Check::Quarters { .. } => "rules.check.quarters",
        Check::Scale { .. } => "rules.check.scale",
        Check::Category { .. } => "rules.check.category",
        Check::Recap { .. } => "rules.check.recap",
        Check::Hierarchy { .. } => "rules.check.hierarchy",
        Check::Tree { .. } => "rules.check.tree",
        Check::Add { .. } => "rules.check.add",
        Check::AtMost { .. } => "rules.check.at_most",
        Check::Mean { .. } => "rules.check.mean",
        Check::Kke { .. } => "rules.check.kke",
    };
    lang.t(key)
}

/// Every table kind recognised, with its columns, its checks, the tables it is
/// tied to, and the file it came from; then the scales.
pub fn rules(rules: &Rules, lang: Lang) -> String {
    let mut out = format!(
        "{}\n",
        msg!("rules.tables", n = rules.tables.len()).render(lang)
    );
    for t in &rules.tables {
        out.push_str(&format!("\n{}  {}\n", t.id, t.name));
        out.push_str(&format!("  {}\n", origin(&t.origin, lang)));
        if let Some(r) = &t.regulation {
            out.push_str(&format!(
                "  {}\n",
                msg!("rules.regulation", regulation = r.as_str()).render(lang)
            ));
        }
        let columns: Vec<String> = t
            .columns
            .iter()
            .map(|c| {
                if c.optional {
                    format!("{}?", c.key)
                } else {
                    c.key.clone()
                }
            })
            .collect();
        let line = if t.columns.iter().any(|c| c.optional) {
            msg!("rules.columns-optional", columns = columns.join(", "))
        } else {
            msg!("rules.columns", columns = columns.join(", "))
        };
        out.push_str(&format!("  {}\n", line.render(lang)));
        let mut checks: Vec<String> = Vec::new();
        for c in t.checks.iter().map(|c| check_words(c, lang)) {
            if !checks.contains(&c) {
                checks.push(c);
            }
        }
        if !checks.is_empty() {
            out.push_str(&format!(
                "  {}\n",
                msg!("rules.checks", checks = checks.join(", ")).render(lang)
            ));
        }
        let mut links: Vec<&str> = Vec::new();
        for l in &t.links {
            if !links.contains(&l.with.as_str()) {
                links.push(&l.with);
            }
        }
        if !links.is_empty() {
            out.push_str(&format!(
                "  {}\n",
                msg!("rules.links", tables = links.join(", ")).render(lang)
            ));
        }
        if let Some(l) = &t.ledger {
            let keys: Vec<&str> = [l.anggaran, l.realisasi]
                .into_iter()
                .flatten()
                .map(|i| t.columns[i].key.as_str())
                .collect();
            out.push_str(&format!(
                "  {}\n",
                msg!("rules.ledger", columns = keys.join(", ")).render(lang)
            ));
        }
    }
    if !rules.scales.is_empty() {
        out.push_str(&format!(
            "\n{}\n",
            msg!("rules.scales", n = rules.scales.len()).render(lang)
        ));
        for s in &rules.scales {
            out.push_str(&format!(
                "  {}  {} ({})\n",
                s.id,
                s.name,
                origin(&s.origin, lang)
            ));
        }
    }
    out
}
