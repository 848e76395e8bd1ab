//! What the linter reports: a finding with its severity, the outcome of linting one subject,
//! and the findings of many users grouped into a report.

use super::rules::Rule;
use std::ops::Range;

use serde_json::Value as Json;

use crate::i18n::Message;
use crate::msg;
use crate::template::TemplateError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Hint,
}

impl Severity {
    /// The stable name (machine formats, rule tables).
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Hint => "hint",
        }
    }

    /// The word for people: "error", "aviso", …
    pub fn message(self) -> Message {
        msg!("lint-severity", severity = self.name())
    }
}

/// One problem, at the template position that produced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    /// A stable identifier of the rule, for grouping and tests.
    pub rule: Rule,
    pub message: Message,
    pub line: usize,
    pub col: usize,
    /// Byte offset in the template.
    pub offset: usize,
    /// The bytes of the rendered output involved, when a render was involved.
    pub output: Option<Range<usize>>,
    pub fix: Option<Message>,
}

/// The result of linting one subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Findings(Vec<Finding>),
    /// `abort_message` stopped the send: nothing is sent, nothing to lint.
    Aborted(Option<String>),
}

/// A finding at a template position (for findings about the template text itself).
pub(super) fn template_finding(
    offset: usize,
    severity: Severity,
    rule: Rule,
    message: Message,
    fix: Option<Message>,
) -> Finding {
    unplaced(severity, rule, message, fix, offset, None)
}

/// A finding whose line and column are filled in later, from its template offset (`settle`).
pub(super) fn unplaced(
    severity: Severity,
    rule: Rule,
    message: Message,
    fix: Option<Message>,
    offset: usize,
    output: Option<Range<usize>>,
) -> Finding {
    Finding {
        severity,
        rule,
        message,
        line: 0,
        col: 0,
        offset,
        output,
        fix,
    }
}

/// A template the engine cannot read, as an error finding at its line and column: listed,
/// counted and underlined like any other, and blocking a send.
pub fn template_error_finding(e: &TemplateError) -> Finding {
    Finding {
        severity: Severity::Error,
        rule: Rule::TemplateSyntax,
        message: msg!("lint-template-syntax", message = e.kind.message()),
        line: e.line,
        col: e.col,
        offset: e.offset,
        output: None,
        fix: None,
    }
}

/// Findings over many users, grouped: one entry per rule and template position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub groups: Vec<Group>,
    pub users: usize,
    /// Users for whom `abort_message` stopped the send, with the reason.
    pub aborted: Vec<(String, Option<String>)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The finding as it was for the first user who had it.
    pub finding: Finding,
    /// The users who have it (their external_id, or their position in the list).
    pub users: Vec<String>,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.groups
            .iter()
            .any(|g| g.finding.severity == Severity::Error)
    }
}

/// How a subject is named in reports: a user's `external_id`, a ticket's id, else its
/// position (from 1).
pub fn user_label(subject: &Json, index: usize) -> String {
    if let Some(id) = subject.get("ticket").and_then(|t| t.get("id")) {
        return format!("ticket {id}");
    }
    match subject.get("external_id") {
        Some(Json::String(s)) => s.clone(),
        Some(v) if !v.is_null() => v.to_string(),
        _ => format!("#{}", index + 1),
    }
}
