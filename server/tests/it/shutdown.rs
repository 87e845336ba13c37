//! Stopping: a request that never finishes (here, a body that never arrives) must not keep the
//! server from exiting; requests in flight get 10 seconds.

use std::io::Write as _;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hanging_request_does_not_hold_the_server_after_a_stop_signal() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let log = std::fs::File::create(dir.path().join("server.log")).unwrap();
    let mut server = Command::new(env!("CARGO_BIN_EXE_dangjian"))
        .arg("serve")
        .env(
            "DANGJIAN_DATABASE_URL",
            format!("sqlite://{}/db.sqlite", dir.path().display()),
        )
        .env("DANGJIAN_LISTEN", format!("127.0.0.1:{port}"))
        .env("DANGJIAN_SITE_ROOT", dir.path())
        .env("DANGJIAN_DEMO", "1")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap();
    let client = reqwest::Client::new();
    let started = Instant::now();
    while client
        .get(format!("http://127.0.0.1:{port}/healthz"))
        .send()
        .await
        .is_err()
    {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the server did not start"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut hanging = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    hanging
        .write_all(b"POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nmobile=1")
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let stop = Instant::now();
    assert!(Command::new("kill")
        .arg(server.id().to_string())
        .status()
        .unwrap()
        .success());
    let exited = loop {
        if let Some(status) = server.try_wait().unwrap() {
            break status;
        }
        if stop.elapsed() > Duration::from_secs(20) {
            let _ = server.kill();
            panic!("still running 20 s after the stop signal");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(exited.success(), "{exited}");
    assert!(
        stop.elapsed() >= Duration::from_secs(9),
        "requests in flight get their time"
    );
    let text = std::fs::read_to_string(dir.path().join("server.log")).unwrap();
    assert!(
        text.contains("requests still open after the stop signal"),
        "{text}"
    );
    drop(hanging);
}
