//! What the app remembers between frames and between runs, beside the workspace itself.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::panel::Panel;
use crate::i18n::{Language, Message};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ThemeChoice {
    /// Follow the operating system.
    #[default]
    System,
    Light,
    Dark,
}

impl ThemeChoice {
    /// egui's name for it.
    pub fn preference(self) -> egui::ThemePreference {
        match self {
            ThemeChoice::System => egui::ThemePreference::System,
            ThemeChoice::Light => egui::ThemePreference::Light,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
        }
    }

    /// The catalogue key of its name.
    pub fn label_key(self) -> &'static str {
        match self {
            ThemeChoice::System => "theme-system",
            ThemeChoice::Light => "theme-light",
            ThemeChoice::Dark => "theme-dark",
        }
    }

    pub const ALL: [ThemeChoice; 3] = [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum PreviewTab {
    #[default]
    Body,
    Request,
    AllSubjects,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum UsersTab {
    #[default]
    Users,
    Tickets,
    Contexts,
}

/// UI state kept in eframe's storage: never a secret, never workspace content.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Remembered {
    pub panel: Panel,
    pub language: Option<Language>,
    pub theme: ThemeChoice,
    pub payload: usize,
    pub user: usize,
    pub ticket: usize,
    /// The render context previews use; none renders without one.
    pub context: Option<usize>,
    pub active_profile: Option<String>,
    pub preview_tab: PreviewTab,
    pub users_tab: UsersTab,
    /// The start card was closed or one of its journeys taken: it does not come back.
    pub started: bool,
}

/// The payload editor's transient state.
#[derive(Default)]
pub struct EditorState {
    /// The preview's output as shown (pretty JSON or where it breaks), keyed by the preview.
    pub shaped: Option<(u64, crate::preview::Shaped)>,
    /// Where to put the cursor in the next frame (a byte offset in the body).
    pub jump_to: Option<usize>,
    /// Where the cursor was when the body editor last had it (a byte offset).
    pub cursor: Option<usize>,
    /// What is selected in the body editor (byte offsets), when something is.
    pub selection: Option<std::ops::Range<usize>>,
    /// The next jump selects the finding's span, not only places the caret.
    pub jump_selects: bool,
    /// Which body the editor's undo history belongs to (payload, payload count, file): the
    /// editor is one widget for every payload, and its history must not cross into another.
    pub undo_of: Option<u64>,
    /// The insert helper's filter.
    pub insert_filter: String,
    /// Why the last filter chosen in Insert… was not inserted (cleared by the next edit).
    pub insert_refused: Option<crate::i18n::Message>,
    /// The completion the arrow keys point at, in the list shown at the caret.
    pub completion_selected: usize,
    /// Esc closed the completions for the word starting at this byte offset.
    pub completion_dismissed: Option<usize>,
    /// The rows of a body too long to edit in place, keyed by the workspace's revision and the
    /// payload.
    pub long_rows: Option<((u64, usize), crate::editor::Rows)>,
    /// The payload whose long body the person chose to edit in place anyway.
    pub edit_long: Option<usize>,
}

/// The sample-user editor: text buffers for the selected user, so a half-typed value or
/// invalid JSON is kept as typed (and named) instead of lost.
#[derive(Debug, Default)]
pub struct UsersView {
    pub search: String,
    pub form: Option<UserForm>,
    /// The selected ticket's or context's JSON as typed.
    pub json: Vec<JsonBuffer>,
    pub braze_ids: String,
}

#[derive(Debug, Clone)]
pub struct UserForm {
    pub index: usize,
    /// The workspace revision the buffers were filled from.
    pub revision: u64,
    /// `external_id` and the standard fields, in `UserForm::FIELDS` order.
    pub fields: Vec<String>,
    pub custom: String,
    pub custom_error: Option<Message>,
}

impl UserForm {
    pub fn fields() -> impl Iterator<Item = &'static str> {
        std::iter::once("external_id").chain(crate::users::STANDARD_ATTRIBUTES.iter().copied())
    }
}

#[derive(Debug, Clone)]
pub struct JsonBuffer {
    /// What it edits: a ticket or one namespace of a context.
    pub target: JsonTarget,
    pub revision: u64,
    pub text: String,
    pub error: Option<Message>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonTarget {
    Ticket(usize),
    /// One namespace of a context (`event_properties`, …), or "" for the rest of it.
    Context(usize, &'static str),
}

/// Profiles and credentials being edited. The secrets typed here live only in memory until
/// they go to the keyring, and are cleared as soon as they have.
#[derive(Debug, Default)]
pub struct SettingsState {
    pub name: String,
    pub zendesk_subdomain: String,
    pub zendesk_email: String,
    pub zendesk_token: String,
    pub braze_instance: String,
    pub braze_key: String,
    pub error: Option<Message>,
    /// Connection test results, one line per service.
    pub checks: super::jobs::Checks,
    /// The profile saved last, while it is not the active one (Settings offers to switch).
    pub saved: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPurpose {
    Open,
    SaveAs,
    Export,
    /// A send through Braze that differed, as a test case.
    ExportCase,
}

/// Asks for a file path (open, save as, export).
#[derive(Debug)]
pub struct PathDialog {
    pub purpose: PathPurpose,
    pub path: String,
    pub error: Option<Message>,
}

#[derive(Debug, Default)]
pub struct Palette {
    pub query: String,
    pub selected: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub error: bool,
    pub text: Message,
    /// When it was shown, on the app's clock: a notice that is not an error goes after
    /// [`NOTICE_LIFETIME`]; an error stays until it is closed.
    pub shown_at: std::time::Instant,
}

/// How long a notice that is not an error stays.
pub const NOTICE_LIFETIME: std::time::Duration = std::time::Duration::from_secs(8);

impl PathDialog {
    pub fn new(purpose: PathPurpose, suggestion: PathBuf) -> PathDialog {
        PathDialog {
            purpose,
            path: suggestion.display().to_string(),
            error: None,
        }
    }
}

/// The test-send console: what is in flight, the last result, the history and this session's
/// confirmations.
#[derive(Default)]
pub struct ConsoleState {
    /// Send even when the linter reports errors.
    pub override_errors: bool,
    /// Why the last Send did not go (lint errors, an abort, a template error).
    pub blocked: Option<Message>,
    /// A send being rendered and linted (off the UI thread) before it goes.
    pub preparing: Option<poll_promise::Promise<Result<PendingSend, Message>>>,
    /// Real services already confirmed this session (by description).
    pub confirmed: std::collections::HashSet<String>,
    /// A send waiting for "this creates a real ticket in …" to be confirmed.
    pub confirm: Option<PendingSend>,
    pub in_flight: Option<InFlight>,
    /// The exchange shown: the last send, or one picked from the history.
    pub shown: Option<crate::send::history::Entry>,
    pub history: Vec<crate::send::history::Entry>,
    pub filter: String,
    /// A "send to all" run: its rows and its cancel.
    pub bulk: Option<BulkRun>,
    /// The exchange compared with the one shown.
    pub compare: Option<crate::send::history::Entry>,
    /// The rules read from a ticket's audits (the ticket view's "Which rules ran").
    pub rules: Option<super::ticket_rules::TicketRules>,
    /// Searches the shown response body.
    pub body_search: String,
    /// The payload the console sends; none follows the editor's.
    pub payload: Option<usize>,
    /// The sample the console sends (of its payload's kind); none follows the editor's.
    pub subject: Option<usize>,
    /// What was put on the clipboard last, said beside its button until another exchange shows.
    pub copied: Option<Copied>,
    /// Which came last, a single exchange or a batch: it is drawn on top.
    pub newest: Newest,
    /// Scroll the exchange view back to its top (a new exchange arrived) in the next frame.
    pub scroll_to_top: bool,
    /// "Send through Braze": the run, its comparison, the once-a-session warning.
    pub via_braze: super::via_braze::ViaBrazeState,
}

/// Something the console put on the clipboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copied {
    pub what: CopiedWhat,
    /// The exchange it came from (its time and URL).
    pub exchange: (chrono::DateTime<chrono::Utc>, String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopiedWhat {
    Curl,
    RequestBody,
    ResponseBody,
}

/// What the console shows on top.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Newest {
    #[default]
    Exchange,
    Batch,
}

pub struct BulkRun {
    pub progress: std::sync::Arc<std::sync::Mutex<crate::send::bulk::Progress>>,
    pub cancel: tokio_util::sync::CancellationToken,
    /// Why the run ended before any row went (no client for the profile, an engine failure).
    pub failure: std::sync::Arc<std::sync::Mutex<Option<Message>>>,
    pub total: usize,
    /// Whether its finished rows went into the history list yet.
    pub collected: bool,
}

/// A send ready to go once confirmed.
#[derive(Clone, Debug)]
pub struct PendingSend {
    pub description: String,
    pub profile: crate::profiles::Profile,
    pub target: crate::target::Target,
    pub body: String,
    pub template: String,
    pub subject: String,
    /// Confirms a "send to all" rather than one send.
    pub all: bool,
}

pub struct InFlight {
    pub watch: crate::api::Watch,
    pub promise: poll_promise::Promise<Result<crate::send::history::Entry, Message>>,
}

pub use super::sandbox_view::SandboxView;
