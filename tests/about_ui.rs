//! Settings → About, driven by egui_kittest on the app's real state: the version, the commit,
//! the licence and the generated third-party licences, in English and Spanish.
#![cfg(feature = "gui")]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use zenbraze::about;
use zenbraze::app::{AppConfig, ZenbrazeApp};
use zenbraze::i18n::Language;
use zenbraze::secrets::SessionStore;

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zb-about-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn app(dir: &Path, language: Language) -> Harness<'static, ZenbrazeApp> {
    let config = AppConfig {
        workspace_path: dir.join("workspace.json"),
        profiles_path: Some(dir.join("profiles.json")),
        language: Some(language),
        start_sandbox: false,
        store: Arc::new(SessionStore::new()),
        autosave_delay: Duration::from_millis(30),
        history_path: Some(dir.join("history.jsonl")),
    };
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .allow_missing_glyphs()
        .build_eframe(move |cc| ZenbrazeApp::with_config(cc, config));
    h.run_ok();
    h
}

/// The crate lines of the list: `- name version`.
fn crate_lines() -> Vec<&'static str> {
    about::THIRD_PARTY_LICENSES
        .lines()
        .filter(|l| l.starts_with("- ") && l.split(' ').count() == 3)
        .collect()
}

#[test]
fn about_shows_the_version_the_commit_and_every_third_party_licence() {
    let dir = temp_dir("en");
    let mut h = app(&dir, Language::English);
    h.get_by_role_and_label(Role::Button, "Settings").click();
    h.run_ok();
    h.get_by_label("About zenbraze");
    h.get_by_label(&format!(
        "Version {}, commit {}",
        about::VERSION,
        about::COMMIT
    ));
    h.get_by_label("zenbraze is free software under the MIT licence");
    h.get_by_label_contains(&format!(
        "{} third-party crates",
        about::third_party_crates()
    ));
    let crates = crate_lines();

    // Collapsed, none of the list is laid out; opened, it scrolls, and what is visible is the
    // generated text itself.
    assert!(h.query_by_label(crates[0]).is_none());
    h.get_by_role_and_label(Role::DisclosureTriangle, "Third-party licences")
        .click();
    h.run_ok();
    assert!(
        h.query_by_label("Third-party software in zenbraze")
            .is_some(),
        "the list's first line is shown"
    );
    assert!(
        h.query_by_label(crates[crates.len() - 1]).is_none(),
        "the list is a scrolled view, not thousands of laid-out lines"
    );
}

#[test]
fn about_in_spanish() {
    let dir = temp_dir("es");
    let mut h = app(&dir, Language::Spanish);
    h.get_by_role_and_label(Role::Button, "Ajustes").click();
    h.run_ok();
    h.get_by_label("Acerca de zenbraze");
    h.get_by_label(&format!(
        "Versión {}, commit {}",
        about::VERSION,
        about::COMMIT
    ));
    h.get_by_label("zenbraze es software libre con la licencia MIT");
    h.get_by_role_and_label(Role::DisclosureTriangle, "Licencias de terceros")
        .click();
    h.run_ok();
    assert!(
        h.query_by_label("Third-party software in zenbraze")
            .is_some(),
        "the licences themselves are legal texts, shown as written"
    );
}
