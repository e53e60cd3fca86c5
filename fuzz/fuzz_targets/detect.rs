#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| votebloc_fuzz::detect(data));
