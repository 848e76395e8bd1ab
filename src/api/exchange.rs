//! What the console shows for every call: the request as sent and each attempt's answer, with
//! every secret masked before it is recorded.

use std::fmt;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use crate::secrets::{MASK, Redactor, Secret};

/// Which service answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Service {
    Zendesk,
    Braze,
}

impl Service {
    /// The stable name: `zendesk` or `braze`.
    pub fn code(self) -> &'static str {
        match self {
            Service::Zendesk => "zendesk",
            Service::Braze => "braze",
        }
    }
}

/// What a service said besides its answer (Zendesk's `X-Zendesk-API-Warn`), kept in the
/// history in a form any language can show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Warning {
    /// The fields Zendesk ignored (unknown, or not allowed).
    IgnoredFields { ignored_fields: Vec<String> },
    /// A warning header zenbraze cannot read further, as sent.
    Header { zendesk_warning: String },
    /// Text an older zenbraze wrote to the history.
    Recorded(String),
}

impl crate::i18n::Localize for Warning {
    fn message(&self) -> crate::i18n::Message {
        match self {
            Warning::IgnoredFields { ignored_fields } => crate::msg!(
                "api-warning-ignored-fields",
                fields = ignored_fields.join(", ")
            ),
            Warning::Header { zendesk_warning } => {
                crate::msg!("api-warning-header", header = zendesk_warning)
            }
            Warning::Recorded(text) => crate::msg!("api-recorded", text = text),
        }
    }
}
crate::display_via_message!(Warning);

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Service::Zendesk => "Zendesk",
            Service::Braze => "Braze",
        })
    }
}

/// One call as the console shows it: the request once, then every attempt (retries included).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exchange {
    pub service: Service,
    /// What the call was for, e.g. `tickets.create`.
    pub operation: String,
    pub method: String,
    pub url: String,
    pub request_headers: Vec<(String, String)>,
    pub request_body: String,
    pub started_at: DateTime<Utc>,
    pub attempts: Vec<Attempt>,
    /// What the service said it ignored (`X-Zendesk-API-Warn`) and similar hints.
    pub warnings: Vec<Warning>,
}

/// One try: the answer, or why there was none, and how long the client waited before it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    pub started_at: DateTime<Utc>,
    /// From sending the request to the end of the response body.
    pub duration: Duration,
    /// The pause before this attempt (a `Retry-After`, or backoff).
    pub waited: Duration,
    pub status: Option<u16>,
    pub response_headers: Vec<(String, String)>,
    pub response_body: String,
    /// Why there is no status (timeout, refused, dropped).
    #[serde(default, deserialize_with = "super::error::lenient")]
    pub error: Option<super::ApiError>,
}

/// A JSON body pretty-printed; anything else as it is.
pub fn pretty_body(body: &str) -> String {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| body.to_owned())
}

impl Exchange {
    /// The last attempt's status.
    pub fn status(&self) -> Option<u16> {
        self.attempts.last().and_then(|a| a.status)
    }

    /// Time spent from the first byte sent to the last byte received, waits included.
    pub fn total_duration(&self) -> Duration {
        self.attempts.iter().map(|a| a.waited + a.duration).sum()
    }

    /// The last answer's body.
    pub fn response_body(&self) -> &str {
        self.attempts
            .last()
            .map_or("", |a| a.response_body.as_str())
    }

    /// The last status with its meaning ("201 Created"); none when nothing answered.
    pub fn status_text(&self) -> Option<String> {
        let status = self.status()?;
        let reason = reqwest::StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("");
        Some(format!("{status} {reason}").trim_end().to_owned())
    }

    /// A header of the last answer (names are compared case-insensitively).
    pub fn response_header(&self, name: &str) -> Option<&str> {
        self.attempts.last().and_then(|a| {
            a.response_headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        })
    }
}
