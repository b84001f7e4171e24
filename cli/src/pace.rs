//! `--rate`: at most so many requests a second, over every task, by
//! spacing each request's start at least `1 / rate` after the previous.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::Instant;
use tower::{Service, ServiceExt};

/// The next free start time, shared.
#[derive(Debug)]
struct Pacer {
    interval: Duration,
    next: Mutex<Instant>,
}

/// A client service whose requests start no faster than the rate.
#[derive(Clone, Debug)]
pub struct Paced<S> {
    inner: S,
    pacer: Option<Arc<Pacer>>,
}

impl<S> Paced<S> {
    /// `inner`, at most `rate` requests a second (`0` or less: no limit).
    pub fn new(inner: S, rate: f64) -> Self {
        let pacer = (rate > 0.0).then(|| {
            Arc::new(Pacer {
                interval: Duration::from_secs_f64(1.0 / rate),
                next: Mutex::new(Instant::now()),
            })
        });
        Paced { inner, pacer }
    }
}

impl<S, R> Service<R> for Paced<S>
where
    S: Service<R> + Clone + Send + 'static,
    S::Future: Send,
    S::Response: Send,
    S::Error: Send,
    R: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<S::Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        // The inner service is readied in `call`, after the wait.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: R) -> Self::Future {
        let (mut inner, pacer) = (self.inner.clone(), self.pacer.clone());
        Box::pin(async move {
            if let Some(pacer) = pacer {
                let start = {
                    let mut next = pacer.next.lock().await;
                    let start = (*next).max(Instant::now());
                    *next = start + pacer.interval;
                    start
                };
                tokio::time::sleep_until(start).await;
            }
            inner.ready().await?.call(request).await
        })
    }
}
