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
//!
//! ```
//! use bulletin_search::{parse_export, Index, IndexBuilder, SearchOptions};
//! use std::collections::HashMap;
//!
//! let export = "行业动态周报\n\n第 431 期\n\n2024 年 9 月 9 日\n\n技术\n\n\
//!               百度推出新搜索“文小言”\n\n9 月 4 日，百度官宣文心一言 App 正式升级为“文小言”。\n";
//! let mut builder = IndexBuilder::new();
//! builder.add_issue(parse_export(export.as_bytes(), "0431.txt")?, "0431.txt")?;
//! let files: HashMap<String, Vec<u8>> = builder.build().files.into_iter().collect();
//!
//! let mut index = Index::open(&files["manifest.bin"])?;
//! // The files the query needs, read as the steps of `Index::search` name them.
//! let response = index.run("文小言", &SearchOptions::default(), |name| Ok(files[name].clone()))?;
//! assert_eq!(response.hits[0].title, "百度推出新搜索“文小言”");
//! assert_eq!(response.hits[0].title_highlights, vec![[8, 11]]); // chars, not bytes
//! # Ok::<(), bulletin_search::Error>(())
//! ```
#![deny(missing_docs)]

pub mod analysis;
#[cfg(feature = "build")]
pub mod builder;
mod bytes;
pub mod error;
pub mod format;
mod fstcheck;
pub mod fuzzy;
pub mod model;
mod order;
#[cfg(feature = "build")]
pub mod par;
pub mod parse;
#[cfg(feature = "build")]
pub mod publish;
pub mod query;
pub mod search;
#[cfg(feature = "build")]
pub mod site;
pub mod snippet;
pub mod synonyms;
mod t2s;

#[cfg(feature = "build")]
pub use builder::{BuildOutput, IndexBuilder};
pub use error::{Error, Result};
pub use model::{Date, Issue, Item};
pub use parse::parse_export;
pub use search::{Completion, FacetCount, Hit, Index, PartialHit, SearchOptions, SearchResponse, Step, MAX_ROUNDS};
pub use synonyms::Synonyms;
