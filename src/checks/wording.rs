//! How far two wordings of one indicator drift apart (`link`'s
//! `label-mismatch`): the same words give nothing to say; words that keep
//! the meaning (an abbreviation, a dropped filler word, a letter more or
//! less) are not drift either; a wording that counts another thing is a
//! change of unit; anything else is reworded.
//!
//! | Tabel 3.8                                   | Tabel 3.7                                  | drift     |
//! |---------------------------------------------|--------------------------------------------|-----------|
//! | … operasional kepala daerah dan wakil kepala daerah | … operasional KDH dan WKDH         | none      |
//! | Jumlah bulan administrasi keuangan …        | Jumlah bulan penyediaan administrasi …     | none      |
//! | Jumlah kegiatan pelaksanaan administrasi …  | Jumlah dokumen pengendalian …              | unit      |
//! | Jumlah dokumen kerjasama dengan pihak lainnya | Jumlah dokumen kerjasama daerah          | reworded  |
//!
//! The words are data: `[wording]` of `rules/indikator.toml`.

use crate::text::{name_key, unpaired, word_alike};

/// The words of `[wording]`, each as [`name_key`] writes it.
#[derive(Debug, Clone, Default)]
pub struct Wording {
    /// An abbreviation and the words it stands for (`kdh`: `kepala daerah`).
    pub abbreviations: Vec<(String, String)>,
    /// Words an indicator's name gains or loses without changing what it
    /// measures (`dan`, `penyediaan`, `kegiatan`).
    pub fillers: Vec<String>,
    /// The words an indicator's name opens with that say what kind of figure
    /// it is (`jumlah`, `persentase`, `indeks`).
    pub measures: Vec<String>,
    /// The measures whose next word names what is counted (`jumlah dokumen`).
    pub counts: Vec<String>,
}

/// What two wordings of one indicator differ in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drift {
    /// The same meaning: the same words once abbreviations are spelt out,
    /// fillers dropped and each word allowed a letter or two.
    None,
    /// Another kind of figure or another thing counted: `jumlah kegiatan` /
    /// `jumlah dokumen`, `jumlah` / `persentase`; each side's words.
    Unit { here: String, there: String },
    /// Other words, the same kind of figure.
    Reworded,
}

impl Wording {
    /// How `there` drifts from `here`.
    pub fn drift(&self, here: &str, there: &str) -> Drift {
        let (a, b) = (self.words(here), self.words(there));
        let meaning = |w: &[String]| -> Vec<String> {
            w.iter()
                .filter(|x| !self.fillers.contains(x))
                .cloned()
                .collect()
        };
        let (ma, mb) = (meaning(&a), meaning(&b));
        let (ra, rb): (Vec<&str>, Vec<&str>) = (
            ma.iter().map(String::as_str).collect(),
            mb.iter().map(String::as_str).collect(),
        );
        if !ra.is_empty() && unpaired(&ra, &rb) == 0 {
            return Drift::None;
        }
        // The unit as written, abbreviations as they stand ("jumlah ASN").
        let written =
            |t: &str| -> Vec<String> { name_key(t).split(' ').map(str::to_string).collect() };
        let (wa, wb) = (written(here), written(there));
        match (self.unit(&wa), self.unit(&wb)) {
            (Some(x), Some(y)) if !same_unit(&x, &y) => Drift::Unit {
                here: x.join(" "),
                there: y.join(" "),
            },
            _ => Drift::Reworded,
        }
    }

    /// A name's words, abbreviations spelt out.
    fn words(&self, text: &str) -> Vec<String> {
        let key = name_key(text);
        let mut out = Vec::new();
        for w in key.split(' ').filter(|w| !w.is_empty()) {
            match self.abbreviations.iter().find(|(a, _)| a == w) {
                Some((_, long)) => out.extend(long.split(' ').map(str::to_string)),
                None => out.push(w.to_string()),
            }
        }
        out
    }

    /// The measure a name opens with, and for a count the thing counted.
    fn unit<'w>(&self, words: &'w [String]) -> Option<Vec<&'w str>> {
        let first = words.first()?;
        if !self.measures.contains(first) {
            return None;
        }
        let mut unit = vec![first.as_str()];
        if self.counts.contains(first) {
            unit.push(words.get(1)?.as_str());
        }
        Some(unit)
    }
}

/// Two units the same, each word spelt alike (`persentase` / `prosentase`).
fn same_unit(a: &[&str], b: &[&str]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| word_alike(x, y))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wording() -> Wording {
        crate::rules::Rules::built_in().unwrap().wording
    }

    #[test]
    fn wordings_that_keep_the_meaning_do_not_drift() {
        let w = wording();
        for (a, b) in [
            (
                "Jumlah bulan penyediaan administrasi keuangan dan operasional kepala daerah dan wakil kepala daerah",
                "Jumlah bulan penyediaan administrasi keuangan dan operasional KDH dan WKDH",
            ),
            (
                "Jumlah bulan administrasi keuangan perangkat daerah",
                "Jumlah bulan penyediaan administrasi keuangan perangkat daerah",
            ),
            (
                "Jumlah bulan penyediaan jasa penunjang urusan pemerintah daerah",
                "Jumlah bulan penyediaan jasa penunjang urusan pemerintahan daerah",
            ),
            (
                "Jumlah dokumen penataan organisasi",
                "Jumlah dokumen kegiatan Penataan Organisasi",
            ),
        ] {
            assert_eq!(w.drift(a, b), Drift::None, "{a} / {b}");
            assert_eq!(w.drift(b, a), Drift::None, "{b} / {a}");
        }
    }

    #[test]
    fn another_thing_counted_or_another_kind_of_figure_is_a_change_of_unit() {
        let w = wording();
        assert_eq!(
            w.drift(
                "Jumlah kegiatan pelaksanaan administrasi pembangunan",
                "Jumlah dokumen pengendalian pembangunan dan laporan pelaksanaan pembangunan"
            ),
            Drift::Unit {
                here: "jumlah kegiatan".into(),
                there: "jumlah dokumen".into()
            }
        );
        assert_eq!(
            w.drift(
                "Jumlah ASN yang mengikuti diklat",
                "Persentase ASN yang mengikuti diklat"
            ),
            Drift::Unit {
                here: "jumlah asn".into(),
                there: "persentase".into()
            }
        );
        // The same measure spelt two ways is the same unit; other words are rewording.
        assert_eq!(
            w.drift(
                "Persentase dokumen perencanaan tepat waktu",
                "Prosentase dokumen perencanaan yang disusun"
            ),
            Drift::Reworded
        );
        assert_eq!(
            w.drift(
                "Jumlah dokumen kerjasama dengan pihak lainnya",
                "Jumlah dokumen kerjasama daerah"
            ),
            Drift::Reworded
        );
    }
}
