//! The template engine: three Liquid dialects on top of liquid-core.
//!
//! A template is parsed once into a [`Compiled`] and rendered many times against an
//! [`Environment`] (the shared render context) and a subject (a Braze user, a Zendesk ticket,
//! or extra variables). Every error carries the line and column in the user's original text.

pub mod braze;
pub mod context;
pub mod filters;
pub mod rewrite;
pub mod runtime;
pub mod session;
pub mod source_map;
pub mod tags;
pub mod trace;
pub mod zendesk;

use std::cell::Cell;
use std::fmt;
use std::sync::{Arc, OnceLock};

use chrono::{DateTime, Utc};
use liquid_core::model::{Object, Value, ValueView};
use liquid_core::parser::{FilterArguments, FilterReflection, ParseFilter};
use liquid_core::runtime::RuntimeBuilder;
use liquid_core::{Filter, Language, Renderable, Runtime};
use serde_json::Value as Json;

pub use context::RenderContext;
use runtime::{LaxRuntime, Layered};
use session::Session;
use source_map::SourceMap;

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

/// An error in a template, at a 1-based line and column of the original text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{col}: {message}")]
pub struct TemplateError {
    pub line: usize,
    pub col: usize,
    /// Byte offset in the original template.
    pub offset: usize,
    pub message: String,
}

/// A render that knows which `{{ … }}` produced which bytes (for the linter).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Traced {
    pub rendered: Rendered,
    /// Top-level outputs in the order they were written; a `capture` assigned and output later
    /// is attributed to the output that wrote it.
    pub outputs: Vec<OutputSpan>,
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
    segments: Vec<Segment>,
    original: Arc<str>,
    rewritten: String,
    map: SourceMap,
    filters: Vec<(String, usize)>,
    /// Built on the first traced render: it maps every output to its line and column.
    lines: OnceLock<source_map::LineIndex>,
}

/// A top-level stretch of the template, parsed on its own (see [`ParseCache`]).
struct Segment {
    parsed: Arc<liquid_core::Template>,
    /// Where it starts in the rewritten text, and its filters in `Compiled::filters`.
    out: usize,
    filters: std::ops::Range<usize>,
}

impl fmt::Debug for Compiled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Compiled")
            .field("dialect", &self.dialect)
            .field("original", &self.original)
            .finish_non_exhaustive()
    }
}

/// Parsed segments by content, so that re-parsing after an edit only parses what changed.
/// The live preview keeps one; [`parse`] uses none.
#[derive(Default)]
pub struct ParseCache {
    entries: std::collections::HashMap<u64, CachedSegment>,
    /// Counts parses; entries remember the last one that used them.
    generation: u64,
}

struct CachedSegment {
    last_used: u64,
    dialect: Dialect,
    source: String,
    texts: Vec<String>,
    parsed: Arc<liquid_core::Template>,
}

impl ParseCache {
    /// Bound on entries: a long editing session must not grow without limit.
    const CAPACITY: usize = 4096;

    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn key(dialect: Dialect, source: &str, texts: &[String]) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        dialect.hash(&mut h);
        source.hash(&mut h);
        texts.hash(&mut h);
        h.finish()
    }

    fn get(
        &mut self,
        dialect: Dialect,
        source: &str,
        texts: &[String],
    ) -> Option<Arc<liquid_core::Template>> {
        let generation = self.generation;
        let hit = self.entries.get_mut(&Self::key(dialect, source, texts))?;
        let same = hit.dialect == dialect && hit.source == source && hit.texts == texts;
        if same {
            hit.last_used = generation;
        }
        same.then(|| hit.parsed.clone())
    }

    /// Starts a parse: entries used from now on belong to it.
    fn begin(&mut self) {
        self.generation += 1;
    }

    /// Ends a parse: over capacity, only what this parse used is kept (a long template keeps
    /// all its segments; older versions' go).
    fn end(&mut self) {
        if self.entries.len() > Self::CAPACITY {
            let generation = self.generation;
            self.entries.retain(|_, e| e.last_used == generation);
        }
    }

    fn insert(
        &mut self,
        dialect: Dialect,
        source: &str,
        texts: &[String],
        parsed: Arc<liquid_core::Template>,
    ) {
        self.entries.insert(
            Self::key(dialect, source, texts),
            CachedSegment {
                last_used: self.generation,
                dialect,
                source: source.to_owned(),
                texts: texts.to_vec(),
                parsed,
            },
        );
    }
}

/// Parses a template once.
pub fn parse(source: &str, dialect: Dialect) -> Result<Compiled, TemplateError> {
    parse_cached(source, dialect, None)
}

/// Parses a template, reusing the unchanged top-level segments of earlier parses.
pub fn parse_cached(
    source: &str,
    dialect: Dialect,
    mut cache: Option<&mut ParseCache>,
) -> Result<Compiled, TemplateError> {
    let rewritten = rewrite::rewrite(source, dialect == Dialect::Braze).map_err(|e| {
        let (line, col) = source_map::line_col(source, e.offset);
        TemplateError {
            line,
            col,
            offset: e.offset,
            message: e.message,
        }
    })?;
    let mut compiled = Compiled {
        dialect,
        segments: Vec::with_capacity(rewritten.segments.len()),
        original: Arc::from(source),
        rewritten: rewritten.source,
        map: rewritten.map,
        filters: rewritten.filters,
        lines: OnceLock::new(),
    };
    let language = language(dialect);
    if let Some((name, at)) = compiled
        .filters
        .iter()
        .find(|(name, _)| language.filters.get(name).is_none())
    {
        return Err(compiled.error_at(*at, unknown_filter_message(name, dialect, language)));
    }
    let marks = &rewritten.segments;
    if let Some(c) = cache.as_deref_mut() {
        c.begin();
    }
    for (i, mark) in marks.iter().enumerate() {
        let next = marks.get(i + 1);
        let out_end = next.map_or(compiled.rewritten.len(), |n| n.out);
        let filters = mark.filters..next.map_or(compiled.filters.len(), |n| n.filters);
        let texts = &rewritten.texts[mark.texts..next.map_or(rewritten.texts.len(), |n| n.texts)];
        let text = &compiled.rewritten[mark.out..out_end];
        let cached = cache
            .as_deref_mut()
            .and_then(|c| c.get(dialect, text, texts));
        let parsed = match cached {
            Some(parsed) => parsed,
            None => {
                let parsed = Arc::new(parse_segment(
                    &compiled,
                    mark.out,
                    text,
                    texts,
                    filters.clone(),
                    language,
                )?);
                if let Some(c) = cache.as_deref_mut() {
                    c.insert(dialect, text, texts, parsed.clone());
                }
                parsed
            }
        };
        compiled.segments.push(Segment {
            parsed,
            out: mark.out,
            filters,
        });
    }
    if let Some(c) = cache {
        c.end();
    }
    Ok(compiled)
}

fn parse_segment(
    compiled: &Compiled,
    out: usize,
    text: &str,
    texts: &[String],
    filters: std::ops::Range<usize>,
    language: &Language,
) -> Result<liquid_core::Template, TemplateError> {
    PARSE_ORDINAL.with(|o| o.set(0));
    FAILED_FILTER.with(|f| f.set(None));
    // liquid-core has a few `expect`s on malformed input; a template must never crash us.
    let parsed = tags::text::with_texts(texts.to_vec(), || {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            liquid_core::parser::parse(text, language)
        }))
    });
    match parsed {
        Ok(Ok(elements)) => Ok(liquid_core::Template::new(elements)),
        Ok(Err(e)) => Err(compiled.to_template_error(&e, out, text, filters)),
        Err(_) => Err(compiled.error_at(
            out + text.len(),
            "the template ends inside an unfinished tag or block".to_owned(),
        )),
    }
}

impl Compiled {
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    pub fn source(&self) -> &str {
        &self.original
    }

    /// Renders for one subject: a Braze user (braze), a sample ticket (zendesk) or extra
    /// top-level variables (liquid).
    pub fn render(
        &self,
        env: &Environment,
        subject: Option<&Json>,
    ) -> Result<Rendered, TemplateError> {
        self.render_with(env, &self.subject_variables(subject))
    }

    /// Renders with already-built subject variables.
    pub fn render_with(&self, env: &Environment, top: &Object) -> Result<Rendered, TemplateError> {
        self.render_inner(env, top, false)
            .map(|(rendered, _)| rendered)
    }

    /// Renders for one subject and reports which `{{ … }}` produced which bytes of the output.
    pub fn render_traced(
        &self,
        env: &Environment,
        subject: Option<&Json>,
    ) -> Result<Traced, TemplateError> {
        let top = self.subject_variables(subject);
        let (rendered, starts) = self.render_inner(env, &top, true)?;
        let Rendered::Output(marked) = rendered else {
            return Ok(Traced {
                rendered,
                outputs: Vec::new(),
            });
        };
        let (text, spans) = trace::strip(&marked, &starts);
        let lines = self
            .lines
            .get_or_init(|| source_map::LineIndex::new(&self.original));
        let outputs = spans
            .into_iter()
            .filter_map(|span| {
                let segment = self.segments.get(span.segment)?;
                let (_, at) = self.filters[segment.filters.clone()].get(span.ordinal)?;
                let offset = self.map.original_offset(*at).min(self.original.len());
                let (line, col) = lines.line_col(&self.original, offset);
                Some(OutputSpan {
                    output: span.output,
                    offset,
                    line,
                    col,
                })
            })
            .collect();
        Ok(Traced {
            rendered: Rendered::Output(text),
            outputs,
        })
    }

    fn subject_variables(&self, subject: Option<&Json>) -> Object {
        match (self.dialect, subject) {
            (Dialect::Braze, Some(user)) => braze::user_variables(user),
            (Dialect::Braze, None) => braze::user_variables(&Json::Null),
            (Dialect::Zendesk, Some(ticket)) => zendesk::ticket_variables(ticket),
            (_, Some(Json::Object(vars))) => vars
                .iter()
                .map(|(k, v)| (k.clone().into(), filters::standard::json_to_value(v)))
                .collect(),
            _ => Object::new(),
        }
    }

    /// Renders all segments; also returns where each segment's output began.
    fn render_inner(
        &self,
        env: &Environment,
        top: &Object,
        trace: bool,
    ) -> Result<(Rendered, Vec<usize>), TemplateError> {
        let globals = Layered {
            top,
            base: &env.base,
        };
        let runtime = LaxRuntime(RuntimeBuilder::new().set_globals(&globals).build());
        {
            let mut session = runtime.registers().get_mut::<Session>();
            *session = env.session.clone();
            session.trace = trace;
        }
        let mut out = Vec::with_capacity(self.original.len() + 256);
        let mut starts = Vec::with_capacity(self.segments.len());
        FAILED_FILTER.with(|f| f.set(None));
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            for (i, segment) in self.segments.iter().enumerate() {
                starts.push(out.len());
                segment
                    .parsed
                    .render_to(&mut out, &runtime)
                    .map_err(|e| (i, e))?;
            }
            Ok(())
        }))
        .unwrap_or_else(|_| {
            Err((
                0,
                liquid_core::Error::with_msg("internal error while rendering"),
            ))
        });
        match result {
            Ok(()) => Ok((
                Rendered::Output(
                    String::from_utf8(out)
                        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
                ),
                starts,
            )),
            Err((segment, e)) => match runtime.registers().get_mut::<Session>().aborted.take() {
                Some(reason) => Ok((Rendered::Aborted(reason), starts)),
                None => {
                    let s = &self.segments[segment.min(self.segments.len().saturating_sub(1))];
                    Err(self.to_template_error(&e, s.out, "", s.filters.clone()))
                }
            },
        }
    }

    /// Renders every segment in order; on failure, which segment failed.
    fn render_segments(
        &self,
        writer: &mut dyn std::io::Write,
        runtime: &dyn Runtime,
    ) -> Result<(), (usize, liquid_core::Error)> {
        FAILED_FILTER.with(|f| f.set(None));
        for (i, segment) in self.segments.iter().enumerate() {
            segment
                .parsed
                .render_to(writer, runtime)
                .map_err(|e| (i, e))?;
        }
        Ok(())
    }

    /// Renders inside another template's runtime (content blocks).
    pub(crate) fn render_inline(
        &self,
        writer: &mut dyn std::io::Write,
        runtime: &dyn Runtime,
    ) -> liquid_core::Result<()> {
        self.render_segments(writer, runtime).map_err(|(i, e)| {
            let s = &self.segments[i];
            let e2 = self.to_template_error(&e, s.out, "", s.filters.clone());
            liquid_core::Error::with_msg(format!("{}:{}: {}", e2.line, e2.col, e2.message))
        })
    }

    fn error_at(&self, rewritten_offset: usize, message: String) -> TemplateError {
        let offset = self
            .map
            .original_offset(rewritten_offset)
            .min(self.original.len());
        let (line, col) = source_map::line_col(&self.original, offset);
        TemplateError {
            line,
            col,
            offset,
            message,
        }
    }

    /// A liquid-core error rewritten for a template author, at its original position. `out` and
    /// `text` are the segment it came from (pest positions count from the segment's start).
    fn to_template_error(
        &self,
        e: &liquid_core::Error,
        out: usize,
        text: &str,
        filters: std::ops::Range<usize>,
    ) -> TemplateError {
        let raw = e.to_string();
        let failed_filter = FAILED_FILTER.with(|f| f.take());
        let segment_text = if text.is_empty() {
            &self.rewritten[out..]
        } else {
            text
        };
        let position = pest_position(&raw)
            .map(|(line, col)| out + source_map::offset_of(segment_text, line, col))
            .or_else(|| {
                failed_filter
                    .and_then(|i| self.filters[filters].get(i))
                    .map(|(_, at)| *at)
            });
        let message = self.describe_error(e);
        self.error_at(position.unwrap_or(out), message)
    }

    /// The message of a liquid-core error without its pest excerpt (which shows rewritten text).
    pub(crate) fn describe_error(&self, e: &liquid_core::Error) -> String {
        let raw = e.to_string();
        let raw = raw.strip_prefix("liquid: ").unwrap_or(&raw);
        let mut message =
            if let Some(expected) = raw.lines().find_map(|l| l.trim().strip_prefix("= ")) {
                expected.to_owned()
            } else {
                raw.lines().next().unwrap_or("").trim().to_owned()
            };
        let details: Vec<String> = raw
            .lines()
            .skip(1)
            .filter_map(|l| l.split_once('='))
            .filter(|(k, _)| {
                let k = k.trim();
                !k.is_empty() && !k.starts_with("from") && k != "filter" && !k.contains(' ')
                    || k.starts_with("requested")
            })
            .map(|(k, v)| format!("{}: {}", k.trim(), v.trim()))
            .collect();
        if let Some(tag) = message
            .strip_prefix("Unknown tag.")
            .and_then(|_| details.iter().find_map(|d| d.strip_prefix("requested: ")))
        {
            return unknown_tag_message(tag);
        }
        if !details.is_empty() && !message.starts_with("expected") {
            message = format!("{message} ({})", details.join(", "));
        }
        plain_words(&message).replace(braze::USER_VAR, "user")
    }
}

fn unknown_tag_message(tag: &str) -> String {
    let belongs = match tag {
        "else" => Some("`if`, `unless`, `case` or `for`"),
        "elsif" => Some("`if` or `unless`"),
        "when" => Some("`case`"),
        t if t.starts_with("end") => None,
        _ => return format!("unknown tag `{tag}`"),
    };
    match belongs {
        Some(blocks) => format!("`{{% {tag} %}}` can only appear inside {blocks}"),
        None => format!("`{{% {tag} %}}` closes a block that is not open"),
    }
}

/// liquid-core's grammar rule names, in words a template author knows.
fn plain_words(message: &str) -> String {
    let mut out = message.to_owned();
    for (rule, words) in [
        ("FilterChain", "an expression"),
        ("Identifier", "a variable name"),
        ("Literal", "a literal value"),
        ("Value", "a value"),
        ("Range", "a range like (1..5)"),
        (
            "Array or range expected.",
            "`for` needs a list or a range after `in`",
        ),
    ] {
        out = out.replace(rule, words);
    }
    out
}

/// Finds pest's ` --> LINE:COL` marker in a liquid-core parse error.
fn pest_position(raw: &str) -> Option<(usize, usize)> {
    let rest = &raw[raw.find("--> ")? + 4..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(rest.len());
    let (line, col) = rest[..end].split_once(':')?;
    Some((line.parse().ok()?, col.parse().ok()?))
}

fn unknown_filter_message(name: &str, dialect: Dialect, language: &Language) -> String {
    if dialect == Dialect::Braze {
        if filters::braze_unsupported(name) {
            return format!("filter `{name}` is not supported by Braze");
        }
        if filters::standard::NEWER.contains(&name) {
            return format!("filter `{name}` is newer than Liquid 5 and not supported by Braze");
        }
    }
    let suggestion = language
        .filters
        .plugin_names()
        .map(|n| (strsim_distance(name, n), n))
        .filter(|(d, _)| *d <= 2)
        .min();
    match suggestion {
        Some((_, near)) => format!("unknown filter `{name}` (did you mean `{near}`?)"),
        None => format!("unknown filter `{name}`"),
    }
}

/// Levenshtein distance, for "did you mean".
fn strsim_distance(a: &str, b: &str) -> usize {
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

/// Variables and services shared by every render: globals, the render context, the clock.
#[derive(Default, Clone)]
pub struct Environment {
    base: Object,
    session: Session,
}

impl Environment {
    pub fn new() -> Self {
        Self::default()
    }

    /// Raw Liquid variables at the top level.
    pub fn with_globals(mut self, globals: &serde_json::Map<String, Json>) -> Self {
        for (k, v) in globals {
            self.base
                .insert(k.clone().into(), filters::standard::json_to_value(v));
        }
        self
    }

    /// Fixes the time `'now'` means.
    pub fn with_now(mut self, now: DateTime<Utc>) -> Self {
        self.session.now = Some(now);
        self
    }

    /// A Braze render context: namespaces, content blocks, connected-content mocks, catalogs.
    pub fn with_context(mut self, context: &RenderContext) -> Result<Self, context::ContextError> {
        context.apply(&mut self.base, &mut self.session)?;
        Ok(self)
    }
}

thread_local! {
    /// Filters are numbered in parse order, which is source order; a failing filter records
    /// its number so the error can point at the `| filter` that failed.
    static PARSE_ORDINAL: Cell<usize> = const { Cell::new(0) };
    static FAILED_FILTER: Cell<Option<usize>> = const { Cell::new(None) };
}

#[derive(Clone)]
struct Located(Box<dyn ParseFilter>);

impl ParseFilter for Located {
    fn parse(&self, arguments: FilterArguments<'_>) -> liquid_core::Result<Box<dyn Filter>> {
        let ordinal = PARSE_ORDINAL.with(|o| {
            let n = o.get();
            o.set(n + 1);
            n
        });
        match self.0.parse(arguments) {
            Ok(inner) => Ok(Box::new(LocatedFilter { ordinal, inner })),
            Err(e) => {
                record_failure(ordinal);
                Err(e)
            }
        }
    }
    fn reflection(&self) -> &dyn FilterReflection {
        self.0.reflection()
    }
}

/// The number of the filter being parsed (for filters that must know their own position).
pub(crate) fn parsing_filter_ordinal() -> usize {
    PARSE_ORDINAL.with(|o| o.get().saturating_sub(1))
}

fn record_failure(ordinal: usize) {
    FAILED_FILTER.with(|f| {
        if f.get().is_none() {
            f.set(Some(ordinal))
        }
    });
}

struct LocatedFilter {
    ordinal: usize,
    inner: Box<dyn Filter>,
}

impl fmt::Debug for LocatedFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.inner, f)
    }
}

impl fmt::Display for LocatedFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.inner, f)
    }
}

impl Filter for LocatedFilter {
    fn evaluate(&self, input: &dyn ValueView, runtime: &dyn Runtime) -> liquid_core::Result<Value> {
        self.inner
            .evaluate(input, runtime)
            .inspect_err(|_| record_failure(self.ordinal))
    }
}

/// The parser configuration of a dialect, built once.
pub fn language(dialect: Dialect) -> &'static Language {
    static LANGUAGES: OnceLock<[Language; 3]> = OnceLock::new();
    let all = LANGUAGES.get_or_init(|| Dialect::ALL.map(build_language));
    &all[dialect as usize]
}

fn build_language(dialect: Dialect) -> Language {
    use liquid_lib::stdlib;
    let mut lang = Language::empty();
    let filter = |lang: &mut Language, f: Box<dyn ParseFilter>| {
        let name = f.reflection().name().to_owned();
        let newer = filters::standard::NEWER.contains(&name.as_str());
        if dialect == Dialect::Braze && (filters::braze_unsupported(&name) || newer) {
            return;
        }
        lang.filters.register(name, Box::new(Located(f)));
    };
    for f in filters::liquid_lib_filters() {
        filter(&mut lang, f);
    }
    filter(&mut lang, Box::new(filters::ruby::RenderFilter));
    for f in filters::ruby::FILTERS
        .iter()
        .chain(filters::standard::LIQUID5)
    {
        filter(&mut lang, Box::new(f.clone()));
    }
    match dialect {
        Dialect::Braze => {
            for f in filters::braze::FILTERS {
                filter(&mut lang, Box::new(f.clone()));
            }
        }
        Dialect::Liquid => {
            for f in filters::standard::SHOPIFY_ONLY {
                filter(&mut lang, Box::new(f.clone()));
            }
        }
        Dialect::Zendesk => {}
    }

    let tags: Vec<Box<dyn liquid_core::ParseTag>> = vec![
        Box::new(stdlib::AssignTag),
        Box::new(stdlib::BreakTag),
        Box::new(stdlib::ContinueTag),
        Box::new(stdlib::CycleTag),
        Box::new(stdlib::IncludeTag),
        Box::new(stdlib::IncrementTag),
        Box::new(stdlib::DecrementTag),
        Box::new(stdlib::RenderTag),
    ];
    for t in tags {
        lang.tags.register(t.reflection().tag().to_owned(), t);
    }
    for name in [rewrite::TEXT_TAG, rewrite::TEXT_SPACE_TAG] {
        lang.tags
            .register(name.to_owned(), Box::new(tags::text::TextTag(name)));
    }
    let blocks: Vec<Box<dyn liquid_core::ParseBlock>> = vec![
        Box::new(stdlib::RawBlock),
        Box::new(tags::conditions::IF),
        Box::new(tags::conditions::UNLESS),
        Box::new(stdlib::IfChangedBlock),
        Box::new(tags::loops::ForBlock),
        Box::new(tags::loops::TableRowBlock),
        Box::new(stdlib::CommentBlock),
        Box::new(tags::capture::CaptureBlock),
        Box::new(tags::conditions::CaseBlock),
    ];
    for b in blocks {
        lang.blocks
            .register(b.reflection().start_tag().to_owned(), b);
    }
    if dialect == Dialect::Braze {
        lang.tags.register(
            "abort_message".into(),
            Box::new(tags::braze::AbortMessageTag),
        );
        lang.tags.register(
            "zb_content_block".into(),
            Box::new(tags::braze::ContentBlockTag),
        );
        for b in [
            tags::braze::CONNECTED_CONTENT,
            tags::braze::CATALOG_ITEMS,
            tags::braze::MESSAGE_EXTRAS,
        ] {
            lang.blocks
                .register(b.start_tag_name().to_owned(), Box::new(b));
        }
    }
    lang
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

    #[test]
    fn error_messages_use_words_not_grammar_rules() {
        let e = parse("{{ x | plus: }}", Dialect::Liquid).unwrap_err();
        assert_eq!(e.message, "expected a variable name or a value");
        let e = parse("a\n{% elsif %}", Dialect::Liquid).unwrap_err();
        assert_eq!((e.line, e.col), (2, 4));
        assert_eq!(
            e.message,
            "`{% elsif %}` can only appear inside `if` or `unless`"
        );
        let e = parse("{% frobnicate %}", Dialect::Braze).unwrap_err();
        assert_eq!(e.message, "unknown tag `frobnicate`");
        let e = parse("ok\n{% if x == %}a{% endif %}", Dialect::Braze).unwrap_err();
        assert_eq!(
            (e.line, e.col, e.message.as_str()),
            (2, 11, "a value is expected after the operator")
        );
    }
}
