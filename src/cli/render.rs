//! `zenbraze render`: exit 0 rendered, 1 template error, 2 usage or I/O error, 3 aborted.

use std::io::{Read, Write};
use std::path::Path;

use serde_json::Value as Json;

use super::RenderArgs;
use crate::template::{self, Dialect, Environment, RenderContext, Rendered};

pub const EXIT_OK: i32 = 0;
pub const EXIT_TEMPLATE: i32 = 1;
pub const EXIT_USAGE: i32 = 2;
pub const EXIT_ABORTED: i32 = 3;

/// A usage or I/O problem, already worded for the user.
#[derive(Debug)]
pub struct UsageError(pub String);

pub fn run(args: &RenderArgs, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    match execute(args, out, err) {
        Ok(code) => code,
        Err(UsageError(message)) => {
            let _ = writeln!(err, "zenbraze render: {message}");
            EXIT_USAGE
        }
    }
}

fn execute(args: &RenderArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<i32, UsageError> {
    match (
        args.dialect,
        &args.ticket,
        args.user.is_some() || args.users.is_some(),
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
    let env = environment(args)?;
    let compiled = match template::parse(&source, args.dialect) {
        Ok(c) => c,
        Err(e) => {
            let _ = writeln!(
                err,
                "{template_name}:{}:{}: error: {}",
                e.line, e.col, e.message
            );
            return Ok(EXIT_TEMPLATE);
        }
    };

    if let Some(path) = &args.users {
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
            writeln!(out, "{line}").map_err(|e| UsageError(format!("cannot write output: {e}")))?;
        }
        return Ok(EXIT_OK);
    }

    let subject = match (&args.user, &args.ticket) {
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
    match compiled.render(&env, subject.as_ref()) {
        Ok(Rendered::Output(o)) => {
            out.write_all(o.as_bytes())
                .map_err(|e| UsageError(format!("cannot write output: {e}")))?;
            Ok(EXIT_OK)
        }
        Ok(Rendered::Aborted(reason)) => {
            let _ = writeln!(err, "aborted: {}", reason.unwrap_or_default());
            Ok(EXIT_ABORTED)
        }
        Err(e) => {
            let _ = writeln!(
                err,
                "{template_name}:{}:{}: error: {}",
                e.line, e.col, e.message
            );
            Ok(EXIT_TEMPLATE)
        }
    }
}

fn environment(args: &RenderArgs) -> Result<Environment, UsageError> {
    let mut env = Environment::new();
    if let Some(path) = &args.globals {
        match read_json(path)? {
            Json::Object(map) => env = env.with_globals(&map),
            other => {
                return Err(UsageError(format!(
                    "{}: globals must be a JSON object, found {}",
                    path.display(),
                    json_type(&other)
                )));
            }
        }
    }
    if let Some(now) = &args.now {
        let now = chrono::DateTime::parse_from_rfc3339(now)
            .map_err(|e| UsageError(format!("--now `{now}` is not an RFC 3339 time ({e})")))?;
        env = env.with_now(now.with_timezone(&chrono::Utc));
    }
    if let Some(path) = &args.context {
        let value = read_json(path)?;
        let context: RenderContext = serde_json::from_value(value)
            .map_err(|e| UsageError(format!("{}: not a render context: {e}", path.display())))?;
        env = env
            .with_context(&context)
            .map_err(|e| UsageError(format!("{}: {e}", path.display())))?;
    }
    Ok(env)
}

fn read_text(path: &Path) -> Result<String, UsageError> {
    let bytes = if path == Path::new("-") {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| UsageError(format!("cannot read standard input: {e}")))?;
        buf
    } else {
        std::fs::read(path)
            .map_err(|e| UsageError(format!("cannot read {}: {e}", path.display())))?
    };
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        UsageError(format!(
            "{}: not UTF-8 text (invalid byte at offset {at})",
            path.display()
        ))
    })
}

fn read_json(path: &Path) -> Result<Json, UsageError> {
    let text = read_text(path)?;
    serde_json::from_str(&text).map_err(|e| {
        UsageError(format!(
            "{}:{}:{}: not valid JSON: {e}",
            path.display(),
            e.line(),
            e.column()
        ))
    })
}

/// Users as a JSON array, an export response `{"users": [...]}`, or JSON Lines.
pub fn parse_users(text: &str, name: &str) -> Result<Vec<Json>, UsageError> {
    let users = match serde_json::from_str::<Json>(text) {
        Ok(Json::Array(users)) => users,
        Ok(Json::Object(mut obj)) if obj.contains_key("users") => match obj.remove("users") {
            Some(Json::Array(users)) => users,
            Some(other) => {
                return Err(UsageError(format!(
                    "{name}: `users` must be an array, found {}",
                    json_type(&other)
                )));
            }
            None => Vec::new(),
        },
        Ok(Json::Object(obj)) => vec![Json::Object(obj)],
        Ok(other) => {
            return Err(UsageError(format!(
                "{name}: expected an array of users, found {}",
                json_type(&other)
            )));
        }
        Err(whole) => {
            let mut users = Vec::new();
            for (i, line) in text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
            {
                let user = serde_json::from_str(line).map_err(|e| {
                    if i == 0 {
                        UsageError(format!(
                            "{name}:{}:{}: not valid JSON: {whole}",
                            whole.line(),
                            whole.column()
                        ))
                    } else {
                        UsageError(format!(
                            "{name}:{}:{}: not valid JSON Lines: {e}",
                            i + 1,
                            e.column()
                        ))
                    }
                })?;
                users.push(user);
            }
            users
        }
    };
    for (i, user) in users.iter().enumerate() {
        if !user.is_object() {
            return Err(UsageError(format!(
                "{name}: user {} must be a JSON object, found {}",
                i + 1,
                json_type(user)
            )));
        }
    }
    Ok(users)
}

fn read_users(path: &Path) -> Result<Vec<Json>, UsageError> {
    parse_users(&read_text(path)?, &path.display().to_string())
}

fn json_type(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}
