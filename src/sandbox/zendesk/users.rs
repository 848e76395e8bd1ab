//! Users: `me` (the anonymous user for bad credentials), search, create_or_update.

use serde_json::{Map, Value as Json, json};

use super::*;

pub(super) fn is_agent(user: &Json) -> bool {
    matches!(
        user.get("role").and_then(Json::as_str),
        Some("agent" | "admin")
    )
}

/// User fields the API sets from a request (`role` only on create).
const USER_FIELDS: &[&str] = &[
    "name",
    "email",
    "external_id",
    "phone",
    "time_zone",
    "locale",
    "user_fields",
    "tags",
    "notes",
];

/// `requester: {name, email}`: the existing user with that email, or a new end user.
pub(super) fn upsert_requester(state: &mut State, requester: &Json) -> Result<u64, String> {
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

pub(super) fn find_user_by(state: &State, key: &str, value: &str) -> Option<(u64, Json)> {
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

pub(super) fn insert_user(state: &mut State, fields: &Map<String, Json>) -> u64 {
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
        if (USER_FIELDS.contains(&k.as_str()) || k == "role") && !v.is_null() {
            user.insert(k.clone(), v.clone());
        }
    }
    state.users.insert(id, Json::Object(user));
    id
}

pub(super) const ANONYMOUS: &str = r#"{"user":{"id":null,"url":null,"name":"Anonymous user","email":"invalid@example.com","created_at":null,"updated_at":null,"time_zone":"UTC","locale":"en-US","role":"end-user","verified":false,"active":true}}"#;

pub(super) fn me(req: &Req) -> Reply {
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

pub(super) fn show_user(shared: &Shared, id: u64) -> Reply {
    match shared.state().users.get(&id) {
        Some(u) => Reply::json(200, &json!({"user": u})),
        None => not_found(),
    }
}

pub(super) fn search_users(shared: &Shared, req: &Req) -> Reply {
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

pub(super) fn create_or_update_user(shared: &Shared, req: &Req) -> Reply {
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
                    if USER_FIELDS.contains(&k.as_str()) {
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
