//! One error type for both services: what went wrong, in words a user can act on (through the
//! catalogue: see [`Localize`]). Secrets never appear here; response text is quoted only after
//! masking.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::call::{Response, retry_after};
use super::endpoint::BRAZE_INSTANCES;
use super::exchange::{Redactor, Service};
use crate::i18n::{Localize, Message};
use crate::msg;

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

/// Why a base URL, subdomain or instance cannot be used; nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum EndpointError {
    /// A host that is not on zendesk.com where a subdomain was expected.
    NotOnZendesk {
        input: String,
    },
    BadSubdomain {
        input: String,
    },
    UnknownInstance {
        input: String,
    },
    NotUrl {
        url: String,
    },
    /// `https://user:pass@host`.
    CarriesCredentials,
    NoHost {
        url: String,
    },
    PlainHttp {
        url: String,
    },
    Scheme {
        scheme: String,
    },
    /// A Zendesk connection with both or neither of subdomain and URL.
    ZendeskAddress,
    /// A Braze connection with both or neither of instance and URL.
    BrazeAddress,
    /// The HTTP client itself could not be built.
    ClientStart {
        reason: String,
    },
}

impl Localize for EndpointError {
    fn message(&self) -> Message {
        match self {
            EndpointError::NotOnZendesk { input } => {
                msg!("api-endpoint-not-zendesk", input = input)
            }
            EndpointError::BadSubdomain { input } => msg!("api-endpoint-subdomain", input = input),
            EndpointError::UnknownInstance { input } => {
                let known: Vec<&str> = BRAZE_INSTANCES.iter().map(|(n, _)| *n).collect();
                msg!(
                    "api-endpoint-instance",
                    input = input,
                    known = known.join(", ")
                )
            }
            EndpointError::NotUrl { url } => msg!("api-endpoint-not-url", url = url),
            EndpointError::CarriesCredentials => msg!("api-endpoint-credentials"),
            EndpointError::NoHost { url } => msg!("api-endpoint-no-host", url = url),
            EndpointError::PlainHttp { url } => msg!("api-endpoint-plain-http", url = url),
            EndpointError::Scheme { scheme } => msg!("api-endpoint-scheme", scheme = scheme),
            EndpointError::ZendeskAddress => msg!("api-endpoint-zendesk-address"),
            EndpointError::BrazeAddress => msg!("api-endpoint-braze-address"),
            EndpointError::ClientStart { reason } => msg!("api-client-start", reason = reason),
        }
    }
}

/// Errors never carry a secret: clients pass every one through [`ApiError::redacted`]. They are
/// kept in the send history (serialized with a `kind`), so a later run shows them in its language.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ApiError {
    /// The base URL, subdomain or instance is not usable; nothing was sent.
    Endpoint {
        problem: EndpointError,
    },
    Unauthorized {
        service: Service,
        message: String,
    },
    Forbidden {
        service: Service,
        message: String,
    },
    NoSuchAccount {
        url: String,
    },
    NotFound {
        service: Service,
        message: String,
    },
    Invalid {
        details: Vec<FieldError>,
    },
    BadRequest {
        service: Service,
        message: String,
        details: Vec<FieldError>,
    },
    RateLimited {
        service: Service,
        retry_after: Option<Duration>,
        attempts: u32,
    },
    Server {
        service: Service,
        status: u16,
        attempts: u32,
        retried: bool,
    },
    Timeout {
        service: Service,
        after: Duration,
    },
    Connect {
        url: String,
        message: String,
    },
    /// The host's name could not be looked up: no network, or DNS failing. Not a wrong Zendesk
    /// subdomain, which still resolves (Zendesk answers any) and gets [`ApiError::NoSuchAccount`].
    Unresolved {
        host: String,
        message: String,
    },
    Dropped {
        service: Service,
        message: String,
    },
    Cancelled,
    Decode {
        service: Service,
        status: u16,
        /// What did not fit (serde's words), or none for an empty body.
        message: Option<String>,
    },
    /// A 2xx body without the field the call needs.
    MissingField {
        service: Service,
        status: u16,
        field: String,
    },
    AnonymousUser,
    NotAgent {
        email: String,
        role: String,
    },
    BrazeRejected {
        errors: Vec<BrazeObjectError>,
    },
    Status {
        service: Service,
        status: u16,
        message: String,
    },
    /// Text an older zenbraze wrote to the history, shown as it was written.
    Recorded {
        text: String,
    },
}

impl From<EndpointError> for ApiError {
    fn from(problem: EndpointError) -> Self {
        ApiError::Endpoint { problem }
    }
}

impl Localize for ApiError {
    fn message(&self) -> Message {
        let service_name = |s: &Service| s.to_string();
        match self {
            ApiError::Endpoint { problem } => problem.message(),
            ApiError::Unauthorized { service, message } => msg!(
                "api-unauthorized",
                service = service_name(service),
                message = message,
                hint = msg!("api-unauthorized-hint", service = service.code())
            ),
            ApiError::Forbidden { service, message } => msg!(
                "api-forbidden",
                service = service.code(),
                name = service_name(service),
                message = message
            ),
            ApiError::NoSuchAccount { url } => msg!("api-no-such-account", url = url),
            ApiError::NotFound { service, message } => {
                msg!(
                    "api-not-found",
                    service = service_name(service),
                    message = message
                )
            }
            ApiError::Invalid { details } => msg!("api-invalid", details = list(details)),
            ApiError::BadRequest {
                service,
                message,
                details,
            } => {
                if details.is_empty() {
                    msg!(
                        "api-bad-request",
                        service = service_name(service),
                        message = message
                    )
                } else {
                    msg!(
                        "api-bad-request-details",
                        service = service_name(service),
                        message = message,
                        details = list(details)
                    )
                }
            }
            ApiError::RateLimited {
                service,
                retry_after,
                attempts,
            } => match retry_after {
                Some(wait) => msg!(
                    "api-rate-limited-wait",
                    service = service_name(service),
                    attempts = *attempts,
                    wait = seconds(*wait)
                ),
                None => msg!(
                    "api-rate-limited",
                    service = service_name(service),
                    attempts = *attempts
                ),
            },
            ApiError::Server {
                service,
                status,
                attempts,
                retried,
            } => {
                let (service, status, attempts) = (service_name(service), *status, *attempts);
                if *retried {
                    msg!(
                        "api-server",
                        service = service,
                        status = status,
                        attempts = attempts
                    )
                } else {
                    msg!(
                        "api-server-not-retried",
                        service = service,
                        status = status,
                        attempts = attempts
                    )
                }
            }
            ApiError::Timeout { service, after } => {
                msg!(
                    "api-timeout",
                    service = service_name(service),
                    after = seconds(*after)
                )
            }
            ApiError::Connect { url, message } => {
                msg!("api-connect", url = url, reason = message)
            }
            ApiError::Unresolved { host, message } => {
                msg!("api-unresolved", host = host, reason = message)
            }
            ApiError::Dropped { service, message } => {
                msg!(
                    "api-dropped",
                    service = service_name(service),
                    reason = message
                )
            }
            ApiError::Cancelled => msg!("api-cancelled"),
            ApiError::Decode {
                service,
                status,
                message,
            } => msg!(
                "api-decode",
                service = service_name(service),
                status = *status,
                reason = match message {
                    Some(m) => msg!("api-quoted-reason", reason = m),
                    None => msg!("api-empty-body"),
                }
            ),
            ApiError::MissingField {
                service,
                status,
                field,
            } => msg!(
                "api-missing-field",
                service = service_name(service),
                status = *status,
                field = field
            ),
            ApiError::AnonymousUser => msg!("api-anonymous"),
            ApiError::NotAgent { email, role } => msg!("api-not-agent", email = email, role = role),
            ApiError::BrazeRejected { errors } => msg!(
                "api-braze-rejected",
                count = errors.len(),
                errors = errors
                    .iter()
                    .map(|e| format!("{}[{}]: {}", e.input_array, e.index, e.kind))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            ApiError::Status {
                service,
                status,
                message,
            } => msg!(
                "api-status",
                service = service_name(service),
                status = *status,
                message = message
            ),
            ApiError::Recorded { text } => msg!("api-recorded", text = text),
        }
    }
}
crate::display_via_message!(ApiError);

/// Reads an error from the history: a typed error, or the text an older zenbraze wrote.
pub fn lenient<'de, D>(deserializer: D) -> Result<Option<ApiError>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let value: Option<serde_json::Value> = Option::deserialize(deserializer)?;
    Ok(value.map(|v| match v {
        serde_json::Value::String(text) => ApiError::Recorded { text },
        other => serde_json::from_value(other.clone()).unwrap_or(ApiError::Recorded {
            text: other.to_string(),
        }),
    }))
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
            ApiError::Recorded { text } => ApiError::Recorded { text: m(text) },
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
            ApiError::Unresolved { host, message } => ApiError::Unresolved {
                host: m(host),
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
                message: message.map(m),
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
                | ApiError::Unresolved { .. }
                | ApiError::Dropped { .. }
        )
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

/// What a service says when an error answer carries no message of its own.
pub(crate) struct Fallbacks {
    pub unauthorized: &'static str,
    pub forbidden: &'static str,
    pub not_found: &'static str,
}

/// An error status as an [`ApiError`], the same for both services. Each passes only what
/// differs: its own words for the error (`message`, empty when it said none), its fallback
/// words, the details a 400 carries, and whether a 5xx was retried. A status a service reads
/// its own way (Zendesk's 422, its 404 without JSON) is matched before this is called.
pub(crate) fn status_error(
    r: &Response,
    service: Service,
    message: String,
    fallbacks: &Fallbacks,
    details: impl FnOnce() -> Vec<FieldError>,
    retried: bool,
) -> ApiError {
    let or = |fallback: &str| {
        if message.is_empty() {
            fallback.to_owned()
        } else {
            message.clone()
        }
    };
    match r.status {
        400 => ApiError::BadRequest {
            service,
            message: or("Bad Request"),
            details: details(),
        },
        401 => ApiError::Unauthorized {
            service,
            message: or(fallbacks.unauthorized),
        },
        403 => ApiError::Forbidden {
            service,
            message: or(fallbacks.forbidden),
        },
        404 => ApiError::NotFound {
            service,
            message: or(fallbacks.not_found),
        },
        429 => ApiError::RateLimited {
            service,
            retry_after: retry_after(r),
            attempts: r.attempts,
        },
        s if s >= 500 => ApiError::Server {
            service,
            status: s,
            attempts: r.attempts,
            retried,
        },
        s => ApiError::Status {
            service,
            status: s,
            message: or("unexpected answer"),
        },
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

    fn answer(status: u16, body: &str) -> Response {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("retry-after", "7".parse().unwrap());
        Response {
            status,
            headers,
            body: bytes::Bytes::from(body.to_owned()),
            attempts: 3,
        }
    }

    /// Both services through the one mapping, each status as the two copies mapped it.
    #[test]
    fn both_services_map_error_statuses_as_before() {
        let zendesk = super::super::zendesk::ZendeskClient::new(
            "https://acme.zendesk.com",
            "a@acme.test",
            Secret::new("t"),
            Default::default(),
        )
        .unwrap();
        let z = |status, body| zendesk.error(&answer(status, body), true);
        let b = |status, body| super::super::braze::error(&answer(status, body), false);
        let (zd, bz) = (Service::Zendesk, Service::Braze);
        let said = |s: &str| s.to_owned();

        // 401, 403, 404: the service's own words, else its fallback.
        assert_eq!(
            z(401, "{}"),
            ApiError::Unauthorized {
                service: zd,
                message: said("Couldn't authenticate you")
            }
        );
        assert_eq!(
            z(
                401,
                r#"{"error":"Couldn't authenticate you","description":"bad token"}"#
            ),
            ApiError::Unauthorized {
                service: zd,
                message: said("Couldn't authenticate you: bad token")
            }
        );
        assert_eq!(
            b(401, "{}"),
            ApiError::Unauthorized {
                service: bz,
                message: said("Invalid API key")
            }
        );
        assert_eq!(
            b(401, r#"{"message":"Invalid API Key"}"#),
            ApiError::Unauthorized {
                service: bz,
                message: said("Invalid API Key")
            }
        );
        assert_eq!(
            z(403, ""),
            ApiError::Forbidden {
                service: zd,
                message: said("Forbidden")
            }
        );
        assert_eq!(
            b(403, ""),
            ApiError::Forbidden {
                service: bz,
                message: said("Access Denied")
            }
        );
        assert_eq!(
            z(404, "{}"),
            ApiError::NotFound {
                service: zd,
                message: said("Not found")
            }
        );
        assert_eq!(
            z(404, "<html>no such account</html>"),
            ApiError::NoSuchAccount {
                url: said("https://acme.zendesk.com")
            }
        );
        assert_eq!(
            b(404, "<html></html>"),
            ApiError::NotFound {
                service: bz,
                message: said("Not Found: check the instance URL")
            }
        );

        // 400 and 422: Zendesk's field errors; Braze has neither.
        let invalid =
            r#"{"error":"RecordInvalid","details":{"priority":[{"description":"is invalid"}]}}"#;
        let priority = vec![FieldError {
            field: said("priority"),
            description: said("is invalid"),
        }];
        assert_eq!(
            z(422, invalid),
            ApiError::Invalid {
                details: priority.clone()
            }
        );
        assert_eq!(
            z(400, invalid),
            ApiError::BadRequest {
                service: zd,
                message: said("RecordInvalid"),
                details: priority
            }
        );
        assert_eq!(
            b(400, "{}"),
            ApiError::BadRequest {
                service: bz,
                message: said("Bad Request"),
                details: vec![]
            }
        );
        assert_eq!(
            b(422, "{}"),
            ApiError::Status {
                service: bz,
                status: 422,
                message: said("unexpected answer")
            }
        );

        // 429 and 5xx: the wait asked for, the attempts made, and whether it was retried.
        for (e, service) in [(z(429, ""), zd), (b(429, ""), bz)] {
            assert_eq!(
                e,
                ApiError::RateLimited {
                    service,
                    retry_after: Some(Duration::from_secs(7)),
                    attempts: 3
                }
            );
        }
        assert_eq!(
            z(503, ""),
            ApiError::Server {
                service: zd,
                status: 503,
                attempts: 3,
                retried: true
            }
        );
        assert_eq!(
            b(502, ""),
            ApiError::Server {
                service: bz,
                status: 502,
                attempts: 3,
                retried: false
            }
        );
        assert_eq!(
            z(409, ""),
            ApiError::Status {
                service: zd,
                status: 409,
                message: said("unexpected answer")
            }
        );
    }
}
