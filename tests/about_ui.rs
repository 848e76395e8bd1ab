//! Settings → About, driven by egui_kittest on the app's real state: the version, the commit,
//! the licence and the generated third-party licences, in English and Spanish.
#![cfg(feature = "gui")]

mod app_support;

use std::path::Path;

use app_support::{TestApp, config, open_sized, temp_dir};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use zenbraze::about;
use zenbraze::i18n::Language;

/// The app at 1280×800 (the About screenshot's size), its first frames settled.
fn app(dir: &Path, language: Language) -> TestApp {
    let mut h = open_sized(config(dir, language), egui::vec2(1280.0, 800.0));
    h.settle();
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
    let dir = temp_dir("about-en");
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
    let dir = temp_dir("about-es");
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
