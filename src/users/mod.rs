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
/// A long array or JSON Lines file is parsed on every core (see [`parse_json_on`]).
pub fn parse_json(text: &str) -> Result<Vec<Json>, ImportError> {
    parse_json_on(text, crate::parallel::threads(None))
}

/// [`parse_json`] on `threads` threads: the users of an array or of JSON Lines are found by a
/// scan of the text's structure and each is parsed on its own, in parallel. Whatever that scan
/// or those parses do not accept (another shape, a syntax error, a nesting deep enough to
/// matter) is read again the one-thread way, so the users and every error are the same.
pub fn parse_json_on(text: &str, threads: usize) -> Result<Vec<Json>, ImportError> {
    // Below a few hundred users, the threads cost more than they save.
    if threads > 1 && text.len() > 64 * 1024 {
        let parts = array_elements(text).or_else(|| json_lines(text));
        if let Some(parts) = parts {
            let parsed = crate::parallel::map(&parts, threads, |_, part| {
                serde_json::from_str::<Json>(part)
                    .ok()
                    .filter(Json::is_object)
            });
            if parsed.iter().all(Option::is_some) {
                return Ok(parsed.into_iter().flatten().collect());
            }
        }
    }
    parse_json_sequential(text)
}

/// The texts of the users of a long JSON array or JSON Lines file, found by the same scan
/// [`parse_json_on`] uses, for a caller that parses each user on its own as it goes (and reads
/// the whole file with [`parse_json_on`] when one of them does not parse as an object). `None`
/// for a short text or another shape.
pub fn json_user_texts(text: &str) -> Option<Vec<&str>> {
    if text.len() <= 64 * 1024 {
        return None;
    }
    array_elements(text)
        .or_else(|| json_lines(text))
        .filter(|parts| !parts.is_empty())
}

/// JSON's whitespace.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

fn skip_space(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).copied().is_some_and(is_space) {
        i += 1;
    }
    i
}

/// Nesting below which an element parses alone exactly as inside the array (serde_json's
/// limit is 128 levels for the whole text).
const SCAN_DEPTH: usize = 64;

/// The end of the object that starts at `start` (a `{`): brackets counted outside strings.
/// None when it does not close, or nests deeper than [`SCAN_DEPTH`].
fn object_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                loop {
                    match bytes.get(i)? {
                        b'"' => break,
                        b'\\' => i += 2,
                        _ => i += 1,
                    }
                }
            }
            b'{' | b'[' => {
                depth += 1;
                if depth > SCAN_DEPTH {
                    return None;
                }
            }
            b'}' | b']' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The texts of the objects of a top-level array, when the text is one (`[ {…}, {…} ]`).
/// The objects' insides are not checked here: each is parsed afterwards.
fn array_elements(text: &str) -> Option<Vec<&str>> {
    let bytes = text.as_bytes();
    let mut i = skip_space(bytes, 0);
    if bytes.get(i) != Some(&b'[') {
        return None;
    }
    i = skip_space(bytes, i + 1);
    let mut parts = Vec::new();
    if bytes.get(i) == Some(&b']') {
        i += 1;
    } else {
        loop {
            if bytes.get(i) != Some(&b'{') {
                return None;
            }
            let end = object_end(bytes, i)?;
            parts.push(text.get(i..end)?);
            i = skip_space(bytes, end);
            match bytes.get(i) {
                Some(b',') => i = skip_space(bytes, i + 1),
                Some(b']') => {
                    i += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    (skip_space(bytes, i) == bytes.len()).then_some(parts)
}

/// The non-blank lines of JSON Lines, when there are at least two objects (one object alone
/// is the whole text, which the one-thread path reads).
fn json_lines(text: &str) -> Option<Vec<&str>> {
    let parts: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let objects = parts.iter().all(|l| l.trim_start().starts_with('{'));
    (parts.len() > 1 && objects).then_some(parts)
}

fn parse_json_sequential(text: &str) -> Result<Vec<Json>, ImportError> {
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

    /// Many users, parsed on many threads: the same users, in order, as on one; and inputs
    /// the scan does not take (an error, another shape) give the one-thread answer.
    #[test]
    fn many_threads_read_the_users_of_one() {
        let mut array = String::from("[\n");
        let mut lines = String::new();
        for i in 0..3000 {
            let user = format!(
                "{{\"external_id\": \"u-{i}\", \"n\": {i}, \"s\": \"a \\\" }} ] {{ \\\\\", \"deep\": [[{{\"x\": [1, {{}}]}}]]}}"
            );
            array.push_str(&user);
            array.push_str(if i < 2999 { ",\n" } else { "\n]\n" });
            lines.push_str(&user);
            lines.push_str("\n\n");
        }
        let one = parse_json_on(&array, 1).unwrap();
        assert_eq!(one.len(), 3000);
        assert_eq!(one[2999]["external_id"], "u-2999");
        assert_eq!(one[7]["s"], "a \" } ] { \\");
        assert!(array_elements(&array).is_some_and(|p| p.len() == 3000));
        assert_eq!(parse_json_on(&array, 4).unwrap(), one);
        assert!(json_lines(&lines).is_some_and(|p| p.len() == 3000));
        assert_eq!(parse_json_on(&lines, 4).unwrap(), one);
        let wrapped = format!("{{\"users\": {array}, \"message\": \"success\"}}");
        assert_eq!(parse_json_on(&wrapped, 4).unwrap(), one);
        // Broken in the middle, a scalar among the users, a number past f64: the same errors.
        for broken in [
            array.replacen("\"u-1500\"", "\"u-1500", 1),
            array.replacen(
                "{\"external_id\": \"u-1500\"",
                "7, {\"external_id\": \"u-1500\"",
                1,
            ),
            array.replacen("\"n\": 1500", "\"n\": 1e999", 1),
            lines.replacen("\"n\": 1500", "\"n\": 1e999", 1),
            lines.replacen(
                "{\"external_id\": \"u-2000\"",
                "[{\"external_id\": \"u-2000\"",
                1,
            ),
        ] {
            let many = parse_json_on(&broken, 4).unwrap_err();
            assert_eq!(many, parse_json_on(&broken, 1).unwrap_err());
        }
    }
}
