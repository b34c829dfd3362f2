//! The library's error type. Every failure on input (an export, an index file, a query) is a value
//! of [`Error`], never a panic; messages say which file and what to do.

use std::fmt;

/// Result alias used throughout the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A failure of the core library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// A malformed bulletin export. `line` is 1-based; 0 means "the whole file".
    Parse {
        /// The file name as given by the caller.
        file: String,
        /// 1-based line number, 0 when the problem concerns the whole file.
        line: usize,
        /// What is wrong, in words a publisher can act on.
        message: String,
    },
    /// An index file does not start with the index magic bytes: not an index file at all.
    BadMagic {
        /// The index file's name.
        file: String,
    },
    /// An index file was written by another version of the format.
    Version {
        /// The index file's name.
        file: String,
        /// The version this engine reads.
        expected: u16,
        /// The version found in the file.
        got: u16,
    },
    /// An index file's content does not match its checksum (corrupt or truncated download).
    ChecksumMismatch {
        /// The index file's name.
        file: String,
    },
    /// An index file is intact but belongs to another build than the manifest (mixed deploys).
    Mismatch {
        /// The index file's name.
        file: String,
        /// What disagrees.
        message: String,
    },
    /// An index file is structurally invalid although its checksum matched.
    Corrupt {
        /// The index file's name.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// The engine was asked to evaluate without a file it said it needs.
    MissingFile {
        /// The index file's name.
        file: String,
    },
    /// A query still needed files after every round of files an evaluation can take
    /// ([`crate::MAX_ROUNDS`]): the files supplied do not satisfy the manifest.
    TooManyRounds {
        /// The rounds of files supplied.
        rounds: usize,
        /// The files still needed.
        files: Vec<String>,
    },
}

impl Error {
    pub(crate) fn corrupt(file: &str, message: impl Into<String>) -> Error {
        Error::Corrupt { file: file.to_string(), message: message.into() }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Parse { file, line, message } if *line == 0 => write!(f, "{file}: {message}"),
            Error::Parse { file, line, message } => write!(f, "{file}:{line}: {message}"),
            Error::BadMagic { file } => {
                write!(f, "{file}: not a bulletin-search index file (bad magic bytes); rebuild the index with `bulletin build`")
            }
            Error::Version { file, expected, got } => write!(
                f,
                "{file}: index format version {got}, but this engine reads version {expected}; rebuild the index with the matching `bulletin build`"
            ),
            Error::ChecksumMismatch { file } => write!(
                f,
                "{file}: checksum mismatch, the file is corrupt or truncated; re-deploy the index files"
            ),
            Error::Mismatch { file, message } => write!(
                f,
                "{file}: does not belong to this index ({message}); deploy the manifest and its files together"
            ),
            Error::Corrupt { file, message } => write!(f, "{file}: corrupt index file: {message}"),
            Error::MissingFile { file } => write!(f, "{file}: index file not loaded"),
            Error::TooManyRounds { rounds, files } => write!(
                f,
                "{}: still needed after {rounds} rounds of index files, so the files read do not satisfy the manifest; deploy the manifest and its files together",
                files.join(", ")
            ),
        }
    }
}

impl std::error::Error for Error {}
