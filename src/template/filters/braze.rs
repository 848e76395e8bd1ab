//! Braze's own filters, with the outputs its documentation gives (see docs/braze-liquid.md#brazes-filters).

use base64::Engine as _;
use hmac::{Hmac, Mac};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};
use sha2::Digest as _;

use super::super::error::LiquidError;
use super::super::value::Value;
use super::{Call, Result};

/// What Ruby's `CGI.escape` leaves alone (it also turns spaces into `+`, see `url_encode`).
pub const CGI_ESCAPE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'_')
    .remove(b'.')
    .remove(b'-')
    .remove(b'~');

/// What `url_escape` (Ruby's `URI.escape`) leaves alone: unreserved and reserved characters.
const URI_ESCAPE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b';')
    .remove(b'/')
    .remove(b'?')
    .remove(b':')
    .remove(b'@')
    .remove(b'&')
    .remove(b'=')
    .remove(b'+')
    .remove(b'$')
    .remove(b',')
    .remove(b'[')
    .remove(b']')
    .remove(b'#');

/// What `url_param_escape` leaves alone: only the unreserved characters (it escapes `&`).
const PARAM_ESCAPE: &AsciiSet = CGI_ESCAPE;

fn text(c: &Call<'_, '_>) -> String {
    c.input.to_s().into_owned()
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

pub fn md5<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    c.string(hex(&md5::Md5::digest(text(c))))
}

pub fn sha1<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    c.string(hex(&sha1::Sha1::digest(text(c))))
}

pub fn sha2<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    c.string(hex(&sha2::Sha256::digest(text(c))))
}

fn hmac_bytes<M: Mac + hmac::digest::KeyInit>(c: &Call<'_, '_>) -> Vec<u8> {
    let key = c.arg(0).to_s().into_owned();
    match <M as hmac::digest::KeyInit>::new_from_slice(key.as_bytes()) {
        Ok(mut mac) => {
            mac.update(text(c).as_bytes());
            mac.finalize().into_bytes().to_vec()
        }
        // HMAC takes keys of any length; this arm cannot be reached.
        Err(_) => Vec::new(),
    }
}

pub fn hmac_sha1_hex<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    c.string(hex(&hmac_bytes::<Hmac<sha1::Sha1>>(c)))
}

pub fn hmac_sha1_base64<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    let b = hmac_bytes::<Hmac<sha1::Sha1>>(c);
    c.string(base64::engine::general_purpose::STANDARD.encode(b))
}

pub fn hmac_sha256_hex<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    c.string(hex(&hmac_bytes::<Hmac<sha2::Sha256>>(c)))
}

pub fn hmac_sha256_base64<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    let b = hmac_bytes::<Hmac<sha2::Sha256>>(c);
    c.string(base64::engine::general_purpose::STANDARD.encode(b))
}

pub fn hmac_sha512<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    c.string(hex(&hmac_bytes::<Hmac<sha2::Sha512>>(c)))
}

pub fn url_escape<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    c.string(crate::percent::encode_except(&text(c), URI_ESCAPE))
}

pub fn url_param_escape<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    c.string(crate::percent::encode_except(&text(c), PARAM_ESCAPE))
}

/// The bytes JSON writes escaped inside a string: the quote, the backslash and the control
/// characters.
#[cfg(test)]
fn needs_json_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// A JSON string's inside, escaped as serde_json writes it (`\n`, `\"`, `\u001f`; nothing
/// else is escaped), written in one pass.
pub fn json_escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    json_escape_into(s, &mut out);
    out
}

/// [`json_escape_text`] written at the end of `out` (the renderer writes an output's last
/// `json_escape` straight into the document this way, without a string of its own).
pub fn json_escape_into(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = s.as_bytes();
    let mut start = 0;
    loop {
        // Escaped bytes are ASCII, so `end` is a character boundary.
        let end = clean_until(bytes, start);
        out.push_str(&s[start..end]);
        let Some(&b) = bytes.get(end) else {
            return;
        };
        start = end + 1;
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            _ => {
                out.push_str("\\u00");
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0xf)]));
            }
        }
    }
}

/// The index of the first byte at or after `from` that JSON escapes (or the end), found eight
/// bytes at a time (webhook text is mostly plain); the last few bytes are padded with spaces.
fn clean_until(bytes: &[u8], mut from: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte of `v` that is zero. Exact for the lowest such byte (a
    // borrow only runs upwards), which is the one wanted.
    let zero_bytes = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    while from < bytes.len() {
        let (w, n) = match bytes.get(from..from + 8) {
            Some(chunk) => {
                let mut word = [0u8; 8];
                word.copy_from_slice(chunk);
                (u64::from_le_bytes(word), 8)
            }
            None => {
                let n = bytes.len() - from;
                let mut word = [b' '; 8];
                for (to, b) in word.iter_mut().zip(&bytes[from..]) {
                    *to = *b;
                }
                (u64::from_le_bytes(word), n)
            }
        };
        // Bytes below 0x20 (likewise exact for the lowest), `"` and `\`.
        let found = (w.wrapping_sub(ONES * 0x20) & !w & HIGH)
            | zero_bytes(w ^ (ONES * u64::from(b'"')))
            | zero_bytes(w ^ (ONES * u64::from(b'\\')));
        if found != 0 {
            return from + (found.trailing_zeros() / 8) as usize;
        }
        from += n;
    }
    bytes.len()
}

/// Escapes a value so it can sit inside a JSON string literal.
pub fn json_escape<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    // A string with nothing to escape is its own answer, kept in place.
    if let Some(s) = c.input.as_str()
        && clean_until(s.as_bytes(), 0) == s.len()
    {
        c.check_bytes(s.len())?;
        return Ok(c.input.clone());
    }
    c.string(json_escape_text(&text(c)))
}

pub fn json_parse<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    match serde_json::from_str::<serde_json::Value>(&text(c)) {
        Ok(json) => Ok(owned(&json)),
        Err(_) => Err(LiquidError::JsonParse.into()),
    }
}

/// A JSON value as an owned Liquid value (insertion order kept).
pub fn owned(json: &serde_json::Value) -> Value<'static> {
    use serde_json::Value as Json;
    match json {
        Json::Array(a) => Value::array(a.iter().map(owned).collect()),
        Json::Object(o) => Value::Hash(std::rc::Rc::new(
            o.iter()
                .map(|(k, v)| (k.as_str().into(), owned(v)))
                .collect(),
        )),
        Json::String(s) => Value::string(s.as_str()),
        other => match Value::from_json(other) {
            Value::Bool(b) => Value::Bool(b),
            Value::Int(i) => Value::Int(i),
            Value::Float(f) => Value::Float(f),
            _ => Value::Nil,
        },
    }
}

pub fn as_json_string<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    // A range is listed: bounded like any list, before it is made (`(1..9223372036854775807)`).
    if let Some(n) = c.input.len() {
        c.check_bytes(n.saturating_mul(8))?;
    }
    c.string(c.input.to_json().to_string())
}

pub fn property_accessor<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    let key = c.arg(0).to_s().into_owned();
    Ok(c.input.get(&key).unwrap_or_default())
}

fn grouped(int: &str) -> String {
    let mut out = String::with_capacity(int.len() + int.len() / 3);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// `123456` → `123,456`; the digits of a number's text, grouped by three.
pub fn number_with_delimiter<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    let s = text(c);
    let (sign, rest) = s.strip_prefix('-').map_or(("", s.as_str()), |r| ("-", r));
    let (int, frac) = rest
        .split_once('.')
        .map_or((rest, None), |(i, f)| (i, Some(f)));
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        return c.string(s.clone());
    }
    let out = match frac {
        Some(f) => format!("{sign}{}.{f}", grouped(int)),
        None => format!("{sign}{}", grouped(int)),
    };
    c.string(out)
}

/// Braze's `money`: a plain amount with two decimals (not Shopify's cents).
pub fn money<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    let n = super::super::number::to_number(&c.input).as_f64();
    let fixed = format!("{:.2}", n.abs());
    let (int, frac) = fixed.split_once('.').unwrap_or((&fixed, "00"));
    let sign = if n < 0.0 { "-" } else { "" };
    c.string(format!("{sign}${}.{frac}", grouped(int)))
}

/// Shifts a time into a zone (IANA name or `±HHMM`), for a following `date`.
pub fn time_zone<'a>(c: &mut Call<'a, '_>) -> Result<'a> {
    let zone = c.arg(0).to_s().trim().to_owned();
    let Some(time) = super::date::to_time(&c.input, c.ctx.now()) else {
        return Ok(c.input.clone());
    };
    let utc = time.at.with_timezone(&chrono::Utc);
    let shifted = if let Ok(tz) = zone.parse::<chrono_tz::Tz>() {
        utc.with_timezone(&tz).fixed_offset()
    } else if let Some(offset) = parse_offset(&zone) {
        utc.with_timezone(&offset)
    } else {
        return Err(LiquidError::TimeZone { zone }.into());
    };
    c.string(shifted.format("%Y-%m-%d %H:%M:%S %z").to_string())
}

fn parse_offset(s: &str) -> Option<chrono::FixedOffset> {
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    chrono::FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one-pass escape writes what serde_json writes for every ASCII byte and for text
    /// beyond it.
    #[test]
    fn json_escape_text_is_serde_jsons_escape() {
        let mut samples: Vec<String> = (0u8..0x80).map(|b| char::from(b).to_string()).collect();
        samples.extend(
            [
                "",
                "plain",
                "Zoë \"quoted\"\n\ttab\\ \u{7f} \u{1f} \u{2028} 日本 😀",
                "\u{0}\u{1}\u{8}\u{c}\r",
            ]
            .map(String::from),
        );
        for s in samples {
            let quoted = serde_json::Value::String(s.clone()).to_string();
            assert_eq!(json_escape_text(&s), quoted[1..quoted.len() - 1], "{s:?}");
        }
    }

    /// The escape scans eight bytes at a time: every ASCII byte, at every position of a text
    /// longer than a few words (with multi-byte characters around it), is found and escaped
    /// as serde_json does, and a text with none is written as it is.
    #[test]
    fn json_escape_finds_a_byte_at_any_position() {
        for b in 0u8..0x80 {
            for at in 0..24 {
                let s: String = (0..26)
                    .map(|i| match i {
                        _ if i == at => char::from(b),
                        3 | 17 => 'é',
                        _ => char::from(b'a' + (i % 26) as u8),
                    })
                    .collect();
                let quoted = serde_json::Value::String(s.clone()).to_string();
                assert_eq!(json_escape_text(&s), quoted[1..quoted.len() - 1], "{s:?}");
                let plain = clean_until(s.as_bytes(), 0) == s.len();
                assert_eq!(plain, !needs_json_escape(b), "{s:?}");
            }
        }
    }
}
