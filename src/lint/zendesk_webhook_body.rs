//! The zendesk-webhook-body target's own check (beside the Braze `/users/track` rules it also
//! gets): Zendesk placeholders that some tickets leave empty.

use super::rules::Rule;
use crate::msg;

use super::locate::Locator;
use super::strings::filters_of;
use super::{Finding, Severity};

/// Zendesk placeholders that render empty for some tickets and then leave Braze no user.
const MAYBE_EMPTY_IDENTIFIERS: &[&str] = &[
    "ticket.requester.external_id",
    "ticket.assignee.external_id",
    "current_user.external_id",
    "ticket.external_id",
];

/// The zendesk-webhook-body extras: identifiers that some tickets leave empty.
pub(super) fn check(locator: &Locator<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (output, expression) in locator.outputs.iter().zip(&locator.expressions) {
        let head = expression.split('|').next().unwrap_or("").trim();
        let defaulted = filters_of(expression).contains(&"default");
        if MAYBE_EMPTY_IDENTIFIERS.contains(&head) && !defaulted {
            findings.push(Finding {
                severity: Severity::Warning,
                rule: Rule::ZendeskEmptyIdentifier,
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
