//! The template parser: Ruby Liquid 5.4's `BlockBody` (whitespace control, the "blank body
//! renders nothing" rule decided per tag) over the tokens of `tokenize.rs`, its tags, and
//! Braze's `${...}` syntax and tags. It reads the user's text directly, so every node knows its
//! byte offset.
//!
//! One concern, over 900 lines: the parser is one recursive descent with one cursor over the
//! tokens, and each tag's method (`if`, `case`, `for`, `raw`, `liquid`, Braze's tags) calls back
//! into the block body that called it; the tokenizer (`tokenize.rs`) and the expression parsers
//! (`expr.rs`, `strict.rs`) already live apart.

use std::borrow::Cow;

use super::Dialect;
use super::error::{ErrorKind, TemplateError};
use super::expr::{self, Cond, CondError, Expr, TooLarge};
use super::filters;
use super::registry::{self, FilterDef};
use super::strict;
use super::syntax;
use super::tokenize::{Tok, TokKind, error_at, tokenize};
use super::value::{ruby_lstrip, ruby_rstrip};

/// Ruby Liquid refuses blocks nested deeper than this.
pub const MAX_NESTING: usize = 100;

#[derive(Debug, Default)]
pub struct Block {
    pub nodes: Vec<Node>,
    /// Only whitespace and silent tags (`assign`, `capture`, comments, blank blocks).
    pub blank: bool,
}

#[derive(Debug)]
pub struct Node {
    /// Byte offset of the construct in the template.
    pub at: usize,
    /// A blank tag's errors are not written into the output (Ruby's `blank_tag`).
    pub blank: bool,
    pub kind: NodeKind,
}

#[derive(Debug)]
pub enum NodeKind {
    Text(Box<str>),
    Output(Output),
    Assign {
        name: Box<str>,
        value: Output,
    },
    Capture {
        name: Box<str>,
        body: Block,
    },
    /// `if` and `unless`: the first branch renders when its condition is `!unless`.
    If {
        branches: Vec<(Cond, Block)>,
        unless: bool,
    },
    /// `case`: every `when` value that matches renders its body.
    Case {
        arms: Vec<(Cond, usize)>,
        bodies: Vec<Block>,
    },
    For(Box<ForLoop>),
    TableRow(Box<ForLoop>),
    Cycle {
        group: CycleGroup,
        values: Vec<Expr>,
    },
    Counter {
        name: Box<str>,
        increment: bool,
    },
    Break,
    Continue,
    Raw(Box<str>),
    IfChanged(Block),
    /// `include`/`render`: no partials here (Ruby's blank file system).
    Include,
    AbortMessage(Option<Expr>),
    /// `connected_content`, `catalog_items`, `message_extras`: free-text arguments that may
    /// hold Liquid, rendered first.
    BrazeTag {
        tag: BrazeTag,
        args: Block,
    },
    ContentBlock(Box<str>),
    /// A comment: renders nothing, but is a node (whitespace control stops at it, as in Ruby).
    Nothing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrazeTag {
    ConnectedContent,
    CatalogItems,
    MessageExtras,
}

#[derive(Debug)]
pub enum CycleGroup {
    Named(Expr),
    /// Cycles with the same literal values share their position.
    Literal(Box<str>),
}

#[derive(Debug)]
pub struct ForLoop {
    pub var: Box<str>,
    pub collection: Expr,
    /// `var-collection`: `forloop.name` and the key `offset: continue` resumes from.
    pub name: Box<str>,
    pub limit: Option<Expr>,
    pub offset: Offset,
    pub reversed: bool,
    pub cols: Option<Expr>,
    pub body: Block,
    pub otherwise: Option<Block>,
}

#[derive(Debug)]
pub enum Offset {
    None,
    Continue,
    At(Expr),
}

/// `{{ value | filter: args }}`.
#[derive(Debug)]
pub struct Output {
    pub value: Option<Expr>,
    pub filters: Vec<FilterCall>,
}

#[derive(Debug)]
pub struct FilterCall {
    pub def: &'static FilterDef,
    pub args: Vec<Expr>,
    pub keywords: Vec<(Box<str>, Expr)>,
    /// Byte offset of the filter's name.
    pub at: usize,
}

/// A tag the current body does not know: an end tag, `else`, or an unknown tag.
#[derive(Debug)]
struct Stop {
    name: String,
    markup: (usize, usize),
    at: usize,
}

/// Where tags come from: the template's tokens, or the lines of a `{% liquid %}` tag.
struct Lines {
    lines: Vec<(usize, usize)>,
    next: usize,
}

/// What a parse found besides the tree.
#[derive(Debug, Default)]
pub struct Parsed {
    pub root: Block,
    /// Every bare `${name}` and its byte offset (the linter checks the names).
    pub attributes: Vec<(String, usize)>,
    /// Numbers Liquid does not read as numbers (`1e308`): lax mode looks up a variable of that
    /// name, which is empty. With their byte offsets, for the linter.
    pub numbers_as_names: Vec<(String, usize)>,
}

pub fn parse(src: &str, dialect: Dialect) -> Result<Parsed, TemplateError> {
    let braze = dialect == Dialect::Braze;
    let toks = tokenize(src, 0, src.len(), braze)?;
    let mut p = Parser {
        src,
        dialect,
        braze,
        strict: dialect == Dialect::Liquid,
        toks,
        pos: 0,
        lines: Vec::new(),
        trim_next: false,
        depth: 0,
        attributes: Vec::new(),
        numbers_as_names: std::cell::RefCell::new(Vec::new()),
    };
    let root = p.document()?;
    Ok(Parsed {
        root,
        attributes: p.attributes,
        numbers_as_names: p.numbers_as_names.into_inner(),
    })
}

/// `1e308`, `-2.5E-3`: a number to a person, a variable name to Ruby Liquid's lax parser.
fn looks_like_exponent_number(text: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let Some((mantissa, exponent)) = text.split_once(['e', 'E']) else {
        return false;
    };
    let mantissa = mantissa.strip_prefix('-').unwrap_or(mantissa);
    let exponent = exponent.strip_prefix(['-', '+']).unwrap_or(exponent);
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => digits(whole) && digits(fraction),
        None => digits(mantissa),
    };
    mantissa_ok && digits(exponent)
}

/// Tags whose end tag closes a block (for friendlier "closes nothing" errors).
const BLOCKS: &[&str] = &[
    "if",
    "unless",
    "case",
    "for",
    "tablerow",
    "capture",
    "comment",
    "raw",
    "ifchanged",
];

struct Parser<'s> {
    src: &'s str,
    dialect: Dialect,
    braze: bool,
    /// The plain-Liquid dialect is current Shopify Liquid: strict parsing (`strict.rs`), and the
    /// newer tags (`doc`, `liquid` inside `liquid`, comments not parsed, `raw` with whitespace
    /// control). Braze and Zendesk run Ruby Liquid 5.4 in lax mode.
    strict: bool,
    toks: Vec<Tok>,
    pos: usize,
    lines: Vec<Lines>,
    /// The last markup ended in `-%}`/`-}}`: the next text loses its leading whitespace.
    trim_next: bool,
    depth: usize,
    attributes: Vec<(String, usize)>,
    numbers_as_names: std::cell::RefCell<Vec<(String, usize)>>,
}

impl<'s> Parser<'s> {
    fn err(&self, at: usize, kind: ErrorKind) -> TemplateError {
        error_at(self.src, at, kind)
    }

    fn document(&mut self) -> Result<Block, TemplateError> {
        let (block, stop) = self.body()?;
        match stop {
            None => Ok(block),
            Some(stop) => Err(self.outer_stop(stop)),
        }
    }

    /// An unknown tag at the top level.
    fn outer_stop(&self, stop: Stop) -> TemplateError {
        let kind = match stop.name.as_str() {
            "else" | "elsif" | "when" => ErrorKind::BranchOutside { tag: stop.name },
            name if name
                .strip_prefix("end")
                .is_some_and(|b| BLOCKS.contains(&b)) =>
            {
                ErrorKind::EndWithoutBlock { tag: stop.name }
            }
            "" => ErrorKind::UnknownTag {
                tag: self.src[stop.markup.0..stop.markup.1].to_owned(),
            },
            _ => ErrorKind::UnknownTag { tag: stop.name },
        };
        self.err(stop.at, kind)
    }

    /// A tag the block `block` does not take (Ruby's `Block.raise_unknown_tag`).
    fn inner_stop(&self, stop: Stop, block: &str) -> TemplateError {
        let kind = match stop.name.as_str() {
            "else" => ErrorKind::ElseNotExpected {
                block: block.to_owned(),
            },
            "elsif" | "when" => ErrorKind::BranchOutside { tag: stop.name },
            name if name.starts_with("end") => ErrorKind::WrongEnd {
                found: stop.name.clone(),
                expected: format!("end{block}"),
            },
            _ => ErrorKind::UnknownTag { tag: stop.name },
        };
        self.err(stop.at, kind)
    }

    /// A block's body up to a tag it does not know; the end of the input is an error.
    fn block_body(&mut self, block: &str, at: usize) -> Result<(Block, Stop), TemplateError> {
        if self.depth >= MAX_NESTING {
            return Err(self.err(at, ErrorKind::NestingTooDeep { max: MAX_NESTING }));
        }
        self.depth += 1;
        let result = self.body();
        self.depth -= 1;
        match result? {
            (body, Some(stop)) => Ok((body, stop)),
            (_, None) => Err(self.err(
                at,
                ErrorKind::BlockNotClosed {
                    tag: block.to_owned(),
                },
            )),
        }
    }

    /// `BlockBody#parse`: nodes until a tag this body does not know, or the end.
    fn body(&mut self) -> Result<(Block, Option<Stop>), TemplateError> {
        if !self.lines.is_empty() {
            return self.line_body();
        }
        let mut block = Block {
            nodes: Vec::new(),
            blank: true,
        };
        while let Some(tok) = self.toks.get(self.pos).copied() {
            self.pos += 1;
            match tok.kind {
                TokKind::Text => {
                    let mut text = &self.src[tok.start..tok.end];
                    if std::mem::take(&mut self.trim_next) {
                        text = ruby_lstrip(text);
                    }
                    block.blank &= text.bytes().all(syntax::is_space);
                    block.nodes.push(Node {
                        at: tok.start,
                        blank: false,
                        kind: NodeKind::Text(text.into()),
                    });
                }
                TokKind::Unclosed { tag } => {
                    let kind = if tag {
                        ErrorKind::TagNotClosed
                    } else {
                        ErrorKind::OutputNotClosed
                    };
                    return Err(self.err(tok.start, kind));
                }
                TokKind::Output => {
                    self.whitespace(&tok, &mut block);
                    let node = self.output_token(&tok)?;
                    block.blank = false;
                    block.nodes.push(node);
                }
                TokKind::Tag => {
                    self.whitespace(&tok, &mut block);
                    let (name, markup) = self.full_token(&tok)?;
                    if name == "liquid" {
                        self.liquid_tag(markup, &mut block)?;
                        continue;
                    }
                    match self.tag(name, markup, tok.start)? {
                        Some(node) => {
                            block.blank &= node.blank;
                            block.nodes.push(node);
                        }
                        None => {
                            return Ok((
                                block,
                                Some(Stop {
                                    name: name.to_owned(),
                                    markup,
                                    at: tok.start,
                                }),
                            ));
                        }
                    }
                }
            }
        }
        Ok((block, None))
    }

    /// Whitespace control: `{%-` strips the text before (in this body), `-%}` the text after.
    fn whitespace(&mut self, tok: &Tok, block: &mut Block) {
        let b = self.src.as_bytes();
        if b.get(tok.start + 2) == Some(&b'-')
            && let Some(Node {
                kind: NodeKind::Text(text),
                ..
            }) = block.nodes.last_mut()
        {
            *text = ruby_rstrip(text).into();
        }
        self.trim_next = tok.end >= 3 && b[tok.end - 3] == b'-';
    }

    /// `FullToken`: the tag's name (`#` or a word) and its markup.
    fn full_token(&self, tok: &Tok) -> Result<(&'s str, (usize, usize)), TemplateError> {
        let b = self.src.as_bytes();
        let mut i = tok.start + 2;
        let mut end = tok.end - 2;
        if b[i] == b'-' && i < end {
            i += 1;
        }
        while i < end && syntax::is_space(b[i]) {
            i += 1;
        }
        let name_start = i;
        if b.get(i) == Some(&b'#') {
            i += 1;
        } else {
            while i < end && syntax::is_word(b[i]) {
                i += 1;
            }
        }
        if i == name_start {
            return Err(self.err(
                tok.start,
                ErrorKind::UnknownTag {
                    tag: self.src[tok.start..tok.end].to_owned(),
                },
            ));
        }
        let name = &self.src[name_start..i];
        while i < end && syntax::is_space(b[i]) {
            i += 1;
        }
        if end > i && b[end - 1] == b'-' {
            end -= 1;
        }
        Ok((name, (i, end.max(i))))
    }

    /// The markup as the parser reads it: in the braze dialect, `{{`/`}}` inside a tag or an
    /// output are spaces (Braze accepts `{% if {{x}} == 1 %}`), and bare `${name}`s are noted.
    fn markup(&mut self, (start, end): (usize, usize)) -> Cow<'s, str> {
        let text = &self.src[start..end];
        if !self.braze {
            return Cow::Borrowed(text);
        }
        let b = text.as_bytes();
        let mut i = 0;
        while let Some(j) = text[i..].find("${").map(|j| i + j) {
            let close = text[j..].find('}').map_or(text.len(), |k| j + k + 1);
            let before = text[..j].trim_end();
            if !before.ends_with('.') {
                let name = expr::attribute_name(&text[j..close]).to_owned();
                self.attributes.push((name, start + j));
            }
            i = close;
        }
        if !text.contains("{{") && !text.contains("}}") {
            return Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len());
        let mut k = 0;
        while k < b.len() {
            let quoted = matches!(b[k], b'"' | b'\'')
                .then(|| text[k + 1..].find(b[k] as char).map(|m| k + 1 + m + 1))
                .flatten();
            if let Some(close) = quoted {
                // Braces inside a string are the string's (`'{"a":{"b":1}}' | json_parse`).
                out.push_str(&text[k..close]);
                k = close;
            } else if b[k] == b'$' && b.get(k + 1) == Some(&b'{') {
                let close = text[k..].find('}').map_or(text.len(), |m| k + m + 1);
                out.push_str(&text[k..close]);
                k = close;
            } else if (b[k] == b'{' || b[k] == b'}') && b.get(k + 1) == Some(&b[k]) {
                out.push_str("  ");
                k += 2;
            } else {
                let ch_len = text[k..].chars().next().map_or(1, char::len_utf8);
                out.push_str(&text[k..k + ch_len]);
                k += ch_len;
            }
        }
        Cow::Owned(out)
    }

    fn output_token(&mut self, tok: &Tok) -> Result<Node, TemplateError> {
        let b = self.src.as_bytes();
        let mut start = tok.start + 2;
        let close = if b[tok.end - 2] == b'}' && tok.end - tok.start >= 4 && b[tok.end - 1] == b'}'
        {
            2
        } else {
            // `{{ x }` : Ruby's "Variable … was not properly terminated".
            return Err(self.err(tok.start, ErrorKind::OutputNotClosed));
        };
        let mut end = tok.end - close;
        if b.get(start) == Some(&b'-') && start < end {
            start += 1;
        }
        if end > start && b[end - 1] == b'-' {
            end -= 1;
        }
        if self.braze {
            let inner = self.src[start..end].trim();
            if let Some(name) = inner
                .strip_prefix("content_blocks.${")
                .and_then(|s| s.strip_suffix('}'))
            {
                return Ok(Node {
                    at: tok.start,
                    blank: false,
                    kind: NodeKind::ContentBlock(name.trim().into()),
                });
            }
        }
        let output = self.variable((start, end))?;
        Ok(Node {
            at: tok.start,
            blank: false,
            kind: NodeKind::Output(output),
        })
    }

    fn expression(&self, text: &str, at: usize) -> Result<Expr, TemplateError> {
        let e = expr::parse(text, self.braze).map_err(|TooLarge(t)| self.too_large(t, text, at))?;
        if matches!(e, Expr::Var(_)) && looks_like_exponent_number(text.trim()) {
            let offset = at + (text.len() - text.trim_start().len());
            self.numbers_as_names
                .borrow_mut()
                .push((text.trim().to_owned(), offset));
        }
        Ok(e)
    }

    fn too_large(&self, number: String, text: &str, at: usize) -> TemplateError {
        let offset = at + text.find(&number).unwrap_or(0);
        self.err(offset, ErrorKind::NumberTooLarge { text: number })
    }

    /// `Variable#lax_parse` (or `#strict_parse` in the plain-Liquid dialect).
    fn variable(&mut self, span: (usize, usize)) -> Result<Output, TemplateError> {
        if self.strict {
            return self.strict_variable(span);
        }
        let markup = self.markup(span);
        let at = span.0;
        let (name, marks) = syntax::variable_markup(markup.as_bytes(), self.braze);
        let value = match name {
            Some((s, e)) => Some(self.expression(&markup[s..e], at + s)?),
            None => None,
        };
        let mut filters = Vec::with_capacity(marks.len());
        for mark in marks {
            let name = &markup[mark.name.0..mark.name.1];
            let def = self.filter_def(name, at + mark.name.0)?;
            let mut args = Vec::new();
            let mut keywords = Vec::new();
            for (s, e) in mark.args {
                let text = &markup[s..e];
                match syntax::keyword_argument(text.as_bytes(), self.braze) {
                    Some(((ks, ke), (vs, ve))) => keywords.push((
                        text[ks..ke].into(),
                        self.expression(&text[vs..ve], at + s + vs)?,
                    )),
                    None => args.push(self.expression(text, at + s)?),
                }
            }
            filters.push(FilterCall {
                def,
                args,
                keywords,
                at: at + mark.name.0,
            });
        }
        Ok(Output { value, filters })
    }

    fn strict_variable(&mut self, span: (usize, usize)) -> Result<Output, TemplateError> {
        let markup = &self.src[span.0..span.1];
        let at = span.0;
        // Errors in the expression point at it, past the spaces after `{{`.
        let expression_at = at + (markup.len() - markup.trim_start().len());
        let checked = strict::variable(markup).map_err(|strict::Unexpected(found)| {
            self.err(expression_at, ErrorKind::Unexpected { found })
        })?;
        let value = match &checked.value {
            Some(text) => Some(self.expression(text, expression_at)?),
            None => None,
        };
        // Filter names are found again in the text, for positions.
        let mut cursor = 0;
        let mut filters = Vec::new();
        for (name, args) in checked.filters {
            let found = markup[cursor..]
                .find('|')
                .and_then(|p| {
                    markup[cursor + p..]
                        .find(name.as_str())
                        .map(|q| cursor + p + q)
                })
                .unwrap_or(cursor);
            cursor = found + name.len();
            let def = self.filter_def(&name, at + found)?;
            let mut positional = Vec::new();
            let mut keywords = Vec::new();
            for arg in args {
                match syntax::keyword_argument(arg.as_bytes(), false) {
                    Some(((ks, ke), (vs, ve))) => keywords.push((
                        arg[ks..ke].into(),
                        self.expression(&arg[vs..ve], at + found)?,
                    )),
                    None => positional.push(self.expression(&arg, at + found)?),
                }
            }
            filters.push(FilterCall {
                def,
                args: positional,
                keywords,
                at: at + found,
            });
        }
        Ok(Output { value, filters })
    }

    fn filter_def(&self, name: &str, at: usize) -> Result<&'static FilterDef, TemplateError> {
        if let Some(def) = filters::lookup(name, self.dialect) {
            return Ok(def);
        }
        let kind = if self.dialect == Dialect::Braze && registry::BRAZE_UNSUPPORTED.contains(&name)
        {
            ErrorKind::FilterNotInBraze {
                name: name.to_owned(),
            }
        } else if self.dialect == Dialect::Braze && registry::NEWER_THAN_LIQUID_5.contains(&name) {
            ErrorKind::FilterNewerThanBraze {
                name: name.to_owned(),
            }
        } else {
            let suggestion = registry::filters_of(self.dialect)
                .map(|f| (super::strsim_distance(name, f.name), f.name))
                .filter(|(d, _)| *d <= 2)
                .min()
                .map(|(_, n)| n.to_owned());
            ErrorKind::UnknownFilter {
                name: name.to_owned(),
                suggestion,
            }
        };
        Err(self.err(at, kind))
    }

    fn condition(
        &mut self,
        tag: &str,
        span: (usize, usize),
        at: usize,
    ) -> Result<Cond, TemplateError> {
        if self.strict {
            let markup = &self.src[span.0..span.1];
            let (comparisons, operators) =
                strict::condition(markup).map_err(|strict::Unexpected(found)| {
                    self.err(at, ErrorKind::Unexpected { found })
                })?;
            let operand = |text: &str| {
                expr::parse_condition_operand(text, false)
                    .map_err(|TooLarge(t)| self.too_large(t, markup, span.0))
            };
            let mut conds = Vec::with_capacity(comparisons.len());
            for (left, op) in comparisons {
                let left = operand(&left)?;
                conds.push(match op {
                    Some((op, right)) => Cond::Compare(left, op.into(), operand(&right)?),
                    None => Cond::Test(left),
                });
            }
            // `a and b or c` is `a and (b or c)`, as in lax mode.
            let mut cond = conds.pop().ok_or_else(|| self.syntax_error(tag, at))?;
            while let Some(left) = conds.pop() {
                cond = match operators.get(conds.len()) {
                    Some(&"and") => Cond::And(Box::new(left), Box::new(cond)),
                    _ => Cond::Or(Box::new(left), Box::new(cond)),
                };
            }
            return Ok(cond);
        }
        let markup = self.markup(span);
        expr::condition(&markup, self.braze).map_err(|e| match e {
            CondError::Syntax => self.err(
                at,
                ErrorKind::TagSyntax {
                    tag: tag.to_owned(),
                    usage: usage(tag),
                },
            ),
            CondError::TooLarge(TooLarge(t)) => self.too_large(t, &markup, span.0),
        })
    }

    fn syntax_error(&self, tag: &str, at: usize) -> TemplateError {
        self.err(
            at,
            ErrorKind::TagSyntax {
                tag: tag.to_owned(),
                usage: usage(tag),
            },
        )
    }

    /// One tag; `None` when this body does not know it (an end tag, `else`, an unknown tag).
    fn tag(
        &mut self,
        name: &str,
        span: (usize, usize),
        at: usize,
    ) -> Result<Option<Node>, TemplateError> {
        let node = |kind, blank| Some(Node { at, blank, kind });
        let braze_only = matches!(
            name,
            "abort_message" | "connected_content" | "catalog_items" | "message_extras"
        );
        if braze_only && !self.braze {
            return Ok(None);
        }
        Ok(match name {
            "assign" => node(self.assign(span, at)?, true),
            "capture" => {
                let markup = self.markup(span);
                let Some(var) = variable_signature(&markup) else {
                    return Err(self.syntax_error("capture", at));
                };
                let var: Box<str> = var.into();
                let (body, stop) = self.block_body("capture", at)?;
                if stop.name != "endcapture" {
                    return Err(self.inner_stop(stop, "capture"));
                }
                node(NodeKind::Capture { name: var, body }, true)
            }
            "if" | "unless" => {
                let (kind, blank) = self.if_block(name, span, at)?;
                node(kind, blank)
            }
            "case" => {
                let (kind, blank) = self.case_block(span, at)?;
                node(kind, blank)
            }
            "for" | "tablerow" => {
                let (kind, blank) = self.for_block(name, span, at)?;
                node(kind, blank)
            }
            "cycle" => node(self.cycle(span, at)?, false),
            "increment" | "decrement" => node(
                NodeKind::Counter {
                    name: super::value::ruby_strip(&self.src[span.0..span.1]).into(),
                    increment: name == "increment",
                },
                false,
            ),
            "break" => node(NodeKind::Break, false),
            "continue" => node(NodeKind::Continue, false),
            "echo" => node(NodeKind::Output(self.variable(span)?), false),
            "raw" => {
                let body = self.raw(span, at)?;
                let blank = body.is_empty();
                node(NodeKind::Raw(body.into()), blank)
            }
            "comment" => {
                self.comment(at)?;
                node(NodeKind::Nothing, true)
            }
            "#" => {
                let markup = &self.src[span.0..span.1];
                let bad = markup
                    .split('\n')
                    .skip(1)
                    .any(|line| ruby_lstrip(line).chars().next().is_some_and(|c| c != '#'));
                if bad {
                    return Err(self.err(at, ErrorKind::InlineComment));
                }
                node(NodeKind::Nothing, true)
            }
            "doc" if self.strict => {
                if !self.src[span.0..span.1].trim().is_empty() {
                    return Err(self.syntax_error("doc", at));
                }
                self.verbatim("doc", None, at)?;
                node(NodeKind::Nothing, true)
            }
            "ifchanged" => {
                let (body, stop) = self.block_body("ifchanged", at)?;
                if stop.name != "endifchanged" {
                    return Err(self.inner_stop(stop, "ifchanged"));
                }
                let blank = body.blank;
                node(NodeKind::IfChanged(body), blank)
            }
            "include" | "render" => {
                let markup = &self.src[span.0..span.1];
                let ok = if name == "render" {
                    let t = markup.trim_start();
                    t.starts_with('\'') || t.starts_with('"')
                } else {
                    syntax::find_quoted_fragment(markup.as_bytes(), 0, self.braze).is_some()
                };
                if !ok {
                    return Err(self.syntax_error(name, at));
                }
                node(NodeKind::Include, false)
            }
            "abort_message" => {
                let markup = self.markup(span);
                let reason = markup.trim();
                let reason = reason
                    .strip_prefix('(')
                    .and_then(|r| r.strip_suffix(')'))
                    .unwrap_or(reason)
                    .trim()
                    .to_owned();
                let reason = if reason.is_empty() {
                    None
                } else {
                    Some(self.expression(&reason, span.0)?)
                };
                node(NodeKind::AbortMessage(reason), false)
            }
            "connected_content" | "catalog_items" | "message_extras" => {
                let tag = match name {
                    "connected_content" => BrazeTag::ConnectedContent,
                    "catalog_items" => BrazeTag::CatalogItems,
                    _ => BrazeTag::MessageExtras,
                };
                let args = self.sub_template(span)?;
                node(NodeKind::BrazeTag { tag, args }, false)
            }
            _ => None,
        })
    }

    /// Free text of a tag that may hold Liquid, parsed as a template of its own.
    fn sub_template(&mut self, (start, end): (usize, usize)) -> Result<Block, TemplateError> {
        let toks = tokenize(self.src, start, end, self.braze)?;
        let saved_toks = std::mem::replace(&mut self.toks, toks);
        let saved_pos = std::mem::replace(&mut self.pos, 0);
        let saved_lines = std::mem::take(&mut self.lines);
        let saved_trim = std::mem::take(&mut self.trim_next);
        let result = self.body();
        self.toks = saved_toks;
        self.pos = saved_pos;
        self.lines = saved_lines;
        self.trim_next = saved_trim;
        match result? {
            (block, None) => Ok(block),
            (_, Some(stop)) => Err(self.outer_stop(stop)),
        }
    }

    fn assign(&mut self, span: (usize, usize), at: usize) -> Result<NodeKind, TemplateError> {
        let markup = self.markup(span);
        let b = markup.as_bytes();
        // `(VariableSignature+)\s*=\s*(.*)`, leftmost.
        let mut found = None;
        let mut i = 0;
        while i < b.len() {
            if is_signature_byte(b[i]) {
                let end = (i..b.len())
                    .find(|&k| !is_signature_byte(b[k]))
                    .unwrap_or(b.len());
                let eq = (end..b.len())
                    .find(|&k| !syntax::is_space(b[k]))
                    .unwrap_or(b.len());
                if b.get(eq) == Some(&b'=') {
                    found = Some((i, end, eq + 1));
                    break;
                }
                i = end;
            } else {
                i += 1;
            }
        }
        let Some((ns, ne, value)) = found else {
            return Err(self.syntax_error("assign", at));
        };
        let name: Box<str> = markup[ns..ne].into();
        let value = self.variable((span.0 + value, span.1))?;
        Ok(NodeKind::Assign { name, value })
    }

    fn if_block(
        &mut self,
        tag: &str,
        span: (usize, usize),
        at: usize,
    ) -> Result<(NodeKind, bool), TemplateError> {
        let end = format!("end{tag}");
        let mut cond = self.condition(tag, span, at)?;
        let mut branches = Vec::new();
        loop {
            let (body, stop) = self.block_body(tag, at)?;
            branches.push((cond, body));
            cond = match stop.name.as_str() {
                "elsif" => self.condition("elsif", stop.markup, stop.at)?,
                "else" => Cond::Else,
                name if name == end => break,
                _ => return Err(self.inner_stop(stop, tag)),
            };
        }
        let blank = branches.iter().all(|(_, b)| b.blank);
        if blank {
            for (_, body) in &mut branches {
                remove_text(body);
            }
        }
        Ok((
            NodeKind::If {
                branches,
                unless: tag == "unless",
            },
            blank,
        ))
    }

    fn case_block(
        &mut self,
        span: (usize, usize),
        at: usize,
    ) -> Result<(NodeKind, bool), TemplateError> {
        let markup = self.markup(span).into_owned();
        let Some((s, e)) = syntax::find_quoted_fragment(markup.as_bytes(), 0, self.braze) else {
            return Err(self.syntax_error("case", at));
        };
        let subject = self.expression(&markup[s..e], span.0 + s)?;
        // Text before the first `when` is parsed, counts for blankness, and never renders.
        let (before, mut stop) = self.block_body("case", at)?;
        let mut blank = before.blank;
        let mut arms = Vec::new();
        let mut bodies = Vec::new();
        loop {
            let conds: Vec<Cond> = match stop.name.as_str() {
                "when" => {
                    let when = self.markup(stop.markup).into_owned();
                    let mut conds = Vec::new();
                    for value in when_values(&when, self.braze) {
                        let v = expr::parse_condition_operand(value, self.braze)
                            .map_err(|TooLarge(t)| self.too_large(t, &when, stop.markup.0))?;
                        conds.push(Cond::Compare(subject.clone(), "==".into(), v));
                    }
                    if conds.is_empty() {
                        return Err(self.syntax_error("when", stop.at));
                    }
                    conds
                }
                "else" => {
                    if !self.src[stop.markup.0..stop.markup.1].trim().is_empty() {
                        return Err(self.syntax_error("else", stop.at));
                    }
                    vec![Cond::Else]
                }
                "endcase" => break,
                _ => return Err(self.inner_stop(stop, "case")),
            };
            let (body, next) = self.block_body("case", at)?;
            blank &= body.blank;
            for cond in conds {
                arms.push((cond, bodies.len()));
            }
            bodies.push(body);
            stop = next;
        }
        if blank {
            for body in &mut bodies {
                remove_text(body);
            }
        }
        Ok((NodeKind::Case { arms, bodies }, blank))
    }

    fn for_block(
        &mut self,
        tag: &str,
        span: (usize, usize),
        at: usize,
    ) -> Result<(NodeKind, bool), TemplateError> {
        let markup = self.markup(span).into_owned();
        let b = markup.as_bytes();
        let braze = self.braze;
        // for: `\A([\w-]+)\s+in\s+(QuotedFragment+)\s*(reversed)?`
        // tablerow: `(\w+)\s+in\s+(QuotedFragment+)` anywhere.
        let header = (|| {
            let start = if tag == "for" {
                0
            } else {
                (0..b.len()).find(|&i| syntax::is_word(b[i]))?
            };
            let var_end = (start..b.len())
                .find(|&i| !(syntax::is_word(b[i]) || (tag == "for" && b[i] == b'-')))
                .unwrap_or(b.len());
            if var_end == start || !b.get(var_end).is_some_and(|&c| syntax::is_space(c)) {
                return None;
            }
            let in_at = (var_end..b.len()).find(|&i| !syntax::is_space(b[i]))?;
            if !b[in_at..].starts_with(b"in")
                || !b.get(in_at + 2).is_some_and(|&c| syntax::is_space(c))
            {
                return None;
            }
            let coll = (in_at + 2..b.len()).find(|&i| !syntax::is_space(b[i]))?;
            let coll_end = syntax::quoted_fragments_at(b, coll, braze)?;
            let after = (coll_end..b.len())
                .find(|&i| !syntax::is_space(b[i]))
                .unwrap_or(b.len());
            let reversed = tag == "for"
                && b[after..].starts_with(b"reversed")
                && !b.get(after + 8).is_some_and(|&c| syntax::is_word(c));
            Some((start, var_end, coll, coll_end, reversed))
        })();
        let mut attributes: Vec<(String, String)> = Vec::new();
        let (var, collection_text, reversed) = if self.strict && tag == "for" {
            let h = strict::for_header(&markup).map_err(|strict::Unexpected(found)| {
                self.err(at, ErrorKind::Unexpected { found })
            })?;
            attributes = h.attributes;
            (h.var, h.collection, h.reversed)
        } else {
            let Some((vs, ve, cs, ce, reversed)) = header else {
                return Err(self.syntax_error(tag, at));
            };
            for ((ks, ke), (vs, ve)) in syntax::tag_attributes(b, braze) {
                attributes.push((markup[ks..ke].to_owned(), markup[vs..ve].to_owned()));
            }
            (
                markup[vs..ve].to_owned(),
                markup[cs..ce].to_owned(),
                reversed,
            )
        };
        let var: Box<str> = var.into();
        let collection = self.expression(&collection_text, span.0)?;
        let name: Box<str> = format!("{var}-{collection_text}").into();
        let mut limit = None;
        let mut offset = Offset::None;
        let mut cols = None;
        for (key, value) in &attributes {
            match key.as_str() {
                "limit" => limit = Some(self.expression(value, span.0)?),
                "offset" if value == "continue" && tag == "for" => offset = Offset::Continue,
                "offset" => offset = Offset::At(self.expression(value, span.0)?),
                "cols" if tag == "tablerow" => cols = Some(self.expression(value, span.0)?),
                _ => {}
            }
        }
        let end = format!("end{tag}");
        let (mut body, stop) = self.block_body(tag, at)?;
        let mut otherwise = None;
        let stop = if stop.name == "else" && tag == "for" {
            let (else_body, stop) = self.block_body(tag, at)?;
            otherwise = Some(else_body);
            stop
        } else {
            stop
        };
        if stop.name != end {
            return Err(self.inner_stop(stop, tag));
        }
        let blank = body.blank && otherwise.as_ref().is_none_or(|b| b.blank);
        if blank && tag == "for" {
            remove_text(&mut body);
            if let Some(o) = otherwise.as_mut() {
                remove_text(o);
            }
        }
        let l = Box::new(ForLoop {
            var,
            collection,
            name,
            limit,
            offset,
            reversed,
            cols,
            body,
            otherwise,
        });
        Ok((
            if tag == "for" {
                NodeKind::For(l)
            } else {
                NodeKind::TableRow(l)
            },
            blank,
        ))
    }

    fn cycle(&mut self, span: (usize, usize), at: usize) -> Result<NodeKind, TemplateError> {
        let markup = self.markup(span).into_owned();
        let b = markup.as_bytes();
        let braze = self.braze;
        let values =
            |p: &Parser<'s>, list: &str, base: usize| -> Result<Vec<Expr>, TemplateError> {
                let mut out = Vec::new();
                for part in list.split(',') {
                    if let Some((s, e)) = syntax::find_quoted_fragment(part.as_bytes(), 0, braze) {
                        out.push(p.expression(&part[s..e], base)?);
                    }
                }
                Ok(out)
            };
        // NamedSyntax: `\A(QuotedFragment)\s*\:\s*(.*)`; the fragment gives back characters
        // until a `:` follows it (`a: 1, 2` names the group `a`).
        if let Some(fragment_end) = syntax::quoted_fragment_at(b, 0, braze) {
            let inside = if b[0] == b'"' || b[0] == b'\'' {
                None
            } else {
                (1..fragment_end).find(|&i| b[i] == b':')
            };
            let (name_end, colon) = match inside {
                Some(c) => (c, Some(c)),
                None => (
                    fragment_end,
                    (fragment_end..b.len()).find(|&i| !syntax::is_space(b[i])),
                ),
            };
            if let Some(colon) = colon.filter(|&c| b[c] == b':') {
                let group = self.expression(&markup[..name_end], span.0)?;
                let list = values(self, &markup[colon + 1..], span.0 + colon + 1)?;
                return Ok(NodeKind::Cycle {
                    group: CycleGroup::Named(group),
                    values: list,
                });
            }
            let values = values(self, &markup, span.0)?;
            let key = if values
                .iter()
                .all(|v| !matches!(v, Expr::Var(_) | Expr::DynRange(..)))
            {
                format!("{values:?}")
            } else {
                // Ruby keys a cycle of variables by the objects' identities: this tag only.
                format!("\u{0}{at}")
            };
            return Ok(NodeKind::Cycle {
                group: CycleGroup::Literal(key.into()),
                values,
            });
        }
        Err(self.syntax_error("cycle", at))
    }

    /// `raw`: the tokens up to `{% endraw %}` as they are. The whitespace control of the opening
    /// tag carries over to the text after `endraw`, and `{%- endraw %}` does not close it (Ruby).
    fn raw(&mut self, span: (usize, usize), at: usize) -> Result<String, TemplateError> {
        if !self.src[span.0..span.1].bytes().all(syntax::is_space) {
            return Err(self.syntax_error("raw", at));
        }
        let (body, _) = self.verbatim("raw", None, at)?;
        Ok(body)
    }

    /// The tokens of a block whose body is not Liquid (`raw`; in the plain-Liquid dialect also
    /// `comment` and `doc`), up to its end tag, as text.
    ///
    /// Ruby Liquid 5.4 closes `raw` at any token whose last `{%` is followed by the end tag's
    /// name (`FullTokenPossiblyInvalid`: `{{ x {% endraw %}` closes it too) and ignores
    /// whitespace control there; the opening tag's `-%}` then trims the text after the block.
    /// Current Liquid also reads `{%- endraw -%}`: the dashes trim the body and what follows.
    fn verbatim(
        &mut self,
        block: &str,
        nested: Option<&str>,
        at: usize,
    ) -> Result<(String, bool), TemplateError> {
        let end = format!("end{block}");
        if !self.lines.is_empty() {
            return self.verbatim_lines(block, &end, nested, at);
        }
        let trim_start = self.strict && std::mem::take(&mut self.trim_next);
        let mut body = String::new();
        let mut depth = 0usize;
        let mut in_raw = false;
        while let Some(tok) = self.toks.get(self.pos).copied() {
            self.pos += 1;
            let text = &self.src[tok.start..tok.end];
            if let Some((before, name, dash_before, dash_after)) = self.last_tag_name(text) {
                if in_raw {
                    in_raw = name != "endraw";
                } else if nested.is_some() && name == "raw" {
                    // A `raw` inside a comment hides its end tag.
                    in_raw = true;
                } else if name == block && block == "doc" {
                    return Err(self.err(
                        tok.start,
                        ErrorKind::TagSyntax {
                            tag: "doc".into(),
                            usage: usage("doc"),
                        },
                    ));
                } else if Some(name) == nested {
                    depth += 1;
                } else if name == end && depth > 0 {
                    depth -= 1;
                } else if name == end {
                    body.push_str(before);
                    if self.strict {
                        if trim_start {
                            body = ruby_lstrip(&body).to_owned();
                        }
                        if dash_before {
                            body.truncate(ruby_rstrip(&body).len());
                        }
                        self.trim_next = dash_after;
                    }
                    return Ok((body, dash_after));
                }
            }
            body.push_str(text);
        }
        Err(self.err(
            at,
            ErrorKind::BlockNotClosed {
                tag: block.to_owned(),
            },
        ))
    }

    /// A comment inside `{% liquid %}`: its lines up to `endcomment` (current Liquid).
    fn verbatim_lines(
        &mut self,
        block: &str,
        end: &str,
        nested: Option<&str>,
        at: usize,
    ) -> Result<(String, bool), TemplateError> {
        let mut depth = 0usize;
        while let Some(source) = self.lines.last_mut() {
            let Some(&(ls, le)) = source.lines.get(source.next) else {
                break;
            };
            source.next += 1;
            let line = self.src[ls..le].trim();
            let name: String = line
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if Some(name.as_str()) == nested {
                depth += 1;
            } else if name == end {
                if depth == 0 {
                    return Ok((String::new(), false));
                }
                depth -= 1;
            }
        }
        Err(self.err(
            at,
            ErrorKind::BlockNotClosed {
                tag: block.to_owned(),
            },
        ))
    }

    /// `\A(.*)\{\%\s*(\w+)\s*(.*)?\%\}\z` over a token: the text before its last `{%`, the tag
    /// name there, and (current Liquid only) whitespace-control dashes around it.
    fn last_tag_name<'t>(&self, text: &'t str) -> Option<(&'t str, &'t str, bool, bool)> {
        if !text.ends_with("%}") {
            return None;
        }
        let b = text.as_bytes();
        let mut search = text.len() - 2;
        while let Some(open) = text[..search].rfind("{%") {
            search = open;
            let mut i = open + 2;
            let dash_before = self.strict && b.get(i) == Some(&b'-');
            if dash_before {
                i += 1;
            }
            while i < b.len() && syntax::is_space(b[i]) {
                i += 1;
            }
            let name_len = b[i..].iter().take_while(|c| syntax::is_word(**c)).count();
            if name_len > 0 {
                let dash_after = self.strict && text.len() >= 3 && b[text.len() - 3] == b'-';
                return Some((
                    &text[..open],
                    &text[i..i + name_len],
                    dash_before,
                    dash_after,
                ));
            }
            if open == 0 {
                break;
            }
        }
        None
    }

    /// `comment`: its body is parsed (tags must be valid) and unknown tags are ignored. In the
    /// plain-Liquid dialect, as in current Liquid, it is not parsed at all.
    fn comment(&mut self, at: usize) -> Result<(), TemplateError> {
        if self.strict {
            self.verbatim("comment", Some("comment"), at)?;
            return Ok(());
        }
        loop {
            let (_, stop) = self.block_body("comment", at)?;
            if stop.name == "endcomment" {
                return Ok(());
            }
        }
    }

    /// `{% liquid %}`: one tag per line, read into the current body.
    fn liquid_tag(
        &mut self,
        (start, end): (usize, usize),
        block: &mut Block,
    ) -> Result<(), TemplateError> {
        let text = &self.src[start..end];
        let mut lines = Vec::new();
        let mut from = start;
        for line in text.split('\n') {
            lines.push((from, from + line.len()));
            from += line.len() + 1;
        }
        self.lines.push(Lines { lines, next: 0 });
        let result = self.line_body();
        self.lines.pop();
        let (inner, stop) = result?;
        if let Some(stop) = stop {
            let kind = if stop.name.starts_with("end") {
                ErrorKind::LiquidTagEnd { tag: stop.name }
            } else {
                return Err(self.outer_stop(stop));
            };
            return Err(self.err(stop.at, kind));
        }
        block.blank &= inner.blank;
        block.nodes.extend(inner.nodes);
        Ok(())
    }

    /// A body read from `{% liquid %}` lines.
    fn line_body(&mut self) -> Result<(Block, Option<Stop>), TemplateError> {
        let mut block = Block {
            nodes: Vec::new(),
            blank: true,
        };
        loop {
            let Some(source) = self.lines.last_mut() else {
                return Ok((block, None));
            };
            let Some(&(ls, le)) = source.lines.get(source.next) else {
                return Ok((block, None));
            };
            source.next += 1;
            let line = &self.src[ls..le];
            let trimmed = ruby_lstrip(line);
            if trimmed.trim().is_empty() {
                continue;
            }
            let at = ls + (line.len() - trimmed.len());
            let b = trimmed.as_bytes();
            let name_len = if b.first() == Some(&b'#') {
                1
            } else {
                b.iter().take_while(|c| syntax::is_word(**c)).count()
            };
            if name_len == 0 {
                return Ok((
                    block,
                    Some(Stop {
                        name: trimmed.trim_end().to_owned(),
                        markup: (at, le),
                        at,
                    }),
                ));
            }
            let name = &trimmed[..name_len];
            let rest = &trimmed[name_len..];
            let markup_start = at + name_len + (rest.len() - ruby_lstrip(rest).len());
            let markup = (markup_start.min(le), le);
            if name == "liquid" {
                if self.strict {
                    // Current Liquid reads `liquid` inside `liquid` as more of the same.
                    let mut inner = Block::default();
                    self.liquid_tag(markup, &mut inner)?;
                    block.blank &= inner.blank || inner.nodes.is_empty();
                    block.nodes.extend(inner.nodes);
                    continue;
                }
                return Ok((
                    block,
                    Some(Stop {
                        name: name.to_owned(),
                        markup,
                        at,
                    }),
                ));
            }
            match self.tag(name, markup, at)? {
                Some(node) => {
                    block.blank &= node.blank;
                    block.nodes.push(node);
                }
                None => {
                    return Ok((
                        block,
                        Some(Stop {
                            name: name.to_owned(),
                            markup,
                            at,
                        }),
                    ));
                }
            }
        }
    }
}

/// Ruby's `remove_blank_strings`: a blank tag drops the whitespace of all its branches.
fn remove_text(body: &mut Block) {
    body.nodes.retain(|n| !matches!(n.kind, NodeKind::Text(_)));
}

fn is_signature_byte(b: u8) -> bool {
    syntax::is_word(b) || matches!(b, b'-' | b'.' | b'[' | b']' | b'(' | b')')
}

/// `VariableSignature+`, leftmost.
fn variable_signature(markup: &str) -> Option<&str> {
    let b = markup.as_bytes();
    let start = (0..b.len()).find(|&i| is_signature_byte(b[i]))?;
    let end = (start..b.len())
        .find(|&i| !is_signature_byte(b[i]))
        .unwrap_or(b.len());
    Some(&markup[start..end])
}

/// `Case::WhenSyntax`, repeated: values separated by `,` or ` or `.
fn when_values(markup: &str, braze: bool) -> Vec<&str> {
    let b = markup.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some((s, e)) = syntax::find_quoted_fragment(b, from, braze) {
        out.push(&markup[s..e]);
        // `(?:\s+or\s+|\s*\,\s*)(QuotedFragment.*)`
        let mut k = e;
        while k < b.len() && syntax::is_space(b[k]) {
            k += 1;
        }
        let spaced = k > e;
        let next = if b.get(k) == Some(&b',') {
            k + 1
        } else if spaced
            && b[k..].starts_with(b"or")
            && b.get(k + 2).is_some_and(|&c| syntax::is_space(c))
        {
            k + 2
        } else {
            break;
        };
        let next = (next..b.len())
            .find(|&i| !syntax::is_space(b[i]))
            .unwrap_or(b.len());
        if syntax::quoted_fragment_at(b, next, braze).is_none() {
            break;
        }
        from = next;
    }
    out
}

/// How a tag is written, for its syntax error.
fn usage(tag: &str) -> &'static str {
    match tag {
        "assign" => "{% assign name = value %}",
        "capture" => "{% capture name %}…{% endcapture %}",
        "case" => "{% case value %}",
        "when" => "{% when value, value or value %}",
        "else" => "{% else %}",
        "for" => "{% for item in collection %}",
        "tablerow" => "{% tablerow item in collection cols: 3 %}",
        "cycle" => "{% cycle 'a', 'b' %}",
        "raw" => "{% raw %}…{% endraw %}",
        "doc" => "{% doc %}…{% enddoc %}",
        "include" => "{% include 'name' %}",
        "render" => "{% render 'name' %}",
        "unless" => "{% unless condition %}",
        "elsif" => "{% elsif condition %}",
        _ => "{% if condition %}",
    }
}
