//! The floor of the comparison: read a CSV file once and split it into records and fields
//! (RFC 4180 quoting), keeping nothing. Any program that reads the file must do at least this.
//!
//! Standard library only, so that `run.sh` compiles it with `rustc -O` without touching the
//! crate: `floor FILE…` prints `records fields bytes-in-fields` over all the files.

use std::fs::File;
use std::io::Read;

fn main() -> std::io::Result<()> {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: floor FILE…");
        std::process::exit(2);
    }
    let mut buffer = vec![0u8; 1 << 20];
    let (mut records, mut fields, mut field_bytes) = (0u64, 0u64, 0u64);
    for path in paths {
        let (r, f, b) = tokenise(File::open(path)?, &mut buffer)?;
        records += r;
        fields += f;
        field_bytes += b;
    }
    println!("{records} {fields} {field_bytes}");
    Ok(())
}

/// Records, fields and bytes inside fields of one file.
fn tokenise(mut file: File, buffer: &mut [u8]) -> std::io::Result<(u64, u64, u64)> {
    let (mut records, mut fields, mut field_bytes) = (0u64, 0u64, 0u64);
    let mut in_quotes = false;
    let mut after_quote = false;
    let mut record_open = false;
    loop {
        let n = file.read(buffer)?;
        if n == 0 {
            break;
        }
        for &byte in &buffer[..n] {
            if in_quotes {
                if byte == b'"' {
                    in_quotes = false;
                    after_quote = true;
                } else {
                    field_bytes += 1;
                }
                continue;
            }
            match byte {
                b'"' => {
                    // A doubled quote inside a quoted field is one quote character.
                    if after_quote {
                        field_bytes += 1;
                    }
                    in_quotes = true;
                    after_quote = false;
                    record_open = true;
                }
                b',' => {
                    fields += 1;
                    after_quote = false;
                    record_open = true;
                }
                b'\n' => {
                    if record_open {
                        fields += 1;
                        records += 1;
                    }
                    after_quote = false;
                    record_open = false;
                }
                b'\r' => {}
                _ => {
                    field_bytes += 1;
                    after_quote = false;
                    record_open = true;
                }
            }
        }
    }
    if record_open {
        fields += 1;
        records += 1;
    }
    Ok((records, fields, field_bytes))
}
