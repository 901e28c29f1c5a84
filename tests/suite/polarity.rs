//! The polarity of an indicator as a Polaritas column says it: the words real
//! workbooks and the SAKIP applications use ("Minimize", "Menurun", "Semakin
//! rendah semakin baik"), a word selaras cannot read (reported, never taken as
//! positive, and no capaian of its row rewritten by `--fix`), and indicators
//! whose name says what is left undone ("temuan yang belum ditindaklanjuti").

use crate::common::{check, codes, selaras, sheet};
use selaras::{Code, Finding};

/// Tabel 3.2 with a Polaritas column; each body row is
/// (sasaran, indikator, polaritas, target, realisasi, % capaian).
fn capaian(body: &[[&str; 6]]) -> selaras::Sheet {
    let numbers: Vec<String> = (1..=body.len()).map(|n| format!("#{n}")).collect();
    let mut rows: Vec<Vec<&str>> = vec![
        vec!["Tabel 3.2 Pengukuran Capaian Kinerja Tahun 2024"],
        vec![
            "No",
            "Sasaran",
            "Indikator Kinerja",
            "Polaritas",
            "Target",
            "Realisasi",
            "% Capaian",
        ],
    ];
    for (n, r) in numbers.iter().zip(body) {
        let mut row = vec![n.as_str()];
        row.extend_from_slice(r);
        rows.push(row);
    }
    let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    sheet("Capaian", &rows)
}

fn english(findings: &[Finding]) -> Vec<String> {
    findings.iter().map(|f| f.message.english()).collect()
}

/// T = 20, R = 18 and T = 5, R = 4: a negative indicator's capaian is
/// (2T − R) / T = 110,00 and 120,00, a positive one's R / T = 90,00 and 80,00.
const NEGATIVE_WORDS: [&str; 6] = [
    "Minimize",
    "Menurun",
    "Semakin rendah semakin baik",
    "(-)",
    "Lebih rendah lebih baik",
    "Negatif (semakin kecil semakin baik)",
];
const POSITIVE_WORDS: [&str; 5] = [
    "Maximize",
    "Meningkat",
    "Semakin tinggi semakin baik",
    "(+)",
    "Positif",
];

#[test]
fn negative_and_positive_words_with_right_capaian_give_nothing() {
    // One indicator per row: a row whose column says negative makes its indicator
    // negative in every row that names it, which would hide a word not read.
    const AREAS: [&str; 6] = ["A", "B", "C", "D", "E", "F"];
    let names: Vec<(String, String)> = AREAS
        .iter()
        .map(|a| {
            (
                format!("Rasio gangguan wilayah {a}"),
                format!("Indeks layanan unit {a}"),
            )
        })
        .collect();
    let mut body = Vec::new();
    for (w, (name, _)) in NEGATIVE_WORDS.iter().zip(&names) {
        body.push([
            "Menurunnya gangguan",
            name.as_str(),
            w,
            "20",
            "18",
            "110,00%",
        ]);
    }
    for (w, (_, name)) in POSITIVE_WORDS.iter().zip(&names) {
        body.push([
            "Meningkatnya layanan",
            name.as_str(),
            w,
            "20",
            "18",
            "90,00%",
        ]);
    }
    let r = check(vec![capaian(&body)]);
    assert_eq!(r.tables.len(), 1, "{:?}", r.tables);
    assert_eq!(codes(&r.findings), Vec::<String>::new());
}

#[test]
fn minimize_menurun_and_semakin_rendah_are_negative_indicators() {
    // The trial's workbook: each capaian computed as a positive indicator's.
    let r = check(vec![capaian(&[
        [
            "Menurunnya gangguan",
            "Rasio gangguan ketertiban",
            "Minimize",
            "20",
            "18",
            "90,00%",
        ],
        [
            "Menurunnya waktu layanan",
            "Lama proses perizinan (hari)",
            "Menurun",
            "5",
            "4",
            "80,00%",
        ],
        [
            "Menurunnya kemacetan",
            "Indeks kemacetan",
            "Semakin rendah semakin baik",
            "20",
            "18",
            "90,00%",
        ],
    ])]);
    assert_eq!(
        codes(&r.findings),
        [
            "percent-mismatch Capaian!G3",
            "percent-mismatch Capaian!G4",
            "percent-mismatch Capaian!G5",
        ]
    );
    let expected: Vec<_> = r.findings.iter().map(|f| f.expected_text()).collect();
    let expected: Vec<_> = expected.iter().map(Option::as_deref).collect();
    assert_eq!(expected, [Some("110.00"), Some("120.00"), Some("110.00")]);
    assert_eq!(
        english(&r.findings)[0],
        "% Capaian is 90,00, but recomputed it is 110,00; it was computed as a positive \
         indicator: R / T × 100 but this is a negative indicator: (2T − R) / T × 100 (its \
         polarity column says 'Minimize'); if the indicator is in fact positive, say so in a \
         Polaritas column ('Positif')"
    );
    assert!(
        english(&r.findings)[2].contains("its polarity column says 'Semakin rendah semakin baik'")
    );
}

#[test]
fn maximize_and_meningkat_are_positive_indicators() {
    // Negative by name for the rules ("angka kematian"), positive by the column.
    let r = check(vec![capaian(&[
        [
            "Sehat",
            "Angka kematian yang tercegah",
            "Maximize",
            "20",
            "18",
            "110,00%",
        ],
        [
            "Sehat",
            "Angka kematian yang tertangani",
            "Meningkat",
            "5",
            "4",
            "120,00%",
        ],
    ])]);
    assert_eq!(
        codes(&r.findings),
        ["percent-mismatch Capaian!G3", "percent-mismatch Capaian!G4"]
    );
    let expected: Vec<_> = r.findings.iter().map(|f| f.expected_text()).collect();
    let expected: Vec<_> = expected.iter().map(Option::as_deref).collect();
    assert_eq!(expected, [Some("90.00"), Some("80.00")]);
    assert_eq!(
        english(&r.findings)[1],
        "% Capaian is 120,00, but recomputed it is 80,00; it was computed as a negative \
         indicator: (2T − R) / T × 100 but this is a positive indicator: R / T × 100 (its \
         polarity column says 'Meningkat')"
    );
}

/// The words the built-in rules read, as the unreadable-polarity help lists them.
const NEGATIVE_LIST: &str = "'Negatif', 'Negative', 'Neg', '-', '(-)', 'Minimize', 'Minimise', \
    'Minimal', 'Minimalkan', 'Minimum', 'Menurun', 'Turun', 'Semakin kecil semakin baik', \
    'Semakin rendah semakin baik', 'Semakin sedikit semakin baik', 'Makin kecil makin baik', \
    'Makin rendah makin baik', 'Lebih kecil lebih baik', 'Lebih rendah lebih baik', \
    'Lower is better', 'Semakin kecil', 'Semakin rendah', 'Semakin sedikit'";
const POSITIVE_LIST: &str = "'Positif', 'Positive', 'Pos', '+', '(+)', 'Maximize', 'Maximise', \
    'Maksimal', 'Maksimalkan', 'Maksimum', 'Maximum', 'Meningkat', 'Naik', 'Semakin besar \
    semakin baik', 'Semakin tinggi semakin baik', 'Semakin banyak semakin baik', 'Makin besar \
    makin baik', 'Makin tinggi makin baik', 'Lebih besar lebih baik', 'Lebih tinggi lebih baik', \
    'Higher is better', 'Semakin besar', 'Semakin tinggi', 'Semakin banyak'";

#[test]
fn an_unknown_polarity_word_is_reported_and_never_taken_as_positive() {
    let r = check(vec![capaian(&[
        // Fits a negative indicator: only the word is reported.
        [
            "Tertib",
            "Rasio gangguan ketertiban",
            "Sedang",
            "20",
            "18",
            "110,00%",
        ],
        // Fits a positive indicator.
        ["Layanan", "Indeks layanan", "Sedang", "20", "18", "90,00%"],
        // Fits neither: wrong whatever the polarity, with both results and no fix.
        [
            "Layanan",
            "Indeks pelayanan",
            "Stabilize",
            "20",
            "18",
            "150,00%",
        ],
        // Words of both sides.
        [
            "Layanan",
            "Indeks kepuasan",
            "Naik/Turun",
            "20",
            "18",
            "110,00%",
        ],
    ])]);
    assert_eq!(
        codes(&r.findings),
        [
            "unreadable-polarity Capaian!D3",
            "unreadable-polarity Capaian!D4",
            "unreadable-polarity Capaian!D5",
            "percent-mismatch Capaian!G5",
            "unreadable-polarity Capaian!D6",
        ]
    );
    let base = |word: &str| {
        format!(
            "the Polaritas column says '{word}', which selaras cannot read as a positive or a \
             negative indicator's word (such as 'Positif' / 'Negatif', 'Maximize' / 'Minimize', \
             'Meningkat' / 'Menurun'), so it cannot tell which capaian formula applies"
        )
    };
    let m = english(&r.findings);
    assert_eq!(
        m[0],
        format!(
            "{}; % Capaian 110,00 in G3 fits a negative indicator: (2T − R) / T × 100",
            base("Sedang")
        )
    );
    assert_eq!(
        m[1],
        format!(
            "{}; % Capaian 90,00 in G4 fits a positive indicator: R / T × 100",
            base("Sedang")
        )
    );
    assert_eq!(m[2], base("Stabilize"));
    assert_eq!(
        m[3],
        "% Capaian is 150,00, but neither formula gives it: 90,00 as a positive indicator, \
         110,00 as a negative one (the Polaritas column's 'Stabilize' does not say which applies)"
    );
    assert_eq!(
        m[4],
        format!(
            "{}; % Capaian 110,00 in G6 fits a negative indicator: (2T − R) / T × 100",
            base("Naik/Turun")
        )
    );
    let f = &r.findings[0];
    assert_eq!(f.code, Code::UnreadablePolarity);
    assert_eq!(
        (
            f.found_text().as_deref(),
            f.expected_text().as_deref(),
            f.fix
        ),
        (Some("Sedang"), None, None)
    );
    assert_eq!(
        (f.row_label.as_str(), f.column_label.as_str()),
        ("Rasio gangguan ketertiban", "Polaritas")
    );
    assert_eq!(
        f.help.english(),
        format!(
            "Write in D3 one of the words selaras reads: for a negative indicator (semakin kecil \
             semakin baik) {NEGATIVE_LIST}; for a positive one {POSITIVE_LIST}. Until then \
             selaras accepts a capaian that either formula gives, and --fix changes none of the \
             row's figures."
        )
    );
    let wrong = &r.findings[3];
    assert_eq!(
        (
            wrong.found_text().as_deref(),
            wrong.expected_text().as_deref(),
            wrong.fix
        ),
        (Some("150.00"), None, None)
    );
    assert_eq!(wrong.relation, None);
    assert_eq!(
        wrong.help.english(),
        "Write the indicator's polarity in D5 ('Positif' or 'Negatif'), then correct G5: 90,00 \
         if it is positive, 110,00 if it is negative."
    );
    assert_eq!(
        wrong.formula.as_ref().map(|m| m.english()).as_deref(),
        Some(
            "Realisasi / Target × 100 = F5 / E5 × 100 = 18 / 20 × 100 (positive indicator); \
             (2 × Target − Realisasi) / Target × 100 = (2 × E5 − F5) / E5 × 100 = (2 × 20 − 18) \
             / 20 × 100 (negative indicator)"
        )
    );
    // In Indonesian too.
    let id = selaras::Lang::from_code("id").expect("id");
    assert!(
        r.findings[0]
            .message
            .render(id)
            .starts_with("kolom Polaritas menyebut 'Sedang', yang tidak dapat dibaca Selaras"),
        "{}",
        r.findings[0].message.render(id)
    );
}

#[test]
fn temuan_not_yet_followed_up_is_negative_and_followed_up_is_positive() {
    let r = check(vec![capaian(&[
        // The fewer findings left open, the better: (2 x 10 - 8) / 10 = 120%.
        [
            "Akuntabel",
            "Persentase temuan BPK yang belum ditindaklanjuti",
            "",
            "10",
            "8",
            "120,00%",
        ],
        // Followed up: the more, the better; 120% is the negative formula's.
        [
            "Akuntabel",
            "Persentase temuan BPK yang ditindaklanjuti",
            "",
            "10",
            "8",
            "120,00%",
        ],
    ])]);
    assert_eq!(codes(&r.findings), ["percent-mismatch Capaian!G4"]);
    assert_eq!(r.findings[0].expected_text().as_deref(), Some("80.00"));
    // A positive indicator by the rules says why, and what to do if it is not.
    assert_eq!(
        english(&r.findings)[0],
        "% Capaian is 120,00, but recomputed it is 80,00; it was computed as a negative \
         indicator: (2T − R) / T × 100 but this is a positive indicator: R / T × 100 \
         ('Persentase temuan BPK yang ditindaklanjuti' is a positive indicator by the rules (its \
         name matches '*ditindaklanjuti*')); if the indicator is in fact negative (semakin kecil \
         semakin baik), say so in a Polaritas column ('Negatif')"
    );
}

#[test]
fn an_indicator_nothing_calls_negative_is_taken_as_positive_and_says_so() {
    let r = check(vec![capaian(&[[
        "Tertib",
        "Rasio gangguan ketertiban",
        "",
        "20",
        "18",
        "110,00%",
    ]])]);
    assert_eq!(codes(&r.findings), ["percent-mismatch Capaian!G3"]);
    assert_eq!(
        english(&r.findings)[0],
        "% Capaian is 110,00, but recomputed it is 90,00; it was computed as a negative \
         indicator: (2T − R) / T × 100 but this is taken as a positive indicator: R / T × 100: \
         nothing in the workbook (a Polaritas column, a note) or the rules says it is negative; \
         if the indicator is in fact negative (semakin kecil semakin baik), say so in a \
         Polaritas column ('Negatif')"
    );
}

#[test]
fn a_polarity_word_on_both_sides_is_refused_by_the_rules() {
    let mut rules = selaras::Rules::built_in().expect("rules");
    let err = rules
        .add_file(
            "mine.toml",
            "[polarity]\npositive = [\"Stabil\", \"Turun\"]\n",
        )
        .unwrap_err();
    assert_eq!(
        (err.file.as_str(), err.line, err.key.as_str()),
        ("mine.toml", 2, "positive")
    );
    assert_eq!(
        err.message,
        "this word is already a polarity word of the other side"
    );
    // A word of one's own, added by a rules folder, is read.
    rules
        .add_file("mine.toml", "[polarity]\nnegative = [\"Stabilize\"]\n")
        .expect("a new word");
    let r = selaras::check_workbook(
        &crate::common::book(vec![capaian(&[[
            "Tertib",
            "Rasio gangguan",
            "Stabilize",
            "20",
            "18",
            "110,00%",
        ]])]),
        &rules,
    );
    assert_eq!(codes(&r.findings), Vec::<String>::new());
}

/// The trial's workbook as a file: texts as typed, a right negative capaian under
/// "Minimize" and "Menurun", and one under a word selaras cannot read.
fn write_trial_workbook(path: &std::path::Path) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Capaian").expect("name");
    let rows: [[&str; 7]; 5] = [
        [
            "No",
            "Sasaran",
            "Indikator Kinerja",
            "Polaritas",
            "Target",
            "Realisasi",
            "% Capaian",
        ],
        [
            "1",
            "Menurunnya gangguan ketertiban",
            "Rasio gangguan ketertiban per 10.000 penduduk",
            "Minimize",
            "20",
            "18",
            "110,00%",
        ],
        [
            "2",
            "Menurunnya waktu layanan",
            "Rata-rata lama proses perizinan (hari)",
            "Menurun",
            "5",
            "4",
            "120,00%",
        ],
        [
            "3",
            "Menurunnya kemacetan",
            "Indeks kemacetan",
            "Sedang",
            "20",
            "18",
            "110,00%",
        ],
        [
            "4",
            "Tertibnya lalu lintas",
            "Rasio pelanggaran lalu lintas",
            "Sedang",
            "20",
            "18",
            "150,00%",
        ],
    ];
    ws.write_string(0, 0, "Tabel 3.2 Pengukuran Capaian Kinerja Tahun 2024")
        .expect("caption");
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, *text)
                .expect("cell");
        }
    }
    wb.save(path).expect("save");
}

#[test]
fn fix_leaves_right_negative_capaian_and_unreadable_rows_alone() {
    let dir = crate::common::fresh_dir("polarity");
    let input = dir.join("polaritas-minimize.xlsx");
    let output = dir.join("out.xlsx");
    write_trial_workbook(&input);
    let o = selaras(&[
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
    assert_eq!(
        doc["files"][0]["fixed"]["changes"],
        serde_json::json!([]),
        "{doc:#}"
    );
    let left: Vec<String> = doc["files"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["code"].as_str().unwrap_or(""),
                f["cell"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        left,
        [
            "unreadable-polarity D5",
            "unreadable-polarity D6",
            "percent-mismatch G6",
        ]
    );
    assert_eq!(o.status.code(), Some(1));
    // The copy holds the capaian as typed.
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(&output).expect("the copy opens");
    let range = book.worksheet_range("Capaian").expect("sheet");
    let at = |r: u32, c: u32| range.get_value((r, c)).map(|d| d.to_string());
    assert_eq!(
        [at(2, 6), at(3, 6), at(4, 6), at(5, 6)],
        [
            Some("110,00%".to_string()),
            Some("120,00%".to_string()),
            Some("110,00%".to_string()),
            Some("150,00%".to_string()),
        ]
    );
}

/// Sections often write only the first half of "semakin kecil semakin baik".
#[test]
fn the_first_half_of_the_phrase_is_enough() {
    let r = check(vec![capaian(&[
        [
            "Menurunnya kemacetan",
            "Indeks kemacetan",
            "Semakin kecil",
            "20",
            "18",
            "110,00%",
        ],
        [
            "Meningkatnya pelayanan",
            "Indeks pelayanan",
            "Semakin tinggi",
            "20",
            "18",
            "90,00%",
        ],
    ])]);
    assert!(r.findings.is_empty(), "{:#?}", codes(&r.findings));
}
