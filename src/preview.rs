//! The live preview as pure logic: re-parse only when the template changes, re-render only
//! when an input changes. The app draws what this returns.

use std::hash::{DefaultHasher, Hash, Hasher};

use serde_json::Value as Json;

use crate::lint::{self, Finding, Outcome, Target};
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
    findings: Vec<Finding>,
}

fn hash_of(parts: &[&str], dialect: Dialect, target: Option<Target>) -> u64 {
    let mut h = DefaultHasher::new();
    parts.hash(&mut h);
    dialect.hash(&mut h);
    target.map(Target::name).hash(&mut h);
    h.finish()
}

impl LivePreview {
    /// The preview for these inputs, memoised on their hash; with a target, the linter's
    /// findings too (see [`LivePreview::findings`]).
    pub fn update(
        &mut self,
        source: &str,
        subject: &str,
        dialect: Dialect,
        target: Option<Target>,
        env: &Environment,
    ) -> &Preview {
        let template_key = hash_of(&[source], dialect, None);
        if self
            .compiled
            .as_ref()
            .is_none_or(|(k, _)| *k != template_key)
        {
            let compiled = template::parse_cached(source, dialect, Some(&mut self.cache));
            self.compiled = Some((template_key, compiled));
        }
        let render_key = hash_of(&[source, subject], dialect, target);
        if self.rendered.as_ref().is_none_or(|(k, _)| *k != render_key) {
            let (preview, findings) = self.render(subject, target, env);
            self.findings = findings;
            self.rendered = Some((render_key, preview));
        }
        &self.rendered.as_ref().expect("rendered above").1
    }

    /// What the last [`LivePreview::update`] produced.
    pub fn current(&self) -> Option<&Preview> {
        self.rendered.as_ref().map(|(_, p)| p)
    }

    /// The linter's findings for the last [`LivePreview::update`].
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// Renders once; with a target for this dialect the render is traced and also linted.
    fn render(
        &self,
        subject: &str,
        target: Option<Target>,
        env: &Environment,
    ) -> (Preview, Vec<Finding>) {
        let compiled = match &self.compiled {
            Some((_, Ok(c))) => c,
            Some((_, Err(e))) => return (Preview::TemplateError(e.clone()), Vec::new()),
            None => return (Preview::Output(String::new()), Vec::new()),
        };
        let subject: Option<Json> = if subject.trim().is_empty() {
            None
        } else {
            match serde_json::from_str(subject) {
                Ok(v) => Some(v),
                Err(e) => {
                    let message = format!("line {}, column {}: {e}", e.line(), e.column());
                    return (Preview::SubjectError(message), Vec::new());
                }
            }
        };
        let target = target.filter(|t| t.dialect() == compiled.dialect());
        let (rendered, findings) = match target {
            Some(target) => match compiled.render_traced(env, subject.as_ref()) {
                Ok(traced) => {
                    let findings = match lint::lint_traced(compiled, &traced, target) {
                        Outcome::Findings(findings) => findings,
                        Outcome::Aborted(_) => Vec::new(),
                    };
                    (Ok(traced.rendered), findings)
                }
                Err(e) => (Err(e), Vec::new()),
            },
            None => (compiled.render(env, subject.as_ref()), Vec::new()),
        };
        let preview = match rendered {
            Ok(Rendered::Output(o)) => Preview::Output(o),
            Ok(Rendered::Aborted(r)) => Preview::Aborted(r),
            Err(e) => Preview::TemplateError(e),
        };
        (preview, findings)
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
            None,
            &env,
        );
        assert_eq!(out, &Preview::Output("Hi Ada".into()));
        let out = p
            .update("Hi\n{{ x | nope }}", "{}", Dialect::Braze, None, &env)
            .clone();
        match out {
            Preview::TemplateError(e) => assert_eq!((e.line, e.col), (2, 8)),
            other => panic!("{other:?}"),
        }
        let out = p.update("Hi", "{bad", Dialect::Braze, None, &env);
        assert!(matches!(out, Preview::SubjectError(_)));
    }

    #[test]
    fn findings_follow_the_target() {
        let mut p = LivePreview::default();
        let env = Environment::new();
        let seed = include_str!("../assets/presets/seed-ticket.liquid");
        let user = include_str!("../assets/examples/user.json");
        p.update(
            seed,
            user,
            Dialect::Braze,
            Some(Target::ZendeskTicket),
            &env,
        );
        assert_eq!(p.findings().len(), 8);
        p.update(seed, user, Dialect::Braze, None, &env);
        assert!(p.findings().is_empty());
    }
}
