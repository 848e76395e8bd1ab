//! The Braze client against the sandbox over real HTTP: /users/track and /users/export/ids,
//! with every documented error.

mod common;

use common::*;
use serde_json::json;
use zenbraze::api::braze::ExportRequest;
use zenbraze::api::{ApiError, MASK, Service};
use zenbraze::sandbox::{DEMO_BRAZE_KEY, DEMO_BRAZE_KEY_NO_TRACK};

fn event(external_id: &str, name: &str) -> serde_json::Value {
    json!({"external_id": external_id, "name": name, "time": "2026-11-25T10:00:00Z", "properties": {"ticket_id": 7}})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn track_logs_events_and_attributes_then_export_shows_them() {
    let sb = sandbox().await;
    let b = braze(&sb);
    let outcome = b
        .track(&json!({
            "attributes": [{"external_id": "user-1042", "plan": "enterprise", "visits": {"inc": 2}}],
            "events": [event("user-1042", "zendesk_ticket_solved"), event("user-1042", "zendesk_ticket_solved")],
        }))
        .await;
    assert_eq!(outcome.exchange.status(), Some(201));
    assert!(
        outcome
            .exchange
            .response_header("x-ratelimit-reset")
            .is_some()
    );
    let r = outcome.result.unwrap();
    assert_eq!(
        (
            r.message.as_str(),
            r.attributes_processed,
            r.events_processed,
            r.purchases_processed
        ),
        ("success", Some(1), Some(2), None)
    );

    let export = b
        .export_ids(&ExportRequest {
            external_ids: vec!["user-1042".into(), "ghost".into()],
            ..Default::default()
        })
        .await
        .result
        .unwrap();
    assert_eq!(export.invalid_user_ids, vec!["ghost"]);
    let ada = &export.users[0];
    assert_eq!(ada["first_name"], "Ada");
    assert_eq!(ada["custom_attributes"]["plan"], "enterprise");
    assert_eq!(ada["custom_attributes"]["visits"], 2);
    let solved = &ada["custom_events"][0];
    assert_eq!(
        (solved["name"].as_str(), solved["count"].as_u64()),
        (Some("zendesk_ticket_solved"), Some(2))
    );
    assert_eq!(solved["first"], "2026-11-25T10:00:00Z");

    let only = b
        .export_ids(&ExportRequest {
            email_address: Some("ADA@example.com".into()),
            fields_to_export: vec!["external_id".into(), "email".into()],
            ..Default::default()
        })
        .await
        .result
        .unwrap();
    assert_eq!(
        only.users,
        vec![json!({"external_id": "user-1042", "email": "ada@example.com"})]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn objects_braze_refuses_come_back_inside_a_201() {
    let sb = sandbox().await;
    let outcome = braze(&sb)
        .track(&json!({"events": [
            event("user-1042", "ok"),
            {"external_id": "", "name": "empty id from zendesk", "time": "2026-11-25T10:00:00Z"},
            {"external_id": "u", "time": "2026-11-25T10:00:00Z"},
            {"external_id": "u", "name": "x", "time": "yesterday"},
            {"external_id": "u", "name": "x", "time": "2026-11-25T10:00:00Z", "properties": {"$bad": 1}},
        ]}))
        .await;
    assert_eq!(outcome.exchange.status(), Some(201));
    match outcome.result.unwrap_err() {
        ApiError::BrazeRejected { errors } => {
            let summary: Vec<(usize, &str)> =
                errors.iter().map(|e| (e.index, e.kind.as_str())).collect();
            assert_eq!(errors.len(), 4, "{summary:?}");
            assert!(summary[0].1.contains("'external_id'") && summary[0].0 == 1);
            assert!(summary[1].1.contains("'name' is required"));
            assert!(summary[2].1.contains("'time'"));
            assert!(summary[3].1.contains("'$bad'"));
            assert!(errors.iter().all(|e| e.input_array == "events"));
        }
        other => panic!("{other:?}"),
    }
    // The valid one was still logged.
    let st = state(&sb).await;
    let ada = st["braze_profiles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["external_id"] == "user-1042")
        .unwrap();
    assert_eq!(ada["events"][0]["name"], "ok");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn more_than_75_objects_is_a_400() {
    let sb = sandbox().await;
    let events: Vec<_> = (0..76).map(|i| event(&format!("u{i}"), "e")).collect();
    let e = braze(&sb)
        .track(&json!({"events": events}))
        .await
        .result
        .unwrap_err();
    assert!(
        matches!(&e, ApiError::BadRequest { service: Service::Braze, message, .. } if message.contains("Max Input Length Exceeded")),
        "{e:?}"
    );
    let ok: Vec<_> = (0..75).map(|i| event(&format!("u{i}"), "e")).collect();
    assert_eq!(
        braze(&sb)
            .track(&json!({"events": ok}))
            .await
            .result
            .unwrap()
            .events_processed,
        Some(75)
    );
    let e = braze(&sb)
        .track_raw("{\"events\": [")
        .await
        .result
        .unwrap_err();
    assert!(matches!(e, ApiError::BadRequest { .. }), "{e:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_key_is_401_and_missing_permission_is_403() {
    let sb = sandbox().await;
    let wrong = braze_with(&sb, "\"sandbox-braze-key\"");
    let outcome = wrong.track(&json!({"events": [event("u", "e")]})).await;
    let e = outcome.result.unwrap_err();
    assert!(
        matches!(&e, ApiError::Unauthorized { service: Service::Braze, message } if message.starts_with("Invalid API key")),
        "{e:?}"
    );
    assert!(e.to_string().contains("no quotes"));
    let auth = &outcome
        .exchange
        .request_headers
        .iter()
        .find(|(k, _)| k == "Authorization")
        .unwrap()
        .1;
    assert_eq!(auth, &format!("Bearer {MASK}"));

    let limited = braze_with(&sb, DEMO_BRAZE_KEY_NO_TRACK);
    let e = limited
        .track(&json!({"events": [event("u", "e")]}))
        .await
        .result
        .unwrap_err();
    assert!(
        matches!(
            &e,
            ApiError::Forbidden {
                service: Service::Braze,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("lacks the permission"), "{e}");
    // The same key may export.
    let export = limited
        .export_ids(&ExportRequest {
            external_ids: vec!["user-1042".into()],
            ..Default::default()
        })
        .await;
    assert!(export.result.is_ok());
    assert!(
        !serde_json::to_string(&export.exchange)
            .unwrap()
            .contains(DEMO_BRAZE_KEY_NO_TRACK)
    );
    assert!(
        !serde_json::to_string(&export.exchange)
            .unwrap()
            .contains(DEMO_BRAZE_KEY)
    );
}

/// `{"add": [...]}` and `{"remove": [...]}` change an array attribute (both in one object too);
/// `_update_existing_only: true` changes a user who exists and creates nobody.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn array_operations_and_update_existing_only() {
    let sb = sandbox().await;
    let b = braze(&sb);
    let track = |attributes: serde_json::Value| {
        let b = b.clone();
        async move {
            b.track(&json!({"attributes": attributes}))
                .await
                .result
                .unwrap()
        }
    };
    track(json!([{"external_id": "user-1042", "topics": ["billing", "login"]}])).await;
    track(json!([{"external_id": "user-1042", "topics": {"add": ["refunds", "vip"]}}])).await;
    track(json!([{"external_id": "user-1042", "topics": {"remove": ["login"]}}])).await;
    track(json!([{"external_id": "user-1042", "topics": {"remove": ["vip"], "add": ["late"]}}]))
        .await;
    // On an attribute that does not exist yet, add starts an array.
    track(json!([{"external_id": "user-1042", "fresh": {"add": ["a"]}}])).await;
    let r = track(json!([
        {"external_id": "user-1042", "plan": "team", "_update_existing_only": true},
        {"external_id": "nobody-yet", "plan": "team", "_update_existing_only": true},
        {"external_id": "made-now", "plan": "team", "_update_existing_only": false},
    ]))
    .await;
    assert_eq!(r.attributes_processed, Some(2));
    let export = b
        .export_ids(&ExportRequest {
            external_ids: vec!["user-1042".into(), "nobody-yet".into(), "made-now".into()],
            ..Default::default()
        })
        .await
        .result
        .unwrap();
    let custom = &export.users[0]["custom_attributes"];
    assert_eq!(custom["topics"], json!(["billing", "refunds", "late"]));
    assert_eq!(custom["fresh"], json!(["a"]));
    assert_eq!(custom["plan"], "team");
    assert_eq!(export.invalid_user_ids, vec!["nobody-yet"]);
    assert_eq!(export.users.len(), 2);
    // Events in update-only mode do not create users either.
    b.track(&json!({"events": [{"external_id": "ghost-2", "name": "e", "time": "2026-01-01T00:00:00Z", "_update_existing_only": true}]}))
        .await
        .result
        .unwrap();
    let export = b
        .export_ids(&ExportRequest {
            external_ids: vec!["ghost-2".into()],
            ..Default::default()
        })
        .await
        .result
        .unwrap();
    assert!(export.users.is_empty(), "{:?}", export.users);
}
