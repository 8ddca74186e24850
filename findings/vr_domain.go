package findings

import (
	"regexp/syntax"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/synclint/synclint/formula"
	"github.com/synclint/synclint/hubspotschema"
	"github.com/synclint/synclint/metadata"
)

// Candidate values for the reachability search (vr_engine.go): the values
// a field can hold in an integration write.
//
//   - A field HubSpot writes takes the values of the HubSpot property's
//     domain (options, pipeline stage labels, owners: PropertyDomain),
//     converted the way the integration converts them (ConvertValue), plus
//     blank unless HubSpot always sets the property; a free-form property
//     takes typed boundary values and the constants the formula compares the
//     field with (formula.Comparison.Witnesses), within the field's length.
//   - A field's existing value (fields HubSpot does not write, prior values,
//     related records) is any value of the Salesforce field: its picklist
//     values, true/false, blank, typed boundary values and the formula's
//     constants.
//   - On create, a field HubSpot does not write holds its default value
//     (custom field default, picklist default, checkbox false) or is blank:
//     Salesforce applies default values to fields a create leaves out
//     (Object Reference, "Required Fields": defaultedOnCreate fields are
//     assigned "even if a value for this field is not explicitly passed in
//     on the create call").
//
// Candidates are ordered so the search meets likely witnesses first: the
// formula's constants, then blank, then the rest of the domain.

// vrCand is one value a search slot can take.
type vrCand struct {
	V formula.Value
	// Src says where the value comes from, for the witness table.
	Src string
	// HS is true when HubSpot can send the value (on update: the field
	// changes in this write).
	HS bool
}

// candSet collects distinct candidates in insertion order.
type candSet struct {
	list []vrCand
	seen map[string]int
}

func valueKey(v formula.Value) string {
	switch v.Kind {
	case formula.KindNull:
		return "n"
	case formula.KindText:
		if v.Str == "" {
			return "n"
		}
	}
	return strconv.Itoa(int(v.Kind)) + ":" + v.String()
}

// add appends a candidate; a value already present gains the HS flag.
func (c *candSet) add(v formula.Value, src string, hs bool) {
	if c.seen == nil {
		c.seen = map[string]int{}
	}
	k := valueKey(v)
	if i, ok := c.seen[k]; ok {
		if hs && !c.list[i].HS {
			c.list[i].HS, c.list[i].Src = true, src
		}
		return
	}
	c.seen[k] = len(c.list)
	c.list = append(c.list, vrCand{V: v, Src: src, HS: hs})
}

// placeholder record Ids: a value for a lookup HubSpot fills (the record
// it resolves to) or for the integration user.
const (
	placeholderUserID   = "005000000000001AAA"
	placeholderRecordID = "001000000000001AAA"
)

// coerce converts a value to a formula type, or reports that it cannot.
func coerce(v formula.Value, t formula.Type) (formula.Value, bool) {
	if v.Kind == formula.KindNull {
		return v, true
	}
	switch t {
	case formula.TypeAny:
		return v, true
	case formula.TypeText, formula.TypePicklist, formula.TypeMultiPicklist:
		switch v.Kind {
		case formula.KindText:
			return v, true
		case formula.KindNumber, formula.KindDate, formula.KindDateTime:
			return formula.Text(v.String()), true
		case formula.KindBool:
			return formula.Text(strconv.FormatBool(v.Bool)), true
		}
	case formula.TypeNumber:
		switch v.Kind {
		case formula.KindNumber:
			return v, true
		case formula.KindText:
			if n, err := strconv.ParseFloat(strings.TrimSpace(v.Str), 64); err == nil {
				return formula.Number(n), true
			}
		}
	case formula.TypeBoolean:
		if v.Kind == formula.KindBool {
			return v, true
		}
	case formula.TypeDate:
		switch v.Kind {
		case formula.KindDate:
			return v, true
		case formula.KindDateTime:
			u := v.Time.UTC()
			return formula.Date(u.Year(), u.Month(), u.Day()), true
		case formula.KindText:
			if y, m, d, ok := ParseSalesforceDate(v.Str); ok {
				return formula.Date(y, time.Month(m), d), true
			}
		}
	case formula.TypeDateTime:
		switch v.Kind {
		case formula.KindDateTime:
			return v, true
		case formula.KindDate:
			return formula.DateTime(v.Time), true
		case formula.KindText:
			if t, ok := ParseSalesforceDateTime(v.Str); ok {
				return formula.DateTime(t), true
			}
		}
	case formula.TypeTime:
		if v.Kind == formula.KindTime {
			return v, true
		}
	}
	return formula.Value{}, false
}

// literalValues turns the formula's comparisons of a field into values of
// the field's type that sit on both sides of each comparison.
func literalValues(cmps []formula.Comparison, t formula.Type) []formula.Value {
	var out []formula.Value
	add := func(v formula.Value) {
		if c, ok := coerce(v, t); ok {
			out = append(out, c)
		}
	}
	for _, cmp := range cmps {
		v := cmp.Value
		switch cmp.Op {
		case "BEGINS", "CONTAINS":
			// The constant satisfies it; the generic values do not.
			if v.Kind == formula.KindText && v.Str != "" {
				add(v)
			}
			continue
		case "REGEX":
			if v.Kind == formula.KindText {
				if s, ok := regexSample(v.Str); ok {
					add(formula.Text(s))
				}
			}
			continue
		case "ISBLANK":
			add(formula.Null())
			continue
		}
		switch cmp.Via {
		case "YEAR":
			if v.Kind == formula.KindNumber {
				for _, y := range []float64{v.Num - 1, v.Num, v.Num + 1} {
					if y >= 1700 && y <= 4000 {
						add(formula.Date(int(y), time.June, 15))
					}
				}
			}
			continue
		case "MONTH", "DAY":
			continue
		case "ABS":
			if v.Kind == formula.KindNumber {
				add(formula.Number(-v.Num))
			}
		case "UPPER", "LOWER":
			if v.Kind == formula.KindText {
				add(formula.Text(strings.ToLower(v.Str)))
				add(formula.Text(strings.ToUpper(v.Str)))
			}
		case "VALUE":
			if v.Kind == formula.KindNumber {
				for _, n := range []float64{v.Num - 1, v.Num, v.Num + 1} {
					add(formula.Text(strconv.FormatFloat(n, 'f', -1, 64)))
				}
				continue
			}
		case "DATEVALUE":
			if v.Kind == formula.KindDate {
				add(formula.DateTime(v.Time.Add(12 * time.Hour)))
			}
		}
		for _, w := range cmp.Witnesses() {
			add(w)
		}
	}
	return out
}

// genericValues are typed boundary values for a free-form field.
func genericValues(t formula.Type, f *metadata.Field, now time.Time) []formula.Value {
	y, m, d := now.UTC().Date()
	today := formula.Date(y, m, d)
	switch t {
	case formula.TypeBoolean:
		return []formula.Value{formula.Bool(false), formula.Bool(true)}
	case formula.TypeNumber:
		return []formula.Value{formula.Number(0), formula.Number(1), formula.Number(-1), formula.Number(1000000)}
	case formula.TypeDate:
		// Today and days, a month and a year either side: rules compare
		// dates with TODAY() ± n and with each other.
		return []formula.Value{today, formula.Date(y, m, d-1), formula.Date(y, m, d+1), formula.Date(y, m, d-30),
			formula.Date(y, m, d+30), formula.Date(y-1, m, d), formula.Date(y+1, m, d)}
	case formula.TypeDateTime:
		n := now.UTC().Truncate(time.Second)
		return []formula.Value{formula.DateTime(n), formula.DateTime(n.Add(-time.Hour)), formula.DateTime(n.Add(time.Hour)),
			formula.DateTime(n.Add(-24 * time.Hour)), formula.DateTime(n.Add(24 * time.Hour)),
			formula.DateTime(n.AddDate(0, 0, -30)), formula.DateTime(n.AddDate(0, 0, 30)),
			formula.DateTime(n.AddDate(-1, 0, 0)), formula.DateTime(n.AddDate(1, 0, 0))}
	case formula.TypeTime:
		return []formula.Value{formula.TimeOfDay(9 * 3600000), formula.TimeOfDay(18 * 3600000)}
	case formula.TypePicklist, formula.TypeMultiPicklist:
		return nil
	}
	if f != nil {
		switch f.Type {
		case metadata.TypeEmail:
			return []formula.Value{formula.Text("someone@example.com")}
		case metadata.TypePhone:
			return []formula.Value{formula.Text("(617) 555-0199"), formula.Text("+16175550199")}
		case metadata.TypeURL:
			return []formula.Value{formula.Text("www.example.com"), formula.Text("https://www.example.com")}
		}
		if f.Type.IsReference() {
			return []formula.Value{formula.Text(placeholderRecordID)}
		}
	}
	return []formula.Value{formula.Text("x"), formula.Text("Example value 1")}
}

// fitsField drops text longer than the field allows (the write would fail
// with STRING_TOO_LONG before any validation rule runs).
func fitsField(v formula.Value, f *metadata.Field) bool {
	if f == nil || v.Kind != formula.KindText {
		return true
	}
	if n := f.EffectiveLength(); n > 0 && f.Type != metadata.TypePicklist && SalesforceLength(v.Str) > n {
		return false
	}
	return true
}

// picklistValues returns the active values of a picklist field.
func picklistValues(org *metadata.Org, f *metadata.Field) []string {
	if f == nil || !f.Type.IsPicklist() {
		return nil
	}
	src := ResolvePicklist(org, f)
	var out []string
	for _, v := range src.Values {
		if v.Active {
			out = append(out, v.FullName)
		}
	}
	return out
}

// existingCands are the values a field may already hold in Salesforce.
func existingCands(org *metadata.Org, f *metadata.Field, fi formula.FieldInfo, cmps []formula.Comparison, now time.Time, src string) []vrCand {
	t := fi.Type
	var c candSet
	for _, v := range literalValues(cmps, t) {
		if fitsField(v, f) {
			c.add(v, src, false)
		}
	}
	if t != formula.TypeBoolean {
		c.add(formula.Null(), src, false)
	}
	vals := picklistValues(org, f)
	if len(vals) == 0 {
		vals = fi.Values
	}
	for _, v := range vals {
		c.add(formula.Text(v), src, false)
	}
	if t == formula.TypeMultiPicklist && len(vals) > 1 {
		c.add(formula.Text(strings.Join(vals, ";")), src, false)
	}
	for _, v := range genericValues(t, f, now) {
		c.add(v, src, false)
	}
	return c.list
}

// hubspotValue converts a raw HubSpot value for the target's field: a
// stage id becomes its label, an owner id the Salesforce user it is linked
// to (a placeholder user Id when unknown), everything else goes through
// ConvertValue. ok is false when Salesforce rejects the value before any
// validation rule runs (PV01, PV03 report those).
func hubspotValue(hs *hubspotschema.Export, t *Target, raw string, ft formula.Type) (formula.Value, bool) {
	if strings.TrimSpace(raw) == "" {
		if t.Field != nil && t.Field.Type == metadata.TypeCheckbox {
			return formula.Bool(false), true
		}
		return formula.Null(), true
	}
	prop := t.Property
	if prop != nil && isStageProperty(prop) {
		if _, st := hs.Stage(prop.ObjectType, raw); st != nil {
			return coerce(formula.Text(st.Label), ft)
		}
		return coerce(formula.Text(raw), ft)
	}
	if prop != nil && isOwnerProperty(prop) {
		for _, o := range hs.Owners {
			if o.ID == raw && o.SalesforceID != "" {
				return formula.Text(o.SalesforceID), true
			}
		}
		return formula.Text(placeholderUserID), true
	}
	if t.Field == nil {
		return coerce(formula.Text(raw), ft)
	}
	cv, err := ConvertValue(prop, t.Field, raw)
	if err != nil {
		return formula.Value{}, false
	}
	var v formula.Value
	switch cv.Kind {
	case KindBlank:
		v = formula.Null()
	case KindNumber:
		v = formula.Number(cv.Number)
	case KindDate:
		v = formula.Value{Kind: formula.KindDate, Time: cv.Time}
	case KindDateTime:
		v = formula.DateTime(cv.Time)
	case KindBoolean:
		v = formula.Bool(cv.Bool)
	default:
		v = formula.Text(cv.Text)
	}
	return coerce(v, ft)
}

// hubspotCands are the values HubSpot can write into a field through its
// writing targets (and association mappings, which fill a lookup with the
// associated record or leave it blank).
func hubspotCands(hs *hubspotschema.Export, w *vrWritten, fi formula.FieldInfo, cmps []formula.Comparison, now time.Time) []vrCand {
	t := fi.Type
	var c candSet
	lits := literalValues(cmps, t)
	canBlank := len(w.assocs) > 0
	for _, tg := range w.targets {
		src := tg.Mapping.HubSpot.String()
		if !PropertyAlwaysSet(hs, tg.Mapping.HubSpot) {
			canBlank = true
		}
		domain, finite := PropertyDomain(hs, tg.Property)
		if tg.Property != nil && tg.Property.IsBoolean() {
			domain, finite = []DomainValue{{Value: "true"}, {Value: "false"}}, true
		}
		if finite {
			var conv []formula.Value
			for _, d := range domain {
				if v, ok := hubspotValue(hs, tg, d.Value, t); ok {
					conv = append(conv, v)
				}
			}
			// Constants the formula names first.
			for _, l := range lits {
				for _, v := range conv {
					if valueKey(v) == valueKey(l) {
						c.add(v, src, true)
					}
				}
			}
			for _, v := range conv {
				c.add(v, src, true)
			}
			if tg.Property != nil && tg.Property.IsMultiValue() && len(domain) > 1 {
				var all []string
				for _, d := range domain {
					all = append(all, d.Value)
				}
				if v, ok := hubspotValue(hs, tg, strings.Join(all, ";"), t); ok {
					c.add(v, src, true)
				}
			}
			continue
		}
		// Free-form: what the property's type can hold, the formula's
		// constants and boundary values, as long as Salesforce accepts them.
		for _, v := range append(lits, genericValues(t, tg.Field, now)...) {
			if v.Kind == formula.KindNull || !fitsField(v, tg.Field) || !hubspotCanHold(tg.Property, v) {
				continue
			}
			c.add(v, src, true)
		}
	}
	for _, a := range w.assocs {
		c.add(formula.Text(placeholderRecordID), "association "+a.Mapping.String(), true)
	}
	if canBlank && t != formula.TypeBoolean {
		src := "blank in HubSpot"
		if len(w.targets) > 0 {
			src = w.targets[0].Mapping.HubSpot.String() + " (blank)"
		} else if len(w.assocs) > 0 {
			src = "no " + w.assocs[0].Mapping.To + " association"
		}
		c.add(formula.Null(), src, true)
	}
	return c.list
}

// hubspotCanHold reports whether a free-form HubSpot property can produce
// a value of this kind.
func hubspotCanHold(p *hubspotschema.Property, v formula.Value) bool {
	if p == nil {
		return true
	}
	switch kindOf(p) {
	case hsNumber:
		if v.Kind == formula.KindText {
			_, err := strconv.ParseFloat(v.Str, 64)
			return err == nil
		}
		return v.Kind == formula.KindNumber
	case hsDate, hsDateTime:
		return v.Kind == formula.KindDate || v.Kind == formula.KindDateTime || v.Kind == formula.KindText
	case hsBool:
		return v.Kind == formula.KindBool
	}
	return true
}

// createValue is the value a field HubSpot does not write holds right
// after a create: its default value, or blank. known is false when the
// default is a formula synclint cannot evaluate.
func createValue(org *metadata.Org, f *metadata.Field, t formula.Type, now time.Time, user *vrUser) (v formula.Value, src string, known bool) {
	if f == nil {
		if t == formula.TypeBoolean {
			return formula.Bool(false), "unchecked (not written)", true
		}
		return formula.Null(), "blank (not written)", true
	}
	if f.IsCalculated() {
		return formula.Null(), "calculated", false
	}
	switch strings.ToLower(f.Name) {
	case "ownerid":
		// The creating user owns a record unless the write sets an owner.
		return formula.Text(placeholderUserID), "the integration user (default owner)", true
	case "createdbyid", "lastmodifiedbyid":
		return formula.Text(placeholderUserID), "the integration user", true
	}
	if def := strings.TrimSpace(f.DefaultValue); def != "" {
		if dv, ok := evalDefault(def, t, now, user); ok {
			return dv, "default value " + def, true
		}
		return formula.Null(), "default value " + def + " (not evaluated)", false
	}
	if f.Type.IsPicklist() {
		src := ResolvePicklist(org, f)
		for _, pv := range src.Values {
			if pv.Default && pv.Active {
				return formula.Text(pv.FullName), "picklist default " + strconv.Quote(pv.FullName), true
			}
		}
	}
	if t == formula.TypeBoolean {
		return formula.Bool(false), "unchecked (not written)", true
	}
	return formula.Null(), "blank (not written)", true
}

// evalDefault evaluates a default-value formula ("US", TRUE, TODAY() + 7).
func evalDefault(src string, t formula.Type, now time.Time, user *vrUser) (formula.Value, bool) {
	p, err := formula.Compile(src, formula.Options{})
	if err != nil {
		return formula.Value{}, false
	}
	in := &formula.Input{Now: now, Mode: formula.ModeCreate, Globals: map[string]formula.Value{}}
	if user != nil && user.Username != "" {
		in.Globals["$User.Username"] = formula.Text(user.Username)
	}
	if len(p.Fields()) > 0 {
		return formula.Value{}, false // a default reading fields is not constant
	}
	v, err := p.Eval(in)
	if err != nil {
		return formula.Value{}, false
	}
	return coerce(v, t)
}

// regexSample builds a short string the pattern matches in full, for the
// common shapes of validation-rule patterns (literals, classes,
// repetitions, groups, alternatives). Look-arounds and back-references
// are beyond Go's syntax package: no sample then.
func regexSample(pattern string) (string, bool) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return "", false
	}
	var b strings.Builder
	if !sampleRegexp(re.Simplify(), &b, 0) || b.Len() > 1000 {
		return "", false
	}
	return b.String(), true
}

func sampleRegexp(re *syntax.Regexp, b *strings.Builder, depth int) bool {
	if depth > 50 {
		return false
	}
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return true
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			b.WriteRune(r)
		}
		return true
	case syntax.OpCharClass:
		if len(re.Rune) < 2 {
			return false
		}
		b.WriteRune(pickRune(re.Rune))
		return true
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		b.WriteByte('a')
		return true
	case syntax.OpCapture:
		return sampleRegexp(re.Sub[0], b, depth+1)
	case syntax.OpStar, syntax.OpQuest:
		return true
	case syntax.OpPlus:
		return sampleRegexp(re.Sub[0], b, depth+1)
	case syntax.OpRepeat:
		for i := 0; i < re.Min; i++ {
			if !sampleRegexp(re.Sub[0], b, depth+1) {
				return false
			}
		}
		return true
	case syntax.OpConcat:
		for _, s := range re.Sub {
			if !sampleRegexp(s, b, depth+1) {
				return false
			}
		}
		return true
	case syntax.OpAlternate:
		return sampleRegexp(re.Sub[0], b, depth+1)
	}
	return false
}

// pickRune picks a readable rune from a character class (pairs of bounds).
func pickRune(ranges []rune) rune {
	for _, want := range []rune{'1', 'a', 'A'} {
		for i := 0; i+1 < len(ranges); i += 2 {
			if ranges[i] <= want && want <= ranges[i+1] {
				return want
			}
		}
	}
	for i := 0; i+1 < len(ranges); i += 2 {
		for r := ranges[i]; r <= ranges[i+1] && r-ranges[i] < 256; r++ {
			if unicode.IsPrint(r) && r != ' ' {
				return r
			}
		}
	}
	return ranges[0]
}
