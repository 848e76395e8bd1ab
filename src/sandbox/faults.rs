//! Faults a test or a curious user injects through `POST /__sandbox/faults`: latency, 429 with
//! `Retry-After`, 5xx, a dropped connection or a malformed body, per path or for every path,
//! for a number of requests or a share of them. Without faults the sandbox never rate-limits.

use crate::i18n::json_text::kind as json_kind;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fault {
    /// Set by the sandbox.
    #[serde(default)]
    pub id: u64,
    /// An exact path, or a prefix ending in `*`; none means every API path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    #[serde(flatten)]
    pub kind: FaultKind,
    /// How many requests it still affects; none means until cleared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// The share of matching requests it affects (0..=1); none means all of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultKind {
    /// Waits, then answers normally.
    Latency { ms: u64 },
    /// 429 with `Retry-After` (and Braze's `X-RateLimit-Reset`).
    RateLimit {
        #[serde(default = "one")]
        retry_after: u64,
    },
    ServerError {
        #[serde(default = "five_hundred")]
        status: u16,
    },
    /// Closes the connection without answering.
    Drop,
    /// Answers 200 with JSON cut in the middle.
    Malformed,
    /// Not an answer: the sandbox's Braze (`/messages/send`) renders one field differently from
    /// zenbraze's preview (`ticket.subject` gets " (Braze)" appended), so a comparison of the two
    /// has a real difference to find.
    BrazeRender,
}

/// The longest latency one fault (or all of them together) may add: longer would only hang the
/// clients a test is about.
pub const MAX_LATENCY_MS: u64 = 60_000;
/// The longest `Retry-After` a rate-limit fault may ask for.
pub const MAX_RETRY_AFTER: u64 = 3_600;
pub const MAX_COUNT: u64 = 1_000_000;
/// Faults per request, and active at once.
pub const MAX_FAULTS: usize = 100;
const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
const KINDS: &str =
    "latency {ms}, rate_limit {retry_after}, server_error {status}, drop, malformed, braze_render";

/// Reads a `POST /__sandbox/faults` body: one fault, or `{"faults": [...]}`. Every fault and
/// every field is checked, with bounds, before any is added: a refused request adds nothing.
pub fn parse_request(
    body: &serde_json::Map<String, serde_json::Value>,
) -> Result<Vec<Fault>, String> {
    use serde_json::Value as Json;
    let items: Vec<&Json> = match body.get("faults") {
        Some(Json::Array(list)) => {
            if body.len() > 1 {
                return Err("put everything inside the faults list".into());
            }
            list.iter().collect()
        }
        Some(other) => {
            return Err(format!(
                "faults must be a list of faults, not {}",
                json_kind(other)
            ));
        }
        None if body.is_empty() => return Err(format!("no fault given (kinds: {KINDS})")),
        None => return Ok(vec![parse_one(body).map_err(|e| format!("fault: {e}"))?]),
    };
    if items.is_empty() {
        return Err("the faults list is empty".into());
    }
    if items.len() > MAX_FAULTS {
        return Err(format!("at most {MAX_FAULTS} faults at once"));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, item)| match item {
            Json::Object(o) => parse_one(o).map_err(|e| format!("fault {i}: {e}")),
            other => Err(format!(
                "fault {i}: must be an object, not {}",
                json_kind(other)
            )),
        })
        .collect()
}

fn parse_one(o: &serde_json::Map<String, serde_json::Value>) -> Result<Fault, String> {
    use serde_json::Value as Json;
    let kind_name = match o.get("kind") {
        Some(Json::String(k)) => k.as_str(),
        Some(other) => return Err(format!("kind must be a string, not {}", json_kind(other))),
        None => return Err(format!("kind is missing (kinds: {KINDS})")),
    };
    let own: &[&str] = match kind_name {
        "latency" => &["ms"],
        "rate_limit" => &["retry_after"],
        "server_error" => &["status"],
        "drop" | "malformed" | "braze_render" => &[],
        other => return Err(format!("unknown kind `{other}` (kinds: {KINDS})")),
    };
    for key in o.keys() {
        if !["kind", "path", "method", "count", "rate"].contains(&key.as_str())
            && !own.contains(&key.as_str())
        {
            return Err(format!("unknown field `{key}` for {kind_name}"));
        }
    }
    let whole = |key: &str, min: u64, max: u64| -> Result<Option<u64>, String> {
        match o.get(key) {
            None => Ok(None),
            Some(v) => match v.as_u64() {
                Some(n) if (min..=max).contains(&n) => Ok(Some(n)),
                _ => Err(format!(
                    "{key} must be a whole number from {min} to {max}, not {v}"
                )),
            },
        }
    };
    let kind = match kind_name {
        "latency" => FaultKind::Latency {
            ms: whole("ms", 0, MAX_LATENCY_MS)?.ok_or("latency needs ms")?,
        },
        "rate_limit" => FaultKind::RateLimit {
            retry_after: whole("retry_after", 0, MAX_RETRY_AFTER)?.unwrap_or(1),
        },
        "server_error" => FaultKind::ServerError {
            status: whole("status", 500, 599)?.unwrap_or(500) as u16,
        },
        "drop" => FaultKind::Drop,
        "braze_render" => FaultKind::BrazeRender,
        _ => FaultKind::Malformed,
    };
    let path = match o.get("path") {
        None | Some(Json::Null) => None,
        Some(Json::String(p)) if p.starts_with('/') && p.len() <= 1000 => Some(p.clone()),
        Some(other) => {
            return Err(format!(
                "path must be a path starting with / (a trailing * matches a prefix), not {other}"
            ));
        }
    };
    let method = match o.get("method") {
        None | Some(Json::Null) => None,
        Some(Json::String(m)) if METHODS.iter().any(|x| x.eq_ignore_ascii_case(m)) => {
            Some(m.to_ascii_uppercase())
        }
        Some(other) => {
            return Err(format!(
                "method must be one of {}, not {other}",
                METHODS.join(", ")
            ));
        }
    };
    let count = whole("count", 1, MAX_COUNT)?.map(|c| c as u32);
    let rate = match o.get("rate") {
        None | Some(Json::Null) => None,
        Some(v) => match v.as_f64() {
            Some(r) if r.is_finite() && (0.0..=1.0).contains(&r) => Some(r),
            _ => return Err(format!("rate must be a number from 0 to 1, not {v}")),
        },
    };
    Ok(Fault {
        id: 0,
        path,
        method,
        kind,
        count,
        rate,
    })
}

fn one() -> u64 {
    1
}

fn five_hundred() -> u16 {
    500
}

/// What the server does with one request after the faults had their say.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub delay_ms: u64,
    pub action: Option<FaultKind>,
}

impl Fault {
    fn matches(&self, method: &str, path: &str) -> bool {
        let path_ok = match self.path.as_deref() {
            None => true,
            Some(p) => match p.strip_suffix('*') {
                Some(prefix) => path.starts_with(prefix),
                None => path == p,
            },
        };
        let method_ok = self
            .method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method));
        path_ok && method_ok
    }
}

#[derive(Debug, Default)]
pub struct Faults {
    list: Vec<Fault>,
    next_id: u64,
}

impl Faults {
    pub fn add(&mut self, mut fault: Fault) -> Result<Fault, String> {
        if let Some(r) = fault.rate
            && !(0.0..=1.0).contains(&r)
        {
            return Err(format!("rate must be between 0 and 1, not {r}"));
        }
        if let FaultKind::ServerError { status } = fault.kind
            && !(500..600).contains(&status)
        {
            return Err(format!("server_error status must be 5xx, not {status}"));
        }
        self.next_id += 1;
        fault.id = self.next_id;
        self.list.push(fault.clone());
        Ok(fault)
    }

    /// Adds checked faults, all or none (none when they would pass [`MAX_FAULTS`] active).
    pub fn add_all(&mut self, faults: Vec<Fault>) -> Result<Vec<Fault>, String> {
        if self.list.len() + faults.len() > MAX_FAULTS {
            return Err(format!(
                "at most {MAX_FAULTS} faults may be active; {} are",
                self.list.len()
            ));
        }
        let mut added = Vec::with_capacity(faults.len());
        for fault in faults {
            added.push(self.add(fault)?);
        }
        Ok(added)
    }

    pub fn list(&self) -> &[Fault] {
        &self.list
    }

    pub fn clear(&mut self) {
        self.list.clear();
    }

    /// Decides for one request, using up counts. Latencies add up; the first other fault that
    /// applies decides the answer.
    pub fn verdict(&mut self, method: &str, path: &str) -> Verdict {
        let mut verdict = Verdict {
            delay_ms: 0,
            action: None,
        };
        for fault in &mut self.list {
            if !fault.matches(method, path)
                || fault.count == Some(0)
                || fault.kind == FaultKind::BrazeRender
            {
                continue;
            }
            if let FaultKind::Latency { .. } = fault.kind {
            } else if verdict.action.is_some() {
                continue;
            }
            if fault.rate.is_some_and(|r| fastrand::f64() >= r) {
                continue;
            }
            if let Some(c) = &mut fault.count {
                *c -= 1;
            }
            match &fault.kind {
                FaultKind::Latency { ms } => verdict.delay_ms += ms,
                other => verdict.action = Some(other.clone()),
            }
        }
        self.list.retain(|f| f.count != Some(0));
        verdict.delay_ms = verdict.delay_ms.min(MAX_LATENCY_MS);
        verdict
    }
}

impl Faults {
    /// Whether the sandbox's Braze renders differently for this send (a `braze_render` fault
    /// matching the path), using up its count.
    pub fn braze_render(&mut self, path: &str) -> bool {
        let hit = self.list.iter_mut().find(|f| {
            f.kind == FaultKind::BrazeRender
                && f.matches("POST", path)
                && f.count != Some(0)
                && f.rate.is_none_or(|r| fastrand::f64() < r)
        });
        let Some(fault) = hit else {
            return false;
        };
        if let Some(c) = &mut fault.count {
            *c -= 1;
        }
        self.list.retain(|f| f.count != Some(0));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fault(json: &str) -> Fault {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn counted_faults_wear_out_and_paths_match_by_prefix() {
        let mut f = Faults::default();
        f.add(fault(
            r#"{"kind":"rate_limit","retry_after":2,"path":"/api/v2/tickets*","count":2}"#,
        ))
        .unwrap();
        f.add(fault(r#"{"kind":"latency","ms":5}"#)).unwrap();
        let v = f.verdict("POST", "/api/v2/tickets.json");
        assert_eq!(v.delay_ms, 5);
        assert_eq!(v.action, Some(FaultKind::RateLimit { retry_after: 2 }));
        assert_eq!(f.verdict("GET", "/users/track").action, None);
        assert!(f.verdict("GET", "/api/v2/tickets/1").action.is_some());
        assert_eq!(f.verdict("GET", "/api/v2/tickets/1").action, None);
        assert_eq!(f.list().len(), 1);
    }

    #[test]
    fn rates_apply_to_a_share_and_bad_values_are_refused() {
        let mut f = Faults::default();
        f.add(fault(r#"{"kind":"server_error","rate":0.5}"#))
            .unwrap();
        let hits = (0..2000)
            .filter(|_| f.verdict("GET", "/x").action.is_some())
            .count();
        assert!((800..1200).contains(&hits), "{hits}");
        assert!(f.add(fault(r#"{"kind":"drop","rate":1.5}"#)).is_err());
        assert!(
            f.add(fault(r#"{"kind":"server_error","status":404}"#))
                .is_err()
        );
    }

    fn request(json: &str) -> Result<Vec<Fault>, String> {
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        parse_request(v.as_object().unwrap())
    }

    #[test]
    fn requests_are_checked_whole_with_bounds() {
        assert_eq!(request(r#"{"kind":"latency","ms":5}"#).unwrap().len(), 1);
        assert_eq!(
            request(r#"{"faults":[{"kind":"drop"},{"kind":"malformed","count":2}]}"#)
                .unwrap()
                .len(),
            2
        );
        for bad in [
            r#"{"faults": 5}"#,
            r#"{"faults": []}"#,
            r#"{}"#,
            r#"{"kind":"latency","ms":18446744073709551615}"#,
            r#"{"kind":"latency","ms":60001}"#,
            r#"{"kind":"latency"}"#,
            r#"{"kind":"rate_limit","retry_after":99999999}"#,
            r#"{"kind":"server_error","status":404}"#,
            r#"{"kind":"drop","rate":1.5}"#,
            r#"{"kind":"drop","count":0}"#,
            r#"{"kind":"drop","colour":"red"}"#,
            r#"{"kind":"drop","path":"no-slash"}"#,
            r#"{"kind":"drop","method":"FETCH"}"#,
            r#"{"kind":"teleport"}"#,
            r#"{"faults":[{"kind":"drop"},{"kind":"latency","ms":-1}]}"#,
        ] {
            assert!(request(bad).is_err(), "{bad} was accepted");
        }
    }
}
