//! `zenbraze render`: exit 0 rendered, 1 template error, 2 usage or I/O error, 3 aborted.
//!
//! Ruby Liquid's own render errors are written into the output, as Braze does, and also printed
//! to standard error as warnings with their line and column. With `--users`, every user is one
//! JSON line; users render on all cores, in order.

use std::io::Write;

use serde_json::Value as Json;

use super::RenderArgs;
use crate::template::{self, Compiled, Dialect, Environment, Rendered, TemplateError};

pub const EXIT_OK: i32 = 0;
pub const EXIT_TEMPLATE: i32 = 1;
pub const EXIT_USAGE: i32 = 2;
pub const EXIT_ABORTED: i32 = 3;

pub use super::input::UsageError;
use super::input::{environment, json_type, read_json, read_text, read_users};

pub fn run(args: &RenderArgs, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    match execute(args, out, err) {
        Ok(code) => code,
        Err(UsageError(message)) => {
            let _ = writeln!(err, "zenbraze render: {message}");
            EXIT_USAGE
        }
    }
}

fn write_error(err: &mut dyn Write, file: &str, e: &TemplateError, severity: &str) {
    let _ = writeln!(
        err,
        "{file}:{}:{}: {severity}: {}",
        e.line,
        e.col,
        e.kind.message()
    );
}

fn execute(args: &RenderArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<i32, UsageError> {
    match (
        args.dialect,
        &args.inputs.ticket,
        args.inputs.user.is_some() || args.inputs.users.is_some(),
    ) {
        (Dialect::Zendesk, _, true) => {
            return Err(UsageError(
                "the zendesk dialect renders for a sample ticket: use --ticket, not --user/--users"
                    .into(),
            ));
        }
        (Dialect::Braze | Dialect::Liquid, Some(_), _) => {
            return Err(UsageError("--ticket is for --dialect zendesk".into()));
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
            write_error(err, &template_name, &e, "error");
            return Ok(EXIT_TEMPLATE);
        }
    };

    if let Some(path) = &args.inputs.users {
        let users = read_users(path)?;
        let mut buffered = std::io::BufWriter::with_capacity(1 << 16, out);
        for chunk in render_all(&compiled, &env, &users) {
            buffered
                .write_all(chunk.as_bytes())
                .map_err(|e| UsageError(format!("cannot write output: {e}")))?;
        }
        buffered
            .flush()
            .map_err(|e| UsageError(format!("cannot write output: {e}")))?;
        return Ok(EXIT_OK);
    }

    let subject = match (&args.inputs.user, &args.inputs.ticket) {
        (_, Some(ticket)) => Some(read_json(ticket)?),
        (Some(user), _) => match read_json(user)? {
            Json::Object(map) => Some(Json::Object(map)),
            other => {
                return Err(UsageError(format!(
                    "{}: a user must be a JSON object, found {}",
                    user.display(),
                    json_type(&other)
                )));
            }
        },
        _ => None,
    };
    match compiled.render_report(&env, subject.as_ref()) {
        Ok(report) => {
            for e in &report.errors {
                write_error(err, &template_name, e, "warning");
            }
            match report.rendered {
                Rendered::Output(o) => {
                    out.write_all(o.as_bytes())
                        .map_err(|e| UsageError(format!("cannot write output: {e}")))?;
                    Ok(EXIT_OK)
                }
                Rendered::Aborted(reason) => {
                    let _ = writeln!(err, "aborted: {}", reason.unwrap_or_default());
                    Ok(EXIT_ABORTED)
                }
            }
        }
        Err(e) => {
            write_error(err, &template_name, &e, "error");
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
    let line = match compiled.render(env, Some(user)) {
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
    text.push_str(&line.to_string());
    text.push('\n');
}
