//! Rules of Braze's `POST /users/track` (see docs/braze-api.md#post-userstrack).

use super::json::{Json, Spanned};
use super::rules::Rule;
use super::{Finding, Locator, Severity};
use crate::i18n::Message;
use crate::msg;

const ARRAYS: &[&str] = &["attributes", "events", "purchases"];
const IDENTIFIERS: &[&str] = &["external_id", "braze_id", "user_alias", "email", "phone"];
const MAX_OBJECTS: usize = 75;
const MAX_PROPERTY: usize = 255;

pub(crate) fn check(root: &Spanned, loc: &Locator<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    let Json::Object(members) = &root.value else {
        out.push(loc.finding(
            Severity::Error,
            Rule::BrazeTrackShape,
            root.span.clone(),
            msg!("lint-track-not-object", kind = root.kind()),
            None,
        ));
        return out;
    };
    if !members.iter().any(|(k, _)| ARRAYS.contains(&k.as_str())) {
        out.push(loc.finding(
            Severity::Error,
            Rule::BrazeTrackShape,
            root.span.start..root.span.start + 1,
            msg!("lint-track-nothing"),
            None,
        ));
    }
    for (key, value) in members {
        if !ARRAYS.contains(&key.as_str()) {
            out.push(loc.finding(
                Severity::Warning,
                Rule::BrazeTrackShape,
                value.span.clone(),
                msg!("lint-track-unknown-key", key = key),
                None,
            ));
            continue;
        }
        let Json::Array(items) = &value.value else {
            out.push(loc.finding(
                Severity::Error,
                Rule::BrazeTrackShape,
                value.span.clone(),
                msg!("lint-track-not-array", key = key, kind = value.kind()),
                None,
            ));
            continue;
        };
        if items.len() > MAX_OBJECTS {
            out.push(loc.finding(
                Severity::Error,
                Rule::BrazeTrackLimit,
                value.span.clone(),
                msg!(
                    "lint-track-too-many",
                    key = key,
                    count = items.len(),
                    max = MAX_OBJECTS
                ),
                None,
            ));
        }
        for item in items {
            if !matches!(item.value, Json::Object(_)) {
                out.push(loc.finding(
                    Severity::Error,
                    Rule::BrazeTrackShape,
                    item.span.clone(),
                    msg!("lint-track-item-not-object", key = key, kind = item.kind()),
                    None,
                ));
                continue;
            }
            identifier(item, loc, &mut out);
            match key.as_str() {
                "events" => event(item, loc, &mut out),
                "purchases" => purchase(item, loc, &mut out),
                _ => attributes(item, loc, &mut out),
            }
        }
    }
    out
}

fn nonempty(v: &Spanned) -> bool {
    match &v.value {
        Json::String(s) => !s.trim().is_empty(),
        Json::Null => false,
        Json::Object(m) => !m.is_empty(),
        _ => true,
    }
}

fn identifier(item: &Spanned, loc: &Locator<'_>, out: &mut Vec<Finding>) {
    let rule = Rule::BrazeTrackIdentifier;
    let present: Vec<(&str, &Spanned)> = IDENTIFIERS
        .iter()
        .filter_map(|k| item.get(k).map(|v| (*k, v)))
        .collect();
    if present.is_empty() {
        out.push(loc.finding(
            Severity::Error,
            rule,
            item.span.start..item.span.start + 1,
            msg!("lint-track-no-identifier"),
            None,
        ));
        return;
    }
    for (name, v) in &present {
        if !nonempty(v) {
            out.push(loc.finding(
                Severity::Error,
                rule,
                v.span.clone(),
                msg!("lint-track-identifier-empty", name = *name),
                None,
            ));
        }
        if *name == "user_alias"
            && (v.get("alias_name").is_none() || v.get("alias_label").is_none())
        {
            out.push(loc.finding(
                Severity::Error,
                rule,
                v.span.clone(),
                msg!("lint-track-alias"),
                None,
            ));
        }
    }
}

/// ISO-8601 date-times as Braze accepts them (seconds and zone optional).
pub(crate) fn is_iso8601(s: &str) -> bool {
    let s = s.trim();
    if chrono::DateTime::parse_from_rfc3339(s).is_ok() {
        return true;
    }
    let zoned = s.strip_suffix('Z').unwrap_or(s);
    [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d",
    ]
    .iter()
    .any(|f| {
        chrono::NaiveDateTime::parse_from_str(zoned, f).is_ok()
            || chrono::NaiveDate::parse_from_str(zoned, f).is_ok()
    }) || [
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
    ]
    .iter()
    .any(|f| chrono::DateTime::parse_from_str(s, f).is_ok())
}

fn required_text(
    item: &Spanned,
    key: &str,
    what: &'static str,
    loc: &Locator<'_>,
    out: &mut Vec<Finding>,
) -> Option<String> {
    match item.get(key) {
        None => {
            out.push(loc.finding(
                Severity::Error,
                Rule::BrazeTrackRequired,
                item.span.start..item.span.start + 1,
                msg!("lint-track-required", object = what, key = key),
                None,
            ));
            None
        }
        Some(v) => match v.as_str() {
            Some(s) if !s.trim().is_empty() => Some(s.to_owned()),
            _ => {
                out.push(loc.finding(
                    Severity::Error,
                    Rule::BrazeTrackRequired,
                    v.span.clone(),
                    msg!("lint-track-required-empty", object = what, key = key),
                    None,
                ));
                None
            }
        },
    }
}

fn time(item: &Spanned, what: &'static str, loc: &Locator<'_>, out: &mut Vec<Finding>) {
    if let Some(t) = required_text(item, "time", what, loc, out).filter(|t| !is_iso8601(t)) {
        let v = item
            .get("time")
            .map_or(item.span.clone(), |v| v.span.clone());
        out.push(loc.finding(
            Severity::Error,
            Rule::BrazeTrackTime,
            v,
            msg!("lint-track-time", value = &t),
            None,
        ));
    }
}

fn properties(item: &Spanned, loc: &Locator<'_>, out: &mut Vec<Finding>) {
    let rule = Rule::BrazeTrackProperties;
    let Some(props) = item.get("properties") else {
        return;
    };
    let Json::Object(members) = &props.value else {
        out.push(loc.finding(
            Severity::Error,
            rule,
            props.span.clone(),
            msg!("lint-track-properties-kind", kind = props.kind()),
            None,
        ));
        return;
    };
    for (key, value) in members {
        if key.starts_with('$') {
            out.push(loc.finding(
                Severity::Error,
                rule,
                value.span.clone(),
                msg!("lint-track-property-dollar", key = key),
                None,
            ));
        }
        if key == "time" || key == "event_name" {
            out.push(loc.finding(
                Severity::Error,
                rule,
                value.span.clone(),
                msg!("lint-track-property-reserved", key = key),
                None,
            ));
        }
        if key.chars().count() > MAX_PROPERTY {
            out.push(loc.finding(
                Severity::Error,
                rule,
                value.span.clone(),
                msg!("lint-track-property-name-long", max = MAX_PROPERTY),
                None,
            ));
        }
        if let Some(s) = value.as_str().filter(|s| s.chars().count() > MAX_PROPERTY) {
            out.push(loc.finding(
                Severity::Error,
                rule,
                value.span.clone(),
                msg!(
                    "lint-track-property-long",
                    key = key,
                    count = s.chars().count(),
                    max = MAX_PROPERTY
                ),
                Some(msg!("lint-fix-truncate", max = MAX_PROPERTY)),
            ));
        }
    }
}

fn event(item: &Spanned, loc: &Locator<'_>, out: &mut Vec<Finding>) {
    required_text(item, "name", "event", loc, out);
    time(item, "event", loc, out);
    properties(item, loc, out);
}

fn purchase(item: &Spanned, loc: &Locator<'_>, out: &mut Vec<Finding>) {
    let rule = Rule::BrazeTrackPurchase;
    required_text(item, "product_id", "purchase", loc, out);
    if let Some(c) = required_text(item, "currency", "purchase", loc, out)
        && !(c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()))
    {
        let v = item
            .get("currency")
            .map_or(item.span.clone(), |v| v.span.clone());
        out.push(loc.finding(
            Severity::Error,
            rule,
            v,
            msg!("lint-track-currency", value = &c),
            None,
        ));
    }
    match item.get("price") {
        Some(p) if matches!(p.value, Json::Number(_)) => {}
        Some(p) => out.push(loc.finding(
            Severity::Error,
            rule,
            p.span.clone(),
            msg!("lint-track-price-kind", kind = p.kind()),
            None,
        )),
        None => out.push(loc.finding(
            Severity::Error,
            rule,
            item.span.start..item.span.start + 1,
            msg!("lint-track-price-missing"),
            None,
        )),
    }
    if let Some(q) = item.get("quantity") {
        let ok = matches!(&q.value, Json::Number(n) if n.parse::<u32>().is_ok_and(|n| (1..=100).contains(&n)));
        if !ok {
            out.push(loc.finding(
                Severity::Error,
                rule,
                q.span.clone(),
                msg!("lint-track-quantity"),
                None,
            ));
        }
    }
    time(item, "purchase", loc, out);
    properties(item, loc, out);
}

fn attributes(item: &Spanned, loc: &Locator<'_>, out: &mut Vec<Finding>) {
    let rule = Rule::BrazeTrackAttribute;
    let mut bad = |key: &str, message: Message| {
        if let Some(v) = item.get(key) {
            out.push(loc.finding(Severity::Error, rule, v.span.clone(), message, None));
        }
    };
    let text = |key: &str| item.get(key).and_then(Spanned::as_str).map(str::trim);
    if let Some(d) = text("dob").filter(|d| !d.is_empty())
        && chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err()
    {
        bad("dob", msg!("lint-track-dob", value = d));
    }
    if let Some(c) = text("country").filter(|c| !c.is_empty())
        && !(c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphabetic()))
    {
        bad("country", msg!("lint-track-country", value = c));
    }
    if let Some(l) = text("language").filter(|l| !l.is_empty())
        && !(l.len() == 2 && l.bytes().all(|b| b.is_ascii_lowercase()))
    {
        bad("language", msg!("lint-track-language", value = l));
    }
    if let Some(g) = text("gender").filter(|g| !g.is_empty())
        && !["M", "F", "O", "N", "P"].contains(&g.to_ascii_uppercase().as_str())
    {
        bad("gender", msg!("lint-track-gender", value = g));
    }
    for key in ["email_subscribe", "push_subscribe"] {
        if let Some(s) =
            text(key).filter(|s| !["opted_in", "subscribed", "unsubscribed"].contains(s))
        {
            bad(key, msg!("lint-track-subscription", key = key, value = s));
        }
    }
    if let Some(tz) = text("time_zone").filter(|t| !t.is_empty())
        && tz.parse::<chrono_tz::Tz>().is_err()
    {
        bad("time_zone", msg!("lint-track-time-zone", value = tz));
    }
    if let Some(p) = text("phone").filter(|p| !p.is_empty())
        && !(p.starts_with('+') && p.len() > 7 && p[1..].bytes().all(|b| b.is_ascii_digit()))
    {
        out.push(
            loc.finding(
                Severity::Warning,
                rule,
                item.get("phone")
                    .map_or(item.span.clone(), |v| v.span.clone()),
                msg!("lint-track-phone", value = p),
                None,
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::is_iso8601;

    #[test]
    fn iso8601_as_zendesk_and_braze_write_it() {
        for t in [
            "2026-11-25T17:00:00Z",
            "2013-12-12T05:35Z",
            "2026-11-25T17:00:00.123+01:00",
            "2026-11-25T17:00",
            "2026-11-25",
        ] {
            assert!(is_iso8601(t), "{t}");
        }
        for t in ["yesterday", "25/11/2026", "", "2026-13-01"] {
            assert!(!is_iso8601(t), "{t}");
        }
    }
}
