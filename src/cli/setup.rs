//! `zenbraze setup`: the wizard's engine from a script. `--plan` shows the exact calls, `--apply`
//! makes them (a second run changes nothing), `--verify` proves the webhook (and on the sandbox
//! the whole loop), `--remove` deletes what apply created for the name.
//! Exit codes: 0 done (or nothing to do), 1 refused, failed or rolled back, 2 usage, file or
//! keyring errors.

use super::SetupArgs;
use super::credentials::{CliStore, Failure, find_profile};
use super::input::{read_text, read_ticket};
use super::{catalogue, say, text};
use crate::api::ClientOptions;
use crate::i18n::Localize;
use crate::msg;
use crate::net;
use crate::setup::{Connection, RuleKind, Spec, UpdateType, tags};
use crate::workspace::Workspace;

pub fn run(args: &SetupArgs) -> i32 {
    match execute(args) {
        Ok(code) => code,
        Err(Failure(message)) => {
            eprintln!("zenbraze setup: {}", say(&message));
            2
        }
    }
}

/// The spec the flags describe.
pub fn spec(args: &SetupArgs) -> Result<Spec, Failure> {
    let mut spec = Spec::new(&args.name, &args.event);
    spec.rules.on = args
        .on
        .split(',')
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    if let Some(path) = &args.body {
        spec.event.custom_body = Some(read_text(path).map_err(|e| Failure(e.0))?);
    }
    spec.category = args.category.clone();
    spec.resend_key = args.resend_key;
    spec.rules.tags_exclude = args.tag_guard.as_deref().map(tags).unwrap_or_default();
    spec.rules.tags_include = args.require_tags.as_deref().map(tags).unwrap_or_default();
    spec.rules.ticket_type = args.r#type.clone();
    spec.rules.priority = args.priority.clone();
    spec.rules.status_category = args.status_category;
    spec.kind = match args.rule.as_str() {
        "trigger" => RuleKind::Trigger,
        "automation" => RuleKind::Automation {
            after_hours: args.after_hours,
            guard: !args.no_refire_guard,
        },
        other => return Err(Failure(msg!("cli-setup-rule", value = other))),
    };
    spec.rules.update_type = match args.update.as_deref() {
        None => None,
        Some("create") => Some(UpdateType::Create),
        Some("change") => Some(UpdateType::Change),
        Some(other) => {
            return Err(Failure(msg!("cli-setup-update", value = other)));
        }
    };
    let problems = spec.problems();
    if !problems.is_empty() {
        let lines: Vec<String> = problems.iter().map(say).collect();
        return Err(Failure(msg!("cli-problems", problems = lines.join("\n  "))));
    }
    Ok(spec)
}

fn execute(args: &SetupArgs) -> Result<i32, Failure> {
    let spec = spec(args)?;
    let profile = find_profile(&args.profile)?;
    let connection = Connection::open(&profile, &CliStore::new(), ClientOptions::default())
        .map_err(|e| Failure(e.message()))?;
    if matches!(spec.kind, RuleKind::Automation { guard: false, .. }) && !args.remove {
        eprintln!("{}", text(msg!("cli-setup-no-guard")));
    }
    let (report, verb) = if args.plan {
        (net::block_on(connection.plan(&spec)), "plan")
    } else if args.apply {
        (net::block_on(connection.apply(&spec)), "apply")
    } else if args.remove {
        (net::block_on(connection.remove(&spec.name)), "remove")
    } else {
        let ticket = match &args.ticket {
            Some(path) => read_ticket(path).map_err(|e| Failure(e.0))?,
            None => Workspace::default().tickets.remove(0),
        };
        let v = net::block_on(connection.verify(&spec, &ticket));
        print!("{}", v.text_in(catalogue()));
        return Ok(if v.ok() { 0 } else { 1 });
    };
    if verb == "plan" && report.failure.is_some() {
        // The account could not be read: an empty plan would read as "nothing to change".
    } else if verb == "plan" {
        print!("{}", report.plan.text_in(catalogue()));
        println!("{}", text(msg!("cli-setup-exists-now")));
        for n in &report.now {
            println!("  {}", say(n));
        }
    } else {
        print!("{}", report.text_in(catalogue()));
    }
    match &report.failure {
        None => Ok(0),
        Some(f) => {
            eprintln!("zenbraze setup: {verb}: {}", say(f));
            if report
                .plan
                .blockers
                .iter()
                .any(|b| b.id() == "setup-other-kind")
            {
                eprintln!("{}", text(msg!("cli-setup-remove-first")));
            }
            Ok(1)
        }
    }
}
