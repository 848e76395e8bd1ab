//! Making the account match the plan: category → webhook → trigger. Every run plans again from
//! what exists, so a second run with the same spec changes nothing. When a step fails, what this
//! run created is deleted and what it updated is put back, and the report says what exists now.

use std::fmt::Write as _;

use serde_json::Value as Json;

use crate::i18n::{Catalogue, Language, Localize, Message};
use crate::msg;

use super::Spec;
use super::plan::{
    self, CATEGORY_ID, Observed, Op, Plan, Resource, Step, WEBHOOK_ID, WebhookTarget,
};
use crate::api::zendesk::{Action, Automation, NewAutomation, NewTrigger, Trigger, ZendeskClient};
use crate::api::{ApiError, Exchange};

/// One thing done (or undone), in words.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub resource: Resource,
    pub ok: bool,
    pub text: Message,
}

/// What a run did, what failed, what was rolled back, and what exists afterwards.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub plan: Plan,
    pub done: Vec<Line>,
    pub failure: Option<Message>,
    pub rolled_back: Vec<Line>,
    /// What the account holds under the name once the run is over.
    pub now: Vec<Message>,
    /// The ids the run ended with (for verify).
    pub webhook_id: Option<String>,
    pub trigger_id: Option<u64>,
    pub automation_id: Option<u64>,
    /// What the account held when the run began (the wizard lists its categories).
    pub observed: Option<Observed>,
    /// Every call made, masked.
    pub exchanges: Vec<Exchange>,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.failure.is_none()
    }

    /// True when a call changed the account (and stayed changed).
    pub fn changed(&self) -> bool {
        self.ok() && !self.plan.is_noop()
    }

    /// The report in English (logs, tests); see [`Report::text_in`].
    pub fn text(&self) -> String {
        self.text_in(Catalogue::get(Language::English))
    }

    /// What was done, what failed and was rolled back, and what exists now.
    pub fn text_in(&self, i18n: &Catalogue) -> String {
        let mark = |ok: bool| if ok { "✓" } else { "✗" };
        let mut out = String::new();
        for l in &self.done {
            let _ = writeln!(out, "{} {}", mark(l.ok), i18n.message(&l.text));
        }
        if let Some(f) = &self.failure {
            let _ = writeln!(
                out,
                "{}",
                i18n.message(&msg!("setup-failed", reason = f.clone()))
            );
        }
        for l in &self.rolled_back {
            let line = msg!(
                "setup-rolled-back",
                mark = mark(l.ok),
                what = l.text.clone()
            );
            let _ = writeln!(out, "{}", i18n.message(&line));
        }
        if self.ok() && self.plan.is_noop() {
            let _ = writeln!(out, "{}", i18n.message(&msg!("setup-nothing-changed")));
        }
        let _ = writeln!(out, "{}", i18n.message(&msg!("setup-now")));
        for n in &self.now {
            let _ = writeln!(out, "  {}", i18n.message(n));
        }
        out
    }
}

/// How to put back one thing this run did.
enum Undo {
    DeleteCategory(String),
    DeleteWebhook(String),
    PatchWebhook {
        id: String,
        restore: Json,
        token_sent: bool,
    },
    DeleteTrigger(u64),
    RestoreTrigger(Box<Trigger>),
    DeleteAutomation(u64),
    RestoreAutomation(Box<Automation>),
}

/// Ids known so far: existing ones from the plan, new ones as they are created.
#[derive(Default)]
struct Ids {
    category: Option<String>,
    webhook: Option<String>,
    trigger: Option<u64>,
    automation: Option<u64>,
}

/// Creates or updates the category, webhook and trigger for `spec`.
pub async fn apply(client: &ZendeskClient, spec: &Spec, target: &WebhookTarget) -> Report {
    // The Braze key travels in the webhook body: mask it in every exchange.
    let client = client.also_masking(&target.key);
    let mut report = Report::default();
    if prepare(&client, spec, target, &mut report).await.is_none() {
        return report;
    }
    let mut ids = Ids::default();
    run_steps(&client, &mut ids, &mut report, true).await;
    if report.ok() {
        report.webhook_id = ids.webhook;
        report.trigger_id = ids.trigger;
        report.automation_id = ids.automation;
    }
    settle(&client, spec.name.trim(), &mut report).await;
    report
}

/// The plan apply would follow now, and what exists; nothing is changed.
pub async fn plan_only(client: &ZendeskClient, spec: &Spec, target: &WebhookTarget) -> Report {
    let client = client.also_masking(&target.key);
    let mut report = Report::default();
    if let Some(observed) = prepare(&client, spec, target, &mut report).await {
        report.now = what_exists(spec.name.trim(), &observed);
    }
    report
}

/// Checks the spec, reads the account and plans. None when apply must not run: the report says
/// why (bad inputs, an unreadable account, a blocker).
async fn prepare(
    client: &ZendeskClient,
    spec: &Spec,
    target: &WebhookTarget,
    report: &mut Report,
) -> Option<Observed> {
    let problems = spec.problems();
    if !problems.is_empty() {
        report.failure = Some(joined(problems));
        return None;
    }
    let name = spec.name.trim();
    let observed = observe_into(client, name, report).await?;
    report.plan = plan::plan(spec, target, &observed);
    if report.plan.blocked() {
        report.failure = Some(joined(report.plan.blockers.clone()));
        report.now = what_exists(name, &observed);
        return None;
    }
    Some(observed)
}

/// What `remove` would delete; nothing is changed.
pub async fn removal_only(client: &ZendeskClient, name: &str) -> Report {
    let name = name.trim();
    let mut report = Report::default();
    if let Some(observed) = observe_into(client, name, &mut report).await {
        report.plan = plan::removal(name, &observed);
        report.now = what_exists(name, &observed);
    }
    report
}

/// Deletes the trigger and the webhook named `name` (categories stay).
pub async fn remove(client: &ZendeskClient, name: &str) -> Report {
    let name = name.trim();
    let mut report = Report::default();
    let Some(observed) = observe_into(client, name, &mut report).await else {
        return report;
    };
    report.plan = plan::removal(name, &observed);
    run_steps(client, &mut Ids::default(), &mut report, false).await;
    settle(client, name, &mut report).await;
    report
}

/// Runs the plan's steps in order and stops at the first failure, rolling back what was done
/// when `rollback` is set (a removal has nothing to put back).
async fn run_steps(client: &ZendeskClient, ids: &mut Ids, report: &mut Report, rollback: bool) {
    let mut undo = Vec::new();
    for step in report.plan.steps.clone() {
        match run_step(client, &step, ids, &mut report.exchanges).await {
            Ok((text, u)) => {
                report.done.push(Line {
                    resource: step.resource,
                    ok: true,
                    text,
                });
                undo.extend(u);
            }
            Err(e) => {
                report.done.push(Line {
                    resource: step.resource,
                    ok: false,
                    text: msg!(
                        "setup-step-error",
                        step = step.headline(),
                        reason = e.message()
                    ),
                });
                report.failure = Some(msg!(
                    "setup-step-failed",
                    step = step.headline(),
                    reason = e.message()
                ));
                if rollback {
                    self::rollback(client, undo, report).await;
                }
                return;
            }
        }
    }
}

async fn observe_into(client: &ZendeskClient, name: &str, report: &mut Report) -> Option<Observed> {
    let (observed, exchanges) = plan::observe(client, name).await;
    report.exchanges.extend(exchanges);
    match observed {
        Ok(o) => {
            report.observed = Some(o.clone());
            Some(o)
        }
        Err(e) => {
            report.failure = Some(msg!("setup-cannot-read", reason = e.message()));
            None
        }
    }
}

/// Reads the account again and says what exists under the name.
async fn settle(client: &ZendeskClient, name: &str, report: &mut Report) {
    let (observed, exchanges) = plan::observe(client, name).await;
    report.exchanges.extend(exchanges);
    report.now = match observed {
        Ok(o) => what_exists(name, &o),
        Err(e) => vec![msg!("setup-cannot-read-after", reason = e.message())],
    };
}

/// One line per resource under the name: its id and state, or that there is none.
pub fn what_exists(name: &str, o: &Observed) -> Vec<Message> {
    let mut out = Vec::new();
    if o.webhooks.is_empty() {
        out.push(msg!("setup-no-webhook", name = name));
    }
    for w in &o.webhooks {
        out.push(msg!(
            "setup-webhook-exists",
            name = &w.name,
            id = &w.id,
            method = &w.http_method,
            endpoint = &w.endpoint,
            format = &w.request_format,
            status = &w.status
        ));
    }
    if o.triggers.is_empty() && o.automations.is_empty() {
        out.push(msg!("setup-no-trigger", name = name));
    }
    for a in &o.automations {
        let conditions = plan::conditions_messages(&a.conditions)
            .into_iter()
            .reduce(|a, b| msg!("setup-list", first = a, rest = b))
            .unwrap_or_else(|| msg!("setup-no-conditions"));
        out.push(msg!(
            "setup-automation-exists",
            name = &a.title,
            id = a.id,
            active = if a.active { "yes" } else { "no" },
            conditions = conditions
        ));
    }
    for t in &o.triggers {
        let category = t
            .category_id
            .as_deref()
            .and_then(|id| {
                o.categories
                    .iter()
                    .flatten()
                    .find(|c| c.id == id)
                    .map(|c| msg!("setup-category-named", name = &c.name))
            })
            .unwrap_or_else(|| msg!("setup-category-none"));
        let conditions = plan::conditions_messages(&t.conditions)
            .into_iter()
            .reduce(|a, b| msg!("setup-list", first = a, rest = b))
            .unwrap_or_else(|| msg!("setup-no-conditions"));
        out.push(msg!(
            "setup-trigger-exists",
            name = &t.title,
            id = t.id,
            active = if t.active { "yes" } else { "no" },
            category = category,
            conditions = conditions
        ));
    }
    out
}

async fn run_step(
    client: &ZendeskClient,
    step: &Step,
    ids: &mut Ids,
    exchanges: &mut Vec<Exchange>,
) -> Result<(Message, Option<Undo>), ApiError> {
    let headline = || step.headline();
    let mut keep = |exchange: Exchange| exchanges.push(exchange);
    match &step.op {
        Op::None => {
            match step.resource {
                Resource::Category => ids.category = step.id.clone(),
                Resource::Webhook => ids.webhook = step.id.clone(),
                Resource::Trigger => ids.trigger = step.id.as_deref().and_then(|i| i.parse().ok()),
                Resource::Automation => {
                    ids.automation = step.id.as_deref().and_then(|i| i.parse().ok());
                }
            }
            Ok((headline(), None))
        }
        Op::CreateCategory => {
            let o = client.create_trigger_category(&step.name, None).await;
            keep(o.exchange);
            let c = o.result?;
            ids.category = Some(c.id.clone());
            Ok((
                msg!(
                    "setup-created",
                    resource = "category",
                    name = &c.name,
                    id = &c.id
                ),
                Some(Undo::DeleteCategory(c.id)),
            ))
        }
        Op::CreateWebhook(w) => {
            let o = client.create_webhook(w).await;
            keep(o.exchange);
            let w = o.result?;
            ids.webhook = Some(w.id.clone());
            Ok((
                msg!(
                    "setup-created",
                    resource = "webhook",
                    name = &w.name,
                    id = &w.id
                ),
                Some(Undo::DeleteWebhook(w.id)),
            ))
        }
        Op::PatchWebhook { patch, restore } => {
            let id = step.id.clone().unwrap_or_default();
            let o = client.patch_webhook(&id, patch).await;
            keep(o.exchange);
            o.result?;
            ids.webhook = Some(id.clone());
            Ok((
                msg!(
                    "setup-updated-webhook",
                    name = &step.name,
                    id = &id,
                    changes = joined_comma(step.details.clone())
                ),
                Some(Undo::PatchWebhook {
                    id,
                    restore: restore.clone(),
                    token_sent: patch.pointer("/webhook/authentication").is_some(),
                }),
            ))
        }
        Op::CreateTrigger(t) => {
            let o = client.create_trigger(&resolve(t, ids)).await;
            keep(o.exchange);
            let t = o.result?;
            ids.trigger = Some(t.id);
            Ok((
                msg!(
                    "setup-created",
                    resource = "trigger",
                    name = &t.title,
                    id = t.id.to_string()
                ),
                Some(Undo::DeleteTrigger(t.id)),
            ))
        }
        Op::UpdateTrigger { next, previous } => {
            let o = client
                .update_trigger(previous.id, &resolve(next, ids))
                .await;
            keep(o.exchange);
            let t = o.result?;
            ids.trigger = Some(t.id);
            Ok((
                msg!(
                    "setup-updated-trigger",
                    name = &t.title,
                    id = t.id.to_string(),
                    changes = joined_comma(step.details.clone())
                ),
                Some(Undo::RestoreTrigger(previous.clone())),
            ))
        }
        Op::DeleteTrigger => {
            let id: u64 = step
                .id
                .as_deref()
                .and_then(|i| i.parse().ok())
                .unwrap_or_default();
            let o = client.delete_trigger(id).await;
            keep(o.exchange);
            o.result?;
            Ok((
                msg!(
                    "setup-deleted",
                    resource = "trigger",
                    name = &step.name,
                    id = id.to_string()
                ),
                None,
            ))
        }
        Op::CreateAutomation(a) => {
            let o = client.create_automation(&resolve_automation(a, ids)).await;
            keep(o.exchange);
            let a = o.result?;
            ids.automation = Some(a.id);
            Ok((
                msg!(
                    "setup-created",
                    resource = "automation",
                    name = &a.title,
                    id = a.id.to_string()
                ),
                Some(Undo::DeleteAutomation(a.id)),
            ))
        }
        Op::UpdateAutomation { next, previous } => {
            let o = client
                .update_automation(previous.id, &resolve_automation(next, ids))
                .await;
            keep(o.exchange);
            let a = o.result?;
            ids.automation = Some(a.id);
            Ok((
                msg!(
                    "setup-updated-automation",
                    name = &a.title,
                    id = a.id.to_string(),
                    changes = joined_comma(step.details.clone())
                ),
                Some(Undo::RestoreAutomation(previous.clone())),
            ))
        }
        Op::DeleteAutomation => {
            let id: u64 = step
                .id
                .as_deref()
                .and_then(|i| i.parse().ok())
                .unwrap_or_default();
            let o = client.delete_automation(id).await;
            keep(o.exchange);
            o.result?;
            Ok((
                msg!(
                    "setup-deleted",
                    resource = "automation",
                    name = &step.name,
                    id = id.to_string()
                ),
                None,
            ))
        }
        Op::DeleteWebhook => {
            let id = step.id.clone().unwrap_or_default();
            let o = client.delete_webhook(&id).await;
            keep(o.exchange);
            o.result?;
            Ok((
                msg!(
                    "setup-deleted",
                    resource = "webhook",
                    name = &step.name,
                    id = &id
                ),
                None,
            ))
        }
    }
}

/// The trigger with the ids created earlier in this run in place of the plan's stand-ins.
fn resolve(t: &NewTrigger, ids: &Ids) -> NewTrigger {
    let mut t = t.clone();
    if t.category_id.as_deref() == Some(CATEGORY_ID) {
        t.category_id = ids.category.clone();
    }
    resolve_webhook(&mut t.actions, ids);
    t
}

fn resolve_automation(a: &NewAutomation, ids: &Ids) -> NewAutomation {
    let mut a = a.clone();
    resolve_webhook(&mut a.actions, ids);
    a
}

fn resolve_webhook(actions: &mut [Action], ids: &Ids) {
    for a in actions {
        if let Some(first) = a.value.get_mut(0)
            && first.as_str() == Some(WEBHOOK_ID)
        {
            *first = Json::String(ids.webhook.clone().unwrap_or_default());
        }
    }
}

/// Puts back what this run did, newest first.
async fn rollback(client: &ZendeskClient, undo: Vec<Undo>, report: &mut Report) {
    for u in undo.into_iter().rev() {
        let (resource, text, result) = match u {
            Undo::DeleteTrigger(id) => {
                let o = client.delete_trigger(id).await;
                report.exchanges.push(o.exchange);
                (
                    Resource::Trigger,
                    msg!(
                        "setup-undo-deleted",
                        resource = "trigger",
                        id = id.to_string()
                    ),
                    o.result,
                )
            }
            Undo::RestoreTrigger(previous) => {
                let t = NewTrigger {
                    title: previous.title.clone(),
                    description: previous.description.clone(),
                    active: previous.active,
                    position: previous.position,
                    category_id: previous.category_id.clone(),
                    conditions: previous.conditions.clone(),
                    actions: previous.actions.clone(),
                };
                let o = client.update_trigger(previous.id, &t).await;
                report.exchanges.push(o.exchange);
                (
                    Resource::Trigger,
                    msg!("setup-undo-restored-trigger", id = previous.id.to_string()),
                    o.result.map(|_| ()),
                )
            }
            Undo::DeleteAutomation(id) => {
                let o = client.delete_automation(id).await;
                report.exchanges.push(o.exchange);
                (
                    Resource::Automation,
                    msg!(
                        "setup-undo-deleted",
                        resource = "automation",
                        id = id.to_string()
                    ),
                    o.result,
                )
            }
            Undo::RestoreAutomation(previous) => {
                let a = NewAutomation {
                    title: previous.title.clone(),
                    active: previous.active,
                    position: previous.position,
                    conditions: previous.conditions.clone(),
                    actions: previous.actions.clone(),
                };
                let o = client.update_automation(previous.id, &a).await;
                report.exchanges.push(o.exchange);
                (
                    Resource::Automation,
                    msg!(
                        "setup-undo-restored-automation",
                        id = previous.id.to_string()
                    ),
                    o.result.map(|_| ()),
                )
            }
            Undo::PatchWebhook {
                id,
                restore,
                token_sent,
            } => {
                let o = client.patch_webhook(&id, &restore).await;
                report.exchanges.push(o.exchange);
                let text = msg!(
                    "setup-undo-restored-webhook",
                    id = &id,
                    token = if token_sent { "lost" } else { "kept" }
                );
                (Resource::Webhook, text, o.result)
            }
            Undo::DeleteWebhook(id) => {
                let o = client.delete_webhook(&id).await;
                report.exchanges.push(o.exchange);
                (
                    Resource::Webhook,
                    msg!("setup-undo-deleted", resource = "webhook", id = &id),
                    o.result,
                )
            }
            Undo::DeleteCategory(id) => {
                let o = client.delete_trigger_category(&id).await;
                report.exchanges.push(o.exchange);
                (
                    Resource::Category,
                    msg!("setup-undo-deleted", resource = "category", id = &id),
                    o.result,
                )
            }
        };
        let ok = result.is_ok();
        let text = match result {
            Ok(()) => text,
            Err(e) => msg!("setup-undo-failed", what = text, reason = e.message()),
        };
        report.rolled_back.push(Line { resource, ok, text });
    }
}

/// Messages joined with "; " (a list of problems or blockers).
pub(crate) fn joined(messages: Vec<Message>) -> Message {
    messages
        .into_iter()
        .reduce(|a, b| msg!("setup-list", first = a, rest = b))
        .unwrap_or_else(|| msg!("setup-no-conditions"))
}

/// Messages joined with ", " (the changes of one step).
fn joined_comma(messages: Vec<Message>) -> Message {
    messages
        .into_iter()
        .reduce(|a, b| msg!("setup-list-comma", first = a, rest = b))
        .unwrap_or_else(|| msg!("setup-no-changes"))
}
