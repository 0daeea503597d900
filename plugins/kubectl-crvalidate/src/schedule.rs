//! How the documents of a run are spread over the workers: file by file when there are many
//! files of comparable size, else batch by batch, so that a file holding most of the
//! documents still keeps every worker busy and one batch of parsed documents is in memory at a
//! time.

use crkit_discovery::validate::{Catalog, Document, Options};

use crate::check::check;
use crate::cli::Cli;
use crate::pool::parallel;
use crate::report::Record;
use crate::schemas::InputCrdErrors;
use crate::slots::{Keyed, Slot, Source, parse_slots, take_batch};

/// Input bytes parsed and validated together: enough to keep every core busy, small enough
/// that the parsed documents of a batch (some 30 times their text) stay around 10 MiB.
const BATCH_BYTES: usize = 256 << 10;

/// What validating the documents of the input needs.
pub struct Validator<'a> {
    /// The command line.
    pub cli: &'a Cli,
    /// Worker threads.
    pub jobs: usize,
    /// The schemas.
    pub catalog: &'a Catalog,
    /// Invalid CRDs of the input, by file and document.
    pub crd_errors: &'a InputCrdErrors,
    /// Unknown fields: errors or warnings.
    pub options: Options,
}

/// Records with where they come from, and whether a file could not be read.
pub type Validated = (Vec<Keyed>, bool);

impl Validator<'_> {
    /// Validates the documents of `slots`, spreading them over the workers the way that suits
    /// the sizes of the files.
    pub fn run(&self, slots: &mut [Slot]) -> Validated {
        let sizes: Vec<usize> = slots
            .iter()
            .map(|s| match s {
                Slot::Read(_, Ok(b)) => b.len(),
                Slot::Unread(_, n) => *n,
                _ => 0,
            })
            .collect();
        let total: usize = sizes.iter().sum();
        if sizes
            .iter()
            .all(|&n| n.saturating_mul(4 * self.jobs) <= total)
        {
            // Many files of comparable size: each worker parses and validates whole files.
            self.by_file(slots)
        } else {
            self.by_batch(slots)
        }
    }

    fn check(&self, fi: usize, di: usize, name: &str, doc: Document) -> Record {
        let crd_error = self
            .crd_errors
            .iter()
            .find(|(f, d, _)| *f == fi && *d == di)
            .map(|(_, _, e)| e);
        check(self.cli, self.catalog, name, doc, crd_error, self.options)
    }

    /// Each worker parses and validates whole files: no pause between parsing and
    /// validating, and one file's documents in memory per worker. For many files of
    /// comparable size.
    fn by_file(&self, slots: &mut [Slot]) -> Validated {
        let work: Vec<(usize, Slot)> = slots
            .iter_mut()
            .enumerate()
            .map(|(fi, s)| (fi, std::mem::replace(s, Slot::Done)))
            .collect();
        let done = parallel(self.jobs, work, |(fi, slot)| {
            let Some(file) = slot.into_file() else {
                return (Vec::new(), false);
            };
            let mut one = [Slot::Parsed(file)];
            let mut records = Vec::new();
            let mut bad = false;
            let (jobs_list, names) = take_batch(&mut one, 0, 1, &mut records, &mut bad);
            for job in jobs_list {
                records.push(Keyed {
                    file: fi,
                    source: Source::Document(job.index),
                    record: self.check(fi, job.index, &names[0], job.document),
                });
            }
            for r in &mut records {
                r.file = fi;
            }
            (records, bad)
        });
        // Sized once: doubling a vector of every document's record would briefly hold it
        // twice and a half, the run's peak memory.
        let mut records = Vec::with_capacity(done.iter().map(|(r, _)| r.len()).sum());
        let mut usage_error = false;
        for (r, bad) in done {
            records.extend(r);
            usage_error |= bad;
        }
        (records, usage_error)
    }

    /// Files parsed, then their documents validated, in parallel, batch by batch: documents
    /// are spread over the workers even when one file holds most of them.
    fn by_batch(&self, slots: &mut [Slot]) -> Validated {
        let mut records = Vec::new();
        let mut usage_error = false;
        let mut start = 0;
        while start < slots.len() {
            let mut end = start;
            let mut bytes = 0;
            while end < slots.len() && (end == start || bytes < BATCH_BYTES) {
                match &slots[end] {
                    Slot::Read(_, Ok(b)) => bytes += b.len(),
                    Slot::Unread(_, n) => bytes += n,
                    _ => {}
                }
                end += 1;
            }
            parse_slots(self.jobs, slots, (start..end).collect());
            let (jobs_list, names) = take_batch(slots, start, end, &mut records, &mut usage_error);
            records.extend(parallel(self.jobs, jobs_list, |job| Keyed {
                file: job.file,
                source: Source::Document(job.index),
                record: self.check(job.file, job.index, &names[job.file - start], job.document),
            }));
            start = end;
        }
        (records, usage_error)
    }
}
