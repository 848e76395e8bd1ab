//! What the editor offers to insert: Braze's `${...}` attributes, the selected user's custom
//! attributes, the render context's namespaces, the tags people reach for, and for the zendesk
//! dialect the ticket placeholders a sample ticket provides.

use liquid_core::model::{Value, ValueView as _};
use serde_json::Value as Json;

use crate::template::Dialect;
use crate::template::braze::CONTEXT_NAMESPACES;
use crate::users::STANDARD_ATTRIBUTES;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// What the list shows and filtering matches.
    pub label: String,
    /// What goes into the template.
    pub insert: String,
    pub group: Group,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    Attribute,
    Custom,
    Context,
    Tag,
    Ticket,
}

/// Suggestions for a template of `dialect`, from the selected subject and render context.
pub fn suggestions(
    dialect: Dialect,
    subject: Option<&Json>,
    context: Option<&Json>,
) -> Vec<Suggestion> {
    let mut out = Vec::new();
    let mut add = |group, label: String, insert: String| {
        if !out.iter().any(|s: &Suggestion| s.insert == insert) {
            out.push(Suggestion {
                label,
                insert,
                group,
            });
        }
    };
    match dialect {
        Dialect::Braze | Dialect::Liquid => {
            for name in std::iter::once("user_id").chain(STANDARD_ATTRIBUTES.iter().copied()) {
                add(
                    Group::Attribute,
                    format!("${{{name}}}"),
                    format!("{{{{${{{name}}}}}}}"),
                );
            }
            let custom = subject
                .and_then(|s| s.get("custom_attributes"))
                .and_then(Json::as_object);
            for key in custom.into_iter().flatten().map(|(k, _)| k) {
                add(
                    Group::Custom,
                    format!("custom_attribute.${{{key}}}"),
                    format!("{{{{custom_attribute.${{{key}}}}}}}"),
                );
            }
            if let Some(context) = context.and_then(Json::as_object) {
                for ns in CONTEXT_NAMESPACES {
                    for key in context
                        .get(*ns)
                        .and_then(Json::as_object)
                        .into_iter()
                        .flatten()
                        .map(|(k, _)| k)
                    {
                        add(
                            Group::Context,
                            format!("{ns}.${{{key}}}"),
                            format!("{{{{{ns}.${{{key}}}}}}}"),
                        );
                    }
                }
            }
            for (label, insert) in [
                ("| json_escape", " | json_escape"),
                ("| default", " | default: ''"),
                ("abort_message", "{% abort_message('reason') %}"),
                (
                    "if … blank",
                    "{% if ${email} == blank %}{% abort_message('no email') %}{% endif %}",
                ),
                ("assign", "{% assign name = value %}"),
                ("capture", "{% capture name %}{% endcapture %}"),
                (
                    "connected_content",
                    "{% connected_content https://example.com :save result %}",
                ),
                ("content_blocks", "{{content_blocks.${name}}}"),
            ] {
                add(Group::Tag, label.to_owned(), insert.to_owned());
            }
        }
        Dialect::Zendesk => {
            let vars = subject.map(crate::template::zendesk::ticket_variables);
            let mut paths = Vec::new();
            if let Some(vars) = &vars {
                for (k, v) in vars.iter() {
                    collect_paths(k.as_str(), v, 0, &mut paths);
                }
            }
            paths.sort();
            for path in paths {
                add(Group::Ticket, path.clone(), format!("{{{{{path}}}}}"));
            }
            for (label, insert) in [
                ("| json", " | json"),
                ("if … ", "{% if ticket.requester.external_id %}{% endif %}"),
            ] {
                add(Group::Tag, label.to_owned(), insert.to_owned());
            }
        }
    }
    out
}

fn collect_paths(prefix: &str, v: &Value, depth: usize, out: &mut Vec<String>) {
    match v {
        Value::Object(o) if depth < 3 => {
            for (k, v) in o.iter() {
                collect_paths(&format!("{prefix}.{}", k.as_str()), v, depth + 1, out);
            }
        }
        _ if v.is_nil() => {}
        _ => out.push(prefix.to_owned()),
    }
}

/// The word being typed right before `cursor` (a byte offset) when it follows `${` or `{{`:
/// its start and text, for filtering suggestions as one types.
pub fn typed_prefix(text: &str, cursor: usize) -> Option<(usize, &str)> {
    let cursor = cursor.min(text.len());
    let before = text.get(..cursor)?;
    let word_start = before
        .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    let opener = &before[..word_start];
    let start = if opener.ends_with("${") {
        word_start - 2
    } else if opener.trim_end().ends_with("{{") {
        opener.trim_end().len() - 2
    } else {
        return None;
    };
    Some((start, &before[word_start..]))
}

/// Suggestions whose label contains `typed` (case-insensitive), best first.
pub fn matching<'a>(all: &'a [Suggestion], typed: &str) -> Vec<&'a Suggestion> {
    let typed = typed.to_lowercase();
    let mut hits: Vec<(usize, &Suggestion)> = all
        .iter()
        .filter(|s| s.group != Group::Tag)
        .filter_map(|s| {
            let label = s.label.to_lowercase();
            let name = label.trim_start_matches("${");
            if name.starts_with(&typed) {
                Some((0, s))
            } else {
                label.contains(&typed).then_some((1, s))
            }
        })
        .collect();
    hits.sort_by_key(|(rank, s)| (*rank, s.label.len()));
    hits.into_iter().map(|(_, s)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn braze_offers_the_users_own_attributes_and_context() {
        let user = json!({"first_name": "Ada", "custom_attributes": {"plan": "pro", "address": {"city": "L"}}});
        let ctx =
            json!({"event_properties": {"score": 2}, "canvas_entry_properties": {"step": "a"}});
        let s = suggestions(Dialect::Braze, Some(&user), Some(&ctx));
        let inserts: Vec<&str> = s.iter().map(|s| s.insert.as_str()).collect();
        assert!(inserts.contains(&"{{${first_name}}}"));
        assert!(inserts.contains(&"{{custom_attribute.${plan}}}"));
        assert!(inserts.contains(&"{{custom_attribute.${address}}}"));
        assert!(inserts.contains(&"{{event_properties.${score}}}"));
        assert!(inserts.contains(&"{{canvas_entry_properties.${step}}}"));
        assert!(inserts.iter().any(|i| i.contains("abort_message")));
    }

    #[test]
    fn zendesk_offers_the_sample_tickets_placeholders() {
        let ticket: Json =
            serde_json::from_str(include_str!("../../assets/examples/ticket.json")).unwrap();
        let s = suggestions(Dialect::Zendesk, Some(&ticket), None);
        let labels: Vec<&str> = s.iter().map(|s| s.label.as_str()).collect();
        assert!(labels.contains(&"ticket.id"), "{labels:?}");
        assert!(
            labels.contains(&"ticket.requester.external_id"),
            "{labels:?}"
        );
    }

    #[test]
    fn the_typed_prefix_filters() {
        let t = "{\"a\": \"{{${fir";
        let (start, typed) = typed_prefix(t, t.len()).unwrap();
        assert_eq!((&t[start..], typed), ("${fir", "fir"));
        let t = "x {{ ticket.req";
        assert_eq!(typed_prefix(t, t.len()).map(|(_, w)| w), Some("ticket.req"));
        assert_eq!(typed_prefix("plain words", 5), None);
        let all = suggestions(
            Dialect::Braze,
            Some(&json!({"custom_attributes": {"first_pet": 1}})),
            None,
        );
        let hits = matching(&all, "fir");
        assert_eq!(hits[0].label, "${first_name}");
        assert!(
            hits.iter()
                .any(|s| s.label == "custom_attribute.${first_pet}")
        );
    }
}
