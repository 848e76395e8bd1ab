//! Webhook deliveries: the rendered body sent, signed, to the webhook's endpoint with its
//! authentication, after the ticket request was answered; each invocation and attempt recorded
//! (readable through the webhooks API) with secrets masked.

use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde_json::{Map, Value as Json, json};
use sha2::Sha256;

use super::state::{InvocationRecord, Key, now, ulid};
use super::trigger_engine::{Delivery, json_map, render_body, value_text};
use super::{ACCOUNT_ID, Shared};

/// `base64(HMAC-SHA256(secret, timestamp + body))`, Zendesk's signature.
pub fn signature(secret: &str, timestamp: &str, body: &str) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes())
        .expect("HMAC accepts keys of any length");
    mac.update(timestamp.as_bytes());
    mac.update(body.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// Zendesk retries 409 up to three times, and 429/503 when `Retry-After` is under a minute.
const MAX_ATTEMPTS: usize = 4;

/// Sends one webhook call and records the invocation and its attempts. Runs after the ticket
/// request was answered.
pub async fn deliver(shared: Arc<Shared>, delivery: Delivery) {
    let webhook = shared
        .state()
        .webhooks
        .get(&delivery.firing.webhook_id)
        .cloned();
    let Some(webhook) = webhook else {
        shared.delivery_finished();
        return;
    };
    let w = &webhook.webhook;
    if w.get("status").and_then(Json::as_str) != Some("active") {
        shared.delivery_finished();
        return;
    }
    let rendered = render_body(&delivery.firing.body_template, &delivery.sample);
    let invocation_id = ulid();
    // The sandbox's clock, as the ticket's times in the body: with the clock moved ahead, a
    // heading on the wall clock disagreed with the body's `time` (the lock is let go at once).
    let clock_now = || shared.state().now();
    let created = clock_now();
    {
        let mut state = shared.state();
        state.invocations.push(InvocationRecord {
        invocation: json_map(json!({
            "id": invocation_id,
            "webhook_id": delivery.firing.webhook_id,
            "status": "pending",
            "latest_status": null,
            "latest_completed_at": null,
            "created_at": created,
            "source": if delivery.firing.rule == "automation" {
                json!({"event": {"type": "automation", "automation_id": delivery.firing.trigger_id, "ticket_id": delivery.ticket_id}})
            } else {
                json!({"event": {"type": "trigger", "trigger_id": delivery.firing.trigger_id, "ticket_id": delivery.ticket_id}})
            },
        })),
        attempts: Vec::new(),
    });
        state.touch(Key::Invocation(invocation_id.clone()));
    }
    let text = |k: &str| {
        w.get(k)
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let (endpoint, method) = (text("endpoint"), text("http_method"));
    let mut final_status: Option<u16> = None;
    for attempt in 1..=MAX_ATTEMPTS {
        let body = match &rendered {
            Ok(b) => b.clone(),
            Err(e) => {
                record_attempt(
                    &shared,
                    &invocation_id,
                    json!({
                        "id": ulid(), "invocation_id": invocation_id, "status": "failed", "status_code": null,
                        "completed_at": clock_now(), "duration_ms": 0, "error": e,
                        "request": {"headers": [], "payload": ""}, "response": {"headers": [], "payload": ""},
                    }),
                );
                break;
            }
        };
        let timestamp = now();
        let mut headers: Vec<(String, String)> = vec![
            (
                "Content-Type".into(),
                content_type(&text("request_format")).into(),
            ),
            ("x-zendesk-account-id".into(), ACCOUNT_ID.to_string()),
            (
                "x-zendesk-webhook-id".into(),
                delivery.firing.webhook_id.clone(),
            ),
            (
                "x-zendesk-webhook-invocation-id".into(),
                invocation_id.clone(),
            ),
            (
                "x-zendesk-webhook-signature-timestamp".into(),
                timestamp.clone(),
            ),
            (
                "x-zendesk-webhook-signature".into(),
                signature(&webhook.signing_secret, &timestamp, &body),
            ),
        ];
        if let Some(auth) = auth_header(w.get("authentication"), webhook.auth_data.as_ref()) {
            headers.push(auth);
        }
        if let Some(custom) = w.get("custom_headers").and_then(Json::as_object) {
            for (k, v) in custom {
                headers.push((k.clone(), value_text(v)));
            }
        }
        let started = Instant::now();
        let mut request = shared
            .http
            .request(method.parse().unwrap_or(reqwest::Method::POST), &endpoint);
        for (k, v) in &headers {
            request = request.header(k.as_str(), v.as_str());
        }
        if method != "GET" {
            request = request.body(body.clone());
        }
        let result = async {
            let r = request.send().await?;
            let status = r.status().as_u16();
            let headers = key_values(r.headers());
            let retry_after = r
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok());
            let text = r.text().await?;
            Ok::<_, reqwest::Error>((status, headers, text, retry_after))
        }
        .await;
        let shown_headers: Vec<Json> = headers
            .iter()
            .map(|(k, v)| {
                let v = if k.eq_ignore_ascii_case("authorization") || is_api_key_header(w, k) {
                    crate::secrets::MASK.to_owned()
                } else {
                    v.clone()
                };
                json!({"key": k, "value": v})
            })
            .collect();
        let duration_ms = started.elapsed().as_millis() as u64;
        let (status, response, retry) = match result {
            Ok((status, rh, text, retry_after)) => {
                let retry = match status {
                    409 => Some(Duration::from_millis(200)),
                    429 | 503 => retry_after.filter(|s| *s < 60).map(Duration::from_secs),
                    _ => None,
                };
                let payload: String = text.chars().take(10_000).collect();
                (
                    Some(status),
                    json!({"status_code": status, "headers": rh, "payload": payload}),
                    retry,
                )
            }
            Err(e) => {
                // What went wrong, in a word the sandbox view can say in the person's language
                // (the error's own text is reqwest's English).
                let kind = if e.is_connect() {
                    "connect"
                } else if e.is_timeout() {
                    "timeout"
                } else {
                    "request"
                };
                (
                    None,
                    json!({"status_code": null, "headers": [], "payload": "", "error": e.to_string(), "error_kind": kind}),
                    None,
                )
            }
        };
        let ok = status.is_some_and(|s| (200..300).contains(&s));
        record_attempt(
            &shared,
            &invocation_id,
            json!({
                "id": ulid(),
                "invocation_id": invocation_id,
                "status": if ok { "success" } else { "failed" },
                "status_code": status,
                "completed_at": clock_now(),
                "duration_ms": duration_ms,
                "request": {"method": method, "url": endpoint, "headers": shown_headers, "payload": body},
                "response": response,
            }),
        );
        final_status = status;
        match retry {
            Some(wait) if attempt < MAX_ATTEMPTS && !ok => tokio::time::sleep(wait).await,
            _ => break,
        }
    }
    {
        let mut state = shared.state();
        let completed = state.now();
        if let Some(inv) = state
            .invocations
            .iter_mut()
            .find(|i| i.invocation.get("id").and_then(Json::as_str) == Some(&invocation_id))
        {
            let ok = final_status.is_some_and(|s| (200..300).contains(&s));
            inv.invocation.insert(
                "status".into(),
                json!(if ok { "success" } else { "failed" }),
            );
            inv.invocation
                .insert("latest_status".into(), json!(final_status));
            inv.invocation
                .insert("latest_completed_at".into(), json!(completed));
            state.touch(Key::Invocation(invocation_id.clone()));
        }
    }
    shared.changed();
    shared.delivery_finished();
}

/// Headers as Zendesk's API lists them: `[{"key", "value"}]`.
pub fn key_values(headers: &reqwest::header::HeaderMap) -> Vec<Json> {
    headers
        .iter()
        .map(|(k, v)| json!({"key": k.as_str(), "value": String::from_utf8_lossy(v.as_bytes())}))
        .collect()
}

fn record_attempt(shared: &Shared, invocation_id: &str, attempt: Json) {
    let mut state = shared.state();
    if let Some(inv) = state
        .invocations
        .iter_mut()
        .find(|i| i.invocation.get("id").and_then(Json::as_str) == Some(invocation_id))
    {
        inv.attempts.push(attempt);
        state.touch(Key::Invocation(invocation_id.to_owned()));
    }
}

fn is_api_key_header(webhook: &Map<String, Json>, name: &str) -> bool {
    webhook
        .get("authentication")
        .and_then(|a| a.get("type"))
        .and_then(Json::as_str)
        == Some("api_key")
        && !name.starts_with("x-zendesk")
        && !name.eq_ignore_ascii_case("content-type")
}

fn content_type(format: &str) -> &'static str {
    match format {
        "xml" => "application/xml",
        "form_encoded" => "application/x-www-form-urlencoded",
        _ => "application/json",
    }
}

/// The header a webhook's authentication adds to each delivery.
pub fn auth_header(authentication: Option<&Json>, data: Option<&Json>) -> Option<(String, String)> {
    let kind = authentication?.get("type")?.as_str()?;
    let data = data?;
    let get = |k: &str| data.get(k).and_then(Json::as_str).unwrap_or_default();
    match kind {
        "bearer_token" => Some(("Authorization".into(), format!("Bearer {}", get("token")))),
        "basic_auth" => Some((
            "Authorization".into(),
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(format!(
                    "{}:{}",
                    get("username"),
                    get("password")
                ))
            ),
        )),
        "api_key" => Some((get("name").to_owned(), get("value").to_owned())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_is_hmac_of_timestamp_then_body() {
        // Known answer computed independently (python3 hmac/hashlib).
        assert_eq!(
            signature("secret", "2024-01-01T00:00:00Z", "{}"),
            "YI9gyI/qRuEv/iS5IsFrpJtrEg9LxRWL2hEkFimh/rg="
        );
    }
}
