//! The console: the request the selected payload would send for the selected subject, as it
//! would go out (credentials masked), ready to copy as curl.

use egui::Ui;

use super::UiExt as _;
use crate::app::{Command, Panel, ZenbrazeApp};
use crate::i18n::arg;
use crate::preview::Preview;

pub fn ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    ui.heading(app.tr("panel-console"));
    ui.label(app.tr("console-help"));
    let Some(p) = app.payload() else {
        ui.weak(app.tr("no-payloads"));
        return;
    };
    let (name, method) = (p.name.clone(), p.method.clone());
    let subject = app
        .subject()
        .map(|s| crate::lint::user_label(s, app.subject_index()))
        .unwrap_or_default();
    ui.label(app.i18n.format(
        "console-what",
        &[("payload", arg(name)), ("subject", arg(subject))],
    ));
    let Some(request) = app.rendered_request().cloned() else {
        return;
    };
    let body = match app.preview() {
        Some(Preview::Output(o)) => Some(o.clone()),
        Some(Preview::Aborted(r)) => {
            ui.warning_label(
                app.i18n
                    .format("aborted", &[("reason", arg(r.clone().unwrap_or_default()))]),
            );
            None
        }
        _ => {
            ui.error_label(app.tr("console-not-renderable"));
            None
        }
    };
    let (Ok(url), Some(body)) = (request.url.clone(), body) else {
        return;
    };
    let mut curl = format!("curl -X {method} '{url}'");
    for (k, v) in &request.headers {
        if let Ok(v) = v {
            curl.push_str(&format!(" \\\n  -H '{k}: {v}'"));
        }
    }
    let secret_env = if app.uses_tickets() {
        "ZENBRAZE_BRAZE_KEY"
    } else {
        "ZENBRAZE_ZENDESK_TOKEN"
    };
    let email = app
        .active_profile()
        .and_then(|p| p.zendesk)
        .map_or_else(|| "agent@example.com".to_owned(), |z| z.email);
    let auth = if app.uses_tickets() {
        format!("Authorization: Bearer ${secret_env}")
    } else {
        format!("Authorization: Basic $(printf '%s' \"{email}/token:${secret_env}\" | base64)")
    };
    curl.push_str(&format!(
        " \\\n  -H \"{auth}\" \\\n  --data-binary @- <<'JSON'\n{body}\nJSON"
    ));
    ui.horizontal(|ui| {
        if ui.button(app.tr("copy-curl")).clicked() {
            ui.ctx().copy_text(curl.clone());
        }
        if ui.button(app.tr("edit-payload")).clicked() {
            app.push(Command::Show(Panel::Payloads));
        }
    });
    egui::ScrollArea::both().id_salt("curl").show(ui, |ui| {
        ui.add(egui::Label::new(egui::RichText::new(curl).monospace()).selectable(true));
    });
}
