package formula

import (
	"strings"
	"testing"
)

// recordValues are per-type record values a records pass binds, four per
// type so that successive evaluations see different values.
func recordValues(t Type) [4]Value {
	switch t {
	case TypeNumber:
		return [4]Value{Number(12), Number(250000), Null(), Number(0.5)}
	case TypeBoolean:
		return [4]Value{Bool(true), Bool(false), Bool(false), Bool(true)}
	case TypeDate:
		return [4]Value{Date(2024, 9, 1), Null(), Date(2020, 1, 31), Date(2025, 12, 24)}
	case TypeDateTime:
		return [4]Value{DateTime(testNow), Null(), DateTime(testNow.AddDate(-1, 0, 0)), DateTime(testNow.AddDate(0, 0, 3))}
	}
	return [4]Value{Text("Closed Lost"), Text(""), Text("94105"), Text("Acme, Inc.")}
}

// realRule is a compiled corpus rule with the fields a record fills.
type realRule struct {
	p      *Program
	a      *Activation
	paths  []string
	values [][4]Value
}

func realRules(b *testing.B) []realRule {
	var out []realRule
	for _, r := range loadFormulaCorpus(b) {
		p, err := Compile(r.src, Options{Object: r.object})
		if err != nil || p.Type != TypeBoolean {
			continue
		}
		rr := realRule{p: p, a: p.NewActivation()}
		rr.a.SetNow(testNow)
		rr.a.SetMode(ModeUpdate)
		for _, g := range p.Globals() {
			rr.a.Set(g.Path, Text("integration@acme.example"))
		}
		for _, f := range p.Fields() {
			if f.CrossObject {
				continue
			}
			rr.paths = append(rr.paths, strings.ToLower(f.Path))
			rr.values = append(rr.values, recordValues(f.Field.Type))
		}
		out = append(out, rr)
	}
	if len(out) == 0 {
		b.Skip("no corpus rule compiled")
	}
	return out
}

// BenchmarkRealRules is the records pass's evaluation on the real
// validation rules of shared/corpora/formulas, single core: per record,
// bind the converted value of every field the rule reads into the rule's
// reused activation, then evaluate. "fires" is a full evaluation (objects
// HubSpot creates); "partial" leaves the first field unknown and asks for
// the three-valued outcome (objects HubSpot only updates). The figures are
// per rule evaluation, binding included.
//
//	go test ./formula -run '^$' -bench RealRules -cpu 1
func BenchmarkRealRules(b *testing.B) {
	rules := realRules(b)
	for _, mode := range []string{"fires", "partial"} {
		b.Run(mode, func(b *testing.B) {
			b.ReportAllocs()
			evals := 0
			rec := 0
			for b.Loop() {
				rec++
				for i := range rules {
					r := &rules[i]
					for k, path := range r.paths {
						r.a.Set(path, r.values[k][(rec+k)&3])
					}
					if mode == "fires" {
						_, _ = r.p.Fires(r.a)
						continue
					}
					if len(r.paths) > 0 {
						r.a.SetUnknown(r.paths[0], false)
					}
					_, _ = r.p.PartialOutcome(r.a)
				}
				evals += len(rules)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(evals), "ns/eval")
			b.ReportMetric(float64(evals)/b.Elapsed().Seconds(), "evals/s")
			b.ReportMetric(float64(len(rules)), "rules")
		})
	}
}

// BenchmarkRealRulesBound is BenchmarkRealRules/fires binding the way a
// records pass serving many rules can: each record value is converted once
// (Bound, shared by every rule that reads the field) and bound through a
// slot looked up once (Program.Slot, Activation.SetSlot).
func BenchmarkRealRulesBound(b *testing.B) {
	rules := realRules(b)
	shared := map[string]*Bound{}
	type boundRule struct {
		slots []Slot
		vals  []*Bound
	}
	bound := make([]boundRule, len(rules))
	var all []*Bound
	var allValues [][4]Value
	for i, r := range rules {
		for k, p := range r.paths {
			bv := shared[p]
			if bv == nil {
				bv = NewBound(Null())
				shared[p] = bv
				all = append(all, bv)
				allValues = append(allValues, r.values[k])
			}
			bound[i].vals = append(bound[i].vals, bv)
			bound[i].slots = append(bound[i].slots, r.p.Slot(p))
		}
	}
	b.ReportAllocs()
	evals, rec := 0, 0
	for b.Loop() {
		rec++
		for k, bv := range all {
			bv.Reset(allValues[k][(rec+k)&3])
		}
		for i := range rules {
			r, br := &rules[i], &bound[i]
			for k, s := range br.slots {
				r.a.SetSlot(s, br.vals[k])
			}
			_, _ = r.p.Fires(r.a)
		}
		evals += len(rules)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(evals), "ns/eval")
	b.ReportMetric(float64(evals)/b.Elapsed().Seconds(), "evals/s")
}
