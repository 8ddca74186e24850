package metadata

import (
	"bytes"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/antchfx/xmlquery"
)

// fragment is what one file contributes to the org. Workers fill fragments
// independently; Load merges them in file order so the result does not
// depend on scheduling.
type fragment struct {
	job   *job
	bytes int64
	read  bool // the file was read (counted in Stats.Files)
	// marker: the file's text contains "synclint:" (Org.Markers).
	marker bool

	objects     []*Object // object files; MDAPI ones carry their children
	fields      []*Field
	rules       []*ValidationRule
	recordTypes []*RecordType
	processes   []*BusinessProcess
	valueSet    *ValueSet
	dupRule     *DuplicateRule
	matchRules  []*MatchingRule
	address     *AddressSettings
	holder      *PermissionHolder
	customPerm  *CustomPermission
	trigger     *ApexTrigger
	trigStatus  string
	class       *ApexClass
	flow        *Flow
	flowDef     *flowDefinition
	workflow    *Workflow

	diagnostics []Diagnostic
}

// flowDefinition is a FlowDefinition file: which version of a flow is active.
type flowDefinition struct {
	name          string
	activeVersion int
	hasActive     bool
	pos           Pos
}

// fileCtx carries what the element parsers need about the current file.
type fileCtx struct {
	rel    string
	data   []byte
	tokens bool   // the file contains CumulusCI tokens
	ns     string // namespace applied to custom names (installed packages)
	frag   *fragment
}

func (c *fileCtx) pos(n *xmlquery.Node) Pos {
	return Pos{File: c.rel, Line: n.LineNumber}
}

// text returns the element's text with CumulusCI tokens removed.
func (c *fileCtx) text(n *xmlquery.Node) string {
	s := nodeText(n)
	if c.tokens {
		s = stripTokens(s)
	}
	return s
}

// name returns trimmed text, for API names and enumerations.
func (c *fileCtx) name(n *xmlquery.Node) string {
	return strings.TrimSpace(c.text(n))
}

func (c *fileCtx) bool(n *xmlquery.Node) bool {
	return parseBool(nodeText(n))
}

func (c *fileCtx) int(n *xmlquery.Node) int {
	s := strings.TrimSpace(nodeText(n))
	if s == "" {
		return 0
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		// Some numbers are written as "18.0"; anything else is reported.
		f, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil {
			c.diag(n.LineNumber, "<%s> is not a number: %q", n.Data, truncate(s, 40))
			return 0
		}
		return int(f)
	}
	return v
}

func (c *fileCtx) diag(line int, format string, args ...any) {
	c.frag.diagnostics = append(c.frag.diagnostics, Diagnostic{Kind: DiagMalformed,
		Pos: Pos{File: c.rel, Line: line}, Message: fmt.Sprintf(format, args...)})
}

// qualify applies the installed-package namespace to a custom API name.
func (c *fileCtx) qualify(name string) string { return qualifyCustom(c.ns, name) }

// qualifyComponent applies it to a developer name without suffix.
func (c *fileCtx) qualifyComponent(name string) string { return qualifyComponent(c.ns, name) }

func parseBool(s string) bool {
	s = strings.TrimSpace(s)
	return s == "true" || strings.EqualFold(s, "true") || s == "1"
}

func firstElem(n *xmlquery.Node) *xmlquery.Node {
	if n == nil {
		return nil
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == xmlquery.ElementNode {
			return c
		}
	}
	return nil
}

func nextElem(n *xmlquery.Node) *xmlquery.Node {
	for c := n.NextSibling; c != nil; c = c.NextSibling {
		if c.Type == xmlquery.ElementNode {
			return c
		}
	}
	return nil
}

// childText returns the text of the first child element called name.
func (c *fileCtx) childText(n *xmlquery.Node, name string) string {
	for e := firstElem(n); e != nil; e = nextElem(e) {
		if e.Data == name {
			return c.text(e)
		}
	}
	return ""
}

// decodeValue URL-decodes a record-type or business-process value, which
// Salesforce stores percent-encoded ("N%2FA" for "N/A"; salesforce-metadata.md
// §5). Undecodable text is kept as written.
func decodeValue(s string) string {
	if strings.IndexByte(s, '%') < 0 {
		return s
	}
	if dec, err := url.PathUnescape(s); err == nil {
		return dec
	}
	return s
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

func containsBytes(data []byte, s string) bool {
	return bytes.Contains(data, []byte(s))
}
