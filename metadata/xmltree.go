package metadata

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/antchfx/xmlquery"
)

// Parser selects how XML files become xmlquery node trees. Both produce the
// same tree shape (element and text nodes, LineNumber on every node); the
// loader walks the tree with the same code either way.
type Parser int

const (
	// ParserFast builds the xmlquery tree straight from encoding/xml tokens.
	// xmlquery's own parser costs about 2.2× a plain encoding/xml tokenize
	// on the corpora (measured: per-token copies into a cache, fmt.Sprintf
	// for every namespaced element, a case-folded copy of every text
	// token), which alone exceeds synclint's performance budget of 2× the
	// tokenize floor; this builder costs about 1.15×. Line numbers are
	// those of the '<' that opens each element.
	ParserFast Parser = iota
	// ParserXMLQuery uses xmlquery.ParseWithOptions with WithLineNumbers.
	// It is kept as the reference the fast builder is tested against.
	ParserXMLQuery
)

// String names the parser.
func (p Parser) String() string {
	if p == ParserXMLQuery {
		return "xmlquery"
	}
	return "fast"
}

// maxDepth bounds element nesting. The deepest real metadata (flows,
// permission-set parts) nests under ten levels; a file nested thousands of
// levels deep is broken or hostile, and refusing it keeps every walk over
// the tree cheap and shallow.
const maxDepth = 256

// parseError is a parse failure with the 1-based line it was detected on.
type parseError struct {
	Line int
	Msg  string
}

func (e *parseError) Error() string { return e.Msg }

// treeBuilder turns XML bytes into an xmlquery tree. One builder belongs to
// one worker goroutine: it keeps a small intern table so that the thousands
// of "false", "true", "Text" and indentation strings in a checkout share
// memory instead of each costing an allocation.
type treeBuilder struct {
	slab   []xmlquery.Node
	intern map[string]string
}

const (
	internMaxLen     = 40
	internMaxEntries = 1 << 14
)

func newTreeBuilder() *treeBuilder {
	return &treeBuilder{intern: make(map[string]string, 1024)}
}

func (b *treeBuilder) str(p []byte) string {
	if len(p) > internMaxLen {
		return string(p)
	}
	if s, ok := b.intern[string(p)]; ok { // no allocation for the lookup
		return s
	}
	s := string(p)
	if len(b.intern) < internMaxEntries {
		b.intern[s] = s
	}
	return s
}

// node hands out nodes from a slab so that a file's tree costs a few
// allocations rather than one per element.
func (b *treeBuilder) node(sizeHint int) *xmlquery.Node {
	if len(b.slab) == 0 {
		n := sizeHint / 48
		if n < 16 {
			n = 16
		} else if n > 512 {
			n = 512
		}
		b.slab = make([]xmlquery.Node, n)
	}
	n := &b.slab[0]
	b.slab = b.slab[1:]
	return n
}

func appendChild(parent, n *xmlquery.Node) {
	n.Parent = parent
	if parent.LastChild == nil {
		parent.FirstChild = n
	} else {
		parent.LastChild.NextSibling = n
		n.PrevSibling = parent.LastChild
	}
	parent.LastChild = n
}

// parse builds the tree of data with the chosen parser.
func (b *treeBuilder) parse(data []byte, p Parser) (*xmlquery.Node, error) {
	if p == ParserXMLQuery {
		return parseWithXMLQuery(data)
	}
	return b.build(data)
}

func parseWithXMLQuery(data []byte) (*xmlquery.Node, error) {
	doc, err := xmlquery.ParseWithOptions(bytes.NewReader(data), xmlquery.ParserOptions{WithLineNumbers: true})
	if err != nil {
		var se *xml.SyntaxError
		if errors.As(err, &se) {
			return nil, &parseError{Line: se.Line, Msg: se.Msg}
		}
		return nil, &parseError{Line: 1, Msg: err.Error()}
	}
	if rootElement(doc) == nil {
		return nil, &parseError{Line: 1, Msg: "no root element"}
	}
	return doc, nil
}

// build is the fast path. It uses RawToken (no namespace translation: the
// loader only needs local names) and does itself the checks RawToken skips:
// every start tag is closed by a matching end tag, one root element, no
// end of file inside an element.
func (b *treeBuilder) build(data []byte) (*xmlquery.Node, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &parseError{Line: 1, Msg: "empty file"}
	}
	if err := checkDeclaredEncoding(data); err != nil {
		return nil, err
	}
	// A UTF-8 byte order mark (Windows editors write one) is allowed
	// before the XML declaration (XML 1.0 §4.3.3, "Character Encoding in
	// Entities"); encoding/xml would read it as text outside the root.
	// It holds no newline, so line numbers are unchanged.
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	data = normalizeLoneCR(data)
	dec := xml.NewDecoder(bytes.NewReader(data))
	doc := &xmlquery.Node{Type: xmlquery.DocumentNode}
	cur := doc
	depth := 0
	line := 1
	var lineOff int64 // offset up to which newlines are counted into line
	var pendingWS []byte
	hint := len(data)
	rootSeen := false
	for {
		start := dec.InputOffset()
		line += bytes.Count(data[lineOff:start], []byte{'\n'})
		lineOff = start
		tok, err := dec.RawToken()
		if err != nil {
			if err == io.EOF {
				if depth > 0 {
					return nil, &parseError{Line: line, Msg: fmt.Sprintf("unexpected end of file: <%s> opened on line %d is not closed", cur.Data, cur.LineNumber)}
				}
				if !rootSeen {
					return nil, &parseError{Line: 1, Msg: "no root element"}
				}
				return doc, nil
			}
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return nil, &parseError{Line: se.Line, Msg: se.Msg}
			}
			return nil, &parseError{Line: line, Msg: err.Error()}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth >= maxDepth {
				return nil, &parseError{Line: line, Msg: fmt.Sprintf("elements nested more than %d levels deep (<%s> inside <%s>); metadata never nests so deep", maxDepth, t.Name.Local, cur.Data)}
			}
			if depth == 0 && rootSeen {
				return nil, &parseError{Line: line, Msg: fmt.Sprintf("second root element <%s> after the first one closed", t.Name.Local)}
			}
			rootSeen = true
			pendingWS = nil
			n := b.node(hint)
			n.Type = xmlquery.ElementNode
			n.Data = t.Name.Local
			n.Prefix = t.Name.Space
			n.LineNumber = line
			if len(t.Attr) > 0 {
				attrs := make([]xmlquery.Attr, len(t.Attr))
				for i, a := range t.Attr {
					attrs[i] = xmlquery.Attr{Name: a.Name, Value: a.Value}
				}
				n.Attr = attrs
			}
			appendChild(cur, n)
			cur = n
			depth++
		case xml.EndElement:
			if depth == 0 {
				return nil, &parseError{Line: line, Msg: fmt.Sprintf("unexpected end tag </%s>", t.Name.Local)}
			}
			if t.Name.Local != cur.Data || t.Name.Space != cur.Prefix {
				return nil, &parseError{Line: line, Msg: fmt.Sprintf("element <%s> opened on line %d is closed by </%s>", cur.Data, cur.LineNumber, qualified(t.Name))}
			}
			// Whitespace is kept only as the whole content of a leaf, so
			// that <x>  </x> keeps its value while indentation between
			// elements costs nothing.
			if pendingWS != nil && cur.FirstChild == nil {
				n := b.node(hint)
				n.Type = xmlquery.TextNode
				n.Data = b.str(pendingWS)
				n.LineNumber = line
				appendChild(cur, n)
			}
			pendingWS = nil
			cur = cur.Parent
			depth--
		case xml.CharData:
			if depth == 0 {
				if trimmed := bytes.TrimLeft(t, " \t\r\n"); len(trimmed) != 0 {
					at := line + bytes.Count(t[:len(t)-len(trimmed)], []byte{'\n'})
					return nil, &parseError{Line: at, Msg: "text outside the root element"}
				}
				continue
			}
			if isXMLSpace(t) {
				if last := cur.LastChild; last != nil && last.Type == xmlquery.TextNode {
					last.Data += string(t) // text, comment, then white space
				} else if cur.FirstChild == nil {
					pendingWS = append(pendingWS, t...)
				}
				continue
			}
			// CharData from RawToken is only valid until the next call;
			// b.str copies it.
			if last := cur.LastChild; last != nil && last.Type == xmlquery.TextNode {
				// Text split by a comment or CDATA boundary: join it.
				last.Data += string(t)
				continue
			}
			if pendingWS != nil {
				// Leading whitespace belongs to the text: keep it.
				t = append(pendingWS, t...)
				pendingWS = nil
			}
			n := b.node(hint)
			n.Type = xmlquery.TextNode
			n.Data = b.str(t)
			n.LineNumber = line
			appendChild(cur, n)
		}
	}
}

// normalizeLoneCR returns data with every carriage return not followed by
// a line feed (old Mac line ends) turned into a line feed, as XML's
// end-of-line handling reads it (XML 1.0 §2.11): encoding/xml counts such
// a CR as a line in its errors, and the builder counts line feeds, so both
// then agree. CRLF is left alone; the length, hence every offset, is
// unchanged. Data without a lone CR is returned as is, uncopied.
func normalizeLoneCR(data []byte) []byte {
	i := bytes.IndexByte(data, '\r')
	for i >= 0 && i+1 < len(data) && data[i+1] == '\n' {
		j := bytes.IndexByte(data[i+1:], '\r')
		if j < 0 {
			return data
		}
		i += 1 + j
	}
	if i < 0 {
		return data
	}
	out := append([]byte(nil), data...)
	for k := i; k < len(out); k++ {
		if out[k] == '\r' && (k+1 == len(out) || out[k+1] != '\n') {
			out[k] = '\n'
		}
	}
	return out
}

func qualified(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

func isXMLSpace(p []byte) bool {
	for _, c := range p {
		if c != ' ' && c != '\n' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}

// checkDeclaredEncoding rejects an XML declaration naming an encoding other
// than UTF-8: Metadata API files are UTF-8, and encoding/xml cannot read
// others without a charset reader.
func checkDeclaredEncoding(data []byte) error {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !bytes.HasPrefix(data, []byte("<?xml")) {
		return nil
	}
	end := bytes.Index(data, []byte("?>"))
	if end < 0 {
		return nil
	}
	enc := procInstParam(string(data[5:end]), "encoding")
	if enc != "" && !strings.EqualFold(enc, "utf-8") && !strings.EqualFold(enc, "utf8") {
		return &parseError{Line: 1, Msg: fmt.Sprintf("file declares encoding %q; Salesforce metadata files must be UTF-8", enc)}
	}
	return nil
}

// procInstParam reads param="value" from an <?xml …?> declaration.
func procInstParam(s, param string) string {
	i := strings.Index(s, param)
	if i < 0 {
		return ""
	}
	s = strings.TrimLeft(s[i+len(param):], " \t\r\n")
	if !strings.HasPrefix(s, "=") {
		return ""
	}
	s = strings.TrimLeft(s[1:], " \t\r\n")
	if s == "" || (s[0] != '"' && s[0] != '\'') {
		return ""
	}
	q := s[0]
	s = s[1:]
	if j := strings.IndexByte(s, q); j >= 0 {
		return s[:j]
	}
	return ""
}

// rootElement returns the document element of a parsed tree.
func rootElement(doc *xmlquery.Node) *xmlquery.Node {
	for n := doc.FirstChild; n != nil; n = n.NextSibling {
		if n.Type == xmlquery.ElementNode {
			return n
		}
		// xmlquery puts the document element under the declaration node.
		if n.Type == xmlquery.DeclarationNode {
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == xmlquery.ElementNode {
					return c
				}
			}
		}
	}
	return nil
}

// nodeText returns the text content of a leaf element (text and CDATA
// children joined). Salesforce metadata never mixes text and elements.
func nodeText(n *xmlquery.Node) string {
	c := n.FirstChild
	if c == nil {
		return ""
	}
	if c.NextSibling == nil {
		if c.Type == xmlquery.TextNode || c.Type == xmlquery.CharDataNode {
			return c.Data
		}
		return ""
	}
	var sb strings.Builder
	for ; c != nil; c = c.NextSibling {
		if c.Type == xmlquery.TextNode || c.Type == xmlquery.CharDataNode {
			sb.WriteString(c.Data)
		}
	}
	return sb.String()
}

// firstInvalidUTF8Line returns the line of the first byte sequence that is
// not UTF-8, or 0 when data is valid.
func firstInvalidUTF8Line(data []byte) int {
	if utf8.Valid(data) {
		return 0
	}
	line := 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return line
		}
		if data[i] == '\n' {
			line++
		}
		i += size
	}
	return line
}
