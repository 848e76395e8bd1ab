//! `zenbraze credentials`: profiles in a readable file, their secrets in the OS keyring.
//! Exit codes: 0 done (for `test`: both services answered as a real account), 1 a connection
//! test failed, 2 usage, keyring or file errors.

use std::io::Read;

use super::{CredentialsAction, ServiceArg};
use super::{say, text};
use crate::api::{ClientOptions, endpoint};
use crate::connect;
use crate::i18n::{Localize, Message};
use crate::msg;
use crate::net;
use crate::paths;
use crate::profiles::{
    self, BrazeProfile, Profile, Profiles, SANDBOX_PROFILE, ZendeskAuthKind, ZendeskProfile,
};
use crate::secrets::hygiene::clean_secret;
use crate::secrets::{Keyring, MASK, Secret, SecretStore, Service, StoreError};

/// A usage, file or keyring problem, for the user.
pub struct Failure(pub Message);

impl From<Message> for Failure {
    fn from(m: Message) -> Self {
        Failure(m)
    }
}

/// A token or key is a few hundred bytes; standard input is read up to this, like every other
/// input is capped, so `< /dev/zero` is refused at once instead of filling memory.
pub const MAX_SECRET_BYTES: u64 = 64 * 1024;

/// The secret from standard input (or any reader), at most [`MAX_SECRET_BYTES`].
fn read_secret(input: impl Read) -> Result<String, Failure> {
    let mut raw = Vec::new();
    input
        .take(MAX_SECRET_BYTES + 1)
        .read_to_end(&mut raw)
        .map_err(|e| Failure(msg!("cli-cannot-read-secret", reason = e.to_string())))?;
    if raw.len() as u64 > MAX_SECRET_BYTES {
        return Err(Failure(msg!(
            "cli-secret-too-large",
            limit = MAX_SECRET_BYTES / 1024
        )));
    }
    String::from_utf8(raw).map_err(|e| {
        Failure(msg!(
            "cli-cannot-read-secret",
            reason = e.utf8_error().to_string()
        ))
    })
}

impl From<profiles::ProfileError> for Failure {
    fn from(e: profiles::ProfileError) -> Self {
        Failure(e.message())
    }
}

pub fn run(action: &CredentialsAction) -> i32 {
    let result = match action {
        CredentialsAction::Set {
            profile,
            service,
            subdomain,
            url,
            email,
            oauth,
            instance,
        } => set(
            profile,
            *service,
            SetArgs {
                subdomain: subdomain.as_deref(),
                url: url.as_deref(),
                email: email.as_deref(),
                oauth: *oauth,
                instance: instance.as_deref(),
            },
        ),
        CredentialsAction::List => list(),
        CredentialsAction::Test { profile } => test(profile),
        CredentialsAction::Delete { profile, service } => delete(profile, *service),
    };
    match result {
        Ok(code) => code,
        Err(Failure(message)) => {
            eprintln!("zenbraze credentials: {}", say(&message));
            2
        }
    }
}

pub fn service(arg: ServiceArg) -> Service {
    match arg {
        ServiceArg::Zendesk => Service::Zendesk,
        ServiceArg::Braze => Service::Braze,
    }
}

/// Secrets: an environment variable for one command (kept in memory), else the OS keyring.
pub struct CliStore {
    keyring: Keyring,
}

impl CliStore {
    pub fn new() -> Self {
        Self {
            keyring: Keyring::os(),
        }
    }
}

impl Default for CliStore {
    fn default() -> Self {
        Self::new()
    }
}

fn env_var(service: Service) -> &'static str {
    match service {
        Service::Zendesk => crate::api::curl::ZENDESK_TOKEN_VAR,
        Service::Braze => crate::api::curl::BRAZE_KEY_VAR,
    }
}

impl SecretStore for CliStore {
    fn get(&self, profile: &str, service: Service) -> Result<Option<Secret>, StoreError> {
        if let Ok(value) = std::env::var(env_var(service))
            && let Ok(cleaned) = clean_secret(&value, service)
        {
            return Ok(Some(cleaned.secret));
        }
        self.keyring.get(profile, service)
    }
    fn set(&self, profile: &str, service: Service, secret: &Secret) -> Result<(), StoreError> {
        self.keyring.set(profile, service, secret)
    }
    fn delete(&self, profile: &str, service: Service) -> Result<(), StoreError> {
        self.keyring.delete(profile, service)
    }
    fn describe(&self) -> &'static str {
        "keyring"
    }
}

/// Why a keyring failure matters and what to do instead; never a file.
fn keyring_failure(e: &StoreError) -> Failure {
    match e {
        StoreError::Unavailable(_) => Failure(msg!(
            "cli-keyring-unavailable",
            reason = e.message(),
            zendesk = crate::api::curl::ZENDESK_TOKEN_VAR,
            braze = crate::api::curl::BRAZE_KEY_VAR
        )),
        StoreError::Failed(_) | StoreError::TimedOut(_) => Failure(e.message()),
    }
}

fn profiles_path() -> Result<std::path::PathBuf, Failure> {
    paths::profiles_file().ok_or_else(|| Failure(msg!("cli-no-config-dir")))
}

fn load_profiles() -> Result<(Profiles, std::path::PathBuf), Failure> {
    let path = profiles_path()?;
    let profiles = profiles::load(&path)?;
    report_kept(&profiles, &path);
    Ok((profiles, path))
}

/// What the file holds that this version cannot use (it stays in the file as it is).
fn report_kept(profiles: &Profiles, path: &std::path::Path) {
    for kept in &profiles.kept {
        eprintln!("zenbraze: {}: {}", path.display(), say(&kept.reason));
    }
}

/// The sandbox's address for the built-in profile: `ZENBRAZE_SANDBOX_URL`, else port 8787.
pub fn sandbox_url() -> String {
    std::env::var("ZENBRAZE_SANDBOX_URL")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(profiles::default_sandbox_url)
}

/// A profile by name, the built-in `sandbox` included.
pub fn find_profile(name: &str) -> Result<Profile, Failure> {
    if name == SANDBOX_PROFILE {
        return Ok(Profile::sandbox(&sandbox_url()));
    }
    let (profiles, path) = load_profiles()?;
    profiles.get(name).cloned().ok_or_else(|| {
        let mut known: Vec<&str> = profiles.profiles.iter().map(|p| p.name.as_str()).collect();
        known.push(SANDBOX_PROFILE);
        Failure(msg!(
            "cli-no-profile",
            name = name,
            path = path.display().to_string(),
            known = known.join(", ")
        ))
    })
}

struct SetArgs<'a> {
    subdomain: Option<&'a str>,
    url: Option<&'a str>,
    email: Option<&'a str>,
    oauth: bool,
    instance: Option<&'a str>,
}

fn set(name: &str, service_arg: ServiceArg, args: SetArgs<'_>) -> Result<i32, Failure> {
    profiles::check_name(name)?;
    let service = service(service_arg);
    let endpoint_error = |e: crate::api::ApiError| Failure(e.message());
    let section = match service {
        Service::Zendesk => {
            if args.instance.is_some() {
                return Err(Failure(msg!("cli-instance-is-for-braze")));
            }
            let (subdomain, url) = match (args.subdomain, args.url) {
                (Some(s), None) => (
                    Some(endpoint::zendesk_subdomain(s).map_err(endpoint_error)?),
                    None,
                ),
                (None, Some(u)) => (None, Some(endpoint::explicit(u).map_err(endpoint_error)?)),
                _ => {
                    return Err(Failure(msg!("cli-zendesk-one-address")));
                }
            };
            let email = args.email.map(str::trim).unwrap_or_default().to_owned();
            if !args.oauth && !email.contains('@') {
                return Err(Failure(msg!("cli-zendesk-needs-email")));
            }
            Section::Zendesk(ZendeskProfile {
                subdomain,
                url,
                email,
                auth: if args.oauth {
                    ZendeskAuthKind::Oauth
                } else {
                    ZendeskAuthKind::ApiToken
                },
            })
        }
        Service::Braze => {
            if args.subdomain.is_some() || args.email.is_some() || args.oauth {
                return Err(Failure(msg!("cli-zendesk-options-for-braze")));
            }
            let (instance, url) = match (args.instance, args.url) {
                (Some(i), None) => {
                    endpoint::braze_from_instance(i).map_err(endpoint_error)?;
                    (Some(i.trim().to_ascii_uppercase()), None)
                }
                (None, Some(u)) => (None, Some(endpoint::explicit(u).map_err(endpoint_error)?)),
                _ => {
                    return Err(Failure(msg!("cli-braze-one-address")));
                }
            };
            Section::Braze(BrazeProfile { instance, url })
        }
    };
    let path = profiles_path()?;
    let raw = read_secret(std::io::stdin())?;
    let cleaned = clean_secret(&raw, service)
        .map_err(|e| Failure(msg!("cli-secret-refused", problem = e.message())))?;
    for w in &cleaned.warnings {
        eprintln!(
            "zenbraze credentials: {}: {}",
            say(&crate::lint::Severity::Warning.message()),
            say(w)
        );
    }
    // Under the file's lock: another `credentials set` (or the app) waits, and this change is
    // applied to the file as it is now, so no profile saved meanwhile is lost. The secret is
    // stored once the file has been read and changed, and put back as it was if the file cannot
    // be written: the keyring never keeps a secret no profile names, and when the keyring is
    // unavailable nothing is written anywhere.
    let store = CliStore::new();
    // No keyring at all: said before any file (or its lock) is made.
    store.keyring.status().map_err(|e| keyring_failure(&e))?;
    let place = profiles::update_with_secrets(
        &path,
        Some(profiles::SecretsFor {
            store: &store.keyring,
            profile: name,
        }),
        &[(service, cleaned.secret)],
        |e| keyring_failure(&e),
        |profiles| {
            report_kept(profiles, &path);
            Ok::<_, Failure>(put_section(profiles, name, section))
        },
    )?;
    println!(
        "{}",
        text(msg!(
            "cli-profile-saved",
            name = name,
            place = place,
            service = service.name(),
            path = path.display().to_string()
        ))
    );
    println!("{}", text(msg!("cli-profile-test-hint", name = name)));
    Ok(0)
}

enum Section {
    Zendesk(ZendeskProfile),
    Braze(BrazeProfile),
}

/// Sets one connection of a profile (what was kept for it is replaced); says where it points.
fn put_section(profiles: &mut Profiles, name: &str, section: Section) -> Message {
    let service = match section {
        Section::Zendesk(_) => Service::Zendesk,
        Section::Braze(_) => Service::Braze,
    };
    profiles.forget_kept(name, service.name());
    let entry = profiles.entry(name);
    match section {
        Section::Zendesk(z) => {
            let who = if z.email.is_empty() {
                "OAuth".to_owned()
            } else {
                z.email.clone()
            };
            let place = msg!("cli-place-zendesk", address = z.describe(), who = who);
            entry.zendesk = Some(z);
            place
        }
        Section::Braze(b) => {
            let place = msg!("cli-place-braze", address = b.describe());
            entry.braze = Some(b);
            place
        }
    }
}

fn list() -> Result<i32, Failure> {
    let path = profiles_path()?;
    let profiles = profiles::load(&path)?;
    let store = CliStore::new();
    let secret_state = |p: &Profile, s: Service| -> String {
        if p.is_sandbox() {
            return text(msg!("cli-secret-demo", mask = MASK));
        }
        match store.keyring.get(&p.name, s) {
            Ok(Some(_)) => MASK.to_owned(),
            Ok(None) => text(msg!("cli-secret-none")),
            Err(StoreError::Unavailable(_)) => text(msg!("cli-secret-keyring-unavailable")),
            Err(e) => format!("({})", say(&e)),
        }
    };
    let mut all = vec![Profile::sandbox(&sandbox_url())];
    all.extend(profiles.profiles.iter().cloned());
    println!(
        "{}",
        text(msg!("cli-profiles-in", path = path.display().to_string()))
    );
    for p in &all {
        if p.is_sandbox() {
            println!("{}", text(msg!("cli-profile-builtin", name = &p.name)));
        } else {
            println!("{}", p.name);
        }
        match &p.zendesk {
            Some(z) => println!(
                "  zendesk  {}  {}  {} {}",
                z.describe(),
                if z.email.is_empty() {
                    "oauth"
                } else {
                    &z.email
                },
                text(msg!(
                    "cli-token-kind",
                    kind = if z.auth == ZendeskAuthKind::Oauth {
                        "oauth"
                    } else {
                        "api"
                    }
                )),
                secret_state(p, Service::Zendesk)
            ),
            None => println!("  zendesk  {}", text(msg!("cli-not-set"))),
        }
        match &p.braze {
            Some(b) => println!(
                "  braze    {}  {} {}",
                b.describe(),
                text(msg!("cli-rest-key")),
                secret_state(p, Service::Braze)
            ),
            None => println!("  braze    {}", text(msg!("cli-not-set"))),
        }
    }
    if !profiles.kept.is_empty() {
        println!(
            "{}",
            text(msg!(
                "files-kept-heading",
                file = path.display().to_string(),
                count = profiles.kept.len()
            ))
        );
        for kept in &profiles.kept {
            println!("  {}", say(&kept.reason));
        }
    }
    Ok(0)
}

fn test(name: &str) -> Result<i32, Failure> {
    let profile = find_profile(name)?;
    let store = CliStore::new();
    let options = ClientOptions::default();
    let mut all_ok = true;
    let mut report = |service: Service, check: Result<connect::Check, connect::ConnectError>| {
        let label = service.name();
        match check {
            Ok(c) => {
                all_ok &= c.ok;
                let verdict = text(msg!("cli-check", ok = if c.ok { "yes" } else { "no" }));
                println!("{label:8} {verdict:4}  {}", say(&c.summary));
                for w in c.warnings {
                    println!(
                        "{:8}       {}: {}",
                        "",
                        say(&crate::lint::Severity::Warning.message()),
                        say(&w)
                    );
                }
            }
            Err(e) => {
                all_ok = false;
                let verdict = text(msg!("cli-check", ok = "no"));
                println!("{label:8} {verdict:4}  {}", say(&e));
            }
        }
    };
    let zendesk = connect::zendesk_client(&profile, &store, options);
    let braze = connect::braze_client(&profile, &store, options);
    let (z, b) = net::block_on(async {
        let z = match &zendesk {
            Ok(c) => Ok(connect::check_zendesk(c).await),
            Err(e) => Err(e.clone()),
        };
        let b = match &braze {
            Ok(c) => Ok(connect::check_braze(c).await),
            Err(e) => Err(e.clone()),
        };
        (z, b)
    });
    report(Service::Zendesk, z);
    report(Service::Braze, b);
    Ok(if all_ok { 0 } else { 1 })
}

fn delete(name: &str, which: Option<ServiceArg>) -> Result<i32, Failure> {
    if name == SANDBOX_PROFILE {
        return Err(Failure(msg!("cli-sandbox-not-deletable")));
    }
    let path = profiles_path()?;
    let services: Vec<Service> = match which {
        Some(s) => vec![service(s)],
        None => vec![Service::Zendesk, Service::Braze],
    };
    profiles::update(&path, |profiles| {
        report_kept(profiles, &path);
        if profiles.get(name).is_none() {
            return Err(Failure(msg!(
                "cli-no-such-profile",
                name = name,
                path = path.display().to_string()
            )));
        }
        let store = CliStore::new();
        for s in &services {
            store.delete(name, *s).map_err(|e| keyring_failure(&e))?;
            profiles.forget_kept(name, s.name());
        }
        let entry = profiles.entry(name);
        for s in &services {
            match s {
                Service::Zendesk => entry.zendesk = None,
                Service::Braze => entry.braze = None,
            }
        }
        if entry.zendesk.is_none() && entry.braze.is_none() {
            profiles.remove(name);
        }
        Ok(())
    })?;
    let what = if services.len() == 2 {
        "both"
    } else {
        services[0].name()
    };
    println!(
        "{}",
        text(msg!("cli-profile-deleted", services = what, name = name))
    );
    Ok(0)
}
