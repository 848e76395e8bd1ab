//! Zendesk's Support API as the sandbox serves it: the paths, status codes, bodies and errors
//! of ../shared/reference/zendesk-api.md.

use std::sync::Arc;

use base64::Engine as _;
use hyper::Method;
use serde_json::{Map, Value as Json, json};

use super::server::{Reply, Req};
use super::state::{State, TicketRecord, WebhookRecord, now, ulid};
use super::triggers::{self, Delivery, PRIORITIES, STATUSES, TYPES, UpdateType, json_map};
use super::{DEMO_ADMIN_EMAIL, DEMO_ADMIN_ID, DEMO_ZENDESK_TOKEN, Shared};

/// Ticket fields the API accepts; others are dropped and named in `X-Zendesk-API-Warn`.
const TICKET_FIELDS: &[&str] = &[
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

pub(crate) async fn route(shared: &Arc<Shared>, req: &Req, rest: &str) -> Reply {
    let segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    // Only the older APIs take a `.json` suffix; webhooks and trigger categories do not.
    let (first, json_suffix) = match segments.first() {
        Some(f) => f.strip_suffix(".json").map_or((*f, false), |s| (s, true)),
        None => ("", false),
    };
    let last_json = segments.last().is_some_and(|s| s.ends_with(".json"));
    let plain: Vec<&str> = segments
        .iter()
        .map(|s| s.strip_suffix(".json").unwrap_or(s))
        .collect();
    if matches!(first, "webhooks" | "trigger_categories") && (json_suffix || last_json) {
        return not_found_newer();
    }
    let is_users_me = plain == ["users", "me"];
    if !authenticated(req) && !is_users_me {
        return Reply::json(401, &json!({"error": "Couldn't authenticate you"}));
    }
    let m = &req.method;
    match (m, plain.as_slice()) {
        (&Method::POST, ["tickets"]) => create_ticket(shared, req),
        (&Method::GET, ["tickets", id]) => with_id(id, |id| show_ticket(shared, id)),
        (&Method::PUT, ["tickets", id]) => with_id(id, |id| update_ticket(shared, req, id)),
        (&Method::GET, ["users", "me"]) => me(req),
        (&Method::GET, ["users", "search"]) => search_users(shared, req),
        (&Method::POST, ["users", "create_or_update"]) => create_or_update_user(shared, req),
        (&Method::GET, ["users", id]) => with_id(id, |id| show_user(shared, id)),
        (&Method::GET, ["webhooks"]) => list_webhooks(shared, req),
        (&Method::POST, ["webhooks"]) => create_webhook(shared, req),
        (&Method::POST, ["webhooks", "test"]) => test_webhook(shared, req).await,
        (&Method::GET, ["webhooks", id]) => show_webhook(shared, id),
        (&Method::PUT, ["webhooks", id]) => update_webhook(shared, req, id, false),
        (&Method::PATCH, ["webhooks", id]) => update_webhook(shared, req, id, true),
        (&Method::DELETE, ["webhooks", id]) => delete_webhook(shared, id),
        (&Method::GET, ["webhooks", id, "signing_secret"]) => signing_secret(shared, id),
        (&Method::GET, ["webhooks", id, "invocations"]) => invocations(shared, id),
        (&Method::GET, ["webhooks", id, "invocations", inv, "attempts"]) => {
            attempts(shared, id, inv)
        }
        (&Method::GET, ["triggers"]) => list_triggers(shared),
        (&Method::GET, ["triggers", "definitions"]) => Reply::json(200, &definitions()),
        (&Method::POST, ["triggers"]) => create_trigger(shared, req),
        (&Method::GET, ["triggers", id]) => with_id(id, |id| show_trigger(shared, id)),
        (&Method::PUT, ["triggers", id]) => with_id(id, |id| update_trigger(shared, req, id)),
        (&Method::DELETE, ["triggers", id]) => with_id(id, |id| delete_trigger(shared, id)),
        (&Method::GET, ["trigger_categories"]) => list_categories(shared),
        (&Method::POST, ["trigger_categories"]) => create_category(shared, req),
        _ => not_found(),
    }
}

fn authenticated(req: &Req) -> bool {
    let Some(encoded) = req
        .header("authorization")
        .and_then(|h| h.strip_prefix("Basic "))
    else {
        return false;
    };
    let Some(decoded) = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
    else {
        return false;
    };
    match decoded.split_once("/token:") {
        Some((email, token)) => {
            email.eq_ignore_ascii_case(DEMO_ADMIN_EMAIL) && token == DEMO_ZENDESK_TOKEN
        }
        None => false,
    }
}

fn with_id(id: &str, f: impl FnOnce(u64) -> Reply) -> Reply {
    match id.parse::<u64>() {
        Ok(id) => f(id),
        Err(_) => not_found(),
    }
}

fn not_found() -> Reply {
    Reply::json(
        404,
        &json!({"error": "RecordNotFound", "description": "Not found"}),
    )
}

fn not_found_newer() -> Reply {
    Reply::json(
        404,
        &json!({"errors": [{"code": "NotFound", "title": "Not Found", "detail": "No route matches; webhook and trigger category paths take no .json suffix"}]}),
    )
}

fn record_invalid(details: Vec<(String, String, &str)>) -> Reply {
    let mut map = Map::new();
    for (field, description, error) in details {
        let entry = map.entry(field).or_insert_with(|| json!([]));
        if let Some(list) = entry.as_array_mut() {
            list.push(json!({"description": description, "error": error}));
        }
    }
    Reply::json(
        422,
        &json!({"error": "RecordInvalid", "description": "Record validation errors", "details": map}),
    )
}

/// The newer APIs' error shape.
fn errors(status: u16, code: &str, title: &str, pointer: Option<&str>) -> Reply {
    let mut e = json!({"code": code, "title": title});
    if let Some(p) = pointer {
        e["source"] = json!({"pointer": p});
    }
    Reply::json(status, &json!({"errors": [e]}))
}

fn bad_json(message: String) -> Reply {
    Reply::json(
        400,
        &json!({"error": "InvalidJSON", "description": message}),
    )
}

/// The object under `key` in the body (`{"ticket": {...}}`), or the answer that says why not.
fn wrapped(req: &Req, key: &str) -> Result<Map<String, Json>, Reply> {
    let body = req.json().map_err(bad_json)?;
    match body.get(key) {
        Some(Json::Object(m)) => Ok(m.clone()),
        _ => Err(bad_json(format!("the body must be {{\"{key}\": {{...}}}}"))),
    }
}

// ---- tickets ----

fn id_value(v: &Json) -> Option<u64> {
    match v {
        Json::Number(n) => n.as_u64(),
        Json::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => s.parse().ok(),
        _ => None,
    }
}

fn tag_list(v: &Json) -> Option<Vec<String>> {
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

fn dedupe(tags: Vec<String>) -> Vec<String> {
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
fn apply_ticket_input(
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
    match &comment {
        Some((body, _)) if body.trim().is_empty() && creating => problems.push((
            "description".into(),
            "Description: cannot be blank".into(),
            "BlankValue",
        )),
        None if creating && !input.contains_key("description") => problems.push((
            "description".into(),
            "Description: cannot be blank".into(),
            "BlankValue",
        )),
        _ => {}
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

fn is_agent(user: &Json) -> bool {
    matches!(
        user.get("role").and_then(Json::as_str),
        Some("agent" | "admin")
    )
}

/// `requester: {name, email}`: the existing user with that email, or a new end user.
fn upsert_requester(state: &mut State, requester: &Json) -> Result<u64, String> {
    let email = requester.get("email").and_then(Json::as_str).map(str::trim);
    if let Some(email) = email.filter(|e| !e.is_empty())
        && let Some((id, _)) = find_user_by(state, "email", email)
    {
        return Ok(id);
    }
    let name = requester
        .get("name")
        .and_then(Json::as_str)
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .or(email.filter(|e| !e.is_empty()));
    let Some(name) = name else {
        return Err("Requester: Name: is too short (minimum one character)".into());
    };
    let user = json!({"name": name, "email": email, "locale_id": requester.get("locale_id")});
    Ok(insert_user(state, &json_map(user)))
}

fn find_user_by(state: &State, key: &str, value: &str) -> Option<(u64, Json)> {
    state
        .users
        .iter()
        .find(|(_, u)| {
            u.get(key)
                .and_then(Json::as_str)
                .is_some_and(|v| v.eq_ignore_ascii_case(value))
        })
        .map(|(id, u)| (*id, u.clone()))
}

fn insert_user(state: &mut State, fields: &Map<String, Json>) -> u64 {
    let id = state.next_user_id;
    state.next_user_id += 1;
    let created = now();
    let mut user = json_map(json!({
        "id": id,
        "url": null,
        "name": "",
        "email": null,
        "role": "end-user",
        "external_id": null,
        "active": true,
        "verified": false,
        "time_zone": "UTC",
        "locale": "en-US",
        "created_at": created,
        "updated_at": created,
    }));
    for (k, v) in fields {
        if matches!(
            k.as_str(),
            "name"
                | "email"
                | "external_id"
                | "phone"
                | "role"
                | "time_zone"
                | "locale"
                | "user_fields"
                | "tags"
                | "notes"
        ) && !v.is_null()
        {
            user.insert(k.clone(), v.clone());
        }
    }
    state.users.insert(id, Json::Object(user));
    id
}

fn ticket_url(shared: &Shared, id: u64) -> String {
    format!("{}/api/v2/tickets/{id}.json", shared.base_url)
}

fn new_ticket(shared: &Shared, id: u64) -> Map<String, Json> {
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

/// `X-Zendesk-API-Warn` as Zendesk writes it (a Ruby hash).
fn warn_header(action: &str, ignored: &[String]) -> String {
    let keys: Vec<String> = ignored.iter().map(|k| format!("{k:?}")).collect();
    format!(
        "{{:allowed_parameters=>{{:controller=>\"tickets\", :action=>\"{action}\", :unpermitted_keys=>[{}], :invalid_values=>[]}}}}",
        keys.join(", ")
    )
}

fn create_ticket(shared: &Arc<Shared>, req: &Req) -> Reply {
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
                let mut reply =
                    Reply::json(201, &body).with_header("Location", ticket_url(shared, id));
                if !ignored.is_empty() {
                    reply =
                        reply.with_header("X-Zendesk-API-Warn", warn_header("create", &ignored));
                }
                (reply, deliveries)
            }
        }
    };
    shared.changed();
    spawn_deliveries(shared, deliveries);
    reply
}

fn show_ticket(shared: &Shared, id: u64) -> Reply {
    match shared.state().tickets.get(&id) {
        Some(t) => Reply::json(200, &json!({"ticket": t.ticket})),
        None => not_found(),
    }
}

fn update_ticket(shared: &Arc<Shared>, req: &Req, id: u64) -> Reply {
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
                let mut reply = Reply::json(200, &body);
                if !ignored.is_empty() {
                    reply =
                        reply.with_header("X-Zendesk-API-Warn", warn_header("update", &ignored));
                }
                (reply, deliveries)
            }
        }
    };
    shared.changed();
    spawn_deliveries(shared, deliveries);
    reply
}

fn run_triggers(
    state: &State,
    previous: Option<&Map<String, Json>>,
    ticket: &mut Map<String, Json>,
    comments: &[Json],
    update: UpdateType,
) -> Vec<Delivery> {
    let triggers: Vec<&Json> = state.triggers.values().collect();
    let firings = triggers::run(&triggers, previous, ticket, update);
    if firings.is_empty() {
        return Vec::new();
    }
    let user_ids = ["requester_id", "assignee_id", "submitter_id"]
        .iter()
        .filter_map(|k| ticket.get(*k).and_then(Json::as_u64));
    let users: Vec<Json> = user_ids
        .filter_map(|id| state.users.get(&id).cloned())
        .collect();
    let sample = triggers::placeholder_sample(
        ticket,
        comments.last().and_then(|c| c.get("body")),
        &users,
        state.users.get(&DEMO_ADMIN_ID),
    );
    let ticket_id = ticket.get("id").and_then(Json::as_u64).unwrap_or(0);
    firings
        .into_iter()
        .map(|firing| Delivery {
            body: triggers::render_body(&firing.body_template, &sample),
            firing,
            ticket_id,
        })
        .collect()
}

fn spawn_deliveries(shared: &Arc<Shared>, deliveries: Vec<Delivery>) {
    for d in deliveries {
        shared.delivery_started();
        tokio::spawn(triggers::deliver(shared.clone(), d));
    }
}

// ---- users ----

const ANONYMOUS: &str = r#"{"user":{"id":null,"url":null,"name":"Anonymous user","email":"invalid@example.com","created_at":null,"updated_at":null,"time_zone":"UTC","locale":"en-US","role":"end-user","verified":false,"active":true}}"#;

fn me(req: &Req) -> Reply {
    if authenticated(req) {
        let created = "2024-01-01T00:00:00Z";
        Reply::json(
            200,
            &json!({"user": {"id": DEMO_ADMIN_ID, "name": "Sandbox Admin", "email": DEMO_ADMIN_EMAIL,
                "role": "admin", "active": true, "verified": true, "time_zone": "UTC", "locale": "en-US",
                "created_at": created, "updated_at": created}}),
        )
    } else {
        Reply::json(200, &serde_json::from_str(ANONYMOUS).unwrap_or_default())
    }
}

fn show_user(shared: &Shared, id: u64) -> Reply {
    match shared.state().users.get(&id) {
        Some(u) => Reply::json(200, &json!({"user": u})),
        None => not_found(),
    }
}

fn search_users(shared: &Shared, req: &Req) -> Reply {
    let state = shared.state();
    let matches = |u: &Json| -> bool {
        let field = |k: &str| {
            u.get(k)
                .and_then(Json::as_str)
                .unwrap_or_default()
                .to_lowercase()
        };
        if let Some(ext) = req.query("external_id") {
            return u.get("external_id").and_then(Json::as_str) == Some(ext);
        }
        let Some(query) = req.query("query") else {
            return false;
        };
        query
            .split_whitespace()
            .all(|term| match term.split_once(':') {
                Some((key, value)) => field(key) == value.to_lowercase(),
                None => {
                    let t = term.to_lowercase();
                    field("name").contains(&t) || field("email").contains(&t)
                }
            })
    };
    if req.query("external_id").is_none() && req.query("query").is_none() {
        return Reply::json(
            400,
            &json!({"error": "InvalidSearchQuery", "description": "Pass query=... or external_id=..."}),
        );
    }
    let users: Vec<&Json> = state.users.values().filter(|u| matches(u)).collect();
    Reply::json(
        200,
        &json!({"users": users, "next_page": null, "previous_page": null, "count": users.len()}),
    )
}

fn create_or_update_user(shared: &Shared, req: &Req) -> Reply {
    let input = match wrapped(req, "user") {
        Ok(i) => i,
        Err(r) => return r,
    };
    let text = |k: &str| {
        input
            .get(k)
            .and_then(Json::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    let reply = {
        let mut state = shared.state();
        let existing = text("email")
            .and_then(|e| find_user_by(&state, "email", e))
            .or_else(|| text("external_id").and_then(|e| find_user_by(&state, "external_id", e)));
        match existing {
            Some((id, mut user)) => {
                for (k, v) in &input {
                    if matches!(
                        k.as_str(),
                        "name"
                            | "email"
                            | "external_id"
                            | "phone"
                            | "time_zone"
                            | "locale"
                            | "user_fields"
                            | "notes"
                    ) {
                        user[k] = v.clone();
                    }
                }
                user["updated_at"] = json!(now());
                state.users.insert(id, user.clone());
                Reply::json(200, &json!({"user": user}))
            }
            None => {
                if text("name").is_none() {
                    return record_invalid(vec![(
                        "name".into(),
                        "Name: is too short (minimum one character)".into(),
                        "BlankValue",
                    )]);
                }
                if input
                    .get("role")
                    .and_then(Json::as_str)
                    .is_some_and(|r| !matches!(r, "end-user" | "agent" | "admin"))
                {
                    return record_invalid(vec![(
                        "role".into(),
                        "Role: is invalid".into(),
                        "InvalidValue",
                    )]);
                }
                let id = insert_user(&mut state, &input);
                Reply::json(201, &json!({"user": state.users[&id]}))
            }
        }
    };
    shared.changed();
    reply
}

// ---- webhooks ----

const HTTP_METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE"];
const REQUEST_FORMATS: &[&str] = &["json", "xml", "form_encoded"];

/// Checks a full webhook; returns the public part and the secret data, or the 400.
fn validate_webhook(w: &Map<String, Json>) -> Result<(Map<String, Json>, Option<Json>), Reply> {
    let text = |k: &str| w.get(k).and_then(Json::as_str).unwrap_or_default();
    let invalid = |field: &str, title: String| {
        Err(errors(
            400,
            "InvalidInput",
            &title,
            Some(&format!("/webhook/{field}")),
        ))
    };
    if text("name").trim().is_empty() {
        return invalid("name", "Name cannot be blank".into());
    }
    let endpoint = text("endpoint");
    if !(endpoint.starts_with("https://") || endpoint.starts_with("http://")) {
        return invalid(
            "endpoint",
            format!("Endpoint `{endpoint}` must be an http(s) URL"),
        );
    }
    if !HTTP_METHODS.contains(&text("http_method")) {
        return invalid(
            "http_method",
            format!("http_method must be one of {}", HTTP_METHODS.join(", ")),
        );
    }
    if !REQUEST_FORMATS.contains(&text("request_format")) {
        return invalid(
            "request_format",
            format!(
                "request_format must be one of {}",
                REQUEST_FORMATS.join(", ")
            ),
        );
    }
    if !matches!(text("status"), "active" | "inactive") {
        return invalid("status", "status must be active or inactive".into());
    }
    let subs = w.get("subscriptions").and_then(Json::as_array);
    if subs.is_none_or(|s| s.is_empty() || s.iter().any(|x| !x.is_string())) {
        return invalid(
            "subscriptions",
            "subscriptions must be a non-empty list, [\"conditional_ticket_events\"] for triggers"
                .into(),
        );
    }
    let mut public = w.clone();
    let mut secret = None;
    if let Some(auth) = w.get("authentication") {
        let kind = auth.get("type").and_then(Json::as_str).unwrap_or_default();
        let data = auth.get("data").cloned().unwrap_or(Json::Null);
        let needs: &[&str] = match kind {
            "bearer_token" => &["token"],
            "basic_auth" => &["username", "password"],
            "api_key" => &["name", "value"],
            _ => {
                return invalid(
                    "authentication",
                    format!(
                        "authentication type `{kind}` is not one of bearer_token, basic_auth, api_key"
                    ),
                );
            }
        };
        for k in needs {
            if data
                .get(*k)
                .and_then(Json::as_str)
                .is_none_or(str::is_empty)
            {
                return invalid(
                    "authentication",
                    format!("authentication.data.{k} is required for {kind}"),
                );
            }
        }
        public.insert(
            "authentication".into(),
            json!({"type": kind, "add_position": auth.get("add_position").cloned().unwrap_or(json!("header"))}),
        );
        secret = Some(data);
    }
    Ok((public, secret))
}

fn list_webhooks(shared: &Shared, req: &Req) -> Reply {
    let state = shared.state();
    let name_filter = req.query("filter[name_contains]").map(str::to_lowercase);
    let status_filter = req.query("filter[status]");
    let webhooks: Vec<&Map<String, Json>> = state
        .webhooks
        .values()
        .map(|w| &w.webhook)
        .filter(|w| {
            let name = w
                .get("name")
                .and_then(Json::as_str)
                .unwrap_or_default()
                .to_lowercase();
            name_filter
                .as_ref()
                .is_none_or(|f| name.contains(f.as_str()))
                && status_filter.is_none_or(|s| w.get("status").and_then(Json::as_str) == Some(s))
        })
        .collect();
    Reply::json(
        200,
        &json!({"webhooks": webhooks, "meta": {"has_more": false, "after_cursor": null, "before_cursor": null}, "links": {"next": null, "prev": null}}),
    )
}

fn create_webhook(shared: &Shared, req: &Req) -> Reply {
    let input = match wrapped(req, "webhook") {
        Ok(i) => i,
        Err(r) => return r,
    };
    let (mut public, secret) = match validate_webhook(&input) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let id = ulid();
    let created = now();
    public.insert("id".into(), json!(id));
    public.insert("created_at".into(), json!(created));
    public.insert("created_by".into(), json!(DEMO_ADMIN_ID.to_string()));
    public.insert("updated_at".into(), json!(created));
    public.insert("updated_by".into(), json!(DEMO_ADMIN_ID.to_string()));
    let body = json!({"webhook": public});
    shared.state().webhooks.insert(
        id.clone(),
        WebhookRecord {
            webhook: public,
            auth_data: secret,
            signing_secret: format!("{}{}", ulid(), ulid()),
        },
    );
    shared.changed();
    Reply::json(201, &body).with_header(
        "Location",
        format!("{}/api/v2/webhooks/{id}", shared.base_url),
    )
}

fn webhook_not_found() -> Reply {
    errors(404, "WebhookNotFound", "Webhook not found", None)
}

fn show_webhook(shared: &Shared, id: &str) -> Reply {
    match shared.state().webhooks.get(id) {
        Some(w) => Reply::json(200, &json!({"webhook": w.webhook})),
        None => webhook_not_found(),
    }
}

fn update_webhook(shared: &Shared, req: &Req, id: &str, patch: bool) -> Reply {
    let input = match wrapped(req, "webhook") {
        Ok(i) => i,
        Err(r) => return r,
    };
    let mut state = shared.state();
    let Some(record) = state.webhooks.get(id).cloned() else {
        return webhook_not_found();
    };
    let mut merged = if patch {
        let mut m = record.webhook.clone();
        m.remove("authentication");
        m
    } else {
        Map::new()
    };
    for (k, v) in &input {
        merged.insert(k.clone(), v.clone());
    }
    // PATCH without authentication keeps the existing one.
    let keep_auth = patch && !input.contains_key("authentication");
    let (mut public, secret) = if keep_auth {
        let (mut p, _) = match validate_webhook(&merged) {
            Ok(v) => v,
            Err(r) => return r,
        };
        if let Some(a) = record.webhook.get("authentication") {
            p.insert("authentication".into(), a.clone());
        }
        (p, record.auth_data.clone())
    } else {
        match validate_webhook(&merged) {
            Ok(v) => v,
            Err(r) => return r,
        }
    };
    if public.get("subscriptions") != record.webhook.get("subscriptions") {
        return errors(
            400,
            "InvalidInput",
            "The connection method (subscriptions) of a webhook cannot be changed; create a new webhook",
            Some("/webhook/subscriptions"),
        );
    }
    for k in ["id", "created_at", "created_by"] {
        if let Some(v) = record.webhook.get(k) {
            public.insert(k.into(), v.clone());
        }
    }
    public.insert("updated_at".into(), json!(now()));
    state.webhooks.insert(
        id.to_owned(),
        WebhookRecord {
            webhook: public,
            auth_data: secret,
            signing_secret: record.signing_secret,
        },
    );
    drop(state);
    shared.changed();
    Reply::empty(204)
}

fn delete_webhook(shared: &Shared, id: &str) -> Reply {
    let removed = shared.state().webhooks.remove(id);
    match removed {
        Some(_) => {
            shared.changed();
            Reply::empty(204)
        }
        None => webhook_not_found(),
    }
}

fn signing_secret(shared: &Shared, id: &str) -> Reply {
    match shared.state().webhooks.get(id) {
        Some(w) => Reply::json(
            200,
            &json!({"signing_secret": {"algorithm": "SHA256", "secret": w.signing_secret}}),
        ),
        None => webhook_not_found(),
    }
}

/// Calls the target once and reports what it answered, always with 200 (like Zendesk).
async fn test_webhook(shared: &Arc<Shared>, req: &Req) -> Reply {
    let body = match req.json() {
        Ok(b) => b,
        Err(e) => return bad_json(e),
    };
    let request = body.get("request").cloned().unwrap_or(json!({}));
    let stored = req
        .query("webhook_id")
        .map(|id| shared.state().webhooks.get(id).cloned());
    let stored = match stored {
        Some(None) => return webhook_not_found(),
        Some(Some(w)) => Some(w),
        None => None,
    };
    let pick = |k: &str| -> String {
        request
            .get(k)
            .and_then(Json::as_str)
            .or_else(|| {
                stored
                    .as_ref()
                    .and_then(|w| w.webhook.get(k))
                    .and_then(Json::as_str)
            })
            .unwrap_or_default()
            .to_owned()
    };
    let endpoint = pick("endpoint");
    let method = pick("http_method");
    if endpoint.is_empty() || !HTTP_METHODS.contains(&method.as_str()) {
        return errors(
            400,
            "InvalidInput",
            "request needs endpoint and http_method (or webhook_id of an existing webhook)",
            Some("/request"),
        );
    }
    let payload = request
        .get("payload")
        .and_then(Json::as_str)
        .unwrap_or("{\"message\": \"test webhook from zenbraze sandbox\"}")
        .to_owned();
    let mut call = shared
        .http
        .request(method.parse().unwrap_or(reqwest::Method::POST), &endpoint)
        .header("Content-Type", "application/json");
    let auth = match request.get("authentication") {
        Some(a) => triggers::auth_header(Some(a), a.get("data")),
        None => stored.as_ref().and_then(|w| {
            triggers::auth_header(w.webhook.get("authentication"), w.auth_data.as_ref())
        }),
    };
    if let Some((k, v)) = auth {
        call = call.header(k, v);
    }
    if let Some(headers) = request.get("headers").and_then(Json::as_array) {
        for h in headers {
            if let (Some(k), Some(v)) = (
                h.get("key").and_then(Json::as_str),
                h.get("value").and_then(Json::as_str),
            ) {
                call = call.header(k, v);
            }
        }
    }
    if method != "GET" {
        call = call.body(payload);
    }
    let response = match call.send().await {
        Ok(r) => {
            let status = r.status().as_u16();
            let headers: Vec<Json> = r
                .headers()
                .iter()
                .map(|(k, v)| json!({"key": k.as_str(), "value": String::from_utf8_lossy(v.as_bytes())}))
                .collect();
            let text = r.text().await.unwrap_or_default();
            json!({"status_code": status, "headers": headers, "payload": text.chars().take(10_000).collect::<String>()})
        }
        Err(e) => {
            json!({"status_code": 0, "headers": [], "payload": format!("the request failed: {e}")})
        }
    };
    Reply::json(200, &json!({"response": response}))
}

fn invocations(shared: &Shared, id: &str) -> Reply {
    let state = shared.state();
    if !state.webhooks.contains_key(id) {
        return webhook_not_found();
    }
    let list: Vec<&Map<String, Json>> = state
        .invocations
        .iter()
        .filter(|i| i.invocation.get("webhook_id").and_then(Json::as_str) == Some(id))
        .map(|i| &i.invocation)
        .rev()
        .collect();
    Reply::json(
        200,
        &json!({"invocations": list, "meta": {"has_more": false}, "links": {"next": null, "prev": null}}),
    )
}

fn attempts(shared: &Shared, id: &str, invocation: &str) -> Reply {
    let state = shared.state();
    let found = state.invocations.iter().find(|i| {
        i.invocation.get("webhook_id").and_then(Json::as_str) == Some(id)
            && i.invocation.get("id").and_then(Json::as_str) == Some(invocation)
    });
    match found {
        Some(i) => Reply::json(200, &json!({"attempts": i.attempts})),
        None => errors(404, "InvocationNotFound", "Invocation not found", None),
    }
}

// ---- triggers ----

fn list_triggers(shared: &Shared) -> Reply {
    let state = shared.state();
    let mut list: Vec<&Json> = state.triggers.values().collect();
    list.sort_by_key(|t| t.get("position").and_then(Json::as_i64).unwrap_or(i64::MAX));
    Reply::json(
        200,
        &json!({"triggers": list, "next_page": null, "previous_page": null, "count": list.len()}),
    )
}

fn show_trigger(shared: &Shared, id: u64) -> Reply {
    match shared.state().triggers.get(&id) {
        Some(t) => Reply::json(200, &json!({"trigger": t})),
        None => not_found(),
    }
}

fn normalise_conditions(c: Option<&Json>) -> Json {
    let list = |g: &str| c.and_then(|c| c.get(g)).cloned().unwrap_or(json!([]));
    json!({"all": list("all"), "any": list("any")})
}

fn check_trigger(state: &State, trigger: &Map<String, Json>) -> Result<(), Reply> {
    let json = Json::Object(trigger.clone());
    let problems = triggers::validate(&json, |id| state.webhooks.contains_key(id));
    if let Some(category) = trigger.get("category_id").filter(|c| !c.is_null()) {
        let known = state
            .trigger_categories
            .iter()
            .any(|c| c.get("id").map(triggers_id_text) == Some(triggers_id_text(category)));
        if !known {
            return Err(record_invalid(vec![(
                "category_id".into(),
                format!("Category: {category} does not exist"),
                "InvalidValue",
            )]));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(record_invalid(
            problems
                .into_iter()
                .map(|(f, d)| (f, d, "InvalidValue"))
                .collect(),
        ))
    }
}

fn triggers_id_text(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn create_trigger(shared: &Shared, req: &Req) -> Reply {
    let input = match wrapped(req, "trigger") {
        Ok(i) => i,
        Err(r) => return r,
    };
    let mut state = shared.state();
    if let Err(r) = check_trigger(&state, &input) {
        return r;
    }
    let id = state.next_trigger_id;
    state.next_trigger_id += 1;
    let position = input
        .get("position")
        .and_then(Json::as_i64)
        .unwrap_or_else(|| {
            state
                .triggers
                .values()
                .filter_map(|t| t.get("position").and_then(Json::as_i64))
                .max()
                .unwrap_or(0)
                + 1
        });
    let category = input
        .get("category_id")
        .filter(|c| !c.is_null())
        .map(triggers_id_text)
        .or_else(|| state.default_category_id());
    let created = now();
    let trigger = json!({
        "url": format!("{}/api/v2/triggers/{id}.json", shared.base_url),
        "id": id,
        "title": input.get("title"),
        "active": input.get("active").and_then(Json::as_bool).unwrap_or(true),
        "position": position,
        "description": input.get("description").cloned().unwrap_or(Json::Null),
        "conditions": normalise_conditions(input.get("conditions")),
        "actions": input.get("actions"),
        "category_id": category,
        "raw_title": input.get("title"),
        "default": false,
        "created_at": created,
        "updated_at": created,
    });
    state.triggers.insert(id, trigger.clone());
    drop(state);
    shared.changed();
    Reply::json(201, &json!({"trigger": trigger}))
}

fn update_trigger(shared: &Shared, req: &Req, id: u64) -> Reply {
    let input = match wrapped(req, "trigger") {
        Ok(i) => i,
        Err(r) => return r,
    };
    let mut state = shared.state();
    let Some(existing) = state.triggers.get(&id).cloned() else {
        return not_found();
    };
    let mut updated = json_map(existing);
    // Zendesk replaces ALL conditions and actions with what is sent.
    for (k, v) in &input {
        match k.as_str() {
            "conditions" => {
                updated.insert(k.clone(), normalise_conditions(Some(v)));
            }
            "title" | "active" | "position" | "description" | "actions" | "category_id" => {
                updated.insert(k.clone(), v.clone());
            }
            _ => {}
        }
    }
    if let Err(r) = check_trigger(&state, &updated) {
        return r;
    }
    if let Some(t) = updated.get("title").cloned() {
        updated.insert("raw_title".into(), t);
    }
    if let Some(c) = updated.get("category_id").cloned().filter(|c| !c.is_null()) {
        updated.insert("category_id".into(), json!(triggers_id_text(&c)));
    }
    updated.insert("updated_at".into(), json!(now()));
    let trigger = Json::Object(updated);
    state.triggers.insert(id, trigger.clone());
    drop(state);
    shared.changed();
    Reply::json(200, &json!({"trigger": trigger}))
}

fn delete_trigger(shared: &Shared, id: u64) -> Reply {
    let removed = shared.state().triggers.remove(&id);
    match removed {
        Some(_) => {
            shared.changed();
            Reply::empty(204)
        }
        None => not_found(),
    }
}

/// What `GET /triggers/definitions` lists: the fields this sandbox evaluates.
fn definitions() -> Json {
    let operators = |ops: &[&str]| -> Json {
        ops.iter()
            .map(|o| json!({"value": o, "title": o.replace('_', " "), "terminal": matches!(*o, "changed" | "not_changed")}))
            .collect()
    };
    let values = |vals: &[&str]| -> Json {
        vals.iter()
            .map(|v| json!({"value": v, "title": v, "enabled": true}))
            .collect()
    };
    let ordered = [
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
    let change = [
        "is",
        "is_not",
        "changed",
        "value",
        "value_previous",
        "not_changed",
        "not_value",
        "not_value_previous",
    ];
    let conditions = json!([
        {"subject": "status", "title": "Status", "type": "list", "group": "ticket", "nullable": false, "repeatable": false, "operators": operators(&ordered), "values": values(STATUSES)},
        {"subject": "priority", "title": "Priority", "type": "list", "group": "ticket", "nullable": true, "repeatable": false, "operators": operators(&ordered), "values": values(PRIORITIES)},
        {"subject": "type", "title": "Type", "type": "list", "group": "ticket", "nullable": true, "repeatable": false, "operators": operators(&change), "values": values(TYPES)},
        {"subject": "current_tags", "title": "Tags", "type": "tags", "group": "ticket", "nullable": true, "repeatable": false, "operators": operators(&["includes", "not_includes"])},
        {"subject": "update_type", "title": "Ticket", "type": "list", "group": "ticket", "nullable": false, "repeatable": false, "operators": operators(&["is", "is_not"]), "values": values(&["Create", "Change"])},
        {"subject": "assignee_id", "title": "Assignee", "type": "list", "group": "ticket", "nullable": true, "repeatable": false, "operators": operators(&change)},
        {"subject": "requester_id", "title": "Requester", "type": "list", "group": "ticket", "nullable": false, "repeatable": false, "operators": operators(&change)},
        {"subject": "group_id", "title": "Group", "type": "list", "group": "ticket", "nullable": true, "repeatable": false, "operators": operators(&change)},
    ]);
    let actions = json!([
        {"subject": "status", "title": "Status", "type": "list", "group": "ticket", "values": values(STATUSES)},
        {"subject": "priority", "title": "Priority", "type": "list", "group": "ticket", "values": values(PRIORITIES)},
        {"subject": "type", "title": "Type", "type": "list", "group": "ticket", "values": values(TYPES)},
        {"subject": "current_tags", "title": "Add tags", "type": "tags", "group": "ticket"},
        {"subject": "set_tags", "title": "Set tags", "type": "tags", "group": "ticket"},
        {"subject": "remove_tags", "title": "Remove tags", "type": "tags", "group": "ticket"},
        {"subject": "assignee_id", "title": "Assignee", "type": "list", "group": "ticket"},
        {"subject": "group_id", "title": "Group", "type": "list", "group": "ticket"},
        {"subject": "notification_webhook", "title": "Notify active webhook", "type": "list", "group": "notification", "repeatable": true},
    ]);
    json!({"definitions": {"conditions_all": conditions, "conditions_any": conditions, "actions": actions}})
}

// ---- trigger categories ----

fn list_categories(shared: &Shared) -> Reply {
    let state = shared.state();
    Reply::json(
        200,
        &json!({"trigger_categories": state.trigger_categories, "meta": {"has_more": false}, "links": {"next": null, "prev": null}}),
    )
}

fn create_category(shared: &Shared, req: &Req) -> Reply {
    let input = match wrapped(req, "trigger_category") {
        Ok(i) => i,
        Err(r) => return r,
    };
    let Some(name) = input
        .get("name")
        .and_then(Json::as_str)
        .map(str::trim)
        .filter(|n| !n.is_empty())
    else {
        return errors(
            400,
            "InvalidTriggerCategory",
            "Name cannot be blank",
            Some("/trigger_category/name"),
        );
    };
    let mut state = shared.state();
    let id = state.next_category_id;
    state.next_category_id += 1;
    let created = now();
    let position = input
        .get("position")
        .and_then(Json::as_i64)
        .unwrap_or(state.trigger_categories.len() as i64);
    let category = json!({"id": id.to_string(), "name": name, "position": position, "created_at": created, "updated_at": created});
    state.trigger_categories.push(category.clone());
    drop(state);
    shared.changed();
    Reply::json(201, &json!({"trigger_category": category}))
}
