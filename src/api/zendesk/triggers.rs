//! Triggers (one page, all, the active ones; create, show, update, delete, their definitions)
//! and trigger categories.

use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json, json};

use super::{SERVICE, ZendeskClient, url_encode};
use crate::api::{Outcome, decode_json};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Condition {
    pub field: String,
    pub operator: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Json>,
}

impl Condition {
    pub fn new(field: &str, operator: &str, value: impl Into<Json>) -> Self {
        Self {
            field: field.into(),
            operator: operator.into(),
            value: Some(value.into()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Conditions {
    #[serde(default)]
    pub all: Vec<Condition>,
    #[serde(default)]
    pub any: Vec<Condition>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    pub field: String,
    pub value: Json,
}

impl Action {
    /// Calls a webhook with a body (the body is a string inside the trigger's JSON).
    pub fn notify_webhook(webhook_id: &str, body: &str) -> Self {
        Self {
            field: "notification_webhook".into(),
            value: json!([webhook_id, body]),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trigger {
    pub id: u64,
    pub title: String,
    #[serde(default)]
    pub active: bool,
    #[serde(default)]
    pub position: Option<i64>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub category_id: Option<String>,
    pub conditions: Conditions,
    pub actions: Vec<Action>,
    #[serde(flatten)]
    pub other: Map<String, Json>,
}

/// A trigger to create, or the new state for `PUT` (which replaces conditions and actions).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewTrigger {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub active: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category_id: Option<String>,
    pub conditions: Conditions,
    pub actions: Vec<Action>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TriggerCategory {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub position: Option<i64>,
    #[serde(flatten)]
    pub other: Map<String, Json>,
}

/// A page of triggers and the path of the next one.
#[derive(Debug, Clone, PartialEq)]
pub struct TriggerPage {
    pub triggers: Vec<Trigger>,
    pub next: Option<String>,
}

impl ZendeskClient {
    /// One page of triggers from `path` (`/triggers.json` first, then each `next` it returns).
    pub async fn list_triggers_page(&self, path: &str) -> Outcome<TriggerPage> {
        let root = format!("{}/api/v2", self.root);
        self.call("triggers.list", Method::GET, path, None, |r| {
            let w: TriggersPageWrapper = decode_json(SERVICE, r)?;
            // Only a next page on this account is followed.
            let next = w
                .next_page
                .and_then(|n| n.strip_prefix(&root).map(str::to_owned));
            Ok(TriggerPage {
                triggers: w.triggers,
                next,
            })
        })
        .await
    }

    /// The first page of triggers (up to 100); [`Self::list_triggers_page`] follows the rest.
    pub async fn list_triggers(&self) -> Outcome<Vec<Trigger>> {
        self.call("triggers.list", Method::GET, "/triggers.json", None, |r| {
            decode_json::<TriggersWrapper>(SERVICE, r).map(|w| w.triggers)
        })
        .await
    }

    /// The active triggers, first page (up to 100), in position order.
    pub async fn list_active_triggers(&self) -> Outcome<Vec<Trigger>> {
        self.call(
            "triggers.active",
            Method::GET,
            "/triggers/active.json",
            None,
            |r| decode_json::<TriggersWrapper>(SERVICE, r).map(|w| w.triggers),
        )
        .await
    }

    pub async fn create_trigger(&self, trigger: &NewTrigger) -> Outcome<Trigger> {
        self.call(
            "triggers.create",
            Method::POST,
            "/triggers.json",
            Some(json!({ "trigger": trigger }).to_string()),
            |r| decode_json::<TriggerWrapper>(SERVICE, r).map(|w| w.trigger),
        )
        .await
    }

    pub async fn show_trigger(&self, id: u64) -> Outcome<Trigger> {
        self.call(
            "triggers.show",
            Method::GET,
            &format!("/triggers/{id}.json"),
            None,
            |r| decode_json::<TriggerWrapper>(SERVICE, r).map(|w| w.trigger),
        )
        .await
    }

    /// Updates a trigger. Zendesk replaces ALL conditions and actions with the ones sent.
    pub async fn update_trigger(&self, id: u64, trigger: &NewTrigger) -> Outcome<Trigger> {
        self.call(
            "triggers.update",
            Method::PUT,
            &format!("/triggers/{id}.json"),
            Some(json!({ "trigger": trigger }).to_string()),
            |r| decode_json::<TriggerWrapper>(SERVICE, r).map(|w| w.trigger),
        )
        .await
    }

    pub async fn delete_trigger(&self, id: u64) -> Outcome<()> {
        self.call(
            "triggers.delete",
            Method::DELETE,
            &format!("/triggers/{id}.json"),
            None,
            |_| Ok(()),
        )
        .await
    }

    /// The condition and action fields valid on this account, with their operators.
    pub async fn trigger_definitions(&self) -> Outcome<Json> {
        self.call(
            "triggers.definitions",
            Method::GET,
            "/triggers/definitions.json",
            None,
            |r| {
                let json: Json = decode_json(SERVICE, r)?;
                Ok(json.get("definitions").cloned().unwrap_or(json))
            },
        )
        .await
    }

    pub async fn list_trigger_categories(&self) -> Outcome<Vec<TriggerCategory>> {
        self.call(
            "trigger_categories.list",
            Method::GET,
            "/trigger_categories",
            None,
            |r| decode_json::<CategoriesWrapper>(SERVICE, r).map(|w| w.trigger_categories),
        )
        .await
    }

    pub async fn create_trigger_category(
        &self,
        name: &str,
        position: Option<i64>,
    ) -> Outcome<TriggerCategory> {
        let mut c = json!({ "name": name });
        if let Some(p) = position {
            c["position"] = json!(p);
        }
        self.call(
            "trigger_categories.create",
            Method::POST,
            "/trigger_categories",
            Some(json!({ "trigger_category": c }).to_string()),
            |r| decode_json::<CategoryWrapper>(SERVICE, r).map(|w| w.trigger_category),
        )
        .await
    }

    pub async fn show_trigger_category(&self, id: &str) -> Outcome<TriggerCategory> {
        self.call(
            "trigger_categories.show",
            Method::GET,
            &format!("/trigger_categories/{}", url_encode(id)),
            None,
            |r| decode_json::<CategoryWrapper>(SERVICE, r).map(|w| w.trigger_category),
        )
        .await
    }

    /// Renames or moves a category (PATCH; only what is given changes).
    pub async fn update_trigger_category(
        &self,
        id: &str,
        name: Option<&str>,
        position: Option<i64>,
    ) -> Outcome<TriggerCategory> {
        let mut c = json!({});
        if let Some(n) = name {
            c["name"] = json!(n);
        }
        if let Some(p) = position {
            c["position"] = json!(p);
        }
        self.call(
            "trigger_categories.update",
            Method::PATCH,
            &format!("/trigger_categories/{}", url_encode(id)),
            Some(json!({ "trigger_category": c }).to_string()),
            |r| decode_json::<CategoryWrapper>(SERVICE, r).map(|w| w.trigger_category),
        )
        .await
    }

    /// Deletes an empty category (204); Zendesk refuses one that still holds triggers.
    pub async fn delete_trigger_category(&self, id: &str) -> Outcome<()> {
        self.call(
            "trigger_categories.delete",
            Method::DELETE,
            &format!("/trigger_categories/{}", url_encode(id)),
            None,
            |_| Ok(()),
        )
        .await
    }
}

#[derive(Deserialize)]
struct TriggerWrapper {
    trigger: Trigger,
}

#[derive(Deserialize)]
struct TriggersPageWrapper {
    triggers: Vec<Trigger>,
    #[serde(default)]
    next_page: Option<String>,
}

#[derive(Deserialize)]
struct TriggersWrapper {
    triggers: Vec<Trigger>,
}

#[derive(Deserialize)]
struct CategoryWrapper {
    trigger_category: TriggerCategory,
}

#[derive(Deserialize)]
struct CategoriesWrapper {
    trigger_categories: Vec<TriggerCategory>,
}
