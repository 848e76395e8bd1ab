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
    /// A variable the template itself assigns (`assign`, `capture`, `for`).
    Variable,
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

/// The variables the template makes itself (`{% assign who = … %}`, `{% capture body %}`,
/// `{% for s in … %}`), in the order they first appear, as suggestions after `{{`.
pub fn template_variables(body: &str) -> Vec<Suggestion> {
    let mut out: Vec<Suggestion> = Vec::new();
    for (at, _) in body.match_indices("{%") {
        let rest = body[at + 2..].trim_start_matches('-').trim_start();
        let Some((keyword, rest)) = rest.split_once(char::is_whitespace) else {
            continue;
        };
        if !matches!(keyword, "assign" | "capture" | "for") {
            continue;
        }
        let rest = rest.trim_start();
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len());
        let name = rest[..end].trim_end_matches('-');
        let starts_well = name
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_');
        if starts_well && !out.iter().any(|s| s.label == name) {
            out.push(Suggestion {
                label: name.to_owned(),
                insert: format!("{{{{{name}}}}}"),
                group: Group::Variable,
                description: None,
            });
        }
    }
    out
}

/// Suggestions whose label contains `typed` (case-insensitive), best first: names that start
/// with it before names that only contain it; then the template's own variables, then Braze's
/// tags in the registry's order (the ones people use most come first: `${first_name}`,
/// `${last_name}`, `${email_address}`…), the user's custom attributes and the context's keys.
pub fn matching<'a>(
    variables: &'a [Suggestion],
    all: &'a [Suggestion],
    typed: &str,
) -> Vec<&'a Suggestion> {
    let typed = typed.to_lowercase();
    let group_rank = |g: Group| match g {
        Group::Variable => 0,
        Group::Attribute => 1,
        Group::Custom => 2,
        Group::Context | Group::Ticket => 3,
        Group::Tag | Group::Filter => 4,
    };
    let mut hits: Vec<(usize, usize, usize, &Suggestion)> = variables
        .iter()
        .chain(all)
        .enumerate()
        .filter(|(_, s)| !matches!(s.group, Group::Tag | Group::Filter))
        .filter_map(|(i, s)| {
            let label = s.label.to_lowercase();
            let name = label.trim_start_matches("${");
            let name = name.rsplit_once(".${").map_or(name, |(_, n)| n);
            if name.starts_with(&typed) {
                Some((0, group_rank(s.group), i, s))
            } else {
                label
                    .contains(&typed)
                    .then_some((1, group_rank(s.group), i, s))
            }
        })
        .collect();
    hits.sort_by_key(|(rank, group, i, _)| (*rank, *group, *i));
    hits.into_iter().map(|(.., s)| s).collect()
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
        let hits = matching(&[], &all, "fir");
        assert_eq!(hits[0].label, "${first_name}");
        assert!(
            hits.iter()
                .any(|s| s.label == "custom_attribute.${first_pet}")
        );
    }

    #[test]
    fn the_templates_own_variables_come_first_then_the_common_tags() {
        let body = "{% assign who = ${first_name} %}{%- capture note -%}x{% endcapture %}\n\
                    {% for song in custom_attribute.${songs} %}{% endfor %}{% if who %}{% endif %}";
        let vars = template_variables(body);
        let names: Vec<&str> = vars.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(names, ["who", "note", "song"]);
        assert_eq!(vars[0].insert, "{{who}}");
        let all = suggestions(Dialect::Braze, None, None);
        let hits = matching(&vars, &all, "w");
        assert_eq!(hits[0].label, "who");
        // Right after `${` the list starts with the tags people use most.
        let hits: Vec<&str> = matching(&[], &all, "")
            .iter()
            .take(3)
            .map(|s| s.label.as_str())
            .collect();
        assert_eq!(hits, ["${first_name}", "${last_name}", "${email_address}"]);
    }
}
