//! bulletin-search: full-text search for 《行业动态周报》 that runs in the visitor's browser.
//!
//! Data flows one way:
//!
//! ```text
//! export text --parse--> Item --analysis--> terms --IndexBuilder--> index files (bytes)
//! index files (bytes) --Index--> search(query) --> Hit (title, snippet, highlights)
//! ```
//!
//! The core does no I/O: the parser takes bytes, the builder returns bytes, and [`Index`] is fed
//! the files it asks for ([`Step::Need`]), so the same code serves the CLI (reading files) and the
//! Wasm engine (fetching them).
#![deny(missing_docs)]

pub mod analysis;
#[cfg(feature = "build")]
pub mod builder;
mod bytes;
pub mod error;
pub mod format;
pub mod model;
pub mod parse;
pub mod query;
pub mod search;
#[cfg(feature = "build")]
pub mod site;
pub mod snippet;

#[cfg(feature = "build")]
pub use builder::{BuildOutput, IndexBuilder};
pub use error::{Error, Result};
pub use model::{Date, Issue, Item};
pub use parse::parse_export;
pub use search::{Completion, FacetCount, Hit, Index, SearchOptions, SearchResponse, Step};
