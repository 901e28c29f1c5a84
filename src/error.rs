//! Why a file gave no report: it could not be read ([`LoadError`]), or what it
//! was to give (a corrected copy) could not be written ([`WriteError`]). The two
//! are told apart by their type, not by the words of their message: a copy that
//! could not be written is not a file that could not be read, and the report
//! counts them apart.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::i18n::{Lang, Msg};
pub use crate::workbook::LoadError;

/// Why an output of a file (its corrected copy) could not be written.
#[derive(Debug)]
pub struct WriteError {
    /// The input the output is of.
    pub path: PathBuf,
    /// Why, in words for the reader (`write.*` of the catalogues).
    pub reason: Msg,
}

impl WriteError {
    pub fn new(path: &Path, reason: Msg) -> WriteError {
        WriteError {
            path: path.to_path_buf(),
            reason,
        }
    }

    /// The whole message in `lang`: the file, and why its output was not written.
    pub fn render(&self, lang: Lang) -> String {
        Msg::new("load.file-reason")
            .arg("file", self.path.display().to_string())
            .arg("reason", self.reason.clone())
            .render(lang)
    }
}

/// A file's failure: read or write.
#[derive(Debug)]
pub enum FileError {
    Read(LoadError),
    Write(WriteError),
}

impl FileError {
    /// The file the failure is of.
    pub fn path(&self) -> &Path {
        match self {
            FileError::Read(e) => &e.path,
            FileError::Write(e) => &e.path,
        }
    }

    /// Names the file as its sender did (an upload kept under another name).
    pub fn set_path(&mut self, path: PathBuf) {
        match self {
            FileError::Read(e) => e.path = path,
            FileError::Write(e) => e.path = path,
        }
    }

    /// Why, without the file's name.
    pub fn reason(&self) -> &Msg {
        match self {
            FileError::Read(e) => &e.reason,
            FileError::Write(e) => &e.reason,
        }
    }

    /// Whether it is an output that could not be written.
    pub fn is_write(&self) -> bool {
        matches!(self, FileError::Write(_))
    }

    /// The whole message in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        match self {
            FileError::Read(e) => e.render(lang),
            FileError::Write(e) => e.render(lang),
        }
    }
}

impl From<LoadError> for FileError {
    fn from(e: LoadError) -> Self {
        FileError::Read(e)
    }
}

impl From<WriteError> for FileError {
    fn from(e: WriteError) -> Self {
        FileError::Write(e)
    }
}

/// In English, as the JSON report carries it.
impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::english()))
    }
}

impl std::error::Error for FileError {}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::english()))
    }
}

impl std::error::Error for WriteError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_not_written_is_told_from_a_file_not_read_by_its_type() {
        let path = Path::new("laporan.xlsx");
        let read: FileError = LoadError::text(path, "the zip is cut short").into();
        let write: FileError = WriteError::new(
            path,
            crate::msg!("write.exists", output = "laporan.corrected.xlsx"),
        )
        .into();
        assert!(!read.is_write() && write.is_write());
        assert_eq!(write.path(), path);
        let said = write.to_string();
        assert!(said.contains("laporan.xlsx"), "{said}");
        assert!(said.contains("laporan.corrected.xlsx"), "{said}");
        assert!(!said.contains("cannot read"), "{said}");
        let mut renamed = read;
        renamed.set_path(PathBuf::from("sent.xlsx"));
        assert_eq!(renamed.path(), Path::new("sent.xlsx"));
        assert!(renamed.to_string().contains("the zip is cut short"));
    }
}
