//! Braze's Content Blocks as the sandbox serves them: `POST /content_blocks/create`,
//! `POST /content_blocks/update`, `GET /content_blocks/list`, `GET /content_blocks/info`, with
//! Braze's documented limits (names under 100 characters and unique, descriptions under 250,
//! tags that must already exist, `state` active or draft, list pages of at most 1,000 and no
//! `offset=0`). Braze has no delete. See docs/braze-api.md.

use chrono::DateTime;
use serde_json::{Map, Value as Json, json};

use super::server::{Reply, Req};
use super::state::{ContentBlock, Key, State};

/// Names must be shorter than this many characters, descriptions than [`MAX_DESCRIPTION`].
pub(crate) const MAX_NAME: usize = 100;
pub(crate) const MAX_DESCRIPTION: usize = 250;
const DEFAULT_LIMIT: u64 = 100;
const MAX_LIMIT: u64 = 1000;

fn bad(message: &str) -> Reply {
    Reply::json(400, &json!({"message": message}))
}

/// Braze's content types: `html` when the content has a tag, else `text`.
fn content_type(content: &str) -> &'static str {
    let b = content.as_bytes();
    let tag = b
        .windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!'));
    if tag { "html" } else { "text" }
}

/// A block id like Braze's: a UUID.
fn new_id() -> String {
    let v = fastrand::u128(..);
    let h = format!("{v:032x}");
    format!(
        "{}-{}-4{}-a{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}

/// The fields create and update share, checked; `None` where the body leaves them out.
struct Fields {
    name: Option<String>,
    description: Option<String>,
    content: Option<String>,
    state: Option<String>,
    tags: Option<Vec<String>>,
}

fn fields(state: &State, body: &Map<String, Json>) -> Result<Fields, Reply> {
    let text = |k: &str| -> Result<Option<String>, Reply> {
        match body.get(k) {
            None | Some(Json::Null) => Ok(None),
            Some(Json::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(bad(&format!("'{k}' must be a string"))),
        }
    };
    let name = text("name")?;
    if let Some(n) = &name {
        if n.trim().is_empty() {
            return Err(bad("'name' must not be blank"));
        }
        if n.chars().count() >= MAX_NAME {
            return Err(bad(&format!(
                "'name' must be less than {MAX_NAME} characters"
            )));
        }
    }
    let description = text("description")?;
    if description
        .as_ref()
        .is_some_and(|d| d.chars().count() >= MAX_DESCRIPTION)
    {
        return Err(bad(&format!(
            "'description' must be less than {MAX_DESCRIPTION} characters"
        )));
    }
    let content = text("content")?;
    let block_state = text("state")?;
    if block_state
        .as_deref()
        .is_some_and(|s| s != "active" && s != "draft")
    {
        return Err(bad("'state' must be 'active' or 'draft'"));
    }
    let tags = match body.get("tags") {
        None | Some(Json::Null) => None,
        Some(Json::Array(items)) => {
            let mut tags = Vec::new();
            for t in items {
                let Some(t) = t.as_str() else {
                    return Err(bad("'tags' must be an array of strings"));
                };
                if !state.braze_tags.iter().any(|x| x == t) {
                    return Err(bad(&format!("Tag '{t}' does not exist")));
                }
                if !tags.iter().any(|x| x == t) {
                    tags.push(t.to_owned());
                }
            }
            Some(tags)
        }
        Some(_) => return Err(bad("'tags' must be an array of strings")),
    };
    Ok(Fields {
        name,
        description,
        content,
        state: block_state,
        tags,
    })
}

fn name_taken(state: &State, name: &str, except: Option<&str>) -> bool {
    state
        .content_blocks
        .iter()
        .any(|b| b.name == name && Some(b.content_block_id.as_str()) != except)
}

fn answer(block: &ContentBlock) -> Json {
    json!({
        "content_block_id": block.content_block_id,
        "liquid_tag": block.liquid_tag(),
        "created_at": block.created_at,
        "message": "success",
    })
}

pub(crate) fn create(state: &mut State, body: &Map<String, Json>) -> Reply {
    let f = match fields(state, body) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let Some(name) = f.name else {
        return bad("'name' is required");
    };
    let Some(content) = f.content else {
        return bad("'content' is required");
    };
    if name_taken(state, &name, None) {
        return bad(&format!("A Content Block named '{name}' already exists"));
    }
    let now = state.now();
    let block = ContentBlock {
        content_block_id: new_id(),
        name,
        content,
        description: f.description.unwrap_or_default(),
        state: f.state.unwrap_or_else(|| "active".into()),
        tags: f.tags.unwrap_or_default(),
        created_at: now.clone(),
        last_edited: now,
    };
    let reply = Reply::json(201, &answer(&block));
    state.touch(Key::ContentBlock(block.content_block_id.clone()));
    state.content_blocks.push(block);
    reply
}

pub(crate) fn update(state: &mut State, body: &Map<String, Json>) -> Reply {
    let Some(id) = body.get("content_block_id").and_then(Json::as_str) else {
        return bad("'content_block_id' is required");
    };
    let id = id.to_owned();
    let f = match fields(state, body) {
        Ok(f) => f,
        Err(r) => return r,
    };
    if f.name
        .as_deref()
        .is_some_and(|n| name_taken(state, n, Some(&id)))
    {
        return bad(&format!(
            "A Content Block named '{}' already exists",
            f.name.unwrap_or_default()
        ));
    }
    let now = state.now();
    let Some(block) = state
        .content_blocks
        .iter_mut()
        .find(|b| b.content_block_id == id)
    else {
        return bad(&format!("'content_block_id' {id} is not a Content Block"));
    };
    if let Some(v) = f.name {
        block.name = v;
    }
    if let Some(v) = f.description {
        block.description = v;
    }
    if let Some(v) = f.content {
        block.content = v;
    }
    if let Some(v) = f.state {
        block.state = v;
    }
    if let Some(v) = f.tags {
        block.tags = v;
    }
    block.last_edited = now;
    let reply = Reply::json(201, &answer(block));
    state.touch(Key::ContentBlock(id));
    reply
}

fn time_param(req: &Req, name: &str) -> Result<Option<i64>, Reply> {
    match req.query(name) {
        None => Ok(None),
        Some(s) => DateTime::parse_from_rfc3339(s)
            .map(|t| Some(t.timestamp()))
            .map_err(|_| bad(&format!("'{name}' must be an ISO-8601 time"))),
    }
}

fn epoch(s: &str) -> i64 {
    DateTime::parse_from_rfc3339(s).map_or(0, |t| t.timestamp())
}

pub(crate) fn list(state: &State, req: &Req) -> Reply {
    let limit = match req.query("limit") {
        None => DEFAULT_LIMIT,
        Some(s) => match s.parse::<u64>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
            _ => return bad(&format!("Limit must be between 1 and {MAX_LIMIT}.")),
        },
    };
    let offset = match req.query("offset") {
        None => 0,
        // Braze refuses offset=0: the first page is asked for without one.
        Some(s) => match s.parse::<u64>() {
            Ok(n) if n > 0 => n,
            _ => return bad("Offset must be greater than 0."),
        },
    };
    let (after, before) = match (
        time_param(req, "modified_after"),
        time_param(req, "modified_before"),
    ) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(r), _) | (_, Err(r)) => return r,
    };
    let page: Vec<Json> = state
        .content_blocks
        .iter()
        .filter(|b| {
            let t = epoch(&b.last_edited);
            after.is_none_or(|a| t >= a) && before.is_none_or(|b| t <= b)
        })
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or(usize::MAX))
        .map(|b| {
            json!({
                "content_block_id": b.content_block_id,
                "name": b.name,
                "content_type": content_type(&b.content),
                "liquid_tag": b.liquid_tag(),
                "inclusion_count": 0,
                "created_at": b.created_at,
                "last_edited": b.last_edited,
                "tags": b.tags,
            })
        })
        .collect();
    Reply::json(
        200,
        &json!({"count": page.len(), "content_blocks": page, "message": "success"}),
    )
}

pub(crate) fn info(state: &State, req: &Req) -> Reply {
    let Some(id) = req.query("content_block_id").filter(|s| !s.is_empty()) else {
        return bad("'content_block_id' is required");
    };
    let Some(b) = state
        .content_blocks
        .iter()
        .find(|b| b.content_block_id == id)
    else {
        return bad(&format!("'content_block_id' {id} is not a Content Block"));
    };
    let mut answer = json!({
        "content_block_id": b.content_block_id,
        "name": b.name,
        "content": b.content,
        "description": b.description,
        "content_type": content_type(&b.content),
        "tags": b.tags,
        "created_at": b.created_at,
        "last_edited": b.last_edited,
        "inclusion_count": 0,
        "message": "success",
    });
    if req.query("include_inclusion_data") == Some("true") {
        answer["inclusion_data"] = json!([]);
    }
    Reply::json(200, &answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_look_like_uuids_and_types_follow_the_content() {
        let id = new_id();
        assert_eq!(id.len(), 36, "{id}");
        assert_eq!(id.matches('-').count(), 4, "{id}");
        assert_eq!(content_type("<p>hi</p>"), "html");
        assert_eq!(content_type("a < b"), "text");
    }
}
