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

/// What a hostile matrix saw: its cases, the slowest and the largest, and what failed.
struct Matrix {
    name: &'static str,
    limits: Limits,
    env: Environment,
    cases: usize,
    slowest: (Duration, String),
    largest: (usize, String),
    failures: Vec<String>,
}

impl Matrix {
    fn new(name: &'static str) -> Matrix {
        Matrix {
            name,
            limits: Limits::default(),
            env: env(),
            cases: 0,
            slowest: (Duration::ZERO, String::new()),
            largest: (0, String::new()),
            failures: Vec::new(),
        }
    }

    /// Renders `PRELUDE` then `case` (on line 2): it must end with output within the limits,
    /// or with an error placed in the case, within the time and allocation budgets; never a
    /// panic, an abort or a hang.
    fn run(&mut self, case: &str, dialect: Dialect, data: &Json) {
        // The engine's time limit plus slack for a busy machine.
        let max_time = self.limits.time.unwrap() + Duration::from_secs(5);
        // 64 times the value limit, in bytes allocated over the case (freed or not): a sort of
        // a million items allocates each merge level's copy, and a filter may copy its input
        // and build an output before the value limit refuses it.
        let alloc_budget = 64 * self.limits.value_bytes;
        let src = format!("{PRELUDE}{case}");
        self.cases += 1;
        let region = Region::new(GLOBAL);
        let started = Instant::now();
        let env = &self.env;
        let result = catch_unwind(AssertUnwindSafe(|| {
            template::parse(&src, dialect).and_then(|t| t.render_report(env, Some(data)))
        }));
        let took = started.elapsed();
        let stats = region.change();
        let allocated = stats.bytes_allocated + stats.bytes_reallocated.max(0) as usize;
        if took > self.slowest.0 {
            self.slowest = (took, case.to_owned());
        }
        if allocated > self.largest.0 {
            self.largest = (allocated, case.to_owned());
        }
        if took > max_time {
            self.failures.push(format!("{case}: took {took:?}"));
        }
        if allocated > alloc_budget {
            self.failures
                .push(format!("{case}: allocated {allocated} bytes"));
        }
        // An error is in the case, never at the top of the template.
        let placed = |e: &TemplateError| e.offset >= PRELUDE.len() && e.line >= 2;
        match result {
            Err(_) => self.failures.push(format!("{case}: panicked")),
            Ok(Err(e)) if !placed(&e) => self
                .failures
                .push(format!("{case}: error not in the case: {e:?}")),
            Ok(Err(_)) => {}
            Ok(Ok(report)) => {
                if let Rendered::Output(o) = &report.rendered
                    && o.len() > self.limits.output_bytes
                {
                    self.failures
                        .push(format!("{case}: {} bytes of output", o.len()));
                }
                for e in report.errors.iter().filter(|e| !placed(e)) {
                    self.failures
                        .push(format!("{case}: error not in the case: {e:?}"));
                }
            }
        }
    }

    /// Prints the figures (the closing note quotes them) and fails with every failure.
    fn finish(self, what: &str) {
        println!(
            "hostile {}: {} cases over {what}; slowest {:?} ({}); largest allocation {} bytes ({})",
            self.name,
            self.cases,
            self.slowest.0,
            self.slowest.1.chars().take(120).collect::<String>(),
            self.largest.0,
            self.largest.1.chars().take(120).collect::<String>()
        );
        assert!(
            self.failures.is_empty(),
            "{} failures:\n{}",
            self.failures.len(),
            self.failures.join("\n")
        );
    }
}

/// Every filter of the registry, with every extreme argument: each render ends with output
/// within the limits, or with an error at the filter; never a panic, an abort or a hang.
#[test]
fn every_filter_survives_hostile_arguments() {
    let _one = serial();
    let data = hostile_data();
    let mut matrix = Matrix::new("arguments");
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
            let args = vec![arg; count].join(", ");
            let call = if count == 0 {
                format!("{input} | {}", f.name)
            } else {
                format!("{input} | {}: {args}", f.name)
            };
            matrix.run(&format!("{{{{ {call} }}}}"), dialect, &data);
        }
        eprintln!("{}: {:?}", f.name, filter_started.elapsed());
    }
    matrix.finish(&format!("{} filters", FILTERS.len()));
}

/// Every tag, with every extreme value in each of its expressions (`X` below; `Y` takes the
/// same values, and also every other small one). The tags run in the dialect that has them.
const TAGS: &[(&str, &str)] = &[
    ("assign", "{% assign a = X %}{{ a | size }}"),
    (
        "capture",
        "{% capture c %}{{ X }}{{ Y }}{% endcapture %}{{ c | size }}",
    ),
    (
        "if",
        "{% if X %}a{% elsif X > Y %}b{% elsif X contains Y %}c{% else %}d{% endif %}",
    ),
    (
        "unless",
        "{% unless X == Y or X < Y and X != Y %}u{% endunless %}",
    ),
    (
        "case",
        "{% case X %}{% when Y, X %}w{% when Y or Y %}v{% else %}e{% endcase %}",
    ),
    (
        "for",
        "{% for i in X limit: Y offset: Y %}{{ forloop.index }}{% else %}none{% endfor %}",
    ),
    (
        "for range",
        "{% for i in (X..Y) reversed %}{% if forloop.index > 3 %}{% break %}{% endif %}{{ i }}{% endfor %}",
    ),
    (
        "for continue",
        "{% for i in X limit: 2 %}{% continue %}{% endfor %}{% for i in X offset: continue limit: Y %}{{ i }}{% endfor %}",
    ),
    (
        "tablerow",
        "{% tablerow i in X cols: Y limit: Y offset: Y %}{{ tablerowloop.col }}{% endtablerow %}",
    ),
    (
        "tablerow range",
        "{% tablerow i in (Y..X) cols: X limit: 3 %}{{ i }}{% endtablerow %}",
    ),
    (
        "cycle",
        "{% for i in (1..3) %}{% cycle X: X, Y, 'z' %}{% endfor %}",
    ),
    (
        "increment",
        "{% increment X %}{% increment X %}{% decrement X %}{{ X }}",
    ),
    ("echo", "{% echo X | size %}{% echo Y %}"),
    (
        "liquid",
        "{% liquid\nassign a = X\nif a == Y\necho 'eq'\nendif\necho a | size %}",
    ),
    (
        "ifchanged",
        "{% for i in (1..3) %}{% ifchanged %}{{ X }}{{ Y }}{% endifchanged %}{% endfor %}",
    ),
    (
        "raw and comment",
        "{% raw %}{{ X }}{% endraw %}{% comment %}{{ Y }}{% endcomment %}",
    ),
    ("render", "{% render X %}{% include Y %}"),
    (
        "abort_message",
        "{% if X == Y %}{% abort_message(X) %}{% endif %}kept",
    ),
    (
        "connected_content",
        "{% connected_content https://x.test/{{ X }} :save r %}{{ r | size }}",
    ),
    (
        "catalog_items",
        "{% catalog_items games X %}{{ items | size }}",
    ),
    ("message_extras", "{% message_extras :key X :value Y %}"),
    (
        "braze attributes",
        "{{${first_name} | default: X}}{{${custom_attribute}.${X} | size}}",
    ),
];

/// Names the counters and names take where an expression cannot go (`increment X`).
fn as_name(value: &str) -> &str {
    if value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !value.starts_with('-') {
        value
    } else {
        "counter"
    }
}

#[test]
fn every_tag_survives_hostile_values() {
    let _one = serial();
    let data = hostile_data();
    let mut matrix = Matrix::new("tags");
    let braze_only = [
        "abort_message",
        "connected_content",
        "catalog_items",
        "message_extras",
        "braze attributes",
    ];
    for (name, template) in TAGS {
        let dialect = if braze_only.contains(name) {
            Dialect::Braze
        } else {
            Dialect::Liquid
        };
        let started = Instant::now();
        let values = SMALL.iter().chain(BIG);
        for x in values {
            let ys: Vec<&str> = if BIG.contains(x) {
                vec![x, "3"]
            } else {
                SMALL.iter().copied().chain(BIG.iter().copied()).collect()
            };
            for y in ys {
                let x = if *name == "increment" { as_name(x) } else { x };
                // Y first: the values hold a `Y` (a date width) but never an `X`.
                let case = template.replace('Y', y).replace('X', x);
                matrix.run(&case, dialect, &data);
            }
        }
        eprintln!("{name}: {:?}", started.elapsed());
    }
    matrix.finish(&format!("{} tags", TAGS.len()));
}

/// Every `date` conversion, with each flag and extreme widths, over extreme inputs: Ruby's
/// whole strftime set, its `E`/`O` modifiers and the colon forms of `%z`.
#[test]
fn every_date_conversion_survives_hostile_inputs() {
    let _one = serial();
    let data = hostile_data();
    let mut matrix = Matrix::new("date conversions");
    let mut conversions: Vec<String> = "aAbBcCdDeFgGhHIjklLmMnNpPrRsStTuUvVwWxXyYzZ+%"
        .chars()
        .map(String::from)
        .collect();
    conversions.extend(
        [
            "Ec", "EC", "Ex", "EX", "Ey", "EY", "Od", "Oe", "OH", "OI", "Om", "OM", "OS", "Ou",
        ]
        .iter()
        .chain(&[
            "OU", "OV", "Ow", "OW", "Oy", ":z", "::z", ":::z", "::::z", "E", "O",
        ])
        .map(|s| s.to_string()),
    );
    let flags = ["", "-", "_", "0", "^", "#", "^#", "-_0"];
    let widths = ["", "1", "0", "40", "999999999", "2147483647", "99999999999"];
    let inputs = [
        "-9223372036854775808",
        "9223372036854775807",
        "f308",
        "neg0",
        "nan",
        "'now'",
        "'-99999-01-01'",
        "'9999-12-31 23:59:60 +23:59'",
        "nul",
        "bad",
        "big_s",
    ];
    let started = Instant::now();
    for conversion in &conversions {
        for flag in flags {
            for width in widths {
                let format = format!("%{flag}{width}{conversion}");
                for input in inputs {
                    // The big string once per conversion: it is read at most 128 bytes deep.
                    if input == "big_s" && (!flag.is_empty() || !width.is_empty()) {
                        continue;
                    }
                    let case = format!("{{{{ {input} | date: '{format}' }}}}");
                    matrix.run(&case, Dialect::Liquid, &data);
                }
            }
        }
    }
    eprintln!("date: {:?}", started.elapsed());
    matrix.finish(&format!("{} conversions", conversions.len()));
}
