package formula

import (
	"fmt"
	"strings"
)

// Position is a place in a formula's source text: Offset is the byte offset
// (0-based), Line and Col are 1-based (Col counts bytes, like metadata.Pos).
type Position struct {
	Offset int `json:"offset"`
	Line   int `json:"line"`
	Col    int `json:"column"`
}

// String renders the position as line:column.
func (p Position) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// tokenKind is the lexical class of a token.
type tokenKind int

const (
	tokEOF tokenKind = iota
	tokNumber
	tokString
	tokIdent
	tokTrue
	tokFalse
	tokNull
	tokNot // the NOT keyword
	tokLParen
	tokRParen
	tokComma
	tokAmp
	tokPlus
	tokMinus
	tokStar
	tokSlash
	tokCaret
	tokEq    // = or ==
	tokNe    // <> or !=
	tokLt    // <
	tokGt    // >
	tokLe    // <=
	tokGe    // >=
	tokAnd   // &&
	tokOr    // ||
	tokBang  // !
	tokLBrak // [ (never valid in a validation rule; lexed for a clear message)
	tokRBrak
)

var tokenNames = [...]string{
	tokEOF: "end of formula", tokNumber: "number", tokString: "string", tokIdent: "name",
	tokTrue: "TRUE", tokFalse: "FALSE", tokNull: "NULL", tokNot: "NOT", tokLParen: "'('",
	tokRParen: "')'", tokComma: "','", tokAmp: "'&'", tokPlus: "'+'", tokMinus: "'-'",
	tokStar: "'*'", tokSlash: "'/'", tokCaret: "'^'", tokEq: "'='", tokNe: "'<>'",
	tokLt: "'<'", tokGt: "'>'", tokLe: "'<='", tokGe: "'>='", tokAnd: "'&&'", tokOr: "'||'",
	tokBang: "'!'", tokLBrak: "'['", tokRBrak: "']'",
}

// String names the token kind for error messages.
func (k tokenKind) String() string { return tokenNames[k] }

// token is one lexeme; Text is the raw source slice, Value the decoded string
// literal.
type token struct {
	kind  tokenKind
	pos   Position
	end   int
	text  string
	value string
}

// lexer splits a formula into tokens. The rules are those of Salesforce's
// grammar (salesforce/formula-engine impl/src/main/antlr4/imports/LexerRules.g4,
// summarised in shared/design/formula-language.md §1): whitespace and /* */
// comments anywhere, dotted merge fields as one identifier token,
// case-insensitive TRUE/FALSE/NULL/NOT, single- or double-quoted strings with
// only the escapes \n \r \t \" \' \\ (and \N \R \T).
type lexer struct {
	src  string
	off  int
	line int
	col  int
}

func newLexer(src string) *lexer { return &lexer{src: src, line: 1, col: 1} }

func (l *lexer) position() Position { return Position{Offset: l.off, Line: l.line, Col: l.col} }

// advance moves n bytes forward, keeping line and column.
func (l *lexer) advance(n int) {
	for i := 0; i < n && l.off < len(l.src); i++ {
		if l.src[l.off] == '\n' {
			l.line++
			l.col = 1
		} else {
			l.col++
		}
		l.off++
	}
}

// positionAt computes the position of a byte offset (used for errors inside
// string literals).
func positionAt(src string, off int) Position {
	p := Position{Line: 1, Col: 1}
	for i := 0; i < off && i < len(src); i++ {
		if src[i] == '\n' {
			p.Line++
			p.Col = 1
		} else {
			p.Col++
		}
	}
	p.Offset = off
	return p
}

func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '$'
}

func isIdentChar(c byte) bool {
	return isIdentStart(c) || c >= '0' && c <= '9' || c == '_' || c == ':' || c == '.' || c == '#'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// skipSpace skips whitespace and comments. An unterminated comment is an error.
func (l *lexer) skipSpace() *Error {
	for l.off < len(l.src) {
		c := l.src[l.off]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f':
			l.advance(1)
		case c == '/' && l.off+1 < len(l.src) && l.src[l.off+1] == '*':
			start := l.position()
			end := strings.Index(l.src[l.off+2:], "*/")
			if end < 0 {
				return &Error{Pos: start, End: len(l.src), Msg: "comment is not closed: '/*' has no matching '*/'"}
			}
			l.advance(end + 4)
		default:
			return nil
		}
	}
	return nil
}

// next returns the next token.
func (l *lexer) next() (token, *Error) {
	if err := l.skipSpace(); err != nil {
		return token{}, err
	}
	start := l.position()
	if l.off >= len(l.src) {
		return token{kind: tokEOF, pos: start, end: l.off}, nil
	}
	c := l.src[l.off]
	one := func(k tokenKind, n int) (token, *Error) {
		t := token{kind: k, pos: start, end: l.off + n, text: l.src[l.off : l.off+n]}
		l.advance(n)
		return t, nil
	}
	peek := byte(0)
	if l.off+1 < len(l.src) {
		peek = l.src[l.off+1]
	}
	switch {
	case isDigit(c):
		i := l.off
		for i < len(l.src) && isDigit(l.src[i]) {
			i++
		}
		if i+1 < len(l.src) && l.src[i] == '.' && isDigit(l.src[i+1]) {
			i++
			for i < len(l.src) && isDigit(l.src[i]) {
				i++
			}
		}
		return one(tokNumber, i-l.off)
	case isIdentStart(c):
		i := l.off
		for i < len(l.src) && isIdentChar(l.src[i]) {
			i++
		}
		text := l.src[l.off:i]
		kind := tokIdent
		switch {
		case strings.EqualFold(text, "TRUE"):
			kind = tokTrue
		case strings.EqualFold(text, "FALSE"):
			kind = tokFalse
		case strings.EqualFold(text, "NULL"):
			kind = tokNull
		case strings.EqualFold(text, "NOT"):
			kind = tokNot
		}
		return one(kind, i-l.off)
	case c == '"' || c == '\'':
		return l.stringLit(start, c)
	}
	switch c {
	case '(':
		return one(tokLParen, 1)
	case ')':
		return one(tokRParen, 1)
	case ',':
		return one(tokComma, 1)
	case '+':
		return one(tokPlus, 1)
	case '-':
		return one(tokMinus, 1)
	case '*':
		return one(tokStar, 1)
	case '/':
		return one(tokSlash, 1)
	case '^':
		return one(tokCaret, 1)
	case '[':
		return one(tokLBrak, 1)
	case ']':
		return one(tokRBrak, 1)
	case '&':
		if peek == '&' {
			return one(tokAnd, 2)
		}
		return one(tokAmp, 1)
	case '|':
		if peek == '|' {
			return one(tokOr, 2)
		}
	case '=':
		if peek == '=' {
			return one(tokEq, 2)
		}
		return one(tokEq, 1)
	case '!':
		if peek == '=' {
			return one(tokNe, 2)
		}
		return one(tokBang, 1)
	case '<':
		switch peek {
		case '>':
			return one(tokNe, 2)
		case '=':
			return one(tokLe, 2)
		}
		return one(tokLt, 1)
	case '>':
		if peek == '=' {
			return one(tokGe, 2)
		}
		return one(tokGt, 1)
	}
	r := []rune(l.src[l.off:min(len(l.src), l.off+4)])
	what := fmt.Sprintf("%q", string(r[0]))
	if c == '|' {
		what = "'|' (use '||')"
	}
	return token{}, &Error{Pos: start, End: l.off + 1, Msg: "unexpected character " + what}
}

// stringLit reads a quoted string. Raw line breaks are not allowed inside a
// literal (Formula.g4 predicate !hasSpecialCharacters); only the escapes of
// LexerRules.g4 ESC / CAPITALIZED_ESC are accepted.
func (l *lexer) stringLit(start Position, quote byte) (token, *Error) {
	var b strings.Builder
	i := l.off + 1
	for {
		if i >= len(l.src) {
			return token{}, &Error{Pos: start, End: len(l.src), Msg: "string literal is not closed"}
		}
		c := l.src[i]
		switch {
		case c == quote:
			t := token{kind: tokString, pos: start, end: i + 1, text: l.src[l.off : i+1], value: b.String()}
			l.advance(i + 1 - l.off)
			return t, nil
		case c == '\n' || c == '\r':
			return token{}, &Error{Pos: positionAt(l.src, i), End: i + 1,
				Msg: "line break inside a string literal (write \\n or \\r instead)"}
		case c == '\\':
			if i+1 >= len(l.src) {
				return token{}, &Error{Pos: start, End: len(l.src), Msg: "string literal is not closed"}
			}
			switch e := l.src[i+1]; e {
			case 'n', 'N':
				b.WriteByte('\n')
			case 'r', 'R':
				b.WriteByte('\r')
			case 't', 'T':
				b.WriteByte('\t')
			case '"', '\'', '\\':
				b.WriteByte(e)
			default:
				// Salesforce rejects unknown escapes: a REGEX pattern must
				// double its backslashes ([DOC] REGEX help page).
				return token{}, &Error{Pos: positionAt(l.src, i), End: i + 2,
					Msg: fmt.Sprintf("invalid escape sequence \\%c in string literal (only \\n \\r \\t \\\" \\' \\\\ are allowed; write \\\\%c for a literal backslash)", e, e)}
			}
			i += 2
		default:
			b.WriteByte(c)
			i++
		}
	}
}
