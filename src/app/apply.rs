//! Command handling: the one match from a queued [`Command`] to the concern that carries it out
//! (`edit`, `files`, `send`, `profiles`, `sandbox`, `import`, `wizard`). Each arm is a line.

use super::ZenbrazeApp;
use super::command::Command;
use super::import::ImportDialog;
use super::state::Palette;
use crate::i18n::Catalogue;

impl ZenbrazeApp {
    /// Applies a command; one that deletes something asks first (`confirm.rs`).
    pub(crate) fn apply(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::Confirmed(inner) => self.run_confirmed(ctx, *inner),
            Command::CancelConfirm => self.confirm = None,
            c if super::confirm::destructive(&c) => self.ask_to_confirm(c),
            c => self.apply_now(ctx, c),
        }
    }

    /// Carries a command out, with no question asked.
    pub(crate) fn apply_now(&mut self, ctx: &egui::Context, command: Command) {
        use Command as C;
        match command {
            C::Confirmed(inner) => self.apply_now(ctx, *inner),
            C::CancelConfirm => self.confirm = None,
            C::Show(panel) => self.remembered.panel = panel,
            C::Save => self.start_save(ctx),
            C::Ask(purpose) => self.ask_path(purpose),
            C::Open(path) => self.open(ctx, path),
            C::SaveAs(path) => self.save_as(ctx, &path),
            C::Export(path) => self.export(ctx, path),
            C::OpenPalette => self.palette = Some(Palette::default()),
            C::Notify(text) => self.notify(false, text),
            C::OpenImport => self.import = Some(ImportDialog::default()),
            C::ChooseFile(purpose) => self.choose_file(ctx, purpose),
            C::SetTheme(theme) => {
                self.remembered.theme = theme;
                ctx.set_theme(theme.preference());
            }
            C::SetLanguage(language) => {
                // The wizard's default name follows the language until it is changed.
                if self.wizard.spec.name == self.i18n.tr("wizard-default-name") {
                    self.wizard.spec.name = Catalogue::get(language)
                        .tr("wizard-default-name")
                        .to_owned();
                }
                self.i18n = Catalogue::get(language);
                self.remembered.language = Some(language);
            }
            C::NewPayload => self.new_payload(),
            C::DuplicatePayload => self.duplicate_payload(),
            C::DeletePayload => self.delete_payload(),
            C::SelectPayload(i) => self.remembered.payload = i,
            C::SelectSubject(i) => self.select_subject(i),
            C::NextSubject => self.select_subject(self.subject_index() + 1),
            C::PreviousSubject => self.select_subject(self.subject_index().saturating_sub(1)),
            C::ApplyFix(i) => self.apply_fix(i),
            C::JumpTo(offset) => self.jump_to(offset),
            C::Insert(text) => self.insert(&text),
            C::InsertFilter(text) => self.insert_filter(&text),
            C::Replace(range, text) => self.replace(range, &text),
            C::AddPreset(i) => self.add_preset(i),
            C::AddUser => self.add_user(),
            C::DuplicateUser => self.duplicate_user(),
            C::DeleteUser => self.delete_user(),
            C::AddTicket => self.add_ticket(),
            C::DeleteTicket => self.delete_ticket(),
            C::AddContext => self.add_context(),
            C::DeleteContext => self.delete_context(),
            C::ReadImportFile => {
                if let Some(dialog) = &mut self.import {
                    dialog.read_file(ctx);
                }
            }
            C::AddImportedUsers => self.add_imported_users(),
            C::AddUsers(users) => self.add_users(users),
            C::ImportFromBraze(ids) => self.start_braze_import(ctx, ids),
            C::SetActiveProfile(name) => {
                if self.settings.saved.as_deref() == Some(name.as_str()) {
                    self.settings.saved = None;
                }
                self.remembered.active_profile = Some(name);
            }
            C::Send => self.send(ctx),
            C::ConfirmSend => self.confirm_send(ctx),
            C::SendToAll => self.send_to_all(ctx),
            C::SendViaBraze { acknowledged } => self.send_via_braze(ctx, acknowledged),
            C::ExportCase(path) => self.export_case(ctx, path),
            C::CancelSend => self.cancel_send(),
            C::ShowExchange(i) => {
                if let Some(entry) = self.console.history.get(i).cloned() {
                    self.show_newest(entry);
                }
                self.remembered.panel = super::Panel::Console;
            }
            C::Resend(i) => self.resend(ctx, i),
            C::Compare(i) => {
                self.console.compare = i.and_then(|i| self.console.history.get(i).cloned());
            }
            C::ConsolePayload(p) => self.pick_console_payload(p),
            C::ConsoleSample(s) => self.pick_console_sample(s),
            C::CloseBatch => self.close_batch(),
            C::ShowSandboxTicket(id) => self.show_sandbox_ticket(ctx, id),
            C::ReadTicketRules(id, profile) => self.read_ticket_rules(ctx, id, profile),
            C::SetTicketStatus(id, status) => self.set_ticket_status(ctx, id, status),
            C::SetFaults(kinds) => self.set_faults(ctx, kinds),
            C::AdvanceSandboxClock(hours) => self.advance_sandbox_clock(ctx, hours),
            C::ResetSandbox => self.reset_sandbox(ctx),
            C::ResumePreviews => self.previews_paused = None,
            C::ShowStart => self.remembered.started = false,
            C::CloseStart => self.remembered.started = true,
            C::StartJourney(i) => self.start_journey(i),
            C::SaveProfile => self.save_profile(ctx),
            C::DeleteProfile(name) => self.delete_profile(ctx, &name),
            C::TestProfile(name) => self.test_profile(ctx, &name),
            C::CancelConnectionTest => self.cancel_connection_test(),
            C::Wizard(w) => self.wizard_command(ctx, w),
        }
    }
}
