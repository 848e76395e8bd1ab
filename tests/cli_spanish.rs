//! The CLI in Spanish through real flows, with the sandbox on: lint findings on the seed preset,
//! a send refused with 401 and one rate limited with 429, a connection test that fails, setup
//! plan / apply / verify, users files with problems, and the input errors. Every line printed
//! is checked against the English catalogue (every text piece of every message, every variant)
//! and against the English lines the same flows print with `--lang en`. Any English sentence
//! fails the test; the same check run on the English output must find English (it can fail).

mod common;

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use fluent_syntax::ast;
use serde_json::json;
use zenbraze::net;
use zenbraze::sandbox::{DEMO_ADMIN_EMAIL, Sandbox, SandboxConfig};

/// The catalogue domains whose English must never show in Spanish output.
const DOMAINS: &[&str] = &[
    "common",
    "lint",
    "api",
    "connect",
    "send",
    "setup",
    "publish",
    "users",
    "workspace",
    "secrets",
    "cli",
    "clap",
];

fn catalogue(lang: &str, domain: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/i18n")
        .join(lang)
        .join(format!("{domain}.ftl"));
    std::fs::read_to_string(path).unwrap()
}

/// The text between placeables of a pattern, variants included: string literals (`{"{"}`) are
/// part of the text, a variable or a select ends a piece.
fn pieces(pattern: &ast::Pattern<&str>, current: &mut String, out: &mut Vec<String>) {
    for element in &pattern.elements {
        match element {
            ast::PatternElement::TextElement { value } => current.push_str(value),
            ast::PatternElement::Placeable { expression } => match expression {
                ast::Expression::Inline(ast::InlineExpression::StringLiteral { value }) => {
                    current.push_str(value)
                }
                ast::Expression::Select { variants, .. } => {
                    out.push(std::mem::take(current));
                    for v in variants {
                        let mut inner = String::new();
                        pieces(&v.value, &mut inner, out);
                        out.push(inner);
                    }
                }
                ast::Expression::Inline(_) => out.push(std::mem::take(current)),
            },
        }
    }
}

fn all_pieces(lang: &str) -> Vec<String> {
    let mut out = Vec::new();
    for domain in DOMAINS {
        let source = catalogue(lang, domain);
        let resource = fluent_syntax::parser::parse(source.as_str()).unwrap();
        for entry in &resource.body {
            if let ast::Entry::Message(m) = entry
                && let Some(value) = &m.value
            {
                let mut current = String::new();
                pieces(value, &mut current, &mut out);
                out.push(current);
            }
        }
    }
    out
}

/// English sentences: pieces with at least three words of letters, not also Spanish text
/// (API values, quoted service answers and names the two catalogues share).
fn english_sentences() -> Vec<String> {
    let spanish: Vec<String> = all_pieces("es");
    let mut out = BTreeSet::new();
    for piece in all_pieces("en") {
        for part in piece.split(['(', ')', ':', ';', '`', '[', ']', '"']) {
            let part = part
                .trim()
                .trim_matches(|c: char| c == ',' || c == '.' || c == '…');
            let words = part
                .split_whitespace()
                .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
                .count();
            if words >= 3 && !spanish.iter().any(|s| s.contains(part)) {
                out.insert(part.to_owned());
            }
        }
    }
    out.into_iter().collect()
}

struct Env {
    home: common::TempDir,
    sandbox_url: String,
}

impl Env {
    fn new(sb: &Sandbox, name: &str) -> Env {
        let home = common::temp_dir(&format!("es-{name}"));
        let config = home.join("config");
        std::fs::create_dir_all(&config).unwrap();
        // A real profile on the sandbox's address, whose secrets come from the environment.
        let profiles = json!({"profiles": [{
            "name": "acme",
            "zendesk": {"url": sb.base_url(), "email": DEMO_ADMIN_EMAIL, "auth": "api_token"},
            "braze": {"url": sb.base_url()}
        }]});
        std::fs::write(config.join("profiles.json"), profiles.to_string()).unwrap();
        std::fs::write(home.join("bom.json"), "\u{feff}[{\"external_id\": \"a\"}]").unwrap();
        std::fs::write(home.join("empty.json"), "").unwrap();
        std::fs::write(home.join("numbers.json"), "[1, 2]").unwrap();
        std::fs::write(
            home.join("lines.jsonl"),
            "{\"external_id\": \"a\"}\n{\"external_id\":\n",
        )
        .unwrap();
        std::fs::write(home.join("list.json"), "[]").unwrap();
        std::fs::write(home.join("five.json"), "{\"ticket\": 5}").unwrap();
        std::fs::write(
            home.join("block.liquid"),
            "{\"ticket\": {\"subject\": \"Hi {{${first_name} | json_escape}}\", \"comment\": {\"body\": \"x\"}}}",
        )
        .unwrap();
        Env {
            home,
            sandbox_url: sb.base_url().to_owned(),
        }
    }

    fn path(&self, name: &str) -> String {
        self.home.join(name).display().to_string()
    }

    /// Runs `zenbraze --lang LANG args…`; stdout and stderr together.
    fn run(&self, lang: &str, args: &[&str], secrets: &[(&str, &str)]) -> String {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_zenbraze"));
        cmd.arg("--lang")
            .arg(lang)
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("HOME", &*self.home)
            .env("ZENBRAZE_CONFIG_DIR", self.home.join("config"))
            .env("ZENBRAZE_DATA_DIR", self.home.join("data"))
            .env("ZENBRAZE_SANDBOX_URL", &self.sandbox_url)
            .env_remove("ZENBRAZE_ZENDESK_TOKEN")
            .env_remove("ZENBRAZE_BRAZE_KEY")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in secrets {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().unwrap();
        let _ = child.stdin.take().unwrap().write_all(b"");
        let out = child.wait_with_output().unwrap();
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    }
}

fn inject(sb: &Sandbox, faults: serde_json::Value) {
    let url = format!("{}/__sandbox/faults", sb.base_url());
    net::block_on(async move {
        let r = reqwest::Client::new()
            .post(url)
            .header("Content-Type", "application/json")
            .body(json!({ "faults": faults }).to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 201);
    });
}

const WRONG: &[(&str, &str)] = &[
    ("ZENBRAZE_ZENDESK_TOKEN", "wrong-token"),
    ("ZENBRAZE_BRAZE_KEY", "wrong-key"),
];

/// Every flow, in one language: (what, output).
fn flows(sb: &Sandbox, env: &Env, lang: &str) -> Vec<(&'static str, String)> {
    let user = "assets/examples/user.json";
    let ticket = "assets/examples/ticket.json";
    let mut out = vec![
        (
            "lint the seed preset",
            env.run(
                lang,
                &[
                    "lint",
                    "assets/presets/seed-ticket.liquid",
                    "--target",
                    "zendesk-ticket",
                    "--users",
                    "assets/presets/users.json",
                ],
                &[],
            ),
        ),
        (
            "send refused by the linter",
            env.run(
                lang,
                &[
                    "send",
                    "zendesk-ticket",
                    "assets/presets/seed-ticket.liquid",
                    "--profile",
                    "sandbox",
                    "--user",
                    user,
                ],
                &[],
            ),
        ),
        (
            "send with a wrong key: 401",
            env.run(
                lang,
                &[
                    "send",
                    "zendesk-webhook-body",
                    "assets/presets/zendesk-solved-event.liquid",
                    "--profile",
                    "acme",
                    "--ticket",
                    ticket,
                ],
                WRONG,
            ),
        ),
        (
            "a failing connection test",
            env.run(lang, &["credentials", "test", "acme"], WRONG),
        ),
        (
            "the profile list",
            env.run(lang, &["credentials", "list"], &[]),
        ),
    ];
    // 429 with a wait longer than the client honours: the call ends at once, rate limited.
    inject(
        sb,
        json!([{"kind": "rate_limit", "retry_after": 3600, "path": "/api/v2/tickets.json", "count": 1}]),
    );
    out.push((
        "send rate limited: 429",
        env.run(
            lang,
            &[
                "send",
                "zendesk-ticket",
                "assets/presets/ticket.liquid",
                "--profile",
                "sandbox",
                "--user",
                user,
                "--context",
                "assets/examples/context.json",
            ],
            &[],
        ),
    ));
    let name = format!("Solved {lang}");
    for mode in ["--plan", "--apply", "--verify", "--apply", "--remove"] {
        out.push((
            "setup",
            env.run(
                lang,
                &["setup", "--profile", "sandbox", "--name", &name, mode],
                &[],
            ),
        ));
    }
    // publish: plan, apply (with what to paste), apply again, a change made in Braze, verify,
    // retire.
    let block = format!("publish_{lang}");
    let template = env.path("block.liquid");
    let publish = |mode: &[&str]| {
        let mut args = vec![
            "publish",
            "--profile",
            "sandbox",
            "--block",
            &block,
            &template,
        ];
        args.extend_from_slice(mode);
        env.run(lang, &args, &[])
    };
    for mode in [&["--plan"][..], &["--apply"], &["--apply"]] {
        out.push(("publish", publish(mode)));
    }
    std::fs::write(
        env.home.join("block.liquid"),
        "{\"ticket\": {\"subject\": \"Hi\", \"comment\": {\"body\": \"y\"}}}",
    )
    .unwrap();
    out.push(("publish a change", publish(&["--plan"])));
    let state = sb.snapshot();
    let id = state["content_blocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["name"] == block.as_str())
        .unwrap()["content_block_id"]
        .as_str()
        .unwrap()
        .to_owned();
    net::block_on(async {
        reqwest::Client::new()
            .post(format!("{}/content_blocks/update", sb.base_url()))
            .bearer_auth(zenbraze::sandbox::DEMO_BRAZE_KEY)
            .header("Content-Type", "application/json")
            .body(json!({"content_block_id": id, "content": "theirs"}).to_string())
            .send()
            .await
            .unwrap();
    });
    for mode in [&["--plan"][..], &["--apply"], &["--verify"], &["--retire"]] {
        out.push(("publish after a change in Braze", publish(mode)));
    }
    out.push((
        "setup with bad choices",
        env.run(
            lang,
            &[
                "setup",
                "--profile",
                "sandbox",
                "--name",
                " ",
                "--on",
                "reopened",
                "--plan",
            ],
            &[],
        ),
    ));
    for (what, file) in [
        ("users with a BOM", "bom.json"),
        ("an empty users file", "empty.json"),
        ("users that are numbers", "numbers.json"),
        ("broken JSON Lines", "lines.jsonl"),
        ("an empty list", "list.json"),
    ] {
        out.push((
            what,
            env.run(
                lang,
                &[
                    "lint",
                    "assets/presets/ticket.liquid",
                    "--target",
                    "zendesk-ticket",
                    "--users",
                    &env.path(file),
                ],
                &[],
            ),
        ));
    }
    for file in ["list.json", "five.json"] {
        out.push((
            "a ticket of the wrong shape",
            env.run(
                lang,
                &[
                    "render",
                    "assets/presets/zendesk-solved-event.liquid",
                    "--dialect",
                    "zendesk",
                    "--ticket",
                    &env.path(file),
                ],
                &[],
            ),
        ));
    }
    out.push((
        "an unknown target",
        env.run(
            lang,
            &["lint", "assets/presets/ticket.liquid", "--target", "fax"],
            &[],
        ),
    ));
    // clap's own words: the help, and the errors it finds in the arguments.
    for (what, args) in [
        ("the help", &["--help"][..]),
        ("the setup help", &["setup", "--help"]),
        ("the credentials help", &["credentials", "set", "--help"]),
        ("an unknown argument", &["lint", "--bogus"]),
        ("a missing argument", &["lint"]),
        ("a value that is not a port", &["sandbox", "--port", "abc"]),
        (
            "a value not in the list",
            &["credentials", "delete", "acme", "fax"],
        ),
        ("an unknown command", &["lnit"]),
        ("the presets", &["preset", "list"]),
    ] {
        out.push((what, env.run(lang, args, &[])));
    }
    out
}

/// `zenbraze` as a person runs it, with `env` set; (exit code, stdout and stderr together).
fn zenbraze(args: &[&str], env: &[(&str, &str)]) -> (i32, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_zenbraze"));
    cmd.args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .envs(env.iter().copied())
        .stdin(Stdio::null());
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
fn the_help_and_argument_errors_follow_lang_and_the_locale() {
    let (code, help) = zenbraze(&["--lang", "es", "--help"], &[]);
    assert_eq!(code, 0, "{help}");
    for expected in [
        "Banco de trabajo Braze ⇄ Zendesk",
        "Uso: zenbraze [OPCIONES] [COMANDO]",
        "Comandos:",
        "Opciones:",
        "Genera una plantilla exactamente como la enviaría Braze",
        "Muestra la ayuda",
        "[valores posibles: en, es]",
    ] {
        assert!(help.contains(expected), "`{expected}` not in:\n{help}");
    }
    for english in [
        "Usage:",
        "Commands:",
        "Options:",
        "Print help",
        "possible values",
    ] {
        assert!(!help.contains(english), "`{english}` in:\n{help}");
    }
    // The locale's language when no --lang is given.
    let (code, lint_help) = zenbraze(&["lint", "--help"], &[("LANG", "es_ES.UTF-8")]);
    assert_eq!(code, 0);
    assert!(
        lint_help.contains("Argumentos:") && lint_help.contains("[por defecto: text]"),
        "{lint_help}"
    );
    let (code, error) = zenbraze(&["--lang", "es", "lint", "--bogus"], &[]);
    assert_eq!(code, 2, "{error}");
    assert!(
        error.contains("error: argumento inesperado: '--bogus'")
            && error.contains("Uso: zenbraze lint [OPCIONES] --target <TARGET> <TEMPLATE>")
            && error.contains("Para más información, prueba '--help'."),
        "{error}"
    );
    let (code, error) = zenbraze(&["lint"], &[("LANG", "es_MX.UTF-8")]);
    assert_eq!(code, 2);
    assert!(
        error.contains("faltan argumentos obligatorios: --target <TARGET>, <TEMPLATE>"),
        "{error}"
    );
    let (_, error) = zenbraze(&["--lang=es", "credentials", "delete", "a", "fax"], &[]);
    assert!(
        error.contains("valor no válido 'fax' para '[SERVICE]'")
            && error.contains("valores posibles: zendesk, braze"),
        "{error}"
    );
    // English stays clap's own.
    let (code, help) = zenbraze(&["--lang", "en", "--help"], &[]);
    assert_eq!(code, 0);
    assert!(
        help.contains("Usage: zenbraze [OPTIONS] [COMMAND]")
            && help.contains("Print help")
            && help.contains("[possible values: en, es]"),
        "{help}"
    );
    let (code, error) = zenbraze(&["--lang", "en", "lint", "--bogus"], &[]);
    assert_eq!(code, 2);
    assert!(
        error.contains("error: unexpected argument '--bogus' found"),
        "{error}"
    );
    // The presets' titles, in the CLI's language.
    let (_, presets) = zenbraze(&["--lang", "es", "preset", "list"], &[]);
    assert!(
        presets.contains("seed-ticket\tzendesk-ticket\tTicket desde Braze (tal como lo publica"),
        "{presets}"
    );
}

/// The English lines among `output`: lines holding an English sentence of the catalogue.
fn english_in(output: &str, sentences: &[String]) -> Vec<String> {
    output
        .lines()
        .filter(|line| sentences.iter().any(|s| line.contains(s.as_str())))
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_cli_in_spanish_prints_no_english_sentence() {
    let sentences = english_sentences();
    assert!(
        sentences.len() > 150,
        "too few English sentences to look for: {}",
        sentences.len()
    );
    let sb = net::block_on(Sandbox::start(SandboxConfig::ephemeral())).unwrap();

    // English first: the detector must see English there, and each flow must do what it says.
    let en_env = Env::new(&sb, "en");
    let english = flows(&sb, &en_env, "en");
    let en_all: String = english.iter().map(|(_, o)| o.as_str()).collect();
    for expected in [
        "rejected the credentials (401",
        "is rate limiting (429)",
        "FAIL",
        "create webhook",
        "event \"zendesk_ticket_solved\" arrived",
        "byte order mark",
        "no users",
        "must be a JSON object, found a number",
        "`ticket` must be an object",
        "not valid JSON Lines",
        "unknown lint target",
        "puts a line break inside a JSON string",
        "new Content Block",
        "Paste this into the Braze webhook campaign once",
        "someone else's change",
        "is now a draft",
    ] {
        assert!(
            en_all.contains(expected),
            "the English run lacks `{expected}`:\n{en_all}"
        );
    }
    let english_lines: BTreeSet<String> = english
        .iter()
        .flat_map(|(_, o)| english_in(o, &sentences))
        .collect();
    assert!(
        english_lines.len() > 20,
        "the detector found too little English in the English run: {english_lines:#?}"
    );

    let es_env = Env::new(&sb, "es");
    let spanish = flows(&sb, &es_env, "es");
    let es_all: String = spanish.iter().map(|(_, o)| o.as_str()).collect();
    for expected in [
        "rechazó las credenciales (401",
        "está limitando la frecuencia (429)",
        "FALLO",
        "crear el webhook",
        "llegó a",
        "marca de orden de bytes",
        "no hay usuarios",
        "debe ser un objeto JSON, y es un número",
        "mete un salto de línea dentro de una cadena JSON",
        "bloque de contenido nuevo",
        "Pega esto una sola vez",
        "cambio de otra persona",
        "ahora es un borrador",
    ] {
        assert!(
            es_all.contains(expected),
            "the Spanish run lacks `{expected}`:\n{es_all}"
        );
    }
    let mut found = Vec::new();
    for (what, output) in &spanish {
        for line in output.lines() {
            if let Some(s) = sentences.iter().find(|s| line.contains(s.as_str())) {
                found.push(format!("{what}: `{s}` in {line:?}"));
            } else if english_lines.contains(line) {
                found.push(format!("{what}: an English line: {line:?}"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "English in the Spanish CLI:\n{}",
        found.join("\n")
    );
}
