//! The setup engine and `zenbraze setup`, over real HTTP against the sandbox: plan → apply →
//! apply again (no change) → the loop → remove; rollback when the trigger step fails; an existing
//! trigger with other conditions updated with the full set; a webhook that cannot be reused.

mod common;

use std::process::Command;

use common::{fast, inject, state, zendesk};
use serde_json::{Value as Json, json};
use zenbraze::api::Secret;
use zenbraze::api::zendesk::{Action, Condition, Conditions, NewTrigger, NewWebhook, WebhookAuth};
use zenbraze::net;
use zenbraze::profiles::Profile;
use zenbraze::sandbox::{DEMO_BRAZE_KEY, Sandbox, SandboxConfig};
use zenbraze::secrets::SessionStore;
use zenbraze::setup::{Change, Connection, Resource, Spec};

const NAME: &str = "Solved → Braze";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn setup(sb: &Sandbox, args: &[&str]) -> Run {
    // A HOME of its own for each run (the built-in sandbox profile needs no file there).
    let home = common::temp_dir("setup-home");
    let out = Command::new(env!("CARGO_BIN_EXE_zenbraze"))
        .arg("setup")
        .args(["--profile", "sandbox", "--name", NAME])
        .args(args)
        .env("HOME", &*home)
        .env("ZENBRAZE_SANDBOX_URL", sb.base_url())
        .env_remove("ZENBRAZE_CONFIG_DIR")
        .env_remove("ZENBRAZE_DATA_DIR")
        .output()
        .unwrap();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        !run.stdout.contains(DEMO_BRAZE_KEY) && !run.stderr.contains(DEMO_BRAZE_KEY),
        "the Braze key leaked:\n{}{}",
        run.stdout,
        run.stderr
    );
    run
}

fn connection(sb: &Sandbox) -> Connection {
    Connection::open(
        &Profile::sandbox(sb.base_url()),
        &SessionStore::new(),
        fast(),
    )
    .unwrap()
}

fn count(state: &Json, key: &str) -> usize {
    state[key].as_array().map_or(0, Vec::len)
}

fn events(state: &Json, external_id: &str, name: &str) -> usize {
    state["braze_profiles"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["external_id"] == external_id)
        .flat_map(|p| p["events"].as_array().cloned().unwrap_or_default())
        .filter(|e| e["name"] == name)
        .count()
}

/// `setup --plan` on an account it cannot reach prints no plan (an empty one read "nothing to
/// change"), only the error, and exits 1.
#[test]
fn a_plan_that_could_not_read_the_account_shows_no_plan() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let home = common::temp_dir("setup-unreachable");
    let out = Command::new(env!("CARGO_BIN_EXE_zenbraze"))
        .args([
            "--lang",
            "en",
            "setup",
            "--profile",
            "sandbox",
            "--name",
            NAME,
            "--plan",
        ])
        .env("HOME", &*home)
        .env("ZENBRAZE_SANDBOX_URL", format!("http://127.0.0.1:{port}"))
        .env_remove("ZENBRAZE_CONFIG_DIR")
        .env_remove("ZENBRAZE_DATA_DIR")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stdout.trim().is_empty(), "a plan was printed:\n{stdout}");
    assert!(stderr.contains("zenbraze setup: plan:"), "{stderr}");
}

#[test]
fn the_cli_plans_applies_once_runs_the_loop_and_removes() {
    let sb = net::block_on(Sandbox::start(SandboxConfig::ephemeral())).unwrap();
    let flags = [
        "--event",
        "zendesk_ticket_solved",
        "--tag-guard",
        "braze",
        "--category",
        "Braze",
    ];

    // Plan: the exact calls, the key masked, nothing changed.
    let plan = setup(&sb, &[&flags[..], &["--plan"]].concat());
    assert_eq!(plan.code, 0, "{}{}", plan.stdout, plan.stderr);
    for expected in [
        "create category \"Braze\"",
        "POST /api/v2/trigger_categories",
        "create webhook \"Solved → Braze\"",
        "POST /api/v2/webhooks",
        "\"token\": \"••••\"",
        "\"conditional_ticket_events\"",
        "create trigger \"Solved → Braze\"",
        "POST /api/v2/triggers.json",
        "when Ticket > Status | Changed to | Solved",
        "when Ticket > Tags | Contains none of the following | braze",
        "no webhook named \"Solved → Braze\"",
    ] {
        assert!(
            plan.stdout.contains(expected),
            "{expected} not in\n{}",
            plan.stdout
        );
    }
    let s = net::block_on(state(&sb));
    assert_eq!((count(&s, "webhooks"), count(&s, "triggers")), (0, 0));

    // Apply creates all three.
    let apply = setup(&sb, &[&flags[..], &["--apply"]].concat());
    assert_eq!(apply.code, 0, "{}{}", apply.stdout, apply.stderr);
    assert!(
        apply.stdout.contains("✓ created category \"Braze\""),
        "{}",
        apply.stdout
    );
    assert!(
        apply.stdout.contains("✓ created webhook"),
        "{}",
        apply.stdout
    );
    assert!(
        apply.stdout.contains("✓ created trigger"),
        "{}",
        apply.stdout
    );
    let s = net::block_on(state(&sb));
    assert_eq!((count(&s, "webhooks"), count(&s, "triggers")), (1, 1));
    let webhook = &s["webhooks"][0];
    assert_eq!(
        webhook["subscriptions"],
        json!(["conditional_ticket_events"])
    );
    assert_eq!(
        webhook["endpoint"],
        format!("{}/users/track", sb.base_url())
    );
    assert_eq!(webhook["authentication"]["type"], "bearer_token");
    let trigger = &s["triggers"][0];
    assert_eq!(trigger["actions"][0]["value"][0], webhook["id"]);
    assert_eq!(
        trigger["category_id"],
        s["trigger_categories"].as_array().unwrap().last().unwrap()["id"]
    );

    // Apply again: nothing changes, not one write reaches the sandbox.
    let version = sb.version();
    let again = setup(&sb, &[&flags[..], &["--apply"]].concat());
    assert_eq!(again.code, 0, "{}{}", again.stdout, again.stderr);
    assert!(
        again
            .stdout
            .contains("nothing changed: the account already matches"),
        "{}",
        again.stdout
    );
    assert!(
        again.stdout.contains("✓ unchanged trigger"),
        "{}",
        again.stdout
    );
    assert_eq!(sb.version(), version, "a second apply wrote something");
    let replan = setup(&sb, &[&flags[..], &["--plan"]].concat());
    assert!(
        replan.stdout.contains("nothing to change"),
        "{}",
        replan.stdout
    );

    // The loop: Ada's ticket solved in Zendesk reaches her Braze profile as the event.
    let z = zendesk(&sb);
    net::block_on(async {
        let me = z.me().await.result.unwrap().id;
        let ada = z
            .create_or_update_user(&json!({"name": "Ada Lovelace", "email": "ada@example.com", "external_id": "user-1042"}))
            .await
            .result
            .unwrap()
            .user
            .id;
        let ticket = z
            .create_ticket(&json!({"ticket": {"subject": "Printer on fire", "comment": {"body": "help"}, "requester_id": ada, "assignee_id": me}}))
            .await
            .result
            .unwrap()
            .ticket;
        z.update_ticket(ticket.id, &json!({"ticket": {"status": "solved"}}))
            .await
            .result
            .unwrap();
        // A ticket Braze created (tagged braze) does not echo back: the loop guard.
        let echo = z
            .create_ticket(&json!({"ticket": {"subject": "From Braze", "comment": {"body": "x"}, "requester_id": ada, "assignee_id": me, "tags": ["braze"]}}))
            .await
            .result
            .unwrap()
            .ticket;
        z.update_ticket(echo.id, &json!({"ticket": {"status": "solved"}}))
            .await
            .result
            .unwrap();
        sb.settle().await;
    });
    let s = net::block_on(state(&sb));
    assert_eq!(
        events(&s, "user-1042", "zendesk_ticket_solved"),
        1,
        "{:#}",
        s["braze_profiles"]
    );

    // Verify from the CLI: the webhook test and the loop, both through the public APIs.
    let verify = setup(&sb, &[&flags[..], &["--verify"]].concat());
    assert_eq!(verify.code, 0, "{}{}", verify.stdout, verify.stderr);
    assert!(
        verify.stdout.contains("webhook test: Braze answered 201"),
        "{}",
        verify.stdout
    );
    assert!(
        verify
            .stdout
            .contains("event \"zendesk_ticket_solved\" arrived on user-1042"),
        "{}",
        verify.stdout
    );

    // Remove: both gone; the category stays for other triggers.
    let remove = setup(&sb, &["--remove"]);
    assert_eq!(remove.code, 0, "{}{}", remove.stdout, remove.stderr);
    assert!(
        remove.stdout.contains("✓ deleted trigger"),
        "{}",
        remove.stdout
    );
    assert!(
        remove.stdout.contains("✓ deleted webhook"),
        "{}",
        remove.stdout
    );
    let s = net::block_on(state(&sb));
    assert_eq!((count(&s, "webhooks"), count(&s, "triggers")), (0, 0));
    let again = setup(&sb, &["--remove"]);
    assert_eq!(again.code, 0);
    assert!(
        again.stdout.contains("no webhook named"),
        "{}",
        again.stdout
    );

    // Bad flags are named, and nothing is touched.
    let bad = setup(
        &sb,
        &[
            "--on",
            "solved,pending",
            "--tag-guard",
            "braze",
            "--require-tags",
            "braze",
            "--apply",
        ],
    );
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("on: `pending` is not solved or closed"),
        "{}",
        bad.stderr
    );
    assert!(
        bad.stderr.contains("`braze` is both required and excluded"),
        "{}",
        bad.stderr
    );
    let none = setup(&sb, &[]);
    assert_eq!(none.code, 2, "a mode is required: {}", none.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failure_at_the_trigger_step_rolls_back_the_webhook_and_the_category() {
    let sb = common::sandbox().await;
    let c = connection(&sb);
    let mut spec = Spec::new(NAME, "zendesk_ticket_solved");
    spec.category = Some("Braze".into());
    let before = state(&sb).await;
    inject(
        &sb,
        json!([{"kind": "server_error", "status": 500, "path": "/api/v2/triggers.json", "method": "POST", "count": 1}]),
    )
    .await;
    let report = c.apply(&spec).await;
    assert!(!report.ok());
    let failure = report.failure.clone().unwrap().to_string();
    assert!(
        failure.starts_with("create trigger \"Solved → Braze\" failed"),
        "{failure}"
    );
    let undone: Vec<_> = report
        .rolled_back
        .iter()
        .map(|l| (l.resource, l.ok))
        .collect();
    assert_eq!(
        undone,
        vec![(Resource::Webhook, true), (Resource::Category, true)],
        "{}",
        report.text()
    );
    let after = state(&sb).await;
    assert_eq!(count(&after, "webhooks"), 0);
    assert_eq!(count(&after, "triggers"), 0);
    assert_eq!(
        count(&after, "trigger_categories"),
        count(&before, "trigger_categories")
    );
    assert!(
        report
            .now
            .iter()
            .any(|n| n.to_string() == format!("no webhook named \"{NAME}\"")),
        "{:?}",
        report.now
    );
    let text = report.text();
    assert!(
        text.contains("rolled back: ✓ deleted the new webhook"),
        "{text}"
    );

    // No call of the run shows the Braze key it sent to Zendesk.
    let all = serde_json::to_string(&report.exchanges).unwrap();
    assert!(all.contains("/api/v2/webhooks") && !all.contains(DEMO_BRAZE_KEY));

    // The fault was used up: the same apply now succeeds.
    let report = c.apply(&spec).await;
    assert!(report.ok() && report.changed(), "{}", report.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_existing_trigger_with_other_conditions_gets_the_full_set_and_a_failed_update_is_restored()
 {
    let sb = common::sandbox().await;
    let z = zendesk(&sb);
    let old_endpoint = format!("{}/users/track?old=1", sb.base_url());
    let webhook = z
        .create_webhook(&NewWebhook::for_trigger(
            NAME,
            &old_endpoint,
            Some(WebhookAuth::BearerToken(Secret::new(DEMO_BRAZE_KEY))),
        ))
        .await
        .result
        .unwrap();
    let existing = z
        .create_trigger(&NewTrigger {
            title: NAME.into(),
            description: None,
            active: true,
            position: Some(4),
            category_id: None,
            conditions: Conditions {
                all: vec![
                    Condition::new("priority", "is", "urgent"),
                    Condition::new("status", "is", "solved"),
                ],
                any: vec![],
            },
            actions: vec![Action::notify_webhook(&webhook.id, "{\"old\": true}")],
        })
        .await
        .result
        .unwrap();
    let c = connection(&sb);
    let mut spec = Spec::new(NAME, "zendesk_ticket_solved");
    spec.rules.on = vec!["solved".into(), "closed".into()];
    spec.rules.tags_exclude = vec!["braze".into()];

    // The plan lists every condition added and removed.
    let plan = c.plan(&spec).await;
    let steps: Vec<_> = plan
        .plan
        .steps
        .iter()
        .map(|s| (s.resource, s.change))
        .collect();
    assert_eq!(
        steps,
        vec![
            (Resource::Webhook, Change::Update),
            (Resource::Trigger, Change::Update)
        ]
    );
    let details = plan.plan.steps[1]
        .details
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n");
    for expected in [
        "- when Ticket > Priority | Is | Urgent (removed",
        "- when Ticket > Status | Is | Solved (removed",
        "+ when Ticket > Status | Changed to | Solved (meet ANY)",
        "+ when Ticket > Status | Changed to | Closed (meet ANY)",
        "+ when Ticket > Tags | Contains none of the following | braze",
    ] {
        assert!(details.contains(expected), "{expected} not in\n{details}");
    }

    // A failing PUT leaves the trigger as it was and puts the webhook's endpoint back.
    inject(
        &sb,
        json!([{"kind": "server_error", "status": 500, "path": format!("/api/v2/triggers/{}.json", existing.id), "method": "PUT", "count": 4}]),
    )
    .await;
    let failed = c.apply(&spec).await;
    assert!(!failed.ok(), "{}", failed.text());
    assert!(failed.rolled_back.iter().all(|l| l.ok), "{}", failed.text());
    let s = state(&sb).await;
    assert_eq!(s["webhooks"][0]["endpoint"], old_endpoint.as_str());
    assert_eq!(
        s["triggers"][0]["conditions"]["all"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let restored = failed.text();
    assert!(restored.contains("restored webhook"), "{restored}");
    assert!(
        restored.contains("previous token cannot be restored"),
        "{restored}"
    );
    reqwest::Client::new()
        .delete(format!("{}/__sandbox/faults", sb.base_url()))
        .send()
        .await
        .unwrap();

    // Now apply: the same trigger (same id, same position) with exactly the full set.
    let report = c.apply(&spec).await;
    assert!(report.ok(), "{}", report.text());
    assert!(
        report.text().contains("with the full condition set"),
        "{}",
        report.text()
    );
    let t = z.show_trigger(existing.id).await.result.unwrap();
    assert_eq!(t.position, Some(4));
    assert_eq!(
        t.conditions,
        Conditions {
            all: vec![Condition::new("current_tags", "not_includes", "braze")],
            any: vec![
                Condition::new("status", "value", "solved"),
                Condition::new("status", "value", "closed"),
            ],
        }
    );
    assert_eq!(t.actions, vec![spec.action(&webhook.id)]);
    let w = z.show_webhook(&webhook.id).await.result.unwrap();
    assert_eq!(w.endpoint, format!("{}/users/track", sb.base_url()));
    assert!(!c.apply(&spec).await.changed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_webhook_for_other_events_blocks_and_an_account_without_categories_goes_without() {
    let sb = common::sandbox().await;
    let z = zendesk(&sb);
    let mut other = NewWebhook::for_trigger(NAME, &format!("{}/users/track", sb.base_url()), None);
    other.subscriptions = vec!["zen:event-type:user.created".into()];
    let other = z.create_webhook(&other).await.result.unwrap();
    let c = connection(&sb);
    let mut spec = Spec::new(NAME, "zendesk_ticket_solved");
    spec.category = Some("Braze".into());
    let version = sb.version();
    let report = c.apply(&spec).await;
    let failure = report
        .failure
        .clone()
        .map(|f| f.to_string())
        .unwrap_or_default();
    assert!(
        failure.contains("cannot change a webhook's connection method"),
        "{failure}"
    );
    assert_eq!(sb.version(), version, "a blocked apply changed something");
    z.delete_webhook(&other.id).await.result.unwrap();

    // An account without categories (403): the plan says so and the trigger goes without one.
    let r = reqwest::Client::new()
        .post(format!("{}/__sandbox/account", sb.base_url()))
        .body(json!({"trigger_categories": false}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let report = c.apply(&spec).await;
    assert!(report.ok(), "{}", report.text());
    assert!(
        report.plan.notes[0]
            .to_string()
            .contains("no trigger categories"),
        "{:?}",
        report.plan.notes
    );
    assert!(
        report
            .plan
            .steps
            .iter()
            .all(|s| s.resource != Resource::Category)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_reports_a_refused_event_and_an_absent_webhook() {
    let sb = common::sandbox().await;
    let c = connection(&sb);
    let spec = Spec::new(NAME, "zendesk_ticket_solved");
    let ticket: Json =
        serde_json::from_str(include_str!("../assets/examples/ticket.json")).unwrap();
    let v = c.verify(&spec, &ticket).await;
    assert!(
        v.failure
            .unwrap()
            .to_string()
            .contains("no webhook named \"Solved → Braze\": apply first")
    );
    assert!(c.apply(&spec).await.ok());

    // A requester without external_id: Braze refuses the event, and verify says so.
    let mut anonymous = ticket.clone();
    anonymous["users"][0]["external_id"] = Json::Null;
    let tickets_before = count(&state(&sb).await, "tickets");
    let v = c.verify(&spec, &anonymous).await;
    let failure = v.failure.clone().map(|f| f.to_string()).unwrap_or_default();
    assert!(failure.contains("Braze"), "{}", v.text());
    // Said before anything is sent (the body would give Braze no profile), not after waiting
    // for an event that cannot come: the loop (a ticket, its change, the wait) never started.
    assert!(failure.contains("external_id"), "{}", v.text());
    assert!(!v.arrived && v.lines.is_empty(), "{}", v.text());
    assert_eq!(count(&state(&sb).await, "tickets"), tickets_before);

    let v = c.verify(&spec, &ticket).await;
    assert!(v.ok() && v.arrived, "{}", v.text());
    assert_eq!(v.test.as_ref().unwrap().status_code, 201);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_named_trigger_is_found_beyond_the_first_page() {
    let sb = common::sandbox().await;
    let z = zendesk(&sb);
    let c = connection(&sb);
    let spec = Spec::new(NAME, "zendesk_ticket_solved");
    assert!(c.apply(&spec).await.ok());
    // 120 other triggers ahead of ours: it is now on the second page of 100.
    for i in 0..120 {
        z.create_trigger(&NewTrigger {
            title: format!("Other {i}"),
            description: None,
            active: true,
            position: Some(0),
            category_id: None,
            conditions: Conditions {
                all: vec![Condition::new("status", "value", "open")],
                any: vec![],
            },
            actions: vec![Action {
                field: "priority".into(),
                value: json!("high"),
            }],
        })
        .await
        .result
        .unwrap();
    }
    let first = z.list_triggers().await.result.unwrap();
    assert_eq!(first.len(), 100);
    assert!(first.iter().all(|t| t.title != NAME));
    let again = c.apply(&spec).await;
    assert!(again.ok() && !again.changed(), "{}", again.text());
    let s = state(&sb).await;
    assert_eq!(count(&s, "triggers"), 121, "no second trigger was created");
}

/// Moves the sandbox's clock on `hours` (each hour runs the automations) and waits for the
/// deliveries; returns what ran.
fn advance(sb: &Sandbox, hours: i64) -> Json {
    net::block_on(async {
        let r = reqwest::Client::new()
            .post(format!("{}/__sandbox/clock", sb.base_url()))
            .header("Content-Type", "application/json")
            .body(json!({"advance_hours": hours}).to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200);
        let body: Json = serde_json::from_str(&r.text().await.unwrap()).unwrap();
        sb.settle().await;
        body
    })
}

/// Ada's ticket, assigned so it can be solved; its id.
fn adas_ticket(sb: &Sandbox) -> u64 {
    let z = zendesk(sb);
    net::block_on(async {
        let me = z.me().await.result.unwrap().id;
        let ada = z
            .create_or_update_user(&json!({"name": "Ada Lovelace", "email": "ada@example.com", "external_id": "user-1042"}))
            .await
            .result
            .unwrap()
            .user
            .id;
        z.create_ticket(&json!({"ticket": {"subject": "Printer on fire", "comment": {"body": "help"}, "requester_id": ada, "assignee_id": me}}))
            .await
            .result
            .unwrap()
            .ticket
            .id
    })
}

fn set_status(sb: &Sandbox, ticket: u64, status: &str) {
    let z = zendesk(sb);
    net::block_on(async {
        z.update_ticket(ticket, &json!({"ticket": {"status": status}}))
            .await
            .result
            .unwrap();
        sb.settle().await;
    });
}

/// `setup --rule automation`: plan → apply → apply again (not one write) → the loop: solved,
/// +25 h → one Braze event, +24 h → still one, reopened and solved again → still one (the
/// re-fire guard). Without the guard the plan carries the linter's warning and the reopened
/// ticket is announced again. Remove deletes the automation and the webhook.
#[test]
fn an_automation_notifies_braze_once_hours_after_solved() {
    let sb = net::block_on(Sandbox::start(SandboxConfig::ephemeral())).unwrap();
    let flags = [
        "--event",
        "zendesk_ticket_solved",
        "--rule",
        "automation",
        "--after-hours",
        "24",
        "--tag-guard",
        "braze",
    ];
    let plan = setup(&sb, &[&flags[..], &["--plan"]].concat());
    assert_eq!(plan.code, 0, "{}{}", plan.stdout, plan.stderr);
    for expected in [
        "create webhook \"Solved → Braze\"",
        "create automation \"Solved → Braze\"",
        "POST /api/v2/automations.json",
        "when Ticket > Status | Is | Solved",
        "when Ticket > Hours since solved | Is | 24",
        "when Ticket > Tags | Contains none of the following | braze_notified",
        "add tags braze_notified",
        "\"field\": \"SOLVED\"",
    ] {
        assert!(
            plan.stdout.contains(expected),
            "{expected} not in\n{}",
            plan.stdout
        );
    }
    assert!(
        !plan.stdout.contains("automation-no-guard"),
        "{}",
        plan.stdout
    );

    let apply = setup(&sb, &[&flags[..], &["--apply"]].concat());
    assert_eq!(apply.code, 0, "{}{}", apply.stdout, apply.stderr);
    assert!(
        apply.stdout.contains("✓ created automation"),
        "{}",
        apply.stdout
    );
    let s = net::block_on(state(&sb));
    assert_eq!(
        (
            count(&s, "webhooks"),
            count(&s, "triggers"),
            count(&s, "automations")
        ),
        (1, 0, 1),
        "{s:#}"
    );
    let automation = &s["automations"][0];
    assert_eq!(
        automation["actions"][0]["value"][0], s["webhooks"][0]["id"],
        "{automation}"
    );

    // Apply again: nothing to do, nothing written.
    let version = sb.version();
    let again = setup(&sb, &[&flags[..], &["--apply"]].concat());
    assert_eq!(again.code, 0, "{}{}", again.stdout, again.stderr);
    assert!(
        again
            .stdout
            .contains("nothing changed: the account already matches"),
        "{}",
        again.stdout
    );
    assert_eq!(sb.version(), version, "a second apply wrote something");

    // The loop.
    let ticket = adas_ticket(&sb);
    set_status(&sb, ticket, "solved");
    let solved = |sb: &Sandbox| {
        events(
            &net::block_on(state(sb)),
            "user-1042",
            "zendesk_ticket_solved",
        )
    };
    assert_eq!(solved(&sb), 0, "the automation waits");
    let ran = advance(&sb, 25);
    assert_eq!(ran["ran"].as_array().unwrap().len(), 1, "{ran}");
    assert_eq!(solved(&sb), 1);
    advance(&sb, 24);
    assert_eq!(solved(&sb), 1, "the guard holds the next hours back");
    set_status(&sb, ticket, "open");
    set_status(&sb, ticket, "solved");
    advance(&sb, 25);
    assert_eq!(solved(&sb), 1, "the guard holds a solved-again ticket back");

    // Without the guard: the warning, and the solved-again ticket is announced again.
    let unguarded = [&flags[..], &["--no-refire-guard"]].concat();
    let plan = setup(&sb, &[&unguarded[..], &["--plan"]].concat());
    assert_eq!(plan.code, 0, "{}{}", plan.stdout, plan.stderr);
    assert!(
        plan.stdout.contains("warning (automation-no-guard)")
            && plan.stdout.contains("update automation"),
        "{}",
        plan.stdout
    );
    assert!(plan.stderr.contains("--no-refire-guard"), "{}", plan.stderr);
    let apply = setup(&sb, &[&unguarded[..], &["--apply"]].concat());
    assert_eq!(apply.code, 0, "{}{}", apply.stdout, apply.stderr);
    assert!(
        apply.stdout.contains("✓ updated automation"),
        "{}",
        apply.stdout
    );
    set_status(&sb, ticket, "open");
    set_status(&sb, ticket, "solved");
    advance(&sb, 25);
    assert_eq!(solved(&sb), 2, "without the guard it fires again");

    // Verify on the sandbox moves the clock on for the automation.
    let verify = setup(&sb, &[&flags[..], &["--verify"]].concat());
    assert_eq!(verify.code, 0, "{}{}", verify.stdout, verify.stderr);
    assert!(
        verify
            .stdout
            .contains("moved the sandbox's clock on 24 hours"),
        "{}",
        verify.stdout
    );

    // Remove: the automation and the webhook.
    let remove = setup(&sb, &["--remove"]);
    assert_eq!(remove.code, 0, "{}{}", remove.stdout, remove.stderr);
    assert!(
        remove.stdout.contains("✓ deleted automation"),
        "{}",
        remove.stdout
    );
    let s = net::block_on(state(&sb));
    assert_eq!((count(&s, "webhooks"), count(&s, "automations")), (0, 0));
}

/// The same on an account with custom statuses: "Status category is solved".
#[test]
fn an_automation_on_the_status_category_with_custom_statuses() {
    let sb = net::block_on(Sandbox::start(SandboxConfig::ephemeral())).unwrap();
    net::block_on(async {
        let r = reqwest::Client::new()
            .post(format!("{}/__sandbox/account", sb.base_url()))
            .header("Content-Type", "application/json")
            .body(json!({"custom_statuses": true}).to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200);
    });
    let flags = [
        "--rule",
        "automation",
        "--status-category",
        "--tag-guard",
        "braze",
    ];
    let apply = setup(&sb, &[&flags[..], &["--apply"]].concat());
    assert_eq!(apply.code, 0, "{}{}", apply.stdout, apply.stderr);
    let s = net::block_on(state(&sb));
    assert_eq!(
        s["automations"][0]["conditions"]["all"][0],
        json!({"field": "status_category", "operator": "is", "value": "solved"})
    );
    let ticket = adas_ticket(&sb);
    set_status(&sb, ticket, "solved");
    advance(&sb, 25);
    advance(&sb, 24);
    assert_eq!(
        events(
            &net::block_on(state(&sb)),
            "user-1042",
            "zendesk_ticket_solved"
        ),
        1
    );
}

/// The same for an automation: every page of automations is read, so an automation behind 120
/// others is found and a second apply changes nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_named_automation_is_found_beyond_the_first_page() {
    use zenbraze::api::zendesk::NewAutomation;
    let sb = common::sandbox().await;
    let z = zendesk(&sb);
    let c = connection(&sb);
    let mut spec = Spec::new(NAME, "zendesk_ticket_solved");
    spec.kind = zenbraze::setup::RuleKind::automation(24);
    assert!(c.apply(&spec).await.ok());
    for i in 0..120 {
        z.create_automation(&NewAutomation {
            title: format!("Other {i}"),
            active: true,
            position: Some(0),
            conditions: Conditions {
                all: vec![
                    Condition::new("status", "is", "pending"),
                    Condition::new("PENDING", "is", (i + 1).to_string()),
                ],
                any: vec![],
            },
            actions: vec![Action {
                field: "priority".into(),
                value: json!("high"),
            }],
        })
        .await
        .result
        .unwrap();
    }
    let first = z.list_automations().await.result.unwrap();
    assert_eq!(first.len(), 100);
    assert!(first.iter().all(|a| a.title != NAME));
    let again = c.apply(&spec).await;
    assert!(again.ok() && !again.changed(), "{}", again.text());
    let s = state(&sb).await;
    assert_eq!(
        count(&s, "automations"),
        121,
        "no second automation was created"
    );
}
