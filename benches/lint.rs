//! Lint speed: one rendered payload, 10,000 users grouped, and lint time against body size
//! (10 KB to 10 MB: linear, see `lint vs body size`) — `cargo bench --bench lint`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde_json::Value as Json;
use zenbraze::lint;
use zenbraze::target::Target;
use zenbraze::template::{self, Dialect, Environment, RenderContext};

const TEMPLATE: &str = include_str!("../assets/presets/ticket.liquid");
const SEED: &str = include_str!("../assets/presets/seed-ticket.liquid");
const USER: &str = include_str!("../assets/examples/user.json");
const CONTEXT: &str = include_str!("../assets/examples/context.json");

fn benches(c: &mut Criterion) {
    let context: RenderContext = serde_json::from_str(CONTEXT).unwrap();
    let env = Environment::new().with_context(&context).unwrap();
    let user: Json = serde_json::from_str(USER).unwrap();
    let corrected = template::parse(TEMPLATE, Dialect::Braze).unwrap();
    let seed = template::parse(SEED, Dialect::Braze).unwrap();

    let mut g = c.benchmark_group("lint");
    g.bench_function("zendesk-ticket: one user, clean preset", |b| {
        b.iter(|| {
            black_box(lint::lint(&corrected, &env, Some(&user), Target::ZendeskTicket).unwrap())
        })
    });
    g.bench_function(
        "zendesk-ticket: one user, seed template (8 findings)",
        |b| {
            b.iter(|| {
                black_box(lint::lint(&seed, &env, Some(&user), Target::ZendeskTicket).unwrap())
            })
        },
    );
    let users: Vec<Json> = (0..10_000)
        .map(|i| {
            let mut u = user.clone();
            u["external_id"] = Json::from(format!("user-{i}"));
            if i % 7 == 0 {
                u["first_name"] = Json::from("Quote \"Q\"");
            }
            u
        })
        .collect();
    g.sample_size(10);
    g.throughput(Throughput::Elements(users.len() as u64));
    g.bench_function("zendesk-ticket: 10,000 users, grouped", |b| {
        b.iter(|| black_box(lint::lint_users(&seed, &env, &users, Target::ZendeskTicket).unwrap()))
    });
    g.finish();
}

/// A ticket body of about `size` bytes: lines of custom fields mixing what the linter looks
/// at — free text inside strings without escaping (a warning each), escaped values, ids sent
/// as text (an error each, located on an output) and literal values it accepts.
fn sized_body(size: usize) -> String {
    let mut s = String::with_capacity(size + 256);
    s.push_str("{% capture note %}Thanks, {{${first_name}}}{% endcapture %}\n{\n\"ticket\": {\n");
    s.push_str("\"subject\": \"{{ ${first_name} | json_escape }}\",\n");
    s.push_str("\"comment\": { \"body\": \"{{ note | json_escape }}\" },\n");
    s.push_str("\"custom_fields\": [\n");
    let mut i = 0usize;
    while s.len() < size {
        let line = r#"{"id": ID, "value": "{{${first_name}}} {{ ${last_name} | json_escape }}"},
{"id": "{{${user_id}}}", "value": "plan {{custom_attribute.${plan}}}"},
"#;
        s.push_str(&line.replace("ID", &i.to_string()));
        i += 1;
    }
    s.push_str("{\"id\": 0, \"value\": \"end\"}\n]\n}\n}\n");
    s
}

/// Lint time against body size: the whole step (render traced, then the checks) and the
/// checks alone on a render made beforehand. Linear: ten times the body, ten times the time.
fn by_size(c: &mut Criterion) {
    let user: Json = serde_json::from_str(USER).unwrap();
    let env = Environment::new();
    for (label, size) in [
        ("10 KB", 10_000),
        ("100 KB", 100_000),
        ("1 MB", 1_000_000),
        ("10 MB", 10_000_000),
    ] {
        let source = sized_body(size);
        let compiled = template::parse(&source, Dialect::Braze).unwrap();
        let traced = compiled.render_traced(&env, Some(&user)).unwrap();
        let mut g = c.benchmark_group("lint vs body size");
        g.sample_size(10);
        g.throughput(Throughput::Bytes(source.len() as u64));
        g.bench_function(format!("render + lint, {label}"), |b| {
            b.iter(|| {
                black_box(lint::lint(&compiled, &env, Some(&user), Target::ZendeskTicket).unwrap())
            })
        });
        g.bench_function(format!("lint only, {label}"), |b| {
            b.iter(|| black_box(lint::lint_traced(&compiled, &traced, Target::ZendeskTicket)))
        });
        g.finish();
    }
}

criterion_group!(linter, benches, by_size);
criterion_main!(linter);
