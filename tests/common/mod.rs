//! Shared by the API and sandbox tests: a sandbox on a free port and clients pointed at it,
//! with short waits so retry tests stay fast.
#![allow(dead_code)]

use std::time::Duration;

use serde_json::{Value as Json, json};
use zenbraze::api::braze::BrazeClient;
use zenbraze::api::zendesk::ZendeskClient;
use zenbraze::api::{ClientOptions, RetryPolicy, Secret, Timeouts};
use zenbraze::sandbox::{
    DEMO_ADMIN_EMAIL, DEMO_BRAZE_KEY, DEMO_ZENDESK_TOKEN, Sandbox, SandboxConfig,
};

pub async fn sandbox() -> Sandbox {
    Sandbox::start(SandboxConfig::ephemeral())
        .await
        .expect("the sandbox starts on a free port")
}

pub fn fast() -> ClientOptions {
    ClientOptions {
        retry: RetryPolicy {
            max_retries: 3,
            max_wait: Duration::from_secs(5),
            backoff: Duration::from_millis(20),
        },
        // Short waits between retries, but no deadline a loaded machine could miss: the tests
        // that are about timeouts set their own.
        timeouts: Timeouts {
            connect: Duration::from_secs(60),
            request: Duration::from_secs(120),
        },
    }
}

pub fn zendesk(sb: &Sandbox) -> ZendeskClient {
    zendesk_as(sb, DEMO_ADMIN_EMAIL, DEMO_ZENDESK_TOKEN)
}

pub fn zendesk_as(sb: &Sandbox, email: &str, token: &str) -> ZendeskClient {
    ZendeskClient::new(sb.base_url(), email, Secret::new(token), fast()).unwrap()
}

pub fn braze(sb: &Sandbox) -> BrazeClient {
    braze_with(sb, DEMO_BRAZE_KEY)
}

pub fn braze_with(sb: &Sandbox, key: &str) -> BrazeClient {
    BrazeClient::new(sb.base_url(), Secret::new(key), fast()).unwrap()
}

/// Adds faults through the sandbox's own HTTP endpoint.
pub async fn inject(sb: &Sandbox, faults: Json) {
    let r = reqwest::Client::new()
        .post(format!("{}/__sandbox/faults", sb.base_url()))
        .body(json!({ "faults": faults }).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 201, "{}", r.text().await.unwrap());
}

pub async fn state(sb: &Sandbox) -> Json {
    let text = reqwest::get(format!("{}/__sandbox/state", sb.base_url()))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    serde_json::from_str(&text).unwrap()
}

pub fn ticket(subject: &str) -> Json {
    json!({"ticket": {"subject": subject, "comment": {"body": "Printer on fire"}, "priority": "high", "type": "incident"}})
}
