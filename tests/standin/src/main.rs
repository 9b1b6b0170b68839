//! `ayrshare-standin`: a local stand-in of the Ayrshare webhook API.
//!
//! ```text
//! ayrshare-standin [--port N] [--api-key KEY] [--outbox DIR] [--url-file FILE]
//! ```
//! Serves `POST/GET/DELETE /api/hook/webhook` and `POST /api/hook/webhook/secret` as the API
//! documents them, with HTTP/1.1 keep-alive, keeping webhooks per profile in memory. With
//! `--outbox`, every registration of a profile that has a secret also writes the signed
//! delivery Ayrshare would send: `DIR/<profile>/<action>.body` and `.headers`. Prints its base
//! URL on the first line of stdout (and into `--url-file`). `GET /api/_standin/stats` answers
//! `{"connections": n, "requests": m}`.

mod api;
mod http;
mod outbox;

use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;

struct Options {
    port: u16,
    api_key: String,
    outbox: Option<PathBuf>,
    url_file: Option<PathBuf>,
}

fn parse_options() -> Result<Options, String> {
    let mut options = Options {
        port: 0,
        api_key: "demo-api-key".to_owned(),
        outbox: None,
        url_file: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--port" => options.port = value()?.parse().map_err(|e| format!("--port: {e}"))?,
            "--api-key" => options.api_key = value()?,
            "--outbox" => options.outbox = Some(value()?.into()),
            "--url-file" => options.url_file = Some(value()?.into()),
            "--help" | "-h" => {
                return Err(
                    "usage: ayrshare-standin [--port N] [--api-key KEY] [--outbox DIR] [--url-file FILE]"
                        .to_owned(),
                );
            }
            other => return Err(format!("unknown argument {other:?} (try --help)")),
        }
    }
    Ok(options)
}

fn main() {
    let options = match parse_options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    let listener = TcpListener::bind(("127.0.0.1", options.port)).unwrap_or_else(|e| {
        eprintln!("cannot listen on 127.0.0.1:{}: {e}", options.port);
        std::process::exit(1);
    });
    let port = listener.local_addr().expect("bound socket").port();
    let base_url = format!("http://127.0.0.1:{port}/api");
    println!("{base_url}");
    if let Some(path) = &options.url_file {
        std::fs::write(path, format!("{base_url}\n")).unwrap_or_else(|e| {
            eprintln!("cannot write {}: {e}", path.display());
            std::process::exit(1);
        });
    }
    let api = Arc::new(api::Api::new(options.api_key, options.outbox));
    http::serve(listener, api);
}
