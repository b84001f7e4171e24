//! The network set-up `probe` and `scan` share: the HTTPS client, the
//! runtime, and `-H` values.

use std::future::Future;
use std::path::Path;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::Full;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::CertificateDer;

/// The client `probe` and `scan` fetch with.
pub type HttpsClient = Client<hyper_rustls::HttpsConnector<HttpConnector>, Full<Bytes>>;

/// hyper-util's client over rustls (ring, webpki's roots and the
/// certificates of `ca_file`, a PEM file), HTTP/1.1 and HTTP/2 by ALPN.
pub fn https_client(ca_file: Option<&Path>) -> Result<HttpsClient, String> {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(path) = ca_file {
        let shown = path.display();
        let certificates =
            CertificateDer::pem_file_iter(path).map_err(|e| format!("{shown}: {e}"))?;
        for certificate in certificates {
            let certificate = certificate.map_err(|e| format!("{shown}: {e}"))?;
            roots
                .add(certificate)
                .map_err(|e| format!("{shown}: {e}"))?;
        }
    }
    // ring builds with the C compiler any Rust machine has; aws-lc-rs (the
    // provider with post-quantum key exchange) wants a heavier build. A
    // probe of CORS headers needs no more than classical TLS.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth();
    let connector = hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(config)
        .https_or_http()
        .enable_http1()
        .enable_http2()
        .build();
    Ok(Client::builder(TokioExecutor::new()).build(connector))
}

/// A `-H 'Name: value'` argument.
pub fn parse_header(text: &str) -> Result<(String, String), String> {
    let (name, value) = text
        .split_once(':')
        .ok_or_else(|| format!("header `{text}` is not `Name: value`"))?;
    Ok((name.trim().to_owned(), value.trim().to_owned()))
}

/// Runs `work` on a two-thread runtime.
pub fn block_on<T>(work: impl Future<Output = Result<T, String>>) -> Result<T, String> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?
        .block_on(work)
}
