//! Connection profiles: where each service is and who signs in — never the secrets, which are
//! in the keyring. The file is plain JSON a person can read and edit; `parse` reports what it
//! could not use as warnings, and loses nothing it could.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::api::endpoint;
use crate::api::error::ApiError;
use crate::sandbox::{DEFAULT_PORT, DEMO_ADMIN_EMAIL, DEMO_BRAZE_KEY, DEMO_ZENDESK_TOKEN};

use super::{Secret, Service};
use crate::i18n::{Localize, Message};
use crate::msg;

/// Why a profile name or the profiles file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProfileError {
    NameLength,
    NameChars {
        name: String,
    },
    NameReserved,
    /// The file is not the JSON it should be.
    Syntax {
        line: usize,
        column: usize,
        reason: String,
    },
    /// A problem inside the file at `path`.
    InFile {
        path: String,
        problem: Box<ProfileError>,
    },
    Read {
        path: String,
        reason: String,
    },
    Write {
        path: String,
        reason: String,
    },
}

impl Localize for ProfileError {
    fn message(&self) -> Message {
        match self {
            ProfileError::NameLength => msg!("secrets-profile-name-length"),
            ProfileError::NameChars { name } => msg!("secrets-profile-name-chars", name = name),
            ProfileError::NameReserved => msg!("secrets-profile-name-reserved"),
            ProfileError::Syntax {
                line,
                column,
                reason,
            } => msg!(
                "secrets-profiles-syntax",
                line = *line,
                column = *column,
                reason = reason
            ),
            ProfileError::InFile { path, problem } => {
                msg!(
                    "secrets-profiles-in-file",
                    path = path,
                    problem = problem.message()
                )
            }
            ProfileError::Read { path, reason } => {
                msg!("secrets-profiles-read", path = path, reason = reason)
            }
            ProfileError::Write { path, reason } => {
                msg!("secrets-profiles-write", path = path, reason = reason)
            }
        }
    }
}
crate::display_via_message!(ProfileError);

/// The built-in profile that targets the embedded sandbox with its demo credentials.
pub const SANDBOX_PROFILE: &str = "sandbox";

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Profiles {
    #[serde(default)]
    pub profiles: Vec<Profile>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zendesk: Option<ZendeskProfile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub braze: Option<BrazeProfile>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ZendeskProfile {
    /// `acme` for acme.zendesk.com; or `url`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subdomain: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The agent the API token belongs to (unused with OAuth).
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub auth: ZendeskAuthKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ZendeskAuthKind {
    /// `email/token:api_token` Basic auth.
    #[default]
    ApiToken,
    /// `Bearer` with an OAuth access token.
    Oauth,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BrazeProfile {
    /// `US-03`, `EU-01`, ...; or `url`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl ZendeskProfile {
    /// The account root the client uses.
    pub fn root(&self) -> Result<String, ApiError> {
        match (&self.subdomain, &self.url) {
            (Some(s), None) => endpoint::zendesk_from_subdomain(s),
            (None, Some(u)) => endpoint::explicit(u),
            _ => Err(crate::api::EndpointError::ZendeskAddress.into()),
        }
    }

    /// Where it points, for lists.
    pub fn describe(&self) -> String {
        match (&self.subdomain, &self.url) {
            (Some(s), _) => format!("{s}.zendesk.com"),
            (_, Some(u)) => u.clone(),
            _ => "(no address)".into(),
        }
    }
}

impl BrazeProfile {
    pub fn base(&self) -> Result<String, ApiError> {
        match (&self.instance, &self.url) {
            (Some(i), None) => endpoint::braze_from_instance(i),
            (None, Some(u)) => endpoint::explicit(u),
            _ => Err(crate::api::EndpointError::BrazeAddress.into()),
        }
    }

    pub fn describe(&self) -> String {
        match (&self.instance, &self.url) {
            (Some(i), _) => i.clone(),
            (_, Some(u)) => u.clone(),
            _ => "(no address)".into(),
        }
    }
}

impl Profile {
    /// The sandbox profile for a sandbox at `url` (the app's embedded one, or
    /// `http://127.0.0.1:8787` for `zenbraze sandbox`).
    pub fn sandbox(url: &str) -> Profile {
        Profile {
            name: SANDBOX_PROFILE.to_owned(),
            zendesk: Some(ZendeskProfile {
                subdomain: None,
                url: Some(url.to_owned()),
                email: DEMO_ADMIN_EMAIL.to_owned(),
                auth: ZendeskAuthKind::ApiToken,
            }),
            braze: Some(BrazeProfile {
                instance: None,
                url: Some(url.to_owned()),
            }),
        }
    }

    pub fn is_sandbox(&self) -> bool {
        self.name == SANDBOX_PROFILE
    }
}

/// The sandbox's demo secrets: public values, so they need no keyring.
pub fn sandbox_secret(service: Service) -> Secret {
    Secret::new(match service {
        Service::Zendesk => DEMO_ZENDESK_TOKEN,
        Service::Braze => DEMO_BRAZE_KEY,
    })
}

/// The default sandbox address when no app is running one.
pub fn default_sandbox_url() -> String {
    format!("http://127.0.0.1:{DEFAULT_PORT}")
}

/// A profile name must be usable as a keyring entry and on a command line.
pub fn check_name(name: &str) -> Result<(), ProfileError> {
    if name.is_empty() || name.len() > 64 {
        return Err(ProfileError::NameLength);
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    {
        return Err(ProfileError::NameChars {
            name: name.to_owned(),
        });
    }
    if name == SANDBOX_PROFILE {
        return Err(ProfileError::NameReserved);
    }
    Ok(())
}

/// Reads the profiles file's text. Unusable entries are skipped with a warning naming them.
pub fn parse(text: &str) -> Result<(Profiles, Vec<Message>), ProfileError> {
    if text.trim().is_empty() {
        return Ok((Profiles::default(), Vec::new()));
    }
    let raw: Profiles = serde_json::from_str(text).map_err(|e| ProfileError::Syntax {
        line: e.line(),
        column: e.column(),
        reason: e
            .to_string()
            .split(" at line ")
            .next()
            .unwrap_or_default()
            .to_owned(),
    })?;
    let mut out = Profiles::default();
    let mut warnings = Vec::new();
    for mut p in raw.profiles {
        if let Err(e) = check_name(&p.name) {
            warnings.push(msg!("secrets-profile-skipped", reason = e.message()));
            continue;
        }
        if out.get(&p.name).is_some() {
            warnings.push(msg!("secrets-profile-twice", name = &p.name));
            continue;
        }
        if let Some(z) = &p.zendesk
            && let Err(e) = z.root()
        {
            warnings.push(msg!(
                "secrets-profile-service-ignored",
                name = &p.name,
                service = "zendesk",
                reason = e.message()
            ));
            p.zendesk = None;
        }
        if let Some(b) = &p.braze
            && let Err(e) = b.base()
        {
            warnings.push(msg!(
                "secrets-profile-service-ignored",
                name = &p.name,
                service = "braze",
                reason = e.message()
            ));
            p.braze = None;
        }
        out.profiles.push(p);
    }
    Ok((out, warnings))
}

/// The file's text.
pub fn to_string(profiles: &Profiles) -> String {
    let mut s = serde_json::to_string_pretty(profiles).unwrap_or_default();
    s.push('\n');
    s
}

impl Profiles {
    pub fn get(&self, name: &str) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.name == name)
    }

    /// The profile with this name, created empty when new.
    pub fn entry(&mut self, name: &str) -> &mut Profile {
        let index = match self.profiles.iter().position(|p| p.name == name) {
            Some(i) => i,
            None => {
                self.profiles.push(Profile {
                    name: name.to_owned(),
                    zendesk: None,
                    braze: None,
                });
                self.profiles.len() - 1
            }
        };
        &mut self.profiles[index]
    }

    pub fn remove(&mut self, name: &str) -> bool {
        let before = self.profiles.len();
        self.profiles.retain(|p| p.name != name);
        self.profiles.len() != before
    }
}

/// Loads the file; a missing file is an empty list. Errors name the file and the position.
pub fn load(path: &Path) -> Result<(Profiles, Vec<Message>), ProfileError> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&text).map_err(|e| ProfileError::InFile {
            path: path.display().to_string(),
            problem: Box::new(e),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((Profiles::default(), Vec::new())),
        Err(e) => Err(ProfileError::Read {
            path: path.display().to_string(),
            reason: e.to_string(),
        }),
    }
}

/// Writes the file atomically (temporary file, then rename).
pub fn save(path: &Path, profiles: &Profiles) -> Result<(), ProfileError> {
    let fail = |e: std::io::Error| ProfileError::Write {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, to_string(profiles)).map_err(fail)?;
    std::fs::rename(&tmp, path).map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_round_trip_without_secrets() {
        let mut p = Profiles::default();
        p.entry("acme").zendesk = Some(ZendeskProfile {
            subdomain: Some("acme".into()),
            url: None,
            email: "admin@acme.test".into(),
            auth: ZendeskAuthKind::ApiToken,
        });
        p.entry("acme").braze = Some(BrazeProfile {
            instance: Some("US-03".into()),
            url: None,
        });
        let text = to_string(&p);
        assert!(
            text.contains("\"subdomain\": \"acme\"") && text.contains("\"instance\": \"US-03\"")
        );
        assert!(!text.contains("token\":"), "{text}");
        let (back, warnings) = parse(&text).unwrap();
        assert_eq!(back, p);
        assert!(warnings.is_empty());
        assert_eq!(
            back.get("acme")
                .unwrap()
                .zendesk
                .as_ref()
                .unwrap()
                .root()
                .unwrap(),
            "https://acme.zendesk.com"
        );
    }

    #[test]
    fn bad_entries_are_skipped_with_a_warning_and_bad_json_names_its_place() {
        let text = r#"{"profiles": [
            {"name": "sandbox"},
            {"name": "ok", "braze": {"instance": "US-09"}, "zendesk": {"url": "http://acme.zendesk.com", "email": "a@b"}},
            {"name": "ok"},
            {"name": "has space"}
        ]}"#;
        let (p, warnings) = parse(text).unwrap();
        let warnings: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        assert_eq!(p.profiles.len(), 1);
        assert_eq!(p.profiles[0].braze, None);
        assert_eq!(warnings.len(), 5, "{warnings:#?}");
        assert!(warnings[0].contains("built-in"));
        assert!(warnings[1].contains("Zendesk ignored") && warnings[1].contains("plain http"));
        assert!(warnings[2].contains("US-09") && warnings[2].contains("US-10"));
        assert!(warnings[3].contains("appears twice"));
        assert!(warnings[4].contains("has space"));
        let e = parse("{\"profiles\": [\n  {\"name\": }]}")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("line 2, column 12"), "{e}");
    }
}
