//! Renderers: one file per output format. They only turn reports into text.

pub mod diff;
pub mod explain;
pub mod html;
pub mod human;
pub mod json;
pub mod tables;

use crate::error::FileError;
use crate::FileReport;

/// What checking one input gave: a report, or why it could not be read.
pub type Outcome = Result<FileReport, FileError>;
