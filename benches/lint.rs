//! Lint speed: one rendered payload, and 10,000 users grouped (`cargo bench --bench lint`).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde_json::Value as Json;
use zenbraze::lint::{self, Target};
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

criterion_group!(linter, benches);
criterion_main!(linter);
