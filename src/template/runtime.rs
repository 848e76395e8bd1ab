//! Lax variable lookup: missing values render empty at any depth.
//!
//! liquid-core's frames answer "Unknown variable" / "Unknown index" for a missing key. Braze,
//! Zendesk and Shopify's Ruby Liquid all render nothing instead, and `default` must see `nil`.
//! [`LaxRuntime`] wraps the core runtime and [`LaxFrame`] replaces `StackFrame` in our loop tags
//! so that every lookup that would fail yields `nil`.

use liquid_core::model::{
    DisplayCow, KStringCow, KStringRef, Object, ObjectView, ScalarCow, State, Value, ValueCow,
    ValueView,
};
use liquid_core::runtime::{PartialStore, Registers};
use liquid_core::{Result, Runtime};

/// Wraps a runtime so that a failed lookup yields `nil` instead of an error.
pub struct LaxRuntime<R>(pub R);

impl<R: Runtime> Runtime for LaxRuntime<R> {
    fn partials(&self) -> &dyn PartialStore {
        self.0.partials()
    }
    fn name(&self) -> Option<KStringRef<'_>> {
        self.0.name()
    }
    fn roots(&self) -> std::collections::BTreeSet<KStringCow<'_>> {
        self.0.roots()
    }
    fn try_get(&self, path: &[ScalarCow<'_>]) -> Option<ValueCow<'_>> {
        self.0.try_get(path).or_else(|| {
            // A keyword-prefixed name (see `rewrite::KEYWORD_PREFIX`) not assigned in the
            // template: look it up in the data under its real name.
            let first = path.first()?.to_kstr();
            let real = first
                .as_str()
                .strip_prefix(crate::template::rewrite::KEYWORD_PREFIX)?;
            let mut renamed: Vec<ScalarCow<'_>> = Vec::with_capacity(path.len());
            renamed.push(ScalarCow::new(real.to_owned()));
            renamed.extend(path[1..].iter().cloned());
            self.0
                .try_get(&renamed)
                .map(|v| ValueCow::Owned(v.into_owned()))
        })
    }
    fn get(&self, path: &[ScalarCow<'_>]) -> Result<ValueCow<'_>> {
        Ok(self.try_get(path).unwrap_or(ValueCow::Owned(Value::Nil)))
    }
    fn set_global(&self, name: liquid_core::model::KString, val: Value) -> Option<Value> {
        self.0.set_global(name, val)
    }
    fn set_index(&self, name: liquid_core::model::KString, val: Value) -> Option<Value> {
        self.0.set_index(name, val)
    }
    fn get_index<'a>(&'a self, name: &str) -> Option<ValueCow<'a>> {
        self.0.get_index(name)
    }
    fn registers(&self) -> &Registers {
        self.0.registers()
    }
}

/// A scope layered on a parent runtime (loop variables, `include ... with`), with lax lookups.
pub struct LaxFrame<P, O> {
    parent: P,
    data: O,
}

impl<P: Runtime, O: ObjectView> LaxFrame<P, O> {
    pub fn new(parent: P, data: O) -> Self {
        Self { parent, data }
    }
}

impl<P: Runtime, O: ObjectView> Runtime for LaxFrame<P, O> {
    fn partials(&self) -> &dyn PartialStore {
        self.parent.partials()
    }
    fn name(&self) -> Option<KStringRef<'_>> {
        self.parent.name()
    }
    fn roots(&self) -> std::collections::BTreeSet<KStringCow<'_>> {
        let mut roots = self.parent.roots();
        roots.extend(self.data.keys());
        roots
    }
    fn try_get(&self, path: &[ScalarCow<'_>]) -> Option<ValueCow<'_>> {
        let key = path.first()?.to_kstr();
        if self.data.contains_key(key.as_str()) {
            liquid_core::model::try_find(self.data.as_value(), path)
        } else {
            self.parent.try_get(path)
        }
    }
    fn get(&self, path: &[ScalarCow<'_>]) -> Result<ValueCow<'_>> {
        Ok(self.try_get(path).unwrap_or(ValueCow::Owned(Value::Nil)))
    }
    fn set_global(&self, name: liquid_core::model::KString, val: Value) -> Option<Value> {
        self.parent.set_global(name, val)
    }
    fn set_index(&self, name: liquid_core::model::KString, val: Value) -> Option<Value> {
        self.parent.set_index(name, val)
    }
    fn get_index<'a>(&'a self, name: &str) -> Option<ValueCow<'a>> {
        self.parent.get_index(name)
    }
    fn registers(&self) -> &Registers {
        self.parent.registers()
    }
}

/// Two objects seen as one, the first shadowing the second: per-user variables over the shared
/// render context, without copying the context for every user.
#[derive(Debug, Clone, Copy)]
pub struct Layered<'a> {
    pub top: &'a Object,
    pub base: &'a Object,
}

impl ValueView for Layered<'_> {
    fn as_debug(&self) -> &dyn std::fmt::Debug {
        self
    }
    fn render(&self) -> DisplayCow<'_> {
        Value::Nil.render()
    }
    fn source(&self) -> DisplayCow<'_> {
        Value::Nil.source()
    }
    fn type_name(&self) -> &'static str {
        "object"
    }
    fn query_state(&self, state: State) -> bool {
        matches!(state, State::Truthy)
    }
    fn to_kstr(&self) -> KStringCow<'_> {
        KStringCow::from_static("")
    }
    fn to_value(&self) -> Value {
        let mut merged = self.base.clone();
        merged.extend(self.top.iter().map(|(k, v)| (k.clone(), v.clone())));
        Value::Object(merged)
    }
    fn as_object(&self) -> Option<&dyn ObjectView> {
        Some(self)
    }
}

impl ObjectView for Layered<'_> {
    fn as_value(&self) -> &dyn ValueView {
        self
    }
    fn size(&self) -> i64 {
        let shadowed = self
            .base
            .keys()
            .filter(|k| self.top.contains_key(k.as_str()));
        (self.top.len() + self.base.len() - shadowed.count()) as i64
    }
    fn keys<'k>(&'k self) -> Box<dyn Iterator<Item = KStringCow<'k>> + 'k> {
        Box::new(self.iter().map(|(k, _)| k))
    }
    fn values<'k>(&'k self) -> Box<dyn Iterator<Item = &'k dyn ValueView> + 'k> {
        Box::new(self.iter().map(|(_, v)| v))
    }
    fn iter<'k>(&'k self) -> Box<dyn Iterator<Item = (KStringCow<'k>, &'k dyn ValueView)> + 'k> {
        let top = self
            .top
            .iter()
            .map(|(k, v)| (k.as_ref().into(), v as &dyn ValueView));
        let base = self
            .base
            .iter()
            .filter(|(k, _)| !self.top.contains_key(k.as_str()))
            .map(|(k, v)| (k.as_ref().into(), v as &dyn ValueView));
        Box::new(top.chain(base))
    }
    fn contains_key(&self, index: &str) -> bool {
        self.top.contains_key(index) || self.base.contains_key(index)
    }
    fn get<'s>(&'s self, index: &str) -> Option<&'s dyn ValueView> {
        self.top
            .get(index)
            .or_else(|| self.base.get(index))
            .map(|v| v as &dyn ValueView)
    }
}
