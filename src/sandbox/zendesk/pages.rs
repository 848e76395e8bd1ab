//! Zendesk's two paginations, for every list the sandbox serves.
//!
//! Source: https://developer.zendesk.com/api-reference/introduction/pagination/ and
//! https://developer.zendesk.com/documentation/api-basics/pagination/comparing-cursor-pagination-and-offset-pagination/
//! - **Cursor**: asked for with `page[size]` (at most 100; more is read as 100), then
//!   `page[after]` / `page[before]` with the cursors of the previous answer. The answer carries
//!   `"meta": {"has_more", "after_cursor", "before_cursor"}` and `"links": {"next", "prev"}`
//!   (full URLs). `links.next` is null when `has_more` is false: node-zendesk follows `links.next`
//!   whenever it is set, zenpy checks `has_more` first.
//! - **Offset**: `page` (from 1) and `per_page` (default 100, at most 100), answered with
//!   `next_page` and `previous_page` (full URLs or null) and `count` (the total).
//! - "If you omit the page[size] parameter, offset pagination is used": lists that Zendesk
//!   documents as cursor-only (webhooks, trigger categories, invocations) answer with cursor
//!   fields even without it.
//! - A page parameter that is not a positive integer: 400 `{"error": {"title": "Invalid
//!   attribute", "message": "You passed an invalid value for the page attribute. Invalid
//!   parameter: page must be an integer from api/v2/..."}}`, the shape Zendesk answers (quoted in
//!   Zendesk's community forum, post 4467682277402).
//!
//! Cursors are opaque to clients: here, base64url of the JSON `[sort value, id]` of the item at
//! the page's edge, so a page stays right when records are added or deleted between calls.

use std::cmp::Ordering;

use base64::Engine as _;
use serde_json::{Map, Value as Json, json};

use super::super::server::{Reply, Req};

pub(super) const MAX_PAGE: usize = 100;

/// Which pagination a list answers with when the request asks for none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Default {
    Offset,
    Cursor,
}

/// A list to page through: its items, the key they go under, the URL of the list (for links),
/// and the order.
pub(super) struct Listing {
    pub key: &'static str,
    pub items: Vec<Json>,
    /// `{base}/api/v2/tickets.json`: links add their parameters to it.
    pub url: String,
    /// The field items are ordered by (then by `id`), and whether it is descending.
    pub sort: (String, bool),
    pub default: Default,
    /// Parameters to carry into the links (a search's `query`, a filter).
    pub keep: Vec<(String, String)>,
}

/// The field and direction from `sort=-updated_at` (cursor style) or `sort_by` + `sort_order`
/// (offset style); `default` when neither is given or the field is not one of `allowed`.
pub(super) fn sort_from(req: &Req, allowed: &[&str], default: (&str, bool)) -> (String, bool) {
    let (field, desc) = if let Some(s) = req.query("sort") {
        match s.strip_prefix('-') {
            Some(f) => (f.to_owned(), true),
            None => (s.to_owned(), false),
        }
    } else if let Some(f) = req.query("sort_by") {
        (
            f.to_owned(),
            req.query("sort_order")
                .is_some_and(|o| o.eq_ignore_ascii_case("desc")),
        )
    } else {
        return (default.0.to_owned(), default.1);
    };
    if allowed.contains(&field.as_str()) {
        (field, desc)
    } else {
        (default.0.to_owned(), default.1)
    }
}

/// Orders JSON values as Zendesk orders a column: null first, numbers by value, text by text.
pub(super) fn compare(a: &Json, b: &Json) -> Ordering {
    fn rank(v: &Json) -> u8 {
        match v {
            Json::Null => 0,
            Json::Bool(_) => 1,
            Json::Number(_) => 2,
            Json::String(_) => 3,
            _ => 4,
        }
    }
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => x
            .as_f64()
            .unwrap_or(0.0)
            .partial_cmp(&y.as_f64().unwrap_or(0.0))
            .unwrap_or(Ordering::Equal),
        (Json::String(x), Json::String(y)) => x.cmp(y),
        (Json::Bool(x), Json::Bool(y)) => x.cmp(y),
        _ => rank(a).cmp(&rank(b)),
    }
}

fn key_of(item: &Json, field: &str) -> (Json, Json) {
    (
        item.get(field).cloned().unwrap_or(Json::Null),
        item.get("id").cloned().unwrap_or(Json::Null),
    )
}

fn compare_keys(a: &(Json, Json), b: &(Json, Json), desc: bool) -> Ordering {
    let o = compare(&a.0, &b.0).then_with(|| compare(&a.1, &b.1));
    if desc { o.reverse() } else { o }
}

fn encode_cursor(key: &(Json, Json)) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json!([key.0, key.1]).to_string())
}

fn decode_cursor(cursor: &str) -> Option<(Json, Json)> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor.trim_end_matches('='))
        .ok()?;
    match serde_json::from_slice::<Json>(&bytes).ok()? {
        Json::Array(mut pair) if pair.len() == 2 => {
            let id = pair.pop()?;
            let value = pair.pop()?;
            Some((value, id))
        }
        _ => None,
    }
}

/// Zendesk's answer to a page parameter that is not a positive integer.
pub(super) fn invalid_page_parameter(name: &str, path: &str) -> Reply {
    Reply::json(
        400,
        &json!({"error": {
            "title": "Invalid attribute",
            "message": format!("You passed an invalid value for the {name} attribute. Invalid parameter: {name} must be an integer from {path}"),
        }}),
    )
}

fn positive(req: &Req, name: &str, api_path: &str) -> Result<Option<usize>, Reply> {
    match req.query(name) {
        None => Ok(None),
        Some(v) => match v.trim().parse::<usize>() {
            Ok(n) if n > 0 => Ok(Some(n)),
            _ => Err(invalid_page_parameter(name, api_path)),
        },
    }
}

fn query_string(params: &[(String, String)]) -> String {
    params
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                crate::percent::encode(k),
                crate::percent::encode(v)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Whether the request asks for cursor pagination (or the list only has that).
pub(super) fn wants_cursor(req: &Req, default: Default) -> bool {
    let cursor_params = ["page[size]", "page[after]", "page[before]"];
    if cursor_params.iter().any(|p| req.query(p).is_some()) {
        return true;
    }
    default == Default::Cursor
}

/// One page of `listing`, in the pagination the request asks for, as the whole answer body.
pub(super) fn page(req: &Req, listing: Listing) -> Result<Json, Reply> {
    let api_path = req.path.trim_start_matches('/').to_owned();
    let Listing {
        key,
        mut items,
        url,
        sort: (field, desc),
        default,
        keep,
    } = listing;
    items.sort_by(|a, b| compare_keys(&key_of(a, &field), &key_of(b, &field), desc));
    let mut body = Map::new();
    if wants_cursor(req, default) {
        let size = positive(req, "page[size]", &api_path)?
            .or(positive(req, "per_page", &api_path)?)
            .unwrap_or(MAX_PAGE)
            .min(MAX_PAGE);
        let bad_cursor = |name: &str| invalid_page_parameter(name, &api_path);
        let (slice, has_more) = if let Some(after) = req.query("page[after]") {
            let edge = decode_cursor(after).ok_or_else(|| bad_cursor("page[after]"))?;
            let start = items
                .iter()
                .position(|i| compare_keys(&key_of(i, &field), &edge, desc) == Ordering::Greater)
                .unwrap_or(items.len());
            let end = (start + size).min(items.len());
            (&items[start..end], end < items.len())
        } else if let Some(before) = req.query("page[before]") {
            let edge = decode_cursor(before).ok_or_else(|| bad_cursor("page[before]"))?;
            let end = items
                .iter()
                .position(|i| compare_keys(&key_of(i, &field), &edge, desc) != Ordering::Less)
                .unwrap_or(items.len());
            let start = end.saturating_sub(size);
            // Going backwards, "more" means more before this page.
            (&items[start..end], start > 0)
        } else {
            let end = size.min(items.len());
            (&items[..end], end < items.len())
        };
        let after_cursor = slice.last().map(|i| encode_cursor(&key_of(i, &field)));
        let before_cursor = slice.first().map(|i| encode_cursor(&key_of(i, &field)));
        let mut base = keep.clone();
        if let Some(s) = req.query("sort") {
            base.push(("sort".into(), s.into()));
        }
        base.push(("page[size]".into(), size.to_string()));
        let link = |name: &str, cursor: &str| {
            let mut params = base.clone();
            params.push((name.to_owned(), cursor.to_owned()));
            format!("{url}?{}", query_string(&params))
        };
        // Going forward, `has_more` says whether a next page exists; going backward, whether
        // an earlier one does (and the page just left is always next).
        let backwards = req.query("page[before]").is_some();
        let next_link = after_cursor.as_deref().map(|c| link("page[after]", c));
        let prev_link = before_cursor.as_deref().map(|c| link("page[before]", c));
        let (next, prev) = if backwards {
            (next_link, prev_link.filter(|_| has_more))
        } else {
            (next_link.filter(|_| has_more), prev_link)
        };
        let more = has_more;
        body.insert(key.into(), Json::Array(slice.to_vec()));
        body.insert(
            "meta".into(),
            json!({"has_more": more, "after_cursor": after_cursor, "before_cursor": before_cursor}),
        );
        body.insert("links".into(), json!({"next": next, "prev": prev}));
    } else {
        let page = positive(req, "page", &api_path)?.unwrap_or(1);
        let per_page = positive(req, "per_page", &api_path)?
            .unwrap_or(MAX_PAGE)
            .min(MAX_PAGE);
        let count = items.len();
        let start = (page - 1).saturating_mul(per_page).min(count);
        let end = start.saturating_add(per_page).min(count);
        let link = |p: usize| {
            let mut params = keep.clone();
            if let Some(s) = req.query("sort_by") {
                params.push(("sort_by".into(), s.into()));
            }
            if let Some(s) = req.query("sort_order") {
                params.push(("sort_order".into(), s.into()));
            }
            params.push(("page".into(), p.to_string()));
            params.push(("per_page".into(), per_page.to_string()));
            format!("{url}?{}", query_string(&params))
        };
        body.insert(key.into(), Json::Array(items[start..end].to_vec()));
        body.insert(
            "next_page".into(),
            json!((end < count).then(|| link(page + 1))),
        );
        body.insert(
            "previous_page".into(),
            json!((page > 1).then(|| link(page - 1))),
        );
        body.insert("count".into(), json!(count));
    }
    Ok(Json::Object(body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use hyper::{HeaderMap, Method};

    fn req(query: &[(&str, &str)]) -> Req {
        Req {
            method: Method::GET,
            path: "/api/v2/tickets.json".into(),
            query: query
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            headers: HeaderMap::new(),
            body: Bytes::new(),
        }
    }

    fn listing(n: u64) -> Listing {
        Listing {
            key: "tickets",
            items: (1..=n).rev().map(|id| json!({"id": id})).collect(),
            url: "http://h/api/v2/tickets.json".into(),
            sort: ("id".into(), false),
            default: Default::Offset,
            keep: Vec::new(),
        }
    }

    fn ids(body: &Json) -> Vec<u64> {
        body["tickets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_u64().unwrap())
            .collect()
    }

    fn param(link: &str, name: &str) -> String {
        let encoded = crate::percent::encode(name);
        let (_, rest) = link.split_once(&format!("{encoded}=")).unwrap();
        rest.split('&').next().unwrap().to_owned()
    }

    #[test]
    fn cursor_pages_walk_forward_and_back_and_end_with_no_next_link() {
        let first = page(&req(&[("page[size]", "2")]), listing(5)).unwrap();
        assert_eq!(ids(&first), [1, 2]);
        assert_eq!(first["meta"]["has_more"], true);
        let after = param(first["links"]["next"].as_str().unwrap(), "page[after]");
        let second = page(
            &req(&[("page[size]", "2"), ("page[after]", &after)]),
            listing(5),
        )
        .unwrap();
        assert_eq!(ids(&second), [3, 4]);
        let after = second["meta"]["after_cursor"].as_str().unwrap().to_owned();
        let last = page(
            &req(&[("page[size]", "2"), ("page[after]", &after)]),
            listing(5),
        )
        .unwrap();
        assert_eq!(ids(&last), [5]);
        assert_eq!(last["meta"]["has_more"], false);
        assert!(last["links"]["next"].is_null());
        let before = last["meta"]["before_cursor"].as_str().unwrap().to_owned();
        let back = page(
            &req(&[("page[size]", "2"), ("page[before]", &before)]),
            listing(5),
        )
        .unwrap();
        assert_eq!(ids(&back), [3, 4]);
        let many = page(&req(&[("page[size]", "500")]), listing(150)).unwrap();
        assert_eq!(ids(&many).len(), 100, "page[size] is at most 100");
    }

    #[test]
    fn offset_pages_count_and_link_like_zendesk() {
        let p = page(&req(&[("per_page", "2"), ("page", "2")]), listing(5)).unwrap();
        assert_eq!(ids(&p), [3, 4]);
        assert_eq!(p["count"], 5);
        assert!(
            p["next_page"]
                .as_str()
                .unwrap()
                .ends_with("page=3&per_page=2")
        );
        assert!(
            p["previous_page"]
                .as_str()
                .unwrap()
                .ends_with("page=1&per_page=2")
        );
        let all = page(&req(&[]), listing(120)).unwrap();
        assert_eq!(ids(&all).len(), 100);
        assert!(all.get("meta").is_none());
        let bad = page(&req(&[("page", "x")]), listing(1)).unwrap_err();
        assert_eq!(bad.status, 400);
    }
}
