// The bodies of the fuzz targets, shared: each target in fuzz_targets/ and the
// regression tests in tests/suite/properties.rs `include!` this file, so a saved crash
// input is run again through exactly the code that found it.

/// The built-in rules, loaded once.
#[allow(dead_code)]
fn harness_rules() -> &'static selaras::Rules {
    static RULES: std::sync::OnceLock<selaras::Rules> = std::sync::OnceLock::new();
    RULES.get_or_init(|| selaras::Rules::built_in().expect("built-in rules load"))
}

/// `number_reader`: any text, with each column hint, gives an answer, and what is
/// read, written Indonesian style, reads back as the same value.
#[allow(dead_code)]
fn harness_number_reader(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    use selaras::numbers::{format_id, read_text, Convention};
    for hint in [
        None,
        Some(Convention::Indonesian),
        Some(Convention::English),
    ] {
        match read_text(text, hint) {
            Ok(Some(r)) => {
                assert_eq!(r.scale, r.value.scale(), "{text:?}");
                assert!(!r.why.is_empty(), "{text:?}");
                let shown = format_id(r.value, r.scale);
                let again = read_text(&shown, Some(Convention::Indonesian));
                assert!(
                    matches!(&again, Ok(Some(a)) if a.value == r.value),
                    "{text:?} with {hint:?} read {} shown {shown:?} read back {again:?}",
                    r.value
                );
            }
            Ok(None) => {}
            Err(e) => assert!(!e.to_string().is_empty(), "{text:?}"),
        }
    }
}

/// `rules_parser`: any text as a rules file is refused or taken, never a panic.
#[allow(dead_code)]
fn harness_rules_parser(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = selaras::Rules::default().add_file("x.toml", text);
}

/// `check_workbook`: any bytes written as an .xlsx file at `path` and checked
/// with the built-in rules: a report or an error, never a panic.
#[allow(dead_code)]
fn harness_check_workbook(data: &[u8], path: &std::path::Path) {
    std::fs::write(path, data).expect("write the input");
    let _ = selaras::check_path(path, harness_rules());
}

/// Starts each part of a `check_package` input: `--selaras-part:NAME--` and a
/// line break, then the part's bytes up to the next such line.
#[allow(dead_code)]
const PART_MARK: &[u8] = b"--selaras-part:";

/// The parts of a `check_package` input, by name.
#[allow(dead_code)]
fn package_parts(data: &[u8]) -> Vec<(String, &[u8])> {
    let starts: Vec<usize> = (0..data.len())
        .filter(|&i| data[i..].starts_with(PART_MARK) && (i == 0 || data[i - 1] == b'\n'))
        .collect();
    let mut parts = Vec::new();
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(data.len(), |&next| next - 1);
        let chunk = &data[start + PART_MARK.len()..end.max(start + PART_MARK.len())];
        let Some(close) = chunk.windows(3).position(|w| w == b"--\n") else {
            continue;
        };
        let name = String::from_utf8_lossy(&chunk[..close]).into_owned();
        parts.push((name, &chunk[close + 3..]));
    }
    parts
}

/// A `check_package` input zipped into an .xlsx package: each part stored as it
/// is, with right checksums.
#[allow(dead_code)]
fn package_bytes(data: &[u8]) -> Option<Vec<u8>> {
    use std::io::Write;
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in package_parts(data) {
        // A name the zip refuses (twice the same, ...) drops that part.
        if zip.start_file(name, options).is_ok() {
            zip.write_all(bytes).expect("write into memory");
        }
    }
    zip.finish().ok().map(std::io::Cursor::into_inner)
}

/// `check_package`: the parts of an .xlsx package (sheet XML, shared strings,
/// styles, workbook, relationships) zipped as they are, so that mutations reach
/// the XML and selaras's own reading instead of stopping at the zip's checksums;
/// then checked like `check_workbook`.
#[allow(dead_code)]
fn harness_check_package(data: &[u8], path: &std::path::Path) {
    if let Some(bytes) = package_bytes(data) {
        harness_check_workbook(&bytes, path);
    }
}

/// The input being run, for the panic hook of [`count_dependency_panics`].
#[allow(dead_code)]
static CURRENT: std::sync::Mutex<Vec<u8>> = std::sync::Mutex::new(Vec::new());

/// Lets a fuzzing run go on past a panic inside a dependency that the product
/// catches (calamine's BIFF reader slicing past a record): such a panic is
/// counted and its input saved under `regressions/TARGET/dependency/` (named by
/// its hash), and the product's own `catch_unwind` turns it into the
/// damaged-file error. A panic in selaras's own code still reaches libFuzzer's
/// hook, which stops the run with the crash input.
#[allow(dead_code)]
fn count_dependency_panics(target: &'static str) {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let ours = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_dependency = info
                .location()
                .is_some_and(|l| l.file().contains("/.cargo/registry/"));
            if !in_dependency {
                return ours(info);
            }
            static COUNT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
            let n = COUNT.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
            let input = CURRENT.lock().map(|g| g.clone()).unwrap_or_default();
            let hash = input.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3)
            });
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("regressions")
                .join(target)
                .join("dependency");
            let _ = std::fs::create_dir_all(&dir);
            let at = dir.join(format!("{hash:016x}"));
            let _ = std::fs::write(&at, &input);
            eprintln!(
                "dependency panic #{n} ({info}); input saved as {}",
                at.display()
            );
        }));
    });
}

/// Runs `body` on `data` with dependency panics counted (see above).
#[allow(dead_code)]
fn with_dependency_panics_counted(target: &'static str, data: &[u8], body: impl FnOnce(&[u8])) {
    count_dependency_panics(target);
    if let Ok(mut current) = CURRENT.lock() {
        current.clear();
        current.extend_from_slice(data);
    }
    body(data);
}
