//! The linter under generated templates and users: it never panics, every finding points
//! inside the template at the line and column it names, and it stays within a resource budget
//! that grows linearly with the template and its output. The budget is counted in bytes the
//! linter allocates (a counting allocator in this test binary), not in time, so the test cannot
//! fail because the machine is busy.

use std::alloc::System;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value as Json, json};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use zenbraze::lint::{self, MAX_FINDINGS, Outcome};
use zenbraze::target::Target;
use zenbraze::template::source_map::line_col;
use zenbraze::template::{self, Dialect, Environment, Rendered};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// What `f` returns and the bytes allocated while it ran. The count is process-wide, so this
/// binary has a single test: nothing else allocates meanwhile.
fn measured<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let region = Region::new(GLOBAL);
    let out = f();
    let stats = region.change();
    (
        out,
        stats.bytes_allocated + stats.bytes_reallocated.max(0) as usize,
    )
}

/// Pieces templates are made of: JSON punctuation, outputs with and without escaping filters,
/// tags, documentation placeholders, text that breaks strings.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just(",".to_owned()),
        Just(":".to_owned()),
        Just("\"".to_owned()),
        Just("\n".to_owned()),
        Just("\"ticket\": ".to_owned()),
        Just("\"comment\": {\"body\": \"".to_owned()),
        Just("\"requester_id\": ".to_owned()),
        Just("\"priority\": \"Urgent\"".to_owned()),
        Just("\"custom_fields\": [{\"id\": \"x\"}]".to_owned()),
        Just("\"events\": [{\"name\": \"e\", \"time\": \"nope\"}]".to_owned()),
        Just("\"attributes\": [{\"email\": \"\"}]".to_owned()),
        Just("{{${first_name}}}".to_owned()),
        Just("{{ ${last_name} | json_escape }}".to_owned()),
        Just("{{${user_id}}}".to_owned()),
        Just("{{ note }}".to_owned()),
        Just("{{ ticket.requester.external_id }}".to_owned()),
        Just("{{ 'a\"b' }}".to_owned()),
        Just("{{ \"\\\\\" }}".to_owned()),
        Just("{% capture note %}x\ny{% endcapture %}".to_owned()),
        Just("{% if ${first_name} %}a{% else %}b{% endif %}".to_owned()),
        Just("{% for i in (1..3) %}{\"id\": {{ i }}},{% endfor %}".to_owned()),
        Just("<< Choose one >>".to_owned()),
        Just("<your-subdomain>".to_owned()),
        Just("é€😀".to_owned()),
        "[a-z \"\\\\:,{}\\[\\]]{0,12}",
    ]
}

fn template_text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..40).prop_map(|parts| parts.concat())
}

fn user() -> impl Strategy<Value = Json> {
    (
        "[a-zA-Z \"\\\\\n]{0,12}",
        prop::option::of("[a-z0-9\"]{0,8}"),
    )
        .prop_map(|(first, id)| {
            let mut u =
                json!({"first_name": first, "last_name": "O'Brien \"Bob\"", "email": "a@b.c"});
            if let Some(id) = id {
                u["external_id"] = json!(id);
            }
            u
        })
}

fn target() -> impl Strategy<Value = Target> {
    prop_oneof![
        Just(Target::ZendeskTicket),
        Just(Target::BrazeUsersTrack),
        Just(Target::ZendeskWebhookBody),
    ]
}

/// Bytes the linter may allocate: a fixed allowance plus a multiple of what it reads.
fn budget(template: &str, body: &str) -> usize {
    256 * 1024 + 64 * (template.len() + body.len())
}

/// One generated case: no panic, every finding inside the template at the line and column it
/// names, within the budget.
fn check_case(source: &str, user: &Json, target: Target) -> Result<(), TestCaseError> {
    let dialect = target.dialect();
    let Ok(compiled) = template::parse(source, dialect) else {
        return Ok(());
    };
    let Ok(traced) = compiled.render_traced(&Environment::new(), Some(user)) else {
        return Ok(());
    };
    let body = match &traced.rendered {
        Rendered::Output(body) => body.clone(),
        Rendered::Aborted(_) => return Ok(()),
    };
    let (outcome, allocated) = measured(|| lint::lint_traced(&compiled, &traced, target));
    prop_assert!(
        allocated <= budget(source, &body),
        "{allocated} bytes for a {} byte template and a {} byte body",
        source.len(),
        body.len()
    );
    let Outcome::Findings(findings) = outcome else {
        return Err(TestCaseError::fail("no abort_message in these templates"));
    };
    prop_assert!(findings.len() <= MAX_FINDINGS + 1);
    for f in &findings {
        prop_assert!(f.offset <= source.len(), "{f:?}");
        prop_assert_eq!((f.line, f.col), line_col(source, f.offset), "{:?}", f);
        if let Some(range) = &f.output {
            prop_assert!(range.start <= range.end && range.end <= body.len(), "{f:?}");
        }
    }
    Ok(())
}

#[test]
fn the_linter_never_panics_points_inside_and_keeps_its_budget() {
    let mut runner = TestRunner::new(Config {
        cases: 1500,
        ..Config::default()
    });
    runner
        .run(
            &(template_text(), user(), target()),
            |(source, user, target)| check_case(&source, &user, target),
        )
        .unwrap();
    a_megabyte_body_stays_within_the_same_budget();
}

/// The same budget holds for the largest bodies: linear, not just small.
fn a_megabyte_body_stays_within_the_same_budget() {
    let line = "{\"id\": \"{{${user_id}}}\", \"value\": \"{{${first_name}}} said {{ ${last_name} | json_escape }}\"},\n";
    let source = format!(
        "{{\"ticket\": {{\"comment\": {{\"body\": \"x\"}}, \"custom_fields\": [\n{}{{\"id\": 1, \"value\": 2}}]}}}}",
        line.repeat(1_000_000 / line.len())
    );
    let user = json!({"user_id": "u-1", "first_name": "Ada \"Q\"", "last_name": "L"});
    let compiled = template::parse(&source, Dialect::Braze).unwrap();
    let traced = compiled
        .render_traced(&Environment::new(), Some(&user))
        .unwrap();
    let Rendered::Output(body) = &traced.rendered else {
        panic!("aborted")
    };
    let (outcome, allocated) =
        measured(|| lint::lint_traced(&compiled, &traced, Target::ZendeskTicket));
    assert!(allocated <= budget(&source, body), "{allocated} bytes");
    let Outcome::Findings(findings) = outcome else {
        panic!("aborted")
    };
    // One error per id sent as text and one warning per unescaped name, capped with a hint.
    assert_eq!(findings.len(), MAX_FINDINGS + 1);
    let more = findings
        .iter()
        .find(|f| f.rule == "lint-truncated")
        .unwrap();
    assert!(
        more.message.to_string().contains("more findings"),
        "{more:?}"
    );
}
