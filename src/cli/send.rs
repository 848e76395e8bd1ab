//! `zenbraze send`: render, lint (refusing on errors unless `--force`), send with a profile's
//! credentials, print status, timing and the answer. Every send is appended, masked, to the
//! history file. Exit codes: 0 sent and accepted, 1 refused by the linter or by the service,
//! 2 usage, file or keyring errors, 3 the template aborted.

use super::SendArgs;
use super::credentials::{CliStore, Failure, find_profile};
use super::input::{environment, read_json, read_text};
use crate::api::{ClientOptions, Control, Exchange, Redactor, curl, pretty_body};
use crate::lint::{self, Target};
use crate::net;
use crate::secrets::paths;
use crate::send::{self, Sender, Stop, history};
use crate::template;

pub fn run(args: &SendArgs) -> i32 {
    match execute(args) {
        Ok(code) => code,
        Err(Failure(message)) => {
            eprintln!("zenbraze send: {message}");
            2
        }
    }
}

fn usage(e: super::input::UsageError) -> Failure {
    Failure(e.0)
}

fn execute(args: &SendArgs) -> Result<i32, Failure> {
    let target: Target = args.target.parse().map_err(Failure)?;
    let profile = find_profile(&args.profile)?;
    let name = args.template.display().to_string();
    let source = read_text(&args.template).map_err(usage)?;
    let env = environment(None, args.now.as_deref(), args.context.as_deref()).map_err(usage)?;
    let subject = match target {
        Target::ZendeskWebhookBody => {
            if args.user.is_some() {
                return Err(Failure(
                    "zendesk-webhook-body renders for a sample ticket: use --ticket, not --user"
                        .into(),
                ));
            }
            let path = args.ticket.as_deref().ok_or_else(|| {
                Failure(
                    "zendesk-webhook-body needs --ticket FILE (a ticket as the API returns it)"
                        .into(),
                )
            })?;
            read_json(path).map_err(usage)?
        }
        _ => {
            if args.ticket.is_some() {
                return Err(Failure(
                    "--ticket is for zendesk-webhook-body; this target takes --user".into(),
                ));
            }
            let path = args.user.as_deref().ok_or_else(|| {
                Failure(format!(
                    "{} renders for a Braze user: pass --user FILE",
                    target.name()
                ))
            })?;
            read_json(path).map_err(usage)?
        }
    };
    let compiled = match template::parse(&source, target.dialect()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{name}:{}:{}: error: {}", e.line, e.col, e.kind.message());
            return Ok(1);
        }
    };
    let prepared = match send::prepare(&compiled, &env, &subject, target) {
        Ok(p) => p,
        Err(Stop::Aborted(reason)) => {
            eprintln!(
                "aborted: {} (nothing sent, as Braze would send nothing)",
                reason.unwrap_or_default()
            );
            return Ok(3);
        }
        Err(Stop::Template(e)) => {
            eprintln!("{name}:{}:{}: error: {}", e.line, e.col, e.kind.message());
            return Ok(1);
        }
    };
    for f in &prepared.findings {
        let fix = f
            .fix
            .as_deref()
            .map(|x| format!(" (fix: {x})"))
            .unwrap_or_default();
        eprintln!(
            "{name}:{}:{}: {}: {}{fix}",
            f.line,
            f.col,
            f.severity.name(),
            f.message
        );
    }
    let errors = prepared.errors();
    if errors > 0 && !args.force {
        eprintln!(
            "zenbraze send: not sent: {errors} lint error(s); fix them or pass --force to send anyway"
        );
        return Ok(1);
    }
    let sender = Sender::new(&profile, &CliStore::new(), target, ClientOptions::default())
        .map_err(|e| Failure(e.to_string()))?;
    let redactor = sender.redactor().clone();
    let delivery = net::block_on(sender.send(&prepared.body, Control::default()));
    let exchange = &delivery.exchange;
    print_exchange(exchange, &redactor);
    if args.curl {
        println!(
            "\n# the same request with curl (export {} first)",
            match exchange.service {
                crate::api::Service::Zendesk => curl::ZENDESK_TOKEN_VAR,
                crate::api::Service::Braze => curl::BRAZE_KEY_VAR,
            }
        );
        println!("{}", redactor.text(&curl::to_curl(exchange)));
    }
    if let Some(path) = paths::history_file() {
        let entry = history::Entry {
            time: exchange.started_at,
            profile: args.profile.clone(),
            target: target.name().to_owned(),
            template: name.clone(),
            subject: Some(lint::user_label(&subject, 0)),
            ok: delivery.error.is_none(),
            error: delivery.error.clone(),
            summary: delivery.summary.clone(),
            exchange: exchange.clone(),
        };
        if let Err(e) = history::append(&path, &entry, &redactor) {
            eprintln!(
                "zenbraze send: warning: history not written to {}: {e}",
                path.display()
            );
        }
    }
    match delivery.error {
        None => Ok(0),
        Some(e) => {
            eprintln!("zenbraze send: {e}");
            Ok(1)
        }
    }
}

fn print_exchange(exchange: &Exchange, redactor: &Redactor) {
    println!("{} {}", exchange.method, redactor.text(&exchange.url));
    let attempts = exchange.attempts.len();
    let status = exchange
        .status_text()
        .unwrap_or_else(|| "no answer".to_owned());
    println!(
        "{status} · {} ms · {attempts} attempt{}",
        exchange.total_duration().as_millis(),
        if attempts == 1 { "" } else { "s" }
    );
    for w in &exchange.warnings {
        println!("warning: {w}");
    }
    let shown = pretty_body(exchange.response_body());
    if !shown.is_empty() {
        println!("{}", redactor.text(&shown));
    }
}
