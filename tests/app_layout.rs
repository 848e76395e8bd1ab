//! Where things are, not only what they say: every panel and preview tab at 900×600, 1280×800
//! and 1920×1080, and after the All users → Body sequence, read from the bounds AccessKit gives
//! each node (egui_kittest on the real app state). Then the editor's helpers, clicked and typed:
//! the completion list at the caret and its keys, the Insert… filter, a template the engine
//! cannot read as a finding, the checks a broken sample went without, the start card and what
//! the status bar says about saving.

mod app_support;

use app_support::*;
use egui::accesskit::Role;
use egui::{Key, Modifiers, Rect};
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use zenbraze::app::{Command, Panel, PreviewTab, ZenbrazeApp};
use zenbraze::i18n::Language;
use zenbraze::ui::payloads::{EDITOR_MIN_HEIGHT, EDITOR_MIN_WIDTH, FINDINGS_MIN_ROWS};

type H = egui_kittest::Harness<'static, ZenbrazeApp>;

const SIZES: [(f32, f32); 3] = [(900.0, 600.0), (1280.0, 800.0), (1920.0, 1080.0)];

/// Rounding and a frame's stroke: a node may touch its pane's border by this much.
const SLACK: f32 = 2.0;

/// A node people read or use (not a container, not a run of the editor's own text).
fn is_widget(role: Role) -> bool {
    !matches!(
        role,
        Role::TextRun
            | Role::GenericContainer
            | Role::Pane
            | Role::ScrollBar
            | Role::Window
            | Role::Dialog
            | Role::Menu
            | Role::Tooltip
            | Role::Unknown
    )
}

#[derive(Debug)]
struct Placed {
    label: String,
    role: Role,
    rect: Rect,
    /// The nearest pane (or popup) it is drawn in.
    pane: Option<Rect>,
    popup: bool,
    /// Inside an area that scrolls sideways (a horizontal scroll bar is shown).
    scrolls_sideways: bool,
}

/// A node's bounds, if AccessKit gave it any (containers such as a popup's frame may have none).
fn bounds<'t, N: egui_kittest::kittest::NodeT<'t>>(n: &N) -> Option<Rect> {
    n.accesskit_node().bounding_box().map(|b| {
        Rect::from_min_max(
            egui::pos2(b.x0 as f32, b.y0 as f32),
            egui::pos2(b.x1 as f32, b.y1 as f32),
        )
    })
}

fn placed(h: &H) -> Vec<Placed> {
    let mut out = Vec::new();
    for node in h.root().children_recursive() {
        let n = node.accesskit_node();
        // A plain label's text is its value: it counts as much as a button's name.
        let Some(label) = n
            .label()
            .or_else(|| (n.role() == Role::Label).then(|| n.value()).flatten())
            .filter(|l| !l.trim().is_empty())
        else {
            continue;
        };
        if !is_widget(n.role()) || n.bounding_box().is_none() {
            continue;
        }
        let mut pane = None;
        let mut popup = false;
        let mut scrolls_sideways = false;
        let mut up = node.parent();
        while let Some(p) = up {
            let pn = p.accesskit_node();
            if p.children().any(|c| {
                let c = c.accesskit_node();
                c.role() == Role::ScrollBar
                    && c.bounding_box().is_some_and(|b| b.width() > b.height())
            }) {
                scrolls_sideways = true;
            }
            if matches!(pn.role(), Role::Dialog | Role::Menu) && pane.is_none() && !popup {
                popup = true;
                pane = bounds(&p);
            }
            if pn.role() == Role::Pane && pane.is_none() && !popup {
                pane = bounds(&p);
            }
            up = p.parent();
        }
        out.push(Placed {
            label,
            role: n.role(),
            rect: node.rect(),
            pane,
            popup,
            scrolls_sideways,
        });
    }
    out
}

fn inside(inner: Rect, outer: Rect) -> bool {
    outer.expand(SLACK).contains_rect(inner)
}

/// No labelled widget outside the window, none running under another pane, no two panes on one
/// another. Widgets scrolled out of view (above or below their pane) are not shown, and count
/// only if they stick out sideways where nothing scrolls.
fn check_geometry(h: &H, what: &str) {
    let window = Rect::from_min_size(egui::Pos2::ZERO, h.ctx.content_rect().size());
    let panes: Vec<(Rect, Option<_>)> = h
        .root()
        .children_recursive()
        .filter(|n| n.accesskit_node().role() == Role::Pane)
        .filter_map(|n| Some((bounds(&n)?, n.parent().map(|p| p.accesskit_node().id()))))
        .collect();
    for (rect, _) in &panes {
        assert!(
            inside(*rect, window),
            "{what}: a pane at {rect:?} is outside the window {window:?}"
        );
        assert!(
            rect.width() >= 40.0 && rect.height() >= 20.0,
            "{what}: a pane shrank to {rect:?}"
        );
    }
    for (i, (a, pa)) in panes.iter().enumerate() {
        for (b, pb) in &panes[i + 1..] {
            if pa == pb {
                let overlap = a.intersect(*b);
                assert!(
                    overlap.width() <= SLACK || overlap.height() <= SLACK,
                    "{what}: panes {a:?} and {b:?} lie on one another"
                );
            }
        }
    }
    for w in placed(h) {
        let Some(pane) = w.pane else { continue };
        let shown_rows =
            w.rect.top() < pane.bottom() - SLACK && w.rect.bottom() > pane.top() + SLACK;
        if !shown_rows {
            continue;
        }
        if w.popup {
            assert!(
                inside(w.rect, window),
                "{what}: `{}` ({:?}) in a popup lies outside the window: {:?}",
                w.label,
                w.role,
                w.rect
            );
            continue;
        }
        if w.scrolls_sideways {
            continue;
        }
        assert!(
            w.rect.left() >= pane.left() - SLACK && w.rect.right() <= pane.right() + SLACK,
            "{what}: `{}` ({:?}) at {:?} runs out of its pane {:?}",
            w.label,
            w.role,
            w.rect,
            pane
        );
        assert!(
            w.rect.left() >= window.left() - SLACK && w.rect.right() <= window.right() + SLACK,
            "{what}: `{}` is outside the window",
            w.label
        );
    }
    check_scroll_bars(h, what);
}

/// A list that overflows shows its scroll bar, in room of its own: egui's floating bars are
/// drawn over the rows' ends and stay invisible until the pointer comes over the list, so eight
/// findings showing six and a half read as the whole list.
fn check_scroll_bars(h: &H, what: &str) {
    let scroll = h.ctx.global_style().spacing.scroll;
    assert!(
        !scroll.floating || scroll.dormant_handle_opacity > 0.0,
        "{what}: scroll bars are hidden until hovered: {scroll:?}"
    );
    let in_popup = |n: &egui_kittest::Node<'_>| {
        let mut up = n.parent();
        while let Some(p) = up {
            if matches!(p.accesskit_node().role(), Role::Dialog | Role::Menu) {
                return true;
            }
            up = p.parent();
        }
        false
    };
    let bars: Vec<Rect> = h
        .root()
        .children_recursive()
        .filter(|n| n.accesskit_node().role() == Role::ScrollBar && !in_popup(n))
        .filter_map(|n| bounds(&n))
        .collect();
    // A widget in an area that scrolls sideways is wider than the part of it shown.
    for w in placed(h)
        .into_iter()
        .filter(|w| !w.popup && !w.scrolls_sideways)
    {
        for bar in &bars {
            let o = w.rect.intersect(*bar);
            assert!(
                o.width() <= SLACK || o.height() <= SLACK,
                "{what}: `{}` ({:?}) at {:?} lies under a scroll bar at {bar:?}",
                w.label,
                w.role,
                w.rect
            );
        }
    }
}

/// The pane a node is drawn in.
fn pane_of(h: &H, label: &str) -> Rect {
    let node = h.get_by_label(label);
    let mut up = node.parent();
    while let Some(p) = up {
        if p.accesskit_node().role() == Role::Pane
            && let Some(rect) = bounds(&p)
        {
            return rect;
        }
        up = p.parent();
    }
    panic!("`{label}` is in no pane")
}

/// The editor keeps its least width, and the findings list shows five findings (or all); the
/// body must have findings (the docs preset has).
fn check_editor_and_findings(h: &H, what: &str) {
    let editor = h.get_by_label("Body template").rect();
    let editor_pane = pane_of(h, "Body template");
    let shown = editor.intersect(editor_pane);
    let window = h.ctx.content_rect();
    let least = EDITOR_MIN_WIDTH.min(window.width() * 0.4) - 40.0;
    assert!(
        shown.width() >= least,
        "{what}: the editor is {} px wide (least {least})",
        shown.width()
    );
    assert!(
        shown.height() >= 80.0,
        "{what}: the editor is {} px tall",
        shown.height()
    );
    let findings = h.state().findings().len();
    assert!(
        findings > 0,
        "{what}: the body has no findings, so the list's layout is not tested (select the docs \
         preset first)"
    );
    let pane = findings_pane(h);
    // The findings' places ("error 3:23") are links: count the ones wholly in view.
    let in_view = h
        .root()
        .children_recursive()
        .filter(|n| n.accesskit_node().role() == Role::Link)
        .filter(|n| bounds(n).is_some_and(|r| inside(r, pane)))
        .count();
    let wanted = findings.min(FINDINGS_MIN_ROWS as usize);
    assert!(
        in_view >= wanted,
        "{what}: the findings pane ({pane:?}) shows {in_view} of {findings} findings"
    );
}

/// The findings pane, found from its heading ("8 findings").
fn findings_pane(h: &H) -> Rect {
    // The heading counts the body's findings (the request's have their own line); the All
    // users table may show a cell with the same words, so the heading is the lowest such label
    // (its pane is at the bottom).
    let total = h.state().findings().len();
    let mut text = if total == 1 {
        "1 finding".to_owned()
    } else {
        format!("{total} findings")
    };
    // With findings in the request's URL or headers too, the heading says these are the body's.
    if h.state()
        .rendered_request()
        .is_some_and(|r| !r.findings.is_empty())
    {
        text.push_str(" in the body");
    }
    let heading = h
        .query_all_by_label(&text)
        .filter(|n| n.accesskit_node().role() == Role::Label)
        .max_by(|a, b| {
            let top = |n: &egui_kittest::Node<'_>| bounds(n).map_or(f32::MIN, |r| r.top());
            top(a).total_cmp(&top(b))
        })
        .expect("the findings heading");
    let mut up = heading.parent();
    loop {
        let p = up.expect("the findings pane");
        if p.accesskit_node().role() == Role::Pane
            && let Some(rect) = bounds(&p)
        {
            return rect;
        }
        up = p.parent();
    }
}

/// The scroll bars drawn in `within`: (bounds, runs sideways).
fn scroll_bars(h: &H, within: Rect) -> Vec<(Rect, bool)> {
    h.root()
        .children_recursive()
        .filter(|n| n.accesskit_node().role() == Role::ScrollBar)
        .filter_map(|n| bounds(&n))
        .filter(|r| inside(*r, within))
        .map(|r| (r, r.width() > r.height()))
        .collect()
}

fn show(h: &mut TestApp, panel: Panel) {
    h.state_mut().push(Command::Show(panel));
    h.run_ok();
    h.settle();
}

fn tab(h: &mut TestApp, tab: PreviewTab) {
    h.state_mut().remembered.preview_tab = tab;
    h.run_ok();
    h.pause_typing();
    if tab == PreviewTab::AllSubjects {
        h.step_until("the all-users rows", |h| {
            let (rows, updating) = h.state().survey();
            rows.is_some() && !updating
        });
    }
    h.settle();
}

#[test]
fn every_panel_and_tab_fits_at_every_size_and_after_all_users_then_body() {
    for (w, hgt) in SIZES {
        let dir = temp_dir(&format!("layout-{w}"));
        let mut h = open_sized(config(&dir, Language::English), egui::vec2(w, hgt));
        h.settle();
        h.select_docs_preset();
        for panel in Panel::ALL {
            show(&mut h, *panel);
            if *panel == Panel::Payloads {
                for t in [
                    PreviewTab::Body,
                    PreviewTab::Request,
                    PreviewTab::AllSubjects,
                ] {
                    tab(&mut h, t);
                    let what = format!("{w}×{hgt} {panel:?} {t:?}");
                    check_geometry(&h, &what);
                    check_editor_and_findings(&h, &what);
                }
                // The sequence that used to leave the editor at zero width.
                tab(&mut h, PreviewTab::Body);
                let what = format!("{w}×{hgt} after All users → Body");
                check_geometry(&h, &what);
                check_editor_and_findings(&h, &what);
            } else {
                check_geometry(&h, &format!("{w}×{hgt} {panel:?}"));
            }
        }
    }
}

/// Puts the caret at the end of the body and types `text`, as a person would.
fn type_at_end(h: &mut TestApp, text: &str) {
    h.get_by_label("Body template").focus();
    h.run_ok();
    h.key_press_modifiers(Modifiers::COMMAND, Key::End);
    h.run_ok();
    h.get_by_label("Body template").type_text(text);
    h.run_ok();
    h.run_ok();
}

/// The completion buttons drawn in the popup at the caret.
fn completion_buttons(h: &H) -> Vec<(String, Rect)> {
    placed(h)
        .into_iter()
        .filter(|p| p.popup && p.role == Role::Button)
        .map(|p| (p.label, p.rect))
        .collect()
}

#[test]
fn completions_open_at_the_caret_and_answer_arrows_enter_and_esc() {
    for (w, hgt) in SIZES {
        let dir = temp_dir(&format!("complete-{w}"));
        let mut h = open_sized(config(&dir, Language::English), egui::vec2(w, hgt));
        h.settle();
        h.set_body("{\"subject\": \"Hi ");
        // `la` matches more than one name (last_name, language, …): ↓ has somewhere to go.
        type_at_end(&mut h, "{{${la");
        let buttons = completion_buttons(&h);
        assert!(
            buttons.iter().any(|(l, _)| l == "${last_name}") && buttons.len() >= 2,
            "{w}×{hgt}: the list offers ${{last_name}} and more: {buttons:?}"
        );
        check_geometry(&h, &format!("{w}×{hgt} completions"));
        // Next to the caret: the caret is at the end of the editor's last line of text.
        let editor = h.get_by_label("Body template");
        let last_line = editor
            .children_recursive()
            .filter(|n| n.accesskit_node().role() == Role::TextRun)
            .map(|n| n.rect())
            .max_by(|a, b| a.top().total_cmp(&b.top()))
            .expect("the editor's text runs");
        let list = buttons
            .iter()
            .map(|(_, r)| *r)
            .reduce(|a, b| a.union(b))
            .unwrap();
        let below =
            list.top() >= last_line.bottom() - SLACK && list.top() <= last_line.bottom() + 40.0;
        let above =
            list.bottom() <= last_line.top() + SLACK && list.bottom() >= last_line.top() - 40.0;
        assert!(
            below || above,
            "{w}×{hgt}: the list {list:?} is not next to the caret's line {last_line:?}"
        );
        assert!(
            list.left() >= last_line.left() - SLACK && list.left() <= last_line.right() + 24.0,
            "{w}×{hgt}: the list {list:?} starts away from the caret {last_line:?}"
        );
        // Under nothing: no pane's widget is drawn over it (the list is on the top layer).
        let layer = h.ctx.layer_id_at(list.center());
        assert_eq!(
            layer.map(|l| l.order),
            Some(egui::Order::Foreground),
            "{w}×{hgt}"
        );

        // ↓ moves to the second suggestion, Enter takes it (and adds no newline).
        let second = buttons[1].0.clone();
        h.key_press(Key::ArrowDown);
        h.run_ok();
        h.key_press(Key::Enter);
        h.run_ok();
        h.run_ok();
        let body = h.state().payload().unwrap().body.clone();
        let inserted = format!("{{{{{second}}}}}");
        assert!(
            body.ends_with(&format!("Hi {inserted}")),
            "{w}×{hgt}: Enter completes with the chosen `{second}`: {body:?}"
        );
        assert!(!body.contains('\n'), "{body:?}");
        assert!(completion_buttons(&h).is_empty(), "the list closes");

        // Tab completes the first one.
        type_at_end(&mut h, " {{${em");
        assert!(!completion_buttons(&h).is_empty());
        h.key_press(Key::Tab);
        h.run_ok();
        h.run_ok();
        let body = h.state().payload().unwrap().body.clone();
        assert!(body.ends_with(" {{${email_address}}}"), "{body:?}");

        // Esc closes the list and leaves the text and the focus in the editor.
        type_at_end(&mut h, " {{${la");
        assert!(!completion_buttons(&h).is_empty());
        h.key_press(Key::Escape);
        h.run_ok();
        assert!(completion_buttons(&h).is_empty(), "Esc closes the list");
        h.get_by_label("Body template").type_text("st");
        h.run_ok();
        let body = h.state().payload().unwrap().body.clone();
        assert!(
            body.ends_with(" {{${last"),
            "the editor kept the focus: {body:?}"
        );
    }
}

/// Whether the Insert… menu lists `name` (its entries read "${first_name} profile": the name,
/// then its group).
fn lists(h: &H, name: &str) -> bool {
    h.root().children_recursive().any(|n| {
        let n = n.accesskit_node();
        n.role() == Role::Button
            && n.label()
                .is_some_and(|l| l == name || l.starts_with(&format!("{name} ")))
    })
}

#[test]
fn insert_filters_as_you_type_and_keeps_the_focus_in_its_box() {
    let dir = temp_dir("insert-filter");
    let mut h = app(&dir, Language::English);
    h.set_body("{}");
    h.get_by_label("Insert…").click();
    h.run_ok();
    assert!(lists(&h, "${first_name}"), "the menu lists suggestions");
    // The focus is in the filter as soon as the menu opens: typing goes there.
    h.get_by_label("Body template").type_text("last");
    h.run_ok();
    assert_eq!(h.state().editor.insert_filter, "last");
    assert_eq!(h.state().payload().unwrap().body, "{}", "not into the body");
    assert!(!lists(&h, "${first_name}"), "filtered out");
    assert!(lists(&h, "${last_name}"));
    // Clicking the filter box keeps the menu open.
    h.get_by_label("Filter").click();
    h.run_ok();
    assert!(lists(&h, "${last_name}"), "still open");
    h.get_by_label("Filter").type_text("_n");
    h.run_ok();
    assert_eq!(h.state().editor.insert_filter, "last_n");
    // Enter inserts the first match.
    h.key_press(Key::Enter);
    h.run_ok();
    h.run_ok();
    assert!(
        h.state()
            .payload()
            .unwrap()
            .body
            .contains("{{${last_name}}}"),
        "{:?}",
        h.state().payload().unwrap().body
    );
    assert!(!lists(&h, "${last_name}"), "the menu closed");
}

#[test]
fn a_template_syntax_error_is_an_error_finding_listed_counted_and_blocking() {
    let dir = temp_dir("syntax-finding");
    let mut h = app(&dir, Language::English);
    h.set_body("{\n  \"subject\": \"Hi\",\n  \"name\": \"{{ ${first_name}\"\n}");
    let findings = h.state().findings().to_vec();
    let syntax: Vec<_> = findings
        .iter()
        .filter(|f| f.rule == "template-syntax")
        .collect();
    assert_eq!(syntax.len(), 1, "{findings:?}");
    let f = syntax[0];
    assert_eq!(f.severity, zenbraze::lint::Severity::Error);
    assert_eq!(f.line, 3, "{f:?}");
    // Listed with its place and counted in the heading.
    assert!(
        h.query_by_label(&format!("error {}:{}", f.line, f.col))
            .is_some()
    );
    assert!(
        h.query_by_label_contains("The template cannot be read")
            .is_some()
    );
    // The heading counts the body's finding, as All users and the console do; the request's
    // (the preset's URL keeps the documentation's `your-subdomain` host) have their own line.
    let request = h.state().rendered_request().map_or(0, |r| r.findings.len());
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert!(h.query_by_label("1 finding in the body").is_some());
    assert_eq!(request, 1, "the placeholder host");
    assert!(
        h.query_by_label("1 more in the webhook's URL or headers")
            .is_some()
    );

    assert!(
        h.query_by_label("The body passes every check").is_none(),
        "not a clean body"
    );
    // And a send stops on it.
    show(&mut h, Panel::Console);
    h.state_mut().push(Command::Send);
    h.run_ok();
    h.step_until("the send to be refused", |h| {
        h.state().console.blocked.is_some()
    });
}

#[test]
fn a_sample_whose_json_breaks_says_which_checks_could_not_run() {
    let dir = temp_dir("checks-not-run");
    let mut h = app(&dir, Language::English);
    h.set_body("Hello {{${first_name}}}, this is not JSON");
    assert!(
        h.query_by_label_contains("the Zendesk ticket checks could not run")
            .is_some(),
        "{:?}",
        h.state().findings()
    );
}

#[test]
fn the_first_launch_offers_three_journeys_and_the_status_bar_tells_the_truth() {
    let dir = temp_dir("first-minute");
    let mut h = app(&dir, Language::English);
    for journey in ["Preview a payload", "Send a test…", "Set up the trigger…"] {
        assert!(h.query_by_label(journey).is_some(), "{journey}");
    }
    // Nothing is on disk yet, and the status bar does not say "Saved".
    assert!(!dir.join("workspace.json").exists());
    assert!(h.query_by_label_contains("Not saved yet").is_some());
    assert!(h.query_by_label_contains("Saved ·").is_none());
    h.click("Preview a payload");
    h.settle();
    // The card stays after a journey: the other two are still a click away.
    for journey in ["Send a test…", "Set up the trigger…"] {
        assert!(
            h.query_by_label(journey).is_some(),
            "{journey} still offered"
        );
    }
    let p = h.state().payload().unwrap();
    assert!(p.name.contains("as the docs publish it"), "{}", p.name);
    assert!(!h.state().findings().is_empty(), "its findings are listed");
    // A change is saved, and only then the bar says so.
    h.set_body("{}");
    assert!(h.query_by_label_contains("Unsaved changes").is_some());
    h.wait_saved();
    assert!(dir.join("workspace.json").exists());
    assert!(h.query_by_label_contains("Saved ·").is_some());
    // Its × puts it away; the Workspace menu brings it back.
    h.click("×");
    assert!(h.query_by_label("Preview a payload").is_none(), "put away");
    h.click("Workspace");
    h.click("Getting started…");
    for journey in ["Preview a payload", "Send a test…", "Set up the trigger…"] {
        assert!(h.query_by_label(journey).is_some(), "{journey} back");
    }
}

#[test]
fn shrinking_the_window_keeps_the_body_editor_its_least_height_below_the_fields() {
    // Sized at 1280×800, the findings pane takes a third of the height; at 900×600 that third
    // was kept, and the body editor under the payload's fields had a few lines left.
    let dir = temp_dir("shrink");
    let mut h = open_sized(config(&dir, Language::English), egui::vec2(1280.0, 800.0));
    h.settle();
    h.select_docs_preset();
    for (w, hgt) in [(1100.0, 700.0), (900.0, 600.0)] {
        h.set_size(egui::vec2(w, hgt));
        h.run_ok();
        h.run_ok();
        h.settle();
        let editor = h.get_by_label("Body template").rect();
        let shown = editor.intersect(pane_of(&h, "Body template"));
        let least = EDITOR_MIN_HEIGHT.min(hgt * 0.25);
        assert!(
            shown.height() >= least - SLACK,
            "{w}×{hgt}: the body editor is {} px tall (least {least})",
            shown.height()
        );
        check_geometry(&h, &format!("shrunk to {w}×{hgt}"));
        check_editor_and_findings(&h, &format!("shrunk to {w}×{hgt}"));
    }
}

/// WCAG's contrast ratio of two colours (1 to 21).
fn contrast(a: egui::Color32, b: egui::Color32) -> f32 {
    let luminance = |c: egui::Color32| {
        let channel = |v: u8| {
            let v = f32::from(v) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
    };
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[test]
fn hints_and_text_can_be_read_in_both_themes() {
    // The hints (what a step does, the empty console, where secrets go) were egui's weak text:
    // 2.7:1 on the dark panel.
    let dir = temp_dir("contrast");
    let h = app(&dir, Language::English);
    for theme in [egui::Theme::Dark, egui::Theme::Light] {
        let visuals = &h.ctx.style_of(theme).visuals;
        let background = visuals.panel_fill;
        let (text, weak) = (visuals.text_color(), visuals.weak_text_color());
        for (what, colour) in [("text", text), ("hint", weak)] {
            let ratio = contrast(colour, background);
            assert!(
                ratio >= 4.5,
                "{theme:?}: {what} {colour:?} on {background:?} is {ratio:.2}:1"
            );
        }
        assert!(
            contrast(text, background) > contrast(weak, background),
            "{theme:?}: hints stay a step below the text"
        );
    }
}

#[test]
fn the_all_users_rows_count_one_warning_in_the_singular() {
    // The published docs' body gives user-quotes five errors and one warning.
    let dir = temp_dir("row-plural");
    let mut h = app(&dir, Language::English);
    h.select_docs_preset();
    tab(&mut h, PreviewTab::AllSubjects);
    let rows: Vec<String> = h
        .root()
        .children_recursive()
        .filter_map(|n| {
            let n = n.accesskit_node();
            n.label().or_else(|| n.value())
        })
        .filter(|l| l.contains("errors,") || l.contains("error,"))
        .collect();
    assert!(
        rows.iter().any(|l| l.ends_with(", 1 warning")),
        "a row with one warning: {rows:?}"
    );
    assert!(rows.iter().all(|l| !l.contains(" 1 warnings")), "{rows:?}");
}

#[test]
fn a_user_without_a_name_or_an_email_is_listed_without_empty_separators() {
    let dir = temp_dir("user-rows");
    let mut h = app(&dir, Language::English);
    show(&mut h, Panel::Users);
    // The presets hold a user with no email and one with nothing but its id.
    assert!(h.query_by_label("user-no-email · Grace Hopper").is_some());
    assert!(h.query_by_label("user-empty").is_some());
    assert!(h.query_by_label_contains("· ·").is_none());
    assert!(
        h.query_by_label("user-1042 · Ada Lovelace · ada@example.com")
            .is_some()
    );
}

#[test]
fn a_narrow_findings_line_gives_the_message_the_room_and_the_fix_on_hover() {
    // At 900×600 a line with an Apply fix button had about 190 px: half for the message, half
    // for the fix, both cut to a few words.
    let dir = temp_dir("narrow-findings");
    let mut h = open_sized(config(&dir, Language::English), egui::vec2(900.0, 600.0));
    h.settle();
    h.select_docs_preset();
    let message = h
        .query_all_by_label_contains("can hold free text inside a JSON string")
        .map(|n| n.rect())
        .next()
        .expect("the json_escape warning");
    assert!(
        message.width() >= 150.0,
        "the message has {} px",
        message.width()
    );
    assert!(
        h.query_by_label_contains("fix: add `| json_escape`")
            .is_none(),
        "the fix waits for the hover"
    );
    h.query_all_by_label_contains("can hold free text inside a JSON string")
        .next()
        .unwrap()
        .hover();
    h.run_ok();
    h.run_ok();
    assert!(
        h.query_by_label_contains("fix: add `| json_escape` as its last filter")
            .is_some(),
        "the hover gives the fix"
    );
}

#[test]
fn the_wizards_next_button_stays_in_place_from_step_to_step() {
    // On the first step Back was missing and Next sat where Back comes on the second: clicking
    // Next twice went forward and back.
    let dir = temp_dir("wizard-next");
    let mut h = app(&dir, Language::English);
    show(&mut h, Panel::Wizard);
    let first = h.get_by_label("Next →").rect();
    assert!(
        h.get_by_label("← Back").accesskit_node().is_disabled(),
        "Back is there, greyed, on the first step"
    );
    h.click("Next →");
    h.settle();
    let second = h.get_by_label("Next →").rect();
    assert_eq!(first, second, "Next moved");
    h.click("← Back");
    h.settle();
    assert_eq!(h.get_by_label("Next →").rect(), first);
}

#[test]
fn the_request_tab_shows_the_whole_url_at_every_size() {
    for (w, hgt) in SIZES {
        let dir = temp_dir(&format!("request-url-{w}"));
        let mut h = open_sized(config(&dir, Language::English), egui::vec2(w, hgt));
        h.settle();
        tab(&mut h, PreviewTab::Request);
        let url = "https://your-subdomain.zendesk.com/api/v2/tickets.json";
        let node = h.get_by_label(url);
        let rect = node.rect();
        let pane = pane_of(&h, url);
        assert!(
            inside(rect, pane),
            "{w}×{hgt}: the URL at {rect:?} runs out of the preview {pane:?}"
        );
    }
}

#[test]
fn the_preview_keeps_its_share_when_the_window_grows_or_shrinks() {
    let dir = temp_dir("preview-share");
    let mut h = open_sized(config(&dir, Language::English), egui::vec2(900.0, 600.0));
    h.settle();
    // A body with findings, so that their list is checked at each size too.
    h.select_docs_preset();
    let share = |h: &H| {
        let preview = pane_of(h, "Body");
        preview.width() / h.ctx.content_rect().width()
    };
    // The findings pane too, in height: sized at 600 points, it kept 180 in a 1080-point window.
    let findings_share = |h: &H| findings_pane(h).height() / h.ctx.content_rect().height();
    let small = share(&h);
    let findings_small = findings_share(&h);
    for (w, hgt) in [(1920.0, 1080.0), (1280.0, 800.0), (900.0, 600.0)] {
        h.set_size(egui::vec2(w, hgt));
        h.run_ok();
        h.run_ok();
        h.settle();
        let now = share(&h);
        assert!(
            (now - small).abs() < 0.06,
            "{w}×{hgt}: the preview takes {now:.2} of the window (at 900: {small:.2})"
        );
        let findings_now = findings_share(&h);
        assert!(
            (findings_now - findings_small).abs() < 0.06,
            "{w}×{hgt}: the findings take {findings_now:.2} of the window's height (at 600: \
             {findings_small:.2})"
        );
        check_geometry(&h, &format!("resized to {w}×{hgt}"));
        check_editor_and_findings(&h, &format!("resized to {w}×{hgt}"));
    }
}

#[test]
fn every_panel_and_tab_fits_at_900_by_600_in_spanish() {
    // Spanish labels run longer than English ones ("Aplicar corrección", "Todos los usuarios").
    let dir = temp_dir("layout-es");
    let mut h = open_sized(config(&dir, Language::Spanish), egui::vec2(900.0, 600.0));
    h.settle();
    h.select_docs_preset();
    for panel in Panel::ALL {
        show(&mut h, *panel);
        if *panel == Panel::Payloads {
            for t in [
                PreviewTab::Body,
                PreviewTab::Request,
                PreviewTab::AllSubjects,
                PreviewTab::Body,
            ] {
                tab(&mut h, t);
                check_geometry(&h, &format!("es 900×600 {panel:?} {t:?}"));
            }
        } else {
            check_geometry(&h, &format!("es 900×600 {panel:?}"));
        }
    }
}

#[test]
fn the_new_profile_fields_say_where_each_value_is_found() {
    let dir = temp_dir("profile-hints");
    let mut h = app(&dir, Language::English);
    show(&mut h, Panel::Settings);
    let texts: Vec<String> = h
        .root()
        .children_recursive()
        .filter_map(|n| {
            let n = n.accesskit_node();
            n.placeholder().map(str::to_owned).or_else(|| n.label())
        })
        .collect();
    for hint in [
        "acme, for acme.zendesk.com",
        "Admin Center › Apps and integrations › APIs",
        "Settings › APIs and Identifiers › API Keys",
    ] {
        assert!(texts.iter().any(|t| t == hint), "{hint}: {texts:?}");
    }
}

/// Insert…'s filters go into the Liquid tag at the caret (at the end of its expression), are
/// listed as filters, and outside a tag nothing is pasted: the editor says why.
#[test]
fn insert_puts_a_filter_inside_the_tag_at_the_caret_or_says_why_not() {
    let dir = temp_dir("insert-filter-tag");
    let mut h = app(&dir, Language::English);
    let body = r#"{"name": "Zoë {{${first_name}}}"}"#;
    h.set_body(body);
    let choose_json_escape = |h: &mut TestApp| {
        h.get_by_label("Insert…").click();
        h.run_ok();
        assert!(
            lists(h, "| json_escape filter"),
            "filters are listed as filters"
        );
        // The menu keeps its filter from last time.
        if h.state().editor.insert_filter != "json_escape" {
            h.get_by_label("Filter").type_text("json_escape");
            h.run_ok();
        }
        h.key_press(Key::Enter);
        h.run_ok();
        h.run_ok();
    };
    // The caret in the JSON, before the tag: nothing is pasted, and the editor says why.
    h.get_by_label("Body template").focus();
    h.run_ok();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Home);
    for _ in 0..3 {
        h.key_press(Key::ArrowRight);
    }
    h.run_ok();
    choose_json_escape(&mut h);
    assert_eq!(h.state().payload().unwrap().body, body, "nothing pasted");
    assert!(
        h.query_by_label_contains("| json_escape was not inserted: put the caret inside")
            .is_some()
    );
    // The caret inside `{{${first_name}}}`: the filter goes at the end of its expression.
    h.get_by_label("Body template").focus();
    h.run_ok();
    h.key_press_modifiers(Modifiers::COMMAND, Key::End);
    for _ in 0..6 {
        h.key_press(Key::ArrowLeft);
    }
    h.run_ok();
    choose_json_escape(&mut h);
    assert_eq!(
        h.state().payload().unwrap().body,
        r#"{"name": "Zoë {{${first_name} | json_escape}}"}"#
    );
    assert!(
        h.query_by_label_contains("was not inserted").is_none(),
        "the note went with the edit"
    );
}

/// The completions know the template's own variables, and right after `${` they start with
/// the tags people use most.
#[test]
fn completions_offer_the_templates_variables_and_the_common_tags_first() {
    let dir = temp_dir("complete-vars");
    let mut h = app(&dir, Language::English);
    h.set_body("{% assign who = ${first_name} | default: 'you' %}{\"subject\": \"Hi ");
    type_at_end(&mut h, "{{w");
    let labels: Vec<String> = completion_buttons(&h).into_iter().map(|(l, _)| l).collect();
    assert_eq!(
        labels.first().map(String::as_str),
        Some("who"),
        "the variable just assigned: {labels:?}"
    );
    h.key_press(Key::Enter);
    h.run_ok();
    h.run_ok();
    assert!(
        h.state().payload().unwrap().body.ends_with("Hi {{who}}"),
        "{:?}",
        h.state().payload().unwrap().body
    );
    type_at_end(&mut h, " {{${");
    let labels: Vec<String> = completion_buttons(&h).into_iter().map(|(l, _)| l).collect();
    assert_eq!(
        labels
            .iter()
            .take(3)
            .map(String::as_str)
            .collect::<Vec<_>>(),
        ["${first_name}", "${last_name}", "${email_address}"],
        "{labels:?}"
    );
    assert!(!labels.iter().any(|l| l == "who"), "not a ${{}} name");
}

/// Imports `n` users by pasting them, as a person would (Ctrl+I, Paste, Add).
fn import_users(h: &mut TestApp, first: usize, n: usize) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run_ok();
    h.get_by_label("Paste").click();
    h.run_ok();
    let users: Vec<serde_json::Value> = (first..first + n)
        .map(|i| serde_json::json!({"external_id": format!("imp-{i}"), "first_name": "Grace"}))
        .collect();
    h.get_by_label("Users as text")
        .set_text_value_accesskit(&serde_json::Value::Array(users).to_string());
    h.run_ok();
    h.settle();
    h.get_by_label(&format!("Add {n} users")).click();
    h.run_ok();
}

/// Notices float over the panels (the editor keeps its height at 900×600), can be closed, and
/// go by themselves after a while.
#[test]
fn notices_expire_can_be_closed_and_never_squeeze_the_editor() {
    let dir = temp_dir("notices");
    let mut h = open_sized(config(&dir, Language::English), egui::vec2(900.0, 600.0));
    h.settle();
    let editor_height = |h: &TestApp| h.get_by_label("Body template").rect().height();
    let before = editor_height(&h);
    import_users(&mut h, 1, 2);
    import_users(&mut h, 3, 3);
    assert!(h.query_by_label("Imported 2 users").is_some());
    assert!(h.query_by_label("Imported 3 users").is_some());
    h.get_by_role_and_label(Role::Button, "Payloads").click();
    h.run_ok();
    assert!(h.query_by_label("Imported 2 users").is_some());
    assert_eq!(
        editor_height(&h),
        before,
        "two notices take no height from the editor"
    );
    // × closes one: the one on its row.
    let row = h.get_by_label("Imported 2 users").rect().center().y;
    h.query_all_by_label("×")
        .min_by(|a, b| {
            (a.rect().center().y - row)
                .abs()
                .total_cmp(&(b.rect().center().y - row).abs())
        })
        .unwrap()
        .click();
    h.run_ok();
    assert!(h.query_by_label("Imported 2 users").is_none(), "closed");
    // The other goes by itself.
    h.clock.advance(zenbraze::app::NOTICE_LIFETIME);
    h.step_until("the notice to expire", |h| h.state().notices.is_empty());
    assert!(h.query_by_label_contains("Imported").is_none());
}

/// Ctrl+Z after a completion brings back what was typed, not the text from before the word,
/// and does not open the list again.
#[test]
fn undo_after_a_completion_restores_what_was_typed() {
    let dir = temp_dir("undo-completion");
    let mut h = app(&dir, Language::English);
    h.set_body("{\"subject\": \"Hi ");
    h.get_by_label("Body template").focus();
    h.run_ok();
    h.key_press_modifiers(Modifiers::COMMAND, Key::End);
    h.run_ok();
    // Typed and completed at once, as a person does: within egui's pause before it keeps an
    // undo point of its own.
    h.get_by_label("Body template").type_text("{{${fir");
    h.step();
    h.step();
    assert!(!completion_buttons(&h).is_empty());
    h.key_press(Key::Enter);
    h.step();
    h.step();
    let body = h.state().payload().unwrap().body.clone();
    assert!(body.ends_with("Hi {{${first_name}}}"), "{body:?}");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.step();
    h.step();
    let body = h.state().payload().unwrap().body.clone();
    assert!(
        body.ends_with("Hi {{${fir"),
        "what was typed is back: {body:?}"
    );
    assert!(completion_buttons(&h).is_empty(), "the list stays closed");
}

/// A body of `lines` lines, each with a finding (a tag Braze does not know, a warning).
fn body_with_findings(lines: usize) -> String {
    let fields: Vec<String> = (0..lines)
        .map(|i| format!("  \"f{i}\": \"{{{{${{nope_{i}}}}}}}\""))
        .collect();
    format!(
        "{{\"ticket\": {{\"subject\": \"Hi\", \"comment\": {{\"body\": \"x\"}}}},\n{}\n}}",
        fields.join(",\n")
    )
}

#[test]
fn the_editor_takes_the_free_height_and_a_long_findings_list_shows_its_scroll_bar() {
    for (w, hgt) in SIZES {
        let what = format!("{w}×{hgt}");
        let dir = temp_dir(&format!("grow-{w}"));
        let mut h = open_sized(config(&dir, Language::English), egui::vec2(w, hgt));
        h.settle();
        h.select_docs_preset();
        // No blank band between the body editor and the findings below it.
        let editor = h.get_by_label("Body template").rect();
        let findings = findings_pane(&h);
        let gap = findings.top() - editor.bottom();
        assert!(
            gap <= 24.0,
            "{what}: {gap} px of nothing between the editor ({editor:?}) and the findings \
             ({findings:?})"
        );
        check_editor_and_findings(&h, &what);
        // One count: the heading's (found by check_editor_and_findings) is the errors and
        // warnings All users gives the sample; the URL's placeholder host is counted apart.
        let (errors, warnings) = {
            let f = h.state().findings();
            let of = |s| f.iter().filter(|x| x.severity == s).count();
            (
                of(zenbraze::lint::Severity::Error),
                of(zenbraze::lint::Severity::Warning),
            )
        };
        assert_eq!(
            errors + warnings,
            h.state().findings().len(),
            "{what}: hints"
        );
        tab(&mut h, PreviewTab::AllSubjects);
        let row = format!("{errors} errors, {warnings} warnings");
        assert!(
            h.query_all_by_label_contains(&row).next().is_some(),
            "{what}: no row says `{row}`"
        );
        assert!(
            h.query_by_label("1 more in the webhook's URL or headers")
                .is_some()
        );
        tab(&mut h, PreviewTab::Body);

        // More findings than the pane shows: its scroll bar is there, beside the rows.
        h.set_body(&body_with_findings(16));
        h.pause_typing();
        h.settle();
        assert!(
            h.state().findings().len() >= 12,
            "{what}: {:?}",
            h.state().findings().len()
        );
        let pane = findings_pane(&h);
        let bars = scroll_bars(&h, pane);
        assert!(
            bars.iter().any(|(_, sideways)| !sideways),
            "{what}: {} findings and no scroll bar in their pane {pane:?}",
            h.state().findings().len()
        );
        check_geometry(&h, &what);
        let editor = h.get_by_label("Body template").rect();
        assert!(
            pane.top() - editor.bottom() <= 24.0,
            "{what}: the editor {editor:?} ends far above the findings {pane:?}"
        );
        // A body that fits shows no scroll bar: the editor's height is its pane's, not a row
        // count taller than a small window's pane.
        h.set_body("{\"ticket\": {\"subject\": \"Hi\"}}");
        let editor_pane = pane_of(&h, "Body template");
        assert!(
            scroll_bars(&h, editor_pane).is_empty(),
            "{what}: a two-line body scrolls: {:?}",
            scroll_bars(&h, editor_pane)
        );
    }
}

#[test]
fn the_body_preview_scrolls_sideways_when_its_lines_are_long_at_900_by_600() {
    let dir = temp_dir("preview-wide");
    let mut h = open_sized(config(&dir, Language::English), egui::vec2(900.0, 600.0));
    h.settle();
    let long = "x".repeat(400);
    h.set_body(&format!("{{\"ticket\": {{\"subject\": \"{long}\"}}}}"));
    tab(&mut h, PreviewTab::Body);
    let preview = pane_of(&h, "Copy the output");
    assert!(
        scroll_bars(&h, preview)
            .iter()
            .any(|(_, sideways)| *sideways),
        "no sideways scroll bar in the preview {preview:?}"
    );
    check_geometry(&h, "900×600 long preview line");
}

#[test]
fn another_payloads_body_opens_at_its_top() {
    let dir = temp_dir("scroll-reset");
    let mut h = open_sized(config(&dir, Language::English), egui::vec2(1280.0, 800.0));
    h.settle();
    let long: Vec<String> = (0..300).map(|i| format!("  \"f{i}\": {i}")).collect();
    let body = format!("{{\n{}\n}}", long.join(",\n"));
    // Two long payloads: the second is as long as the first, so an offset kept from the first
    // would fit in it.
    h.set_body(&body);
    h.state_mut().push(Command::SelectPayload(1));
    h.run_ok();
    h.settle();
    h.set_body(&body);
    h.state_mut().push(Command::SelectPayload(0));
    h.run_ok();
    h.settle();
    let first_line_top = |h: &H| {
        h.get_by_label("Body template")
            .children_recursive()
            .filter(|n| n.accesskit_node().role() == Role::TextRun)
            .map(|n| n.rect().top())
            .fold(f32::MAX, f32::min)
    };
    // The editor's view starts below the Insert… button.
    let view_top = h.get_by_label("Insert…").rect().bottom();
    // Scrolled down, as a person reading its last lines.
    for _ in 0..5 {
        h.get_by_label("Body template").scroll_down();
        h.run_ok();
    }
    h.run_ok();
    assert!(
        first_line_top(&h) < view_top - 200.0,
        "the body did not scroll: its first line is at {}",
        first_line_top(&h)
    );
    // The other payload, chosen in the list.
    let other = h.state().doc.workspace.payloads[1].name.clone();
    h.get_by_label(&other).click();
    h.run_ok();
    h.settle();
    assert_eq!(h.state().remembered.payload, 1);
    let top = first_line_top(&h);
    assert!(
        top >= view_top - SLACK && top <= view_top + 40.0,
        "the other payload's body opens scrolled: its first line is at {top}, the view starts \
         at {view_top}"
    );
}
