package hubspotschema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The export readers do not unmarshal into structs: HubSpot's exports come
// in several shapes (v3 envelopes, legacy bare arrays, groups), carry
// explicit nulls and, in hand-edited or third-party dumps, numbers where
// strings belong. A small position-aware tree lets each reader pick the
// fields it knows, accept the harmless type variants, diagnose the rest
// with a line and column, and keep everything read before a syntax error.

type jkind uint8

const (
	jNull jkind = iota
	jBool
	jNumber
	jString
	jArray
	jObject
)

func (k jkind) String() string {
	switch k {
	case jNull:
		return "null"
	case jBool:
		return "a boolean"
	case jNumber:
		return "a number"
	case jString:
		return "a string"
	case jArray:
		return "an array"
	case jObject:
		return "an object"
	}
	return "a value"
}

// jnode is one JSON value and the byte offset where it starts.
type jnode struct {
	kind jkind
	off  int
	// text is the string value, the number literal, or "true"/"false".
	text string
	// keys and vals hold an object's members in file order; vals alone
	// holds an array's elements.
	keys []string
	vals []*jnode
	// partial marks a container cut short by a syntax error: the members
	// before the error are complete, the container itself is not.
	partial bool
}

// get returns the member named key, or nil. With a duplicated key the
// last one wins, as in encoding/json and JavaScript.
func (n *jnode) get(key string) *jnode {
	if n == nil || n.kind != jObject {
		return nil
	}
	for i := len(n.keys) - 1; i >= 0; i-- {
		if n.keys[i] == key {
			return n.vals[i]
		}
	}
	return nil
}

// has reports whether an object has the member (even when null).
func (n *jnode) has(key string) bool { return n.get(key) != nil }

// maxJSONDepth bounds nesting so that hostile input cannot exhaust the
// stack; real exports nest five or six levels.
const maxJSONDepth = 256

// jsonSyntaxError is a malformed JSON file: the offset where reading
// stopped and why.
type jsonSyntaxError struct {
	off int
	msg string
}

func (e *jsonSyntaxError) Error() string { return e.msg }

// parseJSON parses data into a tree. On a syntax error it returns the tree
// read so far (containers marked partial) and the error.
func parseJSON(data []byte) (*jnode, error) {
	// A UTF-8 byte order mark is not JSON whitespace, but Windows tools
	// write one; blanking it keeps every offset (and so every column) true.
	if bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		data = append([]byte("   "), data[3:]...)
	}
	p := &jparser{data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	p.dec.UseNumber()
	start := p.nextStart()
	if start >= len(data) {
		return nil, &jsonSyntaxError{off: len(data), msg: "the file is empty"}
	}
	root, err := p.value(0)
	if err != nil {
		return root, err
	}
	if off := p.nextStart(); off < len(data) {
		return root, &jsonSyntaxError{off: off, msg: "unexpected data after the end of the JSON value"}
	}
	return root, nil
}

type jparser struct {
	data []byte
	dec  *json.Decoder
}

// nextStart returns the offset of the next token: the decoder's offset is
// the end of the previous token, before any separator.
func (p *jparser) nextStart() int {
	i := int(p.dec.InputOffset())
	for i < len(p.data) {
		switch p.data[i] {
		case ' ', '\t', '\r', '\n', ',', ':':
			i++
			continue
		}
		break
	}
	return i
}

func (p *jparser) wrap(err error) error {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		// With Token, Offset is the index of the offending byte.
		off := int(se.Offset)
		return &jsonSyntaxError{off: off, msg: "malformed JSON: " + se.Error()}
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return &jsonSyntaxError{off: len(p.data), msg: "malformed JSON: the file ends in the middle of a value (truncated?)"}
	}
	return &jsonSyntaxError{off: p.nextStart(), msg: "malformed JSON: " + err.Error()}
}

func (p *jparser) value(depth int) (*jnode, error) {
	if depth > maxJSONDepth {
		return nil, &jsonSyntaxError{off: p.nextStart(), msg: fmt.Sprintf("JSON nested deeper than %d levels", maxJSONDepth)}
	}
	start := p.nextStart()
	tok, err := p.dec.Token()
	if err != nil {
		return nil, p.wrap(err)
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n := &jnode{kind: jObject, off: start}
			for p.dec.More() {
				kt, err := p.dec.Token()
				if err != nil {
					n.partial = true
					return n, p.wrap(err)
				}
				key, _ := kt.(string)
				v, err := p.value(depth + 1)
				if v != nil {
					n.keys = append(n.keys, key)
					n.vals = append(n.vals, v)
				}
				if err != nil {
					n.partial = true
					return n, err
				}
			}
			if _, err := p.dec.Token(); err != nil {
				n.partial = true
				return n, p.wrap(err)
			}
			return n, nil
		case '[':
			n := &jnode{kind: jArray, off: start}
			for p.dec.More() {
				v, err := p.value(depth + 1)
				if v != nil {
					n.vals = append(n.vals, v)
				}
				if err != nil {
					n.partial = true
					return n, err
				}
			}
			if _, err := p.dec.Token(); err != nil {
				n.partial = true
				return n, p.wrap(err)
			}
			return n, nil
		}
		return nil, &jsonSyntaxError{off: start, msg: fmt.Sprintf("malformed JSON: unexpected %q", string(t))}
	case string:
		return &jnode{kind: jString, off: start, text: t}, nil
	case json.Number:
		return &jnode{kind: jNumber, off: start, text: string(t)}, nil
	case bool:
		return &jnode{kind: jBool, off: start, text: strconv.FormatBool(t)}, nil
	case nil:
		return &jnode{kind: jNull, off: start}, nil
	}
	return nil, &jsonSyntaxError{off: start, msg: "malformed JSON: unexpected token"}
}

// lineIndex turns byte offsets into 1-based lines and columns. Columns
// count Unicode code points, as SARIF and editors expect.
type lineIndex struct {
	data   []byte
	starts []int
}

func newLineIndex(data []byte) *lineIndex {
	li := &lineIndex{data: data, starts: []int{0}}
	for i, b := range data {
		if b == '\n' {
			li.starts = append(li.starts, i+1)
		}
	}
	return li
}

func (li *lineIndex) pos(off int) (line, col int) {
	if off < 0 {
		off = 0
	}
	if off > len(li.data) {
		off = len(li.data)
	}
	i := sort.Search(len(li.starts), func(i int) bool { return li.starts[i] > off }) - 1
	if i < 0 {
		i = 0
	}
	return i + 1, utf8.RuneCount(li.data[li.starts[i]:off]) + 1
}

// jsonFile is one export file being read: it positions nodes and collects
// the file's diagnostics.
type jsonFile struct {
	name  string // display path, forward slashes
	li    *lineIndex
	diags []Diagnostic
}

// openJSON parses data and returns the tree (possibly partial) with the
// file context; a syntax error is already recorded as an SL03 diagnostic.
func openJSON(name string, data []byte) (*jnode, *jsonFile) {
	f := &jsonFile{name: name, li: newLineIndex(data)}
	root, err := parseJSON(data)
	if err != nil {
		var se *jsonSyntaxError
		if errors.As(err, &se) {
			msg := se.msg
			if root != nil {
				msg += "; the values before this point were read"
			}
			f.errorAt(se.off, "%s", msg)
		} else {
			f.errorAt(0, "%v", err)
		}
	}
	return root, f
}

func (f *jsonFile) pos(off int) Pos {
	l, c := f.li.pos(off)
	return Pos{File: f.name, Line: l, Col: c}
}

func (f *jsonFile) posOf(n *jnode) Pos {
	if n == nil {
		return Pos{File: f.name}
	}
	return f.pos(n.off)
}

func (f *jsonFile) errorAt(off int, format string, args ...any) {
	f.diags = append(f.diags, Diagnostic{Kind: "SL03", Pos: f.pos(off), Message: fmt.Sprintf(format, args...)})
}

func (f *jsonFile) errorOn(n *jnode, format string, args ...any) {
	off := 0
	if n != nil {
		off = n.off
	}
	f.errorAt(off, format, args...)
}

// str reads a member as a string. Numbers and booleans are accepted in
// their literal form (ids arrive as numbers in legacy exports); null and
// absent read as "". Objects and arrays are diagnosed.
func (f *jsonFile) str(n *jnode, key string) string {
	v := n.get(key)
	if v == nil {
		return ""
	}
	switch v.kind {
	case jString, jNumber, jBool:
		return v.text
	case jNull:
		return ""
	}
	f.errorOn(v, "%q: expected a string, found %s; ignored", key, v.kind)
	return ""
}

// boolean reads a member as a boolean, accepting "true"/"false" strings
// (pipeline stage metadata uses them) and 0/1.
func (f *jsonFile) boolean(n *jnode, key string) bool {
	v := n.get(key)
	if v == nil {
		return false
	}
	switch v.kind {
	case jBool:
		return v.text == "true"
	case jNull:
		return false
	case jString, jNumber:
		switch strings.ToLower(strings.TrimSpace(v.text)) {
		case "true", "1", "yes":
			return true
		case "false", "0", "no", "":
			return false
		}
	}
	f.errorOn(v, "%q: expected true or false, found %s; read as false", key, describe(v))
	return false
}

// integer reads a member as an int, accepting numeric strings and whole
// floats; null and absent read as 0.
func (f *jsonFile) integer(n *jnode, key string) int {
	v := n.get(key)
	if v == nil {
		return 0
	}
	switch v.kind {
	case jNull:
		return 0
	case jNumber, jString:
		s := strings.TrimSpace(v.text)
		if s == "" {
			return 0
		}
		if i, err := strconv.Atoi(s); err == nil {
			return i
		}
		if x, err := strconv.ParseFloat(s, 64); err == nil && x == float64(int(x)) {
			return int(x)
		}
	}
	f.errorOn(v, "%q: expected a whole number, found %s; read as 0", key, describe(v))
	return 0
}

// timestamp reads an ISO-8601 string (v3) or epoch milliseconds (v1/v2).
// Anything else reads as the zero time: no check depends on it.
func (f *jsonFile) timestamp(n *jnode, key string) time.Time {
	v := n.get(key)
	if v == nil {
		return time.Time{}
	}
	switch v.kind {
	case jString:
		if t, err := time.Parse(time.RFC3339Nano, v.text); err == nil {
			return t
		}
		if ms, err := strconv.ParseInt(v.text, 10, 64); err == nil {
			return time.UnixMilli(ms).UTC()
		}
	case jNumber:
		if ms, err := strconv.ParseInt(v.text, 10, 64); err == nil {
			return time.UnixMilli(ms).UTC()
		}
		if x, err := strconv.ParseFloat(v.text, 64); err == nil {
			return time.UnixMilli(int64(x)).UTC()
		}
	}
	return time.Time{}
}

// strings reads an array of strings (numbers accepted); a single string
// reads as a one-element list.
func (f *jsonFile) strList(n *jnode, key string) []string {
	v := n.get(key)
	if v == nil || v.kind == jNull {
		return nil
	}
	switch v.kind {
	case jString, jNumber:
		return []string{v.text}
	case jArray:
		out := make([]string, 0, len(v.vals))
		for _, e := range v.vals {
			switch e.kind {
			case jString, jNumber, jBool:
				out = append(out, e.text)
			case jNull:
			default:
				f.errorOn(e, "%q: expected a list of strings, found %s in it; ignored", key, e.kind)
			}
		}
		return out
	}
	f.errorOn(v, "%q: expected a list of strings, found %s; ignored", key, v.kind)
	return nil
}

// array returns a member that must be an array (nil when absent or null;
// diagnosed when another kind).
func (f *jsonFile) array(n *jnode, key string) []*jnode {
	v := n.get(key)
	if v == nil || v.kind == jNull {
		return nil
	}
	if v.kind != jArray {
		f.errorOn(v, "%q: expected a list, found %s; ignored", key, v.kind)
		return nil
	}
	return v.vals
}

// object returns a member that must be an object (nil when absent, null or
// another kind, the latter diagnosed).
func (f *jsonFile) object(n *jnode, key string) *jnode {
	v := n.get(key)
	if v == nil || v.kind == jNull {
		return nil
	}
	if v.kind != jObject {
		f.errorOn(v, "%q: expected an object, found %s; ignored", key, v.kind)
		return nil
	}
	return v
}

func describe(v *jnode) string {
	switch v.kind {
	case jString:
		s := v.text
		if len(s) > 40 {
			s = s[:40] + "…"
		}
		return strconv.Quote(s)
	case jNumber, jBool:
		return v.text
	}
	return v.kind.String()
}
