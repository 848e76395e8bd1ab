//! Every word the user reads. One Fluent catalogue per language, split by concern into
//! `assets/i18n/<lang>/<domain>.ftl` (the app's labels in `app.ftl`; what the library reports —
//! findings, errors, plans, outcomes — in the domain's own file). Library code never spells a
//! sentence: it returns a [`Message`] (an id and its arguments) or an error that [`Localize`]s into
//! one, and the app or the CLI renders it here. English and Spanish ship; the OS locale picks the
//! first one, Settings (or the CLI's `--lang`) can switch.

pub mod json_text;
pub mod message;

use std::collections::HashMap;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};

pub use message::{Arg, Localize, Message};

/// The catalogue files of a language, in load order. A domain is added here and as a file in
/// both language folders (the parity test checks that both define the same ids).
macro_rules! catalogue_files {
    ($lang:literal) => {
        catalogue_files!($lang; "app", "common", "lint", "api", "connect", "send", "setup", "publish", "users", "workspace", "secrets", "cli", "clap", "sandbox", "template", "registry", "workbench", "files", "about", "layout")
    };
    ($lang:literal; $($domain:literal),*) => {
        &[$(($domain, include_str!(concat!("../../assets/i18n/", $lang, "/", $domain, ".ftl")))),*]
    };
}

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

    /// The catalogue files: (domain, Fluent source).
    fn files(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Language::English => catalogue_files!("en"),
            Language::Spanish => catalogue_files!("es"),
        }
    }
}

/// One language's messages. Messages without arguments are formatted once, at load, so a
/// frame only looks them up. There is one per language for the whole process ([`Catalogue::get`]).
pub struct Catalogue {
    language: Language,
    bundle: FluentBundle<FluentResource>,
    plain: HashMap<String, String>,
}

impl Catalogue {
    /// The language's catalogue, loaded on first use.
    pub fn get(language: Language) -> &'static Catalogue {
        static LOADED: [OnceLock<Catalogue>; 2] = [OnceLock::new(), OnceLock::new()];
        let slot = match language {
            Language::English => &LOADED[0],
            Language::Spanish => &LOADED[1],
        };
        slot.get_or_init(|| Catalogue::load(language))
    }

    fn load(language: Language) -> Catalogue {
        let langid = language.code().parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![langid]);
        // Isolation marks (U+2068/9) have no glyph in the bundled fonts.
        bundle.set_use_isolating(false);
        for (_, source) in language.files() {
            let resource = FluentResource::try_new((*source).to_owned())
                .unwrap_or_else(|(resource, _)| resource);
            // A duplicate id keeps the first definition (and fails the catalogue test).
            let _ = bundle.add_resource(resource);
        }
        let mut plain = HashMap::new();
        for id in Catalogue::keys(language) {
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

    /// What the library said, in this language. Nested messages are rendered first; an id
    /// missing from the catalogue shows as `id(name: value, …)` (and fails the catalogue test).
    pub fn message(&self, message: &Message) -> String {
        let args: Vec<(&str, FluentValue<'_>)> = message
            .args()
            .iter()
            .map(|(name, value)| {
                let value = match value {
                    Arg::Text(text) => FluentValue::from(text.as_str()),
                    Arg::Int(n) => FluentValue::from(*n),
                    Arg::Message(inner) => FluentValue::from(self.message(inner)),
                };
                (*name, value)
            })
            .collect();
        if self.bundle.get_message(message.id()).is_none() {
            let shown: Vec<String> = args
                .iter()
                .map(|(name, value)| match value {
                    FluentValue::String(s) => format!("{name}: {s}"),
                    FluentValue::Number(n) => format!("{name}: {}", n.as_string()),
                    _ => (*name).to_owned(),
                })
                .collect();
            return if shown.is_empty() {
                message.id().to_owned()
            } else {
                format!("{}({})", message.id(), shown.join(", "))
            };
        }
        self.format(message.id(), &args)
    }

    /// Anything that [`Localize`]s, in this language.
    pub fn say(&self, what: &impl Localize) -> String {
        self.message(&what.message())
    }

    /// Every message id of a language, in file order.
    pub fn keys(language: Language) -> Vec<String> {
        language
            .files()
            .iter()
            .flat_map(|(_, source)| message_ids(source))
            .collect()
    }
}

/// Shorthand for a Fluent argument.
/// A message as a line of its own: its first letter upper-case (a finding's message is also
/// written inside other sentences, so the catalogue keeps it lower-case). Text that starts with
/// code (a backtick, `$`, `{`) is left as it is.
pub fn sentence(text: &str) -> std::borrow::Cow<'_, str> {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if first.is_lowercase() => {
            std::borrow::Cow::Owned(first.to_uppercase().chain(chars).collect())
        }
        _ => std::borrow::Cow::Borrowed(text),
    }
}

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
    let mut out = Vec::new();
    for (_, source) in language.files() {
        let mut in_message = false;
        for line in source.lines() {
            if line.starts_with(|c: char| c.is_ascii_alphabetic()) {
                in_message = line.split_once('=').is_some_and(|(id, _)| id.trim() == key);
            } else if !line.starts_with([' ', '\t']) {
                in_message = false;
            }
            if in_message {
                let mut rest = line;
                while let Some(at) = rest.find('$') {
                    let name: String = rest[at + 1..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                        .collect();
                    // A `$` that starts no name is text (`starts with `$``).
                    if !name.is_empty() && !out.contains(&name) {
                        out.push(name);
                    }
                    rest = &rest[at + 1..];
                }
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
    fn a_sentence_starts_upper_case_unless_it_starts_with_code() {
        assert_eq!(sentence("the requester email"), "The requester email");
        assert_eq!(sentence("él"), "Él");
        assert_eq!(sentence("`${ema` is"), "`${ema` is");
        assert_eq!(sentence("Zendesk"), "Zendesk");
        assert_eq!(sentence(""), "");
    }

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
            for (domain, source) in lang.files() {
                if let Err((_, errors)) = FluentResource::try_new((*source).to_owned()) {
                    panic!("{lang:?} {domain}.ftl does not parse: {errors:?}");
                }
            }
            let c = Catalogue::get(lang);
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
        let en = Catalogue::get(Language::English);
        let es = Catalogue::get(Language::Spanish);
        assert_eq!(
            en.format("findings-count", &[("count", arg(1))]),
            "1 finding"
        );
        assert_eq!(
            en.format("findings-count", &[("count", arg(3))]),
            "3 findings"
        );
        assert_eq!(
            es.format("findings-count", &[("count", arg(1))]),
            "1 hallazgo"
        );
        assert_eq!(
            es.format("findings-count", &[("count", arg(3))]),
            "3 hallazgos"
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
        let (mut scanned, mut checked) = (0, 0);
        for sub in ["ui", "app"] {
            for path in rust_files(&dir.join(sub)) {
                scanned += 1;
                let text = std::fs::read_to_string(&path).unwrap();
                for literal in text.split('"').skip(1).step_by(2) {
                    let kebab = literal.contains('-')
                        && literal
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                        && !literal.starts_with('-')
                        && !literal.ends_with('-');
                    checked += usize::from(kebab);
                    if kebab && !keys.iter().any(|k| k == literal) && !NOT_KEYS.contains(&literal) {
                        missing.push(format!("{}: {literal}", path.display()));
                    }
                }
            }
        }
        assert!(
            scanned > 0,
            "no source file found under src/ui or src/app: the scanner is broken"
        );
        assert!(
            checked > 0,
            "no catalogue id found in {scanned} files: the scanner is broken"
        );
        assert!(missing.is_empty(), "not in the catalogue: {missing:#?}");
    }

    /// Every `msg!("id", name = …)` in the library names an id both catalogues define, with
    /// exactly the variables the catalogue uses: a typo would show the raw id to the user.
    #[test]
    fn every_message_the_library_builds_exists_with_its_arguments() {
        let keys = Catalogue::keys(Language::English);
        let mut problems = Vec::new();
        let mut used = 0;
        for path in rust_files(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src")) {
            let text = std::fs::read_to_string(&path).unwrap();
            for (id, names) in msg_calls(&text) {
                used += 1;
                let at = format!("{}: {id}", path.display());
                if !keys.contains(&id) {
                    problems.push(format!("{at}: not in the catalogue"));
                    continue;
                }
                let mut names = names;
                names.sort();
                names.dedup();
                let expected = variables(Language::English, &id);
                if names != expected {
                    problems.push(format!(
                        "{at}: passes {names:?}, the catalogue uses {expected:?}"
                    ));
                }
            }
        }
        assert!(used > 0, "no msg! call found: the scanner is broken");
        assert!(problems.is_empty(), "{problems:#?}");
    }

    fn rust_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                out.extend(rust_files(&path));
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
        out
    }

    /// `msg!("id", a = x, b = f(y, z))` → ("id", ["a", "b"]): the top-level `name =` pairs.
    fn msg_calls(text: &str) -> Vec<(String, Vec<String>)> {
        let code: Vec<&str> = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect();
        let code = code.join("\n");
        let mut out = Vec::new();
        let mut rest = code.as_str();
        while let Some(at) = rest.find("msg!(\"") {
            rest = &rest[at + 6..];
            let Some(end) = rest.find('"') else { break };
            let id = rest[..end].to_owned();
            // The arguments up to the closing parenthesis, split at top-level commas.
            let mut depth = 1;
            let mut in_string = false;
            let mut args = vec![String::new()];
            let mut chars = rest[end + 1..].chars();
            while let Some(c) = chars.next() {
                match c {
                    '\\' if in_string => {
                        chars.next();
                        continue;
                    }
                    '"' => in_string = !in_string,
                    '(' | '[' | '{' if !in_string => depth += 1,
                    ')' | ']' | '}' if !in_string => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    ',' if !in_string && depth == 1 => {
                        args.push(String::new());
                        continue;
                    }
                    _ => {}
                }
                if let Some(last) = args.last_mut() {
                    last.push(c);
                }
            }
            let names = args
                .iter()
                .filter_map(|a| a.split_once('=').map(|(n, _)| n.trim().to_owned()))
                .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_alphanumeric() || c == '_'))
                .collect();
            out.push((id, names));
        }
        out
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
