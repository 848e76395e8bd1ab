//! The webhook's URL and headers, as rendered: where they go and how they authenticate.

use super::rules::Rule;
use base64::Engine as _;

use super::Severity;
use crate::api::endpoint::{is_braze_rest_host, is_loopback_host as is_loopback};
use crate::i18n::Message;
use crate::msg;
use crate::target::Target;

/// A finding about the URL or a header (they are short: the field names the place).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestFinding {
    pub severity: Severity,
    pub rule: Rule,
    /// `url`, or the header's name.
    pub field: String,
    pub message: Message,
    pub fix: Option<Message>,
}

fn finding(
    severity: Severity,
    rule: Rule,
    field: &str,
    message: Message,
    fix: Option<Message>,
) -> RequestFinding {
    debug_assert!(
        rule.reports(severity),
        "{rule} does not report {severity:?} (lint::RULES)"
    );
    RequestFinding {
        severity,
        rule,
        field: field.to_owned(),
        message,
        fix,
    }
}

/// Checks a rendered URL and headers for where `target` sends its body.
pub fn check(
    target: Target,
    method: &str,
    url: &str,
    headers: &[(String, String)],
) -> Vec<RequestFinding> {
    let mut out = Vec::new();
    let url = url.trim();
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let host_port = rest.split(['/', '?']).next().unwrap_or("");
    let host = host_port.rsplit_once(':').map_or(host_port, |(h, p)| {
        if p.bytes().all(|b| b.is_ascii_digit()) {
            h
        } else {
            host_port
        }
    });
    let path = &rest[host_port.len()..];
    if url.contains("<your-") || url.contains("{{instance_url}}") {
        out.push(finding(
            Severity::Error,
            Rule::RequestPlaceholder,
            "url",
            msg!("lint-request-placeholder", url = url),
            None,
        ));
    } else if placeholder_host(host) {
        let service = match target {
            Target::ZendeskTicket => "zendesk",
            Target::BrazeUsersTrack | Target::ZendeskWebhookBody => "braze",
        };
        out.push(finding(
            Severity::Error,
            Rule::RequestPlaceholder,
            "url",
            msg!(
                "lint-request-placeholder-host",
                host = host,
                service = service
            ),
            None,
        ));
    }
    match scheme {
        "https" => {}
        "http" if is_loopback(host) => {}
        "http" => out.push(finding(
            Severity::Error,
            Rule::RequestInsecure,
            "url",
            msg!("lint-request-insecure", url = url, host = host),
            Some(msg!("lint-fix-https")),
        )),
        "" => out.push(finding(
            Severity::Error,
            Rule::RequestUrl,
            "url",
            msg!("lint-request-no-scheme", url = url),
            Some(msg!("lint-fix-use", value = format!("https://{url}"))),
        )),
        other => out.push(finding(
            Severity::Error,
            Rule::RequestUrl,
            "url",
            msg!("lint-request-scheme", scheme = other),
            None,
        )),
    }
    if !method.eq_ignore_ascii_case("POST") {
        out.push(finding(
            Severity::Error,
            Rule::RequestMethod,
            "method",
            msg!("lint-request-method", method = method),
            Some(msg!("lint-fix-use", value = "POST")),
        ));
    }
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
    };
    match header("Content-Type") {
        Some(ct) if ct.to_ascii_lowercase().starts_with("application/json") => {}
        Some(ct) => out.push(finding(
            Severity::Error,
            Rule::RequestContentType,
            "Content-Type",
            msg!("lint-request-content-type", value = ct),
            Some(msg!("lint-fix-use", value = "application/json")),
        )),
        None => out.push(finding(
            Severity::Warning,
            Rule::RequestContentType,
            "Content-Type",
            msg!("lint-request-no-content-type"),
            None,
        )),
    }
    match target {
        Target::ZendeskTicket => zendesk(path, host, header("Authorization"), &mut out),
        Target::BrazeUsersTrack | Target::ZendeskWebhookBody => {
            braze(path, host, header("Authorization"), &mut out)
        }
    }
    out
}

/// A host the documentation's examples hold where an account's goes: a label such as
/// `your-subdomain`, `yoursubdomain`, `your_instance` or `subdomain`.
fn placeholder_host(host: &str) -> bool {
    host.split('.').any(|label| {
        let label: String = label
            .chars()
            .filter(|c| !matches!(c, '-' | '_'))
            .collect::<String>()
            .to_ascii_lowercase();
        label.starts_with("your")
            || matches!(
                label.as_str(),
                "subdomain" | "mysubdomain" | "instance" | "myinstance" | "xxx"
            )
    })
}

fn zendesk(path: &str, host: &str, auth: Option<&str>, out: &mut Vec<RequestFinding>) {
    if !is_loopback(host) && !host.ends_with(".zendesk.com") {
        out.push(finding(
            Severity::Warning,
            Rule::RequestUrl,
            "url",
            msg!("lint-request-zendesk-host", host = host),
            None,
        ));
    }
    if path.starts_with("/api/v2/webhooks") && path.contains(".json") {
        out.push(finding(
            Severity::Error,
            Rule::RequestUrl,
            "url",
            msg!("lint-request-webhook-json"),
            Some(msg!("lint-fix-remove-json")),
        ));
    }
    if !(path == "/api/v2/tickets.json" || path == "/api/v2/tickets") {
        out.push(finding(
            Severity::Warning,
            Rule::RequestUrl,
            "url",
            msg!("lint-request-ticket-path", path = path),
            None,
        ));
    }
    let Some(auth) = auth else {
        out.push(finding(
            Severity::Error,
            Rule::RequestAuth,
            "Authorization",
            msg!("lint-request-zendesk-no-auth"),
            Some(msg!("lint-fix-zendesk-auth")),
        ));
        return;
    };
    if let Some(token) = auth.strip_prefix("Bearer ") {
        if token.trim().is_empty() {
            out.push(finding(
                Severity::Error,
                Rule::RequestAuth,
                "Authorization",
                msg!("lint-request-oauth-empty"),
                None,
            ));
        }
        return;
    }
    let Some(encoded) = auth.strip_prefix("Basic ") else {
        out.push(finding(
            Severity::Error,
            Rule::RequestAuth,
            "Authorization",
            msg!("lint-request-zendesk-basic"),
            None,
        ));
        return;
    };
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()
        .and_then(|b| String::from_utf8(b).ok());
    match decoded {
        None => out.push(finding(
            Severity::Error,
            Rule::RequestAuth,
            "Authorization",
            msg!("lint-request-basic-base64"),
            Some(msg!("lint-fix-basic-base64")),
        )),
        Some(d) => match d.split_once(':') {
            Some((user, token))
                if user.contains('@') && user.ends_with("/token") && !token.is_empty() => {}
            Some((user, _)) if !user.ends_with("/token") => out.push(finding(
                Severity::Error,
                Rule::RequestAuth,
                "Authorization",
                msg!("lint-request-basic-token-suffix"),
                Some(msg!("lint-fix-use", value = "EMAIL/token:API_TOKEN")),
            )),
            _ => out.push(finding(
                Severity::Error,
                Rule::RequestAuth,
                "Authorization",
                msg!("lint-request-basic-shape"),
                None,
            )),
        },
    }
}

fn braze(path: &str, host: &str, auth: Option<&str>, out: &mut Vec<RequestFinding>) {
    if !is_loopback(host) && !is_braze_rest_host(host) {
        let message = if host.starts_with("dashboard") {
            msg!("lint-request-braze-dashboard", host = host)
        } else {
            msg!("lint-request-braze-host", host = host)
        };
        out.push(finding(
            Severity::Error,
            Rule::RequestUrl,
            "url",
            message,
            Some(msg!("lint-fix-braze-rest-url")),
        ));
    }
    if path != "/users/track" {
        out.push(finding(
            Severity::Error,
            Rule::RequestUrl,
            "url",
            msg!("lint-request-track-path", path = path),
            None,
        ));
    }
    match auth.and_then(|a| a.strip_prefix("Bearer ")) {
        None => out.push(finding(
            Severity::Error,
            Rule::RequestAuth,
            "Authorization",
            msg!("lint-request-braze-bearer"),
            None,
        )),
        Some(key) if key.trim().is_empty() => out.push(finding(
            Severity::Error,
            Rule::RequestAuth,
            "Authorization",
            msg!("lint-request-braze-key-empty"),
            None,
        )),
        Some(key) if key.starts_with(['"', '\'']) => out.push(finding(
            Severity::Error,
            Rule::RequestAuth,
            "Authorization",
            msg!("lint-request-braze-key-quoted"),
            Some(msg!("lint-fix-remove-quotes")),
        )),
        Some(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn rules(f: &[RequestFinding]) -> Vec<&str> {
        f.iter().map(|f| f.rule.id()).collect()
    }

    #[test]
    fn zendesk_basic_auth_is_email_slash_token() {
        let good = base64::engine::general_purpose::STANDARD.encode("ada@acme.com/token:abc123");
        let f = check(
            Target::ZendeskTicket,
            "POST",
            "https://acme.zendesk.com/api/v2/tickets.json",
            &h(&[
                ("Authorization", &format!("Basic {good}")),
                ("Content-Type", "application/json"),
            ]),
        );
        assert_eq!(f, vec![]);
        let no_token = base64::engine::general_purpose::STANDARD.encode("ada@acme.com:abc123");
        let f = check(
            Target::ZendeskTicket,
            "POST",
            "https://acme.zendesk.com/api/v2/tickets.json",
            &h(&[
                ("Authorization", &format!("Basic {no_token}")),
                ("Content-Type", "application/json"),
            ]),
        );
        assert_eq!(rules(&f), ["request-auth"]);
        assert!(f[0].message.to_string().contains("/token"));
    }

    #[test]
    fn urls_are_https_to_the_right_host() {
        let json = ("Content-Type", "application/json");
        let f = check(
            Target::ZendeskTicket,
            "POST",
            "http://acme.zendesk.com/api/v2/tickets.json",
            &h(&[json, ("Authorization", "Bearer t")]),
        );
        assert_eq!(rules(&f), ["request-insecure"]);
        let f = check(
            Target::ZendeskTicket,
            "POST",
            "<your-zendesk-instance>.zendesk.com/api/v2/tickets.json",
            &h(&[json, ("Authorization", "Bearer t")]),
        );
        assert!(rules(&f).contains(&"request-placeholder"));
        for host in [
            "your-subdomain",
            "YourSubdomain",
            "your_company",
            "subdomain",
        ] {
            let f = check(
                Target::ZendeskTicket,
                "POST",
                &format!("https://{host}.zendesk.com/api/v2/tickets.json"),
                &h(&[json, ("Authorization", "Bearer t")]),
            );
            assert_eq!(rules(&f), ["request-placeholder"], "{host}");
            assert!(f[0].message.to_string().contains("placeholder"), "{host}");
        }
        let f = check(
            Target::BrazeUsersTrack,
            "POST",
            "https://rest.your-instance.braze.com/users/track",
            &h(&[json, ("Authorization", "Bearer t")]),
        );
        assert!(rules(&f).contains(&"request-placeholder"));
        let f = check(
            Target::ZendeskTicket,
            "POST",
            "http://127.0.0.1:8787/api/v2/tickets.json",
            &h(&[json, ("Authorization", "Bearer t")]),
        );
        assert_eq!(f, vec![]);
        let f = check(
            Target::ZendeskTicket,
            "POST",
            "https://acme.zendesk.com/api/v2/webhooks.json",
            &h(&[json, ("Authorization", "Bearer t")]),
        );
        assert!(
            f.iter()
                .any(|f| f.message.to_string().contains("no `.json`"))
        );
    }

    #[test]
    fn braze_needs_a_rest_host_and_an_unquoted_bearer_key() {
        let json = ("Content-Type", "application/json");
        let f = check(
            Target::BrazeUsersTrack,
            "POST",
            "https://rest.iad-01.braze.com/users/track",
            &h(&[json, ("Authorization", "Bearer abc")]),
        );
        assert_eq!(f, vec![]);
        let f = check(
            Target::BrazeUsersTrack,
            "POST",
            "https://dashboard-01.braze.com/users/track",
            &h(&[json, ("Authorization", "Bearer abc")]),
        );
        assert!(f[0].message.to_string().contains("dashboard"));
        let f = check(
            Target::BrazeUsersTrack,
            "POST",
            "https://rest.fra-01.braze.eu/users/track",
            &h(&[json, ("Authorization", "Bearer \"abc\"")]),
        );
        assert_eq!(rules(&f), ["request-auth"]);
        let f = check(
            Target::ZendeskWebhookBody,
            "GET",
            "https://rest.iad-01.braze.com/users/track",
            &h(&[("Authorization", "Bearer abc")]),
        );
        assert_eq!(rules(&f), ["request-method", "request-content-type"]);
    }
}
