//! Picking a file: the system's chooser (the XDG desktop portal, through rfd: no GTK needed) for
//! Open, Save as, Export and importing users, beside the typed path that always works. The
//! chooser is a trait so tests script the person's pick; it runs off the UI thread, since the
//! portal's dialog blocks until the person answers.

use std::path::PathBuf;

use crate::i18n::Message;
use crate::msg;

/// What a file is chosen for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChoosePurpose {
    Open,
    SaveAs,
    Export,
    /// A send through Braze that differed, as a test case.
    ExportCase,
    /// Sample users from a JSON or CSV file.
    Import,
}

impl ChoosePurpose {
    /// Whether the file must exist (an open) rather than be named (a save).
    pub fn opens(self) -> bool {
        matches!(self, ChoosePurpose::Open | ChoosePurpose::Import)
    }
}

/// What the chooser is asked: its title, where it starts, a suggested name, the file types.
#[derive(Debug, Clone, PartialEq)]
pub struct ChooseRequest {
    pub purpose: ChoosePurpose,
    pub title: String,
    pub directory: Option<PathBuf>,
    pub file_name: Option<String>,
    /// (name, extensions) pairs, e.g. ("JSON", ["json"]).
    pub filters: Vec<(String, Vec<String>)>,
}

/// Asks the person for a file. `Ok(None)` when they cancelled; `Err` when no chooser could be
/// shown (no portal here): the typed path is then the way.
pub trait FileChooser: Send + Sync {
    fn choose(&self, request: &ChooseRequest) -> Result<Option<PathBuf>, Message>;
}

/// The desktop's chooser through the XDG desktop portal (GNOME, KDE and others provide one).
pub struct SystemChooser;

impl FileChooser for SystemChooser {
    fn choose(&self, request: &ChooseRequest) -> Result<Option<PathBuf>, Message> {
        if !portal_reachable() {
            return Err(msg!("chooser-unavailable"));
        }
        let mut dialog = rfd::FileDialog::new().set_title(&request.title);
        if let Some(dir) = &request.directory {
            dialog = dialog.set_directory(dir);
        }
        if let Some(name) = &request.file_name {
            dialog = dialog.set_file_name(name);
        }
        for (name, extensions) in &request.filters {
            dialog = dialog.add_filter(name, extensions);
        }
        Ok(if request.purpose.opens() {
            dialog.pick_file()
        } else {
            dialog.save_file()
        })
    }
}

/// Whether a session bus is there for the portal: without one rfd can only fail, so the
/// person is told at once to type the path.
fn portal_reachable() -> bool {
    std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        || std::env::var_os("XDG_RUNTIME_DIR")
            .is_some_and(|dir| PathBuf::from(dir).join("bus").exists())
}

/// The file types offered for a purpose: the workspace's JSON, or users as JSON or CSV.
pub fn filters(purpose: ChoosePurpose) -> Vec<(String, Vec<String>)> {
    match purpose {
        ChoosePurpose::Import => vec![
            ("JSON, CSV".into(), vec!["json".into(), "csv".into()]),
            ("JSON".into(), vec!["json".into()]),
            ("CSV".into(), vec!["csv".into(), "txt".into()]),
        ],
        _ => vec![("JSON".into(), vec!["json".into()])],
    }
}

impl super::ZenbrazeApp {
    /// Shows the system's chooser for `purpose` off the UI thread (one at a time); the pick
    /// opens, saves, exports or reads users as the typed path would (`poll_chooser`).
    pub(crate) fn choose_file(&mut self, ctx: &egui::Context, purpose: ChoosePurpose) {
        if self.background.choose.is_some() {
            return;
        }
        let title_key = match purpose {
            ChoosePurpose::Open => "cmd-open",
            ChoosePurpose::SaveAs => "cmd-save-as",
            ChoosePurpose::Export => "cmd-export",
            ChoosePurpose::ExportCase => "cmd-export-case",
            ChoosePurpose::Import => "cmd-import-users",
        };
        let current = self.doc.path().to_path_buf();
        let file_name = match purpose {
            ChoosePurpose::SaveAs => current
                .file_name()
                .map(|n| n.to_string_lossy().into_owned()),
            ChoosePurpose::Export => Some("zenbraze-export.json".to_owned()),
            ChoosePurpose::ExportCase => Some(crate::publish::via_braze::CASE_FILE.to_owned()),
            ChoosePurpose::Open | ChoosePurpose::Import => None,
        };
        let request = ChooseRequest {
            purpose,
            title: self.tr(title_key).trim_end_matches('…').to_owned(),
            directory: current.parent().map(std::path::Path::to_path_buf),
            file_name,
            filters: filters(purpose),
        };
        let chooser = std::sync::Arc::clone(&self.file_chooser);
        self.background.choose = Some(super::jobs::spawn_blocking(ctx, move || {
            let picked =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| chooser.choose(&request)))
                    .unwrap_or_else(|_| Err(msg!("chooser-unavailable")));
            (purpose, picked)
        }));
    }

    /// What the chooser brought back: the same command a typed path gives, or why there is none.
    pub(crate) fn poll_chooser(&mut self, ctx: &egui::Context) {
        use super::Command;
        let Some((purpose, picked)) = super::jobs::take_ready(&mut self.background.choose) else {
            return;
        };
        match picked {
            Ok(None) => {}
            Ok(Some(path)) => match purpose {
                ChoosePurpose::Open => self.push(Command::Open(path)),
                ChoosePurpose::SaveAs => self.push(Command::SaveAs(path)),
                ChoosePurpose::Export => self.push(Command::Export(path)),
                ChoosePurpose::ExportCase => self.push(Command::ExportCase(path)),
                ChoosePurpose::Import => {
                    if let Some(dialog) = &mut self.import {
                        dialog.path = path.display().to_string();
                        dialog.read_file(ctx);
                    }
                }
            },
            Err(why) => match &mut self.path_dialog {
                Some(dialog) if purpose != ChoosePurpose::Import => dialog.error = Some(why),
                _ => self.notify(true, why),
            },
        }
    }
}
