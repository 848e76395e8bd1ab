//! `{% zb_text N %}`: a run of plain text kept in a side table by the rewriter (see
//! `rewrite::Writer::plain`), so that liquid-core's grammar need not scan it.

use std::cell::RefCell;
use std::io::Write;

use liquid_core::model::ValueView;
use liquid_core::parser::TagReflection;
use liquid_core::{Error, Language, ParseTag, Renderable, Result, Runtime, TagTokenIter};

thread_local! {
    static TEXTS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Makes `texts` available to the `zb_text` tags of one parse, on this thread.
pub fn with_texts<T>(texts: Vec<String>, parse: impl FnOnce() -> T) -> T {
    TEXTS.with(|t| *t.borrow_mut() = texts);
    let result = parse();
    TEXTS.with(|t| t.borrow_mut().clear());
    result
}

#[derive(Clone, Debug)]
pub struct TextTag(pub &'static str);

impl TagReflection for TextTag {
    fn tag(&self) -> &str {
        self.0
    }
    fn description(&self) -> &str {
        "plain text"
    }
}

impl ParseTag for TextTag {
    fn parse(&self, mut arguments: TagTokenIter<'_>, _: &Language) -> Result<Box<dyn Renderable>> {
        let index = arguments
            .expect_next("text index expected")?
            .expect_literal()
            .into_result()?
            .as_scalar()
            .and_then(|s| s.to_integer())
            .ok_or_else(|| Error::with_msg("text index expected"))?;
        let text = TEXTS
            .with(|t| t.borrow().get(index as usize).cloned())
            .ok_or_else(|| Error::with_msg("text index out of range"))?;
        Ok(Box::new(Text(text)))
    }
    fn reflection(&self) -> &dyn TagReflection {
        self
    }
}

#[derive(Debug)]
struct Text(String);

impl Renderable for Text {
    fn render_to(&self, writer: &mut dyn Write, _: &dyn Runtime) -> Result<()> {
        writer
            .write_all(self.0.as_bytes())
            .map_err(|e| Error::with_msg(format!("cannot write output: {e}")))
    }
}
