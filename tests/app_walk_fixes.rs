//! What the third walk through the release app found in Settings, the console and the sandbox,
//! driven by egui_kittest on the app's real state: each test clicks and types as the walker did
//! and asserts what a person sees now.

mod app_support;

use std::sync::{Arc, Condvar, Mutex};

use app_support::*;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use zenbraze::i18n::{Catalogue, Language};
use zenbraze::msg;
use zenbraze::secrets::{MASK, Secret, SecretStore, Service, StoreError};

const TEMPLATE: &str = r#"{"ticket": {
  "subject": "Order help for {{${first_name}}}",
  "comment": {"body": "Hello {{${first_name}}}, we got your order."},
  "priority": "high"
}}"#;

/// A keyring that does not answer until the test lets it, then says there is none (a machine
/// without a Secret Service, whose calls time out).
#[derive(Default)]
struct SilentKeyring {
    released: Mutex<bool>,
    changed: Condvar,
}

impl SilentKeyring {
    fn release(&self) {
        *self.released.lock().unwrap() = true;
        self.changed.notify_all();
    }

    fn wait(&self) -> StoreError {
        let mut released = self.released.lock().unwrap();
        while !*released {
            released = self.changed.wait(released).unwrap();
        }
        StoreError::Unavailable(None)
    }
}

impl SecretStore for SilentKeyring {
    fn get(&self, _: &str, _: Service) -> Result<Option<Secret>, StoreError> {
        Err(self.wait())
    }
    fn set(&self, _: &str, _: Service, _: &Secret) -> Result<(), StoreError> {
        Err(self.wait())
    }
    fn delete(&self, _: &str, _: Service) -> Result<(), StoreError> {
        Err(self.wait())
    }
    fn describe(&self) -> &'static str {
        "keyring"
    }
}

fn saving_a_profile_without_a_keyring(language: Language) {
    let i18n = Catalogue::get(language);
    let t = |key: &'static str| i18n.tr(key).to_owned();
    let dir = temp_dir(&format!("walk-profile-{language:?}"));
    let keyring = Arc::new(SilentKeyring::default());
    let mut config = config(&dir, language);
    config.store = keyring.clone();
    let mut h = open(config);
    h.settle();
    h.get_by_role_and_label(Role::Button, &t("panel-settings"))
        .click();
    h.run_ok();
    let key = "braze-key-0a1b2c3d4e5f6a7b8c9d";
    for (label, value) in [
        (t("profile-name"), "acme"),
        (t("braze-instance"), "us-03"),
        (t("braze-key"), key),
    ] {
        h.get_by_label(&label).set_text_value_accesskit(value);
        h.run_ok();
    }
    h.get_by_label(&t("action-save-profile")).click();
    h.run_ok();
    h.run_ok();

    // While the keyring is silent: the save is visibly under way, the button cannot be clicked
    // again, and the profile is not listed yet.
    assert!(
        h.query_by_label(&t("profile-saving")).is_some(),
        "no sign that the save is under way"
    );
    assert!(
        h.get_by_label(&t("action-save-profile"))
            .accesskit_node()
            .is_disabled()
    );
    assert!(
        h.query_by_label("acme").is_none(),
        "listed before it was saved"
    );

    // The keyring says there is none: nothing was added, and what was typed is still there.
    keyring.release();
    let failed = i18n.message(&msg!(
        "profile-not-saved",
        reason = msg!("secrets-keyring-none")
    ));
    h.wait_text(&failed);
    assert!(h.query_by_label(&t("profile-saving")).is_none());
    assert!(h.state().profiles.get("acme").is_none());
    assert!(
        h.query_by_label("acme").is_none(),
        "listed though not saved"
    );
    assert_eq!(h.state().settings.braze_key, key, "the typed key was lost");
    assert_eq!(h.state().settings.name, "acme");
    assert!(!dir.join("profiles.json").exists());
}

#[test]
fn a_profile_the_keyring_cannot_store_is_shown_saving_then_not_added_and_keeps_what_was_typed() {
    saving_a_profile_without_a_keyring(Language::English);
}

#[test]
fn a_profile_the_keyring_cannot_store_keeps_what_was_typed_in_spanish() {
    saving_a_profile_without_a_keyring(Language::Spanish);
}

#[test]
fn send_through_braze_asks_nothing_on_the_sandbox_and_shows_where_the_ticket_is_masked_whole() {
    let dir = temp_dir("walk-via-braze");
    let (mut h, url) = app_with_sandbox(&dir, Language::English);
    h.set_body(TEMPLATE);
    h.click("Console");
    h.click("Send through Braze");
    assert!(
        h.state().confirm.is_none(),
        "the sandbox's demo credentials need no warning"
    );
    h.wait_text("Identical: the ticket Braze made");
    // Where the ticket is: never "created:" followed by nothing.
    let created = visible_texts(&h)
        .into_iter()
        .find(|t| t.starts_with("Ticket 1 created"))
        .expect("the ticket line");
    assert!(
        created.starts_with(&format!("Ticket 1 created: {url}/api/v2/tickets/1")),
        "{created}"
    );
    // The Zendesk credential inside the request to Braze is masked whole, padding too.
    let body = &h
        .state()
        .console
        .shown
        .as_ref()
        .unwrap()
        .exchange
        .request_body;
    assert!(body.contains(&format!("Basic {MASK}")), "{body}");
    for text in visible_texts(&h).iter().chain([body]) {
        assert!(!text.contains(&format!("{MASK}=")), "padding shown: {text}");
    }
}

fn real_profile_asks_without_calling_it_a_loss(language: Language) {
    let i18n = Catalogue::get(language);
    let t = |key: &'static str| i18n.tr(key).to_owned();
    let dir = temp_dir(&format!("walk-via-braze-real-{language:?}"));
    let (_staging, store) = staging_profile(&dir, &[Service::Zendesk, Service::Braze]);
    let mut config = config(&dir, language);
    config.store = store;
    let mut h = open(config);
    h.settle();
    h.state_mut()
        .push(zenbraze::app::Command::SetActiveProfile("staging".into()));
    h.run_ok();
    h.get_by_label(&t("field-body"))
        .set_text_value_accesskit(TEMPLATE);
    h.run_ok();
    h.settle();
    h.click(&t("panel-console"));
    h.click(&t("action-send-via-braze"));
    let detail = i18n.message(&msg!("confirm-via-braze-detail"));
    assert!(h.query_by_label(&detail).is_some(), "a real profile asks");
    assert!(
        h.query_by_label(&t("confirm-cannot-undo")).is_none(),
        "a send is not a loss that cannot be undone"
    );
    assert!(h.state().confirm.as_ref().is_some_and(|c| !c.destructive));
    h.click(&t("action-cancel"));
    h.settle();
    assert!(h.state().console.via_braze.running.is_none());
}

#[test]
fn send_through_braze_on_a_real_profile_asks_once_without_calling_it_destructive() {
    real_profile_asks_without_calling_it_a_loss(Language::English);
}

#[test]
fn send_through_braze_on_a_real_profile_asks_in_spanish_too() {
    real_profile_asks_without_calling_it_a_loss(Language::Spanish);
}

#[test]
fn the_spanish_sandbox_reset_says_restablecer_not_reiniciar() {
    let dir = temp_dir("walk-reset-es");
    let (mut h, _url) = app_with_sandbox(&dir, Language::Spanish);
    h.get_by_role_and_label(Role::Button, "Sandbox").click();
    h.run_ok();
    h.click("Restablecer el sandbox");
    assert!(
        h.query_by_label_contains("¿Restablecer el sandbox y eliminar")
            .is_some()
    );
    assert!(h.query_by_label("Sí, restablecer").is_some());
    let said = visible_texts(&h).join("\n").to_lowercase();
    assert!(!said.contains("reinici"), "{said}");
}

#[test]
fn a_refused_send_marks_the_exchange_below_as_the_previous_one() {
    let dir = temp_dir("walk-previous");
    let (mut h, _url) = app_with_sandbox(&dir, Language::English);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_ok();
    h.wait_sent();
    assert!(h.query_by_label_contains("Previous send").is_none());
    h.state_mut().doc.workspace.users[0]["first_name"] = serde_json::json!("Ada \"The Countess\"");
    h.state_mut().edited_data();
    h.get_by_role_and_label(Role::Button, "Payloads").click();
    h.run_ok();
    h.set_body(r#"{"ticket": {"subject": "{{${first_name}}}", "comment": {"body": "hi"}}}"#);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_ok();
    h.step_until("the send to be refused", |h| {
        h.state().console.blocked.is_some()
    });
    h.run_ok();
    assert!(
        h.query_by_label_contains("Previous send (not the one just tried): 201 Created")
            .is_some(),
        "the old 201 reads as this send's outcome"
    );
}

#[test]
fn send_through_braze_for_a_user_braze_lacks_says_why_and_what_to_do() {
    let dir = temp_dir("walk-no-user");
    let (mut h, _url) = app_with_sandbox(&dir, Language::English);
    h.set_body(TEMPLATE);
    h.state_mut()
        .doc
        .workspace
        .users
        .push(serde_json::json!({"external_id": "json-1", "first_name": "Jay"}));
    h.state_mut().edited_data();
    let added = h.state().doc.workspace.users.len() - 1;
    h.state_mut()
        .push(zenbraze::app::Command::ConsoleSample(Some(added)));
    h.run_ok();
    h.click("Console");
    h.click("Send through Braze");
    h.wait_text("Braze has no user with external_id \"json-1\"");
    let said = visible_texts(&h).join("\n");
    assert!(
        said.contains("Braze sends only to users it already has"),
        "{said}"
    );
    assert!(said.contains("starts with its sample users only"), "{said}");
    assert!(said.contains("/users/track"), "{said}");
}

#[test]
fn a_refused_send_leads_to_its_findings() {
    let dir = temp_dir("walk-findings-link");
    let (mut h, _url) = app_with_sandbox(&dir, Language::English);
    h.state_mut().doc.workspace.users[0]["first_name"] = serde_json::json!("Ada \"The Countess\"");
    h.state_mut().edited_data();
    h.set_body(r#"{"ticket": {"subject": "{{${first_name}}}", "comment": {"body": "hi"}}}"#);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_ok();
    h.step_until("the send to be refused", |h| {
        h.state().console.blocked.is_some()
    });
    h.click("Show the findings");
    assert_eq!(h.state().remembered.panel, zenbraze::app::Panel::Payloads);
    h.settle();
    let errors = h
        .state()
        .findings()
        .iter()
        .filter(|f| f.severity == zenbraze::lint::Severity::Error)
        .count();
    assert!(errors > 0, "the findings pane lists the error");
    assert!(
        h.query_all_by_label_contains("error ").next().is_some(),
        "no error listed"
    );
}

#[test]
fn the_findings_heading_and_the_request_line_agree() {
    let dir = temp_dir("walk-counts");
    let mut h = app(&dir, Language::English);
    // The corrected preset: a clean body on the documentation's placeholder host.
    h.state_mut().push(zenbraze::app::Command::SelectPayload(0));
    h.run_ok();
    h.settle();
    let body = h.state().findings().len();
    let request = h.state().rendered_request().map_or(0, |r| r.findings.len());
    assert_eq!((body, request), (0, 1));
    assert!(h.query_by_label("0 findings in the body").is_some());
    assert!(h.query_by_label("0 findings").is_none(), "reads as a pass");
    assert!(
        h.query_by_label("1 more in the webhook's URL or headers")
            .is_some()
    );
}

#[test]
fn the_console_fits_900_px_in_spanish_and_its_compare_picker_says_what_it_is() {
    let dir = temp_dir("walk-900-es");
    let mut config = config(&dir, Language::Spanish);
    config.start_sandbox = true;
    config.sandbox_state = Some(sandbox_state_file(&dir));
    let mut h = open_sized(config, egui::vec2(900.0, 600.0));
    h.wait_sandbox();
    h.settle();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_ok();
    h.wait_sent();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_ok();
    h.step_until("the second send", |h| {
        h.state().console.history.len() == 2 && h.state().console.in_flight.is_none()
    });
    let override_label = "Enviar aunque haya errores de revisión";
    let right = h.get_by_label(override_label).rect().right();
    assert!(
        right <= 900.0,
        "the checkbox ends at {right}, past the window"
    );
    // The comparison picker, nothing chosen: it says what it offers.
    assert!(
        visible_texts(&h).iter().any(|t| t == "Elige otro envío…"),
        "{:?}",
        visible_texts(&h)
    );
}

#[test]
fn a_newline_in_a_last_name_is_written_out_in_the_users_list() {
    let dir = temp_dir("walk-newline");
    let mut h = app(&dir, Language::English);
    h.get_by_role_and_label(Role::Button, "Users").click();
    h.run_ok();
    let texts = visible_texts(&h);
    assert!(
        texts.iter().any(|t| t.contains("O'Neil\\nJr.")),
        "{texts:?}"
    );
    assert!(
        !texts.iter().any(|t| t.contains("O'Neil\nJr.")),
        "drawn as a box"
    );
}

/// Walk, confusing 10: the Braze instance was a free-text guess, refused with a list of 15 codes.
/// The field says where the instance is read (the dashboard's address) and a ▾ beside it picks
/// from Braze's list, in English and Spanish.
fn picking_the_braze_instance(language: Language) {
    let i18n = Catalogue::get(language);
    let t = |key: &'static str| i18n.tr(key).to_owned();
    let dir = temp_dir(&format!("walk-instance-{language:?}"));
    let mut h = open(config(&dir, language));
    h.settle();
    h.get_by_role_and_label(Role::Button, &t("panel-settings"))
        .click();
    h.run_ok();
    let label = t("braze-instance");
    let placeholder = h
        .get_by_label(&label)
        .accesskit_node()
        .placeholder()
        .map(str::to_owned);
    assert_eq!(
        placeholder.as_deref(),
        Some(t("braze-instance-hint").as_str()),
        "the field says where the instance is read"
    );
    h.get_by_label(&t("braze-instance-choose")).click();
    h.run_ok();
    h.get_by_label("EU-01 · rest.fra-01.braze.eu").click();
    h.run_ok();
    assert_eq!(h.state().settings.braze_instance, "EU-01");
    assert!(
        h.query_by_label("EU-01 · rest.fra-01.braze.eu").is_none(),
        "the list closed"
    );
}

#[test]
fn the_braze_instance_is_picked_from_a_list_in_english() {
    picking_the_braze_instance(Language::English);
}

#[test]
fn the_braze_instance_is_picked_from_a_list_in_spanish() {
    picking_the_braze_instance(Language::Spanish);
}

/// Walk, cosmetic 6: the Import dialog re-centred as its content changed height, so its tabs
/// moved from under the pointer (a click on "From Braze" missed). Its tabs now stay where they
/// are from tab to tab, and the whole dialog stays in a 900×600 window.
#[test]
fn the_import_dialogs_tabs_stay_under_the_pointer() {
    let dir = temp_dir("walk-import-tabs");
    let mut h = open_sized(config(&dir, Language::Spanish), egui::vec2(900.0, 600.0));
    h.settle();
    let i18n = Catalogue::get(Language::Spanish);
    let t = |key: &'static str| i18n.tr(key).to_owned();
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run_ok();
    let tab_top = |h: &TestApp| h.get_by_label(&t("import-from-braze")).rect().top();
    let first = tab_top(&h);
    for tab in ["import-paste", "import-from-braze", "import-from-file"] {
        h.get_by_label(&t(tab)).click();
        h.run_ok();
        h.run_ok();
        let now = tab_top(&h);
        assert!(
            (now - first).abs() < 0.5,
            "after {tab} the tabs moved from {first} to {now}"
        );
        let cancel = h.get_by_label(&t("action-cancel")).rect();
        assert!(
            cancel.bottom() <= 600.0,
            "{tab}: Cancel at {cancel:?} is off the window"
        );
    }
    // The tallest it gets: a CSV file read, with its mapping step, still fits.
    let csv = dir.join("users.csv");
    let columns = "external_id;first_name;last_name;email;phone;country;plan;tier";
    std::fs::write(
        &csv,
        format!("{columns}\nimp-3;Zoë;Ng;z@example.com;+1;ES;gold;2\n"),
    )
    .unwrap();
    h.get_by_label(&t("file-path"))
        .set_text_value_accesskit(csv.to_str().unwrap());
    h.run_ok();
    h.get_by_label(&t("action-read")).click();
    h.wait_text(&i18n.message(&msg!("import-csv-mapping", rows = 1, columns = 8)));
    h.run_ok();
    h.run_ok();
    assert!(
        (tab_top(&h) - first).abs() < 0.5,
        "the tabs moved with the mapping step"
    );
    let cancel = h.get_by_label(&t("action-cancel")).rect();
    assert!(
        cancel.bottom() <= 600.0,
        "the mapping step: Cancel at {cancel:?} is off the window"
    );
}
