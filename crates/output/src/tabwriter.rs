//! Go's `text/tabwriter`, as forked by `github.com/liggitt/tabwriter` and configured by kubectl
//! (`k8s.io/cli-runtime/pkg/printers/tabwriter.go`), for aligning table columns.
//!
//! The semantics are Go's, not those of "split on tabs and pad": a cell is text *terminated* by a
//! tab, so the last cell of a line belongs to no column; a column block is a run of consecutive
//! lines that all have a cell in that column; widths count runes, not bytes or display width.
//! kubectl adds the fork's `RememberWidths`: a column never shrinks after a flush.

/// kubectl's `tabwriterMinWidth`.
pub const KUBECTL_MIN_WIDTH: usize = 6;
/// kubectl's `tabwriterWidth`.
pub const KUBECTL_TAB_WIDTH: usize = 4;
/// kubectl's `tabwriterPadding`.
pub const KUBECTL_PADDING: usize = 3;
/// kubectl's `tabwriterPadChar`.
pub const KUBECTL_PAD_CHAR: u8 = b' ';

/// Formatting flags of the Go tabwriter (combine with `|`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Flags(u32);

impl Flags {
    /// No flags.
    pub const NONE: Flags = Flags(0);
    /// Ignore html tags and treat entities as one character.
    pub const FILTER_HTML: Flags = Flags(1);
    /// Strip the `0xff` escape characters bracketing escaped text.
    pub const STRIP_ESCAPE: Flags = Flags(2);
    /// Right-align cell contents.
    pub const ALIGN_RIGHT: Flags = Flags(4);
    /// Treat empty columns as if they were not present.
    pub const DISCARD_EMPTY_COLUMNS: Flags = Flags(8);
    /// Always indent leading empty cells with tabs.
    pub const TAB_INDENT: Flags = Flags(16);
    /// Print a vertical bar between columns.
    pub const DEBUG: Flags = Flags(32);
    /// Remember the widest cell of each column across flushes (liggitt/tabwriter; kubectl sets it).
    pub const REMEMBER_WIDTHS: Flags = Flags(64);

    /// Flags from Go's bit values (`FilterHTML` = 1 ... `Debug` = 32, `RememberWidths` = 64).
    pub const fn from_bits(bits: u32) -> Flags {
        Flags(bits)
    }

    fn has(self, other: Flags) -> bool {
        self.0 & other.0 != 0
    }
}

impl std::ops::BitOr for Flags {
    type Output = Flags;
    fn bitor(self, rhs: Flags) -> Flags {
        Flags(self.0 | rhs.0)
    }
}

const ESCAPE: u8 = 0xff;

#[derive(Debug, Clone, Copy, Default)]
struct Cell {
    size: usize,
    width: usize,
    htab: bool,
}

/// A Go tabwriter that writes into a `String`.
#[derive(Debug, Clone)]
pub struct TabWriter {
    minwidth: usize,
    tabwidth: usize,
    padding: usize,
    padchar: u8,
    flags: Flags,

    buf: Vec<u8>,
    pos: usize,
    cell: Cell,
    end_char: u8,
    lines: Vec<Vec<Cell>>,
    widths: Vec<usize>,
    maxwidths: Vec<usize>,

    out: Vec<u8>,
}

impl TabWriter {
    /// A writer with Go's `Init` parameters.
    pub fn new(
        minwidth: usize,
        tabwidth: usize,
        padding: usize,
        padchar: u8,
        flags: Flags,
    ) -> Self {
        let flags = if padchar == b'\t' {
            Flags(flags.0 & !Flags::ALIGN_RIGHT.0)
        } else {
            flags
        };
        let mut w = TabWriter {
            minwidth,
            tabwidth,
            padding,
            padchar,
            flags,
            buf: Vec::new(),
            pos: 0,
            cell: Cell::default(),
            end_char: 0,
            lines: Vec::new(),
            widths: Vec::new(),
            maxwidths: Vec::new(),
            out: Vec::new(),
        };
        w.reset();
        w
    }

    /// The writer kubectl's printers use (`printers.GetNewTabWriter`).
    pub fn kubectl() -> Self {
        TabWriter::new(
            KUBECTL_MIN_WIDTH,
            KUBECTL_TAB_WIDTH,
            KUBECTL_PADDING,
            KUBECTL_PAD_CHAR,
            Flags::REMEMBER_WIDTHS,
        )
    }

    /// Forgets the remembered column widths (kubectl does so between resource types).
    pub fn set_remembered_widths(&mut self, widths: &[usize]) {
        self.maxwidths = widths.to_vec();
    }

    fn reset(&mut self) {
        self.buf.clear();
        self.pos = 0;
        self.cell = Cell::default();
        self.end_char = 0;
        self.lines.clear();
        self.widths.clear();
        self.lines.push(Vec::new());
    }

    fn write_padding(&mut self, textw: usize, cellw: usize, use_tabs: bool) {
        if self.padchar == b'\t' || use_tabs {
            if self.tabwidth == 0 {
                return;
            }
            let cellw = cellw.div_ceil(self.tabwidth) * self.tabwidth;
            let n = cellw.saturating_sub(textw);
            let tabs = n.div_ceil(self.tabwidth);
            self.out.extend(std::iter::repeat_n(b'\t', tabs));
            return;
        }
        let n = cellw.saturating_sub(textw);
        self.out.extend(std::iter::repeat_n(self.padchar, n));
    }

    fn write_lines(&mut self, pos0: usize, line0: usize, line1: usize) -> usize {
        let mut pos = pos0;
        for i in line0..line1 {
            let mut use_tabs = self.flags.has(Flags::TAB_INDENT);
            let ncells = self.lines[i].len();
            for j in 0..ncells {
                let c = self.lines[i][j];
                if j > 0 && self.flags.has(Flags::DEBUG) {
                    self.out.push(b'|');
                }
                if c.size == 0 {
                    if j < self.widths.len() {
                        self.write_padding(c.width, self.widths[j], use_tabs);
                    }
                } else {
                    use_tabs = false;
                    if self.flags.has(Flags::ALIGN_RIGHT) {
                        if j < self.widths.len() {
                            self.write_padding(c.width, self.widths[j], false);
                        }
                        self.out.extend_from_slice(&self.buf[pos..pos + c.size]);
                        pos += c.size;
                    } else {
                        self.out.extend_from_slice(&self.buf[pos..pos + c.size]);
                        pos += c.size;
                        if j < self.widths.len() {
                            self.write_padding(c.width, self.widths[j], false);
                        }
                    }
                }
            }
            if i + 1 == self.lines.len() {
                let size = self.cell.size;
                self.out.extend_from_slice(&self.buf[pos..pos + size]);
                pos += size;
            } else {
                self.out.push(b'\n');
            }
        }
        pos
    }

    fn format(&mut self, pos0: usize, line0: usize, line1: usize) -> usize {
        let mut pos = pos0;
        let mut line0 = line0;
        let column = self.widths.len();
        let mut this = line0;
        while this < line1 {
            if column + 1 >= self.lines[this].len() {
                this += 1;
                continue;
            }
            // This line has a cell in `column`, so a new column block starts here.
            pos = self.write_lines(pos, line0, this);
            line0 = this;

            let mut width = self.minwidth;
            let mut discardable = true;
            while this < line1 {
                if column + 1 >= self.lines[this].len() {
                    break;
                }
                let c = self.lines[this][column];
                width = width.max(c.width + self.padding);
                if c.width > 0 || c.htab {
                    discardable = false;
                }
                this += 1;
            }
            if discardable && self.flags.has(Flags::DISCARD_EMPTY_COLUMNS) {
                width = 0;
            }
            if self.flags.has(Flags::REMEMBER_WIDTHS) {
                let nw = self.widths.len();
                if self.maxwidths.len() < nw {
                    let from = self.maxwidths.len();
                    self.maxwidths.extend_from_slice(&self.widths[from..]);
                }
                if self.maxwidths.len() == nw {
                    self.maxwidths.push(width);
                } else if self.maxwidths[nw] > width {
                    width = self.maxwidths[nw];
                } else if self.maxwidths[nw] < width {
                    self.maxwidths[nw] = width;
                }
            }

            self.widths.push(width);
            pos = self.format(pos, line0, this);
            self.widths.pop();
            line0 = this;
            // Go's loop increments past the line that ended the block; it has no cell here.
            this += 1;
        }
        self.write_lines(pos, line0, line1)
    }

    fn append(&mut self, text: &[u8]) {
        self.buf.extend_from_slice(text);
        self.cell.size += text.len();
    }

    fn update_width(&mut self) {
        let new = &self.buf[self.pos..];
        self.cell.width += new.iter().filter(|&&b| b & 0xc0 != 0x80).count();
        self.pos = self.buf.len();
    }

    fn start_escape(&mut self, ch: u8) {
        self.end_char = match ch {
            ESCAPE => ESCAPE,
            b'<' => b'>',
            b'&' => b';',
            _ => 0,
        };
    }

    fn end_escape(&mut self) {
        match self.end_char {
            ESCAPE => {
                self.update_width();
                if !self.flags.has(Flags::STRIP_ESCAPE) {
                    self.cell.width = self.cell.width.saturating_sub(2);
                }
            }
            b';' => self.cell.width += 1,
            _ => {}
        }
        self.pos = self.buf.len();
        self.end_char = 0;
    }

    fn terminate_cell(&mut self, htab: bool) -> usize {
        self.cell.htab = htab;
        let cell = std::mem::take(&mut self.cell);
        let line = self.lines.last_mut().expect("a current line");
        line.push(cell);
        line.len()
    }

    /// Writes all buffered text, aligned, to the output.
    pub fn flush(&mut self) {
        if self.cell.size > 0 {
            if self.end_char != 0 {
                self.end_escape();
            }
            self.terminate_cell(false);
        }
        let n = self.lines.len();
        self.format(0, 0, n);
        self.reset();
    }

    /// Feeds text; as in Go, a line with a single cell flushes what came before it.
    pub fn write(&mut self, text: &str) {
        self.write_bytes(text.as_bytes());
    }

    /// Feeds raw bytes (for text holding Go's `0xff` escape character, which `&str` cannot).
    pub fn write_bytes(&mut self, buf: &[u8]) {
        let mut n = 0;
        for (i, &ch) in buf.iter().enumerate() {
            if self.end_char == 0 {
                match ch {
                    b'\t' | 0x0b | b'\n' | 0x0c => {
                        self.append(&buf[n..i]);
                        self.update_width();
                        n = i + 1;
                        let ncells = self.terminate_cell(ch == b'\t');
                        if ch == b'\n' || ch == 0x0c {
                            self.lines.push(Vec::new());
                            if ch == 0x0c || ncells == 1 {
                                self.flush();
                                if ch == 0x0c && self.flags.has(Flags::DEBUG) {
                                    self.out.extend_from_slice(b"---\n");
                                }
                            }
                        }
                    }
                    ESCAPE => {
                        self.append(&buf[n..i]);
                        self.update_width();
                        n = i;
                        if self.flags.has(Flags::STRIP_ESCAPE) {
                            n += 1;
                        }
                        self.start_escape(ESCAPE);
                    }
                    b'<' | b'&' if self.flags.has(Flags::FILTER_HTML) => {
                        self.append(&buf[n..i]);
                        self.update_width();
                        n = i;
                        self.start_escape(ch);
                    }
                    _ => {}
                }
            } else if ch == self.end_char {
                let mut j = i + 1;
                if ch == ESCAPE && self.flags.has(Flags::STRIP_ESCAPE) {
                    j = i;
                }
                self.append(&buf[n..j]);
                n = i + 1;
                self.end_escape();
            }
        }
        self.append(&buf[n..]);
    }

    /// Takes what has been written out so far as raw bytes.
    pub fn take_output_bytes(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.out)
    }

    /// Takes what has been written out so far (call [`TabWriter::flush`] first).
    pub fn take_output(&mut self) -> String {
        let bytes = std::mem::take(&mut self.out);
        // Only ASCII bytes are ever inserted between the UTF-8 text written in.
        String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}

/// Aligns `text` (cells terminated by `\t`, lines by `\n`) exactly as kubectl's tabwriter does:
/// `printers.GetNewTabWriter` — minwidth 6, tabwidth 4, padding 3, pad char `' '`,
/// `RememberWidths` — written in one go and flushed once.
pub fn align(text: &str) -> String {
    let mut w = TabWriter::kubectl();
    w.write(text);
    w.flush();
    w.take_output()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kubectl_min_width_and_last_cell() {
        // "X" + padding 3 would be 4 wide; kubectl's minwidth 6 wins.
        assert_eq!(align("X\tNAME\n1\tgpt-4o\n"), "X     NAME\n1     gpt-4o\n");
    }

    #[test]
    fn remember_widths_across_flushes() {
        let mut w = TabWriter::kubectl();
        w.write("aaaaaaaaaa\tb\n");
        w.flush();
        w.write("c\td\n");
        w.flush();
        assert_eq!(w.take_output(), "aaaaaaaaaa   b\nc            d\n");
    }
}
