//! Fixing: the fixes that are a mechanical edit of the template, and applying them.

use super::Finding;
use super::locate::output_expression;
use super::rules::Rule;

/// Whether [`apply_fix`] can apply this finding's fix (cheap: for drawing a button).
pub fn has_mechanical_fix(finding: &Finding) -> bool {
    matches!(
        finding.rule,
        Rule::JsonStringBroken | Rule::JsonStringUnescaped
    ) && finding.fix.is_some()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::Severity;
    use crate::msg;

    #[test]
    fn the_escaping_fix_is_applied_where_the_finding_points() {
        let t = "{\"s\": \"{{ ${first_name} | default: 'x' }}\", \"t\": \"{{${last_name}}}\"}";
        let f = |offset| Finding {
            severity: Severity::Error,
            rule: Rule::JsonStringBroken,
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
        other.rule = Rule::ZendeskTicketRequesterId;
        assert_eq!(apply_fix(t, &other, crate::template::Dialect::Braze), None);
    }
}
