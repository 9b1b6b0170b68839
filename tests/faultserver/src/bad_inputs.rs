//! The shared bad-input table, `tests/cases/bad_inputs.json` (format in
//! `tests/cases/README.md`), read once here for every Rust-side reader (the core's suite and
//! the C suite's harness). The Python suite reads the same file itself.

use std::path::PathBuf;

use serde_json::{Map, Value};

/// One bad input: an operation, its arguments (long values already expanded), and the field
/// the SDK must name when it rejects them.
#[derive(Debug, Clone)]
pub struct BadInput {
    /// A unique, whitespace-free name.
    pub id: String,
    /// `client`, `with_profile_key`, `register`, `unregister`, `list` or `rotate`.
    pub op: String,
    /// The field the invalid-input error must name.
    pub field: String,
    /// Whether the C API can carry the arguments (`false` for a NUL inside a string).
    pub c: bool,
    /// The arguments the case sets, in table order, expanded to their full value.
    pub args: Vec<(String, String)>,
}

impl BadInput {
    /// The argument `name`, if the case sets it.
    pub fn arg(&self, name: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// The whole table: the valid defaults every case starts from, and the cases.
#[derive(Debug, Clone)]
pub struct BadInputTable {
    /// Valid values for every argument a case does not set.
    pub defaults: Vec<(String, String)>,
    /// Every case, in table order.
    pub cases: Vec<BadInput>,
}

impl BadInputTable {
    /// Reads the table from `$AYRSHARE_BAD_INPUTS` (exported by the Makefile) or, when unset,
    /// from the repository's `tests/cases/bad_inputs.json`.
    ///
    /// # Panics
    /// When the file is missing or does not follow the format: the table is test input, and a
    /// broken table must fail the suite loudly.
    pub fn load() -> BadInputTable {
        let path = std::env::var_os("AYRSHARE_BAD_INPUTS").map_or_else(
            || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../cases/bad_inputs.json"),
            PathBuf::from,
        );
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        Self::parse(&text)
    }

    /// Parses the table's JSON text.
    ///
    /// # Panics
    /// When the text does not follow the format.
    pub fn parse(text: &str) -> BadInputTable {
        let table: Value = serde_json::from_str(text).expect("bad_inputs.json is JSON");
        let defaults = expand_all("defaults", table["defaults"].as_object().expect("defaults"));
        let cases = table["cases"]
            .as_array()
            .expect("cases")
            .iter()
            .map(|row| {
                let id = row["id"].as_str().expect("every case has an id");
                let text = |key: &str| {
                    row[key]
                        .as_str()
                        .unwrap_or_else(|| panic!("{id}: `{key}` must be a string"))
                        .to_owned()
                };
                BadInput {
                    id: id.to_owned(),
                    op: text("op"),
                    field: text("field"),
                    c: row.get("c") != Some(&Value::Bool(false)),
                    args: expand_all(id, row["args"].as_object().expect("args")),
                }
            })
            .collect();
        BadInputTable { defaults, cases }
    }

    /// The default value of `name`.
    ///
    /// # Panics
    /// When the table has no default for `name`.
    pub fn default(&self, name: &str) -> &str {
        self.defaults
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .unwrap_or_else(|| panic!("the table has no default {name}"))
    }
}

fn expand_all(id: &str, values: &Map<String, Value>) -> Vec<(String, String)> {
    values
        .iter()
        .map(|(name, value)| (name.clone(), expand(id, value)))
        .collect()
}

/// A value of the table: a string, or `{"repeat", "times", "prefix"?, "suffix"?}`.
fn expand(id: &str, value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Object(spec) => {
            let text = |key: &str| spec.get(key).and_then(Value::as_str).unwrap_or("");
            let times = spec
                .get("times")
                .and_then(Value::as_u64)
                .unwrap_or_else(|| panic!("{id}: `times` must be a count"));
            let times = usize::try_from(times).expect("count fits in memory");
            format!(
                "{}{}{}",
                text("prefix"),
                text("repeat").repeat(times),
                text("suffix")
            )
        }
        other => panic!("{id}: a value must be a string or a repeat object, not {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_expanded() {
        let table = BadInputTable::parse(
            r#"{"defaults": {"api_key": "k"},
                "cases": [{"id": "x", "op": "client", "field": "api_key", "c": false,
                           "args": {"api_key": {"repeat": "ab", "times": 3, "suffix": "!"}}}]}"#,
        );
        assert_eq!(table.default("api_key"), "k");
        assert_eq!(table.cases[0].arg("api_key"), Some("ababab!"));
        assert!(!table.cases[0].c);
    }

    #[test]
    fn the_repository_table_loads() {
        assert!(BadInputTable::load().cases.len() >= 40);
    }
}
