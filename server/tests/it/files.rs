//! The file store: a real directory, and the S3 client against a local server that speaks the
//! S3 REST protocol and checks every Signature Version 4 signature (object storage is an
//! outside service we cannot reach from tests).

use std::{collections::HashMap, sync::Arc};

use axum::{
    body::Bytes,
    extract::{Path, State},
    http::{HeaderMap, Method, StatusCode, Uri},
    response::{IntoResponse, Response},
    routing::put,
    Router,
};
use server::files::{sigv4, FileKey, FileStore, LocalDir, S3Store};
use tokio::sync::Mutex;

async fn round_trip(store: &dyn FileStore) {
    let key = FileKey::parse("orglife/2026/11/photo-1.jpg").unwrap();
    assert_eq!(store.get(&key).await.unwrap(), None);
    let photo: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    store.put(&key, photo.clone(), "image/jpeg").await.unwrap();
    assert_eq!(store.get(&key).await.unwrap(), Some(photo));
    store
        .put(&key, b"replaced".to_vec(), "image/jpeg")
        .await
        .unwrap();
    assert_eq!(
        store.get(&key).await.unwrap().as_deref(),
        Some(&b"replaced"[..])
    );
    store.delete(&key).await.unwrap();
    assert_eq!(store.get(&key).await.unwrap(), None);
    store.delete(&key).await.unwrap();
}

#[tokio::test]
async fn local_directory_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    round_trip(&LocalDir::new(dir.path())).await;
    // Nothing left behind: no temporary files.
    let leftovers: Vec<_> = walk(dir.path());
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .flat_map(|e| {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p)
            } else {
                vec![p]
            }
        })
        .collect()
}

const ACCESS: &str = "DJTESTACCESSKEY";
const SECRET: &str = "dj-test-secret-key/abc";

#[derive(Clone, Default)]
struct FakeS3 {
    objects: Arc<Mutex<HashMap<String, Vec<u8>>>>,
}

fn s3_error(status: StatusCode, code: &str) -> Response {
    let xml =
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code></Error>");
    (status, [("content-type", "application/xml")], xml).into_response()
}

/// Recomputes the signature from what arrived, as S3 does.
fn signature_ok(
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), &'static str> {
    let get = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    };
    let auth = get("authorization");
    let payload = get("x-amz-content-sha256");
    if payload != sigv4::sha256_hex(body) {
        return Err("XAmzContentSHA256Mismatch");
    }
    let signed: Vec<&str> = auth
        .split("SignedHeaders=")
        .nth(1)
        .and_then(|s| s.split(',').next())
        .ok_or("AuthorizationHeaderMalformed")?
        .split(';')
        .collect();
    let region = auth
        .split('/')
        .nth(2)
        .ok_or("AuthorizationHeaderMalformed")?;
    let values: Vec<(&str, &str)> = signed.iter().map(|h| (*h, get(h))).collect();
    let expected = sigv4::authorization(
        &sigv4::Credentials {
            access_key_id: ACCESS.into(),
            secret_access_key: SECRET.into(),
        },
        &sigv4::Request {
            method: method.as_str(),
            canonical_uri: uri.path(),
            headers: &values,
            payload_sha256: payload,
            amz_date: get("x-amz-date"),
            region,
        },
    );
    if expected == auth {
        Ok(())
    } else {
        Err("SignatureDoesNotMatch")
    }
}

async fn object(
    State(s3): State<FakeS3>,
    Path((bucket, key)): Path<(String, String)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(code) = signature_ok(&method, &uri, &headers, &body) {
        return s3_error(StatusCode::FORBIDDEN, code);
    }
    let name = format!("{bucket}/{key}");
    let mut objects = s3.objects.lock().await;
    match method {
        Method::PUT => {
            objects.insert(name, body.to_vec());
            StatusCode::OK.into_response()
        }
        Method::GET => match objects.get(&name) {
            Some(b) => b.clone().into_response(),
            None => s3_error(StatusCode::NOT_FOUND, "NoSuchKey"),
        },
        Method::DELETE => {
            objects.remove(&name);
            StatusCode::NO_CONTENT.into_response()
        }
        _ => s3_error(StatusCode::METHOD_NOT_ALLOWED, "MethodNotAllowed"),
    }
}

async fn fake_s3() -> (String, FakeS3) {
    let s3 = FakeS3::default();
    let app = Router::new()
        .route("/{bucket}/{*key}", put(object).get(object).delete(object))
        .with_state(s3.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), s3)
}

fn store(endpoint: &str, secret: &str) -> S3Store {
    S3Store::new(
        endpoint,
        "dangjian",
        "cn-central-1",
        sigv4::Credentials {
            access_key_id: ACCESS.into(),
            secret_access_key: secret.into(),
        },
    )
    .unwrap()
}

#[tokio::test]
async fn s3_round_trip_with_signed_requests() {
    let (endpoint, s3) = fake_s3().await;
    round_trip(&store(&endpoint, SECRET)).await;
    let key = FileKey::parse("a/b.png").unwrap();
    store(&endpoint, SECRET)
        .put(&key, b"png".to_vec(), "image/png")
        .await
        .unwrap();
    assert_eq!(
        s3.objects
            .lock()
            .await
            .get("dangjian/a/b.png")
            .map(Vec::as_slice),
        Some(&b"png"[..])
    );
}

#[tokio::test]
async fn s3_wrong_secret_is_refused_and_says_why() {
    let (endpoint, s3) = fake_s3().await;
    let key = FileKey::parse("a/b.png").unwrap();
    let err = store(&endpoint, "not-the-secret")
        .put(&key, b"png".to_vec(), "image/png")
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("403") && text.contains("SignatureDoesNotMatch"),
        "{text}"
    );
    assert!(s3.objects.lock().await.is_empty());
}

mod orphans {
    use crate::common::{self, TestApp};
    use server::files::{FileKey, FileStore, LocalDir};
    use server::seed::DemoPlan;

    async fn upload(app: &TestApp, cookie: &str, purpose: &str, side: u32) -> String {
        let png = server::orglife::photo::fixture::png(side, side);
        let path = format!("/api/v1/uploads/images?purpose={purpose}");
        let (status, _, body) = common::upload_image(app, &path, cookie, png, true).await;
        assert_eq!(status, 201, "{body}");
        let url = serde_json::from_str::<serde_json::Value>(&body).unwrap()["url"]
            .as_str()
            .unwrap()
            .to_string();
        url.trim_start_matches("/files/").to_string()
    }

    on_both_engines! {
        /// Study images and suggestion photos nothing uses are deleted after a week, row and file;
        /// what an article or a suggestion uses, and what is new, stays
        /// (docs/operations.md#stored-files).
        async fn uploads_nothing_uses_are_deleted_after_a_week(app: TestApp, seeded: DemoPlan::new(Some(500))) {
            let county = common::login_cookie(&app, "13800000000").await;
            let member = common::login_cookie(&app, "13800000003").await;
            let unused_study = upload(&app, &county, "study", 11).await;
            let used_study = upload(&app, &county, "study", 12).await;
            let unused_photo = upload(&app, &member, "suggestion", 13).await;
            let used_photo = upload(&app, &member, "suggestion", 14).await;
            let fresh = upload(&app, &member, "suggestion", 15).await;
            let author = common::scalar_i64(&app, "SELECT id FROM accounts WHERE mobile = $1", "13800000003").await;
            let author = server::access::Actor::from_account(&app.db, domain::AccountId::new(author).unwrap()).await.unwrap();
            server::suggestions::submit(&app.db, &author, "branch", "村口路灯坏了", "请安排维修，照片见附件。", &format!("/files/{used_photo}")).await.unwrap();
            server::with_pool!(&app.db, pool => {
                sqlx::query("UPDATE study_items SET body_md = body_md || $1 WHERE id = (SELECT MIN(id) FROM study_items)")
                    .bind(format!("\n\n![图](/files/{used_study})"))
                    .execute(pool).await.unwrap();
                sqlx::query("UPDATE uploads SET created_at = $1 WHERE key <> $2")
                    .bind("2020-01-01T00:00:00+08:00").bind(&fresh)
                    .execute(pool).await.unwrap();
            });
            let store = LocalDir::new(app.site_root.parent().unwrap().join("files"));
            let deleted = server::files::uploads::purge_orphans(&app.db, &store).await.unwrap();
            assert_eq!(deleted, 2);
            for (key, kept) in [(&unused_study, false), (&used_study, true), (&unused_photo, false), (&used_photo, true), (&fresh, true)] {
                let rows = common::scalar_i64(&app, "SELECT COUNT(*) FROM uploads WHERE key = $1", key).await;
                let file = store.get(&FileKey::parse(key).unwrap()).await.unwrap();
                assert_eq!((rows == 1, file.is_some()), (kept, kept), "{key}");
            }
            // Nothing left to do the next day.
            assert_eq!(server::files::uploads::purge_orphans(&app.db, &store).await.unwrap(), 0);
        }
    }
}
