//! The HTTP side: accept connections, apply injected faults, route to Zendesk, Braze or the
//! sandbox's own `/__sandbox` endpoints.

use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{HeaderMap, Method};
use hyper_util::rt::{TokioIo, TokioTimer};
use serde_json::{Value as Json, json};
use std::net::SocketAddr;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use super::connections::{self, Admission, Connections};
use super::faults::{self, FaultKind};
use super::{Shared, braze, state::Key, zendesk};

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
#[derive(Debug)]
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
    let limits = shared.limits;
    // Connections stay below the descriptor limit, with a reserve for the journal and the
    // deliveries; at the cap, the longest-idle connection makes room for a new one.
    let cap = connections::cap(limits.max_connections, connections::descriptor_limit());
    let registry = Arc::new(Connections::default());
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
        let Admission::Admitted(slot) = registry.admit(cap) else {
            // Every connection is answering a request: this one is closed at once.
            continue;
        };
        let shared = shared.clone();
        let stop = stop.clone();
        let registry = registry.clone();
        tokio::spawn(async move {
            let activity = slot.activity.clone();
            let service = service_fn(move |request| {
                let answering = registry.answering(&activity);
                let shared = shared.clone();
                async move {
                    let _answering = answering;
                    handle(shared, request).await
                }
            });
            // The header timer also runs while a kept-alive connection waits for its next
            // request, so it doubles as the idle timeout between requests.
            let connection = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_read_timeout)
                .max_buf_size(64 * 1024)
                .serve_connection(TokioIo::new(stream), service);
            tokio::select! {
                _ = connection => {}
                _ = slot.close.cancelled() => {}
                _ = stop.cancelled() => {}
            }
            drop(slot);
        });
    }
}

/// Whether `host` (a `Host` header) names this server: its own address, or `localhost`, with
/// its port. Anything else is a name some other site resolved to 127.0.0.1 (DNS rebinding).
fn is_own_host(host: &str, local: SocketAddr) -> bool {
    let host = host.trim();
    let (name, port) = match host.rsplit_once(':') {
        Some((n, p)) if !n.ends_with(':') && p.bytes().all(|b| b.is_ascii_digit()) => (n, p),
        _ => return false,
    };
    if port.parse::<u16>() != Ok(local.port()) {
        return false;
    }
    let name = name.trim_start_matches('[').trim_end_matches(']');
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip == local.ip())
}

/// The origins a browser gives pages served by the sandbox itself.
fn is_own_origin(origin: &str, local: SocketAddr) -> bool {
    origin
        .strip_prefix("http://")
        .is_some_and(|host| is_own_host(host, local))
}

/// An error the server's edge answers, in the shape of the service the path belongs to: Braze
/// answers `{"message": …}`, Zendesk `{"error": code, "description": …}` (docs/braze-api.md,
/// docs/zendesk-api.md#errors).
fn edge_error(path: &str, status: u16, code: &str, text: &str) -> Reply {
    if is_braze_path(path) {
        Reply::json(status, &json!({"message": text}))
    } else {
        Reply::json(status, &json!({"error": code, "description": text}))
    }
}

fn forbidden(path: &str, why: &str) -> Reply {
    edge_error(path, 403, "Forbidden", why)
}

/// Refuses what a web page could send: a request for another host name (DNS rebinding), or one
/// from another origin. No CORS headers are ever sent, so browsers also keep the answers of
/// simple cross-origin GETs from the page.
fn refuse_foreign(
    shared: &Shared,
    method: &Method,
    uri: &hyper::Uri,
    headers: &HeaderMap,
) -> Option<Reply> {
    let path = uri.path();
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    // One Host, naming this server; and a request target in absolute form (`GET http://…/`)
    // must name it too, since that authority is the one a proxy-aware server would use.
    let one_host = headers.get_all("host").iter().count() == 1;
    let own_authority = uri
        .authority()
        .is_none_or(|a| is_own_host(a.as_str(), shared.local));
    match header("host") {
        Some(host) if one_host && own_authority && is_own_host(host, shared.local) => {}
        _ => {
            return Some(forbidden(
                path,
                &format!(
                    "This sandbox only answers requests addressed to {} or localhost:{}",
                    shared.local,
                    shared.local.port()
                ),
            ));
        }
    }
    if let Some(origin) = headers.get("origin") {
        let own = origin
            .to_str()
            .is_ok_and(|o| is_own_origin(o, shared.local));
        if !own {
            return Some(forbidden(
                path,
                "Cross-origin requests are refused: the sandbox is for programs on this computer, not for web pages",
            ));
        }
    }
    if changes_state(method) && matches!(header("sec-fetch-site"), Some("cross-site" | "same-site"))
    {
        return Some(forbidden(path, "Cross-site requests are refused"));
    }
    None
}

fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// A state-changing request that declares a body type must declare JSON: a web page can send
/// `text/plain`, form and multipart bodies anywhere without asking first, but not
/// `application/json`. (Browsers always send `Origin` on such requests too: see
/// [`refuse_foreign`]. Programs that send no `Content-Type` at all are served.)
fn refuse_non_json(req: &Req) -> Option<Reply> {
    if !changes_state(&req.method) {
        return None;
    }
    let content_type = req.header("content-type").or_else(|| {
        // A header that is not text at all is not JSON either.
        req.headers.get("content-type").map(|_| "")
    })?;
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let json = essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"));
    (!json).then(|| {
        edge_error(
            &req.path,
            415,
            "UnsupportedMediaType",
            "Send the body as JSON with Content-Type: application/json",
        )
    })
}

async fn handle(
    shared: Arc<Shared>,
    request: hyper::Request<Incoming>,
) -> Result<hyper::Response<Full<Bytes>>, DropConnection> {
    let (parts, body) = request.into_parts();
    if let Some(refusal) = refuse_foreign(&shared, &parts.method, &parts.uri, &parts.headers) {
        return Ok(refusal.into_response());
    }
    let read = tokio::time::timeout(
        shared.limits.body_read_timeout,
        Limited::new(body, BODY_LIMIT).collect(),
    )
    .await;
    let body = match read {
        Ok(Ok(b)) => b.to_bytes(),
        Ok(Err(_)) => {
            let text = "The request body is too large or was cut off";
            return Ok(edge_error(parts.uri.path(), 413, "PayloadTooLarge", text).into_response());
        }
        // A body that stalls holds a connection for nothing.
        Err(_) => return Err(DropConnection),
    };
    let req = Req {
        method: parts.method,
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(parse_query).unwrap_or_default(),
        headers: parts.headers,
        body,
    };
    let zendesk = is_zendesk_path(&req.path);
    let mut reply = match refuse_non_json(&req) {
        Some(refusal) => refusal,
        None => answer(&shared, &req).await?,
    };
    // An acknowledged change is on disk before the answer leaves.
    if changes_state(&req.method)
        && (200..300).contains(&reply.status)
        && let Err(why) = shared.persisted().await
    {
        let text = format!("The sandbox could not save this change: {why}");
        reply = edge_error(&req.path, 500, "InternalServerError", &text);
    }
    if zendesk {
        reply = rate_limit_headers(&shared, reply);
    }
    // Which run answered, so a record of this exchange can tell its ticket from a later one.
    let run = shared.state().run.clone();
    Ok(reply.with_header(super::RUN_HEADER, run).into_response())
}

/// Zendesk's rate-limit headers on every Zendesk answer: the limit per minute and what is left
/// of it this minute. The sandbox never limits on its own (a fault does); the count is real.
/// Source: docs/zendesk-api.md#rate-limits; https://developer.zendesk.com/api-reference/introduction/rate-limits/
fn rate_limit_headers(shared: &Shared, reply: Reply) -> Reply {
    let minute = chrono::Utc::now().timestamp() / 60;
    let remaining = {
        let mut window = shared.rate_window.lock().unwrap_or_else(|p| p.into_inner());
        if window.0 != minute {
            *window = (minute, 0);
        }
        window.1 = window.1.saturating_add(1);
        ZENDESK_RATE_LIMIT.saturating_sub(window.1)
    };
    let remaining = if reply.status == 429 { 0 } else { remaining };
    reply
        .with_header("X-Rate-Limit", ZENDESK_RATE_LIMIT.to_string())
        .with_header("X-Rate-Limit-Remaining", remaining.to_string())
}

/// Requests per minute on the emulated account (Zendesk Suite Enterprise's documented limit).
const ZENDESK_RATE_LIMIT: u32 = 700;

fn is_zendesk_path(path: &str) -> bool {
    path.starts_with("/api/v2/") || path.starts_with("/accounts/")
}

async fn answer(shared: &Arc<Shared>, req: &Req) -> Result<Reply, DropConnection> {
    if req.path == "/__sandbox/clock" {
        return Ok(super::zendesk::clock(shared, req));
    }
    if req.path.starts_with("/__sandbox") {
        return Ok(control(shared, req));
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
        // A render fault is read by the sandbox's Braze itself, never a verdict's action.
        Some(FaultKind::Latency { .. } | FaultKind::BrazeRender) | None => route(shared, req).await,
    };
    Ok(reply)
}

fn is_braze_path(path: &str) -> bool {
    path.starts_with("/users/") || path.starts_with("/content_blocks/") || path == "/messages/send"
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
                "control": CONTROL_ENDPOINTS,
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

/// What `GET /__sandbox/rules?ticket=ID` answers: `{"ticket_id", "evaluations": [...]}`, the
/// ticket's newest rule evaluations, oldest first (see `tickets::record_rules`).
pub(crate) fn rule_trace(shared: &Shared, id: u64) -> Option<Json> {
    let state = shared.state();
    let record = state.tickets.get(&id)?;
    Some(json!({"ticket_id": id, "evaluations": record.rules}))
}

pub(crate) fn state_view(shared: &Shared) -> Json {
    let mut view = shared.state().public_view();
    view["faults"] = json!(shared.faults().list());
    view["pending_deliveries"] = json!(shared.pending_deliveries());
    view
}

const CONTROL_ENDPOINTS: [&str; 6] = [
    "GET /__sandbox/state",
    "GET /__sandbox/rules?ticket=ID",
    "GET|POST /__sandbox/clock",
    "POST /__sandbox/reset",
    "GET|POST|DELETE /__sandbox/faults",
    "POST /__sandbox/account",
];

fn control_error(message: String) -> Reply {
    Reply::json(400, &json!({"error": message}))
}

/// The control body as an object (an empty body is an empty object).
fn control_body(req: &Req) -> Result<serde_json::Map<String, Json>, Reply> {
    if req.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(serde_json::Map::new());
    }
    match req.json() {
        Ok(Json::Object(o)) => Ok(o),
        Ok(other) => Err(control_error(format!(
            "the body must be a JSON object, not {}",
            crate::i18n::json_text::kind(&other)
        ))),
        Err(e) => Err(control_error(e)),
    }
}

/// `/__sandbox/state`, `/__sandbox/reset`, `/__sandbox/faults`, `/__sandbox/account`. Every
/// body is checked whole before anything changes.
fn control(shared: &Shared, req: &Req) -> Reply {
    match (&req.method, req.path.as_str()) {
        (&Method::GET, "/__sandbox/state") => Reply::json(200, &state_view(shared)),
        (&Method::GET, "/__sandbox/rules") => {
            let Some(id) = req
                .query("ticket")
                .and_then(|t| t.trim().parse::<u64>().ok())
            else {
                return control_error("rules takes ?ticket=ID, a ticket's id".into());
            };
            match rule_trace(shared, id) {
                Some(view) => Reply::json(200, &view),
                None => Reply::json(404, &json!({"error": format!("no ticket {id}")})),
            }
        }
        (&Method::POST, "/__sandbox/reset") => {
            match control_body(req) {
                Ok(b) if b.is_empty() => {}
                Ok(_) => return control_error("reset takes no parameters".into()),
                Err(r) => return r,
            }
            shared.state().reset();
            shared.faults().clear();
            shared.changed();
            Reply::json(200, &json!({"reset": true}))
        }
        // Account features: `{"trigger_categories": false}` emulates an account without them.
        (&Method::POST, "/__sandbox/account") => {
            let body = match control_body(req) {
                Ok(b) if b.is_empty() => {
                    return control_error(
                        "account takes the settings to change, e.g. {\"trigger_categories\": false}".into(),
                    );
                }
                Ok(b) => b,
                Err(r) => return r,
            };
            let mut wanted = None;
            let mut statuses = None;
            let mut tags: Option<Vec<String>> = None;
            for (key, value) in &body {
                match (key.as_str(), value) {
                    // Braze tags are made in its dashboard; a Content Block may only use these.
                    ("braze_tags", Json::Array(items))
                        if items
                            .iter()
                            .all(|t| t.as_str().is_some_and(|t| !t.is_empty())) =>
                    {
                        tags = Some(
                            items
                                .iter()
                                .filter_map(Json::as_str)
                                .map(str::to_owned)
                                .collect(),
                        );
                    }
                    ("braze_tags", _) => {
                        return control_error("braze_tags must be an array of tag names".into());
                    }
                    ("trigger_categories", Json::Bool(on)) => wanted = Some(*on),
                    ("custom_statuses", Json::Bool(on)) => statuses = Some(*on),
                    (setting @ ("trigger_categories" | "custom_statuses"), other) => {
                        return control_error(format!(
                            "{setting} must be true or false, not {}",
                            crate::i18n::json_text::kind(other)
                        ));
                    }
                    (other, _) => {
                        return control_error(format!(
                            "unknown account setting `{other}` (known: trigger_categories, custom_statuses, braze_tags)"
                        ));
                    }
                }
            }
            let mut state = shared.state();
            if let Some(on) = wanted {
                state.trigger_categories_enabled = on;
                state.touch(Key::Categories);
            }
            if let Some(on) = statuses {
                super::zendesk::set_custom_statuses(&mut state, on);
            }
            if let Some(tags) = tags {
                state.braze_tags = tags;
                state.touch(Key::BrazeTags);
            }
            let view = json!({"trigger_categories": state.trigger_categories_enabled,
                "custom_statuses": state.custom_statuses_enabled,
                "braze_tags": state.braze_tags});
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
            let body = match control_body(req) {
                Ok(b) => b,
                Err(r) => return r,
            };
            let faults = match faults::parse_request(&body) {
                Ok(f) => f,
                Err(e) => return control_error(e),
            };
            let added = match shared.faults().add_all(faults) {
                Ok(added) => added,
                Err(e) => return control_error(e),
            };
            shared.changed();
            Reply::json(201, &json!({"faults": added}))
        }
        _ => Reply::json(
            404,
            &json!({"error": "unknown sandbox endpoint", "endpoints": CONTROL_ENDPOINTS}),
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
