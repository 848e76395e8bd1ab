//! Search: one page of Zendesk's query syntax over tickets and users (offset pagination).

use reqwest::Method;
use serde::Deserialize;
use serde_json::Value as Json;

use super::{SERVICE, ZendeskClient, url_encode};
use crate::api::{Outcome, decode_json};

/// One page of search results (offset pagination, as Zendesk's search has).
#[derive(Debug, Clone, PartialEq)]
pub struct SearchPage {
    /// Each result with its `result_type` (`ticket`, `user`).
    pub results: Vec<Json>,
    pub count: u64,
    pub next_page: Option<String>,
}

impl ZendeskClient {
    /// Searches with Zendesk's query syntax (`type:ticket status<solved tags:vip`), one page.
    pub async fn search(
        &self,
        query: &str,
        sort_by: Option<&str>,
        sort_order: Option<&str>,
        page: u32,
        per_page: u32,
    ) -> Outcome<SearchPage> {
        let mut path = format!(
            "/search.json?query={}&page={page}&per_page={per_page}",
            url_encode(query)
        );
        if let Some(s) = sort_by {
            path.push_str(&format!("&sort_by={}", url_encode(s)));
        }
        if let Some(o) = sort_order {
            path.push_str(&format!("&sort_order={}", url_encode(o)));
        }
        self.call("search", Method::GET, &path, None, |r| {
            let w: SearchWrapper = decode_json(SERVICE, r)?;
            Ok(SearchPage {
                results: w.results,
                count: w.count.unwrap_or(0),
                next_page: w.next_page,
            })
        })
        .await
    }
}

#[derive(Deserialize)]
struct SearchWrapper {
    results: Vec<Json>,
    #[serde(default)]
    count: Option<u64>,
    #[serde(default)]
    next_page: Option<String>,
}
