//! The sandbox as Braze sending a webhook (`POST /messages/send` with a webhook messaging
//! object) over real HTTP: rendered for the stored user with the stored Content Blocks,
//! delivered to the sandbox's own Zendesk (a ticket is made), `User-Agent: Braze Sender …`,
//! Braze's retry rule (408, 429, 5xx up to 5 times, not other 4xx), `dispatch_id`, the refusals,
//! and the `braze_render` fault that makes one field differ.

mod common;

use std::sync::{Arc, Mutex};

use base64::Engine as _;
use common::*;
use serde_json::{Value as Json, json};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use zenbraze::sandbox::{DEMO_ADMIN_EMAIL, DEMO_BRAZE_KEY, DEMO_ZENDESK_TOKEN, Sandbox};

async fn send(sb: &Sandbox, body: Json) -> (u16, Json) {
    let r = reqwest::Client::new()
        .post(format!("{}/messages/send", sb.base_url()))
        .bearer_auth(DEMO_BRAZE_KEY)
        .header("Content-Type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (
        status,
        serde_json::from_str(&r.text().await.unwrap()).unwrap(),
    )
}

fn basic() -> String {
    let pair = format!("{DEMO_ADMIN_EMAIL}/token:{DEMO_ZENDESK_TOKEN}");
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(pair)
    )
}

async fn create_block(sb: &Sandbox, name: &str, content: &str) {
    let r = reqwest::Client::new()
        .post(format!("{}/content_blocks/create", sb.base_url()))
        .bearer_auth(DEMO_BRAZE_KEY)
        .header("Content-Type", "application/json")
        .body(json!({"name": name, "content": content}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 201);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_webhook_message_renders_with_blocks_and_makes_a_ticket() {
    let sb = sandbox().await;
    create_block(&sb, "sig", "Thanks, {{${first_name}}}").await;
    create_block(
        &sb,
        "body",
        r#"{"ticket": {"subject": "Hello {{${first_name}}}", "comment": {"body": "{{content_blocks.${sig}}}"}, "tags": ["braze"]}}"#,
    )
    .await;
    let (status, answer) = send(
        &sb,
        json!({
            "external_user_ids": ["user-1042"],
            "messages": {"webhook": {
                "url": format!("{}/api/v2/tickets.json", sb.base_url()),
                "request_method": "POST",
                "request_headers": {"Content-Type": "application/json", "Authorization": basic()},
                "body": "{{content_blocks.${body}}}",
            }},
        }),
    )
    .await;
    assert_eq!(status, 201, "{answer}");
    assert_eq!(answer["message"], "success");
    assert_eq!(answer["dispatch_id"].as_str().unwrap().len(), 32);
    sb.settle().await;
    let first = state(&sb).await;
    let ticket = &first["tickets"][0];
    assert_eq!(ticket["subject"], "Hello Ada", "{ticket}");
    assert_eq!(ticket["comments"][0]["body"], "Thanks, Ada");
    assert_eq!(ticket["tags"], json!(["braze"]));

    // The render fault: the same send, one field different.
    inject(
        &sb,
        json!([{"kind": "braze_render", "path": "/messages/send", "count": 1}]),
    )
    .await;
    let (status, _) = send(
        &sb,
        json!({
            "external_user_ids": ["user-1042"],
            "messages": {"webhook": {
                "url": format!("{}/api/v2/tickets.json", sb.base_url()),
                "request_method": "POST",
                "request_headers": {"Content-Type": "application/json", "Authorization": basic()},
                "body": "{{content_blocks.${body}}}",
            }},
        }),
    )
    .await;
    assert_eq!(status, 201);
    sb.settle().await;
    let state = state(&sb).await;
    assert_eq!(state["tickets"][1]["subject"], "Hello Ada (Braze)");
    assert_eq!(state["faults"], json!([]), "the fault was used up");
}

/// A listener that answers the statuses given, in order (the last one from then on), and
/// records each request's head.
async fn listener(statuses: Vec<u16>) -> (String, Arc<Mutex<Vec<String>>>) {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", l.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    tokio::spawn(async move {
        let mut n = 0;
        while let Ok((mut s, _)) = l.accept().await {
            let mut buf = vec![0u8; 65536];
            let mut got = 0;
            loop {
                let k = s.read(&mut buf[got..]).await.unwrap_or(0);
                if k == 0 {
                    break;
                }
                got += k;
                let text = String::from_utf8_lossy(&buf[..got]).to_string();
                if let Some(end) = text.find("\r\n\r\n") {
                    let len = text
                        .lines()
                        .find_map(|l| {
                            l.to_ascii_lowercase()
                                .strip_prefix("content-length:")
                                .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                        })
                        .unwrap_or(0);
                    if got >= end + 4 + len {
                        break;
                    }
                }
            }
            log.lock()
                .unwrap()
                .push(String::from_utf8_lossy(&buf[..got]).to_string());
            let status = statuses[n.min(statuses.len() - 1)];
            n += 1;
            let _ = s
                .write_all(
                    format!(
                        "HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    )
                    .as_bytes(),
                )
                .await;
        }
    });
    (url, seen)
}

fn hook(url: &str) -> Json {
    json!({
        "external_user_ids": ["user-1042"],
        "messages": {"webhook": {"url": url, "request_method": "POST", "body": "{\"name\": \"{{${first_name}}}\"}"}},
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn braze_sender_retries_408_429_and_5xx_up_to_five_times() {
    let sb = sandbox().await;
    let (url, seen) = listener(vec![503, 429, 408, 201]).await;
    assert_eq!(send(&sb, hook(&url)).await.0, 201);
    sb.settle().await;
    let requests = seen.lock().unwrap().clone();
    assert_eq!(requests.len(), 4, "{requests:#?}");
    assert!(
        requests[0]
            .to_ascii_lowercase()
            .contains("user-agent: braze sender "),
        "{}",
        requests[0]
    );
    assert!(
        requests[0].ends_with("{\"name\": \"Ada\"}"),
        "{}",
        requests[0]
    );

    // Always 500: the first attempt and 5 retries, then Braze gives up.
    let (url, seen) = listener(vec![500]).await;
    send(&sb, hook(&url)).await;
    sb.settle().await;
    assert_eq!(seen.lock().unwrap().len(), 6);

    // Another 4xx is not retried.
    let (url, seen) = listener(vec![400]).await;
    send(&sb, hook(&url)).await;
    sb.settle().await;
    assert_eq!(seen.lock().unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_are_400s() {
    let sb = sandbox().await;
    for (body, words) in [
        (
            json!({"messages": {"webhook": {"url": "http://127.0.0.1/", "request_method": "POST"}}}),
            "external_user_ids",
        ),
        (
            json!({"external_user_ids": ["user-1042"], "messages": {"webhook": {"request_method": "POST"}}}),
            "webhook.url",
        ),
        (
            json!({"external_user_ids": ["user-1042"], "messages": {"webhook": {"url": "http://127.0.0.1/", "request_method": "PATCH"}}}),
            "request_method",
        ),
        (
            json!({"external_user_ids": ["user-1042"], "messages": {"email": {}}}),
            "webhook messages only",
        ),
        (
            hook("https://acme.zendesk.com/api/v2/tickets.json"),
            "loopback",
        ),
        (
            json!({"external_user_ids": ["user-1042"], "messages": {"webhook": {"url": "http://127.0.0.1/", "request_method": "POST", "body": "{{ x"}}}),
            "does not render",
        ),
    ] {
        let (status, answer) = send(&sb, body.clone()).await;
        assert_eq!(status, 400, "{body}");
        assert!(
            answer["message"].as_str().unwrap().contains(words),
            "{body}: {answer}"
        );
    }
    // The key without users.track may send; a wrong key may not.
    let r = reqwest::Client::new()
        .post(format!("{}/messages/send", sb.base_url()))
        .bearer_auth("wrong")
        .header("Content-Type", "application/json")
        .body(hook("http://127.0.0.1:9/").to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);
}
