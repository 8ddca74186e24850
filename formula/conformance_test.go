package formula

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"text/tabwriter"
	"time"
)

// The conformance test runs every row of Salesforce's formula-engine gold
// files (shared/conformance/formula-engine/cases.json, BSD-3-Clause, see its
// README) through Compile/Eval, for both blank-field settings.

const conformancePath = "../../shared/conformance/formula-engine/cases.json"

type confCase struct {
	ID            string                      `json:"id"`
	Formula       string                      `json:"formula"`
	ReturnType    string                      `json:"returnType"`
	Fields        map[string]string           `json:"fields"`
	FormulaFields map[string]confFormulaField `json:"formulaFields"`
	Rows          []confRow                   `json:"rows"`
}

type confFormulaField struct {
	Formula    string `json:"formula"`
	ReturnType string `json:"returnType"`
}

type confRow struct {
	Inputs       map[string]any `json:"inputs"`
	BlankAsZero  any            `json:"blankAsZero"`
	BlankAsBlank any            `json:"blankAsBlank"`
}

func loadConformance(t testing.TB) []confCase {
	data, err := os.ReadFile(conformancePath)
	if err != nil {
		t.Skipf("conformance data not available (%v): run with the shared/ folder beside the repository", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var cases []confCase
	if err := dec.Decode(&cases); err != nil {
		t.Fatalf("decode %s: %v", conformancePath, err)
	}
	return cases
}

func confFieldInfo(name, typ string) FieldInfo {
	fi := FieldInfo{Name: name, Custom: true, Kind: typ}
	switch typ {
	case "number", "currency":
		fi.Type = TypeNumber
	case "percent":
		fi.Type, fi.Kind = TypeNumber, "Percent"
	case "checkbox":
		fi.Type = TypeBoolean
	case "date":
		fi.Type = TypeDate
	case "datetime":
		fi.Type = TypeDateTime
	case "time":
		fi.Type = TypeTime
	default:
		fi.Type = TypeText
	}
	return fi
}

func confValue(typ string, v any) (Value, error) {
	if v == nil {
		return Null(), nil
	}
	switch typ {
	case "number", "currency", "percent":
		f, err := v.(json.Number).Float64()
		return Number(f), err
	case "checkbox":
		return Bool(v.(bool)), nil
	case "date":
		t, err := time.Parse("2006-01-02", v.(string))
		return Value{Kind: KindDate, Time: t}, err
	case "datetime":
		t, err := time.Parse(time.RFC3339, v.(string))
		return DateTime(t), err
	}
	return Text(v.(string)), nil
}

var funcNameRE = regexp.MustCompile(`([A-Za-z][A-Za-z0-9]*)\s*\(`)

// functionsOf lists the functions a case calls (upper-case), or "(operators)".
func functionsOf(c confCase) []string {
	seen := map[string]bool{}
	srcs := []string{c.Formula}
	for _, ff := range c.FormulaFields {
		srcs = append(srcs, ff.Formula)
	}
	for _, s := range srcs {
		for _, m := range funcNameRE.FindAllStringSubmatch(s, -1) {
			seen[strings.ToUpper(m[1])] = true
		}
	}
	var out []string
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	if len(out) == 0 {
		out = []string{"(operators)"}
	}
	return out
}

// conformanceAllowlist lists the cases (id) or rows (id/row, 1-based) whose
// expected value this package does not reproduce, with the reason. Each
// entry must still fail; a passing entry is reported as stale.
var conformanceAllowlist = map[string]string{
	"testCeilUsesPlus#1/25":   "1000 + 1e-15 (a 1e-13 % percent) needs 19 significant digits; a float64 holds 15–17, so CEILING sees 1000",
	"testFloorUsesMinus#1/25": "1e-15 − 1000 needs 19 significant digits; a float64 holds 15–17, so FLOOR sees -1000",
	"testExpUsesMOD#1/11":     "input -123456789.123456789 has 18 significant digits; a float64 holds 17",
	"testModUsesExpCeil#1/8":  "Go's math.Exp(30) = 1.068647458152446e13 differs from Java's Math.exp (…463e13) in the last binary digit, which MOD(…, 5) exposes",
	"testModUsesExpCeil#1/10": "Go's math.Exp(30) = 1.068647458152446e13 differs from Java's Math.exp (…463e13) in the last binary digit, which MOD(…, 5) exposes",
	"testDistance#1":          "GEOLOCATION/DISTANCE: geolocation values are not supported (no validation rule in the corpora uses them)",
	"testFormatCurrency#1":    "FORMATCURRENCY depends on the org's currency and locale settings (display function)",
	"testJsonValue#1":         "JSONVALUE is not available in validation rules",
	"testJsonPathValue#1":     "JSONPATHVALUE is not available in validation rules",
	"testLike#1":              "LIKE is an extension of the open-source engine, not a Salesforce formula function",
	"testSubstr2#1":           "SUBSTR is an extension of the open-source engine, not a Salesforce formula function (Salesforce has MID)",
	"testSubstr3#1":           "SUBSTR is an extension of the open-source engine, not a Salesforce formula function (Salesforce has MID)",
}

// confAllowed returns the reason a row may fail, if any.
func confAllowed(id string, row int, column string) (string, bool) {
	for _, k := range []string{id + "/" + strconv.Itoa(row) + "/" + column, id + "/" + strconv.Itoa(row), id + "/" + column, id} {
		if r, ok := conformanceAllowlist[k]; ok {
			return r, true
		}
	}
	for prefix, r := range conformanceFunctionAllowlist {
		if strings.HasPrefix(strings.ToUpper(id), "TEST"+prefix) {
			return r, true
		}
	}
	return "", false
}

// conformanceFunctionAllowlist lists whole families of cases (by the
// upper-cased prefix of the id after "test") outside what validation rules
// can evaluate.
var conformanceFunctionAllowlist = map[string]string{
	"IN2": "IN is an extension of the open-source engine, not a Salesforce formula function (absent from Salesforce's function list)",
}

type confOutcome struct {
	pass, fail, allowed int
}

func TestConformance(t *testing.T) {
	cases := loadConformance(t)
	perFunc := map[string]*confOutcome{}
	total := map[string]*confOutcome{"blankAsBlank": {}, "blankAsZero": {}}
	stale := map[string]bool{}
	allowedHit := map[string]bool{}
	for _, c := range cases {
		for _, column := range []string{"blankAsBlank", "blankAsZero"} {
			fails := runConfCase(t, c, column == "blankAsZero")
			for i := range c.Rows {
				key := c.ID + "/" + strconv.Itoa(i+1)
				msg, failed := fails[i]
				reason, allowed := confAllowed(c.ID, i+1, column)
				o := total[column]
				var fo []*confOutcome
				if column == "blankAsBlank" {
					for _, fn := range functionsOf(c) {
						if perFunc[fn] == nil {
							perFunc[fn] = &confOutcome{}
						}
						fo = append(fo, perFunc[fn])
					}
				}
				switch {
				case failed && allowed:
					o.allowed++
					allowedHit[reason] = true
					for _, f := range fo {
						f.allowed++
					}
				case failed:
					o.fail++
					for _, f := range fo {
						f.fail++
					}
					t.Errorf("%s %s: %s\n  formula: %s", key, column, msg, c.Formula)
				default:
					o.pass++
					for _, f := range fo {
						f.pass++
					}
					if allowed && !strings.HasPrefix(reason, "~") {
						stale[c.ID+" ("+column+"): "+reason] = true
					}
				}
			}
		}
	}
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 0, 1, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "function\tpass\tallowlisted\tfail\tpass rate\t")
	var names []string
	for k := range perFunc {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, n := range names {
		o := perFunc[n]
		all := o.pass + o.fail + o.allowed
		fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%.1f%%\t\n", n, o.pass, o.allowed, o.fail, 100*float64(o.pass)/float64(all))
	}
	w.Flush()
	t.Logf("conformance per function (blankAsBlank column):\n%s", b.String())
	for col, o := range total {
		all := o.pass + o.fail + o.allowed
		t.Logf("%s: %d rows, %d pass (%.1f%%), %d allowlisted, %d fail", col, all, o.pass, 100*float64(o.pass)/float64(all), o.allowed, o.fail)
	}
	for s := range stale {
		t.Logf("allowlist entry passes now for some rows: %s", s)
	}
}

// runConfCase evaluates every row of a case; it returns the failing rows
// (0-based) with a message.
func runConfCase(t *testing.T, c confCase, blankAsZero bool) map[int]string {
	fails := map[int]string{}
	failAll := func(msg string) map[int]string {
		for i := range c.Rows {
			fails[i] = msg
		}
		return fails
	}
	schema := &StaticSchema{Objects: map[string]map[string]FieldInfo{"Test__c": {}}}
	for name, typ := range c.Fields {
		schema.Objects["Test__c"][name] = confFieldInfo(name, typ)
	}
	type ffProg struct {
		name string
		p    *Program
	}
	var ffs []ffProg
	var ffNames []string
	for name := range c.FormulaFields {
		ffNames = append(ffNames, name)
	}
	sort.Strings(ffNames)
	for _, name := range ffNames {
		ff := c.FormulaFields[name]
		fi := confFieldInfo(name, ff.ReturnType)
		fi.Kind = "" // a formula field's value is already a fraction
		schema.Objects["Test__c"][name] = fi
	}
	// Formula fields may reference each other: compile after declaring all.
	for _, name := range ffNames {
		p, err := Compile(c.FormulaFields[name].Formula, Options{Object: "Test__c", Schema: schema, BlankAsZero: blankAsZero})
		if err != nil {
			return failAll(fmt.Sprintf("formula field %s: %v", name, err))
		}
		ffs = append(ffs, ffProg{name, p})
	}
	p, err := Compile(c.Formula, Options{Object: "Test__c", Schema: schema, BlankAsZero: blankAsZero})
	if err != nil {
		return failAll(fmt.Sprintf("compile: %v", err))
	}
	now := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	for i, row := range c.Rows {
		rec := map[string]Value{}
		bad := false
		for name, raw := range row.Inputs {
			v, err := confValue(c.Fields[name], raw)
			if err != nil {
				fails[i] = fmt.Sprintf("input %s: %v", name, err)
				bad = true
			}
			rec[name] = v
		}
		if bad {
			continue
		}
		in := &Input{Record: rec, Now: now}
		for _, ff := range ffs {
			v, err := ff.p.Eval(in)
			if err != nil {
				v = Null()
			}
			if ff.p.Type == TypeBoolean && v.IsNull() {
				v = Bool(false)
			}
			rec[ff.name] = v
		}
		got, err := p.Eval(in)
		want := row.BlankAsBlank
		if blankAsZero {
			want = row.BlankAsZero
		}
		if msg := confCompare(c.ReturnType, want, got, err); msg != "" {
			fails[i] = msg
		}
	}
	return fails
}

func confCompare(returnType string, want any, got Value, err error) string {
	if m, ok := want.(map[string]any); ok {
		if err != nil {
			return ""
		}
		return fmt.Sprintf("want error %v, got %v", m["error"], describe(got))
	}
	if err != nil {
		return fmt.Sprintf("want %v, got error %v", want, err)
	}
	if want == nil {
		if got.IsNull() {
			return ""
		}
		return fmt.Sprintf("want null, got %s", describe(got))
	}
	switch returnType {
	case "checkbox":
		wb := want.(bool)
		gb := got.Kind == KindBool && got.Bool
		if wb == gb {
			return ""
		}
	case "number", "currency", "percent":
		wf, _ := want.(json.Number).Float64()
		if got.Kind != KindNumber {
			break
		}
		g := got.Num
		if returnType == "percent" {
			g *= 100
		}
		if math.Abs(g-wf) <= 1e-9*math.Max(1, math.Abs(wf)) {
			return ""
		}
	case "text":
		if got.Kind != KindNull && got.String() == want.(string) {
			return ""
		}
	case "date":
		if (got.Kind == KindDate || got.Kind == KindDateTime) && got.Time.Format("2006-01-02") == want.(string) {
			return ""
		}
	case "datetime":
		if got.Kind == KindDateTime && got.Time.UTC().Truncate(time.Second).Format(time.RFC3339) == want.(string) {
			return ""
		}
		if got.Kind == KindDate && got.Time.Format("2006-01-02")+"T00:00:00Z" == want.(string) {
			return ""
		}
	case "time":
		if got.Kind == KindTime && got.String() == want.(string) {
			return ""
		}
	}
	return fmt.Sprintf("want %v, got %s", want, describe(got))
}

func describe(v Value) string {
	if v.IsNull() {
		return "null"
	}
	return fmt.Sprintf("%s %q", v.Kind, v.String())
}
