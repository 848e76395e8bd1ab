//! `zenbraze send`: render, lint (refusing on errors unless `--force`), send with a profile's
//! credentials, print status, timing and the answer. Every send is appended, masked, to the
//! history file. Exit codes: 0 sent and accepted, 1 refused by the linter or by the service,
//! 2 usage, file or keyring errors, 3 the template aborted.

use super::SendArgs;
use super::credentials::{CliStore, Failure, find_profile};
use super::input::{environment, read_text, read_ticket, read_user};
use super::{say, text};
use crate::api::{ClientOptions, Control, Exchange, Redactor, curl, pretty_body};
use crate::i18n::Localize;
use crate::lint::{self, Severity};
use crate::msg;
use crate::net;
use crate::paths;
use crate::send::{self, Sender, Stop, history};
use crate::target::Target;
use crate::template;

pub fn run(args: &SendArgs) -> i32 {
    match execute(args) {
        Ok(code) => code,
        Err(Failure(message)) => {
            eprintln!("zenbraze send: {}", say(&message));
            2
        }
    }
}

fn usage(e: super::input::UsageError) -> Failure {
    Failure(e.0)
}

fn execute(args: &SendArgs) -> Result<i32, Failure> {
    let target: Target = args
        .target
        .parse()
        .map_err(|e: crate::target::UnknownTarget| Failure(e.message()))?;
    let profile = find_profile(&args.profile)?;
    if args.via_braze {
        return via_braze(args, target, &profile);
    }
    let name = args.template.display().to_string();
    let source = read_text(&args.template).map_err(usage)?;
    let env = environment(None, args.now.as_deref(), args.context.as_deref()).map_err(usage)?;
    let subject = match target {
        Target::ZendeskWebhookBody => {
            if args.user.is_some() {
                return Err(Failure(msg!("cli-webhook-body-needs-ticket")));
            }
            let path = args
                .ticket
                .as_deref()
                .ok_or_else(|| Failure(msg!("cli-send-needs-ticket")))?;
            read_ticket(path).map_err(usage)?
        }
        _ => {
            if args.ticket.is_some() {
                return Err(Failure(msg!("cli-send-ticket-not-for-target")));
            }
            let path = args
                .user
                .as_deref()
                .ok_or_else(|| Failure(msg!("cli-send-needs-user", target = target.name())))?;
            read_user(path).map_err(usage)?
        }
    };
    let compiled = match template::parse(&source, target.dialect()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{}", super::lint::template_error(&name, &e));
            return Ok(1);
        }
    };
    let prepared = match send::prepare(&compiled, &env, &subject, target) {
        Ok(p) => p,
        Err(Stop::Aborted(reason)) => {
            eprintln!(
                "{}",
                text(msg!(
                    "cli-send-aborted",
                    reason = reason.unwrap_or_default()
                ))
            );
            return Ok(3);
        }
        Err(Stop::Template(e)) => {
            eprintln!("{}", super::lint::template_error(&name, &e));
            return Ok(1);
        }
    };
    let report = lint::Report {
        groups: prepared
            .findings
            .iter()
            .map(|f| lint::Group {
                finding: f.clone(),
                users: Vec::new(),
            })
            .collect(),
        users: 1,
        aborted: Vec::new(),
    };
    eprint!("{}", super::lint::report_text(&name, &report));
    let errors = prepared.errors();
    if errors > 0 && !args.force {
        eprintln!(
            "zenbraze send: {}",
            text(msg!("cli-send-refused", count = errors))
        );
        return Ok(1);
    }
    let sender = Sender::new(&profile, &CliStore::new(), target, ClientOptions::default())
        .map_err(|e| Failure(e.message()))?;
    let redactor = sender.redactor().clone();
    let delivery = net::block_on(sender.send(&prepared.body, Control::default()));
    let exchange = &delivery.exchange;
    print_exchange(exchange, &redactor);
    if args.curl {
        let var = match exchange.service {
            crate::api::Service::Zendesk => curl::ZENDESK_TOKEN_VAR,
            crate::api::Service::Braze => curl::BRAZE_KEY_VAR,
        };
        println!("\n# {}", text(msg!("cli-send-curl", variable = var)));
        println!("{}", redactor.text(&curl::to_curl(exchange)));
    }
    if let Some(path) = paths::history_file() {
        let entry = history::Entry::new(
            &args.profile,
            target,
            name.clone(),
            Some(lint::user_label(&subject, 0)),
            delivery.clone(),
        );
        if let Err(e) = history::append(&path, &entry, &redactor) {
            eprintln!(
                "zenbraze send: {}",
                text(msg!(
                    "cli-send-history-failed",
                    path = path.display().to_string(),
                    reason = e.to_string()
                ))
            );
        }
    }
    match delivery.error {
        None => Ok(0),
        Some(e) => {
            eprintln!("zenbraze send: {}", say(&e));
            Ok(1)
        }
    }
}

fn print_exchange(exchange: &Exchange, redactor: &Redactor) {
    println!("{} {}", exchange.method, redactor.text(&exchange.url));
    let attempts = exchange.attempts.len();
    let status = exchange
        .status_text()
        .unwrap_or_else(|| text(msg!("cli-send-no-answer")));
    println!(
        "{}",
        text(msg!(
            "cli-send-status",
            status = status,
            ms = exchange.total_duration().as_millis() as u64,
            attempts = attempts
        ))
    );
    for w in &exchange.warnings {
        println!("{}: {}", say(&Severity::Warning.message()), say(w));
    }
    let shown = pretty_body(exchange.response_body());
    if !shown.is_empty() {
        println!("{}", redactor.text(&shown));
    }
}

/// `send zendesk-ticket TEMPLATE --via-braze --user EXTERNAL_ID`: Braze renders and sends, the
/// ticket it made is compared with the preview. Exit 0 identical, 1 different or failed.
fn via_braze(
    args: &SendArgs,
    target: Target,
    profile: &crate::profiles::Profile,
) -> Result<i32, Failure> {
    use crate::publish::via_braze::{self, ViaBraze};
    if target != Target::ZendeskTicket {
        return Err(Failure(msg!("via-braze-target")));
    }
    let external_id = args
        .user
        .as_deref()
        .map(|p| p.display().to_string())
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| Failure(msg!("via-braze-needs-user")))?;
    let source = read_text(&args.template).map_err(usage)?;
    let run = ViaBraze::for_profile(
        profile,
        &CliStore::new(),
        std::time::Duration::from_secs(args.wait),
    )
    .map_err(Failure)?;
    let comparison = match net::block_on(run.run(&source, &external_id)) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("zenbraze send: {}", say(&e));
            return Ok(1);
        }
    };
    println!(
        "{}",
        text(msg!(
            "via-braze-sent",
            dispatch = comparison.dispatch_id.as_str(),
            ticket = comparison.ticket_id
        ))
    );
    for row in &comparison.rows {
        if row.same() {
            println!(
                "  {}",
                text(msg!(
                    "via-braze-same",
                    field = row.field.as_str(),
                    value = row.preview.as_str()
                ))
            );
        } else {
            println!(
                "  {}",
                text(msg!(
                    "via-braze-differs",
                    field = row.field.as_str(),
                    preview = row.preview.as_str(),
                    zendesk = row.zendesk.as_str()
                ))
            );
        }
    }
    let identical = comparison.identical();
    let count = comparison.rows.iter().filter(|r| !r.same()).count();
    let name = args.template.display().to_string();
    let entry = comparison.into_entry(&args.profile, name, source, None, external_id);
    // Kept in the history like every send, masked once more as a whole.
    if let Some(path) = paths::history_file()
        && let Err(e) = history::append(&path, &entry, run.braze.redactor())
    {
        eprintln!(
            "zenbraze send: {}",
            text(msg!(
                "cli-send-history-failed",
                path = path.display().to_string(),
                reason = e.to_string()
            ))
        );
    }
    if identical {
        println!("{}", text(msg!("via-braze-identical")));
        return Ok(0);
    }
    println!("{}", text(msg!("via-braze-different", count = count)));
    if let Some(path) = &args.export_case {
        let case = via_braze::test_case(&entry).unwrap_or_default();
        let written = serde_json::to_string_pretty(&case)
            .map_err(std::io::Error::other)
            .and_then(|text| {
                crate::durable::write_atomic(path, text.as_bytes(), crate::durable::Privacy::Normal)
            });
        match written {
            Ok(()) => println!(
                "{}",
                text(msg!("exported", path = path.display().to_string()))
            ),
            Err(e) => {
                return Err(Failure(msg!(
                    "export-failed",
                    path = path.display().to_string(),
                    error = e.to_string()
                )));
            }
        }
    }
    Ok(1)
}
