//! Braze's `/users/track` and `/users/export/ids` as the sandbox serves them: 201 with counts,
//! `errors[]` for objects Braze refuses, 400 over 75 objects per array, 401 for an unknown key,
//! 403 for a key without the endpoint's permission. The Content Block routes are served by
//! `content_blocks` behind the same keys.

use chrono::{DateTime, SecondsFormat, Utc};
use hyper::Method;
use serde_json::{Map, Value as Json, json};

use std::sync::Arc;

use super::braze_send;
use super::content_blocks;
use super::server::{Reply, Req};
use super::state::{Key, Profile, State, Tally, braze_id};
use super::{DEMO_BRAZE_KEY, DEMO_BRAZE_KEY_NO_TRACK, Shared};

const MAX_OBJECTS: usize = 75;
const RATE_LIMIT: u32 = 3000;
const IDENTIFIER_REQUIRED: &str =
    "'external_id', 'braze_id', 'user_alias', 'email' or 'phone' is required";

/// Every permission the sandbox's keys know.
const PERMISSIONS: &[&str] = &[
    "users.track",
    "users.export.ids",
    "content_blocks.create",
    "content_blocks.update",
    "content_blocks.list",
    "content_blocks.info",
    "messages.send",
];

pub(crate) fn route(shared: &Arc<Shared>, req: &Req) -> Reply {
    let permission = match (&req.method, req.path.as_str()) {
        (&Method::POST, "/users/track") => "users.track",
        (&Method::POST, "/users/export/ids") => "users.export.ids",
        (&Method::POST, "/content_blocks/create") => "content_blocks.create",
        (&Method::POST, "/content_blocks/update") => "content_blocks.update",
        (&Method::GET, "/content_blocks/list") => "content_blocks.list",
        (&Method::GET, "/content_blocks/info") => "content_blocks.info",
        (&Method::POST, "/messages/send") => "messages.send",
        _ => return limited(Reply::json(404, &json!({"message": "Not Found"}))),
    };
    let key = req
        .header("authorization")
        .and_then(|h| h.strip_prefix("Bearer "))
        .map(str::trim);
    let allowed = match key {
        Some(DEMO_BRAZE_KEY) => true,
        Some(DEMO_BRAZE_KEY_NO_TRACK) => permission != "users.track",
        _ => {
            return limited(Reply::json(
                401,
                &json!({"message": "Invalid API key: non-existent"}),
            ));
        }
    };
    debug_assert!(PERMISSIONS.contains(&permission));
    if !allowed {
        return limited(Reply::json(
            403,
            &json!({"message": format!("Access Denied: this API key does not have the {permission} permission")}),
        ));
    }
    // The two GETs read the query; everything else is a JSON object.
    match permission {
        "content_blocks.list" => return limited(content_blocks::list(&shared.state(), req)),
        "content_blocks.info" => return limited(content_blocks::info(&shared.state(), req)),
        _ => {}
    }
    let body = match req.json() {
        Ok(Json::Object(b)) => b,
        Ok(_) => return limited(bad("the body must be a JSON object")),
        Err(e) => return limited(bad(&e)),
    };
    let reply = match permission {
        "users.track" => track(&mut shared.state(), &body),
        "users.export.ids" => export(&shared.state(), &body),
        "content_blocks.create" => content_blocks::create(&mut shared.state(), &body),
        "messages.send" => {
            let fault = shared.faults().braze_render(&req.path);
            return limited(braze_send::messages_send(shared, &body, fault));
        }
        _ => content_blocks::update(&mut shared.state(), &body),
    };
    if permission != "users.export.ids" {
        shared.changed();
    }
    limited(reply)
}

/// Braze's rate-limit headers; the sandbox never limits unless a fault says so.
fn limited(reply: Reply) -> Reply {
    let reset = Utc::now().timestamp() + 3;
    reply
        .with_header("X-RateLimit-Limit", RATE_LIMIT.to_string())
        .with_header("X-RateLimit-Remaining", (RATE_LIMIT - 1).to_string())
        .with_header("X-RateLimit-Reset", reset.to_string())
}

fn bad(message: &str) -> Reply {
    Reply::json(400, &json!({"message": message}))
}

/// How an object names its user.
enum Identity<'a> {
    ExternalId(&'a str),
    BrazeId(&'a str),
    Alias(&'a Json),
    Email(&'a str),
    Phone(&'a str),
}

fn identity(object: &Map<String, Json>) -> Option<Identity<'_>> {
    let text = |k: &str| {
        object
            .get(k)
            .and_then(Json::as_str)
            .filter(|s| !s.trim().is_empty())
    };
    if let Some(id) = text("external_id") {
        return Some(Identity::ExternalId(id));
    }
    if let Some(id) = text("braze_id") {
        return Some(Identity::BrazeId(id));
    }
    if let Some(alias) = object.get("user_alias").filter(|a| {
        a.get("alias_name").and_then(Json::as_str).is_some()
            && a.get("alias_label").and_then(Json::as_str).is_some()
    }) {
        return Some(Identity::Alias(alias));
    }
    // Email wins over phone.
    if let Some(e) = text("email") {
        return Some(Identity::Email(e));
    }
    text("phone").map(Identity::Phone)
}

/// What became of an object's user.
enum Found<'s> {
    Profile(&'s mut Profile),
    /// An unknown `braze_id`: it names nobody.
    Nobody,
    /// `_update_existing_only: true` and no such user: Braze leaves the object out.
    NotExisting,
}

/// The profile an object names, created when Braze would create one (not in "update only"
/// mode, `_update_existing_only: true`).
fn profile_for<'s>(state: &'s mut State, who: &Identity<'_>, update_only: bool) -> Found<'s> {
    let position = state.braze_profiles.iter().position(|p| match who {
        Identity::ExternalId(id) => p.external_id.as_deref() == Some(*id),
        Identity::BrazeId(id) => p.braze_id == *id,
        Identity::Alias(alias) => p.user_aliases.contains(alias),
        Identity::Email(e) => p
            .attributes
            .get("email")
            .and_then(Json::as_str)
            .is_some_and(|x| x.eq_ignore_ascii_case(e)),
        Identity::Phone(ph) => p.attributes.get("phone").and_then(Json::as_str) == Some(*ph),
    });
    let index = match (position, who) {
        (Some(i), _) => i,
        // An unknown braze_id names nobody.
        (None, Identity::BrazeId(_)) => return Found::Nobody,
        (None, _) if update_only => return Found::NotExisting,
        (None, _) => {
            let mut p = Profile {
                braze_id: braze_id(),
                ..Profile::default()
            };
            match who {
                Identity::ExternalId(id) => p.external_id = Some((*id).to_owned()),
                Identity::Alias(a) => p.user_aliases.push((*a).clone()),
                Identity::Email(e) => {
                    p.attributes.insert("email".into(), json!(e));
                }
                Identity::Phone(ph) => {
                    p.attributes.insert("phone".into(), json!(ph));
                }
                Identity::BrazeId(_) => {}
            }
            state.braze_profiles.push(p);
            state.braze_profiles.len() - 1
        }
    };
    match state.braze_profiles.get_mut(index) {
        Some(p) => Found::Profile(p),
        None => Found::Nobody,
    }
}

fn parse_time(v: Option<&Json>) -> Option<String> {
    let s = v?.as_str()?;
    let t = DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .or_else(|_| {
            // Zendesk's `..._with_timestamp` placeholders drop the seconds: 2013-12-12T05:35Z.
            chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%MZ").map(|n| n.and_utc())
        })
        .ok()?;
    Some(t.to_rfc3339_opts(SecondsFormat::Secs, true))
}

fn tally(map: &mut std::collections::BTreeMap<String, Tally>, name: &str, time: &str) {
    map.entry(name.to_owned())
        .and_modify(|t| {
            t.count += 1;
            if time < t.first.as_str() {
                t.first = time.to_owned();
            }
            if time > t.last.as_str() {
                t.last = time.to_owned();
            }
        })
        .or_insert_with(|| Tally {
            first: time.to_owned(),
            last: time.to_owned(),
            count: 1,
        });
}

fn object_error(kind: &str, array: &str, index: usize) -> Json {
    json!({"type": kind, "input_array": array, "index": index})
}

/// Checks an event or purchase's own fields; None when it is fine.
fn check_properties(o: &Map<String, Json>) -> Option<String> {
    let props = o.get("properties")?;
    let Some(props) = props.as_object() else {
        return Some("'properties' must be an object".into());
    };
    for (k, v) in props {
        if k.starts_with('$') {
            return Some(format!("property key '{k}' must not start with '$'"));
        }
        if k.chars().count() > 255 {
            return Some("property keys must be at most 255 characters".into());
        }
        if matches!(k.as_str(), "time" | "event_name") {
            return Some(format!("property key '{k}' is reserved"));
        }
        if v.as_str().is_some_and(|s| s.chars().count() > 255) {
            return Some(format!("property '{k}' is longer than 255 characters"));
        }
    }
    None
}

fn track(state: &mut State, body: &Map<String, Json>) -> Reply {
    let arrays = ["attributes", "events", "purchases"];
    let mut any = false;
    for name in arrays {
        match body.get(name) {
            None => {}
            Some(Json::Array(items)) => {
                any = true;
                if items.len() > MAX_OBJECTS {
                    return bad(&format!(
                        "Max Input Length Exceeded: {name} has {} objects, the limit is {MAX_OBJECTS}",
                        items.len()
                    ));
                }
            }
            Some(_) => return bad(&format!("'{name}' must be an array")),
        }
    }
    if !any {
        return bad("the request has no attributes, events or purchases");
    }
    let mut errors = Vec::new();
    let mut response = Map::new();
    response.insert("message".into(), json!("success"));
    for name in arrays {
        let Some(items) = body.get(name).and_then(Json::as_array) else {
            continue;
        };
        let mut processed = 0;
        for (index, item) in items.iter().enumerate() {
            let Some(o) = item.as_object() else {
                errors.push(object_error(
                    "each object must be a JSON object",
                    name,
                    index,
                ));
                continue;
            };
            let Some(who) = identity(o) else {
                errors.push(object_error(IDENTIFIER_REQUIRED, name, index));
                continue;
            };
            let problem =
                match name {
                    "events" => {
                        if o.get("name")
                            .and_then(Json::as_str)
                            .is_none_or(|n| n.trim().is_empty())
                        {
                            Some("'name' is required".to_owned())
                        } else if parse_time(o.get("time")).is_none() {
                            Some("'time' is required and must be an ISO-8601 time".to_owned())
                        } else {
                            check_properties(o)
                        }
                    }
                    "purchases" => {
                        if o.get("product_id").and_then(Json::as_str).is_none() {
                            Some("'product_id' is required".to_owned())
                        } else if !o.get("currency").and_then(Json::as_str).is_some_and(|c| {
                            c.len() == 3 && c.bytes().all(|b| b.is_ascii_alphabetic())
                        }) {
                            Some("'currency' must be an ISO-4217 code".to_owned())
                        } else if !o.get("price").is_some_and(Json::is_number) {
                            Some("'price' must be a number".to_owned())
                        } else if parse_time(o.get("time")).is_none() {
                            Some("'time' is required and must be an ISO-8601 time".to_owned())
                        } else if o
                            .get("quantity")
                            .and_then(Json::as_u64)
                            .is_some_and(|q| q == 0 || q > 100)
                        {
                            Some("'quantity' must be between 1 and 100".to_owned())
                        } else {
                            check_properties(o)
                        }
                    }
                    _ => None,
                };
            if let Some(p) = problem {
                errors.push(object_error(&p, name, index));
                continue;
            }
            let update_only = o.get("_update_existing_only") == Some(&Json::Bool(true));
            let profile = match profile_for(state, &who, update_only) {
                Found::Profile(p) => p,
                Found::Nobody => {
                    errors.push(object_error("no user has this 'braze_id'", name, index));
                    continue;
                }
                // Not an error: the object is left out, like Braze's "update only" mode.
                Found::NotExisting => continue,
            };
            match name {
                "attributes" => {
                    for (k, v) in o {
                        if matches!(
                            k.as_str(),
                            "external_id"
                                | "braze_id"
                                | "user_alias"
                                | "_update_existing_only"
                                | "_merge_objects"
                        ) {
                            continue;
                        }
                        apply_attribute(&mut profile.attributes, k, v);
                    }
                }
                "events" => {
                    let time = parse_time(o.get("time")).unwrap_or_default();
                    let name_ = o.get("name").and_then(Json::as_str).unwrap_or_default();
                    tally(&mut profile.custom_events, name_, &time);
                    profile.events.push(json!({
                        "name": name_,
                        "time": time,
                        "properties": o.get("properties").cloned().unwrap_or(json!({})),
                    }));
                }
                _ => {
                    let time = parse_time(o.get("time")).unwrap_or_default();
                    let product = o
                        .get("product_id")
                        .and_then(Json::as_str)
                        .unwrap_or_default();
                    tally(&mut profile.purchases, product, &time);
                }
            }
            let changed = Key::Profile(profile.braze_id.clone());
            state.touch(changed);
            processed += 1;
        }
        response.insert(format!("{name}_processed"), json!(processed));
    }
    if !errors.is_empty() {
        response.insert("errors".into(), Json::Array(errors));
    }
    Reply::json(201, &Json::Object(response))
}

/// `{"inc": n}`, `{"add": [...]}` and/or `{"remove": [...]}` (in one object, removes first),
/// `null` deletes, anything else sets.
fn apply_attribute(attributes: &mut Map<String, Json>, key: &str, value: &Json) {
    if value.is_null() {
        attributes.remove(key);
        return;
    }
    if let Some(op) = value.as_object() {
        if op.len() == 1
            && let Some(n) = op.get("inc").and_then(Json::as_f64)
        {
            let now = attributes.get(key).and_then(Json::as_f64).unwrap_or(0.0) + n;
            let v = if now.fract() == 0.0 {
                json!(now as i64)
            } else {
                json!(now)
            };
            attributes.insert(key.to_owned(), v);
            return;
        }
        let add = op.get("add").and_then(Json::as_array);
        let remove = op.get("remove").and_then(Json::as_array);
        let only_verbs = op.keys().all(|k| k == "add" || k == "remove");
        if only_verbs && (add.is_some() || remove.is_some()) {
            let mut list = attributes
                .get(key)
                .and_then(Json::as_array)
                .cloned()
                .unwrap_or_default();
            for i in remove.into_iter().flatten() {
                list.retain(|x| x != i);
            }
            for i in add.into_iter().flatten() {
                list.push(i.clone());
            }
            attributes.insert(key.to_owned(), Json::Array(list));
            return;
        }
    }
    attributes.insert(key.to_owned(), value.clone());
}

fn export(state: &State, body: &Map<String, Json>) -> Reply {
    let external_ids: Vec<&str> = match body.get("external_ids") {
        None => Vec::new(),
        Some(Json::Array(ids)) => {
            if ids.len() > 50 {
                return bad("external_ids: at most 50 per request");
            }
            ids.iter().filter_map(Json::as_str).collect()
        }
        Some(_) => return bad("'external_ids' must be an array of strings"),
    };
    let aliases: Vec<&Json> = body
        .get("user_aliases")
        .and_then(Json::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    let text = |k: &str| body.get(k).and_then(Json::as_str);
    let (braze, email, phone) = (text("braze_id"), text("email_address"), text("phone"));
    if external_ids.is_empty()
        && aliases.is_empty()
        && braze.is_none()
        && email.is_none()
        && phone.is_none()
    {
        return bad("name the users: external_ids, user_aliases, braze_id, email_address or phone");
    }
    let fields: Option<Vec<&str>> = body
        .get("fields_to_export")
        .and_then(Json::as_array)
        .map(|f| f.iter().filter_map(Json::as_str).collect());
    let mut users = Vec::new();
    let mut invalid = Vec::new();
    for id in &external_ids {
        match state
            .braze_profiles
            .iter()
            .find(|p| p.external_id.as_deref() == Some(*id))
        {
            Some(p) => users.push(p),
            None => invalid.push(*id),
        }
    }
    for p in &state.braze_profiles {
        let attr = |k: &str| p.attributes.get(k).and_then(Json::as_str);
        let hit = braze == Some(p.braze_id.as_str())
            || email.is_some_and(|e| attr("email").is_some_and(|x| x.eq_ignore_ascii_case(e)))
            || phone.is_some_and(|ph| attr("phone") == Some(ph))
            || aliases.iter().any(|a| p.user_aliases.contains(a));
        if hit && !users.iter().any(|u| u.braze_id == p.braze_id) {
            users.push(p);
        }
    }
    let users: Vec<Json> = users
        .iter()
        .map(|p| {
            let mut v = p.export_view();
            if let (Some(fields), Json::Object(map)) = (&fields, &mut v) {
                map.retain(|k, _| fields.contains(&k.as_str()));
            }
            v
        })
        .collect();
    let mut response = json!({"users": users, "message": "success"});
    if !invalid.is_empty() {
        response["invalid_user_ids"] = json!(invalid);
    }
    Reply::json(201, &response)
}
