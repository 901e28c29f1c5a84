//! The floor of the benchmark: what reading alone costs. calamine streams every
//! cell of every worksheet of an .xlsx (`worksheet_cells_reader` / `next_cell`) and
//! the cells are counted, nothing else: no figure is read, nothing is kept.
//!
//! ```sh
//! cargo run --release --example read_floor -- FILE.xlsx
//! ```
//!
//! Prints `cells=N nonempty=M` (M leaves out the blank cells a merged range or a
//! styled empty cell writes).

use calamine::{open_workbook, DataRef, Reader, Xlsx};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: read_floor FILE.xlsx");
        std::process::exit(2);
    };
    let mut book: Xlsx<_> = open_workbook(&path).unwrap_or_else(|e| {
        eprintln!("read_floor: {path}: {e}");
        std::process::exit(2)
    });
    let names = book.sheet_names();
    let (mut cells, mut nonempty) = (0u64, 0u64);
    for name in names {
        let mut reader = book.worksheet_cells_reader(&name).unwrap_or_else(|e| {
            eprintln!("read_floor: {path}: sheet {name}: {e}");
            std::process::exit(2)
        });
        loop {
            match reader.next_cell() {
                Ok(Some(cell)) => {
                    cells += 1;
                    if !matches!(cell.get_value(), DataRef::Empty) {
                        nonempty += 1;
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    eprintln!("read_floor: {path}: sheet {name}: {e}");
                    std::process::exit(2)
                }
            }
        }
    }
    println!("cells={cells} nonempty={nonempty}");
}
