//! Connection profiles: where each service is and who signs in — never the secrets, which are
//! in the keyring. The file is plain JSON a person can read and edit; `parse` reports what it
//! could not use as warnings, and loses nothing it could.

use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

use crate::api::endpoint;
use crate::api::error::ApiError;
use crate::durable::{FileLock, Privacy, write_atomic};
use crate::i18n::json_text::JsonKind;
use crate::i18n::{Localize, Message};
use crate::msg;
use crate::sandbox::{DEFAULT_PORT, DEMO_ADMIN_EMAIL, DEMO_BRAZE_KEY, DEMO_ZENDESK_TOKEN};

use crate::secrets::{Secret, SecretStore, Service, StoreError};

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
        reason: Message,
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
    /// Another process holds the file's lock and it could not be waited for.
    Lock {
        path: String,
        reason: String,
    },
    /// Another zenbraze held the file's lock for the whole of `durable::LOCK_WAIT`.
    LockTimedOut {
        path: String,
        seconds: u64,
    },
    /// The file's JSON is another kind of value than an object.
    NotAnObject {
        found: JsonKind,
    },
    /// `"profiles"` is there but not a list.
    NotAList {
        found: JsonKind,
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
                reason = reason.clone()
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
            ProfileError::Lock { path, reason } => {
                msg!("files-cannot-lock", path = path, reason = reason)
            }
            ProfileError::LockTimedOut { path, seconds } => msg!(
                "files-cannot-lock",
                path = path,
                reason = crate::durable::LockTimedOut { seconds: *seconds }.message()
            ),
            ProfileError::NotAnObject { found } => {
                msg!("secrets-profiles-not-an-object", found = found.message())
            }
            ProfileError::NotAList { found } => {
                msg!("secrets-profiles-not-a-list", found = found.message())
            }
        }
    }
}
crate::display_via_message!(ProfileError);

/// The built-in profile that targets the embedded sandbox with its demo credentials.
pub const SANDBOX_PROFILE: &str = "sandbox";

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Profiles {
    pub profiles: Vec<Profile>,
    /// What this version cannot use, kept as it was read: listed for the user, written back on
    /// every save, never dropped.
    pub kept: Vec<Unusable>,
}

/// A part of the file that cannot be used here: why, and the part exactly as it was read.
#[derive(Debug, Clone, PartialEq)]
pub struct Unusable {
    /// For the user: what it is and why it cannot be used.
    pub reason: Message,
    pub raw: Json,
    /// Where it is written back.
    pub part: KeptPart,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeptPart {
    /// A whole profile entry (a bad or repeated name, not an object).
    Entry,
    /// A key inside a usable profile: an unusable connection (`["braze"]`) or a key this version
    /// does not know (`["notes"]`, `["zendesk", "region"]`). A value set since takes its place.
    Field { profile: String, path: Vec<String> },
    /// A top-level key this version does not know.
    TopLevel(String),
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

/// Reads the profiles file's text. What cannot be used (a profile with a bad or repeated name, a
/// connection with an unknown Braze instance, a key this version does not know) is kept in
/// [`Profiles::kept`], shown as such and written back as it was: nothing the user wrote is lost.
/// Only a file that is not a profiles file at all is an error (and must not be overwritten).
pub fn parse(text: &str) -> Result<Profiles, ProfileError> {
    if text.trim().is_empty() {
        return Ok(Profiles::default());
    }
    let root: Json = serde_json::from_str(text).map_err(|e| ProfileError::Syntax {
        line: e.line(),
        column: e.column(),
        reason: crate::i18n::json_text::problem(&e.to_string()),
    })?;
    let root = match root {
        Json::Object(root) => root,
        other => {
            return Err(ProfileError::NotAnObject {
                found: JsonKind::of(&other),
            });
        }
    };
    let mut root = root;
    let entries = match root.remove("profiles") {
        None | Some(Json::Null) => Vec::new(),
        Some(Json::Array(entries)) => entries,
        Some(other) => {
            return Err(ProfileError::NotAList {
                found: JsonKind::of(&other),
            });
        }
    };
    let mut out = Profiles::default();
    for (key, raw) in root {
        out.kept.push(Unusable {
            reason: msg!("files-unknown-key", key = &key),
            raw,
            part: KeptPart::TopLevel(key),
        });
    }
    for (i, raw) in entries.into_iter().enumerate() {
        let index = i + 1;
        let keep = |reason: Message| Unusable {
            reason,
            raw: raw.clone(),
            part: KeptPart::Entry,
        };
        let Some(object) = raw.as_object() else {
            let reason = msg!(
                "files-profile-entry-unusable",
                index = index,
                reason = msg!("files-not-an-object")
            );
            out.kept.push(keep(reason));
            continue;
        };
        let Some(name) = object.get("name").and_then(Json::as_str).map(str::to_owned) else {
            let reason = msg!(
                "files-profile-entry-unusable",
                index = index,
                reason = msg!("files-profile-no-name")
            );
            out.kept.push(keep(reason));
            continue;
        };
        if let Err(e) = check_name(&name) {
            out.kept.push(keep(msg!(
                "files-profile-unusable",
                name = &name,
                reason = e.message()
            )));
            continue;
        }
        if out.get(&name).is_some() {
            out.kept
                .push(keep(msg!("files-profile-duplicate", name = &name)));
            continue;
        }
        let mut profile = Profile {
            name: name.clone(),
            zendesk: None,
            braze: None,
        };
        for (key, value) in object {
            let kept = |reason: Message, path: Vec<String>, value: &Json| Unusable {
                reason,
                raw: value.clone(),
                part: KeptPart::Field {
                    profile: name.clone(),
                    path,
                },
            };
            let section_unusable = |reason: Message| {
                kept(
                    msg!(
                        "files-profile-part-unusable",
                        name = &name,
                        part = key,
                        reason = reason
                    ),
                    vec![key.clone()],
                    value,
                )
            };
            let unknown_key = |k: &str| {
                kept(
                    msg!(
                        "files-profile-part-unknown",
                        name = &name,
                        part = format!("{key}.{k}")
                    ),
                    vec![key.clone(), k.to_owned()],
                    &value[k],
                )
            };
            match key.as_str() {
                "name" => {}
                "zendesk" => match section(value, ZENDESK_KEYS, ZendeskProfile::root) {
                    Ok((z, unknown)) => {
                        out.kept.extend(unknown.iter().map(|k| unknown_key(k)));
                        profile.zendesk = Some(z);
                    }
                    Err(reason) => out.kept.push(section_unusable(reason)),
                },
                "braze" => match section(value, BRAZE_KEYS, BrazeProfile::base) {
                    Ok((b, unknown)) => {
                        out.kept.extend(unknown.iter().map(|k| unknown_key(k)));
                        profile.braze = Some(b);
                    }
                    Err(reason) => out.kept.push(section_unusable(reason)),
                },
                _ => out.kept.push(kept(
                    msg!("files-profile-part-unknown", name = &name, part = key),
                    vec![key.clone()],
                    value,
                )),
            }
        }
        out.profiles.push(profile);
    }
    Ok(out)
}

const ZENDESK_KEYS: &[&str] = &["subdomain", "url", "email", "auth"];
const BRAZE_KEYS: &[&str] = &["instance", "url"];
/// `ZendeskAuthKind` as written in the file.
const AUTH_KINDS: &[&str] = &["api_token", "oauth"];

/// One service's section of a profile: read, checked for a usable address, and the keys this
/// version does not know (kept verbatim by the caller). Err is why the section is unusable.
fn section<T: serde::de::DeserializeOwned>(
    value: &Json,
    known: &[&str],
    address: impl Fn(&T) -> Result<String, ApiError>,
) -> Result<(T, Vec<String>), Message> {
    let Json::Object(fields) = value else {
        return Err(msg!("files-not-an-object"));
    };
    // Every setting is text: a wrong kind is named with its key, before serde's English.
    for key in known {
        match fields.get(*key) {
            None | Some(Json::String(_)) => {}
            // An absent address may be written as null; the email may not.
            Some(Json::Null) if *key != "email" => {}
            Some(other) => {
                return Err(msg!(
                    "files-key-kind",
                    key = *key,
                    expected = JsonKind::String.message(),
                    found = JsonKind::of(other).message()
                ));
            }
        }
    }
    if let Some(Json::String(auth)) = fields.get("auth")
        && !AUTH_KINDS.contains(&auth.as_str())
    {
        return Err(msg!(
            "files-key-choice",
            key = "auth",
            choices = AUTH_KINDS.join(", "),
            value = auth.clone()
        ));
    }
    let parsed: T = serde_json::from_value(value.clone())
        .map_err(|e| msg!("as-reported", text = serde_reason(&e)))?;
    address(&parsed).map_err(|e| e.message())?;
    let unknown = unknown_keys(value, known).map(str::to_owned).collect();
    Ok((parsed, unknown))
}

/// The keys of `value` (an object) that are not in `known`.
fn unknown_keys<'a>(value: &'a Json, known: &'a [&str]) -> impl Iterator<Item = &'a str> {
    value
        .as_object()
        .into_iter()
        .flat_map(|o| o.keys())
        .map(String::as_str)
        .filter(|k| !known.contains(k))
}

fn serde_reason(e: &serde_json::Error) -> String {
    e.to_string()
        .split(" at line ")
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// The file's text: the usable profiles, then what was kept, each as it was read.
pub fn to_string(profiles: &Profiles) -> String {
    let mut entries: Vec<Json> = profiles
        .profiles
        .iter()
        .map(|p| {
            let mut value = serde_json::to_value(p).unwrap_or_default();
            for kept in &profiles.kept {
                if let KeptPart::Field { profile, path } = &kept.part
                    && *profile == p.name
                {
                    insert_if_absent(&mut value, path, &kept.raw);
                }
            }
            value
        })
        .collect();
    entries.extend(
        profiles
            .kept
            .iter()
            .filter(|k| k.part == KeptPart::Entry)
            .map(|k| k.raw.clone()),
    );
    let mut root = Map::new();
    root.insert("profiles".into(), Json::Array(entries));
    for kept in &profiles.kept {
        if let KeptPart::TopLevel(key) = &kept.part {
            root.insert(key.clone(), kept.raw.clone());
        }
    }
    let mut s = serde_json::to_string_pretty(&Json::Object(root)).unwrap_or_default();
    s.push('\n');
    s
}

/// Puts `raw` at `path` inside `value` unless something is there already (what the user set
/// since wins) or the parent is gone (the user removed that section).
fn insert_if_absent(value: &mut Json, path: &[String], raw: &Json) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut at = value;
    for key in parents {
        match at.get_mut(key) {
            Some(next) => at = next,
            None => return,
        }
    }
    if let Some(object) = at.as_object_mut()
        && !object.contains_key(last)
    {
        object.insert(last.clone(), raw.clone());
    }
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

    /// Sets the connections `profile` has (the others, and what was kept for them, stay as
    /// they are): how the app saves a profile typed in its form.
    pub fn put(&mut self, profile: Profile) {
        for (section, set) in [
            (Service::Zendesk, profile.zendesk.is_some()),
            (Service::Braze, profile.braze.is_some()),
        ] {
            if set {
                self.forget_kept(&profile.name, section.name());
            }
        }
        let entry = self.entry(&profile.name);
        if profile.zendesk.is_some() {
            entry.zendesk = profile.zendesk;
        }
        if profile.braze.is_some() {
            entry.braze = profile.braze;
        }
    }

    /// Removes a profile (and what was kept inside it: the user asked for it to go).
    pub fn remove(&mut self, name: &str) -> bool {
        let before = self.profiles.len();
        self.profiles.retain(|p| p.name != name);
        self.kept
            .retain(|k| !matches!(&k.part, KeptPart::Field { profile, .. } if profile == name));
        self.profiles.len() != before
    }

    /// Forgets what was kept under `section` (`zendesk`, `braze`) of a profile: the user
    /// deleted or replaced that connection.
    pub fn forget_kept(&mut self, name: &str, section: &str) {
        self.kept.retain(|k| {
            !matches!(&k.part, KeptPart::Field { profile, path } if profile == name && path.first().is_some_and(|p| p == section))
        });
    }
}

/// Loads the file; a missing file is an empty list. Errors name the file and the position.
pub fn load(path: &Path) -> Result<Profiles, ProfileError> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&text).map_err(|e| ProfileError::InFile {
            path: path.display().to_string(),
            problem: Box::new(e),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Profiles::default()),
        Err(e) => Err(ProfileError::Read {
            path: path.display().to_string(),
            reason: e.to_string(),
        }),
    }
}

/// Changes the file: takes its lock, reads it again under the lock, applies `change` to what is
/// on disk and writes the result atomically (`0600`). Concurrent CLI and app processes take turns,
/// so none loses another's profile. A file that cannot be read is left as it is (`change` is not
/// called).
pub fn update<T, E: From<ProfileError>>(
    path: &Path,
    change: impl FnOnce(&mut Profiles) -> Result<T, E>,
) -> Result<T, E> {
    // Without a store nothing can fail to be stored.
    let no_store = |e: StoreError| {
        E::from(ProfileError::Write {
            path: path.display().to_string(),
            reason: e.message().to_string(),
        })
    };
    update_with_secrets(path, None, &[], no_store, change)
}

/// For callers whose errors are messages (the app's background jobs).
impl From<ProfileError> for Message {
    fn from(e: ProfileError) -> Message {
        e.message()
    }
}

/// Where secrets are stored with a profile change, and the profile they belong to.
pub struct SecretsFor<'a> {
    pub store: &'a dyn SecretStore,
    pub profile: &'a str,
}

/// [`update`], storing `secrets` for the profile as part of the same change: the file is read
/// and `change` applied first (a file that cannot be read stores nothing), then the secrets go
/// to the store, then the file is written. When the store refuses a secret, or the file cannot
/// be written, every secret already stored is put back as it was (the previous value, or none):
/// the store never keeps a secret that no profile in the file names.
pub fn update_with_secrets<T, E: From<ProfileError>>(
    path: &Path,
    secrets_for: Option<SecretsFor<'_>>,
    secrets: &[(Service, Secret)],
    store_error: impl Fn(StoreError) -> E,
    change: impl FnOnce(&mut Profiles) -> Result<T, E>,
) -> Result<T, E> {
    let write_error = |e: std::io::Error| ProfileError::Write {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(write_error)?;
    }
    let _lock = FileLock::acquire(path).map_err(|e| match crate::durable::lock_timed_out(&e) {
        Some(t) => ProfileError::LockTimedOut {
            path: path.display().to_string(),
            seconds: t.seconds,
        },
        None => ProfileError::Lock {
            path: path.display().to_string(),
            reason: e.to_string(),
        },
    })?;
    let mut profiles = load(path)?;
    let out = change(&mut profiles)?;
    let mut stored: Vec<(Service, Option<Secret>)> = Vec::new();
    let rollback = |stored: &[(Service, Option<Secret>)]| {
        let Some(to) = &secrets_for else { return };
        for (service, previous) in stored.iter().rev() {
            // Best effort: the first failure already says what is wrong with the store.
            let _ = match previous {
                Some(old) => to.store.set(to.profile, *service, old),
                None => to.store.delete(to.profile, *service),
            };
        }
    };
    if let Some(to) = &secrets_for {
        for (service, secret) in secrets {
            let result = to.store.get(to.profile, *service).and_then(|previous| {
                to.store.set(to.profile, *service, secret)?;
                stored.push((*service, previous));
                Ok(())
            });
            if let Err(e) = result {
                rollback(&stored);
                return Err(store_error(e));
            }
        }
    }
    if let Err(e) = write_atomic(path, to_string(&profiles).as_bytes(), Privacy::Private) {
        rollback(&stored);
        return Err(write_error(e).into());
    }
    Ok(out)
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
        let back = parse(&text).unwrap();
        assert_eq!(back, p);
        assert!(back.kept.is_empty());
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

    /// Issue 16: what this version cannot use is shown and written back as it was, however
    /// many times the file is saved.
    #[test]
    fn unusable_entries_are_kept_verbatim_through_saves_and_listed() {
        let text = r#"{"profiles": [
            {"name": "sandbox"},
            {"name": "ok", "braze": {"instance": "US-09"}, "zendesk": {"url": "http://acme.zendesk.com", "email": "a@b"}, "notes": [1, 2]},
            {"name": "ok", "braze": {"instance": "US-03"}},
            {"name": "has space", "braze": {"instance": "US-03"}},
            "not a profile",
            {"name": "new", "zendesk": {"subdomain": "acme", "email": "a@b", "region": "eu"}, "braze": {"url": "https://rest.fra-02.braze.eu", "cluster": 7}}
        ], "defaults": {"profile": "ok"}}"#;
        let p = parse(text).unwrap();
        let names: Vec<&str> = p.profiles.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["ok", "new"]);
        assert_eq!(p.profiles[0].braze, None);
        assert_eq!(p.profiles[0].zendesk, None);
        assert!(p.profiles[1].zendesk.is_some() && p.profiles[1].braze.is_some());
        let ids: Vec<&str> = p.kept.iter().map(|k| k.reason.id()).collect();
        assert_eq!(
            ids,
            [
                "files-unknown-key",
                "files-profile-unusable",
                "files-profile-part-unusable",
                "files-profile-part-unusable",
                "files-profile-part-unknown",
                "files-profile-duplicate",
                "files-profile-unusable",
                "files-profile-entry-unusable",
                "files-profile-part-unknown",
                "files-profile-part-unknown",
            ],
            "{:#?}",
            p.kept
        );
        let shown: Vec<String> = p.kept.iter().map(|k| k.reason.to_string()).collect();
        assert!(shown[1].contains("built-in"), "{}", shown[1]);
        assert!(
            shown[2].contains("US-09") && shown[2].contains("kept as they are"),
            "{}",
            shown[2]
        );
        assert!(shown[3].contains("plain http"), "{}", shown[3]);
        assert!(shown[6].contains("has space"), "{}", shown[6]);

        // Saved many times (each save reads the last one back): the same profiles, the same kept
        // parts, and every original value still in the file.
        let original: Json = serde_json::from_str(text).unwrap();
        // Kept entries go after the usable ones, so the first save may reorder them; after that
        // a save changes nothing.
        let first = parse(&to_string(&p)).unwrap();
        assert_eq!(first.profiles, p.profiles);
        let raw = |p: &Profiles| {
            let mut raw: Vec<String> = p
                .kept
                .iter()
                .map(|k| format!("{:?} {}", k.part, k.raw))
                .collect();
            raw.sort();
            raw
        };
        assert_eq!(raw(&first), raw(&p));
        let mut current = first.clone();
        for _ in 0..3 {
            let saved = to_string(&current);
            current = parse(&saved).unwrap();
            assert_eq!(current, first);
            let saved: Json = serde_json::from_str(&saved).unwrap();
            assert_eq!(saved["defaults"], original["defaults"]);
            for entry in original["profiles"].as_array().unwrap() {
                let entries = saved["profiles"].as_array().unwrap();
                match entry.get("name").and_then(Json::as_str) {
                    Some("ok") => continue, // the two `ok`s: checked below
                    // Usable: written again, with its defaults (`auth`) spelt out.
                    Some("new") => assert!(
                        entries.iter().any(|e| holds(e, entry)),
                        "{entry} lost from {saved:#}"
                    ),
                    _ => assert!(entries.contains(entry), "{entry} lost from {saved:#}"),
                }
            }
            let ok = &saved["profiles"][0];
            assert_eq!(ok["braze"], original["profiles"][1]["braze"]);
            assert_eq!(ok["zendesk"], original["profiles"][1]["zendesk"]);
            assert_eq!(ok["notes"], original["profiles"][1]["notes"]);
            assert!(
                saved["profiles"]
                    .as_array()
                    .unwrap()
                    .contains(&original["profiles"][2])
            );
        }

        // A connection set since takes the kept one's place; nested unknown keys stay.
        // (As the app saves a profile from its form: the Zendesk part it did not set stays.)
        current.put(Profile {
            name: "ok".into(),
            zendesk: None,
            braze: Some(BrazeProfile {
                instance: Some("EU-01".into()),
                url: None,
            }),
        });
        current.entry("new").zendesk.as_mut().unwrap().email = "b@c".into();
        let saved: Json = serde_json::from_str(&to_string(&current)).unwrap();
        assert_eq!(
            saved["profiles"][0]["braze"],
            serde_json::json!({"instance": "EU-01"})
        );
        assert_eq!(
            saved["profiles"][0]["zendesk"]["url"],
            "http://acme.zendesk.com"
        );
        assert_eq!(saved["profiles"][1]["zendesk"]["region"], "eu");
        assert_eq!(saved["profiles"][1]["zendesk"]["email"], "b@c");
        assert_eq!(saved["profiles"][1]["braze"]["cluster"], 7);
    }

    /// Whether `value` holds everything `part` has (objects may have more keys).
    fn holds(value: &Json, part: &Json) -> bool {
        match (value, part) {
            (Json::Object(v), Json::Object(p)) => p
                .iter()
                .all(|(k, pv)| v.get(k).is_some_and(|vv| holds(vv, pv))),
            _ => value == part,
        }
    }

    #[test]
    fn a_file_that_is_not_a_profiles_file_is_an_error_naming_its_place() {
        let e = parse("{\"profiles\": [\n  {\"name\": }]}")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("line 2, column 12"), "{e}");
        assert_eq!(
            parse("[]"),
            Err(ProfileError::NotAnObject {
                found: JsonKind::Array
            })
        );
        assert_eq!(
            parse("{\"profiles\": 5}"),
            Err(ProfileError::NotAList {
                found: JsonKind::Number
            })
        );
    }

    /// `update` re-reads the file under its lock and changes what is there now; the file is
    /// `0600`; a file it cannot read is left exactly as it was.
    #[test]
    fn update_changes_the_file_as_it_is_now_and_keeps_it_private() {
        let dir = std::env::temp_dir().join(format!(
            "zb-profiles-update-{}-{:x}",
            std::process::id(),
            fastrand::u64(..)
        ));
        let path = dir.join("config/profiles.json");
        update(&path, |p| {
            p.entry("one").braze = Some(BrazeProfile {
                instance: Some("US-03".into()),
                url: None,
            });
            Ok::<_, ProfileError>(())
        })
        .unwrap();
        // Another process writes meanwhile (a profile this one never read, and one it cannot use).
        let mut text = std::fs::read_to_string(&path).unwrap();
        text = text.replacen(
            "\"profiles\": [",
            "\"profiles\": [{\"name\": \"two\", \"braze\": {\"instance\": \"EU-01\"}}, {\"name\": \"a b\"},",
            1,
        );
        std::fs::write(&path, text).unwrap();
        update(&path, |p| {
            p.entry("three").braze = Some(BrazeProfile {
                instance: Some("US-01".into()),
                url: None,
            });
            Ok::<_, ProfileError>(())
        })
        .unwrap();
        let p = load(&path).unwrap();
        let names: Vec<&str> = p.profiles.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["two", "one", "three"]);
        assert_eq!(p.kept.len(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        std::fs::write(&path, "{\"profiles\": [").unwrap();
        let e = update(&path, |_| -> Result<(), ProfileError> {
            panic!("not called")
        })
        .unwrap_err()
        .to_string();
        assert!(e.contains("profiles.json"), "{e}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{\"profiles\": [");
        std::fs::remove_dir_all(dir).unwrap();
    }

    /// The secret is stored only when the profile that names it is written: a profiles path
    /// that cannot be read or written leaves the store as it was (no secret, or the old one).
    #[test]
    fn a_profile_that_cannot_be_written_leaves_no_secret_behind() {
        use crate::secrets::SessionStore;
        let dir = std::env::temp_dir().join(format!(
            "zb-profiles-secret-{}-{:x}",
            std::process::id(),
            fastrand::u64(..)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let store = SessionStore::new();
        let save = |path: &Path| save_with_secret(&store, path);
        let stored = |store: &SessionStore| {
            store
                .get("p", Service::Zendesk)
                .unwrap()
                .map(|s| s.expose().to_owned())
        };
        // A directory where the file should be.
        let as_dir = dir.join("is-a-dir.json");
        std::fs::create_dir_all(&as_dir).unwrap();
        assert!(save(&as_dir).is_err());
        assert_eq!(stored(&store), None);
        // A file it cannot read.
        let corrupt = dir.join("corrupt.json");
        std::fs::write(&corrupt, "{\"profiles\": [").unwrap();
        assert!(save(&corrupt).is_err());
        assert_eq!(stored(&store), None);
        // A file it can read but not write: a read-only directory (when not root), a full disk
        // (when root). A secret stored before is put back.
        store
            .set("p", Service::Zendesk, &Secret::new("old-token".to_owned()))
            .unwrap();
        let ro = dir.join("ro");
        std::fs::create_dir_all(&ro).unwrap();
        let path = ro.join("profiles.json");
        update(&path, |_| Ok::<_, ProfileError>(())).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o500)).unwrap();
            let root_writes_anyway = std::fs::write(ro.join("probe"), b"").is_ok();
            if !root_writes_anyway {
                let e = save(&path).unwrap_err().to_string();
                assert!(e.contains("profiles.json"), "{e}");
                assert_eq!(stored(&store).as_deref(), Some("old-token"));
            }
            std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o700)).unwrap();
        }
        // And when the file is written, the secret is there.
        let good = dir.join("good.json");
        save(&good).unwrap();
        assert_eq!(stored(&store).as_deref(), Some("new-token"));
        assert!(load(&good).unwrap().get("p").is_some());
        std::fs::remove_dir_all(dir).unwrap();
    }

    /// Saves profile `p` with a Zendesk token `new-token` through `update_with_secrets`.
    fn save_with_secret(
        store: &crate::secrets::SessionStore,
        path: &Path,
    ) -> Result<(), ProfileError> {
        update_with_secrets(
            path,
            Some(SecretsFor {
                store,
                profile: "p",
            }),
            &[(Service::Zendesk, Secret::new("new-token".to_owned()))],
            |e| ProfileError::Write {
                path: path.display().to_string(),
                reason: e.message().to_string(),
            },
            |p| {
                p.entry("p").braze = Some(BrazeProfile {
                    instance: Some("US-03".into()),
                    url: None,
                });
                Ok::<_, ProfileError>(())
            },
        )
    }

    /// On a really full disk the profile write fails, and the secret stored before is put back.
    #[cfg(target_os = "linux")]
    #[test]
    #[ignore = "needs root to mount a small full tmpfs: run as root (.ci/run does)"]
    fn a_full_disk_leaves_the_old_secret() {
        use crate::secrets::SessionStore;
        let dir = std::env::temp_dir().join(format!(
            "zb-profiles-full-{}-{:x}",
            std::process::id(),
            fastrand::u64(..)
        ));
        let store = SessionStore::new();
        store
            .set("p", Service::Zendesk, &Secret::new("old-token".to_owned()))
            .unwrap();
        let disk = crate::durable::full_disk::Tmpfs::mount(&dir.join("full"), 64);
        let path = disk.dir.join("profiles.json");
        update(&path, |_| Ok::<_, ProfileError>(())).unwrap();
        let before = std::fs::read(&path).unwrap();
        disk.fill();
        let e = save_with_secret(&store, &path).unwrap_err().to_string();
        assert!(e.contains("profiles.json"), "{e}");
        let stored = store.get("p", Service::Zendesk).unwrap();
        assert_eq!(stored.as_ref().map(|s| s.expose()), Some("old-token"));
        assert_eq!(std::fs::read(&path).unwrap(), before);
        drop(disk);
        let _ = std::fs::remove_dir_all(dir);
    }

    /// Issue 24 §8: an input error names the file, the key and what was expected, in both
    /// languages (serde's English never reaches the person).
    #[test]
    fn a_bad_profiles_file_names_the_key_and_what_was_expected() {
        use crate::i18n::{Catalogue, Language};
        let en = Catalogue::get(Language::English);
        let es = Catalogue::get(Language::Spanish);
        let kept = |text: &str| {
            let p = parse(text).unwrap();
            p.kept
                .iter()
                .map(|k| en.message(&k.reason))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            kept(r#"{"profiles":[{"name":"p","zendesk":{"url":5,"email":"a@b.test"}}]}"#),
            [
                "Profile “p”: its zendesk settings cannot be used and are kept as they are: `url` must be a string, found a number"
            ]
        );
        assert_eq!(
            kept(
                r#"{"profiles":[{"name":"p","zendesk":{"subdomain":"acme","email":"a@b.test","auth":"basic"}}]}"#
            ),
            [
                "Profile “p”: its zendesk settings cannot be used and are kept as they are: `auth` must be one of api_token, oauth, found “basic”"
            ]
        );
        assert_eq!(
            kept(r#"{"profiles":[{"name":"p","braze":["US-03"]}]}"#),
            [
                "Profile “p”: its braze settings cannot be used and are kept as they are: it is not a JSON object"
            ]
        );
        let error = |text: &str| {
            let e = load_text_error(text);
            (en.message(&e), es.message(&e))
        };
        assert_eq!(
            error(r#"{"profiles": {}}"#),
            (
                "/p/profiles.json: “profiles” must be a list of profiles, found an object".into(),
                "/p/profiles.json: «profiles» debe ser una lista de perfiles; contiene un objeto"
                    .into()
            )
        );
        assert_eq!(
            error("{\"a\":").1,
            "/p/profiles.json: línea 1, columna 5: el texto termina antes que el JSON"
        );
        assert_eq!(
            error("3").0,
            "/p/profiles.json: the file is not a JSON object: it holds a number"
        );
    }

    /// The error `load` gives for a file at /p/profiles.json holding `text`.
    fn load_text_error(text: &str) -> Message {
        let problem = parse(text).unwrap_err();
        ProfileError::InFile {
            path: "/p/profiles.json".into(),
            problem: Box::new(problem),
        }
        .message()
    }
}
