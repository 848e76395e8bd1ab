//! `zenbraze lint`: exit 0 when no errors, 1 when any, 2 on usage or I/O errors.

use std::io::Write;

use serde_json::json;

use super::input::{UsageError, environment, read_ticket, read_user, read_users};
use super::{LintArgs, say, text};
use crate::lint::{self, Report, Severity};
use crate::msg;
use crate::target::Target;
use crate::template;

/// The sample ticket `--target zendesk-webhook-body` uses when given none.
const SAMPLE_TICKET: &str = include_str!("../../assets/examples/ticket.json");

pub fn run(args: &LintArgs, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    match execute(args, out, err) {
        Ok(code) => code,
        Err(e) => {
            let _ = writeln!(err, "zenbraze lint: {}", say(&e));
            2
        }
    }
}

fn execute(args: &LintArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<i32, UsageError> {
    let target: Target = args
        .target
        .parse()
        .map_err(|e: crate::target::UnknownTarget| {
            UsageError(crate::i18n::Localize::message(&e))
        })?;
    let name = args.template.display().to_string();
    let source = super::input::read_text(&args.template)?;
    let env = environment(
        None,
        args.inputs.now.as_deref(),
        args.inputs.context.as_deref(),
    )?;
    let subjects = if target == Target::ZendeskWebhookBody {
        if args.inputs.user.is_some() || args.inputs.users.is_some() {
            return Err(UsageError(msg!("cli-webhook-body-needs-ticket")));
        }
        match &args.inputs.ticket {
            Some(path) => vec![read_ticket(path)?],
            None => vec![serde_json::from_str(SAMPLE_TICKET).expect("the bundled ticket is JSON")],
        }
    } else {
        if args.inputs.ticket.is_some() {
            return Err(UsageError(msg!("cli-ticket-is-for-webhook-body")));
        }
        match (&args.inputs.user, &args.inputs.users) {
            (Some(path), _) => vec![read_user(path)?],
            (None, Some(path)) => read_users(path, crate::parallel::threads(args.threads))?,
            (None, None) => Vec::new(),
        }
    };
    let compiled = match template::parse(&source, target.dialect()) {
        Ok(c) => c,
        Err(e) => {
            let _ = writeln!(err, "{}", template_error(&name, &e));
            return Ok(1);
        }
    };
    let threads = crate::parallel::threads(args.threads);
    let report = match lint::lint_users_on(&compiled, &env, &subjects, target, threads) {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(err, "{}", template_error(&name, &e));
            return Ok(1);
        }
    };
    let write = |out: &mut dyn Write, text: String| {
        out.write_all(text.as_bytes())
            .map_err(|e| UsageError(msg!("cli-cannot-write", reason = e.to_string())))
    };
    match args.format.as_str() {
        "json" => write(out, format!("{}\n", report_json(&name, &report)))?,
        "text" => write(out, report_text(&name, &report))?,
        other => {
            return Err(UsageError(msg!("cli-unknown-format", format = other)));
        }
    }
    Ok(if report.has_errors() { 1 } else { 0 })
}

/// `TEMPLATE:LINE:COL: error: message`: a template error as compilers print them. The engine's
/// text is shown as it comes (see [`crate::template::TemplateError`]).
pub fn template_error(name: &str, e: &template::TemplateError) -> String {
    template_problem(name, e, Severity::Error)
}

/// `TEMPLATE:LINE:COL: warning: …` for Ruby Liquid's inline errors, which the render goes past.
pub fn template_problem(name: &str, e: &template::TemplateError, severity: Severity) -> String {
    format!(
        "{name}:{}:{}: {}: {}",
        e.line,
        e.col,
        say(&severity.message()),
        say(&e.kind)
    )
}

/// `TEMPLATE:LINE:COL: error: message (fix: …) [user X]`, or `[3 of 40 users: a, b, c]`, in the
/// CLI's language.
pub fn report_text(name: &str, report: &Report) -> String {
    let mut out = String::new();
    for g in &report.groups {
        let f = &g.finding;
        let who = if report.users <= 1 {
            String::new()
        } else if g.users.len() == 1 {
            format!(" {}", text(msg!("cli-lint-one-user", user = &g.users[0])))
        } else {
            let mut shown: Vec<&str> = g.users.iter().take(5).map(String::as_str).collect();
            if g.users.len() > 5 {
                shown.push("…");
            }
            format!(
                " {}",
                text(msg!(
                    "cli-lint-some-users",
                    count = g.users.len(),
                    total = report.users,
                    users = shown.join(", ")
                ))
            )
        };
        let fix = f
            .fix
            .as_ref()
            .map(|x| format!(" {}", text(msg!("cli-fix", fix = x.clone()))))
            .unwrap_or_default();
        out.push_str(&format!(
            "{name}:{}:{}: {}: {}{fix}{who}\n",
            f.line,
            f.col,
            say(&f.severity.message()),
            say(&f.message)
        ));
    }
    for (user, reason) in &report.aborted {
        out.push_str(&text(msg!(
            "cli-lint-aborted",
            template = name,
            user = user,
            reason = reason.as_deref().unwrap_or("")
        )));
        out.push('\n');
    }
    out
}

/// The report as JSON: stable fields (`severity`, `rule`, the message ids) and the text in the
/// CLI's language.
fn report_json(name: &str, report: &Report) -> serde_json::Value {
    json!({
        "template": name,
        "users": report.users,
        "findings": report.groups.iter().map(|g| json!({
            "severity": g.finding.severity.name(),
            "rule": g.finding.rule.id(),
            "message": say(&g.finding.message),
            "message_id": g.finding.message.id(),
            "line": g.finding.line,
            "col": g.finding.col,
            "fix": g.finding.fix.as_ref().map(say),
            "fix_id": g.finding.fix.as_ref().map(crate::i18n::Message::id),
            "users": g.users,
        })).collect::<Vec<_>>(),
        "aborted": report.aborted.iter().map(|(u, r)| json!({"user": u, "reason": r})).collect::<Vec<_>>(),
        "errors": report.groups.iter().filter(|g| g.finding.severity == Severity::Error).count(),
    })
}
