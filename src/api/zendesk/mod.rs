//! The Zendesk Support API: tickets, users, webhooks (with invocations), triggers and trigger
//! categories. Paths, bodies and errors follow ../shared/reference/zendesk-api.md.

use base64::Engine as _;
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json, json};

use super::call::{ClientOptions, Control, Request, Response, Transport, retry_after};
use super::endpoint;
use super::error::{ApiError, FieldError};
use super::exchange::{Redactor, Secret, Service, Warning};
use super::{Outcome, body_json, decode_json};
use crate::secrets::redact::percent_encode as url_encode;

const SERVICE: Service = Service::Zendesk;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ticket {
    pub id: u64,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub subject: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub priority: Option<String>,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub requester_id: Option<u64>,
    #[serde(default)]
    pub assignee_id: Option<u64>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub external_id: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
    #[serde(flatten)]
    pub other: Map<String, Json>,
}

/// What changed in one ticket update: Zendesk's audit of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Audit {
    pub id: u64,
    #[serde(default)]
    pub ticket_id: Option<u64>,
    #[serde(default)]
    pub author_id: Option<u64>,
    #[serde(default)]
    pub created_at: Option<String>,
    /// `{"type": "Change", "field_name": "status", "value": "solved", "previous_value": "open"}`,
    /// `{"type": "Comment", "body": ...}`, `{"type": "Create", ...}`.
    #[serde(default)]
    pub events: Vec<Json>,
    #[serde(flatten)]
    pub other: Map<String, Json>,
}

/// `PUT /tickets/{id}`'s answer: the ticket and the audit of the change.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketUpdate {
    pub ticket: Ticket,
    pub audit: Option<Audit>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comment {
    pub id: u64,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub public: Option<bool>,
    #[serde(default)]
    pub author_id: Option<u64>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(flatten)]
    pub other: Map<String, Json>,
}

/// One page of a list read with cursor pagination; `after_cursor` asks for the next one.
#[derive(Debug, Clone, PartialEq)]
pub struct CursorPage<T> {
    pub items: Vec<T>,
    pub has_more: bool,
    pub after_cursor: Option<String>,
    pub before_cursor: Option<String>,
}

/// One page of search results (offset pagination, as Zendesk's search has).
#[derive(Debug, Clone, PartialEq)]
pub struct SearchPage {
    /// Each result with its `result_type` (`ticket`, `user`).
    pub results: Vec<Json>,
    pub count: u64,
    pub next_page: Option<String>,
}

/// Where a cursor list starts, how much it takes, and its order (`-id`: newest first).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PageRequest {
    pub size: Option<u32>,
    pub after: Option<String>,
    pub before: Option<String>,
    pub sort: Option<String>,
}

impl PageRequest {
    pub fn first(size: u32) -> Self {
        Self {
            size: Some(size),
            ..Self::default()
        }
    }

    fn query(&self) -> String {
        let mut params = vec![format!("page%5Bsize%5D={}", self.size.unwrap_or(100))];
        if let Some(a) = &self.after {
            params.push(format!("page%5Bafter%5D={}", url_encode(a)));
        }
        if let Some(b) = &self.before {
            params.push(format!("page%5Bbefore%5D={}", url_encode(b)));
        }
        if let Some(s) = &self.sort {
            params.push(format!("sort={}", url_encode(s)));
        }
        params.join("&")
    }
}

/// A created ticket and where Zendesk says it lives.
#[derive(Debug, Clone, PartialEq)]
pub struct CreatedTicket {
    pub ticket: Ticket,
    pub location: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    /// None for the anonymous user `/users/me` returns when the credentials are wrong.
    pub id: Option<u64>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub external_id: Option<String>,
    #[serde(flatten)]
    pub other: Map<String, Json>,
}

/// A user from `create_or_update`, and whether it is new (201) or was found (200).
#[derive(Debug, Clone, PartialEq)]
pub struct UpsertedUser {
    pub user: User,
    pub created: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Webhook {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    pub endpoint: String,
    pub http_method: String,
    pub request_format: String,
    pub status: String,
    #[serde(default)]
    pub subscriptions: Vec<String>,
    /// Type and position only: Zendesk never returns the secret part.
    #[serde(default)]
    pub authentication: Option<Json>,
    #[serde(flatten)]
    pub other: Map<String, Json>,
}

/// How a webhook authenticates to its endpoint; the secret goes to Zendesk and never back.
#[derive(Debug, Clone, PartialEq)]
pub enum WebhookAuth {
    BearerToken(Secret),
    BasicAuth { username: String, password: Secret },
    ApiKey { name: String, value: Secret },
}

impl WebhookAuth {
    fn to_json(&self) -> Json {
        let (kind, data) = match self {
            WebhookAuth::BearerToken(token) => ("bearer_token", json!({"token": token.expose()})),
            WebhookAuth::BasicAuth { username, password } => (
                "basic_auth",
                json!({"username": username, "password": password.expose()}),
            ),
            WebhookAuth::ApiKey { name, value } => {
                ("api_key", json!({"name": name, "value": value.expose()}))
            }
        };
        json!({"type": kind, "data": data, "add_position": "header"})
    }
}

/// A webhook to create or to replace (PUT).
#[derive(Debug, Clone, PartialEq)]
pub struct NewWebhook {
    pub name: String,
    pub description: Option<String>,
    pub endpoint: String,
    pub http_method: String,
    pub request_format: String,
    pub status: String,
    pub subscriptions: Vec<String>,
    pub authentication: Option<WebhookAuth>,
    pub custom_headers: Map<String, Json>,
}

impl NewWebhook {
    /// A webhook a trigger can use: POST, JSON, active, `conditional_ticket_events`.
    pub fn for_trigger(name: &str, endpoint: &str, auth: Option<WebhookAuth>) -> Self {
        Self {
            name: name.to_owned(),
            description: None,
            endpoint: endpoint.to_owned(),
            http_method: "POST".into(),
            request_format: "json".into(),
            status: "active".into(),
            subscriptions: vec!["conditional_ticket_events".into()],
            authentication: auth,
            custom_headers: Map::new(),
        }
    }

    pub fn to_json(&self) -> Json {
        let mut w = json!({
            "name": self.name,
            "endpoint": self.endpoint,
            "http_method": self.http_method,
            "request_format": self.request_format,
            "status": self.status,
            "subscriptions": self.subscriptions,
        });
        if let Some(d) = &self.description {
            w["description"] = json!(d);
        }
        if let Some(a) = &self.authentication {
            w["authentication"] = a.to_json();
        }
        if !self.custom_headers.is_empty() {
            w["custom_headers"] = Json::Object(self.custom_headers.clone());
        }
        json!({ "webhook": w })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Condition {
    pub field: String,
    pub operator: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Json>,
}

impl Condition {
    pub fn new(field: &str, operator: &str, value: impl Into<Json>) -> Self {
        Self {
            field: field.into(),
            operator: operator.into(),
            value: Some(value.into()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Conditions {
    #[serde(default)]
    pub all: Vec<Condition>,
    #[serde(default)]
    pub any: Vec<Condition>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    pub field: String,
    pub value: Json,
}

impl Action {
    /// Calls a webhook with a body (the body is a string inside the trigger's JSON).
    pub fn notify_webhook(webhook_id: &str, body: &str) -> Self {
        Self {
            field: "notification_webhook".into(),
            value: json!([webhook_id, body]),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trigger {
    pub id: u64,
    pub title: String,
    #[serde(default)]
    pub active: bool,
    #[serde(default)]
    pub position: Option<i64>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub category_id: Option<String>,
    pub conditions: Conditions,
    pub actions: Vec<Action>,
    #[serde(flatten)]
    pub other: Map<String, Json>,
}

/// A trigger to create, or the new state for `PUT` (which replaces conditions and actions).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewTrigger {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub active: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category_id: Option<String>,
    pub conditions: Conditions,
    pub actions: Vec<Action>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TriggerCategory {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub position: Option<i64>,
    #[serde(flatten)]
    pub other: Map<String, Json>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyValue {
    pub key: String,
    pub value: String,
}

/// What `/webhooks/test` reports about the target (Zendesk itself answers 200).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookTestResponse {
    pub status_code: u16,
    #[serde(default)]
    pub headers: Vec<KeyValue>,
    #[serde(default)]
    pub payload: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Invocation {
    pub id: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub latest_status: Option<u16>,
    #[serde(default)]
    pub latest_completed_at: Option<String>,
    #[serde(flatten)]
    pub other: Map<String, Json>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvocationAttempt {
    pub id: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub status_code: Option<u16>,
    #[serde(default)]
    pub request: Json,
    #[serde(default)]
    pub response: Json,
    #[serde(flatten)]
    pub other: Map<String, Json>,
}

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

    fn error(&self, r: &Response, idempotent: bool) -> ApiError {
        let json = body_json(r);
        let message = json.as_ref().map(error_message).unwrap_or_default();
        match r.status {
            401 => ApiError::Unauthorized {
                service: SERVICE,
                message: or(message, "Couldn't authenticate you"),
            },
            403 => ApiError::Forbidden {
                service: SERVICE,
                message: or(message, "Forbidden"),
            },
            // A wrong subdomain answers with a page, not with the API's JSON.
            404 if json.is_none() => ApiError::NoSuchAccount {
                url: self.root.clone(),
            },
            404 => ApiError::NotFound {
                service: SERVICE,
                message: or(message, "Not found"),
            },
            422 => ApiError::Invalid {
                details: json.as_ref().map(field_errors).unwrap_or_default(),
            },
            400 => ApiError::BadRequest {
                service: SERVICE,
                message: or(message, "Bad Request"),
                details: json.as_ref().map(field_errors).unwrap_or_default(),
            },
            429 => ApiError::RateLimited {
                service: SERVICE,
                retry_after: retry_after(r),
                attempts: r.attempts,
            },
            s if s >= 500 => ApiError::Server {
                service: SERVICE,
                status: s,
                attempts: r.attempts,
                retried: idempotent,
            },
            s => ApiError::Status {
                service: SERVICE,
                status: s,
                message: or(message, "unexpected answer"),
            },
        }
    }

    // ---- tickets ----

    /// Creates a ticket from `{"ticket": {...}}`.
    pub async fn create_ticket(&self, body: &Json) -> Outcome<CreatedTicket> {
        self.create_ticket_raw(&body.to_string()).await
    }

    /// Creates a ticket from a body exactly as rendered (the console sends what the preview shows).
    pub async fn create_ticket_raw(&self, body: &str) -> Outcome<CreatedTicket> {
        self.call(
            "tickets.create",
            Method::POST,
            "/tickets.json",
            Some(body.to_owned()),
            |r| {
                let w: TicketWrapper = decode_json(SERVICE, r)?;
                Ok(CreatedTicket {
                    ticket: w.ticket,
                    location: r.header("location").map(str::to_owned),
                })
            },
        )
        .await
    }

    pub async fn show_ticket(&self, id: u64) -> Outcome<Ticket> {
        self.call(
            "tickets.show",
            Method::GET,
            &format!("/tickets/{id}.json"),
            None,
            |r| decode_json::<TicketWrapper>(SERVICE, r).map(|w| w.ticket),
        )
        .await
    }

    /// Updates a ticket with `{"ticket": {...}}`.
    pub async fn update_ticket(&self, id: u64, body: &Json) -> Outcome<Ticket> {
        self.call(
            "tickets.update",
            Method::PUT,
            &format!("/tickets/{id}.json"),
            Some(body.to_string()),
            |r| decode_json::<TicketWrapper>(SERVICE, r).map(|w| w.ticket),
        )
        .await
    }

    /// Updates a ticket and returns the audit Zendesk wrote for the change.
    pub async fn update_ticket_audited(&self, id: u64, body: &Json) -> Outcome<TicketUpdate> {
        self.call(
            "tickets.update",
            Method::PUT,
            &format!("/tickets/{id}.json"),
            Some(body.to_string()),
            |r| {
                let w: TicketAuditWrapper = decode_json(SERVICE, r)?;
                Ok(TicketUpdate {
                    ticket: w.ticket,
                    audit: w.audit,
                })
            },
        )
        .await
    }

    /// Deletes a ticket (204).
    pub async fn delete_ticket(&self, id: u64) -> Outcome<()> {
        self.call(
            "tickets.delete",
            Method::DELETE,
            &format!("/tickets/{id}.json"),
            None,
            |_| Ok(()),
        )
        .await
    }

    /// One page of tickets with cursor pagination.
    pub async fn list_tickets(&self, page: &PageRequest) -> Outcome<CursorPage<Ticket>> {
        let path = format!("/tickets.json?{}", page.query());
        self.call("tickets.list", Method::GET, &path, None, |r| {
            cursor_page::<Ticket>(r, "tickets")
        })
        .await
    }

    /// The tickets among `ids` that exist (at most 100 ids).
    pub async fn show_many_tickets(&self, ids: &[u64]) -> Outcome<Vec<Ticket>> {
        let ids: Vec<String> = ids.iter().map(u64::to_string).collect();
        let path = format!("/tickets/show_many.json?ids={}", ids.join(","));
        self.call("tickets.show_many", Method::GET, &path, None, |r| {
            decode_json::<TicketsWrapper>(SERVICE, r).map(|w| w.tickets)
        })
        .await
    }

    /// One page of a ticket's comments, oldest first.
    pub async fn ticket_comments(
        &self,
        id: u64,
        page: &PageRequest,
    ) -> Outcome<CursorPage<Comment>> {
        let path = format!("/tickets/{id}/comments.json?{}", page.query());
        self.call("tickets.comments", Method::GET, &path, None, |r| {
            cursor_page::<Comment>(r, "comments")
        })
        .await
    }

    /// Searches with Zendesk's query syntax (`type:ticket status<solved tags:vip`), one page.
    pub async fn search(
        &self,
        query: &str,
        sort_by: Option<&str>,
        sort_order: Option<&str>,
        page: u32,
        per_page: u32,
    ) -> Outcome<SearchPage> {
        let mut path = format!(
            "/search.json?query={}&page={page}&per_page={per_page}",
            url_encode(query)
        );
        if let Some(s) = sort_by {
            path.push_str(&format!("&sort_by={}", url_encode(s)));
        }
        if let Some(o) = sort_order {
            path.push_str(&format!("&sort_order={}", url_encode(o)));
        }
        self.call("search", Method::GET, &path, None, |r| {
            let w: SearchWrapper = decode_json(SERVICE, r)?;
            Ok(SearchPage {
                results: w.results,
                count: w.count.unwrap_or(0),
                next_page: w.next_page,
            })
        })
        .await
    }

    // ---- users ----

    /// One page of users with cursor pagination.
    pub async fn list_users(&self, page: &PageRequest) -> Outcome<CursorPage<User>> {
        let path = format!("/users.json?{}", page.query());
        self.call("users.list", Method::GET, &path, None, |r| {
            cursor_page::<User>(r, "users")
        })
        .await
    }

    pub async fn show_user(&self, id: u64) -> Outcome<User> {
        self.call(
            "users.show",
            Method::GET,
            &format!("/users/{id}.json"),
            None,
            |r| decode_json::<UserWrapper>(SERVICE, r).map(|w| w.user),
        )
        .await
    }

    /// Changes the fields given, e.g. `{"name": "Ada"}`.
    pub async fn update_user(&self, id: u64, user: &Json) -> Outcome<User> {
        self.call(
            "users.update",
            Method::PUT,
            &format!("/users/{id}.json"),
            Some(json!({ "user": user }).to_string()),
            |r| decode_json::<UserWrapper>(SERVICE, r).map(|w| w.user),
        )
        .await
    }

    /// The authenticated user, as Zendesk reports it (anonymous when the credentials are wrong).
    pub async fn me(&self) -> Outcome<User> {
        self.call("users.me", Method::GET, "/users/me.json", None, |r| {
            decode_json::<UserWrapper>(SERVICE, r).map(|w| w.user)
        })
        .await
    }

    /// A connection test: the credentials must name a real agent or admin.
    pub async fn verify(&self) -> Outcome<User> {
        let mut outcome = self.me().await;
        outcome.result = outcome
            .result
            .and_then(|user| match (&user.id, &user.role) {
                (None, _) => Err(ApiError::AnonymousUser),
                (Some(_), Some(role)) if role != "admin" && role != "agent" => {
                    Err(ApiError::NotAgent {
                        email: user.email.clone().unwrap_or_default(),
                        role: role.clone(),
                    })
                }
                _ => Ok(user),
            });
        outcome
    }

    /// Search with Zendesk's syntax, e.g. `email:ada@example.com`.
    pub async fn search_users(&self, query: &str) -> Outcome<Vec<User>> {
        let path = format!("/users/search.json?query={}", url_encode(query));
        self.call("users.search", Method::GET, &path, None, |r| {
            decode_json::<UsersWrapper>(SERVICE, r).map(|w| w.users)
        })
        .await
    }

    /// Exact lookup by external id.
    pub async fn users_by_external_id(&self, external_id: &str) -> Outcome<Vec<User>> {
        let path = format!("/users/search.json?external_id={}", url_encode(external_id));
        self.call("users.search", Method::GET, &path, None, |r| {
            decode_json::<UsersWrapper>(SERVICE, r).map(|w| w.users)
        })
        .await
    }

    /// Creates the user, or returns the one with this email or external id.
    pub async fn create_or_update_user(&self, user: &Json) -> Outcome<UpsertedUser> {
        self.call(
            "users.create_or_update",
            Method::POST,
            "/users/create_or_update.json",
            Some(json!({ "user": user }).to_string()),
            |r| {
                decode_json::<UserWrapper>(SERVICE, r).map(|w| UpsertedUser {
                    user: w.user,
                    created: r.status == 201,
                })
            },
        )
        .await
    }

    // ---- webhooks (no .json suffix) ----

    pub async fn list_webhooks(&self, name_contains: Option<&str>) -> Outcome<Vec<Webhook>> {
        let path = match name_contains {
            Some(n) => format!("/webhooks?filter%5Bname_contains%5D={}", url_encode(n)),
            None => "/webhooks".to_owned(),
        };
        self.call("webhooks.list", Method::GET, &path, None, |r| {
            decode_json::<WebhooksWrapper>(SERVICE, r).map(|w| w.webhooks)
        })
        .await
    }

    pub async fn create_webhook(&self, webhook: &NewWebhook) -> Outcome<Webhook> {
        self.call(
            "webhooks.create",
            Method::POST,
            "/webhooks",
            Some(webhook.to_json().to_string()),
            |r| decode_json::<WebhookWrapper>(SERVICE, r).map(|w| w.webhook),
        )
        .await
    }

    pub async fn show_webhook(&self, id: &str) -> Outcome<Webhook> {
        self.call(
            "webhooks.show",
            Method::GET,
            &format!("/webhooks/{}", url_encode(id)),
            None,
            |r| decode_json::<WebhookWrapper>(SERVICE, r).map(|w| w.webhook),
        )
        .await
    }

    /// Replaces the webhook (204).
    pub async fn update_webhook(&self, id: &str, webhook: &NewWebhook) -> Outcome<()> {
        self.call(
            "webhooks.update",
            Method::PUT,
            &format!("/webhooks/{}", url_encode(id)),
            Some(webhook.to_json().to_string()),
            |_| Ok(()),
        )
        .await
    }

    /// Changes only the fields given, e.g. `{"webhook": {"status": "inactive"}}` (204).
    pub async fn patch_webhook(&self, id: &str, patch: &Json) -> Outcome<()> {
        self.call(
            "webhooks.patch",
            Method::PATCH,
            &format!("/webhooks/{}", url_encode(id)),
            Some(patch.to_string()),
            |_| Ok(()),
        )
        .await
    }

    pub async fn delete_webhook(&self, id: &str) -> Outcome<()> {
        self.call(
            "webhooks.delete",
            Method::DELETE,
            &format!("/webhooks/{}", url_encode(id)),
            None,
            |_| Ok(()),
        )
        .await
    }

    /// Asks Zendesk to call a target: `request` is `{endpoint, http_method, request_format,
    /// payload?, headers?}`, or `{}` with `webhook_id` to test an existing webhook.
    pub async fn test_webhook(
        &self,
        webhook_id: Option<&str>,
        request: &Json,
    ) -> Outcome<WebhookTestResponse> {
        let path = match webhook_id {
            Some(id) => format!("/webhooks/test?webhook_id={}", url_encode(id)),
            None => "/webhooks/test".to_owned(),
        };
        self.call(
            "webhooks.test",
            Method::POST,
            &path,
            Some(json!({ "request": request }).to_string()),
            |r| decode_json::<TestWrapper>(SERVICE, r).map(|w| w.response),
        )
        .await
    }

    pub async fn webhook_invocations(&self, id: &str) -> Outcome<Vec<Invocation>> {
        self.call(
            "webhooks.invocations",
            Method::GET,
            &format!("/webhooks/{}/invocations", url_encode(id)),
            None,
            |r| decode_json::<InvocationsWrapper>(SERVICE, r).map(|w| w.invocations),
        )
        .await
    }

    pub async fn invocation_attempts(
        &self,
        webhook_id: &str,
        invocation_id: &str,
    ) -> Outcome<Vec<InvocationAttempt>> {
        self.call(
            "webhooks.invocation_attempts",
            Method::GET,
            &format!(
                "/webhooks/{}/invocations/{}/attempts",
                url_encode(webhook_id),
                url_encode(invocation_id)
            ),
            None,
            |r| decode_json::<AttemptsWrapper>(SERVICE, r).map(|w| w.attempts),
        )
        .await
    }

    /// The secret Zendesk signs deliveries with (masked in the exchange).
    pub async fn webhook_signing_secret(&self, id: &str) -> Outcome<Secret> {
        self.call(
            "webhooks.signing_secret",
            Method::GET,
            &format!("/webhooks/{}/signing_secret", url_encode(id)),
            None,
            |r| {
                let json: Json = decode_json(SERVICE, r)?;
                json.pointer("/signing_secret/secret")
                    .and_then(Json::as_str)
                    .map(Secret::new)
                    .ok_or_else(|| ApiError::MissingField {
                        service: SERVICE,
                        status: r.status,
                        field: "signing_secret.secret".into(),
                    })
            },
        )
        .await
    }

    // ---- triggers ----

    /// One page of triggers from `path` (`/triggers.json` first, then each `next` it returns).
    pub async fn list_triggers_page(&self, path: &str) -> Outcome<TriggerPage> {
        let root = format!("{}/api/v2", self.root);
        self.call("triggers.list", Method::GET, path, None, |r| {
            let w: TriggersPageWrapper = decode_json(SERVICE, r)?;
            // Only a next page on this account is followed.
            let next = w
                .next_page
                .and_then(|n| n.strip_prefix(&root).map(str::to_owned));
            Ok(TriggerPage {
                triggers: w.triggers,
                next,
            })
        })
        .await
    }

    /// The first page of triggers (up to 100); [`Self::list_triggers_page`] follows the rest.
    pub async fn list_triggers(&self) -> Outcome<Vec<Trigger>> {
        self.call("triggers.list", Method::GET, "/triggers.json", None, |r| {
            decode_json::<TriggersWrapper>(SERVICE, r).map(|w| w.triggers)
        })
        .await
    }

    /// The active triggers, first page (up to 100), in position order.
    pub async fn list_active_triggers(&self) -> Outcome<Vec<Trigger>> {
        self.call(
            "triggers.active",
            Method::GET,
            "/triggers/active.json",
            None,
            |r| decode_json::<TriggersWrapper>(SERVICE, r).map(|w| w.triggers),
        )
        .await
    }

    pub async fn create_trigger(&self, trigger: &NewTrigger) -> Outcome<Trigger> {
        self.call(
            "triggers.create",
            Method::POST,
            "/triggers.json",
            Some(json!({ "trigger": trigger }).to_string()),
            |r| decode_json::<TriggerWrapper>(SERVICE, r).map(|w| w.trigger),
        )
        .await
    }

    pub async fn show_trigger(&self, id: u64) -> Outcome<Trigger> {
        self.call(
            "triggers.show",
            Method::GET,
            &format!("/triggers/{id}.json"),
            None,
            |r| decode_json::<TriggerWrapper>(SERVICE, r).map(|w| w.trigger),
        )
        .await
    }

    /// Updates a trigger. Zendesk replaces ALL conditions and actions with the ones sent.
    pub async fn update_trigger(&self, id: u64, trigger: &NewTrigger) -> Outcome<Trigger> {
        self.call(
            "triggers.update",
            Method::PUT,
            &format!("/triggers/{id}.json"),
            Some(json!({ "trigger": trigger }).to_string()),
            |r| decode_json::<TriggerWrapper>(SERVICE, r).map(|w| w.trigger),
        )
        .await
    }

    pub async fn delete_trigger(&self, id: u64) -> Outcome<()> {
        self.call(
            "triggers.delete",
            Method::DELETE,
            &format!("/triggers/{id}.json"),
            None,
            |_| Ok(()),
        )
        .await
    }

    /// The condition and action fields valid on this account, with their operators.
    pub async fn trigger_definitions(&self) -> Outcome<Json> {
        self.call(
            "triggers.definitions",
            Method::GET,
            "/triggers/definitions.json",
            None,
            |r| {
                let json: Json = decode_json(SERVICE, r)?;
                Ok(json.get("definitions").cloned().unwrap_or(json))
            },
        )
        .await
    }

    pub async fn list_trigger_categories(&self) -> Outcome<Vec<TriggerCategory>> {
        self.call(
            "trigger_categories.list",
            Method::GET,
            "/trigger_categories",
            None,
            |r| decode_json::<CategoriesWrapper>(SERVICE, r).map(|w| w.trigger_categories),
        )
        .await
    }

    pub async fn create_trigger_category(
        &self,
        name: &str,
        position: Option<i64>,
    ) -> Outcome<TriggerCategory> {
        let mut c = json!({ "name": name });
        if let Some(p) = position {
            c["position"] = json!(p);
        }
        self.call(
            "trigger_categories.create",
            Method::POST,
            "/trigger_categories",
            Some(json!({ "trigger_category": c }).to_string()),
            |r| decode_json::<CategoryWrapper>(SERVICE, r).map(|w| w.trigger_category),
        )
        .await
    }

    pub async fn show_trigger_category(&self, id: &str) -> Outcome<TriggerCategory> {
        self.call(
            "trigger_categories.show",
            Method::GET,
            &format!("/trigger_categories/{}", url_encode(id)),
            None,
            |r| decode_json::<CategoryWrapper>(SERVICE, r).map(|w| w.trigger_category),
        )
        .await
    }

    /// Renames or moves a category (PATCH; only what is given changes).
    pub async fn update_trigger_category(
        &self,
        id: &str,
        name: Option<&str>,
        position: Option<i64>,
    ) -> Outcome<TriggerCategory> {
        let mut c = json!({});
        if let Some(n) = name {
            c["name"] = json!(n);
        }
        if let Some(p) = position {
            c["position"] = json!(p);
        }
        self.call(
            "trigger_categories.update",
            Method::PATCH,
            &format!("/trigger_categories/{}", url_encode(id)),
            Some(json!({ "trigger_category": c }).to_string()),
            |r| decode_json::<CategoryWrapper>(SERVICE, r).map(|w| w.trigger_category),
        )
        .await
    }

    /// Deletes an empty category (204); Zendesk refuses one that still holds triggers.
    pub async fn delete_trigger_category(&self, id: &str) -> Outcome<()> {
        self.call(
            "trigger_categories.delete",
            Method::DELETE,
            &format!("/trigger_categories/{}", url_encode(id)),
            None,
            |_| Ok(()),
        )
        .await
    }
}

#[derive(Deserialize)]
struct TicketWrapper {
    ticket: Ticket,
}
#[derive(Deserialize)]
struct TicketAuditWrapper {
    ticket: Ticket,
    #[serde(default)]
    audit: Option<Audit>,
}
#[derive(Deserialize)]
struct TicketsWrapper {
    tickets: Vec<Ticket>,
}
#[derive(Deserialize)]
struct SearchWrapper {
    results: Vec<Json>,
    #[serde(default)]
    count: Option<u64>,
    #[serde(default)]
    next_page: Option<String>,
}
#[derive(Deserialize, Default)]
struct CursorMeta {
    #[serde(default)]
    has_more: bool,
    #[serde(default)]
    after_cursor: Option<String>,
    #[serde(default)]
    before_cursor: Option<String>,
}

/// `{"<key>": [...], "meta": {...}}` as a [`CursorPage`].
fn cursor_page<T: serde::de::DeserializeOwned>(
    r: &Response,
    key: &str,
) -> Result<CursorPage<T>, ApiError> {
    let mut json: Json = decode_json(SERVICE, r)?;
    let items = json
        .get_mut(key)
        .map(Json::take)
        .ok_or_else(|| ApiError::MissingField {
            service: SERVICE,
            status: r.status,
            field: key.to_owned(),
        })?;
    let items: Vec<T> = serde_json::from_value(items).map_err(|e| ApiError::Decode {
        service: SERVICE,
        status: r.status,
        message: Some(e.to_string()),
    })?;
    let meta: CursorMeta = json
        .get_mut("meta")
        .map(Json::take)
        .and_then(|m| serde_json::from_value(m).ok())
        .unwrap_or_default();
    Ok(CursorPage {
        items,
        has_more: meta.has_more,
        after_cursor: meta.after_cursor,
        before_cursor: meta.before_cursor,
    })
}

#[derive(Deserialize)]
struct UserWrapper {
    user: User,
}
#[derive(Deserialize)]
struct UsersWrapper {
    users: Vec<User>,
}
#[derive(Deserialize)]
struct WebhookWrapper {
    webhook: Webhook,
}
#[derive(Deserialize)]
struct WebhooksWrapper {
    webhooks: Vec<Webhook>,
}
#[derive(Deserialize)]
struct TestWrapper {
    response: WebhookTestResponse,
}
#[derive(Deserialize)]
struct InvocationsWrapper {
    invocations: Vec<Invocation>,
}
#[derive(Deserialize)]
struct AttemptsWrapper {
    attempts: Vec<InvocationAttempt>,
}
#[derive(Deserialize)]
struct TriggerWrapper {
    trigger: Trigger,
}
/// A page of triggers and the path of the next one.
#[derive(Debug, Clone, PartialEq)]
pub struct TriggerPage {
    pub triggers: Vec<Trigger>,
    pub next: Option<String>,
}

#[derive(Deserialize)]
struct TriggersPageWrapper {
    triggers: Vec<Trigger>,
    #[serde(default)]
    next_page: Option<String>,
}

#[derive(Deserialize)]
struct TriggersWrapper {
    triggers: Vec<Trigger>,
}
#[derive(Deserialize)]
struct CategoryWrapper {
    trigger_category: TriggerCategory,
}
#[derive(Deserialize)]
struct CategoriesWrapper {
    trigger_categories: Vec<TriggerCategory>,
}

fn or(message: String, fallback: &str) -> String {
    if message.is_empty() {
        fallback.to_owned()
    } else {
        message
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

    #[test]
    fn webhook_secrets_are_sent_in_the_documented_shape() {
        let w = NewWebhook::for_trigger(
            "Braze",
            "https://rest.iad-01.braze.com/users/track",
            Some(WebhookAuth::BearerToken(Secret::new("k"))),
        );
        let j = w.to_json();
        assert_eq!(j["webhook"]["authentication"]["type"], "bearer_token");
        assert_eq!(j["webhook"]["authentication"]["data"]["token"], "k");
        assert_eq!(
            j["webhook"]["subscriptions"][0],
            "conditional_ticket_events"
        );
    }
}
