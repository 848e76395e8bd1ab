//! Clients under every injected fault: a clear error, retries only where documented, and no
//! hang past the timeout. What is asserted is what happened (the attempts, the waits, the phases
//! a call went through), never that it took less than some time.

mod common;

use std::time::{Duration, Instant};

use common::*;
use serde_json::json;
use zenbraze::api::zendesk::ZendeskClient;
use zenbraze::api::{ApiError, ClientOptions, Control, Phase, RetryPolicy, Secret, Timeouts};
use zenbraze::sandbox::{DEMO_ADMIN_EMAIL, DEMO_ZENDESK_TOKEN};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_is_retried_after_retry_after_for_any_method() {
    let sb = sandbox().await;
    inject(
        &sb,
        json!([{"kind": "rate_limit", "retry_after": 1, "path": "/api/v2/tickets*", "count": 1}]),
    )
    .await;
    let started = Instant::now();
    let outcome = zendesk(&sb).create_ticket(&ticket("x")).await;
    assert!(outcome.result.is_ok(), "{:?}", outcome.result);
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "waited {:?}",
        started.elapsed()
    );
    let statuses: Vec<_> = outcome.exchange.attempts.iter().map(|a| a.status).collect();
    assert_eq!(statuses, [Some(429), Some(201)]);
    assert_eq!(outcome.exchange.attempts[1].waited, Duration::from_secs(1));
    // Exactly one ticket: the 429 did not create one.
    assert_eq!(state(&sb).await["tickets"].as_array().unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn braze_429_uses_its_reset_header_and_gives_up_when_told_to_wait_too_long() {
    let sb = sandbox().await;
    // Longer than max_wait (5 s in these tests): fail at once with the wait named.
    inject(
        &sb,
        json!([{"kind": "rate_limit", "retry_after": 120, "path": "/users/track"}]),
    )
    .await;
    let (control, mut watch) = Control::new();
    let client = braze(&sb).with_control(control);
    let call = tokio::spawn(async move { client.track(&json!({"events": []})).await });
    // Every phase the call goes through until it is gone: a wait would show as `Waiting`, and
    // ends the test at once instead of after two minutes.
    while watch.changed().await {
        if let phase @ Phase::Waiting { .. } = watch.phase() {
            watch.cancel();
            panic!("the call waited for a Retry-After past max_wait: {phase:?}");
        }
    }
    let outcome = call.await.unwrap();
    assert_eq!(outcome.exchange.attempts.len(), 1, "no second attempt");
    assert_eq!(outcome.exchange.attempts[0].waited, Duration::ZERO);
    let e = outcome.result.unwrap_err();
    match &e {
        ApiError::RateLimited {
            retry_after: Some(d),
            attempts: 1,
            ..
        } => {
            assert!((119..=120).contains(&d.as_secs()), "{d:?}")
        }
        other => panic!("{other:?}"),
    }
    assert!(e.to_string().contains("it asks to wait 1"), "{e}");

    // A short reset is waited out, and the event is logged once.
    let http = reqwest::Client::new();
    http.delete(format!("{}/__sandbox/faults", sb.base_url()))
        .send()
        .await
        .unwrap();
    inject(
        &sb,
        json!([{"kind": "rate_limit", "retry_after": 1, "path": "/users/track", "count": 1}]),
    )
    .await;
    let outcome = braze(&sb)
        .track(&json!({"events": [{"external_id": "user-1042", "name": "once", "time": "2026-11-25T10:00:00Z"}]}))
        .await;
    assert!(outcome.result.is_ok(), "{:?}", outcome.result);
    assert_eq!(outcome.exchange.attempts[0].status, Some(429));
    assert!(
        outcome.exchange.attempts[0]
            .response_headers
            .iter()
            .any(|(k, _)| k == "x-ratelimit-reset")
    );
    assert!(
        !outcome.exchange.attempts[0]
            .response_headers
            .iter()
            .any(|(k, _)| k == "retry-after")
    );
    let st = state(&sb).await;
    let ada = st["braze_profiles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["external_id"] == "user-1042")
        .unwrap()
        .clone();
    assert_eq!(ada["custom_events"][0]["count"], 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retries_are_bounded() {
    let sb = sandbox().await;
    inject(&sb, json!([{"kind": "rate_limit", "retry_after": 0}])).await;
    let outcome = zendesk(&sb).show_ticket(1).await;
    assert!(
        matches!(
            outcome.result,
            Err(ApiError::RateLimited { attempts: 4, .. })
        ),
        "{:?}",
        outcome.result
    );
    assert_eq!(outcome.exchange.attempts.len(), 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_5xx_is_retried_for_idempotent_calls_only() {
    let sb = sandbox().await;
    zendesk(&sb)
        .create_ticket(&ticket("x"))
        .await
        .result
        .unwrap();
    inject(
        &sb,
        json!([{"kind": "server_error", "status": 503, "count": 2}]),
    )
    .await;
    let get = zendesk(&sb).show_ticket(1).await;
    assert!(get.result.is_ok());
    assert_eq!(
        get.exchange
            .attempts
            .iter()
            .map(|a| a.status)
            .collect::<Vec<_>>(),
        [Some(503), Some(503), Some(200)]
    );

    inject(&sb, json!([{"kind": "server_error", "count": 1}])).await;
    let post = zendesk(&sb).create_ticket(&ticket("y")).await;
    assert_eq!(post.exchange.attempts.len(), 1);
    let e = post.result.unwrap_err();
    assert!(
        matches!(
            e,
            ApiError::Server {
                status: 500,
                attempts: 1,
                retried: false,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("not retried"), "{e}");

    inject(
        &sb,
        json!([{"kind": "server_error", "count": 1, "path": "/users/track"}]),
    )
    .await;
    let track = braze(&sb).track(&json!({"events": []})).await;
    assert_eq!(
        track.exchange.attempts.len(),
        1,
        "events are not sent twice"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_connection_is_an_error_and_retried_only_when_idempotent() {
    let sb = sandbox().await;
    inject(&sb, json!([{"kind": "drop", "method": "POST", "count": 1}])).await;
    let post = zendesk(&sb).create_ticket(&ticket("x")).await;
    let e = post.result.unwrap_err();
    assert!(matches!(e, ApiError::Dropped { .. }), "{e:?}");
    assert_eq!(post.exchange.attempts.len(), 1);
    assert!(
        post.exchange.attempts[0]
            .error
            .as_ref()
            .unwrap()
            .to_string()
            .contains("dropped")
    );

    inject(&sb, json!([{"kind": "drop", "method": "GET", "count": 1}])).await;
    let get = zendesk(&sb).me().await;
    assert!(get.result.is_ok(), "{:?}", get.result);
    assert_eq!(get.exchange.attempts.len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_body_is_a_decode_error_that_quotes_nothing_secret() {
    let sb = sandbox().await;
    inject(&sb, json!([{"kind": "malformed", "count": 1}])).await;
    let outcome = zendesk(&sb).me().await;
    let e = outcome.result.unwrap_err();
    assert!(matches!(&e, ApiError::Decode { status: 200, .. }), "{e:?}");
    assert!(e.to_string().contains("not what its API returns"), "{e}");
    assert!(outcome.exchange.response_body().starts_with("{\"ticket\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn latency_past_the_timeout_ends_the_call_on_time() {
    let sb = sandbox().await;
    inject(&sb, json!([{"kind": "latency", "ms": 3000, "count": 1}])).await;
    let options = ClientOptions {
        timeouts: Timeouts {
            connect: Duration::from_secs(1),
            request: Duration::from_millis(300),
        },
        ..fast()
    };
    let z = zenbraze::api::zendesk::ZendeskClient::new(
        sb.base_url(),
        "admin@sandbox.test",
        zenbraze::api::Secret::new("sandbox-zendesk-token"),
        options,
    )
    .unwrap();
    let outcome = z.create_ticket(&ticket("x")).await;
    // The answer would have come after 3 s, and succeeded: a timeout error means the call was
    // ended at its deadline, and it was not retried.
    let e = outcome.result.unwrap_err();
    assert!(matches!(e, ApiError::Timeout { .. }), "{e:?}");
    assert!(e.to_string().contains("did not answer within 0.3 s"), "{e}");
    assert_eq!(outcome.exchange.attempts.len(), 1);
    assert_eq!(outcome.exchange.attempts[0].status, None);

    // Latency under the timeout only slows the call down.
    inject(&sb, json!([{"kind": "latency", "ms": 100, "count": 1}])).await;
    let started = Instant::now();
    assert!(z.me().await.result.is_ok());
    assert!(started.elapsed() >= Duration::from_millis(100));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rate_fault_hits_a_share_of_requests() {
    let sb = sandbox().await;
    inject(
        &sb,
        json!([{"kind": "server_error", "rate": 0.5, "path": "/api/v2/users/me.json"}]),
    )
    .await;
    let no_retry = ClientOptions {
        retry: RetryPolicy {
            max_retries: 0,
            ..fast().retry
        },
        ..fast()
    };
    let z = zenbraze::api::zendesk::ZendeskClient::new(
        sb.base_url(),
        "admin@sandbox.test",
        zenbraze::api::Secret::new("sandbox-zendesk-token"),
        no_retry,
    )
    .unwrap();
    let mut failures = 0;
    for _ in 0..200 {
        if z.me().await.result.is_err() {
            failures += 1;
        }
    }
    assert!((60..140).contains(&failures), "{failures} of 200");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_wait_is_observable_and_cancellable() {
    let sb = sandbox().await;
    // A wait of a minute: a cancel that did not end it would hold the test that long and then
    // fail, so the check below needs no time limit of its own a loaded machine could miss.
    inject(&sb, json!([{"kind": "rate_limit", "retry_after": 60}])).await;
    let (control, mut watch) = Control::new();
    let mut options = fast();
    options.retry.max_wait = Duration::from_secs(120);
    let z = ZendeskClient::new(
        sb.base_url(),
        DEMO_ADMIN_EMAIL,
        Secret::new(DEMO_ZENDESK_TOKEN),
        options,
    )
    .unwrap()
    .with_control(control);
    let call = tokio::spawn(async move { z.create_ticket(&ticket("x")).await });
    // Follows the call's phases until it waits before its second attempt.
    let until = loop {
        if let Phase::Waiting {
            attempt: 2, until, ..
        } = watch.phase()
        {
            break until;
        }
        assert!(
            watch.changed().await,
            "the call ended without waiting: {:?}",
            watch.phase()
        );
    };
    let remaining = watch.remaining_wait().unwrap();
    assert!(
        remaining <= Duration::from_secs(60),
        "the wait is the Retry-After: {remaining:?}"
    );
    watch.cancel();
    let outcome = call.await.unwrap();
    assert_eq!(outcome.result.unwrap_err(), ApiError::Cancelled);
    assert_eq!(watch.phase(), Phase::Finished);
    // The cancel ended the wait itself: the call was over before the wait was due, and the
    // second attempt never went.
    assert!(
        Instant::now() < until,
        "the call ran to the end of its wait"
    );
    assert_eq!(outcome.exchange.attempts.len(), 1);
    assert_eq!(state(&sb).await["tickets"].as_array().unwrap().len(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_listening_is_a_connect_error_after_bounded_retries() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let z = zenbraze::api::zendesk::ZendeskClient::new(
        &format!("http://127.0.0.1:{port}"),
        "a@b.c",
        zenbraze::api::Secret::new("t"),
        fast(),
    )
    .unwrap();
    let outcome = z.create_ticket(&ticket("x")).await;
    assert!(
        matches!(outcome.result, Err(ApiError::Connect { .. })),
        "{:?}",
        outcome.result
    );
    // Bounded: three retries, each after the policy's backoff (20 ms, doubled each time).
    let waits: Vec<_> = outcome
        .exchange
        .attempts
        .iter()
        .map(|a| a.waited.as_millis())
        .collect();
    assert_eq!(waits, [0, 20, 40, 80]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_can_be_listed_and_cleared_and_bad_ones_are_refused() {
    let sb = sandbox().await;
    inject(&sb, json!([{"kind": "latency", "ms": 1}])).await;
    assert_eq!(state(&sb).await["faults"].as_array().unwrap().len(), 1);
    let http = reqwest::Client::new();
    let r = http
        .post(format!("{}/__sandbox/faults", sb.base_url()))
        .body(r#"{"kind": "explode"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    assert!(r.text().await.unwrap().contains("kinds: latency"));
    let r = http
        .delete(format!("{}/__sandbox/faults", sb.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 204);
    assert!(state(&sb).await["faults"].as_array().unwrap().is_empty());

    // Reset: back to the seeded sandbox, faults gone.
    zendesk(&sb)
        .create_ticket(&ticket("x"))
        .await
        .result
        .unwrap();
    inject(&sb, json!([{"kind": "drop"}])).await;
    let r = http
        .post(format!("{}/__sandbox/reset", sb.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let st = state(&sb).await;
    assert!(st["tickets"].as_array().unwrap().is_empty());
    assert!(st["faults"].as_array().unwrap().is_empty());
    assert_eq!(st["users"].as_array().unwrap().len(), 1);
    // Ids go on after a reset: ticket 1 in someone's history never names another ticket.
    assert_eq!(
        zendesk(&sb)
            .create_ticket(&ticket("y"))
            .await
            .result
            .unwrap()
            .ticket
            .id,
        2
    );
}

async fn post_faults(sb: &zenbraze::sandbox::Sandbox, body: &str) -> (u16, String) {
    let r = reqwest::Client::new()
        .post(format!("{}/__sandbox/faults", sb.base_url()))
        .header("Content-Type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// The control routes check the whole body, with bounds, before changing anything.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_fault_request_changes_nothing() {
    let sb = sandbox().await;
    let cases = [
        (r#"{"faults": 5}"#, "must be a list"),
        (r#"{"faults": []}"#, "empty"),
        (r#"[{"kind": "drop"}]"#, "must be a JSON object"),
        // One good fault before a bad one: neither is added.
        (
            r#"{"faults": [{"kind": "drop"}, {"kind": "latency", "ms": 18446744073709551615}]}"#,
            "fault 1: ms must be a whole number from 0 to 60000",
        ),
        (r#"{"kind": "latency", "ms": 60001}"#, "ms must be"),
        (
            r#"{"kind": "rate_limit", "retry_after": 1e9}"#,
            "retry_after",
        ),
        (r#"{"kind": "drop", "count": 0}"#, "count"),
        (r#"{"kind": "drop", "ttl": 5}"#, "unknown field `ttl`"),
        (r#"{"kind": "server_error", "status": 200}"#, "status"),
    ];
    for (body, words) in cases {
        let (status, text) = post_faults(&sb, body).await;
        assert_eq!(status, 400, "{body}: {text}");
        assert!(text.contains(words), "{body}: {text}");
        assert!(
            state(&sb).await["faults"].as_array().unwrap().is_empty(),
            "{body} left a fault active"
        );
    }
    // The biggest latency allowed is accepted, and bounded calls still answer.
    let (status, text) = post_faults(
        &sb,
        r#"{"kind": "latency", "ms": 60000, "count": 1, "path": "/nowhere"}"#,
    )
    .await;
    assert_eq!(status, 201, "{text}");
    // Account settings: unknown keys and wrong types are refused, nothing changes.
    for body in [
        r#"{"trigger_categories": "no"}"#,
        r#"{"categories": false}"#,
        "5",
    ] {
        let r = reqwest::Client::new()
            .post(format!("{}/__sandbox/account", sb.base_url()))
            .header("Content-Type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 400, "{body}");
    }
    assert!(
        zendesk(&sb).list_trigger_categories().await.result.is_ok(),
        "categories stay enabled"
    );
    // Reset takes no parameters.
    let r = reqwest::Client::new()
        .post(format!("{}/__sandbox/reset", sb.base_url()))
        .header("Content-Type", "application/json")
        .body(r#"{"keep": "tickets"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
}
