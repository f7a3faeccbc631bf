//! Any text as an instrument file: parsing and validation never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(i) = tilik::core::instrument::Instrument::from_toml(text)
    {
        let _ = i.content_hash();
        let _ = i.indicator_count();
    }
});
