//! No template can abort or exhaust the process (issue 24, item 1): widths, counts and sizes
//! that come from a template, a filter argument or user data are bounded before anything is
//! allocated; filters over large inputs are linear or n·log n; and every filter of the registry,
//! given extreme arguments, renders or stops with a positioned error within the engine's limits.
//!
//! The allocation figures come from a counting allocator in this test binary: the bytes
//! allocated during a case, freed or not (an upper bound on what it held at once; the crate
//! forbids the unsafe code a peak-counting allocator needs). The count is process-wide, so the
//! tests of this file run one at a time.

use std::alloc::System;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use serde_json::{Value as Json, json};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use zenbraze::template::registry::FILTERS;
use zenbraze::template::{
    self, Dialect, Environment, ErrorKind, Limit, Limits, Rendered, TemplateError,
};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// One test at a time: the allocation count is process-wide, and the inputs are large.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

fn env() -> Environment {
    Environment::new().with_now(Utc.with_ymd_and_hms(2026, 11, 28, 23, 0, 0).unwrap())
}

fn render(src: &str, data: Option<&Json>) -> Result<Rendered, TemplateError> {
    template::render_once(src, Dialect::Liquid, &env(), data)
}

fn output(src: &str) -> String {
    match render(src, None) {
        Ok(Rendered::Output(o)) => o,
        other => panic!("{src:?}: {other:?}"),
    }
}

fn limit_error(src: &str, data: Option<&Json>) -> (Limit, usize, usize) {
    match render(src, data) {
        Err(TemplateError {
            kind: ErrorKind::LimitExceeded { limit, .. },
            line,
            col,
            ..
        }) => (limit, line, col),
        other => panic!("{src:?}: expected a limit, got {other:?}"),
    }
}

/// Runs `f` and fails when it took longer than `max` (generous: the machine may be busy, and a
/// quadratic filter over these inputs takes minutes).
fn timed<T>(what: &str, max: Duration, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let out = f();
    let took = started.elapsed();
    assert!(took < max, "{what} took {took:?}");
    out
}

/// `%99999999999Y` asked for 100 GB and aborted the process; `%999999999Y` took 1.9 GB.
#[test]
fn date_widths_are_bounded_before_anything_is_allocated() {
    let _one = serial();
    // Ruby reads no width past C's `int`: it prints the directive as written.
    assert_eq!(
        output("{{ 'now' | date: '%99999999999Y' }}"),
        "%99999999999Y"
    );
    assert_eq!(
        output("{{ 'now' | date: '%2147483648Y|%9999999999999999999999Y' }}"),
        "%2147483648Y|%9999999999999999999999Y"
    );
    // Past the value limit: the render stops at the filter, refused before it was made.
    for src in [
        "{{ 'now' | date: '%999999999Y' }}",
        "{{ 'now' | date: '%2147483647N' }}",
        "{{ 'now' | date: '%999999999z' }}",
        "{{ 'now' | date: '%_999999999B' }}",
    ] {
        let (limit, line, col) = timed(src, Duration::from_secs(2), || limit_error(src, None));
        assert_eq!((limit, line, col), (Limit::Value, 1, 12), "{src}");
    }
    // Many directives that each fit, together past the limit.
    let many = format!("{{{{ 'now' | date: '{}' }}}}", "%9000000Y".repeat(3));
    assert_eq!(limit_error(&many, None).0, Limit::Value);
    // Normal widths render as Ruby.
    assert_eq!(
        output("{{ '2024-03-01' | date: '%20Y|%-5d|%12N|%10z' }}"),
        "00000000000000002024|1|000000000000|+000000000"
    );
    assert_eq!(output("{{ 'now' | date: '%1025Y' | size }}"), "1025");
    // Ruby's `Date._parse` reads 128 bytes at most: a longer text is not a date.
    let long = json!({ "a": format!("2024-03-01 {}", "x".repeat(117)), "b": format!("2024-03-01 {}", "x".repeat(118)) });
    match render(
        "{{ a | date: '%Y' }}|{{ b | date: '%Y' | size }}",
        Some(&long),
    ) {
        Ok(Rendered::Output(o)) => assert_eq!(o, "2024|129"),
        other => panic!("{other:?}"),
    }
}

/// `(1..100000) | uniq` ran for over 30 s: `uniq` compared every item with every kept one.
#[test]
fn uniq_and_the_list_filters_are_linear_or_n_log_n() {
    let _one = serial();
    for (src, out) in [
        ("{{ (1..100000) | uniq | size }}", "100000"),
        ("{{ (1..200000) | sort | last }}", "200000"),
        ("{{ (1..200000) | sort_natural | first }}", "1"),
        (
            "{{ (1..200000) | compact | map: 'to_liquid' | size }}",
            "200000",
        ),
        ("{{ (1..200000) | reverse | uniq | first }}", "200000"),
    ] {
        assert_eq!(timed(src, Duration::from_secs(8), || output(src)), out);
    }
    // Keys Ruby's `eql?` tells apart stay apart; those it does not are one.
    assert_eq!(
        output("{{ '1,1,2,1' | split: ',' | uniq | join: '|' }}"),
        "1|2"
    );
    let data = json!({
        "xs": [1, 1.0, 0.0, -0.0, "1", null, null, true, true, {"a": 1, "b": [2]}, {"a": 1, "b": [2]}, [3, 3]],
        "users": (0..50000).map(|i| json!({"id": i % 1000})).collect::<Vec<_>>(),
    });
    let r = |src: &str| match render(src, Some(&data)) {
        Ok(Rendered::Output(o)) => o,
        other => panic!("{src:?}: {other:?}"),
    };
    // 1, 1.0, 0.0 (-0.0 is the same), "1", nil, true, the hash, 3 (arrays are flattened).
    assert_eq!(r("{{ xs | uniq | size }}"), "8");
    assert_eq!(
        timed("uniq by property", Duration::from_secs(8), || r(
            "{{ users | uniq: 'id' | size }}"
        )),
        "1000"
    );
}

/// A filter over a large input reads the clock (a zero time budget stops it at the filter) and
/// counts its work as steps.
#[test]
fn the_time_and_step_limits_apply_inside_filters() {
    let _one = serial();
    let limits = Limits {
        time: Some(Duration::ZERO),
        ..Limits::default()
    };
    let timed_env = env().with_limits(limits);
    let e = template::render_once(
        "x\n{{ (1..1000000) | sort | size }}",
        Dialect::Liquid,
        &timed_env,
        None,
    )
    .unwrap_err();
    assert_eq!(
        e.kind,
        ErrorKind::LimitExceeded {
            limit: Limit::Time,
            max: 0
        }
    );
    assert_eq!((e.line, e.col), (2, 19));
    // And a filter's work over a large input counts towards the steps: one for each 1,024 items.
    let limits = Limits {
        steps: 100,
        ..Limits::default()
    };
    let e = template::render_once(
        "{{ (1..200000) | sort | size }}",
        Dialect::Liquid,
        &env().with_limits(limits),
        None,
    )
    .unwrap_err();
    assert_eq!(
        e.kind,
        ErrorKind::LimitExceeded {
            limit: Limit::Steps,
            max: 100
        }
    );
    assert_eq!((e.line, e.col), (1, 25));
}

/// `strip_html` on a 280 KB user attribute took 12 s: each unclosed `<script` searched the rest
/// of the text for its end.
#[test]
fn strip_html_is_linear() {
    let _one = serial();
    for body in [
        "<script>".repeat(40_000),
        "<!--<style <script".repeat(20_000),
        "<a".repeat(150_000),
        "<b>x</b>".repeat(40_000),
    ] {
        let data = json!({ "bio": body });
        let out = timed("strip_html", Duration::from_secs(4), || {
            render("{{ bio | strip_html | size }}", Some(&data))
        });
        assert!(matches!(out, Ok(Rendered::Output(_))), "{out:?}");
    }
    // As Ruby: blocks go whole; an unclosed one is a tag like any other, and `<` with no `>` stays.
    assert_eq!(
        output("{{ 'a<script>x</script>b<!-- c -->d<script e' | strip_html }}"),
        "abd<script e"
    );
    assert_eq!(output("{{ 'a<style x<b>y' | strip_html }}"), "ay");
}

/// Values given as the piped input and as arguments: Liquid expressions over the data below.
/// `nan` and `bad` (invalid UTF-8) are made by the template's first line.
const SMALL: &[&str] = &[
    "nil",
    "-9223372036854775808",
    "9223372036854775807",
    "f308",
    "neg0",
    "nan",
    "'%99999999999Y'",
    "'%999999999Y'",
    "nul",
    "bad",
    "(1..9223372036854775807)",
    "'now'",
    "hashes",
];
/// The 16 MiB string and the 10^6-item array.
const BIG: &[&str] = &["big_s", "big_a"];
/// Arguments given with a big input (every value is tried with small inputs).
const WITH_BIG: &[&str] = &["9223372036854775807", "'%999999999Y'"];

const PRELUDE: &str =
    "{% assign nan = 0.0 | divided_by: 0 %}{% assign bad = '/w4A' | base64_decode %}\n";

fn hostile_data() -> Json {
    // 16 MiB less a little, so that it is a value the engine holds: NULs, multibyte text,
    // markup, an unclosed `<script`.
    let unit = "a\u{0}é<b>&\"\\%Y <script ";
    let n = ((16 << 20) - 64) / unit.len();
    json!({
        "f308": 1e308,
        "neg0": -0.0,
        "nul": "\u{0}a\u{0}\u{0}",
        "big_s": unit.repeat(n),
        "big_a": (0..1_000_000).collect::<Vec<i64>>(),
        "hashes": (0..1000).map(|i| json!({"id": i % 7, "name": format!("n{i}")})).collect::<Vec<_>>(),
    })
}

/// Every filter of the registry, with every extreme argument: each render ends with output
/// within the limits, or with an error at the filter; never a panic, an abort or a hang.
#[test]
fn every_filter_survives_hostile_arguments() {
    let _one = serial();
    let data = hostile_data();
    let limits = Limits::default();
    let env = env();
    let slack = Duration::from_secs(5);
    let max_time = limits.time.unwrap() + slack;
    // 64 times the value limit, in bytes allocated over the case (freed or not): a sort of a
    // million items allocates each merge level's copy, and a filter may copy its input and
    // build an output before the value limit refuses it.
    let alloc_budget = 64 * limits.value_bytes;
    let mut failures = Vec::new();
    let (mut cases, mut slowest, mut largest) = (
        0usize,
        (Duration::ZERO, String::new()),
        (0usize, String::new()),
    );
    for f in FILTERS {
        let dialect = [Dialect::Liquid, Dialect::Braze, Dialect::Zendesk]
            .into_iter()
            .find(|d| f.dialects.contains(*d))
            .expect("every filter is in a dialect");
        let (min, max) = f.arity;
        // Argument counts: the fewest, and one more when the filter takes it (at most three).
        let mut counts = vec![min.saturating_sub(1)];
        if max.is_none_or(|m| m > min) {
            counts.push(min.min(3));
        }
        // Every small value with every small value; a big one as the input with a few
        // arguments, and as the argument to a short string.
        let mut cases_of: Vec<(&str, &str, usize)> = Vec::new();
        for input in SMALL {
            for arg in SMALL {
                cases_of.extend(counts.iter().map(|&n| (*input, *arg, n)));
            }
        }
        for big in BIG {
            for arg in WITH_BIG {
                cases_of.push((big, arg, counts[counts.len() - 1]));
            }
            if counts[counts.len() - 1] > 0 {
                cases_of.push(("'x'", big, counts[counts.len() - 1]));
            }
        }
        let filter_started = Instant::now();
        for (input, arg, count) in cases_of {
            {
                let args = vec![arg; count].join(", ");
                let call = if count == 0 {
                    format!("{input} | {}", f.name)
                } else {
                    format!("{input} | {}: {args}", f.name)
                };
                let src = format!("{PRELUDE}{{{{ {call} }}}}");
                cases += 1;
                let region = Region::new(GLOBAL);
                let started = Instant::now();
                let result = catch_unwind(AssertUnwindSafe(|| {
                    template::parse(&src, dialect).and_then(|t| t.render_report(&env, Some(&data)))
                }));
                let took = started.elapsed();
                let stats = region.change();
                let allocated = stats.bytes_allocated + stats.bytes_reallocated.max(0) as usize;
                if took > slowest.0 {
                    slowest = (took, call.clone());
                }
                if allocated > largest.0 {
                    largest = (allocated, call.clone());
                }
                if took > max_time {
                    failures.push(format!("{call}: took {took:?}"));
                }
                if allocated > alloc_budget {
                    failures.push(format!("{call}: allocated {allocated} bytes"));
                }
                // An error is at the filter's output, never at the top of the template.
                let placed = |e: &TemplateError| e.offset >= PRELUDE.len() && e.line == 2;
                match result {
                    Err(_) => failures.push(format!("{call}: panicked")),
                    Ok(Err(e)) if !placed(&e) => {
                        failures.push(format!("{call}: error not at the filter: {e:?}"))
                    }
                    Ok(Err(_)) => {}
                    Ok(Ok(report)) => {
                        if let Rendered::Output(o) = &report.rendered
                            && o.len() > limits.output_bytes
                        {
                            failures.push(format!("{call}: {} bytes of output", o.len()));
                        }
                        for e in report.errors.iter().filter(|e| !placed(e)) {
                            failures.push(format!("{call}: error not at the filter: {e:?}"));
                        }
                    }
                }
            }
        }
        eprintln!("{}: {:?}", f.name, filter_started.elapsed());
    }
    println!(
        "hostile arguments: {cases} cases over {} filters; slowest {:?} ({}); largest allocation {} bytes ({})",
        FILTERS.len(),
        slowest.0,
        slowest.1,
        largest.0,
        largest.1
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
