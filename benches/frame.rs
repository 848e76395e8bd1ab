//! The app's frame time on a heavy workspace: a 200 KB body template and 1,000 sample users.
//!
//! `cargo bench --bench frame`. Each measured frame is the real app (`App::logic` + `App::ui`)
//! plus tessellation of what it drew, i.e. everything but the GPU upload. Rendering and linting
//! run on the preview's worker thread, so two figures matter: the frame on the UI thread (what
//! typing feels like), and how long until the new preview is on screen (the worker's render and
//! lint, then the frame that shows it). The kittest group also builds the accessibility tree
//! every frame, which the desktop app only does when a screen reader asks: an upper bound.

use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use egui_kittest::Harness;
use serde_json::{Value as Json, json};
use zenbraze::app::{AppConfig, Clock, Command, ZenbrazeApp};
use zenbraze::i18n::Language;
use zenbraze::secrets::SessionStore;
use zenbraze::target::Target;
use zenbraze::workspace::{Direction, Payload, Workspace, file};

/// A ticket body of about 200 KB: many custom fields, each a Liquid output inside a JSON string.
fn big_template() -> String {
    let mut fields = Vec::new();
    let mut i = 0;
    let mut size = 0;
    while size < 200_000 {
        let f = format!(
            "      {{ \"id\": {}, \"value\": \"{{{{custom_attribute.${{plan}} | default: 'none' | json_escape}}}}-{i}\" }}",
            360_000_000 + i
        );
        size += f.len() + 2;
        fields.push(f);
        i += 1;
    }
    format!(
        "{{\n  \"ticket\": {{\n    \"subject\": \"Feedback from {{{{${{first_name}} | json_escape}}}}\",\n    \"comment\": {{ \"body\": \"{{{{${{email}} | json_escape}}}}\" }},\n    \"requester\": {{ \"name\": \"{{{{${{first_name}} | json_escape}}}}\", \"email\": \"{{{{${{email}}}}}}\" }},\n    \"custom_fields\": [\n{}\n    ]\n  }}\n}}\n",
        fields.join(",\n")
    )
}

fn users(n: usize) -> Vec<Json> {
    (0..n)
        .map(|i| {
            json!({
                "external_id": format!("user-{i}"),
                "first_name": format!("Ada {i}"),
                "last_name": "Lovelace",
                "email": format!("ada{i}@example.com"),
                "custom_attributes": {"plan": if i % 2 == 0 { "pro" } else { "free" }, "address": {"city": "London"}}
            })
        })
        .collect()
}

fn heavy_config() -> (AppConfig, PathBuf) {
    let dir = std::env::temp_dir().join(format!("zb-bench-frame-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let template = big_template();
    assert!(template.len() >= 200_000, "{}", template.len());
    let mut ws = Workspace::default();
    ws.payloads.insert(
        0,
        Payload {
            name: "200 KB ticket".into(),
            direction: Direction::BrazeToZendesk,
            method: "POST".into(),
            url: "https://acme.zendesk.com/api/v2/tickets.json".into(),
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: template,
            target: Some(Target::ZendeskTicket),
            kept: Vec::new(),
        },
    );
    ws.users = users(1_000);
    let path = dir.join("workspace.json");
    file::save(&path, &ws).unwrap();
    let config = AppConfig {
        workspace_path: path,
        profiles_path: None,
        language: Some(Language::English),
        start_sandbox: false,
        sandbox_state: None,
        store: Arc::new(SessionStore::new()),
        autosave_delay: Duration::from_secs(3600),
        history_path: None,
        ledger_path: None,
        clock: Clock::system(),
        render_gate: None,
        start_marker: None,
    };
    (config, dir)
}

/// The app as the desktop runs it: no accessibility tree unless a screen reader asks for one.
struct Desktop {
    ctx: egui::Context,
    app: ZenbrazeApp,
}

impl Desktop {
    fn new() -> (Desktop, PathBuf) {
        let (config, dir) = heavy_config();
        let ctx = egui::Context::default();
        let app = zenbraze::ui::window::build(&ctx, None, config);
        let mut d = Desktop { ctx, app };
        for _ in 0..3 {
            d.frame();
        }
        d.until_shown();
        (d, dir)
    }

    fn frame(&mut self) {
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(1400.0, 900.0),
            )),
            ..Default::default()
        };
        let app = &mut self.app;
        let output = self
            .ctx
            .run_ui(input, |ui| zenbraze::ui::window::frame(app, ui));
        black_box(self.ctx.tessellate(output.shapes, output.pixels_per_point));
    }

    /// Waits for the worker's preview, then draws the frame that shows it.
    fn until_shown(&mut self) {
        self.app.wait_for_preview();
        self.frame();
    }
}

/// The same through egui_kittest, which also builds the accessibility tree every frame.
fn harness() -> (Harness<'static, ZenbrazeApp>, PathBuf) {
    let (config, dir) = heavy_config();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .allow_missing_glyphs()
        .build_eframe(move |cc| zenbraze::ui::window::create(cc, config));
    h.run_steps(3);
    (h, dir)
}

fn benches(c: &mut Criterion) {
    let (mut d, dir) = Desktop::new();
    let mut g = c.benchmark_group("frame (200 KB template, 1,000 users)");
    g.sample_size(20);
    g.bench_function("repaint, nothing changed", |b| b.iter(|| d.frame()));
    let mut user = 0;
    g.bench_function("another user: the frame (the worker is asked)", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                user = (user + 7) % 1_000;
                d.app.push(Command::SelectSubject(user));
                let t = Instant::now();
                d.frame();
                spent += t.elapsed();
                d.until_shown();
            }
            spent
        })
    });
    g.bench_function(
        "another user: until its preview is shown (render + lint on the worker)",
        |b| {
            b.iter(|| {
                user = (user + 7) % 1_000;
                d.app.push(Command::SelectSubject(user));
                d.frame();
                d.until_shown();
            })
        },
    );
    // A keystroke in the body: the text changes and is laid out again; a body this long is
    // re-rendered once typing pauses (measured next).
    g.bench_function("keystroke in the body", |b| {
        b.iter(|| {
            d.app.push(Command::Insert(" ".into()));
            d.frame();
        })
    });
    g.bench_function("the first keystroke after a pause", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                d.app.push(Command::Insert(" ".into()));
                d.frame();
                std::thread::sleep(Duration::from_millis(130));
                d.frame();
                d.until_shown();
                let t = Instant::now();
                d.app.push(Command::Insert(" ".into()));
                d.frame();
                spent += t.elapsed();
            }
            spent
        })
    });
    g.bench_function(
        "after a pause in typing: the frame (the worker is asked)",
        |b| {
            b.iter_custom(|iters| {
                let mut spent = Duration::ZERO;
                for _ in 0..iters {
                    d.app.push(Command::Insert(" ".into()));
                    d.frame();
                    std::thread::sleep(Duration::from_millis(130));
                    let t = Instant::now();
                    d.frame();
                    spent += t.elapsed();
                    d.until_shown();
                }
                spent
            })
        },
    );
    g.bench_function(
        "after a pause in typing: until the preview is shown (re-parse, render, lint, show)",
        |b| {
            b.iter_custom(|iters| {
                let mut spent = Duration::ZERO;
                for _ in 0..iters {
                    d.app.push(Command::Insert(" ".into()));
                    d.frame();
                    std::thread::sleep(Duration::from_millis(130));
                    let t = Instant::now();
                    d.frame();
                    d.until_shown();
                    spent += t.elapsed();
                }
                spent
            })
        },
    );
    d.app.push(Command::Show(zenbraze::app::Panel::Users));
    d.frame();
    g.bench_function("users table, 1,000 users", |b| b.iter(|| d.frame()));
    g.finish();
    let _ = std::fs::remove_dir_all(dir);

    let (mut h, dir) = harness();
    let mut g = c.benchmark_group("frame with the accessibility tree (kittest)");
    g.sample_size(10);
    g.bench_function("repaint, nothing changed", |b| b.iter(|| h.step()));
    g.finish();
    let _ = std::fs::remove_dir_all(dir);

    let mut g = c.benchmark_group("preview alone (200 KB template)");
    g.sample_size(20);
    let (config, dir) = heavy_config();
    let ws = zenbraze::workspace::file::open(&config.workspace_path).unwrap();
    let zenbraze::workspace::file::Opened::Ready { workspace, .. } = ws else {
        panic!()
    };
    let body = workspace.payloads[0].body.clone();
    let env = zenbraze::template::Environment::new();
    let subjects: Vec<String> = workspace
        .users
        .iter()
        .take(50)
        .map(|u| u.to_string())
        .collect();
    let mut live = zenbraze::preview::LivePreview::default();
    let mut i = 0;
    g.bench_function("render + lint one new user", |b| {
        b.iter(|| {
            i = (i + 1) % subjects.len();
            black_box(live.update(
                &body,
                &subjects[i],
                zenbraze::template::Dialect::Braze,
                Some(Target::ZendeskTicket),
                &env,
            ));
        })
    });
    g.bench_function("render only, one new user", |b| {
        b.iter(|| {
            i = (i + 1) % subjects.len();
            black_box(live.update(
                &body,
                &subjects[i],
                zenbraze::template::Dialect::Braze,
                None,
                &env,
            ));
        })
    });
    g.bench_function("shape the output (pretty JSON)", |b| {
        let out = match live.current() {
            Some(zenbraze::preview::Preview::Output(o)) => o.clone(),
            _ => panic!(),
        };
        b.iter(|| black_box(zenbraze::preview::shape_output(&out)))
    });
    g.bench_function("highlight tokens", |b| {
        b.iter(|| black_box(zenbraze::editor::highlight::tokens(&body)))
    });
    g.finish();
    let _ = std::fs::remove_dir_all(dir);
}

criterion_group!(frame_benches, benches);
criterion_main!(frame_benches);
