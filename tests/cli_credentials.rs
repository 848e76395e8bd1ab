//! `zenbraze credentials` and `zenbraze send` as processes, under a temporary HOME.
//!
//! Tests that store secrets use the real OS keyring and are ignored outside a Secret Service
//! session; `.ci/run` runs them inside one (`.ci/with-keyring`).

mod common;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use zenbraze::net;
use zenbraze::sandbox::{Sandbox, SandboxConfig};
use zenbraze::secrets::{Redactor, Secret};

/// What the keyring tests need, said when it is missing (they are ignored by plain `cargo test`).
const NEEDS_SECRET_SERVICE: &str = "needs an unlocked Secret Service: apt install gnome-keyring dbus, then run inside .ci/with-keyring";

/// Fails at once, with the install line, where no Secret Service answers.
fn require_secret_service() {
    if let Err(e) = zenbraze::secrets::Keyring::os().status() {
        panic!("{NEEDS_SECRET_SERVICE} ({e:?})");
    }
}

/// A HOME of its own for each test, removed at its end (tests/common's temporary directory).
struct Home(common::TempDir);

impl Home {
    fn new(name: &str) -> Home {
        Home(common::temp_dir(&format!("home-{name}")))
    }

    /// Every file under this HOME, with its contents.
    fn files(&self) -> Vec<(PathBuf, String)> {
        fn walk(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else {
                    let bytes = std::fs::read(&path).unwrap();
                    out.push((path, String::from_utf8_lossy(&bytes).into_owned()));
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.0, &mut out);
        out
    }
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn zb(home: &Home, args: &[&str], stdin: &str, env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_zenbraze"));
    cmd.args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("HOME", &*home.0)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for var in [
        "XDG_CONFIG_HOME",
        "XDG_DATA_HOME",
        "ZENBRAZE_CONFIG_DIR",
        "ZENBRAZE_DATA_DIR",
        "ZENBRAZE_SANDBOX_URL",
        "ZENBRAZE_ZENDESK_TOKEN",
        "ZENBRAZE_BRAZE_KEY",
    ] {
        cmd.env_remove(var);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    // A command that fails before reading its input closes the pipe early: that is fine.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn sandbox() -> Sandbox {
    net::block_on(Sandbox::start(SandboxConfig::ephemeral())).unwrap()
}

/// Point 5 of the credentials issue: every bad input, its message, and nothing written.
#[test]
fn bad_inputs_are_refused_with_a_message_and_nothing_is_written() {
    let home = Home::new("bad-inputs");
    let zeros = "\0".repeat(1 << 20);
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &[
                "credentials",
                "set",
                "acme",
                "zendesk",
                "--url",
                "http://acme.zendesk.com",
                "--email",
                "a@b.test",
            ],
            "tok",
            "`http://acme.zendesk.com` uses plain http: only https is allowed, except to this machine (localhost, 127.0.0.1)",
        ),
        (
            &["credentials", "set", "acme", "braze", "--instance", "US-09"],
            "key",
            "`US-09` is not a Braze instance; known: US-01, US-02, US-03, US-04, US-05, US-06, US-07, US-08, US-10, EU-01, EU-02, AU-01, ID-01, JP-01, KR-01",
        ),
        (
            &[
                "credentials",
                "set",
                "acme",
                "braze",
                "--url",
                "ftp://rest.iad-01.braze.com",
            ],
            "key",
            "`ftp://` is not supported: use https://",
        ),
        (
            &[
                "credentials",
                "set",
                "acme",
                "zendesk",
                "--subdomain",
                "support.acme.com",
                "--email",
                "a@b.test",
            ],
            "tok",
            "`support.acme.com` is not on zendesk.com: for a custom host use an explicit URL (--url)",
        ),
        (
            &[
                "credentials",
                "set",
                "acme",
                "zendesk",
                "--subdomain",
                "acme corp",
                "--email",
                "a@b.test",
            ],
            "tok",
            "`acme corp` is not a Zendesk subdomain",
        ),
        (
            &[
                "credentials",
                "set",
                "acme",
                "zendesk",
                "--subdomain",
                "acme",
            ],
            "tok",
            "Zendesk API tokens sign in as an agent: pass --email",
        ),
        (
            &[
                "credentials",
                "set",
                "acme",
                "zendesk",
                "--email",
                "a@b.test",
            ],
            "tok",
            "Zendesk needs exactly one of --subdomain or --url",
        ),
        (
            &[
                "credentials",
                "set",
                "acme",
                "zendesk",
                "--subdomain",
                "acme",
                "--email",
                "a@b.test",
            ],
            " \n",
            "the Zendesk API token is empty",
        ),
        (
            &["credentials", "set", "acme", "braze", "--instance", "US-03"],
            "abc def",
            "the Braze REST API key contains a space: paste only the Braze REST API key, on one line",
        ),
        (
            &["credentials", "set", "acme", "braze", "--instance", "US-03"],
            "abc\"def",
            "the Braze REST API key contains a quote character",
        ),
        (
            &[
                "credentials",
                "set",
                "my profile",
                "braze",
                "--instance",
                "US-03",
            ],
            "key",
            "`my profile` is not a profile name",
        ),
        (
            &[
                "credentials",
                "set",
                "sandbox",
                "braze",
                "--instance",
                "US-03",
            ],
            "key",
            "`sandbox` is the built-in profile",
        ),
        (
            // `credentials set … < /dev/zero`: refused after 64 KiB, not read until memory ends.
            &["credentials", "set", "acme", "braze", "--instance", "US-03"],
            zeros.as_str(),
            "the secret on standard input is longer than 64 KiB",
        ),
    ];
    for (args, stdin, message) in cases {
        let run = zb(&home, args, stdin, &[]);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains(message),
            "{args:?}:\n{}\nwanted: {message}",
            run.stderr
        );
    }
    assert!(home.files().is_empty(), "{:?}", home.files());
}

#[test]
fn without_a_keyring_nothing_is_saved_and_the_message_says_so() {
    let home = Home::new("no-keyring");
    let run = zb(
        &home,
        &["credentials", "set", "acme", "braze", "--instance", "us-03"],
        "\"a-real-looking-key\"\n",
        &[(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/zenbraze-test-bus",
        )],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning: removed the quotes around the Braze REST API key"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("no OS keyring is available here"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("never writes secrets to a file"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("a-real-looking-key"));
    assert!(home.files().is_empty(), "{:?}", home.files());
}

#[test]
fn send_renders_lints_and_sends_with_the_builtin_sandbox_profile() {
    let sb = sandbox();
    let home = Home::new("send");
    let env = [("ZENBRAZE_SANDBOX_URL", sb.base_url())];
    let send = |args: &[&str]| zb(&home, args, "", &env);

    let ok = send(&[
        "send",
        "zendesk-ticket",
        "assets/presets/ticket.liquid",
        "--profile",
        "sandbox",
        "--user",
        "assets/examples/user.json",
        "--context",
        "assets/examples/context.json",
    ]);
    assert_eq!(ok.code, 0, "{}{}", ok.stdout, ok.stderr);
    assert!(
        ok.stdout.starts_with(&format!(
            "POST {}/api/v2/tickets.json\n201 Created · ",
            sb.base_url()
        )),
        "{}",
        ok.stdout
    );
    assert!(
        ok.stdout.contains("\"subject\": \"App feedback from Ada\""),
        "{}",
        ok.stdout
    );

    // Lint errors: refused, nothing sent...
    let refused = send(&[
        "send",
        "zendesk-ticket",
        "assets/presets/seed-ticket.liquid",
        "--profile",
        "sandbox",
        "--user",
        "assets/examples/user.json",
    ]);
    assert_eq!(refused.code, 1);
    assert!(
        refused.stderr.contains("not sent: 6 lint errors"),
        "{}",
        refused.stderr
    );
    assert!(refused.stdout.is_empty());
    // ...unless forced, and then Zendesk's own error shows.
    let forced = send(&[
        "send",
        "zendesk-ticket",
        "assets/presets/seed-ticket.liquid",
        "--profile",
        "sandbox",
        "--user",
        "assets/examples/user.json",
        "--force",
    ]);
    assert_eq!(forced.code, 1);
    assert!(
        forced.stdout.contains("400 Bad Request"),
        "{}",
        forced.stdout
    );

    let track = send(&[
        "send",
        "zendesk-webhook-body",
        "assets/presets/zendesk-solved-event.liquid",
        "--profile",
        "sandbox",
        "--ticket",
        "assets/examples/ticket.json",
    ]);
    assert_eq!(track.code, 0, "{}{}", track.stdout, track.stderr);
    assert!(
        track
            .stdout
            .contains(&format!("POST {}/users/track\n201 Created", sb.base_url())),
        "{}",
        track.stdout
    );

    let missing = send(&[
        "send",
        "zendesk-ticket",
        "assets/presets/ticket.liquid",
        "--profile",
        "nope",
        "--user",
        "assets/examples/user.json",
    ]);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("no profile `nope`") && missing.stderr.contains("known: sandbox"),
        "{}",
        missing.stderr
    );
    let no_user = send(&[
        "send",
        "braze-users-track",
        "assets/presets/zendesk-solved-event.liquid",
        "--profile",
        "sandbox",
    ]);
    assert!(
        no_user.stderr.contains("pass --user FILE"),
        "{}",
        no_user.stderr
    );

    // Every send is in the history (the refused one was never sent).
    let (history_path, history) = home
        .files()
        .into_iter()
        .find(|(p, _)| p.ends_with("history.jsonl"))
        .unwrap();
    assert_eq!(history.lines().count(), 3);
    // The history holds masked requests and answers: its owner's only (issue 16).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&history_path)
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600, "history.jsonl is {mode:o}");
    }
}

fn leaks(redactor: &Redactor, what: &str, text: &str) {
    assert!(
        !redactor.leaks(text),
        "a secret leaked into {what}:\n{text}"
    );
}

/// A full session under a temporary HOME: afterwards no file and no output holds a secret in
/// any of its forms.
#[test]
#[ignore = "needs an unlocked Secret Service: apt install gnome-keyring dbus, then run inside .ci/with-keyring"]
fn a_full_session_leaks_no_secret_anywhere() {
    require_secret_service();
    let sb = sandbox();
    let url = sb.base_url().to_owned();
    let home = Home::new("leak");
    let profile = format!("leak-{}", std::process::id());
    let wrong = format!("wrong-{}", std::process::id());
    let token = "sandbox-zendesk-token";
    let key = "sandbox-braze-key";
    let wrong_token = "wrong-but-secret-token-9f3a";
    let mut outputs = Vec::new();
    let mut run = |args: &[&str], stdin: &str| {
        let r = zb(&home, args, stdin, &[]);
        outputs.push(format!(
            "$ zenbraze {}\n{}{}",
            args.join(" "),
            r.stdout,
            r.stderr
        ));
        r
    };

    // Credentials saved; the pasted URL is accepted as the subdomain form elsewhere, the quoted
    // key is unquoted with a warning.
    let r = run(
        &[
            "credentials",
            "set",
            &profile,
            "zendesk",
            "--url",
            &url,
            "--email",
            "admin@sandbox.test",
        ],
        &format!("{token}\n"),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(
        &["credentials", "set", &profile, "braze", "--url", &url],
        &format!("\"{key}\"\n"),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("removed the quotes"));
    let r = run(
        &[
            "credentials",
            "set",
            &wrong,
            "zendesk",
            "--url",
            &url,
            "--email",
            "admin@sandbox.test",
        ],
        wrong_token,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(
        &[
            "credentials",
            "set",
            &wrong,
            "zendesk",
            "--subdomain",
            "https://acme.zendesk.com/agent/tickets/1",
            "--email",
            "admin@sandbox.test",
        ],
        wrong_token,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("Zendesk acme.zendesk.com"),
        "{}",
        r.stdout
    );
    let r = run(
        &[
            "credentials",
            "set",
            &wrong,
            "zendesk",
            "--url",
            &url,
            "--email",
            "admin@sandbox.test",
        ],
        wrong_token,
    );
    assert_eq!(r.code, 0);

    let r = run(&["credentials", "list"], "");
    assert!(
        r.stdout.contains(&profile) && r.stdout.contains("api token ••••••••"),
        "{}",
        r.stdout
    );
    let r = run(&["credentials", "test", &profile], "");
    assert_eq!(r.code, 0, "{}", r.stdout);
    let r = run(&["credentials", "test", &wrong], "");
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("anonymous user"), "{}", r.stdout);

    // Sends: a ticket (with curl export), an event, and a failing one.
    let r = run(
        &[
            "send",
            "zendesk-ticket",
            "assets/presets/ticket.liquid",
            "--profile",
            &profile,
            "--user",
            "assets/examples/user.json",
            "--context",
            "assets/examples/context.json",
            "--curl",
        ],
        "",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("-u 'admin@sandbox.test/token:'\"$ZENBRAZE_ZENDESK_TOKEN\""),
        "{}",
        r.stdout
    );
    let r = run(
        &[
            "send",
            "zendesk-webhook-body",
            "assets/presets/zendesk-solved-event.liquid",
            "--profile",
            &profile,
            "--ticket",
            "assets/examples/ticket.json",
            "--curl",
        ],
        "",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("-H 'Authorization: Bearer '\"$ZENBRAZE_BRAZE_KEY\""),
        "{}",
        r.stdout
    );
    let r = run(
        &[
            "send",
            "zendesk-ticket",
            "assets/presets/ticket.liquid",
            "--profile",
            &wrong,
            "--user",
            "assets/examples/user.json",
            "--context",
            "assets/examples/context.json",
            "--curl",
        ],
        "",
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("rejected the credentials (401"),
        "{}",
        r.stderr
    );

    let r = run(&["credentials", "delete", &profile], "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(&["credentials", "delete", &wrong], "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(&["credentials", "test", &profile], "");
    assert_eq!(r.code, 2);

    let files = home.files();
    let history = files
        .iter()
        .find(|(p, _)| p.ends_with("history.jsonl"))
        .expect("history written");
    assert_eq!(history.1.lines().count(), 3);
    assert!(files.iter().any(|(p, _)| p.ends_with("profiles.json")));
    for (secret, user) in [
        (token, "admin@sandbox.test/token"),
        (key, ""),
        (wrong_token, "admin@sandbox.test/token"),
    ] {
        let redactor = Redactor::new().with_basic(user, &Secret::new(secret));
        // The detector itself: it sees the secret when it is there.
        assert!(redactor.leaks(&format!("x{secret}x")));
        for (path, text) in &files {
            leaks(&redactor, &path.display().to_string(), text);
        }
        for output in &outputs {
            leaks(&redactor, "the command output", output);
        }
    }
}

#[test]
#[ignore = "needs an unlocked Secret Service: apt install gnome-keyring dbus, then run inside .ci/with-keyring"]
fn the_os_keyring_stores_reads_and_deletes() {
    require_secret_service();
    use zenbraze::secrets::{Keyring, SecretStore, Service};
    let store = Keyring::os();
    store.status().expect("a Secret Service answers");
    let profile = format!("roundtrip-{}", std::process::id());
    store
        .set(&profile, Service::Braze, &Secret::new("k-123456"))
        .unwrap();
    assert_eq!(
        store.get(&profile, Service::Braze).unwrap(),
        Some(Secret::new("k-123456"))
    );
    assert_eq!(store.get(&profile, Service::Zendesk).unwrap(), None);
    store.delete(&profile, Service::Braze).unwrap();
    assert_eq!(store.get(&profile, Service::Braze).unwrap(), None);
}

/// Issue 16: eight `credentials set` at once, each with its own profile. The profiles file is
/// read-modify-written under its lock, so all eight are in it afterwards (before, one was), and
/// it is readable by its owner only.
#[test]
#[ignore = "needs an unlocked Secret Service: apt install gnome-keyring dbus, then run inside .ci/with-keyring"]
fn concurrent_credentials_set_keeps_every_profile() {
    require_secret_service();
    let home = Home::new("concurrent");
    let names: Vec<String> = (0..8)
        .map(|n| format!("race-{n}-{}", std::process::id()))
        .collect();
    let spawn = |name: &str| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_zenbraze"));
        cmd.args(["credentials", "set", name, "braze", "--instance", "US-03"])
            .env("HOME", &*home.0)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for var in [
            "XDG_CONFIG_HOME",
            "ZENBRAZE_CONFIG_DIR",
            "ZENBRAZE_BRAZE_KEY",
        ] {
            cmd.env_remove(var);
        }
        cmd.spawn().unwrap()
    };
    // What this version cannot use is there before and must be there after.
    let path = home.0.join(".config/zenbraze/profiles.json");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let kept = [
        r#"{"name": "has space", "braze": {"instance": "US-03"}}"#,
        r#"{"name": "future", "braze": {"instance": "US-99"}}"#,
    ];
    std::fs::write(&path, format!("{{\"profiles\": [{}]}}", kept.join(","))).unwrap();
    let run = zb(&home, &["credentials", "list"], "", &[]);
    assert!(
        run.stdout
            .contains("2 parts cannot be used by this version of zenbraze")
            && run.stdout.contains("US-99"),
        "{}",
        run.stdout
    );
    // All eight are started (and wait for their key on standard input) before any gets one.
    let mut children: Vec<_> = names.iter().map(|n| spawn(n)).collect();
    for child in &mut children {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(b"race-secret-key\n")
            .unwrap();
    }
    for (name, child) in names.iter().zip(children) {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let profiles = zenbraze::profiles::load(&path).unwrap();
    let mut saved: Vec<&str> = profiles.profiles.iter().map(|p| p.name.as_str()).collect();
    saved.sort_unstable();
    let mut expected: Vec<&str> = names.iter().map(String::as_str).collect();
    expected.push("future");
    expected.sort_unstable();
    assert_eq!(saved, expected);
    let text: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    for entry in kept {
        let entry: serde_json::Value = serde_json::from_str(entry).unwrap();
        assert!(
            text["profiles"].as_array().unwrap().contains(&entry),
            "{entry} lost: {text:#}"
        );
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "profiles.json is {mode:o}");
    }
    use zenbraze::secrets::{Keyring, SecretStore as _, Service};
    for name in &names {
        Keyring::os().delete(name, Service::Braze).unwrap();
    }
}
