//! Image snapshots of each panel at 1280×800 (the first-launch size), and of the Payloads
//! preview's Body, Request and All users tabs, compared with the PNGs in `tests/snapshots/`; and
//! the Payloads and Console panels at 1920×1080, where a pane that does not grow shows as blank.
//!
//! Drawn by kittest's wgpu renderer on wgpu's OpenGL backend over EGL, which Mesa answers with
//! llvmpipe, its CPU rasterizer (Debian: `libegl1 libegl-mesa0 libgl1-mesa-dri`). The test pins
//! that adapter and refuses any other: a GPU, or Mesa's Vulkan lavapipe, draws text a little
//! differently and would fail the comparison with a pixel diff that explains nothing. On a
//! machine with a GPU, run it with `LIBGL_ALWAYS_SOFTWARE=1`. The CJK sample names are drawn
//! with Droid Sans Fallback (`fonts-droid-fallback`), the first system fallback the app looks for.
//!
//! `cargo test --features snapshots --test app_snapshots`; after a change that is meant to show,
//! `UPDATE_SNAPSHOTS=1` rewrites the references that fail (look at them before committing). A
//! failure leaves `<name>.new.png` and `<name>.diff.png` beside the reference.
//!
//! Nothing that changes by itself is drawn: the clock is manual, the sandbox is off (no port),
//! the data directory is a fixed relative path (the status bar shows it), the fonts are waited
//! for, and the About section's build stamp (version, commit, crate count) is painted over.
//!
//! Tolerance: a pixel fails past a YIQ distance of 0.6 (kittest's default, for renderer
//! differences), and at most 40 pixels of the 1,024,000 may fail (text anti-aliasing between
//! Mesa versions); a moved pane, a missing label or a colour change fails.

mod app_support;

use std::path::{Path, PathBuf};

use app_support::*;
use eframe::egui_wgpu::{self, WgpuSetup, wgpu};
use egui_kittest::kittest::Queryable as _;
use egui_kittest::wgpu::{WgpuTestRenderer, create_render_state, default_wgpu_setup};
use egui_kittest::{SnapshotOptions, try_image_snapshot_options};
use zenbraze::app::{Command, Panel, PreviewTab};
use zenbraze::i18n::Language;

const SIZE: egui::Vec2 = egui::vec2(1280.0, 800.0);

/// The system font the references' CJK glyphs come from.
const CJK_FONT: &str = "DroidSansFallbackFull.ttf";

fn options() -> SnapshotOptions {
    SnapshotOptions::new()
        .threshold(0.6)
        .max_failed_pixels(40)
        .output_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots"))
}

/// kittest's renderer, on wgpu's OpenGL backend only, and only on Mesa's llvmpipe.
fn llvmpipe() -> WgpuTestRenderer {
    let mut setup = default_wgpu_setup();
    if let WgpuSetup::CreateNew(new) = &mut setup {
        new.instance_descriptor.backends = wgpu::Backends::GL;
    }
    let state = create_render_state(setup, egui_wgpu::RendererOptions::PREDICTABLE);
    let info = state.adapter.get_info();
    assert!(
        info.device_type == wgpu::DeviceType::Cpu && info.name.contains("llvmpipe"),
        "the references are drawn by Mesa's llvmpipe on OpenGL; this machine offers {info:?} \
         (on a machine with a GPU, set LIBGL_ALWAYS_SOFTWARE=1)"
    );
    WgpuTestRenderer::from_render_state(state)
}

/// The rows of the line labelled `label`, from where it starts to the window's right edge: what
/// it says changes with each build (and so does its width).
fn rows_of(h: &TestApp, label: &str) -> (std::ops::Range<u32>, std::ops::Range<u32>) {
    let rect = h.get_by_label_contains(label).rect() * h.ctx.pixels_per_point();
    let size = h.ctx.content_rect().size();
    let (w, hgt) = (size.x as u32, size.y as u32);
    (
        (rect.min.x as u32).min(w)..w,
        (rect.min.y as u32).min(hgt)..(rect.max.y.ceil() as u32).min(hgt),
    )
}

/// The app at `size` on a fixed relative data directory (the status bar shows its path), its
/// system fonts loaded and the docs preset selected.
fn snapshot_app(dir: &Path, size: egui::Vec2) -> TestApp {
    // The status bar shows the data directory's path: a relative one, the same on every machine.
    let base = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    std::fs::create_dir_all(&base).unwrap();
    std::env::set_current_dir(&base).unwrap();
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();

    let mut h = open_built(config(dir, Language::English), size, |b| {
        b.renderer(llvmpipe())
    });
    h.step_until("the system fonts", |h| h.state().fonts.loaded().is_some());
    let fonts = h.state().fonts.loaded().unwrap_or_default().to_vec();
    assert!(
        fonts.first().map(String::as_str) == Some(CJK_FONT),
        "the references draw CJK with {CJK_FONT} (Debian: fonts-droid-fallback); \
         this machine's fallbacks: {fonts:?}"
    );
    h.settle();
    h.select_docs_preset();
    h
}

#[test]
fn each_panel_at_1280_by_800() {
    let dir = Path::new("app-snapshots");
    let mut h = snapshot_app(dir, SIZE);

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
            let mut image = match h.render() {
                Ok(image) => image,
                Err(e) => panic!("{name}: the renderer failed: {e}"),
            };
            if *panel == Panel::Settings {
                for label in [", commit ", "third-party crates"] {
                    let (xs, ys) = rows_of(&h, label);
                    for y in ys {
                        for x in xs.clone() {
                            image.put_pixel(x, y, [96, 96, 96, 255].into());
                        }
                    }
                }
            }
            if let Err(e) = try_image_snapshot_options(&image, &name, &options()) {
                failures.push(format!("{name}: {e}"));
            }
        }
    }
    drop(h);
    let _ = std::fs::remove_dir_all(dir);
    assert!(
        failures.is_empty(),
        "{failures:#?}\nIf the change is meant to show: \
         UPDATE_SNAPSHOTS=1 cargo test --features snapshots --test app_snapshots, \
         then look at every rewritten PNG before committing it"
    );
}

/// The panels a tall, wide window changes most: the body editor must take the height (no blank
/// band above the findings), the console its exchange.
#[test]
fn payloads_and_console_at_1920_by_1080() {
    let dir = Path::new("app-snapshots-1920");
    let mut h = snapshot_app(dir, egui::vec2(1920.0, 1080.0));
    let mut failures = Vec::new();
    for panel in [Panel::Payloads, Panel::Console] {
        h.state_mut().push(Command::Show(panel));
        h.run_ok();
        h.settle();
        h.state_mut().remembered.preview_tab = PreviewTab::Body;
        h.run_ok();
        h.pause_typing();
        h.settle();
        let name = format!("{panel:?}-1920x1080").to_lowercase();
        let image = match h.render() {
            Ok(image) => image,
            Err(e) => panic!("{name}: the renderer failed: {e}"),
        };
        if let Err(e) = try_image_snapshot_options(&image, &name, &options()) {
            failures.push(format!("{name}: {e}"));
        }
    }
    drop(h);
    let _ = std::fs::remove_dir_all(dir);
    assert!(
        failures.is_empty(),
        "{failures:#?}\nIf the change is meant to show: \
         UPDATE_SNAPSHOTS=1 cargo test --features snapshots --test app_snapshots, \
         then look at every rewritten PNG before committing it"
    );
}
