//! The CLI's inputs: capped in size, and refused with the file, the field and what was expected
//! when they have the wrong shape (each case exited 0 with nothing, or hung, before).

mod common;

use std::process::{Command, Output, Stdio};

fn zb(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zenbraze"))
        .arg("--lang")
        .arg("en")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[cfg(unix)]
#[test]
fn render_dev_zero_stops_at_the_cap() {
    let o = zb(&["render", "/dev/zero"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("/dev/zero: larger than 64 MiB"),
        "{}",
        stderr(&o)
    );
    assert!(o.stdout.is_empty());
}

#[test]
fn bad_users_and_ticket_files_name_the_file_the_field_and_what_was_expected() {
    let dir = common::temp_dir("inputs");
    let file = |name: &str, text: &str| {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p.display().to_string()
    };
    let bom = file("bom.json", "\u{feff}[{\"external_id\": \"a\"}]");
    let empty = file("empty.json", "");
    let list = file("list.json", "[]");
    let five = file("five.json", "{\"ticket\": 5}");
    let template = "assets/presets/ticket.liquid";
    for (users, expected) in [
        (&bom, "starts with a UTF-8 byte order mark"),
        (&empty, "no users: the file is empty"),
        (&list, "no users: the list is empty"),
    ] {
        for cmd in [
            vec!["render", template, "--users", users.as_str()],
            vec![
                "lint",
                template,
                "--target",
                "zendesk-ticket",
                "--users",
                users.as_str(),
            ],
        ] {
            let o = zb(&cmd);
            assert_eq!(o.status.code(), Some(2), "{cmd:?}: {}", stderr(&o));
            assert!(
                stderr(&o).contains(&format!("{users}: ")) && stderr(&o).contains(expected),
                "{cmd:?}: {}",
                stderr(&o)
            );
        }
    }
    let body = "assets/presets/zendesk-solved-event.liquid";
    for (ticket, expected) in [
        (
            &list,
            "expected a sample ticket, an object like {\"ticket\"",
        ),
        (
            &five,
            "`ticket` must be an object (the ticket's fields), found a number",
        ),
    ] {
        for cmd in [
            vec![
                "render",
                body,
                "--dialect",
                "zendesk",
                "--ticket",
                ticket.as_str(),
            ],
            vec![
                "lint",
                body,
                "--target",
                "zendesk-webhook-body",
                "--ticket",
                ticket.as_str(),
            ],
        ] {
            let o = zb(&cmd);
            assert_eq!(o.status.code(), Some(2), "{cmd:?}: {}", stderr(&o));
            assert!(
                stderr(&o).contains(&format!("{ticket}: ")) && stderr(&o).contains(expected),
                "{cmd:?}: {}",
                stderr(&o)
            );
        }
    }
}

/// A render context of the wrong shape names the file, the key and what it must be (serde's
/// "invalid type: integer `5`, expected a map" named neither).
#[test]
fn a_bad_render_context_names_the_file_the_key_and_what_was_expected() {
    let dir = common::temp_dir("context");
    let template = "assets/presets/ticket.liquid";
    for (text, expected) in [
        ("[]", "a render context must be a JSON object, not an array"),
        (
            "{\"campaign\": 5}",
            "`campaign` must be an object, not a number",
        ),
        (
            "{\"content_blocks\": {\"footer\": [1]}}",
            "`content_blocks.footer` must be a text, not an array",
        ),
        (
            "{\"connected_content\": {\"https://x.test\": {\"status\": 99}}}",
            "`connected_content.https://x.test.status` must be an HTTP status from 100 to 599, not a number",
        ),
        (
            "{\"campaing\": {}}",
            "`campaing` is not part of a render context",
        ),
    ] {
        let path = dir.join("context.json");
        std::fs::write(&path, text).unwrap();
        let path = path.display().to_string();
        let o = zb(&["render", template, "--context", &path]);
        assert_eq!(o.status.code(), Some(2), "{text}: {}", stderr(&o));
        assert!(
            stderr(&o).contains(&format!("{path}: ")) && stderr(&o).contains(expected),
            "{text}:\n{}\nwanted: {expected}",
            stderr(&o)
        );
    }
}
