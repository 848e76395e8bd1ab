//! Pasted secrets are cleaned the same way everywhere: trimmed, unquoted (Braze answers 401 to a
//! quoted key), stripped of a pasted `Bearer ` prefix, and refused when they cannot be a token.

use super::{Secret, Service};
use crate::i18n::{Localize, Message};
use crate::msg;

/// A cleaned secret and what was done to it.
#[derive(Debug, PartialEq)]
pub struct Cleaned {
    pub secret: Secret,
    pub warnings: Vec<Message>,
}

/// Why a pasted value cannot be the secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretProblem {
    Empty(Service),
    /// A space, a line break or a control character inside.
    Contains(Service, &'static str),
    Quote(Service),
}

impl Localize for SecretProblem {
    fn message(&self) -> Message {
        match *self {
            SecretProblem::Empty(s) => msg!("secrets-empty", service = s.name()),
            SecretProblem::Contains(s, what) => {
                msg!("secrets-contains", service = s.name(), what = what)
            }
            SecretProblem::Quote(s) => msg!("secrets-quote", service = s.name()),
        }
    }
}
crate::display_via_message!(SecretProblem);

/// Cleans a pasted API token or REST key for `service`.
pub fn clean_secret(raw: &str, service: Service) -> Result<Cleaned, SecretProblem> {
    let mut warnings = Vec::new();
    let mut value = raw.trim();
    if value.is_empty() {
        return Err(SecretProblem::Empty(service));
    }
    for (open, close) in [('"', '"'), ('\'', '\''), ('`', '`'), ('“', '”'), ('‘', '’')] {
        if value.len() >= 2 && value.starts_with(open) && value.ends_with(close) {
            value = value[open.len_utf8()..value.len() - close.len_utf8()].trim();
            warnings.push(msg!("secrets-unquoted", service = service.name()));
            break;
        }
    }
    if let Some(rest) = value.strip_prefix("Bearer ") {
        value = rest.trim();
        warnings.push(msg!("secrets-bearer-removed", service = service.name()));
    }
    if value.is_empty() {
        return Err(SecretProblem::Empty(service));
    }
    if let Some(c) = value.chars().find(|c| c.is_whitespace() || c.is_control()) {
        let kind = if c == '\n' || c == '\r' {
            "line-break"
        } else if c.is_whitespace() {
            "space"
        } else {
            "control"
        };
        return Err(SecretProblem::Contains(service, kind));
    }
    if value.contains('"') || value.contains('\'') {
        return Err(SecretProblem::Quote(service));
    }
    Ok(Cleaned {
        secret: Secret::new(value),
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warnings(c: &Cleaned) -> Vec<String> {
        c.warnings.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn tokens_are_trimmed_and_unquoted_with_a_warning() {
        let c = clean_secret("  abc123\n", Service::Braze).unwrap();
        assert_eq!(c.secret.expose(), "abc123");
        assert!(c.warnings.is_empty());
        let c = clean_secret("\"abc123\"", Service::Braze).unwrap();
        assert_eq!(c.secret.expose(), "abc123");
        assert_eq!(
            warnings(&c),
            [
                "removed the quotes around the Braze REST API key (Braze and Zendesk answer 401 to a quoted key)"
            ]
        );
        let c = clean_secret("'abc123'", Service::Braze).unwrap();
        assert_eq!(c.secret.expose(), "abc123");
        let c = clean_secret("Bearer abc123", Service::Braze).unwrap();
        assert_eq!(c.secret.expose(), "abc123");
        assert_eq!(
            warnings(&c),
            ["removed the `Bearer ` prefix from the Braze REST API key"]
        );
    }

    #[test]
    fn what_cannot_be_a_token_is_refused_with_the_reason() {
        let e = |raw: &str| clean_secret(raw, Service::Zendesk).unwrap_err().to_string();
        assert_eq!(e(" \n"), "the Zendesk API token is empty");
        assert_eq!(e("\"\""), "the Zendesk API token is empty");
        assert_eq!(
            e("abc def"),
            "the Zendesk API token contains a space: paste only the Zendesk API token, on one line"
        );
        assert_eq!(
            e("abc\ndef"),
            "the Zendesk API token contains a line break: paste only the Zendesk API token, on one line"
        );
        assert_eq!(
            e("abc\"def"),
            "the Zendesk API token contains a quote character: paste it without quotes"
        );
        assert_eq!(
            clean_secret("x y", Service::Braze)
                .unwrap_err()
                .message()
                .to_string_in(crate::i18n::Language::Spanish),
            "la clave de API REST de Braze contiene un espacio: pega solo la clave de API REST de Braze, en una sola línea"
        );
    }
}
