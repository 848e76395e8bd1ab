//! Asking before anything is deleted: a payload, a sample, a profile and its secrets, or the
//! trigger and webhook the wizard made. The command that deletes waits in a [`Confirmation`]
//! (drawn as a modal by `ui::dialogs`) and runs only as [`Command::Confirmed`]; buttons, the
//! palette and tests all go through it, so nothing deletes on one click.

use super::ZenbrazeApp;
use super::command::Command;
use super::wizard::WizardCommand;
use crate::i18n::Message;
use crate::msg;

/// A destructive command waiting for "yes".
#[derive(Debug, Clone, PartialEq)]
pub struct Confirmation {
    pub command: Command,
    /// What will be lost, named.
    pub question: Message,
    /// What else it means, when the question alone does not say.
    pub detail: Option<Message>,
    /// The catalogue key of the button that goes ahead.
    pub action: &'static str,
    /// What the command acts on when asked (a row index), so a "yes" never deletes another one.
    pub target: Option<usize>,
    /// Whether going ahead loses something for good: the dialog says it cannot be undone and
    /// its button is drawn as a danger. A question that only informs (a credential's route)
    /// is neither.
    pub destructive: bool,
}

/// Whether a command deletes something, and so asks first.
pub fn destructive(command: &Command) -> bool {
    matches!(
        command,
        Command::DeletePayload
            | Command::DeleteUser
            | Command::DeleteTicket
            | Command::DeleteContext
            | Command::DeleteProfile(_)
            | Command::ResetSandbox
            | Command::Wizard(WizardCommand::Remove)
            | Command::Wizard(WizardCommand::BlockForce)
            | Command::Wizard(WizardCommand::BlockRetire)
    )
}

impl ZenbrazeApp {
    /// What a destructive command acts on now (its row), for [`Confirmation::target`].
    fn target_of(&self, command: &Command) -> Option<usize> {
        match command {
            Command::DeletePayload => Some(self.remembered.payload),
            Command::DeleteUser => Some(self.remembered.user),
            Command::DeleteTicket => Some(self.remembered.ticket),
            Command::DeleteContext => self.remembered.context,
            _ => None,
        }
    }

    /// The question for a destructive command, or None when there is nothing to delete.
    fn question(&self, command: &Command) -> Option<(Message, &'static str)> {
        let w = &self.doc.workspace;
        let label = |list: &[serde_json::Value], i: usize| {
            list.get(i).map(|s| crate::lint::user_label(s, i))
        };
        Some(match command {
            Command::DeletePayload => (
                msg!(
                    "confirm-delete-payload",
                    name = w.payloads.get(self.remembered.payload)?.name.clone()
                ),
                "confirm-yes-delete",
            ),
            Command::DeleteUser => (
                msg!(
                    "confirm-delete-user",
                    name = label(&w.users, self.remembered.user)?
                ),
                "confirm-yes-delete",
            ),
            Command::DeleteTicket => (
                msg!(
                    "confirm-delete-ticket",
                    name = label(&w.tickets, self.remembered.ticket)?
                ),
                "confirm-yes-delete",
            ),
            Command::DeleteContext => (
                msg!(
                    "confirm-delete-context",
                    name = w.contexts.get(self.remembered.context?)?.name.clone()
                ),
                "confirm-yes-delete",
            ),
            Command::DeleteProfile(name) => {
                self.profiles.get(name)?;
                (
                    msg!(
                        "confirm-delete-profile",
                        name = name.clone(),
                        store = self.config_store_name()
                    ),
                    "confirm-yes-delete",
                )
            }
            Command::ResetSandbox => {
                self.sandbox()?;
                (
                    msg!(
                        "confirm-reset-sandbox",
                        tickets = self.sandbox_ticket_count()
                    ),
                    "confirm-yes-reset",
                )
            }
            Command::Wizard(WizardCommand::Remove) => {
                let account = self
                    .active_profile()
                    .and_then(|p| p.zendesk.map(|z| z.describe()))
                    .unwrap_or_default();
                (
                    msg!(
                        "confirm-wizard-remove",
                        name = self.wizard.spec.name.clone(),
                        account = account,
                        kind = self.wizard.rules_to_remove()
                    ),
                    "confirm-yes-remove",
                )
            }
            Command::Wizard(WizardCommand::BlockForce) => (
                msg!("confirm-block-force", name = self.wizard_block_name()?),
                "confirm-yes-overwrite",
            ),
            Command::Wizard(WizardCommand::BlockRetire) => (
                msg!("confirm-block-retire", name = self.wizard_block_name()?),
                "confirm-yes-retire",
            ),
            _ => return None,
        })
    }

    /// Holds a destructive command until the person says yes.
    pub(crate) fn ask_to_confirm(&mut self, command: Command) {
        if let Some((question, action)) = self.question(&command) {
            let detail = match &command {
                Command::ResetSandbox => Some(msg!("confirm-reset-sandbox-detail")),
                Command::Wizard(WizardCommand::BlockForce) => {
                    Some(msg!("confirm-block-force-detail"))
                }
                _ => None,
            };
            self.confirm = Some(Confirmation {
                target: self.target_of(&command),
                detail,
                command,
                question,
                action,
                destructive: true,
            });
        }
    }

    /// Runs the command that was confirmed, if it still acts on what was named.
    pub(crate) fn run_confirmed(&mut self, ctx: &egui::Context, command: Command) {
        let asked = self.confirm.take();
        if let Some(asked) = &asked
            && (asked.command != command || asked.target != self.target_of(&command))
        {
            return;
        }
        self.apply_now(ctx, command);
    }
}
