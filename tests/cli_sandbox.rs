//! `zenbraze sandbox` as a process: it prints its URL and the demo credentials, serves, keeps
//! its state in a file across restarts, and refuses a corrupt state file without touching it.

mod common;

use common::{SandboxProcess, post_ticket, state_at, temp_dir};
use serde_json::{Value as Json, json};

/// A ticket created over HTTP: its id, or None when no 201 came back.
fn create_ticket(url: &str, subject: &str) -> Option<u64> {
    zenbraze::net::block_on(post_ticket(&reqwest::Client::new(), url, subject))
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
    assert_eq!(create_ticket(&first.url, "before restart"), Some(1));
    first.stop();
    let saved: Json = serde_json::from_str(&std::fs::read_to_string(&state).unwrap()).unwrap();
    assert_eq!(saved["tickets"]["1"]["ticket"]["subject"], "before restart");

    let second = SandboxProcess::start(&state);
    assert_eq!(create_ticket(&second.url, "after restart"), Some(2));
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
    let (code, stderr, _) = SandboxProcess::run_to_exit(&[
        "--port".as_ref(),
        "0".as_ref(),
        "--state".as_ref(),
        state.as_ref(),
    ]);
    assert_eq!(code, Some(2));
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
    let (code, stderr, _) = SandboxProcess::run_to_exit(&["--port".as_ref(), port.as_ref()]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("cannot listen on 127.0.0.1:") && stderr.contains("pass --port"),
        "{stderr}"
    );
}

#[test]
fn an_unusable_state_path_fails_at_start() {
    let dir = temp_dir("missing");
    let state = dir.join("no/such/dir/state.json");
    let (code, stderr, printed) = SandboxProcess::run_to_exit(&[
        "--port".as_ref(),
        "0".as_ref(),
        "--state".as_ref(),
        state.as_ref(),
    ]);
    assert_eq!(code, Some(2), "it must not start");
    assert!(
        stderr.contains("cannot write the sandbox state") && stderr.contains("no/such/dir"),
        "{stderr}"
    );
    assert!(!printed, "nothing on stdout");
}

#[test]
fn a_counter_behind_its_tickets_is_repaired_and_overwrites_nothing() {
    let dir = temp_dir("collide");
    let state = dir.join("state.json");
    let first = SandboxProcess::start(&state);
    assert_eq!(create_ticket(&first.url, "one"), Some(1));
    assert_eq!(create_ticket(&first.url, "two"), Some(2));
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
    assert_eq!(create_ticket(&url, "three"), Some(3));
    let st: Json = zenbraze::net::block_on(state_at(&url));
    let subjects: Vec<&str> = st["tickets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["subject"].as_str().unwrap())
        .collect();
    assert_eq!(subjects, ["one", "two", "three"]);
}
