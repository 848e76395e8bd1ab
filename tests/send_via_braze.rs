//! `zenbraze send zendesk-ticket TEMPLATE --via-braze --user EXTERNAL_ID` over real HTTP against
//! the sandbox: the user exported from its Braze, Braze asked to render and send
//! (`/messages/send` with a webhook to its Zendesk), the ticket found and compared field by
//! field with zenbraze's preview. Identical → exit 0; a `braze_render` fault makes one field
//! differ → exit 1 with that field; no ticket → said plainly. No secret is printed.

mod common;

use std::process::Command;

use serde_json::json;
use zenbraze::net;
use zenbraze::sandbox::{DEMO_BRAZE_KEY, DEMO_ZENDESK_TOKEN, Sandbox, SandboxConfig};

const TEMPLATE: &str = r#"{"ticket": {
  "subject": "Order help for {{${first_name}}}",
  "comment": {"body": "Hello {{${first_name}}}, we got your order."},
  "requester": {"name": "{{${first_name}}} {{${last_name}}}", "email": "{{${email_address}}}"},
  "priority": "high",
  "tags": ["Braze VIP", "braze"]
}}"#;

fn send(
    sb: &Sandbox,
    dir: &std::path::Path,
    template: &str,
    wait: &str,
    lang: &str,
    extra: &[&str],
) -> (i32, String) {
    let path = dir.join("ticket.liquid");
    std::fs::write(&path, template).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_zenbraze"))
        .args(["--lang", lang, "send", "zendesk-ticket"])
        .arg(&path)
        .args([
            "--profile",
            "sandbox",
            "--via-braze",
            "--user",
            "user-1042",
            "--wait",
            wait,
        ])
        .args(extra)
        .env("HOME", dir)
        .env("ZENBRAZE_DATA_DIR", dir)
        .env("ZENBRAZE_SANDBOX_URL", sb.base_url())
        .env_remove("ZENBRAZE_CONFIG_DIR")
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let basic = {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD
            .encode(format!("admin@sandbox.test/token:{DEMO_ZENDESK_TOKEN}"))
    };
    for secret in [DEMO_BRAZE_KEY, DEMO_ZENDESK_TOKEN, basic.as_str()] {
        assert!(!all.contains(secret), "a secret leaked:\n{all}");
    }
    (out.status.code().unwrap_or(-1), all)
}

#[test]
fn identical_then_a_braze_render_difference_then_no_ticket() {
    let sb = net::block_on(Sandbox::start(SandboxConfig::ephemeral())).unwrap();
    let dir = common::temp_dir("via-braze");

    let (code, out) = send(&sb, &dir, TEMPLATE, "20", "en", &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Braze sent it (dispatch "), "{out}");
    for field in [
        "subject: Order help for Ada",
        "comment: Hello Ada",
        "requester: ",
        "priority: high",
        "tags: braze vip",
    ] {
        assert!(
            out.contains(&format!("same     {field}")),
            "`{field}` in:\n{out}"
        );
    }
    assert!(
        out.contains("identical: the ticket Braze made is what zenbraze previewed"),
        "{out}"
    );
    // The ticket is Braze's, made through the sandbox's Zendesk.
    let state = sb.snapshot();
    assert_eq!(state["tickets"][0]["subject"], "Order help for Ada");

    // The sandbox's Braze renders the subject differently once: exit 1, that field named.
    net::block_on(async {
        let r = reqwest::Client::new()
            .post(format!("{}/__sandbox/faults", sb.base_url()))
            .header("Content-Type", "application/json")
            .body(json!({"kind": "braze_render", "path": "/messages/send", "count": 1}).to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 201);
    });
    let case = dir.join("case.json");
    let case_arg = case.display().to_string();
    let (code, out) = send(
        &sb,
        &dir,
        TEMPLATE,
        "20",
        "en",
        &["--export-case", &case_arg],
    );
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("DIFFERS  subject: preview \"Order help for Ada\", Zendesk \"Order help for Ada (Braze)\""),
        "{out}"
    );
    assert!(out.contains("same     comment: Hello Ada"), "{out}");
    assert!(out.contains("1 fields differ"), "{out}");
    // The difference as a test case: the template, the user, both outputs.
    assert!(out.contains(&format!("Exported to {case_arg}")), "{out}");
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&case).unwrap()).unwrap();
    assert_eq!(written["template"], TEMPLATE);
    assert_eq!(written["user"], "user-1042");
    assert_eq!(written["differs"], json!(["subject"]));
    assert_eq!(written["preview"]["subject"], "Order help for Ada");
    assert_eq!(written["zendesk"]["subject"], "Order help for Ada (Braze)");
    assert_eq!(written["zendesk"]["priority"], "high");

    // In Spanish.
    let (code, out) = send(
        &sb,
        &dir,
        TEMPLATE,
        "20",
        "es",
        &["--export-case", &case_arg],
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("idéntico"), "{out}");
    assert!(
        !out.contains(&case_arg),
        "identical: no test case written\n{out}"
    );

    // A body Zendesk refuses (422): no ticket, said plainly.
    let refused = TEMPLATE.replace("\"high\"", "\"sky-high\"");
    let (code, out) = send(&sb, &dir, &refused, "1", "en", &[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("no ticket appeared in Zendesk within 1 s"),
        "{out}"
    );

    // Every comparison is in the history, the template and each field with it, masked.
    let history = std::fs::read_to_string(dir.join("history.jsonl")).unwrap();
    let entries: Vec<serde_json::Value> = history
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let compared: Vec<bool> = entries
        .iter()
        .filter_map(|e| e["via_braze"]["fields"].as_array())
        .map(|fields| fields.iter().all(|f| f["preview"] == f["zendesk"]))
        .collect();
    assert_eq!(compared, [true, false, true], "{history}");
    assert!(entries.iter().all(|e| e["target"] == "zendesk-ticket"));
    assert_eq!(entries[1]["via_braze"]["template"], TEMPLATE);
    for secret in [DEMO_BRAZE_KEY, DEMO_ZENDESK_TOKEN] {
        assert!(!history.contains(secret), "a secret in the history");
    }
    net::block_on(sb.shutdown()).unwrap();
}
