//! Tickets: create (201 with `Location`), show, update; 422 RecordInvalid with details; the
//! trigger engine runs after each change.

use std::sync::Arc;

use serde_json::{Map, Value as Json, json};

use super::*;

/// Ticket fields the API accepts; others are dropped and named in `X-Zendesk-API-Warn`.
pub(super) const TICKET_FIELDS: &[&str] = &[
    "subject",
    "raw_subject",
    "comment",
    "description",
    "type",
    "priority",
    "status",
    "requester_id",
    "requester",
    "submitter_id",
    "assignee_id",
    "group_id",
    "organization_id",
    "tags",
    "additional_tags",
    "remove_tags",
    "custom_fields",
    "external_id",
    "due_at",
    "collaborator_ids",
    "email_cc_ids",
    "follower_ids",
    "brand_id",
    "ticket_form_id",
    "problem_id",
    "recipient",
    "safe_update",
    "updated_stamp",
    "via",
];

pub(super) fn id_value(v: &Json) -> Option<u64> {
    match v {
        Json::Number(n) => n.as_u64(),
        Json::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => s.parse().ok(),
        _ => None,
    }
}

pub(super) fn tag_list(v: &Json) -> Option<Vec<String>> {
    let words = |s: &str| {
        s.split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    match v {
        Json::String(s) => Some(words(s)),
        Json::Array(items) => {
            let mut out = Vec::new();
            for i in items {
                out.extend(words(i.as_str()?));
            }
            Some(out)
        }
        Json::Null => Some(Vec::new()),
        _ => None,
    }
}

pub(super) fn dedupe(tags: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in tags {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// Validates `input` and applies it to `ticket` (a new one when creating). Returns the ignored
/// keys, or the 422 details.
pub(super) fn apply_ticket_input(
    state: &mut State,
    input: &Map<String, Json>,
    ticket: &mut Map<String, Json>,
    comments: &mut Vec<Json>,
    creating: bool,
) -> Result<Vec<String>, Vec<(String, String, &'static str)>> {
    let mut problems = Vec::new();
    let mut ignored = Vec::new();
    let mut invalid = |field: &str, description: String| {
        problems.push((field.to_owned(), description, "InvalidValue"))
    };
    for key in input.keys() {
        if !TICKET_FIELDS.contains(&key.as_str()) {
            ignored.push(key.clone());
        }
    }
    for (field, allowed, label) in [
        ("type", TYPES, "Type"),
        ("priority", PRIORITIES, "Priority"),
        ("status", STATUSES, "Status"),
    ] {
        match input.get(field) {
            None => {}
            Some(Json::Null) if field != "status" => {
                ticket.insert(field.into(), Json::Null);
            }
            Some(Json::String(s)) if allowed.contains(&s.as_str()) => {
                ticket.insert(field.into(), json!(s));
            }
            Some(other) => invalid(
                field,
                format!(
                    "{label}: {} is invalid (use one of: {})",
                    other,
                    allowed.join(", ")
                ),
            ),
        }
    }
    for (field, label) in [
        ("requester_id", "Requester"),
        ("assignee_id", "Assignee"),
        ("submitter_id", "Submitter"),
        ("group_id", "Group"),
    ] {
        let Some(v) = input.get(field) else { continue };
        if v.is_null() && field != "requester_id" {
            ticket.insert(field.into(), Json::Null);
            continue;
        }
        match id_value(v) {
            None => invalid(
                field,
                format!("{label}: {v} is not an integer id (a Zendesk user id, not a Braze id)"),
            ),
            Some(id) if field != "group_id" && !state.users.contains_key(&id) => {
                invalid(field, format!("{label}: no user has id {id}"))
            }
            Some(id) if field == "assignee_id" && !is_agent(&state.users[&id]) => {
                invalid(field, format!("{label}: user {id} is not an agent"))
            }
            Some(id) => {
                ticket.insert(field.into(), json!(id));
            }
        }
    }
    for (field, label) in [
        ("subject", "Subject"),
        ("external_id", "External id"),
        ("due_at", "Due at"),
    ] {
        match input.get(field) {
            None => {}
            Some(Json::String(s)) => {
                ticket.insert(field.into(), json!(s));
            }
            Some(Json::Null) => {
                ticket.insert(field.into(), Json::Null);
            }
            Some(Json::Number(n)) if field == "external_id" => {
                ticket.insert(field.into(), json!(n.to_string()));
            }
            Some(other) => invalid(field, format!("{label}: {other} is not text")),
        }
    }
    if let Some(v) = input.get("tags") {
        match tag_list(v) {
            Some(t) => {
                ticket.insert("tags".into(), json!(dedupe(t)));
            }
            None => invalid("tags", "Tags: must be a list of strings".into()),
        }
    }
    for (field, add) in [("additional_tags", true), ("remove_tags", false)] {
        if let Some(v) = input.get(field) {
            match tag_list(v) {
                Some(list) => {
                    let mut have: Vec<String> =
                        ticket.get("tags").and_then(tag_list).unwrap_or_default();
                    if add {
                        have.extend(list);
                    } else {
                        have.retain(|t| !list.contains(t));
                    }
                    ticket.insert("tags".into(), json!(dedupe(have)));
                }
                None => invalid(field, "Tags: must be a list of strings".into()),
            }
        }
    }
    if let Some(v) = input.get("custom_fields") {
        let ok = v.as_array().is_some_and(|items| {
            items
                .iter()
                .all(|f| f.get("id").and_then(id_value).is_some() && f.get("value").is_some())
        });
        if ok {
            ticket.insert("custom_fields".into(), v.clone());
        } else {
            invalid(
                "custom_fields",
                "Custom fields: each must be {\"id\": <integer>, \"value\": ...}".into(),
            );
        }
    }
    if let Some(requester) = input.get("requester") {
        match upsert_requester(state, requester) {
            Ok(id) => {
                ticket.insert("requester_id".into(), json!(id));
            }
            Err(e) => problems.push(("requester".into(), e, "InvalidValue")),
        }
    }
    // The comment: required on create, optional on update.
    let comment = match input.get("comment") {
        None => None,
        Some(Json::Object(c)) => {
            let body = c
                .get("html_body")
                .or_else(|| c.get("body"))
                .and_then(Json::as_str)
                .unwrap_or_default();
            Some((
                body.to_owned(),
                c.get("public").and_then(Json::as_bool).unwrap_or(true),
            ))
        }
        Some(Json::String(s)) => Some((s.clone(), true)),
        Some(other) => {
            problems.push((
                "comment".into(),
                format!("Comment: {other} is not an object with a body"),
                "InvalidValue",
            ));
            None
        }
    };
    let blank = match &comment {
        Some((body, _)) => body.trim().is_empty(),
        None => !input.contains_key("description"),
    };
    if creating && blank {
        problems.push((
            "description".into(),
            "Description: cannot be blank".into(),
            "BlankValue",
        ));
    }
    let status = ticket.get("status").and_then(Json::as_str).unwrap_or("new");
    if matches!(status, "solved" | "closed") && ticket.get("assignee_id").is_none_or(Json::is_null)
    {
        problems.push((
            "assignee".into(),
            "Assignee: is required when solving a ticket".into(),
            "InvalidValue",
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let description = input
        .get("description")
        .and_then(Json::as_str)
        .map(str::to_owned);
    if let Some((body, public)) = comment.or(description.map(|d| (d, true))) {
        if creating {
            ticket.insert("description".into(), json!(body));
            if ticket.get("subject").is_none_or(Json::is_null) {
                let subject: String = body.lines().next().unwrap_or("").chars().take(80).collect();
                ticket.insert("subject".into(), json!(subject));
            }
        }
        if !body.trim().is_empty() {
            comments.push(json!({
                "id": comments.len() + 1,
                "type": "Comment",
                "body": body,
                "public": public,
                "author_id": ticket.get("submitter_id").cloned().unwrap_or(json!(DEMO_ADMIN_ID)),
                "created_at": now(),
            }));
        }
    }
    if let Some(s) = ticket.get("subject").cloned() {
        ticket.insert("raw_subject".into(), s);
    }
    Ok(ignored)
}

pub(super) fn ticket_url(shared: &Shared, id: u64) -> String {
    format!("{}/api/v2/tickets/{id}.json", shared.base_url)
}

pub(super) fn new_ticket(shared: &Shared, id: u64) -> Map<String, Json> {
    let created = now();
    json_map(json!({
        "url": ticket_url(shared, id),
        "id": id,
        "external_id": null,
        "via": {"channel": "api", "source": {"from": {}, "to": {}, "rel": null}},
        "created_at": created,
        "updated_at": created,
        "type": null,
        "subject": null,
        "raw_subject": null,
        "description": null,
        "priority": null,
        "status": "new",
        "requester_id": DEMO_ADMIN_ID,
        "submitter_id": DEMO_ADMIN_ID,
        "assignee_id": null,
        "organization_id": null,
        "group_id": null,
        "collaborator_ids": [],
        "follower_ids": [],
        "email_cc_ids": [],
        "has_incidents": false,
        "is_public": true,
        "due_at": null,
        "tags": [],
        "custom_fields": [],
        "satisfaction_rating": null,
        "ticket_form_id": null,
        "brand_id": null,
        "allow_channelback": false,
        "allow_attachments": true,
    }))
}

/// Names the dropped fields in `X-Zendesk-API-Warn`, as Zendesk writes it (a Ruby hash).
pub(super) fn warn_ignored(reply: Reply, action: &str, ignored: &[String]) -> Reply {
    if ignored.is_empty() {
        return reply;
    }
    let keys: Vec<String> = ignored.iter().map(|k| format!("{k:?}")).collect();
    let warning = format!(
        "{{:allowed_parameters=>{{:controller=>\"tickets\", :action=>\"{action}\", :unpermitted_keys=>[{}], :invalid_values=>[]}}}}",
        keys.join(", ")
    );
    reply.with_header("X-Zendesk-API-Warn", warning)
}

pub(super) fn create_ticket(shared: &Arc<Shared>, req: &Req) -> Reply {
    let input = match wrapped(req, "ticket") {
        Ok(i) => i,
        Err(r) => return r,
    };
    let (reply, deliveries) = {
        let mut state = shared.state();
        let id = state.next_ticket_id;
        let mut ticket = new_ticket(shared, id);
        let mut comments = Vec::new();
        match apply_ticket_input(&mut state, &input, &mut ticket, &mut comments, true) {
            Err(problems) => return record_invalid(problems),
            Ok(ignored) => {
                state.next_ticket_id += 1;
                if input.get("status").is_none() && !ticket["assignee_id"].is_null() {
                    ticket.insert("status".into(), json!("open"));
                }
                let deliveries =
                    run_triggers(&state, None, &mut ticket, &comments, UpdateType::Create);
                let audit = json!({
                    "id": id * 1000 + 1,
                    "ticket_id": id,
                    "created_at": ticket["created_at"],
                    "author_id": DEMO_ADMIN_ID,
                    "events": [
                        {"id": id * 1000 + 2, "type": "Comment", "body": ticket["description"], "public": true},
                        {"id": id * 1000 + 3, "type": "Create", "field_name": "status", "value": ticket["status"]},
                    ],
                });
                let body = json!({"ticket": ticket, "audit": audit});
                state.tickets.insert(id, TicketRecord { ticket, comments });
                let reply = Reply::json(201, &body).with_header("Location", ticket_url(shared, id));
                (warn_ignored(reply, "create", &ignored), deliveries)
            }
        }
    };
    shared.changed();
    spawn_deliveries(shared, deliveries);
    reply
}

pub(super) fn show_ticket(shared: &Shared, id: u64) -> Reply {
    match shared.state().tickets.get(&id) {
        Some(t) => Reply::json(200, &json!({"ticket": t.ticket})),
        None => not_found(),
    }
}

pub(super) fn update_ticket(shared: &Arc<Shared>, req: &Req, id: u64) -> Reply {
    let input = match wrapped(req, "ticket") {
        Ok(i) => i,
        Err(r) => return r,
    };
    let (reply, deliveries) = {
        let mut state = shared.state();
        let Some(record) = state.tickets.get(&id).cloned() else {
            return not_found();
        };
        let previous = record.ticket.clone();
        let mut ticket = record.ticket;
        let mut comments = record.comments;
        match apply_ticket_input(&mut state, &input, &mut ticket, &mut comments, false) {
            Err(problems) => return record_invalid(problems),
            Ok(ignored) => {
                ticket.insert("updated_at".into(), json!(now()));
                let deliveries = run_triggers(
                    &state,
                    Some(&previous),
                    &mut ticket,
                    &comments,
                    UpdateType::Change,
                );
                let body = json!({"ticket": ticket});
                state.tickets.insert(id, TicketRecord { ticket, comments });
                (
                    warn_ignored(Reply::json(200, &body), "update", &ignored),
                    deliveries,
                )
            }
        }
    };
    shared.changed();
    spawn_deliveries(shared, deliveries);
    reply
}

pub(super) fn run_triggers(
    state: &State,
    previous: Option<&Map<String, Json>>,
    ticket: &mut Map<String, Json>,
    comments: &[Json],
    update: UpdateType,
) -> Vec<Delivery> {
    let triggers: Vec<&Json> = state.triggers.values().collect();
    let firings = engine::run(&triggers, previous, ticket, update);
    if firings.is_empty() {
        return Vec::new();
    }
    let user_ids = ["requester_id", "assignee_id", "submitter_id"]
        .iter()
        .filter_map(|k| ticket.get(*k).and_then(Json::as_u64));
    let users: Vec<Json> = user_ids
        .filter_map(|id| state.users.get(&id).cloned())
        .collect();
    let sample = Arc::new(engine::placeholder_sample(
        ticket,
        comments.last().and_then(|c| c.get("body")),
        &users,
        state.users.get(&DEMO_ADMIN_ID),
    ));
    let ticket_id = ticket.get("id").and_then(Json::as_u64).unwrap_or(0);
    firings
        .into_iter()
        .map(|firing| Delivery {
            firing,
            ticket_id,
            sample: sample.clone(),
        })
        .collect()
}

pub(super) fn spawn_deliveries(shared: &Arc<Shared>, deliveries: Vec<Delivery>) {
    for d in deliveries {
        shared.delivery_started();
        tokio::spawn(delivery::deliver(shared.clone(), d));
    }
}
