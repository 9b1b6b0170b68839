//! clap's usage errors without a stray argument's text: clap quotes an argument it could not
//! place (`unexpected argument 'VALUE' found`), and one that is not an option is most often a
//! value typed one place too far, such as a profile key after `--profile-key KEY`.

use clap::error::{ContextKind, ContextValue, ErrorKind};

/// The text to print for `error`: clap's own, except that an unexpected argument that is not
/// an option is shown as `'***'`. An option clap does not know (`--profil-key`) is shown as
/// typed, without any `=VALUE` (clap never quotes that part).
pub fn render(error: &clap::Error) -> String {
    let text = error.to_string();
    match stray_value(error) {
        Some(value) => text.replace(&format!("'{value}'"), "'***'"),
        None => text,
    }
}

/// The unexpected argument of `error` when it is not an option.
fn stray_value(error: &clap::Error) -> Option<&str> {
    if error.kind() != ErrorKind::UnknownArgument {
        return None;
    }
    match error.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(arg)) if !arg.starts_with('-') && !arg.is_empty() => Some(arg),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser, Debug)]
    struct Args {
        #[arg(long)]
        profile_key: Option<String>,
        #[arg(long)]
        timeout: Option<u32>,
    }

    fn message(args: &[&str]) -> String {
        let error =
            Args::try_parse_from(std::iter::once("prog").chain(args.iter().copied())).unwrap_err();
        render(&error)
    }

    #[test]
    fn a_value_one_place_too_far_is_not_shown() {
        let text = message(&["--profile-key", "a", "KEY-123456"]);
        assert!(
            text.starts_with("error: unexpected argument '***' found"),
            "{text}"
        );
        assert!(!text.contains("KEY-123456"), "{text}");
        let text = message(&["KEY-123456"]);
        assert!(!text.contains("KEY-123456"), "{text}");
    }

    #[test]
    fn a_misspelt_option_is_shown_without_its_value() {
        let text = message(&["--profil-key=KEY-123456"]);
        assert!(
            text.contains("unexpected argument '--profil-key' found"),
            "{text}"
        );
        assert!(
            text.contains("'--profile-key'"),
            "the suggestion stays: {text}"
        );
        assert!(!text.contains("KEY-123456"), "{text}");
    }

    #[test]
    fn other_errors_are_clap_own() {
        let text = message(&["--timeout", "soon"]);
        assert!(
            text.starts_with("error: invalid value 'soon' for '--timeout"),
            "{text}"
        );
    }
}
