//! Custom ticket statuses: the list (`GET /custom_statuses`), to know whether an account has
//! statuses of its own and so business rules on the status category.
//! Source: docs/zendesk-api.md#custom-ticket-statuses.

use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

use super::{SERVICE, ZendeskClient};
use crate::api::{Outcome, decode_json};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomStatus {
    pub id: u64,
    /// `new`, `open`, `pending`, `hold` or `solved`.
    pub status_category: String,
    #[serde(default)]
    pub agent_label: String,
    #[serde(default)]
    pub end_user_label: Option<String>,
    #[serde(default)]
    pub active: bool,
    /// One per category: the status a ticket takes when only its status is set.
    #[serde(default)]
    pub default: bool,
    #[serde(flatten)]
    pub other: Map<String, Json>,
}

impl ZendeskClient {
    /// Every custom ticket status, the defaults included.
    pub async fn list_custom_statuses(&self) -> Outcome<Vec<CustomStatus>> {
        self.call(
            "custom_statuses.list",
            Method::GET,
            "/custom_statuses.json",
            None,
            |r| decode_json::<Wrapper>(SERVICE, r).map(|w| w.custom_statuses),
        )
        .await
    }
}

#[derive(Deserialize)]
struct Wrapper {
    custom_statuses: Vec<CustomStatus>,
}
