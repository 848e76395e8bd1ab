//! The one redaction mechanism: exchange records, console history, errors, logs and exported
//! curl all mask secrets through a [`Redactor`]. A secret is masked as typed, base64-encoded
//! (alone, or in a Basic-auth `user:secret` pair) and URL-encoded.

use std::fmt;

use base64::Engine as _;
use serde_json::Value as Json;

/// What replaces a secret wherever it would be shown.
pub const MASK: &str = "••••••••";

/// An API token or REST key: kept in memory only, never printed by `Debug` or `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The real value, for the one place that needs it (an `Authorization` header).
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(")?;
        f.write_str(MASK)?;
        f.write_str(")")
    }
}

/// Headers whose whole value is a credential.
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "x-api-key",
    "api-key",
    "cookie",
    "set-cookie",
];

/// JSON keys whose string values are credentials, wherever they appear.
const SECRET_KEYS: &[&str] = &[
    "token",
    "password",
    "api_token",
    "api_key",
    "rest_api_key",
    "secret",
    "access_token",
];

/// Masks the secrets it knows (the client's own credentials) and every value that looks like
/// one (credential headers, `authentication.data`, `token`/`password`/`secret` keys).
#[derive(Clone, Default)]
pub struct Redactor {
    secrets: Vec<String>,
}

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Redactor({} secrets)", self.secrets.len())
    }
}

impl Redactor {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a secret: masked as typed, URL-encoded and base64-encoded.
    pub fn with(mut self, secret: &Secret) -> Self {
        let value = secret.expose();
        self.add(value);
        self.add(&crate::percent::encode(value));
        self.add_base64(value);
        self
    }

    /// Also masks the Basic-auth form `base64(user:secret)` (Zendesk's `email/token:token`).
    pub fn with_basic(mut self, user: &str, secret: &Secret) -> Self {
        self.add_base64(&format!("{user}:{}", secret.expose()));
        self.with(secret)
    }

    /// Standard and URL-safe base64, padded or not: the padded form is masked whole (longest
    /// first), so no `==` is left after the mask.
    fn add_base64(&mut self, value: &str) {
        use base64::engine::general_purpose::{STANDARD, URL_SAFE};
        for encoded in [STANDARD.encode(value), URL_SAFE.encode(value)] {
            self.add(&encoded);
            self.add(encoded.trim_end_matches('='));
        }
    }

    fn add(&mut self, value: &str) {
        if value.chars().count() >= 4 && !self.secrets.iter().any(|s| s == value) {
            self.secrets.push(value.to_owned());
            // Longest first, so a secret containing another is masked whole.
            self.secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        }
    }

    /// True when `text` holds a known secret in any of its forms.
    pub fn leaks(&self, text: &str) -> bool {
        self.secrets.iter().any(|s| text.contains(s.as_str()))
    }

    /// Masks known secrets inside any text (a URL, a body that is not JSON).
    pub fn text(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for s in &self.secrets {
            if out.contains(s.as_str()) {
                out = out.replace(s.as_str(), MASK);
            }
        }
        out
    }

    /// Masks a header value: credential headers entirely (a Basic header keeps its user part,
    /// which is what people need to see when the email is wrong).
    pub fn header(&self, name: &str, value: &str) -> String {
        if !SECRET_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name)) {
            return self.text(value);
        }
        if let Some(encoded) = value.strip_prefix("Basic ") {
            let user = base64::engine::general_purpose::STANDARD
                .decode(encoded.trim())
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .and_then(|s| s.split_once(':').map(|(u, _)| u.to_owned()));
            return match user {
                Some(user) => format!("Basic {MASK} ({}:{MASK})", self.text(&user)),
                None => format!("Basic {MASK}"),
            };
        }
        if value.starts_with("Bearer ") {
            return format!("Bearer {MASK}");
        }
        MASK.to_owned()
    }

    pub fn headers<'a>(
        &self,
        headers: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Vec<(String, String)> {
        headers
            .into_iter()
            .map(|(k, v)| (k.to_owned(), self.header(k, v)))
            .collect()
    }

    /// Masks a body, keeping its exact text: secret values found by walking the JSON are
    /// replaced where they appear, so the console shows the bytes that were sent.
    pub fn body(&self, body: &str) -> String {
        let mut local = self.clone();
        if let Ok(json) = serde_json::from_str::<Json>(body) {
            collect_secret_values(&json, false, &mut local);
        }
        local.text(body)
    }
}

fn collect_secret_values(json: &Json, inside_auth_data: bool, out: &mut Redactor) {
    match json {
        Json::Object(map) => {
            for (k, v) in map {
                let secret_key = inside_auth_data || SECRET_KEYS.contains(&k.as_str());
                match v {
                    Json::String(s) if secret_key => {
                        out.add(s);
                        // Also its JSON-escaped spelling, as it appears in the raw text.
                        let escaped = Json::String(s.clone()).to_string();
                        out.add(&escaped[1..escaped.len() - 1]);
                    }
                    _ => {
                        // `authentication: {type, data: {...}}`: everything in data.
                        let auth_data = k == "data" && map.contains_key("type");
                        collect_secret_values(v, inside_auth_data || auth_data, out);
                    }
                }
            }
        }
        Json::Array(items) => items
            .iter()
            .for_each(|v| collect_secret_values(v, inside_auth_data, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_show_in_debug() {
        let s = Secret::new("sandbox-zendesk-token");
        assert!(!format!("{s:?}").contains("sandbox"));
    }

    #[test]
    fn basic_auth_keeps_the_user_and_masks_the_token() {
        let r = Redactor::new().with(&Secret::new("tok-123456"));
        let raw = base64::engine::general_purpose::STANDARD.encode("a@b.test/token:tok-123456");
        let shown = r.header("Authorization", &format!("Basic {raw}"));
        assert_eq!(shown, format!("Basic {MASK} (a@b.test/token:{MASK})"));
        assert_eq!(
            r.header("authorization", "Bearer abc"),
            format!("Bearer {MASK}")
        );
        assert_eq!(
            r.header("Content-Type", "application/json"),
            "application/json"
        );
    }

    #[test]
    fn bodies_keep_their_text_but_lose_their_secrets() {
        let body = "{\n  \"webhook\": {\"name\": \"x\", \"authentication\": {\"type\": \"bearer_token\",\n  \"data\": {\"token\": \"brz-REST-key\"}}}}";
        let shown = Redactor::new().body(body);
        assert!(!shown.contains("brz-REST-key"), "{shown}");
        assert!(shown.starts_with("{\n  \"webhook\": {\"name\": \"x\""));
        let basic = r#"{"authentication":{"type":"basic_auth","data":{"username":"u","password":"p@ss\"word"}}}"#;
        let shown = Redactor::new().body(basic);
        assert!(!shown.contains("p@ss"), "{shown}");
        // Known secrets are masked in any text, e.g. an echo in a response.
        let r = Redactor::new().with(&Secret::new("sandbox-braze-key"));
        assert_eq!(r.text("key sandbox-braze-key!"), format!("key {MASK}!"));
    }

    #[test]
    fn a_basic_credential_in_a_body_is_masked_with_its_padding() {
        // 26 bytes: its base64 ends in `=`, which showed after the mask ("Basic ••••••••=").
        let secret = Secret::new("tok-1234567");
        let pair = "a@b.test/token:tok-1234567";
        let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
        assert!(encoded.ends_with('='), "{encoded}");
        let r = Redactor::new().with_basic("a@b.test/token", &secret);
        let body = format!(r#"{{"request_headers":{{"Authorization":"Basic {encoded}"}}}}"#);
        assert_eq!(
            r.body(&body),
            format!(r#"{{"request_headers":{{"Authorization":"Basic {MASK}"}}}}"#)
        );
        assert_eq!(r.text(&format!("Basic {encoded}")), format!("Basic {MASK}"));
    }

    #[test]
    fn every_form_of_a_secret_is_masked() {
        let secret = Secret::new("p@ss word/+=");
        let r = Redactor::new().with_basic("a@b.test/token", &secret);
        let basic = base64::engine::general_purpose::STANDARD.encode("a@b.test/token:p@ss word/+=");
        let alone = base64::engine::general_purpose::STANDARD.encode("p@ss word/+=");
        for form in [
            "p@ss word/+=",
            "p%40ss%20word%2F%2B%3D",
            basic.as_str(),
            alone.as_str(),
        ] {
            let text = format!("x {form} y");
            assert!(r.leaks(&text), "{form}");
            assert!(!r.leaks(&r.text(&text)), "{form} survives masking");
        }
        assert!(!r.leaks("nothing secret here"));
    }
}
