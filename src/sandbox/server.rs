//! The HTTP side: accept connections, apply injected faults, route to Zendesk, Braze or the
//! sandbox's own `/__sandbox` endpoints.

use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{HeaderMap, Method};
use hyper_util::rt::TokioIo;
use serde_json::{Value as Json, json};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use super::faults::{Fault, FaultKind};
use super::{Shared, braze, state::State, zendesk};

/// Larger request bodies get a 413.
const BODY_LIMIT: usize = 10 * 1024 * 1024;

/// One request, read whole.
pub(crate) struct Req {
    pub method: Method,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Req {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON, or the answer that says why it is not.
    pub fn json(&self) -> Result<Json, String> {
        if self.body.is_empty() {
            return Err("the request body is empty".to_owned());
        }
        serde_json::from_slice(&self.body).map_err(|e| format!("the body is not valid JSON: {e}"))
    }
}

/// One answer.
pub(crate) struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(status: u16, body: &Json) -> Self {
        Self {
            status,
            headers: vec![(
                "Content-Type".into(),
                "application/json; charset=utf-8".into(),
            )],
            body: body.to_string().into_bytes(),
        }
    }

    pub fn empty(status: u16) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    fn into_response(self) -> hyper::Response<Full<Bytes>> {
        let mut builder = hyper::Response::builder().status(self.status);
        for (k, v) in &self.headers {
            builder = builder.header(k.as_str(), v.as_str());
        }
        builder
            .body(Full::new(Bytes::from(self.body)))
            .unwrap_or_else(|_| {
                let mut r = hyper::Response::new(Full::new(Bytes::new()));
                *r.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
                r
            })
    }
}

/// Returned by a handler to close the connection without an answer (the `drop` fault).
#[derive(Debug)]
struct DropConnection;

impl std::fmt::Display for DropConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by an injected fault")
    }
}

impl std::error::Error for DropConnection {}

pub(crate) async fn serve(listener: TcpListener, shared: Arc<Shared>, stop: CancellationToken) {
    loop {
        let accepted = tokio::select! {
            _ = stop.cancelled() => return,
            a = listener.accept() => a,
        };
        let Ok((stream, _)) = accepted else {
            // Out of file descriptors and the like: back off instead of spinning.
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            continue;
        };
        let shared = shared.clone();
        let stop = stop.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| handle(shared.clone(), request));
            let connection = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
            tokio::select! {
                _ = connection => {}
                _ = stop.cancelled() => {}
            }
        });
    }
}

async fn handle(
    shared: Arc<Shared>,
    request: hyper::Request<Incoming>,
) -> Result<hyper::Response<Full<Bytes>>, DropConnection> {
    let (parts, body) = request.into_parts();
    let body = match Limited::new(body, BODY_LIMIT).collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => {
            return Ok(
                Reply::json(413, &json!({"error": "request body too large or cut off"}))
                    .into_response(),
            );
        }
    };
    let req = Req {
        method: parts.method,
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(parse_query).unwrap_or_default(),
        headers: parts.headers,
        body,
    };
    if req.path.starts_with("/__sandbox") {
        return Ok(control(&shared, &req).into_response());
    }
    let verdict = shared.faults().verdict(req.method.as_str(), &req.path);
    if verdict.delay_ms > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(verdict.delay_ms)).await;
    }
    let braze = is_braze_path(&req.path);
    let reply = match verdict.action {
        Some(FaultKind::Drop) => return Err(DropConnection),
        Some(FaultKind::RateLimit { retry_after }) => {
            let reset = chrono::Utc::now().timestamp() + retry_after as i64;
            let body = if braze {
                json!({"message": "Rate limit exceeded"})
            } else {
                json!({"error": "APIRateLimitExceeded", "description": "Number of allowed API requests per minute exceeded"})
            };
            // Braze says when the window resets; Zendesk says how long to wait.
            if braze {
                Reply::json(429, &body)
                    .with_header("X-RateLimit-Limit", "3000")
                    .with_header("X-RateLimit-Remaining", "0")
                    .with_header("X-RateLimit-Reset", reset.to_string())
            } else {
                Reply::json(429, &body).with_header("Retry-After", retry_after.to_string())
            }
        }
        Some(FaultKind::ServerError { status }) => {
            let body = if braze {
                json!({"message": "Internal Server Error"})
            } else {
                json!({"error": "InternalServerError", "description": "Something went wrong"})
            };
            Reply::json(status, &body)
        }
        Some(FaultKind::Malformed) => Reply {
            status: 200,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: br#"{"ticket": {"id": 1, "subject": "cut he"#.to_vec(),
        },
        Some(FaultKind::Latency { .. }) | None => route(&shared, &req).await,
    };
    Ok(reply.into_response())
}

fn is_braze_path(path: &str) -> bool {
    path.starts_with("/users/")
}

async fn route(shared: &Arc<Shared>, req: &Req) -> Reply {
    if let Some(rest) = req.path.strip_prefix("/api/v2/") {
        return zendesk::route(shared, req, rest).await;
    }
    // `/accounts/{subdomain}/api/v2/...`: only the demo subdomain exists, like a wrong
    // subdomain on zendesk.com.
    if let Some(rest) = req.path.strip_prefix("/accounts/") {
        let (sub, rest) = rest.split_once('/').unwrap_or((rest, ""));
        return match rest.strip_prefix("api/v2/") {
            Some(api) if sub == super::DEMO_SUBDOMAIN => zendesk::route(shared, req, api).await,
            _ => no_such_account(sub),
        };
    }
    if is_braze_path(&req.path) {
        return braze::route(shared, req);
    }
    if req.path == "/" && req.method == Method::GET {
        return Reply::json(
            200,
            &json!({
                "service": "zenbraze sandbox",
                "zendesk_api": format!("{}/api/v2", shared.base_url),
                "braze_api": shared.base_url,
                "credentials": shared.credentials(),
                "control": ["GET /__sandbox/state", "POST /__sandbox/reset", "GET|POST|DELETE /__sandbox/faults", "POST /__sandbox/account"],
            }),
        );
    }
    Reply::json(
        404,
        &json!({"error": "InvalidEndpoint", "description": "Not found"}),
    )
}

/// Zendesk answers an unknown subdomain with a page, not with the API's JSON.
fn no_such_account(subdomain: &str) -> Reply {
    let page = format!(
        "<!DOCTYPE html><html><head><title>Oops! This help center no longer exists</title></head>\
         <body><h1>Oops!</h1><p>{} does not exist.</p></body></html>",
        html_escape(subdomain)
    );
    Reply {
        status: 404,
        headers: vec![("Content-Type".into(), "text/html; charset=utf-8".into())],
        body: page.into_bytes(),
    }
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

pub(crate) fn state_view(shared: &Shared) -> Json {
    let mut view = shared.state().public_view();
    view["faults"] = json!(shared.faults().list());
    view["pending_deliveries"] = json!(shared.pending_deliveries());
    view
}

/// `/__sandbox/state`, `/__sandbox/reset`, `/__sandbox/faults`.
fn control(shared: &Shared, req: &Req) -> Reply {
    match (&req.method, req.path.as_str()) {
        (&Method::GET, "/__sandbox/state") => Reply::json(200, &state_view(shared)),
        (&Method::POST, "/__sandbox/reset") => {
            *shared.state() = State::seeded();
            shared.faults().clear();
            shared.changed();
            Reply::json(200, &json!({"reset": true}))
        }
        // Account features: `{"trigger_categories": false}` emulates an account without them.
        (&Method::POST, "/__sandbox/account") => {
            let body = match req.json() {
                Ok(b) => b,
                Err(e) => return Reply::json(400, &json!({"error": e})),
            };
            let mut state = shared.state();
            if let Some(on) = body.get("trigger_categories").and_then(Json::as_bool) {
                state.trigger_categories_enabled = on;
            }
            let view = json!({"trigger_categories": state.trigger_categories_enabled});
            drop(state);
            shared.changed();
            Reply::json(200, &view)
        }
        (&Method::GET, "/__sandbox/faults") => {
            Reply::json(200, &json!({"faults": shared.faults().list()}))
        }
        (&Method::DELETE, "/__sandbox/faults") => {
            shared.faults().clear();
            shared.changed();
            Reply::empty(204)
        }
        (&Method::POST, "/__sandbox/faults") => {
            let body = match req.json() {
                Ok(b) => b,
                Err(e) => return Reply::json(400, &json!({"error": e})),
            };
            let items = match body.get("faults") {
                Some(list) => list.as_array().cloned().unwrap_or_default(),
                None => vec![body],
            };
            let mut added = Vec::new();
            let mut faults = shared.faults();
            for (i, item) in items.into_iter().enumerate() {
                let fault: Fault = match serde_json::from_value(item) {
                    Ok(f) => f,
                    Err(e) => {
                        return Reply::json(
                            400,
                            &json!({"error": format!("fault {i}: {e} (kinds: latency {{ms}}, rate_limit {{retry_after}}, server_error {{status}}, drop, malformed)")}),
                        );
                    }
                };
                match faults.add(fault) {
                    Ok(f) => added.push(f),
                    Err(e) => {
                        return Reply::json(400, &json!({"error": format!("fault {i}: {e}")}));
                    }
                }
            }
            drop(faults);
            shared.changed();
            Reply::json(201, &json!({"faults": added}))
        }
        _ => Reply::json(
            404,
            &json!({"error": "unknown sandbox endpoint", "endpoints": ["GET /__sandbox/state", "POST /__sandbox/reset", "GET|POST|DELETE /__sandbox/faults", "POST /__sandbox/account"]}),
        ),
    }
}

fn parse_query(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz");
                match u8::from_str_radix(hex, 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
