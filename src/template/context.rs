//! The render context file: what a Braze send knows besides the user.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

use super::{Dialect, Environment, MockResponse, TemplateError};

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
    ContentBlock { name: String, error: TemplateError },
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
        }
    }
}

impl RenderContext {
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
