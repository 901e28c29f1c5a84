//! The words of any report that selaras reads a table's surroundings and a
//! draft's sentences by (`rules/kosakata.toml`): the markers of a note under a
//! table, the words of a period, of a caption, of a unit's name. They belong to
//! no kind of table, so they are not in a table's rules; they are data all the
//! same, embedded in the binary.

use std::sync::OnceLock;

use serde::Deserialize;

/// The vocabulary file as shipped.
const TEXT: &str = include_str!("../../rules/kosakata.toml");

#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Vocabulary {
    /// A line under a table starting with one of these ends it.
    pub note_markers: Vec<String>,
    /// The words a note far into a table's columns starts with, before its colon.
    pub note_words: Vec<String>,
    /// A title line of only these words (and numbers) says a period.
    pub period_words: Vec<String>,
    /// Words a header shortens, each with the word it stands for.
    pub abbreviations: Vec<(String, String)>,
    /// Phrases by which a note speaks of negative indicators.
    pub negative_words: Vec<String>,
    /// A draft's paragraph starting with one of these is a caption or a note.
    pub caption_words: Vec<String>,
    /// The word before the report's year in a caption.
    pub year_word: String,
    /// Words that name the unit an indicator is stated for.
    pub unit_words: Vec<String>,
    /// Words of a trend's sentence that say nothing of its subject.
    pub not_subject: Vec<String>,
}

/// The file: one `[vocabulary]` table (so that the rules' loader, given a copy
/// of the rules folder, knows the file and lets it be).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    vocabulary: Vocabulary,
}

impl Vocabulary {
    fn read(text: &str) -> Result<Vocabulary, toml::de::Error> {
        toml::from_str::<File>(text).map(|f| f.vocabulary)
    }
}

/// The built-in vocabulary. The file is part of the source: a unit test reads
/// it, so it cannot fail here.
pub fn words() -> &'static Vocabulary {
    static WORDS: OnceLock<Vocabulary> = OnceLock::new();
    WORDS.get_or_init(|| Vocabulary::read(TEXT).expect("rules/kosakata.toml (tested)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_vocabulary_reads_and_is_lower_case() {
        let v = Vocabulary::read(TEXT).unwrap();
        let all = [
            &v.note_markers,
            &v.note_words,
            &v.period_words,
            &v.negative_words,
            &v.caption_words,
            &v.unit_words,
            &v.not_subject,
        ];
        for list in all {
            assert!(!list.is_empty());
            assert!(list.iter().all(|w| *w == w.to_lowercase()), "{list:?}");
        }
        assert_eq!(v.year_word, "tahun");
        assert!(v
            .abbreviations
            .iter()
            .all(|(a, w)| *a == a.to_lowercase() && *w == w.to_lowercase() && w.len() > a.len()));
        // Every word a far note starts with is a marker too.
        assert!(v
            .note_words
            .iter()
            .all(|w| v.note_markers.iter().any(|m| m.starts_with(w.as_str()))));
    }

    #[test]
    fn an_unknown_key_is_refused() {
        let text = format!("{TEXT}\nextra = [\"x\"]\n");
        assert!(Vocabulary::read(&text).is_err());
        // The rules' loader knows the file: a folder holding a copy of it loads;
        // a changed copy is refused, with the file and the key.
        let mut rules = crate::rules::Rules::default();
        assert!(rules.add_file("kosakata.toml", TEXT).is_ok());
        let changed = TEXT.replace("\"sumber\", \"keterangan\"", "\"sumber\"");
        assert_ne!(changed, TEXT);
        let e = rules.add_file("mine.toml", &changed).unwrap_err();
        assert_eq!(
            (e.file.as_str(), e.key.as_str()),
            ("mine.toml", "vocabulary")
        );
        assert!(e.message.contains("built in"), "{}", e.message);
    }
}
