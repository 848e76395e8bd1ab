//! An automation's re-fire guard. Zendesk checks automations every hour and "even if the
//! actions are performed once, they'll be performed again later if the conditions still
//! apply" (docs/zendesk-api.md#automations): an automation that notifies a webhook needs an
//! action that cancels one of its conditions, usually a tag it adds and excludes.

use serde_json::Value as Json;

use super::report::unplaced;
use super::{Finding, Rule, Severity};
use crate::api::zendesk::{Action, Conditions};
use crate::msg;

/// A warning when an automation that notifies a webhook has no tag guard: no action adds a
/// tag that one of its `all` conditions excludes.
pub fn automation_guard(conditions: &Conditions, actions: &[Action]) -> Vec<Finding> {
    if !actions.iter().any(|a| a.field == "notification_webhook") {
        return Vec::new();
    }
    let words = |v: Option<&Json>| -> Vec<String> {
        let text = match v {
            Some(Json::String(s)) => s.clone(),
            Some(Json::Array(list)) => list
                .iter()
                .filter_map(Json::as_str)
                .collect::<Vec<_>>()
                .join(" "),
            _ => String::new(),
        };
        text.split_whitespace().map(str::to_lowercase).collect()
    };
    let added: Vec<String> = actions
        .iter()
        .filter(|a| matches!(a.field.as_str(), "current_tags" | "set_tags"))
        .flat_map(|a| words(Some(&a.value)))
        .collect();
    let guarded = conditions
        .all
        .iter()
        .filter(|c| c.field == "current_tags" && c.operator == "not_includes")
        .flat_map(|c| words(c.value.as_ref()))
        .any(|t| added.contains(&t));
    if guarded {
        return Vec::new();
    }
    vec![unplaced(
        Severity::Warning,
        Rule::AutomationNoGuard,
        msg!("lint-automation-no-guard"),
        Some(msg!("lint-automation-no-guard-fix", tag = "braze_notified")),
        0,
        None,
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::zendesk::Condition;
    use serde_json::json;

    #[test]
    fn a_tag_added_and_excluded_is_a_guard() {
        let webhook = Action::notify_webhook("W1", "{}");
        let tag = Action {
            field: "current_tags".into(),
            value: json!("braze_notified"),
        };
        let mut c = Conditions {
            all: vec![
                Condition::new("status", "is", "solved"),
                Condition::new("SOLVED", "is", "24"),
            ],
            any: vec![],
        };
        let none = automation_guard(&c, std::slice::from_ref(&webhook));
        assert_eq!(none.len(), 1);
        assert_eq!(none[0].rule, "automation-no-guard");
        assert_eq!(none[0].severity, Severity::Warning);
        // The tag alone is no guard: nothing excludes it.
        assert_eq!(
            automation_guard(&c, &[webhook.clone(), tag.clone()]).len(),
            1
        );
        c.all.push(Condition::new(
            "current_tags",
            "not_includes",
            "x braze_notified",
        ));
        assert!(automation_guard(&c, &[webhook.clone(), tag]).is_empty());
        // An automation that calls no webhook is not this rule's business.
        assert!(automation_guard(&Conditions::default(), &[]).is_empty());
    }
}
