//! Connection tests against the sandbox: each failure says what to fix.

mod common;

use common::*;
use zenbraze::api::ClientOptions;
use zenbraze::connect::{self, ConnectError};
use zenbraze::profiles::{BrazeProfile, Profile, ZendeskAuthKind, ZendeskProfile};
use zenbraze::secrets::{Secret, SecretStore, Service, SessionStore};

fn profile(zendesk_url: &str, braze_url: &str) -> Profile {
    Profile {
        name: "acme".into(),
        zendesk: Some(ZendeskProfile {
            subdomain: None,
            url: Some(zendesk_url.into()),
            email: "admin@sandbox.test".into(),
            auth: ZendeskAuthKind::ApiToken,
        }),
        braze: Some(BrazeProfile {
            instance: None,
            url: Some(braze_url.into()),
        }),
    }
}

fn store(token: &str, key: &str) -> SessionStore {
    let s = SessionStore::new();
    s.set("acme", Service::Zendesk, &Secret::new(token))
        .unwrap();
    s.set("acme", Service::Braze, &Secret::new(key)).unwrap();
    s
}

async fn checks(p: &Profile, s: &SessionStore) -> (connect::Check, connect::Check) {
    let o = fast();
    let z = connect::zendesk_client(p, s, o).unwrap();
    let b = connect::braze_client(p, s, o).unwrap();
    (
        connect::check_zendesk(&z).await,
        connect::check_braze(&b).await,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn good_credentials_pass_both_checks() {
    let sb = sandbox().await;
    let p = profile(sb.base_url(), sb.base_url());
    let (z, b) = checks(&p, &store("sandbox-zendesk-token", "sandbox-braze-key")).await;
    assert!(z.ok, "{}", z.summary);
    assert_eq!(
        z.summary.to_string(),
        format!(
            "signed in as admin@sandbox.test (admin) at {}",
            sb.base_url()
        )
    );
    assert!(b.ok, "{}", b.summary);
    assert!(b.warnings.is_empty());
    // The built-in sandbox profile needs no stored secret.
    let builtin = Profile::sandbox(sb.base_url());
    let (z, b) = checks(&builtin, &SessionStore::new()).await;
    assert!(z.ok && b.ok);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_failure_says_what_to_fix() {
    let sb = sandbox().await;
    let url = sb.base_url();
    // Wrong token: the anonymous user.
    let (z, _) = checks(
        &profile(url, url),
        &store("wrong-token", "sandbox-braze-key"),
    )
    .await;
    assert!(!z.ok);
    assert!(
        z.summary.to_string().contains("anonymous user")
            && z.summary.to_string().contains("API token is wrong"),
        "{}",
        z.summary
    );
    // Wrong subdomain.
    let (z, _) = checks(
        &profile(&format!("{url}/accounts/acme-typo"), url),
        &store("sandbox-zendesk-token", "k"),
    )
    .await;
    assert!(
        z.summary.to_string().contains("check the subdomain"),
        "{}",
        z.summary
    );
    // Wrong key or instance.
    let (_, b) = checks(&profile(url, url), &store("t", "not-a-key")).await;
    assert!(!b.ok);
    assert!(
        b.summary
            .to_string()
            .contains("wrong key, a key of another instance")
            && b.summary.to_string().contains("quotes"),
        "{}",
        b.summary
    );
    // A key without users.track passes: the check never logs data, so it cannot tell.
    let (_, b) = checks(
        &profile(url, url),
        &store("t", "sandbox-braze-key-no-track"),
    )
    .await;
    assert!(b.ok, "{}", b.summary);
    // Not a Braze endpoint.
    let (_, b) = checks(
        &profile(url, &format!("{url}/nothing-here")),
        &store("t", "sandbox-braze-key"),
    )
    .await;
    assert!(
        b.summary.to_string().contains("not a Braze REST endpoint"),
        "{}",
        b.summary
    );
    // Nothing listening.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://127.0.0.1:{}", l.local_addr().unwrap().port())
    };
    let (z, b) = checks(&profile(&closed, &closed), &store("t", "k")).await;
    assert!(
        z.summary
            .to_string()
            .starts_with(&format!("cannot reach {closed}")),
        "{}",
        z.summary
    );
    assert!(z.summary.to_string().contains("refused"), "{}", z.summary);
    assert!(
        b.summary
            .to_string()
            .starts_with(&format!("cannot reach {closed}")),
        "{}",
        b.summary
    );
}

#[test]
fn a_profile_without_a_secret_or_a_section_is_named() {
    let p = Profile {
        braze: None,
        ..profile("http://127.0.0.1:1", "http://127.0.0.1:1")
    };
    let empty = SessionStore::new();
    let e = connect::zendesk_client(&p, &empty, ClientOptions::default()).unwrap_err();
    assert!(matches!(e, ConnectError::NoSecret { .. }));
    assert_eq!(
        e.to_string(),
        "no Zendesk API token for profile `acme` in this session only (kept in memory, gone when zenbraze quits): set it with `zenbraze credentials set acme zendesk …`"
    );
    let e = connect::braze_client(&p, &empty, ClientOptions::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "profile `acme` has no Braze connection: add one with `zenbraze credentials set acme braze …`"
    );
}
