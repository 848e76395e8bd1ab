//! Everything a person can ask for. Buttons, menus, shortcuts, the command palette and tests all
//! push a `Command`; `logic` applies them after the frame (see `apply.rs`).
//!
//! A command describes itself: its name in the catalogue, its shortcut, and whether the palette
//! lists it. The workspace menu, the palette, the shortcut handler and the buttons' shortcut
//! hints all read these, so a name or a shortcut is written once, here.

use egui::{Key, KeyboardShortcut, Modifiers};
use serde_json::Value as Json;

use super::panel::Panel;
use super::state::{PathPurpose, ThemeChoice};
use crate::i18n::Language;

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Show(Panel),
    /// A short-lived notice (not an error), e.g. that something was copied.
    Notify(crate::i18n::Message),
    Save,
    /// Asks for a path (a dialog), then opens, saves as or exports.
    Ask(PathPurpose),
    Open(std::path::PathBuf),
    SaveAs(std::path::PathBuf),
    Export(std::path::PathBuf),
    OpenPalette,
    OpenImport,
    /// Shows the system's file chooser for this purpose (beside the typed path).
    ChooseFile(super::chooser::ChoosePurpose),
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
    /// Adds a filter (` | name: …`) to the Liquid tag at the body editor's cursor, or says why
    /// it cannot.
    InsertFilter(String),
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
    /// Reads the import dialog's file (off the UI thread) and reads its users.
    ReadImportFile,
    /// Adds the users the import dialog read (it closes).
    AddImportedUsers,
    /// Adds these users (as an import does).
    AddUsers(Vec<Json>),
    ImportFromBraze(Vec<String>),
    SetActiveProfile(String),
    /// Renders, lints and sends the selected payload for the selected sample (Ctrl+Enter).
    Send,
    /// Sends what waited for confirmation.
    ConfirmSend,
    /// The selected payload for every sample, a few at a time.
    SendToAll,
    /// Braze renders and sends the console's payload; the ticket is compared with the preview.
    /// `acknowledged`: the person said yes to the credential travelling inside the request.
    SendViaBraze {
        acknowledged: bool,
    },
    /// Writes the shown send through Braze (template, user, both outputs) as a test case.
    ExportCase(std::path::PathBuf),
    CancelSend,
    /// Shows a history entry in the exchange view.
    ShowExchange(usize),
    /// Sends a history entry's body again, to the same target with its profile.
    Resend(usize),
    /// Marks a history entry to compare with the one shown.
    Compare(Option<usize>),
    /// The payload the console sends (none: the editor's).
    ConsolePayload(Option<usize>),
    /// The sample the console sends (none: the editor's).
    ConsoleSample(Option<usize>),
    /// Closes a finished "send to all" table.
    CloseBatch,
    /// Opens the sandbox view on one ticket, read through the Zendesk API (history links).
    ShowSandboxTicket(u64),
    /// Reads a ticket's audits with a profile and lists the rules that ran on it.
    ReadTicketRules(u64, String),
    /// Changes a sandbox ticket's status through the Zendesk API (its triggers fire).
    SetTicketStatus(u64, String),
    /// Replaces the sandbox's faults (JSON as `/__sandbox/faults` takes them).
    SetFaults(Vec<Json>),
    /// Moves the sandbox's clock on so many hours; its automations run at each hour.
    AdvanceSandboxClock(i64),
    ResetSandbox,
    /// Renders again after a start that stopped while rendering (`start_guard`).
    ResumePreviews,
    SaveProfile,
    DeleteProfile(String),
    TestProfile(String),
    /// Stops the connection test that runs.
    CancelConnectionTest,
    /// The setup wizard: a step, a test, plan, apply, verify, remove.
    Wizard(super::wizard::WizardCommand),
    /// A destructive command the person confirmed (any other asks first: `confirm.rs`).
    Confirmed(Box<Command>),
    /// Answers "no" to the confirmation asked.
    CancelConfirm,
    /// Shows the start card again (closed with its ×).
    ShowStart,
    /// Puts the start card away (it stays in the Workspace menu).
    CloseStart,
    /// Takes one of the start card's journeys (0 preview, 1 send, 2 set up); the card stays.
    StartJourney(usize),
}

/// The commands that need no argument, besides showing a panel: what can be run by name.
const NAMED: &[Command] = &[
    Command::Save,
    Command::Send,
    Command::SendToAll,
    Command::Ask(PathPurpose::Open),
    Command::Ask(PathPurpose::SaveAs),
    Command::Ask(PathPurpose::Export),
    Command::OpenImport,
    Command::NewPayload,
    Command::DuplicatePayload,
    Command::DeletePayload,
    Command::NextSubject,
    Command::PreviousSubject,
    Command::AddUser,
    Command::DuplicateUser,
    Command::DeleteUser,
    Command::AddTicket,
    Command::AddContext,
    Command::SetTheme(ThemeChoice::Light),
    Command::SetTheme(ThemeChoice::Dark),
    Command::SetTheme(ThemeChoice::System),
    Command::SetLanguage(Language::English),
    Command::SetLanguage(Language::Spanish),
    Command::ShowStart,
    Command::OpenPalette,
];

/// The Workspace menu, in order.
pub const WORKSPACE_MENU: &[Command] = &[
    Command::Save,
    Command::Ask(PathPurpose::Open),
    Command::Ask(PathPurpose::SaveAs),
    Command::Ask(PathPurpose::Export),
    Command::OpenImport,
    Command::ShowStart,
];

impl Command {
    /// The catalogue key of its name in menus and the palette. Commands whose argument is
    /// picked in a panel (a row, a path, a profile) have none: they are run from there.
    pub fn label_key(&self) -> Option<&'static str> {
        use Command as C;
        Some(match self {
            C::Show(panel) => panel.label_key(),
            C::Save => "cmd-save",
            C::Send => "cmd-send",
            C::SendToAll => "cmd-send-all",
            C::Ask(PathPurpose::Open) => "cmd-open",
            C::Ask(PathPurpose::SaveAs) => "cmd-save-as",
            C::Ask(PathPurpose::Export) => "cmd-export",
            C::Ask(PathPurpose::ExportCase) => "cmd-export-case",
            C::OpenImport => "cmd-import-users",
            C::ShowStart => "cmd-show-start",
            C::OpenPalette => "cmd-palette",
            C::NewPayload => "cmd-new-payload",
            C::DuplicatePayload => "cmd-duplicate-payload",
            C::DeletePayload => "cmd-delete-payload",
            C::NextSubject => "cmd-next-subject",
            C::PreviousSubject => "cmd-previous-subject",
            C::AddUser => "cmd-add-user",
            C::DuplicateUser => "cmd-duplicate-user",
            C::DeleteUser => "cmd-delete-user",
            C::AddTicket => "cmd-add-ticket",
            C::AddContext => "cmd-add-context",
            C::SetTheme(ThemeChoice::Light) => "cmd-theme-light",
            C::SetTheme(ThemeChoice::Dark) => "cmd-theme-dark",
            C::SetTheme(ThemeChoice::System) => "cmd-theme-system",
            C::SetLanguage(Language::English) => "cmd-language-en",
            C::SetLanguage(Language::Spanish) => "cmd-language-es",
            C::Open(_)
            | C::Notify(_)
            | C::SaveAs(_)
            | C::Export(_)
            | C::SelectPayload(_)
            | C::SelectSubject(_)
            | C::ApplyFix(_)
            | C::JumpTo(_)
            | C::Insert(_)
            | C::InsertFilter(_)
            | C::Replace(..)
            | C::AddPreset(_)
            | C::DeleteTicket
            | C::DeleteContext
            | C::ReadImportFile
            | C::AddImportedUsers
            | C::AddUsers(_)
            | C::ImportFromBraze(_)
            | C::SetActiveProfile(_)
            | C::ConfirmSend
            | C::SendViaBraze { .. }
            | C::ExportCase(_)
            | C::CancelSend
            | C::ShowExchange(_)
            | C::Resend(_)
            | C::Compare(_)
            | C::ConsolePayload(_)
            | C::ConsoleSample(_)
            | C::CloseBatch
            | C::ShowSandboxTicket(..)
            | C::ReadTicketRules(..)
            | C::SetTicketStatus(..)
            | C::SetFaults(_)
            | C::AdvanceSandboxClock(_)
            | C::ResetSandbox
            | C::ResumePreviews
            | C::SaveProfile
            | C::DeleteProfile(_)
            | C::TestProfile(_)
            | C::CancelConnectionTest
            | C::ChooseFile(_)
            | C::Wizard(_)
            | C::Confirmed(_)
            | C::CancelConfirm
            | C::CloseStart
            | C::StartJourney(_) => return None,
        })
    }

    /// Its keyboard shortcut.
    pub fn shortcut(&self) -> Option<KeyboardShortcut> {
        let command = |key| KeyboardShortcut::new(Modifiers::COMMAND, key);
        match self {
            Command::Show(panel) => panel.shortcut(),
            Command::Save => Some(command(Key::S)),
            Command::Send => Some(command(Key::Enter)),
            Command::Ask(PathPurpose::Open) => Some(command(Key::O)),
            Command::Ask(PathPurpose::SaveAs) => Some(KeyboardShortcut::new(
                Modifiers::COMMAND.plus(Modifiers::SHIFT),
                Key::S,
            )),
            Command::OpenImport => Some(command(Key::I)),
            Command::OpenPalette => Some(command(Key::K)),
            Command::NextSubject => Some(KeyboardShortcut::new(Modifiers::ALT, Key::ArrowDown)),
            Command::PreviousSubject => Some(KeyboardShortcut::new(Modifiers::ALT, Key::ArrowUp)),
            _ => None,
        }
    }

    /// Whether the palette lists it (the palette does not list itself).
    pub fn in_palette(&self) -> bool {
        self.label_key().is_some() && *self != Command::OpenPalette
    }

    /// Every command that can be run by name: showing each panel, then the rest.
    pub fn named() -> impl Iterator<Item = Command> {
        Panel::ALL
            .iter()
            .map(|p| Command::Show(*p))
            .chain(NAMED.iter().cloned())
    }

    /// What the palette lists, in order.
    pub fn palette() -> impl Iterator<Item = Command> {
        Command::named().filter(Command::in_palette)
    }

    /// The named commands with a shortcut, longer chords first: `Ctrl+Shift+S` is tried
    /// before `Ctrl+S`, which egui would otherwise also match.
    pub fn with_shortcuts() -> Vec<(KeyboardShortcut, Command)> {
        let mut out: Vec<(KeyboardShortcut, Command)> = Command::named()
            .filter_map(|c| c.shortcut().map(|s| (s, c)))
            .collect();
        let chord = |s: &KeyboardShortcut| {
            let m = s.modifiers;
            [m.alt, m.ctrl, m.shift, m.mac_cmd, m.command]
                .iter()
                .filter(|on| **on)
                .count()
        };
        out.sort_by_key(|(s, _)| std::cmp::Reverse(chord(s)));
        out
    }
}

/// The commands whose shortcut was pressed this frame (those shortcuts are consumed).
pub fn from_shortcuts(ctx: &egui::Context) -> Vec<Command> {
    let shortcuts = Command::with_shortcuts();
    ctx.input_mut(|input| {
        shortcuts
            .into_iter()
            .filter(|(s, _)| input.consume_shortcut(s))
            .map(|(_, c)| c)
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Catalogue;

    #[test]
    fn every_named_command_has_a_name_in_both_languages() {
        for language in Language::ALL {
            let keys = Catalogue::keys(language);
            for command in Command::named() {
                let key = command.label_key().expect("named commands have a name");
                assert!(keys.iter().any(|k| k == key), "{language:?} lacks {key}");
            }
        }
    }

    #[test]
    fn no_two_commands_share_a_shortcut() {
        let shortcuts = Command::with_shortcuts();
        for (i, (a, ca)) in shortcuts.iter().enumerate() {
            for (b, cb) in &shortcuts[i + 1..] {
                assert_ne!(a, b, "{ca:?} and {cb:?}");
            }
        }
    }

    #[test]
    fn the_palette_lists_every_panel_and_the_workspace_menu_but_not_itself() {
        let palette: Vec<Command> = Command::palette().collect();
        for panel in Panel::ALL {
            assert!(palette.contains(&Command::Show(*panel)), "{panel:?}");
        }
        for command in WORKSPACE_MENU {
            assert!(palette.contains(command), "{command:?}");
        }
        assert!(!palette.contains(&Command::OpenPalette));
        assert!(Command::OpenPalette.shortcut().is_some());
    }

    #[test]
    fn longer_chords_are_tried_first() {
        let shortcuts = Command::with_shortcuts();
        let at = |c: &Command| shortcuts.iter().position(|(_, x)| x == c).unwrap();
        assert!(at(&Command::Ask(PathPurpose::SaveAs)) < at(&Command::Save));
    }

    #[test]
    fn commands_with_an_argument_are_run_from_their_panel_not_by_name() {
        for command in [
            Command::Open("x".into()),
            Command::SelectSubject(3),
            Command::Insert("x".into()),
            Command::DeleteProfile("acme".into()),
        ] {
            assert_eq!(command.label_key(), None);
            assert!(!command.in_palette());
        }
    }
}
