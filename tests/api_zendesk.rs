//! The Zendesk client against the sandbox over real HTTP: every endpoint and every documented
//! error.

mod common;

use common::*;
use serde_json::json;
use zenbraze::api::zendesk::{Action, Condition, Conditions, NewTrigger, NewWebhook, WebhookAuth};
use zenbraze::api::{ApiError, MASK, Secret, Service};
use zenbraze::sandbox::{DEMO_ADMIN_EMAIL, DEMO_ADMIN_ID, DEMO_BRAZE_KEY};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tickets_create_show_update() {
    let sb = sandbox().await;
    let z = zendesk(&sb);
    let created = z.create_ticket(&ticket("Printer")).await;
    assert_eq!(created.exchange.status(), Some(201));
    let created = created.result.unwrap();
    assert_eq!(created.ticket.id, 1);
    assert_eq!(created.ticket.status.as_deref(), Some("new"));
    assert_eq!(
        created.location.as_deref(),
        Some(format!("{}/api/v2/tickets/1.json", sb.base_url()).as_str())
    );
    let second = z.create_ticket(&ticket("Second")).await.result.unwrap();
    assert_eq!(second.ticket.id, 2);

    let shown = z.show_ticket(1).await.result.unwrap();
    assert_eq!(shown.subject.as_deref(), Some("Printer"));
    assert_eq!(shown.requester_id, Some(DEMO_ADMIN_ID));

    let updated = z
        .update_ticket(
            1,
            &json!({"ticket": {"status": "solved", "assignee_id": DEMO_ADMIN_ID, "additional_tags": ["Done"]}}),
        )
        .await
        .result
        .unwrap();
    assert_eq!(updated.status.as_deref(), Some("solved"));
    assert_eq!(updated.tags, vec!["done"]);

    let missing = z.show_ticket(99).await.result.unwrap_err();
    assert!(
        matches!(&missing, ApiError::NotFound { service: Service::Zendesk, message } if message.contains("RecordNotFound")),
        "{missing:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ticket_validation_errors_are_422_with_details() {
    let sb = sandbox().await;
    let z = zendesk(&sb);
    let cases = [
        (
            json!({"ticket": {"subject": "x", "comment": {"body": "b"}, "priority": "Urgent!"}}),
            "priority",
            "Priority:",
        ),
        (
            json!({"ticket": {"subject": "x", "comment": {"body": "b"}, "type": "bug"}}),
            "type",
            "Type:",
        ),
        (
            json!({"ticket": {"subject": "x", "comment": {"body": "b"}, "status": "New"}}),
            "status",
            "Status:",
        ),
        (
            json!({"ticket": {"subject": "x"}}),
            "description",
            "Description: cannot be blank",
        ),
        (
            json!({"ticket": {"subject": "x", "comment": {"body": "  "}}}),
            "description",
            "Description: cannot be blank",
        ),
        (
            json!({"ticket": {"subject": "x", "comment": {"body": "b"}, "requester_id": "user-1042"}}),
            "requester_id",
            "not an integer id",
        ),
        (
            json!({"ticket": {"subject": "x", "comment": {"body": "b"}, "requester_id": 42}}),
            "requester_id",
            "no user has id 42",
        ),
        (
            json!({"ticket": {"subject": "x", "comment": {"body": "b"}, "status": "solved"}}),
            "assignee",
            "required when solving",
        ),
        (
            json!({"ticket": {"subject": "x", "comment": {"body": "b"}, "tags": [1, 2]}}),
            "tags",
            "list of strings",
        ),
    ];
    for (body, field, words) in cases {
        let outcome = z.create_ticket(&body).await;
        assert_eq!(outcome.exchange.status(), Some(422), "{body}");
        match outcome.result.unwrap_err() {
            ApiError::Invalid { details } => {
                assert!(
                    details
                        .iter()
                        .any(|d| d.field == field && d.description.contains(words)),
                    "{body}: {details:?}"
                );
            }
            other => panic!("{body}: {other:?}"),
        }
    }
    // Nothing was created by the refused requests.
    assert_eq!(state(&sb).await["tickets"].as_array().unwrap().len(), 0);
    // A body that is not JSON is a 400.
    let raw = z
        .create_ticket_raw("{\"ticket\": {\"subject\": \"a\nb\"}}")
        .await;
    assert!(
        matches!(raw.result, Err(ApiError::BadRequest { .. })),
        "{:?}",
        raw.result
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_ticket_fields_come_back_as_a_warning() {
    let sb = sandbox().await;
    let outcome = zendesk(&sb)
        .create_ticket(
            &json!({"ticket": {"subject": "x", "comment": {"body": "b"}, "colour": "red"}}),
        )
        .await;
    assert!(outcome.result.is_ok());
    let warnings: Vec<String> = outcome
        .exchange
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        warnings,
        vec!["Zendesk ignored these fields (unknown or not allowed): colour"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requester_object_creates_or_reuses_a_user() {
    let sb = sandbox().await;
    let z = zendesk(&sb);
    let body = json!({"ticket": {"subject": "x", "comment": {"body": "b"},
        "requester": {"name": "Ada Lovelace", "email": "ada@example.com"}}});
    let a = z.create_ticket(&body).await.result.unwrap().ticket;
    let b = z.create_ticket(&body).await.result.unwrap().ticket;
    assert_eq!(a.requester_id, b.requester_id);
    assert_ne!(a.requester_id, Some(DEMO_ADMIN_ID));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn credentials_are_checked_like_zendesk_does() {
    let sb = sandbox().await;
    let me = zendesk(&sb).verify().await.result.unwrap();
    assert_eq!(me.id, Some(DEMO_ADMIN_ID));
    assert_eq!(me.role.as_deref(), Some("admin"));

    // Wrong token: /users/me answers 200 with the anonymous user...
    let wrong = zendesk_as(&sb, DEMO_ADMIN_EMAIL, "not-the-token");
    let me = wrong.me().await;
    assert_eq!(me.exchange.status(), Some(200));
    assert_eq!(me.result.unwrap().id, None);
    // ...which the connection test turns into a clear error.
    let verified = wrong.verify().await.result.unwrap_err();
    assert_eq!(verified, ApiError::AnonymousUser);
    assert!(verified.to_string().contains("email or API token is wrong"));
    // Other endpoints answer 401.
    let e = wrong.show_ticket(1).await.result.unwrap_err();
    assert!(
        matches!(&e, ApiError::Unauthorized { service: Service::Zendesk, message } if message == "Couldn't authenticate you"),
        "{e:?}"
    );
    assert!(!e.to_string().contains("not-the-token"));

    // A wrong subdomain is a 404 page, not the API.
    let nowhere = zenbraze::api::zendesk::ZendeskClient::new(
        &format!("{}/accounts/acme-typo", sb.base_url()),
        DEMO_ADMIN_EMAIL,
        Secret::new("sandbox-zendesk-token"),
        fast(),
    )
    .unwrap();
    let e = nowhere.me().await.result.unwrap_err();
    assert!(matches!(e, ApiError::NoSuchAccount { .. }), "{e:?}");
    assert!(e.to_string().contains("check the subdomain"));
    // The right one through the same path works.
    let there = zenbraze::api::zendesk::ZendeskClient::new(
        &format!("{}/accounts/sandbox", sb.base_url()),
        DEMO_ADMIN_EMAIL,
        Secret::new("sandbox-zendesk-token"),
        fast(),
    )
    .unwrap();
    assert!(there.verify().await.result.is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_exchange_shows_everything_but_the_secret() {
    let sb = sandbox().await;
    let outcome = zendesk(&sb).create_ticket(&ticket("x")).await;
    let ex = &outcome.exchange;
    assert_eq!(ex.method, "POST");
    assert_eq!(ex.url, format!("{}/api/v2/tickets.json", sb.base_url()));
    assert_eq!(ex.operation, "tickets.create");
    let auth = &ex
        .request_headers
        .iter()
        .find(|(k, _)| k == "Authorization")
        .unwrap()
        .1;
    assert_eq!(
        auth,
        &format!("Basic {MASK} ({DEMO_ADMIN_EMAIL}/token:{MASK})")
    );
    assert!(ex.request_body.contains("Printer on fire"));
    assert_eq!(ex.attempts.len(), 1);
    assert!(ex.response_body().contains("\"id\":1"));
    assert_eq!(
        ex.response_header("content-type"),
        Some("application/json; charset=utf-8")
    );
    let all = serde_json::to_string(ex).unwrap();
    assert!(!all.contains("sandbox-zendesk-token"));
    assert!(
        !all.contains("YWRtaW5Ac2FuZGJveC50ZXN0L3Rva2Vu"),
        "the base64 credentials leak"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_search_and_create_or_update() {
    let sb = sandbox().await;
    let z = zendesk(&sb);
    let created = z
        .create_or_update_user(
            &json!({"name": "Ada", "email": "Ada@Example.com", "external_id": "user-1042"}),
        )
        .await;
    assert_eq!(created.exchange.status(), Some(201));
    let created = created.result.unwrap();
    assert!(created.created);
    // Same email, other case: the existing user, 200.
    let again = z
        .create_or_update_user(&json!({"name": "Ada L.", "email": "ada@example.com"}))
        .await
        .result
        .unwrap();
    assert!(!again.created);
    assert_eq!(again.user.id, created.user.id);
    assert_eq!(again.user.name.as_deref(), Some("Ada L."));

    let by_email = z
        .search_users("email:ada@example.com")
        .await
        .result
        .unwrap();
    assert_eq!(by_email.len(), 1);
    let by_ext = z.users_by_external_id("user-1042").await.result.unwrap();
    assert_eq!(by_ext[0].id, created.user.id);
    assert!(
        z.users_by_external_id("nobody")
            .await
            .result
            .unwrap()
            .is_empty()
    );

    let e = z
        .create_or_update_user(&json!({"email": "x@example.com"}))
        .await
        .result
        .unwrap_err();
    assert!(
        matches!(&e, ApiError::Invalid { details } if details[0].field == "name"),
        "{e:?}"
    );
}

fn braze_webhook(sb: &zenbraze::sandbox::Sandbox) -> NewWebhook {
    NewWebhook::for_trigger(
        "Braze users/track",
        &format!("{}/users/track", sb.base_url()),
        Some(WebhookAuth::BearerToken(Secret::new(DEMO_BRAZE_KEY))),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhooks_crud_never_returns_secrets() {
    let sb = sandbox().await;
    let z = zendesk(&sb);
    let created = z.create_webhook(&braze_webhook(&sb)).await;
    assert_eq!(created.exchange.status(), Some(201));
    assert!(
        !created.exchange.request_body.contains(DEMO_BRAZE_KEY),
        "{}",
        created.exchange.request_body
    );
    let webhook = created.result.unwrap();
    assert_eq!(webhook.id.len(), 26);
    assert_eq!(
        webhook.authentication,
        Some(json!({"type": "bearer_token", "add_position": "header"}))
    );

    let shown = z.show_webhook(&webhook.id).await;
    assert!(!shown.exchange.response_body().contains(DEMO_BRAZE_KEY));
    assert_eq!(shown.result.unwrap().name, "Braze users/track");

    let listed = z.list_webhooks(Some("braze")).await.result.unwrap();
    assert_eq!(listed.len(), 1);
    assert!(
        z.list_webhooks(Some("slack"))
            .await
            .result
            .unwrap()
            .is_empty()
    );

    let patched = z
        .patch_webhook(&webhook.id, &json!({"webhook": {"status": "inactive"}}))
        .await;
    assert_eq!(patched.exchange.status(), Some(204));
    patched.result.unwrap();
    assert_eq!(
        z.show_webhook(&webhook.id).await.result.unwrap().status,
        "inactive"
    );
    // PATCH kept the authentication.
    let st = state(&sb).await;
    assert_eq!(st["webhooks"][0]["authentication"]["type"], "bearer_token");
    assert!(!st.to_string().contains(DEMO_BRAZE_KEY));

    let mut replaced = braze_webhook(&sb);
    replaced.name = "Renamed".into();
    let put = z.update_webhook(&webhook.id, &replaced).await;
    assert_eq!(put.exchange.status(), Some(204));
    assert_eq!(
        z.show_webhook(&webhook.id).await.result.unwrap().name,
        "Renamed"
    );

    // The connection method cannot change.
    let mut other = braze_webhook(&sb);
    other.subscriptions = vec!["zen:event-type:user.created".into()];
    let e = z
        .update_webhook(&webhook.id, &other)
        .await
        .result
        .unwrap_err();
    assert!(e.to_string().contains("cannot be changed"), "{e}");

    // Bad input: the newer error shape, naming the field.
    let mut bad = braze_webhook(&sb);
    bad.http_method = "FETCH".into();
    let e = z.create_webhook(&bad).await.result.unwrap_err();
    assert!(
        matches!(&e, ApiError::BadRequest { details, .. } if details[0].field == "/webhook/http_method"),
        "{e:?}"
    );

    let secret = z.webhook_signing_secret(&webhook.id).await;
    assert!(!secret.result.unwrap().is_empty());
    assert!(secret.exchange.response_body().contains(MASK));

    let deleted = z.delete_webhook(&webhook.id).await;
    assert_eq!(deleted.exchange.status(), Some(204));
    let e = z.show_webhook(&webhook.id).await.result.unwrap_err();
    assert!(matches!(e, ApiError::NotFound { .. }), "{e:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_paths_take_no_json_suffix() {
    let sb = sandbox().await;
    let r = reqwest::Client::new()
        .get(format!("{}/api/v2/webhooks.json", sb.base_url()))
        .basic_auth("admin@sandbox.test/token", Some("sandbox-zendesk-token"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 404);
    assert!(r.text().await.unwrap().contains("no .json suffix"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_test_reports_the_target_status_inside_a_200() {
    let sb = sandbox().await;
    let z = zendesk(&sb);
    // Braze without a key: the target says 401, Zendesk says 200.
    let outcome = z
        .test_webhook(None, &json!({"endpoint": format!("{}/users/track", sb.base_url()), "http_method": "POST", "request_format": "json", "payload": "{}"}))
        .await;
    assert_eq!(outcome.exchange.status(), Some(200));
    let response = outcome.result.unwrap();
    assert_eq!(response.status_code, 401);
    assert!(response.payload.contains("Invalid API key"));

    // An existing webhook uses its own authentication.
    let webhook = z.create_webhook(&braze_webhook(&sb)).await.result.unwrap();
    let body = r#"{"events":[{"external_id":"user-1042","name":"webhook_test","time":"2026-01-01T00:00:00Z"}]}"#;
    let response = z
        .test_webhook(Some(&webhook.id), &json!({"payload": body}))
        .await
        .result
        .unwrap();
    assert_eq!(response.status_code, 201, "{}", response.payload);
    assert!(
        response
            .headers
            .iter()
            .any(|h| h.key == "x-ratelimit-limit")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn triggers_crud_and_put_replaces_conditions() {
    let sb = sandbox().await;
    let z = zendesk(&sb);
    let webhook = z.create_webhook(&braze_webhook(&sb)).await.result.unwrap();
    let mut new = NewTrigger {
        title: "Solved → Braze".into(),
        description: None,
        active: true,
        position: None,
        category_id: None,
        conditions: Conditions {
            all: vec![Condition::new("status", "value", "solved")],
            any: vec![
                Condition::new("priority", "is", "high"),
                Condition::new("priority", "is", "urgent"),
            ],
        },
        actions: vec![Action::notify_webhook(
            &webhook.id,
            "{\"id\": {{ticket.id}}}",
        )],
    };
    let created = z.create_trigger(&new).await;
    assert_eq!(created.exchange.status(), Some(201));
    let trigger = created.result.unwrap();
    assert!(trigger.id > 1_000_000);
    assert_eq!(trigger.category_id.as_deref(), Some("10000000001"));
    assert_eq!(trigger.conditions.any.len(), 2);

    // PUT with only `all`: the `any` conditions are gone.
    new.conditions.any.clear();
    new.title = "Solved → Braze (all priorities)".into();
    let updated = z.update_trigger(trigger.id, &new).await.result.unwrap();
    assert!(updated.conditions.any.is_empty());
    assert_eq!(
        z.show_trigger(trigger.id).await.result.unwrap().title,
        new.title
    );
    assert_eq!(z.list_triggers().await.result.unwrap().len(), 1);

    let mut bad = new.clone();
    bad.conditions.all = vec![Condition::new("status", "value", "Solved")];
    bad.actions = vec![Action::notify_webhook("01NOPE", "{}")];
    let e = z.create_trigger(&bad).await.result.unwrap_err();
    let text = e.to_string();
    assert!(
        text.contains("`Solved` is not a valid status")
            && text.contains("webhook `01NOPE` does not exist"),
        "{text}"
    );

    let defs = z.trigger_definitions().await.result.unwrap();
    let subjects: Vec<&str> = defs["conditions_all"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["subject"].as_str())
        .collect();
    assert!(subjects.contains(&"status") && subjects.contains(&"update_type"));
    let status = &defs["conditions_all"][0];
    assert!(
        status["operators"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["value"] == "value")
    );

    assert_eq!(
        z.delete_trigger(trigger.id).await.exchange.status(),
        Some(204)
    );
    assert!(matches!(
        z.show_trigger(trigger.id).await.result,
        Err(ApiError::NotFound { .. })
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trigger_categories_list_and_create() {
    let sb = sandbox().await;
    let z = zendesk(&sb);
    assert_eq!(z.list_trigger_categories().await.result.unwrap().len(), 1);
    let created = z
        .create_trigger_category("Braze integration", Some(3))
        .await;
    assert_eq!(created.exchange.status(), Some(201));
    let category = created.result.unwrap();
    assert_eq!(category.name, "Braze integration");
    assert!(
        category.id.parse::<u64>().is_ok(),
        "string ids: {}",
        category.id
    );
    assert_eq!(z.list_trigger_categories().await.result.unwrap().len(), 2);
    let e = z
        .create_trigger_category(" ", None)
        .await
        .result
        .unwrap_err();
    assert!(e.to_string().contains("Name cannot be blank"), "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ticket_lists_page_both_ways_and_updates_come_with_their_audit() {
    use zenbraze::api::zendesk::PageRequest;
    let sb = sandbox().await;
    let z = zendesk(&sb);
    let mut ids = Vec::new();
    for i in 0..5 {
        ids.push(
            z.create_ticket(&ticket(&format!("t{i}")))
                .await
                .result
                .unwrap()
                .ticket
                .id,
        );
    }
    // Cursor pages of 1, 2 and 100 give the same tickets, in order, once each.
    for size in [1, 2, 100] {
        let mut seen = Vec::new();
        let mut page = PageRequest::first(size);
        loop {
            let p = z.list_tickets(&page).await.result.unwrap();
            assert!(p.items.len() <= size as usize);
            seen.extend(p.items.iter().map(|t| t.id));
            if !p.has_more {
                break;
            }
            page.after = p.after_cursor;
        }
        assert_eq!(seen, ids, "page[size]={size}");
    }
    // Newest first, and back again with page[before].
    let newest = z
        .list_tickets(&PageRequest {
            size: Some(2),
            sort: Some("-id".into()),
            ..PageRequest::default()
        })
        .await
        .result
        .unwrap();
    assert_eq!(
        newest.items.iter().map(|t| t.id).collect::<Vec<_>>(),
        [ids[4], ids[3]]
    );

    // The update answers the ticket and the audit of the change.
    let update = z
        .update_ticket_audited(
            ids[0],
            &json!({"ticket": {"status": "pending", "comment": {"body": "Waiting", "public": false}}}),
        )
        .await
        .result
        .unwrap();
    assert_eq!(update.ticket.status.as_deref(), Some("pending"));
    let audit = update.audit.expect("an audit");
    assert_eq!(audit.ticket_id, Some(ids[0]));
    let change = audit
        .events
        .iter()
        .find(|e| e["field_name"] == "status")
        .unwrap();
    assert_eq!(change["previous_value"], "new");
    assert_eq!(change["value"], "pending");
    let comments = z
        .ticket_comments(ids[0], &PageRequest::first(1))
        .await
        .result
        .unwrap();
    assert_eq!(comments.items[0].body.as_deref(), Some("Printer on fire"));
    assert!(comments.has_more);

    let many = z
        .show_many_tickets(&[ids[1], 999, ids[2]])
        .await
        .result
        .unwrap();
    assert_eq!(
        many.iter().map(|t| t.id).collect::<Vec<_>>(),
        [ids[1], ids[2]]
    );

    z.delete_ticket(ids[4]).await.result.unwrap();
    assert!(matches!(
        z.show_ticket(ids[4]).await.result,
        Err(ApiError::NotFound { .. })
    ));
    assert!(matches!(
        z.delete_ticket(ids[4]).await.result,
        Err(ApiError::NotFound { .. })
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_users_active_triggers_and_categories() {
    use zenbraze::api::zendesk::PageRequest;
    let sb = sandbox().await;
    let z = zendesk(&sb);
    let a = z
        .create_ticket(&json!({"ticket": {"subject": "Refund please", "comment": {"body": "card charged twice"}, "tags": ["billing", "vip"], "requester": {"name": "Ada", "email": "ada@example.com"}}}))
        .await
        .result
        .unwrap()
        .ticket;
    let b = z
        .create_ticket(&json!({"ticket": {"subject": "Login", "comment": {"body": "cannot sign in"}, "tags": ["auth"]}}))
        .await
        .result
        .unwrap()
        .ticket;
    let found = |r: &zenbraze::api::zendesk::SearchPage| -> Vec<u64> {
        r.results.iter().filter_map(|t| t["id"].as_u64()).collect()
    };
    for (query, expected) in [
        ("type:ticket tags:vip", vec![a.id]),
        ("type:ticket tags:vip tags:auth", vec![a.id, b.id]),
        ("type:ticket -tags:vip", vec![b.id]),
        ("type:ticket charged", vec![a.id]),
        ("type:ticket requester:ada@example.com", vec![a.id]),
        ("type:ticket status<solved", vec![a.id, b.id]),
        ("type:ticket status:solved", vec![]),
        ("type:ticket created>2000-01-01", vec![a.id, b.id]),
        ("type:ticket created<2000-01-01", vec![]),
    ] {
        let r = z.search(query, None, None, 1, 100).await.result.unwrap();
        assert_eq!(found(&r), expected, "{query}");
        assert_eq!(r.count, expected.len() as u64, "{query}");
    }
    let sorted = z
        .search("type:ticket", Some("created_at"), Some("desc"), 1, 1)
        .await
        .result
        .unwrap();
    assert_eq!(sorted.count, 2);
    assert!(sorted.next_page.is_some());
    let past = z.search("type:ticket", None, None, 11, 100).await;
    assert_eq!(past.exchange.status(), Some(422));

    // Users: list, show, update.
    let users = z.list_users(&PageRequest::first(1)).await.result.unwrap();
    assert!(users.has_more);
    let ada = a.requester_id.unwrap();
    let renamed = z
        .update_user(
            ada,
            &json!({"name": "Ada Lovelace", "external_id": "user-1042"}),
        )
        .await
        .result
        .unwrap();
    assert_eq!(renamed.name.as_deref(), Some("Ada Lovelace"));
    assert_eq!(
        z.show_user(ada)
            .await
            .result
            .unwrap()
            .external_id
            .as_deref(),
        Some("user-1042")
    );
    let taken = z
        .update_user(ada, &json!({"email": DEMO_ADMIN_EMAIL}))
        .await;
    assert_eq!(taken.exchange.status(), Some(422));

    // Active triggers and a category shown and renamed.
    let active = NewTrigger {
        title: "on".into(),
        description: None,
        active: true,
        position: None,
        category_id: None,
        conditions: Conditions {
            all: vec![Condition::new("status", "value", "solved")],
            any: vec![],
        },
        actions: vec![Action {
            field: "status".into(),
            value: json!("closed"),
        }],
    };
    let on = z.create_trigger(&active).await.result.unwrap();
    let off = z
        .create_trigger(&NewTrigger {
            title: "off".into(),
            active: false,
            ..active.clone()
        })
        .await
        .result
        .unwrap();
    let listed: Vec<u64> = z
        .list_active_triggers()
        .await
        .result
        .unwrap()
        .iter()
        .map(|t| t.id)
        .collect();
    assert!(listed.contains(&on.id) && !listed.contains(&off.id));
    let category = z
        .create_trigger_category("Braze", None)
        .await
        .result
        .unwrap();
    let renamed = z
        .update_trigger_category(&category.id, Some("Braze loop"), Some(7))
        .await
        .result
        .unwrap();
    assert_eq!(renamed.name, "Braze loop");
    assert_eq!(
        z.show_trigger_category(&category.id)
            .await
            .result
            .unwrap()
            .position,
        Some(7)
    );
    assert!(matches!(
        z.show_trigger_category("404").await.result,
        Err(ApiError::NotFound { .. })
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_routes_are_invalid_endpoints_and_every_answer_has_rate_limit_headers() {
    let sb = sandbox().await;
    let http = reqwest::Client::new();
    for (method, path, error) in [
        ("GET", "/api/v2/no_such_thing.json", "InvalidEndpoint"),
        ("DELETE", "/api/v2/users/me.json", "InvalidEndpoint"),
        ("GET", "/api/v2/tickets/abc.json", "InvalidEndpoint"),
        ("GET", "/api/v2/tickets/424242.json", "RecordNotFound"),
        ("PUT", "/api/v2/users/424242.json", "RecordNotFound"),
    ] {
        let r = http
            .request(method.parse().unwrap(), format!("{}{path}", sb.base_url()))
            .basic_auth(
                format!("{DEMO_ADMIN_EMAIL}/token"),
                Some(zenbraze::sandbox::DEMO_ZENDESK_TOKEN),
            )
            .header("Content-Type", "application/json")
            .body(r#"{"user": {"name": "x"}}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 404, "{method} {path}");
        assert_eq!(r.headers()["x-rate-limit"], "700");
        let remaining: u32 = r.headers()["x-rate-limit-remaining"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(remaining < 700);
        let body: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
        assert_eq!(body["error"], error, "{method} {path}");
        assert_eq!(body["description"], "Not found");
    }
    // A 401 has them too.
    let r = http
        .get(format!("{}/api/v2/tickets.json", sb.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);
    assert!(r.headers().contains_key("x-rate-limit-remaining"));
}

// ---- issue 27: the routes zenpy and node-zendesk call that the sandbox lacked ----

/// One call to the sandbox's Zendesk as the demo admin: status and body (null when empty).
async fn call(
    sb: &zenbraze::sandbox::Sandbox,
    method: &str,
    path: &str,
    body: Option<serde_json::Value>,
) -> (u16, serde_json::Value) {
    let mut request = reqwest::Client::new()
        .request(
            method.parse().unwrap(),
            format!("{}/api/v2/{path}", sb.base_url()),
        )
        .basic_auth(
            format!("{DEMO_ADMIN_EMAIL}/token"),
            Some(zenbraze::sandbox::DEMO_ZENDESK_TOKEN),
        );
    if let Some(b) = body {
        request = request
            .header("Content-Type", "application/json")
            .body(b.to_string());
    }
    let r = request.send().await.unwrap();
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    let json = if text.is_empty() {
        serde_json::Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{method} {path}: {e}: {text}"))
    };
    (status, json)
}

async fn new_trigger(sb: &zenbraze::sandbox::Sandbox, title: &str) -> u64 {
    let (status, body) = call(
        sb,
        "POST",
        "triggers.json",
        Some(json!({"trigger": {"title": title,
            "conditions": {"all": [{"field": "priority", "operator": "is", "value": "urgent"}]},
            "actions": [{"field": "current_tags", "value": "hot"}]}})),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    body["trigger"]["id"].as_u64().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trigger_search_reorder_update_many_and_destroy_many() {
    let sb = sandbox().await;
    let a = new_trigger(&sb, "Braze: solved").await;
    let b = new_trigger(&sb, "Escalate VIP").await;
    let c = new_trigger(&sb, "braze: reopened").await;

    // Search: the title holds the query, any case; without a query 400.
    let (status, found) = call(&sb, "GET", "triggers/search.json?query=BRAZE", None).await;
    assert_eq!(status, 200);
    let ids: Vec<u64> = found["triggers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, [a, c]);
    assert_eq!(found["count"], 2);
    assert_eq!(call(&sb, "GET", "triggers/search.json", None).await.0, 400);

    // Reorder: every id, in the new order; one left out is a 404 and changes nothing.
    let (status, body) = call(
        &sb,
        "PUT",
        "triggers/reorder.json",
        Some(json!({"trigger_ids": [c, a, b]})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (_, listed) = call(&sb, "GET", "triggers.json", None).await;
    let order: Vec<u64> = listed["triggers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_u64().unwrap())
        .collect();
    assert_eq!(order, [c, a, b]);
    let (status, body) = call(
        &sb,
        "PUT",
        "triggers/reorder.json",
        Some(json!({"trigger_ids": [a, b]})),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (404, Some("RecordNotFound"))
    );
    // With a second category the API refuses to reorder.
    let (status, _) = call(
        &sb,
        "POST",
        "trigger_categories",
        Some(json!({"trigger_category": {"name": "Second"}})),
    )
    .await;
    assert_eq!(status, 201);
    let (status, body) = call(
        &sb,
        "PUT",
        "triggers/reorder.json",
        Some(json!({"trigger_ids": [a, b, c]})),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["errors"][0]["code"], "LimitOneCategory");

    // Update many: position and active only; other properties are ignored.
    let (status, body) = call(
        &sb,
        "PUT",
        "triggers/update_many.json",
        Some(json!({"triggers": [{"id": a, "active": false, "title": "ignored"}, {"id": b, "position": 9}]})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["count"], 2);
    let (_, shown) = call(&sb, "GET", &format!("triggers/{a}.json"), None).await;
    assert_eq!(shown["trigger"]["active"], false);
    assert_eq!(shown["trigger"]["title"], "Braze: solved");
    let (_, shown) = call(&sb, "GET", &format!("triggers/{b}.json"), None).await;
    assert_eq!(shown["trigger"]["position"], 9);
    let (_, active) = call(&sb, "GET", "triggers/active.json", None).await;
    assert!(
        active["triggers"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["id"] != a)
    );
    // An unknown id: 404, and nothing changed.
    let (status, _) = call(
        &sb,
        "PUT",
        "triggers/update_many.json",
        Some(json!({"triggers": [{"id": c, "active": false}, {"id": 1, "active": false}]})),
    )
    .await;
    assert_eq!(status, 404);
    let (_, shown) = call(&sb, "GET", &format!("triggers/{c}.json"), None).await;
    assert_eq!(shown["trigger"]["active"], true);

    // Destroy many: all or none.
    let (status, _) = call(
        &sb,
        "DELETE",
        &format!("triggers/destroy_many.json?ids={a},1"),
        None,
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(
        call(&sb, "GET", &format!("triggers/{a}.json"), None)
            .await
            .0,
        200
    );
    let (status, _) = call(
        &sb,
        "DELETE",
        &format!("triggers/destroy_many.json?ids={a},{b}"),
        None,
    )
    .await;
    assert_eq!(status, 204);
    assert_eq!(
        call(&sb, "GET", &format!("triggers/{a}.json"), None)
            .await
            .0,
        404
    );
    assert_eq!(
        call(&sb, "GET", &format!("triggers/{b}.json"), None)
            .await
            .0,
        404
    );
    assert_eq!(
        call(&sb, "GET", &format!("triggers/{c}.json"), None)
            .await
            .0,
        200
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ticket_tags_set_add_remove_are_audited_updates() {
    let sb = sandbox().await;
    let (status, created) = call(
        &sb,
        "POST",
        "tickets.json",
        Some(json!({"ticket": {"subject": "Tags", "comment": {"body": "x"}, "tags": ["one"]}})),
    )
    .await;
    assert_eq!(status, 201);
    let id = created["ticket"]["id"].as_u64().unwrap();
    let tags = |v: &serde_json::Value| v["tags"].clone();

    let (status, body) = call(
        &sb,
        "PUT",
        &format!("tickets/{id}/tags.json"),
        Some(json!({"tags": ["two", "Three"]})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(tags(&body), json!(["one", "two", "three"]));
    let (status, body) = call(
        &sb,
        "DELETE",
        &format!("tickets/{id}/tags.json"),
        Some(json!({"tags": ["one"]})),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(tags(&body), json!(["two", "three"]));
    let (status, body) = call(
        &sb,
        "POST",
        &format!("tickets/{id}/tags.json"),
        Some(json!({"tags": ["only"]})),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(tags(&body), json!(["only"]));
    // The documented body only: a bare array is not it.
    let (status, _) = call(
        &sb,
        "PUT",
        &format!("tickets/{id}/tags.json"),
        Some(json!(["bare"])),
    )
    .await;
    assert_eq!(status, 422);
    let (status, body) = call(
        &sb,
        "PUT",
        &format!("tickets/{id}/tags.json"),
        Some(json!({"tags": "bare"})),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(tags(&body), json!(["only", "bare"]));
    let (status, body) = call(&sb, "GET", &format!("tickets/{id}/tags.json"), None).await;
    assert_eq!((status, tags(&body)), (200, json!(["only", "bare"])));

    // Each change is an update: audited.
    let (_, audits) = call(&sb, "GET", &format!("tickets/{id}/audits.json"), None).await;
    assert_eq!(audits["audits"].as_array().unwrap().len(), 5);
    // A stale safe update: 409. Not a list: 422. A missing ticket: 404.
    let (status, body) = call(
        &sb,
        "PUT",
        &format!("tickets/{id}/tags.json"),
        Some(json!({"tags": ["x"], "safe_update": true, "updated_stamp": "2001-01-01T00:00:00Z"})),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("UpdateConflict"))
    );
    let (status, body) = call(
        &sb,
        "PUT",
        &format!("tickets/{id}/tags.json"),
        Some(json!({"tags": 3})),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (422, Some("RecordInvalid"))
    );
    assert_eq!(
        call(
            &sb,
            "PUT",
            "tickets/424242/tags.json",
            Some(json!({"tags": ["x"]}))
        )
        .await
        .0,
        404
    );

    // A closed ticket refuses the tag endpoints.
    let (status, _) = call(
        &sb,
        "PUT",
        &format!("tickets/{id}.json"),
        Some(json!({"ticket": {"status": "closed", "assignee_id": DEMO_ADMIN_ID}})),
    )
    .await;
    assert_eq!(status, 200);
    let (status, body) = call(
        &sb,
        "PUT",
        &format!("tickets/{id}/tags.json"),
        Some(json!({"tags": ["late"]})),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        body["details"]["status"][0]["description"],
        "Status: closed prevents ticket update"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn post_users_creates_and_a_taken_email_is_a_422() {
    let sb = sandbox().await;
    let (status, body) = call(
        &sb,
        "POST",
        "users.json",
        Some(json!({"user": {"name": "Ada", "email": "ada@example.com", "external_id": "user-1042"}})),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let id = body["user"]["id"].as_u64().unwrap();
    assert_eq!(body["user"]["role"], "end-user");
    assert_eq!(
        call(&sb, "GET", &format!("users/{id}.json"), None).await.1["user"]["external_id"],
        "user-1042"
    );

    let (status, body) = call(
        &sb,
        "POST",
        "users.json",
        Some(json!({"user": {"name": "Ada again", "email": "ADA@example.com"}})),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"], "RecordInvalid");
    assert_eq!(body["details"]["email"][0]["error"], "DuplicateValue");
    assert_eq!(
        body["details"]["email"][0]["description"],
        "Email: ADA@example.com is already being used by another user"
    );
    let (status, body) = call(
        &sb,
        "POST",
        "users.json",
        Some(json!({"user": {"email": "x@example.com", "role": "boss"}})),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(body["details"]["name"][0]["error"], "BlankValue");
    assert_eq!(
        body["details"]["role"][0]["description"],
        "Role: is invalid"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ticket_fields_and_custom_fields_on_tickets_and_in_triggers() {
    let sb = sandbox().await;
    let (status, body) = call(
        &sb,
        "POST",
        "ticket_fields.json",
        Some(json!({"ticket_field": {"type": "tagger", "title": "Plan",
            "custom_field_options": [{"name": "Pro", "value": "plan_pro"}, {"name": "Free", "value": "plan_free"}]}})),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let plan = body["ticket_field"]["id"].as_u64().unwrap();
    assert!(body["ticket_field"]["custom_field_options"][0]["id"].is_u64());
    let (status, body) = call(
        &sb,
        "POST",
        "ticket_fields.json",
        Some(json!({"ticket_field": {"type": "integer", "title": "Order number"}})),
    )
    .await;
    assert_eq!(status, 201);
    let order = body["ticket_field"]["id"].as_u64().unwrap();
    // Validation: a title, a known type, options for a drop-down.
    let (status, body) = call(
        &sb,
        "POST",
        "ticket_fields.json",
        Some(json!({"ticket_field": {"type": "colour"}})),
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        body["details"]["title"].is_array() && body["details"]["type"].is_array(),
        "{body}"
    );
    let (status, _) = call(
        &sb,
        "POST",
        "ticket_fields.json",
        Some(json!({"ticket_field": {"type": "tagger", "title": "No options"}})),
    )
    .await;
    assert_eq!(status, 422);
    let (_, listed) = call(&sb, "GET", "ticket_fields.json", None).await;
    assert_eq!(listed["count"], 2);

    // A trigger on the field's value, which renders it in its webhook-free action.
    let (status, body) = call(
        &sb,
        "POST",
        "triggers.json",
        Some(json!({"trigger": {"title": "Pro plan",
            "conditions": {"all": [{"field": format!("custom_fields_{plan}"), "operator": "is", "value": "plan_pro"}]},
            "actions": [{"field": "priority", "value": "high"}]}})),
    )
    .await;
    assert_eq!(status, 201, "{body}");

    // A ticket with custom_fields: every field is listed, the drop-down's tag is set, the
    // trigger sees the value.
    let (status, created) = call(
        &sb,
        "POST",
        "tickets.json",
        Some(
            json!({"ticket": {"subject": "Fields", "comment": {"body": "x"},
            "custom_fields": [{"id": plan, "value": "plan_pro"}]}}),
        ),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    let t = &created["ticket"];
    let id = t["id"].as_u64().unwrap();
    assert_eq!(
        t["custom_fields"],
        json!([{"id": plan, "value": "plan_pro"}, {"id": order, "value": null}])
    );
    assert_eq!(t["tags"], json!(["plan_pro"]));
    assert_eq!(t["priority"], "high");

    // An update sets one field and keeps the other; the old option's tag goes.
    let (status, updated) = call(
        &sb,
        "PUT",
        &format!("tickets/{id}.json"),
        Some(json!({"ticket": {"custom_fields": [{"id": plan, "value": "plan_free"}, {"id": order, "value": "1042"}]}})),
    )
    .await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(
        updated["ticket"]["custom_fields"],
        json!([{"id": plan, "value": "plan_free"}, {"id": order, "value": "1042"}])
    );
    assert_eq!(updated["ticket"]["tags"], json!(["plan_free"]));
    // A value the field cannot take: 422 naming the field.
    for bad in [
        json!({"id": plan, "value": "plan_gold"}),
        json!({"id": order, "value": "12a"}),
    ] {
        let (status, body) = call(
            &sb,
            "PUT",
            &format!("tickets/{id}.json"),
            Some(json!({"ticket": {"custom_fields": [bad]}})),
        )
        .await;
        assert_eq!(status, 422, "{body}");
        assert!(
            body["details"]["custom_fields"][0]["description"]
                .as_str()
                .unwrap()
                .contains("is not a valid value")
        );
    }
    // Update and delete a field.
    let (status, body) = call(
        &sb,
        "PUT",
        &format!("ticket_fields/{order}.json"),
        Some(json!({"ticket_field": {"title": "Order"}})),
    )
    .await;
    assert_eq!(
        (status, body["ticket_field"]["title"].as_str()),
        (200, Some("Order"))
    );
    assert_eq!(
        call(&sb, "DELETE", &format!("ticket_fields/{order}.json"), None)
            .await
            .0,
        204
    );
    assert_eq!(
        call(&sb, "GET", &format!("ticket_fields/{order}.json"), None)
            .await
            .0,
        404
    );
}

/// A one-shot HTTP target that hands back the first request it receives, headers and body.
async fn catch_one() -> (String, tokio::sync::oneshot::Receiver<String>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let (tx, rx) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut seen = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            let n = socket.read(&mut buf).await.unwrap();
            seen.extend_from_slice(&buf[..n]);
            let text = String::from_utf8_lossy(&seen).to_string();
            if let Some((head, body)) = text.split_once("\r\n\r\n") {
                let length = head
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().parse::<usize>().unwrap())
                    })
                    .unwrap_or(0);
                if body.len() >= length || n == 0 {
                    break;
                }
            }
            if n == 0 {
                break;
            }
        }
        let _ = socket
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok")
            .await;
        let _ = tx.send(String::from_utf8_lossy(&seen).to_string());
    });
    (url, rx)
}

/// Zendesk's signature: base64 of HMAC-SHA256 over the timestamp then the body.
fn signature(secret: &str, timestamp: &str, body: &str) -> String {
    use base64::Engine as _;
    use hmac::Mac as _;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(timestamp.as_bytes());
    mac.update(body.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

fn header<'a>(request: &'a str, name: &str) -> &'a str {
    request
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim())
        })
        .unwrap_or_else(|| panic!("no {name} in {request}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_tests_are_signed_and_the_secret_can_be_reset() {
    let sb = sandbox().await;
    // A webhook not saved yet: the static test secret.
    let (url, caught) = catch_one().await;
    let (status, body) = call(
        &sb,
        "POST",
        "webhooks/test",
        Some(json!({"request": {"endpoint": url, "http_method": "POST", "request_format": "json", "payload": "{\"a\":1}"}})),
    )
    .await;
    assert_eq!(
        (status, body["response"]["status_code"].as_u64()),
        (200, Some(200)),
        "{body}"
    );
    let request = caught.await.unwrap();
    let timestamp = header(&request, "x-zendesk-webhook-signature-timestamp");
    assert_eq!(
        header(&request, "x-zendesk-webhook-signature"),
        signature(
            "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==",
            timestamp,
            "{\"a\":1}"
        )
    );

    // A saved webhook: its own secret, and after a reset the new one.
    let (url, caught) = catch_one().await;
    let (status, created) = call(
        &sb,
        "POST",
        "webhooks",
        Some(json!({"webhook": {"name": "hook", "endpoint": url, "http_method": "POST", "request_format": "json",
            "status": "active", "subscriptions": ["conditional_ticket_events"]}})),
    )
    .await;
    assert_eq!(status, 201);
    let id = created["webhook"]["id"].as_str().unwrap().to_owned();
    let (_, old) = call(&sb, "GET", &format!("webhooks/{id}/signing_secret"), None).await;
    let (status, reset) = call(&sb, "POST", &format!("webhooks/{id}/signing_secret"), None).await;
    assert_eq!(status, 201, "{reset}");
    assert_eq!(reset["signing_secret"]["algorithm"], "SHA256");
    let secret = reset["signing_secret"]["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(secret, old["signing_secret"]["secret"].as_str().unwrap());
    let (_, shown) = call(&sb, "GET", &format!("webhooks/{id}/signing_secret"), None).await;
    assert_eq!(shown["signing_secret"]["secret"], secret.as_str());
    let (status, _) = call(
        &sb,
        "POST",
        &format!("webhooks/test?webhook_id={id}"),
        Some(json!({"request": {"payload": "{}"}})),
    )
    .await;
    assert_eq!(status, 200);
    let request = caught.await.unwrap();
    let timestamp = header(&request, "x-zendesk-webhook-signature-timestamp");
    assert_eq!(
        header(&request, "x-zendesk-webhook-signature"),
        signature(&secret, timestamp, "{}")
    );
    let (status, body) = call(
        &sb,
        "POST",
        "webhooks/01NOSUCHWEBHOOK000000000000/signing_secret",
        None,
    )
    .await;
    assert_eq!(
        (status, body["errors"][0]["code"].as_str()),
        (404, Some("WebhookNotFound"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invocations_filter_by_status() {
    let sb = sandbox().await;
    let z = zendesk(&sb);
    let webhook = z.create_webhook(&braze_webhook(&sb)).await.result.unwrap();
    // Two deliveries: one Braze accepts, one it refuses (a body that is not JSON).
    for (i, body) in ["{\"events\":[{\"external_id\":\"user-1042\",\"name\":\"ok\",\"time\":\"2026-01-01T00:00:00Z\"}]}", "not json"].iter().enumerate() {
        let (status, _) = call(
            &sb,
            "POST",
            "triggers.json",
            Some(json!({"trigger": {"title": format!("t{i}"),
                "conditions": {"all": [{"field": "current_tags", "operator": "includes", "value": format!("go{i}")}]},
                "actions": [{"field": "notification_webhook", "value": [webhook.id, body]}]}})),
        )
        .await;
        assert_eq!(status, 201);
        let (status, _) = call(
            &sb,
            "POST",
            "tickets.json",
            Some(json!({"ticket": {"subject": "x", "comment": {"body": "x"}, "tags": [format!("go{i}")]}})),
        )
        .await;
        assert_eq!(status, 201);
    }
    sb.settle().await;
    let ids = |v: &serde_json::Value| -> Vec<String> {
        v["invocations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["status"].as_str().unwrap().to_owned())
            .collect()
    };
    let (_, all) = call(
        &sb,
        "GET",
        &format!("webhooks/{}/invocations", webhook.id),
        None,
    )
    .await;
    assert_eq!(ids(&all).len(), 2, "{all}");
    let (_, ok) = call(
        &sb,
        "GET",
        &format!(
            "webhooks/{}/invocations?filter%5Bstatus%5D=success",
            webhook.id
        ),
        None,
    )
    .await;
    assert_eq!(ids(&ok), ["success"]);
    let (_, failed) = call(
        &sb,
        "GET",
        &format!(
            "webhooks/{}/invocations?filter%5Bstatus%5D=failed",
            webhook.id
        ),
        None,
    )
    .await;
    assert_eq!(ids(&failed), ["failed"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn automations_crud_search_and_zendesk_s_rules() {
    use zenbraze::api::zendesk::NewAutomation;
    let sb = sandbox().await;
    let z = zendesk(&sb);
    let closer = NewAutomation {
        title: "Close 4 days after solved".into(),
        active: true,
        position: None,
        conditions: Conditions {
            all: vec![
                Condition::new("status", "is", "solved"),
                Condition::new("SOLVED", "greater_than", "96"),
            ],
            any: vec![],
        },
        actions: vec![Action {
            field: "status".into(),
            value: json!("closed"),
        }],
    };
    let created = z.create_automation(&closer).await;
    assert_eq!(created.exchange.status(), Some(201));
    let a = created.result.unwrap();
    assert!(a.active && a.position == Some(1));
    assert_eq!(
        z.show_automation(a.id).await.result.unwrap().title,
        closer.title
    );
    // The same active automation twice is refused.
    let twin = z.create_automation(&closer).await;
    assert_eq!(twin.exchange.status(), Some(422));

    let mut quiet = closer.clone();
    quiet.title = "Pending reminder".into();
    quiet.conditions.all = vec![
        Condition::new("status", "is", "pending"),
        Condition::new("PENDING", "is", "48"),
    ];
    quiet.actions = vec![Action {
        field: "priority".into(),
        value: json!("high"),
    }];
    let b = z.create_automation(&quiet).await.result.unwrap();
    let found = z.search_automations("close").await.result.unwrap();
    assert_eq!(found.iter().map(|a| a.id).collect::<Vec<_>>(), [a.id]);
    let (status, _) = call(&sb, "GET", "automations/search.json", None).await;
    assert_eq!(status, 400);

    // PUT replaces; inactive ones leave the active list.
    quiet.active = false;
    let updated = z.update_automation(b.id, &quiet).await.result.unwrap();
    assert!(!updated.active);
    let active: Vec<u64> = z
        .list_active_automations()
        .await
        .result
        .unwrap()
        .iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(active, [a.id]);
    assert_eq!(z.list_automations().await.result.unwrap().len(), 2);

    // Zendesk's rules, each a 422 naming the problem.
    for (all, any, needle) in [
        (
            vec![Condition::new("status", "is", "solved")],
            vec![],
            "time-based condition",
        ),
        (
            vec![Condition::new("SOLVED", "greater_than", "1")],
            vec![],
            "on one of status",
        ),
        (
            vec![
                Condition::new("status", "is", "solved"),
                Condition::new("SOLVED", "greater_than", "1"),
            ],
            vec![Condition::new("NEW", "greater_than", "1")],
            "only allowed in",
        ),
    ] {
        let mut bad = closer.clone();
        bad.title = format!("bad {needle}");
        bad.conditions = Conditions { all, any };
        let outcome = z.create_automation(&bad).await;
        assert_eq!(outcome.exchange.status(), Some(422), "{needle}");
        let text = format!("{:?}", outcome.result.unwrap_err());
        assert!(text.contains(needle), "{needle}: {text}");
    }
    z.delete_automation(b.id).await.result.unwrap();
    assert_eq!(z.show_automation(b.id).await.exchange.status(), Some(404));

    // The clock: read, moved, refused past a year or below one hour.
    let http = reqwest::Client::new();
    let clock = format!("{}/__sandbox/clock", sb.base_url());
    let r = http.get(&clock).send().await.unwrap();
    let before: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    assert_eq!(before["advanced_hours"], 0);
    for bad in [
        json!({"advance_hours": 0}),
        json!({"advance_hours": 9000}),
        json!({"hours": 1}),
    ] {
        let r = http
            .post(&clock)
            .body(bad.to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 400, "{bad}");
    }
    let r = http
        .post(&clock)
        .body(json!({"advance_hours": 3}).to_string())
        .send()
        .await
        .unwrap();
    let after: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    assert_eq!(after["advanced_hours"], 3);
    assert!(after["now"].as_str().unwrap() > before["now"].as_str().unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn custom_statuses_categories_and_tickets() {
    let sb = sandbox().await;
    // Five defaults, one per category, before anything is created.
    let (status, body) = call(&sb, "GET", "custom_statuses.json", None).await;
    assert_eq!(status, 200);
    let defaults = body["custom_statuses"].as_array().unwrap().clone();
    let categories: Vec<&str> = defaults
        .iter()
        .map(|s| s["status_category"].as_str().unwrap())
        .collect();
    assert_eq!(categories, ["new", "open", "pending", "hold", "solved"]);
    let default_id = |category: &str| {
        defaults
            .iter()
            .find(|s| s["status_category"] == category)
            .unwrap()["id"]
            .as_u64()
            .unwrap()
    };

    // Create, validate, update, filter.
    let (status, body) = call(
        &sb,
        "POST",
        "custom_statuses.json",
        Some(json!({"custom_status": {"status_category": "pending", "agent_label": "Waiting on customer"}})),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let waiting = body["custom_status"]["id"].as_u64().unwrap();
    assert_eq!(body["custom_status"]["default"], false);
    for bad in [
        json!({"status_category": "closed", "agent_label": "x"}),
        json!({"status_category": "open"}),
        json!({"status_category": "open", "agent_label": "x".repeat(49)}),
    ] {
        let (status, body) = call(
            &sb,
            "POST",
            "custom_statuses.json",
            Some(json!({"custom_status": bad})),
        )
        .await;
        assert_eq!(
            (status, body["error"].as_str()),
            (422, Some("RecordInvalid")),
            "{bad}"
        );
    }
    let (status, _) = call(
        &sb,
        "PUT",
        &format!("custom_statuses/{}.json", default_id("open")),
        Some(json!({"custom_status": {"active": false}})),
    )
    .await;
    assert_eq!(status, 422, "a default stays active");
    let (status, body) = call(
        &sb,
        "PUT",
        &format!("custom_statuses/{waiting}.json"),
        Some(json!({"custom_status": {"agent_label": "Waiting on you"}})),
    )
    .await;
    assert_eq!(
        (status, body["custom_status"]["agent_label"].as_str()),
        (200, Some("Waiting on you"))
    );
    let (_, pending) = call(
        &sb,
        "GET",
        "custom_statuses.json?status_categories=pending",
        None,
    )
    .await;
    assert_eq!(pending["custom_statuses"].as_array().unwrap().len(), 2);

    // Off (the default account): tickets do not carry the field.
    let (_, t) = call(
        &sb,
        "POST",
        "tickets.json",
        Some(json!({"ticket": {"subject": "a", "comment": {"body": "x"}}})),
    )
    .await;
    assert!(t["ticket"].get("custom_status_id").is_none());
    let old = t["ticket"]["id"].as_u64().unwrap();

    // On: existing tickets take their category's default; a trigger on status_category.
    let r = reqwest::Client::new()
        .post(format!("{}/__sandbox/account", sb.base_url()))
        .header("Content-Type", "application/json")
        .body(json!({"custom_statuses": true}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let (_, t) = call(&sb, "GET", &format!("tickets/{old}.json"), None).await;
    assert_eq!(t["ticket"]["custom_status_id"], json!(default_id("new")));
    let (status, body) = call(
        &sb,
        "POST",
        "triggers.json",
        Some(json!({"trigger": {"title": "Waiting",
            "conditions": {"all": [{"field": "status_category", "operator": "value", "value": "pending"},
                                   {"field": "custom_status_id", "operator": "includes", "value": [waiting.to_string()]}]},
            "actions": [{"field": "current_tags", "value": "waiting"}]}})),
    )
    .await;
    assert_eq!(status, 201, "{body}");

    // Setting custom_status_id sets the status to its category; the trigger sees both.
    let (status, t) = call(
        &sb,
        "PUT",
        &format!("tickets/{old}.json"),
        Some(json!({"ticket": {"custom_status_id": waiting}})),
    )
    .await;
    assert_eq!(status, 200, "{t}");
    assert_eq!(t["ticket"]["status"], "pending");
    assert_eq!(t["ticket"]["custom_status_id"], json!(waiting));
    assert_eq!(t["ticket"]["tags"], json!(["waiting"]));
    // Setting status picks that category's default.
    let (_, t) = call(
        &sb,
        "PUT",
        &format!("tickets/{old}.json"),
        Some(json!({"ticket": {"status": "solved", "assignee_id": DEMO_ADMIN_ID}})),
    )
    .await;
    assert_eq!(t["ticket"]["custom_status_id"], json!(default_id("solved")));
    // An unknown or inactive custom status: 422.
    let (status, body) = call(
        &sb,
        "PUT",
        &format!("tickets/{old}.json"),
        Some(json!({"ticket": {"custom_status_id": 42}})),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(body["details"]["custom_status_id"].is_array());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn automation_reorder_update_many_and_destroy_many() {
    let sb = sandbox().await;
    let mut ids = Vec::new();
    for (status, field) in [
        ("solved", "SOLVED"),
        ("pending", "PENDING"),
        ("open", "OPEN"),
    ] {
        let (code, body) = call(
            &sb,
            "POST",
            "automations.json",
            Some(
                json!({"automation": {"title": format!("{status} for a day"),
                "conditions": {"all": [{"field": "status", "operator": "is", "value": status},
                                       {"field": field, "operator": "is", "value": 24}]},
                "actions": [{"field": "priority", "value": "high"}]}}),
            ),
        )
        .await;
        assert_eq!(code, 201, "{body}");
        ids.push(body["automation"]["id"].as_u64().unwrap());
    }
    let (code, _) = call(
        &sb,
        "PUT",
        "automations/reorder.json",
        Some(json!({"automation_ids": [ids[2], ids[0]]})),
    )
    .await;
    assert_eq!(code, 404, "every id or none");
    let (code, body) = call(
        &sb,
        "PUT",
        "automations/reorder.json",
        Some(json!({"automation_ids": [ids[2], ids[0], ids[1]]})),
    )
    .await;
    assert_eq!(code, 200, "{body}");
    let (_, listed) = call(&sb, "GET", "automations.json", None).await;
    let order: Vec<u64> = listed["automations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_u64().unwrap())
        .collect();
    assert_eq!(order, [ids[2], ids[0], ids[1]]);
    let (code, _) = call(
        &sb,
        "PUT",
        "automations/update_many.json",
        Some(json!({"automations": [{"id": ids[0], "active": false, "title": "ignored"}]})),
    )
    .await;
    assert_eq!(code, 200);
    let (_, shown) = call(&sb, "GET", &format!("automations/{}.json", ids[0]), None).await;
    assert_eq!(
        (
            shown["automation"]["active"].as_bool(),
            shown["automation"]["title"].as_str()
        ),
        (Some(false), Some("solved for a day"))
    );
    let (code, _) = call(
        &sb,
        "DELETE",
        &format!("automations/destroy_many.json?ids={},1", ids[1]),
        None,
    )
    .await;
    assert_eq!(code, 404);
    let (code, _) = call(
        &sb,
        "DELETE",
        &format!("automations/destroy_many.json?ids={},{}", ids[1], ids[2]),
        None,
    )
    .await;
    assert_eq!(code, 204);
    let (_, listed) = call(&sb, "GET", "automations.json", None).await;
    assert_eq!(listed["count"], 1);
}
