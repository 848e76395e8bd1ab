//! Webhooks: no `.json` suffix, 26-character ids, 204 on update and delete, secrets never
//! returned, `/webhooks/test` answering 200 with the target's status inside, invocations.

use std::sync::Arc;

use serde_json::{Map, Value as Json, json};

use super::*;

pub(super) const HTTP_METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE"];
pub(super) const REQUEST_FORMATS: &[&str] = &["json", "xml", "form_encoded"];

/// Checks a full webhook; returns the public part and the secret data, or the 400.
pub(super) fn validate_webhook(
    w: &Map<String, Json>,
) -> Result<(Map<String, Json>, Option<Json>), Reply> {
    let text = |k: &str| w.get(k).and_then(Json::as_str).unwrap_or_default();
    let invalid = |field: &str, title: String| {
        Err(errors(
            400,
            "InvalidInput",
            &title,
            Some(&format!("/webhook/{field}")),
        ))
    };
    if text("name").trim().is_empty() {
        return invalid("name", "Name cannot be blank".into());
    }
    let endpoint = text("endpoint");
    if !(endpoint.starts_with("https://") || endpoint.starts_with("http://")) {
        return invalid(
            "endpoint",
            format!("Endpoint `{endpoint}` must be an http(s) URL"),
        );
    }
    if !HTTP_METHODS.contains(&text("http_method")) {
        return invalid(
            "http_method",
            format!("http_method must be one of {}", HTTP_METHODS.join(", ")),
        );
    }
    if !REQUEST_FORMATS.contains(&text("request_format")) {
        return invalid(
            "request_format",
            format!(
                "request_format must be one of {}",
                REQUEST_FORMATS.join(", ")
            ),
        );
    }
    if !matches!(text("status"), "active" | "inactive") {
        return invalid("status", "status must be active or inactive".into());
    }
    let subs = w.get("subscriptions").and_then(Json::as_array);
    if subs.is_none_or(|s| s.is_empty() || s.iter().any(|x| !x.is_string())) {
        return invalid(
            "subscriptions",
            "subscriptions must be a non-empty list, [\"conditional_ticket_events\"] for triggers"
                .into(),
        );
    }
    let mut public = w.clone();
    let mut secret = None;
    if let Some(auth) = w.get("authentication") {
        let kind = auth.get("type").and_then(Json::as_str).unwrap_or_default();
        let data = auth.get("data").cloned().unwrap_or(Json::Null);
        let needs: &[&str] = match kind {
            "bearer_token" => &["token"],
            "basic_auth" => &["username", "password"],
            "api_key" => &["name", "value"],
            _ => {
                return invalid(
                    "authentication",
                    format!(
                        "authentication type `{kind}` is not one of bearer_token, basic_auth, api_key"
                    ),
                );
            }
        };
        for k in needs {
            if data
                .get(*k)
                .and_then(Json::as_str)
                .is_none_or(str::is_empty)
            {
                return invalid(
                    "authentication",
                    format!("authentication.data.{k} is required for {kind}"),
                );
            }
        }
        public.insert(
            "authentication".into(),
            json!({"type": kind, "add_position": auth.get("add_position").cloned().unwrap_or(json!("header"))}),
        );
        secret = Some(data);
    }
    Ok((public, secret))
}

pub(super) fn list_webhooks(shared: &Shared, req: &Req) -> Reply {
    let state = shared.state();
    let name_filter = req.query("filter[name_contains]").map(str::to_lowercase);
    let status_filter = req.query("filter[status]");
    let webhooks: Vec<Json> = state
        .webhooks
        .values()
        .map(|w| Json::Object(w.webhook.clone()))
        .filter(|w| {
            let name = w
                .get("name")
                .and_then(Json::as_str)
                .unwrap_or_default()
                .to_lowercase();
            name_filter
                .as_ref()
                .is_none_or(|f| name.contains(f.as_str()))
                && status_filter.is_none_or(|s| w.get("status").and_then(Json::as_str) == Some(s))
        })
        .collect();
    drop(state);
    let keep: Vec<(String, String)> = ["filter[name_contains]", "filter[status]"]
        .iter()
        .filter_map(|k| req.query(k).map(|v| ((*k).to_owned(), v.to_owned())))
        .collect();
    let sort = pages::sort_from(req, &["name", "status"], ("id", false));
    // Cursor pagination only: https://developer.zendesk.com/api-reference/webhooks/webhooks-api/webhooks/#list-webhooks
    list_reply(
        req,
        pages::Listing {
            key: "webhooks",
            items: webhooks,
            url: format!("{}/api/v2/webhooks", shared.base_url),
            sort,
            default: pages::Default::Cursor,
            keep,
        },
    )
}

pub(super) fn create_webhook(shared: &Shared, req: &Req) -> Reply {
    let input = match wrapped(req, "webhook") {
        Ok(i) => i,
        Err(r) => return r,
    };
    let (mut public, secret) = match validate_webhook(&input) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let id = ulid();
    let created = now();
    public.insert("id".into(), json!(id));
    public.insert("created_at".into(), json!(created));
    public.insert("created_by".into(), json!(DEMO_ADMIN_ID.to_string()));
    public.insert("updated_at".into(), json!(created));
    public.insert("updated_by".into(), json!(DEMO_ADMIN_ID.to_string()));
    let body = json!({"webhook": public});
    {
        let mut state = shared.state();
        state.webhooks.insert(
            id.clone(),
            WebhookRecord {
                webhook: public,
                auth_data: secret,
                signing_secret: new_secret(),
            },
        );
        state.touch(Key::Webhook(id.clone()));
    }
    shared.changed();
    Reply::json(201, &body).with_header(
        "Location",
        format!("{}/api/v2/webhooks/{id}", shared.base_url),
    )
}

pub(super) fn webhook_not_found() -> Reply {
    errors(404, "WebhookNotFound", "Webhook not found", None)
}

pub(super) fn show_webhook(shared: &Shared, id: &str) -> Reply {
    match shared.state().webhooks.get(id) {
        Some(w) => Reply::json(200, &json!({"webhook": w.webhook})),
        None => webhook_not_found(),
    }
}

pub(super) fn update_webhook(shared: &Shared, req: &Req, id: &str, patch: bool) -> Reply {
    let input = match wrapped(req, "webhook") {
        Ok(i) => i,
        Err(r) => return r,
    };
    let mut state = shared.state();
    let Some(record) = state.webhooks.get(id).cloned() else {
        return webhook_not_found();
    };
    let mut merged = if patch {
        let mut m = record.webhook.clone();
        m.remove("authentication");
        m
    } else {
        Map::new()
    };
    for (k, v) in &input {
        merged.insert(k.clone(), v.clone());
    }
    // PATCH without authentication keeps the existing one.
    let keep_auth = patch && !input.contains_key("authentication");
    let (mut public, secret) = if keep_auth {
        let (mut p, _) = match validate_webhook(&merged) {
            Ok(v) => v,
            Err(r) => return r,
        };
        if let Some(a) = record.webhook.get("authentication") {
            p.insert("authentication".into(), a.clone());
        }
        (p, record.auth_data.clone())
    } else {
        match validate_webhook(&merged) {
            Ok(v) => v,
            Err(r) => return r,
        }
    };
    if public.get("subscriptions") != record.webhook.get("subscriptions") {
        return errors(
            400,
            "InvalidInput",
            "The connection method (subscriptions) of a webhook cannot be changed; create a new webhook",
            Some("/webhook/subscriptions"),
        );
    }
    for k in ["id", "created_at", "created_by"] {
        if let Some(v) = record.webhook.get(k) {
            public.insert(k.into(), v.clone());
        }
    }
    public.insert("updated_at".into(), json!(now()));
    state.webhooks.insert(
        id.to_owned(),
        WebhookRecord {
            webhook: public,
            auth_data: secret,
            signing_secret: record.signing_secret,
        },
    );
    state.touch(Key::Webhook(id.to_owned()));
    drop(state);
    shared.changed();
    Reply::empty(204)
}

pub(super) fn delete_webhook(shared: &Shared, id: &str) -> Reply {
    delete_record(
        shared,
        Key::Webhook(id.to_owned()),
        |state| state.webhooks.remove(id).is_some(),
        webhook_not_found,
    )
}

/// A new signing secret: 64 characters, as the sandbox makes them on create.
fn new_secret() -> String {
    format!("{}{}", ulid(), ulid())
}

/// `POST /webhooks/{id}/signing_secret`: a new secret replaces the old one (later deliveries
/// are signed with it): 201 `{"signing_secret": {"algorithm": "SHA256", "secret": …}}`.
/// Source: docs/zendesk-api.md#webhooks ("Reset Webhook Signing Secret").
pub(super) fn reset_signing_secret(shared: &Shared, id: &str) -> Reply {
    let mut state = shared.state();
    let Some(record) = state.webhooks.get_mut(id) else {
        return webhook_not_found();
    };
    record.signing_secret = new_secret();
    let secret = record.signing_secret.clone();
    state.touch(Key::Webhook(id.to_owned()));
    drop(state);
    shared.changed();
    Reply::json(
        201,
        &json!({"signing_secret": {"algorithm": "SHA256", "secret": secret}}),
    )
}

/// The secret Zendesk signs a test request with when the webhook is not saved yet, as the
/// verifying page publishes it. Source: docs/zendesk-api.md#webhooks.
pub const TEST_SIGNING_SECRET: &str = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==";

pub(super) fn signing_secret(shared: &Shared, id: &str) -> Reply {
    match shared.state().webhooks.get(id) {
        Some(w) => Reply::json(
            200,
            &json!({"signing_secret": {"algorithm": "SHA256", "secret": w.signing_secret}}),
        ),
        None => webhook_not_found(),
    }
}

/// Calls the target once and reports what it answered, always with 200 (like Zendesk).
pub(super) async fn test_webhook(shared: &Arc<Shared>, req: &Req) -> Reply {
    let body = match req.json() {
        Ok(b) => b,
        Err(e) => return bad_json(e),
    };
    let request = body.get("request").cloned().unwrap_or(json!({}));
    let stored = req
        .query("webhook_id")
        .map(|id| shared.state().webhooks.get(id).cloned());
    let stored = match stored {
        Some(None) => return webhook_not_found(),
        Some(Some(w)) => Some(w),
        None => None,
    };
    let pick = |k: &str| -> String {
        request
            .get(k)
            .and_then(Json::as_str)
            .or_else(|| {
                stored
                    .as_ref()
                    .and_then(|w| w.webhook.get(k))
                    .and_then(Json::as_str)
            })
            .unwrap_or_default()
            .to_owned()
    };
    let endpoint = pick("endpoint");
    let method = pick("http_method");
    if endpoint.is_empty() || !HTTP_METHODS.contains(&method.as_str()) {
        return errors(
            400,
            "InvalidInput",
            "request needs endpoint and http_method (or webhook_id of an existing webhook)",
            Some("/request"),
        );
    }
    let payload = request
        .get("payload")
        .and_then(Json::as_str)
        .unwrap_or("{\"message\": \"test webhook from zenbraze sandbox\"}")
        .to_owned();
    let mut call = shared
        .http
        .request(method.parse().unwrap_or(reqwest::Method::POST), &endpoint)
        .header("Content-Type", "application/json");
    let auth = match request.get("authentication") {
        Some(a) => delivery::auth_header(Some(a), a.get("data")),
        None => stored.as_ref().and_then(|w| {
            delivery::auth_header(w.webhook.get("authentication"), w.auth_data.as_ref())
        }),
    };
    if let Some((k, v)) = auth {
        call = call.header(k, v);
    }
    if let Some(headers) = request.get("headers").and_then(Json::as_array) {
        for h in headers {
            if let (Some(k), Some(v)) = (
                h.get("key").and_then(Json::as_str),
                h.get("value").and_then(Json::as_str),
            ) {
                call = call.header(k, v);
            }
        }
    }
    // Signed like a delivery: with the webhook's secret, or the static test secret for a
    // webhook that is not saved (docs/zendesk-api.md#webhooks).
    let secret = stored
        .as_ref()
        .map_or(TEST_SIGNING_SECRET, |w| w.signing_secret.as_str());
    let timestamp = now();
    let signed_body = if method == "GET" {
        ""
    } else {
        payload.as_str()
    };
    call = call
        .header("x-zendesk-webhook-signature-timestamp", &timestamp)
        .header(
            "x-zendesk-webhook-signature",
            delivery::signature(secret, &timestamp, signed_body),
        );
    if method != "GET" {
        call = call.body(payload);
    }
    let response = match call.send().await {
        Ok(r) => {
            let status = r.status().as_u16();
            let headers = delivery::key_values(r.headers());
            let text = r.text().await.unwrap_or_default();
            json!({"status_code": status, "headers": headers, "payload": text.chars().take(10_000).collect::<String>()})
        }
        Err(e) => {
            json!({"status_code": 0, "headers": [], "payload": format!("the request failed: {e}")})
        }
    };
    Reply::json(200, &json!({"response": response}))
}

/// Newest first, cursor pagination only; `filter[status]=success|failed|…` keeps those whose
/// status is that (the sandbox's invocations are `pending`, `success` or `failed`).
/// https://developer.zendesk.com/api-reference/webhooks/webhooks-api/webhooks/#list-webhook-invocations
pub(super) fn invocations(shared: &Shared, req: &Req, id: &str) -> Reply {
    let state = shared.state();
    if !state.webhooks.contains_key(id) {
        return webhook_not_found();
    }
    let status = req.query("filter[status]");
    let list: Vec<Json> = state
        .invocations
        .iter()
        .filter(|i| i.invocation.get("webhook_id").and_then(Json::as_str) == Some(id))
        .filter(|i| {
            status.is_none_or(|s| i.invocation.get("status").and_then(Json::as_str) == Some(s))
        })
        .map(|i| Json::Object(i.invocation.clone()))
        .collect();
    drop(state);
    let keep = status
        .map(|s| vec![("filter[status]".to_owned(), s.to_owned())])
        .unwrap_or_default();
    list_reply(
        req,
        pages::Listing {
            key: "invocations",
            items: list,
            url: format!("{}/api/v2/webhooks/{id}/invocations", shared.base_url),
            sort: ("id".into(), true),
            default: pages::Default::Cursor,
            keep,
        },
    )
}

pub(super) fn attempts(shared: &Shared, id: &str, invocation: &str) -> Reply {
    let state = shared.state();
    let found = state.invocations.iter().find(|i| {
        i.invocation.get("webhook_id").and_then(Json::as_str) == Some(id)
            && i.invocation.get("id").and_then(Json::as_str) == Some(invocation)
    });
    match found {
        Some(i) => Reply::json(200, &json!({"attempts": i.attempts})),
        None => errors(404, "InvocationNotFound", "Invocation not found", None),
    }
}
