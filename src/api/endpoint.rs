//! Where the clients send: a Zendesk subdomain or a Braze instance become https URLs; explicit
//! URLs are accepted when they are https, or plain http to this machine (the sandbox).

use super::error::{ApiError, EndpointError};

/// Braze REST instances (docs/braze-api.md#instances). US-10's older host is accepted as a URL too.
pub const BRAZE_INSTANCES: &[(&str, &str)] = &[
    ("US-01", "rest.iad-01.braze.com"),
    ("US-02", "rest.iad-02.braze.com"),
    ("US-03", "rest.iad-03.braze.com"),
    ("US-04", "rest.iad-04.braze.com"),
    ("US-05", "rest.iad-05.braze.com"),
    ("US-06", "rest.iad-06.braze.com"),
    ("US-07", "rest.iad-07.braze.com"),
    ("US-08", "rest.iad-08.braze.com"),
    ("US-10", "rest.us-10.braze.com"),
    ("EU-01", "rest.fra-01.braze.eu"),
    ("EU-02", "rest.fra-02.braze.eu"),
    ("AU-01", "rest.au-01.braze.com"),
    ("ID-01", "rest.id-01.braze.com"),
    ("JP-01", "rest.jp-01.braze.com"),
    ("KR-01", "rest.kr-01.braze.com"),
];

/// Hosts that are Braze REST endpoints, including aliases.
pub fn is_braze_rest_host(host: &str) -> bool {
    host == "rest.iad-10.braze.com" || BRAZE_INSTANCES.iter().any(|(_, h)| *h == host)
}

/// True when `host` (as it appears in a URL's authority) names this machine: an IPv4 loopback
/// literal (`127.0.0.0/8`, in any form the URL parser reads as one), `[::1]`, or `localhost`.
/// The host is parsed the way the HTTP client parses it, so `127.evil.test` or
/// `127.0.0.1.nip.io` (names anyone can point anywhere) are not loopback.
pub fn is_loopback_host(host: &str) -> bool {
    if host.is_empty() || host.contains(['/', '\\', '@', '?', '#', ':']) && !host.starts_with('[') {
        return false;
    }
    match reqwest::Url::parse(&format!("http://{host}/")) {
        Ok(url) if url.path() == "/" && url.port().is_none() => is_loopback_url(&url),
        _ => false,
    }
}

/// The parsed URL's host is a loopback IP literal or `localhost` (see [`is_loopback_host`]).
fn is_loopback_url(url: &reqwest::Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    if let Ok(v4) = host.parse::<std::net::Ipv4Addr>() {
        return v4.is_loopback();
    }
    if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return v6.parse::<std::net::Ipv6Addr>() == Ok(std::net::Ipv6Addr::LOCALHOST);
    }
    host == "localhost"
}

/// The subdomain in what people paste: `acme`, `acme.zendesk.com`, or any URL on it
/// (`https://acme.zendesk.com/agent/tickets/1`).
pub fn zendesk_subdomain(input: &str) -> Result<String, ApiError> {
    let trimmed = input.trim();
    let without_scheme = trimmed.split_once("://").map_or(trimmed, |(_, rest)| rest);
    let host = without_scheme
        .split(['/', '?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let sub = match host.strip_suffix(".zendesk.com") {
        Some(sub) => sub.to_owned(),
        None if host.contains('.') => {
            return Err(EndpointError::NotOnZendesk {
                input: trimmed.to_owned(),
            }
            .into());
        }
        None => host,
    };
    let valid = !sub.is_empty()
        && sub.len() <= 63
        && sub.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !sub.starts_with('-')
        && !sub.ends_with('-');
    if !valid {
        return Err(EndpointError::BadSubdomain {
            input: trimmed.to_owned(),
        }
        .into());
    }
    Ok(sub)
}

/// The Zendesk account's root, e.g. `https://acme.zendesk.com` (the client adds `/api/v2`).
pub fn zendesk_from_subdomain(subdomain: &str) -> Result<String, ApiError> {
    Ok(format!(
        "https://{}.zendesk.com",
        zendesk_subdomain(subdomain)?
    ))
}

/// A Braze instance name (`US-03`, `eu-01`) to its REST base URL.
pub fn braze_from_instance(instance: &str) -> Result<String, ApiError> {
    BRAZE_INSTANCES
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(instance.trim()))
        .map(|(_, host)| format!("https://{host}"))
        .ok_or_else(|| {
            EndpointError::UnknownInstance {
                input: instance.to_owned(),
            }
            .into()
        })
}

/// Checks an explicit base URL and returns it without a trailing slash. The URL is parsed as the
/// HTTP client will parse it, and the decision is made on that: its scheme, whether it carries
/// a user name or password, and whether its host is this machine (plain http only then).
pub fn explicit(url: &str) -> Result<String, ApiError> {
    let url = url.trim().trim_end_matches('/');
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err(EndpointError::NotUrl {
            url: url.to_owned(),
        }
        .into());
    };
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return Err(EndpointError::Scheme { scheme }.into());
    }
    let parsed = match reqwest::Url::parse(url) {
        Ok(parsed) => parsed,
        Err(_) if rest.starts_with(['/', '?', '#']) || rest.is_empty() => {
            return Err(EndpointError::NoHost {
                url: url.to_owned(),
            }
            .into());
        }
        Err(_) => {
            return Err(EndpointError::NotUrl {
                url: url.to_owned(),
            }
            .into());
        }
    };
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(EndpointError::CarriesCredentials.into());
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(EndpointError::NoHost {
            url: url.to_owned(),
        }
        .into());
    }
    match scheme.as_str() {
        "https" => Ok(url.to_owned()),
        _ if is_loopback_url(&parsed) => Ok(url.to_owned()),
        _ => Err(EndpointError::PlainHttp {
            url: url.to_owned(),
        }
        .into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subdomains_and_instances_become_https_urls() {
        assert_eq!(
            zendesk_from_subdomain("Acme").unwrap(),
            "https://acme.zendesk.com"
        );
        assert_eq!(
            zendesk_from_subdomain("acme.zendesk.com").unwrap(),
            "https://acme.zendesk.com"
        );
        assert!(zendesk_from_subdomain("acme corp").is_err());
        assert_eq!(
            zendesk_subdomain("https://acme.zendesk.com/agent/tickets/12").unwrap(),
            "acme"
        );
        assert_eq!(zendesk_subdomain("ACME.zendesk.com/").unwrap(), "acme");
        let e = zendesk_subdomain("support.acme.com")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("not on zendesk.com") && e.contains("--url"),
            "{e}"
        );
        assert!(zendesk_from_subdomain("").is_err());
        assert_eq!(
            braze_from_instance("eu-01").unwrap(),
            "https://rest.fra-01.braze.eu"
        );
        let e = braze_from_instance("US-09").unwrap_err().to_string();
        assert!(e.contains("US-09") && e.contains("US-10"), "{e}");
    }

    #[test]
    fn plain_http_only_to_loopback() {
        assert_eq!(
            explicit("http://127.0.0.1:8787/").unwrap(),
            "http://127.0.0.1:8787"
        );
        assert!(explicit("http://localhost:8787").is_ok());
        assert!(explicit("https://example.zendesk.com").is_ok());
        let e = explicit("http://acme.zendesk.com").unwrap_err().to_string();
        assert!(e.contains("plain http"), "{e}");
        assert!(explicit("ftp://x").is_err());
        assert!(explicit("acme.zendesk.com").is_err());
        assert!(explicit("https://u:p@acme.zendesk.com").is_err());
    }

    /// The host is read the way the client will read it (WHATWG URL parsing, as `reqwest`
    /// does), never by its spelling: only an IPv4 loopback literal (in any of its forms), `[::1]`
    /// or `localhost` may take plain http.
    #[test]
    fn plain_http_is_decided_on_the_parsed_host() {
        for ok in [
            "http://127.0.0.1:47811",
            "http://127.1.2.3",
            "http://LOCALHOST:8787",
            "http://LocalHost",
            "http://[::1]:47811",
            "http://[0:0:0:0:0:0:0:1]",
            "http://0x7f.1:47811",
            "http://2130706433",
            "http://0177.0.0.1",
            "http://127.0.0.1.:47811",
            "HTTP://127.0.0.1",
        ] {
            assert!(explicit(ok).is_ok(), "{ok} should be accepted");
        }
        for refused in [
            "http://127.evil.test:47811",
            "http://127.0.0.1.nip.io",
            "http://localhost.evil.test",
            "http://localhost.",
            "http://evil.test#@127.0.0.1",
            "http://evil.test?@127.0.0.1",
            "http://evil.test\\@127.0.0.1",
            "http://evil.test/@127.0.0.1",
            "http://127.0.0.1%2eevil.test",
            "http://l\u{43e}calhost",
            "http://xn--lcalhost-9fg",
            "http://127\u{3002}evil\u{3002}test",
            "http://[::ffff:8.8.8.8]",
            "http://[::2]",
            "http://0x7f.evil",
            "http://128.0.0.1",
            "http://0.0.0.0",
        ] {
            let e = explicit(refused);
            assert!(e.is_err(), "{refused} should be refused: {e:?}");
        }
        // Userinfo is refused whichever way it is spelled.
        for userinfo in [
            "http://127.0.0.1@evil.test",
            "http://127.0.0.1:47811@evil.test",
            "https://u@acme.zendesk.com",
            "http://user:pass@127.0.0.1",
        ] {
            let e = explicit(userinfo).unwrap_err().to_string();
            assert!(e.contains("must not carry credentials"), "{userinfo}: {e}");
        }
        assert!(
            explicit("http://evil.test#@127.0.0.1")
                .unwrap_err()
                .to_string()
                .contains("plain http")
        );
        for host in ["127.0.0.1", "localhost", "[::1]", "0x7f.1"] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "127.evil.test",
            "127.0.0.1.nip.io",
            "localhost.evil.test",
            "evil.test#@127.0.0.1",
            "127.0.0.1@evil.test",
            "",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }
}
