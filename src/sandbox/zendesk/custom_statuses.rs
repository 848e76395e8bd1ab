//! Custom ticket statuses: each in one of five status categories; list, create, show, update.
//! With them on (`POST /__sandbox/account {"custom_statuses": true}`) tickets carry
//! `custom_status_id`, and setting `status` picks its category's default.
//! Source: docs/zendesk-api.md#custom-ticket-statuses.

use serde_json::{Map, Value as Json, json};

use super::*;

/// The five status categories ("You can't create, change, or delete status categories").
use engine::{STATUS_CATEGORIES as CATEGORIES, category_of};

/// The default custom status of a category: the active one marked `default`.
pub(super) fn default_of(state: &State, category: &str) -> Option<u64> {
    state
        .custom_statuses
        .iter()
        .find(|s| {
            s.get("status_category").and_then(Json::as_str) == Some(category)
                && s.get("default").and_then(Json::as_bool) == Some(true)
        })
        .and_then(|s| s.get("id").and_then(Json::as_u64))
}

pub(super) fn find_status(state: &State, id: u64) -> Option<&Json> {
    state
        .custom_statuses
        .iter()
        .find(|s| s.get("id").and_then(Json::as_u64) == Some(id))
}

/// Keeps a ticket's `custom_status_id` in step with its `status`, as Zendesk does once custom
/// statuses are on: a status whose category the custom status is not in takes the category's
/// default. Nothing when they are off.
pub(super) fn sync_custom_status(state: &State, ticket: &mut Map<String, Json>) {
    if !state.custom_statuses_enabled {
        return;
    }
    let status = ticket
        .get("status")
        .and_then(Json::as_str)
        .unwrap_or("new")
        .to_owned();
    let category = category_of(&status);
    let current = ticket
        .get("custom_status_id")
        .and_then(Json::as_u64)
        .and_then(|id| find_status(state, id))
        .and_then(|s| s.get("status_category").and_then(Json::as_str));
    if current != Some(category)
        && let Some(id) = default_of(state, category)
    {
        ticket.insert("custom_status_id".into(), json!(id));
    }
}

/// A ticket request's `custom_status_id`: an active custom status, whose category becomes the
/// ticket's status (unless the request also sets a status in that category, like closed).
pub(super) fn apply_custom_status(
    state: &State,
    value: &Json,
    ticket: &mut Map<String, Json>,
) -> Result<(), String> {
    let status = id_value(value)
        .and_then(|id| find_status(state, id))
        .filter(|s| s.get("active").and_then(Json::as_bool) == Some(true));
    let Some(status) = status else {
        return Err(format!(
            "Custom status: {value} is not an active custom ticket status"
        ));
    };
    let category = status
        .get("status_category")
        .and_then(Json::as_str)
        .unwrap_or("open");
    let current = ticket.get("status").and_then(Json::as_str).unwrap_or("new");
    if category_of(current) != category {
        ticket.insert("status".into(), json!(category));
    }
    ticket.insert("custom_status_id".into(), status["id"].clone());
    Ok(())
}

/// The five default statuses, one per category, as a new account has them.
pub(crate) fn system_statuses(first_id: u64, created: &str) -> Vec<Json> {
    let labels = [
        ("new", "New", "Open"),
        ("open", "Open", "Open"),
        ("pending", "Pending", "Awaiting your reply"),
        ("hold", "On-hold", "Open"),
        ("solved", "Solved", "Solved"),
    ];
    labels
        .iter()
        .enumerate()
        .map(|(i, (category, agent, end_user))| {
            json!({
                "id": first_id + i as u64,
                "status_category": category,
                "agent_label": agent,
                "raw_agent_label": agent,
                "end_user_label": end_user,
                "raw_end_user_label": end_user,
                "description": "",
                "raw_description": "",
                "end_user_description": "",
                "raw_end_user_description": "",
                "active": true,
                "default": true,
                "created_at": created,
                "updated_at": created,
            })
        })
        .collect()
}

/// `GET /custom_statuses`: every status, `status_categories=open,pending` and `active=` filter.
/// https://developer.zendesk.com/api-reference/ticketing/tickets/custom_ticket_statuses/#list-custom-ticket-statuses
pub(super) fn list_custom_statuses(shared: &Shared, req: &Req) -> Reply {
    let categories: Option<Vec<&str>> = req
        .query("status_categories")
        .map(|c| c.split(',').map(str::trim).collect());
    let active = req.query("active").and_then(|a| a.parse::<bool>().ok());
    let state = shared.state();
    let list: Vec<&Json> = state
        .custom_statuses
        .iter()
        .filter(|s| {
            categories.as_ref().is_none_or(|c| {
                c.contains(
                    &s.get("status_category")
                        .and_then(Json::as_str)
                        .unwrap_or(""),
                )
            })
        })
        .filter(|s| active.is_none_or(|a| s.get("active").and_then(Json::as_bool) == Some(a)))
        .collect();
    Reply::json(200, &json!({"custom_statuses": list}))
}

pub(super) fn show_custom_status(shared: &Shared, id: u64) -> Reply {
    match find_status(&shared.state(), id) {
        Some(s) => Reply::json(200, &json!({"custom_status": s})),
        None => not_found(),
    }
}

const LABELS: &[&str] = &[
    "agent_label",
    "end_user_label",
    "description",
    "end_user_description",
];

fn label_problems(
    input: &Map<String, Json>,
    creating: bool,
) -> Vec<(String, String, &'static str)> {
    let mut problems = Vec::new();
    match input.get("agent_label") {
        None if !creating => {}
        Some(Json::String(l)) if !l.trim().is_empty() && l.chars().count() <= 48 => {}
        _ => problems.push((
            "agent_label".into(),
            "Agent label: is required, at most 48 characters".into(),
            "InvalidValue",
        )),
    }
    problems
}

/// `POST /custom_statuses` with `{"custom_status": {status_category, agent_label, ...}}`: 201;
/// a category outside the five or a missing label, 422 RecordInvalid.
pub(super) fn create_custom_status(shared: &Shared, req: &Req) -> Reply {
    let input = match wrapped(req, "custom_status") {
        Ok(i) => i,
        Err(r) => return r,
    };
    let mut problems = label_problems(&input, true);
    let category = input
        .get("status_category")
        .and_then(Json::as_str)
        .filter(|c| CATEGORIES.contains(c));
    if category.is_none() {
        problems.push((
            "status_category".into(),
            format!(
                "Status category: is invalid (one of {})",
                CATEGORIES.join(", ")
            ),
            "InvalidValue",
        ));
    }
    if !problems.is_empty() {
        return record_invalid(problems);
    }
    let mut state = shared.state();
    let id = state.next_custom_status_id;
    state.next_custom_status_id += 1;
    let created = now();
    let mut status = json_map(json!({
        "id": id,
        "status_category": category,
        "active": input.get("active").and_then(Json::as_bool).unwrap_or(true),
        "default": false,
        "description": "",
        "end_user_description": "",
        "created_at": created,
        "updated_at": created,
    }));
    for key in LABELS {
        if let Some(v) = input.get(*key).filter(|v| v.is_string()) {
            status.insert((*key).into(), v.clone());
            status.insert(format!("raw_{key}"), v.clone());
        }
    }
    if !status.contains_key("end_user_label") {
        status.insert("end_user_label".into(), input["agent_label"].clone());
    }
    let status = Json::Object(status);
    state.custom_statuses.push(status.clone());
    state.touch(Key::CustomStatuses);
    drop(state);
    shared.changed();
    Reply::json(201, &json!({"custom_status": status}))
}

/// `PUT /custom_statuses/{id}`: labels, descriptions and `active` change; the category cannot,
/// and a default status cannot be deactivated ("must always be Active").
pub(super) fn update_custom_status(shared: &Shared, req: &Req, id: u64) -> Reply {
    let input = match wrapped(req, "custom_status") {
        Ok(i) => i,
        Err(r) => return r,
    };
    let mut problems = label_problems(&input, false);
    let mut state = shared.state();
    let Some(index) = state
        .custom_statuses
        .iter()
        .position(|s| s.get("id").and_then(Json::as_u64) == Some(id))
    else {
        return not_found();
    };
    let existing = state.custom_statuses[index].clone();
    if input.get("active") == Some(&json!(false)) && existing["default"] == json!(true) {
        problems.push((
            "active".into(),
            "Active: a category's default status must stay active".into(),
            "InvalidValue",
        ));
    }
    if input
        .get("status_category")
        .is_some_and(|c| c != &existing["status_category"])
    {
        problems.push((
            "status_category".into(),
            "Status category: cannot be changed".into(),
            "InvalidValue",
        ));
    }
    if !problems.is_empty() {
        return record_invalid(problems);
    }
    let mut status = json_map(existing);
    for key in LABELS {
        if let Some(v) = input.get(*key).filter(|v| v.is_string()) {
            status.insert((*key).into(), v.clone());
            status.insert(format!("raw_{key}"), v.clone());
        }
    }
    if let Some(a) = input.get("active").and_then(Json::as_bool) {
        status.insert("active".into(), json!(a));
    }
    status.insert("updated_at".into(), json!(now()));
    let status = Json::Object(status);
    state.custom_statuses[index] = status.clone();
    state.touch(Key::CustomStatuses);
    drop(state);
    shared.changed();
    Reply::json(200, &json!({"custom_status": status}))
}

/// Turns custom statuses on or off for the account (`/__sandbox/account`). On, every ticket
/// gets the default custom status of its status's category; off, tickets lose the field.
pub(crate) fn set_custom_statuses(state: &mut State, on: bool) {
    state.custom_statuses_enabled = on;
    state.touch(Key::CustomStatuses);
    let ids: Vec<u64> = state.tickets.keys().copied().collect();
    for id in ids {
        let mut ticket = state.tickets[&id].ticket.clone();
        if on {
            sync_custom_status(state, &mut ticket);
        } else {
            ticket.remove("custom_status_id");
        }
        if ticket != state.tickets[&id].ticket {
            if let Some(record) = state.tickets.get_mut(&id) {
                record.ticket = ticket;
            }
            state.touch(Key::Ticket(id));
        }
    }
}
