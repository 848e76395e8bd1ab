//! `capture`, noting in the session that its output is not the document's (see `trace.rs`).

use std::io::Write;

use liquid_core::model::{KString, Value};
use liquid_core::{
    BlockReflection, Language, ParseBlock, Renderable, Result, Runtime, TagBlock, TagTokenIter,
    Template,
};

use crate::template::session::capturing;

#[derive(Copy, Clone, Debug, Default)]
pub struct CaptureBlock;

impl BlockReflection for CaptureBlock {
    fn start_tag(&self) -> &str {
        "capture"
    }
    fn end_tag(&self) -> &str {
        "endcapture"
    }
    fn description(&self) -> &str {
        "render a block into a variable"
    }
}

impl ParseBlock for CaptureBlock {
    fn parse(
        &self,
        mut arguments: TagTokenIter<'_>,
        mut tokens: TagBlock<'_, '_>,
        options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        let name = arguments
            .expect_next("a variable name is expected")?
            .expect_identifier()
            .into_result()?;
        let name = KString::from_ref(name);
        arguments.expect_nothing()?;
        let body = Template::new(tokens.parse_all(options)?);
        tokens.assert_empty();
        Ok(Box::new(Capture { name, body }))
    }

    fn reflection(&self) -> &dyn BlockReflection {
        self
    }
}

#[derive(Debug)]
struct Capture {
    name: KString,
    body: Template,
}

impl Renderable for Capture {
    fn render_to(&self, _: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        let text = capturing(runtime, || self.body.render(runtime))?;
        runtime.set_global(self.name.clone(), Value::scalar(text));
        Ok(())
    }
}
