//! Insert…: `${…}` tags, the user's custom attributes and the context's namespaces, with a
//! filter.

use egui::Ui;

use crate::app::{Command, ZenbrazeApp};
use crate::editor::completion;
use crate::ui::UiExt as _;
use crate::ui::theme::size;

/// The insert helper: `${...}` tags, the user's custom attributes, the context's namespaces.
/// It stays open while its filter is clicked and typed in (the focus goes to the filter when it
/// opens); Enter inserts the first match, a click inserts any, Esc or a click outside closes it.
pub(super) fn insert_menu_ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    let title = app.tr("insert-menu").to_owned();
    let button = ui.button(title);
    let opened = button.clicked();
    let filter_id = egui::Id::unique("insert_filter");
    let popup = egui::Popup::menu(&button)
        .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
        .width(size::INSERT_MENU_WIDTH);
    let mut chosen = None;
    popup.show(|ui| {
        let filter_label = app.tr("insert-filter").to_owned();
        let field = ui.labelled(&filter_label, |ui| {
            ui.add(egui::TextEdit::singleline(&mut app.editor.insert_filter).id(filter_id))
        });
        if opened {
            field.request_focus();
        }
        let filter = app.editor.insert_filter.to_lowercase();
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let mut first = None;
        egui::ScrollArea::vertical()
            .max_height(size::POPUP_LIST_MAX_HEIGHT)
            .show(ui, |ui| {
                for s in app.suggestions() {
                    if !filter.is_empty() && !s.label.to_lowercase().contains(&filter) {
                        continue;
                    }
                    let command = if s.group == completion::Group::Filter {
                        Command::InsertFilter(s.insert.clone())
                    } else {
                        Command::Insert(s.insert.clone())
                    };
                    first.get_or_insert_with(|| command.clone());
                    let group = app.i18n.tr(match s.group {
                        completion::Group::Attribute => "group-attribute",
                        completion::Group::Custom => "group-custom",
                        completion::Group::Context => "group-context",
                        completion::Group::Tag => "group-tag",
                        completion::Group::Filter => "group-filter",
                        completion::Group::Variable => "group-variable",
                        completion::Group::Ticket => "group-ticket",
                    });
                    if ui
                        .add(egui::Button::new(&s.label).shortcut_text(group))
                        .clicked()
                    {
                        chosen = Some(command);
                    }
                }
                if first.is_none() {
                    ui.weak(app.tr("insert-no-match"));
                }
            });
        if enter && chosen.is_none() {
            chosen = first;
        }
        if chosen.is_some() {
            ui.close();
        }
    });
    if let Some(command) = chosen {
        app.push(command);
    }
    // Why the filter chosen last did not go in, beside the button that chose it.
    if let Some(why) = &app.editor.insert_refused {
        let why = app.say(why);
        ui.warning_label(why);
    }
}
