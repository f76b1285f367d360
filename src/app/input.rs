//! A one-line text field: the typed answer and the deck filter. The cursor counts chars, so any
//! Unicode text can be typed and edited.

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Input {
    text: String,
    /// In chars, from 0 to the text's char count.
    cursor: usize,
}

impl Input {
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(b, _)| b)
    }

    fn len(&self) -> usize {
        self.text.chars().count()
    }

    pub fn insert(&mut self, c: char) {
        let at = self.byte_at(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
    }

    pub fn backspace(&mut self) {
        if self.cursor > 0 {
            self.cursor -= 1;
            let at = self.byte_at(self.cursor);
            self.text.remove(at);
        }
    }

    pub fn delete(&mut self) {
        if self.cursor < self.len() {
            let at = self.byte_at(self.cursor);
            self.text.remove(at);
        }
    }

    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.len());
    }

    pub fn start(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.len();
    }

    pub fn clear(&mut self) {
        *self = Input::default();
    }

    /// Applies an editing action; false when the action is not an edit.
    pub fn edit(&mut self, action: super::Action) -> bool {
        use super::Action as A;
        match action {
            A::Insert(c) => self.insert(c),
            A::Backspace => self.backspace(),
            A::Delete => self.delete(),
            A::Left => self.left(),
            A::Right => self.right(),
            A::LineStart => self.start(),
            A::LineEnd => self.end(),
            _ => return false,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_multibyte_text_by_char() {
        let mut i = Input::default();
        for c in "sphénoïd".chars() {
            i.insert(c);
        }
        i.left();
        i.left();
        i.backspace();
        assert_eq!(i.text(), "sphénïd");
        i.start();
        i.delete();
        i.end();
        i.insert('e');
        assert_eq!(i.text(), "phénïde");
        assert_eq!(i.cursor(), 7);
    }
}
