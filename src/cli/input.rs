//! Reading the files the subcommands take, with errors that name the file and the place.

use std::io::Read;
use std::path::Path;

use serde_json::Value as Json;

use crate::template::{Environment, RenderContext};

pub use crate::users::json_type;

/// A usage or I/O problem, already worded for the user.
#[derive(Debug)]
pub struct UsageError(pub String);

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
                return Err(UsageError(format!(
                    "{}: globals must be a JSON object, found {}",
                    path.display(),
                    json_type(&other)
                )));
            }
        }
    }
    if let Some(now) = now {
        let now = chrono::DateTime::parse_from_rfc3339(now)
            .map_err(|e| UsageError(format!("--now `{now}` is not an RFC 3339 time ({e})")))?;
        env = env.with_now(now.with_timezone(&chrono::Utc));
    }
    if let Some(path) = context {
        let value = read_json(path)?;
        let context: RenderContext = serde_json::from_value(value)
            .map_err(|e| UsageError(format!("{}: not a render context: {e}", path.display())))?;
        env = env
            .with_context(&context)
            .map_err(|e| UsageError(format!("{}: {e}", path.display())))?;
    }
    Ok(env)
}

pub fn read_text(path: &Path) -> Result<String, UsageError> {
    let bytes = if path == Path::new("-") {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| UsageError(format!("cannot read standard input: {e}")))?;
        buf
    } else {
        std::fs::read(path)
            .map_err(|e| UsageError(format!("cannot read {}: {e}", path.display())))?
    };
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        UsageError(format!(
            "{}: not UTF-8 text (invalid byte at offset {at})",
            path.display()
        ))
    })
}

pub fn read_json(path: &Path) -> Result<Json, UsageError> {
    let text = read_text(path)?;
    serde_json::from_str(&text).map_err(|e| {
        UsageError(format!(
            "{}:{}:{}: not valid JSON: {e}",
            path.display(),
            e.line(),
            e.column()
        ))
    })
}

/// Users as a JSON array, an export response `{"users": [...]}`, or JSON Lines.
pub fn parse_users(text: &str, name: &str) -> Result<Vec<Json>, UsageError> {
    crate::users::parse_json(text).map_err(|e| match e.position {
        Some((line, column)) => UsageError(format!("{name}:{line}:{column}: {}", e.message)),
        None => UsageError(format!("{name}: {}", e.message)),
    })
}

pub fn read_users(path: &Path) -> Result<Vec<Json>, UsageError> {
    parse_users(&read_text(path)?, &path.display().to_string())
}
