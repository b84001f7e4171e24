//! The `cors-vectors/1` file format, as `../shared/vector-format.md` defines
//! it. Unknown keys, formats and profiles are refused, not ignored.

use serde::{Deserialize, Serialize};

use crate::policy::{Policy, Profile};

/// The format string this crate reads.
pub const FORMAT: &str = "cors-vectors/1";

/// Why a vector file was refused.
#[derive(Debug, thiserror::Error)]
pub enum VectorError {
    /// The JSON does not match the format (unknown keys included).
    #[error("not a valid cors-vectors/1 file: {0}")]
    Json(#[from] serde_json::Error),
    /// The `format` is not one this crate knows.
    #[error("unknown vector format `{0}`; this replayer reads `{FORMAT}`")]
    UnknownFormat(String),
    /// A vector names a profile that does not exist.
    #[error("vector `{vector}`: {source}")]
    UnknownProfile {
        /// The vector's name.
        vector: String,
        /// The profile error.
        source: crate::policy::UnknownProfile,
    },
    /// Two vectors share a name.
    #[error("two vectors are named `{0}`")]
    DuplicateName(String),
}

/// A vector file.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct VectorFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// Where the cases come from.
    pub source: String,
    /// The vectors.
    pub vectors: Vec<Vector>,
}

impl VectorFile {
    /// Parses and checks a file's text.
    pub fn parse(text: &str) -> Result<Self, VectorError> {
        // Check the format before the shape, so a future format is named as such.
        #[derive(Deserialize)]
        struct Head {
            format: Option<String>,
        }
        let head: Head = serde_json::from_str(text)?;
        match head.format {
            Some(f) if f == FORMAT => {}
            other => return Err(VectorError::UnknownFormat(other.unwrap_or_default())),
        }
        let file: VectorFile = serde_json::from_str(text)?;
        let mut names = std::collections::HashSet::new();
        for vector in &file.vectors {
            if !names.insert(vector.name.as_str()) {
                return Err(VectorError::DuplicateName(vector.name.clone()));
            }
            vector.policy(None)?;
        }
        Ok(file)
    }
}

/// One recorded conversation.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Vector {
    /// Unique within its file.
    pub name: String,
    /// The user agent it was recorded with or depends on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<PolicySpec>,
    /// Run in order against one cache and one virtual clock.
    pub fetches: Vec<FetchSpec>,
}

impl Vector {
    /// The policy to replay under: `profile` (or the vector's own profile,
    /// or spec), with the vector's explicit knobs on top.
    pub fn policy(&self, profile: Option<Profile>) -> Result<Policy, VectorError> {
        let spec = self.policy.clone().unwrap_or_default();
        let own = match &spec.profile {
            None => Profile::Spec,
            Some(name) => name.parse().map_err(|source| VectorError::UnknownProfile {
                vector: self.name.clone(),
                source,
            })?,
        };
        let mut policy = Policy::from_profile(profile.unwrap_or(own));
        if let Some(cap) = spec.max_age_cap {
            policy.max_age_cap = Some(cap);
        }
        if let Some(age) = spec.default_max_age {
            policy.default_max_age = age;
        }
        if let Some(capacity) = spec.cache_capacity {
            policy.cache_capacity = capacity;
        }
        Ok(policy)
    }
}

/// A vector's `policy`.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PolicySpec {
    /// `spec`, `chromium`, `firefox` or `webkit`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// Cap on Access-Control-Max-Age, seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age_cap: Option<u64>,
    /// Max-age when absent or invalid, seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_max_age: Option<u64>,
    /// Preflight cache capacity, entries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_capacity: Option<usize>,
}

/// One fetch of a vector.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FetchSpec {
    /// Virtual time, seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<f64>,
    /// What script asked for.
    pub request: RequestSpec,
    /// Everything put on the wire, in order, with the answers.
    pub exchanges: Vec<Exchange>,
    /// The outcome.
    pub expect: Outcome,
}

/// The request as `fetch()` receives it.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RequestSpec {
    /// The URL.
    pub url: String,
    /// The method (default GET).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// The client's serialized origin, or `null`.
    pub origin: String,
    /// Mode (default cors).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// Credentials mode (default same-origin).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials: Option<String>,
    /// Redirect mode (default follow).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect: Option<String>,
    /// Author headers in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<(String, String)>,
    /// A string body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// The use-CORS-preflight flag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_cors_preflight: Option<bool>,
    /// A referrer policy token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referrer_policy: Option<String>,
}

/// One request on the wire and its answer.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Exchange {
    /// What the user agent must send.
    pub sent: Sent,
    /// What the server answered.
    pub response: ResponseSpec,
}

/// What the user agent must send.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Sent {
    /// Exact method.
    pub method: String,
    /// Exact serialized URL.
    pub url: String,
    /// Whether credentials go along.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials: Option<bool>,
    /// Headers that must be present with these combined values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<(String, String)>,
    /// Header names that must not be present.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub absent: Vec<String>,
}

/// The server's answer.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseSpec {
    /// The status.
    pub status: u16,
    /// The headers in order, duplicates kept.
    #[serde(default)]
    pub headers: Vec<(String, String)>,
}

/// The expected outcome.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Outcome {
    /// Refused before anything is sent.
    InvalidRequest {
        /// Why, for people.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// The fetch fails.
    NetworkError {
        /// Why, for people.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// A filtered response.
    Response {
        /// basic, cors, opaque or opaqueredirect.
        #[serde(rename = "type")]
        response_type: String,
        /// What script sees.
        status: u16,
        /// As the Headers iterator shows them.
        headers: Vec<(String, String)>,
        /// Whether a redirect was followed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        redirected: Option<bool>,
        /// The final URL.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        url: Option<String>,
        /// Why, for people.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
}
