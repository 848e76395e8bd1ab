//! The one async runtime. The API clients and the embedded sandbox are async (reqwest, hyper)
//! and all run here: the CLI blocks on it, the app spawns onto it and polls a poll-promise, so
//! the UI thread never waits on the network.

use std::future::Future;
use std::sync::OnceLock;

use tokio::runtime::{Builder, Runtime};

pub use tokio_util::sync::CancellationToken;

/// The shared runtime: two workers (the machine this targets has two cores), named threads.
pub fn runtime() -> &'static Runtime {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("zenbraze-io")
            .enable_all()
            .build()
            .expect("the tokio runtime starts (it only fails when threads cannot be created)")
    })
}

/// Runs a future to completion from synchronous code (the CLI, tests). Never call this from
/// the UI thread or from inside the runtime.
pub fn block_on<F: Future>(future: F) -> F::Output {
    runtime().block_on(future)
}
