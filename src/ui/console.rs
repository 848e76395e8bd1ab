//! The test-send console: send the selected payload for the selected sample with the active
//! profile, follow it (retries, countdown, cancel), and read what went out and what came back.
//! Every send is kept in the history, masked.

use egui::{RichText, Ui};

use super::UiExt as _;
use super::theme::{self, size, space};
use crate::api::{Phase, WaitReason, curl, pretty_body};
use crate::app::send::{aborted, template_error};
use crate::app::state::{Copied, CopiedWhat, Newest};
use crate::app::{Command, ZenbrazeApp};
use crate::msg;
use crate::send::Summary;
use crate::send::history::{Entry, RunCheck, ViaBrazeRecord};

/// Response headers worth a second look: rate limits and Zendesk's deprecation warnings.
fn notable(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.starts_with("x-ratelimit")
        || n.starts_with("ratelimit")
        || n == "retry-after"
        || n == "x-zendesk-api-warn"
}

pub fn ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    egui::Panel::left("console_history")
        .resizable(true)
        .default_size(size::HISTORY_WIDTH)
        .show(ui, |ui| history_ui(app, ui));
    egui::CentralPanel::default().show(ui, |ui| {
        send_ui(app, ui);
        ui.separator();
        let mut scroll = egui::ScrollArea::vertical().id_salt("exchange");
        if std::mem::take(&mut app.console.scroll_to_top) {
            // A new exchange or batch arrived: its headline comes into view.
            scroll = scroll.vertical_scroll_offset(0.0);
        }
        scroll.show(ui, |ui| {
            // The newest on top: a batch started after the exchange shown, or the reverse.
            if app.console.newest == Newest::Batch {
                bulk_ui(app, ui);
                shown_ui(app, ui);
            } else {
                shown_ui(app, ui);
                bulk_ui(app, ui);
            }
        });
    });
    confirm_ui(app, ui.ctx());
}

fn shown_ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    if let Some(entry) = app.console.shown.clone() {
        // A send that was refused (lint errors, nothing to send) or a send through Braze that
        // failed made no exchange: the one below is the previous send, and says so.
        let previous = app.console.blocked.is_some() || app.console.via_braze.error.is_some();
        exchange_ui(app, ui, &entry, previous);
    } else if app.console.bulk.is_none() {
        // The shortcut as the Send button shows it, so the two never disagree.
        let shortcut = Command::Send
            .shortcut()
            .map(|s| ui.ctx().format_shortcut(&s))
            .unwrap_or_default();
        ui.weak(app.say(&crate::msg!("console-help", shortcut = shortcut)));
    }
}

/// The console's own payload and sample, each "as in the editor" until picked.
fn pickers_ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    let mut picked = Vec::new();
    egui::Grid::new("console_pickers")
        .num_columns(2)
        .show(ui, |ui| {
            let l = ui.label(app.tr("console-payload"));
            let payloads = &app.doc.workspace.payloads;
            let editor = app.payload().map(|p| p.name.clone()).unwrap_or_default();
            let follow = app.say(&msg!("console-as-editor", name = editor));
            let current = match app.console.payload.and_then(|i| payloads.get(i)) {
                Some(p) => p.name.clone(),
                None => follow.clone(),
            };
            let names = payloads.iter().map(|p| p.name.clone());
            let chosen = app.console.payload;
            if let Some(pick) = follow_or_pick(
                ui,
                l.id,
                "console_payload",
                (current, follow),
                chosen,
                names,
            ) {
                picked.push(Command::ConsolePayload(pick));
            }
            ui.end_row();

            let l = ui.label(app.tr("console-sample"));
            let subjects = app.console_subjects();
            let same_kind =
                app.console_payload().map(|p| p.direction) == app.payload().map(|p| p.direction);
            let editor = if same_kind {
                app.subject()
                    .map(|s| crate::lint::user_label(s, app.subject_index()))
            } else {
                subjects.first().map(|s| crate::lint::user_label(s, 0))
            };
            let follow = app.say(&msg!(
                "console-as-editor",
                name = editor.unwrap_or_default()
            ));
            let current = match app.console.subject.and_then(|i| subjects.get(i)) {
                Some(s) => crate::lint::user_label(s, app.console_subject_index()),
                None => follow.clone(),
            };
            let names = subjects
                .iter()
                .enumerate()
                .map(|(i, s)| crate::lint::user_label(s, i));
            let chosen = app.console.subject;
            if let Some(pick) =
                follow_or_pick(ui, l.id, "console_sample", (current, follow), chosen, names)
            {
                picked.push(Command::ConsoleSample(pick));
            }
            ui.end_row();
        });
    for c in picked {
        app.push(c);
    }
}

/// A combo box whose first entry follows the editor (`None`) and the rest pick an item by index;
/// what was clicked, if anything.
fn follow_or_pick(
    ui: &mut Ui,
    label: egui::Id,
    id_salt: &str,
    (current, follow): (String, String),
    chosen: Option<usize>,
    names: impl Iterator<Item = String>,
) -> Option<Option<usize>> {
    let mut pick = None;
    egui::ComboBox::from_id_salt(id_salt)
        .selected_text(current)
        .width(size::FIELD_WIDTH)
        .show_ui(ui, |ui| {
            if ui.selectable_label(chosen.is_none(), follow).clicked() {
                pick = Some(None);
            }
            for (i, name) in names.enumerate() {
                if ui.selectable_label(chosen == Some(i), name).clicked() {
                    pick = Some(Some(i));
                }
            }
        })
        .response
        .labelled_by(label);
    pick
}

fn send_ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    if app.payload().is_none() {
        ui.weak(app.tr("no-payloads"));
        return;
    }
    pickers_ui(app, ui);
    let Some(p) = app.console_payload() else {
        return;
    };
    let subject = app
        .console_subject()
        .map(|s| crate::lint::user_label(s, app.console_subject_index()))
        .unwrap_or_default();
    let what = app.say(&msg!(
        "console-what",
        payload = p.name.clone(),
        subject = subject,
        profile = app.active_profile_name().to_owned()
    ));
    ui.label(what);
    // Wrapped: at 900 px in Spanish the override's label would be cut at the window's edge.
    ui.horizontal_wrapped(|ui| {
        let busy = app.console.in_flight.is_some() || app.console.preparing.is_some();
        let mut send = egui::Button::new(app.tr("action-send"));
        if let Some(s) = Command::Send.shortcut() {
            send = send.shortcut_text(ui.ctx().format_shortcut(&s));
        }
        if ui.add_enabled(!busy, send).clicked() {
            app.push(Command::Send);
        }
        let running = app.console.bulk.as_ref().is_some_and(|b| !b.collected);
        let all = app.say(&msg!(
            "action-send-all",
            count = app.console_subjects().len()
        ));
        if ui
            .add_enabled(!busy && !running, egui::Button::new(all))
            .clicked()
        {
            app.push(Command::SendToAll);
        }
        if app.can_send_via_braze() {
            let running = app.console.via_braze.running.is_some();
            let button = egui::Button::new(app.tr("action-send-via-braze"));
            if ui
                .add_enabled(!busy && !running, button)
                .on_hover_text(app.tr("action-send-via-braze-help"))
                .clicked()
            {
                app.push(Command::SendViaBraze {
                    acknowledged: false,
                });
            }
        }
        let label = app.tr("send-override").to_owned();
        ui.checkbox(&mut app.console.override_errors, label);
    });
    if app.console.preparing.is_some() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(app.tr("send-preparing"));
        });
    }
    if let Some(b) = app.console.blocked.clone() {
        ui.horizontal_wrapped(|ui| {
            ui.error_label(app.say(&b));
            // Refused for lint errors: the way to them, the console's payload and sample
            // opened in Payloads, where the findings pane lists each one at its line.
            if b.id() == "send-blocked" && ui.button(app.tr("console-show-findings")).clicked() {
                let payload = app.console.payload.unwrap_or(app.remembered.payload);
                let subject = app.console_subject_index();
                app.push(Command::SelectPayload(payload));
                app.push(Command::SelectSubject(subject));
                app.push(Command::Show(crate::app::Panel::Payloads));
            }
        });
    }
    via_braze_ui(app, ui);
    if let Some(flight) = &app.console.in_flight {
        let phase = match flight.watch.phase() {
            Phase::Waiting {
                attempt,
                until,
                reason,
            } => {
                let seconds = until
                    .saturating_duration_since(std::time::Instant::now())
                    .as_secs_f32();
                let why = match reason {
                    WaitReason::RateLimited => msg!("wait-rate-limited"),
                    WaitReason::ServerError(s) => msg!("wait-server-error", status = s),
                    WaitReason::ConnectionFailed => msg!("wait-connection"),
                };
                app.say(&msg!(
                    "phase-waiting",
                    seconds = format!("{seconds:.1}"),
                    why = why,
                    attempt = attempt
                ))
            }
            Phase::Sending { attempt } => app.say(&msg!("phase-sending", attempt = attempt)),
            _ => app.i18n.tr("phase-starting").to_owned(),
        };
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(phase);
            if ui.button(app.tr("action-cancel")).clicked() {
                app.push(Command::CancelSend);
            }
        });
    }
}

/// "Send through Braze" under way, or why the last one compared nothing.
fn via_braze_ui(app: &ZenbrazeApp, ui: &mut Ui) {
    let state = &app.console.via_braze;
    if state.running.is_some() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(app.tr("console-via-braze-running"));
        });
    }
    if let Some(e) = &state.error {
        ui.error_label(app.say(e));
    }
}

/// A send through Braze in the exchange view: "identical", or the fields that differ.
fn via_braze_comparison_ui(app: &mut ZenbrazeApp, ui: &mut Ui, record: &ViaBrazeRecord) {
    ui.label(app.say(&msg!(
        "console-via-braze-sent",
        user = record.user.as_str(),
        dispatch = record.dispatch_id.as_str(),
        ticket = record.ticket_id
    )));
    if record.identical() {
        ui.ok_label(app.tr("console-via-braze-identical"));
        return;
    }
    let differ: Vec<_> = record.fields.iter().filter(|r| !r.same()).collect();
    ui.horizontal(|ui| {
        ui.warning_label(app.say(&msg!("via-braze-different", count = differ.len())));
        if ui.button(app.tr("action-export-case")).clicked() {
            app.push(Command::Ask(crate::app::PathPurpose::ExportCase));
        }
    });
    egui::Grid::new("console_via_braze")
        .num_columns(3)
        .striped(true)
        .show(ui, |ui| {
            ui.strong(app.tr("console-via-braze-field"));
            ui.strong(app.tr("console-via-braze-preview"));
            ui.strong(app.tr("console-via-braze-zendesk"));
            ui.end_row();
            for row in differ {
                ui.label(&row.field);
                ui.add(egui::Label::new(RichText::new(&row.preview).monospace()).wrap());
                ui.add(egui::Label::new(RichText::new(&row.zendesk).monospace()).wrap());
                ui.end_row();
            }
        });
}

/// The "send to all" run: progress, cancel, one row per sample.
fn bulk_ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    if app.console.bulk.is_none() {
        return;
    }
    if let Some(c) = bulk_rows_ui(app, ui) {
        app.push(c);
    }
    ui.separator();
}

/// Draws the run; its Cancel or Close, if clicked.
fn bulk_rows_ui(app: &ZenbrazeApp, ui: &mut Ui) -> Option<Command> {
    use crate::send::bulk::{RowState, Skip};
    let bulk = app.console.bulk.as_ref()?;
    let progress = bulk.progress.lock().ok()?;
    let tokens = theme::tokens(ui);
    let done = progress.done();
    let total = bulk.total.max(1);
    let mut clicked = None;
    ui.horizontal(|ui| {
        ui.add(
            egui::ProgressBar::new(done as f32 / total as f32)
                .desired_width(size::FIELD_WIDTH)
                .text(app.say(&msg!("bulk-progress", done = done, total = bulk.total))),
        );
        if !progress.finished && ui.button(app.i18n.tr("action-cancel")).clicked() {
            clicked = Some(Command::CancelSend);
        }
        if bulk.collected && ui.button(app.i18n.tr("console-close-batch")).clicked() {
            clicked = Some(Command::CloseBatch);
        }
    });
    if let Some(e) = &progress.error {
        ui.error_label(app.say(e));
    }
    if let Some(e) = bulk.failure.lock().ok().and_then(|f| f.clone()) {
        ui.error_label(app.say(&e));
    }
    let sent = progress
        .rows
        .iter()
        .filter(|r| matches!(&r.state, RowState::Done(e) if e.ok))
        .count();
    ui.label(app.say(&msg!("bulk-summary", sent = sent, done = done)));
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + space::XS;
    egui::ScrollArea::vertical()
        .id_salt("bulk_rows")
        .max_height(size::BULK_ROWS_MAX_HEIGHT)
        .show_rows(ui, row_height, progress.rows.len(), |ui, range| {
            for row in &progress.rows[range] {
                ui.horizontal(|ui| {
                    ui.add_sized(
                        egui::vec2(size::NAME_COLUMN_WIDTH, row_height - space::XXS),
                        egui::Label::new(&row.subject).truncate(),
                    );
                    let (text, colour) = match &row.state {
                        RowState::Waiting => (app.i18n.tr("bulk-waiting").to_owned(), tokens.hint),
                        RowState::Skipped(Skip::LintErrors(n)) => {
                            (app.say(&msg!("send-blocked", count = *n)), tokens.warning)
                        }
                        RowState::Skipped(Skip::Aborted(r)) => {
                            (app.say(&aborted(r.clone())), tokens.hint)
                        }
                        RowState::Skipped(Skip::Template(e)) => {
                            (app.say(&template_error(e)), tokens.error)
                        }
                        RowState::Skipped(Skip::Cancelled) => {
                            (app.i18n.tr("bulk-cancelled").to_owned(), tokens.hint)
                        }
                        RowState::Done(e) => {
                            let mut text = status_line(app, e);
                            if let Summary::Ticket { id, .. } = &e.summary {
                                text.push_str(&format!(" · #{id}"));
                            }
                            if let Some(err) = &e.error {
                                text.push_str(&format!(" · {}", app.i18n.say(err)));
                            }
                            (text, if e.ok { tokens.ok } else { tokens.error })
                        }
                    };
                    ui.label(RichText::new(text).color(colour));
                });
            }
        });
    clicked
}

fn confirm_ui(app: &mut ZenbrazeApp, ctx: &egui::Context) {
    let Some(pending) = &app.console.confirm else {
        return;
    };
    let key = match (pending.all, pending.target) {
        (true, _) => "confirm-all",
        (false, crate::target::Target::ZendeskTicket) => "confirm-ticket",
        (false, _) => "confirm-event",
    };
    let text = app.say(&crate::i18n::Message::new(key).with("where", pending.description.clone()));
    let mut answer = None;
    let modal = egui::Modal::new(egui::Id::unique("confirm_send")).show(ctx, |ui| {
        ui.set_width(size::CONFIRM_SEND_WIDTH);
        ui.heading(app.tr("confirm-title"));
        ui.label(text);
        ui.horizontal(|ui| {
            if ui.button(app.tr("action-send")).clicked() {
                answer = Some(Command::ConfirmSend);
            }
            if ui.button(app.tr("action-cancel")).clicked() {
                answer = Some(Command::CancelSend);
            }
        });
    });
    if modal.should_close() && answer.is_none() {
        answer = Some(Command::CancelSend);
    }
    if let Some(a) = answer {
        app.push(a);
    }
}

fn status_line(app: &ZenbrazeApp, entry: &Entry) -> String {
    let x = &entry.exchange;
    let status = x
        .status_text()
        .unwrap_or_else(|| app.i18n.tr("no-answer").to_owned());
    app.say(&msg!(
        "exchange-status",
        status = status,
        ms = millis(x.total_duration()),
        attempts = x.attempts.len()
    ))
}

fn exchange_ui(app: &mut ZenbrazeApp, ui: &mut Ui, entry: &Entry, previous: bool) {
    let tokens = theme::tokens(ui);
    let x = &entry.exchange;
    let line = status_line(app, entry);
    if previous {
        // Not the outcome of the send just tried: no headline, no success colour.
        ui.label(RichText::new(app.say(&msg!("console-previous-send", status = line))).strong());
    } else if entry.ok {
        ui.heading(RichText::new(line).color(tokens.ok));
    } else {
        ui.heading(RichText::new(line).color(tokens.error));
    }
    // Where it went: the account (and the sandbox's run), so an old entry says what it was.
    let account = entry.account().to_owned();
    let profile = entry.profile.clone();
    ui.weak(app.say(&match &entry.sandbox_run {
        Some(run) => msg!(
            "sandbox-entry-run",
            account = account,
            profile = profile,
            run = run.clone()
        ),
        None => msg!(
            "sandbox-entry-account",
            account = account,
            profile = profile
        ),
    }));
    if let Some(e) = &entry.error {
        ui.error_label(app.i18n.say(e));
    }
    if let Some(record) = &entry.via_braze {
        via_braze_comparison_ui(app, ui, record);
    }
    for w in &x.warnings {
        ui.warning_label(app.i18n.say(w));
    }
    match &entry.summary {
        Summary::Ticket { id, url } => {
            // Where the ticket is, when Zendesk said; never a colon followed by nothing.
            ui.ok_label(app.say(&match url {
                Some(url) if !url.trim().is_empty() => {
                    msg!("ticket-created", id = id.to_string(), url = url.clone())
                }
                _ => msg!("ticket-created-no-url", id = id.to_string()),
            }));
            // A ticket the embedded sandbox made in its current run can be opened there (read
            // through its API); one from another run is not looked up, as its id may now name
            // another ticket.
            let in_sandbox = app
                .sandbox_url()
                .is_some_and(|s| url.as_deref().is_some_and(|u| u.starts_with(s)));
            let run = app.sandbox().map(crate::sandbox::Sandbox::run);
            let check = entry.ticket_in_run(run.as_deref().unwrap_or_default());
            match (run, check) {
                (Some(_), RunCheck::Same)
                    if ui.link(app.tr("sandbox-view-show-ticket")).clicked() =>
                {
                    app.push(Command::ShowSandboxTicket(*id));
                }
                (Some(current), RunCheck::Earlier(run)) => {
                    ui.weak(app.say(&msg!(
                        "sandbox-entry-other-run",
                        id = id.to_string(),
                        run = run,
                        current = current
                    )));
                }
                (Some(_), RunCheck::Unknown) if in_sandbox => {
                    ui.weak(app.say(&msg!("sandbox-entry-unknown-run", id = id.to_string())));
                }
                _ => {}
            }
            ticket_rules_ui(app, ui, *id, &entry.profile);
        }
        Summary::Track(t) => {
            ui.label(app.say(&msg!(
                "braze-counts",
                attributes = t.attributes_processed.unwrap_or(0),
                events = t.events_processed.unwrap_or(0),
                purchases = t.purchases_processed.unwrap_or(0)
            )));
            for e in &t.errors {
                ui.error_label(format!("{}[{}]: {}", e.input_array, e.index, e.kind));
            }
        }
        Summary::Nothing => {}
    }
    let index = app
        .console
        .history
        .iter()
        .position(|h| h.time == entry.time && h.exchange.url == x.url);
    ui.horizontal(|ui| {
        if let Some(i) = index
            && ui
                .add_enabled(
                    app.console.in_flight.is_none(),
                    egui::Button::new(app.i18n.tr("action-resend")),
                )
                .clicked()
        {
            app.push(Command::Resend(i));
        }
        if copy_button_ui(app, ui, entry, CopiedWhat::Curl) {
            ui.ctx().copy_text(curl::to_curl(x));
        }
        ui.weak(app.i18n.tr("curl-secret-note"));
    });
    compare_ui(app, ui, entry, index);
    egui::CollapsingHeader::new(app.tr("exchange-request"))
        .default_open(true)
        .show(ui, |ui| {
            ui.monospace(format!("{} {}", x.method, x.url));
            if copy_button_ui(app, ui, entry, CopiedWhat::RequestBody) {
                ui.ctx().copy_text(pretty_body(&x.request_body));
            }
            for (k, v) in &x.request_headers {
                ui.monospace(format!("{k}: {v}"));
            }
            ui.add(
                egui::Label::new(RichText::new(pretty_body(&x.request_body)).monospace())
                    .selectable(true),
            );
        });
    egui::CollapsingHeader::new(app.tr("exchange-response"))
        .default_open(true)
        .show(ui, |ui| {
            if let Some(last) = x.attempts.last() {
                for (k, v) in &last.response_headers {
                    let text = RichText::new(format!("{k}: {v}")).monospace();
                    if notable(k) {
                        ui.label(text.color(tokens.warning).strong());
                    } else {
                        ui.label(text);
                    }
                }
            }
            if copy_button_ui(app, ui, entry, CopiedWhat::ResponseBody) {
                ui.ctx().copy_text(pretty_body(x.response_body()));
            }
            let label = app.i18n.tr("search-body").to_owned();
            ui.labelled(&label, |ui| {
                ui.text_edit_singleline(&mut app.console.body_search)
            });
            let body = pretty_body(x.response_body());
            let query = app.console.body_search.to_lowercase();
            if query.is_empty() {
                ui.add(egui::Label::new(RichText::new(body).monospace()).selectable(true));
            } else {
                let hits = body
                    .lines()
                    .filter(|l| l.to_lowercase().contains(&query))
                    .count();
                ui.weak(app.say(&msg!("search-hits", count = hits)));
                for line in body.lines() {
                    let mut text = RichText::new(line).monospace();
                    if line.to_lowercase().contains(&query) {
                        text = text.background_color(tokens.search_background);
                    }
                    ui.label(text);
                }
            }
        });
    if x.attempts.len() > 1 {
        egui::CollapsingHeader::new(app.tr("exchange-attempts")).show(ui, |ui| {
            for (i, a) in x.attempts.iter().enumerate() {
                ui.monospace(format!(
                    "#{} {} · {} ms · {}",
                    i + 1,
                    a.status.map_or_else(|| "-".to_owned(), |s| s.to_string()),
                    a.duration.as_millis(),
                    a.error
                        .as_ref()
                        .map(|e| app.i18n.say(e))
                        .unwrap_or_default()
                ));
            }
        });
    }
}

/// A copy button that says "Copied" once it copied, until another exchange is shown; whether it
/// was clicked (the caller copies).
fn copy_button_ui(app: &mut ZenbrazeApp, ui: &mut Ui, entry: &Entry, what: CopiedWhat) -> bool {
    let key = match what {
        CopiedWhat::Curl => "copy-curl",
        CopiedWhat::RequestBody => "console-copy-request",
        CopiedWhat::ResponseBody => "console-copy-response",
    };
    let exchange = (entry.time, entry.exchange.url.clone());
    let done = app
        .console
        .copied
        .as_ref()
        .is_some_and(|c| c.what == what && c.exchange == exchange);
    let clicked = ui.horizontal(|ui| {
        let clicked = ui.button(app.tr(key)).clicked();
        if done {
            ui.ok_label(app.tr("console-copied"));
        }
        clicked
    });
    if clicked.inner {
        app.console.copied = Some(Copied { what, exchange });
    }
    clicked.inner
}

/// Pick another exchange; the differences in status and bodies show line by line.
fn compare_ui(app: &mut ZenbrazeApp, ui: &mut Ui, entry: &Entry, index: Option<usize>) {
    use crate::send::compare::{Line, lines};
    let tokens = theme::tokens(ui);
    // With no other exchange the picker would open an empty list.
    let others = (0..app.console.history.len().min(200)).any(|i| Some(i) != index);
    if !others && app.console.compare.is_none() {
        return;
    }
    let mut chosen: Option<Option<usize>> = None;
    ui.horizontal(|ui| {
        let l = ui.label(app.i18n.tr("compare-with"));
        // Nothing chosen yet: say what the list holds, not an empty box.
        let none = app.i18n.tr("compare-choose").to_owned();
        let current = app.console.compare.as_ref().map_or(none, |c| {
            format!(
                "{} · {}",
                c.time.format("%H:%M:%S"),
                c.subject.as_deref().unwrap_or("")
            )
        });
        egui::ComboBox::from_id_salt("compare")
            .selected_text(current)
            .show_ui(ui, |ui| {
                for (i, h) in app.console.history.iter().enumerate().take(200) {
                    if Some(i) == index {
                        continue;
                    }
                    let status = h
                        .exchange
                        .status()
                        .map_or_else(|| "—".to_owned(), |s| s.to_string());
                    let label = format!(
                        "{} · {status} · {}",
                        h.time.format("%H:%M:%S"),
                        h.subject.as_deref().unwrap_or("")
                    );
                    if ui.selectable_label(false, label).clicked() {
                        chosen = Some(Some(i));
                    }
                }
            })
            .response
            .labelled_by(l.id);
        if app.console.compare.is_some() && ui.button(app.i18n.tr("compare-stop")).clicked() {
            chosen = Some(None);
        }
    });
    if let Some(c) = chosen {
        app.push(Command::Compare(c));
    }
    let Some(other) = &app.console.compare else {
        return;
    };
    let title = app.say(&msg!("compare-title", other = status_line(app, other)));
    egui::CollapsingHeader::new(title)
        .id_salt("compare_diff")
        .default_open(true)
        .show(ui, |ui| {
            for (a, b) in [
                (
                    pretty_body(&other.exchange.request_body),
                    pretty_body(&entry.exchange.request_body),
                ),
                (
                    pretty_body(other.exchange.response_body()),
                    pretty_body(entry.exchange.response_body()),
                ),
            ] {
                for line in lines(&a, &b) {
                    let (prefix, text, colour) = match line {
                        Line::Same(t) => (' ', t, ui.visuals().text_color()),
                        Line::Removed(t) => ('-', t, tokens.error),
                        Line::Added(t) => ('+', t, tokens.ok),
                    };
                    ui.label(
                        RichText::new(format!("{prefix} {text}"))
                            .monospace()
                            .color(colour),
                    );
                }
                ui.separator();
            }
        });
}

/// Milliseconds as people read them: "0.4" on loopback, "182" over the internet.
fn millis(d: std::time::Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.1}")
    } else {
        format!("{ms:.0}")
    }
}

fn history_ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    ui.heading(app.tr("console-history"));
    let label = app.tr("history-filter").to_owned();
    ui.labelled(&label, |ui| {
        ui.text_edit_singleline(&mut app.console.filter)
    });
    let filter = app.console.filter.to_lowercase();
    let tokens = theme::tokens(ui);
    let mut chosen = None;
    egui::ScrollArea::vertical()
        .id_salt("history_rows")
        .show(ui, |ui| {
            for (i, e) in app.console.history.iter().enumerate() {
                let status = e
                    .exchange
                    .status()
                    .map_or_else(|| "—".to_owned(), |s| s.to_string());
                let text = format!(
                    "{} · {status} · {} · {}",
                    e.time.format("%H:%M:%S"),
                    e.target,
                    e.subject.as_deref().unwrap_or("")
                );
                if !filter.is_empty()
                    && !format!("{text} {} {}", e.profile, e.template)
                        .to_lowercase()
                        .contains(&filter)
                {
                    continue;
                }
                let selected = app
                    .console
                    .shown
                    .as_ref()
                    .is_some_and(|s| s.time == e.time && s.exchange.url == e.exchange.url);
                // On the selection's blue, green was 3.8:1: the selected row takes the
                // selection's own text colour (its status is in the text and in the headline).
                let colour = if selected {
                    ui.visuals().selection.stroke.color
                } else if e.ok {
                    tokens.ok
                } else {
                    tokens.error
                };
                if ui
                    .add(egui::Button::selectable(
                        selected,
                        RichText::new(text).color(colour),
                    ))
                    .clicked()
                {
                    chosen = Some(i);
                }
            }
        });
    if let Some(i) = chosen {
        app.push(Command::ShowExchange(i));
    }
}

/// The ticket's business rules, read from its audits on the entry's account when asked.
fn ticket_rules_ui(app: &mut ZenbrazeApp, ui: &mut Ui, id: u64, profile: &str) {
    let reading = app
        .console
        .rules
        .as_ref()
        .filter(|r| r.ticket == id && r.profile == profile);
    let busy = reading.is_some_and(|r| r.result.is_none());
    ui.horizontal(|ui| {
        if ui
            .add_enabled(!busy, egui::Button::new(app.tr("console-rules-read")))
            .clicked()
        {
            app.push(Command::ReadTicketRules(id, profile.to_owned()));
        }
        if busy {
            ui.spinner();
        }
    });
    let Some(result) = app
        .console
        .rules
        .as_ref()
        .filter(|r| r.ticket == id && r.profile == profile)
        .and_then(|r| r.result.clone())
    else {
        return;
    };
    match result {
        Err(e) => {
            ui.error_label(app.i18n.message(&e));
        }
        Ok(lines) if lines.is_empty() => {
            ui.weak(app.say(&msg!("console-rules-none", id = id.to_string())));
        }
        Ok(lines) => {
            for line in &lines {
                ui.label(
                    app.i18n
                        .message(&crate::app::ticket_rules::line_message(line)),
                );
            }
        }
    }
}
