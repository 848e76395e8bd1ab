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
use super::input::{environment, parse_users_on, read_text, read_ticket, read_user, shown};
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
        let threads = crate::parallel::threads(args.threads);
        let text = read_text(path)?;
        if let Some(lines) = render_streamed(&compiled, &env, &text, threads) {
            for part in &lines {
                out.write_all(part)
                    .map_err(|e| UsageError(msg!("cli-cannot-write", reason = e.to_string())))?;
            }
            out.flush()
                .map_err(|e| UsageError(msg!("cli-cannot-write", reason = e.to_string())))?;
            return Ok(EXIT_OK);
        }
        let users = parse_users_on(&text, &shown(path), threads)?;
        let mut buffered = std::io::BufWriter::with_capacity(1 << 16, out);
        render_all(&compiled, &env, users, threads, &mut buffered)
            .and_then(|()| buffered.flush())
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

/// The lines of a long users file, each user parsed, rendered and freed in turn by the
/// thread that renders it: the file's users are never all in memory at once (parsed, 10,000
/// users take some 100 MB, and fresh memory costs page faults), and the memory one user
/// leaves is the next one's. The lines are kept until every user has parsed, so that a file
/// with a user that does not parse writes nothing: `None` then, and the caller reads the file
/// the whole-file way, which says what is wrong and where. `None` too for a short file or
/// another shape (see [`crate::users::json_user_texts`]).
fn render_streamed(
    compiled: &Compiled,
    env: &Environment,
    text: &str,
    threads: usize,
) -> Option<Vec<Vec<u8>>> {
    if text.starts_with('\u{feff}') {
        return None;
    }
    let users = crate::users::json_user_texts(text)?;
    let chunk = crate::parallel::chunk_size(users.len(), threads);
    let mut lines = Vec::with_capacity(users.len().div_ceil(chunk.max(1)));
    crate::parallel::ordered_chunks(
        &users,
        threads,
        chunk,
        |start, part| {
            let mut text = String::new();
            for (i, user) in part.iter().enumerate() {
                match serde_json::from_str::<Json>(user) {
                    Ok(user @ Json::Object(_)) => {
                        user_line(compiled, env, &user, start + i, &mut text);
                    }
                    _ => return None,
                }
                room_for_chunk(&mut text, i, part.len());
            }
            Some(text.into_bytes())
        },
        |part| match part {
            Some(text) => {
                lines.push(text);
                Ok(())
            }
            None => Err(()),
        },
    )
    .ok()?;
    Some(lines)
}

/// Every user's JSON line, in order: chunks of users render on `threads` threads and are
/// written as they come, in the users' order (see [`crate::parallel`]); the same bytes on one
/// thread or many.
fn render_all(
    compiled: &Compiled,
    env: &Environment,
    users: Vec<Json>,
    threads: usize,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let chunk = crate::parallel::chunk_size(users.len(), threads);
    let result = crate::parallel::ordered_chunks(
        &users,
        threads,
        chunk,
        |start, part| {
            let mut text = String::new();
            for (i, user) in part.iter().enumerate() {
                user_line(compiled, env, user, start + i, &mut text);
                room_for_chunk(&mut text, i, part.len());
            }
            text
        },
        |text| out.write_all(text.as_bytes()),
    );
    // `render --users` ends the process once the lines are written, and the OS takes its
    // memory back at once: freeing the parsed users one value at a time first (a fifth of the
    // command's time on 10,000 users) would be work for nothing.
    std::mem::forget(users);
    result
}

/// After a chunk's first line, room for the rest of its lines (the users of a file render
/// to lines of much the same length), so that the chunk's text is not regrown and copied.
fn room_for_chunk(text: &mut String, i: usize, users: usize) {
    if i == 0 {
        text.reserve((text.len() + text.len() / 8) * (users - 1));
    }
}

/// A JSON string, as serde_json writes it.
fn push_json_string(s: &str, text: &mut String) {
    text.push('"');
    crate::template::filters::braze::json_escape_into(s, text);
    text.push('"');
}

/// One user's line: `{"user":…,"output":…,"error":…,"aborted":…}` and `"notices"` when there
/// are any, in that order, written straight from the render's parts (the bytes serde_json
/// writes for them: compact, `null` for what is not there).
fn user_line(compiled: &Compiled, env: &Environment, user: &Json, index: usize, text: &mut String) {
    let (rendered, notices) = match compiled.render_report(env, Some(user)) {
        Ok(report) => (Ok(report.rendered), report.notices),
        Err(e) => (Err(e), Vec::new()),
    };
    text.push_str("{\"user\":");
    match user.get("external_id") {
        Some(Json::String(s)) => push_json_string(s, text),
        Some(other) => push_json_string(&other.to_string(), text),
        None => push_json_string(&index.to_string(), text),
    }
    let (output, error, aborted) = match &rendered {
        Ok(Rendered::Output(o)) => (Some(o.as_str()), None, None),
        Ok(Rendered::Aborted(r)) => (None, None, Some(r.as_deref().unwrap_or_default())),
        Err(e) => (None, Some(super::say(e)), None),
    };
    for (name, value) in [
        ("output", output),
        ("error", error.as_deref()),
        ("aborted", aborted),
    ] {
        text.push_str(",\"");
        text.push_str(name);
        text.push_str("\":");
        match value {
            Some(v) => push_json_string(v, text),
            None => text.push_str("null"),
        }
    }
    // What the preview did differently from a send (a `connected_content` without a mock, or
    // answering an error status), only when there is something to say.
    if !notices.is_empty() {
        text.push_str(",\"notices\":[");
        for (i, notice) in notices.iter().enumerate() {
            if i > 0 {
                text.push(',');
            }
            push_json_string(&super::say(notice), text);
        }
        text.push(']');
    }
    text.push_str("}\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line serde_json writes for the same parts, the way lines were written before.
    fn serde_line(
        user: &str,
        output: Option<&str>,
        error: Option<String>,
        aborted: Option<String>,
        notices: Vec<String>,
    ) -> String {
        let mut line = serde_json::Map::new();
        line.insert("user".into(), user.into());
        line.insert("output".into(), output.into());
        line.insert("error".into(), error.into());
        line.insert("aborted".into(), aborted.into());
        if !notices.is_empty() {
            line.insert("notices".into(), notices.into());
        }
        format!("{}\n", Json::Object(line))
    }

    /// Each kind of line (an output, an abort with and without a reason, a template error,
    /// notices; ids as strings, numbers or missing; text to escape) is written with the bytes
    /// serde_json writes.
    #[test]
    fn user_lines_are_the_json_serde_writes() {
        let env = Environment::new();
        let user = |id: Json| {
            let mut u = serde_json::json!({"first_name": "Zoë \"Q\"\n\t\u{1}"});
            if !id.is_null() {
                u["external_id"] = id;
            }
            u
        };
        let cases = [
            ("{{${first_name}}} ok", Json::from("id-\"7\"")),
            ("{{${first_name}}}", Json::from(42)),
            ("{% abort_message('stop \"here\"') %}", Json::Null),
            ("{% abort_message() %}", Json::from("a")),
            (
                "{% connected_content https://x.example/a %}x",
                Json::from("b"),
            ),
            ("{{content_blocks.${missing}}}", Json::from("c")),
        ];
        let mut kinds = std::collections::BTreeSet::new();
        for (template, id) in cases {
            let compiled = template::parse(template, Dialect::Braze).unwrap();
            let user = user(id.clone());
            let mut text = String::new();
            user_line(&compiled, &env, &user, 3, &mut text);
            let shown_id = match &id {
                Json::String(s) => s.clone(),
                Json::Null => "3".to_owned(),
                other => other.to_string(),
            };
            let expected = match compiled.render_report(&env, Some(&user)) {
                Ok(report) => {
                    let notices = report.notices.iter().map(crate::cli::say).collect();
                    match &report.rendered {
                        Rendered::Output(o) => serde_line(&shown_id, Some(o), None, None, notices),
                        Rendered::Aborted(r) => serde_line(
                            &shown_id,
                            None,
                            None,
                            Some(r.clone().unwrap_or_default()),
                            notices,
                        ),
                    }
                }
                Err(e) => serde_line(&shown_id, None, Some(crate::cli::say(&e)), None, Vec::new()),
            };
            assert_eq!(text, expected, "{template}");
            for kind in ["output\":\"", "error\":\"", "aborted\":\"", "notices"] {
                if text.contains(kind) {
                    kinds.insert(kind);
                }
            }
        }
        assert_eq!(kinds.len(), 4, "every kind of line was written: {kinds:?}");
    }
}
