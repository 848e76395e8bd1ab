//! Filters as plain functions, registered on liquid-core's parser.
//!
//! liquid-lib's derive-based filters need a struct triple per filter; most of ours are a few
//! lines of logic, so [`FnFilter`] adapts a `fn(input, args) -> Result<Value>` instead.

pub mod braze;
pub mod ruby;
pub mod standard;

use std::fmt;

use liquid_core::model::{Value, ValueView};
use liquid_core::parser::{FilterArguments, FilterReflection, ParameterReflection, ParseFilter};
use liquid_core::runtime::Expression;
use liquid_core::{Error, Filter, Result, Runtime};

/// Arguments of one filter call, evaluated.
pub struct Args {
    pub positional: Vec<Value>,
    pub keyword: Vec<(String, Value)>,
}

impl Args {
    pub fn get(&self, i: usize) -> Option<&Value> {
        self.positional.get(i)
    }
    pub fn keyword(&self, name: &str) -> Option<&Value> {
        self.keyword.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }
}

/// A filter: the piped value, its evaluated arguments, and the runtime (for the render session).
pub type FilterFn = fn(&dyn ValueView, &Args, &dyn Runtime) -> Result<Value>;

#[derive(Clone)]
pub struct FnFilter {
    pub name: &'static str,
    pub min_args: usize,
    pub max_args: usize,
    pub func: FilterFn,
}

impl FnFilter {
    pub const fn new(name: &'static str, min_args: usize, max_args: usize, func: FilterFn) -> Self {
        Self {
            name,
            min_args,
            max_args,
            func,
        }
    }
}

impl FilterReflection for FnFilter {
    fn name(&self) -> &str {
        self.name
    }
    fn description(&self) -> &str {
        ""
    }
    fn positional_parameters(&self) -> &'static [ParameterReflection] {
        &[]
    }
    fn keyword_parameters(&self) -> &'static [ParameterReflection] {
        &[]
    }
}

impl ParseFilter for FnFilter {
    fn parse(&self, arguments: FilterArguments<'_>) -> Result<Box<dyn Filter>> {
        let positional: Vec<Expression> = arguments.positional.collect();
        let keyword: Vec<(String, Expression)> =
            arguments.keyword.map(|(k, v)| (k.to_owned(), v)).collect();
        if positional.len() < self.min_args {
            return Err(Error::with_msg(format!(
                "filter `{}` needs {} argument{}",
                self.name,
                self.min_args,
                if self.min_args == 1 { "" } else { "s" }
            )));
        }
        if positional.len() > self.max_args {
            return Err(Error::with_msg(format!(
                "filter `{}` takes at most {} argument{}, got {}",
                self.name,
                self.max_args,
                if self.max_args == 1 { "" } else { "s" },
                positional.len()
            )));
        }
        Ok(Box::new(BoundFilter {
            name: self.name,
            func: self.func,
            positional,
            keyword,
        }))
    }

    fn reflection(&self) -> &dyn FilterReflection {
        self
    }
}

struct BoundFilter {
    name: &'static str,
    func: FilterFn,
    positional: Vec<Expression>,
    keyword: Vec<(String, Expression)>,
}

impl fmt::Debug for BoundFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.name)
    }
}

impl fmt::Display for BoundFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.name)
    }
}

impl Filter for BoundFilter {
    fn evaluate(&self, input: &dyn ValueView, runtime: &dyn Runtime) -> Result<Value> {
        let args = Args {
            positional: self
                .positional
                .iter()
                .map(|e| e.evaluate(runtime).map(|v| v.into_owned()))
                .collect::<Result<_>>()?,
            keyword: self
                .keyword
                .iter()
                .map(|(k, e)| Ok((k.clone(), e.evaluate(runtime)?.into_owned())))
                .collect::<Result<_>>()?,
        };
        (self.func)(input, &args, runtime).map_err(|e| e.context("filter", self.name))
    }
}

/// Shorthand for a filter error with a message a template author understands.
pub fn fail<T>(msg: impl Into<String>) -> Result<T> {
    Err(Error::with_msg(msg.into()))
}

/// Standard filters Braze documents as unsupported.
const BRAZE_UNSUPPORTED: &[&str] = &[
    "find_index",
    "camelize",
    "handleize",
    "pluralize",
    "lstrip",
    "rstrip",
    "money_with_currency",
    "money_without_currency",
    "format_address",
    "highlight",
    "color_to_rgb",
    "color_to_hsl",
    "color_to_hex",
    "color_extract",
    "color_brightness",
    "color_modify",
    "color_lighten",
    "color_darken",
    "color_saturate",
    "color_desaturate",
    "color_mix",
    "color_contrast",
    "color_difference",
    "brightness_difference",
    "font_face",
    "font_modify",
    "font_url",
];

pub fn braze_unsupported(name: &str) -> bool {
    BRAZE_UNSUPPORTED.contains(&name)
}

/// liquid-lib's standard filters (some are replaced later by Ruby-faithful versions).
pub fn liquid_lib_filters() -> Vec<Box<dyn ParseFilter>> {
    use liquid_lib::stdlib::*;
    vec![
        Box::new(Abs),
        Box::new(Append),
        Box::new(AtLeast),
        Box::new(AtMost),
        Box::new(Capitalize),
        Box::new(Ceil),
        Box::new(Compact),
        Box::new(Concat),
        Box::new(Date),
        Box::new(Default),
        Box::new(DividedBy),
        Box::new(Downcase),
        Box::new(Escape),
        Box::new(EscapeOnce),
        Box::new(First),
        Box::new(Floor),
        Box::new(Join),
        Box::new(Last),
        Box::new(Lstrip),
        Box::new(Map),
        Box::new(Minus),
        Box::new(Modulo),
        Box::new(NewlineToBr),
        Box::new(Plus),
        Box::new(Prepend),
        Box::new(Remove),
        Box::new(RemoveFirst),
        Box::new(Replace),
        Box::new(ReplaceFirst),
        Box::new(Reverse),
        Box::new(Round),
        Box::new(Rstrip),
        Box::new(Size),
        Box::new(Slice),
        Box::new(Sort),
        Box::new(SortNatural),
        Box::new(Split),
        Box::new(Strip),
        Box::new(StripHtml),
        Box::new(StripNewlines),
        Box::new(Times),
        Box::new(Truncate),
        Box::new(TruncateWords),
        Box::new(Uniq),
        Box::new(Upcase),
        Box::new(UrlDecode),
        Box::new(UrlEncode),
        Box::new(Where),
    ]
}
