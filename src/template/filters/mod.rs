//! Filters as plain functions over [`Value`]s, with Ruby Liquid's calling convention: the
//! piped value and the positional arguments (keyword arguments arrive as one trailing hash),
//! counted against the Ruby method's parameters. Which filters exist in which dialect, whether
//! they make a value safe inside a JSON string, and how the catalogue describes them is in
//! [`super::registry`].

pub mod braze;
pub mod date;
pub mod standard;

use std::rc::Rc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use super::Dialect;
use super::error::{ErrorKind, Limit, LiquidError};
use super::value::Value;

/// One filter call: the piped value, its arguments, and what the render knows.
pub struct Call<'a, 'c> {
    pub name: &'static str,
    pub input: Value<'a>,
    pub args: Vec<Value<'a>>,
    pub ctx: &'c FilterContext,
}

/// What filters may read from the render.
pub struct FilterContext {
    pub dialect: Dialect,
    /// The render's "now": the environment's, else the clock's, read when a filter first asks
    /// (most renders never do).
    pub now: Option<DateTime<Utc>>,
    pub clock: std::cell::OnceCell<DateTime<Utc>>,
    /// Most bytes a value may hold, and items a list (see [`super::Limits`]).
    pub max_value_bytes: usize,
    /// When the render started and how long it may take: filters over large inputs read the
    /// clock as they go (see [`Call::tick`]).
    pub deadline: Option<(Instant, Duration)>,
}

impl FilterContext {
    /// The render's "now" (see [`FilterContext::now`]).
    pub fn now(&self) -> DateTime<Utc> {
        self.now
            .unwrap_or_else(|| *self.clock.get_or_init(chrono::Utc::now))
    }
}

/// Why a filter gave no value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Ruby Liquid's error: written into the output, the render goes on.
    Liquid(LiquidError),
    /// The render stops (a limit, an overflow).
    Stop(ErrorKind),
}

impl From<LiquidError> for Failure {
    fn from(e: LiquidError) -> Self {
        Failure::Liquid(e)
    }
}

impl From<super::number::NumError> for Failure {
    fn from(e: super::number::NumError) -> Self {
        use super::number::NumError;
        match e {
            NumError::DivideByZero => Failure::Liquid(LiquidError::DividedByZero),
            NumError::Overflow => Failure::Stop(ErrorKind::Overflow),
            NumError::Domain(f) => Failure::Liquid(LiquidError::NotFinite {
                value: super::value::float_to_s(f),
            }),
        }
    }
}

pub type Result<'a> = std::result::Result<Value<'a>, Failure>;

/// A filter: Rust function and the Ruby method's arity (the piped value counts as one).
pub type FilterFn = for<'a, 'c> fn(&mut Call<'a, 'c>) -> Result<'a>;

impl<'a> Call<'a, '_> {
    /// Argument `i`, or nil.
    pub fn arg(&self, i: usize) -> Value<'a> {
        self.args.get(i).cloned().unwrap_or_default()
    }

    /// Argument `i`'s `to_s`, or `default` when it was not given.
    pub fn text_arg(&self, i: usize, default: &str) -> String {
        match self.args.get(i) {
            Some(v) => v.to_s().into_owned(),
            None => default.to_owned(),
        }
    }

    /// A string result, refused when it would exceed the value limit.
    pub fn string(&self, s: String) -> Result<'a> {
        self.check_bytes(s.len())?;
        Ok(Value::String(Rc::from(s)))
    }

    pub fn check_bytes(&self, n: usize) -> std::result::Result<(), Failure> {
        if n > self.ctx.max_value_bytes {
            Err(self.too_large())
        } else {
            Ok(())
        }
    }

    /// The render's clock, read every 4,096 items of work `i`: a filter over a large input stops
    /// at the time limit like the render around it.
    pub fn tick(&self, i: usize) -> std::result::Result<(), Failure> {
        match self.ctx.deadline {
            Some((started, max)) if i & 0xfff == 0xfff && started.elapsed() > max => {
                Err(Failure::Stop(ErrorKind::LimitExceeded {
                    limit: Limit::Time,
                    max: max.as_millis() as u64,
                }))
            }
            _ => Ok(()),
        }
    }

    /// The value limit, for a value refused before it was made.
    pub fn too_large(&self) -> Failure {
        Failure::Stop(ErrorKind::LimitExceeded {
            limit: Limit::Value,
            max: self.ctx.max_value_bytes as u64,
        })
    }

    /// A value's items (Ruby's `Array`), refused when a range is too long to list.
    pub fn items(&self, v: &Value<'a>) -> std::result::Result<Vec<Value<'a>>, Failure> {
        if let Some(n) = v.len() {
            self.check_bytes(n.saturating_mul(8))?;
        }
        Ok(v.items().unwrap_or_default())
    }
}

/// Whether `name` exists in `dialect`.
pub fn lookup(name: &str, dialect: Dialect) -> Option<&'static super::registry::FilterDef> {
    super::registry::filter(name).filter(|f| f.dialects.contains(dialect))
}

/// Ruby's `ArgumentError` text for a wrong argument count.
pub fn arity_error(name: &str, given: usize, arity: (usize, Option<usize>)) -> LiquidError {
    let expected = match arity {
        (min, Some(max)) if min == max => min.to_string(),
        (min, Some(max)) => format!("{min}..{max}"),
        (min, None) => format!("{min}+"),
    };
    LiquidError::WrongArguments {
        filter: name.to_owned(),
        given,
        expected,
    }
}
