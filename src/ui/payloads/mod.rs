//! The payload editor: the list of payloads, the template fields, the body with Liquid-in-JSON
//! colouring and the linter's findings underlined, the findings list, and the live preview.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::ops::Range;
use std::sync::Arc;

use egui::text::{CCursor, CCursorRange, LayoutJob, TextFormat};
use egui::{Align, FontId, Galley, RichText, Stroke, TextStyle, Ui};

use super::UiExt as _;
use super::theme::{self, Tokens};
use crate::app::send::{aborted, template_error};
use crate::app::{Command, PreviewTab, ZenbrazeApp, json_text};
use crate::editor::{self, completion, highlight};
use crate::i18n::Message;
use crate::lint::{self, Severity};
use crate::msg;
use crate::preview::{Preview, RowStatus, Shaped};
use crate::target::Target;
use crate::workspace::Direction;

const METHODS: [&str; 5] = ["POST", "PUT", "PATCH", "GET", "DELETE"];

/// Bodies longer than this are edited without colouring or underlines (their findings are still
/// listed): egui lays out every coloured run each frame, and a 10 MB body has millions.
const PLAIN_BODY: usize = crate::app::PLAIN_BODY;

/// At most this many findings are underlined, and listed.
const MAX_UNDERLINES: usize = 2_000;
const MAX_LISTED: usize = 500;

/// The editor never gets narrower than this while the window has room for it: the preview
/// takes what is left, up to [`PREVIEW_MAX_SHARE`] of the panel.
pub const EDITOR_MIN_WIDTH: f32 = 340.0;
/// The body editor keeps at least this height above the findings.
pub const EDITOR_MIN_HEIGHT: f32 = 160.0;
/// The preview never takes more than this share of the width beside the payload list.
pub const PREVIEW_MAX_SHARE: f32 = 0.5;
const PREVIEW_MIN_WIDTH: f32 = 240.0;
/// The findings pane shows at least this many findings without scrolling.
pub const FINDINGS_MIN_ROWS: f32 = 5.0;

pub fn ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    let list = egui::Panel::left("payload_list")
        .resizable(true)
        .default_size(170.0)
        .size_range(130.0..=260.0)
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
        .max(PREVIEW_MIN_WIDTH.min(width * 0.4));
    let preview_range = PREVIEW_MIN_WIDTH.min(preview_max)..=preview_max;
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
        .unwrap_or(FIELDS_HEIGHT_GUESS);
    let findings_max = (height - fields - EDITOR_MIN_HEIGHT).max(findings_min);
    let findings = egui::Panel::bottom("findings")
        .resizable(true)
        .default_size((height * 0.34).clamp(findings_min, findings_max))
        .size_range(findings_min..=findings_max)
        .show(ui, |ui| contained(ui, |ui| findings_ui(app, ui)));
    grips.push((findings.response.rect, Side::Top));
    egui::CentralPanel::default().show(ui, |ui| contained(ui, |ui| editor_ui(app, ui)));
    grips_ui(ui, &grips);
}

/// Where the height of the fields above the body editor is kept from one frame to the next.
fn fields_height_id() -> egui::Id {
    egui::Id::unique("payload_fields_height")
}

/// The fields' height before the first frame has measured it: four rows and a heading.
const FIELDS_HEIGHT_GUESS: f32 = 140.0;

/// The findings pane's least height: its heading and [`FINDINGS_MIN_ROWS`] one-line findings.
pub fn findings_min_height(ui: &Ui) -> f32 {
    let row = ui.text_style_height(&TextStyle::Body) + ui.spacing().item_spacing.y + 2.0;
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
                egui::vec2(4.0, 36.0),
            ),
            Side::Right => (
                egui::pos2(rect.right(), rect.center().y),
                egui::vec2(4.0, 36.0),
            ),
            Side::Top => (
                egui::pos2(rect.center().x, rect.top()),
                egui::vec2(36.0, 4.0),
            ),
        };
        painter.rect_filled(egui::Rect::from_center_size(centre, size), 2.0, colour);
    }
}

fn list_ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    ui.heading(app.tr("panel-payloads"));
    let mut chosen = None;
    for (i, p) in app.doc.workspace.payloads.iter().enumerate() {
        let arrow = app.i18n.tr(match p.direction {
            Direction::BrazeToZendesk => "direction-braze-to-zendesk",
            Direction::ZendeskToBraze => "direction-zendesk-to-braze",
        });
        let selected = i == app.remembered.payload;
        let r = ui.add(egui::Button::selectable(selected, &p.name));
        if r.on_hover_text(arrow).clicked() {
            chosen = Some(i);
        }
    }
    if let Some(i) = chosen {
        app.push(Command::SelectPayload(i));
    }
    ui.separator();
    ui.horizontal_wrapped(|ui| {
        if ui.button(app.tr("action-new")).clicked() {
            app.push(Command::NewPayload);
        }
        if ui.button(app.tr("action-duplicate")).clicked() {
            app.push(Command::DuplicatePayload);
        }
        if ui.button(app.tr("action-delete")).clicked() {
            app.push(Command::DeletePayload);
        }
    });
    ui.menu_button(app.tr("presets").to_owned(), |ui| {
        for (i, p) in crate::workspace::Workspace::default()
            .payloads
            .iter()
            .enumerate()
        {
            if ui.button(&p.name).clicked() {
                app.push(Command::AddPreset(i));
                ui.close();
            }
        }
    });
}

fn editor_ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    let mut changed = false;
    let (t_name, t_direction, t_method, t_target, t_url) = (
        app.tr("field-name").to_owned(),
        app.tr("field-direction").to_owned(),
        app.tr("field-method").to_owned(),
        app.tr("field-lint-as").to_owned(),
        app.tr("field-url").to_owned(),
    );
    let (t_nothing, t_b2z, t_z2b) = (
        app.tr("lint-nothing").to_owned(),
        app.tr("direction-braze-to-zendesk").to_owned(),
        app.tr("direction-zendesk-to-braze").to_owned(),
    );
    let index = app.remembered.payload;
    let Some(p) = app.doc.workspace.payloads.get_mut(index) else {
        return;
    };
    egui::Grid::new("payload_fields")
        .num_columns(2)
        .show(ui, |ui| {
            let l = ui.label(&t_name);
            changed |= ui
                .add(egui::TextEdit::singleline(&mut p.name).desired_width(f32::INFINITY))
                .labelled_by(l.id)
                .changed();
            ui.end_row();
            let l = ui.label(&t_url);
            changed |= ui
                .add(
                    egui::TextEdit::singleline(&mut p.url)
                        .code_editor()
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(l.id)
                .changed();
            ui.end_row();
        });
    // Its own wrapped row, outside the grid: in a grid's cell a wrapped second line would run
    // over the URL's row below; here it pushes what follows down.
    ui.horizontal_wrapped(|ui| {
        let l = ui.label(&t_direction);
        let before = p.direction;
        egui::ComboBox::from_id_salt("direction")
            .selected_text(match p.direction {
                Direction::BrazeToZendesk => &t_b2z,
                Direction::ZendeskToBraze => &t_z2b,
            })
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut p.direction, Direction::BrazeToZendesk, &t_b2z);
                ui.selectable_value(&mut p.direction, Direction::ZendeskToBraze, &t_z2b);
            })
            .response
            .labelled_by(l.id);
        if p.direction != before {
            // A direction comes with its own dialect: keep the lint target consistent.
            p.target = Some(match p.direction {
                Direction::BrazeToZendesk => Target::ZendeskTicket,
                Direction::ZendeskToBraze => Target::ZendeskWebhookBody,
            });
            changed = true;
        }
        let l = ui.label(&t_method);
        egui::ComboBox::from_id_salt("method")
            .selected_text(p.method.as_str())
            .show_ui(ui, |ui| {
                for m in METHODS {
                    changed |= ui
                        .selectable_value(&mut p.method, m.to_owned(), m)
                        .changed();
                }
            })
            .response
            .labelled_by(l.id);
        let l = ui.label(&t_target);
        egui::ComboBox::from_id_salt("target")
            .selected_text(p.target.map_or(t_nothing.clone(), |t| t.name().to_owned()))
            .show_ui(ui, |ui| {
                changed |= ui
                    .selectable_value(&mut p.target, None, &t_nothing)
                    .changed();
                for t in Target::ALL {
                    changed |= ui
                        .selectable_value(&mut p.target, Some(t), t.name())
                        .changed();
                }
            })
            .response
            .labelled_by(l.id);
    });
    changed |= headers_ui(app.i18n, &mut app.doc.workspace.payloads[index].headers, ui);
    if changed {
        app.edited();
    }
    let label = ui
        .horizontal(|ui| {
            let label = ui.strong(app.tr("field-body"));
            insert_menu_ui(app, ui);
            label.id
        })
        .inner;
    // Measured for the next frame's findings pane, with the pane's margins.
    let fields = ui.cursor().top() - ui.max_rect().top()
        + ui.spacing().window_margin.sum().y
        + ui.spacing().item_spacing.y;
    ui.ctx()
        .data_mut(|d| d.insert_temp(fields_height_id(), fields));
    body_ui(app, ui, label);
}

fn headers_ui(
    i18n: &crate::i18n::Catalogue,
    headers: &mut Vec<(String, String)>,
    ui: &mut Ui,
) -> bool {
    let mut changed = false;
    let mut remove = None;
    egui::CollapsingHeader::new(i18n.message(&msg!("headers-count", count = headers.len())))
        .id_salt("headers")
        .show(ui, |ui| {
            // Name, value and the remove button share the editor's width.
            let room = (ui.available_width() - 90.0).max(120.0);
            let (name_width, value_width) = (room * 0.35, room * 0.65);
            egui::Grid::new("headers_grid")
                .num_columns(3)
                .show(ui, |ui| {
                    for (i, (name, value)) in headers.iter_mut().enumerate() {
                        changed |= ui
                            .add(
                                egui::TextEdit::singleline(name)
                                    .hint_text(i18n.tr("header-name"))
                                    .desired_width(name_width),
                            )
                            .changed();
                        changed |= ui
                            .add(
                                egui::TextEdit::singleline(value)
                                    .hint_text(i18n.tr("header-value"))
                                    .desired_width(value_width),
                            )
                            .changed();
                        if ui.button(i18n.tr("action-remove")).clicked() {
                            remove = Some(i);
                        }
                        ui.end_row();
                    }
                });
            if ui.button(i18n.tr("action-add-header")).clicked() {
                headers.push((String::new(), String::new()));
                changed = true;
            }
            ui.weak(i18n.tr("headers-no-secrets"));
        });
    if let Some(i) = remove {
        headers.remove(i);
        changed = true;
    }
    changed
}

/// The insert helper: `${...}` tags, the user's custom attributes, the context's namespaces.
/// It stays open while its filter is clicked and typed in (the focus goes to the filter when it
/// opens); Enter inserts the first match, a click inserts any, Esc or a click outside closes it.
fn insert_menu_ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    let title = app.tr("insert-menu").to_owned();
    let button = ui.button(title);
    let opened = button.clicked();
    let filter_id = egui::Id::unique("insert_filter");
    let popup = egui::Popup::menu(&button)
        .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
        .width(320.0);
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
            .max_height(360.0)
            .show(ui, |ui| {
                for s in app.suggestions() {
                    if !filter.is_empty() && !s.label.to_lowercase().contains(&filter) {
                        continue;
                    }
                    first.get_or_insert_with(|| s.insert.clone());
                    let group = app.i18n.tr(match s.group {
                        completion::Group::Attribute => "group-attribute",
                        completion::Group::Custom => "group-custom",
                        completion::Group::Context => "group-context",
                        completion::Group::Tag => "group-tag",
                        completion::Group::Ticket => "group-ticket",
                    });
                    if ui
                        .add(egui::Button::new(&s.label).shortcut_text(group))
                        .clicked()
                    {
                        chosen = Some(s.insert.clone());
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
    if let Some(text) = chosen {
        app.push(Command::Insert(text));
    }
}

fn body_ui(app: &mut ZenbrazeApp, ui: &mut Ui, label: egui::Id) {
    let tokens = theme::tokens(ui);
    let id = egui::Id::unique("payload_body");
    let index = app.remembered.payload;
    // A jump (from the findings list) moves the cursor before the editor draws.
    let jump = app.editor.jump_to.take();
    if let Some(offset) = jump {
        let body = &app.doc.workspace.payloads[index].body;
        let mut state = egui::TextEdit::load_state(ui.ctx(), id).unwrap_or_default();
        let c = CCursor::new(editor::char_index(body, offset));
        state.cursor.set_char_range(Some(CCursorRange::one(c)));
        state.store(ui.ctx(), id);
        ui.memory_mut(|m| m.request_focus(id));
    }
    completion_keys(app, ui, id);
    // While the list is open, Esc and Tab are its keys: they must not take the focus away from
    // the editor (egui drops the focus on Esc before any widget runs, unless the editor's
    // filter keeps it).
    let list_open = ui.memory(|m| m.has_focus(id)) && completions(app).is_some();
    // Each underline carries its finding's index: the message is rendered only on hover, not
    // for every finding in every frame.
    let underlines: Vec<(Range<usize>, Severity, usize)> = {
        let body = &app.doc.workspace.payloads[index].body;
        let shown = if body.len() > PLAIN_BODY {
            0
        } else {
            MAX_UNDERLINES
        };
        app.findings()
            .iter()
            .take(shown)
            .enumerate()
            .map(|(i, f)| (highlight::underline_range(body, f.offset), f.severity, i))
            .collect()
    };
    // The colouring of the body as it was last frame (`derived`, a disjoint borrow from the
    // editor's cache and the body below).
    let cached_tokens: &[(Range<usize>, highlight::Kind)] = app
        .derived
        .highlight
        .as_ref()
        .map_or(&[], |(_, h)| h.as_slice());
    let dark = ui.visuals().dark_mode;
    let job_cache = &mut app.editor.job;
    let mut layouter = |ui: &Ui, text: &dyn egui::TextBuffer, wrap_width: f32| -> Arc<Galley> {
        let text = text.as_str();
        // The text is compared, not hashed, with the job's own: a memcmp of a 10 MB body costs
        // a fraction of hashing it every frame.
        let mut h = DefaultHasher::new();
        (dark, wrap_width.to_bits()).hash(&mut h);
        for (r, s, _) in &underlines {
            (r.start, r.end, *s as u8).hash(&mut h);
        }
        let key = h.finish();
        // egui keeps laid-out paragraphs only while they are used every frame: hand it the same
        // job each frame (a cheap cache hit), so a keystroke re-lays out one paragraph, not all.
        if let Some((k, job)) = job_cache.as_ref()
            && *k == key
            && job.text == text
        {
            return ui.fonts_mut(|f| f.layout_job(LayoutJob::clone(job)));
        }
        let font = TextStyle::Monospace.resolve(ui.style());
        if text.len() > PLAIN_BODY {
            // Millions of coloured runs would cost egui seconds a frame: one plain run instead.
            let mut job = LayoutJob::single_section(
                text.to_owned(),
                TextFormat {
                    font_id: font,
                    color: tokens.plain,
                    ..Default::default()
                },
            );
            job.wrap.max_width = wrap_width;
            *job_cache = Some((key, job.clone()));
            return ui.fonts_mut(|f| f.layout_job(job));
        }
        // In the frame a key is typed, the memoised tokens describe the previous text.
        let fresh;
        let toks: &[(Range<usize>, highlight::Kind)] =
            if cached_tokens.last().map_or(0, |(r, _)| r.end) == text.len() {
                cached_tokens
            } else {
                fresh = highlight::tokens(text);
                &fresh
            };
        let mut job = layout_job(text, toks, &underlines, tokens, font);
        job.wrap.max_width = wrap_width;
        *job_cache = Some((key, job.clone()));
        ui.fonts_mut(|f| f.layout_job(job))
    };
    let body = &mut app.doc.workspace.payloads[index].body;
    let output = egui::ScrollArea::vertical()
        .id_salt("body_scroll")
        .show(ui, |ui| {
            let edit = egui::TextEdit::multiline(body)
                .id(id)
                .code_editor()
                .desired_rows(24)
                .desired_width(f32::INFINITY)
                .layouter(&mut layouter);
            let filter = edit.get_event_filter();
            let out = edit
                .event_filter(egui::EventFilter {
                    escape: filter.escape || list_open,
                    tab: filter.tab || list_open,
                    ..filter
                })
                .show(ui);
            if jump.is_some()
                && let Some(range) = out.cursor_range
            {
                let rect = out
                    .galley
                    .pos_from_cursor(range.primary)
                    .translate(out.galley_pos.to_vec2());
                ui.scroll_to_rect(rect, Some(Align::Center));
            }
            out
        })
        .inner;
    let response = output.response.response.clone().labelled_by(label);
    if response.changed() {
        app.edited();
        app.editor.completion_selected = 0;
    }
    if let Some(range) = output.cursor_range {
        let body = &app.doc.workspace.payloads[index].body;
        app.editor.cursor = Some(editor::byte_offset(body, range.primary.index.0));
    }
    // The finding under the pointer, as a tooltip.
    if response.hovered()
        && let Some(pos) = ui.ctx().pointer_hover_pos()
    {
        let body = &app.doc.workspace.payloads[index].body;
        let c = output.galley.cursor_from_pos(pos - output.galley_pos);
        let at = editor::byte_offset(body, c.index.0);
        let findings = app.findings();
        let hits: Vec<String> = underlines
            .iter()
            .filter(|(r, _, _)| r.contains(&at))
            .filter_map(|(_, _, i)| findings.get(*i))
            .map(|f| app.say(&f.message))
            .collect();
        if !hits.is_empty() {
            response.clone().on_hover_text_at_pointer(hits.join("\n"));
        }
    }
    let caret = output.cursor_range.map(|range| {
        output
            .galley
            .pos_from_cursor(range.primary)
            .translate(output.galley_pos.to_vec2())
    });
    if let Some(caret) = caret {
        completion_ui(app, ui, response.has_focus(), caret);
    }
}

/// A suggestion's label and the text it inserts.
type Suggestion = (String, String);

/// What the completions list offers for the word at the cursor: the word's range, and each
/// suggestion's label and text. None when nothing is being typed, nothing matches, or Esc
/// closed the list for this word.
fn completions(app: &ZenbrazeApp) -> Option<(Range<usize>, Vec<Suggestion>)> {
    let (cursor, p) = (app.editor.cursor?, app.payload()?);
    let (start, typed) = completion::typed_prefix(&p.body, cursor)?;
    let from = replaced_from(&p.body, start);
    if app.editor.completion_dismissed == Some(from) {
        return None;
    }
    let hits: Vec<(String, String)> = completion::matching(app.suggestions(), typed)
        .into_iter()
        .take(COMPLETIONS_SHOWN)
        .map(|s| (s.label.clone(), s.insert.clone()))
        .collect();
    (!hits.is_empty()).then_some((from..cursor, hits))
}

/// Where a completion's text goes from: a suggestion brings its own `{{ … }}` and namespace, so
/// the `{{` and `namespace.` typed before the `${` are replaced with the rest, not doubled.
fn replaced_from(body: &str, start: usize) -> usize {
    let head = &body[..start];
    let mut from = start;
    if head.ends_with('.') {
        let ns = head.trim_end_matches(|c: char| c.is_alphanumeric() || c == '_' || c == '.');
        from = ns.len();
    }
    let opener = body[..from].trim_end();
    if opener.ends_with("{{") {
        from = opener.len() - 2;
    }
    from
}

const COMPLETIONS_SHOWN: usize = 8;

/// The completion list's keys, taken before the editor sees them: ↑/↓ move, Enter or Tab
/// complete, Esc closes the list for this word (the editor keeps the focus and the text).
fn completion_keys(app: &mut ZenbrazeApp, ui: &mut Ui, editor: egui::Id) {
    let focused = ui.memory(|m| m.has_focus(editor));
    let shown = if focused { completions(app) } else { None };
    let Some((range, hits)) = shown else {
        if let (Some(cursor), Some(p)) = (app.editor.cursor, app.payload())
            && completion::typed_prefix(&p.body, cursor).is_none()
        {
            app.editor.completion_dismissed = None;
        }
        return;
    };
    let n = hits.len();
    let take = |ui: &mut Ui, key| ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, key));
    let selected = app.editor.completion_selected.min(n - 1);
    if take(ui, egui::Key::ArrowDown) {
        app.editor.completion_selected = (selected + 1) % n;
    } else if take(ui, egui::Key::ArrowUp) {
        app.editor.completion_selected = (selected + n - 1) % n;
    } else if take(ui, egui::Key::Enter) || take(ui, egui::Key::Tab) {
        app.push(Command::Replace(range, hits[selected].1.clone()));
        app.editor.completion_selected = 0;
    } else if take(ui, egui::Key::Escape) {
        app.editor.completion_dismissed = Some(range.start);
    }
}

/// Suggestions for the `${` or `{{` word being typed, in a list at the caret above every other
/// layer (below the caret, or above it near the window's bottom), kept inside the window.
fn completion_ui(app: &mut ZenbrazeApp, ui: &mut Ui, focused: bool, caret: egui::Rect) {
    let area_id = egui::Id::unique("completions");
    // A press on the list takes the focus from the editor before its click lands: the list
    // stays while the pointer is on it.
    let over_list = ui
        .ctx()
        .pointer_latest_pos()
        .and_then(|pos| ui.ctx().layer_id_at(pos))
        .is_some_and(|layer| layer.id == area_id);
    if !focused && !over_list {
        return;
    }
    let Some((range, hits)) = completions(app) else {
        return;
    };
    let selected = app.editor.completion_selected.min(hits.len() - 1);
    let window = ui.ctx().content_rect();
    let row = ui.text_style_height(&TextStyle::Body) + 2.0 * ui.spacing().button_padding.y + 2.0;
    let estimated = (hits.len() as f32 + 1.0) * row + 16.0;
    let (anchor, pivot) = if caret.bottom() + estimated > window.bottom() {
        (
            caret.left_top() - egui::vec2(0.0, 2.0),
            egui::Align2::LEFT_BOTTOM,
        )
    } else {
        (
            caret.left_bottom() + egui::vec2(0.0, 2.0),
            egui::Align2::LEFT_TOP,
        )
    };
    let mut chosen = None;
    let title = app.tr("completions").to_owned();
    egui::Area::new(area_id)
        .kind(egui::UiKind::Popup)
        .order(egui::Order::Foreground)
        .fixed_pos(anchor)
        .pivot(pivot)
        .constrain_to(window)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_max_width(360.0);
                ui.weak(title);
                for (i, (label, insert)) in hits.iter().enumerate() {
                    if ui
                        .add(egui::Button::selectable(i == selected, label))
                        .clicked()
                    {
                        chosen = Some(insert.clone());
                    }
                }
            });
        });
    if let Some(insert) = chosen {
        app.push(Command::Replace(range, insert));
        app.editor.completion_selected = 0;
    }
}

/// The body as coloured sections, findings underlined.
fn layout_job(
    text: &str,
    tokens: &[(Range<usize>, highlight::Kind)],
    underlines: &[(Range<usize>, Severity, usize)],
    colours: &Tokens,
    font: FontId,
) -> LayoutJob {
    let mut job = LayoutJob {
        text: text.to_owned(),
        ..Default::default()
    };
    let mut cuts: Vec<usize> = underlines
        .iter()
        .flat_map(|(r, _, _)| [r.start, r.end])
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut cut = cuts.iter().peekable();
    for (range, kind) in tokens {
        let mut start = range.start;
        while start < range.end {
            while cut.peek().is_some_and(|c| **c <= start) {
                cut.next();
            }
            let end = cut.peek().map_or(range.end, |c| (**c).min(range.end));
            let underline = underlines
                .iter()
                .filter(|(r, _, _)| r.start <= start && start < r.end)
                .map(|(_, s, _)| *s)
                .min();
            let stroke = match underline {
                Some(Severity::Error) => Stroke::new(2.0, colours.underline_error),
                Some(Severity::Warning) => Stroke::new(1.5, colours.underline_warning),
                Some(Severity::Hint) => Stroke::new(1.0, colours.hint),
                None => Stroke::NONE,
            };
            job.sections.push(egui::text::LayoutSection {
                leading_space: 0.0,
                byte_range: egui::text::ByteIndex(start)..egui::text::ByteIndex(end),
                format: TextFormat {
                    font_id: font.clone(),
                    color: colours.syntax(*kind),
                    underline: stroke,
                    ..Default::default()
                },
            });
            start = end;
        }
    }
    job
}

fn findings_ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    let findings = app.findings().to_vec();
    let request = app
        .rendered_request()
        .map(|r| r.findings.clone())
        .unwrap_or_default();
    let total = findings.len() + request.len();
    ui.horizontal(|ui| {
        ui.heading(app.say(&msg!("findings-count", count = total)));
        if app.preview_updating() {
            ui.weak(app.tr("preview-updating"));
        } else if total == 0 {
            ui.ok_label(app.tr("findings-none"));
        }
    });
    let tokens = theme::tokens(ui);
    egui::ScrollArea::vertical()
        .id_salt("findings_scroll")
        .show(ui, |ui| {
            // One line per finding, its whole text on hover: five findings fit in the pane's
            // least height however long their messages are.
            for (i, f) in findings.iter().enumerate().take(MAX_LISTED) {
                ui.horizontal(|ui| {
                    let colour = severity_colour(tokens, f.severity);
                    let place =
                        format!("{} {}:{}", app.tr(severity_key(f.severity)), f.line, f.col);
                    if ui
                        .link(RichText::new(place).color(colour))
                        .on_hover_text(app.tr("jump-to-line"))
                        .clicked()
                    {
                        app.push(Command::JumpTo(f.offset));
                    }
                    if lint::has_mechanical_fix(f)
                        && ui
                            .add_enabled(
                                !app.preview_updating(),
                                egui::Button::new(app.tr("apply-fix")),
                            )
                            .clicked()
                    {
                        app.push(Command::ApplyFix(i));
                    }
                    finding_text_ui(app, ui, &f.message, f.fix.as_ref());
                });
            }
            if findings.len() > MAX_LISTED {
                ui.weak(app.say(&msg!("findings-more", count = findings.len() - MAX_LISTED)));
            }
            for f in &request {
                ui.horizontal(|ui| {
                    let colour = severity_colour(tokens, f.severity);
                    ui.label(
                        RichText::new(format!("{} {}", app.tr(severity_key(f.severity)), f.field))
                            .color(colour),
                    );
                    finding_text_ui(app, ui, &f.message, f.fix.as_ref());
                });
            }
        });
}

/// A finding's message and its fix on the rest of the line, each its own label (read on its
/// own), cut with … where the pane ends (the whole text shows on hover). The message keeps at
/// least half the line.
fn finding_text_ui(app: &ZenbrazeApp, ui: &mut Ui, message: &Message, fix: Option<&Message>) {
    let fix = fix.map(|fix| app.say(&msg!("fix", fix = fix.clone())));
    let available = ui.available_width();
    let fix_width = fix.as_ref().map_or(0.0, |text| {
        egui::WidgetText::from(text.as_str())
            .into_galley(
                ui,
                Some(egui::TextWrapMode::Extend),
                f32::INFINITY,
                TextStyle::Body,
            )
            .size()
            .x
            + ui.spacing().item_spacing.x
    });
    let message = app.say(message);
    if fix.is_some() && available < 2.0 * FINDING_MESSAGE_MIN_WIDTH {
        // Too narrow for both (a 900 px window, a long Spanish button): the message gets the
        // line, and its hover gives the whole message and then the fix.
        let hover = format!("{message}\n{}", fix.unwrap_or_default());
        ui.add(
            egui::Label::new(message)
                .truncate()
                .show_tooltip_when_elided(false),
        )
        .on_hover_text(hover);
        return;
    }
    let message_width = (available - fix_width).max(available * 0.5);
    ui.scope(|ui| {
        ui.set_max_width(message_width);
        ui.add(egui::Label::new(message).truncate());
    });
    if let Some(text) = fix {
        ui.add(egui::Label::new(RichText::new(text).weak()).truncate());
    }
}

/// Below twice this width a finding's line shows its message alone, the fix on hover: half of
/// a narrow line left both cut to a few words.
const FINDING_MESSAGE_MIN_WIDTH: f32 = 180.0;

fn severity_key(s: Severity) -> &'static str {
    match s {
        Severity::Error => "severity-error",
        Severity::Warning => "severity-warning",
        Severity::Hint => "severity-hint",
    }
}

fn severity_colour(tokens: &Tokens, s: Severity) -> egui::Color32 {
    match s {
        Severity::Error => tokens.error,
        Severity::Warning => tokens.warning,
        Severity::Hint => tokens.hint,
    }
}

fn preview_ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    subject_picker_ui(app, ui);
    let all = if app.uses_tickets() {
        "tab-all-tickets"
    } else {
        "tab-all-users"
    };
    let tabs = [
        (PreviewTab::Body, app.i18n.tr("tab-body")),
        (PreviewTab::Request, app.i18n.tr("tab-request")),
        (PreviewTab::AllSubjects, app.i18n.tr(all)),
    ];
    ui.tab_bar(&mut app.remembered.preview_tab, &tabs);
    ui.separator();
    match app.remembered.preview_tab {
        PreviewTab::Body => body_preview_ui(app, ui),
        PreviewTab::Request => request_preview_ui(app, ui),
        PreviewTab::AllSubjects => all_subjects_ui(app, ui),
    }
}

fn subject_picker_ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    let tickets = app.uses_tickets();
    let label = app
        .tr(if tickets {
            "preview-ticket"
        } else {
            "preview-user"
        })
        .to_owned();
    let current = app
        .subject()
        .map(|s| lint::user_label(s, app.subject_index()))
        .unwrap_or_else(|| app.tr("none").to_owned());
    let mut chosen = None;
    ui.horizontal(|ui| {
        let l = ui.label(&label);
        egui::ComboBox::from_id_salt("subject")
            .selected_text(current)
            .height(400.0)
            .show_ui(ui, |ui| {
                for (i, s) in app.subjects().iter().enumerate() {
                    if ui
                        .selectable_label(i == app.subject_index(), lint::user_label(s, i))
                        .clicked()
                    {
                        chosen = Some(i);
                    }
                }
            })
            .response
            .labelled_by(l.id);
        if ui
            .small_button("▲")
            .on_hover_text(app.tr("cmd-previous-subject"))
            .clicked()
        {
            app.push(Command::PreviousSubject);
        }
        if ui
            .small_button("▼")
            .on_hover_text(app.tr("cmd-next-subject"))
            .clicked()
        {
            app.push(Command::NextSubject);
        }
    });
    // The context on a line of its own: beside the subject it runs out of a narrow preview.
    if !tickets {
        ui.horizontal(|ui| {
            let l = ui.label(app.tr("preview-context"));
            let none = app.tr("none").to_owned();
            let contexts: Vec<String> = app
                .doc
                .workspace
                .contexts
                .iter()
                .map(|c| c.name.clone())
                .collect();
            let selected = app
                .remembered
                .context
                .and_then(|c| contexts.get(c))
                .cloned()
                .unwrap_or(none.clone());
            egui::ComboBox::from_id_salt("context")
                .selected_text(selected)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut app.remembered.context, None, &none);
                    for (i, name) in contexts.iter().enumerate() {
                        ui.selectable_value(&mut app.remembered.context, Some(i), name);
                    }
                })
                .response
                .labelled_by(l.id);
        });
    }
    if let Some(i) = chosen {
        app.push(Command::SelectSubject(i));
    }
    if let Some(e) = app.environment_error() {
        let text = app.say(&msg!("context-invalid", error = e.to_owned()));
        ui.error_label(text);
    }
}

fn body_preview_ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    // Rendering runs on the preview's worker: until its first result, and while a newer one is
    // on its way, say so (the last result stays on screen meanwhile).
    if app.preview_updating() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.weak(app.tr("preview-updating"));
        });
    }
    if app.preview_failed() {
        ui.error_label(app.tr("engine-failed"));
        return;
    }
    let Some(preview) = app.preview().cloned() else {
        return;
    };
    let tokens = theme::tokens(ui);
    match preview {
        Preview::Output(text) => {
            let key = app.preview_key().unwrap_or(0);
            if app.editor.shaped.as_ref().is_none_or(|(k, _)| *k != key) {
                app.editor.shaped = Some((key, crate::preview::shape_output(&text)));
            }
            let Some((_, shaped)) = &app.editor.shaped else {
                return;
            };
            match shaped {
                Shaped::Empty => {
                    ui.weak(app.tr("preview-empty"));
                }
                Shaped::Json(pretty) => {
                    ui.ok_label(app.tr("preview-valid-json"));
                    scroll_text(ui, app.i18n.tr("copy-output"), pretty, None, tokens);
                }
                Shaped::Broken {
                    line,
                    column,
                    message,
                    line_range,
                } => {
                    ui.error_label(app.say(&msg!(
                        "preview-json-breaks",
                        line = *line,
                        column = *column,
                        message = json_text::problem(message)
                    )));
                    scroll_text(
                        ui,
                        app.i18n.tr("copy-output"),
                        &text,
                        Some(line_range.clone()),
                        tokens,
                    );
                }
            }
        }
        Preview::Aborted(reason) => {
            ui.warning_label(app.say(&aborted(reason)));
        }
        Preview::TemplateError(e) => {
            ui.error_label(app.say(&template_error(&e)));
        }
        Preview::SubjectError(e) => {
            ui.error_label(app.say(&msg!("subject-invalid", error = e)));
        }
    }
}

/// Monospace text in a scroll area, one line highlighted as the place it breaks. Only the
/// visible lines are laid out: a 200 KB preview costs what a screenful does.
fn scroll_text(ui: &mut Ui, copy: &str, text: &str, broken: Option<Range<usize>>, tokens: &Tokens) {
    if ui.small_button(copy).clicked() {
        ui.ctx().copy_text(text.to_owned());
    }
    let lines: Vec<(usize, &str)> = text
        .split('\n')
        .scan(0, |at, line| {
            let start = *at;
            *at += line.len() + 1;
            Some((start, line))
        })
        .collect();
    let font = TextStyle::Monospace.resolve(ui.style());
    let row_height = ui.fonts_mut(|f| f.row_height(&font));
    let colour = ui.visuals().text_color();
    egui::ScrollArea::both()
        .id_salt("preview_scroll")
        .auto_shrink(false)
        .show_rows(ui, row_height, lines.len(), |ui, rows| {
            ui.spacing_mut().item_spacing.y = 0.0;
            for (start, line) in &lines[rows] {
                let is_broken = broken
                    .as_ref()
                    .is_some_and(|b| b.start <= *start && *start <= b.end);
                let mut rich = RichText::new(*line).font(font.clone()).color(colour);
                if is_broken {
                    rich = rich.background_color(tokens.break_background).underline();
                }
                ui.add(egui::Label::new(rich).extend());
            }
        });
}

fn request_preview_ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    let Some(p) = app.payload() else {
        return;
    };
    let method = p.method.clone();
    let direction = p.direction;
    let Some(r) = app.rendered_request().cloned() else {
        return;
    };
    egui::Grid::new("request_grid")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            // URLs and header values wrap in their cell: cut at the pane's edge, the end of
            // the URL (the endpoint) was what could not be seen.
            let wrapped = |ui: &mut Ui, text: &str| {
                ui.add(egui::Label::new(RichText::new(text).monospace()).wrap())
            };
            ui.strong(&method);
            match &r.url {
                Ok(url) => wrapped(ui, url),
                Err(e) => ui.error_label(app.say(e)),
            };
            ui.end_row();
            for (name, value) in &r.headers {
                ui.monospace(name);
                match value {
                    Ok(v) => wrapped(ui, v),
                    Err(e) => ui.error_label(app.say(e)),
                };
                ui.end_row();
            }
            // The credential comes from the active profile and is never shown.
            ui.monospace("Authorization");
            let scheme = match direction {
                Direction::BrazeToZendesk => "Basic",
                Direction::ZendeskToBraze => "Bearer",
            };
            let profile = app.active_profile_name().to_owned();
            wrapped(
                ui,
                &app.say(&msg!(
                    "auth-masked",
                    scheme = scheme,
                    mask = crate::secrets::MASK,
                    profile = profile
                )),
            );
            ui.end_row();
        });
    if !r.findings.is_empty() {
        ui.separator();
        for f in &r.findings {
            let text = format!("{}: {}", f.field, app.say(&f.message));
            match f.severity {
                Severity::Error => ui.error_label(text),
                _ => ui.warning_label(text),
            };
        }
    }
}

fn all_subjects_ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    let (rows, updating) = app.survey();
    let Some(rows) = rows else {
        ui.weak(app.tr("survey-running"));
        return;
    };
    let rows = match rows {
        Ok(rows) => rows.clone(),
        Err(e) => {
            let e = app.say(e);
            ui.error_label(e);
            return;
        }
    };
    let ok = rows.iter().filter(|r| r.status == RowStatus::Ok).count();
    let aborted_rows = rows
        .iter()
        .filter(|r| matches!(r.status, RowStatus::Aborted(_)))
        .count();
    let problems = rows.len() - ok - aborted_rows;
    ui.horizontal(|ui| {
        ui.label(app.say(&msg!(
            "survey-summary",
            ok = ok,
            problems = problems,
            aborted = aborted_rows
        )));
        if updating {
            ui.weak(app.tr("survey-updating"));
        }
    });
    let tokens = theme::tokens(ui);
    let row_height = ui.text_style_height(&TextStyle::Body) + 4.0;
    let selected = app.subject_index();
    let mut chosen = None;
    // The user's column gives way in a narrow preview, so the counts beside it stay whole.
    let name_width = (ui.available_width() * 0.35).clamp(80.0, 150.0);
    egui::ScrollArea::vertical()
        .id_salt("survey")
        .auto_shrink(false)
        .show_rows(ui, row_height, rows.len(), |ui, range| {
            for i in range {
                let row = &rows[i];
                ui.horizontal(|ui| {
                    let label = egui::Button::selectable(i == selected, &row.label);
                    if ui
                        .add_sized(egui::vec2(name_width, row_height - 2.0), label)
                        .clicked()
                    {
                        chosen = Some(i);
                    }
                    match &row.status {
                        RowStatus::Ok => {
                            ui.label(RichText::new(app.tr("row-ok")).color(tokens.ok));
                        }
                        RowStatus::Findings {
                            errors,
                            warnings,
                            first,
                        } => {
                            let colour = if *errors > 0 {
                                tokens.error
                            } else {
                                tokens.warning
                            };
                            ui.label(
                                RichText::new(app.say(&msg!(
                                    "row-findings",
                                    errors = *errors,
                                    warnings = *warnings
                                )))
                                .color(colour),
                            );
                            // Cut with … where the pane ends, the whole finding on hover.
                            ui.add(
                                egui::Label::new(RichText::new(app.say(first)).weak()).truncate(),
                            );
                        }
                        RowStatus::Aborted(reason) => {
                            ui.label(
                                RichText::new(app.say(&aborted(reason.clone()))).color(tokens.hint),
                            );
                        }
                        RowStatus::Failed(e) => {
                            ui.label(RichText::new(app.say(e)).color(tokens.error));
                        }
                    }
                });
            }
        });
    if let Some(i) = chosen {
        app.push(Command::SelectSubject(i));
        app.remembered.preview_tab = PreviewTab::Body;
    }
}
