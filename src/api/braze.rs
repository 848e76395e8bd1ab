//! The Braze REST API: `/users/track` (log events, attributes, purchases) and
//! `/users/export/ids` (real users as preview samples). See docs/braze-api.md.

use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Value as Json, json};

use super::call::{ClientOptions, Control, Request, Response, Transport};
use super::endpoint;
use super::error::{ApiError, BrazeObjectError, Fallbacks, status_error};
use super::exchange::{Redactor, Secret, Service};
use super::{Outcome, body_json, decode_json};

const SERVICE: Service = Service::Braze;

/// Braze's words for an error answer that carries no message of its own.
const FALLBACKS: Fallbacks = Fallbacks {
    unauthorized: "Invalid API key",
    forbidden: "Access Denied",
    not_found: "Not Found: check the instance URL",
};

/// `/users/track`'s answer. Any 2xx is success; `errors` lists objects Braze refused.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TrackResponse {
    pub message: String,
    #[serde(default)]
    pub attributes_processed: Option<u64>,
    #[serde(default)]
    pub events_processed: Option<u64>,
    #[serde(default)]
    pub purchases_processed: Option<u64>,
    #[serde(default)]
    pub errors: Vec<BrazeObjectError>,
}

/// Who to export and which fields; empty lists are left out of the request.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ExportRequest {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub external_ids: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub user_aliases: Vec<Json>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub braze_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields_to_export: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ExportResponse {
    /// Braze user objects: the sample-user file format.
    #[serde(default)]
    pub users: Vec<Json>,
    #[serde(default)]
    pub invalid_user_ids: Vec<String>,
    #[serde(default)]
    pub message: String,
}

/// Braze's REST API, for one instance and one REST API key.
#[derive(Clone, Debug)]
pub struct BrazeClient {
    base: String,
    key: Secret,
    transport: Transport,
}

impl BrazeClient {
    /// `base` is a checked URL ([`endpoint::braze_from_instance`] or [`endpoint::explicit`]).
    pub fn new(base: &str, key: Secret, options: ClientOptions) -> Result<Self, ApiError> {
        let base = endpoint::explicit(base)?;
        let redactor = Redactor::new().with(&key);
        Ok(Self {
            base,
            key,
            transport: Transport::new(options, redactor)?,
        })
    }

    pub fn with_control(&self, control: Control) -> Self {
        let mut c = self.clone();
        c.transport.control = control;
        c
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// The one mask for everything this client's key could appear in.
    pub fn redactor(&self) -> &Redactor {
        &self.transport.redactor
    }

    async fn call<T>(
        &self,
        operation: &'static str,
        path: &str,
        body: String,
        decode: impl FnOnce(&Response) -> Result<T, ApiError>,
    ) -> Outcome<T> {
        let request = Request {
            service: SERVICE,
            operation,
            method: Method::POST,
            url: format!("{}{path}", self.base),
            headers: vec![
                ("Authorization", format!("Bearer {}", self.key.expose())),
                ("Content-Type", "application/json".to_owned()),
            ],
            body: Some(body),
        };
        let (response, exchange) = self.transport.execute(request).await;
        let result = response.and_then(|r| {
            if (200..300).contains(&r.status) {
                decode(&r)
            } else {
                Err(error(&r))
            }
        });
        // Messages quote the service's words: mask them like everything else.
        let result = result.map_err(|e| e.redacted(&self.transport.redactor));
        Outcome { result, exchange }
    }

    /// Logs events, attributes and purchases. Objects Braze refused inside a 2xx come back as
    /// [`ApiError::BrazeRejected`] (the exchange still shows the 201).
    pub async fn track(&self, body: &Json) -> Outcome<TrackResponse> {
        self.track_raw(&body.to_string()).await
    }

    /// The same with the body exactly as rendered.
    pub async fn track_raw(&self, body: &str) -> Outcome<TrackResponse> {
        self.call("users.track", "/users/track", body.to_owned(), |r| {
            let response: TrackResponse = decode_json(SERVICE, r)?;
            if response.errors.is_empty() {
                Ok(response)
            } else {
                Err(ApiError::BrazeRejected {
                    errors: response.errors,
                })
            }
        })
        .await
    }

    /// Exports users: the answer's user objects are the sample-user format.
    pub async fn export_ids(&self, request: &ExportRequest) -> Outcome<ExportResponse> {
        let body = json!(request).to_string();
        self.call("users.export.ids", "/users/export/ids", body, |r| {
            decode_json(SERVICE, r)
        })
        .await
    }
}

pub(in crate::api) fn error(r: &Response) -> ApiError {
    let json = body_json(r);
    let message = json
        .as_ref()
        .and_then(|j| j.get("message"))
        .and_then(Json::as_str)
        .unwrap_or_default()
        .to_owned();
    // Every Braze call here is a POST: not repeated after a 5xx.
    status_error(r, SERVICE, message, &FALLBACKS, Vec::new, false)
}
