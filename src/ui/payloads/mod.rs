//! The payload editor: the list of payloads, the template fields, the body with Liquid-in-JSON
//! colouring and the linter's findings underlined, the findings list, and the live preview.
//!
//! The panel's rooms: this file lays the panes out (the list on the left, the preview on the
//! right, the findings below, the payload in the centre) and draws their dividers' grips;
//! `list` is the payload list, `fields` the payload's fields above its body, `insert` the
//! Insert… menu, `editor` the body editor with its colouring, underlines and completion,
//! `findings` the findings pane and `preview` the three previews.

mod editor;
mod fields;
mod findings;
mod galley;
mod insert;
mod list;
mod preview;

use egui::{TextStyle, Ui};

use crate::app::{Command, ZenbrazeApp};
use crate::ui::theme::{size, space};
use fields::editor_ui;
use findings::findings_ui;
use list::list_ui;
use preview::preview_ui;

/// The panes' least sizes are theme tokens; the tests read them here.
pub use crate::ui::theme::size::{EDITOR_MIN_HEIGHT, EDITOR_MIN_WIDTH};

/// The preview never takes more than this share of the width beside the payload list.
pub const PREVIEW_MAX_SHARE: f32 = 0.5;

/// The findings pane shows at least this many findings without scrolling.
pub const FINDINGS_MIN_ROWS: f32 = 5.0;

pub fn ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    let list = egui::Panel::left("payload_list")
        .resizable(true)
        .default_size(size::PAYLOAD_LIST_WIDTH)
        .size_range(size::PAYLOAD_LIST_MIN_WIDTH..=size::PAYLOAD_LIST_MAX_WIDTH)
        .show(ui, |ui| contained(ui, |ui| list_ui(app, ui)));
    let mut grips = vec![(list.response.rect, Side::Right)];
    if app.payload().is_none() {
        ui.label(app.tr("no-payloads"));
        if ui.button(app.tr("cmd-new-payload")).clicked() {
            app.push(Command::NewPayload);
        }
        grips_ui(ui, &grips);
        return;
    }
    // Sizes come from the space there is, not from what a tab holds: a wide table scrolls inside
    // the preview instead of pushing the editor out of the window.
    let width = ui.available_width();
    let preview_max = (width - EDITOR_MIN_WIDTH)
        .min(width * PREVIEW_MAX_SHARE)
        .max(size::PREVIEW_MIN_WIDTH.min(width * 0.4));
    let preview_range = size::PREVIEW_MIN_WIDTH.min(preview_max)..=preview_max;
    let mut preview = egui::Panel::right("preview")
        .resizable(true)
        .default_size((width * 0.42).clamp(*preview_range.start(), preview_max))
        .size_range(preview_range.clone());
    // egui keeps a panel's width in points: a window grown from 900 to 1920 left the preview a
    // fifth of the room. When the room changes, the preview keeps its share of it instead.
    let share_id = egui::Id::unique("preview_share");
    let before: Option<(f32, f32)> = ui.ctx().data(|d| d.get_temp(share_id));
    if let Some((room, share)) = before
        && (room - width).abs() > 0.5
    {
        preview =
            preview.exact_size((share * width).clamp(*preview_range.start(), *preview_range.end()));
    }
    let preview = preview.show(ui, |ui| contained(ui, |ui| preview_ui(app, ui)));
    let share = preview.response.rect.width() / width.max(1.0);
    ui.ctx()
        .data_mut(|d| d.insert_temp(share_id, (width, share)));
    grips.push((preview.response.rect, Side::Left));
    let height = ui.available_height();
    let findings_min = findings_min_height(ui).min(height * 0.5);
    // The body editor sits below the payload's fields (name, URL, direction, headers), so its
    // least height is kept below them: with only EDITOR_MIN_HEIGHT kept for the whole pane, a
    // findings pane sized in a larger window left the editor a few lines after a shrink.
    let fields = ui
        .ctx()
        .data(|d| d.get_temp::<f32>(fields_height_id()))
        .unwrap_or(size::FIELDS_HEIGHT_GUESS);
    let findings_max = (height - fields - EDITOR_MIN_HEIGHT).max(findings_min);
    let mut findings = egui::Panel::bottom("findings")
        .resizable(true)
        .default_size((height * 0.34).clamp(findings_min, findings_max))
        .size_range(findings_min..=findings_max);
    // As the preview's width: a pane sized in a 600-point window kept its 180 points in a
    // 1080-point one, cutting findings off under an editor with room to spare.
    let findings_share_id = egui::Id::unique("findings_share");
    let before: Option<(f32, f32)> = ui.ctx().data(|d| d.get_temp(findings_share_id));
    if let Some((room, share)) = before
        && (room - height).abs() > 0.5
    {
        findings = findings.exact_size((share * height).clamp(findings_min, findings_max));
    }
    let findings = findings.show(ui, |ui| contained(ui, |ui| findings_ui(app, ui)));
    let share = findings.response.rect.height() / height.max(1.0);
    ui.ctx()
        .data_mut(|d| d.insert_temp(findings_share_id, (height, share)));
    grips.push((findings.response.rect, Side::Top));
    egui::CentralPanel::default().show(ui, |ui| contained(ui, |ui| editor_ui(app, ui)));
    grips_ui(ui, &grips);
}

/// Where the height of the fields above the body editor is kept from one frame to the next.
fn fields_height_id() -> egui::Id {
    egui::Id::unique("payload_fields_height")
}

/// The findings pane's least height: its heading and [`FINDINGS_MIN_ROWS`] one-line findings.
pub fn findings_min_height(ui: &Ui) -> f32 {
    let row = ui.text_style_height(&TextStyle::Body) + ui.spacing().item_spacing.y + space::XXS;
    let heading = ui.text_style_height(&TextStyle::Heading) + 2.0 * ui.spacing().item_spacing.y;
    let margins = 2.0 * ui.spacing().window_margin.sum().y;
    heading + FINDINGS_MIN_ROWS * row + margins
}

/// Draws `add` in exactly the space left in `ui`. What it draws can never widen or lengthen the
/// pane: long lines and tables scroll inside their own areas, so no tab pushes the editor away,
/// and a pane's size stays the one the person gave it.
pub fn contained(ui: &mut Ui, add: impl FnOnce(&mut Ui)) {
    mark_pane(ui);
    let rect = ui.available_rect_before_wrap();
    let mut child = ui.new_child(egui::UiBuilder::new().max_rect(rect).layout(*ui.layout()));
    child.shrink_clip_rect(rect);
    add(&mut child);
    ui.allocate_rect(rect, egui::Sense::hover());
}

/// Gives the panel `ui` is drawn in its bounds in the accessibility tree: egui names a panel a
/// pane but leaves it without a place, so a screen reader (or a test) cannot tell where it is.
pub(crate) fn mark_pane(ui: &Ui) {
    let mut level = Some(ui.stack().as_ref());
    while let Some(stack) = level {
        if stack.kind().is_some_and(|k| k.is_panel()) {
            let r = stack.max_rect;
            ui.ctx().accesskit_node_builder(stack.unique_id, |node| {
                node.set_bounds(egui::accesskit::Rect {
                    x0: r.min.x.into(),
                    y0: r.min.y.into(),
                    x1: r.max.x.into(),
                    y1: r.max.y.into(),
                });
            });
            return;
        }
        level = stack.parent.as_deref();
    }
}

#[derive(Clone, Copy)]
enum Side {
    Left,
    Right,
    Top,
}

/// A visible grip in the middle of each divider that can be dragged (egui's own line is faint).
fn grips_ui(ui: &Ui, panes: &[(egui::Rect, Side)]) {
    let colour = ui.visuals().widgets.inactive.fg_stroke.color;
    let painter = ui.painter();
    for (rect, side) in panes {
        let (centre, size) = match side {
            Side::Left => (
                egui::pos2(rect.left(), rect.center().y),
                egui::vec2(size::GRIP_THICKNESS, size::GRIP_LENGTH),
            ),
            Side::Right => (
                egui::pos2(rect.right(), rect.center().y),
                egui::vec2(size::GRIP_THICKNESS, size::GRIP_LENGTH),
            ),
            Side::Top => (
                egui::pos2(rect.center().x, rect.top()),
                egui::vec2(size::GRIP_LENGTH, size::GRIP_THICKNESS),
            ),
        };
        painter.rect_filled(
            egui::Rect::from_center_size(centre, size),
            size::GRIP_ROUNDING,
            colour,
        );
    }
}
