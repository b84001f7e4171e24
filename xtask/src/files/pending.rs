//! WPT files of the inventory that are not transcribed yet. Their subtest
//! counts come from /work/shared/wpt-cors-inventory.md (not re-read), so
//! each row says so; they are listed so the coverage table is complete.

use crate::{Src, WptFile};

pub fn all() -> Vec<WptFile> {
    let rows: &[(&'static str, usize, &str)] = &[
        ("cors/304.htm", 4, "category (b): needs an HTTP cache that merges 304 headers"),
        ("cors/client-hint-request-headers-2.tentative.htm", 1, "tentative: expects client-hint headers to be CORS-safelisted, which the Fetch Standard does not do (Chromium-only); not transcribed"),
        ("cors/image-tainting-in-cross-origin-iframe.sub.html", 1, "category (c): canvas tainting"),
        ("cors/late-upload-events.htm", 2, "category (c): XHR upload events"),
        ("cors/preflight-cache-partitioning.sub.window.js", 1, "category (b): network partition key"),
        ("cors/script-304.html", 2, "category (c): script element + memory cache"),
        ("cors/simple-requests-ch.tentative.htm", 3, "tentative: expects client-hint headers to be CORS-safelisted, which the Fetch Standard does not do (Chromium-only); not transcribed"),
        ("fetch/metadata/fetch-preflight.https.sub.any.js", 10, "category (b): Sec-Fetch-* computation"),
        ("xhr/XMLHttpRequest-withCredentials.any.js", 5, "category (c): XHR attribute behaviour"),
        ("xhr/access-control-preflight-request-must-not-contain-cookie.htm", 1, "category (b): needs a cookie jar, and access-control-cookie.py's Set-Cookie carries a time-dependent expiry"),
        ("xhr/timeout-cors-async.htm", 1, "category (c): timeout event"),
    ];
    rows.iter()
        .map(|(p, n, why)| {
            let mut f = WptFile::new(p, Src::Inventory);
            f.skip(*n, why);
            f
        })
        .collect()
}
