//! The check of outputs inside JSON strings, for every target: a value that breaks its string,
//! and free text written without an escaping filter.

use super::rules::Rule;
use std::collections::HashSet;
use std::ops::Range;

use crate::msg;

use super::locate::Locator;
use super::{Finding, Severity, json};

/// Outputs inside JSON strings: a value that breaks the string (error, with the fix), and
/// free-text values with no escaping filter (warning: the next user may break it).
pub(super) fn check(locator: &Locator<'_>) -> Vec<Finding> {
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
                rule: Rule::JsonStringBroken,
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
                rule: Rule::JsonStringUnescaped,
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

pub(super) fn filters_of(expression: &str) -> Vec<&str> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::locate::{captured_names, output_expression};

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
