//! The keystroke path and bulk rendering, on a realistic Braze → Zendesk ticket template.
//!
//! `cargo bench` — figures go in the closing note of the engine issue. LiquidJS gets the same
//! template (with `${...}` spelt as plain variables) and data in `benches/liquidjs/bench.mjs`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde_json::Value as Json;
use zenbraze::template::{self, Dialect, Environment, RenderContext};

const TEMPLATE: &str = include_str!("../assets/presets/ticket.liquid");
const USER: &str = include_str!("../assets/examples/user.json");
const CONTEXT: &str = include_str!("../assets/examples/context.json");

fn users(n: usize) -> Vec<Json> {
    let base: Json = serde_json::from_str(USER).unwrap();
    (0..n)
        .map(|i| {
            let mut u = base.clone();
            u["external_id"] = Json::from(format!("user-{i}"));
            u["first_name"] = Json::from(format!("Ada{i}"));
            u["email"] = Json::from(format!("ada{i}@example.com"));
            u
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    let context: RenderContext = serde_json::from_str(CONTEXT).unwrap();
    let env = Environment::new().with_context(&context).unwrap();
    let user: Json = serde_json::from_str(USER).unwrap();

    let mut g = c.benchmark_group("keystroke");
    g.bench_function("braze: parse + render one user", |b| {
        b.iter(|| {
            let t = template::parse(black_box(TEMPLATE), Dialect::Braze).unwrap();
            black_box(t.render(&env, Some(&user)).unwrap())
        })
    });
    g.bench_function("braze: parse only", |b| {
        b.iter(|| black_box(template::parse(black_box(TEMPLATE), Dialect::Braze).unwrap()))
    });
    // What the live preview does on a keystroke: the edited segment is new, the rest cached.
    let mut cache = template::ParseCache::new();
    let mut typed = 0u64;
    g.bench_function(
        "braze: keystroke in the editor (parse with cache + render)",
        |b| {
            b.iter(|| {
                typed += 1;
                let edited =
                    TEMPLATE.replace("App feedback from", &format!("App feedback {typed} from"));
                let t = template::parse_cached(&edited, Dialect::Braze, Some(&mut cache)).unwrap();
                black_box(t.render(&env, Some(&user)).unwrap())
            })
        },
    );
    let compiled = template::parse(TEMPLATE, Dialect::Braze).unwrap();
    g.bench_function("braze: render one user (parsed once)", |b| {
        b.iter(|| black_box(compiled.render(&env, Some(&user)).unwrap()))
    });
    g.finish();

    let many = users(10_000);
    let mut g = c.benchmark_group("bulk");
    g.sample_size(10);
    g.throughput(Throughput::Elements(many.len() as u64));
    g.bench_function("braze: render 10,000 users", |b| {
        b.iter(|| {
            for u in &many {
                black_box(compiled.render(&env, Some(u)).unwrap());
            }
        })
    });
    g.finish();
}

criterion_group!(engine, benches);
criterion_main!(engine);
