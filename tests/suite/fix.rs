//! `selaras check --fix`: a corrected copy that is still the user's workbook.
//! The input is never changed; derived figures are corrected in their own
//! representation; fixes settle (the copy, checked again, has no fixable finding
//! left); what rests on a guess waits for --unsafe-fixes; outputs are never
//! written over the input or over an existing file without --force.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{Data, Reader};
use selaras::Rules;

fn selaras(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_selaras"))
        // English whatever the machine's locale: the tests read the English words.
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .args(args)
        .output()
        .expect("the selaras binary runs")
}

fn temp_copy(name: &str) -> (PathBuf, PathBuf) {
    let dir = crate::common::fresh_dir("fix");
    let input = dir.join(name);
    std::fs::copy(crate::common::fixture(name), &input).expect("copy fixture");
    (dir, input)
}

/// `selaras check --fix --unsafe-fixes --format json --output OUT INPUT`.
fn fix_unsafe(input: &Path, out: &Path) -> Output {
    selaras(&[
        "check",
        "--fix",
        "--unsafe-fixes",
        "--output",
        out.to_str().expect("utf-8"),
        "--format",
        "json",
        input.to_str().expect("utf-8"),
    ])
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("JSON: {e}\n{}", String::from_utf8_lossy(&o.stdout)))
}

fn changes(doc: &serde_json::Value) -> Vec<String> {
    crate::common::fixed_changes(doc)
}

fn cells(path: &Path) -> Vec<(String, u32, u32, Data)> {
    let mut book = calamine::open_workbook_auto(path).expect("opens");
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).expect("sheet");
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, v) in range.used_cells() {
            out.push((name.clone(), r0 + r as u32, c0 + c as u32, v.clone()));
        }
    }
    out
}

fn recheck(path: &Path) -> selaras::FileReport {
    let rules = Rules::built_in().expect("rules");
    selaras::check_path(path, &rules).expect("the corrected copy reads")
}

#[test]
fn the_reference_gets_its_one_safe_fix_and_the_rest_flagged() {
    let (dir, input) = temp_copy("lkjip-setda-kebumen-2024.xlsx");
    let before = std::fs::read(&input).expect("input");
    let o = selaras(&[
        "check",
        "--fix",
        "--format",
        "json",
        input.to_str().expect("utf-8"),
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "errors remain: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        std::fs::read(&input).expect("input"),
        before,
        "the input is byte for byte untouched"
    );
    let doc = json(&o);
    assert_eq!(changes(&doc), ["IKM!I17 105,11% -> 105,12% (rounding)"]);
    let output = dir.join("lkjip-setda-kebumen-2024.corrected.xlsx");
    assert_eq!(
        doc["files"][0]["fixed"]["output"],
        output.display().to_string()
    );
    // Every cell of the user's sheets is as it was, but the corrected one.
    let old = cells(&input);
    let new: Vec<_> = cells(&output)
        .into_iter()
        .filter(|(s, _, _, _)| s != "Findings")
        .collect();
    assert_eq!(old.len(), new.len());
    for (a, b) in old.iter().zip(&new) {
        if (a.0.as_str(), a.1, a.2) == ("IKM", 16, 8) {
            assert_eq!(
                b.3,
                Data::String("105,12%".into()),
                "typed as text, it stays text typed alike"
            );
        } else {
            assert_eq!(a, b);
        }
    }
    // Checked again: the rounding is gone and nothing fixable is left.
    let again = recheck(&output);
    assert!(
        selaras::repair::fixable(&again.findings, selaras::repair::Options::default()).is_empty()
    );
    assert!(!again.findings.iter().any(|f| f.code.as_str() == "rounding"));
    assert_eq!(again.findings.len(), 38);
}

#[test]
fn the_second_units_fixes_settle() {
    let (dir, input) = temp_copy("dinkes-contoh-2024.xlsx");
    // Safe: the negative indicator's capaian and the truncated serapan. The totals that
    // disagree with their rows wait: a mistyped sub kegiatan must not be carried up.
    let out = dir.join("hasil.xlsx");
    let o = selaras(&[
        "check",
        "--fix",
        "--output",
        out.to_str().expect("utf-8"),
        "--format",
        "json",
        input.to_str().expect("utf-8"),
    ]);
    assert_eq!(
        changes(&json(&o)),
        [
            "Pengukuran!H15 90,60 -> 109,40 (percent-mismatch)",
            "Realisasi Anggaran!J14 95,57 -> 95,58 (rounding)",
        ]
    );
    assert!(
        selaras::repair::fixable(&recheck(&out).findings, selaras::repair::Options::default())
            .is_empty()
    );
    // With --unsafe-fixes the totals are recomputed, and the serapan after them: they settle.
    let bold = dir.join("berani.xlsx");
    let o = fix_unsafe(&input, &bold);
    let made = changes(&json(&o));
    for expected in [
        "Realisasi Anggaran!H29 54.020.930.000 -> 51.531.930.000 (sum-mismatch)",
        "Realisasi Anggaran!J29 91,05 -> 95,45 (percent-mismatch)",
    ] {
        assert!(
            made.contains(&expected.to_string()),
            "{expected} missing from {made:#?}"
        );
    }
    let options = selaras::repair::Options {
        unsafe_fixes: true,
        ..Default::default()
    };
    let left = selaras::repair::fixable(&recheck(&bold).findings, options)
        .into_iter()
        .map(|f| format!("{} {}", f.code, f.at))
        .collect::<Vec<_>>();
    assert!(left.is_empty(), "{left:#?}");
}

#[test]
fn guesses_wait_for_unsafe_fixes() {
    let (dir, input) = temp_copy("lkjip-setda-kebumen-2024.xlsx");
    let out = dir.join("berani.xlsx");
    let o = fix_unsafe(&input, &out);
    let made = changes(&json(&o));
    assert!(
        made.contains(&"Lampiran PK!I7 84 -> 85 (target-mismatch)".to_string()),
        "{made:#?}"
    );
    let again = recheck(&out);
    assert!(selaras::repair::fixable(
        &again.findings,
        selaras::repair::Options {
            unsafe_fixes: true,
            ..Default::default()
        }
    )
    .is_empty());
}

#[test]
fn never_over_the_input_nor_over_an_existing_file() {
    let (dir, input) = temp_copy("lkjip-setda-kebumen-2024-clean.xlsx");
    let before = std::fs::read(&input).expect("input");
    let same = selaras(&[
        "check",
        "--fix",
        "--output",
        input.to_str().expect("utf-8"),
        input.to_str().expect("utf-8"),
    ]);
    assert_eq!(same.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&same.stdout).contains("never overwrites an input"));
    assert_eq!(std::fs::read(&input).expect("input"), before);
    let out = dir.join("ada.xlsx");
    std::fs::write(&out, b"keep me").expect("write");
    let exists = selaras(&[
        "check",
        "--fix",
        "--output",
        out.to_str().expect("utf-8"),
        input.to_str().expect("utf-8"),
    ]);
    assert_eq!(exists.status.code(), Some(2));
    assert_eq!(std::fs::read(&out).expect("out"), b"keep me");
    let forced = selaras(&[
        "check",
        "--fix",
        "--force",
        "--output",
        out.to_str().expect("utf-8"),
        input.to_str().expect("utf-8"),
    ]);
    assert_eq!(forced.status.code(), Some(0));
    assert!(cells(&out).iter().any(|(s, _, _, _)| s == "Findings"));
    // No temporary file is left beside it.
    let names: Vec<String> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
}

#[test]
fn formulas_are_written_over_their_operands_when_asked() {
    let dir = std::env::temp_dir().join(format!("selaras-fix-formula-{}", std::process::id()));
    // Fresh: a leftover of an earlier run under the same process id is not ours.
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let input = dir.join("serapan.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let pct = rust_xlsxwriter::Format::new().set_num_format("0.00%");
    for (c, h) in crate::common::REALISASI_HEADER.iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("header");
    }
    ws.write_string(1, 0, "Penataan Organisasi").expect("cell");
    ws.write_string(1, 1, "Jumlah dokumen").expect("cell");
    ws.write_number(1, 2, 4).expect("cell");
    ws.write_number(1, 3, 4).expect("cell");
    ws.write_number_with_format(1, 4, 1.0, &pct).expect("cell");
    ws.write_number(1, 5, 373_518_000).expect("cell");
    ws.write_number(1, 6, 372_428_649).expect("cell");
    ws.write_number_with_format(1, 7, 0.9917, &pct)
        .expect("cell");
    wb.save(&input).expect("save");
    let out = dir.join("serapan.fixed.xlsx");
    let o = selaras(&[
        "check",
        "--fix",
        "--formulas",
        "--force",
        "--output",
        out.to_str().expect("utf-8"),
        input.to_str().expect("utf-8"),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let mut book = calamine::open_workbook_auto(&out).expect("opens");
    let formulas = book.worksheet_formula("Sheet1").expect("formulas");
    assert_eq!(
        formulas.get_value((1, 7)).map(String::as_str),
        Some("G2/F2")
    );
    let values = book.worksheet_range("Sheet1").expect("values");
    assert_eq!(
        values
            .get_value((1, 7))
            .and_then(|v| match v {
                Data::Float(f) => Some(format!("{f:.4}")),
                _ => None,
            })
            .as_deref(),
        Some("0.9971")
    );
    assert!(recheck(&out).findings.is_empty());
}

#[test]
fn formulas_right_wrong_and_never_calculated() {
    let dir = std::env::temp_dir().join(format!("selaras-fix-formulas-{}", std::process::id()));
    // Fresh: a leftover of an earlier run under the same process id is not ours.
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let input = dir.join("rumus.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let pct = rust_xlsxwriter::Format::new().set_num_format("0.00%");
    for (c, h) in crate::common::REALISASI_HEADER.iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("header");
    }
    for (r, name) in [(1u32, "Kegiatan A"), (2, "Kegiatan B"), (3, "Kegiatan C")] {
        ws.write_string(r, 0, name).expect("cell");
        ws.write_string(r, 1, "Jumlah dokumen").expect("cell");
        ws.write_number(r, 2, 4).expect("cell");
        ws.write_number(r, 3, 4).expect("cell");
        ws.write_number_with_format(r, 4, 1.0, &pct).expect("cell");
        ws.write_number(r, 5, 200).expect("cell");
        ws.write_number(r, 6, 150).expect("cell");
    }
    // Right: the formula and its saved value agree with the figures.
    ws.write_formula_with_format(
        1,
        7,
        rust_xlsxwriter::Formula::new("=G2/F2").set_result("0.75"),
        &pct,
    )
    .expect("f");
    // Wrong: over the wrong cells, its saved value 0.5 shows 50,00%.
    ws.write_formula_with_format(
        2,
        7,
        rust_xlsxwriter::Formula::new("=G3/F3*2/3").set_result("0.5"),
        &pct,
    )
    .expect("f");
    // Never calculated: a formula with no saved value.
    ws.write_formula_with_format(3, 7, rust_xlsxwriter::Formula::new("=G4/F4"), &pct)
        .expect("f");
    wb.save(&input).expect("save");
    drop_saved_value(&input, "H4");
    let out = dir.join("rumus.fixed.xlsx");
    let o = selaras(&[
        "check",
        "--fix",
        "--force",
        "--format",
        "json",
        "--output",
        out.to_str().expect("utf-8"),
        input.to_str().expect("utf-8"),
    ]);
    let doc = json(&o);
    assert_eq!(
        changes(&doc),
        ["Sheet1!H3 50,00 -> =G3/F3 (percent-mismatch)"]
    );
    let codes: Vec<&str> = doc["files"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert_eq!(
        codes,
        ["uncalculated-formula"],
        "the never-calculated formula stays a finding of its own"
    );
    let mut book = calamine::open_workbook_auto(&out).expect("opens");
    let formulas = book.worksheet_formula("Sheet1").expect("formulas");
    let (r0, c0) = formulas.start().expect("formulas");
    let at = |r: u32, c: u32| {
        formulas
            .get(((r - r0) as usize, (c - c0) as usize))
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(at(1, 7), "G2/F2", "a right formula is kept");
    assert_eq!(
        at(2, 7),
        "G3/F3",
        "a wrong one is rewritten over its operands"
    );
    assert_eq!(
        at(3, 7),
        "G4/F4",
        "a never-calculated one is left for the user to recalculate"
    );
}

/// Removes a formula cell's saved value from the package, as programs that do not
/// calculate write it (rust_xlsxwriter always saves a result).
fn drop_saved_value(path: &Path, cell: &str) {
    use std::io::{Read, Write};
    let bytes = std::fs::read(path).expect("read");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let name = entry.name().expect("a name").to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).expect("data");
        if name == "xl/worksheets/sheet1.xml" {
            let xml = String::from_utf8(data).expect("utf-8");
            let start = xml.find(&format!("<c r=\"{cell}\"")).expect("the cell");
            let v = start + xml[start..].find("<v>").expect("a saved value");
            let end = v + xml[v..].find("</v>").expect("its end") + "</v>".len();
            data = format!("{}{}", &xml[..v], &xml[end..]).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start");
        out.write_all(&data).expect("write");
    }
    let bytes = out.finish().expect("finish").into_inner();
    std::fs::write(path, bytes).expect("write back");
}

/// The corrected copy speaks the reader's language: its findings sheet (name,
/// headers, messages) and its cells' notes; the codes stay the same.
#[test]
fn the_corrected_copy_speaks_the_readers_language() {
    for (lang, sheet, header, note) in [
        (
            "en",
            "Findings",
            [
                "Code",
                "Severity",
                "Sheet",
                "Cell",
                "Found",
                "Expected",
                "Corrected",
                "Message",
            ],
            "corrected [rounding]: was 105,11%, now 105,12%",
        ),
        (
            "id",
            "Temuan",
            [
                "Kode",
                "Jenis temuan",
                "Lembar",
                "Sel",
                "Ditemukan",
                "Seharusnya",
                "Diperbaiki",
                "Keterangan",
            ],
            "diperbaiki [rounding]: semula 105,11%, sekarang 105,12%",
        ),
    ] {
        let (dir, input) = temp_copy("lkjip-setda-kebumen-2024.xlsx");
        let output = dir.join("hasil.xlsx");
        let o = selaras(&[
            "check",
            "--fix",
            "--lang",
            lang,
            "--output",
            output.to_str().expect("utf-8"),
            input.to_str().expect("utf-8"),
        ]);
        assert_eq!(
            o.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&o.stdout)
        );
        let mut book = calamine::open_workbook_auto(&output).expect("the copy opens");
        assert_eq!(book.sheet_names().last().map(String::as_str), Some(sheet));
        let range = book.worksheet_range(sheet).expect("findings sheet");
        let first: Vec<String> = (0..8)
            .map(|c| {
                range
                    .get_value((0, c))
                    .map(|v| v.to_string())
                    .unwrap_or_default()
            })
            .collect();
        assert_eq!(first, header);
        let rows: Vec<String> = range
            .rows()
            .skip(1)
            .map(|r| format!("{} {}", r[0], r[7]))
            .collect();
        let index = rows
            .iter()
            .find(|r| r.starts_with("index-mismatch "))
            .expect("the IKM finding is listed");
        match lang {
            "en" => assert!(index.contains("but the mean of the 9 unsur"), "{index}"),
            _ => assert!(index.contains("padahal rata-rata 9 unsur"), "{index}"),
        }
        // The corrected cell's note, in the package's comments.
        let file = std::fs::File::open(&output).expect("output");
        let mut zip = zip::ZipArchive::new(file).expect("a zip");
        let mut comments = String::new();
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).expect("entry");
            let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
            if name.contains("comments") && name.ends_with(".xml") {
                std::io::Read::read_to_string(&mut entry, &mut comments).expect("text");
            }
        }
        assert!(comments.contains(note), "{lang}: {comments}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// `--fix` writes the copy of the first round's corrections while it checks the
/// workbook again, and writes it anew should that check settle elsewhere. Either
/// way the copy must be, byte for byte, the one written after settling, and no
/// abandoned copy may be left beside it. (That the first of these holds to its
/// first round's guess and the others do not, so both ways are run, and that the
/// settled plan is [`selaras::repair::plan`]'s: the unit test of the same name in
/// src/fix.rs.)
#[test]
fn the_copy_begun_during_the_last_check_is_the_settled_copy() {
    let rules = Rules::built_in().expect("rules");
    for (name, unsafe_fixes) in [
        ("lkjip-setda-kebumen-2024.xlsx", false),
        ("dinkes-contoh-2024.xlsx", false),
        ("dinkes-contoh-2024.xlsx", true),
    ] {
        let (dir, input) = temp_copy(name);
        let options = selaras::repair::Options {
            unsafe_fixes,
            ..Default::default()
        };
        let mut book = selaras::open(&input, &rules, true).expect("opens");
        let plan = selaras::repair::plan(&mut book, &rules, options);
        let settled = dir.join("settled.xlsx");
        selaras::repair::write_corrected(
            &input,
            &settled,
            &plan.edits(),
            &plan.finding_rows(),
            selaras::repair::FindingsSheet::new(selaras::Lang::english()),
        )
        .expect("writes");

        let out = dir.join("hasil.xlsx");
        let mut args = vec!["check", "--fix", "--output"];
        args.push(out.to_str().expect("utf-8"));
        if unsafe_fixes {
            args.push("--unsafe-fixes");
        }
        args.push(input.to_str().expect("utf-8"));
        let o = selaras(&args);
        assert_eq!(o.status.code(), Some(1), "{name}: findings remain");
        assert!(
            std::fs::read(&out).expect("copy") == std::fs::read(&settled).expect("settled"),
            "{name} {unsafe_fixes}: the copy differs from the settled one"
        );
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .expect("dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        let mut expected = vec!["hasil.xlsx", name, "settled.xlsx"];
        files.sort();
        expected.sort();
        assert_eq!(files, expected, "{name}");
    }
}

/// A corrected copy refused because its name is taken: the input was fine, so the
/// summary says a copy could not be written, not that a file could not be read.
#[test]
fn a_taken_output_name_is_a_copy_not_written_not_a_file_not_read() {
    let (dir, input) = temp_copy("dinkes-contoh-2024.xlsx");
    let out = dir.join("hasil.xlsx");
    std::fs::write(&out, b"already here").expect("write");
    let o = selaras(&[
        "check",
        "--fix",
        "--output",
        out.to_str().expect("utf-8"),
        input.to_str().expect("utf-8"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let text =
        String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
    assert!(
        text.contains("exists already; add --force to replace it"),
        "{text}"
    );
    assert!(
        text.contains("0 files checked: no problem; 1 corrected copy could not be written"),
        "{text}"
    );
    assert!(!text.contains("could not be read"), "{text}");
    assert_eq!(std::fs::read(&out).expect("kept"), b"already here");
}

#[test]
fn a_grand_total_over_every_kode_level_is_rewritten_to_add_the_top_rows_only() {
    // The Sumenep SIPD export's =SUBTOTAL(9,F15:F1053) adds every sub kegiatan
    // and every rekening under it (1.364.766.314.810). With --unsafe-fixes the
    // corrected copy adds the 82 sub kegiatan, =SUM(F15,F26,…), saved as
    // 272.953.262.962, the table's own JUMLAH; and no formula check rewrites it
    // again by its column's blocks (which know no kode).
    let dir = crate::common::fresh_dir("fix-kode-total");
    let input = dir.join("lra-dinkes.xlsx");
    std::fs::copy(
        crate::common::fixture("real-world/sumenep-dinkes-realisasi-belanja-2026-sd-juni.xlsx"),
        &input,
    )
    .expect("copy the real export");
    let out = dir.join("dibetulkan.xlsx");
    let o = fix_unsafe(&input, &out);
    let doc = json(&o);
    let made: Vec<(String, String)> = doc["files"][0]["fixed"]["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| {
            (
                c["cell"].as_str().unwrap_or("").to_string(),
                c["new"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let cells: Vec<&str> = made.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(cells, ["F1056", "G1056", "J1056", "K1056"]);
    assert!(made[0].1.starts_with("=SUM(F15,F26,F34,"), "{}", made[0].1);
    let mut book = calamine::open_workbook_auto(&out).expect("opens");
    let range = book.worksheet_range("DINKES INDUK").expect("sheet");
    assert_eq!(
        range.get_value((1055, 5)),
        Some(&Data::Float(272953262962.0))
    );
    let left: Vec<String> = recheck(&out)
        .findings
        .iter()
        .filter(|f| f.code.as_str() == "sum-range")
        .map(|f| f.at.to_string())
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
