//! `if`, `unless` and `case` with Ruby Liquid's semantics: right-associative `and`/`or`,
//! `contains` that never matches nil, `1 != true`, `blank`/`empty` comparisons, `elsif` in
//! `unless`, extra `else` branches ignored, and every matching `when` rendered.

use std::cmp::Ordering;
use std::fmt;
use std::io::Write;

use liquid_core::model::{State, ValueView, ValueViewCmp};
use liquid_core::parser::{BlockElement, TagToken};
use liquid_core::{
    BlockReflection, Error, Expression, Language, ParseBlock, Renderable, Result, Runtime,
    TagBlock, TagTokenIter, Template,
};

use super::body::{Body, is_text, report_blank};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Op {
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
    Contains,
}

impl Op {
    fn parse(s: &str) -> Option<Op> {
        Some(match s {
            "==" => Op::Eq,
            "!=" | "<>" => Op::Ne,
            "<" => Op::Lt,
            ">" => Op::Gt,
            "<=" => Op::Le,
            ">=" => Op::Ge,
            "contains" => Op::Contains,
            _ => return None,
        })
    }
}

#[derive(Debug)]
enum Condition {
    Test(Expression),
    Compare(Expression, Op, Expression),
    And(Box<Condition>, Box<Condition>),
    Or(Box<Condition>, Box<Condition>),
}

impl Condition {
    fn evaluate(&self, runtime: &dyn Runtime) -> Result<bool> {
        match self {
            Condition::Test(e) => Ok(truthy(e.evaluate(runtime)?.as_view())),
            Condition::Compare(l, op, r) => {
                let (l, r) = (l.evaluate(runtime)?, r.evaluate(runtime)?);
                compare(l.as_view(), *op, r.as_view())
            }
            Condition::And(a, b) => Ok(a.evaluate(runtime)? && b.evaluate(runtime)?),
            Condition::Or(a, b) => Ok(a.evaluate(runtime)? || b.evaluate(runtime)?),
        }
    }
}

/// Ruby truthiness: only nil and false are false (`blank`, `empty`, `0`, `""` are true).
pub fn truthy(v: &dyn ValueView) -> bool {
    if v.is_nil() {
        return false;
    }
    !matches!(v.as_scalar().and_then(|s| s.to_bool()), Some(false))
}

fn is_number(v: &dyn ValueView) -> bool {
    v.as_scalar()
        .is_some_and(|s| matches!(s.type_name(), "whole number" | "fractional number"))
}

/// Liquid's `==`.
pub fn liquid_eq(a: &dyn ValueView, b: &dyn ValueView) -> bool {
    match (a.as_state(), b.as_state()) {
        (Some(_), Some(_)) => return false,
        (Some(state), None) => return matches_state(b, state),
        (None, Some(state)) => return matches_state(a, state),
        (None, None) => {}
    }
    if a.is_nil() || b.is_nil() {
        return a.is_nil() && b.is_nil();
    }
    match (a.as_scalar(), b.as_scalar()) {
        (Some(x), Some(y)) => {
            if is_number(a) && is_number(b) {
                return x.to_float() == y.to_float();
            }
            x.type_name() == y.type_name() && x.to_kstr() == y.to_kstr()
        }
        (None, None) => ValueViewCmp::new(a) == ValueViewCmp::new(b),
        _ => false,
    }
}

/// `x == empty`: an empty string, array or hash. `x == blank`: also nil, false, whitespace.
fn matches_state(v: &dyn ValueView, state: State) -> bool {
    let empty = v
        .as_scalar()
        .is_some_and(|s| s.type_name() == "string" && s.to_kstr().is_empty())
        || v.as_array().is_some_and(|a| a.size() == 0)
        || v.as_object().is_some_and(|o| o.size() == 0);
    match state {
        State::Empty => empty,
        State::Blank => {
            empty
                || v.is_nil()
                || v.as_scalar().is_some_and(|s| {
                    s.to_bool() == Some(false)
                        || (s.type_name() == "string" && s.to_kstr().trim().is_empty())
                })
        }
        _ => false,
    }
}

fn compare(a: &dyn ValueView, op: Op, b: &dyn ValueView) -> Result<bool> {
    match op {
        Op::Eq => Ok(liquid_eq(a, b)),
        Op::Ne => Ok(!liquid_eq(a, b)),
        Op::Contains => Ok(contains(a, b)),
        _ => {
            let ord = if is_number(a) && is_number(b) {
                let (x, y) = (a.as_scalar(), b.as_scalar());
                x.and_then(|x| x.to_float())
                    .partial_cmp(&y.and_then(|y| y.to_float()))
            } else if let (Some(x), Some(y)) = (a.as_scalar(), b.as_scalar()) {
                if x.type_name() == "string" && y.type_name() == "string" {
                    Some(x.to_kstr().as_str().cmp(y.to_kstr().as_str()))
                } else if a.is_nil() || b.is_nil() {
                    return Ok(false);
                } else {
                    return Err(Error::with_msg(format!(
                        "comparison of {} with {} failed",
                        a.source(),
                        b.source()
                    )));
                }
            } else {
                return Ok(false);
            };
            Ok(match (op, ord) {
                (_, None) => false,
                (Op::Lt, Some(o)) => o == Ordering::Less,
                (Op::Gt, Some(o)) => o == Ordering::Greater,
                (Op::Le, Some(o)) => o != Ordering::Greater,
                (Op::Ge, Some(o)) => o != Ordering::Less,
                _ => false,
            })
        }
    }
}

/// Ruby: `left && right && left.include?(right)`, so nil and false never match.
fn contains(a: &dyn ValueView, b: &dyn ValueView) -> bool {
    if !truthy(a) || !truthy(b) {
        return false;
    }
    if let Some(arr) = a.as_array() {
        return arr.values().any(|x| liquid_eq(x, b));
    }
    if let Some(obj) = a.as_object() {
        return b
            .as_scalar()
            .is_some_and(|k| obj.contains_key(k.to_kstr().as_str()));
    }
    match a.as_scalar() {
        Some(s) => s.to_kstr().contains(b.to_kstr().as_str()),
        None => false,
    }
}

fn parse_condition(arguments: &mut TagTokenIter<'_>) -> Result<Condition> {
    let tokens: Vec<TagToken<'_>> = arguments.by_ref().collect();
    let mut tokens = tokens.into_iter().peekable();
    // A missing value is reported at the end of the tag, where it should have been.
    parse_chain(&mut tokens).map_err(|e| match e {
        ConditionError::Liquid(e) => e,
        ConditionError::Missing(what) => arguments.raise_error(what),
    })
}

enum ConditionError {
    Liquid(Error),
    Missing(&'static str),
}

impl From<Error> for ConditionError {
    fn from(e: Error) -> Self {
        ConditionError::Liquid(e)
    }
}

/// Ruby Liquid groups from the right: `a and b or c` is `a and (b or c)`.
fn parse_chain<'a>(
    tokens: &mut std::iter::Peekable<std::vec::IntoIter<TagToken<'a>>>,
) -> std::result::Result<Condition, ConditionError> {
    let first = tokens
        .next()
        .ok_or(ConditionError::Missing("a condition is expected here"))?;
    let lh = first.expect_value().into_result()?;
    let atom = match tokens.peek().and_then(|t| Op::parse(t.as_str())) {
        Some(op) => {
            tokens.next();
            let rh = tokens
                .next()
                .ok_or(ConditionError::Missing(
                    "a value is expected after the operator",
                ))?
                .expect_value()
                .into_result()?;
            Condition::Compare(lh, op, rh)
        }
        None => Condition::Test(lh),
    };
    match tokens.next() {
        None => Ok(atom),
        Some(t) if t.as_str() == "and" => Ok(Condition::And(
            Box::new(atom),
            Box::new(parse_chain(tokens)?),
        )),
        Some(t) if t.as_str() == "or" => Ok(Condition::Or(
            Box::new(atom),
            Box::new(parse_chain(tokens)?),
        )),
        Some(t) => Err(t
            .raise_custom_error("expected `and`, `or` or the end of the condition")
            .into()),
    }
}

/// `if` and `unless`: condition branches, then an optional `else`.
#[derive(Debug)]
struct Conditional {
    branches: Vec<(Condition, bool, Template)>,
    otherwise: Option<Template>,
}

impl Renderable for Conditional {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        for (condition, want, body) in &self.branches {
            if condition.evaluate(runtime)? == *want {
                return body.render_to(writer, runtime);
            }
        }
        match &self.otherwise {
            Some(body) => body.render_to(writer, runtime),
            None => Ok(()),
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub struct ConditionalBlock {
    name: &'static str,
    end: &'static str,
    first_wants: bool,
}

pub const IF: ConditionalBlock = ConditionalBlock {
    name: "if",
    end: "endif",
    first_wants: true,
};
pub const UNLESS: ConditionalBlock = ConditionalBlock {
    name: "unless",
    end: "endunless",
    first_wants: false,
};

impl BlockReflection for ConditionalBlock {
    fn start_tag(&self) -> &str {
        self.name
    }
    fn end_tag(&self) -> &str {
        self.end
    }
    fn description(&self) -> &str {
        ""
    }
}

impl ParseBlock for ConditionalBlock {
    fn parse(
        &self,
        mut arguments: TagTokenIter<'_>,
        mut tokens: TagBlock<'_, '_>,
        options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        // What the body being filled belongs to. Ruby ignores branches after the first `else`.
        enum Filling {
            Branch(Condition, bool),
            Else,
            Ignored,
        }
        let mut filling = Filling::Branch(parse_condition(&mut arguments)?, self.first_wants);
        let mut body = Body::default();
        let mut branches = Vec::new();
        let mut otherwise = None;
        let mut all_blank = true;
        let mut close = |filling: Filling, body: Body| match filling {
            Filling::Branch(c, want) => {
                all_blank &= body.blank;
                branches.push((c, want, body.finish()));
            }
            Filling::Else => {
                all_blank &= body.blank;
                otherwise = Some(body.finish());
            }
            Filling::Ignored => {}
        };
        while let Some(mut element) = tokens.next()? {
            if let BlockElement::Tag(tag) = &mut element {
                let next = match (tag.name(), &filling) {
                    ("elsif" | "else", Filling::Else | Filling::Ignored) => Some(Filling::Ignored),
                    ("elsif", _) => Some(Filling::Branch(parse_condition(tag.tokens())?, true)),
                    ("else", _) => Some(Filling::Else),
                    _ => None,
                };
                if let Some(next) = next {
                    close(
                        std::mem::replace(&mut filling, next),
                        std::mem::take(&mut body),
                    );
                    continue;
                }
            }
            body.push(element, &mut tokens, options)?;
        }
        close(filling, body);
        tokens.assert_empty();
        report_blank(all_blank);
        Ok(Box::new(Conditional {
            branches,
            otherwise,
        }))
    }

    fn reflection(&self) -> &dyn BlockReflection {
        self
    }
}

/// `case`: every matching `when` renders; an `else` renders when no `when` before it matched.
#[derive(Debug)]
struct Case {
    subject: Expression,
    arms: Vec<Arm>,
}

#[derive(Debug)]
enum Arm {
    When(Vec<Expression>, Template),
    Else(Template),
}

impl Renderable for Case {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        let subject = self.subject.evaluate(runtime)?;
        let mut run_else = true;
        for arm in &self.arms {
            match arm {
                Arm::Else(body) => {
                    if run_else {
                        body.render_to(writer, runtime)?;
                    }
                }
                Arm::When(values, body) => {
                    for v in values {
                        if liquid_eq(subject.as_view(), v.evaluate(runtime)?.as_view()) {
                            run_else = false;
                            body.render_to(writer, runtime)?;
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

#[derive(Clone, Copy, Debug, Default)]
pub struct CaseBlock;

impl BlockReflection for CaseBlock {
    fn start_tag(&self) -> &str {
        "case"
    }
    fn end_tag(&self) -> &str {
        "endcase"
    }
    fn description(&self) -> &str {
        ""
    }
}

/// `when a, b or c`: values separated by `,` or `or`; anything else ends the list (Ruby is lax).
fn when_values(arguments: &mut TagTokenIter<'_>) -> Result<Vec<Expression>> {
    let mut values = Vec::new();
    while let Some(token) = arguments.next() {
        values.push(token.expect_value().into_result()?);
        match arguments.next() {
            Some(sep) if sep.as_str() == "," || sep.as_str() == "or" => continue,
            _ => break,
        }
    }
    if values.is_empty() {
        return Err(Error::with_msg("`when` needs a value"));
    }
    // Ruby keeps only the values before an unexpected token such as `and`.
    Ok(values)
}

impl ParseBlock for CaseBlock {
    fn parse(
        &self,
        mut arguments: TagTokenIter<'_>,
        mut tokens: TagBlock<'_, '_>,
        options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        let subject = arguments
            .expect_next("a value to compare is expected")?
            .expect_value()
            .into_result()?;
        arguments.expect_nothing()?;
        enum Open {
            None,
            When(Vec<Expression>),
            Else,
        }
        let mut open = Open::None;
        let mut body = Body::default();
        let mut arms = Vec::new();
        let mut all_blank = true;
        let close = |open: Open, body: Body, arms: &mut Vec<Arm>, all_blank: &mut bool| {
            *all_blank &= body.blank;
            match open {
                Open::None => {}
                Open::When(values) => arms.push(Arm::When(values, body.finish())),
                Open::Else => arms.push(Arm::Else(body.finish())),
            }
        };
        while let Some(element) = tokens.next()? {
            if let BlockElement::Tag(mut tag) = element {
                match tag.name() {
                    "when" => {
                        let values = when_values(tag.tokens())?;
                        close(
                            std::mem::replace(&mut open, Open::When(values)),
                            std::mem::take(&mut body),
                            &mut arms,
                            &mut all_blank,
                        );
                        continue;
                    }
                    "else" => {
                        close(
                            std::mem::replace(&mut open, Open::Else),
                            std::mem::take(&mut body),
                            &mut arms,
                            &mut all_blank,
                        );
                        continue;
                    }
                    // Text before the first `when` is ignored, as in Ruby.
                    name if is_text(name) && matches!(open, Open::None) => {}
                    _ => body.push(BlockElement::Tag(tag), &mut tokens, options)?,
                }
            } else if matches!(open, Open::None) {
                // Text before the first `when` is ignored, as in Ruby.
                continue;
            } else {
                body.push(element, &mut tokens, options)?;
            }
        }
        close(open, body, &mut arms, &mut all_blank);
        tokens.assert_empty();
        report_blank(all_blank);
        Ok(Box::new(Case { subject, arms }))
    }

    fn reflection(&self) -> &dyn BlockReflection {
        self
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self:?}")
    }
}
