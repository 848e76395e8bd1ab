//! Ticket fields (custom fields): list, create, show, update, delete; and what a ticket's
//! `custom_fields` may hold once they exist. Source: docs/zendesk-api.md#ticket-fields.

use serde_json::{Map, Value as Json, json};

use super::*;

/// The field types Zendesk lists for custom ticket fields.
pub(super) const FIELD_TYPES: &[&str] = &[
    "text",
    "textarea",
    "checkbox",
    "date",
    "integer",
    "decimal",
    "regexp",
    "partialcreditcard",
    "multiselect",
    "tagger",
    "lookup",
];

/// Properties a request may set; the rest are read-only or not emulated.
const WRITABLE: &[&str] = &[
    "title",
    "description",
    "position",
    "active",
    "required",
    "collapsed_for_agents",
    "regexp_for_validation",
    "title_in_portal",
    "visible_in_portal",
    "editable_in_portal",
    "required_in_portal",
    "tag",
    "custom_field_options",
    "agent_description",
];

/// `GET /ticket_fields`: both paginations, by position then id.
pub(super) fn list_ticket_fields(shared: &Shared, req: &Req) -> Reply {
    let items: Vec<Json> = shared.state().ticket_fields.values().cloned().collect();
    list_reply(
        req,
        pages::Listing {
            key: "ticket_fields",
            items,
            url: format!("{}/api/v2/ticket_fields.json", shared.base_url),
            sort: ("position".into(), false),
            default: pages::Default::Offset,
            keep: Vec::new(),
        },
    )
}

pub(super) fn show_ticket_field(shared: &Shared, id: u64) -> Reply {
    match shared.state().ticket_fields.get(&id) {
        Some(f) => Reply::json(200, &json!({"ticket_field": f})),
        None => not_found(),
    }
}

/// The problems with a field as it would be saved: a title, a known type, and options for the
/// types that need them (each `{name, value}`, values unique).
fn check_field(field: &Map<String, Json>) -> Vec<(String, String, &'static str)> {
    let mut problems = Vec::new();
    if field
        .get("title")
        .and_then(Json::as_str)
        .is_none_or(|t| t.trim().is_empty())
    {
        problems.push((
            "title".into(),
            "Title: cannot be blank".into(),
            "BlankValue",
        ));
    }
    let kind = field.get("type").and_then(Json::as_str).unwrap_or_default();
    if !FIELD_TYPES.contains(&kind) {
        problems.push((
            "type".into(),
            format!("Type: is invalid (one of {})", FIELD_TYPES.join(", ")),
            "InvalidValue",
        ));
    }
    if matches!(kind, "tagger" | "multiselect") {
        let options = field
            .get("custom_field_options")
            .and_then(Json::as_array)
            .cloned()
            .unwrap_or_default();
        let mut seen = Vec::new();
        let valid = !options.is_empty()
            && options.iter().all(|o| {
                let name = o.get("name").and_then(Json::as_str).unwrap_or_default();
                let value = o.get("value").and_then(Json::as_str).unwrap_or_default();
                let fresh = !seen.contains(&value);
                seen.push(value);
                !name.trim().is_empty() && !value.trim().is_empty() && fresh
            });
        if !valid {
            problems.push((
                "custom_field_options".into(),
                "Field options: each needs a name and a unique value, and there must be at least one".into(),
                "InvalidValue",
            ));
        }
    }
    problems
}

/// Option ids as Zendesk gives them: integers, here from the field's id.
fn number_options(field: &mut Map<String, Json>, id: u64) {
    if let Some(options) = field
        .get_mut("custom_field_options")
        .and_then(Json::as_array_mut)
    {
        for (i, o) in options.iter_mut().enumerate() {
            if o.get("id").is_none_or(Json::is_null) {
                o["id"] = json!(id * 1000 + i as u64 + 1);
            }
            if o.get("raw_name").is_none() {
                o["raw_name"] = o.get("name").cloned().unwrap_or(Json::Null);
            }
            if o.get("default").is_none() {
                o["default"] = json!(false);
            }
        }
    }
}

/// `POST /ticket_fields` with `{"ticket_field": {type, title, ...}}`: 201 `{"ticket_field"}`;
/// a missing title or an unknown type: 422 RecordInvalid.
pub(super) fn create_ticket_field(shared: &Shared, req: &Req) -> Reply {
    let input = match wrapped(req, "ticket_field") {
        Ok(i) => i,
        Err(r) => return r,
    };
    let problems = check_field(&input);
    if !problems.is_empty() {
        return record_invalid(problems);
    }
    let mut state = shared.state();
    let id = state.next_ticket_field_id;
    state.next_ticket_field_id += 1;
    let created = now();
    let position = state
        .ticket_fields
        .values()
        .filter_map(|f| f.get("position").and_then(Json::as_i64))
        .max()
        .unwrap_or(0)
        + 1;
    let title = input.get("title").cloned().unwrap_or(Json::Null);
    let mut field = json_map(json!({
        "url": format!("{}/api/v2/ticket_fields/{id}.json", shared.base_url),
        "id": id,
        "type": input.get("type"),
        "title": title,
        "raw_title": title,
        "description": "",
        "raw_description": "",
        "position": position,
        "active": true,
        "required": false,
        "collapsed_for_agents": false,
        "regexp_for_validation": null,
        "title_in_portal": title,
        "raw_title_in_portal": title,
        "visible_in_portal": false,
        "editable_in_portal": false,
        "required_in_portal": false,
        "tag": null,
        "removable": true,
        "key": null,
        "agent_description": null,
        "created_at": created,
        "updated_at": created,
    }));
    for (k, v) in &input {
        if WRITABLE.contains(&k.as_str()) {
            field.insert(k.clone(), v.clone());
        }
    }
    number_options(&mut field, id);
    let field = Json::Object(field);
    state.ticket_fields.insert(id, field.clone());
    state.touch(Key::TicketField(id));
    drop(state);
    shared.changed();
    Reply::json(201, &json!({"ticket_field": field})).with_header(
        "Location",
        format!("{}/api/v2/ticket_fields/{id}.json", shared.base_url),
    )
}

/// `PUT /ticket_fields/{id}`: the given properties change (the type cannot); 200.
pub(super) fn update_ticket_field(shared: &Shared, req: &Req, id: u64) -> Reply {
    let input = match wrapped(req, "ticket_field") {
        Ok(i) => i,
        Err(r) => return r,
    };
    let mut state = shared.state();
    let Some(existing) = state.ticket_fields.get(&id).cloned() else {
        return not_found();
    };
    let mut field = json_map(existing);
    for (k, v) in &input {
        if WRITABLE.contains(&k.as_str()) {
            field.insert(k.clone(), v.clone());
        }
    }
    let problems = check_field(&field);
    if !problems.is_empty() {
        return record_invalid(problems);
    }
    if let Some(t) = field.get("title").cloned() {
        field.insert("raw_title".into(), t);
    }
    number_options(&mut field, id);
    field.insert("updated_at".into(), json!(now()));
    let field = Json::Object(field);
    state.ticket_fields.insert(id, field.clone());
    state.touch(Key::TicketField(id));
    drop(state);
    shared.changed();
    Reply::json(200, &json!({"ticket_field": field}))
}

pub(super) fn delete_ticket_field(shared: &Shared, id: u64) -> Reply {
    delete_record(
        shared,
        Key::TicketField(id),
        |state| state.ticket_fields.remove(&id).is_some(),
        not_found,
    )
}

/// Whether `value` is one a field of this kind takes; `null` clears any field.
fn value_fits(field: &Json, value: &Json) -> bool {
    if value.is_null() {
        return true;
    }
    let options: Vec<&str> = field
        .get("custom_field_options")
        .and_then(Json::as_array)
        .map(|o| {
            o.iter()
                .filter_map(|o| o.get("value").and_then(Json::as_str))
                .collect()
        })
        .unwrap_or_default();
    match field.get("type").and_then(Json::as_str).unwrap_or_default() {
        "checkbox" => value.is_boolean(),
        "integer" => {
            value.is_i64()
                || value.as_str().is_some_and(|s| {
                    let digits = s.strip_prefix('-').unwrap_or(s);
                    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
                })
        }
        "decimal" => value.is_number() || value.as_str().is_some_and(|s| s.parse::<f64>().is_ok()),
        "date" => value
            .as_str()
            .is_some_and(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()),
        "tagger" => value.as_str().is_some_and(|v| options.contains(&v)),
        "multiselect" => value.as_array().is_some_and(|vs| {
            vs.iter()
                .all(|v| v.as_str().is_some_and(|v| options.contains(&v)))
        }),
        _ => value.is_string() || value.is_number(),
    }
}

/// The tags a field's value puts on the ticket: a drop-down's or multi-select's option values,
/// a checkbox's tag when ticked (Zendesk keeps them in step with the field).
fn field_tags(field: &Json, value: &Json) -> Vec<String> {
    match field.get("type").and_then(Json::as_str).unwrap_or_default() {
        "tagger" => value
            .as_str()
            .map(|v| vec![v.to_owned()])
            .unwrap_or_default(),
        "multiselect" => value
            .as_array()
            .map(|vs| {
                vs.iter()
                    .filter_map(Json::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default(),
        "checkbox" if value == &json!(true) => field
            .get("tag")
            .and_then(Json::as_str)
            .filter(|t| !t.is_empty())
            .map(|t| vec![t.to_owned()])
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// Applies a request's `custom_fields` to a ticket: each `{id, value}` replaces that field's
/// value (the others stay). A value a known field cannot take is a problem named after the
/// field; ids of no field are kept as given (the sandbox does not drop them). The tags the
/// fields carry follow their values.
pub(super) fn apply_custom_fields(
    state: &State,
    given: &[Json],
    ticket: &mut Map<String, Json>,
) -> Result<(), Vec<(String, String, &'static str)>> {
    let mut list: Vec<Json> = ticket
        .get("custom_fields")
        .and_then(Json::as_array)
        .cloned()
        .unwrap_or_default();
    let mut tags: Vec<String> = ticket.get("tags").and_then(tag_list).unwrap_or_default();
    let mut problems = Vec::new();
    for item in given {
        let Some(id) = item.get("id").and_then(id_value) else {
            continue;
        };
        let value = item.get("value").cloned().unwrap_or(Json::Null);
        let before = list
            .iter()
            .find(|f| f.get("id").and_then(id_value) == Some(id))
            .and_then(|f| f.get("value"))
            .cloned()
            .unwrap_or(Json::Null);
        if let Some(field) = state.ticket_fields.get(&id) {
            if !value_fits(field, &value) {
                let title = field.get("title").and_then(Json::as_str).unwrap_or("Field");
                problems.push((
                    "custom_fields".to_owned(),
                    format!("{title}: {value} is not a valid value"),
                    "InvalidValue",
                ));
                continue;
            }
            let old = field_tags(field, &before);
            tags.retain(|t| !old.contains(t));
            tags.extend(field_tags(field, &value));
        }
        match list
            .iter_mut()
            .find(|f| f.get("id").and_then(id_value) == Some(id))
        {
            Some(entry) => entry["value"] = value,
            None => list.push(json!({"id": id, "value": value})),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    // Every active field is listed on the ticket, unset ones with null, as Zendesk shows them.
    for (id, field) in &state.ticket_fields {
        let listed = list
            .iter()
            .any(|f| f.get("id").and_then(id_value) == Some(*id));
        if !listed && field.get("active").and_then(Json::as_bool).unwrap_or(true) {
            list.push(json!({"id": id, "value": null}));
        }
    }
    ticket.insert("custom_fields".into(), Json::Array(list.clone()));
    ticket.insert("fields".into(), Json::Array(list));
    ticket.insert("tags".into(), json!(dedupe(tags)));
    Ok(())
}
