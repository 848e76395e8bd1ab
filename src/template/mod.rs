//! The template engine: Shopify's Ruby Liquid 5.4 (the engine Braze runs), with Braze's and
//! Zendesk's dialects on top.
//!
//! A template is parsed once into a [`Compiled`] and rendered many times against an
//! [`Environment`] (the shared render context) and a subject (a Braze user, a Zendesk ticket, or
//! extra variables). The subject is read in place, never converted. Parsing follows Ruby Liquid's
//! lax mode (see `syntax.rs`), rendering its semantics (see `render.rs`, `filters/`), and the
//! differential fuzzer in `tests/ruby_oracle.rs` holds the two together. Every error carries the
//! line and column in the user's text; Ruby's own render errors are written into the output, as
//! Braze does, and reported too. Renders have limits (see [`Limits`]).
//!
//! The value layer is `value.rs`; `liquid`'s `ValueView`/`ObjectView` are implemented for it
//! (`interop.rs`) so Liquid's traits see the user's data in place.

pub mod braze;
pub mod context;
pub mod error;
pub mod expr;
pub mod filters;
pub mod interop;
pub mod number;
pub mod parse;
pub mod registry;
pub mod render;
pub mod source_map;
pub mod strict;
pub mod syntax;
mod tokenize;
pub mod value;
pub mod zendesk;

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::Value as Json;

pub use context::RenderContext;
pub use error::{ErrorKind, Limit, LiquidError, TemplateError};
use render::{BrazeUser, Fail, Renderer, Subject};

/// Which Liquid a template is written in.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    /// Braze's webhook bodies: `${...}` attribute tags, Braze filters and tags, Liquid 5.
    #[default]
    Braze,
    /// Zendesk placeholders (`{{ticket.id}}`) in webhook bodies sent by triggers.
    Zendesk,
    /// Plain Shopify Liquid, newest filters included.
    Liquid,
}

impl Dialect {
    pub const ALL: [Dialect; 3] = [Dialect::Braze, Dialect::Zendesk, Dialect::Liquid];

    pub fn name(self) -> &'static str {
        match self {
            Dialect::Braze => "braze",
            Dialect::Zendesk => "zendesk",
            Dialect::Liquid => "liquid",
        }
    }
}

impl std::str::FromStr for Dialect {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Dialect::ALL
            .into_iter()
            .find(|d| d.name() == s)
            .ok_or_else(|| format!("unknown dialect `{s}` (expected braze, zendesk or liquid)"))
    }
}

/// What a render may use. Ruby Liquid has the same kinds of limit (render length, render score,
/// assign score); Braze documents none for webhook bodies, so these are generous.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of output.
    pub output_bytes: usize,
    /// Bytes of one value (a string a filter builds, a list's items at 8 bytes each).
    pub value_bytes: usize,
    /// Bytes assigned over the whole render (`assign` and `capture`).
    pub assign_bytes: u64,
    /// Loop iterations over the whole render.
    pub loop_iterations: u64,
    /// Tags, outputs and text runs rendered.
    pub steps: u64,
    /// Wall-clock time, checked as the render goes.
    pub time: Option<Duration>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            output_bytes: 16 << 20,
            value_bytes: 16 << 20,
            assign_bytes: 64 << 20,
            loop_iterations: 1_000_000,
            steps: 10_000_000,
            time: Some(Duration::from_secs(10)),
        }
    }
}

/// A render that knows which `{{ … }}` produced which bytes (for the linter).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Traced {
    pub rendered: Rendered,
    /// Outputs in the order they were written (outputs inside a `capture` are part of the
    /// output that writes the captured text).
    pub outputs: Vec<OutputSpan>,
    /// Ruby Liquid's errors, written into the output as `Liquid error: …`.
    pub errors: Vec<TemplateError>,
    /// What the preview did differently from a send (see [`Report::notices`]).
    pub notices: Vec<TemplateError>,
}

/// One output's bytes in the rendered text and the `{{` that produced them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputSpan {
    pub output: std::ops::Range<usize>,
    /// Byte offset, line and column of the output's `{{` in the original template.
    pub offset: usize,
    pub line: usize,
    pub col: usize,
}

/// What rendering produced for one subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rendered {
    Output(String),
    /// `abort_message` stopped the send, with its reason if it gave one.
    Aborted(Option<String>),
}

impl Rendered {
    pub fn output(&self) -> Option<&str> {
        match self {
            Rendered::Output(s) => Some(s),
            Rendered::Aborted(_) => None,
        }
    }
}

/// A parsed template, ready to render for any number of subjects.
pub struct Compiled {
    dialect: Dialect,
    source: Arc<str>,
    root: parse::Block,
    attributes: Vec<(String, usize)>,
    numbers_as_names: Vec<(String, usize)>,
    lines: OnceLock<source_map::LineIndex>,
}

impl std::fmt::Debug for Compiled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Compiled")
            .field("dialect", &self.dialect)
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}

/// Recent parses by content, so that the live preview does not parse the same text twice
/// (undo, switching users, redraws). [`parse`] uses none.
#[derive(Default)]
pub struct ParseCache {
    entries: Vec<(Dialect, Arc<str>, Arc<Compiled>)>,
}

impl ParseCache {
    /// Versions kept: enough to go back and forth over an edit.
    const CAPACITY: usize = 8;

    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Parses a template once.
pub fn parse(source: &str, dialect: Dialect) -> Result<Compiled, TemplateError> {
    let parsed = parse::parse(source, dialect)?;
    Ok(Compiled {
        dialect,
        source: Arc::from(source),
        root: parsed.root,
        attributes: parsed.attributes,
        numbers_as_names: parsed.numbers_as_names,
        lines: OnceLock::new(),
    })
}

/// Parses a template, reusing a recent parse of the same text.
pub fn parse_cached(
    source: &str,
    dialect: Dialect,
    cache: Option<&mut ParseCache>,
) -> Result<Arc<Compiled>, TemplateError> {
    let Some(cache) = cache else {
        return parse(source, dialect).map(Arc::new);
    };
    if let Some(i) = cache
        .entries
        .iter()
        .position(|(d, s, _)| *d == dialect && s.as_ref() == source)
    {
        let hit = cache.entries.remove(i);
        let compiled = hit.2.clone();
        cache.entries.push(hit);
        return Ok(compiled);
    }
    let compiled = Arc::new(parse(source, dialect)?);
    if cache.entries.len() >= ParseCache::CAPACITY {
        cache.entries.remove(0);
    }
    cache
        .entries
        .push((dialect, compiled.source.clone(), compiled.clone()));
    Ok(compiled)
}

/// A render and Ruby's errors written into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub rendered: Rendered,
    pub errors: Vec<TemplateError>,
    /// What the preview could not do as Braze does when it sends: a `connected_content` with
    /// no mock (Braze fetches it then), or a mock that answers an error status. Not errors in
    /// the output; warnings for whoever reads the preview.
    pub notices: Vec<TemplateError>,
}

impl Compiled {
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// Every bare `${name}` the template uses, with its byte offset (braze dialect).
    pub fn attributes(&self) -> &[(String, usize)] {
        &self.attributes
    }

    /// Numbers written with an exponent (`1e308`), which Ruby Liquid's lax mode reads as
    /// variable names (empty), with their byte offsets.
    pub fn numbers_as_names(&self) -> &[(String, usize)] {
        &self.numbers_as_names
    }

    /// Renders for one subject: a Braze user (braze), a sample ticket (zendesk) or extra
    /// top-level variables (liquid).
    pub fn render(
        &self,
        env: &Environment,
        subject: Option<&Json>,
    ) -> Result<Rendered, TemplateError> {
        self.render_report(env, subject).map(|r| r.rendered)
    }

    /// Renders, and reports Ruby's inline errors (`Liquid error: …`) with their positions.
    pub fn render_report(
        &self,
        env: &Environment,
        subject: Option<&Json>,
    ) -> Result<Report, TemplateError> {
        let (rendered, _, errors, notices) = self.run(env, subject, false)?;
        Ok(Report {
            rendered,
            errors,
            notices,
        })
    }

    /// Renders for one subject and reports which `{{ … }}` produced which bytes of the output.
    pub fn render_traced(
        &self,
        env: &Environment,
        subject: Option<&Json>,
    ) -> Result<Traced, TemplateError> {
        let (rendered, spans, errors, notices) = self.run(env, subject, true)?;
        let outputs = match &rendered {
            Rendered::Output(_) => spans
                .into_iter()
                .map(|(output, offset)| {
                    let (line, col) = self.line_col(offset);
                    OutputSpan {
                        output,
                        offset,
                        line,
                        col,
                    }
                })
                .collect(),
            Rendered::Aborted(_) => Vec::new(),
        };
        Ok(Traced {
            rendered,
            outputs,
            errors,
            notices,
        })
    }

    /// Renders with top-level variables a caller holds as `liquid` values (plain Liquid
    /// and Zendesk dialects; a Braze user is JSON, see [`Compiled::render`]).
    pub fn render_view(
        &self,
        env: &Environment,
        variables: &dyn liquid::ObjectView,
    ) -> Result<Rendered, TemplateError> {
        let values = interop::from_view(variables.as_value());
        let mut r = Renderer::new(self.dialect, env, Subject::Values(values), false);
        let mut out = String::new();
        match r.block(&self.root, &mut out) {
            Ok(()) => Ok(Rendered::Output(out)),
            Err(Fail::Abort(reason)) => Ok(Rendered::Aborted(reason)),
            Err(Fail::Stop(kind, at)) => Err(self.error(at, kind)),
            Err(Fail::Liquid(e, at)) => Err(self.error(at.unwrap_or(0), ErrorKind::Liquid(e))),
        }
    }

    fn error(&self, offset: usize, kind: ErrorKind) -> TemplateError {
        let offset = offset.min(self.source.len());
        let (line, col) = self.line_col(offset);
        TemplateError {
            line,
            col,
            offset,
            kind,
        }
    }

    #[allow(clippy::type_complexity)]
    fn run(
        &self,
        env: &Environment,
        subject: Option<&Json>,
        trace: bool,
    ) -> Result<
        (
            Rendered,
            Vec<(std::ops::Range<usize>, usize)>,
            Vec<TemplateError>,
            Vec<TemplateError>,
        ),
        TemplateError,
    > {
        let ticket;
        let user;
        let subject = match (self.dialect, subject) {
            (Dialect::Braze, s) => {
                static NULL: Json = Json::Null;
                user = BrazeUser {
                    profile: s.unwrap_or(&NULL),
                    devices: Default::default(),
                    subscribed: Default::default(),
                };
                Subject::Braze(&user)
            }
            (Dialect::Zendesk, Some(sample)) => {
                ticket = zendesk::ticket_variables(sample);
                Subject::Globals(&ticket)
            }
            (_, Some(Json::Object(vars))) => Subject::Globals(vars),
            _ => Subject::None,
        };
        let mut r = Renderer::new(self.dialect, env, subject, trace);
        let mut out = String::with_capacity(self.source.len() + 256);
        let result = r.block(&self.root, &mut out);
        let errors = r
            .errors
            .drain(..)
            .map(|e| self.error(e.at, ErrorKind::Liquid(e.error)))
            .collect();
        let notices = r
            .notices
            .drain(..)
            .map(|(at, kind)| self.error(at, kind))
            .collect();
        let spans = r.trace.take().unwrap_or_default();
        match result {
            Ok(()) => Ok((Rendered::Output(out), spans, errors, notices)),
            Err(Fail::Abort(reason)) => {
                Ok((Rendered::Aborted(reason), Vec::new(), errors, notices))
            }
            Err(Fail::Stop(kind, at)) => Err(self.error(at, kind)),
            // Caught per node; a bare one would be a bug, reported where the template starts.
            Err(Fail::Liquid(e, at)) => Err(self.error(at.unwrap_or(0), ErrorKind::Liquid(e))),
        }
    }
}

/// Levenshtein distance, for "did you mean".
pub(crate) fn strsim_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// A mocked HTTP response for `connected_content`.
#[derive(Debug, Clone, PartialEq)]
pub struct MockResponse {
    pub status: u16,
    pub body: Json,
}

/// Variables and services shared by every render: globals, the render context, the clock,
/// the limits.
#[derive(Default, Clone)]
pub struct Environment {
    base: Arc<serde_json::Map<String, Json>>,
    now: Option<DateTime<Utc>>,
    content_blocks: Arc<BTreeMap<String, Arc<Compiled>>>,
    connected_content: Arc<BTreeMap<String, MockResponse>>,
    catalogs: Arc<serde_json::Map<String, Json>>,
    limits: Limits,
}

impl Environment {
    pub fn new() -> Self {
        Self::default()
    }

    /// Raw Liquid variables at the top level.
    pub fn with_globals(mut self, globals: &serde_json::Map<String, Json>) -> Self {
        let base = Arc::make_mut(&mut self.base);
        for (k, v) in globals {
            base.insert(k.clone(), v.clone());
        }
        self
    }

    /// Fixes the time `'now'` means.
    pub fn with_now(mut self, now: DateTime<Utc>) -> Self {
        self.now = Some(now);
        self
    }

    /// Replaces the render limits.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// A Braze render context: namespaces, content blocks, connected-content mocks, catalogs.
    pub fn with_context(mut self, context: &RenderContext) -> Result<Self, context::ContextError> {
        context.apply(&mut self)?;
        Ok(self)
    }
}

/// Shorthand used by tests and the CLI: parse and render in one go.
pub fn render_once(
    source: &str,
    dialect: Dialect,
    env: &Environment,
    subject: Option<&Json>,
) -> Result<Rendered, TemplateError> {
    parse(source, dialect)?.render(env, subject)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiled_templates_can_be_shared_across_threads() {
        fn check<T: Send + Sync>() {}
        check::<Compiled>();
        check::<Environment>();
    }

    fn out(src: &str, dialect: Dialect, subject: Option<&Json>) -> String {
        match render_once(src, dialect, &Environment::new(), subject) {
            Ok(Rendered::Output(o)) => o,
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn the_issue_cases_render_as_ruby() {
        let data = serde_json::json!({"price": "19.99", "t": "2024-03-01 12:00:00 UTC", "items": [{"sku": "a"}, null]});
        let l = |src: &str| out(src, Dialect::Liquid, Some(&data));
        assert_eq!(l("{{ price | divided_by: 5 }}"), "3.998");
        assert_eq!(
            l("{{ 'GOLD ' | capitalize }}|{{ 'Pro Annual' | capitalize }}"),
            "Gold |Pro annual"
        );
        assert_eq!(l("{{ 'García' | size }}|{{ 5 | size }}"), "6|8");
        assert_eq!(
            l("{% for i in (1..2) %}{% if i == 1 %}[{% else %} {% endif %}{% endfor %}"),
            "[ "
        );
        assert_eq!(l("{{ items | map: 'sku' }}"), "a");
        assert_eq!(l("{{ 2.5 | times: 2 | append: ' EUR' }}"), "5.0 EUR");
        assert_eq!(
            l("{{ t | date: '%Y-%m-%dT%H:%M:%S.%LZ' }}|{{ t | date: '%Z' }}"),
            "2024-03-01T12:00:00.000Z|UTC"
        );
        assert_eq!(
            l("{{ -2.5 | divided_by: 0 }}|{{ 1.005 | round: 2 }}"),
            "-Infinity|1.01"
        );
        // Not a number in Ruby Liquid: strict mode (plain Liquid) refuses it by name, lax mode
        // (Braze) reads a variable called `1e308`, nil, and multiplies it as 0.
        let e = parse("{{ 1e308 | times: 10 }}", Dialect::Liquid).unwrap_err();
        assert_eq!(
            e.kind,
            ErrorKind::Unexpected {
                found: "e308".into()
            }
        );
        assert_eq!(e.to_string(), "1:4: `e308` does not belong here");
        assert_eq!(out("{{ 1e308 | times: 10 }}", Dialect::Braze, None), "0");
        assert_eq!(l("{% if true < 1 %}a{% endif %}b"), "b");
    }

    #[test]
    fn error_positions_and_words() {
        let e = parse("{{ x | plus }}", Dialect::Liquid).unwrap();
        let r = e.render_report(&Environment::new(), None).unwrap();
        assert_eq!(
            r.rendered.output(),
            Some("Liquid error: wrong number of arguments (given 1, expected 2)")
        );
        assert_eq!((r.errors[0].line, r.errors[0].col), (1, 8));
        let e = parse("a\n{% elsif %}", Dialect::Liquid).unwrap_err();
        assert_eq!((e.line, e.col), (2, 1));
        assert_eq!(
            e.kind,
            ErrorKind::BranchOutside {
                tag: "elsif".into()
            }
        );
        let e = parse("{% frobnicate %}", Dialect::Braze).unwrap_err();
        assert_eq!(
            e.kind,
            ErrorKind::UnknownTag {
                tag: "frobnicate".into()
            }
        );
        let e = parse("ok\n{{ 99999999999999999999 }}", Dialect::Braze).unwrap_err();
        assert_eq!((e.line, e.col), (2, 4));
    }
}
