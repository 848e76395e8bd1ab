//! Bulk work on every core, in order: the items are cut into chunks, named worker threads
//! (`std::thread::Builder`, scoped) take the next chunk as they finish one, and the caller's
//! sink receives the chunks' results in the items' order. At most a few chunks per thread are
//! ahead of the sink, so a long list streams through bounded memory: the results of 10,000
//! renders are never all held at once.
//!
//! One thread (or a list that fits in one chunk) runs on the caller's thread, in order, with no
//! worker: the sequential path is the same code the workers run. A worker that panics stops the
//! run and the panic resumes on the caller's thread, as it would have without workers.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};

/// The environment variable that caps the threads of bulk work (`render --users`,
/// `lint --users`, the app's All users survey and send to all); `1` is the sequential path.
pub const THREADS_ENV: &str = "ZENBRAZE_THREADS";

/// Chunks a worker may be ahead of the sink, per thread.
const AHEAD_PER_THREAD: usize = 4;

/// The threads bulk work uses: `requested` when given (at least 1), else [`THREADS_ENV`] when
/// it holds a positive number, else the machine's cores.
pub fn threads(requested: Option<usize>) -> usize {
    requested
        .or_else(|| {
            std::env::var(THREADS_ENV)
                .ok()
                .and_then(|v| v.trim().parse::<usize>().ok())
        })
        .filter(|n| *n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1)
}

/// Runs `work` on `items` in chunks of `chunk` items on up to `threads` threads and hands each
/// chunk's result to `sink` in the items' order. `work` gets the index of the chunk's first
/// item. The first error of `sink` stops the run (no later chunk reaches it) and is returned.
pub fn ordered_chunks<T, C, E>(
    items: &[T],
    threads: usize,
    chunk: usize,
    work: impl Fn(usize, &[T]) -> C + Sync,
    sink: impl FnMut(C) -> Result<(), E>,
) -> Result<(), E>
where
    T: Sync,
    C: Send,
{
    let chunk = chunk.max(1);
    let chunks = items.len().div_ceil(chunk);
    ordered(
        chunks,
        threads,
        |n| {
            let start = n * chunk;
            work(start, &items[start..(start + chunk).min(items.len())])
        },
        sink,
    )
}

/// [`ordered_chunks`] on items it owns: each chunk is freed by the thread that worked on it, as
/// soon as it is done (freeing 10,000 parsed users is work too, and shared that way).
pub fn ordered_chunks_owned<T, C, E>(
    items: Vec<T>,
    threads: usize,
    chunk: usize,
    work: impl Fn(usize, &[T]) -> C + Sync,
    sink: impl FnMut(C) -> Result<(), E>,
) -> Result<(), E>
where
    T: Send,
    C: Send,
{
    let chunk = chunk.max(1);
    let mut parts = Vec::with_capacity(items.len().div_ceil(chunk));
    let mut items = items.into_iter();
    loop {
        let part: Vec<T> = items.by_ref().take(chunk).collect();
        if part.is_empty() {
            break;
        }
        parts.push(Mutex::new(part));
    }
    ordered(
        parts.len(),
        threads,
        |n| {
            let part = std::mem::take(&mut *parts[n].lock().unwrap_or_else(|p| p.into_inner()));
            work(n * chunk, &part)
        },
        sink,
    )
}

/// Chunks `0..chunks` through `work` on up to `threads` threads, their results to `sink` in
/// order.
fn ordered<C, E>(
    chunks: usize,
    threads: usize,
    work: impl Fn(usize) -> C + Sync,
    mut sink: impl FnMut(C) -> Result<(), E>,
) -> Result<(), E>
where
    C: Send,
{
    let threads = threads.min(chunks);
    if threads <= 1 {
        for n in 0..chunks {
            sink(work(n))?;
        }
        return Ok(());
    }
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    // How many chunks the sink has taken; workers wait while they are too far ahead of it.
    let written = Mutex::new(0usize);
    let advanced = Condvar::new();
    let ahead = threads * AHEAD_PER_THREAD;
    let (send, receive) = mpsc::channel::<(usize, std::thread::Result<C>)>();
    let mut outcome = Ok(());
    let mut panic = None;
    std::thread::scope(|scope| {
        let mut started = 0;
        for id in 0..threads {
            let send = send.clone();
            let (next, stop, written, advanced, work) = (&next, &stop, &written, &advanced, &work);
            let worker = move || {
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= chunks {
                        return;
                    }
                    {
                        let mut done = written.lock().unwrap_or_else(|p| p.into_inner());
                        while n >= *done + ahead && !stop.load(Ordering::Relaxed) {
                            done = advanced.wait(done).unwrap_or_else(|p| p.into_inner());
                        }
                    }
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(n)));
                    let failed = result.is_err();
                    if send.send((n, result)).is_err() || failed {
                        return;
                    }
                }
            };
            let spawned = std::thread::Builder::new()
                .name(format!("zenbraze-bulk-{id}"))
                .spawn_scoped(scope, worker);
            if spawned.is_ok() {
                started += 1;
            }
        }
        drop(send);
        if started == 0 {
            // No thread could start: the caller's thread does it all, in order.
            for n in 0..chunks {
                if let Err(e) = sink(work(n)) {
                    outcome = Err(e);
                    break;
                }
            }
            return;
        }
        let mut pending = BTreeMap::new();
        let mut expected = 0;
        'receive: while expected < chunks {
            let Ok((n, result)) = receive.recv() else {
                break;
            };
            pending.insert(n, result);
            while let Some(result) = pending.remove(&expected) {
                match result {
                    Ok(c) => {
                        if let Err(e) = sink(c) {
                            outcome = Err(e);
                            break 'receive;
                        }
                    }
                    Err(p) => {
                        panic = Some(p);
                        break 'receive;
                    }
                }
                expected += 1;
                *written.lock().unwrap_or_else(|p| p.into_inner()) = expected;
                advanced.notify_all();
            }
        }
        stop.store(true, Ordering::Relaxed);
        // Taking the lock orders the store before a waiting worker's next look at it.
        drop(written.lock().unwrap_or_else(|p| p.into_inner()));
        advanced.notify_all();
        drop(receive);
    });
    if let Some(p) = panic {
        std::panic::resume_unwind(p);
    }
    outcome
}

/// `f` on every item, on up to `threads` threads, the results in the items' order.
pub fn map<T, R>(items: &[T], threads: usize, f: impl Fn(usize, &T) -> R + Sync) -> Vec<R>
where
    T: Sync,
    R: Send,
{
    let mut all = Vec::with_capacity(items.len());
    let chunk = chunk_size(items.len(), threads);
    let _ = ordered_chunks(
        items,
        threads,
        chunk,
        |start, part| {
            part.iter()
                .enumerate()
                .map(|(i, item)| f(start + i, item))
                .collect::<Vec<R>>()
        },
        |results| {
            all.extend(results);
            Ok::<(), std::convert::Infallible>(())
        },
    );
    all
}

/// A chunk size that gives every thread several chunks (for balance) without making chunks
/// so small that handing them over costs more than the work: between 16 and 256 items.
pub fn chunk_size(items: usize, threads: usize) -> usize {
    (items / (threads.max(1) * 8)).clamp(16, 256)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(items: usize, threads: usize, chunk: usize) -> Vec<usize> {
        let data: Vec<usize> = (0..items).collect();
        let mut seen = Vec::new();
        ordered_chunks(
            &data,
            threads,
            chunk,
            |start, part| {
                assert_eq!(part.first().copied(), Some(start));
                part.iter().map(|x| x * 2).collect::<Vec<_>>()
            },
            |c| {
                seen.extend(c);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        seen
    }

    #[test]
    fn results_arrive_in_order_whatever_the_threads() {
        let expected: Vec<usize> = (0..1000).map(|x| x * 2).collect();
        for threads in [1, 2, 3, 8] {
            for chunk in [1, 7, 64, 1000, 5000] {
                assert_eq!(run(1000, threads, chunk), expected, "{threads} {chunk}");
            }
        }
        assert!(run(0, 4, 16).is_empty());
    }

    #[test]
    fn owned_items_arrive_in_order_too() {
        let expected: Vec<String> = (0..1000).map(|x| x.to_string()).collect();
        for threads in [1, 3] {
            let mut seen = Vec::new();
            ordered_chunks_owned(
                expected.clone(),
                threads,
                7,
                |start, part| {
                    assert_eq!(part[0], start.to_string());
                    part.to_vec()
                },
                |c| {
                    seen.extend(c);
                    Ok::<(), ()>(())
                },
            )
            .unwrap();
            assert_eq!(seen, expected);
        }
    }

    #[test]
    fn the_sinks_error_stops_the_run() {
        let data: Vec<usize> = (0..10_000).collect();
        let mut taken = 0;
        let r = ordered_chunks(
            &data,
            4,
            10,
            |_, part| part.len(),
            |n| {
                taken += n;
                if taken >= 50 { Err(taken) } else { Ok(()) }
            },
        );
        assert_eq!(r, Err(50));
    }

    #[test]
    fn a_workers_panic_resumes_on_the_callers_thread() {
        let data: Vec<usize> = (0..1000).collect();
        let r = std::panic::catch_unwind(|| {
            ordered_chunks(
                &data,
                2,
                10,
                |start, _| assert!(start != 500, "boom"),
                |()| Ok::<(), ()>(()),
            )
        });
        assert!(r.is_err());
    }

    #[test]
    fn workers_stay_a_bounded_distance_ahead_of_the_sink() {
        let data: Vec<usize> = (0..2000).collect();
        let produced = AtomicUsize::new(0);
        let mut consumed = 0;
        let mut max_ahead = 0;
        ordered_chunks(
            &data,
            4,
            1,
            |_, _| {
                produced.fetch_add(1, Ordering::SeqCst);
            },
            |()| {
                consumed += 1;
                // A slow sink: the workers would run far ahead without the bound.
                std::thread::sleep(std::time::Duration::from_micros(50));
                max_ahead = max_ahead.max(produced.load(Ordering::SeqCst) - consumed);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        assert!(max_ahead <= 4 * AHEAD_PER_THREAD + 4, "{max_ahead}");
    }

    #[test]
    fn the_thread_count_is_at_least_one() {
        assert_eq!(threads(Some(0)).max(1), threads(Some(0)));
        assert_eq!(threads(Some(3)), 3);
    }
}
