//! Sending through Braze and comparing: the user exported from Braze (`/users/export/ids`),
//! zenbraze's preview rendered for them, then Braze asked to render and send the same template
//! itself (`/messages/send` with a webhook to Zendesk's `/api/v2/tickets.json`; the Zendesk
//! credential travels in `request_headers` and is masked in every exchange). The ticket Braze
//! made is found among the tickets created after the send (the template is not changed to mark
//! it) and compared field by field with the preview, normalised as Zendesk stores tickets.

use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value as Json, json};

use crate::api::braze::{BrazeClient, ExportRequest};
use crate::api::zendesk::{PageRequest, Ticket, ZendeskClient};
use crate::api::{ApiError, Exchange, Secret};
use crate::i18n::Message;
use crate::msg;
use crate::send::history::{ComparedField, Entry, ViaBrazeRecord};
use crate::send::{Delivery, Summary};
use crate::target::Target;
use crate::template::{self, Dialect, Environment, RenderContext, Rendered, TemplateError};

/// What a send through Braze needs: both clients, and the Zendesk credential for the header.
#[derive(Debug, Clone)]
pub struct ViaBraze {
    pub braze: BrazeClient,
    pub zendesk: ZendeskClient,
    /// `https://acme.zendesk.com` (no `/api/v2`).
    pub zendesk_root: String,
    /// `email/token` for an API token; none for an OAuth access token (Bearer).
    pub zendesk_user: Option<String>,
    pub zendesk_secret: Secret,
    /// How long to wait for Braze's ticket.
    pub wait: Duration,
}

impl ViaBraze {
    /// Both clients for `profile`, the Braze one masking the Zendesk credential it carries.
    pub fn for_profile(
        profile: &crate::profiles::Profile,
        store: &dyn crate::secrets::SecretStore,
        wait: Duration,
    ) -> Result<ViaBraze, Message> {
        use crate::i18n::Localize as _;
        use crate::profiles::ZendeskAuthKind;
        let options = crate::api::ClientOptions::default();
        let braze =
            crate::connect::braze_client(profile, store, options).map_err(|e| e.message())?;
        let zendesk =
            crate::connect::zendesk_client(profile, store, options).map_err(|e| e.message())?;
        let secret = crate::connect::secret(profile, crate::secrets::Service::Zendesk, store)
            .map_err(|e| e.message())?;
        let z = profile
            .zendesk
            .as_ref()
            .ok_or_else(|| msg!("setup-composer-no-zendesk", profile = profile.name.as_str()))?;
        let root = z.root().map_err(|e| e.message())?;
        let user = match z.auth {
            ZendeskAuthKind::ApiToken => Some(format!("{}/token", z.email)),
            ZendeskAuthKind::Oauth => None,
        };
        Ok(ViaBraze {
            braze: braze.masking(user.as_deref(), &secret),
            zendesk,
            zendesk_root: root,
            zendesk_user: user,
            zendesk_secret: secret,
            wait,
        })
    }
}

/// Why the comparison could not be made.
#[derive(Debug, Clone, PartialEq)]
pub enum ViaBrazeError {
    Api(ApiError),
    NoSuchUser {
        external_id: String,
    },
    Template(TemplateError),
    /// `abort_message` in the preview: Braze would send nothing.
    Aborted,
    PreviewNotJson {
        reason: String,
    },
    /// No ticket appeared in time.
    NoTicket {
        seconds: u64,
    },
    /// Several tickets appeared: which one Braze made cannot be told.
    Ambiguous {
        ids: Vec<u64>,
    },
}

impl crate::i18n::Localize for ViaBrazeError {
    fn message(&self) -> Message {
        match self {
            ViaBrazeError::Api(e) => e.message(),
            ViaBrazeError::NoSuchUser { external_id } => {
                msg!("via-braze-no-user", user = external_id)
            }
            ViaBrazeError::Template(e) => e.kind.message(),
            ViaBrazeError::Aborted => msg!("via-braze-aborted"),
            ViaBrazeError::PreviewNotJson { reason } => {
                msg!("via-braze-not-json", reason = reason)
            }
            ViaBrazeError::NoTicket { seconds } => msg!("via-braze-no-ticket", seconds = *seconds),
            ViaBrazeError::Ambiguous { ids } => {
                let ids: Vec<String> = ids.iter().map(u64::to_string).collect();
                msg!("via-braze-ambiguous", ids = ids.join(", "))
            }
        }
    }
}
crate::display_via_message!(ViaBrazeError);

impl From<ApiError> for ViaBrazeError {
    fn from(e: ApiError) -> Self {
        ViaBrazeError::Api(e)
    }
}

/// One compared field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldRow {
    /// `subject`, `comment`, `requester`, `type`, `priority`, `status`, `tags`,
    /// `custom_field <id>`.
    pub field: String,
    pub preview: String,
    pub zendesk: String,
}

impl FieldRow {
    pub fn same(&self) -> bool {
        self.preview == self.zendesk
    }
}

/// The outcome: Braze's dispatch, the ticket it made, and each field.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The `/messages/send` exchange, masked by the Braze client.
    pub exchange: Exchange,
    pub dispatch_id: String,
    pub ticket_id: u64,
    /// The ticket's API URL, as Zendesk gave it (or as its API names it).
    pub ticket_url: String,
    pub rows: Vec<FieldRow>,
}

impl Comparison {
    pub fn identical(&self) -> bool {
        self.rows.iter().all(FieldRow::same)
    }
}

impl Comparison {
    /// The history entry of this comparison: sent with `profile` for `user_label`, the template
    /// `template_name` (whose text is `template`), for the Braze user `external_id`.
    pub fn into_entry(
        self,
        profile: &str,
        template_name: String,
        template: String,
        user_label: Option<String>,
        external_id: String,
    ) -> Entry {
        let mut entry = Entry::new(
            profile,
            Target::ZendeskTicket,
            template_name,
            user_label,
            Delivery {
                exchange: self.exchange,
                error: None,
                summary: Summary::Ticket {
                    id: self.ticket_id,
                    url: Some(self.ticket_url),
                },
            },
        );
        entry.via_braze = Some(ViaBrazeRecord {
            user: external_id,
            template,
            dispatch_id: self.dispatch_id,
            ticket_id: self.ticket_id,
            fields: self
                .rows
                .into_iter()
                .map(|r| ComparedField {
                    field: r.field,
                    preview: r.preview,
                    zendesk: r.zendesk,
                })
                .collect(),
        });
        entry
    }
}

/// The file name a test case is suggested under.
pub const CASE_FILE: &str = "zenbraze-braze-case.json";

/// A send through Braze as a test case: the template, the user, and both outputs field by
/// field (the preview zenbraze rendered, the ticket Braze made), with the fields that differ.
/// None for an entry that is not a send through Braze.
pub fn test_case(entry: &Entry) -> Option<Json> {
    let record = entry.via_braze.as_ref()?;
    let side = |pick: fn(&ComparedField) -> &String| {
        record
            .fields
            .iter()
            .map(|f| (f.field.clone(), Json::String(pick(f).clone())))
            .collect::<serde_json::Map<_, _>>()
    };
    Some(json!({
        "kind": "zenbraze send through Braze",
        "template_name": entry.template,
        "template": record.template,
        "user": record.user,
        "time": entry.time,
        "ticket_id": record.ticket_id,
        "preview": side(|f| &f.preview),
        "zendesk": side(|f| &f.zendesk),
        "differs": record
            .fields
            .iter()
            .filter(|f| !f.same())
            .map(|f| f.field.clone())
            .collect::<Vec<_>>(),
    }))
}

/// Zendesk's tags: each value split at spaces, lowercased, without repeats, in order.
pub fn normalise_tags(tags: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in tags {
        for word in t.split_whitespace() {
            let w = word.to_lowercase();
            if !out.contains(&w) {
                out.push(w);
            }
        }
    }
    out.sort();
    out
}

fn text_of(v: &Json) -> String {
    match v {
        Json::Null => String::new(),
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The rows for what the preview sets (subject and comment always), against the ticket.
pub fn compare(
    preview: &Json,
    ticket: &Ticket,
    comment: Option<&str>,
    requester_email: Option<&str>,
) -> Vec<FieldRow> {
    let p = preview.get("ticket").unwrap_or(preview);
    let mut rows = Vec::new();
    let mut row = |field: &str, preview: String, zendesk: String| {
        rows.push(FieldRow {
            field: field.to_owned(),
            preview,
            zendesk,
        });
    };
    row(
        "subject",
        p.get("subject")
            .map(text_of)
            .unwrap_or_default()
            .trim()
            .to_owned(),
        ticket.subject.clone().unwrap_or_default().trim().to_owned(),
    );
    let c = p.get("comment").unwrap_or(&Json::Null);
    let preview_comment = c
        .get("body")
        .or_else(|| c.get("html_body"))
        .map(text_of)
        .unwrap_or_default();
    row(
        "comment",
        preview_comment.trim().to_owned(),
        comment.unwrap_or_default().trim().to_owned(),
    );
    let requester_wanted = p
        .get("requester")
        .and_then(|r| r.get("email"))
        .and_then(Json::as_str)
        .map(str::to_lowercase);
    if let Some(email) = requester_wanted {
        row(
            "requester",
            email,
            requester_email.unwrap_or_default().to_lowercase(),
        );
    } else if let Some(id) = p.get("requester_id") {
        row(
            "requester",
            text_of(id),
            ticket
                .requester_id
                .map(|i| i.to_string())
                .unwrap_or_default(),
        );
    }
    for (field, value) in [
        ("type", &ticket.kind),
        ("priority", &ticket.priority),
        ("status", &ticket.status),
    ] {
        if let Some(v) = p.get(field).filter(|v| !v.is_null()) {
            row(
                field,
                text_of(v).to_lowercase(),
                value.clone().unwrap_or_default(),
            );
        }
    }
    if let Some(tags) = p.get("tags").and_then(Json::as_array) {
        let wanted: Vec<String> = tags.iter().map(text_of).collect();
        row(
            "tags",
            normalise_tags(&wanted).join(" "),
            normalise_tags(&ticket.tags).join(" "),
        );
    }
    if let Some(fields) = p.get("custom_fields").and_then(Json::as_array) {
        let stored = ticket
            .other
            .get("custom_fields")
            .and_then(Json::as_array)
            .cloned()
            .unwrap_or_default();
        for f in fields {
            let Some(id) = f.get("id") else { continue };
            let found = stored
                .iter()
                .find(|s| s.get("id") == Some(id))
                .and_then(|s| s.get("value"))
                .map(text_of)
                .unwrap_or_default();
            row(
                &format!("custom_field {}", text_of(id)),
                f.get("value").map(text_of).unwrap_or_default(),
                found,
            );
        }
    }
    rows
}

impl ViaBraze {
    /// The Authorization header Braze sends to Zendesk.
    fn authorization(&self) -> String {
        match &self.zendesk_user {
            Some(user) => format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD
                    .encode(format!("{user}:{}", self.zendesk_secret.expose()))
            ),
            None => format!("Bearer {}", self.zendesk_secret.expose()),
        }
    }

    /// The highest ticket id now (0 for none).
    async fn newest_ticket(&self) -> Result<u64, ApiError> {
        let page = PageRequest {
            size: Some(1),
            sort: Some("-id".into()),
            ..PageRequest::default()
        };
        let page = self.zendesk.list_tickets(&page).await.result?;
        Ok(page.items.first().map_or(0, |t| t.id))
    }

    /// The tickets made after `since`, newest first.
    async fn tickets_after(&self, since: u64) -> Result<Vec<Ticket>, ApiError> {
        let page = PageRequest {
            size: Some(100),
            sort: Some("-id".into()),
            ..PageRequest::default()
        };
        let page = self.zendesk.list_tickets(&page).await.result?;
        Ok(page.items.into_iter().filter(|t| t.id > since).collect())
    }

    /// Exports the user, renders the preview, has Braze send, finds the ticket, compares.
    pub async fn run(
        &self,
        template_text: &str,
        external_id: &str,
    ) -> Result<Comparison, ViaBrazeError> {
        let export = self
            .braze
            .export_ids(&ExportRequest {
                external_ids: vec![external_id.to_owned()],
                ..ExportRequest::default()
            })
            .await
            .result?;
        let Some(user) = export.users.into_iter().next() else {
            return Err(ViaBrazeError::NoSuchUser {
                external_id: external_id.to_owned(),
            });
        };
        // The preview with Braze's own blocks, as Braze will render it.
        let mut blocks = std::collections::BTreeMap::new();
        for name in super::included_blocks(template_text) {
            blocks.extend(super::fetch_blocks(&self.braze, &name).await?);
        }
        let env = Environment::new()
            .with_context(&RenderContext {
                content_blocks: blocks,
                ..RenderContext::default()
            })
            .unwrap_or_else(|_| Environment::new());
        let compiled =
            template::parse(template_text, Dialect::Braze).map_err(ViaBrazeError::Template)?;
        let preview = match compiled
            .render(&env, Some(&user))
            .map_err(ViaBrazeError::Template)?
        {
            Rendered::Output(s) => s,
            Rendered::Aborted(_) => return Err(ViaBrazeError::Aborted),
        };
        let preview: Json =
            serde_json::from_str(&preview).map_err(|e| ViaBrazeError::PreviewNotJson {
                reason: e.to_string(),
            })?;
        let since = self.newest_ticket().await?;
        let sent_outcome = self
            .braze
            .send_messages(&json!({
                "external_user_ids": [external_id],
                "messages": {"webhook": {
                    "url": format!("{}/api/v2/tickets.json", self.zendesk_root.trim_end_matches('/')),
                    "request_method": "POST",
                    "request_headers": {
                        "Content-Type": "application/json",
                        "Authorization": self.authorization(),
                    },
                    "body": template_text,
                }},
            }))
            .await;
        let exchange = sent_outcome.exchange;
        let sent = sent_outcome.result?;
        let start = Instant::now();
        let ticket = loop {
            let new = self.tickets_after(since).await?;
            match new.len() {
                0 if start.elapsed() < self.wait => {
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                0 => {
                    return Err(ViaBrazeError::NoTicket {
                        seconds: self.wait.as_secs(),
                    });
                }
                1 => break new.into_iter().next().unwrap_or_else(|| unreachable!()),
                _ => {
                    return Err(ViaBrazeError::Ambiguous {
                        ids: new.iter().map(|t| t.id).collect(),
                    });
                }
            }
        };
        let comments = self
            .zendesk
            .ticket_comments(ticket.id, &PageRequest::first(1))
            .await
            .result?;
        let comment = comments.items.first().and_then(|c| c.body.clone());
        let requester_email = match ticket.requester_id {
            Some(id) => self.zendesk.show_user(id).await.result?.email,
            None => None,
        };
        let ticket_url = ticket.url.clone().unwrap_or_else(|| {
            format!(
                "{}/api/v2/tickets/{}.json",
                self.zendesk_root.trim_end_matches('/'),
                ticket.id
            )
        });
        Ok(Comparison {
            exchange,
            dispatch_id: sent.dispatch_id,
            ticket_id: ticket.id,
            ticket_url,
            rows: compare(
                &preview,
                &ticket,
                comment.as_deref(),
                requester_email.as_deref(),
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_normalised_as_zendesk_stores_them() {
        assert_eq!(
            normalise_tags(&["VIP customer".into(), "vip".into(), "Braze".into()]),
            vec!["braze", "customer", "vip"]
        );
    }

    #[test]
    fn only_what_the_preview_sets_is_compared() {
        let ticket: Ticket = serde_json::from_value(json!({
            "id": 7, "subject": "Hi Ada", "priority": "high", "status": "open",
            "tags": ["braze", "vip"], "custom_fields": [{"id": 5, "value": "gold"}],
        }))
        .unwrap();
        let preview = json!({"ticket": {
            "subject": "Hi Ada", "comment": {"body": "Body "}, "priority": "HIGH",
            "tags": ["VIP braze"], "custom_fields": [{"id": 5, "value": "silver"}],
        }});
        let rows = compare(&preview, &ticket, Some("Body"), None);
        let fields: Vec<&str> = rows.iter().map(|r| r.field.as_str()).collect();
        assert_eq!(
            fields,
            ["subject", "comment", "priority", "tags", "custom_field 5"]
        );
        let differ: Vec<&str> = rows
            .iter()
            .filter(|r| !r.same())
            .map(|r| r.field.as_str())
            .collect();
        assert_eq!(differ, ["custom_field 5"]);
    }
}
