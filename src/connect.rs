//! From a profile to working clients: find the secret (keyring, or the sandbox's public demo
//! values), build the clients, and test a connection with a message that says what to fix.

use crate::api::braze::{BrazeClient, ExportRequest};
use crate::api::zendesk::{ZendeskAuth, ZendeskClient};
use crate::api::{ApiError, ClientOptions, Exchange};
use crate::i18n::{Localize, Message};
use crate::msg;
use crate::profiles::{self, Profile, ZendeskAuthKind};
use crate::secrets::{Secret, SecretStore, Service, StoreError};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ConnectError {
    NoConnection {
        profile: String,
        service: Service,
    },
    NoSecret {
        profile: String,
        service: Service,
        /// [`SecretStore::describe`]: `keyring` or `session`.
        store: &'static str,
    },
    Store(#[from] StoreError),
    Endpoint(#[from] ApiError),
}

impl Localize for ConnectError {
    fn message(&self) -> Message {
        match self {
            ConnectError::NoConnection { profile, service } => msg!(
                "connect-no-connection",
                profile = profile,
                service = service.name()
            ),
            ConnectError::NoSecret {
                profile,
                service,
                store,
            } => msg!(
                "connect-no-secret",
                profile = profile,
                service = service.name(),
                store = crate::secrets::store_place(store)
            ),
            ConnectError::Store(e) => e.message(),
            ConnectError::Endpoint(e) => e.message(),
        }
    }
}
crate::display_via_message!(ConnectError);

/// The secret for one service of a profile.
pub fn secret(
    profile: &Profile,
    service: Service,
    store: &dyn SecretStore,
) -> Result<Secret, ConnectError> {
    if profile.is_sandbox() {
        return Ok(profiles::sandbox_secret(service));
    }
    store
        .get(&profile.name, service)?
        .ok_or_else(|| ConnectError::NoSecret {
            profile: profile.name.clone(),
            service,
            store: store.describe(),
        })
}

pub fn zendesk_client(
    profile: &Profile,
    store: &dyn SecretStore,
    options: ClientOptions,
) -> Result<ZendeskClient, ConnectError> {
    let z = profile
        .zendesk
        .as_ref()
        .ok_or_else(|| ConnectError::NoConnection {
            profile: profile.name.clone(),
            service: Service::Zendesk,
        })?;
    let root = z.root()?;
    let token = secret(profile, Service::Zendesk, store)?;
    let auth = match z.auth {
        ZendeskAuthKind::ApiToken => ZendeskAuth::ApiToken {
            email: z.email.clone(),
            token,
        },
        ZendeskAuthKind::Oauth => ZendeskAuth::OAuth(token),
    };
    Ok(ZendeskClient::with_auth(&root, auth, options)?)
}

pub fn braze_client(
    profile: &Profile,
    store: &dyn SecretStore,
    options: ClientOptions,
) -> Result<BrazeClient, ConnectError> {
    let b = profile
        .braze
        .as_ref()
        .ok_or_else(|| ConnectError::NoConnection {
            profile: profile.name.clone(),
            service: Service::Braze,
        })?;
    let base = b.base()?;
    let key = secret(profile, Service::Braze, store)?;
    Ok(BrazeClient::new(&base, key, options)?)
}

/// The result of a connection test.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub service: Service,
    pub ok: bool,
    /// One line: who signed in where, or what to fix.
    pub summary: Message,
    pub warnings: Vec<Message>,
    pub exchange: Option<Exchange>,
}

/// Zendesk: `/users/me` must be a real agent or admin (the anonymous user means bad credentials).
pub async fn check_zendesk(client: &ZendeskClient) -> Check {
    let outcome = client.verify().await;
    let (ok, summary) = match &outcome.result {
        Ok(user) => (
            true,
            msg!(
                "connect-zendesk-ok",
                email = user.email.as_deref().unwrap_or("?"),
                role = user.role.as_deref().unwrap_or("?"),
                url = client.root()
            ),
        ),
        Err(e) => (false, zendesk_advice(client, e)),
    };
    Check {
        service: Service::Zendesk,
        ok,
        summary,
        warnings: outcome
            .exchange
            .warnings
            .iter()
            .map(Localize::message)
            .collect(),
        exchange: Some(outcome.exchange),
    }
}

fn zendesk_advice(client: &ZendeskClient, e: &ApiError) -> Message {
    let who = match client.email() {
        Some(email) => msg!("connect-who-email", email = email),
        None => msg!("connect-who-oauth"),
    };
    match e {
        ApiError::AnonymousUser => msg!("connect-zendesk-anonymous", who = who),
        ApiError::Unauthorized { .. } => msg!("connect-zendesk-unauthorized", who = who),
        ApiError::NoSuchAccount { url } => msg!("api-no-such-account", url = url),
        ApiError::Unresolved { host, message } => {
            msg!("connect-zendesk-offline", host = host, reason = message)
        }
        ApiError::Connect { url, message } => {
            msg!("connect-zendesk-unreachable", url = url, reason = message)
        }
        other => other.message(),
    }
}

/// Braze: a harmless `/users/export/ids` for an id nobody has proves the key and the instance
/// without logging anything.
pub async fn check_braze(client: &BrazeClient) -> Check {
    let probe = ExportRequest {
        external_ids: vec!["zenbraze-connection-check".into()],
        fields_to_export: vec!["external_id".into()],
        ..ExportRequest::default()
    };
    let outcome = client.export_ids(&probe).await;
    let base = client.base();
    let mut warnings = Vec::new();
    let (ok, summary) = match &outcome.result {
        Ok(_) => (true, msg!("connect-braze-ok", url = base)),
        Err(ApiError::Forbidden { .. }) => {
            warnings.push(msg!("connect-braze-no-export"));
            (true, msg!("connect-braze-ok", url = base))
        }
        Err(ApiError::Unauthorized { .. }) => {
            (false, msg!("connect-braze-unauthorized", url = base))
        }
        Err(ApiError::NotFound { .. }) => (false, msg!("connect-braze-not-found", url = base)),
        Err(ApiError::Unresolved { host, message }) => (
            false,
            msg!("connect-braze-offline", host = host, reason = message),
        ),
        Err(ApiError::Connect { message, .. }) => (
            false,
            msg!("connect-braze-unreachable", url = base, reason = message),
        ),
        Err(e) => (false, e.message()),
    };
    Check {
        service: Service::Braze,
        ok,
        summary,
        warnings,
        exchange: Some(outcome.exchange),
    }
}

/// How a connection test talks: one attempt, no retries, and answers within seconds. A test
/// that waits out a send's retries (about 7 s with no network) tells the person nothing more.
pub fn test_options() -> ClientOptions {
    ClientOptions {
        retry: crate::api::RetryPolicy {
            max_retries: 0,
            ..Default::default()
        },
        timeouts: crate::api::Timeouts {
            connect: std::time::Duration::from_secs(4),
            request: std::time::Duration::from_secs(8),
        },
    }
}

/// Tests every service the profile has, both at once, one line each: `(ok, "Zendesk: signed
/// in as …")`. With [`test_options`] it ends within seconds; drop the future to cancel it.
pub async fn check_profile(profile: &Profile, store: &dyn SecretStore) -> Vec<(bool, Message)> {
    let line =
        |service: &str, what: Message| msg!("connect-line", service = service, result = what);
    let zendesk = async {
        profile.zendesk.as_ref()?;
        Some(match zendesk_client(profile, store, test_options()) {
            Ok(c) => {
                let check = check_zendesk(&c).await;
                (check.ok, line("Zendesk", check.summary))
            }
            Err(e) => (false, line("Zendesk", e.message())),
        })
    };
    let braze = async {
        profile.braze.as_ref()?;
        Some(match braze_client(profile, store, test_options()) {
            Ok(c) => {
                let check = check_braze(&c).await;
                (check.ok, line("Braze", check.summary))
            }
            Err(e) => (false, line("Braze", e.message())),
        })
    };
    let (z, b) = tokio::join!(zendesk, braze);
    z.into_iter().chain(b).collect()
}
