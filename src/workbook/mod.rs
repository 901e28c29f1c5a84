//! A workbook as selaras sees it: sheets of raw cells (value plus number format),
//! their merged ranges, and A1 addresses. calamine opens the workbook; an .xlsx
//! sheet's cells are read in one pass by the quick reader (`workbook/quick.rs`)
//! when it holds only what that reader reads, and by calamine otherwise, with the
//! same result either way. Nothing here interprets a figure (that is `number.rs`
//! and `table.rs`).

use crate::i18n::Msg;
use crate::msg;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::{Read, Seek};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use calamine::{Data, DataRef, Dimensions, Reader, SheetType, SheetVisible, Sheets};
use rust_decimal::Decimal;

mod grid;
mod quick;
mod scan;
mod tags;

use grid::{Grid, Peek, Value};

mod address;
mod biff;
mod cfb;
mod decimal;
mod diagnose;
mod hash;
pub use hash::BuildPositionHasher;
mod read;
mod sheet;

pub use self::address::{column_name, quote_sheet, CellAddr, Location, Name, SheetName};
pub use self::sheet::{
    Limits, LoadError, Look, Override, Raw, Sheet, Workbook, MAX_CELLS, MAX_COL, MAX_PART_BYTES,
    MAX_ROW,
};
use self::{decimal::*, diagnose::*, hash::*, read::*};

#[cfg(test)]
mod tests;
