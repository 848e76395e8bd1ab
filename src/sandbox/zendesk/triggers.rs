//! Triggers (integer ids; PUT replaces conditions and actions), their definitions, and trigger
//! categories (string ids).

use serde_json::{Map, Value as Json, json};

use super::*;

/// `GET /triggers` (and `/triggers/active`): both paginations, by position unless `sort`
/// says otherwise; `active=true|false` and `category_id=` filter.
/// https://developer.zendesk.com/api-reference/ticketing/business-rules/triggers/#list-triggers
pub(super) fn list_triggers(shared: &Shared, req: &Req, only_active: bool) -> Reply {
    let active = if only_active {
        Some(true)
    } else {
        req.query("active").and_then(|a| a.parse::<bool>().ok())
    };
    let category = req.query("category_id");
    let items: Vec<Json> = shared
        .state()
        .triggers
        .values()
        .filter(|t| active.is_none_or(|a| t.get("active").and_then(Json::as_bool) == Some(a)))
        .filter(|t| {
            category
                .is_none_or(|c| t.get("category_id").map(triggers_id_text).as_deref() == Some(c))
        })
        .cloned()
        .collect();
    let sort = pages::sort_from(
        req,
        &[
            "position",
            "title",
            "created_at",
            "updated_at",
            "alphabetical",
        ],
        ("position", false),
    );
    let sort = if sort.0 == "alphabetical" {
        ("title".to_owned(), sort.1)
    } else {
        sort
    };
    let mut keep = Vec::new();
    if let (false, Some(a)) = (only_active, active) {
        keep.push(("active".to_owned(), a.to_string()));
    }
    if let Some(c) = category {
        keep.push(("category_id".to_owned(), c.to_owned()));
    }
    let path = if only_active {
        "triggers/active.json"
    } else {
        "triggers.json"
    };
    list_reply(
        req,
        pages::Listing {
            key: "triggers",
            items,
            url: format!("{}/api/v2/{path}", shared.base_url),
            sort,
            default: pages::Default::Offset,
            keep,
        },
    )
}

pub(super) fn show_trigger(shared: &Shared, id: u64) -> Reply {
    match shared.state().triggers.get(&id) {
        Some(t) => Reply::json(200, &json!({"trigger": t})),
        None => not_found(),
    }
}

pub(super) fn normalise_conditions(c: Option<&Json>) -> Json {
    let list = |g: &str| c.and_then(|c| c.get(g)).cloned().unwrap_or(json!([]));
    json!({"all": list("all"), "any": list("any")})
}

pub(super) fn check_trigger(state: &State, trigger: &Map<String, Json>) -> Result<(), Reply> {
    let json = Json::Object(trigger.clone());
    let problems = engine::validate(&json, |id| state.webhooks.contains_key(id));
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

pub(super) fn triggers_id_text(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

pub(super) fn create_trigger(shared: &Shared, req: &Req) -> Reply {
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
    state.touch(Key::Trigger(id));
    drop(state);
    shared.changed();
    Reply::json(201, &json!({"trigger": trigger}))
}

pub(super) fn update_trigger(shared: &Shared, req: &Req, id: u64) -> Reply {
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
    state.touch(Key::Trigger(id));
    drop(state);
    shared.changed();
    Reply::json(200, &json!({"trigger": trigger}))
}

pub(super) fn delete_trigger(shared: &Shared, id: u64) -> Reply {
    delete_record(
        shared,
        Key::Trigger(id),
        |state| state.triggers.remove(&id).is_some(),
        not_found,
    )
}

/// What `GET /triggers/definitions` lists: the fields this sandbox evaluates.
pub(super) fn definitions() -> Json {
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
    let ordered = engine::ORDERED_OPERATORS;
    let change = engine::CHANGE_OPERATORS;
    let conditions = json!([
        {"subject": "status", "title": "Status", "type": "list", "group": "ticket", "nullable": false, "repeatable": false, "operators": operators(ordered), "values": values(STATUSES)},
        {"subject": "priority", "title": "Priority", "type": "list", "group": "ticket", "nullable": true, "repeatable": false, "operators": operators(ordered), "values": values(PRIORITIES)},
        {"subject": "type", "title": "Type", "type": "list", "group": "ticket", "nullable": true, "repeatable": false, "operators": operators(change), "values": values(TYPES)},
        {"subject": "current_tags", "title": "Tags", "type": "tags", "group": "ticket", "nullable": true, "repeatable": false, "operators": operators(&["includes", "not_includes"])},
        {"subject": "update_type", "title": "Ticket", "type": "list", "group": "ticket", "nullable": false, "repeatable": false, "operators": operators(&["is", "is_not"]), "values": values(&["Create", "Change"])},
        {"subject": "assignee_id", "title": "Assignee", "type": "list", "group": "ticket", "nullable": true, "repeatable": false, "operators": operators(change)},
        {"subject": "requester_id", "title": "Requester", "type": "list", "group": "ticket", "nullable": false, "repeatable": false, "operators": operators(change)},
        {"subject": "group_id", "title": "Group", "type": "list", "group": "ticket", "nullable": true, "repeatable": false, "operators": operators(change)},
        {"subject": "status_category", "title": "Status category", "type": "list", "group": "ticket", "nullable": false, "repeatable": false, "operators": operators(change), "values": values(engine::STATUS_CATEGORIES)},
        {"subject": "custom_status_id", "title": "Ticket status", "type": "list", "group": "ticket", "nullable": false, "repeatable": false, "operators": operators(engine::CUSTOM_STATUS_OPERATORS)},
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

/// What Zendesk answers on an account without trigger categories.
pub(super) fn categories_not_enabled() -> Reply {
    errors(
        403,
        "TriggerCategoriesNotEnabled",
        "Trigger categories are not enabled on this account",
        None,
    )
}

/// `GET /trigger_categories`: cursor pagination only, by position.
/// https://developer.zendesk.com/api-reference/ticketing/business-rules/trigger_categories/#list-trigger-categories
pub(super) fn list_categories(shared: &Shared, req: &Req) -> Reply {
    let state = shared.state();
    if !state.trigger_categories_enabled {
        return categories_not_enabled();
    }
    let items = state.trigger_categories.clone();
    drop(state);
    list_reply(
        req,
        pages::Listing {
            key: "trigger_categories",
            items,
            url: format!("{}/api/v2/trigger_categories", shared.base_url),
            sort: ("position".into(), false),
            default: pages::Default::Cursor,
            keep: Vec::new(),
        },
    )
}

fn category_not_found() -> Reply {
    errors(404, "TriggerCategoryNotFound", "Category not found", None)
}

fn category_index(state: &State, id: &str) -> Option<usize> {
    state
        .trigger_categories
        .iter()
        .position(|c| c.get("id").map(triggers_id_text).as_deref() == Some(id))
}

/// `GET /trigger_categories/{id}`.
pub(super) fn show_category(shared: &Shared, id: &str) -> Reply {
    let state = shared.state();
    if !state.trigger_categories_enabled {
        return categories_not_enabled();
    }
    match category_index(&state, id) {
        Some(i) => Reply::json(
            200,
            &json!({"trigger_category": state.trigger_categories[i]}),
        ),
        None => category_not_found(),
    }
}

/// `PATCH /trigger_categories/{id}` with `{"trigger_category": {name?, position?}}`: 200.
/// https://developer.zendesk.com/api-reference/ticketing/business-rules/trigger_categories/#update-trigger-category
pub(super) fn update_category(shared: &Shared, req: &Req, id: &str) -> Reply {
    let input = match wrapped(req, "trigger_category") {
        Ok(i) => i,
        Err(r) => return r,
    };
    let name = match input.get("name") {
        None => None,
        Some(n) => match n.as_str().map(str::trim).filter(|n| !n.is_empty()) {
            Some(n) => Some(n.to_owned()),
            None => {
                return errors(
                    400,
                    "InvalidTriggerCategory",
                    "Name cannot be blank",
                    Some("/trigger_category/name"),
                );
            }
        },
    };
    let position = match input.get("position") {
        None => None,
        Some(p) => match p.as_i64() {
            Some(p) => Some(p),
            None => {
                return errors(
                    400,
                    "InvalidTriggerCategory",
                    "Position must be an integer",
                    Some("/trigger_category/position"),
                );
            }
        },
    };
    let mut state = shared.state();
    if !state.trigger_categories_enabled {
        return categories_not_enabled();
    }
    let Some(i) = category_index(&state, id) else {
        return category_not_found();
    };
    let category = &mut state.trigger_categories[i];
    if let Some(n) = name {
        category["name"] = json!(n);
    }
    if let Some(p) = position {
        category["position"] = json!(p);
    }
    category["updated_at"] = json!(now());
    let shown = category.clone();
    state.touch(Key::Categories);
    drop(state);
    shared.changed();
    Reply::json(200, &json!({"trigger_category": shown}))
}

pub(super) fn create_category(shared: &Shared, req: &Req) -> Reply {
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
    if !state.trigger_categories_enabled {
        return categories_not_enabled();
    }
    let id = state.next_category_id;
    state.next_category_id += 1;
    let created = now();
    let position = input
        .get("position")
        .and_then(Json::as_i64)
        .unwrap_or(state.trigger_categories.len() as i64);
    let category = json!({"id": id.to_string(), "name": name, "position": position, "created_at": created, "updated_at": created});
    state.trigger_categories.push(category.clone());
    state.touch(Key::Categories);
    drop(state);
    shared.changed();
    Reply::json(201, &json!({"trigger_category": category}))
}

/// Zendesk refuses to delete a category that still holds triggers.
pub(super) fn delete_category(shared: &Shared, id: &str) -> Reply {
    let mut state = shared.state();
    let Some(index) = category_index(&state, id) else {
        return category_not_found();
    };
    let in_use = state
        .triggers
        .values()
        .any(|t| t.get("category_id").map(triggers_id_text).as_deref() == Some(id));
    if in_use {
        return errors(
            400,
            "CategoryNotEmpty",
            "Trigger category has triggers. Move or delete them first",
            None,
        );
    }
    state.trigger_categories.remove(index);
    state.touch(Key::Categories);
    drop(state);
    shared.changed();
    Reply::empty(204)
}

// ---- search and the bulk routes ----

/// `GET /triggers/search?query=`: the triggers whose title holds the query (any case), with
/// `active=` as in the list; offset pagination like the list. Without `query` 400 (the docs
/// mark it required and give no wording: the sandbox's own, in the older error shape).
/// Source: docs/zendesk-api.md#triggers ("Search Triggers").
pub(super) fn search_triggers(shared: &Shared, req: &Req) -> Reply {
    let Some(query) = req.query("query").map(str::trim).filter(|q| !q.is_empty()) else {
        return Reply::json(
            400,
            &json!({"error": "InvalidParameter", "description": "query: is required"}),
        );
    };
    let needle = query.to_lowercase();
    let active = req.query("active").and_then(|a| a.parse::<bool>().ok());
    let items: Vec<Json> = shared
        .state()
        .triggers
        .values()
        .filter(|t| {
            t.get("title")
                .and_then(Json::as_str)
                .is_some_and(|title| title.to_lowercase().contains(&needle))
        })
        .filter(|t| active.is_none_or(|a| t.get("active").and_then(Json::as_bool) == Some(a)))
        .cloned()
        .collect();
    let sort = pages::sort_from(
        req,
        &["position", "title", "created_at", "updated_at"],
        ("position", false),
    );
    let mut keep = vec![("query".to_owned(), query.to_owned())];
    if let Some(a) = active {
        keep.push(("active".to_owned(), a.to_string()));
    }
    list_reply(
        req,
        pages::Listing {
            key: "triggers",
            items,
            url: format!("{}/api/v2/triggers/search.json", shared.base_url),
            sort,
            default: pages::Default::Offset,
            keep,
        },
    )
}

/// `PUT /triggers/reorder` with `{"trigger_ids": [...]}`: the firing order, every trigger's id
/// in it. A list that leaves one out (or names one that does not exist) is refused with 404,
/// as the docs say; on an account with more than one trigger category the route refuses with
/// `LimitOneCategory`. On success each trigger's position is its place in the list (from 1),
/// and the answer lists them in that order.
/// Source: docs/zendesk-api.md#triggers ("Reorder Triggers").
pub(super) fn reorder_triggers(shared: &Shared, req: &Req) -> Reply {
    let body = match req.json() {
        Ok(b) => b,
        Err(e) => return bad_json(e),
    };
    let Some(ids) = id_array(body.get("trigger_ids")) else {
        return bad_json("the body must be {\"trigger_ids\": [<trigger id>, ...]}".into());
    };
    let state = shared.state();
    if state.trigger_categories_enabled && state.trigger_categories.len() > 1 {
        return errors(
            400,
            "LimitOneCategory",
            "Reordering triggers through the API is not allowed with more than one trigger category",
            None,
        );
    }
    rules::reorder(shared, state, Rules::Triggers, &ids)
}

/// `PUT /triggers/update_many` with `{"triggers": [{id, position?, active?, category_id?}]}`:
/// only those three properties change ("any additional properties are ignored"); 200 with the
/// updated triggers. An id that names no trigger: 404 RecordNotFound and nothing changes; a
/// category that does not exist: the 422 of a single update.
/// Source: docs/zendesk-api.md#triggers ("Update Many Triggers").
pub(super) fn update_many_triggers(shared: &Shared, req: &Req) -> Reply {
    let body = match req.json() {
        Ok(b) => b,
        Err(e) => return bad_json(e),
    };
    let Some(items) = body.get("triggers").and_then(Json::as_array) else {
        return bad_json("the body must be {\"triggers\": [{\"id\": ..., ...}]}".into());
    };
    let state = shared.state();
    let mut changed: Vec<(u64, Map<String, Json>)> = Vec::new();
    for item in items {
        let Some(id) = item.get("id").and_then(id_value) else {
            return bad_json("each trigger needs its integer \"id\"".into());
        };
        let Some(existing) = state.triggers.get(&id) else {
            return not_found();
        };
        let mut updated = json_map(existing.clone());
        for key in ["position", "active", "category_id"] {
            if let Some(v) = item.get(key) {
                updated.insert(key.into(), v.clone());
            }
        }
        if let Some(c) = updated.get("category_id").cloned().filter(|c| !c.is_null()) {
            updated.insert("category_id".into(), json!(triggers_id_text(&c)));
        }
        if let Err(r) = check_trigger(&state, &updated) {
            return r;
        }
        changed.push((id, updated));
    }
    rules::store_updated(shared, state, Rules::Triggers, changed)
}
