//! The payload linter: what breaks the JSON or the target API's rules, on the rendered output
//! of each sample user, pointed back at the template line that caused it.
//!
//! The rooms: `report` holds what a finding is and how findings are grouped, `locate` maps the
//! rendered output back to the template, `fix` applies the mechanical fixes, and the checks are
//! one module each: `strings` and `template_text` for every target, `zendesk_ticket`,
//! `braze_users_track` and `zendesk_webhook_body` per target, `tags` for Braze's tags, `request`
//! for URLs and headers; `json` reads the body with its positions.

mod automation;
pub mod braze_users_track;
mod fix;
pub mod json;
mod locate;
mod report;
pub mod request;
pub mod rules;
mod strings;
pub mod tags;
mod template_text;
pub mod zendesk_ticket;
mod zendesk_webhook_body;

use serde_json::Value as Json;

use crate::msg;
use crate::template::source_map::line_col;
use crate::template::{Compiled, Environment, Rendered, TemplateError, Traced};

pub use automation::automation_guard;
pub use fix::{apply_fix, has_mechanical_fix};
pub(crate) use locate::Locator;
pub use locate::MAX_FINDINGS;
pub(crate) use locate::literal_in_template;
use locate::settle;
use report::template_finding;
pub use report::{Finding, Group, Outcome, Report, Severity, template_error_finding, user_label};
pub use rules::{RULES, Rule, RuleDef};

use crate::target::Target;

/// Lints what `compiled` renders for one subject against a target.
pub fn lint(
    compiled: &Compiled,
    env: &Environment,
    subject: Option<&Json>,
    target: Target,
) -> Result<Outcome, TemplateError> {
    let traced = compiled.render_traced(env, subject)?;
    Ok(lint_traced(compiled, &traced, target))
}

/// Lints a traced render already made (the live preview shows the same render).
pub fn lint_traced(compiled: &Compiled, traced: &Traced, target: Target) -> Outcome {
    let body = match &traced.rendered {
        Rendered::Output(body) => body,
        Rendered::Aborted(reason) => return Outcome::Aborted(reason.clone()),
    };
    let template = compiled.source();
    let locator = Locator::new(compiled.dialect(), template, body, &traced.outputs);
    let mut findings = template_text::check(template);
    findings.extend(tags::check(compiled, traced));
    findings.extend(strings::check(&locator));
    let explained = |f: &[Finding]| f.iter().any(|f| f.severity == Severity::Error);
    let strict = json::parse(body);
    // A broken body still gets the API's rules, read as leniently as possible.
    let read = strict
        .as_ref()
        .cloned()
        .or_else(|_| json::parse_lenient(body));
    if let Err(e) = &read {
        // Not even a lenient reading: say which checks this subject went without, so a count
        // that drops is explained instead of looking like a cleaner body.
        let at = e.offset.min(body.len());
        let end = body[at..].chars().next().map_or(at, |c| at + c.len_utf8());
        findings.push(locator.finding(
            Severity::Warning,
            Rule::ChecksNotRun,
            at..end,
            msg!("lint-checks-not-run", target = target.name()),
            None,
        ));
    }
    if let Ok(value) = read {
        match target {
            Target::ZendeskTicket => findings.extend(zendesk_ticket::check(&value, &locator)),
            Target::BrazeUsersTrack => findings.extend(braze_users_track::check(&value, &locator)),
            Target::ZendeskWebhookBody => {
                findings.extend(braze_users_track::check(&value, &locator));
                findings.extend(zendesk_webhook_body::check(&locator));
            }
        }
    }
    match strict {
        Ok(_) => {}
        Err(e) if !explained(&findings) => {
            let at = e.offset.min(body.len());
            let (line, col) = line_col(body, at);
            let end = body[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            findings.push(locator.finding(
                Severity::Error,
                Rule::JsonSyntax,
                at..end,
                msg!(
                    "lint-json-syntax",
                    line = line,
                    column = col,
                    reason = e.message
                ),
                None,
            ));
        }
        Err(_) => {}
    }
    debug_assert!(
        findings
            .iter()
            .all(|f| f.rule.def().targets.contains(&target)),
        "a finding's rule does not list {target:?} in lint::RULES: {:?}",
        findings
            .iter()
            .find(|f| !f.rule.def().targets.contains(&target))
    );
    Outcome::Findings(settle(findings, &locator))
}

/// Lints every user and groups the findings they share, on every core (see
/// [`lint_users_on`]).
pub fn lint_users(
    compiled: &Compiled,
    env: &Environment,
    users: &[Json],
    target: Target,
) -> Result<Report, TemplateError> {
    lint_users_on(compiled, env, users, target, crate::parallel::threads(None))
}

/// [`lint_users`] on `threads` threads: the users are linted in chunks in parallel and their
/// findings grouped in the users' order, so the report is the same on one thread or many.
pub fn lint_users_on(
    compiled: &Compiled,
    env: &Environment,
    users: &[Json],
    target: Target,
    threads: usize,
) -> Result<Report, TemplateError> {
    let mut groups: Vec<Group> = Vec::new();
    let mut index: std::collections::HashMap<(Rule, usize), usize> = Default::default();
    let mut aborted = Vec::new();
    let subjects: Vec<Option<&Json>> = if users.is_empty() {
        vec![None]
    } else {
        users.iter().map(Some).collect()
    };
    let chunk = crate::parallel::chunk_size(subjects.len(), threads);
    crate::parallel::ordered_chunks(
        &subjects,
        threads,
        chunk,
        |start, part| {
            part.iter()
                .enumerate()
                .map(|(i, user)| {
                    let i = start + i;
                    let label = user.map_or_else(|| format!("#{}", i + 1), |u| user_label(u, i));
                    (label, lint(compiled, env, *user, target))
                })
                .collect::<Vec<_>>()
        },
        |linted| {
            for (label, outcome) in linted {
                match outcome? {
                    Outcome::Aborted(reason) => aborted.push((label, reason)),
                    Outcome::Findings(findings) => {
                        for f in findings {
                            match index.get(&(f.rule, f.offset)) {
                                Some(&g) => groups[g].users.push(label.clone()),
                                None => {
                                    index.insert((f.rule, f.offset), groups.len());
                                    groups.push(Group {
                                        finding: f,
                                        users: vec![label.clone()],
                                    });
                                }
                            }
                        }
                    }
                }
            }
            Ok(())
        },
    )?;
    groups.sort_by(|a, b| {
        (a.finding.line, a.finding.col, a.finding.severity).cmp(&(
            b.finding.line,
            b.finding.col,
            b.finding.severity,
        ))
    });
    Ok(Report {
        groups,
        users: subjects.len(),
        aborted,
    })
}
