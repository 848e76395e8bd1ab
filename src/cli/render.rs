//! `zenbraze render`: exit 0 rendered, 1 template error, 2 usage or I/O error, 3 aborted.

use std::io::Write;

use super::RenderArgs;
use crate::template::{self, Dialect, Rendered};

pub const EXIT_OK: i32 = 0;
pub const EXIT_TEMPLATE: i32 = 1;
pub const EXIT_USAGE: i32 = 2;
pub const EXIT_ABORTED: i32 = 3;

pub use super::input::UsageError;
use super::input::{environment, read_text, read_ticket, read_user, read_users};
use crate::msg;

pub fn run(args: &RenderArgs, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    match execute(args, out, err) {
        Ok(code) => code,
        Err(e) => {
            let _ = writeln!(err, "zenbraze render: {}", super::say(&e));
            EXIT_USAGE
        }
    }
}

fn execute(args: &RenderArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<i32, UsageError> {
    match (
        args.dialect,
        &args.inputs.ticket,
        args.inputs.user.is_some() || args.inputs.users.is_some(),
    ) {
        (Dialect::Zendesk, _, true) => {
            return Err(UsageError(msg!("cli-zendesk-dialect-needs-ticket")));
        }
        (Dialect::Braze | Dialect::Liquid, Some(_), _) => {
            return Err(UsageError(msg!("cli-ticket-is-for-zendesk-dialect")));
        }
        _ => {}
    }
    let template_name = args.template.display().to_string();
    let source = read_text(&args.template)?;
    let env = environment(
        args.globals.as_deref(),
        args.inputs.now.as_deref(),
        args.inputs.context.as_deref(),
    )?;
    let compiled = match template::parse(&source, args.dialect) {
        Ok(c) => c,
        Err(e) => {
            let _ = writeln!(err, "{}", super::lint::template_error(&template_name, &e));
            return Ok(EXIT_TEMPLATE);
        }
    };

    if let Some(path) = &args.inputs.users {
        let users = read_users(path)?;
        for (i, user) in users.iter().enumerate() {
            let id = user
                .get("external_id")
                .and_then(|v| {
                    v.as_str()
                        .map(str::to_owned)
                        .or_else(|| Some(v.to_string()))
                })
                .unwrap_or_else(|| i.to_string());
            let line = match compiled.render(&env, Some(user)) {
                Ok(Rendered::Output(o)) => {
                    serde_json::json!({"user": id, "output": o, "error": null, "aborted": null})
                }
                Ok(Rendered::Aborted(r)) => {
                    serde_json::json!({"user": id, "output": null, "error": null, "aborted": r.unwrap_or_default()})
                }
                Err(e) => {
                    serde_json::json!({"user": id, "output": null, "error": e.to_string(), "aborted": null})
                }
            };
            writeln!(out, "{line}")
                .map_err(|e| UsageError(msg!("cli-cannot-write", reason = e.to_string())))?;
        }
        return Ok(EXIT_OK);
    }

    let subject = match (&args.inputs.user, &args.inputs.ticket) {
        (_, Some(ticket)) => Some(read_ticket(ticket)?),
        (Some(user), _) => Some(read_user(user)?),
        _ => None,
    };
    match compiled.render(&env, subject.as_ref()) {
        Ok(Rendered::Output(o)) => {
            out.write_all(o.as_bytes())
                .map_err(|e| UsageError(msg!("cli-cannot-write", reason = e.to_string())))?;
            Ok(EXIT_OK)
        }
        Ok(Rendered::Aborted(reason)) => {
            let _ = writeln!(
                err,
                "{}",
                super::text(msg!("cli-aborted", reason = reason.unwrap_or_default()))
            );
            Ok(EXIT_ABORTED)
        }
        Err(e) => {
            let _ = writeln!(err, "{}", super::lint::template_error(&template_name, &e));
            Ok(EXIT_TEMPLATE)
        }
    }
}
