//! The findings pane: each finding at its line, its message and fix, and the request's findings.

use egui::{RichText, TextStyle, Ui};

use crate::app::{Command, ZenbrazeApp};
use crate::i18n::Message;
use crate::lint::{self, Severity};
use crate::msg;
use crate::ui::UiExt as _;
use crate::ui::theme::{self, Tokens, size};

const MAX_LISTED: usize = 500;

pub(super) fn findings_ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    if app.previews_paused.is_some() {
        // Nothing was checked: "0 findings" would read as a pass.
        ui.horizontal(|ui| {
            ui.heading(app.tr("findings-heading"));
            ui.weak(app.tr("findings-paused"));
        });
        return;
    }
    let findings = app.findings().to_vec();
    let request = app
        .rendered_request()
        .map(|r| r.findings.clone())
        .unwrap_or_default();
    let total = findings.len() + request.len();
    // The heading counts the body's findings, the number All users gives the sample and the
    // console's refusal counts errors of: the request's own (its URL and headers, which the
    // console does not send) are counted on their own line below, so the heading says "in the
    // body" when there are some ("0 findings" over "1 more" read as a contradiction).
    let heading = if request.is_empty() {
        msg!("findings-count", count = findings.len())
    } else {
        msg!("findings-count-body", count = findings.len())
    };
    ui.horizontal(|ui| {
        ui.heading(app.say(&heading));
        if app.preview_updating() {
            ui.weak(app.tr("preview-updating"));
        } else if total == 0 {
            ui.ok_label(app.tr("findings-none"));
        }
    });
    let tokens = theme::tokens(ui);
    egui::ScrollArea::vertical()
        .id_salt("findings_scroll")
        .show(ui, |ui| {
            // One line per finding, its whole text on hover: five findings fit in the pane's
            // least height however long their messages are.
            for (i, f) in findings.iter().enumerate().take(MAX_LISTED) {
                ui.horizontal(|ui| {
                    let colour = severity_colour(tokens, f.severity);
                    let place =
                        format!("{} {}:{}", app.tr(severity_key(f.severity)), f.line, f.col);
                    if ui
                        .link(RichText::new(place).color(colour))
                        .on_hover_text(app.tr("jump-to-line"))
                        .clicked()
                    {
                        app.push(Command::JumpTo(f.offset));
                    }
                    if lint::has_mechanical_fix(f)
                        && ui
                            .add_enabled(
                                !app.preview_updating(),
                                egui::Button::new(app.tr("apply-fix")),
                            )
                            .clicked()
                    {
                        app.push(Command::ApplyFix(i));
                    }
                    finding_text_ui(app, ui, &f.message, f.fix.as_ref());
                });
            }
            if findings.len() > MAX_LISTED {
                ui.weak(app.say(&msg!("findings-more", count = findings.len() - MAX_LISTED)));
            }
            if !request.is_empty() {
                ui.strong(app.say(&msg!("findings-request-count", count = request.len())));
            }
            for f in &request {
                ui.horizontal(|ui| {
                    let colour = severity_colour(tokens, f.severity);
                    ui.label(
                        RichText::new(format!("{} {}", app.tr(severity_key(f.severity)), f.field))
                            .color(colour),
                    );
                    finding_text_ui(app, ui, &f.message, f.fix.as_ref());
                });
            }
        });
}

/// A finding's message and its fix on the rest of the line, each its own label (read on its
/// own), cut with … where the pane ends (the whole text shows on hover). The message keeps at
/// least half the line.
fn finding_text_ui(app: &ZenbrazeApp, ui: &mut Ui, message: &Message, fix: Option<&Message>) {
    let fix = fix.map(|fix| app.say(&msg!("fix", fix = fix.clone())));
    let available = ui.available_width();
    let fix_width = fix.as_ref().map_or(0.0, |text| {
        egui::WidgetText::from(text.as_str())
            .into_galley(
                ui,
                Some(egui::TextWrapMode::Extend),
                f32::INFINITY,
                TextStyle::Body,
            )
            .size()
            .x
            + ui.spacing().item_spacing.x
    });
    let message = crate::i18n::sentence(&app.say(message)).into_owned();
    if fix.is_some() && available < 2.0 * size::FINDING_MESSAGE_MIN_WIDTH {
        // Too narrow for both (a 900 px window, a long Spanish button): the message gets the
        // line, and its hover gives the whole message and then the fix.
        let hover = format!("{message}\n{}", fix.unwrap_or_default());
        ui.add(
            egui::Label::new(message)
                .truncate()
                .show_tooltip_when_elided(false),
        )
        .on_hover_text(hover);
        return;
    }
    let message_width = (available - fix_width).max(available * 0.5);
    ui.scope(|ui| {
        ui.set_max_width(message_width);
        ui.add(egui::Label::new(message).truncate());
    });
    if let Some(text) = fix {
        ui.add(egui::Label::new(RichText::new(text).weak()).truncate());
    }
}

fn severity_key(s: Severity) -> &'static str {
    match s {
        Severity::Error => "severity-error",
        Severity::Warning => "severity-warning",
        Severity::Hint => "severity-hint",
    }
}

fn severity_colour(tokens: &Tokens, s: Severity) -> egui::Color32 {
    match s {
        Severity::Error => tokens.error,
        Severity::Warning => tokens.warning,
        Severity::Hint => tokens.hint,
    }
}
