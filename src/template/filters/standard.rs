//! Liquid's standard filters exactly as Shopify's Ruby Liquid 5.4 (`StandardFilters`) runs
//! them, and the newer ones (`sum`, `has`, `find`, …) for the plain-Liquid dialect.
//!
//! One concern, over 900 lines: Ruby's one `StandardFilters` module, about eighty short
//! functions in its sections (strings, arrays, numbers, the newer ones) sharing its coercions;
//! Braze's filters and the date filters already live apart.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::rc::Rc;

use super::super::Dialect;
use super::super::error::LiquidError;
use super::super::number::{self, Num, Op};
use super::super::value::{Kind, Value, ruby_lstrip, ruby_rstrip, ruby_strip};
use super::{Call, Failure, Result};

fn text<'a>(c: &Call<'a, '_>) -> String {
    c.input.to_s().into_owned()
}

/// `Utils.to_integer`: Integers as they are, anything else through `Integer(to_s)`.
pub fn to_integer(v: &Value<'_>) -> std::result::Result<i64, Failure> {
    match v {
        Value::Int(i) => Ok(*i),
        other => number::strict_integer(&other.to_s())
            .ok_or(Failure::Liquid(LiquidError::InvalidInteger)),
    }
}

// -- strings --------------------------------------------------------------------------------

pub fn size<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    Ok(Value::Int(match &c.input {
        Value::Str(_) | Value::String(_) => {
            c.input.as_str().map_or(0, |s| s.chars().count()) as i64
        }
        // Integer#size is the machine word's bytes.
        Value::Int(_) => 8,
        other => other.len().map_or(0, |n| n as i64),
    }))
}

/// A string input that a case change leaves as it is (ASCII, no letter of the other case) is
/// its own answer, kept in place rather than copied.
fn unchanged_case<'a>(c: &Call<'a, '_>, other_case: fn(&u8) -> bool) -> Option<Value<'a>> {
    let s = c.input.as_str()?;
    (s.is_ascii() && !s.as_bytes().iter().any(other_case)).then(|| c.input.clone())
}

/// A short ASCII text with its case changed byte by byte (`map` gets each byte's index),
/// made into the render's string with one allocation; `None` for longer or other text, which
/// the filter changes the general way (for ASCII, both give the same bytes).
fn ascii_case<'a>(c: &Call<'a, '_>, s: &str, map: impl Fn(usize, u8) -> u8) -> Option<Result<'a>> {
    const SHORT: usize = 64;
    if s.len() > SHORT || !s.is_ascii() {
        return None;
    }
    let mut buf = [0u8; SHORT];
    for (i, (to, b)) in buf.iter_mut().zip(s.bytes()).enumerate() {
        *to = map(i, b);
    }
    let text = std::str::from_utf8(&buf[..s.len()]).ok()?;
    Some(
        c.check_bytes(text.len())
            .map(|()| Value::String(Rc::from(text))),
    )
}

pub fn downcase<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    if let Some(same) = unchanged_case(c, u8::is_ascii_uppercase) {
        c.check_bytes(same.as_str().map_or(0, str::len))?;
        return Ok(same);
    }
    let s = c.input.to_s();
    if let Some(done) = ascii_case(c, &s, |_, b| b.to_ascii_lowercase()) {
        return done;
    }
    c.string(s.to_lowercase())
}

pub fn upcase<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    if let Some(same) = unchanged_case(c, u8::is_ascii_lowercase) {
        c.check_bytes(same.as_str().map_or(0, str::len))?;
        return Ok(same);
    }
    let s = c.input.to_s();
    if let Some(done) = ascii_case(c, &s, |_, b| b.to_ascii_uppercase()) {
        return done;
    }
    c.string(s.to_uppercase())
}

/// Ruby's `capitalize`: the first character up, the rest down.
pub fn capitalize<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    let s = c.input.to_s();
    let capital = |i: usize, b: u8| {
        if i == 0 {
            b.to_ascii_uppercase()
        } else {
            b.to_ascii_lowercase()
        }
    };
    if let Some(done) = ascii_case(c, &s, capital) {
        return done;
    }
    let mut chars = s.chars();
    let out = match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.as_str().to_lowercase().chars())
            .collect(),
        None => String::new(),
    };
    c.string(out)
}

pub fn escape<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    if c.input.is_nil() {
        return Ok(Value::Nil);
    }
    let s = text(c);
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            ch => out.push(ch),
        }
    }
    c.string(out)
}

/// `escape_once`: like `escape`, leaving existing entities (`&amp;`, `&#39;`) alone.
pub fn escape_once<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    let s = text(c);
    let mut out = String::with_capacity(s.len());
    for (i, ch) in s.char_indices() {
        match ch {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '&' if !is_entity(&s[i + 1..]) => out.push_str("&amp;"),
            ch => out.push(ch),
        }
    }
    c.string(out)
}

/// `&(?!([a-zA-Z]+|(#\d+));)`: what follows an `&` that is an entity already.
fn is_entity(rest: &str) -> bool {
    let b = rest.as_bytes();
    let (digits, start) = if b.first() == Some(&b'#') {
        (true, 1)
    } else {
        (false, 0)
    };
    let n = b[start..]
        .iter()
        .take_while(|c| {
            if digits {
                c.is_ascii_digit()
            } else {
                c.is_ascii_alphabetic()
            }
        })
        .count();
    n > 0 && b.get(start + n) == Some(&b';')
}

/// `CGI.escape`: unreserved characters kept, space as `+`, the rest `%XX`.
pub fn url_encode<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    if c.input.is_nil() {
        return Ok(Value::Nil);
    }
    let s = text(c);
    let escaped = crate::percent::encode_except(&s, super::braze::CGI_ESCAPE).replace("%20", "+");
    c.string(escaped)
}

/// `CGI.unescape`: `+` is a space, `%XX` a byte; the result must be UTF-8.
pub fn url_decode<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    if c.input.is_nil() {
        return Ok(Value::Nil);
    }
    let s = text(c).replace('+', " ");
    let bytes: Vec<u8> = percent_encoding::percent_decode_str(&s).collect();
    match String::from_utf8(bytes) {
        Ok(s) => c.string(s),
        Err(_) => Err(LiquidError::InvalidUtf8 {
            filter: "url_decode".into(),
        }
        .into()),
    }
}

fn base64_encode_with<'a>(
    c: &mut Call<'a, '_>,
    engine: base64::engine::GeneralPurpose,
) -> Result<'a> {
    use base64::Engine as _;
    let s = engine.encode(text(c).as_bytes());
    c.string(s)
}

fn base64_decode_with<'a>(
    c: &mut Call<'a, '_>,
    engine: base64::engine::GeneralPurpose,
    name: &str,
) -> Result<'a> {
    use base64::Engine as _;
    match engine.decode(text(c).as_bytes()) {
        Ok(bytes) => c.string(String::from_utf8_lossy(&bytes).into_owned()),
        Err(_) => Err(LiquidError::InvalidBase64 {
            filter: name.to_owned(),
        }
        .into()),
    }
}

pub fn base64_encode<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    base64_encode_with(c, base64::engine::general_purpose::STANDARD)
}

pub fn base64_decode<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    base64_decode_with(
        c,
        base64::engine::general_purpose::STANDARD,
        "base64_decode",
    )
}

pub fn base64_url_safe_encode<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    base64_encode_with(c, base64::engine::general_purpose::URL_SAFE)
}

/// `Base64.urlsafe_decode64`: text without its `=` padding is padded, `-` and `_` read as `+`
/// and `/`, then decoded strictly, so both alphabets are read (`8J+OiQ==` and `8J-OiQ`).
pub fn base64_url_safe_decode<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    use base64::Engine as _;
    let mut s = text(c);
    if !s.ends_with('=') && !s.len().is_multiple_of(4) {
        let padded = (s.len() + 3) & !3;
        s.extend(std::iter::repeat_n('=', padded - s.len()));
    }
    let s = s.replace('-', "+").replace('_', "/");
    match base64::engine::general_purpose::STANDARD.decode(s.as_bytes()) {
        Ok(bytes) => c.string(String::from_utf8_lossy(&bytes).into_owned()),
        Err(_) => Err(LiquidError::InvalidBase64 {
            filter: "base64_url_safe_decode".to_owned(),
        }
        .into()),
    }
}

/// Ruby's `slice(start, length)` on a string or an array: characters, not bytes.
pub fn slice<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    let offset = to_integer(&c.arg(0))?;
    let length = match c.args.get(1) {
        None | Some(Value::Nil) => 1,
        Some(l) => to_integer(l)?,
    };
    let window = |n: usize| -> Option<(usize, usize)> {
        let n = n as i64;
        let start = if offset < 0 {
            n.checked_add(offset)?
        } else {
            offset
        };
        if start < 0 || start > n || length < 0 {
            return None;
        }
        Some((start as usize, start.saturating_add(length).min(n) as usize))
    };
    if c.input.kind() == Kind::Array && !matches!(c.input, Value::Range(..)) {
        let items = c.items(&c.input.clone())?;
        return Ok(Value::array(match window(items.len()) {
            Some((s, e)) => items[s..e].to_vec(),
            None => Vec::new(),
        }));
    }
    let s = text(c);
    let chars: Vec<char> = s.chars().collect();
    c.string(match window(chars.len()) {
        Some((s, e)) => chars[s..e].iter().collect(),
        None => String::new(),
    })
}

pub fn truncate<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    if c.input.is_nil() {
        return Ok(Value::Nil);
    }
    let s = text(c);
    let length = match c.args.first() {
        None => 50,
        Some(l) => to_integer(l)?,
    };
    let ending = c.text_arg(1, "...");
    let len = s.chars().count() as i64;
    if len <= length {
        return c.string(s);
    }
    let keep = length.saturating_sub(ending.chars().count() as i64).max(0) as usize;
    let mut out: String = s.chars().take(keep).collect();
    out.push_str(&ending);
    c.string(out)
}

/// Ruby's `split(" ", limit)`: words separated by runs of ASCII whitespace, leading ones
/// ignored; the last field keeps the rest of the text.
fn awk_split(s: &str, limit: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = ruby_lstrip_spaces(s);
    while !rest.is_empty() {
        if limit > 0 && out.len() + 1 == limit {
            out.push(rest);
            return out;
        }
        let end = rest
            .find(|c: char| c.is_ascii() && super::super::syntax::is_space(c as u8))
            .unwrap_or(rest.len());
        out.push(&rest[..end]);
        let separated = end < rest.len();
        rest = ruby_lstrip_spaces(&rest[end..]);
        // With a limit, the field after the last separator is kept even when empty.
        if separated && rest.is_empty() && limit > 0 && out.len() + 1 == limit {
            out.push(rest);
        }
    }
    out
}

fn ruby_lstrip_spaces(s: &str) -> &str {
    s.trim_start_matches(|c: char| c.is_ascii() && super::super::syntax::is_space(c as u8))
}

pub fn truncatewords<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    if c.input.is_nil() {
        return Ok(Value::Nil);
    }
    let s = text(c);
    let words = match c.args.first() {
        None => 15,
        Some(w) => to_integer(w)?,
    }
    .max(1);
    let limit = usize::try_from(words.saturating_add(1)).unwrap_or(usize::MAX);
    let mut list = awk_split(&s, limit);
    if list.len() as i64 <= words {
        return c.string(s);
    }
    list.pop();
    let mut out = list.join(" ");
    out.push_str(&c.text_arg(1, "..."));
    c.string(out)
}

/// Ruby's `String#split` with a string pattern.
pub fn split<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    let s = text(c);
    let pattern = c.arg(0).to_s().into_owned();
    let parts: Vec<&str> = if pattern == " " {
        awk_split(&s, 0)
    } else if pattern.is_empty() {
        s.char_indices()
            .map(|(i, ch)| &s[i..i + ch.len_utf8()])
            .collect()
    } else {
        let mut parts: Vec<&str> = s.split(pattern.as_str()).collect();
        while parts.last().is_some_and(|p| p.is_empty()) {
            parts.pop();
        }
        parts
    };
    c.check_bytes(parts.len().saturating_mul(8))?;
    Ok(Value::array(parts.into_iter().map(Value::string).collect()))
}

pub fn strip<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    match &c.input {
        // The data's text (or the template's) stripped in place: a narrower slice of it.
        Value::Str(s) => {
            let stripped = ruby_strip(s);
            c.check_bytes(stripped.len())?;
            Ok(Value::Str(stripped))
        }
        // A string the render made, with nothing to strip, is its own answer.
        Value::String(s) if ruby_strip(s).len() == s.len() => {
            c.check_bytes(s.len())?;
            Ok(c.input.clone())
        }
        _ => {
            let s = c.input.to_s();
            c.string(ruby_strip(&s).to_owned())
        }
    }
}

pub fn lstrip<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    let s = text(c);
    c.string(ruby_lstrip(&s).to_owned())
}

pub fn rstrip<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    let s = text(c);
    c.string(ruby_rstrip(&s).to_owned())
}

/// Removes `<script>…</script>`, `<!--…-->`, `<style>…</style>`, then every `<…>`.
pub fn strip_html<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    let s = text(c);
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    // STRIP_HTML_BLOCKS, leftmost first (the regex union tries each alternative at each position).
    // A closer that is not in the rest of the text is in no later rest either: once a search for
    // it fails it is not made again, so an unclosed `<script` repeated is linear, not quadratic.
    const BLOCKS: [(&str, &str); 3] = [
        ("<script", "</script>"),
        ("<!--", "-->"),
        ("<style", "</style>"),
    ];
    let mut unclosed = [false; 3];
    let mut opened = 0usize;
    while let Some(i) = rest.find('<') {
        opened += 1;
        c.tick(opened)?;
        let tail = &rest[i..];
        let mut end = None;
        for (k, (open, close)) in BLOCKS.iter().enumerate() {
            if unclosed[k] || !tail.starts_with(open) {
                continue;
            }
            match tail[open.len()..].find(close) {
                Some(j) => {
                    end = Some(open.len() + j + close.len());
                    break;
                }
                None => unclosed[k] = true,
            }
        }
        match end {
            Some(end) => {
                out.push_str(&rest[..i]);
                rest = &tail[end..];
            }
            None => {
                out.push_str(&rest[..=i]);
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    // STRIP_HTML_TAGS: `<.*?>`
    let mut result = String::with_capacity(out.len());
    let mut rest = out.as_str();
    while let Some(i) = rest.find('<') {
        match rest[i..].find('>') {
            Some(j) => {
                result.push_str(&rest[..i]);
                rest = &rest[i + j + 1..];
            }
            None => break,
        }
    }
    result.push_str(rest);
    c.string(result)
}

pub fn strip_newlines<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    let s = text(c);
    c.string(s.replace("\r\n", "").replace('\n', ""))
}

pub fn newline_to_br<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    let s = text(c);
    let out = s.replace("\r\n", "\n").replace('\n', "<br />\n");
    c.string(out)
}

/// Ruby's substitution text: `\\` is a backslash, `\0` and `\&` the match, `` \` `` and `\'`
/// the text before and after it, `\1`…`\9` nothing (a string pattern has no groups).
fn expand_replacement(replacement: &str, s: &str, at: usize, len: usize) -> String {
    if !replacement.contains('\\') {
        return replacement.to_owned();
    }
    let mut out = String::new();
    let mut chars = replacement.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch != '\\' {
            out.push(ch);
            continue;
        }
        match chars.peek().copied() {
            Some('\\') => {
                chars.next();
                out.push('\\');
            }
            Some('0') | Some('&') => {
                chars.next();
                out.push_str(&s[at..at + len]);
            }
            Some('`') => {
                chars.next();
                out.push_str(&s[..at]);
            }
            Some('\'') => {
                chars.next();
                out.push_str(&s[at + len..]);
            }
            Some(d) if d.is_ascii_digit() => {
                chars.next();
            }
            _ => out.push('\\'),
        }
    }
    out
}

fn substitute<'a>(c: &mut Call<'a, '_>, all: bool) -> Result<'a> {
    let s = text(c);
    let needle = c.arg(0).to_s().into_owned();
    let replacement = c.text_arg(1, "");
    let mut out = String::new();
    let mut last = 0;
    if needle.is_empty() {
        // `gsub("")` matches before every character and at the end.
        let positions: Vec<usize> = s
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(s.len()))
            .take(if all { usize::MAX } else { 1 })
            .collect();
        c.check_bytes(
            s.len()
                .saturating_add(positions.len().saturating_mul(replacement.len())),
        )?;
        for at in positions {
            out.push_str(&s[last..at]);
            out.push_str(&expand_replacement(&replacement, &s, at, 0));
            last = at;
        }
        out.push_str(&s[last..]);
        return c.string(out);
    }
    let matches: Vec<usize> = s
        .match_indices(needle.as_str())
        .map(|(i, _)| i)
        .take(if all { usize::MAX } else { 1 })
        .collect();
    c.check_bytes(
        s.len()
            .saturating_add(matches.len().saturating_mul(replacement.len())),
    )?;
    for at in matches {
        out.push_str(&s[last..at]);
        out.push_str(&expand_replacement(&replacement, &s, at, needle.len()));
        last = at + needle.len();
    }
    out.push_str(&s[last..]);
    c.string(out)
}

pub fn replace<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    substitute(c, true)
}

pub fn replace_first<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    substitute(c, false)
}

pub fn remove<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    c.args.truncate(1);
    substitute(c, true)
}

pub fn remove_first<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    c.args.truncate(1);
    substitute(c, false)
}

/// `replace_last`: a plain text replacement of the last occurrence (no `\` sequences).
pub fn replace_last<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    let s = text(c);
    let needle = c.arg(0).to_s().into_owned();
    let replacement = c.text_arg(1, "");
    match s.rfind(needle.as_str()) {
        Some(i) => {
            c.check_bytes(s.len() + replacement.len())?;
            c.string(format!(
                "{}{replacement}{}",
                &s[..i],
                &s[i + needle.len()..]
            ))
        }
        None => c.string(s),
    }
}

pub fn remove_last<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    c.args.truncate(1);
    c.args.push(Value::Str(""));
    replace_last(c)
}

pub fn append<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    let (a, b) = (c.input.to_s(), c.arg(0));
    let b = b.to_s();
    c.check_bytes(a.len().saturating_add(b.len()))?;
    let s = format!("{a}{b}");
    c.string(s)
}

pub fn prepend<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    let (a, b) = (c.input.to_s(), c.arg(0));
    let b = b.to_s();
    c.check_bytes(a.len().saturating_add(b.len()))?;
    let s = format!("{b}{a}");
    c.string(s)
}

// -- arrays ---------------------------------------------------------------------------------

/// Ruby's `InputIterator`: arrays flattened, a hash as one item, ranges listed, nil as
/// nothing, anything else as one item.
pub fn input_items<'a>(
    c: &Call<'a, '_>,
    v: &Value<'a>,
) -> std::result::Result<Vec<Value<'a>>, Failure> {
    match v.kind() {
        Kind::Nil => Ok(Vec::new()),
        Kind::Array => {
            let mut out = Vec::new();
            flatten_into(c.items(v)?, &mut out, c)?;
            Ok(out)
        }
        Kind::Range => c.items(v),
        _ => Ok(vec![v.clone()]),
    }
}

fn flatten_into<'a>(
    items: Vec<Value<'a>>,
    out: &mut Vec<Value<'a>>,
    c: &Call<'a, '_>,
) -> std::result::Result<(), Failure> {
    for item in items {
        if item.kind() == Kind::Array && !matches!(item, Value::Range(..)) {
            flatten_into(c.items(&item)?, out, c)?;
        } else {
            out.push(item);
        }
        c.check_bytes(out.len().saturating_mul(8))?;
    }
    Ok(())
}

pub fn join<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    let items = input_items(c, &c.input.clone())?;
    let glue = c.text_arg(0, " ");
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(&glue);
        }
        out.push_str(&item.to_s());
        c.check_bytes(out.len())?;
    }
    c.string(out)
}

/// Ruby's `nil_safe_compare`: `<=>`, nil after everything, else an error.
fn nil_safe_compare(a: &Value<'_>, b: &Value<'_>) -> std::result::Result<Ordering, Failure> {
    if let Some(o) = a.ruby_cmp(b) {
        return Ok(o);
    }
    match (a.is_nil(), b.is_nil()) {
        (true, true) => Ok(Ordering::Equal),
        (true, false) => Ok(Ordering::Greater),
        (false, true) => Ok(Ordering::Less),
        _ => Err(LiquidError::IncompatibleSort.into()),
    }
}

/// `casecmp`'s view of a text (Ruby's `nil_safe_casecmp` compares `to_s` so, nil last): ASCII
/// letters folded to lower case, bytes compared.
fn casefold(s: &str) -> Vec<u8> {
    s.bytes().map(|b| b.to_ascii_lowercase()).collect()
}

/// `item[property]` in Ruby for the kinds of item Liquid sees.
enum Fetched<'a> {
    Value(Value<'a>),
    /// nil, booleans and floats have no `[]` (`NoMethodError`).
    NoMethod,
}

fn fetch<'a>(item: &Value<'a>, property: &Value<'a>) -> std::result::Result<Fetched<'a>, Failure> {
    let property_error = || {
        Failure::Liquid(LiquidError::PropertyNotSelectable {
            property: property.to_s().into_owned(),
        })
    };
    match item.kind() {
        Kind::Hash => Ok(Fetched::Value(match property.as_str() {
            Some(key) => item.get(key).unwrap_or_default(),
            // A hash from JSON only has string keys.
            None => Value::Nil,
        })),
        Kind::Array => match property {
            Value::Int(i) => Ok(Fetched::Value(item.index(*i).unwrap_or_default())),
            Value::Float(f) => Ok(Fetched::Value(item.index(*f as i64).unwrap_or_default())),
            _ => Err(property_error()),
        },
        Kind::Str => {
            let s = item.as_str().unwrap_or_default();
            match property {
                Value::Str(_) | Value::String(_) => {
                    let needle = property.as_str().unwrap_or_default();
                    Ok(Fetched::Value(if s.contains(needle) {
                        Value::string(needle)
                    } else {
                        Value::Nil
                    }))
                }
                Value::Int(i) => {
                    let chars: Vec<char> = s.chars().collect();
                    let at = if *i < 0 { chars.len() as i64 + i } else { *i };
                    Ok(Fetched::Value(
                        usize::try_from(at)
                            .ok()
                            .and_then(|at| chars.get(at))
                            .map(|ch| Value::string(ch.to_string()))
                            .unwrap_or_default(),
                    ))
                }
                _ => Err(property_error()),
            }
        }
        // Integer#[] is a bit reference: an integer index gives 0 or 1, anything else a TypeError.
        Kind::Int => match (item, property) {
            (Value::Int(n), Value::Int(i)) => {
                Ok(Fetched::Value(Value::Int(if (0..64).contains(i) {
                    (n >> i) & 1
                } else {
                    i64::from(*n < 0 && *i >= 64)
                })))
            }
            _ => Err(property_error()),
        },
        _ => Ok(Fetched::NoMethod),
    }
}

fn sort_with<'a>(c: &mut Call<'a, '_>, natural: bool) -> Result<'a> {
    let mut items = input_items(c, &c.input.clone())?;
    if items.is_empty() {
        return Ok(Value::array(Vec::new()));
    }
    let property = c.arg(0);
    if !property.is_nil()
        && items
            .iter()
            .any(|i| matches!(i.kind(), Kind::Nil | Kind::Bool | Kind::Float | Kind::Range))
    {
        // `elsif ary.all? { |el| el.respond_to?(:[]) }`: otherwise the filter gives nil.
        return Ok(Value::Nil);
    }
    // One item is never compared, so never looked into.
    if items.len() < 2 {
        return Ok(Value::array(items));
    }
    let keys: Vec<Value<'a>> = if property.is_nil() {
        items.clone()
    } else {
        let mut keys = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            c.tick(i)?;
            match fetch(item, &property)? {
                Fetched::Value(v) => keys.push(v),
                Fetched::NoMethod => return Ok(Value::Nil),
            }
        }
        keys
    };
    // `casecmp`'s folded text, made once for each key rather than at each comparison.
    let folded: Vec<Option<Vec<u8>>> = if natural {
        let mut folded = Vec::with_capacity(keys.len());
        for (i, k) in keys.iter().enumerate() {
            c.tick(i)?;
            folded.push((!k.is_nil()).then(|| casefold(&k.to_s())));
        }
        folded
    } else {
        Vec::new()
    };
    let mut order: Vec<usize> = (0..items.len()).collect();
    let mut failure = None;
    let mut compared = 0usize;
    glibc_merge_sort(&mut order, &mut |a: &usize, b: &usize| {
        // The clock, between comparisons: the sort stops (and is then abandoned) past the limit.
        compared += 1;
        if failure.is_none()
            && let Err(e) = c.tick(compared)
        {
            failure = Some(e);
        }
        if failure.is_some() {
            return Ordering::Equal;
        }
        if natural {
            return match (&folded[*a], &folded[*b]) {
                (Some(x), Some(y)) => x.cmp(y),
                (None, _) => Ordering::Greater,
                (Some(_), None) => Ordering::Less,
            };
        }
        match nil_safe_compare(&keys[*a], &keys[*b]) {
            Ok(o) => o,
            Err(e) => {
                failure.get_or_insert(e);
                Ordering::Equal
            }
        }
    });
    if let Some(e) = failure {
        return Err(e);
    }
    let sorted: Vec<Value<'a>> = order
        .into_iter()
        .map(|i| std::mem::take(&mut items[i]))
        .collect();
    Ok(Value::array(sorted))
}

pub fn sort<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    sort_with(c, false)
}

pub fn sort_natural<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    sort_with(c, true)
}

/// Ruby sorts with the C library's `qsort_r`, which glibc implements as this top-down merge sort.
/// Ruby Liquid's comparators are not always consistent (`nil_safe_casecmp` says a nil is after
/// another nil), so the order of equal and nil keys is the algorithm's: this is the same one.
fn glibc_merge_sort<T: Copy>(items: &mut [T], cmp: &mut dyn FnMut(&T, &T) -> Ordering) {
    let n = items.len();
    if n <= 1 {
        return;
    }
    let (n1, _) = (n / 2, n - n / 2);
    glibc_merge_sort(&mut items[..n1], cmp);
    glibc_merge_sort(&mut items[n1..], cmp);
    let mut merged = Vec::with_capacity(n);
    let (mut i, mut j) = (0, n1);
    while i < n1 && j < n {
        if cmp(&items[i], &items[j]) != Ordering::Greater {
            merged.push(items[i]);
            i += 1;
        } else {
            merged.push(items[j]);
            j += 1;
        }
    }
    merged.extend_from_slice(&items[i..n1]);
    merged.extend_from_slice(&items[j..]);
    items.copy_from_slice(&merged);
}

/// `where`, `compact` and `uniq` with a property: `item[property]` for each item; a nil or
/// boolean item makes the whole filter nil (Ruby's `NoMethodError` rescue).
fn properties<'a>(
    c: &Call<'a, '_>,
    items: &[Value<'a>],
    property: &Value<'a>,
) -> std::result::Result<Option<Vec<Value<'a>>>, Failure> {
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        c.tick(i)?;
        match fetch(item, property)? {
            Fetched::Value(v) => out.push(v),
            Fetched::NoMethod => return Ok(None),
        }
    }
    Ok(Some(out))
}

pub fn where_<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    let items = input_items(c, &c.input.clone())?;
    if items.is_empty() {
        return Ok(Value::array(Vec::new()));
    }
    let (property, target) = (c.arg(0), c.arg(1));
    let Some(values) = properties(c, &items, &property)? else {
        return Ok(Value::Nil);
    };
    let kept = items
        .into_iter()
        .zip(values)
        .filter(|(_, v)| {
            if target.is_nil() {
                v.truthy()
            } else {
                v.ruby_eq(&target)
            }
        })
        .map(|(i, _)| i)
        .collect();
    Ok(Value::array(kept))
}

/// Ruby's `eql?` (what `uniq` uses): `1` and `1.0` differ.
fn ruby_eql(a: &Value<'_>, b: &Value<'_>) -> bool {
    match (a, b) {
        (Value::Int(_), Value::Float(_)) | (Value::Float(_), Value::Int(_)) => false,
        _ => a.ruby_eq(b),
    }
}

pub fn uniq<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    let items = input_items(c, &c.input.clone())?;
    let property = c.arg(0);
    let keys = if property.is_nil() {
        items.clone()
    } else if items.is_empty() {
        return Ok(Value::array(Vec::new()));
    } else {
        match properties(c, &items, &property)? {
            Some(keys) => keys,
            None => return Ok(Value::Nil),
        }
    };
    // Ruby's `Array#uniq` hashes; so does this: keys that are `eql?` hash alike, and only the
    // keys in one bucket are compared, so the filter is linear in its input.
    let mut seen: HashMap<u64, Vec<usize>> = HashMap::with_capacity(keys.len());
    let mut kept = Vec::new();
    for (i, (item, key)) in items.iter().zip(&keys).enumerate() {
        c.tick(i)?;
        let bucket = seen.entry(eq_hash(key)).or_default();
        if !bucket.iter().any(|&j| ruby_eql(&keys[j], key)) {
            bucket.push(i);
            kept.push(item.clone());
        }
    }
    Ok(Value::array(kept))
}

/// A hash under which values that are `ruby_eq` (and so `ruby_eql`) are equal: numbers by their
/// value as a float (`1 == 1.0`, `0.0 == -0.0`), strings by their text, arrays item by item,
/// hashes whatever the order of their keys.
fn eq_hash(v: &Value<'_>) -> u64 {
    let mut h = DefaultHasher::new();
    hash_into(v, &mut h, 0);
    h.finish()
}

fn hash_into(v: &Value<'_>, h: &mut DefaultHasher, depth: usize) {
    let number = |f: f64, h: &mut DefaultHasher| {
        1u8.hash(h);
        (if f == 0.0 { 0.0f64 } else { f }).to_bits().hash(h);
    };
    match v {
        Value::Int(i) => number(*i as f64, h),
        Value::Float(f) => number(*f, h),
        Value::Nil => 0u8.hash(h),
        Value::Bool(b) => (2u8, *b).hash(h),
        Value::Range(a, b) => (3u8, *a, *b).hash(h),
        _ => match v.as_str() {
            Some(s) => (4u8, s).hash(h),
            // Deep enough to tell data apart; below, what is compared is only counted.
            None if depth > 8 => (5u8, v.len()).hash(h),
            None => match v.kind() {
                Kind::Array => {
                    6u8.hash(h);
                    for item in v.items().unwrap_or_default() {
                        hash_into(&item, h, depth + 1);
                    }
                }
                Kind::Hash => {
                    let entries = v.entries().unwrap_or_default();
                    (7u8, entries.len()).hash(h);
                    let mut sum = 0u64;
                    for (k, item) in &entries {
                        let mut one = DefaultHasher::new();
                        k.as_ref().hash(&mut one);
                        hash_into(item, &mut one, depth + 1);
                        sum = sum.wrapping_add(one.finish());
                    }
                    sum.hash(h);
                }
                _ => (8u8, v.len()).hash(h),
            },
        },
    }
}

pub fn reverse<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    let mut items = input_items(c, &c.input.clone())?;
    items.reverse();
    Ok(Value::array(items))
}

pub fn map<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    let items = input_items(c, &c.input.clone())?;
    let property = c.arg(0);
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        c.tick(i)?;
        if property.as_str() == Some("to_liquid") {
            out.push(item);
            continue;
        }
        out.push(match fetch(&item, &property)? {
            Fetched::Value(v) => v,
            Fetched::NoMethod => Value::Nil,
        });
    }
    Ok(Value::array(out))
}

pub fn compact<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    let items = input_items(c, &c.input.clone())?;
    let property = c.arg(0);
    if property.is_nil() {
        return Ok(Value::array(
            items.into_iter().filter(|i| !i.is_nil()).collect(),
        ));
    }
    if items.is_empty() {
        return Ok(Value::array(Vec::new()));
    }
    let Some(values) = properties(c, &items, &property)? else {
        return Ok(Value::Nil);
    };
    Ok(Value::array(
        items
            .into_iter()
            .zip(values)
            .filter(|(_, v)| !v.is_nil())
            .map(|(i, _)| i)
            .collect(),
    ))
}

pub fn concat<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    let other = c.arg(0);
    if other.kind() != Kind::Array || matches!(other, Value::Range(..)) {
        return Err(LiquidError::ConcatNeedsArray.into());
    }
    let mut items = input_items(c, &c.input.clone())?;
    items.extend(c.items(&other)?);
    c.check_bytes(items.len().saturating_mul(8))?;
    Ok(Value::array(items))
}

/// `first`/`last`: arrays, ranges and hashes (a `[key, value]` pair); strings by character
/// (ActiveSupport's `String#first`, as in Rails apps), nil for anything else.
fn first_last<'a>(c: &mut Call<'a, '_>, first: bool) -> Result<'a> {
    Ok(first_or_last(&c.input, first, c.ctx.dialect))
}

pub fn first_or_last<'a>(v: &Value<'a>, first: bool, _dialect: Dialect) -> Value<'a> {
    match v.kind() {
        // `Range#first`/`#last` are its ends, even when it is empty.
        Kind::Range => match v {
            Value::Range(a, b) => Value::Int(if first { *a } else { *b }),
            _ => Value::Nil,
        },
        Kind::Array => v.index(if first { 0 } else { -1 }).unwrap_or_default(),
        Kind::Hash if first => v
            .entries()
            .and_then(|e| e.into_iter().next())
            .map(|(k, v)| Value::array(vec![Value::string(k.as_ref()), v]))
            .unwrap_or_default(),
        Kind::Str => {
            let s = v.as_str().unwrap_or_default();
            let ch = if first {
                s.chars().next()
            } else {
                s.chars().next_back()
            };
            Value::string(ch.map(String::from).unwrap_or_default())
        }
        _ => Value::Nil,
    }
}

pub fn first<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    first_last(c, true)
}

pub fn last<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    first_last(c, false)
}

// -- numbers --------------------------------------------------------------------------------

fn arith<'a>(c: &mut Call<'a, '_>, op: Op) -> Result<'a> {
    let a = number::to_number(&c.input);
    let b = number::to_number(&c.arg(0));
    Ok(number::apply(a, op, b)?.to_value())
}

pub fn plus<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    arith(c, Op::Plus)
}
pub fn minus<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    arith(c, Op::Minus)
}
pub fn times<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    arith(c, Op::Times)
}
pub fn divided_by<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    arith(c, Op::Divide)
}
pub fn modulo<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    arith(c, Op::Modulo)
}

pub fn abs<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    Ok(number::abs(number::to_number(&c.input))?.to_value())
}

pub fn ceil<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    Ok(Value::Int(number::ceil_floor(
        number::to_number(&c.input),
        true,
    )?))
}

pub fn floor<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    Ok(Value::Int(number::ceil_floor(
        number::to_number(&c.input),
        false,
    )?))
}

pub fn round<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    let places = match number::to_number(&c.arg(0)) {
        Num::Int(i) => i,
        other => other.as_f64() as i64,
    };
    Ok(number::round(number::to_number(&c.input), places)?)
}

fn bound<'a>(c: &mut Call<'a, '_>, at_least: bool) -> Result<'a> {
    let limit = number::to_number(&c.arg(0));
    let value = number::to_number(&c.input);
    let replace = match number::compare(limit, value) {
        Some(Ordering::Greater) => at_least,
        Some(Ordering::Less) => !at_least,
        _ => false,
    };
    Ok(if replace { limit } else { value }.to_value())
}

pub fn at_least<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    bound(c, true)
}

pub fn at_most<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    bound(c, false)
}

/// `default`: nil, false and empty values give way (`allow_false: true` keeps false).
pub fn default<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    let fallback = match c.args.first() {
        Some(v) => v.clone(),
        None => Value::Str(""),
    };
    let allow_false = c
        .args
        .get(1)
        .filter(|o| o.kind() == Kind::Hash)
        .and_then(|o| o.get("allow_false"))
        .is_some_and(|v| v.truthy());
    let missing = if allow_false {
        c.input.is_nil()
    } else {
        !c.input.truthy()
    };
    if missing || c.input.is_empty() == Some(true) {
        Ok(fallback)
    } else {
        Ok(c.input.clone())
    }
}

pub fn date<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    let format = c.arg(0).to_s().into_owned();
    if format.is_empty() {
        return Ok(c.input.clone());
    }
    match super::date::to_time(&c.input, c.ctx.now()) {
        Some(t) => match super::date::strftime(&t, &format, c.ctx.max_value_bytes) {
            Ok(s) => c.string(s),
            // Refused before it was made: the value limit, at the filter.
            Err(super::date::StrftimeError::TooLarge) => Err(c.too_large()),
            Err(super::date::StrftimeError::InvalidFormat) => {
                Err(LiquidError::InvalidDateFormat { format }.into())
            }
        },
        None => Ok(c.input.clone()),
    }
}

// -- newer than Liquid 5.4 (plain-Liquid dialect only) --------------------------------------

pub fn sum<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    let items = input_items(c, &c.input.clone())?;
    let property = c.arg(0);
    let mut total = Num::Int(0);
    for item in items {
        let v = if property.is_nil() {
            item
        } else {
            match fetch(&item, &property)? {
                Fetched::Value(v) => v,
                Fetched::NoMethod => continue,
            }
        };
        if matches!(v.kind(), Kind::Int | Kind::Float | Kind::Str) {
            total = number::apply(total, Op::Plus, number::to_number(&v))?;
        }
    }
    Ok(total.to_value())
}

fn find_match<'a>(c: &Call<'a, '_>) -> std::result::Result<Option<(usize, Value<'a>)>, Failure> {
    let items = input_items(c, &c.input.clone())?;
    let (property, target) = (c.arg(0), c.arg(1));
    for (i, item) in items.into_iter().enumerate() {
        let hit = match fetch(&item, &property)? {
            Fetched::NoMethod => return Ok(None),
            Fetched::Value(v) if target.is_nil() => v.truthy(),
            Fetched::Value(v) => v.ruby_eq(&target),
        };
        if hit {
            return Ok(Some((i, item)));
        }
    }
    Ok(None)
}

pub fn find<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    Ok(find_match(c)?.map(|(_, v)| v).unwrap_or_default())
}

pub fn find_index<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    Ok(find_match(c)?
        .map(|(i, _)| Value::Int(i as i64))
        .unwrap_or_default())
}

/// `has`: true when an item matches; nil when an item without properties (nil, a boolean)
/// comes before any match, as Ruby's `NoMethodError` rescue gives.
pub fn has<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    let items = input_items(c, &c.input.clone())?;
    let (property, target) = (c.arg(0), c.arg(1));
    for item in items {
        match fetch(&item, &property)? {
            Fetched::NoMethod => return Ok(Value::Nil),
            Fetched::Value(v) if target.is_nil() && v.truthy() => return Ok(Value::Bool(true)),
            Fetched::Value(v) if !target.is_nil() && v.ruby_eq(&target) => {
                return Ok(Value::Bool(true));
            }
            Fetched::Value(_) => {}
        }
    }
    Ok(Value::Bool(false))
}

pub fn reject<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    let items = input_items(c, &c.input.clone())?;
    let (property, target) = (c.arg(0), c.arg(1));
    let Some(values) = properties(c, &items, &property)? else {
        return Ok(Value::Nil);
    };
    Ok(Value::array(
        items
            .into_iter()
            .zip(values)
            .filter(|(_, v)| {
                !if target.is_nil() {
                    v.truthy()
                } else {
                    v.ruby_eq(&target)
                }
            })
            .map(|(i, _)| i)
            .collect(),
    ))
}
