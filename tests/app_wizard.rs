//! Issue 8: the wizard, step by step, against the app's own sandbox: connection tested, the
//! event previewed, the trigger built with the loop guard and a new category, the plan read,
//! apply, apply again (nothing changes), verify with the whole loop, the Braze composer
//! settings, and remove.

mod app_support;

use app_support::*;
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use serde_json::json;
use zenbraze::i18n::Language;

#[test]
fn the_wizard_sets_up_verifies_and_removes_the_trigger_on_the_sandbox() {
    let dir = temp_dir("wizard");
    let (mut h, url) = app_with_sandbox(&dir, Language::English);
    h.get_by_role_and_label(Role::Button, "Wizard").click();
    h.run_ok();

    // 1 · Connection: both services answer.
    h.click("Test both services");
    h.wait_text("Zendesk: signed in as admin@sandbox.test");
    assert!(h.query_by_label_contains("✓ Braze: key accepted").is_some());
    h.click("Next →");

    // 2 · Event: a custom event name, an attribute update, previewed for the sample ticket.
    h.get_by_label("Braze custom event")
        .set_text_value_accesskit("support_ticket_solved");
    h.run_ok();
    h.click("+ Add attribute update");
    h.settle();
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
    // The template the form builds, where 4:23 is: line 4, column 23 starts the placeholder.
    h.click("The template this form builds (the line:column above are in it)");
    assert!(
        h.query_by_label_contains(
            "  4        \"external_id\": \"{{ticket.requester.external_id}}\","
        )
        .is_some()
    );
    h.click("Next →");

    // 3 · Trigger: solved or closed, the suggested loop guard, a new category.
    assert!(
        h.query_by_label_contains("Tickets created by Braze carry the tag braze")
            .is_some()
    );
    h.click("Exclude braze");
    assert!(h.query_by_label_contains("Loop guard on").is_some());
    h.click("closed");
    h.click("New");
    // As Zendesk's trigger editor shows them: the ALL group, then the ANY group, each row
    // `Field | Operator | Value` in Zendesk's labels, in that order on screen.
    let rows = [
        "Meet ALL of the following conditions",
        "    Ticket > Tags | Contains none of the following | braze",
        "Meet ANY of the following conditions",
        "    Ticket > Status | Changed to | Solved",
        "    Ticket > Status | Changed to | Closed",
    ];
    let mut above = f32::MIN;
    for row in rows {
        let node = h.get_by_label(row);
        let y = node.accesskit_node().bounding_box().unwrap().y0 as f32;
        assert!(y > above, "{row} is below the row before it");
        above = y;
    }
    // The exact JSON, one click away, and a copy that says it copied.
    h.click("The conditions as JSON (what Zendesk gets)");
    assert!(
        h.query_by_label_contains(r#""operator": "not_includes""#)
            .is_some()
    );
    h.get_by_label("Copy the JSON").click();
    h.step();
    let copied = h
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyText(t) => Some(t.clone()),
            _ => None,
        })
        .expect("the JSON was copied");
    let parsed: serde_json::Value = serde_json::from_str(&copied).unwrap();
    assert_eq!(
        parsed["any"][0],
        json!({"field": "status", "operator": "value", "value": "solved"})
    );
    h.run_ok();
    assert!(h.query_by_label("Copied").is_some());
    h.click("Next →");

    // 4 · Webhook: all from the profile.
    assert!(h.query_by_label(&format!("{url}/users/track")).is_some());
    h.click("Next →");

    // 5 · Plan: read from the account as soon as the step opens.
    h.wait_text("create webhook \"Ticket solved → Braze\"");
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
    h.click("Apply now");
    h.wait_text("✓ created trigger");
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
    h.click("Apply now");
    h.wait_text("Nothing changed: the account already matched.");
    assert_eq!(sandbox_state(&url)["triggers"].as_array().unwrap().len(), 1);

    // 7 · Verify: Braze's answer to the webhook test, then the whole loop.
    h.click("7 · Verify");
    h.click("Verify");
    h.wait_text("The whole loop works");
    assert!(
        h.query_by_label("Braze answered 201 to the webhook test")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("event \"support_ticket_solved\" arrived on user-1042")
            .is_some()
    );

    // 8 · The other direction: the composer settings, with the email and never the token.
    h.click("8 · Braze → Zendesk");
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
    // The warning that Braze cannot reach the sandbox comes before the Copy buttons it is about.
    let note = h
        .get_by_label_contains("This is the local sandbox: Braze cannot reach it")
        .rect();
    let first_copy = h
        .query_all_by_label("Copy")
        .map(|n| n.rect().top())
        .fold(f32::INFINITY, f32::min);
    assert!(
        note.bottom() <= first_copy,
        "the warning ({note:?}) is below a Copy button (top {first_copy})"
    );
    let leaked = visible_texts(&h)
        .into_iter()
        .any(|t| t.contains(zenbraze::sandbox::DEMO_ZENDESK_TOKEN));
    assert!(!leaked, "the composer shows the Zendesk token");
    // A Copy says it copied (the clipboard shows nothing), for a moment.
    h.query_all_by_label("Copy")
        .min_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
        .unwrap()
        .click();
    h.run_ok();
    h.run_ok();
    assert!(
        h.query_by_label("Copied to the clipboard: Webhook URL")
            .is_some(),
        "no notice after Copy"
    );

    // Remove asks first, naming what goes and where; Cancel keeps both.
    h.click("6 · Apply");
    h.click("Remove");
    let question =
        format!("Remove the trigger and the webhook named “Ticket solved → Braze” from {url}?");
    assert!(h.query_by_label(&question).is_some(), "{question}");
    assert!(h.query_by_label("This cannot be undone").is_some());
    h.click("Cancel");
    assert!(h.query_by_label(&question).is_none());
    h.settle();
    assert_eq!(sandbox_state(&url)["triggers"].as_array().unwrap().len(), 1);
    // Escape answers no as well.
    h.click("Remove");
    h.key_press(egui::Key::Escape);
    h.run_ok();
    assert!(h.state().confirm.is_none());
    assert_eq!(sandbox_state(&url)["webhooks"].as_array().unwrap().len(), 1);
    // Yes: both gone.
    h.click("Remove");
    h.click("Yes, remove");
    h.wait_text("✓ deleted webhook");
    // The report names what it kept as well as what it deleted.
    assert!(
        h.query_by_label("kept the trigger category “Braze”: other triggers may use it")
            .is_some()
    );
    let state = sandbox_state(&url);
    assert_eq!(state["webhooks"].as_array().unwrap().len(), 0);
    assert_eq!(state["triggers"].as_array().unwrap().len(), 0);
}

#[test]
fn a_form_with_problems_plans_nothing_and_names_each_problem() {
    let dir = temp_dir("wizard-problems");
    let (mut h, url) = app_with_sandbox(&dir, Language::English);
    h.get_by_role_and_label(Role::Button, "Wizard").click();
    h.run_ok();
    h.click("2 · Event");
    h.get_by_label("Name of the webhook and trigger")
        .set_text_value_accesskit("");
    h.run_ok();
    h.click("5 · Plan");
    h.settle();
    assert!(h.state().wizard.plan.is_none(), "nothing was read");
    assert!(h.query_by_label_contains("name: empty").is_some());
    assert_eq!(sandbox_state(&url)["webhooks"].as_array().unwrap().len(), 0);
}

/// Issue 27: the Trigger step's choice "trigger or automation". The automation's rows read as
/// Zendesk's editor (hours since solved, the re-fire guard); turning the guard off shows the
/// linter's warning; the plan creates an automation and apply makes it on the sandbox.
#[test]
fn the_wizard_makes_an_automation_with_its_refire_guard() {
    let dir = temp_dir("wizard-automation");
    let (mut h, url) = app_with_sandbox(&dir, Language::English);
    h.get_by_role_and_label(Role::Button, "Wizard").click();
    h.run_ok();
    h.click("3 · Trigger");
    h.click("Automation (hours after solved)");
    for row in [
        "    Ticket > Status | Is | Solved",
        "    Ticket > Hours since solved | Is | 24",
        "    Ticket > Tags | Contains none of the following | braze_notified",
    ] {
        assert!(h.query_by_label(row).is_some(), "{row} is not shown");
    }
    let warning = "this automation has no re-fire guard";
    assert!(h.query_by_label_contains(warning).is_none());
    h.click("Re-fire guard: add the tag braze_notified and skip tickets that have it");
    assert!(h.query_by_label_contains(warning).is_some());
    assert!(
        h.query_by_label("    Ticket > Tags | Contains none of the following | braze_notified")
            .is_none()
    );
    h.click("Re-fire guard: add the tag braze_notified and skip tickets that have it");
    assert!(h.query_by_label_contains(warning).is_none());

    h.click("5 · Plan");
    h.wait_text("create automation \"Ticket solved → Braze\"");
    assert!(h.query_by_label("POST /api/v2/automations.json").is_some());
    h.click("Apply now");
    h.wait_text("✓ created automation");
    let state = sandbox_state(&url);
    let automation = &state["automations"][0];
    assert_eq!(automation["title"], "Ticket solved → Braze");
    assert_eq!(
        automation["actions"][1],
        json!({"field": "current_tags", "value": "braze_notified"})
    );
    assert_eq!(state["triggers"].as_array().unwrap().len(), 0);
}

/// The same choice in Spanish: the rows in Zendesk's Spanish labels and the warning.
#[test]
fn the_automation_choice_reads_in_spanish() {
    let dir = temp_dir("wizard-automation-es");
    let (mut h, _url) = app_with_sandbox(&dir, Language::Spanish);
    h.get_by_role_and_label(Role::Button, "Asistente").click();
    h.run_ok();
    h.click("3 · Disparador");
    h.click("Automatización (horas después de resuelto)");
    assert!(
        h.query_by_label("    Ticket > Horas desde resuelto | Es | 24")
            .is_some()
    );
    h.click("Protección contra repeticiones: agregar la etiqueta braze_notified y omitir los tickets que la tienen");
    assert!(
        h.query_by_label_contains("esta automatización no tiene protección contra repeticiones")
            .is_some()
    );
}

/// Adds a custom status of the account's own ("Solved by Braze", solved category).
fn add_custom_status(url: &str) {
    let z = zenbraze::api::zendesk::ZendeskClient::new(
        url,
        zenbraze::sandbox::DEMO_ADMIN_EMAIL,
        zenbraze::secrets::Secret::new(zenbraze::sandbox::DEMO_ZENDESK_TOKEN),
        Default::default(),
    )
    .unwrap();
    let statuses = zenbraze::net::block_on(z.list_custom_statuses())
        .result
        .unwrap();
    assert!(
        statuses.iter().all(|s| s.default),
        "only the defaults at first"
    );
    let r = zenbraze::net::block_on(
        reqwest::Client::new()
            .post(format!("{url}/api/v2/custom_statuses"))
            .basic_auth(
                format!("{}/token", zenbraze::sandbox::DEMO_ADMIN_EMAIL),
                Some(zenbraze::sandbox::DEMO_ZENDESK_TOKEN),
            )
            .header("Content-Type", "application/json")
            .body(
                json!({"custom_status": {"status_category": "solved", "agent_label": "Solved by Braze"}})
                    .to_string(),
            )
            .send(),
    )
    .unwrap();
    assert_eq!(r.status().as_u16(), 201);
}

/// Issue 27: an account with custom statuses of its own is offered "Status category changed to
/// Solved" on the Trigger step, in Zendesk's words in English and Spanish; one with only the
/// defaults is not.
#[test]
fn the_status_category_is_offered_when_the_account_has_custom_statuses() {
    let dir = temp_dir("wizard-no-statuses");
    let (mut h, _url) = app_with_sandbox(&dir, Language::English);
    h.get_by_role_and_label(Role::Button, "Wizard").click();
    h.run_ok();
    h.click("3 · Trigger");
    h.settle();
    h.step_until("the statuses read", |h| {
        !h.state().wizard.busy_reading_statuses()
    });
    assert!(
        h.query_by_label_contains("Status category (custom statuses)")
            .is_none()
    );

    for (language, wizard, step, choice, row) in [
        (
            Language::English,
            "Wizard",
            "3 · Trigger",
            "Status category (custom statuses): “Status category changed to Solved”",
            "    Ticket > Status category | Changed to | Solved",
        ),
        (
            Language::Spanish,
            "Asistente",
            "3 · Disparador",
            "Categoría de estado (estados personalizados): «Categoría de estado | Cambiado a | Resuelto»",
            "    Ticket > Categoría de estado | Cambiado a | Resuelto",
        ),
    ] {
        let dir = temp_dir("wizard-statuses");
        let (mut h, url) = app_with_sandbox(&dir, language);
        add_custom_status(&url);
        h.get_by_role_and_label(Role::Button, wizard).click();
        h.run_ok();
        h.click(step);
        h.wait_text(choice);
        h.click(choice);
        assert!(h.query_by_label(row).is_some(), "{language:?}: {row}");
        let spec = h.state().wizard.current_spec();
        assert_eq!(
            spec.conditions().all[0],
            zenbraze::api::zendesk::Condition::new("status_category", "value", "solved")
        );
    }
}

/// Issue 28 (the walk): after the trigger was set up, switching the form to an automation made
/// step 6 still say "Nothing changed" / "Applied." and step 7 "The whole loop works" (results of
/// another setup), the plan's blocker told the app's user to run `setup --remove` ("an
/// trigger"), the loop guard spoke of the trigger, and Remove's question named the automation
/// while what it deleted was the trigger. Now the old results are cleared when the form
/// describes another setup and after Remove, the blocker points at Remove, and the question
/// names what the account holds.
#[test]
fn switching_the_rule_clears_old_results_and_remove_names_what_exists() {
    let dir = temp_dir("wizard-switch");
    let (mut h, url) = app_with_sandbox(&dir, Language::English);
    h.get_by_role_and_label(Role::Button, "Wizard").click();
    h.run_ok();
    h.click("3 · Trigger");
    h.click("Exclude braze");
    assert!(
        h.query_by_label("Loop guard on: tickets tagged braze never reach the trigger.")
            .is_some()
    );
    h.click("5 · Plan");
    h.wait_text("create trigger \"Ticket solved → Braze\"");
    h.click("Apply now");
    h.wait_text("✓ created trigger");
    assert!(h.query_by_label("Applied.").is_some());
    h.click("7 · Verify");
    h.click("Verify");
    h.wait_text("The whole loop works");

    // The form now describes an automation: nothing said about the trigger's setup stays.
    h.click("3 · Trigger");
    h.click("Automation (hours after solved)");
    h.settle();
    assert!(
        h.query_by_label("Loop guard on: tickets tagged braze never reach the automation.")
            .is_some()
    );
    h.click("6 · Apply");
    h.settle();
    for stale in ["Applied.", "Nothing changed: the account already matched."] {
        assert!(h.query_by_label(stale).is_none(), "{stale} still shown");
    }
    assert!(h.query_by_label_contains("✓ created trigger").is_none());
    h.click("7 · Verify");
    h.settle();
    assert!(h.query_by_label_contains("The whole loop works").is_none());

    // The plan is blocked by the trigger, and says how to remove it here.
    h.click("5 · Plan");
    h.wait_text("a trigger is already titled \"Ticket solved → Braze\": remove it first or choose another name, so that one rule calls the webhook");
    assert!(
        h.query_by_label(
            "Remove, on step 6 · Apply, deletes it with the webhook of this name; then read the account again."
        )
        .is_some()
    );
    assert!(
        !visible_texts(&h)
            .iter()
            .any(|t| t.contains("setup --remove")),
        "the app names the CLI's flag"
    );

    // Remove names the trigger, which is what exists, though the form says automation.
    h.click("6 · Apply");
    h.click("Remove");
    let question =
        format!("Remove the trigger and the webhook named “Ticket solved → Braze” from {url}?");
    assert!(h.query_by_label(&question).is_some(), "{question}");
    h.click("Yes, remove");
    h.wait_text("✓ deleted webhook");
    let state = sandbox_state(&url);
    assert_eq!(state["triggers"].as_array().unwrap().len(), 0);
    assert_eq!(state["automations"].as_array().unwrap().len(), 0);
    // Nothing is left under the name: Remove says so before it is asked again.
    h.click("Remove");
    assert!(
        h.query_by_label(&format!(
            "Remove the webhook named “Ticket solved → Braze” from {url}?"
        ))
        .is_some()
    );
    h.click("Cancel");
}

/// Issue 28 (the walk): the start card's "Configurar el disparador…" opened the wizard on the
/// step last visited (8 · Braze → Zendesk), and a Spanish start named the rule in English. Now
/// the journey starts on step 1, and the default name is Spanish.
#[test]
fn the_setup_journey_starts_the_wizard_at_its_beginning_in_spanish() {
    let dir = temp_dir("wizard-journey-es");
    let mut h = app(&dir, Language::Spanish);
    assert_eq!(h.state().wizard.spec.name, "Ticket resuelto → Braze");
    h.get_by_role_and_label(Role::Button, "Asistente").click();
    h.run_ok();
    h.click("2 · Evento");
    assert_eq!(
        h.get_by_label("Nombre del webhook y del disparador")
            .accesskit_node()
            .value()
            .as_deref(),
        Some("Ticket resuelto → Braze"),
        "the name field shows the Spanish default"
    );
    h.click("8 · Braze → Zendesk");
    h.settle();
    h.click("Configurar el disparador…");
    h.settle();
    assert_eq!(
        h.state().wizard.step,
        zenbraze::app::wizard::WizardStep::Connection
    );
    assert!(h.query_by_label("Probar ambos servicios").is_some());
}

/// Issue 28 (the walk): at 900×600 the Event step's ✕ buttons ran over the Sample ticket
/// dropdown and the preview beside them, in English and Spanish. Each row now fits its column.
#[test]
fn the_event_fields_stay_in_their_column_at_900x600() {
    for (language, wizard, step) in [
        (Language::English, "Wizard", "2 · Event"),
        (Language::Spanish, "Asistente", "2 · Evento"),
    ] {
        let dir = temp_dir("wizard-event-narrow");
        let mut h = open_sized(config(&dir, language), egui::vec2(900.0, 600.0));
        h.settle();
        h.get_by_role_and_label(Role::Button, wizard).click();
        h.run_ok();
        h.click(step);
        h.settle();
        let sample = zenbraze::i18n::Catalogue::get(language).tr("wizard-sample-ticket");
        let column = h
            .query_all_by_label(sample)
            .map(|n| n.rect().left())
            .fold(f32::INFINITY, f32::min);
        let removes: Vec<f32> = h
            .query_all_by_label("✕")
            .map(|n| n.rect().right())
            .collect();
        assert!(!removes.is_empty(), "{language:?}: no ✕");
        for right in removes {
            assert!(
                right <= column,
                "{language:?}: a ✕ ends at {right}, past the sample ticket at {column}"
            );
        }
    }
}
