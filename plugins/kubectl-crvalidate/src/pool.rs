//! The worker pool of a run: `jobs` scoped threads take items in order from a shared counter,
//! and results come back in the order of the items.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Runs `f` over `items` on `jobs` threads, keeping the order of `items`.
pub fn parallel<T: Send, R: Send>(jobs: usize, items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let n = items.len();
    if n == 0 {
        return Vec::new();
    }
    let slots: Vec<Mutex<Option<T>>> = items.into_iter().map(|i| Mutex::new(Some(i))).collect();
    let results: Vec<Mutex<Option<R>>> = (0..n).map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..jobs.min(n) {
            std::thread::Builder::new()
                // Deep (but bounded) documents recurse in the validator.
                .stack_size(32 * 1024 * 1024)
                .spawn_scoped(scope, || {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= n {
                            break;
                        }
                        let item = slots[i].lock().ok().and_then(|mut s| s.take());
                        if let Some(item) = item {
                            let r = f(item);
                            if let Ok(mut slot) = results[i].lock() {
                                *slot = Some(r);
                            }
                        }
                    }
                })
                .expect("spawn a worker thread");
        }
    });
    results
        .into_iter()
        .filter_map(|m| m.into_inner().ok().flatten())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::parallel;

    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<usize> = (0..100).collect();
        assert_eq!(
            parallel(4, items.clone(), |i| i * 2),
            items.iter().map(|i| i * 2).collect::<Vec<_>>()
        );
        assert!(parallel(4, Vec::<usize>::new(), |i| i).is_empty());
        assert_eq!(parallel(1, vec!["a", "b"], str::len), [1, 1]);
    }
}
