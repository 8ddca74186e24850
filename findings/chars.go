package findings

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Character classes HubSpot stores without complaint and Salesforce either
// rejects (in Email fields, as picklist values) or keeps as invisible
// differences (in text fields). PV04 reports them per field, PV10 uses the
// doubled-space class. ScanChars finds them in one pass without allocating.

// CharClass is a set of character classes (bit flags).
type CharClass uint16

// Character classes.
const (
	// CharEdgeSpace: whitespace (ASCII or Unicode) at the start or end.
	CharEdgeSpace CharClass = 1 << iota
	// CharNoBreakSpace: U+00A0, U+2007, U+202F.
	CharNoBreakSpace
	// CharZeroWidth: U+200B–U+200D, U+2060, U+FEFF, U+00AD (invisible).
	CharZeroWidth
	// CharOtherSpace: Unicode spaces other than the above (U+2000–U+200A,
	// U+205F, U+3000, U+1680).
	CharOtherSpace
	// CharSmartQuote: typographic quotes U+2018–U+201F.
	CharSmartQuote
	// CharEmoji: pictographs (U+1F000–U+1FAFF, U+2600–U+27BF, U+2B50,
	// U+2B55) and the emoji variation selector U+FE0F.
	CharEmoji
	// CharHTML: an HTML tag (<b>, </p>, <br/>) or character entity (&amp;).
	CharHTML
	// CharControl: C0 controls other than tab, line feed and carriage
	// return, DEL and C1 controls: invalid in XML 1.0, so the SOAP API
	// cannot carry them.
	CharControl
	// CharDoubleSpace: two ASCII spaces in a row.
	CharDoubleSpace

	numCharClasses = 9
)

var charClassNames = [numCharClasses]string{
	"leading/trailing whitespace", "no-break space", "zero-width character", "unusual space",
	"smart quote", "emoji", "HTML markup", "control character", "doubled space",
}

// String names the classes in the set, joined with ", ".
func (c CharClass) String() string {
	var parts []string
	for i := 0; i < numCharClasses; i++ {
		if c&(1<<i) != 0 {
			parts = append(parts, charClassNames[i])
		}
	}
	return strings.Join(parts, ", ")
}

// Each calls fn for each class in the set, in declaration order.
func (c CharClass) Each(fn func(CharClass)) {
	for i := 0; i < numCharClasses; i++ {
		if c&(1<<i) != 0 {
			fn(1 << i)
		}
	}
}

func (c CharClass) index() int {
	for i := 0; i < numCharClasses; i++ {
		if c == 1<<i {
			return i
		}
	}
	return -1
}

// CharHit is the first occurrence of a class in a value.
type CharHit struct {
	Rune rune
	// Pos is the 1-based character (rune) position.
	Pos int
}

// Describe renders a hit as "U+00A0 at 14".
func (h CharHit) Describe() string { return fmt.Sprintf("U+%04X at %d", h.Rune, h.Pos) }

// CharScan is the result of ScanChars.
type CharScan struct {
	Classes CharClass
	// NonASCII is true when the value holds any character outside ASCII
	// (letters such as ü are fine in text, not in an email's local part).
	NonASCII bool
	hits     [numCharClasses]CharHit
}

// Hit returns the first occurrence of one class.
func (s *CharScan) Hit(c CharClass) CharHit {
	if i := c.index(); i >= 0 {
		return s.hits[i]
	}
	return CharHit{}
}

func (s *CharScan) add(c CharClass, r rune, pos int) {
	if s.Classes&c != 0 {
		return
	}
	s.Classes |= c
	s.hits[c.index()] = CharHit{Rune: r, Pos: pos}
}

// ScanChars classifies the characters of a value. Plain printable ASCII
// without '<', '&' or edge or doubled spaces takes a fast path.
func ScanChars(s string) CharScan {
	var out CharScan
	if s == "" {
		return out
	}
	plain := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || c == '<' || c == '&' || (c == ' ' && (i == 0 || i == len(s)-1 || s[i+1] == ' ')) {
			plain = false
			break
		}
	}
	if plain {
		return out
	}
	pos := 0
	prevSpace := false
	lastNonSpace := 0 // position of the last non-space character
	trailingStart := 0
	var trailingRune rune
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
			out.NonASCII = true
		}
		pos++
		space := isUnicodeSpace(r)
		switch {
		case r == 0xa0 || r == 0x2007 || r == 0x202f:
			out.add(CharNoBreakSpace, r, pos)
		case r >= 0x200b && r <= 0x200d || r == 0x2060 || r == 0xfeff || r == 0xad:
			out.add(CharZeroWidth, r, pos)
		case r >= 0x2000 && r <= 0x200a || r == 0x205f || r == 0x3000 || r == 0x1680:
			out.add(CharOtherSpace, r, pos)
		case r >= 0x2018 && r <= 0x201f:
			out.add(CharSmartQuote, r, pos)
		case r >= 0x1f000 && r <= 0x1faff || r >= 0x2600 && r <= 0x27bf || r == 0x2b50 || r == 0x2b55 || r == 0xfe0f:
			out.add(CharEmoji, r, pos)
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r >= 0x7f && r <= 0x9f:
			out.add(CharControl, r, pos)
		case r == '<' && isTagStart(s[i+1:]):
			out.add(CharHTML, r, pos)
		case r == '&' && isEntity(s[i+1:]):
			out.add(CharHTML, r, pos)
		case r == ' ' && prevSpace && s[i-1] == ' ':
			out.add(CharDoubleSpace, r, pos)
		}
		if space || r >= 0x200b && r <= 0x200d || r == 0xfeff {
			if pos == 1 {
				out.add(CharEdgeSpace, r, pos)
			}
			if trailingStart == 0 {
				trailingStart, trailingRune = pos, r
			}
		} else {
			lastNonSpace = pos
			trailingStart = 0
		}
		prevSpace = space
		i += size
	}
	if trailingStart > 0 && lastNonSpace > 0 && trailingStart > lastNonSpace {
		out.add(CharEdgeSpace, trailingRune, trailingStart)
	}
	return out
}

// isUnicodeSpace reports whitespace as Java's Character.isWhitespace plus
// the no-break spaces it leaves out.
func isUnicodeSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\v', '\f', 0xa0, 0x1680, 0x2007, 0x202f, 0x205f, 0x3000, 0x2028, 0x2029, 0x85:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

// isTagStart reports whether the text after '<' starts an HTML tag: a
// letter, '/' and a letter, or '!', followed by a '>' later on.
func isTagStart(rest string) bool {
	if rest == "" {
		return false
	}
	c := rest[0]
	if c == '/' && len(rest) > 1 {
		c = rest[1]
	}
	if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '!') {
		return false
	}
	return strings.IndexByte(rest, '>') >= 0
}

// isEntity reports whether the text after '&' is a character entity
// (&amp; &#39; &#x27;).
func isEntity(rest string) bool {
	for i := 0; i < len(rest) && i < 10; i++ {
		c := rest[i]
		switch {
		case c == ';':
			return i > 0
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '#' && i == 0:
		default:
			return false
		}
	}
	return false
}
