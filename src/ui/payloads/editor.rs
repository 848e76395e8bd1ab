//! The body editor: Liquid-in-JSON colouring, the linter's findings underlined, and completion
//! of the `${` or `{{` word at the caret.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::ops::Range;
use std::sync::{Arc, Mutex};

use egui::text::{CCursor, CCursorRange, LayoutJob, TextFormat};
use egui::{Align, FontId, Galley, Stroke, TextStyle, Ui};

use crate::app::{Command, ZenbrazeApp};
use crate::editor::{self, completion, highlight};
use crate::lint::Severity;
use crate::ui::theme::{self, Tokens, size, space};

use super::galley::BodyGalley;

/// Bodies longer than this are edited without colouring or underlines (their findings are still
/// listed): egui lays out every coloured run each frame, and a 10 MB body has millions.
const PLAIN_BODY: usize = crate::app::PLAIN_BODY;

/// At most this many findings are underlined, and listed.
const MAX_UNDERLINES: usize = 2_000;

pub(super) fn body_ui(app: &mut ZenbrazeApp, ui: &mut Ui, label: egui::Id) {
    let index = app.remembered.payload;
    if app
        .payload()
        .is_some_and(|p| p.body.len() > crate::editor::EDIT_LIMIT)
        && app.editor.edit_long != Some(index)
    {
        long_body_ui(app, ui);
        return;
    }
    let tokens = theme::tokens(ui);
    let id = egui::Id::unique("payload_body");
    // One editor serves every payload: when it shows another body than last frame, the undo
    // history of the one before goes, or Ctrl+Z would write that body into this payload.
    let whose = crate::app::hash(&(index, app.doc.workspace.payloads.len(), app.doc.path()));
    let switched = app.editor.undo_of.replace(whose) != Some(whose);
    if switched && let Some(mut state) = egui::TextEdit::load_state(ui.ctx(), id) {
        state.clear_undoer();
        state.store(ui.ctx(), id);
    }
    // A jump (from the findings list) moves the cursor before the editor draws.
    let jump = app.editor.jump_to.take();
    if let Some(offset) = jump {
        let body = &app.doc.workspace.payloads[index].body;
        let mut state = egui::TextEdit::load_state(ui.ctx(), id).unwrap_or_default();
        let c = CCursor::new(editor::char_index(body, offset));
        // A jump to a finding selects what its underline marks, so the eye finds it at once.
        let range = if std::mem::take(&mut app.editor.jump_selects) {
            let span = highlight::underline_range(body, offset);
            let end = CCursor::new(editor::char_index(body, span.end));
            CCursorRange::two(c, end)
        } else {
            CCursorRange::one(c)
        };
        state.cursor.set_char_range(Some(range));
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
    // The laid-out body, kept between frames (galley.rs): an idle repaint compares the text.
    let kept = ui.data_mut(|d| {
        d.get_temp_mut_or_default::<Arc<Mutex<BodyGalley>>>(id)
            .clone()
    });
    let mut kept = kept
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut layouter = |ui: &Ui, text: &dyn egui::TextBuffer, wrap_width: f32| -> Arc<Galley> {
        let text = text.as_str();
        let font = TextStyle::Monospace.resolve(ui.style());
        let mut h = DefaultHasher::new();
        (
            dark,
            wrap_width.to_bits(),
            ui.ctx().pixels_per_point().to_bits(),
        )
            .hash(&mut h);
        (font.size.to_bits(), &font.family).hash(&mut h);
        for (r, s, _) in &underlines {
            (r.start, r.end, *s as u8).hash(&mut h);
        }
        kept.get(ui, h.finish(), text, || {
            if text.len() > PLAIN_BODY {
                // Millions of coloured runs would cost egui seconds a frame: one plain run.
                let mut job = LayoutJob::single_section(
                    text.to_owned(),
                    TextFormat {
                        font_id: font,
                        color: tokens.plain,
                        ..Default::default()
                    },
                );
                job.wrap.max_width = wrap_width;
                return job;
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
            job
        })
    };
    let body = &mut app.doc.workspace.payloads[index].body;
    // The editor takes all the height its pane has (a tall window is more body, not a blank
    // band above the findings), and another payload's body starts at its top, not at the
    // offset the one before was scrolled to.
    let room = ui.available_height();
    let mut scroll = egui::ScrollArea::vertical()
        .id_salt("body_scroll")
        .auto_shrink(false);
    if switched {
        scroll = scroll.vertical_scroll_offset(0.0);
    }
    let output = scroll
        .show(ui, |ui| {
            let edit = egui::TextEdit::multiline(body)
                .id(id)
                .code_editor()
                // Its height is the pane's (min_size): a fixed row count taller than a small
                // window's pane kept a scroll bar on a body that fits.
                .desired_rows(1)
                .min_size(egui::vec2(0.0, room))
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
        let [a, b] = range.sorted_cursors();
        app.editor.selection = (a.index != b.index)
            .then(|| editor::byte_offset(body, a.index.0)..editor::byte_offset(body, b.index.0));
    }
    // An undo that brings back a half-typed word does not open its list again: the person
    // just took that completion back.
    let undone = ui.input(|i| i.modifiers.command && i.key_pressed(egui::Key::Z));
    if response.changed()
        && undone
        && let Some(cursor) = app.editor.cursor
    {
        let body = &app.doc.workspace.payloads[index].body;
        if let Some((start, _)) = completion::typed_prefix(body, cursor) {
            app.editor.completion_dismissed = Some(replaced_from(body, start));
        }
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
        completion_ui(app, ui, id, response.has_focus(), caret);
    }
}

/// A suggestion's label and the text it inserts.
type Suggestion = (String, String);

/// What the completions list offers for the word at the cursor: the word's range, and each
/// suggestion's label and text. None when nothing is being typed, nothing matches, or Esc
/// closed the list for this word.
/// A body past [`crate::editor::EDIT_LIMIT`]: why it is read-only, and the text a screenful at
/// a time (its preview, checks and sends work as for any other).
fn long_body_ui(app: &mut ZenbrazeApp, ui: &mut Ui) {
    let revision = (app.doc.revision(), app.remembered.payload);
    let Some(length) = app.payload().map(|p| p.body.len()) else {
        return;
    };
    let megabytes = format!("{:.1}", length as f64 / 1e6);
    crate::ui::UiExt::warning_label(
        ui,
        app.say(&crate::msg!(
            "body-too-long-to-edit",
            size = megabytes,
            limit = crate::editor::EDIT_LIMIT / (1 << 20)
        )),
    );
    if ui.button(app.tr("body-edit-anyway")).clicked() {
        app.editor.edit_long = Some(app.remembered.payload);
    }
    if app
        .editor
        .long_rows
        .as_ref()
        .is_none_or(|(r, _)| *r != revision)
    {
        let rows = app
            .payload()
            .map(|p| crate::editor::rows(&p.body, LONG_ROW_CHARS))
            .unwrap_or_default();
        app.editor.long_rows = Some((revision, rows));
    }
    let (Some((_, rows)), Some(payload)) = (&app.editor.long_rows, app.payload()) else {
        return;
    };
    let font = TextStyle::Monospace.resolve(ui.style());
    let row_height = ui.fonts_mut(|f| f.row_height(&font));
    let colour = ui.visuals().text_color();
    egui::ScrollArea::both()
        .id_salt("body_scroll")
        .auto_shrink(false)
        .show_rows(ui, row_height, rows.len(), |ui, shown| {
            ui.spacing_mut().item_spacing.y = 0.0;
            for row in &rows[shown] {
                let text = egui::RichText::new(&payload.body[row.clone()])
                    .font(font.clone())
                    .color(colour);
                ui.add(egui::Label::new(text).extend());
            }
        });
}

/// The characters in a row of a body too long to edit.
const LONG_ROW_CHARS: usize = 200;

fn completions(app: &ZenbrazeApp) -> Option<(Range<usize>, Vec<Suggestion>)> {
    let (cursor, p) = (app.editor.cursor?, app.payload()?);
    let (start, typed) = completion::typed_prefix(&p.body, cursor)?;
    let from = replaced_from(&p.body, start);
    if app.editor.completion_dismissed == Some(from) {
        return None;
    }
    // After `{{` the template's own variables are names too; after `${` only Braze's are.
    let variables = if p.body[start..].starts_with("{{") {
        completion::template_variables(&p.body)
    } else {
        Vec::new()
    };
    let hits: Vec<(String, String)> = completion::matching(&variables, app.suggestions(), typed)
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
        undo_point(app, ui, editor);
        app.push(Command::Replace(range, hits[selected].1.clone()));
        app.editor.completion_selected = 0;
    } else if take(ui, egui::Key::Escape) {
        app.editor.completion_dismissed = Some(range.start);
    }
}

/// Makes what was typed an undo point of the editor before a completion replaces it: Ctrl+Z
/// then brings back `{{${fir`, not the text from before the word (egui's undoer keeps a point
/// only once typing pauses, and the completion lands within the pause).
fn undo_point(app: &ZenbrazeApp, ui: &Ui, editor: egui::Id) {
    let (Some(p), Some(cursor)) = (app.payload(), app.editor.cursor) else {
        return;
    };
    let mut state = egui::TextEdit::load_state(ui.ctx(), editor).unwrap_or_default();
    let caret = CCursorRange::one(CCursor::new(editor::char_index(&p.body, cursor)));
    let range = state.cursor.char_range().unwrap_or(caret);
    let mut undoer = state.undoer();
    undoer.add_undo(&(range, p.body.clone()));
    state.set_undoer(undoer);
    state.store(ui.ctx(), editor);
}

/// Suggestions for the `${` or `{{` word being typed, in a list at the caret above every other
/// layer (below the caret, or above it near the window's bottom), kept inside the window.
fn completion_ui(
    app: &mut ZenbrazeApp,
    ui: &mut Ui,
    editor: egui::Id,
    focused: bool,
    caret: egui::Rect,
) {
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
    let row =
        ui.text_style_height(&TextStyle::Body) + 2.0 * ui.spacing().button_padding.y + space::XXS;
    let estimated = (hits.len() as f32 + 1.0) * row + size::COMPLETION_FRAME;
    let (anchor, pivot) = if caret.bottom() + estimated > window.bottom() {
        (
            caret.left_top() - egui::vec2(0.0, space::XXS),
            egui::Align2::LEFT_BOTTOM,
        )
    } else {
        (
            caret.left_bottom() + egui::vec2(0.0, space::XXS),
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
                ui.set_max_width(size::COMPLETION_MAX_WIDTH);
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
        undo_point(app, ui, editor);
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
                Some(Severity::Error) => {
                    Stroke::new(size::UNDERLINE_ERROR, colours.underline_error)
                }
                Some(Severity::Warning) => {
                    Stroke::new(size::UNDERLINE_WARNING, colours.underline_warning)
                }
                Some(Severity::Hint) => Stroke::new(size::UNDERLINE_HINT, colours.hint),
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
