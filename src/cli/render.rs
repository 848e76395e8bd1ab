//! `zenbraze render`: exit 0 rendered, 1 template error, 2 usage or I/O error, 3 aborted.
//!
//! Ruby Liquid's own render errors are written into the output, as Braze does, and also printed
//! to standard error as warnings with their line and column, as are the notices of what the
//! preview did differently from a send (`connected_content` without a mock, or answering an
//! error status). With `--users`, every user is one JSON line (with `notices` when there are
//! any); users render on all cores, in order.

use std::io::Write;

use serde_json::Value as Json;

use super::RenderArgs;
use crate::lint::Severity;
use crate::template::{self, Compiled, Dialect, Environment, Rendered, TemplateError};

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

fn write_error(err: &mut dyn Write, file: &str, e: &TemplateError, severity: Severity) {
    let _ = writeln!(err, "{}", super::lint::template_problem(file, e, severity));
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
            write_error(err, &template_name, &e, Severity::Error);
            return Ok(EXIT_TEMPLATE);
        }
    };

    if let Some(path) = &args.inputs.users {
        let users = read_users(path)?;
        let mut buffered = std::io::BufWriter::with_capacity(1 << 16, out);
        for chunk in render_all(&compiled, &env, &users) {
            buffered
                .write_all(chunk.as_bytes())
                .map_err(|e| UsageError(msg!("cli-cannot-write", reason = e.to_string())))?;
        }
        buffered
            .flush()
            .map_err(|e| UsageError(msg!("cli-cannot-write", reason = e.to_string())))?;
        return Ok(EXIT_OK);
    }

    let subject = match (&args.inputs.user, &args.inputs.ticket) {
        (_, Some(ticket)) => Some(read_ticket(ticket)?),
        (Some(user), _) => Some(read_user(user)?),
        _ => None,
    };
    match compiled.render_report(&env, subject.as_ref()) {
        Ok(report) => {
            for e in report.errors.iter().chain(&report.notices) {
                write_error(err, &template_name, e, Severity::Warning);
            }
            match report.rendered {
                Rendered::Output(o) => {
                    out.write_all(o.as_bytes()).map_err(|e| {
                        UsageError(msg!("cli-cannot-write", reason = e.to_string()))
                    })?;
                    Ok(EXIT_OK)
                }
                Rendered::Aborted(reason) => {
                    let _ = writeln!(
                        err,
                        "{}",
                        super::text(msg!("cli-aborted", reason = reason.unwrap_or_default()))
                    );
                    Ok(EXIT_ABORTED)
                }
            }
        }
        Err(e) => {
            write_error(err, &template_name, &e, Severity::Error);
            Ok(EXIT_TEMPLATE)
        }
    }
}

/// Every user's JSON line, in order: the users are split across the machine's cores and each
/// thread writes its lines into one string.
fn render_all(compiled: &Compiled, env: &Environment, users: &[Json]) -> Vec<String> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(users.len() / 256 + 1);
    let per_thread = users.len().div_ceil(threads.max(1)).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = users
            .chunks(per_thread)
            .enumerate()
            .map(|(n, chunk)| {
                scope.spawn(move || {
                    let mut text = String::with_capacity(chunk.len() * 512);
                    for (i, user) in chunk.iter().enumerate() {
                        user_line(compiled, env, user, n * per_thread + i, &mut text);
                    }
                    text
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

fn user_line(compiled: &Compiled, env: &Environment, user: &Json, index: usize, text: &mut String) {
    let id = match user.get("external_id") {
        Some(Json::String(s)) => Json::String(s.clone()),
        Some(other) => Json::String(other.to_string()),
        None => Json::String(index.to_string()),
    };
    let (rendered, notices) = match compiled.render_report(env, Some(user)) {
        Ok(report) => (Ok(report.rendered), report.notices),
        Err(e) => (Err(e), Vec::new()),
    };
    let mut line = match rendered {
        Ok(Rendered::Output(o)) => {
            serde_json::json!({"user": id, "output": o, "error": null, "aborted": null})
        }
        Ok(Rendered::Aborted(r)) => {
            serde_json::json!({"user": id, "output": null, "error": null, "aborted": r.unwrap_or_default()})
        }
        Err(e) => {
            serde_json::json!({"user": id, "output": null, "error": super::say(&e), "aborted": null})
        }
    };
    // What the preview did differently from a send (a `connected_content` without a mock, or
    // answering an error status), only when there is something to say.
    if !notices.is_empty() {
        line["notices"] = notices
            .iter()
            .map(|n| Json::String(super::say(n)))
            .collect();
    }
    text.push_str(&line.to_string());
    text.push('\n');
}
