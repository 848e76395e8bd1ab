//! The Zendesk Support API: tickets, users, webhooks (with invocations), triggers and trigger
//! categories. Paths, bodies and errors follow docs/zendesk-api.md.
//!
//! One file per resource, as `sandbox/zendesk/` has: `tickets`, `users`, `webhooks`, `triggers`
//! (with trigger categories), `search` and `pages` (cursor pagination). This file holds the
//! client, its one `call` and how an error answer is read.

mod automations;
mod custom_statuses;
mod pages;
mod search;
mod tickets;
mod triggers;
mod users;
mod webhooks;

use base64::Engine as _;
use reqwest::Method;
use serde_json::Value as Json;

use super::call::{ClientOptions, Control, Request, Response, Transport};
use super::endpoint;
use super::error::{ApiError, Fallbacks, FieldError, status_error};
use super::exchange::{Redactor, Secret, Service, Warning};
use super::{Outcome, body_json};
use crate::percent::encode as url_encode;

pub use automations::{Automation, AutomationPage, NewAutomation};
pub use custom_statuses::CustomStatus;
pub use pages::{CursorPage, PageRequest};
pub use search::SearchPage;
pub use tickets::{Audit, Comment, CreatedTicket, RuleVia, Ticket, TicketUpdate};
pub use triggers::{
    Action, Condition, Conditions, NewTrigger, Trigger, TriggerCategory, TriggerPage,
};
pub use users::{UpsertedUser, User};
pub use webhooks::{
    Invocation, InvocationAttempt, KeyValue, NewWebhook, Webhook, WebhookAuth, WebhookTestResponse,
};

const SERVICE: Service = Service::Zendesk;

/// Zendesk's words for an error answer that carries no message of its own.
const FALLBACKS: Fallbacks = Fallbacks {
    unauthorized: "Couldn't authenticate you",
    forbidden: "Forbidden",
    not_found: "Not found",
};

/// How the client signs in.
#[derive(Clone, Debug)]
pub enum ZendeskAuth {
    /// `Authorization: Basic base64(email/token:api_token)`.
    ApiToken { email: String, token: Secret },
    /// `Authorization: Bearer access_token`.
    OAuth(Secret),
}

/// Zendesk's Support API, for one account and one credential.
#[derive(Clone, Debug)]
pub struct ZendeskClient {
    /// `https://acme.zendesk.com` (or the sandbox's root).
    root: String,
    auth: ZendeskAuth,
    transport: Transport,
}

impl ZendeskClient {
    /// An API-token client. `root` is a checked base URL ([`endpoint::zendesk_from_subdomain`]
    /// or [`endpoint::explicit`]); a trailing `/api/v2` is accepted.
    pub fn new(
        root: &str,
        email: &str,
        token: Secret,
        options: ClientOptions,
    ) -> Result<Self, ApiError> {
        let auth = ZendeskAuth::ApiToken {
            email: email.trim().to_owned(),
            token,
        };
        Self::with_auth(root, auth, options)
    }

    pub fn with_auth(
        root: &str,
        auth: ZendeskAuth,
        options: ClientOptions,
    ) -> Result<Self, ApiError> {
        let root = endpoint::explicit(root)?;
        let root = root.strip_suffix("/api/v2").unwrap_or(&root).to_owned();
        let redactor = match &auth {
            ZendeskAuth::ApiToken { email, token } => {
                Redactor::new().with_basic(&format!("{email}/token"), token)
            }
            ZendeskAuth::OAuth(token) => Redactor::new().with(token),
        };
        Ok(Self {
            root,
            auth,
            transport: Transport::new(options, redactor)?,
        })
    }

    /// The same client with a cancel handle and phase watcher for its calls.
    pub fn with_control(&self, control: Control) -> Self {
        let mut c = self.clone();
        c.transport.control = control;
        c
    }

    /// The same client, also masking another secret it carries in bodies (the Braze key a
    /// webhook authenticates with).
    pub fn also_masking(&self, secret: &Secret) -> Self {
        let mut c = self.clone();
        c.transport.redactor = c.transport.redactor.clone().with(secret);
        c
    }

    pub fn root(&self) -> &str {
        &self.root
    }

    /// The agent email (API-token auth), for messages.
    pub fn email(&self) -> Option<&str> {
        match &self.auth {
            ZendeskAuth::ApiToken { email, .. } => Some(email),
            ZendeskAuth::OAuth(_) => None,
        }
    }

    /// The one mask for everything this client's secret could appear in.
    pub fn redactor(&self) -> &Redactor {
        &self.transport.redactor
    }

    fn authorization(&self) -> String {
        match &self.auth {
            ZendeskAuth::ApiToken { email, token } => {
                let raw = format!("{email}/token:{}", token.expose());
                format!(
                    "Basic {}",
                    base64::engine::general_purpose::STANDARD.encode(raw)
                )
            }
            ZendeskAuth::OAuth(token) => format!("Bearer {}", token.expose()),
        }
    }

    async fn call<T>(
        &self,
        operation: &'static str,
        method: Method,
        path: &str,
        body: Option<String>,
        decode: impl FnOnce(&Response) -> Result<T, ApiError>,
    ) -> Outcome<T> {
        let mut headers = vec![
            ("Authorization", self.authorization()),
            ("Accept", "application/json".to_owned()),
        ];
        if body.is_some() {
            headers.push(("Content-Type", "application/json".to_owned()));
        }
        let request = Request {
            service: SERVICE,
            operation,
            method,
            url: format!("{}/api/v2{path}", self.root),
            headers,
            body,
        };
        let idempotent = request.idempotent();
        let (response, mut exchange) = self.transport.execute(request).await;
        let result = response.and_then(|r| {
            if let Some(warn) = r.header("x-zendesk-api-warn") {
                exchange.warnings.push(describe_warning(warn));
            }
            if (200..300).contains(&r.status) {
                decode(&r)
            } else {
                Err(self.error(&r, idempotent))
            }
        });
        // Messages quote the service's words: mask them like everything else.
        let result = result.map_err(|e| e.redacted(&self.transport.redactor));
        Outcome { result, exchange }
    }

    pub(in crate::api) fn error(&self, r: &Response, idempotent: bool) -> ApiError {
        let json = body_json(r);
        match r.status {
            // A wrong subdomain answers with a page, not with the API's JSON.
            404 if json.is_none() => ApiError::NoSuchAccount {
                url: self.root.clone(),
            },
            422 => ApiError::Invalid {
                details: json.as_ref().map(field_errors).unwrap_or_default(),
            },
            _ => status_error(
                r,
                SERVICE,
                json.as_ref().map(error_message).unwrap_or_default(),
                &FALLBACKS,
                || json.as_ref().map(field_errors).unwrap_or_default(),
                idempotent,
            ),
        }
    }
}

/// `{"error": "...", "description": "..."}` or `{"errors": [{"title": ...}]}`.
fn error_message(json: &Json) -> String {
    let s = |p: &str| json.pointer(p).and_then(Json::as_str);
    match (s("/error"), s("/description")) {
        (Some(e), Some(d)) => format!("{e}: {d}"),
        (Some(e), None) => e.to_owned(),
        _ => s("/errors/0/title")
            .or(s("/errors/0/detail"))
            .unwrap_or_default()
            .to_owned(),
    }
}

/// The `details` of a RecordInvalid, or the `errors[]` of the newer APIs.
fn field_errors(json: &Json) -> Vec<FieldError> {
    let mut out = Vec::new();
    if let Some(details) = json.get("details").and_then(Json::as_object) {
        for (field, list) in details {
            for item in list.as_array().into_iter().flatten() {
                let description = item
                    .get("description")
                    .and_then(Json::as_str)
                    .unwrap_or("is invalid");
                out.push(FieldError {
                    field: field.clone(),
                    description: description.to_owned(),
                });
            }
        }
    }
    for e in json
        .get("errors")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
    {
        let get = |k: &str| e.get(k).and_then(Json::as_str).unwrap_or_default();
        let pointer = e.pointer("/source/pointer").and_then(Json::as_str);
        out.push(FieldError {
            field: pointer.unwrap_or(get("code")).to_owned(),
            description: [get("title"), get("detail")]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(": "),
        });
    }
    out
}

/// `X-Zendesk-API-Warn` is a Ruby hash; the useful part is the list of ignored keys.
fn describe_warning(header: &str) -> Warning {
    let keys: Vec<&str> = header
        .split_once("unpermitted_keys=>[")
        .and_then(|(_, rest)| rest.split_once(']'))
        .map(|(list, _)| {
            list.split(',')
                .map(|k| k.trim().trim_matches('"'))
                .filter(|k| !k.is_empty())
                .collect()
        })
        .unwrap_or_default();
    if keys.is_empty() {
        Warning::Header {
            zendesk_warning: header.to_owned(),
        }
    } else {
        Warning::IgnoredFields {
            ignored_fields: keys.into_iter().map(str::to_owned).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn warnings_name_the_ignored_fields() {
        let h = r#"{:allowed_parameters=>{:controller=>"tickets", :action=>"create", :unpermitted_keys=>["colour", "size"], :invalid_values=>[]}}"#;
        assert_eq!(
            describe_warning(h).to_string(),
            "Zendesk ignored these fields (unknown or not allowed): colour, size"
        );
        assert_eq!(describe_warning("odd").to_string(), "Zendesk warned: odd");
    }

    #[test]
    fn record_invalid_details_become_field_errors() {
        let body = json!({"error":"RecordInvalid","description":"Record validation errors",
            "details":{"priority":[{"description":"Priority: is invalid","error":"InvalidValue"}]}});
        assert_eq!(
            field_errors(&body),
            vec![FieldError {
                field: "priority".into(),
                description: "Priority: is invalid".into()
            }]
        );
        let newer = json!({"errors":[{"code":"InvalidValue","title":"Invalid endpoint","source":{"pointer":"/webhook/endpoint"}}]});
        assert_eq!(field_errors(&newer)[0].field, "/webhook/endpoint");
    }
}
