//! The scenario server over a real socket, and the vector built from what
//! it logged: the recorder writes down exactly what went over the wire.

use std::collections::HashMap;

use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

use fetch_cors::vectors::Outcome;
use fetch_cors_recorder::browser::Browser;
use fetch_cors_recorder::record::{build, Seen};
use fetch_cors_recorder::scenario::{Reply, Scenario, Step, Theme};
use fetch_cors_recorder::server::Server;

#[tokio::test]
async fn routes_answer_by_kind_and_turn_and_the_log_becomes_exchanges() {
    let server = Server::start(0).await.unwrap();
    let port = server.addr().port();
    let base = format!("http://127.0.0.1:{port}");
    let mut scenario = Scenario::new(Theme::Cache, "t0", "PUT twice");
    let path = scenario.path(0, 0);
    scenario.route(
        path.clone(),
        vec![Reply::new(204).acao("http://app.example.test").acam("PUT")],
        vec![Reply::ok().acao("*"), Reply::new(500)],
    );
    scenario.step(
        Step::get(format!("{base}{path}"))
            .method("PUT")
            .header("X-A", "1"),
    );
    for route in &scenario.routes {
        server.add_route(route.clone());
    }
    let client: Client<_, Empty<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
    let send = |method: &str, target: &str, headers: &[(&str, &str)]| {
        let mut request = http::Request::builder()
            .method(method)
            .uri(format!("{base}{target}"));
        for (n, v) in headers {
            request = request.header(*n, *v);
        }
        client.request(request.body(Empty::new()).unwrap())
    };
    let mark = send("GET", "/mark/t0/0", &[]).await.unwrap();
    assert_eq!(mark.status(), 204);
    let preflight = send(
        "OPTIONS",
        &path,
        &[
            ("origin", "http://app.example.test"),
            ("access-control-request-method", "PUT"),
        ],
    )
    .await
    .unwrap();
    assert_eq!(preflight.status(), 204);
    assert_eq!(preflight.headers()["access-control-allow-methods"], "PUT");
    assert_eq!(preflight.headers()["cache-control"], "no-store");
    assert!(preflight.headers().get("content-length").is_none());
    assert!(preflight.headers().get("date").is_none());
    let first = send(
        "PUT",
        &path,
        &[
            ("origin", "http://app.example.test"),
            ("x-a", "1"),
            ("cookie", "fc=1"),
        ],
    )
    .await
    .unwrap();
    assert_eq!(first.status(), 200);
    assert_eq!(first.headers()["content-length"], "0");
    let _ = first.into_body().collect().await;
    // The list ran out: the last reply again.
    let second = send("PUT", &path, &[]).await.unwrap();
    assert_eq!(second.status(), 500);
    let third = send("PUT", &path, &[]).await.unwrap();
    assert_eq!(third.status(), 500);
    // A path nobody registered.
    assert_eq!(send("GET", "/r/t0/9/9", &[]).await.unwrap().status(), 404);

    let log = server.log();
    assert_eq!(log.len(), 6, "{log:?}");
    let seen = HashMap::from([(
        "t0".to_owned(),
        vec![Seen {
            outcome: "response".into(),
            response_type: Some("cors".into()),
            status: Some(200),
            headers: vec![],
            redirected: Some(false),
            url: Some(format!("{base}{path}")),
            reason: None,
            began: 0.0,
        }],
    )]);
    let (vectors, dropped) = build(Browser::Firefox, &[scenario], &seen, &log);
    assert!(dropped.is_empty(), "{dropped:?}");
    let vector = &vectors[&Theme::Cache][0];
    assert_eq!(
        vector.policy.as_ref().unwrap().profile.as_deref(),
        Some("firefox")
    );
    let fetch = &vector.fetches[0];
    // Everything after the mark that belongs to the scenario, in order.
    let methods: Vec<&str> = fetch
        .exchanges
        .iter()
        .map(|e| e.sent.method.as_str())
        .collect();
    assert_eq!(methods, ["OPTIONS", "PUT", "PUT", "PUT", "GET"]);
    let preflight = &fetch.exchanges[0];
    assert_eq!(
        preflight.sent.headers,
        [
            ("origin".to_owned(), "http://app.example.test".to_owned()),
            ("access-control-request-method".to_owned(), "PUT".to_owned())
        ]
    );
    assert_eq!(
        preflight.sent.absent,
        ["access-control-request-headers", "content-type", "x-a"]
    );
    // 127.0.0.1 is not a host the recorder sets its cookie on.
    assert_eq!(preflight.sent.credentials, None);
    assert_eq!(
        preflight.response.headers,
        [
            (
                "access-control-allow-origin".to_owned(),
                "http://app.example.test".to_owned()
            ),
            ("access-control-allow-methods".to_owned(), "PUT".to_owned()),
            ("cache-control".to_owned(), "no-store".to_owned()),
        ]
    );
    assert_eq!(
        fetch.exchanges[1].sent.headers.last().unwrap(),
        &("x-a".to_owned(), "1".to_owned())
    );
    assert_eq!(fetch.exchanges[2].response.status, 500);
    assert!(matches!(
        fetch.expect,
        Outcome::Response { status: 200, .. }
    ));
}

#[test]
fn a_step_the_page_began_late_is_dropped_not_recorded() {
    let mut scenario = Scenario::new(Theme::Cache, "t1", "late");
    scenario.step(Step::get("http://api.example.test/r/t1/0/0").at(3.0));
    let seen = HashMap::from([(
        "t1".to_owned(),
        vec![Seen {
            outcome: "network-error".into(),
            response_type: None,
            status: None,
            headers: vec![],
            redirected: None,
            url: None,
            reason: None,
            began: 4.2,
        }],
    )]);
    let (vectors, dropped) = build(Browser::Chromium, &[scenario], &seen, &[]);
    assert!(vectors.is_empty());
    assert_eq!(dropped.len(), 1);
    assert!(dropped[0].1.contains("began at 4.20 s"), "{}", dropped[0].1);
}
