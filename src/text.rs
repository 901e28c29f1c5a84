//! Text as users type it in headers and row labels: normalised for matching,
//! matched against the patterns of a rules file, and compared for near-misses
//! (`Fasilitas` / `Fasilitasi`).

use regex::Regex;

/// Lower case, every run of white space (line breaks and non-breaking spaces too)
/// as one space, no space around `/`, no trailing `:`. `"Program/ Kegiatan"` and
/// `"PROGRAM /\nKEGIATAN"` both become `"program/kegiatan"`.
pub fn normalise(text: &str) -> String {
    if text.is_ascii() {
        normalise_ascii(text)
    } else {
        normalise_any(text)
    }
}

/// [`normalise`] of ASCII text, byte by byte: every label of a large table goes
/// through it, and most are ASCII. The same result as [`normalise_any`].
fn normalise_ascii(text: &str) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(text.len());
    let mut pending_space = false;
    for &b in text.as_bytes() {
        // char::is_whitespace on ASCII: tab, line feed, vertical tab, form feed,
        // carriage return and space.
        if matches!(b, b'\t'..=b'\r' | b' ') {
            pending_space = !out.is_empty();
            continue;
        }
        if b == b'/' {
            pending_space = false;
            out.push(b'/');
            continue;
        }
        if pending_space && out.last() != Some(&b'/') {
            out.push(b' ');
        }
        pending_space = false;
        out.push(b.to_ascii_lowercase());
    }
    while matches!(out.last(), Some(b':' | b' ')) {
        out.pop();
    }
    // ASCII in, ASCII out: always valid UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

/// [`normalise`] of any text, character by character.
fn normalise_any(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for ch in text.chars() {
        if ch.is_whitespace() || ch == '\u{a0}' {
            pending_space = !out.is_empty();
            continue;
        }
        if ch == '/' {
            pending_space = false;
            out.push('/');
            continue;
        }
        if pending_space && !out.ends_with('/') {
            out.push(' ');
        }
        pending_space = false;
        if ch.is_ascii() {
            out.push(ch.to_ascii_lowercase());
        } else {
            out.extend(ch.to_lowercase());
        }
    }
    while out.ends_with(':') || out.ends_with(' ') {
        out.pop();
    }
    out
}

/// A header or label pattern from a rules file: a glob over the normalised text
/// (`*` any text, `?` one character), or `regex:` followed by a regular expression.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub source: String,
    matcher: Matcher,
}

#[derive(Debug, Clone)]
enum Matcher {
    /// The normalised glob, as characters.
    Glob(Vec<char>),
    Regex(Regex),
}

impl Pattern {
    pub fn new(source: &str) -> Result<Pattern, String> {
        let matcher = if let Some(re) = source.strip_prefix("regex:") {
            // Compiled alone first, so an error points into the user's own pattern.
            Regex::new(re).map_err(|e| format!("bad regular expression: {e}"))?;
            Matcher::Regex(
                Regex::new(&format!("(?i)^(?:{re})$"))
                    .map_err(|e| format!("bad regular expression: {e}"))?,
            )
        } else {
            let glob = normalise(source);
            if glob.is_empty() || glob.chars().all(|c| c == '*') {
                return Err("a pattern must name some text, not only `*`".into());
            }
            Matcher::Glob(glob.chars().collect())
        };
        Ok(Pattern {
            source: source.to_string(),
            matcher,
        })
    }

    /// Matches normalised text.
    pub fn matches(&self, normalised: &str) -> bool {
        match &self.matcher {
            Matcher::Glob(g) => glob_match(g, normalised),
            Matcher::Regex(r) => r.is_match(normalised),
        }
    }
}

/// Wildcard matching without backtracking blow-up: `*` any run, `?` one char.
fn glob_match(pattern: &[char], text: &str) -> bool {
    // ASCII text (most labels) is matched over its bytes, without a copy.
    if text.is_ascii() {
        return glob_over(pattern, text.as_bytes(), |b| char::from(*b));
    }
    let text: Vec<char> = text.chars().collect();
    glob_over(pattern, &text, |c| *c)
}

fn glob_over<T>(pattern: &[char], text: &[T], at: impl Fn(&T) -> char) -> bool {
    let (mut p, mut t) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while t < text.len() {
        if p < pattern.len() && (pattern[p] == '?' || pattern[p] == at(&text[t])) {
            p += 1;
            t += 1;
        } else if p < pattern.len() && pattern[p] == '*' {
            star = Some(p);
            mark = t;
            p += 1;
        } else if let Some(s) = star {
            p = s + 1;
            mark += 1;
            t = mark;
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|c| *c == '*')
}

pub fn any_matches(patterns: &[Pattern], normalised: &str) -> bool {
    patterns.iter().any(|p| p.matches(normalised))
}

/// The key two row names are matched on: normalised, punctuation dropped.
pub fn name_key(text: &str) -> String {
    normalise(text)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// How alike two names are, from 0 (nothing shared) to 1000 (the same): the
/// Dice coefficient of their character pairs, in thousandths. Integer so that
/// matching is exact and repeatable.
pub fn similarity(a: &str, b: &str) -> u32 {
    let pairs = |s: &str| -> Vec<(char, char)> {
        let chars: Vec<char> = s.chars().collect();
        let mut v: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
        v.sort_unstable();
        v
    };
    let (pa, pb) = (pairs(a), pairs(b));
    if pa.is_empty() || pb.is_empty() {
        return if a == b { 1000 } else { 0 };
    }
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < pa.len() && j < pb.len() {
        match pa[i].cmp(&pb[j]) {
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    (2000 * shared / (pa.len() + pb.len())) as u32
}

/// Whether two name keys are one name spelt differently: the same words in
/// the same order, each spelt within a letter or two (one per five letters:
/// `fasilitas` / `fasilitasi`, `pemerintah` / `pemerintahan`), with at most one
/// word more or less (`administrasi tata pemerintahan`), and at least two words
/// alike. Names of one nomenclature that share most of their letters but not
/// their words (`administrasi keuangan perangkat daerah` / `administrasi
/// kepegawaian perangkat daerah`) are not.
pub fn spelt_alike(a: &str, b: &str) -> bool {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > 1 || n.min(m) < 2 {
        return false;
    }
    unpaired(&a, &b) <= 1
}

/// The fewest words of `a` and `b` left unpaired when their words are paired
/// in order, each with a word spelt alike ([`word_alike`]).
pub fn unpaired(a: &[&str], b: &[&str]) -> usize {
    let (n, m) = (a.len(), b.len());
    let mut best = vec![vec![usize::MAX; m + 1]; n + 1];
    best[0][0] = 0;
    for i in 0..=n {
        for j in 0..=m {
            let here = best[i][j];
            if here == usize::MAX {
                continue;
            }
            if i < n && j < m && word_alike(a[i], b[j]) {
                best[i + 1][j + 1] = best[i + 1][j + 1].min(here);
            }
            if i < n {
                best[i + 1][j] = best[i + 1][j].min(here + 1);
            }
            if j < m {
                best[i][j + 1] = best[i][j + 1].min(here + 1);
            }
        }
    }
    best[n][m]
}

/// Two words within one edit per five letters of the shorter, at least one
/// for words of four letters or more; shorter words (`dan`, `di`) alike only
/// when equal.
pub fn word_alike(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let shorter = a.len().min(b.len());
    if shorter < 4 {
        return false;
    }
    let allowed = (shorter / 5).max(1);
    if a.len().abs_diff(b.len()) > allowed {
        return false;
    }
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (prev + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()] <= allowed
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_spelt_alike_are_the_same_words_each_spelt_nearly_so() {
        use super::spelt_alike;
        let alike = [
            (
                "fasilitas kerumahtanggaan sekretariat daerah",
                "fasilitasi kerumahtanggaan sekretariat daerah",
            ),
            (
                "administrasi tata pemerintahan",
                "administrasi pemerintahan",
            ),
            (
                "pengadaan barang milik daerah penunjang urusan pemerintah daerah",
                "pengadaan barang milik daerah penunjang urusan pemerintahan daerah",
            ),
        ];
        for (a, b) in alike {
            assert!(spelt_alike(a, b) && spelt_alike(b, a), "{a} / {b}");
        }
        let not = [
            (
                "administrasi keuangan perangkat daerah",
                "administrasi kepegawaian perangkat daerah",
            ),
            (
                "pengadaan barang milik daerah penunjang urusan pemerintah daerah",
                "pemeliharaan barang milik daerah penunjang urusan pemerintahan daerah",
            ),
            ("penataan organisasi", "penataan"),
            ("a b c d", "a x y d"),
        ];
        for (a, b) in not {
            assert!(!spelt_alike(a, b) && !spelt_alike(b, a), "{a} / {b}");
        }
    }

    use super::*;

    #[test]
    fn normalises_headers_as_typed() {
        assert_eq!(normalise("Program/ Kegiatan"), "program/kegiatan");
        assert_eq!(normalise("PROGRAM /\nKEGIATAN"), "program/kegiatan");
        assert_eq!(normalise("  Anggaran\u{a0} (Rp) "), "anggaran (rp)");
        assert_eq!(normalise("Tujuan :"), "tujuan");
        assert_eq!(normalise("% Capaian\r\nAnggaran"), "% capaian anggaran");
    }

    #[test]
    fn the_ascii_path_reads_as_the_general_one() {
        // Every ASCII byte, alone and in company, at the start, middle and end.
        let mut texts: Vec<String> = (0u8..128)
            .map(|b| {
                let c = char::from(b);
                format!("{c}A{c} b{c}{c}/ {c}C:{c}")
            })
            .collect();
        texts.extend(
            [
                "",
                " ",
                ":",
                " : ",
                "/",
                " / ",
                "a /  b",
                "Tujuan :",
                "x:: ",
                "\x0b\x0cA\x1fB",
                "Kegiatan Penyediaan Jasa Nomor 12",
            ]
            .map(String::from),
        );
        for t in &texts {
            assert!(t.is_ascii());
            assert_eq!(normalise_ascii(t), normalise_any(t), "{t:?}");
        }
    }

    #[test]
    fn globs_and_regexes() {
        let p = Pattern::new("% Capaian*").unwrap();
        assert!(p.matches("% capaian anggaran"));
        assert!(!p.matches("capaian"));
        let exact = Pattern::new("Realisasi").unwrap();
        assert!(exact.matches("realisasi"));
        assert!(!exact.matches("realisasi (rp)"));
        let re = Pattern::new(r"regex:\d+(\.\d+){2}").unwrap();
        assert!(re.matches("4.01.01"));
        assert!(!re.matches("4.01.01.2.02"));
        assert!(Pattern::new("*").is_err());
        assert!(Pattern::new("regex:(").is_err());
    }

    #[test]
    fn near_names_are_alike_and_others_are_not() {
        let a = name_key("Fasilitas Kerumahtanggaan Sekretariat Daerah");
        let b = name_key("Fasilitasi Kerumahtanggaan Sekretariat Daerah");
        assert!(similarity(&a, &b) > 950);
        let c = name_key("Administrasi Pemerintahan");
        let d = name_key("Administrasi Tata Pemerintahan");
        assert!(similarity(&c, &d) > 800);
        let e = name_key("Penataan Organisasi");
        assert!(similarity(&c, &e) < 500);
        assert_eq!(similarity("abc", "abc"), 1000);
    }
}
