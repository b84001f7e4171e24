//! The two in-process cases of `benches/browser.rs`, in a plain loop, for
//! an instruction count: run it under callgrind twice with different
//! iteration counts and divide the difference, so set-up cancels out.
//! It prints the allocations per iteration (a counting allocator).
//!
//! ```text
//! cargo build --release -p fetch-cors-tower --example fetch_profile
//! valgrind --tool=callgrind target/release/examples/fetch_profile put browser 2000
//! ```
//!
//! Arguments: `get` or `put`, `direct` or `browser`, the iteration count.
//! With `both` instead of a side it times the two in alternating batches
//! and prints the median of each and their ratio: on a busy machine,
//! steadier than two separate runs.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

// The same router and requests as `benches/browser.rs`.
#[path = "../benches/fixture/mod.rs"]
mod fixture;
use fixture::{get_request, put_request, router, MakeRequest};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: fetch_profile get|put direct|browser|both ITERATIONS";
    let make: MakeRequest = match args.get(1).map(String::as_str) {
        Some("get") => get_request,
        Some("put") => put_request,
        _ => panic!("{usage}"),
    };
    let (direct, both) = match args.get(2).map(String::as_str) {
        Some("direct") => (true, false),
        Some("browser") => (false, false),
        Some("both") => (false, true),
        _ => panic!("{usage}"),
    };
    let n: usize = args.get(3).and_then(|n| n.parse().ok()).expect(usage);

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let router = router();
    let browser = runtime.block_on(fixture::browser(&router));
    let direct_once = || fixture::direct(&router, make);
    let browser_once = || fixture::through(&browser, make);
    if both {
        // Batches of 1,000 of each side in turn: the median time per
        // iteration of each, and their ratio, steadier than two runs.
        const BATCH: usize = 1_000;
        let (mut direct_ns, mut browser_ns) = (Vec::new(), Vec::new());
        runtime.block_on(async {
            for batch in 0..n.div_ceil(BATCH) {
                for side in [batch % 2 == 0, batch % 2 == 1] {
                    let start = std::time::Instant::now();
                    for _ in 0..BATCH {
                        if side {
                            std::hint::black_box(direct_once().await);
                        } else {
                            std::hint::black_box(browser_once().await);
                        }
                    }
                    let ns = start.elapsed().as_nanos() as f64 / BATCH as f64;
                    if side {
                        &mut direct_ns
                    } else {
                        &mut browser_ns
                    }
                    .push(ns);
                }
            }
        });
        let median = |v: &mut Vec<f64>| {
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        let (d, b) = (median(&mut direct_ns), median(&mut browser_ns));
        println!("direct {d:.0} ns, browser {b:.0} ns, ratio {:.2}", b / d);
        return;
    }
    // Warm up, then count.
    let before = runtime.block_on(async {
        if direct {
            direct_once().await;
        } else {
            browser_once().await;
        }
        let before = ALLOCATIONS.load(Ordering::Relaxed);
        for _ in 0..n {
            if direct {
                std::hint::black_box(direct_once().await);
            } else {
                std::hint::black_box(browser_once().await);
            }
        }
        before
    });
    let allocations = ALLOCATIONS.load(Ordering::Relaxed) - before;
    println!(
        "{} allocations per iteration",
        allocations as f64 / n as f64
    );
}
