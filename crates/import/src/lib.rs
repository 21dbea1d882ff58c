//! Importers: other systems' exports brought into the newsroom — WordPress (WXR), Ghost
//! (its JSON export) and IPTC ninjs (agencies' and Superdesk's stories) — and Newsdesk's
//! own export, written and read back (`export`, which keeps every id and so loads below
//! the operations, into an empty database only).
//!
//! An importer is a door like the desk or the API: it reads its format and calls the
//! newsroom's operations (`newsdesk-newsroom`) as a person, so an imported story obeys the
//! rules a typed one does. It never writes SQL, and it never lets a file it reads decide
//! what is fetched or expanded: a DOCTYPE is refused, and pictures are fetched only through
//! the client the command hands in, which refuses addresses inside the network.

pub mod body;
pub mod export;
pub mod ghost;
pub mod ninjs;
mod pictures;
pub mod plan;
mod posts;
mod run;
mod write;
pub mod wxr;

pub use ghost::import_ghost;
pub use ninjs::{NinjsOptions, import_ninjs};
pub use run::{
    Counts, Fetch, Fetcher, ImportError, Missing, Options, Progress, Skipped, Summary, import_wxr,
    reasons,
};
