package findings

import (
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/synclint/synclint/metadata"
)

// Static reading of Apex, enough to find where triggers reject a save.
//
// SObject.addError "marks a trigger record with a custom error message and
// prevents any DML operation from occurring" (Apex Reference, SObject
// Class, addError: developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_methods_system_sobject.htm);
// on a field (rec.Field__c.addError(msg)) the message is attached to the
// field. A trigger "marked Inactive" does not run (Metadata API ApexTrigger
// status), so inactive triggers are skipped.
//
// This is not an Apex compiler. Each class is read once per analysis
// (apexIndex): comments and string literals are blanked (same length, line
// breaks kept, so offsets and lines stay true), and method bodies are
// located by brace matching. From an active trigger, synclint follows calls
// by name: a class whose name appears in reachable code is entered, and any
// of its methods (or its base class's) whose name is called in reachable
// code becomes reachable, to a fixed point bounded by maxApexDepth class
// hops. That covers handler classes (LeadTriggerHandler.beforeInsert,
// handler.run() → overridden beforeInsert) and misses dispatch through
// data (NPSP's TDTM table, Type.forName): those triggers report nothing.

// maxApexDepth bounds how many classes away from the trigger a reachable
// addError may be.
const maxApexDepth = 3

// apexUnit is one class or trigger, read once.
type apexUnit struct {
	Name    string
	Pos     metadata.Pos
	src     string
	clean   string
	lines   []int // offsets of line starts
	methods []apexMethod
	// extends is the base class name, if any.
	extends string
}

// apexMethod is a method (or constructor) body.
type apexMethod struct {
	Name       string
	Start, End int // body offsets, braces included
}

// apexIndex holds the classes of the checkout by lower-cased name. A
// class is read (blanked, its methods located) the first time a trigger's
// code reaches it, then reused for every other trigger.
type apexIndex struct {
	mu      sync.Mutex
	sources map[string]*metadata.ApexClass
	units   map[string]*apexUnit
}

// has reports whether the checkout has the class's source.
func (ix *apexIndex) has(lower string) bool { return ix.sources[lower] != nil }

// class returns the read class, or nil.
func (ix *apexIndex) class(lower string) *apexUnit {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if u, ok := ix.units[lower]; ok {
		return u
	}
	var u *apexUnit
	if c := ix.sources[lower]; c != nil {
		u = newApexUnit(c.Name, c.Pos, c.Source)
	}
	ix.units[lower] = u
	return u
}

const apexIndexKey = "apex.index"

// apexClasses returns the index of the checkout's classes (built once).
func apexClasses(p *Pass) *apexIndex {
	return p.Shared.Get(apexIndexKey, func() any {
		ix := &apexIndex{sources: map[string]*metadata.ApexClass{}, units: map[string]*apexUnit{}}
		for k, c := range p.Org.Classes {
			if c.Hidden || c.Source == "" {
				continue
			}
			ix.sources[k] = c
		}
		return ix
	}).(*apexIndex)
}

var extendsPattern = regexp.MustCompile(`(?i)\bclass\s+\w+\s+extends\s+(\w+)`)

func newApexUnit(name string, pos metadata.Pos, src string) *apexUnit {
	u := &apexUnit{Name: name, Pos: pos, src: src, clean: blankApex(src)}
	u.lines = append(u.lines, 0)
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' {
			u.lines = append(u.lines, i+1)
		}
	}
	u.methods = findMethods(u.clean)
	header := u.clean
	if i := strings.IndexByte(header, '{'); i >= 0 {
		header = header[:i] // the outer class's declaration
	}
	if m := extendsPattern.FindStringSubmatch(header); m != nil {
		u.extends = strings.ToLower(m[1])
	}
	return u
}

// line returns the 1-based line of an offset in the unit's file.
func (u *apexUnit) line(off int) int {
	i := sort.Search(len(u.lines), func(i int) bool { return u.lines[i] > off })
	base := u.Pos.Line
	if base < 1 {
		base = 1
	}
	return base + i - 1
}

// blankApex replaces comments and the contents of string literals with
// spaces, keeping line breaks and quote characters.
func blankApex(src string) string {
	b := []byte(src)
	for i := 0; i < len(b); {
		switch {
		case b[i] == '/' && i+1 < len(b) && b[i+1] == '/':
			for i < len(b) && b[i] != '\n' {
				b[i] = ' '
				i++
			}
		case b[i] == '/' && i+1 < len(b) && b[i+1] == '*':
			b[i], b[i+1] = ' ', ' '
			i += 2
			for i < len(b) && !(b[i] == '*' && i+1 < len(b) && b[i+1] == '/') {
				if b[i] != '\n' {
					b[i] = ' '
				}
				i++
			}
			if i < len(b) {
				b[i], b[i+1] = ' ', ' '
				i += 2
			}
		case b[i] == '\'':
			i++
			for i < len(b) && b[i] != '\'' && b[i] != '\n' {
				if b[i] == '\\' && i+1 < len(b) {
					b[i] = ' '
					i++
				}
				b[i] = ' '
				i++
			}
			i++
		default:
			i++
		}
	}
	return string(b)
}

var apexKeywords = map[string]bool{
	"if": true, "for": true, "while": true, "catch": true, "switch": true, "when": true,
	"do": true, "else": true, "try": true, "finally": true, "return": true, "new": true,
	"synchronized": true, "on": true, "get": true, "set": true, "static": true,
}

// findMethods locates method and constructor bodies: a '{' outside any
// method whose preceding token is ')' closing a parameter list after a
// name that is not a keyword.
func findMethods(clean string) []apexMethod {
	var out []apexMethod
	depth := 0
	inMethod := -1 // depth at which the current method body opened
	start := 0
	name := ""
	for i := 0; i < len(clean); i++ {
		switch clean[i] {
		case '{':
			if inMethod < 0 {
				if n, ok := methodNameBefore(clean, i); ok {
					inMethod, start, name = depth, i, n
				}
			}
			depth++
		case '}':
			depth--
			if inMethod >= 0 && depth == inMethod {
				out = append(out, apexMethod{Name: name, Start: start, End: i + 1})
				inMethod = -1
			}
		}
	}
	return out
}

// methodNameBefore reads "name(…)" (and an optional throws clause) before
// the brace at i.
func methodNameBefore(s string, i int) (string, bool) {
	j := skipSpaceBack(s, i-1)
	if j < 0 || s[j] != ')' {
		return "", false
	}
	open := matchBack(s, j, '(', ')')
	if open < 0 {
		return "", false
	}
	k := skipSpaceBack(s, open-1)
	end := k + 1
	for k >= 0 && isIdentByte(s[k]) {
		k--
	}
	word := s[k+1 : end]
	if word == "" || apexKeywords[strings.ToLower(word)] {
		return "", false
	}
	// A call followed by a block is not a declaration: the token before a
	// method name is a type, a modifier or '>' of a generic, never '.',
	// '=' or an operator.
	b := skipSpaceBack(s, k)
	if b >= 0 && (s[b] == '.' || s[b] == '=' || s[b] == '(' || s[b] == ',') {
		return "", false
	}
	return word, true
}

func skipSpaceBack(s string, i int) int {
	for i >= 0 && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i--
	}
	return i
}

// matchBack returns the offset of the open bracket matching the close
// bracket at i, or -1.
func matchBack(s string, i int, open, close byte) int {
	depth := 0
	for ; i >= 0; i-- {
		switch s[i] {
		case close:
			depth++
		case open:
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// matchForward returns the offset of the close bracket matching the open
// bracket at i, or -1.
func matchForward(s string, i int, open, close byte) int {
	depth := 0
	for ; i < len(s); i++ {
		switch s[i] {
		case open:
			depth++
		case close:
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

var addErrorPattern = regexp.MustCompile(`(?i)\.\s*addError\s*\(`)

// scanIdents calls fn for every identifier of blanked Apex text, with call
// true when the identifier is followed by '(' (a call or declaration).
// Hand-written: it runs over every reachable method body.
func scanIdents(text string, fn func(id string, call bool)) {
	for i := 0; i < len(text); {
		c := text[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			i++
			continue
		}
		j := i + 1
		for j < len(text) && isIdentByte(text[j]) {
			j++
		}
		k := j
		for k < len(text) && (text[k] == ' ' || text[k] == '\t' || text[k] == '\n' || text[k] == '\r') {
			k++
		}
		fn(text[i:j], k < len(text) && text[k] == '(')
		i = j
	}
}

// ErrorSite is an addError call reachable from a trigger.
type ErrorSite struct {
	// Unit is the trigger or class holding the call; Class is "" for the
	// trigger itself.
	Unit  *apexUnit
	Class string
	// Offset and Line locate the call.
	Offset int
	Line   int
	// Receiver is the expression addError is called on ("l.Email").
	Receiver string
	// Field is the field of a field-level error (Email in l.Email.addError).
	Field string
	// Message is the first argument as written.
	Message string
	// Condition is the innermost enclosing if condition ("" when the call
	// is unconditional) and CondLine its line.
	Condition string
	CondLine  int
}

// TriggerReach is what an active trigger can reach.
type TriggerReach struct {
	Trigger *metadata.ApexTrigger
	Unit    *apexUnit
	// Sites are the reachable addError calls, trigger first, then by file
	// and offset.
	Sites []*ErrorSite
	// Units are the trigger and the classes entered (trigger first).
	Units []*apexUnit
}

// Mentions returns the first place a reachable unit names an identifier
// (case-insensitive, in code only), or nil.
func (tr *TriggerReach) Mentions(ident string) (*apexUnit, int) {
	re := regexp.MustCompile(`(?i)\b` + regexp.QuoteMeta(ident) + `\b`)
	for _, u := range tr.Units {
		if loc := re.FindStringIndex(u.clean); loc != nil {
			return u, loc[0]
		}
	}
	return nil, -1
}

const triggerReachKey = "apex.triggers"

// triggerReaches analyses every active trigger with source on an object
// the integration writes (built once).
func triggerReaches(p *Pass) []*TriggerReach {
	return p.Shared.Get(triggerReachKey, func() any {
		ix := apexClasses(p)
		var out []*TriggerReach
		for _, t := range p.Org.Triggers {
			if !t.Active || t.Hidden || t.Source == "" || !writes(p.Sync.Object(t.Object)) {
				continue
			}
			tr := reachTrigger(ix, t)
			// Drop calls on records of another object (a handler shared
			// with other triggers: "for (Account a : accs) a.addError").
			kept := tr.Sites[:0]
			for _, s := range tr.Sites {
				if typ := receiverType(s); typ != "" && !strings.EqualFold(typ, t.Object) && LookupObject(p.Org, typ) != nil {
					continue
				}
				kept = append(kept, s)
			}
			tr.Sites = kept
			out = append(out, tr)
		}
		sort.Slice(out, func(i, j int) bool { return out[i].Trigger.Name < out[j].Trigger.Name })
		return out
	}).([]*TriggerReach)
}

type methodRef struct {
	unit *apexUnit
	m    int
}

func reachTrigger(ix *apexIndex, t *metadata.ApexTrigger) *TriggerReach {
	tu := newApexUnit(t.Name, t.Pos, t.Source)
	tr := &TriggerReach{Trigger: t, Unit: tu, Units: []*apexUnit{tu}}
	// Bodies to scan: the whole trigger, then reachable methods.
	type body struct {
		unit       *apexUnit
		start, end int
		depth      int
	}
	queue := []body{{tu, 0, len(tu.clean), 0}}
	entered := map[string]int{} // class → depth
	called := map[string]bool{} // method names called anywhere reachable
	reached := map[methodRef]bool{}
	var enteredOrder []*apexUnit
	for len(queue) > 0 {
		b := queue[0]
		queue = queue[1:]
		text := b.unit.clean[b.start:b.end]
		newCalls := false
		scanIdents(text, func(id string, call bool) {
			k := strings.ToLower(id)
			if call && !apexKeywords[k] && !called[k] {
				called[k] = true
				newCalls = true
			}
			if b.depth >= maxApexDepth || !ix.has(k) || k == strings.ToLower(b.unit.Name) && b.unit != tu {
				return
			}
			if _, ok := entered[k]; ok {
				return
			}
			entered[k] = b.depth + 1
			enteredOrder = append(enteredOrder, ix.class(k))
			newCalls = true
		})
		if b.unit != tu {
			// Calls to the unit's own methods need no class name.
			if _, ok := entered[strings.ToLower(b.unit.Name)]; !ok {
				entered[strings.ToLower(b.unit.Name)] = b.depth
				enteredOrder = append(enteredOrder, b.unit)
			}
		}
		if !newCalls && len(queue) > 0 {
			continue
		}
		// Add every method of an entered class (or of its base classes)
		// whose name is called.
		for _, u := range enteredOrder {
			d := entered[strings.ToLower(u.Name)]
			for cu, hops := u, 0; cu != nil && hops < 4; hops++ {
				for mi, m := range cu.methods {
					if !called[strings.ToLower(m.Name)] {
						continue
					}
					ref := methodRef{cu, mi}
					if reached[ref] {
						continue
					}
					reached[ref] = true
					queue = append(queue, body{cu, m.Start, m.End, d})
				}
				if cu.extends == "" {
					break
				}
				cu = ix.class(cu.extends)
			}
		}
	}
	// Collect addError sites in the trigger and reached methods.
	tr.Sites = append(tr.Sites, errorSites(tu, 0, len(tu.clean), "")...)
	refs := make([]methodRef, 0, len(reached))
	for r := range reached {
		refs = append(refs, r)
	}
	sort.Slice(refs, func(i, j int) bool {
		if refs[i].unit.Name != refs[j].unit.Name {
			return refs[i].unit.Name < refs[j].unit.Name
		}
		return refs[i].unit.methods[refs[i].m].Start < refs[j].unit.methods[refs[j].m].Start
	})
	seenUnit := map[*apexUnit]bool{tu: true}
	for _, r := range refs {
		m := r.unit.methods[r.m]
		tr.Sites = append(tr.Sites, errorSites(r.unit, m.Start, m.End, r.unit.Name)...)
		if !seenUnit[r.unit] {
			seenUnit[r.unit] = true
			tr.Units = append(tr.Units, r.unit)
		}
	}
	return tr
}

// errorSites finds the addError calls in a body.
func errorSites(u *apexUnit, start, end int, class string) []*ErrorSite {
	var out []*ErrorSite
	if !containsFoldASCII(u.clean[start:end], "adderror") {
		return nil
	}
	for _, loc := range addErrorPattern.FindAllStringIndex(u.clean[start:end], -1) {
		dot := start + loc[0]
		paren := start + loc[1] - 1
		s := &ErrorSite{Unit: u, Class: class, Offset: dot, Line: u.line(dot)}
		rs := receiverStart(u.clean, dot)
		s.Receiver = strings.Join(strings.Fields(u.src[rs:dot]), "")
		if parts := strings.Split(s.Receiver, "."); len(parts) >= 2 {
			last := parts[len(parts)-1]
			if !strings.ContainsAny(last, "[]()") && !strings.EqualFold(last, "new") {
				s.Field = last
			}
		}
		if close := matchForward(u.clean, paren, '(', ')'); close > paren {
			s.Message = compactSpace(u.src[paren+1 : close])
		}
		s.Condition, s.CondLine = enclosingCondition(u, rs)
		out = append(out, s)
	}
	return out
}

// receiverStart walks back over the receiver expression of a call at dot
// (identifiers, dots, and balanced brackets and parentheses).
func receiverStart(s string, dot int) int {
	i := dot - 1
	for i >= 0 {
		c := s[i]
		switch {
		case isIdentByte(c) || c == '.':
			i--
		case c == ']':
			i = matchBack(s, i, '[', ']') - 1
		case c == ')':
			i = matchBack(s, i, '(', ')') - 1
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			j := skipSpaceBack(s, i)
			if j >= 0 && (s[j] == '.' || (i+1 < len(s) && s[i+1] == '.')) {
				i = j
				continue
			}
			return i + 1
		default:
			return i + 1
		}
		if i < -1 {
			return 0
		}
	}
	return 0
}

// enclosingCondition finds the innermost if around the statement starting
// at pos, looking through loops and blocks, up to a few levels.
func enclosingCondition(u *apexUnit, pos int) (string, int) {
	s := u.clean
	for level := 0; level < 8 && pos > 0; level++ {
		j := skipSpaceBack(s, pos-1)
		if j < 0 {
			return "", 0
		}
		switch {
		case s[j] == ')':
			// if (…) stmt; for (…) stmt; or if (…) { … }
			open := matchBack(s, j, '(', ')')
			if open < 0 {
				return "", 0
			}
			kw := wordBefore(s, open)
			switch strings.ToLower(kw) {
			case "if":
				return compactSpace(u.src[open+1 : j]), u.line(open)
			case "for", "while", "catch":
				pos = open - len(kw)
				pos = statementStart(s, pos)
				continue
			}
			return "", 0
		case s[j] == '{':
			// The block opener: look at what precedes it.
			pos = j
			k := skipSpaceBack(s, j-1)
			if k >= 0 && s[k] == ')' {
				continue
			}
			if k >= 3 && strings.EqualFold(s[k-3:k+1], "else") {
				pos = k - 3
				// Skip the closed if-branch to reach the if itself.
				b := skipSpaceBack(s, pos-1)
				if b >= 0 && s[b] == '}' {
					ob := matchBack(s, b, '{', '}')
					if ob < 0 {
						return "", 0
					}
					cond, line := enclosingConditionAtBlock(u, ob)
					if cond != "" {
						return "NOT (" + cond + ")", line
					}
				}
				return "", 0
			}
			return "", 0
		default:
			// Inside a block: jump to the enclosing '{'.
			ob := enclosingBrace(s, j)
			if ob < 0 {
				return "", 0
			}
			pos = ob + 1
		}
	}
	return "", 0
}

// enclosingConditionAtBlock returns the if condition of the block opened
// at ob.
func enclosingConditionAtBlock(u *apexUnit, ob int) (string, int) {
	s := u.clean
	k := skipSpaceBack(s, ob-1)
	if k < 0 || s[k] != ')' {
		return "", 0
	}
	open := matchBack(s, k, '(', ')')
	if open < 0 || !strings.EqualFold(wordBefore(s, open), "if") {
		return "", 0
	}
	return compactSpace(u.src[open+1 : k]), u.line(open)
}

// statementStart returns the start of the statement holding pos.
func statementStart(s string, pos int) int {
	for i := pos - 1; i >= 0; i-- {
		switch s[i] {
		case ';', '{', '}':
			return i + 1
		}
	}
	return 0
}

// enclosingBrace returns the unmatched '{' before i.
func enclosingBrace(s string, i int) int {
	depth := 0
	for ; i >= 0; i-- {
		switch s[i] {
		case '}':
			depth++
		case '{':
			if depth == 0 {
				return i
			}
			depth--
		}
	}
	return -1
}

func wordBefore(s string, i int) string {
	k := skipSpaceBack(s, i-1)
	end := k + 1
	for k >= 0 && isIdentByte(s[k]) {
		k--
	}
	return s[k+1 : end]
}

func compactSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// triggerFires reports whether a trigger runs on integration writes of
// the object: an insert event for objects the integration creates, an
// update event for objects it updates.
func triggerFires(t *metadata.ApexTrigger, so *SyncedObject) bool {
	for _, e := range t.Events {
		e = strings.ToLower(e)
		if strings.HasSuffix(e, "insert") && so.Creates || strings.HasSuffix(e, "update") && so.Updates {
			return true
		}
	}
	return false
}

// triggerEventsText renders a trigger's events.
func triggerEventsText(t *metadata.ApexTrigger) string { return strings.Join(t.Events, ", ") }

// apexFieldRefs returns the fields of object written by the integration
// that the text references as x.Field (case-insensitive), in order.
func apexFieldRefs(text string, so *SyncedObject) []*Target {
	var out []*Target
	seen := map[*Target]bool{}
	for _, m := range regexp.MustCompile(`\.\s*([A-Za-z_][A-Za-z0-9_]*)`).FindAllStringSubmatch(text, -1) {
		for _, t := range so.Targets {
			if strings.EqualFold(t.Ref.Field, m[1]) && !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	return out
}

// receiverType returns the declared type of the variable an addError is
// called on ("Lead" for l.Email.addError after "for (Lead l : leads)"),
// looking back from the call for "Type name" followed by ':', '=', ';',
// ',' or ')'; "" when not found or generic.
func receiverType(s *ErrorSite) string {
	base := s.Receiver
	if i := strings.IndexAny(base, ".[("); i >= 0 {
		base = base[:i]
	}
	if base == "" || !isIdentByte(base[0]) || strings.EqualFold(base, "trigger") {
		return ""
	}
	re, err := regexp.Compile(`\b([A-Za-z_][A-Za-z0-9_]*)\s+` + regexp.QuoteMeta(base) + `\s*[:=;,)]`)
	if err != nil {
		return ""
	}
	text := s.Unit.clean[:s.Offset]
	locs := re.FindAllStringSubmatchIndex(text, -1)
	if len(locs) == 0 {
		return ""
	}
	last := locs[len(locs)-1]
	typ := text[last[2]:last[3]]
	if apexKeywords[strings.ToLower(typ)] || strings.EqualFold(typ, "return") {
		return ""
	}
	return typ
}

// containsFoldASCII reports whether s contains the lower-case ASCII word
// w in any letter case, without allocating.
func containsFoldASCII(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		j := 0
		for ; j < len(w); j++ {
			c := s[i+j]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != w[j] {
				break
			}
		}
		if j == len(w) {
			return true
		}
	}
	return false
}
