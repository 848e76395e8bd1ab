//! Pasted secrets are cleaned the same way everywhere: trimmed, unquoted (Braze answers 401 to a
//! quoted key), stripped of a pasted `Bearer ` prefix, and refused when they cannot be a token.

use super::Secret;

/// A cleaned secret and what was done to it.
#[derive(Debug, PartialEq)]
pub struct Cleaned {
    pub secret: Secret,
    pub warnings: Vec<String>,
}

/// Cleans a pasted API token or REST key; `what` names it in messages.
pub fn clean_secret(raw: &str, what: &str) -> Result<Cleaned, String> {
    let mut warnings = Vec::new();
    let mut value = raw.trim();
    if value.is_empty() {
        return Err(format!("the {what} is empty"));
    }
    for (open, close) in [('"', '"'), ('\'', '\''), ('`', '`'), ('“', '”'), ('‘', '’')] {
        if value.len() >= 2 && value.starts_with(open) && value.ends_with(close) {
            value = value[open.len_utf8()..value.len() - close.len_utf8()].trim();
            warnings.push(format!(
                "removed the quotes around the {what} (Braze and Zendesk answer 401 to a quoted key)"
            ));
            break;
        }
    }
    if let Some(rest) = value.strip_prefix("Bearer ") {
        value = rest.trim();
        warnings.push(format!("removed the `Bearer ` prefix from the {what}"));
    }
    if value.is_empty() {
        return Err(format!("the {what} is empty"));
    }
    if let Some(c) = value.chars().find(|c| c.is_whitespace() || c.is_control()) {
        let kind = if c == '\n' || c == '\r' {
            "a line break"
        } else if c.is_whitespace() {
            "a space"
        } else {
            "a control character"
        };
        return Err(format!(
            "the {what} contains {kind}: paste only the {what}, on one line"
        ));
    }
    if value.contains('"') || value.contains('\'') {
        return Err(format!(
            "the {what} contains a quote character: paste it without quotes"
        ));
    }
    Ok(Cleaned {
        secret: Secret::new(value),
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_trimmed_and_unquoted_with_a_warning() {
        let c = clean_secret("  abc123\n", "Braze REST API key").unwrap();
        assert_eq!(c.secret.expose(), "abc123");
        assert!(c.warnings.is_empty());
        let c = clean_secret("\"abc123\"", "Braze REST API key").unwrap();
        assert_eq!(c.secret.expose(), "abc123");
        assert_eq!(
            c.warnings,
            [
                "removed the quotes around the Braze REST API key (Braze and Zendesk answer 401 to a quoted key)"
            ]
        );
        let c = clean_secret("'abc123'", "key").unwrap();
        assert_eq!(c.secret.expose(), "abc123");
        let c = clean_secret("Bearer abc123", "key").unwrap();
        assert_eq!(c.secret.expose(), "abc123");
        assert_eq!(c.warnings, ["removed the `Bearer ` prefix from the key"]);
    }

    #[test]
    fn what_cannot_be_a_token_is_refused_with_the_reason() {
        assert_eq!(
            clean_secret(" \n", "Zendesk API token").unwrap_err(),
            "the Zendesk API token is empty"
        );
        assert_eq!(clean_secret("\"\"", "key").unwrap_err(), "the key is empty");
        assert_eq!(
            clean_secret("abc def", "key").unwrap_err(),
            "the key contains a space: paste only the key, on one line"
        );
        assert_eq!(
            clean_secret("abc\ndef", "key").unwrap_err(),
            "the key contains a line break: paste only the key, on one line"
        );
        assert_eq!(
            clean_secret("abc\"def", "key").unwrap_err(),
            "the key contains a quote character: paste it without quotes"
        );
    }
}
