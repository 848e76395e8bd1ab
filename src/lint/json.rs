//! A small JSON parser that remembers where every value is, so findings can point at the
//! bytes (and, through the traced render, at the `{{ … }}`) that produced them.
//!
//! Hand-written on purpose: serde_json (and the span-keeping crates around it) give a value or
//! one error position, but the linter needs the byte range of every value, a lenient second
//! reading of a broken body, and errors worded for the user. It is a plain recursive descent,
//! bounded in depth, linear in the text.

use std::ops::Range;

use crate::i18n::Message;
use crate::msg;

#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// The number's text, as sent.
    Number(String),
    String(String),
    Array(Vec<Spanned>),
    Object(Vec<(String, Spanned)>),
}

/// A value and the bytes it occupies in the rendered body.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned {
    pub value: Json,
    pub span: Range<usize>,
}

impl Spanned {
    pub fn get(&self, key: &str) -> Option<&Spanned> {
        match &self.value {
            Json::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// What kind of value it is, for messages ("a string", "una lista"…).
    pub fn kind(&self) -> Message {
        use crate::i18n::json_text::JsonKind;
        match self.value {
            Json::Null => JsonKind::Null,
            Json::Bool(_) => JsonKind::Boolean,
            Json::Number(_) => JsonKind::Number,
            Json::String(_) => JsonKind::String,
            Json::Array(_) => JsonKind::Array,
            Json::Object(_) => JsonKind::Object,
        }
        .message()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Byte offset in the text where the JSON stops making sense.
    pub offset: usize,
    pub message: Message,
}

pub fn parse(text: &str) -> Result<Spanned, SyntaxError> {
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
        lenient: false,
    };
    p.ws();
    let value = p.value()?;
    p.ws();
    if p.pos < p.bytes.len() {
        return p.fail(msg!("json-after-end"));
    }
    Ok(value)
}

/// A second look at a broken body, so the API rules can still be checked: text before the
/// first `{` or after the value is skipped and raw line breaks inside strings are accepted
/// (the syntax errors are reported separately).
pub fn parse_lenient(text: &str) -> Result<Spanned, SyntaxError> {
    let start = text.find(['{', '[']).unwrap_or(0);
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        pos: start,
        depth: 0,
        lenient: true,
    };
    p.value()
}

struct Parser<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    depth: usize,
    lenient: bool,
}

impl Parser<'_> {
    fn fail<T>(&self, message: Message) -> Result<T, SyntaxError> {
        Err(SyntaxError {
            offset: self.pos,
            message,
        })
    }

    fn ws(&mut self) {
        while self.pos < self.bytes.len()
            && matches!(self.bytes[self.pos], b' ' | b'\t' | b'\n' | b'\r')
        {
            self.pos += 1;
        }
    }

    fn value(&mut self) -> Result<Spanned, SyntaxError> {
        let start = self.pos;
        let value = match self.bytes.get(self.pos) {
            None => return self.fail(msg!("json-ends-early")),
            Some(b'{') => self.object()?,
            Some(b'[') => self.array()?,
            Some(b'"') => Json::String(self.string()?),
            Some(b't') => self.word("true", Json::Bool(true))?,
            Some(b'f') => self.word("false", Json::Bool(false))?,
            Some(b'n') => self.word("null", Json::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(_) => {
                let c = self.text[self.pos..].chars().next().unwrap_or(' ');
                return self.fail(msg!("json-cannot-start", character = c.to_string()));
            }
        };
        Ok(Spanned {
            value,
            span: start..self.pos,
        })
    }

    fn word(&mut self, word: &str, value: Json) -> Result<Json, SyntaxError> {
        if self.text[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(value)
        } else {
            self.fail(msg!("json-expected-value"))
        }
    }

    fn number(&mut self) -> Result<Json, SyntaxError> {
        let start = self.pos;
        if self.bytes[self.pos] == b'-' {
            self.pos += 1;
        }
        let digits = |p: &mut Self| {
            let s = p.pos;
            while p.pos < p.bytes.len() && p.bytes[p.pos].is_ascii_digit() {
                p.pos += 1;
            }
            p.pos > s
        };
        if !digits(self) {
            return self.fail(msg!("json-number-digits"));
        }
        if self.bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if !digits(self) {
                return self.fail(msg!("json-decimal-digits"));
            }
        }
        if matches!(self.bytes.get(self.pos), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.bytes.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !digits(self) {
                return self.fail(msg!("json-exponent-digits"));
            }
        }
        Ok(Json::Number(self.text[start..self.pos].to_owned()))
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.text[self.pos..].chars().next() else {
                return self.fail(msg!("json-string-unclosed"));
            };
            match c {
                '"' => {
                    self.pos += 1;
                    return Ok(out);
                }
                '\\' => {
                    let esc = self.bytes.get(self.pos + 1).copied();
                    let ch = match esc {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            let hex = self.text.get(self.pos + 2..self.pos + 6).unwrap_or("");
                            match u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                                Some(ch) => {
                                    out.push(ch);
                                    self.pos += 6;
                                    continue;
                                }
                                None => '\u{FFFD}',
                            }
                        }
                        _ => {
                            return self.fail(msg!("json-bad-escape"));
                        }
                    };
                    out.push(ch);
                    self.pos += 2;
                }
                c if (c as u32) < 0x20 && !self.lenient => {
                    let what = if c == '\n' { "line-break" } else { "control" };
                    return self.fail(msg!("json-raw-in-string", what = what));
                }
                c => {
                    out.push(c);
                    self.pos += c.len_utf8();
                }
            }
        }
    }

    fn enter(&mut self) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > 256 {
            return self.fail(msg!("json-too-deep", depth = 256));
        }
        Ok(())
    }

    fn array(&mut self) -> Result<Json, SyntaxError> {
        self.enter()?;
        self.pos += 1;
        let mut items = Vec::new();
        self.ws();
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Json::Array(items));
        }
        loop {
            self.ws();
            items.push(self.value()?);
            self.ws();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(Json::Array(items));
                }
                _ => return self.fail(msg!("json-array-separator")),
            }
        }
    }

    fn object(&mut self) -> Result<Json, SyntaxError> {
        self.enter()?;
        self.pos += 1;
        let mut members = Vec::new();
        self.ws();
        if self.bytes.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Json::Object(members));
        }
        loop {
            self.ws();
            if self.bytes.get(self.pos) != Some(&b'"') {
                return self.fail(msg!("json-expected-key"));
            }
            let key = self.string()?;
            self.ws();
            if self.bytes.get(self.pos) != Some(&b':') {
                return self.fail(msg!("json-expected-colon", key = key));
            }
            self.pos += 1;
            self.ws();
            members.push((key, self.value()?));
            self.ws();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(Json::Object(members));
                }
                _ => return self.fail(msg!("json-object-separator")),
            }
        }
    }
}

/// Which byte ranges of `text` lie inside JSON string literals, treating `opaque` ranges (the
/// outputs of `{{ … }}`) as content that does not change the lexer's state.
pub fn in_string(text: &str, opaque: &[Range<usize>]) -> Vec<bool> {
    let bytes = text.as_bytes();
    let mut result = Vec::with_capacity(opaque.len());
    let mut inside = false;
    let mut pos = 0;
    for range in opaque {
        let mut i = pos;
        while i < range.start.min(bytes.len()) {
            match bytes[i] {
                b'\\' if inside => i += 1,
                b'"' => inside = !inside,
                _ => {}
            }
            i += 1;
        }
        result.push(inside);
        pos = range.end.max(pos);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_know_their_spans() {
        let text = r#"{"a": [1, "x\"y"], "b": {"c": null}}"#;
        let v = parse(text).unwrap();
        let a = v.get("a").unwrap();
        assert_eq!(&text[a.span.clone()], r#"[1, "x\"y"]"#);
        let Json::Array(items) = &a.value else {
            panic!()
        };
        assert_eq!(items[1].as_str(), Some("x\"y"));
        assert_eq!(v.get("b").unwrap().get("c").unwrap().value, Json::Null);
    }

    #[test]
    fn errors_say_where_and_why() {
        let e = parse("{\"a\": \"line\nbreak\"}").unwrap_err();
        assert_eq!(e.offset, 11);
        assert!(
            e.message.to_string().contains("line break"),
            "{}",
            e.message
        );
        let e = parse("<< Choose one >>\n{}").unwrap_err();
        assert_eq!(e.offset, 0);
        let e = parse(r#"{"a": "x" "b"}"#).unwrap_err();
        assert!(
            e.message.to_string().contains("expected `,` or `}`"),
            "{}",
            e.message
        );
    }

    #[test]
    fn opaque_ranges_inside_strings() {
        let text = r#"{"a": "XX", "b": YY}"#;
        let a = text.find("XX").unwrap();
        let b = text.find("YY").unwrap();
        assert_eq!(in_string(text, &[a..a + 2, b..b + 2]), vec![true, false]);
    }
}
