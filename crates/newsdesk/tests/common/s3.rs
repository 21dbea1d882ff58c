//! The S3-compatible server the object-storage tests run against: named by
//! `NEWSDESK_TEST_S3_URL=http://KEY:SECRET@127.0.0.1:PORT/BUCKET` (`.ci/run` starts
//! s3s-fs and sets it). Only ignored tests ask for it, so reaching here without one means
//! the full run was asked for on a machine without a server: that fails, never skips.
//!
//! Each test gets a prefix of its own in the one bucket, and reads and changes objects
//! through its own client — not through Newsdesk's storage code, which is what is tested.

use bytes::Bytes;
use futures_util::TryStreamExt;
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path;
use object_store::{ClientOptions, ObjectStore, ObjectStoreExt, PutPayload};
use std::process::Command;

/// One test's corner of the bucket.
pub struct TestBucket {
    pub endpoint: String,
    pub bucket: String,
    pub prefix: String,
    key_id: String,
    secret: String,
    client: AmazonS3,
}

/// The server from `NEWSDESK_TEST_S3_URL`, and a fresh prefix in its bucket.
pub fn test_bucket() -> TestBucket {
    let url = match std::env::var("NEWSDESK_TEST_S3_URL") {
        Ok(url) if !url.is_empty() => url,
        _ => panic!(
            "this test needs an S3-compatible server: set NEWSDESK_TEST_S3_URL=http://KEY:SECRET@127.0.0.1:PORT/BUCKET (.ci/run starts s3s-fs and sets it)"
        ),
    };
    let (scheme, rest) = url.split_once("://").expect("NEWSDESK_TEST_S3_URL: a URL");
    let (credentials, rest) = rest
        .split_once('@')
        .expect("NEWSDESK_TEST_S3_URL: KEY:SECRET@ before the host");
    let (key_id, secret) = credentials
        .split_once(':')
        .expect("NEWSDESK_TEST_S3_URL: KEY:SECRET");
    let (host, bucket) = rest
        .split_once('/')
        .expect("NEWSDESK_TEST_S3_URL: /BUCKET after the host");
    let endpoint = format!("{scheme}://{host}");
    let bucket = bucket.trim_end_matches('/').to_owned();
    let prefix = format!("test-{}-{}", std::process::id(), unique());
    install_tls_provider();
    let client = AmazonS3Builder::new()
        .with_endpoint(&endpoint)
        .with_bucket_name(&bucket)
        .with_region("us-east-1")
        .with_access_key_id(key_id)
        .with_secret_access_key(secret)
        .with_client_options(ClientOptions::new().with_allow_http(true))
        .build()
        .expect("a client for the test bucket");
    TestBucket {
        endpoint,
        bucket,
        prefix,
        key_id: key_id.to_owned(),
        secret: secret.to_owned(),
        client,
    }
}

#[allow(deprecated)]
fn install_tls_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

fn unique() -> u64 {
    use std::hash::{BuildHasher, RandomState};
    RandomState::new().hash_one(std::time::Instant::now())
}

impl TestBucket {
    /// The same bucket under another fresh prefix (another install's media).
    pub fn another_prefix(&self) -> TestBucket {
        let mut other = test_bucket();
        other.prefix = format!("{}-{}", self.prefix, unique() % 100_000);
        other
    }

    /// Points a `newsdesk` command at this bucket and prefix, credentials in the
    /// environment as an operator sets them.
    pub fn configure(&self, cmd: &mut Command) {
        cmd.env("NEWSDESK_MEDIA_STORE", "s3")
            .env("NEWSDESK_MEDIA_BUCKET", &self.bucket)
            .env("NEWSDESK_MEDIA_ENDPOINT", &self.endpoint)
            .env("NEWSDESK_MEDIA_PREFIX", &self.prefix)
            .env("AWS_ACCESS_KEY_ID", &self.key_id)
            .env("AWS_SECRET_ACCESS_KEY", &self.secret)
            .env_remove("AWS_SESSION_TOKEN");
    }

    /// The same, with a secret the server does not know.
    pub fn configure_with_wrong_secret(&self, cmd: &mut Command) {
        self.configure(cmd);
        cmd.env("AWS_SECRET_ACCESS_KEY", "not-the-secret");
    }

    fn path(&self, key: &str) -> Path {
        Path::from(format!("{}/{key}", self.prefix))
    }

    /// Every key stored under this prefix, sorted.
    pub async fn keys(&self) -> Vec<String> {
        let prefix = Path::from(self.prefix.as_str());
        let listed: Vec<_> = self
            .client
            .list(Some(&prefix))
            .try_collect()
            .await
            .expect("listing the test bucket");
        let mut keys: Vec<String> = listed
            .into_iter()
            .map(|meta| {
                meta.location
                    .as_ref()
                    .strip_prefix(&format!("{}/", self.prefix))
                    .expect("a key under the prefix")
                    .to_owned()
            })
            .collect();
        keys.sort();
        keys
    }

    pub async fn get(&self, key: &str) -> Vec<u8> {
        let found = self.client.get(&self.path(key)).await.expect("an object");
        found.bytes().await.expect("its bytes").to_vec()
    }

    pub async fn put(&self, key: &str, bytes: Vec<u8>) {
        self.client
            .put(&self.path(key), PutPayload::from(Bytes::from(bytes)))
            .await
            .expect("writing an object");
    }

    pub async fn delete(&self, key: &str) {
        self.client
            .delete(&self.path(key))
            .await
            .expect("deleting an object");
    }

    /// Deletes everything under this prefix.
    pub async fn clear(&self) {
        for key in self.keys().await {
            self.delete(&key).await;
        }
    }
}
