//! Problems, not symptoms: the reference report's findings grouped into the
//! problems a careful reader finds, each blaming its likely cell; waivers in a
//! `selaras.toml` and a `--baseline` report, through the command line.

use crate::common::{fresh_dir, selaras, stdout};

const REFERENCE: &str = "fixtures/lkjip-setda-kebumen-2024.xlsx";

fn json(o: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).expect("the report is JSON")
}

/// The problems of a JSON report's first file.
fn problems(doc: &serde_json::Value) -> Vec<serde_json::Value> {
    doc["files"][0]["problems"]
        .as_array()
        .expect("problems")
        .clone()
}

#[test]
fn the_reference_report_is_a_few_problems_each_blaming_its_cell() {
    let doc = json(&selaras(&["check", "--format", "json", REFERENCE]));
    let all = problems(&doc);
    let serious: Vec<&serde_json::Value> = all.iter().filter(|p| p["severity"] != "info").collect();
    // 39 findings (33 errors and warnings) are 15 problems of severity error
    // or warning: the issue's bound is 15.
    assert_eq!(doc["files"][0]["findings"].as_array().unwrap().len(), 39);
    assert_eq!(serious.len(), 15, "{serious:#?}");
    // Every finding is in exactly one problem, and says which.
    let findings = doc["files"][0]["findings"].as_array().unwrap();
    let mut seen = vec![0; findings.len()];
    for p in &all {
        for i in p["findings"].as_array().unwrap() {
            let i = i.as_u64().unwrap() as usize;
            seen[i] += 1;
            assert_eq!(findings[i]["problem"], p["id"]);
        }
    }
    assert!(seen.iter().all(|&n| n == 1), "{seen:?}");
    let by_cell = |cell: &str| {
        all.iter()
            .find(|p| p["cells"].as_array().unwrap().iter().any(|c| c == cell))
            .unwrap_or_else(|| panic!("no problem at {cell}"))
    };
    // The seven Kabupaten unsur above 100: one problem.
    let unsur = by_cell("'IKM'!F40");
    assert_eq!(unsur["code"], "out-of-range");
    assert_eq!(unsur["cells"].as_array().unwrap().len(), 7);
    // A miscopied boundary: its overlap and its difference from the regulation
    // are one problem, blamed on the boundary with the regulation's figure.
    let boundary = by_cell("'IKM'!C7");
    assert_eq!(boundary["findings"].as_array().unwrap().len(), 2);
    assert_eq!(boundary["blame"]["cell"], "'IKM'!C7");
    assert_eq!(boundary["blame"]["reason"], "it should read 3,0644 – 3,532");
    // The IKM stated 90,40 (and the tujuan row's 90,38) where its nine unsur
    // give 91,31, in two tables: one problem, the cells whose unsur do not
    // give them named.
    let ikm = by_cell("'IKM'!F17");
    assert_eq!(ikm, by_cell("'Tabel 3.2'!E7"));
    assert_eq!(ikm["severity"], "error");
    assert_eq!(
        ikm["candidates"],
        serde_json::json!(["'Tabel 3.2'!E5", "'Tabel 3.2'!E7", "'IKM'!F17"])
    );
    // The tujuan row "Indeks Kepuasan Masyarakat" and the sasaran row "… Setda"
    // differ in every year: two series, or one indicator stated twice. A
    // guess, so one warning, with every table where the two rows differ, and
    // no cell blamed until the guess is settled.
    let series = by_cell("'IKM'!E27");
    assert_eq!(series["code"], "repeat-mismatch");
    assert_eq!(series["severity"], "warning");
    assert_eq!(series["blame"], serde_json::Value::Null);
    for cell in [
        "'Tabel 3.2'!E5",
        "'Tabel 3.2'!F5",
        "'IKM'!J27",
        "'Tabel 3.8'!C5",
    ] {
        assert!(
            series["cells"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c == cell),
            "{cell} in {series:#?}"
        );
    }
    let lead = &doc["files"][0]["findings"][series["findings"][0].as_u64().unwrap() as usize];
    assert!(
        lead["message"]
            .as_str()
            .unwrap()
            .contains("differ in every year both state"),
        "{lead:#?}"
    );
    // The triwulan IV target 84 against 85, in two rows: one problem.
    let pk = by_cell("'Lampiran PK'!I7");
    assert_eq!(pk, by_cell("'Lampiran PK'!I9"));
    // The efficiency figure no reading reproduces: alone.
    assert_eq!(
        by_cell("'Tabel 3.9'!I10")["findings"],
        serde_json::json!([33])
    );
    // The clean twin: no problem of severity error or warning.
    let clean = json(&selaras(&[
        "check",
        "--format",
        "json",
        "fixtures/lkjip-setda-kebumen-2024-clean.xlsx",
    ]));
    assert!(problems(&clean).iter().all(|p| p["severity"] == "info"));
}

const WAIVERS: &str = r#"
[[waive]]
code = "efficiency-mismatch"
cell = "'Tabel 3.9'!I10"
reason = "the unit's own efficiency method, agreed at the exit meeting"
owner = "Inspektorat, Irban II"
until = 2099-12-31

[[waive]]
code = "efficiency-mismatch"
cell = "'Tabel 3.9'!I11"
reason = "a cell that has no problem"
owner = "Inspektorat, Irban II"

[[waive]]
code = "target-mismatch"
reason = "agreed last year"
owner = "Bagian Organisasi"
until = 2020-01-01
"#;

/// The reference workbook copied into a folder of its own with `toml` beside it.
fn folder_with(toml: &str) -> (std::path::PathBuf, String) {
    let dir = fresh_dir("waive");
    let book = dir.join("laporan").join("lkjip.xlsx");
    std::fs::create_dir_all(book.parent().unwrap()).unwrap();
    std::fs::copy(REFERENCE, &book).unwrap();
    std::fs::write(dir.join("selaras.toml"), toml).unwrap();
    let path = book.to_str().unwrap().to_string();
    (dir, path)
}

#[test]
fn a_waiver_in_the_nearest_selaras_toml_waives_its_problem_and_says_what_it_did_not() {
    let (dir, book) = folder_with(WAIVERS);
    let doc = json(&selaras(&["check", "--format", "json", &book]));
    let all = problems(&doc);
    let efficiency = all
        .iter()
        .find(|p| p["code"] == "efficiency-mismatch")
        .unwrap();
    assert_eq!(
        efficiency["waived"],
        serde_json::json!({
            "reason": "the unit's own efficiency method, agreed at the exit meeting",
            "owner": "Inspektorat, Irban II",
            "until": "2099-12-31"
        })
    );
    // Expired: the target problem is not waived.
    let target = all.iter().find(|p| p["code"] == "target-mismatch").unwrap();
    assert_eq!(target["waived"], serde_json::Value::Null);
    assert_eq!(doc["summary"]["waived"], 1);
    let config = dir.join("selaras.toml").display().to_string();
    assert_eq!(
        doc["waivers"],
        serde_json::json!([
            {"config": config, "index": 2, "line": 9, "status": "stale",
             "matches": "code efficiency-mismatch, cell 'Tabel 3.9'!I11"},
            {"config": config, "index": 3, "line": 15, "status": "expired", "until": "2020-01-01",
             "matches": "code target-mismatch"}
        ])
    );
    let human = selaras(&["check", "--color", "never", &book]);
    // Other errors remain: still exit 1.
    assert_eq!(human.status.code(), Some(1));
    let out = stdout(&human);
    assert!(
        out.contains(
            "  waived until 2099-12-31: the unit's own efficiency method, agreed at the exit"
        ),
        "{out}"
    );
    assert!(out.contains("; 1 waived\n"), "{out}");
    assert!(
        out.contains(&format!(
            "warning: {config}, line 9: waiver 2 (code efficiency-mismatch, cell 'Tabel 3.9'!I11) \
             matches nothing"
        )),
        "{out}"
    );
    assert!(out.contains("expired on 2020-01-01"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn waiving_every_error_problem_makes_the_check_pass() {
    let dir = fresh_dir("waive-all");
    let book = dir.join("hidden.xlsx");
    std::fs::copy("fixtures/bad/hidden.xlsx", &book).unwrap();
    std::fs::write(
        dir.join("selaras.toml"),
        "[[waive]]\ncode = \"percent-mismatch\"\nreason = \"accepted in the exit meeting\"\nowner = \"Irban II\"\n",
    )
    .unwrap();
    let book = book.to_str().unwrap();
    let o = selaras(&["check", "--format", "json", book]);
    assert_eq!(o.status.code(), Some(0));
    let doc = json(&o);
    assert!(doc["summary"]["errors"].as_u64().unwrap() > 0);
    assert_eq!(doc["summary"]["waived"], doc["summary"]["problems"]);
    // An empty text would waive everything: refused.
    std::fs::write(
        dir.join("selaras.toml"),
        "[[waive]]\ntable = \" \"\nreason = \"r\"\nowner = \"o\"\n",
    )
    .unwrap();
    let o = selaras(&["check", book]);
    assert_eq!(o.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_bad_waiver_file_stops_the_run_with_its_line() {
    let (dir, book) = folder_with(&WAIVERS.replace("owner = \"Bagian", "ownr = \"Bagian"));
    let o = selaras(&["check", &book]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("selaras.toml, line 18: unknown field `ownr`"),
        "{err}"
    );
    assert!(o.stdout.is_empty(), "nothing is checked");
    // --config names another file, which is used instead.
    let other = dir.join("other.toml");
    std::fs::write(&other, WAIVERS).unwrap();
    let o = selaras(&["check", "--config", other.to_str().unwrap(), &book]);
    assert_eq!(o.status.code(), Some(1));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_baseline_counts_only_the_new_problems() {
    let dir = fresh_dir("baseline");
    let old = dir.join("old.json");
    let o = selaras(&["check", "--format", "json", REFERENCE]);
    std::fs::write(&old, &o.stdout).unwrap();
    let old = old.to_str().unwrap();
    // The same workbook again: nothing new, exit 0, everything still reported.
    let again = selaras(&["check", "--format", "json", "--baseline", old, REFERENCE]);
    assert_eq!(again.status.code(), Some(0));
    let doc = json(&again);
    assert_eq!(doc["summary"]["baseline"], 21);
    assert_eq!(doc["summary"]["errors"], 20, "findings stay complete");
    let human = selaras(&["check", "--color", "never", "--baseline", old, REFERENCE]);
    let out = stdout(&human);
    assert!(
        out.contains("already in the baseline: not counted"),
        "{out}"
    );
    assert!(out.contains("; 21 already in the baseline\n"), "{out}");
    // Another workbook against a baseline of one file (read as a renamed
    // copy): its own problems are new.
    let other = selaras(&[
        "check",
        "--format",
        "json",
        "--baseline",
        old,
        "fixtures/dinkes-contoh-2024.xlsx",
    ]);
    assert_eq!(other.status.code(), Some(1));
    // A file that is not a report is refused in words.
    let bad = selaras(&["check", "--baseline", "Cargo.toml", REFERENCE]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("cannot read the baseline"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_table_in_the_draft_and_the_workbook_is_one_table() {
    let draft = "fixtures/lkjip-setda-kebumen-2024.docx";
    let both = json(&selaras(&["check", "--format", "json", draft, REFERENCE]));
    let (d, w) = (&both["files"][0], &both["files"][1]);
    // The draft keeps what is its own: its sentences, and where its tables
    // differ from the workbook's.
    let draft_findings = d["findings"].as_array().unwrap();
    assert!(
        draft_findings
            .iter()
            .all(|f| f["cell"] == "" || f["code"] == "name-drift"),
        "{draft_findings:#?}"
    );
    // The workbook's findings name the draft's cell too.
    let ikm = w["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "index-mismatch" && f["sheet"] == "Tabel 3.2" && f["cell"] == "E5")
        .unwrap();
    assert_eq!(
        ikm["also"],
        serde_json::json!(["lkjip-setda-kebumen-2024.docx 'Tabel 3.2'!E4"])
    );
    // Alone, the draft still reports its tables' findings.
    let alone = json(&selaras(&["check", "--format", "json", draft]));
    assert!(alone["files"][0]["findings"].as_array().unwrap().len() > draft_findings.len() + 30);
}

#[test]
fn a_real_export_s_nine_findings_are_its_three_problems() {
    // Sumenep's realisation export: a JUMLAH row whose SUBTOTAL adds every
    // level of the kode tree in four money columns, four AKAS figures above the
    // year's anggaran in one column, and a division by an empty AKAS copied
    // down seven rows.
    let doc = json(&selaras(&[
        "check",
        "--format",
        "json",
        "fixtures/real-world/sumenep-dinkes-realisasi-belanja-2026-sd-juni.xlsx",
    ]));
    assert_eq!(doc["files"][0]["findings"].as_array().unwrap().len(), 9);
    let mut said: Vec<(String, Vec<String>)> = problems(&doc)
        .iter()
        .map(|p| {
            let cells = p["cells"].as_array().unwrap();
            (
                p["code"].as_str().unwrap().to_string(),
                // (The same cells on the sheets that repeat the rows, one per
                // bidang, are places of the same problems.)
                cells
                    .iter()
                    .map(|c| c.as_str().unwrap().to_string())
                    .filter(|c| c.starts_with("'DINKES INDUK'!"))
                    .collect(),
            )
        })
        .collect();
    said.sort();
    let on = |cells: &[&str]| -> Vec<String> {
        cells
            .iter()
            .map(|c| format!("'DINKES INDUK'!{c}"))
            .collect()
    };
    assert_eq!(
        said,
        vec![
            ("formula-error".to_string(), on(&["N27"])),
            ("over-limit".to_string(), on(&["M35", "M37", "M38", "M39"])),
            (
                "sum-range".to_string(),
                on(&["F1056", "G1056", "J1056", "K1056"])
            ),
        ]
    );
}

/// Whether a problem points at `cell`: blames it, names it among its
/// candidates, or (one finding, nothing to weigh) stands at it.
fn points_at(p: &serde_json::Value, cell: &str) -> bool {
    if !p["blame"].is_null() {
        return p["blame"]["cell"] == cell;
    }
    match p["candidates"].as_array() {
        Some(cells) => cells.iter().any(|c| c == cell),
        None => p["cells"][0] == cell,
    }
}

#[test]
fn each_planted_mistake_of_every_fixture_is_one_problem_pointing_at_its_cell() {
    // As many problems of severity error or warning as mistakes, each planted
    // cell pointed at. The planted cells as the fixtures' READMEs and generators list them; a
    // mistyped sub kegiatan under a kegiatan that states the right total is
    // named among the candidates (the table alone cannot tell which of the
    // two is wrong). `extra`: problems of severity error or warning that are
    // not a planted mistake, each said why.
    let cases: &[(&str, &[&str], &[&str])] = &[
        ("variants/v01-skm-30resp-planted.xlsx", &["E35", "B38"], &[]),
        ("variants/v02-skm-textnum-0111-planted.xlsx", &["G33"], &[]),
        ("variants/v03-skm-fullprec-planted.xlsx", &["B46"], &[]),
        ("variants/v04-skm-u-dash-planted.xlsx", &["B25"], &[]),
        (
            "variants/v05-ikm-layanan-planted.xlsx",
            &["D5", "C11", "C17"],
            &[],
        ),
        (
            "variants/v06-ikm-triwulan-planted.xlsx",
            &["F6", "B16"],
            &[],
        ),
        (
            "variants/v07-renja-2urusan-planted.xlsx",
            &["F15", "D28"],
            &[],
        ),
        (
            "variants/v08-renja-caps-kegiatan-planted.xlsx",
            &["D10"],
            &[],
        ),
        (
            "variants/v08b-renja-jumlah-planted.xlsx",
            &["F34", "D5", "D11"],
            &[],
        ),
        // L49: the JUMLAH row's % written as a fraction, in the clean twin too.
        (
            "variants/v09-sipd-4col-planted.xlsx",
            &["G18", "L40"],
            &["L49"],
        ),
        (
            "variants/v10-sipd-onecol-planted.xlsx",
            &["C13", "G12", "F18"],
            &[],
        ),
        (
            "variants/v12-sipd-onecol-rekening-planted.xlsx",
            &["C19"],
            &[],
        ),
        (
            "variants/v13-skm-jumlahcol-merged-ikm-planted.xlsx",
            &["B37"],
            &[],
        ),
        (
            "variants/v14-renja-caps-standard-header-planted.xlsx",
            &["D10"],
            &[],
        ),
        (
            "variants/v16-ikm-nrr-kategori-planted.xlsx",
            &["D8", "C10"],
            &[],
        ),
        ("variants/v17-renja-keg-typo-planted.xlsx", &["F13"], &[]),
        // K8's triwulan II, which throws its rincian C8 off too: one problem.
        (
            "variants/v18-rak-bulan-nama-planted.xlsx",
            &["K8", "C11"],
            &[],
        ),
        ("variants/v19-rak-sipd-teks-planted.xlsx", &["K10"], &[]),
        (
            "variants/v20-skm-nrr-tanda-campur-planted.xlsx",
            &["C4", "D6"],
            &[],
        ),
        (
            "variants/v21-skm-2004-14unsur-planted.xlsx",
            &["M31", "D33"],
            &[],
        ),
        (
            "variants/v22-ikm-layanan-2015-planted.xlsx",
            &["C6", "C19"],
            &[],
        ),
        (
            "forms/renja-86-kode-planted.xlsx",
            &["K10", "V11", "Y11", "U12", "T17", "U18", "Y21"],
            &[],
        ),
        (
            "forms/renja-persen-planted.xlsx",
            &["S8", "T9", "J10", "U10"],
            &[],
        ),
        ("forms/pk-triwulan-planted.xlsx", &["H6", "H8"], &[]),
        // The second unit's twelve (second_unit.rs says each): on six sheets.
        (
            "dinkes-contoh-2024.xlsx",
            &[
                "'Renstra-PK'!K9",
                "'Renstra-PK'!E28",
                "'Pengukuran'!B5",
                "'Pengukuran'!H15",
                "'Pengukuran'!I19",
                "'Pengukuran'!G22",
                "'SKM'!D7",
                "'Realisasi Anggaran'!J14",
                // Balita's pagu, under the kegiatan H23 that states the right total.
                "'Realisasi Anggaran'!H27",
                "'Realisasi Anggaran'!H29",
                "'Efisiensi'!G5",
                "'Analisis'!E9",
            ],
            &[],
        ),
        (
            "formulas/renja-rumus-planted.xlsx",
            &["G14", "K9", "M8", "Q12", "Q16", "Q33", "P26", "O21"],
            &[],
        ),
    ];
    for (name, planted, extra) in cases {
        let path = format!("fixtures/{name}");
        let doc = json(&selaras(&["check", "--format", "json", &path]));
        let sheet = doc["files"][0]["findings"][0]["sheet"]
            .as_str()
            .unwrap_or_else(|| panic!("{name}: no finding"))
            .to_string();
        let serious: Vec<serde_json::Value> = problems(&doc)
            .into_iter()
            .filter(|p| p["severity"] != "info")
            .collect();
        let cell = |a1: &str| match a1.contains('!') {
            true => a1.to_string(),
            false => format!("'{sheet}'!{a1}"),
        };
        for a1 in planted.iter().chain(extra.iter()) {
            let at = cell(a1);
            let pointing: Vec<&serde_json::Value> =
                serious.iter().filter(|p| points_at(p, &at)).collect();
            // (A wrong unsur is also a candidate of the IKM computed from it.)
            assert!(!pointing.is_empty(), "{name}: {at} in {serious:#?}");
        }
        assert_eq!(
            serious.len(),
            planted.len() + extra.len(),
            "{name}: {serious:#?}"
        );
    }
}
