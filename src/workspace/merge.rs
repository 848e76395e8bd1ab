//! Two processes saving one workspace (the app in two windows, the app and a script): each save
//! folds in what the other wrote since, entry by entry, so neither loses the other's change.
//!
//! A three-way merge of the file's JSON: `base` is the file as this document last read or wrote
//! it, `ours` what it saves now, `theirs` what is on disk. Entries of a list are matched by an
//! identity (a payload's or context's name, a user's `external_id`, a ticket's id; else the
//! whole entry), counting repeats. An entry changed on one side only takes that side; changed on
//! both, ours is written and theirs is kept beside it; added on either side, kept; removed on
//! one side and unchanged on the other, removed. Pure: unit-tested without a filesystem.

use std::collections::HashMap;

use serde_json::{Map, Value as Json};

/// The merged file content. With `theirs == base` it is `ours`, exactly.
pub fn merge(base: &Json, ours: &Json, theirs: &Json) -> Json {
    if theirs == base {
        return ours.clone();
    }
    if ours == base {
        return theirs.clone();
    }
    let (Some(b), Some(o), Some(t)) = (base.as_object(), ours.as_object(), theirs.as_object())
    else {
        return ours.clone();
    };
    let mut out = Map::new();
    let empty = Json::Null;
    for (key, ours_value) in o {
        let base_value = b.get(key).unwrap_or(&empty);
        let merged = match t.get(key) {
            // Removed by them: gone unless we changed it.
            None if ours_value == base_value => continue,
            None => ours_value.clone(),
            Some(theirs_value) => match (base_value, ours_value, theirs_value) {
                (_, Json::Array(ours_items), Json::Array(theirs_items)) => {
                    let base_items = base_value.as_array().map_or(&[][..], Vec::as_slice);
                    Json::Array(merge_lists(key, base_items, ours_items, theirs_items))
                }
                _ if ours_value == base_value => theirs_value.clone(),
                _ => ours_value.clone(),
            },
        };
        out.insert(key.clone(), merged);
    }
    for (key, theirs_value) in t {
        if o.contains_key(key) {
            continue;
        }
        // We removed it: gone unless they changed it (or added it).
        match b.get(key) {
            Some(base_value) if base_value == theirs_value => {}
            _ => {
                out.insert(key.clone(), theirs_value.clone());
            }
        }
    }
    Json::Object(out)
}

/// What an entry of `list` is known by (with a count for repeats, added by the caller).
fn identity(list: &str, entry: &Json) -> String {
    let by = |value: Option<&Json>| value.filter(|v| !v.is_null()).map(Json::to_string);
    let id = match list {
        "payloads" | "contexts" => by(entry.get("name")),
        "users" => by(entry.get("external_id")).or_else(|| by(entry.get("braze_id"))),
        "tickets" => by(entry.get("ticket").and_then(|t| t.get("id"))),
        _ => None,
    };
    id.map_or_else(|| format!("={entry}"), |id| format!("#{id}"))
}

/// Each entry with its identity, repeats numbered in order.
fn keyed<'a>(list: &str, items: &'a [Json]) -> Vec<((String, usize), &'a Json)> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    items
        .iter()
        .map(|item| {
            let id = identity(list, item);
            let n = seen.entry(id.clone()).or_default();
            *n += 1;
            ((id, *n), item)
        })
        .collect()
}

fn merge_lists(list: &str, base: &[Json], ours: &[Json], theirs: &[Json]) -> Vec<Json> {
    let base: HashMap<_, _> = keyed(list, base).into_iter().collect();
    let theirs_keyed = keyed(list, theirs);
    let theirs_map: HashMap<_, _> = theirs_keyed.iter().cloned().collect();
    let ours_keyed = keyed(list, ours);
    let mut out = Vec::new();
    for (id, mine) in &ours_keyed {
        match (base.get(id), theirs_map.get(id)) {
            // New here (or new on both sides): ours, and theirs beside it when it differs.
            (None, other) => {
                out.push((*mine).clone());
                if let Some(other) = other.filter(|o| **o != *mine) {
                    out.push((*other).clone());
                }
            }
            // Removed there: gone unless changed here.
            (Some(old), None) => {
                if *mine != *old {
                    out.push((*mine).clone());
                }
            }
            (Some(old), Some(other)) => {
                if *mine == *old {
                    out.push((*other).clone());
                } else {
                    out.push((*mine).clone());
                    if *other != *old && *other != *mine {
                        out.push((*other).clone());
                    }
                }
            }
        }
    }
    let ours_ids: std::collections::HashSet<_> = ours_keyed.iter().map(|(id, _)| id).collect();
    for (id, other) in &theirs_keyed {
        if ours_ids.contains(id) {
            continue;
        }
        match base.get(id) {
            // Removed here and unchanged there: gone.
            Some(old) if *old == *other => {}
            // Added there, or changed there and removed here: kept.
            _ => out.push((*other).clone()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ws(payloads: &[(&str, &str)], users: &[&str]) -> Json {
        json!({
            "zenbraze_workspace": 1,
            "payloads": payloads.iter().map(|(n, b)| json!({"name": n, "body": b})).collect::<Vec<_>>(),
            "users": users.iter().map(|u| json!({"external_id": u})).collect::<Vec<_>>(),
            "tickets": [],
            "contexts": [],
        })
    }

    #[test]
    fn nothing_changed_there_means_ours_exactly() {
        let base = ws(&[("a", "1")], &["u1"]);
        let ours = ws(&[("b", "2")], &[]);
        assert_eq!(merge(&base, &ours, &base), ours);
    }

    #[test]
    fn changes_on_both_sides_are_all_kept() {
        let base = ws(&[("a", "1"), ("b", "1"), ("c", "1")], &["u1", "u2"]);
        // Here: a edited, c removed, d added, u3 added.
        let ours = ws(&[("a", "2"), ("b", "1"), ("d", "1")], &["u1", "u2", "u3"]);
        // There: b edited, e added, u1 removed, an unknown top-level key added.
        let mut theirs = ws(&[("a", "1"), ("b", "3"), ("c", "1"), ("e", "1")], &["u2"]);
        theirs["future"] = json!({"x": 1});
        let merged = merge(&base, &ours, &theirs);
        let names: Vec<(&str, &str)> = merged["payloads"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["name"].as_str().unwrap(), p["body"].as_str().unwrap()))
            .collect();
        assert_eq!(names, [("a", "2"), ("b", "3"), ("d", "1"), ("e", "1")]);
        assert_eq!(
            merged["users"],
            json!([{"external_id": "u2"}, {"external_id": "u3"}])
        );
        assert_eq!(merged["future"], json!({"x": 1}));
    }

    #[test]
    fn one_entry_changed_on_both_sides_keeps_both_versions() {
        let base = ws(&[("a", "1")], &[]);
        let ours = ws(&[("a", "mine")], &[]);
        let theirs = ws(&[("a", "theirs")], &[]);
        let merged = merge(&base, &ours, &theirs);
        assert_eq!(
            merged["payloads"],
            json!([{"name": "a", "body": "mine"}, {"name": "a", "body": "theirs"}])
        );
        // Saving again with the same base and nothing new: stable, nothing doubles.
        let again = merge(&base, &ours, &merged);
        assert_eq!(again["payloads"], merged["payloads"]);
    }

    #[test]
    fn removed_here_but_changed_there_is_kept() {
        let base = ws(&[("a", "1")], &[]);
        let ours = ws(&[], &[]);
        let theirs = ws(&[("a", "2")], &[]);
        assert_eq!(
            merge(&base, &ours, &theirs)["payloads"],
            json!([{"name": "a", "body": "2"}])
        );
        let theirs_unchanged = ws(&[("a", "1"), ("b", "1")], &[]);
        assert_eq!(
            merge(&base, &ours, &theirs_unchanged)["payloads"],
            json!([{"name": "b", "body": "1"}])
        );
    }
}
