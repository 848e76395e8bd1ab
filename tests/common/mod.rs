//! Shared by the tests: a sandbox on a free port and clients pointed at it, with short waits so
//! retry tests stay fast; temporary directories and `zenbraze sandbox` processes that are
//! cleaned up even when a test panics; the "staging" profile on a second sandbox. The app tests
//! reach these through `tests/app_support`.
#![allow(dead_code)]

use std::io::{BufRead as _, BufReader};
use std::ops::Deref;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use serde_json::{Value as Json, json};
use zenbraze::api::braze::BrazeClient;
use zenbraze::api::zendesk::ZendeskClient;
use zenbraze::api::{ClientOptions, RetryPolicy, Secret, Timeouts};
use zenbraze::sandbox::{
    DEMO_ADMIN_EMAIL, DEMO_BRAZE_KEY, DEMO_ZENDESK_TOKEN, Sandbox, SandboxConfig,
};

pub async fn sandbox() -> Sandbox {
    Sandbox::start(SandboxConfig::ephemeral())
        .await
        .expect("the sandbox starts on a free port")
}

pub fn fast() -> ClientOptions {
    ClientOptions {
        retry: RetryPolicy {
            max_retries: 3,
            max_wait: Duration::from_secs(5),
            backoff: Duration::from_millis(20),
        },
        // Short waits between retries, but no deadline a loaded machine could miss: the tests
        // that are about timeouts set their own.
        timeouts: Timeouts {
            connect: Duration::from_secs(60),
            request: Duration::from_secs(120),
        },
    }
}

pub fn zendesk(sb: &Sandbox) -> ZendeskClient {
    zendesk_as(sb, DEMO_ADMIN_EMAIL, DEMO_ZENDESK_TOKEN)
}

pub fn zendesk_as(sb: &Sandbox, email: &str, token: &str) -> ZendeskClient {
    ZendeskClient::new(sb.base_url(), email, Secret::new(token), fast()).unwrap()
}

pub fn braze(sb: &Sandbox) -> BrazeClient {
    braze_with(sb, DEMO_BRAZE_KEY)
}

pub fn braze_with(sb: &Sandbox, key: &str) -> BrazeClient {
    BrazeClient::new(sb.base_url(), Secret::new(key), fast()).unwrap()
}

/// Adds faults through the sandbox's own HTTP endpoint.
pub async fn inject(sb: &Sandbox, faults: Json) {
    let r = reqwest::Client::new()
        .post(format!("{}/__sandbox/faults", sb.base_url()))
        .body(json!({ "faults": faults }).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 201, "{}", r.text().await.unwrap());
}

pub async fn state(sb: &Sandbox) -> Json {
    state_at(sb.base_url()).await
}

/// `GET /__sandbox/state` of the sandbox at `url` (in this process or another).
pub async fn state_at(url: &str) -> Json {
    let text = reqwest::get(format!("{url}/__sandbox/state"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    serde_json::from_str(&text).unwrap()
}

pub fn ticket(subject: &str) -> Json {
    json!({"ticket": {"subject": subject, "comment": {"body": "Printer on fire"}, "priority": "high", "type": "incident"}})
}

/// A temporary directory, removed when it is dropped: at the end of the test, or while a
/// panicking test unwinds. It reads as the `Path` it is.
pub struct TempDir(tempfile::TempDir);

impl Deref for TempDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        self.0.path()
    }
}

impl AsRef<Path> for TempDir {
    fn as_ref(&self) -> &Path {
        self.0.path()
    }
}

/// A new, empty directory named after `name` (a test's word for it) under the system's temp dir.
pub fn temp_dir(name: &str) -> TempDir {
    TempDir(
        tempfile::Builder::new()
            .prefix(&format!("zb-{name}-"))
            .tempdir()
            .expect("a temporary directory"),
    )
}

/// `zenbraze sandbox --port 0 --state <file>` as a child process, killed (SIGKILL) when dropped
/// if it still runs, so a failing test leaves no server behind.
pub struct SandboxProcess {
    child: Child,
    /// Where it listens (from the banner's first line).
    pub url: String,
    /// What it printed before serving: the URL, the demo credentials, how to stop it.
    pub banner: String,
    stderr: Mutex<mpsc::Receiver<String>>,
}

impl SandboxProcess {
    /// Starts it (in English) and returns once it printed its banner and serves.
    pub fn start(state: &Path) -> SandboxProcess {
        let mut command = Command::new(env!("CARGO_BIN_EXE_zenbraze"));
        command
            .args(["sandbox", "--port", "0", "--state"])
            .arg(state);
        SandboxProcess::start_command(command)
    }

    /// As [`SandboxProcess::start`], in a process allowed only `files` open descriptors (set by
    /// the shell's `ulimit -n`, which needs no unsafe code here).
    #[cfg(unix)]
    pub fn start_with_descriptor_limit(state: &Path, files: u64) -> SandboxProcess {
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(format!(
                "ulimit -n {files} && exec \"$0\" sandbox --port 0 --state \"$1\""
            ))
            .arg(env!("CARGO_BIN_EXE_zenbraze"))
            .arg(state);
        SandboxProcess::start_command(command)
    }

    fn start_command(mut command: Command) -> SandboxProcess {
        let mut child = command
            .env("LC_ALL", "en_US.UTF-8")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("zenbraze sandbox starts");
        // Its stderr, line by line, for `stderr_line` (and the test's output): read on a thread,
        // so the child never blocks on a full pipe.
        let (tx, rx) = mpsc::channel();
        let err = BufReader::new(child.stderr.take().unwrap());
        std::thread::Builder::new()
            .name("sandbox stderr".into())
            .spawn(move || {
                for line in err.lines().map_while(Result::ok) {
                    eprintln!("zenbraze sandbox: {line}");
                    let _ = tx.send(line);
                }
            })
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut banner = String::new();
        for line in lines.by_ref() {
            let line = line.unwrap();
            banner.push_str(&line);
            banner.push('\n');
            if line.starts_with("Press Ctrl-C") {
                break;
            }
        }
        let url = banner
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("zenbraze sandbox listening on "))
            .unwrap_or_else(|| panic!("no URL in the sandbox's banner: {banner:?}"))
            .to_owned();
        // The rest of stdout is drained likewise.
        std::thread::Builder::new()
            .name("sandbox stdout".into())
            .spawn(move || for _ in lines {})
            .unwrap();
        SandboxProcess {
            child,
            url,
            banner,
            stderr: Mutex::new(rx),
        }
    }

    /// The next line it writes to stderr; waits for it (fails if the process ends first).
    pub fn stderr_line(&self) -> String {
        self.stderr
            .lock()
            .unwrap()
            .recv()
            .expect("the sandbox ended without writing to stderr")
    }

    /// Runs `zenbraze sandbox args…` (in English) to its end, for the starts that must fail:
    /// its exit code and its stderr, and whether it printed anything on stdout.
    pub fn run_to_exit(args: &[&std::ffi::OsStr]) -> (Option<i32>, String, bool) {
        let out = Command::new(env!("CARGO_BIN_EXE_zenbraze"))
            .arg("sandbox")
            .args(args)
            .env("LC_ALL", "en_US.UTF-8")
            .output()
            .expect("zenbraze sandbox runs");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
            !out.stdout.is_empty(),
        )
    }

    /// SIGTERM, as Ctrl-C would: it must finish what it was doing and exit 0.
    pub fn stop(mut self) {
        let pid = self.child.id().to_string();
        assert!(
            Command::new("kill")
                .args(["-TERM", &pid])
                .status()
                .expect("kill runs")
                .success()
        );
        let status = self.child.wait().unwrap();
        assert!(status.success(), "exit {status:?}");
    }

    /// SIGKILL (`kill -9`), and waits until it is gone.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        self.child.wait().unwrap();
    }
}

impl Drop for SandboxProcess {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// `POST /api/v2/tickets.json` as the demo admin, over plain HTTP (for a sandbox in another
/// process): the new ticket's id, or None when no 201 came back (refused, cut, killed).
pub async fn post_ticket(http: &reqwest::Client, url: &str, subject: &str) -> Option<u64> {
    let r = http
        .post(format!("{url}/api/v2/tickets.json"))
        .basic_auth(
            format!("{DEMO_ADMIN_EMAIL}/token"),
            Some(DEMO_ZENDESK_TOKEN),
        )
        .header("Content-Type", "application/json")
        .body(json!({"ticket": {"subject": subject, "comment": {"body": "b"}}}).to_string())
        .send()
        .await
        .ok()?;
    if r.status().as_u16() != 201 {
        return None;
    }
    let body: Json = serde_json::from_str(&r.text().await.ok()?).ok()?;
    body["ticket"]["id"].as_u64()
}

/// A "real" account that refuses the token: a second sandbox, a profile named `staging` on its
/// address in `dir/profiles.json`, and a memory store holding a wrong token for `services`.
/// Keep the sandbox for as long as the test uses the profile.
pub fn staging_profile(
    dir: &Path,
    services: &[zenbraze::secrets::Service],
) -> (Sandbox, Arc<zenbraze::secrets::SessionStore>) {
    use zenbraze::secrets::SecretStore as _;
    let staging = zenbraze::net::block_on(Sandbox::start(SandboxConfig::ephemeral()))
        .expect("the staging sandbox starts");
    std::fs::write(
        dir.join("profiles.json"),
        json!({"profiles": [{
            "name": "staging",
            "zendesk": {"url": staging.base_url(), "email": DEMO_ADMIN_EMAIL},
            "braze": {"url": staging.base_url()}
        }]})
        .to_string(),
    )
    .unwrap();
    let store = Arc::new(zenbraze::secrets::SessionStore::new());
    for service in services {
        store
            .set(
                "staging",
                *service,
                &zenbraze::secrets::Secret::new("wrong-token-123456"),
            )
            .unwrap();
    }
    (staging, store)
}
