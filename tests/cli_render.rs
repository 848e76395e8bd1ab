//! `zenbraze render` end to end: the real binary, real files, exit codes and messages.

mod common;

use std::io::Write as _;
use std::process::{Command, Output, Stdio};

fn zenbraze(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zenbraze"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(bytes) = stdin {
        input.write_all(bytes).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn file(dir: &common::TempDir, name: &str, contents: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path.display().to_string()
}

const EXAMPLE_USER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/examples/user.json");
const EXAMPLE_TEMPLATE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/presets/ticket.liquid");

#[test]
fn renders_exactly_with_no_newline_added() {
    let dir = common::temp_dir("render-exact");
    let t = file(&dir, "t.liquid", b"Hi {{${first_name}}}");
    let out = zenbraze(&["render", &t, "--user", EXAMPLE_USER], None);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(out.stdout, b"Hi Ada");
}

#[test]
fn the_example_template_renders_valid_json() {
    let out = zenbraze(&["render", EXAMPLE_TEMPLATE, "--user", EXAMPLE_USER], None);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let body: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(body["ticket"]["requester"]["email"], "ada@example.com");
}

#[test]
fn template_errors_exit_1_with_file_line_col() {
    let dir = common::temp_dir("render-err");
    let t = file(&dir, "t.liquid", b"{{${first_name}}}\n{{ x | lstrip }}");
    let out = zenbraze(&["render", &t], None);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err.trim(),
        format!("{t}:2:8: error: filter `lstrip` is not supported by Braze")
    );
}

#[test]
fn abort_exits_3_with_the_reason() {
    let out = zenbraze(&["render", "-"], Some(b"{% abort_message('no email') %}"));
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "stopped by abort_message: no email"
    );
}

#[test]
fn many_users_print_one_json_line_each() {
    let dir = common::temp_dir("render-users");
    let t = file(&dir, "t.liquid", b"{% if ${email_address} == blank %}{% abort_message('no email') %}{% endif %}{{${first_name} | default: 'there'}}");
    let export = file(
        &dir,
        "export.json",
        br#"{"users": [{"external_id": "a", "first_name": "Ada", "email": "a@x"}, {"external_id": "b"}], "message": "success"}"#,
    );
    let jsonl = file(&dir, "users.jsonl", b"{\"first_name\":\"Grace\",\"email\":\"g@x\"}\n\n{\"external_id\":\"c\",\"email\":\"c@x\"}\n");
    let out = zenbraze(&["render", &t, "--users", &export], None);
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines[0],
        serde_json::json!({"user": "a", "output": "Ada", "error": null, "aborted": null})
    );
    assert_eq!(
        lines[1],
        serde_json::json!({"user": "b", "output": null, "error": null, "aborted": "no email"})
    );
    let out = zenbraze(&["render", &t, "--users", &jsonl], None);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(r#""user":"0","output":"Grace""#), "{text}");
    assert!(text.contains(r#""user":"c","output":"there""#), "{text}");
}

#[test]
fn globals_now_context_and_zendesk_ticket() {
    let dir = common::temp_dir("render-opts");
    let t = file(
        &dir,
        "t.liquid",
        b"{{greeting}} {{'now' | date: '%Y'}} {{event_properties.${plan}}}",
    );
    let g = file(&dir, "g.json", br#"{"greeting": "hello"}"#);
    let c = file(&dir, "c.json", br#"{"event_properties": {"plan": "gold"}}"#);
    let out = zenbraze(
        &[
            "render",
            &t,
            "--globals",
            &g,
            "--now",
            "1999-05-01T00:00:00Z",
            "--context",
            &c,
        ],
        None,
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "hello 1999 gold");

    let z = file(&dir, "z.liquid", b"{\"external_id\": \"{{ticket.requester.external_id}}\", \"status\": \"{{ticket.status}}\"}");
    let ticket = file(
        &dir,
        "ticket.json",
        br#"{"ticket": {"id": 9, "status": "solved", "requester_id": 1}, "users": [{"id": 1, "name": "Ada L", "external_id": "u-1"}]}"#,
    );
    let out = zenbraze(
        &["render", &z, "--dialect", "zendesk", "--ticket", &ticket],
        None,
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        r#"{"external_id": "u-1", "status": "Solved"}"#
    );
}

#[test]
fn bad_input_is_a_clear_usage_error() {
    let dir = common::temp_dir("render-bad");
    let t = file(&dir, "t.liquid", b"{{x}}");
    let bin = file(&dir, "bin.liquid", b"ok \xff\xfe");
    let not_json = file(&dir, "user.json", b"{\"first_name\": ");
    let wrong_type = file(&dir, "list.json", b"[1, 2]");
    let scalar_user = file(&dir, "scalar.json", b"\"ada\"");
    let bad_ctx = file(&dir, "ctx.json", br#"{"event_propertys": {}}"#);

    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["render", &bin],
            "not UTF-8 text (invalid byte at offset 3)",
        ),
        (
            vec!["render", &t, "--user", &not_json],
            "user.json:1:15: not valid JSON",
        ),
        (
            vec!["render", &t, "--users", &wrong_type],
            "user 1 must be a JSON object, found a number",
        ),
        (
            vec!["render", &t, "--user", &scalar_user],
            "a user must be a JSON object, found a string",
        ),
        (
            vec!["render", &t, "--context", &bad_ctx],
            "`event_propertys` is not part of a render context",
        ),
        (
            vec!["render", "/nonexistent/t.liquid"],
            "cannot read /nonexistent/t.liquid",
        ),
        (
            vec!["render", &t, "--now", "yesterday"],
            "--now `yesterday` is not an RFC 3339 time",
        ),
    ];
    for (args, expected) in cases {
        let out = zenbraze(&args, None);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(expected), "{args:?}: {err}");
    }
    let out = zenbraze(&["render", &t, "--dialect", "mustache"], None);
    assert_eq!(out.status.code(), Some(2));
}

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/presets/seed-ticket.liquid"
);
const CORRECTED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/presets/ticket.liquid");
const USERS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/presets/users.json");
const CONTEXT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/examples/context.json");

#[test]
fn lint_reports_one_finding_per_line_and_exits_1_on_errors() {
    let out = zenbraze(
        &["lint", SEED, "--target", "zendesk-ticket", "--users", USERS],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.lines().any(|l| l.starts_with(&format!(
            "{SEED}:7:28: error: Zendesk's `status` values are lowercase"
        )) && l
            .ends_with("[4 of 5 users: user-1042, user-unicode, user-no-email, user-empty]")),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with(&format!("{SEED}:10:18: error: `requester_id`"))),
        "{text}"
    );

    let out = zenbraze(
        &[
            "lint",
            CORRECTED,
            "--target",
            "zendesk-ticket",
            "--users",
            USERS,
            "--context",
            CONTEXT,
        ],
        None,
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    let out = zenbraze(
        &[
            "lint",
            SEED,
            "--target",
            "zendesk-ticket",
            "--user",
            EXAMPLE_USER,
            "--format",
            "json",
        ],
        None,
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["users"], 1);
    assert!(report["errors"].as_u64().unwrap() >= 5);
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "json-string-broken" && f["line"] == 14)
    );

    let out = zenbraze(&["lint", SEED, "--target", "mailchimp"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown lint target `mailchimp`"));
}

#[test]
fn connected_content_without_a_mock_or_with_an_error_status_is_reported() {
    let dir = common::temp_dir("render-connected");
    let t = file(
        &dir,
        "t.liquid",
        b"Hi{% connected_content https://api.example.com/offers :save o %}{% connected_content https://api.example.com/down :save d %}{{ d.__http_status_code__ }}",
    );
    let ctx = file(
        &dir,
        "ctx.json",
        br#"{"connected_content": {"https://api.example.com/down": {"status": 500, "body": {"e": 1}}}}"#,
    );
    // One user: the render goes on (Braze would fetch at send time), and stderr says so.
    let out = zenbraze(
        &["render", &t, "--user", EXAMPLE_USER, "--context", &ctx],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(out.stdout, b"Hi500");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("{t}:1:3: warning:"))
            && err.contains("https://api.example.com/offers"),
        "{err}"
    );
    assert!(err.contains("answered 500"), "{err}");
    // Many users: each line carries its notices.
    let users = file(&dir, "users.jsonl", b"{\"external_id\":\"a\"}\n");
    let out = zenbraze(&["render", &t, "--users", &users, "--context", &ctx], None);
    assert_eq!(out.status.code(), Some(0));
    let line: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).lines().next().unwrap()).unwrap();
    assert_eq!(line["output"], "Hi500");
    let notices = line["notices"].as_array().expect("notices");
    assert_eq!(notices.len(), 2, "{line}");
    assert!(
        notices[0]
            .as_str()
            .unwrap()
            .contains("https://api.example.com/offers"),
        "{line}"
    );
}

/// `render --users` on many threads writes the very bytes of the one-thread run, in the users'
/// order, on 10,000 users: rendered ones, ones whose render stops with an error (an overflow),
/// ones `abort_message` stops, and ones with notices (a `connected_content` without a mock).
#[test]
fn many_threads_write_the_bytes_of_one_thread() {
    let dir = common::temp_dir("render-threads");
    let t = file(
        &dir,
        "t.liquid",
        concat!(
            "{% if ${first_name} == 'stop' %}{% abort_message('stopped') %}{% endif %}",
            "{% if ${last_name} == 'ask' %}{% connected_content https://api.example.com/x :save x %}{% endif %}",
            "{\"name\": {{ ${first_name} | json_escape | prepend: '\"' | append: '\"' }}, ",
            "\"n\": {{ custom_attribute.${n} | plus: 1 }}}"
        )
        .as_bytes(),
    );
    let mut users = String::new();
    for i in 0..10_000u64 {
        let (first, last, n) = match i % 11 {
            3 => ("stop", "x", "1".to_owned()),
            5 => ("Ada", "ask", i.to_string()),
            // Past 64 bits after `plus: 1`: this user's render stops with an error.
            7 => ("Ada", "x", i64::MAX.to_string()),
            _ => ("Ada", "x", i.to_string()),
        };
        users.push_str(&format!(
            "{{\"external_id\":\"u-{i}\",\"first_name\":\"{first}{}\",\"last_name\":\"{last}\",\"custom_attributes\":{{\"n\":{n}}}}}\n",
            if first == "stop" { String::new() } else { i.to_string() }
        ));
    }
    let users = file(&dir, "users.jsonl", users.as_bytes());
    let one = zenbraze(&["render", &t, "--users", &users, "--threads", "1"], None);
    assert_eq!(
        one.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&one.stderr)
    );
    let text = String::from_utf8(one.stdout.clone()).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 10_000);
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(line["user"], format!("u-{i}"), "the users' order");
        match i % 11 {
            3 => assert_eq!(line["aborted"], "stopped", "{line}"),
            5 => assert_eq!(line["notices"].as_array().map(Vec::len), Some(1), "{line}"),
            7 => assert!(
                line["error"].as_str().is_some_and(|e| !e.is_empty()),
                "{line}"
            ),
            _ => assert_eq!(
                line["output"],
                format!("{{\"name\": \"Ada{i}\", \"n\": {}}}", i + 1),
                "{line}"
            ),
        }
    }
    for threads in [None, Some("2"), Some("7")] {
        let mut args = vec!["render", &t, "--users", &users];
        if let Some(n) = threads {
            args.extend(["--threads", n]);
        }
        let many = zenbraze(&args, None);
        assert_eq!(many.status.code(), Some(0));
        assert!(
            many.stdout == one.stdout,
            "--threads {threads:?} differs from --threads 1"
        );
    }
}

/// A long users file (over 64 KiB) is parsed a user at a time as it renders: its lines are the
/// very bytes the whole-file way writes for the same users (a short file is read whole), as an
/// array and as JSON Lines; and a long file with one user that does not parse writes no line
/// at all, only the error the whole-file way reports, with its place.
#[test]
fn long_users_files_render_a_user_at_a_time_with_the_same_bytes_and_errors() {
    let dir = common::temp_dir("render-stream");
    let base: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(EXAMPLE_USER).unwrap()).unwrap();
    let users: Vec<serde_json::Value> = (0..2_000)
        .map(|i| {
            let mut u = base.clone();
            u["external_id"] = format!("user-{i}").into();
            u["first_name"] = format!("Ada \"{i}\"\n").into();
            if i % 13 == 0 {
                u.as_object_mut().unwrap().remove("email");
            }
            u
        })
        .collect();
    let context = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/examples/context.json");
    let render = |users: &str, threads: &str| {
        zenbraze(
            &[
                "render",
                EXAMPLE_TEMPLATE,
                "--users",
                users,
                "--context",
                context,
                "--now",
                "2024-03-01T12:00:00Z",
                "--threads",
                threads,
            ],
            None,
        )
    };
    let array = file(
        &dir,
        "long.json",
        serde_json::to_string(&users).unwrap().as_bytes(),
    );
    let lines: String = users
        .iter()
        .map(|u| serde_json::to_string(u).unwrap() + "\n")
        .collect();
    assert!(lines.len() > 64 * 1024);
    let jsonl = file(&dir, "long.jsonl", lines.as_bytes());
    // The whole-file way, 40 users at a time (each file well under 64 KiB).
    let mut expected = Vec::new();
    for (n, part) in users.chunks(40).enumerate() {
        let short = file(
            &dir,
            &format!("short-{n}.json"),
            serde_json::to_string(part).unwrap().as_bytes(),
        );
        let out = render(&short, "1");
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8(out.stdout).unwrap();
        // A short file names users without an id by their place in it: none here.
        expected.extend_from_slice(text.as_bytes());
    }
    for long in [&array, &jsonl] {
        for threads in ["1", "3"] {
            let out = render(long, threads);
            assert_eq!(out.status.code(), Some(0), "{long} {threads}");
            assert!(out.stdout == expected, "{long} --threads {threads}");
        }
    }
    let text = String::from_utf8(expected).unwrap();
    assert_eq!(text.lines().count(), 2_000);
    assert!(text.contains(r#""aborted":"no email"#), "{}", &text[..400]);

    // One user that does not parse, near the end: nothing is written, and the error is the
    // whole-file way's, at its line.
    let broken = format!("{lines}{{\"external_id\": \"late\", \"first_name\": }}\n");
    let broken = file(&dir, "broken.jsonl", broken.as_bytes());
    let not_object = format!("{lines}[1]\n");
    let not_object = file(&dir, "not-object.jsonl", not_object.as_bytes());
    for (path, expected) in [(&broken, ":2001:"), (&not_object, "user 2001")] {
        for threads in ["1", "3"] {
            let out = render(path, threads);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{err}");
            assert!(out.stdout.is_empty(), "{path}: lines were written");
            assert!(err.contains(expected), "{path}: {err}");
        }
    }
}

/// `lint --users` on many threads groups the same findings with the same users, in the same
/// order, as on one thread: 600 copies of the preset users, with their findings and aborts.
#[test]
fn lint_on_many_threads_reports_what_one_thread_does() {
    let dir = common::temp_dir("lint-threads");
    let preset: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(USERS).unwrap()).unwrap();
    let mut many = Vec::new();
    for i in 0..120 {
        for user in preset["users"].as_array().unwrap() {
            let mut user = user.clone();
            // Users with no id are named by their place (`#7`), which the threads must keep.
            if let Some(id) = user["external_id"].as_str() {
                user["external_id"] = format!("{id}-{i}").into();
            }
            many.push(user);
        }
    }
    let users = file(
        &dir,
        "users.json",
        serde_json::to_string(&many).unwrap().as_bytes(),
    );
    for format in ["text", "json"] {
        let run = |threads: &str| {
            zenbraze(
                &[
                    "lint",
                    SEED,
                    "--target",
                    "zendesk-ticket",
                    "--users",
                    &users,
                    "--format",
                    format,
                    "--threads",
                    threads,
                ],
                None,
            )
        };
        let one = run("1");
        assert_eq!(one.status.code(), Some(1));
        assert!(
            String::from_utf8_lossy(&one.stdout).contains(if format == "json" {
                "user-no-email-119"
            } else {
                "of 600 users"
            }),
            "{}",
            String::from_utf8_lossy(&one.stdout)
        );
        for threads in ["2", "5"] {
            let many = run(threads);
            assert_eq!(many.status.code(), Some(1));
            assert!(many.stdout == one.stdout, "{format} --threads {threads}");
        }
    }
}
