//! TEMP: replaced by the tui branch.
pub fn next_line(
    input: &mut dyn std::io::BufRead,
    _out: &mut dyn std::io::Write,
) -> std::io::Result<Option<String>> {
    let mut line = String::new();
    if input.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    Ok(Some(line.trim_end_matches(['\n', '\r']).to_string()))
}
