//! Staging: every changed or new part deflated once into an in-memory zip, then
//! raw-copied with the untouched parts into the output.

use super::*;

pub(super) struct Staged {
    pub(super) zip: ZipArchive<Cursor<Vec<u8>>>,
    /// Original entries (lower-case names) replaced by a staged part of the same name.
    pub(super) replaced: HashSet<String>,
    /// Original entries (lower-case names) left out.
    pub(super) removed: HashSet<String>,
    /// New parts, in the order they are appended.
    pub(super) added: Vec<String>,
}

pub(super) struct Stage {
    pub(super) zip: ZipWriter<Cursor<Vec<u8>>>,
    pub(super) replaced: HashSet<String>,
    pub(super) added: Vec<String>,
    pub(super) time: DateTime,
}

/// Bytes handed at a time from the sheet patcher to the thread that deflates them.
pub(super) const CHUNK: usize = 256 << 10;

/// Writes in chunks sent to another thread; a send fails (broken pipe) once that
/// thread has stopped on an error of its own.
pub(super) struct ChunkSender {
    pub(super) tx: std::sync::mpsc::SyncSender<Vec<u8>>,
    pub(super) buf: Vec<u8>,
}

impl ChunkSender {
    pub(super) fn send(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let full = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK));
        self.tx
            .send(full)
            .map_err(|_| io::Error::from(io::ErrorKind::BrokenPipe))
    }
}

impl Write for ChunkSender {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send()
    }
}

/// The deflate level of the parts written anew (1: the fastest, 6: the default).
pub(super) const FAST_DEFLATE: i64 = 2;

impl Stage {
    pub(super) fn options(&self) -> SimpleFileOptions {
        // A fast deflate level: at the default level, writing the corrected copy of
        // a large sheet took as long as checking it, for a file a fifth smaller.
        SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .compression_level(Some(FAST_DEFLATE))
            .last_modified_time(self.time)
    }

    pub(super) fn put(
        &mut self,
        ctx: &Ctx,
        name: &str,
        existing: bool,
        bytes: &[u8],
    ) -> Result<(), PatchError> {
        self.zip
            .start_file(name, self.options())
            .map_err(|e| ctx.write(Some(name), e))?;
        self.zip
            .write_all(bytes)
            .map_err(|e| ctx.write(Some(name), e))?;
        self.note(name, existing);
        Ok(())
    }

    pub(super) fn note(&mut self, name: &str, existing: bool) {
        if existing {
            self.replaced.insert(name.to_ascii_lowercase());
        } else {
            self.added.push(name.to_string());
        }
    }
}

/// The zip entries of the input, by name.
pub(super) struct Entries {
    pub(super) names: Vec<String>,
    pub(super) by_lower: HashMap<String, usize>,
    /// Names given to new parts in this run (lower case).
    pub(super) reserved: HashSet<String>,
}

impl Entries {
    pub(super) fn find(&self, part: &str) -> Option<usize> {
        self.by_lower
            .get(&part.trim_start_matches('/').to_ascii_lowercase())
            .copied()
    }

    /// The stored name of an existing part (its case may differ from a relationship's).
    pub(super) fn stored(&self, part: &str) -> Option<&str> {
        self.find(part)
            .and_then(|i| self.names.get(i))
            .map(String::as_str)
    }

    pub(super) fn taken(&self, part: &str) -> bool {
        let lower = part.to_ascii_lowercase();
        self.by_lower.contains_key(&lower) || self.reserved.contains(&lower)
    }

    /// A new part name `make(n)` for the first n >= start that no part has.
    pub(super) fn fresh(&mut self, start: u32, make: impl Fn(u32) -> String) -> String {
        let mut n = start.max(1);
        loop {
            let name = make(n);
            if !self.taken(&name) {
                self.reserved.insert(name.to_ascii_lowercase());
                return name;
            }
            n = n.saturating_add(1);
        }
    }
}

pub(super) fn read_bytes<R: Read + Seek>(
    ctx: &Ctx,
    zin: &mut ZipArchive<R>,
    idx: usize,
    part: &str,
) -> Result<Vec<u8>, PatchError> {
    let mut f = zin.by_index(idx).map_err(|e| ctx.read(Some(part), e))?;
    let mut bytes = Vec::new();
    f.read_to_end(&mut bytes)
        .map_err(|e| ctx.read(Some(part), e))?;
    Ok(bytes)
}

pub(super) fn utf8_text(bytes: Vec<u8>) -> Result<String, Fault> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Fault::Unsupported(
            "the part is UTF-16; only UTF-8 parts are patched".into(),
        ));
    }
    let bytes = match bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|_| Fault::Xml("the part is not UTF-8 text".into()))
}

pub(super) fn read_text<R: Read + Seek>(
    ctx: &Ctx,
    zin: &mut ZipArchive<R>,
    entries: &Entries,
    part: &str,
) -> Result<Option<String>, PatchError> {
    let Some(idx) = entries.find(part) else {
        return Ok(None);
    };
    let bytes = read_bytes(ctx, zin, idx, part)?;
    utf8_text(bytes).map(Some).map_err(|f| ctx.fault(part, f))
}

/// Every edit that falls on one cell, merged: later values win, a correction
/// outranks a flag, notes are joined. Both writers (this one and `xlsx_rewrite`)
/// merge edits this way.
#[derive(Debug, Clone)]
pub(crate) struct Merged {
    pub(crate) value: Option<NewValue>,
    pub(crate) mark: Mark,
    pub(crate) notes: Vec<String>,
}

impl Merged {
    pub(crate) fn new(mark: Mark) -> Self {
        Merged {
            value: None,
            mark,
            notes: Vec::new(),
        }
    }

    /// Takes one more edit of the same cell.
    pub(crate) fn absorb(&mut self, e: &CellEdit) {
        if e.value.is_some() {
            self.value = e.value.clone();
        }
        if e.mark == Mark::Corrected {
            self.mark = Mark::Corrected;
        }
        if !e.note.trim().is_empty() {
            self.notes.push(e.note.clone());
        }
    }
}

#[derive(Debug, Clone)]
pub(super) struct Pending {
    pub(super) row: u32,
    pub(super) col: u32,
    pub(super) edit: Merged,
}

/// What is being built: the input, the staging zip, and what the package
/// parts written last ([Content_Types].xml) must learn.
pub(super) struct Build<'a, R: Read + Seek> {
    pub(super) ctx: &'a Ctx,
    pub(super) zin: &'a mut ZipArchive<R>,
    pub(super) entries: Entries,
    pub(super) stg: Stage,
    pub(super) wb_part: String,
    pub(super) overrides: Vec<(String, &'static str)>,
    pub(super) need_vml_default: bool,
    /// The next free VML id block, once known.
    pub(super) vml_block: Option<u32>,
}

/// A sheet's relationships part as found.
pub(super) struct SheetRels {
    pub(super) part: String,
    pub(super) stored: Option<String>,
    pub(super) xml: Option<String>,
    pub(super) rels: Vec<Rel>,
}

impl<R: Read + Seek> Build<'_, R> {
    pub(super) fn text(&mut self, part: &str) -> Result<Option<String>, PatchError> {
        read_text(self.ctx, self.zin, &self.entries, part)
    }

    pub(super) fn put(
        &mut self,
        name: &str,
        existing: bool,
        bytes: &[u8],
    ) -> Result<(), PatchError> {
        self.stg.put(self.ctx, name, existing, bytes)
    }

    /// Claims the name of a part that does not exist yet.
    pub(super) fn claim(&mut self, name: &str) {
        self.entries.reserved.insert(name.to_ascii_lowercase());
    }

    pub(super) fn sheet_rels(&mut self, sheet_part: &str) -> Result<SheetRels, PatchError> {
        let part = rels_part_of(sheet_part);
        let stored = self.entries.stored(&part).map(str::to_string);
        let xml = self.text(&part)?;
        let rels = match &xml {
            Some(x) => parse_rels(x).map_err(|f| self.ctx.fault(&part, Fault::Xml(f)))?,
            None => Vec::new(),
        };
        Ok(SheetRels {
            part,
            stored,
            xml,
            rels,
        })
    }

    /// Streams one sheet through the patcher into the staging zip.
    pub(super) fn patch_sheet(
        &mut self,
        idx: usize,
        part: &str,
        pending: &[Pending],
        alloc: &mut StyleAlloc,
        legacy_rid: Option<&str>,
    ) -> Result<SheetOutcome, PatchError> {
        let ctx = self.ctx;
        let file = self
            .zin
            .by_index(idx)
            .map_err(|e| ctx.read(Some(part), e))?;
        let mut src = BufReader::with_capacity(1 << 16, file);
        let head = src.fill_buf().map_err(|e| ctx.read(Some(part), e))?;
        if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
            return Err(ctx.fault(
                part,
                Fault::Unsupported("the part is UTF-16; only UTF-8 parts are patched".into()),
            ));
        }
        let opts = self.stg.options();
        self.stg
            .zip
            .start_file(part, opts)
            .map_err(|e| ctx.write(Some(part), e))?;
        // The patched XML is deflated on a thread of its own while the next is
        // patched: compressing a large sheet costs about as much as patching it.
        let zip = &mut self.stg.zip;
        let (outcome, written) = std::thread::scope(|scope| {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(4);
            let deflater = scope.spawn(move || -> io::Result<()> {
                for chunk in rx {
                    zip.write_all(&chunk)?;
                }
                Ok(())
            });
            let sink = ChunkSender {
                tx,
                buf: Vec::with_capacity(CHUNK),
            };
            let outcome = SheetPatch::new(sink, pending, alloc, legacy_rid).run(src);
            let written = deflater
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("the compressing thread stopped")));
            (outcome, written)
        });
        // A write that failed is the cause of the patch's own failure to send.
        written.map_err(|e| ctx.write(Some(part), e))?;
        let outcome = outcome.map_err(|f| ctx.fault(part, f))?;
        self.stg.note(part, true);
        Ok(outcome)
    }

    /// Writes a sheet's notes: into its comments part (or a new one), as shapes
    /// in its legacy drawing (or a new one), with the relationships they need.
    pub(super) fn add_notes(
        &mut self,
        part: &str,
        notes: &[(u32, u32, String)],
        mut rels: SheetRels,
        outcome: &SheetOutcome,
        legacy_rid: Option<&str>,
    ) -> Result<(), PatchError> {
        let mut new_rels: Vec<Rel> = Vec::new();
        let shape_cells = self.write_comments(part, notes, &mut rels, &mut new_rels, legacy_rid)?;
        self.write_note_shapes(
            part,
            &shape_cells,
            &mut rels,
            &mut new_rels,
            outcome,
            legacy_rid,
        )?;
        if !new_rels.is_empty() {
            self.put_sheet_rels(&rels, &new_rels)?;
        }
        Ok(())
    }

    /// Comments: merged into the sheet's comments part, or a new part (with its
    /// relationship). Returns the cells that need a new note shape.
    fn write_comments(
        &mut self,
        part: &str,
        notes: &[(u32, u32, String)],
        rels: &mut SheetRels,
        new_rels: &mut Vec<Rel>,
        legacy_rid: Option<&str>,
    ) -> Result<Vec<ShapeCell>, PatchError> {
        let ctx = self.ctx;
        let all_cells =
            || -> Vec<ShapeCell> { notes.iter().map(|(r, c, n)| (*r, *c, n.len())).collect() };
        let comments_rel = rels
            .rels
            .iter()
            .find(|r| !r.external && r.kind.ends_with("/comments"))
            .cloned();
        let shape_cells: Vec<ShapeCell> = match comments_rel {
            Some(r) => {
                let cpart = resolve_target(part, &r.target);
                match self.entries.stored(&cpart).map(str::to_string) {
                    Some(stored) => {
                        let xml = self.text(&stored)?.unwrap_or_default();
                        let (bytes, fresh) =
                            merge_comments(&xml, notes).map_err(|f| ctx.fault(&stored, f))?;
                        self.put(&stored, true, &bytes)?;
                        fresh
                    }
                    None => {
                        // Related but missing: made where the relationship points.
                        self.claim(&cpart);
                        self.put(&cpart, false, new_comments(notes).as_bytes())?;
                        self.overrides.push((cpart, CT_COMMENTS));
                        all_cells()
                    }
                }
            }
            None => {
                let dir = part_dir(&self.wb_part);
                let cpart = self.entries.fresh(1, |n| format!("{dir}comments{n}.xml"));
                self.put(&cpart, false, new_comments(notes).as_bytes())?;
                self.overrides.push((cpart.clone(), CT_COMMENTS));
                let taken: Vec<&str> = legacy_rid.into_iter().collect();
                let rel = Rel {
                    id: fresh_rid(&rels.rels, &taken),
                    kind: RT_COMMENTS.to_string(),
                    target: relative_target(part, &cpart),
                    external: false,
                };
                rels.rels.push(rel.clone());
                new_rels.push(rel);
                all_cells()
            }
        };
        Ok(shape_cells)
    }

    /// VML: the note shapes go into the sheet's legacy drawing, or a new one
    /// (with its relationship, if the sheet was given a new `<legacyDrawing>`).
    fn write_note_shapes(
        &mut self,
        part: &str,
        shape_cells: &[ShapeCell],
        rels: &mut SheetRels,
        new_rels: &mut Vec<Rel>,
        outcome: &SheetOutcome,
        legacy_rid: Option<&str>,
    ) -> Result<(), PatchError> {
        let ctx = self.ctx;
        let existing_vml = outcome.legacy_rid.as_ref().and_then(|rid| {
            rels.rels
                .iter()
                .find(|r| &r.id == rid && !r.external)
                .map(|r| resolve_target(part, &r.target))
        });
        match existing_vml.as_deref().and_then(|v| self.entries.find(v)) {
            Some(vidx) => {
                if !shape_cells.is_empty() {
                    let stored = self.entries.names[vidx].clone();
                    let bytes = read_bytes(ctx, self.zin, vidx, &stored)?;
                    let merged = merge_vml(bytes, shape_cells)
                        .map_err(|d| ctx.fault(&stored, Fault::Xml(d)))?;
                    self.put(&stored, true, &merged)?;
                }
            }
            None => {
                let vpart = self.new_vml_part(shape_cells, existing_vml)?;
                if let (true, Some(rid)) = (outcome.legacy_inserted, legacy_rid) {
                    let rel = Rel {
                        id: rid.to_string(),
                        kind: RT_VML.to_string(),
                        target: relative_target(part, &vpart),
                        external: false,
                    };
                    rels.rels.push(rel.clone());
                    new_rels.push(rel);
                }
            }
        }
        Ok(())
    }

    /// Writes a new VML drawing with the shapes, where the sheet's missing one
    /// should be or under a fresh name, in the next free id block; returns its name.
    fn new_vml_part(
        &mut self,
        shape_cells: &[ShapeCell],
        existing_vml: Option<String>,
    ) -> Result<String, PatchError> {
        let block = match self.vml_block {
            Some(b) => b,
            None => used_vml_blocks(self.ctx, self.zin, &self.entries)?.saturating_add(1),
        };
        let (vml, next_block) = new_vml(block, shape_cells);
        self.vml_block = Some(next_block);
        let vpart = match existing_vml {
            // A legacy drawing whose part is missing: made where it should be.
            Some(p) => {
                self.claim(&p);
                p
            }
            None => {
                let dir = part_dir(&self.wb_part);
                self.entries
                    .fresh(1, |n| format!("{dir}drawings/vmlDrawing{n}.vml"))
            }
        };
        self.put(&vpart, false, vml.as_bytes())?;
        self.need_vml_default = true;
        Ok(vpart)
    }

    /// Writes the sheet's relationships part with the new relationships added.
    fn put_sheet_rels(&mut self, rels: &SheetRels, new_rels: &[Rel]) -> Result<(), PatchError> {
        let ctx = self.ctx;
        let bytes = match &rels.xml {
            Some(x) => rewrite_rels(x, &[], new_rels).map_err(|f| ctx.fault(&rels.part, f))?,
            None => new_rels_part(new_rels),
        };
        let exists = rels.xml.is_some();
        let name = rels.stored.clone().unwrap_or(rels.part.clone());
        self.put(&name, exists, &bytes)?;
        Ok(())
    }
}

/// The entries of the input, by name; two names differing only in case are refused.
pub(super) fn index_entries<R: Read + Seek>(
    ctx: &Ctx,
    zin: &ZipArchive<R>,
) -> Result<Entries, PatchError> {
    let mut names = Vec::with_capacity(zin.len());
    let mut by_lower = HashMap::new();
    for i in 0..zin.len() {
        let name = match zin.name_for_index(i) {
            Some(Ok(n)) => n.into_owned(),
            Some(Err(e)) => return Err(ctx.read(None, e)),
            None => return Err(ctx.read(None, "the zip directory is inconsistent")),
        };
        let key = name.trim_start_matches('/').to_ascii_lowercase();
        if by_lower.insert(key, i).is_some() {
            return Err(PatchError::NotXlsx {
                file: ctx.input.clone(),
                detail: format!("the entry {name} is stored twice"),
            });
        }
        names.push(name);
    }
    Ok(Entries {
        names,
        by_lower,
        reserved: HashSet::new(),
    })
}

/// The edits by sheet (index in workbook.xml) and cell, checked against the workbook.
pub(super) fn group_edits(
    ctx: &Ctx,
    sheets: &[SheetEntry],
    edits: &[CellEdit],
) -> Result<BTreeMap<usize, Vec<Pending>>, PatchError> {
    let mut by_sheet: BTreeMap<usize, BTreeMap<(u32, u32), Merged>> = BTreeMap::new();
    for e in edits {
        let Some(si) = sheets.iter().position(|s| s.name == e.sheet) else {
            let known: Vec<String> = sheets.iter().map(|s| format!("'{}'", s.name)).collect();
            return Err(ctx.edit(format!(
                "there is no sheet named '{}' (the sheets are {})",
                e.sheet,
                known.join(", ")
            )));
        };
        if e.row >= MAX_ROWS || e.col >= MAX_COLS {
            return Err(ctx.edit(format!(
                "row {} column {} of '{}' is outside a worksheet's grid",
                u64::from(e.row) + 1,
                u64::from(e.col) + 1,
                e.sheet
            )));
        }
        by_sheet
            .entry(si)
            .or_default()
            .entry((e.row, e.col))
            .or_insert_with(|| Merged::new(e.mark))
            .absorb(e);
    }
    Ok(by_sheet
        .into_iter()
        .map(|(si, cells)| {
            let pending = cells
                .into_iter()
                .map(|((row, col), edit)| Pending { row, col, edit })
                .collect();
            (si, pending)
        })
        .collect())
}

/// The content types part, at the package's root.
const CONTENT_TYPES: &str = "[Content_Types].xml";

/// The package's skeleton: the content types, the workbook and its
/// relationships, as read and as parsed.
struct Skeleton {
    ct_xml: String,
    ct: ContentTypes,
    wb_part: String,
    wb_xml: String,
    wb: WorkbookInfo,
    wb_rels_part: String,
    wb_rels_xml: String,
    wb_rels: Vec<Rel>,
}

impl Skeleton {
    /// The sheetId for the findings sheet: one more than the largest in the workbook.
    fn next_sheet_id(&self) -> u32 {
        self.wb
            .sheets
            .iter()
            .map(|s| s.sheet_id)
            .max()
            .unwrap_or(0)
            .saturating_add(1)
    }
}

/// Reads the content types, finds the workbook through the package's
/// relationships (refusing strict OOXML), and reads it and its relationships.
fn read_skeleton<R: Read + Seek>(
    ctx: &Ctx,
    zin: &mut ZipArchive<R>,
    entries: &Entries,
) -> Result<Skeleton, PatchError> {
    let ct_name = CONTENT_TYPES;
    let ct_xml = read_text(ctx, zin, entries, ct_name)?.ok_or_else(|| ctx.missing(ct_name))?;
    let ct = parse_content_types(&ct_xml).map_err(|f| ctx.fault(ct_name, f))?;
    let root_rels = match read_text(ctx, zin, entries, "_rels/.rels")? {
        Some(x) => parse_rels(&x).map_err(|f| ctx.fault("_rels/.rels", Fault::Xml(f)))?,
        None => Vec::new(),
    };
    let office = root_rels
        .iter()
        .find(|r| !r.external && r.kind.ends_with("/officeDocument"));
    let wb_part = match office {
        Some(r) if r.kind.contains("purl.oclc.org") => {
            return Err(PatchError::Unsupported {
                file: ctx.input.clone(),
                part: None,
                detail: STRICT_REFUSAL.into(),
            })
        }
        Some(r) => resolve_target("", &r.target),
        None => "xl/workbook.xml".to_string(),
    };
    let wb_xml = read_text(ctx, zin, entries, &wb_part)?.ok_or_else(|| ctx.missing(&wb_part))?;
    let wb = parse_workbook(&wb_xml).map_err(|f| ctx.fault(&wb_part, f))?;
    let wb_rels_part = rels_part_of(&wb_part);
    let wb_rels_xml =
        read_text(ctx, zin, entries, &wb_rels_part)?.ok_or_else(|| ctx.missing(&wb_rels_part))?;
    let wb_rels = parse_rels(&wb_rels_xml).map_err(|f| ctx.fault(&wb_rels_part, Fault::Xml(f)))?;
    Ok(Skeleton {
        ct_xml,
        ct,
        wb_part,
        wb_xml,
        wb,
        wb_rels_part,
        wb_rels_xml,
        wb_rels,
    })
}

/// The styles part to rewrite: its name, its XML (a minimal one if the workbook
/// has none), whether it exists, and what it holds.
struct StylesSource {
    name: String,
    xml: String,
    exist: bool,
    info: StylesInfo,
}

/// Reads and analyses the workbook's styles part, or names a new one.
fn read_styles<R: Read + Seek>(
    ctx: &Ctx,
    zin: &mut ZipArchive<R>,
    entries: &mut Entries,
    sk: &Skeleton,
) -> Result<StylesSource, PatchError> {
    let styles_part = sk
        .wb_rels
        .iter()
        .find(|r| !r.external && r.kind.ends_with("/styles"))
        .map(|r| resolve_target(&sk.wb_part, &r.target));
    let existing_styles = match &styles_part {
        Some(p) => read_text(ctx, zin, entries, p)?
            .map(|x| (entries.stored(p).unwrap_or(p.as_str()).to_string(), x)),
        None => None,
    };
    let (name, xml, exist) = match existing_styles {
        Some((name, xml)) => (name, xml, true),
        None => {
            let dir = part_dir(&sk.wb_part);
            let name = entries.fresh(1, |n| {
                if n == 1 {
                    format!("{dir}styles.xml")
                } else {
                    format!("{dir}styles{n}.xml")
                }
            });
            (name, minimal_styles(), false)
        }
    };
    let info = analyse_styles(&xml).map_err(|f| ctx.fault(&name, f))?;
    Ok(StylesSource {
        name,
        xml,
        exist,
        info,
    })
}

/// What dropping calcChain.xml takes: the entries to leave out (lower case), the
/// workbook relationships to remove, and the content-type overrides to remove.
type CalcChainDrop<'s> = (HashSet<String>, Vec<&'s str>, Vec<String>);

/// Drops calcChain.xml when formulas changed, so Excel rebuilds it.
fn drop_calc_chain<'s>(
    entries: &Entries,
    sk: &Skeleton,
    calc_rel: Option<&'s Rel>,
    formulas_changed: bool,
) -> CalcChainDrop<'s> {
    let mut removed: HashSet<String> = HashSet::new();
    let mut remove_rel_ids: Vec<&str> = Vec::new();
    let mut remove_overrides: Vec<String> = Vec::new();
    if let (true, Some(r)) = (formulas_changed, calc_rel) {
        let cpart = resolve_target(&sk.wb_part, &r.target);
        if let Some(stored) = entries.stored(&cpart) {
            removed.insert(stored.to_ascii_lowercase());
        }
        remove_rel_ids.push(&r.id);
        remove_overrides.push(cpart);
    }
    (removed, remove_rel_ids, remove_overrides)
}

/// Patches the sheets, writes the findings sheet and the parts that change
/// with it, all into an in-memory staging zip.
pub(super) fn stage<R: Read + Seek>(
    ctx: &Ctx,
    zin: &mut ZipArchive<R>,
    edits: &[CellEdit],
    findings: impl FnOnce() -> Option<Vec<FindingRow>>,
    findings_sheet: &FindingsSheet,
) -> Result<Staged, PatchError> {
    let mut entries = index_entries(ctx, zin)?;
    let time = entries
        .find(CONTENT_TYPES)
        .and_then(|i| zin.by_index_raw(i).ok().and_then(|f| f.last_modified()))
        .unwrap_or_default();

    // Package skeleton: content types, the workbook, its relationships.
    let sk = read_skeleton(ctx, zin, &entries)?;

    let by_sheet = group_edits(ctx, &sk.wb.sheets, edits)?;
    let sheet_name =
        unique_sheet_name(&sk.wb.sheets, &findings_sheet.name).map_err(|d| ctx.edit(d))?;

    // Styles: what is there decides where the new formats go.
    let styles = read_styles(ctx, zin, &mut entries, &sk)?;
    let mut alloc = StyleAlloc::new(styles.info.xf_base());

    let mut build = Build {
        ctx,
        zin,
        entries,
        stg: Stage {
            zip: ZipWriter::new(Cursor::new(Vec::new())),
            replaced: HashSet::new(),
            added: Vec::new(),
            time,
        },
        wb_part: sk.wb_part.clone(),
        overrides: Vec::new(),
        need_vml_default: false,
        vml_block: None,
    };

    // The sheets with edits.
    let (formulas_changed, values_changed) = build.patch_sheets(&sk, &by_sheet, &mut alloc)?;

    // calcChain: dropped when formulas changed, so Excel rebuilds it.
    let calc_rel = sk
        .wb_rels
        .iter()
        .find(|r| !r.external && r.kind.ends_with("/calcChain"));
    let (removed, remove_rel_ids, remove_overrides) =
        drop_calc_chain(&build.entries, &sk, calc_rel, formulas_changed);
    let full_calc = formulas_changed || (values_changed && calc_rel.is_some());

    // The findings sheet.
    let findings = findings().ok_or_else(|| PatchError::Abandoned {
        file: ctx.input.clone(),
    })?;
    let (fsheet_rid, mut add_wb_rels) =
        build.add_findings_sheet(&sk, &findings, findings_sheet, &alloc)?;

    // Styles.
    build.put_styles(&sk, &styles, &alloc, &fsheet_rid, &mut add_wb_rels)?;

    // Workbook, its relationships, the content types.
    let change = WorkbookChange {
        sheet_name: &sheet_name,
        sheet_id: sk.next_sheet_id(),
        rid: &fsheet_rid,
        sheet_index: sk.wb.sheets.len(),
        filter_rows: findings.len() + 1,
        full_calc,
    };
    build.put_package_parts(
        &sk,
        &change,
        &remove_rel_ids,
        &add_wb_rels,
        &remove_overrides,
    )?;

    build.stg.finish(ctx, removed)
}

impl Stage {
    /// Closes the staging zip and opens it for reading, with what replaces,
    /// leaves out and adds to the input's entries.
    fn finish(self, ctx: &Ctx, removed: HashSet<String>) -> Result<Staged, PatchError> {
        let Stage {
            zip,
            replaced,
            added,
            ..
        } = self;
        let cursor = zip.finish().map_err(|e| ctx.write(None, e))?;
        let zip =
            ZipArchive::new(Cursor::new(cursor.into_inner())).map_err(|e| ctx.write(None, e))?;
        Ok(Staged {
            zip,
            replaced,
            removed,
            added,
        })
    }
}

impl<R: Read + Seek> Build<'_, R> {
    /// Patches every sheet with edits and writes its notes; returns whether
    /// formulas and whether values changed.
    fn patch_sheets(
        &mut self,
        sk: &Skeleton,
        by_sheet: &BTreeMap<usize, Vec<Pending>>,
        alloc: &mut StyleAlloc,
    ) -> Result<(bool, bool), PatchError> {
        let mut formulas_changed = false;
        let mut values_changed = false;
        for (si, pending) in by_sheet {
            let outcome = self.patch_edited_sheet(sk, &sk.wb.sheets[*si], pending, alloc)?;
            formulas_changed |= outcome.formulas_changed;
            values_changed |= outcome.values_changed;
        }
        Ok((formulas_changed, values_changed))
    }

    /// One sheet with edits: its part found through the workbook's
    /// relationships, its cells patched, then its notes written.
    fn patch_edited_sheet(
        &mut self,
        sk: &Skeleton,
        sheet: &SheetEntry,
        pending: &[Pending],
        alloc: &mut StyleAlloc,
    ) -> Result<SheetOutcome, PatchError> {
        let ctx = self.ctx;
        let rel = sk
            .wb_rels
            .iter()
            .find(|r| r.id == sheet.rid)
            .ok_or_else(|| {
                ctx.bad(
                    &sk.wb_rels_part,
                    format!("no relationship {} for sheet '{}'", sheet.rid, sheet.name),
                )
            })?;
        if !rel.kind.ends_with("/worksheet") {
            return Err(ctx.edit(format!(
                "'{}' is a chart or dialog sheet, it has no cells to correct",
                sheet.name
            )));
        }
        let target = resolve_target(&sk.wb_part, &rel.target);
        let idx = self
            .entries
            .find(&target)
            .ok_or_else(|| ctx.missing(&target))?;
        let part = self.entries.names[idx].clone();
        let notes: Vec<(u32, u32, String)> = pending
            .iter()
            .filter(|p| !p.edit.notes.is_empty())
            .map(|p| (p.row, p.col, p.edit.notes.join("\n")))
            .collect();
        let rels = self.sheet_rels(&part)?;
        // An id for a legacy drawing, should the sheet need one.
        let legacy_rid = (!notes.is_empty()).then(|| fresh_rid(&rels.rels, &[]));
        let outcome = self.patch_sheet(idx, &part, pending, alloc, legacy_rid.as_deref())?;
        if !notes.is_empty() {
            self.add_notes(&part, &notes, rels, &outcome, legacy_rid.as_deref())?;
        }
        Ok(outcome)
    }

    /// Writes the findings sheet as a new part; returns its relationship id and
    /// the workbook relationships to add (so far only the sheet's).
    fn add_findings_sheet(
        &mut self,
        sk: &Skeleton,
        findings: &[FindingRow],
        findings_sheet: &FindingsSheet,
        alloc: &StyleAlloc,
    ) -> Result<(String, Vec<Rel>), PatchError> {
        if findings.len() >= MAX_ROWS as usize {
            return Err(self.ctx.edit(format!(
                "{} findings do not fit on one sheet ({} rows at most)",
                findings.len(),
                MAX_ROWS - 1
            )));
        }
        let dir = part_dir(&sk.wb_part);
        let fpart = self.entries.fresh(sk.wb.sheets.len() as u32 + 1, |n| {
            format!("{dir}worksheets/sheet{n}.xml")
        });
        let fxml = findings_sheet_xml(findings, alloc.findings_styles(), findings_sheet);
        self.put(&fpart, false, fxml.as_bytes())?;
        self.overrides.push((fpart.clone(), CT_WORKSHEET));
        let fsheet_rid = fresh_rid(&sk.wb_rels, &[]);
        let add_wb_rels = vec![Rel {
            id: fsheet_rid.clone(),
            kind: RT_WORKSHEET.to_string(),
            target: relative_target(&sk.wb_part, &fpart),
            external: false,
        }];
        Ok((fsheet_rid, add_wb_rels))
    }

    /// Writes the styles part with the new formats; a new part also gets its
    /// content-type override and a workbook relationship.
    fn put_styles(
        &mut self,
        sk: &Skeleton,
        styles: &StylesSource,
        alloc: &StyleAlloc,
        fsheet_rid: &str,
        add_wb_rels: &mut Vec<Rel>,
    ) -> Result<(), PatchError> {
        let ctx = self.ctx;
        let styles_bytes = rewrite_styles(&styles.xml, &styles.info, alloc)
            .map_err(|f| ctx.fault(&styles.name, f))?;
        self.put(&styles.name, styles.exist, &styles_bytes)?;
        if !styles.exist {
            self.overrides.push((styles.name.clone(), CT_STYLES));
            add_wb_rels.push(Rel {
                id: fresh_rid(&sk.wb_rels, &[fsheet_rid]),
                kind: RT_STYLES.to_string(),
                target: relative_target(&sk.wb_part, &styles.name),
                external: false,
            });
        }
        Ok(())
    }

    /// Writes the workbook, its relationships and the content types, each
    /// changed as the corrected copy needs.
    fn put_package_parts(
        &mut self,
        sk: &Skeleton,
        change: &WorkbookChange<'_>,
        remove_rel_ids: &[&str],
        add_wb_rels: &[Rel],
        remove_overrides: &[String],
    ) -> Result<(), PatchError> {
        let ctx = self.ctx;
        let wb_bytes =
            rewrite_workbook(&sk.wb_xml, change).map_err(|f| ctx.fault(&sk.wb_part, f))?;
        let wb_stored = self
            .entries
            .stored(&sk.wb_part)
            .unwrap_or(&sk.wb_part)
            .to_string();
        self.put(&wb_stored, true, &wb_bytes)?;

        let wb_rels_bytes = rewrite_rels(&sk.wb_rels_xml, remove_rel_ids, add_wb_rels)
            .map_err(|f| ctx.fault(&sk.wb_rels_part, f))?;
        let wb_rels_stored = self
            .entries
            .stored(&sk.wb_rels_part)
            .unwrap_or(&sk.wb_rels_part)
            .to_string();
        self.put(&wb_rels_stored, true, &wb_rels_bytes)?;

        let ct_name = CONTENT_TYPES;
        let add_vml_default = self.need_vml_default && !sk.ct.defaults.contains_key("vml");
        let ct_bytes = rewrite_content_types(
            &sk.ct_xml,
            remove_overrides,
            &self.overrides,
            add_vml_default,
        )
        .map_err(|f| ctx.fault(ct_name, f))?;
        let ct_stored = self.entries.stored(ct_name).unwrap_or(ct_name).to_string();
        self.put(&ct_stored, true, &ct_bytes)?;
        Ok(())
    }
}

/// Writes the output: the input's entries in their order (raw copies, or the
/// staged part that replaces one), then the new parts.
pub(super) fn assemble<R: Read + Seek>(
    ctx: &Ctx,
    zin: &mut ZipArchive<R>,
    mut staged: Staged,
    out: File,
) -> Result<(), PatchError> {
    let mut zout = ZipWriter::new(BufWriter::with_capacity(1 << 16, out));
    for i in 0..zin.len() {
        let name = match zin.name_for_index(i) {
            Some(Ok(n)) => n.into_owned(),
            _ => return Err(ctx.read(None, "the zip directory is inconsistent")),
        };
        let key = name.trim_start_matches('/').to_ascii_lowercase();
        if staged.removed.contains(&key) {
            continue;
        }
        if staged.replaced.contains(&key) {
            let f = staged
                .zip
                .by_name(&name)
                .map_err(|e| ctx.write(Some(&name), e))?;
            zout.raw_copy_file(f)
                .map_err(|e| ctx.write(Some(&name), e))?;
        } else {
            let f = zin.by_index_raw(i).map_err(|e| ctx.read(Some(&name), e))?;
            zout.raw_copy_file(f)
                .map_err(|e| ctx.write(Some(&name), e))?;
        }
    }
    for name in &staged.added {
        let f = staged
            .zip
            .by_name(name)
            .map_err(|e| ctx.write(Some(name), e))?;
        zout.raw_copy_file(f)
            .map_err(|e| ctx.write(Some(name), e))?;
    }
    let comment = zin.comment().to_vec();
    if !comment.is_empty() {
        zout.set_raw_comment(comment.into_boxed_slice())
            .map_err(|e| ctx.write(None, e))?;
    }
    let buf = zout.finish().map_err(|e| ctx.write(None, e))?;
    let file = buf.into_inner().map_err(|e| ctx.write(None, e.error()))?;
    file.sync_all().map_err(|e| ctx.write(None, e))?;
    Ok(())
}
