//! JSON a person typed or a template produced, and what is wrong with it in the person's
//! language. serde_json words its syntax errors in English; each of its (fixed) wordings maps to
//! a catalogue message here, and anything else keeps serde's words.

use crate::i18n::Message;
use crate::msg;

/// serde_json's wording (without " at line L column C") → the catalogue's.
const PROBLEMS: &[(&str, &str)] = &[
    ("EOF while parsing", "json-text-ends-early"),
    ("expected `:`", "json-text-expected-colon"),
    ("expected `,` or `]`", "json-text-expected-comma-or-bracket"),
    ("expected `,` or `}`", "json-text-expected-comma-or-brace"),
    ("expected ident", "json-text-expected-value"),
    ("expected value", "json-text-expected-value"),
    ("expected `\"`", "json-text-expected-quote"),
    ("invalid escape", "json-text-invalid-escape"),
    ("invalid number", "json-text-invalid-number"),
    ("number out of range", "json-text-number-out-of-range"),
    ("invalid unicode code point", "json-text-invalid-unicode"),
    ("lone leading surrogate", "json-text-invalid-unicode"),
    ("unexpected end of hex escape", "json-text-invalid-unicode"),
    ("control character", "json-text-control-character"),
    ("key must be a string", "json-text-key-not-string"),
    ("trailing comma", "json-text-trailing-comma"),
    ("trailing characters", "json-text-trailing-characters"),
    ("recursion limit exceeded", "json-text-too-deep"),
];

/// The six kinds of JSON value, named for messages ("an array", "una matriz"…): the one place
/// the users and input files, the linter (over its own spanned values) and the sandbox's own
/// errors (in English, through `Display`) name a value's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    Null,
    Boolean,
    Number,
    String,
    Array,
    Object,
}

impl JsonKind {
    pub fn of(v: &serde_json::Value) -> JsonKind {
        use serde_json::Value as Json;
        match v {
            Json::Null => JsonKind::Null,
            Json::Bool(_) => JsonKind::Boolean,
            Json::Number(_) => JsonKind::Number,
            Json::String(_) => JsonKind::String,
            Json::Array(_) => JsonKind::Array,
            Json::Object(_) => JsonKind::Object,
        }
    }

    pub fn message(self) -> Message {
        let kind = match self {
            JsonKind::Null => "null",
            JsonKind::Boolean => "boolean",
            JsonKind::Number => "number",
            JsonKind::String => "string",
            JsonKind::Array => "array",
            JsonKind::Object => "object",
        };
        msg!("json-kind", kind = kind)
    }
}

/// What kind of JSON value `v` is, for messages.
pub fn kind(v: &serde_json::Value) -> Message {
    JsonKind::of(v).message()
}

/// What serde_json said, in the catalogue's words when it is one of its syntax errors.
pub fn problem(serde_message: &str) -> Message {
    let message = serde_message
        .rsplit_once(" at line ")
        .map_or(serde_message, |(m, _)| m);
    PROBLEMS
        .iter()
        .find(|(prefix, _)| message.starts_with(prefix))
        .map_or_else(
            || msg!("as-reported", text = message.to_owned()),
            |(_, id)| Message::new(id),
        )
}

/// A parse error with its place: "Line 3, column 7: …".
pub fn error_at(e: &serde_json::Error) -> Message {
    msg!(
        "json-error-at",
        line = e.line(),
        column = e.column(),
        message = problem(&e.to_string())
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Catalogue, Language};

    #[test]
    fn every_syntax_error_serde_can_give_has_a_message_in_both_languages() {
        let broken = [
            "[1, 2",
            "{\"a\" 1}",
            "[1 2]",
            "{\"a\": 1 \"b\": 2}",
            "nul",
            "{a: 1}",
            "\"\\q\"",
            "-",
            "1e999999",
            "\"\\ud800\"",
            "\"a\u{1}\"",
            "[1,]",
            "[1] x",
        ];
        for text in broken {
            let e = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
            let m = error_at(&e);
            let inner = match &m.args().iter().find(|(n, _)| *n == "message").unwrap().1 {
                crate::i18n::Arg::Message(inner) => inner.clone(),
                other => panic!("{other:?}"),
            };
            assert_ne!(inner.id(), "as-reported", "{text:?}: {e}");
            for language in Language::ALL {
                let keys = Catalogue::keys(language);
                assert!(
                    keys.iter().any(|k| k == inner.id()),
                    "{language:?} {}",
                    inner.id()
                );
            }
        }
    }

    #[test]
    fn an_unknown_wording_is_kept() {
        assert_eq!(
            problem("something new at line 1 column 2").text_arg("text"),
            Some("something new")
        );
    }
}
