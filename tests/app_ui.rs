//! The app driven by egui_kittest on its real state: every test types, clicks and reads what a
//! person would see. No sandbox and no OS keyring here: each app gets a temporary data directory
//! and a memory secret store.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use serde_json::json;
use zenbraze::app::{AppConfig, ZenbrazeApp};
use zenbraze::i18n::{Catalogue, Language};
use zenbraze::secrets::SessionStore;

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zb-app-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn config(dir: &Path, language: Language) -> AppConfig {
    AppConfig {
        workspace_path: dir.join("workspace.json"),
        profiles_path: Some(dir.join("profiles.json")),
        language: Some(language),
        start_sandbox: false,
        store: Arc::new(SessionStore::new()),
        autosave_delay: Duration::from_millis(30),
        history_path: Some(dir.join("history.jsonl")),
    }
}

/// The app on `config`, in a harness. The bundled users include a Japanese name, beyond the
/// bundled fonts: the app draws a box for such glyphs (egui's default) where the harness would
/// panic.
fn open(config: AppConfig) -> Harness<'static, ZenbrazeApp> {
    Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .allow_missing_glyphs()
        .build_eframe(move |cc| ZenbrazeApp::with_config(cc, config))
}

fn app(dir: &Path, language: Language) -> Harness<'static, ZenbrazeApp> {
    let mut h = open(config(dir, language));
    h.run_ok();
    h
}

/// Steps (with real time passing, for debounces and background work) until `done`.
fn step_until(
    h: &mut Harness<'_, ZenbrazeApp>,
    what: &str,
    done: impl Fn(&Harness<'_, ZenbrazeApp>) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !done(h) {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    h.run_ok();
}

fn wait_saved(h: &mut Harness<'_, ZenbrazeApp>) {
    step_until(h, "the autosave", |h| {
        !h.state().doc.is_dirty() && !h.state().doc.is_saving()
    });
}

fn set_body(h: &mut Harness<'_, ZenbrazeApp>, body: &str) {
    h.get_by_label("Body template")
        .set_text_value_accesskit(body);
    h.run_ok();
}

#[test]
fn typing_in_the_editor_updates_the_preview() {
    let dir = temp_dir("typing");
    let mut h = app(&dir, Language::English);
    // The corrected preset renders valid JSON for the first bundled user.
    assert!(h.query_by_label("Valid JSON").is_some());
    set_body(
        &mut h,
        r#"{"greeting": "Hello {{${first_name} | upcase}}"}"#,
    );
    assert!(
        h.query_by_label_contains(r#""greeting": "Hello ADA""#)
            .is_some()
    );

    h.get_by_label("Body template").focus();
    h.run_ok();
    h.key_press_modifiers(Modifiers::COMMAND, Key::End);
    h.run_ok();
    h.get_by_label("Body template").type_text(" oops");
    h.run_ok();
    assert!(h.state().payload().unwrap().body.ends_with("} oops"));
    assert!(
        h.query_by_label_contains("The JSON breaks at line 1, column")
            .is_some(),
        "the preview names where the body breaks"
    );
}

#[test]
fn a_quote_in_a_first_name_is_found_on_its_line_and_the_fix_clears_it() {
    let dir = temp_dir("quote");
    let mut h = app(&dir, Language::English);
    set_body(
        &mut h,
        "{\n  \"ticket\": {\n    \"subject\": \"Hello {{${first_name}}}\",\n    \"comment\": { \"body\": \"Hi\" }\n  }\n}",
    );
    assert!(
        h.query_by_label_contains("error 3:").is_none(),
        "Ada's name is harmless"
    );

    h.get_by_role_and_label(Role::Button, "Users").click();
    h.run_ok();
    h.get_by_label("first_name")
        .set_text_value_accesskit("Ada \"The Countess\"");
    h.run_ok();
    assert_eq!(
        h.state().doc.workspace.users[0]["first_name"],
        "Ada \"The Countess\""
    );
    h.get_by_role_and_label(Role::Button, "Payloads").click();
    h.run_ok();

    assert!(
        h.query_by_label("error 3:23").is_some(),
        "the finding points at line 3, at its `{{`"
    );
    assert!(
        h.query_by_label_contains("puts a quote (\") inside a JSON string")
            .is_some()
    );
    assert!(
        h.query_by_label("fix: add `| json_escape` as its last filter")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("The JSON breaks at line 3")
            .is_some()
    );

    h.get_by_label("Apply fix").click();
    h.run_ok();
    assert!(
        h.state()
            .payload()
            .unwrap()
            .body
            .contains("{{${first_name} | json_escape}}")
    );
    assert!(
        h.query_by_label_contains("error 3:").is_none(),
        "the fix clears the finding"
    );
    assert!(
        h.query_by_label_contains(r#""subject": "Hello Ada \"The Countess\"""#)
            .is_some()
    );
}

#[test]
fn switching_users_changes_the_preview() {
    let dir = temp_dir("switch");
    let mut h = app(&dir, Language::English);
    set_body(
        &mut h,
        r#"{"who": "{{${first_name} | default: 'nobody' | json_escape}}"}"#,
    );
    let users = h.state().doc.workspace.users.clone();
    let name = |i: usize| {
        users[i]["first_name"]
            .as_str()
            .unwrap_or("nobody")
            .to_owned()
    };
    let shown = |i: usize| format!("\"who\": {}", serde_json::to_string(&name(i)).unwrap());
    assert!(h.query_by_label_contains(&shown(0)).is_some());
    h.key_press_modifiers(Modifiers::ALT, Key::ArrowDown);
    h.run_ok();
    assert_eq!(h.state().remembered.user, 1);
    assert_ne!(shown(0), shown(1));
    assert!(h.query_by_label_contains(&shown(1)).is_some());

    // The all-users view lists every user, computed off the UI thread.
    h.get_by_label("All users").click();
    step_until(&mut h, "the all-users rows", |h| {
        h.state().survey().0.is_some() && !h.state().survey().1
    });
    let (rows, _) = h.state().survey();
    assert_eq!(rows.unwrap().as_ref().unwrap().len(), users.len());
    assert!(h.query_by_label_contains(" OK · ").is_some());
    assert!(
        h.query_all_by_label_contains("aborted: ").count() >= 1,
        "users without an email are not sent"
    );
}

#[test]
fn users_import_from_json_and_csv_and_bad_input_loses_nothing() {
    let dir = temp_dir("import");
    let mut h = app(&dir, Language::English);
    let before = h.state().doc.workspace.users.len();
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run_ok();
    h.get_by_label("Paste").click();
    h.run_ok();
    // Bad JSON: named with its place, nothing added.
    h.get_by_label("Users as text")
        .set_text_value_accesskit("[{\"external_id\": \"a\"},\n {\"external_id\": }]");
    h.run_ok();
    assert!(
        h.query_by_label_contains("2:").is_some(),
        "the error names the line"
    );
    assert!(h.query_by_label_contains("Found").is_none());
    let users = json!([{"external_id": "imp-1", "first_name": "Grace"}, {"external_id": "imp-2", "first_name": "Alan"}]);
    h.get_by_label("Users as text")
        .set_text_value_accesskit(&users.to_string());
    h.run_ok();
    assert!(h.query_by_label("Found 2 users").is_some());
    h.get_by_label("Add 2 users").click();
    h.run_ok();
    assert_eq!(h.state().doc.workspace.users.len(), before + 2);
    assert!(h.query_by_label("Imported 2 users").is_some());

    // CSV from a file, with the mapping step: `plan` becomes a custom attribute.
    let csv = dir.join("users.csv");
    std::fs::write(&csv, "external_id;first_name;plan\nimp-3;Zoë;gold\n").unwrap();
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run_ok();
    h.get_by_label("File path")
        .set_text_value_accesskit(csv.to_str().unwrap());
    h.run_ok();
    h.get_by_label("Read file").click();
    step_until(&mut h, "the file", |h| {
        h.query_by_label_contains("1 rows, 3 columns").is_some()
    });
    let mapping = h
        .state()
        .import
        .as_ref()
        .and_then(|d| d.csv.as_ref())
        .map(|(_, m)| m.clone())
        .unwrap();
    assert_eq!(
        mapping[2],
        zenbraze::users::csv::Field::Custom("plan".into()),
        "the mapping step's guess"
    );
    assert!(
        h.query_all_by_value("custom attribute: plan").count()
            + h.query_all_by_label_contains("custom attribute: plan")
                .count()
            > 0
    );
    h.get_by_label("Add one user").click();
    h.run_ok();
    let last = h.state().doc.workspace.users.last().unwrap().clone();
    assert_eq!(last["first_name"], "Zoë");
    assert_eq!(last["custom_attributes"]["plan"], "gold");
}

#[test]
fn autosave_and_reopen_restore_everything() {
    let dir = temp_dir("reopen");
    let mut h = app(&dir, Language::English);
    h.get_by_label("Name")
        .set_text_value_accesskit("Renamed payload");
    h.run_ok();
    set_body(&mut h, r#"{"kept": "{{${email} | json_escape}}"}"#);
    h.get_by_role_and_label(Role::Button, "Users").click();
    h.run_ok();
    h.get_by_label("Add").click();
    h.run_ok();
    h.get_by_label("Custom attributes (JSON)")
        .set_text_value_accesskit(r#"{"tier": {"level": 3}}"#);
    h.run_ok();
    // Invalid JSON is named and kept as typed; the last valid value stays in the workspace.
    h.get_by_label("Custom attributes (JSON)")
        .set_text_value_accesskit(r#"{"tier": "#);
    h.run_ok();
    assert!(h.query_by_label_contains("Line 1, column").is_some());
    assert_eq!(
        h.state().doc.workspace.users.last().unwrap()["custom_attributes"]["tier"]["level"],
        3
    );
    wait_saved(&mut h);
    let saved = h.state().doc.workspace.clone();
    drop(h);

    let text = std::fs::read_to_string(dir.join("workspace.json")).unwrap();
    assert!(
        text.contains("Renamed payload") && text.contains("\"level\": 3"),
        "readable JSON on disk"
    );
    let h = app(&dir, Language::English);
    assert_eq!(h.state().doc.workspace, saved);
    assert!(h.query_by_label("Renamed payload").is_some());
}

#[test]
fn a_corrupt_workspace_opens_in_recovery_and_is_never_overwritten() {
    let dir = temp_dir("corrupt");
    let corrupt = "{\"format\": 1, \"payloads\": [ {\"name\": ";
    std::fs::write(dir.join("workspace.json"), corrupt).unwrap();
    let mut h = app(&dir, Language::English);
    assert!(h.query_by_label_contains("Recovery: ").is_some());
    assert!(
        h.query_by_label_contains("could not be opened (not a zenbraze workspace (line 1")
            .is_some()
    );
    h.get_by_label("Name")
        .set_text_value_accesskit("Edited in recovery");
    h.run_ok();
    wait_saved(&mut h);
    assert_eq!(
        std::fs::read_to_string(dir.join("workspace.json")).unwrap(),
        corrupt
    );
    let recovered = std::fs::read_to_string(dir.join("workspace.recovered.json")).unwrap();
    assert!(recovered.contains("Edited in recovery"));
}

/// Every label, value and description in the accessibility tree.
fn visible_texts(h: &Harness<'_, ZenbrazeApp>) -> Vec<String> {
    h.root()
        .children_recursive()
        .flat_map(|n| {
            let n = n.accesskit_node();
            // What a text field holds is data the person typed (a property key, a name), not
            // the interface's language.
            let typed = matches!(
                n.role(),
                Role::TextInput | Role::MultilineTextInput | Role::TextRun
            );
            [n.label(), n.value().filter(|_| !typed), n.description()]
        })
        .flatten()
        .collect()
}

#[test]
fn the_app_in_spanish_shows_no_english_label() {
    let dir = temp_dir("spanish");
    let mut h = app(&dir, Language::Spanish);
    let en = Catalogue::get(Language::English);
    let es = Catalogue::get(Language::Spanish);
    // English texts that Spanish says differently.
    let english: Vec<String> = Catalogue::keys(Language::English)
        .into_iter()
        .map(|k| (en.tr(&k).to_owned(), es.tr(&k).to_owned()))
        .filter(|(e, s)| e != s && !e.contains('{'))
        .map(|(e, _)| e)
        .collect();
    assert!(english.len() > 120, "{}", english.len());
    let mut seen = Vec::new();
    let mut visit = |h: &mut Harness<'_, ZenbrazeApp>, place: &str| {
        for text in visible_texts(h) {
            for e in &english {
                let hit = if e.len() <= 12 {
                    text == *e
                } else {
                    text.contains(e.as_str())
                };
                assert!(!hit, "English `{e}` shown in Spanish ({place}): {text:?}");
            }
            seen.push(text);
        }
    };
    visit(&mut h, "payloads");
    for tab in ["Petición", "Todos los usuarios"] {
        h.get_by_label(tab).click();
        h.run_ok();
        visit(&mut h, tab);
    }
    for panel in [
        "Usuarios",
        "Consola",
        "Asistente",
        "Entorno de pruebas",
        "Ajustes",
    ] {
        h.get_by_role_and_label(Role::Button, panel).click();
        h.run_ok();
        visit(&mut h, panel);
    }
    h.get_by_role_and_label(Role::Button, "Asistente").click();
    h.run_ok();
    for (n, step) in [
        "Conexión",
        "Evento",
        "Disparador",
        "Webhook",
        "Plan",
        "Aplicar",
        "Verificar",
        "Braze → Zendesk",
    ]
    .iter()
    .enumerate()
    {
        h.get_by_label(&format!("{} · {step}", n + 1)).click();
        h.run_ok();
        visit(&mut h, step);
    }
    h.get_by_role_and_label(Role::Button, "Usuarios").click();
    h.run_ok();
    for tab in ["Tickets", "Contextos de renderizado"] {
        h.get_by_role_and_label(Role::Button, tab).click();
        h.run_ok();
        visit(&mut h, tab);
    }
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run_ok();
    visit(&mut h, "import");
    h.key_press(Key::Escape);
    h.run_ok();
    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run_ok();
    visit(&mut h, "palette");
    assert!(
        seen.iter()
            .any(|t| t.contains("Guardar espacio de trabajo como…")),
        "the palette was seen"
    );
}

#[test]
fn the_palette_lists_every_action_and_runs_one() {
    let dir = temp_dir("palette");
    let mut h = app(&dir, Language::English);
    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run_ok();
    for action in [
        "Save",
        "Open workspace…",
        "Import users…",
        "Dark theme",
        "Settings",
        "Next sample",
    ] {
        assert!(
            h.query_all_by_label_contains(action).count() > 0,
            "{action}"
        );
    }
    h.get_by_label("Command").type_text("settings");
    h.run_ok();
    h.key_press(Key::Enter);
    h.run_ok();
    assert_eq!(h.state().remembered.panel, zenbraze::app::Panel::Settings);
    assert!(h.query_by_label("Connection profiles").is_some());
}

/// Steps until the app's embedded sandbox runs, and returns its address.
fn wait_sandbox(h: &mut Harness<'_, ZenbrazeApp>) -> String {
    step_until(h, "the embedded sandbox", |h| {
        h.state().sandbox_url().is_some()
    });
    h.state().sandbox_url().unwrap().to_owned()
}

#[test]
fn users_import_from_braze_through_the_active_profile() {
    let dir = temp_dir("braze-import");
    let (mut h, url) = app_with_sandbox(&dir);
    // A profile in the sandbox's Braze, logged the way a campaign would.
    let braze = zenbraze::api::braze::BrazeClient::new(
        &url,
        zenbraze::secrets::Secret::new(zenbraze::sandbox::DEMO_BRAZE_KEY),
        Default::default(),
    )
    .unwrap();
    let tracked = zenbraze::net::block_on(braze.track(&json!({
        "attributes": [{"external_id": "braze-77", "first_name": "Hedy", "email": "hedy@example.com", "tier": "gold"}]
    })));
    assert!(tracked.result.is_ok(), "{:?}", tracked.result);

    let before = h.state().doc.workspace.users.len();
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run_ok();
    h.get_by_label("From Braze").click();
    h.run_ok();
    assert!(h.query_by_label_contains("with profile sandbox").is_some());
    h.get_by_label("External ids, separated by commas or lines")
        .set_text_value_accesskit("braze-77, nobody-here");
    h.run_ok();
    h.get_by_label("Import 2 users from Braze").click();
    step_until(&mut h, "the Braze export", |h| {
        h.state().doc.workspace.users.len() > before
    });
    let user = h.state().doc.workspace.users.last().unwrap().clone();
    assert_eq!(user["external_id"], "braze-77");
    assert_eq!(user["first_name"], "Hedy");
    assert_eq!(user["custom_attributes"]["tier"], "gold");
    assert!(
        h.query_by_label_contains("Braze knows none of these ids: nobody-here")
            .is_some()
    );
}

#[test]
fn a_saved_profile_keeps_its_secrets_in_the_store_and_nowhere_else() {
    let dir = temp_dir("profile");
    let store = Arc::new(SessionStore::new());
    let mut config = config(&dir, Language::English);
    config.store = store.clone();
    let mut h = open(config);
    h.run_ok();
    h.get_by_role_and_label(Role::Button, "Settings").click();
    h.run_ok();
    let token = "zd-token-5f1e2d3c4b5a69788";
    let key = "braze-key-0a1b2c3d4e5f6a7b8c9d";
    for (label, value) in [
        ("Profile name", "acme"),
        (
            "Zendesk subdomain",
            "https://acme.zendesk.com/agent/tickets/1",
        ),
        ("Zendesk agent email", "admin@acme.example"),
        ("Zendesk API token", token),
        ("Braze instance (e.g. US-01)", "us-03"),
        ("Braze REST API key", &format!("\"{key}\"")),
    ] {
        h.get_by_label(label).set_text_value_accesskit(value);
        h.run_ok();
    }
    h.get_by_label("Save profile and store secrets").click();
    step_until(&mut h, "the profile to be saved", |h| {
        h.query_by_label_contains("Profile acme saved").is_some()
    });
    use zenbraze::secrets::{SecretStore as _, Service};
    assert_eq!(
        store
            .get("acme", Service::Zendesk)
            .unwrap()
            .unwrap()
            .expose(),
        token
    );
    assert_eq!(
        store.get("acme", Service::Braze).unwrap().unwrap().expose(),
        key,
        "quotes removed"
    );
    let profiles = std::fs::read_to_string(dir.join("profiles.json")).unwrap();
    assert!(
        profiles.contains("\"acme\"") && profiles.contains("US-03"),
        "{profiles}"
    );
    assert!(!profiles.contains(token) && !profiles.contains(key));
    assert!(h.state().settings.zendesk_token.is_empty() && h.state().settings.braze_key.is_empty());
    assert!(
        h.query_by_label("Profile acme").is_some(),
        "the new profile is active"
    );
    // No secret in the workspace either.
    wait_saved(&mut h);
    for file in ["workspace.json", "profiles.json"] {
        if let Ok(text) = std::fs::read_to_string(dir.join(file)) {
            assert!(!text.contains(token) && !text.contains(key), "{file}");
        }
    }

    // A wrong entry names what is wrong, where the person typed it, and saves nothing.
    h.get_by_label("Profile name")
        .set_text_value_accesskit("sandbox");
    h.get_by_label("Braze instance (e.g. US-01)")
        .set_text_value_accesskit("US-99");
    h.run_ok();
    h.get_by_label("Save profile and store secrets").click();
    h.run_ok();
    assert!(h.query_by_label_contains("built-in profile").is_some());
}

#[test]
fn save_as_export_and_open_move_the_workspace_between_files() {
    let dir = temp_dir("files");
    let mut h = app(&dir, Language::English);
    h.get_by_label("Name")
        .set_text_value_accesskit("Travels between files");
    h.run_ok();
    // Export: a copy elsewhere; the open file stays where it is.
    let export = dir.join("shared").join("export.json");
    std::fs::create_dir_all(export.parent().unwrap()).unwrap();
    h.state_mut().push(zenbraze::app::Command::Ask(
        zenbraze::app::PathPurpose::Export,
    ));
    h.run_ok();
    h.get_by_label("File path")
        .set_text_value_accesskit(export.to_str().unwrap());
    h.run_ok();
    h.get_by_label("Export").click();
    step_until(&mut h, "the export", |h| {
        h.query_by_label_contains("Exported to").is_some()
    });
    assert!(
        std::fs::read_to_string(&export)
            .unwrap()
            .contains("Travels between files")
    );
    assert_eq!(h.state().doc.path(), dir.join("workspace.json"));

    // Save as: edits now go to the new file.
    let moved = dir.join("moved.json");
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    h.run_ok();
    h.get_by_label("File path")
        .set_text_value_accesskit(moved.to_str().unwrap());
    h.run_ok();
    h.get_by_label("Save").click();
    h.run_ok();
    wait_saved(&mut h);
    assert_eq!(h.state().doc.path(), moved);
    assert!(
        std::fs::read_to_string(&moved)
            .unwrap()
            .contains("Travels between files")
    );

    // Open: a missing path is refused in the dialog; the exported file opens.
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run_ok();
    h.get_by_label("File path")
        .set_text_value_accesskit(dir.join("nope.json").to_str().unwrap());
    h.run_ok();
    h.get_by_label("Open").click();
    h.run_ok();
    assert!(h.query_by_label("There is no file at this path").is_some());
    h.get_by_label("File path")
        .set_text_value_accesskit(export.to_str().unwrap());
    h.run_ok();
    h.get_by_label("Open").click();
    step_until(&mut h, "the open", |h| h.state().doc.path() == export);
    assert_eq!(h.state().payload().unwrap().name, "Travels between files");
}

// ---- the console, against the app's own embedded sandbox --------------------------------

fn app_with_sandbox(dir: &Path) -> (Harness<'static, ZenbrazeApp>, String) {
    let mut config = config(dir, Language::English);
    config.start_sandbox = true;
    let mut h = open(config);
    let url = wait_sandbox(&mut h);
    (h, url)
}

fn inject(url: &str, faults: serde_json::Value) {
    let url = format!("{url}/__sandbox/faults");
    let status = zenbraze::net::block_on(async move {
        reqwest::Client::new()
            .post(url)
            .body(json!({ "faults": faults }).to_string())
            .send()
            .await
            .map(|r| r.status().as_u16())
    });
    assert_eq!(status.unwrap(), 201);
}

fn wait_sent(h: &mut Harness<'_, ZenbrazeApp>) {
    step_until(h, "the send to finish", |h| {
        h.state().console.in_flight.is_none() && h.state().console.shown.is_some()
    });
}

#[test]
fn a_send_shows_the_created_ticket_and_survives_a_restart_without_secrets() {
    let dir = temp_dir("send");
    let (mut h, _url) = app_with_sandbox(&dir);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_ok();
    wait_sent(&mut h);
    assert!(h.query_by_label_contains("201 Created").is_some());
    assert!(h.query_by_label_contains("Ticket 1 created").is_some());
    assert!(
        h.query_by_label_contains("Authorization: Basic ").is_some(),
        "the header is shown"
    );
    let entry = h.state().console.shown.clone().unwrap();
    assert!(entry.ok && entry.exchange.status() == Some(201));
    h.get_by_label("Search the body")
        .set_text_value_accesskit("subject");
    h.run_ok();
    assert!(h.query_by_label_contains("matching line").is_some());
    drop(h);

    let text = std::fs::read_to_string(dir.join("history.jsonl")).unwrap();
    let token = zenbraze::sandbox::DEMO_ZENDESK_TOKEN;
    use base64::Engine as _;
    let pair = base64::engine::general_purpose::STANDARD.encode(format!(
        "{}/token:{token}",
        zenbraze::sandbox::DEMO_ADMIN_EMAIL
    ));
    assert!(
        !text.contains(token) && !text.contains(&pair),
        "no secret in the history"
    );
    let h = app(&dir, Language::English);
    assert_eq!(
        h.state().console.history.len(),
        1,
        "the history is read back"
    );
    assert_eq!(h.state().console.history[0].exchange.status(), Some(201));
}

#[test]
fn a_rate_limited_send_shows_the_wait_then_succeeds_and_a_long_wait_can_be_cancelled() {
    let dir = temp_dir("send-429");
    let (mut h, url) = app_with_sandbox(&dir);
    inject(
        &url,
        json!([{"kind": "rate_limit", "retry_after": 1, "path": "/api/v2/tickets*", "count": 1}]),
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_ok();
    step_until(&mut h, "the countdown", |h| {
        h.query_by_label_contains("Retrying in").is_some()
    });
    assert!(h.query_by_label_contains("rate limited").is_some());
    wait_sent(&mut h);
    assert!(h.query_by_label_contains("201 Created · ").is_some());
    assert!(h.query_by_label_contains("2 attempts").is_some());

    inject(
        &url,
        json!([{"kind": "rate_limit", "retry_after": 30, "path": "/api/v2/tickets*", "count": 1}]),
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_ok();
    step_until(&mut h, "the countdown", |h| {
        h.query_by_label_contains("Retrying in").is_some()
    });
    let started = Instant::now();
    h.get_by_label("Cancel").click();
    h.run_ok();
    wait_sent(&mut h);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "cancelled at once"
    );
    let shown = h.state().console.shown.clone().unwrap();
    assert!(!shown.ok, "a cancelled send is not a success");
    assert!(shown.error.unwrap().to_lowercase().contains("cancel"));
}

#[test]
fn a_wrong_token_on_a_real_profile_is_confirmed_once_then_shows_a_clear_401() {
    let dir = temp_dir("send-401");
    let sandbox = zenbraze::net::block_on(zenbraze::sandbox::Sandbox::start(
        zenbraze::sandbox::SandboxConfig::ephemeral(),
    ))
    .unwrap();
    std::fs::write(
        dir.join("profiles.json"),
        json!({"profiles": [{
            "name": "staging",
            "zendesk": {"url": sandbox.base_url(), "email": zenbraze::sandbox::DEMO_ADMIN_EMAIL},
            "braze": {"url": sandbox.base_url()}
        }]})
        .to_string(),
    )
    .unwrap();
    let store = Arc::new(SessionStore::new());
    use zenbraze::secrets::{Secret, SecretStore as _, Service};
    store
        .set(
            "staging",
            Service::Zendesk,
            &Secret::new("wrong-token-123456"),
        )
        .unwrap();
    let mut config = config(&dir, Language::English);
    config.store = store;
    let mut h = open(config);
    h.run_ok();
    assert!(
        h.state().profiles.get("staging").is_some(),
        "profiles.json was read"
    );
    h.state_mut()
        .push(zenbraze::app::Command::SetActiveProfile("staging".into()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_ok();
    assert!(
        h.query_by_label_contains("This creates a real ticket in")
            .is_some()
    );
    h.get_by_role_and_label(Role::Button, "Send").click();
    h.run_ok();
    wait_sent(&mut h);
    assert!(h.query_by_label_contains("401 Unauthorized").is_some());
    let shown = h.state().console.shown.clone().unwrap();
    let error = shown.error.unwrap();
    assert!(error.contains("401"), "{error}");
    assert!(!error.contains("wrong-token-123456"));
    // Confirmed once per session: the next send goes straight away.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_ok();
    assert!(
        h.query_by_label_contains("This creates a real ticket in")
            .is_none()
    );
    wait_sent(&mut h);
    assert_eq!(h.state().console.history.len(), 2);
}

#[test]
fn send_to_all_sends_each_of_55_users_and_reports_each_one() {
    let dir = temp_dir("send-all");
    let (mut h, url) = app_with_sandbox(&dir);
    let users: Vec<serde_json::Value> = (0..55)
        .map(|i| json!({"external_id": format!("bulk-{i}"), "first_name": format!("User {i}"), "email": format!("u{i}@example.com")}))
        .collect();
    h.state_mut().doc.workspace.users = users;
    h.state_mut().edited_data();
    h.run_ok();
    h.get_by_role_and_label(Role::Button, "Console").click();
    h.run_ok();
    h.get_by_label("Send to all 55 samples").click();
    step_until(&mut h, "all 55 sends", |h| {
        h.state().console.bulk.as_ref().is_some_and(|b| b.collected)
    });
    assert!(
        h.query_by_label("55 of 55").is_some(),
        "the progress bar is full"
    );
    assert!(h.query_by_label("55 accepted of 55 done").is_some());
    assert_eq!(h.state().console.history.len(), 55);
    let tickets = zenbraze::net::block_on(async move {
        reqwest::get(format!("{url}/__sandbox/state"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    });
    let state: serde_json::Value = serde_json::from_str(&tickets).unwrap();
    assert_eq!(
        state["tickets"].as_array().unwrap().len(),
        55,
        "one ticket per user"
    );
}

#[test]
fn solving_a_ticket_in_the_sandbox_view_puts_the_event_on_the_braze_profile() {
    let dir = temp_dir("sandbox-view");
    let (mut h, url) = app_with_sandbox(&dir);
    // What the wizard sets up: status changed to solved → Braze /users/track.
    let z = zenbraze::api::zendesk::ZendeskClient::new(
        &url,
        zenbraze::sandbox::DEMO_ADMIN_EMAIL,
        zenbraze::secrets::Secret::new(zenbraze::sandbox::DEMO_ZENDESK_TOKEN),
        Default::default(),
    )
    .unwrap();
    let connection = zenbraze::setup::Connection::open(
        &zenbraze::secrets::profiles::Profile::sandbox(&url),
        &SessionStore::new(),
        Default::default(),
    )
    .unwrap();
    let mut spec =
        zenbraze::setup::Spec::new("Ticket solved → Braze event", "zendesk_ticket_solved");
    spec.event.custom_body =
        Some(include_str!("../assets/presets/zendesk-solved-event.liquid").to_owned());
    zenbraze::net::block_on(async {
        assert!(connection.apply(&spec).await.ok());
        z.create_or_update_user(&json!({"name": "Ada Lovelace", "email": "ada@example.com", "external_id": "user-1042"}))
            .await
            .result
            .unwrap();
    });
    // The ticket Braze would create for Ada, sent from the console.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_ok();
    wait_sent(&mut h);
    assert!(h.query_by_label_contains("Ticket 1 created").is_some());

    h.get_by_role_and_label(Role::Button, "Sandbox").click();
    h.run_ok();
    assert!(h.query_by_label("Tickets (1)").is_some());
    h.get_by_label("status").click();
    h.run_ok();
    h.get_by_label("solved").click();
    step_until(&mut h, "the ticket to be solved", |h| {
        h.state().sandbox().unwrap().snapshot()["tickets"][0]["status"] == "solved"
    });
    step_until(&mut h, "the event on Ada's profile", |h| {
        h.query_by_label_contains("zendesk_ticket_solved").is_some()
    });
    assert!(h.query_by_label("Webhook deliveries (1)").is_some());
    assert!(h.query_by_label_contains("#1 · success").is_some());
    assert!(
        h.query_by_label_contains("user-1042 · Ada Lovelace · one event")
            .is_some()
    );
}

#[test]
fn the_sandbox_view_switches_faults_and_resets() {
    let dir = temp_dir("sandbox-faults");
    let (mut h, _url) = app_with_sandbox(&dir);
    h.get_by_role_and_label(Role::Button, "Sandbox").click();
    h.run_ok();
    h.get_by_label("500 server error").click();
    step_until(&mut h, "the fault to be on", |h| {
        h.state().sandbox().is_some_and(|s| {
            s.snapshot()["faults"]
                .as_array()
                .is_some_and(|f| f.len() == 1)
        })
    });
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_ok();
    wait_sent(&mut h);
    assert_eq!(
        h.state().console.shown.as_ref().unwrap().exchange.status(),
        Some(500)
    );
    h.get_by_role_and_label(Role::Button, "Sandbox").click();
    h.run_ok();
    h.get_by_label("Reset the sandbox").click();
    step_until(&mut h, "the reset", |h| {
        h.state()
            .sandbox()
            .is_some_and(|s| s.snapshot()["faults"].as_array().is_some_and(Vec::is_empty))
    });
}

#[test]
fn an_exchange_can_be_sent_again_and_compared_with_another() {
    let dir = temp_dir("resend");
    let (mut h, _url) = app_with_sandbox(&dir);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_ok();
    wait_sent(&mut h);
    h.get_by_label("Send again").click();
    h.run_ok();
    step_until(&mut h, "the second send", |h| {
        h.state().console.history.len() == 2 && h.state().console.in_flight.is_none()
    });
    assert!(h.query_by_label_contains("Ticket 2 created").is_some());
    assert_eq!(
        h.state().console.history[0].exchange.request_body,
        h.state().console.history[1].exchange.request_body,
        "the same body went again"
    );
    h.state_mut().push(zenbraze::app::Command::Compare(Some(1)));
    h.run_ok();
    // The two answers differ in the ticket id (and its URL), line by line.
    assert!(h.query_by_label_contains("-     \"id\": 1,").is_some());
    assert!(h.query_by_label_contains("+     \"id\": 2,").is_some());
}

fn sandbox_state(url: &str) -> serde_json::Value {
    let url = format!("{url}/__sandbox/state");
    let text =
        zenbraze::net::block_on(
            async move { reqwest::get(url).await.unwrap().text().await.unwrap() },
        );
    serde_json::from_str(&text).unwrap()
}

fn click(h: &mut Harness<'_, ZenbrazeApp>, label: &str) {
    h.get_by_label(label).click();
    h.run_ok();
}

fn wait_text(h: &mut Harness<'_, ZenbrazeApp>, text: &str) {
    step_until(h, text, |h| {
        h.query_all_by_label_contains(text).next().is_some()
    });
}

/// Issue 8: the wizard, step by step, against the app's own sandbox: connection tested, the
/// event previewed, the trigger built with the loop guard and a new category, the plan read,
/// apply, apply again (nothing changes), verify with the whole loop, the Braze composer
/// settings, and remove.
#[test]
fn the_wizard_sets_up_verifies_and_removes_the_trigger_on_the_sandbox() {
    let dir = temp_dir("wizard");
    let (mut h, url) = app_with_sandbox(&dir);
    h.get_by_role_and_label(Role::Button, "Wizard").click();
    h.run_ok();

    // 1 · Connection: both services answer.
    click(&mut h, "Test both services");
    wait_text(&mut h, "Zendesk: signed in as admin@sandbox.test");
    assert!(h.query_by_label_contains("✓ Braze: key accepted").is_some());
    click(&mut h, "Next →");

    // 2 · Event: a custom event name, an attribute update, previewed for the sample ticket.
    h.get_by_label("Braze custom event")
        .set_text_value_accesskit("support_ticket_solved");
    h.run_ok();
    click(&mut h, "+ Add attribute update");
    assert!(
        h.query_by_label_contains(r#""name": "support_ticket_solved""#)
            .is_some()
    );
    assert!(
        h.query_by_label_contains(r#""zendesk_last_status": "Solved""#)
            .is_some()
    );
    assert!(
        h.query_by_label_contains(r#""external_id": "user-1042""#)
            .is_some()
    );
    // The linter's warning about requesters without an external id is shown, and nothing worse.
    assert!(
        h.query_by_label_contains("warning 4:23: `ticket.requester.external_id` is empty")
            .is_some()
    );
    assert!(h.query_all_by_label_contains("error ").next().is_none());
    click(&mut h, "Next →");

    // 3 · Trigger: solved or closed, the suggested loop guard, a new category.
    assert!(
        h.query_by_label_contains("Tickets created by Braze carry the tag braze")
            .is_some()
    );
    click(&mut h, "Exclude braze");
    assert!(h.query_by_label_contains("Loop guard on").is_some());
    click(&mut h, "closed");
    click(&mut h, "New");
    for condition in [
        "status changed to solved (any of)",
        "status changed to closed (any of)",
        "tags include none of braze",
    ] {
        assert!(h.query_by_label(condition).is_some(), "{condition}");
    }
    click(&mut h, "Next →");

    // 4 · Webhook: all from the profile.
    assert!(h.query_by_label(&format!("{url}/users/track")).is_some());
    click(&mut h, "Next →");

    // 5 · Plan: read from the account as soon as the step opens.
    wait_text(&mut h, "create webhook \"Ticket solved → Braze\"");
    assert!(
        h.query_by_label_contains("create category \"Braze\"")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("create trigger \"Ticket solved → Braze\"")
            .is_some()
    );
    assert!(h.query_by_label_contains("no webhook named").is_some());
    let leaked = visible_texts(&h)
        .into_iter()
        .any(|t| t.contains(zenbraze::sandbox::DEMO_BRAZE_KEY));
    assert!(!leaked, "the plan shows the Braze key");
    assert_eq!(sandbox_state(&url)["webhooks"].as_array().unwrap().len(), 0);

    // 6 · Apply, then apply again: nothing changes.
    click(&mut h, "Apply now");
    wait_text(&mut h, "✓ created trigger");
    assert!(h.query_by_label("Applied.").is_some());
    let state = sandbox_state(&url);
    assert_eq!(state["webhooks"].as_array().unwrap().len(), 1);
    let trigger = &state["triggers"][0];
    assert_eq!(trigger["title"], "Ticket solved → Braze");
    assert_eq!(trigger["conditions"]["any"].as_array().unwrap().len(), 2);
    assert_eq!(
        trigger["conditions"]["all"][0],
        json!({"field": "current_tags", "operator": "not_includes", "value": "braze"})
    );
    click(&mut h, "Apply now");
    wait_text(&mut h, "Nothing changed: the account already matched.");
    assert_eq!(sandbox_state(&url)["triggers"].as_array().unwrap().len(), 1);

    // 7 · Verify: Braze's answer to the webhook test, then the whole loop.
    click(&mut h, "7 · Verify");
    click(&mut h, "Verify");
    wait_text(&mut h, "The whole loop works");
    assert!(
        h.query_by_label("Braze answered 201 to the webhook test")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("event \"support_ticket_solved\" arrived on user-1042")
            .is_some()
    );

    // 8 · The other direction: the composer settings, with the email and never the token.
    click(&mut h, "8 · Braze → Zendesk");
    assert!(
        h.query_by_label(&format!("{url}/api/v2/tickets.json"))
            .is_some()
    );
    assert!(
        h.query_by_label(
            "Basic {{ 'admin@sandbox.test/token:<your Zendesk API token>' | base64_encode }}"
        )
        .is_some()
    );
    let leaked = visible_texts(&h)
        .into_iter()
        .any(|t| t.contains(zenbraze::sandbox::DEMO_ZENDESK_TOKEN));
    assert!(!leaked, "the composer shows the Zendesk token");

    // Remove: both gone.
    click(&mut h, "6 · Apply");
    click(&mut h, "Remove");
    wait_text(&mut h, "✓ deleted webhook");
    let state = sandbox_state(&url);
    assert_eq!(state["webhooks"].as_array().unwrap().len(), 0);
    assert_eq!(state["triggers"].as_array().unwrap().len(), 0);
}

/// Issue 16: what the profiles file and the workspace hold that this version cannot use is
/// listed in Settings (read only), and still in both files after the app has saved them.
#[test]
fn parts_this_version_cannot_use_are_listed_and_kept_through_saves() {
    let dir = temp_dir("kept");
    let workspace = r#"{"zenbraze_workspace": 1,
        "payloads": [{"name": "p", "direction": "sideways", "body": "{}"}],
        "users": [{"external_id": "u1"}], "tickets": [], "contexts": [],
        "folders": ["from a newer zenbraze"]}"#;
    std::fs::write(dir.join("workspace.json"), workspace).unwrap();
    std::fs::write(
        dir.join("profiles.json"),
        r#"{"profiles": [{"name": "has space", "braze": {"instance": "US-03"}}]}"#,
    )
    .unwrap();
    let mut h = app(&dir, Language::English);
    h.get_by_role_and_label(Role::Button, "Settings").click();
    h.run_ok();
    let profiles_heading = format!(
        "{}: 1 part cannot be used by this version of zenbraze and is kept as it is",
        dir.join("profiles.json").display()
    );
    let workspace_heading = format!(
        "{}: 2 parts cannot be used by this version of zenbraze and are kept as they are",
        dir.join("workspace.json").display()
    );
    h.get_by_label(&profiles_heading).click();
    h.run_ok();
    // (Also in the notice said at opening.)
    h.get_by_role_and_label(Role::DisclosureTriangle, &workspace_heading)
        .click();
    h.run_ok();
    assert!(h.query_by_label_contains("“has space”").is_some());
    assert!(h.query_by_label_contains("“sideways” is unknown").is_some());
    assert!(
        h.query_by_label_contains("“folders” is not known")
            .is_some()
    );

    // An edit, an autosave, a profile saved from the app: nothing kept is lost.
    h.get_by_role_and_label(Role::Button, "Payloads").click();
    h.run_ok();
    set_body(&mut h, "{\"edited\": true}");
    wait_saved(&mut h);
    h.get_by_role_and_label(Role::Button, "Settings").click();
    h.run_ok();
    for (label, value) in [
        ("Profile name", "acme"),
        ("Braze instance (e.g. US-01)", "us-03"),
        ("Braze REST API key", "braze-key-0a1b2c3d4e5f"),
    ] {
        h.get_by_label(label).set_text_value_accesskit(value);
        h.run_ok();
    }
    h.get_by_label("Save profile and store secrets").click();
    step_until(&mut h, "the profile to be saved", |h| {
        h.query_by_label_contains("Profile acme saved").is_some()
    });
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("workspace.json")).unwrap())
            .unwrap();
    assert_eq!(saved["payloads"][0]["direction"], "sideways");
    assert_eq!(saved["folders"], json!(["from a newer zenbraze"]));
    let profiles = std::fs::read_to_string(dir.join("profiles.json")).unwrap();
    assert!(
        profiles.contains("has space") && profiles.contains("acme"),
        "{profiles}"
    );
}
