//! Fuzzes the deck loader: any bytes must give a deck or diagnostics with a position, never a
//! panic, a hang or a stack overflow. Run with `cargo fuzz run deck_loader` (see
//! docs/reliability.md).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parsed = somadeck::deck::load::parse("fuzz.ron", data);
    for d in &parsed.diagnostics {
        assert!(d.pos.line >= 1 && d.pos.col >= 1);
    }
    if parsed.deck.is_none() {
        assert!(!parsed.diagnostics.is_empty());
    }
});
