//! Cursor pagination: where a list starts and how much it takes, and one page of the answer.

use serde::Deserialize;
use serde_json::Value as Json;

use super::{SERVICE, url_encode};
use crate::api::call::Response;
use crate::api::decode_json;
use crate::api::error::ApiError;

/// One page of a list read with cursor pagination; `after_cursor` asks for the next one.
#[derive(Debug, Clone, PartialEq)]
pub struct CursorPage<T> {
    pub items: Vec<T>,
    pub has_more: bool,
    pub after_cursor: Option<String>,
    pub before_cursor: Option<String>,
}

/// Where a cursor list starts, how much it takes, and its order (`-id`: newest first).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PageRequest {
    pub size: Option<u32>,
    pub after: Option<String>,
    pub before: Option<String>,
    pub sort: Option<String>,
}

impl PageRequest {
    pub fn first(size: u32) -> Self {
        Self {
            size: Some(size),
            ..Self::default()
        }
    }

    pub(super) fn query(&self) -> String {
        let mut params = vec![format!("page%5Bsize%5D={}", self.size.unwrap_or(100))];
        if let Some(a) = &self.after {
            params.push(format!("page%5Bafter%5D={}", url_encode(a)));
        }
        if let Some(b) = &self.before {
            params.push(format!("page%5Bbefore%5D={}", url_encode(b)));
        }
        if let Some(s) = &self.sort {
            params.push(format!("sort={}", url_encode(s)));
        }
        params.join("&")
    }
}

#[derive(Deserialize, Default)]
struct CursorMeta {
    #[serde(default)]
    has_more: bool,
    #[serde(default)]
    after_cursor: Option<String>,
    #[serde(default)]
    before_cursor: Option<String>,
}

/// `{"<key>": [...], "meta": {...}}` as a [`CursorPage`].
pub(super) fn cursor_page<T: serde::de::DeserializeOwned>(
    r: &Response,
    key: &str,
) -> Result<CursorPage<T>, ApiError> {
    let mut json: Json = decode_json(SERVICE, r)?;
    let items = json
        .get_mut(key)
        .map(Json::take)
        .ok_or_else(|| ApiError::MissingField {
            service: SERVICE,
            status: r.status,
            field: key.to_owned(),
        })?;
    let items: Vec<T> = serde_json::from_value(items).map_err(|e| ApiError::Decode {
        service: SERVICE,
        status: r.status,
        message: Some(e.to_string()),
    })?;
    let meta: CursorMeta = json
        .get_mut("meta")
        .map(Json::take)
        .and_then(|m| serde_json::from_value(m).ok())
        .unwrap_or_default();
    Ok(CursorPage {
        items,
        has_more: meta.has_more,
        after_cursor: meta.after_cursor,
        before_cursor: meta.before_cursor,
    })
}
