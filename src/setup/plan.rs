//! What apply would do: the account's webhook, trigger and category found by name, compared with
//! the [`Spec`], as steps that each name their exact API call (secrets masked).
//!
//! One concern, over 900 lines with its tests (about 720 without): what the account has, its
//! comparison with the spec, and the steps that result, each read beside the others.

use std::fmt::Write as _;

use serde_json::{Value as Json, json};

use crate::i18n::{Catalogue, Language, Message};
use crate::msg;

use super::RuleKind;
use super::Spec;
use crate::api::zendesk::{
    Action, Automation, Condition, Conditions, NewAutomation, NewTrigger, NewWebhook, Trigger,
    TriggerCategory, Webhook, WebhookAuth, ZendeskClient,
};
use crate::api::{ApiError, Exchange, Secret};

pub const SUBSCRIPTION: &str = "conditional_ticket_events";
/// 100 pages of 100 triggers: far beyond any real account.
const MAX_TRIGGER_PAGES: usize = 100;
const MASK: &str = "••••";

/// What the account holds under the spec's names.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Observed {
    /// None when the account has no trigger categories (403 `TriggerCategoriesNotEnabled`).
    pub categories: Option<Vec<TriggerCategory>>,
    /// Webhooks named exactly like the spec.
    pub webhooks: Vec<Webhook>,
    /// Triggers titled exactly like the spec.
    pub triggers: Vec<Trigger>,
    /// Automations titled exactly like the spec.
    pub automations: Vec<Automation>,
}

/// Reads what exists: webhooks and triggers by name, and the categories.
pub async fn observe(
    client: &ZendeskClient,
    name: &str,
) -> (Result<Observed, ApiError>, Vec<Exchange>) {
    let mut exchanges = Vec::new();
    let result = async {
        let webhooks = client.list_webhooks(Some(name)).await;
        exchanges.push(webhooks.exchange);
        let mut triggers = Vec::new();
        let mut page = Some("/triggers.json".to_owned());
        // Every page: the trigger may be the account's 101st. Bounded, in case a server loops.
        for _ in 0..MAX_TRIGGER_PAGES {
            let Some(path) = page.take() else { break };
            let o = client.list_triggers_page(&path).await;
            exchanges.push(o.exchange);
            let p = o.result?;
            triggers.extend(p.triggers.into_iter().filter(|t| t.title == name));
            page = p.next;
        }
        // Every page of automations, as for triggers: a title search would depend on how
        // Zendesk's search reads the name.
        let mut automations = Vec::new();
        let mut page = Some("/automations.json".to_owned());
        for _ in 0..MAX_TRIGGER_PAGES {
            let Some(path) = page.take() else { break };
            let o = client.list_automations_page(&path).await;
            exchanges.push(o.exchange);
            let p = o.result?;
            automations.extend(p.automations.into_iter().filter(|a| a.title == name));
            page = p.next;
        }
        let categories = client.list_trigger_categories().await;
        exchanges.push(categories.exchange);
        let categories = match categories.result {
            Ok(list) => Some(list),
            Err(ApiError::Forbidden { .. }) => None,
            Err(e) => return Err(e),
        };
        Ok(Observed {
            categories,
            webhooks: webhooks
                .result?
                .into_iter()
                .filter(|w| w.name == name)
                .collect(),
            triggers,
            automations,
        })
    }
    .await;
    (result, exchanges)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    Category,
    Webhook,
    Trigger,
    Automation,
}

impl Resource {
    pub fn name(self) -> &'static str {
        match self {
            Resource::Category => "category",
            Resource::Webhook => "webhook",
            Resource::Trigger => "trigger",
            Resource::Automation => "automation",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Create,
    Update,
    Unchanged,
    Delete,
    /// Nothing by that name exists (removal).
    Absent,
    /// It exists in a shape apply must not touch: see the step's details.
    Blocked,
}

impl Change {
    pub fn name(self) -> &'static str {
        match self {
            Change::Create => "create",
            Change::Update => "update",
            Change::Unchanged => "unchanged",
            Change::Delete => "delete",
            Change::Absent => "absent",
            Change::Blocked => "blocked",
        }
    }
}

/// An API call as apply will make it, with secrets masked.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub method: &'static str,
    pub path: String,
    pub body: Option<Json>,
}

impl Call {
    pub fn text(&self) -> String {
        let mut out = format!("{} {}", self.method, self.path);
        if let Some(body) = &self.body {
            out.push('\n');
            out += &serde_json::to_string_pretty(body).unwrap_or_default();
        }
        out
    }
}

/// What apply does to one resource.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub resource: Resource,
    pub name: String,
    pub change: Change,
    /// The existing resource's id.
    pub id: Option<String>,
    /// What differs, or why it is blocked.
    pub details: Vec<Message>,
    pub call: Option<Call>,
    pub(crate) op: Op,
}

impl Step {
    /// `create webhook "Solved → Braze"` or `unchanged trigger "…" (id 7)`.
    pub fn headline(&self) -> Message {
        let (change, resource) = (self.change.name(), self.resource.name());
        match &self.id {
            Some(id) => msg!(
                "setup-step-id",
                change = change,
                resource = resource,
                name = &self.name,
                id = id
            ),
            None => msg!(
                "setup-step",
                change = change,
                resource = resource,
                name = &self.name
            ),
        }
    }
}

/// The work behind a step, with what rollback needs.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Op {
    None,
    CreateCategory,
    CreateWebhook(NewWebhook),
    PatchWebhook {
        patch: Json,
        restore: Json,
    },
    CreateTrigger(NewTrigger),
    UpdateTrigger {
        next: NewTrigger,
        previous: Box<Trigger>,
    },
    DeleteTrigger,
    DeleteWebhook,
    CreateAutomation(NewAutomation),
    UpdateAutomation {
        next: NewAutomation,
        previous: Box<Automation>,
    },
    DeleteAutomation,
}

/// Where the webhook sends, and the key it sends with.
#[derive(Debug, Clone)]
pub struct WebhookTarget {
    /// The profile's Braze `/users/track`.
    pub endpoint: String,
    pub key: Secret,
}

/// Every step, in the order apply takes them: category, webhook, trigger.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    pub steps: Vec<Step>,
    /// What apply would refuse to do, and why.
    pub blockers: Vec<Message>,
    /// Facts worth knowing (no categories on the account, secrets never compared…).
    pub notes: Vec<Message>,
    /// The linter's warnings on the rule (an automation without its re-fire guard).
    pub warnings: Vec<crate::lint::Finding>,
}

impl Plan {
    /// True when apply would make no call that changes anything.
    pub fn is_noop(&self) -> bool {
        self.steps
            .iter()
            .all(|s| matches!(s.change, Change::Unchanged | Change::Absent))
    }

    pub fn blocked(&self) -> bool {
        !self.blockers.is_empty()
    }

    /// The plan as English text (logs, tests); see [`Plan::text_in`].
    pub fn text(&self) -> String {
        self.text_in(Catalogue::get(Language::English))
    }

    /// The plan as text: one headline per step, its details, and its call.
    pub fn text_in(&self, i18n: &Catalogue) -> String {
        let mut out = String::new();
        for step in &self.steps {
            let _ = writeln!(out, "{}", i18n.message(&step.headline()));
            for d in &step.details {
                let _ = writeln!(out, "    {}", i18n.message(d));
            }
            if let Some(call) = &step.call {
                for line in call.text().lines() {
                    let _ = writeln!(out, "    │ {line}");
                }
            }
        }
        for b in &self.blockers {
            let _ = writeln!(
                out,
                "{}",
                i18n.message(&msg!("setup-blocked", reason = b.clone()))
            );
        }
        for w in &self.warnings {
            let _ = writeln!(
                out,
                "{}",
                i18n.message(&msg!(
                    "setup-warning",
                    rule = w.rule.id(),
                    text = w.message.clone()
                ))
            );
            if let Some(fix) = &w.fix {
                let _ = writeln!(out, "    {}", i18n.message(fix));
            }
        }
        for n in &self.notes {
            let _ = writeln!(
                out,
                "{}",
                i18n.message(&msg!("setup-note", note = n.clone()))
            );
        }
        if self.is_noop() && !self.blocked() {
            let _ = writeln!(out, "{}", i18n.message(&msg!("setup-nothing-to-change")));
        }
        out
    }
}

/// Stand-ins for ids the run creates, shown in the plan's calls (identifiers, in no language).
pub(crate) const WEBHOOK_ID: &str = "<new_webhook_id>";
pub(crate) const CATEGORY_ID: &str = "<new_category_id>";

/// The plan to make the account match the spec.
pub fn plan(spec: &Spec, target: &WebhookTarget, observed: &Observed) -> Plan {
    let mut plan = Plan::default();
    let name = spec.name.trim();

    // Category: found by name, created, or none.
    let mut category_id: Option<String> = None;
    if let Some(wanted) = spec.category.as_deref().map(str::trim) {
        match &observed.categories {
            None => plan
                .notes
                .push(msg!("setup-no-categories", category = wanted)),
            Some(list) => match list.iter().find(|c| c.name == wanted) {
                Some(found) => {
                    category_id = Some(found.id.clone());
                    plan.steps.push(step(
                        Resource::Category,
                        wanted,
                        Change::Unchanged,
                        Some(found.id.clone()),
                        Op::None,
                    ));
                }
                None => {
                    category_id = Some(CATEGORY_ID.into());
                    let mut s = step(
                        Resource::Category,
                        wanted,
                        Change::Create,
                        None,
                        Op::CreateCategory,
                    );
                    s.call = Some(Call {
                        method: "POST",
                        path: "/api/v2/trigger_categories".into(),
                        body: Some(json!({"trigger_category": {"name": wanted}})),
                    });
                    plan.steps.push(s);
                }
            },
        }
    }

    // Webhook.
    let desired = NewWebhook::for_trigger(
        name,
        &target.endpoint,
        Some(WebhookAuth::BearerToken(target.key.clone())),
    );
    let mut webhook_id = WEBHOOK_ID.to_owned();
    match observed.webhooks.as_slice() {
        [] => {
            let mut s = step(
                Resource::Webhook,
                name,
                Change::Create,
                None,
                Op::CreateWebhook(desired.clone()),
            );
            s.call = Some(Call {
                method: "POST",
                path: "/api/v2/webhooks".into(),
                body: Some(masked(desired.to_json())),
            });
            plan.steps.push(s);
        }
        [existing] => {
            webhook_id = existing.id.clone();
            plan.steps.push(webhook_step(
                existing,
                &desired,
                spec.resend_key,
                &mut plan.blockers,
            ));
        }
        many => {
            plan.blockers
                .push(msg!("setup-many-webhooks", count = many.len(), name = name));
        }
    }
    if !spec.resend_key {
        plan.notes.push(msg!("setup-token-not-compared"));
    }

    // The other kind of rule under the name: apply must not leave both calling the webhook.
    let other = match spec.kind {
        RuleKind::Trigger if !observed.automations.is_empty() => Some(Resource::Automation),
        RuleKind::Automation { .. } if !observed.triggers.is_empty() => Some(Resource::Trigger),
        _ => None,
    };
    if let Some(other) = other {
        plan.blockers.push(msg!(
            "setup-other-kind",
            resource = other.name(),
            name = name
        ));
        return plan;
    }
    if spec.kind.is_automation() {
        automation_step(spec, name, &webhook_id, observed, &mut plan);
        return plan;
    }

    // Trigger.
    let conditions = spec.conditions();
    let next = |position: Option<i64>, category: Option<String>| NewTrigger {
        title: name.to_owned(),
        description: Some(format!(
            "Sends the Braze event \"{}\" (set up by zenbraze)",
            spec.event.name.trim()
        )),
        active: true,
        position,
        category_id: category,
        conditions: conditions.clone(),
        actions: spec.actions(&webhook_id),
    };
    match observed.triggers.as_slice() {
        [] => {
            let t = next(None, category_id.clone());
            let mut s = step(
                Resource::Trigger,
                name,
                Change::Create,
                None,
                Op::CreateTrigger(t.clone()),
            );
            s.details = conditions_messages(&conditions)
                .into_iter()
                .map(|c| msg!("setup-when", condition = c))
                .collect();
            s.call = Some(Call {
                method: "POST",
                path: "/api/v2/triggers.json".into(),
                body: Some(json!({ "trigger": t })),
            });
            plan.steps.push(s);
        }
        [existing] => {
            // Without a chosen category the trigger stays where the admin put it.
            let category = category_id.clone().or(existing.category_id.clone());
            let t = next(existing.position, category);
            let details = trigger_differences(existing, &t, spec.category.is_some());
            let id = existing.id.to_string();
            let call = Call {
                method: "PUT",
                path: format!("/api/v2/triggers/{id}.json"),
                body: Some(json!({ "trigger": t })),
            };
            let op = Op::UpdateTrigger {
                next: t,
                previous: Box::new(existing.clone()),
            };
            plan.steps.push(kept_or_updated(
                Resource::Trigger,
                name,
                id,
                details,
                op,
                call,
            ));
        }
        many => plan
            .blockers
            .push(msg!("setup-many-triggers", count = many.len(), name = name)),
    }
    plan
}

/// The automation's step: created, unchanged, or updated with the full set.
fn automation_step(
    spec: &Spec,
    name: &str,
    webhook_id: &str,
    observed: &Observed,
    plan: &mut Plan,
) {
    let conditions = spec.conditions();
    plan.warnings = crate::lint::automation_guard(&conditions, &spec.actions(webhook_id));
    let next = |position: Option<i64>| NewAutomation {
        title: name.to_owned(),
        active: true,
        position,
        conditions: conditions.clone(),
        actions: spec.actions(webhook_id),
    };
    match observed.automations.as_slice() {
        [] => {
            let a = next(None);
            let mut s = step(
                Resource::Automation,
                name,
                Change::Create,
                None,
                Op::CreateAutomation(a.clone()),
            );
            s.details = conditions_messages(&conditions)
                .into_iter()
                .map(|c| msg!("setup-when", condition = c))
                .collect();
            s.details
                .extend(a.actions.iter().skip(1).map(action_message));
            s.call = Some(Call {
                method: "POST",
                path: "/api/v2/automations.json".into(),
                body: Some(json!({ "automation": a })),
            });
            plan.steps.push(s);
        }
        [existing] => {
            let a = next(existing.position);
            let details = rule_differences(
                (&existing.conditions, &existing.actions, existing.active),
                (&a.conditions, &a.actions),
            );
            let id = existing.id.to_string();
            let call = Call {
                method: "PUT",
                path: format!("/api/v2/automations/{id}.json"),
                body: Some(json!({ "automation": a })),
            };
            let op = Op::UpdateAutomation {
                next: a,
                previous: Box::new(existing.clone()),
            };
            plan.steps.push(kept_or_updated(
                Resource::Automation,
                name,
                id,
                details,
                op,
                call,
            ));
        }
        many => plan.blockers.push(msg!(
            "setup-many-automations",
            count = many.len(),
            name = name
        )),
    }
}

/// An action other than the webhook, in words (the re-fire guard's tag).
fn action_message(a: &Action) -> Message {
    match a.field.as_str() {
        "current_tags" => msg!("setup-action-add-tags", tags = value_text(&a.value)),
        _ => msg!(
            "setup-action-other",
            field = a.field.as_str(),
            value = value_text(&a.value)
        ),
    }
}

/// What `--remove` deletes: the trigger first (a webhook in use cannot go), then the webhook.
/// Categories stay: other triggers may share them.
pub fn removal(name: &str, observed: &Observed) -> Plan {
    let mut plan = Plan::default();
    let triggers: Vec<String> = observed.triggers.iter().map(|t| t.id.to_string()).collect();
    let automations: Vec<String> = observed
        .automations
        .iter()
        .map(|a| a.id.to_string())
        .collect();
    let webhooks: Vec<String> = observed.webhooks.iter().map(|w| w.id.clone()).collect();
    // The trigger's "absent" line stands for both rules when neither exists.
    if !triggers.is_empty() || automations.is_empty() {
        deletions(&mut plan, Resource::Trigger, name, &triggers, |id| {
            format!("/api/v2/triggers/{id}.json")
        });
    }
    if !automations.is_empty() {
        deletions(&mut plan, Resource::Automation, name, &automations, |id| {
            format!("/api/v2/automations/{id}.json")
        });
    }
    deletions(&mut plan, Resource::Webhook, name, &webhooks, |id| {
        format!("/api/v2/webhooks/{id}")
    });
    // The categories the deleted triggers were filed in stay, named, so the report says what
    // it kept as well as what it deleted.
    let mut kept: Vec<String> = Vec::new();
    for t in &observed.triggers {
        let name = t.category_id.as_ref().and_then(|id| {
            observed
                .categories
                .iter()
                .flatten()
                .find(|c| &c.id == id)
                .map(|c| c.name.clone())
        });
        if let Some(name) = name
            && !kept.contains(&name)
        {
            kept.push(name);
        }
    }
    plan.notes.push(if kept.is_empty() {
        msg!("setup-categories-kept")
    } else {
        msg!(
            "setup-categories-kept-named",
            count = kept.len(),
            names = kept.join(", ")
        )
    });
    plan
}

/// A delete step per id, or one "absent" step when there is none.
fn deletions(
    plan: &mut Plan,
    resource: Resource,
    name: &str,
    ids: &[String],
    path: impl Fn(&str) -> String,
) {
    if ids.is_empty() {
        plan.steps
            .push(step(resource, name, Change::Absent, None, Op::None));
    }
    for id in ids {
        let op = match resource {
            Resource::Trigger => Op::DeleteTrigger,
            Resource::Automation => Op::DeleteAutomation,
            _ => Op::DeleteWebhook,
        };
        let mut s = step(resource, name, Change::Delete, Some(id.clone()), op);
        s.call = Some(Call {
            method: "DELETE",
            path: path(id),
            body: None,
        });
        plan.steps.push(s);
    }
}

fn step(resource: Resource, name: &str, change: Change, id: Option<String>, op: Op) -> Step {
    Step {
        resource,
        name: name.to_owned(),
        change,
        id,
        details: Vec::new(),
        call: None,
        op,
    }
}

/// A rule that exists: unchanged when nothing differs, else updated by `op` through `call`, with
/// each difference listed.
fn kept_or_updated(
    resource: Resource,
    name: &str,
    id: String,
    details: Vec<Message>,
    op: Op,
    call: Call,
) -> Step {
    if details.is_empty() {
        return step(resource, name, Change::Unchanged, Some(id), Op::None);
    }
    let mut s = step(resource, name, Change::Update, Some(id), op);
    s.details = details;
    s.call = Some(call);
    s
}

fn masked(mut body: Json) -> Json {
    if let Some(token) = body.pointer_mut("/webhook/authentication/data/token") {
        *token = json!(MASK);
    }
    body
}

fn webhook_step(
    existing: &Webhook,
    desired: &NewWebhook,
    resend_key: bool,
    blockers: &mut Vec<Message>,
) -> Step {
    let name = &existing.name;
    if existing.subscriptions != [SUBSCRIPTION] {
        let mut s = step(
            Resource::Webhook,
            name,
            Change::Blocked,
            Some(existing.id.clone()),
            Op::None,
        );
        let reason = msg!(
            "setup-webhook-other-events",
            name = name,
            subscriptions = format!("{:?}", existing.subscriptions),
            subscription = SUBSCRIPTION
        );
        s.details.push(reason.clone());
        blockers.push(reason);
        return s;
    }
    let mut patch = serde_json::Map::new();
    let mut restore = serde_json::Map::new();
    let mut details = Vec::new();
    for (field, have, want) in [
        ("endpoint", &existing.endpoint, &desired.endpoint),
        ("http_method", &existing.http_method, &desired.http_method),
        (
            "request_format",
            &existing.request_format,
            &desired.request_format,
        ),
        ("status", &existing.status, &desired.status),
    ] {
        if have != want {
            details.push(msg!("setup-change", field = field, from = have, to = want));
            patch.insert(field.into(), json!(want));
            restore.insert(field.into(), json!(have));
        }
    }
    let auth_type = existing
        .authentication
        .as_ref()
        .and_then(|a| a.get("type"))
        .and_then(Json::as_str)
        .unwrap_or("none");
    // A new endpoint or a new kind of authentication needs the key sent again.
    if auth_type != "bearer_token" || patch.contains_key("endpoint") || resend_key {
        if auth_type != "bearer_token" {
            details.push(msg!("setup-auth-to-bearer", from = auth_type));
        } else {
            details.push(msg!("setup-auth-resent"));
        }
        patch.insert(
            "authentication".into(),
            desired.to_json()["webhook"]["authentication"].clone(),
        );
    }
    if patch.is_empty() {
        return step(
            Resource::Webhook,
            name,
            Change::Unchanged,
            Some(existing.id.clone()),
            Op::None,
        );
    }
    let patch = json!({ "webhook": patch });
    let mut s = step(
        Resource::Webhook,
        name,
        Change::Update,
        Some(existing.id.clone()),
        Op::PatchWebhook {
            patch: patch.clone(),
            restore: json!({ "webhook": restore }),
        },
    );
    s.details = details;
    s.call = Some(Call {
        method: "PATCH",
        path: format!("/api/v2/webhooks/{}", existing.id),
        body: Some(masked(patch)),
    });
    s
}

/// Each difference between the trigger as it is and as it should be, nothing silently dropped.
fn trigger_differences(
    existing: &Trigger,
    next: &NewTrigger,
    category_chosen: bool,
) -> Vec<Message> {
    let mut out = rule_differences(
        (&existing.conditions, &existing.actions, existing.active),
        (&next.conditions, &next.actions),
    );
    if category_chosen && existing.category_id != next.category_id {
        let category = |c: Option<&str>| match c {
            Some(id) => msg!("setup-category-id", id = id),
            None => msg!("setup-category-none"),
        };
        out.push(msg!(
            "setup-category-change",
            from = category(existing.category_id.as_deref()),
            to = category(next.category_id.as_deref())
        ));
    }
    out
}

/// Each difference in conditions, actions and the active flag between a rule as it is and as
/// it should be.
fn rule_differences(
    (have_conditions, have_actions, active): (&Conditions, &[Action], bool),
    (want_conditions, want_actions): (&Conditions, &[Action]),
) -> Vec<Message> {
    let mut out = Vec::new();
    let have = condition_keys(have_conditions);
    let want = condition_keys(want_conditions);
    for (key, text) in &want {
        if !have.iter().any(|(k, _)| k == key) {
            out.push(msg!("setup-condition-added", condition = text.clone()));
        }
    }
    for (key, text) in &have {
        if !want.iter().any(|(k, _)| k == key) {
            out.push(msg!("setup-condition-removed", condition = text.clone()));
        }
    }
    if have_actions.len() != want_actions.len()
        || have_actions
            .iter()
            .zip(want_actions)
            .any(|(a, b)| a.field != b.field || a.value != b.value)
    {
        let webhook = |v: &Json| v.get(0).and_then(Json::as_str).map(str::to_owned);
        let old = have_actions
            .iter()
            .find(|a| a.field == "notification_webhook");
        let new = &want_actions[0].value;
        match old {
            None => out.push(msg!("setup-action-added")),
            Some(a) if webhook(&a.value) != webhook(new) => out.push(msg!(
                "setup-action-webhook",
                to = webhook(new).unwrap_or_default(),
                from = webhook(&a.value).unwrap_or_default()
            )),
            Some(a) if a.value != *new => out.push(msg!("setup-action-body")),
            Some(_) => {}
        }
        for a in want_actions.iter().skip(1) {
            if !have_actions.contains(a) {
                out.push(msg!("setup-action-new", action = action_message(a)));
            }
        }
        let others = have_actions
            .iter()
            .filter(|a| a.field != "notification_webhook" && !want_actions.contains(a))
            .count();
        if others > 0 {
            out.push(msg!("setup-other-actions-removed", count = others));
        }
    }
    if !active {
        out.push(msg!("setup-activated"));
    }
    out
}

/// Conditions as comparable keys (`all`/`any` kept apart) with their description.
fn condition_keys(c: &Conditions) -> Vec<(String, Message)> {
    let key = |group: &str, c: &Condition| {
        let value = c.value.as_ref().map(value_text).unwrap_or_default();
        (
            format!("{group}|{}|{}|{value}", c.field, c.operator),
            describe(c, group == "any"),
        )
    };
    c.all
        .iter()
        .map(|x| key("all", x))
        .chain(c.any.iter().map(|x| key("any", x)))
        .collect()
}

fn value_text(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A condition as a row of Zendesk's trigger editor: `Ticket > Status | Changed to | Solved`,
/// with ` (meet ANY)` for the `any` group. Fields, operators and values are Zendesk's own labels;
/// ones the catalogue does not name are shown as the API spells them.
pub fn describe(c: &Condition, any: bool) -> Message {
    msg!(
        "setup-condition",
        field = msg!("setup-condition-field", field = c.field.as_str()),
        operator = msg!("setup-condition-operator", operator = c.operator.as_str()),
        value = condition_value(c),
        any = if any { "yes" } else { "no" }
    )
}

/// The value as Zendesk's editor shows it: a fixed value by its label (`solved` → Solved), a
/// typed one (tags) as it is.
fn condition_value(c: &Condition) -> Message {
    let value = c.value.as_ref().map(value_text).unwrap_or_default();
    match c.field.as_str() {
        "status" | "status_category" | "type" | "priority" | "update_type" => {
            msg!("setup-condition-value", value = value)
        }
        _ => msg!("setup-condition-text", value = value),
    }
}

/// The conditions as Zendesk's trigger editor groups them: "Meet ALL of the following
/// conditions", then "Meet ANY …", each with its rows (an empty group is left out).
pub fn condition_groups(c: &Conditions) -> Vec<(Message, Vec<Message>)> {
    let rows = |list: &[Condition]| list.iter().map(|x| describe(x, false)).collect::<Vec<_>>();
    [
        (msg!("setup-meet-all"), rows(&c.all)),
        (msg!("setup-meet-any"), rows(&c.any)),
    ]
    .into_iter()
    .filter(|(_, rows)| !rows.is_empty())
    .collect()
}

/// The conditions as sentences, for plans and the wizard.
pub fn conditions_messages(c: &Conditions) -> Vec<Message> {
    condition_keys(c).into_iter().map(|(_, t)| t).collect()
}

/// The conditions in English (logs, tests); see [`conditions_messages`].
pub fn conditions_text(c: &Conditions) -> Vec<String> {
    conditions_messages(c)
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::zendesk::Action;
    use crate::setup::Spec;

    fn target() -> WebhookTarget {
        WebhookTarget {
            endpoint: "https://rest.iad-01.braze.com/users/track".into(),
            key: Secret::new("braze-key-123"),
        }
    }

    fn webhook(id: &str, subscriptions: &[&str]) -> Webhook {
        serde_json::from_value(json!({
            "id": id, "name": "Solved", "endpoint": "https://rest.iad-01.braze.com/users/track",
            "http_method": "POST", "request_format": "json", "status": "active",
            "subscriptions": subscriptions, "authentication": {"type": "bearer_token", "add_position": "header"}
        }))
        .unwrap()
    }

    fn trigger(spec: &Spec, webhook_id: &str, conditions: Conditions) -> Trigger {
        Trigger {
            id: 77,
            title: spec.name.clone(),
            active: true,
            position: Some(3),
            description: None,
            category_id: Some("1".into()),
            conditions,
            actions: vec![spec.action(webhook_id)],
            other: Default::default(),
        }
    }

    #[test]
    fn an_empty_account_creates_both_and_masks_the_key() {
        let spec = Spec::new("Solved", "zendesk_ticket_solved");
        let p = plan(&spec, &target(), &Observed::default());
        let changes: Vec<_> = p.steps.iter().map(|s| (s.resource, s.change)).collect();
        assert_eq!(
            changes,
            vec![
                (Resource::Webhook, Change::Create),
                (Resource::Trigger, Change::Create)
            ]
        );
        let text = p.text();
        assert!(!text.contains("braze-key-123"), "{text}");
        assert!(text.contains("\"token\": \"••••\""), "{text}");
        assert!(text.contains("POST /api/v2/webhooks"), "{text}");
        assert!(
            text.contains("when Ticket > Status | Changed to | Solved"),
            "{text}"
        );
        assert!(text.contains(WEBHOOK_ID), "{text}");
        assert!(text.contains("\"subscriptions\": [\n"), "{text}");
    }

    #[test]
    fn a_matching_account_is_unchanged() {
        let spec = Spec::new("Solved", "zendesk_ticket_solved");
        let observed = Observed {
            categories: Some(vec![]),
            webhooks: vec![webhook("W1", &[SUBSCRIPTION])],
            triggers: vec![trigger(&spec, "W1", spec.rules.conditions())],
            automations: vec![],
        };
        let p = plan(&spec, &target(), &observed);
        assert!(p.is_noop(), "{}", p.text());
        assert!(p.text().contains("nothing to change"));
    }

    #[test]
    fn other_conditions_are_replaced_by_the_full_set_and_listed() {
        let mut spec = Spec::new("Solved", "zendesk_ticket_solved");
        spec.rules.tags_exclude = vec!["braze".into()];
        let mut old = trigger(
            &spec,
            "W1",
            Conditions {
                all: vec![Condition::new("priority", "is", "urgent")],
                any: vec![],
            },
        );
        old.actions.push(Action {
            field: "set_tags".into(),
            value: json!("x"),
        });
        let observed = Observed {
            categories: Some(vec![]),
            webhooks: vec![webhook("W1", &[SUBSCRIPTION])],
            triggers: vec![old],
            automations: vec![],
        };
        let p = plan(&spec, &target(), &observed);
        let t = &p.steps[1];
        assert_eq!(t.change, Change::Update);
        let d = t
            .details
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            d.contains("+ when Ticket > Status | Changed to | Solved"),
            "{d}"
        );
        assert!(
            d.contains("+ when Ticket > Tags | Contains none of the following | braze"),
            "{d}"
        );
        assert!(
            d.contains("- when Ticket > Priority | Is | Urgent (removed"),
            "{d}"
        );
        assert!(d.contains("- 1 other action (removed"), "{d}");
        let body = &t.call.as_ref().unwrap().body.as_ref().unwrap()["trigger"];
        assert_eq!(body["conditions"]["all"].as_array().unwrap().len(), 2);
        assert_eq!(body["position"], 3, "the position is kept");
        assert_eq!(
            body["category_id"], "1",
            "without a chosen category it stays"
        );
    }

    #[test]
    fn a_webhook_for_other_events_blocks_and_a_moved_endpoint_is_patched() {
        let spec = Spec::new("Solved", "e");
        let observed = Observed {
            webhooks: vec![webhook("W1", &["zen:event-type:user.created"])],
            ..Observed::default()
        };
        let p = plan(&spec, &target(), &observed);
        assert!(p.blocked());
        assert!(
            p.blockers[0]
                .to_string()
                .contains("cannot change a webhook's connection method")
        );

        let mut moved = webhook("W1", &[SUBSCRIPTION]);
        moved.endpoint = "https://rest.fra-01.braze.eu/users/track".into();
        let observed = Observed {
            webhooks: vec![moved],
            ..Observed::default()
        };
        let p = plan(&spec, &target(), &observed);
        let w = &p.steps[0];
        assert_eq!(w.change, Change::Update);
        let call = w.call.as_ref().unwrap().text();
        assert!(call.starts_with("PATCH /api/v2/webhooks/W1"), "{call}");
        assert!(
            call.contains("••••") && !call.contains("braze-key-123"),
            "{call}"
        );
        assert!(
            w.details[0]
                .to_string()
                .contains("endpoint: https://rest.fra-01.braze.eu/users/track →")
        );
    }

    #[test]
    fn the_key_is_sent_again_only_when_asked() {
        let mut spec = Spec::new("Solved", "e");
        let observed = Observed {
            webhooks: vec![webhook("W1", &[SUBSCRIPTION])],
            ..Observed::default()
        };
        assert_eq!(
            plan(&spec, &target(), &observed).steps[0].change,
            Change::Unchanged
        );
        spec.resend_key = true;
        let p = plan(&spec, &target(), &observed);
        let w = &p.steps[0];
        assert_eq!(w.change, Change::Update);
        assert_eq!(
            w.details[0].to_string(),
            "authentication: the profile's Braze key, sent again"
        );
        let Op::PatchWebhook { patch, .. } = &w.op else {
            panic!("{:?}", w.op)
        };
        assert_eq!(
            patch["webhook"]["authentication"]["data"]["token"],
            "braze-key-123"
        );
        let shown = w.call.as_ref().unwrap().text();
        assert!(
            shown.contains("••••") && !shown.contains("braze-key-123"),
            "{shown}"
        );
    }

    #[test]
    fn categories_are_found_created_or_noted_missing() {
        let mut spec = Spec::new("Solved", "e");
        spec.category = Some("Braze".into());
        let existing: TriggerCategory =
            serde_json::from_value(json!({"id": "5", "name": "Braze"})).unwrap();
        let p = plan(
            &spec,
            &target(),
            &Observed {
                categories: Some(vec![existing]),
                ..Observed::default()
            },
        );
        assert_eq!(
            (p.steps[0].change, p.steps[0].id.as_deref()),
            (Change::Unchanged, Some("5"))
        );
        assert_eq!(
            p.steps[2].call.as_ref().unwrap().body.as_ref().unwrap()["trigger"]["category_id"],
            "5"
        );
        let p = plan(
            &spec,
            &target(),
            &Observed {
                categories: Some(vec![]),
                ..Observed::default()
            },
        );
        assert_eq!(p.steps[0].change, Change::Create);
        let p = plan(&spec, &target(), &Observed::default());
        assert_eq!(p.steps[0].resource, Resource::Webhook);
        assert!(p.notes[0].to_string().contains("no trigger categories"));
    }

    #[test]
    fn removal_deletes_the_trigger_before_the_webhook() {
        let spec = Spec::new("Solved", "e");
        let observed = Observed {
            categories: None,
            webhooks: vec![webhook("W1", &[SUBSCRIPTION])],
            triggers: vec![trigger(&spec, "W1", spec.rules.conditions())],
            automations: vec![],
        };
        let p = removal("Solved", &observed);
        let calls: Vec<_> = p
            .steps
            .iter()
            .map(|s| s.call.as_ref().unwrap().text())
            .collect();
        assert_eq!(
            calls,
            vec![
                "DELETE /api/v2/triggers/77.json",
                "DELETE /api/v2/webhooks/W1"
            ]
        );
        let p = removal("Solved", &Observed::default());
        assert!(p.is_noop());
    }

    #[test]
    fn conditions_read_as_zendesks_trigger_editor_in_both_languages() {
        use crate::i18n::{Catalogue, Language};
        let conditions = Conditions {
            all: vec![
                Condition::new("current_tags", "not_includes", "braze solved"),
                Condition::new("update_type", "is", "Change"),
            ],
            any: vec![
                Condition::new("status", "value", "solved"),
                Condition::new("status", "value", "closed"),
            ],
        };
        let say = |language, groups: Vec<(Message, Vec<Message>)>| {
            let c = Catalogue::get(language);
            groups
                .into_iter()
                .map(|(h, rows)| {
                    let rows: Vec<String> = rows.iter().map(|r| c.message(r)).collect();
                    (c.message(&h), rows)
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            say(Language::English, condition_groups(&conditions)),
            vec![
                (
                    "Meet ALL of the following conditions".to_owned(),
                    vec![
                        "Ticket > Tags | Contains none of the following | braze solved".to_owned(),
                        "Ticket > Ticket | Is | Updated".to_owned(),
                    ]
                ),
                (
                    "Meet ANY of the following conditions".to_owned(),
                    vec![
                        "Ticket > Status | Changed to | Solved".to_owned(),
                        "Ticket > Status | Changed to | Closed".to_owned(),
                    ]
                ),
            ]
        );
        let spanish = say(Language::Spanish, condition_groups(&conditions));
        assert_eq!(spanish[0].0, "Cumplir TODAS las condiciones siguientes");
        assert_eq!(
            spanish[1].0,
            "Cumplir CUALQUIERA de las condiciones siguientes"
        );
        assert_eq!(spanish[1].1[0], "Ticket > Estado | Cambiado a | Resuelto");
        assert_eq!(
            spanish[0].1[0],
            "Ticket > Etiquetas | No contiene ninguna de las siguientes | braze solved",
            "a tag is never translated"
        );
        // A field or operator the catalogue does not name is shown as the API spells it.
        let odd = describe(&Condition::new("custom_status_id", "is_not", "123"), true);
        assert_eq!(
            Catalogue::get(Language::English).message(&odd),
            "Ticket > custom_status_id | Is not | 123 (meet ANY)"
        );
    }
}
