//! The other direction: what to paste into Braze's webhook composer so that a Braze → Zendesk
//! template creates tickets. The Authorization header is the base64 Liquid expression Braze
//! evaluates at send time, built with the agent's email; the token itself is never written here.

use crate::api::ApiError;
use crate::i18n::{Catalogue, Language, Localize, Message};
use crate::msg;
use crate::profiles::{Profile, ZendeskAuthKind};

/// Why there are no composer settings for a profile.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ComposerError {
    NoZendesk { profile: String },
    Address(ApiError),
}

impl Localize for ComposerError {
    fn message(&self) -> Message {
        match self {
            ComposerError::NoZendesk { profile } => {
                msg!("setup-composer-no-zendesk", profile = profile)
            }
            ComposerError::Address(e) => e.message(),
        }
    }
}
crate::display_via_message!(ComposerError);

pub const TOKEN_PLACEHOLDER: &str = "<your Zendesk API token>";

/// Braze's webhook composer, field by field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComposerSettings {
    pub url: String,
    pub method: String,
    pub headers: Vec<(String, String)>,
    /// "Raw text" request body: the template as written.
    pub body: String,
    pub notes: Vec<Message>,
}

impl ComposerSettings {
    /// The settings in English (logs, tests); see [`ComposerSettings::text_in`].
    pub fn text(&self) -> String {
        self.text_in(Catalogue::get(Language::English))
    }

    /// Field by field, named as Braze's composer names them.
    pub fn text_in(&self, i18n: &Catalogue) -> String {
        let mut out = i18n.message(&msg!(
            "setup-composer-head",
            url = &self.url,
            method = &self.method
        ));
        out.push('\n');
        for (k, v) in &self.headers {
            out += &format!("  {k}: {v}\n");
        }
        out += &i18n.message(&msg!("setup-composer-body"));
        out.push('\n');
        out += &self.body;
        if !self.body.ends_with('\n') {
            out.push('\n');
        }
        for n in &self.notes {
            out += &i18n.message(&msg!("setup-note", note = n.clone()));
            out.push('\n');
        }
        out
    }
}

/// The composer settings for a ticket template and the profile's Zendesk account.
pub fn settings(
    profile: &Profile,
    body: &str,
    extra_headers: &[(String, String)],
) -> Result<ComposerSettings, ComposerError> {
    settings_with(profile, body, extra_headers, TOKEN_PLACEHOLDER)
}

/// The same, with the stand-in for the token in the person's language.
pub fn settings_with(
    profile: &Profile,
    body: &str,
    extra_headers: &[(String, String)],
    token_placeholder: &str,
) -> Result<ComposerSettings, ComposerError> {
    let z = profile
        .zendesk
        .as_ref()
        .ok_or_else(|| ComposerError::NoZendesk {
            profile: profile.name.clone(),
        })?;
    let root = z.root().map_err(ComposerError::Address)?;
    let authorization = match z.auth {
        ZendeskAuthKind::ApiToken => format!(
            "Basic {{{{ '{}/token:{token_placeholder}' | base64_encode }}}}",
            z.email.replace('\'', "")
        ),
        ZendeskAuthKind::Oauth => "Bearer <your Zendesk OAuth access token>".to_owned(),
    };
    let mut headers = vec![
        ("Content-Type".to_owned(), "application/json".to_owned()),
        ("Authorization".to_owned(), authorization),
    ];
    for (k, v) in extra_headers {
        let credential = k.eq_ignore_ascii_case("authorization");
        if !credential && !headers.iter().any(|(h, _)| h.eq_ignore_ascii_case(k)) {
            headers.push((k.clone(), v.clone()));
        }
    }
    let mut notes = vec![msg!(
        "setup-composer-replace-token",
        placeholder = token_placeholder
    )];
    if profile.is_sandbox() {
        notes.push(msg!("setup-composer-sandbox"));
    }
    Ok(ComposerSettings {
        url: format!("{root}/api/v2/tickets.json"),
        method: "POST".into(),
        headers,
        body: body.to_owned(),
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profiles::{BrazeProfile, ZendeskProfile};

    fn profile(auth: ZendeskAuthKind) -> Profile {
        Profile {
            name: "acme".into(),
            zendesk: Some(ZendeskProfile {
                subdomain: Some("acme".into()),
                url: None,
                email: "admin@acme.com".into(),
                auth,
            }),
            braze: Some(BrazeProfile {
                instance: Some("US-03".into()),
                url: None,
            }),
        }
    }

    #[test]
    fn the_header_is_a_liquid_expression_with_the_email_and_no_token() {
        let s = settings(
            &profile(ZendeskAuthKind::ApiToken),
            "{\"ticket\": {}}",
            &[
                ("Authorization".into(), "Basic old".into()),
                ("X-Trace".into(), "1".into()),
            ],
        )
        .unwrap();
        assert_eq!(s.url, "https://acme.zendesk.com/api/v2/tickets.json");
        assert_eq!(s.method, "POST");
        assert_eq!(
            s.headers,
            vec![
                ("Content-Type".into(), "application/json".into()),
                (
                    "Authorization".into(),
                    "Basic {{ 'admin@acme.com/token:<your Zendesk API token>' | base64_encode }}"
                        .into()
                ),
                ("X-Trace".into(), "1".into()),
            ]
        );
        let text = s.text();
        assert!(
            text.contains("Request body: Raw text\n{\"ticket\": {}}\n"),
            "{text}"
        );
        let oauth = settings(&profile(ZendeskAuthKind::Oauth), "{}", &[]).unwrap();
        assert!(oauth.headers[1].1.starts_with("Bearer <"));
        let mut none = profile(ZendeskAuthKind::ApiToken);
        none.zendesk = None;
        assert!(
            settings(&none, "{}", &[])
                .unwrap_err()
                .to_string()
                .contains("no Zendesk connection")
        );
    }

    #[test]
    fn the_expression_renders_to_the_basic_pair_in_braze() {
        let s = settings(&profile(ZendeskAuthKind::ApiToken), "{}", &[]).unwrap();
        let header = &s.headers[1].1;
        let compiled = crate::template::parse(header, crate::template::Dialect::Braze).unwrap();
        let out = compiled
            .render(
                &crate::template::Environment::default(),
                Some(&serde_json::json!({})),
            )
            .unwrap();
        let crate::template::Rendered::Output(out) = out else {
            panic!()
        };
        use base64::Engine as _;
        let expected = base64::engine::general_purpose::STANDARD
            .encode("admin@acme.com/token:<your Zendesk API token>");
        assert_eq!(out, format!("Basic {expected}"));
    }
}
