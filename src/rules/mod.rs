//! Rules: tables described as data. One TOML file per kind of table says how to
//! find the table (its header texts), what each column means, how to tell its
//! rows apart, which relations hold between its cells and which cells must agree
//! with another table. The built-in rules (the `rules/` folder) are embedded in
//! the binary; `--rules DIR` adds files or replaces built-in ones of the same id.
//!
//! A file with an unknown key, a bad pattern or a relation that names a missing
//! column fails with the file, the line and the key.

use std::collections::HashSet;
use std::fmt;
use std::path::Path;

use rust_decimal::Decimal;
use serde::Deserialize;
use toml::de::DeValue;
use toml::Spanned;

use crate::finding::{Code, Severity};
use crate::scale::{parse_range, Interval};
use crate::text::{normalise, Pattern};

mod builtin;
mod file;
mod model;
mod validate;
pub mod vocabulary;

pub use self::builtin::BUILT_IN;
pub use self::model::{
    Band, Check, ColumnKind, ColumnRule, Compare, Ledger, LedgerFigure, Link, RowRole, RowRule,
    RuleError, Rules, SampleRule, ScaleRule, Select, TableRule,
};
pub(crate) use self::validate::{read, Build, CheckSpec, Kind};
use self::{file::*, validate::*};

#[cfg(test)]
mod tests;
