//! Bad input gets a clear answer, never a panic: files that are not workbooks,
//! damaged ones, and a sheet whose used range claims the whole grid.

use std::path::PathBuf;

use crate::common::REALISASI_HEADER;
use selaras::Rules;

fn dir() -> PathBuf {
    crate::common::fresh_dir("robust")
}

fn reason(path: &std::path::Path) -> String {
    let rules = Rules::built_in().expect("rules");
    match selaras::check_path(path, &rules) {
        Ok(r) => panic!("{} read, with {} tables", path.display(), r.tables.len()),
        Err(e) => {
            assert_eq!(e.path, path, "the error names the file");
            e.reason.english()
        }
    }
}

#[test]
fn not_a_workbook_empty_truncated_or_missing() {
    let d = dir();
    let pdf = d.join("laporan.xlsx");
    std::fs::write(&pdf, b"%PDF-1.4\n%binary").expect("write");
    assert!(!reason(&pdf).is_empty());
    let empty = d.join("kosong.xlsx");
    std::fs::write(&empty, b"").expect("write");
    assert!(!reason(&empty).is_empty());
    let good = crate::common::fixture("lkjip-setda-kebumen-2024.xlsx");
    let bytes = std::fs::read(good).expect("fixture");
    let truncated = d.join("terpotong.xlsx");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).expect("write");
    assert!(!reason(&truncated).is_empty());
    assert_eq!(reason(&d.join("tidak-ada.xlsx")), "there is no such file");
    assert_eq!(reason(&d), "it is a folder, not a workbook");
}

#[test]
fn a_sheet_claiming_the_whole_grid_costs_what_its_cells_cost() {
    let d = dir();
    let path = d.join("lebar.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in REALISASI_HEADER.iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("header");
    }
    for (c, v) in ["Kegiatan A", "x"].iter().enumerate() {
        ws.write_string(1, c as u16, *v).expect("cell");
    }
    for (c, v) in [(2u16, 1.0), (3, 1.0), (5, 100.0), (6, 80.0)] {
        ws.write_number(1, c, v).expect("cell");
    }
    ws.write_string(1, 7, "90,00%").expect("cell");
    // The far corner of the grid: A1:XFD1048576 if read as a block.
    ws.write_string(1_048_575, 16_383, "ujung").expect("corner");
    wb.save(&path).expect("save");
    let rules = Rules::built_in().expect("rules");
    let r = selaras::check_path(&path, &rules).expect("reads");
    assert_eq!(
        crate::common::codes(&r.findings),
        ["percent-mismatch Sheet1!H2"]
    );
}
