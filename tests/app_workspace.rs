//! The workspace file, imports and profiles, driven by egui_kittest on the app's real state:
//! autosave and reopen, recovery, Save as / Export / Open, importing users (JSON, CSV, Braze),
//! and a profile whose secrets go to the store and nowhere else.

mod app_support;

use std::sync::Arc;

use app_support::*;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;
use serde_json::json;
use zenbraze::i18n::Language;
use zenbraze::secrets::SessionStore;

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
    h.settle();
    assert!(
        h.query_by_label_contains("2:").is_some(),
        "the error names the line"
    );
    assert!(h.query_by_label_contains("Found").is_none());
    let users = json!([{"external_id": "imp-1", "first_name": "Grace"}, {"external_id": "imp-2", "first_name": "Alan"}]);
    h.get_by_label("Users as text")
        .set_text_value_accesskit(&users.to_string());
    h.run_ok();
    h.settle();
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
    h.wait_text("1 rows, 3 columns");
    h.settle();
    let mapping = h
        .state_mut()
        .import
        .as_mut()
        .and_then(|d| d.csv_mut().map(|(_, m)| m.clone()))
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

    // A missing file is named, and the dialog stays open to fix the path.
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run_ok();
    let missing = dir.join("no-such.csv");
    h.get_by_label("File path")
        .set_text_value_accesskit(missing.to_str().unwrap());
    h.run_ok();
    h.get_by_label("Read file").click();
    h.wait_text("cannot be read");
    assert!(h.state().import.is_some());
}

#[test]
fn autosave_and_reopen_restore_everything() {
    let dir = temp_dir("reopen");
    let mut h = app(&dir, Language::English);
    h.get_by_label("Name")
        .set_text_value_accesskit("Renamed payload");
    h.run_ok();
    h.set_body(r#"{"kept": "{{${email_address} | json_escape}}"}"#);
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
    assert!(
        h.query_by_label_contains("the text ends before the JSON does")
            .is_some(),
        "serde's wording, in the catalogue's words"
    );
    assert_eq!(
        h.state().doc.workspace.users.last().unwrap()["custom_attributes"]["tier"]["level"],
        3
    );
    // Nothing is saved before the pause is over.
    assert!(h.state().doc.is_dirty());
    h.wait_saved();
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
    h.wait_saved();
    assert_eq!(
        std::fs::read_to_string(dir.join("workspace.json")).unwrap(),
        corrupt
    );
    let recovered = std::fs::read_to_string(dir.join("workspace.recovered.json")).unwrap();
    assert!(recovered.contains("Edited in recovery"));
}

#[test]
fn users_import_from_braze_through_the_active_profile() {
    let dir = temp_dir("braze-import");
    let (mut h, url) = app_with_sandbox(&dir, Language::English);
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
    h.step_until("the Braze export", |h| {
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
    h.settle();
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
    h.wait_text("Profile acme saved");
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
    // Saved, not made active without saying so: Settings says which one sends, and offers it.
    assert_eq!(h.state().active_profile_name(), "sandbox");
    assert!(
        h.query_by_label("acme is saved but not active: sends still use sandbox")
            .is_some()
    );
    h.get_by_label("Use acme for sends").click();
    h.run_ok();
    assert_eq!(h.state().active_profile_name(), "acme");
    assert!(
        h.query_by_label_contains("is saved but not active")
            .is_none()
    );
    // No secret in the workspace either.
    h.wait_saved();
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

    // Deleting the profile asks first, naming it and where its secrets go; then both go.
    let delete_acme = |h: &mut TestApp| {
        let rows: Vec<_> = h.query_all_by_label("Delete").collect();
        assert_eq!(rows.len(), 1, "one profile besides the sandbox");
        rows[0].click();
        h.run_ok();
    };
    delete_acme(&mut h);
    let question =
        "Delete the profile acme and its secrets (memory of this session only (no keyring here))?";
    assert!(h.query_by_label(question).is_some(), "{question}");
    h.click("Cancel");
    assert!(h.state().profiles.get("acme").is_some(), "Cancel keeps it");
    delete_acme(&mut h);
    h.click("Yes, delete");
    h.settle();
    assert!(h.state().profiles.get("acme").is_none());
    assert!(store.get("acme", Service::Zendesk).unwrap().is_none());
    assert_eq!(h.state().active_profile_name(), "sandbox");
}

#[test]
fn deleting_a_payload_or_a_sample_asks_first_and_names_it() {
    let dir = temp_dir("delete-asks");
    let mut h = app(&dir, Language::English);
    let payloads = h.state().doc.workspace.payloads.len();
    h.get_by_role_and_label(Role::Button, "Payloads").click();
    h.run_ok();
    h.get_by_role_and_label(Role::Button, "Delete").click();
    h.run_ok();
    let question = "Delete the payload “Ticket from Braze (corrected)”?";
    assert!(h.query_by_label(question).is_some(), "{question}");
    h.click("Cancel");
    assert_eq!(
        h.state().doc.workspace.payloads.len(),
        payloads,
        "Cancel keeps it"
    );
    // The palette's Delete payload asks as well.
    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run_ok();
    h.get_by_label("Command").type_text("delete payload");
    h.run_ok();
    h.key_press(Key::Enter);
    h.run_ok();
    assert!(h.query_by_label(question).is_some());
    h.click("Yes, delete");
    assert_eq!(h.state().doc.workspace.payloads.len(), payloads - 1);
    assert_eq!(
        h.state().payload().unwrap().name,
        "Ticket from Braze (as the docs publish it)"
    );

    // A sample user, in the Users panel.
    let users = h.state().doc.workspace.users.len();
    h.get_by_role_and_label(Role::Button, "Users").click();
    h.run_ok();
    h.get_by_role_and_label(Role::Button, "Delete").click();
    h.run_ok();
    assert!(
        h.query_by_label("Delete the sample user user-1042?")
            .is_some()
    );
    h.key_press(Key::Escape);
    h.run_ok();
    assert_eq!(
        h.state().doc.workspace.users.len(),
        users,
        "Escape keeps it"
    );
    h.get_by_role_and_label(Role::Button, "Delete").click();
    h.run_ok();
    h.click("Yes, delete");
    assert_eq!(h.state().doc.workspace.users.len(), users - 1);
    assert_ne!(h.state().doc.workspace.users[0]["external_id"], "user-1042");
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
    h.wait_text("Exported to");
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
    h.wait_saved();
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
    h.step_until("the open", |h| h.state().doc.path() == export);
    assert_eq!(h.state().payload().unwrap().name, "Travels between files");
}

#[test]
fn the_connection_test_tells_no_network_from_a_wrong_subdomain_and_can_be_cancelled() {
    use zenbraze::secrets::{Secret, SecretStore as _, Service};
    let dir = temp_dir("network");
    // `.invalid` never resolves (RFC 6761): the lookup fails as it does with no network.
    let offline = "https://zenbraze-offline.invalid";
    // A port nothing listens on: refused at once.
    let refused = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    // A listener that takes the connection and never answers: the test waits until cancelled.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let silent_url = format!("http://{}", silent.local_addr().unwrap());
    std::fs::write(
        dir.join("profiles.json"),
        json!({"profiles": [
            {"name": "offline", "zendesk": {"url": offline, "email": "a@example.com"}, "braze": {"url": refused}},
            {"name": "silent", "zendesk": {"url": silent_url, "email": "a@example.com"}}
        ]})
        .to_string(),
    )
    .unwrap();
    let store = Arc::new(SessionStore::new());
    for (profile, service) in [
        ("offline", Service::Zendesk),
        ("offline", Service::Braze),
        ("silent", Service::Zendesk),
    ] {
        store
            .set(profile, service, &Secret::new("secret-value-0123456789"))
            .unwrap();
    }
    let mut config = config(&dir, Language::English);
    config.store = store;
    let mut h = open(config);
    h.settle();
    h.get_by_role_and_label(Role::Button, "Settings").click();
    h.run_ok();
    let test_row = |h: &mut TestApp, row: usize| {
        let buttons: Vec<_> = h.query_all_by_label("Test connection").collect();
        assert_eq!(buttons.len(), 3, "the sandbox and two profiles");
        buttons[row].click();
        h.run_ok();
    };

    // No network (the name does not resolve): said as such, and the subdomain is not blamed.
    test_row(&mut h, 1);
    h.step_until("the offline test", |h| {
        !h.state().settings.checks.is_empty()
    });
    let zendesk = "Zendesk: cannot look up zenbraze-offline.invalid: no network, or DNS is failing; check the connection, not the subdomain";
    let shown: Vec<String> = h
        .state()
        .settings
        .checks
        .iter()
        .map(|(_, m)| m.to_string())
        .collect();
    assert!(h.query_by_label_contains(zendesk).is_some(), "{shown:?}");
    // Refused: the address answered that nothing listens there.
    let braze = format!("Braze: cannot reach {refused} (");
    assert!(h.query_by_label_contains(&braze).is_some(), "{braze}");
    assert!(
        h.query_by_label_contains("check the network, a proxy or a firewall")
            .is_some()
    );
    let checks = h.state().settings.checks.clone();
    assert_eq!(checks.len(), 2);
    assert!(checks.iter().all(|(ok, _)| !ok));

    // A test that hangs can be cancelled: it ends at once and says so.
    test_row(&mut h, 2);
    assert!(h.state().background.testing_connection());
    assert!(h.query_by_label("Testing the connection…").is_some());
    h.get_by_label("Cancel").click();
    h.step_until("the cancelled test", |h| {
        !h.state().background.testing_connection()
    });
    assert!(
        h.query_by_label("Zendesk: Connection test cancelled")
            .is_none()
    );
    assert!(h.query_by_label("Connection test cancelled").is_some());
    drop(silent);
}

/// The person's picks in the file chooser, in order, and what the app asked it.
#[derive(Default)]
struct ScriptedChooser {
    picks: std::sync::Mutex<Vec<Result<Option<std::path::PathBuf>, zenbraze::i18n::Message>>>,
    asked: std::sync::Mutex<Vec<zenbraze::app::chooser::ChooseRequest>>,
}

impl zenbraze::app::chooser::FileChooser for ScriptedChooser {
    fn choose(
        &self,
        request: &zenbraze::app::chooser::ChooseRequest,
    ) -> Result<Option<std::path::PathBuf>, zenbraze::i18n::Message> {
        self.asked.lock().unwrap().push(request.clone());
        self.picks.lock().unwrap().remove(0)
    }
}

#[test]
fn the_file_chooser_opens_saves_and_imports_and_typed_paths_still_work() {
    use zenbraze::app::chooser::ChoosePurpose;
    let dir = temp_dir("chooser");
    let mut h = app(&dir, Language::English);
    let chooser = Arc::new(ScriptedChooser::default());
    h.state_mut().file_chooser = chooser.clone();
    let pick = |path: Option<std::path::PathBuf>| chooser.picks.lock().unwrap().push(Ok(path));

    // Save as through the chooser: edits go to the picked file.
    let moved = dir.join("picked.json");
    pick(Some(moved.clone()));
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    h.run_ok();
    h.click("Choose a file…");
    h.step_until("the save as", |h| h.state().doc.path() == moved);
    h.wait_saved();
    assert!(moved.is_file());
    let asked = chooser.asked.lock().unwrap().last().cloned().unwrap();
    assert_eq!(asked.purpose, ChoosePurpose::SaveAs);
    assert_eq!(asked.file_name.as_deref(), Some("workspace.json"));
    assert_eq!(asked.directory.as_deref(), Some(&*dir));

    // Cancelled in the chooser: nothing happens, the typed path is still there to use.
    pick(None);
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run_ok();
    h.click("Choose a file…");
    h.settle();
    assert!(h.state().path_dialog.is_some(), "the dialog stays");
    assert_eq!(h.state().doc.path(), moved);

    // No chooser on this machine: said in the dialog; a typed path opens the file.
    chooser
        .picks
        .lock()
        .unwrap()
        .push(Err(zenbraze::msg!("chooser-unavailable")));
    h.click("Choose a file…");
    h.wait_text("No system file chooser here");
    let other = dir.join("other.json");
    std::fs::copy(&moved, &other).unwrap();
    h.get_by_label("File path")
        .set_text_value_accesskit(other.to_str().unwrap());
    h.run_ok();
    h.get_by_label("Open").click();
    h.step_until("the typed open", |h| h.state().doc.path() == other);

    // Open through the chooser.
    pick(Some(moved.clone()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run_ok();
    h.click("Choose a file…");
    h.step_until("the chosen open", |h| h.state().doc.path() == moved);
    assert_eq!(
        chooser.asked.lock().unwrap().last().unwrap().purpose,
        ChoosePurpose::Open
    );

    // Users from a chosen file: read at once, as a typed path is.
    let users = dir.join("users.json");
    std::fs::write(
        &users,
        json!([{"external_id": "chosen-1"}, {"external_id": "chosen-2"}]).to_string(),
    )
    .unwrap();
    pick(Some(users.clone()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run_ok();
    h.click("Choose a file…");
    h.wait_text("Found 2 users");
    let asked = chooser.asked.lock().unwrap().last().cloned().unwrap();
    assert_eq!(asked.purpose, ChoosePurpose::Import);
    assert!(
        asked
            .filters
            .iter()
            .any(|(_, ext)| ext.contains(&"csv".to_owned()))
    );
}

/// The system's fonts stand in for what the bundled ones lack: this harness does not allow a
/// missing glyph (it panics on one), and a sample user's Japanese name is drawn. It needs a CJK
/// font on the machine (any of those `app::fonts` lists); `.ci/run` installs
/// `fonts-droid-fallback`.
#[test]
#[ignore = "needs a system CJK font: apt install fonts-droid-fallback"]
fn a_japanese_name_is_drawn_with_a_system_font_not_as_boxes() {
    let dir = temp_dir("fonts");
    let config = config(&dir, Language::English);
    // Missing glyphs are not allowed here, unlike in `open`.
    let mut h = open_on(
        config,
        egui_kittest::Harness::builder().with_size(egui::vec2(1400.0, 900.0)),
    );
    // The search runs on a background thread, which wakes the UI when it is done; the first
    // frames need none of its glyphs. A search that never ends fails at the harness's hang guard.
    h.step_until("the system font search", |h| {
        h.state().fonts.loaded().is_some()
    });
    let loaded = h.state().fonts.loaded().unwrap().to_vec();
    assert!(
        !loaded.is_empty(),
        "needs a system CJK font: apt install fonts-droid-fallback (no CJK or symbol font was \
         found on this machine)"
    );
    h.run_ok();
    h.get_by_role_and_label(Role::Button, "Users").click();
    h.run_ok();
    h.get_by_label_contains("user-unicode").click();
    h.run_ok();
    assert_eq!(h.state().remembered.user, 2);
    assert!(
        visible_texts_of(&h)
            .iter()
            .any(|t| t.contains("Ångström 山田")),
        "the name is on screen"
    );
}

/// The CJK font (4 MB and more, held for the whole run) is read only when something needs it:
/// a workspace without CJK text starts without it, and the first CJK character typed brings it
/// in (drawn as a box for the frames the read takes). It needs a CJK font on the machine.
#[test]
#[ignore = "needs a system CJK font: apt install fonts-droid-fallback"]
fn the_cjk_font_is_read_only_when_cjk_text_appears() {
    let dir = temp_dir("fonts-lazy");
    std::fs::write(
        dir.join("workspace.json"),
        r#"{"zenbraze_workspace": 1, "payloads": [{"name": "Ticket", "direction":
            "braze_to_zendesk", "body": "{\"ticket\": {\"subject\": \"Hi {{${first_name}}}\"}}"}],
            "users": [{"external_id": "u1", "first_name": "Ada"}], "tickets": [], "contexts": []}"#,
    )
    .unwrap();
    let mut h = open(config(&dir, Language::English));
    h.step_until("the system font search", |h| {
        h.state().fonts.loaded().is_some()
    });
    assert!(!h.state().fonts.cjk_asked(), "nothing asked for CJK yet");
    assert!(
        !h.state()
            .fonts
            .loaded()
            .unwrap()
            .iter()
            .any(|f| f.starts_with("DroidSansFallback")),
        "no CJK font read for a workspace without CJK text"
    );
    h.get_by_label("Body template").focus();
    h.run_ok();
    h.key_press_modifiers(Modifiers::COMMAND, Key::End);
    h.run_ok();
    h.get_by_label("Body template").type_text(" 山田");
    h.run_ok();
    assert!(h.state().doc.workspace.payloads[0].body.ends_with(" 山田"));
    h.step_until("the CJK font read", |h| {
        h.state()
            .fonts
            .loaded()
            .unwrap_or_default()
            .iter()
            .any(|f| f.starts_with("DroidSansFallback"))
    });
    h.run_ok();
    let drawn = h
        .ctx
        .fonts_mut(|f| f.has_glyphs(&egui::FontId::proportional(14.0), "山田"));
    assert!(drawn, "the typed name is drawn with the system font");
}

fn visible_texts_of(h: &egui_kittest::Harness<'_, zenbraze::app::ZenbrazeApp>) -> Vec<String> {
    use egui_kittest::kittest::NodeT as _;
    h.root()
        .children_recursive()
        .flat_map(|n| {
            let n = n.accesskit_node();
            [n.label(), n.value(), n.description()]
        })
        .flatten()
        .collect()
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
    h.set_body("{\"edited\": true}");
    h.wait_saved();
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
    h.wait_text("Profile acme saved");
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
