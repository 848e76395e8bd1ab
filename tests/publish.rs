//! `zenbraze publish` over real HTTP against the sandbox: plan (new, then changed with a diff),
//! apply twice (the second writes nothing), a change made in Braze by someone else (drift:
//! shown, refused without --force), verify (nested blocks, a missing one named), retire (draft,
//! and no delete), and what to paste into the campaign without any secret.

mod common;

use std::path::Path;
use std::process::Command;

use serde_json::{Value as Json, json};
use zenbraze::net;
use zenbraze::sandbox::{DEMO_BRAZE_KEY, DEMO_ZENDESK_TOKEN, Sandbox, SandboxConfig};

const BLOCK: &str = "zendesk_ticket_body";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// One `zenbraze publish` run; `data` keeps the ledger between runs.
fn publish(sb: &Sandbox, data: &Path, template: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_zenbraze"))
        .args([
            "--lang",
            "en",
            "publish",
            "--profile",
            "sandbox",
            "--block",
            BLOCK,
        ])
        .arg(template)
        .args(args)
        .env("HOME", data)
        .env("ZENBRAZE_SANDBOX_URL", sb.base_url())
        .env("ZENBRAZE_DATA_DIR", data)
        .env_remove("ZENBRAZE_CONFIG_DIR")
        .output()
        .unwrap();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    for secret in [DEMO_BRAZE_KEY, DEMO_ZENDESK_TOKEN] {
        assert!(
            !run.all().contains(secret),
            "a secret leaked:\n{}",
            run.all()
        );
    }
    run
}

fn blocks(sb: &Sandbox) -> Vec<Json> {
    sb.snapshot()["content_blocks"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// A change made in Braze (its dashboard, or another tool) through the API.
fn braze_post(sb: &Sandbox, path: &str, body: Json) {
    net::block_on(async {
        let r = reqwest::Client::new()
            .post(format!("{}{path}", sb.base_url()))
            .bearer_auth(DEMO_BRAZE_KEY)
            .header("Content-Type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{path}: {}", r.status());
    });
}

const BODY: &str = "{\"ticket\": {\n  \"subject\": \"Hello {{${first_name} | default: 'there'}}\",\n  \"comment\": {\"body\": \"From Braze\"}\n}}\n";

#[test]
fn plan_apply_twice_drift_force_verify_retire() {
    let sb = net::block_on(Sandbox::start(SandboxConfig::ephemeral())).unwrap();
    let dir = common::temp_dir("publish");
    let template = dir.join("body.liquid");
    std::fs::write(&template, BODY).unwrap();

    // Plan: new, the exact call, nothing written.
    let plan = publish(&sb, &dir, &template, &["--plan"]);
    assert_eq!(plan.code, 0, "{}", plan.all());
    assert!(
        plan.stdout
            .contains("new Content Block \"zendesk_ticket_body\": it will be created"),
        "{}",
        plan.stdout
    );
    assert!(
        plan.stdout.contains("│ POST /content_blocks/create"),
        "{}",
        plan.stdout
    );
    assert!(blocks(&sb).is_empty());

    // Apply: created, and what to paste once.
    let first = publish(&sb, &dir, &template, &["--apply"]);
    assert_eq!(first.code, 0, "{}", first.all());
    let made = blocks(&sb);
    assert_eq!(made.len(), 1);
    assert_eq!(made[0]["content"], BODY);
    assert_eq!(made[0]["state"], "active");
    let id = made[0]["content_block_id"].as_str().unwrap().to_owned();
    assert!(
        first
            .stdout
            .contains(&format!("published Content Block \"{BLOCK}\" (id {id})"))
    );
    assert!(
        first
            .stdout
            .contains("Paste this into the Braze webhook campaign once"),
        "{}",
        first.stdout
    );
    assert!(
        first
            .stdout
            .contains("{{content_blocks.${zendesk_ticket_body}}}")
    );
    assert!(first.stdout.contains("/api/v2/tickets.json"));
    assert!(first.stdout.contains("<your Zendesk API token>"));
    let ledger = std::fs::read_to_string(dir.join("published-blocks.json")).unwrap();
    assert!(ledger.contains(&id) && !ledger.contains(DEMO_BRAZE_KEY));

    // Apply again: nothing written (Braze's last_edited stays).
    let edited = made[0]["last_edited"].clone();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second = publish(&sb, &dir, &template, &["--apply"]);
    assert_eq!(second.code, 0, "{}", second.all());
    assert!(
        second
            .stdout
            .contains("already is the template: nothing written"),
        "{}",
        second.stdout
    );
    assert_eq!(blocks(&sb)[0]["last_edited"], edited);
    let unchanged = publish(&sb, &dir, &template, &["--plan"]);
    assert!(
        unchanged.stdout.contains("is unchanged") && unchanged.stdout.contains("nothing to change")
    );

    // A new template: changed, with the line diff.
    let next = BODY.replace("From Braze", "From Braze, v2");
    std::fs::write(&template, &next).unwrap();
    let plan = publish(&sb, &dir, &template, &["--plan"]);
    assert!(
        plan.stdout.contains("changed: it will be updated"),
        "{}",
        plan.stdout
    );
    assert!(
        plan.stdout
            .contains("-   \"comment\": {\"body\": \"From Braze\"}"),
        "{}",
        plan.stdout
    );
    assert!(
        plan.stdout
            .contains("+   \"comment\": {\"body\": \"From Braze, v2\"}"),
        "{}",
        plan.stdout
    );
    assert!(plan.stdout.contains("│ POST /content_blocks/update"));
    assert_eq!(publish(&sb, &dir, &template, &["--apply"]).code, 0);
    assert_eq!(blocks(&sb)[0]["content"], next.as_str());

    // Someone changes the block in Braze: the plan shows their change; apply refuses.
    let theirs = next.replace("v2", "edited in Braze");
    braze_post(
        &sb,
        "/content_blocks/update",
        json!({"content_block_id": id, "content": theirs}),
    );
    let plan = publish(&sb, &dir, &template, &["--plan"]);
    assert_eq!(plan.code, 0);
    assert!(
        plan.stdout.contains("someone else's change"),
        "{}",
        plan.stdout
    );
    assert!(
        plan.stdout
            .contains("+   \"comment\": {\"body\": \"From Braze, edited in Braze\"}"),
        "{}",
        plan.stdout
    );
    assert!(plan.stdout.contains("only with --force"));
    let refused = publish(&sb, &dir, &template, &["--apply"]);
    assert_eq!(refused.code, 1, "{}", refused.all());
    assert!(
        refused.stderr.contains("was changed outside zenbraze"),
        "{}",
        refused.stderr
    );
    assert_eq!(blocks(&sb)[0]["content"], theirs.as_str());
    let forced = publish(&sb, &dir, &template, &["--apply", "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.all());
    assert_eq!(blocks(&sb)[0]["content"], next.as_str());
    assert!(
        publish(&sb, &dir, &template, &["--plan"])
            .stdout
            .contains("is unchanged")
    );

    // Verify: a nested block Braze does not have is named; once it exists, no errors.
    std::fs::write(
        &template,
        "{\"ticket\": {\"subject\": \"Hi {{${first_name} | json_escape}}\", \"comment\": {\"body\": \"{{content_blocks.${signature}}}\"}}}",
    )
    .unwrap();
    assert_eq!(publish(&sb, &dir, &template, &["--apply"]).code, 0);
    let verify = publish(&sb, &dir, &template, &["--verify"]);
    assert_eq!(verify.code, 1, "{}", verify.all());
    assert!(verify.stderr.contains("signature"), "{}", verify.all());
    println!("verify with a missing nested block: {}", verify.all());
    braze_post(
        &sb,
        "/content_blocks/create",
        json!({"name": "signature", "content": "Thanks, {{${first_name} | default: 'friend' | json_escape}}"}),
    );
    let verify = publish(&sb, &dir, &template, &["--verify"]);
    assert_eq!(verify.code, 0, "{}", verify.all());
    assert!(
        verify.stdout.contains("renders for 5 users with no errors"),
        "{}",
        verify.stdout
    );

    // Retire: a draft, and Braze has no delete; apply sets it active again.
    let retired = publish(&sb, &dir, &template, &["--retire"]);
    assert_eq!(retired.code, 0, "{}", retired.all());
    assert!(
        retired
            .stdout
            .contains("is now a draft. Braze has no delete"),
        "{}",
        retired.stdout
    );
    let ours = |sb: &Sandbox| blocks(sb).into_iter().find(|b| b["name"] == BLOCK).unwrap();
    assert_eq!(ours(&sb)["state"], "draft");
    let plan = publish(&sb, &dir, &template, &["--plan"]);
    assert!(
        plan.stdout.contains("apply sets it active again"),
        "{}",
        plan.stdout
    );
    assert_eq!(publish(&sb, &dir, &template, &["--apply"]).code, 0);
    assert_eq!(ours(&sb)["state"], "active");
    net::block_on(sb.shutdown()).unwrap();
}

#[test]
fn a_block_zenbraze_did_not_publish_is_not_overwritten_and_spanish_is_spoken() {
    let sb = net::block_on(Sandbox::start(SandboxConfig::ephemeral())).unwrap();
    let dir = common::temp_dir("publish-not-ours");
    let template = dir.join("body.liquid");
    std::fs::write(&template, BODY).unwrap();
    braze_post(
        &sb,
        "/content_blocks/create",
        json!({"name": BLOCK, "content": "made in the dashboard"}),
    );
    let refused = publish(&sb, &dir, &template, &["--apply"]);
    assert_eq!(refused.code, 1, "{}", refused.all());
    assert!(
        refused.stdout.contains("that zenbraze did not publish"),
        "{}",
        refused.stdout
    );
    assert_eq!(blocks(&sb)[0]["content"], "made in the dashboard");
    let out = Command::new(env!("CARGO_BIN_EXE_zenbraze"))
        .args([
            "--lang",
            "es",
            "publish",
            "--profile",
            "sandbox",
            "--block",
            BLOCK,
        ])
        .arg(&template)
        .arg("--plan")
        .env("HOME", &*dir)
        .env("ZENBRAZE_SANDBOX_URL", sb.base_url())
        .env("ZENBRAZE_DATA_DIR", &*dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("que zenbraze no publicó"), "{stdout}");
    assert!(stdout.contains("llamadas:"), "{stdout}");
    // A name Braze would refuse is a usage error before any call.
    let bad = Command::new(env!("CARGO_BIN_EXE_zenbraze"))
        .args([
            "--lang",
            "en",
            "publish",
            "--profile",
            "sandbox",
            "--block",
            "a}b",
            "--plan",
        ])
        .arg(&template)
        .env("HOME", &*dir)
        .env("ZENBRAZE_SANDBOX_URL", sb.base_url())
        .env("ZENBRAZE_DATA_DIR", &*dir)
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("cannot be a Content Block name"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
    net::block_on(sb.shutdown()).unwrap();
}
