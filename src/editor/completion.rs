//! What the editor offers to insert, all from the template registry: Braze's `${...}`
//! personalization tags, the selected user's custom attributes, the render context's namespaces
//! (and the keys Braze documents for them), the tags people reach for, the dialect's filters,
//! and for the zendesk dialect the ticket placeholders a sample ticket provides.

use serde_json::Value as Json;

use crate::i18n::Message;
use crate::template::Dialect;
use crate::template::registry::{self, ATTRIBUTE_TAGS, CONTEXT_NAMESPACES, NAMESPACES, SNIPPETS};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// What the list shows and filtering matches.
    pub label: String,
    /// What goes into the template.
    pub insert: String,
    pub group: Group,
    /// What it is, from the registry's catalogue entries.
    pub description: Option<Message>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    Attribute,
    Custom,
    Context,
    /// Liquid tags.
    Tag,
    /// Liquid filters (` | name`): they go inside a tag.
    Filter,
    Ticket,
}

/// Suggestions for a template of `dialect`, from the selected subject and render context.
pub fn suggestions(
    dialect: Dialect,
    subject: Option<&Json>,
    context: Option<&Json>,
) -> Vec<Suggestion> {
    let mut out = Vec::new();
    let mut add = |group, label: String, insert: String, description: Option<&'static str>| {
        if !out.iter().any(|s: &Suggestion| s.insert == insert) {
            out.push(Suggestion {
                label,
                insert,
                group,
                description: description.map(Message::new),
            });
        }
    };
    match dialect {
        Dialect::Braze | Dialect::Liquid => {
            for tag in ATTRIBUTE_TAGS {
                add(
                    Group::Attribute,
                    format!("${{{}}}", tag.name),
                    format!("{{{{${{{}}}}}}}", tag.name),
                    Some(tag.description),
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
                    Some("namespace-custom_attribute"),
                );
            }
            let context = context.and_then(Json::as_object);
            for ns in NAMESPACES {
                let from_context = context
                    .filter(|_| CONTEXT_NAMESPACES.contains(&ns.name))
                    .and_then(|c| c.get(ns.name))
                    .and_then(Json::as_object)
                    .into_iter()
                    .flatten()
                    .map(|(k, _)| k.as_str());
                for key in from_context.chain(ns.keys.iter().copied()) {
                    add(
                        Group::Context,
                        format!("{}.${{{key}}}", ns.name),
                        format!("{{{{{}.${{{key}}}}}}}", ns.name),
                        Some(ns.description),
                    );
                }
            }
        }
        Dialect::Zendesk => {
            let vars = subject.map(crate::template::zendesk::ticket_variables);
            let mut paths = Vec::new();
            for (k, v) in vars.iter().flatten() {
                collect_paths(k, v, 0, &mut paths);
            }
            paths.sort();
            for path in paths {
                add(Group::Ticket, path.clone(), format!("{{{{{path}}}}}"), None);
            }
        }
    }
    for snippet in SNIPPETS.iter().filter(|s| s.dialects.contains(dialect)) {
        add(
            Group::Tag,
            snippet.label.to_owned(),
            snippet.insert.to_owned(),
            Some(snippet.description),
        );
    }
    // Escaping filters first: they are the ones a JSON body needs.
    let mut filters: Vec<_> = registry::filters_of(dialect).collect();
    filters.sort_by_key(|f| (!f.escapes_json, f.name));
    for f in filters {
        add(
            Group::Filter,
            format!("| {}", f.name),
            format!(" {}", f.usage),
            Some(f.description),
        );
    }
    out
}

fn collect_paths(prefix: &str, v: &Json, depth: usize, out: &mut Vec<String>) {
    match v {
        Json::Object(o) if depth < 3 => {
            for (k, v) in o {
                collect_paths(&format!("{prefix}.{k}"), v, depth + 1, out);
            }
        }
        Json::Null => {}
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
        .filter(|s| !matches!(s.group, Group::Tag | Group::Filter))
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
        // Export field names are not tags: only Braze's own tags are offered.
        assert!(inserts.contains(&"{{${email_address}}}"));
        assert!(!inserts.contains(&"{{${email}}}"));
        assert!(!inserts.contains(&"{{${dob}}}"));
        assert!(inserts.contains(&" | json_escape"));
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
