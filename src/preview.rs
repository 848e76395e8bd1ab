//! The live preview as pure logic: re-parse only when the template changes, re-render only
//! when an input changes. The app draws what this returns.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use serde_json::Value as Json;

use crate::i18n::Message;
use crate::lint::{self, Finding, Outcome};
use crate::target::Target;
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
    compiled: Option<(u64, Result<Arc<Compiled>, TemplateError>)>,
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
        self.update_with(source, subject, dialect, target, env, 0)
    }

    /// [`LivePreview::update`] for an environment that changes: `env_key` names its version.
    pub fn update_with(
        &mut self,
        source: &str,
        subject: &str,
        dialect: Dialect,
        target: Option<Target>,
        env: &Environment,
        env_key: u64,
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
        let render_key = hash_of(&[source, subject], dialect, target) ^ env_key;
        if self.rendered.as_ref().is_none_or(|(k, _)| *k != render_key) {
            let (preview, findings) = self.render(subject, target, env);
            self.findings = findings;
            self.rendered = Some((render_key, preview));
        }
        &self.rendered.as_ref().expect("rendered above").1
    }

    /// Names the current preview: it changes whenever the preview does.
    pub fn key(&self) -> Option<u64> {
        self.rendered.as_ref().map(|(k, _)| *k)
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
            Some((_, Err(e))) => {
                let finding = lint::template_error_finding(e);
                return (Preview::TemplateError(e.clone()), vec![finding]);
            }
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
        // An error the engine meets while rendering is a finding too.
        let findings = match &rendered {
            Err(e) => vec![lint::template_error_finding(e)],
            Ok(_) => findings,
        };
        let preview = match rendered {
            Ok(Rendered::Output(o)) => Preview::Output(o),
            Ok(Rendered::Aborted(r)) => Preview::Aborted(r),
            Err(e) => Preview::TemplateError(e),
        };
        (preview, findings)
    }
}

/// A rendered body as the preview shows it: pretty JSON, or the text with where it breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shaped {
    Json(String),
    /// Not JSON: the byte range of the line where parsing stopped, and why.
    Broken {
        line: usize,
        column: usize,
        message: String,
        line_range: std::ops::Range<usize>,
    },
    /// Empty output.
    Empty,
}

pub fn shape_output(text: &str) -> Shaped {
    if text.trim().is_empty() {
        return Shaped::Empty;
    }
    match serde_json::from_str::<Json>(text) {
        Ok(v) => Shaped::Json(serde_json::to_string_pretty(&v).unwrap_or_else(|_| text.to_owned())),
        Err(e) => {
            let line_range = crate::editor::line_range(text, e.line());
            let message = e.to_string();
            // serde_json appends " at line L column C"; the caller shows the position itself.
            let message = message
                .rsplit_once(" at line ")
                .map_or(message.as_str(), |(m, _)| m)
                .to_owned();
            Shaped::Broken {
                line: e.line(),
                column: e.column(),
                message,
                line_range,
            }
        }
    }
}

/// One subject's line in the all-users view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubjectRow {
    pub label: String,
    pub status: RowStatus,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowStatus {
    Ok,
    Findings {
        errors: usize,
        warnings: usize,
        /// The first error (else warning), as `line:col message`.
        first: Message,
    },
    Aborted(Option<String>),
    Failed(Message),
}

/// Renders (and, with a target for this dialect, lints) the template for every subject. Built
/// to run off the UI thread: it parses its own copy of the template.
pub fn survey(
    source: &str,
    dialect: Dialect,
    env: &Environment,
    subjects: &[Json],
    target: Option<Target>,
) -> Result<Vec<SubjectRow>, TemplateError> {
    let compiled = template::parse(source, dialect)?;
    let target = target.filter(|t| t.dialect() == dialect);
    // Every core: the rows come back in the subjects' order (`ZENBRAZE_THREADS` caps them).
    Ok(crate::parallel::map(
        subjects,
        crate::parallel::threads(None),
        |i, subject| {
            let label = lint::user_label(subject, i);
            let status = match target {
                Some(target) => match lint::lint(&compiled, env, Some(subject), target) {
                    Ok(Outcome::Aborted(reason)) => RowStatus::Aborted(reason),
                    Ok(Outcome::Findings(f)) if f.is_empty() => RowStatus::Ok,
                    Ok(Outcome::Findings(f)) => {
                        let errors = f
                            .iter()
                            .filter(|f| f.severity == lint::Severity::Error)
                            .count();
                        let warnings = f
                            .iter()
                            .filter(|f| f.severity == lint::Severity::Warning)
                            .count();
                        let first = f
                            .iter()
                            .min_by_key(|f| (f.severity, f.line, f.col))
                            .map(|f| {
                                crate::msg!(
                                    "row-first-finding",
                                    line = f.line,
                                    column = f.col,
                                    message = f.message.clone()
                                )
                            })
                            .unwrap_or_else(|| Message::new("row-ok"));
                        if errors + warnings == 0 {
                            RowStatus::Ok
                        } else {
                            RowStatus::Findings {
                                errors,
                                warnings,
                                first,
                            }
                        }
                    }
                    Err(e) => RowStatus::Failed(crate::i18n::Localize::message(&e)),
                },
                None => match compiled.render(env, Some(subject)) {
                    Ok(Rendered::Output(_)) => RowStatus::Ok,
                    Ok(Rendered::Aborted(reason)) => RowStatus::Aborted(reason),
                    Err(e) => RowStatus::Failed(crate::i18n::Localize::message(&e)),
                },
            };
            SubjectRow { label, status }
        },
    ))
}

/// The webhook's URL and headers rendered for one subject, with the request checks.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderedRequest {
    pub url: Result<String, Message>,
    pub headers: Vec<(String, Result<String, Message>)>,
    pub findings: Vec<lint::request::RequestFinding>,
}

/// Renders the URL and header templates; memoised by the caller on the same inputs.
/// `credential` stands for the header the profile adds when sending (workspaces never hold
/// one): it is checked with the rest, never shown.
#[allow(clippy::too_many_arguments)]
pub fn render_request(
    method: &str,
    url: &str,
    headers: &[(String, String)],
    credential: Option<(String, String)>,
    dialect: Dialect,
    env: &Environment,
    subject: Option<&Json>,
    target: Option<Target>,
) -> RenderedRequest {
    let render = |source: &str| -> Result<String, Message> {
        if !source.contains("{{") && !source.contains("{%") && !source.contains("${") {
            return Ok(source.to_owned());
        }
        let failed = |e: TemplateError| crate::i18n::Localize::message(&e);
        let compiled = template::parse(source, dialect).map_err(failed)?;
        match compiled.render(env, subject).map_err(failed)? {
            Rendered::Output(o) => Ok(o),
            Rendered::Aborted(r) => {
                Err(crate::msg!("send-aborted", reason = r.unwrap_or_default()))
            }
        }
    };
    let url = render(url);
    let headers: Vec<(String, Result<String, Message>)> = headers
        .iter()
        .map(|(k, v)| (k.clone(), render(v)))
        .collect();
    let findings = match (&url, target) {
        (Ok(u), Some(target)) => {
            let ok: Vec<(String, String)> = headers
                .iter()
                .filter_map(|(k, v)| v.as_ref().ok().map(|v| (k.clone(), v.clone())))
                .chain(credential)
                .collect();
            lint::request::check(target, method, u, &ok)
        }
        _ => Vec::new(),
    };
    RenderedRequest {
        url,
        headers,
        findings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_is_pretty_printed_or_shows_where_it_breaks() {
        assert_eq!(
            shape_output(r#"{"a":1}"#),
            Shaped::Json("{\n  \"a\": 1\n}".into())
        );
        match shape_output("{\n \"a\": \"x\"y\"\n}") {
            Shaped::Broken {
                line,
                line_range,
                message,
                ..
            } => {
                assert_eq!(line, 2);
                assert_eq!(line_range, 2..13);
                assert!(message.contains("expected"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(shape_output("  "), Shaped::Empty);
    }

    #[test]
    fn every_subject_gets_a_row() {
        let env = Environment::new();
        let users = vec![
            serde_json::json!({"external_id": "a", "first_name": "Ada"}),
            serde_json::json!({"external_id": "b", "first_name": "Quote \" here"}),
            serde_json::json!({"external_id": "c"}),
        ];
        let body = r#"{% if ${first_name} == blank %}{% abort_message('no name') %}{% endif %}{"ticket": {"subject": "{{${first_name}}}", "comment": {"body": "hi"}}}"#;
        let rows = survey(
            body,
            Dialect::Braze,
            &env,
            &users,
            Some(Target::ZendeskTicket),
        )
        .unwrap();
        assert_eq!(rows[0].label, "a");
        assert!(
            matches!(&rows[0].status, RowStatus::Findings { errors: 0, .. }),
            "{:?}",
            rows[0]
        );
        assert!(
            matches!(&rows[1].status, RowStatus::Findings { errors: 1.., first, .. } if first.to_string().contains("quote")),
            "{:?}",
            rows[1]
        );
        assert_eq!(rows[2].status, RowStatus::Aborted(Some("no name".into())));
        assert!(survey("{{ x | nope }}", Dialect::Braze, &env, &users, None).is_err());
    }

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
