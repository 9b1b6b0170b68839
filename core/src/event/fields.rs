//! The lenient reader every event kind is built with: a field is typed only when it has the
//! expected JSON type, and is then taken out of the object; anything else stays behind, as
//! raw JSON, in the event's `other` map. So no field is ever lost and none fails a parse.

use serde_json::{Map, Value};

use crate::wire::json_integer;

/// The fields of one JSON object not typed yet, in the order received (typed ones are
/// shifted out, not swapped out, so `other` keeps that order).
pub(crate) struct Fields(Map<String, Value>);

impl Fields {
    pub(crate) fn new(object: Map<String, Value>) -> Fields {
        Fields(object)
    }

    /// Takes `key` when `convert` accepts its value; otherwise leaves it.
    fn take<T>(&mut self, key: &str, convert: impl FnOnce(&Value) -> Option<T>) -> Option<T> {
        let typed = convert(self.0.get(key)?)?;
        self.0.shift_remove(key);
        Some(typed)
    }

    /// A string.
    pub(crate) fn text(&mut self, key: &str) -> Option<String> {
        self.take(key, |v| v.as_str().map(str::to_owned))
    }

    /// A string, or a number kept as its decimal text (ids and dates are sent either way).
    pub(crate) fn text_or_number(&mut self, key: &str) -> Option<String> {
        self.take(key, |v| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
    }

    /// A whole number, or a string holding one (`"200"`).
    pub(crate) fn integer(&mut self, key: &str) -> Option<i64> {
        self.take(key, json_integer)
    }

    /// An object, typed by `read`.
    pub(crate) fn object<T>(&mut self, key: &str, read: impl FnOnce(Fields) -> T) -> Option<T> {
        let Some(Value::Object(_)) = self.0.get(key) else {
            return None;
        };
        match self.0.shift_remove(key) {
            Some(Value::Object(object)) => Some(read(Fields(object))),
            _ => None,
        }
    }

    /// A list of objects, each typed by `read`; a single object is read as a list of one.
    /// Left untyped (an empty list) unless every element is an object.
    pub(crate) fn objects<T>(&mut self, key: &str, read: impl Fn(Fields) -> T) -> Vec<T> {
        let all_objects = match self.0.get(key) {
            Some(Value::Array(items)) => items.iter().all(Value::is_object),
            Some(Value::Object(_)) => true,
            _ => false,
        };
        if !all_objects {
            return Vec::new();
        }
        let items = match self.0.shift_remove(key) {
            Some(Value::Array(items)) => items,
            Some(single) => vec![single],
            None => Vec::new(),
        };
        items
            .into_iter()
            .filter_map(|item| match item {
                Value::Object(object) => Some(read(Fields(object))),
                _ => None,
            })
            .collect()
    }

    /// A list of strings; left untyped (an empty list) unless every element is a string.
    pub(crate) fn texts(&mut self, key: &str) -> Vec<String> {
        self.take(key, |v| {
            v.as_array()?
                .iter()
                .map(|item| item.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
    }

    /// A list of any JSON values; left untyped (an empty list) unless it is a list.
    pub(crate) fn list(&mut self, key: &str) -> Vec<Value> {
        let Some(Value::Array(_)) = self.0.get(key) else {
            return Vec::new();
        };
        match self.0.shift_remove(key) {
            Some(Value::Array(items)) => items,
            _ => Vec::new(),
        }
    }

    /// Any value (a field whose shape is not documented, such as `users`).
    pub(crate) fn raw(&mut self, key: &str) -> Option<Value> {
        self.0.shift_remove(key)
    }

    /// The fields nobody typed.
    pub(crate) fn into_other(self) -> Map<String, Value> {
        self.0
    }
}
