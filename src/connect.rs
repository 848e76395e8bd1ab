//! From a profile to working clients: find the secret (keyring, or the sandbox's public demo
//! values), build the clients, and test a connection with a message that says what to fix.

use crate::api::braze::{BrazeClient, ExportRequest};
use crate::api::zendesk::{ZendeskAuth, ZendeskClient};
use crate::api::{ApiError, ClientOptions, Exchange};
use crate::secrets::profiles::{self, Profile, ZendeskAuthKind};
use crate::secrets::{Secret, SecretStore, Service, StoreError};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ConnectError {
    #[error("profile `{profile}` has no {} connection: add one with `zenbraze credentials set {profile} {} …`", service_title(*service), service.name())]
    NoConnection { profile: String, service: Service },
    #[error("no {} for profile `{profile}` in {store}: set it with `zenbraze credentials set {profile} {} …`", service.secret_name(), service.name())]
    NoSecret {
        profile: String,
        service: Service,
        store: &'static str,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Endpoint(#[from] ApiError),
}

fn service_title(service: Service) -> &'static str {
    match service {
        Service::Zendesk => "Zendesk",
        Service::Braze => "Braze",
    }
}

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
    pub summary: String,
    pub warnings: Vec<String>,
    pub exchange: Option<Exchange>,
}

/// Zendesk: `/users/me` must be a real agent or admin (the anonymous user means bad credentials).
pub async fn check_zendesk(client: &ZendeskClient) -> Check {
    let outcome = client.verify().await;
    let (ok, summary) = match &outcome.result {
        Ok(user) => (
            true,
            format!(
                "signed in as {} ({}) at {}",
                user.email.as_deref().unwrap_or("?"),
                user.role.as_deref().unwrap_or("?"),
                client.root()
            ),
        ),
        Err(e) => (false, zendesk_advice(client, e)),
    };
    Check {
        service: Service::Zendesk,
        ok,
        summary,
        warnings: outcome.exchange.warnings.clone(),
        exchange: Some(outcome.exchange),
    }
}

fn zendesk_advice(client: &ZendeskClient, e: &ApiError) -> String {
    let who = client.email().unwrap_or("the OAuth token");
    match e {
        ApiError::AnonymousUser => format!(
            "Zendesk answered as an anonymous user: the API token is wrong, or it is not {who}'s, or token access is off (Admin Center → Apps and integrations → Zendesk API)"
        ),
        ApiError::Unauthorized { .. } => format!(
            "Zendesk refused the credentials (401): check the email ({who}) and the API token"
        ),
        ApiError::NoSuchAccount { url } => {
            format!("no Zendesk account answers at {url} (404): check the subdomain")
        }
        ApiError::Connect { url, message } => {
            format!("cannot reach {url}: check the subdomain or URL ({message})")
        }
        other => other.to_string(),
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
        Ok(_) => (true, format!("key accepted by {base}")),
        Err(ApiError::Forbidden { .. }) => {
            warnings.push("the key lacks users.export.ids: importing sample users from Braze will not work (users.track is not tested: that would log data)".to_owned());
            (true, format!("key accepted by {base}"))
        }
        Err(ApiError::Unauthorized { .. }) => (
            false,
            format!(
                "Braze refused the REST key (401): a wrong key, a key of another instance (this is {base}), or a key pasted with quotes"
            ),
        ),
        Err(ApiError::NotFound { .. }) => (
            false,
            format!(
                "{base} is not a Braze REST endpoint (404): pick the instance your dashboard URL names (dashboard-03 → US-03)"
            ),
        ),
        Err(ApiError::Connect { message, .. }) => (
            false,
            format!("cannot reach {base}: check the instance or URL ({message})"),
        ),
        Err(e) => (false, e.to_string()),
    };
    Check {
        service: Service::Braze,
        ok,
        summary,
        warnings,
        exchange: Some(outcome.exchange),
    }
}

/// Tests every service the profile has, one line each: `(ok, "Zendesk: signed in as …")`.
pub async fn check_profile(profile: &Profile, store: &dyn SecretStore) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    if profile.zendesk.is_some() {
        match zendesk_client(profile, store, ClientOptions::default()) {
            Ok(c) => {
                let check = check_zendesk(&c).await;
                out.push((check.ok, format!("Zendesk: {}", check.summary)));
            }
            Err(e) => out.push((false, format!("Zendesk: {e}"))),
        }
    }
    if profile.braze.is_some() {
        match braze_client(profile, store, ClientOptions::default()) {
            Ok(c) => {
                let check = check_braze(&c).await;
                out.push((check.ok, format!("Braze: {}", check.summary)));
            }
            Err(e) => out.push((false, format!("Braze: {e}"))),
        }
    }
    out
}
