//! An exchange as a curl command to paste in a terminal. Secrets are never in it: the
//! credential is read from the same environment variables `zenbraze send` accepts.

use super::exchange::{Exchange, Service};

/// Where the exported command reads the Zendesk token from.
pub const ZENDESK_TOKEN_VAR: &str = "ZENBRAZE_ZENDESK_TOKEN";
/// Where the exported command reads the Braze key from.
pub const BRAZE_KEY_VAR: &str = "ZENBRAZE_BRAZE_KEY";

/// Headers curl sets itself or that would only add noise.
const SKIPPED: &[&str] = &["content-length", "user-agent", "host", "accept-encoding"];

/// `curl -sS -X POST 'URL' -u "email/token:$VAR" -H '…' --data-binary '…'`.
pub fn to_curl(exchange: &Exchange) -> String {
    let mut parts = vec![
        "curl -sS".to_owned(),
        format!("-X {}", exchange.method),
        quote(&exchange.url),
    ];
    let var = match exchange.service {
        Service::Zendesk => ZENDESK_TOKEN_VAR,
        Service::Braze => BRAZE_KEY_VAR,
    };
    for (name, value) in &exchange.request_headers {
        let lower = name.to_ascii_lowercase();
        if SKIPPED.contains(&lower.as_str()) {
            continue;
        }
        if lower == "authorization" {
            if value.starts_with("Bearer ") {
                parts.push(format!("-H \"Authorization: Bearer ${var}\""));
            } else if let Some(user) = basic_user(value) {
                // The user part was kept visible by the redactor: `email/token`.
                parts.push(format!("-u \"{}:${var}\"", user.replace('"', "\\\"")));
            }
            continue;
        }
        parts.push(format!("-H {}", quote(&format!("{name}: {value}"))));
    }
    if !exchange.request_body.is_empty() {
        parts.push(format!("--data-binary {}", quote(&exchange.request_body)));
    }
    parts.join(" \\\n  ")
}

/// `Basic •••• (user:••••)` → `user`.
fn basic_user(masked: &str) -> Option<&str> {
    let inner = masked.split_once(" (")?.1.strip_suffix(')')?;
    inner.rsplit_once(':').map(|(user, _)| user)
}

/// Single-quoted for a POSIX shell.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::exchange::MASK;

    fn exchange(service: Service, auth: &str) -> Exchange {
        Exchange {
            service,
            operation: "x".into(),
            method: "POST".into(),
            url: "https://acme.zendesk.com/api/v2/tickets.json".into(),
            request_headers: vec![
                ("Authorization".into(), auth.into()),
                ("Content-Type".into(), "application/json".into()),
            ],
            request_body: "{\"subject\": \"it's on fire\"}".into(),
            started_at: chrono::Utc::now(),
            attempts: vec![],
            warnings: vec![],
        }
    }

    #[test]
    fn basic_auth_reads_the_token_from_the_environment() {
        let c = to_curl(&exchange(
            Service::Zendesk,
            &format!("Basic {MASK} (admin@acme.test/token:{MASK})"),
        ));
        assert_eq!(
            c,
            "curl -sS \\\n  -X POST \\\n  'https://acme.zendesk.com/api/v2/tickets.json' \\\n  -u \"admin@acme.test/token:$ZENBRAZE_ZENDESK_TOKEN\" \\\n  -H 'Content-Type: application/json' \\\n  --data-binary '{\"subject\": \"it'\\''s on fire\"}'"
        );
        assert!(!c.contains(MASK));
    }

    #[test]
    fn bearer_auth_reads_the_key_from_the_environment() {
        let c = to_curl(&exchange(Service::Braze, &format!("Bearer {MASK}")));
        assert!(
            c.contains("-H \"Authorization: Bearer $ZENBRAZE_BRAZE_KEY\""),
            "{c}"
        );
    }
}
