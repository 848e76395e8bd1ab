//! Image snapshots of each panel at 1280×800 (the first-launch size), drawn by kittest's wgpu
//! renderer (Mesa's llvmpipe / lavapipe on machines without a GPU) and compared with the PNGs in
//! `tests/snapshots/`. `cargo test --features snapshots --test app_snapshots`; after a change
//! that is meant to show, `UPDATE_SNAPSHOTS=1` rewrites the references (look at them before
//! committing). Tolerance: a pixel fails past a YIQ distance of 0.6 (kittest's default, for
//! renderer differences), and at most 40 pixels of the 1,024,000 may fail (text anti-aliasing
//! between Mesa versions); a moved pane, a missing label or a colour change fails.

mod app_support;

use app_support::*;
use egui_kittest::SnapshotOptions;
use zenbraze::app::{Command, Panel, PreviewTab};
use zenbraze::i18n::Language;

fn options() -> SnapshotOptions {
    SnapshotOptions::new().threshold(0.6).max_failed_pixels(40)
}

#[test]
fn each_panel_at_1280_by_800() {
    // A fixed directory: its path is in the status bar, and it must not change between runs.
    let dir = std::env::temp_dir().join("zb-app-snapshots");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut h = open_sized(config(&dir, Language::English), egui::vec2(1280.0, 800.0));
    h.settle();
    h.state_mut().push(Command::SelectPayload(1));
    h.run_ok();
    h.settle();
    let mut failures = Vec::new();
    for panel in Panel::ALL {
        h.state_mut().push(Command::Show(*panel));
        h.run_ok();
        h.settle();
        let tabs: &[PreviewTab] = if *panel == Panel::Payloads {
            &[
                PreviewTab::Body,
                PreviewTab::Request,
                PreviewTab::AllSubjects,
            ]
        } else {
            &[PreviewTab::Body]
        };
        for tab in tabs {
            h.state_mut().remembered.preview_tab = *tab;
            h.run_ok();
            h.pause_typing();
            if *tab == PreviewTab::AllSubjects {
                h.step_until("the all-users rows", |h| {
                    let (rows, updating) = h.state().survey();
                    rows.is_some() && !updating
                });
            }
            h.settle();
            let name = if *panel == Panel::Payloads {
                format!("{panel:?}-{tab:?}").to_lowercase()
            } else {
                format!("{panel:?}").to_lowercase()
            };
            if let Err(e) = h.try_snapshot_options(&name, &options()) {
                failures.push(format!("{name}: {e}"));
            }
        }
    }
    let _ = std::fs::remove_dir_all(dir);
    assert!(failures.is_empty(), "{failures:#?}");
}
