//! The sandbox view's model: the sandbox's state for its other sections, and its tickets read the
//! way any client reads them, through the Zendesk API's paginated list (`GET /tickets` with
//! cursor pagination, newest first), off the UI thread. A ticket named elsewhere (the console's
//! history) is shown through `GET /tickets/{id}`.

use poll_promise::Promise;
use serde_json::Value as Json;

use super::jobs::spawn_async;
use crate::api::ClientOptions;
use crate::api::zendesk::{CursorPage, PageRequest, Ticket, ZendeskClient};
use crate::i18n::Message;
use crate::msg;
use crate::sandbox::{DEMO_ADMIN_EMAIL, DEMO_ZENDESK_TOKEN};
use crate::secrets::Secret;

/// Tickets per page in the view.
pub const PAGE_SIZE: u32 = 25;

type Loading<T> = Option<Promise<Result<T, Message>>>;

/// A page of tickets as the API answered it, for the sandbox version it was asked at.
pub struct TicketsPage {
    pub version: u64,
    pub request: PageRequest,
    pub result: Result<CursorPage<Ticket>, Message>,
}

#[derive(Default)]
pub struct SandboxView {
    /// The last snapshot, taken again only when the sandbox changed (webhooks, triggers,
    /// deliveries, profiles).
    pub snapshot: Option<(u64, Json)>,
    /// The page asked for: newest first, moved with the cursors of the page shown.
    pub page: Option<PageRequest>,
    pub tickets: Option<TicketsPage>,
    loading: Loading<CursorPage<Ticket>>,
    loading_for: Option<(u64, PageRequest)>,
    /// A ticket asked for by id, and what the API answered.
    pub focus: Option<(u64, Option<Result<Ticket, Message>>)>,
    focus_loading: Loading<Ticket>,
    /// The latest rule evaluation of each ticket shown, for the sandbox version read at.
    pub rules: Option<(u64, std::collections::HashMap<u64, Json>)>,
}

fn client(url: &str) -> Result<ZendeskClient, Message> {
    ZendeskClient::new(
        url,
        DEMO_ADMIN_EMAIL,
        Secret::new(DEMO_ZENDESK_TOKEN),
        ClientOptions::default(),
    )
    .map_err(|e| {
        msg!(
            "sandbox-view-unreachable",
            reason = crate::i18n::Localize::message(&e)
        )
    })
}

impl SandboxView {
    fn request(&self) -> PageRequest {
        self.page.clone().unwrap_or_else(|| PageRequest {
            size: Some(PAGE_SIZE),
            sort: Some("-id".into()),
            ..PageRequest::default()
        })
    }

    /// Collects finished reads and starts the next one when the sandbox changed or another page
    /// was asked for. Called every frame; cheap when nothing changed.
    pub fn refresh(&mut self, ctx: &egui::Context, url: &str, version: u64) {
        if let Some(promise) = self.loading.take() {
            match promise.try_take() {
                Ok(result) => {
                    let (version, request) = self.loading_for.take().unwrap_or_default();
                    self.tickets = Some(TicketsPage {
                        version,
                        request,
                        result,
                    });
                }
                Err(pending) => self.loading = Some(pending),
            }
        }
        if let Some(promise) = self.focus_loading.take() {
            match promise.try_take() {
                Ok(result) => {
                    if let Some((_, shown)) = &mut self.focus {
                        *shown = Some(result);
                    }
                }
                Err(pending) => self.focus_loading = Some(pending),
            }
        }
        let request = self.request();
        let current = self
            .tickets
            .as_ref()
            .is_some_and(|t| t.version == version && t.request == request);
        if current || self.loading.is_some() {
            return;
        }
        let url = url.to_owned();
        let asked = request.clone();
        self.loading_for = Some((version, request));
        self.loading = Some(spawn_async(ctx, async move {
            let client = client(&url)?;
            client.list_tickets(&asked).await.result.map_err(|e| {
                msg!(
                    "sandbox-view-unreachable",
                    reason = crate::i18n::Localize::message(&e)
                )
            })
        }));
    }

    /// Reads the latest rule evaluation of the tickets shown (the page and the focused one) from
    /// the in-process sandbox, again only when it changed. What `GET /__sandbox/rules` answers,
    /// without a request: the view already holds the sandbox.
    pub fn refresh_rules(&mut self, sandbox: &crate::sandbox::Sandbox, version: u64) {
        let ids: Vec<u64> = self
            .tickets
            .iter()
            .filter_map(|t| t.result.as_ref().ok())
            .flat_map(|p| p.items.iter().map(|t| t.id))
            .chain(self.focus.as_ref().map(|(id, _)| *id))
            .collect();
        let fresh = self
            .rules
            .as_ref()
            .is_some_and(|(v, map)| *v == version && ids.iter().all(|id| map.contains_key(id)));
        if fresh {
            return;
        }
        let map = ids
            .into_iter()
            .map(|id| {
                let last = sandbox
                    .rule_trace(id)
                    .and_then(|t| t["evaluations"].as_array().and_then(|e| e.last().cloned()))
                    .unwrap_or(Json::Null);
                (id, last)
            })
            .collect();
        self.rules = Some((version, map));
    }

    /// The latest rule evaluation of ticket `id`, if one is known.
    pub fn rules_of(&self, id: u64) -> Option<&Json> {
        self.rules
            .as_ref()
            .and_then(|(_, map)| map.get(&id))
            .filter(|e| !e.is_null())
    }

    /// The next (older) or previous (newer) page of the one shown.
    pub fn turn(&mut self, older: bool) {
        let Some(TicketsPage {
            result: Ok(page), ..
        }) = &self.tickets
        else {
            return;
        };
        let mut next = self.request();
        if older {
            next.after = page.after_cursor.clone();
            next.before = None;
        } else {
            next.before = page.before_cursor.clone();
            next.after = None;
        }
        self.page = Some(next);
    }

    /// Back to the newest tickets.
    pub fn first_page(&mut self) {
        self.page = None;
    }

    /// Reads ticket `id` through `GET /tickets/{id}` (the console's history links here).
    pub fn show_ticket(&mut self, ctx: &egui::Context, url: &str, id: u64) {
        self.focus = Some((id, None));
        let url = url.to_owned();
        self.focus_loading = Some(spawn_async(ctx, async move {
            let client = client(&url)?;
            client.show_ticket(id).await.result.map_err(|e| match e {
                crate::api::ApiError::NotFound { .. } => {
                    msg!("sandbox-view-ticket-missing", id = id.to_string())
                }
                other => msg!(
                    "sandbox-view-unreachable",
                    reason = crate::i18n::Localize::message(&other)
                ),
            })
        }));
    }
}

/// Why each rule fired or not in one evaluation of `GET /__sandbox/rules`, in words: a heading
/// (create, update or automation hour, and when), then one line per rule: "trigger “Notify
/// Braze” did not fire: tags include braze (the loop guard)".
pub fn explain(evaluation: &Json) -> (Message, Vec<Message>) {
    let cause = evaluation["cause"].as_str().unwrap_or("update");
    let heading = msg!(
        "sandbox-rule-evaluation",
        cause = cause,
        at = evaluation["at"].as_str().unwrap_or_default(),
        hours = evaluation["hours"].as_i64().unwrap_or(1)
    );
    let lines = evaluation["rules"]
        .as_array()
        .into_iter()
        .flatten()
        .map(explain_rule)
        .collect();
    (heading, lines)
}

/// One rule's outcome: fired, or the first condition that kept it back.
pub fn explain_rule(rule: &Json) -> Message {
    let kind = rule["rule"].as_str().unwrap_or("trigger");
    let title = rule["title"].as_str().unwrap_or_default();
    if rule["fired"] == true {
        return msg!("sandbox-rule-fired", kind = kind, title = title);
    }
    let conditions = rule["conditions"].as_array().map_or(&[][..], Vec::as_slice);
    let failed_all = conditions
        .iter()
        .find(|c| c["group"] == "all" && c["holds"] == false);
    let any: Vec<&Json> = conditions.iter().filter(|c| c["group"] == "any").collect();
    let reason = match failed_all {
        Some(c) => why(c),
        None if !any.is_empty() && any.iter().all(|c| c["holds"] == false) => {
            msg!("sandbox-rule-why-any")
        }
        None => msg!("sandbox-rule-why-unknown"),
    };
    msg!(
        "sandbox-rule-not-fired",
        kind = kind,
        title = title,
        reason = reason
    )
}

/// Why one condition is false, in the words of Zendesk's editor.
fn why(c: &Json) -> Message {
    use crate::api::zendesk::Condition;
    let text = |v: &Json| match v {
        Json::String(s) => s.clone(),
        Json::Null => String::new(),
        other => other.to_string(),
    };
    let field = c["field"].as_str().unwrap_or_default();
    let operator = c["operator"].as_str().unwrap_or_default();
    let value = text(&c["value"]);
    let saw = text(&c["saw"]);
    if field == "current_tags" {
        let words: Vec<&str> = value.split_whitespace().collect();
        if operator == "not_includes" {
            let have: Vec<&str> = saw.split_whitespace().collect();
            let found: Vec<&str> = words.iter().copied().filter(|w| have.contains(w)).collect();
            let guard = if found.contains(&crate::setup::REFIRE_TAG) {
                "refire"
            } else {
                "loop"
            };
            return msg!(
                "sandbox-rule-why-tags-excluded",
                tags = found.join(" "),
                guard = guard
            );
        }
        return msg!("sandbox-rule-why-tags-missing", tags = value);
    }
    let condition = crate::setup::plan::describe(&Condition::new(field, operator, value), false);
    if crate::sandbox::TIME_FIELDS.contains(&field) {
        return if c["saw"].is_null() {
            msg!("sandbox-rule-why-hours-none", condition = condition)
        } else {
            msg!("sandbox-rule-why-hours", condition = condition, saw = saw)
        };
    }
    match c.get("before") {
        Some(before) => msg!(
            "sandbox-rule-why-changed",
            condition = condition,
            before = text(before),
            saw = saw
        ),
        None => msg!(
            "sandbox-rule-why-condition",
            condition = condition,
            saw = saw
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Catalogue, Language};
    use serde_json::json;

    fn english(m: &Message) -> String {
        Catalogue::get(Language::English).message(m)
    }

    #[test]
    fn each_rule_reads_as_why_it_fired_or_not() {
        let evaluation = json!({"at": "2026-12-07T10:00:00Z", "cause": "update", "rules": [
            {"rule": "trigger", "id": 1, "title": "Notify Braze", "fired": false, "conditions": [
                {"group": "all", "field": "status", "operator": "value", "value": "solved", "saw": "solved", "before": "open", "holds": true},
                {"group": "all", "field": "current_tags", "operator": "not_includes", "value": "braze", "saw": "vip braze", "holds": false}]},
            {"rule": "trigger", "id": 2, "title": "Open", "fired": false, "conditions": [
                {"group": "all", "field": "status", "operator": "value", "value": "open", "saw": "solved", "before": "open", "holds": false}]},
            {"rule": "automation", "id": 3, "title": "Later", "fired": false, "conditions": [
                {"group": "all", "field": "SOLVED", "operator": "is", "value": "24", "saw": 3, "holds": false}]},
            {"rule": "automation", "id": 4, "title": "Once", "fired": false, "conditions": [
                {"group": "all", "field": "current_tags", "operator": "not_includes", "value": "braze_notified", "saw": "braze_notified", "holds": false}]},
            {"rule": "trigger", "id": 5, "title": "Any", "fired": false, "conditions": [
                {"group": "any", "field": "status", "operator": "value", "value": "closed", "saw": "solved", "before": "open", "holds": false}]},
            {"rule": "trigger", "id": 6, "title": "Yes", "fired": true, "conditions": []}
        ]});
        let (heading, lines) = explain(&evaluation);
        assert_eq!(english(&heading), "when updated · 2026-12-07T10:00:00Z");
        let lines: Vec<String> = lines.iter().map(english).collect();
        assert_eq!(
            lines,
            vec![
                "trigger “Notify Braze” did not fire: tags include braze (the loop guard)",
                "trigger “Open” did not fire: Ticket > Status | Changed to | Open does not hold (“open” → “solved”)",
                "automation “Later” did not fire: Ticket > Hours since solved | Is | 24 does not hold (3 hours)",
                "automation “Once” did not fire: tags include braze_notified (the re-fire guard: it already notified)",
                "trigger “Any” did not fire: none of the “Meet ANY” conditions holds",
                "trigger “Yes” fired",
            ]
        );
        // Nothing it cannot read makes it panic.
        for odd in [
            json!(null),
            json!({"rules": 5}),
            json!({"rules": [null, 3, {"conditions": "x"}]}),
        ] {
            let _ = explain(&odd);
        }
    }
}
