//! Standard Liquid filters with Shopify's Ruby semantics, replacing liquid-lib's where they
//! differ: lenient number coercion (`"abc" | plus: 1` is 1), floats that stay floats, array
//! filters that accept any input the way Ruby's `InputIterator` does, and `to_s` rendering.

use std::cmp::Ordering;

use liquid_core::model::{Value, ValueView};
use liquid_core::{Result, Runtime};

use super::standard::sorted_entries;
use super::{Args, FnFilter, fail};

pub const FILTERS: &[FnFilter] = &[
    FnFilter::new("plus", 1, 1, |v, a, _| arith(v, a, Op::Plus)),
    FnFilter::new("minus", 1, 1, |v, a, _| arith(v, a, Op::Minus)),
    FnFilter::new("times", 1, 1, |v, a, _| arith(v, a, Op::Times)),
    FnFilter::new("divided_by", 1, 1, |v, a, _| arith(v, a, Op::Divide)),
    FnFilter::new("modulo", 1, 1, |v, a, _| arith(v, a, Op::Modulo)),
    FnFilter::new("abs", 0, 0, |v, _, _| Ok(num_value(num(v).abs()))),
    FnFilter::new("ceil", 0, 0, |v, _, _| {
        Ok(Value::scalar(num(v).as_f64().ceil() as i64))
    }),
    FnFilter::new("floor", 0, 0, |v, _, _| {
        Ok(Value::scalar(num(v).as_f64().floor() as i64))
    }),
    FnFilter::new("round", 0, 1, round),
    FnFilter::new("at_least", 1, 1, |v, a, _| {
        let (x, y) = (num(v), arg_num(a, 0));
        Ok(num_value(if y.as_f64() > x.as_f64() { y } else { x }))
    }),
    FnFilter::new("at_most", 1, 1, |v, a, _| {
        let (x, y) = (num(v), arg_num(a, 0));
        Ok(num_value(if y.as_f64() < x.as_f64() { y } else { x }))
    }),
    FnFilter::new("first", 0, 0, |v, _, _| Ok(first_last(v, true))),
    FnFilter::new("last", 0, 0, |v, _, _| Ok(first_last(v, false))),
    FnFilter::new("join", 0, 1, join),
    FnFilter::new("reverse", 0, 0, |v, _, _| {
        let mut items = input_items(v);
        items.reverse();
        Ok(Value::Array(items))
    }),
    FnFilter::new("compact", 0, 1, compact),
    FnFilter::new("uniq", 0, 1, uniq),
    FnFilter::new("map", 1, 1, map),
    FnFilter::new("concat", 1, 1, concat),
    FnFilter::new("sort", 0, 1, |v, a, _| sort(v, a, false)),
    FnFilter::new("sort_natural", 0, 1, |v, a, _| sort(v, a, true)),
    FnFilter::new("sum", 0, 1, sum),
    FnFilter::new("where", 1, 2, |v, a, _| {
        select(v, a, Vec::new(), |items, pred| {
            Ok(Some(keep(items, pred, true)?))
        })
    }),
    FnFilter::new("reject", 1, 2, |v, a, _| {
        select(v, a, Vec::new(), |items, pred| {
            Ok(Some(keep(items, pred, false)?))
        })
    }),
    FnFilter::new("has", 1, 2, has),
    FnFilter::new("find", 1, 2, |v, a, _| {
        found(v, a).map(|hit| hit.map(|(_, item)| item).unwrap_or(Value::Nil))
    }),
    FnFilter::new("find_index", 1, 2, |v, a, _| {
        found(v, a).map(|hit| {
            hit.map(|(i, _)| Value::scalar(i as i64))
                .unwrap_or(Value::Nil)
        })
    }),
    FnFilter::new("split", 1, 1, split),
    FnFilter::new(RANGE, 1, 1, range),
    FnFilter::new("slice", 1, 2, slice),
    FnFilter::new("truncatewords", 0, 2, truncatewords),
    FnFilter::new("replace_last", 2, 2, |v, a, _| {
        Ok(replace_last(v, a, &text_arg(a, 1)))
    }),
    FnFilter::new("remove_last", 1, 1, |v, a, _| Ok(replace_last(v, a, ""))),
    FnFilter::new("replace", 1, 2, |v, a, _| {
        Ok(Value::scalar(
            to_s(v).replace(&text_arg(a, 0), &text_arg(a, 1)),
        ))
    }),
    FnFilter::new("newline_to_br", 0, 0, |v, _, _| {
        Ok(Value::scalar(
            to_s(v).replace("\r\n", "\n").replace('\n', "<br />\n"),
        ))
    }),
];

/// The filter the rewriter turns a range literal `(a..b)` outside `for` into.
pub const RANGE: &str = "zb_range";

/// Ruby's `(a..b).to_a` with Liquid's integer coercion; capped so a typo cannot eat memory.
fn range(v: &dyn ValueView, args: &Args, _: &dyn Runtime) -> Result<Value> {
    let bound = |n: Num| match n {
        Num::Int(i) => i,
        Num::Float(f, _) => f as i64,
    };
    let (start, end) = (bound(num(v)), bound(arg_num(args, 0)));
    if end.saturating_sub(start) > 1_000_000 {
        return fail(format!("range ({start}..{end}) is too large"));
    }
    Ok(Value::Array((start..=end).map(Value::scalar).collect()))
}

/// The filter the rewriter appends to every `{{ }}` so output is rendered as Ruby's `to_s`.
pub const RENDER: &str = "zb_to_s";

/// `zb_to_s`: knows which output it ends (its filter number) so traced renders can mark it.
#[derive(Clone, Debug, Default)]
pub struct RenderFilter;

impl liquid_core::parser::FilterReflection for RenderFilter {
    fn name(&self) -> &str {
        RENDER
    }
    fn description(&self) -> &str {
        "Ruby's to_s of the output"
    }
    fn positional_parameters(&self) -> &'static [liquid_core::parser::ParameterReflection] {
        &[]
    }
    fn keyword_parameters(&self) -> &'static [liquid_core::parser::ParameterReflection] {
        &[]
    }
}

impl liquid_core::parser::ParseFilter for RenderFilter {
    fn parse(
        &self,
        _: liquid_core::parser::FilterArguments<'_>,
    ) -> Result<Box<dyn liquid_core::Filter>> {
        Ok(Box::new(BoundRender {
            ordinal: crate::template::parsing_filter_ordinal(),
        }))
    }
    fn reflection(&self) -> &dyn liquid_core::parser::FilterReflection {
        self
    }
}

#[derive(Debug)]
struct BoundRender {
    ordinal: usize,
}

impl std::fmt::Display for BoundRender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(RENDER)
    }
}

impl liquid_core::Filter for BoundRender {
    fn evaluate(&self, input: &dyn ValueView, runtime: &dyn Runtime) -> Result<Value> {
        let text = to_s(input);
        let session = runtime
            .registers()
            .get_mut::<crate::template::session::Session>();
        Ok(Value::scalar(if session.trace && session.capturing == 0 {
            crate::template::trace::mark(self.ordinal, &text)
        } else {
            text
        }))
    }
}

/// Ruby's string form of a value: floats keep `.0`, arrays join, hashes inspect.
pub fn to_s(v: &dyn ValueView) -> String {
    let mut out = String::new();
    write_to_s(v, &mut out);
    out
}

fn write_to_s(v: &dyn ValueView, out: &mut String) {
    if let Some(a) = v.as_array() {
        for item in a.values() {
            write_to_s(item, out);
        }
    } else if v.as_object().is_some() {
        out.push_str(&inspect(v));
    } else if let Some(f) = float_of(v) {
        out.push_str(&float_text(f));
    } else {
        out.push_str(&v.to_kstr());
    }
}

/// Ruby's `inspect`, as hashes print inside output: `{"a"=>1, "b"=>[1, 2]}`.
fn inspect(v: &dyn ValueView) -> String {
    if let Some(o) = v.as_object() {
        let parts: Vec<String> = sorted_entries(o)
            .into_iter()
            .map(|(k, v)| format!("{:?}=>{}", k.as_str(), inspect(v)))
            .collect();
        return format!("{{{}}}", parts.join(", "));
    }
    if let Some(a) = v.as_array() {
        let parts: Vec<String> = a.values().map(inspect).collect();
        return format!("[{}]", parts.join(", "));
    }
    if v.is_nil() {
        return "nil".into();
    }
    if let Some(s) = v.as_scalar()
        && s.type_name() == "string"
    {
        return format!("{:?}", s.to_kstr().as_str());
    }
    to_s(v)
}

fn float_of(v: &dyn ValueView) -> Option<f64> {
    let s = v.as_scalar()?;
    if s.type_name() == "fractional number" {
        s.to_float()
    } else {
        None
    }
}

fn float_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e16 {
        format!("{f:.1}")
    } else if f.is_nan() {
        "NaN".into()
    } else if f.is_infinite() {
        if f > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        }
    } else {
        format!("{f}")
    }
}

/// A Ruby number: integers stay integers, and a float remembers how many decimals it was written
/// with so that `10.1 - 2.2` gives `7.9` as Liquid's BigDecimal arithmetic does.
#[derive(Debug, Clone, Copy)]
enum Num {
    Int(i64),
    Float(f64, u32),
}

impl Num {
    fn as_f64(self) -> f64 {
        match self {
            Num::Int(i) => i as f64,
            Num::Float(f, _) => f,
        }
    }
    fn abs(self) -> Num {
        match self {
            Num::Int(i) => Num::Int(i.abs()),
            Num::Float(f, d) => Num::Float(f.abs(), d),
        }
    }
    fn decimals(self) -> u32 {
        match self {
            Num::Int(_) => 0,
            Num::Float(_, d) => d,
        }
    }
}

fn decimals_of(text: &str) -> u32 {
    text.split_once('.').map_or(0, |(_, f)| {
        f.trim_end_matches(|c: char| !c.is_ascii_digit()).len() as u32
    })
}

/// `Utils.to_number`: numbers as they are; strings `-?\d+\.\d+` as decimals, others by their
/// leading integer (`"10abc"` is 10, `"foo"` is 0); anything else 0.
fn num(v: &dyn ValueView) -> Num {
    let Some(s) = v.as_scalar() else {
        return Num::Int(0);
    };
    match s.type_name() {
        "whole number" => return Num::Int(s.to_integer().unwrap_or(0)),
        "fractional number" => {
            let f = s.to_float().unwrap_or(0.0);
            return Num::Float(f, decimals_of(&format!("{f}")));
        }
        "string" => {}
        _ => return Num::Int(0),
    }
    let text = s.to_kstr();
    let t = text.trim();
    let body = t.strip_prefix('-').unwrap_or(t);
    if let Some((i, f)) = body.split_once('.')
        && !i.is_empty()
        && !f.is_empty()
        && i.bytes().all(|b| b.is_ascii_digit())
        && f.bytes().all(|b| b.is_ascii_digit())
    {
        return Num::Float(t.parse().unwrap_or(0.0), f.len() as u32);
    }
    let digits: String = t
        .char_indices()
        .take_while(|(i, c)| c.is_ascii_digit() || (*i == 0 && (*c == '-' || *c == '+')))
        .map(|(_, c)| c)
        .collect();
    Num::Int(digits.parse().unwrap_or(0))
}

fn arg_num(args: &Args, i: usize) -> Num {
    args.get(i).map_or(Num::Int(0), |v| num(v))
}

fn num_value(n: Num) -> Value {
    match n {
        Num::Int(i) => Value::scalar(i),
        Num::Float(f, _) => Value::scalar(f),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Op {
    Plus,
    Minus,
    Times,
    Divide,
    Modulo,
}

fn round_to(f: f64, decimals: u32) -> f64 {
    let p = 10f64.powi(decimals.min(15) as i32);
    (f * p).round() / p
}

fn arith(v: &dyn ValueView, args: &Args, op: Op) -> Result<Value> {
    let (a, b) = (num(v), arg_num(args, 0));
    if let (Num::Int(x), Num::Int(y)) = (a, b) {
        let r = match op {
            Op::Plus => x.checked_add(y),
            Op::Minus => x.checked_sub(y),
            Op::Times => x.checked_mul(y),
            Op::Divide | Op::Modulo if y == 0 => return fail("divided by 0"),
            Op::Divide => Some(
                x.div_euclid(y)
                    - if (x.rem_euclid(y) != 0) && (y < 0) {
                        1
                    } else {
                        0
                    },
            ),
            Op::Modulo => Some(x - y * (x as f64 / y as f64).floor() as i64),
        };
        return match r {
            Some(r) => Ok(Value::scalar(r)),
            None => Ok(Value::scalar(apply(x as f64, y as f64, op))),
        };
    }
    let (x, y) = (a.as_f64(), b.as_f64());
    if matches!(op, Op::Divide | Op::Modulo) && y == 0.0 {
        return fail("divided by 0");
    }
    let raw = apply(x, y, op);
    let decimals = match op {
        Op::Plus | Op::Minus | Op::Modulo => a.decimals().max(b.decimals()),
        Op::Times => a.decimals() + b.decimals(),
        Op::Divide => return Ok(Value::scalar(raw)),
    };
    Ok(Value::scalar(round_to(raw, decimals.max(1))))
}

fn apply(x: f64, y: f64, op: Op) -> f64 {
    match op {
        Op::Plus => x + y,
        Op::Minus => x - y,
        Op::Times => x * y,
        Op::Divide => x / y,
        Op::Modulo => x - y * (x / y).floor(),
    }
}

fn round(v: &dyn ValueView, args: &Args, _: &dyn Runtime) -> Result<Value> {
    let places = match args.get(0).map(|a| num(a)) {
        Some(Num::Int(i)) => i,
        Some(Num::Float(f, _)) => f as i64,
        None => 0,
    };
    let n = num(v);
    if places <= 0 {
        let p = 10f64.powi((-places).min(300) as i32);
        let r = (n.as_f64() / p).round() * p;
        return Ok(Value::scalar(r as i64));
    }
    match n {
        Num::Int(i) => Ok(Value::scalar(i)),
        Num::Float(f, _) => Ok(Value::scalar(round_to(f, places as u32))),
    }
}

/// Ruby's `InputIterator`: arrays flattened, a hash as one item, nil as nothing, others as one.
fn input_items(v: &dyn ValueView) -> Vec<Value> {
    let mut out = Vec::new();
    if v.is_nil() {
        return out;
    }
    match v.as_array() {
        Some(a) => flatten_into(a.values(), &mut out),
        None => out.push(v.to_value()),
    }
    out
}

fn flatten_into<'a>(items: impl Iterator<Item = &'a dyn ValueView>, out: &mut Vec<Value>) {
    for item in items {
        match item.as_array() {
            Some(a) => flatten_into(a.values(), out),
            None => out.push(item.to_value()),
        }
    }
}

fn first_last(v: &dyn ValueView, first: bool) -> Value {
    if let Some(a) = v.as_array() {
        let item = if first { a.first() } else { a.last() };
        return item.map(|i| i.to_value()).unwrap_or(Value::Nil);
    }
    if first && let Some(o) = v.as_object() {
        return sorted_entries(o)
            .into_iter()
            .next()
            .map(|(k, v)| Value::Array(vec![Value::scalar(k.to_string()), v.to_value()]))
            .unwrap_or(Value::Nil);
    }
    Value::Nil
}

fn join(v: &dyn ValueView, args: &Args, _: &dyn Runtime) -> Result<Value> {
    let Some(a) = v.as_array() else {
        return Ok(Value::scalar(to_s(v)));
    };
    let sep = match args.get(0) {
        None => " ".to_owned(),
        Some(s) => to_s(s),
    };
    let mut items = Vec::new();
    flatten_into(a.values(), &mut items);
    Ok(Value::scalar(
        items.iter().map(|i| to_s(i)).collect::<Vec<_>>().join(&sep),
    ))
}

fn property<'a>(item: &'a Value, prop: &Value) -> Option<&'a dyn ValueView> {
    item.as_object().and_then(|o| o.get(&prop.to_kstr()))
}

fn compact(v: &dyn ValueView, args: &Args, _: &dyn Runtime) -> Result<Value> {
    let items = input_items(v);
    let kept = match args.get(0).filter(|p| !p.is_nil()) {
        Some(prop) => items
            .into_iter()
            .filter(|i| property(i, prop).is_some_and(|p| !p.is_nil()))
            .collect(),
        None => items.into_iter().filter(|i| !i.is_nil()).collect(),
    };
    Ok(Value::Array(kept))
}

fn uniq(v: &dyn ValueView, args: &Args, _: &dyn Runtime) -> Result<Value> {
    let prop = args.get(0).filter(|p| !p.is_nil());
    let mut seen: Vec<Value> = Vec::new();
    let mut kept = Vec::new();
    for item in input_items(v) {
        let key = match prop {
            Some(p) => property(&item, p)
                .map(|x| x.to_value())
                .unwrap_or(Value::Nil),
            None => item.clone(),
        };
        if !seen.iter().any(|s| ruby_eq(s, &key)) {
            seen.push(key);
            kept.push(item);
        }
    }
    Ok(Value::Array(kept))
}

fn map(v: &dyn ValueView, args: &Args, _: &dyn Runtime) -> Result<Value> {
    let prop = args.get(0).cloned().unwrap_or(Value::Nil);
    if prop.is_nil() {
        return Ok(Value::Array(Vec::new()));
    }
    let mut out = Vec::new();
    for item in input_items(v) {
        if item.as_object().is_none() {
            return fail(format!(
                "cannot select the property `{}` of {}",
                prop.to_kstr(),
                inspect(&item)
            ));
        }
        out.push(
            property(&item, &prop)
                .map(|x| x.to_value())
                .unwrap_or(Value::Nil),
        );
    }
    Ok(Value::Array(out))
}

fn concat(v: &dyn ValueView, args: &Args, _: &dyn Runtime) -> Result<Value> {
    let other = args.get(0).cloned().unwrap_or(Value::Nil);
    if other.as_array().is_none() {
        return fail("concat expects an array argument");
    }
    let mut items = input_items(v);
    items.extend(input_items(&other));
    Ok(Value::Array(items))
}

fn sort(v: &dyn ValueView, args: &Args, natural: bool) -> Result<Value> {
    if v.is_nil() {
        return Ok(Value::Array(Vec::new()));
    }
    if v.as_array().is_none() {
        return Ok(v.to_value());
    }
    let mut items = input_items(v);
    let prop = args.get(0).filter(|p| !p.is_nil()).cloned();
    let key = |item: &Value| -> Value {
        match &prop {
            Some(p) => property(item, p)
                .map(|x| x.to_value())
                .unwrap_or(Value::Nil),
            None => item.clone(),
        }
    };
    if natural {
        // Ruby sorts by `to_s.downcase`; nil keys go last.
        items.sort_by_cached_key(|i| {
            let k = key(i);
            (k.is_nil(), to_s(&k).to_lowercase())
        });
        return Ok(Value::Array(items));
    }
    let mut error = None;
    items.sort_by(|a, b| {
        let (ka, kb) = (key(a), key(b));
        match (ka.is_nil(), kb.is_nil()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            _ => ruby_cmp(&ka, &kb).unwrap_or_else(|| {
                error = Some(format!(
                    "cannot compare {} with {}",
                    inspect(&ka),
                    inspect(&kb)
                ));
                Ordering::Equal
            }),
        }
    });
    match error {
        Some(e) => fail(e),
        None => Ok(Value::Array(items)),
    }
}

/// Ruby's `<=>` for numbers and strings; other pairs do not compare.
fn ruby_cmp(a: &Value, b: &Value) -> Option<Ordering> {
    let (sa, sb) = (a.as_scalar()?, b.as_scalar()?);
    let numeric = |t: &str| t == "whole number" || t == "fractional number";
    match (sa.type_name(), sb.type_name()) {
        (x, y) if numeric(x) && numeric(y) => num(a).as_f64().partial_cmp(&num(b).as_f64()),
        ("string", "string") => Some(sa.to_kstr().as_str().cmp(sb.to_kstr().as_str())),
        _ => None,
    }
}

/// Ruby's `==`: numbers by value (1 == 1.0), otherwise same type and same value.
fn ruby_eq(a: &Value, b: &Value) -> bool {
    if a.is_nil() || b.is_nil() {
        return a.is_nil() && b.is_nil();
    }
    match (a.as_scalar(), b.as_scalar()) {
        (Some(sa), Some(sb)) => {
            let numeric = |t: &str| t == "whole number" || t == "fractional number";
            if numeric(sa.type_name()) && numeric(sb.type_name()) {
                return num(a).as_f64() == num(b).as_f64();
            }
            sa.type_name() == sb.type_name() && sa.to_kstr() == sb.to_kstr()
        }
        _ => a == b,
    }
}

fn sum(v: &dyn ValueView, args: &Args, _: &dyn Runtime) -> Result<Value> {
    let prop = args.get(0).filter(|p| !p.is_nil());
    let mut total = Num::Int(0);
    for item in input_items(v) {
        let value = match prop {
            Some(p) => {
                if item.as_object().is_none() {
                    return fail(format!(
                        "cannot select the property `{}` of {}",
                        p.to_kstr(),
                        inspect(&item)
                    ));
                }
                property(&item, p)
                    .map(|x| x.to_value())
                    .unwrap_or(Value::Nil)
            }
            None => item,
        };
        if value.as_scalar().is_none() {
            continue;
        }
        let n = num(&value);
        total = match (total, n) {
            (Num::Int(x), Num::Int(y)) => Num::Int(x.saturating_add(y)),
            (x, y) => Num::Float(
                round_to(
                    x.as_f64() + y.as_f64(),
                    x.decimals().max(y.decimals()).max(1),
                ),
                x.decimals().max(y.decimals()),
            ),
        };
    }
    Ok(num_value(total))
}

/// What `item[property]` gives in Ruby for the item kinds Liquid sees.
enum Fetched {
    Value(Value),
    /// `nil[...]`, `true[...]`: Liquid renders the whole filter as empty.
    NoMethod,
}

fn fetch(item: &Value, prop: &Value) -> Result<Fetched> {
    if let Some(o) = item.as_object() {
        return Ok(Fetched::Value(
            o.get(&prop.to_kstr())
                .map(|v| v.to_value())
                .unwrap_or(Value::Nil),
        ));
    }
    let Some(s) = item.as_scalar() else {
        return Ok(Fetched::NoMethod);
    };
    let prop_is_string = prop.as_scalar().is_some_and(|p| p.type_name() == "string");
    let prop_is_int = prop
        .as_scalar()
        .is_some_and(|p| p.type_name() == "whole number");
    match s.type_name() {
        "string" => {
            let text = s.to_kstr();
            if prop_is_string {
                let needle = prop.to_kstr();
                Ok(Fetched::Value(if text.contains(needle.as_str()) {
                    Value::scalar(needle.to_string())
                } else {
                    Value::Nil
                }))
            } else if prop_is_int {
                let i = prop.as_scalar().and_then(|p| p.to_integer()).unwrap_or(0);
                let chars: Vec<char> = text.chars().collect();
                let idx = if i < 0 { chars.len() as i64 + i } else { i };
                Ok(Fetched::Value(
                    chars
                        .get(idx as usize)
                        .filter(|_| idx >= 0)
                        .map(|c| Value::scalar(c.to_string()))
                        .unwrap_or(Value::Nil),
                ))
            } else {
                fail(format!("invalid property `{}`", prop.to_kstr()))
            }
        }
        // Integer#[] with an integer is a bit reference (0 or 1): always truthy.
        "whole number" if prop_is_int => Ok(Fetched::Value(Value::scalar(0))),
        "whole number" => fail(format!(
            "cannot select the property `{}` of a number",
            prop.to_kstr()
        )),
        _ => Ok(Fetched::NoMethod),
    }
}

fn truthy(v: &Value) -> bool {
    !(v.is_nil() || v.as_scalar().and_then(|s| s.to_bool()) == Some(false))
}

/// Runs a Ruby `filter_array` predicate over the items; `None` from `f` means "render empty".
fn select<F>(v: &dyn ValueView, args: &Args, default: Vec<Value>, f: F) -> Result<Value>
where
    F: FnOnce(Vec<Value>, &dyn Fn(&Value) -> Result<Option<bool>>) -> Result<Option<Vec<Value>>>,
{
    let prop = args.get(0).cloned().unwrap_or(Value::Nil);
    let items = input_items(v);
    if items.is_empty() || prop.is_nil() {
        return Ok(Value::Array(default));
    }
    let target = args.get(1).cloned().unwrap_or(Value::Nil);
    let pred = |item: &Value| -> Result<Option<bool>> {
        Ok(match fetch(item, &prop)? {
            Fetched::NoMethod => None,
            Fetched::Value(x) if target.is_nil() => Some(truthy(&x)),
            Fetched::Value(x) => Some(ruby_eq(&x, &target)),
        })
    };
    Ok(f(items, &pred)?.map(Value::Array).unwrap_or(Value::Nil))
}

fn keep(
    items: Vec<Value>,
    pred: &dyn Fn(&Value) -> Result<Option<bool>>,
    want: bool,
) -> Result<Vec<Value>> {
    let mut out = Vec::new();
    for item in items {
        match pred(&item)? {
            Some(hit) if hit == want => out.push(item),
            Some(_) => {}
            None => return Ok(Vec::new()),
        }
    }
    Ok(out)
}

fn has(v: &dyn ValueView, args: &Args, _: &dyn Runtime) -> Result<Value> {
    Ok(match found(v, args)? {
        Some(_) => Value::scalar(true),
        None if poisoned(v, args)? => Value::Nil,
        None => Value::scalar(false),
    })
}

/// Whether a `nil`/boolean item (no `[]` in Ruby) is reached before any match.
fn poisoned(v: &dyn ValueView, args: &Args) -> Result<bool> {
    let prop = args.get(0).cloned().unwrap_or(Value::Nil);
    if prop.is_nil() {
        return Ok(false);
    }
    for item in input_items(v) {
        if let Fetched::NoMethod = fetch(&item, &prop)? {
            return Ok(true);
        }
    }
    Ok(false)
}

fn found(v: &dyn ValueView, args: &Args) -> Result<Option<(usize, Value)>> {
    let prop = args.get(0).cloned().unwrap_or(Value::Nil);
    if prop.is_nil() {
        return Ok(None);
    }
    let target = args.get(1).cloned().unwrap_or(Value::Nil);
    for (i, item) in input_items(v).into_iter().enumerate() {
        let hit = match fetch(&item, &prop)? {
            Fetched::NoMethod => return Ok(None),
            Fetched::Value(x) if target.is_nil() => truthy(&x),
            Fetched::Value(x) => ruby_eq(&x, &target),
        };
        if hit {
            return Ok(Some((i, item)));
        }
    }
    Ok(None)
}

fn text_arg(args: &Args, i: usize) -> String {
    args.get(i).map(|a| to_s(a)).unwrap_or_default()
}

fn split(v: &dyn ValueView, args: &Args, _: &dyn Runtime) -> Result<Value> {
    if v.is_nil() {
        return Ok(Value::Array(Vec::new()));
    }
    let input = to_s(v);
    let pattern = args.get(0).cloned().unwrap_or(Value::Nil);
    let parts: Vec<String> = if pattern.as_scalar().and_then(|s| s.to_bool()) == Some(false) {
        vec![input.clone()]
    } else {
        let sep = if pattern.is_nil() {
            String::new()
        } else {
            to_s(&pattern)
        };
        if sep.is_empty() {
            input.chars().map(String::from).collect()
        } else if sep == " " {
            input.split_whitespace().map(String::from).collect()
        } else {
            let mut parts: Vec<String> = input.split(sep.as_str()).map(String::from).collect();
            // Ruby's String#split drops trailing empty fields.
            while parts.last().is_some_and(String::is_empty) {
                parts.pop();
            }
            parts
        }
    };
    Ok(Value::Array(parts.into_iter().map(Value::scalar).collect()))
}

fn int_arg(v: &Value, what: &str) -> Result<i64> {
    let s = v.as_scalar();
    match s.as_ref().map(|s| s.type_name()) {
        Some("whole number") => Ok(s.and_then(|s| s.to_integer()).unwrap_or(0)),
        Some("string") => {
            let text = v.to_kstr();
            text.trim()
                .parse()
                .or_else(|_| fail(format!("{what}: `{text}` is not a whole number")))
        }
        _ => fail(format!(
            "{what}: expected a whole number, found {}",
            inspect(v)
        )),
    }
}

fn slice(v: &dyn ValueView, args: &Args, _: &dyn Runtime) -> Result<Value> {
    let start = int_arg(args.get(0).unwrap_or(&Value::Nil), "slice")?;
    let len = match args.get(1) {
        None => 1,
        Some(l) if l.is_nil() => 1,
        Some(l) => int_arg(l, "slice length")?,
    };
    let window = |n: usize| -> Option<(usize, usize)> {
        let start = if start < 0 { n as i64 + start } else { start };
        if start < 0 || start > n as i64 || len < 0 {
            return None;
        }
        let end = (start + len).min(n as i64);
        Some((start as usize, end as usize))
    };
    if let Some(a) = v.as_array() {
        let items: Vec<Value> = a.values().map(|x| x.to_value()).collect();
        return Ok(match window(items.len()) {
            Some((s, e)) => Value::Array(items[s..e].to_vec()),
            None => Value::Array(Vec::new()),
        });
    }
    if v.is_nil() || v.as_scalar().is_some_and(|s| s.type_name() != "string") {
        return Ok(Value::scalar(""));
    }
    let chars: Vec<char> = to_s(v).chars().collect();
    Ok(Value::scalar(match window(chars.len()) {
        Some((s, e)) => chars[s..e].iter().collect::<String>(),
        None => String::new(),
    }))
}

fn truncatewords(v: &dyn ValueView, args: &Args, _: &dyn Runtime) -> Result<Value> {
    if v.is_nil() {
        return Ok(Value::scalar(""));
    }
    let input = to_s(v);
    let words = match args.get(0) {
        None => 15,
        Some(n) => int_arg(n, "truncatewords")?,
    }
    .max(1) as usize;
    let ending = match args.get(1) {
        None => "...".to_owned(),
        Some(e) => to_s(e),
    };
    let all: Vec<&str> = input.split_whitespace().collect();
    if all.len() <= words {
        return Ok(Value::scalar(input));
    }
    Ok(Value::scalar(format!("{}{ending}", all[..words].join(" "))))
}

fn replace_last(v: &dyn ValueView, args: &Args, with: &str) -> Value {
    let input = to_s(v);
    let needle = text_arg(args, 0);
    match input.rfind(&needle) {
        Some(i) => Value::scalar(format!(
            "{}{with}{}",
            &input[..i],
            &input[i + needle.len()..]
        )),
        None => Value::scalar(input),
    }
}
