//! Connection profiles: which one is active, building one from the Settings form, storing its
//! secrets in the keyring and the profile (no secret) in profiles.json off the UI thread, and
//! testing a connection.

use std::sync::Arc;

use super::ZenbrazeApp;
use super::jobs::{Checks, spawn_async, spawn_blocking, take_ready};
use super::state::SettingsState;
use crate::i18n::Message;
use crate::msg;
use crate::profiles::{self, BrazeProfile, Profile, ZendeskAuthKind, ZendeskProfile};
use crate::secrets::{Secret, Service};

fn reported(e: impl crate::i18n::Localize) -> Message {
    e.message()
}

/// What a profile job did: a profile stored (with its secrets), or one deleted (its name).
#[derive(Debug)]
pub enum ProfileDone {
    Saved(Profile),
    Deleted(String),
}

/// The profile the Settings form describes and the secrets typed in it, or what is wrong with
/// the form (named where the person typed it). Pure: nothing is stored.
pub fn profile_from_form(s: &SettingsState) -> Result<(Profile, Vec<(Service, Secret)>), Message> {
    let name = s.name.trim().to_owned();
    if name == profiles::SANDBOX_PROFILE {
        return Err(msg!("profile-name-reserved", name = name));
    }
    profiles::check_name(&name).map_err(reported)?;
    let mut profile = Profile {
        name,
        zendesk: None,
        braze: None,
    };
    let mut secrets = Vec::new();
    if !s.zendesk_subdomain.trim().is_empty() {
        let subdomain =
            crate::api::endpoint::zendesk_subdomain(&s.zendesk_subdomain).map_err(reported)?;
        if !s.zendesk_email.contains('@') {
            return Err(msg!("profile-email-needed"));
        }
        profile.zendesk = Some(ZendeskProfile {
            subdomain: Some(subdomain),
            url: None,
            email: s.zendesk_email.trim().to_owned(),
            auth: ZendeskAuthKind::ApiToken,
        });
        if !s.zendesk_token.trim().is_empty() {
            let c = crate::secrets::hygiene::clean_secret(&s.zendesk_token, Service::Zendesk)
                .map_err(reported)?;
            secrets.push((Service::Zendesk, c.secret));
        }
    }
    if !s.braze_instance.trim().is_empty() {
        crate::api::endpoint::braze_from_instance(&s.braze_instance).map_err(reported)?;
        profile.braze = Some(BrazeProfile {
            instance: Some(s.braze_instance.trim().to_ascii_uppercase()),
            url: None,
        });
        if !s.braze_key.trim().is_empty() {
            let c = crate::secrets::hygiene::clean_secret(&s.braze_key, Service::Braze)
                .map_err(reported)?;
            secrets.push((Service::Braze, c.secret));
        }
    }
    if profile.zendesk.is_none() && profile.braze.is_none() {
        return Err(msg!("profile-needs-a-service"));
    }
    Ok((profile, secrets))
}

impl ZenbrazeApp {
    /// The active connection profile: the sandbox unless Settings chose another.
    pub fn active_profile(&self) -> Option<Profile> {
        match self.remembered.active_profile.as_deref() {
            Some(name) if name != profiles::SANDBOX_PROFILE => self.profiles.get(name).cloned(),
            _ => Some(self.sandbox_profile()),
        }
    }

    /// The built-in profile: the embedded sandbox (or the default address before it runs).
    pub(crate) fn sandbox_profile(&self) -> Profile {
        Profile::sandbox(
            self.sandbox_url()
                .unwrap_or(&profiles::default_sandbox_url()),
        )
    }

    /// The Authorization header the active profile will add when sending, with a stand-in for
    /// the secret: enough for the request checks, and no secret ever leaves the keyring for it.
    pub(crate) fn credential_stand_in(&self) -> Option<(String, String)> {
        use base64::Engine as _;
        let profile = self.active_profile()?;
        let value = if self.uses_tickets() {
            profile.braze.as_ref()?;
            "Bearer profile-rest-key".to_owned()
        } else {
            let z = profile.zendesk?;
            let pair = format!("{}/token:profile-api-token", z.email);
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(pair)
            )
        };
        Some(("Authorization".to_owned(), value))
    }

    /// Where secrets go, in the interface's language.
    pub fn config_store_name(&self) -> String {
        let key = if self.config.store.describe().contains("keyring") {
            "store-keyring"
        } else {
            "store-session"
        };
        self.i18n.tr(key).to_owned()
    }

    /// Builds the profile from the Settings form, then stores the secrets in the keyring and the
    /// profile (no secret) in profiles.json, off the UI thread. The profile is listed, and the
    /// typed secrets leave the form, only once both are stored: a keyring that fails (or does
    /// not answer) adds nothing and keeps what the person typed.
    pub(crate) fn save_profile(&mut self, ctx: &egui::Context) {
        if self.background.profiles.is_some() {
            return;
        }
        match profile_from_form(&self.settings) {
            Err(e) => self.settings.error = Some(e),
            Ok((profile, secrets)) => {
                self.settings.error = None;
                self.settings.saved = None;
                let path = self.config.profiles_path.clone();
                let store = Arc::clone(&self.config.store);
                // Saved, not made active: sends keep going where they went until the person
                // chooses this profile (Settings says so, with a button for it).
                self.background.profiles_saving = true;
                self.background.profiles = Some(spawn_blocking(ctx, move || {
                    // Applied to the file as it is now, under its lock (another process may
                    // have saved a profile since it was read); the secrets are stored with it
                    // and put back as they were if the file cannot be written.
                    let Some(path) = path else {
                        for (service, secret) in &secrets {
                            store
                                .set(&profile.name, *service, secret)
                                .map_err(reported)?;
                        }
                        return Ok(ProfileDone::Saved(profile));
                    };
                    profiles::update_with_secrets(
                        &path,
                        Some(profiles::SecretsFor {
                            store: store.as_ref(),
                            profile: &profile.name,
                        }),
                        &secrets,
                        reported,
                        |on_disk| {
                            on_disk.put(profile.clone());
                            Ok::<_, Message>(())
                        },
                    )?;
                    Ok(ProfileDone::Saved(profile))
                }));
            }
        }
    }

    pub(crate) fn delete_profile(&mut self, ctx: &egui::Context, name: &str) {
        if !self.profiles.remove(name) {
            return;
        }
        if self.settings.saved.as_deref() == Some(name) {
            self.settings.saved = None;
        }
        if self.remembered.active_profile.as_deref() == Some(name) {
            self.remembered.active_profile = None;
        }
        let path = self.config.profiles_path.clone();
        let store = Arc::clone(&self.config.store);
        let name = name.to_owned();
        self.background.profiles_saving = false;
        self.background.profiles = Some(spawn_blocking(ctx, move || {
            for service in [Service::Zendesk, Service::Braze] {
                store.delete(&name, service).map_err(reported)?;
            }
            if let Some(path) = path {
                profiles::update(&path, |on_disk| {
                    on_disk.remove(&name);
                    Ok::<_, profiles::ProfileError>(())
                })
                .map_err(reported)?;
            }
            Ok(ProfileDone::Deleted(name))
        }));
    }

    /// The profile a connection test of `name` checks.
    pub(crate) fn profile_named(&self, name: &str) -> Option<Profile> {
        if name == profiles::SANDBOX_PROFILE {
            Some(self.sandbox_profile())
        } else {
            self.profiles.get(name).cloned()
        }
    }

    pub(crate) fn test_profile(&mut self, ctx: &egui::Context, name: &str) {
        let Some(profile) = self.profile_named(name) else {
            return;
        };
        self.settings.checks.clear();
        let cancel = self.new_test_cancel();
        self.background.checks = Some(check_connection(ctx, &self.config.store, profile, cancel));
    }

    /// The cancel for a connection test about to start, shared by the tests that run
    /// (Settings' and the wizard's): Cancel stops them all.
    pub(crate) fn new_test_cancel(&mut self) -> tokio_util::sync::CancellationToken {
        self.background
            .test_cancel
            .get_or_insert_with(tokio_util::sync::CancellationToken::new)
            .clone()
    }

    /// Stops the connection tests that run (Settings' and the wizard's): each ends at once
    /// with one line that says it was cancelled.
    pub(crate) fn cancel_connection_test(&mut self) {
        if let Some(token) = self.background.test_cancel.take() {
            token.cancel();
        }
    }

    pub(crate) fn poll_profiles(&mut self) {
        if let Some(result) = take_ready(&mut self.background.profiles) {
            match result {
                Ok(ProfileDone::Saved(profile)) => {
                    let name = profile.name.clone();
                    // Stored: now it is listed, and the typed secrets leave the form (they
                    // live in the keyring from here on).
                    self.profiles.put(profile);
                    self.settings.zendesk_token.clear();
                    self.settings.braze_key.clear();
                    // Settings says it is not active, with a button to make it so.
                    if self.active_profile_name() != name {
                        self.settings.saved = Some(name.clone());
                    }
                    self.notify(false, msg!("profile-saved", name = name));
                }
                Ok(ProfileDone::Deleted(name)) => {
                    self.notify(false, msg!("profile-deleted", name = name));
                }
                Err(e) => {
                    // Nothing was added and the form keeps what was typed; say so.
                    self.settings.error = Some(if self.background.profiles_saving {
                        msg!("profile-not-saved", reason = e)
                    } else {
                        e
                    });
                }
            }
            self.background.profiles_saving = false;
        }
        if let Some(checks) = take_ready(&mut self.background.checks) {
            self.settings.checks = checks;
        }
    }
}

/// Tests both services of a profile off the UI thread, within seconds
/// ([`crate::connect::test_options`]); `cancel` ends it at once.
pub(crate) fn check_connection(
    ctx: &egui::Context,
    store: &Arc<dyn crate::secrets::SecretStore>,
    profile: Profile,
    cancel: tokio_util::sync::CancellationToken,
) -> poll_promise::Promise<Checks> {
    let store = Arc::clone(store);
    spawn_async(ctx, async move {
        tokio::select! {
            checks = crate::connect::check_profile(&profile, store.as_ref()) => checks,
            () = cancel.cancelled() => vec![(false, msg!("connect-test-cancelled"))],
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(name: &str) -> SettingsState {
        SettingsState {
            name: name.into(),
            zendesk_subdomain: "https://acme.zendesk.com/agent/tickets/1".into(),
            zendesk_email: "admin@acme.example".into(),
            zendesk_token: "zd_token_5f1e2d3c4b5a69788".into(),
            braze_instance: "Us-03".into(),
            braze_key: "\"braze_key_0a1b2c3d4e5f6a7b8c9d\"".into(),
            ..SettingsState::default()
        }
    }

    #[test]
    fn a_filled_form_gives_a_profile_and_its_two_secrets() {
        let (profile, secrets) = profile_from_form(&form("acme")).unwrap();
        assert_eq!(profile.name, "acme");
        let z = profile.zendesk.unwrap();
        assert_eq!(z.subdomain.as_deref(), Some("acme"));
        assert_eq!(profile.braze.unwrap().instance.as_deref(), Some("US-03"));
        assert_eq!(secrets.len(), 2);
        assert_eq!(
            secrets[1].1.expose(),
            "braze_key_0a1b2c3d4e5f6a7b8c9d",
            "quotes removed"
        );
    }

    #[test]
    fn a_wrong_form_says_what_is_wrong_and_gives_nothing() {
        let e = profile_from_form(&form("sandbox")).unwrap_err();
        assert_eq!(e.id(), "profile-name-reserved");
        let mut no_email = form("acme");
        no_email.zendesk_email = "admin".into();
        assert_eq!(
            profile_from_form(&no_email).unwrap_err().id(),
            "profile-email-needed"
        );
        let empty = SettingsState {
            name: "acme".into(),
            ..SettingsState::default()
        };
        assert_eq!(
            profile_from_form(&empty).unwrap_err().id(),
            "profile-needs-a-service"
        );
    }
}
