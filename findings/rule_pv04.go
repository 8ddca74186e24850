package findings

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/synclint/synclint/formula"
	"github.com/synclint/synclint/hubspotschema"
	"github.com/synclint/synclint/metadata"
)

// PV04 finds characters HubSpot stores that Salesforce rejects, or keeps
// as invisible differences.
var PV04 = Register(&Rule{
	ID:        "PV04",
	Name:      "rejected-characters",
	Title:     "Characters Salesforce rejects",
	Category:  CategoryPropertyValue,
	Severity:  Error,
	Precision: PrecisionHigh,
	Bucket:    BucketPropertyValues,
	Tags:      []string{"characters", "regex", "email", "picklist", "property-value"},
	Summary:   "A Salesforce field rejects characters HubSpot allows: REGEX validation rules on a mapped field, non-ASCII or invisible characters in email addresses, invisible whitespace that turns a picklist value into another one; other unusual characters are reported as hygiene.",
	Doc: `HubSpot text properties accept any Unicode text; Salesforce is stricter in
places. Statically, synclint reports:

- **REGEX validation rules on a mapped field** (error): an active rule of an
  object the integration writes, not bypassed for the integration user, that
  calls REGEX(Field, "pattern") on a field HubSpot writes. REGEX must match the
  whole value (formula function reference: "matches an entire string"), so a
  free-text HubSpot value with other characters trips the rule, with
  FIELD_CUSTOM_VALIDATION_EXCEPTION. With records the rule is evaluated on
  each record (the other fields HubSpot writes take the record's values;
  anything else must not matter), the failing records are counted and the
  characters that differ from the usual letters and digits are shown with
  their code points and positions. A rule no record trips is lowered to a
  warning. (PV11 reports the same rules with witnesses; PV04 shows the
  characters.)

With records, every value of a mapped text, email or picklist field is
scanned for zero-width characters (U+200B–U+200D, U+2060, U+FEFF), no-break
and other Unicode spaces, smart quotes, emoji, HTML markup, control characters
and leading or trailing whitespace, and reported per field:

- **Email fields** (error): Salesforce's address validation takes letters,
  digits and a few symbols only (help KB 000001145); letters outside ASCII in
  the local part are accepted only with Email Address Internationalization
  set up (KB 000384328), and zero-width or control characters never:
  INVALID_EMAIL_ADDRESS.
- **Picklists** (error when restricted, else warning): a value that equals a
  picklist value once invisible or surrounding whitespace is removed
  ("Manufacturing" + U+00A0) is a different value: rejected by a restricted
  picklist, stored as a new inactive value otherwise.
- **Text fields** (note): accepted, but invisible characters break searches,
  duplicate matching and reports, and HTML tags show as text. Control
  characters such as U+000B are not allowed in XML 1.0, so the SOAP API may
  refuse them; through REST they are stored (not confirmed: note).

Letters outside ASCII ("Müller", "García-Núñez") are normal text and never
reported. Doubled spaces are PV10's.

Example: Contact.Phone has the rule Phone_Must_Be_E164,
NOT(REGEX(Phone, "\\+[1-9]\\d{7,14}")): "(617) 555-0199" trips it because of
"(", ")", " " and "-".`,
	Fix: "Clean the values in HubSpot (remove invisible characters, use the format the rule expects), or relax the Salesforce rule for the integration user.",
	Run: runPV04,
})

func runPV04(p *Pass) {
	for _, so := range p.Sync.Objects {
		if so.Object == nil || len(so.Targets) == 0 {
			continue
		}
		pv04Regex(p, so)
	}
	pv04Characters(p)
}

// regexUse is one REGEX(Field, "pattern") call in a validation rule.
type regexUse struct {
	rule    *metadata.ValidationRule
	prog    *formula.Program
	field   string
	pattern string
	line    int
}

func pv04Regex(p *Pass, so *SyncedObject) {
	for _, vr := range so.Object.ValidationRules {
		if !vr.Active || !strings.Contains(strings.ToUpper(vr.Formula), "REGEX") {
			continue
		}
		prog, err := compiledRule(p, vr)
		if err != nil || bypassesIntegration(p, prog) {
			continue
		}
		var uses []regexUse
		formula.Walk(prog.Checked.Root, func(n formula.Node) bool {
			call, ok := n.(*formula.Call)
			if !ok || call.Upper() != "REGEX" || len(call.Args) != 2 {
				return true
			}
			id, ok1 := unparenNode(call.Args[0]).(*formula.Ident)
			lit, ok2 := unparenNode(call.Args[1]).(*formula.StringLit)
			if !ok1 || !ok2 {
				return true
			}
			ref := prog.Checked.Ref(id)
			if ref == nil || ref.Kind != formula.RefField || ref.CrossObject {
				return true
			}
			line := vr.FormulaPos.Line
			if line > 0 {
				line += call.Start().Line - 1
			}
			uses = append(uses, regexUse{rule: vr, prog: prog, field: ref.Path, pattern: lit.Value, line: line})
			return true
		})
		for _, u := range uses {
			for _, t := range so.Targets {
				if t.Field != nil && strings.EqualFold(t.Ref.Field, u.field) {
					pv04RegexFinding(p, so, t, u)
				}
			}
		}
	}
}

func unparenNode(n formula.Node) formula.Node {
	for {
		pn, ok := n.(*formula.Paren)
		if !ok {
			return n
		}
		n = pn.X
	}
}

func pv04RegexFinding(p *Pass, so *SyncedObject, t *Target, u regexUse) {
	fieldName, prop := t.Field.QualifiedName(), t.Mapping.HubSpot.String()
	loc := locOf(u.rule.Pos)
	if u.rule.FormulaPos.File != "" {
		loc = Location{File: u.rule.FormulaPos.File, Line: u.line}
	}
	cond := strings.Join(strings.Fields(u.rule.Formula), " ")
	f := &Finding{
		Severity:        Error,
		Location:        loc,
		Object:          t.Field.Object,
		Field:           t.Field.Name,
		HubSpotProperty: prop,
		Key:             u.rule.Name + " " + prop,
		Message: fmt.Sprintf("validation rule %s requires %s to match the pattern %s, but %s accepts any text in HubSpot: values with other characters are rejected (FIELD_CUSTOM_VALIDATION_EXCEPTION)",
			u.rule.QualifiedName(), fieldName, quote(u.pattern), prop),
		Evidence: Evidence{}.
			Add("validation rule", u.rule.QualifiedName()+": "+cond).
			Add("pattern", u.pattern+" (must match the whole value)").
			Add("HubSpot property", prop+" ("+propertyTypeLabel(t.Property)+")"),
		Fix: fmt.Sprintf("Clean %s in HubSpot to the format %s expects before it syncs, or exempt the integration user from %s.", prop, u.rule.QualifiedName(), u.rule.QualifiedName()),
	}
	if u.rule.ErrorMessage != "" {
		f.Evidence = f.Evidence.Add("error message", u.rule.ErrorMessage)
	}
	e := newRuleEvaluator(p, u.prog, so, t.Mapping.HubSpot.Object)
	if e == nil {
		p.Report(*f)
		return
	}
	col := newRecordColumn(t.Mapping.HubSpot.Property)
	p.OnRecords(&RecordVisitor{
		Object: t.Mapping.HubSpot.Object,
		Visit: func(r *hubspotschema.Record) {
			fires, decided := e.fires(r)
			if !fires || !decided {
				return
			}
			addExampleOf(ensureStats(f), r.ID, r.Line, func() string {
				v, _ := col.get(r)
				return quote(v) + " " + unusualChars(v)
			})
		},
		Done: func(file string, n int64) {
			rs := ensureStats(f)
			rs.File, rs.Checked = file, n
			if rs.Failing > 0 {
				f.Message = fmt.Sprintf("%d of %d HubSpot records hold a value of %s that validation rule %s rejects: %s must match %s (FIELD_CUSTOM_VALIDATION_EXCEPTION)", rs.Failing, n, prop, u.rule.QualifiedName(), fieldName, quote(u.pattern))
				return
			}
			f.Severity = Warning
			f.Message = fmt.Sprintf("none of %d HubSpot records trips %s today, but %s accepts any text while %s must match %s", n, u.rule.QualifiedName(), prop, fieldName, quote(u.pattern))
		},
	})
	p.ReportDeferred(f)
}

// unusualChars lists the characters of v other than ASCII letters and
// digits, with code points and positions, and invisible edges
// ("'(' U+0028 at 1, ' ' U+0020 at 6").
func unusualChars(v string) string {
	var parts []string
	seen := map[rune]bool{}
	pos := 0
	n := utf8.RuneCountInString(v)
	for _, r := range v {
		pos++
		if r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') || seen[r] {
			continue
		}
		seen[r] = true
		where := fmt.Sprintf("at %d", pos)
		if isUnicodeSpace(r) && (pos == 1 || pos == n) {
			where += map[bool]string{true: " (leading)", false: " (trailing)"}[pos == 1]
		}
		if r >= 0x20 && r != 0x7f {
			parts = append(parts, fmt.Sprintf("%q U+%04X %s", r, r, where))
		} else {
			parts = append(parts, fmt.Sprintf("U+%04X %s", r, where))
		}
		if len(parts) == 4 {
			parts = append(parts, "…")
			break
		}
	}
	if len(parts) == 0 {
		return fmt.Sprintf("(%d letters and digits)", n)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// pv04FieldKind is how a field treats unusual characters.
type pv04FieldKind int

const (
	pv04Text pv04FieldKind = iota
	pv04Email
	pv04Picklist
)

// pv04Field is one field a property writes, with what PV04 counts for it.
type pv04Field struct {
	t       *Target
	kind    pv04FieldKind
	src     PicklistSource
	values  map[string]bool // picklist values, exact
	f       *Finding
	classes [numCharClasses]pv04ClassCount
	// nonASCII counts email local parts with letters outside ASCII.
	nonASCII pv04ClassCount
	rejected int64
}

type pv04ClassCount struct {
	n   int64
	id  string
	hit CharHit
}

func (c *pv04ClassCount) add(id string, h CharHit) {
	if c.n == 0 {
		c.id, c.hit = id, h
	}
	c.n++
}

// pv04Characters scans the record values of every property mapped to a
// text, email or picklist field, once per property.
func pv04Characters(p *Pass) {
	type group struct {
		obj, prop string
		fields    []*pv04Field
	}
	groups := map[string]*group{}
	var order []*group
	for _, t := range p.Sync.Targets {
		if t.Field == nil || t.Property == nil || t.Field.IsCalculated() {
			continue
		}
		k := kindOf(t.Property)
		if k != hsText && k != hsSelect && k != hsMulti {
			continue
		}
		pf := &pv04Field{t: t}
		switch {
		case t.Field.Type == metadata.TypeEmail:
			pf.kind = pv04Email
		case t.Field.Type.IsPicklist():
			pf.kind = pv04Picklist
			pf.src = ResolvePicklist(p.Org, t.Field)
			if !pf.src.Known {
				continue
			}
			pf.values = map[string]bool{}
			for _, v := range pf.src.Values {
				pf.values[v.FullName] = true
			}
		case t.Field.Type.IsText():
			pf.kind = pv04Text
		default:
			continue
		}
		key := t.Mapping.HubSpot.Object + "." + strings.ToLower(t.Mapping.HubSpot.Property)
		g := groups[key]
		if g == nil {
			g = &group{obj: t.Mapping.HubSpot.Object, prop: t.Mapping.HubSpot.Property}
			groups[key] = g
			order = append(order, g)
		}
		pf.f = pv04CharFinding(p, t)
		g.fields = append(g.fields, pf)
	}
	for _, g := range order {
		g := g
		col := newRecordColumn(g.prop)
		p.OnRecords(&RecordVisitor{
			Object: g.obj,
			Visit: func(r *hubspotschema.Record) {
				v, ok := col.get(r)
				if !ok || v == "" {
					return
				}
				scan := ScanChars(v)
				if scan.Classes == 0 && !scan.NonASCII {
					return
				}
				for _, pf := range g.fields {
					pf.visit(r, v, &scan)
				}
			},
			Done: func(file string, n int64) {
				for _, pf := range g.fields {
					pf.done(file, n)
				}
			},
		})
		for _, pf := range g.fields {
			pf := pf
			p.ReportDeferredIf(pf.f, func() bool { return pf.f.Records != nil && pf.f.Records.Failing > 0 })
		}
	}
}

func pv04CharFinding(p *Pass, t *Target) *Finding {
	prop := t.Mapping.HubSpot.String()
	return &Finding{
		Severity:        Note,
		Location:        p.FieldLocation(t.Object, t.Field),
		Object:          t.Field.Object,
		Field:           t.Field.Name,
		HubSpotProperty: prop,
		Key:             prop + "#chars",
	}
}

// pv04TextClasses are the classes reported as hygiene in text fields.
const pv04TextClasses = CharEdgeSpace | CharNoBreakSpace | CharZeroWidth | CharOtherSpace | CharSmartQuote | CharEmoji | CharHTML | CharControl

// invisibleClasses make a value differ from a picklist value without
// showing.
const invisibleClasses = CharEdgeSpace | CharNoBreakSpace | CharZeroWidth | CharOtherSpace

func (pf *pv04Field) count(scan *CharScan, classes CharClass, id string) {
	(scan.Classes & classes).Each(func(c CharClass) {
		pf.classes[c.index()].add(id, scan.Hit(c))
	})
}

func (pf *pv04Field) visit(r *hubspotschema.Record, v string, scan *CharScan) {
	switch pf.kind {
	case pv04Email:
		pr := CheckEmail(v)
		if !pr.IsCharacterProblem() {
			if scan.Classes&CharEdgeSpace != 0 {
				pf.count(scan, CharEdgeSpace, r.ID)
				addExampleOf(ensureStats(pf.f), r.ID, r.Line, func() string { return quote(v) })
			}
			return
		}
		pf.rejected++
		pf.count(scan, pv04TextClasses, r.ID)
		if h, ok := nonASCIILocal(v); ok {
			pf.nonASCII.add(r.ID, h)
		}
		addExampleOf(ensureStats(pf.f), r.ID, r.Line, func() string { return quote(v) + " " + describeScan(scan, v) })
	case pv04Picklist:
		if scan.Classes&invisibleClasses == 0 {
			return
		}
		hit := false
		check := func(part string) {
			if hit || pf.values[part] {
				return
			}
			if n := stripInvisible(part); n != part && (pf.values[n] || MatchPicklistValue(pf.src.Values, n).Kind == MatchCase) {
				hit = true
			}
		}
		if pf.t.Field.Type == metadata.TypeMultiselectPicklist {
			SplitMulti(v, check)
		} else {
			check(v)
		}
		if hit {
			pf.rejected++
			pf.count(scan, invisibleClasses, r.ID)
			addExampleOf(ensureStats(pf.f), r.ID, r.Line, func() string { return quote(v) + " " + describeScan(scan, v) })
		}
	case pv04Text:
		classes := pv04TextClasses
		if pf.t.Field.Type == metadata.TypeHTML {
			classes &^= CharHTML
		}
		if scan.Classes&classes == 0 {
			return
		}
		pf.count(scan, classes, r.ID)
		addExampleOf(ensureStats(pf.f), r.ID, r.Line, func() string { return quote(v) + " " + describeScan(scan, v) })
	}
}

func (pf *pv04Field) done(file string, n int64) {
	f := pf.f
	rs := ensureStats(f)
	rs.File, rs.Checked = file, n
	if rs.Failing == 0 {
		return
	}
	fieldName, prop := pf.t.Field.QualifiedName(), pf.t.Mapping.HubSpot.String()
	var parts []string
	if pf.nonASCII.n > 0 {
		parts = append(parts, fmt.Sprintf("letters outside ASCII in the local part: %d (%s, record %s)", pf.nonASCII.n, pf.nonASCII.hit.Describe(), pf.nonASCII.id))
	}
	for i, c := range pf.classes {
		if c.n > 0 {
			parts = append(parts, fmt.Sprintf("%s: %d (%s, record %s)", charClassNames[i], c.n, c.hit.Describe(), c.id))
		}
	}
	f.Evidence = Evidence{}.Add("characters", strings.Join(parts, "; ")).Add("field", fieldName+" ("+fieldTypeLabel(pf.t.Field)+")")
	switch pf.kind {
	case pv04Email:
		if pf.rejected > 0 {
			f.Severity = Error
			f.Message = fmt.Sprintf("%d of %d HubSpot records hold an address in %s with characters Salesforce's email validation rejects in %s (INVALID_EMAIL_ADDRESS)", pf.rejected, n, prop, fieldName)
			f.Fix = fmt.Sprintf("Correct those addresses in HubSpot (remove invisible characters; use the ASCII form of the mailbox), or set up Email Address Internationalization if %s must hold non-ASCII addresses.", fieldName)
		} else {
			f.Severity = Note
			f.Message = fmt.Sprintf("%d of %d HubSpot records hold an address in %s with spaces around it", rs.Failing, n, prop)
			f.Fix = fmt.Sprintf("Trim the spaces around those values of %s in HubSpot.", prop)
		}
	case pv04Picklist:
		if pf.src.Restricted && !pf.src.Builtin {
			f.Severity = Error
			f.Message = fmt.Sprintf("%d of %d HubSpot records hold a value of %s that is a value of %s only once invisible characters are removed: restricted picklist %s rejects it", pf.rejected, n, prop, fieldName, fieldName)
		} else {
			f.Severity = Warning
			f.Message = fmt.Sprintf("%d of %d HubSpot records hold a value of %s that is a value of %s only once invisible characters are removed: Salesforce stores it as another, inactive value", pf.rejected, n, prop, fieldName)
		}
		f.Fix = fmt.Sprintf("Remove the invisible characters (no-break or trailing spaces, zero-width characters) from those values of %s in HubSpot.", prop)
	default:
		f.Severity = Note
		f.Message = fmt.Sprintf("%d of %d HubSpot records hold characters in %s that %s stores but that break search, duplicate matching and display (%s)", rs.Failing, n, prop, fieldName, pv04ClassList(pf))
		f.Fix = fmt.Sprintf("Clean %s in HubSpot (strip HTML, invisible and control characters, normalize quotes) before it syncs to %s.", prop, fieldName)
	}
}

func pv04ClassList(pf *pv04Field) string {
	var names []string
	for i, c := range pf.classes {
		if c.n > 0 {
			names = append(names, charClassNames[i])
		}
	}
	return strings.Join(names, ", ")
}

// describeScan renders the classes found in one value with the first code
// point and position of each.
func describeScan(scan *CharScan, v string) string {
	var parts []string
	scan.Classes.Each(func(c CharClass) {
		if c == CharDoubleSpace {
			return
		}
		parts = append(parts, c.String()+" "+scan.Hit(c).Describe())
	})
	if h, ok := nonASCIILocal(v); ok && strings.Contains(v, "@") {
		parts = append(parts, "non-ASCII "+h.Describe())
	}
	if len(parts) == 0 {
		return ""
	}
	return "(" + strings.Join(parts, "; ") + ")"
}

// nonASCIILocal finds the first letter outside ASCII before the '@'.
func nonASCIILocal(v string) (CharHit, bool) {
	pos := 0
	for _, r := range v {
		pos++
		if r == '@' {
			break
		}
		if r >= utf8.RuneSelf && !isUnicodeSpace(r) && !(r >= 0x200b && r <= 0x200d) && r != 0xfeff && r != 0x2060 {
			return CharHit{Rune: r, Pos: pos}, true
		}
	}
	return CharHit{}, false
}

// stripInvisible removes surrounding whitespace of any kind and zero-width
// characters, and turns inner no-break spaces into spaces.
func stripInvisible(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 0x200b && r <= 0x200d || r == 0x2060 || r == 0xfeff || r == 0xad:
		case isUnicodeSpace(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}
