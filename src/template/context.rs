//! The render context file: what a Braze send knows besides the user.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

use super::{Dialect, Environment, MockResponse, TemplateError};
use crate::i18n::json_text::JsonKind;

/// `event_properties`, `api_trigger_properties`, `canvas_entry_properties`/`context`, `campaign`,
/// `canvas`, `card`, `app`, a content block library, connected-content mocks and catalogs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenderContext {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_properties: Option<Map<String, Json>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_trigger_properties: Option<Map<String, Json>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canvas_entry_properties: Option<Map<String, Json>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Map<String, Json>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign: Option<Map<String, Json>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canvas: Option<Map<String, Json>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<Map<String, Json>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app: Option<Map<String, Json>>,
    /// Content block library: name → Braze Liquid.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub content_blocks: BTreeMap<String, String>,
    /// Connected-content mocks: URL (or `METHOD URL`) → response.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub connected_content: BTreeMap<String, MockedResponse>,
    /// Catalogs: name → `[{"id": ..., ...}]` or `{"<id>": {...}}`.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub catalogs: Map<String, Json>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MockedResponse {
    #[serde(default = "ok")]
    pub status: u16,
    #[serde(default)]
    pub body: Json,
}

fn ok() -> u16 {
    200
}

#[derive(Debug, Clone, PartialEq)]
pub enum ContextError {
    ContentBlock {
        name: String,
        error: TemplateError,
    },
    /// The file is JSON but not an object.
    NotObject {
        found: JsonKind,
    },
    /// A key a render context does not have.
    UnknownKey {
        key: String,
    },
    /// A value of the wrong kind: `key` is its path (`content_blocks.footer`), `expected` what
    /// it must be.
    Kind {
        key: String,
        expected: Expected,
        found: JsonKind,
    },
}

/// What a render context's value must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    Object,
    Text,
    /// An HTTP status, 100 to 599.
    Status,
}

impl Expected {
    fn name(self) -> &'static str {
        match self {
            Expected::Object => "object",
            Expected::Text => "text",
            Expected::Status => "status",
        }
    }
}

impl std::error::Error for ContextError {}
crate::display_via_message!(ContextError);

impl crate::i18n::Localize for ContextError {
    fn message(&self) -> crate::i18n::Message {
        match self {
            ContextError::ContentBlock { name, error } => crate::msg!(
                "template-context-content-block",
                name = name.as_str(),
                error = crate::i18n::Localize::message(error)
            ),
            ContextError::NotObject { found } => {
                crate::msg!("template-context-not-object", found = found.message())
            }
            ContextError::UnknownKey { key } => {
                crate::msg!("template-context-unknown-key", key = key.as_str())
            }
            ContextError::Kind {
                key,
                expected,
                found,
            } => crate::msg!(
                "template-context-kind",
                key = key.as_str(),
                expected = expected.name(),
                found = found.message()
            ),
        }
    }
}

impl RenderContext {
    /// A render context from JSON, checked key by key first, so a wrong value names its key,
    /// what it must be and what it is (serde would say only "invalid type", in English).
    pub fn read(value: &Json) -> Result<RenderContext, ContextError> {
        let kind = |key: String, expected, v: &Json| ContextError::Kind {
            key,
            expected,
            found: JsonKind::of(v),
        };
        let Json::Object(map) = value else {
            return Err(ContextError::NotObject {
                found: JsonKind::of(value),
            });
        };
        for (key, v) in map {
            match key.as_str() {
                k if super::registry::CONTEXT_NAMESPACES.contains(&k) || k == "catalogs" => {
                    if !v.is_object() {
                        return Err(kind(key.clone(), Expected::Object, v));
                    }
                }
                "content_blocks" => {
                    let Json::Object(blocks) = v else {
                        return Err(kind(key.clone(), Expected::Object, v));
                    };
                    if let Some((name, b)) = blocks.iter().find(|(_, b)| !b.is_string()) {
                        return Err(kind(format!("content_blocks.{name}"), Expected::Text, b));
                    }
                }
                "connected_content" => {
                    let Json::Object(mocks) = v else {
                        return Err(kind(key.clone(), Expected::Object, v));
                    };
                    for (url, mock) in mocks {
                        let Json::Object(fields) = mock else {
                            return Err(kind(
                                format!("connected_content.{url}"),
                                Expected::Object,
                                mock,
                            ));
                        };
                        for (field, fv) in fields {
                            match field.as_str() {
                                "status" => {
                                    let ok = fv.as_u64().is_some_and(|n| (100..=599).contains(&n));
                                    if !ok {
                                        return Err(kind(
                                            format!("connected_content.{url}.status"),
                                            Expected::Status,
                                            fv,
                                        ));
                                    }
                                }
                                "body" => {}
                                _ => {
                                    return Err(ContextError::UnknownKey {
                                        key: format!("connected_content.{url}.{field}"),
                                    });
                                }
                            }
                        }
                    }
                }
                _ => return Err(ContextError::UnknownKey { key: key.clone() }),
            }
        }
        // Every key and kind was checked above: what is left for serde cannot fail.
        serde_json::from_value(value.clone()).map_err(|_| ContextError::NotObject {
            found: JsonKind::of(value),
        })
    }

    pub(crate) fn apply(&self, env: &mut Environment) -> Result<(), ContextError> {
        let base = Arc::make_mut(&mut env.base);
        let namespaces = [
            ("event_properties", &self.event_properties),
            ("api_trigger_properties", &self.api_trigger_properties),
            ("campaign", &self.campaign),
            ("canvas", &self.canvas),
            ("card", &self.card),
            ("app", &self.app),
        ];
        for (name, map) in namespaces {
            if let Some(map) = map {
                base.insert(name.into(), Json::Object(map.clone()));
            }
        }
        // `context` is the current name of `canvas_entry_properties`: either fills both.
        if let Some(map) = self
            .context
            .as_ref()
            .or(self.canvas_entry_properties.as_ref())
        {
            let ctx = self.context.as_ref().unwrap_or(map);
            let entry = self.canvas_entry_properties.as_ref().unwrap_or(map);
            base.insert("context".into(), Json::Object(ctx.clone()));
            base.insert(
                "canvas_entry_properties".into(),
                Json::Object(entry.clone()),
            );
        }
        let mut blocks = BTreeMap::new();
        for (name, source) in &self.content_blocks {
            let compiled = super::parse(source, Dialect::Braze).map_err(|error| {
                ContextError::ContentBlock {
                    name: name.clone(),
                    error,
                }
            })?;
            blocks.insert(name.clone(), Arc::new(compiled));
        }
        env.content_blocks = Arc::new(blocks);
        env.connected_content = Arc::new(
            self.connected_content
                .iter()
                .map(|(url, r)| {
                    (
                        url.clone(),
                        MockResponse {
                            status: r.status,
                            body: r.body.clone(),
                        },
                    )
                })
                .collect(),
        );
        env.catalogs = Arc::new(self.catalogs.clone());
        Ok(())
    }
}

#[cfg(test)]
mod read_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_wrong_value_names_its_key_and_a_good_context_reads_as_serde_does() {
        let wrong = |v: Json| RenderContext::read(&v).unwrap_err();
        assert_eq!(
            wrong(json!({"app": "x"})),
            ContextError::Kind {
                key: "app".into(),
                expected: Expected::Object,
                found: JsonKind::String
            }
        );
        assert_eq!(
            wrong(json!({"nope": {}})),
            ContextError::UnknownKey { key: "nope".into() }
        );
        assert_eq!(
            wrong(json!({"connected_content": {"u": {"status": 200, "bodyy": 1}}})),
            ContextError::UnknownKey {
                key: "connected_content.u.bodyy".into()
            }
        );
        let good = json!({
            "campaign": {"name": "c"},
            "content_blocks": {"footer": "{{ 1 }}"},
            "connected_content": {"https://x.test": {"status": 404, "body": {"a": 1}}},
            "catalogs": {"games": []}
        });
        assert_eq!(
            RenderContext::read(&good).unwrap(),
            serde_json::from_value::<RenderContext>(good).unwrap()
        );
    }
}
