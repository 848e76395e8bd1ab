//! Reading the files the subcommands take, with errors that name the file, the field and what
//! was expected. Every input is read up to [`MAX_INPUT_BYTES`]: `zenbraze render /dev/zero`
//! stops there with an error instead of filling the memory.

use std::io::Read;
use std::path::Path;

use serde_json::Value as Json;

use crate::i18n::{Localize, Message};
use crate::msg;
use crate::template::{Environment, RenderContext};

pub use crate::users::json_type;

/// The largest file (or standard input) a subcommand reads: 64 MiB, far beyond any template,
/// user list or ticket Braze or Zendesk would accept.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// A usage or input problem, for the user.
#[derive(Debug, Clone, PartialEq)]
pub struct UsageError(pub Message);

impl From<Message> for UsageError {
    fn from(m: Message) -> Self {
        UsageError(m)
    }
}

impl Localize for UsageError {
    fn message(&self) -> Message {
        self.0.clone()
    }
}
crate::display_via_message!(UsageError);

/// How a path is named in messages (`-` is standard input).
pub(super) fn shown(path: &Path) -> String {
    if path == Path::new("-") {
        crate::cli::text(msg!("cli-stdin"))
    } else {
        path.display().to_string()
    }
}

/// The shared render context from `--globals`, `--now` and `--context`.
pub fn environment(
    globals: Option<&Path>,
    now: Option<&str>,
    context: Option<&Path>,
) -> Result<Environment, UsageError> {
    let mut env = Environment::new();
    if let Some(path) = globals {
        match read_json(path)? {
            Json::Object(map) => env = env.with_globals(&map),
            other => {
                return Err(UsageError(msg!(
                    "cli-globals-not-object",
                    path = shown(path),
                    kind = json_type(&other)
                )));
            }
        }
    }
    if let Some(now) = now {
        let now = chrono::DateTime::parse_from_rfc3339(now).map_err(|e| {
            UsageError(msg!("cli-now-invalid", value = now, reason = e.to_string()))
        })?;
        env = env.with_now(now.with_timezone(&chrono::Utc));
    }
    if let Some(path) = context {
        let value = read_json(path)?;
        let context = RenderContext::read(&value).map_err(|e| {
            UsageError(msg!(
                "cli-context-invalid",
                path = shown(path),
                reason = e.message()
            ))
        })?;
        env = env.with_context(&context).map_err(|e| {
            UsageError(msg!(
                "cli-context-invalid",
                path = shown(path),
                reason = e.message()
            ))
        })?;
    }
    Ok(env)
}

/// The bytes of a file or of standard input (`-`), at most [`MAX_INPUT_BYTES`].
fn read_bytes(path: &Path) -> Result<Vec<u8>, UsageError> {
    let limit = MAX_INPUT_BYTES + 1;
    let mut buf = Vec::new();
    let read = if path == Path::new("-") {
        std::io::stdin().take(limit).read_to_end(&mut buf)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(limit).read_to_end(&mut buf))
    };
    read.map_err(|e| {
        UsageError(msg!(
            "cli-cannot-read",
            path = shown(path),
            reason = e.to_string()
        ))
    })?;
    if buf.len() as u64 > MAX_INPUT_BYTES {
        return Err(UsageError(msg!(
            "cli-input-too-large",
            path = shown(path),
            limit = MAX_INPUT_BYTES / (1024 * 1024)
        )));
    }
    Ok(buf)
}

pub fn read_text(path: &Path) -> Result<String, UsageError> {
    let bytes = read_bytes(path)?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        UsageError(msg!("cli-not-utf8", path = shown(path), offset = at))
    })
}

/// A JSON file. A byte order mark is named rather than reported as a syntax error.
pub fn read_json(path: &Path) -> Result<Json, UsageError> {
    let text = read_text(path)?;
    parse_json(&text, &shown(path))
}

fn parse_json(text: &str, name: &str) -> Result<Json, UsageError> {
    if text.starts_with('\u{feff}') {
        return Err(UsageError(msg!("cli-bom", path = name)));
    }
    if text.trim().is_empty() {
        return Err(UsageError(msg!("cli-json-empty", path = name)));
    }
    serde_json::from_str(text).map_err(|e| {
        UsageError(msg!(
            "cli-json-invalid",
            path = name,
            line = e.line(),
            column = e.column(),
            reason = e.to_string()
        ))
    })
}

/// One sample user: a JSON object.
pub fn read_user(path: &Path) -> Result<Json, UsageError> {
    match read_json(path)? {
        user @ Json::Object(_) => Ok(user),
        other => Err(UsageError(msg!(
            "cli-user-not-object",
            path = shown(path),
            kind = json_type(&other)
        ))),
    }
}

/// A sample ticket for the zendesk dialect: `{"ticket": {...}, "users": [...]}`.
pub fn read_ticket(path: &Path) -> Result<Json, UsageError> {
    let value = read_json(path)?;
    check_ticket(&value, &shown(path)).map_err(UsageError)?;
    Ok(value)
}

/// What is wrong with the shape of the sample ticket in file `path`.
fn check_ticket(value: &Json, path: &str) -> Result<(), Message> {
    let Some(root) = value.as_object() else {
        return Err(msg!(
            "cli-ticket-not-object",
            path = path,
            kind = json_type(value)
        ));
    };
    match root.get("ticket") {
        Some(Json::Object(_)) => {}
        Some(other) => {
            return Err(msg!(
                "cli-ticket-field",
                path = path,
                field = "ticket",
                kind = json_type(other)
            ));
        }
        None => return Err(msg!("cli-ticket-missing", path = path)),
    }
    match root.get("users") {
        None | Some(Json::Array(_)) => Ok(()),
        Some(other) => Err(msg!(
            "cli-ticket-users-field",
            path = path,
            field = "users",
            kind = json_type(other)
        )),
    }
}

/// Users as a JSON array, an export response `{"users": [...]}`, or JSON Lines; at least one.
pub fn parse_users(text: &str, name: &str) -> Result<Vec<Json>, UsageError> {
    parse_users_on(text, name, crate::parallel::threads(None))
}

/// [`parse_users`], a long list parsed on `threads` threads.
pub fn parse_users_on(text: &str, name: &str, threads: usize) -> Result<Vec<Json>, UsageError> {
    if text.starts_with('\u{feff}') {
        return Err(UsageError(msg!("cli-bom", path = name)));
    }
    if text.trim().is_empty() {
        return Err(UsageError(msg!("cli-users-empty", path = name)));
    }
    let users = crate::users::parse_json_on(text, threads).map_err(|e| {
        UsageError(match e.position {
            Some((line, column)) => msg!(
                "cli-at-position",
                path = name,
                line = line,
                column = column,
                problem = e.message()
            ),
            None => msg!("cli-in-file", path = name, problem = e.message()),
        })
    })?;
    if users.is_empty() {
        return Err(UsageError(msg!("cli-users-none", path = name)));
    }
    Ok(users)
}

/// The users of a file, a long list parsed on `threads` threads.
pub fn read_users(path: &Path, threads: usize) -> Result<Vec<Json>, UsageError> {
    parse_users_on(&read_text(path)?, &shown(path), threads)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english(e: UsageError) -> String {
        e.to_string()
    }

    #[test]
    fn a_bom_is_named() {
        let e =
            english(parse_users("\u{feff}[{\"external_id\": \"a\"}]", "users.json").unwrap_err());
        assert!(
            e.starts_with("users.json:") && e.contains("byte order mark"),
            "{e}"
        );
        let e = english(parse_json("\u{feff}{}", "ticket.json").unwrap_err());
        assert!(e.contains("byte order mark"), "{e}");
    }

    #[test]
    fn empty_user_files_are_errors() {
        for text in ["", "  \n", "[]", "{\"users\": []}"] {
            let e = english(parse_users(text, "users.json").unwrap_err());
            assert!(
                e.starts_with("users.json:") && e.contains("no users"),
                "{text:?}: {e}"
            );
        }
        assert_eq!(parse_users("[{\"a\": 1}]", "u").unwrap().len(), 1);
    }

    #[test]
    fn ticket_shapes_name_the_field_and_what_was_expected() {
        let e = check_ticket(&serde_json::json!([]), "t.json")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("found an array") && e.contains("{\"ticket\""),
            "{e}"
        );
        let e = check_ticket(&serde_json::json!({"ticket": 5}), "t.json")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("`ticket`") && e.contains("found a number"),
            "{e}"
        );
        let e = check_ticket(&serde_json::json!({"subject": "x"}), "t.json")
            .unwrap_err()
            .to_string();
        assert!(e.contains("no `ticket`"), "{e}");
        let e = check_ticket(&serde_json::json!({"ticket": {}, "users": {}}), "t.json")
            .unwrap_err()
            .to_string();
        assert!(e.contains("`users`") && e.contains("an object"), "{e}");
        assert!(
            check_ticket(
                &serde_json::json!({"ticket": {"id": 1}, "users": []}),
                "t.json"
            )
            .is_ok()
        );
    }
}
