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
    ("status_category", CHANGE_OPERATORS),
    ("custom_status_id", CUSTOM_STATUS_OPERATORS),
];

/// The five status categories of custom ticket statuses; closed tickets are in solved.
pub const STATUS_CATEGORIES: &[&str] = &["new", "open", "pending", "hold", "solved"];

/// A `custom_status_id` condition also takes a list of ids with `includes`.
pub const CUSTOM_STATUS_OPERATORS: &[&str] = &[
    "is",
    "is_not",
    "includes",
    "not_includes",
    "changed",
    "value",
    "value_previous",
    "not_changed",
    "not_value",
    "not_value_previous",
];

/// A ticket status's category: its own name, except closed, which is in solved.
pub fn category_of(status: &str) -> &str {
    if status == "closed" { "solved" } else { status }
}
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
    /// The rule's id: a trigger's, or an automation's when `rule` says so.
    pub trigger_id: u64,
    /// `"trigger"` or `"automation"`: what the invocation names as its source.
    pub rule: &'static str,
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
                "status_category" => Some(STATUS_CATEGORIES),
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
    if field == "status_category" {
        return ticket
            .and_then(|t| t.get("status"))
            .and_then(Json::as_str)
            .map(|s| category_of(s).to_owned())
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
        "custom_status_id" if matches!(operator, "includes" | "not_includes") => {
            let now = field_text(Some(current), field);
            let listed = match c.get("value") {
                Some(Json::Array(ids)) => ids.iter().any(|i| value_text(i) == now),
                Some(v) => value_text(v).split_whitespace().any(|i| i == now),
                None => false,
            };
            return listed == (operator == "includes");
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

pub(crate) fn apply_action(action: &Json, ticket: &mut Map<String, Json>) {
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
#[cfg(test)]
pub fn run(
    triggers: &[&Json],
    previous: Option<&Map<String, Json>>,
    current: &mut Map<String, Json>,
    update: UpdateType,
) -> Vec<Firing> {
    run_traced(triggers, previous, current, update).firings
}

/// What a rule that fired changed: the ticket before and after its actions.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleChange {
    pub rule: &'static str,
    pub id: u64,
    pub title: Json,
    pub before: Map<String, Json>,
    pub after: Map<String, Json>,
    /// The webhooks it notified.
    pub webhooks: Vec<String>,
}

/// One run of the rules over a ticket: the webhooks to call, each active rule's trace (see
/// [`rule_trace`]) and what each firing rule changed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RuleRun {
    pub firings: Vec<Firing>,
    pub traces: Vec<Json>,
    pub changes: Vec<RuleChange>,
}

/// [`run`], keeping why each trigger fired or not: a firing trigger's conditions as they held
/// when it fired, the others' as they stand once no more trigger fires.
pub fn run_traced(
    triggers: &[&Json],
    previous: Option<&Map<String, Json>>,
    current: &mut Map<String, Json>,
    update: UpdateType,
) -> RuleRun {
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
    let mut out = RuleRun::default();
    let mut traces: Vec<(u64, Json)> = Vec::new();
    // A trigger's actions can make an earlier one hold: start over after each firing.
    'cycle: loop {
        for trigger in &ordered {
            let id = trigger.get("id").and_then(Json::as_u64).unwrap_or(0);
            if fired.contains(&id) || !conditions_hold(trigger, previous, current, update) {
                continue;
            }
            fired.insert(id);
            let mut trace = rule_trace(trigger, "trigger", previous, current, update, None);
            trace["fired"] = json!(true);
            traces.push((id, trace));
            let before = current.clone();
            let firings = apply_rule(trigger, "trigger", current);
            out.changes.push(RuleChange {
                rule: "trigger",
                id,
                title: trigger.get("title").cloned().unwrap_or(Json::Null),
                before,
                after: current.clone(),
                webhooks: firings.iter().map(|f| f.webhook_id.clone()).collect(),
            });
            out.firings.extend(firings);
            continue 'cycle;
        }
        break;
    }
    for trigger in &ordered {
        let id = trigger.get("id").and_then(Json::as_u64).unwrap_or(0);
        if !fired.contains(&id) {
            traces.push((
                id,
                rule_trace(trigger, "trigger", previous, current, update, None),
            ));
        }
    }
    // In the order Zendesk runs them.
    let order = |id: u64| {
        ordered
            .iter()
            .position(|t| t.get("id").and_then(Json::as_u64) == Some(id))
    };
    traces.sort_by_key(|(id, _)| order(*id));
    out.traces = traces.into_iter().map(|(_, t)| t).collect();
    out
}

/// A time-based field's whole hours on the ticket (None when it does not apply).
pub type HoursOf<'a> = dyn Fn(&str) -> Option<i64> + 'a;

/// Why a rule fired or not: `{"rule", "id", "title", "fired", "conditions": [{"group", "field",
/// "operator", "value", "saw", "before"?, "holds"}]}`. `saw` is the value the condition read
/// (the ticket's tags for a tags condition, the update type, the hours for a time-based
/// condition, null when it does not apply); `before` the value before the update, for the
/// operators that compare with it. `fired` is false here: the caller sets it.
pub fn rule_trace(
    rule: &Json,
    kind: &'static str,
    previous: Option<&Map<String, Json>>,
    current: &Map<String, Json>,
    update: UpdateType,
    hours: Option<&HoursOf<'_>>,
) -> Json {
    let mut conditions = Vec::new();
    for group in ["all", "any"] {
        for c in rule
            .pointer(&format!("/conditions/{group}"))
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
        {
            let field = c.get("field").and_then(Json::as_str).unwrap_or_default();
            let operator = c.get("operator").and_then(Json::as_str).unwrap_or_default();
            let mut row = json!({
                "group": group,
                "field": field,
                "operator": operator,
                "value": c.get("value").cloned().unwrap_or(Json::Null),
            });
            let holds = if let (true, Some(hours)) = (TIME_FIELDS.contains(&field), hours) {
                let have = hours(field);
                row["saw"] = json!(have);
                match (have, whole_hours(c.get("value"))) {
                    (Some(have), Some(want)) => match operator {
                        "is" => have == want,
                        "less_than" => have < want,
                        "greater_than" => have > want,
                        _ => false,
                    },
                    _ => false,
                }
            } else {
                row["saw"] = match field {
                    "current_tags" => json!(tags(current).join(" ")),
                    "update_type" => json!(match update {
                        UpdateType::Create => "Create",
                        UpdateType::Change => "Change",
                    }),
                    _ => json!(field_text(Some(current), field)),
                };
                if CHANGE_ONLY.contains(&operator) && field != "current_tags" {
                    row["before"] = json!(field_text(previous, field));
                }
                condition_holds(c, previous, current, update)
            };
            row["holds"] = json!(holds);
            conditions.push(row);
        }
    }
    json!({
        "rule": kind,
        "id": rule.get("id").cloned().unwrap_or(Json::Null),
        "title": rule.get("title").cloned().unwrap_or(Json::Null),
        "fired": false,
        "conditions": conditions,
    })
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

// ---- automations ----

/// The time-based condition fields the sandbox's automations read: hours since the ticket was
/// created (`NEW`), since it entered its current status (`OPEN`, `PENDING`, `HOLD`, `SOLVED`,
/// `CLOSED`; only while it is still in that status), and since its last update
/// (`updated_at`). Source: docs/zendesk-api.md#automations.
pub const TIME_FIELDS: &[&str] = &[
    "NEW",
    "OPEN",
    "PENDING",
    "HOLD",
    "SOLVED",
    "CLOSED",
    "updated_at",
];

/// The operators of a time-based condition (calendar hours).
pub const TIME_OPERATORS: &[&str] = &["is", "less_than", "greater_than"];

/// The ticket properties one of which an automation's `all` conditions must test.
const PROPERTY_FIELDS: &[&str] = &[
    "status",
    "status_category",
    "custom_status_id",
    "type",
    "group_id",
    "assignee_id",
    "requester_id",
];

/// Operators that only mean something on an update; automations run on no update.
const CHANGE_ONLY: &[&str] = &[
    "changed",
    "value",
    "value_previous",
    "not_changed",
    "not_value",
    "not_value_previous",
];

/// A time-based condition's hours: whole numbers ("1.5 is interpreted as 1").
fn whole_hours(v: Option<&Json>) -> Option<i64> {
    match v? {
        Json::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f.floor() as i64)),
        Json::String(s) => s
            .trim()
            .parse::<i64>()
            .ok()
            .or_else(|| s.trim().parse::<f64>().ok().map(|f| f.floor() as i64)),
        _ => None,
    }
    .filter(|h| *h >= 0)
}

/// Whether `action` makes `condition` false on a ticket where it held: the action sets the
/// field the condition tests to a value the condition refuses, or adds the tag it excludes,
/// or removes the tag it needs.
fn nullifies(action: &Json, condition: &Json) -> bool {
    let a_field = action
        .get("field")
        .and_then(Json::as_str)
        .unwrap_or_default();
    let a_value = action.get("value").map(value_text).unwrap_or_default();
    let c_field = condition
        .get("field")
        .and_then(Json::as_str)
        .unwrap_or_default();
    let operator = condition
        .get("operator")
        .and_then(Json::as_str)
        .unwrap_or_default();
    let c_value = condition.get("value").map(value_text).unwrap_or_default();
    if c_field == "current_tags" {
        let words = |s: &str| {
            s.split_whitespace()
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
        };
        let wanted = words(&c_value);
        return match (a_field, operator) {
            ("current_tags" | "set_tags", "not_includes") => {
                words(&a_value).iter().any(|t| wanted.contains(t))
            }
            ("remove_tags", "includes") => wanted.iter().all(|t| words(&a_value).contains(t)),
            ("set_tags", "includes") => !wanted.iter().any(|t| words(&a_value).contains(t)),
            _ => false,
        };
    }
    // A status action moves the ticket's category too.
    if a_field == "status" && c_field == "status_category" {
        let moved = category_of(&a_value).to_owned();
        return match operator {
            "is" => moved != c_value,
            "is_not" => moved == c_value,
            _ => false,
        };
    }
    if a_field != c_field {
        return false;
    }
    match operator {
        "is" => a_value != c_value,
        "is_not" => a_value == c_value,
        "less_than" | "greater_than" => match (rank(c_field, &a_value), rank(c_field, &c_value)) {
            (Some(a), Some(c)) => {
                if operator == "less_than" {
                    a >= c
                } else {
                    a <= c
                }
            }
            _ => false,
        },
        _ => false,
    }
}

/// Checks an automation as Zendesk's Create/Update Automation do (docs/zendesk-api.md#automations):
/// the trigger rules for fields, operators and actions, and also: at least one time-based
/// condition, only in `all`, with whole hours; a condition in `all` on status, type, group,
/// assignee or requester; no operators that need an update; and a condition that is true only
/// once (a time-based `is`) or an action that nullifies one of the conditions. Each problem is
/// `(field, description)`; the wording is the sandbox's own.
pub fn validate_automation(
    automation: &Json,
    webhook_exists: impl Fn(&str) -> bool,
) -> Vec<(String, String)> {
    let list = |group: &str| -> Vec<Json> {
        automation
            .pointer(&format!("/conditions/{group}"))
            .and_then(Json::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let (all, any) = (list("all"), list("any"));
    let field = |c: &Json| {
        c.get("field")
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let is_time = |c: &Json| TIME_FIELDS.contains(&field(c).as_str());
    let mut problems = Vec::new();
    // The rest is checked as a trigger's conditions and actions are.
    let mut rest = automation.clone();
    rest["conditions"] = json!({
        "all": all.iter().filter(|c| !is_time(c)).cloned().collect::<Vec<_>>(),
        "any": any.iter().filter(|c| !is_time(c)).cloned().collect::<Vec<_>>(),
    });
    problems.extend(
        validate(&rest, webhook_exists)
            .into_iter()
            .filter(|(_, d)| !d.contains("needs at least one condition")),
    );
    for (group, conditions) in [("all", &all), ("any", &any)] {
        for (i, c) in conditions.iter().enumerate() {
            let operator = c.get("operator").and_then(Json::as_str).unwrap_or_default();
            if is_time(c) {
                if group == "any" {
                    problems.push((
                        "conditions".into(),
                        format!("Conditions: any[{i}] `{}` is time-based, and time-based conditions are only allowed in \"all\"", field(c)),
                    ));
                } else if !TIME_OPERATORS.contains(&operator) {
                    problems.push((
                        "conditions".into(),
                        format!("Conditions: all[{i}] operator `{operator}` is not valid for `{}` (valid: {})", field(c), TIME_OPERATORS.join(", ")),
                    ));
                } else if whole_hours(c.get("value")).is_none() {
                    problems.push((
                        "conditions".into(),
                        format!(
                            "Conditions: all[{i}] `{}` takes a whole number of hours",
                            field(c)
                        ),
                    ));
                }
            } else if CHANGE_ONLY.contains(&operator) || field(c) == "update_type" {
                problems.push((
                    "conditions".into(),
                    format!("Conditions: {group}[{i}] `{}` `{operator}` needs a ticket update; automations run on none", field(c)),
                ));
            }
        }
    }
    if !all.iter().any(&is_time) {
        problems.push((
            "conditions".into(),
            format!("Conditions: an automation needs at least one time-based condition in \"all\" (one of {})", TIME_FIELDS.join(", ")),
        ));
    }
    if !all
        .iter()
        .any(|c| PROPERTY_FIELDS.contains(&field(c).as_str()))
    {
        problems.push((
            "conditions".into(),
            format!(
                "Conditions: an automation needs a condition in \"all\" on one of {}",
                PROPERTY_FIELDS.join(", ")
            ),
        ));
    }
    let actions = automation
        .get("actions")
        .and_then(Json::as_array)
        .cloned()
        .unwrap_or_default();
    let once = all
        .iter()
        .any(|c| is_time(c) && c.get("operator").and_then(Json::as_str) == Some("is"));
    let nullified = actions
        .iter()
        .any(|a| all.iter().chain(&any).any(|c| nullifies(a, c)));
    if !once && !nullified && !actions.is_empty() {
        problems.push((
            "actions".into(),
            "Actions: an automation needs a condition that is true only once (hours since … is N) or an action that cancels one of its conditions (add a tag the conditions exclude), or it runs again every hour".into(),
        ));
    }
    problems
}

/// Whether an automation's conditions hold on `ticket` now; `hours` gives a time-based field's
/// hours (None when it does not apply, as hours since solved on an open ticket).
pub fn automation_holds(
    automation: &Json,
    ticket: &Map<String, Json>,
    hours: impl Fn(&str) -> Option<i64>,
) -> bool {
    let holds = |c: &Json| -> bool {
        let field = c.get("field").and_then(Json::as_str).unwrap_or_default();
        if TIME_FIELDS.contains(&field) {
            let (Some(have), Some(want)) = (hours(field), whole_hours(c.get("value"))) else {
                return false;
            };
            return match c.get("operator").and_then(Json::as_str) {
                Some("is") => have == want,
                Some("less_than") => have < want,
                Some("greater_than") => have > want,
                _ => false,
            };
        }
        condition_holds(c, Some(ticket), ticket, UpdateType::Change)
    };
    let conditions = automation.get("conditions");
    let list = |group: &str| -> &[Json] {
        conditions
            .and_then(|c| c.get(group))
            .and_then(Json::as_array)
            .map_or(&[], Vec::as_slice)
    };
    let (all, any) = (list("all"), list("any"));
    all.iter().all(holds) && (any.is_empty() || any.iter().any(holds))
}

/// Applies a firing automation's actions to `ticket`; returns its webhook notifications.
pub fn apply_automation(automation: &Json, ticket: &mut Map<String, Json>) -> Vec<Firing> {
    apply_rule(automation, "automation", ticket)
}

/// Applies a firing rule's actions (a trigger's or an automation's, as `kind` names it) to
/// `ticket`; returns its webhook notifications, in order.
fn apply_rule(rule: &Json, kind: &'static str, ticket: &mut Map<String, Json>) -> Vec<Firing> {
    let id = rule.get("id").and_then(Json::as_u64).unwrap_or(0);
    let mut firings = Vec::new();
    for action in rule
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
                    rule: kind,
                    webhook_id: webhook.clone(),
                    body_template: body.clone(),
                });
            }
        } else {
            apply_action(action, ticket);
        }
    }
    firings
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

    fn solved_later(guard: bool) -> Json {
        let mut all = vec![
            json!({"field": "status", "operator": "is", "value": "solved"}),
            json!({"field": "SOLVED", "operator": "greater_than", "value": "24"}),
        ];
        let mut actions = vec![json!({"field": "notification_webhook", "value": ["W1", "{}"]})];
        if guard {
            all.push(json!({"field": "current_tags", "operator": "not_includes", "value": "braze_notified"}));
            actions.push(json!({"field": "current_tags", "value": "braze_notified"}));
        }
        json!({"id": 9, "title": "24 h after solved", "conditions": {"all": all, "any": []}, "actions": actions})
    }

    /// Hour by hour from the solve: with the tag guard one notification, at hour 25; without
    /// it one every hour from 25 on (why Zendesk refuses such an automation).
    #[test]
    fn an_automation_without_a_guard_fires_every_hour() {
        for (guard, expected) in [(true, vec![25]), (false, vec![25, 26, 27, 28, 29, 30])] {
            let automation = solved_later(guard);
            let mut t = ticket(json!({"id": 1, "status": "solved", "tags": []}));
            let mut hours_fired = Vec::new();
            for hour in 1..=30 {
                if automation_holds(&automation, &t, |f| (f == "SOLVED").then_some(hour)) {
                    assert_eq!(apply_automation(&automation, &mut t).len(), 1);
                    hours_fired.push(hour);
                }
            }
            assert_eq!(hours_fired, expected, "guard: {guard}");
        }
    }

    #[test]
    fn automation_rules_are_checked_as_zendesk_documents_them() {
        assert!(validate_automation(&solved_later(true), |w| w == "W1").is_empty());
        let text = |a: &Json| -> String {
            validate_automation(a, |w| w == "W1")
                .into_iter()
                .map(|(_, d)| d)
                .collect::<Vec<_>>()
                .join(" | ")
        };
        // No guard and no condition true only once.
        assert!(text(&solved_later(false)).contains("runs again every hour"));
        // "Hours since solved is 25" is true only once: accepted without a guard.
        let mut once = solved_later(false);
        once["conditions"]["all"][1] = json!({"field": "SOLVED", "operator": "is", "value": 25});
        assert_eq!(text(&once), "");
        // No time-based condition; one in "any"; a decimal is read as whole hours.
        let mut untimed = solved_later(true);
        untimed["conditions"]["all"]
            .as_array_mut()
            .unwrap()
            .remove(1);
        untimed["conditions"]["any"] =
            json!([{"field": "SOLVED", "operator": "greater_than", "value": "1"}]);
        let problems = text(&untimed);
        assert!(
            problems.contains("at least one time-based condition"),
            "{problems}"
        );
        assert!(problems.contains("only allowed in \"all\""), "{problems}");
        let mut decimal = solved_later(true);
        decimal["conditions"]["all"][1]["value"] = json!("24.5");
        assert_eq!(text(&decimal), "");
        decimal["conditions"]["all"][1]["value"] = json!("soon");
        assert!(text(&decimal).contains("whole number of hours"));
        // No condition on a ticket property; an operator that needs an update.
        let mut no_property = solved_later(true);
        no_property["conditions"]["all"]
            .as_array_mut()
            .unwrap()
            .remove(0);
        assert!(text(&no_property).contains("on one of status, status_category"));
        let mut changed = solved_later(true);
        changed["conditions"]["all"][0]["operator"] = json!("value");
        assert!(text(&changed).contains("needs a ticket update"));
        // A status action that moves the ticket out of the condition nullifies it.
        let mut closes = solved_later(false);
        closes["actions"] = json!([{"field": "status", "value": "closed"}]);
        assert_eq!(text(&closes), "");
    }
}
