//! selaras: checks and repairs the figures in performance-report (LKjIP) workbooks.
pub mod number;
