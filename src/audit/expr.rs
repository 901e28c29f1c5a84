//! A cell's formula as a tree: parsed from the text the workbook stores
//! (`SUM(H10:H16)`, `IFERROR((K9/M9),"0%")`, `H6/$H$5*$E$5`), written back as A1
//! text at any cell, and reduced to a hash of its shape (references relative to
//! the cell, as R1C1) so that formulas copied down a column compare equal.
//!
//! Only what the audit needs is understood: numbers, text, references and ranges
//! (on the same or another sheet), functions, and the arithmetic, text and
//! comparison operators. Anything else (defined names, arrays, whole-column
//! references, structured references) parses to [`Expr::Other`] and the checks
//! leave the formula alone.

use rust_decimal::Decimal;

use crate::ooxml::a1::{column_name, parse_col};

/// A box of cells a formula reads: rows and columns from first to last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellBox<'e> {
    /// Another sheet's name; None on the formula's own sheet.
    pub sheet: Option<&'e str>,
    pub rows: (u32, u32),
    pub cols: (u32, u32),
}

impl CellBox<'_> {
    /// Whether it holds the cell (row, col) of its sheet.
    pub fn holds(&self, (row, col): (u32, u32)) -> bool {
        (self.rows.0..=self.rows.1).contains(&row) && (self.cols.0..=self.cols.1).contains(&col)
    }

    /// Each of its cells, row by row.
    pub fn cells(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        (self.rows.0..=self.rows.1)
            .flat_map(move |r| (self.cols.0..=self.cols.1).map(move |c| (r, c)))
    }
}

/// One cell reference: 0-based row and column, each relative or absolute (`$`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref {
    /// Another sheet's name (`PENILAIAN!$A$4`); None on the formula's own sheet.
    pub sheet: Option<String>,
    pub row: u32,
    pub col: u32,
    pub abs_row: bool,
    pub abs_col: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
    Concat,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Op {
    fn text(self) -> &'static str {
        match self {
            Op::Add => "+",
            Op::Sub => "-",
            Op::Mul => "*",
            Op::Div => "/",
            Op::Pow => "^",
            Op::Concat => "&",
            Op::Eq => "=",
            Op::Ne => "<>",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
        }
    }

    /// Binding strength: higher binds tighter.
    fn precedence(self) -> u8 {
        match self {
            Op::Eq | Op::Ne | Op::Lt | Op::Le | Op::Gt | Op::Ge => 1,
            Op::Concat => 2,
            Op::Add | Op::Sub => 3,
            Op::Mul | Op::Div => 4,
            Op::Pow => 5,
        }
    }
}

/// A formula's tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    Num(Decimal),
    Text(String),
    Bool(bool),
    Ref(Ref),
    /// `A1:B2`; three or more corners (`H20:H31:H36`) are a chained range.
    Range(Vec<Ref>),
    Func(Name, Vec<Expr>),
    /// `-x`
    Neg(Box<Expr>),
    /// `x%`
    Percent(Box<Expr>),
    Bin(Op, Box<Expr>, Box<Expr>),
    /// What the audit does not read (a defined name, an array, `A:A`, `#REF!`).
    Other(String),
}

/// A function's name, upper case: the common ones are shared, not copied for
/// each of the many formulas that call them.
pub type Name = std::borrow::Cow<'static, str>;

/// The functions whose names a formula's tree shares instead of holding its own.
const COMMON: &[&str] = &[
    "SUM",
    "ROUND",
    "ROUNDUP",
    "ROUNDDOWN",
    "IF",
    "IFERROR",
    "SUMIF",
    "SUMIFS",
    "COUNTIF",
    "COUNTIFS",
    "AVERAGE",
    "AVERAGEIF",
    "AVERAGEIFS",
    "MIN",
    "MAX",
    "COUNT",
    "COUNTA",
    "SUBTOTAL",
    "ABS",
    "AND",
    "OR",
    "NOT",
    "VLOOKUP",
    "HLOOKUP",
    "INDEX",
    "MATCH",
    "TEXT",
    "VALUE",
    "INT",
    "MOD",
    "PRODUCT",
    "ISERROR",
    "ISBLANK",
    "LOOKUP",
];

fn name(text: String) -> Name {
    match COMMON.iter().find(|c| **c == text) {
        Some(c) => Name::Borrowed(c),
        None => Name::Owned(text),
    }
}

/// Parses a formula's text (with or without the leading `=`).
pub fn parse(text: &str) -> Expr {
    let text = text.strip_prefix('=').unwrap_or(text);
    // Longer than Excel allows: not a formula a spreadsheet program wrote.
    if text.len() > MAX_FORMULA_BYTES {
        return Expr::Other(String::new());
    }
    let Some(tokens) = tokens(text) else {
        return Expr::Other(text.to_string());
    };
    let mut p = Parser {
        tokens,
        at: 0,
        depth: 0,
    };
    match p.expr(0) {
        Some(e) if p.at == p.tokens.len() => e,
        _ => Expr::Other(text.to_string()),
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(Decimal),
    Text(String),
    /// A reference, possibly with its sheet: `Sheet!$A$1`.
    Ref(Ref),
    /// A function's name, its `(` consumed.
    Func(String),
    Name(String),
    Op(Op),
    Colon,
    Comma,
    Open,
    Close,
    Percent,
    Minus,
    Plus,
}

fn tokens(s: &str) -> Option<Vec<Tok>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let (tok, used) = match b[i] {
            b' ' | b'\n' | b'\r' | b'\t' => {
                i += 1;
                continue;
            }
            b'"' => {
                let (text, used) = quoted(&s[i..], '"')?;
                (Tok::Text(text), used)
            }
            b'\'' => {
                // 'Sheet name'!A1
                let (name, used) = quoted(&s[i..], '\'')?;
                let rest = s[i + used..].strip_prefix('!')?;
                let (r, n) = cell_ref(rest)?;
                let r = Ref {
                    sheet: Some(name),
                    ..r
                };
                (Tok::Ref(r), used + 1 + n)
            }
            b'0'..=b'9' | b'.' => number_at(&s[i..])?,
            b'#' | b'{' | b'}' | b'[' | b']' | b'@' => return None,
            c => match punctuation(c, b.get(i + 1).copied()) {
                Some(found) => found,
                None => word_at(&s[i..])?,
            },
        };
        out.push(tok);
        i += used;
    }
    Some(out)
}

/// A text between `quote`s at the start of `s` (a doubled quote stands for one)
/// and the bytes it takes, both quotes included.
fn quoted(s: &str, quote: char) -> Option<(String, usize)> {
    let mut text = String::new();
    let mut i = 1;
    loop {
        let rest = s.get(i..)?;
        let q = rest.find(quote)?;
        text.push_str(&rest[..q]);
        i += q + 1;
        if s[i..].starts_with(quote) {
            text.push(quote);
            i += 1;
        } else {
            return Some((text, i));
        }
    }
}

/// The bytes a number takes at the start of `b`: digits and points, then an
/// exponent.
pub(super) fn number_len(b: &[u8]) -> usize {
    let mut i = 0;
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
        i += 1;
    }
    if i < b.len() && (b[i] == b'E' || b[i] == b'e') {
        let mut j = i + 1;
        if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
            j += 1;
        }
        if j < b.len() && b[j].is_ascii_digit() {
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            i = j;
        }
    }
    i
}

/// A number at the start of `s` (digits, a point, an exponent).
fn number_at(s: &str) -> Option<(Tok, usize)> {
    let i = number_len(s.as_bytes());
    // A row range such as 1:3 is not read.
    let n = &s[..i];
    let v = Decimal::from_str_exact(n)
        .ok()
        .or_else(|| Decimal::from_scientific(n).ok())?;
    Some((Tok::Num(v), i))
}

/// An operator or a bracket `c` (with the byte after it, for `<>`, `<=`, `>=`).
fn punctuation(c: u8, next: Option<u8>) -> Option<(Tok, usize)> {
    let op = |op| Some((Tok::Op(op), 1));
    match c {
        b'+' => Some((Tok::Plus, 1)),
        b'-' => Some((Tok::Minus, 1)),
        b'*' => op(Op::Mul),
        b'/' => op(Op::Div),
        b'^' => op(Op::Pow),
        b'&' => op(Op::Concat),
        b'=' => op(Op::Eq),
        b'<' => Some(match next {
            Some(b'>') => (Tok::Op(Op::Ne), 2),
            Some(b'=') => (Tok::Op(Op::Le), 2),
            _ => (Tok::Op(Op::Lt), 1),
        }),
        b'>' => Some(match next {
            Some(b'=') => (Tok::Op(Op::Ge), 2),
            _ => (Tok::Op(Op::Gt), 1),
        }),
        b'%' => Some((Tok::Percent, 1)),
        b':' => Some((Tok::Colon, 1)),
        b',' | b';' => Some((Tok::Comma, 1)),
        b'(' => Some((Tok::Open, 1)),
        b')' => Some((Tok::Close, 1)),
        _ => None,
    }
}

/// A word at the start of `s`: a function (its `(` taken), a reference, a
/// sheet-qualified reference, a boolean or a name.
fn word_at(s: &str) -> Option<(Tok, usize)> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len()
        && (b[i].is_ascii_alphanumeric()
            || b[i] == b'_'
            || b[i] == b'.'
            || b[i] == b'$'
            || b[i] >= 0x80)
    {
        i += 1;
    }
    if i == 0 {
        return None;
    }
    let word = &s[..i];
    match b.get(i) {
        Some(b'!') => {
            let (r, used) = cell_ref(s.get(i + 1..)?)?;
            let r = Ref {
                sheet: Some(word.to_string()),
                ..r
            };
            Some((Tok::Ref(r), i + 1 + used))
        }
        Some(b'(') => {
            let name = word.to_ascii_uppercase();
            let name = name
                .strip_prefix("_XLFN.")
                .map(str::to_string)
                .unwrap_or(name);
            Some((Tok::Func(name), i + 1))
        }
        _ => match cell_ref(word).filter(|(_, n)| *n == word.len()) {
            Some((r, _)) => Some((Tok::Ref(r), i)),
            None => Some((Tok::Name(word.to_string()), i)),
        },
    }
}

/// A reference at the start of `s` (`$H$5`, `K10`) and the bytes it takes.
fn cell_ref(s: &str) -> Option<(Ref, usize)> {
    let b = s.as_bytes();
    let mut i = 0;
    let abs_col = b.first() == Some(&b'$');
    if abs_col {
        i += 1;
    }
    let cs = i;
    while i < b.len() && b[i].is_ascii_alphabetic() {
        i += 1;
    }
    if i == cs || i - cs > 3 {
        return None;
    }
    let col = parse_col(&s[cs..i].to_ascii_uppercase())?;
    let abs_row = b.get(i) == Some(&b'$');
    if abs_row {
        i += 1;
    }
    let rs = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i == rs {
        return None;
    }
    let row: u32 = s[rs..i].parse().ok()?;
    if row == 0 || row > 1_048_576 || col >= 16_384 {
        return None;
    }
    // `A1B` is a name, not a reference.
    if b.get(i)
        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
    {
        return None;
    }
    Some((
        Ref {
            sheet: None,
            row: row - 1,
            col,
            abs_row,
            abs_col,
        },
        i,
    ))
}

/// Excel's longest formula is 8 192 characters (a UTF-8 byte or four each).
const MAX_FORMULA_BYTES: usize = 4 * 8192;

/// Nesting deeper than this (Excel allows 64 levels of functions; a chain of
/// operators nests one level an operator) is not parsed: the parser, and every
/// walk over the tree, recurses once a level.
const MAX_DEPTH: usize = 128;

struct Parser {
    tokens: Vec<Tok>,
    at: usize,
    /// How deep the operand being read is nested.
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.at)
    }

    /// The next token, moved out (each is read once; `peek` looks before).
    fn next(&mut self) -> Option<Tok> {
        let t = self
            .tokens
            .get_mut(self.at)
            .map(|t| std::mem::replace(t, Tok::Comma));
        self.at += 1;
        t
    }

    /// Binary operators of at least `min` precedence (all left-associative).
    fn expr(&mut self, min: u8) -> Option<Expr> {
        let mut left = self.unary()?;
        // Each operator of a chain (`A1+A2+…`) nests the tree one level deeper.
        let mut chain = 0;
        loop {
            let op = match self.peek() {
                Some(Tok::Op(op)) => *op,
                Some(Tok::Plus) => Op::Add,
                Some(Tok::Minus) => Op::Sub,
                _ => break,
            };
            if op.precedence() < min.max(1) {
                break;
            }
            self.at += 1;
            chain += 1;
            if self.depth + chain > MAX_DEPTH {
                return None;
            }
            let right = self.expr(op.precedence() + 1)?;
            left = Expr::Bin(op, Box::new(left), Box::new(right));
        }
        Some(left)
    }

    fn unary(&mut self) -> Option<Expr> {
        self.depth += 1;
        let e = if self.depth > MAX_DEPTH {
            None
        } else {
            self.operand()
        };
        self.depth -= 1;
        e
    }

    /// An operand: a sign, a value, a parenthesis or a call, and its `%`.
    fn operand(&mut self) -> Option<Expr> {
        match self.peek() {
            Some(Tok::Minus) => {
                self.at += 1;
                Some(Expr::Neg(Box::new(self.unary()?)))
            }
            Some(Tok::Plus) => {
                self.at += 1;
                self.unary()
            }
            _ => {
                let mut e = self.primary()?;
                while self.peek() == Some(&Tok::Percent) {
                    self.at += 1;
                    e = Expr::Percent(Box::new(e));
                }
                Some(e)
            }
        }
    }

    fn primary(&mut self) -> Option<Expr> {
        match self.next()? {
            Tok::Num(v) => Some(Expr::Num(v)),
            Tok::Text(t) => Some(Expr::Text(t)),
            Tok::Ref(r) => {
                let mut corners = vec![r];
                while self.peek() == Some(&Tok::Colon) {
                    self.at += 1;
                    match self.next()? {
                        Tok::Ref(mut r) => {
                            // `Sheet!A1:B2`: the second corner is on the first's sheet.
                            if r.sheet.is_none() {
                                r.sheet = corners[0].sheet.clone();
                            }
                            corners.push(r)
                        }
                        _ => return None,
                    }
                }
                Some(if corners.len() == 1 {
                    Expr::Ref(corners.remove(0))
                } else {
                    Expr::Range(corners)
                })
            }
            Tok::Func(name) => {
                let mut args = Vec::new();
                if self.peek() == Some(&Tok::Close) {
                    self.at += 1;
                    return Some(Expr::Func(self::name(name), args));
                }
                loop {
                    // An empty argument (`IF(a,,b)`) reads as an empty text.
                    if matches!(self.peek(), Some(Tok::Comma) | Some(Tok::Close)) {
                        args.push(Expr::Other(String::new()));
                    } else {
                        args.push(self.expr(0)?);
                    }
                    match self.next()? {
                        Tok::Comma => continue,
                        Tok::Close => break,
                        _ => return None,
                    }
                }
                Some(Expr::Func(self::name(name), args))
            }
            Tok::Open => {
                let e = self.expr(0)?;
                match self.next()? {
                    Tok::Close => Some(e),
                    _ => None,
                }
            }
            Tok::Name(n) => Some(match n.to_ascii_uppercase().as_str() {
                "TRUE" => Expr::Bool(true),
                "FALSE" => Expr::Bool(false),
                _ => Expr::Other(n),
            }),
            _ => None,
        }
    }
}

impl Expr {
    /// Whether the tree holds anything the audit does not read.
    pub fn has_other(&self) -> bool {
        let mut found = false;
        self.walk(&mut |e| found |= matches!(e, Expr::Other(_)));
        found
    }

    /// Calls `f` on every node, parents first.
    pub fn walk(&self, f: &mut dyn FnMut(&Expr)) {
        f(self);
        match self {
            Expr::Func(_, args) => args.iter().for_each(|a| a.walk(f)),
            Expr::Neg(e) | Expr::Percent(e) => e.walk(f),
            Expr::Bin(_, a, b) => {
                a.walk(f);
                b.walk(f);
            }
            _ => {}
        }
    }

    /// Whether every reference (the corners of ranges included) passes `ok`.
    pub fn all_refs(&self, ok: &mut dyn FnMut(&Ref) -> bool) -> bool {
        match self {
            Expr::Ref(r) => ok(r),
            Expr::Range(c) => c.iter().all(&mut *ok),
            Expr::Func(_, args) => args.iter().all(|a| a.all_refs(ok)),
            Expr::Neg(x) | Expr::Percent(x) => x.all_refs(ok),
            Expr::Bin(_, a, b) => a.all_refs(ok) && b.all_refs(ok),
            _ => true,
        }
    }

    /// Calls `f` on each reference and range the formula adds: the operands of
    /// its SUMs (and SUBTOTALs), its `+` and `-` terms, through IF's branches,
    /// IFERROR and ROUND, and a term scaled by a constant (`SUM(..)/2`). A
    /// product or quotient of two cells adds neither.
    pub fn each_added(&self, f: &mut dyn FnMut(&Expr)) {
        match self {
            Expr::Ref(_) | Expr::Range(_) => f(self),
            Expr::Func(name, args) => match &**name {
                "SUM" | "SUBTOTAL" => args.iter().for_each(|a| a.each_added(f)),
                "IF" => args.iter().skip(1).for_each(|a| a.each_added(f)),
                "IFERROR" | "ROUND" => {
                    if let Some(a) = args.first() {
                        a.each_added(f)
                    }
                }
                _ => {}
            },
            Expr::Bin(Op::Add | Op::Sub, a, b) => {
                a.each_added(f);
                b.each_added(f);
            }
            Expr::Bin(Op::Mul | Op::Div, a, b) => {
                if matches!(**b, Expr::Num(_)) {
                    a.each_added(f);
                } else if matches!(**a, Expr::Num(_)) {
                    b.each_added(f);
                }
            }
            Expr::Neg(x) => x.each_added(f),
            _ => {}
        }
    }

    /// The boxes of cells the formula reads: each reference a box of one cell,
    /// each range the box its corners span, with its sheet (None: its own).
    pub fn boxes(&self) -> Vec<CellBox<'_>> {
        let mut out = Vec::new();
        collect_boxes(self, &mut out);
        out
    }

    /// Every reference, the corners of ranges included.
    pub fn refs(&self) -> Vec<&Ref> {
        let mut out = Vec::new();
        collect_refs(self, &mut out);
        out
    }

    /// The formula as A1 text (without `=`), written at (row, col) when it was
    /// read at (from_row, from_col): relative references move with the cell, as
    /// Excel copies a formula.
    pub fn a1_at(&self, from: (u32, u32), to: (u32, u32)) -> Option<String> {
        let mut out = String::new();
        write(self, from, to, &mut out, 0)?;
        Some(out)
    }

    /// The formula as it was read.
    pub fn a1(&self) -> String {
        self.a1_at((0, 0), (0, 0)).unwrap_or_default()
    }

    /// The formula without an `IFERROR(x, fallback)` guard or a `SUM(x)` of one operand.
    pub fn core(&self) -> &Expr {
        match self {
            Expr::Func(name, args) if name == "IFERROR" && args.len() == 2 => args[0].core(),
            Expr::Func(name, args)
                if name == "SUM" && args.len() == 1 && !matches!(args[0], Expr::Range(_)) =>
            {
                args[0].core()
            }
            _ => self,
        }
    }
}

/// Whether `a` and `b` differ only in the cells they read.
pub fn same_skeleton(a: &Expr, b: &Expr) -> bool {
    same_tree(a.core(), b.core(), &mut |_, _| true)
}

fn same_tree(a: &Expr, b: &Expr, refs: &mut dyn FnMut(&Ref, &Ref) -> bool) -> bool {
    match (a, b) {
        (Expr::Ref(x), Expr::Ref(y)) => refs(x, y),
        (Expr::Range(x), Expr::Range(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| refs(p, q))
        }
        (Expr::Func(n, x), Expr::Func(m, y)) => {
            n == m && x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_tree(p, q, refs))
        }
        (Expr::Neg(x), Expr::Neg(y)) | (Expr::Percent(x), Expr::Percent(y)) => {
            same_tree(x, y, refs)
        }
        (Expr::Bin(o, x1, x2), Expr::Bin(p, y1, y2)) => {
            o == p && same_tree(x1, y1, refs) && same_tree(x2, y2, refs)
        }
        (Expr::Num(x), Expr::Num(y)) => x == y,
        (Expr::Text(x), Expr::Text(y)) => x == y,
        (Expr::Bool(x), Expr::Bool(y)) => x == y,
        (Expr::Other(x), Expr::Other(y)) => x == y,
        _ => false,
    }
}

/// A hash of the formula's shape at `at`: its tree with every relative reference
/// as an offset from the cell (R1C1), an `IFERROR` guard and a lone `SUM` around
/// one operand set aside ([`Expr::core`]). Formulas copied from one another hash
/// alike (`=K9/M9`, `=IFERROR((K10/M10),"0%")`), so a column of copies is
/// compared by numbers.
pub fn shape_hash(e: &Expr, at: (u32, u32)) -> u64 {
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    hash_tree(e.core(), at, &mut h);
    h.0
}

/// FNV-1a, enough to tell shapes apart.
struct Fnv(u64);

impl Fnv {
    fn bytes(&mut self, b: &[u8]) {
        for x in b {
            self.0 = (self.0 ^ u64::from(*x)).wrapping_mul(0x100_0000_01b3);
        }
    }
    fn num(&mut self, n: i64) {
        self.bytes(&n.to_le_bytes());
    }
}

fn hash_ref(r: &Ref, at: (u32, u32), h: &mut Fnv) {
    if let Some(s) = &r.sheet {
        h.bytes(s.as_bytes());
    }
    h.bytes(&[u8::from(r.abs_row) | (u8::from(r.abs_col) << 1)]);
    h.num(if r.abs_row {
        i64::from(r.row)
    } else {
        i64::from(r.row) - i64::from(at.0)
    });
    h.num(if r.abs_col {
        i64::from(r.col)
    } else {
        i64::from(r.col) - i64::from(at.1)
    });
}

fn hash_tree(e: &Expr, at: (u32, u32), h: &mut Fnv) {
    match e {
        Expr::Num(v) => {
            h.bytes(b"n");
            h.bytes(&v.normalize().serialize());
        }
        Expr::Text(t) => {
            h.bytes(b"t");
            h.bytes(t.as_bytes());
        }
        Expr::Bool(b) => h.bytes(if *b { b"T" } else { b"F" }),
        Expr::Ref(r) => {
            h.bytes(b"r");
            hash_ref(r, at, h);
        }
        Expr::Range(c) => {
            h.bytes(b":");
            h.num(c.len() as i64);
            c.iter().for_each(|r| hash_ref(r, at, h));
        }
        Expr::Func(name, args) => {
            h.bytes(b"f");
            h.bytes(name.as_bytes());
            h.num(args.len() as i64);
            args.iter().for_each(|a| hash_tree(a, at, h));
        }
        Expr::Neg(x) => {
            h.bytes(b"-");
            hash_tree(x, at, h);
        }
        Expr::Percent(x) => {
            h.bytes(b"%");
            hash_tree(x, at, h);
        }
        Expr::Bin(op, a, b) => {
            h.bytes(b"b");
            h.bytes(op.text().as_bytes());
            hash_tree(a, at, h);
            hash_tree(b, at, h);
        }
        Expr::Other(t) => {
            h.bytes(b"?");
            h.bytes(t.as_bytes());
        }
    }
}

fn collect_boxes<'a>(e: &'a Expr, out: &mut Vec<CellBox<'a>>) {
    let span = |corners: &[Ref]| {
        let rows = corners.iter().map(|r| r.row);
        let cols = corners.iter().map(|r| r.col);
        (
            (rows.clone().min().unwrap_or(0), rows.max().unwrap_or(0)),
            (cols.clone().min().unwrap_or(0), cols.max().unwrap_or(0)),
        )
    };
    match e {
        Expr::Ref(r) => out.push(CellBox {
            sheet: r.sheet.as_deref(),
            rows: (r.row, r.row),
            cols: (r.col, r.col),
        }),
        Expr::Range(c) if !c.is_empty() => {
            let (rows, cols) = span(c);
            out.push(CellBox {
                sheet: c[0].sheet.as_deref(),
                rows,
                cols,
            });
        }
        Expr::Func(_, args) => args.iter().for_each(|a| collect_boxes(a, out)),
        Expr::Neg(x) | Expr::Percent(x) => collect_boxes(x, out),
        Expr::Bin(_, a, b) => {
            collect_boxes(a, out);
            collect_boxes(b, out);
        }
        _ => {}
    }
}

fn collect_refs<'a>(e: &'a Expr, out: &mut Vec<&'a Ref>) {
    match e {
        Expr::Ref(r) => out.push(r),
        Expr::Range(c) => out.extend(c.iter()),
        Expr::Func(_, args) => args.iter().for_each(|a| collect_refs(a, out)),
        Expr::Neg(x) | Expr::Percent(x) => collect_refs(x, out),
        Expr::Bin(_, a, b) => {
            collect_refs(a, out);
            collect_refs(b, out);
        }
        _ => {}
    }
}

/// A reference moved as a copy from `from` to `to` moves it; None off the sheet.
pub fn moved(r: &Ref, from: (u32, u32), to: (u32, u32)) -> Option<(u32, u32)> {
    let row = if r.abs_row {
        r.row
    } else {
        u32::try_from(i64::from(r.row) + i64::from(to.0) - i64::from(from.0)).ok()?
    };
    let col = if r.abs_col {
        r.col
    } else {
        u32::try_from(i64::from(r.col) + i64::from(to.1) - i64::from(from.1)).ok()?
    };
    (row < 1_048_576 && col < 16_384).then_some((row, col))
}

fn ref_text(r: &Ref, from: (u32, u32), to: (u32, u32), with_sheet: bool) -> Option<String> {
    let (row, col) = moved(r, from, to)?;
    let sheet = match (&r.sheet, with_sheet) {
        (Some(s), true) => format!("{}!", crate::workbook::quote_sheet(s)),
        _ => String::new(),
    };
    Some(format!(
        "{sheet}{}{}{}{}",
        if r.abs_col { "$" } else { "" },
        column_name(col),
        if r.abs_row { "$" } else { "" },
        row + 1
    ))
}

fn number_text(v: Decimal) -> String {
    v.normalize().to_string()
}

fn write(e: &Expr, from: (u32, u32), to: (u32, u32), out: &mut String, min: u8) -> Option<()> {
    match e {
        Expr::Num(v) => out.push_str(&number_text(*v)),
        Expr::Text(t) => {
            out.push('"');
            out.push_str(&t.replace('"', "\"\""));
            out.push('"');
        }
        Expr::Bool(b) => out.push_str(if *b { "TRUE" } else { "FALSE" }),
        Expr::Ref(r) => out.push_str(&ref_text(r, from, to, true)?),
        Expr::Range(c) => {
            for (i, r) in c.iter().enumerate() {
                if i > 0 {
                    out.push(':');
                }
                out.push_str(&ref_text(r, from, to, i == 0)?);
            }
        }
        Expr::Func(name, args) => {
            out.push_str(name);
            out.push('(');
            for (i, a) in args.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(a, from, to, out, 0)?;
            }
            out.push(')');
        }
        Expr::Neg(x) => {
            out.push('-');
            write(x, from, to, out, 6)?;
        }
        Expr::Percent(x) => {
            write(x, from, to, out, 6)?;
            out.push('%');
        }
        Expr::Bin(op, a, b) => {
            let p = op.precedence();
            let paren = p < min;
            if paren {
                out.push('(');
            }
            write(a, from, to, out, p)?;
            out.push_str(op.text());
            write(b, from, to, out, p + 1)?;
            if paren {
                out.push(')');
            }
        }
        Expr::Other(t) => out.push_str(t),
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_writes_back() {
        for f in [
            "SUM(H10:H16)",
            "H6/$H$5*$E$5",
            "IFERROR(K9/M9,\"0%\")",
            "'PENILAIAN'!$A$4",
            "'BUKTI DUKUNG'!B4",
            "SUM(H9+H17+H24)",
            "(2*F5-G5)/F5*100",
            "-A1^2",
            "IF(M7=\"Y\",1,IF(M7=\"T\",0,\"Belum Diisi\"))",
            "AVERAGE(H20:H31:H36)",
            "ROUND(H5/G5,4)",
            "A1&\" \"&B1",
            "X4/S4*100",
        ] {
            let e = parse(f);
            assert!(!e.has_other(), "{f}: {e:?}");
            assert_eq!(e.a1(), f, "{e:?}");
        }
        assert_eq!(parse("=((K9/M9))").a1(), "K9/M9");
        assert_eq!(parse("=A1-(B1-C1)").a1(), "A1-(B1-C1)");
        assert_eq!(parse("=A1-B1-C1").a1(), "A1-B1-C1");
        assert!(parse("=SUM(A:A)").has_other());
        assert!(parse("=#REF!/F5").has_other());
        assert!(parse("=Target*2").has_other());
    }

    #[test]
    fn moves_relative_references_only() {
        let e = parse("H6/$H$5*$E6+SUM(F$1:F6)");
        assert_eq!(
            e.a1_at((5, 8), (9, 9)).as_deref(),
            Some("I10/$H$5*$E10+SUM(G$1:G10)")
        );
        assert_eq!(parse("A1").a1_at((5, 0), (0, 0)), None);
    }

    #[test]
    fn shapes_compare_copies_and_set_guards_aside() {
        let at = |r: u32, c: u32| (r - 1, c - 1);
        let a = shape_hash(&parse("K9/M9"), at(9, 14));
        let b = shape_hash(&parse("IFERROR((K10/M10),\"0%\")"), at(10, 14));
        let c = shape_hash(&parse("SUM(K11/M11)"), at(11, 14));
        assert_eq!(a, b);
        assert_eq!(a, c);
        assert_ne!(a, shape_hash(&parse("K12/M11"), at(12, 14)));
        assert_ne!(a, shape_hash(&parse("K9/$M$9"), at(9, 14)));
        assert!(same_skeleton(&parse("K12/M11"), &parse("IFERROR(K9/M9,0)")));
        assert!(!same_skeleton(&parse("K12*M11"), &parse("K12/M11")));
    }
}
