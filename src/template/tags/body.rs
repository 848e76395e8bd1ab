//! Block bodies with Ruby Liquid's "blank" rule: a branch of `if`/`unless`/`case`/`for` that
//! holds only whitespace and silent tags (`assign`, `capture`, comments, other blank blocks)
//! renders nothing at all, not even its whitespace.

use std::cell::Cell;

use liquid_core::parser::BlockElement;
use liquid_core::{Language, Renderable, Result, TagBlock, Template};

use crate::template::rewrite::{TEXT_SPACE_TAG, TEXT_TAG};

/// Whether a tag name is one of the rewriter's text runs.
pub fn is_text(name: &str) -> bool {
    name == TEXT_TAG || name == TEXT_SPACE_TAG
}

/// Tags that never write output.
const SILENT_TAGS: &[&str] = &["assign", "capture", "comment", "doc"];
/// Our blocks, which report whether they were blank through [`LAST_BLOCK_BLANK`].
const REPORTING_BLOCKS: &[&str] = &["if", "unless", "case", "for"];

thread_local! {
    static LAST_BLOCK_BLANK: Cell<bool> = const { Cell::new(false) };
}

/// Called by our blocks at the end of their parse.
pub fn report_blank(blank: bool) {
    LAST_BLOCK_BLANK.with(|b| b.set(blank));
}

pub struct Body {
    items: Vec<(Box<dyn Renderable>, bool)>,
    pub blank: bool,
}

impl Default for Body {
    fn default() -> Self {
        Self {
            items: Vec::new(),
            blank: true,
        }
    }
}

impl Body {
    pub fn push<'a>(
        &mut self,
        element: BlockElement<'a>,
        tokens: &mut TagBlock<'a, '_>,
        options: &Language,
    ) -> Result<()> {
        match element {
            BlockElement::Raw(raw) => {
                let whitespace = raw.as_str().trim().is_empty();
                self.blank &= whitespace;
                self.items.push((raw.into_renderable(), whitespace));
            }
            BlockElement::Tag(tag) if is_text(tag.name()) => {
                let whitespace = tag.name() == TEXT_SPACE_TAG;
                self.blank &= whitespace;
                self.items.push((tag.parse(tokens, options)?, whitespace));
            }
            BlockElement::Tag(tag) => {
                let name = tag.name().to_owned();
                report_blank(false);
                let parsed = tag.parse(tokens, options)?;
                let silent = SILENT_TAGS.contains(&name.as_str())
                    || (REPORTING_BLOCKS.contains(&name.as_str())
                        && LAST_BLOCK_BLANK.with(Cell::get));
                self.blank &= silent;
                self.items.push((parsed, false));
            }
            other => {
                self.blank = false;
                self.items.push((other.parse(tokens, options)?, false));
            }
        }
        Ok(())
    }

    pub fn finish(self) -> Template {
        let blank = self.blank;
        Template::new(
            self.items
                .into_iter()
                .filter(|(_, whitespace)| !(blank && *whitespace))
                .map(|(r, _)| r)
                .collect(),
        )
    }
}
