//! Braze's data model as Liquid sees it: the namespaces derived from a user (devices and
//! subscription states). Which `${tag}` reads which profile field is in `registry.rs`.

use serde_json::{Map, Value as Json};

pub use super::registry::CONTEXT_NAMESPACES;

/// `most_recently_used_device` and `targeted_device`: export device objects use
/// `device_id`/`os`; Liquid's device keys add `id`, `platform` and `foreground_push_enabled`.
pub fn devices(user: &Json) -> (Json, Json) {
    let devices = user.get("devices").and_then(Json::as_array);
    let most_recent = user
        .get("most_recently_used_device")
        .or_else(|| devices.and_then(|d| d.first()))
        .map(device_view)
        .unwrap_or_else(|| Json::Object(Map::new()));
    let targeted = user
        .get("targeted_device")
        .map(device_view)
        .unwrap_or_else(|| most_recent.clone());
    (most_recent, targeted)
}

fn device_view(device: &Json) -> Json {
    let mut v = device.clone();
    if let Json::Object(o) = &mut v {
        if !o.contains_key("id")
            && let Some(id) = device.get("device_id")
        {
            o.insert("id".into(), id.clone());
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
            o.insert("platform".into(), Json::from(platform));
        }
    }
    v
}

/// `subscribed_state.${email_global}` and `subscribed_state.${<group id>}`.
pub fn subscribed_state(user: &Json) -> Json {
    let mut state = Map::new();
    if let Some(s) = user.get("email_subscribe").and_then(Json::as_str) {
        state.insert("email_global".into(), Json::from(s));
    }
    if let Some(s) = user.get("push_subscribe").and_then(Json::as_str) {
        state.insert("push_global".into(), Json::from(s));
    }
    if let Some(groups) = user.get("subscription_groups").and_then(Json::as_array) {
        for g in groups {
            if let (Some(id), Some(status)) = (
                g.get("id").and_then(Json::as_str),
                g.get("status").and_then(Json::as_str),
            ) {
                state.insert(id.to_owned(), Json::from(status));
            }
        }
    }
    Json::Object(state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_gain_liquid_keys() {
        let user = serde_json::json!({"devices": [{"device_id": "d1", "os": "iOS 18"}]});
        let (recent, targeted) = devices(&user);
        assert_eq!(recent["id"], "d1");
        assert_eq!(recent["platform"], "ios");
        assert_eq!(recent, targeted);
    }
}
