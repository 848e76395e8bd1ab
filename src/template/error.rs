//! What can go wrong in a template, as kinds the catalogue words (`assets/i18n/*/template.ftl`),
//! each at a line and column of the user's text.
//!
//! Three families: the template does not parse; a render exceeded a limit or could not compute
//! (the render stops); and Ruby Liquid's own render errors, which Braze writes into the message
//! as `Liquid error: …` and renders on — zenbraze does the same and reports them as findings.

use crate::i18n::{Localize, Message};
use crate::msg;

/// An error at a 1-based line and column (in characters) of the original template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    pub line: usize,
    pub col: usize,
    /// Byte offset in the original template.
    pub offset: usize,
    pub kind: ErrorKind,
}

impl std::error::Error for TemplateError {}
crate::display_via_message!(TemplateError);

impl Localize for TemplateError {
    fn message(&self) -> Message {
        msg!(
            "template-error-at",
            line = self.line,
            col = self.col,
            error = self.kind.message()
        )
    }
}

/// A limit a render may not exceed (see [`super::Limits`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Limit {
    /// Bytes of output.
    Output,
    /// Bytes of one value (a string a filter makes, a list's items).
    Value,
    /// Bytes assigned over the whole render (Ruby's assign score).
    Assign,
    /// Loop iterations over the whole render.
    Loops,
    /// Tags, outputs and text runs rendered (Ruby's render score).
    Steps,
    /// Milliseconds of rendering.
    Time,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    // The template does not parse.
    OutputNotClosed,
    TagNotClosed,
    AttributeNotClosed,
    AttributeEmpty,
    BlockNotClosed {
        tag: String,
    },
    UnknownTag {
        tag: String,
    },
    /// `else`, `elsif` or `when` outside a block that takes it.
    BranchOutside {
        tag: String,
    },
    /// `else` inside a block that has none (`capture`, `raw`…).
    ElseNotExpected {
        block: String,
    },
    WrongEnd {
        found: String,
        expected: String,
    },
    EndWithoutBlock {
        tag: String,
    },
    /// A tag whose arguments do not parse; `usage` is how it is written.
    TagSyntax {
        tag: String,
        usage: &'static str,
    },
    InlineComment,
    NestingTooDeep {
        max: usize,
    },
    UnknownFilter {
        name: String,
        suggestion: Option<String>,
    },
    FilterNotInBraze {
        name: String,
    },
    FilterNewerThanBraze {
        name: String,
    },
    NumberTooLarge {
        text: String,
    },
    /// An end tag in `{% liquid %}` for a block opened outside it.
    LiquidTagEnd {
        tag: String,
    },
    /// Strict parsing (plain-Liquid dialect) found this where it does not belong.
    Unexpected {
        found: String,
    },
    // A render stopped.
    LimitExceeded {
        limit: Limit,
        max: u64,
    },
    Overflow,
    ContentBlockMissing {
        name: String,
    },
    ContentBlockTooDeep {
        name: String,
    },
    InContentBlock {
        name: String,
        line: usize,
        col: usize,
        inner: Box<ErrorKind>,
    },
    CatalogItemsArguments,
    /// A notice, not an error: `connected_content` with no mock (Braze fetches at send time).
    ConnectedContentNoMock {
        url: String,
    },
    /// A notice, not an error: a `connected_content` mock answered outside 2xx.
    ConnectedContentStatus {
        url: String,
        status: u16,
        retry: bool,
    },
    /// Ruby Liquid's "Liquid error: …" (the render goes on; see [`LiquidError`]).
    Liquid(LiquidError),
}

/// An error Ruby Liquid writes into the output and renders past.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiquidError {
    DividedByZero,
    /// `comparison of Integer with String failed`: `right` as Ruby names it (a class, or the
    /// value itself when a String is on the left).
    Comparison {
        left: String,
        right: String,
    },
    UnknownOperator {
        op: String,
    },
    InvalidInteger,
    WrongArguments {
        filter: String,
        given: usize,
        expected: String,
    },
    PropertyNotSelectable {
        property: String,
    },
    IncompatibleSort,
    ConcatNeedsArray,
    InvalidBase64 {
        filter: String,
    },
    /// Ruby's `strftime` on a format that ends inside a directive (`%`, `%-`, `%j%`).
    InvalidDateFormat {
        format: String,
    },
    /// BigDecimal's `FloatDomainError`: `ceil` or `round` of Infinity or NaN.
    NotFinite {
        value: String,
    },
    IncludeNotAllowed,
    InvalidUtf8 {
        filter: String,
    },
    TimeZone {
        zone: String,
    },
    JsonParse,
    /// A Ruby error that is not a Liquid error ("Liquid error: internal").
    Internal,
}

impl LiquidError {
    /// What Ruby Liquid writes after `Liquid error: ` (in English: it is part of the message
    /// Braze sends, not of zenbraze's interface).
    pub fn ruby_text(&self) -> String {
        match self {
            LiquidError::DividedByZero => "divided by 0".into(),
            LiquidError::Comparison { left, right } => {
                format!("comparison of {left} with {right} failed")
            }
            LiquidError::UnknownOperator { op } => format!("Unknown operator {op}"),
            LiquidError::InvalidInteger => "invalid integer".into(),
            LiquidError::WrongArguments {
                given, expected, ..
            } => {
                format!("wrong number of arguments (given {given}, expected {expected})")
            }
            LiquidError::PropertyNotSelectable { property } => {
                format!("cannot select the property '{property}'")
            }
            LiquidError::IncompatibleSort => "cannot sort values of incompatible types".into(),
            LiquidError::ConcatNeedsArray => "concat filter requires an array argument".into(),
            LiquidError::InvalidBase64 { filter } => {
                format!("invalid base64 provided to {filter}")
            }
            LiquidError::InvalidDateFormat { format } => format!("invalid format: {format}"),
            LiquidError::NotFinite { value } if value == "NaN" => {
                "Computation results in 'NaN' (Not a Number)".into()
            }
            LiquidError::NotFinite { value } => format!("Computation results in '{value}'"),
            LiquidError::IncludeNotAllowed => "This liquid context does not allow includes.".into(),
            LiquidError::InvalidUtf8 { .. } => "invalid byte sequence in UTF-8".into(),
            LiquidError::TimeZone { zone } => format!("invalid time zone {zone}"),
            LiquidError::JsonParse => "invalid JSON".into(),
            LiquidError::Internal => "internal".into(),
        }
    }

    fn message(&self) -> Message {
        match self {
            LiquidError::DividedByZero => msg!("template-divided-by-zero"),
            LiquidError::Comparison { left, right } => {
                msg!(
                    "template-comparison",
                    left = left.as_str(),
                    right = right.as_str()
                )
            }
            LiquidError::UnknownOperator { op } => {
                msg!("template-unknown-operator", op = op.as_str())
            }
            LiquidError::InvalidInteger => msg!("template-invalid-integer"),
            LiquidError::WrongArguments {
                filter,
                given,
                expected,
            } => msg!(
                "template-wrong-arguments",
                filter = filter.as_str(),
                given = *given,
                expected = expected.as_str()
            ),
            LiquidError::PropertyNotSelectable { property } => {
                msg!(
                    "template-property-not-selectable",
                    property = property.as_str()
                )
            }
            LiquidError::IncompatibleSort => msg!("template-incompatible-sort"),
            LiquidError::ConcatNeedsArray => msg!("template-concat-needs-array"),
            LiquidError::InvalidBase64 { filter } => {
                msg!("template-invalid-base64", filter = filter.as_str())
            }
            LiquidError::InvalidDateFormat { format } => {
                msg!("template-invalid-date-format", format = format.as_str())
            }
            LiquidError::NotFinite { value } => {
                msg!("template-not-finite", value = value.as_str())
            }
            LiquidError::IncludeNotAllowed => msg!("template-include-not-allowed"),
            LiquidError::InvalidUtf8 { filter } => {
                msg!("template-invalid-utf8", filter = filter.as_str())
            }
            LiquidError::TimeZone { zone } => msg!("template-time-zone", zone = zone.as_str()),
            LiquidError::JsonParse => msg!("template-json-parse"),
            LiquidError::Internal => msg!("template-internal"),
        }
    }
}

impl ErrorKind {
    /// Whether the render went on past it (Ruby's inline `Liquid error: …`).
    pub fn is_inline(&self) -> bool {
        matches!(self, ErrorKind::Liquid(_))
    }

    pub fn message(&self) -> Message {
        match self {
            ErrorKind::OutputNotClosed => msg!("template-output-not-closed"),
            ErrorKind::TagNotClosed => msg!("template-tag-not-closed"),
            ErrorKind::AttributeNotClosed => msg!("template-attribute-not-closed"),
            ErrorKind::AttributeEmpty => msg!("template-attribute-empty"),
            ErrorKind::BlockNotClosed { tag } => {
                msg!("template-block-not-closed", tag = tag.as_str())
            }
            ErrorKind::UnknownTag { tag } => msg!("template-unknown-tag", tag = tag.as_str()),
            ErrorKind::BranchOutside { tag } => match tag.as_str() {
                "else" => msg!("template-else-outside"),
                "when" => msg!("template-when-outside"),
                _ => msg!("template-elsif-outside"),
            },
            ErrorKind::ElseNotExpected { block } => {
                msg!("template-else-not-expected", block = block.as_str())
            }
            ErrorKind::WrongEnd { found, expected } => msg!(
                "template-wrong-end",
                found = found.as_str(),
                expected = expected.as_str()
            ),
            ErrorKind::EndWithoutBlock { tag } => {
                msg!("template-end-without-block", tag = tag.as_str())
            }
            ErrorKind::TagSyntax { tag, usage } => {
                msg!("template-tag-syntax", tag = tag.as_str(), usage = *usage)
            }
            ErrorKind::InlineComment => msg!("template-inline-comment"),
            ErrorKind::NestingTooDeep { max } => msg!("template-nesting-too-deep", max = *max),
            ErrorKind::UnknownFilter {
                name,
                suggestion: Some(near),
            } => msg!(
                "template-unknown-filter-near",
                name = name.as_str(),
                near = near.as_str()
            ),
            ErrorKind::UnknownFilter { name, .. } => {
                msg!("template-unknown-filter", name = name.as_str())
            }
            ErrorKind::FilterNotInBraze { name } => {
                msg!("template-filter-not-in-braze", name = name.as_str())
            }
            ErrorKind::FilterNewerThanBraze { name } => {
                msg!("template-filter-newer-than-braze", name = name.as_str())
            }
            ErrorKind::NumberTooLarge { text } => {
                msg!("template-number-too-large", text = text.as_str())
            }
            ErrorKind::LiquidTagEnd { tag } => {
                msg!("template-liquid-tag-end", tag = tag.as_str())
            }
            ErrorKind::Unexpected { found } => {
                msg!("template-unexpected", found = found.as_str())
            }
            ErrorKind::LimitExceeded { limit, max } => {
                let max = i64::try_from(*max).unwrap_or(i64::MAX);
                match limit {
                    Limit::Output => msg!("template-limit-output", max = max),
                    Limit::Value => msg!("template-limit-value", max = max),
                    Limit::Assign => msg!("template-limit-assign", max = max),
                    Limit::Loops => msg!("template-limit-loops", max = max),
                    Limit::Steps => msg!("template-limit-steps", max = max),
                    Limit::Time => msg!("template-limit-time", max = max),
                }
            }
            ErrorKind::Overflow => msg!("template-overflow"),
            ErrorKind::ContentBlockMissing { name } => {
                msg!("template-content-block-missing", name = name.as_str())
            }
            ErrorKind::ContentBlockTooDeep { name } => {
                msg!("template-content-block-too-deep", name = name.as_str())
            }
            ErrorKind::InContentBlock {
                name,
                line,
                col,
                inner,
            } => msg!(
                "template-in-content-block",
                name = name.as_str(),
                line = *line,
                col = *col,
                error = inner.message()
            ),
            ErrorKind::CatalogItemsArguments => msg!("template-catalog-items-arguments"),
            ErrorKind::ConnectedContentNoMock { url } => {
                msg!("template-connected-content-no-mock", url = url.as_str())
            }
            ErrorKind::ConnectedContentStatus { url, status, .. } if *status == 404 => {
                msg!("template-connected-content-404", url = url.as_str())
            }
            ErrorKind::ConnectedContentStatus {
                url,
                status,
                retry: true,
            } => msg!(
                "template-connected-content-status-retry",
                url = url.as_str(),
                status = *status
            ),
            ErrorKind::ConnectedContentStatus {
                url,
                status,
                retry: false,
            } => msg!(
                "template-connected-content-status",
                url = url.as_str(),
                status = *status
            ),
            ErrorKind::Liquid(e) => e.message(),
        }
    }
}

impl Localize for ErrorKind {
    fn message(&self) -> Message {
        ErrorKind::message(self)
    }
}
