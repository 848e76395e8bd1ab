//! Webhooks (paths without `.json`): list, create, show, replace, patch, delete, test, their
//! invocations and attempts, and the signing secret.

use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json, json};

use super::{SERVICE, ZendeskClient, url_encode};
use crate::api::error::ApiError;
use crate::api::exchange::Secret;
use crate::api::{Outcome, decode_json};

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

impl ZendeskClient {
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

#[cfg(test)]
mod tests {
    use super::*;

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
