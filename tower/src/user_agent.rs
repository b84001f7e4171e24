//! The user agent: the state a browser keeps across fetches (the policy,
//! the preflight cache, the clock, the credential store) and the default
//! [`FetchOptions`]. Every way of reaching the network shares one.

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use fetch_cors::{Policy, PreflightCache, Profile};
use http::HeaderValue;

use crate::clock::Clock;
use crate::credentials::CredentialStore;
use crate::options::FetchOptions;

/// A browser's fetch state, shared by every clone: one
/// [`PreflightCache`] behind one lock (held only inside the engine's
/// synchronous calls, never across an `.await`), one [`Clock`], the
/// [`Policy`] of a profile, an optional [`CredentialStore`], and the
/// [`FetchOptions`] a request without its own uses.
///
/// Build it, then hand clones to a [`CorsLayer`](crate::CorsLayer), a
/// `CorsMiddleware` (feature `reqwest`) or a [`Browser`](crate::Browser):
/// they share the cache.
///
/// ```
/// use fetch_cors::Profile;
/// use fetch_cors_tower::{FetchOptions, UserAgent};
/// let firefox = UserAgent::new(FetchOptions::new("https://app.example")).with_profile(Profile::Firefox);
/// assert_eq!(firefox.policy().cache_capacity, 100);
/// assert_eq!(firefox.preflight_cache(|cache| cache.len()), 0);
/// ```
#[derive(Clone)]
pub struct UserAgent {
    inner: Arc<Inner>,
}

struct Inner {
    config: Config,
    cache: Mutex<PreflightCache>,
    /// The `Origin` value of the default page, made once: every request
    /// the page makes sends it, and a clone is a count, not a copy.
    origin_header: HeaderValue,
}

#[derive(Clone)]
struct Config {
    policy: Policy,
    clock: Clock,
    credentials: Option<Arc<dyn CredentialStore>>,
    defaults: FetchOptions,
}

impl UserAgent {
    /// The spec's behaviour, an empty cache, a new [`Clock`], no
    /// credentials, and `defaults` for requests without their own
    /// [`FetchOptions`].
    pub fn new(defaults: FetchOptions) -> Self {
        UserAgent::from_config(Config {
            policy: Policy::spec(),
            clock: Clock::new(),
            credentials: None,
            defaults,
        })
    }

    fn from_config(config: Config) -> Self {
        let cache = Mutex::new(PreflightCache::new(config.policy.cache_capacity));
        let origin_header = config.defaults.origin_header();
        UserAgent {
            inner: Arc::new(Inner {
                config,
                cache,
                origin_header,
            }),
        }
    }

    /// A new user agent, with an empty cache, whose configuration is this
    /// one's changed by `change`.
    fn with(&self, change: impl FnOnce(&mut Config)) -> Self {
        let mut config = self.inner.config.clone();
        change(&mut config);
        UserAgent::from_config(config)
    }

    /// The same user agent under `policy`, with an empty cache of its
    /// capacity.
    pub fn with_policy(self, policy: Policy) -> Self {
        self.with(|c| c.policy = policy)
    }

    /// The same user agent under a browser profile's policy.
    pub fn with_profile(self, profile: Profile) -> Self {
        self.with_policy(Policy::from_profile(profile))
    }

    /// The same user agent on `clock` (share one with a test to move time).
    pub fn with_clock(self, clock: Clock) -> Self {
        self.with(|c| c.clock = clock)
    }

    /// The same user agent with cookies and HTTP authentication from
    /// `store`, used only for requests that include credentials.
    pub fn with_credential_store(self, store: Arc<dyn CredentialStore>) -> Self {
        self.with(|c| c.credentials = Some(store))
    }

    /// The same user agent with other default options.
    pub fn with_defaults(self, defaults: FetchOptions) -> Self {
        self.with(|c| c.defaults = defaults)
    }

    /// The policy.
    pub fn policy(&self) -> &Policy {
        &self.inner.config.policy
    }

    /// The clock.
    pub fn clock(&self) -> &Clock {
        &self.inner.config.clock
    }

    /// The options of a request that carries none.
    pub fn defaults(&self) -> &FetchOptions {
        &self.inner.config.defaults
    }

    /// The options of a request with `extensions`: its own
    /// [`FetchOptions`], else the defaults.
    pub(crate) fn options_for<'a>(&'a self, extensions: &'a http::Extensions) -> &'a FetchOptions {
        extensions.get::<FetchOptions>().unwrap_or(self.defaults())
    }

    /// The `Origin` value requests with the default options send.
    pub(crate) fn origin_header(&self) -> &HeaderValue {
        &self.inner.origin_header
    }

    pub(crate) fn credential_store(&self) -> Option<&dyn CredentialStore> {
        self.inner.config.credentials.as_deref()
    }

    /// Reads the preflight cache (its length, its invariants), under its lock.
    pub fn preflight_cache<T>(&self, f: impl FnOnce(&PreflightCache) -> T) -> T {
        f(&self.lock_cache())
    }

    /// Empties the preflight cache.
    pub fn clear_preflight_cache(&self) {
        self.lock_cache().clear_all();
    }

    /// The cache, locked. Callers hold it only for one synchronous engine
    /// call. A panic elsewhere while it was held cannot leave it
    /// half-written (the engine does not panic), so poisoning is ignored.
    pub(crate) fn lock_cache(&self) -> MutexGuard<'_, PreflightCache> {
        self.inner
            .cache
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

impl fmt::Debug for UserAgent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserAgent")
            .field("profile", &self.policy().profile)
            .field("defaults", self.defaults())
            .field("credentials", &self.inner.config.credentials.is_some())
            .finish_non_exhaustive()
    }
}
