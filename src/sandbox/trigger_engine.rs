//! The trigger engine: after every ticket create or update, active triggers run in position
//! order; a trigger whose conditions hold applies its actions (which may make others fire) and
//! fires at most once per update, as Zendesk does. Webhook actions become deliveries whose body
//! is rendered with the zendesk dialect (sent by `delivery`). Pure: no I/O here.

use std::collections::HashSet;

use serde_json::{Map, Value as Json, json};

use super::DEMO_SUBDOMAIN;
use crate::template::{self, Dialect, Environment, Rendered};

pub const STATUSES: &[&str] = &["new", "open", "pending", "hold", "solved", "closed"];
pub const PRIORITIES: &[&str] = &["low", "normal", "high", "urgent"];
pub const TYPES: &[&str] = &["problem", "incident", "question", "task"];

/// Condition fields and the operators each accepts.
const CONDITION_FIELDS: &[(&str, &[&str])] = &[
    ("status", ORDERED_OPERATORS),
    ("priority", ORDERED_OPERATORS),
    ("type", CHANGE_OPERATORS),
    ("assignee_id", CHANGE_OPERATORS),
    ("group_id", CHANGE_OPERATORS),
    ("requester_id", CHANGE_OPERATORS),
    ("current_tags", &["includes", "not_includes"]),
    ("update_type", &["is", "is_not"]),
];
pub const CHANGE_OPERATORS: &[&str] = &[
    "is",
    "is_not",
    "changed",
    "value",
    "value_previous",
    "not_changed",
    "not_value",
    "not_value_previous",
];
pub const ORDERED_OPERATORS: &[&str] = &[
    "is",
    "is_not",
    "less_than",
    "greater_than",
    "changed",
    "value",
    "value_previous",
    "not_changed",
    "not_value",
    "not_value_previous",
];
const ACTION_FIELDS: &[&str] = &[
    "status",
    "priority",
    "type",
    "assignee_id",
    "group_id",
    "current_tags",
    "set_tags",
    "remove_tags",
    "notification_webhook",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateType {
    Create,
    Change,
}

/// A webhook to call, found while running triggers.
#[derive(Debug, Clone, PartialEq)]
pub struct Firing {
    pub trigger_id: u64,
    pub webhook_id: String,
    pub body_template: String,
}

/// Checks a trigger's conditions and actions; each problem is `(field, description)`.
pub fn validate(trigger: &Json, webhook_exists: impl Fn(&str) -> bool) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    if trigger
        .get("title")
        .and_then(Json::as_str)
        .is_none_or(|t| t.trim().is_empty())
    {
        problems.push(("title".into(), "Title: cannot be blank".into()));
    }
    let conditions = trigger.get("conditions");
    let mut count = 0;
    for group in ["all", "any"] {
        let list = conditions.and_then(|c| c.get(group));
        let Some(list) = list else { continue };
        let Some(list) = list.as_array() else {
            problems.push((
                "conditions".into(),
                format!("Conditions: `{group}` must be a list"),
            ));
            continue;
        };
        for (i, c) in list.iter().enumerate() {
            count += 1;
            let field = c.get("field").and_then(Json::as_str).unwrap_or_default();
            let operator = c.get("operator").and_then(Json::as_str).unwrap_or_default();
            let custom = custom_field_id(field).map(|_| (field, CUSTOM_FIELD_OPERATORS));
            let Some((_, operators)) = CONDITION_FIELDS
                .iter()
                .copied()
                .find(|(f, _)| *f == field)
                .or(custom)
            else {
                problems.push((
                    "conditions".into(),
                    format!(
                        "Conditions: {group}[{i}] field `{field}` is not supported (supported: {})",
                        CONDITION_FIELDS
                            .iter()
                            .map(|(f, _)| *f)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
                continue;
            };
            if !operators.contains(&operator) {
                problems.push((
                    "conditions".into(),
                    format!("Conditions: {group}[{i}] operator `{operator}` is not valid for `{field}` (valid: {})", operators.join(", ")),
                ));
                continue;
            }
            let value = c.get("value").map(value_text).unwrap_or_default();
            let allowed: Option<&[&str]> = match field {
                "status" => Some(STATUSES),
                "priority" => Some(PRIORITIES),
                "type" => Some(TYPES),
                "update_type" => Some(&["Create", "Change"]),
                _ => None,
            };
            let needs_value = !matches!(operator, "changed" | "not_changed");
            if let Some(allowed) = allowed
                && needs_value
                && !allowed.contains(&value.as_str())
            {
                problems.push((
                    "conditions".into(),
                    format!("Conditions: {group}[{i}] `{value}` is not a valid {field} (use one of: {})", allowed.join(", ")),
                ));
            }
        }
    }
    if count == 0 {
        problems.push((
            "conditions".into(),
            "Conditions: a trigger needs at least one condition".into(),
        ));
    }
    match trigger.get("actions").and_then(Json::as_array) {
        None => problems.push(("actions".into(), "Actions: cannot be blank".into())),
        Some(actions) if actions.is_empty() => {
            problems.push(("actions".into(), "Actions: cannot be blank".into()))
        }
        Some(actions) => {
            for (i, a) in actions.iter().enumerate() {
                let field = a.get("field").and_then(Json::as_str).unwrap_or_default();
                if !ACTION_FIELDS.contains(&field) {
                    problems.push((
                        "actions".into(),
                        format!("Actions: [{i}] field `{field}` is not supported"),
                    ));
                    continue;
                }
                if field == "notification_webhook" {
                    match a.get("value").and_then(Json::as_array).map(Vec::as_slice) {
                        Some([Json::String(id), Json::String(_)]) => {
                            if !webhook_exists(id) {
                                problems.push((
                                    "actions".into(),
                                    format!("Actions: [{i}] webhook `{id}` does not exist"),
                                ));
                            }
                        }
                        _ => problems.push((
                            "actions".into(),
                            format!("Actions: [{i}] notification_webhook needs [\"<webhook id>\", \"<body as a string>\"]"),
                        )),
                    }
                }
            }
        }
    }
    problems
}

pub fn value_text(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        Json::Null => String::new(),
        other => other.to_string(),
    }
}

/// The operators a custom field's condition (`custom_fields_<id>`) takes.
pub const CUSTOM_FIELD_OPERATORS: &[&str] = &[
    "is",
    "is_not",
    "present",
    "not_present",
    "changed",
    "value",
    "value_previous",
    "not_changed",
    "not_value",
    "not_value_previous",
];

/// The field id in a custom field's condition name, `custom_fields_360012345678`.
pub fn custom_field_id(field: &str) -> Option<u64> {
    field.strip_prefix("custom_fields_")?.parse().ok()
}

/// A ticket field as text for comparison (`""` when unset); `custom_fields_<id>` reads that
/// field's value in the ticket's `custom_fields`.
fn field_text(ticket: Option<&Map<String, Json>>, field: &str) -> String {
    if let Some(id) = custom_field_id(field) {
        return ticket
            .and_then(|t| t.get("custom_fields"))
            .and_then(Json::as_array)
            .and_then(|list| {
                list.iter().find(|f| {
                    f.get("id")
                        .and_then(|i| i.as_u64().or_else(|| i.as_str()?.parse().ok()))
                        == Some(id)
                })
            })
            .and_then(|f| f.get("value"))
            .map(value_text)
            .unwrap_or_default();
    }
    ticket
        .and_then(|t| t.get(field))
        .map(value_text)
        .unwrap_or_default()
}

fn tags(ticket: &Map<String, Json>) -> Vec<String> {
    ticket
        .get("tags")
        .and_then(Json::as_array)
        .map(|t| {
            t.iter()
                .filter_map(Json::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn rank(field: &str, value: &str) -> Option<usize> {
    let order = match field {
        "status" => STATUSES,
        "priority" => PRIORITIES,
        _ => return None,
    };
    order.iter().position(|s| *s == value)
}

fn condition_holds(
    c: &Json,
    previous: Option<&Map<String, Json>>,
    current: &Map<String, Json>,
    update: UpdateType,
) -> bool {
    let field = c.get("field").and_then(Json::as_str).unwrap_or_default();
    let operator = c.get("operator").and_then(Json::as_str).unwrap_or_default();
    let value = c.get("value").map(value_text).unwrap_or_default();
    match field {
        "update_type" => {
            let is = match update {
                UpdateType::Create => value == "Create",
                UpdateType::Change => value == "Change",
            };
            return if operator == "is_not" { !is } else { is };
        }
        "current_tags" => {
            let have = tags(current);
            let any = value
                .split_whitespace()
                .any(|t| have.iter().any(|h| h == t));
            return if operator == "not_includes" {
                !any
            } else {
                any
            };
        }
        _ => {}
    }
    let now = field_text(Some(current), field);
    let before = field_text(previous, field);
    let changed = now != before;
    match operator {
        "is" => now == value,
        "is_not" => now != value,
        "present" => !now.is_empty() && now != "false",
        "not_present" => now.is_empty() || now == "false",
        "less_than" => {
            matches!((rank(field, &now), rank(field, &value)), (Some(a), Some(b)) if a < b)
        }
        "greater_than" => {
            matches!((rank(field, &now), rank(field, &value)), (Some(a), Some(b)) if a > b)
        }
        "changed" => changed,
        "not_changed" => !changed,
        "value" => changed && now == value,
        "value_previous" => changed && before == value,
        "not_value" => changed && now != value,
        "not_value_previous" => changed && before != value,
        _ => false,
    }
}

fn conditions_hold(
    trigger: &Json,
    previous: Option<&Map<String, Json>>,
    current: &Map<String, Json>,
    update: UpdateType,
) -> bool {
    let list = |group: &str| -> Vec<Json> {
        trigger
            .pointer(&format!("/conditions/{group}"))
            .and_then(Json::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let all = list("all");
    let any = list("any");
    all.iter()
        .all(|c| condition_holds(c, previous, current, update))
        && (any.is_empty()
            || any
                .iter()
                .any(|c| condition_holds(c, previous, current, update)))
}

fn apply_action(action: &Json, ticket: &mut Map<String, Json>) {
    let field = action
        .get("field")
        .and_then(Json::as_str)
        .unwrap_or_default();
    let value = action.get("value").cloned().unwrap_or(Json::Null);
    let words = |v: &Json| -> Vec<String> {
        value_text(v)
            .split_whitespace()
            .map(str::to_lowercase)
            .collect()
    };
    match field {
        "status" | "priority" | "type" | "assignee_id" | "group_id" => {
            ticket.insert(field.to_owned(), value);
        }
        "current_tags" | "set_tags" | "remove_tags" => {
            let mut have = if field == "set_tags" {
                Vec::new()
            } else {
                tags(ticket)
            };
            for t in words(&value) {
                if field == "remove_tags" {
                    have.retain(|h| *h != t);
                } else if !have.contains(&t) {
                    have.push(t);
                }
            }
            ticket.insert("tags".into(), json!(have));
        }
        _ => {}
    }
}

/// Runs the active triggers over one update, changing `current` by their actions; returns the
/// webhooks to call, in firing order.
pub fn run(
    triggers: &[&Json],
    previous: Option<&Map<String, Json>>,
    current: &mut Map<String, Json>,
    update: UpdateType,
) -> Vec<Firing> {
    let mut ordered: Vec<&Json> = triggers
        .iter()
        .copied()
        .filter(|t| t.get("active").and_then(Json::as_bool).unwrap_or(true))
        .collect();
    ordered.sort_by_key(|t| {
        (
            t.get("position").and_then(Json::as_i64).unwrap_or(i64::MAX),
            t.get("id").and_then(Json::as_u64).unwrap_or(0),
        )
    });
    let mut fired = HashSet::new();
    let mut firings = Vec::new();
    // A trigger's actions can make an earlier one hold: start over after each firing.
    'cycle: loop {
        for trigger in &ordered {
            let id = trigger.get("id").and_then(Json::as_u64).unwrap_or(0);
            if fired.contains(&id) || !conditions_hold(trigger, previous, current, update) {
                continue;
            }
            fired.insert(id);
            for action in trigger
                .get("actions")
                .and_then(Json::as_array)
                .into_iter()
                .flatten()
            {
                if action.get("field").and_then(Json::as_str) == Some("notification_webhook") {
                    if let Some([Json::String(webhook), Json::String(body)]) = action
                        .get("value")
                        .and_then(Json::as_array)
                        .map(Vec::as_slice)
                    {
                        firings.push(Firing {
                            trigger_id: id,
                            webhook_id: webhook.clone(),
                            body_template: body.clone(),
                        });
                    }
                } else {
                    apply_action(action, current);
                }
            }
            continue 'cycle;
        }
        return firings;
    }
}

/// The sample a webhook body is rendered against: the ticket with its users, as the zendesk
/// dialect expects it.
pub fn placeholder_sample(
    ticket: &Map<String, Json>,
    latest_comment: Option<&Json>,
    users: &[Json],
    current_user: Option<&Json>,
) -> Json {
    let mut sample = json!({
        "ticket": ticket,
        "users": users,
        "subdomain": DEMO_SUBDOMAIN,
    });
    if let Some(c) = latest_comment {
        sample["latest_comment"] = c.clone();
    }
    if let Some(u) = current_user {
        sample["current_user"] = u.clone();
    }
    sample
}

/// A firing with its body rendered, ready to deliver.
pub struct Delivery {
    pub firing: Firing,
    pub ticket_id: u64,
    /// The ticket as it stood after the update; the body is rendered from it by the delivery
    /// task, outside the state lock.
    pub sample: std::sync::Arc<Json>,
}

pub fn render_body(template_text: &str, sample: &Json) -> Result<String, String> {
    let compiled = template::parse(template_text, Dialect::Zendesk).map_err(|e| {
        format!(
            "placeholder error at {}:{}: {}",
            e.line,
            e.col,
            e.kind.message()
        )
    })?;
    match compiled.render(&Environment::new(), Some(sample)) {
        Ok(Rendered::Output(s)) => Ok(s),
        Ok(Rendered::Aborted(reason)) => {
            Err(format!("rendering stopped: {}", reason.unwrap_or_default()))
        }
        Err(e) => Err(format!(
            "placeholder error at {}:{}: {}",
            e.line,
            e.col,
            e.kind.message()
        )),
    }
}

pub fn json_map(v: Json) -> Map<String, Json> {
    match v {
        Json::Object(m) => m,
        _ => Map::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticket(v: Json) -> Map<String, Json> {
        json_map(v)
    }

    fn solved_trigger(id: u64, position: i64) -> Json {
        json!({"id": id, "title": "Solved → Braze", "active": true, "position": position,
            "conditions": {"all": [{"field": "status", "operator": "value", "value": "solved"}], "any": []},
            "actions": [{"field": "notification_webhook", "value": ["W1", "{\"id\": {{ticket.id}}}"]}]})
    }

    #[test]
    fn changed_to_fires_once_not_on_later_updates() {
        let t = solved_trigger(1, 1);
        let before = ticket(json!({"id": 7, "status": "open"}));
        let mut after = ticket(json!({"id": 7, "status": "solved"}));
        assert_eq!(
            run(&[&t], Some(&before), &mut after, UpdateType::Change).len(),
            1
        );
        // An unrelated update of a solved ticket: status did not change.
        let mut again = ticket(json!({"id": 7, "status": "solved", "priority": "high"}));
        assert!(run(&[&t], Some(&after), &mut again, UpdateType::Change).is_empty());
        // `is solved` would fire again (the loop risk the linter warns about).
        let is = json!({"id": 2, "title": "x", "conditions": {"all": [{"field": "status", "operator": "is", "value": "solved"}]},
            "actions": [{"field": "notification_webhook", "value": ["W1", "{}"]}]});
        assert_eq!(
            run(&[&is], Some(&after), &mut again, UpdateType::Change).len(),
            1
        );
    }

    #[test]
    fn actions_can_make_other_triggers_fire_and_each_fires_once() {
        let tagger = json!({"id": 1, "title": "tag urgent", "position": 2,
            "conditions": {"all": [{"field": "priority", "operator": "is", "value": "urgent"}]},
            "actions": [{"field": "current_tags", "value": "vip escalated"}]});
        let notifier = json!({"id": 2, "title": "notify", "position": 1,
            "conditions": {"all": [{"field": "current_tags", "operator": "includes", "value": "escalated"}]},
            "actions": [{"field": "notification_webhook", "value": ["W1", "{}"]}]});
        let mut t = ticket(json!({"id": 1, "priority": "urgent", "tags": []}));
        let firings = run(&[&tagger, &notifier], None, &mut t, UpdateType::Create);
        assert_eq!(firings.len(), 1);
        assert_eq!(t["tags"], json!(["vip", "escalated"]));
    }

    #[test]
    fn exclusion_tags_and_update_type_work() {
        let t = json!({"id": 1, "title": "x", "conditions": {
            "all": [{"field": "update_type", "operator": "is", "value": "Create"},
                    {"field": "current_tags", "operator": "not_includes", "value": "from_braze"}],
            "any": [{"field": "priority", "operator": "greater_than", "value": "normal"},
                    {"field": "type", "operator": "is", "value": "incident"}]},
            "actions": [{"field": "notification_webhook", "value": ["W1", "{}"]}]});
        let mut high = ticket(json!({"priority": "high", "tags": []}));
        assert_eq!(run(&[&t], None, &mut high, UpdateType::Create).len(), 1);
        let mut tagged = ticket(json!({"priority": "high", "tags": ["from_braze"]}));
        assert!(run(&[&t], None, &mut tagged, UpdateType::Create).is_empty());
        let mut low = ticket(json!({"priority": "low", "type": "question", "tags": []}));
        assert!(run(&[&t], None, &mut low, UpdateType::Create).is_empty());
        let mut change = ticket(json!({"priority": "high", "tags": []}));
        assert!(run(&[&t], None, &mut change, UpdateType::Change).is_empty());
    }

    #[test]
    fn validation_names_each_problem() {
        let bad = json!({"title": "", "conditions": {"all": [
            {"field": "status", "operator": "value", "value": "Solved"},
            {"field": "mood", "operator": "is", "value": "x"},
            {"field": "status", "operator": "includes", "value": "open"}]},
            "actions": [{"field": "notification_webhook", "value": ["nope", "{}"]}]});
        let problems = validate(&bad, |_| false);
        let text: Vec<&str> = problems.iter().map(|(_, d)| d.as_str()).collect();
        assert_eq!(problems.len(), 5, "{text:#?}");
        assert!(text[1].contains("`Solved` is not a valid status"));
        assert!(text[2].contains("`mood`"));
        assert!(text[3].contains("`includes` is not valid for `status`"));
        assert!(text[4].contains("webhook `nope` does not exist"));
        assert!(validate(&solved_trigger(1, 1), |id| id == "W1").is_empty());
    }
}
