//! Braze's tags: `abort_message`, `connected_content`, `catalog_items`, `message_extras`, and
//! content blocks (`{{content_blocks.${name}}}`, rewritten to `zb_content_block`).
//!
//! `connected_content`, `catalog_items` and `message_extras` take free text that may contain
//! Liquid; the rewriter turns them into blocks whose body is that text, rendered first.

use std::io::Write;

use liquid_core::model::{Value, ValueView};
use liquid_core::parser::{BlockReflection, ParseBlock, TagBlock, TagReflection};
use liquid_core::{Error, Language, ParseTag, Renderable, Result, Runtime, TagTokenIter, Template};

use crate::template::filters::standard::json_to_value;
use crate::template::session::Session;

/// The error message that unwinds a render stopped by `abort_message`.
pub const ABORT_SIGNAL: &str = "zenbraze: message aborted";

#[derive(Clone, Debug, Default)]
pub struct AbortMessageTag;

impl TagReflection for AbortMessageTag {
    fn tag(&self) -> &str {
        "abort_message"
    }
    fn description(&self) -> &str {
        "stop the send for this user, with an optional reason"
    }
}

impl ParseTag for AbortMessageTag {
    fn parse(&self, mut arguments: TagTokenIter<'_>, _: &Language) -> Result<Box<dyn Renderable>> {
        let reason = match arguments.next() {
            Some(token) => Some(token.expect_value().into_result()?),
            None => None,
        };
        arguments.expect_nothing()?;
        Ok(Box::new(AbortMessage { reason }))
    }
    fn reflection(&self) -> &dyn TagReflection {
        self
    }
}

#[derive(Debug)]
struct AbortMessage {
    reason: Option<liquid_core::Expression>,
}

impl Renderable for AbortMessage {
    fn render_to(&self, _: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        let reason = match &self.reason {
            Some(e) => Some(e.evaluate(runtime)?.to_kstr().to_string()),
            None => None,
        };
        runtime.registers().get_mut::<Session>().aborted = Some(reason);
        Err(Error::with_msg(ABORT_SIGNAL))
    }
}

/// A block whose body is the tag's free-text arguments.
#[derive(Clone, Debug)]
pub struct ArgumentBlock {
    name: &'static str,
    end: &'static str,
    run: fn(&str, &mut dyn Write, &dyn Runtime) -> Result<()>,
}

pub const CONNECTED_CONTENT: ArgumentBlock = ArgumentBlock {
    name: "connected_content",
    end: "endconnected_content",
    run: connected_content,
};
pub const CATALOG_ITEMS: ArgumentBlock = ArgumentBlock {
    name: "catalog_items",
    end: "endcatalog_items",
    run: catalog_items,
};
pub const MESSAGE_EXTRAS: ArgumentBlock = ArgumentBlock {
    name: "message_extras",
    end: "endmessage_extras",
    run: |_, _, _| Ok(()),
};

impl ArgumentBlock {
    pub fn start_tag_name(&self) -> &'static str {
        self.name
    }
}

impl BlockReflection for ArgumentBlock {
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

impl ParseBlock for ArgumentBlock {
    fn parse(
        &self,
        arguments: TagTokenIter<'_>,
        mut block: TagBlock<'_, '_>,
        options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        let mut arguments = arguments;
        arguments.expect_nothing()?;
        let body = Template::new(block.parse_all(options)?);
        block.assert_empty();
        Ok(Box::new(ArgumentTag {
            body,
            run: self.run,
        }))
    }
    fn reflection(&self) -> &dyn BlockReflection {
        self
    }
}

#[derive(Debug)]
struct ArgumentTag {
    body: Template,
    run: fn(&str, &mut dyn Write, &dyn Runtime) -> Result<()>,
}

impl Renderable for ArgumentTag {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        let args = crate::template::session::capturing(runtime, || self.body.render(runtime))?;
        (self.run)(&args, writer, runtime)
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

fn connected_content(args: &str, writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
    let (url, options) = connected_content_options(args);
    let option = |n: &str| options.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
    let method = option("method")
        .unwrap_or_else(|| "get".into())
        .to_ascii_uppercase();
    let response = {
        let session = runtime.registers().get_mut::<Session>();
        session
            .connected_content
            .get(&format!("{method} {url}"))
            .or_else(|| session.connected_content.get(&url))
            .cloned()
    };
    // No mock, or a 404: Braze renders nothing and saves nothing.
    let Some(response) = response.filter(|r| r.status != 404) else {
        return Ok(());
    };
    let save = option("save").filter(|s| !s.is_empty());
    match (&response.body, save) {
        (serde_json::Value::String(text), None) => {
            writer
                .write_all(text.as_bytes())
                .map_err(|e| Error::with_msg(e.to_string()))?;
        }
        (body, save) => {
            let mut value = json_to_value(body);
            if let Value::Object(o) = &mut value {
                o.insert(
                    "__http_status_code__".into(),
                    Value::scalar(response.status as i64),
                );
            }
            let name = save.unwrap_or_else(|| "connected".into());
            runtime.set_global(name.into(), value);
        }
    }
    Ok(())
}

fn catalog_items(args: &str, _: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
    let mut words = args.split_whitespace();
    let Some(catalog) = words.next() else {
        return Err(Error::with_msg(
            "catalog_items needs a catalog name and item ids",
        ));
    };
    let ids: Vec<&str> = words.collect();
    let items = {
        let session = runtime.registers().get_mut::<Session>();
        let table = session.catalogs.get(catalog).cloned();
        ids.iter()
            .filter_map(|id| match &table {
                Some(serde_json::Value::Object(by_id)) => by_id.get(*id).cloned(),
                Some(serde_json::Value::Array(rows)) => rows
                    .iter()
                    .find(|r| {
                        r.get("id").is_some_and(|v| {
                            v.as_str() == Some(id)
                                || v.as_i64().is_some_and(|n| n.to_string() == *id)
                        })
                    })
                    .cloned(),
                _ => None,
            })
            .map(|j| json_to_value(&j))
            .collect::<Vec<_>>()
    };
    runtime.set_global("items".into(), Value::Array(items));
    Ok(())
}

/// Braze lets a content block include another one, but no deeper.
const MAX_BLOCK_DEPTH: usize = 2;

#[derive(Clone, Debug, Default)]
pub struct ContentBlockTag;

impl TagReflection for ContentBlockTag {
    fn tag(&self) -> &str {
        "zb_content_block"
    }
    fn description(&self) -> &str {
        "{{content_blocks.${name}}}"
    }
}

impl ParseTag for ContentBlockTag {
    fn parse(&self, mut arguments: TagTokenIter<'_>, _: &Language) -> Result<Box<dyn Renderable>> {
        let name = arguments
            .expect_next("content block name expected")?
            .expect_literal()
            .into_result()?
            .to_kstr()
            .to_string();
        arguments.expect_nothing()?;
        Ok(Box::new(ContentBlock { name }))
    }
    fn reflection(&self) -> &dyn TagReflection {
        self
    }
}

#[derive(Debug)]
struct ContentBlock {
    name: String,
}

impl Renderable for ContentBlock {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        let (block, depth) = {
            let session = runtime.registers().get_mut::<Session>();
            (
                session.content_blocks.get(&self.name).cloned(),
                session.block_depth,
            )
        };
        let Some(block) = block else {
            return Err(Error::with_msg(format!(
                "content block `{}` is not in the content block library",
                self.name
            )));
        };
        if depth >= MAX_BLOCK_DEPTH {
            return Err(Error::with_msg(format!(
                "content block `{}` is nested too deep: Braze allows a content block inside another, no deeper",
                self.name
            )));
        }
        runtime.registers().get_mut::<Session>().block_depth += 1;
        let result =
            crate::template::session::capturing(runtime, || block.render_inline(writer, runtime));
        runtime.registers().get_mut::<Session>().block_depth -= 1;
        result.map_err(|e| {
            if runtime.registers().get_mut::<Session>().aborted.is_some() {
                e
            } else {
                Error::with_msg(format!("in content block `{}` at {}", self.name, e))
            }
        })
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
