//! Importers: other systems' exports brought into the newsroom. Today WordPress (WXR) and
//! IPTC ninjs; room is left for Ghost and Newsdesk's own export.
//!
//! An importer is a door like the desk or the API: it reads its format and calls the
//! newsroom's operations (`newsdesk-newsroom`) as a person, so an imported story obeys the
//! rules a typed one does. It never writes SQL, and it never lets a file it reads decide
//! what is fetched or expanded: a DOCTYPE is refused, nothing is downloaded.

pub mod body;
pub mod ninjs;
mod pictures;
pub mod plan;
mod posts;
mod run;
mod write;
pub mod wxr;

pub use ninjs::{NinjsOptions, import_ninjs};
pub use run::{
    Counts, ImportError, Missing, Options, Progress, Skipped, Summary, import_wxr, reasons,
};
