//! The users' language: every text selaras shows a person comes from a message
//! catalogue, one TOML file per language in `lang/` (`en.toml`, `id.toml`).
//!
//! Code never writes a sentence itself: it names a message by key, with the values
//! to put in it (`msg!("capaian.wrong-formula", done = ..., kind = ...)`), and a
//! renderer turns that into text in the reader's language. A catalogue maps keys to
//! templates in which `{name}` is replaced by the value of that name:
//!
//! ```toml
//! [derived]
//! differs = "{column} is {found}, but the formula gives {expected}"
//! ```
//!
//! Tables nest: the key of that template is `derived.differs`. A value may itself be
//! a message, rendered in the same language. A third language is a third file in
//! `lang/` (the build embeds every file there); a test fails if a key, or a
//! placeholder of a key, exists in one catalogue and not in another.
//!
//! Finding codes and the JSON report are the same in every language: JSON carries
//! the English text.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Every catalogue in `lang/`, as (language code, TOML text), by file name.
const SOURCES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/catalogues.rs"));

/// A language selaras speaks: an index into the catalogues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Lang(usize);

/// English, as the JSON report.
impl Default for Lang {
    fn default() -> Lang {
        Lang::english()
    }
}

impl Lang {
    /// English: the language of the JSON report and the fallback for a missing key.
    pub fn english() -> Lang {
        Lang::from_code("en").expect("lang/en.toml is embedded")
    }

    /// Bahasa Indonesia.
    pub fn indonesian() -> Lang {
        Lang::from_code("id").expect("lang/id.toml is embedded")
    }

    /// The language of a code (`id`, `en`), if there is a catalogue for it.
    pub fn from_code(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase();
        SOURCES.iter().position(|(c, _)| *c == code).map(Lang)
    }

    /// Every language there is a catalogue for.
    pub fn all() -> impl Iterator<Item = Lang> {
        (0..SOURCES.len()).map(Lang)
    }

    /// The language's code, as given to `--lang`.
    pub fn code(self) -> &'static str {
        SOURCES[self.0].0
    }

    /// The language the system's locale asks for (`LC_ALL`, `LC_MESSAGES`, `LANG`,
    /// in POSIX order: `id_ID.UTF-8` gives Indonesian), English otherwise.
    pub fn from_env() -> Lang {
        Lang::from_locale(
            ["LC_ALL", "LC_MESSAGES", "LANG"]
                .iter()
                .filter_map(|v| std::env::var(v).ok())
                .find(|v| !v.is_empty())
                .as_deref(),
        )
    }

    /// The language a locale string names (`id_ID.UTF-8`, `in_ID`, `en_US`); English
    /// when there is no catalogue for it.
    pub fn from_locale(locale: Option<&str>) -> Lang {
        let code = locale
            .and_then(|l| l.split(['_', '.', '@', '-']).next())
            .unwrap_or("");
        // `in` is the old ISO code of Indonesian, still used by some systems.
        let code = if code.eq_ignore_ascii_case("in") {
            "id"
        } else {
            code
        };
        Lang::from_code(code).unwrap_or_else(Lang::english)
    }

    /// The template of a key in this language, falling back to English.
    pub fn template(self, key: &str) -> Option<&'static str> {
        let all = catalogues();
        all[self.0]
            .get(key)
            .or_else(|| all[Lang::english().0].get(key))
            .map(String::as_str)
    }

    /// A message with no values, in this language.
    pub fn t(self, key: &'static str) -> String {
        Msg::new(key).render(self)
    }

    /// The keys of this language's catalogue.
    pub fn keys(self) -> impl Iterator<Item = &'static str> {
        catalogues()[self.0].keys().map(String::as_str)
    }
}

/// Every catalogue, flattened to `key -> template`; parsed once.
fn catalogues() -> &'static [HashMap<String, String>] {
    static ALL: OnceLock<Vec<HashMap<String, String>>> = OnceLock::new();
    ALL.get_or_init(|| {
        SOURCES
            .iter()
            .map(|(code, text)| {
                let table: toml::Table = toml::from_str(text)
                    .unwrap_or_else(|e| panic!("lang/{code}.toml is not valid TOML: {e}"));
                let mut out = HashMap::new();
                flatten("", &table, &mut out);
                out
            })
            .collect()
    })
}

fn flatten(prefix: &str, table: &toml::Table, out: &mut HashMap<String, String>) {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::Table(t) => flatten(&key, t, out),
            toml::Value::String(s) => {
                out.insert(key, s.clone());
            }
            // Only strings are messages; anything else is a slip the tests report
            // as a missing key.
            _ => {}
        }
    }
}

/// A value put into a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Shown as it is: a figure, a cell, the user's own words.
    Plain(String),
    /// Another message, in the same language.
    Msg(Msg),
    /// Messages joined by a separator (itself shown as it is).
    Join(Vec<Msg>, &'static str),
}

/// A text to show a person: a catalogue key and the values of its placeholders.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Msg {
    pub key: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

impl Msg {
    pub fn new(key: &'static str) -> Msg {
        Msg {
            key,
            args: Vec::new(),
        }
    }

    /// Adds the value of the placeholder `{name}`.
    pub fn arg(mut self, name: &'static str, value: impl IntoArg) -> Msg {
        self.args.push((name, value.into_arg()));
        self
    }

    /// The value of `{name}` replaced, here and in the messages it holds.
    pub fn replaced(mut self, name: &'static str, value: &str) -> Msg {
        for (n, arg) in &mut self.args {
            match arg {
                Arg::Plain(s) if *n == name => *s = value.to_string(),
                Arg::Msg(m) => *m = std::mem::take(m).replaced(name, value),
                _ => {}
            }
        }
        self
    }

    /// Whether this is the empty message (no key).
    pub fn is_empty(&self) -> bool {
        self.key.is_empty()
    }

    /// The text in `lang`. A key no catalogue has shows as the key itself, and a
    /// placeholder with no value as itself, so a slip shows rather than hides.
    pub fn render(&self, lang: Lang) -> String {
        if self.key.is_empty() {
            return String::new();
        }
        let Some(template) = lang.template(self.key) else {
            return self.key.to_string();
        };
        fill(template, |name| {
            self.args
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| match v {
                    Arg::Plain(s) => s.clone(),
                    Arg::Msg(m) => m.render(lang),
                    Arg::Join(ms, sep) => ms
                        .iter()
                        .map(|m| m.render(lang))
                        .collect::<Vec<_>>()
                        .join(sep),
                })
        })
    }

    /// The English text, as the JSON report carries it.
    pub fn english(&self) -> String {
        self.render(Lang::english())
    }
}

/// English, as the JSON report and the tests read it.
impl std::fmt::Display for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.english())
    }
}

/// Replaces each `{name}` of a template by its value; `{{` and `}}` are braces.
fn fill(template: &str, mut value: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        match (tail.starts_with('{'), tail.find('}')) {
            (true, Some(end)) => {
                let name = &tail[1..end];
                match value(name) {
                    Some(v) => out.push_str(&v),
                    None => out.push_str(&tail[..=end]),
                }
                rest = &tail[end + 1..];
            }
            _ => {
                out.push_str(&tail[..1]);
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The placeholders a template uses, sorted.
pub fn placeholders(template: &str) -> Vec<String> {
    let mut names = Vec::new();
    let _ = fill(template, |name| {
        names.push(name.to_string());
        Some(String::new())
    });
    names.sort();
    names.dedup();
    names
}

/// What can be a message's value.
pub trait IntoArg {
    fn into_arg(self) -> Arg;
}

impl IntoArg for String {
    fn into_arg(self) -> Arg {
        Arg::Plain(self)
    }
}

impl IntoArg for &String {
    fn into_arg(self) -> Arg {
        Arg::Plain(self.clone())
    }
}

impl IntoArg for &str {
    fn into_arg(self) -> Arg {
        Arg::Plain(self.to_string())
    }
}

impl IntoArg for &&str {
    fn into_arg(self) -> Arg {
        Arg::Plain(self.to_string())
    }
}

impl IntoArg for Msg {
    fn into_arg(self) -> Arg {
        Arg::Msg(self)
    }
}

impl IntoArg for usize {
    fn into_arg(self) -> Arg {
        Arg::Plain(self.to_string())
    }
}

impl IntoArg for u32 {
    fn into_arg(self) -> Arg {
        Arg::Plain(self.to_string())
    }
}

impl IntoArg for Arg {
    fn into_arg(self) -> Arg {
        self
    }
}

/// A message by key with named values: `msg!("derived.differs", column = c, found = f)`.
#[macro_export]
macro_rules! msg {
    ($key:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::Msg::new($key) $(.arg(stringify!($name), $value))*
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders_and_braces() {
        let out = fill("{a} + {{b}} = {c}", |n| match n {
            "a" => Some("1".into()),
            _ => None,
        });
        assert_eq!(out, "1 + {b} = {c}");
        assert_eq!(placeholders("{x} of {y}, {x}"), vec!["x", "y"]);
    }

    #[test]
    fn locales_choose_a_language() {
        assert_eq!(Lang::from_locale(Some("id_ID.UTF-8")), Lang::indonesian());
        assert_eq!(Lang::from_locale(Some("in_ID")), Lang::indonesian());
        assert_eq!(Lang::from_locale(Some("en_GB.UTF-8")), Lang::english());
        assert_eq!(Lang::from_locale(Some("C")), Lang::english());
        assert_eq!(Lang::from_locale(None), Lang::english());
    }

    #[test]
    fn unknown_keys_show_themselves() {
        assert_eq!(
            Msg::new("no.such.key").render(Lang::english()),
            "no.such.key"
        );
    }
}
