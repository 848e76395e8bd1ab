//! Faults a test or a curious user injects through `POST /__sandbox/faults`: latency, 429 with
//! `Retry-After`, 5xx, a dropped connection or a malformed body, per path or for every path,
//! for a number of requests or a share of them. Without faults the sandbox never rate-limits.

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
            if !fault.matches(method, path) || fault.count == Some(0) {
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
        verdict
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
}
