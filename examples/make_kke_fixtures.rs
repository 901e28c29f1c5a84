//! Writes `fixtures/kke/`: the evaluators' worksheet of SAKIP (Kertas Kerja
//! Evaluasi, PermenPAN-RB 88/2021) as an inspectorate lays it out: a `RESUME`
//! sheet (komponen, sub-komponen, bobot, the nilai of each stage) and a
//! `PENILAIAN` sheet (per sub-komponen its kriteria, each with its bobot and
//! its bukti dukung, and per stage the answer, its coefficient and the nilai).
//! A draft: the penilaian final is filled for the first komponen only.
//!
//! - `kke-ketik-clean.xlsx`: typed figures, coefficients Y = 1, T = 0, A = 1,
//!   B = 0,75, C = 0,5, D = 0,25; everything adds up.
//! - `kke-ketik-planted.xlsx`: the same with the mistakes of [`Plants`] for typed
//!   figures.
//! - `kke-rumus-clean.xlsx`: the same worksheet with formulas throughout, its
//!   coefficients by `IF(L="A",1,IF(L="B",0.66,…))` and the resume by VLOOKUP.
//! - `kke-rumus-planted.xlsx`: the mistakes of [`Plants`] for formulas.
//! - `kke-ketik-persen-clean.xlsx`, `kke-rumus-persen-clean.xlsx`: the clean
//!   worksheets with their coefficients shown as percentages (100%, 75%).
//!
//! And, for the sample an evaluator holds a survey to, `fixtures/variants/`
//! `v23-skm-populasi-*.xlsx`: a PermenPAN-RB 14/2017 recap of 30 respondents
//! (U1 … U9, Σ, NRR, NRR tertimbang, IKM) under a line stating its population:
//! 30 (Krejcie & Morgan ask for 28: clean), 40 with "Jumlah responden : 30"
//! beside it (36 asked: short), and 1.200 with the respondents left to the
//! recap's rows (291 asked: short); and "Jumlah responden : 32" over the 30
//! rows it lists (the count said).
//!
//! Every figure is computed here in exact decimals; every formula is saved with
//! the value it gives. `cargo run --example make_kke_fixtures` twice gives the
//! same bytes. Asserted in `tests/suite/kke.rs`.

use std::error::Error;
use std::path::Path;

use rust_decimal::Decimal;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Formula, Workbook, Worksheet};

type Res<T = ()> = Result<T, Box<dyn Error>>;

/// The columns of PENILAIAN (0-based).
const KODE: u16 = 0;
const NO: u16 = 1;
const KOMPONEN: u16 = 2;
const SUB: u16 = 3;
const BOBOT: u16 = 4;
const KRITERIA: u16 = 5;
const BUKTI: u16 = 6;
const N_KRITERIA: u16 = 7;
const W_KRITERIA: u16 = 8;
const N_BUKTI: u16 = 9;
const W_BUKTI: u16 = 10;
/// Per stage: the answer, the coefficient, the nilai.
const STAGES: [[u16; 3]; 2] = [[11, 12, 13], [14, 15, 16]];
/// The first row of figures (0-based: Excel's row 3).
const FIRST: u32 = 2;

/// How a sub-komponen's kriteria are answered: by each bukti dukung (Y/T) or
/// the kriteria as a whole (A–D).
#[derive(Clone, Copy, PartialEq)]
enum Answered {
    ByEvidence,
    Graded,
}

struct Sub {
    name: &'static str,
    /// Bobot in percent points.
    bobot: Decimal,
    answered: Answered,
    kriteria: [&'static str; 2],
}

struct Komponen {
    kode: &'static str,
    name: &'static str,
    subs: [Sub; 3],
}

fn d(s: &str) -> Decimal {
    s.parse().expect("a decimal")
}

fn komponen() -> Vec<Komponen> {
    let sub = |name, bobot: &str, answered, kriteria| Sub {
        name,
        bobot: d(bobot),
        answered,
        kriteria,
    };
    use Answered::*;
    vec![
        Komponen {
            kode: "A",
            name: "Perencanaan Kinerja",
            subs: [
                sub(
                    "Pemenuhan",
                    "6",
                    ByEvidence,
                    [
                        "Terdapat dokumen perencanaan kinerja jangka menengah",
                        "Terdapat dokumen perencanaan kinerja tahunan",
                    ],
                ),
                sub(
                    "Kualitas",
                    "9",
                    Graded,
                    [
                        "Dokumen perencanaan kinerja telah diformalkan",
                        "Ukuran keberhasilan telah memenuhi kriteria SMART",
                    ],
                ),
                sub(
                    "Pemanfaatan",
                    "15",
                    Graded,
                    [
                        "Anggaran yang ditetapkan telah mengacu pada kinerja",
                        "Rencana aksi kinerja dapat berjalan dinamis",
                    ],
                ),
            ],
        },
        Komponen {
            kode: "B",
            name: "Pengukuran Kinerja",
            subs: [
                sub(
                    "Pemenuhan",
                    "6",
                    ByEvidence,
                    [
                        "Terdapat pedoman teknis pengukuran kinerja",
                        "Terdapat definisi operasional yang jelas",
                    ],
                ),
                sub(
                    "Kualitas",
                    "9",
                    Graded,
                    [
                        "Pimpinan terlibat dalam pengukuran kinerja",
                        "Data kinerja yang dikumpulkan relevan",
                    ],
                ),
                sub(
                    "Pemanfaatan",
                    "15",
                    Graded,
                    [
                        "Pengukuran kinerja menjadi dasar penyesuaian aktivitas",
                        "Pengukuran kinerja mempengaruhi penyesuaian strategi",
                    ],
                ),
            ],
        },
        Komponen {
            kode: "C",
            name: "Pelaporan Kinerja",
            subs: [
                sub(
                    "Pemenuhan",
                    "3",
                    ByEvidence,
                    [
                        "Dokumen laporan kinerja telah disusun",
                        "Dokumen laporan kinerja telah dipublikasikan",
                    ],
                ),
                sub(
                    "Kualitas",
                    "4.5",
                    Graded,
                    [
                        "Laporan kinerja disusun sesuai pedoman",
                        "Laporan kinerja mengungkap informasi kinerja",
                    ],
                ),
                sub(
                    "Pemanfaatan",
                    "7.5",
                    Graded,
                    [
                        "Informasi laporan kinerja digunakan untuk perbaikan",
                        "Informasi laporan kinerja digunakan untuk penilaian",
                    ],
                ),
            ],
        },
        Komponen {
            kode: "D",
            name: "Evaluasi Akuntabilitas Kinerja Internal",
            subs: [
                sub(
                    "Pemenuhan",
                    "5",
                    ByEvidence,
                    [
                        "Terdapat pedoman teknis evaluasi internal",
                        "Evaluasi internal telah dilaksanakan",
                    ],
                ),
                sub(
                    "Kualitas",
                    "7.5",
                    Graded,
                    [
                        "Evaluasi dilaksanakan secara berjenjang",
                        "Evaluasi memberikan rekomendasi perbaikan",
                    ],
                ),
                sub(
                    "Pemanfaatan",
                    "12.5",
                    Graded,
                    [
                        "Rekomendasi hasil evaluasi telah ditindaklanjuti",
                        "Hasil evaluasi dimanfaatkan untuk perbaikan",
                    ],
                ),
            ],
        },
    ]
}

/// The bukti dukung of a kriteria answered by its evidence.
const EVIDENCE: [&str; 2] = [
    "SK / dokumen yang ditetapkan",
    "Bukti publikasi pada laman resmi",
];

/// The answers, in the order the rows take them.
const YT: [&str; 5] = ["Y", "Y", "T", "Y", "T"];
const GRADES: [&str; 4] = ["A", "B", "C", "D"];

/// A worksheet's rule for coefficients.
#[derive(Clone, Copy)]
struct Rule {
    grades: [&'static str; 4],
}

const TYPED_RULE: Rule = Rule {
    grades: ["1", "0.75", "0.5", "0.25"],
};
const FORMULA_RULE: Rule = Rule {
    grades: ["1", "0.66", "0.33", "0"],
};

impl Rule {
    fn coefficient(&self, answer: &str) -> Decimal {
        match answer {
            "Y" => Decimal::ONE,
            "T" => Decimal::ZERO,
            g => d(self.grades[GRADES.iter().position(|x| *x == g).expect("a grade")]),
        }
    }

    /// The coefficient formula of a cell holding `answer` (0-based column).
    fn formula(&self, answer_cell: &str, graded: bool, b_as: Option<&str>) -> String {
        if graded {
            let g = &self.grades;
            format!(
                "IF({a}=\"A\",{},IF({a}=\"B\",{},IF({a}=\"C\",{},IF({a}=\"D\",{},\"Belum Diisi\"))))",
                g[0],
                b_as.unwrap_or(g[1]),
                g[2],
                g[3],
                a = answer_cell
            )
        } else {
            format!(
                "IF({a}=\"Y\",1,IF({a}=\"T\",0,\"Belum Diisi\"))",
                a = answer_cell
            )
        }
    }
}

/// A cell of the sheets: words, a figure (percent points where `pct`), or a
/// formula with the figure it gives.
#[derive(Clone)]
enum Value {
    Words(String),
    Figure(Decimal, Kind),
    Formula(String, Decimal, Kind),
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Pct,
    Plain,
}

#[derive(Default)]
struct Grid(std::collections::BTreeMap<(u32, u16), Value>);

impl Grid {
    fn words(&mut self, r: u32, c: u16, t: &str) {
        self.0.insert((r, c), Value::Words(t.to_string()));
    }
    fn put(&mut self, r: u32, c: u16, v: Decimal, kind: Kind, formula: Option<String>) {
        let cell = match formula {
            Some(f) => Value::Formula(f, v, kind),
            None => Value::Figure(v, kind),
        };
        self.0.insert((r, c), cell);
    }
    fn figure(&self, r: u32, c: u16) -> Decimal {
        match self.0.get(&(r, c)) {
            Some(Value::Figure(v, _) | Value::Formula(_, v, _)) => *v,
            _ => Decimal::ZERO,
        }
    }
}

fn a1(r: u32, c: u16) -> String {
    format!("{}{}", (b'A' + c as u8) as char, r + 1)
}

/// A sub-komponen's place in the sheets.
struct Placed {
    kode: String,
    detail_row: u32,
    resume_row: u32,
    /// The nilai each stage sums to, where the stage is filled.
    nilai: [Option<Decimal>; 2],
}

/// What one variant changes.
#[derive(Default, Clone, Copy)]
struct Plants {
    /// A typed coefficient 0,5 for the first B of komponen B's Kualitas.
    coefficient: bool,
    /// Komponen C's Pemanfaatan: the second kriteria's nilai typed 1,05.
    nilai: bool,
    /// Komponen A's Pemenuhan: the first kriteria's second bukti's bobot 0,60.
    bobot_bukti: bool,
    /// Komponen D's Kualitas: the resume's penilaian mandiri 0,50 above its detail.
    resume: bool,
    /// Komponen B's Pemenuhan: its own nilai 0,25 below its rows'.
    sub_total: bool,
    /// The predikat of the penilaian mandiri one band above its nilai.
    predikat: bool,
    /// Coefficients shown as percentages (100%, 75%), as some worksheets do.
    percent_koef: bool,
    /// Formulas: one B read as 0,6 in komponen A's Kualitas.
    b_formula: bool,
    /// Formulas: komponen C's Pemanfaatan states no nilai of its own.
    sub_empty: bool,
}

/// Fills PENILAIAN and RESUME.
fn build(formulas: bool, plants: Plants) -> (Grid, Grid) {
    let rule = if formulas { FORMULA_RULE } else { TYPED_RULE };
    let mut p = Grid::default();
    let mut placed: Vec<Placed> = Vec::new();
    let mut r = FIRST;
    let mut yt = 0usize;
    let mut grade = 0usize;
    for (ki, k) in komponen().iter().enumerate() {
        p.words(r, KODE, k.kode);
        p.words(r, NO, k.kode);
        p.words(r, KOMPONEN, k.name);
        r += 1;
        // The penilaian final is filled for the first komponen only (a draft).
        let stages = if ki == 0 { 2 } else { 1 };
        for (si, s) in k.subs.iter().enumerate() {
            let kode = format!("{}.{}", k.kode, si + 1);
            let sub_row = r;
            p.words(r, KODE, &kode);
            p.words(r, NO, &kode);
            p.words(r, SUB, s.name);
            p.put(r, BOBOT, s.bobot, Kind::Pct, None);
            r += 1;
            let share = s.bobot / Decimal::from(s.kriteria.len());
            let mut kriteria_rows = Vec::new();
            let mut scored: [Vec<(u32, u16)>; 2] = [Vec::new(), Vec::new()];
            for (ci, text) in s.kriteria.iter().enumerate() {
                let kr = r;
                kriteria_rows.push(kr);
                p.words(r, KODE, &format!("{kode}.{}", ci + 1));
                p.words(r, KRITERIA, text);
                p.put(r, N_KRITERIA, Decimal::ONE, Kind::Plain, None);
                let wf = formulas.then(|| format!("{}/{}", a1(sub_row, BOBOT), s.kriteria.len()));
                p.put(r, W_KRITERIA, share, Kind::Pct, wf);
                r += 1;
                let answered_rows: Vec<(u32, Decimal)> = if s.answered == Answered::ByEvidence {
                    let mut rows = Vec::new();
                    let mut weights = Vec::new();
                    for (ei, e) in EVIDENCE.iter().enumerate() {
                        p.words(r, BUKTI, e);
                        p.put(r, N_BUKTI, Decimal::ONE, Kind::Plain, None);
                        let mut w = share / Decimal::from(EVIDENCE.len());
                        if plants.bobot_bukti && ki == 0 && si == 0 && ci == 0 && ei == 1 {
                            w = d("0.6");
                        }
                        let wf =
                            formulas.then(|| format!("{}/{}", a1(kr, W_KRITERIA), EVIDENCE.len()));
                        p.put(r, W_BUKTI, w, Kind::Pct, wf);
                        weights.push(r);
                        rows.push((r, w));
                        r += 1;
                    }
                    p.put(
                        kr,
                        N_BUKTI,
                        Decimal::from(EVIDENCE.len()),
                        Kind::Plain,
                        None,
                    );
                    // The kriteria's bukti bobot: typed, its share (as written
                    // before the bukti were weighed); else the sum of its bukti.
                    let (value, kf) = if formulas {
                        let sum: Decimal = rows.iter().map(|(_, w)| *w).sum();
                        let f = format!(
                            "SUM({}:{})",
                            a1(weights[0], W_BUKTI),
                            a1(weights[weights.len() - 1], W_BUKTI)
                        );
                        (sum, Some(f))
                    } else {
                        (share, None)
                    };
                    p.put(kr, W_BUKTI, value, Kind::Pct, kf);
                    rows
                } else {
                    let kf = formulas.then(|| a1(kr, W_KRITERIA));
                    p.put(kr, W_BUKTI, share, Kind::Pct, kf);
                    vec![(kr, share)]
                };
                for (row, w) in answered_rows {
                    let graded = s.answered == Answered::Graded;
                    let answer = if graded {
                        grade += 1;
                        GRADES[(grade - 1) % GRADES.len()]
                    } else {
                        yt += 1;
                        YT[(yt - 1) % YT.len()]
                    };
                    for (stage, cols) in STAGES.iter().enumerate().take(stages) {
                        let [ac, kc, nc] = *cols;
                        p.words(row, ac, answer);
                        let odd_b =
                            plants.b_formula && ki == 0 && si == 1 && answer == "B" && stage == 0;
                        let mut koef = if odd_b {
                            d("0.6")
                        } else {
                            rule.coefficient(answer)
                        };
                        if plants.coefficient && ki == 1 && si == 1 && answer == "B" && stage == 0 {
                            koef = d("0.5");
                        }
                        let kf = formulas
                            .then(|| rule.formula(&a1(row, ac), graded, odd_b.then_some("0.6")));
                        if plants.percent_koef {
                            p.put(row, kc, koef * Decimal::ONE_HUNDRED, Kind::Pct, kf);
                        } else {
                            p.put(row, kc, koef, Kind::Plain, kf);
                        }
                        let mut nilai = koef * w;
                        if plants.nilai && ki == 2 && si == 2 && ci == 1 && stage == 0 {
                            nilai = d("1.05");
                        }
                        let nf = formulas
                            .then(|| format!("IFERROR({}*{},0)", a1(row, kc), a1(row, W_BUKTI)));
                        p.put(row, nc, nilai, Kind::Pct, nf);
                        scored[stage].push((row, nc));
                    }
                }
            }
            // The sub-komponen's own totals.
            let n = Decimal::from(s.kriteria.len());
            p.put(sub_row, N_KRITERIA, n, Kind::Plain, None);
            let sum_of = |c: u16| {
                let first = kriteria_rows[0];
                let last = r - 1;
                format!("SUM({}:{})", a1(first, c), a1(last, c))
            };
            let wsum: Decimal = kriteria_rows
                .iter()
                .map(|&kr| p.figure(kr, W_KRITERIA))
                .sum();
            p.put(
                sub_row,
                W_KRITERIA,
                wsum,
                Kind::Pct,
                formulas.then(|| sum_of(W_KRITERIA)),
            );
            let mut nilai = [None, None];
            for (stage, cells) in scored.iter().enumerate().take(stages) {
                let total: Decimal = cells.iter().map(|&(row, c)| p.figure(row, c)).sum();
                nilai[stage] = Some(total);
                let nc = STAGES[stage][2];
                let mut own = total;
                if plants.sub_total && ki == 1 && si == 0 && stage == 0 {
                    own -= d("0.25");
                }
                if plants.sub_empty && ki == 2 && si == 2 {
                    continue;
                }
                p.put(sub_row, nc, own, Kind::Pct, formulas.then(|| sum_of(nc)));
            }
            placed.push(Placed {
                kode,
                detail_row: sub_row,
                resume_row: 0,
                nilai,
            });
        }
    }
    let resume = resume(&p, &mut placed, formulas, plants);
    (p, resume)
}

/// RESUME: per komponen its sub-komponen's bobot and nilai, and their total.
fn resume(p: &Grid, placed: &mut [Placed], formulas: bool, plants: Plants) -> Grid {
    let mut g = Grid::default();
    let mut r = 3u32;
    let mut komponen_rows = Vec::new();
    let mut i = 0;
    for (ki, k) in komponen().iter().enumerate() {
        let kr = r;
        komponen_rows.push(kr);
        g.words(r, 0, k.kode);
        g.words(r, 1, k.kode);
        g.words(r, 2, k.name);
        r += 1;
        let stages = if ki == 0 { 2 } else { 1 };
        for (si, s) in k.subs.iter().enumerate() {
            let pl = &mut placed[i];
            i += 1;
            pl.resume_row = r;
            g.words(r, 0, &pl.kode);
            g.words(r, 3, s.name);
            g.put(r, 4, s.bobot, Kind::Pct, None);
            for (stage, cols) in STAGES.iter().enumerate().take(stages) {
                let nc = cols[2];
                // What the detail's own cell says (a VLOOKUP reads it; an
                // empty cell reads 0).
                let mut v = p.figure(pl.detail_row, nc);
                if !formulas {
                    v = pl.nilai[stage].unwrap_or_default();
                }
                if plants.resume && ki == 3 && si == 1 && stage == 0 {
                    v += d("0.5");
                }
                let f = formulas.then(|| {
                    format!(
                        "IFERROR(VLOOKUP({},PENILAIAN!$A$3:$Q$200,{},FALSE),0)",
                        a1(r, 0),
                        nc + 1
                    )
                });
                g.put(r, 5 + stage as u16, v, Kind::Pct, f);
            }
            r += 1;
        }
        for c in 4..(5 + stages as u16) {
            let v: Decimal = (kr + 1..r).map(|row| g.figure(row, c)).sum();
            let f = formulas.then(|| format!("SUM({}:{})", a1(kr + 1, c), a1(r - 1, c)));
            g.put(kr, c, v, Kind::Pct, f);
        }
    }
    g.words(r, 1, "Nilai Akuntabilitas Kinerja");
    g.words(r + 1, 1, "Predikat");
    for c in 4..7u16 {
        let v: Decimal = komponen_rows.iter().map(|&kr| g.figure(kr, c)).sum();
        let cells: Vec<String> = komponen_rows.iter().map(|&kr| a1(kr, c)).collect();
        let f = formulas.then(|| format!("SUM({})", cells.join(",")));
        g.put(r, c, v, Kind::Pct, f);
        if c > 4 {
            let mut band = predikat(v);
            if plants.predikat && c == 5 {
                band -= 1;
            }
            g.words(r + 1, c, PREDIKAT[band].0);
        }
    }
    g
}

/// PermenPAN-RB 88/2021's predikat, each above its lower bound.
const PREDIKAT: [(&str, i64); 7] = [
    ("AA", 90),
    ("A", 80),
    ("BB", 70),
    ("B", 60),
    ("CC", 50),
    ("C", 30),
    ("D", -1),
];

/// The index of the predikat a nilai earns.
fn predikat(v: Decimal) -> usize {
    PREDIKAT
        .iter()
        .position(|(_, above)| v > Decimal::from(*above))
        .expect("D takes the rest")
}

fn to_f64(v: Decimal) -> f64 {
    v.to_string().parse().expect("a number")
}

fn write_grid(ws: &mut Worksheet, g: &Grid) -> Res {
    let pct = Format::new().set_num_format("0.00%");
    let plain = Format::new().set_num_format("0.00");
    for (&(r, c), v) in &g.0 {
        match v {
            Value::Words(t) => {
                ws.write_string(r, c, t)?;
            }
            Value::Figure(x, kind) => {
                let (x, f) = stored(*x, *kind, &pct, &plain);
                ws.write_number_with_format(r, c, to_f64(x), f)?;
            }
            Value::Formula(t, x, kind) => {
                let (x, f) = stored(*x, *kind, &pct, &plain);
                ws.write_formula_with_format(
                    r,
                    c,
                    Formula::new(format!("={t}"))
                        .set_result(x.round_dp(12).normalize().to_string()),
                    f,
                )?;
            }
        }
    }
    Ok(())
}

/// A percentage is stored as its fraction, shown with a percent format.
fn stored<'f>(x: Decimal, kind: Kind, pct: &'f Format, plain: &'f Format) -> (Decimal, &'f Format) {
    match kind {
        Kind::Pct => (x / Decimal::ONE_HUNDRED, pct),
        Kind::Plain => (x, plain),
    }
}

fn save(path: &Path, formulas: bool, plants: Plants) -> Res {
    let (detail, resume) = build(formulas, plants);
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(2025, 9, 1)?),
    );
    let h = Format::new().set_bold().set_text_wrap();
    let ws = wb.add_worksheet().set_name("RESUME")?;
    ws.write_string(
        0,
        0,
        "RESUME PENILAIAN AKUNTABILITAS KINERJA PERANGKAT DAERAH TAHUN 2025",
    )?;
    for (c, t) in [
        "KODE",
        "NO",
        "KOMPONEN",
        "SUB-KOMPONEN",
        "BOBOT",
        "PENILAIAN MANDIRI (OPD)",
        "PENILAIAN FINAL (INSPEKTORAT)",
        "KETERANGAN",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(2, c as u16, *t, &h)?;
    }
    write_grid(ws, &resume)?;
    let ws = wb.add_worksheet().set_name("PENILAIAN")?;
    for (c, t) in [
        "KODE",
        "NO",
        "KOMPONEN",
        "SUB-KOMPONEN",
        "BOBOT MAKSIMAL",
        "KRITERIA KOMPONEN",
        "BUKTI DUKUNG",
    ]
    .iter()
    .enumerate()
    {
        ws.merge_range(0, c as u16, 1, c as u16, t, &h)?;
    }
    ws.merge_range(0, N_KRITERIA, 0, W_BUKTI, "PERHITUNGAN", &h)?;
    for (c, t) in [
        "JUMLAH KRITERIA",
        "BOBOT KRITERIA",
        "JUMLAH BUKTI DUKUNG",
        "BOBOT BUKTI DUKUNG",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(1, N_KRITERIA + c as u16, *t, &h)?;
    }
    for (cols, name) in STAGES.iter().zip(["PENILAIAN MANDIRI", "PENILAIAN FINAL"]) {
        ws.merge_range(0, cols[0], 0, cols[2], name, &h)?;
        for (c, t) in cols
            .iter()
            .zip(["KRITERIA PENILAIAN", "KOEFISIEN KRITERIA", "NILAI"])
        {
            ws.write_string_with_format(1, *c, t, &h)?;
        }
    }
    ws.merge_range(0, 17, 1, 17, "KETERANGAN", &h)?;
    write_grid(ws, &detail)?;
    wb.save(path)?;
    Ok(())
}

/// A recap of 30 respondents under the statements `lines` (each a row of cells).
fn skm_populasi(path: &Path, lines: &[&[&str]]) -> Res {
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(2025, 9, 1)?),
    );
    let ws = wb.add_worksheet().set_name("Rekap SKM")?;
    let bold = Format::new().set_bold();
    ws.write_string_with_format(0, 0, "REKAPITULASI SURVEI KEPUASAN MASYARAKAT", &bold)?;
    ws.write_string_with_format(
        1,
        0,
        "UPT PELAYANAN TERPADU KABUPATEN CONTOH TAHUN 2025",
        &bold,
    )?;
    for (i, line) in lines.iter().enumerate() {
        for (c, t) in line.iter().enumerate() {
            ws.write_string(2 + i as u32, c as u16, *t)?;
        }
    }
    let head = 3 + lines.len() as u32;
    ws.write_string_with_format(head, 0, "No. Responden", &bold)?;
    for u in 0..9u16 {
        ws.write_string_with_format(head, 1 + u, format!("U{}", u + 1), &bold)?;
    }
    let n = 30u32;
    let mut sums = [0i64; 9];
    for i in 0..n {
        let r = head + 1 + i;
        ws.write_number(r, 0, f64::from(i + 1))?;
        for (u, sum) in sums.iter_mut().enumerate() {
            // Scores 2 … 4, as most surveys have them.
            let v = 2 + ((i as usize * 7 + u * 5 + (i as usize * u) % 3) % 3) as i64;
            *sum += v;
            ws.write_number(r, 1 + u as u16, v as f64)?;
        }
    }
    let two = Format::new().set_num_format("0.00");
    let three = Format::new().set_num_format("0.000");
    let r = head + 1 + n;
    ws.write_string(r, 0, "Jumlah Nilai Per Unsur")?;
    ws.write_string(r + 1, 0, "NRR Per Unsur")?;
    ws.write_string(r + 2, 0, "NRR Tertimbang Per Unsur")?;
    ws.write_string(r + 3, 0, "IKM Unit Pelayanan")?;
    let mut weighted = Decimal::ZERO;
    for (u, sum) in sums.iter().enumerate() {
        let c = 1 + u as u16;
        let nrr = (Decimal::from(*sum) / Decimal::from(n)).round_dp(2);
        let w = (nrr / Decimal::from(9)).round_dp(3);
        weighted += nrr / Decimal::from(9);
        ws.write_number(r, c, *sum as f64)?;
        ws.write_number_with_format(r + 1, c, to_f64(nrr), &two)?;
        ws.write_number_with_format(r + 2, c, to_f64(w), &three)?;
    }
    let ikm = (weighted * Decimal::from(25)).round_dp(2);
    ws.write_number_with_format(r + 3, 1, to_f64(ikm), &two)?;
    wb.save(path)?;
    Ok(())
}

fn main() -> Res {
    let variants = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/variants");
    skm_populasi(
        &variants.join("v23-skm-populasi-clean.xlsx"),
        &[&["Jumlah populasi : 30 orang"]],
    )?;
    skm_populasi(
        &variants.join("v23-skm-populasi-planted.xlsx"),
        &[
            &["Jumlah populasi", ":", "40"],
            &["Jumlah responden", ":", "30"],
        ],
    )?;
    skm_populasi(
        &variants.join("v23-skm-populasi-rows.xlsx"),
        &[&["Jumlah Populasi: 1.200"]],
    )?;
    skm_populasi(
        &variants.join("v23-skm-populasi-hitung.xlsx"),
        &[
            &["Jumlah populasi", ":", "30"],
            &["Jumlah responden", ":", "32"],
        ],
    )?;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/kke");
    std::fs::create_dir_all(&dir)?;
    save(&dir.join("kke-ketik-clean.xlsx"), false, Plants::default())?;
    save(
        &dir.join("kke-ketik-planted.xlsx"),
        false,
        Plants {
            coefficient: true,
            nilai: true,
            bobot_bukti: true,
            resume: true,
            sub_total: true,
            predikat: true,
            ..Plants::default()
        },
    )?;
    save(&dir.join("kke-rumus-clean.xlsx"), true, Plants::default())?;
    let percent = Plants {
        percent_koef: true,
        ..Plants::default()
    };
    save(&dir.join("kke-ketik-persen-clean.xlsx"), false, percent)?;
    save(&dir.join("kke-rumus-persen-clean.xlsx"), true, percent)?;
    save(
        &dir.join("kke-rumus-planted.xlsx"),
        true,
        Plants {
            b_formula: true,
            sub_empty: true,
            ..Plants::default()
        },
    )?;
    Ok(())
}
