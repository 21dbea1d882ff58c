//! Where media bytes live. Keys are content-hash file names, so a stored file never
//! changes and can be cached forever.
//!
//! Two homes, one interface: a folder on this machine (the default), or a bucket on any
//! S3-compatible object store, shared by every node of a cluster. Whichever node takes an
//! upload makes the renditions and writes them once; every node reads the same files.

use crate::MediaError;
use bytes::Bytes;
use futures_util::stream::{self, BoxStream, StreamExt, TryStreamExt};
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path as ObjectPath;
use object_store::{ClientOptions, ObjectStore, ObjectStoreExt, PutPayload, RetryConfig};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::AsyncReadExt;

#[derive(Clone, Debug)]
pub enum Storage {
    /// A folder on local disk (the default: `DATA_DIR/media`).
    Local(PathBuf),
    /// A bucket (and a folder-like prefix in it) on S3 or an S3-compatible store.
    Bucket(Bucket),
}

/// An S3-compatible bucket, as media storage.
#[derive(Clone)]
pub struct Bucket {
    store: Arc<AmazonS3>,
    /// Prepended to every key: empty, or ending in `/`.
    prefix: String,
    /// `s3://bucket/prefix`, for messages.
    name: String,
}

/// Only the bucket's name: nothing of the client's credentials ever reaches a log.
impl std::fmt::Debug for Bucket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Bucket").field(&self.name).finish()
    }
}

/// What it takes to reach a bucket. The credentials come from the environment
/// (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`), read once with the
/// rest of the configuration.
#[derive(Clone)]
pub struct BucketConfig {
    pub bucket: String,
    /// `https://s3.eu-west-1.amazonaws.com`, `http://127.0.0.1:9000`…; empty for AWS's own
    /// endpoint of `region`.
    pub endpoint: String,
    /// Empty for `us-east-1`, which most S3-compatible servers accept whatever they are.
    pub region: String,
    /// A folder-like prefix inside the bucket (`newsroom-a/`), so several sites can share
    /// one bucket; empty for none.
    pub prefix: String,
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: Option<String>,
}

impl std::fmt::Debug for BucketConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BucketConfig")
            .field("bucket", &self.bucket)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("prefix", &self.prefix)
            .field("access_key_id", &self.access_key_id)
            .finish_non_exhaustive()
    }
}

/// A stored file opened for serving: its length, and its bytes as they arrive.
pub struct MediaStream {
    pub len: u64,
    pub body: BoxStream<'static, Result<Bytes, std::io::Error>>,
}

/// A key is a flat file name of hex, digits, `-` and one extension: nothing that could
/// climb out of the storage folder.
pub fn is_media_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 100
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        && !key.starts_with('.')
        && key.matches('.').count() == 1
}

/// How much of a local file is read at a time while it is served.
const CHUNK: usize = 64 * 1024;

impl Storage {
    /// A bucket on an S3-compatible store. Nothing is sent until the first read or write;
    /// [`Storage::check`] asks the store whether it answers.
    pub fn bucket(config: &BucketConfig) -> Result<Storage, MediaError> {
        let bad = |what: &str| MediaError::BadConfig(what.to_owned());
        if config.bucket.trim().is_empty() {
            return Err(bad("the bucket's name is empty"));
        }
        if config.access_key_id.is_empty() || config.secret_access_key.is_empty() {
            return Err(bad(
                "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must both be set in the environment",
            ));
        }
        let prefix = config.prefix.trim().trim_matches('/');
        if !prefix.is_empty()
            && prefix
                .split('/')
                .any(|part| part.is_empty() || part == "." || part == "..")
        {
            return Err(bad("the prefix must be folder names separated by `/`"));
        }
        install_tls_provider();
        let region = match config.region.trim() {
            "" => "us-east-1",
            region => region,
        };
        let endpoint = config.endpoint.trim().trim_end_matches('/');
        // A store on this machine or a private network is often plain HTTP; say so by
        // writing `http://` in the endpoint.
        let allow_http = endpoint.starts_with("http://");
        let mut builder = AmazonS3Builder::new()
            .with_bucket_name(config.bucket.trim())
            .with_region(region)
            .with_access_key_id(&config.access_key_id)
            .with_secret_access_key(&config.secret_access_key)
            .with_client_options(
                ClientOptions::new()
                    .with_allow_http(allow_http)
                    .with_connect_timeout(Duration::from_secs(5))
                    .with_timeout(Duration::from_secs(60)),
            )
            // A reader waits for a picture: a few quick retries, not the default minutes.
            .with_retry(RetryConfig {
                max_retries: 3,
                retry_timeout: Duration::from_secs(20),
                ..RetryConfig::default()
            });
        if let Some(token) = config.session_token.as_deref().filter(|t| !t.is_empty()) {
            builder = builder.with_token(token);
        }
        if !endpoint.is_empty() {
            builder = builder.with_endpoint(endpoint);
        }
        let store = builder
            .build()
            .map_err(|e| MediaError::BadConfig(e.to_string()))?;
        Ok(Storage::Bucket(Bucket {
            store: Arc::new(store),
            prefix: if prefix.is_empty() {
                String::new()
            } else {
                format!("{prefix}/")
            },
            name: format!("s3://{}/{prefix}", config.bucket.trim()),
        }))
    }

    /// Where the files are, for messages: a folder, or `s3://bucket/prefix`.
    pub fn describe(&self) -> String {
        match self {
            Storage::Local(dir) => format!("the media folder {}", dir.display()),
            Storage::Bucket(bucket) => format!("the media bucket {}", bucket.name),
        }
    }

    pub async fn put(&self, key: &str, bytes: &[u8]) -> Result<(), MediaError> {
        if !is_media_key(key) {
            return Err(MediaError::BadKey(key.to_owned()));
        }
        match self {
            // Whole or not at all, and on disk before the row naming it commits.
            Storage::Local(dir) => crate::local_file::put(dir, key, bytes).await,
            Storage::Bucket(bucket) => {
                let path = bucket.path(key);
                // A name is its content: a file already there is this file, and is not
                // sent again. (A PUT is atomic, so no reader sees half of one.)
                match bucket.store.head(&path).await {
                    Ok(_) => return Ok(()),
                    Err(object_store::Error::NotFound { .. }) => {}
                    Err(e) => return Err(bucket.failed(e)),
                }
                let payload = PutPayload::from(Bytes::copy_from_slice(bytes));
                bucket
                    .store
                    .put(&path, payload)
                    .await
                    .map_err(|e| bucket.failed(e))?;
                Ok(())
            }
        }
    }

    /// The bytes under `key`, or `None` when there is no such file.
    pub async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, MediaError> {
        if !is_media_key(key) {
            return Ok(None);
        }
        match self {
            Storage::Local(dir) => match tokio::fs::read(dir.join(key)).await {
                Ok(bytes) => Ok(Some(bytes)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(e.into()),
            },
            Storage::Bucket(bucket) => {
                let found = match bucket.store.get(&bucket.path(key)).await {
                    Ok(found) => found,
                    Err(object_store::Error::NotFound { .. }) => return Ok(None),
                    Err(e) => return Err(bucket.failed(e)),
                };
                let bytes = found.bytes().await.map_err(|e| bucket.failed(e))?;
                Ok(Some(bytes.to_vec()))
            }
        }
    }

    /// The file under `key` opened for serving, read a piece at a time as the answer is
    /// sent (a 40 MB original is never held whole in memory), or `None` when there is no
    /// such file.
    pub async fn open(&self, key: &str) -> Result<Option<MediaStream>, MediaError> {
        if !is_media_key(key) {
            return Ok(None);
        }
        match self {
            Storage::Local(dir) => {
                let file = match tokio::fs::File::open(dir.join(key)).await {
                    Ok(file) => file,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
                    Err(e) => return Err(e.into()),
                };
                let len = file.metadata().await?.len();
                let body = stream::try_unfold(file, |mut file| async move {
                    let mut chunk = Vec::with_capacity(CHUNK);
                    let read = (&mut file)
                        .take(CHUNK as u64)
                        .read_to_end(&mut chunk)
                        .await?;
                    Ok::<_, std::io::Error>((read > 0).then(|| (Bytes::from(chunk), file)))
                });
                Ok(Some(MediaStream {
                    len,
                    body: body.boxed(),
                }))
            }
            Storage::Bucket(bucket) => {
                let found = match bucket.store.get(&bucket.path(key)).await {
                    Ok(found) => found,
                    Err(object_store::Error::NotFound { .. }) => return Ok(None),
                    Err(e) => return Err(bucket.failed(e)),
                };
                let len = found.meta.size;
                let body = found.into_stream().map_err(std::io::Error::other);
                Ok(Some(MediaStream {
                    len,
                    body: body.boxed(),
                }))
            }
        }
    }

    /// Whether no media file is stored at all: a restore goes only into empty storage,
    /// so it never mixes two newsrooms' pictures.
    pub async fn is_empty(&self) -> Result<bool, MediaError> {
        match self {
            Storage::Local(dir) => {
                let mut entries = match tokio::fs::read_dir(dir).await {
                    Ok(entries) => entries,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(true),
                    Err(e) => return Err(e.into()),
                };
                while let Some(entry) = entries.next_entry().await? {
                    if !entry.file_name().to_string_lossy().starts_with('.') {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            Storage::Bucket(bucket) => {
                let prefix = bucket.prefix_path();
                let mut listed = bucket.store.list(prefix.as_ref());
                match listed.next().await {
                    None => Ok(true),
                    Some(Ok(_)) => Ok(false),
                    Some(Err(e)) => Err(bucket.failed(e)),
                }
            }
        }
    }

    /// Asks a bucket whether it answers a listing with these credentials. Run at start, so
    /// a wrong endpoint or key stops the server with its reason rather than failing every
    /// picture. (A folder is made by the first upload, as ever.)
    pub async fn check(&self) -> Result<(), MediaError> {
        match self {
            Storage::Local(_) => Ok(()),
            Storage::Bucket(_) => self.is_empty().await.map(|_| ()),
        }
    }
}

/// TLS to the store is rustls with *ring*, as for purges and webhooks: it builds with
/// nothing but a C compiler (aws-lc-rs wants cmake and minutes), at the cost of
/// post-quantum key exchange, which is why rustls marks it deprecated. The HTTP client
/// takes the process's default provider; one already installed is kept.
#[allow(deprecated)]
fn install_tls_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

impl Bucket {
    fn path(&self, key: &str) -> ObjectPath {
        ObjectPath::from(format!("{}{key}", self.prefix))
    }

    fn prefix_path(&self) -> Option<ObjectPath> {
        let prefix = self.prefix.trim_end_matches('/');
        (!prefix.is_empty()).then(|| ObjectPath::from(prefix))
    }

    fn failed(&self, e: object_store::Error) -> MediaError {
        MediaError::Bucket {
            bucket: self.name.clone(),
            message: e.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_cannot_escape_the_folder() {
        for bad in [
            "../etc/passwd",
            "a/b.jpg",
            ".hidden.jpg",
            "",
            "a.b.c",
            "x\0.jpg",
        ] {
            assert!(!is_media_key(bad), "{bad:?}");
        }
        assert!(is_media_key("0123abcd-640.jpg"));
    }

    fn config() -> BucketConfig {
        BucketConfig {
            bucket: "pictures".into(),
            endpoint: "http://127.0.0.1:9".into(),
            region: String::new(),
            prefix: "site-a/".into(),
            access_key_id: "id".into(),
            secret_access_key: "s3cr3t-value".into(),
            session_token: None,
        }
    }

    #[test]
    fn a_bucket_needs_a_name_credentials_and_a_plain_prefix() {
        let ok = Storage::bucket(&config()).unwrap();
        assert_eq!(ok.describe(), "the media bucket s3://pictures/site-a");
        let without_key = BucketConfig {
            secret_access_key: String::new(),
            ..config()
        };
        let err = Storage::bucket(&without_key).unwrap_err().to_string();
        assert!(err.contains("AWS_SECRET_ACCESS_KEY"), "{err}");
        let unnamed = BucketConfig {
            bucket: " ".into(),
            ..config()
        };
        assert!(Storage::bucket(&unnamed).is_err());
        for prefix in ["a//b", "../x", "a/./b"] {
            let climbing = BucketConfig {
                prefix: prefix.into(),
                ..config()
            };
            assert!(Storage::bucket(&climbing).is_err(), "{prefix}");
        }
        // The secret never shows in a debug print of the configuration or the storage.
        assert!(!format!("{:?}", config()).contains("s3cr3t"));
        assert!(!format!("{ok:?}").contains("s3cr3t"));
    }

    #[tokio::test]
    async fn a_local_file_is_served_in_pieces_and_a_missing_one_is_none() {
        let dir = tempfile::tempdir().unwrap();
        let storage = Storage::Local(dir.path().join("media"));
        assert!(storage.is_empty().await.unwrap());
        let bytes: Vec<u8> = (0..CHUNK * 2 + 10).map(|i| (i % 251) as u8).collect();
        storage.put("abcdef.jpg", &bytes).await.unwrap();
        assert!(!storage.is_empty().await.unwrap());
        let opened = storage.open("abcdef.jpg").await.unwrap().unwrap();
        assert_eq!(opened.len, bytes.len() as u64);
        let pieces: Vec<Bytes> = opened.body.try_collect().await.unwrap();
        assert_eq!(pieces.len(), 3);
        assert_eq!(pieces.concat(), bytes);
        assert!(storage.open("000000.jpg").await.unwrap().is_none());
        assert!(storage.open("../x.jpg").await.unwrap().is_none());
    }
}
