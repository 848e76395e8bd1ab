//! Proving the setup works: Zendesk's `/webhooks/test` sends the body rendered for a sample
//! ticket through the stored webhook and shows Braze's answer; on the sandbox, a test ticket is
//! solved and the event is watched arriving on the Braze profile.

use std::time::{Duration, Instant};

use serde_json::{Value as Json, json};

use super::Spec;
use crate::api::Exchange;
use crate::api::braze::{BrazeClient, ExportRequest};
use crate::api::zendesk::{WebhookTestResponse, ZendeskClient};
use crate::i18n::{Catalogue, Language, Localize, Message};
use crate::lint::Severity;
use crate::msg;
use crate::send::{self, Prepared};
use crate::target::Target;
use crate::template::{self, Dialect, Environment};

/// How long the sandbox loop waits for the event.
const EVENT_WAIT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, Default)]
pub struct Verification {
    /// The body as Zendesk would render it for the sample ticket.
    pub body: String,
    /// What Braze answered to `/webhooks/test`.
    pub test: Option<WebhookTestResponse>,
    /// The sandbox loop, step by step.
    pub lines: Vec<Message>,
    /// True when the event reached the profile (sandbox only).
    pub arrived: bool,
    pub failure: Option<Message>,
    pub exchanges: Vec<Exchange>,
}

impl Verification {
    pub fn ok(&self) -> bool {
        self.failure.is_none()
    }

    /// The verification in English (logs, tests); see [`Verification::text_in`].
    pub fn text(&self) -> String {
        self.text_in(Catalogue::get(Language::English))
    }

    pub fn text_in(&self, i18n: &Catalogue) -> String {
        let mut out = String::new();
        if let Some(t) = &self.test {
            out += &i18n.message(&msg!("setup-verify-test", status = t.status_code));
            out += &format!("\n{}\n", t.payload);
        }
        for l in &self.lines {
            out += &format!("{}\n", i18n.message(l));
        }
        if let Some(f) = &self.failure {
            out += &format!(
                "{}\n",
                i18n.message(&msg!("setup-failed", reason = f.clone()))
            );
        }
        out
    }
}

/// The spec's body parsed with the zendesk dialect, linted as a webhook body and rendered for a
/// sample ticket (`{"ticket": {...}, "users": [...]}`).
fn prepared(spec: &Spec, ticket: &Json) -> Result<Prepared, Message> {
    let compiled = template::parse(&spec.event.body(), Dialect::Zendesk).map_err(|e| {
        msg!(
            "setup-body-at",
            line = e.line,
            column = e.col,
            problem = e.kind.message()
        )
    })?;
    send::prepare(
        &compiled,
        &Environment::default(),
        ticket,
        Target::ZendeskWebhookBody,
    )
    .map_err(|stop| stop.message())
}

/// The body as the wizard previews it: pretty-printed (or why there is none), and every finding
/// of the `zendesk-webhook-body` linter, `error 3:5: message`.
/// The body for `ticket`, and each lint finding with its severity (the UI colours by it).
pub fn preview(spec: &Spec, ticket: &Json) -> (Result<String, Message>, Vec<(Severity, Message)>) {
    match prepared(spec, ticket) {
        Ok(p) => {
            let findings = p
                .findings
                .iter()
                .map(|f| {
                    let text = msg!(
                        "setup-finding",
                        severity = f.severity.message(),
                        line = f.line,
                        column = f.col,
                        message = f.message.clone()
                    );
                    (f.severity, text)
                })
                .collect();
            (Ok(crate::api::pretty_body(&p.body)), findings)
        }
        Err(e) => (Err(e), Vec::new()),
    }
}

/// The body to send. Lint errors fail the verification: Braze would refuse the same body.
pub fn render(spec: &Spec, ticket: &Json) -> Result<String, Message> {
    let p = prepared(spec, ticket)?;
    if p.errors() == 0 {
        return Ok(p.body);
    }
    Err(super::apply::joined(
        p.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| {
                msg!(
                    "setup-body-at",
                    line = f.line,
                    column = f.col,
                    problem = f.message.clone()
                )
            })
            .collect(),
    ))
}

/// Tests the webhook named like the spec with the rendered body; on the sandbox also runs the
/// whole loop with a test ticket.
pub async fn verify(
    zendesk: &ZendeskClient,
    braze: Option<&BrazeClient>,
    spec: &Spec,
    ticket: &Json,
) -> Verification {
    let mut v = Verification::default();
    let body = match render(spec, ticket) {
        Ok(b) => b,
        Err(e) => {
            v.failure = Some(e);
            return v;
        }
    };
    v.body = body.clone();
    let name = spec.name.trim();
    let found = zendesk.list_webhooks(Some(name)).await;
    v.exchanges.push(found.exchange);
    let webhook = match found.result {
        Ok(list) => list.into_iter().find(|w| w.name == name),
        Err(e) => {
            v.failure = Some(msg!("setup-verify-cannot-list", reason = e.message()));
            return v;
        }
    };
    let Some(webhook) = webhook else {
        v.failure = Some(msg!("setup-verify-no-webhook", name = name));
        return v;
    };
    let request = json!({
        "endpoint": webhook.endpoint, "http_method": "POST", "request_format": "json", "payload": body,
    });
    let tested = zendesk.test_webhook(Some(&webhook.id), &request).await;
    v.exchanges.push(tested.exchange);
    match tested.result {
        Ok(t) => {
            if !(200..300).contains(&t.status_code) {
                v.failure = Some(msg!(
                    "setup-verify-test-status",
                    status = t.status_code,
                    payload = &t.payload
                ));
            } else if let Some(errors) = serde_json::from_str::<Json>(&t.payload)
                .ok()
                .and_then(|p| p.get("errors").cloned())
                .filter(|e| e.as_array().is_some_and(|a| !a.is_empty()))
            {
                v.failure = Some(msg!(
                    "setup-verify-refused-objects",
                    errors = errors.to_string()
                ));
            }
            v.test = Some(t);
        }
        Err(e) => {
            v.failure = Some(msg!("setup-verify-test-failed", reason = e.message()));
            return v;
        }
    }
    if let (Some(braze), None) = (braze, &v.failure) {
        sandbox_loop(zendesk, braze, spec, ticket, &mut v).await;
    }
    v
}

/// Creates a ticket for the sample requester, changes it to the trigger's status, and waits for
/// the event on the Braze profile. Only for the sandbox: on a real account it would open a
/// ticket someone has to answer.
async fn sandbox_loop(
    zendesk: &ZendeskClient,
    braze: &BrazeClient,
    spec: &Spec,
    ticket: &Json,
    v: &mut Verification,
) {
    let requester = requester(ticket);
    let external_id = requester
        .and_then(|r| r.get("external_id"))
        .and_then(Json::as_str)
        .unwrap_or("zenbraze-verify")
        .to_owned();
    let event = spec.event.name.trim().to_owned();
    let count = async |v: &mut Verification| -> Result<u64, Message> {
        let o = braze
            .export_ids(&ExportRequest {
                external_ids: vec![external_id.clone()],
                fields_to_export: vec!["custom_events".into()],
                ..ExportRequest::default()
            })
            .await;
        v.exchanges.push(o.exchange);
        let users = o.result.map_err(|e| e.message())?.users;
        Ok(users
            .first()
            .and_then(|u| u.get("custom_events"))
            .and_then(Json::as_array)
            .and_then(|events| events.iter().find(|e| e["name"] == event.as_str()))
            .and_then(|e| e["count"].as_u64())
            .unwrap_or(0))
    };
    let result: Result<(), Message> = async {
        let me = zendesk.me().await;
        v.exchanges.push(me.exchange);
        let agent = me.result.map_err(|e| e.message())?.id;
        let user = json!({
            "name": requester.and_then(|r| r.get("name")).and_then(Json::as_str).unwrap_or("zenbraze verify"),
            "email": requester.and_then(|r| r.get("email")).and_then(Json::as_str).unwrap_or("verify@zenbraze.test"),
            "external_id": external_id,
        });
        let upserted = zendesk.create_or_update_user(&user).await;
        v.exchanges.push(upserted.exchange);
        let requester_id = upserted.result.map_err(|e| e.message())?.user.id;
        let before = count(v).await?;
        let rules = &spec.rules;
        let mut fields = json!({
            "subject": format!("zenbraze verify: {}", spec.name.trim()),
            "comment": {"body": "A test ticket from the zenbraze setup wizard."},
            "requester_id": requester_id,
            "assignee_id": agent,
            "tags": rules.tags_include.iter().take(1).collect::<Vec<_>>(),
        });
        if let Some(t) = &rules.ticket_type {
            fields["type"] = json!(t);
        }
        if let Some(p) = &rules.priority {
            fields["priority"] = json!(p);
        }
        let created = zendesk.create_ticket(&json!({ "ticket": fields })).await;
        v.exchanges.push(created.exchange);
        let id = created.result.map_err(|e| e.message())?.ticket.id;
        v.lines.push(msg!(
            "setup-verify-ticket-created",
            id = id.to_string(),
            user = &external_id
        ));
        let status = rules.on.first().cloned().unwrap_or_else(|| "solved".into());
        let updated = zendesk
            .update_ticket(id, &json!({"ticket": {"status": status}}))
            .await;
        v.exchanges.push(updated.exchange);
        updated.result.map_err(|e| e.message())?;
        v.lines.push(msg!(
            "setup-verify-ticket-changed",
            id = id.to_string(),
            status = &status
        ));
        if let crate::setup::RuleKind::Automation { after_hours, .. } = spec.kind {
            // The sandbox's clock runs the automations at each hour it moves on.
            let r = reqwest::Client::new()
                .post(format!("{}/__sandbox/clock", zendesk.root()))
                .header("Content-Type", "application/json")
                .body(json!({ "advance_hours": after_hours }).to_string())
                .send()
                .await
                .map_err(|e| msg!("setup-verify-clock-failed", reason = e.to_string()))?;
            if !r.status().is_success() {
                let reason = r.text().await.unwrap_or_default();
                return Err(msg!("setup-verify-clock-failed", reason = reason));
            }
            v.lines
                .push(msg!("setup-verify-clock", hours = after_hours));
        }
        let started = Instant::now();
        loop {
            let now = count(v).await?;
            if now > before {
                v.lines.push(msg!(
                    "setup-verify-arrived",
                    event = &event,
                    user = &external_id,
                    ms = started.elapsed().as_millis() as u64,
                    before = before,
                    now = now
                ));
                v.arrived = true;
                return Ok(());
            }
            if started.elapsed() > EVENT_WAIT {
                return Err(msg!(
                    "setup-verify-not-arrived",
                    event = &event,
                    user = &external_id,
                    seconds = EVENT_WAIT.as_secs()
                ));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    .await;
    if let Err(e) = result {
        v.failure = Some(e);
    }
}

/// The sample ticket's requester among its users.
fn requester(ticket: &Json) -> Option<&Json> {
    let id = ticket.pointer("/ticket/requester_id")?;
    ticket
        .get("users")?
        .as_array()?
        .iter()
        .find(|u| u.get("id") == Some(id))
}
