//! Braze's own filters, with the outputs its documentation gives (see braze-liquid.md).

use base64::Engine as _;
use hmac::{Hmac, Mac};
use liquid_core::model::{Value, ValueView};
use liquid_core::{Result, Runtime};
use sha2::Digest as _;

use super::standard::{json_to_value, number_text, parse_time, to_number, value_to_json};
use super::{Args, FnFilter, fail};

pub const FILTERS: &[FnFilter] = &[
    FnFilter::new("md5", 0, 0, |v, _, _| Ok(hex(&md5::Md5::digest(text(v))))),
    FnFilter::new("sha1", 0, 0, |v, _, _| {
        Ok(hex(&sha1::Sha1::digest(text(v))))
    }),
    FnFilter::new("sha2", 0, 0, |v, _, _| {
        Ok(hex(&sha2::Sha256::digest(text(v))))
    }),
    FnFilter::new("base64_encode", 0, 0, |v, _, _| {
        Ok(Value::scalar(
            base64::engine::general_purpose::STANDARD.encode(text(v)),
        ))
    }),
    FnFilter::new("base64_decode", 0, 0, base64_decode),
    FnFilter::new("hmac_sha1", 1, 1, |v, a, _| {
        hmac_hex::<Hmac<sha1::Sha1>>(v, a)
    }),
    FnFilter::new("hmac_sha1_hex", 1, 1, |v, a, _| {
        hmac_hex::<Hmac<sha1::Sha1>>(v, a)
    }),
    FnFilter::new("hmac_sha1_base64", 1, 1, |v, a, _| {
        hmac_b64::<Hmac<sha1::Sha1>>(v, a)
    }),
    FnFilter::new("hmac_sha256", 1, 1, |v, a, _| {
        hmac_hex::<Hmac<sha2::Sha256>>(v, a)
    }),
    FnFilter::new("hmac_sha256_hex", 1, 1, |v, a, _| {
        hmac_hex::<Hmac<sha2::Sha256>>(v, a)
    }),
    FnFilter::new("hmac_sha256_base64", 1, 1, |v, a, _| {
        hmac_b64::<Hmac<sha2::Sha256>>(v, a)
    }),
    FnFilter::new("hmac_sha512", 1, 1, |v, a, _| {
        hmac_hex::<Hmac<sha2::Sha512>>(v, a)
    }),
    FnFilter::new("url_escape", 0, 0, |v, _, _| {
        Ok(Value::scalar(percent_encode(&text(v), URI_KEEP)))
    }),
    FnFilter::new("url_param_escape", 0, 0, |v, _, _| {
        Ok(Value::scalar(percent_encode(&text(v), "-_.~")))
    }),
    FnFilter::new("json_escape", 0, 0, |v, _, _| {
        Ok(Value::scalar(json_escape(&text(v))))
    }),
    FnFilter::new("json_parse", 0, 0, json_parse),
    FnFilter::new("as_json_string", 0, 0, |v, _, _| {
        Ok(Value::scalar(value_to_json(v).to_string()))
    }),
    FnFilter::new("property_accessor", 1, 1, property_accessor),
    FnFilter::new("number_with_delimiter", 0, 0, |v, _, _| {
        Ok(Value::scalar(number_with_delimiter(v)))
    }),
    FnFilter::new("time_zone", 1, 1, time_zone),
    FnFilter::new("money", 0, 0, money),
];

/// The Ruby `to_s` of a value, as bytes to hash or encode.
fn text(v: &dyn ValueView) -> String {
    v.to_kstr().to_string()
}

fn hex(bytes: &[u8]) -> Value {
    use std::fmt::Write as _;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    Value::scalar(s)
}

fn hmac_bytes<M: Mac + hmac::digest::KeyInit>(v: &dyn ValueView, args: &Args) -> Vec<u8> {
    let key = args
        .get(0)
        .map(|k| k.to_kstr().to_string())
        .unwrap_or_default();
    let mut mac = <M as hmac::digest::KeyInit>::new_from_slice(key.as_bytes())
        .expect("HMAC accepts keys of any length");
    mac.update(text(v).as_bytes());
    mac.finalize().into_bytes().to_vec()
}

fn hmac_hex<M: Mac + hmac::digest::KeyInit>(v: &dyn ValueView, args: &Args) -> Result<Value> {
    Ok(hex(&hmac_bytes::<M>(v, args)))
}

fn hmac_b64<M: Mac + hmac::digest::KeyInit>(v: &dyn ValueView, args: &Args) -> Result<Value> {
    let bytes = hmac_bytes::<M>(v, args);
    Ok(Value::scalar(
        base64::engine::general_purpose::STANDARD.encode(bytes),
    ))
}

fn base64_decode(v: &dyn ValueView, _: &Args, _: &dyn Runtime) -> Result<Value> {
    let input = text(v);
    match base64::engine::general_purpose::STANDARD.decode(input.trim()) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(s) => Ok(Value::scalar(s)),
            Err(_) => fail("base64_decode: the decoded bytes are not UTF-8 text"),
        },
        Err(_) => fail(format!("base64_decode: `{input}` is not valid base64")),
    }
}

/// Characters Ruby's `URI.escape` leaves alone: unreserved plus reserved.
const URI_KEEP: &str = "-_.!~*'();/?:@&=+$,[]#";

pub fn percent_encode(s: &str, keep: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || keep.as_bytes().contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Escapes a value so it can sit inside a JSON string literal.
pub fn json_escape(s: &str) -> String {
    let quoted = serde_json::Value::String(s.to_owned()).to_string();
    quoted[1..quoted.len() - 1].to_owned()
}

fn json_parse(v: &dyn ValueView, _: &Args, _: &dyn Runtime) -> Result<Value> {
    let input = text(v);
    match serde_json::from_str::<serde_json::Value>(&input) {
        Ok(json) => Ok(json_to_value(&json)),
        Err(e) => fail(format!("json_parse: not valid JSON ({e})")),
    }
}

fn property_accessor(v: &dyn ValueView, args: &Args, _: &dyn Runtime) -> Result<Value> {
    let key = args
        .get(0)
        .map(|k| k.to_kstr().to_string())
        .unwrap_or_default();
    Ok(v.as_object()
        .and_then(|o| o.get(&key))
        .map(|v| v.to_value())
        .unwrap_or(Value::Nil))
}

fn number_with_delimiter(v: &dyn ValueView) -> String {
    let s = match to_number(v) {
        Some(n) => number_text(n),
        None => return text(v),
    };
    let (sign, rest) = s.strip_prefix('-').map_or(("", s.as_str()), |r| ("-", r));
    let (int, frac) = rest
        .split_once('.')
        .map_or((rest, None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// Braze's `money`: a plain amount with two decimals (not Shopify's cents).
fn money(v: &dyn ValueView, _: &Args, _: &dyn Runtime) -> Result<Value> {
    let Some(n) = to_number(v) else {
        return Ok(Value::scalar(text(v)));
    };
    let fixed = format!("{:.2}", n.abs());
    let (int, frac) = fixed.split_once('.').unwrap_or((&fixed, "00"));
    let int = number_with_delimiter(&Value::scalar(int.parse::<i64>().unwrap_or(0)));
    let sign = if n < 0.0 { "-" } else { "" };
    Ok(Value::scalar(format!("{sign}${int}.{frac}")))
}

/// Shifts a time into a zone (IANA name or `±HHMM`), for a following `date`.
fn time_zone(v: &dyn ValueView, args: &Args, runtime: &dyn Runtime) -> Result<Value> {
    let zone = args
        .get(0)
        .map(|z| z.to_kstr().to_string())
        .unwrap_or_default();
    let Some(time) = parse_time(v, runtime) else {
        return Ok(v.to_value());
    };
    let utc = time.with_timezone(&chrono::Utc);
    let shifted = if let Ok(tz) = zone.trim().parse::<chrono_tz::Tz>() {
        utc.with_timezone(&tz).fixed_offset()
    } else if let Some(offset) = parse_offset(zone.trim()) {
        utc.with_timezone(&offset)
    } else {
        return fail(format!(
            "time_zone: `{zone}` is not a time zone (use a name like America/Chicago or an offset like -0500)"
        ));
    };
    Ok(Value::scalar(
        shifted.format("%Y-%m-%d %H:%M:%S %z").to_string(),
    ))
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
