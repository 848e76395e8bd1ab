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
