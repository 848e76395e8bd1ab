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
    "custom_status_id",
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
            // Zendesk's wording, whatever the value (docs/zendesk-api.md#tickets).
            Some(_) => invalid(field, format!("{label}: is invalid")),
        }
    }
    if let Some(v) = input.get("custom_status_id") {
        if state.custom_statuses_enabled {
            if let Err(e) = apply_custom_status(state, v, ticket) {
                invalid("custom_status_id", e);
            }
        } else {
            // Without custom statuses the field is one the account does not have.
            ignored.push("custom_status_id".into());
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
            let given = v.as_array().cloned().unwrap_or_default();
            if let Err(mut p) = apply_custom_fields(state, &given, ticket) {
                problems.append(&mut p);
            }
        } else {
            invalid(
                "custom_fields",
                "Custom fields: each must be {\"id\": <integer>, \"value\": ...}".into(),
            );
        }
    }
    if creating && !input.contains_key("custom_fields") && !state.ticket_fields.is_empty() {
        // Lists the account's fields, unset (docs/zendesk-api.md#ticket-fields).
        if let Err(mut p) = apply_custom_fields(state, &[], ticket) {
            problems.append(&mut p);
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
                "created_at": state.now(),
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

/// A new ticket created at `created` (the sandbox clock's time).
pub(super) fn new_ticket(shared: &Shared, id: u64, created: String) -> Map<String, Json> {
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

/// Ticket fields whose changes an audit lists, as Zendesk names them in `field_name`.
const AUDITED: &[&str] = &[
    "subject",
    "status",
    "priority",
    "type",
    "requester_id",
    "assignee_id",
    "group_id",
    "tags",
    "external_id",
    "due_at",
    "custom_status_id",
];

/// Adds an audit to `record` for the comments added since `comments_before` and the fields
/// that differ from `previous` (all set fields on create), and returns it. Ids: the audit is
/// `ticket × 1,000,000 + n × 100`, its events follow it, and each new comment takes its
/// event's id. Shape: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_audits/
/// What the business rules did within one update, for its audit.
#[derive(Default)]
pub(super) struct RulePart<'a> {
    /// The ticket before the triggers ran: the update's own events end there.
    pub before: Option<&'a Map<String, Json>>,
    /// Each firing trigger's changes and notifications: events with their own `via`.
    pub changes: &'a [engine::RuleChange],
    /// The rule the whole update is (an automation's hour): the audit's `via`, author -1.
    pub by: Option<&'a engine::RuleChange>,
}

/// A business rule as Zendesk's via object names it: `{"channel": "rule", "source": {"rel":
/// "trigger" | "automation", "from": {id, title}, "to": {}}}`.
/// Source: docs/zendesk-api.md#audits-and-comments.
pub(super) fn rule_via(change: &engine::RuleChange) -> Json {
    json!({"channel": "rule", "source": {"rel": change.rule,
        "from": {"id": change.id, "title": change.title}, "to": {}}})
}

/// The Change events from `before` to `after`, and an External event per webhook notified.
fn field_events(
    before: &Map<String, Json>,
    after: &Map<String, Json>,
    webhooks: &[String],
    next_event: &mut u64,
    via: Option<&Json>,
) -> Vec<Json> {
    let mut events = Vec::new();
    for field in AUDITED {
        let now_value = after.get(*field).cloned().unwrap_or(Json::Null);
        let before_value = before.get(*field).cloned().unwrap_or(Json::Null);
        if before_value != now_value {
            *next_event += 1;
            events.push(json!({"id": *next_event, "type": "Change", "field_name": field, "value": now_value, "previous_value": before_value}));
        }
    }
    for webhook in webhooks {
        *next_event += 1;
        events.push(json!({"id": *next_event, "type": "External", "resource": webhook}));
    }
    if let Some(via) = via {
        for e in &mut events {
            e["via"] = via.clone();
        }
    }
    events
}

pub(super) fn audit(
    record: &mut TicketRecord,
    previous: Option<&Map<String, Json>>,
    comments_before: usize,
    author: u64,
    rules: RulePart<'_>,
) -> Json {
    let ticket_id = record.ticket.get("id").and_then(Json::as_u64).unwrap_or(0);
    let audit_id = ticket_id * 1_000_000 + (record.audits.len() as u64 + 1) * 100;
    let created_at = record
        .ticket
        .get("updated_at")
        .cloned()
        .unwrap_or(json!(now()));
    let mut events = Vec::new();
    let mut next_event = audit_id;
    for comment in record.comments.iter_mut().skip(comments_before) {
        next_event += 1;
        comment["id"] = json!(next_event);
        comment["audit_id"] = json!(audit_id);
        events.push(json!({
            "id": next_event,
            "type": "Comment",
            "author_id": comment.get("author_id").cloned().unwrap_or(json!(author)),
            "body": comment.get("body"),
            "html_body": comment.get("html_body"),
            "plain_body": comment.get("plain_body"),
            "public": comment.get("public"),
            "attachments": [],
            "audit_id": audit_id,
        }));
    }
    // The update's own part ends where the triggers began.
    let own = rules.before.unwrap_or(&record.ticket);
    match previous {
        None => {
            for field in AUDITED {
                let now_value = own.get(*field).cloned().unwrap_or(Json::Null);
                if !now_value.is_null() && now_value != json!([]) {
                    next_event += 1;
                    events.push(json!({"id": next_event, "type": "Create", "field_name": field, "value": now_value}));
                }
            }
        }
        Some(before) => {
            let webhooks = rules.by.map_or(&[][..], |b| b.webhooks.as_slice());
            events.extend(field_events(before, own, webhooks, &mut next_event, None));
        }
    }
    for change in rules.changes {
        let via = rule_via(change);
        events.extend(field_events(
            &change.before,
            &change.after,
            &change.webhooks,
            &mut next_event,
            Some(&via),
        ));
    }
    let (author, via) = match rules.by {
        Some(by) => (-1, rule_via(by)),
        None => (
            author as i64,
            json!({"channel": "api", "source": {"from": {}, "to": {}, "rel": null}}),
        ),
    };
    let audit = json!({
        "id": audit_id,
        "ticket_id": ticket_id,
        "created_at": created_at,
        "author_id": author,
        "metadata": {"system": {}, "custom": {}},
        "via": via,
        "events": events,
    });
    record.audits.push(audit.clone());
    audit
}

/// The comment fields Zendesk shows that the sandbox derives from the body.
/// Shape: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/
fn comment_view(comment: &Json) -> Json {
    let mut c = comment.clone();
    let body = comment
        .get("body")
        .and_then(Json::as_str)
        .unwrap_or_default();
    for (key, value) in [
        (
            "html_body",
            json!(format!(
                "<div class=\"zd-comment\"><p>{}</p></div>",
                html_escape(body)
            )),
        ),
        ("plain_body", json!(body)),
        ("attachments", json!([])),
        (
            "via",
            json!({"channel": "api", "source": {"from": {}, "to": {}, "rel": null}}),
        ),
        ("metadata", json!({"system": {}, "custom": {}})),
    ] {
        if c.get(key).is_none_or(Json::is_null) {
            c[key] = value;
        }
    }
    c
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

pub(super) fn create_ticket(shared: &Arc<Shared>, req: &Req) -> Reply {
    let input = match wrapped(req, "ticket") {
        Ok(i) => i,
        Err(r) => return r,
    };
    let (reply, deliveries) = {
        let mut state = shared.state();
        let id = state.next_ticket_id;
        let mut ticket = new_ticket(shared, id, state.now());
        let mut comments = Vec::new();
        match apply_ticket_input(&mut state, &input, &mut ticket, &mut comments, true) {
            Err(problems) => return record_invalid(problems),
            Ok(ignored) => {
                state.next_ticket_id += 1;
                if input.get("status").is_none()
                    && input.get("custom_status_id").is_none()
                    && !ticket["assignee_id"].is_null()
                {
                    ticket.insert("status".into(), json!("open"));
                }
                sync_custom_status(&state, &mut ticket);
                let before_rules = ticket.clone();
                let (deliveries, run) =
                    run_triggers(&state, None, &mut ticket, &comments, UpdateType::Create);
                sync_custom_status(&state, &mut ticket);
                let mut record = TicketRecord {
                    ticket,
                    comments: comments.into_iter().map(|c| comment_view(&c)).collect(),
                    audits: Vec::new(),
                    rules: Default::default(),
                };
                let stamp = state.now();
                record_rules(&mut record, "create", &stamp, run.traces, None);
                let audit = audit(
                    &mut record,
                    None,
                    0,
                    DEMO_ADMIN_ID,
                    RulePart {
                        before: Some(&before_rules),
                        changes: &run.changes,
                        by: None,
                    },
                );
                let body = json!({"ticket": record.ticket, "audit": audit});
                state.tickets.insert(id, record);
                state.touch(Key::Ticket(id));
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

/// `PUT /tickets/{id}`: 200 with the ticket and the audit of this change (zenpy returns the
/// audit). https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#update-ticket
pub(super) fn update_ticket(shared: &Arc<Shared>, req: &Req, id: u64) -> Reply {
    let input = match wrapped(req, "ticket") {
        Ok(i) => i,
        Err(r) => return r,
    };
    change_ticket(shared, id, &input, false, |body| Reply::json(200, body))
}

/// Applies `input` to ticket `id` as an update does (validation, triggers, the audit) and
/// answers with `answer` over `{"ticket", "audit"}`. With `refuse_closed`, a closed ticket
/// refuses the change (the tag endpoints: docs/zendesk-api.md#ticket-tags).
fn change_ticket(
    shared: &Arc<Shared>,
    id: u64,
    input: &Map<String, Json>,
    refuse_closed: bool,
    answer: impl FnOnce(&Json) -> Reply,
) -> Reply {
    let (reply, deliveries) = {
        let mut state = shared.state();
        let Some(record) = state.tickets.get(&id).cloned() else {
            return not_found();
        };
        if refuse_closed && record.ticket.get("status").and_then(Json::as_str) == Some("closed") {
            return record_invalid(vec![(
                "status".into(),
                "Status: closed prevents ticket update".into(),
                "InvalidValue",
            )]);
        }
        let previous = record.ticket.clone();
        let mut ticket = record.ticket;
        let mut comments = record.comments;
        let comments_before = comments.len();
        match apply_ticket_input(&mut state, input, &mut ticket, &mut comments, false) {
            Err(problems) => return record_invalid(problems),
            Ok(ignored) => {
                ticket.insert("updated_at".into(), json!(state.now()));
                sync_custom_status(&state, &mut ticket);
                let before_rules = ticket.clone();
                let (deliveries, run) = run_triggers(
                    &state,
                    Some(&previous),
                    &mut ticket,
                    &comments,
                    UpdateType::Change,
                );
                sync_custom_status(&state, &mut ticket);
                let comments = comments
                    .into_iter()
                    .enumerate()
                    .map(|(i, c)| {
                        if i < comments_before {
                            c
                        } else {
                            comment_view(&c)
                        }
                    })
                    .collect();
                let mut record = TicketRecord {
                    ticket,
                    comments,
                    audits: record.audits,
                    rules: record.rules,
                };
                let stamp = state.now();
                record_rules(&mut record, "update", &stamp, run.traces, None);
                let audit = audit(
                    &mut record,
                    Some(&previous),
                    comments_before,
                    DEMO_ADMIN_ID,
                    RulePart {
                        before: Some(&before_rules),
                        changes: &run.changes,
                        by: None,
                    },
                );
                let body = json!({"ticket": record.ticket, "audit": audit});
                state.tickets.insert(id, record);
                state.touch(Key::Ticket(id));
                (warn_ignored(answer(&body), "update", &ignored), deliveries)
            }
        }
    };
    shared.changed();
    spawn_deliveries(shared, deliveries);
    reply
}

/// `DELETE /tickets/{id}`: 204; the ticket is gone from lists and shows (Zendesk keeps it in
/// deleted tickets for 30 days, which the sandbox does not emulate).
/// https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#delete-ticket
pub(super) fn delete_ticket(shared: &Shared, id: u64) -> Reply {
    delete_record(
        shared,
        Key::Ticket(id),
        |state| state.tickets.remove(&id).is_some(),
        not_found,
    )
}

/// `GET /tickets`: both paginations; `sort_by`/`sort_order` (offset) or `sort` (cursor) over
/// id, created_at, updated_at, status, priority, subject; `external_id=` filters.
/// https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#list-tickets
pub(super) fn list_tickets(shared: &Shared, req: &Req) -> Reply {
    let external = req.query("external_id");
    let items: Vec<Json> = shared
        .state()
        .tickets
        .values()
        .filter(|t| {
            external.is_none_or(|e| t.ticket.get("external_id").and_then(Json::as_str) == Some(e))
        })
        .map(|t| Json::Object(t.ticket.clone()))
        .collect();
    let sort = pages::sort_from(
        req,
        &[
            "id",
            "created_at",
            "updated_at",
            "status",
            "priority",
            "subject",
        ],
        ("id", false),
    );
    let mut keep = Vec::new();
    if let Some(e) = external {
        keep.push(("external_id".to_owned(), e.to_owned()));
    }
    list_reply(
        req,
        pages::Listing {
            key: "tickets",
            items,
            url: format!("{}/api/v2/tickets.json", shared.base_url),
            sort,
            default: pages::Default::Offset,
            keep,
        },
    )
}

/// The ids of `?ids=1,2,3`; anything else is a 400.
pub(super) fn id_list(req: &Req) -> Result<Vec<u64>, Reply> {
    let raw = req.query("ids").unwrap_or_default();
    let ids: Result<Vec<u64>, _> = raw
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().parse::<u64>())
        .collect();
    match ids {
        Ok(ids) if !ids.is_empty() && ids.len() <= 100 => Ok(ids),
        _ => Err(pages::invalid_page_parameter(
            "ids",
            req.path.trim_start_matches('/'),
        )),
    }
}

/// `GET /tickets/show_many?ids=1,2`: the tickets that exist, in id order.
/// https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#show-multiple-tickets
pub(super) fn show_many_tickets(shared: &Shared, req: &Req) -> Reply {
    let ids = match id_list(req) {
        Ok(ids) => ids,
        Err(r) => return r,
    };
    let state = shared.state();
    let tickets: Vec<&Map<String, Json>> = ids
        .iter()
        .filter_map(|id| state.tickets.get(id).map(|t| &t.ticket))
        .collect();
    Reply::json(
        200,
        &json!({"tickets": tickets, "next_page": null, "previous_page": null, "count": tickets.len()}),
    )
}

/// `GET /tickets/{id}/comments`: both paginations, oldest first (`sort_order=desc` reverses).
/// https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/#list-comments
pub(super) fn list_comments(shared: &Shared, req: &Req, id: u64) -> Reply {
    let items: Vec<Json> = match shared.state().tickets.get(&id) {
        Some(t) => t.comments.iter().map(comment_view).collect(),
        None => return not_found(),
    };
    let desc = req
        .query("sort_order")
        .is_some_and(|o| o.eq_ignore_ascii_case("desc"))
        || req.query("sort") == Some("-created_at");
    list_reply(
        req,
        pages::Listing {
            key: "comments",
            items,
            url: format!("{}/api/v2/tickets/{id}/comments.json", shared.base_url),
            sort: ("created_at".into(), desc),
            default: pages::Default::Offset,
            keep: Vec::new(),
        },
    )
}

/// `GET /tickets/{id}/audits`: cursor pagination, as Zendesk documents for audits.
pub(super) fn list_audits(shared: &Shared, req: &Req, id: u64) -> Reply {
    let items: Vec<Json> = match shared.state().tickets.get(&id) {
        Some(t) => t.audits.clone(),
        None => return not_found(),
    };
    list_reply(
        req,
        pages::Listing {
            key: "audits",
            items,
            url: format!("{}/api/v2/tickets/{id}/audits.json", shared.base_url),
            sort: ("id".into(), false),
            default: pages::Default::Offset,
            keep: Vec::new(),
        },
    )
}

pub(super) fn list_reply(req: &Req, listing: pages::Listing) -> Reply {
    match pages::page(req, listing) {
        Ok(body) => Reply::json(200, &body),
        Err(reply) => reply,
    }
}

pub(super) fn run_triggers(
    state: &State,
    previous: Option<&Map<String, Json>>,
    ticket: &mut Map<String, Json>,
    comments: &[Json],
    update: UpdateType,
) -> (Vec<Delivery>, engine::RuleRun) {
    let triggers: Vec<&Json> = state.triggers.values().collect();
    let mut run = engine::run_traced(&triggers, previous, ticket, update);
    let firings = std::mem::take(&mut run.firings);
    (deliveries_for(state, ticket, comments, firings), run)
}

/// How many rule evaluations a ticket keeps (`GET /__sandbox/rules?ticket=`): the newest.
pub(crate) const RULE_EVALUATIONS: usize = 20;

/// Records one evaluation of the rules on `record`: `{"at", "cause": "create" | "update" |
/// "automation", "hour"?, "hours"?, "rules": [rule_trace…]}`, newest last, at most
/// [`RULE_EVALUATIONS`]. An automation hour in which nothing fired replaces the one before it
/// when that one was the same, counting the hours in `hours`, so a clock moved on a day keeps
/// the ticket's updates in view. Nothing is recorded when no rule is active.
pub(super) fn record_rules(
    record: &mut TicketRecord,
    cause: &str,
    at: &str,
    traces: Vec<Json>,
    hour: Option<i64>,
) {
    if traces.is_empty() {
        return;
    }
    let fired = traces.iter().any(|t| t["fired"] == json!(true));
    let mut entry = json!({"at": at, "cause": cause, "rules": traces});
    if let Some(h) = hour {
        entry["hour"] = json!(h);
        entry["hours"] = json!(1);
    }
    let same_as_last = |last: &Json| {
        cause == "automation"
            && !fired
            && last["cause"] == "automation"
            && last["rules"]
                .as_array()
                .is_some_and(|r| r.iter().all(|t| t["fired"] == json!(false)))
            && strip_saw(&last["rules"]) == strip_saw(&entry["rules"])
    };
    if let Some(last) = record.rules.back_mut()
        && same_as_last(last)
    {
        let hours = last["hours"].as_i64().unwrap_or(1) + 1;
        *last = entry;
        last["hours"] = json!(hours);
        return;
    }
    record.rules.push_back(entry);
    while record.rules.len() > RULE_EVALUATIONS {
        record.rules.pop_front();
    }
}

/// The rules' outcome without the values seen (hours move on every hour).
fn strip_saw(rules: &Json) -> Vec<(Json, Vec<Json>)> {
    rules
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            let holds = r["conditions"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|c| c["holds"].clone())
                .collect();
            (r["id"].clone(), holds)
        })
        .collect()
}

/// The deliveries of `firings` on `ticket` as it stands: the placeholder sample is taken now.
pub(super) fn deliveries_for(
    state: &State,
    ticket: &Map<String, Json>,
    comments: &[Json],
    firings: Vec<engine::Firing>,
) -> Vec<Delivery> {
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

/// `GET /tickets/{id}/tags`: `{"tags": [...]}`.
/// Source: docs/zendesk-api.md#ticket-tags.
pub(super) fn list_ticket_tags(shared: &Shared, id: u64) -> Reply {
    match shared.state().tickets.get(&id) {
        Some(t) => Reply::json(
            200,
            &json!({"tags": t.ticket.get("tags").cloned().unwrap_or(json!([]))}),
        ),
        None => not_found(),
    }
}

/// What a tags request does to the ticket's tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TagChange {
    /// `POST`: the list replaces the ticket's tags.
    Set,
    /// `PUT`: the list is added.
    Add,
    /// `DELETE`: the list is removed.
    Remove,
}

/// `POST|PUT|DELETE /tickets/{id}/tags` with `{"tags": [...]}`: 200 `{"tags": [...]}`, the
/// ticket's tags after the change. The change is
/// an update of the ticket: it is audited and the triggers run. A closed ticket refuses it
/// (422), as the docs say of these endpoints; `safe_update` with an `updated_stamp` older than
/// the ticket's `updated_at` answers 409.
/// Source: docs/zendesk-api.md#ticket-tags.
pub(super) fn change_ticket_tags(
    shared: &Arc<Shared>,
    req: &Req,
    id: u64,
    change: TagChange,
) -> Reply {
    let body = match req.json() {
        Ok(b) => b,
        Err(e) => return bad_json(e),
    };
    let (list, options) = match &body {
        Json::Object(m) => (m.get("tags"), Some(m)),
        _ => (None, None),
    };
    let Some(tags) = list.and_then(tag_list) else {
        return record_invalid(vec![(
            "tags".into(),
            "Tags: must be a list of strings".into(),
            "InvalidValue",
        )]);
    };
    if let Some(options) = options
        && options
            .get("safe_update")
            .is_some_and(|s| s == &json!(true) || s == &json!("true"))
    {
        let stamp = options.get("updated_stamp").and_then(Json::as_str);
        let current = shared.state().tickets.get(&id).and_then(|t| {
            t.ticket
                .get("updated_at")
                .and_then(Json::as_str)
                .map(str::to_owned)
        });
        if let (Some(stamp), Some(current)) = (stamp, current)
            && stamp != current
        {
            return Reply::json(
                409,
                &json!({"error": "UpdateConflict", "description": "Safe Update prevented the update due to outdated ticket data. Please fetch the latest ticket data and try again."}),
            );
        }
    }
    let key = match change {
        TagChange::Set => "tags",
        TagChange::Add => "additional_tags",
        TagChange::Remove => "remove_tags",
    };
    let mut input = Map::new();
    input.insert(key.into(), json!(tags));
    change_ticket(shared, id, &input, true, |body| {
        Reply::json(
            200,
            &json!({"tags": body["ticket"].get("tags").cloned().unwrap_or(json!([]))}),
        )
    })
}
