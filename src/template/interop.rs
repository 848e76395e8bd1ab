//! The `liquid` crate's value traits (`liquid::model`) over the user's JSON, in place and in insertion order.
//!
//! [`JsonView`] is a `ValueView`/`ObjectView`/`ArrayView` over a `serde_json::Value` that builds
//! nothing until it is read: a child view exists once something asks for it, and no part of the
//! data is copied into `liquid`'s `HashMap`-backed objects. [`from_view`] reads any
//! `ValueView` (ours or another crate's) into the engine, so [`super::Compiled::render_view`]
//! renders with data a caller already holds as Liquid values.

use std::cell::OnceCell;
use std::fmt;
use std::rc::Rc;

use liquid::model::{
    ArrayView, DisplayCow, KStringCow, ObjectView, ScalarCow, State, Value as LiquidValue,
    ValueView,
};
use serde_json::Value as Json;

use super::value::Value;

/// A `ValueView` over JSON, read in place.
pub struct JsonView<'a> {
    json: &'a Json,
    children: OnceCell<Vec<JsonView<'a>>>,
}

impl<'a> JsonView<'a> {
    pub fn new(json: &'a Json) -> Self {
        JsonView {
            json,
            children: OnceCell::new(),
        }
    }

    /// Child views, in the JSON's order (array items, or object values), built on first use.
    fn children(&self) -> &[JsonView<'a>] {
        self.children.get_or_init(|| match self.json {
            Json::Array(a) => a.iter().map(JsonView::new).collect(),
            Json::Object(o) => o.values().map(JsonView::new).collect(),
            _ => Vec::new(),
        })
    }
}

impl fmt::Debug for JsonView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.json, f)
    }
}

impl ValueView for JsonView<'_> {
    fn as_debug(&self) -> &dyn fmt::Debug {
        self
    }
    fn render(&self) -> DisplayCow<'_> {
        DisplayCow::Owned(Box::new(Value::from_json(self.json).to_s().into_owned()))
    }
    fn source(&self) -> DisplayCow<'_> {
        DisplayCow::Owned(Box::new(Value::from_json(self.json).inspect()))
    }
    fn type_name(&self) -> &'static str {
        match self.json {
            Json::Null => "nil",
            Json::Bool(_) => "boolean",
            Json::Number(n) if n.is_i64() => "whole number",
            Json::Number(_) => "fractional number",
            Json::String(_) => "string",
            Json::Array(_) => "array",
            Json::Object(_) => "object",
        }
    }
    fn query_state(&self, state: State) -> bool {
        let v = Value::from_json(self.json);
        match state {
            State::Truthy => v.truthy(),
            State::DefaultValue | State::Empty => v.is_empty() == Some(true),
            State::Blank => v.is_blank(),
        }
    }
    fn to_kstr(&self) -> KStringCow<'_> {
        match self.json {
            Json::String(s) => KStringCow::from_ref(s),
            other => KStringCow::from_string(Value::from_json(other).to_s().into_owned()),
        }
    }
    fn to_value(&self) -> LiquidValue {
        liquid::model::to_value(self.json).unwrap_or(LiquidValue::Nil)
    }
    fn as_scalar(&self) -> Option<ScalarCow<'_>> {
        Some(match self.json {
            Json::Bool(b) => ScalarCow::new(*b),
            Json::Number(n) => match n.as_i64() {
                Some(i) => ScalarCow::new(i),
                None => ScalarCow::new(n.as_f64().unwrap_or(0.0)),
            },
            Json::String(s) => ScalarCow::new(s.as_str()),
            _ => return None,
        })
    }
    fn as_array(&self) -> Option<&dyn ArrayView> {
        matches!(self.json, Json::Array(_)).then_some(self as &dyn ArrayView)
    }
    fn as_object(&self) -> Option<&dyn ObjectView> {
        matches!(self.json, Json::Object(_)).then_some(self as &dyn ObjectView)
    }
    fn is_nil(&self) -> bool {
        self.json.is_null()
    }
}

impl ArrayView for JsonView<'_> {
    fn as_value(&self) -> &dyn ValueView {
        self
    }
    fn size(&self) -> i64 {
        self.json.as_array().map_or(0, |a| a.len() as i64)
    }
    fn values<'k>(&'k self) -> Box<dyn Iterator<Item = &'k dyn ValueView> + 'k> {
        Box::new(self.children().iter().map(|c| c as &dyn ValueView))
    }
    fn contains_key(&self, index: i64) -> bool {
        ArrayView::get(self, index).is_some()
    }
    fn get(&self, index: i64) -> Option<&dyn ValueView> {
        let len = self.children().len() as i64;
        let i = if index < 0 { len + index } else { index };
        usize::try_from(i)
            .ok()
            .and_then(|i| self.children().get(i))
            .map(|c| c as &dyn ValueView)
    }
}

impl ObjectView for JsonView<'_> {
    fn as_value(&self) -> &dyn ValueView {
        self
    }
    fn size(&self) -> i64 {
        self.json.as_object().map_or(0, |o| o.len() as i64)
    }
    fn keys<'k>(&'k self) -> Box<dyn Iterator<Item = KStringCow<'k>> + 'k> {
        match self.json {
            Json::Object(o) => Box::new(o.keys().map(|k| KStringCow::from_ref(k))),
            _ => Box::new(std::iter::empty()),
        }
    }
    fn values<'k>(&'k self) -> Box<dyn Iterator<Item = &'k dyn ValueView> + 'k> {
        Box::new(self.children().iter().map(|c| c as &dyn ValueView))
    }
    fn iter<'k>(&'k self) -> Box<dyn Iterator<Item = (KStringCow<'k>, &'k dyn ValueView)> + 'k> {
        match self.json {
            Json::Object(o) => Box::new(
                o.keys()
                    .map(|k| KStringCow::from_ref(k))
                    .zip(self.children().iter().map(|c| c as &dyn ValueView)),
            ),
            _ => Box::new(std::iter::empty()),
        }
    }
    fn contains_key(&self, index: &str) -> bool {
        self.json.get(index).is_some()
    }
    fn get<'s>(&'s self, index: &str) -> Option<&'s dyn ValueView> {
        let o = self.json.as_object()?;
        // serde_json keeps keys in insertion order: the child at the key's position.
        let at = o.keys().position(|k| k == index)?;
        self.children().get(at).map(|c| c as &dyn ValueView)
    }
}

/// Reads any `liquid` value into the engine, in the order its object view gives.
pub fn from_view(v: &dyn ValueView) -> Value<'static> {
    if let Some(a) = v.as_array() {
        return Value::array(a.values().map(from_view).collect());
    }
    if let Some(o) = v.as_object() {
        return Value::Hash(Rc::new(
            o.iter()
                .map(|(k, v)| (Rc::from(k.as_str()), from_view(v)))
                .collect(),
        ));
    }
    let Some(s) = v.as_scalar() else {
        return Value::Nil;
    };
    match v.type_name() {
        "boolean" => Value::Bool(s.to_bool().unwrap_or(false)),
        "whole number" => Value::Int(s.to_integer().unwrap_or(0)),
        "fractional number" => Value::Float(s.to_float().unwrap_or(0.0)),
        _ => Value::string(s.to_kstr().as_str()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_keep_insertion_order_and_read_in_place() {
        let json = serde_json::json!({"b": 1, "a": {"z": [1, 2.5, "x"], "y": null}});
        let view = JsonView::new(&json);
        let keys: Vec<String> = view
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.to_string())
            .collect();
        assert_eq!(keys, ["b", "a"]);
        let a = view.as_object().unwrap().get("a").unwrap();
        let z = a.as_object().unwrap().get("z").unwrap().as_array().unwrap();
        assert_eq!(z.get(-1).unwrap().to_kstr(), "x");
        assert_eq!(
            from_view(&view).to_s(),
            r#"{"b"=>1, "a"=>{"z"=>[1, 2.5, "x"], "y"=>nil}}"#
        );
    }
}
