//! Zendesk's Support API as the sandbox serves it: the paths, status codes, bodies and errors
//! written down, with their sources, in docs/zendesk-api.md.

use std::sync::Arc;

use base64::Engine as _;
use hyper::Method;
use serde_json::{Map, Value as Json, json};

use super::delivery;
use super::server::{Reply, Req};
use super::state::{Key, State, TicketRecord, WebhookRecord, now, ulid};
use super::trigger_engine::{
    self as engine, Delivery, PRIORITIES, STATUSES, TYPES, UpdateType, json_map,
};
use super::{DEMO_ADMIN_EMAIL, DEMO_ADMIN_ID, DEMO_ZENDESK_TOKEN, Shared};

mod automations;
mod custom_statuses;
mod pages;
mod rules;
mod search;
mod ticket_fields;
mod tickets;
mod triggers;
mod users;
mod webhooks;

use automations::*;
use custom_statuses::*;
use rules::{Rules, id_array};
use ticket_fields::*;
use tickets::*;
use triggers::*;
use users::*;
use webhooks::*;

pub(crate) use automations::clock;
pub(crate) use custom_statuses::{set_custom_statuses, system_statuses};

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
    // The route table. Each line's shape and source is in the handler's comment; the reference
    // table in README's sandbox section lists them together. Anything else is InvalidEndpoint.
    match (m, plain.as_slice()) {
        (&Method::GET, ["tickets"]) => list_tickets(shared, req),
        (&Method::POST, ["tickets"]) => create_ticket(shared, req),
        (&Method::GET, ["tickets", "show_many"]) => show_many_tickets(shared, req),
        (&Method::GET, ["tickets", id]) => with_id(id, |id| show_ticket(shared, id)),
        (&Method::PUT, ["tickets", id]) => with_id(id, |id| update_ticket(shared, req, id)),
        (&Method::DELETE, ["tickets", id]) => with_id(id, |id| delete_ticket(shared, id)),
        (&Method::GET, ["tickets", id, "comments"]) => {
            with_id(id, |id| list_comments(shared, req, id))
        }
        (&Method::GET, ["tickets", id, "audits"]) => with_id(id, |id| list_audits(shared, req, id)),
        (&Method::GET, ["tickets", id, "tags"]) => with_id(id, |id| list_ticket_tags(shared, id)),
        (&Method::POST, ["tickets", id, "tags"]) => {
            with_id(id, |id| change_ticket_tags(shared, req, id, TagChange::Set))
        }
        (&Method::PUT, ["tickets", id, "tags"]) => {
            with_id(id, |id| change_ticket_tags(shared, req, id, TagChange::Add))
        }
        (&Method::DELETE, ["tickets", id, "tags"]) => with_id(id, |id| {
            change_ticket_tags(shared, req, id, TagChange::Remove)
        }),
        (&Method::GET, ["ticket_fields"]) => list_ticket_fields(shared, req),
        (&Method::POST, ["ticket_fields"]) => create_ticket_field(shared, req),
        (&Method::GET, ["ticket_fields", id]) => with_id(id, |id| show_ticket_field(shared, id)),
        (&Method::PUT, ["ticket_fields", id]) => {
            with_id(id, |id| update_ticket_field(shared, req, id))
        }
        (&Method::DELETE, ["ticket_fields", id]) => {
            with_id(id, |id| delete_ticket_field(shared, id))
        }
        (&Method::GET, ["search"]) => search::search(shared, req),
        (&Method::GET, ["search", "count"]) => search::count(shared, req),
        (&Method::GET, ["users"]) => list_users(shared, req),
        (&Method::POST, ["users"]) => create_user(shared, req),
        (&Method::GET, ["users", "me"]) => me(req),
        (&Method::GET, ["users", "search"]) => search_users(shared, req),
        (&Method::GET, ["users", "show_many"]) => show_many_users(shared, req),
        (&Method::POST, ["users", "create_or_update"]) => create_or_update_user(shared, req),
        (&Method::GET, ["users", id]) => with_id(id, |id| show_user(shared, id)),
        (&Method::PUT, ["users", id]) => with_id(id, |id| update_user(shared, req, id)),
        (&Method::GET, ["webhooks"]) => list_webhooks(shared, req),
        (&Method::POST, ["webhooks"]) => create_webhook(shared, req),
        (&Method::POST, ["webhooks", "test"]) => test_webhook(shared, req).await,
        (&Method::GET, ["webhooks", id]) => show_webhook(shared, id),
        (&Method::PUT, ["webhooks", id]) => update_webhook(shared, req, id, false),
        (&Method::PATCH, ["webhooks", id]) => update_webhook(shared, req, id, true),
        (&Method::DELETE, ["webhooks", id]) => delete_webhook(shared, id),
        (&Method::GET, ["webhooks", id, "signing_secret"]) => signing_secret(shared, id),
        (&Method::POST, ["webhooks", id, "signing_secret"]) => reset_signing_secret(shared, id),
        (&Method::GET, ["webhooks", id, "invocations"]) => invocations(shared, req, id),
        (&Method::GET, ["webhooks", id, "invocations", inv, "attempts"]) => {
            attempts(shared, id, inv)
        }
        (&Method::GET, ["triggers"]) => list_triggers(shared, req, false),
        (&Method::GET, ["triggers", "active"]) => list_triggers(shared, req, true),
        (&Method::GET, ["triggers", "definitions"]) => Reply::json(200, &definitions()),
        (&Method::GET, ["triggers", "search"]) => search_triggers(shared, req),
        (&Method::PUT, ["triggers", "reorder"]) => reorder_triggers(shared, req),
        (&Method::PUT, ["triggers", "update_many"]) => update_many_triggers(shared, req),
        (&Method::DELETE, ["triggers", "destroy_many"]) => {
            rules::destroy_many(shared, req, Rules::Triggers)
        }
        (&Method::POST, ["triggers"]) => create_trigger(shared, req),
        (&Method::GET, ["triggers", id]) => with_id(id, |id| show_trigger(shared, id)),
        (&Method::PUT, ["triggers", id]) => with_id(id, |id| update_trigger(shared, req, id)),
        (&Method::DELETE, ["triggers", id]) => with_id(id, |id| delete_trigger(shared, id)),
        (&Method::GET, ["custom_statuses"]) => list_custom_statuses(shared, req),
        (&Method::POST, ["custom_statuses"]) => create_custom_status(shared, req),
        (&Method::GET, ["custom_statuses", id]) => with_id(id, |id| show_custom_status(shared, id)),
        (&Method::PUT, ["custom_statuses", id]) => {
            with_id(id, |id| update_custom_status(shared, req, id))
        }
        (&Method::GET, ["automations"]) => list_automations(shared, req, false),
        (&Method::GET, ["automations", "active"]) => list_automations(shared, req, true),
        (&Method::GET, ["automations", "search"]) => search_automations(shared, req),
        (&Method::PUT, ["automations", "reorder"]) => reorder_automations(shared, req),
        (&Method::PUT, ["automations", "update_many"]) => update_many_automations(shared, req),
        (&Method::DELETE, ["automations", "destroy_many"]) => {
            rules::destroy_many(shared, req, Rules::Automations)
        }
        (&Method::POST, ["automations"]) => create_automation(shared, req),
        (&Method::GET, ["automations", id]) => with_id(id, |id| show_automation(shared, id)),
        (&Method::PUT, ["automations", id]) => with_id(id, |id| update_automation(shared, req, id)),
        (&Method::DELETE, ["automations", id]) => with_id(id, |id| delete_automation(shared, id)),
        (&Method::GET, ["trigger_categories"]) => list_categories(shared, req),
        (&Method::POST, ["trigger_categories"]) => create_category(shared, req),
        (&Method::GET, ["trigger_categories", id]) => show_category(shared, id),
        (&Method::PATCH, ["trigger_categories", id]) => update_category(shared, req, id),
        (&Method::DELETE, ["trigger_categories", id]) => delete_category(shared, id),
        _ => invalid_endpoint(),
    }
}

pub(super) fn authenticated(req: &Req) -> bool {
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

/// A path segment that should be a numeric id and is not names no route (Zendesk's routes only
/// match digits there).
pub(super) fn with_id(id: &str, f: impl FnOnce(u64) -> Reply) -> Reply {
    match id.parse::<u64>() {
        Ok(id) => f(id),
        Err(_) => invalid_endpoint(),
    }
}

/// A path no route serves: 404 InvalidEndpoint, which clients tell apart from a missing record
/// (zenpy raises `APIException`, not `RecordNotFoundException`).
/// Source: docs/zendesk-api.md#errors.
pub(super) fn invalid_endpoint() -> Reply {
    Reply::json(
        404,
        &json!({"error": "InvalidEndpoint", "description": "Not found"}),
    )
}

/// A route that exists, for a record that does not.
pub(super) fn not_found() -> Reply {
    Reply::json(
        404,
        &json!({"error": "RecordNotFound", "description": "Not found"}),
    )
}

pub(super) fn not_found_newer() -> Reply {
    Reply::json(
        404,
        &json!({"errors": [{"code": "NotFound", "title": "Not Found", "detail": "No route matches; webhook and trigger category paths take no .json suffix"}]}),
    )
}

pub(super) fn record_invalid(details: Vec<(String, String, &str)>) -> Reply {
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
pub(super) fn errors(status: u16, code: &str, title: &str, pointer: Option<&str>) -> Reply {
    let mut e = json!({"code": code, "title": title});
    if let Some(p) = pointer {
        e["source"] = json!({"pointer": p});
    }
    Reply::json(status, &json!({"errors": [e]}))
}

pub(super) fn bad_json(message: String) -> Reply {
    Reply::json(
        400,
        &json!({"error": "InvalidJSON", "description": message}),
    )
}

/// The object under `key` in the body (`{"ticket": {...}}`), or the answer that says why not.
pub(super) fn wrapped(req: &Req, key: &str) -> Result<Map<String, Json>, Reply> {
    let body = req.json().map_err(bad_json)?;
    match body.get(key) {
        Some(Json::Object(m)) => Ok(m.clone()),
        _ => Err(bad_json(format!("the body must be {{\"{key}\": {{...}}}}"))),
    }
}

/// `DELETE` of one record: on a hit the record is gone, its key is touched in the same critical
/// section (the journal writes the removal) and the change is announced: 204. On a miss nothing
/// in the state changes and `missing` answers (each resource's own 404).
pub(super) fn delete_record(
    shared: &Shared,
    key: Key,
    remove: impl FnOnce(&mut State) -> bool,
    missing: fn() -> Reply,
) -> Reply {
    let removed = remove_record(&mut shared.state(), key, remove);
    if removed {
        shared.changed();
        Reply::empty(204)
    } else {
        missing()
    }
}

/// The state's half of [`delete_record`]: true when `remove` found the record; only then is
/// `key` touched.
fn remove_record(state: &mut State, key: Key, remove: impl FnOnce(&mut State) -> bool) -> bool {
    let removed = remove(state);
    if removed {
        state.touch(key);
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A delete that finds nothing leaves the state as it was: no key for the journal, no
    /// change counted (the trigger and webhook handlers touched the state on a miss).
    #[test]
    fn a_delete_that_misses_changes_nothing() {
        let mut state = State::seeded();
        state.triggers.insert(7, json!({"id": 7}));
        state.dirty.take();
        let seq = state.dirty.seq;

        assert!(!remove_record(&mut state, Key::Trigger(8), |s| {
            s.triggers.remove(&8).is_some()
        }));
        assert!(!remove_record(
            &mut state,
            Key::Webhook("01NOPE".into()),
            |s| s.webhooks.remove("01NOPE").is_some()
        ));
        assert_eq!(state.dirty.seq, seq, "a miss counts no change");
        assert!(
            state.dirty.keys.is_empty(),
            "a miss gives the journal nothing"
        );
        assert!(state.triggers.contains_key(&7));

        assert!(remove_record(&mut state, Key::Trigger(7), |s| {
            s.triggers.remove(&7).is_some()
        }));
        assert_eq!(state.dirty.seq, seq + 1);
        assert_eq!(state.dirty.keys, [Key::Trigger(7)]);
        assert!(!state.triggers.contains_key(&7));
    }
}
