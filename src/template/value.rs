//! Liquid values as Ruby Liquid sees them, with the user's data read in place.
//!
//! A render never converts its subject: profile fields, custom attributes, contexts and tickets
//! stay `serde_json::Value`s (which keep insertion order) and [`Value::Json`] points into them.
//! Only what a template makes (assigned strings, filter results) is owned, behind an `Rc` so that
//! passing it around copies a pointer. Everything here follows Ruby: `to_s` (floats keep `.0`,
//! hashes print as `{"a"=>1}`), `inspect`, `==` and `<=>`.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt::Write as _;
use std::rc::Rc;

use serde_json::Value as Json;

/// One value. Arrays and hashes from the data stay [`Value::Json`]; scalars are unpacked.
#[derive(Clone, Debug, Default)]
pub enum Value<'a> {
    #[default]
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// A string in the data or the template.
    Str(&'a str),
    /// A string a filter or a tag made.
    String(Rc<str>),
    /// `(a..b)`, inclusive.
    Range(i64, i64),
    Array(Rc<Vec<Value<'a>>>),
    /// A hash a filter made, in insertion order.
    Hash(Rc<Vec<(Rc<str>, Value<'a>)>>),
    /// An array or object of the data, read in place.
    Json(&'a Json),
}

/// `map[key]` for a JSON object of the data. A user profile or a context namespace has a few
/// dozen keys at most: comparing them in turn is cheaper than hashing the key (serde_json's
/// ordered map hashes with SipHash), and renders look up such keys dozens of times. Keys are
/// unique in the map, so the first match is the one `get` finds.
pub fn json_get<'j>(map: &'j serde_json::Map<String, Json>, key: &str) -> Option<&'j Json> {
    if map.len() <= 32 {
        map.iter().find(|(k, _)| k.as_str() == key).map(|(_, v)| v)
    } else {
        map.get(key)
    }
}

/// What kind of value, for filters that branch on it (Ruby's class).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Nil,
    Bool,
    Int,
    Float,
    Str,
    Range,
    Array,
    Hash,
}

impl<'a> Value<'a> {
    /// The data's view of a JSON value: scalars unpacked, containers in place.
    pub fn from_json(json: &'a Json) -> Value<'a> {
        match json {
            Json::Null => Value::Nil,
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(i),
                None => Value::Float(n.as_f64().unwrap_or(0.0)),
            },
            Json::String(s) => Value::Str(s),
            Json::Array(_) | Json::Object(_) => Value::Json(json),
        }
    }

    pub fn string(s: impl Into<Rc<str>>) -> Value<'a> {
        Value::String(s.into())
    }

    pub fn array(items: Vec<Value<'a>>) -> Value<'a> {
        Value::Array(Rc::new(items))
    }

    pub fn kind(&self) -> Kind {
        match self {
            Value::Nil => Kind::Nil,
            Value::Bool(_) => Kind::Bool,
            Value::Int(_) => Kind::Int,
            Value::Float(_) => Kind::Float,
            Value::Str(_) | Value::String(_) => Kind::Str,
            Value::Range(..) => Kind::Range,
            Value::Array(_) => Kind::Array,
            Value::Hash(_) => Kind::Hash,
            Value::Json(Json::Array(_)) => Kind::Array,
            Value::Json(_) => Kind::Hash,
        }
    }

    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Nil)
    }

    /// Ruby truthiness: only `nil` and `false` are false.
    pub fn truthy(&self) -> bool {
        !matches!(self, Value::Nil | Value::Bool(false))
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_array(&self) -> bool {
        self.kind() == Kind::Array
    }

    pub fn is_hash(&self) -> bool {
        self.kind() == Kind::Hash
    }

    /// An array's items (a range's numbers; `None` for anything else).
    pub fn items(&self) -> Option<Vec<Value<'a>>> {
        match self {
            Value::Array(a) => Some(a.as_ref().clone()),
            Value::Json(Json::Array(a)) => Some(a.iter().map(Value::from_json).collect()),
            Value::Range(a, b) => Some((*a..=*b).map(Value::Int).collect()),
            _ => None,
        }
    }

    /// The number of items of an array or a range, entries of a hash.
    pub fn len(&self) -> Option<usize> {
        match self {
            Value::Array(a) => Some(a.len()),
            Value::Hash(h) => Some(h.len()),
            Value::Json(Json::Array(a)) => Some(a.len()),
            Value::Json(Json::Object(o)) => Some(o.len()),
            Value::Range(a, b) => Some(range_len(*a, *b)),
            _ => None,
        }
    }

    /// Item `i` of an array (negative counts from the end), as Ruby's `Array#[]`.
    pub fn index(&self, i: i64) -> Option<Value<'a>> {
        let len = self.len()? as i64;
        let at = if i < 0 { len.checked_add(i)? } else { i };
        if at < 0 || at >= len {
            return None;
        }
        match self {
            Value::Array(a) => a.get(at as usize).cloned(),
            Value::Json(Json::Array(a)) => a.get(at as usize).map(Value::from_json),
            Value::Range(a, _) => Some(Value::Int(a + at)),
            _ => None,
        }
    }

    /// A hash's value at `key`: `Some(Nil)` when the key holds nil, `None` when it is absent.
    pub fn get(&self, key: &str) -> Option<Value<'a>> {
        match self {
            Value::Hash(h) => h
                .iter()
                .rev()
                .find(|(k, _)| k.as_ref() == key)
                .map(|(_, v)| v.clone()),
            Value::Json(Json::Object(o)) => json_get(o, key).map(Value::from_json),
            _ => None,
        }
    }

    /// A hash's entries in insertion order.
    pub fn entries(&self) -> Option<Vec<(Cow<'a, str>, Value<'a>)>> {
        match self {
            Value::Hash(h) => Some(
                h.iter()
                    .map(|(k, v)| (Cow::Owned(k.to_string()), v.clone()))
                    .collect(),
            ),
            Value::Json(Json::Object(o)) => Some(
                o.iter()
                    .map(|(k, v)| (Cow::Borrowed(k.as_str()), Value::from_json(v)))
                    .collect(),
            ),
            _ => None,
        }
    }

    /// Ruby's `to_s`.
    pub fn to_s(&self) -> Cow<'_, str> {
        match self {
            Value::Nil => Cow::Borrowed(""),
            Value::Bool(true) => Cow::Borrowed("true"),
            Value::Bool(false) => Cow::Borrowed("false"),
            Value::Int(i) => Cow::Owned(i.to_string()),
            Value::Float(f) => Cow::Owned(float_to_s(*f)),
            Value::Str(s) => Cow::Borrowed(s),
            Value::String(s) => Cow::Borrowed(s),
            Value::Range(a, b) => Cow::Owned(format!("{a}..{b}")),
            _ => Cow::Owned(self.inspect()),
        }
    }

    /// What `{{ value }}` writes: arrays joined (recursively), nil as nothing, else `to_s`.
    pub fn write_output(&self, out: &mut String) {
        match self {
            Value::Nil => {}
            Value::Str(s) => out.push_str(s),
            Value::String(s) => out.push_str(s),
            // Written in place rather than through a string of its own.
            Value::Int(i) => {
                let _ = write!(out, "{i}");
            }
            Value::Array(a) => {
                for item in a.iter() {
                    item.write_joined(out);
                }
            }
            Value::Json(Json::Array(a)) => {
                for item in a {
                    Value::from_json(item).write_joined(out);
                }
            }
            other => out.push_str(&other.to_s()),
        }
    }

    /// One item of `Array#join`: nested arrays join too, nil is empty.
    fn write_joined(&self, out: &mut String) {
        match self {
            Value::Array(_) | Value::Json(Json::Array(_)) => self.write_output(out),
            other => out.push_str(&other.to_s()),
        }
    }

    /// Ruby's `inspect`.
    pub fn inspect(&self) -> String {
        let mut out = String::new();
        self.write_inspect(&mut out);
        out
    }

    fn write_inspect(&self, out: &mut String) {
        match self {
            Value::Nil => out.push_str("nil"),
            Value::Str(s) => inspect_str(s, out),
            Value::String(s) => inspect_str(s, out),
            Value::Array(_) | Value::Json(Json::Array(_)) => {
                out.push('[');
                for (i, item) in self.items().unwrap_or_default().iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    item.write_inspect(out);
                }
                out.push(']');
            }
            Value::Hash(_) | Value::Json(Json::Object(_)) => {
                out.push('{');
                for (i, (k, v)) in self.entries().unwrap_or_default().iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    inspect_str(k, out);
                    out.push_str("=>");
                    v.write_inspect(out);
                }
                out.push('}');
            }
            other => out.push_str(&other.to_s()),
        }
    }

    /// Ruby's `==`: numbers by value, strings by content, containers item by item.
    pub fn ruby_eq(&self, other: &Value<'_>) -> bool {
        use Value::*;
        match (self, other) {
            (Nil, Nil) => true,
            (Bool(a), Bool(b)) => a == b,
            (Int(a), Int(b)) => a == b,
            (Int(a), Float(b)) | (Float(b), Int(a)) => (*a as f64) == *b,
            (Float(a), Float(b)) => a == b,
            (Range(a, b), Range(c, d)) => a == c && b == d,
            _ => match (self.as_str(), other.as_str()) {
                (Some(a), Some(b)) => a == b,
                (Some(_), None) | (None, Some(_)) => false,
                (None, None) => match (self.kind(), other.kind()) {
                    (Kind::Array, Kind::Array) => {
                        let (a, b) = (self.items(), other.items());
                        match (a, b) {
                            (Some(a), Some(b)) => {
                                a.len() == b.len() && a.iter().zip(&b).all(|(x, y)| x.ruby_eq(y))
                            }
                            _ => false,
                        }
                    }
                    (Kind::Hash, Kind::Hash) => {
                        let (a, b) = (
                            self.entries().unwrap_or_default(),
                            other.entries().unwrap_or_default(),
                        );
                        a.len() == b.len()
                            && a.iter()
                                .all(|(k, v)| b.iter().any(|(k2, v2)| k == k2 && v.ruby_eq(v2)))
                    }
                    _ => false,
                },
            },
        }
    }

    /// Ruby's `<=>`: numbers with numbers, strings with strings (by bytes), arrays item by
    /// item; `None` when the two do not compare.
    pub fn ruby_cmp(&self, other: &Value<'_>) -> Option<Ordering> {
        use Value::*;
        match (self, other) {
            (Int(a), Int(b)) => Some(a.cmp(b)),
            (Int(a), Float(b)) => (*a as f64).partial_cmp(b),
            (Float(a), Int(b)) => a.partial_cmp(&(*b as f64)),
            (Float(a), Float(b)) => a.partial_cmp(b),
            _ => match (self.as_str(), other.as_str()) {
                (Some(a), Some(b)) => Some(a.as_bytes().cmp(b.as_bytes())),
                _ if self.is_array() && other.is_array() => {
                    let (a, b) = (self.items()?, other.items()?);
                    for (x, y) in a.iter().zip(&b) {
                        match x.ruby_cmp(y)? {
                            Ordering::Equal => {}
                            unequal => return Some(unequal),
                        }
                    }
                    Some(a.len().cmp(&b.len()))
                }
                // `Object#<=>`: equal values compare as equal, others not at all.
                _ if self.ruby_eq(other) => Some(Ordering::Equal),
                _ => None,
            },
        }
    }

    /// Ruby's class name, as comparison errors print it.
    pub fn class_name(&self) -> &'static str {
        match self.kind() {
            Kind::Nil => "NilClass",
            Kind::Bool => {
                if self.truthy() {
                    "TrueClass"
                } else {
                    "FalseClass"
                }
            }
            Kind::Int => "Integer",
            Kind::Float => "Float",
            Kind::Str => "String",
            Kind::Range => "Range",
            Kind::Array => "Array",
            Kind::Hash => "Hash",
        }
    }

    /// ActiveSupport's `blank?` (Braze's definition): nil, false, empty or whitespace-only
    /// strings, empty arrays and hashes.
    pub fn is_blank(&self) -> bool {
        match self {
            Value::Nil | Value::Bool(false) => true,
            Value::Str(_) | Value::String(_) => self
                .as_str()
                .is_some_and(|s| s.chars().all(is_unicode_space)),
            _ => self.len() == Some(0) && !matches!(self, Value::Range(..)),
        }
    }

    /// Ruby's `empty?`: `None` for values without one (numbers, nil, booleans).
    pub fn is_empty(&self) -> Option<bool> {
        match self {
            Value::Str(_) | Value::String(_) => self.as_str().map(str::is_empty),
            Value::Array(_) | Value::Hash(_) | Value::Json(_) => self.len().map(|n| n == 0),
            _ => None,
        }
    }

    /// A rough size in bytes, for the assign budget (Ruby's `assign_score_of`).
    pub fn score(&self) -> usize {
        match self {
            Value::Str(s) => s.len(),
            Value::String(s) => s.len(),
            Value::Array(_) | Value::Json(Json::Array(_)) => {
                1 + self
                    .items()
                    .unwrap_or_default()
                    .iter()
                    .map(Value::score)
                    .sum::<usize>()
            }
            Value::Hash(_) | Value::Json(Json::Object(_)) => {
                1 + self
                    .entries()
                    .unwrap_or_default()
                    .iter()
                    .map(|(k, v)| k.len() + v.score())
                    .sum::<usize>()
            }
            _ => 1,
        }
    }

    /// The value as JSON (ranges as arrays, non-finite floats as null).
    pub fn to_json(&self) -> Json {
        match self {
            Value::Nil => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Int(i) => Json::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
            Value::Str(s) => Json::String((*s).to_owned()),
            Value::String(s) => Json::String(s.to_string()),
            Value::Json(j) => (*j).clone(),
            Value::Range(..) | Value::Array(_) => Json::Array(
                self.items()
                    .unwrap_or_default()
                    .iter()
                    .map(Value::to_json)
                    .collect(),
            ),
            Value::Hash(h) => Json::Object(
                h.iter()
                    .map(|(k, v)| (k.to_string(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

/// Items in `a..=b` (0 when `b < a`), saturating.
pub fn range_len(a: i64, b: i64) -> usize {
    if b < a {
        0
    } else {
        usize::try_from((b as i128 - a as i128 + 1).min(usize::MAX as i128)).unwrap_or(usize::MAX)
    }
}

/// Ruby's `[[:space:]]`, which ActiveSupport's `blank?` uses.
fn is_unicode_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{200b}' || c == '\u{180e}'
}

/// Ruby's whitespace for `strip`, `split(' ')` and whitespace control: ASCII only, and NUL.
pub fn is_ruby_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r')
}

/// Ruby's `String#strip`.
pub fn ruby_strip(s: &str) -> &str {
    ruby_rstrip(ruby_lstrip(s))
}

pub fn ruby_lstrip(s: &str) -> &str {
    s.trim_start_matches(|c| is_ruby_space(c) || c == '\0')
}

pub fn ruby_rstrip(s: &str) -> &str {
    s.trim_end_matches(|c| is_ruby_space(c) || c == '\0')
}

/// Ruby's `String#inspect`.
fn inspect_str(s: &str, out: &mut String) {
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\x1b' => out.push_str("\\e"),
            '\x0c' => out.push_str("\\f"),
            '\x0b' => out.push_str("\\v"),
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '#' if matches!(chars.peek(), Some('{' | '$' | '@')) => out.push_str("\\#"),
            c if (c as u32) < 0x20
                || (0x7f..=0x9f).contains(&(c as u32))
                || c == '\u{2028}'
                || c == '\u{2029}' =>
            {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Ruby's `Float#to_s`: the shortest digits that read back, fixed between 1e-4 and 1e16,
/// else `1.0e+16`; always a `.0` on whole numbers; `Infinity`, `-Infinity`, `NaN`.
pub fn float_to_s(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0.0" } else { "0.0" }.into();
    }
    // `{:e}` gives the shortest round-trip digits: d.ddddde±x.
    let sci = format!("{:e}", f.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if f < 0.0 { "-" } else { "" };
    // Ruby's decpt: the value is 0.DIGITS × 10^decpt.
    let decpt = exp + 1;
    if -4 < decpt && decpt <= 15 {
        if decpt <= 0 {
            format!("{sign}0.{}{digits}", "0".repeat((-decpt) as usize))
        } else if digits.len() as i32 <= decpt {
            format!(
                "{sign}{digits}{}.0",
                "0".repeat((decpt - digits.len() as i32) as usize)
            )
        } else {
            let (int, frac) = digits.split_at(decpt as usize);
            format!("{sign}{int}.{frac}")
        }
    } else {
        let (first, rest) = digits.split_at(1);
        let rest = if rest.is_empty() { "0" } else { rest };
        let e = decpt - 1;
        format!(
            "{sign}{first}.{rest}e{}{:02}",
            if e < 0 { '-' } else { '+' },
            e.abs()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn floats_print_as_ruby_prints_them() {
        for (f, s) in [
            (3.998, "3.998"),
            (1e-5, "1.0e-05"),
            (0.0001, "0.0001"),
            (1e14, "100000000000000.0"),
            (1e15, "1.0e+15"),
            (1234567890123456.0, "1.234567890123456e+15"),
            (123456789012345.0, "123456789012345.0"),
            (5.0, "5.0"),
            (-2.5, "-2.5"),
            (0.1 + 0.2, "0.30000000000000004"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
            (1.2345678901234567e19, "1.2345678901234567e+19"),
        ] {
            assert_eq!(float_to_s(f), s, "{f}");
        }
    }

    #[test]
    fn hashes_keep_their_order_and_print_as_ruby() {
        let data = json!({"b": 1, "a": [1, 2.0, null], "c": {"d": "e\"f"}});
        let v = Value::from_json(&data);
        assert_eq!(
            v.to_s(),
            r#"{"b"=>1, "a"=>[1, 2.0, nil], "c"=>{"d"=>"e\"f"}}"#
        );
        let keys: Vec<String> = v
            .entries()
            .unwrap()
            .into_iter()
            .map(|(k, _)| k.into_owned())
            .collect();
        assert_eq!(keys, ["b", "a", "c"]);
    }

    #[test]
    fn output_joins_arrays_and_drops_nil() {
        let data = json!([1, [2, null, [3]], {"a": 1}]);
        let mut out = String::new();
        Value::from_json(&data).write_output(&mut out);
        assert_eq!(out, r#"123{"a"=>1}"#);
    }

    #[test]
    fn inspect_escapes_like_ruby() {
        assert_eq!(
            Value::Str("x\u{1}\u{7f}\x1b#{1}\t\u{2028}é").inspect(),
            r#""x\u0001\u007F\e\#{1}\t\u2028é""#
        );
    }
}
