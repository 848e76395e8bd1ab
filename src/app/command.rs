//! Everything a person can ask for. Buttons, shortcuts, the command palette and tests all push
//! a `Command`; `logic` applies them after the frame.

use egui::{Key, KeyboardShortcut, Modifiers};
use serde_json::Value as Json;

use super::state::{Panel, PathPurpose, ThemeChoice};
use crate::i18n::Language;

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Show(Panel),
    Save,
    Ask(PathPurpose),
    Open(std::path::PathBuf),
    SaveAs(std::path::PathBuf),
    Export(std::path::PathBuf),
    OpenPalette,
    OpenImport,
    SetTheme(ThemeChoice),
    SetLanguage(Language),
    NewPayload,
    DuplicatePayload,
    DeletePayload,
    SelectPayload(usize),
    /// The preview's user (Braze → Zendesk) or ticket (Zendesk → Braze).
    SelectSubject(usize),
    NextSubject,
    PreviousSubject,
    /// Applies the fix of the current preview's finding at this index.
    ApplyFix(usize),
    /// Puts the body editor's cursor at this byte offset.
    JumpTo(usize),
    /// Inserts text at the body editor's cursor.
    Insert(String),
    /// Replaces a byte range of the body (a completion).
    Replace(std::ops::Range<usize>, String),
    /// Adds one of the bundled presets as a new payload.
    AddPreset(usize),
    AddUser,
    DuplicateUser,
    DeleteUser,
    AddTicket,
    DeleteTicket,
    AddContext,
    DeleteContext,
    /// Adds imported users (the import dialog closes).
    AddUsers(Vec<Json>),
    ImportFromBraze(Vec<String>),
    SetActiveProfile(String),
    /// Renders, lints and sends the selected payload for the selected sample (Ctrl+Enter).
    Send,
    /// Sends what waited for confirmation.
    ConfirmSend,
    /// The selected payload for every sample, a few at a time.
    SendToAll,
    CancelSend,
    /// Shows a history entry in the exchange view.
    ShowExchange(usize),
    /// Sends a history entry's body again, to the same target with its profile.
    Resend(usize),
    /// Marks a history entry to compare with the one shown.
    Compare(Option<usize>),
    /// Opens the sandbox view on one ticket, read through the Zendesk API (history links).
    ShowSandboxTicket(u64),
    /// Changes a sandbox ticket's status through the Zendesk API (its triggers fire).
    SetTicketStatus(u64, String),
    /// Replaces the sandbox's faults (JSON as `/__sandbox/faults` takes them).
    SetFaults(Vec<Json>),
    ResetSandbox,
    SaveProfile,
    DeleteProfile(String),
    TestProfile(String),
    /// The setup wizard: a step, a test, plan, apply, verify, remove.
    Wizard(super::wizard::WizardCommand),
}

/// What the palette lists: every action that needs no argument, with its shortcut.
pub fn palette_entries() -> Vec<(Command, &'static str, Option<KeyboardShortcut>)> {
    let mut out: Vec<(Command, &'static str, Option<KeyboardShortcut>)> = Panel::ALL
        .iter()
        .map(|p| (Command::Show(*p), p.key(), panel_shortcut(*p)))
        .collect();
    out.extend([
        (Command::Save, "cmd-save", Some(SAVE)),
        (Command::Send, "cmd-send", Some(SEND)),
        (Command::SendToAll, "cmd-send-all", None),
        (Command::Ask(PathPurpose::Open), "cmd-open", Some(OPEN)),
        (
            Command::Ask(PathPurpose::SaveAs),
            "cmd-save-as",
            Some(SAVE_AS),
        ),
        (Command::Ask(PathPurpose::Export), "cmd-export", None),
        (Command::OpenImport, "cmd-import-users", Some(IMPORT)),
        (Command::NewPayload, "cmd-new-payload", None),
        (Command::DuplicatePayload, "cmd-duplicate-payload", None),
        (Command::DeletePayload, "cmd-delete-payload", None),
        (Command::NextSubject, "cmd-next-subject", Some(NEXT)),
        (
            Command::PreviousSubject,
            "cmd-previous-subject",
            Some(PREVIOUS),
        ),
        (Command::AddUser, "cmd-add-user", None),
        (Command::DuplicateUser, "cmd-duplicate-user", None),
        (Command::DeleteUser, "cmd-delete-user", None),
        (Command::AddTicket, "cmd-add-ticket", None),
        (Command::AddContext, "cmd-add-context", None),
        (
            Command::SetTheme(ThemeChoice::Light),
            "cmd-theme-light",
            None,
        ),
        (Command::SetTheme(ThemeChoice::Dark), "cmd-theme-dark", None),
        (
            Command::SetTheme(ThemeChoice::System),
            "cmd-theme-system",
            None,
        ),
        (
            Command::SetLanguage(Language::English),
            "cmd-language-en",
            None,
        ),
        (
            Command::SetLanguage(Language::Spanish),
            "cmd-language-es",
            None,
        ),
    ]);
    out
}

pub const PALETTE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::K);
pub const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
pub const SEND: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Enter);
pub const SAVE_AS: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);
pub const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
pub const IMPORT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::I);
pub const NEXT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::ALT, Key::ArrowDown);
pub const PREVIOUS: KeyboardShortcut = KeyboardShortcut::new(Modifiers::ALT, Key::ArrowUp);

/// Ctrl+1 … Ctrl+6 switch panels.
pub fn panel_shortcut(panel: Panel) -> Option<KeyboardShortcut> {
    let keys = [
        Key::Num1,
        Key::Num2,
        Key::Num3,
        Key::Num4,
        Key::Num5,
        Key::Num6,
    ];
    let i = Panel::ALL.iter().position(|p| *p == panel)?;
    Some(KeyboardShortcut::new(Modifiers::COMMAND, keys[i]))
}

/// The commands whose shortcut was pressed this frame (the shortcuts are consumed).
pub fn from_shortcuts(ctx: &egui::Context) -> Vec<Command> {
    let mut out = Vec::new();
    ctx.input_mut(|input| {
        // Longer chords first: Ctrl+Shift+S is not also Ctrl+S.
        if input.consume_shortcut(&SAVE_AS) {
            out.push(Command::Ask(PathPurpose::SaveAs));
        }
        if input.consume_shortcut(&PALETTE) {
            out.push(Command::OpenPalette);
        }
        for (command, _, shortcut) in palette_entries() {
            if let Some(s) = shortcut
                && s != SAVE_AS
                && input.consume_shortcut(&s)
            {
                out.push(command);
            }
        }
    });
    out
}
