//! Fuzz the bundle container parser: any bytes must end in a clean verdict (never a
//! panic), within the hard limits on lengths and section counts.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    tilik::core::bundle::fuzz_container(data);
});
