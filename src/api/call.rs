//! Sending one call: timeouts, bounded retries, cancellation and a phase the UI can watch.
//!
//! Retry rules: a 429 is retried for every method after the wait the service asks for
//! (`Retry-After`, or Braze's `X-RateLimit-Reset`), at most [`RetryPolicy::max_retries`] times and
//! never for longer than [`RetryPolicy::max_wait`] at once. A 5xx or a connection dropped
//! mid-call is retried with exponential backoff only when the call is idempotent (a repeated
//! ticket create or event would be a duplicate). A refused connection is retried for every
//! call: nothing was sent. A timeout is not retried: the caller sees it at once.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use reqwest::Method;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

use super::error::ApiError;
use super::exchange::{Attempt, Exchange, Redactor, Service};

/// Bodies above this size are cut in the exchange record (the typed result sees all of it).
const RECORDED_BODY_LIMIT: usize = 256 * 1024;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// The longest single wait honoured; a longer `Retry-After` ends the call with `RateLimited`.
    pub max_wait: Duration,
    /// The first backoff after a 5xx or a failed connection; doubled each time.
    pub backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 3,
            max_wait: Duration::from_secs(60),
            backoff: Duration::from_millis(500),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timeouts {
    pub connect: Duration,
    /// One attempt, from sending to the last byte of the answer.
    pub request: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(10),
            request: Duration::from_secs(30),
        }
    }
}

/// How a client behaves: shared by every call it makes.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ClientOptions {
    pub retry: RetryPolicy,
    pub timeouts: Timeouts,
}

/// Where a call is, for a progress line or a countdown.
#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    Idle,
    Sending {
        attempt: u32,
    },
    Waiting {
        /// The attempt that will follow the wait.
        attempt: u32,
        until: Instant,
        reason: WaitReason,
    },
    Finished,
}

#[derive(Debug, Clone, PartialEq)]
pub enum WaitReason {
    RateLimited,
    ServerError(u16),
    ConnectionFailed,
}

/// Given to a call: lets someone else cancel it and follow its phase.
#[derive(Clone, Debug, Default)]
pub struct Control {
    cancel: CancellationToken,
    phase: Option<Arc<watch::Sender<Phase>>>,
}

/// Held by whoever started the call (the UI): phase and cancel button.
#[derive(Clone, Debug)]
pub struct Watch {
    cancel: CancellationToken,
    phase: watch::Receiver<Phase>,
}

impl Control {
    /// A control and the watch that follows it.
    pub fn new() -> (Control, Watch) {
        let cancel = CancellationToken::new();
        let (tx, rx) = watch::channel(Phase::Idle);
        (
            Control {
                cancel: cancel.clone(),
                phase: Some(Arc::new(tx)),
            },
            Watch { cancel, phase: rx },
        )
    }

    /// A control that only cancels (for callers that do not show progress).
    pub fn with_cancel(cancel: CancellationToken) -> Control {
        Control {
            cancel,
            phase: None,
        }
    }

    fn set(&self, phase: Phase) {
        if let Some(tx) = &self.phase {
            tx.send_replace(phase);
        }
    }
}

impl Watch {
    pub fn phase(&self) -> Phase {
        self.phase.borrow().clone()
    }

    /// How long until the next attempt, while the call waits for one.
    pub fn remaining_wait(&self) -> Option<Duration> {
        match &*self.phase.borrow() {
            Phase::Waiting { until, .. } => Some(until.saturating_duration_since(Instant::now())),
            _ => None,
        }
    }

    pub fn cancel(&self) {
        self.cancel.cancel();
    }

    /// Waits for the next change of phase; false once the call is gone. (The app redraws on
    /// it, so a countdown or a retry shows without polling.)
    pub async fn changed(&mut self) -> bool {
        self.phase.changed().await.is_ok()
    }
}

/// A request ready to go: the service client has built the URL, headers and body.
pub(crate) struct Request {
    pub service: Service,
    pub operation: &'static str,
    pub method: Method,
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Option<String>,
}

impl Request {
    /// Safe to repeat: a second copy changes nothing (GET, PUT, DELETE).
    pub fn idempotent(&self) -> bool {
        matches!(
            self.method,
            Method::GET | Method::PUT | Method::DELETE | Method::HEAD | Method::OPTIONS
        )
    }
}

/// The answer a service client decodes.
pub(crate) struct Response {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: bytes::Bytes,
    pub attempts: u32,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// The HTTP side shared by both clients.
#[derive(Clone, Debug)]
pub(crate) struct Transport {
    http: reqwest::Client,
    pub options: ClientOptions,
    pub control: Control,
    pub redactor: Redactor,
}

impl Transport {
    pub fn new(options: ClientOptions, redactor: Redactor) -> Result<Self, ApiError> {
        let http = reqwest::Client::builder()
            .connect_timeout(options.timeouts.connect)
            .user_agent(concat!("zenbraze/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| {
                ApiError::from(super::EndpointError::ClientStart {
                    reason: e.to_string(),
                })
            })?;
        Ok(Self {
            http,
            options,
            control: Control::default(),
            redactor,
        })
    }

    /// Sends with the retry rules above; the exchange records every attempt, masked.
    pub async fn execute(&self, request: Request) -> (Result<Response, ApiError>, Exchange) {
        let mut exchange = Exchange {
            service: request.service,
            operation: request.operation.to_owned(),
            method: request.method.to_string(),
            url: self.redactor.text(&request.url),
            request_headers: request
                .headers
                .iter()
                .map(|(k, v)| ((*k).to_owned(), self.redactor.header(k, v)))
                .collect(),
            request_body: request
                .body
                .as_deref()
                .map(|b| self.redactor.body(b))
                .unwrap_or_default(),
            started_at: Utc::now(),
            attempts: Vec::new(),
            warnings: Vec::new(),
        };
        let result = self.attempts(&request, &mut exchange).await;
        self.control.set(Phase::Finished);
        (result, exchange)
    }

    async fn attempts(
        &self,
        request: &Request,
        exchange: &mut Exchange,
    ) -> Result<Response, ApiError> {
        let policy = self.options.retry;
        let cancel = &self.control.cancel;
        let mut waited = Duration::ZERO;
        for attempt in 1.. {
            if cancel.is_cancelled() {
                return Err(ApiError::Cancelled);
            }
            self.control.set(Phase::Sending { attempt });
            let started_at = Utc::now();
            let start = Instant::now();
            let sent = tokio::select! {
                _ = cancel.cancelled() => return Err(ApiError::Cancelled),
                r = self.send_once(request) => r,
            };
            let duration = start.elapsed();
            let retries_left = attempt <= policy.max_retries;
            let (next_wait, reason) = match sent {
                Ok((status, headers, body)) => {
                    exchange.attempts.push(Attempt {
                        started_at,
                        duration,
                        waited,
                        status: Some(status),
                        response_headers: headers
                            .iter()
                            .map(|(k, v)| {
                                let v = String::from_utf8_lossy(v.as_bytes());
                                (k.as_str().to_owned(), self.redactor.header(k.as_str(), &v))
                            })
                            .collect(),
                        response_body: self.record_body(&body),
                        error: None,
                    });
                    let response = Response {
                        status,
                        headers,
                        body,
                        attempts: attempt,
                    };
                    if status == 429 {
                        let wait = retry_after(&response).unwrap_or(policy.backoff);
                        if !retries_left || wait > policy.max_wait {
                            return Ok(response);
                        }
                        (wait, WaitReason::RateLimited)
                    } else if status >= 500 && request.idempotent() && retries_left {
                        (backoff(policy, attempt), WaitReason::ServerError(status))
                    } else {
                        return Ok(response);
                    }
                }
                Err(e) => {
                    let error = self.transport_error(request, &e);
                    exchange.attempts.push(Attempt {
                        started_at,
                        duration,
                        waited,
                        status: None,
                        response_headers: Vec::new(),
                        response_body: String::new(),
                        error: Some(error.clone()),
                    });
                    let safe_to_repeat = match &error {
                        ApiError::Connect { .. } => true,
                        ApiError::Dropped { .. } => request.idempotent(),
                        _ => false,
                    };
                    if !(safe_to_repeat && retries_left) {
                        return Err(error);
                    }
                    (backoff(policy, attempt), WaitReason::ConnectionFailed)
                }
            };
            self.control.set(Phase::Waiting {
                attempt: attempt + 1,
                until: Instant::now() + next_wait,
                reason,
            });
            tokio::select! {
                _ = cancel.cancelled() => return Err(ApiError::Cancelled),
                _ = tokio::time::sleep(next_wait) => {}
            }
            waited = next_wait;
        }
        unreachable!("the loop returns")
    }

    async fn send_once(
        &self,
        request: &Request,
    ) -> Result<(u16, reqwest::header::HeaderMap, bytes::Bytes), reqwest::Error> {
        let mut builder = self
            .http
            .request(request.method.clone(), &request.url)
            .timeout(self.options.timeouts.request);
        for (k, v) in &request.headers {
            builder = builder.header(*k, v);
        }
        if let Some(body) = &request.body {
            builder = builder.body(body.clone());
        }
        let response = builder.send().await?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await?;
        Ok((status, headers, body))
    }

    fn transport_error(&self, request: &Request, e: &reqwest::Error) -> ApiError {
        let service = request.service;
        let message = self.redactor.text(&error_chain(e));
        if e.is_timeout() {
            ApiError::Timeout {
                service,
                after: self.options.timeouts.request,
            }
        } else if is_dns_failure(e) {
            ApiError::Unresolved {
                host: self.redactor.text(&host(&request.url)),
                message: self.redactor.text(&root_cause(e)),
            }
        } else if e.is_connect() {
            ApiError::Connect {
                url: self.redactor.text(&origin(&request.url)),
                message: self.redactor.text(&root_cause(e)),
            }
        } else {
            ApiError::Dropped { service, message }
        }
    }

    fn record_body(&self, body: &[u8]) -> String {
        let text = String::from_utf8_lossy(&body[..body.len().min(RECORDED_BODY_LIMIT)]);
        let mut shown = self.redactor.body(&text);
        if body.len() > RECORDED_BODY_LIMIT {
            shown.push_str(&format!("\n… ({} bytes in all)", body.len()));
        }
        shown
    }
}

fn backoff(policy: RetryPolicy, attempt: u32) -> Duration {
    policy
        .backoff
        .saturating_mul(1 << (attempt - 1).min(16))
        .min(policy.max_wait)
}

/// `Retry-After` in seconds, else Braze's `X-RateLimit-Reset` (epoch seconds).
pub(crate) fn retry_after(response: &Response) -> Option<Duration> {
    if let Some(secs) = response
        .header("retry-after")
        .and_then(|v| v.trim().parse::<f64>().ok())
    {
        return Some(Duration::from_secs_f64(secs.max(0.0)));
    }
    let reset = response
        .header("x-ratelimit-reset")?
        .trim()
        .parse::<i64>()
        .ok()?;
    let now = Utc::now().timestamp();
    Some(Duration::from_secs(reset.saturating_sub(now).max(0) as u64))
}

/// `scheme://host:port` of a URL: where a connection failed.
fn origin(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
            format!("{scheme}://{host}")
        }
        None => url.to_owned(),
    }
}

/// The host of a URL ("acme.zendesk.com").
fn host(url: &str) -> String {
    let origin = origin(url);
    let authority = origin.split_once("://").map_or(origin.as_str(), |(_, a)| a);
    let without_user = authority.rsplit('@').next().unwrap_or(authority);
    match without_user.rsplit_once(':') {
        Some((h, port)) if port.chars().all(|c| c.is_ascii_digit()) => h.to_owned(),
        _ => without_user.to_owned(),
    }
}

/// Whether the name lookup failed (hyper-util's resolver reports "dns error: …" in the chain):
/// no network or a failing DNS, told apart from a refused or unreachable address.
fn is_dns_failure(e: &reqwest::Error) -> bool {
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if s.to_string().starts_with("dns error") {
            return true;
        }
        source = s.source();
    }
    false
}

/// The innermost cause ("Connection refused (os error 111)"): what a person can act on.
fn root_cause(e: &reqwest::Error) -> String {
    let mut last = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        last = s.to_string();
        source = s.source();
    }
    last
}

/// reqwest's message plus its causes ("error sending request: connection closed ...").
fn error_chain(e: &reqwest::Error) -> String {
    let mut out = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_bounded() {
        let p = RetryPolicy {
            max_retries: 10,
            max_wait: Duration::from_secs(3),
            backoff: Duration::from_millis(500),
        };
        let waits: Vec<_> = (1..=5).map(|a| backoff(p, a).as_millis()).collect();
        assert_eq!(waits, [500, 1000, 2000, 3000, 3000]);
    }
}
