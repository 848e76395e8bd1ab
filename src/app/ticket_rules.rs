//! Which business rules ran on a ticket, on any account: the console's ticket view reads the
//! ticket's audits (`GET /tickets/{id}/audits`, every page) off the UI thread and lists each
//! trigger or automation that changed the ticket or notified a webhook, as the events' `via`
//! names it (docs/zendesk-api.md#audits-and-comments).

use poll_promise::Promise;
use serde_json::Value as Json;

use super::ZenbrazeApp;
use super::jobs::{spawn_async, take_ready};
use crate::api::ClientOptions;
use crate::api::zendesk::{Audit, PageRequest, RuleVia};
use crate::i18n::{Localize as _, Message};
use crate::msg;

/// Pages of 100 audits read at most: far beyond a ticket's history.
const MAX_PAGES: usize = 50;

/// One rule's part in one audit: what it changed and which webhooks it notified.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleLine {
    pub rule: RuleVia,
    pub at: String,
    pub did: Vec<Message>,
}

/// The rules read for a ticket of a profile, or being read.
pub struct TicketRules {
    pub ticket: u64,
    pub profile: String,
    pub result: Option<Result<Vec<RuleLine>, Message>>,
    running: Option<Promise<Result<Vec<RuleLine>, Message>>>,
}

/// The rule events of `audits`, one line per rule per audit, oldest first.
pub fn rule_lines(audits: &[Audit]) -> Vec<RuleLine> {
    let mut out: Vec<RuleLine> = Vec::new();
    for audit in audits {
        let at = audit.created_at.clone().unwrap_or_default();
        let start = out.len();
        for (rule, event) in audit.rule_events() {
            let did = event_words(event);
            match out[start..].iter_mut().find(|l| l.rule == rule) {
                Some(line) => line.did.extend(did),
                None => out.push(RuleLine {
                    rule,
                    at: at.clone(),
                    did,
                }),
            }
        }
    }
    out
}

/// What one event did, in words.
fn event_words(event: &Json) -> Vec<Message> {
    let text = |v: &Json| match v {
        Json::String(s) => s.clone(),
        Json::Array(items) => items
            .iter()
            .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned))
            .collect::<Vec<_>>()
            .join(" "),
        Json::Null => String::new(),
        other => other.to_string(),
    };
    match event["type"].as_str().unwrap_or_default() {
        "Change" | "Create" => vec![msg!(
            "console-rule-set",
            field = event["field_name"].as_str().unwrap_or_default(),
            value = text(&event["value"])
        )],
        "External" => vec![msg!(
            "console-rule-webhook",
            webhook = text(&event["resource"])
        )],
        other => vec![msg!("console-rule-event", kind = other)],
    }
}

/// One line for people: "trigger “Notify Braze” (id 7) at …: notified webhook 01H…".
pub fn line_message(line: &RuleLine) -> Message {
    let did = line
        .did
        .iter()
        .cloned()
        .reduce(|a, b| msg!("setup-list-comma", first = a, rest = b))
        .unwrap_or_else(|| msg!("setup-no-changes"));
    msg!(
        "console-rule-line",
        kind = line.rule.rel.as_str(),
        title = line.rule.title.as_str(),
        id = line.rule.id.to_string(),
        at = line.at.as_str(),
        did = did
    )
}

impl ZenbrazeApp {
    /// Reads ticket `ticket`'s audits with the profile `profile` off the UI thread.
    pub(crate) fn read_ticket_rules(&mut self, ctx: &egui::Context, ticket: u64, profile: String) {
        let Some(p) = self.profile_named(&profile) else {
            return;
        };
        let store = std::sync::Arc::clone(&self.config.store);
        let running = spawn_async(ctx, async move {
            let client =
                crate::connect::zendesk_client(&p, store.as_ref(), ClientOptions::default())
                    .map_err(|e| crate::i18n::Localize::message(&e))?;
            let mut audits = Vec::new();
            let mut page = PageRequest::first(100);
            for _ in 0..MAX_PAGES {
                let o = client.ticket_audits(ticket, &page).await;
                let p = o
                    .result
                    .map_err(|e| msg!("console-rules-failed", reason = e.message()))?;
                audits.extend(p.items);
                match p.after_cursor.filter(|_| p.has_more) {
                    Some(after) => page.after = Some(after),
                    None => break,
                }
            }
            Ok(rule_lines(&audits))
        });
        self.console.rules = Some(TicketRules {
            ticket,
            profile,
            result: None,
            running: Some(running),
        });
    }

    pub(crate) fn poll_ticket_rules(&mut self) {
        if let Some(rules) = &mut self.console.rules
            && let Some(result) = take_ready(&mut rules.running)
        {
            rules.result = Some(result);
        }
    }
}
