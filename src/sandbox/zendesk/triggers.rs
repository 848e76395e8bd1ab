//! Triggers (integer ids; PUT replaces conditions and actions), their definitions, and trigger
//! categories (string ids).

use serde_json::{Map, Value as Json, json};

use super::*;

/// Offset pagination as Zendesk does it: `page` from 1, `per_page` up to 100, and `next_page`
/// as a full URL while more remain.
pub(super) fn list_triggers(shared: &Shared, req: &Req) -> Reply {
    let number = |k: &str, default: usize| {
        req.query(k)
            .and_then(|v| v.parse::<usize>().ok())
            .filter(|n| *n > 0)
            .unwrap_or(default)
    };
    let (page, per_page) = (number("page", 1), number("per_page", 100).min(100));
    let state = shared.state();
    let mut list: Vec<&Json> = state.triggers.values().collect();
    list.sort_by_key(|t| t.get("position").and_then(Json::as_i64).unwrap_or(i64::MAX));
    let count = list.len();
    let start = (page - 1).saturating_mul(per_page).min(count);
    let end = (start + per_page).min(count);
    let link = |p: usize| {
        format!(
            "{}/api/v2/triggers.json?page={p}&per_page={per_page}",
            shared.base_url
        )
    };
    let next = (end < count).then(|| link(page + 1));
    let previous = (page > 1).then(|| link(page - 1));
    Reply::json(
        200,
        &json!({"triggers": &list[start..end], "next_page": next, "previous_page": previous, "count": count}),
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
    drop(state);
    shared.changed();
    Reply::json(200, &json!({"trigger": trigger}))
}

pub(super) fn delete_trigger(shared: &Shared, id: u64) -> Reply {
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

pub(super) fn list_categories(shared: &Shared) -> Reply {
    let state = shared.state();
    if !state.trigger_categories_enabled {
        return categories_not_enabled();
    }
    Reply::json(
        200,
        &json!({"trigger_categories": state.trigger_categories, "meta": {"has_more": false}, "links": {"next": null, "prev": null}}),
    )
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
    drop(state);
    shared.changed();
    Reply::json(201, &json!({"trigger_category": category}))
}

/// Zendesk refuses to delete a category that still holds triggers.
pub(super) fn delete_category(shared: &Shared, id: &str) -> Reply {
    let mut state = shared.state();
    let Some(index) = state
        .trigger_categories
        .iter()
        .position(|c| c.get("id").map(triggers_id_text).as_deref() == Some(id))
    else {
        return errors(404, "TriggerCategoryNotFound", "Category not found", None);
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
    drop(state);
    shared.changed();
    Reply::empty(204)
}
