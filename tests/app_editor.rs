//! The payload editor, the preview, the palette and the panels, driven by egui_kittest on the
//! app's real state: every test types, clicks and reads what a person would see.

mod app_support;

use app_support::*;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;
use zenbraze::app::{Command, Panel};
use zenbraze::i18n::{Catalogue, Language};

#[test]
fn typing_in_the_editor_updates_the_preview() {
    let dir = temp_dir("typing");
    let mut h = app(&dir, Language::English);
    // The corrected preset renders valid JSON for the first bundled user.
    assert!(h.query_by_label("Valid JSON").is_some());
    h.set_body(r#"{"greeting": "Hello {{${first_name} | upcase}}"}"#);
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
    h.settle();
    assert!(h.state().payload().unwrap().body.ends_with("} oops"));
    assert!(
        h.query_by_label_contains("The JSON breaks at line 1, column")
            .is_some(),
        "the preview names where the body breaks"
    );
    assert!(
        h.query_by_label_contains("there is more text after the JSON")
            .is_some(),
        "in the interface's words: {:?}",
        visible_texts(&h)
            .into_iter()
            .filter(|t| t.contains("breaks"))
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_quote_in_a_first_name_is_found_on_its_line_and_the_fix_clears_it() {
    let dir = temp_dir("quote");
    let mut h = app(&dir, Language::English);
    h.set_body(
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
    h.settle();

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
    h.settle();
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
    h.set_body(
        r#"{% if ${email_address} == blank %}{% abort_message('no email') %}{% endif %}{"who": "{{${first_name} | default: 'nobody' | json_escape}}"}"#,
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
    h.settle();
    assert_eq!(h.state().remembered.user, 1);
    assert_ne!(shown(0), shown(1));
    assert!(h.query_by_label_contains(&shown(1)).is_some());

    // The all-users view lists every user, computed off the UI thread once typing pauses.
    h.get_by_label("All users").click();
    h.pause_typing();
    h.step_until("the all-users rows", |h| {
        h.state().survey().0.is_some() && !h.state().survey().1
    });
    let (rows, _) = h.state().survey();
    assert_eq!(rows.unwrap().as_ref().unwrap().len(), users.len());
    assert!(h.query_by_label_contains(" OK · ").is_some());
    // A preview sends nothing: the summary names what abort_message stopped, not "not sent".
    let texts = visible_texts(&h);
    assert!(
        texts
            .iter()
            .any(|t| t.contains(" OK · ") && t.contains(" stopped by abort_message")),
        "{texts:?}"
    );
    assert!(!texts.iter().any(|t| t.contains("not sent")), "{texts:?}");
    assert!(
        h.query_all_by_label_contains("stopped by abort_message: no email")
            .count()
            >= 1,
        "users without an email are not sent"
    );
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
    let mut visit = |h: &mut TestApp, place: &str| {
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
        h.settle();
        visit(&mut h, tab);
    }
    for panel in ["Usuarios", "Consola", "Asistente", "Sandbox", "Ajustes"] {
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
        h.settle();
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
    // A query nothing matches says so, instead of an empty list.
    h.get_by_label("Command").type_text("zzqx");
    h.run_ok();
    assert!(
        h.query_by_label("No command matches “zzqx”").is_some(),
        "no line says nothing matched"
    );
    h.get_by_label("Command").set_text_value_accesskit("");
    h.run_ok();
    assert!(h.query_by_label_contains("No command matches").is_none());
    h.get_by_label("Command").type_text("settings");
    h.run_ok();
    h.key_press(Key::Enter);
    h.run_ok();
    assert_eq!(h.state().remembered.panel, Panel::Settings);
    assert!(h.query_by_label("Connection profiles").is_some());
}

/// A panel is its `Panel` variant, its module and its catalogue key: the top bar, its shortcut,
/// the palette and the central area all come from the one list. For every panel there is: a
/// name in both languages, a button in the top bar with that name, a `Ctrl+N` shortcut that
/// shows it, a palette entry that shows it, and a module that draws something of its own there.
#[test]
fn every_panel_comes_from_one_list_with_its_name_shortcut_palette_entry_and_module() {
    let dir = temp_dir("panels");
    let mut h = app(&dir, Language::English);
    let en = Catalogue::get(Language::English);
    let es_keys = Catalogue::keys(Language::Spanish);
    let palette: Vec<Command> = Command::palette().collect();
    let mut drawn = Vec::new();
    for panel in Panel::ALL {
        let key = panel.label_key();
        assert!(es_keys.iter().any(|k| k == key), "{key} in Spanish");
        let name = en.tr(key);
        assert_ne!(name, key, "{key} in English");
        assert!(
            palette.contains(&Command::Show(*panel)),
            "{panel:?} in the palette"
        );

        // Its shortcut, from any other panel, shows it.
        let other = Panel::ALL.iter().find(|p| *p != panel).unwrap();
        h.state_mut().push(Command::Show(*other));
        h.run_ok();
        let shortcut = Command::Show(*panel).shortcut().expect("a shortcut");
        h.key_press_modifiers(shortcut.modifiers, shortcut.logical_key);
        h.run_ok();
        assert_eq!(h.state().remembered.panel, *panel, "{shortcut:?}");

        // Its button is in the top bar, selected, and the central area is its module's.
        assert!(
            h.query_all_by_role_and_label(Role::Button, name).count() >= 1,
            "{name}"
        );
        let texts = visible_texts(&h);
        drawn.push((*panel, texts));
    }
    // Each module draws something no other panel shows.
    for (panel, texts) in &drawn {
        let own = texts.iter().any(|t| {
            drawn
                .iter()
                .filter(|(p, _)| p != panel)
                .all(|(_, other)| !other.contains(t))
        });
        assert!(own, "{panel:?} drew nothing of its own");
    }
}

#[test]
fn the_window_shows_every_panel_at_a_small_size_without_panicking() {
    let dir = temp_dir("small");
    let mut h = open_sized(config(&dir, Language::English), egui::vec2(900.0, 600.0));
    h.settle();
    for panel in Panel::ALL {
        h.state_mut().push(Command::Show(*panel));
        h.run_ok();
        h.settle();
        assert_eq!(h.state().remembered.panel, *panel);
    }
}

/// The Request tab shows where a send from the console really goes (the active profile's
/// address and headers), apart from the campaign's webhook URL, and the documentation's
/// `your-subdomain` host in that URL is a finding.
#[test]
fn the_request_tab_shows_where_the_console_sends_and_a_placeholder_host_is_a_finding() {
    let dir = temp_dir("request-tab");
    let (mut h, url) = app_with_sandbox(&dir, Language::English);
    h.get_by_role_and_label(Role::Button, "Request").click();
    h.run_ok();
    h.settle();
    assert!(
        h.query_by_label("Sent from the console with the profile sandbox")
            .is_some()
    );
    assert!(
        h.query_by_label(&format!("{url}/api/v2/tickets.json"))
            .is_some(),
        "the sandbox's own address, where the send goes"
    );
    assert!(h.query_by_label("Accept").is_some());
    assert!(
        h.query_by_label_contains("(admin@sandbox.test/token, from profile sandbox)")
            .is_some()
    );
    assert!(
        h.query_by_label("In the campaign's webhook (what Braze is set up to send)")
            .is_some()
    );
    let placeholder =
        "the host `your-subdomain.zendesk.com` is a placeholder from the documentation";
    assert!(
        h.query_all_by_label_contains(placeholder).next().is_some(),
        "the placeholder host is a finding"
    );
    assert!(h.query_by_label("The body passes every check").is_none());
    // The findings pane lists it as a sentence of its own, capitalised.
    assert!(
        h.query_all_by_label_contains("The host `your-subdomain.zendesk.com` is a placeholder")
            .next()
            .is_some()
    );
}

/// The corrected preset, the one marketers copy, writes the sign-up date from a sign-up
/// attribute (not the date of birth) and says so plainly when a user has none.
#[test]
fn the_corrected_preset_writes_the_sign_up_date_and_a_fallback_without_one() {
    let dir = temp_dir("signup-date");
    let mut h = app(&dir, Language::English);
    assert_eq!(
        h.state().payload().unwrap().name,
        "Ticket from Braze (corrected)"
    );
    assert!(
        h.query_by_label_contains("Signed up March 14, 2021.")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("1815").is_none(),
        "not Ada's birth"
    );
    assert!(
        h.state().findings().is_empty(),
        "{:?}",
        h.state().findings()
    );
    // Zoë has no sign-up date.
    for _ in 0..2 {
        h.key_press_modifiers(Modifiers::ALT, Key::ArrowDown);
        h.run_ok();
    }
    h.settle();
    assert_eq!(
        h.state().doc.workspace.users[h.state().remembered.user]["first_name"],
        "Zoë"
    );
    assert!(
        h.query_by_label_contains("Sign-up date not on file.")
            .is_some()
    );
    assert!(h.query_by_label_contains("Signed up .").is_none());
    assert!(
        h.state().findings().is_empty(),
        "{:?}",
        h.state().findings()
    );
}

/// Issue 28, cosmetic 3: jumping to a finding selects the span its underline marks, not only a
/// thin caret.
#[test]
fn a_jump_to_a_finding_selects_its_span() {
    let dir = temp_dir("jump-selects");
    let mut h = app(&dir, Language::English);
    h.select_docs_preset();
    let (label, expected) = {
        let app = h.state();
        let f = app
            .findings()
            .first()
            .expect("the docs' body has findings")
            .clone();
        let body = &app.payload().unwrap().body;
        let word = match f.severity {
            zenbraze::lint::Severity::Error => "error",
            zenbraze::lint::Severity::Warning => "warning",
            _ => "hint",
        };
        (
            format!("{word} {}:{}", f.line, f.col),
            zenbraze::editor::highlight::underline_range(body, f.offset),
        )
    };
    assert!(expected.len() > 1, "{expected:?}");
    assert_eq!(h.state().editor.selection, None);
    h.click(&label);
    h.run_ok();
    h.run_ok();
    assert_eq!(h.state().editor.selection, Some(expected.clone()));
    // What is selected is what the finding is about.
    let body = h.state().payload().unwrap().body.clone();
    assert!(!body[expected].trim().is_empty());
}

/// A fresh-eyes walk found it: the body editor is one widget for every payload, and its undo
/// history crossed over. Ctrl+Z in one payload wrote another payload's body into it (and it was
/// saved). Each payload's undo now stays its own.
#[test]
fn undo_never_brings_another_payloads_body() {
    let dir = temp_dir("undo-per-payload");
    let mut h = app(&dir, Language::English);
    h.select_docs_preset();
    // Typing in the docs' body gives its editor an undo history.
    h.get_by_label("Body template").focus();
    h.run_ok();
    h.key_press_modifiers(Modifiers::COMMAND, Key::End);
    h.run_ok();
    h.get_by_label("Body template").type_text(" ");
    h.run_ok();
    h.pause_typing();
    h.run_ok();
    let docs = h.state().payload().unwrap().body.clone();
    h.state_mut().push(Command::SelectPayload(0));
    h.run_ok();
    h.settle();
    let own = h.state().payload().unwrap().body.clone();
    assert_ne!(own, docs);
    h.get_by_label("Body template").focus();
    h.run_ok();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_ok();
    h.run_ok();
    assert_eq!(
        h.state().payload().unwrap().body,
        own,
        "undo kept to this payload"
    );
}

/// Copying the preview's output puts it on the clipboard and says so for a moment: the
/// clipboard itself shows nothing.
#[test]
fn copying_the_output_says_it_was_copied_and_the_notice_goes() {
    let dir = temp_dir("copy-output");
    let mut h = app(&dir, Language::English);
    assert!(
        h.query_by_label_contains("copied to the clipboard")
            .is_none()
    );
    h.get_by_label("Copy the output").click();
    h.run_ok();
    assert!(
        h.query_by_label("The output is copied to the clipboard")
            .is_some(),
        "no notice says the output was copied"
    );
    h.clock.advance(zenbraze::app::NOTICE_LIFETIME);
    h.step_until("the notice to expire", |h| h.state().notices.is_empty());
    assert!(
        h.query_by_label_contains("copied to the clipboard")
            .is_none()
    );
}
