//! UI text. Every string the app shows comes from one Fluent catalogue per language
//! (`assets/i18n/*.ftl`); panels ask for a key, never spell a sentence themselves. English and
//! Spanish ship; the OS locale picks the first one and Settings can switch.

use std::collections::HashMap;

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Language {
    #[default]
    English,
    Spanish,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::English, Language::Spanish];

    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Spanish => "es",
        }
    }

    /// The language's own name, as language pickers show it.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::English => "English",
            Language::Spanish => "Español",
        }
    }

    /// From a locale such as `es-MX`, `es_ES.UTF-8` or `en-US`; unknown ones get English.
    pub fn from_locale(locale: &str) -> Language {
        let primary = locale
            .split(['-', '_', '.', '@'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "es" => Language::Spanish,
            _ => Language::English,
        }
    }

    /// What the operating system is set to.
    pub fn from_os() -> Language {
        sys_locale::get_locale().map_or(Language::English, |l| Language::from_locale(&l))
    }

    fn source(self) -> &'static str {
        match self {
            Language::English => include_str!("../../assets/i18n/en.ftl"),
            Language::Spanish => include_str!("../../assets/i18n/es.ftl"),
        }
    }
}

/// One language's messages. Messages without arguments are formatted once, at load, so a
/// frame only looks them up.
pub struct Catalogue {
    language: Language,
    bundle: FluentBundle<FluentResource>,
    plain: HashMap<String, String>,
}

impl Catalogue {
    pub fn new(language: Language) -> Catalogue {
        let resource = FluentResource::try_new(language.source().to_owned())
            .unwrap_or_else(|(resource, _)| resource);
        let langid = language.code().parse().unwrap_or_default();
        let mut bundle = FluentBundle::new(vec![langid]);
        // Isolation marks (U+2068/9) have no glyph in the bundled fonts.
        bundle.set_use_isolating(false);
        let ids: Vec<String> = message_ids(language.source());
        // A duplicate id keeps the first definition (and fails the catalogue test).
        let _ = bundle.add_resource(resource);
        let mut plain = HashMap::new();
        for id in ids {
            if let Some(pattern) = bundle.get_message(&id).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, None, &mut errors);
                if errors.is_empty() {
                    plain.insert(id, text.into_owned());
                }
            }
        }
        Catalogue {
            language,
            bundle,
            plain,
        }
    }

    pub fn language(&self) -> Language {
        self.language
    }

    /// A message without arguments; an unknown key shows as itself (and fails the key test).
    pub fn tr<'a>(&'a self, key: &'a str) -> &'a str {
        self.plain.get(key).map_or(key, String::as_str)
    }

    /// A message with arguments, e.g. `format("findings-count", &[("count", 3.into())])`.
    pub fn format(&self, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let Some(pattern) = self.bundle.get_message(key).and_then(|m| m.value()) else {
            return key.to_owned();
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        let mut errors = Vec::new();
        self.bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned()
    }

    /// Every message id of a language, in file order.
    pub fn keys(language: Language) -> Vec<String> {
        message_ids(language.source())
    }
}

/// Shorthand for a Fluent argument.
pub fn arg<'a>(value: impl Into<FluentValue<'a>>) -> FluentValue<'a> {
    value.into()
}

fn message_ids(source: &str) -> Vec<String> {
    source
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()))
        .filter_map(|l| l.split_once('=').map(|(id, _)| id.trim().to_owned()))
        .collect()
}

/// The variables (`{ $name }`) a message uses, for the parity test.
pub fn variables(language: Language, key: &str) -> Vec<String> {
    let source = language.source();
    let mut out = Vec::new();
    let mut in_message = false;
    for line in source.lines() {
        if line.starts_with(|c: char| c.is_ascii_alphabetic()) {
            in_message = line.split_once('=').is_some_and(|(id, _)| id.trim() == key);
        } else if !line.starts_with([' ', '\t']) {
            in_message = false;
        }
        if in_message || line.split_once('=').is_some_and(|(id, _)| id.trim() == key) {
            let mut rest = line;
            while let Some(at) = rest.find('$') {
                let name: String = rest[at + 1..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                    .collect();
                if !out.contains(&name) {
                    out.push(name);
                }
                rest = &rest[at + 1..];
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_exists_in_both_languages_with_the_same_variables() {
        let en = Catalogue::keys(Language::English);
        let es = Catalogue::keys(Language::Spanish);
        assert!(
            en.len() > 100,
            "the catalogue looks truncated: {}",
            en.len()
        );
        let missing_es: Vec<_> = en.iter().filter(|k| !es.contains(k)).collect();
        let missing_en: Vec<_> = es.iter().filter(|k| !en.contains(k)).collect();
        assert!(missing_es.is_empty(), "missing in Spanish: {missing_es:?}");
        assert!(missing_en.is_empty(), "missing in English: {missing_en:?}");
        for lang in Language::ALL {
            let keys = Catalogue::keys(lang);
            let mut seen = std::collections::HashSet::new();
            let dupes: Vec<_> = keys.iter().filter(|k| !seen.insert(*k)).collect();
            assert!(dupes.is_empty(), "{lang:?} defines twice: {dupes:?}");
        }
        for key in &en {
            assert_eq!(
                variables(Language::English, key),
                variables(Language::Spanish, key),
                "`{key}` uses different variables"
            );
        }
    }

    #[test]
    fn every_message_parses_and_formats() {
        for lang in Language::ALL {
            let source = lang.source().to_owned();
            if let Err((_, errors)) = FluentResource::try_new(source) {
                panic!("{lang:?} catalogue does not parse: {errors:?}");
            }
            let c = Catalogue::new(lang);
            for key in Catalogue::keys(lang) {
                if variables(lang, &key).is_empty() {
                    assert!(
                        c.plain.contains_key(&key),
                        "{lang:?} `{key}` did not format"
                    );
                }
            }
        }
    }

    #[test]
    fn messages_take_arguments_and_plurals() {
        let en = Catalogue::new(Language::English);
        let es = Catalogue::new(Language::Spanish);
        assert_eq!(
            en.format("findings-count", &[("count", arg(1))]),
            "1 finding"
        );
        assert_eq!(
            en.format("findings-count", &[("count", arg(3))]),
            "3 findings"
        );
        assert_eq!(es.format("findings-count", &[("count", arg(1))]), "1 aviso");
        assert_eq!(
            es.format("findings-count", &[("count", arg(3))]),
            "3 avisos"
        );
        assert_eq!(en.tr("no-such-key"), "no-such-key");
    }

    /// Every kebab-case string literal in the UI is a catalogue key (widget ids are snake_case):
    /// a typo'd key would otherwise show up as its raw name.
    #[test]
    fn every_key_the_ui_uses_exists() {
        // Widget ids are snake_case; the only other kebab-case strings are HTTP header names.
        const NOT_KEYS: &[&str] = &["x-ratelimit", "retry-after", "x-zendesk-api-warn"];
        let keys = Catalogue::keys(Language::English);
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut missing = Vec::new();
        for sub in ["ui", "app"] {
            for entry in std::fs::read_dir(dir.join(sub)).unwrap() {
                let path = entry.unwrap().path();
                let text = std::fs::read_to_string(&path).unwrap();
                for literal in text.split('"').skip(1).step_by(2) {
                    let kebab = literal.contains('-')
                        && literal
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                        && !literal.starts_with('-')
                        && !literal.ends_with('-');
                    if kebab && !keys.iter().any(|k| k == literal) && !NOT_KEYS.contains(&literal) {
                        missing.push(format!("{}: {literal}", path.display()));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "not in the catalogue: {missing:#?}");
    }

    #[test]
    fn the_locale_picks_the_language() {
        assert_eq!(Language::from_locale("es-MX"), Language::Spanish);
        assert_eq!(Language::from_locale("es_ES.UTF-8"), Language::Spanish);
        assert_eq!(Language::from_locale("en-US"), Language::English);
        assert_eq!(Language::from_locale("fr-FR"), Language::English);
        assert_eq!(Language::from_locale(""), Language::English);
    }
}
