//! Rendering a parsed template for one subject, as Ruby Liquid's `Context` does: scopes,
//! `forloop`, interrupts, counters and cycles, Ruby's lookups and comparisons, errors written
//! inline (`Liquid error: …`) where Ruby writes them, and the render's limits.
//!
//! One concern, over 900 lines: nearly all of it is the one `Renderer`'s methods, which read and
//! write its state (scopes, counters, interrupts, the step and size budgets) as Ruby's
//! `Context` does; the filters, values, numbers and expressions it calls already live apart.

use std::borrow::Cow;
use std::collections::HashMap;
use std::rc::Rc;
use std::time::Instant;

use serde_json::Value as Json;

use super::error::{ErrorKind, Limit, LiquidError};
use super::expr::{Cond, Expr, Root, Seg, Var};
use super::filters::{self, Call, Failure, FilterContext};
use super::parse::{
    Block, BrazeTag, CycleGroup, FilterCall, ForLoop, Node, NodeKind, Offset, Output,
};
use super::registry::{self, Source};
use super::value::{Kind, Value, json_get};
use super::{Compiled, Dialect, Environment, Limits};

/// Why rendering a node stopped.
pub(crate) enum Fail {
    /// Ruby's "Liquid error: …", at a byte offset when a filter is to blame.
    Liquid(LiquidError, Option<usize>),
    /// The whole render stops.
    Stop(ErrorKind, usize),
    /// `abort_message`.
    Abort(Option<String>),
}

type Flow<T> = Result<T, Fail>;

enum Interrupt {
    Break,
    Continue,
}

/// Where the render's variables come from, besides what the template assigns.
pub(crate) enum Subject<'a> {
    None,
    /// Plain Liquid (or a Zendesk ticket's placeholders): top-level variables.
    Globals(&'a serde_json::Map<String, Json>),
    /// Variables a caller holds as Liquid values (see `interop.rs`).
    Values(Value<'a>),
    Braze(&'a BrazeUser<'a>),
}

/// A Braze user as Liquid sees it: the profile behind `${tags}`, and the namespaces derived from
/// it, built on first use.
pub(crate) struct BrazeUser<'a> {
    pub profile: &'a Json,
    pub devices: std::cell::OnceCell<(Json, Json)>,
    pub subscribed: std::cell::OnceCell<Json>,
}

/// An inline error: what Ruby writes and where.
pub(crate) struct InlineError {
    pub at: usize,
    pub error: LiquidError,
}

pub(crate) struct Renderer<'a> {
    dialect: Dialect,
    env: &'a Environment,
    subject: Subject<'a>,
    /// Innermost last; `scopes[0]` holds what `assign` and `capture` set.
    scopes: Vec<Vec<(Cow<'a, str>, Value<'a>)>>,
    /// `increment`/`decrement` counters: an Int, or a Float the data started them at.
    counters: HashMap<Cow<'a, str>, Value<'a>>,
    cycles: HashMap<String, usize>,
    /// Where `offset: continue` resumes each loop (a template has a few loops: a list).
    for_offsets: Vec<(&'a str, usize)>,
    ifchanged: Option<String>,
    interrupt: Option<Interrupt>,
    /// The filter calls' argument list, reused from call to call (see `filtered`).
    args: Vec<Value<'a>>,
    filter_ctx: FilterContext,
    limits: Limits,
    started: Instant,
    steps: u64,
    loops: u64,
    assigned: u64,
    pub errors: Vec<InlineError>,
    /// What the preview could not do as Braze would at send time (a `connected_content` with
    /// no mock, or a mock that answers an error status): (offset, what).
    pub notices: Vec<(usize, ErrorKind)>,
    /// Spans of outputs written to the document: (range, offset of the `{{`).
    pub trace: Option<Vec<(std::ops::Range<usize>, usize)>>,
    capturing: usize,
    block_depth: usize,
    /// Inside a content block, inline errors are reported at the `{{content_blocks…}}`.
    anchor: Option<usize>,
}

thread_local! {
    static FORLOOP_KEYS: [Rc<str>; 9] = [
        "name", "length", "index", "index0", "rindex", "rindex0", "first", "last", "parentloop",
    ]
    .map(Rc::from);
}

thread_local! {
    /// Buffers `capture` renders into, reused by the thread's later captures.
    static CAPTURE_BUFFERS: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A capture buffer larger than this is freed rather than kept for the next capture.
const MAX_KEPT_CAPTURE: usize = 64 * 1024;

/// Braze lets a content block include another one, but no deeper.
const MAX_BLOCK_DEPTH: usize = 2;

impl<'a> Renderer<'a> {
    pub fn new(dialect: Dialect, env: &'a Environment, subject: Subject<'a>, trace: bool) -> Self {
        let started = Instant::now();
        Renderer {
            dialect,
            env,
            subject,
            // Room for a template's few assigns, and for loops' scopes, without regrowing.
            scopes: {
                let mut scopes = Vec::with_capacity(4);
                scopes.push(Vec::with_capacity(8));
                scopes
            },
            counters: HashMap::new(),
            cycles: HashMap::new(),
            for_offsets: Vec::new(),
            ifchanged: None,
            interrupt: None,
            args: Vec::new(),
            filter_ctx: FilterContext {
                dialect,
                now: env.now,
                clock: std::cell::OnceCell::new(),
                max_value_bytes: env.limits.value_bytes,
                deadline: env.limits.time.map(|max| (started, max)),
            },
            limits: env.limits,
            started,
            steps: 0,
            loops: 0,
            assigned: 0,
            errors: Vec::new(),
            trace: trace.then(Vec::new),
            capturing: 0,
            block_depth: 0,
            anchor: None,
            notices: Vec::new(),
        }
    }

    fn stop<T>(&self, kind: ErrorKind, at: usize) -> Flow<T> {
        Err(Fail::Stop(kind, at))
    }

    fn limit<T>(&self, limit: Limit, max: u64, at: usize) -> Flow<T> {
        self.stop(ErrorKind::LimitExceeded { limit, max }, at)
    }

    /// Ruby's render score, and the clock.
    fn step(&mut self, n: usize, at: usize) -> Flow<()> {
        self.steps += n as u64;
        if self.steps > self.limits.steps {
            return self.limit(Limit::Steps, self.limits.steps, at);
        }
        if let Some(max) = self.limits.time
            && (self.steps & 0x3ff == 0 || n > 64)
            && self.started.elapsed() > max
        {
            return self.limit(Limit::Time, max.as_millis() as u64, at);
        }
        Ok(())
    }

    /// `BlockBody#render`: each node in turn, Ruby's errors written where they happen.
    pub fn block(&mut self, block: &'a Block, out: &mut String) -> Flow<()> {
        self.step(
            block.nodes.len().max(1),
            block.nodes.first().map_or(0, |n| n.at),
        )?;
        for node in &block.nodes {
            match &node.kind {
                NodeKind::Text(t) => out.push_str(t),
                _ => match self.node(node, out) {
                    Ok(()) => {}
                    Err(Fail::Liquid(error, at)) => {
                        let text = error.ruby_text();
                        self.errors.push(InlineError {
                            at: self.anchor.or(at).unwrap_or(node.at),
                            error,
                        });
                        if !node.blank {
                            out.push_str("Liquid error: ");
                            out.push_str(&text);
                        }
                    }
                    Err(other) => return Err(other),
                },
            }
            if out.len() > self.limits.output_bytes {
                return self.limit(Limit::Output, self.limits.output_bytes as u64, node.at);
            }
            if self.interrupt.is_some() {
                break;
            }
        }
        Ok(())
    }

    fn node(&mut self, node: &'a Node, out: &mut String) -> Flow<()> {
        let at = node.at;
        match &node.kind {
            NodeKind::Text(t) => out.push_str(t),
            NodeKind::Nothing => {}
            NodeKind::Output(o) => {
                let start = out.len();
                self.write_output(o, out)?;
                if self.capturing == 0
                    && let Some(trace) = self.trace.as_mut()
                {
                    trace.push((start..out.len(), at));
                }
            }
            NodeKind::Assign { name, value } => {
                let v = self.output(value)?;
                self.count_assign(v.score(), at)?;
                self.assign(Cow::Borrowed(name), v);
            }
            NodeKind::Capture { name, body } => {
                // Captured into one of the thread's buffers, kept from render to render, so
                // that the captured value is the only allocation.
                let mut text = CAPTURE_BUFFERS
                    .with_borrow_mut(Vec::pop)
                    .unwrap_or_else(|| String::with_capacity(256));
                self.capturing += 1;
                let result = self.block(body, &mut text);
                self.capturing -= 1;
                let value = match result.and_then(|()| self.count_assign(text.len(), at)) {
                    Ok(()) => Ok(Value::string(text.as_str())),
                    Err(e) => Err(e),
                };
                if text.capacity() <= MAX_KEPT_CAPTURE {
                    text.clear();
                    CAPTURE_BUFFERS.with_borrow_mut(|kept| kept.push(text));
                }
                self.assign(Cow::Borrowed(name), value?);
            }
            NodeKind::If { branches, unless } => {
                for (i, (cond, body)) in branches.iter().enumerate() {
                    let hit = self.condition(cond)?;
                    if hit != (*unless && i == 0) {
                        return self.block(body, out);
                    }
                }
            }
            NodeKind::Case { arms, bodies } => {
                let mut run_else = true;
                for (cond, body) in arms {
                    if let Cond::Else = cond {
                        if run_else {
                            self.block(&bodies[*body], out)?;
                        }
                        continue;
                    }
                    if self.condition(cond)? {
                        run_else = false;
                        self.block(&bodies[*body], out)?;
                    }
                }
            }
            NodeKind::For(l) => self.for_loop(l, at, out)?,
            NodeKind::TableRow(l) => self.table_row(l, at, out)?,
            NodeKind::Cycle { group, values } => {
                let key = match group {
                    CycleGroup::Named(e) => format!("n:{}", self.eval(e)?.inspect()),
                    CycleGroup::Literal(k) => format!("l:{k}"),
                };
                let i = self.cycles.get(&key).copied().unwrap_or(0);
                if let Some(e) = values.get(i) {
                    self.eval(e)?.write_output(out);
                }
                let next = if i + 1 >= values.len() { 0 } else { i + 1 };
                self.cycles.insert(key, next);
            }
            NodeKind::Counter { name, increment } => {
                // `environments.first[name] ||= 0`, then `+ 1` or `- 1`: an Integer or a Float
                // counts; anything else truthy has no `+` for an Integer (Ruby's TypeError).
                let current = match self.counters.get(name.as_ref()) {
                    Some(v) => v.clone(),
                    None => match self.environment(name) {
                        Some(v @ (Value::Int(_) | Value::Float(_))) => v,
                        Some(v) if v.truthy() => {
                            return Err(Fail::Liquid(LiquidError::Internal, None));
                        }
                        _ => Value::Int(0),
                    },
                };
                let step = if *increment { 1 } else { -1 };
                let stored = match current {
                    Value::Float(f) => Value::Float(f + step as f64),
                    Value::Int(i) => match i.checked_add(step) {
                        Some(n) => Value::Int(n),
                        None => return self.stop(ErrorKind::Overflow, at),
                    },
                    _ => Value::Int(step),
                };
                // `increment` shows the value before, `decrement` the value after.
                let shown = if *increment { current } else { stored.clone() };
                self.counters.insert(Cow::Borrowed(name), stored);
                shown.write_output(out);
            }
            NodeKind::Break => self.interrupt = Some(Interrupt::Break),
            NodeKind::Continue => self.interrupt = Some(Interrupt::Continue),
            NodeKind::Raw(text) => out.push_str(text),
            NodeKind::IfChanged(body) => {
                let mut text = String::new();
                self.block(body, &mut text)?;
                if self.ifchanged.as_deref() != Some(text.as_str()) {
                    out.push_str(&text);
                    self.ifchanged = Some(text);
                }
            }
            NodeKind::Include => return Err(Fail::Liquid(LiquidError::IncludeNotAllowed, None)),
            NodeKind::AbortMessage(reason) => {
                let reason = match reason {
                    Some(e) => Some(self.eval(e)?.to_s().into_owned()),
                    None => None,
                };
                return Err(Fail::Abort(reason));
            }
            NodeKind::BrazeTag { tag, args } => {
                let mut text = String::new();
                self.capturing += 1;
                let result = self.block(args, &mut text);
                self.capturing -= 1;
                result?;
                match tag {
                    BrazeTag::ConnectedContent => self.connected_content(&text, at, out)?,
                    BrazeTag::CatalogItems => self.catalog_items(&text, at)?,
                    BrazeTag::MessageExtras => {}
                }
            }
            NodeKind::ContentBlock(name) => self.content_block(name, at, out)?,
        }
        Ok(())
    }

    fn count_assign(&mut self, score: usize, at: usize) -> Flow<()> {
        self.assigned = self.assigned.saturating_add(score as u64);
        if self.assigned > self.limits.assign_bytes {
            return self.limit(Limit::Assign, self.limits.assign_bytes, at);
        }
        Ok(())
    }

    /// `context.scopes.last[name] = value`: assigns always land in the outermost scope.
    fn assign(&mut self, name: Cow<'a, str>, value: Value<'a>) {
        let scope = &mut self.scopes[0];
        match scope.iter_mut().find(|(k, _)| *k == name) {
            Some(slot) => slot.1 = value,
            None => scope.push((name, value)),
        }
    }

    /// `{{ … }}` written into `out`. An output whose last filter is `json_escape` (in webhook
    /// bodies, most of them) has its escaped text written straight into `out` rather than made
    /// into a string of its own first, and a `strip` just before it strips a view of the text
    /// instead of copying it: the same bytes, the same value limit, the same errors.
    fn write_output(&mut self, o: &'a Output, out: &mut String) -> Flow<()> {
        let bare = |f: &FilterCall, name: &str| {
            f.def.name == name && f.args.is_empty() && f.keywords.is_empty()
        };
        if let Some((last, before)) = o.filters.split_last()
            && bare(last, "json_escape")
        {
            let (before, strip) = match before.split_last() {
                Some((strip, rest)) if bare(strip, "strip") => (rest, Some(strip)),
                _ => (before, None),
            };
            let value = self.filtered(o, before)?;
            let text = value.to_s();
            let text = match strip {
                Some(strip) => {
                    self.filter_work(&value, strip.at)?;
                    let stripped = super::value::ruby_strip(&text);
                    if stripped.len() > self.filter_ctx.max_value_bytes {
                        return Err(self.too_large(strip.at));
                    }
                    self.work(stripped.len(), last.at)?;
                    stripped
                }
                None => {
                    self.filter_work(&value, last.at)?;
                    &text
                }
            };
            let start = out.len();
            filters::braze::json_escape_into(text, out);
            if out.len() - start > self.filter_ctx.max_value_bytes {
                out.truncate(start);
                return Err(self.too_large(last.at));
            }
            return Ok(());
        }
        self.output(o)?.write_output(out);
        Ok(())
    }

    /// A filter's value over the value limit, at the filter's offset.
    fn too_large(&self, at: usize) -> Fail {
        let call = Call {
            name: "",
            input: Value::Nil,
            args: Vec::new(),
            ctx: &self.filter_ctx,
        };
        match call.too_large() {
            Failure::Liquid(e) => Fail::Liquid(e, Some(at)),
            Failure::Stop(kind) => Fail::Stop(kind, at),
        }
    }

    /// A filter's work over a large input counts towards the render's steps (one for each
    /// 1,024 items or bytes), and reads the clock. A range is not counted: filters that list
    /// one are bounded by the value limit, and `first` or `size` of
    /// `(1..9223372036854775807)` do not list it.
    fn filter_work(&mut self, value: &Value<'a>, at: usize) -> Flow<()> {
        let work = match value {
            Value::Range(..) => 0,
            _ => value
                .len()
                .or_else(|| value.as_str().map(str::len))
                .unwrap_or(0),
        };
        self.work(work, at)
    }

    /// [`Self::filter_work`] for `work` items or bytes.
    fn work(&mut self, work: usize, at: usize) -> Flow<()> {
        if work >= 1024 {
            self.step(work >> 10, at)?;
        }
        Ok(())
    }

    /// `Variable#render`: the value with its filters applied.
    fn output(&mut self, o: &'a Output) -> Flow<Value<'a>> {
        self.filtered(o, &o.filters)
    }

    /// The output's value through `filters` (all of its filters, or the first of them).
    fn filtered(&mut self, o: &'a Output, filters: &'a [FilterCall]) -> Flow<Value<'a>> {
        let mut value = match &o.value {
            Some(e) => self.eval(e)?,
            None => Value::Nil,
        };
        for f in filters {
            // One argument list for every call of the render: most filters take one argument
            // or none, and a list of their own for each call was an allocation each.
            let mut args = std::mem::take(&mut self.args);
            args.clear();
            for a in &f.args {
                args.push(self.eval(a)?);
            }
            if !f.keywords.is_empty() {
                let mut hash = Vec::with_capacity(f.keywords.len());
                for (k, e) in &f.keywords {
                    hash.push((Rc::from(k.as_ref()), self.eval(e)?));
                }
                args.push(Value::Hash(Rc::new(hash)));
            }
            let given = args.len() + 1;
            let (min, max) = f.def.arity;
            if given < min || max.is_some_and(|m| given > m) {
                return Err(Fail::Liquid(
                    filters::arity_error(f.def.name, given, f.def.arity),
                    Some(f.at),
                ));
            }
            self.filter_work(&value, f.at)?;
            let mut call = Call {
                name: f.def.name,
                input: value,
                args,
                ctx: &self.filter_ctx,
            };
            let result = (f.def.run)(&mut call);
            call.args.clear();
            self.args = call.args;
            value = match result {
                Ok(v) => v,
                Err(Failure::Liquid(e)) => return Err(Fail::Liquid(e, Some(f.at))),
                Err(Failure::Stop(kind)) => return Err(Fail::Stop(kind, f.at)),
            };
        }
        Ok(value)
    }

    fn eval(&mut self, e: &'a Expr) -> Flow<Value<'a>> {
        Ok(match e {
            Expr::Nil => Value::Nil,
            Expr::Bool(b) => Value::Bool(*b),
            Expr::Int(i) => Value::Int(*i),
            Expr::Float(f) => Value::Float(*f),
            Expr::Str(s) => Value::Str(s),
            Expr::Range(a, b) => Value::Range(*a, *b),
            Expr::DynRange(a, b) => {
                let a = self.eval(a)?;
                let b = self.eval(b)?;
                Value::Range(range_end(&a)?, range_end(&b)?)
            }
            // `blank`/`empty` outside a comparison: Ruby's MethodLiteral prints as ''.
            Expr::Blank | Expr::Empty => Value::Str(""),
            Expr::Var(v) => self.lookup(v)?,
        })
    }

    /// `find_variable`: scopes innermost first, then the render's data.
    fn find_variable(&self, name: &str) -> Value<'a> {
        for scope in self.scopes.iter().rev() {
            if let Some((_, v)) = scope.iter().rev().find(|(k, _)| k == name) {
                return v.clone();
            }
        }
        if let Some(n) = self.counters.get(name) {
            return n.clone();
        }
        self.environment(name).unwrap_or_default()
    }

    /// The subject's variables, then the render context's; a nil falls through (Ruby).
    fn environment(&self, name: &str) -> Option<Value<'a>> {
        let found = match &self.subject {
            Subject::None => None,
            Subject::Globals(map) => json_get(map, name).map(Value::from_json),
            Subject::Values(v) => v.get(name),
            Subject::Braze(user) => braze_namespace(user, name),
        };
        match found {
            Some(v) if !v.is_nil() => Some(v),
            _ => json_get(&self.env.base, name).map(Value::from_json),
        }
    }

    /// `VariableLookup#evaluate`.
    fn lookup(&mut self, v: &'a Var) -> Flow<Value<'a>> {
        let mut object = match &v.root {
            Root::Name(n) => self.find_variable(n),
            Root::Dynamic(e) => match self.eval(e)? {
                Value::Str(s) => self.find_variable(s),
                Value::String(s) => self.find_variable(&s),
                _ => Value::Nil,
            },
            Root::Attribute(tag) => self.attribute(tag),
            Root::Missing => Value::Nil,
        };
        for seg in &v.path {
            let (key, command) = match seg {
                Seg::Key(k, command) => (Value::Str(k), *command),
                Seg::Index(e) => (self.eval(e)?, false),
            };
            object = match step_into(&object, &key, command, self.dialect) {
                Some(next) => next,
                None => return Ok(Value::Nil),
            };
        }
        Ok(object)
    }

    /// `${name}`: the profile field Braze reads for that tag; unknown names are empty.
    fn attribute(&self, tag: &str) -> Value<'a> {
        let Subject::Braze(user) = &self.subject else {
            return Value::Nil;
        };
        match registry::attribute_tag(tag).map(|t| t.source) {
            Some(Source::Profile(field)) => user
                .profile
                .as_object()
                .and_then(|p| json_get(p, field))
                .map(Value::from_json)
                .unwrap_or_default(),
            _ => Value::Nil,
        }
    }

    fn condition(&mut self, cond: &'a Cond) -> Flow<bool> {
        Ok(match cond {
            Cond::Else => true,
            Cond::And(a, b) => self.condition(a)? && self.condition(b)?,
            Cond::Or(a, b) => self.condition(a)? || self.condition(b)?,
            // `blank` alone is an object, and objects are true.
            Cond::Test(Expr::Blank | Expr::Empty) => true,
            Cond::Test(e) => self.eval(e)?.truthy(),
            Cond::Compare(l, op, r) => self.compare(l, op, r)?,
        })
    }

    fn compare(&mut self, l: &'a Expr, op: &str, r: &'a Expr) -> Flow<bool> {
        let method = |e: &Expr| match e {
            Expr::Blank => Some(true),
            Expr::Empty => Some(false),
            _ => None,
        };
        let (lm, rm) = (method(l), method(r));
        let left = if lm.is_some() {
            Value::Nil
        } else {
            self.eval(l)?
        };
        let right = if rm.is_some() {
            Value::Nil
        } else {
            self.eval(r)?
        };
        let equal = |this: &Renderer<'a>| -> bool {
            match (lm, rm) {
                (Some(blank), None) => this.method_literal(blank, &right),
                (_, Some(blank)) if lm.is_none() => this.method_literal(blank, &left),
                // Both are method literals: an object is not blank, and has no `empty?`.
                (Some(_), Some(_)) => false,
                _ => left.ruby_eq(&right),
            }
        };
        match op {
            "==" => Ok(equal(self)),
            "!=" | "<>" => Ok(!equal(self)),
            // `right.to_s` is '' for a method literal: every string contains it.
            "contains" if rm.is_some() => Ok(lm.is_none() && left.kind() == Kind::Str),
            "contains" => Ok(lm.is_none() && contains(&left, &right)),
            "<" | ">" | "<=" | ">=" => {
                if lm.is_some() || rm.is_some() {
                    return Ok(false);
                }
                ordered(&left, op, &right).map_err(|e| Fail::Liquid(e, None))
            }
            _ => Err(Fail::Liquid(
                LiquidError::UnknownOperator { op: op.to_owned() },
                None,
            )),
        }
    }

    /// `x == blank` / `x == empty`: ActiveSupport's `blank?` (Braze, Zendesk and Shopify run
    /// Liquid inside Rails), `empty?` on strings, arrays and hashes.
    fn method_literal(&self, blank: bool, v: &Value<'_>) -> bool {
        if blank {
            v.is_blank()
        } else {
            v.is_empty() == Some(true)
        }
    }

    fn loop_items(&mut self, l: &'a ForLoop, at: usize) -> Flow<Option<(Vec<Value<'a>>, usize)>> {
        let from = match &l.offset {
            Offset::Continue => self
                .for_offsets
                .iter()
                .find(|(name, _)| *name == l.name.as_ref())
                .map_or(0, |(_, at)| *at) as i64,
            Offset::At(e) => match self.eval(e)? {
                Value::Nil => 0,
                v => to_integer(&v)?,
            },
            Offset::None => 0,
        };
        let collection = self.eval(&l.collection)?;
        let to = match &l.limit {
            None => None,
            Some(e) => match self.eval(e)? {
                Value::Nil => None,
                v => Some(to_integer(&v)?.saturating_add(from)),
            },
        };
        // `Utils.slice_collection`: items with `from <= index < to`.
        let len = match &collection {
            Value::Str(_) | Value::String(_) => {
                let empty = collection.as_str().is_some_and(str::is_empty);
                return Ok(Some((
                    if empty { Vec::new() } else { vec![collection] },
                    from.max(0) as usize,
                )));
            }
            other => other.len().filter(|_| !matches!(other.kind(), Kind::Nil)),
        };
        let Some(len) = len else {
            return Ok(Some((Vec::new(), from.max(0) as usize)));
        };
        let start = from.max(0) as usize;
        let end = match to {
            Some(t) => (t.max(0) as usize).min(len),
            None => len,
        };
        if end <= start {
            return Ok(Some((Vec::new(), start)));
        }
        let count = end - start;
        let budget = self.limits.loop_iterations.saturating_sub(self.loops);
        if count as u64 > budget {
            return self.limit(Limit::Loops, self.limits.loop_iterations, at);
        }
        let items = match &collection {
            Value::Range(a, _) => (start..end).map(|i| Value::Int(a + i as i64)).collect(),
            Value::Hash(_) | Value::Json(Json::Object(_)) => collection
                .entries()
                .unwrap_or_default()
                .into_iter()
                .skip(start)
                .take(count)
                .map(|(k, v)| Value::array(vec![Value::string(k.as_ref()), v]))
                .collect(),
            other => (start..end).filter_map(|i| other.index(i as i64)).collect(),
        };
        Ok(Some((items, start)))
    }

    fn for_loop(&mut self, l: &'a ForLoop, at: usize, out: &mut String) -> Flow<()> {
        let Some((mut items, from)) = self.loop_items(l, at)? else {
            return Ok(());
        };
        if l.reversed {
            items.reverse();
        }
        let resume = from + items.len();
        match self
            .for_offsets
            .iter_mut()
            .find(|(name, _)| *name == &*l.name)
        {
            Some(slot) => slot.1 = resume,
            None => self.for_offsets.push((&l.name, resume)),
        }
        if items.is_empty() {
            if let Some(o) = &l.otherwise {
                self.block(o, out)?;
            }
            return Ok(());
        }
        let len = items.len() as i64;
        // The enclosing loop's `forloop`: the first entry of the innermost loop scope that
        // has one (a `tablerow`'s scope has its `tablerowloop` there instead).
        let parent = self.scopes[1..]
            .iter()
            .rev()
            .find_map(|scope| match scope.first() {
                Some((key, forloop)) if key == "forloop" => Some(forloop.clone()),
                _ => None,
            })
            .unwrap_or_default();
        // `forloop`'s keys, shared by every iteration instead of allocated for each.
        let keys = FORLOOP_KEYS.with(Clone::clone);
        self.scopes.push(Vec::with_capacity(2));
        let result = (|| {
            for (i, item) in items.into_iter().enumerate() {
                self.loops += 1;
                if self.loops > self.limits.loop_iterations {
                    return self.limit(Limit::Loops, self.limits.loop_iterations, at);
                }
                let i = i as i64;
                let [
                    name,
                    length,
                    index,
                    index0,
                    rindex,
                    rindex0,
                    first,
                    last,
                    parentloop,
                ] = keys.clone();
                let forloop = Value::Hash(Rc::new(vec![
                    (name, Value::Str(&l.name)),
                    (length, Value::Int(len)),
                    (index, Value::Int(i + 1)),
                    (index0, Value::Int(i)),
                    (rindex, Value::Int(len - i)),
                    (rindex0, Value::Int(len - i - 1)),
                    (first, Value::Bool(i == 0)),
                    (last, Value::Bool(i == len - 1)),
                    (parentloop, parent.clone()),
                ]));
                let scope = self.scopes.last_mut().expect("the loop's scope");
                scope.clear();
                scope.push((Cow::Borrowed("forloop"), forloop));
                scope.push((Cow::Borrowed(&l.var), item));
                self.block(&l.body, out)?;
                match self.interrupt.take() {
                    Some(Interrupt::Break) => break,
                    Some(Interrupt::Continue) | None => {}
                }
            }
            Ok(())
        })();
        self.scopes.pop();
        result
    }

    fn table_row(&mut self, l: &'a ForLoop, at: usize, out: &mut String) -> Flow<()> {
        let collection = self.eval(&l.collection)?;
        if !collection.truthy() {
            return Ok(());
        }
        let to_i = |v: Value<'_>| -> i64 {
            match v {
                Value::Int(i) => i,
                Value::Float(f) => f as i64,
                Value::Str(_) | Value::String(_) => {
                    super::number::string_to_i(v.as_str().unwrap_or(""))
                }
                _ => 0,
            }
        };
        let from = match &l.offset {
            Offset::At(e) => to_i(self.eval(e)?),
            _ => 0,
        };
        let to = match &l.limit {
            Some(e) => Some(from.saturating_add(to_i(self.eval(e)?))),
            None => None,
        };
        let cols_given = match &l.cols {
            Some(e) => Some(to_i(self.eval(e)?)),
            None => None,
        };
        let items: Vec<Value<'a>> = match &collection {
            // `slice_collection_using_each`: a string is one item, an empty one none.
            Value::Str(_) | Value::String(_) if collection.as_str().is_some_and(str::is_empty) => {
                Vec::new()
            }
            Value::Str(_) | Value::String(_) => vec![collection.clone()],
            other => {
                let len = other.len().unwrap_or(0);
                let start = from.max(0) as usize;
                let end = to.map_or(len, |t| (t.max(0) as usize).min(len));
                if end.saturating_sub(start) as u64 > self.limits.loop_iterations {
                    return self.limit(Limit::Loops, self.limits.loop_iterations, at);
                }
                match other {
                    // A hash yields its `[key, value]` pairs.
                    Value::Hash(_) | Value::Json(Json::Object(_)) => other
                        .entries()
                        .unwrap_or_default()
                        .into_iter()
                        .skip(start)
                        .take(end.saturating_sub(start))
                        .map(|(k, v)| Value::array(vec![Value::string(k.as_ref()), v]))
                        .collect(),
                    _ => (start..end.max(start))
                        .filter_map(|i| other.index(i as i64))
                        .collect(),
                }
            }
        };
        let len = items.len() as i64;
        // Ruby 5.4 reads a missing `cols` as 0 (never the last column); current Liquid as all.
        let cols = cols_given.unwrap_or(if self.dialect == Dialect::Liquid {
            len
        } else {
            0
        });
        out.push_str("<tr class=\"row1\">\n");
        let (mut col, mut row) = (1i64, 1i64);
        self.scopes.push(Vec::new());
        let result = (|| {
            for (i, item) in items.into_iter().enumerate() {
                self.loops += 1;
                if self.loops > self.limits.loop_iterations {
                    return self.limit(Limit::Loops, self.limits.loop_iterations, at);
                }
                let i = i as i64;
                let drop = Value::Hash(Rc::new(vec![
                    ("length".into(), Value::Int(len)),
                    ("index".into(), Value::Int(i + 1)),
                    ("index0".into(), Value::Int(i)),
                    ("rindex".into(), Value::Int(len - i)),
                    ("rindex0".into(), Value::Int(len - i - 1)),
                    ("first".into(), Value::Bool(i == 0)),
                    ("last".into(), Value::Bool(i == len - 1)),
                    ("col".into(), Value::Int(col)),
                    ("col0".into(), Value::Int(col - 1)),
                    ("row".into(), Value::Int(row)),
                    ("col_first".into(), Value::Bool(col == 1)),
                    ("col_last".into(), Value::Bool(col == cols)),
                ]));
                let scope = self.scopes.last_mut().expect("the loop's scope");
                scope.clear();
                scope.push((Cow::Borrowed("tablerowloop"), drop));
                scope.push((Cow::Borrowed(&l.var), item));
                out.push_str(&format!("<td class=\"col{col}\">"));
                self.block(&l.body, out)?;
                out.push_str("</td>");
                if col == cols && i != len - 1 {
                    out.push_str(&format!("</tr>\n<tr class=\"row{}\">", row + 1));
                }
                if col == cols {
                    col = 1;
                    row += 1;
                } else {
                    col += 1;
                }
                if self
                    .interrupt
                    .take()
                    .is_some_and(|i| matches!(i, Interrupt::Break))
                {
                    break;
                }
            }
            Ok(())
        })();
        self.scopes.pop();
        result?;
        out.push_str("</tr>\n");
        Ok(())
    }

    /// `connected_content` against the mocks. Braze's documented handling of an answer
    /// (docs/braze-liquid.md, "Braze's tags"): a 2xx answer is used; a 404 renders an empty
    /// string and saves nothing; with `:retry`, any other error status is retried up to five
    /// times and then aborts the message; without it, rendering goes on with the answer's JSON
    /// saved (its `__http_status_code__` tells the template's own abort logic) and an error
    /// page's text left out. No mock: Braze would fetch at send time; the preview renders
    /// nothing. Every case but a 2xx answer is reported as a notice.
    fn connected_content(&mut self, args: &str, at: usize, out: &mut String) -> Flow<()> {
        let (url, options) = connected_content_options(args);
        let option = |n: &str| options.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
        let method = option("method")
            .unwrap_or_else(|| "get".into())
            .to_ascii_uppercase();
        let env = self.env;
        let at = self.anchor.unwrap_or(at);
        let response = env
            .connected_content
            .get(&format!("{method} {url}"))
            .or_else(|| env.connected_content.get(&url));
        let Some(response) = response else {
            self.notices
                .push((at, ErrorKind::ConnectedContentNoMock { url: url.clone() }));
            return Ok(());
        };
        let success = (200..300).contains(&response.status);
        let retry = option("retry").is_some();
        if !success {
            self.notices.push((
                at,
                ErrorKind::ConnectedContentStatus {
                    url: url.clone(),
                    status: response.status,
                    retry,
                },
            ));
            if response.status == 404 {
                return Ok(());
            }
            if retry {
                // Five retries of the same mock answer the same: the message is aborted.
                return Err(Fail::Abort(None));
            }
        }
        let save = option("save").filter(|s| !s.is_empty());
        match (&response.body, save) {
            (Json::String(text), None) => {
                if success {
                    out.push_str(text);
                }
            }
            (body, save) => {
                let mut value = Value::from_json(body);
                if let Some(entries) = value.entries() {
                    let mut hash: Vec<(Rc<str>, Value<'a>)> = entries
                        .into_iter()
                        .map(|(k, v)| (Rc::from(k.as_ref()), v))
                        .collect();
                    hash.push((
                        "__http_status_code__".into(),
                        Value::Int(response.status as i64),
                    ));
                    value = Value::Hash(Rc::new(hash));
                }
                let name = save.unwrap_or_else(|| "connected".into());
                self.assign(Cow::Owned(name), value);
            }
        }
        Ok(())
    }

    fn catalog_items(&mut self, args: &str, at: usize) -> Flow<()> {
        let mut words = args.split_whitespace();
        let Some(catalog) = words.next() else {
            return self.stop(ErrorKind::CatalogItemsArguments, at);
        };
        let table = self.env.catalogs.get(catalog);
        let items: Vec<Value<'a>> = words
            .filter_map(|id| match table {
                Some(Json::Object(by_id)) => by_id.get(id).map(Value::from_json),
                Some(Json::Array(rows)) => rows
                    .iter()
                    .find(|r| {
                        r.get("id").is_some_and(|v| {
                            v.as_str() == Some(id)
                                || v.as_i64().is_some_and(|n| n.to_string() == id)
                        })
                    })
                    .map(Value::from_json),
                _ => None,
            })
            .collect();
        self.assign(Cow::Borrowed("items"), Value::array(items));
        Ok(())
    }

    fn content_block(&mut self, name: &str, at: usize, out: &mut String) -> Flow<()> {
        let env = self.env;
        let Some(block) = env.content_blocks.get(name) else {
            return self.stop(
                ErrorKind::ContentBlockMissing {
                    name: name.to_owned(),
                },
                at,
            );
        };
        if self.block_depth >= MAX_BLOCK_DEPTH {
            return self.stop(
                ErrorKind::ContentBlockTooDeep {
                    name: name.to_owned(),
                },
                at,
            );
        }
        self.block_depth += 1;
        self.capturing += 1;
        let anchor = self.anchor.replace(self.anchor.unwrap_or(at));
        let result = self.block(&block.root, out);
        self.anchor = anchor;
        self.capturing -= 1;
        self.block_depth -= 1;
        result.map_err(|e| match e {
            Fail::Stop(kind, inner_at) => {
                let (line, col) = block.line_col(inner_at);
                Fail::Stop(
                    ErrorKind::InContentBlock {
                        name: name.to_owned(),
                        line,
                        col,
                        inner: Box::new(kind),
                    },
                    at,
                )
            }
            other => other,
        })
    }
}

/// One step of `VariableLookup#evaluate`: `object[key]` when the object has that key (or is an
/// array and the key an integer), else `size`/`first`/`last` as methods.
fn step_into<'a>(
    object: &Value<'a>,
    key: &Value<'a>,
    command: bool,
    dialect: Dialect,
) -> Option<Value<'a>> {
    match object.kind() {
        Kind::Hash => {
            if let Some(k) = key.as_str()
                && let Some(v) = object.get(k)
            {
                return Some(v);
            }
        }
        Kind::Array if !matches!(object, Value::Range(..)) => {
            if let Value::Int(i) = key {
                return Some(object.index(*i).unwrap_or_default());
            }
        }
        _ => {}
    }
    if !command {
        return None;
    }
    match (key.as_str()?, object.kind()) {
        ("size", Kind::Str) => Some(Value::Int(object.as_str()?.chars().count() as i64)),
        ("size", Kind::Int) => Some(Value::Int(8)),
        ("size", Kind::Array | Kind::Hash | Kind::Range) => Some(Value::Int(object.len()? as i64)),
        ("first", Kind::Array | Kind::Range | Kind::Hash) => {
            Some(filters::standard::first_or_last(object, true, dialect))
        }
        ("last", Kind::Array | Kind::Range) => {
            Some(filters::standard::first_or_last(object, false, dialect))
        }
        // ActiveSupport's `String#first`/`#last`.
        ("first" | "last", Kind::Str) => Some(filters::standard::first_or_last(
            object,
            key.as_str()? == "first",
            dialect,
        )),
        _ => None,
    }
}

/// `Condition`'s `contains`: `left && right && left.include?(right)`.
fn contains(left: &Value<'_>, right: &Value<'_>) -> bool {
    if !left.truthy() || !right.truthy() {
        return false;
    }
    match left.kind() {
        Kind::Str => left
            .as_str()
            .is_some_and(|s| s.contains(right.to_s().as_ref())),
        Kind::Array => left
            .items()
            .unwrap_or_default()
            .iter()
            .any(|x| x.ruby_eq(right)),
        Kind::Hash => right.as_str().is_some_and(|k| left.get(k).is_some()),
        Kind::Range => match (left, right) {
            (Value::Range(a, b), Value::Int(x)) => a <= x && x <= b,
            (Value::Range(a, b), Value::Float(x)) => (*a as f64) <= *x && *x <= (*b as f64),
            _ => false,
        },
        _ => false,
    }
}

/// `<`, `>`, `<=`, `>=`: numbers with numbers, strings with strings; a number and a string
/// raise Ruby's `ArgumentError`; anything else (nil, booleans, arrays) is false.
fn ordered(left: &Value<'_>, op: &str, right: &Value<'_>) -> Result<bool, LiquidError> {
    let comparable = |v: &Value<'_>| matches!(v.kind(), Kind::Int | Kind::Float | Kind::Str);
    if !comparable(left) || !comparable(right) {
        return Ok(false);
    }
    let Some(ord) = left.ruby_cmp(right) else {
        let numeric = |v: &Value<'_>| matches!(v.kind(), Kind::Int | Kind::Float);
        if numeric(left) && numeric(right) {
            // NaN compares false.
            return Ok(false);
        }
        let right_name = if numeric(left) {
            right.class_name().to_owned()
        } else {
            right.inspect()
        };
        return Err(LiquidError::Comparison {
            left: left.class_name().to_owned(),
            right: right_name,
        });
    };
    use std::cmp::Ordering::*;
    Ok(match op {
        "<" => ord == Less,
        ">" => ord == Greater,
        "<=" => ord != Greater,
        _ => ord != Less,
    })
}

/// `Utils.to_integer`.
fn to_integer(v: &Value<'_>) -> Flow<i64> {
    filters::standard::to_integer(v).map_err(|e| match e {
        Failure::Liquid(e) => Fail::Liquid(e, None),
        Failure::Stop(kind) => Fail::Stop(kind, 0),
    })
}

/// `RangeLookup#to_integer`: integers as they are, nil and strings by `to_i`, else strictly.
fn range_end(v: &Value<'_>) -> Flow<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Nil => Ok(0),
        Value::Str(_) | Value::String(_) => {
            Ok(super::number::string_to_i(v.as_str().unwrap_or("")))
        }
        other => to_integer(other),
    }
}

/// Braze's namespaces that come from the user: custom attributes, devices, subscriptions.
fn braze_namespace<'a>(user: &'a BrazeUser<'a>, name: &str) -> Option<Value<'a>> {
    static EMPTY: std::sync::OnceLock<Json> = std::sync::OnceLock::new();
    let empty = EMPTY.get_or_init(|| Json::Object(serde_json::Map::new()));
    match name {
        "custom_attribute" => Some(Value::from_json(
            user.profile
                .as_object()
                .and_then(|p| json_get(p, "custom_attributes"))
                .unwrap_or(empty),
        )),
        "most_recently_used_device" | "targeted_device" => {
            let (recent, targeted) = user
                .devices
                .get_or_init(|| super::braze::devices(user.profile));
            Some(Value::from_json(if name == "targeted_device" {
                targeted
            } else {
                recent
            }))
        }
        "subscribed_state" => {
            Some(Value::from_json(user.subscribed.get_or_init(|| {
                super::braze::subscribed_state(user.profile)
            })))
        }
        _ => None,
    }
}

/// `URL :option value :flag ...` → the URL and its options.
pub fn connected_content_options(args: &str) -> (String, Vec<(String, String)>) {
    let args = args.trim();
    let (url, mut rest) = args.split_once(char::is_whitespace).unwrap_or((args, ""));
    let mut options = Vec::new();
    while let Some(start) = rest.find(':') {
        rest = &rest[start + 1..];
        let name_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let name = rest[..name_end].to_owned();
        rest = &rest[name_end..];
        // A value runs to the next ` :option`.
        let value_end = next_option(rest).unwrap_or(rest.len());
        options.push((name, rest[..value_end].trim().to_owned()));
        rest = &rest[value_end..];
    }
    (url.to_owned(), options)
}

fn next_option(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    (0..bytes.len()).find(|&i| {
        bytes[i] == b':'
            && (i == 0 || bytes[i - 1].is_ascii_whitespace())
            && bytes.get(i + 1).is_some_and(|c| c.is_ascii_lowercase())
    })
}

impl Compiled {
    pub(crate) fn line_col(&self, offset: usize) -> (usize, usize) {
        self.lines
            .get_or_init(|| super::source_map::LineIndex::new(&self.source))
            .line_col(&self.source, offset.min(self.source.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connected_content_arguments() {
        let (url, opts) = connected_content_options(
            "https://api.example.com/u/42?x=1 :save profile :method post :headers {\"A\": \"b c\"} :no_cache",
        );
        assert_eq!(url, "https://api.example.com/u/42?x=1");
        assert_eq!(
            opts,
            vec![
                ("save".into(), "profile".into()),
                ("method".into(), "post".into()),
                ("headers".into(), "{\"A\": \"b c\"}".into()),
                ("no_cache".into(), "".into()),
            ]
        );
    }
}
