//! One client shared by 8 threads, 500 calls each, against a keep-alive server: every call
//! succeeds, and the pool reuses connections instead of opening one per call.

mod faultkit;

use std::sync::Barrier;

use ayrshare_faultserver::FaultServer;
use ayrshare_webhooks::Action;
use faultkit::{client_with_timeout, register};

const THREADS: usize = 8;
const CALLS_PER_THREAD: usize = 500;

#[test]
fn eight_threads_share_one_client_and_its_connections() {
    let server = FaultServer::start("200");
    // Generous timeout: a loaded machine must not turn this into a timing test.
    let client = client_with_timeout(&server.base_url(), 0, std::time::Duration::from_secs(30));
    let start = Barrier::new(THREADS);
    std::thread::scope(|scope| {
        for thread in 0..THREADS {
            let (client, start) = (&client, &start);
            scope.spawn(move || {
                start.wait();
                for call in 0..CALLS_PER_THREAD {
                    match (thread + call) % 4 {
                        0 => assert_eq!(register(client).unwrap().action, Action::Scheduled),
                        1 => assert_eq!(client.list_webhooks().unwrap().len(), 2),
                        2 => client.unregister_webhook(Action::Feed).unwrap(),
                        _ => client.rotate_webhook_secret("rotated-secret").unwrap(),
                    }
                }
            });
        }
    });
    assert_eq!(server.requests(), THREADS * CALLS_PER_THREAD);
    let connections = server.connections();
    eprintln!(
        "{} calls over {connections} connections",
        THREADS * CALLS_PER_THREAD
    );
    // At most one connection per thread in flight at once, and the pool keeps them all idle
    // between calls, so no call ever needs a new one.
    assert!(
        (1..=THREADS).contains(&connections),
        "{connections} connections for {THREADS} threads"
    );
}
