//! One input file on its way through a run (read, parsed, its documents handed to
//! validation), and the records that say where in a file they come from.

use crkit_discovery::validate::{Document, Position};

use crate::input::{self, File};
use crate::pool::parallel;
use crate::report::{Record, Status};

/// One input file on its way through the run.
pub enum Slot {
    /// Read (or not readable), not parsed yet.
    Read(String, Result<Vec<u8>, input::ReadError>),
    /// Read once and found to hold no CRD, its bytes (of this length) dropped: read again when
    /// its turn comes, so that the whole input is not in memory while the first files are
    /// validated.
    Unread(String, usize),
    /// Parsed, documents not validated yet.
    Parsed(File),
    /// Its documents were handed to validation.
    Done,
}

impl Slot {
    /// The parsed file (read again if its bytes were dropped); `None` once handed on.
    pub fn into_file(self) -> Option<File> {
        match self {
            Slot::Read(name, read) => Some(input::from_read(name, read)),
            Slot::Unread(name, _) => Some(input::load(name)),
            Slot::Parsed(file) => Some(file),
            Slot::Done => None,
        }
    }
}

/// Where in its file a record comes from. The order is the report's within a file and a
/// document index: a document's own record, then the file's load errors, then its read error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    /// The document at this index of the file's parsed documents.
    Document(usize),
    /// A part of the file that could not be loaded (YAML errors, documents that are not
    /// objects, a file too large).
    LoadError,
    /// The file could not be read at all: a usage error, also printed to standard error.
    Unreadable,
}

/// A record, with the index of its file and where in the file it comes from.
pub struct Keyed {
    /// Index of the file among the inputs.
    pub file: usize,
    /// Where in the file.
    pub source: Source,
    /// The record.
    pub record: Record,
}

/// A document handed to validation, with the index of its file and its own index there.
pub struct Job {
    /// Index of the file among the inputs.
    pub file: usize,
    /// Index of the document among the file's parsed documents.
    pub index: usize,
    /// The document, owned: validation prunes and defaults it in place, without a copy, and
    /// it is freed on the worker thread.
    pub document: Document,
}

/// Parses the files of `which` that are read and not parsed yet, in parallel.
pub fn parse_slots(jobs: usize, slots: &mut [Slot], which: Vec<usize>) {
    let todo: Vec<(usize, Slot)> = which
        .into_iter()
        .filter_map(|fi| match std::mem::replace(&mut slots[fi], Slot::Done) {
            slot @ (Slot::Read(..) | Slot::Unread(..)) => Some((fi, slot)),
            other => {
                slots[fi] = other;
                None
            }
        })
        .collect();
    for (fi, file) in parallel(jobs, todo, |(fi, slot)| (fi, slot.into_file())) {
        if let Some(file) = file {
            slots[fi] = Slot::Parsed(file);
        }
    }
}

/// Takes the parsed files `start..end` for validation: their file-level errors become records
/// (an unreadable file is a usage error), their documents jobs. Returns the jobs and the
/// files' names.
pub fn take_batch(
    slots: &mut [Slot],
    start: usize,
    end: usize,
    records: &mut Vec<Keyed>,
    usage_error: &mut bool,
) -> (Vec<Job>, Vec<String>) {
    let mut jobs_list = Vec::new();
    let mut names = Vec::with_capacity(end - start);
    for (fi, slot) in slots.iter_mut().enumerate().take(end).skip(start) {
        let Slot::Parsed(mut file) = std::mem::replace(slot, Slot::Done) else {
            names.push(String::new());
            continue;
        };
        if let Some(e) = &file.io_error {
            // Printed after the run, in file order.
            *usage_error = true;
            records.push(Keyed {
                file: fi,
                source: Source::Unreadable,
                record: file_record(&file, None, e.clone()),
            });
        }
        for e in &file.errors {
            let mut record = file_record(&file, e.position, e.message.clone());
            record.document = e.document;
            records.push(Keyed {
                file: fi,
                source: Source::LoadError,
                record,
            });
        }
        for (di, document) in std::mem::take(&mut file.documents).into_iter().enumerate() {
            jobs_list.push(Job {
                file: fi,
                index: di,
                document,
            });
        }
        names.push(file.name);
    }
    (jobs_list, names)
}

/// A record for a file (or part of one) that yielded no document.
fn file_record(file: &File, position: Option<Position>, message: String) -> Record {
    Record {
        file: file.name.clone(),
        document: None,
        position,
        api_version: String::new(),
        kind: String::new(),
        name: String::new(),
        namespace: String::new(),
        status: Status::Error,
        findings: Vec::new(),
        message: Some(message),
    }
}

#[cfg(test)]
mod tests {
    use super::Source;

    #[test]
    fn file_errors_sort_after_the_documents_they_follow() {
        let mut sources = vec![
            Source::Unreadable,
            Source::LoadError,
            Source::Document(7),
            Source::Document(0),
        ];
        sources.sort();
        assert_eq!(
            sources,
            [
                Source::Document(0),
                Source::Document(7),
                Source::LoadError,
                Source::Unreadable
            ]
        );
    }
}
