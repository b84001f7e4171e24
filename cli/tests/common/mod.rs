//! What the command-line tests share: running the binary, and a server
//! on 127.0.0.1.
#![allow(dead_code)] // each test file uses its part

use std::net::SocketAddr;
use std::path::Path;
use std::process::Command;

/// Runs `fetch-cors` with `args` from the workspace root: its exit code
/// (-1 if a signal ended it), stdout and stderr.
pub fn fetch_cors<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> (i32, String, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let output = Command::new(env!("CARGO_BIN_EXE_fetch-cors"))
        .args(args)
        .current_dir(root)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// A port on 127.0.0.1 that refuses connections for as long as the socket
/// lives: bound but not listening, so no other test can take it between
/// its choice and its use (a listener bound and dropped leaves that gap).
pub fn closed_port() -> (tokio::net::TcpSocket, u16) {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind(([127, 0, 0, 1], 0).into()).unwrap();
    let port = socket.local_addr().unwrap().port();
    (socket, port)
}

/// `app` served on 127.0.0.1 by a runtime of its own (the binary is
/// another process); it stops when the runtime is dropped.
pub fn serve(app: axum::Router) -> (tokio::runtime::Runtime, SocketAddr) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let addr = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        addr
    });
    (runtime, addr)
}
