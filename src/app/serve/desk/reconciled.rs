//! A round held against its compiled report (and its budget export): each
//! section's latest readable upload reconciled as `selaras reconcile` does.

use crate::reconcile::Reconciliation;
use crate::rules::Rules;
use crate::workbook::{Limits, Workbook};

use super::db::{Blob, Round, Upload};

/// Opens a kept file, or `None` when it cannot be read (its check said why).
pub fn open(
    root: &std::path::Path,
    blob: &Blob,
    rules: &Rules,
    limits: &Limits,
) -> Option<Workbook> {
    let path = super::blobs::path(root, &blob.key);
    crate::app::guarded(&path, || crate::open_limited(&path, rules, false, limits)).ok()
}

/// The round's reconciliation, and for each section (in the order of
/// `latest`) the index of its result in it; `None` without a compiled report
/// or when it cannot be read.
pub fn reconcile(
    root: &std::path::Path,
    round: &Round,
    latest: &[Option<&Upload>],
    rules: &Rules,
    limits: &Limits,
) -> Option<(Reconciliation, Vec<Option<usize>>, Workbook)> {
    let compiled_blob = round.compiled.as_ref()?;
    let compiled = open(root, compiled_blob, rules, limits)?;
    let budget = round
        .budget
        .as_ref()
        .and_then(|b| Some((b.name.clone(), open(root, b, rules, limits)?)));
    let mut books = Vec::new();
    let mut index = Vec::new();
    for upload in latest {
        let book = upload
            .filter(|u| u.unreadable.is_none())
            .and_then(|u| Some((u.blob.name.clone(), open(root, &u.blob, rules, limits)?)));
        match book {
            Some(b) => {
                index.push(Some(books.len()));
                books.push(b);
            }
            None => index.push(None),
        }
    }
    let result = crate::reconcile::reconcile(
        (&compiled_blob.name, &compiled),
        &books,
        budget.as_ref().map(|(n, b)| (n.as_str(), b)),
        rules,
    );
    Some((result, index, compiled))
}
