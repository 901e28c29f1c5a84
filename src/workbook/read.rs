//! Reading the sheets: calamine or the quick reader, the cells stored in the grid,
//! styles applied, on a thread alongside the byte scan for a large sheet.

use super::*;

/// Why reading the sheets stopped.
pub(super) enum SheetError {
    /// Past a limit: the reason, in words.
    Limit(Msg),
    /// A sheet the reader could not read.
    Read(String, calamine::Error),
}

pub(super) fn read_sheets<RS: Read + Seek + Send>(
    book: &mut Sheets<RS>,
    formulas: bool,
    limits: &Limits,
    mut package: Option<&mut scan::Package>,
    quick: bool,
) -> Result<Vec<Sheet>, SheetError> {
    let metas: Vec<calamine::Sheet> = book.sheets_metadata().to_vec();
    let mut sheets = Vec::new();
    let mut used = 0usize;
    for meta in metas {
        if meta.typ != SheetType::WorkSheet {
            continue;
        }
        let budget = limits.max_cells.saturating_sub(used);
        let too_many = |used: usize| {
            let key = if used > 0 {
                "load.too-many-cells-together"
            } else {
                "load.too-many-cells"
            };
            SheetError::Limit(
                Msg::new(key)
                    .arg("sheet", meta.name.as_str())
                    .arg("limit", limits.max_cells)
                    .arg("default", MAX_CELLS),
            )
        };
        let read = |e: calamine::Error| SheetError::Read(meta.name.clone(), e);
        let (mut sheet, listed) = match book {
            Sheets::Xlsx(x) => {
                match read_xlsx_sheet(
                    x,
                    &meta.name,
                    budget,
                    formulas,
                    package.as_deref_mut(),
                    quick,
                ) {
                    Ok(s) => s,
                    Err(XlsxRead::TooMany) => return Err(too_many(used)),
                    Err(XlsxRead::BeyondLastCell) => {
                        return Err(SheetError::Limit(msg!(
                            "load.beyond-last-cell",
                            sheet = meta.name.as_str()
                        )))
                    }
                    Err(XlsxRead::Full(full)) => {
                        return Err(SheetError::Limit(grid_full_reason(&meta.name, full)))
                    }
                    Err(XlsxRead::Bad(e)) => return Err(read(calamine::Error::Xlsx(e))),
                }
            }
            Sheets::Xlsb(x) => match read_xlsb_cells(x, &meta.name, budget) {
                Ok(Some(cells)) => {
                    let n = cells.len();
                    match Sheet::try_from_cells(&meta.name, cells, Vec::new()) {
                        Ok(sheet) => (sheet, n),
                        Err(full) => {
                            return Err(SheetError::Limit(grid_full_reason(&meta.name, full)))
                        }
                    }
                }
                Ok(None) => return Err(too_many(used)),
                Err(e) => return Err(read(calamine::Error::Xlsb(e))),
            },
            _ => match read_other_sheet(book, &meta.name) {
                Ok(Ok(s)) => {
                    let n = s.cell_count();
                    (s, n)
                }
                Ok(Err(full)) => return Err(SheetError::Limit(grid_full_reason(&meta.name, full))),
                Err(e) => return Err(read(e)),
            },
        };
        if used.saturating_add(listed) > limits.max_cells {
            return Err(too_many(used));
        }
        used = used.saturating_add(listed);
        if !matches!(book, Sheets::Xlsx(_)) {
            sheet.formats_known = false;
            apply_styles(book, &mut sheet);
        }
        sheet.hidden = meta.visible != SheetVisible::Visible;
        sheet.merges = match book {
            Sheets::Xlsx(_) => std::mem::take(&mut sheet.merges),
            Sheets::Xls(x) => x.merge_cells_by_sheet_name(&meta.name).unwrap_or_default(),
            _ => Vec::new(),
        };
        sheets.push(sheet);
    }
    Ok(sheets)
}

pub(super) enum XlsxRead {
    TooMany,
    /// A cell reference past column XFD.
    BeyondLastCell,
    Full(grid::Full),
    Bad(calamine::XlsxError),
}

/// Why a sheet is too large for one grid, in words (the counts are far beyond
/// what the default limits let through: only a raised limit gets here).
pub(super) fn grid_full_reason(sheet: &str, full: grid::Full) -> Msg {
    match full {
        grid::Full::Cells => msg!("load.grid-full-cells", sheet = sheet),
        grid::Full::Texts => msg!("load.grid-full-texts", sheet = sheet),
    }
}

/// How many cells to make room for before reading a sheet: what its <dimension>
/// claims, but never more than the sheet's XML can hold (a cell with a value takes
/// at least 16 bytes of it, `<c><v>1</v></c>`) nor than the cell limit. A sheet
/// claiming A1:XFD1048576 that holds ten cells costs what ten cells cost; without
/// the part's size, the claim is trusted only up to a small sheet's worth.
pub(super) fn room_for(dims: Dimensions, part_bytes: Option<u64>, limit: usize) -> (usize, usize) {
    const UNSIZED: u64 = 1 << 16;
    let (rows, cols) = if dims.start <= dims.end {
        (
            u64::from(dims.end.0 - dims.start.0) + 1,
            u64::from(dims.end.1.saturating_sub(dims.start.1)) + 1,
        )
    } else {
        (0, 0)
    };
    let most = part_bytes.map_or(UNSIZED, |b| b / 16).min(limit as u64);
    let cells = rows.saturating_mul(cols).min(most);
    let rows = rows.min(cells);
    (cells as usize, rows as usize)
}

/// An .xlsx sheet streamed cell by cell: values with their number formats in one
/// pass into the compact grid (a shared string stored once however many cells
/// repeat it), then the formulas of cells that hold no saved value. Stops past
/// `limit` cells (those listed without a value count, but are not kept); returns
/// the sheet and how many cells the file listed.
pub(super) fn read_xlsx_sheet<RS: Read + Seek + Send>(
    book: &mut calamine::Xlsx<RS>,
    name: &str,
    limit: usize,
    all_formulas: bool,
    part: Option<&mut scan::Package>,
    quick: bool,
) -> Result<(Sheet, usize), XlsxRead> {
    let mut part = part;
    let part_bytes = part.as_deref_mut().and_then(|p| p.part_size(name));
    if let Some(p) = part.as_deref_mut().filter(|_| quick) {
        match quick_sheet(book, p, name, limit, part_bytes, all_formulas) {
            Ok((read, codes)) => {
                // The quick reader read the formulas too: no pass for them.
                let mut sheet = Sheet::from_grid(name, read.grid.finish(), codes, read.merges);
                sheet.looks = read.looks.into_iter().collect();
                for (pos, f) in read.cell_formulas {
                    sheet.note_formula(pos, f, all_formulas);
                }
                let mut hidden = read.hidden_rows;
                hidden.sort_unstable();
                hidden.dedup();
                sheet.hidden_rows = Some(hidden);
                return Ok((sheet, read.listed));
            }
            // What the quick reader does not read, calamine reads.
            Err(quick::Stop::Unsure) => {}
            Err(quick::Stop::TooMany) => return Err(XlsxRead::TooMany),
            Err(quick::Stop::BeyondLastCell) => return Err(XlsxRead::BeyondLastCell),
            Err(quick::Stop::Full(full)) => return Err(XlsxRead::Full(full)),
        }
    }
    // What calamine would read in passes of its own (merged ranges, whether any
    // formula lacks a value) comes from a byte scan of the sheet's XML: on a
    // thread of its own while the cells are read, for a sheet large enough to
    // be worth one, and stopped when reading the cells fails.
    let (cells, scanned) = match part {
        Some(p) if part_bytes.is_some_and(|b| b >= SCAN_ALONGSIDE_BYTES) => {
            let stop = std::sync::atomic::AtomicBool::new(false);
            let (cells, scanned) = std::thread::scope(|s| {
                // (No thread to be had: the scan follows the cells, as for a
                // small sheet.)
                let scan = std::thread::Builder::new()
                    .spawn_scoped(s, || p.scan_until(name, &stop))
                    .ok();
                let cells = read_cells(book, name, limit, part_bytes);
                if cells.is_err() {
                    stop.store(true, std::sync::atomic::Ordering::Relaxed);
                }
                // A scan that failed leaves the answers to calamine.
                (cells, scan.map(|scan| scan.join().ok().flatten()))
            });
            match (cells, scanned) {
                (Ok(cells), None) => (Ok(cells), p.scan(name)),
                (cells, scanned) => (cells, scanned.flatten()),
            }
        }
        Some(p) => match read_cells(book, name, limit, part_bytes) {
            Ok(cells) => (Ok(cells), p.scan(name)),
            Err(e) => (Err(e), None),
        },
        None => (read_cells(book, name, limit, part_bytes), None),
    };
    finish_xlsx_sheet(book, name, cells?, scanned, all_formulas)
}

/// A sheet from its cells as read, with the formulas of cells that hold no value
/// and its merged ranges (from the scan when there is one).
pub(super) fn finish_xlsx_sheet<RS: Read + Seek>(
    book: &mut calamine::Xlsx<RS>,
    name: &str,
    cells: Cells,
    scanned: Option<scan::Scan>,
    all_formulas: bool,
) -> Result<(Sheet, usize), XlsxRead> {
    let Cells {
        grid,
        codes,
        listed,
        looks,
        blanks,
    } = cells;
    let mut sheet = Sheet::from_grid(name, grid.finish(), codes, Vec::new());
    sheet.looks = looks.into_iter().collect();
    // A formula cell with no saved value reads as empty: remember its formula so
    // the checks can say why there is no figure instead of skipping it. Only
    // worth a second pass when the first saw cells without a value and the sheet
    // holds such a formula (a merged range's blank cells are no formula).
    // With `all_formulas` (--fix), a sheet without any formula needs no pass either.
    let second_pass = (all_formulas && scanned.as_ref().is_none_or(|s| s.formulas))
        || (blanks && scanned.as_ref().is_none_or(|s| s.uncalculated_formulas));
    if second_pass {
        let mut reader = book.worksheet_cells_reader(name).map_err(XlsxRead::Bad)?;
        let mut read = Vec::new();
        while let Some(rec) = reader.next_cell_with_formula().map_err(XlsxRead::Bad)? {
            if let Some(f) = rec.formula.filter(|f| !f.is_empty()) {
                read.push((rec.pos, f));
            }
        }
        if let Some(s) = scanned.as_ref().filter(|s| !s.shared_off.is_empty()) {
            reanchor_shared(&mut read, &s.shared_off);
        }
        for (pos, f) in read {
            sheet.note_formula(pos, f, all_formulas);
        }
    }
    sheet.hidden_rows = scanned.as_ref().map(|s| {
        let mut rows = s.hidden_rows.clone();
        rows.sort_unstable();
        rows.dedup();
        rows
    });
    sheet.merges = match scanned.map(|s| s.merges) {
        Some(merges) => merges,
        None => book.merge_cells_by_sheet_name(name).unwrap_or_default(),
    };
    Ok((sheet, listed))
}

/// Moves back the shared formulas calamine moved from the wrong cell: a shared
/// formula written on a cell other than its range's first (`ref="N34:N97"` on
/// N35) is moved by calamine from N34, a row off. A cell of the range whose
/// formula is the anchor's as calamine moved it is given the anchor's as Excel
/// moves it; another formula in the range is left as it is.
fn reanchor_shared(read: &mut [((u32, u32), String)], off: &[((u32, u32), Dimensions)]) {
    for (anchor, range) in off {
        let Some(template) = read
            .iter()
            .find(|(p, _)| p == anchor)
            .map(|(_, f)| f.clone())
        else {
            continue;
        };
        for (pos, f) in read.iter_mut() {
            if pos == anchor || !range.contains(pos.0, pos.1) {
                continue;
            }
            let moved = calamine::expand_shared_formula(&template, range.start, *pos);
            if moved.is_ok_and(|m| m == *f) {
                if let Ok(right) = calamine::expand_shared_formula(&template, *anchor, *pos) {
                    *f = right;
                }
            }
        }
    }
}

/// How large a sheet's XML must be for its byte scan to run on a thread of its
/// own while the cells are read (below it, a thread costs more than it saves).
pub(super) const SCAN_ALONGSIDE_BYTES: u64 = 4 << 20;

/// A sheet's cells as read, before the grid is finished.
pub(super) struct Cells {
    pub(super) grid: grid::Builder,
    /// Number format codes; a cell's format id is an index + 1 into them.
    pub(super) codes: Vec<String>,
    /// How many cells the file listed (those without a value too).
    pub(super) listed: usize,
    /// Text cells whose style indents them or sets them in bold.
    pub(super) looks: Vec<((u32, u32), Look)>,
    /// Whether any cell came without a value (a formula never calculated, or a
    /// merged range's blank cell).
    pub(super) blanks: bool,
}

/// The number format id of each style (see `Cells::codes`), adding the codes
/// not yet in `codes`: 0.9088 formatted 0.00% shows 90,88. A style's format id
/// is an index + 1 into `codes`, 0 for General.
pub(super) fn number_formats(styles: &[calamine::Style], codes: &mut Vec<String>) -> Vec<u16> {
    let mut ids: HashMap<String, u16> = HashMap::new();
    styles
        .iter()
        .map(|st| {
            let Some(code) = st
                .number_format
                .as_ref()
                .map(|nf| nf.format_code.as_str())
                .filter(|code| !code.eq_ignore_ascii_case("general"))
            else {
                return 0;
            };
            if let Some(id) = ids.get(code) {
                return *id;
            }
            // (No workbook has 65 535 number formats; one made to would wrap
            // the ids: past them, General.)
            if codes.len() >= usize::from(u16::MAX) {
                return 0;
            }
            codes.push(code.to_string());
            let id = codes.len() as u16;
            ids.insert(code.to_string(), id);
            id
        })
        .collect()
}

/// A sheet read by the quick reader (see [`quick`]), with its number format
/// codes; unsure when the quick reader does not read it.
pub(super) fn quick_sheet<RS: Read + Seek>(
    book: &mut calamine::Xlsx<RS>,
    package: &mut scan::Package,
    name: &str,
    limit: usize,
    part_bytes: Option<u64>,
    all_formulas: bool,
) -> Result<(quick::QuickSheet, Vec<String>), quick::Stop> {
    let mut codes = Vec::new();
    let (room, styles) = {
        let reader = book
            .worksheet_cells_reader(name)
            .map_err(|_| quick::Stop::Unsure)?;
        let ids = number_formats(reader.styles(), &mut codes);
        let styles: Vec<quick::StyleFormat> = reader
            .styles()
            .iter()
            .zip(ids)
            .map(|(st, id)| quick::StyleFormat {
                id,
                look: Look::of(st),
                maybe_date: st
                    .number_format
                    .as_ref()
                    .is_some_and(|nf| quick::maybe_date(&nf.format_code, nf.format_id)),
            })
            .collect();
        (room_for(reader.dimensions(), part_bytes, limit), styles)
    };
    let grid = grid::Builder::with_capacity(room.0, room.1);
    let read = package.quick_read(name, &styles, grid, limit, all_formulas)?;
    Ok((read, codes))
}

/// An .xlsx sheet's cells, streamed in one pass into the compact grid, with
/// their number formats. Stops past `limit` cells.
pub(super) fn read_cells<RS: Read + Seek + Send>(
    book: &mut calamine::Xlsx<RS>,
    name: &str,
    limit: usize,
    part_bytes: Option<u64>,
) -> Result<Cells, XlsxRead> {
    let listed;
    let mut codes: Vec<String> = Vec::new();
    let blanks;
    let looks;
    let mut grid;
    {
        let mut reader = book.worksheet_cells_reader(name).map_err(XlsxRead::Bad)?;
        let (cells, rows) = room_for(reader.dimensions(), part_bytes, limit);
        grid = grid::Builder::with_capacity(cells, rows);
        let style_formats = number_formats(reader.styles(), &mut codes);
        let style_looks: Vec<Look> = reader.styles().iter().map(Look::of).collect();
        let mut store = Store {
            grid: &mut grid,
            style_formats: &style_formats,
            style_looks: &style_looks,
            looks: Vec::new(),
            shared: HashMap::default(),
            blanks: false,
        };
        // A large sheet's XML is parsed on a thread of its own while the cells it
        // gives are stored on this one, in batches.
        listed = if part_bytes.is_some_and(|b| b >= PARSE_ALONGSIDE_BYTES) {
            parse_alongside(reader, limit, &mut store)?
        } else {
            each_cell(&mut reader, limit, |r, c, style, value| {
                store.put(r, c, style, value).map(|()| true)
            })?
        };
        blanks = store.blanks;
        looks = std::mem::take(&mut store.looks);
    }
    Ok(Cells {
        grid,
        codes,
        listed,
        looks,
        blanks,
    })
}

/// Hands each cell calamine parses to `take` (row, column, style id, value) until
/// it says stop; counts the cells the file lists, and stops past `limit`.
pub(super) fn each_cell<'a, RS: Read + Seek>(
    reader: &mut calamine::XlsxCellReader<'a, RS>,
    limit: usize,
    mut take: impl FnMut(u32, u32, usize, &DataRef<'a>) -> Result<bool, XlsxRead>,
) -> Result<usize, XlsxRead> {
    let mut listed = 0usize;
    while let Some((cell, style)) = reader.next_cell_with_style_id().map_err(XlsxRead::Bad)? {
        listed += 1;
        if listed > limit {
            return Err(XlsxRead::TooMany);
        }
        let (r, c) = cell.get_position();
        if !take(r, c, style, cell.get_value())? {
            break;
        }
    }
    Ok(listed)
}

/// Parses the sheet on a thread of its own, storing the cells it gives on this
/// one, a batch at a time; returns how many cells the file listed.
pub(super) fn parse_alongside<RS: Read + Seek + Send>(
    mut reader: calamine::XlsxCellReader<'_, RS>,
    limit: usize,
    store: &mut Store<'_>,
) -> Result<usize, XlsxRead> {
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Parsed<'_>>>(8);
        let parser = scope.spawn(move || {
            let mut batch = Vec::with_capacity(BATCH);
            let listed = each_cell(&mut reader, limit, |r, c, style, value| {
                batch.push((r, c, style, value.clone()));
                if batch.len() < BATCH {
                    return Ok(true);
                }
                let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                // The storing side stopped (on an error of its own): stop too.
                Ok(tx.send(full).is_ok())
            });
            let _ = tx.send(batch);
            listed
        });
        let mut stored = Ok(());
        for batch in rx {
            stored = batch
                .iter()
                .try_for_each(|(r, c, style, value)| store.put(*r, *c, *style, value));
            if stored.is_err() {
                break;
            }
        }
        let parsed = parser
            .join()
            .unwrap_or(Err(XlsxRead::Bad(calamine::XlsxError::Unexpected(
                "the thread reading the sheet stopped",
            ))));
        // A parse error is the first cause; a storing one otherwise.
        let listed = parsed?;
        stored.map(|()| listed)
    })
}

/// How large a sheet's XML must be for its cells to be parsed on one thread and
/// stored on another (below it, a thread costs more than it saves).
pub(super) const PARSE_ALONGSIDE_BYTES: u64 = 4 << 20;

/// Cells handed at a time from the parsing thread to the storing one.
pub(super) const BATCH: usize = 4096;

/// A cell as calamine parsed it: row, column, style id, value.
pub(super) type Parsed<'a> = (u32, u32, usize, DataRef<'a>);

/// Stores the cells calamine gives into the grid.
pub(super) struct Store<'g> {
    pub(super) grid: &'g mut grid::Builder,
    /// Number format id by style id.
    pub(super) style_formats: &'g [u16],
    /// Look by style id.
    pub(super) style_looks: &'g [Look],
    /// Text cells whose style indents them or sets them in bold.
    pub(super) looks: Vec<((u32, u32), Look)>,
    /// Shared strings by their place in calamine's table: one copy each.
    pub(super) shared: HashMap<usize, grid::TextRef, BuildAddressHasher>,
    /// Whether any cell came without a value.
    pub(super) blanks: bool,
}

impl Store<'_> {
    pub(super) fn put(
        &mut self,
        r: u32,
        c: u32,
        style: usize,
        value: &DataRef<'_>,
    ) -> Result<(), XlsxRead> {
        let fmt = || self.style_formats.get(style).copied().unwrap_or(0);
        let pushed = match value {
            // A formula without a saved value comes as a cell without a value.
            DataRef::Empty => {
                self.blanks = true;
                Ok(())
            }
            DataRef::Float(f) => self.grid.push(r, c, fmt(), grid::NewValue::Float(*f)),
            DataRef::Int(i) => self.grid.push(r, c, fmt(), grid::NewValue::Int(*i)),
            DataRef::SharedString(s) => {
                self.note_look(r, c, style);
                let key = s.as_ptr() as usize;
                let i = match self.shared.get(&key) {
                    Some(i) => *i,
                    None => {
                        let i = self.grid.intern(s).map_err(XlsxRead::Full)?;
                        self.shared.insert(key, i);
                        i
                    }
                };
                self.grid.push(r, c, 0, grid::NewValue::Text(i))
            }
            DataRef::String(s) => {
                self.note_look(r, c, style);
                self.grid.push(r, c, 0, grid::NewValue::Str(s))
            }
            other => {
                let value: Data = other.clone().into();
                self.grid.push_other(r, c, 0, value)
            }
        };
        pushed.map_err(XlsxRead::Full)
    }

    /// Keeps a text cell's look where its style is not plain.
    fn note_look(&mut self, r: u32, c: u32, style: usize) {
        if let Some(look) = self.style_looks.get(style).filter(|l| !l.is_plain()) {
            self.looks.push(((r, c), *look));
        }
    }
}

/// A cell's position and value.
pub(super) type Positioned = ((u32, u32), Data);

/// An .xlsb sheet's cells, streamed: a sheet whose used range claims the whole
/// grid costs what its cells cost. None past `limit` cells.
pub(super) fn read_xlsb_cells<RS: Read + Seek>(
    book: &mut calamine::Xlsb<RS>,
    name: &str,
    limit: usize,
) -> Result<Option<Vec<Positioned>>, calamine::XlsbError> {
    let mut reader = book.worksheet_cells_reader(name)?;
    let mut cells = Vec::new();
    let mut listed = 0usize;
    while let Some(cell) = reader.next_cell()? {
        listed += 1;
        if listed > limit {
            return Ok(None);
        }
        let value: Data = cell.get_value().clone().into();
        if !matches!(value, Data::Empty) {
            cells.push((cell.get_position(), value));
        }
    }
    Ok(Some(cells))
}

/// An .xls or .ods sheet, read whole by calamine (which has read these formats
/// whole when it opened the file).
pub(super) fn read_other_sheet<RS: Read + Seek>(
    book: &mut Sheets<RS>,
    name: &str,
) -> Result<Result<Sheet, grid::Full>, calamine::Error> {
    let range = book.worksheet_range(name)?;
    let (r0, c0) = range.start().unwrap_or((0, 0));
    // used_cells() counts from the range's first cell, not from A1.
    let cells: Vec<((u32, u32), Data)> = range
        .used_cells()
        .map(|(r, c, v)| ((r0 + r as u32, c0 + c as u32), v.clone()))
        .collect();
    drop(range);
    Ok(Sheet::try_from_cells(name, cells, Vec::new()))
}

/// The number formats calamine can tell of a non-.xlsx sheet's numeric cells.
pub(super) fn apply_styles<RS: Read + Seek>(book: &mut Sheets<RS>, sheet: &mut Sheet) {
    let Ok(styles) = book.worksheet_style(&sheet.name) else {
        return;
    };
    let numeric: Vec<(u32, u32)> = sheet
        .grid
        .iter()
        .filter(|(_, _, v)| {
            matches!(
                v,
                Value::Float(_) | Value::Dec(_) | Value::Other(Data::Int(_) | Data::Float(_))
            )
        })
        .map(|(r, c, _)| (r, c))
        .collect();
    for (r, c) in numeric {
        if let Some(nf) = styles.get((r, c)).and_then(|st| st.number_format.as_ref()) {
            if !nf.format_code.eq_ignore_ascii_case("general") {
                sheet.set_format(r, c, &nf.format_code.clone());
            }
        }
    }
}
