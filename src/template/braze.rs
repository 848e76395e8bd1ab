//! Braze's data model as Liquid sees it: `${tag}` → profile field, and the variables a render
//! has (user profile, custom attributes, devices, context namespaces).

use liquid_core::model::{Object, Value};
use serde_json::Value as Json;

use super::filters::standard::json_to_value;

/// The variable the rewriter points bare `${...}` tags at.
pub const USER_VAR: &str = "zb_user";

/// Maps a Liquid attribute tag to the field of the user object that `/users/export/ids` returns.
pub fn profile_field(tag: &str) -> &str {
    match tag {
        "user_id" => "external_id",
        "email_address" => "email",
        "phone_number" => "phone",
        "date_of_birth" => "dob",
        "city" => "home_city",
        other => other,
    }
}

/// Namespaces a render context may fill (`namespace.${key}`).
pub const CONTEXT_NAMESPACES: &[&str] = &[
    "event_properties",
    "api_trigger_properties",
    "canvas_entry_properties",
    "context",
    "campaign",
    "canvas",
    "card",
    "app",
];

/// Per-user variables: the profile, its custom attributes and device namespaces.
pub fn user_variables(user: &Json) -> Object {
    let mut vars = Object::new();
    let profile = user.as_object();
    let field = |k: &str| profile.and_then(|p| p.get(k));
    // The profile without the parts that have their own namespaces: `${...}` never reaches them,
    // and converting them twice would double the per-user cost.
    let fields = profile.map(|p| {
        p.iter()
            .filter(|(k, _)| !matches!(k.as_str(), "custom_attributes" | "devices"))
            .map(|(k, v)| (k.clone().into(), json_to_value(v)))
            .collect::<Object>()
    });
    vars.insert(
        USER_VAR.into(),
        fields.map(Value::Object).unwrap_or(Value::Nil),
    );
    vars.insert(
        "custom_attribute".into(),
        field("custom_attributes")
            .map(json_to_value)
            .unwrap_or(Value::Object(Object::new())),
    );
    let devices = field("devices").and_then(Json::as_array);
    let most_recent = field("most_recently_used_device")
        .or_else(|| devices.and_then(|d| d.first()))
        .map(device_view)
        .unwrap_or(Value::Object(Object::new()));
    let targeted = field("targeted_device")
        .map(device_view)
        .unwrap_or_else(|| most_recent.clone());
    vars.insert("most_recently_used_device".into(), most_recent);
    vars.insert("targeted_device".into(), targeted);
    vars.insert("subscribed_state".into(), subscribed_state(user));
    vars
}

/// Export device objects use `idfa`/`ad_tracking_enabled`; Liquid device keys add `id`,
/// `platform` and `foreground_push_enabled`.
fn device_view(device: &Json) -> Value {
    let mut v = json_to_value(device);
    if let Value::Object(o) = &mut v {
        if !o.contains_key("id")
            && let Some(id) = device.get("device_id").map(json_to_value)
        {
            o.insert("id".into(), id);
        }
        if !o.contains_key("platform")
            && let Some(os) = device.get("os").and_then(Json::as_str)
        {
            let lower = os.to_ascii_lowercase();
            let platform = if lower.contains("ios") {
                "ios"
            } else if lower.contains("android") {
                "android"
            } else {
                "web"
            };
            o.insert("platform".into(), Value::scalar(platform));
        }
    }
    v
}

/// `subscribed_state.${email_global}` and `subscribed_state.${<group id>}`.
fn subscribed_state(user: &Json) -> Value {
    let mut state = Object::new();
    if let Some(s) = user.get("email_subscribe").and_then(Json::as_str) {
        state.insert("email_global".into(), Value::scalar(s.to_owned()));
    }
    if let Some(s) = user.get("push_subscribe").and_then(Json::as_str) {
        state.insert("push_global".into(), Value::scalar(s.to_owned()));
    }
    if let Some(groups) = user.get("subscription_groups").and_then(Json::as_array) {
        for g in groups {
            if let (Some(id), Some(status)) = (
                g.get("id").and_then(Json::as_str),
                g.get("status").and_then(Json::as_str),
            ) {
                state.insert(id.to_owned().into(), Value::scalar(status.to_owned()));
            }
        }
    }
    Value::Object(state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_map_to_export_fields() {
        assert_eq!(profile_field("user_id"), "external_id");
        assert_eq!(profile_field("email_address"), "email");
        assert_eq!(profile_field("phone_number"), "phone");
        assert_eq!(profile_field("date_of_birth"), "dob");
        assert_eq!(profile_field("city"), "home_city");
        assert_eq!(profile_field("first_name"), "first_name");
        assert_eq!(profile_field("zip code"), "zip code");
    }
}
