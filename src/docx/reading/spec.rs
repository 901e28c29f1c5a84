//! The phrases of the evaluator's reading, as rules data (`rules/kalimat.toml`,
//! or an office's own file): the words that claim a trend, the sentences that
//! introduce a list with its count, the phrases that name a year the report's
//! year owns, and the phrases that state an index. Each comes with the test
//! sentence it must match (`example`), checked when the rules load.

use regex::Regex;
use serde::Deserialize;

/// `[[trend]]`: words that say a quantity went up or down.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrendSpec {
    pub id: String,
    /// `up` or `down`.
    pub direction: String,
    /// The words, each a regular expression (case ignored, any space any white space).
    pub words: Vec<String>,
    /// The words written for the other direction, where a correction is one.
    pub opposite: Option<String>,
    pub example: String,
}

/// `[[list]]`: a sentence that counts the list that follows it (`{count}`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListSpec {
    pub id: String,
    pub pattern: String,
    pub example: String,
}

/// `[[year]]`: a phrase naming a year (`{year}`) of something the report's
/// year owns (its Perjanjian Kinerja, its measurement).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearSpec {
    pub id: String,
    /// What the year belongs to, in the report's words.
    pub what: String,
    pub pattern: String,
    pub example: String,
}

/// `[[unit]]`: a phrase that states an index (`{figure}`, never with "%") or,
/// with `unit = "percent"`, a percentage (always with "%").
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitSpec {
    pub id: String,
    /// What the figure is, in the report's words.
    pub what: String,
    /// `index` (the default) or `percent`.
    pub unit: Option<String>,
    pub pattern: String,
    pub example: String,
}

#[derive(Debug, Clone)]
pub struct Trend {
    pub id: String,
    pub up: bool,
    pub words: Regex,
    pub opposite: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Phrase {
    pub id: String,
    pub what: String,
    pub pattern: Regex,
    /// For a unit phrase: its figure is a percentage (else an index).
    pub percent: bool,
}

/// What the reading looks for, validated.
#[derive(Debug, Clone, Default)]
pub struct Reading {
    pub trends: Vec<Trend>,
    pub lists: Vec<Phrase>,
    pub years: Vec<Phrase>,
    pub units: Vec<Phrase>,
}

/// A pattern with its placeholders ({figure}, {count}, {year}), compiled as the
/// claims' are (case ignored, spaces as any white space).
fn compile(pattern: &str) -> Result<Regex, String> {
    super::super::claims::expand(pattern, "baik")
}

/// Checks that `re` finds something in its example.
fn tested(re: Regex, example: &str) -> Result<Regex, String> {
    if re.is_match(example) {
        Ok(re)
    } else {
        Err(format!(
            "the pattern does not match its example \"{example}\""
        ))
    }
}

impl Reading {
    pub fn add_trend(&mut self, spec: &TrendSpec) -> Result<(), (&'static str, String)> {
        let up = match spec.direction.as_str() {
            "up" => true,
            "down" => false,
            other => {
                return Err((
                    "direction",
                    format!("`{other}` is not a direction: write \"up\" or \"down\""),
                ))
            }
        };
        if spec.words.is_empty() {
            return Err(("words", "a trend needs at least one word".to_string()));
        }
        let alternation = spec
            .words
            .iter()
            .map(|w| format!("(?:{})", w.replace(' ', r"\s+")))
            .collect::<Vec<_>>()
            .join("|");
        let re = regex::RegexBuilder::new(&format!(r"\b(?P<trend>{alternation})\b"))
            .case_insensitive(true)
            .build()
            .map_err(|e| ("words", e.to_string()))?;
        let words = tested(re, &spec.example).map_err(|e| ("example", e))?;
        self.trends.retain(|t| t.id != spec.id);
        self.trends.push(Trend {
            id: spec.id.clone(),
            up,
            words,
            opposite: spec.opposite.clone(),
        });
        Ok(())
    }

    fn phrase(
        id: &str,
        what: &str,
        pattern: &str,
        example: &str,
        needs: &str,
    ) -> Result<Phrase, (&'static str, String)> {
        if !pattern.contains(needs) {
            return Err((
                "pattern",
                format!("the pattern needs the placeholder {needs}"),
            ));
        }
        let re = compile(pattern).map_err(|e| ("pattern", e))?;
        Ok(Phrase {
            id: id.to_string(),
            what: what.to_string(),
            pattern: tested(re, example).map_err(|e| ("example", e))?,
            percent: false,
        })
    }

    pub fn add_list(&mut self, spec: &ListSpec) -> Result<(), (&'static str, String)> {
        let p = Self::phrase(&spec.id, "", &spec.pattern, &spec.example, "{count}")?;
        self.lists.retain(|x| x.id != p.id);
        self.lists.push(p);
        Ok(())
    }

    pub fn add_year(&mut self, spec: &YearSpec) -> Result<(), (&'static str, String)> {
        let p = Self::phrase(&spec.id, &spec.what, &spec.pattern, &spec.example, "{year}")?;
        self.years.retain(|x| x.id != p.id);
        self.years.push(p);
        Ok(())
    }

    pub fn add_unit(&mut self, spec: &UnitSpec) -> Result<(), (&'static str, String)> {
        let mut p = Self::phrase(
            &spec.id,
            &spec.what,
            &spec.pattern,
            &spec.example,
            "{figure}",
        )?;
        p.percent = match spec.unit.as_deref() {
            None | Some("index") => false,
            Some("percent") => true,
            Some(other) => {
                return Err((
                    "unit",
                    format!("`{other}` is not a unit: write \"index\" or \"percent\""),
                ))
            }
        };
        self.units.retain(|x| x.id != p.id);
        self.units.push(p);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phrase_must_match_its_own_example() {
        let mut r = Reading::default();
        let spec = |pattern: &str, example: &str| YearSpec {
            id: "pk".into(),
            what: "Perjanjian Kinerja".into(),
            pattern: pattern.into(),
            example: example.into(),
        };
        assert!(r
            .add_year(&spec(
                "perjanjian kinerja tahun {year}",
                "Perjanjian Kinerja Tahun 2024"
            ))
            .is_ok());
        let (key, message) = r
            .add_year(&spec(
                "perjanjian kinerja tahun {year}",
                "Rencana Kerja Tahun 2024",
            ))
            .expect_err("an example its pattern misses");
        assert_eq!(key, "example");
        assert!(message.contains("does not match its example"), "{message}");
        let (key, _) = r
            .add_year(&spec(
                "perjanjian kinerja tahun",
                "Perjanjian Kinerja Tahun 2024",
            ))
            .expect_err("a year phrase without {year}");
        assert_eq!(key, "pattern");
        let bad = TrendSpec {
            id: "x".into(),
            direction: "sideways".into(),
            words: vec!["naik".into()],
            opposite: None,
            example: "naik".into(),
        };
        assert_eq!(r.add_trend(&bad).expect_err("a direction").0, "direction");
    }

    #[test]
    fn the_built_in_phrases_match_their_examples() {
        let rules = crate::rules::Rules::built_in().expect("the built-in rules");
        let r = &rules.reading;
        assert_eq!(
            (r.trends.len(), r.lists.len(), r.years.len(), r.units.len()),
            (2, 3, 4, 2)
        );
    }
}
