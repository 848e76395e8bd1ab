//! Everything the sandbox knows, as one serialisable value; and its file, written atomically.

use std::collections::{BTreeMap, HashSet};

use chrono::{SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json, json};

use super::{DEMO_ADMIN_EMAIL, DEMO_ADMIN_ID};
use crate::users::STANDARD_ATTRIBUTES;

pub(crate) const FORMAT: u32 = 1;

/// The sample users shipped with the app become the sandbox's Braze profiles.
const PRESET_USERS: &str = include_str!("../../assets/presets/users.json");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct State {
    pub format: u32,
    /// This sandbox's run: from its seeding to its next reset, across restarts when it is kept
    /// in a file. Every answer names it (`X-Sandbox-Run`), so a record of a send knows which
    /// sandbox its ticket was made in.
    #[serde(default = "new_run")]
    pub run: String,
    pub next_ticket_id: u64,
    pub next_user_id: u64,
    pub next_trigger_id: u64,
    pub next_category_id: u64,
    /// Zendesk tickets by id, with their comments.
    pub tickets: BTreeMap<u64, TicketRecord>,
    /// Zendesk users by id, as the API shows them.
    pub users: BTreeMap<u64, Json>,
    pub webhooks: BTreeMap<String, WebhookRecord>,
    pub triggers: BTreeMap<u64, Json>,
    pub trigger_categories: Vec<Json>,
    /// Automations by id (`/automations`), run every hour of the sandbox's clock.
    #[serde(default)]
    pub automations: BTreeMap<u64, Json>,
    #[serde(default = "first_automation_id")]
    pub next_automation_id: u64,
    /// How many hours the sandbox's clock is ahead of the real one (`/__sandbox/clock`).
    #[serde(default)]
    pub clock_hours: i64,
    /// Custom ticket statuses (`/custom_statuses`): the five defaults, then the account's own.
    #[serde(default = "default_custom_statuses")]
    pub custom_statuses: Vec<Json>,
    #[serde(default = "first_custom_status_id")]
    pub next_custom_status_id: u64,
    /// True emulates an account with custom ticket statuses on: tickets carry
    /// `custom_status_id` (`POST /__sandbox/account {"custom_statuses": true}`).
    #[serde(default)]
    pub custom_statuses_enabled: bool,
    /// Custom ticket fields by id (`/ticket_fields`).
    #[serde(default)]
    pub ticket_fields: BTreeMap<u64, Json>,
    #[serde(default = "first_ticket_field_id")]
    pub next_ticket_field_id: u64,
    /// False emulates an account without trigger categories (403 on their endpoints).
    #[serde(default = "enabled")]
    pub trigger_categories_enabled: bool,
    pub invocations: Vec<InvocationRecord>,
    pub braze_profiles: Vec<Profile>,
    /// Braze Content Blocks (`/content_blocks/*`), in the order they were created.
    #[serde(default)]
    pub content_blocks: Vec<ContentBlock>,
    /// The Braze tags that exist (Content Blocks may only carry these).
    #[serde(default = "default_braze_tags")]
    pub braze_tags: Vec<String>,
    /// The journal batch this snapshot includes (later batches are replayed over it).
    #[serde(default)]
    pub journal_seq: u64,
    /// What changed since the journal last wrote; not part of the file.
    #[serde(skip)]
    pub(crate) dirty: Dirty,
}

/// One thing the journal writes whole: a record, or everything (after a reset).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Key {
    Ticket(u64),
    User(u64),
    Webhook(String),
    Trigger(u64),
    TicketField(u64),
    Automation(u64),
    Clock,
    CustomStatuses,
    Categories,
    Invocation(String),
    Profile(String),
    ContentBlock(String),
    BrazeTags,
    Everything,
}

/// The keys changed since the last journal batch, in the order they first changed, and a
/// counter that moves with every change (the batch that holds a change has a sequence number at
/// least as high as the counter was when it was made).
#[derive(Debug, Default)]
pub(crate) struct Dirty {
    pub keys: Vec<Key>,
    seen: HashSet<Key>,
    pub seq: u64,
}

impl Dirty {
    pub fn take(&mut self) -> Vec<Key> {
        self.seen.clear();
        std::mem::take(&mut self.keys)
    }
}

/// A copy starts clean: only the live state tracks changes.
impl Clone for Dirty {
    fn clone(&self) -> Self {
        Dirty {
            seq: self.seq,
            ..Dirty::default()
        }
    }
}

/// Bookkeeping, not content.
impl PartialEq for Dirty {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketRecord {
    pub ticket: Map<String, Json>,
    pub comments: Vec<Json>,
    /// Every change as Zendesk's audits show it (`GET /tickets/{id}/audits`).
    #[serde(default)]
    pub audits: Vec<Json>,
    /// The newest evaluations of the business rules on this ticket, why each fired or not
    /// (`GET /__sandbox/rules?ticket=`), at most `RULE_EVALUATIONS`.
    #[serde(default)]
    pub rules: std::collections::VecDeque<Json>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookRecord {
    /// What the API shows: no secrets.
    pub webhook: Map<String, Json>,
    /// `authentication.data`, kept server-side like Zendesk does.
    pub auth_data: Option<Json>,
    pub signing_secret: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvocationRecord {
    pub invocation: Map<String, Json>,
    pub attempts: Vec<Json>,
}

/// A Braze user profile, with what `/users/track` logged on it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Profile {
    pub braze_id: String,
    pub external_id: Option<String>,
    #[serde(default)]
    pub user_aliases: Vec<Json>,
    /// Standard and custom attributes together; the export separates them.
    #[serde(default)]
    pub attributes: Map<String, Json>,
    #[serde(default)]
    pub custom_events: BTreeMap<String, Tally>,
    #[serde(default)]
    pub purchases: BTreeMap<String, Tally>,
    /// Every tracked event with its properties (the export only has tallies; the sandbox's state
    /// shows these so a test can see a ticket id arrive).
    #[serde(default)]
    pub events: Vec<Json>,
}

/// A Braze Content Block as `/content_blocks/info` shows it (Braze has no delete: a block
/// retired by zenbraze is set to `draft`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContentBlock {
    pub content_block_id: String,
    pub name: String,
    pub content: String,
    #[serde(default)]
    pub description: String,
    /// `active` or `draft`.
    pub state: String,
    #[serde(default)]
    pub tags: Vec<String>,
    pub created_at: String,
    pub last_edited: String,
}

impl ContentBlock {
    /// How templates include it: `{{content_blocks.${name}}}`.
    pub fn liquid_tag(&self) -> String {
        format!("{{{{content_blocks.${{{}}}}}}}", self.name)
    }
}

/// Braze's `{name, first, last, count}` summary of an event or a purchase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    pub first: String,
    pub last: String,
    pub count: u64,
}

pub fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A 26-character id in Crockford base32, time-ordered like Zendesk's webhook ids (ULIDs).
pub fn ulid() -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let millis = Utc::now().timestamp_millis().max(0) as u128;
    let value = (millis << 80) | (fastrand::u128(..) & ((1u128 << 80) - 1));
    (0..26)
        .rev()
        .map(|i| ALPHABET[((value >> (i * 5)) & 31) as usize] as char)
        .collect()
}

/// A new run's name: when it began (UTC, to the second) and four random hex digits.
pub fn new_run() -> String {
    format!(
        "{}-{:04x}",
        Utc::now().format("%Y%m%dT%H%M%SZ"),
        fastrand::u16(..)
    )
}

/// 24 hex digits, like a Braze id.
pub fn braze_id() -> String {
    format!("{:024x}", fastrand::u128(..) & ((1u128 << 96) - 1))
}

impl State {
    /// A new sandbox: the demo admin, one trigger category, and the preset Braze users.
    pub fn seeded() -> Self {
        let mut state = State {
            format: FORMAT,
            run: new_run(),
            next_ticket_id: 1,
            next_user_id: DEMO_ADMIN_ID + 1,
            next_trigger_id: 360_000_000_001,
            next_category_id: 10_000_000_002,
            tickets: BTreeMap::new(),
            users: BTreeMap::new(),
            webhooks: BTreeMap::new(),
            triggers: BTreeMap::new(),
            trigger_categories: Vec::new(),
            automations: BTreeMap::new(),
            next_automation_id: first_automation_id(),
            custom_statuses: default_custom_statuses(),
            next_custom_status_id: first_custom_status_id(),
            custom_statuses_enabled: false,
            clock_hours: 0,
            ticket_fields: BTreeMap::new(),
            next_ticket_field_id: first_ticket_field_id(),
            trigger_categories_enabled: true,
            invocations: Vec::new(),
            braze_profiles: Vec::new(),
            content_blocks: Vec::new(),
            braze_tags: default_braze_tags(),
            journal_seq: 0,
            dirty: Dirty::default(),
        };
        let created = now();
        state.users.insert(
            DEMO_ADMIN_ID,
            json!({
                "id": DEMO_ADMIN_ID,
                "name": "Sandbox Admin",
                "email": DEMO_ADMIN_EMAIL,
                "role": "admin",
                "external_id": null,
                "active": true,
                "verified": true,
                "time_zone": "UTC",
                "locale": "en-US",
                "created_at": created,
                "updated_at": created,
            }),
        );
        state.trigger_categories.push(json!({
            "id": "10000000001",
            "name": "Triggers",
            "position": 0,
            "created_at": created,
            "updated_at": created,
        }));
        let presets: Json = serde_json::from_str(PRESET_USERS).unwrap_or_default();
        for user in presets
            .get("users")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
        {
            state.braze_profiles.push(Profile::from_export(user));
        }
        state
    }

    /// Records that `key` changed: every change to the state calls this in the same critical
    /// section, so the journal writes it before the request that made it is answered.
    pub(crate) fn touch(&mut self, key: Key) {
        self.dirty.seq += 1;
        if self.dirty.seen.insert(key.clone()) {
            self.dirty.keys.push(key);
        }
    }

    /// Back to a new sandbox. The id counters and the change counter go on from where they
    /// were: an id handed out before the reset (in the console's history, say) never names
    /// another record after it. The journal records the whole state.
    pub(crate) fn reset(&mut self) {
        let seq = self.dirty.seq;
        let counters = (
            self.next_ticket_id,
            self.next_user_id,
            self.next_trigger_id,
            self.next_category_id,
            self.next_ticket_field_id,
            self.next_automation_id,
            self.next_custom_status_id,
        );
        *self = State::seeded();
        self.next_ticket_id = counters.0;
        self.next_user_id = self.next_user_id.max(counters.1);
        self.next_trigger_id = self.next_trigger_id.max(counters.2);
        self.next_category_id = self.next_category_id.max(counters.3);
        self.next_ticket_field_id = self.next_ticket_field_id.max(counters.4);
        self.next_automation_id = self.next_automation_id.max(counters.5);
        self.next_custom_status_id = self.next_custom_status_id.max(counters.6);
        self.dirty.seq = seq;
        self.touch(Key::Everything);
    }

    /// The sandbox's time: the real time moved on by the clock's hours.
    pub fn clock(&self) -> chrono::DateTime<Utc> {
        Utc::now() + chrono::Duration::hours(self.clock_hours)
    }

    /// [`Self::clock`] as the API writes times; what ticket timestamps are set from.
    pub fn now(&self) -> String {
        self.clock().to_rfc3339_opts(SecondsFormat::Secs, true)
    }

    /// What `GET /__sandbox/clock` answers.
    pub fn clock_view(&self) -> Json {
        json!({"now": self.now(), "advanced_hours": self.clock_hours})
    }

    pub fn default_category_id(&self) -> Option<String> {
        self.trigger_categories
            .first()
            .and_then(|c| c.get("id"))
            .and_then(Json::as_str)
            .map(str::to_owned)
    }

    /// What `GET /__sandbox/state` shows: everything but webhook secrets.
    pub fn public_view(&self) -> Json {
        let webhooks: Vec<&Map<String, Json>> =
            self.webhooks.values().map(|w| &w.webhook).collect();
        let tickets: Vec<Json> = self
            .tickets
            .values()
            .map(|t| {
                let mut ticket = t.ticket.clone();
                ticket.insert("comments".into(), Json::Array(t.comments.clone()));
                Json::Object(ticket)
            })
            .collect();
        let invocations: Vec<Json> = self
            .invocations
            .iter()
            .map(|i| {
                let mut inv = i.invocation.clone();
                inv.insert("attempts".into(), Json::Array(i.attempts.clone()));
                Json::Object(inv)
            })
            .collect();
        json!({
            "run": self.run,
            "tickets": tickets,
            "users": self.users.values().collect::<Vec<_>>(),
            "webhooks": webhooks,
            "triggers": self.triggers.values().collect::<Vec<_>>(),
            "trigger_categories": self.trigger_categories,
            "ticket_fields": self.ticket_fields.values().collect::<Vec<_>>(),
            "automations": self.automations.values().collect::<Vec<_>>(),
            "custom_statuses": self.custom_statuses,
            "custom_statuses_enabled": self.custom_statuses_enabled,
            "clock": self.clock_view(),
            "invocations": invocations,
            "braze_profiles": self.braze_profiles.iter().map(Profile::state_view).collect::<Vec<_>>(),
            "content_blocks": self.content_blocks,
            "braze_tags": self.braze_tags,
        })
    }
}

impl Profile {
    /// From a user object in `/users/export/ids` shape (the preset sample users).
    pub fn from_export(user: &Json) -> Self {
        let mut p = Profile {
            braze_id: user
                .get("braze_id")
                .and_then(Json::as_str)
                .map_or_else(braze_id, str::to_owned),
            external_id: user
                .get("external_id")
                .and_then(Json::as_str)
                .map(str::to_owned),
            ..Profile::default()
        };
        for key in STANDARD_ATTRIBUTES {
            if let Some(v) = user.get(*key) {
                p.attributes.insert((*key).to_owned(), v.clone());
            }
        }
        if let Some(custom) = user.get("custom_attributes").and_then(Json::as_object) {
            for (k, v) in custom {
                p.attributes.insert(k.clone(), v.clone());
            }
        }
        if let Some(aliases) = user.get("user_aliases").and_then(Json::as_array) {
            p.user_aliases = aliases.clone();
        }
        p
    }

    /// The user object `/users/export/ids` returns.
    pub fn export_view(&self) -> Json {
        let mut out = Map::new();
        if let Some(e) = &self.external_id {
            out.insert("external_id".into(), json!(e));
        }
        out.insert("braze_id".into(), json!(self.braze_id));
        if !self.user_aliases.is_empty() {
            out.insert("user_aliases".into(), json!(self.user_aliases));
        }
        let mut custom = Map::new();
        for (k, v) in &self.attributes {
            if STANDARD_ATTRIBUTES.contains(&k.as_str()) {
                out.insert(k.clone(), v.clone());
            } else {
                custom.insert(k.clone(), v.clone());
            }
        }
        if !custom.is_empty() {
            out.insert("custom_attributes".into(), Json::Object(custom));
        }
        let tallies = |t: &BTreeMap<String, Tally>| -> Json {
            t.iter()
                .map(|(name, t)| json!({"name": name, "first": t.first, "last": t.last, "count": t.count}))
                .collect()
        };
        if !self.custom_events.is_empty() {
            out.insert("custom_events".into(), tallies(&self.custom_events));
        }
        if !self.purchases.is_empty() {
            out.insert("purchases".into(), tallies(&self.purchases));
        }
        Json::Object(out)
    }

    fn state_view(&self) -> Json {
        let mut v = self.export_view();
        v["events"] = json!(self.events);
        v
    }
}

/// The tags a new sandbox's Braze workspace has (tags are made in Braze's dashboard, not by the
/// API; `POST /__sandbox/braze_tags` adds more).
pub(crate) fn default_braze_tags() -> Vec<String> {
    ["zenbraze", "zendesk", "webhook"]
        .map(str::to_owned)
        .to_vec()
}

fn enabled() -> bool {
    true
}

/// The five default custom statuses' ids start here; the account's own follow them.
fn first_custom_status_id() -> u64 {
    30_000_000_006
}

fn default_custom_statuses() -> Vec<Json> {
    super::zendesk::system_statuses(30_000_000_001, "2024-01-01T00:00:00Z")
}

/// Automation ids start here.
fn first_automation_id() -> u64 {
    360_030_000_001
}

/// Ticket field ids start here (Zendesk's are integers of this size).
fn first_ticket_field_id() -> u64 {
    360_020_000_001
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ulids_are_26_crockford_characters_in_time_order() {
        let a = ulid();
        std::thread::sleep(std::time::Duration::from_millis(2));
        let b = ulid();
        assert_eq!(a.len(), 26);
        assert!(
            a.chars()
                .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        );
        assert!(a[..10] < b[..10]);
    }

    #[test]
    fn seeded_state_round_trips_and_exports_braze_users() {
        let s = State::seeded();
        let text = serde_json::to_string(&s).unwrap();
        assert_eq!(serde_json::from_str::<State>(&text).unwrap(), s);
        let ada = s
            .braze_profiles
            .iter()
            .find(|p| p.external_id.as_deref() == Some("user-1042"))
            .unwrap()
            .export_view();
        assert_eq!(ada["first_name"], "Ada");
        assert_eq!(ada["custom_attributes"]["plan"], "pro");
    }
}
