//! Secrets: API tokens and REST keys live in the OS keyring (Secret Service, Keychain,
//! Credential Manager) and in memory, nowhere else. Profiles (everything but the secrets) live in
//! a readable file; see [`crate::profiles`].
//!
//! Keyring calls can block (D-Bus, a locked keyring prompting): the app makes them off the UI
//! thread.

pub mod hygiene;
pub mod redact;

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use crate::i18n::{Localize, Message};
use crate::msg;

pub use redact::{MASK, Redactor, Secret};

/// Which credential of a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Service {
    Zendesk,
    Braze,
}

impl Service {
    pub fn name(self) -> &'static str {
        match self {
            Service::Zendesk => "zendesk",
            Service::Braze => "braze",
        }
    }

    /// What the secret is called where a user reads it ("Zendesk API token").
    pub fn secret_name(self) -> Message {
        msg!("secrets-secret-name", service = self.name())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// No keyring on this machine (a headless Linux box without a Secret Service, say); the
    /// keyring library's reason, when it gave one.
    Unavailable(Option<String>),
    Failed(String),
    /// The keyring did not answer within this many seconds (a frozen Secret Service, or one
    /// waiting on an unlock prompt nobody sees).
    TimedOut(u64),
}

impl Localize for StoreError {
    fn message(&self) -> Message {
        match self {
            StoreError::Unavailable(Some(reason)) => {
                msg!("secrets-keyring-unavailable", reason = reason)
            }
            StoreError::Unavailable(None) => msg!("secrets-keyring-none"),
            StoreError::Failed(reason) => msg!("secrets-keyring-failed", reason = reason),
            StoreError::TimedOut(seconds) => msg!("secrets-keyring-timeout", seconds = *seconds),
        }
    }
}
crate::display_via_message!(StoreError);

/// Where a store keeps secrets, for messages: what [`SecretStore::describe`] returns.
pub fn store_place(code: &str) -> Message {
    msg!("secrets-store", store = code)
}

/// Where secrets are kept: one entry per profile and service.
pub trait SecretStore: Send + Sync {
    fn get(&self, profile: &str, service: Service) -> Result<Option<Secret>, StoreError>;
    fn set(&self, profile: &str, service: Service, secret: &Secret) -> Result<(), StoreError>;
    /// Deleting what is not there is not an error.
    fn delete(&self, profile: &str, service: Service) -> Result<(), StoreError>;
    /// Where it keeps secrets: `keyring` or `session` (see [`store_place`] for the words).
    fn describe(&self) -> &'static str;
}

/// The keyring service name every entry is filed under.
pub const KEYRING_SERVICE: &str = "zenbraze";

fn entry_user(profile: &str, service: Service) -> String {
    format!("{profile}/{}", service.name())
}

/// The OS keyring, or keyring-core's mock store in unit tests.
#[derive(Clone)]
pub struct Keyring {
    mock: bool,
}

impl Keyring {
    /// The platform's store. It is chosen on first use; its absence is reported by every call.
    pub fn os() -> Self {
        Self { mock: false }
    }

    /// keyring-core's in-process mock, installed as the default store (unit tests only: the
    /// platform store replaces it if `os()` is used in the same process).
    pub fn mock() -> Self {
        if let Ok(store) = keyring_core::mock::Store::new() {
            keyring_core::set_default_store(store);
        }
        Self { mock: true }
    }

    /// Whether the store can be used at all.
    pub fn status(&self) -> Result<(), StoreError> {
        if self.mock {
            return Ok(());
        }
        bounded(KEYRING_TIMEOUT, || {
            keyring::Entry::store_status()
                .as_ref()
                .map(|_| ())
                .map_err(unavailable)
        })
    }

    fn entry(&self, profile: &str, service: Service) -> Result<keyring_core::Entry, StoreError> {
        let user = entry_user(profile, service);
        if self.mock {
            keyring_core::Entry::new(KEYRING_SERVICE, &user).map_err(|e| failed(&e))
        } else {
            keyring::Entry::new(KEYRING_SERVICE, &user)
                .map(|e| e.inner)
                .map_err(|e| classify(&e))
        }
    }
}

fn unavailable(e: &keyring_core::Error) -> StoreError {
    StoreError::Unavailable(match e {
        keyring_core::Error::NoDefaultStore => None,
        other => Some(other.to_string()),
    })
}

fn failed(e: &keyring_core::Error) -> StoreError {
    StoreError::Failed(e.to_string())
}

fn classify(e: &keyring_core::Error) -> StoreError {
    match e {
        keyring_core::Error::NoDefaultStore
        | keyring_core::Error::NoStorageAccess(_)
        | keyring_core::Error::PlatformFailure(_) => unavailable(e),
        other => failed(other),
    }
}

/// How long a keyring call may take before zenbraze says the keyring did not answer: D-Bus calls
/// to a frozen Secret Service otherwise wait for minutes, with nothing said.
pub const KEYRING_TIMEOUT: Duration = Duration::from_secs(15);

/// Runs a keyring call on a thread of its own and waits at most `limit` for it. A call that does
/// not answer is left to finish on its own (it holds nothing of the caller's).
fn bounded<T: Send + 'static>(
    limit: Duration,
    call: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, StoreError> {
    let (tx, rx) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("keyring".into())
        .spawn(move || {
            let _ = tx.send(call());
        });
    if let Err(e) = spawned {
        return Err(StoreError::Failed(e.to_string()));
    }
    rx.recv_timeout(limit)
        .unwrap_or(Err(StoreError::TimedOut(limit.as_secs())))
}

impl SecretStore for Keyring {
    fn get(&self, profile: &str, service: Service) -> Result<Option<Secret>, StoreError> {
        let (keyring, profile) = (self.clone(), profile.to_owned());
        bounded(KEYRING_TIMEOUT, move || {
            match keyring.entry(&profile, service)?.get_password() {
                Ok(p) => Ok(Some(Secret::new(p))),
                Err(keyring_core::Error::NoEntry) => Ok(None),
                Err(e) => Err(classify(&e)),
            }
        })
    }

    fn set(&self, profile: &str, service: Service, secret: &Secret) -> Result<(), StoreError> {
        let (keyring, profile, secret) = (self.clone(), profile.to_owned(), secret.clone());
        bounded(KEYRING_TIMEOUT, move || {
            keyring
                .entry(&profile, service)?
                .set_password(secret.expose())
                .map_err(|e| classify(&e))
        })
    }

    fn delete(&self, profile: &str, service: Service) -> Result<(), StoreError> {
        let (keyring, profile) = (self.clone(), profile.to_owned());
        bounded(KEYRING_TIMEOUT, move || {
            match keyring.entry(&profile, service)?.delete_credential() {
                Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
                Err(e) => Err(classify(&e)),
            }
        })
    }

    fn describe(&self) -> &'static str {
        "keyring"
    }
}

/// Secrets held for this session only: what the app offers when there is no keyring.
#[derive(Default)]
pub struct SessionStore {
    secrets: Mutex<HashMap<(String, Service), Secret>>,
}

impl SessionStore {
    pub fn new() -> Self {
        Self::default()
    }

    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<(String, Service), Secret>> {
        self.secrets.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl SecretStore for SessionStore {
    fn get(&self, profile: &str, service: Service) -> Result<Option<Secret>, StoreError> {
        Ok(self.map().get(&(profile.to_owned(), service)).cloned())
    }

    fn set(&self, profile: &str, service: Service, secret: &Secret) -> Result<(), StoreError> {
        self.map()
            .insert((profile.to_owned(), service), secret.clone());
        Ok(())
    }

    fn delete(&self, profile: &str, service: Service) -> Result<(), StoreError> {
        self.map().remove(&(profile.to_owned(), service));
        Ok(())
    }

    fn describe(&self) -> &'static str {
        "session"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A keyring that does not answer (a frozen Secret Service) is given up on after the limit,
    /// with a message that names the Secret Service; one that answers in time is waited for.
    #[test]
    fn a_keyring_call_that_does_not_answer_is_given_up_with_its_reason() {
        let (release, wait) = std::sync::mpsc::channel::<()>();
        let frozen = bounded(Duration::from_secs(1), move || {
            let _ = wait.recv_timeout(Duration::from_secs(30));
            Ok(())
        });
        assert_eq!(frozen, Err(StoreError::TimedOut(1)));
        let said = crate::i18n::Catalogue::get(crate::i18n::Language::English)
            .message(&StoreError::TimedOut(15).message());
        assert!(
            said.contains("Secret Service") && said.contains("15 s"),
            "{said}"
        );
        drop(release);
        assert_eq!(bounded(Duration::from_secs(30), || Ok(7)), Ok(7));
    }

    fn round_trip(store: &dyn SecretStore) {
        assert_eq!(store.get("acme", Service::Zendesk).unwrap(), None);
        store
            .set("acme", Service::Zendesk, &Secret::new("tok-1"))
            .unwrap();
        store
            .set("acme", Service::Braze, &Secret::new("key-1"))
            .unwrap();
        assert_eq!(
            store.get("acme", Service::Zendesk).unwrap(),
            Some(Secret::new("tok-1"))
        );
        assert_eq!(
            store.get("acme", Service::Braze).unwrap(),
            Some(Secret::new("key-1"))
        );
        assert_eq!(store.get("other", Service::Zendesk).unwrap(), None);
        store.delete("acme", Service::Zendesk).unwrap();
        store.delete("acme", Service::Zendesk).unwrap();
        assert_eq!(store.get("acme", Service::Zendesk).unwrap(), None);
        assert!(store.get("acme", Service::Braze).unwrap().is_some());
    }

    #[test]
    fn the_keyring_mock_stores_one_entry_per_profile_and_service() {
        let store = Keyring::mock();
        assert!(store.status().is_ok());
        round_trip(&store);
    }

    #[test]
    fn the_session_store_keeps_secrets_in_memory() {
        round_trip(&SessionStore::new());
    }
}
