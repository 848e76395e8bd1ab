//! The workspace: one document with the payload templates, sample users, sample tickets and
//! render contexts a person works on. Plain JSON (readable, git-friendly), read by a pure
//! [`parse`] that reports what it could not use and written by [`to_string`]. Secrets are never
//! part of it: credentials come from the connection profile.

pub mod document;
pub mod file;
pub mod merge;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json, json};

use crate::i18n::{Localize, Message};
use crate::msg;
use crate::target::Target;

/// The format this build writes. A newer file opens as far as this version understands it; the
/// rest (and its format number) is kept as it is.
pub const FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq)]
pub struct Workspace {
    pub payloads: Vec<Payload>,
    /// Braze user objects, as `/users/export/ids` returns them.
    pub users: Vec<Json>,
    /// Sample tickets for the zendesk dialect: `{"ticket": {...}, "users": [...]}`.
    pub tickets: Vec<Json>,
    pub contexts: Vec<NamedContext>,
    /// Entries and keys this version cannot use (a payload that is not an object, a key a newer
    /// zenbraze wrote...), kept as they were read: listed for the user, written back on every
    /// save, never dropped. Parts of a payload or a context are kept in its own `kept`.
    pub kept: Vec<Unusable>,
}

/// A part of the file this version cannot use: why, and the part exactly as it was read.
#[derive(Debug, Clone, PartialEq)]
pub struct Unusable {
    /// For the user: what it is and why it cannot be used.
    pub reason: Message,
    pub raw: Json,
    /// Where it is written back.
    pub place: KeptPlace,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeptPlace {
    /// A whole entry of a list (`payloads`, `users`, `tickets`, `contexts`), written after the
    /// usable ones.
    Entry(&'static str),
    /// A top-level key: one this version does not know, or the format number of a newer file
    /// (so the newer zenbraze still reads it as its own).
    TopLevel(String),
    /// A key inside a payload or a context. `assumed` is what was used instead of a value that
    /// could not be used (an unknown direction): the original is written back while the value
    /// is still the assumed one. Without it (a key this version does not know) it is written
    /// back unless the key has a value now.
    Key { key: String, assumed: Option<Json> },
    /// An item of a payload's `headers` that is not a name and a value.
    Header,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// A Braze webhook that creates a Zendesk ticket.
    BrazeToZendesk,
    /// A Zendesk trigger's webhook that logs on a Braze profile.
    ZendeskToBraze,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Payload {
    pub name: String,
    pub direction: Direction,
    pub method: String,
    /// A Liquid template, like the body.
    pub url: String,
    /// Liquid templates; credential headers are not kept (they come from the profile).
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// What the body is linted as; none turns the linter off.
    pub target: Option<Target>,
    /// What this version could not use in it, written back as it was read.
    pub kept: Vec<Unusable>,
}

/// A render context (event properties, Canvas entry properties, mocks) with a name.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedContext {
    pub name: String,
    pub context: Json,
    /// Keys this version does not know, written back as they were read.
    pub kept: Vec<Unusable>,
}

/// Headers whose value is a credential: never stored in a workspace.
const CREDENTIAL_HEADERS: &[&str] = &["authorization", "x-api-key", "api-key", "cookie"];

/// Why a file cannot be used as it is; the file is left untouched.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WorkspaceError {
    Corrupt {
        line: usize,
        column: usize,
        /// serde's words, or a [`Message`] of ours for a file that is JSON but not a workspace.
        message: Message,
    },
}

impl Localize for WorkspaceError {
    fn message(&self) -> Message {
        match self {
            WorkspaceError::Corrupt {
                line,
                column,
                message,
            } => msg!(
                "workspace-corrupt",
                line = *line,
                column = *column,
                reason = message.clone()
            ),
        }
    }
}
crate::display_via_message!(WorkspaceError);

impl Default for Workspace {
    /// The presets: the seed's body with its problems, the corrected one, the Zendesk → Braze
    /// event; the bundled users, ticket and context.
    fn default() -> Self {
        let users: Json = serde_json::from_str(include_str!("../../assets/presets/users.json"))
            .unwrap_or_default();
        let ticket: Json = serde_json::from_str(include_str!("../../assets/examples/ticket.json"))
            .unwrap_or_default();
        let context: Json =
            serde_json::from_str(include_str!("../../assets/examples/context.json"))
                .unwrap_or_default();
        let braze_to_zendesk = |name: &str, body: &str| Payload {
            name: name.to_owned(),
            direction: Direction::BrazeToZendesk,
            method: "POST".into(),
            url: "https://{{ 'your-subdomain' }}.zendesk.com/api/v2/tickets.json".into(),
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.to_owned(),
            target: Some(Target::ZendeskTicket),
            kept: Vec::new(),
        };
        Workspace {
            payloads: vec![
                braze_to_zendesk(
                    "Ticket from Braze (corrected)",
                    include_str!("../../assets/presets/ticket.liquid"),
                ),
                braze_to_zendesk(
                    "Ticket from Braze (as the docs publish it)",
                    include_str!("../../assets/presets/seed-ticket.liquid"),
                ),
                Payload {
                    name: "Ticket solved → Braze event".into(),
                    direction: Direction::ZendeskToBraze,
                    method: "POST".into(),
                    url: "https://rest.iad-01.braze.com/users/track".into(),
                    headers: vec![("Content-Type".into(), "application/json".into())],
                    body: include_str!("../../assets/presets/zendesk-solved-event.liquid").into(),
                    target: Some(Target::ZendeskWebhookBody),
                    kept: Vec::new(),
                },
            ],
            users: users
                .get("users")
                .and_then(Json::as_array)
                .cloned()
                .unwrap_or_default(),
            tickets: vec![ticket],
            contexts: vec![NamedContext {
                name: "Survey answer".into(),
                context,
                kept: Vec::new(),
            }],
            kept: Vec::new(),
        }
    }
}

/// The catalogue keys of the presets' names, in [`Workspace::default`]'s order (their English
/// texts are the names `default` gives), and of the presets' render context.
pub const PRESET_NAME_KEYS: [&str; 3] = [
    "preset-ticket-corrected",
    "preset-ticket-docs",
    "preset-solved-event",
];
pub const PRESET_CONTEXT_KEY: &str = "preset-context-survey";

impl Workspace {
    /// The presets, named in `catalogue`'s language (a Spanish first workspace reads Spanish).
    pub fn presets(catalogue: &crate::i18n::Catalogue) -> Workspace {
        let mut ws = Workspace::default();
        for (p, key) in ws.payloads.iter_mut().zip(PRESET_NAME_KEYS) {
            p.name = catalogue.tr(key).to_owned();
        }
        for c in &mut ws.contexts {
            c.name = catalogue.tr(PRESET_CONTEXT_KEY).to_owned();
        }
        ws
    }

    /// A workspace with nothing in it.
    pub fn empty() -> Workspace {
        Workspace {
            payloads: Vec::new(),
            users: Vec::new(),
            tickets: Vec::new(),
            contexts: Vec::new(),
            kept: Vec::new(),
        }
    }
}

fn text(o: &Map<String, Json>, key: &str) -> Option<String> {
    o.get(key).and_then(Json::as_str).map(str::to_owned)
}

/// The keys a payload has in this format.
const PAYLOAD_KEYS: &[&str] = &[
    "name",
    "direction",
    "method",
    "url",
    "headers",
    "lint_target",
    "body",
];

/// The top-level keys of this format.
const TOP_LEVEL_KEYS: &[&str] = &[
    "zenbraze_workspace",
    "payloads",
    "users",
    "tickets",
    "contexts",
];

/// Reads a workspace. What cannot be used is kept as it was read ([`Workspace::kept`], and each
/// payload's and context's `kept`), and written back by [`to_string`]; a file written by a
/// newer zenbraze opens as far as this version understands it. The warnings name what was
/// dropped on purpose (credential headers). A file that is not a workspace is an error (and the
/// caller must not overwrite it).
pub fn parse(source: &str) -> Result<(Workspace, Vec<Message>), WorkspaceError> {
    let json: Json = serde_json::from_str(source).map_err(|e| WorkspaceError::Corrupt {
        line: e.line(),
        column: e.column(),
        message: crate::i18n::json_text::problem(&e.to_string()),
    })?;
    let corrupt = |message: Message| WorkspaceError::Corrupt {
        line: 1,
        column: 1,
        message,
    };
    let root = json.as_object().ok_or_else(|| {
        corrupt(msg!(
            "workspace-not-object",
            found = crate::i18n::json_text::kind(&json)
        ))
    })?;
    let format = match root.get("zenbraze_workspace") {
        None => return Err(corrupt(msg!("workspace-no-format"))),
        Some(raw) => raw.as_u64().ok_or_else(|| {
            corrupt(msg!(
                "files-key-kind",
                key = "zenbraze_workspace",
                expected = msg!("workspace-format-expected"),
                found = crate::i18n::json_text::kind(raw)
            ))
        })?,
    };
    let mut kept = Vec::new();
    if format > u64::from(FORMAT) {
        kept.push(Unusable {
            reason: msg!("files-workspace-newer", found = format, supported = FORMAT),
            raw: root["zenbraze_workspace"].clone(),
            place: KeptPlace::TopLevel("zenbraze_workspace".into()),
        });
    }
    for (key, raw) in root {
        if !TOP_LEVEL_KEYS.contains(&key.as_str()) {
            kept.push(Unusable {
                reason: msg!("files-unknown-key", key = key),
                raw: raw.clone(),
                place: KeptPlace::TopLevel(key.clone()),
            });
        }
    }
    let mut warnings = Vec::new();
    let list = |key: &str| -> Vec<Json> {
        match root.get(key) {
            None | Some(Json::Null) => Vec::new(),
            Some(Json::Array(items)) => items.clone(),
            // Not a list: kept whole, as a top-level part.
            Some(_) => Vec::new(),
        }
    };
    for key in ["payloads", "users", "tickets", "contexts"] {
        if let Some(raw) = root.get(key).filter(|v| !v.is_array() && !v.is_null()) {
            kept.push(Unusable {
                reason: msg!("files-unknown-key", key = key),
                raw: raw.clone(),
                place: KeptPlace::TopLevel(key.to_owned()),
            });
        }
    }
    let entry = |section: &'static str, reason: Message, raw: &Json| Unusable {
        reason,
        raw: raw.clone(),
        place: KeptPlace::Entry(section),
    };
    let mut payloads = Vec::new();
    for (i, p) in list("payloads").iter().enumerate() {
        let Some(o) = p.as_object() else {
            kept.push(entry(
                "payloads",
                msg!("files-payload-unusable", index = i + 1),
                p,
            ));
            continue;
        };
        let name = text(o, "name").unwrap_or_else(|| format!("#{}", i + 1));
        let mut payload_kept = Vec::new();
        let direction = match o.get("direction").cloned().map(serde_json::from_value) {
            Some(Ok(d)) => d,
            found => {
                let assumed = Direction::BrazeToZendesk;
                if let (Some(_), Some(raw)) = (found, o.get("direction")) {
                    payload_kept.push(Unusable {
                        reason: msg!("files-payload-direction", name = &name, value = shown(raw)),
                        raw: raw.clone(),
                        place: KeptPlace::Key {
                            key: "direction".into(),
                            assumed: Some(json!(assumed)),
                        },
                    });
                }
                assumed
            }
        };
        let target = match o.get("lint_target") {
            None | Some(Json::Null) => None,
            Some(raw) => match raw.as_str().map(str::parse::<Target>) {
                Some(Ok(t)) => Some(t),
                _ => {
                    payload_kept.push(Unusable {
                        reason: msg!("files-payload-target", name = &name, value = shown(raw)),
                        raw: raw.clone(),
                        place: KeptPlace::Key {
                            key: "lint_target".into(),
                            assumed: Some(Json::Null),
                        },
                    });
                    None
                }
            },
        };
        let mut headers = Vec::new();
        for h in o
            .get("headers")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
        {
            let (Some(k), Some(v)) = (
                h.get("name").and_then(Json::as_str),
                h.get("value").and_then(Json::as_str),
            ) else {
                payload_kept.push(Unusable {
                    reason: msg!("files-payload-header", name = &name),
                    raw: h.clone(),
                    place: KeptPlace::Header,
                });
                continue;
            };
            if CREDENTIAL_HEADERS.contains(&k.to_ascii_lowercase().as_str()) {
                warnings.push(msg!(
                    "workspace-payload-credential",
                    name = &name,
                    header = k
                ));
                continue;
            }
            headers.push((k.to_owned(), v.to_owned()));
        }
        for (key, raw) in o {
            if !PAYLOAD_KEYS.contains(&key.as_str()) {
                payload_kept.push(Unusable {
                    reason: msg!("files-payload-unknown", name = &name, key = key),
                    raw: raw.clone(),
                    place: KeptPlace::Key {
                        key: key.clone(),
                        assumed: None,
                    },
                });
            }
        }
        payloads.push(Payload {
            name,
            direction,
            method: text(o, "method").unwrap_or_else(|| "POST".into()),
            url: text(o, "url").unwrap_or_default(),
            headers,
            body: text(o, "body").unwrap_or_default(),
            target,
            kept: payload_kept,
        });
    }
    let mut users = Vec::new();
    for (i, u) in list("users").into_iter().enumerate() {
        if u.is_object() {
            users.push(u);
        } else {
            kept.push(entry(
                "users",
                msg!("files-user-unusable", index = i + 1),
                &u,
            ));
        }
    }
    let mut tickets = Vec::new();
    for (i, t) in list("tickets").into_iter().enumerate() {
        if t.is_object() {
            tickets.push(t);
        } else {
            kept.push(entry(
                "tickets",
                msg!("files-ticket-unusable", index = i + 1),
                &t,
            ));
        }
    }
    let mut contexts = Vec::new();
    for (i, c) in list("contexts").iter().enumerate() {
        match (c.get("name").and_then(Json::as_str), c.get("context")) {
            (Some(name), Some(context)) if context.is_object() => contexts.push(NamedContext {
                name: name.to_owned(),
                context: context.clone(),
                kept: c
                    .as_object()
                    .into_iter()
                    .flatten()
                    .filter(|(key, _)| !matches!(key.as_str(), "name" | "context"))
                    .map(|(key, raw)| Unusable {
                        reason: msg!("files-context-unknown", name = name, key = key),
                        raw: raw.clone(),
                        place: KeptPlace::Key {
                            key: key.clone(),
                            assumed: None,
                        },
                    })
                    .collect(),
            }),
            _ => kept.push(entry(
                "contexts",
                msg!("files-context-unusable", index = i + 1),
                c,
            )),
        }
    }
    Ok((
        Workspace {
            payloads,
            users,
            tickets,
            contexts,
            kept,
        },
        warnings,
    ))
}

/// A value as the user wrote it, for a message: strings without their quotes.
fn shown(value: &Json) -> String {
    match value {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Writes back into `object` what was kept from it (see [`KeptPlace`]).
fn restore(object: &mut Map<String, Json>, kept: &[Unusable]) {
    for k in kept {
        match &k.place {
            KeptPlace::Key {
                key,
                assumed: Some(assumed),
            } => {
                if object.get(key) == Some(assumed) {
                    object.insert(key.clone(), k.raw.clone());
                }
            }
            KeptPlace::Key { key, assumed: None } => {
                if !object.contains_key(key) {
                    object.insert(key.clone(), k.raw.clone());
                }
            }
            KeptPlace::Header => {
                if let Some(Json::Array(headers)) = object.get_mut("headers") {
                    headers.push(k.raw.clone());
                }
            }
            KeptPlace::Entry(_) | KeptPlace::TopLevel(_) => {}
        }
    }
}

impl Workspace {
    /// Everything this version cannot use and keeps as it is, for the user: the workspace's
    /// own kept parts, then each payload's and context's.
    pub fn unusable(&self) -> impl Iterator<Item = &Unusable> {
        self.kept
            .iter()
            .chain(self.payloads.iter().flat_map(|p| p.kept.iter()))
            .chain(self.contexts.iter().flat_map(|c| c.kept.iter()))
    }
}

/// The file's content as JSON: one key order, templates as strings, kept parts written back.
pub fn to_json(ws: &Workspace) -> Json {
    let payloads: Vec<Json> = ws
        .payloads
        .iter()
        .map(|p| {
            let headers: Vec<Json> = p
                .headers
                .iter()
                .filter(|(k, _)| !CREDENTIAL_HEADERS.contains(&k.to_ascii_lowercase().as_str()))
                .map(|(k, v)| json!({"name": k, "value": v}))
                .collect();
            let mut object = Map::new();
            object.insert("name".into(), json!(p.name));
            object.insert("direction".into(), json!(p.direction));
            object.insert("method".into(), json!(p.method));
            object.insert("url".into(), json!(p.url));
            object.insert("headers".into(), Json::Array(headers));
            object.insert("lint_target".into(), json!(p.target.map(Target::name)));
            object.insert("body".into(), json!(p.body));
            restore(&mut object, &p.kept);
            Json::Object(object)
        })
        .collect();
    let contexts: Vec<Json> = ws
        .contexts
        .iter()
        .map(|c| {
            let mut object = Map::new();
            object.insert("name".into(), json!(c.name));
            object.insert("context".into(), c.context.clone());
            restore(&mut object, &c.kept);
            Json::Object(object)
        })
        .collect();
    let mut root = Map::new();
    root.insert("zenbraze_workspace".into(), json!(FORMAT));
    root.insert("payloads".into(), Json::Array(payloads));
    root.insert("users".into(), Json::Array(ws.users.clone()));
    root.insert("tickets".into(), Json::Array(ws.tickets.clone()));
    root.insert("contexts".into(), Json::Array(contexts));
    for k in &ws.kept {
        match &k.place {
            KeptPlace::Entry(section) => {
                if let Some(Json::Array(items)) = root.get_mut(*section) {
                    items.push(k.raw.clone());
                }
            }
            KeptPlace::TopLevel(key) => {
                root.insert(key.clone(), k.raw.clone());
            }
            KeptPlace::Key { .. } | KeptPlace::Header => {}
        }
    }
    Json::Object(root)
}

/// The file's text: pretty JSON, one key order, templates as strings.
pub fn to_string(ws: &Workspace) -> String {
    text_of(&to_json(ws))
}

/// Pretty JSON and a final newline, as the file is written.
pub fn text_of(json: &Json) -> String {
    let mut s = serde_json::to_string_pretty(json).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 24 §8: a file that is not a workspace says what it holds instead.
    #[test]
    fn a_file_that_is_not_a_workspace_says_what_it_holds() {
        let said = |text: &str| parse(text).unwrap_err().to_string();
        assert_eq!(
            said(r#"{"zenbraze_workspace": "1"}"#),
            "not a zenbraze workspace (line 1, column 1: `zenbraze_workspace` must be a whole number (the format, such as 1), found a string)"
        );
        assert_eq!(
            said("[1]"),
            "not a zenbraze workspace (line 1, column 1: the file is not a JSON object: it holds an array)"
        );
        assert_eq!(
            said("{\"zenbraze_workspace\": 1,"),
            "not a zenbraze workspace (line 1, column 25: the text ends before the JSON does)"
        );
    }

    #[test]
    fn the_default_workspace_round_trips() {
        let ws = Workspace::default();
        assert_eq!(ws.payloads.len(), 3);
        assert_eq!(ws.users.len(), 5);
        let text = to_string(&ws);
        let (back, warnings) = parse(&text).unwrap();
        assert_eq!(back, ws);
        assert!(warnings.is_empty(), "{warnings:?}");
        // Git-friendly: the same workspace gives the same bytes.
        assert_eq!(to_string(&back), text);
    }

    #[test]
    fn credentials_never_enter_or_leave_a_workspace() {
        let mut ws = Workspace::default();
        ws.payloads[0]
            .headers
            .push(("Authorization".into(), "Basic c2VjcmV0".into()));
        let text = to_string(&ws);
        assert!(!text.contains("c2VjcmV0"));
        let pasted = text.replace(
            "\"headers\": [",
            "\"headers\": [{\"name\": \"X-Api-Key\", \"value\": \"k-123\"},",
        );
        let (back, warnings) = parse(&pasted).unwrap();
        assert!(
            back.payloads
                .iter()
                .all(|p| p.headers.iter().all(|(k, _)| k != "X-Api-Key"))
        );
        assert!(
            warnings[0]
                .to_string()
                .contains("header `X-Api-Key` dropped"),
            "{warnings:?}"
        );
    }

    /// Issue 16: what this version cannot use is kept as it was read, listed with its reason,
    /// and written back, however many times the workspace is saved.
    #[test]
    fn unusable_parts_are_kept_verbatim_and_listed_and_bad_files_are_errors() {
        let text = r#"{"zenbraze_workspace": 1,
            "payloads": [7, {"name": "x", "direction": "sideways", "lint_target": "fax", "body": "{}",
                             "headers": [{"name": "A", "value": "1"}, {"name": 5}], "schedule": {"every": "1h"}}],
            "users": [{"external_id": "a"}, "b"],
            "tickets": [{"ticket": {"id": 1}}, [1, 2]],
            "contexts": [{"name": "c"}, {"name": "d", "context": {}, "locale": "es"}],
            "snippets": ["from a newer zenbraze"]}"#;
        let (ws, warnings) = parse(text).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(ws.payloads.len(), 1);
        assert_eq!(ws.payloads[0].direction, Direction::BrazeToZendesk);
        assert_eq!(ws.payloads[0].target, None);
        assert_eq!(ws.payloads[0].headers, [("A".to_owned(), "1".to_owned())]);
        assert_eq!(
            (ws.users.len(), ws.tickets.len(), ws.contexts.len()),
            (1, 1, 1)
        );
        let ids: Vec<&str> = ws.unusable().map(|u| u.reason.id()).collect();
        assert_eq!(
            ids,
            [
                "files-unknown-key",
                "files-payload-unusable",
                "files-user-unusable",
                "files-ticket-unusable",
                "files-context-unusable",
                "files-payload-direction",
                "files-payload-target",
                "files-payload-header",
                "files-payload-unknown",
                "files-context-unknown",
            ]
        );
        let shown: Vec<String> = ws.unusable().map(|u| u.reason.to_string()).collect();
        assert!(shown[0].contains("snippets"), "{}", shown[0]);
        assert!(
            shown[5].contains("sideways") && shown[5].contains("kept as it is"),
            "{}",
            shown[5]
        );
        assert!(shown[6].contains("fax"), "{}", shown[6]);

        // Every part of the original is in every later save.
        let original: Json = serde_json::from_str(text).unwrap();
        // Kept entries go after the usable ones of their list, so the first save may move them
        // (and the index they are named by); after that a save changes nothing.
        let (first, _) = parse(&to_string(&ws)).unwrap();
        assert_eq!(first.unusable().count(), ws.unusable().count());
        let mut current = ws.clone();
        for _ in 0..3 {
            let saved: Json = serde_json::from_str(&to_string(&current)).unwrap();
            assert_eq!(saved["snippets"], original["snippets"]);
            assert_eq!(saved["payloads"][0]["direction"], "sideways");
            assert_eq!(saved["payloads"][0]["lint_target"], "fax");
            assert_eq!(
                saved["payloads"][0]["schedule"],
                original["payloads"][1]["schedule"]
            );
            assert_eq!(
                saved["payloads"][0]["headers"],
                original["payloads"][1]["headers"]
            );
            assert_eq!(saved["payloads"][1], 7);
            assert_eq!(saved["users"], original["users"]);
            assert_eq!(saved["tickets"], original["tickets"]);
            assert_eq!(saved["contexts"][0]["locale"], "es");
            assert_eq!(saved["contexts"][1], original["contexts"][0]);
            (current, _) = parse(&to_string(&current)).unwrap();
            assert_eq!(current, first);
        }

        // A value the user sets takes the kept one's place.
        current.payloads[0].direction = Direction::ZendeskToBraze;
        current.payloads[0].target = Some(Target::ZendeskTicket);
        let saved: Json = serde_json::from_str(&to_string(&current)).unwrap();
        assert_eq!(saved["payloads"][0]["direction"], "zendesk_to_braze");
        assert_eq!(saved["payloads"][0]["lint_target"], "zendesk-ticket");

        assert_eq!(
            parse("{\"zenbraze_workspace\": 1,\n \"payloads\": [").unwrap_err(),
            WorkspaceError::Corrupt {
                line: 2,
                column: 14,
                message: msg!("json-text-ends-early")
            }
        );
        assert!(matches!(parse("[]"), Err(WorkspaceError::Corrupt { .. })));
        assert!(matches!(parse("{}"), Err(WorkspaceError::Corrupt { .. })));
    }

    /// A newer zenbraze's file opens as far as this version understands it, and is written back
    /// with its format number and everything this version does not know.
    #[test]
    fn a_newer_file_opens_and_keeps_its_format_and_what_is_new() {
        let text = r#"{"zenbraze_workspace": 2,
            "payloads": [{"name": "p", "direction": "braze_to_zendesk", "body": "{}", "transport": "grpc"}],
            "users": [], "tickets": [], "contexts": [],
            "folders": [{"name": "Campaigns", "payloads": ["p"]}]}"#;
        let (ws, _) = parse(text).unwrap();
        assert_eq!(ws.payloads[0].name, "p");
        let first = ws.unusable().next().unwrap();
        assert_eq!(first.reason.id(), "files-workspace-newer");
        assert!(
            first.reason.to_string().contains("format 2"),
            "{}",
            first.reason
        );
        let original: Json = serde_json::from_str(text).unwrap();
        let mut current = ws;
        for _ in 0..3 {
            let saved: Json = serde_json::from_str(&to_string(&current)).unwrap();
            assert_eq!(saved["zenbraze_workspace"], 2);
            assert_eq!(saved["folders"], original["folders"]);
            assert_eq!(saved["payloads"][0]["transport"], "grpc");
            (current, _) = parse(&to_string(&current)).unwrap();
        }
    }
}
