//! The live preview as pure logic: re-parse only when the template changes, re-render only
//! when an input changes. The app draws what this returns.

use std::hash::{DefaultHasher, Hash, Hasher};

use serde_json::Value as Json;

use crate::template::{self, Compiled, Dialect, Environment, ParseCache, Rendered, TemplateError};

/// What the preview shows for the current inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Preview {
    Output(String),
    Aborted(Option<String>),
    TemplateError(TemplateError),
    /// The sample user (or ticket) is not valid JSON.
    SubjectError(String),
}

#[derive(Default)]
pub struct LivePreview {
    /// Segments of earlier versions: a keystroke re-parses only the segment it changed.
    cache: ParseCache,
    compiled: Option<(u64, Result<Compiled, TemplateError>)>,
    rendered: Option<(u64, Preview)>,
}

fn hash_of(parts: &[&str], dialect: Dialect) -> u64 {
    let mut h = DefaultHasher::new();
    parts.hash(&mut h);
    dialect.hash(&mut h);
    h.finish()
}

impl LivePreview {
    /// The preview for these inputs, memoised on their hash.
    pub fn update(
        &mut self,
        source: &str,
        subject: &str,
        dialect: Dialect,
        env: &Environment,
    ) -> &Preview {
        let template_key = hash_of(&[source], dialect);
        if self
            .compiled
            .as_ref()
            .is_none_or(|(k, _)| *k != template_key)
        {
            let compiled = template::parse_cached(source, dialect, Some(&mut self.cache));
            self.compiled = Some((template_key, compiled));
        }
        let render_key = hash_of(&[source, subject], dialect);
        if self.rendered.as_ref().is_none_or(|(k, _)| *k != render_key) {
            let preview = self.render(subject, env);
            self.rendered = Some((render_key, preview));
        }
        &self.rendered.as_ref().expect("rendered above").1
    }

    fn render(&self, subject: &str, env: &Environment) -> Preview {
        let compiled = match &self.compiled {
            Some((_, Ok(c))) => c,
            Some((_, Err(e))) => return Preview::TemplateError(e.clone()),
            None => return Preview::Output(String::new()),
        };
        let subject: Option<Json> = if subject.trim().is_empty() {
            None
        } else {
            match serde_json::from_str(subject) {
                Ok(v) => Some(v),
                Err(e) => {
                    return Preview::SubjectError(format!(
                        "line {}, column {}: {e}",
                        e.line(),
                        e.column()
                    ));
                }
            }
        };
        match compiled.render(env, subject.as_ref()) {
            Ok(Rendered::Output(o)) => Preview::Output(o),
            Ok(Rendered::Aborted(r)) => Preview::Aborted(r),
            Err(e) => Preview::TemplateError(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_and_reports_errors_with_positions() {
        let mut p = LivePreview::default();
        let env = Environment::new();
        let out = p.update(
            "Hi {{${first_name}}}",
            r#"{"first_name":"Ada"}"#,
            Dialect::Braze,
            &env,
        );
        assert_eq!(out, &Preview::Output("Hi Ada".into()));
        let out = p
            .update("Hi\n{{ x | nope }}", "{}", Dialect::Braze, &env)
            .clone();
        match out {
            Preview::TemplateError(e) => assert_eq!((e.line, e.col), (2, 8)),
            other => panic!("{other:?}"),
        }
        let out = p.update("Hi", "{bad", Dialect::Braze, &env);
        assert!(matches!(out, Preview::SubjectError(_)));
    }
}
