//! The state file under attack: a real `zenbraze sandbox` process killed with SIGKILL in the
//! middle of a burst of concurrent creates, several times over. Every ticket that got a 201 is
//! there after the restart, with its subject, and no id is handed out twice.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use common::{SandboxProcess, post_ticket, state_at, temp_dir};
use serde_json::{Value as Json, json};

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(20))
        .build()
        .unwrap()
}

/// One round: `workers` clients create tickets as fast as they can; after `kill_after`
/// acknowledgements the process gets SIGKILL. Returns every acknowledged (id, subject).
async fn round(
    state: &Path,
    round: usize,
    workers: usize,
    kill_after: usize,
) -> Vec<(u64, String)> {
    let mut child = SandboxProcess::start(state);
    let url = child.url.clone();
    let (acks, mut acked) = tokio::sync::mpsc::unbounded_channel::<(u64, String)>();
    let stop = Arc::new(AtomicBool::new(false));
    let mut tasks = tokio::task::JoinSet::new();
    for w in 0..workers {
        let (url, acks, stop) = (url.clone(), acks.clone(), stop.clone());
        tasks.spawn(async move {
            let http = client();
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                let subject = format!("r{round}-w{w}-n{n}");
                n += 1;
                match post_ticket(&http, &url, &subject).await {
                    Some(id) => {
                        let _ = acks.send((id, subject));
                    }
                    // Killed: the connection is refused or cut.
                    None => return,
                }
            }
        });
    }
    drop(acks);
    let mut got = Vec::new();
    while let Some(ack) = acked.recv().await {
        got.push(ack);
        if got.len() == kill_after {
            // SIGKILL, mid-burst: requests are in flight on every worker.
            child.kill();
            stop.store(true, Ordering::Relaxed);
        }
    }
    while tasks.join_next().await.is_some() {}
    assert!(
        got.len() >= kill_after,
        "round {round}: only {} acks",
        got.len()
    );
    got
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_under_load_loses_no_acknowledged_ticket_and_reuses_no_id() {
    let dir = temp_dir("kill9");
    let state = dir.join("state.json");
    let mut acknowledged: BTreeMap<u64, String> = BTreeMap::new();
    let rounds = 4;
    for r in 0..rounds {
        for (id, subject) in round(&state, r, 24, 150).await {
            if let Some(earlier) = acknowledged.insert(id, subject.clone()) {
                panic!("id {id} was acknowledged twice: {earlier} and {subject}");
            }
        }
    }
    // After the last kill: everything acknowledged is there, as it was acknowledged.
    let mut child = SandboxProcess::start(&state);
    let url = child.url.clone();
    let st: Json = state_at(&url).await;
    let on_disk: BTreeMap<u64, String> = st["tickets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["id"].as_u64().unwrap(),
                t["subject"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let lost: Vec<_> = acknowledged
        .iter()
        .filter(|(id, subject)| on_disk.get(id) != Some(subject))
        .collect();
    assert!(
        lost.is_empty(),
        "{} of {} acknowledged tickets lost or changed, e.g. {:?}",
        lost.len(),
        acknowledged.len(),
        &lost[..lost.len().min(5)]
    );
    // The next id is past every id ever handed out.
    let next = post_ticket(&client(), &url, "after").await.unwrap();
    assert!(next > *on_disk.keys().max().unwrap());
    println!(
        "durability: {rounds} kill -9 rounds, {} acknowledged tickets, {} on disk, none lost",
        acknowledged.len(),
        on_disk.len()
    );
    child.kill();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        for name in ["state.json", "state.json.journal"] {
            let mode = std::fs::metadata(dir.join(name))
                .unwrap()
                .permissions()
                .mode()
                & 0o777;
            assert_eq!(mode, 0o600, "{name} holds webhook secrets");
        }
    }
}

/// Everything the sandbox holds reaches the journal: after tickets, users, webhooks, triggers,
/// categories, Braze profiles, deliveries and an account switch, the files alone rebuild the
/// same state (read while the sandbox still runs, as a kill -9 would leave them).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_files_alone_rebuild_everything_the_sandbox_acknowledged() {
    use zenbraze::api::zendesk::{
        Action, Condition, Conditions, NewTrigger, NewWebhook, WebhookAuth,
    };
    use zenbraze::api::{ClientOptions, Secret};
    use zenbraze::sandbox::{Sandbox, SandboxConfig, store};
    let dir = temp_dir("rebuild");
    let path = dir.join("state.json");
    let sb = Sandbox::start(SandboxConfig {
        state_file: Some(path.clone()),
        ..SandboxConfig::ephemeral()
    })
    .await
    .unwrap();
    let z = zenbraze::api::zendesk::ZendeskClient::new(
        sb.base_url(),
        "admin@sandbox.test",
        Secret::new("sandbox-zendesk-token"),
        ClientOptions::default(),
    )
    .unwrap();
    let user = z
        .create_or_update_user(
            &json!({"name": "Ada", "email": "ada@x.test", "external_id": "user-1042"}),
        )
        .await
        .result
        .unwrap()
        .user;
    let hook = z
        .create_webhook(&NewWebhook::for_trigger(
            "Braze",
            &format!("{}/users/track", sb.base_url()),
            Some(WebhookAuth::BearerToken(Secret::new("sandbox-braze-key"))),
        ))
        .await
        .result
        .unwrap();
    let category = z
        .create_trigger_category("Loop", None)
        .await
        .result
        .unwrap();
    z.update_trigger_category(&category.id, Some("Loop 2"), None)
        .await
        .result
        .unwrap();
    let body = r#"{"events": [{"external_id": "{{ticket.requester.external_id}}", "name": "solved", "time": "{{ticket.updated_at_with_timestamp}}"}]}"#;
    z.create_trigger(&NewTrigger {
        title: "to Braze".into(),
        description: None,
        active: true,
        position: None,
        category_id: Some(category.id.clone()),
        conditions: Conditions {
            all: vec![Condition::new("status", "value", "solved")],
            any: vec![],
        },
        actions: vec![Action::notify_webhook(&hook.id, body)],
    })
    .await
    .result
    .unwrap();
    let t = z
        .create_ticket(&json!({"ticket": {"subject": "s", "comment": {"body": "b"}, "requester_id": user.id.unwrap()}}))
        .await
        .result
        .unwrap()
        .ticket;
    z.update_ticket(
        t.id,
        &json!({"ticket": {"status": "solved", "assignee_id": 3700000000001u64}}),
    )
    .await
    .result
    .unwrap();
    let gone = z
        .create_ticket(&json!({"ticket": {"subject": "gone", "comment": {"body": "b"}}}))
        .await
        .result
        .unwrap()
        .ticket;
    z.delete_ticket(gone.id).await.result.unwrap();
    z.update_user(user.id.unwrap(), &json!({"name": "Ada L"}))
        .await
        .result
        .unwrap();
    sb.settle().await;
    // One more acknowledged change: it is answered only once everything before it is on disk,
    // the deliveries' records included.
    let r = reqwest::Client::new()
        .post(format!("{}/__sandbox/account", sb.base_url()))
        .header("Content-Type", "application/json")
        .body(r#"{"trigger_categories": true}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let live = sb.snapshot();
    assert_eq!(
        live["invocations"][0]["status"], "success",
        "{}",
        live["invocations"]
    );
    let (rebuilt, repairs) = store::load(&path).unwrap();
    assert!(repairs.is_empty());
    let mut rebuilt = rebuilt.public_view();
    // What only the live sandbox has (faults, deliveries in progress) is not state.
    for key in ["faults", "pending_deliveries"] {
        rebuilt[key] = live[key].clone();
    }
    assert_eq!(rebuilt, live);
    sb.shutdown().await.unwrap();
}
