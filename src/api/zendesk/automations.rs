//! Automations: list, the active ones, search, create, show, update, delete. The same
//! conditions and actions as triggers; Zendesk checks them every hour.
//! Source: docs/zendesk-api.md#automations.

use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json, json};

use super::{Action, Conditions, SERVICE, ZendeskClient, url_encode};
use crate::api::{Outcome, decode_json};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Automation {
    pub id: u64,
    pub title: String,
    #[serde(default)]
    pub active: bool,
    #[serde(default)]
    pub position: Option<i64>,
    pub conditions: Conditions,
    pub actions: Vec<Action>,
    #[serde(flatten)]
    pub other: Map<String, Json>,
}

/// An automation to create, or the new state for `PUT` (which replaces conditions and
/// actions whole).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewAutomation {
    pub title: String,
    pub active: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<i64>,
    pub conditions: Conditions,
    pub actions: Vec<Action>,
}

/// A page of automations and the path of the next one.
#[derive(Debug, Clone, PartialEq)]
pub struct AutomationPage {
    pub automations: Vec<Automation>,
    pub next: Option<String>,
}

impl ZendeskClient {
    /// One page of automations from `path` (`/automations.json` first, then each `next` it
    /// returns; offset pagination's `next_page`, followed only on this account).
    pub async fn list_automations_page(&self, path: &str) -> Outcome<AutomationPage> {
        let root = format!("{}/api/v2", self.root);
        self.call("automations.list", Method::GET, path, None, |r| {
            let w: AutomationsPageWrapper = decode_json(SERVICE, r)?;
            let next = w
                .next_page
                .and_then(|n| n.strip_prefix(&root).map(str::to_owned));
            Ok(AutomationPage {
                automations: w.automations,
                next,
            })
        })
        .await
    }

    /// The first page of automations (up to 100), in position order.
    pub async fn list_automations(&self) -> Outcome<Vec<Automation>> {
        self.call(
            "automations.list",
            Method::GET,
            "/automations.json",
            None,
            |r| decode_json::<AutomationsWrapper>(SERVICE, r).map(|w| w.automations),
        )
        .await
    }

    /// The active automations, first page (up to 100).
    pub async fn list_active_automations(&self) -> Outcome<Vec<Automation>> {
        self.call(
            "automations.active",
            Method::GET,
            "/automations/active.json",
            None,
            |r| decode_json::<AutomationsWrapper>(SERVICE, r).map(|w| w.automations),
        )
        .await
    }

    /// The automations whose title holds `query`, first page.
    pub async fn search_automations(&self, query: &str) -> Outcome<Vec<Automation>> {
        self.call(
            "automations.search",
            Method::GET,
            &format!("/automations/search.json?query={}", url_encode(query)),
            None,
            |r| decode_json::<AutomationsWrapper>(SERVICE, r).map(|w| w.automations),
        )
        .await
    }

    pub async fn create_automation(&self, automation: &NewAutomation) -> Outcome<Automation> {
        self.call(
            "automations.create",
            Method::POST,
            "/automations.json",
            Some(json!({ "automation": automation }).to_string()),
            |r| decode_json::<AutomationWrapper>(SERVICE, r).map(|w| w.automation),
        )
        .await
    }

    pub async fn show_automation(&self, id: u64) -> Outcome<Automation> {
        self.call(
            "automations.show",
            Method::GET,
            &format!("/automations/{id}.json"),
            None,
            |r| decode_json::<AutomationWrapper>(SERVICE, r).map(|w| w.automation),
        )
        .await
    }

    /// Updates an automation; its conditions and actions become the ones sent.
    pub async fn update_automation(
        &self,
        id: u64,
        automation: &NewAutomation,
    ) -> Outcome<Automation> {
        self.call(
            "automations.update",
            Method::PUT,
            &format!("/automations/{id}.json"),
            Some(json!({ "automation": automation }).to_string()),
            |r| decode_json::<AutomationWrapper>(SERVICE, r).map(|w| w.automation),
        )
        .await
    }

    pub async fn delete_automation(&self, id: u64) -> Outcome<()> {
        self.call(
            "automations.delete",
            Method::DELETE,
            &format!("/automations/{id}.json"),
            None,
            |_| Ok(()),
        )
        .await
    }
}

#[derive(Deserialize)]
struct AutomationWrapper {
    automation: Automation,
}

#[derive(Deserialize)]
struct AutomationsPageWrapper {
    automations: Vec<Automation>,
    #[serde(default)]
    next_page: Option<String>,
}

#[derive(Deserialize)]
struct AutomationsWrapper {
    automations: Vec<Automation>,
}
