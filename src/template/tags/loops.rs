//! `for` and `tablerow`, adapted from liquid-lib's (MIT) so that loop scopes look values up
//! laxly (see `runtime.rs`) and so that `limit`/`offset`/ranges follow Ruby Liquid.

use std::io::Write;

use liquid_core::error::ResultLiquidExt;
use liquid_core::model::{KString, Object, ObjectView, Value, ValueCow, ValueView};
use liquid_core::parser::{BlockElement, TryMatchToken};
use liquid_core::runtime::{Interrupt, InterruptRegister};
use liquid_core::{
    BlockReflection, Error, Expression, Language, ParseBlock, Renderable, Result, Runtime,
    TagBlock, TagTokenIter, Template,
};

use super::body::{Body, report_blank};
use crate::template::runtime::LaxFrame;

#[derive(Clone, Debug)]
enum RangeExpression {
    Array(Expression),
    Counted(Expression, Expression),
}

/// Loop header shared by `for` and `tablerow`: `VAR in COLLECTION [params]`.
struct LoopHeader {
    var_name: KString,
    range: RangeExpression,
    params: Vec<(String, Option<Expression>)>,
    /// `forloop.name`: `var-collection`, also the key `offset: continue` resumes from.
    name: String,
    offset_continue: bool,
}

/// Where each named loop stopped, for `offset: continue`.
#[derive(Default)]
struct LoopOffsets(std::collections::HashMap<String, usize>);

fn parse_header(arguments: &mut TagTokenIter<'_>, allowed: &[&str]) -> Result<LoopHeader> {
    let var_name = arguments
        .expect_next("Identifier expected.")?
        .expect_identifier()
        .into_result()?;
    arguments
        .expect_next("\"in\" expected.")?
        .expect_str("in")
        .into_result_custom_msg("\"in\" expected.")?;
    let range = arguments.expect_next("Array or range expected.")?;
    let name = format!("{var_name}-{}", range.as_str());
    let range = match range.expect_value() {
        TryMatchToken::Matches(array) => RangeExpression::Array(array),
        TryMatchToken::Fails(range) => match range.expect_range() {
            TryMatchToken::Matches((start, stop)) => RangeExpression::Counted(start, stop),
            TryMatchToken::Fails(range) => return range.raise_error().into_err(),
        },
    };
    let mut params = Vec::new();
    let mut offset_continue = false;
    while let Some(token) = arguments.next() {
        let name = token.as_str().to_owned();
        if name == "," {
            continue;
        }
        if !allowed.contains(&name.as_str()) {
            return token
                .raise_custom_error(&format!("expected one of {}", allowed.join(", ")))
                .into_err();
        }
        if name == "reversed" {
            params.push((name, None));
            continue;
        }
        arguments
            .expect_next("\":\" expected.")?
            .expect_str(":")
            .into_result_custom_msg("\":\" expected.")?;
        let value = arguments.expect_next("Value expected.")?;
        if name == "offset" && value.as_str() == "continue" {
            offset_continue = true;
            params.retain(|(n, _)| n != "offset");
            continue;
        }
        let value = value.expect_value().into_result()?;
        if name == "offset" {
            offset_continue = false;
        }
        params.push((name, Some(value)));
    }
    arguments.expect_nothing()?;
    Ok(LoopHeader {
        var_name: KString::from_ref(var_name),
        range,
        params,
        name,
        offset_continue,
    })
}

impl LoopHeader {
    fn param(&self, name: &str) -> Option<&Expression> {
        self.params
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .and_then(|(_, e)| e.as_ref())
    }

    fn has(&self, name: &str) -> bool {
        self.params.iter().any(|(n, _)| n == name)
    }

    /// The items the loop visits, after offset, limit and reversed.
    fn items<'r>(&'r self, runtime: &'r dyn Runtime) -> Result<Vec<ValueCow<'r>>> {
        let mut items = match &self.range {
            RangeExpression::Array(expr) => collection(expr.evaluate(runtime)?)?,
            RangeExpression::Counted(start, stop) => {
                let start = int_value(start, runtime)?.unwrap_or(0);
                let stop = int_value(stop, runtime)?.unwrap_or(0);
                (start..=stop).map(|i| Value::scalar(i).into()).collect()
            }
        };
        let offset = if self.offset_continue {
            let offsets = runtime.registers().get_mut::<LoopOffsets>();
            offsets.0.get(&self.name).copied().unwrap_or(0)
        } else {
            match self.param("offset") {
                Some(e) => int_value(e, runtime)?.unwrap_or(0).max(0) as usize,
                None => 0,
            }
        };
        let offset = offset.min(items.len());
        items.drain(..offset);
        if let Some(e) = self.param("limit") {
            let limit = int_value(e, runtime)?.unwrap_or(0).max(0) as usize;
            items.truncate(limit);
        }
        let resume = offset + items.len();
        runtime
            .registers()
            .get_mut::<LoopOffsets>()
            .0
            .insert(self.name.clone(), resume);
        if self.has("reversed") {
            items.reverse();
        }
        Ok(items)
    }
}

fn int_value(expr: &Expression, runtime: &dyn Runtime) -> Result<Option<i64>> {
    let value = expr.evaluate(runtime)?;
    if value.is_nil() {
        return Ok(None);
    }
    match value.as_scalar().and_then(|s| {
        s.to_integer()
            .or_else(|| s.to_float().map(|f| f as i64))
            .or_else(|| s.to_kstr().trim().parse::<i64>().ok())
    }) {
        Some(i) => Ok(Some(i)),
        None => Error::with_msg(format!(
            "expected a whole number, found `{}`",
            value.source()
        ))
        .into_err(),
    }
}

/// What a collection expression iterates over, as Ruby Liquid does: arrays item by item,
/// hashes as `[key, value]` pairs, nil/empty as nothing, any other value once.
fn collection(value: ValueCow<'_>) -> Result<Vec<ValueCow<'_>>> {
    if value.is_nil() || value.is_state() {
        return Ok(Vec::new());
    }
    if value.as_array().is_some() {
        return Ok(match value {
            ValueCow::Borrowed(v) => v
                .as_array()
                .map(|a| a.values().map(ValueCow::Borrowed).collect())
                .unwrap_or_default(),
            ValueCow::Owned(Value::Array(items)) => {
                items.into_iter().map(ValueCow::Owned).collect()
            }
            ValueCow::Owned(other) => other
                .as_array()
                .map(|a| a.values().map(|v| ValueCow::Owned(v.to_value())).collect())
                .unwrap_or_default(),
        });
    }
    if let Some(obj) = value.as_object() {
        return Ok(crate::template::filters::standard::sorted_entries(obj)
            .into_iter()
            .map(|(k, v)| {
                ValueCow::Owned(Value::Array(vec![
                    Value::scalar(k.into_owned()),
                    v.to_value(),
                ]))
            })
            .collect());
    }
    // Strings iterate once (unless empty); numbers and booleans not at all.
    match value.as_scalar() {
        Some(s) if s.type_name() == "string" && !s.to_kstr().is_empty() => Ok(vec![value]),
        _ => Ok(Vec::new()),
    }
}

#[derive(Copy, Clone, Debug, Default)]
pub struct ForBlock;

impl BlockReflection for ForBlock {
    fn start_tag(&self) -> &str {
        "for"
    }
    fn end_tag(&self) -> &str {
        "endfor"
    }
    fn description(&self) -> &str {
        "iterate over an array, a hash or a range"
    }
}

impl ParseBlock for ForBlock {
    fn parse(
        &self,
        mut arguments: TagTokenIter<'_>,
        mut tokens: TagBlock<'_, '_>,
        options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        let header = parse_header(&mut arguments, &["limit", "offset", "reversed"])?;
        let mut body = Body::default();
        let mut else_body: Option<Body> = None;
        while let Some(element) = tokens.next()? {
            match element {
                BlockElement::Tag(mut tag) if tag.name() == "else" && else_body.is_none() => {
                    tag.tokens().expect_nothing()?;
                    else_body = Some(Body::default());
                }
                element => match else_body.as_mut() {
                    Some(b) => b.push(element, &mut tokens, options)?,
                    None => body.push(element, &mut tokens, options)?,
                },
            }
        }
        tokens.assert_empty();
        report_blank(body.blank && else_body.as_ref().is_none_or(|b| b.blank));
        let item_template = body.finish();
        let else_template = else_body.map(Body::finish);
        Ok(Box::new(For {
            header,
            item_template,
            else_template,
        }))
    }

    fn reflection(&self) -> &dyn BlockReflection {
        self
    }
}

#[derive(Debug)]
struct For {
    header: LoopHeader,
    item_template: Template,
    else_template: Option<Template>,
}

impl std::fmt::Debug for LoopHeader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "for {}", self.var_name)
    }
}

impl Renderable for For {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        let items = self.header.items(runtime)?;
        if items.is_empty() {
            if let Some(t) = &self.else_template {
                t.render_to(writer, runtime)?;
            }
            return Ok(());
        }
        let parentloop = runtime.try_get(&[liquid_core::model::Scalar::new("forloop")]);
        let parentloop = parentloop.as_ref().map(|v| v.as_view());
        let len = items.len();
        for (i, item) in items.into_iter().enumerate() {
            let forloop = ForloopObject::new(i, len, parentloop, &self.header.name);
            let mut scope = std::collections::HashMap::<
                liquid_core::model::KStringRef<'_>,
                &dyn ValueView,
            >::new();
            scope.insert("forloop".into(), &forloop);
            scope.insert(self.header.var_name.as_ref(), &item);
            let frame = LaxFrame::new(runtime, &scope);
            self.item_template
                .render_to(writer, &frame)
                .context_key("index")
                .value_with(|| format!("{}", i + 1).into())?;
            let interrupt = frame.registers().get_mut::<InterruptRegister>().reset();
            if let Some(Interrupt::Break) = interrupt {
                break;
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, liquid_core::ValueView, liquid_core::ObjectView)]
struct ForloopObject<'p> {
    name: String,
    length: i64,
    parentloop: Option<&'p dyn ValueView>,
    index0: i64,
    index: i64,
    rindex0: i64,
    rindex: i64,
    first: bool,
    last: bool,
}

impl<'p> ForloopObject<'p> {
    fn new(i: usize, len: usize, parentloop: Option<&'p dyn ValueView>, name: &str) -> Self {
        let (i, len) = (i as i64, len as i64);
        Self {
            name: name.to_owned(),
            length: len,
            parentloop,
            index0: i,
            index: i + 1,
            rindex0: len - i - 1,
            rindex: len - i,
            first: i == 0,
            last: i == len - 1,
        }
    }
}

#[derive(Copy, Clone, Debug, Default)]
pub struct TableRowBlock;

impl BlockReflection for TableRowBlock {
    fn start_tag(&self) -> &str {
        "tablerow"
    }
    fn end_tag(&self) -> &str {
        "endtablerow"
    }
    fn description(&self) -> &str {
        "render an HTML table row by row"
    }
}

impl ParseBlock for TableRowBlock {
    fn parse(
        &self,
        mut arguments: TagTokenIter<'_>,
        mut tokens: TagBlock<'_, '_>,
        options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        let header = parse_header(&mut arguments, &["cols", "limit", "offset"])?;
        let item_template = Template::new(tokens.parse_all(options)?);
        tokens.assert_empty();
        Ok(Box::new(TableRow {
            header,
            item_template,
        }))
    }

    fn reflection(&self) -> &dyn BlockReflection {
        self
    }
}

#[derive(Debug)]
struct TableRow {
    header: LoopHeader,
    item_template: Template,
}

impl Renderable for TableRow {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        let items = self.header.items(runtime)?;
        let len = items.len();
        let cols = match self.header.param("cols") {
            Some(e) => int_value(e, runtime)?
                .filter(|c| *c > 0)
                .map(|c| c as usize)
                .unwrap_or(len.max(1)),
            None => len.max(1),
        };
        let io = |e: std::io::Error| Error::with_msg(format!("failed to render: {e}"));
        if len == 0 {
            write!(writer, "<tr class=\"row1\">\n</tr>\n").map_err(io)?;
            return Ok(());
        }
        for (i, item) in items.into_iter().enumerate() {
            let (col, row) = (i % cols, i / cols);
            let mut tablerow = Object::new();
            let (i64i, len64) = (i as i64, len as i64);
            for (k, v) in [
                ("length", Value::scalar(len64)),
                ("index0", Value::scalar(i64i)),
                ("index", Value::scalar(i64i + 1)),
                ("rindex0", Value::scalar(len64 - i64i - 1)),
                ("rindex", Value::scalar(len64 - i64i)),
                ("first", Value::scalar(i == 0)),
                ("last", Value::scalar(i == len - 1)),
                ("col0", Value::scalar(col as i64)),
                ("col", Value::scalar(col as i64 + 1)),
                ("row", Value::scalar(row as i64 + 1)),
                ("col_first", Value::scalar(col == 0)),
                ("col_last", Value::scalar(col == cols - 1)),
            ] {
                tablerow.insert(k.into(), v);
            }
            if col == 0 {
                if row == 0 {
                    writeln!(writer, "<tr class=\"row1\">").map_err(io)?;
                } else {
                    write!(writer, "</tr>\n<tr class=\"row{}\">", row + 1).map_err(io)?;
                }
            }
            write!(writer, "<td class=\"col{}\">", col + 1).map_err(io)?;
            let mut scope = std::collections::HashMap::<
                liquid_core::model::KStringRef<'_>,
                &dyn ValueView,
            >::new();
            scope.insert("tablerow".into(), &tablerow);
            scope.insert("tablerowloop".into(), &tablerow);
            scope.insert(self.header.var_name.as_ref(), &item);
            let frame = LaxFrame::new(runtime, &scope);
            self.item_template.render_to(writer, &frame)?;
            write!(writer, "</td>").map_err(io)?;
            let interrupt = frame.registers().get_mut::<InterruptRegister>().reset();
            if let Some(Interrupt::Break) = interrupt {
                break;
            }
        }
        writeln!(writer, "</tr>").map_err(io)?;
        Ok(())
    }
}
