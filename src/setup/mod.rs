//! Setting up the Zendesk → Braze direction: a webhook to Braze `/users/track` and a trigger that
//! calls it. One engine for the wizard and `zenbraze setup`: a [`Spec`] says what the admin wants,
//! [`plan`] compares it with what the account holds, [`apply`] makes it so (idempotent, rolled
//! back on failure), [`verify`] proves it, and [`composer`] produces the other direction's Braze
//! webhook settings.

pub mod apply;
pub mod composer;
pub mod plan;
pub mod verify;

use serde_json::json;

use crate::api::ClientOptions;
use crate::api::braze::BrazeClient;
use crate::api::zendesk::{Action, Condition, Conditions, ZendeskClient};
use crate::connect::{self, ConnectError};
use crate::i18n::Message;
use crate::msg;
use crate::profiles::Profile;
use crate::secrets::{SecretStore, Service};

pub use apply::{Report, apply, remove};
pub use plan::{Change, Observed, Plan, Resource, Step, WebhookTarget, observe};
pub use verify::{Verification, verify};

/// A profile's two clients and where its webhook must point.
#[derive(Debug, Clone)]
pub struct Connection {
    pub zendesk: ZendeskClient,
    pub braze: BrazeClient,
    pub target: WebhookTarget,
    pub sandbox: bool,
}

impl Connection {
    /// Both services are required: the trigger lives in Zendesk, the webhook calls Braze.
    pub fn open(
        profile: &Profile,
        store: &dyn SecretStore,
        options: ClientOptions,
    ) -> Result<Self, ConnectError> {
        let zendesk = connect::zendesk_client(profile, store, options)?;
        let braze = connect::braze_client(profile, store, options)?;
        let key = connect::secret(profile, Service::Braze, store)?;
        let target = WebhookTarget {
            endpoint: format!("{}/users/track", braze.base().trim_end_matches('/')),
            key,
        };
        Ok(Self {
            zendesk,
            braze,
            target,
            sandbox: profile.is_sandbox(),
        })
    }

    pub async fn apply(&self, spec: &Spec) -> Report {
        apply(&self.zendesk, spec, &self.target).await
    }

    pub async fn remove(&self, name: &str) -> Report {
        remove(&self.zendesk, name).await
    }

    /// What apply would do, without changing anything.
    pub async fn plan(&self, spec: &Spec) -> Report {
        apply::plan_only(&self.zendesk, spec, &self.target).await
    }

    pub async fn removal_plan(&self, name: &str) -> Report {
        apply::removal_only(&self.zendesk, name).await
    }

    /// The webhook test, and on the sandbox the whole loop.
    pub async fn verify(&self, spec: &Spec, ticket: &serde_json::Value) -> Verification {
        let braze = self.sandbox.then_some(&self.braze);
        verify(&self.zendesk, braze, spec, ticket).await
    }
}

/// Statuses a trigger can fire on ("changed to").
pub const STATUSES: [&str; 2] = ["solved", "closed"];
pub const TICKET_TYPES: [&str; 4] = ["question", "incident", "problem", "task"];
pub const PRIORITIES: [&str; 4] = ["low", "normal", "high", "urgent"];

/// Placeholders the event form offers: (suggested key, placeholder). Numbers go in raw; text is
/// quoted and escaped, because Zendesk renders placeholders as plain text.
pub const PLACEHOLDERS: &[(&str, &str)] = &[
    ("ticket_id", "ticket.id"),
    ("subject", "ticket.title"),
    ("status", "ticket.status"),
    ("priority", "ticket.priority"),
    ("ticket_type", "ticket.ticket_type"),
    ("link", "ticket.link"),
    ("tags", "ticket.tags"),
    ("via", "ticket.via"),
    ("created_at", "ticket.created_at_with_timestamp"),
    ("updated_at", "ticket.updated_at_with_timestamp"),
    ("requester_email", "ticket.requester.email"),
    ("requester_name", "ticket.requester.name"),
    ("assignee_name", "ticket.assignee.name"),
    ("assignee_email", "ticket.assignee.email"),
    ("latest_comment", "ticket.latest_comment"),
    ("agent_name", "current_user.name"),
];

const NUMERIC: &[&str] = &["ticket.id", "ticket.requester.id", "ticket.assignee.id"];

/// One property or attribute of the event: its key in Braze and the Zendesk placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub key: String,
    pub placeholder: String,
}

impl Field {
    pub fn new(key: &str, placeholder: &str) -> Self {
        Self {
            key: key.to_owned(),
            placeholder: placeholder.to_owned(),
        }
    }

    /// The JSON value: a number raw, text quoted and escaped the way Zendesk's Liquid can.
    fn value(&self) -> String {
        let p = self.placeholder.trim();
        if NUMERIC.contains(&p) {
            format!("{{{{{p}}}}}")
        } else {
            format!("\"{{{{{p} | strip_newlines | replace: '\"', '\\\"'}}}}\"")
        }
    }
}

/// What reaches Braze.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventSpec {
    /// The custom event's name, e.g. `zendesk_ticket_solved`.
    pub name: String,
    pub properties: Vec<Field>,
    /// Attribute updates on the same user, e.g. `zendesk_last_status` ← `ticket.status`.
    pub attributes: Vec<Field>,
    /// A body written by hand replaces the form.
    pub custom_body: Option<String>,
}

impl EventSpec {
    /// The usual event: id, subject, status and link of the ticket.
    pub fn standard(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            properties: vec![
                Field::new("ticket_id", "ticket.id"),
                Field::new("subject", "ticket.title"),
                Field::new("status", "ticket.status"),
                Field::new("link", "ticket.link"),
            ],
            attributes: Vec::new(),
            custom_body: None,
        }
    }

    /// The webhook body, as a Zendesk-Liquid template.
    pub fn body(&self) -> String {
        if let Some(custom) = &self.custom_body {
            return custom.clone();
        }
        let who = "\"external_id\": \"{{ticket.requester.external_id}}\"";
        let object = |fields: &[Field], indent: &str| {
            fields
                .iter()
                .map(|f| format!("{indent}{}: {}", json!(f.key.trim()), f.value()))
                .collect::<Vec<_>>()
                .join(",\n")
        };
        let mut out = String::from("{\n  \"events\": [\n    {\n");
        out += &format!("      {who},\n");
        out += &format!("      \"name\": {},\n", json!(self.name.trim()));
        out += "      \"time\": \"{{ticket.updated_at_with_timestamp}}\"";
        if !self.properties.is_empty() {
            out += ",\n      \"properties\": {\n";
            out += &object(&self.properties, "        ");
            out += "\n      }";
        }
        out += "\n    }\n  ]";
        if !self.attributes.is_empty() {
            out += ",\n  \"attributes\": [\n    {\n";
            out += &format!("      {who},\n");
            out += &object(&self.attributes, "      ");
            out += "\n    }\n  ]";
        }
        out += "\n}\n";
        out
    }
}

/// `update_type`: the trigger fires on ticket creation or on later updates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateType {
    Create,
    Change,
}

/// The trigger's conditions, as the wizard builds them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rules {
    /// "Status changed to" each of these (any of them).
    pub on: Vec<String>,
    pub ticket_type: Option<String>,
    pub priority: Option<String>,
    /// The ticket has at least one of these tags.
    pub tags_include: Vec<String>,
    /// The ticket has none of these tags: the loop guard goes here.
    pub tags_exclude: Vec<String>,
    pub update_type: Option<UpdateType>,
    /// Test the status category (`status_category`) instead of the status: an account with
    /// custom statuses, where "solved" is a category that holds several statuses.
    pub status_category: bool,
}

impl Rules {
    pub fn on_solved() -> Self {
        Self {
            on: vec!["solved".into()],
            ..Self::default()
        }
    }

    /// Zendesk's conditions. "Changed to" (`value`), never "is": `is solved` fires again on every
    /// later update of a solved ticket.
    pub fn conditions(&self) -> Conditions {
        let mut all = Vec::new();
        let field = self.status_field();
        let statuses: Vec<Condition> = self
            .on
            .iter()
            .map(|s| Condition::new(field, "value", s.as_str()))
            .collect();
        let any = if statuses.len() == 1 {
            all.extend(statuses);
            Vec::new()
        } else {
            statuses
        };
        self.filters(&mut all);
        if let Some(u) = self.update_type {
            let value = match u {
                UpdateType::Create => "Create",
                UpdateType::Change => "Change",
            };
            all.push(Condition::new("update_type", "is", value));
        }
        Conditions { all, any }
    }

    fn status_field(&self) -> &'static str {
        if self.status_category {
            "status_category"
        } else {
            "status"
        }
    }

    /// Type, priority and tags: the conditions a trigger and an automation share.
    fn filters(&self, all: &mut Vec<Condition>) {
        if let Some(t) = &self.ticket_type {
            all.push(Condition::new("type", "is", t.as_str()));
        }
        if let Some(p) = &self.priority {
            all.push(Condition::new("priority", "is", p.as_str()));
        }
        if !self.tags_include.is_empty() {
            all.push(Condition::new(
                "current_tags",
                "includes",
                self.tags_include.join(" "),
            ));
        }
        if !self.tags_exclude.is_empty() {
            all.push(Condition::new(
                "current_tags",
                "not_includes",
                self.tags_exclude.join(" "),
            ));
        }
    }

    /// An automation's conditions: the ticket is (still) in the status, and has been for
    /// `hours` — Zendesk's time-based condition, the status in capitals (`SOLVED`), with `is`:
    /// true in one hourly run only. Source: docs/zendesk-api.md#automations. With the re-fire
    /// guard, the ticket also lacks [`REFIRE_TAG`], which the automation adds.
    pub fn automation_conditions(&self, hours: u32, guard: bool) -> Conditions {
        let status = self.on.first().map_or("solved", String::as_str);
        let mut all = vec![
            Condition::new(self.status_field(), "is", status),
            Condition::new(&status.to_uppercase(), "is", hours.to_string()),
        ];
        self.filters(&mut all);
        if guard {
            all.push(Condition::new("current_tags", "not_includes", REFIRE_TAG));
        }
        Conditions {
            all,
            any: Vec::new(),
        }
    }
}

/// The tag an automation adds when it notifies Braze and whose absence it requires: "To
/// ensure the actions are performed only once, include an action in the automation that
/// cancels one of the conditions" (docs/zendesk-api.md#automations).
pub const REFIRE_TAG: &str = "braze_notified";
/// "N hours after solved" by default.
pub const DEFAULT_AFTER_HOURS: u32 = 24;
/// A year of hours: far beyond any follow-up, and what the sandbox's clock can reach.
pub const MAX_AFTER_HOURS: u32 = 8784;

/// The business rule that calls the webhook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleKind {
    /// On a ticket update, "status changed to".
    Trigger,
    /// Checked every hour: `after_hours` hours after the ticket entered the status.
    Automation {
        after_hours: u32,
        /// Adds [`REFIRE_TAG`] and excludes it, so the automation notifies once per ticket.
        guard: bool,
    },
}

impl RuleKind {
    pub fn automation(after_hours: u32) -> Self {
        RuleKind::Automation {
            after_hours,
            guard: true,
        }
    }

    pub fn is_automation(self) -> bool {
        matches!(self, RuleKind::Automation { .. })
    }
}

/// Everything the admin chose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    /// The webhook's name and the trigger's title: how a later run finds them again.
    pub name: String,
    pub event: EventSpec,
    pub rules: Rules,
    /// A trigger category by name (found, or created); none leaves Zendesk's default.
    pub category: Option<String>,
    /// Send the profile's Braze key to the webhook again (after rotating it): Zendesk never
    /// shows the stored one, so a plan cannot tell it changed.
    pub resend_key: bool,
    /// A trigger (the default) or an automation.
    pub kind: RuleKind,
}

impl Spec {
    /// The standard setup: the event on "status changed to solved".
    pub fn new(name: &str, event: &str) -> Self {
        Self {
            name: name.to_owned(),
            event: EventSpec::standard(event),
            rules: Rules::on_solved(),
            category: None,
            resend_key: false,
            kind: RuleKind::Trigger,
        }
    }

    /// Everything wrong with the inputs, each naming the field.
    pub fn problems(&self) -> Vec<Message> {
        let mut out = Vec::new();
        if self.name.trim().is_empty() {
            out.push(msg!("setup-problem-name-empty"));
        }
        if self.event.custom_body.is_none() {
            let n = self.event.name.trim();
            if n.is_empty() {
                out.push(msg!("setup-problem-event-empty"));
            } else if n.contains(['"', '{', '}', '\\']) || n.chars().any(char::is_control) {
                out.push(msg!("setup-problem-event-characters", event = n));
            }
            for (what, fields) in [
                ("property", &self.event.properties),
                ("attribute", &self.event.attributes),
            ] {
                let mut seen = std::collections::BTreeSet::new();
                for (i, f) in fields.iter().enumerate() {
                    let key = f.key.trim();
                    if key.is_empty() {
                        out.push(msg!("setup-problem-key-empty", what = what, number = i + 1));
                    } else if !seen.insert(key) {
                        out.push(msg!("setup-problem-key-twice", what = what, key = key));
                    }
                    if f.placeholder.trim().is_empty() || f.placeholder.contains(['{', '}']) {
                        out.push(msg!("setup-problem-placeholder", what = what, key = key));
                    }
                }
            }
        } else if self
            .event
            .custom_body
            .as_deref()
            .is_some_and(|b| b.trim().is_empty())
        {
            out.push(msg!("setup-problem-body-empty"));
        }
        if self.rules.on.is_empty() {
            out.push(msg!("setup-problem-on-empty"));
        }
        if let RuleKind::Automation { after_hours, .. } = self.kind {
            if self.rules.on.iter().any(|s| s != "solved") {
                out.push(msg!("setup-problem-automation-on"));
            }
            if !(1..=MAX_AFTER_HOURS).contains(&after_hours) {
                out.push(msg!(
                    "setup-problem-after-hours",
                    hours = after_hours,
                    max = MAX_AFTER_HOURS
                ));
            }
            if self.rules.update_type.is_some() {
                out.push(msg!("setup-problem-automation-update"));
            }
            if self.category.is_some() {
                out.push(msg!("setup-problem-automation-category"));
            }
        } else if self.rules.status_category && self.rules.on.iter().any(|s| s != "solved") {
            out.push(msg!("setup-problem-category-on"));
        }
        for s in &self.rules.on {
            if !STATUSES.contains(&s.as_str()) {
                out.push(msg!("setup-problem-on", status = s));
            }
        }
        if let Some(t) = self.rules.ticket_type.as_deref()
            && !TICKET_TYPES.contains(&t)
        {
            out.push(msg!(
                "setup-problem-choice",
                field = "type",
                value = t,
                choices = TICKET_TYPES.join(", ")
            ));
        }
        if let Some(p) = self.rules.priority.as_deref()
            && !PRIORITIES.contains(&p)
        {
            out.push(msg!(
                "setup-problem-choice",
                field = "priority",
                value = p,
                choices = PRIORITIES.join(", ")
            ));
        }
        for tag in self
            .rules
            .tags_include
            .iter()
            .chain(&self.rules.tags_exclude)
        {
            if tag.is_empty() || tag.chars().any(|c| c.is_whitespace() || c == ',') {
                out.push(msg!("setup-problem-tag-word", tag = tag));
            }
        }
        if let Some(both) = self
            .rules
            .tags_include
            .iter()
            .find(|t| self.rules.tags_exclude.contains(t))
        {
            out.push(msg!("setup-problem-tag-both", tag = both));
        }
        if self
            .category
            .as_deref()
            .is_some_and(|c| c.trim().is_empty())
        {
            out.push(msg!("setup-problem-category-empty"));
        }
        out
    }

    /// The trigger's one action: call the webhook with the body.
    pub fn action(&self, webhook_id: &str) -> Action {
        Action::notify_webhook(webhook_id, &self.event.body())
    }

    /// The rule's conditions, trigger or automation.
    pub fn conditions(&self) -> Conditions {
        match self.kind {
            RuleKind::Trigger => self.rules.conditions(),
            RuleKind::Automation { after_hours, guard } => {
                self.rules.automation_conditions(after_hours, guard)
            }
        }
    }

    /// The rule's actions: the webhook, and for a guarded automation the tag it adds.
    pub fn actions(&self, webhook_id: &str) -> Vec<Action> {
        let mut out = vec![self.action(webhook_id)];
        if let RuleKind::Automation { guard: true, .. } = self.kind {
            out.push(Action {
                field: "current_tags".into(),
                value: json!(REFIRE_TAG),
            });
        }
        out
    }
}

/// Splits `a, b c` into tags.
pub fn tags(text: &str) -> Vec<String> {
    text.split([',', ' '])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The loop guard to suggest: a literal tag the Braze → Zendesk templates put on the tickets
/// they create (a trigger that excludes it never answers Braze's own tickets).
pub fn suggested_guard<'a>(ticket_templates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    for body in ticket_templates {
        let Some(start) = body.find("\"tags\"") else {
            continue;
        };
        let rest = &body[start + 6..];
        let Some(open) = rest.find('[') else { continue };
        let close = rest[open..].find(']').map_or(rest.len(), |c| open + c);
        for item in rest[open + 1..close].split(',') {
            let t = item.trim().trim_matches('"');
            if !t.is_empty() && !t.contains(['{', '}', '$', ' ', '"']) {
                return Some(t.to_owned());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::{self, Dialect, Environment, Rendered};

    fn render(body: &str, ticket: serde_json::Value) -> serde_json::Value {
        let compiled = template::parse(body, Dialect::Zendesk).unwrap();
        match compiled
            .render(&Environment::default(), Some(&ticket))
            .unwrap()
        {
            Rendered::Output(text) => serde_json::from_str(&text).unwrap(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_form_body_is_valid_json_even_for_quotes_and_newlines() {
        let mut event = EventSpec::standard("zendesk_ticket_solved");
        event
            .attributes
            .push(Field::new("zendesk_last_status", "ticket.status"));
        let ticket = json!({"ticket": {"id": 7, "subject": "Say \"hi\"\nplease", "status": "solved", "requester_id": 1},
            "users": [{"id": 1, "external_id": "user-1"}]});
        let out = render(&event.body(), ticket);
        assert_eq!(out["events"][0]["name"], "zendesk_ticket_solved");
        assert_eq!(out["events"][0]["external_id"], "user-1");
        assert_eq!(out["events"][0]["properties"]["ticket_id"], 7);
        assert_eq!(
            out["events"][0]["properties"]["subject"],
            "Say \"hi\"please"
        );
        // Zendesk renders the status as agents see it.
        assert_eq!(out["attributes"][0]["zendesk_last_status"], "Solved");
        assert_eq!(out["attributes"][0]["external_id"], "user-1");
    }

    #[test]
    fn one_status_is_required_two_are_alternatives() {
        let mut rules = Rules::on_solved();
        let c = rules.conditions();
        assert_eq!(c.all, vec![Condition::new("status", "value", "solved")]);
        assert!(c.any.is_empty());
        rules.on.push("closed".into());
        rules.tags_exclude = vec!["braze".into()];
        rules.priority = Some("high".into());
        rules.update_type = Some(UpdateType::Change);
        let c = rules.conditions();
        assert_eq!(c.any.len(), 2);
        assert_eq!(
            c.all,
            vec![
                Condition::new("priority", "is", "high"),
                Condition::new("current_tags", "not_includes", "braze"),
                Condition::new("update_type", "is", "Change"),
            ]
        );
    }

    #[test]
    fn problems_name_the_field() {
        let mut spec = Spec::new(" ", "");
        spec.rules.on = vec!["Solved".into()];
        spec.rules.tags_include = vec!["vip".into()];
        spec.rules.tags_exclude = vec!["vip".into(), "two words".into()];
        spec.event
            .properties
            .push(Field::new("subject", "ticket.id"));
        let p = spec
            .problems()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n");
        for expected in [
            "name: empty",
            "event: empty",
            "property `subject`: appears twice",
            "on: `Solved` is not solved or closed",
            "tags: `two words` must be one word",
            "`vip` is both required and excluded",
        ] {
            assert!(p.contains(expected), "{expected} missing from\n{p}");
        }
        assert!(
            Spec::new("Solved → Braze", "zendesk_ticket_solved")
                .problems()
                .is_empty()
        );
    }

    #[test]
    fn the_guard_is_the_first_literal_tag_of_a_ticket_template() {
        let preset = include_str!("../../assets/presets/ticket.liquid");
        assert_eq!(suggested_guard([preset]).as_deref(), Some("braze"));
        assert_eq!(
            suggested_guard([r#"{"tags": ["{{x}}", "from_braze"]}"#]).as_deref(),
            Some("from_braze")
        );
        assert_eq!(suggested_guard(["{}"]), None);
        assert_eq!(tags("a, b  c"), vec!["a", "b", "c"]);
    }
}
