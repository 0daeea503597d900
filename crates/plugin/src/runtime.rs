//! The async runtime of the plugins that talk to the cluster from `main`.

use std::future::Future;

use anyhow::Context as _;

/// Runs `main` to completion on a two-worker runtime and returns its output. The runtime is
/// then let go without waiting for tasks still running on it (crwatch's reflectors waiting on
/// the network): once `main` is done, the plugin has said all it will say.
pub fn block_on<F: Future>(main: F) -> anyhow::Result<F::Output> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let output = runtime.block_on(main);
    runtime.shutdown_background();
    Ok(output)
}
