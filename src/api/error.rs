//! One error type for both services: what went wrong, in words a user can act on. Secrets never
//! appear here; response text is quoted only after masking.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::exchange::{Redactor, Service};

/// One entry of a Zendesk 422 `details` map, or a webhook/category `errors[]` item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The field (`priority`, `base`, ...) or the error code for the newer APIs.
    pub field: String,
    pub description: String,
}

/// One entry of Braze's `errors[]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrazeObjectError {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub input_array: String,
    #[serde(default)]
    pub index: usize,
}

/// Errors never carry a secret: clients pass every one through [`ApiError::redacted`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// The base URL, subdomain or instance is not usable; nothing was sent.
    #[error("{0}")]
    Endpoint(String),
    #[error("{service} rejected the credentials (401 {message}): {hint}", hint = unauthorized_hint(*service))]
    Unauthorized { service: Service, message: String },
    #[error("{service} refused access (403 {message}){}", forbidden_hint(*service))]
    Forbidden { service: Service, message: String },
    #[error("no Zendesk account answers at {url} (404): check the subdomain")]
    NoSuchAccount { url: String },
    #[error("{service} found nothing there (404 {message})")]
    NotFound { service: Service, message: String },
    #[error("Zendesk rejected the record (422): {}", list(details))]
    Invalid { details: Vec<FieldError> },
    #[error("{service} rejected the request (400 {message}){}", if details.is_empty() { String::new() } else { format!(": {}", list(details)) })]
    BadRequest {
        service: Service,
        message: String,
        details: Vec<FieldError>,
    },
    #[error("{service} is rate limiting (429) after {attempts} attempt(s){}", retry_after.map(|d| format!("; it asks to wait {}", seconds(d))).unwrap_or_default())]
    RateLimited {
        service: Service,
        retry_after: Option<Duration>,
        attempts: u32,
    },
    #[error("{service} answered {status} after {attempts} attempt(s){}", if *retried { "" } else { " (not retried: the call is not idempotent)" })]
    Server {
        service: Service,
        status: u16,
        attempts: u32,
        retried: bool,
    },
    #[error("{service} did not answer within {}", seconds(*after))]
    Timeout { service: Service, after: Duration },
    #[error("could not connect to {url}: {message}")]
    Connect { url: String, message: String },
    #[error("the connection to {service} was dropped before the answer was complete ({message})")]
    Dropped { service: Service, message: String },
    #[error("cancelled")]
    Cancelled,
    #[error("{service} answered {status} with a body that is not what its API returns: {message}")]
    Decode {
        service: Service,
        status: u16,
        message: String,
    },
    #[error(
        "Zendesk answered as an anonymous user: the email or API token is wrong (or token access is off)"
    )]
    AnonymousUser,
    #[error(
        "{email} is a Zendesk {role}; webhooks and triggers need an admin (or an agent allowed to manage them)"
    )]
    NotAgent { email: String, role: String },
    #[error("Braze accepted the request but rejected {} object(s): {}", errors.len(), errors.iter().map(|e| format!("{}[{}]: {}", e.input_array, e.index, e.kind)).collect::<Vec<_>>().join("; "))]
    BrazeRejected { errors: Vec<BrazeObjectError> },
    #[error("{service} answered {status}: {message}")]
    Status {
        service: Service,
        status: u16,
        message: String,
    },
}

impl ApiError {
    /// The same error with every quoted text passed through the redactor.
    pub fn redacted(self, r: &Redactor) -> Self {
        let m = |s: String| r.text(&s);
        let fields = |d: Vec<FieldError>| {
            d.into_iter()
                .map(|f| FieldError {
                    field: r.text(&f.field),
                    description: r.text(&f.description),
                })
                .collect()
        };
        match self {
            ApiError::Endpoint(s) => ApiError::Endpoint(m(s)),
            ApiError::Unauthorized { service, message } => ApiError::Unauthorized {
                service,
                message: m(message),
            },
            ApiError::Forbidden { service, message } => ApiError::Forbidden {
                service,
                message: m(message),
            },
            ApiError::NotFound { service, message } => ApiError::NotFound {
                service,
                message: m(message),
            },
            ApiError::Invalid { details } => ApiError::Invalid {
                details: fields(details),
            },
            ApiError::BadRequest {
                service,
                message,
                details,
            } => ApiError::BadRequest {
                service,
                message: m(message),
                details: fields(details),
            },
            ApiError::Connect { url, message } => ApiError::Connect {
                url: m(url),
                message: m(message),
            },
            ApiError::Dropped { service, message } => ApiError::Dropped {
                service,
                message: m(message),
            },
            ApiError::Decode {
                service,
                status,
                message,
            } => ApiError::Decode {
                service,
                status,
                message: m(message),
            },
            ApiError::NotAgent { email, role } => ApiError::NotAgent {
                email: m(email),
                role: m(role),
            },
            ApiError::Status {
                service,
                status,
                message,
            } => ApiError::Status {
                service,
                status,
                message: m(message),
            },
            ApiError::BrazeRejected { errors } => ApiError::BrazeRejected {
                errors: errors
                    .into_iter()
                    .map(|e| BrazeObjectError {
                        kind: r.text(&e.kind),
                        ..e
                    })
                    .collect(),
            },
            other => other,
        }
    }

    /// Worth trying again later without changing anything.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            ApiError::RateLimited { .. }
                | ApiError::Server { .. }
                | ApiError::Timeout { .. }
                | ApiError::Connect { .. }
                | ApiError::Dropped { .. }
        )
    }
}

fn unauthorized_hint(service: Service) -> &'static str {
    match service {
        Service::Zendesk => "check the email and API token, and that token access is enabled",
        Service::Braze => {
            "check the REST API key (no quotes) and that it belongs to this Braze instance"
        }
    }
}

fn forbidden_hint(service: Service) -> &'static str {
    match service {
        Service::Braze => ": the REST API key lacks the permission this endpoint needs",
        Service::Zendesk => "",
    }
}

fn list(details: &[FieldError]) -> String {
    details
        .iter()
        .map(|d| format!("{}: {}", d.field, d.description))
        .collect::<Vec<_>>()
        .join("; ")
}

fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 && s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{s:.1} s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::Secret;

    #[test]
    fn quoted_service_words_are_masked() {
        let r = Redactor::new().with(&Secret::new("k-secret-123"));
        let e = ApiError::Unauthorized {
            service: Service::Braze,
            message: "Invalid API key: k-secret-123".into(),
        }
        .redacted(&r);
        assert!(!e.to_string().contains("k-secret-123"), "{e}");
        let e = ApiError::Invalid {
            details: vec![FieldError {
                field: "base".into(),
                description: "token k-secret-123 is wrong".into(),
            }],
        }
        .redacted(&r);
        assert!(!e.to_string().contains("k-secret-123"), "{e}");
    }
}
