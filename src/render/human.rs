//! The human report: one miette diagnostic per finding — code, severity, the
//! cell, what was found and expected, the formula with its operands, the cell's
//! table, row and column in the report's own words, and what to do — then one
//! summary line.

use std::fmt;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};

use super::Outcome;
use crate::finding::{Finding, Severity, Tally};

/// How to draw: a fixed width and no colour make the output testable.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub width: usize,
    pub color: bool,
}

struct Shown<'a>(&'a Finding);

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0, f)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let x = self.0;
        write!(f, "{}: {}", x.at, x.message)?;
        if x.table.is_empty() {
            return Ok(());
        }
        writeln!(f)?;
        let mut place = format!("in {}", x.table);
        if x.at.is_paragraph() {
            // A sentence of a Word draft: `table` is its headings, `row_label` the sentence.
            place.push_str(&format!(": \"{}\"", x.row_label));
        } else if !x.row_label.is_empty() {
            place.push_str(&format!(", row '{}'", x.row_label));
        }
        if !x.column_label.is_empty() {
            place.push_str(&format!(", column '{}'", x.column_label));
        }
        write!(f, "{place}")?;
        // Figures in the user's style; texts are already quoted in the message.
        if let (Some(found), Some(expected)) = (figure(&x.found), figure(&x.expected)) {
            write!(f, "\nfound {found}, expected {expected}")?;
        }
        if let Some(formula) = &x.formula {
            write!(f, "\n{formula}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Shown<'_> {}

/// A JSON decimal string (`12.99`) as the report writes it (`12,99`).
fn figure(value: &Option<String>) -> Option<String> {
    let d = value.as_deref()?.parse::<rust_decimal::Decimal>().ok()?;
    Some(crate::number::format_id(d, d.scale()))
}

impl Diagnostic for Shown<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        // The severity in words, for readers who do not know miette's symbols.
        Some(Box::new(format!(
            "{}[{}]",
            self.0.severity.as_str(),
            self.0.code
        )))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.0.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.0.help.is_empty()).then(|| Box::new(self.0.help.as_str()) as Box<dyn fmt::Display>)
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn render(outcomes: &[Outcome], style: Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(style.width);
    let mut out = String::new();
    let mut tally = Tally::default();
    let mut unreadable = 0;
    for outcome in outcomes {
        match outcome {
            Ok(report) => {
                out.push_str(&format!(
                    "{}: {} recognised\n",
                    report.path,
                    plural(report.tables.len(), "table", "tables")
                ));
                if let Some(fixed) = &report.fixed {
                    out.push_str(&format!(
                        "  corrected {} in {} (the input is unchanged):\n",
                        plural(fixed.changes.len(), "cell", "cells"),
                        fixed.output
                    ));
                    if fixed.partial_layout {
                        let ext = std::path::Path::new(&report.path)
                            .extension()
                            .map(|e| format!(".{}", e.to_string_lossy().to_lowercase()))
                            .unwrap_or_else(|| "not an .xlsx".into());
                        out.push_str(&format!(
                            "  the layout could only partly be kept: the input was {ext}, written anew as .xlsx with its values, the percent formats of its figures and the merged ranges the format gives (styles, widths and other formats are not carried over)\n"
                        ));
                    }
                    for (at, old, new, code) in &fixed.changes {
                        out.push_str(&format!("    {at}  {old} -> {new}  ({code})\n"));
                    }
                    if fixed.suggested > 0 {
                        out.push_str(&format!(
                            "  {} not applied because {} on a guess (--unsafe-fixes applies them); below, what remains:\n",
                            plural(fixed.suggested, "fix", "fixes"),
                            if fixed.suggested == 1 { "it rests" } else { "they rest" }
                        ));
                    } else {
                        out.push_str(
                            "  below, what remains (no single correct value follows for these):\n",
                        );
                    }
                }
                for h in &report.hidden_sheets {
                    out.push_str(&format!("  note: sheet '{h}' is hidden; its tables were checked (unhide it to see the cells)\n"));
                }
                // Errors first, then warnings, then information; each in reading order.
                let mut findings: Vec<&Finding> = report.findings.iter().collect();
                findings.sort_by_key(|f| f.severity);
                for f in findings {
                    tally.add(f.severity);
                    out.push('\n');
                    if handler.render_report(&mut out, &Shown(f)).is_err() {
                        out.push_str(&format!("{}\n", Shown(f)));
                    }
                }
            }
            Err(e) => {
                unreadable += 1;
                out.push_str(&format!("error: {e}\n"));
            }
        }
    }
    if !out.ends_with("\n\n") {
        out.push('\n');
    }
    let read = outcomes.len() - unreadable;
    out.push_str(&format!(
        "{} checked: {}, {}, {}",
        plural(read, "file", "files"),
        plural(tally.errors, "error", "errors"),
        plural(tally.warnings, "warning", "warnings"),
        plural(tally.infos, "info", "infos"),
    ));
    if unreadable > 0 {
        out.push_str(&format!(
            "; {} could not be read",
            plural(unreadable, "file", "files")
        ));
    }
    out.push('\n');
    out
}
