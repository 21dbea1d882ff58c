//! Failure injection for tests only (the `failpoints` feature; see newsdesk-store's
//! `faults`, which arms them): `media-write`, `media-fsync` and `media-rename`, the three
//! steps of storing a file, each made to fail as a full or failing disk would.

use crate::MediaError;

/// A point where storing a file can be made to fail with an I/O error.
#[allow(
    unused_variables,
    reason = "the name is only read by the failpoints build"
)]
pub(crate) fn point(name: &str) -> Result<(), MediaError> {
    #[cfg(feature = "failpoints")]
    fail::fail_point!(name, |_| Err(MediaError::Storage(std::io::Error::other(
        format!("injected fault at {name}")
    ))));
    Ok(())
}
