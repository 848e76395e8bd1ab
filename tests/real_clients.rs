//! The sandbox driven by the ecosystem's own clients, unchanged and installed from their
//! registries: zenpy (PyPI), node-zendesk and braze-api (npm), at the versions pinned in
//! tests/clients/{requirements.txt,package-lock.json}. The scripts in tests/clients/ make the
//! calls; this test starts the sandbox, installs the clients once into target/clients-cache
//! (reruns reuse it, offline too), runs the scripts and requires every check to pass.
//!
//! Each run rewrites target/clients-cache/report.md: the routes × clients table.
//! They need Python and Node, and a first download: plain `cargo test` ignores them (cargo
//! prints why); with `--include-ignored` and without the tools they fail with the install line.
//! `.ci/run` installs python3-venv and npm, and fails if these tests did not run and pass.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use zenbraze::sandbox::{Sandbox, SandboxConfig};

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn cache() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest().join("target"));
    target.join("clients-cache")
}

fn scripts() -> PathBuf {
    manifest().join("tests/clients")
}

/// What these tests need beyond Rust, said by each failure to start a tool.
const NEEDS: &str = "needs python3-venv and npm, and a first download from PyPI and npm: \
                     apt install python3-venv python3-pip nodejs npm";

fn run(cmd: &mut Command, what: &str) {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot run: {e}; {NEEDS}"));
    assert!(
        out.status.success(),
        "{what} failed ({}); {NEEDS}:\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The pinned file's text, used as the marker of what is installed.
fn pins(name: &str) -> String {
    std::fs::read_to_string(scripts().join(name)).unwrap()
}

/// `target/clients-cache/venv` with zenpy; reinstalled only when the pins change.
fn python() -> PathBuf {
    static READY: OnceLock<PathBuf> = OnceLock::new();
    READY
        .get_or_init(|| {
            let dir = cache().join("venv");
            let python = dir.join("bin/python");
            let marker = dir.join("installed.txt");
            let wanted = pins("requirements.txt");
            if std::fs::read_to_string(&marker).ok().as_deref() != Some(wanted.as_str()) {
                std::fs::create_dir_all(cache()).unwrap();
                let _lock = zenbraze::durable::FileLock::acquire(&dir).unwrap();
                if !python.exists() {
                    run(
                        Command::new("python3").args(["-m", "venv"]).arg(&dir),
                        "python3 -m venv (apt-get install python3-venv)",
                    );
                }
                run(
                    Command::new(&python)
                        .args([
                            "-m",
                            "pip",
                            "install",
                            "--quiet",
                            "--disable-pip-version-check",
                            "-r",
                        ])
                        .arg(scripts().join("requirements.txt")),
                    "pip install -r tests/clients/requirements.txt",
                );
                std::fs::write(&marker, wanted).unwrap();
            }
            python
        })
        .clone()
}

/// `target/clients-cache/node/node_modules` with node-zendesk and braze-api (`npm ci` from the
/// committed lock file); reinstalled only when the lock changes.
fn node_modules() -> PathBuf {
    static READY: OnceLock<PathBuf> = OnceLock::new();
    READY
        .get_or_init(|| {
            let dir = cache().join("node");
            let marker = dir.join("installed.txt");
            let wanted = pins("package-lock.json");
            if std::fs::read_to_string(&marker).ok().as_deref() != Some(wanted.as_str()) {
                std::fs::create_dir_all(&dir).unwrap();
                let _lock = zenbraze::durable::FileLock::acquire(&dir).unwrap();
                for f in ["package.json", "package-lock.json"] {
                    std::fs::copy(scripts().join(f), dir.join(f)).unwrap();
                }
                run(
                    Command::new("npm")
                        .args([
                            "ci",
                            "--prefer-offline",
                            "--no-audit",
                            "--no-fund",
                            "--loglevel=error",
                        ])
                        .current_dir(&dir),
                    "npm ci (tests/clients/package-lock.json)",
                );
                std::fs::write(&marker, wanted).unwrap();
            }
            dir.join("node_modules")
        })
        .clone()
}

#[derive(Debug, Clone, PartialEq)]
struct Check {
    client: String,
    route: String,
    ok: bool,
    detail: String,
}

/// Runs a client script against `url` and returns its checks (all of them, passed or not).
async fn drive(program: PathBuf, script: &str, url: &str, mode: Option<&str>) -> Vec<Check> {
    let mut cmd = Command::new(&program);
    cmd.arg(scripts().join(script)).arg(url);
    if let Some(m) = mode {
        cmd.arg(m);
    }
    if script.ends_with(".js") {
        cmd.env("NODE_PATH", node_modules());
    }
    // The sandbox serves on the runtime's workers while the script runs on this thread.
    let out = tokio::task::spawn_blocking(move || cmd.output())
        .await
        .unwrap()
        .unwrap_or_else(|e| panic!("{script}: cannot run {}: {e}; {NEEDS}", program.display()));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let checks: Vec<Check> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("RESULT\t"))
        .map(|l| {
            let mut f = l.splitn(4, '\t');
            let mut next = || f.next().unwrap_or_default().to_owned();
            let (client, route, verdict, detail) = (next(), next(), next(), next());
            Check {
                client,
                route,
                ok: verdict == "ok",
                detail,
            }
        })
        .collect();
    assert!(
        !checks.is_empty(),
        "{script} reported nothing (exit {}):\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    checks
}

/// Adds `checks` to the report and fails on any that did not pass.
fn report(name: &str, checks: &[Check]) {
    let dir = cache();
    std::fs::create_dir_all(&dir).unwrap();
    let _lock = zenbraze::durable::FileLock::acquire(&dir.join("report.md")).unwrap();
    let rows: String = checks
        .iter()
        .map(|c| {
            format!(
                "{}\t{}\t{}\n",
                c.client,
                c.route,
                if c.ok { "pass" } else { "FAIL" }
            )
        })
        .collect();
    std::fs::write(dir.join(format!("results-{name}.tsv")), rows).unwrap();
    write_table(&dir);
    for c in checks {
        println!(
            "{:<13} {:<40} {}  {}",
            c.client,
            c.route,
            if c.ok { "pass" } else { "FAIL" },
            c.detail
        );
    }
    let failed: Vec<&Check> = checks.iter().filter(|c| !c.ok).collect();
    assert!(failed.is_empty(), "{failed:#?}");
}

/// target/clients-cache/report.md: routes down, clients across.
fn write_table(dir: &Path) {
    let mut table: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut clients = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !(name.starts_with("results-") && name.ends_with(".tsv")) {
            continue;
        }
        for line in std::fs::read_to_string(entry.path())
            .unwrap_or_default()
            .lines()
        {
            let f: Vec<&str> = line.split('\t').collect();
            if let [client, route, verdict] = f[..] {
                if !clients.contains(&client.to_owned()) {
                    clients.push(client.to_owned());
                }
                table
                    .entry(route.to_owned())
                    .or_default()
                    .insert(client.to_owned(), verdict.to_owned());
            }
        }
    }
    clients.sort();
    let mut md = format!(
        "| route | {} |\n|---|{}\n",
        clients.join(" | "),
        "---|".repeat(clients.len())
    );
    for (route, by) in &table {
        let cells: Vec<&str> = clients
            .iter()
            .map(|c| by.get(c).map_or("–", String::as_str))
            .collect();
        md.push_str(&format!("| {route} | {} |\n", cells.join(" | ")));
    }
    std::fs::write(dir.join("report.md"), md).unwrap();
}

async fn sandbox() -> Sandbox {
    Sandbox::start(SandboxConfig::ephemeral()).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs python3-venv and npm: apt install python3-venv python3-pip nodejs npm (and a first download)"]
async fn zenpy_drives_the_sandbox() {
    let python = tokio::task::spawn_blocking(python).await.unwrap();
    let sb = sandbox().await;
    let checks = drive(python, "zenpy_flow.py", sb.base_url(), None).await;
    assert!(checks.len() >= 25, "{checks:#?}");
    report("zenpy", &checks);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs python3-venv and npm: apt install python3-venv python3-pip nodejs npm (and a first download)"]
async fn node_zendesk_drives_the_sandbox() {
    tokio::task::spawn_blocking(node_modules).await.unwrap();
    let sb = sandbox().await;
    let checks = drive("node".into(), "node_zendesk_flow.js", sb.base_url(), None).await;
    assert!(checks.len() >= 20, "{checks:#?}");
    report("node-zendesk", &checks);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs python3-venv and npm: apt install python3-venv python3-pip nodejs npm (and a first download)"]
async fn braze_api_drives_the_sandbox() {
    tokio::task::spawn_blocking(node_modules).await.unwrap();
    let sb = sandbox().await;
    let checks = drive("node".into(), "braze_flow.js", sb.base_url(), None).await;
    assert!(checks.len() >= 3, "{checks:#?}");
    report("braze-api", &checks);
}

/// braze-api creates, lists, reads and updates a Content Block (and meets Braze's refusals).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs python3-venv and npm: apt install python3-venv python3-pip nodejs npm (and a first download)"]
async fn braze_api_keeps_content_blocks() {
    tokio::task::spawn_blocking(node_modules).await.unwrap();
    let sb = sandbox().await;
    let checks = drive(
        "node".into(),
        "braze_flow.js",
        sb.base_url(),
        Some("content-blocks"),
    )
    .await;
    assert_eq!(checks.len(), 4, "{checks:#?}");
    report("braze-api-content-blocks", &checks);
}

/// `zenbraze publish --apply`, then braze-api edits the block: `--plan` shows it as someone
/// else's change and `--apply` refuses it without `--force`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs python3-venv and npm: apt install python3-venv python3-pip nodejs npm (and a first download)"]
async fn publish_sees_a_braze_api_change_as_drift() {
    tokio::task::spawn_blocking(node_modules).await.unwrap();
    let sb = sandbox().await;
    let dir = std::env::temp_dir().join(format!("zb-publish-drift-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let template = dir.join("body.liquid");
    std::fs::write(&template, "{\"ticket\": {\"subject\": \"Hi\"}}").unwrap();
    let publish = |mode: &'static [&'static str]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_zenbraze"));
        cmd.args(["--lang", "en", "publish", "--profile", "sandbox"])
            .args(["--block", "zendesk_ticket_body"])
            .arg(&template)
            .args(mode)
            .env("HOME", &dir)
            .env("ZENBRAZE_DATA_DIR", &dir)
            .env("ZENBRAZE_SANDBOX_URL", sb.base_url());
        async move {
            let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
                .await
                .unwrap();
            (
                out.status.code(),
                format!(
                    "{}{}",
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                ),
            )
        }
    };
    let (code, out) = publish(&["--apply"]).await;
    assert_eq!(code, Some(0), "{out}");
    let checks = drive("node".into(), "braze_flow.js", sb.base_url(), Some("drift")).await;
    let (code, plan) = publish(&["--plan"]).await;
    assert_eq!(code, Some(0), "{plan}");
    let (refused_code, refused) = publish(&["--apply"]).await;
    let _ = std::fs::remove_dir_all(&dir);
    let mut checks: Vec<Check> = checks
        .into_iter()
        .map(|c| Check {
            client: "publish".into(),
            route: format!("{}: {}", c.client, c.route),
            ..c
        })
        .collect();
    checks.push(Check {
        client: "publish".into(),
        route: "zenbraze publish --plan sees the drift".into(),
        ok: plan.contains("someone else's change") && plan.contains("+ edited through braze-api"),
        detail: plan.lines().next().unwrap_or_default().to_owned(),
    });
    checks.push(Check {
        client: "publish".into(),
        route: "zenbraze publish --apply refuses it".into(),
        ok: refused_code == Some(1) && refused.contains("was changed outside zenbraze"),
        detail: refused.lines().last().unwrap_or_default().to_owned(),
    });
    report("publish-drift", &checks);
}

/// Zendesk trigger → webhook → Braze event, each side through its own client. Between the two
/// halves the test waits for the sandbox's deliveries to finish (`settle`), not for a time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs python3-venv and npm: apt install python3-venv python3-pip nodejs npm (and a first download)"]
async fn the_loop_through_real_clients() {
    tokio::task::spawn_blocking(node_modules).await.unwrap();
    let sb = sandbox().await;
    let mut checks = drive(
        "node".into(),
        "node_zendesk_flow.js",
        sb.base_url(),
        Some("loop-setup"),
    )
    .await;
    sb.settle().await;
    checks.extend(
        drive(
            "node".into(),
            "braze_flow.js",
            sb.base_url(),
            Some("loop-check"),
        )
        .await,
    );
    assert_eq!(checks.len(), 2, "{checks:#?}");
    let checks: Vec<Check> = checks
        .into_iter()
        .map(|c| Check {
            client: "loop".into(),
            route: format!("{}: {}", c.client, c.route),
            ..c
        })
        .collect();
    report("loop", &checks);
}
