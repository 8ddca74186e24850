package formula

import (
	"strings"
	"testing"
	"time"
)

var fuzzSeeds = []string{
	`AND($User.Username <> 'integration@acme.com', ISPICKVAL(Pick__c,'Closed Lost'), ISBLANK(Txt__c), OR(ISCHANGED(Pick__c), ISNEW()), NOT(Num__c > 100000))`,
	`REGEX(Txt__c, "\\d{5}(-\\d{4})?")`, `2*3^2`, `1/0`, `CASE(Num__c, 1, "a", "b")`,
	`DATE(2011,2,29)`, `TEXT(DtTm__c) & LEFT(Txt__c, Num__c)`, `ADDMONTHS(Dt__c, Num__c)`,
	`/* c */ NOT ISPICKVAL(Pick__c, "")`, `INCLUDES(Multi__c, "x")`, `MOD(Num__c, 0.25) <> 0`,
	`VALUE(Txt__c) + Pct__c`, `IF(Chk__c, Dt__c - Dt2__c, NULL)`, `$Setup.Bypass__c.Disable_Validation__c`,
	`PRIORVALUE(Txt__c) <> Txt__c`, `LPAD(Txt__c, Num__c, Txt2__c)`, `ROUND(Num__c, Num2__c)`,
	`DATETIMEVALUE(Txt__c) + Num__c`, `TIMEVALUE(Txt__c) - Tm__c`, `FIND(Txt2__c, Txt__c, Num__c)`,
	`MID(Txt__c, Num__c, Num2__c)`, `CHR(Num__c) & INITCAP(Txt__c)`, `FORMATDURATION(Num__c, Chk__c)`,
}

// FuzzParse: the parser never panics, and whatever parses prints to text
// that parses to the same tree; checking and compiling never panic.
func FuzzParse(f *testing.F) {
	for _, s := range append(fuzzSeeds, roundTripSources...) {
		f.Add(s)
	}
	for _, r := range loadFormulaCorpusNoSkip() {
		f.Add(r.src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		fm, err := Parse(src)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error of type %T", err)
			}
			return
		}
		printed := Print(fm.Root)
		g, err := Parse(printed)
		if err != nil {
			t.Fatalf("printed form does not parse: %q → %q: %v", src, printed, err)
		}
		if !sameTree(fm.Root, g.Root) {
			t.Fatalf("round trip changed the tree: %q → %q", src, printed)
		}
		Walk(fm.Root, func(n Node) bool {
			if n.Start().Offset > n.End() || n.End() > len(src) {
				t.Fatalf("bad span %v..%d in %q", n.Start(), n.End(), src)
			}
			return true
		})
		for _, opts := range []Options{{Object: "Test__c", Schema: testSchema()}, {}} {
			if _, err := Compile(src, opts); err != nil {
				if _, ok := err.(*CheckError); !ok {
					t.Fatalf("Compile(%q): %v (%T): a formula that type-checks must translate", src, err, err)
				}
			}
		}
	})
}

// FuzzEval: compiled formulas evaluate (fully and partially) on arbitrary
// values without panicking; results are values or *EvalError.
func FuzzEval(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, "abc", 3.5, 2.0, true, int64(19000))
	}
	f.Add(`LEFT(Txt__c, Num__c)`, "héllo", -1e300, 1e300, false, int64(-5))
	s := testSchema()
	f.Fuzz(func(t *testing.T, src, text string, n1, n2 float64, b bool, days int64) {
		p, err := Compile(src, Options{Object: "Test__c", Schema: s})
		if err != nil {
			return
		}
		if days > 3e6 || days < -3e6 {
			days %= 3e6
		}
		day := time.Unix(days*86400, 0).UTC()
		in := &Input{Now: testNow, Mode: Mode(days & 1), Record: map[string]Value{
			"Txt__c": Text(text), "Txt2__c": Text(strings.ToUpper(text)), "Num__c": Number(n1), "Num2__c": Number(n2),
			"Pct__c": Number(n2), "Chk__c": Bool(b), "Dt__c": Value{Kind: KindDate, Time: day}, "Dt2__c": Null(),
			"DtTm__c": DateTime(day.Add(time.Duration(days) * time.Second)), "Tm__c": TimeOfDay(days % 86400000),
			"Pick__c": Text(text), "Multi__c": Text(text + ";x"),
		}, Prior: map[string]Value{"Txt__c": Text(strings.ToLower(text))}}
		v, err := p.Eval(in)
		if err != nil {
			if _, ok := err.(*EvalError); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
		} else if p.Type == TypeBoolean && v.Kind != KindBool && v.Kind != KindNull {
			t.Fatalf("boolean formula returned %s", describe(v))
		}
		if p.Type == TypeBoolean {
			if _, err := p.Fires(p.Bind(in)); err != nil {
				if _, ok := err.(*EvalError); !ok {
					t.Fatalf("Fires error of type %T", err)
				}
			}
			a := p.NewActivation()
			a.Set("Txt__c", Text(text))
			_, _ = p.Partial(a)
		}
	})
}
