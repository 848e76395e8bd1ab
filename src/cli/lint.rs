//! `zenbraze lint`: exit 0 when no errors, 1 when any, 2 on usage or I/O errors.

use std::io::Write;

use serde_json::json;

use super::LintArgs;
use super::input::{UsageError, environment, read_json, read_users};
use crate::lint::{self, Report, Severity};
use crate::template;

/// The sample ticket `--target zendesk-webhook-body` uses when given none.
const SAMPLE_TICKET: &str = include_str!("../../assets/examples/ticket.json");

pub fn run(args: &LintArgs, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    match execute(args, out, err) {
        Ok(code) => code,
        Err(UsageError(message)) => {
            let _ = writeln!(err, "zenbraze lint: {message}");
            2
        }
    }
}

fn execute(args: &LintArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<i32, UsageError> {
    let target: lint::Target = args.target.parse().map_err(UsageError)?;
    let name = args.template.display().to_string();
    let source = super::input::read_text(&args.template)?;
    let env = environment(
        None,
        args.inputs.now.as_deref(),
        args.inputs.context.as_deref(),
    )?;
    let subjects = if target == lint::Target::ZendeskWebhookBody {
        if args.inputs.user.is_some() || args.inputs.users.is_some() {
            return Err(UsageError(
                "zendesk-webhook-body renders for a sample ticket: use --ticket, not --user/--users".into(),
            ));
        }
        match &args.inputs.ticket {
            Some(path) => vec![read_json(path)?],
            None => vec![serde_json::from_str(SAMPLE_TICKET).expect("the bundled ticket is JSON")],
        }
    } else {
        if args.inputs.ticket.is_some() {
            return Err(UsageError(
                "--ticket is for --target zendesk-webhook-body".into(),
            ));
        }
        match (&args.inputs.user, &args.inputs.users) {
            (Some(path), _) => vec![read_json(path)?],
            (None, Some(path)) => read_users(path)?,
            (None, None) => Vec::new(),
        }
    };
    let compiled = match template::parse(&source, target.dialect()) {
        Ok(c) => c,
        Err(e) => {
            let _ = writeln!(
                err,
                "{name}:{}:{}: error: {}",
                e.line,
                e.col,
                e.kind.message()
            );
            return Ok(1);
        }
    };
    let report = match lint::lint_users(&compiled, &env, &subjects, target) {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(
                err,
                "{name}:{}:{}: error: {}",
                e.line,
                e.col,
                e.kind.message()
            );
            return Ok(1);
        }
    };
    let write = |out: &mut dyn Write, text: String| {
        out.write_all(text.as_bytes())
            .map_err(|e| UsageError(format!("cannot write output: {e}")))
    };
    match args.format.as_str() {
        "json" => write(out, format!("{}\n", report_json(&name, &report)))?,
        "text" => write(out, report_text(&name, &report))?,
        other => {
            return Err(UsageError(format!(
                "unknown --format `{other}` (expected text or json)"
            )));
        }
    }
    Ok(if report.has_errors() { 1 } else { 0 })
}

/// `TEMPLATE:LINE:COL: error: message [user X]`, or `[3 of 40 users: a, b, c]`.
pub fn report_text(name: &str, report: &Report) -> String {
    let mut text = String::new();
    for g in &report.groups {
        let f = &g.finding;
        let who = if report.users <= 1 {
            String::new()
        } else if g.users.len() == 1 {
            format!(" [user {}]", g.users[0])
        } else {
            let shown: Vec<&str> = g.users.iter().take(5).map(String::as_str).collect();
            let more = if g.users.len() > 5 { ", …" } else { "" };
            format!(
                " [{} of {} users: {}{more}]",
                g.users.len(),
                report.users,
                shown.join(", ")
            )
        };
        let fix = f
            .fix
            .as_deref()
            .map(|x| format!(" (fix: {x})"))
            .unwrap_or_default();
        text.push_str(&format!(
            "{name}:{}:{}: {}: {}{fix}{who}\n",
            f.line,
            f.col,
            f.severity.name(),
            f.message
        ));
    }
    for (user, reason) in &report.aborted {
        text.push_str(&format!(
            "{name}: note: user {user} is not sent (aborted: {})\n",
            reason.as_deref().unwrap_or("")
        ));
    }
    text
}

fn report_json(name: &str, report: &Report) -> serde_json::Value {
    json!({
        "template": name,
        "users": report.users,
        "findings": report.groups.iter().map(|g| json!({
            "severity": g.finding.severity.name(),
            "rule": g.finding.rule,
            "message": g.finding.message,
            "line": g.finding.line,
            "col": g.finding.col,
            "fix": g.finding.fix,
            "users": g.users,
        })).collect::<Vec<_>>(),
        "aborted": report.aborted.iter().map(|(u, r)| json!({"user": u, "reason": r})).collect::<Vec<_>>(),
        "errors": report.groups.iter().filter(|g| g.finding.severity == Severity::Error).count(),
    })
}
