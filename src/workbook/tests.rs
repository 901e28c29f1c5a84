//! The unit tests of `workbook`, compiled only under #[cfg(test)] (its mod.rs declares them so).

use super::sheet::{MAX_COL, MAX_ROW};
use super::*;

#[test]
fn a_workbook_can_be_shared_across_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<Workbook>();
    shared::<Sheet>();
}

#[test]
fn column_names() {
    assert_eq!(column_name(0), "A");
    assert_eq!(column_name(25), "Z");
    assert_eq!(column_name(26), "AA");
    assert_eq!(column_name(16383), "XFD");
}

#[test]
fn addresses() {
    let a = CellAddr::new("Tabel 3.7", 11, 7);
    assert_eq!(a.a1(), "H12");
    assert_eq!(a.qualified(), "'Tabel 3.7'!H12");
    assert_eq!(a.relative_to("Tabel 3.7"), "H12");
    assert_eq!(a.relative_to("Tabel 3.8"), "'Tabel 3.7'!H12");
    assert_eq!(CellAddr::new("O'Neil", 0, 0).qualified(), "'O''Neil'!A1");
}

#[test]
fn files_are_told_apart_by_their_first_bytes() {
    assert_eq!(kind_of(b"PK\x03\x04rest"), Kind::Zip);
    assert_eq!(kind_of(b"PK\x05\x06"), Kind::Zip);
    assert_eq!(
        kind_of(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]),
        Kind::Cfb
    );
    assert_eq!(kind_of(b"%PDF-1.7\n"), Kind::Pdf);
    assert_eq!(kind_of(b"\x89PNG\r\n\x1a\n"), Kind::Image);
    assert_eq!(kind_of(b"\xEF\xBB\xBF  <!DOCTYPE html><html>"), Kind::Html);
    assert_eq!(kind_of(b"<table><tr><td>1</td></tr></table>"), Kind::Html);
    assert_eq!(
        kind_of(b"<?xml version=\"1.0\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">"),
        Kind::Xml2003
    );
    assert_eq!(
        kind_of("Program;Anggaran\nPenataan;1.000\n".as_bytes()),
        Kind::Text
    );
    // Windows-1252 text is text too; Excel's "Unicode Text" is UTF-16.
    assert_eq!(kind_of(b"Kegiatan\t\xB1 200\r\n"), Kind::Text);
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "Program\tAnggaran"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    assert_eq!(kind_of(&utf16), Kind::Text);
    assert_eq!(kind_of(&[0, 1, 2, 3, 0xFF]), Kind::Unknown);
    assert_eq!(kind_of(&[0xFF]), Kind::Unknown);
}

#[test]
fn part_sizes_are_told_in_whole_megabytes_rounded_up() {
    assert_eq!(mebibytes(0), 0);
    assert_eq!(mebibytes(1), 1);
    assert_eq!(mebibytes(1 << 20), 1);
    assert_eq!(mebibytes((1 << 31) - 314), 2048);
    assert_eq!(Limits::default().max_part_bytes, 1 << 30);
}

#[test]
fn floats_become_the_decimal_excel_shows() {
    assert_eq!(float_to_decimal(0.9088), Decimal::from_str("0.9088").ok());
    assert_eq!(float_to_decimal(1.0635), Decimal::from_str("1.0635").ok());
    assert_eq!(
        float_to_decimal(38127840000.0),
        Decimal::from_str("38127840000").ok()
    );
    assert_eq!(float_to_decimal(f64::NAN), None);
    assert_eq!(float_to_decimal(1e300), None);
}

#[test]
fn room_is_made_for_what_the_sheet_can_hold_not_what_it_claims() {
    let dims = |r0, c0, r1, c1| Dimensions::new((r0, c0), (r1, c1));
    // A1:J1048576 claimed by a 7 kB sheet: room for what 7 kB can hold.
    assert_eq!(
        room_for(dims(0, 0, MAX_ROW, 9), Some(7_000), MAX_CELLS),
        (437, 437)
    );
    // A sane claim is taken as it is.
    assert_eq!(
        room_for(dims(0, 0, 100_006, 8), Some(37_000_000), MAX_CELLS),
        (900_063, 100_007)
    );
    // Never past the cell limit, nor, without the part's size, past a small sheet.
    assert_eq!(
        room_for(dims(0, 0, MAX_ROW, MAX_COL), Some(1 << 30), 1_000),
        (1_000, 1_000)
    );
    assert_eq!(
        room_for(dims(0, 0, MAX_ROW, MAX_COL), None, MAX_CELLS),
        (1 << 16, 1 << 16)
    );
    // A reversed or empty claim makes no room.
    assert_eq!(room_for(dims(5, 5, 0, 0), Some(1 << 20), MAX_CELLS), (0, 0));
}

#[test]
fn a_format_id_names_the_same_code_as_the_cell_format() {
    let mut s = Sheet::from_cells(
        "S",
        vec![
            ((0, 0), Data::Float(0.9088)),
            ((0, 1), Data::Float(12.5)),
            ((1, 0), Data::Int(3)),
            ((1, 1), Data::String("x".into())),
        ],
        Vec::new(),
    );
    s.set_format(0, 0, "0.00%");
    s.set_format(1, 0, "0.00%");
    s.set_format(0, 1, "#,##0");
    // A position with no cell keeps its format too.
    s.set_format(3, 3, "#,##0");
    assert_eq!(s.format_count(), 2);
    for (r, c) in [(0, 0), (0, 1), (1, 0), (1, 1), (3, 3), (9, 9)] {
        assert_eq!(
            s.format_code_of(s.format_id(r, c)),
            s.number_format(r, c),
            "({r}, {c})"
        );
    }
    assert_eq!(s.format_id(0, 0), s.format_id(1, 0));
    assert_ne!(s.format_id(0, 0), s.format_id(0, 1));
    assert_eq!(s.format_id(3, 3), s.format_id(0, 1));
    assert_eq!(s.format_id(1, 1), 0);
    assert_eq!(s.format_code_of(0), None);
    assert_eq!(s.format_code_of(99), None);
    assert_eq!(
        s.raw(0, 0),
        Raw::Number {
            value: Decimal::from_str("0.9088").unwrap(),
            format: Some("0.00%")
        }
    );
}

#[test]
fn a_sheet_read_back_gives_float_to_decimal_byte_for_byte() {
    let doubles = [
        0.1 + 0.2,
        1e-10,
        123_456_789.123,
        9_007_199_254_740_992.0,
        -0.9045,
        -0.0,
        1e20,
        1e300,
        f64::NAN,
        38_127_840_000.0,
    ];
    let s = Sheet::from_cells(
        "S",
        doubles
            .iter()
            .enumerate()
            .map(|(c, f)| ((0, c as u32), Data::Float(*f)))
            .collect(),
        Vec::new(),
    );
    for (c, f) in doubles.iter().enumerate() {
        match (s.raw(0, c as u32), float_to_decimal(*f)) {
            (Raw::Number { value, format }, Some(want)) => {
                assert_eq!(value.serialize(), want.serialize(), "{f:e}");
                assert_eq!(format, None);
            }
            (Raw::BadNumber(text), None) => assert_eq!(text, format!("{f:e}")),
            (got, want) => panic!("{f:e}: {got:?}, float_to_decimal {want:?}"),
        }
    }
}

#[test]
fn a_sheet_too_large_for_one_grid_is_named_in_the_reason() {
    let reason = grid_full_reason("Tabel 3.7", grid::Full::Texts).english();
    assert!(
        reason.starts_with("sheet 'Tabel 3.7' holds more than 4 GiB of text"),
        "{reason}"
    );
    let reason = grid_full_reason("Data", grid::Full::Cells).english();
    assert!(
        reason.starts_with("sheet 'Data' holds more than 4 294 967 295 cells"),
        "{reason}"
    );
}

#[test]
fn a_large_sheet_is_parsed_and_scanned_alongside_its_cells_and_both_stop_with_them() {
    let dir = std::env::temp_dir().join(format!("selaras-grid-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("besar.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for r in 0..40_000u32 {
        for c in 0..4u16 {
            ws.write_number(r, c, f64::from(r) + 0.125 * f64::from(c))
                .unwrap();
        }
        ws.write_string(r, 4, format!("Program {}", r % 50))
            .unwrap();
    }
    ws.merge_range(0, 5, 1, 6, "Judul", &rust_xlsxwriter::Format::new())
        .unwrap();
    wb.save(&path).unwrap();
    let size = scan::Package::open(&path, &Limits::default())
        .and_then(|mut p| p.part_size("Sheet1"))
        .unwrap();
    assert!(size >= SCAN_ALONGSIDE_BYTES, "{size} bytes");

    let book = Workbook::open(&path).unwrap();
    let s = &book.sheets[0];
    assert_eq!(s.merges, vec![Dimensions::new((0, 5), (1, 6))]);
    assert_eq!(
        s.raw(39_999, 3),
        Raw::Number {
            value: Decimal::from_str("39999.375").unwrap(),
            format: None
        }
    );
    // (The merged range's other cells hold nothing.)
    assert_eq!(s.end(), Some((39_999, 5)));
    // Every cell, parsed on one thread and stored on another, in its place.
    for r in 0..40_000u32 {
        for c in 0..4u32 {
            let want = Decimal::from(r) + Decimal::from_str("0.125").unwrap() * Decimal::from(c);
            match s.raw(r, c) {
                Raw::Number { value, .. } => assert_eq!(value, want, "({r}, {c})"),
                other => panic!("({r}, {c}): {other:?}"),
            }
        }
        assert_eq!(
            s.string_at(r, 4),
            Some(format!("Program {}", r % 50).as_str())
        );
    }

    let limits = Limits {
        max_cells: 1_000,
        ..Limits::default()
    };
    let e = Workbook::open_limited(&path, false, &limits).err().unwrap();
    assert!(e.to_string().contains("holds more than 1000 cells"), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}
