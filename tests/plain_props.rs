//! Arbitrary bytes on line mode's standard input: the real binary never panics, never hangs
//! (each run is bounded), exits 0, and never prints a control character other than a newline.

mod bin_support;

use proptest::prelude::*;

proptest! {
    // Each case starts the binary, so a dozen cases are enough.
    #![proptest_config(ProptestConfig::with_cases(12))]
    #[test]
    fn arbitrary_stdin_is_survived_and_echoes_no_control_characters(
        input in proptest::collection::vec(any::<u8>(), 0..600),
        lines in proptest::collection::vec("[ -~éЖ\u{1b}\u{9b}\u{202e}]{0,12}", 0..12),
    ) {
        let home = tempfile::tempdir().unwrap();
        let mut bytes = input.clone();
        for l in &lines {
            bytes.extend(l.as_bytes());
            bytes.push(b'\n');
        }
        let out = bin_support::somadeck(home.path(), "2026-11-23T10:00:00Z")
            .args(["study", "--plain"])
            .write_stdin(bytes)
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .unwrap();
        prop_assert_eq!(out.status.code(), Some(0), "{}", bin_support::stderr(&out));
        let text = bin_support::stdout(&out);
        let bad = text.chars().find(|&c| c != '\n' && (c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c)));
        prop_assert!(bad.is_none(), "printed {:?}", bad);
    }
}
