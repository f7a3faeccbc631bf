//! Any bytes as a manifest: decoding and the structural checks never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(m) = tilik::core::bundle::parse_manifest(data) {
        let _ = m.op_count();
        let _ = m.encode();
    }
});
