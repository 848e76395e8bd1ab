//! Sample users: the Braze user objects previews render for. They come as JSON (an array, a
//! `/users/export/ids` answer, JSON Lines) or as CSV (see [`csv`]).

pub mod csv;

use serde_json::Value as Json;

use crate::i18n::{Localize, Message};
use crate::msg;

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
pub struct ImportError {
    /// Line and column, when the problem has a place.
    pub position: Option<(usize, usize)>,
    pub problem: Message,
}

impl Localize for ImportError {
    fn message(&self) -> Message {
        match self.position {
            Some((line, column)) => msg!(
                "users-at",
                line = line,
                column = column,
                problem = self.problem.clone()
            ),
            None => self.problem.clone(),
        }
    }
}
crate::display_via_message!(ImportError);

fn error(position: Option<(usize, usize)>, problem: Message) -> ImportError {
    ImportError { position, problem }
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
                    msg!("users-field-not-array", kind = json_type(&other)),
                ));
            }
            None => Vec::new(),
        },
        Ok(Json::Object(obj)) => vec![Json::Object(obj)],
        Ok(other) => {
            return Err(error(
                None,
                msg!("users-not-array", kind = json_type(&other)),
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
                            msg!(
                                "users-invalid-json",
                                reason = crate::i18n::json_text::problem(&whole.to_string())
                            ),
                        )
                    } else {
                        error(
                            Some((i + 1, e.column())),
                            msg!(
                                "users-invalid-json-lines",
                                reason = crate::i18n::json_text::problem(&e.to_string())
                            ),
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
                msg!(
                    "users-user-not-object",
                    number = i + 1,
                    kind = json_type(user)
                ),
            ));
        }
    }
    Ok(users)
}

/// A JSON value's kind, for messages ("an array", "una matriz").
pub use crate::i18n::json_text::kind as json_type;

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
