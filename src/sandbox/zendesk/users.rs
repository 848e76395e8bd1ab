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
    state.touch(Key::User(id));
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
    let users: Vec<Json> = state
        .users
        .values()
        .filter(|u| matches(u))
        .cloned()
        .collect();
    drop(state);
    let keep: Vec<(String, String)> = ["query", "external_id"]
        .iter()
        .filter_map(|k| req.query(k).map(|v| ((*k).to_owned(), v.to_owned())))
        .collect();
    list_reply(
        req,
        pages::Listing {
            key: "users",
            items: users,
            url: format!("{}/api/v2/users/search.json", shared.base_url),
            sort: ("id".into(), false),
            default: pages::Default::Offset,
            keep,
        },
    )
}

/// `GET /users`: both paginations, `role=` or `role[]=` filters.
/// https://developer.zendesk.com/api-reference/ticketing/users/users/#list-users
pub(super) fn list_users(shared: &Shared, req: &Req) -> Reply {
    let roles: Vec<&str> = req
        .query
        .iter()
        .filter(|(k, _)| k == "role" || k == "role[]")
        .map(|(_, v)| v.as_str())
        .collect();
    let items: Vec<Json> = shared
        .state()
        .users
        .values()
        .filter(|u| {
            roles.is_empty()
                || roles
                    .iter()
                    .any(|r| u.get("role").and_then(Json::as_str) == Some(*r))
        })
        .cloned()
        .collect();
    let keep = roles
        .iter()
        .map(|r| ("role[]".to_owned(), (*r).to_owned()))
        .collect();
    let sort = pages::sort_from(
        req,
        &["id", "created_at", "updated_at", "name"],
        ("id", false),
    );
    list_reply(
        req,
        pages::Listing {
            key: "users",
            items,
            url: format!("{}/api/v2/users.json", shared.base_url),
            sort,
            default: pages::Default::Offset,
            keep,
        },
    )
}

/// `GET /users/show_many?ids=1,2`.
pub(super) fn show_many_users(shared: &Shared, req: &Req) -> Reply {
    let ids = match id_list(req) {
        Ok(ids) => ids,
        Err(r) => return r,
    };
    let state = shared.state();
    let users: Vec<&Json> = ids.iter().filter_map(|id| state.users.get(id)).collect();
    Reply::json(
        200,
        &json!({"users": users, "next_page": null, "previous_page": null, "count": users.len()}),
    )
}

/// `PUT /users/{id}` with `{"user": {...}}`: 200 with the user. An email another user has is
/// a 422 (Zendesk: "Email: ... is already being used by another user").
/// https://developer.zendesk.com/api-reference/ticketing/users/users/#update-user
pub(super) fn update_user(shared: &Shared, req: &Req, id: u64) -> Reply {
    let input = match wrapped(req, "user") {
        Ok(i) => i,
        Err(r) => return r,
    };
    let reply = {
        let mut state = shared.state();
        let Some(mut user) = state.users.get(&id).cloned() else {
            return not_found();
        };
        if let Some(email) = input.get("email").and_then(Json::as_str)
            && let Some((other, _)) = find_user_by(&state, "email", email)
            && other != id
        {
            return record_invalid(vec![(
                "email".into(),
                format!("Email: {email} is already being used by another user"),
                "DuplicateValue",
            )]);
        }
        if let Some(role) = input.get("role") {
            if !role
                .as_str()
                .is_some_and(|r| matches!(r, "end-user" | "agent" | "admin"))
            {
                return record_invalid(vec![(
                    "role".into(),
                    "Role: is invalid".into(),
                    "InvalidValue",
                )]);
            }
            user["role"] = role.clone();
        }
        if input
            .get("name")
            .is_some_and(|n| n.as_str().is_none_or(|n| n.trim().is_empty()))
        {
            return record_invalid(vec![(
                "name".into(),
                "Name: is too short (minimum one character)".into(),
                "BlankValue",
            )]);
        }
        for (k, v) in &input {
            if USER_FIELDS.contains(&k.as_str()) {
                user[k] = v.clone();
            }
        }
        user["updated_at"] = json!(now());
        state.users.insert(id, user.clone());
        state.touch(Key::User(id));
        Reply::json(200, &json!({"user": user}))
    };
    shared.changed();
    reply
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
                state.touch(Key::User(id));
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

/// `POST /users` with `{"user": {name, email?, role?, external_id?, ...}}`: 201 `{"user"}`.
/// An email another user has already: 422 RecordInvalid with
/// `details.email[{"description": "Email: <email> is already being used by another user",
/// "error": "DuplicateValue"}]`; a blank name or an unknown role: the 422s of an update.
/// Source: docs/zendesk-api.md#users ("Create User").
pub(super) fn create_user(shared: &Shared, req: &Req) -> Reply {
    let input = match wrapped(req, "user") {
        Ok(i) => i,
        Err(r) => return r,
    };
    let reply = {
        let mut state = shared.state();
        let mut problems = Vec::new();
        if input
            .get("name")
            .and_then(Json::as_str)
            .is_none_or(|n| n.trim().is_empty())
        {
            problems.push((
                "name".to_owned(),
                "Name: is too short (minimum one character)".to_owned(),
                "BlankValue",
            ));
        }
        if let Some(email) = input
            .get("email")
            .and_then(Json::as_str)
            .map(str::trim)
            .filter(|e| !e.is_empty())
            && find_user_by(&state, "email", email).is_some()
        {
            problems.push((
                "email".to_owned(),
                format!("Email: {email} is already being used by another user"),
                "DuplicateValue",
            ));
        }
        if input.get("role").is_some_and(|r| {
            !r.as_str()
                .is_some_and(|r| matches!(r, "end-user" | "agent" | "admin"))
        }) {
            problems.push((
                "role".to_owned(),
                "Role: is invalid".to_owned(),
                "InvalidValue",
            ));
        }
        if !problems.is_empty() {
            return record_invalid(problems);
        }
        let id = insert_user(&mut state, &input);
        Reply::json(201, &json!({"user": state.users[&id]})).with_header(
            "Location",
            format!("{}/api/v2/users/{id}.json", shared.base_url),
        )
    };
    shared.changed();
    reply
}
