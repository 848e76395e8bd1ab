//! `zenbraze sandbox` as a process: it prints its URL and the demo credentials, serves, keeps
//! its state in a file across restarts, and refuses a corrupt state file without touching it.

mod common;

use std::process::Command;

use common::{SandboxProcess, temp_dir};
use serde_json::{Value as Json, json};

fn create_ticket(url: &str, subject: &str) -> Json {
    zenbraze::net::block_on(async {
        let r = reqwest::Client::new()
            .post(format!("{url}/api/v2/tickets.json"))
            .basic_auth("admin@sandbox.test/token", Some("sandbox-zendesk-token"))
            .header("Content-Type", "application/json")
            .body(json!({"ticket": {"subject": subject, "comment": {"body": "b"}}}).to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 201);
        serde_json::from_str(&r.text().await.unwrap()).unwrap()
    })
}

#[test]
fn prints_credentials_serves_and_keeps_state_across_restarts() {
    let dir = temp_dir("restart");
    let state = dir.join("state.json");
    let first = SandboxProcess::start(&state);
    for words in [
        "/api/v2",
        "admin@sandbox.test",
        "sandbox-zendesk-token",
        "sandbox-braze-key",
        "sandbox-braze-key-no-track",
    ] {
        assert!(
            first.banner.contains(words),
            "{words} missing from {}",
            first.banner
        );
    }
    assert_eq!(
        create_ticket(&first.url, "before restart")["ticket"]["id"],
        1
    );
    first.stop();
    let saved: Json = serde_json::from_str(&std::fs::read_to_string(&state).unwrap()).unwrap();
    assert_eq!(saved["tickets"]["1"]["ticket"]["subject"], "before restart");

    let second = SandboxProcess::start(&state);
    assert_eq!(
        create_ticket(&second.url, "after restart")["ticket"]["id"],
        2
    );
    // No temporary files are left beside the state: the snapshot, its journal and its lock.
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["state.json", "state.json.journal", "state.json.lock"]
    );
    second.stop();
}

#[test]
fn a_corrupt_state_file_is_refused_and_left_untouched() {
    let dir = temp_dir("corrupt");
    let state = dir.join("state.json");
    let corrupt = "{\"format\": 1, \"tickets\": {\n  \"1\": {\"ticket\": ";
    std::fs::write(&state, corrupt).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_zenbraze"))
        .args(["sandbox", "--port", "0", "--state"])
        .arg(&state)
        .env("LC_ALL", "en_US.UTF-8")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("is not a zenbraze sandbox state (line 2"),
        "{stderr}"
    );
    assert!(stderr.contains("left untouched"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&state).unwrap(), corrupt);
}

#[test]
fn a_busy_port_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_zenbraze"))
        .args(["sandbox", "--port", &port])
        .env("LC_ALL", "en_US.UTF-8")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot listen on 127.0.0.1:") && stderr.contains("pass --port"),
        "{stderr}"
    );
}

#[test]
fn an_unusable_state_path_fails_at_start() {
    let dir = temp_dir("missing");
    let state = dir.join("no/such/dir/state.json");
    let out = Command::new(env!("CARGO_BIN_EXE_zenbraze"))
        .args(["sandbox", "--port", "0", "--state"])
        .arg(&state)
        .env("LC_ALL", "en_US.UTF-8")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "it must not start");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot write the sandbox state") && stderr.contains("no/such/dir"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).is_empty());
}

#[test]
fn a_counter_behind_its_tickets_is_repaired_and_overwrites_nothing() {
    let dir = temp_dir("collide");
    let state = dir.join("state.json");
    let first = SandboxProcess::start(&state);
    assert_eq!(create_ticket(&first.url, "one")["ticket"]["id"], 1);
    assert_eq!(create_ticket(&first.url, "two")["ticket"]["id"], 2);
    first.stop();
    // Hand-edited (or written by a broken tool): the counter points at ticket 1 again.
    let mut saved: Json = serde_json::from_str(&std::fs::read_to_string(&state).unwrap()).unwrap();
    saved["next_ticket_id"] = json!(1);
    std::fs::write(&state, saved.to_string()).unwrap();
    let repaired = SandboxProcess::start(&state);
    let warning = repaired.stderr_line();
    assert!(
        warning.contains("next_ticket_id was 1") && warning.contains("now 3"),
        "{warning}"
    );
    let url = repaired.url.clone();
    assert_eq!(create_ticket(&url, "three")["ticket"]["id"], 3);
    let st: Json = zenbraze::net::block_on(async {
        serde_json::from_str(
            &reqwest::get(format!("{url}/__sandbox/state"))
                .await
                .unwrap()
                .text()
                .await
                .unwrap(),
        )
        .unwrap()
    });
    let subjects: Vec<&str> = st["tickets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["subject"].as_str().unwrap())
        .collect();
    assert_eq!(subjects, ["one", "two", "three"]);
}
