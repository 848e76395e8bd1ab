//! The workspace: one document with the payload templates, sample users, sample tickets and
//! render contexts a person works on. Plain JSON (readable, git-friendly), read by a pure
//! [`parse`] that reports what it could not use and written by [`to_string`]. Secrets are never
//! part of it: credentials come from the connection profile.

pub mod document;
pub mod file;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json, json};

use crate::i18n::{Localize, Message};
use crate::lint::Target;
use crate::msg;

/// The format this build writes; newer files open in recovery instead of being rewritten.
pub const FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq)]
pub struct Workspace {
    pub payloads: Vec<Payload>,
    /// Braze user objects, as `/users/export/ids` returns them.
    pub users: Vec<Json>,
    /// Sample tickets for the zendesk dialect: `{"ticket": {...}, "users": [...]}`.
    pub tickets: Vec<Json>,
    pub contexts: Vec<NamedContext>,
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
}

/// A render context (event properties, Canvas entry properties, mocks) with a name.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedContext {
    pub name: String,
    pub context: Json,
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
    Newer {
        found: u64,
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
            WorkspaceError::Newer { found } => {
                msg!("workspace-newer", found = *found, format = FORMAT)
            }
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
            }],
        }
    }
}

fn text(o: &Map<String, Json>, key: &str) -> Option<String> {
    o.get(key).and_then(Json::as_str).map(str::to_owned)
}

/// Reads a workspace. What cannot be used is skipped and named in the warnings; a file that is
/// not a workspace, or is newer, is an error (and the caller must not overwrite it).
pub fn parse(source: &str) -> Result<(Workspace, Vec<Message>), WorkspaceError> {
    let json: Json = serde_json::from_str(source).map_err(|e| WorkspaceError::Corrupt {
        line: e.line(),
        column: e.column(),
        message: msg!(
            "workspace-json-error",
            reason = e.to_string().split(" at line ").next().unwrap_or_default()
        ),
    })?;
    let corrupt = |message: Message| WorkspaceError::Corrupt {
        line: 1,
        column: 1,
        message,
    };
    let root = json
        .as_object()
        .ok_or_else(|| corrupt(msg!("workspace-not-object")))?;
    let format = root
        .get("zenbraze_workspace")
        .and_then(Json::as_u64)
        .ok_or_else(|| corrupt(msg!("workspace-no-format")))?;
    if format > u64::from(FORMAT) {
        return Err(WorkspaceError::Newer { found: format });
    }
    let mut warnings = Vec::new();
    let list = |key: &str| -> Vec<Json> {
        root.get(key)
            .and_then(Json::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let mut payloads = Vec::new();
    for (i, p) in list("payloads").iter().enumerate() {
        let Some(o) = p.as_object() else {
            warnings.push(msg!("workspace-payload-not-object", number = i + 1));
            continue;
        };
        let name = text(o, "name").unwrap_or_else(|| format!("#{}", i + 1));
        let direction = match o.get("direction").cloned().map(serde_json::from_value) {
            Some(Ok(d)) => d,
            _ => {
                warnings.push(msg!("workspace-payload-direction", name = &name));
                Direction::BrazeToZendesk
            }
        };
        let target = match text(o, "lint_target") {
            None => None,
            Some(t) => match t.parse::<Target>() {
                Ok(t) => Some(t),
                Err(e) => {
                    warnings.push(msg!(
                        "workspace-payload-target",
                        name = &name,
                        reason = e.message()
                    ));
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
                warnings.push(msg!("workspace-payload-header", name = &name));
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
        payloads.push(Payload {
            name,
            direction,
            method: text(o, "method").unwrap_or_else(|| "POST".into()),
            url: text(o, "url").unwrap_or_default(),
            headers,
            body: text(o, "body").unwrap_or_default(),
            target,
        });
    }
    let mut users = Vec::new();
    for (i, u) in list("users").into_iter().enumerate() {
        if u.is_object() {
            users.push(u);
        } else {
            warnings.push(msg!("workspace-user-not-object", number = i + 1));
        }
    }
    let tickets: Vec<Json> = list("tickets")
        .into_iter()
        .filter(Json::is_object)
        .collect();
    let mut contexts = Vec::new();
    for (i, c) in list("contexts").iter().enumerate() {
        match (c.get("name").and_then(Json::as_str), c.get("context")) {
            (Some(name), Some(context)) if context.is_object() => contexts.push(NamedContext {
                name: name.to_owned(),
                context: context.clone(),
            }),
            _ => warnings.push(msg!("workspace-context-invalid", number = i + 1)),
        }
    }
    Ok((
        Workspace {
            payloads,
            users,
            tickets,
            contexts,
        },
        warnings,
    ))
}

/// The file's text: pretty JSON, one key order, templates as strings.
pub fn to_string(ws: &Workspace) -> String {
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
            json!({
                "name": p.name,
                "direction": p.direction,
                "method": p.method,
                "url": p.url,
                "headers": headers,
                "lint_target": p.target.map(Target::name),
                "body": p.body,
            })
        })
        .collect();
    let contexts: Vec<Json> = ws
        .contexts
        .iter()
        .map(|c| json!({"name": c.name, "context": c.context}))
        .collect();
    let doc = json!({
        "zenbraze_workspace": FORMAT,
        "payloads": payloads,
        "users": ws.users,
        "tickets": ws.tickets,
        "contexts": contexts,
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let warnings: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        assert!(
            back.payloads
                .iter()
                .all(|p| p.headers.iter().all(|(k, _)| k != "X-Api-Key"))
        );
        assert!(
            warnings[0].contains("header `X-Api-Key` dropped"),
            "{warnings:?}"
        );
    }

    #[test]
    fn bad_parts_are_skipped_with_warnings_and_bad_files_are_errors() {
        let text = r#"{"zenbraze_workspace": 1,
            "payloads": [7, {"name": "x", "direction": "sideways", "lint_target": "fax", "body": "{}"}],
            "users": [{"external_id": "a"}, "b"],
            "contexts": [{"name": "c"}]}"#;
        let (ws, warnings) = parse(text).unwrap();
        let warnings: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        assert_eq!(ws.payloads.len(), 1);
        assert_eq!(ws.payloads[0].target, None);
        assert_eq!(ws.users.len(), 1);
        assert_eq!(warnings.len(), 5, "{warnings:#?}");
        assert!(warnings[0].starts_with("payload 1: not an object"));
        assert!(warnings[1].contains("direction must be"));
        assert!(warnings[2].contains("`fax`"), "{}", warnings[2]);
        assert_eq!(
            parse("{\"zenbraze_workspace\": 1,\n \"payloads\": [").unwrap_err(),
            WorkspaceError::Corrupt {
                line: 2,
                column: 14,
                message: msg!("workspace-json-error", reason = "EOF while parsing a list")
            }
        );
        assert_eq!(
            parse("{\"zenbraze_workspace\": 9}").unwrap_err(),
            WorkspaceError::Newer { found: 9 }
        );
        assert!(matches!(parse("[]"), Err(WorkspaceError::Corrupt { .. })));
        assert!(matches!(parse("{}"), Err(WorkspaceError::Corrupt { .. })));
    }
}
