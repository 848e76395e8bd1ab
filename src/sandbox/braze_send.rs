//! Braze's `POST /messages/send` with a webhook messaging object, as the sandbox serves it:
//! for each recipient (`external_user_ids`, which must already exist) the URL, headers and body
//! are rendered with the braze dialect for the stored profile, `{{content_blocks.${name}}}`
//! resolved from the stored Content Blocks, and delivered after the answer (`dispatch_id`) with
//! `User-Agent: Braze Sender …`, retried like Braze after 408, 429 and 5xx up to 5 times. Only
//! loopback URLs are delivered to (its own Zendesk among them). See
//! docs/braze-api.md#post-messagessend-with-a-webhook.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Map, Value as Json, json};

use super::Shared;
use super::server::Reply;
use super::state::State;
use crate::template::{self, Dialect, Environment, RenderContext, Rendered};

/// Braze's sender: its webhooks carry `User-Agent: Braze Sender <hash>`.
pub const USER_AGENT: &str = "Braze Sender 0a5e9d1c";
const MAX_RECIPIENTS: usize = 50;
/// Retries after the first attempt (Braze: up to 5, over 30 minutes; the sandbox waits less).
const MAX_RETRIES: u32 = 5;
const METHODS: [&str; 4] = ["POST", "PUT", "DELETE", "GET"];

fn bad(message: &str) -> Reply {
    Reply::json(400, &json!({"message": message}))
}

/// One rendered webhook, ready to deliver.
#[derive(Debug, Clone)]
pub(crate) struct Outgoing {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// The stored Content Blocks by name, as a render context.
pub(crate) fn blocks_context(state: &State) -> RenderContext {
    RenderContext {
        content_blocks: state
            .content_blocks
            .iter()
            .map(|b| (b.name.clone(), b.content.clone()))
            .collect(),
        ..RenderContext::default()
    }
}

/// Renders one text for a user the way the sandbox's Braze does.
pub(crate) fn render(text: &str, env: &Environment, user: &Json) -> Result<Option<String>, String> {
    let compiled = template::parse(text, Dialect::Braze).map_err(|e| e.to_string())?;
    match compiled.render(env, Some(user)) {
        Ok(Rendered::Output(s)) => Ok(Some(s)),
        // `abort_message`: Braze sends nothing to this user.
        Ok(Rendered::Aborted(_)) => Ok(None),
        Err(e) => Err(e.to_string()),
    }
}

/// The render fault: `ticket.subject` of a JSON body gets " (Braze)" appended.
fn drift(body: &str) -> String {
    let Ok(mut v) = serde_json::from_str::<Json>(body) else {
        return body.to_owned();
    };
    if let Some(Json::String(s)) = v.pointer_mut("/ticket/subject") {
        s.push_str(" (Braze)");
        return v.to_string();
    }
    body.to_owned()
}

fn loopback(url: &str) -> bool {
    let Ok(u) = reqwest::Url::parse(url) else {
        return false;
    };
    let host = u
        .host_str()
        .unwrap_or_default()
        .trim_start_matches('[')
        .trim_end_matches(']');
    matches!(u.scheme(), "http" | "https")
        && (host.eq_ignore_ascii_case("localhost")
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback()))
}

/// Checks the request, renders each recipient's webhook and answers; the deliveries follow.
pub(crate) fn messages_send(shared: &Arc<Shared>, body: &Map<String, Json>, fault: bool) -> Reply {
    for unsupported in ["user_aliases", "segment_id", "audience", "broadcast"] {
        if body
            .get(unsupported)
            .is_some_and(|v| !v.is_null() && v != &json!(false))
        {
            return bad(&format!(
                "the sandbox sends to external_user_ids only, not to {unsupported}"
            ));
        }
    }
    let ids: Vec<&str> = match body.get("external_user_ids") {
        Some(Json::Array(ids)) if !ids.is_empty() => {
            if ids.len() > MAX_RECIPIENTS {
                return bad("external_user_ids: at most 50 per request");
            }
            match ids.iter().map(Json::as_str).collect::<Option<Vec<_>>>() {
                Some(ids) => ids,
                None => return bad("'external_user_ids' must be an array of strings"),
            }
        }
        _ => return bad("'external_user_ids' is required (an array of up to 50 ids)"),
    };
    let Some(messages) = body.get("messages").and_then(Json::as_object) else {
        return bad("'messages' is required");
    };
    if messages.keys().any(|k| k != "webhook") {
        return bad("the sandbox sends webhook messages only");
    }
    let Some(webhook) = messages.get("webhook").and_then(Json::as_object) else {
        return bad("'messages.webhook' is required");
    };
    let Some(url) = webhook.get("url").and_then(Json::as_str) else {
        return bad("'webhook.url' is required");
    };
    let method = match webhook.get("request_method").and_then(Json::as_str) {
        Some(m) if METHODS.contains(&m) => m.to_owned(),
        _ => return bad("'webhook.request_method' must be POST, PUT, DELETE or GET"),
    };
    let mut headers = Vec::new();
    match webhook.get("request_headers") {
        None | Some(Json::Null) => {}
        Some(Json::Object(h)) => {
            for (k, v) in h {
                let Some(v) = v.as_str() else {
                    return bad("'webhook.request_headers' values must be strings");
                };
                headers.push((k.clone(), v.to_owned()));
            }
        }
        Some(_) => return bad("'webhook.request_headers' must be an object"),
    }
    let template_body = match webhook.get("body") {
        None | Some(Json::Null) => String::new(),
        Some(Json::String(s)) => s.clone(),
        // Newer docs accept a JSON object: it is sent as its JSON text.
        Some(other) => other.to_string(),
    };
    // What the render needs, copied under the lock; the render runs without it.
    let (context, users) = {
        let state = shared.state();
        let users: Vec<Json> = ids
            .iter()
            // A recipient must already exist in Braze; others are not sent to.
            .filter_map(|id| {
                state
                    .braze_profiles
                    .iter()
                    .find(|p| p.external_id.as_deref() == Some(*id))
            })
            .map(|p| p.export_view())
            .collect();
        (blocks_context(&state), users)
    };
    let env = match Environment::new().with_context(&context) {
        Ok(env) => env,
        Err(e) => return bad(&format!("a Content Block does not parse: {e}")),
    };
    let mut outgoing = Vec::new();
    {
        for user in &users {
            let rendered = (|| -> Result<Option<Outgoing>, String> {
                let Some(url) = render(url, &env, user)? else {
                    return Ok(None);
                };
                let mut hs = Vec::new();
                for (k, v) in &headers {
                    let Some(v) = render(v, &env, user)? else {
                        return Ok(None);
                    };
                    hs.push((k.clone(), v));
                }
                let Some(mut b) = render(&template_body, &env, user)? else {
                    return Ok(None);
                };
                if fault {
                    b = drift(&b);
                }
                Ok(Some(Outgoing {
                    method: method.clone(),
                    url: url.trim().to_owned(),
                    headers: hs,
                    body: b,
                }))
            })();
            match rendered {
                Ok(Some(o)) if !loopback(&o.url) => {
                    return bad(&format!(
                        "the sandbox delivers to loopback addresses only, not {}",
                        o.url
                    ));
                }
                Ok(Some(o)) => outgoing.push(o),
                Ok(None) => {}
                Err(e) => return bad(&format!("the webhook does not render: {e}")),
            }
        }
    }
    for o in outgoing {
        shared.delivery_started();
        tokio::spawn(deliver(shared.clone(), o));
    }
    let dispatch_id = format!("{:032x}", fastrand::u128(..));
    Reply::json(
        201,
        &json!({"dispatch_id": dispatch_id, "message": "success"}),
    )
}

/// Sends one webhook with Braze's retry rule: 408, 429 and 5xx (and no answer) are retried up
/// to [`MAX_RETRIES`] times; other 4xx and 3xx are not.
async fn deliver(shared: Arc<Shared>, o: Outgoing) {
    for attempt in 0..=MAX_RETRIES {
        let mut request = shared
            .http
            .request(o.method.parse().unwrap_or(reqwest::Method::POST), &o.url)
            .header("User-Agent", USER_AGENT);
        for (k, v) in &o.headers {
            request = request.header(k.as_str(), v.as_str());
        }
        if o.method != "GET" {
            request = request.body(o.body.clone());
        }
        let retry = match request.send().await {
            Ok(r) => {
                let s = r.status().as_u16();
                let _ = r.bytes().await;
                s == 408 || s == 429 || s >= 500
            }
            Err(_) => true,
        };
        if !retry || attempt == MAX_RETRIES {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100 * u64::from(attempt + 1))).await;
    }
    shared.delivery_finished();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drift_changes_the_subject_only_and_loopback_is_checked() {
        assert_eq!(
            drift(r#"{"ticket":{"subject":"Hi","priority":"high"}}"#),
            r#"{"ticket":{"subject":"Hi (Braze)","priority":"high"}}"#
        );
        assert_eq!(drift("not json"), "not json");
        assert!(loopback("http://127.0.0.1:8787/api/v2/tickets.json"));
        assert!(loopback("http://localhost/x"));
        assert!(!loopback("https://acme.zendesk.com/api/v2/tickets.json"));
        assert!(!loopback("file:///etc/passwd"));
    }
}
