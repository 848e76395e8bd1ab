//! Tickets: create (from a body exactly as rendered), show, update (with its audit), delete,
//! list and show many, and a ticket's comments.

use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

use super::pages::{CursorPage, PageRequest, cursor_page};
use super::{SERVICE, ZendeskClient};
use crate::api::{Outcome, decode_json};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ticket {
    pub id: u64,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub subject: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub priority: Option<String>,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub requester_id: Option<u64>,
    #[serde(default)]
    pub assignee_id: Option<u64>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub external_id: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
    #[serde(flatten)]
    pub other: Map<String, Json>,
}

/// What changed in one ticket update: Zendesk's audit of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Audit {
    pub id: u64,
    #[serde(default)]
    pub ticket_id: Option<u64>,
    /// The user who made the change; -1 is Zendesk itself (an automation's change).
    #[serde(default)]
    pub author_id: Option<i64>,
    #[serde(default)]
    pub created_at: Option<String>,
    /// `{"type": "Change", "field_name": "status", "value": "solved", "previous_value": "open"}`,
    /// `{"type": "Comment", "body": ...}`, `{"type": "Create", ...}`.
    #[serde(default)]
    pub events: Vec<Json>,
    #[serde(flatten)]
    pub other: Map<String, Json>,
}

/// A business rule named by a `via` object: `{"channel": "rule", "source": {"rel": "trigger" |
/// "automation", "from": {"id", "title"}}}`. Source: docs/zendesk-api.md#audits-and-comments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleVia {
    /// `trigger` or `automation`.
    pub rel: String,
    pub id: u64,
    pub title: String,
}

impl RuleVia {
    /// The rule a via object names, if it names one.
    pub fn from_via(via: &Json) -> Option<Self> {
        let source = via.get("source")?;
        let rel = source.get("rel")?.as_str()?;
        if !matches!(rel, "trigger" | "automation") {
            return None;
        }
        let from = source.get("from")?;
        let id = from
            .get("id")
            .and_then(|i| i.as_u64().or_else(|| i.as_str()?.parse().ok()))?;
        Some(Self {
            rel: rel.to_owned(),
            id,
            title: from
                .get("title")
                .and_then(Json::as_str)
                .unwrap_or_default()
                .to_owned(),
        })
    }
}

impl Audit {
    /// Each event a business rule caused, with the rule: an event's own `via` ("An event will
    /// have its own via object if it's different from the via object of the audit"), else the
    /// audit's.
    pub fn rule_events(&self) -> Vec<(RuleVia, &Json)> {
        let audit_rule = self.other.get("via").and_then(RuleVia::from_via);
        self.events
            .iter()
            .filter_map(|e| {
                let rule = match e.get("via") {
                    Some(via) => RuleVia::from_via(via),
                    None => audit_rule.clone(),
                }?;
                Some((rule, e))
            })
            .collect()
    }
}

/// `PUT /tickets/{id}`'s answer: the ticket and the audit of the change.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketUpdate {
    pub ticket: Ticket,
    pub audit: Option<Audit>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comment {
    pub id: u64,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub public: Option<bool>,
    #[serde(default)]
    pub author_id: Option<u64>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(flatten)]
    pub other: Map<String, Json>,
}

/// A created ticket and where Zendesk says it lives.
#[derive(Debug, Clone, PartialEq)]
pub struct CreatedTicket {
    pub ticket: Ticket,
    pub location: Option<String>,
}

impl ZendeskClient {
    /// Creates a ticket from `{"ticket": {...}}`.
    pub async fn create_ticket(&self, body: &Json) -> Outcome<CreatedTicket> {
        self.create_ticket_raw(&body.to_string()).await
    }

    /// Creates a ticket from a body exactly as rendered (the console sends what the preview shows).
    pub async fn create_ticket_raw(&self, body: &str) -> Outcome<CreatedTicket> {
        self.call(
            "tickets.create",
            Method::POST,
            "/tickets.json",
            Some(body.to_owned()),
            |r| {
                let w: TicketWrapper = decode_json(SERVICE, r)?;
                Ok(CreatedTicket {
                    ticket: w.ticket,
                    location: r.header("location").map(str::to_owned),
                })
            },
        )
        .await
    }

    pub async fn show_ticket(&self, id: u64) -> Outcome<Ticket> {
        self.call(
            "tickets.show",
            Method::GET,
            &format!("/tickets/{id}.json"),
            None,
            |r| decode_json::<TicketWrapper>(SERVICE, r).map(|w| w.ticket),
        )
        .await
    }

    /// Updates a ticket with `{"ticket": {...}}`.
    pub async fn update_ticket(&self, id: u64, body: &Json) -> Outcome<Ticket> {
        self.call(
            "tickets.update",
            Method::PUT,
            &format!("/tickets/{id}.json"),
            Some(body.to_string()),
            |r| decode_json::<TicketWrapper>(SERVICE, r).map(|w| w.ticket),
        )
        .await
    }

    /// Updates a ticket and returns the audit Zendesk wrote for the change.
    pub async fn update_ticket_audited(&self, id: u64, body: &Json) -> Outcome<TicketUpdate> {
        self.call(
            "tickets.update",
            Method::PUT,
            &format!("/tickets/{id}.json"),
            Some(body.to_string()),
            |r| {
                let w: TicketAuditWrapper = decode_json(SERVICE, r)?;
                Ok(TicketUpdate {
                    ticket: w.ticket,
                    audit: w.audit,
                })
            },
        )
        .await
    }

    /// Deletes a ticket (204).
    pub async fn delete_ticket(&self, id: u64) -> Outcome<()> {
        self.call(
            "tickets.delete",
            Method::DELETE,
            &format!("/tickets/{id}.json"),
            None,
            |_| Ok(()),
        )
        .await
    }

    /// One page of tickets with cursor pagination.
    pub async fn list_tickets(&self, page: &PageRequest) -> Outcome<CursorPage<Ticket>> {
        let path = format!("/tickets.json?{}", page.query());
        self.call("tickets.list", Method::GET, &path, None, |r| {
            cursor_page::<Ticket>(r, "tickets")
        })
        .await
    }

    /// The tickets among `ids` that exist (at most 100 ids).
    pub async fn show_many_tickets(&self, ids: &[u64]) -> Outcome<Vec<Ticket>> {
        let ids: Vec<String> = ids.iter().map(u64::to_string).collect();
        let path = format!("/tickets/show_many.json?ids={}", ids.join(","));
        self.call("tickets.show_many", Method::GET, &path, None, |r| {
            decode_json::<TicketsWrapper>(SERVICE, r).map(|w| w.tickets)
        })
        .await
    }

    /// One page of a ticket's audits, oldest first (`GET /tickets/{id}/audits`).
    pub async fn ticket_audits(&self, id: u64, page: &PageRequest) -> Outcome<CursorPage<Audit>> {
        let path = format!("/tickets/{id}/audits.json?{}", page.query());
        self.call("tickets.audits", Method::GET, &path, None, |r| {
            cursor_page::<Audit>(r, "audits")
        })
        .await
    }

    /// One page of a ticket's comments, oldest first.
    pub async fn ticket_comments(
        &self,
        id: u64,
        page: &PageRequest,
    ) -> Outcome<CursorPage<Comment>> {
        let path = format!("/tickets/{id}/comments.json?{}", page.query());
        self.call("tickets.comments", Method::GET, &path, None, |r| {
            cursor_page::<Comment>(r, "comments")
        })
        .await
    }
}

#[derive(Deserialize)]
struct TicketWrapper {
    ticket: Ticket,
}

#[derive(Deserialize)]
struct TicketAuditWrapper {
    ticket: Ticket,
    #[serde(default)]
    audit: Option<Audit>,
}

#[derive(Deserialize)]
struct TicketsWrapper {
    tickets: Vec<Ticket>,
}
