//! Settings: language, theme, and connection profiles. Secrets typed here go to the OS keyring
//! (off the UI thread) and are cleared from the form at once; they are never shown again.

use egui::Ui;

use super::UiExt as _;
use crate::app::{Command, ThemeChoice, ZenbrazeApp};
use crate::i18n::{Language, arg};
use crate::secrets::profiles::SANDBOX_PROFILE;

pub fn ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    egui::ScrollArea::vertical()
        .id_salt("settings")
        .show(ui, |ui| {
            ui.heading(app.tr("settings-appearance"));
            egui::Grid::new("appearance").num_columns(2).show(ui, |ui| {
                let l = ui.label(app.tr("settings-language"));
                let current = app.i18n.language();
                let mut chosen = current;
                egui::ComboBox::from_id_salt("language")
                    .selected_text(current.native_name())
                    .show_ui(ui, |ui| {
                        for lang in Language::ALL {
                            ui.selectable_value(&mut chosen, lang, lang.native_name());
                        }
                    })
                    .response
                    .labelled_by(l.id);
                if chosen != current {
                    app.push(Command::SetLanguage(chosen));
                }
                ui.end_row();
                let l = ui.label(app.tr("settings-theme"));
                let mut theme = app.remembered.theme;
                let name = |t: ThemeChoice| match t {
                    ThemeChoice::System => "theme-system",
                    ThemeChoice::Light => "theme-light",
                    ThemeChoice::Dark => "theme-dark",
                };
                egui::ComboBox::from_id_salt("theme")
                    .selected_text(app.tr(name(theme)))
                    .show_ui(ui, |ui| {
                        for t in [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark] {
                            ui.selectable_value(&mut theme, t, app.i18n.tr(name(t)));
                        }
                    })
                    .response
                    .labelled_by(l.id);
                if theme != app.remembered.theme {
                    app.push(Command::SetTheme(theme));
                }
                ui.end_row();
            });
            ui.separator();
            profiles_ui(app, ui);
            kept_ui(app, ui);
            ui.separator();
            new_profile_ui(app, ui);
        });
}

/// What the profiles file and the workspace hold that this version cannot use: listed, read
/// only (it stays in the files as it is).
fn kept_ui(app: &ZenbrazeApp, ui: &mut Ui) {
    let profiles_file = app
        .config
        .profiles_path
        .as_ref()
        .map_or_else(String::new, |p| p.display().to_string());
    let workspace_file = app.doc.path().display().to_string();
    let lists = [
        (
            "kept_profiles",
            profiles_file,
            app.profiles
                .kept
                .iter()
                .map(|k| &k.reason)
                .collect::<Vec<_>>(),
        ),
        (
            "kept_workspace",
            workspace_file,
            app.doc.workspace.unusable().map(|k| &k.reason).collect(),
        ),
    ];
    for (id, file, reasons) in lists {
        if reasons.is_empty() {
            continue;
        }
        let heading = app.i18n.message(&crate::msg!(
            "files-kept-heading",
            file = file,
            count = reasons.len()
        ));
        egui::CollapsingHeader::new(heading)
            .id_salt(id)
            .show(ui, |ui| {
                for reason in reasons {
                    ui.weak(app.i18n.message(reason));
                }
            });
    }
}

fn profiles_ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    ui.heading(app.tr("settings-profiles"));
    ui.weak(app.tr("settings-profiles-help"));
    let active = app.active_profile_name().to_owned();
    let mut names = vec![SANDBOX_PROFILE.to_owned()];
    names.extend(app.profiles.profiles.iter().map(|p| p.name.clone()));
    egui::Grid::new("profiles")
        .num_columns(4)
        .striped(true)
        .show(ui, |ui| {
            for name in names {
                let describe = if name == SANDBOX_PROFILE {
                    app.sandbox_url()
                        .map_or_else(|| app.tr("sandbox-off").to_owned(), str::to_owned)
                } else {
                    app.profiles.get(&name).map_or_else(String::new, |p| {
                        let z = p
                            .zendesk
                            .as_ref()
                            .map(|z| format!("Zendesk {} ({})", z.describe(), z.email));
                        let b = p.braze.as_ref().map(|b| format!("Braze {}", b.describe()));
                        [z, b].into_iter().flatten().collect::<Vec<_>>().join(" · ")
                    })
                };
                if ui.radio(active == name, &name).clicked() {
                    app.push(Command::SetActiveProfile(name.clone()));
                }
                ui.label(describe);
                if ui.button(app.tr("action-test")).clicked() {
                    app.push(Command::TestProfile(name.clone()));
                }
                if name != SANDBOX_PROFILE && ui.button(app.tr("action-delete")).clicked() {
                    app.push(Command::DeleteProfile(name.clone()));
                }
                ui.end_row();
            }
        });
    if app.background.checks.is_some() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(app.tr("testing-connection"));
        });
    }
    for (ok, line) in &app.settings.checks {
        if *ok {
            ui.ok_label(line);
        } else {
            ui.error_label(line);
        }
    }
}

fn new_profile_ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    ui.heading(app.tr("settings-add-profile"));
    ui.weak(app.i18n.format(
        "settings-secrets-where",
        &[("store", arg(app.config_store_name()))],
    ));
    let t = |k: &str| app.i18n.tr(k).to_owned();
    let (l_name, l_sub, l_email, l_token, l_inst, l_key) = (
        t("profile-name"),
        t("zendesk-subdomain"),
        t("zendesk-email"),
        t("zendesk-token"),
        t("braze-instance"),
        t("braze-key"),
    );
    let s = &mut app.settings;
    let mut edited = false;
    egui::Grid::new("new_profile")
        .num_columns(2)
        .show(ui, |ui| {
            let mut row = |ui: &mut Ui, label: &str, value: &mut String, secret: bool| {
                let l = ui.label(label);
                edited |= ui
                    .add(
                        egui::TextEdit::singleline(value)
                            .password(secret)
                            .desired_width(320.0),
                    )
                    .labelled_by(l.id)
                    .changed();
                ui.end_row();
            };
            row(ui, &l_name, &mut s.name, false);
            row(ui, &l_sub, &mut s.zendesk_subdomain, false);
            row(ui, &l_email, &mut s.zendesk_email, false);
            row(ui, &l_token, &mut s.zendesk_token, true);
            row(ui, &l_inst, &mut s.braze_instance, false);
            row(ui, &l_key, &mut s.braze_key, true);
        });
    if edited {
        s.error = None;
    }
    if let Some(e) = &s.error {
        ui.error_label(e);
    }
    let saving = app.background.profiles.is_some();
    if ui
        .add_enabled(!saving, egui::Button::new(app.tr("action-save-profile")))
        .clicked()
    {
        app.push(Command::SaveProfile);
    }
}
