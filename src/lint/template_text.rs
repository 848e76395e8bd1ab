//! Checks of the template text itself, whatever it renders: placeholders left over from
//! documentation examples.

use super::rules::Rule;
use crate::msg;

use super::{Finding, Severity, template_finding};

/// Checks of the template text itself: leftover placeholders from documentation examples.
pub(super) fn check(template: &str) -> Vec<Finding> {
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
                Rule::LeftoverPlaceholder,
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
            Rule::LeftoverPlaceholder,
            msg!("lint-placeholder-your", text = &template[start..end]),
            None,
        ));
        from = end;
    }
    findings
}
