//! An SKM table whose unsur are typed as NRR (the 1–4 mean score) and whose IKM
//! row is their mean × 25 (PermenPAN-RB 14/2017), as a new user's recapitulation
//! had it: the NRR are held to 1–4 and the nilai interval, the IKM row to
//! mean × 25, and `--fix` never writes an NRR where the IKM is. A table typed
//! NRR × 25 throughout is read as before.

use crate::common::{check, codes, fresh_dir, sheet};
use selaras::Finding;

/// The trial's table: nine NRR, sum 31,97, mean 3,5522…; × 25 = 88,8056 → 88,81.
const NRR: [(&str, &str, &str); 9] = [
    ("Persyaratan", "3,52", "B"),
    ("Prosedur", "3,48", "B"),
    ("Waktu Penyelesaian", "3,31", "B"),
    ("Biaya/Tarif", "3,90", "A"),
    ("Produk Spesifikasi Jenis Pelayanan", "3,62", "A"),
    ("Kompetensi Pelaksana", "3,55", "A"),
    ("Perilaku Pelaksana", "3,71", "A"),
    ("Sarana dan Prasarana", "3,28", "B"),
    ("Penanganan Pengaduan", "3,60", "A"),
];

const IKM_LABEL: &str = "Nilai IKM (NRR x 25)";

/// The rows of an SKM table on sheet 'SKM' (caption in A1, header in row 3, the
/// unsur from row 4, the IKM row in row 13), cells as `crate::common::sheet` reads them.
fn rows(
    header: &'static str,
    unsur: &[(&'static str, &'static str, &'static str)],
    ikm: (&'static str, &'static str),
) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = vec![
        vec!["Tabel 3.6 Nilai Unsur Pelayanan Tahun 2024".into()],
        vec![],
        vec![
            "No".into(),
            "Unsur Pelayanan".into(),
            header.into(),
            "Mutu Pelayanan".into(),
        ],
    ];
    for (i, (name, value, mutu)) in unsur.iter().enumerate() {
        rows.push(vec![
            format!("#{}", i + 1),
            name.to_string(),
            value.to_string(),
            mutu.to_string(),
        ]);
    }
    rows.push(vec!["".into(), ikm.0.into(), ikm.1.into(), "A".into()]);
    rows
}

fn skm_sheet(rows: &[Vec<String>]) -> selaras::Sheet {
    let cells: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let refs: Vec<&[&str]> = cells.iter().map(Vec::as_slice).collect();
    sheet("SKM", &refs)
}

fn english(m: &Option<selaras::Msg>) -> String {
    m.as_ref().map(|m| m.english()).unwrap_or_default()
}

fn nrr_table(ikm: &'static str) -> Vec<Vec<String>> {
    rows("Nilai", &NRR, (IKM_LABEL, ikm))
}

#[test]
fn nrr_column_with_its_ikm_row_is_clean() {
    let r = check(vec![skm_sheet(&nrr_table("88,81"))]);
    assert_eq!(codes(&r.findings), Vec::<String>::new());
}

#[test]
fn wrong_ikm_row_under_nrr_expects_their_mean_times_25() {
    let r = check(vec![skm_sheet(&nrr_table("90,81"))]);
    assert_eq!(codes(&r.findings), ["average-mismatch SKM!C13"]);
    let f: &Finding = &r.findings[0];
    assert_eq!(f.found_text().as_deref(), Some("90.81"));
    assert_eq!(f.expected_text().as_deref(), Some("88.81"));
    assert_eq!(f.fix.map(|d| d.to_string()).as_deref(), Some("88.81"));
    assert_eq!(f.row_label, IKM_LABEL);
    assert_eq!(
        f.message.english(),
        "Nilai is 90,81, but recomputed it is 88,81"
    );
    assert_eq!(
        english(&f.formula),
        "mean of the 9 rows above × 25 = (C4 + C5 + … + C12) / 9 × 25 = 88,8056 \
         (the unsur are NRR, 1–4: 9 of the 9 unsur lie within 1–4; this row is \
         NRR × 25, 25–100: the row 'Nilai IKM (NRR x 25)' says so); the unsur are \
         shown rounded, so the right figure may lie up to ±0,125 from this: a figure \
         within that is accepted"
    );
    assert_eq!(
        f.inputs.iter().map(|c| c.a1()).collect::<Vec<_>>(),
        ["C4", "C5", "C6", "C7", "C8", "C9", "C10", "C11", "C12"]
    );
}

#[test]
fn ikm_row_within_the_nrr_rounding_is_accepted_beyond_it_is_not() {
    // Each NRR shown to 2 decimals is within 0,005 of the survey's: their mean × 25
    // within 0,125 of 88,8056. 88,90 may be right, 88,95 cannot be.
    assert_eq!(
        codes(&check(vec![skm_sheet(&nrr_table("88,90"))]).findings),
        Vec::<String>::new()
    );
    assert_eq!(
        codes(&check(vec![skm_sheet(&nrr_table("88,95"))]).findings),
        ["average-mismatch SKM!C13"]
    );
}

#[test]
fn an_unsur_outside_one_to_four_is_out_of_range_on_the_nrr_scale() {
    let mut unsur = NRR;
    unsur[3] = ("Biaya/Tarif", "4,20", "A");
    // Sum 32,27, mean 3,5856… × 25 = 89,6389 → 89,64: the IKM row agrees.
    let r = check(vec![skm_sheet(&rows(
        "Nilai",
        &unsur,
        (IKM_LABEL, "89,64"),
    ))]);
    assert_eq!(codes(&r.findings), ["out-of-range SKM!C7"]);
    let f = &r.findings[0];
    assert_eq!(
        f.message.english(),
        "Nilai is 4,20, outside the 1–4 such a figure can take"
    );
    assert_eq!(
        english(&f.formula),
        "1 ≤ Nilai ≤ 4 (NRR, 1–4: 8 of the 9 unsur lie within 1–4)"
    );
    assert_eq!(f.found_text().as_deref(), Some("4.20"));
    assert_eq!(f.fix, None);
}

#[test]
fn a_header_saying_nrr_decides_even_with_a_stray_value() {
    let mut unsur = NRR;
    unsur[0] = ("Persyaratan", "88,00", "A");
    let r = check(vec![skm_sheet(&rows(
        "Nilai NRR",
        &unsur,
        ("Nilai IKM", "88,81"),
    ))]);
    let got: Vec<(String, String)> = r
        .findings
        .iter()
        .map(|f| {
            (
                codes(std::slice::from_ref(f))[0].clone(),
                english(&f.formula),
            )
        })
        .collect();
    assert_eq!(
        got[0],
        (
            "out-of-range SKM!C4".to_string(),
            "1 ≤ Nilai NRR ≤ 4 (NRR, 1–4: the header 'Nilai NRR' says so)".to_string()
        )
    );
    // The IKM row, 88,81 under "Nilai IKM", is on the converted scale by its value;
    // the stray 88,00 makes the mean × 25 far from it.
    assert_eq!(codes(&r.findings)[1..], ["average-mismatch SKM!C13"]);
}

#[test]
fn nrr_take_their_mutu_from_the_nilai_interval() {
    // 3,48 is Baik (3,0644 – 3,532) by the nilai interval, not A: told as
    // the letter the column states, with its word.
    let mut unsur = NRR;
    unsur[1] = ("Prosedur", "3,48", "A");
    let r = check(vec![skm_sheet(&rows(
        "Nilai",
        &unsur,
        (IKM_LABEL, "88,81"),
    ))]);
    assert_eq!(codes(&r.findings), ["category-mismatch SKM!D5"]);
    assert_eq!(r.findings[0].expected_text().as_deref(), Some("B (Baik)"));
    assert_eq!(
        english(&r.findings[0].formula),
        "category of C5 = B (Baik) (PermenPAN-RB 14/2017 (nilai interval))"
    );
}

/// The same table typed NRR × 25 (each value × 25, sum 799,25, mean 88,8055…).
const CONVERTED: [(&str, &str, &str); 9] = [
    ("Persyaratan", "88,00", "Baik"),
    ("Prosedur", "87,00", "Baik"),
    ("Waktu Penyelesaian", "82,75", "Baik"),
    ("Biaya/Tarif", "97,50", "Sangat Baik"),
    ("Produk Spesifikasi Jenis Pelayanan", "90,50", "Sangat Baik"),
    ("Kompetensi Pelaksana", "88,75", "Sangat Baik"),
    ("Perilaku Pelaksana", "92,75", "Sangat Baik"),
    ("Sarana dan Prasarana", "82,00", "Baik"),
    ("Penanganan Pengaduan", "90,00", "Sangat Baik"),
];

#[test]
fn a_converted_table_reads_as_before() {
    let clean = rows("Nilai", &CONVERTED, ("Nilai IKM", "88,81"));
    assert_eq!(
        codes(&check(vec![skm_sheet(&clean)]).findings),
        Vec::<String>::new()
    );
    // A wrong IKM row: the plain mean, with the formula as it always read.
    let r = check(vec![skm_sheet(&rows(
        "Nilai",
        &CONVERTED,
        ("Nilai IKM", "90,81"),
    ))]);
    assert_eq!(codes(&r.findings), ["average-mismatch SKM!C13"]);
    assert_eq!(r.findings[0].expected_text().as_deref(), Some("88.81"));
    assert_eq!(
        english(&r.findings[0].formula),
        "mean of the 9 rows above = (C4 + C5 + … + C12) / 9 = 88,8056"
    );
    // An unsur of 3,52 among converted ones is out of 25–100, as before.
    let mut stray = CONVERTED;
    stray[0] = ("Persyaratan", "3,52", "Sangat Baik");
    // Sum 714,77, mean 79,4189… → 79,42, mutu B (76,61 – 88,30).
    let mut table = rows("Nilai", &stray, ("Nilai IKM", "79,42"));
    table[12][3] = "B".into();
    let r = check(vec![skm_sheet(&table)]);
    assert_eq!(codes(&r.findings), ["out-of-range SKM!C4"]);
    assert_eq!(english(&r.findings[0].formula), "25 ≤ Nilai ≤ 100");
}

#[test]
fn an_nrr_mean_under_converted_unsur_is_held_to_their_mean_over_25() {
    // "Rata-rata" 3,55 under NRR × 25 values: an NRR, their mean ÷ 25 = 3,5522…
    // → 3,55; it is not corrected into 88,81.
    let r = check(vec![skm_sheet(&rows(
        "Nilai",
        &CONVERTED,
        ("Rata-rata", "3,55"),
    ))]);
    assert_eq!(codes(&r.findings), Vec::<String>::new());
    let r = check(vec![skm_sheet(&rows(
        "Nilai",
        &CONVERTED,
        ("Rata-rata", "3,45"),
    ))]);
    // And its mutu A is the nilai interval's for 3,55, not for 3,45 (B).
    assert_eq!(
        codes(&r.findings),
        ["average-mismatch SKM!C13", "category-mismatch SKM!D13"]
    );
    assert_eq!(r.findings[0].expected_text().as_deref(), Some("3.55"));
    assert_eq!(r.findings[1].expected_text().as_deref(), Some("B (Baik)"));
    assert!(english(&r.findings[0].formula)
        .starts_with("mean of the 9 rows above ÷ 25 = (C4 + C5 + … + C12) / 9 ÷ 25 = 3,5522"));
}

/// A capaian table stating the IKM as a realisasi, beside the NRR table.
fn capaian(realisasi: &str) -> selaras::Sheet {
    sheet(
        "Tabel 3.2",
        &[
            &[
                "No",
                "Sasaran",
                "Indikator Sasaran",
                "Target",
                "Realisasi",
                "% Capaian Kinerja",
                "Kategori",
            ],
            &[
                "1",
                "Sasaran",
                "Indeks Kepuasan Masyarakat",
                "#85",
                realisasi,
                "",
                "",
            ],
        ],
    )
}

#[test]
fn the_ikm_another_table_states_is_the_nrr_mean_times_25() {
    let skm = || skm_sheet(&nrr_table("88,81"));
    assert_eq!(
        codes(&check(vec![capaian("88,81"), skm()]).findings),
        Vec::<String>::new()
    );
    let r = check(vec![capaian("90,81"), skm()]);
    assert_eq!(codes(&r.findings), ["index-mismatch Tabel 3.2!E2"]);
    let f = &r.findings[0];
    assert_eq!(f.expected_text().as_deref(), Some("88.81"));
    assert_eq!(f.fix.map(|d| d.to_string()).as_deref(), Some("88.81"));
    assert_eq!(
        english(&f.formula),
        "IKM = ('SKM'!C4 + 'SKM'!C5 + … + 'SKM'!C12) / 9 × 25 = 31,97 / 9 × 25 (the unsur \
         are NRR, 1–4: 9 of the 9 unsur lie within 1–4; this figure is NRR × 25, \
         25–100: 90,81 lies within 25–100)"
    );
}

// --- selaras check --fix on a workbook written to disk -----------------------

/// Writes the table as the trial's workbook had it: every figure typed as text.
fn write_xlsx(rows: &[Vec<String>], path: &std::path::Path) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("SKM").expect("name");
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if text.is_empty() {
                continue;
            }
            match text.strip_prefix('#') {
                Some(n) => ws.write_number(r as u32, c as u16, n.parse::<f64>().expect("n")),
                None => ws.write_string(r as u32, c as u16, text),
            }
            .expect("write");
        }
    }
    wb.save(path).expect("save");
}

fn fix_changes(input: &std::path::Path, output: &std::path::Path) -> (i32, Vec<String>) {
    let o = crate::common::selaras(&[
        "check",
        "--fix",
        "--format",
        "json",
        "--output",
        output.to_str().expect("path"),
        input.to_str().expect("path"),
    ]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("JSON: {e}\n{}", String::from_utf8_lossy(&o.stdout)));
    let changes = crate::common::fixed_changes(&doc);
    (o.status.code().unwrap_or(-1), changes)
}

fn cell_c13(path: &std::path::Path) -> String {
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(path).expect("opens");
    let range = book.worksheet_range("SKM").expect("sheet");
    range
        .get_value((12, 2))
        .map(|d| d.to_string())
        .unwrap_or_default()
}

#[test]
fn fix_keeps_the_right_ikm_under_nrr_and_corrects_a_wrong_one_to_mean_times_25() {
    let dir = fresh_dir("ikm-nrr");
    // The trial's workbook: nothing to correct, 88,81 stays.
    let right = dir.join("ikm-nrr-column.xlsx");
    write_xlsx(&nrr_table("88,81"), &right);
    let out = dir.join("right.corrected.xlsx");
    let (code, changes) = fix_changes(&right, &out);
    assert_eq!((code, changes), (0, Vec::<String>::new()));
    if out.exists() {
        assert_eq!(cell_c13(&out), "88,81");
    }
    assert_eq!(cell_c13(&right), "88,81");
    // A wrong IKM row is corrected to the NRR mean × 25, typed as it was.
    let wrong = dir.join("ikm-nrr-wrong.xlsx");
    write_xlsx(&nrr_table("90,81"), &wrong);
    let out = dir.join("wrong.corrected.xlsx");
    let (_, changes) = fix_changes(&wrong, &out);
    assert_eq!(changes, ["SKM!C13 90,81 -> 88,81 (average-mismatch)"]);
    assert_eq!(cell_c13(&out), "88,81");
    let _ = std::fs::remove_dir_all(&dir);
}

/// "3.520" typed in an NRR column among "3,52"-style figures reads two ways: 3520
/// (a dot grouping thousands, as the column's other figures would have it) or
/// 3,520. Only 3,520 lies in an NRR's range (1–4, or 25–100 converted): that is
/// the figure, never 3520, and the table is as clean as with "3,52".
#[test]
fn an_nrr_typed_with_a_dot_is_read_in_the_columns_range() {
    let mut unsur = NRR.to_vec();
    let (name, value, mutu) = unsur[0];
    assert_eq!(
        value, "3,52",
        "the first unsur's NRR, as the clean table types it"
    );
    unsur[0] = (name, "3.520", mutu);
    let r = check(vec![skm_sheet(&rows(
        "Nilai",
        &unsur,
        (IKM_LABEL, "88,81"),
    ))]);
    assert_eq!(codes(&r.findings), Vec::<String>::new());
    // "3.620" is read 3,620 the same way: its mutu B is then the wrong band (3,62 is
    // A) and the IKM no longer the mean × 25, where 3620 would be out of range.
    let mut wrong = unsur.clone();
    wrong[0] = (name, "3.620", mutu);
    let r = check(vec![skm_sheet(&rows(
        "Nilai",
        &wrong,
        (IKM_LABEL, "88,81"),
    ))]);
    assert_eq!(
        codes(&r.findings),
        ["category-mismatch SKM!D4", "average-mismatch SKM!C13"]
    );
}
