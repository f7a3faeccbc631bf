//! Any bytes as a bundle container: the streaming verifier must return a verdict (or a
//! fault), never panic, hang or allocate without bound.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = tilik::bundle::sniff_bytes(data);
    let _ = tilik::core::bundle::read_container(
        data,
        &tilik::core::bundle::Limits::default(),
        &mut tilik::core::bundle::Discard,
    );
});
