//! Reading the API key and webhook secrets: from a file, the environment or a prompt, never
//! from the command line, never echoed.

use std::io::{IsTerminal, Read};
use std::path::Path;

use ayrshare_webhooks::ENV_API_KEY;

use crate::failure::Failure;

/// The environment variable holding a webhook secret, when no `--secret-file` is given.
pub const ENV_WEBHOOK_SECRET: &str = "AYRSHARE_WEBHOOK_SECRET";

/// Whether a missing secret may be asked for on the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prompt {
    /// Ask when standard input is a terminal; otherwise the secret is missing.
    WhenTerminal,
    /// Never ask; a missing secret is `None`.
    Never,
}

/// The API key: `file` (`-` for standard input), else `AYRSHARE_API_KEY`, else a prompt on a
/// terminal.
///
/// # Errors
/// [`Failure::Usage`] when the file cannot be read or is empty, the variable is not UTF-8, or
/// there is no key and no terminal to ask on.
pub fn api_key(file: Option<&Path>) -> Result<String, Failure> {
    let key = from_file_or_env(file, ENV_API_KEY, "API key")?;
    match key {
        Some(key) => Ok(key),
        None => ask("Ayrshare API key: ")?.ok_or_else(|| {
            Failure::Usage(format!(
                "no API key: set {ENV_API_KEY}, pass --api-key-file FILE, or run on a terminal to be asked"
            ))
        }),
    }
}

/// A webhook secret: `file`, else `AYRSHARE_WEBHOOK_SECRET`, else (with
/// [`Prompt::WhenTerminal`]) a prompt; `None` when none was found.
///
/// # Errors
/// [`Failure::Usage`] when the file cannot be read or is empty, or the variable is not UTF-8.
pub fn webhook_secret(
    file: Option<&Path>,
    prompt: Prompt,
    label: &str,
) -> Result<Option<String>, Failure> {
    if let Some(secret) = from_file_or_env(file, ENV_WEBHOOK_SECRET, label)? {
        return Ok(Some(secret));
    }
    match prompt {
        Prompt::WhenTerminal => ask(&format!("{label}: ")),
        Prompt::Never => Ok(None),
    }
}

/// [`webhook_secret`] that must find one.
///
/// # Errors
/// As [`webhook_secret`], and [`Failure::Usage`] when there is none.
pub fn required_webhook_secret(file: Option<&Path>) -> Result<String, Failure> {
    webhook_secret(file, Prompt::WhenTerminal, "Webhook secret")?.ok_or_else(|| {
        Failure::Usage(format!(
            "no webhook secret: pass --secret-file FILE, set {ENV_WEBHOOK_SECRET}, or run on a terminal to be asked"
        ))
    })
}

/// A secret read from `path` (`-` for standard input), without its final line break.
///
/// # Errors
/// [`Failure::Usage`] when it cannot be read, is not UTF-8, or is empty.
pub fn read_secret_file(path: &Path, label: &str) -> Result<String, Failure> {
    let mut bytes = Vec::new();
    let read = if path == Path::new("-") {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes).map(|_| ()))
    };
    read.map_err(|e| {
        Failure::Usage(format!(
            "cannot read the {label} from {}: {e}",
            path.display()
        ))
    })?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Failure::Usage(format!("the {label} in {} is not UTF-8", path.display())))?;
    let text = text.strip_suffix('\n').unwrap_or(&text);
    let text = text.strip_suffix('\r').unwrap_or(text);
    if text.is_empty() {
        return Err(Failure::Usage(format!(
            "the {label} file {} is empty",
            path.display()
        )));
    }
    Ok(text.to_owned())
}

fn from_file_or_env(
    file: Option<&Path>,
    variable: &str,
    label: &str,
) -> Result<Option<String>, Failure> {
    if let Some(path) = file {
        return read_secret_file(path, label).map(Some);
    }
    match std::env::var(variable) {
        Ok(value) if value.is_empty() => Ok(None),
        Ok(value) => Ok(Some(value)),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => {
            Err(Failure::Usage(format!("{variable} is not valid UTF-8")))
        }
    }
}

/// Asks on the terminal without echoing; `None` when standard input is not a terminal.
fn ask(prompt: &str) -> Result<Option<String>, Failure> {
    if !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    let answer = rpassword::prompt_password(prompt)
        .map_err(|e| Failure::Usage(format!("cannot read from the terminal: {e}")))?;
    Ok((!answer.is_empty()).then_some(answer))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_file_loses_its_line_break_only() {
        let dir = std::env::temp_dir().join(format!("ayr-cli-secret-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("s.txt");
        std::fs::write(&path, " s3cret \r\n").unwrap();
        assert_eq!(read_secret_file(&path, "secret").unwrap(), " s3cret ");
        std::fs::write(&path, "\n").unwrap();
        let err = read_secret_file(&path, "secret").unwrap_err();
        assert!(err.to_string().contains("is empty"), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
