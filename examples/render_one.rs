//! A deterministic driver for profiling the engine: renders the README's benchmark template
//! (assets/presets/ticket.liquid) for the example user N times (default 10,000).
//!
//! `cargo build --release --example render_one`, then
//! `valgrind --tool=callgrind target/release/examples/render_one 1000` and again with 11000:
//! the difference of the two instruction counts over 10,000 is one render's instructions,
//! repeatable on a loaded machine where wall times are not.

use std::hint::black_box;

use serde_json::Value as Json;
use zenbraze::template::{self, Dialect, Environment, RenderContext};

const TEMPLATE: &str = include_str!("../assets/presets/ticket.liquid");
const USER: &str = include_str!("../assets/examples/user.json");
const CONTEXT: &str = include_str!("../assets/examples/context.json");

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    let context: RenderContext = serde_json::from_str(CONTEXT).expect("the example context");
    let env = Environment::new()
        .with_context(&context)
        .expect("the example context");
    let user: Json = serde_json::from_str(USER).expect("the example user");
    let compiled = template::parse(TEMPLATE, Dialect::Braze).expect("the preset parses");
    let mut bytes = 0;
    for _ in 0..n {
        if let Ok(template::Rendered::Output(o)) = black_box(&compiled).render(&env, Some(&user)) {
            bytes += o.len();
        }
    }
    println!("{n} renders, {bytes} bytes");
}
