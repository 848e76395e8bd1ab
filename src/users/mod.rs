//! Sample users: the Braze user objects previews render for. They come as JSON (an array, a
//! `/users/export/ids` answer, JSON Lines) or as CSV (see [`csv`]).

pub mod csv;

use serde_json::Value as Json;

/// Profile fields Braze exports at the top level; everything else is a custom attribute.
pub const STANDARD_ATTRIBUTES: &[&str] = &[
    "first_name",
    "last_name",
    "email",
    "phone",
    "dob",
    "country",
    "home_city",
    "language",
    "time_zone",
    "gender",
    "email_subscribe",
    "push_subscribe",
];

/// Why a users file cannot be read, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", position.map(|(l, c)| format!("{l}:{c}: ")).unwrap_or_default())]
pub struct ImportError {
    pub position: Option<(usize, usize)>,
    pub message: String,
}

fn error(position: Option<(usize, usize)>, message: String) -> ImportError {
    ImportError { position, message }
}

/// Users as a JSON array, an export response `{"users": [...]}`, one object, or JSON Lines.
pub fn parse_json(text: &str) -> Result<Vec<Json>, ImportError> {
    let users = match serde_json::from_str::<Json>(text) {
        Ok(Json::Array(users)) => users,
        Ok(Json::Object(mut obj)) if obj.contains_key("users") => match obj.remove("users") {
            Some(Json::Array(users)) => users,
            Some(other) => {
                return Err(error(
                    None,
                    format!("`users` must be an array, found {}", json_type(&other)),
                ));
            }
            None => Vec::new(),
        },
        Ok(Json::Object(obj)) => vec![Json::Object(obj)],
        Ok(other) => {
            return Err(error(
                None,
                format!("expected an array of users, found {}", json_type(&other)),
            ));
        }
        Err(whole) => {
            let mut users = Vec::new();
            for (i, line) in text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
            {
                let user = serde_json::from_str(line).map_err(|e| {
                    if i == 0 {
                        error(
                            Some((whole.line(), whole.column())),
                            format!("not valid JSON: {whole}"),
                        )
                    } else {
                        error(
                            Some((i + 1, e.column())),
                            format!("not valid JSON Lines: {e}"),
                        )
                    }
                })?;
                users.push(user);
            }
            users
        }
    };
    for (i, user) in users.iter().enumerate() {
        if !user.is_object() {
            return Err(error(
                None,
                format!(
                    "user {} must be a JSON object, found {}",
                    i + 1,
                    json_type(user)
                ),
            ));
        }
    }
    Ok(users)
}

/// A JSON value's kind, for messages.
pub fn json_type(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_json_shape_of_a_users_file_is_read() {
        assert_eq!(parse_json("[{\"a\":1},{\"b\":2}]").unwrap().len(), 2);
        assert_eq!(
            parse_json("{\"users\":[{\"a\":1}],\"message\":\"success\"}")
                .unwrap()
                .len(),
            1
        );
        assert_eq!(parse_json("{\"external_id\":\"u\"}").unwrap().len(), 1);
        assert_eq!(parse_json("{\"a\":1}\n\n{\"b\":2}\n").unwrap().len(), 2);
        let e = parse_json("{\"a\":1}\n{\"b\":\n").unwrap_err();
        assert_eq!(e.position.map(|p| p.0), Some(2));
        assert!(e.to_string().starts_with("2:"), "{e}");
        assert_eq!(
            parse_json("[1]").unwrap_err().to_string(),
            "user 1 must be a JSON object, found a number"
        );
    }
}
