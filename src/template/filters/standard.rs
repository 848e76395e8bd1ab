//! Standard filters where liquid-lib differs from Shopify's Ruby Liquid 5, and the newer ones
//! it lacks. Also the value conversions the other filter modules share.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};
use liquid_core::model::{KStringCow, ObjectView, Value, ValueView};
use liquid_core::{Result, Runtime};

use super::{Args, FnFilter, fail};
use crate::template::session;

/// Filters of Liquid 5 that Braze runs, in their Ruby behaviour.
pub const LIQUID5: &[FnFilter] = &[
    FnFilter::new("default", 0, 1, default),
    FnFilter::new("date", 1, 1, date),
    // Ruby's CGI.escape: space becomes `+`.
    FnFilter::new("url_encode", 0, 0, |v, _, _| {
        if v.is_nil() {
            return Ok(Value::Nil);
        }
        let escaped = super::braze::percent_encode(&v.to_kstr(), "-_.~ ");
        Ok(Value::scalar(escaped.replace(' ', "+")))
    }),
];

/// Filters newer than Liquid 5 (Braze lacks them); implemented in `ruby.rs`.
pub const NEWER: &[&str] = &[
    "sum",
    "has",
    "find",
    "find_index",
    "reject",
    "base64_url_safe_encode",
    "base64_url_safe_decode",
];

/// Shopify filters in Liquid 5 that Braze leaves out, for the plain-Liquid dialect.
pub const SHOPIFY_ONLY: &[FnFilter] = &[
    FnFilter::new("base64_encode", 0, 0, |v, _, _| {
        use base64::Engine as _;
        Ok(Value::scalar(
            base64::engine::general_purpose::STANDARD.encode(v.to_kstr().as_bytes()),
        ))
    }),
    FnFilter::new("base64_decode", 0, 0, |v, _, _| {
        use base64::Engine as _;
        match base64::engine::general_purpose::STANDARD.decode(v.to_kstr().as_bytes()) {
            Ok(b) => Ok(Value::scalar(String::from_utf8_lossy(&b).into_owned())),
            Err(_) => fail("base64_decode: invalid base64 provided"),
        }
    }),
    FnFilter::new("base64_url_safe_encode", 0, 0, |v, _, _| {
        use base64::Engine as _;
        Ok(Value::scalar(
            base64::engine::general_purpose::URL_SAFE.encode(v.to_kstr().as_bytes()),
        ))
    }),
    FnFilter::new("base64_url_safe_decode", 0, 0, |v, _, _| {
        use base64::Engine as _;
        match base64::engine::general_purpose::URL_SAFE.decode(v.to_kstr().as_bytes()) {
            Ok(b) => Ok(Value::scalar(String::from_utf8_lossy(&b).into_owned())),
            Err(_) => fail("base64_url_safe_decode: invalid base64 provided"),
        }
    }),
];

/// Ruby's `default`: replaces nil, false and empty strings/arrays/hashes; `allow_false: true`
/// keeps `false`.
fn default(v: &dyn ValueView, args: &Args, _: &dyn Runtime) -> Result<Value> {
    let allow_false = args
        .keyword("allow_false")
        .is_some_and(|a| a.query_state(liquid_core::model::State::Truthy));
    let is_false = v.as_scalar().and_then(|s| s.to_bool()) == Some(false);
    let use_default = v.is_nil()
        || (is_false && !allow_false)
        || v.as_scalar().is_some_and(|s| {
            s.to_bool().is_none()
                && s.to_kstr().is_empty()
                && s.to_integer().is_none()
                && s.to_float().is_none()
        })
        || v.as_array().is_some_and(|a| a.size() == 0)
        || v.as_object().is_some_and(|o| o.size() == 0);
    if use_default {
        Ok(args.get(0).cloned().unwrap_or(Value::Nil))
    } else {
        Ok(v.to_value())
    }
}

/// `date`: strftime (plus `%s`) over Ruby-parseable times; anything else passes through.
fn date(v: &dyn ValueView, args: &Args, runtime: &dyn Runtime) -> Result<Value> {
    let format = args
        .get(0)
        .map(|f| f.to_kstr().to_string())
        .unwrap_or_default();
    if format.is_empty() {
        return Ok(v.to_value());
    }
    let Some(time) = parse_time(v, runtime) else {
        return Ok(v.to_value());
    };
    Ok(Value::scalar(strftime(&time, &format)))
}

/// Formats with Ruby's strftime directives, by way of chrono.
pub fn strftime(time: &DateTime<FixedOffset>, format: &str) -> String {
    use std::fmt::Write as _;
    let items = chrono::format::StrftimeItems::new(format);
    let mut out = String::new();
    if write!(out, "{}", time.format_with_items(items.clone())).is_ok()
        && !items
            .clone()
            .any(|i| matches!(i, chrono::format::Item::Error))
    {
        return out;
    }
    // Unknown directives are printed as they are, like Ruby does.
    format.to_owned()
}

/// A time from a value: `now`/`today`, Unix seconds, ISO-8601, `YYYY-MM-DD HH:MM:SS UTC`,
/// `YYYY-MM-DD HH:MM:SS ±HHMM`, RFC 2822 or a plain date.
pub fn parse_time(v: &dyn ValueView, runtime: &dyn Runtime) -> Option<DateTime<FixedOffset>> {
    let utc = FixedOffset::east_opt(0)?;
    let s = v.as_scalar()?;
    if s.type_name() == "whole number" {
        let i = s.to_integer()?;
        return DateTime::from_timestamp(i, 0).map(|t| t.with_timezone(&utc));
    }
    if s.type_name() == "fractional number" {
        let f = s.to_float()?;
        return DateTime::from_timestamp(f.trunc() as i64, 0).map(|t| t.with_timezone(&utc));
    }
    let text = s.to_kstr();
    let text = text.trim();
    match text.to_ascii_lowercase().as_str() {
        "now" | "today" => return Some(session::now(runtime).with_timezone(&utc)),
        "" => return None,
        _ => {}
    }
    // liquid-core's own string parser compiles regexes on every call: only ask it about values
    // that already are dates.
    if s.type_name() != "string"
        && let Some(d) = s.to_date_time()
    {
        return DateTime::parse_from_rfc2822(&d.to_rfc2822()).ok();
    }
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return DateTime::from_timestamp(text.parse().ok()?, 0).map(|t| t.with_timezone(&utc));
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t);
    }
    for fmt in [
        "%Y-%m-%d %H:%M:%S %z",
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%d %H:%M:%S%.f %z",
    ] {
        if let Ok(t) = DateTime::parse_from_str(text, fmt) {
            return Some(t);
        }
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(text) {
        return Some(t);
    }
    let text_utc = text
        .strip_suffix(" UTC")
        .or_else(|| text.strip_suffix('Z'))
        .unwrap_or(text);
    for fmt in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text_utc, fmt) {
            return Some(utc.from_utc_datetime(&t));
        }
    }
    for fmt in [
        "%Y-%m-%d",
        "%B %d, %Y",
        "%b %d, %Y",
        "%d %B %Y",
        "%d %b %Y",
        "%Y/%m/%d",
        "%m/%d/%Y",
    ] {
        if let Ok(d) = NaiveDate::parse_from_str(text_utc, fmt) {
            return Some(utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0)?));
        }
    }
    None
}

/// A number from a value the way Ruby Liquid coerces it (numeric strings included).
pub fn to_number(v: &dyn ValueView) -> Option<f64> {
    let s = v.as_scalar()?;
    if let Some(i) = s.to_integer() {
        return Some(i as f64);
    }
    if let Some(f) = s.to_float() {
        return Some(f);
    }
    s.to_kstr().trim().parse::<f64>().ok()
}

/// A number as Ruby prints it: integers without a fraction.
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A hash's entries in key order. liquid-core keeps hashes in a `HashMap` whose order changes
/// from one render to the next; sorting keeps previews stable (Ruby would keep insertion order).
pub fn sorted_entries(o: &dyn ObjectView) -> Vec<(KStringCow<'_>, &dyn ValueView)> {
    let mut entries: Vec<_> = o.iter().collect();
    entries.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
    entries
}

pub fn json_to_value(json: &serde_json::Value) -> Value {
    match json {
        serde_json::Value::Null => Value::Nil,
        serde_json::Value::Bool(b) => Value::scalar(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::scalar(i),
            None => Value::scalar(n.as_f64().unwrap_or(0.0)),
        },
        serde_json::Value::String(s) => Value::scalar(s.clone()),
        serde_json::Value::Array(a) => Value::Array(a.iter().map(json_to_value).collect()),
        serde_json::Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, v)| (k.clone().into(), json_to_value(v)))
                .collect(),
        ),
    }
}

pub fn value_to_json(v: &dyn ValueView) -> serde_json::Value {
    if let Some(a) = v.as_array() {
        return serde_json::Value::Array(a.values().map(value_to_json).collect());
    }
    if let Some(o) = v.as_object() {
        return serde_json::Value::Object(
            sorted_entries(o)
                .into_iter()
                .map(|(k, v)| (k.to_string(), value_to_json(v)))
                .collect(),
        );
    }
    match v.as_scalar() {
        None => serde_json::Value::Null,
        Some(s) => scalar_to_json(&s),
    }
}

fn scalar_to_json(s: &liquid_core::model::ScalarCow<'_>) -> serde_json::Value {
    if let Some(b) = s.to_bool() {
        return serde_json::Value::Bool(b);
    }
    if let Some(i) = s
        .to_integer()
        .filter(|_| s.to_kstr().parse::<i64>().is_ok() && is_numeric(s))
    {
        return serde_json::Value::from(i);
    }
    if let Some(f) = s.to_float().filter(|_| is_numeric(s)) {
        return serde_json::Value::from(f);
    }
    serde_json::Value::String(s.to_kstr().to_string())
}

/// Whether a scalar holds a number (not a string that happens to look like one).
fn is_numeric(s: &liquid_core::model::ScalarCow<'_>) -> bool {
    matches!(s.type_name(), "whole number" | "fractional number")
}
