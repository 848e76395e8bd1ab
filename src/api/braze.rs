//! The Braze REST API: `/users/track` (log events, attributes, purchases),
//! `/users/export/ids` (real users as preview samples) and the Content Blocks
//! (`/content_blocks/create`, `update`, `list`, `info`). See docs/braze-api.md.

use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Value as Json, json};

use super::call::{ClientOptions, Control, Request, Response, Transport};
use super::endpoint;
use super::error::{ApiError, BrazeObjectError, Fallbacks, status_error};
use super::exchange::{Exchange, Redactor, Secret, Service};
use super::{Outcome, body_json, decode_json};

/// The most Content Blocks one `/content_blocks/list` page holds (Braze's maximum `limit`).
pub const CONTENT_BLOCKS_PAGE: u32 = 1000;
/// A list that is still full after this many pages is cut (a server that ignores `offset`).
const MAX_PAGES: usize = 1000;

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

/// A Content Block's `state`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockState {
    Active,
    Draft,
}

/// `/content_blocks/create`'s body. Braze's limits: `name` under 100 characters and unique,
/// `description` under 250, `tags` must already exist.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct NewContentBlock {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub content: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<BlockState>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

/// `/content_blocks/update`'s body: what is `None` stays as it is.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ContentBlockChange {
    pub content_block_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<BlockState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
}

/// What create and update answer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ContentBlockWritten {
    pub content_block_id: String,
    #[serde(default)]
    pub liquid_tag: String,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub message: String,
}

/// One row of `/content_blocks/list` (no content: `/content_blocks/info` has it).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ContentBlockSummary {
    pub content_block_id: String,
    pub name: String,
    #[serde(default)]
    pub content_type: String,
    #[serde(default)]
    pub liquid_tag: String,
    #[serde(default)]
    pub inclusion_count: u64,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub last_edited: String,
    #[serde(default)]
    pub tags: Vec<String>,
}

#[derive(Deserialize)]
struct ContentBlockPage {
    #[serde(default)]
    content_blocks: Vec<ContentBlockSummary>,
}

/// `/content_blocks/info`'s answer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ContentBlockInfo {
    pub content_block_id: String,
    pub name: String,
    #[serde(default)]
    pub content: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub content_type: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub last_edited: String,
    #[serde(default)]
    pub inclusion_count: u64,
}

/// `/messages/send`'s answer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DispatchResponse {
    #[serde(default)]
    pub dispatch_id: String,
    #[serde(default)]
    pub message: String,
}

/// A list read page by page: every page's exchange, and the rows or the first error.
#[derive(Debug, Clone)]
pub struct Pages<T> {
    pub result: Result<Vec<T>, ApiError>,
    pub exchanges: Vec<Exchange>,
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

    /// The same client, also masking `secret` (and its Basic-auth form with `user`) in every
    /// exchange and error: for a call whose body carries another service's credential, like a
    /// webhook message's `request_headers`.
    pub fn masking(&self, user: Option<&str>, secret: &Secret) -> Self {
        let mut c = self.clone();
        let r = c.transport.redactor.clone().with(secret);
        c.transport.redactor = match user {
            Some(u) => r.with_basic(u, secret),
            None => r,
        };
        c
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
        self.call_with(operation, Method::POST, path, Some(body), decode)
            .await
    }

    async fn call_with<T>(
        &self,
        operation: &'static str,
        method: Method,
        path: &str,
        body: Option<String>,
        decode: impl FnOnce(&Response) -> Result<T, ApiError>,
    ) -> Outcome<T> {
        let mut headers = vec![("Authorization", format!("Bearer {}", self.key.expose()))];
        if body.is_some() {
            headers.push(("Content-Type", "application/json".to_owned()));
        }
        // A GET is repeated after a 5xx by the transport; a POST is not.
        let retried = method == Method::GET;
        let request = Request {
            service: SERVICE,
            operation,
            method,
            url: format!("{}{path}", self.base),
            headers,
            body,
        };
        let (response, exchange) = self.transport.execute(request).await;
        let result = response.and_then(|r| {
            if (200..300).contains(&r.status) {
                decode(&r)
            } else {
                Err(error(&r, retried))
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

    /// Creates a Content Block; the answer names its id and `liquid_tag`.
    pub async fn create_content_block(
        &self,
        block: &NewContentBlock,
    ) -> Outcome<ContentBlockWritten> {
        let body = json!(block).to_string();
        self.call(
            "content_blocks.create",
            "/content_blocks/create",
            body,
            |r| decode_json(SERVICE, r),
        )
        .await
    }

    /// Changes a Content Block: only the fields that are set.
    pub async fn update_content_block(
        &self,
        change: &ContentBlockChange,
    ) -> Outcome<ContentBlockWritten> {
        let body = json!(change).to_string();
        self.call(
            "content_blocks.update",
            "/content_blocks/update",
            body,
            |r| decode_json(SERVICE, r),
        )
        .await
    }

    /// One page of `/content_blocks/list`: `limit` rows (1 to 1,000) after `offset` rows. An
    /// offset of 0 is left out: Braze refuses `offset=0`.
    pub async fn list_content_blocks_page(
        &self,
        limit: u32,
        offset: u64,
    ) -> Outcome<Vec<ContentBlockSummary>> {
        let limit = limit.clamp(1, CONTENT_BLOCKS_PAGE);
        let path = if offset == 0 {
            format!("/content_blocks/list?limit={limit}")
        } else {
            format!("/content_blocks/list?limit={limit}&offset={offset}")
        };
        self.call_with("content_blocks.list", Method::GET, &path, None, |r| {
            decode_json::<ContentBlockPage>(SERVICE, r).map(|p| p.content_blocks)
        })
        .await
    }

    /// Every Content Block: pages of `limit` until a short page (Braze's list has no cursor
    /// and no "has more").
    pub async fn list_content_blocks(&self, limit: u32) -> Pages<ContentBlockSummary> {
        let limit = limit.clamp(1, CONTENT_BLOCKS_PAGE);
        let mut rows = Vec::new();
        let mut exchanges = Vec::new();
        for _ in 0..MAX_PAGES {
            let outcome = self
                .list_content_blocks_page(limit, rows.len() as u64)
                .await;
            exchanges.push(outcome.exchange);
            match outcome.result {
                Ok(page) => {
                    let short = page.len() < limit as usize;
                    rows.extend(page);
                    if short {
                        break;
                    }
                }
                Err(e) => {
                    return Pages {
                        result: Err(e),
                        exchanges,
                    };
                }
            }
        }
        Pages {
            result: Ok(rows),
            exchanges,
        }
    }

    /// Sends a message now (`messages` holds e.g. a `webhook` object); Braze answers with a
    /// `dispatch_id` and sends after answering.
    pub async fn send_messages(&self, body: &Json) -> Outcome<DispatchResponse> {
        self.call("messages.send", "/messages/send", body.to_string(), |r| {
            decode_json(SERVICE, r)
        })
        .await
    }

    /// One Content Block with its content.
    pub async fn content_block_info(&self, content_block_id: &str) -> Outcome<ContentBlockInfo> {
        let path = format!(
            "/content_blocks/info?content_block_id={}",
            crate::percent::encode(content_block_id)
        );
        self.call_with("content_blocks.info", Method::GET, &path, None, |r| {
            decode_json(SERVICE, r)
        })
        .await
    }
}

pub(in crate::api) fn error(r: &Response, retried: bool) -> ApiError {
    let json = body_json(r);
    let message = json
        .as_ref()
        .and_then(|j| j.get("message"))
        .and_then(Json::as_str)
        .unwrap_or_default()
        .to_owned();
    status_error(r, SERVICE, message, &FALLBACKS, Vec::new, retried)
}
