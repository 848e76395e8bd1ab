//! The Braze → Zendesk step's Content Block: the chosen payload's body published to the active
//! profile's Braze with `crate::publish` (plan, apply, force after a confirmation, retire), off
//! the UI thread, and what the campaign then holds, once, after an apply. The record of what was
//! published is the same ledger the CLI keeps (`AppConfig::ledger_path`).

use std::sync::Arc;

use poll_promise::Promise;

use super::super::ZenbrazeApp;
use super::super::jobs::{spawn_async, take_ready};
use super::WizardCommand;
use crate::api::ClientOptions;
use crate::i18n::{Localize as _, Message};
use crate::msg;
use crate::publish::{self, Ledger, Plan, PublishError};
use crate::setup::composer::{self, ComposerSettings};
use crate::workspace::Direction;

/// What a publish job brings back.
pub enum BlockOutcome {
    Planned(Plan),
    /// Someone else's change, not overwritten: the plan shows it and the force question.
    Refused(Plan),
    Applied {
        plan: Plan,
        id: String,
        writes: usize,
        /// The ledger could not be written.
        unrecorded: Option<Message>,
    },
    Retired {
        id: String,
        unrecorded: Option<Message>,
    },
}

/// The step's Content Block section.
#[derive(Default)]
pub struct BlockStep {
    /// The step shows the body published as a Content Block, instead of the body to paste.
    pub chosen: bool,
    /// The block's name as typed; empty uses [`default_block_name`].
    pub name: String,
    pub plan: Option<Plan>,
    /// What the last apply or retire did.
    pub done: Option<Message>,
    /// What to paste into the campaign, shown after an apply.
    pub paste: Option<(String, ComposerSettings)>,
    pub error: Option<Message>,
    pub running: Option<Promise<Result<BlockOutcome, Message>>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BlockJob {
    Plan,
    Apply { force: bool },
    Retire,
}

/// A block name from a payload's name: lower-case letters, digits and `_`.
pub fn default_block_name(payload: &str) -> String {
    let mut out = String::from("zenbraze_");
    for c in payload.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let out = out.trim_end_matches('_').to_owned();
    out.chars().take(90).collect()
}

impl BlockStep {
    /// The name to publish under.
    pub fn effective_name(&self, payload: &str) -> String {
        let typed = self.name.trim();
        if typed.is_empty() {
            default_block_name(payload)
        } else {
            typed.to_owned()
        }
    }
}

impl ZenbrazeApp {
    /// The chosen Braze → Zendesk payload's name and body.
    fn braze_payload(&self) -> Option<(String, String)> {
        self.doc
            .workspace
            .payloads
            .iter()
            .filter(|p| p.direction == Direction::BrazeToZendesk)
            .nth(self.wizard.composer_payload)
            .map(|p| (p.name.clone(), p.body.clone()))
    }

    /// The name the step publishes under now (none without a Braze → Zendesk payload).
    pub fn wizard_block_name(&self) -> Option<String> {
        let (payload, _) = self.braze_payload()?;
        Some(self.wizard.block.effective_name(&payload))
    }

    /// Runs a Content Block command; false when `command` is not one.
    pub(crate) fn block_command(&mut self, ctx: &egui::Context, command: &WizardCommand) -> bool {
        let job = match command {
            WizardCommand::BlockPlan => BlockJob::Plan,
            WizardCommand::BlockApply => BlockJob::Apply { force: false },
            WizardCommand::BlockForce => BlockJob::Apply { force: true },
            WizardCommand::BlockRetire => BlockJob::Retire,
            _ => return false,
        };
        self.start_block_job(ctx, job);
        true
    }

    fn start_block_job(&mut self, ctx: &egui::Context, job: BlockJob) {
        if self.wizard.block.running.is_some() {
            return;
        }
        let Some(profile) = self.active_profile() else {
            return;
        };
        let Some((payload, body)) = self.braze_payload() else {
            return;
        };
        let name = self.wizard.block.effective_name(&payload);
        let step = &mut self.wizard.block;
        step.error = None;
        step.done = None;
        step.paste = None;
        if job != BlockJob::Retire {
            step.plan = None;
        }
        let ledger = self.config.ledger_path.as_deref().map(Ledger::new);
        let store = Arc::clone(&self.config.store);
        step.running = Some(spawn_async(ctx, async move {
            let client =
                crate::connect::braze_client(&profile, store.as_ref(), ClientOptions::default())
                    .map_err(|e| e.message())?;
            let record = match &ledger {
                Some(l) => l.get(&profile.name, &name).map_err(|e| e.message())?,
                None => None,
            };
            let keep = |published: &publish::Published| {
                ledger.as_ref().and_then(|l| {
                    l.put(&profile.name, &name, published)
                        .err()
                        .map(|e| msg!("publish-ledger-failed", reason = e.message()))
                })
            };
            match job {
                BlockJob::Plan => publish::plan(&client, &name, &body, record.as_ref())
                    .await
                    .map(BlockOutcome::Planned)
                    .map_err(|e| e.message()),
                BlockJob::Apply { force } => {
                    match publish::apply(&client, &name, &body, record.as_ref(), force).await {
                        Ok(applied) => Ok(BlockOutcome::Applied {
                            unrecorded: keep(&applied.record),
                            id: applied.record.content_block_id.clone(),
                            writes: applied.writes,
                            plan: applied.plan,
                        }),
                        Err(PublishError::Refused(plan)) => Ok(BlockOutcome::Refused(*plan)),
                        Err(e) => Err(e.message()),
                    }
                }
                BlockJob::Retire => match publish::retire(&client, &name, record.as_ref()).await {
                    Ok(published) => Ok(BlockOutcome::Retired {
                        unrecorded: keep(&published),
                        id: published.content_block_id,
                    }),
                    Err(e) => Err(e.message()),
                },
            }
        }));
    }

    /// Takes a finished publish job.
    pub(crate) fn poll_block(&mut self) {
        let Some(result) = take_ready(&mut self.wizard.block.running) else {
            return;
        };
        let outcome = match result {
            Ok(outcome) => outcome,
            Err(e) => {
                self.wizard.block.error = Some(e);
                return;
            }
        };
        match outcome {
            BlockOutcome::Planned(plan) => self.wizard.block.plan = Some(plan),
            BlockOutcome::Refused(plan) => {
                self.wizard.block.error =
                    Some(msg!("wizard-block-refused", name = plan.name.as_str()));
                self.wizard.block.plan = Some(plan);
            }
            BlockOutcome::Applied {
                plan,
                id,
                writes,
                unrecorded,
            } => {
                let name = plan.name.clone();
                self.wizard.block.done = Some(if writes == 0 {
                    msg!("publish-applied-nothing", name = name.as_str(), id = id)
                } else {
                    msg!("publish-applied", name = name.as_str(), id = id)
                });
                self.wizard.block.error = unrecorded;
                self.wizard.block.plan = None;
                // What the campaign holds: the one line, the address and the headers with the
                // stand-in for the token (never the token).
                let placeholder = self.i18n.tr("wizard-token-placeholder").to_owned();
                self.wizard.block.paste = self.active_profile().and_then(|profile| {
                    composer::settings_with(
                        &profile,
                        &publish::liquid_tag(&name),
                        &[],
                        &placeholder,
                    )
                    .ok()
                    .map(|s| (name, s))
                });
            }
            BlockOutcome::Retired { id, unrecorded } => {
                let name = self.wizard_block_name().unwrap_or_default();
                self.wizard.block.done = Some(msg!("publish-retired", name = name, id = id));
                self.wizard.block.error = unrecorded;
                self.wizard.block.plan = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_names_are_braze_safe() {
        assert_eq!(
            default_block_name("Create ticket (Braze → Zendesk)"),
            "zenbraze_create_ticket_braze_zendesk"
        );
        assert!(publish::check_name(&default_block_name(&"ü".repeat(500))).is_ok());
        assert!(default_block_name(&"x".repeat(500)).chars().count() < 100);
    }
}
