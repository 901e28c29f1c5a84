//! A table of thousands of rows: read a block of rows per core and checked side
//! by side, it must give exactly the findings a one-core run gives, in the same
//! order, and exactly the errors planted in it, wherever they fall among the blocks.

use crate::common::{book, codes, sheet};
use rust_decimal::{Decimal, RoundingStrategy};
use selaras::Rules;

const PROGRAMS: u32 = 12;
const KEGIATAN: u32 = 8;
const SUB: u32 = 50;

/// Rupiah as a section types it: every other figure a number formatted
/// `#,##0`, the others Indonesian text (`1.234.000`).
fn money(value: i64, as_text: bool) -> String {
    if as_text {
        selaras::numbers::format_id(Decimal::from(value), 0)
    } else {
        format!("#{value}|#,##0")
    }
}

fn serapan(part: i64, whole: i64) -> String {
    let p = (Decimal::from(part) * Decimal::ONE_HUNDRED / Decimal::from(whole))
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    format!("{}%", selaras::numbers::format_id(p, 2))
}

/// The big table, and the cells of the errors planted in it with their codes.
fn big_table() -> (Vec<Vec<String>>, Vec<String>) {
    let mut rows: Vec<Vec<String>> = vec![[
        "Kode",
        "Program/Kegiatan/Sub Kegiatan",
        "Indikator Kinerja",
        "Target",
        "Realisasi",
        "% Capaian",
        "Anggaran (Rp)",
        "Realisasi (Rp)",
        "% Serapan",
    ]
    .map(String::from)
    .to_vec()];
    let mut planted = Vec::new();
    // Row 1 of the sheet is the header; a row's number is its index + 1.
    let (mut total_a, mut total_r) = (0i64, 0i64);
    let mut n = 0u32;
    for p in 1..=PROGRAMS {
        let program_at = rows.len();
        rows.push(Vec::new());
        let (mut pa, mut pr) = (0i64, 0i64);
        for k in 1..=KEGIATAN {
            let kegiatan_at = rows.len();
            rows.push(Vec::new());
            let (mut ka, mut kr) = (0i64, 0i64);
            for s in 1..=SUB {
                n += 1;
                let a = 1_000_000 + i64::from(n * 7919 % 100_000) * 1000;
                let r = a - i64::from(n % 13) * 1000;
                ka += a;
                kr += r;
                let row_number = rows.len() as u32 + 1;
                // Target and realisasi of kinerja: mostly plain, a few that
                // only the column's own convention can read.
                let (target, actual, capaian) = match n % 500 {
                    // "1.000" alone could be one or a thousand; the column
                    // proves Indonesian marks ("2.500,5" below), so a thousand.
                    7 => ("1.000", "950", "95,00%"),
                    8 => ("2.500,5", "2.500,5", "100,00%"),
                    _ => ("100", "95", "95,00%"),
                };
                let mut percent = serapan(r, a);
                // Planted: a % Serapan one point off, in the middle of a late block.
                if n == 2 * SUB * KEGIATAN * 4 + 17 {
                    percent = serapan(r + a / 100, a);
                    planted.push(format!("percent-mismatch Tabel 3.7!I{row_number}"));
                }
                let mut actual = actual.to_string();
                // Planted: a realisasi no one can read.
                if n == 3 * SUB * KEGIATAN + 5 {
                    actual = "95,,0".into();
                    planted.push(format!("unreadable-number Tabel 3.7!E{row_number}"));
                }
                rows.push(vec![
                    format!("1.02.{p:02}.2.{k:02}.{s:04}"),
                    format!("Sub kegiatan {n}"),
                    "Persentase dokumen yang tersusun".into(),
                    target.into(),
                    actual,
                    capaian.into(),
                    money(a, n % 2 == 0),
                    money(r, n % 3 == 0),
                    percent,
                ]);
            }
            // Planted: a kegiatan's anggaran Rp 1.000 over its sub kegiatan, in
            // the last block; its program adds the stated figure.
            let stated_ka = if p == PROGRAMS && k == KEGIATAN - 1 {
                planted.push(format!("sum-mismatch Tabel 3.7!G{}", kegiatan_at + 1));
                ka + 1000
            } else {
                ka
            };
            rows[kegiatan_at] = vec![
                format!("1.02.{p:02}.2.{k:02}"),
                format!("Kegiatan {p}.{k}"),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                money(stated_ka, k % 2 == 0),
                money(kr, false),
                serapan(kr, stated_ka),
            ];
            pa += stated_ka;
            pr += kr;
        }
        rows[program_at] = vec![
            format!("1.02.{p:02}"),
            format!("Program {p}"),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            money(pa, false),
            money(pr, true),
            serapan(pr, pa),
        ];
        total_a += pa;
        total_r += pr;
    }
    rows.push(vec![
        String::new(),
        "JUMLAH".into(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        money(total_a, false),
        money(total_r, false),
        serapan(total_r, total_a),
    ]);
    planted.sort_by_key(|c| {
        let cell = c.rsplit('!').next().unwrap_or("").to_string();
        let row: u32 = cell[1..].parse().unwrap_or(0);
        (row, cell)
    });
    (rows, planted)
}

fn report_with_threads(rows: &[Vec<String>], threads: usize) -> Vec<String> {
    let refs: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let refs: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
    let rules = Rules::built_in().expect("the built-in rules load");
    let book = book(vec![sheet("Tabel 3.7", &refs)]);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool");
    let report = pool.install(|| selaras::check_workbook(&book, &rules));
    assert_eq!(report.tables.len(), 1, "{:?}", report.tables);
    codes(&report.findings)
}

#[test]
fn a_big_table_gives_its_planted_errors_on_any_number_of_cores() {
    let (rows, planted) = big_table();
    assert!(rows.len() > 2 * 2048, "spans three blocks of rows and more");
    assert_eq!(planted.len(), 3);
    let one = report_with_threads(&rows, 1);
    assert_eq!(one, planted);
    for threads in [2, 3, 8] {
        assert_eq!(
            report_with_threads(&rows, threads),
            one,
            "{threads} threads"
        );
    }
}
