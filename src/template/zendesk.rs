//! Zendesk placeholders (`{{ticket.*}}`, `{{current_user.*}}`) computed from a sample ticket in
//! the API's shape: `{"ticket": {...}, "users": [...]}` as `GET /tickets/{id}?include=users`
//! returns it, optionally with `"current_user": {...}` (or `"current_user_id"`).

use chrono::{DateTime, Utc};
use serde_json::{Map, Value as Json};

/// The variables a Zendesk trigger's webhook body sees for this ticket.
pub fn ticket_variables(sample: &Json) -> Map<String, Json> {
    let ticket = sample.get("ticket").unwrap_or(sample);
    let users = sample.get("users").and_then(Json::as_array);
    let user_by_id = |id: Option<&Json>| -> Option<&Json> {
        let id = id?.as_i64()?;
        users?
            .iter()
            .find(|u| u.get("id").and_then(Json::as_i64) == Some(id))
    };
    let field = |k: &str| ticket.get(k).filter(|v| !v.is_null());

    let mut t = Map::new();
    let copy = |t: &mut Map<String, Json>, name: &str, v: Option<&Json>| {
        if let Some(v) = v {
            t.insert(name.to_owned(), v.clone());
        }
    };
    copy(&mut t, "id", field("id"));
    copy(
        &mut t,
        "title",
        field("subject").or_else(|| field("raw_subject")),
    );
    copy(&mut t, "description", field("description"));
    copy(&mut t, "external_id", field("external_id"));
    copy(&mut t, "due_date", field("due_at"));
    for (name, key) in [
        ("status", "status"),
        ("priority", "priority"),
        ("ticket_type", "type"),
    ] {
        if let Some(s) = field(key).and_then(Json::as_str) {
            t.insert(name.into(), Json::from(title_case(s)));
        }
    }
    if let Some(tags) = field("tags").and_then(Json::as_array) {
        let tags: Vec<&str> = tags.iter().filter_map(Json::as_str).collect();
        t.insert("tags".into(), Json::from(tags.join(" ")));
    }
    if let Some(via) = field("via")
        .and_then(|v| v.get("channel"))
        .and_then(Json::as_str)
    {
        t.insert("via".into(), Json::from(title_case(via)));
    }
    for (name, key) in [("created_at", "created_at"), ("updated_at", "updated_at")] {
        if let Some(s) = field(key).and_then(Json::as_str) {
            t.insert(name.into(), Json::from(s));
            if let Ok(time) = s.parse::<DateTime<Utc>>() {
                let iso = time.format("%Y-%m-%dT%H:%MZ").to_string();
                t.insert(format!("{name}_with_timestamp"), Json::from(iso));
            }
        }
    }
    if let Some(id) = field("id")
        && let Some(host) = account_host(sample, ticket)
    {
        let url = format!("{host}/agent/tickets/{id}");
        t.insert("url".into(), Json::from(url.clone()));
        t.insert("link".into(), Json::from(format!("https://{url}")));
    }
    if let Some(comment) = sample
        .get("latest_comment")
        .or_else(|| ticket.get("latest_comment"))
    {
        let body = comment.get("body").unwrap_or(comment);
        t.insert("latest_comment".into(), body.clone());
    } else if let Some(d) = field("description") {
        t.insert("latest_comment".into(), d.clone());
    }
    if let Some(fields) = field("custom_fields").and_then(Json::as_array) {
        for f in fields {
            if let (Some(id), Some(v)) = (f.get("id"), f.get("value")) {
                t.insert(format!("ticket_field_{id}"), v.clone());
            }
        }
    }
    for (name, key) in [
        ("requester", "requester_id"),
        ("assignee", "assignee_id"),
        ("submitter", "submitter_id"),
    ] {
        if let Some(user) = user_by_id(field(key)) {
            t.insert(name.into(), user_value(user));
        }
    }

    let mut vars = Map::new();
    vars.insert("ticket".into(), Json::Object(t));
    let current = sample
        .get("current_user")
        .or_else(|| user_by_id(sample.get("current_user_id")));
    if let Some(user) = current {
        vars.insert("current_user".into(), user_value(user));
    }
    vars
}

/// A user placeholder object: the API fields plus `first_name` / `last_name`.
fn user_value(user: &Json) -> Json {
    let mut v = user.clone();
    if let (Json::Object(o), Some(name)) = (&mut v, user.get("name").and_then(Json::as_str)) {
        let (first, last) = name.split_once(' ').unwrap_or((name, ""));
        if !o.contains_key("first_name") {
            o.insert("first_name".into(), Json::from(first));
        }
        if !o.contains_key("last_name") {
            o.insert("last_name".into(), Json::from(last));
        }
    }
    v
}

/// `acme.zendesk.com`, from the sample's `account` or from the ticket's API url.
fn account_host(sample: &Json, ticket: &Json) -> Option<String> {
    if let Some(sub) = sample.get("subdomain").and_then(Json::as_str) {
        return Some(format!("{sub}.zendesk.com"));
    }
    let url = ticket.get("url")?.as_str()?;
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    Some(rest.split('/').next()?.to_owned())
}

fn title_case(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_from_a_ticket_with_users() {
        let sample = serde_json::json!({
            "ticket": {"id": 35436, "url": "https://acme.zendesk.com/api/v2/tickets/35436.json",
                       "subject": "Printer on fire", "status": "solved", "type": "incident",
                       "priority": "high", "tags": ["a", "b"], "requester_id": 7,
                       "created_at": "2013-12-12T05:35:00Z"},
            "users": [{"id": 7, "name": "Ada Lovelace", "email": "ada@example.com", "external_id": "u-1"}]
        });
        let vars = ticket_variables(&sample);
        let t = vars.get("ticket").unwrap().as_object().unwrap();
        let s = |k: &str| t.get(k).unwrap().as_str().unwrap().to_owned();
        assert_eq!(s("url"), "acme.zendesk.com/agent/tickets/35436");
        assert_eq!(s("link"), "https://acme.zendesk.com/agent/tickets/35436");
        assert_eq!(s("status"), "Solved");
        assert_eq!(s("ticket_type"), "Incident");
        assert_eq!(s("tags"), "a b");
        assert_eq!(s("created_at_with_timestamp"), "2013-12-12T05:35Z");
        let r = t.get("requester").unwrap().as_object().unwrap();
        assert_eq!(r["first_name"], "Ada");
        assert_eq!(r["external_id"], "u-1");
    }
}
