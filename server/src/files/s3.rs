use reqwest::{Method, StatusCode};

use super::{
    sigv4::{self, Credentials},
    FileError, FileKey, FileStore,
};

/// Path-style requests (`{endpoint}/{bucket}/{key}`), which every S3-compatible server accepts.
pub struct S3Store {
    endpoint: reqwest::Url,
    bucket: String,
    region: String,
    credentials: Credentials,
    client: reqwest::Client,
}

impl S3Store {
    pub fn new(
        endpoint: &str,
        bucket: &str,
        region: &str,
        credentials: Credentials,
    ) -> Result<Self, FileError> {
        let endpoint = reqwest::Url::parse(endpoint)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
            .ok_or_else(|| FileError::Config(format!("bad S3 endpoint '{endpoint}'")))?;
        if bucket.is_empty() || bucket.contains('/') {
            return Err(FileError::Config(format!("bad bucket name '{bucket}'")));
        }
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(60))
            .build()
            .map_err(|e| FileError::Http(e.to_string()))?;
        Ok(Self {
            endpoint,
            bucket: bucket.to_string(),
            region: region.to_string(),
            credentials,
            client,
        })
    }

    async fn send(
        &self,
        method: Method,
        key: &FileKey,
        body: Vec<u8>,
        content_type: Option<&str>,
    ) -> Result<reqwest::Response, FileError> {
        let base = self.endpoint.path().trim_end_matches('/');
        let uri = sigv4::uri_encode_path(&format!("{base}/{}/{}", self.bucket, key.as_str()));
        let host = match self.endpoint.port() {
            Some(p) => format!("{}:{p}", self.endpoint.host_str().unwrap_or_default()),
            None => self.endpoint.host_str().unwrap_or_default().to_string(),
        };
        let payload = sigv4::sha256_hex(&body);
        let date = sigv4::amz_date(&crate::clock::now_rfc3339());
        let authorization = sigv4::authorization(
            &self.credentials,
            &sigv4::Request {
                method: method.as_str(),
                canonical_uri: &uri,
                headers: &[
                    ("host", &host),
                    ("x-amz-content-sha256", &payload),
                    ("x-amz-date", &date),
                ],
                payload_sha256: &payload,
                amz_date: &date,
                region: &self.region,
            },
        );
        let mut url = self.endpoint.clone();
        url.set_path(&uri);
        let mut request = self
            .client
            .request(method, url)
            .header("x-amz-content-sha256", payload)
            .header("x-amz-date", date)
            .header("authorization", authorization);
        if let Some(ct) = content_type {
            request = request.header("content-type", ct);
        }
        request
            .body(body)
            .send()
            .await
            .map_err(|e| FileError::Http(e.to_string()))
    }
}

async fn refused(r: reqwest::Response) -> FileError {
    let status = r.status().as_u16();
    let body = r.text().await.unwrap_or_default();
    FileError::Refused {
        status,
        body: body.chars().take(300).collect(),
    }
}

#[async_trait::async_trait]
impl FileStore for S3Store {
    async fn put(
        &self,
        key: &FileKey,
        bytes: Vec<u8>,
        content_type: &str,
    ) -> Result<(), FileError> {
        let r = self
            .send(Method::PUT, key, bytes, Some(content_type))
            .await?;
        if r.status().is_success() {
            Ok(())
        } else {
            Err(refused(r).await)
        }
    }

    async fn get(&self, key: &FileKey) -> Result<Option<Vec<u8>>, FileError> {
        let r = self.send(Method::GET, key, Vec::new(), None).await?;
        match r.status() {
            StatusCode::NOT_FOUND => Ok(None),
            s if s.is_success() => r
                .bytes()
                .await
                .map(|b| Some(b.to_vec()))
                .map_err(|e| FileError::Http(e.to_string())),
            _ => Err(refused(r).await),
        }
    }

    async fn delete(&self, key: &FileKey) -> Result<(), FileError> {
        let r = self.send(Method::DELETE, key, Vec::new(), None).await?;
        if r.status().is_success() || r.status() == StatusCode::NOT_FOUND {
            Ok(())
        } else {
            Err(refused(r).await)
        }
    }
}
