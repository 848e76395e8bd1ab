//! The embedded sandbox: where it listens, the demo credentials, and what it holds.

use egui::Ui;
use serde_json::Value as Json;

use super::UiExt as _;
use crate::app::{SandboxStatus, ZenbrazeApp};
use crate::i18n::arg;
use crate::sandbox::DEMO_ADMIN_EMAIL;

pub fn ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    ui.heading(app.tr("panel-sandbox"));
    ui.label(app.tr("sandbox-help"));
    let SandboxStatus::Running(sandbox) = &app.sandbox else {
        match &app.sandbox {
            SandboxStatus::Failed(e) => {
                ui.error_label(
                    app.i18n
                        .format("sandbox-failed", &[("error", arg(e.clone()))]),
                );
            }
            SandboxStatus::Starting(_) => {
                ui.weak(app.tr("sandbox-starting"));
            }
            _ => {
                ui.weak(app.tr("sandbox-off"));
            }
        }
        return;
    };
    let snapshot = sandbox.snapshot();
    let count = |k: &str| snapshot.get(k).and_then(Json::as_array).map_or(0, Vec::len);
    egui::Grid::new("sandbox-facts")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            ui.label(app.tr("sandbox-address"));
            ui.monospace(sandbox.base_url());
            ui.end_row();
            ui.label(app.tr("sandbox-zendesk-login"));
            ui.monospace(DEMO_ADMIN_EMAIL);
            ui.end_row();
            for (key, what) in [
                ("sandbox-tickets", "tickets"),
                ("sandbox-webhooks", "webhooks"),
                ("sandbox-triggers", "triggers"),
            ] {
                ui.label(app.tr(key));
                ui.label(count(what).to_string());
                ui.end_row();
            }
        });
    ui.weak(app.tr("sandbox-more"));
}
