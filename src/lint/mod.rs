//! The payload linter: what breaks the JSON or the target API's rules, on the rendered output
//! of each sample user, pointed back at the template line that caused it.

pub mod braze_users_track;
pub mod json;
pub mod request;
pub mod tags;
pub mod zendesk_ticket;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use serde_json::Value as Json;

use crate::i18n::Message;
use crate::msg;
use crate::template::source_map::line_col;
use crate::template::{Compiled, Environment, OutputSpan, Rendered, TemplateError, Traced};

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
    pub rule: &'static str,
    pub message: Message,
    pub line: usize,
    pub col: usize,
    /// Byte offset in the template.
    pub offset: usize,
    /// The bytes of the rendered output involved, when a render was involved.
    pub output: Option<Range<usize>>,
    pub fix: Option<Message>,
}

/// What the rendered body is sent to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// `POST /api/v2/tickets.json` on Zendesk, from a Braze webhook (braze dialect).
    ZendeskTicket,
    /// `POST /users/track` on Braze (braze dialect).
    BrazeUsersTrack,
    /// A Zendesk trigger's webhook body to Braze `/users/track` (zendesk dialect, sample ticket).
    ZendeskWebhookBody,
}

impl Target {
    pub const ALL: [Target; 3] = [
        Target::ZendeskTicket,
        Target::BrazeUsersTrack,
        Target::ZendeskWebhookBody,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Target::ZendeskTicket => "zendesk-ticket",
            Target::BrazeUsersTrack => "braze-users-track",
            Target::ZendeskWebhookBody => "zendesk-webhook-body",
        }
    }

    /// The dialect the body is written in.
    pub fn dialect(self) -> crate::template::Dialect {
        match self {
            Target::ZendeskWebhookBody => crate::template::Dialect::Zendesk,
            _ => crate::template::Dialect::Braze,
        }
    }
}

/// A lint target name that is not one of [`Target::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct UnknownTarget(pub String);

impl crate::i18n::Localize for UnknownTarget {
    fn message(&self) -> Message {
        msg!("lint-unknown-target", target = &self.0)
    }
}
crate::display_via_message!(UnknownTarget);

impl std::str::FromStr for Target {
    type Err = UnknownTarget;
    fn from_str(s: &str) -> Result<Self, UnknownTarget> {
        Target::ALL
            .into_iter()
            .find(|t| t.name() == s)
            .ok_or_else(|| UnknownTarget(s.to_owned()))
    }
}

/// The result of linting one subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Findings(Vec<Finding>),
    /// `abort_message` stopped the send: nothing is sent, nothing to lint.
    Aborted(Option<String>),
}

/// At most this many findings per subject: past that, the rest are counted in one hint. A
/// 10 MB body can hold a million broken values; nobody reads that list, and locating each one
/// in the template must stay cheap for the linter to stay linear.
pub const MAX_FINDINGS: usize = 1_000;

/// How far after the previous output a literal of the body is looked for in the template, and
/// how much of the literal is looked for: bounded, so that locating a finding costs the same
/// for a 10 KB body and a 10 MB one.
const SEARCH_WINDOW: usize = 16 * 1024;
const NEEDLE_LIMIT: usize = 120;

/// Positions in the rendered body mapped back to the template.
pub(crate) struct Locator<'a> {
    dialect: crate::template::Dialect,
    template: &'a str,
    body: &'a str,
    /// The outputs in body order (they never overlap: only top-level outputs are traced).
    outputs: Cow<'a, [OutputSpan]>,
    /// The text inside each output's `{{ … }}`, in the same order.
    expressions: Vec<&'a str>,
    /// Variables the template fills with `capture`.
    captured: HashSet<&'a str>,
}

impl<'a> Locator<'a> {
    fn new(
        dialect: crate::template::Dialect,
        template: &'a str,
        body: &'a str,
        outputs: &'a [OutputSpan],
    ) -> Locator<'a> {
        let outputs: Cow<'a, [OutputSpan]> =
            if outputs.is_sorted_by_key(|o| (o.output.start, o.output.end)) {
                Cow::Borrowed(outputs)
            } else {
                let mut sorted = outputs.to_vec();
                sorted.sort_by_key(|o| (o.output.start, o.output.end));
                Cow::Owned(sorted)
            };
        // A loop repeats one output many times: read each expression once.
        let mut seen: HashMap<usize, &'a str> = HashMap::new();
        let expressions = outputs
            .iter()
            .map(|o| {
                *seen
                    .entry(o.offset)
                    .or_insert_with(|| output_expression(template, o.offset))
            })
            .collect();
        Locator {
            dialect,
            template,
            body,
            outputs,
            expressions,
            captured: captured_names(template),
        }
    }

    /// The first output that wrote bytes of `range` (an empty output inside it counts).
    fn output_in(&self, range: &Range<usize>) -> Option<&OutputSpan> {
        // Outputs are sorted and disjoint, so their ends are sorted too.
        let first = self.outputs.partition_point(|o| o.output.end < range.start);
        self.outputs[first..]
            .iter()
            .take_while(|o| o.output.start < range.end.max(range.start + 1))
            .find(|o| {
                let o = &o.output;
                (o.start < range.end && o.end > range.start)
                    || (o.start == o.end && range.start <= o.start && o.start < range.end)
            })
    }

    /// Template offset for a byte range of the body: the `{{` that wrote it, or the same literal
    /// text in the template, looked for just after the output before it.
    fn template_offset(&self, range: &Range<usize>) -> usize {
        if let Some(o) = self.output_in(range) {
            return o.offset;
        }
        let previous = self
            .outputs
            .partition_point(|o| o.output.end <= range.start);
        let before = previous
            .checked_sub(1)
            .map_or(0, |i| self.outputs[i].offset);
        let start = range.start.min(self.body.len());
        // A short literal (a quote, a brace) is ambiguous: look for the rest of its line too.
        let line_end = self.body[start..]
            .find('\n')
            .map_or(self.body.len(), |i| start + i);
        let rest_of_line = prefix(&self.body[start..line_end.max(range.end.min(self.body.len()))]);
        let literal = prefix(&self.body[start..range.end.clamp(start, self.body.len())]);
        let window = &self.template[before..ceil_boundary(self.template, before + SEARCH_WINDOW)];
        [rest_of_line, literal]
            .iter()
            .filter(|l| !l.trim().is_empty())
            .find_map(|l| window.find(*l).map(|i| before + i))
            .or_else(|| {
                let head = &self.template[..ceil_boundary(self.template, SEARCH_WINDOW)];
                head.find(literal).filter(|_| !literal.is_empty())
            })
            .unwrap_or(before)
    }

    fn finding(
        &self,
        severity: Severity,
        rule: &'static str,
        range: Range<usize>,
        message: Message,
        fix: Option<Message>,
    ) -> Finding {
        Finding {
            severity,
            rule,
            message,
            line: 0,
            col: 0,
            offset: UNLOCATED,
            output: Some(range),
            fix,
        }
    }
}

/// The offset of a finding whose template position is found only if it is kept (see
/// [`MAX_FINDINGS`]).
const UNLOCATED: usize = usize::MAX;

/// At most [`NEEDLE_LIMIT`] bytes of a text, cut at a character boundary.
fn prefix(text: &str) -> &str {
    &text[..floor_boundary(text, NEEDLE_LIMIT)]
}

fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// The names `{% capture name %}` fills, found in one pass over the template.
fn captured_names(template: &str) -> HashSet<&str> {
    template
        .match_indices("capture")
        .filter_map(|(at, word)| {
            let rest = template[at + word.len()..].trim_start_matches([' ', '\t', '\n', '\r']);
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            (end > 0 && rest.len() < template.len() - at - word.len()).then(|| &rest[..end])
        })
        .collect()
}

/// A finding at a template position (for findings about the template text itself).
fn template_finding(
    offset: usize,
    severity: Severity,
    rule: &'static str,
    message: Message,
    fix: Option<Message>,
) -> Finding {
    Finding {
        severity,
        rule,
        message,
        line: 0,
        col: 0,
        offset,
        output: None,
        fix,
    }
}

/// Keeps the first [`MAX_FINDINGS`] (errors first), finds the template position of each kept
/// one, and fills in lines and columns in one pass over the template.
fn settle(mut findings: Vec<Finding>, locator: &Locator<'_>) -> Vec<Finding> {
    if findings.len() > MAX_FINDINGS {
        let total = findings.len();
        // A stable sort: within a severity, the order the checks found them in.
        findings.sort_by_key(|f| f.severity);
        findings.truncate(MAX_FINDINGS);
        let mut more = template_finding(
            0,
            Severity::Hint,
            "lint-truncated",
            msg!("lint-truncated", count = total - MAX_FINDINGS),
            None,
        );
        more.output = None;
        findings.push(more);
    }
    for f in &mut findings {
        if f.offset == UNLOCATED {
            f.offset = f
                .output
                .as_ref()
                .map_or(0, |range| locator.template_offset(range));
        }
        f.offset = floor_boundary(locator.template, f.offset);
    }
    findings.sort_by_key(|f| f.offset);
    // Lines and columns (in characters) walking forward once.
    let template = locator.template;
    let (mut at, mut line, mut col) = (0usize, 1usize, 1usize);
    for f in &mut findings {
        for c in template[at..f.offset].chars() {
            if c == '\n' {
                line += 1;
                col = 1;
            } else {
                col += 1;
            }
        }
        at = f.offset;
        f.line = line;
        f.col = col;
    }
    findings.sort_by_key(|a| (a.line, a.col, a.severity));
    findings.dedup_by(|a, b| a.rule == b.rule && a.offset == b.offset);
    findings
}

/// A template the engine cannot read, as an error finding at its line and column: listed,
/// counted and underlined like any other, and blocking a send.
pub fn template_error_finding(e: &TemplateError) -> Finding {
    Finding {
        severity: Severity::Error,
        rule: "template-syntax",
        message: msg!("lint-template-syntax", message = e.kind.message()),
        line: e.line,
        col: e.col,
        offset: e.offset,
        output: None,
        fix: None,
    }
}

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
    let mut findings = template_checks(template);
    findings.extend(tags::check(compiled, traced));
    findings.extend(string_checks(&locator));
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
            "checks-not-run",
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
                findings.extend(zendesk_placeholders(&locator));
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
                "json-syntax",
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
    Outcome::Findings(settle(findings, &locator))
}

/// Zendesk placeholders that render empty for some tickets and then leave Braze no user.
const MAYBE_EMPTY_IDENTIFIERS: &[&str] = &[
    "ticket.requester.external_id",
    "ticket.assignee.external_id",
    "current_user.external_id",
    "ticket.external_id",
];

/// The zendesk-webhook-body extras: identifiers that some tickets leave empty.
fn zendesk_placeholders(locator: &Locator<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (output, expression) in locator.outputs.iter().zip(&locator.expressions) {
        let head = expression.split('|').next().unwrap_or("").trim();
        let defaulted = filters_of(expression).contains(&"default");
        if MAYBE_EMPTY_IDENTIFIERS.contains(&head) && !defaulted {
            findings.push(Finding {
                severity: Severity::Warning,
                rule: "zendesk-empty-identifier",
                message: msg!("lint-zendesk-empty-identifier", placeholder = head),
                line: 0,
                col: 0,
                offset: output.offset,
                output: Some(output.output.clone()),
                fix: Some(msg!("lint-fix-zendesk-identifier")),
            });
        }
    }
    findings
}

/// Outputs inside JSON strings: a value that breaks the string (error, with the fix), and
/// free-text values with no escaping filter (warning: the next user may break it).
fn string_checks(locator: &Locator<'_>) -> Vec<Finding> {
    let ranges: Vec<Range<usize>> = locator.outputs.iter().map(|o| o.output.clone()).collect();
    let inside = json::in_string(locator.body, &ranges);
    let mut findings = Vec::new();
    for ((output, expression), inside) in
        locator.outputs.iter().zip(&locator.expressions).zip(inside)
    {
        if !inside {
            continue;
        }
        let filters = filters_of(expression);
        let escaped = filters
            .iter()
            .any(|f| crate::template::registry::escapes_json(f))
            || (filters.contains(&"replace") && filters.contains(&"strip_newlines"));
        let fix = match locator.dialect {
            // Zendesk's Liquid has no json_escape.
            crate::template::Dialect::Zendesk => msg!("lint-fix-zendesk-escape"),
            _ => msg!("lint-fix-json-escape"),
        };
        let value = &locator.body[output.output.clone()];
        let (line, col) = (0, 0);
        if let Some((what, _)) = string_breaker(value) {
            findings.push(Finding {
                severity: Severity::Error,
                rule: "json-string-broken",
                message: msg!(
                    "lint-json-string-broken",
                    expression = expression.trim(),
                    what = msg!("lint-breaker", kind = what)
                ),
                line,
                col,
                offset: output.offset,
                output: Some(output.output.clone()),
                fix: (!escaped).then(|| fix.clone()),
            });
        } else if !escaped && is_free_text(&locator.captured, expression) {
            findings.push(Finding {
                severity: Severity::Warning,
                rule: "json-string-unescaped",
                message: msg!("lint-json-string-unescaped", expression = expression.trim()),
                line,
                col,
                offset: output.offset,
                output: Some(output.output.clone()),
                fix: Some(fix),
            });
        }
    }
    findings
}

/// What in a value would end or corrupt the JSON string it sits in.
fn string_breaker(value: &str) -> Option<(&'static str, usize)> {
    let bytes = value.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => return Some(("quote", i)),
            b'\\' => match bytes.get(i + 1) {
                Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' | b'u') => i += 1,
                _ => return Some(("backslash", i)),
            },
            b'\n' | b'\r' => return Some(("line-break", i)),
            b if b < 0x20 => return Some(("control", i)),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The text inside the `{{ … }}` that starts at `offset`.
fn output_expression(template: &str, offset: usize) -> &str {
    let rest = &template[offset..];
    let inner = rest.strip_prefix("{{").unwrap_or(rest);
    let mut depth = 0usize;
    let bytes = inner.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'$', b'{') => {
                depth += 1;
                i += 2;
                continue;
            }
            (b'}', b'}') if depth == 0 => return inner[..i].trim_matches('-'),
            (b'}', _) if depth > 0 => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    inner
}

/// Whether [`apply_fix`] can apply this finding's fix (cheap: for drawing a button).
pub fn has_mechanical_fix(finding: &Finding) -> bool {
    matches!(finding.rule, "json-string-broken" | "json-string-unescaped") && finding.fix.is_some()
}

/// The template with a finding's fix applied, when the fix is a mechanical edit: the escaping
/// filter for an output inside a JSON string. Other fixes need a person.
pub fn apply_fix(
    template: &str,
    finding: &Finding,
    dialect: crate::template::Dialect,
) -> Option<String> {
    if !has_mechanical_fix(finding) {
        return None;
    }
    let rest = template.get(finding.offset..)?;
    if !rest.starts_with("{{") {
        return None;
    }
    let expression = output_expression(template, finding.offset);
    let inner_start = finding.offset + 2 + rest[2..].find(expression)?;
    let end = inner_start + expression.trim_end().len();
    let filter = match dialect {
        crate::template::Dialect::Zendesk => r#" | strip_newlines | replace: '"', '\"'"#,
        _ => " | json_escape",
    };
    let mut fixed = String::with_capacity(template.len() + filter.len());
    fixed.push_str(&template[..end]);
    fixed.push_str(filter);
    fixed.push_str(&template[end..]);
    Some(fixed)
}

fn filters_of(expression: &str) -> Vec<&str> {
    expression
        .split('|')
        .skip(1)
        .map(|f| f.split(':').next().unwrap_or("").trim())
        .collect()
}

/// Names of values that hold what people type.
const FREE_TEXT_NAMES: &[&str] = &[
    "name",
    "first_name",
    "last_name",
    "body",
    "subject",
    "comment",
    "description",
    "title",
    "message",
    "text",
    "note",
    "notes",
    "answer",
    "feedback",
    "latest_comment",
    "reason",
    "address",
    "city",
    "home_city",
    "street",
    "company",
];

/// Whether an output's value can hold free text: a free-text attribute, or a captured block.
fn is_free_text(captured: &HashSet<&str>, expression: &str) -> bool {
    let head = expression.split('|').next().unwrap_or("").trim();
    let head = head.trim_start_matches("${").trim_end_matches('}');
    let last = head
        .rsplit(['.', '{', '['])
        .next()
        .unwrap_or(head)
        .trim_matches(|c: char| c == '}' || c == ']' || c == '"' || c == '\'' || c == '$');
    if FREE_TEXT_NAMES.contains(&last) {
        return true;
    }
    !head.is_empty()
        && head.chars().all(|c| c.is_alphanumeric() || c == '_')
        && captured.contains(head)
}

/// Checks of the template text itself: leftover placeholders from documentation examples.
fn template_checks(template: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut from = 0;
    while let Some(start) = template[from..].find("<<").map(|i| from + i) {
        let Some(end) = template[start..].find(">>").map(|i| start + i + 2) else {
            break;
        };
        let text = &template[start..end];
        if !text.contains('\n') {
            findings.push(template_finding(
                start,
                Severity::Error,
                "leftover-placeholder",
                msg!("lint-placeholder-example", text = text),
                Some(msg!("lint-fix-delete-placeholder")),
            ));
        }
        from = end;
    }
    from = 0;
    while let Some(start) = template[from..].find("<your-").map(|i| from + i) {
        let end = template[start..]
            .find('>')
            .map_or(template.len(), |i| start + i + 1);
        findings.push(template_finding(
            start,
            Severity::Error,
            "leftover-placeholder",
            msg!("lint-placeholder-your", text = &template[start..end]),
            None,
        ));
        from = end;
    }
    findings
}

/// Where a literal string value is written in the template (an `assign`, usually).
pub(crate) fn literal_in_template(template: &str, value: &str) -> Option<usize> {
    ['\'', '"']
        .iter()
        .find_map(|q| template.find(&format!("{q}{value}{q}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_breaks_a_string() {
        assert_eq!(string_breaker("plain"), None);
        assert_eq!(string_breaker(r#"escaped \" and \n"#), None);
        assert_eq!(string_breaker("say \"hi\"").map(|b| b.0), Some("quote"));
        assert_eq!(
            string_breaker("two\nlines").map(|b| b.0),
            Some("line-break")
        );
        assert_eq!(string_breaker(r"C:\path").map(|b| b.0), Some("backslash"));
        assert_eq!(
            msg!("lint-breaker", kind = "quote").to_string(),
            "a quote (\")"
        );
    }

    #[test]
    fn the_escaping_fix_is_applied_where_the_finding_points() {
        let t = "{\"s\": \"{{ ${first_name} | default: 'x' }}\", \"t\": \"{{${last_name}}}\"}";
        let f = |offset| Finding {
            severity: Severity::Error,
            rule: "json-string-broken",
            message: msg!("lint-fix-json-escape"),
            line: 1,
            col: 1,
            offset,
            output: None,
            fix: Some(msg!("lint-fix-json-escape")),
        };
        let first = t.find("{{").unwrap();
        let fixed = apply_fix(t, &f(first), crate::template::Dialect::Braze).unwrap();
        assert!(
            fixed.contains("{{ ${first_name} | default: 'x' | json_escape }}"),
            "{fixed}"
        );
        let second = t.rfind("{{").unwrap();
        let fixed = apply_fix(t, &f(second), crate::template::Dialect::Braze).unwrap();
        assert!(fixed.contains("{{${last_name} | json_escape}}"), "{fixed}");
        let fixed = apply_fix(t, &f(second), crate::template::Dialect::Zendesk).unwrap();
        assert!(
            fixed.contains(r#"{{${last_name} | strip_newlines | replace: '"', '\"'}}"#),
            "{fixed}"
        );
        let mut other = f(first);
        other.rule = "zendesk-requester-id";
        assert_eq!(apply_fix(t, &other, crate::template::Dialect::Braze), None);
    }

    #[test]
    fn output_expressions_and_filters() {
        let t = "x {{${first_name} | default: 'a' | json_escape}} y";
        let e = output_expression(t, 2);
        assert_eq!(e, "${first_name} | default: 'a' | json_escape");
        assert_eq!(filters_of(e), vec!["default", "json_escape"]);
        let none = captured_names(t);
        assert!(is_free_text(&none, e));
        assert!(!is_free_text(&none, "${user_id}"));
        assert!(is_free_text(
            &captured_names("{% capture greeting %}"),
            "greeting"
        ));
        assert!(is_free_text(
            &captured_names("{%- capture\n  greeting -%}"),
            "greeting"
        ));
        assert!(!is_free_text(
            &captured_names("{% capture greetings %}"),
            "greeting"
        ));
        assert!(!is_free_text(&captured_names("{% capture %}"), "greeting"));
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

/// Lints every user and groups the findings they share.
pub fn lint_users(
    compiled: &Compiled,
    env: &Environment,
    users: &[Json],
    target: Target,
) -> Result<Report, TemplateError> {
    let mut groups: Vec<Group> = Vec::new();
    let mut index: std::collections::HashMap<(&'static str, usize), usize> = Default::default();
    let mut aborted = Vec::new();
    let subjects: Vec<Option<&Json>> = if users.is_empty() {
        vec![None]
    } else {
        users.iter().map(Some).collect()
    };
    for (i, user) in subjects.iter().enumerate() {
        let label = user.map_or_else(|| format!("#{}", i + 1), |u| user_label(u, i));
        match lint(compiled, env, *user, target)? {
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
