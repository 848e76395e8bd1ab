//! Automations (integer ids; PUT replaces conditions and actions) and the sandbox's clock,
//! which runs them every hour it moves. Source: docs/zendesk-api.md#automations.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value as Json, json};

use super::*;

/// `GET /automations` (and `/automations/active`): both paginations, by position; `active=`
/// filters the full list.
/// https://developer.zendesk.com/api-reference/ticketing/business-rules/automations/#list-automations
pub(super) fn list_automations(shared: &Shared, req: &Req, only_active: bool) -> Reply {
    let active = if only_active {
        Some(true)
    } else {
        req.query("active").and_then(|a| a.parse::<bool>().ok())
    };
    let items = automations_where(shared, active, None);
    let path = if only_active {
        "automations/active.json"
    } else {
        "automations.json"
    };
    let mut keep = Vec::new();
    if let (false, Some(a)) = (only_active, active) {
        keep.push(("active".to_owned(), a.to_string()));
    }
    automation_list(shared, req, items, path, keep)
}

/// `GET /automations/search?query=`: the automations whose title holds the query (any case),
/// `active=` as in the list; 400 without a query (the sandbox's wording).
/// https://developer.zendesk.com/api-reference/ticketing/business-rules/automations/#search-automations
pub(super) fn search_automations(shared: &Shared, req: &Req) -> Reply {
    let Some(query) = req.query("query").map(str::trim).filter(|q| !q.is_empty()) else {
        return Reply::json(
            400,
            &json!({"error": "InvalidParameter", "description": "query: is required"}),
        );
    };
    let active = req.query("active").and_then(|a| a.parse::<bool>().ok());
    let items = automations_where(shared, active, Some(&query.to_lowercase()));
    let mut keep = vec![("query".to_owned(), query.to_owned())];
    if let Some(a) = active {
        keep.push(("active".to_owned(), a.to_string()));
    }
    automation_list(shared, req, items, "automations/search.json", keep)
}

fn automations_where(shared: &Shared, active: Option<bool>, title: Option<&str>) -> Vec<Json> {
    shared
        .state()
        .automations
        .values()
        .filter(|a| active.is_none_or(|on| a.get("active").and_then(Json::as_bool) == Some(on)))
        .filter(|a| {
            title.is_none_or(|q| {
                a.get("title")
                    .and_then(Json::as_str)
                    .is_some_and(|t| t.to_lowercase().contains(q))
            })
        })
        .cloned()
        .collect()
}

fn automation_list(
    shared: &Shared,
    req: &Req,
    items: Vec<Json>,
    path: &str,
    keep: Vec<(String, String)>,
) -> Reply {
    let sort = pages::sort_from(
        req,
        &["position", "title", "created_at", "updated_at"],
        ("position", false),
    );
    list_reply(
        req,
        pages::Listing {
            key: "automations",
            items,
            url: format!("{}/api/v2/{path}", shared.base_url),
            sort,
            default: pages::Default::Offset,
            keep,
        },
    )
}

pub(super) fn show_automation(shared: &Shared, id: u64) -> Reply {
    match shared.state().automations.get(&id) {
        Some(a) => Reply::json(200, &json!({"automation": a})),
        None => not_found(),
    }
}

/// The 422 for an automation that breaks Zendesk's rules, or one identical to another active
/// automation ("active automations may overlap but not be identical").
fn check_automation(
    state: &State,
    automation: &Map<String, Json>,
    id: Option<u64>,
) -> Result<(), Reply> {
    let json = Json::Object(automation.clone());
    let problems = engine::validate_automation(&json, |w| state.webhooks.contains_key(w));
    if !problems.is_empty() {
        return Err(record_invalid(
            problems
                .into_iter()
                .map(|(f, d)| (f, d, "InvalidValue"))
                .collect(),
        ));
    }
    let active = automation
        .get("active")
        .and_then(Json::as_bool)
        .unwrap_or(true);
    let twin = state.automations.values().any(|other| {
        other.get("id").and_then(Json::as_u64) != id
            && other.get("active").and_then(Json::as_bool) == Some(true)
            && other.get("conditions") == automation.get("conditions")
            && other.get("actions") == automation.get("actions")
    });
    if active && twin {
        return Err(record_invalid(vec![(
            "base".into(),
            "Automation: an active automation with the same conditions and actions already exists"
                .into(),
            "DuplicateValue",
        )]));
    }
    Ok(())
}

/// `POST /automations` with `{"automation": {title, conditions, actions, active?, position?}}`:
/// 201 `{"automation"}`; the rules it breaks, 422 RecordInvalid.
pub(super) fn create_automation(shared: &Shared, req: &Req) -> Reply {
    let input = match wrapped(req, "automation") {
        Ok(i) => i,
        Err(r) => return r,
    };
    let mut candidate = input.clone();
    candidate.insert(
        "conditions".into(),
        normalise_conditions(input.get("conditions")),
    );
    candidate.insert(
        "active".into(),
        json!(input.get("active").and_then(Json::as_bool).unwrap_or(true)),
    );
    let mut state = shared.state();
    if let Err(r) = check_automation(&state, &candidate, None) {
        return r;
    }
    let id = state.next_automation_id;
    state.next_automation_id += 1;
    let position = input
        .get("position")
        .and_then(Json::as_i64)
        .unwrap_or_else(|| {
            state
                .automations
                .values()
                .filter_map(|a| a.get("position").and_then(Json::as_i64))
                .max()
                .unwrap_or(0)
                + 1
        });
    let created = now();
    let automation = json!({
        "url": format!("{}/api/v2/automations/{id}.json", shared.base_url),
        "id": id,
        "title": input.get("title"),
        "raw_title": input.get("title"),
        "active": candidate["active"],
        "position": position,
        "conditions": candidate["conditions"],
        "actions": input.get("actions"),
        "default": false,
        "created_at": created,
        "updated_at": created,
    });
    state.automations.insert(id, automation.clone());
    state.touch(Key::Automation(id));
    drop(state);
    shared.changed();
    Reply::json(201, &json!({"automation": automation}))
}

/// `PUT /automations/{id}`: the given properties change; conditions and actions sent replace
/// the old ones whole, as for triggers.
pub(super) fn update_automation(shared: &Shared, req: &Req, id: u64) -> Reply {
    let input = match wrapped(req, "automation") {
        Ok(i) => i,
        Err(r) => return r,
    };
    let mut state = shared.state();
    let Some(existing) = state.automations.get(&id).cloned() else {
        return not_found();
    };
    let mut updated = json_map(existing);
    for (k, v) in &input {
        match k.as_str() {
            "conditions" => {
                updated.insert(k.clone(), normalise_conditions(Some(v)));
            }
            "title" | "active" | "position" | "actions" => {
                updated.insert(k.clone(), v.clone());
            }
            _ => {}
        }
    }
    if let Err(r) = check_automation(&state, &updated, Some(id)) {
        return r;
    }
    if let Some(t) = updated.get("title").cloned() {
        updated.insert("raw_title".into(), t);
    }
    updated.insert("updated_at".into(), json!(now()));
    let automation = Json::Object(updated);
    state.automations.insert(id, automation.clone());
    state.touch(Key::Automation(id));
    drop(state);
    shared.changed();
    Reply::json(200, &json!({"automation": automation}))
}

pub(super) fn delete_automation(shared: &Shared, id: u64) -> Reply {
    delete_record(
        shared,
        Key::Automation(id),
        |state| state.automations.remove(&id).is_some(),
        not_found,
    )
}

// ---- the clock ----

/// The most hours one `POST /__sandbox/clock` moves (a year).
const MAX_ADVANCE: i64 = 24 * 366;

/// `GET /__sandbox/clock`: `{"now", "advanced_hours"}`. `POST` with `{"advance_hours": N}`
/// moves it on N hours, one at a time, running the active automations at each hour in
/// position order, and answers the clock with `ran`: each firing's hour, automation and ticket.
pub(crate) fn clock(shared: &Arc<Shared>, req: &Req) -> Reply {
    match req.method {
        Method::GET => Reply::json(200, &shared.state().clock_view()),
        Method::POST => {
            let hours = req
                .json()
                .ok()
                .and_then(|b| b.get("advance_hours").and_then(Json::as_i64));
            let Some(hours) = hours.filter(|h| (1..=MAX_ADVANCE).contains(h)) else {
                return Reply::json(
                    400,
                    &json!({"error": format!("the body must be {{\"advance_hours\": N}} with N a whole number from 1 to {MAX_ADVANCE}")}),
                );
            };
            let (view, deliveries) = {
                let mut state = shared.state();
                let mut ran = Vec::new();
                let mut deliveries = Vec::new();
                for _ in 0..hours {
                    state.clock_hours += 1;
                    state.touch(Key::Clock);
                    let hour = state.clock_hours;
                    for (automation, ticket) in run_hour(&mut state, &mut deliveries) {
                        ran.push(
                            json!({"hour": hour, "automation_id": automation, "ticket_id": ticket}),
                        );
                    }
                }
                let mut view = state.clock_view();
                view["ran"] = json!(ran);
                (view, deliveries)
            };
            shared.changed();
            spawn_deliveries(shared, deliveries);
            Reply::json(200, &view)
        }
        _ => Reply::json(
            405,
            &json!({"error": "the clock is read with GET and moved with POST {\"advance_hours\": N}"}),
        ),
    }
}

fn parse_time(v: Option<&Json>) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(v?.as_str()?)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// When the ticket entered its current status: the latest audit that set it.
fn status_since(record: &TicketRecord) -> Option<DateTime<Utc>> {
    record.audits.iter().rev().find_map(|audit| {
        let sets_status = audit
            .get("events")
            .and_then(Json::as_array)
            .is_some_and(|events| {
                events
                    .iter()
                    .any(|e| e.get("field_name").and_then(Json::as_str) == Some("status"))
            });
        if sets_status {
            parse_time(audit.get("created_at"))
        } else {
            None
        }
    })
}

/// A time-based field's whole hours on `record` at `clock` (None when it does not apply:
/// hours since solved on a ticket that is not solved).
fn hours_on(record: &TicketRecord, clock: DateTime<Utc>, field: &str) -> Option<i64> {
    let since = |t: Option<DateTime<Utc>>| t.map(|t| (clock - t).num_hours());
    match field {
        "NEW" => since(parse_time(record.ticket.get("created_at"))),
        "updated_at" => since(parse_time(record.ticket.get("updated_at"))),
        status => {
            let current = record.ticket.get("status").and_then(Json::as_str)?;
            if current.eq_ignore_ascii_case(status) {
                since(status_since(record))
            } else {
                None
            }
        }
    }
}

/// One hour of the clock: every active automation, in position order, over every ticket that
/// is not closed. An automation fires at most once per ticket per hour; its actions change the
/// ticket (audited with the automation as the rule, triggers run on the change) and its
/// webhook notifications are delivered. Returns the (automation, ticket) pairs that fired.
fn run_hour(state: &mut State, deliveries: &mut Vec<Delivery>) -> Vec<(u64, u64)> {
    let mut automations: Vec<Json> = state
        .automations
        .values()
        .filter(|a| a.get("active").and_then(Json::as_bool).unwrap_or(true))
        .cloned()
        .collect();
    automations.sort_by_key(|a| {
        (
            a.get("position").and_then(Json::as_i64).unwrap_or(i64::MAX),
            a.get("id").and_then(Json::as_u64).unwrap_or(0),
        )
    });
    if automations.is_empty() {
        return Vec::new();
    }
    let clock = state.clock();
    let stamp = state.now();
    let hour = state.clock_hours;
    let ids: Vec<u64> = state.tickets.keys().copied().collect();
    let mut fired = Vec::new();
    for ticket_id in ids {
        let mut traces = Vec::new();
        for automation in &automations {
            // Read in place; a record is copied only for an automation that fires.
            let Some(current) = state.tickets.get(&ticket_id) else {
                continue;
            };
            if current.ticket.get("status").and_then(Json::as_str) == Some("closed") {
                break;
            }
            let hours = |f: &str| hours_on(current, clock, f);
            let mut trace = engine::rule_trace(
                automation,
                "automation",
                Some(&current.ticket),
                &current.ticket,
                engine::UpdateType::Change,
                Some(&hours),
            );
            let holds = engine::automation_holds(automation, &current.ticket, hours);
            trace["fired"] = json!(holds);
            traces.push(trace);
            if !holds {
                continue;
            }
            let mut record = current.clone();
            let automation_id = automation.get("id").and_then(Json::as_u64).unwrap_or(0);
            fired.push((automation_id, ticket_id));
            let previous = record.ticket.clone();
            let firings = engine::apply_automation(automation, &mut record.ticket);
            sync_custom_status(state, &mut record.ticket);
            let by = engine::RuleChange {
                rule: "automation",
                id: automation_id,
                title: automation.get("title").cloned().unwrap_or(Json::Null),
                before: previous.clone(),
                after: record.ticket.clone(),
                webhooks: firings.iter().map(|f| f.webhook_id.clone()).collect(),
            };
            deliveries.extend(deliveries_for(
                state,
                &record.ticket,
                &record.comments,
                firings,
            ));
            let mut run = engine::RuleRun::default();
            let before_rules = record.ticket.clone();
            if record.ticket != previous {
                record.ticket.insert("updated_at".into(), json!(stamp));
                let (more, r) = run_triggers(
                    state,
                    Some(&previous),
                    &mut record.ticket,
                    &record.comments,
                    UpdateType::Change,
                );
                deliveries.extend(more);
                run = r;
                sync_custom_status(state, &mut record.ticket);
                record_rules(&mut record, "update", &stamp, run.traces.clone(), None);
            }
            // The automation's change and its notifications, audited with it as the rule.
            let comments = record.comments.len();
            audit(
                &mut record,
                Some(&previous),
                comments,
                DEMO_ADMIN_ID,
                RulePart {
                    before: Some(&before_rules),
                    changes: &run.changes,
                    by: Some(&by),
                },
            );
            state.tickets.insert(ticket_id, record);
            state.touch(Key::Ticket(ticket_id));
        }
        if let Some(record) = state.tickets.get_mut(&ticket_id)
            && !traces.is_empty()
        {
            record_rules(record, "automation", &stamp, traces, Some(hour));
            state.touch(Key::Ticket(ticket_id));
        }
    }
    fired
}

// ---- the bulk routes node-zendesk also calls ----

/// `PUT /automations/reorder` with `{"automation_ids": [...]}`: every automation's id, in the
/// new order (positions from 1); a list that leaves one out or names one that does not exist,
/// 404 and nothing changes (as for triggers).
pub(super) fn reorder_automations(shared: &Shared, req: &Req) -> Reply {
    let body = match req.json() {
        Ok(b) => b,
        Err(e) => return bad_json(e),
    };
    let Some(ids) = id_array(body.get("automation_ids")) else {
        return bad_json("the body must be {\"automation_ids\": [<automation id>, ...]}".into());
    };
    let state = shared.state();
    rules::reorder(shared, state, Rules::Automations, &ids)
}

/// `PUT /automations/update_many` with `{"automations": [{id, position?, active?}]}`: only those
/// change; an id of no automation, 404 and nothing changes.
pub(super) fn update_many_automations(shared: &Shared, req: &Req) -> Reply {
    let body = match req.json() {
        Ok(b) => b,
        Err(e) => return bad_json(e),
    };
    let Some(items) = body.get("automations").and_then(Json::as_array) else {
        return bad_json("the body must be {\"automations\": [{\"id\": ..., ...}]}".into());
    };
    let state = shared.state();
    let mut changed = Vec::new();
    for item in items {
        let Some(id) = item.get("id").and_then(id_value) else {
            return bad_json("each automation needs its integer \"id\"".into());
        };
        let Some(existing) = state.automations.get(&id) else {
            return not_found();
        };
        let mut updated = json_map(existing.clone());
        for key in ["position", "active"] {
            if let Some(v) = item.get(key) {
                updated.insert(key.into(), v.clone());
            }
        }
        if let Err(r) = check_automation(&state, &updated, Some(id)) {
            return r;
        }
        changed.push((id, updated));
    }
    rules::store_updated(shared, state, Rules::Automations, changed)
}
