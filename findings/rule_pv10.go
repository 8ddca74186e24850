package findings

import (
	"fmt"
	"sort"
	"strings"

	"github.com/synclint/synclint/hubspotschema"
	"github.com/synclint/synclint/metadata"
)

// PV10 finds dirty values in HubSpot records: placeholders, doubled spaces,
// trailing commas, case variants of picklist values, malformed emails and
// phone numbers.
var PV10 = Register(&Rule{
	ID:        "PV10",
	Name:      "dirty-data",
	Title:     "Dirty imported data",
	Category:  CategoryPropertyValue,
	Severity:  Warning,
	Precision: PrecisionMedium,
	Bucket:    BucketPropertyValues,
	Tags:      []string{"data-quality", "records", "property-value"},
	Summary:   "HubSpot records hold placeholder values, doubled spaces, trailing commas, case variants of picklist values, or malformed emails and phone numbers that the sync would copy into Salesforce.",
	Doc: `Imports and forms leave values in HubSpot that are accepted as text but are
not data: "n/a", "-", "test", "TBD", an address with two @, a phone number
spelled with letters. Synced into Salesforce they fill required fields with
junk, defeat duplicate rules and skew reports, and some trip validation rules
(PV11) or type checks (PV01). This check only works with HubSpot record
exports; statically it adds one note saying whether records were read.

For every field a HubSpot property writes (two-way or prefer-Salesforce), the
records are counted per problem:

- **placeholders**: the whole value is one of n/a, na, n.a., -, --, ., ?,
  none, null, nil, test, tbd, tba, xxx, unknown, not applicable, not provided,
  [not provided], asdf (ignoring case and surrounding spaces). "Test
  Automation Inc." is not a placeholder.
- **doubled spaces** and **trailing commas** in text fields.
- **inconsistent capitalization** against a picklist: the value matches a
  picklist value only when case is ignored ("MANUFACTURING" for
  "Manufacturing"); unrestricted picklists store it under the defined value's
  spelling ("Picklist fields are not case sensitive", help KB 000187910), so
  the HubSpot value and the Salesforce value differ from then on.
- **malformed emails** in Email fields: no @, several @, empty parts, a
  domain without a dot (help KB 000001145); character problems are PV04's.
- **malformed phone numbers** in Phone fields: letters (other than an
  extension marker such as "x" or "ext"), or fewer than 7 or more than 15
  digits (E.164 allows at most 15; Salesforce itself stores any text up to 40
  characters in a Phone field).

Findings are warnings: the values are accepted, but they are not what anyone
meant to sync.

Example: contacts.company holds "n/a", "-" and "Unknown " on four records
and "Vertex  Packaging" with a doubled space.`,
	Fix: "Clean the values in HubSpot (a workflow, or a re-import) before the sync is switched on, and validate the properties in HubSpot forms.",
	Run: runPV10,
})

// placeholders are values people type when they have nothing to type.
var placeholders = []string{
	"n/a", "na", "n.a.", "-", "--", ".", "?", "none", "null", "nil", "test", "tbd", "tba", "xxx",
	"unknown", "not applicable", "not provided", "[not provided]", "asdf",
}

// isPlaceholder reports whether v (trimmed) is a placeholder, ignoring
// case, without allocating.
func isPlaceholder(v string) bool {
	if len(v) > 24 {
		return false
	}
	v = strings.TrimSpace(v)
	if v == "" || len(v) > 16 || strings.IndexByte("nN-.?tTxXuUaA[", v[0]) < 0 {
		return false
	}
	for _, ph := range placeholders {
		if len(ph) == len(v) && strings.EqualFold(ph, v) {
			return true
		}
	}
	return false
}

// phoneProblem says why a phone number is malformed, or "".
func phoneProblem(v string) string {
	digits, letters := 0, 0
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			letters++
		}
	}
	if letters > 0 && !hasExtension(v) {
		return "letters"
	}
	main := digits
	if letters == 0 {
		// No extension marker: all digits belong to the number.
	} else if i := extensionIndex(v); i >= 0 {
		main = 0
		for j := 0; j < i; j++ {
			if v[j] >= '0' && v[j] <= '9' {
				main++
			}
		}
	}
	switch {
	case main < 7:
		return "fewer than 7 digits"
	case main > 15:
		return "more than 15 digits"
	}
	return ""
}

// extensionIndex finds an extension marker ("x", "ext", "ext.") after the
// number, or -1.
func extensionIndex(v string) int {
	l := strings.ToLower(v)
	for _, m := range []string{" ext. ", " ext ", "ext.", "ext", " x ", "x"} {
		if i := strings.LastIndex(l, m); i > 0 {
			rest := strings.TrimSpace(l[i+len(m):])
			if rest == "" {
				continue
			}
			ok := true
			for k := 0; k < len(rest); k++ {
				if rest[k] < '0' || rest[k] > '9' {
					ok = false
					break
				}
			}
			if ok {
				return i
			}
		}
	}
	return -1
}

func hasExtension(v string) bool {
	i := extensionIndex(v)
	if i < 0 {
		return false
	}
	for k := 0; k < i; k++ {
		c := v[k]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			return false
		}
	}
	return true
}

// pv10Problem indexes the problems PV10 counts.
type pv10Problem int

const (
	pv10Placeholder pv10Problem = iota
	pv10DoubleSpace
	pv10TrailingComma
	pv10Case
	pv10Email
	pv10Phone
	pv10NumProblems
)

var pv10Names = [pv10NumProblems]string{"placeholder values", "doubled spaces", "trailing commas", "capitalization differs from the picklist", "malformed email addresses", "malformed phone numbers"}

// pv10Field counts the problems of one field.
type pv10Field struct {
	t        *Target
	f        *Finding
	text     bool
	email    bool
	phone    bool
	picklist map[string]bool   // exact values
	lower    map[string]string // lower-cased value → value
	counts   [pv10NumProblems]int64
	first    [pv10NumProblems]string // first example: record id and value
}

func runPV10(p *Pass) {
	type group struct {
		obj, prop string
		fields    []*pv10Field
	}
	groups := map[string]*group{}
	var order []*group
	hubspotObjects := map[string]bool{}
	for _, t := range p.Sync.Targets {
		if t.Field == nil || t.Property == nil || t.Field.IsCalculated() {
			continue
		}
		k := kindOf(t.Property)
		if k == hsBool || k == hsDate || k == hsDateTime || k == hsOther {
			continue // HubSpot constrains these values
		}
		pf := &pv10Field{t: t}
		ft := t.Field.Type
		pf.text = ft.IsText() && k == hsText
		pf.email = ft == metadata.TypeEmail && k == hsText
		pf.phone = ft == metadata.TypePhone && k == hsText
		if ft.IsPicklist() && k == hsText {
			if src := ResolvePicklist(p.Org, t.Field); src.Known {
				pf.picklist, pf.lower = map[string]bool{}, map[string]string{}
				for _, v := range src.Values {
					if v.Active {
						pf.picklist[v.FullName] = true
						pf.lower[strings.ToLower(v.FullName)] = v.FullName
					}
				}
			}
		}
		prop := t.Mapping.HubSpot.String()
		pf.f = &Finding{
			Severity:        Warning,
			Location:        p.FieldLocation(t.Object, t.Field),
			Object:          t.Field.Object,
			Field:           t.Field.Name,
			HubSpotProperty: prop,
			Key:             prop + "#dirty",
		}
		key := t.Mapping.HubSpot.Object + "." + strings.ToLower(t.Mapping.HubSpot.Property)
		g := groups[key]
		if g == nil {
			g = &group{obj: t.Mapping.HubSpot.Object, prop: t.Mapping.HubSpot.Property}
			groups[key] = g
			order = append(order, g)
		}
		g.fields = append(g.fields, pf)
		hubspotObjects[hubspotschema.CanonicalObjectType(t.Mapping.HubSpot.Object)] = true
	}
	read := map[string]int64{}
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
				c := pv10Cache{v: v}
				for _, pf := range g.fields {
					pf.visit(r, &c)
				}
			},
			Done: func(file string, n int64) {
				read[file] = n
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
	pv10Hint(p, hubspotObjects, read)
}

func (pf *pv10Field) hit(pr pv10Problem, r *hubspotschema.Record, v string) {
	if pf.counts[pr] == 0 {
		pf.first[pr] = r.ID + " " + quote(v)
	}
	pf.counts[pr]++
}

// pv10Cache holds what the fields of one property compute from a record
// value, so that a property mapped to Lead and Contact is parsed once.
type pv10Cache struct {
	v                    string
	placeholder, checked bool
	email                EmailProblem
	emailDone            bool
	phone                string
	phoneDone            bool
}

func (c *pv10Cache) isPlaceholder() bool {
	if !c.checked {
		c.placeholder, c.checked = isPlaceholder(c.v), true
	}
	return c.placeholder
}

func (c *pv10Cache) emailProblem() EmailProblem {
	if !c.emailDone {
		c.email, c.emailDone = CheckEmail(c.v), true
	}
	return c.email
}

func (c *pv10Cache) phoneProblem() string {
	if !c.phoneDone {
		c.phone, c.phoneDone = phoneProblem(trimASCIISpace(c.v)), true
	}
	return c.phone
}

func (pf *pv10Field) visit(r *hubspotschema.Record, c *pv10Cache) {
	v := c.v
	before := pf.counts
	if c.isPlaceholder() {
		pf.hit(pv10Placeholder, r, v)
	}
	if pf.text {
		if strings.Contains(v, "  ") {
			pf.hit(pv10DoubleSpace, r, v)
		}
		if t := strings.TrimSpace(v); len(t) > 1 && t[len(t)-1] == ',' {
			pf.hit(pv10TrailingComma, r, v)
		}
	}
	if pf.picklist != nil && !pf.picklist[v] {
		if s := strings.TrimSpace(v); !pf.picklist[s] && !c.isPlaceholder() {
			if canon, ok := pf.lower[strings.ToLower(s)]; ok && canon != s {
				pf.hit(pv10Case, r, v+" (picklist: "+canon+")")
			}
		}
	}
	if pf.email {
		if pr := c.emailProblem(); pr != EmailOK && !pr.IsCharacterProblem() {
			pf.hit(pv10Email, r, v+" ("+pr.String()+")")
		}
	}
	if pf.phone && !c.isPlaceholder() {
		if why := c.phoneProblem(); why != "" {
			pf.hit(pv10Phone, r, v+" ("+why+")")
		}
	}
	if pf.counts != before {
		ensureStats(pf.f).AddExample(r.ID, v, r.Line)
	}
}

func (pf *pv10Field) done(file string, n int64) {
	f := pf.f
	rs := ensureStats(f)
	rs.File, rs.Checked = file, n
	if rs.Failing == 0 {
		return
	}
	fieldName, prop := pf.t.Field.QualifiedName(), pf.t.Mapping.HubSpot.String()
	var parts []string
	ev := Evidence{}
	for i := range pf.counts {
		if c := pf.counts[i]; c > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", pv10Names[i], c))
			ev = ev.Add(pv10Names[i], fmt.Sprintf("%d (first: record %s)", c, pf.first[i]))
		}
	}
	f.Evidence = ev
	f.Message = fmt.Sprintf("%d of %d HubSpot records hold dirty values of %s that would sync into %s: %s", rs.Failing, n, prop, fieldName, strings.Join(parts, ", "))
	f.Fix = fmt.Sprintf("Clean those values of %s in HubSpot (clear placeholders, fix spacing and spelling) before the sync writes them into %s.", prop, fieldName)
}

// pv10Hint is the static note: whether record exports were read.
func pv10Hint(p *Pass, objects map[string]bool, read map[string]int64) {
	loc := p.ConfigLocation("hubspot")
	if loc.File == "" && len(p.HubSpot.Records) > 0 {
		// No config and no project manifest: point at the first record file.
		loc = Location{File: p.HubSpot.Records[0].Pos.File, Line: 1}
	}
	var objs []string
	for o := range objects {
		objs = append(objs, o)
	}
	sort.Strings(objs)
	f := &Finding{
		Severity:  Note,
		Location:  loc,
		Component: "(static)",
		Key:       "records",
		Fix:       "Export the HubSpot records (contacts, companies, deals, …) as CSV into the export's records/ folder, or pass --records, and run without --no-records.",
	}
	p.ReportDeferredIf(f, func() bool {
		if f.File == "" || len(objs) == 0 {
			return false
		}
		if len(read) > 0 {
			var files []string
			var total int64
			for file, n := range read {
				files = append(files, fmt.Sprintf("%s (%d)", file, n))
				total += n
			}
			sort.Strings(files)
			f.Message = fmt.Sprintf("dirty-data checks read %d HubSpot records (%s); their findings are listed per field", total, strings.Join(files, ", "))
			f.Evidence = Evidence{}.Add("record files", strings.Join(files, ", "))
			f.Fix = "Nothing to do here; see the PV10 findings of each field."
			return true
		}
		if len(p.HubSpot.Records) > 0 {
			f.Message = fmt.Sprintf("the HubSpot export has record files, but they were not read (--no-records): dirty values in %s were not checked", strings.Join(objs, ", "))
		} else {
			f.Message = fmt.Sprintf("no HubSpot record exports were found: dirty values in %s (placeholders, doubled spaces, malformed emails and phones) can only be found in records", strings.Join(objs, ", "))
		}
		return true
	})
}
