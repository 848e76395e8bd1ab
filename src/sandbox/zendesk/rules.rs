//! What triggers and automations share: both are business rules kept by id in the state, with
//! the same bulk routes (reorder, update_many, destroy_many) and the same answers. Each kind's
//! own checks stay in `triggers.rs` and `automations.rs`; the bookkeeping is here, once.

use std::collections::BTreeMap;
use std::sync::MutexGuard;

use serde_json::{Map, Value as Json, json};

use super::*;

/// A kind of business rule.
#[derive(Debug, Clone, Copy)]
pub(super) enum Rules {
    Triggers,
    Automations,
}

impl Rules {
    /// The key of the list in Zendesk's answers: `triggers`, `automations`.
    fn plural(self) -> &'static str {
        match self {
            Rules::Triggers => "triggers",
            Rules::Automations => "automations",
        }
    }

    pub(super) fn of(self, state: &mut State) -> &mut BTreeMap<u64, Json> {
        match self {
            Rules::Triggers => &mut state.triggers,
            Rules::Automations => &mut state.automations,
        }
    }

    fn key(self, id: u64) -> Key {
        match self {
            Rules::Triggers => Key::Trigger(id),
            Rules::Automations => Key::Automation(id),
        }
    }

    /// A list of rules, as the bulk routes answer it.
    fn answer(self, rules: Vec<Json>) -> Reply {
        let count = rules.len();
        Reply::json(
            200,
            &json!({self.plural(): rules, "next_page": null, "previous_page": null, "count": count}),
        )
    }
}

/// A list of integer ids (`trigger_ids`, `automation_ids`), or None when any is not one.
pub(super) fn id_array(v: Option<&Json>) -> Option<Vec<u64>> {
    v?.as_array()?.iter().map(id_value).collect()
}

/// `PUT /{rules}/reorder`: every rule, each once, in its new order (positions from 1), or 404
/// and nothing changes.
pub(super) fn reorder(
    shared: &Shared,
    mut state: MutexGuard<'_, State>,
    rules: Rules,
    ids: &[u64],
) -> Reply {
    let mut given = ids.to_vec();
    given.sort_unstable();
    given.dedup();
    let every: Vec<u64> = rules.of(&mut state).keys().copied().collect();
    if given != every || given.len() != ids.len() {
        return not_found();
    }
    let stamp = now();
    let mut ordered = Vec::with_capacity(ids.len());
    for (i, id) in ids.iter().enumerate() {
        if let Some(rule) = rules.of(&mut state).get_mut(id) {
            rule["position"] = json!(i + 1);
            rule["updated_at"] = json!(stamp);
            ordered.push(rule.clone());
        }
        state.touch(rules.key(*id));
    }
    drop(state);
    shared.changed();
    rules.answer(ordered)
}

/// The end of `PUT /{rules}/update_many`, once every change was checked: stores them, stamped,
/// and answers them.
pub(super) fn store_updated(
    shared: &Shared,
    mut state: MutexGuard<'_, State>,
    rules: Rules,
    changed: Vec<(u64, Map<String, Json>)>,
) -> Reply {
    let stamp = now();
    let mut shown = Vec::with_capacity(changed.len());
    for (id, mut rule) in changed {
        rule.insert("updated_at".into(), json!(stamp));
        let rule = Json::Object(rule);
        shown.push(rule.clone());
        rules.of(&mut state).insert(id, rule);
        state.touch(rules.key(id));
    }
    drop(state);
    shared.changed();
    rules.answer(shown)
}

/// `DELETE /{rules}/destroy_many?ids=1,2`: 204 with every one gone; an id that names no rule,
/// 404 RecordNotFound and none is deleted.
pub(super) fn destroy_many(shared: &Shared, req: &Req, rules: Rules) -> Reply {
    let ids = match id_list(req) {
        Ok(ids) => ids,
        Err(r) => return r,
    };
    let mut state = shared.state();
    if ids.iter().any(|id| !rules.of(&mut state).contains_key(id)) {
        return not_found();
    }
    for id in ids {
        rules.of(&mut state).remove(&id);
        state.touch(rules.key(id));
    }
    drop(state);
    shared.changed();
    Reply::empty(204)
}
