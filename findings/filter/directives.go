package filter

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/synclint/synclint/findings"
	"github.com/synclint/synclint/metadata"
)

// Directive is one synclint:ignore directive: an XML comment in a metadata
// file, or a [synclint:ignore …] token in the description of a validation
// rule or field.
//
// Where a comment applies (docs/suppression.md):
//   - before the root element, or directly inside it: every finding located
//     in the file (in SFDX source format a file is one component);
//   - inside a nested element: the findings whose line falls within that
//     element, e.g. one <fields> or <validationRules> entry of a Metadata API
//     .object file.
//
// A description token applies to the findings about its component
// (Object.Rule or Object.Field) wherever they are located.
type Directive struct {
	// Kind is KindInSource (comment) or KindDescription (token).
	Kind string `json:"kind"`
	// Rules are the rule IDs named, upper-case.
	Rules []string `json:"rules"`
	// Reason is the justification.
	Reason string `json:"reason,omitempty"`
	// Location is where the directive is written.
	Location findings.Location `json:"location"`
	// Problem, when set, says why the directive is invalid; an invalid
	// directive suppresses nothing.
	Problem string `json:"problem,omitempty"`

	// File, StartLine and EndLine are the scope of a comment; StartLine 0
	// means the whole file.
	File      string `json:"-"`
	StartLine int    `json:"-"`
	EndLine   int    `json:"-"`
	// Object, plus ValidationRule or Field, is the scope of a description token.
	Object         string `json:"-"`
	ValidationRule string `json:"-"`
	Field          string `json:"-"`

	// Used counts the findings matched per rule ID.
	Used map[string]int `json:"-"`
}

// Component names what a description directive is attached to.
func (d *Directive) Component() string {
	switch {
	case d.ValidationRule != "":
		return d.Object + "." + d.ValidationRule
	case d.Field != "":
		return d.Object + "." + d.Field
	}
	return ""
}

func (d *Directive) matches(f *findings.Finding) bool {
	switch d.Kind {
	case KindInSource:
		if f.File != d.File {
			return false
		}
		return d.StartLine == 0 || (f.Line >= d.StartLine && f.Line <= d.EndLine)
	case KindDescription:
		if strings.EqualFold(f.Component, d.Component()) {
			return true
		}
		if !strings.EqualFold(f.Object, d.Object) {
			return false
		}
		if d.ValidationRule != "" {
			return strings.EqualFold(f.ValidationRule, d.ValidationRule)
		}
		return f.ValidationRule == "" && strings.EqualFold(f.Field, d.Field)
	}
	return false
}

func (d *Directive) names(rule string) bool {
	for _, r := range d.Rules {
		if r == rule {
			return true
		}
	}
	return false
}

// maxDirectiveFile bounds the files scanned for comments; metadata files
// are far smaller, and a huge file is more likely data than metadata.
const maxDirectiveFile = 32 << 20

// hasMarker reports whether data contains "synclint:" in any case; the
// loader uses the same test for Org.Markers.
func hasMarker(data []byte) bool { return metadata.HasMarker(data) }

// ScanDirectives finds every directive of the org: XML comments in the files
// under its metadata roots, and description tokens of its validation rules
// and fields. The result is sorted by location.
func ScanDirectives(root string, org *metadata.Org) []*Directive {
	var out []*Directive
	seen := map[string]bool{}
	for _, r := range org.Roots {
		dir := filepath.Join(root, filepath.FromSlash(r.Path))
		_ = filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			name := e.Name()
			if e.IsDir() {
				if p != dir && (strings.HasPrefix(name, ".") || name == "node_modules") {
					return filepath.SkipDir
				}
				return nil
			}
			if !e.Type().IsRegular() {
				return nil
			}
			rel := relSlash(root, p)
			if seen[rel] {
				return nil
			}
			seen[rel] = true
			marked, read := org.Markers[rel]
			if read && !marked {
				// The loader read this file and saw no marker: no need
				// to read it again (most of this scan's cost otherwise).
				return nil
			}
			if info, err := e.Info(); err != nil || info.Size() > maxDirectiveFile {
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil || !hasMarker(data) {
				return nil
			}
			out = append(out, commentDirectives(rel, data)...)
			return nil
		})
	}
	out = append(out, descriptionDirectives(root, org)...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Location, out[j].Location
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	return out
}

func relSlash(root, p string) string {
	if r, err := filepath.Rel(root, p); err == nil {
		return filepath.ToSlash(r)
	}
	return filepath.ToSlash(p)
}

// lineIndex maps byte offsets to 1-based lines and byte columns.
type lineIndex []int

func newLineIndex(data []byte) lineIndex {
	idx := lineIndex{0}
	for i, c := range data {
		if c == '\n' {
			idx = append(idx, i+1)
		}
	}
	return idx
}

func (l lineIndex) pos(off int) (line, col int) {
	i := sort.SearchInts(l, off+1) - 1
	if i < 0 {
		i = 0
	}
	return i + 1, off - l[i] + 1
}

// commentDirectives parses data as XML and returns the directives written as
// comments, each scoped to the element that encloses it. Parsing stops at
// the first syntax error (SL01 reports it); elements still open then extend
// to the end of the file.
func commentDirectives(file string, data []byte) []*Directive {
	idx := newLineIndex(data)
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	type open struct {
		start int
		dirs  []*Directive
	}
	var stack []*open
	var out []*Directive
	lastLine := len(idx)
	closeTop := func(endLine int) {
		top := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, d := range top.dirs {
			d.EndLine = endLine
		}
	}
	for {
		startOff := int(dec.InputOffset())
		tok, err := dec.RawToken()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				for len(stack) > 0 {
					closeTop(lastLine)
				}
			}
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			line, _ := idx.pos(startOff)
			stack = append(stack, &open{start: line})
		case xml.EndElement:
			if len(stack) > 0 {
				line, _ := idx.pos(int(dec.InputOffset()) - 1)
				closeTop(line)
			}
		case xml.Comment:
			text := strings.TrimSpace(string(t))
			if len(text) < len("synclint:") || !strings.EqualFold(text[:len("synclint:")], "synclint:") {
				continue
			}
			line, col := idx.pos(startOff)
			d := parseDirective(text)
			d.Kind = KindInSource
			d.File = file
			d.Location = findings.Location{File: file, Line: line, Column: col}
			// Directly inside the root element or outside it: the whole file.
			if len(stack) >= 2 {
				top := stack[len(stack)-1]
				d.StartLine = top.start
				top.dirs = append(top.dirs, d)
			}
			out = append(out, d)
		}
	}
	return out
}

var descriptionToken = regexp.MustCompile(`(?i)\[(synclint:[^\]]*)\]`)

// descriptionDirectives returns the [synclint:…] tokens in the descriptions
// of validation rules and fields, located in their files where the token
// text can be found there.
func descriptionDirectives(root string, org *metadata.Org) []*Directive {
	names := make([]string, 0, len(org.Objects))
	for k := range org.Objects {
		names = append(names, k)
	}
	sort.Strings(names)
	files := map[string][]byte{}
	read := func(file string) []byte {
		if b, ok := files[file]; ok {
			return b
		}
		b, _ := os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
		files[file] = b
		return b
	}
	var out []*Directive
	add := func(desc string, pos metadata.Pos, object, rule, field string) {
		if !hasMarker([]byte(desc)) {
			return
		}
		var locs []findings.Location
		if pos.File != "" {
			locs = tokenLocations(read(pos.File), pos)
		}
		for i, m := range descriptionToken.FindAllStringSubmatch(desc, -1) {
			d := parseDirective(m[1])
			d.Kind = KindDescription
			d.Object, d.ValidationRule, d.Field = object, rule, field
			d.Location = findings.Location{File: pos.File, Line: pos.Line, Column: pos.Col}
			if i < len(locs) {
				d.Location = locs[i]
			}
			out = append(out, d)
		}
	}
	for _, k := range names {
		o := org.Objects[k]
		for _, vr := range o.ValidationRules {
			add(vr.Description, vr.Pos, o.Name, vr.Name, "")
		}
		for _, fk := range o.FieldOrder {
			if f := o.Fields[fk]; f != nil && !f.Builtin {
				add(f.Description, f.Pos, o.Name, "", f.Name)
			}
		}
	}
	return out
}

// tokenLocations finds the "[synclint:" tokens of a component's description
// in its file, starting at the component's line (Metadata API files hold many
// components).
func tokenLocations(data []byte, pos metadata.Pos) []findings.Location {
	if len(data) == 0 {
		return nil
	}
	idx := newLineIndex(data)
	from := 0
	if pos.Line > 0 && pos.Line <= len(idx) {
		from = idx[pos.Line-1]
	}
	lower := bytes.ToLower(data)
	var out []findings.Location
	for off := from; ; {
		i := bytes.Index(lower[off:], []byte("[synclint:"))
		if i < 0 {
			break
		}
		line, col := idx.pos(off + i)
		out = append(out, findings.Location{File: pos.File, Line: line, Column: col})
		off += i + 1
	}
	return out
}

var ruleIDSyntax = regexp.MustCompile(`^[A-Za-z]{2}[0-9]{2}$`)

// parseDirective reads "synclint:ignore RULE[,RULE] [--] reason". The verb
// is case-insensitive; rule IDs are upper-cased. Problems are recorded in
// Problem rather than returned, because an invalid directive is itself a
// finding (SL05).
func parseDirective(text string) *Directive {
	d := &Directive{Used: map[string]int{}}
	body := strings.TrimSpace(text[len("synclint:"):])
	var verb, rest string
	if i := strings.IndexAny(body, " \t\r\n"); i >= 0 {
		verb, rest = body[:i], body[i+1:]
	} else {
		verb, rest = body, ""
	}
	if !strings.EqualFold(verb, "ignore") {
		d.Problem = fmt.Sprintf("unknown directive synclint:%s (want synclint:ignore RULE reason)", verb)
		return d
	}
	rest = strings.TrimSpace(rest)
	ids, reason := rest, ""
	if i := strings.IndexAny(rest, " \t\r\n"); i >= 0 {
		ids, reason = rest[:i], rest[i+1:]
	}
	// Tolerate "PV11, PV02 reason".
	for strings.HasSuffix(ids, ",") {
		next := strings.TrimSpace(reason)
		word := next
		if i := strings.IndexAny(next, " \t\r\n"); i >= 0 {
			word, next = next[:i], next[i+1:]
		} else {
			next = ""
		}
		if word == "" {
			break
		}
		ids += word
		reason = next
	}
	reason = strings.TrimSpace(reason)
	for _, sep := range []string{"--", "—", "-", ":"} {
		if strings.HasPrefix(reason, sep) {
			reason = strings.TrimSpace(reason[len(sep):])
			break
		}
	}
	d.Reason = strings.Join(strings.Fields(reason), " ")
	for _, id := range strings.Split(ids, ",") {
		id = strings.ToUpper(strings.TrimSpace(id))
		if id == "" {
			continue
		}
		d.Rules = append(d.Rules, id)
	}
	switch {
	case len(d.Rules) == 0:
		d.Problem = "suppression names no rule (want synclint:ignore RULE reason)"
	case d.Reason == "":
		d.Problem = "suppression of " + strings.Join(d.Rules, ",") + " has no reason: say why the finding does not apply (synclint:ignore " + strings.Join(d.Rules, ",") + " <reason>)"
	default:
		for _, id := range d.Rules {
			if !ruleIDSyntax.MatchString(id) || findings.LookupRule(id) == nil {
				d.Problem = fmt.Sprintf("suppression names unknown rule %q (see `synclint rules`)", id)
				break
			}
		}
	}
	return d
}

// applyDirectives hides the findings that valid directives match and
// returns the SL05 findings for invalid and unused directives.
func applyDirectives(fs []findings.Finding, dirs []*Directive, ran map[string]bool) (kept []findings.Finding, hidden []Suppressed, diags []findings.Finding) {
	kept = fs[:0:0]
	for i := range fs {
		f := &fs[i]
		var by *Directive
		if f.Rule != "SL05" {
			for _, d := range dirs {
				if d.Problem != "" || !d.names(f.Rule) || !d.matches(f) {
					continue
				}
				d.Used[f.Rule]++
				if by == nil {
					by = d
				}
			}
		}
		if by == nil {
			kept = append(kept, *f)
			continue
		}
		hidden = append(hidden, Suppressed{Finding: *f, Suppression: Suppression{Kind: by.Kind, Reason: by.Reason, Location: by.Location}})
	}
	for _, d := range dirs {
		where := "here"
		if d.Kind == KindDescription {
			where = "on " + d.Component()
		}
		if d.Problem != "" {
			diags = append(diags, sl05(d, d.Problem+"; it suppresses nothing", "invalid"))
			continue
		}
		for _, id := range d.Rules {
			if !ran[id] || d.Used[id] > 0 {
				continue
			}
			diags = append(diags, sl05(d, fmt.Sprintf("unused suppression: no %s finding %s matches synclint:ignore %s; remove the directive or move it into the element the finding points at", id, where, id), "unused "+id))
		}
	}
	return kept, hidden, diags
}

func sl05(d *Directive, msg, what string) findings.Finding {
	f := findings.Finding{
		Rule:     "SL05",
		Severity: findings.SL05.Severity,
		Message:  msg,
		Location: d.Location,
		Evidence: findings.Evidence{}.Add("directive", "synclint:ignore "+strings.Join(d.Rules, ",")+" "+d.Reason).Add("kind", d.Kind),
	}
	if c := d.Component(); c != "" {
		f.Component = c
		f.Object = d.Object
		f.ValidationRule = d.ValidationRule
		f.Field = d.Field
	}
	// Line-independent identity: the file, what the directive says, and what
	// is wrong with it.
	f.Key = path.Clean(d.Location.File) + "|" + strings.Join(d.Rules, ",") + "|" + d.Reason + "|" + what
	return f
}
